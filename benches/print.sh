#!/usr/bin/env bash
# `print` of a realistic 1 MB response in each format, end to end (process start included).
#
# Needs: cargo (stable Rust), hyperfine (https://github.com/sharkdp/hyperfine; `apt install
# hyperfine` or `cargo install hyperfine`). Run from anywhere: `bash benches/print.sh`.
# The target (docs/benchmarks.md, PRODUCT.md): under 20 ms for every format.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --release --quiet
cargo build --release --quiet --example gen_response
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/target/release/examples/gen_response" "$work/big.json" 1000000
bin="$root/target/release/ndti-respond"
hyperfine --warmup 5 --runs "${RUNS:-50}" -N --output=null \
    --export-markdown "$work/print.md" \
    "$bin print $work/big.json --width 80 --format text" \
    "$bin print $work/big.json --format markdown" \
    "$bin print $work/big.json --format html" \
    "$bin print $work/big.json --format json" \
    "$@"
cat "$work/print.md"
