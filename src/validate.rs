//! The `validate` command, and the rules for a response that did read: what `validate` reports
//! and what `collate` writes in its `problems` column, so that the two always agree.
//!
//! Exit codes: 0 when every file is valid, 1 when any is not (the files are what is being
//! checked, so an invalid one is a finding rather than a mistake on the command line), 2 for
//! usage errors such as an identity file that cannot be read.

use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;

use crate::cli::ValidateArgs;
use crate::encryption::Key;
use crate::error::{ExitCode, Result};
use crate::field_rules::{check_email, check_one_line, check_phone};
use crate::questionnaire::{
    FIXED_COLUMNS, KindName, Role, SPREADSHEET_COLUMNS, is_valid_id, takes_fixed_column,
};
use crate::render::sanitise;
use crate::response_file::{Origin, read_json};
use crate::response_json::{Scratch, parse_view};
use crate::response_view::{EntryView, ResponseView, SourceView, ValueView};

/// What was found about one file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub file: String,
    pub valid: bool,
    pub problems: Vec<String>,
}

pub fn run(args: &ValidateArgs) -> Result<ExitCode> {
    let key = args.identity.as_deref().map(Key::load).transpose()?;
    let mut all_valid = true;
    for path in &args.files {
        let report = check_file(path, key.as_ref());
        all_valid &= report.valid;
        let line = if args.json {
            // JSON escapes keep the text whole and the terminal safe.
            crate::render::json::line(&report)
        } else {
            let text = if report.valid {
                format!("OK  {}", report.file)
            } else {
                format!("INVALID  {}: {}", report.file, report.problems.join("; "))
            };
            // One line per file, whatever the file holds.
            format!("{}\n", sanitise::line(&text)).into_bytes()
        };
        crate::output::stdout(&line)?;
    }
    Ok(if all_valid {
        ExitCode::Success
    } else {
        ExitCode::Failure
    })
}

/// Reads and checks one response file named on the command line.
pub fn check_file(path: &Path, key: Option<&Key>) -> Report {
    let mut bytes = Vec::new();
    let problems = match read_json(path, Origin::Named, key, &mut bytes) {
        Err(problem) => vec![problem.message],
        Ok(()) => {
            let mut copy = bytes.clone();
            match parse_view(&mut copy, &mut Scratch::default()) {
                Ok(view) => problems(&view),
                Err(_) => vec![crate::response_json::explain(&bytes)],
            }
        }
    };
    Report {
        file: sanitise::path(path),
        valid: problems.is_empty(),
        problems,
    }
}

/// The most question columns a response may bring: a spreadsheet's columns, less the fixed ones.
pub const MAX_QUESTION_COLUMNS: usize = SPREADSHEET_COLUMNS - FIXED_COLUMNS.len();

/// Why an answer's id cannot be a column of `collate`'s tables, if it cannot: it is not a
/// well-formed question id (so it could hold line breaks, markup or a formula), or it takes the
/// name of a fixed column (so that a reader going by column names would read it instead).
pub fn answer_id_problem(id: &str, entry: &EntryView) -> Option<String> {
    let shown = || sanitise::line(id);
    if !is_valid_id(id) {
        let shown = shown();
        return Some(format!(
            "the answer id `{shown}` is not a question id (a lowercase letter, then lowercase letters, digits, `_` and `-`); that answer is left out of tables"
        ));
    }
    if takes_fixed_column(id, entry.role) {
        let shown = shown();
        return Some(format!(
            "the answer id `{shown}` is the name of one of collate's own columns; that answer is left out of tables"
        ));
    }
    None
}

/// What `validate` and `collate` say when an imported response's consent is not answered.
pub const CONSENT_UNCLEAR: &str = "consent unclear in the Word form: ask the respondent";

/// Everything wrong with a response that did read: bad timestamps or return address, answer ids
/// that cannot be columns, more answers than a spreadsheet has columns, missing required
/// answers, malformed email addresses and phone numbers, one-line answers on several lines,
/// answers of the wrong kind, consent not given as yes or no or disagreeing with
/// `consent_to_future_contact`; and for a response imported from a form, consent left unclear
/// ([`CONSENT_UNCLEAR`]) and each piece of the form's text that could not be placed, quoted
/// whole. Each problem is one line.
///
/// A required question that an imported form does not ask (`source.not_on_form`), or that it
/// asks in one box with others whose text is kept in the box's first answer (`form_box`), is
/// not missing.
pub fn problems(view: &ResponseView) -> Vec<String> {
    check(view, true)
}

/// [`problems`], for output that leaves contact details out (`collate --anonymise`): a
/// malformed email address or phone number is named without being quoted, and so is unplaced
/// text found beside a contact-detail question.
pub fn problems_without_contact_details(view: &ResponseView) -> Vec<String> {
    check(view, false)
}

fn check(view: &ResponseView, quote_contact_details: bool) -> Vec<String> {
    let mut out = Vec::new();
    timestamps(view, &mut out);
    if check_email(view.return_to.email.trim()).is_err() {
        out.push(format!(
            "the return address `{}` is not a well-formed email address",
            sanitise::line(&view.return_to.email)
        ));
    }
    if view.answers.0.len() > MAX_QUESTION_COLUMNS {
        out.push(format!(
            "it has {} answers, more than the {MAX_QUESTION_COLUMNS} question columns a spreadsheet can show",
            view.answers.0.len()
        ));
    }
    let form = view.source.as_ref().map(|source| Form::of(view, source));
    for (id, entry) in &view.answers.0 {
        if let Some(problem) = answer_id_problem(id, entry) {
            out.push(problem);
        }
        if !entry.retired {
            let quote = quote_contact_details || !entry.is_contact_detail();
            answer(form.as_ref(), id, entry, quote, &mut out);
        }
    }
    consent(view, &mut out);
    unplaced(view, quote_contact_details, &mut out);
    out
}

/// What an imported response says about its form, gathered once so that each question is
/// looked up rather than searched for (a file may hold many thousands).
struct Form<'v> {
    /// The questions the form does not ask.
    not_on_form: HashSet<&'v str>,
    /// The questions answered.
    given: HashSet<&'v str>,
}

impl<'v> Form<'v> {
    fn of(view: &'v ResponseView, source: &'v SourceView) -> Form<'v> {
        Form {
            not_on_form: source.not_on_form.iter().map(|q| q.as_ref()).collect(),
            given: view
                .answers
                .0
                .iter()
                .filter(|(_, e)| e.given().is_some())
                .map(|(id, _)| id.as_ref())
                .collect(),
        }
    }

    /// Whether the unanswered question `id` was answered another way, or could not be: the
    /// form does not ask it, or asks it in a box whose text is kept, given, in another answer.
    fn answered_elsewhere(&self, id: &str, entry: &EntryView) -> bool {
        self.not_on_form.contains(id)
            || entry.form_box.as_ref().is_some_and(|b| {
                b.answer_in != id
                    && b.questions.iter().any(|q| q == id)
                    && self.given.contains(b.answer_in.as_ref())
            })
    }
}

/// Each piece of an imported form's text that answers no question, quoted whole on one line
/// (unless it was found beside a contact-detail question and `quote_contact_details` is false).
fn unplaced(view: &ResponseView, quote_contact_details: bool, out: &mut Vec<String>) {
    let Some(pieces) = &view.unplaced else {
        return;
    };
    let contact: HashSet<&str> = match quote_contact_details {
        true => HashSet::new(),
        false => view
            .answers
            .0
            .iter()
            .filter(|(_, e)| e.is_contact_detail())
            .map(|(id, _)| id.as_ref())
            .collect(),
    };
    for piece in pieces {
        let beside_contact = piece
            .question
            .as_ref()
            .is_some_and(|q| contact.contains(q.as_ref()));
        let place = sanitise::one_line(&piece.location);
        out.push(if quote_contact_details || !beside_contact {
            format!(
                "text from the Word form that could not be placed ({place}): \"{}\"",
                sanitise::one_line(&piece.text)
            )
        } else {
            format!(
                "text from the Word form that could not be placed ({place}), left out with the contact details"
            )
        });
    }
}

fn timestamps(view: &ResponseView, out: &mut Vec<String>) {
    let mut parsed = Vec::new();
    for (name, value) in [
        ("started_at", &view.started_at),
        ("completed_at", &view.completed_at),
    ] {
        match value.parse::<jiff::Timestamp>() {
            Ok(t) => parsed.push(t),
            Err(_) => out.push(format!(
                "{name} `{}` is not a date and time with a UTC offset (RFC 3339)",
                sanitise::line(value)
            )),
        }
    }
    if let [start, end] = parsed[..]
        && end < start
    {
        out.push("completed_at is before started_at".to_string());
    }
}

/// The problems of one answer; `quote` says whether its text may be quoted in them, `form` is
/// what an imported response says about its form.
fn answer(form: Option<&Form>, id: &str, entry: &EntryView, quote: bool, out: &mut Vec<String>) {
    let elsewhere = || form.is_some_and(|f| f.answered_elsewhere(id, entry));
    let id = sanitise::line(id);
    if !entry.answer_fits_kind() {
        out.push(format!(
            "the answer to `{id}` is not of the kind the question takes ({})",
            entry.kind
        ));
        return;
    }
    if entry.required
        && entry.given().is_none()
        && entry.role != Some(Role::Consent)
        && !elsewhere()
    {
        out.push(format!(
            "required answer missing: `{id}` ({})",
            sanitise::one_line(&entry.question)
        ));
    }
    let Some(ValueView::Text(text)) = entry.given() else {
        return;
    };
    if entry.kind == KindName::Short && check_one_line(text).is_err() {
        out.push(format!(
            "the answer to `{id}` ({}) is on several lines; it should be one line",
            sanitise::one_line(&entry.question)
        ));
    }
    if (entry.role == Some(Role::Email) || entry.kind == KindName::Email)
        && check_email(text.trim()).is_err()
    {
        out.push(match quote {
            true => format!(
                "the email address `{}` given for `{id}` is not well-formed",
                sanitise::line(text)
            ),
            false => format!("the email address given for `{id}` is not well-formed"),
        });
    }
    if (entry.role == Some(Role::Phone) || entry.kind == KindName::Phone)
        && check_phone(text.trim()).is_err()
    {
        out.push(match quote {
            true => format!(
                "the phone number `{}` given for `{id}` is not well-formed",
                sanitise::line(text)
            ),
            false => format!("the phone number given for `{id}` is not well-formed"),
        });
    }
}

fn consent(view: &ResponseView, out: &mut Vec<String>) {
    let consent = view
        .answers
        .0
        .iter()
        .find(|(_, e)| !e.retired && e.role == Some(Role::Consent));
    let Some((id, entry)) = consent else {
        out.push(
            "it has no answer to the consent question (no answer has role consent)".to_string(),
        );
        return;
    };
    let asked = view
        .source
        .as_ref()
        .is_none_or(|s| !s.not_on_form.iter().any(|q| q == id));
    let id = sanitise::line(id);
    match &entry.answer {
        Some(ValueView::YesNo(b)) => {
            if *b != view.consent_to_future_contact {
                out.push(format!(
                    "consent_to_future_contact is {} but the answer to `{id}` is {}",
                    view.consent_to_future_contact,
                    crate::answer::yes_no_word(*b)
                ));
            }
        }
        None if view.source.is_some() => out.push(if asked {
            CONSENT_UNCLEAR.to_string()
        } else {
            format!("{CONSENT_UNCLEAR} (the form does not ask it)")
        }),
        None => out.push(format!(
            "consent missing: `{id}` ({}) is not answered",
            sanitise::one_line(&entry.question)
        )),
        Some(_) => {
            if entry.answer_fits_kind() {
                out.push(format!("consent (`{id}`) must be answered yes or no"));
            }
        }
    }
}
