#!/usr/bin/env bash
# Benchmark of `ndti-respond collate` on filled-in forms (results in docs/benchmarks.md, section
# "collate: filled-in forms").
#
# Generates COUNT and COUNT/10 forms (examples/gen_forms.rs: .docx, .odt and .txt, every answer
# space written in), then times collating them to CSV on every core against one thread
# (RAYON_NUM_THREADS=1), which shows that forms are imported in parallel like responses are
# read, and against `import` writing each form's response (one after another) followed by
# collating those responses; then measures peak memory at both sizes with /usr/bin/time.
#
# Needs: cargo, hyperfine, GNU time (/usr/bin/time).
#
# Usage: benches/collate_forms.sh [COUNT]     (COUNT defaults to 1000)
#        WORK=/some/dir benches/collate_forms.sh  (keep the generated files between runs)
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-1000}
small=$((count / 10))
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"

cargo build --release --quiet --bin ndti-respond --example gen_forms
bin=$PWD/target/release/ndti-respond
gen=$PWD/target/release/examples/gen_forms

for n in "$small" "$count"; do
  [ -d "$work/forms-$n" ] || "$gen" "$n" "$work/forms-$n"
done
dir=$work/forms-$count

echo "== machine"
echo "nproc: $(nproc)"
lscpu | grep -m1 'Model name' || true
grep -m1 MemTotal /proc/meminfo || true
uptime

echo "== what is collated ($count forms, $(du -sh "$dir" | cut -f1))"
"$bin" collate "$dir" -o "$work/forms.csv" 2>"$work/forms.err" || true
tail -1 "$work/forms.err"

echo "== time"
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-markdown "$work/collate-forms.md" \
  -n "collate, every core" "$bin collate $dir -o /dev/null 2>/dev/null || true" \
  -n "collate, one thread" "RAYON_NUM_THREADS=1 $bin collate $dir -o /dev/null 2>/dev/null || true" \
  -n "import each, then collate" "rm -rf $work/imported && $bin import $dir/* --out-dir $work/imported 2>/dev/null; $bin collate $work/imported -o /dev/null 2>/dev/null || true"
cat "$work/collate-forms.md"
uptime

echo "== peak memory (maximum resident set size)"
for n in "$small" "$count"; do
  kb=$( { /usr/bin/time -f %M "$bin" collate "$work/forms-$n" -o /dev/null 2>&1 >/dev/null || true; } | tail -1)
  echo "collate $n forms: $kb KB"
done
echo "(files kept in $work)"
