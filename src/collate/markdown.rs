//! `collate --format markdown`: every response's answer to each question together, section by
//! section, question by question, for reading side by side; responses with problems listed
//! first, with why.
//!
//! Everything from the files goes through the one Markdown escaper
//! ([`crate::render::markdown_escape`]), which sanitises first: an answer shows as written and
//! can never make headings, HTML or a way out of its block quote. Question ids that could not be
//! columns of a table are left out here too, so the digest and the spreadsheet agree.
//!
//! Memory stays flat: the answers wait in one temporary file, in the order they come, and only
//! where each one is (12 bytes an answer) is kept, to write them out question by question.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::FileExt;

use crate::collate::table::Column;
use crate::collate::{Format, Options, Output, Response};
use crate::questionnaire::Role;
use crate::render::{markdown_escape, sanitise};
use crate::validate::answer_id_problem;

/// A response's part of the digest, escaped on a worker thread.
pub(crate) struct Row {
    title: String,
    /// The respondent's name, escaped (none when anonymising).
    name: Option<String>,
    cells: Vec<Cell>,
    problems: Vec<String>,
}

struct Cell {
    id: String,
    section_id: String,
    section: String,
    question: String,
    /// The answer as the lines of a block quote; `None` when not answered.
    answer: Option<String>,
}

/// An answer as a Markdown block quote that keeps its line breaks and paragraphs.
fn quote(text: &str) -> String {
    let lines = markdown_escape::block(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 16);
    for (i, line) in lines.iter().enumerate() {
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        if markdown_escape::hard_break_after(&lines, i) {
            out.push('\\');
        }
        out.push('\n');
    }
    out
}

struct Question {
    id: String,
    section_id: String,
    section: String,
    question: String,
    /// Where each answer is in the spill file: offset and length.
    answers: Vec<(u64, u32)>,
}

pub(crate) struct Digest {
    anonymise: bool,
    title: Option<String>,
    responses: usize,
    spill: BufWriter<File>,
    spilled: u64,
    questions: HashMap<String, usize>,
    order: Vec<Question>,
    columns: Vec<Column>,
    known: HashSet<String>,
    /// Responses with problems: their label and the problems.
    problems: Vec<(usize, String, Vec<String>)>,
}

impl Digest {
    pub fn new(options: &Options) -> io::Result<Digest> {
        Ok(Digest {
            anonymise: options.anonymise,
            title: None,
            responses: 0,
            spill: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            spilled: 0,
            questions: HashMap::new(),
            order: Vec::new(),
            columns: Vec::new(),
            known: HashSet::new(),
            problems: Vec::new(),
        })
    }

    fn label(&self, row_name: Option<&str>, number: usize) -> String {
        match row_name {
            Some(name) if !self.anonymise && !name.is_empty() => name.to_string(),
            _ => format!("Response {number}"),
        }
    }
}

impl Format for Digest {
    type Row = Row;

    fn row(response: &Response, options: &Options) -> Row {
        let view = response.view;
        let name = (!options.anonymise)
            .then(|| view.text_of(Role::Name))
            .flatten()
            .map(|n| markdown_escape::inline(&sanitise::one_line(n)));
        let cells = view
            .answers
            .0
            .iter()
            .filter(|(id, e)| {
                !(options.anonymise && e.is_contact_detail()) && answer_id_problem(id, e).is_none()
            })
            .map(|(id, e)| Cell {
                id: id.to_string(),
                section_id: e.section_id.to_string(),
                section: markdown_escape::inline(&sanitise::one_line(&e.section)),
                question: markdown_escape::inline(&sanitise::one_line(&e.question)),
                answer: e.given().map(|a| quote(&a.cell())),
            })
            .collect();
        Row {
            title: sanitise::one_line(&view.questionnaire.title),
            name,
            cells,
            problems: response.problems.to_vec(),
        }
    }

    fn add(
        &mut self,
        row: Row,
        number: usize,
        _out: &mut Output,
    ) -> io::Result<Result<(), String>> {
        let columns: Vec<Column> = row
            .cells
            .iter()
            .map(|c| Column {
                id: c.id.clone(),
                words: String::new(),
            })
            .collect();
        if columns.iter().any(|c| !self.known.contains(&c.id))
            && !super::table::merge(&mut self.columns, &mut self.known, &columns)
        {
            return Ok(Err(format!(
                "its answers would take the digest past the {} questions a spreadsheet could show",
                crate::validate::MAX_QUESTION_COLUMNS
            )));
        }
        self.responses += 1;
        if self.title.is_none() && !row.title.is_empty() {
            self.title = Some(row.title.clone());
        }
        let label = self.label(row.name.as_deref(), number);
        if !row.problems.is_empty() {
            self.problems.push((number, label.clone(), row.problems));
        }
        for cell in row.cells {
            let n = match self.questions.get(&cell.id) {
                Some(&n) => n,
                None => {
                    self.questions.insert(cell.id.clone(), self.order.len());
                    self.order.push(Question {
                        id: cell.id,
                        section_id: cell.section_id,
                        section: cell.section,
                        question: cell.question,
                        answers: Vec::new(),
                    });
                    self.order.len() - 1
                }
            };
            let Some(answer) = cell.answer else {
                continue;
            };
            let block = format!("**{label}:**\n\n{answer}\n");
            self.spill.write_all(block.as_bytes())?;
            let len = u32::try_from(block.len())
                .map_err(|_| io::Error::other("an answer is too large to collate"))?;
            self.order[n].answers.push((self.spilled, len));
            self.spilled += u64::from(len);
        }
        Ok(Ok(()))
    }

    fn late_problem(&mut self, number: usize, problem: String) {
        match self.problems.iter_mut().find(|(n, _, _)| *n == number) {
            Some((_, _, list)) => list.push(problem),
            None => self
                .problems
                .push((number, format!("Response {number}"), vec![problem])),
        }
    }

    fn finish(self, out: &mut Output) -> io::Result<()> {
        let spill = self.spill.into_inner().map_err(|e| e.into_error())?;
        let w = &mut out.writer;
        let title = markdown_escape::inline(self.title.as_deref().unwrap_or("Responses"));
        write!(
            w,
            "# {title}\n\nCollated responses: {}{}.\n",
            self.responses,
            if self.anonymise {
                " (contact details left out)"
            } else {
                ""
            }
        )?;
        if !self.problems.is_empty() {
            let mut problems = self.problems;
            problems.sort_by_key(|(n, _, _)| *n);
            write!(w, "\n## Responses with problems\n\n")?;
            for (_, label, list) in problems {
                let list: Vec<String> = list.iter().map(|p| markdown_escape::inline(p)).collect();
                writeln!(w, "- **{label}:** {}", list.join("; "))?;
            }
        }
        // Sections in the order their first question comes, questions in column order.
        let mut sections: Vec<(String, Vec<usize>)> = Vec::new();
        for column in &self.columns {
            let n = self.questions[&column.id];
            let key = &self.order[n].section_id;
            match sections.iter_mut().find(|(s, _)| s == key) {
                Some((_, list)) => list.push(n),
                None => sections.push((key.clone(), vec![n])),
            }
        }
        let mut buf = Vec::new();
        for (_, list) in sections {
            write!(w, "\n## {}\n", self.order[list[0]].section)?;
            for n in list {
                let q = &self.order[n];
                // Ids passed `answer_id_problem`: letters, digits, `_` and `-` only.
                write!(
                    w,
                    "\n### {}\n\n`{}` · answers: {}\n\n",
                    q.question,
                    q.id,
                    q.answers.len()
                )?;
                if q.answers.is_empty() {
                    writeln!(w, "_No answers._\n")?;
                }
                for &(at, len) in &q.answers {
                    buf.resize(len as usize, 0);
                    spill.read_exact_at(&mut buf, at)?;
                    w.write_all(&buf)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_answers_cannot_make_structure() {
        let q = quote(
            "# heading\n- item\n1. first\n    code\n\tTab\n| a | b |\n<b>x</b>\n\nnext *para*\rlast",
        );
        assert_eq!(
            q,
            "> \\# heading\\\n> \\- item\\\n> 1\\. first\\\n> &nbsp;&nbsp;&nbsp;&nbsp;code\\\n> &nbsp;&nbsp;&nbsp;&nbsp;Tab\\\n> \\| a \\| b \\|\\\n> \\<b\\>x\\</b\\>\n>\n> next \\*para\\*\\\n> last\n"
        );
    }
}
