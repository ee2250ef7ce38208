//! A choice from a list: one option or any number. In the terminal, Enter chooses the
//! highlighted option or Space ticks; labels are wrapped, never cut; a paste is ignored with a
//! kind word, and a burst of keys (a paste the terminal did not bracket) can neither tick nor
//! choose. In plain mode the options are numbered and answered with numbers. In both, choosing
//! "other" asks for a few words in the same words, and going back from there returns to the
//! list (Esc, or `:back`).

use crossterm::event::KeyCode;

use crate::answer::{Selection, parse_numbers};
use crate::plain::{Line, NAV_HINT, PlainPrompter};
use crate::prompt::{Ask, Change, Go, Reply};
use crate::prompt::{PromptError, PromptResult};
use crate::questionnaire::{Kind, Question};

use super::one_line;
use crate::terminal::input::Input;
use crate::terminal::keymap::{Action, Binding, CHOOSE_ONE, PICK, TICK_ANY};
use crate::terminal::list::{Item, List};
use crate::terminal::page::{FieldRows, Page, Status};
use crate::terminal::{TerminalPrompter, action};

/// The keys while describing "other".
const DESCRIBE: &[Binding] = &[
    Binding {
        help: "done",
        ..crate::terminal::keymap::ONE_LINE[0]
    },
    Binding {
        help: "back to the list",
        ..crate::terminal::keymap::ONE_LINE[1]
    },
];

/// What choosing "other" asks, in both modes.
fn describe_other(label: &str) -> String {
    format!("You chose \"{label}\". Please describe it in a few words.")
}

const PASTE_IGNORED: &str =
    "Pasted text does nothing in a list: use the arrow keys to move, then Enter to choose.";

/// Draws `page` with `list` in its field area.
fn draw(t: &mut TerminalPrompter, page: &Page, list: &List) -> std::io::Result<()> {
    let theme = t.theme;
    let width = t.screen.size()?.width;
    let want = list.rows_wanted(width, theme);
    t.screen.draw(|frame| {
        let areas = page.render(frame, theme, FieldRows { min: 3, want });
        list.render(frame, areas.field, theme);
    })
}

/// What the respondent did at a list.
enum Listed {
    Enter,
    Go(Go),
}

/// Runs a list until Enter, Esc or Ctrl-R.
fn run(
    t: &mut TerminalPrompter,
    page: &mut Page,
    list: &mut List,
    keys: &[Binding],
) -> PromptResult<Listed> {
    let mut status: Option<Status> = None;
    loop {
        page.status = status.clone();
        draw(t, page, list)?;
        let rows = usize::from(t.screen.size()?.height / 2);
        let input = t.next_input(None);
        if input == Input::Stop {
            return Err(PromptError::Stopped);
        }
        if t.refuse_paste(&input, |key| {
            matches!(key.code, KeyCode::Enter | KeyCode::Char(' '))
        }) {
            status = Some(Status::Info(PASTE_IGNORED.into()));
            continue;
        }
        match action(keys, &input) {
            Some(Action::Enter) => return Ok(Listed::Enter),
            Some(Action::Toggle) => {
                list.toggle();
                status = None;
                // "This question needs an answer" and the like are answered by the tick.
                page.notices.clear();
            }
            Some(Action::Back) => return Ok(Listed::Go(Go::Back)),
            Some(Action::Review) => return Ok(Listed::Go(Go::Review)),
            Some(Action::Help) => t.help(page)?,
            _ => {
                if let Input::Key { key, .. } = &input {
                    list.navigate(key, rows);
                }
            }
        }
    }
}

/// Asks a choice question.
pub fn terminal(
    t: &mut TerminalPrompter,
    ask: Ask<'_>,
    current: Option<&Selection>,
) -> PromptResult<Reply<Selection>> {
    let q = ask.question;
    let labels = q.option_labels();
    let multiple = matches!(q.kind, Kind::Choice { multiple: true, .. });
    let has_other = matches!(&q.kind, Kind::Choice { other: Some(_), .. });
    let chosen = current.map(|s| q.selection_indexes(s)).unwrap_or_default();
    let (keys, how) = how_to_choose(multiple);
    let mut page = t.question_page(ask, keys, Some(how.into()));
    let mut list = opening_list(&labels, multiple, &chosen);
    let mut other_text = current.and_then(|s| s.other.clone());
    loop {
        let go = match run(t, &mut page, &mut list, keys)? {
            Listed::Enter => Go::Forward,
            Listed::Go(go) => go,
        };
        let Some(mut indexes) = chosen_indexes(&list, go) else {
            return Ok(Reply::go(go));
        };
        // Leaving without changing the ticks changes nothing; Enter takes the ticks as they
        // are (a default offered by the questionnaire included).
        if go != Go::Forward && indexes == chosen {
            return Ok(Reply::go(go));
        }
        if indexes.is_empty() {
            return Ok(nothing_chosen(current.is_some(), go));
        }
        if has_other && indexes.contains(&(labels.len() - 1)) {
            if go == Go::Forward {
                let label = &labels[labels.len() - 1];
                match describe_other_terminal(t, label, other_text.as_deref())? {
                    Some(words) => other_text = Some(words),
                    None => continue,
                }
            } else if other_text.is_none() {
                // Leaving with "other" ticked but not described: the rest of the ticks are kept.
                indexes.retain(|&i| i != labels.len() - 1);
                if indexes.is_empty() {
                    return Ok(Reply::go(go));
                }
            }
        }
        let other = if indexes.contains(&(labels.len() - 1)) && has_other {
            other_text.clone()
        } else {
            None
        };
        match q.selection(&indexes, other) {
            Ok(s) => {
                return Ok(Reply {
                    change: Change::Answer(s),
                    go,
                });
            }
            Err(problem) => page.notices = vec![problem.0],
        }
    }
}

/// The keys of a choice list and how to use them: ticking any number, or choosing one.
fn how_to_choose(multiple: bool) -> (&'static [Binding], &'static str) {
    if multiple {
        (
            TICK_ANY,
            "Tick all that apply: move with the up and down arrows, Space ticks or unticks, Enter when done.",
        )
    } else {
        (
            CHOOSE_ONE,
            "Choose one: move with the up and down arrows, then press Enter.",
        )
    }
}

/// The list of options as the question opens: the answer so far ticked where any number may
/// be chosen, and the highlight on its first option either way.
fn opening_list(labels: &[String], multiple: bool, chosen: &[usize]) -> List {
    let items = labels.iter().map(Item::option).collect();
    let ticks = multiple.then(|| (0..labels.len()).map(|i| chosen.contains(&i)).collect());
    List::new(items, ticks, chosen.first().copied())
}

/// Leaving with nothing chosen in direction `go`: an answer given before is cleared.
fn nothing_chosen(answered: bool, go: Go) -> Reply<Selection> {
    Reply {
        change: if answered {
            Change::Cleared
        } else {
            Change::Unchanged
        },
        go,
    }
}

/// The options chosen on leaving `list` in direction `go`: the ticked ones, or the highlighted
/// one with Enter. `None` when leaving a one-choice list any other way, which chooses nothing
/// (moving the highlight is not choosing).
fn chosen_indexes(list: &List, go: Go) -> Option<Vec<usize>> {
    match &list.ticks {
        Some(ticks) => Some((0..ticks.len()).filter(|&i| ticks[i]).collect()),
        None if go == Go::Forward => Some(vec![list.cursor]),
        None => None,
    }
}

/// Asks for the few words that describe "other" (`label`), starting from those written before:
/// the words, or `None` when the respondent goes back to the list with Esc.
fn describe_other_terminal(
    t: &mut TerminalPrompter,
    label: &str,
    before: Option<&str>,
) -> PromptResult<Option<String>> {
    let mut describe = t.plain_page(
        &describe_other(label),
        DESCRIBE,
        Some("Type a few words on one line, then press Enter. Esc goes back to the list.".into()),
    );
    one_line::line(
        t,
        &mut describe,
        before.unwrap_or(""),
        Some("A few words are enough."),
    )
}

/// Runs `list` on `page`: the index chosen with Enter, or `None` for Esc.
pub fn list_page(
    t: &mut TerminalPrompter,
    page: &mut Page,
    list: &mut List,
    keys: &[Binding],
) -> PromptResult<Option<usize>> {
    Ok(match run(t, page, list, keys)? {
        Listed::Enter => Some(list.cursor),
        Listed::Go(_) => None,
    })
}

/// Picks one of several options that are not an answer (a draft to carry on with); `None` when
/// the respondent declines with Esc.
pub fn pick_terminal(
    t: &mut TerminalPrompter,
    text: &str,
    options: &[String],
) -> PromptResult<Option<usize>> {
    let mut page = t.plain_page(
        text,
        PICK,
        Some("Move with the up and down arrows, then press Enter.".into()),
    );
    let items = options.iter().map(Item::option).collect();
    let mut list = List::new(items, None, None);
    Ok(match run(t, &mut page, &mut list, PICK)? {
        Listed::Enter => Some(list.cursor),
        Listed::Go(_) => None,
    })
}

/// Asks a choice question in plain mode: the options numbered from 1, answered with a number
/// (or several, separated by commas, where more than one may be chosen).
pub fn plain(
    p: &mut PlainPrompter<'_>,
    ask: Ask<'_>,
    current: Option<&Selection>,
) -> PromptResult<Reply<Selection>> {
    p.question_heading(ask)?;
    let q = ask.question;
    let labels = q.option_labels();
    for (i, label) in labels.iter().enumerate() {
        p.say(&format!("{}. {label}", i + 1))?;
    }
    loop {
        p.say(&format!("{} {NAV_HINT}", how_to_answer_plain(q, current)))?;
        let text = match p.answer_line()? {
            Line::Command(reply) => return Ok(reply),
            Line::Text(t) if t.trim().is_empty() => return Ok(Reply::keep()),
            Line::Text(t) => t,
        };
        let indexes = match parse_numbers(&text, labels.len()) {
            Ok(ix) => ix,
            Err(problem) => {
                p.say(&problem.0)?;
                continue;
            }
        };
        let other_index = labels.len().saturating_sub(1);
        let wants_other = q.option_count() > 0
            && matches!(&q.kind, Kind::Choice { other: Some(_), .. })
            && indexes.contains(&other_index);
        let other = if wants_other {
            let before = current.and_then(|s| s.other.clone());
            match describe_other_plain(p, &labels[other_index], before)? {
                Described::Words(words) => words,
                Described::Back => continue,
            }
        } else {
            None
        };
        match q.selection(&indexes, other) {
            Ok(s) => return Ok(Reply::answer(s)),
            Err(problem) => p.say(&problem.0)?,
        }
    }
}

/// How to answer a choice question in plain mode: one number or several, and what Enter alone
/// does (keeps the answer so far, skips, or nothing when the question is required).
fn how_to_answer_plain(q: &Question, current: Option<&Selection>) -> String {
    let how = if matches!(q.kind, Kind::Choice { multiple: true, .. }) {
        "Type the numbers of all that apply, separated by commas, then press Enter."
    } else {
        "Type the number of your choice, then press Enter."
    };
    let keep = match current {
        Some(s) => {
            let numbers: Vec<String> = q
                .selection_indexes(s)
                .iter()
                .map(|i| (i + 1).to_string())
                .collect();
            format!(
                " Your answer so far is {}. Press Enter to keep it.",
                numbers.join(", ")
            )
        }
        None if q.required => String::new(),
        None => " Press Enter to skip.".to_string(),
    };
    format!("{how}{keep}")
}

/// What the respondent said when asked to describe "other" in plain mode.
enum Described {
    /// The words typed, or those written before for an empty line (`None` if there were none).
    Words(Option<String>),
    /// `:back`: choose again.
    Back,
}

/// Asks for the few words that describe "other" (`label`) in plain mode; an empty line keeps
/// `before`, the words written before.
fn describe_other_plain(
    p: &mut PlainPrompter<'_>,
    label: &str,
    before: Option<String>,
) -> PromptResult<Described> {
    let keep = before
        .as_ref()
        .map(|b| format!(" You wrote before: {b}. Press Enter to keep it."))
        .unwrap_or_default();
    p.say(&format!(
        "{} Type them on one line, then press Enter.{keep} To choose again, type :back.",
        describe_other(label)
    ))?;
    let line = p.line()?;
    if crate::prompt::command::<()>(&line).is_some_and(|r| r.go == Go::Back) {
        return Ok(Described::Back);
    }
    Ok(Described::Words(if line.trim().is_empty() {
        before
    } else {
        Some(line)
    }))
}

/// Picks one of several options that are not an answer, in plain mode; `None` for an empty
/// line.
pub fn pick_plain(
    p: &mut PlainPrompter<'_>,
    text: &str,
    options: &[String],
) -> PromptResult<Option<usize>> {
    p.say(text)?;
    for (i, o) in options.iter().enumerate() {
        p.say(&format!("{}. {o}", i + 1))?;
    }
    loop {
        p.say("Type a number, then press Enter. Press Enter alone to cancel.")?;
        let line = p.line()?;
        if line.trim().is_empty() {
            return Ok(None);
        }
        match parse_numbers(&line, options.len()) {
            Ok(ix) if ix.len() == 1 => return Ok(Some(ix[0])),
            Ok(_) => p.say("Please type just one number.")?,
            Err(problem) => p.say(&problem.0)?,
        }
    }
}
