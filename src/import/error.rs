//! Why a document could not be imported, in words for the person who asked.

use crate::error::ExitCode;

/// A document that cannot be turned into a response. Every variant is a problem with the file
/// given (exit code 2); the caller names the file in front of the message.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read.
    #[error("cannot read it: {}", plain_io(.0))]
    Read(#[source] std::io::Error),
    /// Larger than any filled-in form, so refused before it is read.
    #[error(
        "it is {}, larger than any filled-in form ({} at most), so it is not read",
        megabytes(*.size),
        megabytes(*.limit)
    )]
    TooLarge { size: u64, limit: u64 },
    /// A part inside a .docx or .odt unpacks to more than any form holds: a damaged file or a
    /// zip bomb. Refused before (or while) unpacking, never after.
    #[error(
        "its `{part}` would unpack to more than {}, far more than any form holds, so it is not read (the file is damaged, or built to do harm)",
        megabytes(*.limit)
    )]
    TooMuchInside { part: String, limit: u64 },
    /// A document holding more text than any form, so refused before its words are looked at.
    #[error(
        "it holds {} of text, more than any filled-in form ({} at most), so it is not read",
        megabytes(*.size),
        megabytes(*.limit)
    )]
    TooMuchText { size: u64, limit: u64 },
    /// A document of more paragraphs than any form, refused before its words are looked at.
    #[error(
        "it holds {count} paragraphs, more than any filled-in form ({limit} at most), so it is not read"
    )]
    TooManyParagraphs { count: usize, limit: usize },
    /// An old binary Word document (Word 97-2003), which this program does not read.
    #[error(
        "it is an old Word document (.doc): open it in Word or LibreOffice, save it as .docx (Word Document), and import that"
    )]
    OldWordDocument,
    /// Encrypted with a password (Office's encryption, or ODF's, or a zip password).
    #[error(
        "it is protected with a password: ask the sender for a copy without one, or open it, remove the password and save it again"
    )]
    PasswordProtected,
    /// Not a kind of file `import` reads; the message says what it seems to be.
    #[error("{0}")]
    NotAForm(String),
    /// A .docx or .odt whose insides are broken.
    #[error("it is damaged and cannot be read ({0})")]
    Damaged(String),
    /// A readable document that is not a copy of this questionnaire's form.
    #[error(
        "it does not look like a filled-in copy of the form \"{title}\": only {found} of its {total} questions were found in it. If it is another questionnaire's form, give that questionnaire with --questions FILE"
    )]
    NotThisForm {
        title: String,
        found: usize,
        total: usize,
    },
}

impl ImportError {
    /// Every import error is a problem with the input file: exit code 2.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::Usage
    }
}

fn plain_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".to_string(),
        _ => e.to_string(),
    }
}

/// A size in megabytes, for messages: `12.3 MB`.
pub(crate) fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
