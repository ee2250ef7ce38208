//! `ndti-respond collate`, run as the real binary.

use std::path::{Path, PathBuf};

use crate::common::{read_csv, read_workbook};
use assert_cmd::Command;
use expectrl::Expect;
use ndti_respond::answer::AnswerValue;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::Questionnaire;
use ndti_respond::response::Response;
use tempfile::TempDir;

const TRICKY: &str = "First line, with a comma\nSecond \"quoted\" line\n\n\tTabbed paragraph: café, Zoë, Łódź, 支持 — ok;\r\nlast";

/// The contact details of a made-up respondent, to look for in anonymised output.
pub(crate) struct Person {
    pub name: &'static str,
    pub organisation: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
}

pub(crate) const PEOPLE: [Person; 3] = [
    Person {
        name: "Aoife Ní Bhriain",
        organisation: "Bath Peer Network",
        email: "aoife.nb@example.org",
        phone: "01225 111222",
    },
    Person {
        name: "Dónal O'Brien",
        organisation: "Hearing Voices, Westgate",
        email: "donal@example.net",
        phone: "+44 7700 900123",
    },
    Person {
        name: "Zoë \"Jo\" Müller",
        organisation: "Survivors' Café",
        email: "zoe.m@example.com",
        phone: "(0117) 496 0000",
    },
];

pub(crate) fn response(person: &Person, activity: &str, consent: bool) -> Response {
    let q = Questionnaire::embedded();
    let mut d = Draft::new(&q);
    let text = |s: &str| Some(AnswerValue::Text(s.to_string()));
    let set = |d: &mut Draft, id: &str, v: Option<AnswerValue>| {
        d.set_answer(&q, q.question(id).unwrap(), v);
    };
    set(&mut d, "name", text(person.name));
    set(&mut d, "organisation", text(person.organisation));
    set(&mut d, "email", text(person.email));
    set(&mut d, "phone", text(person.phone));
    set(&mut d, "future_contact", Some(AnswerValue::YesNo(consent)));
    let kind = q.question("respondent_type").unwrap();
    let sel = kind
        .selection(&[0, 8], Some("Carer, and peer".into()))
        .unwrap();
    set(&mut d, "respondent_type", Some(AnswerValue::Selection(sel)));
    let focus = q.question("coproduce_focus").unwrap();
    let sel = focus.selection(&[0, 2], None).unwrap();
    set(&mut d, "coproduce_focus", Some(AnswerValue::Selection(sel)));
    set(&mut d, "activity_type", text(activity));
    set(
        &mut d,
        "initiated_by",
        text("People who use services, with \"staff\", together"),
    );
    set(&mut d, "further_comments", None);
    d.to_response(&q)
}

pub(crate) fn write(dir: &Path, name: &str, r: &Response) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, r.to_json()).unwrap();
    path
}

pub(crate) fn collate() -> Command {
    let mut cmd = Command::cargo_bin("ndti-respond").unwrap();
    cmd.arg("collate");
    cmd
}

pub(crate) struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

pub(crate) fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn cell<'a>(headers: &[String], row: &'a [String], column: &str) -> &'a str {
    let i = headers.iter().position(|h| h == column).unwrap();
    &row[i]
}

/// Three good responses in a folder.
fn three() -> (TempDir, Vec<Response>) {
    let dir = TempDir::new().unwrap();
    let rs: Vec<Response> = PEOPLE
        .iter()
        .enumerate()
        .map(|(i, p)| response(p, &format!("{TRICKY} {i}"), i % 2 == 0))
        .collect();
    for (i, r) in rs.iter().enumerate() {
        write(dir.path(), &format!("r{i}.json"), r);
    }
    (dir, rs)
}

#[test]
fn csv_reads_back_with_every_answer_identical() {
    let (dir, rs) = three();
    let out = run(collate().arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (headers, rows) = read_csv(&out.stdout);
    assert_eq!(
        &headers[..6],
        [
            "response_id",
            "completed_at",
            "questionnaire_version",
            "consent_to_future_contact",
            "respondent_type",
            "problems"
        ]
    );
    let q = Questionnaire::embedded();
    let expected: Vec<&str> = q
        .questions()
        .map(|(_, x)| x.id.as_str())
        .filter(|id| *id != "respondent_type" && *id != "future_contact")
        .collect();
    assert_eq!(&headers[6..], expected.as_slice());
    assert_eq!(rows.len(), 3);
    for (r, row) in rs.iter().zip(&rows) {
        assert_eq!(
            cell(&headers, row, "response_id"),
            r.response_id.to_string()
        );
        assert_eq!(cell(&headers, row, "completed_at"), r.completed_at);
        assert_eq!(cell(&headers, row, "questionnaire_version"), "2016.1");
        let consent = if r.consent_to_future_contact {
            "yes"
        } else {
            "no"
        };
        assert_eq!(cell(&headers, row, "consent_to_future_contact"), consent);
        assert_eq!(
            cell(&headers, row, "problems"),
            "",
            "a valid response has none"
        );
        for (id, entry) in &r.answers {
            let want = match &entry.answer {
                None => String::new(),
                Some(AnswerValue::YesNo(b)) => if *b { "yes" } else { "no" }.to_string(),
                Some(a) => a.to_text(),
            };
            let column = if id == "future_contact" {
                continue;
            } else {
                id.as_str()
            };
            // Line ends come out as line feeds, as the sanitiser makes them, and a cell that
            // would start a formula (a phone number starting +) starts with '.
            let want = want.replace("\r\n", "\n");
            let want = match want.starts_with(['=', '+', '-', '@']) {
                true => format!("'{want}"),
                false => want,
            };
            assert_eq!(cell(&headers, row, column), want, "{id}");
        }
    }
    let activity = cell(&headers, &rows[0], "activity_type");
    assert!(
        activity.starts_with(&TRICKY.replace("\r\n", "\n")),
        "{activity:?}"
    );
    // With --raw, exactly as written.
    let raw = run(collate().arg(dir.path()).arg("--raw"));
    let (headers, rows) = read_csv(&raw.stdout);
    assert!(cell(&headers, &rows[0], "activity_type").starts_with(TRICKY));
    assert_eq!(
        cell(&headers, &rows[0], "respondent_type"),
        "People who identify as having a mental health problem, or as service users/survivors; Other: Carer, and peer"
    );
    assert_eq!(
        cell(&headers, &rows[0], "coproduce_focus"),
        "Individual care & support; Service commission & planning"
    );
}

#[test]
fn csv_to_a_file_with_and_without_bom() {
    let (dir, _) = three();
    let out_dir = TempDir::new().unwrap();
    let plain = out_dir.path().join("all.csv");
    let bom = out_dir.path().join("excel.csv");
    assert_eq!(run(collate().arg(dir.path()).arg("-o").arg(&plain)).code, 0);
    assert_eq!(
        run(collate().arg(dir.path()).arg("--bom").arg("-o").arg(&bom)).code,
        0
    );
    let plain = std::fs::read(plain).unwrap();
    let bom = std::fs::read(bom).unwrap();
    assert!(plain.starts_with(b"response_id,"));
    assert!(bom.starts_with(b"\xEF\xBB\xBFresponse_id,"));
    assert_eq!(&bom[3..], &plain[..]);
    // Only the two outputs: no temporary files left behind.
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 2);
}

#[test]
fn mixed_questionnaire_versions_get_every_column() {
    let dir = TempDir::new().unwrap();
    let old = response(&PEOPLE[0], "old version", true);
    write(dir.path(), "a-old.json", &old);
    // A later version: `issue_definers` dropped, `peer_support` new after `initiated_by`.
    let mut new = response(&PEOPLE[1], "new version", false);
    new.questionnaire.version = "2017.1".into();
    new.answers.shift_remove("issue_definers");
    let template = new.answers["initiated_by"].clone();
    let at = new.answers.get_index_of("initiated_by").unwrap() + 1;
    let mut added = template;
    added.question = "Was there peer support?".into();
    added.answer = Some(AnswerValue::Text("Yes, weekly".into()));
    new.answers.shift_insert(at, "peer_support".into(), added);
    write(dir.path(), "b-new.json", &new);

    let out = run(collate().arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (headers, rows) = read_csv(&out.stdout);
    let pos = |c: &str| headers.iter().position(|h| h == c).unwrap();
    assert!(pos("initiated_by") < pos("peer_support"));
    assert!(pos("peer_support") < pos("coproduce_focus"));
    assert!(headers.contains(&"issue_definers".to_string()));
    // 28 questions, less the two with fixed columns, and the new one.
    assert_eq!(headers.len(), 6 + 28 - 2 + 1, "{headers:?}");
    assert_eq!(cell(&headers, &rows[0], "peer_support"), "");
    assert_eq!(cell(&headers, &rows[1], "peer_support"), "Yes, weekly");
    assert_eq!(cell(&headers, &rows[1], "issue_definers"), "");
    assert_eq!(cell(&headers, &rows[0], "questionnaire_version"), "2016.1");
    assert_eq!(cell(&headers, &rows[1], "questionnaire_version"), "2017.1");
    assert_eq!(cell(&headers, &rows[1], "activity_type"), "new version");
    assert_eq!(cell(&headers, &rows[0], "name"), PEOPLE[0].name);
    // Every row as wide as the header.
    assert!(rows.iter().all(|r| r.len() == headers.len()));

    // The digest shows the new question too.
    let md = run(collate().arg(dir.path()).args(["--format", "markdown"]));
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("### Was there peer support?"), "{md}");
}

#[test]
fn duplicates_are_reported_and_kept_once() {
    let (dir, rs) = three();
    // The same response saved twice: reported, kept once, not a failure.
    write(dir.path(), "copy/r0-again.json", &rs[0]);
    let out = run(collate().arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("r0-again.json"), "{}", out.stderr);
    assert!(out.stderr.contains("kept once"), "{}", out.stderr);
    let (_, rows) = read_csv(&out.stdout);
    assert_eq!(rows.len(), 3);

    // The same id with different answers: both are kept, both marked, and the exit code says so.
    let mut changed = rs[1].clone();
    changed.completed_at = "2030-01-01T00:00:00+00:00".into();
    write(dir.path(), "z-changed.json", &changed);
    let out = run(collate().arg(dir.path()).args(["--format", "jsonl"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("z-changed.json"), "{}", out.stderr);
    assert!(out.stderr.contains("different answers"), "{}", out.stderr);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(text.contains("2030-01-01"));
    let out = run(collate().arg(dir.path()));
    let (headers, rows) = read_csv(&out.stdout);
    let marked: Vec<&str> = rows
        .iter()
        .map(|r| cell(&headers, r, "problems"))
        .filter(|p| p.contains("same response id"))
        .collect();
    assert_eq!(marked.len(), 2, "both are marked: {rows:?}");
    assert!(marked[0].contains("z-changed.json"), "{marked:?}");
    assert!(marked[1].contains("r1.json"), "{marked:?}");
}

#[test]
fn bad_files_are_reported_and_the_rest_collated() {
    let (dir, _) = three();
    let d = dir.path();
    std::fs::write(
        d.join("broken.json"),
        "{\"format\": \"ndti-respond/response\",",
    )
    .unwrap();
    std::fs::write(
        d.join("draft.json"),
        r#"{"format":"ndti-respond/draft","format_version":1}"#,
    )
    .unwrap();
    std::fs::write(
        d.join("secret.json.age"),
        "age-encryption.org/v1\n-> X25519 abc\n",
    )
    .unwrap();
    std::fs::write(d.join("latin1.json"), b"{\"a\": \"caf\xe9\"}").unwrap();
    std::fs::write(d.join("notes.md"), "not a response, and not read").unwrap();
    std::fs::write(
        d.join("notes.txt"),
        "not a response, but read as a form might be",
    )
    .unwrap();
    for format in ["csv", "markdown", "jsonl"] {
        let out = run(collate().arg(d).args(["--format", format]));
        assert_eq!(out.code, 1, "{}", out.stderr);
        let err = &out.stderr;
        assert!(err.contains("broken.json: not valid JSON"), "{err}");
        assert!(
            err.contains("draft.json: it is a `ndti-respond/draft` file"),
            "{err}"
        );
        assert!(
            err.contains(
                "secret.json.age: this response is encrypted; give the key with --identity FILE"
            ),
            "{err}"
        );
        assert!(
            err.contains("latin1.json: not valid JSON: the text is not UTF-8"),
            "{err}"
        );
        assert!(!err.contains("notes.md"), "{err}");
        assert!(
            err.contains("notes.txt: it does not look like a filled-in copy of the form"),
            "{err}"
        );
        assert!(
            err.contains("collated 3 responses from 8 files; 5 files skipped"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = run(collate().arg(d));
    assert_eq!(read_csv(&out.stdout).1.len(), 3);
}

#[test]
fn anonymise_leaves_no_contact_details_in_any_format() {
    let (dir, _) = three();
    for format in ["csv", "markdown", "jsonl"] {
        let out = run(collate()
            .arg(dir.path())
            .args(["--anonymise", "--format", format]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let text = String::from_utf8(out.stdout).unwrap();
        for p in &PEOPLE {
            for detail in [p.name, p.organisation, p.email, p.phone] {
                assert!(
                    !text.contains(detail),
                    "{format}: {detail} found in\n{text}"
                );
            }
        }
        // The answers themselves are all there.
        assert!(text.contains("Tabbed paragraph: café"), "{format}");
    }
    // Without --anonymise they are there.
    let out = run(collate().arg(dir.path()).args(["--format", "markdown"]));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("**Aoife Ní Bhriain (Bath Peer Network):**"),
        "{text}"
    );
    assert!(text.contains("aoife.nb@example.org"));
    // Anonymised, the digest names responses by number and the CSV has no contact columns.
    let out = run(collate()
        .arg(dir.path())
        .args(["--format", "markdown", "--anonymize"]));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("**Response 3:**"), "{text}");
    let out = run(collate().arg(dir.path()).arg("--anonymise"));
    let (headers, _) = read_csv(&out.stdout);
    for gone in ["name", "organisation", "email", "phone"] {
        assert!(!headers.contains(&gone.to_string()), "{headers:?}");
    }
}

/// Three responses in a folder, named three ways: with a name and an organisation
/// (`PEOPLE[0]`), with an organisation only (`PEOPLE[1]`'s), and with neither.
pub(crate) fn named_three_ways() -> TempDir {
    let dir = TempDir::new().unwrap();
    let both = response(&PEOPLE[0], "Peer support", true);
    let mut organisation_only = response(&PEOPLE[1], "Peer support", true);
    organisation_only.answers["name"].answer = None;
    let mut neither = response(&PEOPLE[2], "Peer support", true);
    neither.answers["name"].answer = None;
    neither.answers["organisation"].answer = None;
    for (i, r) in [both, organisation_only, neither].iter().enumerate() {
        write(dir.path(), &format!("r{i}.json"), r);
    }
    dir
}

/// The Markdown digest heads each answer by the one rule for naming a respondent: "Name
/// (Organisation)", or whichever was given, else the response's number.
#[test]
fn markdown_heads_answers_by_name_and_organisation() {
    let dir = named_three_ways();
    let out = run(collate().arg(dir.path()).args(["--format", "markdown"]));
    let md = String::from_utf8(out.stdout).unwrap();
    let activity = md
        .split("\n### ")
        .find(|q| q.starts_with("Type or nature of activity:"))
        .unwrap();
    let heads: Vec<&str> = activity.lines().filter(|l| l.starts_with("**")).collect();
    assert_eq!(
        heads,
        [
            "**Aoife Ní Bhriain (Bath Peer Network):**",
            "**Hearing Voices, Westgate:**",
            "**Response 3:**",
        ],
        "{md}"
    );
}

#[test]
fn jsonl_is_one_response_per_line() {
    let (dir, rs) = three();
    let out = run(collate().arg(dir.path()).args(["--format", "jsonl"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = String::from_utf8(out.stdout).unwrap();
    let read: Vec<Response> = text
        .lines()
        .map(|l| Response::from_json(l.as_bytes()).unwrap())
        .collect();
    assert_eq!(read, rs);
}

#[test]
fn markdown_answers_cannot_break_the_digest() {
    let dir = TempDir::new().unwrap();
    let nasty = "# Not a heading\n- not a list\n1. not numbered\n<script>alert(1)</script>\n| a | b |\n```\n    not code\n---\n*not emphasis* [not](a link) `x`\nlast line";
    let mut person = Person { ..PEOPLE[0] };
    person.name = "**Bold** [Name]";
    write(dir.path(), "r.json", &response(&person, nasty, true));
    let out = run(collate().arg(dir.path()).args(["--format", "markdown"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = String::from_utf8(out.stdout).unwrap();
    for want in [
        "> \\# Not a heading\\\n",
        "> \\- not a list\\\n",
        "> 1\\. not numbered\\\n",
        "> \\<script\\>alert(1)\\</script\\>\\\n",
        "> \\| a \\| b \\|\\\n",
        "> \\`\\`\\`\\\n",
        "> &nbsp;&nbsp;&nbsp;&nbsp;not code\\\n",
        "> \\---\\\n",
        "> \\*not emphasis\\* \\[not\\](a link) \\`x\\`\\\n",
        "> last line\n",
        "**\\*\\*Bold\\*\\* \\[Name\\] (Bath Peer Network):**",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    // Headings are only the digest's own.
    for line in md.lines().filter(|l| l.starts_with('#')) {
        assert!(
            line.starts_with("# Co-production")
                || line.starts_with("## ")
                || line.starts_with("### "),
            "{line}"
        );
    }
    assert!(!md.contains("<script>"));
}

#[test]
fn folders_are_searched_and_the_order_is_the_paths() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let rs: Vec<Response> = PEOPLE.iter().map(|p| response(p, "x", true)).collect();
    write(d, "b/deeper/2.json", &rs[2]);
    write(d, "a/1.json", &rs[1]);
    write(d, "0.json", &rs[0]);
    write(d, ".hidden.json", &rs[0]);
    // A file named on the command line is read whatever it is called.
    let named = write(
        d,
        "other/response.txt",
        &response(&PEOPLE[0], "named", true),
    );
    let out = run(collate().arg(d).arg(&named).args(["--format", "jsonl"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ids: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            Response::from_json(l.as_bytes())
                .unwrap()
                .response_id
                .to_string()
        })
        .collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(
        ids[..3],
        rs.iter()
            .map(|r| r.response_id.to_string())
            .collect::<Vec<_>>()
    );
}

/// A folder of `n` responses, enough for a progress bar.
fn many(n: usize) -> TempDir {
    let dir = TempDir::new().unwrap();
    let r = response(&PEOPLE[0], "x", true);
    let json = r.to_json();
    for i in 0..n {
        let fresh = json.replace(
            &r.response_id.to_string(),
            &uuid::Uuid::new_v4().to_string(),
        );
        std::fs::write(dir.path().join(format!("{i:03}.json")), fresh).unwrap();
    }
    dir
}

#[test]
fn progress_bar_on_a_terminal() {
    let dir = many(250);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ndti-respond"));
    cmd.arg("collate")
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out.csv"))
        .env("TERM", "xterm")
        .env_remove("ACCESSIBLE");
    let mut session = expectrl::Session::spawn(cmd).unwrap();
    let found = session.expect("collated 250 responses").unwrap();
    let before = String::from_utf8_lossy(found.before());
    assert!(before.contains("collating"), "{before:?}");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = many(250);
    let out = run(collate()
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out.csv")));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "ndti-respond: collated 250 responses from 250 files\n  by respondent type"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\r') && !out.stderr.contains('\x1b'));
}

#[test]
fn bad_usage_is_explained() {
    let (dir, _) = three();
    let d = dir.path();

    // Nothing there at all: bad usage.
    let out = run(collate().arg(d.join("missing")));
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr
            .matches("missing: no such file or folder")
            .count(),
        1,
        "said once: {}",
        out.stderr
    );
    assert!(out.stdout.is_empty());

    // One missing among good ones: reported, the rest collated, exit 1.
    let out = run(collate().arg(d).arg(d.join("missing.json")));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("missing.json: no such file or folder"),
        "{}",
        out.stderr
    );
    assert_eq!(read_csv(&out.stdout).1.len(), 3);

    // An empty folder, and one with no responses in it.
    let empty = TempDir::new().unwrap();
    let out = run(collate().arg(empty.path()));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no response files"), "{}", out.stderr);
    std::fs::write(empty.path().join("notes.md"), "hello").unwrap();
    let out = run(collate().arg(empty.path()));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("no response files or forms (.json, .age, .docx, .odt, .txt, .doc)"),
        "{}",
        out.stderr
    );

    // An identity file that cannot be read.
    let out = run(collate()
        .arg(d)
        .args(["--identity"])
        .arg(d.join("no-key.txt")));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot read the key file") && out.stderr.contains("no-key.txt"),
        "{}",
        out.stderr
    );

    // An output that cannot be written.
    let out = run(collate()
        .arg(d)
        .arg("-o")
        .arg(d.join("no/such/dir/all.csv")));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("cannot write"), "{}", out.stderr);

    // An output that is a folder: said before any work is done.
    let out = run(collate().arg(d).arg("-o").arg(d));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("is a folder"), "{}", out.stderr);

    // No paths: clap says so.
    let out = run(&mut collate());
    assert_eq!(out.code, 2);
    assert!(!out.stderr.contains("panicked"));
}

/// Encrypted responses collate beside plain ones given the key, are skipped (and named) with the
/// wrong key, and the answers come out identical. Encrypted with the real `age` tool.
#[test]
#[ignore = "needs age-keygen (Debian package age)"]
fn encrypted_responses_collate_with_the_key() {
    crate::common::require("age-keygen", "age");
    let (dir, rs) = three();
    let keygen = |name: &str| {
        let path = dir.path().join(name);
        let out = std::process::Command::new("age-keygen")
            .arg("-o")
            .arg(&path)
            .output()
            .unwrap();
        let public = String::from_utf8_lossy(&out.stderr)
            .split_whitespace()
            .find(|w| w.starts_with("age1"))
            .unwrap()
            .to_string();
        (path, public)
    };
    let (key, public) = keygen("key.txt");
    let (wrong, _) = keygen("wrong.txt");
    let responses = dir.path().join("inbox");
    std::fs::create_dir(&responses).unwrap();
    // r0 stays plain; r1 and r2 arrive encrypted only.
    std::fs::rename(dir.path().join("r0.json"), responses.join("r0.json")).unwrap();
    for i in 1..3 {
        let plain = dir.path().join(format!("r{i}.json"));
        let status = std::process::Command::new("age")
            .args(["-r", &public, "-o"])
            .arg(responses.join(format!("r{i}.json.age")))
            .arg(&plain)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::remove_file(plain).unwrap();
    }
    let out = run(collate()
        .arg(&responses)
        .arg("--identity")
        .arg(&key)
        .arg("--raw"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (headers, rows) = read_csv(&out.stdout);
    assert_eq!(rows.len(), 3);
    for (r, row) in rs.iter().zip(&rows) {
        assert_eq!(
            cell(&headers, row, "response_id"),
            r.response_id.to_string()
        );
        assert_eq!(
            cell(&headers, row, "activity_type"),
            r.answers["activity_type"]
                .answer
                .as_ref()
                .unwrap()
                .to_text()
        );
    }
    let out = run(collate().arg(&responses).arg("--identity").arg(&wrong));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("r1.json.age: the key in"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("does not open this response"),
        "{}",
        out.stderr
    );
    let (_, rows) = read_csv(&out.stdout);
    assert_eq!(rows.len(), 1, "the plain one still collates");
    // A file that is not a key at all: a usage error, before anything is read.
    let out = run(collate()
        .arg(&responses)
        .arg("--identity")
        .arg(responses.join("r0.json")));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("is not an age key file"),
        "{}",
        out.stderr
    );
}

/// The workbook read back by a real reader (Python's openpyxl, as LibreOffice and Excel read
/// it): every answer cell by cell equal to the answer, no formula anywhere, the completion time
/// a real date, two frozen header rows, and the questions sheet.
#[test]
#[ignore = "needs python3 with openpyxl (Debian package python3-openpyxl)"]
fn the_workbook_reads_back_cell_by_cell_with_no_formula() {
    crate::common::require("python3", "python3-openpyxl");
    let (dir, rs) = three();
    // A response whose answers all look like formulas, last in path order.
    let mut evil = response(
        &PEOPLE[1],
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        false,
    );
    evil.answers["initiated_by"].answer = Some(AnswerValue::Text("+cmd|' /C calc'!A0".into()));
    write(dir.path(), "z-evil.json", &evil);
    let book = dir.path().join("all.xlsx");
    let out = run(collate()
        .arg(dir.path())
        .args(["--format", "xlsx", "-o"])
        .arg(&book));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames}
ws = wb["Responses"]
out["freeze"] = ws.freeze_panes
out["rows"] = [[None if c.value is None else (c.data_type, c.value if c.data_type != "d" else c.value.isoformat()) for c in row] for row in ws.iter_rows()]
out["questions"] = [[c.value for c in row] for row in wb["Questions"].iter_rows()]
print(json.dumps(out))
"#;
    let book = read_workbook(script, &book);
    assert_eq!(
        book["sheets"],
        serde_json::json!(["Summary", "Responses", "Questions"])
    );
    assert_eq!(book["freeze"], "B3");
    let rows = book["rows"].as_array().unwrap();
    let text = |cell: &serde_json::Value| -> String {
        match cell {
            serde_json::Value::Null => String::new(),
            c => {
                assert_ne!(c[0], "f", "a formula cell: {c}");
                c[1].as_str()
                    .map(String::from)
                    .unwrap_or_else(|| c[1].to_string())
            }
        }
    };
    let headers: Vec<String> = rows[0].as_array().unwrap().iter().map(text).collect();
    assert_eq!(headers[5], "problems");
    let words: Vec<String> = rows[1].as_array().unwrap().iter().map(text).collect();
    let q = Questionnaire::embedded();
    let col = |id: &str| headers.iter().position(|h| h == id).unwrap();
    assert_eq!(
        words[col("activity_type")],
        q.question("activity_type").unwrap().prompt
    );
    let all: Vec<&Response> = rs.iter().chain([&evil]).collect();
    assert_eq!(rows.len(), 2 + all.len());
    for (r, row) in all.iter().zip(&rows[2..]) {
        let row = row.as_array().unwrap();
        for cell in row {
            if !cell.is_null() {
                assert_ne!(cell[0], "f", "a formula cell: {cell}");
            }
        }
        assert_eq!(text(&row[col("response_id")]), r.response_id.to_string());
        // A real date and time, in the response's own offset.
        assert_eq!(row[col("completed_at")][0], "d", "{:?}", row[1]);
        assert_eq!(
            text(&row[col("completed_at")]),
            r.completed_at[..19].to_string()
        );
        for (id, entry) in &r.answers {
            if id == "future_contact" || id == "respondent_type" {
                continue;
            }
            let want = match &entry.answer {
                None => String::new(),
                Some(AnswerValue::YesNo(b)) => if *b { "yes" } else { "no" }.to_string(),
                Some(a) => a.to_text().replace("\r\n", "\n"),
            };
            assert_eq!(text(&row[col(id)]), want, "{id}");
        }
    }
    let evil_row = rows.last().unwrap().as_array().unwrap();
    assert!(text(&evil_row[col("activity_type")]).starts_with("=HYPERLINK("));
    let questions = book["questions"].as_array().unwrap();
    assert_eq!(questions[0][0], "Question id (column name)");
    assert!(questions.iter().any(|r| r[0] == "activity_type"));
}
