//! Plain mode: for screen readers, scripts and terminals without cursor control. Each prompt is
//! printed once, in order, as plain lines; answers are read line by line from standard input.
//! No colour, no cursor movement, no redraws, no decoration characters.
//!
//! This file holds the line reading and writing; each kind of question's prompt is in its own
//! file under `field/`, beside its terminal page.

use std::io::Write;
use std::path::PathBuf;

use crate::answer::{AnswerValue, Selection};
use crate::field;
use crate::lines::LineInput;
use crate::prompt::{Ask, Prompter, Reply, Review, ReviewAction, TextKeeper, command};
use crate::prompt::{PromptError, PromptResult};
use crate::questionnaire::{Questionnaire, Section};

/// How to move about, said with most prompts.
pub(crate) const NAV_HINT: &str =
    "Type :back to go to the previous question, or :review to see all your answers.";

pub struct PlainPrompter<'a> {
    pub(crate) input: &'a mut dyn LineInput,
    out: &'a mut dyn Write,
    /// How to write a long answer has been said in full once.
    pub(crate) long_explained: bool,
}

/// A line read at a question: text, or one of the commands.
pub(crate) enum Line<T> {
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

    pub(crate) fn say(&mut self, text: &str) -> PromptResult<()> {
        writeln!(self.out, "{text}")?;
        Ok(self.out.flush()?)
    }

    /// The next line; the end of input is an error the wizard turns into "draft saved".
    pub(crate) fn line(&mut self) -> PromptResult<String> {
        match self.input.read_line()? {
            Some(line) => Ok(line),
            None => Err(PromptError::InputEnded),
        }
    }

    pub(crate) fn answer_line<T>(&mut self) -> PromptResult<Line<T>> {
        let line = self.line()?;
        Ok(match command(&line) {
            Some(reply) => Line::Command(reply),
            None => Line::Text(line),
        })
    }

    pub(crate) fn question_heading(&mut self, ask: Ask<'_>) -> PromptResult<()> {
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
    fn welcome(&mut self, q: &Questionnaire, resume_hint: &str) -> PromptResult<()> {
        field::welcome::plain(self, q, resume_hint)
    }

    fn notice(&mut self, text: &str) -> PromptResult<()> {
        self.say(text)
    }

    fn section(&mut self, number: usize, total: usize, section: &Section) -> PromptResult<()> {
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
    ) -> PromptResult<Reply<AnswerValue>> {
        field::one_line::plain(self, ask, current, unfinished)
    }

    fn long_text(
        &mut self,
        ask: Ask<'_>,
        current: Option<&str>,
        unfinished: Option<&str>,
        keeper: &mut dyn TextKeeper,
    ) -> PromptResult<Reply<String>> {
        field::long_text::plain(self, ask, current, unfinished, keeper)
    }

    fn yes_no(
        &mut self,
        ask: Ask<'_>,
        current: Option<bool>,
        offered: Option<bool>,
    ) -> PromptResult<Reply<bool>> {
        field::yes_no::plain(self, ask, current, offered)
    }

    fn choice(
        &mut self,
        ask: Ask<'_>,
        current: Option<&Selection>,
    ) -> PromptResult<Reply<Selection>> {
        field::choice::plain(self, ask, current)
    }

    fn review(&mut self, review: &Review) -> PromptResult<ReviewAction> {
        field::review::plain(self, review)
    }

    fn confirm(&mut self, text: &str) -> PromptResult<bool> {
        field::yes_no::confirm_plain(self, text)
    }

    fn select(&mut self, text: &str, options: &[String]) -> PromptResult<Option<usize>> {
        field::choice::pick_plain(self, text, options)
    }

    fn ask_path(&mut self, text: &str) -> PromptResult<Option<PathBuf>> {
        field::one_line::ask_path_plain(self, text)
    }

    fn can_ask(&self) -> bool {
        self.input.is_terminal()
    }
}
