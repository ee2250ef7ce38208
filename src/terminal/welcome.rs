//! The welcome, and pages of text to read: the title and what matters most (how long it takes,
//! that every word is saved, how to carry on later, the deadline) always in view at the top, the
//! longer words below, scrolled with the arrow keys, and Enter to go on.

use std::io;

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::questionnaire::Questionnaire;
use crate::wording;

use super::input::Input;
use super::keymap::{Action, Binding, READ};
use super::page::{FieldRows, Page, Theme};
use super::wrap::wrap;
use super::{TerminalPrompter, action, stopped};

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

/// The opening page: its fixed part, and the introduction to scroll through.
pub fn layout(q: &Questionnaire, resume_hint: &str, today: jiff::civil::Date) -> (Page, String) {
    let facts = vec![
        q.organisation.clone(),
        String::new(),
        format!(
            "{} Every answer is saved as you type: you can stop at any time with Ctrl-C, and carry on later with:",
            wording::size(q)
        ),
        format!("    {resume_hint}"),
        wording::deadline(q, today, "your response"),
        String::new(),
    ];
    let page = Page {
        title: q.title.clone(),
        guidance: facts,
        keys: KEYS,
        ..Page::default()
    };
    (page, q.intro.trim().to_string())
}

/// The opening page.
pub fn welcome(t: &mut TerminalPrompter, q: &Questionnaire, resume_hint: &str) -> io::Result<()> {
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
) -> io::Result<()> {
    let mut page = t.plain_page(title, READ_KEYS, None);
    page.guidance = facts;
    run(t, page, text)
}

fn run(t: &mut TerminalPrompter, page: Page, text: &str) -> io::Result<()> {
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
            Input::Stop => return Err(stopped()),
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
