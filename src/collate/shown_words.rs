//! A question's or section's words as a format shows them, worked out once per worker thread
//! for each question rather than once per response.
//!
//! Every response carries its questionnaire's words (about 10 KB of each file), nearly always
//! the same from file to file, and cleaning and escaping them for every response was a fifth
//! of the HTML digest's time. Each thread keeps, by question (or section) id, the words it last
//! saw there and what they became; words that differ (another questionnaire version, or a file
//! that says something else) are worked out afresh, so nothing is shown that a file did not say.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// Words longer than this are worked out every time: a stranger's file may hold megabytes of
/// them, which must not stay in memory.
const MAX_CACHED: usize = 4096;
/// At most this many ids are remembered per thread and purpose.
const MAX_IDS: usize = 1024;

/// What the words are made into (each its own cache).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Purpose {
    /// A question's words, on one line and HTML-escaped.
    HtmlQuestion,
    /// A section's title, on one line and HTML-escaped.
    HtmlSection,
    /// The questionnaire's id, title or version, for the summary (by those names).
    SummaryFact,
    /// A chosen option's id, as the summary counts it (by the option's id).
    OptionId,
    /// A chosen option's words, as the summary shows them (by the option's id).
    OptionLabel,
}

type Cache = HashMap<String, (String, Arc<str>)>;

thread_local! {
    static CACHES: RefCell<[Cache; 5]> = RefCell::default();
}

/// `make(words)`, for the question or section `id`, from this thread's cache when it last saw
/// the same words there.
pub(crate) fn shown(
    purpose: Purpose,
    id: &str,
    words: &str,
    make: impl FnOnce(&str) -> String,
) -> Arc<str> {
    if words.len() > MAX_CACHED {
        return make(words).into();
    }
    CACHES.with_borrow_mut(|caches| {
        let cache = &mut caches[purpose as usize];
        if let Some((seen, shown)) = cache.get(id)
            && seen == words
        {
            return shown.clone();
        }
        let shown: Arc<str> = make(words).into();
        if cache.len() < MAX_IDS || cache.contains_key(id) {
            cache.insert(id.to_string(), (words.to_string(), shown.clone()));
        }
        shown
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_words_are_worked_out_once_and_other_words_afresh() {
        let made = std::cell::Cell::new(0);
        let make = |w: &str| {
            made.set(made.get() + 1);
            w.to_uppercase()
        };
        assert_eq!(&*shown(Purpose::SummaryFact, "q1", "why?", make), "WHY?");
        assert_eq!(&*shown(Purpose::SummaryFact, "q1", "why?", make), "WHY?");
        assert_eq!(made.get(), 1);
        assert_eq!(&*shown(Purpose::SummaryFact, "q1", "how?", make), "HOW?");
        assert_eq!(&*shown(Purpose::HtmlQuestion, "q1", "how?", make), "HOW?");
        assert_eq!(
            made.get(),
            3,
            "other words, or another purpose, are worked out"
        );
        let long = "x".repeat(MAX_CACHED + 1);
        shown(Purpose::SummaryFact, "q2", &long, make);
        shown(Purpose::SummaryFact, "q2", &long, make);
        assert_eq!(made.get(), 5, "long words are never kept");
    }
}
