//! The errors a command can end with, and the exit code each gives.

use std::path::PathBuf;

use crate::questionnaire::QuestionnaireError;
use crate::storage::StoreError;

/// Exit codes, as documented in the README.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INTERRUPTED: u8 = 130;
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
    /// Something went wrong that the message explains (exit 1).
    #[error("{0}")]
    Failed(String),
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

    /// What a prompt that failed means: stopped by the respondent or a signal, input that
    /// ended, or a terminal that cannot be used.
    pub fn from_prompt(e: std::io::Error) -> Error {
        match e.kind() {
            std::io::ErrorKind::Interrupted => Error::Interrupted,
            std::io::ErrorKind::UnexpectedEof => Error::InputEnded,
            _ => Error::io("cannot talk to the terminal", e),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Questionnaire(QuestionnaireError::Invalid { .. }) => exit::USAGE,
            Error::Questionnaire(QuestionnaireError::Read { .. }) => exit::USAGE,
            Error::InvalidInput { .. } | Error::Usage(_) | Error::AnswersFile(_) => exit::USAGE,
            Error::Interrupted => exit::INTERRUPTED,
            Error::OutputClosed => exit::OK,
            Error::Store(_)
            | Error::Io { .. }
            | Error::Write { .. }
            | Error::Failed(_)
            | Error::InputEnded => exit::FAILURE,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
