#!/usr/bin/env bash
# Compares `yongquan match --batch` with medspaCy (TargetMatcher with the
# lexicon's Latin-script terms + ConText, spaCy's rule sentencizer; see
# medspacy_match.py) on the same English descriptions. Not part of CI;
# results go to bench/RESULTS.md by hand. Issue 13's peer benchmark.
#
#   bash bench/compare/medspacy.sh
#   YQ_FLAGS="--detail compact" bash bench/compare/medspacy.sh
#
# What it does:
#   1. builds yongquan (release; honours CARGO_TARGET_DIR), creates
#      bench/compare/.venv and pip-installs the pinned
#      medspacy-requirements.txt into it (once);
#   2. exports the lexicon (`yongquan lexicon`) and writes LINES English
#      descriptions (english_lines.py: the distinct `text`s of
#      tests/data/*.jsonl, tests/blind/*.jsonl and
#      /work/shared/data/dev-cases.jsonl that are not mostly Han, repeated,
#      each round shuffled with seed 1); the first SMALL of them are a second
#      size, for the slope;
#   3. times (median of RUNS whole-process runs, /usr/bin/time; output to
#      /dev/null) on the same file:
#        - yongquan match --batch FILE $YQ_FLAGS, RAYON_NUM_THREADS=1 and
#          all cores (rayon's default),
#        - medspacy_match.py --processes 1, --workers $(nproc) (a fork Pool)
#          and --processes 2 (spaCy's n_process=2, on NPROC_LINES lines only:
#          it is slower than one process, see medspacy_match.py);
#      each also on the SMALL-line file, for throughput without start-up
#      as the slope (LINES - SMALL) / (t_LINES - t_SMALL), and "in-process"
#      is each tool's own summary line (yongquan: rules loaded before its
#      clock starts; medspacy_match.py: after the pipeline is built and one
#      warm-up Doc has run);
#   4. bytes per output line of each tool (one extra run written to a file).
#
# The machine is shared: the RUNS runs are rounds, each running every
# configuration once (so a burst of load from elsewhere hits both tools
# alike); before each round it waits (up to WAIT s, WAIT_TOTAL s in all)
# for the 1-minute load average to fall to LOAD_MAX, and it records the
# load before and after every run. CPU time (user+sys, children included)
# is recorded too: for the one-thread rows, lines per CPU-second moves less
# with load than wall time does.
#
# Settings (environment): RUNS=3 LINES=20000 SMALL=5000 NPROC_LINES=4000
# BATCH=64 LOAD_MAX=<cores> WAIT=30 WAIT_TOTAL=120 YQ_FLAGS="" OUT=<temp dir>.
# medspaCy does ~700-1000 lines/s on one core here, so the defaults take
# about 6-7 minutes on this 2-core machine, plus up to WAIT_TOTAL s of
# waiting for a quieter machine (the pip install not counted).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUNS=${RUNS:-3}
LINES=${LINES:-20000}
SMALL=${SMALL:-5000}
NPROC_LINES=${NPROC_LINES:-4000}
BATCH=${BATCH:-64}
CORES=$(nproc)
LOAD_MAX=${LOAD_MAX:-$CORES}
WAIT=${WAIT:-30}
WAIT_TOTAL=${WAIT_TOTAL:-120}
WAITED=0
YQ_FLAGS=${YQ_FLAGS:-}
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/yongquan-medspacy.XXXXXX")}
mkdir -p "$OUT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
VENV=$ROOT/bench/compare/.venv
TIME=/usr/bin/time
DATA=/work/shared/data/dev-cases.jsonl
read -r -a YQF <<< "$YQ_FLAGS"

say() { printf '%s\n' "$*" >&2; }
need() { command -v "$1" > /dev/null || { say "medspacy.sh: $1 is required"; exit 2; }; }
need python3
[ -x "$TIME" ] || { say "medspacy.sh: /usr/bin/time is required (apt-get install time)"; exit 2; }

say "== building (release)"
cargo build --release --quiet
if [ ! -x "$VENV/bin/python" ]; then
    say "== creating $VENV"
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c 'import medspacy' 2> /dev/null ||
    "$VENV/bin/pip" install --quiet -r "$ROOT/bench/compare/medspacy-requirements.txt"
VERSIONS=$("$VENV/bin/python" -c '
import sys, spacy, medspacy
print("Python %d.%d.%d, spaCy %s, medspaCy %s" % (sys.version_info[:3] + (spacy.__version__, medspacy.__version__)))' 2> /dev/null)
# Measure a copy, so a rebuild during the run cannot change the binary.
mkdir -p "$OUT/bin"
cp "$TARGET/release/yongquan" "$OUT/bin/"
Y=$OUT/bin/yongquan
M=("$VENV/bin/python" "$ROOT/bench/compare/medspacy_match.py")
COMMIT=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)
git diff --quiet HEAD -- src rules 2> /dev/null || COMMIT="$COMMIT+changes"

say "== inputs"
"$Y" lexicon > "$OUT/lexicon.tsv"
sources=("$ROOT"/tests/data/*.jsonl "$ROOT"/tests/blind/*.jsonl)
[ -f "$DATA" ] && sources+=("$DATA")
python3 "$ROOT/bench/compare/english_lines.py" "$LINES" 1 "${sources[@]}" > "$OUT/lines.txt" 2> "$OUT/lines.log"
cat "$OUT/lines.log" >&2
DISTINCT=$(grep -o '[0-9]* distinct' "$OUT/lines.log" | cut -d' ' -f1)
head -n "$SMALL" "$OUT/lines.txt" > "$OUT/small.txt"
head -n "$NPROC_LINES" "$OUT/lines.txt" > "$OUT/nproc.txt"

# A flag in YQ_FLAGS that this build does not know must stop the run, not
# time an error message.
st=0
"$Y" match --batch "$OUT/small.txt" "${YQF[@]}" > "$OUT/preflight.jsonl" 2> "$OUT/preflight.err" || st=$?
if [ "$st" -ge 2 ] || [ "$(wc -l < "$OUT/preflight.jsonl")" != "$SMALL" ]; then
    say "medspacy.sh: yongquan match --batch $YQ_FLAGS failed (status $st):"
    head -n 5 "$OUT/preflight.err" >&2
    exit 2
fi

load1() { cut -d' ' -f1 /proc/loadavg; }
above() { awk -v l="$1" -v m="$LOAD_MAX" 'BEGIN {exit !(l > m)}'; }
# The configurations; run LABEL runs one of them once (stdout discarded),
# appending "wall-s peak-KB cpu-s" to $OUT/LABEL.runs and its stderr (each
# tool's summary line) to $OUT/LABEL.stderr.
LABELS="y1-lines yN-lines m1-lines mW-lines y1-small yN-small m1-small mW-small mP-nproc m1-nproc"
run() {
    local label=$1 file
    file=${label#*-}
    local cmd
    case $label in
        y1-*) cmd=(env RAYON_NUM_THREADS=1 "$Y" match --batch "$OUT/$file.txt" "${YQF[@]}") ;;
        yN-*) cmd=("$Y" match --batch "$OUT/$file.txt" "${YQF[@]}") ;;
        m1-*) cmd=("${M[@]}" "$OUT/lexicon.tsv" "$OUT/$file.txt" --processes 1 --batch-size "$BATCH") ;;
        mW-*) cmd=("${M[@]}" "$OUT/lexicon.tsv" "$OUT/$file.txt" --workers "$CORES" --batch-size "$BATCH") ;;
        mP-*) cmd=("${M[@]}" "$OUT/lexicon.tsv" "$OUT/$file.txt" --processes 2 --batch-size "$BATCH") ;;
    esac
    "$TIME" -f '%e %M %U %S' -o "$OUT/$label.one" "${cmd[@]}" > /dev/null 2>> "$OUT/$label.stderr" || true
    tail -n 1 "$OUT/$label.one" | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' >> "$OUT/$label.runs"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}'; }

say "== measuring ($LINES and $SMALL lines; YQ_FLAGS=\"$YQ_FLAGS\"; $RUNS rounds, each runs every configuration once)"
for label in $LABELS; do : > "$OUT/$label.runs"; : > "$OUT/$label.stderr"; done
: > "$OUT/loads"
for round in $(seq "$RUNS"); do
    # Wait for a quieter machine (bounded), then run every configuration
    # once, so a burst of load from elsewhere hits both tools alike.
    waited=0
    while above "$(load1)" && [ "$waited" -lt "$WAIT" ] && [ "$WAITED" -lt "$WAIT_TOTAL" ]; do
        sleep 5
        waited=$((waited + 5))
        WAITED=$((WAITED + 5))
    done
    for label in $LABELS; do
        before=$(load1)
        run "$label"
        echo "$label $before $(load1)" >> "$OUT/loads"
        say "   round $round $label: $(tail -n 1 "$OUT/$label.runs" | cut -d' ' -f1) s, load $before→$(load1)"
    done
done
for label in $LABELS; do
    cut -d' ' -f1 "$OUT/$label.runs" | median > "$OUT/$label.time"
    cut -d' ' -f3 "$OUT/$label.runs" | median > "$OUT/$label.cpu"
    awk -v l="$label" '$1 == l {b = b sep $2 "→" $3; sep = ", "} END {print b}' "$OUT/loads" > "$OUT/$label.load"
done
LOADS=$(awk '{print $2; print $3}' "$OUT/loads" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {print lo "–" hi}')
secs() { cat "$OUT/$1.time"; }
# Median of the "(N lines/s" figures in LABEL's stderr (both tools print one).
inproc() {
    grep -o '([0-9]* lines/s' "$OUT/$1.stderr" | tr -dc '0-9\n' | median
}
rate() { awk -v n="$2" -v s="$(secs "$1")" 'BEGIN {printf "%.0f", n / (s > 0 ? s : 0.001)}'; }
cpurate() { awk -v n="$2" -v s="$(cat "$OUT/$1.cpu")" 'BEGIN {printf "%.0f", n / (s > 0 ? s : 0.001)}'; }
slope() { awk -v n="$((LINES - SMALL))" -v a="$(secs "$1")" -v b="$(secs "$2")" 'BEGIN {printf "%.0f", (a > b ? n / (a - b) : 0)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (b > 0 ? a / b : 0)}'; }

say "== output size"
"$Y" match --batch "$OUT/lines.txt" "${YQF[@]}" > "$OUT/yongquan.jsonl" 2> /dev/null || true
"${M[@]}" "$OUT/lexicon.tsv" "$OUT/lines.txt" --batch-size "$BATCH" > "$OUT/medspacy.jsonl" 2> /dev/null
# bytes: "mean (median)" per line, the newline included.
bytes() {
    python3 -c '
import statistics, sys
n = [len(l) for l in open(sys.argv[1], "rb")]
print("%.0f (median %.0f)" % (sum(n) / len(n), statistics.median(n)))' "$1"
}
YB=$(bytes "$OUT/yongquan.jsonl")
MB=$(bytes "$OUT/medspacy.jsonl")
YL=$(wc -l < "$OUT/yongquan.jsonl")
ML=$(wc -l < "$OUT/medspacy.jsonl")
RULES=$(grep -o '[0-9]* target rules ([0-9]* non-Latin' "$OUT/m1-lines.stderr" | head -1)
ENTS=$(grep -o '[0-9]* with an entity' "$OUT/m1-lines.stderr" | head -1)
YM=$(grep -o '[0-9]* matched' "$OUT/y1-lines.stderr" | head -1)

y1=$(rate y1-lines "$LINES"); yN=$(rate yN-lines "$LINES")
m1=$(rate m1-lines "$LINES"); mW=$(rate mW-lines "$LINES")
mP=$(rate mP-nproc "$NPROC_LINES"); m1p=$(rate m1-nproc "$NPROC_LINES")
y1s=$(slope y1-lines y1-small); yNs=$(slope yN-lines yN-small)
m1s=$(slope m1-lines m1-small); mWs=$(slope mW-lines mW-small)
TABLE=$OUT/results.md
{
    echo "| $LINES lines (from $DISTINCT distinct texts) | wall s, median | lines/s, whole process | lines/s without start-up: slope $SMALL→$LINES lines | lines/s in-process (own summary) | lines per CPU-second (user+sys) | load before→after, each round |"
    echo "|---|---|---|---|---|---|---|"
    echo "| yongquan, 1 thread | $(secs y1-lines) | $y1 | $y1s | $(inproc y1-lines) | $(cpurate y1-lines "$LINES") | $(cat "$OUT/y1-lines.load") |"
    echo "| yongquan, $CORES cores | $(secs yN-lines) | $yN | $yNs | $(inproc yN-lines) | $(cpurate yN-lines "$LINES") | $(cat "$OUT/yN-lines.load") |"
    echo "| medspaCy, 1 process | $(secs m1-lines) | $m1 | $m1s | $(inproc m1-lines) | $(cpurate m1-lines "$LINES") | $(cat "$OUT/m1-lines.load") |"
    echo "| medspaCy, $CORES-worker fork Pool | $(secs mW-lines) | $mW | $mWs | $(inproc mW-lines) | $(cpurate mW-lines "$LINES") | $(cat "$OUT/mW-lines.load") |"
    echo "| medspaCy, spaCy n_process=2 ($NPROC_LINES lines) | $(secs mP-nproc) | $mP | – | $(inproc mP-nproc) | $(cpurate mP-nproc "$NPROC_LINES") | $(cat "$OUT/mP-nproc.load") |"
    echo "| medspaCy, 1 process ($NPROC_LINES lines, for the row above) | $(secs m1-nproc) | $m1p | – | $(inproc m1-nproc) | $(cpurate m1-nproc "$NPROC_LINES") | $(cat "$OUT/m1-nproc.load") |"
    echo
    echo "| ratio yongquan / medspaCy | whole process | without start-up (slope) | in-process |"
    echo "|---|---|---|---|"
    echo "| 1 thread / 1 process | $(ratio "$y1" "$m1")× (per CPU-second: $(ratio "$(cpurate y1-lines "$LINES")" "$(cpurate m1-lines "$LINES")")×) | $(ratio "$y1s" "$m1s")× | $(ratio "$(inproc y1-lines)" "$(inproc m1-lines)")× |"
    echo "| $CORES cores / $CORES-worker Pool | $(ratio "$yN" "$mW")× | $(ratio "$yNs" "$mWs")× | $(ratio "$(inproc yN-lines)" "$(inproc mW-lines)")× |"
    echo "| $CORES cores / n_process=2 | $(ratio "$yN" "$mP")× | – | $(ratio "$(inproc yN-lines)" "$(inproc mP-nproc)")× |"
    echo "| scaling 1 → $CORES cores: yongquan / medspaCy Pool / n_process=2 | $(ratio "$yN" "$y1")× / $(ratio "$mW" "$m1")× / $(ratio "$mP" "$m1p")× | $(ratio "$yNs" "$y1s")× / $(ratio "$mWs" "$m1s")× / – | $(ratio "$(inproc yN-lines)" "$(inproc y1-lines)")× / $(ratio "$(inproc mW-lines)" "$(inproc m1-lines)")× / $(ratio "$(inproc mP-nproc)" "$(inproc m1-nproc)")× |"
    echo
    echo "Bytes per output line, mean (median): yongquan $YB ($YL lines, $YM), medspaCy $MB ($ML lines, $ENTS)."
    echo "medspaCy: $RULES terms left out); batch_size $BATCH."
    echo
    echo "$(date -u +%Y-%m-%d), yongquan $COMMIT, YQ_FLAGS=\"$YQ_FLAGS\", $VERSIONS, $CORES cores, $(uname -m), median of $RUNS runs (interleaved rounds), load average $LOADS; data in $OUT."
} > "$TABLE"
cat "$TABLE"
