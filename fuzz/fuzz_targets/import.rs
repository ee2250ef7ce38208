//! Any bytes at all, imported as a filled-in form of the built-in questionnaire, give a
//! response or a plain error: never a panic. What imports writes a response that reads back.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use ndti_respond::import::read_bytes;
use ndti_respond::questionnaire::Questionnaire;
use ndti_respond::response::Response;

static QUESTIONNAIRE: LazyLock<Questionnaire> = LazyLock::new(Questionnaire::embedded);

fuzz_target!(|bytes: &[u8]| {
    if let Ok(imported) = read_bytes("form", bytes, None, &QUESTIONNAIRE) {
        let again = Response::from_json(imported.response.to_json().as_bytes())
            .expect("an imported response reads back");
        assert_eq!(again, imported.response);
    }
});
