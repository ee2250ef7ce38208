//! Answers and the one rule per kind of question that every way of answering shares: a value
//! typed at a prompt, read in plain mode, or found in a draft or response passes the same check.

use serde::{Deserialize, Serialize};

use crate::questionnaire::{ChoiceItem, Kind, Question};

/// An answer as stored in drafts and responses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    // Text is tried first when reading: a text that is first tried as a yes/no fails with an
    // error message quoting the whole text, which for a long answer cost more than all the rest
    // of reading the file. The order changes nothing else: no JSON value fits two variants.
    /// Text, exactly as typed (line breaks, tabs and all).
    Text(String),
    /// Yes or no.
    YesNo(bool),
    /// The options chosen, with their words, and the words given for "other".
    Selection(Selection),
}

/// The options chosen at a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Selection {
    pub selected: Vec<ChoiceItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
}

impl Selection {
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.selected.iter().map(|c| c.id.as_str()).collect();
        if self.other.is_some() {
            ids.push("other");
        }
        ids
    }

    /// The chosen options in words, with "other" as "Other: its description".
    pub fn labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = self.selected.iter().map(|c| c.label.clone()).collect();
        if let Some(other) = &self.other {
            labels.push(format!("{OTHER_PREFIX}{other}"));
        }
        labels
    }
}

/// What goes before the respondent's own words for "other" when a choice is put in words.
const OTHER_PREFIX: &str = "Other: ";

/// The word for a yes/no answer wherever an answer is shown or written as text (print, the
/// review, spreadsheet cells, digests, messages): `yes` or `no`, the words the wizard takes as
/// those answers and the spreadsheet's documented values.
pub fn yes_no_word(answer: bool) -> &'static str {
    if answer { "yes" } else { "no" }
}

/// A choice answer on one line: the chosen options' words joined by `; `, with
/// "Other: its description" last. The one rule for every place that shows a choice as text.
pub fn selection_words<'a>(
    labels: impl IntoIterator<Item = &'a str>,
    other: Option<&str>,
) -> String {
    // Written straight into one string: this runs for every choice cell of a collate.
    let mut out = String::new();
    for label in labels {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(label);
    }
    if let Some(other) = other {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(OTHER_PREFIX);
        out.push_str(other);
    }
    out
}

impl AnswerValue {
    /// The answer in words on one line or more: used for previews, CSV cells and print.
    pub fn to_text(&self) -> String {
        match self {
            AnswerValue::YesNo(b) => yes_no_word(*b).to_string(),
            AnswerValue::Text(t) => t.clone(),
            AnswerValue::Selection(s) => selection_words(
                s.selected.iter().map(|c| c.label.as_str()),
                s.other.as_deref(),
            ),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            AnswerValue::YesNo(_) => false,
            AnswerValue::Text(t) => t.trim().is_empty(),
            AnswerValue::Selection(s) => s.selected.is_empty() && s.other.is_none(),
        }
    }
}

// The field rules live in their own module; these names are kept here too because the
// prompters (`terminal.rs`, `plain.rs`) reach them through `answer`.
pub use crate::field_rules::{Problem, check_email, check_one_line, check_phone, parse_yes_no};

fn problem(message: impl Into<String>) -> Problem {
    Problem(message.into())
}

impl Question {
    /// Checks a line or text given for a text question, returning the answer to keep.
    /// One-line kinds are trimmed; long answers are kept exactly as typed.
    pub fn check_text(&self, text: &str) -> Result<AnswerValue, Problem> {
        match &self.kind {
            Kind::Short => {
                check_one_line(text)?;
                Ok(AnswerValue::Text(text.trim().to_string()))
            }
            Kind::Email => {
                let t = text.trim();
                check_email(t)?;
                Ok(AnswerValue::Text(t.to_string()))
            }
            Kind::Phone => {
                let t = text.trim();
                check_phone(t)?;
                Ok(AnswerValue::Text(t.to_string()))
            }
            Kind::Long => Ok(AnswerValue::Text(text.to_string())),
            Kind::YesNo { .. } => parse_yes_no(text).map(AnswerValue::YesNo),
            Kind::Choice { .. } => Err(problem(
                "This question is answered by choosing from a list.",
            )),
        }
    }

    /// Builds a selection from chosen option indexes (0-based, in list order; the index one past
    /// the last choice is "other") and the words given for "other".
    pub fn selection(
        &self,
        indexes: &[usize],
        other: Option<String>,
    ) -> Result<Selection, Problem> {
        let Kind::Choice {
            choices,
            multiple,
            other: other_label,
            ..
        } = &self.kind
        else {
            return Err(problem("This question is not a choice."));
        };
        let mut selected = Vec::new();
        let mut wants_other = false;
        for &i in indexes {
            if i < choices.len() {
                if !selected.contains(&choices[i]) {
                    selected.push(choices[i].clone());
                }
            } else if i == choices.len() && other_label.is_some() {
                wants_other = true;
            } else {
                return Err(problem(format!(
                    "There is no option {}. Please choose a number from 1 to {}.",
                    i + 1,
                    self.option_count()
                )));
            }
        }
        let count = selected.len() + usize::from(wants_other);
        if !multiple && count > 1 {
            return Err(problem("Please choose just one option."));
        }
        let other = if wants_other {
            match other.map(|o| o.trim().to_string()) {
                Some(o) if !o.is_empty() => Some(o),
                _ => return Err(problem("Please say a few words about \"other\".")),
            }
        } else {
            None
        };
        // Keep the order of the list, whatever order the numbers came in.
        selected.sort_by_key(|c| choices.iter().position(|x| x == c));
        Ok(Selection { selected, other })
    }

    /// How many options a choice question lists, "other" included.
    pub fn option_count(&self) -> usize {
        match &self.kind {
            Kind::Choice { choices, other, .. } => choices.len() + usize::from(other.is_some()),
            _ => 0,
        }
    }

    /// The words of every option, "other" last, for listing.
    pub fn option_labels(&self) -> Vec<String> {
        match &self.kind {
            Kind::Choice { choices, other, .. } => choices
                .iter()
                .map(|c| c.label.clone())
                .chain(other.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Indexes (0-based) of a selection's options in the list, for showing it as the default.
    pub fn selection_indexes(&self, selection: &Selection) -> Vec<usize> {
        let Kind::Choice { choices, .. } = &self.kind else {
            return Vec::new();
        };
        let mut out: Vec<usize> = selection
            .selected
            .iter()
            .filter_map(|s| choices.iter().position(|c| c.id == s.id))
            .collect();
        if selection.other.is_some() {
            out.push(choices.len());
        }
        out
    }

    /// The selection a choice question starts from when it has not been answered.
    pub fn default_selection(&self) -> Option<Selection> {
        let Kind::Choice {
            choices, default, ..
        } = &self.kind
        else {
            return None;
        };
        if default.is_empty() {
            return None;
        }
        Some(Selection {
            selected: choices
                .iter()
                .filter(|c| default.contains(&c.id))
                .cloned()
                .collect(),
            other: None,
        })
    }

    /// Checks an answer found in a draft or a response against this question.
    pub fn check(&self, value: &AnswerValue) -> Result<(), Problem> {
        match (&self.kind, value) {
            (Kind::YesNo { .. }, AnswerValue::YesNo(_)) => Ok(()),
            (Kind::Short | Kind::Email | Kind::Phone | Kind::Long, AnswerValue::Text(t)) => {
                if t.is_empty() {
                    return Ok(());
                }
                self.check_text(t).map(|_| ())
            }
            (
                Kind::Choice {
                    choices,
                    multiple,
                    other,
                    ..
                },
                AnswerValue::Selection(s),
            ) => {
                for item in &s.selected {
                    if !choices.iter().any(|c| c.id == item.id) {
                        return Err(problem(format!("`{}` is not one of the options", item.id)));
                    }
                }
                if s.other.is_some() && other.is_none() {
                    return Err(problem("this question has no \"other\" option"));
                }
                if !multiple && s.selected.len() + usize::from(s.other.is_some()) > 1 {
                    return Err(problem("only one option may be chosen"));
                }
                Ok(())
            }
            _ => Err(problem(format!(
                "the answer is not of the kind this question takes ({})",
                self.kind.name()
            ))),
        }
    }
}

/// Reads a list of option numbers typed as `1`, `2, 5` or `2 5`: 1-based, returned 0-based.
pub fn parse_numbers(text: &str, count: usize) -> Result<Vec<usize>, Problem> {
    let mut out = Vec::new();
    for part in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let n: usize = part.parse().map_err(|_| {
            problem(format!(
                "Please answer with the number of an option, from 1 to {count}."
            ))
        })?;
        if n == 0 || n > count {
            return Err(problem(format!(
                "There is no option {n}. Please choose a number from 1 to {count}."
            )));
        }
        if !out.contains(&(n - 1)) {
            out.push(n - 1);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_numbers("1, 3 3", 4), Ok(vec![0, 2]));
        assert!(parse_numbers("0", 4).is_err());
        assert!(parse_numbers("5", 4).is_err());
        assert!(parse_numbers("two", 4).is_err());
    }

    #[test]
    fn answers_round_trip_through_json() {
        let values = [
            AnswerValue::YesNo(false),
            AnswerValue::Text("line one\n\n\ttab \"quoted\" ünïcödé 漢字".into()),
            AnswerValue::Selection(Selection {
                selected: vec![ChoiceItem {
                    id: "a".into(),
                    label: "A".into(),
                }],
                other: Some("carers".into()),
            }),
        ];
        for v in values {
            let json = serde_json::to_string(&v).unwrap();
            let back: AnswerValue = serde_json::from_str(&json).unwrap();
            assert_eq!(back, v);
        }
    }
}
