//! `print` and `validate` on imported responses: the form's text that could not be placed shown
//! word for word under its own heading in every format, made safe as everything from a file is;
//! which questions shared one box of the form; an unanswered consent shown as unanswered, never
//! as "N"; and `validate` asking for the respondent when consent was unclear.

use serde_json::{Value, json};

use super::word_forms::*;
use super::*;

const ACTIVITY: &str = "A peer-led recovery college.\n\nIt met weekly.";
const HEADING: &str = "Text from the form that could not be placed";

/// A form with a letter above it, a note below it holding markup, a box answered as a whole,
/// and consent given in words (so unclear); imported, with a control sequence and a bidi
/// override then put into its unplaced text as a stranger's file could hold them.
fn imported(inbox: &Inbox) -> std::path::PathBuf {
    let mut form = contact(FilledForm::blank())
        .consent(&[("Yes, but only by email", PLAIN)])
        .cell(AnswerCell::Activity, ACTIVITY);
    form.above = vec!["Dear Lou,".into(), "Here is our form.".into()];
    form.below = vec!["<script>alert(1)</script> & thanks".into()];
    let (mut r, _) = inbox.response("form.docx", form.docx());
    let unplaced = r["unplaced"].as_array_mut().unwrap();
    assert_eq!(unplaced.len(), 3, "{unplaced:?}");
    unplaced.push(json!({"text": "x\u{1b}[2Jy\u{202e}z", "location": "a comment by \u{1b}]0;Sam"}));
    let path = inbox.path("form.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&r).unwrap()).unwrap();
    path
}

fn print(path: &std::path::Path, format: &str) -> String {
    let out = assert_cmd::Command::new(BIN)
        .args(["print", "--width", "80", "--format", format])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn consent_line(text: &str) -> &str {
    text.lines()
        .find(|l| l.starts_with("May we contact in future"))
        .unwrap()
}

#[test]
fn print_shows_unplaced_text_boxes_and_unclear_consent_in_every_format() {
    let inbox = Inbox::new();
    let path = imported(&inbox);

    let text = print(&path, "text");
    let unplaced = &text[text.find(HEADING).expect(HEADING)..];
    for expected in [
        "Above the form:\n  Dear Lou,\n  Here is our form.\n",
        "Below the form:\n  <script>alert(1)</script> & thanks\n",
        "Beside the question \"May we contact in future with further information?\": not a\nclear yes or no",
        "  Yes, but only by email\n",
        "A comment by \u{FFFD}]0;Sam:\n  x\u{FFFD}[2Jy\\u{202e}z\n",
    ] {
        assert!(unplaced.contains(expected), "{expected:?} in:\n{unplaced}");
    }
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
    // Unanswered is unanswered: never N.
    let consent = consent_line(&text);
    assert!(
        consent.ends_with("(not answered: consent"),
        "{consent:?} in:\n{text}"
    );
    assert!(text.contains("unclear in the Word form; ask the respondent)"));
    // The box of four questions, kept whole in the first one's answer.
    let activity = &text[text.find("Type or nature of activity:\n").unwrap()..];
    assert!(
        activity.starts_with("Type or nature of activity:\n  (The form asks this in one box with \"Who Initiated and/or led the activity?\","),
        "{activity}"
    );
    assert!(activity.contains("  A peer-led recovery college.\n\n  It met weekly.\n"));
    let initiated = &text[text
        .find("Who Initiated and/or led the activity?\n")
        .unwrap()..];
    assert!(
        initiated.starts_with("Who Initiated and/or led the activity?\n  (The form asks this in one box with \"Type or nature of activity:\": everything\n  written in the box is kept there, whole.)"),
        "{initiated}"
    );
    assert!(text.contains("Imported from: form.docx (docx, SHA-256"));

    let markdown = print(&path, "markdown");
    let unplaced = &markdown[markdown.find(&format!("## {HEADING}")).expect(HEADING)..];
    for expected in [
        "### Above the form\n\nDear Lou,\\\nHere is our form.\n",
        "### Below the form\n\n\\<script\\>alert(1)\\</script\\> \\& thanks\n",
        "x\u{FFFD}\\[2Jy\\\\u\\{202e\\}z",
    ] {
        assert!(unplaced.contains(expected), "{expected:?} in:\n{unplaced}");
    }
    assert!(!markdown.contains("<script>"));
    assert!(
        markdown.contains(
            "- **May we contact in future with further information?** *(not answered: consent unclear in the Word form; ask the respondent)*"
        ),
        "{markdown}"
    );
    assert!(markdown.contains("*The form asks this in one box with"));

    let html = print(&path, "html");
    let unplaced = &html[html.find(&format!("<h2>{HEADING}</h2>")).expect(HEADING)..];
    for expected in [
        "<h3>Above the form</h3>\n<div class=\"answer\">Dear Lou,\nHere is our form.</div>",
        "<h3>Below the form</h3>\n<div class=\"answer\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; thanks</div>",
        "x\u{FFFD}[2Jy\\u{202e}z",
    ] {
        assert!(unplaced.contains(expected), "{expected:?} in:\n{unplaced}");
    }
    assert!(!html.contains("<script>") && !html.contains('\u{1b}'));
    assert!(html.contains(
        "<td><span class=\"unanswered\">(not answered: consent unclear in the Word form; ask the respondent)</span></td>"
    ));
    assert!(html.contains("<p class=\"form-box\">The form asks this in one box with"));

    // JSON keeps every piece as it is, escapes and all.
    let json: Value = serde_json::from_str(&print(&path, "json")).unwrap();
    let file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(json["unplaced"], file["unplaced"]);
    assert_eq!(json["unplaced"][3]["text"], "x\u{1b}[2Jy\u{202e}z");
    assert_eq!(json["answers"]["future_contact"]["answer"], Value::Null);
    assert_eq!(
        json["answers"]["initiated_by"]["form_box"]["answer_in"],
        "activity_type"
    );
}

#[test]
fn an_unanswered_consent_is_never_printed_as_n() {
    // A response from the wizard's side with its consent left unanswered (an invalid file):
    // `consent_to_future_contact` is false, but the respondent never said no.
    let inbox = Inbox::new();
    let q = ndti_respond::questionnaire::Questionnaire::embedded();
    let r = ndti_respond::draft::Draft::new(&q).to_response(&q);
    let path = inbox.write("r.json", r.to_json());
    let text = print(&path, "text");
    assert_eq!(
        consent_line(&text),
        "May we contact in future with further information? (not answered)"
    );
    assert!(
        !text.contains(HEADING),
        "no unplaced text in a wizard response"
    );
    let markdown = print(&path, "markdown");
    assert!(
        markdown
            .contains("- **May we contact in future with further information?** *(not answered)*")
    );
    let html = print(&path, "html");
    assert!(html.contains("<td><span class=\"unanswered\">(not answered)</span></td>"));
}

fn validate(inbox: &Inbox, args: &[&str]) -> (i32, String) {
    let out = assert_cmd::Command::new(BIN)
        .arg("validate")
        .args(args)
        .current_dir(inbox.path(""))
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn validate_asks_for_the_respondent_when_consent_was_unclear() {
    let inbox = Inbox::new();
    imported(&inbox);
    let (code, out) = validate(&inbox, &["form.json", "--json"]);
    assert_eq!(code, 1, "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let problems: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        problems.contains(&"consent unclear in the Word form: ask the respondent"),
        "{problems:#?}"
    );
    assert!(problems.contains(
        &"text from the Word form that could not be placed (above the form): \"Dear Lou, Here is our form.\""
    ));
    assert!(
        problems
            .iter()
            .all(|p| !p.contains("required answer missing")),
        "respondent_type is not on the form, and the box's questions are answered in it: {problems:#?}"
    );

    // A form filled in clearly is valid: the questions it does not ask, and those of a box
    // answered as a whole, are not missing.
    let clear = contact(FilledForm::blank())
        .consent(&[("N", PLAIN)])
        .cell(AnswerCell::Activity, ACTIVITY);
    inbox.response("clear.docx", clear.docx());
    assert_eq!(
        validate(&inbox, &["clear.docx.json"]),
        (0, "OK  clear.docx.json\n".to_string())
    );

    // A blank form: consent not given, so the respondent must be asked; the required answers
    // the form asks for are missing.
    inbox.response("blank.odt", FilledForm::blank().odt());
    let (code, out) = validate(&inbox, &["blank.odt.json"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("INVALID  blank.odt.json: ")
            && out.contains("required answer missing: `name`")
            && out.contains("required answer missing: `activity_type`")
            && out.contains("consent unclear in the Word form: ask the respondent")
            && !out.contains("`respondent_type`"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn boxes_claimed_by_a_strangers_file_cannot_make_a_printout_grow_out_of_proportion() {
    // Every question's words 100 KB long, and 3,000 more answers each claiming a box of every
    // question: a note naming every question of every box in full would be 8 GB.
    let inbox = Inbox::new();
    let q = ndti_respond::questionnaire::Questionnaire::embedded();
    let mut r: Value = serde_json::from_str(
        &ndti_respond::draft::Draft::new(&q)
            .to_response(&q)
            .to_json(),
    )
    .unwrap();
    let answers = r["answers"].as_object_mut().unwrap();
    let ids: Vec<String> = answers.keys().cloned().collect();
    for entry in answers.values_mut() {
        entry["question"] = json!("Why? ".repeat(20_000));
    }
    let claimed: Vec<&String> = ids.iter().cycle().take(ids.len() * 4).collect();
    for i in 0..3_000 {
        let mut entry = answers[&ids[5]].clone();
        entry["question"] = json!("A question.");
        entry["retired"] = json!(true);
        entry["form_box"] = json!({"answer_in": ids[0], "questions": claimed});
        answers.insert(format!("extra{i}"), entry);
    }
    answers[&ids[0]]["form_box"] = json!({"answer_in": ids[0], "questions": claimed});
    let path = inbox.write("boxes.json", serde_json::to_vec(&r).unwrap());
    let size = std::fs::metadata(&path).unwrap().len() as usize;
    assert!(size < 16 << 20, "{size}");
    for format in ["text", "markdown", "html"] {
        let out = assert_cmd::Command::new(BIN)
            .args(["print", "--format", format])
            .arg(&path)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {out:?}");
        assert!(
            out.stdout.len() < 3 * size,
            "{format}: {} bytes printed from a file of {size}",
            out.stdout.len()
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("The form asks this in one box with"),
            "{format}"
        );
    }
}

#[test]
fn a_strangers_form_with_40000_fields_is_checked_field_by_field() {
    // 40,000 required questions left unanswered, each in a box, not on the form, and with a
    // piece of unplaced text beside it: every one is reported. (Each is looked up, not searched
    // for, which would be 1.6 billion comparisons for each rule; the timeout only guards
    // against a hang: how long it takes is for benchmarks, not tests.)
    let inbox = Inbox::new();
    let q = ndti_respond::questionnaire::Questionnaire::embedded();
    let mut r: Value = serde_json::from_str(
        &ndti_respond::draft::Draft::new(&q)
            .to_response(&q)
            .to_json(),
    )
    .unwrap();
    let n = 40_000;
    let ids: Vec<String> = (0..n).map(|i| format!("q{i}")).collect();
    let answers = r["answers"].as_object_mut().unwrap();
    let template = answers["name"].clone();
    for id in &ids {
        let mut entry = template.clone();
        entry["question"] = json!("Q");
        entry["form_box"] = json!({"answer_in": "none", "questions": [id, "none"]});
        answers.insert(id.clone(), entry);
    }
    r["source"] = json!({"kind": "txt", "file": "f.txt", "sha256": "00", "not_on_form": ids});
    r["unplaced"] = ids
        .iter()
        .map(|id| json!({"text": "t", "location": "l", "question": id}))
        .collect();
    let path = inbox.write("many.json", serde_json::to_vec(&r).unwrap());
    for args in [
        vec!["validate"],
        vec!["collate", "--anonymise", "-o", "/dev/null"],
    ] {
        let out = assert_cmd::Command::new(BIN)
            .args(&args)
            .arg(&path)
            .timeout(std::time::Duration::from_secs(300))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            said.matches("could not be placed").count(),
            n,
            "{args:?}: every unplaced piece is reported once"
        );
    }
}
