//! Reading the keyboard in raw mode, one event at a time: keys, pastes (bracketed paste turns a
//! whole paste into one event) and window resizes.
//!
//! A terminal without bracketed paste sends a paste as a fast stream of keys. [`Reader`] tells a
//! key that arrived with more already waiting (a burst: pasted, or typed ahead) from a key typed
//! on its own, and a burst that holds text (a paste, most likely) from a few keys sent together,
//! so that a paste without brackets cannot press Enter or tick an option either.

use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::interrupt;

/// How many characters of text arriving at once, with more waiting, make a burst a paste.
pub const PASTE_TEXT: usize = 4;

/// The most events read, once the program has been asked to stop, from what was already typed:
/// more than a terminal's input buffer holds (4,096 bytes on Linux), so that everything typed
/// before the stop is kept and a stream that never ends cannot hold the stop up.
const MOST_READ_AFTER_STOP: usize = 8_192;

/// How often a wait for a key looks at whether the program has been asked to stop.
const STOP_CHECK: Duration = Duration::from_millis(100);

/// One thing the respondent did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key. `burst` is set when more input was already waiting behind it (it came with a
    /// paste the terminal did not bracket, or was typed ahead); `pasted` when the burst it
    /// belongs to held [`PASTE_TEXT`] or more characters of text before it: a paste, most
    /// likely, rather than a few keys that a slow connection delivered together.
    Key {
        key: KeyEvent,
        burst: bool,
        pasted: bool,
    },
    /// A paste, whole.
    Paste(String),
    /// The window changed size: draw again.
    Resize,
    /// The wait ended with nothing typed.
    Timeout,
    /// Stop: Ctrl-C, a signal, or the terminal is gone.
    Stop,
}

/// Reads input events from the terminal.
#[derive(Debug, Default)]
pub struct Reader {
    /// Keys kept from input that was otherwise thrown away (Ctrl-C, Esc...), to be read next.
    kept: std::collections::VecDeque<Input>,
    /// The last key read had more input waiting behind it.
    in_burst: bool,
    /// Characters of text in the burst under way.
    burst_text: usize,
    /// Events read since the program was asked to stop.
    read_after_stop: usize,
}

impl Reader {
    /// The next event, waiting at most `timeout` (`None`: as long as it takes). Ctrl-C, a
    /// signal asking the program to stop, and a terminal that can no longer be read all give
    /// [`Input::Stop`].
    pub fn next(&mut self, timeout: Option<Duration>) -> Input {
        let deadline = timeout.map(|t| Instant::now() + t);
        if let Some(kept) = self.kept.pop_front() {
            return kept;
        }
        loop {
            // Asked to stop: what was typed before that is still taken (it is already in the
            // terminal's buffer, and the draft is saved after it), then the stop.
            if interrupt::stop_requested() {
                self.read_after_stop += 1;
                if self.read_after_stop > MOST_READ_AFTER_STOP
                    || !matches!(event::poll(Duration::ZERO), Ok(true))
                {
                    return Input::Stop;
                }
            }
            let slice = match deadline {
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Input::Timeout;
                    }
                    left.min(STOP_CHECK)
                }
                None => STOP_CHECK,
            };
            match event::poll(slice) {
                Ok(false) => continue,
                Ok(true) => {}
                Err(_) => return Input::Stop,
            }
            let Ok(ev) = event::read() else {
                return Input::Stop;
            };
            if !matches!(ev, Event::Key(_)) {
                self.in_burst = false;
                self.burst_text = 0;
            }
            match ev {
                Event::Key(key) if key.kind == KeyEventKind::Release => continue,
                Event::Key(key) if is_ctrl_c(&key) => return Input::Stop,
                Event::Key(key) => {
                    let burst = matches!(event::poll(Duration::ZERO), Ok(true));
                    let continued = std::mem::replace(&mut self.in_burst, burst);
                    if !continued {
                        self.burst_text = 0;
                    }
                    let pasted = (burst || continued) && self.burst_text >= PASTE_TEXT;
                    let text = matches!(key.code, KeyCode::Char(_))
                        && !key.modifiers.contains(KeyModifiers::CONTROL);
                    if text && (burst || continued) {
                        self.burst_text += 1;
                    }
                    if !burst {
                        self.burst_text = 0;
                    }
                    return Input::Key { key, burst, pasted };
                }
                Event::Paste(text) => return Input::Paste(text),
                Event::Resize(..) => return Input::Resize,
                _ => continue,
            }
        }
    }

    /// Throws away everything typed or pasted so far that has not been read, and waits until
    /// the input has been quiet for a moment (a paste may still be arriving). Used before a
    /// question that only keys typed after it appears may answer. Keys that answer nothing
    /// (Ctrl-C, Esc, Ctrl-R, F1) are kept, to be read next: a person who pressed Esc as the
    /// page came up still goes back.
    pub fn discard_pending(&mut self) {
        for _ in 0..20 {
            let mut any = false;
            while matches!(event::poll(Duration::ZERO), Ok(true)) {
                any = true;
                match event::read() {
                    Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                        if is_ctrl_c(&key) {
                            self.kept.push_back(Input::Stop);
                        } else if answers_nothing(&key) {
                            self.kept.push_back(Input::Key {
                                key,
                                burst: false,
                                pasted: false,
                            });
                        }
                    }
                    Ok(_) => {}
                    Err(_) => {
                        self.kept.push_back(Input::Stop);
                        return;
                    }
                }
            }
            self.in_burst = false;
            self.burst_text = 0;
            std::thread::sleep(Duration::from_millis(30));
            if !any && !matches!(event::poll(Duration::ZERO), Ok(true)) {
                return;
            }
        }
    }
}

/// A key that moves about or asks for help, never part of an answer.
fn answers_nothing(key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Esc | KeyCode::F(1) => true,
        KeyCode::Char('r' | 'R') => key.modifiers.contains(KeyModifiers::CONTROL),
        _ => false,
    }
}

fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C'))
}

/// A paste as text for a field: line endings made `\n`, and characters that are not text
/// (controls other than tab and line break) dropped, so that nothing pasted can act on the
/// terminal or hide in an answer.
pub fn clean_paste(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pastes_keep_their_lines_and_lose_control_characters() {
        assert_eq!(clean_paste("one\r\ntwo\rthree\n"), "one\ntwo\nthree\n");
        assert_eq!(clean_paste("a\tb\u{1b}[2Jc\u{7}\u{9b}"), "a\tb[2Jc");
        assert_eq!(clean_paste("王小明 😀 e\u{301}"), "王小明 😀 e\u{301}");
    }
}
