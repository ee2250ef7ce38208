//! The one Markdown escaper, used by `print --format markdown` and `collate --format markdown`:
//! text from a file comes out exactly as written and can never make headings, lists, links,
//! images, emphasis, code, tables, HTML or a way out of a block quote.
//!
//! Text goes through the [sanitiser](crate::render::sanitise) first, so escape sequences and
//! bidi overrides never reach the document either.

use crate::render::layout::trimmed;
use crate::render::sanitise;
use crate::render::wrap::TAB_WIDTH;

/// Every character that could start emphasis, a link or image, code, HTML, an entity, a table
/// cell, maths or a heading anywhere in a line (CommonMark and the common extensions).
fn is_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`'
            | '*'
            | '_'
            | '['
            | ']'
            | '<'
            | '>'
            | '#'
            | '|'
            | '~'
            | '!'
            | '&'
            | '{'
            | '}'
            | '$'
    )
}

fn escape_chars(text: &str, out: &mut String) {
    for c in text.chars() {
        if is_special(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Text for use inside a line of Markdown (a heading, a label, a list item): sanitised to one
/// line (line breaks, tabs and controls shown as `�`) and escaped.
pub fn inline(text: &str) -> String {
    let line = sanitise::line(text);
    let mut out = String::with_capacity(line.len() + 8);
    escape_chars(&line, &mut out);
    out
}

/// One line of a block of text: escaped, with what would start a list, heading, quote,
/// thematic break, setext underline or code block at its start made literal (leading spaces and
/// tabs become `&nbsp;`, so an indent shows without making a code block).
fn line(line: &str) -> String {
    let body = line.trim_start_matches([' ', '\t']);
    let mut out = String::with_capacity(line.len() + 8);
    for c in line[..line.len() - body.len()].chars() {
        let n = if c == '\t' { TAB_WIDTH } else { 1 };
        out.push_str(&"&nbsp;".repeat(n));
    }
    let mut escaped = String::with_capacity(body.len() + 8);
    escape_chars(body, &mut escaped);
    if escaped.starts_with(['-', '+', '=']) {
        out.push('\\');
    } else {
        let digits = escaped.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && matches!(escaped.as_bytes().get(digits), Some(b'.' | b')')) {
            // "1." or "1)" would start a numbered list.
            out.push_str(&escaped[..digits]);
            out.push('\\');
            out.push_str(&escaped[digits..]);
            return out;
        }
    }
    out.push_str(&escaped);
    out
}

/// A block of text (an answer) as escaped Markdown lines, sanitised, without blank lines before
/// or after, each line's trailing spaces dropped. Blank lines between paragraphs come back as
/// empty strings. A caller joins them, marking hard line breaks where a line is followed by
/// another that is not blank ([`hard_break_after`]).
pub fn block(text: &str) -> Vec<String> {
    let clean = sanitise::text(text);
    trimmed(&clean)
        .into_iter()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                line(l)
            }
        })
        .collect()
}

/// Whether the line at `i` of a [`block`] needs a hard line break (a trailing `\`) to keep the
/// line break the writer made: the next line carries on the same paragraph.
pub fn hard_break_after(lines: &[String], i: usize) -> bool {
    !lines[i].is_empty() && lines.get(i + 1).is_some_and(|next| !next.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cannot_be_injected() {
        assert_eq!(line("# heading"), "\\# heading");
        assert_eq!(line("[x](http://e.org)"), "\\[x\\](http://e.org)");
        assert_eq!(line("- item"), "\\- item");
        assert_eq!(line("1. item"), "1\\. item");
        assert_eq!(line("    code"), "&nbsp;&nbsp;&nbsp;&nbsp;code");
        assert_eq!(line("<b>&amp;"), "\\<b\\>\\&amp;");
        assert_eq!(
            inline("a\n# H\r<img onerror=x>"),
            "a\u{FFFD}\\# H\u{FFFD}\\<img onerror=x\\>"
        );
    }

    #[test]
    fn a_lone_carriage_return_cannot_leave_the_block() {
        assert_eq!(
            block("quoted\r- item\u{1b}[2J"),
            ["quoted", "\\- item\u{FFFD}\\[2J"]
        );
    }
}
