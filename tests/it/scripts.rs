//! Plain mode driven by scripts, and answers given up front (`new --answers FILE`): piped input
//! never chooses a draft, a Notepad byte-order mark, finished lines saved whatever follows,
//! output files refused before the first question, and answers files good, partial and bad.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::*;

fn ndti(place: &Place) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(&place.cwd)
        .env("NDTI_RESPOND_DATA_DIR", &place.data)
        .env_remove("ACCESSIBLE")
        .env("TERM", "xterm");
    c
}

struct Ran {
    code: Option<i32>,
    stderr: String,
}

fn run(place: &Place, args: &[&str], input: &[u8]) -> Ran {
    let mut child = ndti(place)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(input);
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    assert!(o.stdout.is_empty(), "nothing on standard output");
    Ran {
        code: o.status.code(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn tiny_args<'a>(q: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--questions", q];
    v.extend_from_slice(rest);
    v
}

#[test]
fn a_byte_order_mark_at_the_start_of_the_input_is_dropped() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let mut input = "\u{feff}".as_bytes().to_vec();
    input.extend_from_slice(b"Jo\nA story.\n.\nn\n1\n:finish\ny\nn\n");
    let r = run(&place, &tiny_args(&q, &["new"]), &input);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let resp = place.response();
    assert_eq!(answer(&resp, "name"), &json!("Jo"), "not \"\\u{{feff}}Jo\"");
    assert_eq!(
        answer(&resp, "consent"),
        &json!(false),
        "every answer in its place"
    );
}

#[test]
fn finished_lines_are_saved_whatever_waits_behind_them_in_the_pipe() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let mut child = ndti(&place)
        .args(tiny_args(&q, &["new"]))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"Jo\nLINE-1\nLINE-2\nLINE-3\nLINE-4-partial")
        .unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    assert_eq!(
        in_progress(&place.draft()),
        Some(("story", "LINE-1\nLINE-2\nLINE-3"))
    );
}

#[test]
fn a_dangling_link_given_as_o_is_refused_before_the_first_question() {
    let place = Place::new();
    let link = place.cwd.join("response.json");
    std::os::unix::fs::symlink(place.cwd.join("nowhere/at/all.json"), &link).unwrap();
    let q = tiny().display().to_string();
    let r = run(
        &place,
        &tiny_args(&q, &["new", "-o", "response.json"]),
        b"Jo\n",
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("response.json is not a regular file (it is a link)"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("Question 1"),
        "refused before any question: {}",
        r.stderr
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn encrypted_only_without_a_key_is_refused_up_front() {
    let place = Place::new();
    let q = tiny().display().to_string();
    let r = run(
        &place,
        &tiny_args(&q, &["new", "--encrypted-only"]),
        b"Jo\n",
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--encrypted-only needs the organisation's encryption key"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("Question 1"), "{}", r.stderr);
    assert!(place.drafts().is_empty());
}

// ---- Answers given up front ----

const GOOD: &str = r#"
respondent_type = { selected = ["nhs_trust"], other = "Carers' peer forum" }
name = "Jo Bloggs"
organisation = "Hearing Voices Network Bath"
email = "jo@example.org"
phone = "01225 789135"
future_contact = true
activity_type = """
A peer-led group.

We met monthly."""
coproduce_focus = ["individual_care", "wider_community"]
"#;

#[test]
fn a_complete_answers_file_writes_the_response_without_a_question() {
    let place = Place::new();
    let file = place.cwd.join("answers.toml");
    std::fs::write(&file, GOOD).unwrap();
    let r = run(&place, &["new", "--answers", "answers.toml"], b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        !r.stderr.contains("Question "),
        "nothing was asked: {}",
        r.stderr
    );
    let resp = place.response();
    assert_eq!(answer(&resp, "name"), &json!("Jo Bloggs"));
    assert_eq!(resp["consent_to_future_contact"], json!(true));
    assert_eq!(
        answer(&resp, "activity_type"),
        &json!("A peer-led group.\n\nWe met monthly.")
    );
    assert_eq!(
        selected_ids(answer(&resp, "respondent_type")),
        ["nhs_trust"]
    );
    assert_eq!(
        answer(&resp, "respondent_type")["other"],
        json!("Carers' peer forum")
    );
    assert_eq!(
        answer(&resp, "initiated_by"),
        &Value::Null,
        "left out: not answered"
    );
    assert!(place.drafts().is_empty());
}

#[test]
fn a_partial_answers_file_asks_only_what_is_missing() {
    let place = Place::new();
    let file = place.root.path().join("answers.json");
    std::fs::write(
        &file,
        r#"{"respondent_type": "service_user", "name": "Sam", "activity_type": "Our work."}"#,
    )
    .unwrap();
    // Only the consent is required and missing: the script answers it, and nothing else.
    let file = file.display().to_string();
    let r = run(&place, &["new", "--answers", &file], b"n\n");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stderr.matches("Question ").count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("Question 6 of 28 (required): May we contact"),
        "{}",
        r.stderr
    );
    let resp = place.response();
    assert_eq!(answer(&resp, "name"), &json!("Sam"));
    assert_eq!(resp["consent_to_future_contact"], json!(false));
}

#[test]
fn consent_is_never_assumed_from_an_answers_file() {
    let place = Place::new();
    let file = place.cwd.join("answers.toml");
    std::fs::write(&file, GOOD.replace("future_contact = true\n", "")).unwrap();
    // The consent is asked; the input ends there: nothing is written, the draft is kept.
    let r = run(&place, &["new", "--answers", "answers.toml"], b"");
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("May we contact in future"),
        "{}",
        r.stderr
    );
    assert!(json_files(&place.cwd).is_empty(), "no response");
    let d = place.draft();
    assert!(d["answers"].get("future_contact").is_none(), "{d}");
}

#[test]
fn a_bad_answers_file_is_refused_before_any_question_with_line_and_column() {
    let place = Place::new();
    for (name, text, line_column, words) in [
        (
            "a.toml",
            "name = \"Jo\"\nemail = \"jo@example\"\n",
            "a.toml:2:9:",
            "doesn't look like an email address",
        ),
        (
            "b.toml",
            "name = \"Jo\"\nfuture_contact = \"yes\"\n",
            "b.toml:2:18:",
            "answer it with true or false",
        ),
        (
            "c.json",
            "{\n  \"name\": \"Jo\",\n  \"respondent_type\": [\"nhs\"]\n}\n",
            "c.json:3:22:",
            "`nhs` is not an option of `respondent_type`",
        ),
        ("d.toml", "name = \"Jo\n", "d.toml:1:", "syntax error"),
        (
            "e.toml",
            "favourite_colour = \"blue\"\n",
            "e.toml:1:20:",
            "is not a question",
        ),
    ] {
        std::fs::write(place.cwd.join(name), text).unwrap();
        let r = run(&place, &["new", "--answers", name], b"Jo\n");
        assert_eq!(r.code, Some(2), "{name}: {}", r.stderr);
        assert!(r.stderr.contains(line_column), "{name}: {}", r.stderr);
        assert!(r.stderr.contains(words), "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains('^'),
            "{name}: the caret under the place: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("Question "), "{name}: {}", r.stderr);
    }
    assert!(place.drafts().is_empty(), "nothing was started");
    let r = run(&place, &["new", "--answers", "missing.toml"], b"");
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("cannot read the answers file missing.toml"),
        "{}",
        r.stderr
    );
}

/// A response's answers, as an answers file (JSON): text as text, yes/no as true or false, a
/// choice as `{selected: [ids], other}`.
fn answers_file_from(response: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for (id, entry) in response["answers"].as_object().unwrap() {
        let value = match &entry["answer"] {
            Value::Null => continue,
            Value::Object(choice) => {
                let ids: Vec<Value> = choice["selected"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].clone())
                    .collect();
                let mut o = serde_json::Map::new();
                o.insert("selected".into(), Value::Array(ids));
                if let Some(other) = choice.get("other") {
                    o.insert("other".into(), other.clone());
                }
                Value::Object(o)
            }
            other => other.clone(),
        };
        out.insert(id.clone(), value);
    }
    Value::Object(out)
}

#[test]
fn a_response_written_back_as_an_answers_file_gives_the_same_answers() {
    let place = Place::new();
    std::fs::write(place.cwd.join("answers.toml"), GOOD).unwrap();
    let r = run(
        &place,
        &["new", "--answers", "answers.toml", "-o", "first.json"],
        b"",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let first = read_json(&place.cwd.join("first.json"));
    std::fs::write(
        place.cwd.join("again.json"),
        serde_json::to_string_pretty(&answers_file_from(&first)).unwrap(),
    )
    .unwrap();
    let r = run(
        &place,
        &["new", "--answers", "again.json", "-o", "second.json"],
        b"",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let second = read_json(&place.cwd.join("second.json"));
    assert_eq!(first["answers"], second["answers"]);
    assert_eq!(
        first["consent_to_future_contact"],
        second["consent_to_future_contact"]
    );
}

#[test]
fn a_yes_no_default_is_offered_and_enter_takes_it() {
    let place = Place::new();
    let text = std::fs::read_to_string(tiny())
        .unwrap()
        .replace(
            "[[sections.questions]]\nid = \"focus\"",
            "[[sections.questions]]\nid = \"newsletter\"\nkind = \"yesno\"\ndefault = true\nprompt = \"Would you like the newsletter?\"\n\n[[sections.questions]]\nid = \"focus\"",
        );
    let q = place.root.path().join("with-default.toml");
    std::fs::write(&q, text).unwrap();
    let q = q.display().to_string();
    let r = run(
        &place,
        &tiny_args(&q, &["new"]),
        b"Jo\nA story.\n.\nn\n\n1\n:finish\ny\nn\n",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("(y/n) Press Enter alone for yes."),
        "{}",
        r.stderr
    );
    let resp = place.response();
    assert_eq!(
        answer(&resp, "newsletter"),
        &json!(true),
        "Enter took the default"
    );
    assert_eq!(answer(&resp, "consent"), &json!(false));
}

#[test]
fn back_at_other_chooses_again_and_long_answers_are_explained_once() {
    let place = Place::new();
    // "Other" (9), then :back at its description: the list again; then 1 alone.
    let r = run(
        &place,
        &["new"],
        b"9\n:back\n1\nJo\n\n\n\nn\nFirst.\n.\nSecond.\n.\n",
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let d = place.draft();
    assert_eq!(
        selected_ids(answer(&d, "respondent_type")),
        ["service_user"]
    );
    assert!(answer(&d, "respondent_type").get("other").is_none(), "{d}");
    assert_eq!(
        r.stderr
            .matches("Write your answer over as many lines as you like.")
            .count(),
        1,
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("Write your answer, then a line with only a full stop (.).")
    );
}
