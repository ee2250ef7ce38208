//! Any bytes at all, read as a response file, give a response or a plain error: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ndti_respond::response::Response;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(response) = Response::from_json(bytes) {
        // What was read can be written again and reads back the same.
        let again = Response::from_json(response.to_json().as_bytes())
            .expect("a response written by to_json reads back");
        assert_eq!(again, response);
        let _ = response.sections();
    }
});
