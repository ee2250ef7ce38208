//! `collate --format html`: one standalone page the team opens in a browser and prints for a
//! meeting.
//!
//! In order: the title and the key numbers (responses, consent, problems); the contents; the
//! [summary](summary_section) with a chart and a table of numbers for each count; the responses
//! with problems; every response's answer to each question side by side, section by section,
//! each headed by who gave it (the respondent's name and organisation, or "Response 3" with
//! `--anonymise`) and linked to that response in full; then each response in full.
//!
//! The page is UTF-8 and stands alone: its stylesheet (with an A4 print stylesheet) is inside
//! it, the charts are inline SVG, it has no script, and its Content-Security-Policy forbids
//! loading anything at all. Everything from the files is sanitised and HTML-escaped by the
//! same functions as `print --format html` ([`crate::render::html`]), and answers keep their
//! line breaks and paragraphs.
//!
//! Memory stays flat: the answer cards wait in a temporary file ([`cards`]), each pointing to
//! the next of its question, to be written out question by question; each response's full text
//! and its line in the index are written to two more temporary files as they come, and copied
//! out at the end.

mod cards;
mod summary_section;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::sync::Arc;

use crate::collate::shown_words::{Purpose, shown};
use crate::collate::summary::{Summary, plural};
use crate::collate::table::{Column, merge};
use crate::collate::{Format, Options, Output, Response};
use crate::questionnaire::Role;
use crate::render::RETIRED_HEADING;
use crate::render::html::{answer_list, answer_text, escape, not_answered};
use crate::render::sanitise::one_line;
use crate::response_view::ValueView;
use crate::validate::{MAX_QUESTION_COLUMNS, answer_id_problem};

/// The page's stylesheet, A4 print rules included.
const STYLESHEET: &str = include_str!("digest.css");

/// Nothing may be loaded or run: the page holds everything it shows.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// A response's part of the digest, escaped on a worker thread.
pub(crate) struct Row {
    title: String,
    /// "Name, Organisation" (or either), escaped; none when anonymising or neither is given.
    who: Option<String>,
    /// The response in full, after its heading: when it was completed, what it answers and its
    /// id, then every question with its answer, made on the worker thread.
    body: String,
    cells: Vec<Cell>,
    problems: Vec<String>,
}

struct Cell {
    id: String,
    section_id: String,
    /// The section's title, escaped.
    section: Arc<str>,
    /// The question's words, escaped.
    question: Arc<str>,
    retired: bool,
    /// The answer as HTML; `None` when not answered.
    answer: Option<String>,
}

/// An answer as the page shows it, by the same rules as `print --format html`.
fn answer_html(value: &ValueView) -> String {
    match value {
        ValueView::Text(t) => answer_text(t),
        ValueView::YesNo(b) => answer_text(if *b { "Yes" } else { "No" }),
        ValueView::Selection(s) => answer_list(
            s.selected
                .iter()
                .map(|c| c.label.to_string())
                .chain(s.other.iter().map(|o| format!("Other: {o}"))),
        ),
    }
}

/// A temporary file written in order, to be copied out whole at the end.
fn spill() -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 20, tempfile::tempfile()?))
}

/// The spilled file, rewound, to copy out.
fn rewound(spill: BufWriter<File>) -> io::Result<File> {
    let mut file = spill.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    Ok(file)
}

struct Question {
    id: String,
    section_id: String,
    section: Arc<str>,
    question: Arc<str>,
    /// How many answered it (each has a card).
    answers: usize,
}

pub(crate) struct Digest {
    anonymise: bool,
    title: Option<String>,
    responses: usize,
    cards: cards::Cards,
    full: BufWriter<File>,
    index: BufWriter<File>,
    questions: HashMap<String, usize>,
    order: Vec<Question>,
    columns: Vec<Column>,
    known: HashSet<String>,
    /// Responses with problems: their number, label (escaped) and problems.
    problems: Vec<(usize, String, Vec<String>)>,
    summary: Summary,
}

impl Digest {
    pub fn new(options: &Options) -> io::Result<Digest> {
        Ok(Digest {
            anonymise: options.anonymise,
            title: None,
            responses: 0,
            cards: cards::Cards::new()?,
            full: spill()?,
            index: spill()?,
            questions: HashMap::new(),
            order: Vec::new(),
            columns: Vec::new(),
            known: HashSet::new(),
            problems: Vec::new(),
            summary: Summary::default(),
        })
    }

    /// Writes response `number` in full: its heading, then its body.
    fn write_full(&mut self, row: &Row, label: &str, number: usize) -> io::Result<()> {
        write!(
            self.full,
            "<article class=\"response\" id=\"r{number}\">\n<h3>{label}</h3>\n"
        )?;
        self.full.write_all(row.body.as_bytes())
    }
}

/// A response in full after its heading: `facts`, then every question with its answer, section
/// by section, the answers to questions no longer asked last.
fn body(facts: &str, cells: &[Cell]) -> String {
    let size: usize = cells
        .iter()
        .map(|c| c.question.len() + c.answer.as_ref().map_or(64, String::len) + 64)
        .sum();
    let mut html = String::with_capacity(facts.len() + size + 64);
    html.push_str(facts);
    let mut section: Option<&str> = None;
    for cell in cells.iter().filter(|c| !c.retired) {
        if section != Some(cell.section_id.as_str()) {
            section = Some(&cell.section_id);
            html.push_str("<h4>");
            html.push_str(&cell.section);
            html.push_str("</h4>\n");
        }
        question_in_full(&mut html, cell);
    }
    for (i, cell) in cells.iter().filter(|c| c.retired).enumerate() {
        if i == 0 {
            html.push_str("<h4>");
            html.push_str(RETIRED_HEADING);
            html.push_str("</h4>\n");
        }
        question_in_full(&mut html, cell);
    }
    html.push_str("</article>\n");
    html
}

fn question_in_full(html: &mut String, cell: &Cell) {
    html.push_str("<div class=\"question\">\n<h5>");
    html.push_str(&cell.question);
    html.push_str("</h5>\n");
    match &cell.answer {
        Some(answer) => html.push_str(answer),
        None => html.push_str(&not_answered()),
    }
    html.push_str("</div>\n");
}

impl Format for Digest {
    type Row = Row;

    fn row(response: &Response, options: &Options) -> Row {
        let view = response.view;
        let who = (!options.anonymise)
            .then(|| {
                let name = view.text_of(Role::Name).map(one_line);
                let organisation = view.text_of(Role::Organisation).map(one_line);
                let who: Vec<String> = [name, organisation]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                    .collect();
                (!who.is_empty()).then(|| escape(&who.join(", ")))
            })
            .flatten();
        let facts = format!(
            "<dl class=\"facts\"><dt>Completed</dt><dd>{}</dd><dt>Questionnaire</dt><dd>{} version {}</dd><dt>Response id</dt><dd>{}</dd></dl>\n",
            escape(&view.completed_at),
            escape(&one_line(&view.questionnaire.id)),
            escape(&one_line(&view.questionnaire.version)),
            view.response_id,
        );
        let cells: Vec<Cell> = view
            .answers
            .0
            .iter()
            .filter(|(id, e)| {
                !(options.anonymise && e.is_contact_detail()) && answer_id_problem(id, e).is_none()
            })
            .map(|(id, e)| Cell {
                id: id.to_string(),
                section_id: e.section_id.to_string(),
                section: shown(Purpose::HtmlSection, &e.section_id, &e.section, |w| {
                    escape(&one_line(w))
                }),
                question: shown(Purpose::HtmlQuestion, id, &e.question, |w| {
                    escape(&one_line(w))
                }),
                retired: e.retired,
                answer: e.given().map(answer_html),
            })
            .collect();
        Row {
            title: one_line(&view.questionnaire.title),
            who,
            body: body(&facts, &cells),
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
            && !merge(&mut self.columns, &mut self.known, &columns)
        {
            return Ok(Err(format!(
                "its answers would take the digest past the {MAX_QUESTION_COLUMNS} questions a spreadsheet could show"
            )));
        }
        self.responses += 1;
        if self.title.is_none() && !row.title.is_empty() {
            self.title = Some(row.title.clone());
        }
        let label = row
            .who
            .clone()
            .unwrap_or_else(|| format!("Response {number}"));
        if !row.problems.is_empty() {
            self.problems
                .push((number, label.clone(), row.problems.clone()));
        }
        writeln!(self.index, "<li><a href=\"#r{number}\">{label}</a></li>")?;
        self.write_full(&row, &label, number)?;
        let card_head = format!(
            "<div class=\"card\">\n<p class=\"who\"><a href=\"#r{number}\">{label}</a></p>\n"
        );
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
                        answers: 0,
                    });
                    self.order.len() - 1
                }
            };
            let Some(answer) = cell.answer else {
                continue;
            };
            self.cards
                .push(n, &[card_head.as_bytes(), answer.as_bytes(), b"</div>\n"])?;
            self.order[n].answers += 1;
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

    fn summary(&mut self, summary: &Summary) {
        self.summary = summary.clone();
    }

    fn finish(mut self, out: &mut Output) -> io::Result<()> {
        let title = escape(self.title.as_deref().unwrap_or("Collated responses"));
        let sections = self.sections();
        let figures = summary_section::figures(&self.summary);
        let w = &mut out.writer;
        write!(
            w,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}: {}</title>\n<style>\n{STYLESHEET}</style>\n</head>\n<body>\n",
            plural(self.responses, "response", "responses")
        )?;
        write!(w, "<header>\n<h1>{title}</h1>\n")?;
        writeln!(
            w,
            "<p class=\"lede\">A digest of the responses collated: a summary, then every answer to each question side by side, then each response in full.{}</p>",
            if self.anonymise {
                " Contact details are left out: responses are numbered in the order they were collated."
            } else {
                ""
            }
        )?;
        summary_section::key_figures(w, &self.summary, !self.problems.is_empty())?;
        w.write_all(b"</header>\n")?;

        // Contents.
        w.write_all(b"<nav class=\"contents\" aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n<li><a href=\"#summary\">Summary</a><ol>\n")?;
        for f in &figures {
            writeln!(w, "<li><a href=\"#{}\">{}</a></li>", f.anchor, f.caption)?;
        }
        w.write_all(b"</ol>\n</li>\n")?;
        if !self.problems.is_empty() {
            w.write_all(b"<li><a href=\"#problems\">Responses with problems</a></li>\n")?;
        }
        w.write_all(b"<li><a href=\"#answers\">Answers, question by question</a><ol>\n")?;
        for (s, (_, list)) in sections.iter().enumerate() {
            writeln!(
                w,
                "<li><a href=\"#s{s}\">{}</a></li>",
                self.order[list[0]].section
            )?;
        }
        w.write_all(
            b"</ol>\n</li>\n<li><a href=\"#responses\">Responses in full</a></li>\n</ol>\n</nav>\n",
        )?;

        // The summary.
        w.write_all(b"<section class=\"summary\" id=\"summary\">\n<h2>Summary</h2>\n")?;
        if self.summary.responses == 0 {
            w.write_all(b"<p>No responses were collated.</p>\n")?;
        }
        for f in &figures {
            w.write_all(f.html.as_bytes())?;
        }
        w.write_all(b"</section>\n")?;

        if !self.problems.is_empty() {
            self.problems.sort_by_key(|(n, _, _)| *n);
            w.write_all(b"<section class=\"problems\" id=\"problems\">\n<h2>Responses with problems</h2>\n<p>These were collated all the same; <code>ndti-respond validate</code> says the same of each file.</p>\n<ul>\n")?;
            for (n, label, list) in &self.problems {
                let list: Vec<String> = list.iter().map(|p| escape(p)).collect();
                writeln!(
                    w,
                    "<li><a href=\"#r{n}\">{label}</a>: {}</li>",
                    list.join("; ")
                )?;
            }
            w.write_all(b"</ul>\n</section>\n")?;
        }

        // Every answer to each question, side by side.
        w.write_all(b"<section class=\"part\" id=\"answers\">\n<h2>Answers, question by question</h2>\n<nav aria-label=\"Questions\">\n<ol>\n")?;
        for (s, (_, list)) in sections.iter().enumerate() {
            writeln!(
                w,
                "<li><a href=\"#s{s}\">{}</a>\n<ol>",
                self.order[list[0]].section
            )?;
            for &n in list {
                writeln!(
                    w,
                    "<li><a href=\"#q{n}\">{}</a> ({})</li>",
                    self.order[n].question, self.order[n].answers
                )?;
            }
            w.write_all(b"</ol>\n</li>\n")?;
        }
        w.write_all(b"</ol>\n</nav>\n")?;
        self.cards.flush()?;
        let mut buf = Vec::new();
        for (s, (_, list)) in sections.iter().enumerate() {
            writeln!(
                out.writer,
                "<section id=\"s{s}\">\n<h3>{}</h3>",
                self.order[list[0]].section
            )?;
            for &n in list {
                let q = &self.order[n];
                // Ids passed `answer_id_problem`: letters, digits, `_` and `-` only.
                writeln!(
                    out.writer,
                    "<section id=\"q{n}\">\n<h4>{}</h4>\n<p class=\"note\"><span class=\"question-id\">{}</span> · {}</p>",
                    q.question,
                    q.id,
                    plural(q.answers, "answer", "answers")
                )?;
                if q.answers == 0 {
                    out.writer
                        .write_all(b"<p class=\"unanswered\">No answers.</p>\n")?;
                } else {
                    out.writer.write_all(b"<div class=\"cards\">\n")?;
                    self.cards.write_out(n, &mut buf, out)?;
                    out.writer.write_all(b"</div>\n")?;
                }
                out.writer.write_all(b"</section>\n")?;
            }
            out.writer.write_all(b"</section>\n")?;
        }
        out.writer.write_all(b"</section>\n")?;

        // Each response in full.
        let w = &mut out.writer;
        w.write_all(b"<section class=\"part\" id=\"responses\">\n<h2>Responses in full</h2>\n")?;
        if self.responses > 0 {
            w.write_all(b"<ol class=\"index\">\n")?;
            out.copy_from(&mut rewound(self.index)?)?;
            out.writer.write_all(b"</ol>\n")?;
            out.copy_from(&mut rewound(self.full)?)?;
        }
        out.writer.write_all(b"</section>\n</body>\n</html>\n")?;
        out.writer.flush()
    }
}

impl Digest {
    /// Sections in the order their first question comes, questions in column order.
    fn sections(&self) -> Vec<(String, Vec<usize>)> {
        let mut sections: Vec<(String, Vec<usize>)> = Vec::new();
        for column in &self.columns {
            let n = self.questions[&column.id];
            let key = &self.order[n].section_id;
            match sections.iter_mut().find(|(s, _)| s == key) {
                Some((_, list)) => list.push(n),
                None => sections.push((key.clone(), vec![n])),
            }
        }
        sections
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_show_as_print_shows_them() {
        let text = ValueView::Text("\n\n<b>bold</b> & \"so\"\n\n  second para  \n\n".into());
        assert_eq!(
            answer_html(&text),
            "<div class=\"answer\">&lt;b&gt;bold&lt;/b&gt; &amp; &quot;so&quot;\n\n  second para</div>\n"
        );
        assert_eq!(
            answer_html(&ValueView::YesNo(true)),
            "<div class=\"answer\">Yes</div>\n"
        );
    }
}
