//! The corpus: the template filled in each way a respondent fills it in, with the response
//! each must give.

use serde_json::{Value, json};

use super::word_forms::*;
use super::*;
use crate::common::read_json;

const ACTIVITY: &str =
    "A peer-led recovery college, run from the library.\n\nIt met weekly for two years.";

#[test]
fn answers_in_the_answer_cells_of_the_template() {
    let form = contact(FilledForm::blank())
        .consent(&[("Y/", PLAIN), ("N", struck())])
        .cell(AnswerCell::Activity, ACTIVITY)
        .cell(AnswerCell::Why, "Because nothing else had worked.")
        .after("shared_understanding", "We listened first.")
        .cell(AnswerCell::OutcomesLeft, "Yes, mostly.")
        .cell(AnswerCell::OutcomesRight, "People came back.")
        .cell(AnswerCell::Tracking, "A shared diary.")
        .cell(AnswerCell::Barriers, "Money.\nTime.")
        .after("what_was_learnt", "That it takes time.")
        .after("further_comments", "Thank you.");
    let run = Inbox::new();
    let (r, report) = run.response("form.docx", form.docx());
    // "What would you do differently next time?" and "Please add any further comments." share
    // the rest of the learning box, so what follows them is theirs together.
    assert_eq!(
        answers(&r),
        only(&[
            ("name", json!("Jo Bloggs")),
            ("organisation", json!("Hearing Voices Network Bath")),
            ("email", json!("jo@example.org")),
            ("phone", json!("01225 789135")),
            ("future_contact", json!(true)),
            ("activity_type", json!(ACTIVITY)),
            (
                "why_coproduction",
                json!("Because nothing else had worked.")
            ),
            ("shared_understanding", json!("We listened first.")),
            ("right_people", json!("Yes, mostly.\n\nPeople came back.")),
            ("progress_tracked", json!("A shared diary.")),
            ("barriers_overcome", json!("Money.\nTime.")),
            ("what_was_learnt", json!("That it takes time.")),
            ("do_differently", json!("Thank you.")),
        ])
    );
    assert_eq!(r["consent_to_future_contact"], json!(true));
    // The boxes of several prompts are kept whole, and each of their questions says so.
    let activity_box = json!({
        "answer_in": "activity_type",
        "questions": ["activity_type", "initiated_by", "coproduce_focus", "issue_definers"]
    });
    for id in [
        "activity_type",
        "initiated_by",
        "coproduce_focus",
        "issue_definers",
    ] {
        assert_eq!(r["answers"][id]["form_box"], activity_box, "{id}");
    }
    assert_eq!(
        r["answers"]["envisaged_achievements"]["form_box"]["answer_in"],
        "why_coproduction"
    );
    assert_eq!(
        r["answers"]["change_communicated"]["form_box"]["answer_in"],
        "right_people"
    );
    assert_eq!(
        r["answers"]["barriers_not_overcome"]["form_box"]["answer_in"],
        "barriers_overcome"
    );
    assert_eq!(
        r["answers"]["further_comments"]["form_box"],
        json!({"answer_in": "do_differently", "questions": ["do_differently", "further_comments"]})
    );
    assert!(r["answers"]["progress_tracked"].get("form_box").is_none());
    assert!(r["answers"]["what_was_learnt"].get("form_box").is_none());
    assert!(r["answers"]["name"].get("form_box").is_none());
    assert_eq!(unplaced(&r), Vec::<(String, String)>::new());
    assert_eq!(r["source"]["kind"], "docx");
    assert_eq!(r["source"]["file"], "form.docx");
    assert_eq!(r["questionnaire"]["id"], "ndti-coproduction-mental-health");
    assert!(report.contains("form.docx: imported into"), "{report}");
    assert!(
        report.contains("consent: yes (N is struck through)"),
        "{report}"
    );
    assert!(
        report.contains("not on the form: respondent_type, coproduce_details"),
        "{report}"
    );
    assert!(!report.contains("a person should look"), "{report}");
}

#[test]
fn answers_as_paragraphs_after_the_prompts() {
    let mut form = contact(FilledForm::blank()).consent(&[("Yes", PLAIN)]);
    form.layout = Layout::Paragraphs;
    let form = form
        .after("activity_type", ACTIVITY)
        .after("initiated_by", "Service users, with staff.")
        .after("coproduce_focus", "Wider community")
        .after("issue_definers", "Everyone together.")
        .after("right_people", "Not at first.")
        .after("recognition", "Yes: payment for everyone's time.")
        .after("barriers_overcome", "A grant.")
        .after("what_was_learnt", "Go slowly.")
        .cell(AnswerCell::Barriers, "Funding ended.");
    let run = Inbox::new();
    for (name, bytes) in [
        ("form.docx", form.docx()),
        ("form2.odt", form.odt()),
        ("form3.txt", form.txt().into_bytes()),
    ] {
        let (r, _) = run.response(name, bytes);
        assert_eq!(
            answers(&r),
            only(&[
                ("name", json!("Jo Bloggs")),
                ("organisation", json!("Hearing Voices Network Bath")),
                ("email", json!("jo@example.org")),
                ("phone", json!("01225 789135")),
                ("future_contact", json!(true)),
                ("activity_type", json!(ACTIVITY)),
                ("initiated_by", json!("Service users, with staff.")),
                (
                    "coproduce_focus",
                    json!({"selected": [{"id": "wider_community", "label": "Wider community"}]})
                ),
                ("issue_definers", json!("Everyone together.")),
                ("right_people", json!("Not at first.")),
                ("recognition", json!("Yes: payment for everyone's time.")),
                ("barriers_overcome", json!("A grant.")),
                ("barriers_not_overcome", json!("Funding ended.")),
                ("what_was_learnt", json!("Go slowly.")),
            ]),
            "{name}"
        );
        assert!(
            r["answers"]
                .as_object()
                .unwrap()
                .values()
                .all(|e| e.get("form_box").is_none()),
            "{name}: every prompt answered on its own, so no boxes"
        );
        assert_eq!(unplaced(&r), Vec::<(String, String)>::new(), "{name}");
    }
}

#[test]
fn an_empty_form_gives_an_empty_response_and_says_so() {
    let run = Inbox::new();
    for (name, bytes) in [
        ("empty.docx", FilledForm::blank().docx()),
        ("empty.odt", FilledForm::blank().odt()),
        ("empty.txt", FilledForm::blank().txt().into_bytes()),
    ] {
        let (r, report) = run.response(name, bytes);
        assert_eq!(answers(&r), only(&[]), "{name}");
        assert_eq!(unplaced(&r), Vec::<(String, String)>::new(), "{name}");
        assert_eq!(r["consent_to_future_contact"], json!(false));
        assert!(report.contains("placed: 0 of the 26 questions on the form answered; empty: name, organisation, email, phone, future_contact"), "{report}");
        assert!(report.contains("consent: not answered"), "{report}");
        assert!(
            report.contains("a person should look at this form"),
            "{report}"
        );
    }
}

/// Each way of answering the consent question, and what it must give.
fn consent_cases() -> Vec<(&'static str, FilledForm, Option<bool>, &'static str)> {
    let f = || contact(FilledForm::blank());
    let mut oval = f();
    oval.consent_oval = true;
    vec![
        (
            "Y alone",
            f().consent(&[("Y", PLAIN)]),
            Some(true),
            "only Y is left",
        ),
        (
            "N alone",
            f().consent(&[("N", PLAIN)]),
            Some(false),
            "only N is left",
        ),
        (
            "Yes",
            f().consent(&[("Yes", PLAIN)]),
            Some(true),
            "\"Yes\" is written",
        ),
        (
            "no",
            f().consent(&[("no", PLAIN)]),
            Some(false),
            "\"no\" is written",
        ),
        (
            "Y struck",
            f().consent(&[("Y", struck()), ("/N", PLAIN)]),
            Some(false),
            "Y is struck through",
        ),
        (
            "N struck",
            f().consent(&[("Y/", PLAIN), ("N", struck())]),
            Some(true),
            "N is struck through",
        ),
        (
            "N deleted",
            f().consent(&[("Y/", PLAIN), ("N", deleted())]),
            Some(true),
            "only Y is left",
        ),
        (
            "Y deleted",
            f().consent(&[("Y", deleted()), ("/N", PLAIN)]),
            Some(false),
            "only N is left",
        ),
        (
            "Y bold",
            f().consent(&[("Y", bold()), ("/N", PLAIN)]),
            Some(true),
            "Y is in bold",
        ),
        (
            "N highlighted",
            f().consent(&[("Y/", PLAIN), ("N", highlighted())]),
            Some(false),
            "N is highlighted",
        ),
        (
            "Y circled",
            f().consent(&[("Y", circled()), ("/N", PLAIN)]),
            Some(true),
            "Y is circled",
        ),
        (
            "Yes beside Y/N",
            f().consent(&[("Y/N   Yes", PLAIN)]),
            Some(true),
            "\"Yes\" is written beside Y/N",
        ),
        (
            "both bold",
            f().consent(&[("Y", bold()), ("/", PLAIN), ("N", bold())]),
            None,
            "not answered",
        ),
        ("untouched", f(), None, "not answered"),
        (
            "both struck",
            f().consent(&[("Y", struck()), ("/", PLAIN), ("N", struck())]),
            None,
            "both Y and N are struck through",
        ),
        (
            "marks disagree",
            f().consent(&[("Y", bold()), ("/", PLAIN), ("N", PLAIN), (" no", PLAIN)]),
            None,
            "the marks disagree",
        ),
        (
            "other words",
            f().consent(&[("Yes, but only by email", PLAIN)]),
            None,
            "are not a plain yes or no",
        ),
        (
            "a tick",
            f().consent(&[("Y/N ✓", PLAIN)]),
            None,
            "does not say whether",
        ),
        ("an oval drawn", oval, None, "a shape is drawn on the line"),
    ]
}

#[test]
fn consent_only_when_it_is_unambiguous() {
    let run = Inbox::new();
    for (i, (what, form, expected, detail)) in consent_cases().into_iter().enumerate() {
        for (ext, bytes) in [("docx", form.docx()), ("odt", form.odt())] {
            let name = format!("consent-{i}.{ext}");
            let (r, report) = run.response(&name, bytes);
            let consent_line = report
                .lines()
                .find(|l| l.contains("consent:"))
                .unwrap_or_default()
                .to_string();
            match expected {
                Some(yes) => {
                    assert_eq!(answer(&r, "future_contact"), &json!(yes), "{what} ({ext})");
                    assert_eq!(r["consent_to_future_contact"], json!(yes), "{what} ({ext})");
                    let word = if yes { "yes" } else { "no" };
                    assert_eq!(
                        consent_line,
                        format!("  consent: {word} ({detail})"),
                        "{what} ({ext})"
                    );
                    assert_eq!(
                        unplaced(&r),
                        Vec::<(String, String)>::new(),
                        "{what} ({ext})"
                    );
                }
                None => {
                    assert_eq!(answer(&r, "future_contact"), &Value::Null, "{what} ({ext})");
                    assert_eq!(
                        r["consent_to_future_contact"],
                        json!(false),
                        "{what} ({ext})"
                    );
                    assert!(
                        consent_line.contains(detail),
                        "{what} ({ext}): {consent_line}"
                    );
                    assert!(report.contains("a person should look"), "{what} ({ext})");
                    if detail != "not answered" {
                        assert!(
                            consent_line.contains("unclear in the Word form: ask the respondent"),
                            "{what} ({ext}): {consent_line}"
                        );
                        let kept = unplaced(&r);
                        assert_eq!(kept.len(), 1, "{what} ({ext}): {kept:?}");
                        assert!(
                            kept[0].1.starts_with("beside the question \"May we contact in future with further information?\": not a clear yes or no ("),
                            "{what} ({ext}): {}",
                            kept[0].1
                        );
                        assert_eq!(r["unplaced"][0]["question"], "future_contact");
                    }
                }
            }
        }
    }
}

#[test]
fn consent_written_in_a_text_form() {
    let run = Inbox::new();
    let form = contact(FilledForm::blank()).consent(&[("N", PLAIN)]);
    let (r, _) = run.response("no.txt", form.txt());
    assert_eq!(answer(&r, "future_contact"), &json!(false));
}

const WIDE: &str = "Zoë Ångström-O'Neil, café owner — «quoted», 東京支部 🙂, Ελληνικά, עברית";

#[test]
fn non_ascii_text_in_every_kind_of_file() {
    let form = FilledForm {
        name: "Zoë Ångström-O'Neil".into(),
        organisation: "Mind & Body 東京支部".into(),
        ..FilledForm::blank()
    }
    .after("shared_understanding", WIDE)
    .after(
        "progress_tracked",
        "\tIndented with a tab.\n  And two spaces.",
    );
    let run = Inbox::new();
    let txt = form.txt();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(txt.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    for (name, bytes) in [
        ("wide.docx", form.docx()),
        ("wide.odt", form.odt()),
        ("wide.txt", txt.clone().into_bytes()),
        ("wide-utf16.txt", utf16),
    ] {
        let (r, _) = run.response(name, bytes);
        assert_eq!(answer(&r, "name"), &json!("Zoë Ångström-O'Neil"), "{name}");
        assert_eq!(
            answer(&r, "organisation"),
            &json!("Mind & Body 東京支部"),
            "{name}"
        );
        assert_eq!(answer(&r, "shared_understanding"), &json!(WIDE), "{name}");
        assert_eq!(
            answer(&r, "progress_tracked"),
            &json!("\tIndented with a tab.\n  And two spaces."),
            "{name}"
        );
    }
    // Word's plain text in its default Windows encoding.
    let latin = FilledForm {
        name: "Zoë Müller".into(),
        ..FilledForm::blank()
    }
    .after("shared_understanding", "£20 each, café.");
    let latin = latin.txt();
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&latin);
    let (r, report) = run.response("latin.txt", bytes.as_ref());
    assert_eq!(answer(&r, "name"), &json!("Zoë Müller"));
    assert_eq!(
        answer(&r, "shared_understanding"),
        &json!("£20 each, café.")
    );
    assert!(report.contains("read as Windows-1252"), "{report}");
}

#[test]
fn extra_text_above_and_below_and_comments_are_kept_unplaced() {
    let mut form = contact(FilledForm::blank()).after("shared_understanding", "None.");
    form.above = vec![
        "Dear Lou,".into(),
        "Here is our form. Sorry it is late!".into(),
    ];
    form.below = vec!["P.S. We can send photographs.".into()];
    form.comments = vec![(
        "Sam Carer".into(),
        "Please do not publish our names.".into(),
    )];
    let run = Inbox::new();
    for (name, bytes) in [("extra.docx", form.docx()), ("extra.odt", form.odt())] {
        let (r, report) = run.response(name, bytes);
        assert_eq!(
            answer(&r, "shared_understanding"),
            &json!("None."),
            "{name}"
        );
        assert_eq!(answer(&r, "name"), &json!("Jo Bloggs"), "{name}");
        assert_eq!(
            unplaced(&r),
            vec![
                (
                    "Dear Lou,\nHere is our form. Sorry it is late!".to_string(),
                    "above the form".to_string()
                ),
                (
                    "P.S. We can send photographs.".to_string(),
                    "below the form".to_string()
                ),
                (
                    "Please do not publish our names.".to_string(),
                    "a comment by Sam Carer".to_string()
                ),
            ],
            "{name}"
        );
        assert!(
            report.contains("not placed, kept in \"unplaced\": 3 pieces of text"),
            "{report}"
        );
        assert!(
            report
                .contains("    above the form: \"Dear Lou, Here is our form. Sorry it is late!\""),
            "{report}"
        );
    }
}

#[test]
fn contact_details_that_fail_their_checks_are_kept_and_reported() {
    let form = FilledForm {
        name: "Jo".into(),
        email: "jo at example dot org".into(),
        phone: "ring the office".into(),
        ..FilledForm::blank()
    };
    let run = Inbox::new();
    let (r, report) = run.response("checks.docx", form.docx());
    assert_eq!(answer(&r, "email"), &json!("jo at example dot org"));
    assert_eq!(answer(&r, "phone"), &json!("ring the office"));
    assert!(report.contains("check: the answer to \"Email Address\" (email) is kept as written, but: That doesn't look like an email address yet."), "{report}");
    assert!(report.contains("check: the answer to \"Contact Number\" (phone) is kept as written, but: That doesn't look like a phone number."), "{report}");
}

#[test]
fn another_questionnaires_form_is_refused() {
    let run = Inbox::new();
    let other = "Staff survey 2024\n\nYour team:\nSales\nHow happy are you at work?\nVery.\nAny other comments?\nNo.\n";
    run.write("survey.txt", other);
    let docx = {
        let doc = docx_rs::Docx::new()
            .add_paragraph(
                docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text("Your team:")),
            )
            .add_paragraph(
                docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text("Name: Jo")),
            );
        let mut out = std::io::Cursor::new(Vec::new());
        doc.build().pack(&mut out).unwrap();
        out.into_inner()
    };
    run.write("survey.docx", docx);
    for name in ["survey.txt", "survey.docx"] {
        let out = run.import(&[name]);
        assert_eq!(out.code, 2, "{name}: {}", out.stderr);
        assert!(
            out.stderr.starts_with(&format!("ndti-respond: {name}: it does not look like a filled-in copy of the form \"Co-production in mental health: a call for practice examples\"")),
            "{}",
            out.stderr
        );
        assert!(!run.path(name).with_extension("json").exists());
    }
}

#[test]
fn another_questionnaire_given_with_questions_is_read_by_its_own_words() {
    let run = Inbox::new();
    let form = "About you\nYour name: Sam\n\nTell us what happened.\nWe met.\n\nIt helped.\n\nKeeping in touch\nMay we contact you again? yes\n";
    run.write("tiny.txt", form);
    let tiny = crate::common::tiny();
    let out = run.import(&["--questions", tiny.to_str().unwrap(), "tiny.txt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r = read_json(&run.path("tiny.json"));
    assert_schema(&r);
    assert_eq!(r["questionnaire"]["id"], "tiny-test");
    let q = ndti_respond::questionnaire::Questionnaire::load(&tiny).unwrap();
    let ids: Vec<&str> = q.questions().map(|(_, x)| x.id.as_str()).collect();
    assert_eq!(
        ids,
        ["name", "story", "consent", "focus"],
        "the fixture changed"
    );
    assert_eq!(answer(&r, "name"), &json!("Sam"));
    assert_eq!(answer(&r, "story"), &json!("We met.\n\nIt helped."));
    assert_eq!(answer(&r, "consent"), &json!(true));
}

/// The template as Word itself saved it as plain text (the project's seed copy of it).
const SEED: &str = include_str!("../../fixtures/ndti-call-for-practice-examples.txt");

#[test]
fn the_template_as_word_saved_it_is_all_the_forms_own_words() {
    let run = Inbox::new();
    let (r, report) = run.response("template.txt", SEED);
    assert_eq!(answers(&r), only(&[]));
    assert_eq!(unplaced(&r), Vec::<(String, String)>::new());
    assert!(
        report.contains("placed: 0 of the 26 questions on the form answered"),
        "{report}"
    );
    // Filled in the way a respondent edits that text.
    let filled = SEED
        .replacen("Name:", "Name: Jo Bloggs", 1)
        .replacen("Organisation:", "Organisation: Mind Bath", 1)
        .replacen("Y/N", "N", 1)
        .replacen(
            "Please add any further comments.\n",
            "Please add any further comments.\nWe would do it again.\n",
            1,
        );
    let (r, _) = run.response("filled.txt", filled);
    assert_eq!(
        answers(&r),
        only(&[
            ("name", json!("Jo Bloggs")),
            ("organisation", json!("Mind Bath")),
            ("future_contact", json!(false)),
            ("what_was_learnt", json!("We would do it again.")),
        ])
    );
    assert_eq!(
        r["answers"]["further_comments"]["form_box"]["answer_in"],
        "what_was_learnt"
    );
}
