//! Writing a command's output and its messages, whatever has happened to standard output and
//! standard error.
//!
//! - A reader that closes the pipe early (`| head`) has what it wanted: the command stops at
//!   once, says nothing, and exits 0 ([`Error::OutputClosed`]).
//! - Standard output that cannot take the bytes (a full disk, `> /dev/full`) is a failure,
//!   said in words on standard error, exit 1.
//! - A message that standard error cannot take is dropped: there is nowhere left to say it,
//!   and the command must neither panic (as `eprintln!` does) nor wait.

use std::io::{self, Write};

use crate::error::Error;
use crate::render::sanitise;

/// What a failed write to standard output means for the command.
pub fn stdout_error(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Error::OutputClosed
    } else {
        Error::io("cannot write to standard output", e)
    }
}

/// Writes a command's output to standard output, all of it, and flushes it.
pub fn stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(stdout_error)
}

/// Writes a line to standard error, prefixed `ndti-respond: `, with anything from a file in it
/// made safe by the sanitiser (line breaks and tabs are kept). A failed write is dropped.
pub fn message(text: &str) {
    let line = format!("ndti-respond: {}\n", sanitise::text(text));
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

/// Writes text to standard error as it is (no prefix), sanitised; a failed write is dropped.
pub fn notice(text: &str) {
    let mut line = sanitise::text(text).into_owned();
    if !line.ends_with('\n') {
        line.push('\n');
    }
    let _ = io::stderr().lock().write_all(line.as_bytes());
}
