//! Any text at all, given as a questionnaire, gives a questionnaire or an error: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ndti_respond::questionnaire::Questionnaire;

fuzz_target!(|text: &str| {
    if let Err(err) = Questionnaire::parse(text, "fuzz") {
        // Formatting the error runs the line, column and excerpt code too.
        let _ = err.to_string();
        let _ = err.position();
    }
});
