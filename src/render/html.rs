//! A response as a standalone HTML page with an A4 print stylesheet.

use std::fmt::Write as _;

use crate::answer::AnswerValue;
use crate::render::NOT_ANSWERED;
use crate::render::layout::{
    FormBoxNote, Layout, UNPLACED_HEADING, UNPLACED_INTRO, place_of, trimmed_lines,
};
use crate::render::sanitise::{self, one_line};
use crate::response::{AnswerEntry, Response};

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in sanitise::text(text).chars() {
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
            _ => {
                let _ = writeln!(out, "<p class=\"answer unanswered\">{NOT_ANSWERED}</p>");
            }
        },
        Some(AnswerValue::Selection(s)) => {
            out.push_str("<ul class=\"answer\">\n");
            for label in s.labels() {
                let _ = writeln!(out, "<li>{}</li>", escape(&label));
            }
            out.push_str("</ul>\n");
        }
        Some(value) => {
            let text = trimmed_lines(&value.to_text()).join("\n");
            let _ = writeln!(out, "<div class=\"answer\">{}</div>", escape(&text));
        }
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
            let text = trimmed_lines(&piece.text).join("\n");
            let _ = writeln!(out, "<div class=\"answer\">{}</div>", escape(&text));
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
