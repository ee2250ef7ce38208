//! What the two digests, [`markdown`](super::markdown) and [`html`](super::html), keep alike as
//! the responses come: the title, how many were collated, who gave each, the responses with
//! problems, and the questions in column order, grouped by section.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::collate::table::{Column, merge};
use crate::collate::{Options, Response};
use crate::questionnaire::Role;
use crate::render::sanitise::one_line;
use crate::respondent::Respondent;
use crate::response_view::{EntryView, ResponseView};
use crate::validate::{MAX_QUESTION_COLUMNS, answer_id_problem};

/// Who gave a response, unescaped, by the project's one rule ([`Respondent::label`]): "Jo
/// Bloggs (Hearing Voices Network)", or whichever of name and organisation was given, each made
/// one line first; `None` when anonymising or when neither was given.
pub(crate) fn who(view: &ResponseView, options: &Options) -> Option<String> {
    if options.anonymise {
        return None;
    }
    let name = view.text_of(Role::Name).map(one_line);
    let organisation = view.text_of(Role::Organisation).map(one_line);
    Respondent::new(name.as_deref(), organisation.as_deref()).label()
}

/// What a response is called when no one is named: "Response 3", by its number.
pub(crate) fn numbered(number: usize) -> String {
    format!("Response {number}")
}

/// A response's part of a digest, made on a worker thread.
pub(crate) struct Row {
    /// The questionnaire's title, one line, unescaped.
    pub title: String,
    /// Who gave it ([`who`]), escaped for the format.
    pub who: Option<String>,
    pub cells: Vec<Cell>,
    pub problems: Vec<String>,
}

/// An answer of a response as a digest shows it.
pub(crate) struct Cell {
    pub id: String,
    pub section_id: String,
    /// The section's title, escaped for the format.
    pub section: Arc<str>,
    /// The question's words, escaped for the format.
    pub question: Arc<str>,
    /// Whether the question is no longer asked.
    pub retired: bool,
    /// The answer in the format; `None` when not answered.
    pub answer: Option<String>,
}

/// A response's row: every answer a digest shows (not the contact details when anonymising,
/// nor an answer whose id could not be a spreadsheet's column, so that the digest and the
/// spreadsheet agree) made a cell by `cell`, and who gave it escaped by `escape`.
pub(crate) fn row(
    response: &Response,
    options: &Options,
    escape: impl Fn(&str) -> String,
    cell: impl Fn(&str, &EntryView) -> Cell,
) -> Row {
    let view = response.view;
    let cells = view
        .answers
        .0
        .iter()
        .filter(|(id, e)| {
            !(options.anonymise && e.is_contact_detail()) && answer_id_problem(id, e).is_none()
        })
        .map(|(id, e)| cell(id, e))
        .collect();
    Row {
        title: one_line(&view.questionnaire.title),
        who: who(view, options).map(|w| escape(&w)),
        cells,
        problems: response.problems.to_vec(),
    }
}

/// A question as the digest first saw it, and its answers as the format keeps them (`A`).
pub(crate) struct Question<A> {
    pub id: String,
    pub section_id: String,
    /// The section's title, escaped.
    pub section: Arc<str>,
    /// The question's words, escaped.
    pub question: Arc<str>,
    pub answers: A,
}

/// What a digest keeps of the responses as they come.
pub(crate) struct Kept<A> {
    /// The first questionnaire title given.
    pub title: Option<String>,
    /// How many responses were taken.
    pub responses: usize,
    /// Responses with problems: their number, label (escaped) and problems.
    pub problems: Vec<(usize, String, Vec<String>)>,
    /// The questions in the order first seen; [`sections`](Self::sections) gives the order to
    /// show them in.
    pub order: Vec<Question<A>>,
    /// Each question's place in `order`, by id.
    places: HashMap<String, usize>,
    columns: Vec<Column>,
    known: HashSet<String>,
}

impl<A> Default for Kept<A> {
    fn default() -> Self {
        Kept {
            title: None,
            responses: 0,
            problems: Vec::new(),
            order: Vec::new(),
            places: HashMap::new(),
            columns: Vec::new(),
            known: HashSet::new(),
        }
    }
}

impl<A: Default> Kept<A> {
    /// Takes response `number`: its title, its problems and its questions' places. Gives the
    /// label to head its answers with (who gave it, or "Response 3") and its cells; `Err(why)`
    /// refuses it, changing nothing, when its questions would take the digest past the columns
    /// a spreadsheet has.
    pub fn take(&mut self, number: usize, row: Row) -> Result<(String, Vec<Cell>), String> {
        self.admit(&row.cells)?;
        self.responses += 1;
        if self.title.is_none() && !row.title.is_empty() {
            self.title = Some(row.title);
        }
        let label = row.who.unwrap_or_else(|| numbered(number));
        if !row.problems.is_empty() {
            self.problems.push((number, label.clone(), row.problems));
        }
        Ok((label, row.cells))
    }

    /// Places the columns of `cells` among the others, unless they are too many.
    fn admit(&mut self, cells: &[Cell]) -> Result<(), String> {
        if cells.iter().all(|c| self.known.contains(&c.id)) {
            return Ok(());
        }
        let columns: Vec<Column> = cells
            .iter()
            .map(|c| Column {
                id: c.id.clone(),
                words: String::new(),
            })
            .collect();
        if merge(&mut self.columns, &mut self.known, &columns) {
            return Ok(());
        }
        Err(format!(
            "its answers would take the digest past the {MAX_QUESTION_COLUMNS} questions a spreadsheet could show"
        ))
    }

    /// Where the question of `cell` is in [`order`](Self::order) (added at the end when its id
    /// is new), and the cell's answer.
    pub fn place(&mut self, cell: Cell) -> (usize, Option<String>) {
        if let Some(&n) = self.places.get(&cell.id) {
            return (n, cell.answer);
        }
        self.places.insert(cell.id.clone(), self.order.len());
        self.order.push(Question {
            id: cell.id,
            section_id: cell.section_id,
            section: cell.section,
            question: cell.question,
            answers: A::default(),
        });
        (self.order.len() - 1, cell.answer)
    }
}

impl<A> Kept<A> {
    /// Adds a problem found with response `number` after it was taken.
    pub fn late_problem(&mut self, number: usize, problem: String) {
        match self.problems.iter_mut().find(|(n, _, _)| *n == number) {
            Some((_, _, list)) => list.push(problem),
            None => self
                .problems
                .push((number, numbered(number), vec![problem])),
        }
    }

    /// The responses with problems, in collating order.
    pub fn sorted_problems(&mut self) -> &[(usize, String, Vec<String>)] {
        self.problems.sort_by_key(|(n, _, _)| *n);
        &self.problems
    }

    /// The sections in the order their first question comes, each as its questions' places in
    /// [`order`](Self::order), in column order.
    pub fn sections(&self) -> Vec<Vec<usize>> {
        let mut sections: Vec<(&str, Vec<usize>)> = Vec::new();
        for column in &self.columns {
            let n = self.places[&column.id];
            let key = self.order[n].section_id.as_str();
            match sections.iter_mut().find(|(s, _)| *s == key) {
                Some((_, list)) => list.push(n),
                None => sections.push((key, vec![n])),
            }
        }
        sections.into_iter().map(|(_, list)| list).collect()
    }
}
