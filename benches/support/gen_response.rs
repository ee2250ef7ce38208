//! Writes a realistic 1 MB response (see `big_response.rs`) for the print benchmark.
//!
//! `cargo run --release --example gen_response -- big.json [BYTES]`

#[path = "big_response.rs"]
mod big_response;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "big.json".into());
    let bytes = args
        .next()
        .map(|b| b.parse().expect("BYTES is a number"))
        .unwrap_or(1_000_000);
    let json = big_response::big_response(bytes).to_json();
    std::fs::write(&path, &json).expect("cannot write the response");
    eprintln!("wrote {path}: {} bytes", json.len());
}
