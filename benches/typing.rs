//! Typing and pasting in the wizard's terminal fields, in process (divan):
//! - a keystroke in a long answer that already holds 5,000 lines, from the key to the page drawn
//!   again (into an 80x24 test terminal: the same drawing, without the terminal's own time);
//! - a 1 MB paste: cleaned, inserted, drawn, and handed to the autosave, which writes the draft
//!   durably (write, fsync, rename, fsync of the folder) in a folder on this disk.
//!
//! Run with `cargo bench --bench typing`. Targets (PRODUCT.md): a keystroke redrawn within 16 ms
//! (one frame at 60 Hz); a 1 MB paste taken and durably saved within 1 s. Figures and the
//! machine: docs/benchmarks.md. The same paste through a real pseudo-terminal, process and all:
//! `cargo run --release --example paste_pty`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ndti_respond::active_draft::{ActiveDraft, Shared};
use ndti_respond::autosave::Autosaver;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::Questionnaire;
use ndti_respond::storage::Store;
use ndti_respond::terminal::TextField;
use ndti_respond::terminal::input::clean_paste;
use ndti_respond::terminal::keymap::LONG_TEXT;
use ndti_respond::terminal::page::{FieldRows, Page, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

/// A line of prose as people write it: about 70 columns, accents and a few wide characters.
const LINE: &str = "We met every fortnight; people with lived experience chaired it. Café, 漢字.";

fn page() -> Page {
    Page {
        context: vec![
            "Section 3 of 8: Type or nature of activity".into(),
            "Question 7 of 28 (required)".into(),
        ],
        title: "Type or nature of activity:".into(),
        how: Some("Enter starts a new line; Ctrl-D when you have finished.".into()),
        keys: LONG_TEXT,
        ..Page::default()
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, page: &Page, field: &TextField) {
    let theme = Theme { colour: false };
    terminal
        .draw(|frame| {
            let areas = page.render(
                frame,
                theme,
                FieldRows {
                    min: 6,
                    want: u16::MAX,
                },
            );
            field.render(frame, areas.field, theme, "Your answer");
        })
        .unwrap();
}

/// One key typed at the end of a 5,000-line answer, and the page drawn again.
#[divan::bench(sample_count = 200)]
fn keystroke_in_a_5000_line_answer(bencher: divan::Bencher) {
    let text: Vec<&str> = std::iter::repeat_n(LINE, 5000).collect();
    let mut field = TextField::new(&text.join("\n"), true);
    let page = page();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    draw(&mut terminal, &page, &field);
    let key = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    bencher.bench_local(|| {
        field.edit(&key);
        draw(&mut terminal, &page, &field);
    });
}

/// The same key in the middle of the answer (line 2,500): everything after it wraps again.
#[divan::bench(sample_count = 200)]
fn keystroke_in_the_middle_of_a_5000_line_answer(bencher: divan::Bencher) {
    let text: Vec<&str> = std::iter::repeat_n(LINE, 5000).collect();
    let mut field = TextField::new(&text.join("\n"), true);
    let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
    for _ in 0..2500 {
        field.edit(&up);
    }
    let page = page();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    draw(&mut terminal, &page, &field);
    let key = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    bencher.bench_local(|| {
        field.edit(&key);
        draw(&mut terminal, &page, &field);
    });
}

/// A 1 MB paste (14,000 lines of prose) into an empty long answer: taken, drawn, and saved
/// durably in the draft by the autosave.
#[divan::bench(sample_count = 20)]
fn paste_of_1_mb_taken_and_durably_saved(bencher: divan::Bencher) {
    let mut paste = String::new();
    while paste.len() < 1_000_000 {
        paste.push_str(LINE);
        paste.push('\r');
    }
    let q = Questionnaire::embedded();
    let dir = tempfile::tempdir_in(".").unwrap();
    let store = Store::open(dir.path()).unwrap();
    let draft = Draft::new(&q);
    let lock = store.lock(&draft.response_id).unwrap();
    let active = Shared::new(ActiveDraft::new(store, draft, lock));
    let saver = Autosaver::start(active.clone());
    let page = page();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    bencher.bench_local(|| {
        let mut field = TextField::new("", true);
        field.paste(&clean_paste(&paste));
        draw(&mut terminal, &page, &field);
        saver.hand_over("activity_type", &field.text());
        saver.flush();
        assert_eq!(saver.failure(), None);
    });
}
