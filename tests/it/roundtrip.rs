//! Whatever a respondent types comes back exactly: through a draft saved and loaded from disk,
//! and through the finished response written as JSON and read again. Line endings, tabs, NUL
//! and other control characters, any Unicode, and very long lines all survive unchanged.

use ndti_respond::answer::AnswerValue;
use ndti_respond::draft::{Draft, InProgress};
use ndti_respond::questionnaire::{Kind, Questionnaire};
use ndti_respond::response::Response;
use ndti_respond::storage::Store;
use proptest::prelude::*;

/// Any character, with the awkward ones (line breaks, tabs, NUL, other controls, byte-order
/// mark, line separator, right-to-left mark, wide characters, emoji) far more often than
/// chance alone would pick them.
fn answer_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>(),
        2 => prop::sample::select(vec![
            '\n', '\r', '\t', '\0', '\u{1}', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}',
            '\u{7f}', '\u{85}', '\u{a0}', '\u{2028}', '\u{2029}', '\u{200f}', '\u{feff}',
            '\u{fffd}', '"', '\\', '/', '日', '🙂',
        ]),
        2 => prop::char::range(' ', '~'),
    ]
}

fn answer_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(answer_char(), 0..max).prop_map(|chars| chars.into_iter().collect())
}

fn questionnaire() -> Questionnaire {
    Questionnaire::embedded()
}

/// A draft holding `long` as the answer to every long question, `short` as the answer to every
/// short one, and `typing` as the long answer being typed.
fn draft_with(q: &Questionnaire, long: &str, short: &str, typing: &str) -> Draft {
    let mut draft = Draft::new(q);
    let mut last_long = None;
    for (_, question) in q.questions() {
        match question.kind {
            Kind::Long => {
                draft.set_answer(q, question, Some(AnswerValue::Text(long.to_string())));
                last_long = Some(question.id.clone());
            }
            Kind::Short => {
                draft.set_answer(q, question, Some(AnswerValue::Text(short.to_string())))
            }
            _ => {}
        }
    }
    draft.in_progress = Some(InProgress {
        question_id: last_long.expect("the questionnaire has a long question"),
        text: typing.to_string(),
    });
    draft
}

fn texts_of(answers: impl IntoIterator<Item = Option<AnswerValue>>) -> Vec<String> {
    answers
        .into_iter()
        .filter_map(|a| match a {
            Some(AnswerValue::Text(t)) => Some(t),
            _ => None,
        })
        .collect()
}

/// Saves and loads through the store, and goes on to the response and back; checks every text.
fn check_round_trip(long: &str, short: &str, typing: &str) -> Result<(), TestCaseError> {
    let q = questionnaire();
    let draft = draft_with(&q, long, short, typing);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();

    store.save(&draft).unwrap();
    let loaded = store.load(&draft.response_id.to_string()).unwrap();
    prop_assert_eq!(&loaded, &draft);
    prop_assert_eq!(
        loaded.in_progress.as_ref().map(|p| p.text.as_str()),
        Some(typing)
    );
    for (_, question) in q.questions() {
        let expected = match question.kind {
            Kind::Long => Some(long),
            Kind::Short => Some(short),
            _ => None,
        };
        if let Some(expected) = expected {
            prop_assert_eq!(
                loaded.answer(&question.id),
                Some(&AnswerValue::Text(expected.to_string()))
            );
        }
    }

    let response = loaded.to_response(&q);
    let json = response.to_json();
    let read = Response::from_json(json.as_bytes()).map_err(TestCaseError::fail)?;
    prop_assert_eq!(&read, &response);
    let texts = texts_of(read.answers.values().map(|e| e.answer.clone()));
    let expected: Vec<String> = q
        .questions()
        .filter_map(|(_, question)| match question.kind {
            Kind::Long => Some(long.to_string()),
            Kind::Short => Some(short.to_string()),
            _ => None,
        })
        .collect();
    prop_assert_eq!(texts, expected);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_answer_survives_the_draft_and_the_response(
        long in answer_text(2000),
        short in answer_text(200),
        typing in answer_text(500),
    ) {
        check_round_trip(&long, &short, &typing)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    /// A pasted answer with no line breaks at all: one line of 100,000 characters, built by
    /// repeating a random piece (generating every character afresh is needlessly slow).
    #[test]
    fn a_line_of_100k_characters_survives(piece in answer_text(64)) {
        let piece: String = piece.chars().filter(|c| *c != '\n').chain(['x']).collect();
        let line: String = piece.chars().cycle().take(100_000).collect();
        prop_assert_eq!(line.chars().count(), 100_000);
        check_round_trip(&line, "a name", &line)?;
    }
}

#[test]
fn the_awkward_characters_survive_together() {
    let text =
        "line one\r\nline two\rline three\n\ttabbed\0nul\u{1b}[31mred\u{2028}\u{feff}日本🙂\"\\";
    check_round_trip(text, text, text).unwrap();
}

/// Words being typed for a question the questionnaire has since dropped are kept as a retired
/// answer, even when an earlier one was already kept under the same name.
#[test]
fn unfinished_words_for_a_dropped_question_are_never_overwritten() {
    let q = questionnaire();
    let mut draft = Draft::new(&q);
    let earlier = ndti_respond::response::AnswerEntry {
        section_id: String::new(),
        section: "Answers to questions no longer asked".into(),
        question: "gone".into(),
        help: None,
        kind: ndti_respond::questionnaire::KindName::Long,
        required: false,
        identifying: false,
        role: None,
        retired: true,
        answer: Some(AnswerValue::Text("kept from before".into())),
        form_box: None,
    };
    draft.answers.insert("gone_unfinished".into(), earlier);
    draft.in_progress = Some(InProgress {
        question_id: "gone".into(),
        text: "typed since".into(),
    });
    draft.reconcile(&q);
    let texts = texts_of(draft.answers.values().map(|e| e.answer.clone()));
    assert!(texts.contains(&"kept from before".to_string()), "{texts:?}");
    assert!(texts.contains(&"typed since".to_string()), "{texts:?}");
    assert!(draft.in_progress.is_none());
}

#[test]
fn an_empty_answer_stays_empty() {
    check_round_trip("", "", "").unwrap();
}

/// The response written to a file, then `print --format json` and `collate` (CSV read back by
/// the csv crate, and JSON Lines) over it: every answer comes out exactly as it went in.
fn check_print_and_collate(long: &str, short: &str) -> Result<(), TestCaseError> {
    use ndti_respond::cli::{CollateArgs, CollateFormat, PrintArgs, PrintFormat};
    let q = questionnaire();
    let response = draft_with(&q, long, short, "").to_response(&q);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("response.json");
    std::fs::write(&file, response.to_json()).unwrap();

    let printed = dir.path().join("printed.json");
    ndti_respond::print::run(&PrintArgs {
        file: file.clone(),
        format: PrintFormat::Json,
        width: None,
        output: Some(printed.clone()),
        identity: None,
    })
    .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back =
        Response::from_json(&std::fs::read(&printed).unwrap()).map_err(TestCaseError::fail)?;
    prop_assert_eq!(&back, &response);

    let collate = |format: CollateFormat, out: &str| {
        let output = dir.path().join(out);
        ndti_respond::collate::run(
            &CollateArgs {
                paths: vec![file.clone()],
                format,
                output: Some(output.clone()),
                anonymise: false,
                identity: None,
                bom: false,
                raw: true,
                quiet: true,
            },
            &ndti_respond::cli::GlobalArgs {
                plain: true,
                ..Default::default()
            },
        )
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
        Ok::<_, TestCaseError>(std::fs::read(output).unwrap())
    };

    let csv_bytes = collate(CollateFormat::Csv, "all.csv")?;
    let mut reader = csv::Reader::from_reader(&csv_bytes[..]);
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    prop_assert_eq!(rows.len(), 1);
    for (_, question) in q.questions() {
        let expected = match question.kind {
            Kind::Long => long,
            Kind::Short => short,
            _ => continue,
        };
        let column = headers.iter().position(|h| h == question.id).unwrap();
        prop_assert_eq!(&rows[0][column], expected, "column {}", question.id);
    }

    let jsonl = collate(CollateFormat::Jsonl, "all.jsonl")?;
    let text = String::from_utf8(jsonl).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    prop_assert_eq!(lines.len(), 1);
    let back = Response::from_json(lines[0].as_bytes()).map_err(TestCaseError::fail)?;
    prop_assert_eq!(&back, &response);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_answer_survives_print_and_collate(
        long in answer_text(2000),
        short in answer_text(200),
    ) {
        check_print_and_collate(&long, &short)?;
    }
}

#[test]
fn the_awkward_characters_survive_print_and_collate() {
    let text =
        "line one\r\nline two\rline three\n\ttabbed\0nul\u{1b}[31mred\u{2028}\u{feff}日本🙂\"\\,;";
    check_print_and_collate(text, text).unwrap();
}
