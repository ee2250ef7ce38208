//! The response file: self-describing JSON that reads on its own, without `questions.toml`.
//! `schema/response.schema.json` describes it; a test checks every written response against it.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::answer::AnswerValue;
use crate::questionnaire::{KindName, Question, Questionnaire, ReturnDetails, Role, Section};

/// What the `format` field of every response holds.
pub const RESPONSE_FORMAT: &str = "ndti-respond/response";
/// The newest response format version this build writes and reads.
pub const RESPONSE_FORMAT_VERSION: u32 = 1;

/// What a response file says it is, checked by every reader.
pub(crate) const RESPONSE_FILE: crate::file_format::FileFormat = crate::file_format::FileFormat {
    name: RESPONSE_FORMAT,
    what: "response",
    version: RESPONSE_FORMAT_VERSION,
};

/// A completed response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub format: String,
    pub format_version: u32,
    pub questionnaire: QuestionnaireRef,
    pub response_id: Uuid,
    /// When the first answer was given, RFC 3339 with the local UTC offset.
    pub started_at: String,
    /// When the response was finished, RFC 3339 with the local UTC offset.
    pub completed_at: String,
    pub generator: Generator,
    /// The answer to "May we contact in future with further information?".
    pub consent_to_future_contact: bool,
    /// Where and by when to return the response.
    pub return_to: ReturnDetails,
    /// Every answer keyed by question id, in questionnaire order.
    pub answers: IndexMap<String, AnswerEntry>,
    /// Where the response came from when it was not answered in the wizard: a filled-in Word
    /// form read by `ndti-respond import`. Absent in the wizard's responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Text of an imported form that could not be placed as the answer to a question, kept word
    /// for word so that a person can read it. Absent in the wizard's responses; an empty list
    /// in an imported response means everything was placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unplaced: Option<Vec<Unplaced>>,
}

/// The document an imported response was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// What kind of document it was.
    pub kind: SourceKind,
    /// Its file name (without the folder it was in).
    pub file: String,
    /// The SHA-256 of the file's bytes, in lowercase hex: which copy exactly was read.
    pub sha256: String,
    /// Ids of the questions whose words are not on the form at all (the Word template does not
    /// ask the respondent type, say): nobody filling in the form could answer them, so a
    /// required one left unanswered is not a missing answer. Absent when the form asks them all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_on_form: Vec<String>,
}

/// The kinds of document `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Word 2007 and later (Office Open XML, ECMA-376).
    Docx,
    /// OpenDocument text (ODF 1.2), as LibreOffice writes it.
    Odt,
    /// Plain text.
    Txt,
}

impl SourceKind {
    /// The name used in response files: `docx`, `odt` or `txt`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Docx => "docx",
            SourceKind::Odt => "odt",
            SourceKind::Txt => "txt",
        }
    }
}

/// Text from an imported form that is not the answer to any question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unplaced {
    /// The text, word for word (line breaks kept).
    pub text: String,
    /// Where it was, in plain words: "above the form", "below the form", "a comment by
    /// ...", "beside the question ...: not a clear yes or no".
    pub location: String,
    /// The question it was found beside, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
}

/// Several questions that the Word form asks in one box, answered there as a whole: the box's
/// text is kept whole as the answer of `answer_in`, never guessed apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormBox {
    /// The question whose answer holds the box's text.
    pub answer_in: String,
    /// Every question the box asks, in order (`answer_in` among them).
    pub questions: Vec<String>,
}

/// Which questionnaire a response or draft answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
    pub title: String,
    #[serde(default)]
    pub organisation: String,
}

impl QuestionnaireRef {
    pub fn of(q: &Questionnaire) -> QuestionnaireRef {
        QuestionnaireRef {
            id: q.id.clone(),
            version: q.version.clone(),
            title: q.title.clone(),
            organisation: q.organisation.clone(),
        }
    }
}

/// The program that wrote a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generator {
    pub name: String,
    pub version: String,
}

impl Generator {
    pub fn this() -> Generator {
        Generator {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// One question with its answer, carrying the question's words so the file reads on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerEntry {
    pub section_id: String,
    pub section: String,
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub kind: KindName,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub identifying: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The question is not in the current questionnaire version; the answer is kept all the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
    /// `null` when the question was left unanswered.
    pub answer: Option<AnswerValue>,
    /// Set by `import` when the Word form asks this question together with others in one box
    /// that was answered as a whole. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_box: Option<FormBox>,
}

impl AnswerEntry {
    pub fn new(section: &Section, question: &Question, answer: Option<AnswerValue>) -> AnswerEntry {
        AnswerEntry {
            section_id: section.id.clone(),
            section: section.title.clone(),
            question: question.prompt.clone(),
            help: question.help.clone(),
            kind: question.kind.name(),
            required: question.required,
            identifying: question.identifying,
            role: question.role,
            retired: false,
            answer,
            form_box: None,
        }
    }

    /// The answer, unless it is missing or blank.
    pub fn given(&self) -> Option<&AnswerValue> {
        self.answer.as_ref().filter(|a| !a.is_empty())
    }
}

impl Response {
    /// The first answer with the given role.
    pub fn by_role(&self, role: Role) -> Option<(&String, &AnswerEntry)> {
        self.answers.iter().find(|(_, e)| e.role == Some(role))
    }

    /// The text answer with the given role, when given.
    pub fn text_of(&self, role: Role) -> Option<String> {
        self.by_role(role)
            .and_then(|(_, e)| e.given())
            .map(|a| a.to_text())
    }

    /// The sections in the order their first question appears, with their answers.
    pub fn sections(&self) -> Vec<(&str, Vec<(&String, &AnswerEntry)>)> {
        let mut out: Vec<(&str, Vec<(&String, &AnswerEntry)>)> = Vec::new();
        for (id, entry) in &self.answers {
            match out.iter_mut().find(|(title, _)| *title == entry.section) {
                Some((_, entries)) => entries.push((id, entry)),
                None => out.push((entry.section.as_str(), vec![(id, entry)])),
            }
        }
        out
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a response always serialises");
        s.push('\n');
        s
    }
}

/// The current time as RFC 3339 with the local UTC offset, for example
/// `2026-11-28T10:15:00+00:00`.
pub fn now_with_offset() -> String {
    let now = jiff::Timestamp::now();
    let whole_seconds = jiff::Timestamp::from_second(now.as_second()).unwrap_or(now);
    let offset = local_time_zone().to_offset(whole_seconds);
    whole_seconds.display_with_offset(offset).to_string()
}

/// Today's date where the program runs.
pub fn today() -> jiff::civil::Date {
    local_time_zone().to_datetime(jiff::Timestamp::now()).date()
}

/// The local time zone, looked up once. Only its offset is needed, so without `TZ` the rules are
/// read straight from /etc/localtime: asking jiff for the system zone by name lists the whole
/// zoneinfo database, which was most of the work before the first prompt.
fn local_time_zone() -> &'static jiff::tz::TimeZone {
    static ZONE: std::sync::OnceLock<jiff::tz::TimeZone> = std::sync::OnceLock::new();
    ZONE.get_or_init(|| {
        if std::env::var_os("TZ").is_none()
            && let Ok(bytes) = std::fs::read("/etc/localtime")
            && let Ok(zone) = jiff::tz::TimeZone::tzif("Local", &bytes)
        {
            return zone;
        }
        jiff::tz::TimeZone::system()
    })
}

/// Checks that a timestamp is RFC 3339 with an offset.
pub fn valid_timestamp(s: &str) -> bool {
    s.parse::<jiff::Timestamp>().is_ok()
}

impl Response {
    /// Reads a response file's JSON through the strict reader ([`crate::response_json`]), the
    /// same checks every command makes, explaining in plain words what is wrong when it cannot.
    pub fn from_json(bytes: &[u8]) -> Result<Response, String> {
        crate::response_json::parse_response(bytes)
    }
}
