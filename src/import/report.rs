//! What `import` tells about each form (issue 16, item 6): how many questions were placed,
//! which were empty, what went to `unplaced`, whether consent was clear, and answers kept
//! that fail their question's check. As text on standard error, or JSON with `--json`.

use serde::Serialize;

use crate::response::{FormBox, SourceKind, Unplaced};

/// The report on one imported form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The form's file, as given.
    pub file: String,
    pub kind: SourceKind,
    /// The questionnaire it was read against: `id` `version`.
    pub questionnaire: String,
    /// How many questions the questionnaire has.
    pub questions: usize,
    /// Ids of the questions answered, in questionnaire order.
    pub answered: Vec<String>,
    /// Ids of the questions on the form left empty.
    pub empty: Vec<String>,
    /// Ids of the questions whose prompt is not on the form at all.
    pub not_on_form: Vec<String>,
    /// Boxes of several questions answered as a whole.
    pub boxes: Vec<FormBox>,
    pub consent: ConsentReport,
    /// Text that answers no question, kept in the response's `unplaced`.
    pub unplaced: Vec<Unplaced>,
    /// Answers kept as written that fail their question's check.
    pub problems: Vec<String>,
    /// What else the person importing should know (an encoding guessed, a part not read).
    pub notes: Vec<String>,
}

/// What the form says about consent to future contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentReport {
    pub state: ConsentState,
    /// How it was given, or why it is not clear.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// The answer to the consent question, as the form gives it (see the `consent` module for
/// what counts as clear).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    /// Clearly yes.
    Yes,
    /// Clearly no.
    No,
    /// Something is written or marked, but it is not a clear yes or no: ask the respondent.
    Unclear,
    /// Nothing written or marked.
    NotAnswered,
    /// The consent question is not on the form.
    NotOnForm,
    /// The questionnaire has no consent question.
    NotAsked,
}

impl ImportReport {
    /// Whether a person should look at the form: consent unclear or not answered, text not
    /// placed, or answers that fail their checks.
    pub fn needs_attention(&self) -> bool {
        !self.unplaced.is_empty()
            || !self.problems.is_empty()
            || matches!(
                self.consent.state,
                ConsentState::Unclear | ConsentState::NotAnswered | ConsentState::NotOnForm
            )
    }

    /// The report as lines of text, the first naming the form and where its response went.
    pub fn to_text(&self, written_to: &str) -> String {
        let mut out = format!("{}: imported into {written_to}\n", self.file);
        let on_form = self.questions - self.not_on_form.len();
        out += &format!(
            "  placed: {} of the {on_form} questions on the form answered",
            self.answered.len()
        );
        if self.empty.is_empty() {
            out += "\n";
        } else {
            out += &format!("; empty: {}\n", self.empty.join(", "));
        }
        if !self.not_on_form.is_empty() {
            out += &format!("  not on the form: {}\n", self.not_on_form.join(", "));
        }
        for b in &self.boxes {
            out += &format!(
                "  answered as one box, kept whole in {}: {}\n",
                b.answer_in,
                b.questions.join(", ")
            );
        }
        let consent = match self.consent.state {
            ConsentState::Yes => "yes".to_string(),
            ConsentState::No => "no".to_string(),
            ConsentState::Unclear => "unclear in the Word form: ask the respondent".to_string(),
            ConsentState::NotAnswered => "not answered".to_string(),
            ConsentState::NotOnForm => "the question is not on the form".to_string(),
            ConsentState::NotAsked => "not asked by this questionnaire".to_string(),
        };
        if self.consent.detail.is_empty() {
            out += &format!("  consent: {consent}\n");
        } else {
            out += &format!("  consent: {consent} ({})\n", self.consent.detail);
        }
        if !self.unplaced.is_empty() {
            out += &format!(
                "  not placed, kept in \"unplaced\": {}\n",
                count(self.unplaced.len(), "piece of text", "pieces of text")
            );
            for u in &self.unplaced {
                out += &format!("    {}: \"{}\"\n", u.location, preview(&u.text));
            }
        }
        for p in &self.problems {
            out += &format!("  check: {p}\n");
        }
        for n in &self.notes {
            out += &format!("  note: {n}\n");
        }
        if self.needs_attention() {
            out += "  a person should look at this form\n";
        }
        out
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The start of a text on one line, for the report (the response keeps it all).
fn preview(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = line.chars().take(60).collect();
    if line.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> ImportReport {
        ImportReport {
            file: "in/form.docx".into(),
            kind: SourceKind::Docx,
            questionnaire: "q 1".into(),
            questions: 4,
            answered: vec!["name".into(), "story".into()],
            empty: vec!["focus".into()],
            not_on_form: vec!["kind".into()],
            boxes: vec![],
            consent: ConsentReport {
                state: ConsentState::Yes,
                detail: "N is struck through".into(),
            },
            unplaced: vec![],
            problems: vec![],
            notes: vec![],
        }
    }

    #[test]
    fn a_clear_form_needs_no_attention() {
        let r = report();
        assert!(!r.needs_attention());
        let text = r.to_text("in/form.json");
        assert!(text.starts_with("in/form.docx: imported into in/form.json\n"));
        assert!(text.contains("placed: 2 of the 3 questions on the form answered; empty: focus"));
        assert!(text.contains("consent: yes (N is struck through)"));
        assert!(!text.contains("look at"));
    }

    #[test]
    fn unclear_consent_and_unplaced_text_are_called_out() {
        let mut r = report();
        r.consent = ConsentReport {
            state: ConsentState::Unclear,
            detail: "both Y and N are in bold".into(),
        };
        r.unplaced.push(Unplaced {
            text: "Dear Lou,\nhere is a very long letter that goes on and on and on for much longer than sixty characters".into(),
            location: "above the form".into(),
            question: None,
        });
        assert!(r.needs_attention());
        let text = r.to_text("x.json");
        assert!(text.contains("consent: unclear in the Word form: ask the respondent"));
        assert!(text.contains(
            "    above the form: \"Dear Lou, here is a very long letter that goes on and on and…\""
        ));
        assert!(text.contains("a person should look at this form"));
    }
}
