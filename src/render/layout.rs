//! The parts of a response in the order the paper template shows them, shared by the text,
//! Markdown and HTML layouts.

use crate::answer::AnswerValue;
use crate::questionnaire::Role;
use crate::render::NOT_ANSWERED;
use crate::render::sanitise::{self, one_line};
use crate::respondent::Respondent;
use crate::response::{AnswerEntry, Response, Unplaced};

/// The heading of the last part, holding answers kept from an earlier questionnaire version.
pub const RETIRED_HEADING: &str = "Answers to questions no longer asked";
/// The heading of the part holding an imported form's text that answers no question.
pub const UNPLACED_HEADING: &str = "Text from the form that could not be placed";
/// The words under [`UNPLACED_HEADING`].
pub(super) const UNPLACED_INTRO: &str = "Kept word for word, each piece under where it was on the form. Read it: it may say something the answers do not.";
/// The label of the consent line when the response has no consent question.
const CONSENT_LABEL: &str = "May we contact in future with further information?";
/// What an imported response's unanswered consent shows.
const CONSENT_UNCLEAR: &str =
    "(not answered: consent unclear in the Word form; ask the respondent)";

/// The most questions a note on a box of the form names.
const BOX_NAMES: usize = 8;
/// The most characters of a question's words a note on a box quotes.
const BRIEF_CHARS: usize = 160;

/// The start of a text, on one line and sanitised, for quoting in a note: at most
/// [`BRIEF_CHARS`] characters, with `…` where it was cut. Only the start is looked at.
fn brief(text: &str) -> String {
    let end = text
        .char_indices()
        .nth(BRIEF_CHARS + 1)
        .map_or(text.len(), |(i, _)| i);
    let line = one_line(&text[..end]);
    if end == text.len() && line.chars().count() <= BRIEF_CHARS {
        return line;
    }
    let mut cut: String = line.chars().take(BRIEF_CHARS).collect();
    cut.push('…');
    cut
}

/// What is said beside a question that a form asked in one box with others, answered as a whole.
pub(super) enum FormBoxNote {
    /// This answer holds the whole box's text.
    HoldsTheBox(String),
    /// The box's text is kept in another question's answer.
    InAnotherAnswer(String),
}

/// The parts of a response in the order the paper template shows them.
pub(super) struct Layout<'a> {
    pub(super) title: &'a str,
    pub(super) organisation: &'a str,
    /// Name, organisation, email and phone, as label and answer.
    pub(super) contact: Vec<(&'a str, Option<String>)>,
    pub(super) consent_label: &'a str,
    /// The consent answer; `None` when the consent question is not answered.
    pub(super) consent: Option<bool>,
    pub(super) respondent_type: Option<&'a AnswerEntry>,
    pub(super) sections: Vec<(&'a str, Vec<&'a AnswerEntry>)>,
    pub(super) retired: Vec<&'a AnswerEntry>,
    /// An imported form's text that answers no question (empty for the wizard's responses).
    pub(super) unplaced: &'a [Unplaced],
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
        // Unanswered is unanswered: `consent_to_future_contact` is false then, which is not a
        // "no" from the respondent. Only a questionnaire without a consent question has
        // nothing but that field to show.
        let consent = match consent_entry {
            Some(e) => match &e.answer {
                Some(AnswerValue::YesNo(b)) => Some(*b),
                _ => None,
            },
            None => Some(response.consent_to_future_contact),
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
            unplaced: response.unplaced.as_deref().unwrap_or_default(),
            response,
        }
    }

    /// The consent answer as the paper form has it, `Y` or `N`; `None` when not answered.
    pub(super) fn consent_yn(&self) -> Option<&'static str> {
        self.consent.map(|c| if c { "Y" } else { "N" })
    }

    /// What an unanswered consent shows: for a response imported from a form, that it was
    /// unclear there and the respondent should be asked.
    pub(super) fn consent_not_answered(&self) -> &'static str {
        if self.response.source.is_some() {
            CONSENT_UNCLEAR
        } else {
            NOT_ANSWERED
        }
    }

    /// When the form asked `entry` in one box with other questions, answered as a whole: which
    /// they were, and where the box's text is kept.
    ///
    /// A note names at most [`BOX_NAMES`] questions, each by the start of its words: a box of
    /// the template asks a handful, and a file that claims more (or quotes a long question in
    /// every box) cannot make the printout grow out of proportion to the file.
    pub(super) fn form_box(&self, entry: &AnswerEntry) -> Option<FormBoxNote> {
        let b = entry.form_box.as_ref()?;
        let words = |id: &str| match self.response.answers.get(id) {
            Some(e) => format!("\"{}\"", brief(&e.question)),
            None => format!("`{}`", brief(id)),
        };
        let holder = self.response.answers.get(&b.answer_in);
        if holder.is_some_and(|h| std::ptr::eq(h, entry)) {
            let mut others: Vec<&String> = Vec::new();
            let mut more = false;
            for q in b.questions.iter().filter(|q| **q != b.answer_in) {
                if others.contains(&q) {
                    continue;
                }
                if others.len() == BOX_NAMES {
                    more = true;
                    break;
                }
                others.push(q);
            }
            let mut named: Vec<String> = others.into_iter().map(|q| words(q)).collect();
            if more {
                named.push("others".to_string());
            }
            Some(FormBoxNote::HoldsTheBox(format!(
                "The form asks this in one box with {}: everything written in the box is kept here, whole.",
                named.join(", ")
            )))
        } else {
            Some(FormBoxNote::InAnotherAnswer(format!(
                "The form asks this in one box with {}: everything written in the box is kept there, whole.",
                words(&b.answer_in)
            )))
        }
    }

    /// The sections to show, the retired answers last under their own heading.
    pub(super) fn all_sections(&self) -> Vec<(&'a str, Vec<&'a AnswerEntry>)> {
        let mut out = self.sections.clone();
        if !self.retired.is_empty() {
            out.push((RETIRED_HEADING, self.retired.clone()));
        }
        out
    }

    /// Who wrote the response, for the HTML page title: the respondent's label.
    pub(super) fn who(&self) -> Option<String> {
        let name = self.response.text_of(Role::Name).map(|s| one_line(&s));
        let org = self
            .response
            .text_of(Role::Organisation)
            .map(|s| one_line(&s));
        Respondent::new(name.as_deref(), org.as_deref()).label()
    }

    pub(super) fn footer_facts(&self) -> Vec<(&'static str, String)> {
        let r = self.response;
        let mut facts = vec![
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
        ];
        if let Some(source) = &r.source {
            facts.push((
                "Imported from",
                sanitise::line(&format!(
                    "{} ({}, SHA-256 {})",
                    source.file,
                    source.kind.as_str(),
                    source.sha256
                ))
                .into_owned(),
            ));
        }
        facts
    }
}

/// Where a piece of unplaced text was on the form, as a label: sanitised, on one line, with
/// a capital letter ("Above the form").
pub(super) fn place_of(piece: &Unplaced) -> String {
    let place = one_line(&piece.location);
    let mut chars = place.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Somewhere on the form".to_string(),
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
