//! A borrowed, read-only view of a response file: the shape of
//! [`Response`](crate::response::Response) field for field, with every string borrowed from the
//! file's bytes rather than copied.
//!
//! It is what the strict reader ([`crate::response_json`]) reads every response file into first,
//! for every command, so that whether a file is a response is decided once, the same way
//! everywhere; `collate` then works from the view alone (ten thousand files without copying
//! their answers), and `print`, `validate` and `email` take the owned `Response` from the same
//! checked parse. The field types are those of `Response` (the same enums, the same ids, the
//! same optional and defaulted fields, the same untagged answer shapes), so that the two accept
//! exactly the same files; a test and the fuzz target hold them to it.

use std::borrow::Cow;

use serde::Deserialize;

use crate::ordered_entries::OrderedEntries;
use uuid::Uuid;

use crate::questionnaire::{KindName, Role};
use crate::response::SourceKind;

/// The whole response file.
#[derive(Debug, Deserialize)]
pub struct ResponseView<'a> {
    #[serde(borrow)]
    pub format: Cow<'a, str>,
    pub format_version: u32,
    #[serde(borrow)]
    pub questionnaire: QuestionnaireView<'a>,
    pub response_id: Uuid,
    #[serde(borrow)]
    pub started_at: Cow<'a, str>,
    #[serde(borrow)]
    pub completed_at: Cow<'a, str>,
    #[serde(borrow)]
    pub generator: GeneratorView<'a>,
    pub consent_to_future_contact: bool,
    #[serde(borrow)]
    pub return_to: ReturnView<'a>,
    #[serde(borrow)]
    pub answers: Answers<'a>,
    /// The form an imported response was read from; `None` for the wizard's responses.
    #[serde(borrow, default)]
    pub source: Option<SourceView<'a>>,
    /// Text of an imported form that answers no question; `None` for the wizard's responses.
    #[serde(borrow, default)]
    pub unplaced: Option<Vec<UnplacedView<'a>>>,
}

/// The document an imported response was read from, as
/// [`Source`](crate::response::Source).
#[derive(Debug, Deserialize)]
pub struct SourceView<'a> {
    pub kind: SourceKind,
    #[serde(borrow)]
    pub file: Cow<'a, str>,
    #[serde(borrow)]
    pub sha256: Cow<'a, str>,
    /// Ids of the questions the form does not ask.
    #[serde(borrow, default)]
    pub not_on_form: Vec<Cow<'a, str>>,
}

/// A piece of text of an imported form that answers no question, as
/// [`Unplaced`](crate::response::Unplaced).
#[derive(Debug, Deserialize)]
pub struct UnplacedView<'a> {
    #[serde(borrow)]
    pub text: Cow<'a, str>,
    #[serde(borrow)]
    pub location: Cow<'a, str>,
    #[serde(borrow, default)]
    pub question: Option<Cow<'a, str>>,
}

/// Several questions a form asks in one box answered as a whole, as
/// [`FormBox`](crate::response::FormBox).
#[derive(Debug, Deserialize)]
pub struct FormBoxView<'a> {
    #[serde(borrow)]
    pub answer_in: Cow<'a, str>,
    #[serde(borrow)]
    pub questions: Vec<Cow<'a, str>>,
}

/// Which questionnaire the response answers.
#[derive(Debug, Deserialize)]
pub struct QuestionnaireView<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub version: Cow<'a, str>,
    #[serde(borrow)]
    pub title: Cow<'a, str>,
    #[serde(borrow, default)]
    pub organisation: Cow<'a, str>,
}

/// The program that wrote the file.
#[derive(Debug, Deserialize)]
pub struct GeneratorView<'a> {
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(borrow)]
    pub version: Cow<'a, str>,
}

/// Where and by when the response goes back.
#[derive(Debug, Deserialize)]
pub struct ReturnView<'a> {
    #[serde(borrow)]
    pub email: Cow<'a, str>,
    #[serde(borrow)]
    pub postal_address: Cow<'a, str>,
    #[serde(borrow, default)]
    pub phone: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub phone_contact: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub deadline: Cow<'a, str>,
    #[serde(borrow)]
    pub email_subject: Cow<'a, str>,
    #[serde(borrow, default)]
    pub age_recipient: Option<Cow<'a, str>>,
}

/// The answers in file order (questionnaire order), keyed by question id. The strict reader has
/// already refused a file in which an id comes twice.
#[derive(Debug, Default)]
pub struct Answers<'a>(pub Vec<(Cow<'a, str>, EntryView<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Answers<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// A key borrowed from the file, which a plain `Cow` map key cannot ask for.
        #[derive(Deserialize)]
        #[serde(transparent)]
        struct Key<'a>(#[serde(borrow)] Cow<'a, str>);

        let entries = OrderedEntries::<Key<'a>, EntryView<'a>>::deserialize(d)?;
        Ok(Answers(
            entries.0.into_iter().map(|(k, v)| (k.0, v)).collect(),
        ))
    }
}

/// One question with its answer.
#[derive(Debug, Deserialize)]
pub struct EntryView<'a> {
    #[serde(borrow)]
    pub section_id: Cow<'a, str>,
    #[serde(borrow)]
    pub section: Cow<'a, str>,
    #[serde(borrow)]
    pub question: Cow<'a, str>,
    #[serde(borrow, default)]
    pub help: Option<Cow<'a, str>>,
    pub kind: KindName,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub identifying: bool,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub retired: bool,
    #[serde(borrow, default)]
    pub answer: Option<ValueView<'a>>,
    /// The box of the form this question was answered in, with others.
    #[serde(borrow, default)]
    pub form_box: Option<FormBoxView<'a>>,
}

/// An answer, in the shapes of [`AnswerValue`](crate::answer::AnswerValue), tried in its order.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ValueView<'a> {
    Text(#[serde(borrow)] Cow<'a, str>),
    YesNo(bool),
    Selection(#[serde(borrow)] SelectionView<'a>),
}

/// The options chosen at a choice question.
#[derive(Debug, Deserialize)]
pub struct SelectionView<'a> {
    #[serde(borrow)]
    pub selected: Vec<ChoiceView<'a>>,
    #[serde(borrow, default)]
    pub other: Option<Cow<'a, str>>,
}

/// One chosen option.
#[derive(Debug, Deserialize)]
pub struct ChoiceView<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub label: Cow<'a, str>,
}

/// The roles whose answers are contact details, left out by `--anonymise` whatever a file says
/// about `identifying`.
pub const CONTACT_ROLES: [Role; 4] = [Role::Name, Role::Organisation, Role::Email, Role::Phone];

impl EntryView<'_> {
    /// Contact details: marked identifying, or (to be safe, whatever the file says) a name,
    /// organisation, email address or phone number. The one rule `--anonymise` follows.
    pub fn is_contact_detail(&self) -> bool {
        self.identifying || self.role.is_some_and(|r| CONTACT_ROLES.contains(&r))
    }

    /// The answer, unless it is missing or blank: the rule of
    /// [`AnswerEntry::given`](crate::response::AnswerEntry::given).
    pub fn given(&self) -> Option<&ValueView<'_>> {
        self.answer.as_ref().filter(|a| a.is_given())
    }

    /// Whether the answer is of the kind the question takes (no answer fits any kind).
    pub fn answer_fits_kind(&self) -> bool {
        matches!(
            (&self.answer, self.kind),
            (None, _)
                | (Some(ValueView::YesNo(_)), KindName::YesNo)
                | (
                    Some(ValueView::Selection(_)),
                    KindName::Choice | KindName::MultiChoice
                )
                | (
                    Some(ValueView::Text(_)),
                    KindName::Short | KindName::Email | KindName::Phone | KindName::Long
                )
        )
    }
}

impl ValueView<'_> {
    /// The answer in words, as a spreadsheet cell holds it: `yes`/`no`, the text exactly as
    /// written, or the chosen options' words joined by `; ` (with "Other: ..." last).
    pub fn cell(&self) -> Cow<'_, str> {
        match self {
            ValueView::YesNo(b) => Cow::Borrowed(crate::answer::yes_no_word(*b)),
            ValueView::Text(t) => Cow::Borrowed(t),
            ValueView::Selection(s) => Cow::Owned(crate::answer::selection_words(
                s.selected.iter().map(|c| c.label.as_ref()),
                s.other.as_deref(),
            )),
        }
    }

    /// Whether there is an answer worth showing: the rule of
    /// [`AnswerValue::is_empty`](crate::answer::AnswerValue::is_empty), negated.
    pub fn is_given(&self) -> bool {
        match self {
            ValueView::YesNo(_) => true,
            ValueView::Text(t) => !t.trim().is_empty(),
            ValueView::Selection(s) => !s.selected.is_empty() || s.other.is_some(),
        }
    }
}

impl<'a> ResponseView<'a> {
    /// The first current (not retired) answer with the given role.
    pub fn by_role(&self, role: Role) -> Option<&EntryView<'a>> {
        self.answers
            .0
            .iter()
            .map(|(_, e)| e)
            .find(|e| e.role == Some(role) && !e.retired)
    }

    /// The text of the first current answer with the given role, when given.
    pub fn text_of(&self, role: Role) -> Option<&str> {
        match self.by_role(role)?.given()? {
            ValueView::Text(t) => Some(t),
            _ => None,
        }
    }
}
