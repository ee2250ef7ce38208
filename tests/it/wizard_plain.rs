//! The wizard in plain mode, driven the way a script or a screen-reader user drives it: answers
//! piped into standard input, one line at a time.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_ndti-respond");

/// A long answer with everything that must survive exactly: paragraphs, blank lines, tabs,
/// quotes, backslashes, non-ASCII and wide characters, and HTML-like text.
const LONG: &str = "We set up a \"recovery college\" run by peers.\n\tIt met weekly at the café — 漢字, ünïcödé, emoji 🙂.\n\nSecond paragraph: <b>not bold</b> & a backslash \\ here.\n\n\nThird paragraph after two blank lines.";

struct Run {
    dir: tempfile::TempDir,
}

impl Run {
    fn new() -> Run {
        Run {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new(BIN);
        c.current_dir(self.dir.path())
            .env("NDTI_RESPOND_DATA_DIR", self.data())
            .env_remove("ACCESSIBLE")
            .env("TERM", "xterm");
        c
    }

    fn drafts(&self) -> Vec<PathBuf> {
        match fs::read_dir(self.data()) {
            Ok(rd) => rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    fn responses(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(self.dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("ndti-response-") && n.ends_with(".json"))
            })
            .collect();
        v.sort();
        v
    }
}

/// Every answer for the embedded questionnaire, in order, as plain-mode input.
fn full_script(consent: &str) -> String {
    let mut s = String::new();
    // 1 respondent type: two choices and "other" (9) with its description.
    s += "2, 7, 9\nCarers' \"peer\" forum\n";
    s += "Jo Bloggs-Ünal\n"; // 2 name
    s += "Hearing Voices Network Bath\n"; // 3 organisation
    s += "jo@example.org\n"; // 4 email
    s += "+44 1225 789135\n"; // 5 phone
    s += consent; // 6 consent
    s += "\n";
    s += LONG; // 7 activity type (long)
    s += "\n.\n";
    s += "The service users' council.\n.\n"; // 8
    s += "1,3\n"; // 9 coproduce focus
    for i in 10..=28 {
        s += &format!("Answer to question {i}.\nWith a second line.\n.\n");
    }
    s += ":finish\ny\nn\n";
    s
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

fn schema_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("../../schema/response.schema.json")).unwrap();
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

fn assert_valid(response: &Value) {
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(response)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
}

#[test]
fn a_whole_response_in_plain_mode_keeps_every_answer_exactly() {
    let run = Run::new();
    let out = run.cmd().write_stdin(full_script("yes")).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}\n{stderr}", out.status);
    assert!(out.stdout.is_empty(), "prompts go to stderr only");
    assert!(
        !stderr.contains('\x1b'),
        "plain mode writes no escape codes"
    );
    assert!(stderr.contains("Section 3 of 8: Type or nature of activity"));
    assert!(stderr.contains(
        "Question 6 of 28 (required): May we contact in future with further information?"
    ));
    assert!(stderr.contains("(y/n)"));
    assert!(
        stderr.contains("Louise.apps@ndti.org.uk"),
        "says where to send it"
    );
    assert!(stderr.contains("Lou at NDTi, First Floor, 30-32 Westgate Buildings, Bath BA1 1EF"));
    assert!(stderr.contains("Friday 15 January 2016"));

    let files = run.responses();
    assert_eq!(files.len(), 1, "one response written: {files:?}");
    let mode = fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the response is private");
    assert!(
        run.drafts().is_empty(),
        "the draft is removed once the response is written"
    );

    let r = read_json(&files[0]);
    assert_valid(&r);
    assert_eq!(r["format"], "ndti-respond/response");
    assert_eq!(r["consent_to_future_contact"], Value::Bool(true));
    assert_eq!(r["answers"]["future_contact"]["answer"], Value::Bool(true));
    let a = &r["answers"];
    assert_eq!(a["activity_type"]["answer"], LONG);
    assert_eq!(a["name"]["answer"], "Jo Bloggs-Ünal");
    assert_eq!(a["email"]["answer"], "jo@example.org");
    assert_eq!(a["phone"]["answer"], "+44 1225 789135");
    assert_eq!(a["initiated_by"]["answer"], "The service users' council.");
    let types = &a["respondent_type"]["answer"];
    assert_eq!(types["selected"][0]["id"], "user_led_organisation");
    assert_eq!(types["selected"][1]["id"], "vcs_provider");
    assert_eq!(types["other"], "Carers' \"peer\" forum");
    assert_eq!(
        a["coproduce_focus"]["answer"]["selected"][1]["id"],
        "service_commissioning"
    );
    assert_eq!(
        a["further_comments"]["answer"],
        "Answer to question 28.\nWith a second line."
    );
    // Every question of the questionnaire is there, in order, with its words.
    let ids: Vec<&String> = a.as_object().unwrap().keys().collect();
    assert_eq!(ids.len(), 28);
    assert_eq!(ids[0], "respondent_type");
    assert_eq!(ids[27], "further_comments");
    assert_eq!(
        a["relationships_language"]["question"],
        "Were people with lived experience expected to conform mental health service or formal meeting rules and use a particular language to be heard, or was a different kind of relationship and communication forged?"
    );
}

#[test]
fn consent_no_is_recorded_as_false() {
    let run = Run::new();
    run.cmd().write_stdin(full_script("N")).assert().success();
    let r = read_json(&run.responses()[0]);
    assert_valid(&r);
    assert_eq!(r["consent_to_future_contact"], Value::Bool(false));
    assert_eq!(r["answers"]["future_contact"]["answer"], Value::Bool(false));
}

#[test]
fn invalid_answers_are_explained_and_asked_again() {
    let run = Run::new();
    let script = full_script("maybe\nyes")
        .replacen("2, 7, 9\n", "12\ntwo\n2, 7, 9\n", 1)
        .replacen("jo@example.org\n", "jo at example\njo@example.org\n", 1)
        .replacen("+44 1225 789135\n", "call me\n+44 1225 789135\n", 1);
    let out = run.cmd().write_stdin(script).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("There is no option 12. Please choose a number from 1 to 9."));
    assert!(stderr.contains("Please answer with the number of an option"));
    assert!(stderr.contains("doesn't look like an email address"));
    assert!(stderr.contains("doesn't look like a phone number"));
    assert!(stderr.contains("Please answer yes or no"));
    let r = read_json(&run.responses()[0]);
    assert_eq!(r["answers"]["email"]["answer"], "jo@example.org");
    assert_eq!(r["consent_to_future_contact"], Value::Bool(true));
}

#[test]
fn required_questions_are_insisted_on_and_optional_ones_skipped() {
    let run = Run::new();
    // An empty name is refused; empty organisation, email and phone are skipped.
    let script = "1\n\nJo\n\n\n\ny\n";
    let out = run.cmd().write_stdin(script).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("This question needs an answer"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "input ended early");
    let drafts = run.drafts();
    assert_eq!(drafts.len(), 1);
    let d = read_json(&drafts[0]);
    assert_eq!(d["answers"]["name"]["answer"], "Jo");
    assert_eq!(d["answers"]["organisation"]["answer"], Value::Null);
    assert_eq!(d["answers"]["future_contact"]["answer"], Value::Bool(true));
}

#[test]
fn input_that_ends_early_leaves_the_draft_and_says_how_to_resume() {
    let run = Run::new();
    let script = "1\nJo\n\n\n\nn\nFirst line of a long answer\nsecond line";
    let out = run.cmd().write_stdin(script).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the input ended before the questionnaire was finished"));
    assert!(stderr.contains("ndti-respond resume"), "{stderr}");
    assert!(run.responses().is_empty());
    let drafts = run.drafts();
    assert_eq!(drafts.len(), 1);
    let mode = fs::metadata(&drafts[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "drafts are private");
    let dmode = fs::metadata(run.data()).unwrap().permissions().mode() & 0o777;
    assert_eq!(dmode, 0o700, "the drafts folder is private");
    let d = read_json(&drafts[0]);
    assert_eq!(d["answers"]["future_contact"]["answer"], Value::Bool(false));
    // The end of input ended the long answer: both its lines are kept.
    assert_eq!(
        d["answers"]["activity_type"]["answer"],
        "First line of a long answer\nsecond line"
    );

    // Resuming from a script carries on at the first unanswered question, the organisation
    // skipped before (skipped again here), then goes on to the first question not yet seen:
    // question 8.
    let rest: String = full_script("yes")
        .split_once("The service users' council.")
        .map(|(_, rest)| format!("\nThe service users' council.{rest}"))
        .unwrap();
    let out = run.cmd().arg("resume").write_stdin(rest).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Welcome back. You have answered"));
    let r = read_json(&run.responses()[0]);
    assert_valid(&r);
    assert_eq!(r["answers"]["name"]["answer"], "Jo");
    assert_eq!(
        r["answers"]["initiated_by"]["answer"],
        "The service users' council."
    );
    assert!(run.drafts().is_empty());
}

#[test]
fn an_existing_output_file_is_refused_unless_forced() {
    let run = Run::new();
    let target = run.dir.path().join("mine.json");
    fs::write(&target, "precious").unwrap();
    let out = run
        .cmd()
        .args(["-o", "mine.json"])
        .write_stdin(full_script("yes"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("mine.json already exists"), "{stderr}");
    assert!(stderr.contains("--force"));
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
    assert!(
        run.drafts().is_empty(),
        "refused before any question was asked"
    );

    run.cmd()
        .args(["new", "-o", "mine.json", "--force"])
        .write_stdin(full_script("yes"))
        .assert()
        .success();
    let r = read_json(&target);
    assert_valid(&r);
    assert_eq!(r["answers"]["name"]["answer"], "Jo Bloggs-Ünal");
}

#[test]
fn default_names_never_overwrite_an_earlier_response() {
    let run = Run::new();
    run.cmd().write_stdin(full_script("yes")).assert().success();
    run.cmd()
        .arg("new")
        .write_stdin(full_script("no"))
        .assert()
        .success();
    let files = run.responses();
    assert_eq!(files.len(), 2, "{files:?}");
    let consents: Vec<Value> = files
        .iter()
        .map(|f| read_json(f)["consent_to_future_contact"].clone())
        .collect();
    assert!(consents.contains(&Value::Bool(true)) && consents.contains(&Value::Bool(false)));
}

#[test]
fn an_output_folder_that_does_not_exist_is_refused_early() {
    let run = Run::new();
    let out = run
        .cmd()
        .args(["-o", "no/such/folder/r.json"])
        .write_stdin(full_script("yes"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[test]
fn a_response_that_cannot_be_written_keeps_the_draft() {
    use std::io::Write as _;
    let run = Run::new();
    let out_dir = run.dir.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    let mut child = std::process::Command::new(BIN)
        .current_dir(run.dir.path())
        .env("NDTI_RESPOND_DATA_DIR", run.data())
        .args(["-o", "out/response.json"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let script = full_script("yes");
    let (answers, finish) = script.split_at(script.find(":finish").unwrap());
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(answers.as_bytes()).unwrap();
    stdin.flush().unwrap();
    // Wait until the last answer is in the draft, then take the output folder away: a
    // regular file in its place makes the write fail, even for root.
    crate::common::wait_until("the last answer to reach the draft", || {
        run.drafts()
            .first()
            .is_some_and(|d| {
                fs::read(d)
                    .ok()
                    .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
                    .is_some_and(|v| !v["answers"]["further_comments"]["answer"].is_null())
            })
            .then_some(())
    });
    fs::remove_dir(&out_dir).unwrap();
    fs::write(&out_dir, "not a folder").unwrap();
    stdin.write_all(finish.as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write the response"), "{stderr}");
    assert!(
        stderr.contains("Your answers are safe in your draft"),
        "{stderr}"
    );
    let drafts = run.drafts();
    assert_eq!(drafts.len(), 1, "the draft is kept");
    let d = read_json(&drafts[0]);
    assert_eq!(d["answers"]["activity_type"]["answer"], LONG);
    assert!(!stderr.contains("panicked"));
}

#[test]
fn an_output_that_is_not_a_regular_file_is_refused() {
    let run = Run::new();
    let out = run
        .cmd()
        .args(["-o", "/dev/null", "--force"])
        .write_stdin(full_script("yes"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

#[test]
fn a_pasted_5000_line_answer_is_taken_whole() {
    let run = Run::new();
    let big: Vec<String> = (0..5000)
        .map(|i| format!("Line {i}: some words of a long pasted answer, with ünïcödé."))
        .collect();
    let big = big.join("\n");
    let script = full_script("yes").replacen(LONG, &big, 1);
    run.cmd().write_stdin(script).assert().success();
    let r = read_json(&run.responses()[0]);
    assert_eq!(r["answers"]["activity_type"]["answer"], big.as_str());
}

#[test]
fn plain_mode_review_back_and_finish_with_a_required_answer_missing() {
    let run = Run::new();
    let mut s = String::new();
    s += "1\n"; // respondent type
    s += "Jo\n\n\n\ny\n"; // name, skip org/email/phone, consent
    s += ".\n"; // activity_type is required: an empty answer is refused...
    s += ":back\n"; // ...and :back goes to the consent (previous section)
    s += "\n"; // keep the consent
    s += ":review\n"; // from activity_type straight to the review
    s += ":finish\n"; // refused: activity_type is missing; taken to it
    s += "What we did.\n.\n"; // answered, back to the review
    s += "2\n"; // edit the name from the review
    s += "Jo Bloggs\n";
    s += ":finish\ny\nn\n";
    let out = run.cmd().write_stdin(s).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let back_at = stderr.find("Question 7 of 28 (required)").unwrap();
    let after = &stderr[back_at..];
    assert!(
        after.contains("Question 6 of 28 (required): May we contact"),
        "went back across the section boundary"
    );
    assert!(after.contains("Section 2 of 8: Your contact details"));
    assert!(stderr.contains(
        "Before you finish, one question still needs an answer: 7. \"Type or nature of activity:\""
    ));
    assert!(
        stderr.contains("Your answer so far is: Jo."),
        "editing starts from the existing answer"
    );
    let r = read_json(&run.responses()[0]);
    assert_valid(&r);
    assert_eq!(r["answers"]["name"]["answer"], "Jo Bloggs");
    assert_eq!(r["answers"]["activity_type"]["answer"], "What we did.");
    assert_eq!(r["answers"]["initiated_by"]["answer"], Value::Null);
}

#[test]
fn the_schema_rejects_what_is_not_a_response() {
    let run = Run::new();
    run.cmd().write_stdin(full_script("yes")).assert().success();
    let good = read_json(&run.responses()[0]);
    let validator = schema_validator();
    assert!(validator.is_valid(&good));
    let mut consent_as_text = good.clone();
    consent_as_text["consent_to_future_contact"] = Value::String("Y".into());
    assert!(!validator.is_valid(&consent_as_text));
    let mut no_offset = good.clone();
    no_offset["completed_at"] = Value::String("2026-11-28T10:00:00".into());
    assert!(!validator.is_valid(&no_offset));
    let mut wrong_kind = good.clone();
    wrong_kind["answers"]["future_contact"]["answer"] = Value::String("yes".into());
    assert!(!validator.is_valid(&wrong_kind));
    let mut future = good;
    future["format_version"] = Value::from(2);
    assert!(!validator.is_valid(&future));
}

/// The embedded questionnaire with the organisation's key filled in; returns (file, key file).
fn questionnaire_with_key(run: &Run) -> (PathBuf, PathBuf) {
    let key = run.dir.path().join("key.txt");
    let out = std::process::Command::new("age-keygen")
        .arg("-o")
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success());
    let public = String::from_utf8_lossy(&out.stderr)
        .split_whitespace()
        .find(|w| w.starts_with("age1"))
        .unwrap()
        .to_string();
    let text = include_str!("../../questions.toml").replace(
        "# age_recipient = \"age1...\"",
        &format!("age_recipient = \"{public}\""),
    );
    assert!(text.contains(&public));
    let path = run.dir.path().join("questions-with-key.toml");
    fs::write(&path, text).unwrap();
    (path, key)
}

#[test]
#[ignore = "needs age-keygen (Debian package age)"]
fn with_an_organisation_key_the_response_is_also_written_encrypted() {
    crate::common::require("age-keygen", "age");
    let run = Run::new();
    let (questions, key) = questionnaire_with_key(&run);
    // Ask for the email message this time.
    let script = full_script("yes").replace(":finish\ny\nn\n", ":finish\ny\ny\n");
    let out = run
        .cmd()
        .arg("--questions")
        .arg(&questions)
        .write_stdin(script)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let json = run.responses()[0].clone();
    let age = PathBuf::from(format!("{}.age", json.display()));
    assert!(age.exists(), "{stderr}");
    let mode = fs::metadata(&age).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let decrypted = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg(&age)
        .output()
        .unwrap();
    assert!(decrypted.status.success());
    assert_eq!(
        decrypted.stdout,
        fs::read(&json).unwrap(),
        "the .age holds the same response"
    );
    // The email message sits next to the response and says how to send it.
    let eml = json.with_extension("eml");
    assert!(eml.exists(), "{stderr}");
    assert!(stderr.contains("open"), "{stderr}");
}

#[test]
#[ignore = "needs age-keygen (Debian package age)"]
fn encrypted_only_leaves_no_plain_copy() {
    crate::common::require("age-keygen", "age");
    let run = Run::new();
    let (questions, key) = questionnaire_with_key(&run);
    let out = run
        .cmd()
        .arg("--questions")
        .arg(&questions)
        .args(["new", "--encrypted-only", "-o", "mine.json"])
        .write_stdin(full_script("no"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !run.dir.path().join("mine.json").exists(),
        "no unencrypted copy"
    );
    assert!(run.drafts().is_empty(), "and no draft left behind");
    assert!(
        stderr.contains(
            "By post: only the encrypted copy was kept, which cannot be read once printed."
        ),
        "the post route says what to print instead: {stderr}"
    );
    assert!(!stderr.contains("ndti-respond print mine.json"), "{stderr}");
    let age = run.dir.path().join("mine.json.age");
    let decrypted = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg(&age)
        .output()
        .unwrap();
    assert!(decrypted.status.success());
    let r: Value = serde_json::from_slice(&decrypted.stdout).unwrap();
    assert_valid(&r);
    assert_eq!(r["consent_to_future_contact"], Value::Bool(false));
    assert_eq!(r["answers"]["activity_type"]["answer"], LONG);
    // Our own reader opens it too.
    let printed = run
        .cmd()
        .args(["print", "--identity"])
        .arg(&key)
        .arg(&age)
        .output()
        .unwrap();
    assert!(printed.status.success());
    assert!(String::from_utf8_lossy(&printed.stdout).contains("Jo Bloggs-Ünal"));
}

#[test]
fn a_draft_of_another_questionnaire_is_left_alone() {
    let run = Run::new();
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.toml");
    // A draft of the tiny questionnaire, left unfinished.
    let out = run
        .cmd()
        .arg("--questions")
        .arg(&tiny)
        .write_stdin("Jo\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let drafts = run.drafts();
    assert_eq!(drafts.len(), 1);
    let before = fs::read(&drafts[0]).unwrap();
    let id = drafts[0].file_stem().unwrap().to_str().unwrap()[..8].to_string();

    // Resuming it by name under the built-in questionnaire is refused, and says what to do.
    let out = run
        .cmd()
        .args(["resume", &id])
        .write_stdin("")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("answers the questionnaire `tiny-test`"),
        "{stderr}"
    );
    assert!(stderr.contains("--questions FILE"));

    // Starting the built-in questionnaire from a script starts a new response and leaves it as
    // it was.
    let out = run.cmd().write_stdin(full_script("yes")).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Standard input is not a terminal, so a new response is started."),
        "{stderr}"
    );
    assert_eq!(
        fs::read(&drafts[0]).unwrap(),
        before,
        "the other draft is untouched"
    );

    // With its own questionnaire it carries on.
    let out = run
        .cmd()
        .arg("--questions")
        .arg(&tiny)
        .args(["resume", &id])
        .write_stdin("It began.\n.\nn\n\n:finish\ny\nn\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
}

#[test]
fn input_that_ends_before_any_answer_leaves_nothing_behind() {
    let run = Run::new();
    let out = run.cmd().write_stdin("").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Question 1 of 28"),
        "the first prompt was shown"
    );
    assert!(stderr.contains("nothing was kept"), "{stderr}");
    let left: Vec<_> = fs::read_dir(run.data()).unwrap().flatten().collect();
    assert!(left.is_empty(), "no draft and no lock file: {left:?}");
}

#[test]
fn the_output_file_given_with_o_is_remembered_when_resuming() {
    let run = Run::new();
    let out_dir = run.dir.path().join("responses");
    fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("mine.json");
    // Stopped after the name: the draft remembers where the response goes.
    let out = run
        .cmd()
        .args(["new", "-o"])
        .arg(&target)
        .write_stdin("1\nJo\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let d = read_json(&run.drafts()[0]);
    assert_eq!(
        d["output"]["path"],
        Value::from(target.display().to_string())
    );
    // Resumed from another folder, without -o: the response goes to the file chosen before.
    let elsewhere = run.dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let rest: String = full_script("yes")
        .split_once("Hearing Voices Network Bath\n")
        .map(|(_, rest)| format!("Hearing Voices Network Bath\n{rest}"))
        .unwrap();
    let out = run
        .cmd()
        .current_dir(&elsewhere)
        .arg("resume")
        .write_stdin(rest)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        target.is_file(),
        "the response went to the remembered -o: {stderr}"
    );
    assert_eq!(
        fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing written here"
    );
    assert_eq!(read_json(&target)["answers"]["name"]["answer"], "Jo");
}

#[test]
fn the_welcome_says_kindly_that_the_deadline_has_passed() {
    let run = Run::new();
    let out = run.cmd().write_stdin("").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("The closing date for responses was Friday 15 January 2016. A late response may still be welcome, and you can send your response all the same. To ask, call Louise Apps on 01225 789135"),
        "{stderr}"
    );
    assert!(stderr.contains("There are 28 questions in 8 sections."));
    assert!(
        stderr.contains("and carry on later with:\nndti-respond resume "),
        "{stderr}"
    );
}
