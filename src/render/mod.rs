//! A response as readable text, Markdown or printable HTML, and the rules every piece of text
//! from a file passes on its way out: the [sanitiser](sanitise), the
//! [Markdown escaper](markdown_escape), HTML escaping and wrapping (`wrap`).
//!
//! Rendering is pure: functions from a [`Response`](crate::response::Response) to a string, no
//! files, no terminal. Everything needed comes from the response file itself, so printing never
//! needs `questions.toml`. All text from the file (question words too) is sanitised first, so a
//! response cannot move the cursor or reorder a line, and then escaped for the output format,
//! so it cannot add headings, links or scripts.

pub(crate) mod html;
pub mod json;
mod layout;
mod markdown;
pub mod markdown_escape;
pub mod sanitise;
mod text;
mod wrap;

pub use html::html;
pub use layout::RETIRED_HEADING;
pub use markdown::markdown;
pub use text::text;

/// What an unanswered question shows.
pub const NOT_ANSWERED: &str = "(not answered)";
