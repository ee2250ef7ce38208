//! The questionnaire: read once from TOML, checked once, then used as typed values only.
//!
//! Every problem found while loading becomes a [`QuestionnaireError`] naming the file, line and
//! column, so that whoever edits `questions.toml` can go straight to the mistake.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::source_excerpt::LocatedProblem;

/// The questionnaire built into the binary: NDTi's call for practice examples.
pub const EMBEDDED: &str = include_str!("../questions.toml");
/// The columns every table `collate` writes (CSV, workbook) starts with, before one column per
/// question id. No question may take one of these ids, except that the question whose role is
/// `respondent_type` may be called `respondent_type` (it fills that column).
pub const FIXED_COLUMNS: [&str; 6] = [
    "response_id",
    "completed_at",
    "questionnaire_version",
    "consent_to_future_contact",
    "respondent_type",
    "problems",
];

/// The most columns a spreadsheet shows (Excel, and LibreOffice since 7.4: 16,384, XFD).
pub const SPREADSHEET_COLUMNS: usize = 16_384;

/// Whether `id` is well-formed for a questionnaire, section, question or choice: a lowercase
/// letter, then lowercase letters, digits, `_` and `-`.
pub fn is_valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Whether a question with this id and role would take the name of one of [`FIXED_COLUMNS`].
pub fn takes_fixed_column(id: &str, role: Option<Role>) -> bool {
    FIXED_COLUMNS.contains(&id) && !(id == "respondent_type" && role == Some(Role::RespondentType))
}

/// The name the embedded questionnaire goes by in messages.
pub const EMBEDDED_NAME: &str = "questions.toml (built in)";

/// A loaded, checked questionnaire.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub title: String,
    pub organisation: String,
    pub intro: String,
    pub estimated_minutes: Option<u32>,
    pub return_to: ReturnDetails,
    pub sections: Vec<Section>,
    /// The Word form's own words beyond its title, prompts and help (`[word_form]`).
    pub word_form: WordForm,
}

/// The words of the Word (or paper) form that are neither the questionnaire's title and intro
/// nor a section title, prompt or help text: its heading lines, how to return it, its closing
/// words. `import` knows them as the form's own, so they are never taken for an answer, and
/// text after the `below` words is known to be below the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordForm {
    /// Paragraphs (or sentences) found above the form's first question.
    pub above: Vec<String>,
    /// Paragraphs found below its last question.
    pub below: Vec<String>,
}

/// Where and by when completed responses go back to the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnDetails {
    pub email: String,
    pub postal_address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_contact: Option<String>,
    /// The deadline as an ISO date (`2016-01-15`).
    pub deadline: String,
    pub email_subject: String,
    /// The organisation's age public key (`age1...`); responses are also written encrypted to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_recipient: Option<String>,
}

impl ReturnDetails {
    /// The deadline in words, for example "Friday 15 January 2016".
    pub fn deadline_text(&self) -> String {
        match self.deadline.parse::<jiff::civil::Date>() {
            Ok(date) => date.strftime("%A %-d %B %Y").to_string(),
            Err(_) => self.deadline.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub intro: Option<String>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    pub help: Option<String>,
    pub kind: Kind,
    pub required: bool,
    /// Contact details that `collate --anonymise` leaves out.
    pub identifying: bool,
    pub role: Option<Role>,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Short,
    /// One line holding an email address.
    Email,
    /// One line holding a telephone number.
    Phone,
    /// Any number of lines and paragraphs.
    Long,
    /// Yes or no.
    YesNo { default: Option<bool> },
    /// One (or with `multiple`, several) of a list, plus an optional "other" described in words.
    Choice {
        choices: Vec<ChoiceItem>,
        multiple: bool,
        other: Option<String>,
        default: Vec<String>,
    },
}

impl Kind {
    /// The name used in `questions.toml` and in response files.
    pub fn name(&self) -> KindName {
        match self {
            Kind::Short => KindName::Short,
            Kind::Email => KindName::Email,
            Kind::Phone => KindName::Phone,
            Kind::Long => KindName::Long,
            Kind::YesNo { .. } => KindName::YesNo,
            Kind::Choice {
                multiple: false, ..
            } => KindName::Choice,
            Kind::Choice { multiple: true, .. } => KindName::MultiChoice,
        }
    }
}

/// The kinds of question, as spelled in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KindName {
    Short,
    Email,
    Phone,
    Long,
    YesNo,
    Choice,
    MultiChoice,
}

impl KindName {
    pub const ALL: [KindName; 7] = [
        KindName::Short,
        KindName::Email,
        KindName::Phone,
        KindName::Long,
        KindName::YesNo,
        KindName::Choice,
        KindName::MultiChoice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            KindName::Short => "short",
            KindName::Email => "email",
            KindName::Phone => "phone",
            KindName::Long => "long",
            KindName::YesNo => "yesno",
            KindName::Choice => "choice",
            KindName::MultiChoice => "multichoice",
        }
    }

    fn parse(s: &str) -> Option<KindName> {
        KindName::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for KindName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One option of a choice question: a stable id and the words shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceItem {
    pub id: String,
    pub label: String,
}

/// What a question is for, beyond its words: lets the tool find the respondent's name, the
/// consent and so on in any questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Name,
    Organisation,
    Email,
    Phone,
    Consent,
    RespondentType,
}

impl Role {
    const ALL: [Role; 6] = [
        Role::Name,
        Role::Organisation,
        Role::Email,
        Role::Phone,
        Role::Consent,
        Role::RespondentType,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Name => "name",
            Role::Organisation => "organisation",
            Role::Email => "email",
            Role::Phone => "phone",
            Role::Consent => "consent",
            Role::RespondentType => "respondent_type",
        }
    }
}

impl Questionnaire {
    /// The questionnaire built into the binary.
    pub fn embedded() -> Questionnaire {
        // The embedded file is checked by a test, so this cannot fail in a released binary.
        Questionnaire::parse(EMBEDDED, EMBEDDED_NAME).expect("the built-in questionnaire is valid")
    }

    /// The questionnaire in `path` when one is given (`--questions FILE`), otherwise the
    /// built-in one.
    pub fn load_or_embedded(path: Option<&Path>) -> Result<Questionnaire, QuestionnaireError> {
        match path {
            Some(p) => Questionnaire::load(p),
            None => Ok(Questionnaire::embedded()),
        }
    }

    /// Reads and checks a questionnaire file.
    pub fn load(path: &Path) -> Result<Questionnaire, QuestionnaireError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| QuestionnaireError::Read {
            path: name.clone(),
            source,
        })?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text,
            Err(e) => {
                // Point at the first byte that is not UTF-8; the text before it is fine to show.
                let good = &bytes[..e.valid_up_to()];
                let good = std::str::from_utf8(good).unwrap_or_default();
                return Err(QuestionnaireError::at(
                    &name,
                    good,
                    good.len()..good.len(),
                    "the file is not UTF-8 text: save it as UTF-8 (plain text) and try again"
                        .to_string(),
                ));
            }
        };
        Questionnaire::parse(text, &name)
    }

    /// Checks questionnaire text; `name` is used in error messages.
    pub fn parse(text: &str, name: &str) -> Result<Questionnaire, QuestionnaireError> {
        if text.trim().is_empty() {
            return Err(QuestionnaireError::at(
                name,
                text,
                0..0,
                "the questionnaire file is empty: it needs at least `id`, `version`, `title`, \
                 `organisation`, `intro`, a [return] table and one [[sections]] table"
                    .to_string(),
            ));
        }
        let raw: RawQuestionnaire = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let key = text.get(span.clone()).unwrap_or_default();
            QuestionnaireError::at(
                name,
                text,
                span.clone(),
                plain_toml_message(e.message(), key),
            )
        })?;
        Checker { name, text }.check(raw)
    }

    pub fn questions(&self) -> impl Iterator<Item = (&Section, &Question)> {
        self.sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| q.id == id)
    }

    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }

    pub fn with_role(&self, role: Role) -> Option<&Question> {
        self.questions()
            .map(|(_, q)| q)
            .find(|q| q.role == Some(role))
    }
}

/// A problem with a questionnaire file.
#[derive(Debug, thiserror::Error)]
pub enum QuestionnaireError {
    #[error("cannot read the questionnaire {path}: {}", plain_io_message(source))]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Where in the file, and what is wrong there.
    #[error(transparent)]
    Invalid(LocatedProblem),
}

impl QuestionnaireError {
    fn at(file: &str, text: &str, span: Range<usize>, message: String) -> QuestionnaireError {
        QuestionnaireError::Invalid(LocatedProblem::new(file, text, span.start, message))
    }

    /// Line and column (both from 1) where the problem is, when known.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            QuestionnaireError::Invalid(p) => Some((p.at.line, p.at.column)),
            QuestionnaireError::Read { .. } => None,
        }
    }
}

/// The reasons a file cannot be read, in plain words.
fn plain_io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".to_string(),
        _ => error.to_string(),
    }
}

/// toml's messages are written for programmers; a few are reworded for everyone else. `found`
/// is the text the error points at (for a duplicate key, the key itself).
pub(crate) fn plain_toml_message(message: &str, found: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        let expected = rest
            .split_once(", expected ")
            .map(|(_, e)| {
                let e = e.trim_start_matches("one of ").replace('`', "");
                format!(" (the keys allowed here are: {e})")
            })
            .unwrap_or_default();
        return format!("unknown key `{field}`{expected}");
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!("missing key `{field}`");
    }
    if message.starts_with("duplicate key") {
        let key = found.trim().trim_matches(|c| c == '[' || c == ']').trim();
        if key.is_empty() || key.contains('\n') {
            return "this key is given twice".to_string();
        }
        return format!("`{key}` is given twice: each key may appear only once in a table");
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            let expected = match expected {
                "u32" => "a whole number (0 or more)",
                "a boolean" => "true or false",
                other => other,
            };
            return format!("expected {expected} here, not {found}");
        }
    }
    format!("syntax error: {message}")
}

// ---- The file as written: raw serde structs, checked by `Checker` into the typed values. ----

/// The whole file (`questions.toml`): the questionnaire's top-level keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestionnaire {
    /// Required. A stable identifier for the questionnaire, copied into every draft and
    /// response: a lowercase letter, then lowercase letters, digits, `_` and `-`.
    id: Spanned<String>,
    /// Required, not empty. Which edition of the questionnaire this is (any text, for example
    /// `2016.1`); a draft begun under another version is reconciled when resumed.
    version: Spanned<String>,
    /// Required, not empty. The questionnaire's title, shown at the start and in responses.
    title: Spanned<String>,
    /// Required. The organisation that asks the questions and receives the responses.
    organisation: String,
    /// Required. The words shown before the first question: what the call is and why.
    intro: String,
    /// Optional. About how many minutes answering takes, shown at the start.
    estimated_minutes: Option<u32>,
    /// Required: the `[return]` table, saying where and by when responses go back.
    #[serde(rename = "return")]
    return_to: Spanned<RawReturn>,
    /// Required, at least one: the `[[sections]]` tables, asked in the order written.
    sections: Option<Spanned<Vec<Spanned<RawSection>>>>,
    /// Optional: the `[word_form]` table, the Word form's own words beyond its questions.
    word_form: Option<RawWordForm>,
}

/// The `[word_form]` table: the words of the Word form that are not a title, prompt or help
/// text, so that `import` never takes them for an answer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWordForm {
    /// Optional. Paragraphs of the form above its first question, each as written there.
    #[serde(default)]
    above: Vec<Spanned<String>>,
    /// Optional. Paragraphs of the form below its last question.
    #[serde(default)]
    below: Vec<Spanned<String>>,
}

/// The `[return]` table: where and by when completed responses go back to the organisation.
/// Shown to the respondent at the end and written into every response.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReturn {
    /// Required. The email address responses are sent to (`name@example.org`); the `email`
    /// command addresses its message here.
    email: Spanned<String>,
    /// Required. The postal address for responses sent on paper.
    postal_address: String,
    /// Optional. A telephone number for people who would rather talk than write.
    phone: Option<String>,
    /// Optional. Whom to ask for on that number.
    phone_contact: Option<String>,
    /// Required. The closing date, written `YYYY-MM-DD`; shown in words ("Friday 15 January
    /// 2016").
    deadline: Spanned<String>,
    /// Required. The subject line of the email the `email` command makes.
    email_subject: String,
    /// Optional. The organisation's age public key (`age1...`). When given, finished responses
    /// are also written encrypted to it.
    age_recipient: Option<Spanned<String>>,
}

/// One `[[sections]]` table: a titled group of questions, asked in the order written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    /// Required, unique among sections. Same rules as the questionnaire `id`.
    id: Option<Spanned<String>>,
    /// Required, not empty. The section heading.
    title: Option<Spanned<String>>,
    /// Optional. Words shown under the heading before its first question.
    intro: Option<String>,
    /// Required, at least one: the `[[sections.questions]]` tables that follow the section.
    #[serde(default)]
    questions: Vec<Spanned<RawQuestion>>,
}

/// One `[[sections.questions]]` table: a question of the section above it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    /// Required, unique in the whole questionnaire, and never to be reused for a different
    /// question: answers are stored under it in drafts and responses. Same rules as the
    /// questionnaire `id`.
    id: Option<Spanned<String>>,
    /// Required. What kind of answer the question takes: `short`, `email`, `phone`, `long`,
    /// `yesno`, `choice` or `multichoice`.
    kind: Option<Spanned<String>>,
    /// Required, not empty. The question as the respondent sees it.
    prompt: Option<Spanned<String>>,
    /// Optional. Guidance shown under the prompt.
    help: Option<String>,
    /// Optional, default `false`. Whether the response can only be finished with an answer.
    #[serde(default)]
    required: bool,
    /// Optional, default `false`. Marks contact details: `collate --anonymise` leaves them out.
    #[serde(default)]
    identifying: bool,
    /// Optional. What the question is for (`name`, `organisation`, `email`, `phone`, `consent`,
    /// `respondent_type`), so the tool can find it in any questionnaire. Each role belongs to
    /// at most one question, and must fit its kind.
    role: Option<Spanned<String>>,
    /// `choice` and `multichoice` only, and required there: the options, in order, each an
    /// inline table `{ id = "...", label = "..." }`.
    choices: Option<Spanned<Vec<Spanned<RawChoice>>>>,
    /// `choice` and `multichoice` only, optional: the words of a last "other" option; the
    /// respondent who picks it is asked to describe it.
    other: Option<String>,
    /// Optional. The answer offered before the respondent gives one: `true` or `false` for
    /// `yesno` (never for the consent question); a choice id for `choice`; a choice id or a
    /// list of them for `multichoice`. Not allowed for the text kinds.
    default: Option<Spanned<toml::Value>>,
}

/// One option of a choice question, written `{ id = "...", label = "..." }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    /// Required, unique within the question, stored in responses: same rules as the
    /// questionnaire `id`; `other` is taken when the question has an `other` option.
    id: Spanned<String>,
    /// Required, not empty. The words shown for the option and written beside its id.
    label: Spanned<String>,
}

struct Checker<'a> {
    name: &'a str,
    text: &'a str,
}

type Checked<T> = Result<T, QuestionnaireError>;

impl Checker<'_> {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> QuestionnaireError {
        QuestionnaireError::at(self.name, self.text, span, message.into())
    }

    /// Where the string value `value` is written within `span` (an array, say), so that an error
    /// can point at the one item at fault; the whole span when it cannot be found.
    fn string_within(&self, span: Range<usize>, value: &str) -> Range<usize> {
        let Some(written) = self.text.get(span.clone()) else {
            return span;
        };
        for quote in ['"', '\''] {
            let needle = format!("{quote}{value}{quote}");
            if let Some(at) = written.find(&needle) {
                let start = span.start + at;
                return start..start + needle.len();
            }
        }
        span
    }

    fn non_empty(&self, value: Spanned<String>, what: &str) -> Checked<String> {
        if value.get_ref().trim().is_empty() {
            return Err(self.err(value.span(), format!("{what} is empty")));
        }
        Ok(value.into_inner())
    }

    fn ident(&self, value: Spanned<String>, what: &str) -> Checked<String> {
        let span = value.span();
        let id = value.into_inner();
        if !is_valid_id(&id) {
            return Err(self.err(
                span,
                format!(
                    "{what} `{id}` must start with a lowercase letter and hold only lowercase letters, digits, `_` and `-`"
                ),
            ));
        }
        Ok(id)
    }

    /// Checks the whole questionnaire: its id and words, the return table, then each section
    /// and its questions (ids and roles unique across all of them), then the Word form's words.
    fn check(&self, raw: RawQuestionnaire) -> Checked<Questionnaire> {
        let id = self.ident(raw.id, "the questionnaire id")?;
        let version = self.non_empty(raw.version, "the questionnaire version")?;
        let title = self.non_empty(raw.title, "the title")?;
        let return_to = self.return_to(raw.return_to.into_inner())?;
        // Without any `sections` key, the file as a whole is at fault, as toml reports other
        // missing top-level keys; an empty `sections = []` is pointed at.
        let raw_sections = match raw.sections {
            Some(sections) if !sections.get_ref().is_empty() => sections.into_inner(),
            Some(sections) => {
                return Err(self.err(
                    sections.span(),
                    "the questionnaire has no sections: add at least one [[sections]] table",
                ));
            }
            None => {
                return Err(self.err(
                    0..0,
                    "the questionnaire has no sections: add at least one [[sections]] table",
                ));
            }
        };
        let mut seen = Seen::default();
        let sections = raw_sections
            .into_iter()
            .map(|s| self.section(s, &mut seen))
            .collect::<Checked<Vec<Section>>>()?;
        let word_form = match raw.word_form {
            Some(w) => WordForm {
                above: self.form_words(w.above, "above")?,
                below: self.form_words(w.below, "below")?,
            },
            None => WordForm::default(),
        };
        Ok(Questionnaire {
            id,
            version,
            title,
            organisation: raw.organisation,
            intro: raw.intro,
            estimated_minutes: raw.estimated_minutes,
            return_to,
            sections,
            word_form,
        })
    }

    /// The `[return]` table: a valid email address, a real deadline, and an age public key
    /// when one is given.
    fn return_to(&self, r: RawReturn) -> Checked<ReturnDetails> {
        let email_span = r.email.span();
        let email = r.email.into_inner();
        if crate::field_rules::check_email(&email).is_err() {
            return Err(self.err(
                email_span,
                format!("the return email address `{email}` is not a valid email address"),
            ));
        }
        let deadline_span = r.deadline.span();
        let deadline = r.deadline.into_inner();
        if deadline.parse::<jiff::civil::Date>().is_err() {
            return Err(self.err(
                deadline_span,
                format!(
                    "the deadline `{deadline}` is not a real date written as YYYY-MM-DD, for example 2016-01-15"
                ),
            ));
        }
        let age_recipient = match r.age_recipient {
            Some(key) => {
                let span = key.span();
                let key = key.into_inner();
                if key.trim().parse::<age::x25519::Recipient>().is_err() {
                    return Err(self.err(
                        span,
                        "`age_recipient` is not an age public key (it should start with `age1`)",
                    ));
                }
                Some(key.trim().to_string())
            }
            None => None,
        };
        Ok(ReturnDetails {
            email,
            postal_address: r.postal_address,
            phone: r.phone,
            phone_contact: r.phone_contact,
            deadline,
            email_subject: r.email_subject,
            age_recipient,
        })
    }

    /// One section: a well-formed id used once, a title, and at least one question.
    fn section(&self, raw: Spanned<RawSection>, seen: &mut Seen) -> Checked<Section> {
        let span = raw.span();
        let s = raw.into_inner();
        let Some(id) = s.id else {
            return Err(self.err(span, "this section has no `id`"));
        };
        let id_span = id.span();
        let sid = self.ident(id, "the section id")?;
        if !seen.sections.insert(sid.clone()) {
            return Err(self.err(id_span, format!("duplicate section id `{sid}`")));
        }
        let title = match s.title {
            Some(t) => self.non_empty(t, "the section title")?,
            None => return Err(self.err(span, format!("section `{sid}` has no `title`"))),
        };
        if s.questions.is_empty() {
            return Err(self.err(
                span,
                format!("section `{sid}` is empty: add at least one [[sections.questions]]"),
            ));
        }
        let questions = s
            .questions
            .into_iter()
            .map(|q| self.question(q, &mut seen.questions, &mut seen.roles))
            .collect::<Checked<Vec<Question>>>()?;
        Ok(Section {
            id: sid,
            title,
            intro: s.intro,
            questions,
        })
    }

    fn form_words(&self, words: Vec<Spanned<String>>, key: &str) -> Checked<Vec<String>> {
        words
            .into_iter()
            .map(|w| self.non_empty(w, &format!("an entry of `word_form.{key}`")))
            .collect()
    }

    /// Checks one question: its id, its words, its kind (with its choices and default), and
    /// its role. Each check is a function below, in that order.
    fn question(
        &self,
        raw: Spanned<RawQuestion>,
        ids: &mut HashSet<String>,
        roles: &mut HashMap<Role, String>,
    ) -> Checked<Question> {
        let span = raw.span();
        let q = raw.into_inner();
        let role_named = q
            .role
            .as_ref()
            .and_then(|r| Role::ALL.into_iter().find(|x| x.as_str() == r.get_ref()));
        let id = self.question_id(q.id, role_named, span.clone(), ids)?;
        let prompt = match q.prompt {
            Some(p) => self.non_empty(p, &format!("the prompt of question `{id}`"))?,
            None => {
                return Err(self.err(
                    span,
                    format!("question `{id}` has no `prompt` (the words the respondent sees)"),
                ));
            }
        };
        let kind_name = self.kind_name(q.kind, &id, span.clone())?;
        let default_span = q.default.as_ref().map(|d| d.span());
        let kind = self.kind(
            kind_name,
            RawKind {
                choices: q.choices,
                other: q.other,
                default: q.default,
            },
            &id,
            span,
        )?;
        let role = match q.role {
            None => None,
            Some(r) => Some(self.role(r, &id, &kind, kind_name, default_span, roles)?),
        };
        Ok(Question {
            id,
            prompt,
            help: q.help,
            kind,
            required: q.required,
            identifying: q.identifying,
            role,
        })
    }

    /// A question's id: well formed, not used before, and not the name of one of `collate`'s
    /// fixed columns.
    fn question_id(
        &self,
        id: Option<Spanned<String>>,
        role: Option<Role>,
        span: Range<usize>,
        ids: &mut HashSet<String>,
    ) -> Checked<String> {
        let Some(id) = id else {
            return Err(self.err(span, "this question has no `id`"));
        };
        let id_span = id.span();
        let id = self.ident(id, "the question id")?;
        if !ids.insert(id.clone()) {
            return Err(self.err(id_span, format!("duplicate question id `{id}`")));
        }
        if takes_fixed_column(&id, role) {
            return Err(self.err(
                id_span,
                format!(
                    "the question id `{id}` is kept for a column of `collate`'s spreadsheet; choose another"
                ),
            ));
        }
        Ok(id)
    }

    /// The kind a question names, one of [`KindName::ALL`].
    fn kind_name(
        &self,
        kind: Option<Spanned<String>>,
        id: &str,
        span: Range<usize>,
    ) -> Checked<KindName> {
        let Some(k) = kind else {
            return Err(self.err(span, format!("question `{id}` has no `kind`")));
        };
        KindName::parse(k.get_ref()).ok_or_else(|| {
            let all: Vec<&str> = KindName::ALL.iter().map(|k| k.as_str()).collect();
            self.err(
                k.span(),
                format!(
                    "unknown kind `{}` for question `{id}` (use one of: {})",
                    k.get_ref(),
                    all.join(", ")
                ),
            )
        })
    }

    /// The kind with what it takes: choices and an "other" for a choice, a default where the
    /// kind allows one (never for a text).
    fn kind(&self, name: KindName, raw: RawKind, id: &str, span: Range<usize>) -> Checked<Kind> {
        let is_choice = matches!(name, KindName::Choice | KindName::MultiChoice);
        if !is_choice && let Some(choices) = &raw.choices {
            return Err(self.err(
                choices.span(),
                format!("question `{id}` is of kind `{name}`, which takes no `choices`"),
            ));
        }
        match name {
            KindName::Short | KindName::Email | KindName::Phone | KindName::Long => {
                if let Some(d) = &raw.default {
                    return Err(self.err(
                        d.span(),
                        format!("question `{id}` is of kind `{name}`, which takes no `default`"),
                    ));
                }
                Ok(match name {
                    KindName::Short => Kind::Short,
                    KindName::Email => Kind::Email,
                    KindName::Phone => Kind::Phone,
                    _ => Kind::Long,
                })
            }
            KindName::YesNo => Ok(Kind::YesNo {
                default: self.yes_no_default(raw.default, id)?,
            }),
            KindName::Choice | KindName::MultiChoice => {
                let Some(raw_choices) = raw.choices else {
                    return Err(self.err(span, format!("choice question `{id}` has no `choices`")));
                };
                let choices = self.choices(raw_choices, raw.other.is_some(), id)?;
                let multiple = name == KindName::MultiChoice;
                let default = match raw.default {
                    None => Vec::new(),
                    Some(d) => self.choice_default(d, &choices, multiple, id)?,
                };
                Ok(Kind::Choice {
                    choices,
                    multiple,
                    other: raw.other,
                    default,
                })
            }
        }
    }

    /// A yes/no question's default: true or false.
    fn yes_no_default(
        &self,
        default: Option<Spanned<toml::Value>>,
        id: &str,
    ) -> Checked<Option<bool>> {
        match default {
            None => Ok(None),
            Some(d) => match d.get_ref() {
                toml::Value::Boolean(b) => Ok(Some(*b)),
                _ => Err(self.err(
                    d.span(),
                    format!("the default of yes/no question `{id}` must be true or false"),
                )),
            },
        }
    }

    /// A choice question's options: at least one, each with a well-formed id used once (and
    /// not `other` when the question has an "other") and a label.
    fn choices(
        &self,
        raw: Spanned<Vec<Spanned<RawChoice>>>,
        has_other: bool,
        id: &str,
    ) -> Checked<Vec<ChoiceItem>> {
        let span = raw.span();
        let raw = raw.into_inner();
        if raw.is_empty() {
            return Err(self.err(
                span,
                format!("choice question `{id}` has an empty list of `choices`"),
            ));
        }
        let mut seen = HashSet::new();
        let mut choices = Vec::new();
        for c in raw {
            let c = c.into_inner();
            let cspan = c.id.span();
            let cid = self.ident(c.id, "the choice id")?;
            if cid == "other" && has_other {
                return Err(self.err(
                    cspan,
                    format!("choice id `other` in question `{id}` is taken by its `other` option"),
                ));
            }
            if !seen.insert(cid.clone()) {
                return Err(self.err(
                    cspan,
                    format!("duplicate choice id `{cid}` in question `{id}`"),
                ));
            }
            let label = self.non_empty(
                c.label,
                &format!("the label of choice `{cid}` in question `{id}`"),
            )?;
            choices.push(ChoiceItem { id: cid, label });
        }
        Ok(choices)
    }

    /// A choice question's default: one choice id (a list of them where several may be
    /// chosen), each among its choices.
    fn choice_default(
        &self,
        default: Spanned<toml::Value>,
        choices: &[ChoiceItem],
        multiple: bool,
        id: &str,
    ) -> Checked<Vec<String>> {
        let dspan = default.span();
        let values: Vec<String> = match default.into_inner() {
            toml::Value::String(s) => vec![s],
            toml::Value::Array(items) if multiple => items
                .into_iter()
                .map(|item| match item {
                    toml::Value::String(s) => Ok(s),
                    _ => Err(self.err(
                        dspan.clone(),
                        format!("the default of question `{id}` must list choice ids"),
                    )),
                })
                .collect::<Checked<Vec<String>>>()?,
            _ => {
                return Err(self.err(
                    dspan,
                    format!("the default of question `{id}` must be a choice id"),
                ));
            }
        };
        for v in &values {
            if !choices.iter().any(|c| &c.id == v) {
                return Err(self.err(
                    self.string_within(dspan.clone(), v),
                    format!("the default `{v}` of question `{id}` is not among its choices"),
                ));
            }
        }
        Ok(values)
    }

    /// A question's role: a known one, given to this question only, fitting its kind, and
    /// for the consent, with no default (consent is never pre-selected).
    fn role(
        &self,
        raw: Spanned<String>,
        id: &str,
        kind: &Kind,
        kind_name: KindName,
        default_span: Option<Range<usize>>,
        roles: &mut HashMap<Role, String>,
    ) -> Checked<Role> {
        let rspan = raw.span();
        let Some(role) = Role::ALL.into_iter().find(|x| x.as_str() == raw.get_ref()) else {
            let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            return Err(self.err(
                rspan,
                format!(
                    "unknown role `{}` (use one of: {})",
                    raw.get_ref(),
                    all.join(", ")
                ),
            ));
        };
        if let Some(first) = roles.get(&role) {
            return Err(self.err(
                rspan,
                format!(
                    "question `{id}` has the role `{}`, which question `{first}` already has: a role may be given to one question only",
                    role.as_str()
                ),
            ));
        }
        roles.insert(role, id.to_string());
        let fits = match role {
            Role::Consent => matches!(kind, Kind::YesNo { .. }),
            Role::Email => *kind == Kind::Email,
            Role::Phone => *kind == Kind::Phone,
            Role::Name | Role::Organisation => *kind == Kind::Short,
            Role::RespondentType => matches!(kind, Kind::Choice { .. }),
        };
        if !fits {
            return Err(self.err(
                rspan,
                format!(
                    "question `{id}` has the role `{}`, which does not fit its kind `{kind_name}`",
                    role.as_str()
                ),
            ));
        }
        if role == Role::Consent && matches!(kind, Kind::YesNo { default: Some(_) }) {
            return Err(self.err(
                default_span.unwrap_or(rspan),
                format!(
                    "consent question `{id}` must not have a default: consent is never pre-selected"
                ),
            ));
        }
        Ok(role)
    }
}

/// What must be unique across the questionnaire: section ids, question ids, roles (with the
/// question that has each).
#[derive(Default)]
struct Seen {
    sections: HashSet<String>,
    questions: HashSet<String>,
    roles: HashMap<Role, String>,
}

/// The parts of a raw question that its kind decides about.
struct RawKind {
    choices: Option<Spanned<Vec<Spanned<RawChoice>>>>,
    other: Option<String>,
    default: Option<Spanned<toml::Value>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_questionnaire_loads() {
        let q = Questionnaire::parse(EMBEDDED, EMBEDDED_NAME).unwrap();
        assert!(q.with_role(Role::Consent).is_some());
        assert!(q.question_count() > 20);
    }
}
