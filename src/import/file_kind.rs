//! Telling what kind of file a form is from its first bytes, never its name, and reading it as
//! that kind: a zip holding `content.xml` or a `mimetype` is OpenDocument, one holding `word/` a
//! .docx; an OLE compound file is an old .doc or a password-protected Office document; a PDF, an
//! RTF document, XML or HTML, a response file and an encrypted response are named for what they
//! are; anything else is read as text.

use crate::response::{Response, SourceKind};

use super::document::Document;
use super::error::ImportError;
use super::{docx, limits, odt, package, txt};

/// How an OLE compound file starts (an old .doc, or a password-protected Office document).
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Whether a file is a document rather than text, by its first bytes: a zip (a .docx or .odt),
/// an OLE compound file (an old .doc), a PDF or an RTF document. `import` reads the first two
/// and says what to do with the others.
pub fn is_a_document(bytes: &[u8]) -> bool {
    is_zip(bytes)
        || bytes.starts_with(OLE)
        || bytes.starts_with(b"%PDF-")
        || bytes.starts_with(b"{\\rtf")
}

/// Tells the kind of a file from its first bytes and reads it.
pub fn read_document(bytes: &[u8]) -> Result<(SourceKind, Document), ImportError> {
    if is_zip(bytes) {
        let mut package = package::Package::open(bytes)?;
        if package.has("mimetype") || package.has("content.xml") {
            return Ok((SourceKind::Odt, odt::read(&mut package)?));
        }
        let folders: Vec<&str> = package
            .names()
            .filter_map(|n| n.split_once('/').map(|(f, _)| f))
            .collect();
        if folders.contains(&"xl") {
            return Err(ImportError::NotAForm(
                "it is a spreadsheet (Excel .xlsx), not the Word form".to_string(),
            ));
        }
        if folders.contains(&"ppt") {
            return Err(ImportError::NotAForm(
                "it is a presentation (PowerPoint .pptx), not the Word form".to_string(),
            ));
        }
        return Ok((SourceKind::Docx, docx::read(&mut package)?));
    }
    if bytes.starts_with(OLE) {
        return Err(old_office_file(bytes));
    }
    if bytes.starts_with(b"%PDF-") {
        return Err(ImportError::NotAForm(
            "it is a PDF, which cannot be read back into answers: ask for the Word form itself, or copy its text into a .txt file and import that".to_string(),
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ImportError::NotAForm(
            "it is an RTF document: open it in Word or LibreOffice, save it as .docx (Word Document), and import that".to_string(),
        ));
    }
    if let Some(what) = not_a_form(bytes) {
        return Err(ImportError::NotAForm(what));
    }
    limits::check_text_size(bytes.len() as u64)?;
    Ok((SourceKind::Txt, txt::read(bytes)?))
}

/// An OLE compound file (MS-CFB): Office's encryption wraps a password-protected .docx in one
/// (MS-OFFCRYPTO: `EncryptionInfo` and `EncryptedPackage` streams); Word 97-2003 keeps a .doc
/// in one (a `WordDocument` stream).
fn old_office_file(bytes: &[u8]) -> ImportError {
    let Ok(compound) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else {
        return ImportError::NotAForm(
            "it is an old-style Office file that cannot be read (damaged?): open it in Word or LibreOffice and save it as .docx".to_string(),
        );
    };
    if compound.is_stream("/EncryptedPackage") || compound.is_stream("/EncryptionInfo") {
        return ImportError::PasswordProtected;
    }
    if compound.is_stream("/WordDocument") {
        return ImportError::OldWordDocument;
    }
    if compound.is_stream("/Workbook") || compound.is_stream("/Book") {
        return ImportError::NotAForm(
            "it is an old Excel spreadsheet (.xls), not the Word form".to_string(),
        );
    }
    ImportError::NotAForm(
        "it is an old-style Office file but not a Word document: open it in Word or LibreOffice and save it as .docx".to_string(),
    )
}

/// The response id in the footer `ndti-respond print` (and the body of `ndti-respond email`)
/// ends a printed response with, when the text ends with one: such a text holds every prompt of
/// the form with the answers under them, so it would otherwise import as a second copy of the
/// response under another id.
fn printed_response(bytes: &[u8]) -> Option<String> {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    let tail = String::from_utf8_lossy(tail);
    let words: Vec<&str> = tail.split_whitespace().collect();
    let written_by = words
        .windows(3)
        .any(|w| w[0] == "Written" && w[1] == "by:" && w[2] == "ndti-respond");
    // The id may be wrapped onto the next line at a hyphen.
    let after = &tail[tail.rfind("Response id:")? + "Response id:".len()..];
    let id: String = after
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(36)
        .collect();
    let id = uuid::Uuid::parse_str(&id).ok()?;
    written_by.then(|| id.to_string())
}

/// Text files that are not forms but hold the form's words (so would otherwise be read as one):
/// what each is, and what to do.
fn not_a_form(bytes: &[u8]) -> Option<String> {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = &start[..start.len().min(512)];
    let text = String::from_utf8_lossy(start);
    let text = text.trim_start();
    let lower = text.to_ascii_lowercase();
    if text.starts_with("age-encryption.org/")
        || text.starts_with("-----BEGIN AGE ENCRYPTED FILE-----")
    {
        return Some(
            "it is an encrypted response (.age), which needs no import: print, validate and collate read it with --identity".to_string(),
        );
    }
    if text.starts_with('{') && Response::from_json(bytes).is_ok() {
        return Some("it is already an ndti-respond response, which needs no import".to_string());
    }
    if let Some(id) = printed_response(bytes) {
        return Some(format!(
            "it is a response printed by ndti-respond (response id {id}), not a filled-in form: use the response file itself, which needs no import"
        ));
    }
    if lower.starts_with("<?xml")
        || lower.starts_with("<html")
        || lower.starts_with("<!doctype html")
    {
        return Some(
            "it is an XML or HTML file (a web page, or Word or LibreOffice's flat XML): open it in Word or LibreOffice, save it as .docx (Word Document), and import that".to_string(),
        );
    }
    None
}
