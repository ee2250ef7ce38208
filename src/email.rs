//! The `email` command: an email message (`.eml`) ready to send, with the response attached.
//!
//! The message is a standard MIME message built with lettre's message builder. It carries
//! `X-Unsent: 1`, so Outlook opens it as a draft to send; Thunderbird and Apple Mail open it
//! as a message that can be edited and sent ("Edit as new" in Thunderbird).
//!
//! From: the respondent's own address when they gave one; otherwise a placeholder on the
//! reserved `.invalid` domain, which can never deliver. A message must have a From, and using
//! the organisation's address instead would make the message look as if it came from them; mail
//! programs put the sender's own account in From when the draft is sent.
//!
//! When the response is encrypted, the encrypted file is attached and the body does not repeat
//! the answers: that would undo the encryption.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use crate::atomic_file::Existing;
use crate::cli::{EmailArgs, GlobalArgs};
use crate::encryption::{Key, is_encrypted};
use crate::error::{Error, ExitCode, Result};
use crate::field_rules::email_address;
use crate::questionnaire::{ReturnDetails, Role};
use crate::render;
use crate::respondent::Respondent;
use crate::response::Response;
use crate::response_file::{Origin, read_raw};

/// The width the body text is wrapped to: what mail programs expect.
pub const BODY_WIDTH: usize = 72;
/// The From address used when the respondent gave none (`.invalid` never delivers, RFC 2606).
pub const PLACEHOLDER_FROM: &str = "your-email-address@example.invalid";
/// The most characters of a name or organisation put in a header (the subject, From, To): a
/// header line may hold at most 998 characters (RFC 5322 section 2.1.1), and an encoded word
/// takes up to four times the text's length; longer names are cut, ending in `…`.
pub const MAX_HEADER_WORDS: usize = 120;

/// The file to attach: the response as it is on disk, or its encrypted copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub encrypted: bool,
}

/// Builds the message for a response that can be read: addressed to its return address, the
/// subject naming the respondent's organisation (or name), the readable text as the body (or,
/// when `encrypted`, a note that the answers are in the encrypted attachment), and the file
/// attached byte for byte.
pub fn build(
    response: &Response,
    attachment_name: &str,
    attachment_bytes: &[u8],
    encrypted: bool,
) -> Result<Vec<u8>> {
    let title = render::sanitise::one_line(&response.questionnaire.title);
    let mut body = String::new();
    let intro = format!(
        "Please find attached my response to \"{}\" ({attachment_name}).",
        title.trim()
    );
    body.push_str(&wrap(&intro));
    body.push_str("\n\n");
    if encrypted {
        body.push_str(&encrypted_note(
            &response.questionnaire.organisation,
            attachment_name,
        ));
    } else {
        body.push_str(&wrap(
            "The attached file holds the answers for reading with ndti-respond; they are also \
             set out below, so that this message can be read on its own.",
        ));
        body.push_str("\n\n");
        body.push_str(&render::text(response, BODY_WIDTH));
    }
    let from = response
        .text_of(Role::Email)
        .and_then(|e| email_address(e.trim()).ok());
    let name = response.text_of(Role::Name).map(|n| header_words(&n));
    compose(Letter {
        return_to: &response.return_to,
        from_name: name,
        from,
        subject: subject(response),
        body,
        attachment_name,
        attachment_bytes,
        encrypted,
    })
}

/// Builds the message for an encrypted response that cannot be read here (no key): addressed
/// to `return_to` (from the questionnaire), the body explaining what is attached.
pub fn build_sealed(
    return_to: &ReturnDetails,
    organisation: &str,
    attachment_name: &str,
    attachment_bytes: &[u8],
) -> Result<Vec<u8>> {
    let mut body = wrap(&format!(
        "Please find attached my response to your call for practice examples ({attachment_name})."
    ));
    body.push_str("\n\n");
    body.push_str(&encrypted_note(organisation, attachment_name));
    compose(Letter {
        return_to,
        from_name: None,
        from: None,
        subject: header_words(&return_to.email_subject),
        body,
        attachment_name,
        attachment_bytes,
        encrypted: true,
    })
}

/// The subject: the questionnaire's subject line with the organisation, or the name.
pub fn subject(response: &Response) -> String {
    let base = header_words(&response.return_to.email_subject);
    let name = response.text_of(Role::Name).map(|w| header_words(&w));
    let organisation = response
        .text_of(Role::Organisation)
        .map(|w| header_words(&w));
    let who = Respondent::new(name.as_deref(), organisation.as_deref()).short();
    match who {
        Some(who) if base.is_empty() => who.to_string(),
        Some(who) => format!("{base} ({who})"),
        None => base,
    }
}

fn encrypted_note(organisation: &str, attachment_name: &str) -> String {
    let who = match one_line(organisation) {
        o if o.is_empty() => "the organisation".to_string(),
        o => o,
    };
    let mut s = wrap(&format!(
        "The response is attached encrypted ({attachment_name}), so that only {who} can read \
         it. The answers are not repeated in this message, to keep them private."
    ));
    s.push_str("\n\n");
    s.push_str(&wrap("To read it, with the organisation's key:"));
    s.push_str(&format!(
        "\n\n    ndti-respond print {attachment_name} --identity KEY-FILE\n"
    ));
    s
}

fn one_line(text: &str) -> String {
    render::sanitise::one_line(text)
}

fn wrap(text: &str) -> String {
    let options =
        textwrap::Options::new(BODY_WIDTH).wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    textwrap::fill(text, options)
}

struct Letter<'a> {
    return_to: &'a ReturnDetails,
    from_name: Option<String>,
    from: Option<lettre::Address>,
    subject: String,
    body: String,
    attachment_name: &'a str,
    attachment_bytes: &'a [u8],
    encrypted: bool,
}

/// Text with every line ending CRLF, as a message body must: made here in one pass, so that the
/// mail library finds nothing to change (its own pass inserts each CR with `String::insert`,
/// which takes time with the square of the body's length: minutes for a 50 MB answer).
fn with_crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32 + 2);
    for piece in text.split_inclusive('\n') {
        match piece.strip_suffix('\n') {
            Some(line) => {
                out.push_str(line.strip_suffix('\r').unwrap_or(line));
                out.push_str("\r\n");
            }
            None => out.push_str(piece),
        }
    }
    out
}

/// A name or words for a header, on one line, cut to [`MAX_HEADER_WORDS`] characters.
fn header_words(text: &str) -> String {
    let line = one_line(text);
    if line.chars().count() <= MAX_HEADER_WORDS {
        return line;
    }
    let mut cut: String = line.chars().take(MAX_HEADER_WORDS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

fn compose(letter: Letter<'_>) -> Result<Vec<u8>> {
    let to = email_address(letter.return_to.email.trim()).map_err(|_| Error::ReturnAddress {
        address: letter.return_to.email.clone(),
    })?;
    let to_name = letter
        .return_to
        .phone_contact
        .as_deref()
        .map(header_words)
        .filter(|n| !n.is_empty());
    let from = match letter.from {
        Some(address) => Mailbox::new(letter.from_name, address),
        None => Mailbox::new(
            letter.from_name,
            PLACEHOLDER_FROM
                .parse()
                .expect("the placeholder is an address"),
        ),
    };
    let content_type = if letter.encrypted {
        ContentType::parse("application/octet-stream")
    } else {
        ContentType::parse("application/json")
    }
    .expect("a known content type");
    // A Vec<u8> body is always sent base64-encoded, so the attachment arrives byte for byte
    // (no line-ending changes on the way).
    let attachment = Attachment::new(letter.attachment_name.to_string())
        .body(letter.attachment_bytes.to_vec(), content_type);
    let message = Message::builder()
        .from(from)
        .to(Mailbox::new(to_name, to))
        .subject(letter.subject)
        .user_agent(format!("ndti-respond {}", env!("CARGO_PKG_VERSION")))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-Unsent"),
            "1".to_string(),
        ))
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(with_crlf(&letter.body)))
                .singlepart(attachment),
        )?;
    Ok(message.formatted())
}

/// A `mailto:` link with the return address, the subject, and a body asking the sender to
/// attach the file (links cannot carry attachments).
pub fn mailto(address: &str, subject: &str, attachment_name: &str) -> String {
    let body =
        format!("Please attach the file {attachment_name} to this email before sending it.\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        percent_encode(address.trim()).replace("%40", "@"),
        percent_encode(subject),
        percent_encode(&body)
    )
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The file to attach for a response file: the encrypted copy beside it (`FILE.age`) when
/// there is one, otherwise the file itself.
pub fn attachment_for(response_path: &Path, bytes: Vec<u8>) -> Result<AttachedFile> {
    let name = file_name(response_path);
    if is_encrypted(&bytes) {
        return Ok(AttachedFile {
            name,
            bytes,
            encrypted: true,
        });
    }
    let sibling = with_suffix(response_path, ".age");
    if sibling.is_file() {
        let sealed = std::fs::read(&sibling).map_err(|e| {
            Error::io(
                format!("cannot read {}", render::sanitise::path(&sibling)),
                e,
            )
        })?;
        if is_encrypted(&sealed) {
            return Ok(AttachedFile {
                name: file_name(&sibling),
                bytes: sealed,
                encrypted: true,
            });
        }
    }
    Ok(AttachedFile {
        name,
        bytes,
        encrypted: false,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "response.json".to_string())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s: OsString = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// `response.json` and `response.json.age` both give `response.eml`.
pub fn default_eml_path(response_path: &Path) -> PathBuf {
    let plain = match response_path.extension() {
        Some(ext) if ext == "age" => response_path.with_extension(""),
        _ => response_path.to_path_buf(),
    };
    plain.with_extension("eml")
}

/// Writes the email message for a finished response next to it (`response.eml`, or
/// `response-2.eml` and so on: an existing file is never replaced) and returns its path.
/// Attaches the encrypted copy (`response.json.age`) when there is one.
pub fn write_email_for(response_path: &Path, response: &Response) -> Result<PathBuf> {
    let bytes = std::fs::read(response_path).map_err(|e| {
        Error::io(
            format!("cannot read {}", render::sanitise::path(response_path)),
            e,
        )
    })?;
    let attached = attachment_for(response_path, bytes)?;
    let message = build(
        response,
        &attached.name,
        &attached.bytes,
        attached.encrypted,
    )?;
    let first = default_eml_path(response_path);
    crate::atomic_file::write_numbered(&first, &message).map_err(|e| {
        Error::io(
            format!(
                "cannot write the email message next to {}",
                render::sanitise::path(response_path)
            ),
            e,
        )
    })
}

/// A note for the sender when the respondent's own address cannot be the message's From.
fn sender_note(response: &Response) -> Option<String> {
    let given = response.text_of(Role::Email)?;
    email_address(given.trim()).err().map(|_| {
        format!(
            "Note: the respondent's email address `{}` is not well-formed, so the message is from {PLACEHOLDER_FROM}; your mail program puts your own address there when you send it.",
            render::sanitise::line(&given)
        )
    })
}

pub fn run(args: &EmailArgs, global: &GlobalArgs) -> Result<ExitCode> {
    let file = &args.file;
    let mut bytes = Vec::new();
    read_raw(file, Origin::Named, &mut bytes).map_err(|p| p.into_error(file))?;
    let response = if is_encrypted(&bytes) {
        readable_copy(file, &bytes, args.identity.as_deref())?
    } else {
        let response = Response::from_json(&bytes).map_err(|message| Error::InvalidInput {
            path: file.clone(),
            message,
        })?;
        Some(response)
    };
    let attached = attachment_for(file, bytes)?;
    let (message, return_to) = match &response {
        Some(r) => (
            build(r, &attached.name, &attached.bytes, attached.encrypted)?,
            r.return_to.clone(),
        ),
        None => {
            let q =
                crate::questionnaire::Questionnaire::load_or_embedded(global.questions.as_deref())?;
            (
                build_sealed(
                    &q.return_to,
                    &q.organisation,
                    &attached.name,
                    &attached.bytes,
                )?,
                q.return_to,
            )
        }
    };
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_eml_path(file));
    write_message(&out, &message, args.force)?;
    if let Some(note) = response.as_ref().and_then(sender_note) {
        crate::output::notice(&note);
    }
    let subject = match &response {
        Some(r) => subject(r),
        None => one_line(&return_to.email_subject),
    };
    crate::output::notice(&what_was_written(&out, &return_to, &attached, &subject));
    Ok(ExitCode::Success)
}

/// Writes the message to `out`, replacing a file already there only with `force`.
fn write_message(out: &Path, message: &[u8], force: bool) -> Result<()> {
    let existing = if force {
        Existing::Replace
    } else {
        Existing::Keep
    };
    crate::atomic_file::write(out, message, existing).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Error::Usage(format!(
            "{} already exists; add --force to replace it, or choose another name with -o",
            render::sanitise::path(out)
        )),
        _ => Error::Write {
            path: out.to_path_buf(),
            source: e,
        },
    })
}

/// What the sender is told: where the message is, what to do with it, and a `mailto:` link
/// for those who would rather start the message themselves.
fn what_was_written(
    out: &Path,
    return_to: &ReturnDetails,
    attached: &AttachedFile,
    subject: &str,
) -> String {
    format!(
        "Wrote the email message to {}.\n\
         Open it with your email program (double-click it), check it, and send it.\n\
         It is addressed to {} and has {} attached{}.\n\n\
         Or use this link to start a message, and attach {} yourself:\n{}",
        render::sanitise::path(out),
        render::sanitise::line(&return_to.email),
        render::sanitise::line(&attached.name),
        if attached.encrypted {
            " (encrypted)"
        } else {
            ""
        },
        render::sanitise::line(&attached.name),
        mailto(&return_to.email, subject, &attached.name)
    )
}

/// The readable response for an encrypted file: decrypted with the key when one is given,
/// otherwise the plain copy beside it (`response.json` for `response.json.age`) when there is
/// one, otherwise none.
fn readable_copy(file: &Path, bytes: &[u8], identity: Option<&Path>) -> Result<Option<Response>> {
    if let Some(identity) = identity {
        let key = Key::load(identity)?;
        let json = key.decrypt(bytes).map_err(|p| p.into_error(file))?;
        let response = Response::from_json(&json).map_err(|message| Error::InvalidInput {
            path: file.to_path_buf(),
            message,
        })?;
        return Ok(Some(response));
    }
    let plain = file.with_extension("");
    if file.extension().is_some_and(|e| e == "age")
        && plain.is_file()
        && let Ok(plain_bytes) = std::fs::read(&plain)
        && !is_encrypted(&plain_bytes)
    {
        return Ok(Response::from_json(&plain_bytes).ok());
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_is_percent_encoded() {
        let link = mailto("a.b@example.org", "Co-production: a & b", "r.json");
        assert!(link.starts_with(
            "mailto:a.b@example.org?subject=Co-production%3A%20a%20%26%20b&body=Please%20attach"
        ));
        assert!(!link.contains(' '));
    }

    #[test]
    fn eml_path_sits_next_to_the_response() {
        assert_eq!(
            default_eml_path(Path::new("d/r.json")),
            Path::new("d/r.eml")
        );
        assert_eq!(
            default_eml_path(Path::new("d/r.json.age")),
            Path::new("d/r.eml")
        );
        assert_eq!(default_eml_path(Path::new("r")), Path::new("r.eml"));
    }
}
