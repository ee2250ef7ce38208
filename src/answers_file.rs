//! Answers given up front (`ndti-respond new --answers FILE`), as cargo-generate's values file
//! and copier's data file give a template's answers: a TOML or JSON file mapping question ids to
//! answers, for an advocate preparing answers with someone, or a script.
//!
//! ```toml
//! name = "Jo Bloggs"
//! future_contact = false                      # yes/no: true or false, nothing else
//! respondent_type = ["nhs_trust"]             # a choice: a choice id, or a list of them
//! coproduce_focus = { selected = ["wider_community"], other = "Peer support" }
//! activity_type = """
//! Several paragraphs...
//! """
//! ```
//!
//! Every value passes the same check as a typed answer (the question's own rule). A file that
//! cannot be used is refused whole, before any question, with the file, line and column of the
//! first problem: nothing is guessed, and consent is only ever an explicit `true` or `false`.

use std::path::Path;

use indexmap::IndexMap;
use serde_json::value::RawValue;

use crate::ordered_entries::OrderedEntries;

use crate::answer::AnswerValue;
use crate::questionnaire::{Kind, Question, Questionnaire};
use crate::source_excerpt::LocatedProblem;

/// Why an answers file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AnswersFileError {
    #[error("cannot read the answers file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The file's content: where, and why (shown as `FILE:LINE:COLUMN: message` and the line).
    #[error(transparent)]
    Invalid(LocatedProblem),
}

/// An answer as the file gives it, before it is checked against its question.
enum Given {
    Text(String),
    Bool(bool),
    /// A list of choice ids.
    Ids(Vec<String>),
    /// `{ selected = [...], other = "..." }`.
    Choice {
        selected: Vec<String>,
        other: Option<String>,
    },
    /// Anything else: what it is, in words.
    Unusable(String),
}

/// Reads the answers in `path` (TOML, or JSON when it ends in `.json` or starts with `{`),
/// checked against `q`. Returns `(question id, answer)` pairs in questionnaire order.
///
/// Errors: the file cannot be read; it is not TOML or JSON; it names a question `q` does not
/// have, or gives a question twice; a value is of the wrong type for its question or fails the
/// question's rule (an email address that is not one, a choice id that is not an option).
pub fn load(
    path: &Path,
    q: &Questionnaire,
) -> Result<Vec<(String, AnswerValue)>, AnswersFileError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| AnswersFileError::Read {
        path: name.clone(),
        source,
    })?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let text = String::from_utf8_lossy(&bytes);
            return Err(invalid(
                &name,
                &text,
                e.valid_up_to(),
                "the file is not UTF-8 text: save it as UTF-8 (plain text) and try again".into(),
            ));
        }
    };
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    parse(text, &name, json, q)
}

/// Reads answers from `text` (JSON when `json`, else TOML); `name` names the file in messages.
pub fn parse(
    text: &str,
    name: &str,
    json: bool,
    q: &Questionnaire,
) -> Result<Vec<(String, AnswerValue)>, AnswersFileError> {
    // A byte-order mark (Notepad writes one) is not part of the content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at = |offset: usize, message: String| invalid(name, text, offset, message);
    let entries = if json {
        json_entries(text, &at)?
    } else {
        toml_entries(text, &at)?
    };
    let mut answers: IndexMap<String, AnswerValue> = IndexMap::new();
    for (id, offset, given) in entries {
        let Some(question) = q.question(&id) else {
            let ids: Vec<&str> = q.questions().map(|(_, x)| x.id.as_str()).collect();
            return Err(at(
                offset,
                format!(
                    "`{id}` is not a question of this questionnaire; its questions are: {}",
                    ids.join(", ")
                ),
            ));
        };
        if answers.contains_key(&id) {
            return Err(at(offset, format!("`{id}` is given twice")));
        }
        let value = answer(question, given).map_err(|m| at(offset, m))?;
        answers.insert(id, value);
    }
    Ok(q.questions()
        .filter_map(|(_, x)| answers.shift_remove(&x.id).map(|v| (x.id.clone(), v)))
        .collect())
}

fn invalid(name: &str, text: &str, offset: usize, message: String) -> AnswersFileError {
    AnswersFileError::Invalid(LocatedProblem::new(name, text, offset, message))
}

type Entries = Vec<(String, usize, Given)>;

fn toml_entries(
    text: &str,
    at: &impl Fn(usize, String) -> AnswersFileError,
) -> Result<Entries, AnswersFileError> {
    let table: IndexMap<String, toml::Spanned<toml::Value>> =
        toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let found = text.get(span.clone()).unwrap_or_default();
            at(
                span.start,
                crate::questionnaire::plain_toml_message(e.message(), found),
            )
        })?;
    Ok(table
        .into_iter()
        .map(|(id, value)| {
            let offset = value.span().start;
            (id, offset, from_toml(value.into_inner()))
        })
        .collect())
}

fn from_toml(value: toml::Value) -> Given {
    let strings = |items: &[toml::Value]| -> Option<Vec<String>> {
        items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    match value {
        toml::Value::String(s) => Given::Text(s),
        toml::Value::Boolean(b) => Given::Bool(b),
        toml::Value::Array(items) => match strings(&items) {
            Some(ids) => Given::Ids(ids),
            None => Given::Unusable("a list holding something other than choice ids".into()),
        },
        toml::Value::Table(t) => {
            let selected = match t.get("selected") {
                None => Some(Vec::new()),
                Some(toml::Value::String(s)) => Some(vec![s.clone()]),
                Some(toml::Value::Array(items)) => strings(items),
                Some(_) => None,
            };
            let other = match t.get("other") {
                None => Some(None),
                Some(toml::Value::String(s)) => Some(Some(s.clone())),
                Some(_) => None,
            };
            let known = t.keys().all(|k| k == "selected" || k == "other");
            match (selected, other, known) {
                (Some(selected), Some(other), true) => Given::Choice { selected, other },
                _ => Given::Unusable(
                    "a table other than { selected = [choice ids], other = \"words\" }".into(),
                ),
            }
        }
        other => Given::Unusable(format!("{} {other}", other.type_str())),
    }
}

fn json_entries(
    text: &str,
    at: &impl Fn(usize, String) -> AnswersFileError,
) -> Result<Entries, AnswersFileError> {
    let entries: OrderedEntries<String, &RawValue> = serde_json::from_str(text).map_err(|e| {
        // serde_json counts lines from 1 and columns in bytes from 1.
        let line_start: usize = text
            .split_inclusive('\n')
            .take(e.line().saturating_sub(1))
            .map(str::len)
            .sum();
        at(
            line_start + e.column().saturating_sub(1),
            format!("this is not valid JSON: {e}"),
        )
    })?;
    let mut out = Vec::new();
    for (id, raw) in entries.0 {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let value: serde_json::Value = serde_json::from_str(raw.get())
            .map_err(|e| at(offset, format!("this is not valid JSON: {e}")))?;
        out.push((id, offset, from_json(value)));
    }
    Ok(out)
}

fn from_json(value: serde_json::Value) -> Given {
    use serde_json::Value;
    let strings = |items: &[Value]| -> Option<Vec<String>> {
        items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    match value {
        Value::String(s) => Given::Text(s),
        Value::Bool(b) => Given::Bool(b),
        Value::Array(items) => match strings(&items) {
            Some(ids) => Given::Ids(ids),
            None => Given::Unusable("a list holding something other than choice ids".into()),
        },
        Value::Object(o) => {
            let selected = match o.get("selected") {
                None => Some(Vec::new()),
                Some(Value::String(s)) => Some(vec![s.clone()]),
                Some(Value::Array(items)) => strings(items),
                Some(_) => None,
            };
            let other = match o.get("other") {
                None => Some(None),
                Some(Value::String(s)) => Some(Some(s.clone())),
                Some(_) => None,
            };
            let known = o.keys().all(|k| k == "selected" || k == "other");
            match (selected, other, known) {
                (Some(selected), Some(other), true) => Given::Choice { selected, other },
                _ => Given::Unusable(
                    "an object other than {\"selected\": [choice ids], \"other\": \"words\"}"
                        .into(),
                ),
            }
        }
        Value::Null => Given::Unusable("null".into()),
        Value::Number(n) => Given::Unusable(format!("the number {n}")),
    }
}

/// Checks a given answer against its question, by the question's own rule.
fn answer(question: &Question, given: Given) -> Result<AnswerValue, String> {
    let id = &question.id;
    match (&question.kind, given) {
        (Kind::YesNo { .. }, Given::Bool(b)) => Ok(AnswerValue::YesNo(b)),
        (Kind::YesNo { .. }, _) => Err(format!(
            "`{id}` is a yes/no question: answer it with true or false"
        )),
        (Kind::Short | Kind::Email | Kind::Phone | Kind::Long, Given::Text(t)) => {
            if t.trim().is_empty() {
                return Err(format!(
                    "the answer to `{id}` is empty; leave `{id}` out of the file to answer it in the wizard"
                ));
            }
            question
                .check_text(&t)
                .map_err(|p| format!("`{id}`: {}", p.0))
        }
        (Kind::Short | Kind::Email | Kind::Phone | Kind::Long, other) => Err(format!(
            "`{id}` takes text: write it in quotes (found {})",
            describe(&other)
        )),
        (Kind::Choice { choices, other, .. }, given) => {
            let (ids, other_words) = match given {
                Given::Text(id) => (vec![id], None),
                Given::Ids(ids) => (ids, None),
                Given::Choice { selected, other } => (selected, other),
                other => {
                    return Err(format!(
                        "`{id}` is answered with a choice id, a list of them, or {{ selected = [ids], other = \"words\" }} (found {})",
                        describe(&other)
                    ));
                }
            };
            let mut indexes = Vec::new();
            for choice in &ids {
                match choices.iter().position(|c| &c.id == choice) {
                    Some(i) => indexes.push(i),
                    None if choice == "other" && other.is_some() => {}
                    None => {
                        let known: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
                        return Err(format!(
                            "`{choice}` is not an option of `{id}`; its options are: {}{}",
                            known.join(", "),
                            if other.is_some() { ", other" } else { "" }
                        ));
                    }
                }
            }
            let wants_other = other_words.is_some() || ids.iter().any(|c| c == "other");
            if wants_other {
                if other.is_none() {
                    return Err(format!("`{id}` has no \"other\" option"));
                }
                indexes.push(choices.len());
            }
            question
                .selection(&indexes, other_words)
                .map(AnswerValue::Selection)
                .map_err(|p| format!("`{id}`: {}", p.0))
        }
    }
}

fn describe(given: &Given) -> String {
    match given {
        Given::Text(_) => "text".into(),
        Given::Bool(b) => format!("{b}"),
        Given::Ids(_) => "a list".into(),
        Given::Choice { .. } => "a table".into(),
        Given::Unusable(what) => what.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q() -> Questionnaire {
        Questionnaire::embedded()
    }

    fn err(text: &str, json: bool) -> (usize, usize, String) {
        match parse(text, "answers", json, &q()) {
            Err(AnswersFileError::Invalid(p)) => (p.at.line, p.at.column, p.message),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn toml_answers_of_every_kind_are_checked_and_ordered() {
        let text = r#"
future_contact = false
name = "  Jo Bloggs  "
respondent_type = ["nhs_trust", "commissioner"]
coproduce_focus = { selected = ["wider_community"] }
activity_type = """
Line one.

Line three."""
"#;
        let answers = parse(text, "a.toml", false, &q()).unwrap();
        let ids: Vec<&str> = answers.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "respondent_type",
                "name",
                "future_contact",
                "activity_type",
                "coproduce_focus"
            ],
            "questionnaire order"
        );
        assert_eq!(
            answers[1].1,
            AnswerValue::Text("Jo Bloggs".into()),
            "trimmed as typed"
        );
        assert_eq!(answers[2].1, AnswerValue::YesNo(false));
        assert_eq!(
            answers[3].1,
            AnswerValue::Text("Line one.\n\nLine three.".into())
        );
        match &answers[0].1 {
            AnswerValue::Selection(s) => {
                let ids: Vec<&str> = s.selected.iter().map(|c| c.id.as_str()).collect();
                assert_eq!(ids, ["commissioner", "nhs_trust"], "in the list's order");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn other_with_its_words() {
        let answers = parse(
            r#"{"respondent_type": {"selected": ["nhs_trust"], "other": "Carers' forum"}}"#,
            "a.json",
            true,
            &q(),
        )
        .unwrap();
        match &answers[0].1 {
            AnswerValue::Selection(s) => assert_eq!(s.other.as_deref(), Some("Carers' forum")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mistakes_are_pointed_at() {
        assert_eq!(
            err("name = \"Jo\"\nemail = \"jo@example\"\n", false),
            (
                2,
                9,
                "`email`: That doesn't look like an email address yet. It should look like name@example.org: one @, no spaces or angle brackets, and a dot in the part after the @.".into()
            )
        );
        let (line, column, message) = err("future_contact = \"yes\"\n", false);
        assert_eq!((line, column), (1, 18));
        assert!(
            message.contains("answer it with true or false"),
            "{message}"
        );
        let (line, _, message) = err("\nnmae = \"Jo\"\n", false);
        assert_eq!(line, 2);
        assert!(message.starts_with("`nmae` is not a question"), "{message}");
        let (line, column, message) = err("{\n  \"name\": \"Jo\",\n  \"name\": \"Sam\"\n}", true);
        assert_eq!(
            (line, column, message.as_str()),
            (3, 11, "`name` is given twice")
        );
        let (line, column, message) = err("{\n  \"name\": \"Jo\",,\n}", true);
        assert_eq!((line, column), (2, 16));
        assert!(message.starts_with("this is not valid JSON"), "{message}");
        let (_, _, message) = err("respondent_type = [\"nhs\"]\n", false);
        assert!(
            message.starts_with("`nhs` is not an option of `respondent_type`"),
            "{message}"
        );
        let (_, _, message) = err("name = \"\"\n", false);
        assert!(message.contains("is empty"), "{message}");
        let (line, column, _) = err("name = \"Jo\"\nname = \"Sam\"\n", false);
        assert_eq!((line, column), (2, 1), "TOML refuses a key given twice");
    }
}
