//! Words the terminal and plain mode say alike: counts with their plurals, the facts of the
//! welcome, the deadline (kindly, when it has passed), and how to keep or skip an answer.

use crate::questionnaire::Questionnaire;

/// `1 question`, `28 questions`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// How big the questionnaire is and how long it takes: "There are 28 questions in 8 sections.
/// It takes about 45 minutes."
pub fn size(q: &Questionnaire) -> String {
    let minutes = q
        .estimated_minutes
        .map(|m| {
            format!(
                " It takes about {}.",
                count(m as usize, "minute", "minutes")
            )
        })
        .unwrap_or_default();
    format!(
        "There {} {} in {}.{minutes}",
        if q.question_count() == 1 { "is" } else { "are" },
        count(q.question_count(), "question", "questions"),
        count(q.sections.len(), "section", "sections"),
    )
}

/// When to send the response (`what`: "your response", "it") by. Once the closing date has
/// passed, says so kindly, and whom to ask whether a late response is still welcome; nobody is
/// stopped from answering.
pub fn deadline(q: &Questionnaire, today: jiff::civil::Date, what: &str) -> String {
    let r = &q.return_to;
    let passed = r
        .deadline
        .parse::<jiff::civil::Date>()
        .is_ok_and(|d| d < today);
    if !passed {
        return format!("Please send {what} by {}.", r.deadline_text());
    }
    let ask = match (&r.phone, &r.phone_contact) {
        (Some(phone), Some(who)) => {
            format!(" To ask, call {who} on {phone}, or write to {}.", r.email)
        }
        (Some(phone), None) => format!(" To ask, call {phone}, or write to {}.", r.email),
        (None, _) => format!(" To ask, write to {}.", r.email),
    };
    format!(
        "The closing date for responses was {}. A late response may still be welcome, and you can send {what} all the same.{ask}",
        r.deadline_text()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_one_and_many_right() {
        assert_eq!(count(1, "section", "sections"), "1 section");
        assert_eq!(count(4, "question", "questions"), "4 questions");
        let q = Questionnaire::embedded();
        assert_eq!(
            size(&q),
            "There are 28 questions in 8 sections. It takes about 45 minutes."
        );
    }

    #[test]
    fn a_passed_deadline_is_said_kindly_with_whom_to_ask() {
        let q = Questionnaire::embedded();
        let before = deadline(&q, jiff::civil::date(2016, 1, 15), "your response");
        assert_eq!(
            before,
            "Please send your response by Friday 15 January 2016."
        );
        let after = deadline(&q, jiff::civil::date(2026, 11, 29), "your response");
        assert!(
            after.starts_with("The closing date for responses was Friday 15 January 2016."),
            "{after}"
        );
        assert!(
            after.contains("call Louise Apps on 01225 789135"),
            "{after}"
        );
    }
}
