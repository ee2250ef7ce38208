//! `print`'s work in process, on a realistic 1 MB response: reading the JSON into a response,
//! and laying it out as text (80 columns), Markdown and HTML.
//!
//! Run with `cargo bench --bench render`. The end-to-end figure, process start included, comes
//! from `benches/print.sh`. Figures and the machine: docs/benchmarks.md.

#[path = "support/big_response.rs"]
mod big_response;

use std::sync::LazyLock;

use ndti_respond::render;
use ndti_respond::response::Response;

static RESPONSE: LazyLock<Response> = LazyLock::new(|| big_response::big_response(1_000_000));
static JSON: LazyLock<String> = LazyLock::new(|| RESPONSE.to_json());

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 50)]
fn parse_json() -> Response {
    Response::from_json(divan::black_box(JSON.as_bytes())).unwrap()
}

#[divan::bench(sample_count = 50)]
fn text_80() -> String {
    render::text(divan::black_box(&RESPONSE), 80)
}

#[divan::bench(sample_count = 50)]
fn markdown() -> String {
    render::markdown(divan::black_box(&RESPONSE))
}

#[divan::bench(sample_count = 50)]
fn html() -> String {
    render::html(divan::black_box(&RESPONSE))
}
