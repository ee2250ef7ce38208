//! `ndti-respond import`: filled-in forms (made by `word_forms`) imported by the real binary,
//! each response read back with serde_json, checked against the schema, and compared with the
//! response it should be; bad documents refused with a clear message; the round trip from a
//! response to a filled-in form and back; forms collated with other responses, and imported
//! responses printed and validated.

mod collate;
mod corpus;
mod damaged;
mod print_validate;
mod refusals;
mod round_trip;
mod word_forms;

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::{BIN, read_json};
use word_forms::FilledForm;

pub struct Inbox {
    dir: tempfile::TempDir,
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Inbox {
    pub fn new() -> Inbox {
        Inbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    pub fn import(&self, args: &[&str]) -> Output {
        let out = Command::new(BIN)
            .arg("import")
            .args(args)
            .current_dir(self.dir.path())
            .env("NDTI_RESPOND_DATA_DIR", self.path("data"))
            .output()
            .unwrap();
        let o = Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !o.stderr.contains("panicked"),
            "the program panicked: {}",
            o.stderr
        );
        o
    }

    /// Imports one form that must import, and returns its response, checked against the schema.
    pub fn response(&self, name: &str, bytes: impl AsRef<[u8]>) -> (Value, String) {
        self.write(name, bytes);
        let json = format!("{name}.json");
        let out = self.import(&[name, "-o", &json]);
        assert_eq!(out.code, 0, "import of {name} failed: {}", out.stderr);
        let json = self.path(&json);
        let response = read_json(&json);
        assert_schema(&response);
        (response, out.stderr)
    }
}

pub fn schema() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("../../../schema/response.schema.json")).unwrap();
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

pub fn assert_schema(response: &Value) {
    let v = schema();
    let errors: Vec<String> = v.iter_errors(response).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
}

pub fn answer<'a>(r: &'a Value, id: &str) -> &'a Value {
    &r["answers"][id]["answer"]
}

/// Every answer of a response, id to value.
pub fn answers(r: &Value) -> serde_json::Map<String, Value> {
    r["answers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, e)| (id.clone(), e["answer"].clone()))
        .collect()
}

pub fn unplaced(r: &Value) -> Vec<(String, String)> {
    r["unplaced"]
        .as_array()
        .expect("an imported response has an unplaced list")
        .iter()
        .map(|u| {
            (
                u["text"].as_str().unwrap().to_string(),
                u["location"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A response's answers, with `expected` set and every other question null.
pub fn only(expected: &[(&str, Value)]) -> serde_json::Map<String, Value> {
    let q = ndti_respond::questionnaire::Questionnaire::embedded();
    let mut out = serde_json::Map::new();
    for (_, question) in q.questions() {
        out.insert(question.id.clone(), Value::Null);
    }
    for (id, value) in expected {
        assert!(out.contains_key(*id), "no question {id}");
        out.insert(id.to_string(), value.clone());
    }
    out
}

pub fn contact(form: FilledForm) -> FilledForm {
    FilledForm {
        name: "Jo Bloggs".into(),
        organisation: "Hearing Voices Network Bath".into(),
        email: "jo@example.org".into(),
        phone: "01225 789135".into(),
        ..form
    }
}
