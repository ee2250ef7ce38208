//! The parts of a response in the order the paper template shows them, shared by the text,
//! Markdown and HTML layouts.

use crate::answer::AnswerValue;
use crate::questionnaire::Role;
use crate::render::sanitise::{self, one_line};
use crate::response::{AnswerEntry, Response};

/// The heading of the last part, holding answers kept from an earlier questionnaire version.
pub const RETIRED_HEADING: &str = "Answers to questions no longer asked";
/// The label of the consent line when the response has no consent question.
const CONSENT_LABEL: &str = "May we contact in future with further information?";

/// The parts of a response in the order the paper template shows them.
pub(super) struct Layout<'a> {
    pub(super) title: &'a str,
    pub(super) organisation: &'a str,
    /// Name, organisation, email and phone, as label and answer.
    pub(super) contact: Vec<(&'a str, Option<String>)>,
    pub(super) consent_label: &'a str,
    pub(super) consent: bool,
    pub(super) respondent_type: Option<&'a AnswerEntry>,
    pub(super) sections: Vec<(&'a str, Vec<&'a AnswerEntry>)>,
    pub(super) retired: Vec<&'a AnswerEntry>,
    pub(super) response: &'a Response,
}

impl<'a> Layout<'a> {
    pub(super) fn of(response: &'a Response) -> Layout<'a> {
        let current = |role: Role| {
            response
                .answers
                .values()
                .find(|e| !e.retired && e.role == Some(role))
        };
        let mut shown_above: Vec<*const AnswerEntry> = Vec::new();
        let mut contact = Vec::new();
        for role in [Role::Name, Role::Organisation, Role::Email, Role::Phone] {
            if let Some(entry) = current(role) {
                shown_above.push(entry);
                contact.push((
                    entry.question.as_str(),
                    entry.given().map(|a| one_line(&a.to_text())),
                ));
            }
        }
        let consent_entry = current(Role::Consent);
        let consent = match consent_entry.and_then(|e| e.answer.as_ref()) {
            Some(AnswerValue::YesNo(b)) => *b,
            _ => response.consent_to_future_contact,
        };
        if let Some(e) = consent_entry {
            shown_above.push(e);
        }
        let respondent_type = current(Role::RespondentType);
        if let Some(e) = respondent_type {
            shown_above.push(e);
        }
        let mut sections: Vec<(&str, Vec<&AnswerEntry>)> = Vec::new();
        let mut retired = Vec::new();
        for entry in response.answers.values() {
            if entry.retired {
                retired.push(entry);
                continue;
            }
            if shown_above.contains(&(entry as *const AnswerEntry)) {
                continue;
            }
            match sections.iter_mut().find(|(t, _)| *t == entry.section) {
                Some((_, list)) => list.push(entry),
                None => sections.push((entry.section.as_str(), vec![entry])),
            }
        }
        Layout {
            title: &response.questionnaire.title,
            organisation: &response.questionnaire.organisation,
            contact,
            consent_label: consent_entry.map_or(CONSENT_LABEL, |e| e.question.as_str()),
            consent,
            respondent_type,
            sections,
            retired,
            response,
        }
    }

    pub(super) fn consent_yn(&self) -> &'static str {
        if self.consent { "Y" } else { "N" }
    }

    /// The sections to show, the retired answers last under their own heading.
    pub(super) fn all_sections(&self) -> Vec<(&'a str, Vec<&'a AnswerEntry>)> {
        let mut out = self.sections.clone();
        if !self.retired.is_empty() {
            out.push((RETIRED_HEADING, self.retired.clone()));
        }
        out
    }

    /// Who wrote the response, for the HTML page title.
    pub(super) fn who(&self) -> Option<String> {
        let name = self.response.text_of(Role::Name).map(|s| one_line(&s));
        let org = self
            .response
            .text_of(Role::Organisation)
            .map(|s| one_line(&s));
        match (name, org) {
            (Some(n), Some(o)) => Some(format!("{n}, {o}")),
            (n, o) => n.or(o),
        }
    }

    pub(super) fn footer_facts(&self) -> Vec<(&'static str, String)> {
        let r = self.response;
        vec![
            ("Response id", r.response_id.to_string()),
            ("Started", sanitise::text(&r.started_at).into_owned()),
            ("Completed", sanitise::text(&r.completed_at).into_owned()),
            (
                "Questionnaire",
                sanitise::text(&format!(
                    "{} version {}",
                    r.questionnaire.id, r.questionnaire.version
                ))
                .into_owned(),
            ),
            (
                "Written by",
                sanitise::text(&format!("{} {}", r.generator.name, r.generator.version))
                    .into_owned(),
            ),
        ]
    }
}

/// The lines of cleaned text, without trailing spaces, and without blank lines before or after.
pub(super) fn trimmed(cleaned: &str) -> Vec<&str> {
    let lines: Vec<&str> = cleaned.split('\n').collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].iter().map(|l| l.trim_end()).collect(),
        _ => Vec::new(),
    }
}
