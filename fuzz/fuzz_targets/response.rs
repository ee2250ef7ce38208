//! Any bytes at all, read as a response file, give a response or a plain error: never a panic.
//! And the strict reader's two readings agree: the borrowed view every command reads first
//! (and `collate` alone uses) accepts exactly the files the owned `Response` accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ndti_respond::response::Response;
use ndti_respond::response_json::{Scratch, parse_view};

fuzz_target!(|bytes: &[u8]| {
    let owned = Response::from_json(bytes);
    let mut copy = bytes.to_vec();
    let view = parse_view(&mut copy, &mut Scratch::default());
    assert_eq!(
        view.is_ok(),
        owned.is_ok(),
        "the view and the response disagree: {:?} / {:?}",
        view.as_ref().err(),
        owned.as_ref().err()
    );
    if let Ok(response) = owned {
        // What was read can be written again and reads back the same.
        let again = Response::from_json(response.to_json().as_bytes())
            .expect("a response written by to_json reads back");
        assert_eq!(again, response);
        let _ = response.sections();
    }
});
