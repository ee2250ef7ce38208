//! An answer on one line, for the review and lists: what the respondent wrote, shown safely by
//! the one sanitiser ([`crate::render::sanitise`]) and cut to fit.

use unicode_width::UnicodeWidthChar;

use crate::render::sanitise;

/// `text` on one line of at most `width` columns (display width: a CJK character takes two):
/// made safe as [`sanitise::one_line`] makes titles and names (runs of white space, line breaks
/// included, become one space; control characters become `�`; bidirectional overrides a
/// visible `\u{202e}`), and ending with `…` when it does not fit.
pub fn preview(text: &str, width: usize) -> String {
    let width = width.max(1);
    let safe = sanitise::one_line(text);
    let mut out = String::new();
    let mut used = 0;
    for c in safe.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            // Make room for the ellipsis.
            while used + 1 > width {
                match out.pop() {
                    Some(last) => used -= last.width().unwrap_or(0),
                    None => break,
                }
            }
            out.push('…');
            return out;
        }
        out.push(c);
        used += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_collapses_and_long_text_is_cut_by_display_width() {
        assert_eq!(preview("one\n\n  two\tthree", 80), "one two three");
        assert_eq!(preview("abcdefgh", 5), "abcd…");
        assert_eq!(preview("王小明王小明", 7), "王小明…");
        assert_eq!(preview("abc", 3), "abc");
    }

    #[test]
    fn controls_and_bidi_overrides_are_shown_not_obeyed() {
        assert_eq!(
            preview("a\u{1b}[2Jb\u{202e}c\u{0}", 80),
            "a\u{fffd}[2Jb\\u{202e}c\u{fffd}"
        );
    }
}
