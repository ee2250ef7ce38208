//! The test corpus of filled-in forms, made by the tests themselves: a copy of NDTi's Word
//! template (the words of `shared/seed/ndti-call-for-practice-examples.txt`, laid out as
//! that file shows it: the contact lines as paragraphs, then tables whose prompt cells sit
//! above their answer cells) filled in as a test says, and written as .docx (with docx-rs,
//! the way a word processor would), .odt (OpenDocument XML by hand, as LibreOffice lays it
//! out) or .txt (as Word's "Save As > Plain Text" does, a tab before each cell).
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

/// How a run of text is marked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    pub bold: bool,
    pub struck: bool,
    pub highlighted: bool,
    pub circled: bool,
    /// Deleted with tracked changes.
    pub deleted: bool,
}

pub const PLAIN: Look = Look {
    bold: false,
    struck: false,
    highlighted: false,
    circled: false,
    deleted: false,
};

pub fn bold() -> Look {
    Look {
        bold: true,
        ..PLAIN
    }
}
pub fn struck() -> Look {
    Look {
        struck: true,
        ..PLAIN
    }
}
pub fn highlighted() -> Look {
    Look {
        highlighted: true,
        ..PLAIN
    }
}
pub fn circled() -> Look {
    Look {
        circled: true,
        ..PLAIN
    }
}
pub fn deleted() -> Look {
    Look {
        deleted: true,
        ..PLAIN
    }
}

/// A run of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub look: Look,
}

pub fn run(text: &str, look: Look) -> Run {
    Run {
        text: text.to_string(),
        look,
    }
}

/// A paragraph: its runs, and whether a drawn oval is anchored in it.
#[derive(Debug, Clone, Default)]
pub struct Para {
    pub runs: Vec<Run>,
    pub oval: bool,
}

fn para(text: &str) -> Para {
    Para {
        runs: if text.is_empty() {
            Vec::new()
        } else {
            vec![run(text, PLAIN)]
        },
        oval: false,
    }
}

/// A table cell: its paragraphs and how many grid columns it spans.
#[derive(Debug, Clone)]
pub struct TableCell {
    pub span: usize,
    pub paras: Vec<Para>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    Table(Vec<Vec<TableCell>>),
}

/// The template's words above the form, as the seed text has them.
pub const ABOVE: &[&str] = &[
    "Co-production in mental health",
    "A call for practice examples ",
    "The National Development Team for Inclusion  (NDTi) has been funded by the Esmee Fairbairn Foundation to demonstrably increase understanding of co-production in mental health. ",
    "",
    "This project builds on earlier work undertaken by the New Economics Foundation (NEF) and MIND and a subsequent survey of interested stakeholders conducted on social media. The survey identified two major barriers to coproduction being widely adopted; namely a lack of understanding of the concept in mental health and a lack of engagement from people managing and/or delivering mainstream mental health services. In response to these findings a collaborative group of service users, carers, practitioners, policy and research experts has been established to:",
    "",
    "· Articulate the unique challenges for and responses to co-production in mental health services  ",
    "· Develop a practical, evidence-based resource on how co-production can be understood and implemented in mental health.",
    "",
    "A position paper looking at some of the research evidence on co-productive approaches in mental health has identified a number of unique challenges and set out some key markers for co-production in mainstream mental health services. ",
    "",
    "In order to gather evidence from practice, we are very keen to hear about examples of successful co-production and attempts that did not work, from within and outside statutory or mainstream mental health services. We would welcome feedback from: ",
    "· People who identify as having a mental health problem, or as service users/survivors",
    "· User-led organisations (ULOs)",
    "· Non-user led mental health campaigning organisations",
    "· Local authority or NHS commissioners (including Clinical Commissioning Groups)",
    "· NHS Trusts",
    "· Local authorities",
    "· Voluntary and community sector mental health providers",
    "· Specialist voluntary and community sector groups/organisations (such as those supporting BAME or LGB & T people).",
    "",
    "You can tell us about your work using the attached template, which can be returned by email to Louise.apps@ndti.org.uk or post to Lou at NDTi, First Floor, 30-32 Westgate Buildings, Bath BA1 1EF. If you would prefer to call us and tell us about your work, please contact Louise Apps on 01225 789135 to arrange a time to do this. Please let us have your responses by Friday 15th January 2016.",
    "",
    "",
];

pub const CLOSING: &str = "Many thanks. Please return the completed template to Louise.apps@ndti.org.uk or post to Lou at NDTi, First Floor, 30-32 Westgate Buildings, Bath BA1 1EF, by Friday 15th January 2016. ";

/// A box of the template: paragraphs of prompts, each a list of (question id, words); a
/// heading or help text has no id.
type Prompts = &'static [&'static [(Option<&'static str>, &'static str)]];

const BOX_ACTIVITY: Prompts = &[
    &[(Some("activity_type"), "Type or nature of activity:")],
    &[(
        Some("initiated_by"),
        "Who Initiated and/or led the activity? ",
    )],
    &[(
        Some("coproduce_focus"),
        "What was it that you were coming together to co-produce? (Individual care & support or wider community and or service commission & planning)",
    )],
    &[(
        Some("issue_definers"),
        "Who defined the issues, or problem to be tackled?",
    )],
];
const BOX_WHY: Prompts = &[
    &[(
        Some("why_coproduction"),
        "Why & how was it decided that a co-production approach was the best way to do what was needed?",
    )],
    &[(
        Some("envisaged_achievements"),
        "What was envisaged would be achieved by using this approach?",
    )],
];
const BOX_SHARED: Prompts = &[
    &[(None, "Developing a common shared understanding:")],
    &[(
        Some("shared_understanding"),
        "Briefly describe the process of coming to a shared understanding among service users, frontline staff and clinicians/professionals, including how those involved defined the changes needed? Were staff and service users able to express their stories & use their lived experience in developing a shared understanding? How did the process feel for staff and for service users? How were any disagreements dealt with? How did those involved define the changes needed and agree on the process?",
    )],
];
const BOX_OUTCOMES: Prompts = &[
    &[(None, "Outcomes & process:")],
    &[
        (
            Some("right_people"),
            "Were all the right people together from the outset? If not, what was done to ensure they were? ",
        ),
        (
            Some("recognition"),
            "Was there an explicit recognition of the knowledge, expertise, assets, strengths and contribution of everyone involved? (Please give examples).  ",
        ),
        (
            Some("emotional_expression"),
            "If it arose, what was the response to any challenges, or emotional expression from people with lived experience and how was that integrated into learning about what needed to change and how? ",
        ),
        (
            Some("staff_honesty"),
            "Were staff able to be honest about their own personal and frontline experience? ",
        ),
        (
            Some("relationships_language"),
            "Were people with lived experience expected to conform mental health service or formal meeting rules and use a particular language to be heard, or was a different kind of relationship and communication forged? ",
        ),
        (
            Some("practical_issues"),
            "How were other practical issues such as access (information, timing of sessions, location and choice of venues for meetings), payment and expenses (with regard to welfare benefits) and facilitation of meetings considered? ",
        ),
        (
            Some("outcomes_achieved"),
            "What outcomes were achieved for individuals and service system? ",
        ),
        (
            Some("change_communicated"),
            "How was change demonstrated and communicated to all those involved and more widely?",
        ),
    ],
];
const BOX_TRACKING: Prompts = &[
    &[(None, "Tracking progress: ")],
    &[(Some("progress_tracked"), "How was progress tracked?")],
    &[(
        None,
        "This includes towards achieving the desired outcomes for service users & service systems and the process itself looking at what was working and not working including: shift in power dynamic and increase in trust between professional and service users; openness & capacity for challenge; recognition of assets & expertise; changing relationships, growing confidence & skills development for all parties",
    )],
];
const BOX_BARRIERS: Prompts = &[
    &[(None, "Barriers and challenges:")],
    &[
        (
            Some("barriers_overcome"),
            "Please describe the main barriers & challenges and how they were overcome. ",
        ),
        (
            Some("barriers_not_overcome"),
            "Were there any challenges & barriers that could not be overcome? Why was that?",
        ),
    ],
];
const BOX_LEARNING: Prompts = &[
    &[
        (Some("what_was_learnt"), "What was Learnt & by whom? "),
        (
            Some("do_differently"),
            "What would you do differently next time?",
        ),
    ],
    &[(Some("further_comments"), "Please add any further comments.")],
];

/// The answer spaces of the template that are cells of their own, under the prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerCell {
    /// Under "Type or nature of activity" ... "Who defined the issues".
    Activity,
    /// Under "Why & how" and "What was envisaged".
    Why,
    /// The two cells under "Outcomes & process".
    OutcomesLeft,
    OutcomesRight,
    /// Under "Tracking progress".
    Tracking,
    /// Under "Barriers and challenges".
    Barriers,
}

impl AnswerCell {
    /// Every answer space of the template, in its order.
    pub const ALL: [AnswerCell; 6] = [
        AnswerCell::Activity,
        AnswerCell::Why,
        AnswerCell::OutcomesLeft,
        AnswerCell::OutcomesRight,
        AnswerCell::Tracking,
        AnswerCell::Barriers,
    ];
}

/// How the form is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// As the template: prompt cells above answer cells.
    Tables,
    /// Every prompt and answer a paragraph of its own, no tables (a form retyped, or pasted
    /// into an email).
    Paragraphs,
}

/// A filled-in form.
#[derive(Debug, Clone)]
pub struct FilledForm {
    pub layout: Layout,
    /// Paragraphs written above the form's title.
    pub above: Vec<String>,
    /// Paragraphs written below its closing words.
    pub below: Vec<String>,
    pub name: String,
    pub organisation: String,
    pub email: String,
    pub phone: String,
    /// What follows "May we contact in future with further information?" on its line.
    pub consent: Vec<Run>,
    /// A drawn oval anchored on the consent line.
    pub consent_oval: bool,
    /// Text written straight after a question's prompt, a paragraph a line.
    pub after: HashMap<&'static str, String>,
    /// Text written in an answer cell (in the paragraphs layout: after that box's prompts).
    pub cells: HashMap<AnswerCell, String>,
    /// Comments (author, text) attached to the first paragraph.
    pub comments: Vec<(String, String)>,
    /// The document's own created and modified times (docx core properties, ODF meta).
    pub created: Option<&'static str>,
    pub modified: Option<&'static str>,
}

impl FilledForm {
    /// The template as it is sent out: nothing filled in.
    pub fn blank() -> FilledForm {
        FilledForm {
            layout: Layout::Tables,
            above: Vec::new(),
            below: Vec::new(),
            name: String::new(),
            organisation: String::new(),
            email: String::new(),
            phone: String::new(),
            consent: vec![run("Y/N", PLAIN)],
            consent_oval: false,
            after: HashMap::new(),
            cells: HashMap::new(),
            comments: Vec::new(),
            created: None,
            modified: None,
        }
    }

    pub fn after(mut self, id: &'static str, text: &str) -> FilledForm {
        self.after.insert(id, text.to_string());
        self
    }

    pub fn cell(mut self, cell: AnswerCell, text: &str) -> FilledForm {
        self.cells.insert(cell, text.to_string());
        self
    }

    pub fn consent(mut self, runs: &[(&str, Look)]) -> FilledForm {
        self.consent = runs.iter().map(|(t, l)| run(t, *l)).collect();
        self
    }

    fn lines(text: &str) -> Vec<Para> {
        text.split('\n').map(para).collect()
    }

    /// The prompts of a box with the answers written after them; a paragraph holding several
    /// prompts is split after each one answered.
    fn prompts(&self, prompts: Prompts) -> Vec<Para> {
        let mut out = Vec::new();
        for paragraph in prompts {
            let mut current = String::new();
            for (id, words) in paragraph.iter() {
                current.push_str(words);
                if let Some(answer) = id.and_then(|id| self.after.get(id)) {
                    out.push(para(&current));
                    current.clear();
                    out.extend(Self::lines(answer));
                }
            }
            if !current.is_empty() {
                out.push(para(&current));
            }
        }
        out
    }

    fn answer_cell(&self, cell: AnswerCell, empty_lines: usize) -> Vec<Para> {
        let mut out = match self.cells.get(&cell) {
            Some(text) => Self::lines(text),
            None => Vec::new(),
        };
        out.extend((0..empty_lines).map(|_| para("")));
        out
    }

    /// The form as blocks, in reading order.
    pub fn blocks(&self) -> Vec<Block> {
        let mut blocks: Vec<Block> = Vec::new();
        for line in &self.above {
            blocks.push(Block::Para(para(line)));
        }
        for line in ABOVE {
            blocks.push(Block::Para(para(line)));
        }
        blocks.push(Block::Para(para(&format!(
            "Name: {}{}Organisation: {}",
            self.name,
            " ".repeat(40),
            self.organisation
        ))));
        blocks.push(Block::Para(para("")));
        blocks.push(Block::Para(para(&format!(
            "Email Address: {}{}Contact Number: {}",
            self.email,
            " ".repeat(30),
            self.phone
        ))));
        blocks.push(Block::Para(para("")));
        let mut consent = para(&format!(
            "May we contact in future with further information?{}",
            " ".repeat(25)
        ));
        consent.runs.extend(self.consent.iter().cloned());
        consent.oval = self.consent_oval;
        blocks.push(Block::Para(consent));
        blocks.push(Block::Para(para("")));
        let cell = |paras: Vec<Para>| TableCell { span: 1, paras };
        let wide = |paras: Vec<Para>| TableCell { span: 2, paras };
        match self.layout {
            Layout::Tables => {
                blocks.push(Block::Table(vec![
                    vec![
                        cell(self.prompts(BOX_ACTIVITY)),
                        cell(self.prompts(BOX_WHY)),
                    ],
                    vec![
                        cell(self.answer_cell(AnswerCell::Activity, 3)),
                        cell(self.answer_cell(AnswerCell::Why, 2)),
                    ],
                ]));
                let mut shared = self.prompts(BOX_SHARED);
                shared.extend((0..3).map(|_| para("")));
                blocks.push(Block::Table(vec![vec![cell(shared)]]));
                blocks.push(Block::Table(vec![
                    vec![wide(self.prompts(BOX_OUTCOMES))],
                    vec![
                        cell(self.answer_cell(AnswerCell::OutcomesLeft, 3)),
                        cell(self.answer_cell(AnswerCell::OutcomesRight, 1)),
                    ],
                ]));
                blocks.push(Block::Table(vec![
                    vec![
                        cell(self.prompts(BOX_TRACKING)),
                        cell(self.prompts(BOX_BARRIERS)),
                    ],
                    vec![
                        cell(self.answer_cell(AnswerCell::Tracking, 3)),
                        cell(self.answer_cell(AnswerCell::Barriers, 2)),
                    ],
                ]));
                let mut learning = self.prompts(BOX_LEARNING);
                learning.extend((0..3).map(|_| para("")));
                blocks.push(Block::Table(vec![vec![cell(learning)]]));
            }
            Layout::Paragraphs => {
                let mut paras = Vec::new();
                paras.extend(self.prompts(BOX_ACTIVITY));
                paras.extend(self.answer_cell(AnswerCell::Activity, 1));
                paras.extend(self.prompts(BOX_WHY));
                paras.extend(self.answer_cell(AnswerCell::Why, 1));
                paras.extend(self.prompts(BOX_SHARED));
                paras.extend(self.prompts(BOX_OUTCOMES));
                paras.extend(self.answer_cell(AnswerCell::OutcomesLeft, 0));
                paras.extend(self.answer_cell(AnswerCell::OutcomesRight, 1));
                paras.extend(self.prompts(BOX_TRACKING));
                paras.extend(self.answer_cell(AnswerCell::Tracking, 1));
                paras.extend(self.prompts(BOX_BARRIERS));
                paras.extend(self.answer_cell(AnswerCell::Barriers, 1));
                paras.extend(self.prompts(BOX_LEARNING));
                paras.push(para(""));
                blocks.extend(paras.into_iter().map(Block::Para));
            }
        }
        blocks.push(Block::Para(para(CLOSING)));
        for line in &self.below {
            blocks.push(Block::Para(para(line)));
        }
        blocks
    }

    /// The form as a .docx, written by docx-rs.
    pub fn docx(&self) -> Vec<u8> {
        let mut doc = docx_rs::Docx::new();
        if let Some(created) = self.created {
            doc = doc.created_at(created);
        }
        if let Some(modified) = self.modified {
            doc = doc.updated_at(modified);
        }
        let mut first = true;
        for block in self.blocks() {
            match block {
                Block::Para(p) => {
                    let mut dp = docx_paragraph(&p);
                    if first {
                        for (i, (author, text)) in self.comments.iter().enumerate() {
                            dp = dp
                                .add_comment_start(
                                    docx_rs::Comment::new(i + 1).author(author).add_paragraph(
                                        docx_rs::Paragraph::new()
                                            .add_run(docx_rs::Run::new().add_text(text)),
                                    ),
                                )
                                .add_comment_end(i + 1);
                        }
                        first = false;
                    }
                    doc = doc.add_paragraph(dp);
                }
                Block::Table(rows) => {
                    let rows = rows
                        .iter()
                        .map(|row| {
                            docx_rs::TableRow::new(
                                row.iter()
                                    .map(|c| {
                                        let mut cell = docx_rs::TableCell::new();
                                        for p in &c.paras {
                                            cell = cell.add_paragraph(docx_paragraph(p));
                                        }
                                        if c.span > 1 {
                                            cell = cell.grid_span(c.span);
                                        }
                                        cell
                                    })
                                    .collect(),
                            )
                        })
                        .collect();
                    doc = doc.add_table(docx_rs::Table::new(rows).set_grid(vec![4500, 4500]));
                }
            }
        }
        let mut out = Cursor::new(Vec::new());
        doc.build().pack(&mut out).unwrap();
        let bytes = out.into_inner();
        if self.blocks().iter().any(has_oval) {
            edit_part(&bytes, "word/document.xml", |xml| {
                xml.replace(
                    "<w:t xml:space=\"preserve\">\u{2B2D}</w:t>",
                    "<w:pict><v:oval xmlns:v=\"urn:schemas-microsoft-com:vml\" style=\"position:absolute;width:20pt;height:14pt\" filled=\"f\"/></w:pict>",
                )
            })
        } else {
            bytes
        }
    }

    /// The form as an .odt, laid out as LibreOffice writes one.
    pub fn odt(&self) -> Vec<u8> {
        let mut body = String::new();
        let mut first = true;
        for block in self.blocks() {
            match block {
                Block::Para(p) => {
                    let mut extra = String::new();
                    if first {
                        for (author, text) in &self.comments {
                            extra += &format!(
                                "<office:annotation><dc:creator>{}</dc:creator><text:p>{}</text:p></office:annotation>",
                                escape(author),
                                escape(text)
                            );
                        }
                        first = false;
                    }
                    body += &odt_paragraph(&p, &extra);
                }
                Block::Table(rows) => {
                    body +=
                        "<table:table><table:table-column table:number-columns-repeated=\"2\"/>";
                    for row in rows {
                        body += "<table:table-row>";
                        for c in row {
                            if c.span > 1 {
                                body += &format!(
                                    "<table:table-cell table:number-columns-spanned=\"{}\">",
                                    c.span
                                );
                            } else {
                                body += "<table:table-cell>";
                            }
                            for p in &c.paras {
                                body += &odt_paragraph(p, "");
                            }
                            body += "</table:table-cell>";
                            for _ in 1..c.span {
                                body += "<table:covered-table-cell/>";
                            }
                        }
                        body += "</table:table-row>";
                    }
                    body += "</table:table>";
                }
            }
        }
        // Tracked deletions live in one list at the start, each referred to where it was.
        let mut changes = String::new();
        let mut n = 0;
        while let Some(at) = body.find("\u{1}DEL:") {
            let end = body[at..].find('\u{2}').unwrap() + at;
            let text = body[at + 5..end].to_string();
            n += 1;
            changes += &format!(
                "<text:changed-region text:id=\"ct{n}\"><text:deletion><office:change-info><dc:creator>Respondent</dc:creator><dc:date>2016-01-10T10:00:00</dc:date></office:change-info><text:p>{text}</text:p></text:deletion></text:changed-region>"
            );
            body.replace_range(
                at..end + 1,
                &format!("<text:change text:change-id=\"ct{n}\"/>"),
            );
        }
        if !changes.is_empty() {
            changes = format!("<text:tracked-changes>{changes}</text:tracked-changes>");
        }
        let content = format!(
            r##"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:automatic-styles><style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="S" style:family="text"><style:text-properties style:text-line-through-style="solid" style:text-line-through-type="single"/></style:style><style:style style:name="H" style:family="text"><style:text-properties fo:background-color="#ffff00"/></style:style><style:style style:name="C" style:family="text"><style:text-properties fo:border="0.06pt solid #000000"/></style:style></office:automatic-styles><office:body><office:text>{changes}{body}</office:text></office:body></office:document-content>"##
        );
        let mut meta = String::new();
        if let Some(c) = self.created {
            meta += &format!(
                "<meta:creation-date>{}</meta:creation-date>",
                c.trim_end_matches('Z')
            );
        }
        if let Some(m) = self.modified {
            meta += &format!("<dc:date>{}</dc:date>", m.trim_end_matches('Z'));
        }
        let meta = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>{meta}</office:meta></office:document-meta>"#
        );
        zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text".as_slice()),
            ("content.xml", content.as_bytes()),
            ("meta.xml", meta.as_bytes()),
            (
                "META-INF/manifest.xml",
                br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.as_slice(),
            ),
        ])
    }

    /// The form as plain text, as Word saves it: a paragraph a line, a tab before each cell.
    pub fn txt(&self) -> String {
        let mut out = String::new();
        let text = |p: &Para| -> String {
            p.runs
                .iter()
                .filter(|r| !r.look.deleted)
                .map(|r| r.text.as_str())
                .collect()
        };
        for block in self.blocks() {
            match block {
                Block::Para(p) => {
                    out += &text(&p);
                    out += "\r\n";
                }
                Block::Table(rows) => {
                    for row in rows {
                        for c in row {
                            out.push('\t');
                            for p in &c.paras {
                                out += &text(p);
                                out += "\r\n";
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

fn has_oval(block: &Block) -> bool {
    matches!(block, Block::Para(p) if p.oval)
}

fn docx_paragraph(p: &Para) -> docx_rs::Paragraph {
    let mut dp = docx_rs::Paragraph::new();
    for r in &p.runs {
        let mut run = docx_rs::Run::new();
        for (i, piece) in r.text.split('\t').enumerate() {
            if i > 0 {
                run = run.add_tab();
            }
            if !piece.is_empty() {
                run = if r.look.deleted {
                    run.add_delete_text(piece)
                } else {
                    run.add_text(piece)
                };
            }
        }
        if r.look.bold {
            run = run.bold();
        }
        if r.look.struck {
            run = run.strike();
        }
        if r.look.highlighted {
            run = run.highlight("yellow");
        }
        if r.look.circled {
            run = run.text_border(docx_rs::TextBorder::new());
        }
        dp = if r.look.deleted {
            dp.add_delete(
                docx_rs::Delete::new()
                    .author("Respondent")
                    .date("2016-01-10T10:00:00Z")
                    .add_run(run),
            )
        } else {
            dp.add_run(run)
        };
    }
    if p.oval {
        // A marker run, replaced by a VML oval once the package is written.
        dp = dp.add_run(docx_rs::Run::new().add_text("\u{2B2D}"));
    }
    dp
}

fn odt_paragraph(p: &Para, extra: &str) -> String {
    let mut out = String::from("<text:p>");
    out += extra;
    for r in &p.runs {
        if r.look.deleted {
            out += &format!("\u{1}DEL:{}\u{2}", odt_text(&r.text));
            continue;
        }
        let style = match (
            r.look.bold,
            r.look.struck,
            r.look.highlighted,
            r.look.circled,
        ) {
            (true, ..) => Some("B"),
            (_, true, ..) => Some("S"),
            (_, _, true, _) => Some("H"),
            (.., true) => Some("C"),
            _ => None,
        };
        match style {
            Some(s) => {
                out += &format!(
                    "<text:span text:style-name=\"{s}\">{}</text:span>",
                    odt_text(&r.text)
                )
            }
            None => out += &odt_text(&r.text),
        }
    }
    if p.oval {
        out += "<draw:custom-shape draw:name=\"Oval\" text:anchor-type=\"char\" svg:width=\"1cm\" svg:height=\"0.7cm\"><draw:enhanced-geometry draw:type=\"ellipse\"/></draw:custom-shape>";
    }
    out += "</text:p>";
    out
}

/// Text as ODF writes it: a single space between words as it is, any other run of spaces as
/// `text:s` (character data's spaces collapse, ODF 1.2 §6.1.2), tabs as `text:tab`.
fn odt_text(text: &str) -> String {
    let mut out = String::new();
    let mut spaces = 0;
    let flush = |out: &mut String, spaces: &mut usize, between_words: bool| {
        match *spaces {
            0 => {}
            1 if between_words => out.push(' '),
            n => out.push_str(&format!("<text:s text:c=\"{n}\"/>")),
        }
        *spaces = 0;
    };
    for c in text.chars() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        let between_words = !out.is_empty() && !out.ends_with('>');
        flush(&mut out, &mut spaces, between_words);
        match c {
            '\t' => out.push_str("<text:tab/>"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    flush(&mut out, &mut spaces, false);
    out
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A zip archive of these parts, deflated.
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every part of a zip archive, in order.
pub fn parts_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

/// The same archive with one part's text changed.
pub fn edit_part(bytes: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let parts: Vec<(String, Vec<u8>)> = parts_of(bytes)
        .into_iter()
        .map(|(name, data)| {
            if name == part {
                let text = String::from_utf8(data).unwrap();
                let edited = edit(&text);
                assert_ne!(edited, text, "the edit of {part} changed nothing");
                (name, edited.into_bytes())
            } else {
                (name, data)
            }
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_of(&refs)
}

/// An OLE compound file (what Office's password protection and Word 97-2003 both use) holding
/// these streams.
pub fn compound_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut comp = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for (name, bytes) in streams {
        comp.create_stream(name).unwrap().write_all(bytes).unwrap();
    }
    comp.flush().unwrap();
    comp.into_inner().into_inner()
}
