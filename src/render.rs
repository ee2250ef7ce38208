//! A response as readable text, Markdown or printable HTML.
//!
//! Pure functions from a [`Response`] to a string: no files, no terminal. Everything needed comes
//! from the response file itself, so printing never needs `questions.toml`.
//!
//! All user text (and question text, which also comes from the file) is cleaned of control
//! characters first, so a response cannot move the cursor or change colours in a terminal, and
//! is then escaped for the output format, so it cannot add headings, links or scripts.

use std::borrow::Cow;

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::answer::AnswerValue;
use crate::questionnaire::{KindName, Role};
use crate::response::{AnswerEntry, Response};

/// The heading of the last part, holding answers kept from an earlier questionnaire version.
pub const RETIRED_HEADING: &str = "Answers to questions no longer asked";
/// What an unanswered question shows.
pub const NOT_ANSWERED: &str = "(not answered)";
/// The label of the consent line when the response has no consent question.
const CONSENT_LABEL: &str = "May we contact in future with further information?";
/// How far answers are indented under their question in text.
const ANSWER_INDENT: usize = 2;
/// Columns between tab stops when tabs are expanded in text.
const TAB_WIDTH: usize = 4;

/// The parts of a response in the order the paper template shows them.
struct Layout<'a> {
    title: &'a str,
    organisation: &'a str,
    /// Name, organisation, email and phone, as label and answer.
    contact: Vec<(&'a str, Option<String>)>,
    consent_label: &'a str,
    consent: bool,
    respondent_type: Option<&'a AnswerEntry>,
    sections: Vec<(&'a str, Vec<&'a AnswerEntry>)>,
    retired: Vec<&'a AnswerEntry>,
    response: &'a Response,
}

impl<'a> Layout<'a> {
    fn of(response: &'a Response) -> Layout<'a> {
        let current = |role: Role| {
            response
                .answers
                .values()
                .find(|e| !e.retired && e.role == Some(role))
        };
        let mut shown_above: Vec<*const AnswerEntry> = Vec::new();
        let mut contact = Vec::new();
        for role in [Role::Name, Role::Organisation, Role::Email, Role::Phone] {
            if let Some(entry) = current(role) {
                shown_above.push(entry);
                contact.push((
                    entry.question.as_str(),
                    entry.given().map(|a| one_line(&a.to_text())),
                ));
            }
        }
        let consent_entry = current(Role::Consent);
        let consent = match consent_entry.and_then(|e| e.answer.as_ref()) {
            Some(AnswerValue::YesNo(b)) => *b,
            _ => response.consent_to_future_contact,
        };
        if let Some(e) = consent_entry {
            shown_above.push(e);
        }
        let respondent_type = current(Role::RespondentType);
        if let Some(e) = respondent_type {
            shown_above.push(e);
        }
        let mut sections: Vec<(&str, Vec<&AnswerEntry>)> = Vec::new();
        let mut retired = Vec::new();
        for entry in response.answers.values() {
            if entry.retired {
                retired.push(entry);
                continue;
            }
            if shown_above.contains(&(entry as *const AnswerEntry)) {
                continue;
            }
            match sections.iter_mut().find(|(t, _)| *t == entry.section) {
                Some((_, list)) => list.push(entry),
                None => sections.push((entry.section.as_str(), vec![entry])),
            }
        }
        Layout {
            title: &response.questionnaire.title,
            organisation: &response.questionnaire.organisation,
            contact,
            consent_label: consent_entry.map_or(CONSENT_LABEL, |e| e.question.as_str()),
            consent,
            respondent_type,
            sections,
            retired,
            response,
        }
    }

    fn consent_yn(&self) -> &'static str {
        if self.consent { "Y" } else { "N" }
    }

    /// The sections to show, the retired answers last under their own heading.
    fn all_sections(&self) -> Vec<(&'a str, Vec<&'a AnswerEntry>)> {
        let mut out = self.sections.clone();
        if !self.retired.is_empty() {
            out.push((RETIRED_HEADING, self.retired.clone()));
        }
        out
    }

    /// Who wrote the response, for the HTML page title.
    fn who(&self) -> Option<String> {
        let name = self.response.text_of(Role::Name).map(|s| one_line(&s));
        let org = self
            .response
            .text_of(Role::Organisation)
            .map(|s| one_line(&s));
        match (name, org) {
            (Some(n), Some(o)) => Some(format!("{n}, {o}")),
            (n, o) => n.or(o),
        }
    }

    fn footer_facts(&self) -> Vec<(&'static str, String)> {
        let r = self.response;
        vec![
            ("Response id", r.response_id.to_string()),
            ("Started", clean(&r.started_at)),
            ("Completed", clean(&r.completed_at)),
            (
                "Questionnaire",
                clean(&format!(
                    "{} version {}",
                    r.questionnaire.id, r.questionnaire.version
                )),
            ),
            (
                "Written by",
                clean(&format!("{} {}", r.generator.name, r.generator.version)),
            ),
        ]
    }
}

/// Text with control characters made harmless: line endings become `\n`, tabs stay, and any
/// other control character (escape sequences included) becomes U+FFFD.
pub fn clean(text: &str) -> String {
    cleaned(text).into_owned()
}

/// Whether the text holds a control character other than `\n` and `\t`, scanning bytes: the
/// controls are ASCII below space, DEL, and U+0080-U+009F, which UTF-8 writes as `C2 80`-`C2 9F`.
fn has_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && b != b'\n' && b != b'\t')
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })
}

/// [`clean`], borrowing the text when (as almost always) there is nothing to change.
fn cleaned(text: &str) -> Cow<'_, str> {
    if !has_control(text) {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n");
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\r' => '\n',
                '\n' | '\t' => c,
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// Cleaned text on one line: any run of whitespace holding a line break becomes one space.
fn one_line(text: &str) -> String {
    clean(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Answer text without blank lines before or after it.
fn trimmed_lines(text: &str) -> Vec<String> {
    trimmed(&cleaned(text))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The lines of cleaned text, without trailing spaces, and without blank lines before or after.
fn trimmed(cleaned: &str) -> Vec<&str> {
    let lines: Vec<&str> = cleaned.split('\n').collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].iter().map(|l| l.trim_end()).collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Text

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
fn wrap_block(text: &str, width: usize, indent: usize) -> Vec<String> {
    let mut out = Vec::new();
    let cleaned = cleaned(text);
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

fn wrap_into(out: &mut Vec<String>, text: &str, width: usize, first: &str, rest: &str) {
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

/// A heading underlined to its own width.
fn underlined(out: &mut Vec<String>, heading: &str, mark: char, width: usize) {
    let mut lines = Vec::new();
    wrap_into(&mut lines, &one_line(heading), width, "", "");
    let longest = lines.iter().map(|l| l.width()).max().unwrap_or(0);
    out.extend(lines);
    out.push(mark.to_string().repeat(longest.clamp(1, width)));
}

fn text_answer(out: &mut Vec<String>, entry: &AnswerEntry, width: usize) {
    let pad = " ".repeat(ANSWER_INDENT);
    match entry.given() {
        None => out.push(format!("{pad}{NOT_ANSWERED}")),
        Some(AnswerValue::Selection(s)) => {
            let bullet = format!("{pad}- ");
            let hang = " ".repeat(ANSWER_INDENT + 2);
            for label in s.labels() {
                wrap_into(out, &one_line(&label), width, &bullet, &hang);
            }
        }
        Some(value) => out.extend(wrap_block(&value.to_text(), width, ANSWER_INDENT)),
    }
}

fn text_question(out: &mut Vec<String>, entry: &AnswerEntry, width: usize) {
    wrap_into(out, &one_line(&entry.question), width, "", "");
    if let Some(help) = entry.help.as_deref().filter(|h| !h.trim().is_empty()) {
        wrap_into(out, &format!("({})", one_line(help)), width, "", "");
    }
    text_answer(out, entry, width);
}

/// Each question with its answer as text, in order. Answers are independent, so a long response
/// is shared out across the cores in runs of about equal length; a short one is done in place.
fn questions_in_parallel(entries: &[&AnswerEntry], width: usize) -> Vec<Vec<String>> {
    let render = |entry: &AnswerEntry| {
        let mut lines = Vec::new();
        text_question(&mut lines, entry, width);
        lines
    };
    let size = |e: &&AnswerEntry| {
        e.answer.as_ref().map_or(0, |a| match a {
            AnswerValue::Text(t) => t.len(),
            _ => 64,
        })
    };
    let total: usize = entries.iter().map(size).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || total < 256 * 1024 {
        return entries.iter().map(|e| render(e)).collect();
    }
    // Contiguous runs of about total / threads bytes each.
    let mut runs: Vec<&[&AnswerEntry]> = Vec::new();
    let (mut start, mut acc) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        acc += size(e);
        if acc >= total / threads && runs.len() + 1 < threads {
            runs.push(&entries[start..=i]);
            (start, acc) = (i + 1, 0);
        }
    }
    runs.push(&entries[start..]);
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|run| scope.spawn(move || run.iter().map(|e| render(e)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The response as plain text laid out like the paper template, wrapped to `width` columns
/// (measured by display width, so wide and combining characters line up).
pub fn text(response: &Response, width: usize) -> String {
    let width = width.max(20);
    let layout = Layout::of(response);
    let mut out: Vec<String> = Vec::new();
    underlined(&mut out, layout.title, '=', width);
    if !layout.organisation.trim().is_empty() {
        wrap_into(&mut out, &one_line(layout.organisation), width, "", "");
    }
    out.push(String::new());

    // The contact block: labels in a column when they leave room for the answers.
    let labels: Vec<String> = layout
        .contact
        .iter()
        .map(|(label, _)| format!("{}:", one_line(label).trim_end_matches(':')))
        .collect();
    let column = labels.iter().map(|l| l.width() + 1).max().unwrap_or(0);
    for ((_, value), label) in layout.contact.iter().zip(&labels) {
        let value = value.as_deref().unwrap_or(NOT_ANSWERED);
        if column <= width / 2 {
            let first = format!("{label}{}", " ".repeat(column - label.width()));
            wrap_into(&mut out, value, width, &first, &" ".repeat(column));
        } else {
            wrap_into(&mut out, label, width, "", "");
            wrap_into(&mut out, value, width, "  ", "  ");
        }
    }
    let consent = format!("{} {}", one_line(layout.consent_label), layout.consent_yn());
    wrap_into(&mut out, &consent, width, "", "");
    if let Some(entry) = layout.respondent_type {
        out.push(String::new());
        text_question(&mut out, entry, width);
    }

    let sections = layout.all_sections();
    let entries: Vec<&AnswerEntry> = sections
        .iter()
        .flat_map(|(_, e)| e.iter().copied())
        .collect();
    let mut rendered = questions_in_parallel(&entries, width).into_iter();
    for (title, entries) in &sections {
        out.push(String::new());
        out.push(String::new());
        underlined(&mut out, title, '-', width);
        for _ in entries {
            out.push(String::new());
            out.extend(rendered.next().unwrap_or_default());
        }
    }

    out.push(String::new());
    out.push(String::new());
    for (label, value) in layout.footer_facts() {
        wrap_into(&mut out, &format!("{label}: {value}"), width, "", "  ");
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Escapes text for Markdown so it shows exactly as written: no emphasis, links, images, HTML,
/// headings, lists, quotes or code blocks can come out of it.
fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
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
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One line of an answer in Markdown: escaped, with what would start a list, heading, quote,
/// thematic break or code block at the start of a line made literal.
fn md_line(line: &str) -> String {
    let body = line.trim_start();
    let mut out = String::new();
    // Leading spaces would make an indented code block; non-breaking spaces keep the indent.
    for c in line[..line.len() - body.len()].chars() {
        let n = if c == '\t' { TAB_WIDTH } else { 1 };
        out.push_str(&"&nbsp;".repeat(n));
    }
    let escaped = md_inline(body);
    let first = escaped.chars().next();
    if matches!(first, Some('-' | '+' | '=')) {
        out.push('\\');
    } else if let Some(digits) =
        Some(escaped.chars().take_while(|c| c.is_ascii_digit()).count()).filter(|&n| n > 0)
    {
        // "1." or "1)" would start a numbered list.
        let rest = &escaped[digits..];
        if rest.starts_with('.') || rest.starts_with(')') {
            out.push_str(&escaped[..digits]);
            out.push('\\');
            out.push_str(rest);
            return out;
        }
    }
    out.push_str(&escaped);
    out
}

/// An answer as Markdown paragraphs: blank lines kept between paragraphs, line breaks within a
/// paragraph kept as hard breaks.
fn md_block(text: &str) -> String {
    let lines = trimmed_lines(text);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            out.push('\n');
            continue;
        }
        out.push_str(&md_line(line));
        let next_is_text = lines.get(i + 1).is_some_and(|l| !l.trim().is_empty());
        if next_is_text {
            out.push('\\');
        }
        out.push('\n');
    }
    out
}

fn md_answer(out: &mut String, entry: &AnswerEntry) {
    match entry.given() {
        None => out.push_str("*(not answered)*\n"),
        Some(AnswerValue::Selection(s)) => {
            for label in s.labels() {
                let _ = writeln!(out, "- {}", md_inline(&one_line(&label)));
            }
        }
        Some(value) => out.push_str(&md_block(&value.to_text())),
    }
}

fn md_question(out: &mut String, entry: &AnswerEntry) {
    let _ = writeln!(out, "### {}\n", md_inline(&one_line(&entry.question)));
    if let Some(help) = entry.help.as_deref().filter(|h| !h.trim().is_empty()) {
        let _ = writeln!(out, "*{}*\n", md_inline(&one_line(help)));
    }
    md_answer(out, entry);
    out.push('\n');
}

/// The response as Markdown.
pub fn markdown(response: &Response) -> String {
    let layout = Layout::of(response);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_inline(&one_line(layout.title)));
    if !layout.organisation.trim().is_empty() {
        let _ = writeln!(out, "{}\n", md_inline(&one_line(layout.organisation)));
    }
    for (label, value) in &layout.contact {
        let value = match value {
            Some(v) => md_inline(v),
            None => "*(not answered)*".to_string(),
        };
        let label = md_inline(&one_line(label));
        let _ = writeln!(out, "- **{}:** {value}", label.trim_end_matches(':'));
    }
    let _ = writeln!(
        out,
        "- **{}** {}\n",
        md_inline(&one_line(layout.consent_label)),
        layout.consent_yn()
    );
    if let Some(entry) = layout.respondent_type {
        let _ = writeln!(out, "**{}**\n", md_inline(&one_line(&entry.question)));
        md_answer(&mut out, entry);
        out.push('\n');
    }
    for (title, entries) in layout.all_sections() {
        let _ = writeln!(out, "## {}\n", md_inline(&one_line(title)));
        for entry in entries {
            md_question(&mut out, entry);
        }
    }
    out.push_str("---\n\n");
    for (label, value) in layout.footer_facts() {
        let _ = writeln!(out, "- {label}: {}", md_inline(&value));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// HTML

/// Escapes text for HTML element content and quoted attribute values.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The print stylesheet: A4 pages, each section on a new page, questions kept with their
/// answers where they fit, answers shown with their own line breaks.
const STYLESHEET: &str = r#"@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  font-size: 11pt; line-height: 1.5; color: #000; background: #fff; }
body { max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
@media print { body { max-width: none; margin: 0; padding: 0; } }
h1 { font-size: 18pt; line-height: 1.25; margin: 0 0 0.2em; }
h2 { font-size: 14pt; border-bottom: 1px solid #444; padding-bottom: 0.15em; margin: 0 0 0.6em;
  break-after: avoid; }
h3 { font-size: 11pt; margin: 1.2em 0 0.3em; break-after: avoid; }
.organisation { margin: 0 0 1.2em; }
section.section { break-before: page; }
.question { break-inside: avoid; }
.help { font-style: italic; margin: 0 0 0.4em; }
.answer { white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 4; margin: 0 0 0 1em; }
.unanswered { font-style: italic; color: #444; }
ul.answer { white-space: normal; padding-left: 1.2em; }
table.contact { border-collapse: collapse; margin: 0 0 1em; }
table.contact th { text-align: left; font-weight: bold; padding: 0.15em 1em 0.15em 0;
  vertical-align: top; }
table.contact td { padding: 0.15em 0; white-space: pre-wrap; overflow-wrap: anywhere; }
footer { font-size: 9pt; color: #333; margin-top: 2.5em; border-top: 1px solid #999;
  padding-top: 0.5em; }
footer dl { display: grid; grid-template-columns: max-content auto; gap: 0 1em; margin: 0; }
footer dd { margin: 0; }
"#;

fn html_answer(out: &mut String, entry: &AnswerEntry) {
    match entry.given() {
        None => {
            let _ = writeln!(out, "<p class=\"answer unanswered\">{NOT_ANSWERED}</p>");
        }
        Some(AnswerValue::Selection(s)) => {
            out.push_str("<ul class=\"answer\">\n");
            for label in s.labels() {
                let _ = writeln!(out, "<li>{}</li>", html_escape(&label));
            }
            out.push_str("</ul>\n");
        }
        Some(value) => {
            let text = trimmed_lines(&value.to_text()).join("\n");
            let _ = writeln!(out, "<div class=\"answer\">{}</div>", html_escape(&text));
        }
    }
}

fn html_question(out: &mut String, entry: &AnswerEntry) {
    out.push_str("<div class=\"question\">\n");
    let _ = writeln!(out, "<h3>{}</h3>", html_escape(&one_line(&entry.question)));
    if let Some(help) = entry.help.as_deref().filter(|h| !h.trim().is_empty()) {
        let _ = writeln!(
            out,
            "<p class=\"help\">{}</p>",
            html_escape(&one_line(help))
        );
    }
    html_answer(out, entry);
    out.push_str("</div>\n");
}

/// The response as a standalone HTML page with an A4 print stylesheet.
pub fn html(response: &Response) -> String {
    let layout = Layout::of(response);
    let mut out = String::new();
    let page_title = match layout.who() {
        Some(who) => format!("{}: {who}", one_line(layout.title)),
        None => one_line(layout.title),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLESHEET}</style>\n</head>\n<body>\n",
        html_escape(&page_title)
    );
    out.push_str("<header>\n");
    let _ = writeln!(out, "<h1>{}</h1>", html_escape(&one_line(layout.title)));
    if !layout.organisation.trim().is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"organisation\">{}</p>",
            html_escape(&one_line(layout.organisation))
        );
    }
    out.push_str("<table class=\"contact\">\n");
    for (label, value) in &layout.contact {
        let value = match value {
            Some(v) => html_escape(v),
            None => format!("<span class=\"unanswered\">{NOT_ANSWERED}</span>"),
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}:</th><td>{value}</td></tr>",
            html_escape(one_line(label).trim_end_matches(':'))
        );
    }
    let _ = writeln!(
        out,
        "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
        html_escape(&one_line(layout.consent_label)),
        layout.consent_yn()
    );
    out.push_str("</table>\n");
    if let Some(entry) = layout.respondent_type {
        html_question(&mut out, entry);
    }
    out.push_str("</header>\n");
    for (title, entries) in layout.all_sections() {
        out.push_str("<section class=\"section\">\n");
        let _ = writeln!(out, "<h2>{}</h2>", html_escape(&one_line(title)));
        for entry in entries {
            html_question(&mut out, entry);
        }
        out.push_str("</section>\n");
    }
    out.push_str("<footer>\n<dl>\n");
    for (label, value) in layout.footer_facts() {
        let _ = writeln!(out, "<dt>{label}</dt><dd>{}</dd>", html_escape(&value));
    }
    out.push_str("</dl>\n</footer>\n</body>\n</html>\n");
    out
}

/// Whether an entry's answer is of the kind its question takes.
pub fn answer_fits_kind(entry: &AnswerEntry) -> bool {
    matches!(
        (&entry.answer, entry.kind),
        (None, _)
            | (Some(AnswerValue::YesNo(_)), KindName::YesNo)
            | (
                Some(AnswerValue::Selection(_)),
                KindName::Choice | KindName::MultiChoice
            )
            | (
                Some(AnswerValue::Text(_)),
                KindName::Short | KindName::Email | KindName::Phone | KindName::Long
            )
    )
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

    #[test]
    fn control_characters_are_found_by_their_bytes() {
        for c in ('\0'..='\u{200}').chain(['\u{2028}', '\u{feff}', '漢', '🙂']) {
            let text = format!("a{c}b");
            let expected = c != '\n' && c != '\t' && c.is_control();
            assert_eq!(has_control(&text), expected, "{:?}", c);
        }
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(clean("a\x1b[31mb\r\nc\td"), "a\u{FFFD}[31mb\nc\td");
    }

    #[test]
    fn markdown_cannot_be_injected() {
        assert_eq!(md_line("# heading"), "\\# heading");
        assert_eq!(md_line("[x](http://e.org)"), "\\[x\\](http://e.org)");
        assert_eq!(md_line("- item"), "\\- item");
        assert_eq!(md_line("1. item"), "1\\. item");
        assert_eq!(md_line("    code"), "&nbsp;&nbsp;&nbsp;&nbsp;code");
        assert_eq!(md_line("<b>&amp;"), "\\<b\\>\\&amp;");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            html_escape("<script>alert(\"x\")</script> & '"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;"
        );
    }
}
