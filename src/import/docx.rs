//! Reading a .docx: WordprocessingML (ECMA-376 Part 1 §17) in an Open Packaging Conventions
//! zip (ECMA-376 Part 2), transitional or strict.
//!
//! What is read: the main document's paragraphs and tables in reading order (ECMA-376 §17.3
//! paragraphs and runs, §17.4 tables with `w:gridBefore` and `w:gridSpan` for grid columns),
//! text boxes (`w:txbxContent`, after the paragraph they are anchored in), content controls
//! (`w:sdt`, leaving out placeholder text, §17.5.2.39 `w:showingPlcHdr`), tracked changes
//! (`w:ins` kept; `w:del` and `w:moveFrom` kept aside as deleted, §17.13.5), the first
//! understood choice of `mc:AlternateContent` (ECMA-376 Part 3), comments, footnotes and
//! endnotes (as asides), and the created and modified times of the core properties (Part 2
//! §11). A run's marks come from its direct formatting (§17.3.2: `w:b`, `w:strike`,
//! `w:dstrike`, `w:highlight`, `w:shd`, `w:bdr`); formatting from styles is not followed.
//! Headers and footers are not read: they repeat the template's own words on every page.

use super::document::{
    Aside, AsideKind, Cell, Document, Grid, Marks, OpenAside, Paragraph, Place, end_paragraph,
};
use super::error::ImportError;
use super::package::Package;
use super::xml::{Element, Node, Ns, XmlReader, document_times};

const OFFICE_DOCUMENT: &str = "/officeDocument";

/// Reads the document in a .docx package.
///
/// Errors: [`ImportError::NotAForm`] when the package holds no Word document (a spreadsheet,
/// say); [`ImportError::Damaged`] for broken XML; the package's own errors (size limits).
pub fn read(package: &mut Package) -> Result<Document, ImportError> {
    let package_rels = relationships(package, "_rels/.rels", "")?;
    let main = package_rels
        .iter()
        .find(|r| r.kind.ends_with(OFFICE_DOCUMENT))
        .map(|r| r.target.clone())
        .unwrap_or_else(|| "word/document.xml".to_string());
    let Some(bytes) = package.read(&main)? else {
        return Err(ImportError::NotAForm(
            "it is a zip archive without a Word document in it".to_string(),
        ));
    };
    let mut doc = Document::default();
    let mut reader = FlowReader::new(XmlReader::new(&bytes, &main));
    reader.read()?;
    doc.paragraphs = reader.paragraphs;
    doc.notes = reader.notes;
    doc.asides = asides(package, &main)?;
    let core = package_rels
        .iter()
        .find(|r| {
            r.kind.ends_with("/core-properties") || r.kind.ends_with("/metadata/core-properties")
        })
        .map(|r| r.target.clone())
        .unwrap_or_else(|| "docProps/core.xml".to_string());
    if let Some(bytes) = package.read(&core)? {
        (doc.created, doc.modified) = document_times(
            &bytes,
            &core,
            (Ns::DcTerms, "created"),
            (Ns::DcTerms, "modified"),
            |t| t.trim().parse().ok(),
        )?;
    }
    Ok(doc)
}

/// The comments, footnotes and endnotes of the main document (`main`), from the parts its
/// relationships name, in that order.
fn asides(package: &mut Package, main: &str) -> Result<Vec<Aside>, ImportError> {
    let (folder, file) = main.rsplit_once('/').unwrap_or(("", main));
    let rels_name = if folder.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{folder}/_rels/{file}.rels")
    };
    let base = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    let mut asides = Vec::new();
    for rel in relationships(package, &rels_name, &base)? {
        let aside = ["/comments", "/footnotes", "/endnotes"]
            .iter()
            .any(|k| rel.kind.ends_with(k));
        if !aside {
            continue;
        }
        if let Some(bytes) = package.read(&rel.target)? {
            let mut reader = FlowReader::new(XmlReader::new(&bytes, &rel.target));
            reader.read()?;
            asides.extend(reader.asides);
        }
    }
    Ok(asides)
}

/// One relationship of a part (ECMA-376 Part 2 §9.3), with its target resolved to a part name.
struct Relationship {
    kind: String,
    target: String,
}

fn relationships(
    package: &mut Package,
    name: &str,
    base: &str,
) -> Result<Vec<Relationship>, ImportError> {
    let Some(bytes) = package.read(name)? else {
        return Ok(Vec::new());
    };
    let mut xml = XmlReader::new(&bytes, name);
    let mut out = Vec::new();
    loop {
        match xml.next_node()? {
            Node::Start(e) if e.name == "Relationship" => {
                if e.attr("TargetMode") == Some("External") {
                    continue;
                }
                if let (Some(kind), Some(target)) = (e.attr("Type"), e.attr("Target")) {
                    out.push(Relationship {
                        kind: kind.to_string(),
                        target: resolve(base, target),
                    });
                }
            }
            Node::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// A relationship target as a part name: absolute targets from the package root, relative ones
/// from the source part's folder, `..` followed.
fn resolve(base: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{base}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// A paragraph being read, with the paragraphs of text boxes anchored in it.
struct OpenParagraph {
    paragraph: Paragraph,
    anchored: Vec<Paragraph>,
}

/// Reads the flow of paragraphs and tables of the main document, or of the comments, footnotes
/// or endnotes part (where each `w:comment`, `w:footnote` or `w:endnote` becomes an aside).
struct FlowReader<'a> {
    xml: XmlReader<'a>,
    paragraphs: Vec<Paragraph>,
    asides: Vec<Aside>,
    notes: Vec<String>,
    grid: Grid,
    cells: Vec<Cell>,
    places: Vec<Place>,
    open: Vec<OpenParagraph>,
    marks: Marks,
    in_text: bool,
    deleted: u32,
    alternate: Vec<bool>,
    placeholder: Vec<bool>,
    aside: Option<OpenAside>,
}

impl<'a> FlowReader<'a> {
    fn new(xml: XmlReader<'a>) -> FlowReader<'a> {
        FlowReader {
            xml,
            paragraphs: Vec::new(),
            asides: Vec::new(),
            notes: Vec::new(),
            grid: Grid::default(),
            cells: Vec::new(),
            places: Vec::new(),
            open: Vec::new(),
            marks: Marks::default(),
            in_text: false,
            deleted: 0,
            alternate: Vec::new(),
            placeholder: Vec::new(),
            aside: None,
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(open) = self.open.last_mut() {
            open.paragraph.push(text, self.marks);
        }
    }

    fn read(&mut self) -> Result<(), ImportError> {
        loop {
            match self.xml.next_node()? {
                Node::Start(e) => match e.ns {
                    Ns::Word => self.start(&e)?,
                    Ns::Compat => self.compat(&e)?,
                    _ => {}
                },
                Node::End { ns: Ns::Word, name } => self.end(&name),
                Node::End {
                    ns: Ns::Compat,
                    name,
                } if name == "AlternateContent" => {
                    self.alternate.pop();
                }
                Node::End { .. } => {}
                Node::Text(t) => {
                    if self.in_text {
                        self.text(&t);
                    }
                }
                Node::Eof => return Ok(()),
            }
        }
    }

    /// `mc:AlternateContent`: the first `mc:Choice` is read (its content is WordprocessingML
    /// this reader understands), every other choice and the `mc:Fallback` skipped.
    fn compat(&mut self, e: &Element) -> Result<(), ImportError> {
        match e.name.as_str() {
            "AlternateContent" => self.alternate.push(false),
            "Choice" | "Fallback" => match self.alternate.last_mut() {
                Some(taken) if *taken => self.xml.skip()?,
                Some(taken) => *taken = true,
                None => {}
            },
            _ => {}
        }
        Ok(())
    }

    fn start(&mut self, e: &Element) -> Result<(), ImportError> {
        match e.name.as_str() {
            "tbl" => self.grid.open_table(),
            "tr" => self.grid.start_row(1),
            "gridBefore" => self.grid.skip_columns(number(e.attr("val"))),
            "tc" => self.open_cell(),
            "gridSpan" => self.span_cell(number(e.attr("val")).clamp(1, 1000)),
            "p" => self.open_paragraph(),
            // Paragraph properties hold nothing a respondent wrote, only layout (and the
            // formatting of the paragraph mark, which is not text).
            "pPr" | "sectPr" | "tblPr" | "tblGrid" | "rPrChange" | "pPrChange"
            | "tblPrChange" | "trPrChange" | "tcPrChange" | "sectPrChange" => self.xml.skip()?,
            "r" => {
                self.marks = Marks {
                    deleted: self.deleted > 0,
                    ..Marks::default()
                };
            }
            "rPr" => self.run_properties()?,
            "t" | "delText" => self.in_text = true,
            "instrText" | "delInstrText" => self.xml.skip()?,
            "tab" | "ptab" => self.text("\t"),
            "br" | "cr" => self.text("\n"),
            "noBreakHyphen" => self.text("-"),
            "sym" => {
                if let Some(c) = symbol(e.attr("char")) {
                    self.text(c);
                }
            }
            "del" | "moveFrom" => self.deleted += 1,
            "drawing" | "pict" | "object" => {
                if let Some(open) = self.open.last_mut() {
                    open.paragraph.has_drawing = true;
                }
            }
            "sdt" => self.placeholder.push(false),
            "sdtPr" => self.content_control_properties()?,
            "sdtContent" if self.placeholder.last() == Some(&true) => self.xml.skip()?,
            "altChunk" => self.notes.push(
                "part of the document is another file embedded in it (altChunk), which was not read"
                    .to_string(),
            ),
            "comment" | "footnote" | "endnote" => self.open_aside(e)?,
            _ => {}
        }
        Ok(())
    }

    /// `w:tc`: a cell at the table's next grid column, one column wide until `w:gridSpan`
    /// says otherwise.
    fn open_cell(&mut self) {
        let cell = self.grid.cell(1);
        self.cells.push(cell);
        self.places.push(Place::Cell(cell));
    }

    /// `w:gridSpan`: how many grid columns the open cell covers.
    fn span_cell(&mut self, span: u32) {
        if let Some(cell) = self.cells.last_mut() {
            cell.span = span;
        }
        if let Some(Place::Cell(cell)) = self.places.last_mut() {
            cell.span = span;
        }
    }

    /// `w:tc` ends: the next cell starts past the grid columns this one covered.
    fn close_cell(&mut self) {
        if let Some(cell) = self.cells.pop() {
            self.grid.skip_columns(cell.span);
        }
        self.places.pop();
    }

    fn open_paragraph(&mut self) {
        let place = self.places.last().copied().unwrap_or_default();
        self.places.push(place);
        self.open.push(OpenParagraph {
            paragraph: Paragraph::new(place),
            anchored: Vec::new(),
        });
    }

    /// `w:p` ends: a paragraph in a text box is anchored in the paragraph around it; an
    /// outermost one is done, with the paragraphs anchored in it after it.
    fn close_paragraph(&mut self) {
        self.places.pop();
        let Some(done) = self.open.pop() else {
            return;
        };
        let outer = self.open.last_mut().map(|o| &mut o.anchored);
        for p in end_paragraph(done.paragraph, done.anchored, outer)
            .into_iter()
            .flatten()
        {
            self.emit(p);
        }
    }

    /// `w:comment`, `w:footnote` or `w:endnote`: its paragraphs are an aside.
    fn open_aside(&mut self, e: &Element) -> Result<(), ImportError> {
        let kind = match e.name.as_str() {
            "comment" => AsideKind::Comment {
                author: e.attr("author").map(str::to_string),
            },
            // Separators and continuation notices are the page's furniture, not notes.
            _ if e.attr("type").is_some_and(|t| t != "normal") => return self.xml.skip(),
            "footnote" => AsideKind::Footnote,
            _ => AsideKind::Endnote,
        };
        self.aside = Some(OpenAside::new(kind));
        Ok(())
    }

    fn end(&mut self, name: &str) {
        match name {
            "tbl" => self.grid.close_table(),
            "tc" => self.close_cell(),
            "p" => self.close_paragraph(),
            "t" | "delText" => self.in_text = false,
            "del" | "moveFrom" => self.deleted = self.deleted.saturating_sub(1),
            "sdt" => {
                self.placeholder.pop();
            }
            "comment" | "footnote" | "endnote" => {
                if let Some(aside) = self.aside.take().and_then(OpenAside::finish) {
                    self.asides.push(aside);
                }
            }
            _ => {}
        }
    }

    fn emit(&mut self, paragraph: Paragraph) {
        match &mut self.aside {
            Some(aside) => aside.push(&paragraph),
            None => self.paragraphs.push(paragraph),
        }
    }

    /// `w:rPr` of a run: the marks that count (ECMA-376 §17.3.2).
    fn run_properties(&mut self) -> Result<(), ImportError> {
        loop {
            match self.xml.next_node()? {
                Node::Start(e) => {
                    if e.ns == Ns::Word {
                        match e.name.as_str() {
                            "b" => self.marks.bold = toggle(e.attr("val")),
                            "strike" | "dstrike" => {
                                self.marks.struck = self.marks.struck || toggle(e.attr("val"))
                            }
                            "highlight" => {
                                self.marks.highlighted = e.attr("val").is_some_and(|v| v != "none")
                            }
                            "shd" => {
                                let fill = e.attr("fill").is_some_and(|f| {
                                    !f.eq_ignore_ascii_case("auto")
                                        && !f.eq_ignore_ascii_case("ffffff")
                                });
                                let pattern = e
                                    .attr("val")
                                    .is_some_and(|v| !matches!(v, "clear" | "nil" | "none"));
                                self.marks.highlighted |= fill || pattern;
                            }
                            "bdr" => {
                                self.marks.circled =
                                    e.attr("val").is_some_and(|v| !matches!(v, "none" | "nil"))
                            }
                            _ => {}
                        }
                    }
                    self.xml.skip()?;
                }
                Node::End { .. } | Node::Eof => return Ok(()),
                Node::Text(_) => {}
            }
        }
    }

    /// `w:sdtPr`: only whether the control shows its placeholder text.
    fn content_control_properties(&mut self) -> Result<(), ImportError> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.xml.next_node()? {
                Node::Start(e) => {
                    depth += 1;
                    if e.is(Ns::Word, "showingPlcHdr")
                        && toggle(e.attr("val"))
                        && let Some(p) = self.placeholder.last_mut()
                    {
                        *p = true;
                    }
                }
                Node::End { .. } => depth -= 1,
                Node::Text(_) => {}
                Node::Eof => return Ok(()),
            }
        }
        Ok(())
    }
}

/// An on/off property (ECMA-376 §17.17.4 ST_OnOff): on unless `val` says otherwise.
fn toggle(val: Option<&str>) -> bool {
    !matches!(val, Some("false" | "0" | "off" | "none"))
}

fn number(val: Option<&str>) -> u32 {
    val.and_then(|v| v.trim().parse().ok()).unwrap_or(0)
}

/// The few Wingdings symbols (`w:sym`) that mean something on a form: ticks, crosses, boxes.
fn symbol(code: Option<&str>) -> Option<&'static str> {
    let code = u32::from_str_radix(code?.trim(), 16).ok()?;
    match code & 0xFF {
        0xFC => Some("✓"),
        0xFB => Some("✗"),
        0xFD => Some("☒"),
        0xFE => Some("☑"),
        0xA8 | 0x6F => Some("☐"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> Vec<Paragraph> {
        let xml = format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{inner}</w:body></w:document>"#
        );
        let mut r = FlowReader::new(XmlReader::new(xml.as_bytes(), "word/document.xml"));
        r.read().unwrap();
        r.paragraphs
    }

    #[test]
    fn paragraphs_runs_tabs_and_breaks() {
        let p = body(
            r#"<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">Name: </w:t></w:r><w:r><w:tab/><w:t>Jo</w:t><w:br/><w:t>B</w:t></w:r></w:p><w:p/>"#,
        );
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].text(), "Name: \tJo\nB");
        assert!(
            !p[0].spans[0].marks.bold,
            "the paragraph mark's bold is not the text's"
        );
        assert_eq!(p[1].text(), "");
    }

    #[test]
    fn marks_come_from_direct_formatting() {
        let p = body(
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Y</w:t></w:r><w:r><w:t>/</w:t></w:r><w:r><w:rPr><w:strike w:val="true"/><w:highlight w:val="yellow"/></w:rPr><w:t>N</w:t></w:r><w:r><w:rPr><w:b w:val="0"/><w:bdr w:val="single"/></w:rPr><w:t>!</w:t></w:r></w:p>"#,
        );
        let marks: Vec<(String, Marks)> = p[0]
            .spans
            .iter()
            .map(|s| (s.text.clone(), s.marks))
            .collect();
        assert!(marks[0].1.bold && !marks[0].1.struck);
        assert_eq!(marks[1].1, Marks::default());
        assert!(marks[2].1.struck && marks[2].1.highlighted && !marks[2].1.bold);
        assert!(marks[3].1.circled && !marks[3].1.bold);
    }

    #[test]
    fn tracked_deletions_are_kept_aside_and_insertions_read() {
        let p = body(
            r#"<w:p><w:r><w:t>Y/</w:t></w:r><w:del><w:r><w:delText>N</w:delText></w:r></w:del><w:ins><w:r><w:t> yes</w:t></w:r></w:ins></w:p>"#,
        );
        assert_eq!(p[0].text(), "Y/ yes");
        assert!(p[0].spans.iter().any(|s| s.text == "N" && s.marks.deleted));
    }

    #[test]
    fn tables_give_rows_and_grid_columns() {
        let p = body(
            r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>wide</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/>"#,
        );
        let places: Vec<Place> = p.iter().map(|p| p.place).collect();
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
                    row: 0,
                    column: 2,
                    span: 1
                }),
                Place::Cell(Cell {
                    table: 0,
                    row: 1,
                    column: 1,
                    span: 1
                }),
                Place::Body,
            ]
        );
    }

    #[test]
    fn text_boxes_follow_their_anchor_and_only_one_alternative_is_read() {
        let p = body(
            r#"<w:p><w:r><w:t>anchor</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>in the box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>in the box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t> after</w:t></w:r></w:p>"#,
        );
        let texts: Vec<String> = p.iter().map(|p| p.text()).collect();
        assert_eq!(texts, ["anchor after", "in the box"]);
        assert!(p[0].has_drawing);
    }

    #[test]
    fn placeholder_text_of_content_controls_and_field_codes_are_left_out() {
        let p = body(
            r#"<w:p><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Click here to enter text.</w:t></w:r></w:sdtContent></w:sdt><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>typed</w:t></w:r></w:sdtContent></w:sdt><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>"#,
        );
        assert_eq!(p[0].text(), "typed");
    }

    #[test]
    fn relationship_targets_resolve_to_part_names() {
        assert_eq!(resolve("word/", "comments.xml"), "word/comments.xml");
        assert_eq!(resolve("word/", "/word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word/sub/", "../x.xml"), "word/x.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }
}
