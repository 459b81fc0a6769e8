#!/usr/bin/env bash
# Compares `yongquan match --batch` with a rapidfuzz script on the same typo'd
# descriptions, at three lexicon sizes, and measures the floor, peak memory
# and cold start. Not part of CI; results go to bench/RESULTS.md by hand.
#
#   bash bench/compare/run.sh
#
# What it does:
#   1. builds yongquan and bench/gen (release), creates bench/compare/.venv
#      and pip-installs rapidfuzz into it (once);
#   2. for the built-in rules and for the built-in rules plus 10 000 and
#      100 000 generated terms (`--rules DIR`): exports the lexicon with
#      `yongquan lexicon`, generates LINES typo'd descriptions from it, and
#      times (median of RUNS whole-process runs, /usr/bin/time):
#        - yongquan match --batch (all cores, and RAYON_NUM_THREADS=1),
#        - rapidfuzz_match.py (extractOne per phrase, WRatio, cutoff 80; at
#          most RF_LINES_<size> lines, as it is linear in the lexicon),
#        - the floor: a bare multi-literal scan of the same file for the same
#          terms (`rg -c -F -f TERMS` when rg is installed, and always
#          `yongquan-bench-gen floor`, an aho-corasick find_iter count);
#   3. peak RSS of one `match` and of a 1 000 000-line batch (BIG=0 skips it);
#   4. cold start: `yongquan match "insomnia, night sweats"` against
#      `yongquan --version`, with `hyperfine -N` if installed (five rounds,
#      the median one reported), else a Python loop of 100 runs each (median).
#
# Settings (environment): RUNS=3 LINES=10000 SIZES="0 10000 100000" BIG=1
# RF_LINES_0=10000 RF_LINES_10000=1000 RF_LINES_100000=100 OUT=<temp dir>.
# rapidfuzz does ~100 lines/s on the built-in lexicon and ~2 lines/s at
# 100 000 terms on this 2-core machine, so the defaults take about 25 minutes.
#
# Throughputs are lines / whole-process wall time (start, rule loading, I/O
# included) for both tools; "in-process" is yongquan's own summary line,
# which leaves rule loading out.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUNS=${RUNS:-3}
LINES=${LINES:-10000}
SIZES=${SIZES:-"0 10000 100000"}
BIG=${BIG:-1}
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/yongquan-compare.XXXXXX")}
mkdir -p "$OUT"
Y=$ROOT/target/release/yongquan
G=$ROOT/bench/gen/target/release/yongquan-bench-gen
VENV=$ROOT/bench/compare/.venv
TIME=/usr/bin/time

say() { printf '%s\n' "$*" >&2; }
need() { command -v "$1" > /dev/null || { say "run.sh: $1 is required"; exit 2; }; }
need python3
[ -x "$TIME" ] || { say "run.sh: /usr/bin/time is required (apt-get install time)"; exit 2; }

say "== building (release)"
cargo build --release --quiet
cargo build --release --quiet --manifest-path bench/gen/Cargo.toml
if [ ! -x "$VENV/bin/python" ]; then
    say "== creating $VENV"
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c 'import rapidfuzz' 2> /dev/null || "$VENV/bin/pip" install --quiet rapidfuzz
RF_VERSION=$("$VENV/bin/python" -c 'import rapidfuzz; print(rapidfuzz.__version__)')
# Measure copies, so a rebuild during the run cannot change the binaries.
mkdir -p "$OUT/bin"
cp "$Y" "$G" "$OUT/bin/"
Y=$OUT/bin/yongquan
G=$OUT/bin/yongquan-bench-gen
COMMIT=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)
git diff --quiet HEAD -- src rules 2> /dev/null || COMMIT="$COMMIT+changes"

# measure LABEL RUNS CMD... : runs CMD (stdout discarded) RUNS times; records
# the median wall time (s) and the median peak RSS (KB) in $OUT/LABEL.time.
measure() {
    local label=$1 runs=$2
    shift 2
    : > "$OUT/$label.runs"
    for _ in $(seq "$runs"); do
        "$TIME" -f '%e %M' -o "$OUT/$label.one" "$@" > /dev/null 2>> "$OUT/$label.stderr" || true
        tail -n 1 "$OUT/$label.one" >> "$OUT/$label.runs"
    done
    local secs kb
    secs=$(cut -d' ' -f1 "$OUT/$label.runs" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    kb=$(cut -d' ' -f2 "$OUT/$label.runs" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$secs $kb" > "$OUT/$label.time"
    say "   $label: ${secs} s, ${kb} KB peak RSS (median of $runs)"
}
secs() { cut -d' ' -f1 "$OUT/$1.time"; }
# Median of the "(N lines/s)" of yongquan's summary lines in LABEL's stderr.
inproc() {
    grep -o '([0-9]* lines/s)' "$OUT/$1.stderr" | tr -dc '0-9\n' | sort -g |
        awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "n/a")}'
}
rss_mb() { awk '{printf "%.1f", $2 / 1024}' "$OUT/$1.time"; }
rate() { awk -v n="$2" -v s="$(secs "$1")" 'BEGIN {printf "%.0f", n / (s > 0 ? s : 0.001)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (b > 0 ? a / b : 0)}'; }

TABLE=$OUT/results.md
{
    echo "| lexicon | terms | yongquan --batch lines/s, 2 cores (in-process) | 1 thread (in-process) | rapidfuzz lines/s (lines run) | ratio 2 cores | ratio 1 thread | floor s: rg / aho-corasick | batch ÷ floor | batch peak RSS |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$TABLE"

for size in $SIZES; do
    rules=()
    name="built-in"
    if [ "$size" != 0 ]; then
        mkdir -p "$OUT/rules-$size"
        "$G" rules "$size" > "$OUT/rules-$size/generated.ron"
        rules=(--rules "$OUT/rules-$size")
        name="built-in + $size generated"
    fi
    say "== $name"
    "$Y" lexicon "${rules[@]}" > "$OUT/lexicon-$size.tsv"
    cut -f1 "$OUT/lexicon-$size.tsv" > "$OUT/terms-$size.txt"
    terms=$(wc -l < "$OUT/terms-$size.txt")
    "$G" queries "$OUT/lexicon-$size.tsv" "$LINES" > "$OUT/queries-$size.txt"

    measure "batch-$size" "$RUNS" "$Y" match --batch "$OUT/queries-$size.txt" "${rules[@]}"
    measure "batch1-$size" "$RUNS" env RAYON_NUM_THREADS=1 "$Y" match --batch "$OUT/queries-$size.txt" "${rules[@]}"
    rf_var="RF_LINES_$size"
    default_rf=$LINES
    [ "$size" = 10000 ] && default_rf=1000
    [ "$size" = 100000 ] && default_rf=100
    rf_lines=${!rf_var:-$default_rf}
    [ "$rf_lines" -gt "$LINES" ] && rf_lines=$LINES
    measure "rapidfuzz-$size" "$RUNS" "$VENV/bin/python" "$ROOT/bench/compare/rapidfuzz_match.py" \
        "$OUT/terms-$size.txt" "$OUT/queries-$size.txt" "$rf_lines"
    if command -v rg > /dev/null; then
        measure "rg-$size" "$RUNS" rg -c -F -f "$OUT/terms-$size.txt" "$OUT/queries-$size.txt"
        rg_s=$(secs "rg-$size")
    else
        rg_s="n/a"
    fi
    measure "ac-$size" "$RUNS" "$G" floor "$OUT/terms-$size.txt" "$OUT/queries-$size.txt"

    y_rate=$(rate "batch-$size" "$LINES")
    y1_rate=$(rate "batch1-$size" "$LINES")
    rf_rate=$(rate "rapidfuzz-$size" "$rf_lines")
    floor=$(secs "ac-$size")
    [ "$rg_s" != "n/a" ] && floor=$(awk -v a="$rg_s" -v b="$floor" 'BEGIN {print (a < b ? a : b)}')
    echo "| $name | $terms | $y_rate ($(inproc "batch-$size")) | $y1_rate ($(inproc "batch1-$size")) | $rf_rate ($rf_lines) | $(ratio "$y_rate" "$rf_rate")× | $(ratio "$y1_rate" "$rf_rate")× | $rg_s / $(secs "ac-$size") | $(ratio "$(secs "batch-$size")" "$floor")× | $(rss_mb "batch-$size") MB |" >> "$TABLE"
done

say "== peak RSS"
measure "single" "$RUNS" "$Y" match "insomnia, night sweats"
EXTRA=""
if [ "$BIG" = 1 ]; then
    for _ in $(seq 100); do cat "$OUT/queries-0.txt"; done | head -n 1000000 > "$OUT/big.txt"
    measure "big" 1 "$Y" match --batch "$OUT/big.txt"
    measure "ac-big" "$RUNS" "$G" floor "$OUT/terms-0.txt" "$OUT/big.txt"
    big_floor=$(secs "ac-big")
    if command -v rg > /dev/null; then
        measure "rg-big" "$RUNS" rg -c -F -f "$OUT/terms-0.txt" "$OUT/big.txt"
        big_floor=$(awk -v a="$(secs rg-big)" -v b="$big_floor" 'BEGIN {print (a < b ? a : b)}')
    fi
    EXTRA="; 1 000 000-line batch (built-in): $(rss_mb big) MB peak RSS, $(rate big "$(wc -l < "$OUT/big.txt")") lines/s, $(secs big) s against a floor of $big_floor s ($(ratio "$(secs big)" "$big_floor")×)"
fi

say "== cold start"
MATCH_CMD="$Y match 'insomnia, night sweats'"
VERSION_CMD="$Y --version"
if command -v hyperfine > /dev/null; then
    # Five rounds, the order swapped each time: one hyperfine run of a few
    # milliseconds per process drifts with the machine, so a single pair of
    # medians can be off by a third. Reported: the round with the median
    # ratio, and every round's ratio.
    for round in 1 2 3 4 5; do
        if [ $((round % 2)) = 1 ]; then pair=("$VERSION_CMD" "$MATCH_CMD"); else pair=("$MATCH_CMD" "$VERSION_CMD"); fi
        hyperfine -N -i --warmup 20 --runs 300 --export-json "$OUT/cold-$round.json" \
            "${pair[@]}" > "$OUT/hyperfine-$round.txt"
    done
    read -r v_ms m_ms ROUNDS < <(python3 -c '
import json, statistics, sys
rounds = []
for path in sys.argv[1:]:
    r = {x["command"].split()[1]: x["median"] * 1000 for x in json.load(open(path))["results"]}
    rounds.append((r["match"] / r["--version"], r["--version"], r["match"]))
mid = sorted(rounds)[len(rounds) // 2]
print("%.2f %.2f %s" % (mid[1], mid[2], "/".join("%.2f" % x[0] for x in rounds)))' "$OUT"/cold-[1-5].json)
    COLD_TOOL="hyperfine -N, 5 rounds of 300 runs, medians; the median round of ratios $ROUNDS"
else
    read -r v_ms m_ms < <(python3 -c '
import statistics, subprocess, sys, time
def median_ms(cmd):
    times = []
    for _ in range(100):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000
y = sys.argv[1]
print("%.2f %.2f" % (median_ms([y, "--version"]), median_ms([y, "match", "insomnia, night sweats"])))' "$Y")
    COLD_TOOL="Python subprocess loop, 100 runs, median (hyperfine not installed)"
fi

{
    echo
    echo "Peak RSS: one match $(rss_mb single) MB$EXTRA."
    echo "Cold start ($COLD_TOOL): \`match \"insomnia, night sweats\"\` $m_ms ms, \`--version\` $v_ms ms, ratio $(ratio "$m_ms" "$v_ms")×."
    echo
    echo "$(date -u +%Y-%m-%d), yongquan $COMMIT, $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg), rapidfuzz $RF_VERSION, $LINES lines per size, median of $RUNS runs; data in $OUT."
} >> "$TABLE"
cat "$TABLE"
