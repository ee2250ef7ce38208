//! Any bytes at all, read as a draft, give a draft or a plain error: never a panic.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::Questionnaire;

static QUESTIONNAIRE: LazyLock<Questionnaire> = LazyLock::new(Questionnaire::embedded);

fuzz_target!(|bytes: &[u8]| {
    if let Ok(mut draft) = Draft::from_json(bytes) {
        let again = Draft::from_json(draft.to_json().as_bytes())
            .expect("a draft written by to_json reads back");
        assert_eq!(again, draft);
        // A draft found on disk is brought in line with the questionnaire before use.
        let q = &*QUESTIONNAIRE;
        let _ = draft.reconcile(q);
        let _ = draft.to_response(q).to_json();
    }
});
