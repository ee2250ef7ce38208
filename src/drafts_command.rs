//! The `drafts` command: list the drafts (a table that fits the terminal, or JSON), delete one,
//! or print the folder they are kept in.

use std::io::{self, Write};
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use crate::cli::{DraftsAction, DraftsArgs, GlobalArgs};
use crate::draft::Draft;
use crate::error::{Error, ExitCode, Result};
use crate::lines::StdinLines;
use crate::preview::preview;
use crate::questionnaire::Questionnaire;
use crate::respondent::Respondent;
use crate::session::{data_dir, friendly_time, short_id};
use crate::storage::{DraftSummary, Store, StoreError};

/// Runs `drafts` (list, `delete`, `path`).
pub fn run(global: &GlobalArgs, args: DraftsArgs) -> Result<ExitCode> {
    let dir = data_dir(global)?;
    match args.action {
        Some(DraftsAction::Path) => {
            crate::output::stdout(format!("{}\n", dir.display()).as_bytes())?;
            Ok(ExitCode::Success)
        }
        Some(DraftsAction::Delete { draft, yes }) => delete(&dir, &draft, yes),
        Some(DraftsAction::List { json }) => list(global, &dir, json || args.json),
        None => list(global, &dir, args.json),
    }
}

/// `drafts delete DRAFT [--yes]`: asks first (unless `--yes`), and never deletes a draft open
/// in a running copy.
fn delete(dir: &Path, draft: &str, yes: bool) -> Result<ExitCode> {
    let store = Store::open(dir)?;
    let id = store.find(draft)?;
    let summary = store.load(&id);
    let uuid = id
        .parse()
        .map_err(|_| Error::NotADraft { id: id.to_string() })?;
    let lock = store.lock(&uuid)?;
    if !yes {
        let what = match &summary {
            Ok(d) => describe_draft(d),
            Err(_) => format!("the damaged draft {}", store.path_of(&id).display()),
        };
        if !confirm_on_stdin(&format!("Delete {what}? This cannot be undone."))? {
            crate::output::notice("Nothing was deleted.");
            return Ok(ExitCode::Failure);
        }
    }
    drop(lock);
    store.delete(&id)?;
    crate::output::notice(&format!("Deleted draft {}.", short_id(&id)));
    Ok(ExitCode::Success)
}

/// `drafts` or `drafts list`: a table on standard output (JSON with `--json`); unreadable
/// drafts are named on standard error.
fn list(global: &GlobalArgs, dir: &Path, json: bool) -> Result<ExitCode> {
    let q = Questionnaire::load_or_embedded(global.questions.as_deref())?;
    let total = q.question_count();
    let listing = if dir.is_dir() {
        Store::open(dir)?.list()?
    } else {
        Vec::new()
    };
    let out = if json {
        as_json(&listing, total)
    } else {
        let rows: Vec<[String; 4]> = listing
            .iter()
            .filter_map(|e| e.as_ref().ok())
            .map(|s| row(s, total))
            .collect();
        for e in listing.iter().filter_map(|e| e.as_ref().err()) {
            crate::output::notice(&format!("Note: {e}."));
        }
        if rows.is_empty() {
            crate::output::notice(&format!("There are no drafts in {}.", dir.display()));
            String::new()
        } else {
            crate::output::notice(&format!("Drafts are kept in {}.", dir.display()));
            let width = console::Term::stdout()
                .size_checked()
                .map(|(_, cols)| usize::from(cols));
            table(&["ID", "NAME", "LAST SAVED", "ANSWERED"], &rows, width)
        }
    };
    crate::output::stdout(out.as_bytes())?;
    Ok(ExitCode::Success)
}

/// The drafts as a JSON array, unreadable ones with their error.
fn as_json(listing: &[std::result::Result<DraftSummary, StoreError>], total: usize) -> String {
    let items: Vec<serde_json::Value> = listing
        .iter()
        .map(|entry| match entry {
            Ok(s) => serde_json::json!({
                "id": s.id,
                "path": s.path,
                "name": s.name,
                "organisation": s.organisation,
                "started_at": s.started_at,
                "saved_at": s.saved_at,
                "answered": s.answered,
                "questions": total,
                "questionnaire_id": s.questionnaire_id,
                "questionnaire_version": s.questionnaire_version,
                "open_in_process": s.open_in_process,
                "readable": true,
            }),
            Err(e) => serde_json::json!({
                "readable": false,
                "error": e.to_string(),
            }),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_default();
    out.push('\n');
    out
}

/// One draft as a row of the table.
fn row(s: &DraftSummary, total: usize) -> [String; 4] {
    let who = Respondent::new(s.name.as_deref(), s.organisation.as_deref())
        .label()
        .unwrap_or_else(|| "(no name yet)".to_string());
    let status = match s.open_in_process {
        Some(pid) => format!(" (open in process {pid})"),
        None => String::new(),
    };
    [
        short_id(&s.id).to_string(),
        // A name comes from whoever typed it: shown, never obeyed.
        preview(&format!("{who}{status}"), usize::MAX),
        friendly_time(&s.saved_at),
        format!("{} of {total}", s.answered),
    ]
}

fn describe_draft(d: &Draft) -> String {
    let name = d.text_of(crate::questionnaire::Role::Name);
    let organisation = d.text_of(crate::questionnaire::Role::Organisation);
    let who = Respondent::new(name.as_deref(), organisation.as_deref())
        .label()
        .map_or_else(|| "no name yet".to_string(), |l| preview(&l, usize::MAX));
    format!(
        "the draft {} ({who}, {} answered)",
        short_id(&d.response_id.to_string()),
        d.answered_count()
    )
}

/// A table with columns padded by display width.
fn table(headers: &[&str; 4], rows: &[[String; 4]], width: Option<usize>) -> String {
    const NAME: usize = 1;
    const GAP: usize = 2;
    let mut widths = headers.map(|h| h.width());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    // On a terminal the names wrap within the width left by the other columns (at least a
    // dozen columns): the table never runs past the edge.
    if let Some(width) = width {
        let others: usize = widths
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != NAME)
            .map(|(_, w)| w + GAP)
            .sum();
        widths[NAME] = widths[NAME].min(width.saturating_sub(others).max(12));
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 4]| {
        let mut name_lines = textwrap::wrap(cells[NAME], widths[NAME]).into_iter();
        let first = name_lines.next().unwrap_or_default();
        let mut first_cells = cells;
        first_cells[NAME] = &first;
        let mut rows_out = vec![first_cells.map(str::to_string)];
        for more in name_lines {
            rows_out.push([
                String::new(),
                more.into_owned(),
                String::new(),
                String::new(),
            ]);
        }
        for row in rows_out {
            let mut l = String::new();
            for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
                l.push_str(cell);
                if i + 1 < row.len() {
                    l.push_str(&" ".repeat(w.saturating_sub(cell.width()) + GAP));
                }
            }
            out.push_str(l.trim_end());
            out.push('\n');
        }
    };
    line(*headers);
    for row in rows {
        line([&row[0], &row[1], &row[2], &row[3]]);
    }
    out
}

/// Asks a yes/no question on stderr, answered by a line on stdin.
fn confirm_on_stdin(text: &str) -> Result<bool> {
    let mut err = io::stderr();
    let mut input = StdinLines::new().map_err(|e| Error::io("cannot read standard input", e))?;
    loop {
        let _ = write!(err, "{text} Type y or n, then press Enter. (y/n) ");
        let _ = err.flush();
        use crate::lines::LineInput;
        match input
            .read_line()
            .map_err(|e| Error::io("cannot read standard input", e))?
        {
            None => return Ok(false),
            Some(line) => match crate::answer::parse_yes_no(&line) {
                Ok(b) => return Ok(b),
                Err(p) => {
                    let _ = writeln!(err, "{}", p.0);
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_fits_the_width_and_wraps_long_names() {
        let rows = vec![[
            "1a2b3c4d".to_string(),
            "Jo Bloggs (Hearing Voices Network Bath and North East Somerset) (open in process 4242)"
                .to_string(),
            "2026-11-29 14:05".to_string(),
            "12 of 28".to_string(),
        ]];
        let out = table(&["ID", "NAME", "LAST SAVED", "ANSWERED"], &rows, Some(80));
        for line in out.lines() {
            assert!(line.width() <= 80, "{line:?} is {} columns", line.width());
        }
        let words: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains("North East Somerset) (open in process 4242)"),
            "{out}"
        );
        assert!(out.lines().count() > 2, "the name wrapped: {out}");
        let unlimited = table(&["ID", "NAME", "LAST SAVED", "ANSWERED"], &rows, None);
        assert_eq!(unlimited.lines().count(), 2);
    }
}
