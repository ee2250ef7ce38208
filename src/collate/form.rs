//! Filled-in forms among the files collated, and what every file found becomes: the JSON of a
//! response, read as it is, decrypted, or imported from a form on the way by the same code as
//! `ndti-respond import` ([`crate::import::read_bytes`]). From there a form's response goes
//! the way of every other: the strict reader, `validate`'s rules for the problems column (which
//! name an imported form's unclear consent, its unplaced text and its failed contact checks),
//! and the output format.
//!
//! A file is told to be a form by its content where its first bytes say so (a .docx or .odt
//! package, an old .doc, a PDF, an RTF document), and otherwise by its name: plain text ending
//! `.txt` (or `.docx`, `.odt`, `.doc`) that is not a JSON object. An encrypted file is always a
//! response.

use std::path::Path;
use std::sync::OnceLock;

use crate::collate::find::Found;
use crate::encryption::{Key, is_encrypted};
use crate::error::Result;
use crate::import::{ImportError, is_a_document, limits};
use crate::questionnaire::Questionnaire;
use crate::response_file::{
    Limit, MAX_RESPONSE_BYTES, RESPONSE_LIMIT, decrypt_in_place, read_raw_within,
};

/// The endings (in any case) of the files a folder is searched for as forms: Word's and
/// LibreOffice's, plain text, and Word 97-2003's `.doc`, which is found so that it is named
/// (with what to do: save it as .docx) rather than passed over.
pub(crate) const FORM_ENDINGS: [&str; 4] = ["docx", "odt", "txt", "doc"];

/// Whether a file's name ends like a form's ([`FORM_ENDINGS`]).
pub(crate) fn has_form_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| FORM_ENDINGS.iter().any(|f| e.eq_ignore_ascii_case(f)))
}

/// The most of a form that is read: `import`'s limit, with its message.
const FORM_LIMIT: Limit = Limit {
    bytes: limits::MAX_FILE_BYTES,
    too_large: |size| {
        ImportError::TooLarge {
            size,
            limit: limits::MAX_FILE_BYTES,
        }
        .to_string()
    },
};

/// What a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A response file, plain or encrypted.
    Response,
    /// A filled-in form, imported.
    Form,
}

/// The questionnaire forms are read against: the one given with `--questions` (loaded, and
/// checked, before any file is read), or the built-in one, made the first time a form needs it.
pub(crate) struct Questions {
    given: Option<Questionnaire>,
    built_in: OnceLock<Questionnaire>,
}

impl Questions {
    /// Loads the questionnaire at `path`, when one is given. Errors: the file cannot be read or
    /// is not a valid questionnaire (exit 2, with its line and column).
    pub fn new(path: Option<&Path>) -> Result<Questions> {
        Ok(Questions {
            given: path.map(Questionnaire::load).transpose()?,
            built_in: OnceLock::new(),
        })
    }

    fn get(&self) -> &Questionnaire {
        match &self.given {
            Some(q) => q,
            None => self.built_in.get_or_init(Questionnaire::embedded),
        }
    }
}

/// Whether some bytes are, after a byte-order mark and white space, a JSON object.
fn is_json_object(bytes: &[u8]) -> bool {
    let bytes = crate::response_json::without_bom(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{')
}

/// Reads the file `found` into `buf` as the JSON of a response: a response file as it is (or
/// decrypted with `key`), a form imported against the questionnaire. Errors say why in plain
/// words, the same as `print`, `validate` and `import` would: past the limits (a response's
/// 16 MB, a form's 50 MB), encrypted without a key, not a form of the questionnaire, an old
/// .doc, password-protected, damaged...
pub(crate) fn read(
    found: &Found,
    key: Option<&Key>,
    questions: &Questions,
    buf: &mut Vec<u8>,
) -> std::result::Result<Kind, String> {
    let form_named = has_form_name(&found.path);
    let limit = if form_named {
        FORM_LIMIT
    } else {
        RESPONSE_LIMIT
    };
    read_raw_within(&found.path, found.origin, limit, buf).map_err(|p| p.message)?;
    let form = !is_encrypted(buf) && (is_a_document(buf) || form_named && !is_json_object(buf));
    if !form {
        if buf.len() as u64 > MAX_RESPONSE_BYTES {
            return Err((RESPONSE_LIMIT.too_large)(buf.len() as u64));
        }
        decrypt_in_place(buf, key).map_err(|p| p.message)?;
        return Ok(Kind::Response);
    }
    let name = found
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let modified = std::fs::metadata(&found.path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| jiff::Timestamp::try_from(t).ok());
    let imported = crate::import::read_bytes(&name, buf, modified, questions.get())
        .map_err(|e| e.to_string())?;
    buf.clear();
    buf.extend_from_slice(imported.response.to_json().as_bytes());
    Ok(Kind::Form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_found_by_their_endings_in_any_case() {
        for name in ["a.docx", "B.DOCX", "c.Odt", "d.txt", "old.doc"] {
            assert!(has_form_name(Path::new(name)), "{name}");
        }
        for name in ["a.json", "a.age", "a.pdf", "docx", "a.docx.bak"] {
            assert!(!has_form_name(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn a_json_object_is_told_from_text() {
        assert!(is_json_object(b"\xEF\xBB\xBF \n {\"format\": 1}"));
        assert!(!is_json_object(b"Co-production in mental health\n{"));
        assert!(!is_json_object(b""));
    }
}
