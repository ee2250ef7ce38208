//! Bad documents and awkward command lines: each refused with a message naming the file and the
//! right exit code, nothing written, never a panic.

use std::fs;

use serde_json::Value;

use super::word_forms::*;
use super::*;
use crate::common::read_json;

fn docx_with_document(xml: &str) -> Vec<u8> {
    edit_part(&FilledForm::blank().docx(), "word/document.xml", |_| {
        xml.to_string()
    })
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// Imports `name` (holding `bytes`), which must be refused with exit code 2 and a message that
/// names it and says `why`.
fn refused(run: &Inbox, name: &str, bytes: &[u8], why: &str) {
    run.write(name, bytes);
    let out = run.import(&[name]);
    assert_eq!(out.code, 2, "{name}: {}", out.stderr);
    let expected = format!("ndti-respond: {name}: ");
    assert!(
        out.stderr.starts_with(&expected) && out.stderr.contains(why),
        "{name}: expected a message with {why:?}, got {}",
        out.stderr
    );
    assert!(
        !run.path(name).with_extension("json").exists(),
        "{name}: a response was written"
    );
}

#[test]
fn documents_that_are_not_forms_say_what_they_are() {
    let run = Inbox::new();
    let good = FilledForm::blank().docx();
    refused(
        &run,
        "protected.docx",
        &compound_file(&[
            ("/EncryptionInfo", b"\x04\x00\x04\x00"),
            ("/EncryptedPackage", b"xxxx"),
        ]),
        "it is protected with a password: ask the sender for a copy without one",
    );
    refused(
        &run,
        "old.doc",
        &compound_file(&[("/WordDocument", b"\xec\xa5"), ("/1Table", b"")]),
        "it is an old Word document (.doc): open it in Word or LibreOffice, save it as .docx",
    );
    refused(
        &run,
        "old-renamed.docx",
        &compound_file(&[("/WordDocument", b"\xec\xa5")]),
        "save it as .docx",
    );
    refused(
        &run,
        "cut-short.docx",
        &good[..good.len() / 2],
        "it is damaged and cannot be read (its zip archive cannot be read",
    );
    refused(
        &run,
        "scan.pdf",
        b"%PDF-1.7\n%\xe2\xe3\n1 0 obj",
        "it is a PDF",
    );
    refused(
        &run,
        "form.rtf",
        b"{\\rtf1\\ansi Name: Jo}",
        "it is an RTF document",
    );
    refused(
        &run,
        "photo.jpg",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",
        "it is not a Word (.docx), OpenDocument (.odt) or plain text file",
    );
    refused(
        &run,
        "sheet.xlsx",
        &zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
        ]),
        "it is a spreadsheet (Excel .xlsx)",
    );
    refused(
        &run,
        "sheet.ods",
        &zip_of(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )]),
        "it is a spreadsheet (OpenDocument .ods)",
    );
    refused(
        &run,
        "notes.zip",
        &zip_of(&[("notes.txt", b"hello")]),
        "it is a zip archive without a Word document in it",
    );
    let q = ndti_respond::questionnaire::Questionnaire::embedded();
    let response = ndti_respond::draft::Draft::new(&q)
        .to_response(&q)
        .to_json();
    refused(
        &run,
        "already.txt",
        response.as_bytes(),
        "it is already an ndti-respond response, which needs no import",
    );
    // A response printed as text (as `print` and the body of `email` give it) holds every
    // prompt of the form with the answers under them: imported, it would be the same response
    // a second time under another id.
    let mut d = ndti_respond::draft::Draft::new(&q);
    for (id, text) in [("name", "Jo Bloggs"), ("activity_type", "A walking group.")] {
        let value = ndti_respond::answer::AnswerValue::Text(text.into());
        d.set_answer(&q, q.question(id).unwrap(), Some(value));
    }
    let printed = d.to_response(&q);
    for (name, text) in [
        ("printed.txt", ndti_respond::render::text(&printed, 80)),
        ("narrow.txt", ndti_respond::render::text(&printed, 40)),
        ("printed.md", ndti_respond::render::markdown(&printed)),
    ] {
        refused(
            &run,
            name,
            text.as_bytes(),
            &format!(
                "it is a response printed by ndti-respond (response id {}), not a filled-in form",
                printed.response_id
            ),
        );
    }
    refused(
        &run,
        "sealed.json.age",
        b"age-encryption.org/v1\n-> X25519 abc\n",
        "it is an encrypted response (.age), which needs no import",
    );
    let html = format!(
        "<!DOCTYPE html><html><body><p>{}</p></body></html>",
        FilledForm::blank().txt().replace('\n', "</p><p>")
    );
    refused(
        &run,
        "form.html",
        html.as_bytes(),
        "it is an XML or HTML file",
    );
    refused(
        &run,
        "form.fodt",
        b"<?xml version=\"1.0\"?><office:document><text:p>Name:</text:p></office:document>",
        "it is an XML or HTML file",
    );
    let odt = FilledForm::blank().odt();
    let locked = edit_part(&odt, "META-INF/manifest.xml", |m| {
        m.replace(
            r#"manifest:media-type="text/xml"/>"#,
            r#"manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry>"#,
        )
    });
    refused(
        &run,
        "locked.odt",
        &locked,
        "it is protected with a password",
    );
}

#[test]
fn hostile_documents_are_refused_before_they_cost_anything() {
    let run = Inbox::new();
    // Larger than any form: refused by its size, before a byte is read.
    let huge = run.path("huge.docx");
    fs::File::create(&huge)
        .unwrap()
        .set_len(60_000_000)
        .unwrap();
    let out = run.import(&["huge.docx"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("huge.docx: it is 60.0 MB, larger than any filled-in form (50.0 MB at most)"),
        "{}",
        out.stderr
    );
    // A zip bomb: 40 MB of XML squeezed into a few kilobytes.
    let mut xml = format!("<w:document {W}><w:body><w:p><w:r><w:t>");
    xml.push_str(&" ".repeat(40 * 1024 * 1024));
    xml.push_str("</w:t></w:r></w:p></w:body></w:document>");
    let bomb = zip_of(&[("word/document.xml", xml.as_bytes())]);
    assert!(bomb.len() < 200_000, "the bomb is {} bytes", bomb.len());
    refused(
        &run,
        "bomb.docx",
        &bomb,
        "its `word/document.xml` would unpack to more than 32.0 MB, far more than any form holds",
    );
    // An external entity (XXE) pointing at a file: never read; the DOCTYPE is refused.
    let secret = run.write("secret.txt", "TOP SECRET");
    let xxe = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{}">]><w:document {W}><w:body><w:p><w:r><w:t>Name: &x;</w:t></w:r></w:p></w:body></w:document>"#,
        secret.display()
    );
    refused(
        &run,
        "xxe.docx",
        &docx_with_document(&xxe),
        "declares a DOCTYPE",
    );
    // Billion laughs needs entities too; an undeclared one is simply an error.
    let laughs = format!(
        "<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    );
    refused(
        &run,
        "laughs.docx",
        &docx_with_document(&laughs),
        "`&lol9;`",
    );
    // Nesting deeper than any word processor writes.
    let deep = format!(
        "<w:document {W}><w:body>{}{}</w:body></w:document>",
        "<w:customXml>".repeat(100_000),
        "</w:customXml>".repeat(100_000)
    );
    refused(
        &run,
        "deep.docx",
        &docx_with_document(&deep),
        "nests elements more than 256 deep",
    );
    // Millions of empty paragraphs, as text and as Word XML.
    refused(
        &run,
        "lines.txt",
        "\n".repeat(3_000_000).as_bytes(),
        "it holds 3000001 paragraphs, more than any filled-in form (100000 at most)",
    );
    let paragraphs = format!(
        "<w:document {W}><w:body>{}</w:body></w:document>",
        "<w:p/>".repeat(2_000_000)
    );
    refused(
        &run,
        "paragraphs.docx",
        &docx_with_document(&paragraphs),
        "it holds 2000000 paragraphs, more than any filled-in form",
    );
    // XML that is not well-formed.
    refused(
        &run,
        "broken.docx",
        &docx_with_document(&format!("<w:document {W}><w:body><w:p></w:body>")),
        "its `word/document.xml` is not well-formed XML",
    );
}

#[test]
fn files_that_cannot_be_read() {
    let run = Inbox::new();
    let out = run.import(&["missing.docx"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr.trim(),
        "ndti-respond: missing.docx: cannot read it: there is no such file"
    );
    fs::create_dir(run.path("folder")).unwrap();
    let out = run.import(&["folder"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("folder: cannot read it: it is a folder, not a file"),
        "{}",
        out.stderr
    );
}

#[test]
fn several_forms_each_imported_or_refused_and_the_worst_code_returned() {
    let run = Inbox::new();
    run.write("good.docx", contact(FilledForm::blank()).docx());
    run.write("bad.docx", b"PK\x03\x04 broken");
    let out = run.import(&["good.docx", "bad.docx"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("good.docx: imported into"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("ndti-respond: bad.docx: it is damaged"),
        "{}",
        out.stderr
    );
    assert_eq!(
        read_json(&run.path("good.json"))["answers"]["name"]["answer"],
        "Jo Bloggs"
    );
    assert!(!run.path("bad.json").exists());
}

#[test]
fn where_responses_go_and_what_is_never_replaced() {
    let run = Inbox::new();
    run.write("a.docx", contact(FilledForm::blank()).docx());
    run.write("b.odt", FilledForm::blank().odt());
    // Beside the form by default, private to its owner.
    let out = run.import(&["a.docx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(run.path("a.json"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let first = fs::read(run.path("a.json")).unwrap();
    // Never replaced without --force; the same form gives the same response, byte for byte.
    let out = run.import(&["a.docx"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("a.json already exists; add --force to replace it"),
        "{}",
        out.stderr
    );
    let out = run.import(&["--force", "a.docx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fs::read(run.path("a.json")).unwrap(), first);
    // --out-dir (made if missing) and -o.
    let out = run.import(&["--out-dir", "out/new", "a.docx", "b.odt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(run.path("out/new/a.json").is_file() && run.path("out/new/b.json").is_file());
    let out = run.import(&["a.docx", "-o", "mine.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fs::read(run.path("mine.json")).unwrap(), first);
    // -o names one response only; -o - writes it to standard output.
    let out = run.import(&["a.docx", "b.odt", "-o", "x.json"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("-o/--output names the response of one form"),
        "{}",
        out.stderr
    );
    let out = run.import(&["a.docx", "-o", "-"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.as_bytes(), first.as_slice());
    // Two forms that would give the same response file name.
    run.write("a.odt", FilledForm::blank().odt());
    let out = run.import(&["--out-dir", "twice", "a.docx", "a.odt"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("a.odt: its response would go to twice/a.json, as another form's does"),
        "{}",
        out.stderr
    );
    // A form whose response would replace the form itself.
    run.write("form.json", FilledForm::blank().txt());
    let out = run.import(&["form.json"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("would replace the form itself"),
        "{}",
        out.stderr
    );
}

#[test]
fn json_reports_for_scripts() {
    let run = Inbox::new();
    run.write(
        "a.docx",
        contact(FilledForm::blank()).consent(&[("Y", PLAIN)]).docx(),
    );
    run.write("bad.txt", b"\x00\x01");
    let out = run.import(&["--json", "a.docx", "bad.txt"]);
    assert_eq!(out.code, 2);
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert_eq!(lines[0]["file"], "a.docx");
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[0]["output"], "a.json");
    assert_eq!(lines[0]["report"]["consent"]["state"], "yes");
    assert_eq!(lines[0]["report"]["consent"]["detail"], "only Y is left");
    assert_eq!(lines[0]["report"]["kind"], "docx");
    assert_eq!(
        lines[0]["report"]["not_on_form"],
        serde_json::json!(["respondent_type", "coproduce_details"])
    );
    assert_eq!(lines[0]["report"]["answered"].as_array().unwrap().len(), 5);
    assert_eq!(lines[0]["needs_attention"], false);
    assert_eq!(lines[1]["file"], "bad.txt");
    assert_eq!(lines[1]["ok"], false);
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("it is not a Word")
    );
    let out = run.import(&["--json", "a.docx", "-o", "-"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn the_documents_own_times_and_a_stable_id() {
    let mut form = contact(FilledForm::blank());
    form.created = Some("2016-01-04T09:30:00Z");
    form.modified = Some("2016-01-10T16:45:12Z");
    let run = Inbox::new();
    let (r, _) = run.response("dated.docx", form.docx());
    assert_eq!(r["started_at"], "2016-01-04T09:30:00+00:00");
    assert_eq!(r["completed_at"], "2016-01-10T16:45:12+00:00");
    let (again, _) = run.response("dated-copy.docx", form.docx());
    assert_eq!(r["source"]["sha256"], again["source"]["sha256"]);
    assert_eq!(
        r["response_id"], again["response_id"],
        "the same document, the same id"
    );
    let (other, _) = run.response("other.docx", FilledForm::blank().docx());
    assert_ne!(r["response_id"], other["response_id"]);
    let bytes = fs::read(run.path("dated.docx")).unwrap();
    let digest: String = {
        use sha2::Digest;
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    assert_eq!(r["source"]["sha256"], digest.as_str());
}
