//! The interactive wizard in a terminal: one page per question, drawn full-screen, read key by
//! key in raw mode with bracketed paste, so that arrow keys move the cursor, a paste of any
//! length stays whole in the field it was pasted into, and nothing typed or pasted ahead can
//! answer a question that must be answered deliberately.
//!
//! Each kind of question has its page in its own file under `field/`, beside its plain-mode
//! prompt; the parts the pages share (the page layout, the text field, the list, the keys, the
//! editor, the screen and the keyboard) are the files here.

pub(crate) mod editor;
pub mod input;
pub(crate) mod kept_field;
pub mod keymap;
pub(crate) mod list;
pub mod page;
pub(crate) mod screen;
pub mod text_field;
pub(crate) mod wrap;

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use crate::active_draft::Shared;
use crate::answer::{AnswerValue, Selection};
use crate::prompt::PromptResult;
use crate::prompt::{Ask, Prompter, Reply, Review, ReviewAction, TextKeeper};
use crate::questionnaire::{Questionnaire, Section};

use input::{Input, Reader};
use keymap::{Action, Binding};
use page::{FieldRows, Page, Theme};
use screen::Screen;

pub use text_field::TextField;

/// The longest a page waits before it is drawn again.
const REDRAW: Duration = Duration::from_millis(250);

/// The section being asked, for the heading of its pages.
struct SectionContext {
    number: usize,
    total: usize,
    title: String,
    /// Shown with the section's first question page.
    intro: Option<String>,
}

/// Asks the questions in a terminal, full-screen.
pub struct TerminalPrompter {
    pub(crate) screen: Screen,
    pub(crate) reader: Reader,
    pub(crate) theme: Theme,
    /// The draft, so that text in an open editor belongs to it.
    pub(crate) active: Option<Shared>,
    section: Option<SectionContext>,
    /// Messages waiting for the next page.
    pub(crate) notices: Vec<String>,
    /// The full explanation of long answers has been given once.
    pub(crate) long_explained: bool,
}

impl TerminalPrompter {
    pub fn new() -> io::Result<TerminalPrompter> {
        Ok(TerminalPrompter {
            screen: Screen::new(),
            reader: Reader::default(),
            theme: Theme {
                colour: console::colors_enabled_stderr(),
            },
            active: None,
            section: None,
            notices: Vec::new(),
            long_explained: false,
        })
    }

    /// The page of a question: where it is, the question, its guidance and any messages.
    pub(crate) fn question_page(
        &mut self,
        ask: Ask<'_>,
        keys: &'static [Binding],
        how: Option<String>,
    ) -> Page {
        let q = ask.question;
        let mut context = Vec::new();
        let mut guidance = Vec::new();
        if let Some(s) = &mut self.section {
            context.push(format!("Section {} of {}: {}", s.number, s.total, s.title));
            if let Some(intro) = s.intro.take() {
                guidance.push(intro);
            }
        }
        let required = if q.required { " (required)" } else { "" };
        context.push(format!(
            "Question {} of {}{required}",
            ask.number, ask.total
        ));
        if let Some(help) = &q.help {
            guidance.push(help.trim().to_string());
        }
        Page {
            context,
            title: q.prompt.clone(),
            guidance,
            notices: std::mem::take(&mut self.notices),
            how,
            status: None,
            keys,
        }
    }

    /// A page that is not a question (a decision, a folder to type).
    pub(crate) fn plain_page(
        &mut self,
        title: &str,
        keys: &'static [Binding],
        how: Option<String>,
    ) -> Page {
        Page {
            context: Vec::new(),
            title: title.to_string(),
            guidance: Vec::new(),
            notices: std::mem::take(&mut self.notices),
            how,
            status: None,
            keys,
        }
    }

    /// Draws a page with a text field on it.
    pub(crate) fn draw_text(
        &mut self,
        page: &Page,
        field: &TextField,
        title: &str,
        min_rows: u16,
    ) -> io::Result<()> {
        let theme = self.theme;
        let size = self.screen.size()?;
        let want = field.rows_wanted(size.width);
        self.screen.draw(|frame| {
            let areas = page.render(
                frame,
                theme,
                FieldRows {
                    min: min_rows,
                    want,
                },
            );
            field.render(frame, areas.field, theme, title);
        })
    }

    /// Shows the whole of a page's words (question, guidance) and every key, until Enter or Esc.
    pub(crate) fn help(&mut self, page: &Page) -> PromptResult<()> {
        let mut text = String::new();
        for c in &page.context {
            text.push_str(c);
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&page.title);
        text.push('\n');
        for g in &page.guidance {
            text.push('\n');
            text.push_str(g.trim());
            text.push('\n');
        }
        text.push_str("\nKeys:\n");
        for b in page.keys {
            text.push_str(&format!("  {}: {}\n", b.label, b.help));
        }
        text.push_str(
            "  Ctrl-C: stop; everything you typed is saved, and you can carry on later.\n",
        );
        self.read_page("Help", &text)
    }

    /// A page of text to read (scrolled with the arrow keys), left with Enter or Esc.
    pub(crate) fn read_page(&mut self, title: &str, text: &str) -> PromptResult<()> {
        crate::field::welcome::read(self, title, Vec::new(), text).map(|_| ())
    }

    /// Whether `input` is pasted text arriving where only the respondent's own keys may decide
    /// (a yes/no, a list): a bracketed paste, or a key that `decides` (Enter; Space in a list)
    /// inside an unbracketed one, whose rest is then thrown away unread.
    pub(crate) fn refuse_paste(
        &mut self,
        input: &Input,
        decides: impl Fn(&crossterm::event::KeyEvent) -> bool,
    ) -> bool {
        match input {
            Input::Paste(_) => true,
            Input::Key {
                key, pasted: true, ..
            } if decides(key) => {
                self.reader.discard_pending();
                true
            }
            _ => false,
        }
    }

    /// Waits for input: at most `due` (when a field's text is due to be saved) and at most
    /// [`REDRAW`], so that the page shows news (a save that failed) without a key.
    pub(crate) fn next_input(&mut self, due: Option<Duration>) -> Input {
        let timeout = due.map_or(REDRAW, |d| d.min(REDRAW));
        self.reader
            .next(Some(timeout.max(Duration::from_millis(1))))
    }

    /// Leaves full-screen mode and prints `text` for good (it stays in the terminal).
    pub(crate) fn print(&mut self, text: &str) -> io::Result<()> {
        self.screen.leave();
        let width = console::Term::stderr().size().1 as usize;
        let mut err = io::stderr();
        for line in wrap::wrap(text, width.clamp(20, 100)) {
            writeln!(err, "{line}")?;
        }
        err.flush()
    }
}

impl Drop for TerminalPrompter {
    fn drop(&mut self) {
        self.screen.leave();
        // Messages never shown on a page are printed, not lost.
        for n in std::mem::take(&mut self.notices) {
            let _ = writeln!(io::stderr(), "{n}");
        }
    }
}

/// What a text field's words come to, as a reply: the answer changed, kept, or removed.
pub(crate) fn text_change(text: String, current: Option<&str>) -> crate::prompt::Change<String> {
    use crate::prompt::Change;
    let current = current.unwrap_or("");
    if text == current {
        Change::Unchanged
    } else if text.trim().is_empty() {
        if current.trim().is_empty() {
            Change::Unchanged
        } else {
            Change::Cleared
        }
    } else {
        Change::Answer(text)
    }
}

pub(crate) fn action(keys: &[Binding], input: &Input) -> Option<Action> {
    match input {
        Input::Key { key, .. } => keymap::action(keys, key),
        _ => None,
    }
}

impl Prompter for TerminalPrompter {
    fn welcome(&mut self, q: &Questionnaire, resume_hint: &str) -> PromptResult<()> {
        crate::field::welcome::terminal(self, q, resume_hint)
    }

    /// Shown on the next page drawn (or printed, if none is).
    fn notice(&mut self, text: &str) -> PromptResult<()> {
        self.notices.push(text.to_string());
        Ok(())
    }

    fn info(&mut self, text: &str) -> PromptResult<()> {
        let waiting = std::mem::take(&mut self.notices);
        for n in waiting {
            self.print(&n)?;
        }
        Ok(self.print(text)?)
    }

    fn attach_draft(&mut self, active: Shared) {
        self.active = Some(active);
    }

    fn section(&mut self, number: usize, total: usize, section: &Section) -> PromptResult<()> {
        self.section = Some(SectionContext {
            number,
            total,
            title: section.title.clone(),
            intro: section.intro.as_ref().map(|i| i.trim().to_string()),
        });
        Ok(())
    }

    fn text(
        &mut self,
        ask: Ask<'_>,
        current: Option<&str>,
        unfinished: Option<&str>,
        keeper: &mut dyn TextKeeper,
    ) -> PromptResult<Reply<AnswerValue>> {
        crate::field::one_line::terminal(self, ask, current, unfinished, keeper)
    }

    fn long_text(
        &mut self,
        ask: Ask<'_>,
        current: Option<&str>,
        unfinished: Option<&str>,
        keeper: &mut dyn TextKeeper,
    ) -> PromptResult<Reply<String>> {
        crate::field::long_text::terminal(self, ask, current, unfinished, keeper)
    }

    fn yes_no(
        &mut self,
        ask: Ask<'_>,
        current: Option<bool>,
        offered: Option<bool>,
    ) -> PromptResult<Reply<bool>> {
        crate::field::yes_no::terminal(self, ask, current, offered)
    }

    fn choice(
        &mut self,
        ask: Ask<'_>,
        current: Option<&Selection>,
    ) -> PromptResult<Reply<Selection>> {
        crate::field::choice::terminal(self, ask, current)
    }

    fn review(&mut self, review: &Review) -> PromptResult<ReviewAction> {
        crate::field::review::terminal(self, review)
    }

    fn confirm(&mut self, text: &str) -> PromptResult<bool> {
        crate::field::yes_no::confirm_terminal(self, text)
    }

    fn select(&mut self, text: &str, options: &[String]) -> PromptResult<Option<usize>> {
        crate::field::choice::pick_terminal(self, text, options)
    }

    fn ask_path(&mut self, text: &str) -> PromptResult<Option<PathBuf>> {
        crate::field::one_line::ask_path_terminal(self, text)
    }
}

/// Drawing pages into a test terminal, for looking at them in tests.
#[cfg(test)]
pub(crate) mod test_screen {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// The screen drawn by `draw` at `width` x `height`, as lines of text (trailing spaces
    /// trimmed; a wide character's second cell is empty).
    pub fn text(width: u16, height: u16, draw: impl FnOnce(&mut ratatui::Frame)) -> String {
        let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
        t.draw(draw).unwrap();
        let buf = t.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..height {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buf[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                line.push_str(symbol);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
