//! Ctrl-C, SIGTERM and SIGHUP: save the draft, put the terminal back as it was, say how to carry
//! on, and exit with 130, from exactly one place: [`shutdown`].
//!
//! In the full-screen wizard Ctrl-C is a key, read by the field being typed in. A signal sets a
//! flag that the field notices within a tenth of a second: it puts its whole text (the
//! unfinished line included) in the draft and the wizard returns "interrupted" up to `main`,
//! which calls [`shutdown`]. When the main thread is not
//! watching the flag (plain mode waits in a read; a save may be stuck on a dead disk), the
//! signal-handling thread calls [`shutdown`] itself, at once or after a grace period. Whichever
//! thread arrives first does the work; the other waits for the process to end.

use std::io::{IsTerminal, Write};
use std::os::fd::AsFd;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use nix::sys::termios::{SetArg, Termios, tcgetattr, tcsetattr};

use crate::active_draft::Shared;
use crate::error::ExitCode;

static STARTED: AtomicBool = AtomicBool::new(false);
static STOP: AtomicBool = AtomicBool::new(false);
/// The main thread checks [`stop_requested`] often and will call [`shutdown`] itself.
static WATCHING: AtomicBool = AtomicBool::new(false);
/// The terminal is in full-screen mode (alternate screen, raw mode, bracketed paste).
static FULL_SCREEN: AtomicBool = AtomicBool::new(false);
static SAVED_TERMINAL: Mutex<Option<Termios>> = Mutex::new(None);
static ACTIVE: Mutex<Option<Shared>> = Mutex::new(None);

/// How long the signal thread leaves the main thread to stop on its own (it may be ending an
/// editor, which is given 3 s) before saving what the draft holds and stopping itself.
const GRACE: Duration = Duration::from_secs(5);

/// Remembers the terminal's mode and installs the handler. Call once, before any prompt.
pub fn install() {
    let stdin = std::io::stdin();
    let mode = if stdin.is_terminal() {
        tcgetattr(stdin.as_fd()).ok()
    } else {
        None
    };
    *SAVED_TERMINAL.lock().unwrap_or_else(|p| p.into_inner()) = mode;
    // If a handler cannot be installed the default action (ending the process) remains, and
    // every answer up to the last second of typing is already on disk.
    let _ = ctrlc::set_handler(on_signal);
}

fn on_signal() {
    STOP.store(true, Ordering::SeqCst);
    if WATCHING.load(Ordering::SeqCst) {
        let start = Instant::now();
        while start.elapsed() < GRACE {
            if STARTED.load(Ordering::SeqCst) {
                // The main thread is on its way out.
                loop {
                    std::thread::park();
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    shutdown();
}

/// Whether the program has been asked to stop (by a signal, or the terminal closing).
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Says the main thread is (or is no longer) checking [`stop_requested`] often, so that a
/// signal leaves it to stop with the text being typed.
pub fn set_watching(watching: bool) {
    WATCHING.store(watching, Ordering::SeqCst);
}

/// Records whether the terminal is in full-screen mode, which [`restore_terminal`] undoes.
pub fn set_full_screen(on: bool) {
    FULL_SCREEN.store(on, Ordering::SeqCst);
}

/// Tells the handler which draft to save (it names the command that carries on with it).
pub fn set_active(active: Shared) {
    *ACTIVE.lock().unwrap_or_else(|p| p.into_inner()) = Some(active);
}

/// Forgets the draft (finished, or the session is over), releasing its lock in an orderly way.
pub fn clear_active() {
    let previous = ACTIVE.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(active) = previous {
        active.lock().release_lock();
    }
}

/// Saves, restores the terminal, explains, and ends the process with 130.
pub fn shutdown() -> ! {
    if STARTED.swap(true, Ordering::SeqCst) {
        // The other thread is already on its way out.
        loop {
            std::thread::park();
        }
    }
    let active = ACTIVE.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let saved = active.as_ref().map(|draft| {
        let mut a = draft.lock();
        a.salvage_editor_file();
        let saved = a.save_if_needed();
        let kept = a.is_on_disk();
        a.release_lock();
        (saved.map(|()| kept), a.path(), a.resume_hint())
    });
    restore_terminal();
    let mut err = std::io::stderr();
    // Writing may fail (the terminal may be gone); nothing more can be done about it then.
    let _ = writeln!(err);
    // Paths and commands go on lines of their own, never wrapped, so they can be copied whole.
    let message = match saved {
        Some((Ok(false), _, _)) => {
            wrap("Stopped. Nothing had been answered yet, so there was nothing to keep.")
        }
        Some((Ok(true), path, hint)) => format!(
            "{}\n  {}\n{}\n  {hint}",
            wrap("Stopped. Your answers are saved in:"),
            path.display(),
            wrap("To carry on where you left off, run:")
        ),
        Some((Err(e), _, _)) => wrap(&format!(
            "Stopped, but the last answers could not be saved: {e}"
        )),
        None => "Stopped.".to_string(),
    };
    let _ = writeln!(err, "{message}");
    let _ = err.flush();
    std::process::exit(i32::from(ExitCode::Interrupted.code()));
}

/// Wraps a message to the terminal's width (or not at all when stderr is not a terminal).
fn wrap(text: &str) -> String {
    let term = console::Term::stderr();
    if !term.is_term() {
        return text.to_string();
    }
    let (_, cols) = term.size();
    textwrap::fill(text, usize::from(cols).max(20))
}

/// Puts the terminal back in the mode it was found in: out of full-screen mode, bracketed
/// paste off, the cursor shown.
pub fn restore_terminal() {
    let stderr = std::io::stderr();
    if FULL_SCREEN.swap(false, Ordering::SeqCst) {
        // Bracketed paste off, the main screen back, the cursor shown.
        let _ = stderr.lock().write_all(b"\x1b[?2004l\x1b[?1049l\x1b[?25h");
        let _ = stderr.lock().flush();
    }
    if let Some(mode) = SAVED_TERMINAL
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
    {
        let _ = tcsetattr(std::io::stdin().as_fd(), SetArg::TCSANOW, mode);
    }
    if stderr.is_terminal() {
        let _ = console::Term::stderr().show_cursor();
    }
}
