//! The document as `import` sees it, whatever file it came from: paragraphs in reading order,
//! each holding its text in spans that carry the marks a respondent may have used on it (bold,
//! highlighting, a border, strike-through, a tracked deletion), and where the paragraph sits:
//! the body of the document or a table cell (by row and grid column, so that an answer box can
//! be matched with the prompt above it or beside it).

use jiff::Timestamp;

/// A filled-in form read from a file.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The paragraphs of the body, in reading order: a table row by row, each cell's paragraphs
    /// in turn; the paragraphs of a text box just after the paragraph it is anchored in.
    pub paragraphs: Vec<Paragraph>,
    /// Text outside the flow of the form (comments, footnotes, endnotes), in document order.
    pub asides: Vec<Aside>,
    /// When the document was created, as it says itself (not the file system's time).
    pub created: Option<Timestamp>,
    /// When the document was last saved, as it says itself.
    pub modified: Option<Timestamp>,
    /// What the reader noticed and the person importing should know (an encoding guessed,
    /// part of the document not read).
    pub notes: Vec<String>,
}

/// One paragraph: a line of the form, or a paragraph of an answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    pub place: Place,
    /// A drawing (a shape such as an oval, a text box, a picture) is anchored in it.
    pub has_drawing: bool,
}

/// A run of text with the same marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The text, with tabs as `\t` and line breaks within the paragraph as `\n`.
    pub text: String,
    pub marks: Marks,
}

/// How a run of text is marked, from its own (direct) formatting: what a respondent does to
/// pick `Y` or `N`. Formatting that comes from a named style is not counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Marks {
    pub bold: bool,
    /// Highlighted, or shaded with a colour.
    pub highlighted: bool,
    /// Boxed or circled: a border around the characters, or an enclosed letter such as Ⓨ.
    pub circled: bool,
    /// Struck through (single or double).
    pub struck: bool,
    /// Deleted with tracked changes: not part of the text as the respondent left it.
    pub deleted: bool,
}

/// Where a paragraph sits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Place {
    /// The body of the document, outside any table.
    #[default]
    Body,
    /// A table cell.
    Cell(Cell),
}

/// A table cell: which table (numbered in reading order), which row, and which columns of the
/// table's grid it covers (`column` up to `column + span`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cell {
    /// The table, numbered from 0 in reading order (a table inside a cell has its own number).
    pub table: u32,
    /// The row, from 0.
    pub row: u32,
    /// The first grid column the cell covers, from 0.
    pub column: u32,
    /// How many grid columns it covers (1 or more).
    pub span: u32,
}

/// Text beside the form rather than in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aside {
    pub kind: AsideKind,
    /// Its paragraphs, one a line.
    pub text: String,
}

/// What kind of text beside the form an aside is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsideKind {
    Comment { author: Option<String> },
    Footnote,
    Endnote,
}

impl AsideKind {
    /// Where such text was, in plain words.
    pub fn location(&self) -> String {
        match self {
            AsideKind::Comment {
                author: Some(author),
            } if !author.trim().is_empty() => format!("a comment by {}", author.trim()),
            AsideKind::Comment { .. } => "a comment".to_string(),
            AsideKind::Footnote => "a footnote".to_string(),
            AsideKind::Endnote => "an endnote".to_string(),
        }
    }
}

impl Paragraph {
    pub fn new(place: Place) -> Paragraph {
        Paragraph {
            spans: Vec::new(),
            place,
            has_drawing: false,
        }
    }

    /// Adds text with the given marks, joining it to the last span when the marks are the same.
    pub fn push(&mut self, text: &str, marks: Marks) {
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.marks == marks => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_string(),
                marks,
            }),
        }
    }

    /// The text as the respondent left it: every span but the deleted ones.
    pub fn text(&self) -> String {
        self.spans
            .iter()
            .filter(|s| !s.marks.deleted)
            .map(|s| s.text.as_str())
            .collect()
    }

    /// The spans of the text as left (deleted ones included, with no width), each with where it
    /// starts in [`Paragraph::text`].
    pub fn spans_at(&self) -> impl Iterator<Item = (usize, &Span)> {
        let mut at = 0;
        self.spans.iter().map(move |s| {
            let start = at;
            if !s.marks.deleted {
                at += s.text.len();
            }
            (start, s)
        })
    }
}

impl Document {
    /// How many bytes of text the body holds.
    pub fn text_len(&self) -> usize {
        self.paragraphs
            .iter()
            .flat_map(|p| &p.spans)
            .map(|s| s.text.len())
            .sum()
    }
}

/// The tables being read, the innermost last: which table, row and grid column the next cell
/// takes. Word and OpenDocument say the same things about a table's grid in their own markup;
/// their readers say it here.
#[derive(Debug, Default)]
pub struct Grid {
    open: Vec<GridTable>,
    /// How many tables have started so far: the next one's number.
    count: u32,
}

/// A table being read: its number, the row being read, the row after it (a row may stand for
/// several) and the next grid column.
#[derive(Debug)]
struct GridTable {
    id: u32,
    row: u32,
    next_row: u32,
    column: u32,
}

impl Grid {
    /// A table starts (inside the current cell, if any): it takes the next number.
    pub fn open_table(&mut self) {
        self.open.push(GridTable {
            id: self.count,
            row: 0,
            next_row: 0,
            column: 0,
        });
        self.count += 1;
    }

    /// The innermost table ends.
    pub fn close_table(&mut self) {
        self.open.pop();
    }

    /// A row of the innermost table starts, standing for `rows` rows (an .odt can repeat one);
    /// its cells start at grid column 0.
    pub fn start_row(&mut self, rows: u32) {
        if let Some(t) = self.open.last_mut() {
            t.row = t.next_row;
            t.next_row = t.next_row.saturating_add(rows);
            t.column = 0;
        }
    }

    /// Moves the next cell `columns` grid columns on.
    pub fn skip_columns(&mut self, columns: u32) {
        if let Some(t) = self.open.last_mut() {
            t.column = t.column.saturating_add(columns);
        }
    }

    /// The cell at the current row and grid column, covering `span` columns. A cell outside
    /// any table (markup a word processor does not write) is given a table of its own,
    /// numbered `u32::MAX`.
    pub fn cell(&self, span: u32) -> Cell {
        match self.open.last() {
            Some(t) => Cell {
                table: t.id,
                row: t.row,
                column: t.column,
                span,
            },
            None => Cell {
                table: u32::MAX,
                row: 0,
                column: 0,
                span,
            },
        }
    }
}

/// The paragraphs done when a paragraph ends: it, then the paragraphs anchored in it.
pub type Done = std::iter::Chain<std::iter::Once<Paragraph>, std::vec::IntoIter<Paragraph>>;

/// A paragraph has ended, with the paragraphs of the text boxes or frames anchored in it
/// (`anchored`). Inside a text box or frame, anchored in another paragraph (`outer` holds that
/// paragraph's anchored ones), it joins them, its own after it, and nothing is done yet.
/// Otherwise it is done, and those anchored in it follow it in reading order.
pub fn end_paragraph(
    paragraph: Paragraph,
    anchored: Vec<Paragraph>,
    outer: Option<&mut Vec<Paragraph>>,
) -> Option<Done> {
    match outer {
        Some(outer) => {
            outer.push(paragraph);
            outer.extend(anchored);
            None
        }
        None => Some(std::iter::once(paragraph).chain(anchored)),
    }
}

/// Text beside the form being read (a comment, a footnote, an endnote): what it is and its
/// paragraphs so far.
#[derive(Debug)]
pub struct OpenAside {
    pub kind: AsideKind,
    text: String,
}

impl OpenAside {
    pub fn new(kind: AsideKind) -> OpenAside {
        OpenAside {
            kind,
            text: String::new(),
        }
    }

    /// Adds a paragraph's text (as the respondent left it) as a line of its own.
    pub fn push(&mut self, paragraph: &Paragraph) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(&paragraph.text());
    }

    /// The aside as read, without blank lines at either end; none when it holds no text.
    pub fn finish(self) -> Option<Aside> {
        let text = self.text.trim_matches('\n').to_string();
        if text.trim().is_empty() {
            return None;
        }
        Some(Aside {
            kind: self.kind,
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_leaves_out_deleted_spans_and_spans_know_where_they_start() {
        let mut p = Paragraph::new(Place::Body);
        p.push("Y/", Marks::default());
        p.push(
            "N",
            Marks {
                deleted: true,
                ..Marks::default()
            },
        );
        p.push(" ok", Marks::default());
        assert_eq!(p.text(), "Y/ ok");
        let starts: Vec<(usize, &str)> =
            p.spans_at().map(|(at, s)| (at, s.text.as_str())).collect();
        assert_eq!(starts, vec![(0, "Y/"), (2, "N"), (2, " ok")]);
    }

    #[test]
    fn pushing_text_with_the_same_marks_joins_it() {
        let mut p = Paragraph::new(Place::Body);
        p.push("a", Marks::default());
        p.push("b", Marks::default());
        p.push("", Marks::default());
        assert_eq!(p.spans.len(), 1);
        assert_eq!(p.text(), "ab");
    }
}
