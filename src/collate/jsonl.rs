//! `collate --format jsonl`: one line per response, the response file's JSON compacted onto
//! one line with every field kept (unknown ones too), and with `--anonymise` the contact
//! details' entries taken out of `answers`. Values are kept exactly; characters a terminal
//! would act on are written as `\u` escapes ([`crate::render::json`]).

use std::collections::HashSet;
use std::io::{self, Write};

use crate::collate::{Format, Options, Output, Response};
use crate::response_json::without_bom;

pub(crate) struct JsonLines;

impl Format for JsonLines {
    /// The line, or why the file could not be made one.
    type Row = Result<Vec<u8>, String>;
    const NEEDS_JSON: bool = true;

    fn row(response: &Response, options: &Options) -> Self::Row {
        let json = response.json.unwrap_or_default();
        let mut value: serde_json::Value = serde_json::from_slice(without_bom(json))
            .map_err(|e| format!("not valid JSON: {e}"))?;
        if options.anonymise {
            let contact: HashSet<&str> = response
                .view
                .answers
                .0
                .iter()
                .filter(|(_, e)| e.is_contact_detail())
                .map(|(id, _)| id.as_ref())
                .collect();
            if let Some(answers) = value.get_mut("answers").and_then(|a| a.as_object_mut()) {
                answers.retain(|id, _| !contact.contains(id.as_str()));
            }
        }
        Ok(crate::render::json::line(&value))
    }

    fn add(
        &mut self,
        row: Self::Row,
        _number: usize,
        out: &mut Output,
    ) -> io::Result<Result<(), String>> {
        match row {
            Ok(line) => out.writer.write_all(&line).map(Ok),
            Err(why) => Ok(Err(why)),
        }
    }

    /// Nothing to mark in a line that must stay the file's own JSON; stderr says it.
    fn late_problem(&mut self, _number: usize, _problem: String) {}

    fn finish(self, _out: &mut Output) -> io::Result<()> {
        Ok(())
    }
}
