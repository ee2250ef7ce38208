//! Reading a plain text form: what Word's "Save As > Plain Text" or a text editor writes.
//!
//! Each line is a paragraph. The text is read as UTF-8 (a byte-order mark is dropped), as
//! UTF-16 when it starts with a UTF-16 byte-order mark (Notepad's "Unicode"), and otherwise,
//! when it is not valid UTF-8, as Windows-1252, the "Western European (Windows)" encoding Word
//! saves plain text in by default; the report says so when that happened.

use super::document::{Document, Marks, Paragraph, Place};
use super::error::ImportError;

/// Reads a text file's bytes into paragraphs, one a line.
///
/// Errors: [`ImportError::NotAForm`] when the bytes are not text (they hold NUL bytes outside
/// UTF-16); [`ImportError::TooManyParagraphs`] for more lines than any form has.
pub fn read(bytes: &[u8]) -> Result<Document, ImportError> {
    let mut notes = Vec::new();
    let text = decode(bytes, &mut notes)?;
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    super::limits::check_paragraphs(lines)?;
    let paragraphs = text
        .split('\n')
        .map(|line| {
            let mut p = Paragraph::new(Place::Body);
            p.push(line.strip_suffix('\r').unwrap_or(line), Marks::default());
            p
        })
        .collect();
    Ok(Document {
        paragraphs,
        notes,
        ..Document::default()
    })
}

fn decode(bytes: &[u8], notes: &mut Vec<String>) -> Result<String, ImportError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            notes.push(format!(
                "some characters were not valid {} and show as �",
                encoding.name()
            ));
        }
        return Ok(text.into_owned());
    }
    if bytes.contains(&0) {
        return Err(ImportError::NotAForm(
            "it is not a Word (.docx), OpenDocument (.odt) or plain text file".to_string(),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            notes.push(
                "the text is not UTF-8, so it was read as Windows-1252 (Western European), the encoding Word saves plain text in: check letters such as é and £"
                    .to_string(),
            );
            Ok(text.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Vec<String> {
        read(bytes)
            .unwrap()
            .paragraphs
            .iter()
            .map(|p| p.text())
            .collect()
    }

    #[test]
    fn lines_are_paragraphs_whatever_the_line_ends() {
        assert_eq!(
            lines(b"Name: Jo\r\n\r\n\tindented"),
            ["Name: Jo", "", "\tindented"]
        );
    }

    #[test]
    fn utf8_with_a_bom_utf16_and_windows_1252() {
        assert_eq!(lines("\u{feff}café".as_bytes()), ["café"]);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Zoë".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(lines(&utf16), ["Zoë"]);
        let doc = read(b"caf\xe9 \x80").unwrap();
        assert_eq!(doc.paragraphs[0].text(), "café €");
        assert!(doc.notes[0].contains("Windows-1252"));
    }

    #[test]
    fn binary_is_not_text() {
        assert!(matches!(
            read(b"\x00\x01\x02"),
            Err(ImportError::NotAForm(_))
        ));
    }
}
