//! The integration tests: one test binary (so the program's library is linked once), one module
//! per area, and the helpers they share in `common`.

mod common;

mod cli_conventions;
mod collate;
mod digest;
mod field_rules;
mod hostile;
mod import;
mod output_failures;
mod pty;
mod questionnaire_errors;
mod robustness;
mod roundtrip;
mod scripts;
mod send;
mod terminal;
mod typing;
mod wizard_plain;
