//! ndti-respond: answer NDTi's call for practice examples of co-production in mental health in
//! the terminal, and read, print and collate the responses.
//!
//! Modules are private to the crate unless the binary, a test, a benchmark or a fuzz target
//! uses them, so that the compiler reports code nothing uses.

pub mod active_draft;
pub mod answer;
pub(crate) mod answers_file;
pub mod app;
pub(crate) mod atomic_file;
pub mod autosave;
pub mod cli;
pub mod collate;
pub mod draft;
pub(crate) mod drafts_command;
pub mod email;
pub mod encryption;
pub mod error;
pub(crate) mod field;
pub(crate) mod field_rules;
pub(crate) mod file_format;
pub mod import;
pub mod interrupt;
pub(crate) mod lines;
pub(crate) mod ordered_entries;
pub mod output;
pub(crate) mod plain;
pub(crate) mod preview;
pub mod print;
pub(crate) mod prompt;
pub mod questionnaire;
pub mod render;
pub(crate) mod respondent;
pub mod response;
pub mod response_file;
pub mod response_json;
pub(crate) mod response_view;
pub(crate) mod send_instructions;
pub(crate) mod session;
pub(crate) mod source_excerpt;
pub mod storage;
pub mod terminal;
pub(crate) mod validate;
pub(crate) mod wizard;
pub(crate) mod wording;
