//! A text field whose text is kept in the draft as it is typed: handed to the autosave at most
//! [`INTERVAL`] after a change (at once after a paste), put in the draft and saved before the
//! program stops, and the save's failure shown while it lasts.

use std::time::{Duration, Instant};

use crate::autosave::INTERVAL;
use crate::prompt::TextKeeper;

use super::page::Status;
use super::text_field::TextField;

/// A field and the keeper of its text.
pub struct KeptField<'k> {
    pub field: TextField,
    keeper: &'k mut dyn TextKeeper,
    /// When the text first changed since it was last handed over.
    dirty_since: Option<Instant>,
}

impl<'k> KeptField<'k> {
    pub fn new(field: TextField, keeper: &'k mut dyn TextKeeper) -> KeptField<'k> {
        KeptField {
            field,
            keeper,
            dirty_since: None,
        }
    }

    /// The text changed (a key, undo): it is handed over within [`INTERVAL`].
    pub fn changed(&mut self) {
        self.dirty_since.get_or_insert_with(Instant::now);
    }

    /// A paste landed: it is handed over at once.
    pub fn pasted(&mut self) {
        self.dirty_since = Some(Instant::now() - INTERVAL);
    }

    /// The text is in the draft already (the editor put it there).
    pub fn kept_elsewhere(&mut self) {
        self.dirty_since = None;
    }

    /// How long the wait for the next key may be before the text is due.
    pub fn due_in(&self) -> Option<Duration> {
        self.dirty_since
            .map(|t| (t + INTERVAL).saturating_duration_since(Instant::now()))
    }

    /// Hands the text over if it is due.
    pub fn tick(&mut self) {
        if self.dirty_since.is_some_and(|t| t.elapsed() >= INTERVAL) {
            self.keeper.keep(&self.field.text());
            self.dirty_since = None;
        }
    }

    /// The field is being left: its latest text is handed over if it changed since.
    pub fn leave(&mut self) {
        if self.dirty_since.take().is_some() {
            self.keeper.keep(&self.field.text());
        }
    }

    /// The program is stopping: the text goes in the draft now, saved or not.
    pub fn stop(&mut self) {
        self.keeper.keep_now(&self.field.text());
    }

    /// What to show while saving fails, or `None`.
    pub fn save_problem(&self) -> Option<Status> {
        self.keeper.failure().map(|e| {
            Status::Problem(format!(
                "Not saved: {e}. Your words are safe here while the program runs, and saving is tried again as you type."
            ))
        })
    }
}
