#!/usr/bin/env python3
"""Rows per second of spark_match.py on a local Spark session against
``yongquan match --batch`` over the same file; median of --runs runs.

    /tmp/spark-venv/bin/python python/examples/spark_bench.py \\
        --bin target/release/yongquan --lines 100000 --runs 3

Run it with a Python that has pyspark, pandas, pyarrow and yongquan
(``pip install -r python/requirements-spark.txt ./python``); Spark's
workers use the same interpreter.

The input: the ``text`` of every case in tests/data/*.jsonl, repeated until
there are --lines of them, each repetition shuffled (random.Random(13)), one
per line. The CLI runs with RAYON_NUM_THREADS=1 and with all cores, its
output to /dev/null. Spark runs the example (text input, Parquet output,
``--care ids`` as the CLI's default) with local[1] and local[2].

Per run: wall seconds; for Spark also "job", the example's own timing from
reading the notes to the written output inside an already started session
(JVM start-up left out); and CPU seconds (user + sys of the process and
every descendant it waited for: the JVM and its Python workers), which
says more than wall time when other work shares the machine.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def make_notes(path: Path, lines: int) -> int:
    texts = []
    for name in sorted(glob.glob(str(REPO / "tests" / "data" / "*.jsonl"))):
        with open(name, encoding="utf-8") as f:
            texts += [json.loads(l)["text"] for l in f if l.strip()]
    rng, notes = random.Random(13), []
    while len(notes) < lines:
        copy = texts[:]
        rng.shuffle(copy)
        notes.extend(copy)
    path.write_text("\n".join(notes[:lines]) + "\n", encoding="utf-8")
    return len(texts)


def _become_subreaper():
    """Orphaned descendants (the JVM that PySpark's driver leaves to die,
    its Python workers) become our children, so we can reap them and count
    their CPU time. Linux only; elsewhere CPU figures undercount."""
    try:
        import ctypes

        PR_SET_CHILD_SUBREAPER = 36
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap_all():
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def timed(cmd, env=None, stdout=subprocess.DEVNULL):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    run = subprocess.run(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    _reap_all()  # descendants still running (a JVM shutting down) are waited for
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if run.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return wall, cpu, run.stderr


def med(xs):
    return statistics.median(xs)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bin", default=os.environ.get("YONGQUAN_BIN", str(REPO / "target/release/yongquan")))
    p.add_argument("--lines", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--dir", help="work directory (default: a new one under /tmp)")
    p.add_argument("--masters", default="local[1],local[2]")
    args = p.parse_args()
    subreaper = _become_subreaper()
    work = Path(args.dir or tempfile.mkdtemp(prefix="yongquan-spark-bench."))
    work.mkdir(parents=True, exist_ok=True)
    notes = work / "notes.txt"
    n_texts = make_notes(notes, args.lines)

    import pandas, pyarrow, pyspark  # noqa: E401  (versions only)

    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    version = subprocess.run([args.bin, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores; "
          f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"# {version}; pyspark {pyspark.__version__}, pandas {pandas.__version__}, "
          f"pyarrow {pyarrow.__version__}, Python {sys.version.split()[0]}; {java}"
          + ("" if subreaper else "; CPU times miss orphaned processes (no subreaper)"))
    print(f"# input: {args.lines} lines ({notes.stat().st_size / 1e6:.1f} MB) from the {n_texts} "
          f"texts of tests/data/*.jsonl, shuffled copies (random.Random(13)); {work}")

    results = {}

    def show(label, walls, cpus, jobs=None):
        rate = args.lines / med(walls)
        line = (f"{label:<24} wall {' '.join(f'{w:.2f}' for w in walls)} s, median {med(walls):.2f} s "
                f"= {rate:,.0f} rows/s; CPU median {med(cpus):.2f} s = {args.lines / med(cpus):,.0f} rows/CPU-s")
        if jobs:
            line += f"; job {' '.join(f'{j:.2f}' for j in jobs)} s, median {med(jobs):.2f} s = {args.lines / med(jobs):,.0f} rows/s"
        print(line, flush=True)
        results[label] = dict(wall=med(walls), cpu=med(cpus), job=med(jobs) if jobs else None)

    for label, extra in (("cli 1 thread", {"RAYON_NUM_THREADS": "1"}), ("cli all cores", {})):
        env = {k: v for k, v in os.environ.items() if k != "RAYON_NUM_THREADS"}
        env.update(extra)
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu, _err = timed([args.bin, "match", "--batch", str(notes)], env=env)
            walls.append(wall)
            cpus.append(cpu)
        show(label, walls, cpus)

    for master in args.masters.split(","):
        walls, cpus, jobs = [], [], []
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
        for _ in range(args.runs):
            wall, cpu, err = timed(
                [sys.executable, str(HERE / "spark_match.py"), str(notes), str(work / "out"),
                 "--master", master, "--mode", "overwrite",
                 "--conf", "spark.ui.enabled=false", "--conf", "spark.ui.showConsoleProgress=false"],
                env=env,
            )
            m = re.search(r"spark_match: (\d+) rows, \d+ errors, job ([0-9.]+) s", err)
            if not m or int(m.group(1)) != args.lines:
                sys.exit(f"unexpected summary from spark_match.py:\n{err[-3000:]}")
            walls.append(wall)
            cpus.append(cpu)
            jobs.append(float(m.group(2)))
        show(f"spark {master}", walls, cpus, jobs)

    cli1 = results["cli 1 thread"]
    for master in args.masters.split(","):
        r = results[f"spark {master}"]
        cores = int(re.search(r"\[(\d+)\]", master).group(1)) if re.search(r"\[(\d+)\]", master) else os.cpu_count()
        print(f"# spark {master} vs cli 1 thread: job rows/s per core {cli1['wall'] / r['job'] / cores:.0%}, "
              f"total {cli1['wall'] / r['wall'] / cores:.0%}; rows per CPU-second {cli1['cpu'] / r['cpu']:.0%}")
    print(f"# load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
