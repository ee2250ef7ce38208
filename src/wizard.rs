//! The wizard's logic: which question comes next, what is required, going back, the review,
//! and saving after every answer. It talks to the respondent only through a [`Prompter`].

use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::active_draft::Shared;
use crate::answer::AnswerValue;
use crate::draft::InProgress;
use crate::error::Error;
use crate::prompt::{Ask, LineSink, Nav, Prompter, RetiredItem, ReviewAction, ReviewItem, preview};
use crate::questionnaire::{Kind, Question, Questionnaire, Section};

/// While a paste is coming in, a long answer is saved at most this often; a finished line is
/// never left unsaved for longer.
const PASTE_SAVE_INTERVAL: Duration = Duration::from_millis(250);

/// Where the wizard is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Question(usize),
    Review,
}

pub struct Wizard<'a> {
    q: &'a Questionnaire,
    active: Shared,
    prompter: &'a mut dyn Prompter,
    flat: Vec<(usize, &'a Section, &'a Question)>,
}

impl<'a> Wizard<'a> {
    pub fn new(q: &'a Questionnaire, active: Shared, prompter: &'a mut dyn Prompter) -> Self {
        let flat = q
            .sections
            .iter()
            .enumerate()
            .flat_map(|(si, s)| s.questions.iter().map(move |x| (si, s, x)))
            .collect();
        Wizard {
            q,
            active,
            prompter,
            flat,
        }
    }

    /// Where a draft picks up: the first question not yet seen, or the review when all are.
    pub fn start_position(&self) -> Position {
        let draft = &self.active.lock().draft;
        if let Some(p) = &draft.in_progress
            && let Some(i) = self.flat.iter().position(|(_, _, x)| x.id == p.question_id)
        {
            return Position::Question(i);
        }
        match draft.first_unvisited(self.q) {
            Some(i) => Position::Question(i),
            None => Position::Review,
        }
    }

    /// Runs until the respondent confirms they have finished. Every answer is saved as it is
    /// given. Errors: [`Error::Interrupted`] and input that ended early.
    pub fn run(&mut self, start: Position) -> Result<(), Error> {
        self.run_inner(start).map_err(|e| match e.kind() {
            io::ErrorKind::Interrupted => Error::Interrupted,
            io::ErrorKind::UnexpectedEof => Error::InputEnded,
            _ => Error::io("cannot talk to the terminal", e),
        })
    }

    fn run_inner(&mut self, start: Position) -> io::Result<()> {
        let n = self.flat.len();
        let section_total = self.q.sections.len();
        let mut pos = start;
        let mut shown_section: Option<usize> = None;
        let mut back_to_review = false;
        loop {
            match pos {
                Position::Question(i) => {
                    let (si, section, question) = self.flat[i];
                    if shown_section != Some(si) {
                        self.prompter.section(si + 1, section_total, section)?;
                        shown_section = Some(si);
                    }
                    let ask = Ask {
                        question,
                        number: i + 1,
                        total: n,
                    };
                    let nav = self.ask(ask)?;
                    let has_answer = self
                        .active
                        .lock()
                        .draft
                        .answer(&question.id)
                        .is_some_and(|a| !a.is_empty());
                    let advance = match nav {
                        Nav::Answer(value) if !value.is_empty() => {
                            self.record(question, Some(value))?;
                            true
                        }
                        Nav::Answer(_) | Nav::Keep => {
                            if has_answer {
                                true
                            } else if question.required {
                                self.prompter.notice(&needs_answer(question))?;
                                false
                            } else {
                                self.record(question, None)?;
                                true
                            }
                        }
                        Nav::Clear => {
                            if question.required {
                                self.prompter.notice(&needs_answer(question))?;
                                false
                            } else {
                                self.record(question, None)?;
                                self.prompter.notice("That answer has been removed.")?;
                                true
                            }
                        }
                        Nav::Back => {
                            if i == 0 {
                                self.prompter.notice("This is the first question.")?;
                            } else {
                                pos = Position::Question(i - 1);
                            }
                            back_to_review = false;
                            false
                        }
                        Nav::Review => {
                            pos = Position::Review;
                            back_to_review = false;
                            false
                        }
                    };
                    if advance {
                        pos = if back_to_review || i + 1 == n {
                            back_to_review = false;
                            Position::Review
                        } else {
                            Position::Question(i + 1)
                        };
                    }
                }
                Position::Review => {
                    let (items, retired, answered) = self.review_items();
                    match self.prompter.review(&items, &retired, answered)? {
                        ReviewAction::Edit(i) if i < n => {
                            pos = Position::Question(i);
                            back_to_review = true;
                            shown_section = None;
                        }
                        ReviewAction::Edit(_) => {}
                        ReviewAction::Back => {
                            pos = Position::Question(n - 1);
                            back_to_review = false;
                            shown_section = None;
                        }
                        ReviewAction::Finish => {
                            let missing: Vec<String> = self
                                .active
                                .lock()
                                .draft
                                .missing_required(self.q)
                                .iter()
                                .map(|x| x.id.clone())
                                .collect();
                            if let Some(first) = missing.first() {
                                let names: Vec<String> = missing
                                    .iter()
                                    .filter_map(|id| self.q.question(id))
                                    .map(|x| format!("\"{}\"", x.prompt))
                                    .collect();
                                self.prompter.notice(&format!(
                                    "Before you finish, {} still {} an answer: {}. Let's go there now.",
                                    if missing.len() == 1 { "one question" } else { "some questions" },
                                    if missing.len() == 1 { "needs" } else { "need" },
                                    names.join(", ")
                                ))?;
                                let i = self
                                    .flat
                                    .iter()
                                    .position(|(_, _, x)| &x.id == first)
                                    .unwrap_or(0);
                                pos = Position::Question(i);
                                back_to_review = true;
                                shown_section = None;
                            } else if self
                                .prompter
                                .confirm("Finish and write your response now?")?
                            {
                                return Ok(());
                            }
                        }
                    }
                }
            }
        }
    }

    /// Asks one question through the prompter, with the answer already given as the default.
    fn ask(&mut self, ask: Ask<'_>) -> io::Result<Nav<AnswerValue>> {
        let question = ask.question;
        let (current, unfinished) = {
            let active = self.active.lock();
            let current = active.draft.answer(&question.id).cloned();
            let unfinished = active
                .draft
                .in_progress
                .as_ref()
                .filter(|p| p.question_id == question.id)
                .map(|p| p.text.clone());
            (current, unfinished)
        };
        let current_text = match &current {
            Some(AnswerValue::Text(t)) => Some(t.as_str()),
            _ => None,
        };
        Ok(match &question.kind {
            Kind::Short | Kind::Email | Kind::Phone => self.prompter.text(ask, current_text)?,
            Kind::Long => {
                let mut sink = DraftSink {
                    active: self.active.clone(),
                    question_id: question.id.clone(),
                    last_save: Instant::now(),
                };
                let nav = self.prompter.long_text(
                    ask,
                    current_text,
                    unfinished.as_deref().filter(|u| Some(*u) != current_text),
                    &mut sink,
                )?;
                map_nav(nav, AnswerValue::Text)
            }
            Kind::YesNo { .. } => {
                let current = match current {
                    Some(AnswerValue::YesNo(b)) => Some(b),
                    _ => None,
                };
                map_nav(self.prompter.yes_no(ask, current)?, AnswerValue::YesNo)
            }
            Kind::Choice { .. } => {
                let current = match &current {
                    Some(AnswerValue::Selection(s)) => Some(s.clone()),
                    _ => question.default_selection(),
                };
                map_nav(
                    self.prompter.choice(ask, current.as_ref())?,
                    AnswerValue::Selection,
                )
            }
        })
    }

    /// Records an answer (or a skip) and saves the draft.
    fn record(&mut self, question: &Question, value: Option<AnswerValue>) -> io::Result<()> {
        {
            let mut active = self.active.lock();
            active.draft.set_answer(self.q, question, value);
            active.unsaved = true;
        }
        self.save()
    }

    /// Saves the draft. When that fails, the answers stay in memory and the respondent is
    /// offered another place to keep them.
    fn save(&mut self) -> io::Result<()> {
        loop {
            let result = self.active.lock().save();
            let Err(err) = result else { return Ok(()) };
            self.prompter.notice(&format!(
                "Your answers could not be saved: {err}. Nothing is lost: they are still here, and saving will be tried again after your next answer."
            ))?;
            let Some(dir) = self.prompter.ask_path(
                "To save them somewhere else now, type the path of a folder (for example a USB stick). To carry on without, press Enter.",
            )?
            else {
                return Ok(());
            };
            let dir = expand_home(dir);
            let moved = self.active.lock().relocate(&dir);
            match moved {
                Ok(()) => {
                    self.prompter.notice(&format!(
                        "Saved. Your draft is now kept in {}. To carry on later: ndti-respond --data-dir {} resume",
                        dir.display(),
                        shell_quote(&dir.display().to_string())
                    ))?;
                    return Ok(());
                }
                Err(e) => self
                    .prompter
                    .notice(&format!("That did not work either: {e}."))?,
            }
        }
    }

    fn review_items(&self) -> (Vec<ReviewItem>, Vec<RetiredItem>, usize) {
        let active = self.active.lock();
        let draft = &active.draft;
        let items = self
            .flat
            .iter()
            .enumerate()
            .map(|(i, (si, section, question))| ReviewItem {
                index: i,
                section_number: si + 1,
                section: section.title.clone(),
                question: question.prompt.clone(),
                preview: draft
                    .answer(&question.id)
                    .filter(|a| !a.is_empty())
                    .map(|a| preview(a, 60)),
                required: question.required,
            })
            .collect();
        let retired = draft
            .answers
            .values()
            .filter(|e| e.retired)
            .filter_map(|e| {
                e.given().map(|a| RetiredItem {
                    question: e.question.clone(),
                    preview: preview(a, 60),
                })
            })
            .collect();
        (items, retired, draft.answered_count())
    }
}

fn needs_answer(question: &Question) -> String {
    let what = match question.kind {
        Kind::YesNo { .. } => "Please answer yes or no",
        Kind::Choice { .. } => "Please choose at least one option",
        _ => "Please write something here, even a few words",
    };
    format!(
        "This question needs an answer before you can finish. {what}. (You can also come back to it later.)"
    )
}

fn map_nav<T, U>(nav: Nav<T>, f: impl FnOnce(T) -> U) -> Nav<U> {
    match nav {
        Nav::Answer(v) => Nav::Answer(f(v)),
        Nav::Keep => Nav::Keep,
        Nav::Clear => Nav::Clear,
        Nav::Back => Nav::Back,
        Nav::Review => Nav::Review,
    }
}

fn expand_home(path: PathBuf) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    path
}

/// Quotes a path for a shell command shown to the user, when it needs quoting.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Saves a long answer into the draft as it grows: at once when the respondent pauses, and at
/// most every [`PASTE_SAVE_INTERVAL`] while a paste streams in.
struct DraftSink {
    active: Shared,
    question_id: String,
    last_save: Instant,
}

impl LineSink for DraftSink {
    fn progress(&mut self, text: &str, more_waiting: bool) {
        let mut active = self.active.lock();
        active.draft.in_progress = Some(InProgress {
            question_id: self.question_id.clone(),
            text: text.to_string(),
        });
        active.unsaved = true;
        if !more_waiting || self.last_save.elapsed() >= PASTE_SAVE_INTERVAL {
            // A failure here is reported when the answer is recorded; the text stays in memory.
            let _ = active.save();
            self.last_save = Instant::now();
        }
    }
}
