//! A field to type in: one line (a name, an email address) or many (a long answer), edited with
//! the keys of any good editor, soft-wrapped by display width (CJK, emoji and combining marks
//! take the columns the terminal gives them), with undo and no length limit. Built on
//! ratatui-textarea; this file decides the keys and how a paste lands.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders};
use ratatui_textarea::{CursorMove, Scrolling, TextArea, WrapMode};

use super::page::Theme;

/// What became of a paste.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pasted {
    /// Inserted as it was.
    Whole,
    /// A one-line field: its line breaks became spaces (how many lines there were).
    Joined { lines: usize },
    /// Nothing in it was text.
    Empty,
}

/// A text field and its editing state.
pub struct TextField {
    area: TextArea<'static>,
    multiline: bool,
    /// The answer as the field started, to tell whether anything was changed.
    original: String,
}

impl TextField {
    /// A field holding `text`, with the cursor at its end: editing starts where the text stops.
    pub fn new(text: &str, multiline: bool) -> TextField {
        let lines: Vec<String> = if multiline {
            text.split('\n').map(str::to_string).collect()
        } else {
            vec![text.replace('\n', " ")]
        };
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_cursor_line_style(Style::default());
        area.set_max_histories(1000);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        TextField {
            area,
            multiline,
            original: text.to_string(),
        }
    }

    /// The whole text, lines joined with `\n`.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn is_blank(&self) -> bool {
        self.area.lines().iter().all(|l| l.trim().is_empty())
    }

    /// Whether the text differs from what the field started with.
    pub fn changed(&self) -> bool {
        self.text() != self.original
    }

    /// How many lines of text the field holds.
    pub fn line_count(&self) -> usize {
        self.area.lines().len()
    }

    /// Acts on an editing key; returns whether the text changed. Keys that are not for editing
    /// (the field's commands) are left to the caller, which asks first.
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let a = &mut self.area;
        match key.code {
            KeyCode::Char(c) if !ctrl && !alt => {
                a.insert_char(c);
                true
            }
            KeyCode::Enter if self.multiline => {
                a.insert_newline();
                true
            }
            KeyCode::Tab => a.insert_tab(),
            KeyCode::Char('h') if ctrl => a.delete_char(),
            KeyCode::Backspace if ctrl || alt => a.delete_word(),
            KeyCode::Char('w') if ctrl => a.delete_word(),
            KeyCode::Backspace => a.delete_char(),
            KeyCode::Delete if ctrl || alt => a.delete_next_word(),
            KeyCode::Char('d') if alt => a.delete_next_word(),
            KeyCode::Delete => a.delete_next_char(),
            KeyCode::Char('k') if ctrl => a.delete_line_by_end(),
            KeyCode::Char('u') if ctrl => a.delete_line_by_head(),
            _ => {
                self.navigate(key);
                false
            }
        }
    }

    fn navigate(&mut self, key: &KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let a = &mut self.area;
        match key.code {
            KeyCode::Left if ctrl || alt => a.move_cursor(CursorMove::WordBack),
            KeyCode::Char('b') if alt => a.move_cursor(CursorMove::WordBack),
            KeyCode::Right if ctrl || alt => a.move_cursor(CursorMove::WordForward),
            KeyCode::Char('f') if alt => a.move_cursor(CursorMove::WordForward),
            KeyCode::Left => a.move_cursor(CursorMove::Back),
            KeyCode::Right => a.move_cursor(CursorMove::Forward),
            KeyCode::Up if ctrl || alt => a.move_cursor(CursorMove::ParagraphBack),
            KeyCode::Down if ctrl || alt => a.move_cursor(CursorMove::ParagraphForward),
            KeyCode::Up => a.move_cursor(CursorMove::Up),
            KeyCode::Down => a.move_cursor(CursorMove::Down),
            // The start and the end of the whole text, as in a word processor.
            KeyCode::Home if ctrl => {
                a.move_cursor(CursorMove::Top);
                a.move_cursor(CursorMove::Head);
            }
            KeyCode::End if ctrl => {
                a.move_cursor(CursorMove::Bottom);
                a.move_cursor(CursorMove::End);
            }
            KeyCode::Home => a.move_cursor(CursorMove::Head),
            KeyCode::Char('a') if ctrl => a.move_cursor(CursorMove::Head),
            KeyCode::End => a.move_cursor(CursorMove::End),
            KeyCode::PageUp => a.scroll(Scrolling::PageUp),
            KeyCode::PageDown => a.scroll(Scrolling::PageDown),
            _ => {}
        }
    }

    pub fn undo(&mut self) -> bool {
        self.area.undo()
    }

    pub fn redo(&mut self) -> bool {
        self.area.redo()
    }

    /// Inserts a paste at the cursor, whole. Its line endings are already `\n` and its control
    /// characters gone ([`super::input::clean_paste`]). A one-line field takes its lines joined
    /// with spaces: the paste stays in the field it was pasted into.
    pub fn paste(&mut self, text: &str) -> Pasted {
        if text.is_empty() {
            return Pasted::Empty;
        }
        if self.multiline {
            self.area.insert_str(text);
            return Pasted::Whole;
        }
        let lines: Vec<&str> = text.split('\n').filter(|l| !l.trim().is_empty()).collect();
        let joined = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        if joined.is_empty() {
            return Pasted::Empty;
        }
        self.area.insert_str(&joined);
        if lines.len() > 1 {
            Pasted::Joined { lines: lines.len() }
        } else {
            Pasted::Whole
        }
    }

    /// Replaces the whole text (after the editor changed it), the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.area.select_all();
        self.area.cut();
        self.area.insert_str(text);
        self.area.move_cursor(CursorMove::Bottom);
        self.area.move_cursor(CursorMove::End);
    }

    /// The rows the field would like at `width` columns (its border included): every wrapped
    /// line of a one-line field, all there is for a long one.
    pub fn rows_wanted(&self, width: u16) -> u16 {
        if self.multiline {
            return u16::MAX;
        }
        let inner = usize::from(width.saturating_sub(2).max(1));
        let cols = unicode_width::UnicodeWidthStr::width(self.area.lines()[0].as_str()) + 1;
        let rows = cols.div_ceil(inner).clamp(1, 6);
        rows as u16 + 2
    }

    /// Draws the field in a box titled `title`, and puts the terminal's cursor where typing
    /// goes (screen readers and input methods follow it).
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme, title: &str) {
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {title} "))
            .title_style(theme.heading());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(&self.area, inner);
        let cursor = self.area.screen_cursor();
        let (top, left) = self.area.scroll_offset();
        let row = cursor.row.checked_sub(usize::from(top));
        let col = cursor.col.checked_sub(usize::from(left));
        if let (Some(row), Some(col)) = (row, col)
            && row < usize::from(inner.height)
            && col <= usize::from(inner.width)
        {
            let x = inner.x + (col as u16).min(inner.width.saturating_sub(1));
            frame.set_cursor_position(Position::new(x, inner.y + row as u16));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(field: &mut TextField, text: &str) {
        for c in text.chars() {
            field.edit(&key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn arrow_keys_move_the_cursor_and_never_become_text() {
        let mut f = TextField::new("", true);
        typed(&mut f, "first line");
        f.edit(&key(KeyCode::Enter));
        typed(&mut f, "second");
        f.edit(&key(KeyCode::Up));
        f.edit(&key(KeyCode::Home));
        typed(&mut f, "X");
        assert_eq!(f.text(), "Xfirst line\nsecond");
    }

    #[test]
    fn editing_in_the_middle_of_a_cjk_line() {
        let mut f = TextField::new("", false);
        typed(&mut f, "王小明");
        f.edit(&key(KeyCode::Left));
        f.edit(&key(KeyCode::Backspace));
        typed(&mut f, "X");
        assert_eq!(f.text(), "王X明");
    }

    #[test]
    fn a_paste_lands_whole_or_joined_on_one_line() {
        let mut long = TextField::new("Before. ", true);
        assert_eq!(long.paste("one\n.\ntwo"), Pasted::Whole);
        assert_eq!(long.text(), "Before. one\n.\ntwo");
        let mut short = TextField::new("", false);
        assert_eq!(short.paste("Jo\nBloggs\n"), Pasted::Joined { lines: 2 });
        assert_eq!(short.text(), "Jo Bloggs");
        assert!(!short.text().contains('\n'));
    }

    #[test]
    fn undo_takes_back_the_last_change() {
        let mut f = TextField::new("kept", true);
        assert!(!f.changed());
        f.paste(" and pasted");
        assert!(f.changed());
        f.undo();
        assert_eq!(f.text(), "kept");
        f.redo();
        assert_eq!(f.text(), "kept and pasted");
    }
}
