//! Plain mode: for screen readers, scripts and terminals without cursor control. Each prompt is
//! printed once, in order, as plain lines; answers are read line by line from standard input.
//! No colour, no cursor movement, no redraws, no decoration characters.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::answer::{AnswerValue, Selection, parse_numbers, parse_yes_no};
use crate::lines::LineInput;
use crate::preview::preview;
use crate::prompt::{
    Ask, BACK, END, FINISH, Prompter, Reply, Review, ReviewAction, TextKeeper, command,
};
use crate::questionnaire::{Kind, Questionnaire, Section};

const NAV_HINT: &str =
    "Type :back to go to the previous question, or :review to see all your answers.";

/// How wide a preview of an answer is at the review.
const PREVIEW_WIDTH: usize = 60;

pub struct PlainPrompter<'a> {
    input: &'a mut dyn LineInput,
    out: &'a mut dyn Write,
    /// How to write a long answer has been said in full once.
    long_explained: bool,
}

enum Line<T> {
    Text(String),
    Command(Reply<T>),
}

impl<'a> PlainPrompter<'a> {
    pub fn new(input: &'a mut dyn LineInput, out: &'a mut dyn Write) -> Self {
        PlainPrompter {
            input,
            out,
            long_explained: false,
        }
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
            Some(reply) => Line::Command(reply),
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

    /// Reads a yes or no, typed after the question appeared; `None` for an empty line.
    fn typed_yes_no<T>(&mut self) -> io::Result<Result<Option<bool>, Reply<T>>> {
        loop {
            match self.answer_line()? {
                Line::Command(reply) => return Ok(Err(reply)),
                Line::Text(t) if t.trim().is_empty() => return Ok(Ok(None)),
                Line::Text(t) => match parse_yes_no(&t) {
                    Ok(b) => return Ok(Ok(Some(b))),
                    Err(problem) => {
                        self.say(&problem.0)?;
                        self.say("Type y for yes or n for no, then press Enter. (y/n)")?;
                    }
                },
            }
        }
    }
}

fn yes_or_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

impl Prompter for PlainPrompter<'_> {
    fn welcome(&mut self, q: &Questionnaire, resume_hint: &str) -> io::Result<()> {
        self.say(&q.title)?;
        self.say(&format!("From {}.", q.organisation))?;
        self.say("")?;
        self.say(q.intro.trim())?;
        self.say("")?;
        self.say(&format!(
            "{} You can stop at any time and come back: every answer is saved as you give it. To carry on later, run: {resume_hint}",
            crate::wording::size(q)
        ))?;
        self.say(&crate::wording::deadline(
            q,
            crate::response::today(),
            "your response",
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

    fn text(
        &mut self,
        ask: Ask<'_>,
        current: Option<&str>,
        unfinished: Option<&str>,
        _keeper: &mut dyn TextKeeper,
    ) -> io::Result<Reply<AnswerValue>> {
        self.question_heading(ask)?;
        let what = match ask.question.kind {
            Kind::Email => "an email address",
            Kind::Phone => "a phone number",
            _ => "your answer",
        };
        // Text typed before the program stopped counts as the answer so far.
        let kept = unfinished.or(current).filter(|c| !c.is_empty());
        loop {
            let keep = match kept {
                Some(c) => format!(" Your answer so far is: {c}. Press Enter to keep it."),
                None if ask.question.required => String::new(),
                None => " Press Enter to skip.".to_string(),
            };
            self.say(&format!(
                "Type {what} on one line, then press Enter.{keep} {NAV_HINT}"
            ))?;
            let typed = match self.answer_line()? {
                Line::Command(reply) => return Ok(reply),
                Line::Text(t) if t.trim().is_empty() => match unfinished {
                    Some(u) if !u.trim().is_empty() => u.to_string(),
                    _ => return Ok(Reply::keep()),
                },
                Line::Text(t) => t,
            };
            match ask.question.check_text(&typed) {
                Ok(v) => return Ok(Reply::answer(v)),
                Err(problem) => self.say(&problem.0)?,
            }
        }
    }

    fn long_text(
        &mut self,
        ask: Ask<'_>,
        current: Option<&str>,
        unfinished: Option<&str>,
        keeper: &mut dyn TextKeeper,
    ) -> io::Result<Reply<String>> {
        self.question_heading(ask)?;
        let mut answer = String::new();
        if let Some(u) = unfinished {
            self.say("You had started this answer before you stopped. What you wrote is below, and the lines you type now carry on from it.")?;
            self.say(u)?;
            self.say("End of what you wrote before.")?;
            answer.push_str(u);
        } else if let Some(c) = current.filter(|c| !c.is_empty()) {
            self.say("Your answer so far is below.")?;
            self.say(c)?;
            self.say("End of your answer so far. To keep it, type a full stop (.) on its own line. To replace it, type a new answer. To remove it, type :clear.")?;
        }
        let carried = !answer.is_empty();
        let skip = if ask.question.required || current.is_some_and(|c| !c.is_empty()) || carried {
            ""
        } else {
            " To skip this question, type the full stop straight away."
        };
        if std::mem::replace(&mut self.long_explained, true) {
            self.say(&format!(
                "Write your answer, then a line with only a full stop (.).{skip}"
            ))?;
        } else {
            self.say(&format!(
                "Write your answer over as many lines as you like. When you have finished, type a line with only a full stop (.) and press Enter.{skip} {NAV_HINT}"
            ))?;
        }
        let mut typed_lines = 0usize;
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
            if typed_lines == 0
                && let Some(reply) = command(&line)
            {
                return Ok(match (reply.go, carried) {
                    // Leaving keeps what was written before the program stopped.
                    (go, true) if reply.change == crate::prompt::Change::Unchanged => Reply {
                        change: crate::prompt::Change::Answer(answer),
                        go,
                    },
                    _ => reply,
                });
            }
            if !answer.is_empty() || typed_lines > 0 {
                answer.push('\n');
            }
            answer.push_str(&line);
            typed_lines += 1;
            // A script's lines (or a paste) arrive faster than they are worth saving one by
            // one: hand the text over when no whole line is waiting, or when it is due.
            if !self.input.line_waiting() || keeper.due() {
                keeper.keep(&answer);
            }
        }
        Ok(if answer.trim().is_empty() {
            Reply::keep()
        } else {
            Reply::answer(answer)
        })
    }

    fn yes_no(
        &mut self,
        ask: Ask<'_>,
        current: Option<bool>,
        offered: Option<bool>,
    ) -> io::Result<Reply<bool>> {
        self.question_heading(ask)?;
        let keep = match (current, offered) {
            (Some(b), _) => format!(
                " Your answer so far is {}. Press Enter to keep it.",
                yes_or_no(b)
            ),
            (None, Some(b)) => format!(" Press Enter for {}.", yes_or_no(b)),
            (None, None) => String::new(),
        };
        self.say(&format!(
            "Type y for yes or n for no, then press Enter. (y/n){keep} {NAV_HINT}"
        ))?;
        // Only what is typed after the question appeared may answer it.
        self.input.discard_typed_ahead();
        Ok(match self.typed_yes_no()? {
            Err(reply) => reply,
            Ok(Some(b)) => Reply::answer(b),
            Ok(None) => match (current, offered) {
                (None, Some(b)) => Reply::answer(b),
                _ => Reply::keep(),
            },
        })
    }

    fn choice(
        &mut self,
        ask: Ask<'_>,
        current: Option<&Selection>,
    ) -> io::Result<Reply<Selection>> {
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
                Line::Command(reply) => return Ok(reply),
                Line::Text(t) if t.trim().is_empty() => return Ok(Reply::keep()),
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
                    "Please describe \"other\" in a few words on one line, then press Enter.{keep} To choose again, type :back."
                ))?;
                let line = self.line()?;
                if command::<()>(&line).is_some_and(|r| r.go == crate::prompt::Go::Back) {
                    continue;
                }
                if line.trim().is_empty() {
                    before
                } else {
                    Some(line)
                }
            } else {
                None
            };
            match q.selection(&indexes, other) {
                Ok(s) => return Ok(Reply::answer(s)),
                Err(problem) => self.say(&problem.0)?,
            }
        }
    }

    fn review(&mut self, review: &Review) -> io::Result<ReviewAction> {
        self.say("")?;
        let total = review.items.len();
        let missing = match review.missing_required {
            0 => String::new(),
            1 => " 1 required question still needs an answer.".to_string(),
            n => format!(" {n} required questions still need an answer."),
        };
        self.say(&format!(
            "Review of your answers: {} of {total} questions answered.{missing}",
            review.answered
        ))?;
        let mut section = 0;
        for item in &review.items {
            if item.section_number != section {
                section = item.section_number;
                self.say(&format!("Section {section}: {}", item.section))?;
            }
            let required = if item.required { " (required)" } else { "" };
            let answer = match &item.answer {
                Some(a) => format!("Answer: {}", preview(a, PREVIEW_WIDTH)),
                None => "Not answered.".to_string(),
            };
            self.say(&format!(
                "{}. {}{required} {answer}",
                item.index + 1,
                item.question.trim_end_matches(':')
            ))?;
        }
        if !review.retired.is_empty() {
            self.say(
                "Answers to questions no longer asked, which are kept and sent with your response:",
            )?;
            for r in &review.retired {
                self.say(&format!(
                    "{}: {}",
                    preview(&r.question, PREVIEW_WIDTH),
                    preview(&r.answer, PREVIEW_WIDTH)
                ))?;
            }
        }
        let back_to = match review.came_from {
            Some(i) => format!("go back to question {}", i + 1),
            None => "go back to the last question".to_string(),
        };
        loop {
            self.say(&format!(
                "To change an answer, type its question number. To finish, type {FINISH}. To {back_to}, type {BACK}."
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
                Ok(n) if n >= 1 && n <= total => return Ok(ReviewAction::Edit(n - 1)),
                _ => self.say(&format!(
                    "Please type a number from 1 to {total}, or {FINISH}, or {BACK}."
                ))?,
            }
        }
    }

    fn confirm(&mut self, text: &str) -> io::Result<bool> {
        self.input.discard_typed_ahead();
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
