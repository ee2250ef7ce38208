//! A realistic 1 MB response for the print benchmarks: every question answered, the long
//! answers many paragraphs of mixed English with accents, some wide CJK text and an emoji or
//! two, a few tabs and indented lines, as people paste them from a word processor.
//!
//! Deterministic: the same bytes every run, so figures compare across machines and commits.

use ndti_respond::answer::AnswerValue;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::{Kind, Questionnaire};
use ndti_respond::response::{Generator, Response};

const SENTENCES: &[&str] = &[
    "We met every fortnight in the community centre, and people with lived experience chaired the meetings and set the agenda.",
    "At first the professionals did most of the talking; the facilitator began keeping a list of who had spoken so that everyone had a turn.",
    "Zoë, who had used the crisis team twice, wrote the first draft of the leaflet, and the café upstairs gave us the room for nothing.",
    "Not everything worked: the online survey reached almost nobody, and we stopped it after six weeks.",
    "東京の地域精神保健チームと一緒に、利用者と家族の声を聞く会を毎月開きました。",
    "Payment for people's time mattered more than anything else; without it the same three people would have carried the whole project.",
    "The commissioners changed twice during the year, and each time we had to explain again why the group existed and what it had already decided.",
    "We kept the minutes in plain language (no acronyms), read them aloud at the start of the next meeting, and changed anything people did not recognise.",
    "Ångström ward's nurses 🌱 came to the fourth session and stayed for the whole of the fifth.",
    "Some of us found it painful to talk about restraint; we agreed a signal for stepping out, and nobody had to explain why they left.",
];

/// One long answer of about `bytes` bytes: paragraphs of four to nine sentences, blank lines
/// between them, now and then a short indented list.
fn long_answer(seed: usize, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 512);
    let mut n = seed;
    while out.len() < bytes {
        let sentences = 4 + n % 6;
        for i in 0..sentences {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(SENTENCES[(n * 7 + i * 3) % SENTENCES.len()]);
        }
        out.push_str("\n\n");
        if n.is_multiple_of(5) {
            out.push_str("What we wrote on the wall:\n\t- listen first\n\t- pay people for their time\n    - and keep the room quiet\n\n");
        }
        n += 1;
    }
    out.truncate(out.trim_end().len());
    out
}

/// A completed response of roughly `total` bytes of JSON, with fixed ids and times.
pub fn big_response(total: usize) -> Response {
    let q = Questionnaire::embedded();
    let mut d = Draft::new(&q);
    let long_count = q
        .questions()
        .filter(|(_, question)| matches!(question.kind, Kind::Long))
        .count()
        .max(1);
    // JSON escapes a little (\n, \t, quotes), so aim slightly low.
    let per_answer = total * 97 / 100 / long_count;
    for (i, (_, question)) in q.questions().enumerate() {
        let value = match &question.kind {
            Kind::YesNo { .. } => AnswerValue::YesNo(true),
            Kind::Choice { .. } => AnswerValue::Selection(
                question
                    .selection(&[0, 2], None)
                    .or_else(|_| question.selection(&[0], None))
                    .expect("every choice question has a first option"),
            ),
            Kind::Email => AnswerValue::Text("zoe@example.org".into()),
            Kind::Phone => AnswerValue::Text("+44 (0)1225 789135".into()),
            Kind::Short => AnswerValue::Text("Zoë Ångström-O'Neil, Mind & Body 東京支部".into()),
            Kind::Long => AnswerValue::Text(long_answer(i, per_answer)),
        };
        d.set_answer(&q, question, Some(value));
    }
    let mut r = d.to_response(&q);
    r.response_id = "3f2a9c1e-5b7d-4e21-9a6c-0d8e7f1b2c3d".parse().unwrap();
    r.started_at = "2016-01-04T09:30:00+00:00".into();
    r.completed_at = "2016-01-10T16:45:12+00:00".into();
    r.generator = Generator {
        name: "ndti-respond".into(),
        version: "0.1.0".into(),
    };
    r
}
