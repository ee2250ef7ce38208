//! The review: every question in full with a one-line preview of its answer, and the counts of
//! answered and of required-but-missing questions. In the terminal the counts stay in view,
//! "Continue from question N" comes first when the respondent came from the questions, the
//! highlight goes back on the question just changed, and Esc goes back to where they were. In
//! plain mode the questions are listed, numbered, and a number changes an answer.

use crate::plain::PlainPrompter;
use crate::preview::preview;
use crate::prompt::PromptResult;
use crate::prompt::{BACK, FINISH, Review, ReviewAction};
use crate::wording::count;

use super::choice::list_page;
use crate::terminal::TerminalPrompter;
use crate::terminal::keymap::REVIEW_LIST;
use crate::terminal::list::{Item, List};
use crate::terminal::page::Page;

/// How wide a preview of an answer is in plain mode.
const PLAIN_PREVIEW: usize = 60;

/// The counts of the review, its parts joined with `join`: "9 of 28 questions answered", and
/// how many required questions still need an answer.
pub fn counts(review: &Review, join: &str) -> String {
    let total = review.items.len();
    let missing = match review.missing_required {
        0 => String::new(),
        n => format!(
            "{join}{} still {} an answer",
            count(n, "required question", "required questions"),
            if n == 1 { "needs" } else { "need" }
        ),
    };
    format!("{} of {total} questions answered{missing}", review.answered)
}

/// An item of the review's list and what choosing it does (`None` for a heading).
type Row = (Item, Option<ReviewAction>);

/// The review's page and list, and what each item of the list does (`None` for headings).
pub fn layout(review: &Review) -> (Page, List, Vec<Option<ReviewAction>>) {
    let mut rows: Vec<Row> = Vec::new();
    if let Some(i) = review.came_from {
        rows.push((
            Item::option(format!("Continue from question {}", i + 1)),
            Some(ReviewAction::Continue(i)),
        ));
    }
    rows.push((
        Item::option("Finish and write my response"),
        Some(ReviewAction::Finish),
    ));
    rows.extend(question_rows(review));
    rows.extend(retired_rows(review));
    rows.push((
        Item::option(match review.came_from {
            Some(i) => format!("Go back to question {}", i + 1),
            None => "Go back to the last question".to_string(),
        }),
        Some(ReviewAction::Back),
    ));
    let (items, actions): (Vec<Item>, Vec<Option<ReviewAction>>) = rows.into_iter().unzip();
    let cursor = opening_cursor(review, &actions);
    let list = List::new(items, None, cursor);
    let page = Page {
        title: format!("Review your answers: {}", counts(review, " · ")),
        how: Some("Choose a question to change its answer, or choose what to do next.".into()),
        keys: REVIEW_LIST,
        ..Page::default()
    };
    (page, list, actions)
}

/// Every question with a preview of its answer, under a heading for each section.
fn question_rows(review: &Review) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut section = 0;
    for item in &review.items {
        if item.section_number != section {
            section = item.section_number;
            rows.push((
                Item::heading(format!("Section {section}: {}", item.section)),
                None,
            ));
        }
        let detail = match &item.answer {
            Some(a) => a.clone(),
            None if item.required => "Not answered (required)".to_string(),
            None => "Not answered".to_string(),
        };
        rows.push((
            Item {
                text: format!("{}. {}", item.index + 1, item.question),
                detail: Some(detail),
                heading: false,
            },
            Some(ReviewAction::Edit(item.index)),
        ));
    }
    rows
}

/// The answers to questions no longer asked, shown but not chosen; nothing when there are none.
fn retired_rows(review: &Review) -> Vec<Row> {
    if review.retired.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![(
        Item::heading("Answers to questions no longer asked (kept, and sent with your response):"),
        None,
    )];
    for r in &review.retired {
        rows.push((
            Item::heading(format!(
                "{}: {}",
                r.question,
                crate::preview::preview(&r.answer, 60)
            )),
            None,
        ));
    }
    rows
}

/// Where the highlight starts: on the question just changed, else on "Continue from question
/// N" when the respondent came from the questions, else on "Finish".
fn opening_cursor(review: &Review, actions: &[Option<ReviewAction>]) -> Option<usize> {
    let finish = || {
        actions
            .iter()
            .position(|a| *a == Some(ReviewAction::Finish))
    };
    if review.finish_declined {
        return finish();
    }
    match (review.just_changed, review.came_from) {
        (Some(j), _) => actions
            .iter()
            .position(|a| *a == Some(ReviewAction::Edit(j))),
        (None, Some(_)) => Some(0),
        (None, None) => finish(),
    }
}

/// Shows the review and returns what the respondent chose.
pub fn terminal(t: &mut TerminalPrompter, review: &Review) -> PromptResult<ReviewAction> {
    let (mut page, mut list, actions) = layout(review);
    page.notices = std::mem::take(&mut t.notices);
    let chosen = list_page(t, &mut page, &mut list, REVIEW_LIST)?;
    Ok(match chosen {
        Some(i) => actions
            .get(i)
            .cloned()
            .flatten()
            .unwrap_or(ReviewAction::Back),
        None => ReviewAction::Back,
    })
}

/// The review in plain mode: every question numbered with its answer, then a number to change
/// one, `:finish` or `:back`.
pub fn plain(p: &mut PlainPrompter<'_>, review: &Review) -> PromptResult<ReviewAction> {
    p.say("")?;
    let total = review.items.len();
    p.say(&format!("Review your answers: {}.", counts(review, "; ")))?;
    let mut section = 0;
    for item in &review.items {
        if item.section_number != section {
            section = item.section_number;
            p.say(&format!("Section {section}: {}", item.section))?;
        }
        let required = if item.required { " (required)" } else { "" };
        let answer = match &item.answer {
            Some(a) => format!("Answer: {}", preview(a, PLAIN_PREVIEW)),
            None => "Not answered.".to_string(),
        };
        p.say(&format!(
            "{}. {}{required} {answer}",
            item.index + 1,
            item.question.trim_end_matches(':')
        ))?;
    }
    if !review.retired.is_empty() {
        p.say("Answers to questions no longer asked, which are kept and sent with your response:")?;
        for r in &review.retired {
            p.say(&format!(
                "{}: {}",
                preview(&r.question, PLAIN_PREVIEW),
                preview(&r.answer, PLAIN_PREVIEW)
            ))?;
        }
    }
    let back_to = match review.came_from {
        Some(i) => format!("go back to question {}", i + 1),
        None => "go back to the last question".to_string(),
    };
    loop {
        p.say(&format!(
            "To change an answer, type its question number. To finish, type {FINISH}. To {back_to}, type {BACK}."
        ))?;
        let line = p.line()?;
        let t = line.trim().to_lowercase();
        if t == FINISH {
            return Ok(ReviewAction::Finish);
        }
        if t == BACK {
            return Ok(ReviewAction::Back);
        }
        match t.parse::<usize>() {
            Ok(n) if n >= 1 && n <= total => return Ok(ReviewAction::Edit(n - 1)),
            _ => p.say(&format!(
                "Please type a number from 1 to {total}, or {FINISH}, or {BACK}."
            ))?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::{RetiredItem, ReviewItem};
    use crate::questionnaire::Questionnaire;
    use crate::terminal::page::{FieldRows, Theme};
    use crate::terminal::test_screen;

    /// The built-in questionnaire's review part-way: nine answers, the respondent came from
    /// question 12 and has just changed question 2.
    fn sample() -> Review {
        let q = Questionnaire::embedded();
        let answers = [
            Some("NHS Trusts; Other: Carers' peer forum"),
            Some("王小明"),
            Some("Hearing Voices Network Bath"),
            Some("jo@example.org"),
            None,
            Some("yes"),
            Some(
                "A peer-led group.\n\nWe met monthly for two years and wrote a charter together with the trust's staff.",
            ),
            Some("The service users' council."),
            Some("Individual care & support"),
            None,
            Some("Service users and staff together."),
        ];
        let items = q
            .questions()
            .enumerate()
            .map(|(i, (section, question))| ReviewItem {
                index: i,
                section_number: q.sections.iter().position(|s| s.id == section.id).unwrap() + 1,
                section: section.title.clone(),
                question: question.prompt.clone(),
                answer: answers.get(i).copied().flatten().map(str::to_string),
                required: question.required,
            })
            .collect();
        Review {
            items,
            retired: vec![RetiredItem {
                question: "What was the budget?".into(),
                answer: "About £2,000 a year.".into(),
            }],
            answered: 9,
            missing_required: 0,
            came_from: Some(11),
            just_changed: Some(1),
            finish_declined: false,
        }
    }

    fn screen(review: &Review, width: u16) -> String {
        let (page, list, _) = layout(review);
        let theme = Theme { colour: false };
        test_screen::text(width, 24, |f| {
            let want = list.rows_wanted(f.area().width, theme);
            let areas = page.render(f, theme, FieldRows { min: 3, want });
            list.render(f, areas.field, theme);
        })
    }

    #[test]
    fn the_review_at_40_80_and_120_columns() {
        let review = sample();
        for width in [40, 80, 120] {
            insta::assert_snapshot!(format!("review_{width}"), screen(&review, width));
        }
    }

    #[test]
    fn the_counts_and_the_changed_question_are_in_view_at_every_width() {
        let mut review = sample();
        review.missing_required = 2;
        for width in 40..=200 {
            let s = screen(&review, width);
            let first = s.lines().next().unwrap();
            assert!(first.starts_with("Review your answers:"), "{width}: {s}");
            let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                joined.contains(
                    "9 of 28 questions answered · 2 required questions still need an answer"
                ),
                "{width}: {s}"
            );
            assert!(
                joined.contains("> 2. Name"),
                "{width}: the highlight on the changed question: {s}"
            );
        }
    }

    #[test]
    fn every_question_is_shown_in_full_at_40_columns() {
        let review = sample();
        let (page, mut list, actions) = layout(&review);
        let theme = Theme { colour: false };
        for (i, item) in review.items.iter().enumerate() {
            list.cursor = actions
                .iter()
                .position(|a| *a == Some(ReviewAction::Edit(i)))
                .unwrap();
            let s = test_screen::text(40, 24, |f| {
                let want = list.rows_wanted(f.area().width, theme);
                let areas = page.render(f, theme, FieldRows { min: 3, want });
                list.render(f, areas.field, theme);
            });
            // Line breaks may fall after a slash, so compare without white space.
            let bare = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            assert!(
                bare(&s).contains(&bare(&format!("{}. {}", i + 1, item.question))),
                "question {} is cut: {s}",
                i + 1
            );
        }
    }
}
