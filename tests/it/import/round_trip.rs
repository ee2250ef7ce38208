//! The round trip: a response made with the wizard's own model, written into the template by
//! a test helper (as a respondent would fill it in), imported back: the same answers.

use serde_json::{Value, json};

use ndti_respond::answer::AnswerValue;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::Questionnaire;
use ndti_respond::response::Response;

use super::word_forms::*;
use super::*;

fn response() -> Response {
    let q = Questionnaire::embedded();
    let mut d = Draft::new(&q);
    let text = |s: &str| Some(AnswerValue::Text(s.to_string()));
    let mut set = |id: &str, v: Option<AnswerValue>| d.set_answer(&q, q.question(id).unwrap(), v);
    set("name", text("Dónal O'Brien"));
    set("organisation", text("Survivors' Café & Co-op"));
    set("email", text("donal@example.net"));
    set("phone", text("+44 (0)117 496 0000"));
    set("future_contact", Some(AnswerValue::YesNo(true)));
    set(
        "activity_type",
        text(
            "A \"recovery college\" run by peers.\n\tIt met weekly at the café — 漢字 🙂.\n\nSecond paragraph: <b>not bold</b> & a backslash \\ here.",
        ),
    );
    set("initiated_by", text("People who use services."));
    let focus = q.question("coproduce_focus").unwrap();
    set(
        "coproduce_focus",
        Some(AnswerValue::Selection(focus.selection(&[2], None).unwrap())),
    );
    set("issue_definers", text("Everyone, together."));
    set("why_coproduction", text("Nothing else had worked."));
    set("envisaged_achievements", text("Fewer crises."));
    set("shared_understanding", text("Stories first;\nthen plans."));
    set(
        "right_people",
        text("Not at first.\n\n\nThree blank lines above."),
    );
    set("recognition", text("Everyone was paid for their time."));
    set("emotional_expression", text("Anger was welcome."));
    set("staff_honesty", text("Mostly."));
    set("relationships_language", text("Plain words, no jargon."));
    set(
        "practical_issues",
        text("Meetings in the evening, travel paid."),
    );
    set("outcomes_achieved", text("A new crisis house."));
    set("change_communicated", text("A newsletter."));
    set(
        "progress_tracked",
        text("A shared diary, read aloud monthly."),
    );
    set("barriers_overcome", text("Money: a grant."));
    set(
        "barriers_not_overcome",
        text("Time. Why was that? Nobody had any."),
    );
    set("what_was_learnt", text("Go slowly."));
    set("do_differently", text("Start sooner."));
    set("further_comments", text("Thank you for asking."));
    d.to_response(&q)
}

/// A form filled in with a response's answers, each written straight after its prompt.
fn filled_with(r: &Response) -> FilledForm {
    let text = |id: &str| match r.answers[id].answer.as_ref() {
        Some(AnswerValue::Text(t)) => t.clone(),
        Some(other) => other.to_text(),
        None => String::new(),
    };
    let mut form = FilledForm {
        name: text("name"),
        organisation: text("organisation"),
        email: text("email"),
        phone: text("phone"),
        ..FilledForm::blank()
    };
    form = match r.answers["future_contact"].answer {
        // Deleted (tracked in .docx and .odt, gone from .txt): a mark every format keeps.
        Some(AnswerValue::YesNo(true)) => form.consent(&[("Y/", PLAIN), ("N", deleted())]),
        Some(AnswerValue::YesNo(false)) => form.consent(&[("Y", deleted()), ("/N", PLAIN)]),
        _ => form,
    };
    for (id, entry) in &r.answers {
        if entry.kind.as_str() == "long" || id == "coproduce_focus" {
            let id: &'static str = Box::leak(id.clone().into_boxed_str());
            if entry.given().is_some() {
                form = form.after(id, &text(id));
            }
        }
    }
    form
}

#[test]
fn a_response_written_into_the_form_and_imported_gives_the_same_answers() {
    let original = response();
    let mut expected: serde_json::Map<String, Value> =
        answers(&serde_json::to_value(&original).unwrap());
    // What the Word form does not ask cannot come back from it.
    for id in ["respondent_type", "coproduce_details"] {
        expected.insert(id.to_string(), Value::Null);
    }
    let form = filled_with(&original);
    let mut paragraphs = form.clone();
    paragraphs.layout = Layout::Paragraphs;
    let run = Inbox::new();
    for (name, bytes) in [
        ("filled.docx", form.docx()),
        ("filled.odt", form.odt()),
        ("filled.txt", form.txt().into_bytes()),
        ("paragraphs.docx", paragraphs.docx()),
        ("paragraphs.txt", paragraphs.txt().into_bytes()),
    ] {
        let (r, report) = run.response(name, bytes);
        assert_eq!(answers(&r), expected, "{name}");
        assert_eq!(r["consent_to_future_contact"], json!(true), "{name}");
        assert_eq!(r["unplaced"], json!([]), "{name}");
        assert!(!report.contains("a person should look"), "{name}: {report}");
        // The imported response reads back into the wizard's own model, unchanged.
        let back = Response::from_json(serde_json::to_string(&r).unwrap().as_bytes()).unwrap();
        assert_eq!(back.answers.len(), original.answers.len());
        assert_eq!(back.source.as_ref().unwrap().file, name);
    }
}

/// Converts `input` with LibreOffice (`soffice --convert-to FILTER`) into `out_dir`.
fn libreoffice(
    input: &std::path::Path,
    filter: &str,
    out_dir: &std::path::Path,
    profile: &std::path::Path,
) {
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(out_dir)
        .arg(input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("soffice runs");
    assert!(status.success(), "soffice --convert-to {filter} failed");
}

#[test]
#[ignore = "needs soffice (Debian package libreoffice-writer-nogui)"]
fn forms_saved_by_libreoffice_import_the_same() {
    crate::common::require("soffice", "libreoffice-writer-nogui");
    let original = response();
    let mut expected: serde_json::Map<String, Value> =
        answers(&serde_json::to_value(&original).unwrap());
    for id in ["respondent_type", "coproduce_details"] {
        expected.insert(id.to_string(), Value::Null);
    }
    let run = Inbox::new();
    let source = run.write("filled.docx", filled_with(&original).docx());
    let profile = run.path("profile");
    for (filter, dir) in [
        ("odt", "lo-odt"),
        ("docx:MS Word 2007 XML", "lo-docx"),
        ("doc:MS Word 97", "lo-doc"),
    ] {
        libreoffice(&source, filter, &run.path(dir), &profile);
    }
    // LibreOffice's own OpenDocument and Word files: the same answers.
    for name in ["lo-odt/filled.odt", "lo-docx/filled.docx"] {
        let out = run.import(&[name, "-o", &format!("{name}.json")]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        let r = crate::common::read_json(&run.path(&format!("{name}.json")));
        assert_schema(&r);
        assert_eq!(answers(&r), expected, "{name}");
        assert_eq!(r["consent_to_future_contact"], json!(true), "{name}");
        assert_eq!(r["unplaced"], json!([]), "{name}");
    }
    // A real Word 97 document: refused, saying what to do.
    let out = run.import(&["lo-doc/filled.doc"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("lo-doc/filled.doc: it is an old Word document (.doc): open it in Word or LibreOffice, save it as .docx"),
        "{}",
        out.stderr
    );
}
