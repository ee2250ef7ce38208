//! The errors a command can end with, and the exit code each gives.

use std::path::PathBuf;

use crate::prompt::PromptError;
use crate::questionnaire::QuestionnaireError;
use crate::storage::StoreError;

/// How a command ends: its exit status, as the README documents it. Ordered from best to
/// worst, so that a command handling several files ends with the worst (`max`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitCode {
    /// 0: done.
    Success,
    /// 1: failed (the message says why), or `validate` / `collate` found problems.
    Failure,
    /// 2: the command line, or a file given on it, cannot be used.
    Usage,
    /// 130 (128 + SIGINT, as shells report Ctrl-C): stopped by Ctrl-C or a signal; the draft
    /// is saved.
    Interrupted,
}

impl ExitCode {
    /// The number the process exits with.
    pub const fn code(self) -> u8 {
        match self {
            ExitCode::Success => 0,
            ExitCode::Failure => 1,
            ExitCode::Usage => 2,
            ExitCode::Interrupted => 130,
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code.code())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Questionnaire(#[from] QuestionnaireError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An answers file given with `new --answers` cannot be used (exit 2).
    #[error(transparent)]
    AnswersFile(#[from] crate::answers_file::AnswersFileError),
    /// A file given on the command line is not what it should be (exit 2).
    #[error("{path}: {message}")]
    InvalidInput { path: PathBuf, message: String },
    /// The command line asks for something that cannot be done (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A finished file could not be written (exit 1): a full disk, a missing folder, no
    /// permission. `path` is the file as the user named it.
    #[error("cannot write {}: {source}", crate::render::sanitise::path(path))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    /// No folder for drafts was given and the system names no user data folder (exit 1).
    #[error("cannot find your user data folder to keep drafts in; give one with --data-dir DIR")]
    NoDataDir,
    /// `resume` found no draft of this questionnaire in the drafts folder `dir` (exit 1).
    #[error(
        "there is no draft to resume in {}; start a new response with `ndti-respond`",
        crate::render::sanitise::path(dir)
    )]
    NoDraftToResume { dir: PathBuf },
    /// The respondent declined to choose a draft (exit 1).
    #[error("no draft was chosen; nothing was changed")]
    NoDraftChosen,
    /// A drafts-folder entry whose name is not a response id (exit 1).
    #[error(
        "{} is not a draft made by ndti-respond",
        crate::render::sanitise::line(id)
    )]
    NotADraft { id: String },
    /// Plain-mode input ended before the questionnaire was finished, and what became of the
    /// answers given so far (exit 1).
    #[error(transparent)]
    Unfinished(Box<Unfinished>),
    /// The finished response could not be written or encrypted to `path` (`action` says
    /// which: "write the response to", "encrypt the response as"...); the answers stay in the
    /// draft, and `resume` is the command that tries again (exit 1).
    #[error(
        "cannot {action} {}: {source}. Your answers are safe in your draft; to try again, run: {resume} (add -o FILE to choose where the response goes)",
        crate::render::sanitise::path(path)
    )]
    ResponseNotWritten {
        action: &'static str,
        path: PathBuf,
        source: Box<dyn std::error::Error + Send + Sync>,
        resume: String,
    },
    /// The age library could not encrypt the response (exit 1).
    #[error("cannot encrypt the response: {0}")]
    Encrypt(#[from] age::EncryptError),
    /// A response's return address (from the questionnaire it answers) is not an email
    /// address, so no email can be made for it (exit 1).
    #[error(
        "the return address `{}` in the response is not an email address",
        crate::render::sanitise::line(address)
    )]
    ReturnAddress { address: String },
    /// The email message could not be put together (exit 1).
    #[error("cannot make the email message: {0}")]
    Email(#[from] lettre::error::Error),
    /// Stopped by the respondent or a signal; the draft is saved (exit 130).
    #[error("interrupted")]
    Interrupted,
    /// Plain-mode input ended before the questionnaire was finished (exit 1).
    #[error("the input ended before the questionnaire was finished")]
    InputEnded,
    /// Whoever read standard output closed it early (`| head`): the command stops quietly
    /// (exit 0), as the reader has what it wanted.
    #[error("standard output was closed")]
    OutputClosed,
}

impl Error {
    pub fn io(what: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            what: what.into(),
            source,
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Questionnaire(QuestionnaireError::Invalid(_)) => ExitCode::Usage,
            Error::Questionnaire(QuestionnaireError::Read { .. }) => ExitCode::Usage,
            Error::InvalidInput { .. } | Error::Usage(_) | Error::AnswersFile(_) => ExitCode::Usage,
            Error::Interrupted => ExitCode::Interrupted,
            Error::OutputClosed => ExitCode::Success,
            Error::Store(_)
            | Error::Io { .. }
            | Error::Write { .. }
            | Error::NoDataDir
            | Error::NoDraftToResume { .. }
            | Error::NoDraftChosen
            | Error::NotADraft { .. }
            | Error::Unfinished(_)
            | Error::ResponseNotWritten { .. }
            | Error::Encrypt(_)
            | Error::ReturnAddress { .. }
            | Error::Email(_)
            | Error::InputEnded => ExitCode::Failure,
        }
    }
}

impl From<Unfinished> for Error {
    fn from(e: Unfinished) -> Error {
        Error::Unfinished(Box::new(e))
    }
}

impl From<PromptError> for Error {
    /// What a prompt that failed means for the command: stopped by the respondent or a
    /// signal, input that ended, or a terminal that cannot be used.
    fn from(e: PromptError) -> Error {
        match e {
            PromptError::Stopped => Error::Interrupted,
            PromptError::InputEnded => Error::InputEnded,
            PromptError::Terminal(e) => Error::io("cannot talk to the terminal", e),
        }
    }
}

/// Plain-mode input ended before the questionnaire was finished: what became of the answers.
#[derive(Debug, thiserror::Error)]
pub enum Unfinished {
    /// Nothing had been answered, so no draft was kept.
    #[error("the input ended before any question was answered, so nothing was kept")]
    NothingKept,
    /// The draft is saved at `path`; `resume` is the command that carries on.
    #[error("the input ended before the questionnaire was finished. Your answers so far are saved in {}. To carry on: {resume}", path.display())]
    Saved { path: PathBuf, resume: String },
    /// The drafts folder could not be written (`reason`), so the draft was saved at `path`
    /// instead; `stale` is an older copy with fewer answers left in the drafts folder.
    #[error("the input ended before the questionnaire was finished, and the drafts folder could not be written ({reason}). Your answers are saved in {} instead.{} To carry on: {resume}", path.display(), stale.as_ref().map(|p| format!(" An older copy with fewer answers is still in {}.", p.display())).unwrap_or_default())]
    Moved {
        reason: StoreError,
        path: PathBuf,
        stale: Option<PathBuf>,
        resume: String,
    },
    /// The draft could be saved nowhere (`reason`: why its own folder failed).
    #[error(
        "the input ended before the questionnaire was finished, and your answers could not be saved anywhere: {reason}"
    )]
    Lost { reason: StoreError },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
