//! Writing a long answer in the respondent's own editor (`$VISUAL`, else `$EDITOR`).
//!
//! The text goes to a file in the drafts folder that the draft names as part of itself, so
//! nothing is lost if the program is stopped, killed or crashes while the editor is open:
//! `resume` brings the file's text back. If the program is asked to stop while the editor is
//! open, the editor is ended (SIGTERM, then SIGKILL after 3 s) and waited for before the
//! program exits: it is never left running on the terminal on its own.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::active_draft::Shared;
use crate::draft::{Editing, InProgress};
use crate::interrupt;

/// How long an editor is given to end when the program is stopped, before it is killed.
const EDITOR_GRACE: Duration = Duration::from_secs(3);

/// What came back from the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edited {
    /// The editor closed normally: its text.
    Text(String),
    /// The text is as it was, for this reason (said to the respondent).
    Unchanged(String),
    /// The program was asked to stop while the editor was open; the editor has ended and its
    /// text is in the draft.
    Stopped,
}

/// The editor the respondent has chosen, if any: `$VISUAL`, else `$EDITOR` (an empty one is no
/// choice).
pub fn chosen() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
}

/// Opens the editor on `text`, the answer to `question_id`, and waits for it to close. The
/// terminal must already be back in its normal mode.
pub fn edit(active: &Shared, question_id: &str, text: &str) -> io::Result<Edited> {
    let Some(editor) = chosen() else {
        return Ok(Edited::Unchanged(
            "No text editor is set up. To use one, set EDITOR (for example EDITOR=nano) and start again. You can carry on typing here.".into(),
        ));
    };
    let path = match hand_to_editor(active, question_id, text)? {
        Ok(path) => path,
        Err(reason) => return Ok(Edited::Unchanged(reason)),
    };
    let status = match run(&editor, &path) {
        Ran::Closed(status) => status,
        Ran::CouldNotStart(e) => {
            active.lock().salvage_editor_file();
            return Ok(Edited::Unchanged(format!(
                "Your editor ({editor}) could not be started: {e}. Your answer is unchanged."
            )));
        }
        // Whatever the editor left stays in its file, which the draft still names.
        Ran::Lost(e) => {
            return Ok(Edited::Unchanged(format!(
                "Your editor could not be waited for ({e}); your answer is unchanged here."
            )));
        }
        Ran::Stopped => {
            active.lock().salvage_editor_file();
            return Ok(Edited::Stopped);
        }
    };
    if !status.success() {
        take_back(active, question_id, text, &path);
        return Ok(Edited::Unchanged(
            "Your editor closed with an error, so your answer is unchanged.".into(),
        ));
    }
    match std::fs::read_to_string(&path) {
        Ok(edited) => {
            let edited = edited.trim_end_matches('\n').to_string();
            take_back(active, question_id, &edited, &path);
            Ok(Edited::Text(edited))
        }
        // Whatever the editor left stays in its file, which the draft still names.
        Err(e) => Ok(Edited::Unchanged(format!(
            "Your editor's text could not be read ({e}); your answer is unchanged here."
        ))),
    }
}

/// Writes `text` to the editor's file and makes the file part of the draft, saved, before the
/// editor opens: `Err` with what to say when the draft cannot be saved (the editor is then not
/// opened, as its text could be lost).
fn hand_to_editor(
    active: &Shared,
    question_id: &str,
    text: &str,
) -> io::Result<Result<std::path::PathBuf, String>> {
    let mut a = active.lock();
    let path = a.editor_path(question_id);
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    write_private(&path, text)?;
    a.draft.in_progress = Some(InProgress {
        question_id: question_id.to_string(),
        text: text.to_string(),
    });
    a.draft.editing = Some(Editing {
        question_id: question_id.to_string(),
        file: file_name,
    });
    a.unsaved = true;
    if let Err(e) = a.save() {
        a.draft.editing = None;
        let _ = std::fs::remove_file(&path);
        return Ok(Err(format!(
            "Your editor was not opened, because the draft could not be saved first ({e}). Your answer is unchanged here."
        )));
    }
    Ok(Ok(path))
}

/// How a run of the editor ended.
enum Ran {
    Closed(std::process::ExitStatus),
    CouldNotStart(io::Error),
    /// It could not be waited for.
    Lost(io::Error),
    /// The program was asked to stop: the editor has been ended.
    Stopped,
}

/// Runs the editor on `path` and waits for it, watching for a request to stop the program.
fn run(editor: &str, path: &std::path::Path) -> Ran {
    // `exec` makes the editor itself the child, so that ending the child ends the editor. The
    // editor's words are split by the shell, so `EDITOR="code --wait"` works.
    let child = Command::new("sh")
        .arg("-c")
        .arg(format!("exec {editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Ran::CouldNotStart(e),
    };
    loop {
        if interrupt::stop_requested() {
            end(&mut child);
            return Ran::Stopped;
        }
        match child.try_wait() {
            Ok(Some(status)) => return Ran::Closed(status),
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Ran::Lost(e),
        }
    }
}

/// The editor has closed: `text` becomes the answer in progress, the draft no longer names the
/// editor's file, and the file goes once the draft is saved.
fn take_back(active: &Shared, question_id: &str, text: &str, path: &std::path::Path) {
    let mut a = active.lock();
    a.draft.in_progress = Some(InProgress {
        question_id: question_id.to_string(),
        text: text.to_string(),
    });
    a.draft.editing = None;
    a.unsaved = true;
    if a.save().is_ok() {
        let _ = std::fs::remove_file(path);
    }
}

/// Ends the editor: SIGTERM, then SIGKILL if it has not ended within [`EDITOR_GRACE`]; waits.
fn end(child: &mut Child) {
    let pid = Pid::from_raw(child.id() as i32);
    let _ = kill(pid, Signal::SIGTERM);
    let start = Instant::now();
    while start.elapsed() < EDITOR_GRACE {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn write_private(path: &std::path::Path, text: &str) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    if !text.is_empty() {
        file.write_all(b"\n")?;
    }
    file.sync_all()
}
