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

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::FileExt;

use crate::collate::digest::{self, Cell, Kept, Row};
use crate::collate::{Format, Options, Output, Response};
use crate::render::{markdown_escape, sanitise};

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

/// Where each answer to a question is in the spill file: its offset and length.
type Spilled = Vec<(u64, u32)>;

pub(crate) struct Digest {
    anonymise: bool,
    kept: Kept<Spilled>,
    spill: BufWriter<File>,
    spilled: u64,
}

impl Digest {
    pub fn new(options: &Options) -> io::Result<Digest> {
        Ok(Digest {
            anonymise: options.anonymise,
            kept: Kept::default(),
            spill: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            spilled: 0,
        })
    }

    /// Writes an answer under `label` to the spill file, noting where it is.
    fn spill_answer(&mut self, n: usize, label: &str, answer: &str) -> io::Result<()> {
        let block = format!("**{label}:**\n\n{answer}\n");
        self.spill.write_all(block.as_bytes())?;
        let len = u32::try_from(block.len())
            .map_err(|_| io::Error::other("an answer is too large to collate"))?;
        self.kept.order[n].answers.push((self.spilled, len));
        self.spilled += u64::from(len);
        Ok(())
    }

    /// The title, how many responses, and the responses with problems.
    fn write_head(&mut self, w: &mut impl Write) -> io::Result<()> {
        let title = markdown_escape::inline(self.kept.title.as_deref().unwrap_or("Responses"));
        write!(
            w,
            "# {title}\n\nCollated responses: {}{}.\n",
            self.kept.responses,
            if self.anonymise {
                " (contact details left out)"
            } else {
                ""
            }
        )?;
        if self.kept.problems.is_empty() {
            return Ok(());
        }
        write!(w, "\n## Responses with problems\n\n")?;
        for (_, label, list) in self.kept.sorted_problems() {
            let list: Vec<String> = list.iter().map(|p| markdown_escape::inline(p)).collect();
            writeln!(w, "- **{label}:** {}", list.join("; "))?;
        }
        Ok(())
    }

    /// Every question, section by section, each with its answers copied from `spill`.
    fn write_questions(&self, w: &mut impl Write, spill: &File) -> io::Result<()> {
        let mut buf = Vec::new();
        for list in self.kept.sections() {
            write!(w, "\n## {}\n", self.kept.order[list[0]].section)?;
            for n in list {
                let q = &self.kept.order[n];
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

impl Format for Digest {
    type Row = Row;

    fn row(response: &Response, options: &Options) -> Row {
        let inline = |text: &str| markdown_escape::inline(&sanitise::one_line(text));
        digest::row(response, options, markdown_escape::inline, |id, e| Cell {
            id: id.to_string(),
            section_id: e.section_id.to_string(),
            section: inline(&e.section).into(),
            question: inline(&e.question).into(),
            retired: e.retired,
            answer: e.given().map(|a| quote(&a.cell())),
        })
    }

    fn add(
        &mut self,
        row: Row,
        number: usize,
        _out: &mut Output,
    ) -> io::Result<Result<(), String>> {
        let (label, cells) = match self.kept.take(number, row) {
            Ok(taken) => taken,
            Err(why) => return Ok(Err(why)),
        };
        for cell in cells {
            if let (n, Some(answer)) = self.kept.place(cell) {
                self.spill_answer(n, &label, &answer)?;
            }
        }
        Ok(Ok(()))
    }

    fn late_problem(&mut self, number: usize, problem: String) {
        self.kept.late_problem(number, problem);
    }

    fn finish(mut self, out: &mut Output) -> io::Result<()> {
        self.spill.flush()?;
        self.write_head(&mut out.writer)?;
        self.write_questions(&mut out.writer, self.spill.get_ref())
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
