#!/usr/bin/env bash
# Whole commands on hostile sizes (results in docs/benchmarks.md, section "hostile sizes"):
# `validate` of an age file whose header is one line of 1, 10 and 50 MB (with a key), and
# `email` of a response with one answer of 1, 7, 10 and 50 MB (7 MB is the largest under the
# 8 MB text limit; 10 and 50 MB are refused); then peak memory of `print`, `email` and
# `validate` at 1 and 7 MB. The in-process side, where no read limit stands in the way (the
# wizard's own email step), is `cargo bench --bench hostile_sizes`.
#
# Needs: cargo, hyperfine, GNU time (/usr/bin/time), python3.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin ndti-respond
bin=$PWD/target/release/ndti-respond
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"

echo "== machine"
echo "nproc: $(nproc)"; uptime

python3 - "$work" <<'PY'
import json, sys, os, subprocess
work = sys.argv[1]
base = json.load(open("tests/hostile/base.json"))
for mb in (1, 7, 10, 50):
    with open(f"{work}/header-{mb}.json.age", "wb") as f:
        f.write(b"age-encryption.org/v1\n-> X25519 " + b"A" * (mb * 1_000_000) + b"\n--- AAAA\n")
    d = json.loads(json.dumps(base))
    line = "A line of a long answer, with words, caf\u00e9 in it.\n"
    d["answers"]["activity_type"]["answer"] = line * (mb * 1_000_000 // len(line))
    os.makedirs(f"{work}/answer-{mb}", exist_ok=True)
    json.dump(d, open(f"{work}/answer-{mb}/r.json", "w"), ensure_ascii=False)
PY
"$bin" --version >/dev/null
# A key for the age files.
python3 - "$work/key.txt" <<'PY'
import sys
# Any well-formed X25519 identity: the header is refused before it is used.
open(sys.argv[1], "w").write("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX\n")
PY

echo "== validate an age file with a long header line (exit 1: refused)"
hyperfine --warmup 1 --runs "${RUNS:-10}" -i \
  -n "1 MB header" "$bin validate $work/header-1.json.age --identity $work/key.txt" \
  -n "10 MB header" "$bin validate $work/header-10.json.age --identity $work/key.txt" \
  -n "50 MB header" "$bin validate $work/header-50.json.age --identity $work/key.txt"

echo "== email of a response with one long answer (10 MB is past the 8 MB text limit, 50 MB past the 16 MB file limit: refused)"
hyperfine --warmup 1 --runs "${RUNS:-10}" -i \
  -n "1 MB answer" "$bin email $work/answer-1/r.json --force" \
  -n "7 MB answer" "$bin email $work/answer-7/r.json --force" \
  -n "10 MB answer (refused)" "$bin email $work/answer-10/r.json --force" \
  -n "50 MB answer (refused)" "$bin email $work/answer-50/r.json --force"

echo "== peak memory (maximum resident set size)"
for mb in 1 7; do
  for cmd in "print" "email --force" "validate"; do
    kb=$( (/usr/bin/time -f %M $bin $cmd "$work/answer-$mb/r.json" 2>&1 >/dev/null || true) | tail -1)
    echo "$cmd, $mb MB answer: $kb KB"
  done
done
echo "(files kept in $work)"
