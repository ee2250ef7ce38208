//! An answer on one line, for the review: what the respondent wrote, shown safely and cut to
//! fit.

use unicode_width::UnicodeWidthChar;

/// `text` on one line of at most `width` columns (display width: a CJK character takes two):
/// runs of white space (line breaks included) become one space, characters that would act on
/// the terminal instead of showing (C0 and C1 controls, DEL, bidirectional overrides and
/// isolates) become U+FFFD, and a text that does not fit ends with `…`.
pub fn preview(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut out = String::new();
    let mut used = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        let c = if shows_as_itself(c) { c } else { '\u{fffd}' };
        let w = c.width().unwrap_or(0);
        let space = usize::from(pending_space);
        if used + space + w > width {
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
        if pending_space {
            out.push(' ');
            used += 1;
            pending_space = false;
        }
        out.push(c);
        used += w;
    }
    out
}

/// Whether a character shows as itself on a terminal rather than acting on it.
pub fn shows_as_itself(c: char) -> bool {
    !(c.is_control()
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c))
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
            "a\u{fffd}[2Jb\u{fffd}c\u{fffd}"
        );
    }
}
