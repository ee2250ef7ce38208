//! `collate --format xlsx`: the [table](super::table) as an Excel workbook, the file the team
//! double-clicks.
//!
//! Sheet "Summary" comes first: the run's counts ([`summary_sheet`](super::summary_sheet)).
//! Sheet "Responses": row 1 the column names (question ids), row 2 each question's words, both
//! frozen; then one row per response. Every answer is a text cell (written as a string, so a
//! cell is never a formula, whatever it starts with), wrapped, in columns of sensible widths;
//! `completed_at` is a real date and time (in the response's own UTC offset). Sheet "Questions"
//! lists every question column with its words.
//!
//! Written with rust_xlsxwriter in constant-memory mode: each row goes to a temporary file as
//! it is written, and the finished workbook is zipped into another before it is copied out, so
//! memory stays flat however many responses there are.

use std::borrow::Cow;
use std::io::{self, Write};

use rust_xlsxwriter::{
    ExcelDateTime, Format as CellFormat, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::collate::summary::Summary;
use crate::collate::summary_sheet;
use crate::collate::table::{self, Column, Table};
use crate::collate::{Format, Options, Output, Response};
use crate::questionnaire::FIXED_COLUMNS;
use crate::render::sanitise;

/// The most characters a cell holds (Excel's limit).
/// The most a cell holds (Excel's limit), counted as Excel counts: in UTF-16 code units, so an
/// emoji counts two.
pub const MAX_CELL_UNITS: usize = 32_767;
/// The most rows a sheet holds (Excel's limit), the two header rows included.
const MAX_ROWS: usize = 1_048_576;

/// The words shown under each fixed column's name.
const FIXED_WORDS: [&str; 6] = [
    "Response id",
    "Completed (in the respondent's time zone)",
    "Questionnaire version",
    "May we contact in future with further information?",
    "Respondent type",
    "Problems found (see validate)",
];
/// Fixed columns' widths, in characters.
const FIXED_WIDTHS: [f64; 6] = [38.0, 18.0, 12.0, 14.0, 40.0, 40.0];
/// A question column's width, in characters.
const QUESTION_WIDTH: f64 = 50.0;

/// The height of one line of text (11 pt Calibri), in points.
const LINE_HEIGHT: f64 = 15.0;
/// The tallest a row may be (Excel's limit), in points: a longer answer scrolls in its cell.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The width of column `c`, in characters.
fn width_of(c: usize) -> f64 {
    FIXED_WIDTHS.get(c).copied().unwrap_or(QUESTION_WIDTH)
}

/// A header row's height, so that its wrapped words show whole (up to Excel's limit): lines are
/// estimated from each paragraph's length and the column's width (a proportional font fits
/// about 1.2 characters per unit of width).
///
/// Only the two header rows get one. rust_xlsxwriter keeps every row whose height is set in
/// memory until the end, even in constant-memory mode (about 0.9 KB a row: 9 MB more at 10,000
/// responses), which would break the flat memory the workbook is written for; the answer rows
/// are left to the spreadsheet's own automatic height.
fn row_height<'a>(cells: impl Iterator<Item = (usize, &'a str)>) -> f64 {
    let mut lines: f64 = 1.0;
    for (c, text) in cells {
        let per_line = (width_of(c) * 1.2).max(1.0);
        let here: f64 = text
            .split('\n')
            .map(|p| (p.chars().count() as f64 / per_line).ceil().max(1.0))
            .sum();
        lines = lines.max(here);
        if lines * LINE_HEIGHT >= MAX_ROW_HEIGHT {
            break;
        }
    }
    (lines * LINE_HEIGHT).min(MAX_ROW_HEIGHT)
}

/// What is said past a cut cell.
const CUT: &str = "… [cut: Excel holds at most 32,767 characters in a cell; the CSV and JSON Lines formats keep the whole answer]";

/// A cell as the workbook holds it: sanitised, and cut to Excel's limit.
fn cell(text: &str) -> Cow<'_, str> {
    let clean = sanitise::text(text);
    // UTF-8 never takes fewer bytes than UTF-16 takes units, so a short text needs no count.
    if clean.len() <= MAX_CELL_UNITS || clean.encode_utf16().count() <= MAX_CELL_UNITS {
        return clean;
    }
    let room = MAX_CELL_UNITS - CUT.encode_utf16().count();
    let mut units = 0;
    let end = clean
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > room
        })
        .map_or(clean.len(), |(i, _)| i);
    let mut cut = clean[..end].to_string();
    cut.push_str(CUT);
    Cow::Owned(cut)
}

/// A cell of the table as text (the table's own cells are always UTF-8).
fn utf8(field: &[u8]) -> &str {
    simdutf8::basic::from_utf8(field).unwrap_or_default()
}

fn xlsx_error(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        e => io::Error::other(format!("cannot make the workbook: {e}")),
    }
}

/// `2026-11-28T05:52:29+00:00` as a date and time in its own offset.
fn date_time(text: &str) -> Option<ExcelDateTime> {
    text.parse::<jiff::Timestamp>().ok()?;
    let civil: jiff::civil::DateTime = text.get(..19)?.parse().ok()?;
    ExcelDateTime::from_ymd(
        u16::try_from(civil.year()).ok()?,
        civil.month() as u8,
        civil.day() as u8,
    )
    .ok()?
    .and_hms(civil.hour() as u16, civil.minute() as u8, civil.second())
    .ok()
}

pub(crate) struct Xlsx {
    table: Table,
    summary: Summary,
}

impl Xlsx {
    pub fn new() -> io::Result<Xlsx> {
        Ok(Xlsx {
            table: Table::new()?,
            summary: Summary::default(),
        })
    }
}

impl Format for Xlsx {
    type Row = table::Row;

    fn row(response: &Response, options: &Options) -> table::Row {
        table::row(response, options, true, &cell)
    }

    fn add(
        &mut self,
        row: table::Row,
        number: usize,
        _out: &mut Output,
    ) -> io::Result<Result<(), String>> {
        if number + 2 > MAX_ROWS {
            return Ok(Err(format!(
                "a workbook sheet holds at most {MAX_ROWS} rows; collate the rest separately"
            )));
        }
        self.table.add(row)
    }

    fn late_problem(&mut self, number: usize, problem: String) {
        self.table.late_problem(number, problem);
    }

    fn summary(&mut self, summary: &Summary) {
        self.summary = summary.clone();
    }

    fn finish(self, out: &mut Output) -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("collated.xlsx");
        write_workbook(self.table, &self.summary, &path).map_err(xlsx_error)?;
        let mut file = std::fs::File::open(&path)?;
        out.copy_from(&mut file)?;
        out.writer.flush()
    }
}

/// The cell formats of the "Responses" and "Questions" sheets.
struct Formats {
    /// The column names.
    header: CellFormat,
    /// The question words under them.
    words: CellFormat,
    text: CellFormat,
    date: CellFormat,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: CellFormat::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("#DDEBF7"),
            words: CellFormat::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("#F2F2F2"),
            text: CellFormat::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            date: CellFormat::new()
                .set_num_format("yyyy-mm-dd hh:mm")
                .set_align(FormatAlign::Top),
        }
    }
}

/// The workbook, saved to `path`: "Summary", "Responses", then "Questions".
fn write_workbook(
    table: Table,
    summary: &Summary,
    path: &std::path::Path,
) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    summary_sheet::write(&mut workbook, summary)?;
    // The fastest deflate: a third of the time of the default level for a file a little larger.
    workbook.set_zip_compression_level(1);
    let formats = Formats::new();
    let columns = table.columns().to_vec();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Responses")?;
    write_header(sheet, &table, &formats)?;
    write_responses(sheet, table, &formats)?;
    write_questions(workbook.add_worksheet(), &columns, &formats)?;
    workbook.save(path)
}

/// The "Responses" sheet's columns and its two frozen header rows: the column names, and the
/// words of each question under its name.
fn write_header(sheet: &mut Worksheet, table: &Table, formats: &Formats) -> Result<(), XlsxError> {
    let columns = table.columns();
    for (i, width) in FIXED_WIDTHS.iter().enumerate() {
        sheet.set_column_width(i as u16, *width)?;
    }
    for i in 0..columns.len() {
        sheet.set_column_width((FIXED_COLUMNS.len() + i) as u16, QUESTION_WIDTH)?;
    }
    sheet.set_freeze_panes(2, 1)?;
    for (c, name) in table.header().iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &formats.header)?;
    }
    let question_words: Vec<Cow<'_, str>> = FIXED_WORDS
        .iter()
        .map(|w| Cow::Borrowed(*w))
        .chain(columns.iter().map(|c| cell(&c.words)))
        .collect();
    sheet.set_row_height(0, 2.0 * LINE_HEIGHT)?;
    sheet.set_row_height(
        1,
        row_height(question_words.iter().map(|w| w.as_ref()).enumerate()),
    )?;
    for (c, w) in question_words.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, w.as_ref(), &formats.words)?;
    }
    Ok(())
}

/// A problems cell with the problems found late added, cut to fit.
fn with_late_problems(had: &str, late: &[String]) -> String {
    let mut s = had.to_string();
    for p in late {
        if !s.is_empty() {
            s.push_str("; ");
        }
        s.push_str(p);
    }
    cell(&s).into_owned()
}

/// One row per response under the header rows: `completed_at` as a date and time, every
/// other cell as text.
fn write_responses(
    sheet: &mut Worksheet,
    table: Table,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut row: u32 = 2;
    let mut failed: Option<XlsxError> = None;
    table
        .for_each_row(true, &with_late_problems, &mut |fields| {
            let Err(fields) = fields else {
                return Ok(());
            };
            if let Err(e) = write_response(sheet, row, &fields, formats) {
                failed = Some(e);
                return Err(io::Error::other("the workbook refused a cell"));
            }
            row += 1;
            Ok(())
        })
        .map_err(|e| failed.take().unwrap_or(XlsxError::IoError(e)))
}

/// The fields of one response, in row `row`.
fn write_response(
    sheet: &mut Worksheet,
    row: u32,
    fields: &[&[u8]],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (c, field) in fields.iter().enumerate() {
        if field.is_empty() {
            continue;
        }
        // The table's own cells: always UTF-8.
        let value = utf8(field);
        match (c, date_time(value)) {
            (1, Some(when)) => {
                sheet.write_datetime_with_format(row, c as u16, &when, &formats.date)?
            }
            _ => sheet.write_string_with_format(row, c as u16, value, &formats.text)?,
        };
    }
    Ok(())
}

/// The "Questions" sheet: every question column with its words.
fn write_questions(
    sheet: &mut Worksheet,
    columns: &[Column],
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Questions")?;
    sheet.set_column_width(0, 30.0)?;
    sheet.set_column_width(1, 90.0)?;
    sheet.write_string_with_format(0, 0, "Question id (column name)", &formats.header)?;
    sheet.write_string_with_format(0, 1, "Question", &formats.header)?;
    sheet.set_freeze_panes(1, 0)?;
    for (i, column) in columns.iter().enumerate() {
        let r = (i + 1) as u32;
        sheet.write_string_with_format(r, 0, &column.id, &formats.text)?;
        sheet.write_string_with_format(r, 1, cell(&column.words).as_ref(), &formats.text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_cut_to_excels_limit_counting_as_excel_does() {
        for piece in ["a", "é", "支", "🌱"] {
            let long = piece.repeat(40_000);
            let c = cell(&long);
            assert!(c.encode_utf16().count() <= MAX_CELL_UNITS, "{piece}");
            assert!(c.ends_with("keep the whole answer]"), "{piece}");
        }
        let fits = "🌱".repeat(MAX_CELL_UNITS / 2);
        assert_eq!(cell(&fits), fits);
    }
}
