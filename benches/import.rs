//! `import`'s work in process: a filled-in form read into a response, as .docx, .odt and .txt;
//! a form with 1 MB of answers; and the refusal of a zip bomb, which must cost next to nothing.
//!
//! Run with `cargo bench --bench import`. The forms come from the tests' own form builder
//! (`tests/it/import/word_forms.rs`). Figures and the machine: docs/benchmarks.md.

#[path = "../tests/it/import/word_forms.rs"]
mod word_forms;

use std::sync::LazyLock;

use ndti_respond::import::read_bytes;
use ndti_respond::questionnaire::Questionnaire;
use word_forms::{AnswerCell, FilledForm, PLAIN, deleted};

static QUESTIONNAIRE: LazyLock<Questionnaire> = LazyLock::new(Questionnaire::embedded);

/// A form as a respondent returns it: contact details, consent, every box answered.
fn filled(answer: &str) -> FilledForm {
    let mut form = FilledForm {
        name: "Zoë Ångström-O'Neil".into(),
        organisation: "Hearing Voices Network Bath".into(),
        email: "zoe@example.org".into(),
        phone: "01225 789135".into(),
        ..FilledForm::blank()
    }
    .consent(&[("Y/", PLAIN), ("N", deleted())]);
    for cell in AnswerCell::ALL {
        form = form.cell(cell, answer);
    }
    form.after("shared_understanding", answer)
        .after("what_was_learnt", answer)
}

const ANSWER: &str = "We set up a recovery college run by peers, in the library.\n\nIt met weekly for two years; people were paid for their time, and the café — run by members — fed everyone. 東京 visitors came too 🙂.";

static DOCX: LazyLock<Vec<u8>> = LazyLock::new(|| filled(ANSWER).docx());
static ODT: LazyLock<Vec<u8>> = LazyLock::new(|| filled(ANSWER).odt());
static TXT: LazyLock<Vec<u8>> = LazyLock::new(|| filled(ANSWER).txt().into_bytes());
static BIG_DOCX: LazyLock<Vec<u8>> = LazyLock::new(|| {
    // Eight answer spaces of about 125 kB each: 1 MB of answers.
    let paragraph = format!("{}\n", ANSWER.replace('\n', " "));
    filled(&paragraph.repeat(125_000 / paragraph.len())).docx()
});
static BOMB: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut xml = String::from(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"#,
    );
    xml.push_str(&" ".repeat(200_000_000));
    xml.push_str("</w:t></w:r></w:p></w:body></w:document>");
    word_forms::zip_of(&[("word/document.xml", xml.as_bytes())])
});

fn main() {
    // Made before timing starts, so that no sample includes making them.
    for form in [&DOCX, &ODT, &TXT, &BIG_DOCX, &BOMB] {
        LazyLock::force(form);
    }
    LazyLock::force(&QUESTIONNAIRE);
    divan::main();
}

fn import(bytes: &[u8]) {
    let imported = read_bytes("form", divan::black_box(bytes), None, &QUESTIONNAIRE);
    assert!(imported.is_ok());
}

#[divan::bench(sample_count = 50)]
fn docx() {
    import(&DOCX);
}

#[divan::bench(sample_count = 50)]
fn odt() {
    import(&ODT);
}

#[divan::bench(sample_count = 50)]
fn txt() {
    import(&TXT);
}

#[divan::bench(sample_count = 20)]
fn docx_with_1_mb_of_answers() {
    import(&BIG_DOCX);
}

#[divan::bench(sample_count = 50)]
fn zip_bomb_refused() {
    let refused = read_bytes("bomb", divan::black_box(&BOMB), None, &QUESTIONNAIRE);
    assert!(refused.is_err());
}
