//! ndti-respond: answer NDTi's call for practice examples of co-production in mental health in
//! the terminal, and read, print and collate the responses.

pub mod active_draft;
pub mod answer;
pub mod app;
pub(crate) mod atomic_file;
pub mod cli;
pub mod collate;
pub mod draft;
pub mod email;
pub mod encryption;
pub mod error;
pub(crate) mod field_rules;
pub mod interrupt;
pub mod lines;
pub mod output;
pub mod plain;
pub mod print;
pub mod prompt;
pub mod questionnaire;
pub mod render;
pub mod response;
pub mod response_file;
pub mod response_json;
pub mod response_view;
pub mod session;
pub mod storage;
pub mod terminal;
pub mod validate;
pub mod wizard;
