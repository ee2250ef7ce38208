//! One durable draft save, beside the floor it cannot beat: a bare write + fsync + rename +
//! fsync of the folder, of the same bytes, in the same folder.
//!
//! Run with `cargo bench --bench save`. Figures and the machine: docs/benchmarks.md.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use ndti_respond::answer::AnswerValue;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::Questionnaire;
use ndti_respond::storage::Store;

fn main() {
    divan::main();
}

/// A draft as it is halfway through: contact details and a dozen long answers of a few
/// paragraphs each (about 20 KB of JSON).
fn realistic_draft(q: &Questionnaire) -> Draft {
    let mut d = Draft::new(q);
    let paragraph = "We met every fortnight in the community centre; people with lived experience chaired the meetings and set the agenda. Café, ünïcödé, 漢字. ";
    for (i, (_, question)) in q.questions().enumerate().take(16) {
        let value = match &question.kind {
            ndti_respond::questionnaire::Kind::YesNo { .. } => AnswerValue::YesNo(true),
            ndti_respond::questionnaire::Kind::Choice { .. } => {
                AnswerValue::Selection(question.selection(&[0], None).unwrap())
            }
            ndti_respond::questionnaire::Kind::Email => AnswerValue::Text("jo@example.org".into()),
            ndti_respond::questionnaire::Kind::Phone => AnswerValue::Text("01225 789135".into()),
            ndti_respond::questionnaire::Kind::Short => AnswerValue::Text("Jo Bloggs".into()),
            ndti_respond::questionnaire::Kind::Long => AnswerValue::Text(format!(
                "{}\n\n{}",
                paragraph.repeat(6),
                paragraph.repeat(i % 5 + 1)
            )),
        };
        d.set_answer(q, question, Some(value));
    }
    d
}

#[divan::bench(sample_count = 300)]
fn durable_draft_save(bencher: divan::Bencher) {
    let q = Questionnaire::embedded();
    let dir = tempfile::tempdir_in(".").unwrap();
    let store = Store::open(dir.path()).unwrap();
    let draft = realistic_draft(&q);
    bencher.bench_local(|| store.save(&draft).unwrap());
}

#[divan::bench(sample_count = 300)]
fn floor_write_fsync_rename(bencher: divan::Bencher) {
    let q = Questionnaire::embedded();
    let dir = tempfile::tempdir_in(".").unwrap();
    let bytes = realistic_draft(&q).to_json().into_bytes();
    let tmp = dir.path().join("tmp");
    let target = dir.path().join("target.json");
    bencher.bench_local(|| floor(dir.path(), &tmp, &target, &bytes));
}

fn floor(dir: &Path, tmp: &Path, target: &Path, bytes: &[u8]) {
    let mut f = File::create(tmp).unwrap();
    f.write_all(bytes).unwrap();
    f.sync_all().unwrap();
    fs::rename(tmp, target).unwrap();
    File::open(dir).unwrap().sync_all().unwrap();
}
