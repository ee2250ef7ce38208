//! The terminal in full-screen mode: the alternate screen, raw mode (every key read as it is
//! pressed, none echoed) and bracketed paste (a paste arrives as one event), entered when the
//! first page is drawn and left before anything is printed for good, an editor is opened, or the
//! program ends.

use std::io::{self, Stderr, Write};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Size;
use ratatui::{Frame, Terminal};

use crate::interrupt;

/// The terminal, drawn on as a whole screen. Prompts go to standard error, like every message:
/// standard output carries only what a command outputs.
pub struct Screen {
    terminal: Option<Terminal<CrosstermBackend<Stderr>>>,
}

impl Screen {
    pub fn new() -> Screen {
        Screen { terminal: None }
    }

    fn enter(&mut self) -> io::Result<&mut Terminal<CrosstermBackend<Stderr>>> {
        if self.terminal.is_none() {
            enable_raw_mode()?;
            interrupt::set_full_screen(true);
            let mut stderr = io::stderr();
            // Cleared here rather than by the drawing library, which would ask the terminal
            // where its cursor is: a terminal that does not answer must not stop the wizard.
            crossterm::execute!(
                stderr,
                EnterAlternateScreen,
                EnableBracketedPaste,
                Clear(ClearType::All)
            )?;
            self.terminal = Some(Terminal::new(CrosstermBackend::new(io::stderr()))?);
        }
        Ok(self.terminal.as_mut().expect("entered just now"))
    }

    /// Draws a whole page. A window that changed size is drawn afresh.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        self.enter()?.draw(render)?;
        Ok(())
    }

    /// The size of the window in columns and rows.
    pub fn size(&mut self) -> io::Result<Size> {
        self.enter()?.size()
    }

    /// Back to the terminal's normal screen and mode, as it was before.
    pub fn leave(&mut self) {
        if let Some(mut terminal) = self.terminal.take() {
            let _ = terminal.show_cursor();
            let mut stderr = io::stderr();
            let _ = crossterm::execute!(stderr, DisableBracketedPaste, LeaveAlternateScreen);
            let _ = stderr.flush();
            let _ = disable_raw_mode();
            interrupt::set_full_screen(false);
        }
    }
}

impl Default for Screen {
    fn default() -> Self {
        Screen::new()
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        self.leave();
    }
}
