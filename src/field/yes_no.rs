//! A yes or no, and the program's own yes/no decisions ("finish now?"). Answered only by keys
//! typed after the question appears: whatever was typed or pasted before is thrown away when
//! the question is shown (in plain mode too, on a terminal), a paste is ignored with a kind word,
//! and so is an Enter that ends a burst of text (a paste the terminal did not bracket). Nothing
//! is pre-selected: the respondent types y or n (or yes, no) and presses Enter; the
//! questionnaire's default, where it has one (never for consent), is offered in words.

use crate::answer::parse_yes_no;
use crate::plain::{Line, NAV_HINT, PlainPrompter};
use crate::prompt::{Ask, Go, Reply};
use crate::prompt::{PromptError, PromptResult};

use crate::terminal::input::Input;
use crate::terminal::keymap::{Action, Binding, YES_NO};
use crate::terminal::page::{Page, Status};
use crate::terminal::text_field::TextField;
use crate::terminal::{TerminalPrompter, action};

const MIN_ROWS: u16 = 3;

const PASTE_IGNORED: &str =
    "Pasted text is not taken as an answer here: please type yes or no yourself.";

/// What Enter alone does, in words: keep the answer so far, or take the answer offered.
fn keep_words(current: Option<bool>, offered: Option<bool>) -> String {
    match (current, offered) {
        (Some(b), _) => format!(
            " Your answer so far is {}: press Enter to keep it.",
            crate::answer::yes_no_word(b)
        ),
        (None, Some(b)) => format!(" Press Enter alone for {}.", crate::answer::yes_no_word(b)),
        (None, None) => String::new(),
    }
}

/// What Enter alone answers: the answer so far is kept, the offered one taken, or nothing.
fn enter_alone(current: Option<bool>, offered: Option<bool>) -> Option<Reply<bool>> {
    match (current, offered) {
        (Some(_), _) => Some(Reply::keep()),
        (None, Some(b)) => Some(Reply::answer(b)),
        (None, None) => None,
    }
}

/// What the respondent did at a yes/no page.
enum Typed {
    Answer(Option<bool>),
    Go(Go),
}

/// Reads a typed yes or no on `page`; `Answer(None)` is Enter with nothing typed. The first time
/// for a question (`*fresh`), whatever was typed before the page was drawn is thrown away.
fn typed(
    t: &mut TerminalPrompter,
    page: &mut Page,
    keys: &[Binding],
    fresh: &mut bool,
) -> PromptResult<Typed> {
    let mut field = TextField::new("", false);
    let mut status: Option<Status> = None;
    loop {
        page.status = status.clone();
        t.draw_text(page, &field, "Yes or no", MIN_ROWS)?;
        if std::mem::replace(fresh, false) {
            // Only keys typed from now on: the page is on screen.
            t.reader.discard_pending();
        }
        let input = t.next_input(None);
        if input == Input::Stop {
            return Err(PromptError::Stopped);
        }
        // Enter at the end of a burst of text is a paste's line break, not a decision.
        if t.refuse_paste(&input, |key| key.code == crossterm::event::KeyCode::Enter) {
            status = Some(Status::Info(PASTE_IGNORED.into()));
            continue;
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
pub fn terminal(
    t: &mut TerminalPrompter,
    ask: Ask<'_>,
    current: Option<bool>,
    offered: Option<bool>,
) -> PromptResult<Reply<bool>> {
    let keep = keep_words(current, offered);
    let how = format!("Type y (yes) or n (no), then press Enter.{keep}");
    let mut page = t.question_page(ask, YES_NO, Some(how));
    let mut fresh = true;
    loop {
        return Ok(match typed(t, &mut page, YES_NO, &mut fresh)? {
            Typed::Answer(Some(b)) => Reply::answer(b),
            Typed::Answer(None) => match enter_alone(current, offered) {
                Some(reply) => reply,
                None if ask.question.required => {
                    page.notices = vec!["Please type yes or no.".into()];
                    continue;
                }
                None => Reply::keep(),
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
pub fn confirm_terminal(t: &mut TerminalPrompter, text: &str) -> PromptResult<bool> {
    let mut page = t.plain_page(
        text,
        DECIDE,
        Some("Type y (yes) or n (no), then press Enter.".into()),
    );
    let mut fresh = true;
    loop {
        match typed(t, &mut page, DECIDE, &mut fresh)? {
            Typed::Answer(Some(b)) => return Ok(b),
            Typed::Answer(None) => page.notices = vec!["Please type yes or no.".into()],
            Typed::Go(_) => return Ok(false),
        }
    }
}

/// Asks a yes/no question in plain mode. On a terminal, lines typed before the question was
/// shown are thrown away first.
pub fn plain(
    p: &mut PlainPrompter<'_>,
    ask: Ask<'_>,
    current: Option<bool>,
    offered: Option<bool>,
) -> PromptResult<Reply<bool>> {
    p.question_heading(ask)?;
    let keep = keep_words(current, offered);
    p.say(&format!(
        "Type y for yes or n for no, then press Enter. (y/n){keep} {NAV_HINT}"
    ))?;
    // Only what is typed after the question appeared may answer it.
    p.input.discard_typed_ahead();
    loop {
        match p.answer_line()? {
            Line::Command(reply) => return Ok(reply),
            Line::Text(t) if t.trim().is_empty() => {
                return Ok(enter_alone(current, offered).unwrap_or_else(Reply::keep));
            }
            Line::Text(t) => match parse_yes_no(&t) {
                Ok(b) => return Ok(Reply::answer(b)),
                Err(problem) => {
                    p.say(&problem.0)?;
                    p.say("Type y for yes or n for no, then press Enter. (y/n)")?;
                }
            },
        }
    }
}

/// A yes/no decision about the program itself, in plain mode.
pub fn confirm_plain(p: &mut PlainPrompter<'_>, text: &str) -> PromptResult<bool> {
    p.input.discard_typed_ahead();
    loop {
        p.say(&format!(
            "{text} Type y for yes or n for no, then press Enter. (y/n)"
        ))?;
        match parse_yes_no(&p.line()?) {
            Ok(b) => return Ok(b),
            Err(problem) => p.say(&problem.0)?,
        }
    }
}
