//! Reading a yes/no answer from a Word form, consent above all: only when it is unambiguous.
//!
//! The form prints `Y/N` beside the question. An answer is taken when the respondent left one
//! clear sign (issue 16, item 4):
//! - wrote `Y`, `N`, `Yes` or `No` (any case) alone, or beside the printed `Y/N`;
//! - left only one of the letters (the other deleted, with or without tracked changes);
//! - struck one letter through (the other is the answer);
//! - marked one letter and not the other: bold, highlighted or shaded, or circled (a border
//!   around it, or an enclosed letter such as Ⓨ).
//!
//! Anything else is not an answer: both letters marked, marks that disagree, other words
//! ("yes but only by email"), a tick or cross that does not say which letter, or a shape drawn
//! on the line (a drawn oval's place on the page cannot be tied to a letter without laying the
//! page out). Then the question stays unanswered, the text is kept, and the report says why.
//! The untouched `Y/N` is simply not answered. Never guess.

use std::ops::Range;

use super::document::{Marks, Paragraph};

/// What a yes/no question's space on the form says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YesNoReading {
    /// Nothing written or marked (the printed `Y/N` as it was, or nothing at all).
    Blank,
    /// A clear answer, and how the respondent gave it.
    Clear { answer: bool, how: String },
    /// Not clear, and why.
    Unclear { why: String },
}

/// Reads the text a yes/no question holds on the form: the pieces of paragraphs after its
/// prompt (`fragments`, byte ranges of [`Paragraph::text`]).
pub fn read(fragments: &[(&Paragraph, Range<usize>)]) -> YesNoReading {
    let (chars, drawing) = characters(fragments);
    let printed = printed_letters(&chars);
    let (words, signs) = words_and_signs(&chars, printed.as_ref());
    let written = match written_answer(&words) {
        Ok(written) => written,
        Err(unclear) => return unclear,
    };
    if !signs.is_empty() {
        let signs: String = signs.into_iter().collect();
        return YesNoReading::Unclear {
            why: format!("the mark \"{signs}\" does not say whether it means yes or no"),
        };
    }
    match printed {
        None => without_printed_letters(written, words.first(), drawing),
        Some(p) => {
            let written = written.map(|answer| (answer, words[0].0.as_str()));
            beside_printed_letters(&p, written, drawing)
        }
    }
}

/// A word written in the space, with the marks of each of its letters.
type Word = (String, Vec<Marks>);

/// The characters of the fragments as left (deleted text left out), with their marks, a line
/// end after each; and whether a drawing is anchored in any of their paragraphs.
fn characters(fragments: &[(&Paragraph, Range<usize>)]) -> (Vec<(char, Marks)>, bool) {
    let mut chars: Vec<(char, Marks)> = Vec::new();
    let mut drawing = false;
    for (paragraph, range) in fragments {
        drawing |= paragraph.has_drawing;
        for (start, span) in paragraph.spans_at() {
            if span.marks.deleted {
                continue;
            }
            for (offset, c) in span.text.char_indices() {
                let at = start + offset;
                if range.contains(&at) {
                    chars.push(enclosed(c, span.marks));
                }
            }
        }
        chars.push(('\n', Marks::default()));
    }
    (chars, drawing)
}

/// The words written around the printed `Y/N` (which is not one), and the signs (ticks,
/// crosses, anything but white space and plain punctuation).
fn words_and_signs(chars: &[(char, Marks)], printed: Option<&Printed>) -> (Vec<Word>, Vec<char>) {
    let is_printed = |i: usize| printed.is_some_and(|p| p.range.contains(&i));
    let mut words: Vec<Word> = Vec::new();
    let mut signs: Vec<char> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_printed(i) {
            i += 1;
            continue;
        }
        let (c, _) = chars[i];
        if c.is_alphanumeric() {
            let mut word = String::new();
            let mut marks = Vec::new();
            while i < chars.len() && chars[i].0.is_alphanumeric() && !is_printed(i) {
                word.push(chars[i].0);
                marks.push(chars[i].1);
                i += 1;
            }
            words.push((word, marks));
            continue;
        }
        if !c.is_whitespace() && !matches!(c, '/' | '.' | ',' | ';' | ':' | '-' | '(' | ')') {
            signs.push(c);
        }
        i += 1;
    }
    (words, signs)
}

/// The answer the words say: none for no words, yes or no for one plain `Y`, `Yes`, `N` or
/// `No`; any other words are not a clear answer.
fn written_answer(words: &[Word]) -> Result<Option<bool>, YesNoReading> {
    match words {
        [] => Ok(None),
        [(w, _)] if w.eq_ignore_ascii_case("y") || w.eq_ignore_ascii_case("yes") => Ok(Some(true)),
        [(w, _)] if w.eq_ignore_ascii_case("n") || w.eq_ignore_ascii_case("no") => Ok(Some(false)),
        _ => {
            let text: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
            Err(YesNoReading::Unclear {
                why: format!("the words \"{}\" are not a plain yes or no", text.join(" ")),
            })
        }
    }
}

/// The reading where the printed `Y/N` is gone: what is written (`first` word) is the answer,
/// unless it is struck through; with nothing written, a drawing there is not clear.
fn without_printed_letters(
    written: Option<bool>,
    first: Option<&Word>,
    drawing: bool,
) -> YesNoReading {
    match (written, first) {
        (None, _) if drawing => YesNoReading::Unclear {
            why: "a shape is drawn there and nothing is written".to_string(),
        },
        (None, _) => YesNoReading::Blank,
        (Some(_), Some((w, marks))) if marks.iter().any(|m| m.struck) => YesNoReading::Unclear {
            why: format!("the only answer left, \"{w}\", is struck through"),
        },
        (Some(answer), Some((w, _))) => {
            let how = if w.len() == 1 {
                format!("only {} is left", if answer { "Y" } else { "N" })
            } else {
                format!("\"{w}\" is written")
            };
            YesNoReading::Clear { answer, how }
        }
        (Some(_), None) => unreachable!("a written answer is a word"),
    }
}

/// The reading beside the printed `Y/N`: every sign for yes (a written yes, a marked `Y`, a
/// struck `N`) and for no; clear when all the signs agree.
fn beside_printed_letters(
    p: &Printed,
    written: Option<(bool, &str)>,
    drawing: bool,
) -> YesNoReading {
    let mut yes: Vec<String> = Vec::new();
    let mut no: Vec<String> = Vec::new();
    if let Some((answer, w)) = written {
        let v = if answer { &mut yes } else { &mut no };
        v.push(format!("\"{w}\" is written beside Y/N"));
    }
    for (what, y, n) in [
        ("in bold", p.y.bold, p.n.bold),
        ("highlighted", p.y.highlighted, p.n.highlighted),
        ("circled", p.y.circled, p.n.circled),
    ] {
        if y && !n {
            yes.push(format!("Y is {what}"));
        }
        if n && !y {
            no.push(format!("N is {what}"));
        }
    }
    if p.y.struck && !p.n.struck {
        no.push("Y is struck through".to_string());
    }
    if p.n.struck && !p.y.struck {
        yes.push("N is struck through".to_string());
    }
    verdict(&yes, &no, p, drawing)
}

/// Yes or no when the signs are all on one side; otherwise why not.
fn verdict(yes: &[String], no: &[String], p: &Printed, drawing: bool) -> YesNoReading {
    match (yes.is_empty(), no.is_empty()) {
        (false, true) => YesNoReading::Clear {
            answer: true,
            how: yes.join(", "),
        },
        (true, false) => YesNoReading::Clear {
            answer: false,
            how: no.join(", "),
        },
        (false, false) => YesNoReading::Unclear {
            why: format!(
                "the marks disagree ({}; but {})",
                yes.join(", "),
                no.join(", ")
            ),
        },
        (true, true) if p.y.struck && p.n.struck => YesNoReading::Unclear {
            why: "both Y and N are struck through".to_string(),
        },
        (true, true) if drawing => YesNoReading::Unclear {
            why: "a shape is drawn on the line, and which letter it circles cannot be read from the file"
                .to_string(),
        },
        (true, true) if p.y != p.n => YesNoReading::Unclear {
            why: "Y and N are formatted differently, but not by bold, highlighting, a circle or striking through".to_string(),
        },
        (true, true) => YesNoReading::Blank,
    }
}

/// The printed `Y/N`: where it is among the characters and how each letter is marked.
struct Printed {
    range: Range<usize>,
    y: Marks,
    n: Marks,
}

/// Finds `Y/N` (spaces allowed around the slash), each letter standing alone.
fn printed_letters(chars: &[(char, Marks)]) -> Option<Printed> {
    let alone = |i: usize| {
        let before = i.checked_sub(1).map(|b| chars[b].0);
        let after = chars.get(i + 1).map(|a| a.0);
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    for y in 0..chars.len() {
        if !matches!(chars[y].0, 'Y' | 'y') || !alone(y) {
            continue;
        }
        let mut i = y + 1;
        while i < chars.len() && chars[i].0 == ' ' {
            i += 1;
        }
        if chars.get(i).map(|c| c.0) != Some('/') {
            continue;
        }
        i += 1;
        while i < chars.len() && chars[i].0 == ' ' {
            i += 1;
        }
        if i < chars.len() && matches!(chars[i].0, 'N' | 'n') && alone(i) {
            return Some(Printed {
                range: y..i + 1,
                y: chars[y].1,
                n: chars[i].1,
            });
        }
    }
    None
}

/// An enclosed letter (Ⓨ, ⓨ, Ⓝ, ⓝ) is the letter, circled.
fn enclosed(c: char, marks: Marks) -> (char, Marks) {
    let circled = Marks {
        circled: true,
        ..marks
    };
    match c {
        'Ⓨ' => ('Y', circled),
        'ⓨ' => ('y', circled),
        'Ⓝ' => ('N', circled),
        'ⓝ' => ('n', circled),
        c => (c, marks),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::Place;

    const PLAIN: Marks = Marks {
        bold: false,
        highlighted: false,
        circled: false,
        struck: false,
        deleted: false,
    };

    fn para(spans: &[(&str, Marks)]) -> Paragraph {
        let mut p = Paragraph::new(Place::Body);
        for (t, m) in spans {
            p.push(t, *m);
        }
        p
    }

    fn reading(spans: &[(&str, Marks)]) -> YesNoReading {
        let p = para(spans);
        let len = p.text().len();
        read(&[(&p, 0..len)])
    }

    fn answer(spans: &[(&str, Marks)]) -> Option<bool> {
        match reading(spans) {
            YesNoReading::Clear { answer, .. } => Some(answer),
            _ => None,
        }
    }

    fn with(f: impl Fn(&mut Marks)) -> Marks {
        let mut m = PLAIN;
        f(&mut m);
        m
    }

    #[test]
    fn written_answers() {
        for yes in ["Y", "y", "Yes", "YES", "  yes. ", "Y/"] {
            assert_eq!(answer(&[(yes, PLAIN)]), Some(true), "{yes}");
        }
        for no in ["N", "No", "no", "/N"] {
            assert_eq!(answer(&[(no, PLAIN)]), Some(false), "{no}");
        }
        assert_eq!(answer(&[("Y/N  Yes", PLAIN)]), Some(true));
        assert_eq!(answer(&[("N  Y / N", PLAIN)]), Some(false));
    }

    #[test]
    fn marks_on_one_letter() {
        let bold = with(|m| m.bold = true);
        let struck = with(|m| m.struck = true);
        let lit = with(|m| m.highlighted = true);
        let ring = with(|m| m.circled = true);
        assert_eq!(answer(&[("Y", bold), ("/N", PLAIN)]), Some(true));
        assert_eq!(answer(&[("Y/", PLAIN), ("N", lit)]), Some(false));
        assert_eq!(answer(&[("Y", struck), ("/N", PLAIN)]), Some(false));
        assert_eq!(answer(&[("Y/", PLAIN), ("N", struck)]), Some(true));
        assert_eq!(answer(&[("Y", ring), ("/N", PLAIN)]), Some(true));
        assert_eq!(answer(&[("Ⓨ/N", PLAIN)]), Some(true));
        assert_eq!(
            answer(&[("Y", bold), ("/", PLAIN), ("N", struck)]),
            Some(true)
        );
        let deleted = with(|m| m.deleted = true);
        assert_eq!(answer(&[("Y/", PLAIN), ("N", deleted)]), Some(true));
    }

    #[test]
    fn anything_else_is_not_an_answer() {
        let bold = with(|m| m.bold = true);
        let struck = with(|m| m.struck = true);
        let italic_like = with(|m| m.circled = false);
        for spans in [
            vec![("Y/N", bold)],
            vec![("Y", bold), ("/", PLAIN), ("N", bold)],
            vec![("Y", struck), ("/", PLAIN), ("N", struck)],
            vec![("Y", bold), ("/N", PLAIN), (" no", PLAIN)],
            vec![("Yes but only by email", PLAIN)],
            vec![("Y/N ✓", PLAIN)],
            vec![("Y/N X", PLAIN)],
            vec![("Y", struck)],
            vec![("Yes No", PLAIN)],
        ] {
            assert_eq!(answer(&spans), None, "{spans:?}");
        }
        assert_eq!(reading(&[("Y/N", italic_like)]), YesNoReading::Blank);
        assert_eq!(
            reading(&[("Y/N", bold)]),
            YesNoReading::Blank,
            "both bold as printed"
        );
        assert_eq!(reading(&[("", PLAIN)]), YesNoReading::Blank);
        assert!(matches!(
            reading(&[("Y", bold), ("/N", PLAIN), (" no", PLAIN)]),
            YesNoReading::Unclear { why } if why.contains("disagree")
        ));
    }

    #[test]
    fn a_drawn_shape_on_an_unmarked_line_is_unclear() {
        let mut p = para(&[("Y/N", PLAIN)]);
        p.has_drawing = true;
        assert!(
            matches!(read(&[(&p, 0..3)]), YesNoReading::Unclear { why } if why.contains("shape"))
        );
        let mut p = para(&[("N", PLAIN)]);
        p.has_drawing = true;
        assert!(matches!(
            read(&[(&p, 0..1)]),
            YesNoReading::Clear { answer: false, .. }
        ));
    }

    #[test]
    fn says_how_the_answer_was_given() {
        let struck = with(|m| m.struck = true);
        assert_eq!(
            reading(&[("Y/", PLAIN), ("N", struck)]),
            YesNoReading::Clear {
                answer: true,
                how: "N is struck through".into()
            }
        );
        assert_eq!(
            reading(&[("Y", PLAIN)]),
            YesNoReading::Clear {
                answer: true,
                how: "only Y is left".into()
            }
        );
    }
}
