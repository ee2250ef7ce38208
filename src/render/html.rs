//! A response as a standalone HTML page with an A4 print stylesheet.

use std::fmt::Write as _;

use crate::answer::AnswerValue;
use crate::render::NOT_ANSWERED;
use crate::render::layout::{
    FormBoxNote, Layout, UNPLACED_HEADING, UNPLACED_INTRO, place_of, trimmed,
};
use crate::render::sanitise::{self, one_line};
use crate::response::{AnswerEntry, Response};

/// Escapes text for HTML element content and quoted attribute values, after the sanitiser.
pub(crate) fn escape(text: &str) -> String {
    let clean = sanitise::text(text);
    let mut out = String::with_capacity(clean.len() + 16);
    escape_into(&mut out, &clean);
    out
}

/// Escapes text that the sanitiser has already cleaned, onto the end of `out`.
fn escape_into(out: &mut String, clean: &str) {
    // The characters escaped are ASCII, so the text is copied a run at a time between them.
    let mut run = 0;
    for (i, b) in clean.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&clean[run..i]);
        out.push_str(entity);
        run = i + 1;
    }
    out.push_str(&clean[run..]);
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
.form-box { font-style: italic; margin: 0 0 0.4em 1em; }
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

/// An answer in words as the page shows it, in a `div.answer` (styled to keep its line breaks
/// and paragraphs): sanitised, without blank lines before or after it, escaped. Shared by
/// `print --format html` and the HTML digest, so that an answer shows the same in both.
pub(crate) fn answer_text(text: &str) -> String {
    let clean = sanitise::text(text);
    let mut out = String::with_capacity(clean.len() + clean.len() / 16 + 32);
    out.push_str("<div class=\"answer\">");
    for (i, line) in trimmed(&clean).into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        escape_into(&mut out, line);
    }
    out.push_str("</div>\n");
    out
}

/// The options chosen at a choice question as the page shows them, a `ul.answer`, each label
/// escaped ("Other: ..." last, as [`Selection::labels`](crate::answer::Selection::labels)
/// words it).
pub(crate) fn answer_list<S: AsRef<str>>(labels: impl IntoIterator<Item = S>) -> String {
    let mut out = String::from("<ul class=\"answer\">\n");
    for label in labels {
        let _ = writeln!(out, "<li>{}</li>", escape(label.as_ref()));
    }
    out.push_str("</ul>\n");
    out
}

/// What an unanswered question shows.
pub(crate) fn not_answered() -> String {
    format!("<p class=\"answer unanswered\">{NOT_ANSWERED}</p>\n")
}

fn html_answer(out: &mut String, layout: &Layout, entry: &AnswerEntry) {
    let note = layout.form_box(entry);
    if let Some(FormBoxNote::HoldsTheBox(words)) = &note {
        let _ = writeln!(out, "<p class=\"form-box\">{}</p>", escape(words));
    }
    match entry.given() {
        None => match &note {
            Some(FormBoxNote::InAnotherAnswer(words)) => {
                let _ = writeln!(out, "<p class=\"form-box\">{}</p>", escape(words));
            }
            _ => out.push_str(&not_answered()),
        },
        Some(AnswerValue::Selection(s)) => out.push_str(&answer_list(s.labels())),
        Some(value) => out.push_str(&answer_text(&value.to_text())),
    }
}

fn html_question(out: &mut String, layout: &Layout, entry: &AnswerEntry) {
    out.push_str("<div class=\"question\">\n");
    let _ = writeln!(out, "<h3>{}</h3>", escape(&one_line(&entry.question)));
    if let Some(help) = entry.help.as_deref().filter(|h| !h.trim().is_empty()) {
        let _ = writeln!(out, "<p class=\"help\">{}</p>", escape(&one_line(help)));
    }
    html_answer(out, layout, entry);
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
        escape(&page_title)
    );
    out.push_str("<header>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&one_line(layout.title)));
    if !layout.organisation.trim().is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"organisation\">{}</p>",
            escape(&one_line(layout.organisation))
        );
    }
    out.push_str("<table class=\"contact\">\n");
    for (label, value) in &layout.contact {
        let value = match value {
            Some(v) => escape(v),
            None => format!("<span class=\"unanswered\">{NOT_ANSWERED}</span>"),
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}:</th><td>{value}</td></tr>",
            escape(one_line(label).trim_end_matches(':'))
        );
    }
    let consent = match layout.consent_yn() {
        Some(yn) => yn.to_string(),
        None => format!(
            "<span class=\"unanswered\">{}</span>",
            escape(layout.consent_not_answered())
        ),
    };
    let _ = writeln!(
        out,
        "<tr><th scope=\"row\">{}</th><td>{consent}</td></tr>",
        escape(&one_line(layout.consent_label)),
    );
    out.push_str("</table>\n");
    if let Some(entry) = layout.respondent_type {
        html_question(&mut out, &layout, entry);
    }
    out.push_str("</header>\n");
    for (title, entries) in layout.all_sections() {
        out.push_str("<section class=\"section\">\n");
        let _ = writeln!(out, "<h2>{}</h2>", escape(&one_line(title)));
        for entry in entries {
            html_question(&mut out, &layout, entry);
        }
        out.push_str("</section>\n");
    }
    if !layout.unplaced.is_empty() {
        out.push_str("<section class=\"section unplaced\">\n");
        let _ = writeln!(out, "<h2>{UNPLACED_HEADING}</h2>");
        let _ = writeln!(out, "<p class=\"help\">{UNPLACED_INTRO}</p>");
        for piece in layout.unplaced {
            out.push_str("<div class=\"question\">\n");
            let _ = writeln!(out, "<h3>{}</h3>", escape(&place_of(piece)));
            out.push_str(&answer_text(&piece.text));
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("<footer>\n<dl>\n");
    for (label, value) in layout.footer_facts() {
        let _ = writeln!(out, "<dt>{label}</dt><dd>{}</dd>", escape(&value));
    }
    out.push_str("</dl>\n</footer>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape("<script>alert(\"x\")</script> & '\u{1b}[2J"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;\u{FFFD}[2J"
        );
    }
}
