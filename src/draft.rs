//! A response being written: every answer so far, and the long answer being typed.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::answer::AnswerValue;
use crate::questionnaire::{Question, Questionnaire, Role};
use crate::response::{
    AnswerEntry, Generator, QuestionnaireRef, RESPONSE_FORMAT, RESPONSE_FORMAT_VERSION, Response,
    now_with_offset,
};

pub const DRAFT_FORMAT: &str = "ndti-respond/draft";
pub const DRAFT_FORMAT_VERSION: u32 = 1;

/// What a draft file says it is, checked when one is read.
const DRAFT_FILE: crate::file_format::FileFormat = crate::file_format::FileFormat {
    name: DRAFT_FORMAT,
    what: "draft",
    version: DRAFT_FORMAT_VERSION,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub format: String,
    pub format_version: u32,
    pub response_id: Uuid,
    pub questionnaire: QuestionnaireRef,
    pub started_at: String,
    pub saved_at: String,
    pub generator: Generator,
    /// Answers given so far, keyed by question id, in questionnaire order; answers to questions
    /// that a later questionnaire dropped stay here, marked retired.
    pub answers: IndexMap<String, AnswerEntry>,
    /// The answer being typed when the draft was saved: the field's whole text, the unfinished
    /// line included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_progress: Option<InProgress>,
    /// An answer open in the respondent's own editor: its file (in the drafts folder) is part of
    /// the draft until its text is in the draft, and is brought back if the program stopped
    /// while the editor was open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editing: Option<Editing>,
    /// Where the response goes, as chosen with `-o` (and `--force`, `--encrypted-only`) when
    /// the draft was begun or last resumed: kept so that a draft resumed without them still
    /// writes its response there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<OutputChoice>,
}

/// The output options a draft remembers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputChoice {
    /// The `-o` file, made absolute: the draft may be resumed from another folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<std::path::PathBuf>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub force: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub encrypted_only: bool,
}

/// An answer being written in an editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Editing {
    pub question_id: String,
    /// The file's name, in the drafts folder.
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InProgress {
    pub question_id: String,
    pub text: String,
}

/// What changed between the questionnaire a draft was begun under and the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The questionnaire version differs.
    Version { from: String, to: String },
    /// An answered question is no longer asked; its answer is kept.
    Retired { id: String, question: String },
    /// A question's words changed; the answer is kept.
    Reworded { id: String },
    /// An answer no longer fits its question (for example an option was removed); it is kept
    /// as a retired answer and the question will be asked again.
    NoLongerFits { id: String, reason: String },
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Version { from, to } => write!(
                f,
                "This draft was begun with version {from} of the questionnaire; it is now version {to}."
            ),
            Change::Retired { question, .. } => write!(
                f,
                "The question \"{question}\" is no longer asked. Your answer to it is kept and will go with your response."
            ),
            Change::Reworded { id } => write!(
                f,
                "The wording of question `{id}` has changed. Your answer is kept; please check it still fits."
            ),
            Change::NoLongerFits { id, reason } => write!(
                f,
                "Your answer to question `{id}` no longer fits it ({reason}). It is kept, and the question will be asked again."
            ),
        }
    }
}

impl Draft {
    pub fn new(q: &Questionnaire) -> Draft {
        let now = now_with_offset();
        Draft {
            format: DRAFT_FORMAT.to_string(),
            format_version: DRAFT_FORMAT_VERSION,
            response_id: Uuid::new_v4(),
            questionnaire: QuestionnaireRef::of(q),
            started_at: now.clone(),
            saved_at: now,
            generator: Generator::this(),
            answers: IndexMap::new(),
            in_progress: None,
            editing: None,
            output: None,
        }
    }

    /// Reads a draft, explaining in plain words what is wrong when it cannot.
    pub fn from_json(bytes: &[u8]) -> Result<Draft, String> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
        let Some(format) = value.get("format").and_then(|f| f.as_str()) else {
            return Err("it has no `format` field".to_string());
        };
        let Some(version) = value.get("format_version").and_then(|v| v.as_u64()) else {
            return Err("it has no `format_version`".to_string());
        };
        DRAFT_FILE.check(format, version)?;
        serde_json::from_value(value).map_err(|e| format!("unexpected content: {e}"))
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a draft always serialises");
        s.push('\n');
        s
    }

    /// Brings a draft in line with the questionnaire being used: answers are matched by question
    /// id and put in questionnaire order; answers whose question is gone are kept, marked
    /// retired. Returns what changed, to tell the respondent.
    pub fn reconcile(&mut self, q: &Questionnaire) -> Vec<Change> {
        let mut changes = Vec::new();
        if self.questionnaire.id != q.id || self.questionnaire.version != q.version {
            changes.push(Change::Version {
                from: self.questionnaire.version.clone(),
                to: q.version.clone(),
            });
        }
        let mut old = std::mem::take(&mut self.answers);
        let (mut answers, mut retired) = answers_that_fit(&mut old, q, &mut changes);
        for (id, entry) in old {
            if !entry.retired {
                changes.push(Change::Retired {
                    id: id.clone(),
                    question: entry.question.clone(),
                });
            }
            retired.push((id, entry));
        }
        for (id, mut entry) in retired {
            entry.retired = true;
            answers.insert(free_key(&answers, id), entry);
        }
        if let Some(p) = &self.in_progress
            && q.question(&p.question_id).is_none()
        {
            // Never over an answer already kept under that name (from an earlier reconcile).
            let key = free_key(&answers, format!("{}_unfinished", p.question_id));
            answers.insert(key, unfinished_entry(&p.question_id, &p.text));
            self.in_progress = None;
        }
        self.answers = answers;
        self.questionnaire = QuestionnaireRef::of(q);
        changes
    }

    pub fn answer(&self, id: &str) -> Option<&AnswerValue> {
        self.answers
            .get(id)
            .filter(|e| !e.retired)
            .and_then(|e| e.answer.as_ref())
    }

    /// Records an answer (`None`: skipped), keeping questionnaire order.
    pub fn set_answer(
        &mut self,
        q: &Questionnaire,
        question: &Question,
        value: Option<AnswerValue>,
    ) {
        let (section, _) = q
            .questions()
            .find(|(_, x)| x.id == question.id)
            .expect("the question is in the questionnaire");
        let entry = AnswerEntry::new(section, question, value);
        self.answers.insert(question.id.clone(), entry);
        self.sort(q);
        if self
            .in_progress
            .as_ref()
            .is_some_and(|p| p.question_id == question.id)
        {
            self.in_progress = None;
        }
    }

    fn sort(&mut self, q: &Questionnaire) {
        let order = |id: &str| {
            q.questions()
                .position(|(_, x)| x.id == id)
                .unwrap_or(usize::MAX)
        };
        self.answers
            .sort_by(|a, ea, b, eb| (ea.retired, order(a)).cmp(&(eb.retired, order(b))));
    }

    /// Whether the question has been seen (answered or skipped).
    pub fn visited(&self, id: &str) -> bool {
        self.answers.get(id).is_some_and(|e| !e.retired)
    }

    /// Questions answered with something (not skipped, not retired).
    pub fn answered_count(&self) -> usize {
        self.answers
            .values()
            .filter(|e| !e.retired && e.given().is_some())
            .count()
    }

    /// Index (in questionnaire order) of the first question neither answered nor skipped.
    pub fn first_unvisited(&self, q: &Questionnaire) -> Option<usize> {
        q.questions().position(|(_, x)| !self.visited(&x.id))
    }

    /// Required questions without an answer, in order.
    pub fn missing_required<'q>(&self, q: &'q Questionnaire) -> Vec<&'q Question> {
        q.questions()
            .map(|(_, x)| x)
            .filter(|x| x.required && self.answer(&x.id).is_none_or(|a| a.is_empty()))
            .collect()
    }

    pub fn text_of(&self, role: Role) -> Option<String> {
        self.answers
            .values()
            .find(|e| e.role == Some(role) && !e.retired)
            .and_then(|e| e.given())
            .map(|a| a.to_text())
    }

    /// The finished response. Unanswered questions appear with a `null` answer so the file
    /// shows every question.
    pub fn to_response(&self, q: &Questionnaire) -> Response {
        let mut answers = IndexMap::new();
        for (section, question) in q.questions() {
            let value = self.answer(&question.id).cloned();
            answers.insert(
                question.id.clone(),
                AnswerEntry::new(section, question, value),
            );
        }
        for (id, entry) in &self.answers {
            if entry.retired {
                answers.insert(id.clone(), entry.clone());
            }
        }
        let consent = q
            .with_role(Role::Consent)
            .and_then(|c| self.answer(&c.id))
            .is_some_and(|a| matches!(a, AnswerValue::YesNo(true)));
        Response {
            format: RESPONSE_FORMAT.to_string(),
            format_version: RESPONSE_FORMAT_VERSION,
            questionnaire: QuestionnaireRef::of(q),
            response_id: self.response_id,
            started_at: self.started_at.clone(),
            completed_at: now_with_offset(),
            generator: Generator::this(),
            consent_to_future_contact: consent,
            return_to: q.return_to.clone(),
            answers,
            source: None,
            unplaced: None,
        }
    }
}

/// The answers of `old` whose question `q` still asks and that still fit it, in questionnaire
/// order (taken out of `old`), and those to keep as retired: an answer that no longer fits
/// (kept as `<id>_previous`), or a retired one whose id came back under other words.
fn answers_that_fit(
    old: &mut IndexMap<String, AnswerEntry>,
    q: &Questionnaire,
    changes: &mut Vec<Change>,
) -> (IndexMap<String, AnswerEntry>, Vec<(String, AnswerEntry)>) {
    let mut answers = IndexMap::new();
    let mut retired = Vec::new();
    for (section, question) in q.questions() {
        let Some(entry) = old.shift_remove(&question.id) else {
            continue;
        };
        if entry.retired && entry.question != question.prompt {
            retired.push((question.id.clone(), entry));
            continue;
        }
        let fits = match &entry.answer {
            Some(value) => question.check(value).map_err(|p| p.0),
            None => Ok(()),
        };
        match fits {
            Ok(()) => {
                if entry.question != question.prompt && !entry.retired {
                    changes.push(Change::Reworded {
                        id: question.id.clone(),
                    });
                }
                answers.insert(
                    question.id.clone(),
                    AnswerEntry::new(section, question, entry.answer),
                );
            }
            Err(reason) => {
                changes.push(Change::NoLongerFits {
                    id: question.id.clone(),
                    reason,
                });
                retired.push((format!("{}_previous", question.id), entry));
            }
        }
    }
    (answers, retired)
}

/// `key`, or `key_`, `key__`... whichever is not taken yet.
fn free_key(answers: &IndexMap<String, AnswerEntry>, mut key: String) -> String {
    while answers.contains_key(&key) {
        key.push('_');
    }
    key
}

/// The text being typed at a question the questionnaire no longer asks, kept as a retired
/// long answer.
fn unfinished_entry(question_id: &str, text: &str) -> AnswerEntry {
    AnswerEntry {
        section_id: String::new(),
        section: "Answers to questions no longer asked".into(),
        question: question_id.to_string(),
        help: None,
        kind: crate::questionnaire::KindName::Long,
        required: false,
        identifying: false,
        role: None,
        retired: true,
        answer: Some(AnswerValue::Text(text.to_string())),
        form_box: None,
    }
}
