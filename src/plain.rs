//! Plain mode: for screen readers, scripts and terminals without cursor control. Each prompt is
//! printed once, in order, as plain lines; answers are read line by line from standard input.
//! No colour, no cursor movement, no redraws, no decoration characters.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::answer::{AnswerValue, Selection, parse_numbers, parse_yes_no};
use crate::lines::LineInput;
use crate::prompt::{
    Ask, BACK, END, FINISH, LineSink, LongAnswer, Nav, Prompter, RetiredItem, ReviewAction,
    ReviewItem, command,
};
use crate::questionnaire::{Kind, Questionnaire, Section};

const NAV_HINT: &str =
    "Type :back to go to the previous question, or :review to see all your answers.";

pub struct PlainPrompter<'a> {
    input: &'a mut dyn LineInput,
    out: &'a mut dyn Write,
}

enum Line<T> {
    Text(String),
    Command(Nav<T>),
}

impl<'a> PlainPrompter<'a> {
    pub fn new(input: &'a mut dyn LineInput, out: &'a mut dyn Write) -> Self {
        PlainPrompter { input, out }
    }

    fn say(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")?;
        self.out.flush()
    }

    /// The next line; the end of input is an error the wizard turns into "draft saved".
    fn line(&mut self) -> io::Result<String> {
        match self.input.read_line()? {
            Some(line) => Ok(line),
            None => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "end of input")),
        }
    }

    fn answer_line<T>(&mut self) -> io::Result<Line<T>> {
        let line = self.line()?;
        Ok(match command(&line) {
            Some(nav) => Line::Command(nav),
            None => Line::Text(line),
        })
    }

    fn question_heading(&mut self, ask: Ask<'_>) -> io::Result<()> {
        let q = ask.question;
        let required = if q.required { " (required)" } else { "" };
        self.say("")?;
        self.say(&format!(
            "Question {} of {}{required}: {}",
            ask.number, ask.total, q.prompt
        ))?;
        if let Some(help) = &q.help {
            self.say(help.trim())?;
        }
        Ok(())
    }
}

impl Prompter for PlainPrompter<'_> {
    fn welcome(&mut self, q: &Questionnaire) -> io::Result<()> {
        self.say(&q.title)?;
        self.say(&format!("From {}.", q.organisation))?;
        self.say("")?;
        self.say(q.intro.trim())?;
        self.say("")?;
        let minutes = q
            .estimated_minutes
            .map(|m| format!(" It takes about {m} minutes, and you can stop and come back at any time: every answer is saved as you give it."))
            .unwrap_or_default();
        self.say(&format!(
            "There are {} questions in {} sections.{minutes}",
            q.question_count(),
            q.sections.len()
        ))?;
        self.say(&format!(
            "Please send your response by {}.",
            q.return_to.deadline_text()
        ))?;
        self.say(
            "How to answer: one-line answers end when you press Enter. Long answers can have many lines and end with a line holding only a full stop (.). Press Enter on an empty line to skip a question that is not required, or to keep an answer you gave before.",
        )?;
        self.say(
            "Commands, each on a line by itself: :back goes to the previous question, :review shows all your answers, :clear removes an answer.",
        )
    }

    fn notice(&mut self, text: &str) -> io::Result<()> {
        self.say(text)
    }

    fn section(&mut self, number: usize, total: usize, section: &Section) -> io::Result<()> {
        self.say("")?;
        self.say(&format!("Section {number} of {total}: {}", section.title))?;
        if let Some(intro) = &section.intro {
            self.say(intro.trim())?;
        }
        Ok(())
    }

    fn text(&mut self, ask: Ask<'_>, current: Option<&str>) -> io::Result<Nav<AnswerValue>> {
        self.question_heading(ask)?;
        let what = match ask.question.kind {
            Kind::Email => "an email address",
            Kind::Phone => "a phone number",
            _ => "your answer",
        };
        loop {
            let keep = match current.filter(|c| !c.is_empty()) {
                Some(c) => format!(" Your answer so far is: {c}. Press Enter to keep it."),
                None if ask.question.required => String::new(),
                None => " Press Enter to skip.".to_string(),
            };
            self.say(&format!(
                "Type {what} on one line, then press Enter.{keep} {NAV_HINT}"
            ))?;
            match self.answer_line()? {
                Line::Command(nav) => return Ok(nav),
                Line::Text(t) if t.trim().is_empty() => return Ok(Nav::Keep),
                Line::Text(t) => match ask.question.check_text(&t) {
                    Ok(v) => return Ok(Nav::Answer(v)),
                    Err(problem) => self.say(&problem.0)?,
                },
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
        self.question_heading(ask)?;
        let mut answer = LongAnswer::new(unfinished);
        if let Some(u) = unfinished {
            self.say("You had started this answer before you stopped. What you wrote is below, and the lines you type now carry on from it.")?;
            self.say(u)?;
            self.say("End of what you wrote before.")?;
        } else if let Some(c) = current.filter(|c| !c.is_empty()) {
            self.say("Your answer so far is below.")?;
            self.say(c)?;
            self.say("End of your answer so far. To keep it, type a full stop (.) on its own line. To replace it, type a new answer. To remove it, type :clear.")?;
        }
        let skip = if ask.question.required || current.is_some_and(|c| !c.is_empty()) {
            ""
        } else {
            " To skip this question, type the full stop straight away."
        };
        self.say(&format!(
            "Write your answer over as many lines as you like. When you have finished, type a line with only a full stop (.) and press Enter.{skip} {NAV_HINT}"
        ))?;
        loop {
            let line = match self.input.read_line()? {
                Some(line) => line,
                // The end of input ends the answer too; what follows finds it ended.
                None if answer.is_empty() => {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "end of input"));
                }
                None => break,
            };
            if line == END {
                break;
            }
            // Commands count only as the first line typed.
            if answer.at_start()
                && let Some(nav) = command(&line)
            {
                return Ok(nav);
            }
            answer.push(&line);
            let more = self.input.more_waiting();
            sink.progress(answer.text(), more);
        }
        Ok(answer.finish())
    }

    fn yes_no(&mut self, ask: Ask<'_>, current: Option<bool>) -> io::Result<Nav<bool>> {
        self.question_heading(ask)?;
        loop {
            let keep = match current {
                Some(b) => format!(
                    " Your answer so far is {}. Press Enter to keep it.",
                    if b { "yes" } else { "no" }
                ),
                None => String::new(),
            };
            self.say(&format!(
                "Type y for yes or n for no, then press Enter. (y/n){keep} {NAV_HINT}"
            ))?;
            match self.answer_line()? {
                Line::Command(nav) => return Ok(nav),
                Line::Text(t) if t.trim().is_empty() => return Ok(Nav::Keep),
                Line::Text(t) => match parse_yes_no(&t) {
                    Ok(b) => return Ok(Nav::Answer(b)),
                    Err(problem) => self.say(&problem.0)?,
                },
            }
        }
    }

    fn choice(&mut self, ask: Ask<'_>, current: Option<&Selection>) -> io::Result<Nav<Selection>> {
        self.question_heading(ask)?;
        let q = ask.question;
        let labels = q.option_labels();
        let multiple = matches!(q.kind, Kind::Choice { multiple: true, .. });
        for (i, label) in labels.iter().enumerate() {
            self.say(&format!("{}. {label}", i + 1))?;
        }
        loop {
            let how = if multiple {
                "Type the numbers of all that apply, separated by commas, then press Enter."
            } else {
                "Type the number of your choice, then press Enter."
            };
            let keep = match current {
                Some(s) => {
                    let numbers: Vec<String> = q
                        .selection_indexes(s)
                        .iter()
                        .map(|i| (i + 1).to_string())
                        .collect();
                    format!(
                        " Your answer so far is {}. Press Enter to keep it.",
                        numbers.join(", ")
                    )
                }
                None if q.required => String::new(),
                None => " Press Enter to skip.".to_string(),
            };
            self.say(&format!("{how}{keep} {NAV_HINT}"))?;
            let text = match self.answer_line()? {
                Line::Command(nav) => return Ok(nav),
                Line::Text(t) if t.trim().is_empty() => return Ok(Nav::Keep),
                Line::Text(t) => t,
            };
            let indexes = match parse_numbers(&text, labels.len()) {
                Ok(ix) => ix,
                Err(problem) => {
                    self.say(&problem.0)?;
                    continue;
                }
            };
            let other_index = labels.len().saturating_sub(1);
            let wants_other = q.option_count() > 0
                && matches!(&q.kind, Kind::Choice { other: Some(_), .. })
                && indexes.contains(&other_index);
            let other = if wants_other {
                let before = current.and_then(|s| s.other.clone());
                let keep = before
                    .as_ref()
                    .map(|b| format!(" You wrote before: {b}. Press Enter to keep it."))
                    .unwrap_or_default();
                self.say(&format!(
                    "Please describe \"other\" in a few words on one line, then press Enter.{keep}"
                ))?;
                let line = self.line()?;
                if line.trim().is_empty() {
                    before
                } else {
                    Some(line)
                }
            } else {
                None
            };
            match q.selection(&indexes, other) {
                Ok(s) => return Ok(Nav::Answer(s)),
                Err(problem) => self.say(&problem.0)?,
            }
        }
    }

    fn review(
        &mut self,
        items: &[ReviewItem],
        retired: &[RetiredItem],
        answered: usize,
    ) -> io::Result<ReviewAction> {
        self.say("")?;
        self.say(&format!(
            "Review of your answers: {answered} of {} questions answered.",
            items.len()
        ))?;
        let mut section = 0;
        for item in items {
            if item.section_number != section {
                section = item.section_number;
                self.say(&format!("Section {section}: {}", item.section))?;
            }
            let required = if item.required { " (required)" } else { "" };
            let answer = match &item.preview {
                Some(p) => format!("Answer: {p}"),
                None => "Not answered.".to_string(),
            };
            self.say(&format!(
                "{}. {}{required} {answer}",
                item.index + 1,
                item.question.trim_end_matches(':')
            ))?;
        }
        if !retired.is_empty() {
            self.say(
                "Answers to questions no longer asked, which are kept and sent with your response:",
            )?;
            for r in retired {
                self.say(&format!("{}: {}", r.question, r.preview))?;
            }
        }
        loop {
            self.say(&format!(
                "To change an answer, type its question number. To finish, type {FINISH}. To go back to the last question, type {BACK}."
            ))?;
            let line = self.line()?;
            let t = line.trim().to_lowercase();
            if t == FINISH {
                return Ok(ReviewAction::Finish);
            }
            if t == BACK {
                return Ok(ReviewAction::Back);
            }
            match t.parse::<usize>() {
                Ok(n) if n >= 1 && n <= items.len() => return Ok(ReviewAction::Edit(n - 1)),
                _ => self.say(&format!(
                    "Please type a number from 1 to {}, or {FINISH}, or {BACK}.",
                    items.len()
                ))?,
            }
        }
    }

    fn confirm(&mut self, text: &str) -> io::Result<bool> {
        loop {
            self.say(&format!(
                "{text} Type y for yes or n for no, then press Enter. (y/n)"
            ))?;
            match parse_yes_no(&self.line()?) {
                Ok(b) => return Ok(b),
                Err(problem) => self.say(&problem.0)?,
            }
        }
    }

    fn select(&mut self, text: &str, options: &[String]) -> io::Result<Option<usize>> {
        self.say(text)?;
        for (i, o) in options.iter().enumerate() {
            self.say(&format!("{}. {o}", i + 1))?;
        }
        loop {
            self.say("Type a number, then press Enter. Press Enter alone to cancel.")?;
            let line = self.line()?;
            if line.trim().is_empty() {
                return Ok(None);
            }
            match parse_numbers(&line, options.len()) {
                Ok(ix) if ix.len() == 1 => return Ok(Some(ix[0])),
                Ok(_) => self.say("Please type just one number.")?,
                Err(problem) => self.say(&problem.0)?,
            }
        }
    }

    fn ask_path(&mut self, text: &str) -> io::Result<Option<PathBuf>> {
        self.say(text)?;
        let line = self.line()?;
        let t = line.trim();
        Ok((!t.is_empty()).then(|| PathBuf::from(t)))
    }
}
