//! `collate` with filled-in forms among the responses: a folder of forms (made by `word_forms`),
//! wizard responses and an encrypted one, collated in one go and read back with the csv crate,
//! every word in its column, the forms a person must look at named, every file counted.

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use ndti_respond::answer::AnswerValue;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::Questionnaire;
use ndti_respond::response::Response;

use super::word_forms::*;
use super::*;

const ACTIVITY: &str =
    "A peer-led recovery college, run from the library.\n\nIt met weekly for two years.";
const WIDE: &str = "支持グループ: 毎週 — Zoë's «café» group, ½ price.\n\nOn a second paragraph.";
const LETTER: [&str; 2] = ["Dear Lou,", "Here is our form. Sorry it is late!"];

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn collate(args: &[&str], dir: &Path) -> Run {
    let out = Command::new(BIN)
        .arg("collate")
        .args(args)
        .current_dir(dir)
        .env("NDTI_RESPOND_DATA_DIR", dir.join("data"))
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// A wizard response with these answers.
fn wizard(answers: &[(&str, AnswerValue)]) -> Response {
    let q = Questionnaire::embedded();
    let mut d = Draft::new(&q);
    for (id, value) in answers {
        d.set_answer(&q, q.question(id).unwrap(), Some(value.clone()));
    }
    d.to_response(&q)
}

fn text(s: &str) -> AnswerValue {
    AnswerValue::Text(s.to_string())
}

/// The CSV as rows keyed by column name.
fn rows(csv_bytes: &[u8]) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut r = csv::Reader::from_reader(csv_bytes);
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect();
    (headers, rows)
}

/// Checks a row cell by cell: each question column holds what `expected` says, word for word,
/// and every other question column is empty.
fn assert_row(headers: &[String], row: &HashMap<String, String>, expected: &[(&str, &str)]) {
    let who = &row["name"];
    for column in &headers[6..] {
        let want = expected
            .iter()
            .find(|(c, _)| c == column)
            .map_or("", |(_, w)| w);
        assert_eq!(&row[column], want, "{who}: column {column}");
    }
    for (column, _) in expected {
        assert!(headers.iter().any(|h| h == column), "no column {column}");
    }
}

#[test]
fn forms_json_and_encrypted_responses_collate_in_one_go() {
    let inbox = Inbox::new();
    let dir = inbox.path("inbox");
    std::fs::create_dir_all(dir.join("sub")).unwrap();

    // A form filled in as the template asks: nothing to look at.
    let clear = contact(FilledForm::blank())
        .consent(&[("Y/", PLAIN), ("N", struck())])
        .cell(AnswerCell::Activity, ACTIVITY)
        .cell(AnswerCell::Why, "Because nothing else had worked.")
        .after("shared_understanding", "We listened first.")
        .cell(AnswerCell::Tracking, "A shared diary.");
    std::fs::write(dir.join("clear.docx"), clear.docx()).unwrap();
    // The lock file Word leaves beside a form open in it: not a form, left out like a hidden one.
    std::fs::write(dir.join("~$clear.docx"), b"\x06Jo Bloggs\0\0\0").unwrap();
    // The same form imported already, its response beside it: one response, kept once.
    let imported = inbox.import(&["inbox/clear.docx"]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert!(dir.join("clear.json").exists());

    // A form a person must look at: a letter above it, consent in words, an email address
    // that is not one. Its ending in capitals, as some mail programs save attachments.
    let mut unclear = FilledForm {
        name: "Zoë Ångström-O'Neil".into(),
        organisation: "Mind & Body 東京支部".into(),
        email: "zoe at example dot org".into(),
        ..FilledForm::blank()
    }
    .consent(&[("Yes, but only by email", PLAIN)])
    .after("shared_understanding", WIDE);
    unclear.above = LETTER.iter().map(|s| s.to_string()).collect();
    std::fs::write(dir.join("Unclear.ODT"), unclear.odt()).unwrap();

    // A form retyped as plain text, in a sub-folder.
    let mut retyped = FilledForm {
        name: "Sam Peer".into(),
        ..FilledForm::blank()
    }
    .consent(&[("N", PLAIN)]);
    retyped.layout = Layout::Paragraphs;
    let retyped = retyped
        .after("activity_type", "Peer support.\nIn the evenings.")
        .after("initiated_by", "Service users, with staff.")
        .after("coproduce_focus", "Wider community")
        .after("what_was_learnt", "Go slowly.");
    std::fs::write(dir.join("sub/retyped.txt"), retyped.txt()).unwrap();

    // Responses from the wizard: one plain, one encrypted to the organisation's key.
    let (key_text, public) = age_key();
    let key = inbox.write("key.txt", key_text);
    let plain = wizard(&[
        ("name", text("Aoife Ní Bhriain")),
        ("future_contact", AnswerValue::YesNo(true)),
        (
            "respondent_type",
            AnswerValue::Selection(
                Questionnaire::embedded()
                    .question("respondent_type")
                    .unwrap()
                    .selection(&[0], None)
                    .unwrap(),
            ),
        ),
        (
            "activity_type",
            text("A walking group.\n\n\"Quoted\", with commas."),
        ),
    ]);
    std::fs::write(dir.join("wizard.json"), plain.to_json()).unwrap();
    let secret = wizard(&[
        ("name", text("Dónal O'Brien")),
        ("future_contact", AnswerValue::YesNo(false)),
        (
            "respondent_type",
            AnswerValue::Selection(
                Questionnaire::embedded()
                    .question("respondent_type")
                    .unwrap()
                    .selection(&[4], None)
                    .unwrap(),
            ),
        ),
        ("activity_type", text("Sealed.")),
    ]);
    let sealed = ndti_respond::encryption::encrypt(&public, secret.to_json().as_bytes()).unwrap();
    std::fs::write(dir.join("secret.json.age"), sealed).unwrap();

    // Files that cannot be collated, each named with why.
    std::fs::write(
        dir.join("old.doc"),
        compound_file(&[("/WordDocument", b"\xec\xa5"), ("/1Table", b"")]),
    )
    .unwrap();
    let good = FilledForm::blank().docx();
    std::fs::write(dir.join("cut-short.docx"), &good[..good.len() / 2]).unwrap();
    let printed = Command::new(BIN)
        .args(["print", "--width", "80"])
        .arg(dir.join("wizard.json"))
        .output()
        .unwrap();
    assert!(printed.status.success());
    std::fs::write(dir.join("printed.txt"), &printed.stdout).unwrap();

    let out = collate(
        &["inbox", "--identity", key.to_str().unwrap()],
        inbox.path("").as_path(),
    );
    // Problems and skipped files: exit 1, with everything usable collated.
    assert_eq!(out.code, 1, "{}", out.stderr);
    let (headers, rows) = rows(&out.stdout);
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "Zoë Ångström-O'Neil",
            "Jo Bloggs",
            "Dónal O'Brien",
            "Sam Peer",
            "Aoife Ní Bhriain"
        ],
        "one row per response, in path order"
    );

    // Every word each person wrote, in its column.
    let unclear_row = &rows[0];
    assert_row(
        &headers,
        unclear_row,
        &[
            ("name", "Zoë Ångström-O'Neil"),
            ("organisation", "Mind & Body 東京支部"),
            ("email", "zoe at example dot org"),
            ("shared_understanding", WIDE),
        ],
    );
    assert_row(
        &headers,
        &rows[1],
        &[
            ("name", "Jo Bloggs"),
            ("organisation", "Hearing Voices Network Bath"),
            ("email", "jo@example.org"),
            ("phone", "01225 789135"),
            ("activity_type", ACTIVITY),
            ("why_coproduction", "Because nothing else had worked."),
            ("shared_understanding", "We listened first."),
            ("progress_tracked", "A shared diary."),
        ],
    );
    assert_row(
        &headers,
        &rows[2],
        &[("name", "Dónal O'Brien"), ("activity_type", "Sealed.")],
    );
    assert_row(
        &headers,
        &rows[3],
        &[
            ("name", "Sam Peer"),
            ("activity_type", "Peer support.\nIn the evenings."),
            ("initiated_by", "Service users, with staff."),
            ("coproduce_focus", "Wider community"),
            ("what_was_learnt", "Go slowly."),
        ],
    );
    assert_row(
        &headers,
        &rows[4],
        &[
            ("name", "Aoife Ní Bhriain"),
            (
                "activity_type",
                "A walking group.\n\n\"Quoted\", with commas.",
            ),
        ],
    );
    let column = |row: &HashMap<String, String>, c: &str| row[c].clone();
    assert_eq!(
        rows.iter()
            .map(|r| column(r, "consent_to_future_contact"))
            .collect::<Vec<_>>(),
        ["", "yes", "no", "no", "yes"],
        "an unclear consent is not a no: its cell is empty"
    );
    assert_eq!(column(&rows[2], "respondent_type"), "NHS Trusts");

    // The forms a person must look at, and only those, have problems, which say why; the
    // letter above the form is there word for word.
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            row["problems"].is_empty(),
            i != 0,
            "{}: {}",
            row["name"],
            row["problems"]
        );
    }
    let problems = &unclear_row["problems"];
    for expected in [
        "consent unclear in the Word form: ask the respondent",
        "text from the Word form that could not be placed (above the form): \"Dear Lou, Here is our form. Sorry it is late!\"",
        "Yes, but only by email",
        "the email address `zoe at example dot org` given for `email` is not well-formed",
    ] {
        assert!(problems.contains(expected), "{expected:?} in {problems}");
    }
    assert!(
        !problems.contains("respondent_type"),
        "a question the form does not ask is not missing: {problems}"
    );

    // On standard error: the form to look at, each file not collated and why, and counts that
    // add up to the files found.
    let err = &out.stderr;
    for expected in [
        "inbox/Unclear.ODT: imported from the form and collated; a person should look at it: ",
        "skipped inbox/old.doc: it is an old Word document (.doc): open it in Word or LibreOffice, save it as .docx",
        "skipped inbox/cut-short.docx: it is damaged and cannot be read",
        "skipped inbox/printed.txt: it is a response printed by ndti-respond",
        "inbox/clear.json: a copy of inbox/clear.docx",
        "collated 5 responses (3 imported from forms) from 9 files; 1 copy kept once; 3 files skipped; 1 response with problems, marked in the output (see above)",
    ] {
        assert!(err.contains(expected), "{expected:?} in:\n{err}");
    }
    let look = err
        .lines()
        .filter(|l| l.contains("a person should look at it"))
        .collect::<Vec<_>>();
    assert_eq!(look.len(), 1, "{err}");
    assert!(!err.contains("~$clear.docx"), "{err}");
    assert!(look[0].contains("consent unclear in the Word form: ask the respondent"));
    assert!(look[0].contains("\"Dear Lou, Here is our form. Sorry it is late!\""));

    // The digest lists the form to look at first, with why.
    let out = collate(
        &[
            "inbox",
            "--identity",
            key.to_str().unwrap(),
            "--format",
            "markdown",
        ],
        inbox.path("").as_path(),
    );
    let digest = String::from_utf8(out.stdout).unwrap();
    let problems_part = &digest[digest.find("## Responses with problems").unwrap()..];
    let problems_part = &problems_part[..problems_part.find("\n## ").unwrap()];
    assert!(
        problems_part.contains("- **Zoë Ångström-O'Neil (Mind \\& Body 東京支部):** ")
            && problems_part.contains("consent unclear in the Word form: ask the respondent"),
        "{problems_part}"
    );
    assert!(!problems_part.contains("Jo Bloggs"), "{problems_part}");

    // Anonymised, no contact detail is left anywhere, the problems column included, where the
    // email address that failed its check would otherwise be quoted.
    for format in ["csv", "markdown"] {
        let out = collate(
            &[
                "inbox",
                "--identity",
                key.to_str().unwrap(),
                "--anonymise",
                "--format",
                format,
            ],
            inbox.path("").as_path(),
        );
        assert_eq!(out.code, 1, "{}", out.stderr);
        let output = String::from_utf8(out.stdout).unwrap();
        for detail in [
            "Zoë Ångström-O'Neil",
            "Mind & Body 東京支部",
            "zoe at example dot org",
            "Jo Bloggs",
            "Hearing Voices Network Bath",
            "jo@example.org",
            "01225 789135",
            "Sam Peer",
            "Aoife Ní Bhriain",
            "Dónal O'Brien",
        ] {
            assert!(
                !output.contains(detail),
                "{format}: {detail:?} in:\n{output}"
            );
        }
        assert!(
            output.contains("the email address given for") && output.contains("is not well-formed"),
            "{format}: {output}"
        );
        assert!(output.contains("Here is our form. Sorry it is late"));
    }
}

#[test]
fn forms_of_another_questionnaire_need_it_given() {
    let inbox = Inbox::new();
    let dir = inbox.path("inbox");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("tiny.txt"),
        "About you\nYour name: Sam\n\nTell us what happened.\nWe met.\n\nIt helped.\n\nKeeping in touch\nMay we contact you again? yes\n",
    )
    .unwrap();
    let out = collate(&["inbox"], inbox.path("").as_path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("skipped inbox/tiny.txt: it does not look like a filled-in copy of the form \"Co-production in mental health: a call for practice examples\"")
            && out.stderr.contains("give that questionnaire with --questions FILE"),
        "{}",
        out.stderr
    );
    let tiny = crate::common::tiny();
    let out = collate(
        &["--questions", tiny.to_str().unwrap(), "inbox"],
        inbox.path("").as_path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (_, rows) = rows(&out.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "Sam");
    assert_eq!(rows[0]["story"], "We met.\n\nIt helped.");
    assert_eq!(rows[0]["consent_to_future_contact"], "yes");
    // A questionnaire that is not valid stops collate before anything is read.
    let bad = inbox.write("bad.toml", "id = 1\n");
    let out = collate(
        &["--questions", bad.to_str().unwrap(), "inbox"],
        inbox.path("").as_path(),
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("bad.toml:1:"), "{}", out.stderr);
}

#[test]
fn forms_and_responses_are_each_read_within_their_own_limits() {
    let inbox = Inbox::new();
    let dir = inbox.path("inbox");
    std::fs::create_dir_all(&dir).unwrap();
    // A form with a 17 MB photograph in it: larger than any response, well within a form's
    // 50 MB. The photograph's bytes are noise, so that they do not compress.
    let mut noise = Vec::with_capacity(17_000_000);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while noise.len() < 17_000_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise.extend_from_slice(&x.to_le_bytes());
    }
    let form = contact(FilledForm::blank()).consent(&[("N", PLAIN)]);
    let mut parts = parts_of(&form.docx());
    parts.push(("word/media/photo.jpg".into(), noise));
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let photo = zip_of(&parts);
    assert!(photo.len() > 16 << 20, "{}", photo.len());
    std::fs::write(dir.join("with-photo.docx"), photo).unwrap();
    // Past the limits: refused by their size before they are read (the files are sparse).
    for (name, size) in [("huge.docx", 60_000_000), ("huge.json", 20_000_000)] {
        let f = std::fs::File::create(dir.join(name)).unwrap();
        f.set_len(size).unwrap();
    }
    let out = collate(&["inbox"], inbox.path("").as_path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    for expected in [
        "skipped inbox/huge.docx: it is 60.0 MB, larger than any filled-in form (50.0 MB at most), so it is not read",
        "skipped inbox/huge.json: it is larger than 16 MB, the most a response may be",
        "collated 1 response (1 imported from forms) from 3 files; 2 files skipped",
    ] {
        assert!(
            out.stderr.contains(expected),
            "{expected:?} in:\n{}",
            out.stderr
        );
    }
    let (_, rows) = rows(&out.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "Jo Bloggs");
    assert_eq!(rows[0]["consent_to_future_contact"], "no");
}

/// A key file as age-keygen writes it, made without the CLI: (key file text, public key).
fn age_key() -> (String, String) {
    use age::secrecy::ExposeSecret;
    let id = age::x25519::Identity::generate();
    let public = id.to_public().to_string();
    let text = format!(
        "# public key: {public}\n{}\n",
        id.to_string().expose_secret()
    );
    (text, public)
}
