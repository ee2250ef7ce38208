//! The receiving side's work on hostile sizes, in process, at 1, 10 and 50 MB (issue 13 item 8):
//!
//! - `email_body`: building the `.eml` for a response with one answer of that size (the wizard's
//!   email step builds from memory, so no read limit stands in front of it). The mail library's
//!   own line-ending pass took time with the square of the body's length; the body is now made
//!   with CRLF line ends in one pass, and the figures should grow in proportion to the size.
//! - `age_header`: opening an age file whose header is one line of that size with a key. The
//!   age crate read such a header in time with the square of its length; the header is now
//!   refused past 16 KB before the age crate sees it, so the figures should stay flat.
//!
//! Run with `cargo bench --bench hostile_sizes`. Figures and the machine: docs/benchmarks.md.

use ndti_respond::answer::AnswerValue;
use ndti_respond::draft::Draft;
use ndti_respond::questionnaire::Questionnaire;
use ndti_respond::response::Response;

fn main() {
    divan::main();
}

const SIZES_MB: [usize; 3] = [1, 10, 50];

fn response_with_answer(mb: usize) -> Response {
    let q = Questionnaire::embedded();
    let mut d = Draft::new(&q);
    let line = "A line of a long answer, with words, café and 支持 in it.\n";
    let text = line.repeat(mb * 1_000_000 / line.len());
    d.set_answer(
        &q,
        q.question("activity_type").unwrap(),
        Some(AnswerValue::Text(text)),
    );
    d.to_response(&q)
}

#[divan::bench(args = SIZES_MB, sample_count = 3)]
fn email_body(bencher: divan::Bencher, mb: usize) {
    let response = response_with_answer(mb);
    let json = response.to_json();
    bencher.bench_local(|| {
        ndti_respond::email::build(&response, "response.json", json.as_bytes(), false).unwrap()
    });
}

#[divan::bench(args = SIZES_MB, sample_count = 3)]
fn age_header(bencher: divan::Bencher, mb: usize) {
    let dir = tempfile::tempdir().unwrap();
    let key_path = dir.path().join("key.txt");
    use age::secrecy::ExposeSecret;
    let secret = age::x25519::Identity::generate();
    std::fs::write(
        &key_path,
        format!("{}\n", secret.to_string().expose_secret()),
    )
    .unwrap();
    let key = ndti_respond::encryption::Key::load(&key_path).unwrap();
    let mut file = b"age-encryption.org/v1\n-> X25519 ".to_vec();
    file.extend(std::iter::repeat_n(b'A', mb * 1_000_000));
    file.extend_from_slice(b"\n--- AAAA\n");
    bencher.bench_local(|| key.decrypt(divan::black_box(&file)).unwrap_err());
}
