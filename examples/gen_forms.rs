//! Writes filled-in forms for benchmarking `collate` on forms (benches/collate_forms.sh).
//!
//! Usage: `cargo run --release --example gen_forms -- COUNT DIR`
//!
//! Each form is the template filled in as a respondent returns it, made by the tests' own form
//! builder (`tests/it/import/word_forms.rs`): contact details, consent, and every answer space
//! written in, a few paragraphs each; eight in ten are .docx, one .odt, one .txt (as Word saves
//! plain text). One form in ten needs a person to look at it: its consent in words, and a letter
//! above it; so do the .txt forms, as plain text cannot show the N struck through on the others.
//! Each form's words differ a little, so each is a response of its own.

#[path = "../tests/it/import/word_forms.rs"]
mod word_forms;

use std::path::PathBuf;

use word_forms::{AnswerCell, FilledForm, PLAIN, struck};

const ANSWER: &str = "We set up a recovery college run by peers, in the library.\n\nIt met weekly for two years; people were paid for their time, and the café — run by members — fed everyone. 東京 visitors came too.\nStaff and service users planned each term together.";

fn form(i: usize) -> FilledForm {
    let answer = format!("{ANSWER}\n\nForm {i}.");
    let mut form = FilledForm {
        name: format!("Respondent {i}"),
        organisation: "Hearing Voices Network Bath".into(),
        email: format!("person{i}@example.org"),
        phone: "01225 789135".into(),
        ..FilledForm::blank()
    };
    form = if i % 10 == 9 {
        form.above = vec!["Dear Lou,".into(), format!("Here is form {i}.")];
        form.consent(&[("Yes, but only by email", PLAIN)])
    } else {
        form.consent(&[("Y/", PLAIN), ("N", struck())])
    };
    for cell in AnswerCell::ALL {
        form = form.cell(cell, &answer);
    }
    form.after("shared_understanding", &answer)
        .after("what_was_learnt", &answer)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .expect("usage: gen_forms COUNT DIR");
    let dir = PathBuf::from(args.next().expect("usage: gen_forms COUNT DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..count {
        let form = form(i);
        let (name, bytes) = match i % 10 {
            3 => (format!("form-{i:05}.odt"), form.odt()),
            6 => (format!("form-{i:05}.txt"), form.txt().into_bytes()),
            _ => (format!("form-{i:05}.docx"), form.docx()),
        };
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}
