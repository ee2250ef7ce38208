//! Reading an .odt: OpenDocument text (ODF 1.2 Part 1), as LibreOffice writes it, in its zip
//! package (ODF 1.2 Part 3).
//!
//! What is read: `content.xml`'s paragraphs and headings (ODF §5.1) and tables (§9.1, with
//! `table:number-columns-spanned`, covered cells and repeated rows and cells for grid
//! columns) in reading order; frames and shapes' text (after the paragraph they are anchored
//! in); tracked changes (§5.5: insertions kept, deletions kept aside as deleted where their
//! `text:change` stands); annotations, footnotes and endnotes as asides; the created and
//! modified times of `meta.xml`. A span's marks come from the automatic styles of
//! `content.xml` (§16.27.28 `fo:font-weight`, `style:text-line-through-style`,
//! `fo:background-color`, `fo:border`); named styles are not followed. A document encrypted
//! with a password (`manifest:encryption-data`, Part 3 §4.8) is refused.

use std::collections::HashMap;

use super::document::{
    Aside, AsideKind, Document, Grid, Marks, OpenAside, Paragraph, Place, end_paragraph,
};
use super::error::ImportError;
use super::package::Package;
use super::xml::{Element, Node, Ns, XmlReader, document_times};

/// Reads the document in an .odt package.
///
/// Errors: [`ImportError::PasswordProtected`] for an encrypted document;
/// [`ImportError::NotAForm`] for another kind of OpenDocument (a spreadsheet, say);
/// [`ImportError::Damaged`] for broken XML; the package's own errors (size limits).
pub fn read(package: &mut Package) -> Result<Document, ImportError> {
    refuse_encrypted(package)?;
    refuse_other_than_text(package)?;
    let Some(bytes) = package.read("content.xml")? else {
        return Err(ImportError::Damaged(
            "it is an OpenDocument file without its content.xml".to_string(),
        ));
    };
    let mut reader = ContentReader::new(XmlReader::new(&bytes, "content.xml"));
    reader.read()?;
    let mut doc = Document {
        paragraphs: reader.paragraphs,
        asides: reader.asides,
        ..Document::default()
    };
    if let Some(bytes) = package.read("meta.xml")? {
        (doc.created, doc.modified) = document_times(
            &bytes,
            "meta.xml",
            (Ns::Meta, "creation-date"),
            (Ns::Dc, "date"),
            odf_time,
        )?;
    }
    Ok(doc)
}

/// Refuses a document encrypted with a password: its manifest says how.
fn refuse_encrypted(package: &mut Package) -> Result<(), ImportError> {
    let Some(bytes) = package.read("META-INF/manifest.xml")? else {
        return Ok(());
    };
    let mut xml = XmlReader::new(&bytes, "META-INF/manifest.xml");
    loop {
        match xml.next_node()? {
            Node::Start(e) if e.is(Ns::Manifest, "encryption-data") => {
                return Err(ImportError::PasswordProtected);
            }
            Node::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Refuses another kind of OpenDocument than text, as its `mimetype` says.
fn refuse_other_than_text(package: &mut Package) -> Result<(), ImportError> {
    let Some(mime) = package.read("mimetype")? else {
        return Ok(());
    };
    let mime = String::from_utf8_lossy(&mime).trim().to_string();
    if mime.starts_with("application/vnd.oasis.opendocument.text") {
        return Ok(());
    }
    let what = match mime.rsplit('.').next().unwrap_or_default() {
        "spreadsheet" => "a spreadsheet (OpenDocument .ods)",
        "presentation" => "a presentation (OpenDocument .odp)",
        "graphics" => "a drawing (OpenDocument .odg)",
        _ => "an OpenDocument file that is not a text document",
    };
    Err(ImportError::NotAForm(format!(
        "it is {what}, not a text document: the form is a Word or OpenDocument text document"
    )))
}

/// An ODF date and time (xsd:dateTime). LibreOffice writes local time without a zone, which is
/// then taken as this computer's local time.
fn odf_time(text: &str) -> Option<jiff::Timestamp> {
    let text = text.trim();
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Some(t);
    }
    let civil: jiff::civil::DateTime = text.parse().ok()?;
    civil
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .ok()
        .map(|z| z.timestamp())
}

/// The marks an automatic style gives: `None` where it says nothing.
#[derive(Debug, Clone, Copy, Default)]
struct StyleMarks {
    bold: Option<bool>,
    struck: Option<bool>,
    highlighted: Option<bool>,
    circled: Option<bool>,
}

impl StyleMarks {
    fn from_text_properties(e: &Element) -> StyleMarks {
        let mut m = StyleMarks::default();
        if let Some(w) = e.attr("font-weight") {
            m.bold = Some(w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600));
        }
        let line = |v: Option<&str>| v.map(|v| v != "none");
        if let Some(s) = line(e.attr("text-line-through-style")) {
            m.struck = Some(s);
        }
        if let Some(t) = line(e.attr("text-line-through-type")) {
            m.struck = Some(m.struck.unwrap_or(true) && t);
        }
        if let Some(c) = e.attr("background-color") {
            m.highlighted = Some(c != "transparent" && !c.eq_ignore_ascii_case("#ffffff"));
        }
        if let Some(b) = e.attr("border") {
            m.circled = Some(b != "none");
        }
        m
    }

    /// These marks over `base`: what this style says wins.
    fn over(self, base: Marks) -> Marks {
        Marks {
            bold: self.bold.unwrap_or(base.bold),
            struck: self.struck.unwrap_or(base.struck),
            highlighted: self.highlighted.unwrap_or(base.highlighted),
            circled: self.circled.unwrap_or(base.circled),
            deleted: base.deleted,
        }
    }
}

struct OpenParagraph {
    paragraph: Paragraph,
    anchored: Vec<Paragraph>,
    /// The paragraph's text ends with a space from character data, which a following space
    /// joins.
    collapsible_space: bool,
}

/// Reads `content.xml`.
struct ContentReader<'a> {
    xml: XmlReader<'a>,
    styles: HashMap<String, StyleMarks>,
    deletions: HashMap<String, String>,
    paragraphs: Vec<Paragraph>,
    asides: Vec<Aside>,
    grid: Grid,
    places: Vec<Place>,
    open: Vec<OpenParagraph>,
    /// The marks in force, one entry per open paragraph or span.
    marks: Vec<Marks>,
    /// The namespace of every open element, to tell text content from other text.
    elements: Vec<(Ns, String)>,
    aside: Option<OpenAside>,
}

impl<'a> ContentReader<'a> {
    fn new(xml: XmlReader<'a>) -> ContentReader<'a> {
        ContentReader {
            xml,
            styles: HashMap::new(),
            deletions: HashMap::new(),
            paragraphs: Vec::new(),
            asides: Vec::new(),
            grid: Grid::default(),
            places: Vec::new(),
            open: Vec::new(),
            marks: Vec::new(),
            elements: Vec::new(),
            aside: None,
        }
    }

    fn not_collapsible(&mut self) {
        if let Some(open) = self.open.last_mut() {
            open.collapsible_space = false;
        }
    }

    fn text(&mut self, text: &str) {
        let marks = self.marks.last().copied().unwrap_or_default();
        if let Some(open) = self.open.last_mut() {
            open.paragraph.push(text, marks);
        }
    }

    /// Character data of a paragraph, its white space collapsed as ODF 1.2 §6.1.2 says: tabs
    /// and line ends are spaces, a run of spaces is one, and a paragraph starts with none
    /// (`text:s`, `text:tab` and `text:line-break` give the spaces, tabs and breaks that count).
    fn character_data(&mut self, data: &str) {
        let Some(open) = self.open.last() else {
            return;
        };
        let mut after_space = open.collapsible_space || open.paragraph.spans.is_empty();
        let mut out = String::with_capacity(data.len());
        for c in data.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !after_space {
                    out.push(' ');
                    after_space = true;
                }
            } else {
                out.push(c);
                after_space = false;
            }
        }
        self.text(&out);
        if let Some(open) = self.open.last_mut()
            && !out.is_empty()
        {
            open.collapsible_space = out.ends_with(' ');
        }
    }

    fn style(&self, e: &Element) -> StyleMarks {
        e.attr("style-name")
            .and_then(|n| self.styles.get(n))
            .copied()
            .unwrap_or_default()
    }

    fn read(&mut self) -> Result<(), ImportError> {
        loop {
            match self.xml.next_node()? {
                Node::Start(e) => {
                    let skipped = self.start(&e)?;
                    if !skipped {
                        self.elements.push((e.ns, e.name));
                    }
                }
                Node::End { ns, name } => {
                    self.elements.pop();
                    self.end(ns, &name);
                }
                Node::Text(t) => {
                    // Character content belongs to text: elements (paragraphs, spans, links,
                    // fields); text inside drawings' titles and descriptions is not the form's.
                    if matches!(self.elements.last(), Some((Ns::Text, _))) {
                        self.character_data(&t);
                    }
                }
                Node::Eof => return Ok(()),
            }
        }
    }

    /// Handles an element's start; returns whether it was skipped whole.
    fn start(&mut self, e: &Element) -> Result<bool, ImportError> {
        match (e.ns, e.name.as_str()) {
            (Ns::Style, "style") => {
                if let Some(name) = e.attr("name") {
                    let marks = self.style_properties()?;
                    self.styles.insert(name.to_string(), marks);
                    return Ok(true);
                }
            }
            (Ns::Text, "tracked-changes") => {
                self.tracked_changes()?;
                return Ok(true);
            }
            (Ns::Text, "change") => self.deletion_at(e),
            (Ns::Text, "p" | "h") => self.open_paragraph(e),
            (Ns::Text, "span") => {
                let base = self.marks.last().copied().unwrap_or_default();
                self.marks.push(self.style(e).over(base));
            }
            (Ns::Text, "s") => self.spacing(&" ".repeat(space_count(e.attr("c")))),
            (Ns::Text, "tab") => self.spacing("\t"),
            (Ns::Text, "line-break") => self.spacing("\n"),
            // Note numbers, the sources and declarations of fields, and form controls hold
            // nothing a respondent wrote; neither does a comment's date.
            (Ns::Text, "note-citation") | (Ns::Office, "forms") => return self.skip_whole(),
            (Ns::Text, name) if name.ends_with("-source") || name.ends_with("-decls") => {
                return self.skip_whole();
            }
            (Ns::Dc, "date") if self.aside.is_some() => return self.skip_whole(),
            (Ns::Text, "note") => self.aside = Some(OpenAside::new(note_kind(e))),
            (Ns::Office, "annotation") => {
                self.aside = Some(OpenAside::new(AsideKind::Comment { author: None }));
            }
            (Ns::Dc, "creator") if self.aside.is_some() => {
                self.comment_author()?;
                return Ok(true);
            }
            (Ns::Table, "table") => self.grid.open_table(),
            (Ns::Table, "table-row") => self
                .grid
                .start_row(repeated(e.attr("number-rows-repeated"))),
            (Ns::Table, "table-cell") => self.open_cell(e),
            (Ns::Table, "covered-table-cell") => self
                .grid
                .skip_columns(repeated(e.attr("number-columns-repeated"))),
            (Ns::Draw, _) => {
                if let Some(open) = self.open.last_mut() {
                    open.paragraph.has_drawing = true;
                }
            }
            _ => {}
        }
        Ok(false)
    }

    /// Skips the element that just started, whole.
    fn skip_whole(&mut self) -> Result<bool, ImportError> {
        self.xml.skip()?;
        Ok(true)
    }

    /// Spaces, a tab or a line break the document gives as an element: text that counts as it
    /// is, which the next character data's white space does not join.
    fn spacing(&mut self, text: &str) {
        self.text(text);
        self.not_collapsible();
    }

    /// `text:change`: where a tracked deletion stood, its text is kept, marked deleted.
    fn deletion_at(&mut self, e: &Element) {
        let Some(text) = e.attr("change-id").and_then(|id| self.deletions.get(id)) else {
            return;
        };
        let mut marks = self.marks.last().copied().unwrap_or_default();
        marks.deleted = true;
        if let Some(open) = self.open.last_mut() {
            open.paragraph.push(text, marks);
        }
    }

    /// `text:p` or `text:h`: a paragraph, marked as its style says over the marks around it
    /// (a deletion around it is not its own).
    fn open_paragraph(&mut self, e: &Element) {
        let place = self.places.last().copied().unwrap_or_default();
        self.places.push(place);
        let base = self.marks.last().copied().unwrap_or_default();
        self.marks.push(self.style(e).over(Marks {
            deleted: false,
            ..base
        }));
        self.open.push(OpenParagraph {
            paragraph: Paragraph::new(place),
            anchored: Vec::new(),
            collapsible_space: false,
        });
    }

    /// `text:p` or `text:h` ends: in a note or annotation it is a line of that; in a frame, it
    /// is anchored in the paragraph around it; an outermost one is done, with the paragraphs
    /// anchored in it after it.
    fn close_paragraph(&mut self) {
        self.places.pop();
        self.marks.pop();
        let Some(done) = self.open.pop() else {
            return;
        };
        if let Some(aside) = &mut self.aside {
            aside.push(&done.paragraph);
            return;
        }
        let outer = self.open.last_mut().map(|o| &mut o.anchored);
        if let Some(done) = end_paragraph(done.paragraph, done.anchored, outer) {
            self.paragraphs.extend(done);
        }
    }

    /// `dc:creator` in an annotation: the comment's author.
    fn comment_author(&mut self) -> Result<(), ImportError> {
        let mut author = String::new();
        loop {
            match self.xml.next_node()? {
                Node::Text(t) => author.push_str(&t),
                Node::End { .. } | Node::Eof => break,
                Node::Start(_) => self.xml.skip()?,
            }
        }
        if let Some(OpenAside {
            kind: AsideKind::Comment { author: a },
            ..
        }) = &mut self.aside
        {
            *a = Some(author);
        }
        Ok(())
    }

    /// `table:table-cell`: a cell at the row's next grid column, covering the columns it spans;
    /// the next cell starts past the columns it is repeated over (the columns it spans are
    /// covered cells of their own).
    fn open_cell(&mut self, e: &Element) {
        let span = repeated(e.attr("number-columns-spanned")).min(1000);
        let cell = self.grid.cell(span);
        self.grid
            .skip_columns(repeated(e.attr("number-columns-repeated")));
        self.places.push(Place::Cell(cell));
    }

    fn end(&mut self, ns: Ns, name: &str) {
        match (ns, name) {
            (Ns::Text, "p" | "h") => self.close_paragraph(),
            (Ns::Text, "span") => {
                self.marks.pop();
            }
            (Ns::Text, "note") | (Ns::Office, "annotation") => {
                if let Some(aside) = self.aside.take().and_then(OpenAside::finish) {
                    self.asides.push(aside);
                }
            }
            (Ns::Table, "table") => self.grid.close_table(),
            (Ns::Table, "table-cell") => {
                self.places.pop();
            }
            _ => {}
        }
    }

    /// A `style:style`: the marks of its `style:text-properties`.
    fn style_properties(&mut self) -> Result<StyleMarks, ImportError> {
        let mut marks = StyleMarks::default();
        let mut depth = 1usize;
        while depth > 0 {
            match self.xml.next_node()? {
                Node::Start(e) => {
                    depth += 1;
                    if e.is(Ns::Style, "text-properties") {
                        marks = StyleMarks::from_text_properties(&e);
                    }
                }
                Node::End { .. } => depth -= 1,
                Node::Text(_) => {}
                Node::Eof => break,
            }
        }
        Ok(marks)
    }

    /// `text:tracked-changes`: the text of each deletion, by its change id.
    fn tracked_changes(&mut self) -> Result<(), ImportError> {
        let mut depth = 1usize;
        let mut id: Option<String> = None;
        let mut in_deletion = false;
        let mut in_info = false;
        let mut text = String::new();
        while depth > 0 {
            match self.xml.next_node()? {
                Node::Start(e) => {
                    depth += 1;
                    match (e.ns, e.name.as_str()) {
                        (Ns::Text, "changed-region") => {
                            id = e.attr("id").map(str::to_string);
                            text.clear();
                        }
                        (Ns::Text, "deletion") => in_deletion = true,
                        (Ns::Office, "change-info") => in_info = true,
                        (Ns::Text, "p" | "h") if in_deletion && !text.is_empty() => text.push('\n'),
                        (Ns::Text, "s") if in_deletion && !in_info => text.push(' '),
                        (Ns::Text, "tab") if in_deletion && !in_info => text.push('\t'),
                        _ => {}
                    }
                }
                Node::End { ns, name } => {
                    depth -= 1;
                    match (ns, name.as_str()) {
                        (Ns::Office, "change-info") => in_info = false,
                        (Ns::Text, "deletion") => in_deletion = false,
                        (Ns::Text, "changed-region") => {
                            if let Some(id) = id.take()
                                && !text.is_empty()
                            {
                                self.deletions.insert(id, std::mem::take(&mut text));
                            }
                        }
                        _ => {}
                    }
                }
                Node::Text(t) => {
                    if in_deletion && !in_info {
                        text.push_str(&t);
                    }
                }
                Node::Eof => break,
            }
        }
        Ok(())
    }
}

/// A `text:note`'s kind: an endnote, or else a footnote.
fn note_kind(e: &Element) -> AsideKind {
    if e.attr("note-class") == Some("endnote") {
        AsideKind::Endnote
    } else {
        AsideKind::Footnote
    }
}

/// How many spaces `text:s` stands for (`text:c`, 1 when it says none; at most 1,000).
fn space_count(c: Option<&str>) -> usize {
    c.and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 1000)
}

/// A repeat or span count: at least 1, and capped so that a hostile number cannot overflow
/// the grid (it is only ever added to a column or row number).
fn repeated(val: Option<&str>) -> u32 {
    val.and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::Cell;

    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/""#;

    fn content(styles: &str, body: &str) -> ContentReader<'static> {
        let xml = format!(
            r#"<office:document-content {NS}><office:automatic-styles>{styles}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        );
        let xml: &'static str = Box::leak(xml.into_boxed_str());
        let mut r = ContentReader::new(XmlReader::new(xml.as_bytes(), "content.xml"));
        r.read().unwrap();
        r
    }

    #[test]
    fn paragraphs_spaces_tabs_and_marks_from_automatic_styles() {
        let r = content(
            r#"<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="T2" style:family="text"><style:text-properties style:text-line-through-style="solid"/></style:style>"#,
            r#"<text:p>Name:<text:s text:c="3"/><text:tab/>Jo<text:line-break/>B</text:p><text:p><text:span text:style-name="T1">Y</text:span>/<text:span text:style-name="T2">N</text:span></text:p>"#,
        );
        assert_eq!(r.paragraphs[0].text(), "Name:   \tJo\nB");
        let spans = &r.paragraphs[1].spans;
        assert!(spans[0].marks.bold && !spans[0].marks.struck);
        assert!(spans[2].marks.struck && !spans[2].marks.bold);
    }

    #[test]
    fn white_space_in_character_data_collapses_as_odf_says() {
        let r = content(
            "",
            "<text:p>\n   Name:   Jo\n  Bloggs <text:span> x</text:span><text:s text:c=\"2\"/> y<text:tab/> z</text:p>",
        );
        assert_eq!(r.paragraphs[0].text(), "Name: Jo Bloggs x   y\t z");
    }

    #[test]
    fn tables_covered_cells_and_spans_give_grid_columns() {
        let r = content(
            "",
            r#"<table:table><table:table-column table:number-columns-repeated="2"/><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>wide</text:p></table:table-cell><table:covered-table-cell/></table:table-row><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>"#,
        );
        let places: Vec<Place> = r.paragraphs.iter().map(|p| p.place).collect();
        assert_eq!(
            places,
            [
                Place::Cell(Cell {
                    table: 0,
                    row: 0,
                    column: 0,
                    span: 2
                }),
                Place::Cell(Cell {
                    table: 0,
                    row: 1,
                    column: 0,
                    span: 1
                }),
                Place::Cell(Cell {
                    table: 0,
                    row: 1,
                    column: 1,
                    span: 1
                }),
            ]
        );
    }

    #[test]
    fn deletions_annotations_notes_and_frames() {
        let r = content(
            "",
            r#"<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Jo</dc:creator></office:change-info><text:p>N</text:p></text:deletion></text:changed-region></text:tracked-changes><text:p>Y/<text:change text:change-id="ct1"/><office:annotation><dc:creator>Sam</dc:creator><dc:date>2016-01-01T00:00:00</dc:date><text:p>call me first</text:p></office:annotation>!<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>a note</text:p></text:note-body></text:note></text:p><text:p>anchor<draw:frame><svg:desc>not text</svg:desc><draw:text-box><text:p>in the frame</text:p></draw:text-box></draw:frame></text:p>"#,
        );
        assert_eq!(r.paragraphs[0].text(), "Y/!");
        assert!(
            r.paragraphs[0]
                .spans
                .iter()
                .any(|s| s.text == "N" && s.marks.deleted)
        );
        assert_eq!(r.asides.len(), 2);
        assert_eq!(r.asides[0].text, "call me first");
        assert_eq!(
            r.asides[0].kind,
            AsideKind::Comment {
                author: Some("Sam".into())
            }
        );
        assert_eq!(r.asides[1].text, "a note");
        let texts: Vec<String> = r.paragraphs.iter().map(|p| p.text()).collect();
        assert_eq!(texts, ["Y/!", "anchor", "in the frame"]);
        assert!(r.paragraphs[1].has_drawing);
    }
}
