#!/usr/bin/env bash
# Whole-process benchmarks of disclint, with ripgrep over the same corpus and the
# same literal patterns in the same run, so ratios stay meaningful on a loaded machine.
#
#   bench/run.sh            # full sizes: 200 MB of small files (+ a 20 MB tenth), a 50 MB file
#   bench/run.sh 20         # iterate: 20 MB corpus (+ 2 MB tenth), a 5 MB large file
#   RUNS=10 bench/run.sh    # more runs per measurement (default 5; medians are reported)
#
# Needs: cargo, python3; installs hyperfine and ripgrep from Debian if missing
# (RG=/path/to/rg to use another ripgrep, e.g. 15.2 from crates.io).
# Writes corpora to bench/corpus/ and results to bench/out/ (both git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

MB=${1:-200}
RUNS=${RUNS:-5}
LARGE_MB=$(python3 -c "print(max(1, round($MB / 4)))")
TENTH=$(python3 -c "print($MB / 10)")
CORPUS=bench/corpus
OUT=bench/out
mkdir -p "$CORPUS" "$OUT"

# --- tools ---------------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[ -n "${RG:-}" ] || command -v rg >/dev/null || need_apt+=(ripgrep)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} from Debian" >&2
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
RG=${RG:-$(command -v rg)}
if [ -z "${DISCLINT:-}" ]; then
  cargo build --release --quiet
  DISCLINT=target/release/disclint
fi

# --- inputs (deterministic; regenerated only when missing) ---------------------
gen() { python3 bench/gen.py "$@"; }
[ -d "$CORPUS/small-$MB" ] || gen corpus "$CORPUS/small-$MB" --mb "$MB"
[ -d "$CORPUS/small-$TENTH" ] || gen corpus "$CORPUS/small-$TENTH" --mb "$TENTH" --seed 2
[ -d "$CORPUS/large-$LARGE_MB" ] || gen large "$CORPUS/large-$LARGE_MB" --mb "$LARGE_MB" --count 2
gen builtin-patterns rules "$OUT/builtin.patterns.txt" 2>/dev/null
for n in 50 500 5000; do
  [ -f "$OUT/synth$n.rules" ] || gen rules "$OUT/synth$n" --rules "$n"
done
# One page: the first marketing file of the small corpus, cut to a page's worth of lines.
ONE_SRC=$(find "$CORPUS/small-$TENTH" -name 'm*.md' | sort | sed -n 1p)
head -c 4000 "$ONE_SRC" | head -n -1 > "$OUT/one-page.md"
BIG="$CORPUS/small-$MB"
TEN="$CORPUS/small-$TENTH"
LARGE=$(find "$CORPUS/large-$LARGE_MB" -name "*.md" | sort | sed -n 1p)

size_mb() { du -sb "$1" | awk '{printf "%.1f", $1 / 1e6}'; }
nfiles() { find "$1" -type f | wc -l; }

# Default (human) format to /dev/null: not a terminal, so no colour and no progress bar.
D="$DISCLINT check --fail-on never"
RGC="$RG -c -F --no-messages"
RESULTS="$OUT/results.md"
: > "$RESULTS"
say() { echo "$*" | tee -a "$RESULTS"; }

# hyperfine with medians; $1 = name of the table, rest = commands. Prints
# "| command | median s | min | max | ratio to first |".
bench() {
  local name=$1; shift
  local json="$OUT/$name.json"
  hyperfine -N -i --runs "$RUNS" --warmup 1 --output null --export-json "$json" "$@" >/dev/null 2>&1
  python3 - "$json" <<'PY' | tee -a "$RESULTS"
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = r[0]["median"]
print("| command | median (s) | min | max | user+sys (s) | ÷ first |")
print("|---|---:|---:|---:|---:|---:|")
for x in r:
    cpu = x["user"] + x["system"]
    print(f"| `{x['command']}` | {x['median']:.3f} | {x['min']:.3f} | {x['max']:.3f} | {cpu:.3f} | {x['median'] / base:.2f} |")
PY
}

median() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median'])" "$@"; }

say "# disclint benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
say ""
say "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "disclint $($DISCLINT --version | cut -d' ' -f2), $($RG --version | sed -n 1p), hyperfine $(hyperfine --version | cut -d' ' -f2), $RUNS runs per command"
say "corpus: $BIG = $(nfiles "$BIG") files, $(size_mb "$BIG") MB; $TEN = $(nfiles "$TEN") files, $(size_mb "$TEN") MB; $LARGE = $(size_mb "$LARGE") MB"
say "built-in literal patterns for rg: $(wc -l < "$OUT/builtin.patterns.txt")"
say ""

say "## 1. Built-in packs, one thread, vs ripgrep (one thread) on the same corpus and literals"
bench t1 "$RGC -j1 -f $OUT/builtin.patterns.txt $BIG" "$D -j1 $BIG"
T1_RG=$(median "$OUT/t1.json" 0); T1_D=$(median "$OUT/t1.json" 1)
say ""

# The target's reference searches 1,400 literals and counts lines. The scan finds every
# occurrence of every pattern (literals and regexes, as `disclint rules patterns` prints them
# compiled): what ripgrep takes for the same search puts the ratio in context.
"$DISCLINT" rules patterns > "$OUT/all.patterns.txt"
say "## 1b. Context: ripgrep asked for every occurrence, and for every pattern of the packs ($(wc -l < "$OUT/all.patterns.txt") with the regexes), one thread, $BIG"
bench t1b "$RG --count-matches -F --no-messages -j1 -f $OUT/builtin.patterns.txt $BIG" \
  "$RG -c --no-messages -j1 -f $OUT/all.patterns.txt $BIG" \
  "$RG --count-matches --no-messages -j1 -f $OUT/all.patterns.txt $BIG" \
  "$D -j1 $BIG"
say ""

say "## 2. Rule count: synthetic packs of 50, 500, 5000 rules (no built-ins), one thread, $BIG"
bench t2 "$RGC -j1 -f $OUT/synth5000.patterns.txt $BIG" \
  "$D -j1 --no-default-rules --rules $OUT/synth50.rules $BIG" \
  "$D -j1 --no-default-rules --rules $OUT/synth500.rules $BIG" \
  "$D -j1 --no-default-rules --rules $OUT/synth5000.rules $BIG"
T2_50=$(median "$OUT/t2.json" 1); T2_5000=$(median "$OUT/t2.json" 3)
say ""
say "Rule compilation alone (the same packs over an empty file):"
printf '\n' > "$OUT/empty.md"
bench t2c "$D --no-default-rules --rules $OUT/synth50.rules $OUT/empty.md" \
  "$D --no-default-rules --rules $OUT/synth500.rules $OUT/empty.md" \
  "$D --no-default-rules --rules $OUT/synth5000.rules $OUT/empty.md"
say ""

say "## 3. Linearity: built-in packs, one thread, ${TENTH} MB vs ${MB} MB"
bench t3 "$RGC -j1 -f $OUT/builtin.patterns.txt $TEN" "$D -j1 $TEN" "$RGC -j1 -f $OUT/builtin.patterns.txt $BIG" "$D -j1 $BIG"
T3_RG_S=$(median "$OUT/t3.json" 0); T3_S=$(median "$OUT/t3.json" 1); T3_RG_B=$(median "$OUT/t3.json" 2); T3_B=$(median "$OUT/t3.json" 3)
say ""

say "## 4. Threads: one thread vs all cores (default), built-in packs, $BIG"
bench t4 "$D -j1 $BIG" "$D $BIG" "$RGC -j1 -f $OUT/builtin.patterns.txt $BIG" "$RGC -f $OUT/builtin.patterns.txt $BIG"
T4_1=$(median "$OUT/t4.json" 0); T4_N=$(median "$OUT/t4.json" 1)
say ""

say "## 5. Start-up: one page ($(wc -c < "$OUT/one-page.md") bytes), built-in packs compiled at start"
RUNS_SAVED=$RUNS; RUNS=$((RUNS * 6))
bench t5 "$RG -c -F -f $OUT/builtin.patterns.txt $OUT/one-page.md" "$DISCLINT check --fail-on never $OUT/one-page.md"
RUNS=$RUNS_SAVED
T5=$(median "$OUT/t5.json" 1)
say ""

say "## 6. One large file ($(size_mb "$LARGE") MB), built-in packs"
bench t6 "$RGC -f $OUT/builtin.patterns.txt $LARGE" "$D $LARGE"
say ""

say "## 7. Peak memory (max RSS, /usr/bin/time)"
rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
R_BIG=$(rss $D $BIG); R_BIG_RG=$(rss $RGC -f $OUT/builtin.patterns.txt $BIG)
R_LARGE=$(rss $D $LARGE); R_LARGE_RG=$(rss $RGC -f $OUT/builtin.patterns.txt $LARGE)
R_ONE=$(rss $D $OUT/one-page.md)
R_BIG_1=$(rss $D -j1 $BIG); R_BIG_JSON=$(rss $D --format json $BIG)
say "| input | disclint max RSS (MB) | rg max RSS (MB) |"
say "|---|---:|---:|"
say "| $BIG ($(size_mb "$BIG") MB, all cores) | $((R_BIG / 1024)) | $((R_BIG_RG / 1024)) |"
say "| $LARGE ($(size_mb "$LARGE") MB) | $((R_LARGE / 1024)) | $((R_LARGE_RG / 1024)) |"
say "| $BIG, one thread | $((R_BIG_1 / 1024)) | |"
say "| $BIG, all cores, --format json | $((R_BIG_JSON / 1024)) | |"
say "| one page | $((R_ONE / 1024)) | |"
say ""

say "## Targets"
python3 - "$T1_RG" "$T1_D" "$T2_50" "$T2_5000" "$T3_S" "$T3_B" "$T4_1" "$T4_N" "$T5" "$R_BIG" "$R_LARGE" "$(du -sb "$LARGE" | cut -f1)" "$T3_RG_S" "$T3_RG_B" <<'PY' | tee -a "$RESULTS"
import sys
a = [float(x) for x in sys.argv[1:]]
rg1, d1, s50, s5000, small, big, one, alln, start, rss_big, rss_large, large_bytes, rg_small, rg_big = a
def row(name, value, ok):
    print(f"| {name} | {value} | {'met' if ok else 'MISSED'} |")
print("| target | measured | |")
print("|---|---|---|")
row("built-in packs, 1 thread: ≥ 1/3 of rg throughput", f"{rg1 / d1:.2f} of rg ({d1:.2f} s vs {rg1:.2f} s)", rg1 / d1 >= 1 / 3)
row("5,000 rules ≤ 2 × 50 rules", f"{s5000 / s50:.2f} ×", s5000 / s50 <= 2)
row("10 × text ≈ 10 × time", f"{big / small:.1f} × (rg: {rg_big / rg_small:.1f} ×)", 8 <= big / small <= 12)
row("all cores ≥ 1.8 × one thread (2 cores)", f"{one / alln:.2f} ×", one / alln >= 1.8)
row("one page ≤ 20 ms", f"{start * 1000:.1f} ms", start <= 0.020)
row("peak RSS ≤ 100 MB over the corpus", f"{rss_big / 1024:.0f} MB", rss_big / 1024 <= 100)
row("large file: RSS a small multiple of its size", f"{rss_large * 1024 / large_bytes:.1f} × its size", rss_large * 1024 / large_bytes <= 6)
PY
say ""
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results in $RESULTS" >&2
