//! What the wizard needs from whoever asks the questions. The wizard's logic is written against
//! [`Prompter`]; the terminal (full-screen, key by key) and plain mode (line by line) are two
//! implementations, and tests drive the wizard with scripted answers.

use std::io;
use std::path::PathBuf;

use crate::answer::{AnswerValue, Selection};
use crate::questionnaire::{Question, Questionnaire, Section};

/// Why a question got no reply: the one way the wizard's prompts fail.
#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    /// Ctrl-C, or a signal (SIGTERM, SIGHUP): the program is stopping, and `main` saves the
    /// draft on the way out (exit 130).
    #[error("stopped")]
    Stopped,
    /// Plain mode: standard input ended before the answer (exit 1, the draft kept).
    #[error("the input ended")]
    InputEnded,
    /// The terminal (or standard input and output) could not be read or written.
    #[error(transparent)]
    Terminal(#[from] io::Error),
}

/// What a prompt gives back: the reply, or why there is none.
pub type PromptResult<T> = Result<T, PromptError>;

/// What the respondent did to a question's answer, before moving on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change<T> {
    /// Gave this answer (new, or the old one edited).
    Answer(T),
    /// Left the answer as it was: an empty answer skips an optional question or keeps the one
    /// already there.
    Unchanged,
    /// Removed the answer.
    Cleared,
}

/// Where the respondent asked to go next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Go {
    /// On to the next question (or back to the review, when the question was opened from it).
    Forward,
    /// To the previous question.
    Back,
    /// To the review of every answer.
    Review,
}

/// What happened at a question: what became of its answer, and where to go next. Leaving a
/// question in any direction keeps what was typed in it: nothing written is left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply<T> {
    pub change: Change<T>,
    pub go: Go,
}

impl<T> Reply<T> {
    /// This answer, then the next question.
    pub fn answer(value: T) -> Reply<T> {
        Reply {
            change: Change::Answer(value),
            go: Go::Forward,
        }
    }

    /// The answer as it was (skipped, or kept), then the next question.
    pub fn keep() -> Reply<T> {
        Reply {
            change: Change::Unchanged,
            go: Go::Forward,
        }
    }

    /// The answer removed, then the next question.
    pub fn clear() -> Reply<T> {
        Reply {
            change: Change::Cleared,
            go: Go::Forward,
        }
    }

    /// The answer as it was, then somewhere else.
    pub fn go(go: Go) -> Reply<T> {
        Reply {
            change: Change::Unchanged,
            go,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        let change = match self.change {
            Change::Answer(v) => Change::Answer(f(v)),
            Change::Unchanged => Change::Unchanged,
            Change::Cleared => Change::Cleared,
        };
        Reply {
            change,
            go: self.go,
        }
    }
}

/// The line commands of plain mode. Each is a whole line starting with a colon, so it cannot be
/// mistaken for an ordinary answer.
pub const BACK: &str = ":back";
pub const REVIEW: &str = ":review";
pub const CLEAR: &str = ":clear";
/// At the review: finish.
pub const FINISH: &str = ":finish";
/// A line holding only this ends a long answer in plain mode.
pub const END: &str = ".";

/// The reply a plain-mode line asks for, if it is one of the commands.
pub fn command<T>(line: &str) -> Option<Reply<T>> {
    match line.trim().to_lowercase().as_str() {
        BACK => Some(Reply::go(Go::Back)),
        REVIEW => Some(Reply::go(Go::Review)),
        CLEAR => Some(Reply::clear()),
        _ => None,
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

/// Keeps the text of the answer being typed in the draft, so that stopping the program (or the
/// program being killed) loses at most the last second of typing. Handing text over costs a
/// copy and never waits for the disk: the saving happens elsewhere.
pub trait TextKeeper {
    /// `text` is the field's whole text as it is now.
    fn keep(&mut self, text: &str);
    /// Keeps `text` and waits until it is saved (or its save has failed): the program is
    /// stopping, and the text must be in the draft before it does.
    fn keep_now(&mut self, text: &str);
    /// Whether handing over the text now would be timely: at least the autosave interval since
    /// the last hand-over. Callers that produce text faster than that (a script's piped lines)
    /// ask first, so that a long answer is not copied once a line.
    fn due(&self) -> bool;
    /// Why the last save failed, while it keeps failing (the text stays in memory).
    fn failure(&self) -> Option<String>;
}

/// One question on the review screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    /// Index in questionnaire order (what [`ReviewAction::Edit`] gives back).
    pub index: usize,
    pub section_number: usize,
    pub section: String,
    /// The question's full text.
    pub question: String,
    /// The answer in words, or `None` when not answered.
    pub answer: Option<String>,
    pub required: bool,
}

/// An answer kept from a question the questionnaire no longer asks, shown at review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetiredItem {
    pub question: String,
    pub answer: String,
}

/// Everything the review screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub items: Vec<ReviewItem>,
    pub retired: Vec<RetiredItem>,
    /// Questions answered with something.
    pub answered: usize,
    /// Required questions still without an answer.
    pub missing_required: usize,
    /// The question the respondent was at when they opened the review part-way (index in
    /// questionnaire order): offered first, to carry on from, and where Esc goes back to.
    pub came_from: Option<usize>,
    /// The question just changed from the review (index), to put the highlight back on.
    pub just_changed: Option<usize>,
    /// The respondent has just declined to finish: the highlight goes back to "Finish".
    pub finish_declined: bool,
}

/// What the respondent chose at the review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewAction {
    /// Open this question (index in questionnaire order) to change its answer, then come back.
    Edit(usize),
    /// Carry on with the questions, one by one, from this one (index).
    Continue(usize),
    /// Write the response.
    Finish,
    /// Leave the review: to where the respondent came from, or the last question.
    Back,
}

/// How the wizard talks to the respondent.
pub trait Prompter {
    /// The opening screen: who is asking, why, the deadline and how long it takes, and the
    /// command that carries on with this draft later.
    fn welcome(&mut self, q: &Questionnaire, resume_hint: &str) -> PromptResult<()>;
    /// A message that needs attention (no answer expected).
    fn notice(&mut self, text: &str) -> PromptResult<()>;
    /// Ordinary information (no answer expected), such as the closing instructions.
    fn info(&mut self, text: &str) -> PromptResult<()> {
        self.notice(text)
    }
    /// Hands over the open draft, for prompters that keep text outside it (an editor's file).
    fn attach_draft(&mut self, _active: crate::active_draft::Shared) {}
    /// The heading of a section, with its place ("Section 3 of 8").
    fn section(&mut self, number: usize, total: usize, section: &Section) -> PromptResult<()>;
    /// A one-line answer (short text, email, phone), checked by the question's own rule.
    /// `current` is the answer already given; `unfinished` is the field's text as it was when
    /// the program stopped, which the field starts from instead.
    fn text(
        &mut self,
        ask: Ask<'_>,
        current: Option<&str>,
        unfinished: Option<&str>,
        keeper: &mut dyn TextKeeper,
    ) -> PromptResult<Reply<AnswerValue>>;
    /// A long answer, written and edited in place: `current` and `unfinished` as for `text`.
    fn long_text(
        &mut self,
        ask: Ask<'_>,
        current: Option<&str>,
        unfinished: Option<&str>,
        keeper: &mut dyn TextKeeper,
    ) -> PromptResult<Reply<String>>;
    /// Yes or no. Never pre-answered: the respondent types the answer and confirms it, and
    /// nothing typed or pasted before the question appeared can answer it. `offered` is the
    /// questionnaire's default, offered (never for consent).
    fn yes_no(
        &mut self,
        ask: Ask<'_>,
        current: Option<bool>,
        offered: Option<bool>,
    ) -> PromptResult<Reply<bool>>;
    /// A choice from a list.
    fn choice(
        &mut self,
        ask: Ask<'_>,
        current: Option<&Selection>,
    ) -> PromptResult<Reply<Selection>>;
    /// The review screen: every question with its answer.
    fn review(&mut self, review: &Review) -> PromptResult<ReviewAction>;
    /// A yes/no decision about the program itself (not an answer), such as "finish now?".
    fn confirm(&mut self, text: &str) -> PromptResult<bool>;
    /// Pick one of several options; `None` when the respondent declines.
    fn select(&mut self, text: &str, options: &[String]) -> PromptResult<Option<usize>>;
    /// Ask for a folder (for example another place to save); `None` when declined.
    fn ask_path(&mut self, text: &str) -> PromptResult<Option<PathBuf>>;
    /// Whether a person is answering, who can be asked things a script cannot answer (another
    /// folder to save in). Piped input is a script's answers: asking would take its next
    /// answer for a folder.
    fn can_ask(&self) -> bool {
        true
    }
}
