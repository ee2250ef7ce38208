//! Reading plain-mode answers line by line from standard input, knowing when another whole line
//! is already waiting.
//!
//! Knowing that a whole line is waiting (a paste, or a script's piped answers) lets a long answer
//! be handed to the autosave once in a while rather than after each of its lines; a line still
//! being typed (or a pipe's last, unfinished line) never holds back the lines before it.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal};
use std::os::fd::{AsFd, OwnedFd};

/// Where lines come from.
pub trait LineInput {
    /// The next line without its line ending; `None` at the end of input.
    fn read_line(&mut self) -> io::Result<Option<String>>;
    /// Whether a whole line can be read without waiting.
    fn line_waiting(&mut self) -> bool;
    /// Throws away input typed ahead on a terminal, before a question that only keys typed
    /// after it appears may answer (consent). Piped input is a script's answers: kept.
    fn discard_typed_ahead(&mut self) {}
    /// Whether the lines come from a person at a terminal (who can be asked things a script
    /// cannot answer, such as another folder to save in).
    fn is_terminal(&self) -> bool {
        false
    }
}

/// Lines from standard input (a terminal in canonical mode, a pipe or a file).
pub struct StdinLines {
    reader: BufReader<File>,
    terminal: bool,
    /// Whether the first line is still to be read (a byte-order mark there is dropped).
    at_start: bool,
}

impl StdinLines {
    pub fn new() -> io::Result<StdinLines> {
        let stdin = io::stdin();
        let terminal = stdin.is_terminal();
        let fd: OwnedFd = stdin.as_fd().try_clone_to_owned()?;
        Ok(StdinLines {
            reader: BufReader::with_capacity(64 * 1024, File::from(fd)),
            terminal,
            at_start: true,
        })
    }
}

impl LineInput for StdinLines {
    fn read_line(&mut self) -> io::Result<Option<String>> {
        let line = read_line_from(&mut self.reader)?;
        if std::mem::take(&mut self.at_start) {
            // A file saved by Notepad starts with a byte-order mark: it is not part of an answer.
            return Ok(line.map(|l| match l.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => l,
            }));
        }
        Ok(line)
    }

    fn line_waiting(&mut self) -> bool {
        // Only what is already read counts: a partial line in the pipe is not a whole line,
        // and waiting for it must not hold back saving the lines before it.
        self.reader.buffer().contains(&b'\n')
    }

    fn discard_typed_ahead(&mut self) {
        if !self.terminal {
            return;
        }
        let buffered = self.reader.buffer().len();
        self.reader.consume(buffered);
        let _ = nix::sys::termios::tcflush(
            self.reader.get_ref().as_fd(),
            nix::sys::termios::FlushArg::TCIFLUSH,
        );
    }

    fn is_terminal(&self) -> bool {
        self.terminal
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
