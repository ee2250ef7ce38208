//! The interactive terminal: the only place that talks to dialoguer and console.
//!
//! Short answers, choices and the review use dialoguer. Long answers are read as plain lines in
//! the terminal's normal (canonical) mode until a line holding only `.`, so that pasted
//! paragraphs arrive whole and never spill into the next prompt. `$EDITOR` is the second way in.
//! Yes/no answers are typed and confirmed with Enter, after pending input is flushed, so that
//! stray or pasted keys cannot answer them.

use std::io;
use std::os::fd::AsFd;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use console::{Term, style};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, MultiSelect, Select};

use crate::active_draft::Shared;
use crate::answer::{AnswerValue, Selection, parse_yes_no};
use crate::lines::{LineInput, StdinLines};
use crate::prompt::{
    Ask, EDIT, END, LineSink, LongAnswer, Nav, Prompter, RetiredItem, ReviewAction, ReviewItem,
    command,
};
use crate::questionnaire::{Kind, Questionnaire, Section};

const TEXT_HINT: &str = "Type :back for the previous question, :review to see all your answers.";

pub struct TerminalPrompter {
    term: Term,
    lines: StdinLines,
    theme: Box<dyn Theme>,
    /// The draft, so that text in an open editor can be saved if the program is stopped.
    active: Option<Shared>,
}

fn dialoguer_io(e: dialoguer::Error) -> io::Error {
    match e {
        dialoguer::Error::IO(e) => e,
    }
}

impl TerminalPrompter {
    pub fn new() -> io::Result<TerminalPrompter> {
        let term = Term::stderr();
        let theme: Box<dyn Theme> = if console::colors_enabled_stderr() {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        Ok(TerminalPrompter {
            term,
            lines: StdinLines::new()?,
            theme,
            active: None,
        })
    }

    fn width(&self) -> usize {
        let (_, cols) = self.term.size();
        usize::from(cols).clamp(20, 100)
    }

    /// Text wrapped to the terminal: paragraphs kept, an indented line's continuation indented
    /// a little further, and no word split at a hyphen (file names and commands have them).
    fn wrapped(&self, text: &str) -> Vec<String> {
        let width = self.width();
        let mut out = Vec::new();
        for paragraph in text.split('\n') {
            if paragraph.is_empty() {
                out.push(String::new());
                continue;
            }
            let indent = &paragraph[..paragraph.len() - paragraph.trim_start().len()];
            let hanging = if indent.is_empty() {
                String::new()
            } else {
                format!("{indent}  ")
            };
            let options = textwrap::Options::new(width)
                .subsequent_indent(&hanging)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            out.extend(
                textwrap::wrap(paragraph, options)
                    .into_iter()
                    .map(|l| l.into_owned()),
            );
        }
        out
    }

    fn say(&self, text: &str) -> io::Result<()> {
        for line in self.wrapped(text) {
            self.term.write_line(&line)?;
        }
        Ok(())
    }

    fn dim(&self, text: &str) -> io::Result<()> {
        for line in self.wrapped(text) {
            self.term.write_line(&style(line).dim().to_string())?;
        }
        Ok(())
    }

    fn heading(&self, ask: Ask<'_>) -> io::Result<()> {
        let q = ask.question;
        self.term.write_line("")?;
        let required = if q.required { " (required)" } else { "" };
        self.dim(&format!(
            "Question {} of {}{required}",
            ask.number, ask.total
        ))?;
        self.say(&style(&q.prompt).bold().to_string())?;
        if let Some(help) = &q.help {
            self.dim(help.trim())?;
        }
        Ok(())
    }

    /// A one-line answer through dialoguer, starting from `initial`.
    fn input_line(&self, prompt: &str, initial: &str) -> io::Result<String> {
        let mut input = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .allow_empty(true);
        if !initial.is_empty() {
            input = input.with_initial_text(initial);
        }
        input.interact_text_on(&self.term).map_err(dialoguer_io)
    }

    /// Throws away keys typed or pasted before a question that must be answered deliberately.
    fn flush_pending_input(&mut self) {
        let stdin = io::stdin();
        for _ in 0..10 {
            let _ =
                nix::sys::termios::tcflush(stdin.as_fd(), nix::sys::termios::FlushArg::TCIFLUSH);
            std::thread::sleep(Duration::from_millis(30));
            if !self.lines.more_waiting() {
                break;
            }
        }
    }

    /// A typed yes/no, confirmed with Enter. `None` for an empty answer.
    fn typed_yes_no(&mut self, prompt: &str, current: Option<bool>) -> io::Result<Nav<bool>> {
        self.flush_pending_input();
        loop {
            let keep = match current {
                Some(b) => format!(
                    " Your answer so far is {}; press Enter to keep it.",
                    if b { "yes" } else { "no" }
                ),
                None => String::new(),
            };
            self.dim(&format!("Type yes or no, then press Enter.{keep}"))?;
            let line = self.input_line(prompt, "")?;
            if let Some(nav) = command(&line) {
                return Ok(nav);
            }
            if line.trim().is_empty() {
                return Ok(Nav::Keep);
            }
            match parse_yes_no(&line) {
                Ok(b) => {
                    self.dim(&format!("You answered: {}", if b { "yes" } else { "no" }))?;
                    return Ok(Nav::Answer(b));
                }
                Err(p) => self.say(&p.0)?,
            }
        }
    }

    /// Opens the respondent's editor on `text`; `None` when there is no editor or it failed
    /// (in which case the text is unchanged and the reason has been shown).
    fn edit_in_editor(&mut self, question_id: &str, text: &str) -> io::Result<Option<String>> {
        let editor = ["VISUAL", "EDITOR"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|e| !e.trim().is_empty());
        let Some(editor) = editor else {
            self.say("No text editor is set up. To use one, set EDITOR (for example EDITOR=nano) and start again. You can carry on typing here.")?;
            return Ok(None);
        };
        let dir = match &self.active {
            Some(a) => a.lock().store.dir().to_path_buf(),
            None => std::env::temp_dir(),
        };
        let file = tempfile::Builder::new()
            .prefix(".ndti-respond-tmp-edit-")
            .suffix(".txt")
            .tempfile_in(&dir)?;
        std::fs::write(file.path(), text)?;
        let path = file.path().to_path_buf();
        if let Some(a) = &self.active {
            let mut a = a.lock();
            a.editor_file = Some(path.clone());
            a.editor_question = Some(question_id.to_string());
        }
        self.dim(&format!(
            "Opening your editor ({editor}). Save and close it to come back here."
        ))?;
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("sh")
            .arg(&path)
            .status();
        // An editor ended by Ctrl-C, SIGTERM or SIGHUP means the program is being stopped too:
        // what the editor wrote goes into the draft here, whichever thread gets there first,
        // rather than being thrown away with the temporary file.
        let stopped = status
            .as_ref()
            .ok()
            .and_then(|s| s.signal())
            .is_some_and(|sig| {
                use nix::sys::signal::Signal;
                [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP]
                    .contains(&Signal::try_from(sig).unwrap_or(Signal::SIGKILL))
            });
        if stopped && let Some(a) = &self.active {
            a.lock().salvage_editor_file();
            drop(file);
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "stopped while the editor was open",
            ));
        }
        let result = std::fs::read_to_string(&path);
        if let Some(a) = &self.active {
            let mut a = a.lock();
            a.editor_file = None;
            a.editor_question = None;
        }
        drop(file);
        match status {
            Ok(s) if s.success() => match result {
                Ok(edited) => Ok(Some(edited.trim_end_matches('\n').to_string())),
                Err(e) => {
                    self.say(&format!(
                        "Your editor's text could not be read ({e}); your answer is unchanged."
                    ))?;
                    Ok(None)
                }
            },
            Ok(_) => {
                self.say("Your editor closed with an error, so your answer is unchanged.")?;
                Ok(None)
            }
            Err(e) => {
                self.say(&format!(
                    "Your editor ({editor}) could not be started: {e}. Your answer is unchanged."
                ))?;
                Ok(None)
            }
        }
    }
}

impl Prompter for TerminalPrompter {
    fn welcome(&mut self, q: &Questionnaire) -> io::Result<()> {
        self.term.write_line("")?;
        self.say(&style(&q.title).bold().to_string())?;
        self.dim(&q.organisation)?;
        self.term.write_line("")?;
        self.say(q.intro.trim())?;
        self.term.write_line("")?;
        let minutes = q
            .estimated_minutes
            .map(|m| format!(" It takes about {m} minutes."))
            .unwrap_or_default();
        self.say(&format!(
            "There are {} questions in {} sections.{minutes} Every answer is saved as you give it: you can stop at any time (Ctrl-C) and carry on later with `ndti-respond resume`.",
            q.question_count(),
            q.sections.len()
        ))?;
        self.say(&format!(
            "Please send your response by {}.",
            style(q.return_to.deadline_text()).bold()
        ))?;
        self.dim("Press Enter on an empty answer to skip a question that is not required. Type :back to go to the previous question and :review to see all your answers.")?;
        self.say(&style("Press Enter to begin.").bold().to_string())?;
        // Whatever is typed here only starts the questions.
        self.lines.read_line()?;
        Ok(())
    }

    fn notice(&mut self, text: &str) -> io::Result<()> {
        self.say(&style(text).yellow().to_string())
    }

    fn info(&mut self, text: &str) -> io::Result<()> {
        self.say(text)
    }

    fn attach_draft(&mut self, active: Shared) {
        self.active = Some(active);
    }

    fn section(&mut self, number: usize, total: usize, section: &Section) -> io::Result<()> {
        self.term.write_line("")?;
        let title = format!("Section {number} of {total}: {}", section.title);
        let rule = "=".repeat(console::measure_text_width(&title).min(self.width()));
        self.say(&style(&title).bold().cyan().to_string())?;
        self.term.write_line(&style(rule).cyan().to_string())?;
        if let Some(intro) = &section.intro {
            self.say(intro.trim())?;
        }
        Ok(())
    }

    fn text(&mut self, ask: Ask<'_>, current: Option<&str>) -> io::Result<Nav<AnswerValue>> {
        self.heading(ask)?;
        let skip = if ask.question.required || current.is_some() {
            ""
        } else {
            " Press Enter to skip."
        };
        self.dim(&format!("{TEXT_HINT}{skip}"))?;
        let mut typed = current.unwrap_or("").to_string();
        loop {
            typed = self.input_line("Your answer", &typed)?;
            if let Some(nav) = command(&typed) {
                return Ok(nav);
            }
            if typed.trim().is_empty() {
                return Ok(Nav::Keep);
            }
            match ask.question.check_text(&typed) {
                Ok(v) => return Ok(Nav::Answer(v)),
                // The text stays, to be corrected rather than typed again.
                Err(p) => self.say(&style(&p.0).yellow().to_string())?,
            }
        }
    }

    fn long_text(
        &mut self,
        ask: Ask<'_>,
        current: Option<&str>,
        unfinished: Option<&str>,
        sink: &mut dyn LineSink,
    ) -> io::Result<Nav<String>> {
        self.heading(ask)?;
        let mut answer = LongAnswer::new(unfinished);
        if let Some(u) = unfinished {
            self.say(
                "You had started this answer; here it is. What you type now carries on from it.",
            )?;
            self.term.write_line(u)?;
        } else if let Some(c) = current.filter(|c| !c.is_empty()) {
            self.say("Your answer so far:")?;
            self.term.write_line(&style(c).italic().to_string())?;
            self.dim("To keep it, type . on its own line. To replace it, type a new answer. To change it in your editor, type :edit. To remove it, type :clear.")?;
        }
        let skip = if ask.question.required
            || current.is_some_and(|c| !c.is_empty())
            || !answer.is_empty()
        {
            ""
        } else {
            " To skip, type . straight away."
        };
        self.dim(&format!(
            "Type or paste your answer; it can be many lines and paragraphs. When you have finished, type a line with just a full stop (.) and press Enter (or press Ctrl-D).{skip} Type :edit to write it in your editor instead. {TEXT_HINT}"
        ))?;
        // The end of input (Ctrl-D) finishes the answer too.
        while let Some(line) = self.lines.read_line()? {
            if line == END {
                break;
            }
            if line.trim() == EDIT {
                let base = if answer.is_empty() {
                    current.unwrap_or("").to_string()
                } else {
                    answer.text().to_string()
                };
                match self.edit_in_editor(&ask.question.id, &base)? {
                    Some(edited) if edited.trim().is_empty() => return Ok(Nav::Keep),
                    Some(edited) => return Ok(Nav::Answer(edited)),
                    None => {
                        self.dim("Carry on typing here; finish with a line holding only a full stop (.).")?;
                        continue;
                    }
                }
            }
            if answer.at_start()
                && let Some(nav) = command(&line)
            {
                return Ok(nav);
            }
            answer.push(&line);
            let more = self.lines.more_waiting();
            sink.progress(answer.text(), more);
        }
        Ok(answer.finish())
    }

    fn yes_no(&mut self, ask: Ask<'_>, current: Option<bool>) -> io::Result<Nav<bool>> {
        self.heading(ask)?;
        self.typed_yes_no("Yes or no", current)
    }

    fn choice(&mut self, ask: Ask<'_>, current: Option<&Selection>) -> io::Result<Nav<Selection>> {
        self.heading(ask)?;
        let q = ask.question;
        let labels = q.option_labels();
        let width = self.width().saturating_sub(6);
        let shown: Vec<String> = labels
            .iter()
            .map(|l| console::truncate_str(l, width, "...").into_owned())
            .collect();
        let current_ix = current.map(|s| q.selection_indexes(s)).unwrap_or_default();
        let multiple = matches!(q.kind, Kind::Choice { multiple: true, .. });
        let chosen: Vec<usize> = if multiple {
            self.dim("Up and down arrows to move, Space to tick or untick, Enter when done, Esc to go back.")?;
            let defaults: Vec<bool> = (0..labels.len()).map(|i| current_ix.contains(&i)).collect();
            match MultiSelect::with_theme(self.theme.as_ref())
                .with_prompt("Tick all that apply")
                .items(&shown)
                .defaults(&defaults)
                .interact_on_opt(&self.term)
                .map_err(dialoguer_io)?
            {
                Some(ix) => ix,
                None => return Ok(Nav::Back),
            }
        } else {
            self.dim("Up and down arrows to move, Enter to choose, Esc to go back.")?;
            let mut select = Select::with_theme(self.theme.as_ref())
                .with_prompt("Choose one")
                .items(&shown);
            if let Some(&i) = current_ix.first() {
                select = select.default(i);
            }
            match select.interact_on_opt(&self.term).map_err(dialoguer_io)? {
                Some(i) => vec![i],
                None => return Ok(Nav::Back),
            }
        };
        if chosen.is_empty() {
            return Ok(Nav::Keep);
        }
        let has_other = matches!(&q.kind, Kind::Choice { other: Some(_), .. });
        let other = if has_other && chosen.contains(&(labels.len() - 1)) {
            let before = current.and_then(|s| s.other.clone()).unwrap_or_default();
            let mut typed = before;
            loop {
                typed = self.input_line("Please describe \"other\" in a few words", &typed)?;
                if !typed.trim().is_empty() {
                    break Some(typed.clone());
                }
                self.say("A few words are enough.")?;
            }
        } else {
            None
        };
        match q.selection(&chosen, other) {
            Ok(s) => Ok(Nav::Answer(s)),
            Err(p) => {
                self.say(&p.0)?;
                Ok(Nav::Keep)
            }
        }
    }

    fn review(
        &mut self,
        items: &[ReviewItem],
        retired: &[RetiredItem],
        answered: usize,
    ) -> io::Result<ReviewAction> {
        self.term.write_line("")?;
        self.say(
            &style(format!(
                "Review: {answered} of {} questions answered",
                items.len()
            ))
            .bold()
            .to_string(),
        )?;
        if !retired.is_empty() {
            self.say("Answers to questions no longer asked (kept, and sent with your response):")?;
            for r in retired {
                self.dim(&format!("  {}: {}", r.question, r.preview))?;
            }
        }
        self.dim("Choose a question to change its answer, or finish. Up and down arrows to move, Enter to choose.")?;
        let width = self.width().saturating_sub(6);
        let question_width = (width * 2 / 5).max(12);
        let mut options = vec!["Finish and write my response".to_string()];
        for item in items {
            let answer = match &item.preview {
                Some(p) => p.clone(),
                None if item.required => "not answered (required)".to_string(),
                None => "not answered".to_string(),
            };
            let question =
                console::truncate_str(item.question.trim_end_matches(':'), question_width, "...");
            let line = format!("{:>2}. {question}: {answer}", item.index + 1);
            options.push(console::truncate_str(&line, width, "...").into_owned());
        }
        options.push("Go back to the last question".to_string());
        let choice = Select::with_theme(self.theme.as_ref())
            .with_prompt("Your answers")
            .items(&options)
            .default(0)
            .interact_on_opt(&self.term)
            .map_err(dialoguer_io)?;
        Ok(match choice {
            Some(0) => ReviewAction::Finish,
            Some(i) if i == options.len() - 1 => ReviewAction::Back,
            Some(i) => ReviewAction::Edit(items[i - 1].index),
            None => ReviewAction::Back,
        })
    }

    fn confirm(&mut self, text: &str) -> io::Result<bool> {
        self.say(text)?;
        loop {
            match self.typed_yes_no("Yes or no", None)? {
                Nav::Answer(b) => return Ok(b),
                _ => self.say("Please type yes or no.")?,
            }
        }
    }

    fn select(&mut self, text: &str, options: &[String]) -> io::Result<Option<usize>> {
        Select::with_theme(self.theme.as_ref())
            .with_prompt(text)
            .items(options)
            .default(0)
            .interact_on_opt(&self.term)
            .map_err(dialoguer_io)
    }

    fn ask_path(&mut self, text: &str) -> io::Result<Option<PathBuf>> {
        self.say(text)?;
        let line = self.input_line("Folder", "")?;
        let t = line.trim();
        Ok((!t.is_empty()).then(|| PathBuf::from(t)))
    }
}
