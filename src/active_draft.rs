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
    /// A file an external editor is working on: salvaged into the draft and removed if the
    /// program is stopped while the editor is open.
    pub editor_file: Option<PathBuf>,
    /// The question the editor file belongs to.
    pub editor_question: Option<String>,
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
            editor_file: None,
            editor_question: None,
        }
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

    /// Moves the draft to another folder (after the usual one failed) and saves it there.
    pub fn relocate(&mut self, dir: &Path) -> Result<(), StoreError> {
        let store = Store::open(dir)?;
        let lock = store.lock(&self.draft.response_id)?;
        let old = std::mem::replace(&mut self.store, store);
        if let Err(e) = self.save() {
            self.store = old;
            return Err(e);
        }
        self.lock = Some(lock);
        Ok(())
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

    /// Brings what an open editor has written into the draft and removes its file, so that no
    /// copy of the respondent's words is left outside the draft.
    pub fn salvage_editor_file(&mut self) {
        let (Some(path), Some(question)) = (self.editor_file.take(), self.editor_question.take())
        else {
            return;
        };
        if let Ok(text) = std::fs::read_to_string(&path)
            && !text.trim().is_empty()
        {
            self.draft.in_progress = Some(crate::draft::InProgress {
                question_id: question,
                text,
            });
            self.unsaved = true;
        }
        let _ = std::fs::remove_file(&path);
    }
}
