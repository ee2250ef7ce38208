//! The strict reader: the one place that decides whether some bytes are a response, used by
//! every command (`print`, `validate`, `email`, `collate`) and by [`Response::from_json`].
//!
//! Decided once, the same way everywhere:
//! - one UTF-8 byte-order mark at the start (as Notepad writes) is skipped;
//! - the text must be UTF-8 and JSON;
//! - no object may hold the same key twice, at any depth: JSON leaves it open which one counts,
//!   and readers differ (one took the first consent, another the last), so such a file is
//!   refused rather than read one way by one command and another way by the next;
//! - nesting deeper than [`MAX_DEPTH`] levels is refused, known fields or not;
//! - no string may be longer than [`MAX_TEXT_BYTES`];
//! - the shape must be a response's ([`ResponseView`], field for field that of [`Response`]),
//!   of the `ndti-respond/response` format in a version this build knows.
//!
//! Unknown fields are allowed (within the limits) and ignored, so that a later version of the
//! format can add some. The JSON is parsed once, with simd-json, into a tape that the checks
//! above walk; the view (and, when asked for, the owned `Response`) are read from that same tape.

use serde::Deserialize;
use simd_json::{Buffers, Node};

use crate::response::{RESPONSE_FORMAT, Response};
use crate::response_view::ResponseView;

/// How deeply objects and arrays may nest. A response needs 6 (file, answers, entry, answer,
/// selected, choice); the rest is room for fields a later version may add.
pub const MAX_DEPTH: usize = 32;
/// The longest text (any string: an answer, a question, an id) a response may hold, in bytes of
/// UTF-8 after escapes are undone: 8 MiB, some 1.3 million words.
pub const MAX_TEXT_BYTES: usize = 8 << 20;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// simd-json's working memory, kept from file to file by a caller that reads many.
pub struct Scratch {
    buffers: Buffers,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            buffers: Buffers::with_max_depth(64 * 1024, MAX_DEPTH),
        }
    }
}

/// The bytes without one leading byte-order mark.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

fn without_bom_mut(bytes: &mut [u8]) -> &mut [u8] {
    if bytes.starts_with(BOM) {
        &mut bytes[BOM.len()..]
    } else {
        bytes
    }
}

/// Reads a response file's JSON into a view borrowing from `bytes`, or says in plain words why
/// it is not a response. `bytes` is changed on the way (escapes are undone in place), so keep a
/// copy of anything needed afterwards, and to explain a refusal use [`explain`] on a copy.
pub fn parse_view<'a>(
    bytes: &'a mut [u8],
    scratch: &mut Scratch,
) -> Result<ResponseView<'a>, String> {
    let bytes = without_bom_mut(bytes);
    if let Err(at) = check_utf8(bytes) {
        return Err(format!(
            "not valid JSON: the text is not UTF-8 (at byte {at})"
        ));
    }
    let tape = simd_json::to_tape_with_buffers(bytes, &mut scratch.buffers).map_err(|e| match e
        .error()
    {
        simd_json::ErrorType::DepthLimitExceeded => {
            format!("it is nested more than {MAX_DEPTH} levels deep")
        }
        _ => "not valid JSON".to_string(),
    })?;
    check_tape(&tape.0)?;
    let mut de = simd_json::Deserializer::from_tape(tape);
    let view = ResponseView::deserialize(&mut de).map_err(|e| shape_problem(&e.to_string()))?;
    check_format(&view.format, view.format_version)?;
    Ok(view)
}

/// Reads a response file's JSON into an owned [`Response`], through the same checks as
/// [`parse_view`], explaining any refusal (with the line and column where there is one).
pub fn parse_response(bytes: &[u8]) -> Result<Response, String> {
    let mut copy = without_bom(bytes).to_vec();
    let mut scratch = Scratch::default();
    let result = (|| {
        let text = &mut copy[..];
        check_utf8(text).map_err(|_| String::new())?;
        let tape = simd_json::to_tape_with_buffers(text, &mut scratch.buffers)
            .map_err(|_| String::new())?;
        check_tape(&tape.0)?;
        let mut de = simd_json::Deserializer::from_tape(tape);
        let view = ResponseView::deserialize(&mut de).map_err(|_| String::new())?;
        check_format(&view.format, view.format_version)?;
        drop(view);
        de.restart();
        Response::deserialize(&mut de).map_err(|e| shape_problem(&e.to_string()))
    })();
    match result {
        Ok(response) => Ok(response),
        Err(reason) if !reason.is_empty() => Err(reason),
        Err(_) => Err(explain(bytes)),
    }
}

/// Why these bytes are not a response, in the most exact words there are: serde_json's, which
/// name the line and column, for JSON and shape mistakes. Only for bytes already refused.
pub fn explain(bytes: &[u8]) -> String {
    let mut copy = without_bom(bytes).to_vec();
    if let Err(at) = check_utf8(&copy) {
        return format!("not valid JSON: the text is not UTF-8 (at byte {at})");
    }
    let mut scratch = Scratch::default();
    match simd_json::to_tape_with_buffers(&mut copy, &mut scratch.buffers) {
        Ok(tape) => {
            if let Err(reason) = check_tape(&tape.0) {
                return reason;
            }
        }
        Err(e) if matches!(e.error(), simd_json::ErrorType::DepthLimitExceeded) => {
            return format!("it is nested more than {MAX_DEPTH} levels deep");
        }
        // serde_json says where the mistake is, below.
        Err(_) => {}
    }
    let bytes = without_bom(bytes);
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) if e.is_syntax() || e.is_eof() => return format!("not valid JSON: {e}"),
        Err(_) => return format!("it is nested more than {MAX_DEPTH} levels deep"),
    };
    match value.get("format").and_then(|f| f.as_str()) {
        Some(RESPONSE_FORMAT) => {}
        Some(other) => return check_format(other, 0).unwrap_err(),
        None => return "it is not an ndti-respond response (no `format` field)".into(),
    }
    match value.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) => {
            if let Err(reason) = check_format(RESPONSE_FORMAT, v.min(u64::from(u32::MAX)) as u32) {
                return reason;
            }
        }
        None => return "it has no `format_version` (a whole number)".into(),
    }
    match serde_json::from_slice::<Response>(bytes) {
        Err(e) => shape_problem(&e.to_string()),
        Ok(_) => "unexpected content".to_string(),
    }
}

fn shape_problem(detail: &str) -> String {
    format!("unexpected content: {detail}")
}

/// The format and version check for a response ([`crate::file_format`]).
pub fn check_format(format: &str, version: u32) -> Result<(), String> {
    crate::response::RESPONSE_FILE.check(format, u64::from(version))
}

/// Checks the whole text is UTF-8 at once, with SIMD (several times faster than checking each
/// string as it is parsed); `Err` holds the offset of the first bad byte.
fn check_utf8(bytes: &[u8]) -> Result<(), usize> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(_) => Ok(()),
        Err(_) => Err(std::str::from_utf8(bytes)
            .err()
            .map_or(0, |e| e.valid_up_to())),
    }
}

/// Walks the tape: no object holds a key twice, and no string is longer than the limit.
fn check_tape(tape: &[Node<'_>]) -> Result<(), String> {
    for (i, node) in tape.iter().enumerate() {
        match node {
            Node::String(s) if s.len() > MAX_TEXT_BYTES => {
                return Err(format!(
                    "a text in it is larger than {} MB, the most a response may hold",
                    MAX_TEXT_BYTES >> 20
                ));
            }
            Node::Object { len, .. } if *len > 1 => {
                if let Some(key) = duplicate_key(tape, i + 1, *len) {
                    return Err(format!(
                        "the key `{}` appears twice in one object; a response holds each once",
                        crate::render::sanitise::line(key)
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The first key that comes twice in the object whose `len` keys start at `tape[at]`.
fn duplicate_key<'a>(tape: &[Node<'a>], mut at: usize, len: usize) -> Option<&'a str> {
    let mut keys: Vec<&str> = Vec::with_capacity(len.min(4096));
    for _ in 0..len {
        let Node::String(key) = tape[at] else {
            return None;
        };
        keys.push(key);
        at += 1;
        // Skip the value, however large.
        at += match tape[at] {
            Node::Object { count, .. } | Node::Array { count, .. } => count + 1,
            _ => 1,
        };
    }
    if len <= 16 {
        for (i, k) in keys.iter().enumerate() {
            if keys[..i].contains(k) {
                return Some(k);
            }
        }
        return None;
    }
    let mut seen = std::collections::HashSet::with_capacity(len);
    keys.into_iter().find(|k| !seen.insert(*k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> String {
        let q = crate::questionnaire::Questionnaire::embedded();
        crate::draft::Draft::new(&q).to_response(&q).to_json()
    }

    #[test]
    fn reads_what_the_wizard_writes_with_or_without_a_bom() {
        let json = minimal();
        assert!(parse_response(json.as_bytes()).is_ok());
        let with_bom = format!("\u{feff}{json}");
        assert!(parse_response(with_bom.as_bytes()).is_ok());
        let mut bytes = with_bom.into_bytes();
        assert!(parse_view(&mut bytes, &mut Scratch::default()).is_ok());
    }

    #[test]
    fn a_key_twice_is_refused_at_any_depth() {
        let json = minimal();
        let top = json.replacen(
            "\"consent_to_future_contact\": false,",
            "\"consent_to_future_contact\": false, \"consent_to_future_contact\": true,",
            1,
        );
        assert_ne!(top, json);
        let deep = json.replacen("\"answer\": null", "\"answer\": null, \"answer\": true", 1);
        for doc in [top, deep] {
            let reason = parse_response(doc.as_bytes()).unwrap_err();
            assert!(reason.contains("appears twice"), "{reason}");
            let mut bytes = doc.into_bytes();
            let reason = parse_view(&mut bytes, &mut Scratch::default()).unwrap_err();
            assert!(reason.contains("appears twice"), "{reason}");
        }
    }

    #[test]
    fn deep_unknown_fields_are_refused_by_every_reader() {
        let json = minimal();
        let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        let doc = json.replacen('{', &format!("{{\"x\": {deep},"), 1);
        let reason = parse_response(doc.as_bytes()).unwrap_err();
        assert!(reason.contains("nested more than 32"), "{reason}");
        let shallow = format!("{}1{}", "[".repeat(20), "]".repeat(20));
        let doc = json.replacen('{', &format!("{{\"x\": {shallow},"), 1);
        assert!(parse_response(doc.as_bytes()).is_ok());
    }

    #[test]
    fn an_imported_responses_fields_are_read_alike_by_every_reader() {
        let json = minimal();
        let with = |fields: &str| json.replacen('{', &format!("{{{fields},"), 1);
        let good = with(
            r#""source": {"kind": "odt", "file": "f.odt", "sha256": "ab", "not_on_form": ["x"]}, "unplaced": [{"text": "t", "location": "above the form"}]"#,
        );
        let response = parse_response(good.as_bytes()).unwrap();
        assert_eq!(response.source.unwrap().not_on_form, ["x"]);
        let mut bytes = good.into_bytes();
        let view = parse_view(&mut bytes, &mut Scratch::default()).unwrap();
        assert_eq!(view.unplaced.unwrap()[0].location, "above the form");
        let boxed = json.replacen(
            "\"answer\": null",
            r#""answer": null, "form_box": {"answer_in": "a", "questions": ["a", "b"]}"#,
            1,
        );
        assert!(parse_response(boxed.as_bytes()).is_ok());
        for bad in [
            with(r#""source": 5"#),
            with(r#""source": {"kind": "pdf", "file": "f", "sha256": "ab"}"#),
            with(r#""unplaced": [{"text": 1, "location": "x"}]"#),
            json.replacen("\"answer\": null", r#""answer": null, "form_box": true"#, 1),
        ] {
            assert!(parse_response(bad.as_bytes()).is_err(), "{bad}");
            let mut bytes = bad.clone().into_bytes();
            assert!(
                parse_view(&mut bytes, &mut Scratch::default()).is_err(),
                "the view took what the response refuses: {bad}"
            );
        }
    }

    #[test]
    fn explains_what_is_wrong() {
        assert!(parse_response(b"{").unwrap_err().contains("not valid JSON"));
        let draft = br#"{"format":"ndti-respond/draft","format_version":1}"#;
        assert!(
            parse_response(draft)
                .unwrap_err()
                .contains("not a response")
        );
        let newer = minimal().replace("\"format_version\": 1", "\"format_version\": 7");
        let reason = parse_response(newer.as_bytes()).unwrap_err();
        assert!(reason.contains("newer version"), "{reason}");
        let mut bytes = newer.into_bytes();
        let reason = parse_view(&mut bytes, &mut Scratch::default()).unwrap_err();
        assert!(reason.contains("newer version"), "{reason}");
    }
}
