//! One page of the full-screen wizard: where it is (section, question number), the question in
//! full, its guidance, any message, the field where it is answered, and the keys, always on
//! screen. The question is never cut; when the window is too short for everything, the guidance
//! folds into one line (F1 shows it whole) before the field gets less than its room.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::keymap::{self, Binding};
use super::wrap::wrap;

/// The looks: bold, dim and reverse work without colour; colour is added only where allowed
/// (a terminal, and no `NO_COLOR`).
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub colour: bool,
}

impl Theme {
    pub fn heading(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        Style::default().add_modifier(Modifier::DIM)
    }

    pub fn notice(self) -> Style {
        let s = Style::default().add_modifier(Modifier::BOLD);
        if self.colour { s.fg(Color::Yellow) } else { s }
    }

    pub fn problem(self) -> Style {
        let s = Style::default().add_modifier(Modifier::BOLD);
        if self.colour { s.fg(Color::Red) } else { s }
    }

    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

/// What a page says around its field.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Where the respondent is: "Section 3 of 8: ...", "Question 12 of 28 (required)".
    pub context: Vec<String>,
    /// The question (or the page's title), in full.
    pub title: String,
    /// Guidance: the section's introduction and the question's help.
    pub guidance: Vec<String>,
    /// Messages that need attention (a refused answer, a failed save...).
    pub notices: Vec<String>,
    /// How to answer, in words, shown just above the field.
    pub how: Option<String>,
    /// A line of state under the field (what was done with a paste, whether saved).
    pub status: Option<Status>,
    pub keys: &'static [Binding],
}

/// The line under the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Problem(String),
}

/// How many rows a field needs at least, and would like.
#[derive(Debug, Clone, Copy)]
pub struct FieldRows {
    pub min: u16,
    pub want: u16,
}

/// Where things went on the page.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub field: Rect,
    /// Whether the guidance had to be folded away (F1 shows it).
    pub folded: bool,
}

const FOLDED: &str = "More guidance for this question: press F1.";

impl Page {
    /// Draws the page and returns where the field goes.
    pub fn render(&self, frame: &mut Frame, theme: Theme, rows: FieldRows) -> Areas {
        let area = frame.area();
        let width = usize::from(area.width.max(1));
        let footer = self.footer_lines(theme, width);
        let mut top = self.top_lines(theme, width, false);
        let fixed = footer.len() + self.how_lines(width).len();
        let room = |top: usize| usize::from(area.height).saturating_sub(top + fixed);
        let mut folded = false;
        if room(top.len()) < usize::from(rows.min) && !self.guidance.is_empty() {
            top = self.top_lines(theme, width, true);
            folded = true;
        }
        // Still too short a window: the top is cut from the bottom, marked.
        let max_top = usize::from(area.height).saturating_sub(fixed + usize::from(rows.min));
        if top.len() > max_top {
            top.truncate(max_top.max(1));
            if let Some(last) = top.last_mut() {
                // Cut to the width too: this line stands for what did not fit.
                let marker = wrap("… (F1 shows the whole question)", width)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                *last = Line::styled(marker, theme.dim());
            }
            folded = true;
        }
        let field_rows = room(top.len()).min(usize::from(rows.want.max(rows.min)));
        let top_rows = top.len() as u16;
        frame.render_widget(
            Paragraph::new(top),
            Rect {
                height: top_rows.min(area.height),
                ..area
            },
        );
        let how = self.how_lines(width);
        let how_rows = how.len() as u16;
        let how_area = Rect {
            y: area.y + top_rows,
            height: how_rows,
            ..area
        }
        .intersection(area);
        frame.render_widget(
            Paragraph::new(
                how.into_iter()
                    .map(|l| Line::styled(l, theme.dim()))
                    .collect::<Vec<_>>(),
            ),
            how_area,
        );
        let field = Rect {
            y: area.y + top_rows + how_rows,
            height: field_rows as u16,
            ..area
        }
        .intersection(area);
        let footer_rows = footer.len() as u16;
        let footer_area = Rect {
            y: field.y + field.height,
            height: footer_rows,
            ..area
        }
        .intersection(area);
        frame.render_widget(Paragraph::new(footer), footer_area);
        Areas { field, folded }
    }

    fn top_lines(&self, theme: Theme, width: usize, fold: bool) -> Vec<Line<'static>> {
        let mut lines: Vec<Line<'static>> = Vec::new();
        for c in &self.context {
            lines.extend(
                wrap(c, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.dim())),
            );
        }
        if !self.context.is_empty() {
            lines.push(Line::default());
        }
        lines.extend(
            wrap(&self.title, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.heading())),
        );
        if fold {
            lines.extend(
                wrap(FOLDED, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.dim())),
            );
        } else {
            for g in &self.guidance {
                lines.extend(
                    wrap(g.trim_matches('\n'), width)
                        .into_iter()
                        .map(|l| Line::styled(l, theme.dim())),
                );
            }
        }
        for n in &self.notices {
            lines.extend(
                wrap(n, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.notice())),
            );
        }
        lines
    }

    fn how_lines(&self, width: usize) -> Vec<String> {
        self.how
            .as_deref()
            .map(|h| wrap(h, width))
            .unwrap_or_default()
    }

    fn footer_lines(&self, theme: Theme, width: usize) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        match &self.status {
            Some(Status::Info(s)) => lines.extend(
                wrap(s, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.dim())),
            ),
            Some(Status::Problem(s)) => lines.extend(
                wrap(s, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.problem())),
            ),
            None => {}
        }
        for l in pack(&keymap::items(self.keys), width) {
            lines.push(Line::from(Span::styled(l, theme.dim())));
        }
        lines
    }
}

/// Items joined with ` · ` into as few lines of `width` columns as they fit, never splitting an
/// item (a key and its words) between lines unless it is wider than a line by itself.
pub fn pack(items: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        let sep = if line.is_empty() { "" } else { " · " };
        if !line.is_empty() && line.width() + sep.width() + item.width() > width {
            lines.push(std::mem::take(&mut line));
            line.push_str(item);
        } else {
            line.push_str(sep);
            line.push_str(item);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.into_iter().flat_map(|l| wrap(&l, width)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_guidance_still_fits_the_width() {
        let page = Page {
            title: "A question".into(),
            guidance: vec!["Guidance ".repeat(40)],
            keys: crate::terminal::keymap::LONG_TEXT,
            ..Page::default()
        };
        let screen = crate::terminal::test_screen::text(40, 12, |f| {
            let areas = page.render(f, Theme { colour: false }, FieldRows { min: 6, want: 6 });
            assert!(areas.folded);
        });
        let words: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains("More guidance for this question: press F1."),
            "{screen}"
        );
    }

    #[test]
    fn keys_pack_into_lines_without_splitting_one() {
        let items: Vec<String> = [
            "Ctrl-D done, next question",
            "Esc back",
            "Ctrl-R all answers",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            pack(&items, 40),
            [
                "Ctrl-D done, next question · Esc back",
                "Ctrl-R all answers"
            ]
        );
        assert_eq!(pack(&items, 200).len(), 1);
    }
}
