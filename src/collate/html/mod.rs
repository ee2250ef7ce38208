//! `collate --format html`: one standalone page the team opens in a browser and prints for a
//! meeting.
//!
//! In order: the title and the key numbers (responses, consent, problems); the contents; the
//! [summary](summary_section) with a chart and a table of numbers for each count; the responses
//! with problems; every response's answer to each question side by side, section by section,
//! each headed by who gave it ("Jo Bloggs (Hearing Voices Network)", or whichever of name and
//! organisation was given; "Response 3" with `--anonymise` or when neither was) and linked to
//! that response in full; then each response in full.
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

use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};

use crate::collate::digest::{self, Cell, Kept};
use crate::collate::shown_words::{Purpose, shown};
use crate::collate::summary::{Summary, plural};
use crate::collate::{Format, Options, Output, Response};
use crate::render::RETIRED_HEADING;
use crate::render::html::{answer_list, answer_text, escape, not_answered};
use crate::render::sanitise::one_line;
use crate::response_view::ValueView;

use summary_section::Figure;

/// The page's stylesheet, A4 print rules included.
const STYLESHEET: &str = include_str!("digest.css");

/// Nothing may be loaded or run: the page holds everything it shows.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// A response's part of the digest, made on a worker thread.
pub(crate) struct Row {
    /// Its answers, who gave it and its problems, escaped.
    digest: digest::Row,
    /// The response in full, after its heading: when it was completed, what it answers and its
    /// id, then every question with its answer.
    body: String,
}

/// An answer as the page shows it, by the same rules as `print --format html`.
fn answer_html(value: &ValueView) -> String {
    match value {
        ValueView::Text(t) => answer_text(t),
        ValueView::YesNo(b) => answer_text(crate::answer::yes_no_word(*b)),
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

pub(crate) struct Digest {
    anonymise: bool,
    /// For each question, how many answered it (each has a card).
    kept: Kept<usize>,
    cards: cards::Cards,
    full: BufWriter<File>,
    index: BufWriter<File>,
    summary: Summary,
}

impl Digest {
    pub fn new(options: &Options) -> io::Result<Digest> {
        Ok(Digest {
            anonymise: options.anonymise,
            kept: Kept::default(),
            cards: cards::Cards::new()?,
            full: spill()?,
            index: spill()?,
            summary: Summary::default(),
        })
    }

    /// Writes response `number` in full: its heading, then its body.
    fn write_full(&mut self, body: &str, label: &str, number: usize) -> io::Result<()> {
        write!(
            self.full,
            "<article class=\"response\" id=\"r{number}\">\n<h3>{label}</h3>\n"
        )?;
        self.full.write_all(body.as_bytes())
    }

    /// Files each answer of response `number` as a card under its question, headed by `label`
    /// and linked to the response in full.
    fn file_cards(&mut self, cells: Vec<Cell>, label: &str, number: usize) -> io::Result<()> {
        let card_head = format!(
            "<div class=\"card\">\n<p class=\"who\"><a href=\"#r{number}\">{label}</a></p>\n"
        );
        for cell in cells {
            let (n, Some(answer)) = self.kept.place(cell) else {
                continue;
            };
            self.cards
                .push(n, &[card_head.as_bytes(), answer.as_bytes(), b"</div>\n"])?;
            self.kept.order[n].answers += 1;
        }
        Ok(())
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
        let facts = format!(
            "<dl class=\"facts\"><dt>Completed</dt><dd>{}</dd><dt>Questionnaire</dt><dd>{} version {}</dd><dt>Response id</dt><dd>{}</dd></dl>\n",
            escape(&view.completed_at),
            escape(&one_line(&view.questionnaire.id)),
            escape(&one_line(&view.questionnaire.version)),
            view.response_id,
        );
        let line = |w: &str| escape(&one_line(w));
        let digest = digest::row(response, options, escape, |id, e| Cell {
            id: id.to_string(),
            section_id: e.section_id.to_string(),
            section: shown(Purpose::HtmlSection, &e.section_id, &e.section, line),
            question: shown(Purpose::HtmlQuestion, id, &e.question, line),
            retired: e.retired,
            answer: e.given().map(answer_html),
        });
        Row {
            body: body(&facts, &digest.cells),
            digest,
        }
    }

    fn add(
        &mut self,
        row: Row,
        number: usize,
        _out: &mut Output,
    ) -> io::Result<Result<(), String>> {
        let (label, cells) = match self.kept.take(number, row.digest) {
            Ok(taken) => taken,
            Err(why) => return Ok(Err(why)),
        };
        writeln!(self.index, "<li><a href=\"#r{number}\">{label}</a></li>")?;
        self.write_full(&row.body, &label, number)?;
        self.file_cards(cells, &label, number)?;
        Ok(Ok(()))
    }

    fn late_problem(&mut self, number: usize, problem: String) {
        self.kept.late_problem(number, problem);
    }

    fn summary(&mut self, summary: &Summary) {
        self.summary = summary.clone();
    }

    fn finish(mut self, out: &mut Output) -> io::Result<()> {
        let sections = self.kept.sections();
        let figures = summary_section::figures(&self.summary);
        self.write_head(&mut out.writer)?;
        self.write_contents(&mut out.writer, &figures, &sections)?;
        write_summary(&mut out.writer, &self.summary, &figures)?;
        self.write_problems(&mut out.writer)?;
        self.write_answers(out, &sections)?;
        self.write_responses(out)
    }
}

/// The summary: a figure for each count, or a word that there was nothing to count.
fn write_summary(w: &mut impl Write, summary: &Summary, figures: &[Figure]) -> io::Result<()> {
    w.write_all(b"<section class=\"summary\" id=\"summary\">\n<h2>Summary</h2>\n")?;
    if summary.responses == 0 {
        w.write_all(b"<p>No responses were collated.</p>\n")?;
    }
    for f in figures {
        w.write_all(f.html.as_bytes())?;
    }
    w.write_all(b"</section>\n")
}

impl Digest {
    /// The page's head, with its stylesheet, then its title, what it holds and the key numbers.
    fn write_head(&self, w: &mut impl Write) -> io::Result<()> {
        let title = escape(self.kept.title.as_deref().unwrap_or("Collated responses"));
        write!(
            w,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}: {}</title>\n<style>\n{STYLESHEET}</style>\n</head>\n<body>\n",
            plural(self.kept.responses, "response", "responses")
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
        summary_section::key_figures(w, &self.summary, !self.kept.problems.is_empty())?;
        w.write_all(b"</header>\n")
    }

    /// The contents: the summary's figures, the problems if any, the sections, the responses.
    fn write_contents(
        &self,
        w: &mut impl Write,
        figures: &[Figure],
        sections: &[Vec<usize>],
    ) -> io::Result<()> {
        w.write_all(b"<nav class=\"contents\" aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n<li><a href=\"#summary\">Summary</a><ol>\n")?;
        for f in figures {
            writeln!(w, "<li><a href=\"#{}\">{}</a></li>", f.anchor, f.caption)?;
        }
        w.write_all(b"</ol>\n</li>\n")?;
        if !self.kept.problems.is_empty() {
            w.write_all(b"<li><a href=\"#problems\">Responses with problems</a></li>\n")?;
        }
        w.write_all(b"<li><a href=\"#answers\">Answers, question by question</a><ol>\n")?;
        self.write_section_links(w, sections, false)?;
        w.write_all(
            b"</ol>\n</li>\n<li><a href=\"#responses\">Responses in full</a></li>\n</ol>\n</nav>\n",
        )
    }

    /// A list item linking to each section; with `questions`, a list of its questions in it,
    /// each with how many answered it.
    fn write_section_links(
        &self,
        w: &mut impl Write,
        sections: &[Vec<usize>],
        questions: bool,
    ) -> io::Result<()> {
        for (s, list) in sections.iter().enumerate() {
            write!(w, "<li><a href=\"#s{s}\">{}</a>", self.section_title(list))?;
            if questions {
                w.write_all(b"\n<ol>\n")?;
                for &n in list {
                    let q = &self.kept.order[n];
                    writeln!(
                        w,
                        "<li><a href=\"#q{n}\">{}</a> ({})</li>",
                        q.question, q.answers
                    )?;
                }
                w.write_all(b"</ol>\n")?;
            }
            w.write_all(b"</li>\n")?;
        }
        Ok(())
    }

    /// The title of the section whose questions are `list`, escaped.
    fn section_title(&self, list: &[usize]) -> &str {
        &self.kept.order[list[0]].section
    }

    /// The responses with problems, each linked to it in full, when there are any.
    fn write_problems(&mut self, w: &mut impl Write) -> io::Result<()> {
        if self.kept.problems.is_empty() {
            return Ok(());
        }
        w.write_all(b"<section class=\"problems\" id=\"problems\">\n<h2>Responses with problems</h2>\n<p>These were collated all the same; <code>ndti-respond validate</code> says the same of each file.</p>\n<ul>\n")?;
        for (n, label, list) in self.kept.sorted_problems() {
            let list: Vec<String> = list.iter().map(|p| escape(p)).collect();
            writeln!(
                w,
                "<li><a href=\"#r{n}\">{label}</a>: {}</li>",
                list.join("; ")
            )?;
        }
        w.write_all(b"</ul>\n</section>\n")
    }

    /// Every answer to each question, side by side: a list of the questions, then each
    /// section with each question's cards.
    fn write_answers(&mut self, out: &mut Output, sections: &[Vec<usize>]) -> io::Result<()> {
        let w = &mut out.writer;
        w.write_all(b"<section class=\"part\" id=\"answers\">\n<h2>Answers, question by question</h2>\n<nav aria-label=\"Questions\">\n<ol>\n")?;
        self.write_section_links(w, sections, true)?;
        w.write_all(b"</ol>\n</nav>\n")?;
        self.cards.flush()?;
        let mut buf = Vec::new();
        for (s, list) in sections.iter().enumerate() {
            writeln!(
                out.writer,
                "<section id=\"s{s}\">\n<h3>{}</h3>",
                self.section_title(list)
            )?;
            for &n in list {
                self.write_question(out, n, &mut buf)?;
            }
            out.writer.write_all(b"</section>\n")?;
        }
        out.writer.write_all(b"</section>\n")
    }

    /// Question `n` with its answers' cards, copied out of the cards file through `buf`.
    fn write_question(&mut self, out: &mut Output, n: usize, buf: &mut Vec<u8>) -> io::Result<()> {
        let q = &self.kept.order[n];
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
            self.cards.write_out(n, buf, out)?;
            out.writer.write_all(b"</div>\n")?;
        }
        out.writer.write_all(b"</section>\n")
    }

    /// Each response in full, after an index of them all; then the end of the page.
    fn write_responses(self, out: &mut Output) -> io::Result<()> {
        out.writer.write_all(
            b"<section class=\"part\" id=\"responses\">\n<h2>Responses in full</h2>\n",
        )?;
        if self.kept.responses > 0 {
            out.writer.write_all(b"<ol class=\"index\">\n")?;
            out.copy_from(&mut rewound(self.index)?)?;
            out.writer.write_all(b"</ol>\n")?;
            out.copy_from(&mut rewound(self.full)?)?;
        }
        out.writer.write_all(b"</section>\n</body>\n</html>\n")?;
        out.writer.flush()
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
            "<div class=\"answer\">yes</div>\n"
        );
    }
}
