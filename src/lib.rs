//! ndti-respond: answer NDTi's call for practice examples of co-production in mental health in
//! the terminal, and read, print and collate the responses.

pub mod answer;
pub mod app;
pub mod cli;
pub mod collate;
pub mod draft;
pub mod email;
pub mod error;
pub mod print;
pub mod questionnaire;
pub mod response;
pub mod response_view;
pub mod session;
pub mod storage;
pub mod validate;
