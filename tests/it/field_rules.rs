//! One rule for an email address and one for a phone number, the same in the wizard, in
//! `validate` and in `email` (issue 12, items 8 and 11).

use assert_cmd::Command;
use serde_json::Value;

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/contact.toml")
}

/// Answers the contact questionnaire in plain mode from `script`; returns the response written
/// and the prompts and messages shown.
fn answer(script: &str) -> (tempfile::TempDir, std::path::PathBuf, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("ndti-respond")
        .unwrap()
        .current_dir(dir.path())
        .args(["--plain", "--questions"])
        .arg(fixture())
        .arg("--data-dir")
        .arg(dir.path().join("drafts"))
        .args(["new", "-o", "r.json"])
        .write_stdin(script)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let path = dir.path().join("r.json");
    let response = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    (dir, path, response, stderr)
}

#[test]
fn an_address_in_angle_brackets_is_refused_where_it_is_typed() {
    let (_dir, _, r, stderr) =
        answer("Jo\n<jo@example.org>\njo@example.org\n01225 789135\ny\n:finish\ny\nn\n");
    assert!(
        stderr.contains("one @, no spaces or angle brackets"),
        "the message states the rule: {stderr}"
    );
    assert_eq!(r["answers"]["email"]["answer"], "jo@example.org");
}

#[test]
fn a_uk_number_with_an_extension_is_taken_and_the_message_states_the_rule() {
    let (_dir, _, r, stderr) = answer(
        "Jo\njo@example.org\n01225 789135 ext. 4 please\n01225 789135 ext. 4\ny\n:finish\ny\nn\n",
    );
    assert_eq!(r["answers"]["phone"]["answer"], "01225 789135 ext. 4");
    assert!(
        stderr.contains("an extension may follow (ext. 4"),
        "{stderr}"
    );
    assert!(!stderr.contains("digits, spaces and + only"), "{stderr}");
}

#[test]
fn validate_and_email_use_the_same_address_rule() {
    let (dir, path, mut r, _) = answer("Jo\njo@example.org\n01225 789135\ny\n:finish\ny\nn\n");
    // What an older build let through.
    r["answers"]["email"]["answer"] = Value::from("<jo@example.org>");
    std::fs::write(&path, serde_json::to_vec_pretty(&r).unwrap()).unwrap();
    let out = Command::cargo_bin("ndti-respond")
        .unwrap()
        .args(["validate"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("is not well-formed"));

    let eml = dir.path().join("r.eml");
    let out = Command::cargo_bin("ndti-respond")
        .unwrap()
        .arg("email")
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("is not well-formed, so the message is from"),
        "not silent: {stderr}"
    );
    let bytes = std::fs::read(&eml).unwrap();
    let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.address(), Some(ndti_respond::email::PLACEHOLDER_FROM));

    // A good address is the sender.
    r["answers"]["email"]["answer"] = Value::from("jo@example.org");
    std::fs::write(&path, serde_json::to_vec_pretty(&r).unwrap()).unwrap();
    Command::cargo_bin("ndti-respond")
        .unwrap()
        .args(["email", "--force"])
        .arg(&path)
        .assert()
        .success();
    let bytes = std::fs::read(&eml).unwrap();
    let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        message.from().unwrap().first().unwrap().address(),
        Some("jo@example.org")
    );
}
