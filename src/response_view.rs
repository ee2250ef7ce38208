//! A borrowed, read-only view of a response file, for reading thousands of them quickly.
//!
//! [`Response`](crate::response::Response) owns every string and goes through
//! `serde_json::Value` first, which is right for one file but costs most of the time when
//! `collate` reads ten thousand. This view borrows every string it can straight from the file's
//! bytes (only strings with escapes, such as line breaks, are copied), keeps the answers in file
//! order without hashing them, and skips the parts `collate` does not use.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::response::{RESPONSE_FORMAT, RESPONSE_FORMAT_VERSION, Response};

/// A string borrowed from the file when it has no escapes, copied when it has.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Str<'a>(pub Cow<'a, str>);

impl Str<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(StrVisitor)
    }
}

/// The parts of a response that `collate` uses.
#[derive(Debug, Deserialize)]
pub struct ResponseView<'a> {
    #[serde(borrow)]
    pub format: Str<'a>,
    pub format_version: u64,
    #[serde(borrow)]
    pub questionnaire: QuestionnaireView<'a>,
    #[serde(borrow)]
    pub response_id: Str<'a>,
    #[serde(borrow)]
    pub completed_at: Str<'a>,
    pub consent_to_future_contact: bool,
    #[serde(borrow)]
    pub answers: Answers<'a>,
}

#[derive(Debug, Deserialize)]
pub struct QuestionnaireView<'a> {
    #[serde(borrow)]
    pub version: Str<'a>,
    #[serde(borrow, default)]
    pub title: Str<'a>,
}

/// The answers in file order (questionnaire order).
#[derive(Debug, Default)]
pub struct Answers<'a>(pub Vec<(Str<'a>, EntryView<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Answers<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AnswersVisitor;
        impl<'de> Visitor<'de> for AnswersVisitor {
            type Value = Answers<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of answers keyed by question id")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(32));
                while let Some(entry) = map.next_entry::<Str<'de>, EntryView<'de>>()? {
                    out.push(entry);
                }
                Ok(Answers(out))
            }
        }
        d.deserialize_map(AnswersVisitor)
    }
}

/// One question with its answer.
#[derive(Debug, Deserialize)]
pub struct EntryView<'a> {
    #[serde(borrow)]
    pub section_id: Str<'a>,
    #[serde(borrow)]
    pub section: Str<'a>,
    #[serde(borrow)]
    pub question: Str<'a>,
    #[serde(default)]
    pub identifying: bool,
    #[serde(borrow, default)]
    pub role: Option<Str<'a>>,
    #[serde(default)]
    pub retired: bool,
    #[serde(borrow, default)]
    pub answer: ValueView<'a>,
}

impl EntryView<'_> {
    /// Contact details: marked identifying, or (to be safe, whatever the file says) a name,
    /// organisation, email address or phone number.
    pub fn is_contact_detail(&self) -> bool {
        self.identifying
            || self
                .role
                .as_ref()
                .is_some_and(|r| matches!(r.as_str(), "name" | "organisation" | "email" | "phone"))
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.role.as_ref().is_some_and(|r| r.as_str() == role)
    }
}

/// An answer: the shapes of [`AnswerValue`](crate::answer::AnswerValue), or none.
#[derive(Debug, Default)]
pub enum ValueView<'a> {
    #[default]
    Unanswered,
    YesNo(bool),
    Text(Str<'a>),
    Selection {
        labels: Vec<Str<'a>>,
        other: Option<Str<'a>>,
    },
}

#[derive(Debug, Deserialize)]
struct ChoiceView<'a> {
    #[serde(borrow)]
    label: Str<'a>,
}

impl<'de: 'a, 'a> Deserialize<'de> for ValueView<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = ValueView<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an answer: yes/no, text, a selection or null")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(ValueView::Unanswered)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(ValueView::Unanswered)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(ValueView::YesNo(v))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(ValueView::Text(Str(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ValueView::Text(Str(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(ValueView::Text(Str(Cow::Owned(v))))
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut labels = None;
                let mut other = None;
                while let Some(key) = map.next_key::<Str<'de>>()? {
                    match key.as_str() {
                        "selected" => {
                            let chosen: Vec<ChoiceView<'de>> = map.next_value()?;
                            labels = Some(chosen.into_iter().map(|c| c.label).collect());
                        }
                        "other" => other = map.next_value::<Option<Str<'de>>>()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let labels = labels.ok_or_else(|| de::Error::missing_field("selected"))?;
                Ok(ValueView::Selection { labels, other })
            }
        }
        d.deserialize_any(ValueVisitor)
    }
}

impl ValueView<'_> {
    /// The answer in words, as a CSV cell holds it: `yes`/`no`, the text exactly as written,
    /// or the chosen options' words joined by `; ` (with "Other: ..." last).
    pub fn cell(&self) -> Cow<'_, str> {
        match self {
            ValueView::Unanswered => Cow::Borrowed(""),
            ValueView::YesNo(true) => Cow::Borrowed("yes"),
            ValueView::YesNo(false) => Cow::Borrowed("no"),
            ValueView::Text(t) => Cow::Borrowed(t.as_str()),
            ValueView::Selection { labels, other } => {
                let mut s = String::new();
                for label in labels {
                    if !s.is_empty() {
                        s.push_str("; ");
                    }
                    s.push_str(label.as_str());
                }
                if let Some(other) = other {
                    if !s.is_empty() {
                        s.push_str("; ");
                    }
                    s.push_str("Other: ");
                    s.push_str(other.as_str());
                }
                Cow::Owned(s)
            }
        }
    }

    /// Whether there is an answer worth showing (not null, not blank text, not an empty choice).
    pub fn is_given(&self) -> bool {
        match self {
            ValueView::Unanswered => false,
            ValueView::YesNo(_) => true,
            ValueView::Text(t) => !t.as_str().trim().is_empty(),
            ValueView::Selection { labels, other } => !labels.is_empty() || other.is_some(),
        }
    }
}

impl<'a> ResponseView<'a> {
    /// Reads a response file's JSON, explaining in plain words what is wrong when it cannot
    /// (the same words as [`Response::from_json`]).
    pub fn parse(bytes: &'a [u8]) -> Result<ResponseView<'a>, String> {
        // Checking the whole file is UTF-8 at once, with SIMD, is several times faster than
        // serde_json checking each string piece by piece (a quarter of all the time collating
        // took), and lets serde_json read the text as `str` without checking it again.
        let text = match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                let at = std::str::from_utf8(bytes)
                    .err()
                    .map_or(0, |e| e.valid_up_to());
                return Err(format!(
                    "not valid JSON: the text is not UTF-8 (at byte {at})"
                ));
            }
        };
        let view: ResponseView<'a> = match serde_json::from_str(text) {
            Ok(view) => view,
            // The slow, careful reader says best what is wrong.
            Err(e) => {
                return Err(match Response::from_json(bytes) {
                    Err(reason) => reason,
                    Ok(_) => format!("unexpected content: {e}"),
                });
            }
        };
        if view.format.as_str() != RESPONSE_FORMAT {
            return Err(format!(
                "it is a `{}` file, not a response",
                view.format.as_str()
            ));
        }
        if view.format_version < 1 || view.format_version > u64::from(RESPONSE_FORMAT_VERSION) {
            return Err(format!(
                "it uses response format version {}, which this version of ndti-respond ({}) does not know; please update",
                view.format_version,
                env!("CARGO_PKG_VERSION")
            ));
        }
        Ok(view)
    }

    /// Like [`parse`](Self::parse), but faster, and `None` instead of an explanation: simd-json
    /// parses with SIMD and undoes escapes in place, so every string borrows from the buffer,
    /// even answers with line breaks. The buffer is changed on the way: on `None`, read the file
    /// again and call `parse` for the explanation. `buffers` is simd-json's working memory,
    /// reused from file to file.
    pub fn parse_in_place(
        bytes: &'a mut [u8],
        buffers: &mut simd_json::Buffers,
    ) -> Option<ResponseView<'a>> {
        let view: ResponseView<'a> =
            simd_json::serde::from_slice_with_buffers(bytes, buffers).ok()?;
        let known = view.format.as_str() == RESPONSE_FORMAT
            && view.format_version >= 1
            && view.format_version <= u64::from(RESPONSE_FORMAT_VERSION);
        known.then_some(view)
    }

    /// The response id as a number, for spotting duplicates cheaply.
    pub fn id(&self) -> Result<u128, String> {
        uuid::Uuid::parse_str(self.response_id.as_str())
            .map(|u| u.as_u128())
            .map_err(|_| {
                format!(
                    "its response_id `{}` is not a valid id",
                    self.response_id.as_str()
                )
            })
    }

    /// The first answer with the given role.
    pub fn by_role(&self, role: &str) -> Option<&EntryView<'a>> {
        self.answers
            .0
            .iter()
            .map(|(_, e)| e)
            .find(|e| e.has_role(role) && !e.retired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::AnswerValue;
    use crate::draft::Draft;
    use crate::questionnaire::Questionnaire;

    #[test]
    fn reads_what_the_wizard_writes() {
        let q = Questionnaire::embedded();
        let mut d = Draft::new(&q);
        let name = q.question("name").unwrap();
        d.set_answer(&q, name, Some(AnswerValue::Text("Zoë \"Jo\" Smith".into())));
        let kind = q.question("respondent_type").unwrap();
        let sel = kind.selection(&[0, 8], Some("Carer".into())).unwrap();
        d.set_answer(&q, kind, Some(AnswerValue::Selection(sel)));
        let long = q.question("activity_type").unwrap();
        d.set_answer(&q, long, Some(AnswerValue::Text("a\n\n\tb, \"c\"".into())));
        let json = d.to_response(&q).to_json();
        let view = ResponseView::parse(json.as_bytes()).unwrap();
        assert_eq!(view.questionnaire.version.as_str(), q.version);
        let cells: Vec<(&str, String)> = view
            .answers
            .0
            .iter()
            .map(|(k, e)| (k.as_str(), e.answer.cell().into_owned()))
            .collect();
        assert!(cells.contains(&("name", "Zoë \"Jo\" Smith".into())));
        assert!(cells.contains(&("activity_type", "a\n\n\tb, \"c\"".into())));
        let rt = view.by_role("respondent_type").unwrap().answer.cell();
        assert!(rt.ends_with("; Other: Carer"), "{rt}");
        assert!(view.by_role("email").unwrap().is_contact_detail());
    }

    #[test]
    fn explains_what_is_wrong() {
        assert!(
            ResponseView::parse(b"{")
                .unwrap_err()
                .contains("not valid JSON")
        );
        let draft = br#"{"format":"ndti-respond/draft","format_version":1}"#;
        assert!(
            ResponseView::parse(draft)
                .unwrap_err()
                .contains("not a response")
        );
    }
}
