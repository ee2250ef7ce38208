//! Ctrl-C, SIGTERM and SIGHUP: save the draft, put the terminal back as it was, say how to carry
//! on, and exit with 130, from exactly one place.
//!
//! Both the signal-handling thread and the main thread (whose prompt returns "interrupted") may
//! arrive here; the first one does the work and the other waits for the process to end.

use std::io::{IsTerminal, Write};
use std::os::fd::AsFd;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use nix::sys::termios::{SetArg, Termios, tcgetattr, tcsetattr};

use crate::active_draft::Shared;
use crate::error::exit;

static STARTED: AtomicBool = AtomicBool::new(false);
static SAVED_TERMINAL: Mutex<Option<Termios>> = Mutex::new(None);
static ACTIVE: Mutex<Option<(Shared, String)>> = Mutex::new(None);

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
    // every answer up to the last line is already on disk.
    let _ = ctrlc::set_handler(|| shutdown());
}

/// Tells the handler which draft to save and how to describe resuming it.
pub fn set_active(active: Shared, resume_hint: String) {
    *ACTIVE.lock().unwrap_or_else(|p| p.into_inner()) = Some((active, resume_hint));
}

/// Forgets the draft (finished, or the session is over), releasing its lock in an orderly way.
pub fn clear_active() {
    let previous = ACTIVE.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some((active, _)) = previous {
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
    let saved = active.as_ref().map(|(draft, hint)| {
        let mut a = draft.lock();
        a.salvage_editor_file();
        let saved = a.save_if_needed();
        let kept = a.is_on_disk();
        a.release_lock();
        (saved.map(|()| kept), a.path(), hint.clone())
    });
    restore_terminal();
    let mut err = std::io::stderr();
    // Writing may fail (the terminal may be gone); nothing more can be done about it then.
    let _ = writeln!(err);
    // Paths and commands go on lines of their own, so they can be copied whole.
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
    std::process::exit(i32::from(exit::INTERRUPTED));
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

/// Puts the terminal back in the mode it was found in and shows the cursor.
pub fn restore_terminal() {
    if let Some(mode) = SAVED_TERMINAL
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
    {
        let _ = tcsetattr(std::io::stdin().as_fd(), SetArg::TCSANOW, mode);
    }
    let stderr = std::io::stderr();
    if stderr.is_terminal() {
        let _ = console::Term::stderr().show_cursor();
    }
}
