//! A response as Markdown.

use std::fmt::Write as _;

use crate::answer::AnswerValue;
use crate::render::layout::{FormBoxNote, Layout, UNPLACED_HEADING, UNPLACED_INTRO, place_of};
use crate::render::markdown_escape;
use crate::render::sanitise::one_line;
use crate::response::{AnswerEntry, Response};

/// An answer as Markdown paragraphs: blank lines kept between paragraphs, line breaks within a
/// paragraph kept as hard breaks.
fn md_block(text: &str) -> String {
    let lines = markdown_escape::block(text);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if markdown_escape::hard_break_after(&lines, i) {
            out.push('\\');
        }
        out.push('\n');
    }
    out
}

fn md_answer(out: &mut String, layout: &Layout, entry: &AnswerEntry) {
    let note = layout.form_box(entry);
    if let Some(FormBoxNote::HoldsTheBox(words)) = &note {
        let _ = writeln!(out, "*{}*\n", markdown_escape::inline(words));
    }
    match entry.given() {
        None => match &note {
            Some(FormBoxNote::InAnotherAnswer(words)) => {
                let _ = writeln!(out, "*{}*", markdown_escape::inline(words));
            }
            _ => out.push_str("*(not answered)*\n"),
        },
        Some(AnswerValue::Selection(s)) => {
            for label in s.labels() {
                let _ = writeln!(out, "- {}", markdown_escape::inline(&one_line(&label)));
            }
        }
        Some(value) => out.push_str(&md_block(&value.to_text())),
    }
}

fn md_question(out: &mut String, layout: &Layout, entry: &AnswerEntry) {
    let _ = writeln!(
        out,
        "### {}\n",
        markdown_escape::inline(&one_line(&entry.question))
    );
    if let Some(help) = entry.help.as_deref().filter(|h| !h.trim().is_empty()) {
        let _ = writeln!(out, "*{}*\n", markdown_escape::inline(&one_line(help)));
    }
    md_answer(out, layout, entry);
    out.push('\n');
}

/// The response as Markdown.
pub fn markdown(response: &Response) -> String {
    let layout = Layout::of(response);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n",
        markdown_escape::inline(&one_line(layout.title))
    );
    if !layout.organisation.trim().is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            markdown_escape::inline(&one_line(layout.organisation))
        );
    }
    for (label, value) in &layout.contact {
        let value = match value {
            Some(v) => markdown_escape::inline(v),
            None => "*(not answered)*".to_string(),
        };
        let label = markdown_escape::inline(&one_line(label));
        let _ = writeln!(out, "- **{}:** {value}", label.trim_end_matches(':'));
    }
    let consent = match layout.consent_yn() {
        Some(yn) => yn.to_string(),
        None => format!(
            "*{}*",
            markdown_escape::inline(layout.consent_not_answered())
        ),
    };
    let _ = writeln!(
        out,
        "- **{}** {consent}\n",
        markdown_escape::inline(&one_line(layout.consent_label)),
    );
    if let Some(entry) = layout.respondent_type {
        let _ = writeln!(
            out,
            "**{}**\n",
            markdown_escape::inline(&one_line(&entry.question))
        );
        md_answer(&mut out, &layout, entry);
        out.push('\n');
    }
    for (title, entries) in layout.all_sections() {
        let _ = writeln!(out, "## {}\n", markdown_escape::inline(&one_line(title)));
        for entry in entries {
            md_question(&mut out, &layout, entry);
        }
    }
    if !layout.unplaced.is_empty() {
        let _ = writeln!(out, "## {UNPLACED_HEADING}\n\n{UNPLACED_INTRO}\n");
        for piece in layout.unplaced {
            let _ = writeln!(out, "### {}\n", markdown_escape::inline(&place_of(piece)));
            out.push_str(&md_block(&piece.text));
            out.push('\n');
        }
    }
    out.push_str("---\n\n");
    for (label, value) in layout.footer_facts() {
        let _ = writeln!(out, "- {label}: {}", markdown_escape::inline(&value));
    }
    out
}
