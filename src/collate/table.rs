//! The table behind the CSV and the workbook: one row per response, the fixed columns
//! ([`FIXED_COLUMNS`]), then one column per question id found in any response.
//!
//! The header comes first but depends on every file, so rows wait in a temporary spill file,
//! already encoded as CSV records on the worker threads, each with its layout (the question ids
//! it fills, in its own order). In memory stay only each row's layout number and length (8
//! bytes a row), the distinct layouts, and the problems found late. At the end the rows are
//! read back in order and put in the final column order.
//!
//! Question columns, in order: every id in any response, each new one placed after the id it
//! follows in the first response that has it, so columns from several questionnaire versions
//! stay in questionnaire order as far as the versions agree. An answer whose id cannot be a
//! column ([`answer_id_problem`]) is left out (and reported in the problems column); a response
//! that would take the table past a spreadsheet's columns is refused.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, Write};

use crate::collate::{Options, Response};
use crate::questionnaire::{FIXED_COLUMNS, Role};
use crate::response_view::{EntryView, ResponseView};
use crate::validate::{MAX_QUESTION_COLUMNS, answer_id_problem};

/// Where the problems column is among the fixed ones.
pub(crate) const PROBLEMS: usize = 5;

/// A response as a table row, made on a worker thread.
pub(crate) struct Row {
    /// The question columns it fills, in its order: each id as its length (4 bytes) then its
    /// bytes. Rows with the same layout share their columns, found by this key.
    layout: Vec<u8>,
    /// When the question words are kept: each column's words the same way, in the same order
    /// (read only when the layout is new, so never hashed).
    words: Vec<u8>,
    /// The whole CSV record (RFC 4180, ending CRLF): fixed columns first, then its questions.
    line: Vec<u8>,
}

/// Whether a question gets a column of its own: consent and respondent type have their fixed
/// columns, contact details are left out when anonymising, and an id that cannot be a column
/// is left out always.
fn has_column(id: &str, entry: &EntryView, options: &Options) -> bool {
    let fixed = !entry.retired && matches!(entry.role, Some(Role::Consent | Role::RespondentType));
    let left_out = options.anonymise && entry.is_contact_detail();
    !fixed && !left_out && answer_id_problem(id, entry).is_none()
}

/// The consent column: `yes` or `no` as `consent_to_future_contact` says, but empty when the
/// consent question is not answered (a form whose consent was unclear): the field is false then,
/// which is not a "no" from the respondent, and the problems column says to ask them.
fn consent_cell(view: &ResponseView) -> &'static str {
    let unanswered = view
        .by_role(Role::Consent)
        .is_some_and(|e| e.answer.is_none());
    match (unanswered, view.consent_to_future_contact) {
        (true, _) => "",
        (false, true) => "yes",
        (false, false) => "no",
    }
}

pub(crate) fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w)
}

/// Makes a response's row, passing every cell's text through `cell` (the format's own rule:
/// the CSV's formula guard, the workbook's length limit). `words` keeps the question words in
/// the layout, for a second header row.
pub(crate) fn row(
    response: &Response,
    options: &Options,
    words: bool,
    cell: &dyn Fn(&str) -> Cow<'_, str>,
) -> Row {
    let view = response.view;
    let mut layout = Vec::with_capacity(512);
    let mut question_words = Vec::new();
    let mut w = csv_writer(Vec::with_capacity(16 * 1024));
    let respondent_type = view
        .by_role(Role::RespondentType)
        .and_then(|e| e.given())
        .map(|a| a.cell())
        .unwrap_or_default();
    let id = view.response_id.to_string();
    let problems = response.problems.join("; ");
    // Writing to a Vec cannot fail.
    let _ = w.write_field(cell(&id).as_bytes());
    let _ = w.write_field(cell(&view.completed_at).as_bytes());
    let _ = w.write_field(cell(&view.questionnaire.version).as_bytes());
    let _ = w.write_field(consent_cell(view));
    let _ = w.write_field(cell(&respondent_type).as_bytes());
    let _ = w.write_field(cell(&problems).as_bytes());
    for (id, entry) in &view.answers.0 {
        if !has_column(id, entry, options) {
            continue;
        }
        push_str(&mut layout, id);
        if words {
            push_str(&mut question_words, &entry.question);
        }
        let text = entry.answer.as_ref().map(|a| a.cell()).unwrap_or_default();
        let _ = w.write_field(cell(&text).as_bytes());
    }
    let _ = w.write_record(None::<&[u8]>);
    Row {
        layout,
        words: question_words,
        line: w.into_inner().unwrap_or_default(),
    }
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// A column: its question id, and the question's words as first seen (when kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub id: String,
    pub words: String,
}

/// Each column's place in `columns`, by its id.
pub(crate) fn positions(columns: &[Column]) -> HashMap<&str, usize> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect()
}

/// The strings a layout or words field holds, each as its length (4 bytes) then its bytes.
fn strings(mut rest: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    while rest.len() >= 4 {
        let len = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        out.push(String::from_utf8_lossy(&rest[4..4 + len]).into_owned());
        rest = &rest[4 + len..];
    }
    out
}

fn layout_columns(layout: &[u8], words: &[u8]) -> Vec<Column> {
    let mut words = strings(words).into_iter();
    strings(layout)
        .into_iter()
        .map(|id| Column {
            id,
            words: words.next().unwrap_or_default(),
        })
        .collect()
}

/// Puts each new column next to the one it follows in the response that brought it. Returns
/// false, changing nothing, when that would make more question columns than a spreadsheet has.
pub(crate) fn merge(
    columns: &mut Vec<Column>,
    known: &mut HashSet<String>,
    new: &[Column],
) -> bool {
    let fresh = new.iter().filter(|c| !known.contains(&c.id)).count();
    if columns.len() + fresh > MAX_QUESTION_COLUMNS {
        return false;
    }
    let mut cursor = 0;
    for column in new {
        if known.contains(&column.id) {
            if let Some(pos) = columns.iter().position(|c| c.id == column.id) {
                cursor = pos + 1;
            }
        } else {
            known.insert(column.id.clone());
            columns.insert(cursor, column.clone());
            cursor += 1;
        }
    }
    true
}

/// A row handed out at the end: its record unchanged (`Ok`), or its fields in the final column
/// order (`Err`).
pub(crate) type RowOut<'a> = Result<&'a [u8], Vec<&'a [u8]>>;

/// The rows so far, waiting for the header.
pub(crate) struct Table {
    spill: BufWriter<File>,
    /// Per row: its layout number and the length of its record.
    rows: Vec<(u32, u32)>,
    layouts: HashMap<Vec<u8>, u32>,
    layout_columns: Vec<Vec<Column>>,
    columns: Vec<Column>,
    known: HashSet<String>,
    /// Problems found after a row was added, by row number (from 1).
    late: HashMap<usize, Vec<String>>,
}

impl Table {
    pub fn new() -> io::Result<Table> {
        Ok(Table {
            spill: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            rows: Vec::new(),
            layouts: HashMap::new(),
            layout_columns: Vec::new(),
            columns: Vec::new(),
            known: HashSet::new(),
            late: HashMap::new(),
        })
    }

    /// Adds a row; `Ok(Err(why))` when it would take the table past a spreadsheet's columns.
    pub fn add(&mut self, row: Row) -> io::Result<Result<(), String>> {
        let layout = match self.layouts.get(&row.layout) {
            Some(&n) => n,
            None => {
                let columns = layout_columns(&row.layout, &row.words);
                if !merge(&mut self.columns, &mut self.known, &columns) {
                    return Ok(Err(format!(
                        "its answers would take the table past the {MAX_QUESTION_COLUMNS} question columns a spreadsheet can show"
                    )));
                }
                let n = self.layout_columns.len() as u32;
                self.layout_columns.push(columns);
                self.layouts.insert(row.layout, n);
                n
            }
        };
        let len = u32::try_from(row.line.len())
            .map_err(|_| io::Error::other("a response is too large to collate (over 4 GB)"))?;
        self.spill.write_all(&row.line)?;
        self.rows.push((layout, len));
        Ok(Ok(()))
    }

    /// Notes a problem with row `number` (from 1) found after it was added.
    pub fn late_problem(&mut self, number: usize, problem: String) {
        self.late.entry(number).or_default().push(problem);
    }

    /// The question columns, in their final order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The header row: the fixed columns, then the question ids.
    pub fn header(&self) -> Vec<&str> {
        FIXED_COLUMNS
            .iter()
            .copied()
            .chain(self.columns.iter().map(|c| c.id.as_str()))
            .collect()
    }

    /// Whether every row is already in the final column order, with nothing found late: then
    /// the spill file is the body of the CSV as it is.
    pub fn is_final(&self) -> bool {
        self.late.is_empty() && self.layout_columns.iter().all(|c| *c == self.columns)
    }

    /// The spill file, rewound, when [`is_final`](Self::is_final).
    pub fn into_spill(self) -> io::Result<File> {
        let mut spill = self.spill.into_inner().map_err(|e| e.into_error())?;
        spill.rewind()?;
        Ok(spill)
    }

    /// Hands every row, in order, to `each`: as its record unchanged (`Ok`) when `fields` is
    /// false and it is in the final order with nothing added, otherwise as its fields in the
    /// final column order with the late problems added (`Err`); `late_cell` says how a late
    /// problem joins the cell, with the format's cell rule.
    pub fn for_each_row(
        self,
        fields: bool,
        late_cell: &dyn Fn(&str, &[String]) -> String,
        each: &mut dyn FnMut(RowOut<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        let maps = self.column_maps();
        let arrange = Arrange {
            maps: &maps,
            late: &self.late,
            width: FIXED_COLUMNS.len() + self.columns.len(),
            late_cell,
        };
        let mut spill = self.spill.into_inner().map_err(|e| e.into_error())?;
        spill.rewind()?;
        let spill = io::BufReader::with_capacity(1 << 20, spill);
        if fields {
            arrange.every_row(spill, &self.rows, each)
        } else {
            arrange.rows_that_change(spill, &self.rows, each)
        }
    }

    /// For each layout, where each of its question columns goes in the final order; `None`
    /// when it is in the final order already.
    fn column_maps(&self) -> Vec<Option<Vec<usize>>> {
        let position = positions(&self.columns);
        self.layout_columns
            .iter()
            .map(|cols| {
                (*cols != self.columns)
                    .then(|| cols.iter().map(|c| position[c.id.as_str()]).collect())
            })
            .collect()
    }
}

/// Puts rows read back from the spill file in the final column order, with their late problems.
struct Arrange<'a> {
    /// By layout: [`Table::column_maps`].
    maps: &'a [Option<Vec<usize>>],
    late: &'a HashMap<usize, Vec<String>>,
    /// How many columns the final rows have.
    width: usize,
    late_cell: &'a dyn Fn(&str, &[String]) -> String,
}

impl Arrange<'_> {
    /// Row `n`'s fields (from 0) in the final order, with its late problems, to `each`.
    fn arrange(
        &self,
        record: &csv::ByteRecord,
        n: usize,
        layout: u32,
        each: &mut dyn FnMut(RowOut<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        let map = &self.maps[layout as usize];
        let problems = self.late.get(&(n + 1)).map(|late| {
            let had = String::from_utf8_lossy(record.get(PROBLEMS).unwrap_or_default());
            (self.late_cell)(&had, late)
        });
        let mut cells: Vec<&[u8]> = vec![b""; self.width];
        for (i, field) in record.iter().enumerate() {
            match i.checked_sub(FIXED_COLUMNS.len()) {
                None => cells[i] = field,
                Some(q) => match map {
                    Some(map) => cells[FIXED_COLUMNS.len() + map[q]] = field,
                    None => cells[i] = field,
                },
            }
        }
        if let Some(p) = &problems {
            cells[PROBLEMS] = p.as_bytes();
        }
        each(Err(cells))
    }

    /// Every row as its fields.
    fn every_row(
        &self,
        spill: impl Read,
        rows: &[(u32, u32)],
        each: &mut dyn FnMut(RowOut<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        // One reader for every record in turn: building one per row is dear (a buffer and its
        // tables each time).
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(spill);
        let mut record = csv::ByteRecord::new();
        for (n, (layout, _)) in rows.iter().enumerate() {
            reader.read_byte_record(&mut record)?;
            self.arrange(&record, n, *layout, each)?;
        }
        Ok(())
    }

    /// Rows as the bytes they are; only a row that must change is parsed, and given as fields.
    fn rows_that_change(
        &self,
        mut spill: impl Read,
        rows: &[(u32, u32)],
        each: &mut dyn FnMut(RowOut<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut record = csv::ByteRecord::new();
        let mut line = Vec::new();
        for (n, (layout, len)) in rows.iter().enumerate() {
            line.resize(*len as usize, 0);
            spill.read_exact(&mut line)?;
            if self.maps[*layout as usize].is_none() && !self.late.contains_key(&(n + 1)) {
                each(Ok(&line))?;
                continue;
            }
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_slice())
                .read_byte_record(&mut record)?;
            self.arrange(&record, n, *layout, each)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_columns_go_next_to_their_neighbours() {
        let cols = |s: &str| {
            s.split(',')
                .map(|id| Column {
                    id: id.to_string(),
                    words: String::new(),
                })
                .collect::<Vec<_>>()
        };
        let (mut columns, mut known) = (Vec::new(), HashSet::new());
        assert!(merge(&mut columns, &mut known, &cols("a,b,c,d")));
        assert!(merge(&mut columns, &mut known, &cols("a,b,x,y,d")));
        assert!(merge(&mut columns, &mut known, &cols("z,a")));
        assert_eq!(columns, cols("z,a,b,x,y,c,d"));
        let many: Vec<Column> = (0..MAX_QUESTION_COLUMNS)
            .map(|i| Column {
                id: format!("q{i}"),
                words: String::new(),
            })
            .collect();
        assert!(!merge(&mut columns, &mut known, &many));
        assert_eq!(columns.len(), 7, "a refused response changes nothing");
    }
}
