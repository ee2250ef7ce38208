#!/usr/bin/env bash
# Benchmark of `ndti-respond collate` (results in docs/benchmarks.md, section "collate"),
# CSV against cat and jq, and the xlsx workbook and the HTML digest against the CSV.
#
# Generates realistic responses (examples/gen_responses.rs), then compares collating them to
# CSV against jq producing the same CSV (benches/collate.jq) and against cat reading the same
# files, with hyperfine; then the workbook and the HTML digest against the CSV, each to a file;
# then measures peak memory at two sizes with /usr/bin/time. The program's output that is
# thrown away goes to standard output, redirected to /dev/null by the shell.
#
# Needs: cargo, hyperfine, jq, GNU time (/usr/bin/time), and python3 for the check that both
# CSVs are the same.
#
# Usage: benches/collate.sh [COUNT]        (COUNT defaults to 10000)
#        WORK=/some/dir benches/collate.sh  (keep the generated files between runs)
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-10000}
small=$((count / 10))
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"

cargo build --release --quiet --bin ndti-respond --example gen_responses
bin=$PWD/target/release/ndti-respond
gen=$PWD/target/release/examples/gen_responses
jq_program=$PWD/benches/collate.jq

for n in "$small" "$count"; do
  [ -d "$work/$n" ] || "$gen" "$n" "$work/$n"
done
dir=$work/$count

echo "== machine"
echo "nproc: $(nproc)"
lscpu | grep -m1 'Model name' || true
grep -m1 MemTotal /proc/meminfo || true
df -h "$work" | tail -1
uptime

echo "== the same CSV from both (on $small responses)"
"$bin" collate "$work/$small" -o "$work/ours.csv" 2>/dev/null
jq -rn -f "$jq_program" "$work/$small"/*.json > "$work/jq.csv"
if command -v python3 >/dev/null; then
  python3 - "$work/ours.csv" "$work/jq.csv" <<'PY'
import csv, sys
rows = [list(csv.reader(open(p, newline="", encoding="utf-8"))) for p in sys.argv[1:]]
assert rows[0] == rows[1], "the two CSVs differ"
print(f"same: {len(rows[0]) - 1} rows of {len(rows[0][0])} columns, every cell identical")
PY
else
  echo "python3 not found: comparison skipped"
fi

echo "== time ($count responses, $(du -sh "$dir" | cut -f1))"
# The shell expands the globs once per run, the same way for collate's rivals. jq is about a
# hundred times slower, so it runs fewer times, on its own.
hyperfine --warmup 3 --runs "${RUNS:-20}" --export-markdown "$work/collate-vs-cat.md" \
  -n "ndti-respond collate (CSV)" "$bin collate -q $dir > /dev/null" \
  -n "cat" "cat $dir/*.json > /dev/null"
hyperfine --warmup 1 --runs "${JQ_RUNS:-3}" --export-markdown "$work/jq.md" \
  -n "jq (same CSV)" "jq -rn -f $jq_program $dir/*.json > /dev/null"
# The workbook goes to a file (a zip needs one), as do the CSV and the HTML digest it is
# compared with.
hyperfine --warmup 1 --runs "${XLSX_RUNS:-10}" --export-markdown "$work/xlsx.md" \
  -n "ndti-respond collate (CSV to a file)" "$bin collate -q $dir -o $work/all.csv" \
  -n "ndti-respond collate --format xlsx" "$bin collate -q $dir --format xlsx -o $work/all.xlsx" \
  -n "ndti-respond collate --format html" "$bin collate -q $dir --format html -o $work/all.html"
cat "$work/collate-vs-cat.md" "$work/jq.md" "$work/xlsx.md"
ls -l "$work/all.csv" "$work/all.xlsx" "$work/all.html"
uptime

echo "== peak memory (maximum resident set size)"
for n in "$small" "$count"; do
  kb=$(/usr/bin/time -f %M "$bin" collate -q "$work/$n" 2>&1 >/dev/null | tail -1)
  echo "collate $n responses: $kb KB"
  kb=$(/usr/bin/time -f %M "$bin" collate -q "$work/$n" --format xlsx -o "$work/all.xlsx" 2>&1 >/dev/null | tail -1)
  echo "collate --format xlsx $n responses: $kb KB"
  kb=$(/usr/bin/time -f %M "$bin" collate -q "$work/$n" --format html -o "$work/all.html" 2>&1 >/dev/null | tail -1)
  echo "collate --format html $n responses: $kb KB"
done
kb=$(/usr/bin/time -f %M jq -rn -f "$jq_program" "$dir"/*.json 2>&1 >/dev/null | tail -1)
echo "jq $count responses: $kb KB"
echo "(files kept in $work)"
