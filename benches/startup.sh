#!/usr/bin/env bash
# Start-up to first prompt, beside a bare Rust binary that parses the same questions.toml.
#
# Needs: cargo (stable Rust), hyperfine (https://github.com/sharkdp/hyperfine; `apt install
# hyperfine` or `cargo install hyperfine`). Run from anywhere: `bash benches/startup.sh`.
#
# "First prompt" is plain mode with no input: ndti-respond prints the welcome and the first
# question, finds the end of input and exits 1 (hence -i), with a fresh data folder each run.
# The target (docs/benchmarks.md, PRODUCT.md): within 2x of the bare binary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --release --quiet
cargo build --release --quiet --manifest-path benches/bare_toml/Cargo.toml \
    --target-dir target/bare_toml
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin="$root/target/release/ndti-respond"
bare="$root/target/bare_toml/release/bare_toml"
hyperfine --warmup 10 --runs "${RUNS:-200}" -N -i \
    --prepare "rm -rf $work/data" \
    --export-markdown "$work/startup.md" \
    "$bare $root/questions.toml" \
    "$bin --plain --data-dir $work/data" \
    "$@"
cat "$work/startup.md"
