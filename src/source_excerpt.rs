//! Pointing at a place in a file someone wrote (a questionnaire, an answers file): the line and
//! column, counted from 1 (columns in characters), and the line itself with a caret under the
//! column, as compilers do.

/// Where something is in a text, with the excerpt that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    /// The line, then a caret under the column, each indented with `  | `.
    pub excerpt: String,
}

/// A problem at a place in a file someone wrote (a questionnaire, an answers file), shown as
/// `FILE:LINE:COLUMN: message` and then the line with a caret under the column.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{}:{}: {message}\n{}", at.line, at.column, at.excerpt)]
pub struct LocatedProblem {
    /// The file as the user named it.
    pub file: String,
    pub at: Located,
    pub message: String,
}

impl LocatedProblem {
    /// The problem `message` at byte `offset` of `text`, the content of `file`.
    pub fn new(file: &str, text: &str, offset: usize, message: String) -> LocatedProblem {
        LocatedProblem {
            file: file.to_string(),
            at: locate(text, offset),
            message,
        }
    }
}

/// The line, column and excerpt of a byte offset in `text` (an offset past the end is the end;
/// one inside a character is that character).
pub fn locate(text: &str, offset: usize) -> Located {
    let (line, column) = line_column(text, offset);
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    // Tabs are kept under the caret so that it lines up however wide the reader's tabs are;
    // a wide (CJK) character takes two columns, a combining mark none.
    let caret_pad: String = line_text
        .chars()
        .take(column - 1)
        .map(|c| match c {
            '\t' => "\t".to_string(),
            c => " ".repeat(unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)),
        })
        .collect();
    Located {
        line,
        column,
        excerpt: format!("  | {line_text}\n  | {caret_pad}^"),
    }
}

/// Line and column, both counted from 1, of a byte offset; columns count characters.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let text = "a = 1\nbé = x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // "é" is two bytes, one column.
        assert_eq!(line_column(text, 10), (2, 4));
        let at = locate(text, 10);
        assert_eq!(at.excerpt, "  | bé = x\n  |    ^");
    }

    #[test]
    fn the_caret_lines_up_under_wide_characters() {
        // "名前" is two characters of two columns each: the caret goes under column 5 on screen.
        let text = "名前 = x\n";
        let at = locate(text, "名前 ".len());
        assert_eq!(at.column, 4);
        assert_eq!(at.excerpt, "  | 名前 = x\n  |      ^");
    }
}
