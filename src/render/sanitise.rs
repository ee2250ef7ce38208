//! The one sanitiser: what every command does to text that came from a file before showing or
//! writing it as text (messages on the terminal, tables, printed responses, digests, spreadsheet
//! cells, file names in messages).
//!
//! A response, a draft or a file name comes from a stranger. Without this, an answer or a
//! `format` field holding `ESC[2J` clears the screen when a message names it, an OSC sequence
//! sets the window title, and a right-to-left override (U+202E) turns the rest of a line round.
//! So every character that a terminal, a document or a spreadsheet would act on rather than
//! show is replaced by something visible:
//!
//! - control characters (C0 other than line feed and tab, DEL, and C1, U+0080-U+009F) become
//!   `�` (U+FFFD); a carriage return ends a line (CRLF and a lone CR become `\n`);
//! - bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) become a visible
//!   escape such as `\u{202e}`, naming what was there.
//!
//! Everything else, including every script and emoji, is kept as it is.

use std::borrow::Cow;
use std::path::Path;

/// What a control character is shown as.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` is a bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069), which
/// reorders the text after it on screen.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` must not be written as it is: a control character (C0, DEL, C1) or a bidi
/// override or isolate. Line feed and tab count too: callers that keep lines and tabs
/// (see [`text`]) let them through themselves.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Whether the text holds anything [`text`] would change, scanning bytes: C0 (other than `\n`
/// and `\t`) and DEL are single bytes, C1 is `C2 80`-`C2 9F` in UTF-8, and the bidi controls
/// are `E2 80 AA`-`E2 80 AE` and `E2 81 A6`-`E2 81 A9`.
///
/// Every answer written to a table passes here, so it is quick: each byte is tested with the
/// two after it in one branch-free expression over slices, which the compiler turns into SIMD.
fn needs_cleaning(text: &str) -> bool {
    let b = text.as_bytes();
    let n = b.len();
    if n >= 3 {
        for start in (0..n - 2).step_by(4096) {
            let end = (start + 4096).min(n - 2);
            let (x, y, z) = (
                &b[start..end],
                &b[start + 1..end + 1],
                &b[start + 2..end + 2],
            );
            let found = x
                .iter()
                .zip(y)
                .zip(z)
                .fold(false, |seen, ((&x, &y), &z)| seen | unsafe_at(x, y, z));
            if found {
                return true;
            }
        }
    }
    (n.saturating_sub(2)..n).any(|i| starts_unsafe(b, i))
}

/// Whether an unsafe character starts with byte `x`, followed by `y` and `z`.
#[inline(always)]
fn unsafe_at(x: u8, y: u8, z: u8) -> bool {
    ((x < 0x20) & (x != b'\n') & (x != b'\t'))
        | (x == 0x7f)
        | ((x == 0xc2) & (0x80..=0x9f).contains(&y))
        | ((x == 0xe2)
            & (((y == 0x80) & (0xaa..=0xae).contains(&z))
                | ((y == 0x81) & (0xa6..=0xa9).contains(&z))))
}

/// Whether an unsafe character starts at `bytes[i]`.
fn starts_unsafe(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | b'\t' => false,
        0..0x20 | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xe2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0x80), Some(n)) => (0xaa..=0xae).contains(n),
            (Some(0x81), Some(n)) => (0xa6..=0xa9).contains(n),
            _ => false,
        },
        _ => false,
    }
}

fn push_visible(out: &mut String, c: char) {
    if is_bidi_control(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(REPLACEMENT);
    }
}

/// Text of one or more lines, made safe to show: line breaks (`\n`, CRLF or CR, all become
/// `\n`) and tabs are kept; every other unsafe character is replaced as the module describes.
/// Borrows the text when there is nothing to change, as there almost always is.
pub fn text(text: &str) -> Cow<'_, str> {
    if !needs_cleaning(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            c if is_unsafe(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text that must stay on one line and keep every character it has, such as a file name, an
/// id or a value quoted in a message: as [`text`], but line breaks and tabs are replaced too.
pub fn line(text: &str) -> Cow<'_, str> {
    if !needs_cleaning(text) && !text.contains(['\n', '\t']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Prose on one line: [`text`], then every run of white space (line breaks included) becomes
/// one space, and spaces at the ends go. For titles, labels and names.
pub fn one_line(text: &str) -> String {
    let clean = self::text(text);
    // Most titles and labels are one line already: then they are kept as they are.
    let already = !clean.starts_with(' ')
        && !clean.ends_with(' ')
        && !clean.contains("  ")
        && !clean.chars().any(|c| c.is_whitespace() && c != ' ');
    if already {
        return clean.into_owned();
    }
    clean.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A path as it is named in a message: as [`line()`], with bytes that are not UTF-8 shown as `�`.
pub fn path(path: &Path) -> String {
    line(&path.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_found_by_their_bytes() {
        for c in ('\0'..='\u{300}')
            .chain(['\u{2028}', '\u{feff}', '漢', '🙂', '\u{200f}'])
            .chain('\u{2020}'..='\u{2070}')
        {
            let text = format!("a{c}b");
            let expected = c != '\n' && c != '\t' && is_unsafe(c);
            assert_eq!(needs_cleaning(&text), expected, "{:?}", c);
        }
    }

    #[test]
    fn unsafe_characters_are_found_anywhere_in_a_long_text() {
        let plain = "Zoë’s “café” — 支持, and a line.\n\t".repeat(20);
        assert!(!needs_cleaning(&plain));
        for c in ['\u{1b}', '\u{9b}', '\u{202e}', '\u{2069}', '\u{7f}', '\r'] {
            for at in [0, 63, 64, 127, plain.len()] {
                let mut text = plain.clone();
                let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap();
                text.insert(at, c);
                assert!(needs_cleaning(&text), "{c:?} at {at}");
            }
        }
    }

    #[test]
    fn controls_and_overrides_are_made_visible() {
        assert_eq!(text("a\x1b[31mb\r\nc\td\re"), "a\u{FFFD}[31mb\nc\td\ne");
        assert_eq!(text("\u{9b}2J\u{7f}"), "\u{FFFD}2J\u{FFFD}");
        assert_eq!(text("abc\u{202e}fed\u{2066}"), "abc\\u{202e}fed\\u{2066}");
        assert_eq!(line("a\nb\tc\u{202e}"), "a\u{FFFD}b\u{FFFD}c\\u{202e}");
        assert_eq!(
            one_line("  Mind\n\n Bath \u{1b}]0;x\u{7} "),
            "Mind Bath \u{FFFD}]0;x\u{FFFD}"
        );
        assert!(matches!(text("plain Zoë 漢字"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_is_the_words_with_one_space_between() {
        for text in [
            "",
            " ",
            "a",
            "a b",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\nb",
            "a\u{a0}b",
            "a\u{3000}b",
            "a\u{2028}b",
            "  Mind\n\n Bath ",
            "Zoë 漢字 · x",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(one_line(text), words.join(" "), "{text:?}");
        }
    }

    #[test]
    fn paths_stay_on_one_line() {
        let p = Path::new("in\nbox/\u{1b}[2J\u{202e}nosj.json");
        assert_eq!(path(p), "in\u{FFFD}box/\u{FFFD}[2J\\u{202e}nosj.json");
    }
}
