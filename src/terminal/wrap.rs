//! Prose wrapped to the terminal's width: paragraphs kept, an indented line's continuation
//! indented a little further, words never split at a hyphen (file names and commands have
//! them), widths measured as the terminal draws them (a CJK character takes two columns).

/// `text` as lines of at most `width` columns. A blank line stays a blank line. A word longer
/// than the width is broken, so nothing ever runs past the edge.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        if paragraph.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        let indent = &paragraph[..paragraph.len() - paragraph.trim_start().len()];
        let hanging = if indent.is_empty() {
            String::new()
        } else {
            format!("{indent}  ")
        };
        let options = textwrap::Options::new(width)
            .subsequent_indent(&hanging)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(true);
        out.extend(
            textwrap::wrap(paragraph, options)
                .into_iter()
                .map(|l| l.into_owned()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn lines_fit_and_paragraphs_stay() {
        let text = "Send it to ndti-response-jo-bloggs-2026-11-28.json by post.\n\n  An indented line that goes on and on";
        for width in [10, 20, 40] {
            let lines = wrap(text, width);
            assert!(lines.iter().all(|l| l.width() <= width), "{lines:?}");
            assert!(lines.contains(&String::new()), "the blank line stays");
        }
        assert_eq!(wrap("王小明王小明", 5), ["王小", "明王", "小明"]);
    }
}
