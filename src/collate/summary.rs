//! What came in, counted: the summary every `collate` run ends with on standard error, the
//! first part of the HTML digest and the first sheet of the workbook, all from these counts.
//!
//! Each response's [`Facts`] are taken on a worker thread and added here in path order (copies
//! and refused files are not counted). Nothing is found by the built-in questionnaire's words:
//!
//! - the **respondent type** is the answer to the question whose role is `respondent_type`;
//! - **consent** is `consent_to_future_contact`, checked against the answer to the question
//!   whose role is `consent`;
//! - **every other choice question** is counted the same way as the respondent type (in the
//!   built-in questionnaire, what people came together to co-produce), by its id;
//! - each question is counted as asked and answered by its id, in questionnaire order across
//!   versions, as the table's columns are.
//!
//! The options of a choice question are those anybody chose, and, for responses to the
//! built-in questionnaire (by its id), every option it offers, so that a group nobody is in
//! still shows, with 0.
//!
//! Memory stays flat: counts only, by option, question, version and week; text from the files
//! (an option's words, an "other" description, a version) is kept once per distinct value, cut
//! to [`MAX_LABEL`] characters.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use jiff::civil::Date;

use crate::collate::shown_words::{Purpose, shown};
use crate::collate::table::{Column, merge};
use crate::questionnaire::{Kind, KindName, Questionnaire, Role};
use crate::render::sanitise;
use crate::response_view::{EntryView, ResponseView, ValueView};
use crate::validate::answer_id_problem;

/// The most characters of a file's words kept for a label (the rest is cut, ending `…`).
pub(crate) const MAX_LABEL: usize = 200;

/// Text from a file as a label: on one line, sanitised, cut to [`MAX_LABEL`] characters.
pub(crate) fn label(text: &str) -> String {
    let line = sanitise::one_line(text);
    match line.char_indices().nth(MAX_LABEL) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
}

/// Consent to future contact, as one response gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Consent {
    Yes,
    No,
    /// The consent question is not answered, or its answer disagrees with
    /// `consent_to_future_contact` (which `validate` reports): nobody should be contacted on it.
    Unclear,
}

/// The options chosen at one choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chosen {
    /// Each option's id and words.
    pub options: Vec<(String, String)>,
    /// The words given for "other", when it was chosen.
    pub other: Option<String>,
}

/// One choice question of one response.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    pub id: String,
    pub question: String,
    /// `None` when not answered.
    pub chosen: Option<Chosen>,
}

/// What one response adds to the summary, taken on a worker thread.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    questionnaire: String,
    title: String,
    version: String,
    /// The Monday of the week it was completed, in the respondent's own time zone.
    week: Option<Date>,
    consent: Consent,
    respondent_type: Option<Choice>,
    choices: Vec<Choice>,
    /// Every question it holds, with its words, and whether it is answered.
    questions: Vec<(Column, bool)>,
}

impl Facts {
    /// The facts of one response.
    pub fn of(view: &ResponseView) -> Facts {
        let consent_answer = view.by_role(Role::Consent).map(|e| e.given());
        let consent = match (consent_answer, view.consent_to_future_contact) {
            // A questionnaire without a consent question: the field is all there is.
            (None, given) => yes_no(given),
            (Some(Some(ValueView::YesNo(answer))), given) if *answer == given => yes_no(given),
            _ => Consent::Unclear,
        };
        let mut respondent_type = None;
        let mut choices = Vec::new();
        let mut questions = Vec::with_capacity(view.answers.0.len());
        for (id, entry) in &view.answers.0 {
            if answer_id_problem(id, entry).is_some() {
                continue;
            }
            let words = shown(Purpose::SummaryLabel, id, &entry.question, label);
            questions.push((
                Column {
                    id: id.to_string(),
                    words: words.to_string(),
                },
                entry.given().is_some(),
            ));
            if entry.retired || !matches!(entry.kind, KindName::Choice | KindName::MultiChoice) {
                continue;
            }
            let choice = choice(id, entry);
            if entry.role == Some(Role::RespondentType) {
                respondent_type.get_or_insert(choice);
            } else {
                choices.push(choice);
            }
        }
        Facts {
            questionnaire: view.questionnaire.id.to_string(),
            title: label(&view.questionnaire.title),
            version: label(&view.questionnaire.version),
            week: week_of(&view.completed_at),
            consent,
            respondent_type,
            choices,
            questions,
        }
    }
}

fn yes_no(b: bool) -> Consent {
    if b { Consent::Yes } else { Consent::No }
}

fn choice(id: &str, entry: &EntryView) -> Choice {
    let chosen = match entry.given() {
        Some(ValueView::Selection(s)) => Some(Chosen {
            options: s
                .selected
                .iter()
                .map(|c| (label(&c.id), label(&c.label)))
                .collect(),
            other: s.other.as_deref().map(label),
        }),
        _ => None,
    };
    Choice {
        id: id.to_string(),
        question: shown(Purpose::SummaryLabel, id, &entry.question, label).to_string(),
        chosen,
    }
}

/// The Monday of the week of an RFC 3339 time, in its own offset.
fn week_of(text: &str) -> Option<Date> {
    text.parse::<jiff::Timestamp>().ok()?;
    let date: Date = text.get(..10)?.parse().ok()?;
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back)).ok()
}

/// An option of a choice question and how many chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OptionCount {
    pub id: String,
    pub label: String,
    pub count: usize,
}

/// The answers to one choice question, counted.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChoiceCount {
    pub id: String,
    pub question: String,
    /// Every option, in the questionnaire's order where it is known, then as first chosen.
    pub options: Vec<OptionCount>,
    /// How many chose "other".
    pub other: usize,
    /// The words given for "other", each once, with how many gave them, as first given.
    pub descriptions: Vec<(String, usize)>,
    /// How many responses hold the question, and how many answered it.
    pub asked: usize,
    pub answered: usize,
    /// Whether a response may choose several options (then the counts add up to more).
    pub multiple: bool,
    description_index: HashMap<String, usize>,
    option_index: HashMap<String, usize>,
}

impl ChoiceCount {
    fn new(choice: &Choice, questionnaire: &str) -> ChoiceCount {
        let mut count = ChoiceCount {
            id: choice.id.clone(),
            question: choice.question.clone(),
            ..ChoiceCount::default()
        };
        if let Some((options, multiple)) = built_in_options(questionnaire, &choice.id) {
            count.multiple = multiple;
            count.option_index = options
                .iter()
                .enumerate()
                .map(|(i, o)| (o.id.clone(), i))
                .collect();
            count.options = options;
        }
        count
    }

    fn add(&mut self, choice: Choice) {
        self.asked += 1;
        let Some(chosen) = choice.chosen else {
            return;
        };
        self.answered += 1;
        self.multiple |= chosen.options.len() > 1;
        for (id, label) in chosen.options {
            match self.option_index.get(&id) {
                Some(&i) => self.options[i].count += 1,
                None => {
                    self.option_index.insert(id.clone(), self.options.len());
                    self.options.push(OptionCount {
                        id,
                        label,
                        count: 1,
                    });
                }
            }
        }
        if let Some(words) = chosen.other {
            self.other += 1;
            match self.description_index.get(&words) {
                Some(&i) => self.descriptions[i].1 += 1,
                None => {
                    self.description_index
                        .insert(words.clone(), self.descriptions.len());
                    self.descriptions.push((words, 1));
                }
            }
        }
    }

    /// How many responses hold the question but did not answer it.
    pub fn not_answered(&self) -> usize {
        self.asked - self.answered
    }
}

/// The options of question `id` of the built-in questionnaire, each with 0, and whether
/// several may be chosen, when `questionnaire` is the built-in one's id.
fn built_in_options(questionnaire: &str, id: &str) -> Option<(Vec<OptionCount>, bool)> {
    static BUILT_IN: OnceLock<Questionnaire> = OnceLock::new();
    let q = BUILT_IN.get_or_init(Questionnaire::embedded);
    if q.id != questionnaire {
        return None;
    }
    match &q.question(id)?.kind {
        Kind::Choice {
            choices, multiple, ..
        } => Some((
            choices
                .iter()
                .map(|c| OptionCount {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    count: 0,
                })
                .collect(),
            *multiple,
        )),
        _ => None,
    }
}

/// A question, how many responses hold it and how many answered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuestionCount {
    pub id: String,
    pub words: String,
    pub asked: usize,
    pub answered: usize,
}

/// Consent to future contact, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ConsentCount {
    pub yes: usize,
    pub no: usize,
    pub unclear: usize,
}

/// Everything counted in a run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    /// The questionnaire's title, from the first response.
    pub title: Option<String>,
    pub responses: usize,
    /// Set at the end, from the run's own count (a response can be found to have problems
    /// after it was added: another with its id).
    pub with_problems: usize,
    pub consent: ConsentCount,
    /// `None` when no response holds a respondent-type question.
    pub respondent_type: Option<ChoiceCount>,
    /// Every other choice question, in questionnaire order.
    pub choices: Vec<ChoiceCount>,
    /// Responses by the questionnaire version they answer, as first seen.
    pub versions: Vec<(String, usize)>,
    /// Arrivals by the Monday of the week they were completed.
    pub weeks: BTreeMap<Date, usize>,
    /// Responses whose completion time cannot be read.
    pub undated: usize,
    columns: Vec<Column>,
    known: HashSet<String>,
    counts: HashMap<String, (usize, usize)>,
    choice_index: HashMap<String, usize>,
    version_index: HashMap<String, usize>,
}

impl Summary {
    /// Counts one more response.
    pub fn add(&mut self, facts: Facts) {
        self.responses += 1;
        if self.title.is_none() && !facts.title.is_empty() {
            self.title = Some(facts.title);
        }
        match self.version_index.get(&facts.version) {
            Some(&i) => self.versions[i].1 += 1,
            None => {
                self.version_index
                    .insert(facts.version.clone(), self.versions.len());
                self.versions.push((facts.version, 1));
            }
        }
        match facts.week {
            Some(week) => *self.weeks.entry(week).or_default() += 1,
            None => self.undated += 1,
        }
        match facts.consent {
            Consent::Yes => self.consent.yes += 1,
            Consent::No => self.consent.no += 1,
            Consent::Unclear => self.consent.unclear += 1,
        }
        if let Some(choice) = facts.respondent_type {
            self.respondent_type
                .get_or_insert_with(|| ChoiceCount::new(&choice, &facts.questionnaire))
                .add(choice);
        }
        for choice in facts.choices {
            let i = match self.choice_index.get(&choice.id) {
                Some(&i) => i,
                None => {
                    self.choice_index
                        .insert(choice.id.clone(), self.choices.len());
                    self.choices
                        .push(ChoiceCount::new(&choice, &facts.questionnaire));
                    self.choices.len() - 1
                }
            };
            self.choices[i].add(choice);
        }
        let (columns, answered): (Vec<Column>, Vec<bool>) = facts.questions.into_iter().unzip();
        if columns.iter().any(|c| !self.known.contains(&c.id)) {
            // Past a spreadsheet's columns (a hostile file), the new ones are not counted.
            merge(&mut self.columns, &mut self.known, &columns);
        }
        for (column, answered) in columns.into_iter().zip(answered) {
            if let Some((asked, yes)) = self.counts.get_mut(&column.id) {
                *asked += 1;
                *yes += usize::from(answered);
            } else if self.known.contains(&column.id) {
                self.counts.insert(column.id, (1, usize::from(answered)));
            }
        }
    }

    /// Each question in questionnaire order, with how many hold it and answered it.
    pub fn questions(&self) -> Vec<QuestionCount> {
        self.columns
            .iter()
            .map(|c| {
                let (asked, answered) = self.counts.get(&c.id).copied().unwrap_or_default();
                QuestionCount {
                    id: c.id.clone(),
                    words: c.words.clone(),
                    asked,
                    answered,
                }
            })
            .collect()
    }

    /// The choice questions in questionnaire order (they are counted as they come, and a later
    /// version may add one before another).
    pub fn choices_in_order(&self) -> Vec<&ChoiceCount> {
        let mut out: Vec<&ChoiceCount> = self.choices.iter().collect();
        let place: HashMap<&str, usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        out.sort_by_key(|c| place.get(c.id.as_str()).copied().unwrap_or(usize::MAX));
        out
    }

    /// Arrivals by week, from the first week to the last, the weeks with none included when
    /// they span at most [`MAX_WEEKS`] weeks (otherwise only the weeks with arrivals).
    pub fn arrivals(&self) -> Vec<(Date, usize)> {
        let (Some((&first, _)), Some((&last, _))) =
            (self.weeks.first_key_value(), self.weeks.last_key_value())
        else {
            return Vec::new();
        };
        let span = first
            .until(last)
            .map(|s| s.get_days() / 7)
            .unwrap_or(i32::MAX);
        if span > MAX_WEEKS {
            return self.weeks.iter().map(|(d, n)| (*d, *n)).collect();
        }
        let mut out = Vec::new();
        let mut week = first;
        while week <= last {
            out.push((week, self.weeks.get(&week).copied().unwrap_or(0)));
            match week.checked_add(jiff::Span::new().weeks(1)) {
                Ok(next) => week = next,
                Err(_) => break,
            }
        }
        out
    }

    /// The summary on standard error, under the line that counts the responses: by respondent
    /// type, consent, problems. Each line is sanitised when it is written.
    pub fn report(&self) -> Vec<String> {
        let mut lines = Vec::new();
        match &self.respondent_type {
            Some(t) => {
                lines.push(format!(
                    "  by respondent type{}:",
                    if t.multiple {
                        " (a response may give more than one)"
                    } else {
                        ""
                    }
                ));
                for o in t.options.iter().filter(|o| o.count > 0) {
                    lines.push(format!("    {:>5}  {}", o.count, o.label));
                }
                if t.other > 0 {
                    lines.push(format!("    {:>5}  Other", t.other));
                }
                if t.not_answered() > 0 {
                    lines.push(format!("    {:>5}  (not answered)", t.not_answered()));
                }
            }
            None => lines
                .push("  by respondent type: not asked by these responses' questionnaire".into()),
        }
        let c = self.consent;
        let mut consent = format!("  consent to future contact: {} yes, {} no", c.yes, c.no);
        if c.unclear > 0 {
            consent.push_str(&format!(", {} not answered or unclear", c.unclear));
        }
        lines.push(consent);
        lines.push(match self.with_problems {
            0 => "  problems: none".to_string(),
            n => format!(
                "  problems: {} (see above)",
                plural(n, "response has them", "responses have them")
            ),
        });
        lines
    }
}

/// Past this many weeks between the first arrival and the last, weeks without arrivals are
/// left out of the arrivals (a wrong clock in one file must not make a chart of centuries).
pub(crate) const MAX_WEEKS: i32 = 156;

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_in_the_respondents_own_offset() {
        let monday = |s: &str| week_of(s).map(|d| d.to_string());
        // Sunday 1 March 2026, late evening, in UTC-5: still Sunday there.
        assert_eq!(
            monday("2026-03-01T23:30:00-05:00").as_deref(),
            Some("2026-02-23")
        );
        assert_eq!(
            monday("2026-03-02T00:00:00+00:00").as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(monday("not a time"), None);
        assert_eq!(monday("2026-03-02T00:00:00"), None, "no offset");
    }

    #[test]
    fn labels_are_one_sanitised_line_cut_short() {
        assert_eq!(label(" a\n b\u{1b}[2J "), "a b\u{FFFD}[2J");
        let long = "é".repeat(MAX_LABEL + 5);
        let cut = label(&long);
        assert_eq!(cut.chars().count(), MAX_LABEL + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn arrivals_fill_the_weeks_between_unless_they_span_centuries() {
        let mut s = Summary::default();
        let d = |t: &str| t.parse::<Date>().unwrap();
        s.weeks.insert(d("2026-03-02"), 2);
        s.weeks.insert(d("2026-03-23"), 1);
        assert_eq!(
            s.arrivals(),
            vec![
                (d("2026-03-02"), 2),
                (d("2026-03-09"), 0),
                (d("2026-03-16"), 0),
                (d("2026-03-23"), 1)
            ]
        );
        s.weeks.insert(d("2999-01-07"), 1);
        assert_eq!(s.arrivals().len(), 3);
    }
}
