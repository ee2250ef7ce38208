//! The one wrapping policy for text output: first-fit wrapping by display width (wide and
//! combining characters measured as a terminal shows them), paragraphs, blank lines and a
//! line's own indentation kept, tabs expanded, and words found as textwrap's Unicode line
//! breaking finds them, only faster.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use crate::render::layout::trimmed;
use crate::render::sanitise;

/// Columns between tab stops when tabs are expanded in text.
pub(crate) const TAB_WIDTH: usize = 4;

/// Expands tabs to the next tab stop, measuring by display width.
fn expand_tabs(line: &str) -> Cow<'_, str> {
    if !line.contains('\t') {
        return Cow::Borrowed(line);
    }
    let mut out = String::new();
    for c in line.chars() {
        if c == '\t' {
            let col = out.width();
            let pad = TAB_WIDTH - col % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Wraps text to `width` columns under an indent of `indent` spaces. Line breaks and blank
/// lines are kept; a line's own leading spaces are kept (up to half the room) and carried to
/// the lines it wraps onto.
pub(super) fn wrap_block(text: &str, width: usize, indent: usize) -> Vec<String> {
    let mut out = Vec::new();
    let cleaned = sanitise::text(text);
    for line in trimmed(&cleaned) {
        let line = expand_tabs(line);
        let body = line.trim_start();
        if body.is_empty() {
            out.push(String::new());
            continue;
        }
        let own = line[..line.len() - body.len()]
            .width()
            .min(width.saturating_sub(indent) / 2);
        let pad = " ".repeat(indent + own);
        wrap_into(&mut out, body, width, &pad, &pad);
    }
    out
}

pub(super) fn wrap_into(out: &mut Vec<String>, text: &str, width: usize, first: &str, rest: &str) {
    let width = width.max(first.len() + 1);
    if text.contains('\n') || (first.is_empty() && text.len() < width) {
        // Several lines, or textwrap's own shortcut for a line that fits: textwrap as it is.
        wrap_textwrap(out, text, width, first, rest);
        return;
    }
    // What textwrap::wrap does with one line and these options (its wrap_single_line_slow_path,
    // whose pieces are public), but finding the words with `find_words` below.
    let first_room = width.saturating_sub(textwrap::core::display_width(first));
    let rest_room = width.saturating_sub(textwrap::core::display_width(rest));
    let mut words = textwrap::core::break_words(find_words(text), rest_room);
    if !first.is_empty() {
        words.insert(0, textwrap::core::Word::from(""));
    }
    let rooms = [first_room, rest_room];
    let lines = textwrap::WrapAlgorithm::FirstFit.wrap(&words, &rooms);
    let mut at = 0;
    for (n, words) in lines.iter().enumerate() {
        let Some(last) = words.last() else {
            out.push(String::new());
            continue;
        };
        let len: usize = words.iter().map(|w| w.len() + w.whitespace.len()).sum();
        let indent = if n == 0 { first } else { rest };
        let body = &text[at..at + len - last.whitespace.len()];
        let mut line = String::with_capacity(indent.len() + body.len() + last.penalty.len());
        line.push_str(indent);
        line.push_str(body);
        line.push_str(last.penalty);
        line.truncate(line.trim_end().len());
        out.push(line);
        at += len;
    }
}

/// Wraps with textwrap: first fit, because optimal fit may let a line run past the width to
/// balance the others.
fn wrap_textwrap(out: &mut Vec<String>, text: &str, width: usize, first: &str, rest: &str) {
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    for piece in textwrap::wrap(text, options) {
        out.push(piece.trim_end().to_string());
    }
}

/// The words of one line exactly as textwrap's Unicode line breaking finds them, found faster.
///
/// Unicode line breaking (UAX #14, through ICU) was most of the time `print` took. The line is
/// cut into chunks at points where a break is certain and nothing before it can change the breaks
/// after it: a run of spaces after a letter, digit or closing mark and before a letter. Chunks
/// of plain prose (see [`plain_words`]) are split after each run of spaces; any other chunk goes
/// to textwrap. The `words_*` tests check the result against textwrap's on the whole line.
fn find_words(text: &str) -> Vec<textwrap::core::Word<'_>> {
    let mut words = Vec::with_capacity(text.len() / 5 + 1);
    if text.ends_with(['-', '\u{AD}']) {
        // textwrap drops the break at the end after a hyphen, and then (taking it to be the end)
        // the last real one: a quirk that spans chunks, so leave such a line to textwrap.
        textwrap_words(&mut words, text);
        return words;
    }
    let mut chunk = 0;
    let mut prev = '\0';
    let mut before_spaces = '\0';
    for (i, c) in text.char_indices() {
        if c == ' ' && prev != ' ' {
            before_spaces = prev;
        }
        if prev == ' '
            && latin_letter(c)
            && (latin_letter(before_spaces)
                || closing(before_spaces)
                || before_spaces.is_ascii_digit())
        {
            add_chunk(&mut words, &text[chunk..i]);
            chunk = i;
        }
        prev = c;
    }
    add_chunk(&mut words, &text[chunk..]);
    words
}

fn add_chunk<'a>(words: &mut Vec<textwrap::core::Word<'a>>, chunk: &'a str) {
    if !plain_words(words, chunk) {
        textwrap_words(words, chunk);
    }
}

/// The words of `text` as textwrap finds them, split at hyphens as textwrap then splits them.
/// (Splitting at hyphens leaves words without one as they are, so the plain words, which have
/// none, skip it.)
fn textwrap_words<'a>(words: &mut Vec<textwrap::core::Word<'a>>, text: &'a str) {
    static HYPHENS: textwrap::WordSplitter = textwrap::WordSplitter::HyphenSplitter;
    let found = textwrap::WordSeparator::UnicodeBreakProperties.find_words(text);
    words.extend(textwrap::word_splitters::split_words(found, &HYPHENS));
}

/// A letter that Unicode line breaking treats like an ASCII letter, one column wide: ASCII,
/// Latin-1 and Latin Extended-A letters.
fn latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{C0}'..='\u{17F}').contains(&c) && c != '\u{D7}' && c != '\u{F7}')
}

/// Closing punctuation, after which Unicode line breaking may allow a break before a letter, a
/// digit or `(` even without a space.
fn closing(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')')
}

/// Adds the words of `chunk` when it is plain prose, where Unicode line breaking allows a break
/// after each run of spaces and nowhere else: letters, digits, spaces, quotes and `(`, and closing
/// marks after a letter, digit, quote or mark and followed by a space, a quote or another closing
/// mark, with no space after `(` and no `(` after a quote or `(` and spaces. Returns false, having added nothing, otherwise.
fn plain_words<'a>(words: &mut Vec<textwrap::core::Word<'a>>, chunk: &'a str) -> bool {
    if chunk.is_empty() || chunk.starts_with(' ') {
        return false;
    }
    let before = words.len();
    let mut prev = '\0';
    let mut before_spaces = '\0';
    let mut start = 0;
    let mut letters_end = 0;
    let mut columns = 0;
    for (i, c) in chunk.char_indices() {
        let fine = match c {
            ' ' => prev != '(',
            '(' => !(prev == ' ' && matches!(before_spaces, '(' | '\'' | '"')),
            c => latin_letter(c) || c.is_ascii_digit() || matches!(c, '\'' | '"') || closing(c),
        } && !(closing(prev) && !(closing(c) || matches!(c, ' ' | '\'' | '"')))
            // No break before a closing mark, even after spaces.
            && !(prev == ' ' && closing(c));
        if !fine {
            words.truncate(before);
            return false;
        }
        if c == ' ' {
            if prev != ' ' {
                before_spaces = prev;
                letters_end = i;
            }
        } else {
            if prev == ' ' {
                words.push(plain_word(chunk, start, letters_end, i, columns));
                start = i;
                columns = 0;
            }
            // Every character allowed here is one column wide.
            columns += 1;
        }
        prev = c;
    }
    if prev != ' ' {
        letters_end = chunk.len();
    }
    words.push(plain_word(chunk, start, letters_end, chunk.len(), columns));
    true
}

/// What `Word::from(&chunk[start..end])` gives, `columns` wide, with spaces from `letters_end`.
fn plain_word(
    chunk: &str,
    start: usize,
    letters_end: usize,
    end: usize,
    columns: usize,
) -> textwrap::core::Word<'_> {
    textwrap::core::Word {
        word: &chunk[start..letters_end],
        whitespace: &chunk[letters_end..end],
        penalty: "",
        width: columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        let lines = wrap_block("漢字漢字漢字漢字漢字漢字", 20, 2);
        for l in &lines {
            assert!(l.width() <= 20, "{l:?} is wider than 20");
        }
        assert!(lines.len() >= 2);
        let accents = "e\u{301}".repeat(18);
        let lines = wrap_block(&accents, 20, 0);
        assert_eq!(lines.len(), 1, "combining accents take no width");
    }

    fn both_ways(text: &str, width: usize, first: &str, rest: &str) -> (Vec<String>, Vec<String>) {
        let mut ours = Vec::new();
        wrap_into(&mut ours, text, width, first, rest);
        let mut theirs = Vec::new();
        wrap_textwrap(&mut theirs, text, width.max(first.len() + 1), first, rest);
        (ours, theirs)
    }

    /// The words textwrap finds in the whole line, split at hyphens.
    fn whole_line_words(text: &str) -> Vec<textwrap::core::Word<'_>> {
        static SPLITTER: textwrap::WordSplitter = textwrap::WordSplitter::HyphenSplitter;
        let found = textwrap::WordSeparator::UnicodeBreakProperties.find_words(text);
        textwrap::word_splitters::split_words(found, &SPLITTER).collect()
    }

    const EXAMPLES: &[&str] = &[
        "We met every fortnight; people (with lived experience) chaired it. Zoë, café, Ångström.",
        "A wordwithoutanyspacesthatislongerthananylinecouldeverbe at twenty columns.",
        "Short.",
        "trailing spaces   ",
        "\"Quoted,\" she said. 'Single' (brackets) end. “Curly” ‘quotes’ and « guillemets ».",
        "x  y   z    w     many     spaces     between     the     words     here",
        "co-production, self-advocacy and a -- dash; 1.5 and 3,000 and a.5 and a.(b) and (c)(d)",
        "東京の地域精神保健チームと一緒に作りました。 Then English again, and 🌱🤝🏽 emoji too.",
        "URLs like https://example.org/a/b?c=d and e-mail jo@example.org; 50% or £5 or $5.",
        "( spaced ) \" ( quoted \" ( and\u{a0}non-breaking\u{a0}spaces.",
    ];

    #[test]
    fn words_match_textwrap_on_examples() {
        for text in EXAMPLES {
            assert_eq!(find_words(text), whole_line_words(text), "{text:?}");
            for width in [20, 21, 33, 60, 80] {
                for (first, rest) in [
                    ("", ""),
                    ("  ", "  "),
                    ("  - ", "    "),
                    ("Name: ", "      "),
                ] {
                    let (ours, theirs) = both_ways(text, width, first, rest);
                    assert_eq!(ours, theirs, "{text:?} at {width} under {first:?}");
                }
            }
        }
    }

    #[test]
    fn plain_prose_is_split_without_textwrap() {
        let mut words = Vec::new();
        assert!(plain_words(
            &mut words,
            "We met (all of us) every week, \"mostly\". Zoë came."
        ));
        assert!(!plain_words(&mut words, "co-production"));
        assert!(!plain_words(&mut words, "漢字"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn words_match_textwrap(
            text in "([a-zA-Z0-9éÅłŉ]{1,8}[ ,.;:!?()'\"“”\\-/%£\u{a0}漢字。、🌱×]{0,3} {0,2}){1,20}",
        ) {
            proptest::prop_assert_eq!(find_words(&text), whole_line_words(&text));
        }

        #[test]
        fn words_match_textwrap_on_prose(
            words in proptest::collection::vec(
                "[('\"“]?[a-zéŉ0-9]{1,12}[,.;:!?()'\"”]{0,2}( |  )", 1..40),
        ) {
            let text = words.concat();
            proptest::prop_assert_eq!(find_words(&text), whole_line_words(&text));
        }

        #[test]
        fn wrapping_matches_textwrap(
            text in "([a-zA-Z0-9éÅ]{1,14}[ ,.;()'\"\\-漢🌱]{0,2} {0,2}){1,20}",
            width in 20usize..50,
            indent in 0usize..6,
            hang in 0usize..6,
        ) {
            let (ours, theirs) = both_ways(&text, width, &" ".repeat(indent), &" ".repeat(hang));
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn keeps_paragraphs_and_indentation() {
        let lines = wrap_block(
            "one\n\n\ntwo\n    indented line that is long enough to wrap",
            24,
            2,
        );
        assert_eq!(lines[0], "  one");
        assert_eq!(lines[1], "");
        assert_eq!(lines[2], "");
        assert_eq!(lines[3], "  two");
        assert!(lines[4].starts_with("      indented"));
        assert!(lines[5].starts_with("      "));
    }
}
