//! Writes realistic completed responses for benchmarking `collate`.
//!
//! Usage: `cargo run --release --example gen_responses -- COUNT DIR`
//!
//! Every response answers the built-in questionnaire the way a person would: contact details,
//! the respondent type, consent, and several long multi-paragraph answers with line breaks,
//! quotes, commas, tabs and non-ASCII text: 13-26 KB per file, 17 KB on average (about 10 KB
//! of it is the questions' own words, which every response file carries). The content is the
//! same from run to run (a fixed pseudo-random sequence); only the response ids and times differ.

use std::path::PathBuf;

use ndti_respond::answer::AnswerValue;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::{Kind, Questionnaire};

const WORDS: &[&str] = &[
    "co-production",
    "service",
    "users",
    "staff",
    "meeting",
    "trust",
    "power",
    "we",
    "the",
    "and",
    "of",
    "to",
    "in",
    "a",
    "people",
    "lived",
    "experience",
    "commissioners",
    "café",
    "naïve",
    "rôle",
    "“listening”",
    "don’t",
    "co‑design",
    "Zoë",
    "résumé",
    "Łódź",
    "peer-support",
    "recovery",
    "college",
    "carers",
    "together",
    "wellbeing",
    "£250",
    "budget,",
    "\"ward\"",
    "rounds",
    "— honestly",
    "Ward 7",
    "was",
    "were",
    "not",
    "felt",
    "heard",
    "支持",
    "community",
];

const FIRST: &[&str] = &[
    "Aisha", "Bartek", "Chloë", "Dónal", "Efua", "Femi", "Gráinne", "Hamid", "Ingrid", "Jo",
];
const LAST: &[&str] = &[
    "O'Brien",
    "Nowak",
    "Smith-Jones",
    "Adeyemi",
    "Ní Bhriain",
    "Khan",
    "Müller",
    "Okafor",
];

/// A small, fixed pseudo-random sequence (xorshift), so the generated files are the same each run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

fn sentence(rng: &mut Rng) -> String {
    let len = 6 + rng.below(18);
    let mut s = String::new();
    for i in 0..len {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(first) = c.next() {
                s.extend(first.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push_str(match rng.below(6) {
        0 => "?",
        1 => "!",
        _ => ".",
    });
    s
}

/// A long answer of about `bytes` bytes: paragraphs separated by blank lines, now and then a
/// bulleted list or a tab-indented line.
fn long_answer(rng: &mut Rng, bytes: usize) -> String {
    let mut text = String::new();
    while text.len() < bytes {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        match rng.below(8) {
            0 => {
                for _ in 0..3 {
                    text.push_str("- ");
                    text.push_str(&sentence(rng));
                    text.push('\n');
                }
                text.pop();
            }
            1 => {
                text.push('\t');
                text.push_str(&sentence(rng));
            }
            _ => {
                for i in 0..(2 + rng.below(5)) {
                    if i > 0 {
                        text.push(' ');
                    }
                    text.push_str(&sentence(rng));
                }
            }
        }
    }
    text
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(count), Some(dir)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: gen_responses COUNT DIR");
        std::process::exit(2);
    };
    let count: usize = count.parse().expect("COUNT is a number");
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("can create DIR");

    let q = Questionnaire::embedded();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut total = 0usize;
    for n in 0..count {
        let mut draft = Draft::new(&q);
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        // About 1-7 KB of long answers (a handful carry most of it), on top of the ~10 KB that
        // every response file holds anyway (the questions' words, the return details).
        let budget = 1_000 + rng.below(6_000);
        let long_count = q.questions().filter(|(_, x)| x.kind == Kind::Long).count();
        for (_, question) in q.questions() {
            let value = match &question.kind {
                Kind::Short if question.id == "name" => Some(AnswerValue::Text(name.clone())),
                Kind::Short => (rng.below(3) > 0).then(|| {
                    AnswerValue::Text(format!("{} Mind, \"Peer\" Network", rng.pick(LAST)))
                }),
                Kind::Email => Some(AnswerValue::Text(format!(
                    "person{n}@example{}.org.uk",
                    rng.below(50)
                ))),
                Kind::Phone => Some(AnswerValue::Text(format!("01225 {:06}", n % 1_000_000))),
                Kind::YesNo { .. } => Some(AnswerValue::YesNo(rng.below(2) == 0)),
                Kind::Choice { .. } => {
                    let options = question.option_count();
                    let mut picks = vec![rng.below(options.saturating_sub(1).max(1))];
                    if rng.below(3) == 0 {
                        picks.push(rng.below(options));
                    }
                    let other = Some(format!("Carer, and {}", sentence(&mut rng)));
                    question
                        .selection(&picks, other)
                        .ok()
                        .map(AnswerValue::Selection)
                }
                Kind::Long => {
                    // Most people answer most questions (every required one: the responses are
                    // valid); some answers are short, a few long.
                    match rng.below(10) {
                        0 if !question.required => None,
                        1..=5 => Some(AnswerValue::Text(sentence(&mut rng))),
                        _ => Some(AnswerValue::Text(long_answer(
                            &mut rng,
                            budget / (long_count / 2).max(1),
                        ))),
                    }
                }
            };
            draft.set_answer(&q, question, value);
        }
        let json = draft.to_response(&q).to_json();
        total += json.len();
        std::fs::write(dir.join(format!("response-{n:05}.json")), json).expect("can write");
    }
    eprintln!(
        "wrote {count} responses to {} ({} KB on average)",
        dir.display(),
        total / count.max(1) / 1024
    );
}
