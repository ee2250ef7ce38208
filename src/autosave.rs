//! Saving the answer being typed in the background, so that typing never waits for the disk.
//!
//! The field being typed in hands its whole text to the [`Autosaver`] at most every
//! [`INTERVAL`] while it changes (and at once after a paste); a worker thread puts it in the
//! draft as the answer in progress and saves the draft durably. A save that fails is reported to
//! the field, which says so at once; the text stays in memory and the next hand-over tries again.
//! The worker saves under the draft's own lock, like every other save, so saves never overtake
//! one another; [`Autosaver::settle`] is called before the answer itself is recorded, so that
//! a late save of the text in progress cannot follow it.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::active_draft::Shared;
use crate::draft::InProgress;
use crate::prompt::TextKeeper;

/// The most time between a change being typed and its text being handed over for saving. With
/// the save itself (a few milliseconds) this keeps what a kill -9 can take under a second.
pub const INTERVAL: Duration = Duration::from_millis(200);

/// The worker that saves the text in progress.
pub struct Autosaver {
    inner: Arc<Inner>,
    worker: Option<JoinHandle<()>>,
}

struct Inner {
    draft: Shared,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Text waiting to be saved: the latest hand-over replaces an earlier one not yet saved.
    pending: Option<InProgress>,
    /// A save is being written now.
    busy: bool,
    closing: bool,
    /// Why the last save failed, until one succeeds.
    failure: Option<String>,
    /// Saves written, for tests.
    written: u64,
}

impl Inner {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Autosaver {
    /// Starts the worker for this draft.
    pub fn start(draft: Shared) -> Autosaver {
        let inner = Arc::new(Inner {
            draft,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        });
        let worker_inner = Arc::clone(&inner);
        let worker = std::thread::Builder::new()
            .name("autosave".into())
            .spawn(move || work(&worker_inner))
            .ok();
        Autosaver { inner, worker }
    }

    /// A keeper for the text of one question.
    pub fn keeper(&self, question_id: &str) -> Keeper<'_> {
        Keeper {
            saver: self,
            question_id: question_id.to_string(),
            last: None,
        }
    }

    /// Hands over the text in progress for a question; returns at once.
    pub fn hand_over(&self, question_id: &str, text: &str) {
        if self.worker.is_none() {
            // No thread could be started: save here, late rather than never.
            let mut a = self.inner.draft.lock();
            set_in_progress(&mut a.draft.in_progress, question_id, text);
            a.unsaved = true;
            let result = a.save();
            drop(a);
            self.inner.state().failure = result.err().map(|e| e.to_string());
            return;
        }
        let mut state = self.inner.state();
        match &mut state.pending {
            Some(p) if p.question_id == question_id => {
                p.text.clear();
                p.text.push_str(text);
            }
            other => {
                *other = Some(InProgress {
                    question_id: question_id.to_string(),
                    text: text.to_string(),
                })
            }
        }
        self.inner.changed.notify_all();
    }

    /// Drops text not yet saved and waits for a save being written to end, so that the answer
    /// recorded next is the last word.
    pub fn settle(&self) {
        let mut state = self.inner.state();
        state.pending = None;
        while state.busy {
            state = self
                .inner
                .changed
                .wait(state)
                .unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Waits until every text handed over is saved (or its save failed).
    pub fn flush(&self) {
        let mut state = self.inner.state();
        while state.busy || (state.pending.is_some() && self.worker.is_some()) {
            state = self
                .inner
                .changed
                .wait(state)
                .unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Why saving fails, while it does.
    pub fn failure(&self) -> Option<String> {
        self.inner.state().failure.clone()
    }

    /// How many saves the worker has written.
    pub fn written(&self) -> u64 {
        self.inner.state().written
    }
}

impl Drop for Autosaver {
    fn drop(&mut self) {
        self.inner.state().closing = true;
        self.inner.changed.notify_all();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

fn set_in_progress(slot: &mut Option<InProgress>, question_id: &str, text: &str) {
    match slot {
        Some(kept) if kept.question_id == question_id => {
            kept.text.clear();
            kept.text.push_str(text);
        }
        other => {
            *other = Some(InProgress {
                question_id: question_id.to_string(),
                text: text.to_string(),
            })
        }
    }
}

fn work(inner: &Inner) {
    loop {
        let job = {
            let mut state = inner.state();
            loop {
                if let Some(job) = state.pending.take() {
                    state.busy = true;
                    break job;
                }
                if state.closing {
                    return;
                }
                state = inner.changed.wait(state).unwrap_or_else(|p| p.into_inner());
            }
        };
        let result = {
            let mut a = inner.draft.lock();
            set_in_progress(&mut a.draft.in_progress, &job.question_id, &job.text);
            a.unsaved = true;
            a.save()
        };
        let mut state = inner.state();
        state.busy = false;
        state.written += 1;
        state.failure = result.err().map(|e| e.to_string());
        inner.changed.notify_all();
    }
}

/// Hands one question's text to the [`Autosaver`].
pub struct Keeper<'a> {
    saver: &'a Autosaver,
    question_id: String,
    last: Option<Instant>,
}

impl TextKeeper for Keeper<'_> {
    fn keep(&mut self, text: &str) {
        self.saver.hand_over(&self.question_id, text);
        self.last = Some(Instant::now());
    }

    fn keep_now(&mut self, text: &str) {
        self.keep(text);
        self.saver.flush();
    }

    fn due(&self) -> bool {
        self.last.is_none_or(|t| t.elapsed() >= INTERVAL)
    }

    fn failure(&self) -> Option<String> {
        self.saver.failure()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::active_draft::ActiveDraft;
    use crate::draft::Draft;
    use crate::questionnaire::Questionnaire;
    use crate::storage::Store;

    fn open() -> (Shared, tempfile::TempDir) {
        let q = Questionnaire::embedded();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let draft = Draft::new(&q);
        let lock = store.lock(&draft.response_id).unwrap();
        (Shared::new(ActiveDraft::new(store, draft, lock)), dir)
    }

    fn on_disk(active: &Shared) -> Option<InProgress> {
        let a = active.lock();
        a.store.load(&a.id()).unwrap().in_progress
    }

    #[test]
    fn text_handed_over_is_saved_durably_and_the_latest_wins() {
        let (active, _dir) = open();
        let saver = Autosaver::start(active.clone());
        let mut keeper = saver.keeper("story");
        assert!(keeper.due(), "nothing handed over yet");
        keeper.keep("first words");
        assert!(!keeper.due(), "just handed over");
        saver.flush();
        assert_eq!(on_disk(&active).unwrap().text, "first words");
        keeper.keep("first words and more");
        saver.flush();
        assert_eq!(on_disk(&active).unwrap().text, "first words and more");
        assert!(saver.written() >= 2);
        assert_eq!(saver.failure(), None);
    }

    #[test]
    fn settling_drops_what_is_not_saved_yet_and_waits_for_the_save_being_written() {
        let (active, _dir) = open();
        let saver = Autosaver::start(active.clone());
        // Hold the draft: the worker takes the first text and waits for the draft.
        let held = active.lock();
        saver.hand_over("story", "being written");
        while !saver.inner.state().busy {
            std::thread::yield_now();
        }
        saver.hand_over("story", "never saved");
        std::thread::scope(|s| {
            let settling = s.spawn(|| saver.settle());
            std::thread::sleep(Duration::from_millis(50));
            assert!(
                !settling.is_finished(),
                "settle waits for the save being written"
            );
            drop(held);
            settling.join().unwrap();
        });
        assert_eq!(on_disk(&active).unwrap().text, "being written");
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(
            saver.written(),
            1,
            "the text dropped by settling is never written"
        );
    }

    #[test]
    fn a_failed_save_is_reported_and_the_next_one_tries_again() {
        let (active, dir) = open();
        let saver = Autosaver::start(active.clone());
        // The drafts folder replaced by a regular file: every write fails, even as root.
        let folder = dir.path().to_path_buf();
        std::fs::remove_dir_all(&folder).unwrap();
        std::fs::write(&folder, b"not a folder").unwrap();
        saver.hand_over("story", "words");
        saver.flush();
        let failure = saver.failure().expect("the save failed");
        assert!(failure.contains("cannot save the draft"), "{failure}");
        assert_eq!(
            active.lock().draft.in_progress.as_ref().unwrap().text,
            "words",
            "the text stays in memory"
        );
        std::fs::remove_file(&folder).unwrap();
        std::fs::create_dir(&folder).unwrap();
        saver.hand_over("story", "words, saved at last");
        saver.flush();
        assert_eq!(saver.failure(), None);
        assert_eq!(on_disk(&active).unwrap().text, "words, saved at last");
    }
}
