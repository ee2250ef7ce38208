//! The program in a real pseudo-terminal, read the way a person sees it: everything it writes
//! goes through a terminal emulator (vt100), and tests look at the screen, not at the bytes.
//! Keys are sent as a terminal sends them: arrows as `ESC [ A`, a paste between `ESC [ 200 ~`
//! and `ESC [ 201 ~` with its line breaks as carriage returns.

use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::Expect;
use expectrl::process::unix::WaitStatus;

use crate::common::{BIN, Place};

pub const UP: &str = "\x1b[A";
pub const DOWN: &str = "\x1b[B";
pub const RIGHT: &str = "\x1b[C";
pub const LEFT: &str = "\x1b[D";
pub const HOME: &str = "\x1b[H";
pub const END: &str = "\x1b[F";
pub const ENTER: &str = "\r";
pub const BACKSPACE: &str = "\x7f";
/// Esc on its own (anything sent with it in the same write would make it Alt+key).
pub const ESC: &str = "\x1b";
pub const CTRL_C: &str = "\x03";
/// Finishes a long answer.
pub const CTRL_D: &str = "\x04";
/// Opens the editor.
pub const CTRL_E: &str = "\x05";
/// Opens the review.
pub const CTRL_R: &str = "\x12";
pub const CTRL_Z: &str = "\x1a";
/// Ctrl-Y (redo).
pub const CTRL_Y: &str = "\x19";
/// Ctrl-Home and Ctrl-End, as xterm sends them (the modifier 5 is Ctrl).
pub const CTRL_HOME: &str = "\x1b[1;5H";
pub const CTRL_END: &str = "\x1b[1;5F";

const TIMEOUT: Duration = crate::common::PATIENCE;

/// The program on a pseudo-terminal of a given size, and the screen it has drawn.
pub struct Term {
    session: expectrl::session::OsSession,
    parser: vt100::Parser,
    /// Every byte written, for messages.
    raw: Vec<u8>,
    closed: bool,
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal is at least 1 by 1")
}

/// `text` with runs of white space made one space, for finding words whatever the wrapping.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Term {
    /// Starts the program (with `--data-dir` of `place`) on a `cols` x `rows` terminal.
    pub fn spawn(place: &Place, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Term {
        // The size is set before the program starts, so its first page is drawn at it.
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!(
                "stty cols {cols} rows {rows} && exec \"$0\" \"$@\""
            ))
            .arg(BIN)
            .arg("--data-dir")
            .arg(&place.data)
            .args(args);
        cmd.current_dir(&place.cwd);
        cmd.env("TERM", "xterm-256color").env("NO_COLOR", "1");
        for v in ["ACCESSIBLE", "NDTI_RESPOND_DATA_DIR", "VISUAL", "EDITOR"] {
            cmd.env_remove(v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut session = expectrl::Session::spawn(cmd).expect("spawn on a pty");
        // The pty library sets its own default size from the parent once the child has started,
        // which can land after `stty` above: set ours again (the program is told by SIGWINCH).
        session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("size the terminal");
        Term {
            session,
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            raw: Vec::new(),
            closed: false,
        }
    }

    pub fn pid(&self) -> nix::unistd::Pid {
        nix::unistd::Pid::from_raw(self.session.get_process().pid().as_raw())
    }

    /// Sends a signal to the program only (not to the terminal's process group).
    pub fn signal(&self, sig: nix::sys::signal::Signal) {
        nix::sys::signal::kill(self.pid(), sig).expect("signal the program");
    }

    /// Reads whatever the program has written, without waiting.
    fn pump(&mut self) {
        let mut buf = [0u8; 65536];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => {
                    self.closed = true;
                    return;
                }
                Ok(n) => {
                    self.parser.process(&buf[..n]);
                    self.raw.extend_from_slice(&buf[..n]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return,
                // EIO: the terminal's other side is closed.
                Err(_) => {
                    self.closed = true;
                    return;
                }
            }
        }
    }

    /// The screen as it is now, one line a row.
    pub fn screen(&mut self) -> String {
        self.pump();
        self.parser.screen().contents()
    }

    /// The row the cursor is on, and the text of that row.
    pub fn cursor_row(&mut self) -> String {
        self.pump();
        let screen = self.parser.screen();
        let (row, _) = screen.cursor_position();
        screen
            .rows(0, screen.size().1.get())
            .nth(usize::from(row))
            .unwrap_or_default()
    }

    /// Waits (10 s at most) until the terminal's cursor is on a row holding `text`: a page is
    /// drawn in pieces, and the cursor is put in its place last.
    pub fn wait_for_cursor_on(&mut self, text: &str) {
        let start = Instant::now();
        loop {
            if self.cursor_row().contains(text) {
                return;
            }
            if start.elapsed() > TIMEOUT {
                let row = self.cursor_row();
                panic!(
                    "waiting for the cursor on a row with {text:?}; it is on {row:?}\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits (10 s at most) until the screen holds `text`, however it is wrapped.
    pub fn wait_for(&mut self, text: &str) {
        let want = flat(text);
        self.wait_until(&format!("{text:?} on screen"), |screen| {
            flat(screen).contains(&want)
        });
    }

    /// Waits (10 s at most) until `ok` holds of the screen.
    pub fn wait_until(&mut self, what: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return;
            }
            if start.elapsed() > TIMEOUT || (self.closed && !ok(&self.screen())) {
                panic!(
                    "waiting for {what}{}\n--- the screen ---\n{screen}\n--- end of screen ---",
                    if self.closed {
                        " (the program has ended)"
                    } else {
                        ""
                    }
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Types `keys` (one write, as a terminal sends one key or a burst of them).
    pub fn send(&mut self, keys: &str) {
        self.pump();
        self.session.send(keys).expect("write to the pty");
    }

    /// Types text a key at a time, as a person does: each key its own write, a moment apart, so
    /// that none of them looks like a paste.
    /// Waits until the program has drawn the text (its last word), so that a key pressed next
    /// is read on its own, as a person's would be, however busy the machine.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
            std::thread::sleep(Duration::from_millis(3));
        }
        if let Some(last) = text.split_whitespace().last() {
            self.wait_for(last);
        }
        std::thread::sleep(Duration::from_millis(20));
    }

    /// Presses one key and gives the program a moment to take it.
    pub fn press(&mut self, key: &str) {
        self.send(key);
        std::thread::sleep(Duration::from_millis(40));
    }

    /// Pastes `text` as a terminal with bracketed paste on does: between the markers, with its
    /// line breaks as carriage returns. Written in pieces while the screen is read, so a large
    /// paste never waits on a full terminal.
    pub fn paste(&mut self, text: &str) {
        let body = text.replace('\n', "\r");
        let all = format!("\x1b[200~{body}\x1b[201~");
        let bytes = all.as_bytes();
        for chunk in bytes.chunks(1024) {
            self.pump();
            std::io::Write::write_all(&mut self.session, chunk).expect("write to the pty");
        }
        std::io::Write::flush(&mut self.session).expect("flush the pty");
    }

    /// Changes the terminal's size (the program is told with SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.pump();
        self.session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("resize the terminal");
        self.parser.set_size(nz(rows), nz(cols));
    }

    /// Waits for the program to end; returns its exit code.
    pub fn exit_code(&mut self) -> i32 {
        let start = Instant::now();
        loop {
            self.pump();
            match self.session.get_process().status() {
                Ok(WaitStatus::Exited(_, code)) => {
                    self.pump();
                    return code;
                }
                Ok(WaitStatus::Signaled(_, sig, _)) => {
                    panic!("the program was killed by {sig:?}\n{}", self.screen())
                }
                Ok(_) => {}
                Err(e) => panic!("cannot wait for the program: {e}"),
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "the program did not end\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Everything the program wrote, as text (escape codes and all).
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// Stopped properly: exit 130, the terminal back in its main screen with bracketed paste
    /// off and the cursor shown, "Stopped..." said, no temporary file left.
    pub fn assert_stopped(&mut self, place: &Place) {
        let code = self.exit_code();
        let screen = self.screen();
        assert_eq!(code, 130, "exit code\n{screen}");
        assert!(
            flat(&screen).contains("Stopped. Your answers are saved in"),
            "{screen}"
        );
        self.assert_terminal_restored();
        assert_eq!(place.temp_files(), Vec::<String>::new(), "temp files left");
    }

    /// The terminal is as the program found it: the main screen, the cursor shown, bracketed
    /// paste off (each last switch the program made is the right one).
    pub fn assert_terminal_restored(&mut self) {
        self.pump();
        let screen = self.parser.screen();
        assert!(!screen.alternate_screen(), "still in the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is hidden");
        assert!(!screen.bracketed_paste(), "bracketed paste is still on");
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if self.session.get_process().is_alive().unwrap_or(false) {
            let _ = nix::sys::signal::kill(self.pid(), nix::sys::signal::Signal::SIGKILL);
        }
    }
}
