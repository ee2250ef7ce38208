//! print, validate, email and encryption, driven through the real binary.
//!
//! Tests that need the `age`, `age-keygen`, `chromium` or `pdfinfo` programs are ignored unless
//! asked for (`cargo test -- --include-ignored`, as `.ci/run` does), and then fail without them.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use ndti_respond::answer::AnswerValue;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::{KindName, Questionnaire};
use ndti_respond::response::{AnswerEntry, Generator, Response};
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------------------------------------
// Fixtures

const ACTIVITY: &str = "We set up a \"co-production café\" in the town library.\n\
\n\
It met every second Tuesday. People who use services, carers, nurses and two commissioners sat at the same tables, with tea, and nobody wore a badge. The first three sessions were awkward and some of us nearly gave up; by the fourth, people were bringing their own agendas.\n\
\n\
What we wrote on the wall:\n\
\t- listen first\n\
\t- pay people for their time\n\
# Not a heading\n\
[a link](http://evil.example/) and ![an image](http://evil.example/x.png)\n\
- not a list\n\
1. not a numbered list\n\
\x20   not code\n\
<script>alert(1)</script> & < > 'single' \"double\" *stars* _under_ `ticks`\n\
\x1b[31mThis line tried to turn the terminal red.\x1b[0m\n\
Accents: Zoë, naïve, café (e\u{301} combining), Ångström.\n\
Wide: 東京の地域精神保健チームと一緒に作りました。\n\
Emoji: 🌱🤝🏽 growing together.\n";

const SHARED: &str = "私たちは毎月集まり、サービス利用者、家族、看護師、医師がそれぞれの経験を話しました。\
最初は専門家が話しすぎることがありましたが、進行役が順番を守るようにしました。\
Then we wrote the shared plan together, line by line, and read it aloud at the end of each meeting so \
that everyone could change a word they did not like.\n\n\
A second paragraph, short.";

fn question<'q>(q: &'q Questionnaire, id: &str) -> &'q ndti_respond::questionnaire::Question {
    q.question(id).unwrap_or_else(|| panic!("no question {id}"))
}

fn text(s: &str) -> Option<AnswerValue> {
    Some(AnswerValue::Text(s.to_string()))
}

/// A complete response with every awkward kind of answer, and fixed ids and times.
fn rich_response() -> Response {
    let q = Questionnaire::embedded();
    let mut d = Draft::new(&q);
    let rt = question(&q, "respondent_type");
    let sel = rt
        .selection(
            &[0, 4, 8],
            Some("Carers' group \"Together\" <b>bold</b>".into()),
        )
        .unwrap();
    d.set_answer(&q, rt, Some(AnswerValue::Selection(sel)));
    let answers: [(&str, Option<AnswerValue>); 12] = [
        ("name", text("Zoë Ångström-O'Neil")),
        ("organisation", text("Mind & Body <Co-op> 東京支部")),
        ("email", text("zoe@example.org")),
        ("phone", text("+44 (0)1225 789135")),
        ("future_contact", Some(AnswerValue::YesNo(true))),
        ("activity_type", text(ACTIVITY)),
        (
            "initiated_by",
            text(
                "Peer workers 🧑‍🤝‍🧑 and staff.\n\tIndented with a tab, and long enough to need wrapping at sixty columns.",
            ),
        ),
        ("shared_understanding", text(SHARED)),
        (
            "right_people",
            text("No.\n\n\nThree blank lines above this one."),
        ),
        (
            "progress_tracked",
            text("A wordwithoutanyspacesthatislongerthananylinecouldeverbeatsixtycolumns."),
        ),
        ("barriers_overcome", text("Money.")),
        ("do_differently", None),
    ];
    for (id, value) in answers {
        d.set_answer(&q, question(&q, id), value);
    }
    let focus = question(&q, "coproduce_focus");
    let sel = focus.selection(&[0, 2], None).unwrap();
    d.set_answer(&q, focus, Some(AnswerValue::Selection(sel)));
    let mut r = d.to_response(&q);
    r.answers.insert(
        "old_question".into(),
        AnswerEntry {
            section_id: "old".into(),
            section: "An older section".into(),
            question: "What did the 2015 questionnaire ask?".into(),
            help: None,
            kind: KindName::Long,
            required: false,
            identifying: false,
            role: None,
            retired: true,
            answer: text("An answer kept from before."),
            form_box: None,
        },
    );
    r.response_id = "3f2a9c1e-5b7d-4e21-9a6c-0d8e7f1b2c3d".parse().unwrap();
    r.started_at = "2016-01-04T09:30:00+00:00".into();
    r.completed_at = "2016-01-10T16:45:12+00:00".into();
    r.generator = Generator {
        name: "ndti-respond".into(),
        version: "0.1.0".into(),
    };
    r
}

/// A valid response with only the required answers.
fn minimal_response() -> Response {
    let q = Questionnaire::embedded();
    let mut d = Draft::new(&q);
    let rt = question(&q, "respondent_type");
    d.set_answer(
        &q,
        rt,
        Some(AnswerValue::Selection(rt.selection(&[1], None).unwrap())),
    );
    d.set_answer(&q, question(&q, "name"), text("Sam"));
    d.set_answer(
        &q,
        question(&q, "future_contact"),
        Some(AnswerValue::YesNo(false)),
    );
    d.set_answer(
        &q,
        question(&q, "activity_type"),
        text("A peer support group."),
    );
    d.to_response(&q)
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn response(&self, name: &str, r: &Response) -> PathBuf {
        self.write(name, r.to_json())
    }
}

fn ndti() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ndti-respond"));
    c.env_remove("NDTI_RESPOND_DATA_DIR").env("NO_COLOR", "1");
    c
}

fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    ndti().args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Exit code, with stderr free of panics.
fn code(o: &Output) -> i32 {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "panic: {err}");
    o.status.code().expect("exited normally")
}

fn print(file: &Path, extra: &[&str]) -> String {
    let mut args: Vec<std::ffi::OsString> = vec!["print".into(), file.into()];
    args.extend(extra.iter().map(Into::into));
    let o = run(args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains('\x1b'), "terminal codes in the output");
    out
}

// ---------------------------------------------------------------------------------------------
// print

#[test]
fn print_text_snapshot() {
    let env = Env::new();
    let file = env.response("response.json", &rich_response());
    let out = print(&file, &["--width", "60"]);
    for line in out.lines() {
        assert!(line.width() <= 60, "line wider than 60: {line:?}");
    }
    insta::assert_snapshot!("print_text_width_60", out);
}

#[test]
fn print_text_fits_a_narrow_width() {
    let env = Env::new();
    let file = env.response("response.json", &rich_response());
    for width in [20, 40, 57, 120, 200] {
        let out = print(&file, &["--width", &width.to_string()]);
        for line in out.lines() {
            assert!(line.width() <= width, "line wider than {width}: {line:?}");
        }
    }
    let out = print(&file, &["--width", "20"]);
    assert!(out.contains("Email Address:"));
    assert!(out.contains("with further"));
    // Not a terminal: 80 columns.
    let out = print(&file, &[]);
    assert!(out.lines().all(|l| l.width() <= 80));
    assert!(out.lines().any(|l| l.width() > 60));
}

#[test]
fn print_markdown_snapshot() {
    let env = Env::new();
    let file = env.response("response.json", &rich_response());
    let out = print(&file, &["--format", "markdown"]);
    for line in out.lines() {
        for injected in [
            "# Not",
            "- not a list",
            "1. not",
            "[a link]",
            "<script>",
            "    not code",
        ] {
            assert!(
                !line.starts_with(injected),
                "user text became Markdown: {line:?}"
            );
        }
    }
    assert!(out.contains("\\<script\\>"));
    insta::assert_snapshot!("print_markdown", out);
}

#[test]
fn print_html_snapshot() {
    let env = Env::new();
    let file = env.response("response.json", &rich_response());
    let out = print(&file, &["--format", "html"]);
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert!(out.contains("<meta charset=\"utf-8\">"));
    assert!(out.contains("@page { size: A4;"));
    assert!(!out.contains("<script>"), "a script tag came through");
    assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt; &gt;"));
    assert!(!out.contains("<b>bold</b>"));
    insta::assert_snapshot!("print_html", out);
}

#[test]
fn print_json_and_output_file() {
    let env = Env::new();
    let r = rich_response();
    let file = env.response("response.json", &r);
    let out = print(&file, &["--format", "json"]);
    assert_eq!(Response::from_json(out.as_bytes()).unwrap(), r);
    assert_eq!(out, r.to_json(), "our own files come out as they are");

    let html = env.path("out.html");
    let o = run([
        "print".as_ref(),
        file.as_os_str(),
        "-f".as_ref(),
        "html".as_ref(),
        "-o".as_ref(),
        html.as_os_str(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&html).unwrap();
    assert!(written.starts_with("<!DOCTYPE html>"));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&html).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // Printing over the response itself is refused.
    let o = run([
        "print".as_ref(),
        file.as_os_str(),
        "-o".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        Response::from_json(&std::fs::read(&file).unwrap()).unwrap(),
        r
    );
}

#[test]
#[ignore = "needs chromium and pdfinfo (Debian packages chromium, poppler-utils)"]
fn html_prints_to_pdf_pages_with_chromium() {
    crate::common::require("chromium", "chromium");
    crate::common::require("pdfinfo", "poppler-utils");
    let env = Env::new();
    let file = env.response("response.json", &rich_response());
    let html = env.path("response.html");
    std::fs::write(&html, print(&file, &["--format", "html"])).unwrap();
    let sections = std::fs::read_to_string(&html)
        .unwrap()
        .matches("<section class=\"section\">")
        .count();
    let pdf = env.path("response.pdf");
    let profile = env.path("chromium-profile");
    let o = crate::common::chromium(&profile)
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        pdf.is_file(),
        "chromium made no PDF: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .expect("pdfinfo gives the page count");
    // The contact page, then every section starting on a page of its own.
    assert!(pages >= 2, "only {pages} page(s)");
    assert!(
        pages > sections,
        "{pages} pages for {sections} sections: sections do not start on new pages"
    );
}

// ---------------------------------------------------------------------------------------------
// email

fn parse_eml(bytes: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(bytes)
        .expect("a MIME message")
}

#[test]
fn email_message_parses_back_with_the_response_attached() {
    use mail_parser::MimeHeaders;
    let env = Env::new();
    let file = env.response("response.json", &rich_response());
    let o = run(["email".as_ref(), file.as_os_str()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("response.eml"), "{err}");
    let link = err
        .lines()
        .find(|l| l.starts_with("mailto:"))
        .expect("a mailto link");
    assert!(link.starts_with(
        "mailto:Louise.apps@ndti.org.uk?subject=Co-production%20in%20mental%20health"
    ));
    assert!(!link.contains(' '));

    let eml = std::fs::read(env.path("response.eml")).unwrap();
    let m = parse_eml(&eml);
    let to = m
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap();
    assert_eq!(to, "Louise.apps@ndti.org.uk");
    let from = m.from().and_then(|a| a.first()).unwrap();
    assert_eq!(from.address(), Some("zoe@example.org"));
    assert_eq!(from.name(), Some("Zoë Ångström-O'Neil"));
    assert_eq!(
        m.subject(),
        Some("Co-production in mental health: practice example (Mind & Body <Co-op> 東京支部)")
    );
    assert_eq!(m.header_raw("X-Unsent").map(str::trim), Some("1"));
    let body = m.body_text(0).unwrap();
    assert!(body.contains("Type or nature of activity"));
    assert!(body.contains("東京の地域精神保健チームと一緒に作りました。"));
    for line in body.lines() {
        assert!(line.width() <= 72, "body wider than 72: {line:?}");
    }
    let attachments: Vec<_> = m.attachments().collect();
    assert_eq!(attachments.len(), 1);
    let a = attachments[0];
    assert_eq!(a.attachment_name(), Some("response.json"));
    let ct = a.content_type().unwrap();
    assert_eq!((ct.ctype(), ct.subtype()), ("application", Some("json")));
    assert_eq!(a.contents(), std::fs::read(&file).unwrap().as_slice());

    // Never replaced unless asked.
    let o = run(["email".as_ref(), file.as_os_str()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read(env.path("response.eml")).unwrap(), eml);
    let o = run(["email".as_ref(), file.as_os_str(), "--force".as_ref()]);
    assert_eq!(code(&o), 0);
    let custom = env.path("to-ndti.eml");
    let o = run([
        "email".as_ref(),
        file.as_os_str(),
        "-o".as_ref(),
        custom.as_os_str(),
    ]);
    assert_eq!(code(&o), 0);
    assert!(custom.is_file());
}

#[test]
fn email_without_respondent_address_uses_a_placeholder_from() {
    let env = Env::new();
    let file = env.response("sam.json", &minimal_response());
    let o = run(["email".as_ref(), file.as_os_str()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let eml = std::fs::read(env.path("sam.eml")).unwrap();
    let m = parse_eml(&eml);
    let from = m.from().and_then(|a| a.first()).unwrap();
    assert_eq!(from.address(), Some(ndti_respond::email::PLACEHOLDER_FROM));
    assert_eq!(
        m.subject(),
        Some("Co-production in mental health: practice example (Sam)")
    );
}

#[test]
fn write_email_for_never_overwrites() {
    let env = Env::new();
    let r = rich_response();
    let file = env.response("mine.json", &r);
    let first = ndti_respond::email::write_email_for(&file, &r).unwrap();
    let second = ndti_respond::email::write_email_for(&file, &r).unwrap();
    assert_eq!(first, env.path("mine.eml"));
    assert_eq!(second, env.path("mine-2.eml"));
}

#[test]
fn email_attaches_the_encrypted_copy_and_keeps_answers_out_of_the_body() {
    use mail_parser::MimeHeaders;
    let env = Env::new();
    let r = rich_response();
    let file = env.response("response.json", &r);
    let secret = age_key();
    let sealed = ndti_respond::encryption::encrypt(&secret.1, r.to_json().as_bytes()).unwrap();
    let age_file = env.write("response.json.age", &sealed);

    for given in [&file, &age_file] {
        let _ = std::fs::remove_file(env.path("response.eml"));
        let o = run(["email".as_ref(), given.as_os_str()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let eml = std::fs::read(env.path("response.eml")).unwrap();
        let m = parse_eml(&eml);
        let body = m.body_text(0).unwrap();
        assert!(body.contains("encrypted"), "{body}");
        assert!(
            !body.contains("co-production café"),
            "answers leaked into the body"
        );
        let a = m.attachments().next().unwrap();
        assert_eq!(a.attachment_name(), Some("response.json.age"));
        let ct = a.content_type().unwrap();
        assert_eq!(
            (ct.ctype(), ct.subtype()),
            ("application", Some("octet-stream"))
        );
        assert_eq!(a.contents(), sealed.as_slice());
        assert!(m.subject().unwrap().contains("Mind & Body"));
    }

    // Only the encrypted file, no key: the return address comes from the questionnaire.
    std::fs::remove_file(&file).unwrap();
    std::fs::remove_file(env.path("response.eml")).unwrap();
    let o = run(["email".as_ref(), age_file.as_os_str()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let eml = std::fs::read(env.path("response.eml")).unwrap();
    let m = parse_eml(&eml);
    assert_eq!(
        m.to().and_then(|a| a.first()).and_then(|a| a.address()),
        Some("Louise.apps@ndti.org.uk")
    );
    assert!(m.body_text(0).unwrap().contains("attached encrypted"));
    assert_eq!(
        m.attachments().next().unwrap().contents(),
        sealed.as_slice()
    );
}

// ---------------------------------------------------------------------------------------------
// age

/// A key file written as age-keygen writes it, made without the CLI: (key file text, public key).
fn age_key() -> (String, String) {
    use age::secrecy::ExposeSecret;
    let id = age::x25519::Identity::generate();
    let public = id.to_public().to_string();
    let text = format!(
        "# created: 2016-01-10T16:45:12Z\n# public key: {public}\n{}\n",
        id.to_string().expose_secret()
    );
    (text, public)
}

fn keygen(env: &Env, name: &str) -> (PathBuf, String) {
    let key = env.path(name);
    let o = std::process::Command::new("age-keygen")
        .arg("-o")
        .arg(&key)
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = std::fs::read_to_string(&key).unwrap();
    let public = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string();
    (key, public)
}

#[test]
#[ignore = "needs age and age-keygen (Debian package age)"]
fn our_encryption_opens_with_the_age_cli_and_theirs_with_ours() {
    crate::common::require("age", "age");
    crate::common::require("age-keygen", "age");
    let env = Env::new();
    let (key, public) = keygen(&env, "key.txt");
    let r = rich_response();
    let json = r.to_json();

    // Ours, opened by age.
    let sealed = ndti_respond::encryption::encrypt(&public, json.as_bytes()).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
    let ours = env.write("ours.json.age", &sealed);
    let o = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg(&ours)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.stdout, json.as_bytes());

    // age's, binary and armoured, opened by ours (named without .age: the header decides).
    let plain = env.write("plain.json", &json);
    for (name, armor) in [("theirs.bin", false), ("theirs.txt", true)] {
        let out = env.path(name);
        let mut cmd = std::process::Command::new("age");
        cmd.arg("-r").arg(&public).arg("-o").arg(&out);
        if armor {
            cmd.arg("-a");
        }
        assert!(cmd.arg(&plain).status().unwrap().success());
        let (back, bytes) =
            ndti_respond::response_file::read_response_file(&out, Some(&key)).unwrap();
        assert_eq!(back, r);
        assert_eq!(bytes, json.as_bytes());
        let printed = print(
            &out,
            &["--format", "json", "--identity", key.to_str().unwrap()],
        );
        assert_eq!(printed, json);
    }
    let o = run([
        "validate".as_ref(),
        ours.as_os_str(),
        "--identity".as_ref(),
        key.as_os_str(),
    ]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn encrypted_files_explain_what_key_they_need() {
    let env = Env::new();
    let (key_text, public) = age_key();
    let key = env.write("key.txt", key_text);
    let (other_text, _) = age_key();
    let other = env.write("other-key.txt", other_text);
    let sealed =
        ndti_respond::encryption::encrypt(&public, rich_response().to_json().as_bytes()).unwrap();
    let file = env.write("r.json.age", &sealed);

    let o = run(["print".as_ref(), file.as_os_str()]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("r.json.age"), "{err}");
    assert!(
        err.contains("this response is encrypted; give the key with --identity FILE"),
        "{err}"
    );

    let o = run([
        "print".as_ref(),
        file.as_os_str(),
        "--identity".as_ref(),
        other.as_os_str(),
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("the key in"), "{}", stderr(&o));
    assert!(stderr(&o).contains("other-key.txt does not open this response"));

    let missing = env.path("no-such-key.txt");
    let o = run([
        "print".as_ref(),
        file.as_os_str(),
        "--identity".as_ref(),
        missing.as_os_str(),
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no-such-key.txt"), "{}", stderr(&o));

    let not_key = env.write("not-a-key.txt", "hello\n");
    let o = run([
        "print".as_ref(),
        file.as_os_str(),
        "--identity".as_ref(),
        not_key.as_os_str(),
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not an age key file"), "{}", stderr(&o));

    let cut = env.write("cut.json.age", &sealed[..sealed.len() - 40]);
    let o = run([
        "print".as_ref(),
        cut.as_os_str(),
        "--identity".as_ref(),
        key.as_os_str(),
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("cut.json.age"), "{}", stderr(&o));
    assert!(stderr(&o).contains("damaged"), "{}", stderr(&o));

    let text = print(
        &file,
        &["--identity", key.to_str().unwrap(), "--width", "60"],
    );
    assert!(text.contains("Zoë Ångström-O'Neil"));
}

// ---------------------------------------------------------------------------------------------
// validate

#[test]
fn validate_reports_each_file() {
    let env = Env::new();
    let good = env.response("good.json", &rich_response());
    let minimal = env.response("minimal.json", &minimal_response());

    let mut incomplete = minimal_response();
    incomplete.answers.get_mut("activity_type").unwrap().answer = None;
    incomplete.answers.get_mut("future_contact").unwrap().answer = None;
    let incomplete = env.response("incomplete.json", &incomplete);

    let not_json = env.write("not-json.json", "Dear NDTi, here is my answer.\n");
    let json = rich_response().to_json();
    let truncated = env.write("truncated.json", &json[..json.len() / 2]);
    let future = env.write(
        "future.json",
        json.replacen("\"format_version\": 1", "\"format_version\": 7", 1),
    );
    let mut bad_email = rich_response();
    bad_email.answers.get_mut("email").unwrap().answer = text("zoe at example dot org");
    let bad_email = env.response("bad-email.json", &bad_email);
    let mut bad_time = minimal_response();
    bad_time.completed_at = "yesterday".into();
    let bad_time = env.response("bad-time.json", &bad_time);

    let o = run(["validate".as_ref(), good.as_os_str(), minimal.as_os_str()]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert_eq!(
        stdout(&o),
        format!("OK  {}\nOK  {}\n", good.display(), minimal.display())
    );

    let files = [
        &good,
        &incomplete,
        &not_json,
        &truncated,
        &future,
        &bad_email,
        &bad_time,
    ];
    let o = ndti().arg("validate").args(files).output().unwrap();
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), files.len(), "{out}");
    assert_eq!(lines[0], format!("OK  {}", good.display()));
    let expect = |line: &str, file: &Path, words: &[&str]| {
        let prefix = format!("INVALID  {}: ", file.display());
        assert!(line.starts_with(&prefix), "{line}");
        for w in words {
            assert!(line.contains(w), "{line:?} should say {w:?}");
        }
    };
    expect(
        lines[1],
        &incomplete,
        &[
            "required answer missing: `activity_type`",
            "; consent missing: `future_contact`",
        ],
    );
    expect(lines[2], &not_json, &["not valid JSON"]);
    expect(lines[3], &truncated, &["not valid JSON", "EOF"]);
    expect(lines[4], &future, &["written by a newer version"]);
    expect(
        lines[5],
        &bad_email,
        &["zoe at example dot org", "not well-formed"],
    );
    expect(lines[6], &bad_time, &["completed_at `yesterday`"]);

    let o = ndti()
        .args(["validate", "--json"])
        .args(files)
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    let reports: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), files.len());
    assert_eq!(reports[0]["valid"], true);
    assert_eq!(reports[0]["problems"], serde_json::json!([]));
    assert_eq!(reports[0]["file"], good.display().to_string());
    assert_eq!(reports[1]["valid"], false);
    assert_eq!(reports[1]["problems"].as_array().unwrap().len(), 2);
}

#[test]
fn validate_names_unreadable_files() {
    let env = Env::new();
    let missing = env.path("missing.json");
    let dir = env.path("folder");
    std::fs::create_dir(&dir).unwrap();
    let draft = env.write(
        "draft.json",
        Draft::new(&Questionnaire::embedded()).to_json(),
    );
    let (_, public) = age_key();
    let sealed = ndti_respond::encryption::encrypt(&public, b"{}").unwrap();
    let sealed = env.write("sealed.json.age", sealed);
    let o = ndti()
        .arg("validate")
        .args([&missing, &dir, &draft, &sealed])
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "INVALID  {}: cannot read it: there is no such file",
            missing.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("INVALID  {}: it is a folder", dir.display())),
        "{out}"
    );
    assert!(
        out.contains("it is a `ndti-respond/draft` file, not a response"),
        "{out}"
    );
    assert!(out.contains("give the key with --identity FILE"), "{out}");

    // A key file that cannot be read is a usage error: nothing is checked.
    let o = run([
        "validate".as_ref(),
        sealed.as_os_str(),
        "--identity".as_ref(),
        env.path("nokey").as_os_str(),
    ]);
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("nokey"));

    // No files at all is a usage error too.
    let o = run(["validate"]);
    assert_eq!(code(&o), 2);
}

// ---------------------------------------------------------------------------------------------
// bad input everywhere

#[test]
fn bad_input_is_named_and_never_panics() {
    let env = Env::new();
    let missing = env.path("missing.json");
    let dir = env.path("folder");
    std::fs::create_dir(&dir).unwrap();
    let other = env.write("other.json", "{\"format\": \"something-else\", \"x\": 1}");
    let garbage = env.write("garbage.json", [0u8, 159, 146, 150, 255]);
    let empty = env.write("empty.json", "");
    for cmd in ["print", "email"] {
        for (file, says) in [
            (&missing, "there is no such file"),
            (&dir, "it is a folder"),
            (&other, "it is a `something-else` file, not a response"),
            (&garbage, "not valid JSON"),
            (&empty, "not valid JSON"),
        ] {
            let o = run([cmd.as_ref(), file.as_os_str()]);
            assert_eq!(code(&o), 2, "{cmd} {}", file.display());
            let err = stderr(&o);
            assert!(err.contains(&file.display().to_string()), "{cmd}: {err}");
            assert!(err.contains(says), "{cmd}: {err}");
            assert!(o.stdout.is_empty());
        }
    }
}
