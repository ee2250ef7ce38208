//! The draft open in this process: its answers, where it is saved, and the lock that keeps a
//! second copy of the program out. Shared with the signal handler, which saves it on the way out.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::draft::Draft;
use crate::response::now_with_offset;
use crate::storage::{DraftLock, Store, StoreError};

#[derive(Debug)]
pub struct ActiveDraft {
    pub store: Store,
    pub draft: Draft,
    /// `None` once the draft has moved or been finished.
    lock: Option<DraftLock>,
    /// Changes not yet on disk (a save failed, or a paste is still coming in).
    pub unsaved: bool,
    /// How to name the command that carries on with this draft.
    resume: ResumeCommand,
}

/// What the command that carries on with a draft needs besides the draft: the program and its
/// questionnaire, and the drafts folder used when none is given (from `NDTI_RESPOND_DATA_DIR`
/// or the platform), so that `--data-dir` is named exactly when it is needed.
#[derive(Debug, Clone, Default)]
pub struct ResumeCommand {
    /// `ndti-respond`, with `--questions FILE` when another questionnaire is in use.
    pub prefix: String,
    pub implicit_dir: Option<PathBuf>,
}

/// The active draft, shared between the wizard and the signal handler.
#[derive(Debug, Clone)]
pub struct Shared(Arc<Mutex<ActiveDraft>>);

impl Shared {
    pub fn new(active: ActiveDraft) -> Shared {
        Shared(Arc::new(Mutex::new(active)))
    }

    /// The draft, for reading or changing. A panic elsewhere while it was held does not make the
    /// answers unreachable.
    pub fn lock(&self) -> MutexGuard<'_, ActiveDraft> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl ActiveDraft {
    pub fn new(store: Store, draft: Draft, lock: DraftLock) -> ActiveDraft {
        ActiveDraft {
            store,
            draft,
            lock: Some(lock),
            unsaved: false,
            resume: ResumeCommand {
                prefix: "ndti-respond".into(),
                implicit_dir: None,
            },
        }
    }

    /// Sets how the command that carries on is named.
    pub fn set_resume_command(&mut self, resume: ResumeCommand) {
        self.resume = resume;
    }

    /// The command that carries on with this draft where it is kept now (a shell command, never
    /// to be wrapped).
    pub fn resume_hint(&self) -> String {
        let mut s = self.resume.prefix.clone();
        if self.resume.implicit_dir.as_deref() != Some(self.store.dir()) {
            s.push_str(&format!(
                " --data-dir {}",
                crate::wizard::shell_quote(&self.store.dir().display().to_string())
            ));
        }
        let id = self.id();
        s.push_str(&format!(" resume {}", id.get(..8).unwrap_or(&id)));
        s
    }

    pub fn id(&self) -> String {
        self.draft.response_id.to_string()
    }

    pub fn path(&self) -> PathBuf {
        self.store.path_of(&self.id())
    }

    /// Saves the draft durably. On failure the answers stay in memory, marked unsaved.
    pub fn save(&mut self) -> Result<(), StoreError> {
        self.draft.saved_at = now_with_offset();
        self.unsaved = true;
        self.store.save(&self.draft)?;
        self.unsaved = false;
        Ok(())
    }

    /// Saves only when something is waiting to be saved.
    /// Saves only when something is waiting to be saved. A new draft in which nothing has been
    /// typed is not written at all: there is nothing to keep, and an empty draft would only be
    /// offered for resuming later.
    pub fn save_if_needed(&mut self) -> Result<(), StoreError> {
        if !self.unsaved || (!self.is_on_disk() && self.holds_nothing_typed()) {
            return Ok(());
        }
        self.save()
    }

    /// Whether the draft file exists.
    pub fn is_on_disk(&self) -> bool {
        self.path().exists()
    }

    fn holds_nothing_typed(&self) -> bool {
        self.draft.answers.is_empty() && self.draft.in_progress.is_none()
    }

    /// Moves the draft to another folder (after the usual one failed) and saves it there. The
    /// copy left in the old folder (with fewer answers) is removed; if it cannot be, its path
    /// is returned, to be named.
    pub fn relocate(&mut self, dir: &Path) -> Result<Option<PathBuf>, StoreError> {
        let store = Store::open(dir)?;
        let lock = store.lock(&self.draft.response_id)?;
        let old = std::mem::replace(&mut self.store, store);
        if let Err(e) = self.save() {
            self.store = old;
            return Err(e);
        }
        self.lock = Some(lock);
        let stale = old.path_of(&self.id());
        if stale.exists() && old.delete(&self.id()).is_err() && stale.exists() {
            return Ok(Some(stale));
        }
        Ok(None)
    }

    /// The response is written: the draft is no longer needed.
    pub fn remove(&mut self) -> Result<(), StoreError> {
        self.store.delete(&self.id())?;
        self.lock = None;
        Ok(())
    }

    /// Marks the lock as released in an orderly way before the process ends.
    pub fn release_lock(&self) {
        if let Some(lock) = &self.lock {
            lock.release();
            if !self.is_on_disk() {
                // No draft was kept: its lock file would only be clutter.
                self.store.remove_lock(&self.draft.response_id);
            }
        }
    }

    /// Where the respondent's editor writes the answer to `question_id`.
    pub fn editor_path(&self, question_id: &str) -> PathBuf {
        self.store
            .dir()
            .join(Store::editor_file_name(&self.id(), question_id))
    }

    /// Brings what an editor has written (and saved) into the draft as the answer in progress,
    /// and removes its file once the draft holding the text is saved, so that no copy of the
    /// respondent's words is left outside the draft. Returns whether text was brought back.
    /// Used when the editor closes, when the program is stopped while it is open, and when a
    /// draft is opened whose editor was open when the program ended.
    pub fn salvage_editor_file(&mut self) -> bool {
        let Some(editing) = self.draft.editing.clone() else {
            return false;
        };
        let path = self.store.dir().join(&editing.file);
        let text = std::fs::read_to_string(&path).ok();
        let brought_back = match text {
            Some(text) if !text.trim().is_empty() => {
                let text = text.trim_end_matches('\n').to_string();
                let changed = self
                    .draft
                    .in_progress
                    .as_ref()
                    .is_none_or(|p| p.question_id != editing.question_id || p.text != text);
                self.draft.in_progress = Some(crate::draft::InProgress {
                    question_id: editing.question_id,
                    text,
                });
                changed
            }
            _ => false,
        };
        self.draft.editing = None;
        self.unsaved = true;
        // The file goes only once the draft holds its text.
        if self.save().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
        brought_back
    }
}
