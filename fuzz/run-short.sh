#!/usr/bin/env bash
# Runs every fuzz target for a short while: the questionnaire loader on any text, the response
# and draft readers on any bytes, and import on any bytes as a filled-in form. Runs them all, and exits non-zero if any crashed (a panic counts),
# leaving the input that did it in fuzz/artifacts/TARGET/.
#
#   fuzz/run-short.sh [SECONDS]        each target for SECONDS (default 20)
#
# cargo-fuzz needs nightly-only compiler flags (the sanitizer); RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them. cargo-fuzz itself is installed from crates.io when it is missing.
set -euo pipefail

seconds="${1:-20}"
case "$seconds" in
    '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

cd "$(dirname "$0")"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "run-short: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

export RUSTC_BOOTSTRAP=1

# Seeds: the shipped questionnaire and the malformed ones from the tests; a draft and response
# written by the program, and the hostile responses of tests/hostile. New finds go to corpus/TARGET (ignored by git), so later runs build
# on earlier ones.
seeds_for() {
    case "$1" in
        questionnaire) echo "seeds/questionnaire ../tests/questionnaires" ;;
        response) echo "seeds/response ../tests/hostile" ;;
        *) echo "seeds/$1" ;;
    esac
}
mkdir -p seeds/questionnaire
cp ../questions.toml seeds/questionnaire/questions.toml

cargo fuzz build -O

status=0
for target in $(cargo fuzz list); do
    mkdir -p "corpus/$target"
    dict=()
    [ -f "$target.dict" ] && dict=("-dict=$target.dict")
    echo "run-short: fuzzing $target for ${seconds}s" >&2
    # shellcheck disable=SC2046 # the seed folders are meant to split into separate arguments
    if ! cargo fuzz run -O "$target" "corpus/$target" $(seeds_for "$target") -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        "${dict[@]}"; then
        echo "run-short: $target CRASHED; the input is in fuzz/artifacts/$target/" >&2
        status=1
    fi
done
exit "$status"
