//! `import`: filled-in Word forms (.docx), OpenDocument forms (.odt) and plain text forms
//! (.txt) turned into responses (issue 16).
//!
//! [`read`] is the whole of it for one file: `ndti-respond import` calls it, and so can
//! anything else that meets a Word form (collating a folder, say):
//!
//! 1. the file is refused by size before it is read ([`limits`]), and its kind is told from
//!    its first bytes, not its name: a zip holding `word/` is a .docx, one holding `content.xml`
//!    an .odt; an OLE compound file is an old .doc or a password-protected Office document;
//!    anything else is read as text;
//! 2. the document becomes paragraphs in reading order with their marks (`document.rs`);
//! 3. the questionnaire's own words are found in it (`wording.rs`), and every other piece of
//!    text is placed as the answer to a question or kept as unplaced (`placing.rs`, with
//!    `consent.rs` for yes/no answers);
//! 4. the answers become a [`Response`] marked with its `source`, and a report says what was
//!    done (`report.rs`).

pub mod command;
mod consent;
mod document;
mod docx;
mod error;
mod file_kind;
mod odt;
mod package;
mod placing;
mod report;
mod txt;
mod wording;
mod xml;

use std::io::Read;
use std::path::Path;

use indexmap::IndexMap;
use sha2::{Digest, Sha256};

use crate::answer::AnswerValue;
use crate::questionnaire::{Question, Questionnaire, Role, Section};
use crate::response::{
    AnswerEntry, FormBox, Generator, QuestionnaireRef, RESPONSE_FORMAT, RESPONSE_FORMAT_VERSION,
    Response, Source, SourceKind,
};

pub use error::ImportError;
pub use file_kind::is_a_document;
pub use report::{ConsentReport, ConsentState, ImportReport};

use consent::YesNoReading;
use document::Document;

/// The sizes beyond which a file is refused: far above any filled-in form, far below what
/// would hurt. Checked before the work they guard.
pub mod limits {
    /// The largest file read at all (a .docx with photographs in it is a few megabytes).
    pub const MAX_FILE_BYTES: u64 = 50_000_000;
    /// The most one part inside a .docx or .odt may unpack to (its XML).
    pub const MAX_PART_BYTES: u64 = 32_000_000;
    /// The most files a .docx or .odt may hold.
    pub const MAX_PARTS: usize = 10_000;
    /// The most text a form may hold (over a million words).
    pub const MAX_TEXT_BYTES: u64 = 8_000_000;
    /// The most paragraphs a form may hold (a form with 1 MB of answers has under 10,000).
    pub const MAX_PARAGRAPHS: usize = 100_000;

    use super::ImportError;

    /// Refuses a file of `size` bytes beyond [`MAX_FILE_BYTES`].
    pub(super) fn check_file_size(size: u64) -> Result<(), ImportError> {
        within(size, MAX_FILE_BYTES, |size, limit| ImportError::TooLarge {
            size,
            limit,
        })
    }

    /// Refuses a form holding `size` bytes of text beyond [`MAX_TEXT_BYTES`].
    pub(super) fn check_text_size(size: u64) -> Result<(), ImportError> {
        within(size, MAX_TEXT_BYTES, |size, limit| {
            ImportError::TooMuchText { size, limit }
        })
    }

    /// Refuses a form of `count` paragraphs beyond [`MAX_PARAGRAPHS`].
    pub(super) fn check_paragraphs(count: usize) -> Result<(), ImportError> {
        within(count, MAX_PARAGRAPHS, |count, limit| {
            ImportError::TooManyParagraphs { count, limit }
        })
    }

    /// Refuses, with the error `refusal` makes of it and the limit, a value beyond its limit.
    fn within<T: PartialOrd>(
        value: T,
        limit: T,
        refusal: fn(T, T) -> ImportError,
    ) -> Result<(), ImportError> {
        if value > limit {
            return Err(refusal(value, limit));
        }
        Ok(())
    }
}

/// A form read into a response, with the report on it.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The response, marked with its `source` and holding its `unplaced` text.
    pub response: Response,
    /// What was placed, left empty or not placed, and whether consent was clear.
    pub report: ImportReport,
}

/// Reads the filled-in form at `path` against the questionnaire `q`.
///
/// Errors: an [`ImportError`] for a file that cannot be read, is too large, is not a form (a
/// PDF, an old .doc, a spreadsheet), is password-protected or damaged, or is not a form of
/// `q` (fewer than half its questions found). Every one is a problem with the file, exit code 2.
pub fn read(path: &Path, q: &Questionnaire) -> Result<Imported, ImportError> {
    let file = std::fs::File::open(path).map_err(ImportError::Read)?;
    let meta = file.metadata().map_err(ImportError::Read)?;
    if meta.is_dir() {
        return Err(ImportError::Read(std::io::Error::from(
            std::io::ErrorKind::IsADirectory,
        )));
    }
    limits::check_file_size(meta.len())?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ImportError::Read)?;
    limits::check_file_size(bytes.len() as u64)?;
    let file_time = meta
        .modified()
        .ok()
        .and_then(|t| jiff::Timestamp::try_from(t).ok());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut imported = read_bytes(&name, &bytes, file_time, q)?;
    imported.report.file = path.display().to_string();
    Ok(imported)
}

/// Reads a form held in memory. `file_name` goes into the response's `source`; `file_time`
/// (the file's modification time) stands in for the document's own when it has none.
///
/// Errors: as [`read`], but for reading the file.
pub fn read_bytes(
    file_name: &str,
    bytes: &[u8],
    file_time: Option<jiff::Timestamp>,
    q: &Questionnaire,
) -> Result<Imported, ImportError> {
    limits::check_file_size(bytes.len() as u64)?;
    let (kind, doc) = file_kind::read_document(bytes)?;
    limits::check_paragraphs(doc.paragraphs.len())?;
    limits::check_text_size(doc.text_len() as u64)?;
    let wording = wording::Wording::of(q);
    let found = wording.find(&doc.paragraphs)?;
    let placement = placing::place(&doc, &found, q);
    let total = q.question_count();
    let on_form = placement.found.iter().filter(|&&f| f).count();
    if on_form == 0 || on_form * 2 < total {
        return Err(ImportError::NotThisForm {
            title: q.title.clone(),
            found: on_form,
            total,
        });
    }
    let digest = Sha256::digest(bytes);
    Ok(build(
        q, kind, file_name, &digest, file_time, &doc, placement,
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A timestamp as the response writes it: whole seconds, RFC 3339, UTC (so that the same form
/// imported anywhere gives the same file).
fn rfc3339(t: jiff::Timestamp) -> String {
    let whole = jiff::Timestamp::from_second(t.as_second()).unwrap_or(t);
    whole.display_with_offset(jiff::tz::Offset::UTC).to_string()
}

fn build(
    q: &Questionnaire,
    kind: SourceKind,
    file_name: &str,
    digest: &[u8],
    file_time: Option<jiff::Timestamp>,
    doc: &Document,
    placement: placing::Placement,
) -> Imported {
    let questions: Vec<_> = q.questions().collect();
    let (boxes, report_boxes) = form_boxes(&questions, &placement);
    let answers = Answers::of(&questions, &placement, boxes);
    let consent_question = questions
        .iter()
        .position(|(_, x)| x.role == Some(Role::Consent));
    let consent = consent_report(consent_question, &placement);
    let consent_given = consent_question
        .and_then(|c| placement.answers[c].as_ref())
        .is_some_and(|a| matches!(a, AnswerValue::YesNo(true)));
    let (started, completed) = times(doc, file_time);
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    let response = Response {
        format: RESPONSE_FORMAT.to_string(),
        format_version: RESPONSE_FORMAT_VERSION,
        questionnaire: QuestionnaireRef::of(q),
        // The same file always gives the same id, so a form imported twice (or collated as
        // well as imported) is recognised as one response.
        response_id: uuid::Uuid::new_v8(id),
        started_at: rfc3339(started),
        completed_at: rfc3339(completed),
        generator: Generator::this(),
        consent_to_future_contact: consent_given,
        return_to: q.return_to.clone(),
        answers: answers.entries,
        source: Some(Source {
            kind,
            file: file_name.to_string(),
            sha256: hex(digest),
            not_on_form: answers.not_on_form.clone(),
        }),
        unplaced: Some(placement.unplaced.clone()),
    };
    let report = ImportReport {
        file: file_name.to_string(),
        kind,
        questionnaire: format!("{} {}", q.id, q.version),
        questions: questions.len(),
        answered: answers.answered,
        empty: answers.empty,
        not_on_form: answers.not_on_form,
        boxes: report_boxes,
        consent,
        unplaced: placement.unplaced,
        problems: placement.problems,
        notes: doc.notes.clone(),
    };
    Imported { response, report }
}

/// The boxes of the form answered as a whole: per question, the box it is in (if any), and
/// every box once, for the report.
fn form_boxes(
    questions: &[(&Section, &Question)],
    placement: &placing::Placement,
) -> (Vec<Option<FormBox>>, Vec<FormBox>) {
    let mut boxes: Vec<Option<FormBox>> = vec![None; questions.len()];
    let mut report_boxes = Vec::new();
    for (holder, members) in &placement.boxes {
        let b = FormBox {
            answer_in: questions[*holder].1.id.clone(),
            questions: members.iter().map(|&m| questions[m].1.id.clone()).collect(),
        };
        for &m in members {
            boxes[m] = Some(b.clone());
        }
        report_boxes.push(b);
    }
    (boxes, report_boxes)
}

/// The response's answers, and the ids of the questions answered, left empty on the form, and
/// not on it at all.
struct Answers {
    entries: IndexMap<String, AnswerEntry>,
    answered: Vec<String>,
    empty: Vec<String>,
    not_on_form: Vec<String>,
}

impl Answers {
    /// Every question's entry, in questionnaire order. A question in a box answered as a whole
    /// is neither answered nor empty.
    fn of(
        questions: &[(&Section, &Question)],
        placement: &placing::Placement,
        mut boxes: Vec<Option<FormBox>>,
    ) -> Answers {
        let mut sorted = Answers {
            entries: IndexMap::new(),
            answered: Vec::new(),
            empty: Vec::new(),
            not_on_form: Vec::new(),
        };
        for (i, (section, question)) in questions.iter().enumerate() {
            let value = placement.answers[i].clone();
            let id = question.id.clone();
            if value.as_ref().is_some_and(|v| !v.is_empty()) {
                sorted.answered.push(id.clone());
            } else if !placement.found[i] {
                sorted.not_on_form.push(id.clone());
            } else if boxes[i].is_none() {
                sorted.empty.push(id.clone());
            }
            let mut entry = AnswerEntry::new(section, question, value);
            entry.form_box = boxes[i].take();
            sorted.entries.insert(id, entry);
        }
        sorted
    }
}

/// What the form says about consent: the consent question (by index), if the questionnaire
/// asks one, as read from its space on the form.
fn consent_report(
    consent_question: Option<usize>,
    placement: &placing::Placement,
) -> ConsentReport {
    let (state, detail) = match consent_question {
        None => (ConsentState::NotAsked, String::new()),
        Some(c) if !placement.found[c] => (ConsentState::NotOnForm, String::new()),
        Some(c) => match placement
            .yes_no
            .iter()
            .find(|(x, _)| *x == c)
            .map(|(_, r)| r)
        {
            Some(YesNoReading::Clear { answer: true, how }) => (ConsentState::Yes, how.clone()),
            Some(YesNoReading::Clear { answer: false, how }) => (ConsentState::No, how.clone()),
            Some(YesNoReading::Unclear { why }) => (ConsentState::Unclear, why.clone()),
            Some(YesNoReading::Blank) | None => (ConsentState::NotAnswered, String::new()),
        },
    };
    ConsentReport { state, detail }
}

/// When the form was started and completed: the document's own times, else the file's, else
/// now; a start after the completion is taken as the completion.
fn times(doc: &Document, file_time: Option<jiff::Timestamp>) -> (jiff::Timestamp, jiff::Timestamp) {
    let completed = doc
        .modified
        .or(doc.created)
        .or(file_time)
        .unwrap_or_else(jiff::Timestamp::now);
    let started = doc.created.filter(|c| *c <= completed).unwrap_or(completed);
    (started, completed)
}
