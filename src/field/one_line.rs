//! A one-line answer (a name, an organisation, an email address, a phone number) and other
//! one-line fields (a folder). Enter checks the answer by the question's own rule; a refused
//! answer is said why and asked again (in the terminal it stays in the field to be corrected).
//! In the terminal a paste with line breaks stays in the field, joined with spaces, and the
//! respondent is told so; a terminal's paste without brackets (a burst of keys) cannot press
//! Enter either.

use std::path::PathBuf;

use crossterm::event::KeyCode;

use crate::answer::AnswerValue;
use crate::prompt::{Ask, Change, Go, Reply, TextKeeper};
use crate::prompt::{PromptError, PromptResult};
use crate::questionnaire::Kind;

use crate::plain::{Line, NAV_HINT, PlainPrompter};
use crate::terminal::input::{Input, clean_paste};
use crate::terminal::kept_field::KeptField;
use crate::terminal::keymap::{Action, ONE_LINE, PICK};
use crate::terminal::page::{Page, Status};
use crate::terminal::text_field::{Pasted, TextField};
use crate::terminal::{TerminalPrompter, action, text_change};

/// What to type, in words.
fn what(kind: &Kind) -> &'static str {
    match kind {
        Kind::Email => "an email address, such as name@example.org,",
        Kind::Phone => "a phone number, such as 01225 789135,",
        _ => "your answer",
    }
}

/// How to skip a question that is not required: the same words in both modes.
fn skip_words(required: bool) -> &'static str {
    if required {
        ""
    } else {
        " To skip this question, press Enter with nothing typed."
    }
}

/// A one-line box: the border and one row.
const MIN_ROWS: u16 = 3;

/// Says what became of a paste in a one-line field.
fn pasted_status(pasted: Pasted) -> Option<Status> {
    match pasted {
        Pasted::Joined { lines } => Some(Status::Info(format!(
            "The pasted text had {lines} lines. This answer takes one line, so they are joined here with spaces."
        ))),
        Pasted::Empty => Some(Status::Info("The paste held no text.".into())),
        Pasted::Whole => None,
    }
}

/// Reads one key or paste into `field`; returns what the respondent asked for, if anything.
/// Keys in a burst (a paste the terminal did not bracket) are typed, and an Enter among them
/// becomes a space.
fn edit(field: &mut TextField, input: &Input, status: &mut Option<Status>) -> bool {
    match input {
        Input::Paste(text) => {
            *status = pasted_status(field.paste(&clean_paste(text)));
            true
        }
        Input::Key {
            key, pasted: true, ..
        } if key.code == KeyCode::Enter => {
            field.paste(" ");
            true
        }
        Input::Key { key, .. } => field.edit(key),
        _ => false,
    }
}

/// Asks a short answer, an email address or a phone number.
pub fn terminal(
    t: &mut TerminalPrompter,
    ask: Ask<'_>,
    current: Option<&str>,
    unfinished: Option<&str>,
    keeper: &mut dyn TextKeeper,
) -> PromptResult<Reply<AnswerValue>> {
    let q = ask.question;
    let mut page = t.question_page(ask, ONE_LINE, Some(how_to_answer(q, current)));
    let mut kept = KeptField::new(
        TextField::new(unfinished.or(current).unwrap_or(""), false),
        keeper,
    );
    let mut status = unfinished
        .map(|_| Status::Info("Here is what you had typed before you stopped.".to_string()));
    // Esc was pressed with an answer its rule refuses: a second Esc leaves it unchanged.
    let mut leaving_refused = false;
    crate::interrupt::set_watching(true);
    let reply = loop {
        page.status = kept.save_problem().or_else(|| status.clone());
        t.draw_text(&page, &kept.field, "Your answer", MIN_ROWS)?;
        let input = t.next_input(kept.due_in());
        let go = respond(
            t,
            &page,
            &mut kept,
            &input,
            &mut status,
            &mut leaving_refused,
        )?;
        if let Some(go) = go {
            match leave(q, kept.field.text(), current, go, &mut leaving_refused) {
                Ok(reply) => break reply,
                Err(problem) => status = Some(Status::Problem(problem)),
            }
        }
        kept.tick();
    };
    crate::interrupt::set_watching(false);
    kept.leave();
    Ok(reply)
}

/// The line under the question: what to type, and how to skip it when it may be skipped and
/// has no answer yet.
fn how_to_answer(q: &crate::questionnaire::Question, current: Option<&str>) -> String {
    let skip = if current.is_some_and(|c| !c.is_empty()) {
        ""
    } else {
        skip_words(q.required)
    };
    format!(
        "Type {} on one line, then press Enter.{skip}",
        what(&q.kind)
    )
}

/// Does what one key or paste at a one-line answer asks: the direction to leave in, or `None`
/// to stay at the field (after help, an undo or redo, or typing).
fn respond(
    t: &mut TerminalPrompter,
    page: &Page,
    kept: &mut KeptField<'_>,
    input: &Input,
    status: &mut Option<Status>,
    leaving_refused: &mut bool,
) -> PromptResult<Option<Go>> {
    Ok(match action(ONE_LINE, input) {
        Some(Action::Enter) if !matches!(input, Input::Key { pasted: true, .. }) => {
            Some(Go::Forward)
        }
        Some(Action::Back) => Some(Go::Back),
        Some(Action::Review) => Some(Go::Review),
        Some(Action::Help) => {
            t.help(page)?;
            None
        }
        Some(Action::Undo) => {
            if kept.field.undo() {
                kept.changed();
            }
            None
        }
        Some(Action::Redo) => {
            if kept.field.redo() {
                kept.changed();
            }
            None
        }
        _ => {
            if matches!(input, Input::Stop) {
                kept.stop();
                crate::interrupt::set_watching(false);
                return Err(PromptError::Stopped);
            }
            type_into(kept, input, status, leaving_refused);
            None
        }
    })
}

/// Types a key or paste into the answer and has it kept. A change lets Esc warn again about a
/// refused answer, and a typed key clears a problem shown under the field (not a word of
/// information, such as what became of a paste).
fn type_into(
    kept: &mut KeptField<'_>,
    input: &Input,
    status: &mut Option<Status>,
    leaving_refused: &mut bool,
) {
    let paste = matches!(input, Input::Paste(_));
    if edit(&mut kept.field, input, status) {
        *leaving_refused = false;
        if paste {
            kept.pasted();
        } else {
            kept.changed();
            if !matches!(status, Some(Status::Info(_))) {
                *status = None;
            }
        }
    }
}

/// Leaving a one-line answer in direction `go`: what becomes of its text, checked by the
/// question's rule. A refused answer keeps the respondent at the field with the reason; going
/// back with one asks to correct it or press Esc again (`leaving_refused`), which then leaves
/// the answer as it was.
fn leave(
    q: &crate::questionnaire::Question,
    text: String,
    current: Option<&str>,
    go: Go,
    leaving_refused: &mut bool,
) -> Result<Reply<AnswerValue>, String> {
    match text_change(text, current) {
        Change::Answer(text) => match q.check_text(&text) {
            Ok(value) => Ok(Reply {
                change: Change::Answer(value),
                go,
            }),
            Err(_) if go != Go::Forward && *leaving_refused => Ok(Reply::go(go)),
            Err(problem) => {
                let more = if go == Go::Forward {
                    ""
                } else {
                    *leaving_refused = true;
                    " Correct it, or press Esc again to leave this answer as it was."
                };
                Err(format!("{}{more}", problem.0))
            }
        },
        Change::Unchanged => Ok(Reply::go(go)),
        Change::Cleared => Ok(Reply {
            change: Change::Cleared,
            go,
        }),
    }
}

/// Asks for a one-line text that is not an answer ("other" described, a folder): `None` when
/// the respondent goes back with Esc.
pub fn line(
    t: &mut TerminalPrompter,
    page: &mut Page,
    start: &str,
    refuse_empty: Option<&str>,
) -> PromptResult<Option<String>> {
    let mut field = TextField::new(start, false);
    let mut status: Option<Status> = None;
    loop {
        page.status = status.clone();
        t.draw_text(page, &field, "Your answer", MIN_ROWS)?;
        let input = t.next_input(None);
        match action(page.keys, &input) {
            Some(Action::Enter) if !matches!(input, Input::Key { pasted: true, .. }) => {
                let text = field.text().trim().to_string();
                match refuse_empty {
                    Some(why) if text.is_empty() => {
                        status = Some(Status::Problem(why.to_string()));
                        continue;
                    }
                    _ => return Ok(Some(text)),
                }
            }
            Some(Action::Back) => return Ok(None),
            Some(Action::Help) => {
                t.help(page)?;
                continue;
            }
            _ => {}
        }
        match input {
            Input::Stop => return Err(PromptError::Stopped),
            other => {
                edit(&mut field, &other, &mut status);
            }
        }
    }
}

/// Asks for a folder; `None` when declined.
pub fn ask_path_terminal(t: &mut TerminalPrompter, text: &str) -> PromptResult<Option<PathBuf>> {
    let mut page = t.plain_page(
        text,
        PICK,
        Some("Type the folder's path, then press Enter. Esc: carry on without.".into()),
    );
    let typed = line(t, &mut page, "", None)?;
    Ok(typed.filter(|t| !t.is_empty()).map(PathBuf::from))
}

/// Asks a short answer, an email address or a phone number in plain mode. Text typed before
/// the program stopped counts as the answer so far.
pub fn plain(
    p: &mut PlainPrompter<'_>,
    ask: Ask<'_>,
    current: Option<&str>,
    unfinished: Option<&str>,
) -> PromptResult<Reply<AnswerValue>> {
    p.question_heading(ask)?;
    let q = ask.question;
    let kept = unfinished.or(current).filter(|c| !c.is_empty());
    loop {
        let keep = match kept {
            Some(c) => format!(" Your answer so far is: {c}. Press Enter to keep it."),
            None => skip_words(q.required).to_string(),
        };
        p.say(&format!(
            "Type {} on one line, then press Enter.{keep} {NAV_HINT}",
            what(&q.kind)
        ))?;
        let typed = match p.answer_line()? {
            Line::Command(reply) => return Ok(reply),
            Line::Text(t) if t.trim().is_empty() => match unfinished {
                Some(u) if !u.trim().is_empty() => u.to_string(),
                _ => return Ok(Reply::keep()),
            },
            Line::Text(t) => t,
        };
        match q.check_text(&typed) {
            Ok(v) => return Ok(Reply::answer(v)),
            Err(problem) => p.say(&problem.0)?,
        }
    }
}

/// Asks for a folder in plain mode; `None` when declined with an empty line.
pub fn ask_path_plain(p: &mut PlainPrompter<'_>, text: &str) -> PromptResult<Option<PathBuf>> {
    p.say(text)?;
    let line = p.line()?;
    let t = line.trim();
    Ok((!t.is_empty()).then(|| PathBuf::from(t)))
}
