//! One file per kind of question, and per page that is not a question (the review, the
//! welcome): each holds its full-screen terminal page (`terminal`) and its plain-mode prompt
//! (`plain`) side by side, with the words and rules the two share, so that the two ways of
//! answering cannot drift apart. The terminal's machinery (screen, keyboard, page layout, text
//! field, list) is in `crate::terminal`; plain mode's line reading in `crate::plain`.

pub mod choice;
pub mod long_text;
pub mod one_line;
pub mod review;
pub mod welcome;
pub mod yes_no;
