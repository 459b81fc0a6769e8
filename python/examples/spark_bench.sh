#!/usr/bin/env bash
# Rows per second of python/examples/spark_match.py on a local Spark session
# against `yongquan match --batch` over the same file, median of RUNS runs.
#
#   PY=/tmp/spark-venv/bin/python YONGQUAN_BIN=target/release/yongquan \
#     bash python/examples/spark_bench.sh [LINES] [RUNS]
#
# PY: a Python with pyspark, pandas, pyarrow and yongquan (pip install
# ./python). LINES (default 100000): the texts of tests/data/*.jsonl, repeated
# until there are LINES of them, each repetition shuffled (random.Random(13)),
# one per line. The CLI runs with RAYON_NUM_THREADS=1 and with all cores,
# writing to /dev/null. Spark runs the example (text input, Parquet output,
# --care ids as the CLI's default) with local[1] and local[2]: "job" is
# the time from reading to the written output, inside the session (the
# JVM's start-up left out), "total" the whole process.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
lines=${1:-100000}
runs=${2:-3}
PY=${PY:-python3}
bin=${YONGQUAN_BIN:-$repo/target/release/yongquan}
work=${BENCH_DIR:-$(mktemp -d /tmp/yongquan-spark-bench.XXXXXX)}
notes=$work/notes.txt

"$PY" - "$repo" "$lines" "$notes" <<'EOF'
import glob, json, random, sys
repo, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = [json.loads(l)["text"] for f in sorted(glob.glob(f"{repo}/tests/data/*.jsonl"))
         for l in open(f, encoding="utf-8") if l.strip()]
rng, notes = random.Random(13), []
while len(notes) < n:
    copy = texts[:]
    rng.shuffle(copy)
    notes.extend(copy)
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(notes[:n]) + "\n")
print(f"{n} lines from {len(texts)} texts, {sum(len(t.encode()) for t in notes[:n])/n:.0f} bytes/line")
EOF

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; uptime:$(uptime | sed 's/.*load/ load/')"
echo "# $("$bin" --version 2>/dev/null | head -1); $("$PY" -c 'import pyspark, pandas, pyarrow, sys; print(f"pyspark {pyspark.__version__}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, Python {sys.version.split()[0]}")'); $(java -version 2>&1 | head -1)"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }

cli() { # label, env
  local label=$1; shift
  local ts=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(now); env "$@" "$bin" match --batch "$notes" >/dev/null 2>"$work/cli.err"; t1=$(now)
    ts+=("$(awk "BEGIN {print $t1 - $t0}")")
  done
  local m; m=$(printf '%s\n' "${ts[@]}" | median)
  printf '%-26s runs %s s; median %.2f s = %.0f rows/s\n' "$label" "$(printf '%.2f ' "${ts[@]}")" "$m" "$(awk "BEGIN {print $lines / $m}")"
}

spark() { # master
  local master=$1 js=() ts=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(now)
    PYSPARK_PYTHON="$PY" "$PY" "$here/spark_match.py" "$notes" "$work/out" --master "$master" \
      --mode overwrite --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
      >"$work/spark.out" 2>"$work/spark.err"
    t1=$(now)
    ts+=("$(awk "BEGIN {print $t1 - $t0}")")
    local job; job=$(sed -n 's/.*spark_match: .* job \([0-9.]*\) s .*/\1/p' "$work/spark.err")
    [ -n "$job" ] || { tail -20 "$work/spark.err"; exit 1; }
    grep -q "spark_match: $lines rows" "$work/spark.err" || { grep 'spark_match' "$work/spark.err"; exit 1; }
    js+=("$job")
  done
  local mj mt; mj=$(printf '%s\n' "${js[@]}" | median); mt=$(printf '%s\n' "${ts[@]}" | median)
  printf '%-26s job runs %s s; median %.2f s = %.0f rows/s; total median %.2f s = %.0f rows/s\n' \
    "spark $master" "$(printf '%.2f ' "${js[@]}")" "$mj" "$(awk "BEGIN {print $lines / $mj}")" "$mt" "$(awk "BEGIN {print $lines / $mt}")"
}

cli "cli RAYON_NUM_THREADS=1" RAYON_NUM_THREADS=1
cli "cli all cores"
spark "local[1]"
spark "local[2]"
echo "# inputs and outputs in $work"
