//! A yes or no, and the program's own yes/no decisions ("finish now?"). Answered only by keys
//! typed after the question appears: whatever was typed or pasted before is thrown away when
//! the page is drawn, a paste is ignored with a kind word, and so is an Enter that ends a burst
//! of text (a paste the terminal did not bracket). Nothing is pre-selected: the respondent types
//! y or n (or yes, no) and presses Enter.

use std::io;

use crate::answer::parse_yes_no;
use crate::prompt::{Ask, Go, Reply};

use super::input::Input;
use super::keymap::{Action, Binding, YES_NO};
use super::page::{Page, Status};
use super::text_field::TextField;
use super::{TerminalPrompter, action, stopped};

const MIN_ROWS: u16 = 3;

const PASTE_IGNORED: &str =
    "Pasted text is not taken as an answer here: please type yes or no yourself.";

fn yes_or_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// What the respondent did at a yes/no page.
enum Typed {
    Answer(Option<bool>),
    Go(Go),
}

/// Reads a typed yes or no on `page`; `Answer(None)` is Enter with nothing typed.
fn typed(t: &mut TerminalPrompter, page: &mut Page, keys: &[Binding]) -> io::Result<Typed> {
    let mut field = TextField::new("", false);
    let mut status: Option<Status> = None;
    let mut discarded = false;
    loop {
        page.status = status.clone();
        t.draw_text(page, &field, "Yes or no", MIN_ROWS)?;
        if !discarded {
            // Only keys typed from now on: the page is on screen.
            t.reader.discard_pending();
            discarded = true;
        }
        let input = t.next_input(None);
        match input {
            Input::Stop => return Err(stopped()),
            Input::Paste(_) => {
                status = Some(Status::Info(PASTE_IGNORED.into()));
                continue;
            }
            // Enter at the end of a burst of text is a paste's line break, not a decision.
            Input::Key {
                key, pasted: true, ..
            } if key.code == crossterm::event::KeyCode::Enter => {
                t.reader.discard_pending();
                status = Some(Status::Info(PASTE_IGNORED.into()));
                continue;
            }
            _ => {}
        }
        match action(keys, &input) {
            Some(Action::Enter) => {
                let text = field.text();
                if text.trim().is_empty() {
                    return Ok(Typed::Answer(None));
                }
                match parse_yes_no(&text) {
                    Ok(b) => return Ok(Typed::Answer(Some(b))),
                    Err(problem) => status = Some(Status::Problem(problem.0)),
                }
            }
            Some(Action::Back) => return Ok(Typed::Go(Go::Back)),
            Some(Action::Review) => return Ok(Typed::Go(Go::Review)),
            Some(Action::Help) => t.help(page)?,
            _ => {
                if let Input::Key { key, .. } = &input
                    && field.edit(key)
                {
                    status = None;
                }
            }
        }
    }
}

/// Asks a yes/no question.
pub fn answer(
    t: &mut TerminalPrompter,
    ask: Ask<'_>,
    current: Option<bool>,
    offered: Option<bool>,
) -> io::Result<Reply<bool>> {
    let keep = match (current, offered) {
        (Some(b), _) => format!(
            " Your answer so far is {}: press Enter to keep it.",
            yes_or_no(b)
        ),
        (None, Some(b)) => format!(" Press Enter alone for {}.", yes_or_no(b)),
        (None, None) => String::new(),
    };
    let how = format!("Type y (yes) or n (no), then press Enter.{keep}");
    let mut page = t.question_page(ask, YES_NO, Some(how));
    loop {
        return Ok(match typed(t, &mut page, YES_NO)? {
            Typed::Answer(Some(b)) => Reply::answer(b),
            Typed::Answer(None) => match (current, offered) {
                (None, Some(b)) => Reply::answer(b),
                (None, None) if ask.question.required => {
                    page.notices = vec!["Please type yes or no.".into()];
                    continue;
                }
                _ => Reply::keep(),
            },
            Typed::Go(go) => Reply::go(go),
        });
    }
}

/// The keys of a decision: Enter answers, Esc is "no".
const DECIDE: &[Binding] = &[
    Binding {
        help: "answer",
        ..YES_NO[0]
    },
    Binding {
        help: "no",
        ..YES_NO[1]
    },
];

/// A yes/no decision about the program itself, such as "finish now?". Esc is no.
pub fn confirm(t: &mut TerminalPrompter, text: &str) -> io::Result<bool> {
    let mut page = t.plain_page(
        text,
        DECIDE,
        Some("Type y (yes) or n (no), then press Enter.".into()),
    );
    loop {
        match typed(t, &mut page, DECIDE)? {
            Typed::Answer(Some(b)) => return Ok(b),
            Typed::Answer(None) => page.notices = vec!["Please type yes or no.".into()],
            Typed::Go(_) => return Ok(false),
        }
    }
}
