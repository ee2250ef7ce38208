//! The welcome, and pages of text to read. Both modes say the same facts (how long it takes,
//! that every word is saved, how to carry on later, the deadline). In the terminal the title and
//! those facts stay in view at the top, the introduction below scrolls with the arrow keys, and
//! Enter goes on; in plain mode they are said once, in order, with how to answer.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::plain::PlainPrompter;
use crate::prompt::{PromptError, PromptResult};
use crate::questionnaire::Questionnaire;
use crate::wording;

use crate::terminal::input::Input;
use crate::terminal::keymap::{Action, Binding, READ};
use crate::terminal::page::{FieldRows, Page, Theme};
use crate::terminal::wrap::wrap;
use crate::terminal::{TerminalPrompter, action};

/// The keys of a page to read.
const KEYS: &[Binding] = &[
    Binding {
        help: "begin",
        ..READ[0]
    },
    Binding {
        keys: &[],
        label: "↑↓",
        help: "read more",
        action: Action::Help,
    },
];

/// The keys of other pages to read.
const READ_KEYS: &[Binding] = &[
    READ[0],
    Binding {
        keys: &[],
        label: "↑↓",
        help: "read more",
        action: Action::Help,
    },
];

/// What the welcome says first, in both modes: how big the questionnaire is, that every answer
/// is saved, the command to carry on later, and the deadline.
fn facts(q: &Questionnaire, resume_hint: &str, today: jiff::civil::Date) -> [String; 3] {
    [
        format!(
            "{} Every answer is saved as you type: you can stop at any time with Ctrl-C, and carry on later with:",
            wording::size(q)
        ),
        format!("    {resume_hint}"),
        wording::deadline(q, today, "your response"),
    ]
}

/// The opening page: its fixed part, and the introduction to scroll through.
pub fn layout(q: &Questionnaire, resume_hint: &str, today: jiff::civil::Date) -> (Page, String) {
    let mut guidance = vec![q.organisation.clone(), String::new()];
    guidance.extend(facts(q, resume_hint, today));
    guidance.push(String::new());
    let page = Page {
        title: q.title.clone(),
        guidance,
        keys: KEYS,
        ..Page::default()
    };
    (page, q.intro.trim().to_string())
}

/// The opening page.
pub fn terminal(
    t: &mut TerminalPrompter,
    q: &Questionnaire,
    resume_hint: &str,
) -> PromptResult<()> {
    let (mut page, text) = layout(q, resume_hint, crate::response::today());
    page.notices = std::mem::take(&mut t.notices);
    run(t, page, &text)
}

/// A page titled `title`, with `facts` always in view and `text` to scroll through; returns
/// when Enter or Esc is pressed.
pub fn read(
    t: &mut TerminalPrompter,
    title: &str,
    facts: Vec<String>,
    text: &str,
) -> PromptResult<()> {
    let mut page = t.plain_page(title, READ_KEYS, None);
    page.guidance = facts;
    run(t, page, text)
}

fn run(t: &mut TerminalPrompter, page: Page, text: &str) -> PromptResult<()> {
    let mut scroll: usize = 0;
    loop {
        let theme = t.theme;
        let width = t.screen.size()?.width;
        let lines = wrap(text, usize::from(width.max(1)));
        let mut rows = 0usize;
        t.screen
            .draw(|frame| rows = draw(frame, theme, &page, &lines, &mut scroll))?;
        let input = t.next_input(None);
        if action(READ, &input) == Some(Action::Enter) {
            return Ok(());
        }
        match input {
            Input::Stop => return Err(PromptError::Stopped),
            Input::Key { key, .. } => {
                let last = lines.len().saturating_sub(rows.max(1));
                scroll = match key.code {
                    KeyCode::Esc => return Ok(()),
                    KeyCode::Down => (scroll + 1).min(last),
                    KeyCode::Up => scroll.saturating_sub(1),
                    KeyCode::PageDown | KeyCode::Char(' ') => (scroll + rows.max(1)).min(last),
                    KeyCode::PageUp => scroll.saturating_sub(rows.max(1)),
                    KeyCode::Home => 0,
                    KeyCode::End => last,
                    _ => scroll,
                };
            }
            _ => {}
        }
    }
}

/// Draws a page to read with `lines` below it from `scroll` on; returns how many rows of text
/// are on screen.
pub fn draw(
    frame: &mut Frame,
    theme: Theme,
    page: &Page,
    lines: &[String],
    scroll: &mut usize,
) -> usize {
    let wanted = lines.len().min(usize::from(u16::MAX)) as u16;
    let areas = page.render(
        frame,
        theme,
        FieldRows {
            min: 3,
            want: wanted.max(3),
        },
    );
    let area = areas.field;
    let more_below = lines.len() > *scroll + usize::from(area.height);
    let rows = usize::from(area.height).saturating_sub(usize::from(more_below));
    *scroll = (*scroll).min(lines.len().saturating_sub(rows.max(1)));
    let shown: Vec<Line> = lines
        .iter()
        .skip(*scroll)
        .take(rows)
        .map(|l| Line::raw(l.clone()))
        .collect();
    frame.render_widget(
        Paragraph::new(shown),
        Rect {
            height: rows as u16,
            ..area
        },
    );
    if more_below {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "↓ more below: the down arrow reads on",
                theme.dim(),
            )),
            Rect {
                y: area.y + rows as u16,
                height: 1,
                ..area
            },
        );
    }
    rows
}

/// The welcome in plain mode.
pub fn plain(p: &mut PlainPrompter<'_>, q: &Questionnaire, resume_hint: &str) -> PromptResult<()> {
    p.say(&q.title)?;
    p.say(&format!("From {}.", q.organisation))?;
    p.say("")?;
    p.say(q.intro.trim())?;
    p.say("")?;
    for fact in facts(q, resume_hint, crate::response::today()) {
        p.say(fact.trim_start())?;
    }
    p.say(
        "How to answer: one-line answers end when you press Enter. Long answers can have many lines and end with a line holding only a full stop (.). Press Enter on an empty line to skip a question that is not required, or to keep an answer you gave before.",
    )?;
    p.say(
        "Commands, each on a line by itself: :back goes to the previous question, :review shows all your answers, :clear removes an answer.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terminal::test_screen;

    fn screen(width: u16) -> String {
        let q = Questionnaire::embedded();
        let (page, text) = layout(
            &q,
            "ndti-respond --data-dir /tmp/drafts resume 1a2b3c4d",
            jiff::civil::date(2026, 11, 29),
        );
        let lines = wrap(&text, usize::from(width));
        let mut scroll = 0;
        test_screen::text(width, 24, |f| {
            draw(f, Theme { colour: false }, &page, &lines, &mut scroll);
        })
    }

    #[test]
    fn the_welcome_at_40_80_and_120_columns() {
        for width in [40, 80, 120] {
            let s = screen(width);
            assert!(
                s.starts_with("Co-production in mental health"),
                "the title is the first thing on screen: {s}"
            );
            assert!(s.contains("Enter begin"), "{s}");
            insta::assert_snapshot!(format!("welcome_{width}"), s);
        }
    }
}
