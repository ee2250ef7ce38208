#!/usr/bin/env bash
# Pasting a 5,000-line answer in plain mode: the whole questionnaire answered from a script
# whose first long answer is 5,000 lines (~400 KB), beside the same script with a one-line
# answer, so the paste's own cost is the difference. Fresh data folder each run.
#
# Needs: cargo (stable Rust), hyperfine (https://github.com/sharkdp/hyperfine), python3.
# Optional: strace, to count draft saves (renames) during one run.
# Run from anywhere: `bash benches/paste.sh`. Target (PRODUCT.md): under 1 s to take and save it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --release --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The answer order of the embedded questionnaire (as tests/wizard_plain.rs full_script).
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
line = "We met every fortnight in the community centre; people with lived experience chaired it. Café, 漢字.\n"
def script(answer):
    s = "2, 7, 9\nCarers' peer forum\n"          # 1 respondent type, with "other"
    s += "Jo Bloggs\nHearing Voices Network Bath\njo@example.org\n+44 1225 789135\n"  # 2-5
    s += "yes\n"                                  # 6 consent
    s += answer + ".\n"                           # 7 activity type (long)
    s += "The service users' council.\n.\n"       # 8
    s += "1,3\n"                                  # 9 coproduce focus
    for i in range(10, 29):
        s += f"Answer to question {i}.\n.\n"
    s += ":finish\ny\nn\n"
    return s
open(f"{work}/paste.txt", "w").write(script(line * 5000))
open(f"{work}/one-line.txt", "w").write(script(line))
PY
bin="$root/target/release/ndti-respond"
run() { echo "cd $work && rm -rf data out && mkdir out && cd out && $bin --plain --data-dir $work/data < $work/$1 2>/dev/null"; }
if command -v strace >/dev/null; then
    rm -rf "$work/data" "$work/out" && mkdir "$work/out"
    (cd "$work/out" && strace -f -c -e trace=rename,renameat,renameat2,fsync,fdatasync \
        "$bin" --plain --data-dir "$work/data" < "$work/paste.txt" 2>&1 >/dev/null | tail -8)
fi
hyperfine --warmup 2 --runs "${RUNS:-20}" \
    --export-markdown "$work/paste.md" \
    -n "5,000-line answer" "$(run paste.txt)" \
    -n "one-line answer" "$(run one-line.txt)" \
    "$@"
cat "$work/paste.md"
