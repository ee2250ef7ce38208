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

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use jiff::civil::Date;

use crate::collate::shown_words::{Purpose, shown};
use crate::collate::table::{Column, merge, positions};
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
    pub options: Vec<(Arc<str>, Arc<str>)>,
    /// The words given for "other", when it was chosen.
    pub other: Option<String>,
}

/// One choice question of one response.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    /// The question, by its place in the response's [`Layout`].
    column: usize,
    /// `None` when not answered.
    chosen: Option<Chosen>,
}

/// The questions of a response in order, with their words as the summary shows them. Nearly
/// every file has the same, so each worker thread keeps the last it made, and hands on the same
/// shared copy while the files' ids and words stay the same: a response's facts then cost
/// almost nothing to make, to send to the thread that counts them, or to count.
#[derive(Debug)]
pub(crate) struct Layout {
    /// Each question's id and words as in the file, to compare the next file's with.
    raw: Vec<(String, String)>,
    columns: Vec<Column>,
}

/// A layout whose words take more than this is made afresh for every file, not kept.
const MAX_KEPT_LAYOUT: usize = 256 * 1024;

thread_local! {
    static LAST_LAYOUT: RefCell<Option<Arc<Layout>>> = const { RefCell::new(None) };
}

/// The layout of a response's questions (those with an id that can be a column).
fn layout_of(view: &ResponseView) -> Arc<Layout> {
    let entries = || {
        view.answers
            .0
            .iter()
            .filter(|(id, e)| answer_id_problem(id, e).is_none())
    };
    LAST_LAYOUT.with_borrow_mut(|last| {
        if let Some(layout) = last.as_ref()
            && layout.raw.len() == entries().count()
            && layout
                .raw
                .iter()
                .zip(entries())
                .all(|((id, words), (i, e))| id == i && *words == e.question)
        {
            return layout.clone();
        }
        let layout = Arc::new(Layout {
            raw: entries()
                .map(|(id, e)| (id.to_string(), e.question.to_string()))
                .collect(),
            columns: entries()
                .map(|(id, e)| Column {
                    id: id.to_string(),
                    words: label(&e.question),
                })
                .collect(),
        });
        let size: usize = layout.raw.iter().map(|(i, w)| i.len() + w.len()).sum();
        *last = (size <= MAX_KEPT_LAYOUT).then(|| layout.clone());
        layout
    })
}

/// What one response adds to the summary, taken on a worker thread.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    questionnaire: Arc<str>,
    title: Arc<str>,
    version: Arc<str>,
    /// The Monday of the week it was completed, in the respondent's own time zone.
    week: Option<Date>,
    consent: Consent,
    respondent_type: Option<Choice>,
    choices: Vec<Choice>,
    /// Its questions, and whether each is answered.
    layout: Arc<Layout>,
    answered: Vec<bool>,
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
        let layout = layout_of(view);
        let mut respondent_type = None;
        let mut choices = Vec::new();
        let mut answered = Vec::with_capacity(layout.columns.len());
        let entries = view
            .answers
            .0
            .iter()
            .filter(|(id, e)| answer_id_problem(id, e).is_none());
        for (column, (_, entry)) in entries.enumerate() {
            answered.push(entry.given().is_some());
            if entry.retired || !matches!(entry.kind, KindName::Choice | KindName::MultiChoice) {
                continue;
            }
            let choice = Choice {
                column,
                chosen: chosen(entry),
            };
            if entry.role == Some(Role::RespondentType) {
                respondent_type.get_or_insert(choice);
            } else {
                choices.push(choice);
            }
        }
        let fact = |key: &str, words: &str, make: fn(&str) -> String| {
            shown(Purpose::SummaryFact, key, words, make)
        };
        Facts {
            questionnaire: fact("questionnaire", &view.questionnaire.id, str::to_string),
            title: fact("title", &view.questionnaire.title, label),
            version: fact("version", &view.questionnaire.version, label),
            week: week_of(&view.completed_at),
            consent,
            respondent_type,
            choices,
            layout,
            answered,
        }
    }
}

fn yes_no(b: bool) -> Consent {
    if b { Consent::Yes } else { Consent::No }
}

fn chosen(entry: &EntryView) -> Option<Chosen> {
    match entry.given() {
        Some(ValueView::Selection(s)) => Some(Chosen {
            options: s
                .selected
                .iter()
                .map(|c| {
                    (
                        shown(Purpose::OptionId, &c.id, &c.id, label),
                        shown(Purpose::OptionLabel, &c.id, &c.label, label),
                    )
                })
                .collect(),
            other: s.other.as_deref().map(label),
        }),
        _ => None,
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
    fn new(column: &Column, questionnaire: &str) -> ChoiceCount {
        let mut count = ChoiceCount {
            id: column.id.clone(),
            question: column.words.clone(),
            ..ChoiceCount::default()
        };
        if let Some((options, multiple)) = built_in_options(questionnaire, &column.id) {
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

    fn add(&mut self, chosen: Option<Chosen>) {
        self.asked += 1;
        let Some(chosen) = chosen else {
            return;
        };
        self.answered += 1;
        self.multiple |= chosen.options.len() > 1;
        for (id, label) in chosen.options {
            match self.option_index.get(&*id) {
                Some(&i) => self.options[i].count += 1,
                None => {
                    self.option_index.insert(id.to_string(), self.options.len());
                    self.options.push(OptionCount {
                        id: id.to_string(),
                        label: label.to_string(),
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

    /// The rows of its table: every option with how many chose it, then "Other" when any chose
    /// it and "Not answered" when any did not answer.
    pub fn rows(&self) -> Vec<CountRow> {
        let mut rows: Vec<CountRow> = self
            .options
            .iter()
            .map(|o| (o.label.clone(), vec![o.count]))
            .collect();
        if self.other > 0 {
            rows.push(("Other".into(), vec![self.other]));
        }
        if self.not_answered() > 0 {
            rows.push(("Not answered".into(), vec![self.not_answered()]));
        }
        rows
    }
}

/// A row of one of the summary's tables (in the HTML digest and the workbook alike): a label,
/// then its numbers.
pub(crate) type CountRow = (String, Vec<usize>);

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

impl ConsentCount {
    /// The rows of its table: "Yes", "No", then "Not answered or unclear" when there are any.
    pub fn rows(&self) -> Vec<CountRow> {
        let mut rows = vec![
            ("Yes".to_string(), vec![self.yes]),
            ("No".to_string(), vec![self.no]),
        ];
        if self.unclear > 0 {
            rows.push(("Not answered or unclear".into(), vec![self.unclear]));
        }
        rows
    }
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
    /// How many hold each question and answered it, by its number in `index`.
    counts: Vec<(usize, usize)>,
    index: HashMap<String, usize>,
    /// The layouts last counted, with where each column is counted (none past a spreadsheet's
    /// columns): the same layout is counted again without looking its ids up.
    recent: Vec<(Arc<Layout>, Places)>,
    choice_index: HashMap<String, usize>,
    version_index: HashMap<String, usize>,
}

/// Where each column of a layout is counted, by its number in [`Summary`]'s counts (none for a
/// column past a spreadsheet's columns).
type Places = Arc<[Option<usize>]>;

/// How many layouts [`Summary`] remembers (a few threads, a few questionnaire versions).
const RECENT_LAYOUTS: usize = 8;

impl Summary {
    /// Counts one more response.
    pub fn add(&mut self, facts: Facts) {
        self.responses += 1;
        if self.title.is_none() && !facts.title.is_empty() {
            self.title = Some(facts.title.to_string());
        }
        match self.version_index.get(&*facts.version) {
            Some(&i) => self.versions[i].1 += 1,
            None => {
                self.version_index
                    .insert(facts.version.to_string(), self.versions.len());
                self.versions.push((facts.version.to_string(), 1));
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
        let columns = &facts.layout.columns;
        if let Some(choice) = facts.respondent_type {
            self.respondent_type
                .get_or_insert_with(|| {
                    ChoiceCount::new(&columns[choice.column], &facts.questionnaire)
                })
                .add(choice.chosen);
        }
        for choice in facts.choices {
            let column = &columns[choice.column];
            let i = match self.choice_index.get(&column.id) {
                Some(&i) => i,
                None => {
                    self.choice_index
                        .insert(column.id.clone(), self.choices.len());
                    self.choices
                        .push(ChoiceCount::new(column, &facts.questionnaire));
                    self.choices.len() - 1
                }
            };
            self.choices[i].add(choice.chosen);
        }
        let places = self.places(&facts.layout);
        for (place, answered) in places.iter().zip(&facts.answered) {
            if let Some(i) = place {
                self.counts[*i].0 += 1;
                self.counts[*i].1 += usize::from(*answered);
            }
        }
    }

    /// Where each column of `layout` is counted.
    fn places(&mut self, layout: &Arc<Layout>) -> Places {
        if let Some((_, places)) = self.recent.iter().find(|(l, _)| Arc::ptr_eq(l, layout)) {
            return places.clone();
        }
        if layout.columns.iter().any(|c| !self.known.contains(&c.id)) {
            // Past a spreadsheet's columns (a hostile file), the new ones are not counted.
            merge(&mut self.columns, &mut self.known, &layout.columns);
        }
        let places: Places = layout
            .columns
            .iter()
            .map(|c| {
                if let Some(&i) = self.index.get(&c.id) {
                    return Some(i);
                }
                self.known.contains(&c.id).then(|| {
                    self.index.insert(c.id.clone(), self.counts.len());
                    self.counts.push((0, 0));
                    self.counts.len() - 1
                })
            })
            .collect();
        if self.recent.len() == RECENT_LAYOUTS {
            self.recent.remove(0);
        }
        self.recent.push((layout.clone(), places.clone()));
        places
    }

    /// Each question in questionnaire order, with how many hold it and answered it.
    pub fn questions(&self) -> Vec<QuestionCount> {
        self.columns
            .iter()
            .map(|c| {
                let (asked, answered) = self
                    .index
                    .get(&c.id)
                    .map(|&i| self.counts[i])
                    .unwrap_or_default();
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
        let place = positions(&self.columns);
        out.sort_by_key(|c| place.get(c.id.as_str()).copied().unwrap_or(usize::MAX));
        out
    }

    /// The rows of the versions' table: each questionnaire version, as first seen, with how
    /// many responses answer it.
    pub fn version_rows(&self) -> Vec<CountRow> {
        self.versions
            .iter()
            .map(|(v, n)| (v.clone(), vec![*n]))
            .collect()
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
