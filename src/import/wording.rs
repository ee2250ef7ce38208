//! The form's own words, taken from the questionnaire, and where they are in a document.
//!
//! The words are the questionnaire's title and intro, each section's title, each question's
//! prompt and help, and the `[word_form]` paragraphs. Prompts and help are split into
//! sentences, so a respondent who writes between two sentences of one box (as the "Outcomes &
//! process" box invites) is still read right. Words are compared after folding case, spacing,
//! quotes and dashes, and only whole words match.
//!
//! A document can hold the form's words in its answers too ("Why was that?"), so the words
//! found are chosen as a whole: the heaviest run (by words matched) that follows the form's
//! order, a weighted longest-increasing-subsequence found in O(n log n). A phrase of fewer than
//! four words counts only where a form puts a label: at the start of a line or cell, after a
//! tab or a wide gap, before a colon, at the end of a line, or straight after the form's
//! previous phrase.

use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;

use aho_corasick::AhoCorasick;

use crate::questionnaire::Questionnaire;

use super::document::Paragraph;
use super::error::ImportError;

/// More matches of the form's words than this, and the document is not a form.
const MAX_CANDIDATES: usize = 200_000;

/// What a phrase of the form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseRole {
    /// The first sentence of the prompt of a question (by its index in questionnaire order).
    Start(usize),
    /// A later sentence of a question's prompt, or a sentence of its help.
    Part(usize),
    /// The title of a section (by index).
    Heading(usize),
    /// The form's words above its first question: its title and introduction.
    Above,
    /// The form's words below its last question.
    Below,
}

#[derive(Debug, Clone)]
struct Phrase {
    role: PhraseRole,
    /// Place in the form's order; phrases above and below the questions share theirs.
    rank: u32,
    words: u32,
}

/// The form's words of one questionnaire, ready to be looked for.
pub struct Wording {
    phrases: Vec<Phrase>,
    automaton: AhoCorasick,
    /// For each pattern of the automaton, the phrases with those words.
    patterns: Vec<Vec<usize>>,
    last_rank: u32,
}

/// A phrase of the form found in a paragraph: the byte range of [`Paragraph::text`] it takes up
/// (with the punctuation after it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub paragraph: usize,
    pub range: Range<usize>,
    pub role: PhraseRole,
}

impl Wording {
    /// The form's words of `q`.
    pub fn of(q: &Questionnaire) -> Wording {
        let mut form = FormPhrases::default();
        form.add(&q.title, PhraseRole::Above, 0);
        for line in q.intro.lines() {
            form.add(line, PhraseRole::Above, 0);
        }
        for text in &q.word_form.above {
            form.add(text, PhraseRole::Above, 0);
        }
        let last_rank = form.add_sections(q) + 1;
        for text in &q.word_form.below {
            form.add(text, PhraseRole::Below, last_rank);
        }
        let (unique, patterns) = distinct_texts(form.texts);
        let automaton = AhoCorasick::new(&unique).expect("the form's phrases make an automaton");
        Wording {
            phrases: form.phrases,
            automaton,
            patterns,
            last_rank,
        }
    }

    /// The form's words in these paragraphs, in document order, chosen as described above.
    ///
    /// Errors: [`ImportError::NotAForm`] when they appear so often (more than 200,000 times)
    /// that the document cannot be a form.
    pub fn find(&self, paragraphs: &[Paragraph]) -> Result<Vec<Found>, ImportError> {
        let mut candidates: Vec<Candidate> = Vec::new();
        for (i, paragraph) in paragraphs.iter().enumerate() {
            let text = paragraph.text();
            let (norm, origin) = normalize_with_origin(&text);
            for m in self.automaton.find_overlapping_iter(&norm) {
                let (start, end) = (m.start(), m.end());
                let before_ok = norm[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = norm[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                if !before_ok || !after_ok {
                    continue;
                }
                let orig_start = origin[start];
                let mut orig_end = origin[end];
                orig_end += text[orig_end..]
                    .chars()
                    .take_while(|c| matches!(c, ':' | '?' | '.' | '!' | ';' | ')'))
                    .map(char::len_utf8)
                    .sum::<usize>();
                let label = is_label(&text, orig_start, origin[end]);
                for &phrase in &self.patterns[m.pattern().as_usize()] {
                    let strong = label || self.phrases[phrase].words >= 4;
                    candidates.push(Candidate {
                        paragraph: i,
                        range: orig_start..orig_end,
                        phrase,
                        strong,
                        joins_at: orig_end
                            + text[orig_end..]
                                .chars()
                                .take_while(|c| c.is_whitespace())
                                .map(char::len_utf8)
                                .sum::<usize>(),
                    });
                }
                if candidates.len() > MAX_CANDIDATES {
                    return Err(ImportError::NotAForm(
                        "it repeats the form's own words more than 200,000 times, which no filled-in form does"
                            .to_string(),
                    ));
                }
            }
        }
        Ok(self.align(candidates))
    }

    /// The heaviest chain of candidates that do not overlap and follow the form's order.
    fn align(&self, mut candidates: Vec<Candidate>) -> Vec<Found> {
        candidates.sort_by_key(|c| (c.paragraph, c.range.start, c.range.end));
        let ending = ending_at(&candidates);
        let mut best = Fenwick::new(self.last_rank as usize + 1);
        let mut score: Vec<Option<u64>> = vec![None; candidates.len()];
        let mut previous: Vec<Option<usize>> = vec![None; candidates.len()];
        // Candidates already scored, waiting to be usable until the next one starts after them.
        let mut waiting: BinaryHeap<std::cmp::Reverse<(u64, usize)>> = BinaryHeap::new();
        for i in 0..candidates.len() {
            let c = &candidates[i];
            let start = position(c.paragraph, c.range.start);
            while let Some(std::cmp::Reverse((end, j))) = waiting.peek().copied() {
                if end > start {
                    break;
                }
                waiting.pop();
                if let Some(s) = score[j] {
                    best.raise(self.phrases[candidates[j].phrase].rank as usize, (s, j));
                }
            }
            if let Some(from) = self.chain_before(&candidates, i, &best, &ending, &score) {
                let words = u64::from(self.phrases[c.phrase].words);
                score[i] = Some(words + from.map_or(0, |(s, _)| s));
                previous[i] = from.map(|(_, j)| j);
                waiting.push(std::cmp::Reverse((position(c.paragraph, c.range.end), i)));
            }
        }
        self.heaviest_chain(&candidates, &score, &previous)
    }

    /// The best chain candidate `i` can follow, as (score, candidate): `Some(None)` when it can
    /// start a chain, `None` when it cannot count at all. A strong candidate follows the best
    /// chain of an earlier rank that ended before it; a short phrase away from a label's place
    /// counts only straight after the form's previous phrase.
    fn chain_before(
        &self,
        candidates: &[Candidate],
        i: usize,
        best: &Fenwick,
        ending: &HashMap<u64, Vec<usize>>,
        score: &[Option<u64>],
    ) -> Option<Option<(u64, usize)>> {
        let c = &candidates[i];
        let phrase = &self.phrases[c.phrase];
        let free = matches!(phrase.role, PhraseRole::Above | PhraseRole::Below);
        if c.strong {
            let upto = if free {
                Some(phrase.rank as usize)
            } else {
                (phrase.rank as usize).checked_sub(1)
            };
            return Some(upto.and_then(|r| best.max(r)));
        }
        let allowed = |rank: u32| rank < phrase.rank || (free && rank == phrase.rank);
        ending
            .get(&position(c.paragraph, c.range.start))
            .into_iter()
            .flatten()
            .filter(|&&j| j < i && allowed(self.phrases[candidates[j].phrase].rank))
            .filter_map(|&j| score[j].map(|s| (s, j)))
            .max()
            .map(Some)
    }

    /// The chain with the highest score (the first such, on a tie), in document order.
    fn heaviest_chain(
        &self,
        candidates: &[Candidate],
        score: &[Option<u64>],
        previous: &[Option<usize>],
    ) -> Vec<Found> {
        let mut at = (0..candidates.len())
            .filter_map(|i| score[i].map(|s| (s, std::cmp::Reverse(i))))
            .max()
            .map(|(_, std::cmp::Reverse(i))| i);
        let mut chain = Vec::new();
        while let Some(i) = at {
            let c = &candidates[i];
            chain.push(Found {
                paragraph: c.paragraph,
                range: c.range.clone(),
                role: self.phrases[c.phrase].role,
            });
            at = previous[i];
        }
        chain.reverse();
        chain
    }
}

/// The form's phrases as they are added, in the form's order: each one's words as looked for,
/// and what it is.
#[derive(Default)]
struct FormPhrases {
    texts: Vec<String>,
    phrases: Vec<Phrase>,
}

impl FormPhrases {
    /// Adds a phrase, unless it has no words to look for.
    fn add(&mut self, text: &str, role: PhraseRole, rank: u32) {
        let norm = normalize_phrase(text);
        if norm.is_empty() {
            return;
        }
        let words = word_count(&norm);
        self.texts.push(norm);
        self.phrases.push(Phrase { role, rank, words });
    }

    /// Adds every section's title (unless its first prompt says the same), and every sentence
    /// of each question's prompt and help, ranked from 1 in the form's order; returns the last
    /// rank given.
    fn add_sections(&mut self, q: &Questionnaire) -> u32 {
        let mut rank = 0;
        let mut index = 0;
        for (s, section) in q.sections.iter().enumerate() {
            let first = section
                .questions
                .first()
                .and_then(|first| sentences(&first.prompt).into_iter().next())
                .map(|first| normalize_phrase(&first));
            if first.as_deref() != Some(normalize_phrase(&section.title).as_str()) {
                rank += 1;
                self.add(&section.title, PhraseRole::Heading(s), rank);
            }
            for question in &section.questions {
                for (n, sentence) in sentences(&question.prompt).iter().enumerate() {
                    rank += 1;
                    let role = if n == 0 {
                        PhraseRole::Start(index)
                    } else {
                        PhraseRole::Part(index)
                    };
                    self.add(sentence, role, rank);
                }
                for sentence in question.help.iter().flat_map(|h| sentences(h)) {
                    rank += 1;
                    self.add(&sentence, PhraseRole::Part(index), rank);
                }
                index += 1;
            }
        }
        rank
    }
}

/// Each different text once (the patterns to look for), and for each, the phrases with it.
fn distinct_texts(texts: Vec<String>) -> (Vec<String>, Vec<Vec<usize>>) {
    let mut unique: Vec<String> = Vec::new();
    let mut patterns: Vec<Vec<usize>> = Vec::new();
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for (i, text) in texts.into_iter().enumerate() {
        match by_text.get(&text) {
            Some(&p) => patterns[p].push(i),
            None => {
                by_text.insert(text.clone(), unique.len());
                unique.push(text);
                patterns.push(vec![i]);
            }
        }
    }
    (unique, patterns)
}

/// A place in the document, ordered: a paragraph and a byte in its text.
fn position(paragraph: usize, at: usize) -> u64 {
    ((paragraph as u64) << 32) | at as u64
}

/// The candidates (by index) after which a phrase would follow straight on, by where it would
/// start.
fn ending_at(candidates: &[Candidate]) -> HashMap<u64, Vec<usize>> {
    let mut ending: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        ending
            .entry(position(c.paragraph, c.joins_at))
            .or_default()
            .push(i);
    }
    ending
}

#[derive(Debug)]
struct Candidate {
    paragraph: usize,
    range: Range<usize>,
    phrase: usize,
    strong: bool,
    /// Where a phrase following this one straight after (past spaces) would start.
    joins_at: usize,
}

/// A Fenwick tree of the best (score, candidate) up to each rank.
struct Fenwick {
    tree: Vec<Option<(u64, usize)>>,
}

impl Fenwick {
    fn new(size: usize) -> Fenwick {
        Fenwick {
            tree: vec![None; size + 1],
        }
    }

    fn raise(&mut self, rank: usize, value: (u64, usize)) {
        let mut i = rank + 1;
        while i < self.tree.len() {
            if self.tree[i].is_none_or(|t| t < value) {
                self.tree[i] = Some(value);
            }
            i += i & i.wrapping_neg();
        }
    }

    /// The best at any rank up to and including `rank`.
    fn max(&self, rank: usize) -> Option<(u64, usize)> {
        let mut i = (rank + 1).min(self.tree.len() - 1);
        let mut out = None;
        while i > 0 {
            if self.tree[i] > out {
                out = self.tree[i];
            }
            i -= i & i.wrapping_neg();
        }
        out
    }
}

/// Whether the words at `start..end` of a line stand where a form puts a label.
fn is_label(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    let at_start = !before.chars().any(char::is_alphanumeric);
    let after_gap = before.ends_with('\t')
        || before
            .chars()
            .rev()
            .take(2)
            .filter(|c| c.is_whitespace())
            .count()
            == 2;
    let before_colon = after.trim_start_matches([' ', '\u{a0}']).starts_with(':');
    let at_end = !after.chars().any(char::is_alphanumeric);
    at_start || after_gap || before_colon || at_end
}

/// Splits a prompt or help text into sentences: after `.`, `?` or `!` followed by a space, and
/// at line breaks.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            current.push(c);
            if matches!(c, '.' | '?' | '!') && chars.peek().is_some_and(|n| n.is_whitespace()) {
                out.push(std::mem::take(&mut current));
            }
        }
        out.push(current);
    }
    out.retain(|s| s.chars().any(char::is_alphanumeric));
    out
}

/// A phrase's words as looked for: folded, trimmed of bullets and punctuation at the ends
/// (brackets kept).
fn normalize_phrase(text: &str) -> String {
    let (norm, _) = normalize_with_origin(text);
    norm.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(')
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')')
        .to_string()
}

fn word_count(norm: &str) -> u32 {
    norm.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count() as u32
}

/// Text folded for comparing (lowercase; any run of spaces one space; curly quotes straight;
/// dashes `-`; soft hyphens and zero-width characters gone), with, for every byte of the
/// folded text and one past its end, where it came from in `text`.
pub fn normalize_with_origin(text: &str) -> (String, Vec<usize>) {
    let mut norm = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let push = |norm: &mut String, origin: &mut Vec<usize>, c: char, from: usize| {
        norm.push(c);
        origin.extend(std::iter::repeat_n(from, c.len_utf8()));
    };
    for (at, c) in text.char_indices() {
        match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            c if c.is_whitespace() => {
                if !norm.is_empty() && !norm.ends_with(' ') {
                    push(&mut norm, &mut origin, ' ', at);
                }
            }
            '‘' | '’' | '‚' | '‛' | '′' => push(&mut norm, &mut origin, '\'', at),
            '“' | '”' | '„' | '‟' | '″' => push(&mut norm, &mut origin, '"', at),
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => {
                push(&mut norm, &mut origin, '-', at)
            }
            c => {
                for l in c.to_lowercase() {
                    push(&mut norm, &mut origin, l, at);
                }
            }
        }
    }
    origin.push(text.len());
    (norm, origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::{Marks, Place};

    fn paragraphs(lines: &[&str]) -> Vec<Paragraph> {
        lines
            .iter()
            .map(|l| {
                let mut p = Paragraph::new(Place::Body);
                p.push(l, Marks::default());
                p
            })
            .collect()
    }

    fn found(q: &Questionnaire, lines: &[&str]) -> Vec<(usize, String, PhraseRole)> {
        let ps = paragraphs(lines);
        Wording::of(q)
            .find(&ps)
            .unwrap()
            .into_iter()
            .map(|f| {
                (
                    f.paragraph,
                    ps[f.paragraph].text()[f.range].to_string(),
                    f.role,
                )
            })
            .collect()
    }

    fn index_of(q: &Questionnaire, id: &str) -> usize {
        q.questions().position(|(_, x)| x.id == id).unwrap()
    }

    #[test]
    fn sentences_split_after_stops_and_at_line_breaks() {
        assert_eq!(
            sentences("Were there any? Why was that?\nNext line. e.g.x"),
            ["Were there any?", " Why was that?", "Next line.", " e.g.x"]
        );
    }

    #[test]
    fn folding_keeps_where_each_byte_came_from() {
        let (norm, origin) = normalize_with_origin("Zoë’s  \u{a0}Café—X");
        assert_eq!(norm, "zoë's café-x");
        assert_eq!(origin.len(), norm.len() + 1);
        assert_eq!(&"Zoë’s  \u{a0}Café—X"[origin[7]..], "Café—X");
    }

    #[test]
    fn labels_on_one_line_and_a_prompt_with_its_answer() {
        let q = Questionnaire::embedded();
        let got = found(
            &q,
            &[
                "Name: Jo Bloggs          Organisation:   Mind Bath",
                "Email Address: jo@example.org   Contact Number: 01225 789135",
                "May we contact in future with further information?    Y/N",
            ],
        );
        let roles: Vec<PhraseRole> = got.iter().map(|g| g.2).collect();
        assert_eq!(
            roles,
            ["name", "organisation", "email", "phone", "future_contact"]
                .map(|id| PhraseRole::Start(index_of(&q, id)))
        );
        assert_eq!(got[0].1, "Name:");
        assert_eq!(got[1].1, "Organisation:");
    }

    #[test]
    fn the_forms_words_inside_an_answer_do_not_break_the_order() {
        let q = Questionnaire::embedded();
        let got = found(
            &q,
            &[
                "Name: Jo",
                "Type or nature of activity:",
                "A peer group. Please add any further comments. Why was that? Name: none.",
                "Who Initiated and/or led the activity?",
                "Please add any further comments.",
            ],
        );
        let paras: Vec<usize> = got.iter().map(|g| g.0).collect();
        assert_eq!(paras, [0, 1, 3, 4], "{got:?}");
    }

    #[test]
    fn a_short_sentence_counts_straight_after_the_one_before() {
        let q = Questionnaire::embedded();
        let line = "Were all the right people together from the outset? If not, what was done to ensure they were? Was there an explicit recognition of the knowledge, expertise, assets, strengths and contribution of everyone involved? (Please give examples).  If it arose, what";
        let got = found(&q, &[line]);
        assert!(
            got.iter().any(|g| g.1 == "(Please give examples)."),
            "{got:?}"
        );
        // The same short sentence inside an answer is the respondent's, not the form's.
        let answer = "Were there any challenges & barriers that could not be overcome? I asked why was that? nobody knew";
        let got = found(&q, &[answer]);
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn only_whole_words_match() {
        let q = Questionnaire::embedded();
        let got = found(&q, &["Surname: Jo"]);
        assert!(got.is_empty(), "{got:?}");
    }
}
