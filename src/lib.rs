//! ndti-respond: answer NDTi's call for practice examples of co-production in mental health in
//! the terminal, and read, print and collate the responses.

pub mod active_draft;
pub mod answer;
pub mod answers_file;
pub mod app;
pub mod autosave;
pub mod cli;
pub mod collate;
pub mod draft;
pub mod drafts_command;
pub mod email;
pub mod encryption;
pub mod error;
pub mod field;
pub mod import;
pub mod interrupt;
pub mod lines;
pub mod plain;
pub mod preview;
pub mod print;
pub mod prompt;
pub mod questionnaire;
pub mod render;
pub mod response;
pub mod response_view;
pub mod send_instructions;
pub mod session;
pub mod source_excerpt;
pub mod storage;
pub mod terminal;
pub mod validate;
pub mod wizard;
pub mod wording;
