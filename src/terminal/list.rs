//! A list to move through with the arrow keys: options to choose or tick, drafts, the review.
//! Every item is wrapped to the width, never cut, so the respondent always sees all of what they
//! are choosing; a list taller than the window scrolls to keep the highlighted item in view.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::page::Theme;
use super::wrap::wrap;

/// One entry of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    /// A second, dimmer line, cut to fit (the answer under a question at the review).
    pub detail: Option<String>,
    /// A heading between groups of items: shown, never highlighted.
    pub heading: bool,
}

impl Item {
    pub fn option(text: impl Into<String>) -> Item {
        Item {
            text: text.into(),
            detail: None,
            heading: false,
        }
    }

    pub fn heading(text: impl Into<String>) -> Item {
        Item {
            text: text.into(),
            detail: None,
            heading: true,
        }
    }
}

/// A list and where the highlight is.
pub struct List {
    pub items: Vec<Item>,
    /// The highlighted item (never a heading).
    pub cursor: usize,
    /// The ticks of a list where several may be chosen; `None` where one is chosen.
    pub ticks: Option<Vec<bool>>,
    /// The first item drawn, kept from one drawing to the next so the list does not jump.
    offset: Cell<usize>,
}

const MORE_ABOVE: &str = "↑ more above";
const MORE_BELOW: &str = "↓ more below";

impl List {
    /// A list with the highlight on `cursor`, or the first item that is not a heading.
    pub fn new(items: Vec<Item>, ticks: Option<Vec<bool>>, cursor: Option<usize>) -> List {
        let mut list = List {
            items,
            cursor: 0,
            ticks,
            offset: Cell::new(0),
        };
        list.cursor = match cursor {
            Some(c) if c < list.items.len() && !list.items[c].heading => c,
            _ => list.next_from(0, 1).unwrap_or(0),
        };
        list
    }

    fn next_from(&self, start: usize, step: isize) -> Option<usize> {
        let mut i = start as isize;
        while i >= 0 && (i as usize) < self.items.len() {
            if !self.items[i as usize].heading {
                return Some(i as usize);
            }
            i += step;
        }
        None
    }

    /// Moves the highlight for an arrow, Home/End or Page key; returns whether the key was one.
    pub fn navigate(&mut self, key: &KeyEvent, page: usize) -> bool {
        let target = match key.code {
            KeyCode::Up => self
                .cursor
                .checked_sub(1)
                .and_then(|i| self.next_from(i, -1)),
            KeyCode::Down => self.next_from(self.cursor + 1, 1),
            KeyCode::Home => self.next_from(0, 1),
            KeyCode::End => self.next_from(self.items.len().saturating_sub(1), -1),
            KeyCode::PageUp => {
                let i = self.cursor.saturating_sub(page.max(1));
                self.next_from(i, -1).or_else(|| self.next_from(i, 1))
            }
            KeyCode::PageDown => {
                let i = (self.cursor + page.max(1)).min(self.items.len().saturating_sub(1));
                self.next_from(i, 1).or_else(|| self.next_from(i, -1))
            }
            _ => return false,
        };
        if let Some(t) = target {
            self.cursor = t;
        }
        true
    }

    /// Ticks or unticks the highlighted option.
    pub fn toggle(&mut self) {
        if let Some(ticks) = &mut self.ticks
            && let Some(t) = ticks.get_mut(self.cursor)
        {
            *t = !*t;
        }
    }

    fn prefix(&self, i: usize) -> String {
        let pointer = if i == self.cursor { "> " } else { "  " };
        match &self.ticks {
            Some(ticks) => {
                let tick = if ticks.get(i).copied().unwrap_or(false) {
                    "[x] "
                } else {
                    "[ ] "
                };
                format!("{pointer}{tick}")
            }
            None => pointer.to_string(),
        }
    }

    /// The lines of item `i` at `width` columns.
    fn item_lines(&self, i: usize, width: usize, theme: Theme) -> Vec<Line<'static>> {
        let item = &self.items[i];
        if item.heading {
            return wrap(&item.text, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.heading()))
                .collect();
        }
        let prefix = self.prefix(i);
        let indent = " ".repeat(prefix.chars().count());
        // A numbered item ("12. Name") hangs its continuation lines under its words.
        let number = item
            .text
            .find(". ")
            .filter(|&n| n > 0 && item.text[..n].chars().all(|c| c.is_ascii_digit()))
            .map_or(0, |n| n + 2);
        let hanging = format!("{indent}{}", " ".repeat(number));
        let inner = width.saturating_sub(indent.len()).max(8);
        let style = if i == self.cursor {
            theme.selected()
        } else {
            ratatui::style::Style::default()
        };
        let first = wrap(&item.text, inner);
        let mut lines: Vec<Line<'static>> = Vec::new();
        if let Some((head, rest)) = first.split_first() {
            lines.push(Line::styled(format!("{prefix}{head}"), style));
            // The rest wrapped again at the narrower width their hanging indent leaves.
            let rest = rest.join(" ");
            let narrower = width.saturating_sub(hanging.len()).max(8);
            for l in wrap(&rest, narrower)
                .into_iter()
                .filter(|l| !rest.is_empty() || !l.is_empty())
            {
                lines.push(Line::styled(format!("{hanging}{l}"), style));
            }
        }
        if let Some(detail) = &item.detail {
            // One line, cut to fit: the item is what is chosen, the detail only a reminder.
            let inner = inner.saturating_sub(4).max(4);
            lines.push(Line::styled(
                format!("{indent}    {}", crate::preview::preview(detail, inner)),
                theme.dim(),
            ));
        }
        lines
    }

    /// Rows the whole list takes at `width` columns.
    pub fn rows_wanted(&self, width: u16, theme: Theme) -> u16 {
        let width = usize::from(width.max(1));
        let rows: usize = (0..self.items.len())
            .map(|i| self.item_lines(i, width, theme).len())
            .sum();
        rows.min(usize::from(u16::MAX)) as u16
    }

    /// Draws the items that fit, scrolled so the highlighted one is whole on screen.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let width = usize::from(area.width.max(1));
        let height = usize::from(area.height);
        if height == 0 {
            return;
        }
        let heights: Vec<usize> = (0..self.items.len())
            .map(|i| self.item_lines(i, width, theme).len())
            .collect();
        let total: usize = heights.iter().sum();
        let mut lines: Vec<Line<'static>> = Vec::new();
        let mut cursor_row = None;
        if total <= height {
            self.offset.set(0);
            for i in 0..self.items.len() {
                if i == self.cursor {
                    cursor_row = Some(lines.len());
                }
                lines.extend(self.item_lines(i, width, theme));
            }
        } else {
            // Leave a row for each "more" marker that may be needed.
            let room = height.saturating_sub(2).max(1);
            let mut offset = self.offset.get().min(self.cursor);
            // Headings just above the highlight come into view with it.
            while offset > 0 && offset == self.cursor && self.items[offset - 1].heading {
                offset -= 1;
            }
            while offset < self.cursor && heights[offset..=self.cursor].iter().sum::<usize>() > room
            {
                offset += 1;
            }
            self.offset.set(offset);
            if offset > 0 {
                lines.push(Line::styled(MORE_ABOVE, theme.dim()));
            }
            let mut i = offset;
            let mut drawn = 0;
            while i < self.items.len() {
                let item = self.item_lines(i, width, theme);
                if drawn + item.len() > room + usize::from(offset == 0) {
                    break;
                }
                drawn += item.len();
                if i == self.cursor {
                    cursor_row = Some(lines.len());
                }
                lines.extend(item);
                i += 1;
            }
            if i < self.items.len() {
                lines.push(Line::styled(MORE_BELOW, theme.dim()));
            }
        }
        lines.truncate(height);
        frame.render_widget(Paragraph::new(lines), area);
        if let Some(row) = cursor_row.filter(|&r| r < height) {
            frame.set_cursor_position(Position::new(area.x, area.y + row as u16));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn screen(list: &List, width: u16, height: u16) -> Vec<String> {
        let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
        t.draw(|f| list.render(f, f.area(), Theme { colour: false }))
            .unwrap();
        let buf = t.backend().buffer().clone();
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn long_labels_wrap_and_are_never_cut() {
        let label = "Specialist voluntary and community sector groups/organisations (such as those supporting BAME or LGB & T people)";
        let list = List::new(vec![Item::option(label)], Some(vec![false]), None);
        let rows = screen(&list, 40, 10);
        let shown: String = rows.iter().map(|r| r.trim()).collect::<Vec<_>>().join(" ");
        assert!(
            shown.contains("(such as those supporting BAME or LGB & T people)"),
            "{rows:?}"
        );
        assert!(rows[0].starts_with("> [ ] Specialist"), "{rows:?}");
        assert!(rows[1].starts_with("      "), "hanging indent: {rows:?}");
    }

    #[test]
    fn the_highlight_skips_headings_and_stays_in_view() {
        let mut items = vec![Item::heading("Section 1")];
        items.extend((1..=30).map(|i| Item::option(format!("Option {i}"))));
        let mut list = List::new(items, None, None);
        assert_eq!(list.cursor, 1);
        let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
        list.navigate(&up, 5);
        assert_eq!(list.cursor, 1, "nothing selectable above");
        let end = KeyEvent::new(KeyCode::End, KeyModifiers::NONE);
        list.navigate(&end, 5);
        let rows = screen(&list, 40, 8);
        assert!(rows.iter().any(|r| r == "> Option 30"), "{rows:?}");
        assert_eq!(rows[0], MORE_ABOVE);
    }
}
