//! What the wizard needs from whoever asks the questions. The wizard's logic is written against
//! [`Prompter`]; the terminal (dialoguer) and plain mode (line by line) are two implementations,
//! and tests drive the wizard with scripted answers.

use std::io;
use std::path::PathBuf;

use crate::answer::{AnswerValue, Selection};
use crate::questionnaire::{Question, Questionnaire, Section};

/// What the respondent did at a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nav<T> {
    /// Gave this answer.
    Answer(T),
    /// Gave an empty answer: skip an optional question, or keep the answer already there.
    Keep,
    /// Asked to remove the answer already there.
    Clear,
    /// Asked to go back to the previous question.
    Back,
    /// Asked for the review of every answer.
    Review,
}

impl<T> Nav<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nav<U> {
        match self {
            Nav::Answer(v) => Nav::Answer(f(v)),
            Nav::Keep => Nav::Keep,
            Nav::Clear => Nav::Clear,
            Nav::Back => Nav::Back,
            Nav::Review => Nav::Review,
        }
    }
}

/// The line commands, the same in plain mode and at the terminal's text prompts. Each is a whole
/// line starting with a colon, so it cannot be mistaken for an ordinary answer.
pub const BACK: &str = ":back";
pub const REVIEW: &str = ":review";
pub const CLEAR: &str = ":clear";
/// At the review: finish.
pub const FINISH: &str = ":finish";
/// In a long answer at the terminal: open the editor.
pub const EDIT: &str = ":edit";
/// A line holding only this ends a long answer.
pub const END: &str = ".";

/// The navigation a line asks for, if it is one of the commands.
pub fn command<T>(line: &str) -> Option<Nav<T>> {
    match line.trim().to_lowercase().as_str() {
        BACK => Some(Nav::Back),
        REVIEW => Some(Nav::Review),
        CLEAR => Some(Nav::Clear),
        _ => None,
    }
}

/// A long answer being typed, line by line, kept as one text so that each new line costs only
/// itself (a pasted answer of thousands of lines is not joined again at every line).
#[derive(Debug, Default)]
pub struct LongAnswer {
    text: String,
    lines: usize,
    /// Lines carried over from before an interruption.
    carried: usize,
}

impl LongAnswer {
    /// Starts empty, or from the lines typed before an interruption.
    pub fn new(unfinished: Option<&str>) -> LongAnswer {
        match unfinished {
            Some(u) => {
                let lines = u.split('\n').count();
                LongAnswer {
                    text: u.to_string(),
                    lines,
                    carried: lines,
                }
            }
            None => LongAnswer::default(),
        }
    }

    /// No line has been typed at this prompt yet (commands count only then).
    pub fn at_start(&self) -> bool {
        self.lines == self.carried
    }

    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    pub fn push(&mut self, line: &str) {
        if self.lines > 0 {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.lines += 1;
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The answer: nothing but blank lines is the empty answer.
    pub fn finish(self) -> Nav<String> {
        if self.text.trim().is_empty() {
            Nav::Keep
        } else {
            Nav::Answer(self.text)
        }
    }
}

/// A question being asked, and where it stands.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    pub question: &'a Question,
    /// 1-based position among all questions.
    pub number: usize,
    pub total: usize,
}

/// Receives a long answer as it grows, line by line, so that it can be saved.
pub trait LineSink {
    /// `text` is the whole answer so far; `more_waiting` says more input is already there to
    /// read (a paste in progress), so saving can wait a little.
    fn progress(&mut self, text: &str, more_waiting: bool);
}

/// A sink that keeps nothing, for answers that need no saving.
pub struct NoSink;

impl LineSink for NoSink {
    fn progress(&mut self, _text: &str, _more_waiting: bool) {}
}

/// One line of the review screen.
#[derive(Debug, Clone)]
pub struct ReviewItem {
    /// Index in questionnaire order (what [`ReviewAction::Edit`] gives back).
    pub index: usize,
    pub section_number: usize,
    pub section: String,
    pub question: String,
    /// A short preview of the answer, or `None` when not answered.
    pub preview: Option<String>,
    pub required: bool,
}

/// Answers kept from questions the questionnaire no longer asks, shown at review.
#[derive(Debug, Clone)]
pub struct RetiredItem {
    pub question: String,
    pub preview: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewAction {
    /// Open this question (index in questionnaire order) for editing.
    Edit(usize),
    /// Write the response.
    Finish,
    /// Go back to the last question.
    Back,
}

/// How the wizard talks to the respondent.
pub trait Prompter {
    /// The opening screen: who is asking, why, the deadline and how long it takes.
    fn welcome(&mut self, q: &Questionnaire) -> io::Result<()>;
    /// A message that needs attention (no answer expected).
    fn notice(&mut self, text: &str) -> io::Result<()>;
    /// Ordinary information (no answer expected).
    fn info(&mut self, text: &str) -> io::Result<()> {
        self.notice(text)
    }
    /// Hands over the open draft, for prompters that keep text outside it (an editor's file).
    fn attach_draft(&mut self, _active: crate::active_draft::Shared) {}
    /// The heading of a section, with its place ("Section 3 of 8").
    fn section(&mut self, number: usize, total: usize, section: &Section) -> io::Result<()>;
    /// A one-line answer (short text, email, phone), checked by the question's own rule.
    fn text(&mut self, ask: Ask<'_>, current: Option<&str>) -> io::Result<Nav<AnswerValue>>;
    /// A long answer. `current` is the answer already given; `unfinished` is text typed before
    /// an interruption, which the new lines continue.
    fn long_text(
        &mut self,
        ask: Ask<'_>,
        current: Option<&str>,
        unfinished: Option<&str>,
        sink: &mut dyn LineSink,
    ) -> io::Result<Nav<String>>;
    /// Yes or no. Never pre-answered: the respondent types the answer and confirms it.
    fn yes_no(&mut self, ask: Ask<'_>, current: Option<bool>) -> io::Result<Nav<bool>>;
    /// A choice from a list.
    fn choice(&mut self, ask: Ask<'_>, current: Option<&Selection>) -> io::Result<Nav<Selection>>;
    /// The review screen: every question with a preview of its answer.
    fn review(
        &mut self,
        items: &[ReviewItem],
        retired: &[RetiredItem],
        answered: usize,
    ) -> io::Result<ReviewAction>;
    /// A yes/no decision about the program itself (not an answer), such as "finish now?".
    fn confirm(&mut self, text: &str) -> io::Result<bool>;
    /// Pick one of several options; `None` when the respondent declines.
    fn select(&mut self, text: &str, options: &[String]) -> io::Result<Option<usize>>;
    /// Ask for a folder (for example another place to save); `None` when declined.
    fn ask_path(&mut self, text: &str) -> io::Result<Option<PathBuf>>;
}

/// A short, one-line preview of an answer for the review screen.
pub fn preview(value: &AnswerValue, width: usize) -> String {
    let text = value.to_text();
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    console::truncate_str(&one_line, width.max(10), "...").into_owned()
}
