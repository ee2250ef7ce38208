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
        self.run_inner(start).map_err(Error::from_prompt)
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
                nav.map(AnswerValue::Text)
            }
            Kind::YesNo { .. } => {
                let current = match current {
                    Some(AnswerValue::YesNo(b)) => Some(b),
                    _ => None,
                };
                self.prompter.yes_no(ask, current)?.map(AnswerValue::YesNo)
            }
            Kind::Choice { .. } => {
                let current = match &current {
                    Some(AnswerValue::Selection(s)) => Some(s.clone()),
                    _ => question.default_selection(),
                };
                self.prompter
                    .choice(ask, current.as_ref())?
                    .map(AnswerValue::Selection)
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
        // Called once a line: reuse the copy's buffer rather than allocate a new one each time,
        // which for a pasted 5,000-line answer meant thousands of large allocations and frees.
        match &mut active.draft.in_progress {
            Some(kept) if kept.question_id == self.question_id => {
                kept.text.clear();
                kept.text.push_str(text);
            }
            other => {
                *other = Some(InProgress {
                    question_id: self.question_id.clone(),
                    text: text.to_string(),
                })
            }
        }
        active.unsaved = true;
        if !more_waiting || self.last_save.elapsed() >= PASTE_SAVE_INTERVAL {
            // A failure here is reported when the answer is recorded; the text stays in memory.
            let _ = active.save();
            self.last_save = Instant::now();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;
    use crate::active_draft::ActiveDraft;
    use crate::answer::Selection;
    use crate::draft::Draft;
    use crate::storage::Store;

    /// What the scripted respondent does at each prompt, in order.
    enum Step {
        Text(&'static str),
        Long(&'static [&'static str]),
        Yes(bool),
        Choose(&'static [usize]),
        Keep,
        Back,
        Review,
        Edit(usize),
        Finish,
        Confirm(bool),
    }

    struct Scripted {
        steps: VecDeque<Step>,
        /// Question ids in the order they were asked.
        asked: Vec<String>,
        notices: Vec<String>,
        /// The answer each prompt started from.
        started_from: Vec<Option<String>>,
    }

    impl Scripted {
        fn new(steps: Vec<Step>) -> Scripted {
            Scripted {
                steps: steps.into(),
                asked: Vec::new(),
                notices: Vec::new(),
                started_from: Vec::new(),
            }
        }

        fn next(&mut self) -> io::Result<Step> {
            self.steps
                .pop_front()
                .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "script ended"))
        }

        fn nav<T>(&mut self, step: Step, f: impl FnOnce(Step) -> T) -> Nav<T> {
            match step {
                Step::Keep => Nav::Keep,
                Step::Back => Nav::Back,
                Step::Review => Nav::Review,
                other => Nav::Answer(f(other)),
            }
        }
    }

    impl Prompter for Scripted {
        fn welcome(&mut self, _q: &Questionnaire) -> io::Result<()> {
            Ok(())
        }
        fn notice(&mut self, text: &str) -> io::Result<()> {
            self.notices.push(text.to_string());
            Ok(())
        }
        fn section(&mut self, _n: usize, _t: usize, _s: &Section) -> io::Result<()> {
            Ok(())
        }
        fn text(&mut self, ask: Ask<'_>, current: Option<&str>) -> io::Result<Nav<AnswerValue>> {
            self.asked.push(ask.question.id.clone());
            self.started_from.push(current.map(str::to_string));
            let step = self.next()?;
            let q = ask.question;
            Ok(self.nav(step, |s| match s {
                Step::Text(t) => q.check_text(t).expect("scripted answers are valid"),
                _ => panic!("a text answer was expected for {}", q.id),
            }))
        }
        fn long_text(
            &mut self,
            ask: Ask<'_>,
            current: Option<&str>,
            _unfinished: Option<&str>,
            sink: &mut dyn LineSink,
        ) -> io::Result<Nav<String>> {
            self.asked.push(ask.question.id.clone());
            self.started_from.push(current.map(str::to_string));
            let step = self.next()?;
            if let Step::Long(lines) = &step {
                for i in 1..=lines.len() {
                    sink.progress(&lines[..i].join("\n"), i < lines.len());
                }
            }
            let id = ask.question.id.clone();
            Ok(self.nav(step, |s| match s {
                Step::Long(lines) => lines.join("\n"),
                _ => panic!("a long answer was expected for {id}"),
            }))
        }
        fn yes_no(&mut self, ask: Ask<'_>, _current: Option<bool>) -> io::Result<Nav<bool>> {
            self.asked.push(ask.question.id.clone());
            self.started_from.push(None);
            let step = self.next()?;
            Ok(self.nav(step, |s| match s {
                Step::Yes(b) => b,
                _ => panic!("a yes/no answer was expected"),
            }))
        }
        fn choice(
            &mut self,
            ask: Ask<'_>,
            _current: Option<&Selection>,
        ) -> io::Result<Nav<Selection>> {
            self.asked.push(ask.question.id.clone());
            self.started_from.push(None);
            let step = self.next()?;
            let q = ask.question;
            Ok(self.nav(step, |s| match s {
                Step::Choose(ix) => q.selection(ix, Some("other words".into())).unwrap(),
                _ => panic!("a choice was expected"),
            }))
        }
        fn review(
            &mut self,
            _items: &[ReviewItem],
            _retired: &[RetiredItem],
            _answered: usize,
        ) -> io::Result<ReviewAction> {
            self.asked.push("<review>".into());
            Ok(match self.next()? {
                Step::Edit(i) => ReviewAction::Edit(i),
                Step::Finish => ReviewAction::Finish,
                Step::Back => ReviewAction::Back,
                _ => panic!("a review action was expected"),
            })
        }
        fn confirm(&mut self, _text: &str) -> io::Result<bool> {
            match self.next()? {
                Step::Confirm(b) => Ok(b),
                _ => panic!("a confirmation was expected"),
            }
        }
        fn select(&mut self, _text: &str, _options: &[String]) -> io::Result<Option<usize>> {
            Ok(None)
        }
        fn ask_path(&mut self, _text: &str) -> io::Result<Option<PathBuf>> {
            Ok(None)
        }
    }

    const SMALL: &str = r#"
id = "small"
version = "1"
title = "Small"
organisation = "Org"
intro = "Intro"
[return]
email = "a@b.org"
postal_address = "Somewhere"
deadline = "2030-01-01"
email_subject = "Subject"
[[sections]]
id = "one"
title = "One"
[[sections.questions]]
id = "name"
kind = "short"
required = true
prompt = "Name"
[[sections.questions]]
id = "consent"
kind = "yesno"
role = "consent"
required = true
prompt = "May we?"
[[sections]]
id = "two"
title = "Two"
[[sections.questions]]
id = "story"
kind = "long"
required = true
prompt = "Your story"
[[sections.questions]]
id = "focus"
kind = "choice"
prompt = "Focus"
other = "Other"
choices = [{ id = "a", label = "A" }, { id = "b", label = "B" }]
[[sections.questions]]
id = "extra"
kind = "long"
prompt = "Anything else?"
"#;

    fn setup() -> (Questionnaire, Shared, tempfile::TempDir) {
        let q = Questionnaire::parse(SMALL, "small.toml").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let draft = Draft::new(&q);
        let lock = store.lock(&draft.response_id).unwrap();
        (q, Shared::new(ActiveDraft::new(store, draft, lock)), dir)
    }

    fn saved(active: &Shared) -> Draft {
        let a = active.lock();
        a.store.load(&a.id()).unwrap()
    }

    #[test]
    fn a_straight_run_saves_every_answer_and_finishes_at_the_review() {
        let (q, active, _dir) = setup();
        let mut p = Scripted::new(vec![
            Step::Text("Jo"),
            Step::Yes(false),
            Step::Long(&["para one", "", "para two"]),
            Step::Choose(&[2]),
            Step::Keep,
            Step::Finish,
            Step::Confirm(true),
        ]);
        let mut w = Wizard::new(&q, active.clone(), &mut p);
        assert_eq!(w.start_position(), Position::Question(0));
        w.run(Position::Question(0)).unwrap();
        let d = saved(&active);
        assert_eq!(d.answer("name"), Some(&AnswerValue::Text("Jo".into())));
        assert_eq!(d.answer("consent"), Some(&AnswerValue::YesNo(false)));
        assert_eq!(
            d.answer("story"),
            Some(&AnswerValue::Text("para one\n\npara two".into()))
        );
        match d.answer("focus") {
            Some(AnswerValue::Selection(s)) => assert_eq!(s.other.as_deref(), Some("other words")),
            other => panic!("unexpected {other:?}"),
        }
        assert!(
            d.visited("extra") && d.answer("extra").is_none(),
            "skipped, not missing"
        );
        assert!(
            d.in_progress.is_none(),
            "a finished answer leaves nothing in progress"
        );
        assert_eq!(p.asked.last().unwrap(), "<review>");
    }

    #[test]
    fn back_crosses_sections_and_edits_start_from_the_answer() {
        let (q, active, _dir) = setup();
        let mut p = Scripted::new(vec![
            Step::Text("Jo"),
            Step::Yes(true),
            Step::Back, // at "story", first of section two: back to "consent"
            Step::Back, // back to "name"
            Step::Text("Jo Bloggs"),
            Step::Keep, // consent kept
            Step::Long(&["story"]),
            Step::Review,
            Step::Finish,
            Step::Confirm(true),
        ]);
        Wizard::new(&q, active.clone(), &mut p)
            .run(Position::Question(0))
            .unwrap();
        assert_eq!(
            p.asked,
            [
                "name", "consent", "story", "consent", "name", "consent", "story", "focus",
                "<review>"
            ]
        );
        assert_eq!(
            p.started_from[4].as_deref(),
            Some("Jo"),
            "editing starts from the answer"
        );
        let d = saved(&active);
        assert_eq!(
            d.answer("name"),
            Some(&AnswerValue::Text("Jo Bloggs".into()))
        );
        assert_eq!(d.answer("consent"), Some(&AnswerValue::YesNo(true)));
    }

    #[test]
    fn finishing_with_a_required_answer_missing_goes_to_it_then_back_to_review() {
        let (q, active, _dir) = setup();
        let mut p = Scripted::new(vec![
            Step::Text("Jo"),
            Step::Review, // jump to the review at consent
            Step::Finish, // refused: consent and story are missing
            Step::Yes(true),
            Step::Finish, // still story
            Step::Long(&["my story"]),
            Step::Edit(0), // edit the name from the review
            Step::Keep,
            Step::Finish,
            Step::Confirm(false), // not yet
            Step::Finish,
            Step::Confirm(true),
        ]);
        Wizard::new(&q, active.clone(), &mut p)
            .run(Position::Question(0))
            .unwrap();
        assert_eq!(
            p.asked,
            [
                "name", "consent", "<review>", "consent", "<review>", "story", "<review>", "name",
                "<review>", "<review>"
            ]
        );
        assert!(p.notices.iter().any(|n| n.contains("still need an answer")));
        // Prompts so far: name, consent, consent, story, then the name again from the review.
        assert_eq!(p.started_from[4].as_deref(), Some("Jo"));
    }

    #[test]
    fn required_questions_are_asked_again_kindly() {
        let (q, active, _dir) = setup();
        let mut p = Scripted::new(vec![Step::Keep, Step::Text("Jo")]);
        let err = Wizard::new(&q, active.clone(), &mut p)
            .run(Position::Question(0))
            .unwrap_err();
        assert!(matches!(err, Error::InputEnded));
        assert_eq!(p.asked, ["name", "name", "consent"]);
        assert!(p.notices[0].contains("needs an answer"));
        assert_eq!(
            saved(&active).answer("name"),
            Some(&AnswerValue::Text("Jo".into()))
        );
    }

    #[test]
    fn a_long_answer_in_progress_is_in_the_draft_line_by_line() {
        let (q, active, _dir) = setup();
        let mut sink = DraftSink {
            active: active.clone(),
            question_id: "story".into(),
            last_save: Instant::now(),
        };
        sink.progress("line one", false);
        assert_eq!(saved(&active).in_progress.unwrap().text, "line one");
        // While a paste streams in, saving waits (up to the interval)...
        sink.progress("line one\nline two", true);
        assert_eq!(saved(&active).in_progress.unwrap().text, "line one");
        // ...and happens as soon as the input pauses.
        sink.progress("line one\nline two\nline three", false);
        assert_eq!(
            saved(&active).in_progress.unwrap().text,
            "line one\nline two\nline three"
        );
        let _ = q;
    }

    #[test]
    fn resuming_a_complete_draft_lands_on_the_review() {
        let (q, active, _dir) = setup();
        let mut p = Scripted::new(vec![
            Step::Text("Jo"),
            Step::Yes(true),
            Step::Long(&["s"]),
            Step::Keep,
            Step::Keep,
        ]);
        let _ = Wizard::new(&q, active.clone(), &mut p).run(Position::Question(0));
        let mut p2 = Scripted::new(vec![]);
        let w = Wizard::new(&q, active.clone(), &mut p2);
        assert_eq!(w.start_position(), Position::Review);
    }
}
