//! `collate --format csv`: the [table](super::table) as CSV (RFC 4180: fields holding commas,
//! quotes or line breaks are quoted, rows end CRLF), safe to double-click.
//!
//! Formula guard, as OWASP's "CSV Injection" guidance describes: a spreadsheet runs a cell that
//! begins with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so
//! an answer such as `=HYPERLINK(...)` or `=cmd|...` from a stranger would run on the reader's
//! computer. Every such cell gets a leading `'`, which spreadsheets take to mean "text" and do
//! not show. Control characters and bidi overrides are made visible by the sanitiser. `--raw`
//! turns both off, for programs that want the bytes exactly as the files hold them.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::collate::table::{self, Table};
use crate::collate::{Format, Options, Output, Response};
use crate::render::sanitise;

/// The characters that make a spreadsheet read a cell as a formula when they start it (OWASP's
/// list), and the line feed a carriage return becomes once sanitised.
const FORMULA_START: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// A cell as the CSV holds it: sanitised, and guarded against being run as a formula; exactly
/// as given when `raw`.
pub(crate) fn cell(text: &str, raw: bool) -> Cow<'_, str> {
    if raw {
        return Cow::Borrowed(text);
    }
    let clean = sanitise::text(text);
    if clean.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{clean}"))
    } else {
        clean
    }
}

pub(crate) struct Csv {
    table: Table,
    raw: bool,
    bom: bool,
}

impl Csv {
    pub fn new(options: &Options) -> io::Result<Csv> {
        Ok(Csv {
            table: Table::new()?,
            raw: options.raw,
            bom: options.bom,
        })
    }
}

impl Format for Csv {
    type Row = table::Row;

    fn row(response: &Response, options: &Options) -> table::Row {
        let raw = options.raw;
        table::row(response, options, false, &|t| cell(t, raw))
    }

    fn add(
        &mut self,
        row: table::Row,
        _number: usize,
        _out: &mut Output,
    ) -> io::Result<Result<(), String>> {
        self.table.add(row)
    }

    fn late_problem(&mut self, number: usize, problem: String) {
        self.table.late_problem(number, problem);
    }

    fn finish(self, out: &mut Output) -> io::Result<()> {
        if self.bom {
            out.writer.write_all("\u{feff}".as_bytes())?;
        }
        let mut header = table::csv_writer(Vec::new());
        header.write_record(self.table.header())?;
        header.flush()?;
        out.writer.write_all(header.get_ref())?;
        if self.table.is_final() {
            // Every response has the same questions: the spilled rows are the CSV as it is.
            let mut spill = self.table.into_spill()?;
            out.copy_from(&mut spill)?;
            return Ok(());
        }
        let raw = self.raw;
        let late = move |had: &str, late: &[String]| {
            let mut s = had.to_string();
            for p in late {
                if !s.is_empty() {
                    s.push_str("; ");
                }
                s.push_str(p);
            }
            cell(&s, raw).into_owned()
        };
        let mut rebuilt = Vec::new();
        self.table.for_each_row(false, &late, &mut |row| match row {
            Ok(line) => out.writer.write_all(line),
            Err(fields) => {
                rebuilt.clear();
                let mut w = table::csv_writer(&mut rebuilt);
                w.write_record(&fields)?;
                drop(w);
                out.writer.write_all(&rebuilt)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_unless_raw() {
        for (given, safe) in [
            (
                "=HYPERLINK(\"http://e.org\")",
                "'=HYPERLINK(\"http://e.org\")",
            ),
            ("+1", "'+1"),
            ("- a list", "'- a list"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\n=1"),
            ("plain", "plain"),
            ("a = b", "a = b"),
            ("", ""),
        ] {
            assert_eq!(cell(given, false), safe, "{given:?}");
            assert_eq!(cell(given, true), given);
        }
        assert_eq!(cell("a\u{1b}[2Jb", false), "a\u{FFFD}[2Jb");
    }
}
