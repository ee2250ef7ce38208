//! A response as plain text laid out like the paper template.

use rayon::prelude::*;
use unicode_width::UnicodeWidthStr;

use crate::answer::AnswerValue;
use crate::render::NOT_ANSWERED;
use crate::render::layout::{FormBoxNote, Layout, UNPLACED_HEADING, UNPLACED_INTRO, place_of};
use crate::render::sanitise::one_line;
use crate::render::wrap::{wrap_block, wrap_into};
use crate::response::{AnswerEntry, Response};

/// How far answers are indented under their question in text.
const ANSWER_INDENT: usize = 2;

/// A heading underlined to its own width.
fn underlined(out: &mut Vec<String>, heading: &str, mark: char, width: usize) {
    let mut lines = Vec::new();
    wrap_into(&mut lines, &one_line(heading), width, "", "");
    let longest = lines.iter().map(|l| l.width()).max().unwrap_or(0);
    out.extend(lines);
    out.push(mark.to_string().repeat(longest.clamp(1, width)));
}

fn text_answer(out: &mut Vec<String>, layout: &Layout, entry: &AnswerEntry, width: usize) {
    let pad = " ".repeat(ANSWER_INDENT);
    let note = layout.form_box(entry);
    if let Some(FormBoxNote::HoldsTheBox(words)) = &note {
        wrap_into(out, &format!("({words})"), width, &pad, &pad);
    }
    match entry.given() {
        None => match &note {
            Some(FormBoxNote::InAnotherAnswer(words)) => {
                wrap_into(out, &format!("({words})"), width, &pad, &pad)
            }
            _ => out.push(format!("{pad}{NOT_ANSWERED}")),
        },
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

fn text_question(out: &mut Vec<String>, layout: &Layout, entry: &AnswerEntry, width: usize) {
    wrap_into(out, &one_line(&entry.question), width, "", "");
    if let Some(help) = entry.help.as_deref().filter(|h| !h.trim().is_empty()) {
        wrap_into(out, &format!("({})", one_line(help)), width, "", "");
    }
    text_answer(out, layout, entry, width);
}

/// Each question with its answer as text, in order. Answers are independent, so a long response
/// (over 256 KB of answers) is wrapped on every core; a short one is done in place, as starting
/// the threads would cost more than it saves.
fn questions_in_parallel(
    layout: &Layout,
    entries: &[&AnswerEntry],
    width: usize,
) -> Vec<Vec<String>> {
    let render = |entry: &&AnswerEntry| {
        let mut lines = Vec::new();
        text_question(&mut lines, layout, entry, width);
        lines
    };
    let size = |e: &&AnswerEntry| {
        e.answer.as_ref().map_or(0, |a| match a {
            AnswerValue::Text(t) => t.len(),
            _ => 64,
        })
    };
    let total: usize = entries.iter().map(size).sum();
    if total < 256 * 1024 {
        return entries.iter().map(render).collect();
    }
    entries.par_iter().with_min_len(1).map(render).collect()
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
    let consent = format!(
        "{} {}",
        one_line(layout.consent_label),
        layout
            .consent_yn()
            .unwrap_or_else(|| layout.consent_not_answered())
    );
    wrap_into(&mut out, &consent, width, "", "");
    if let Some(entry) = layout.respondent_type {
        out.push(String::new());
        text_question(&mut out, &layout, entry, width);
    }

    let sections = layout.all_sections();
    let entries: Vec<&AnswerEntry> = sections
        .iter()
        .flat_map(|(_, e)| e.iter().copied())
        .collect();
    let mut rendered = questions_in_parallel(&layout, &entries, width).into_iter();
    for (title, entries) in &sections {
        out.push(String::new());
        out.push(String::new());
        underlined(&mut out, title, '-', width);
        for _ in entries {
            out.push(String::new());
            out.extend(rendered.next().unwrap_or_default());
        }
    }
    if !layout.unplaced.is_empty() {
        out.push(String::new());
        out.push(String::new());
        underlined(&mut out, UNPLACED_HEADING, '-', width);
        wrap_into(&mut out, UNPLACED_INTRO, width, "", "");
        for piece in layout.unplaced {
            out.push(String::new());
            wrap_into(&mut out, &format!("{}:", place_of(piece)), width, "", "");
            out.extend(wrap_block(&piece.text, width, ANSWER_INDENT));
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
