//! Reading answers line by line from standard input, knowing when more is already waiting.
//!
//! Knowing that more input is waiting (a paste, or a script's piped answers) lets a long answer
//! be saved once the paste has landed rather than after each of its lines, and at once when the
//! respondent pauses.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};

/// Where lines come from.
pub trait LineInput {
    /// The next line without its line ending; `None` at the end of input.
    fn read_line(&mut self) -> io::Result<Option<String>>;
    /// Whether another line can be read without waiting.
    fn more_waiting(&mut self) -> bool;
}

/// Lines from standard input (a terminal in canonical mode, a pipe or a file).
pub struct StdinLines {
    reader: BufReader<File>,
}

impl StdinLines {
    pub fn new() -> io::Result<StdinLines> {
        let fd: OwnedFd = io::stdin().as_fd().try_clone_to_owned()?;
        Ok(StdinLines {
            reader: BufReader::with_capacity(64 * 1024, File::from(fd)),
        })
    }
}

impl LineInput for StdinLines {
    fn read_line(&mut self) -> io::Result<Option<String>> {
        read_line_from(&mut self.reader)
    }

    fn more_waiting(&mut self) -> bool {
        if !self.reader.buffer().is_empty() {
            return true;
        }
        let fd = self.reader.get_ref().as_fd();
        let mut fds = [nix::poll::PollFd::new(fd, nix::poll::PollFlags::POLLIN)];
        matches!(nix::poll::poll(&mut fds, nix::poll::PollTimeout::ZERO), Ok(n) if n > 0)
    }
}

impl StdinLines {
    /// The raw descriptor, for flushing pending terminal input.
    pub fn raw_fd(&self) -> i32 {
        self.reader.get_ref().as_raw_fd()
    }
}

/// Reads one line, dropping `\n` or `\r\n`; bytes that are not UTF-8 become U+FFFD rather than
/// an error, so that no answer is refused for its encoding.
pub fn read_line_from(reader: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut buf = Vec::new();
    if reader.read_until(b'\n', &mut buf)? == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    Ok(Some(match String::from_utf8(buf) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }))
}

/// Lines from memory, for tests.
pub struct ScriptLines {
    lines: std::collections::VecDeque<String>,
}

impl ScriptLines {
    pub fn new(text: &str) -> ScriptLines {
        ScriptLines {
            lines: text.lines().map(str::to_string).collect(),
        }
    }
}

impl LineInput for ScriptLines {
    fn read_line(&mut self) -> io::Result<Option<String>> {
        Ok(self.lines.pop_front())
    }

    fn more_waiting(&mut self) -> bool {
        !self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_are_dropped_and_bad_bytes_replaced() {
        let mut r = io::Cursor::new(b"one\r\ntwo\n\xff\tx".to_vec());
        assert_eq!(read_line_from(&mut r).unwrap().as_deref(), Some("one"));
        assert_eq!(read_line_from(&mut r).unwrap().as_deref(), Some("two"));
        assert_eq!(
            read_line_from(&mut r).unwrap().as_deref(),
            Some("\u{fffd}\tx")
        );
        assert_eq!(read_line_from(&mut r).unwrap(), None);
    }
}
