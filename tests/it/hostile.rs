//! Every file the receiving side reads came from a stranger (issue 13). The corpus in
//! `tests/hostile/` (made by its `generate.py`, outcomes in its `expected.tsv`) goes through
//! every command; what cannot live in git (a FIFO, a link loop, a folder named like a response,
//! /dev/zero, a 20,000-column response) is made here.

use std::collections::HashSet;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::read_csv;
use assert_cmd::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn ndti() -> Command {
    let mut cmd = Command::cargo_bin("ndti-respond").unwrap();
    // A command that hangs fails the test rather than the whole run.
    cmd.timeout(Duration::from_secs(120));
    cmd
}

struct Out {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(cmd: &mut Command) -> Out {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr,
    }
}

/// Characters a terminal, document or spreadsheet would act on rather than show: C0 other than
/// line feed and tab (and CR where `crlf`, for CSV rows), DEL, C1, bidi overrides and isolates.
fn acting(text: &str, crlf: bool) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t' && !(crlf && c == '\r'))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

fn assert_harmless(what: &str, bytes: &[u8], crlf: bool) {
    let text = String::from_utf8_lossy(bytes);
    let found = acting(&text, crlf);
    assert!(found.is_empty(), "{what} lets through {found:?}");
}

struct Expected {
    file: String,
    outcome: String,
    says: String,
}

fn expected() -> Vec<Expected> {
    std::fs::read_to_string(corpus().join("expected.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split('\t');
            Expected {
                file: parts.next().unwrap().to_string(),
                outcome: parts.next().unwrap().to_string(),
                says: parts.next().unwrap_or("").to_string(),
            }
        })
        .collect()
}

/// A copy of the corpus's response files in a fresh folder.
fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in expected() {
        std::fs::copy(corpus().join(&e.file), dir.path().join(&e.file)).unwrap();
    }
    dir
}

#[test]
fn the_corpus_lists_every_file_in_it() {
    let listed: HashSet<String> = expected().into_iter().map(|e| e.file).collect();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") || name.ends_with(".age") {
            assert!(listed.contains(&name), "{name} has no expected outcome");
        }
    }
}

#[test]
fn validate_and_print_make_the_expected_outcome_of_every_file() {
    for e in expected() {
        let path = corpus().join(&e.file);
        let out = run(ndti().args(["validate", "--json"]).arg(&path));
        assert_harmless(&format!("validate {}", e.file), &out.stdout, false);
        assert_harmless(
            &format!("validate {}", e.file),
            out.stderr.as_bytes(),
            false,
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|err| panic!("{}: {err}: {:?}", e.file, out.stdout));
        let valid = e.outcome == "valid";
        assert_eq!(report["valid"], valid, "{}: {report}", e.file);
        assert_eq!(out.code, if valid { 0 } else { 1 }, "{}", e.file);
        let problems = report["problems"].to_string();
        assert!(problems.contains(&e.says), "{}: {problems}", e.file);

        for format in ["text", "markdown", "html", "json"] {
            let out = run(ndti().args(["print", "--format", format]).arg(&path));
            let want = if e.outcome == "unreadable" { 2 } else { 0 };
            assert_eq!(out.code, want, "print {format} {}: {}", e.file, out.stderr);
            assert_harmless(&format!("print {format} {}", e.file), &out.stdout, false);
            assert_harmless(&format!("print {}", e.file), out.stderr.as_bytes(), false);
            if want == 2 {
                assert!(out.stderr.contains(&e.says), "{}: {}", e.file, out.stderr);
            }
        }
    }
}

#[test]
fn print_json_keeps_every_value_while_escaping_what_a_terminal_acts_on() {
    let path = corpus().join("controls-in-every-field.json");
    let out = run(ndti().args(["print", "--format", "json"]).arg(&path));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let original: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(printed, original);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\\u202e") && text.contains("\\u009b") && text.contains("\\u007f"));
}

/// A folder of the corpus with what git cannot hold: a FIFO, a link loop, a link to nothing, a
/// folder named like a response, and a linked sub-folder with one more response.
fn inbox() -> tempfile::TempDir {
    let dir = corpus_copy();
    let d = dir.path();
    nix::unistd::mkfifo(&d.join("a-fifo.json"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    std::fs::create_dir(d.join("folder.json")).unwrap();
    std::os::unix::fs::symlink(d.join("nothing-here.json"), d.join("dangling.json")).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap().keep();
    let mut extra: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus().join("base.json")).unwrap()).unwrap();
    extra["response_id"] = "00000000-0000-4000-8000-0000000000ee".into();
    std::fs::write(
        elsewhere.join("linked.json"),
        serde_json::to_vec(&extra).unwrap(),
    )
    .unwrap();
    std::os::unix::fs::symlink(&elsewhere, d.join("linked-folder")).unwrap();
    dir
}

/// `collated K responses from N files; C copies kept once; S files skipped` → (K, N, C, S).
fn counts(stderr: &str) -> (usize, usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.contains("collated "))
        .unwrap_or_else(|| panic!("no summary in {stderr}"));
    let number = |after: &str| -> usize {
        line.split(after)
            .next()
            .and_then(|s| s.split_whitespace().last())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (
        number(" response"),
        number(" file"),
        number(" cop"),
        number(" files skipped").max(number(" file skipped")),
    )
}

#[test]
fn collate_counts_every_file_and_names_every_entry_it_skips() {
    let dir = inbox();
    let expected = expected();
    let unreadable = expected
        .iter()
        .filter(|e| e.outcome == "unreadable")
        .count();
    for format in ["csv", "xlsx", "markdown", "jsonl", "html"] {
        let out = run(ndti()
            .arg("collate")
            .arg(dir.path())
            .args(["--format", format]));
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert_harmless(
            &format!("collate {format} stderr"),
            out.stderr.as_bytes(),
            false,
        );
        if format != "xlsx" {
            assert_harmless(&format!("collate {format}"), &out.stdout, format == "csv");
        }
        if format == "html" {
            // The corpus's markup (`<script>`, `<img onerror>` in ids, answers and names) is
            // text: the page, as a browser parses it, has no element but its own.
            let page = scraper::Html::parse_document(&String::from_utf8_lossy(&out.stdout));
            let any =
                scraper::Selector::parse("script, img, iframe, object, embed, [onerror], [onload]")
                    .unwrap();
            assert_eq!(
                page.select(&any).count(),
                0,
                "markup from a file became live"
            );
        }
        let (kept, files, copies, skipped) = counts(&out.stderr);
        // The corpus, and the linked response; the FIFO, the folder and the links are entries.
        assert_eq!(files, expected.len() + 1, "{}", out.stderr);
        assert_eq!(kept + copies + skipped, files, "{}", out.stderr);
        assert_eq!(
            copies, 1,
            "bom.json and bom-copy-crlf.json are one response: {}",
            out.stderr
        );
        assert_eq!(skipped, unreadable, "{}", out.stderr);
        for named in [
            "a-fifo.json: it is not a regular file",
            "dangling.json: a link to nothing",
            "loop: a link back to",
            "bom.json: a copy of",
        ] {
            assert!(
                out.stderr.contains(named),
                "{format}: {named} in {}",
                out.stderr
            );
        }
        assert!(out.stderr.contains("other entries in the folders not read"));
        for e in expected.iter().filter(|e| e.outcome == "problems") {
            assert!(
                out.stderr
                    .contains(&format!("{}: collated, and marked", e.file)),
                "{}: {}",
                e.file,
                out.stderr
            );
        }
    }
}

#[test]
fn the_csv_is_safe_to_double_click_and_read_by_column_name() {
    let dir = inbox();
    let out = run(ndti().arg("collate").arg(dir.path()));
    let (headers, rows) = read_csv(&out.stdout);
    // Every column name once, and only question ids: nothing forged, nothing to run.
    let unique: HashSet<&String> = headers.iter().collect();
    assert_eq!(unique.len(), headers.len(), "{headers:?}");
    for h in &headers {
        assert!(
            h.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'),
            "{h:?}"
        );
    }
    // Read by column name, as csv.DictReader does, every row keeps its own id and consent.
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let by_id = |id: &str| {
        rows.iter()
            .find(|r| r[col("response_id")] == id)
            .unwrap_or_else(|| panic!("{id} not collated"))
    };
    let forged = by_id("00000000-0000-4000-8000-000000000004");
    assert_eq!(forged[col("consent_to_future_contact")], "no");
    assert!(forged[col("problems")].contains("collate's own columns"));
    let honest = by_id("00000000-0000-4000-8000-000000000014");
    assert_eq!(honest[col("consent_to_future_contact")], "no");
    assert_eq!(honest[col("problems")], "");
    // No cell starts a formula.
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    let formulas = by_id("00000000-0000-4000-8000-000000000003");
    assert!(formulas[col("activity_type")].starts_with("'=HYPERLINK("));
    assert!(formulas[col("initiated_by")].starts_with("'+cmd|"));
    assert!(formulas[col("shared_understanding")].starts_with("'\t=1+1"));
    // --raw keeps the bytes, for programs.
    let raw = run(ndti().arg("collate").arg(dir.path()).arg("--raw"));
    let (headers, rows) = read_csv(&raw.stdout);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let formulas = rows
        .iter()
        .find(|r| r[col("response_id")] == "00000000-0000-4000-8000-000000000003")
        .unwrap();
    assert!(formulas[col("activity_type")].starts_with("=HYPERLINK("));
}

#[test]
fn the_digest_keeps_markup_and_escape_codes_from_ids_and_answers_inert() {
    let dir = inbox();
    let out = run(ndti()
        .arg("collate")
        .arg(dir.path())
        .args(["--format", "markdown"]));
    let md = String::from_utf8(out.stdout).unwrap();
    assert_harmless("digest", md.as_bytes(), false);
    // Every `<` is escaped, so no HTML comes out of it.
    for (i, _) in md.match_indices('<') {
        assert!(
            md[..i].ends_with('\\'),
            "raw < at {i}: {}",
            &md[i.saturating_sub(40)..i + 20]
        );
    }
    for line in md.lines() {
        if line.starts_with('#') {
            assert!(
                line.starts_with("# ") || line.starts_with("## ") || line.starts_with("### "),
                "{line}"
            );
            assert!(!line.contains("# Heading"), "an id made a heading: {line}");
        }
        // Inside an answer, every line stays in its block quote.
        assert!(!line.starts_with("- out of the quote"), "{line}");
    }
    assert!(md.contains("## Responses with problems"), "{md}");
}

/// A response with `n` made-up answer ids.
fn with_made_up_ids(n: usize, id: &str) -> Vec<u8> {
    let mut r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus().join("base.json")).unwrap()).unwrap();
    r["response_id"] = id.into();
    let template = r["answers"]["further_comments"].clone();
    let answers = r["answers"].as_object_mut().unwrap();
    for i in 0..n {
        let mut e = template.clone();
        e["answer"] = format!("made up {i}").into();
        answers.insert(format!("made-up-{i}"), e);
    }
    serde_json::to_vec(&r).unwrap()
}

#[test]
fn made_up_ids_cannot_push_the_real_columns_off_the_sheet_or_stop_the_digest() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(corpus().join("ordinary.json"), d.join("a.json")).unwrap();
    std::fs::write(
        d.join("b-huge.json"),
        with_made_up_ids(20_000, "00000000-0000-4000-8000-0000000000f1"),
    )
    .unwrap();
    let out = run(ndti().arg("collate").arg(d));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("b-huge.json: its answers would take the table past the 16378"),
        "{}",
        out.stderr
    );
    let (headers, rows) = read_csv(&out.stdout);
    assert_eq!(rows.len(), 1);
    assert!(headers.len() < 40, "{}", headers.len());

    // 1,100 questions are more than the open files a process may have: the digest holds them.
    std::fs::remove_file(d.join("b-huge.json")).unwrap();
    std::fs::write(
        d.join("c-many.json"),
        with_made_up_ids(1_100, "00000000-0000-4000-8000-0000000000f2"),
    )
    .unwrap();
    let out = run(ndti().arg("collate").arg(d).args(["--format", "markdown"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("made up 1099"));
}

#[test]
fn a_reformatted_copy_is_a_copy_and_a_valid_response_is_never_displaced() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(corpus().join("bom.json"), d.join("a.json")).unwrap();
    std::fs::copy(corpus().join("bom-copy-crlf.json"), d.join("b.json")).unwrap();
    let out = run(ndti().arg("collate").arg(d));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("b.json: a copy of")
            && out.stderr.contains("kept")
            && out.stderr.contains("a.json, the first in path order"),
        "{}",
        out.stderr
    );
    // An invalid file first in path order with the id of a valid one: both are kept and marked.
    let mut bad: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus().join("invalid-but-readable.json")).unwrap())
            .unwrap();
    let good: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus().join("ordinary.json")).unwrap()).unwrap();
    bad["response_id"] = good["response_id"].clone();
    std::fs::write(d.join("0-bad.json"), serde_json::to_vec(&bad).unwrap()).unwrap();
    std::fs::write(d.join("1-good.json"), serde_json::to_vec(&good).unwrap()).unwrap();
    let out = run(ndti().arg("collate").arg(d));
    assert_eq!(out.code, 1);
    let (headers, rows) = read_csv(&out.stdout);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let same: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[col("response_id")] == good["response_id"].as_str().unwrap())
        .collect();
    assert_eq!(same.len(), 2, "the valid one is kept too");
    assert!(
        same.iter()
            .all(|r| r[col("problems")].contains("same response id"))
    );
    assert!(same[0][col("problems")].contains("required answer missing"));
}

#[test]
fn commands_agree_about_the_same_file() {
    for (file, readable) in [
        ("duplicate-keys.json", false),
        ("deeply-nested-unknown-field.json", false),
        ("bom.json", true),
        ("shallow-unknown-field.json", true),
    ] {
        let path = corpus().join(file);
        let print = run(ndti().arg("print").arg(&path));
        let validate = run(ndti().arg("validate").arg(&path));
        let email_dir = tempfile::tempdir().unwrap();
        let email = run(ndti()
            .arg("email")
            .arg(&path)
            .arg("-o")
            .arg(email_dir.path().join("m.eml")));
        let collate = run(ndti().arg("collate").arg(&path));
        assert_eq!(print.code == 0, readable, "print {file}: {}", print.stderr);
        assert_eq!(validate.code == 0, readable, "validate {file}");
        assert_eq!(email.code == 0, readable, "email {file}: {}", email.stderr);
        assert_eq!(
            collate.code == 0,
            readable,
            "collate {file}: {}",
            collate.stderr
        );
    }
}

/// A character device of our own, like /dev/null (1, 3), so that a program that replaces device
/// nodes replaces this one and not the machine's. Without the right to make one (not root), the
/// program has no right to replace /dev/null either, and that is used.
fn private_null(dir: &Path) -> PathBuf {
    let node = dir.join("null");
    let made = nix::sys::stat::mknod(
        &node,
        nix::sys::stat::SFlag::S_IFCHR,
        nix::sys::stat::Mode::from_bits_truncate(0o666),
        nix::sys::stat::makedev(1, 3),
    );
    match made {
        Ok(()) => node,
        Err(_) => PathBuf::from("/dev/null"),
    }
}

fn is_device(path: &Path) -> bool {
    std::fs::metadata(path)
        .unwrap()
        .file_type()
        .is_char_device()
}

#[test]
fn a_device_given_as_output_is_written_to_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let null = private_null(dir.path());
    let path = corpus().join("ordinary.json");
    let out = run(ndti().arg("print").arg(&path).arg("-o").arg(&null));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(is_device(&null), "print -o replaced the device");
    let out = run(ndti()
        .arg("email")
        .arg(&path)
        .arg("--force")
        .arg("-o")
        .arg(&null));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(is_device(&null), "email -o replaced the device");
    let out = run(ndti().arg("collate").arg(&path).arg("-o").arg(&null));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(is_device(&null), "collate -o replaced the device");
    // /dev/stdout: the output arrives on standard output.
    let out = run(ndti().arg("print").arg(&path).args(["-o", "/dev/stdout"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Co-production"));
}

#[test]
fn sizes_past_the_limits_are_refused_before_work_starts() {
    // A device that never ends.
    let out = run(ndti().args(["print", "/dev/zero"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("larger than 16 MB"), "{}", out.stderr);
    let out = run(ndti().args(["collate", "/dev/zero"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("/dev/zero: it is larger than 16 MB"),
        "{}",
        out.stderr
    );
    // A file past the limit, by its size.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(17 << 20).unwrap();
    let out = run(ndti().arg("validate").arg(&big));
    assert!(String::from_utf8_lossy(&out.stdout).contains("larger than 16 MB"));
    // One answer past the text limit.
    let mut r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus().join("base.json")).unwrap()).unwrap();
    r["answers"]["activity_type"]["answer"] = "x".repeat(9 << 20).into();
    std::fs::write(&big, serde_json::to_vec(&r).unwrap()).unwrap();
    let out = run(ndti().arg("print").arg(&big));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("larger than 8 MB"), "{}", out.stderr);
}

/// An age identity file and its public key, made with the age crate.
fn age_key(dir: &Path) -> (PathBuf, String) {
    use age::secrecy::ExposeSecret;
    let secret = age::x25519::Identity::generate();
    let path = dir.join("key.txt");
    std::fs::write(&path, format!("{}\n", secret.to_string().expose_secret())).unwrap();
    (path, secret.to_public().to_string())
}

#[test]
fn a_long_age_header_is_refused_before_the_age_crate_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = age_key(dir.path());
    let path = corpus().join("long-age-header.json.age");
    for args in [vec!["print"], vec!["validate"], vec!["collate"]] {
        let out = run(ndti().args(&args).arg(&path).arg("--identity").arg(&key));
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), out.stderr);
        assert!(
            all.contains("its header is longer than 16 KB"),
            "{args:?}: {all}"
        );
    }
}

#[test]
fn an_encrypted_response_still_reads_through_the_header_limit() {
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = age_key(dir.path());
    let json = std::fs::read(corpus().join("ordinary.json")).unwrap();
    let sealed = ndti_respond::encryption::encrypt(&public, &json).unwrap();
    let path = dir.path().join("r.json.age");
    std::fs::write(&path, sealed).unwrap();
    let out = run(ndti()
        .arg("validate")
        .arg(&path)
        .arg("--identity")
        .arg(&key));
    assert_eq!(out.code, 0, "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_fifo_named_like_a_draft_does_not_stop_the_drafts_command() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    nix::unistd::mkfifo(
        &drafts.join("00000000-0000-4000-8000-000000000000.json"),
        nix::sys::stat::Mode::S_IRWXU,
    )
    .unwrap();
    let out = run(ndti().arg("--data-dir").arg(&drafts).arg("drafts"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
}

#[test]
fn mail_headers_stay_within_the_line_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus().join("base.json")).unwrap()).unwrap();
    r["answers"]["organisation"]["answer"] = "Ünïcode Peer Network ".repeat(240).into();
    r["answers"]["name"]["answer"] = "Jo ".repeat(2000).into();
    r["return_to"]["phone_contact"] = "Lou ".repeat(2000).into();
    let path = dir.path().join("r.json");
    std::fs::write(&path, serde_json::to_vec(&r).unwrap()).unwrap();
    let out = run(ndti().arg("email").arg(&path));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let eml = std::fs::read(dir.path().join("r.eml")).unwrap();
    for line in eml.split(|&b| b == b'\n') {
        assert!(line.len() <= 998, "a line of {} bytes", line.len());
    }
    let message = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let subject = message.subject().unwrap();
    assert!(subject.ends_with("…)"), "{subject}");
    assert!(subject.contains("Ünïcode Peer Network"));
}

#[test]
fn a_long_answer_makes_a_well_formed_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus().join("base.json")).unwrap()).unwrap();
    let answer = "A line of the answer, café.\n".repeat(40_000);
    r["answers"]["activity_type"]["answer"] = answer.clone().into();
    let path = dir.path().join("r.json");
    std::fs::write(&path, serde_json::to_vec(&r).unwrap()).unwrap();
    let out = run(ndti().arg("email").arg(&path));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let eml = std::fs::read(dir.path().join("r.eml")).unwrap();
    // Every line ends CRLF: no bare line feed anywhere.
    assert!(!eml.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'));
    let message = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let body = message.body_text(0).unwrap();
    assert!(body.matches("A line of the answer, café.").count() == 40_000);
}
