//! The wizard's logic: which question comes next, what is required, going back, the review,
//! and saving after every answer. It talks to the respondent only through a [`Prompter`].

use std::path::PathBuf;

use crate::active_draft::Shared;
use crate::answer::AnswerValue;
use crate::autosave::Autosaver;
use crate::error::Error;
use crate::prompt::{
    Ask, Change, Go, PromptResult, Prompter, Reply, RetiredItem, Review, ReviewAction, ReviewItem,
};
use crate::questionnaire::{Kind, Question, Questionnaire, Role, Section};

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
    autosaver: Autosaver,
    /// Saving has failed and the respondent has been told (said once to a script).
    save_failing: bool,
    /// Write the response as soon as nothing required is missing, without the review: a script
    /// that gave its answers up front (`new --answers`) wants the response.
    finish_when_complete: bool,
    /// The questions shown in this run (by index): going on from one steps through these one
    /// by one, as a person who went back to look expects.
    shown: Vec<bool>,
}

/// Where the respondent is going, and where they came from.
struct Route {
    pos: Position,
    /// The question was opened from the review: finishing it goes back there.
    from_review: bool,
    /// The question the respondent was at when they opened the review part-way.
    came_from: Option<usize>,
    /// The question just changed from the review.
    just_changed: Option<usize>,
    /// The respondent was asked whether to finish, and said not yet.
    finish_declined: bool,
}

impl<'a> Wizard<'a> {
    pub fn new(q: &'a Questionnaire, active: Shared, prompter: &'a mut dyn Prompter) -> Self {
        let flat = q
            .sections
            .iter()
            .enumerate()
            .flat_map(|(si, s)| s.questions.iter().map(move |x| (si, s, x)))
            .collect();
        let autosaver = Autosaver::start(active.clone());
        Wizard {
            q,
            active,
            prompter,
            flat,
            autosaver,
            save_failing: false,
            finish_when_complete: false,
            shown: Vec::new(),
        }
    }

    /// Writes the response as soon as nothing required is missing, without the review.
    pub fn finish_when_complete(&mut self) {
        self.finish_when_complete = true;
    }

    /// The next question after `i` to ask: one already shown in this run (the respondent went
    /// back and is stepping forward again) or one not yet seen (neither answered nor skipped);
    /// the review when none is left. Answers from before this run (given up front with
    /// `--answers`, or in an earlier session) are not asked again: the review shows them.
    fn next_after(&self, i: usize) -> Position {
        let draft = &self.active.lock().draft;
        let shown = |j: usize| self.shown.get(j).copied().unwrap_or(false);
        match (i + 1..self.flat.len()).find(|&j| shown(j) || !draft.visited(&self.flat[j].2.id)) {
            Some(j) => Position::Question(j),
            None => Position::Review,
        }
    }

    /// Where a draft picks up: the question whose answer was being typed, else the first
    /// question without an answer (a skipped one included), or the review when every question
    /// has one.
    pub fn start_position(&self) -> Position {
        let draft = &self.active.lock().draft;
        if let Some(p) = &draft.in_progress
            && let Some(i) = self.flat.iter().position(|(_, _, x)| x.id == p.question_id)
        {
            return Position::Question(i);
        }
        match self
            .flat
            .iter()
            .position(|(_, _, x)| draft.answer(&x.id).is_none_or(|a| a.is_empty()))
        {
            Some(i) => Position::Question(i),
            None => Position::Review,
        }
    }

    /// The first question not yet seen (neither answered nor skipped), or the review: where a
    /// draft filled from answers given up front starts, asking only what is still missing.
    pub fn first_unseen(&self) -> Position {
        let draft = &self.active.lock().draft;
        match self.flat.iter().position(|(_, _, x)| !draft.visited(&x.id)) {
            Some(i) => Position::Question(i),
            None => Position::Review,
        }
    }

    /// Runs until the respondent confirms they have finished. Every answer is saved as it is
    /// given. Errors: [`Error::Interrupted`] and input that ended early.
    pub fn run(&mut self, start: Position) -> Result<(), Error> {
        self.run_inner(start).map_err(Error::from)
    }

    fn run_inner(&mut self, start: Position) -> PromptResult<()> {
        let mut route = Route {
            pos: start,
            from_review: false,
            came_from: None,
            just_changed: None,
            finish_declined: false,
        };
        let mut shown_section: Option<usize> = None;
        loop {
            match route.pos {
                Position::Question(i) => {
                    let si = self.flat[i].0;
                    if shown_section != Some(si) {
                        let section = self.flat[i].1;
                        self.prompter
                            .section(si + 1, self.q.sections.len(), section)?;
                        shown_section = Some(si);
                    }
                    self.question(i, &mut route)?;
                }
                Position::Review => {
                    if self.review(&mut route)? {
                        return Ok(());
                    }
                    shown_section = None;
                }
            }
        }
    }

    /// Asks question `i`, records what became of its answer and moves the route on.
    fn question(&mut self, i: usize, route: &mut Route) -> PromptResult<()> {
        let n = self.flat.len();
        self.shown.resize(n, false);
        self.shown[i] = true;
        let question = self.flat[i].2;
        let reply = self.ask(Ask {
            question,
            number: i + 1,
            total: n,
        })?;
        let go = reply.go;
        let settled = self.settle(question, reply)?;
        self.move_on(i, go, settled, route)
    }

    /// Records what became of a question's answer; `true` when the respondent may move on
    /// (a required question left without an answer is asked again, kindly).
    fn settle(&mut self, question: &Question, reply: Reply<AnswerValue>) -> PromptResult<bool> {
        let has_answer = self
            .active
            .lock()
            .draft
            .answer(&question.id)
            .is_some_and(|a| !a.is_empty());
        Ok(match reply.change {
            Change::Answer(value) if !value.is_empty() => {
                self.record(question, Some(value))?;
                true
            }
            Change::Answer(_) | Change::Unchanged => {
                if has_answer || reply.go != Go::Forward {
                    true
                } else if question.required {
                    self.prompter.notice(&needs_answer(question))?;
                    false
                } else {
                    // Skipped: seen, not answered.
                    self.record(question, None)?;
                    true
                }
            }
            Change::Cleared if question.required => {
                if reply.go == Go::Forward {
                    self.prompter.notice(&needs_answer(question))?;
                    false
                } else {
                    if has_answer {
                        self.prompter.notice(
                            "Your earlier answer to that question is kept: it needs one.",
                        )?;
                    }
                    true
                }
            }
            Change::Cleared => {
                self.record(question, None)?;
                if has_answer {
                    self.prompter.notice("That answer has been removed.")?;
                }
                true
            }
        })
    }

    /// Moves the route on from question `i` where the respondent asked to go (`go`), once the
    /// answer is `settled`.
    fn move_on(&mut self, i: usize, go: Go, settled: bool, route: &mut Route) -> PromptResult<()> {
        match go {
            Go::Forward if !settled => {}
            Go::Forward => {
                route.pos = if route.from_review {
                    route.just_changed = Some(i);
                    Position::Review
                } else {
                    self.next_after(i)
                };
                route.from_review = false;
            }
            Go::Back => {
                if i == 0 {
                    self.prompter.notice("This is the first question.")?;
                } else {
                    route.pos = Position::Question(i - 1);
                }
                route.from_review = false;
            }
            Go::Review => {
                if route.from_review {
                    route.just_changed = Some(i);
                } else {
                    route.came_from = Some(i);
                    route.just_changed = None;
                }
                route.pos = Position::Review;
                route.from_review = false;
            }
        }
        Ok(())
    }

    /// Shows the review and acts on the choice; `true` once the respondent has confirmed they
    /// have finished.
    fn review(&mut self, route: &mut Route) -> PromptResult<bool> {
        let n = self.flat.len();
        if self.finish_when_complete && self.active.lock().draft.missing_required(self.q).is_empty()
        {
            return Ok(true);
        }
        let review = self.review_items(route);
        route.finish_declined = false;
        match self.prompter.review(&review)? {
            ReviewAction::Edit(i) if i < n => {
                route.pos = Position::Question(i);
                route.from_review = true;
            }
            ReviewAction::Continue(i) if i < n => {
                route.pos = Position::Question(i);
                route.from_review = false;
                route.came_from = None;
                route.just_changed = None;
            }
            ReviewAction::Edit(_) | ReviewAction::Continue(_) => {}
            ReviewAction::Back => {
                route.pos = Position::Question(route.came_from.take().unwrap_or(n - 1));
                route.from_review = false;
                route.just_changed = None;
            }
            ReviewAction::Finish => {
                let missing: Vec<&Question> = {
                    let active = self.active.lock();
                    active.draft.missing_required(self.q)
                };
                if let Some(first) = missing.first() {
                    let names: Vec<String> = missing
                        .iter()
                        .map(|x| format!("{}. \"{}\"", self.number_of(&x.id), x.prompt))
                        .collect();
                    self.prompter.notice(&format!(
                        "Before you finish, {} still {} an answer: {}. Here is the first.",
                        if missing.len() == 1 {
                            "one question"
                        } else {
                            "some questions"
                        },
                        if missing.len() == 1 { "needs" } else { "need" },
                        names.join("; ")
                    ))?;
                    route.pos = Position::Question(self.number_of(&first.id) - 1);
                    route.from_review = true;
                } else if self
                    .prompter
                    .confirm(&finish_question(review.answered, n))?
                {
                    return Ok(true);
                } else {
                    route.finish_declined = true;
                }
            }
        }
        Ok(false)
    }

    /// The 1-based number of a question.
    fn number_of(&self, id: &str) -> usize {
        self.flat
            .iter()
            .position(|(_, _, x)| x.id == id)
            .map_or(0, |i| i + 1)
    }

    /// Asks one question through the prompter, starting from the answer already given.
    fn ask(&mut self, ask: Ask<'_>) -> PromptResult<Reply<AnswerValue>> {
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
        let unfinished = unfinished.as_deref().filter(|u| Some(*u) != current_text);
        let mut keeper = self.autosaver.keeper(&question.id);
        let reply = match &question.kind {
            Kind::Short | Kind::Email | Kind::Phone => {
                self.prompter
                    .text(ask, current_text, unfinished, &mut keeper)
            }
            Kind::Long => self
                .prompter
                .long_text(ask, current_text, unfinished, &mut keeper)
                .map(|r| r.map(AnswerValue::Text)),
            Kind::YesNo { default } => {
                let current = match current {
                    Some(AnswerValue::YesNo(b)) => Some(b),
                    _ => None,
                };
                // Consent is never offered (the questionnaire refuses a default there too).
                let offered = default.filter(|_| question.role != Some(Role::Consent));
                self.prompter
                    .yes_no(ask, current, offered)
                    .map(|r| r.map(AnswerValue::YesNo))
            }
            Kind::Choice { .. } => {
                let current = match &current {
                    Some(AnswerValue::Selection(s)) => Some(s.clone()),
                    _ => question.default_selection(),
                };
                self.prompter
                    .choice(ask, current.as_ref())
                    .map(|r| r.map(AnswerValue::Selection))
            }
        };
        // Whatever happened, no save of the text in progress may follow the answer.
        self.autosaver.settle();
        reply
    }

    /// Records an answer (or a skip) and saves the draft.
    fn record(&mut self, question: &Question, value: Option<AnswerValue>) -> PromptResult<()> {
        {
            let mut active = self.active.lock();
            active.draft.set_answer(self.q, question, value);
            active.unsaved = true;
        }
        self.save()
    }

    /// Saves the draft. When that fails, the answers stay in memory and saving is tried again
    /// at the next answer; a person is offered another folder to keep them in, a script is not
    /// asked (its next line is an answer, not a folder), and is told once.
    fn save(&mut self) -> PromptResult<()> {
        loop {
            let result = self.active.lock().save();
            let Err(err) = result else {
                self.save_failing = false;
                return Ok(());
            };
            if !self.prompter.can_ask() {
                if !std::mem::replace(&mut self.save_failing, true) {
                    self.prompter.notice(&format!(
                        "Your answers could not be saved: {err}. They are kept in memory, and saving is tried again after every answer."
                    ))?;
                }
                return Ok(());
            }
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
                Ok(stale) => {
                    let hint = self.active.lock().resume_hint();
                    let old = match stale {
                        Some(path) => format!(
                            " An older copy with fewer answers is still in {}; you can delete it.",
                            path.display()
                        ),
                        None => String::new(),
                    };
                    self.prompter.notice(&format!(
                        "Saved. Your draft is now kept in {}.{old} To carry on later: {hint}",
                        dir.display()
                    ))?;
                    self.save_failing = false;
                    return Ok(());
                }
                Err(e) => self
                    .prompter
                    .notice(&format!("That did not work either: {e}."))?,
            }
        }
    }

    fn review_items(&self, route: &Route) -> Review {
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
                answer: draft
                    .answer(&question.id)
                    .filter(|a| !a.is_empty())
                    .map(AnswerValue::to_text),
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
                    answer: a.to_text(),
                })
            })
            .collect();
        Review {
            items,
            retired,
            answered: draft.answered_count(),
            missing_required: draft.missing_required(self.q).len(),
            came_from: route.came_from,
            just_changed: route.just_changed,
            finish_declined: route.finish_declined,
        }
    }
}

/// The question asked before anything is written, saying what is still unanswered.
fn finish_question(answered: usize, total: usize) -> String {
    let unanswered = total.saturating_sub(answered);
    let status = match unanswered {
        0 => format!("All {total} questions are answered."),
        1 => format!("1 of the {total} questions is not answered; it is not required."),
        n => format!("{n} of the {total} questions are not answered; none of them is required."),
    };
    format!("{status} Finish and write your response now?")
}

fn needs_answer(question: &Question) -> String {
    let what = match question.kind {
        Kind::YesNo { .. } => "Please answer yes or no",
        Kind::Choice { .. } => "Please choose at least one option",
        _ => "Please write something here, even a few words",
    };
    format!("This question needs an answer before you can finish. {what}.")
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

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;
    use crate::active_draft::ActiveDraft;
    use crate::answer::Selection;
    use crate::draft::Draft;
    use crate::prompt::{PromptError, TextKeeper};
    use crate::storage::Store;

    /// What the scripted respondent does at each prompt, in order.
    enum Step {
        Text(&'static str),
        Long(&'static [&'static str]),
        Yes(bool),
        Choose(&'static [usize]),
        Keep,
        Clear,
        Back,
        Review,
        /// Type this text, then go back (or to the review) with it.
        TextThen(&'static str, Go),
        Edit(usize),
        Continue(usize),
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
        /// What each review showed.
        reviews: Vec<Review>,
        confirmations: Vec<String>,
    }

    impl Scripted {
        fn new(steps: Vec<Step>) -> Scripted {
            Scripted {
                steps: steps.into(),
                asked: Vec::new(),
                notices: Vec::new(),
                started_from: Vec::new(),
                reviews: Vec::new(),
                confirmations: Vec::new(),
            }
        }

        fn next(&mut self) -> PromptResult<Step> {
            self.steps.pop_front().ok_or(PromptError::InputEnded)
        }

        fn reply<T>(&mut self, step: Step, f: impl FnOnce(Step) -> T) -> Reply<T> {
            match step {
                Step::Keep => Reply::keep(),
                Step::Clear => Reply::clear(),
                Step::Back => Reply::go(Go::Back),
                Step::Review => Reply::go(Go::Review),
                Step::TextThen(t, go) => Reply {
                    change: Change::Answer(f(Step::Text(t))),
                    go,
                },
                other => Reply::answer(f(other)),
            }
        }
    }

    impl Prompter for Scripted {
        fn welcome(&mut self, _q: &Questionnaire, _hint: &str) -> PromptResult<()> {
            Ok(())
        }
        fn notice(&mut self, text: &str) -> PromptResult<()> {
            self.notices.push(text.to_string());
            Ok(())
        }
        fn section(&mut self, _n: usize, _t: usize, _s: &Section) -> PromptResult<()> {
            Ok(())
        }
        fn text(
            &mut self,
            ask: Ask<'_>,
            current: Option<&str>,
            _unfinished: Option<&str>,
            _keeper: &mut dyn TextKeeper,
        ) -> PromptResult<Reply<AnswerValue>> {
            self.asked.push(ask.question.id.clone());
            self.started_from.push(current.map(str::to_string));
            let step = self.next()?;
            let q = ask.question;
            Ok(self.reply(step, |s| match s {
                Step::Text(t) => q.check_text(t).expect("scripted answers are valid"),
                _ => panic!("a text answer was expected for {}", q.id),
            }))
        }
        fn long_text(
            &mut self,
            ask: Ask<'_>,
            current: Option<&str>,
            _unfinished: Option<&str>,
            keeper: &mut dyn TextKeeper,
        ) -> PromptResult<Reply<String>> {
            self.asked.push(ask.question.id.clone());
            self.started_from.push(current.map(str::to_string));
            let step = self.next()?;
            if let Step::Long(lines) = &step {
                for i in 1..=lines.len() {
                    keeper.keep(&lines[..i].join("\n"));
                }
            }
            let id = ask.question.id.clone();
            Ok(self.reply(step, |s| match s {
                Step::Long(lines) => lines.join("\n"),
                Step::Text(t) => t.to_string(),
                _ => panic!("a long answer was expected for {id}"),
            }))
        }
        fn yes_no(
            &mut self,
            ask: Ask<'_>,
            _current: Option<bool>,
            _offered: Option<bool>,
        ) -> PromptResult<Reply<bool>> {
            self.asked.push(ask.question.id.clone());
            self.started_from.push(None);
            let step = self.next()?;
            Ok(self.reply(step, |s| match s {
                Step::Yes(b) => b,
                _ => panic!("a yes/no answer was expected"),
            }))
        }
        fn choice(
            &mut self,
            ask: Ask<'_>,
            _current: Option<&Selection>,
        ) -> PromptResult<Reply<Selection>> {
            self.asked.push(ask.question.id.clone());
            self.started_from.push(None);
            let step = self.next()?;
            let q = ask.question;
            Ok(self.reply(step, |s| match s {
                Step::Choose(ix) => q.selection(ix, Some("other words".into())).unwrap(),
                _ => panic!("a choice was expected"),
            }))
        }
        fn review(&mut self, review: &Review) -> PromptResult<ReviewAction> {
            self.asked.push("<review>".into());
            self.reviews.push(review.clone());
            Ok(match self.next()? {
                Step::Edit(i) => ReviewAction::Edit(i),
                Step::Continue(i) => ReviewAction::Continue(i),
                Step::Finish => ReviewAction::Finish,
                Step::Back => ReviewAction::Back,
                _ => panic!("a review action was expected"),
            })
        }
        fn confirm(&mut self, text: &str) -> PromptResult<bool> {
            self.confirmations.push(text.to_string());
            match self.next()? {
                Step::Confirm(b) => Ok(b),
                _ => panic!("a confirmation was expected"),
            }
        }
        fn select(&mut self, _text: &str, _options: &[String]) -> PromptResult<Option<usize>> {
            Ok(None)
        }
        fn ask_path(&mut self, _text: &str) -> PromptResult<Option<PathBuf>> {
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

    fn run(q: &Questionnaire, active: &Shared, steps: Vec<Step>) -> (Scripted, Result<(), Error>) {
        let mut p = Scripted::new(steps);
        let result = Wizard::new(q, active.clone(), &mut p).run(Position::Question(0));
        (p, result)
    }

    #[test]
    fn a_straight_run_saves_every_answer_and_finishes_at_the_review() {
        let (q, active, _dir) = setup();
        let (p, result) = run(
            &q,
            &active,
            vec![
                Step::Text("Jo"),
                Step::Yes(false),
                Step::Long(&["para one", "", "para two"]),
                Step::Choose(&[2]),
                Step::Keep,
                Step::Finish,
                Step::Confirm(true),
            ],
        );
        result.unwrap();
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
        assert_eq!(
            p.confirmations,
            [
                "1 of the 5 questions is not answered; it is not required. Finish and write your response now?"
            ]
        );
    }

    #[test]
    fn back_crosses_sections_and_edits_start_from_the_answer() {
        let (q, active, _dir) = setup();
        let (p, result) = run(
            &q,
            &active,
            vec![
                Step::Text("Jo"),
                Step::Yes(true),
                Step::Back, // at "story", first of section two: back to "consent"
                Step::Back, // back to "name"
                Step::Text("Jo Bloggs"),
                // On to the next question, step by step, as the respondent went back.
                Step::Keep,
                Step::Long(&["story"]),
                Step::Review,
                Step::Finish,
                Step::Confirm(true),
            ],
        );
        result.unwrap();
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
    fn leaving_a_question_keeps_what_was_typed_in_it() {
        let (q, active, _dir) = setup();
        let (p, result) = run(
            &q,
            &active,
            vec![
                Step::Text("Jo"),
                Step::Yes(true),
                // Half a story, then back to consent: the words are kept as the answer.
                Step::TextThen("half a story", Go::Back),
                Step::Keep,
                // On to the next question, which holds the words kept.
                Step::Review,
                Step::Edit(2),
                Step::Long(&["half a story, finished"]),
            ],
        );
        assert!(matches!(result, Err(Error::InputEnded)));
        assert_eq!(
            p.asked,
            [
                "name", "consent", "story", "consent", "story", "<review>", "story", "<review>"
            ]
        );
        assert_eq!(p.started_from[4].as_deref(), Some("half a story"));
        assert_eq!(p.started_from[5].as_deref(), Some("half a story"));
        let d = saved(&active);
        assert_eq!(
            d.answer("story"),
            Some(&AnswerValue::Text("half a story, finished".into()))
        );
    }

    #[test]
    fn the_review_part_way_offers_to_carry_on_and_esc_goes_back_there() {
        let (q, active, _dir) = setup();
        let (p, result) = run(
            &q,
            &active,
            vec![
                Step::Text("Jo"),
                Step::Yes(true),
                Step::Review,  // at "story" (index 2)
                Step::Edit(0), // change the name
                Step::Text("Jo B"),
                Step::Back, // Esc at the review: back to "story"
                Step::Review,
                Step::Continue(2),
                Step::Long(&["story"]),
            ],
        );
        assert!(matches!(result, Err(Error::InputEnded)));
        assert_eq!(
            p.asked,
            [
                "name", "consent", "story", "<review>", "name", "<review>", "story", "<review>",
                "story", "focus"
            ]
        );
        assert_eq!(p.reviews[0].came_from, Some(2));
        assert_eq!(p.reviews[0].just_changed, None);
        assert_eq!(
            p.reviews[1].came_from,
            Some(2),
            "still offered after a change"
        );
        assert_eq!(
            p.reviews[1].just_changed,
            Some(0),
            "the highlight on the changed one"
        );
        assert_eq!(p.reviews[2].came_from, Some(2));
    }

    #[test]
    fn finishing_with_a_required_answer_missing_goes_to_it_then_back_to_review() {
        let (q, active, _dir) = setup();
        let (p, result) = run(
            &q,
            &active,
            vec![
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
            ],
        );
        result.unwrap();
        assert_eq!(
            p.asked,
            [
                "name", "consent", "<review>", "consent", "<review>", "story", "<review>", "name",
                "<review>", "<review>"
            ]
        );
        assert!(
            p.notices
                .iter()
                .any(|n| n.contains("still need an answer: 2. \"May we?\"; 3. \"Your story\"")),
            "{:?}",
            p.notices
        );
        assert_eq!(p.reviews[0].missing_required, 2);
        // Prompts so far: name, consent, consent, story, then the name again from the review.
        assert_eq!(p.started_from[4].as_deref(), Some("Jo"));
    }

    #[test]
    fn required_questions_are_asked_again_kindly() {
        let (q, active, _dir) = setup();
        let (p, result) = run(&q, &active, vec![Step::Keep, Step::Text("Jo")]);
        assert!(matches!(result, Err(Error::InputEnded)));
        assert_eq!(p.asked, ["name", "name", "consent"]);
        assert_eq!(
            p.notices[0],
            "This question needs an answer before you can finish. Please write something here, even a few words."
        );
        assert_eq!(
            saved(&active).answer("name"),
            Some(&AnswerValue::Text("Jo".into()))
        );
    }

    #[test]
    fn clearing_removes_an_optional_answer_but_not_a_required_one() {
        let (q, active, _dir) = setup();
        let (p, result) = run(
            &q,
            &active,
            vec![
                Step::Text("Jo"),
                Step::Clear, // consent is required: refused
                Step::Yes(true),
                Step::Long(&["s"]),
                Step::Choose(&[0]),
                Step::Long(&["extra words"]),
                Step::Edit(4),
                Step::Clear,
            ],
        );
        assert!(matches!(result, Err(Error::InputEnded)));
        assert!(p.notices[0].contains("needs an answer"));
        assert_eq!(p.notices[1], "That answer has been removed.");
        let d = saved(&active);
        assert!(d.visited("extra") && d.answer("extra").is_none());
    }

    #[test]
    fn the_text_being_typed_is_in_the_draft_until_the_answer_is() {
        let (q, active, _dir) = setup();
        let saver = Autosaver::start(active.clone());
        let mut keeper = saver.keeper("story");
        keeper.keep("line one");
        saver.flush();
        assert_eq!(saved(&active).in_progress.unwrap().text, "line one");
        // Recording the answer takes its place.
        let question = q.question("story").unwrap();
        let mut p = Scripted::new(vec![]);
        let mut w = Wizard::new(&q, active.clone(), &mut p);
        w.record(question, Some(AnswerValue::Text("line one".into())))
            .unwrap();
        assert_eq!(saved(&active).in_progress, None);
    }

    #[test]
    fn resuming_goes_to_the_first_unanswered_question_or_the_review() {
        let (q, active, _dir) = setup();
        // Name answered, consent skipped past with :review, story answered.
        let _ = run(
            &q,
            &active,
            vec![
                Step::Text("Jo"),
                Step::Review,
                Step::Edit(2),
                Step::Long(&["s"]),
            ],
        );
        let mut p2 = Scripted::new(vec![]);
        let w = Wizard::new(&q, active.clone(), &mut p2);
        assert_eq!(w.start_position(), Position::Question(1));
        drop(w);
        let _ = run(
            &q,
            &active,
            vec![
                Step::Text("Jo"),
                Step::Yes(true),
                // The story is answered: on to the choice.
                Step::Choose(&[0]),
                Step::Long(&["e"]),
            ],
        );
        let mut p3 = Scripted::new(vec![]);
        let w = Wizard::new(&q, active.clone(), &mut p3);
        assert_eq!(w.start_position(), Position::Review);
    }
}
