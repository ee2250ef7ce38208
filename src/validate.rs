//! The `validate` command: checks that response files are readable, complete and well-formed.
//!
//! Exit codes: 0 when every file is valid, 1 when any is not (the files are what is being
//! checked, so an invalid one is a finding rather than a mistake on the command line), 2 for
//! usage errors such as an identity file that cannot be read.

use std::path::Path;

use serde::Serialize;

use crate::answer::{AnswerValue, check_email};
use crate::cli::ValidateArgs;
use crate::encryption::{Key, read_response_with};
use crate::error::{Result, exit};
use crate::questionnaire::{KindName, Role};
use crate::response::{Response, valid_timestamp};

/// What was found about one file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub file: String,
    pub valid: bool,
    pub problems: Vec<String>,
}

pub fn run(args: &ValidateArgs) -> Result<u8> {
    let key = args.identity.as_deref().map(Key::load).transpose()?;
    let mut all_valid = true;
    for path in &args.files {
        let report = check_file(path, key.as_ref());
        all_valid &= report.valid;
        let line = if args.json {
            serde_json::to_string(&report).expect("a report always serialises")
        } else if report.valid {
            format!("OK  {}", report.file)
        } else {
            format!("INVALID  {}: {}", report.file, report.problems.join("; "))
        };
        crate::app::write_stdout(format!("{line}\n").as_bytes())?;
    }
    Ok(if all_valid { exit::OK } else { exit::FAILURE })
}

/// Reads and checks one response file.
pub fn check_file(path: &Path, key: Option<&Key>) -> Report {
    let problems = match read_response_with(path, key) {
        Ok((response, _)) => problems(&response),
        Err(problem) => vec![problem.message],
    };
    Report {
        file: path.display().to_string(),
        valid: problems.is_empty(),
        problems,
    }
}

/// Everything wrong with a response that did read: missing required answers, malformed email
/// addresses, consent not given as yes or no, answers of the wrong kind, bad timestamps.
pub fn problems(response: &Response) -> Vec<String> {
    let mut out = Vec::new();
    for (name, value) in [
        ("started_at", &response.started_at),
        ("completed_at", &response.completed_at),
    ] {
        if !valid_timestamp(value) {
            out.push(format!(
                "{name} `{value}` is not a date and time with a UTC offset (RFC 3339)"
            ));
        }
    }
    if let (Ok(start), Ok(end)) = (
        response.started_at.parse::<jiff::Timestamp>(),
        response.completed_at.parse::<jiff::Timestamp>(),
    ) && end < start
    {
        out.push("completed_at is before started_at".to_string());
    }
    if check_email(response.return_to.email.trim()).is_err() {
        out.push(format!(
            "the return address `{}` is not a well-formed email address",
            response.return_to.email
        ));
    }
    for (id, entry) in response.answers.iter().filter(|(_, e)| !e.retired) {
        if !crate::render::answer_fits_kind(entry) {
            out.push(format!(
                "the answer to `{id}` is not of the kind the question takes ({})",
                entry.kind
            ));
            continue;
        }
        if entry.required && entry.given().is_none() && entry.role != Some(Role::Consent) {
            out.push(format!(
                "required answer missing: `{id}` ({})",
                entry.question
            ));
        }
        let is_email = entry.role == Some(Role::Email) || entry.kind == KindName::Email;
        if is_email
            && let Some(AnswerValue::Text(t)) = entry.given()
            && check_email(t.trim()).is_err()
        {
            out.push(format!(
                "the email address `{t}` given for `{id}` is not well-formed"
            ));
        }
    }
    let consent = response
        .answers
        .iter()
        .find(|(_, e)| !e.retired && e.role == Some(Role::Consent));
    match consent {
        None => out.push(
            "it has no answer to the consent question (no answer has role consent)".to_string(),
        ),
        Some((id, entry)) => match &entry.answer {
            Some(AnswerValue::YesNo(b)) => {
                if *b != response.consent_to_future_contact {
                    out.push(format!(
                        "consent_to_future_contact is {} but the answer to `{id}` is {}",
                        response.consent_to_future_contact,
                        if *b { "yes" } else { "no" }
                    ));
                }
            }
            None => out.push(format!(
                "consent missing: `{id}` ({}) is not answered",
                entry.question
            )),
            Some(_) => {
                if crate::render::answer_fits_kind(entry) {
                    out.push(format!("consent (`{id}`) must be answered yes or no"));
                }
            }
        },
    }
    out
}
