//! A long answer. In the terminal: a multi-line editor below the question. Enter starts a new
//! line, a paste of any size lands whole at the cursor (a line holding only `.` is just text),
//! and Ctrl-D, the same in every long answer, finishes. Going back to an answer, resuming it or
//! choosing it at the review opens it here with its text and the cursor at the end: what is in
//! the field is the answer. In plain mode: every line up to a line holding only `.`. In both
//! the text is saved as it is typed, and how to write one is said in full once, then briefly.

use std::time::Duration;

use crate::plain::{NAV_HINT, PlainPrompter};
use crate::prompt::{Ask, Change, END, Go, Reply, TextKeeper, command};
use crate::prompt::{PromptError, PromptResult};
use crate::wording::count;

use crate::terminal::editor::{self, Edited};
use crate::terminal::input::{Input, clean_paste};
use crate::terminal::kept_field::KeptField;
use crate::terminal::keymap::{Action, LONG_TEXT};
use crate::terminal::page::Status;
use crate::terminal::text_field::{Pasted, TextField};
use crate::terminal::{TerminalPrompter, action, text_change};

/// The rows a long answer's box keeps at least, its border included.
const MIN_ROWS: u16 = 6;

/// Asks a long answer in the terminal.
pub fn terminal(
    t: &mut TerminalPrompter,
    ask: Ask<'_>,
    current: Option<&str>,
    unfinished: Option<&str>,
    keeper: &mut dyn TextKeeper,
) -> PromptResult<Reply<String>> {
    let how = how_to_write(std::mem::replace(&mut t.long_explained, true));
    let mut page = t.question_page(ask, LONG_TEXT, Some(how.to_string()));
    let mut kept = KeptField::new(
        TextField::new(unfinished.or(current).unwrap_or(""), true),
        keeper,
    );
    let mut status = opening_status(current, unfinished, ask.question.required);
    crate::interrupt::set_watching(true);
    let go = loop {
        page.status = kept.save_problem().or_else(|| status.clone());
        t.draw_text(&page, &kept.field, "Your answer", MIN_ROWS)?;
        let input = t.next_input(kept.due_in());
        match action(LONG_TEXT, &input) {
            Some(Action::Finish) => break Go::Forward,
            Some(Action::Back) => break Go::Back,
            Some(Action::Review) => break Go::Review,
            Some(Action::Help) => t.help(&page)?,
            Some(Action::Undo) if kept.field.undo() => kept.changed(),
            Some(Action::Redo) if kept.field.redo() => kept.changed(),
            Some(Action::Editor) => {
                status = Some(open_editor(t, &ask.question.id, &mut kept.field)?);
                kept.kept_elsewhere();
            }
            Some(_) => {}
            None => type_into(&mut kept, input, &mut status)?,
        }
        kept.tick();
    };
    crate::interrupt::set_watching(false);
    kept.leave();
    Ok(Reply {
        change: text_change(kept.field.text(), current),
        go,
    })
}

/// The line under a long answer's question: in full the first time, then briefly.
fn how_to_write(explained: bool) -> &'static str {
    if explained {
        "Enter starts a new line; Ctrl-D when you have finished."
    } else {
        "Type or paste your answer here: it can be many lines and paragraphs, and is saved as you type. Enter starts a new line. When you have finished, press Ctrl-D."
    }
}

/// Types a key or paste that is no command into the answer and has it kept; a typed key clears
/// a word of information under the field. When the program is stopped, the text goes in the
/// draft at once and the question ends.
fn type_into(
    kept: &mut KeptField<'_>,
    input: Input,
    status: &mut Option<Status>,
) -> PromptResult<()> {
    match input {
        Input::Stop => {
            kept.stop();
            crate::interrupt::set_watching(false);
            return Err(PromptError::Stopped);
        }
        Input::Paste(text) => {
            *status = Some(paste(&mut kept.field, &text));
            kept.pasted();
        }
        Input::Key { key, .. } => {
            if kept.field.edit(&key) {
                kept.changed();
                if matches!(status, Some(Status::Info(_))) {
                    *status = None;
                }
            }
        }
        Input::Timeout | Input::Resize => {}
    }
    Ok(())
}

/// What the line under a long answer says as it opens: where its text came from, or how to
/// skip the question.
fn opening_status(
    current: Option<&str>,
    unfinished: Option<&str>,
    required: bool,
) -> Option<Status> {
    let words = if unfinished.is_some() {
        "Here is what you had written before you stopped: carry on from where the cursor is."
    } else if current.is_some_and(|c| !c.is_empty()) {
        "Your answer so far: change it as you like. What is here when you press Ctrl-D is your answer."
    } else if !required {
        "To skip this question, press Ctrl-D with nothing written."
    } else {
        return None;
    };
    Some(Status::Info(words.into()))
}

/// Inserts a paste at the cursor, whole; returns what to say about it.
fn paste(field: &mut TextField, text: &str) -> Status {
    let text = clean_paste(text);
    match field.paste(&text) {
        Pasted::Empty => Status::Info("The paste held no text.".into()),
        _ => Status::Info(format!(
            "Pasted {}.",
            count(text.split('\n').count(), "line", "lines")
        )),
    }
}

/// Opens the respondent's editor on the field's text, and puts what comes back in the field.
/// Returns what to say about it.
fn open_editor(
    t: &mut TerminalPrompter,
    question_id: &str,
    field: &mut TextField,
) -> PromptResult<Status> {
    let Some(active) = t.active.clone() else {
        return Ok(Status::Problem(
            "Your editor cannot be opened here. Carry on typing in this box.".into(),
        ));
    };
    if editor::chosen().is_none() {
        return Ok(Status::Problem(
            "No text editor is set up. To use one, set EDITOR (for example EDITOR=nano) and start again. You can carry on typing here.".into(),
        ));
    }
    t.screen.leave();
    let edited = editor::edit(&active, question_id, &field.text())?;
    // Whatever was typed while the editor was open went to the editor, not here.
    std::thread::sleep(Duration::from_millis(10));
    t.reader.discard_pending();
    Ok(match edited {
        Edited::Text(text) => {
            field.set_text(&text);
            Status::Info(
                "Here is your text from the editor. Press Ctrl-D when it is finished.".into(),
            )
        }
        Edited::Unchanged(reason) => Status::Problem(reason),
        Edited::Stopped => return Err(PromptError::Stopped),
    })
}

/// Asks a long answer in plain mode: every line up to a line holding only `.` (or the end of
/// input). Text written before the program stopped is shown and carried on from; an answer
/// already given is shown, kept with `.` alone, replaced by typing, removed with `:clear`.
pub fn plain(
    p: &mut PlainPrompter<'_>,
    ask: Ask<'_>,
    current: Option<&str>,
    unfinished: Option<&str>,
    keeper: &mut dyn TextKeeper,
) -> PromptResult<Reply<String>> {
    p.question_heading(ask)?;
    let mut answer = show_so_far(p, current, unfinished)?;
    let carried = !answer.is_empty();
    let skip = if ask.question.required || current.is_some_and(|c| !c.is_empty()) || carried {
        ""
    } else {
        " To skip this question, type the full stop straight away."
    };
    say_how_to_write(p, skip)?;
    let mut typed_lines = 0usize;
    loop {
        let line = match p.input.read_line()? {
            Some(line) => line,
            // The end of input ends the answer too; what follows finds it ended.
            None if answer.is_empty() => {
                return Err(PromptError::InputEnded);
            }
            None => break,
        };
        if line == END {
            break;
        }
        // Commands count only as the first line typed.
        if typed_lines == 0
            && let Some(reply) = command(&line)
        {
            return Ok(match (reply.go, carried) {
                // Leaving keeps what was written before the program stopped.
                (go, true) if reply.change == Change::Unchanged => Reply {
                    change: Change::Answer(answer),
                    go,
                },
                _ => reply,
            });
        }
        if !answer.is_empty() || typed_lines > 0 {
            answer.push('\n');
        }
        answer.push_str(&line);
        typed_lines += 1;
        // A script's lines (or a paste) arrive faster than they are worth saving one by one:
        // hand the text over when no whole line is waiting, or when it is due.
        if !p.input.line_waiting() || keeper.due() {
            keeper.keep(&answer);
        }
    }
    Ok(if answer.trim().is_empty() {
        Reply::keep()
    } else {
        Reply::answer(answer)
    })
}

/// Shows the text a long answer starts from in plain mode, and returns what the lines typed now
/// carry on from: text written before the program stopped (shown, and carried on from), or an
/// answer already given (shown, with how to keep, replace or remove it, and not carried on).
fn show_so_far(
    p: &mut PlainPrompter<'_>,
    current: Option<&str>,
    unfinished: Option<&str>,
) -> PromptResult<String> {
    if let Some(u) = unfinished {
        p.say("You had started this answer before you stopped. What you wrote is below, and the lines you type now carry on from it.")?;
        p.say(u)?;
        p.say("End of what you wrote before.")?;
        return Ok(u.to_string());
    }
    if let Some(c) = current.filter(|c| !c.is_empty()) {
        p.say("Your answer so far is below.")?;
        p.say(c)?;
        p.say("End of your answer so far. To keep it, type a full stop (.) on its own line. To replace it, type a new answer. To remove it, type :clear.")?;
    }
    Ok(String::new())
}

/// Says how to write a long answer in plain mode, in full the first time and then briefly,
/// followed by `skip` (how to skip it, or nothing).
fn say_how_to_write(p: &mut PlainPrompter<'_>, skip: &str) -> PromptResult<()> {
    if std::mem::replace(&mut p.long_explained, true) {
        p.say(&format!(
            "Write your answer, then a line with only a full stop (.).{skip}"
        ))
    } else {
        p.say(&format!(
            "Write your answer over as many lines as you like. When you have finished, type a line with only a full stop (.) and press Enter.{skip} {NAV_HINT}"
        ))
    }
}
