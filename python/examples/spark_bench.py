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

Per run: wall seconds of the whole process ("total": for Spark, with the
JVM's start-up and shutdown); for Spark also "job", the time from reading
the notes to the written Parquet inside an already started session (the
same steps as spark_match.py's main, run in a child process by this
script), and the same job run again in that session (a warm JVM and
Python worker: the cost per row once start-up is paid, as in a long job);
and CPU seconds: the CLI's user + sys, and for Spark the job's
(driver, JVM and Python workers, from /proc, Linux only), which say more
than wall time when other work shares the machine.
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


def tree_cpu(root: int) -> float:
    """CPU seconds (user + sys, with reaped children) of every live
    descendant of ``root`` (Linux /proc): the JVM and its Python workers."""
    hz = os.sysconf("SC_CLK_TCK")
    kids = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            kids.setdefault(int(fields[1]), []).append((int(entry), fields))
    total, stack = 0.0, [root]
    while stack:
        for pid, fields in kids.get(stack.pop(), []):
            total += sum(int(x) for x in fields[11:15]) / hz
            stack.append(pid)
    return total


def child(master: str, notes: str, out: str) -> int:
    """One Spark run in this process: the session, then the timed job."""
    sys.path.insert(0, str(HERE))
    import spark_match

    spark = spark_match.build_session(
        master, conf=[("spark.ui.enabled", "false"), ("spark.ui.showConsoleProgress", "false")])
    spark.sparkContext.setLogLevel("ERROR")
    me = os.getpid()
    got = {}
    for name in ("job", "warm"):  # the same job twice: in a new JVM, then again
        cpu0, own0, t0 = tree_cpu(me), sum(os.times()[:2]), time.perf_counter()
        frame = spark_match.match_frame(spark_match.read_notes(spark, notes))
        frame.write.mode("overwrite").parquet(out)
        got[name] = time.perf_counter() - t0
        got[name + "_cpu"] = tree_cpu(me) - cpu0 + sum(os.times()[:2]) - own0
        got["rows"] = spark.read.parquet(out).count()
    spark.stop()
    print(json.dumps(got))
    return 0


def timed(cmd, env=None, stdout=subprocess.DEVNULL):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    run = subprocess.run(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
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
    p.add_argument("--child", nargs=3, metavar=("MASTER", "NOTES", "OUT"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        return child(*args.child)
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
          )
    print(f"# input: {args.lines} lines ({notes.stat().st_size / 1e6:.1f} MB) from the {n_texts} "
          f"texts of tests/data/*.jsonl, shuffled copies (random.Random(13)); {work}")

    results = {}

    def show(label, walls, cpus, jobs=None, warm=None, warm_cpu=None):
        rate = args.lines / med(walls)
        line = (f"{label:<24} wall {' '.join(f'{w:.2f}' for w in walls)} s, median {med(walls):.2f} s "
                f"= {rate:,.0f} rows/s; {'job ' if jobs else ''}CPU median {med(cpus):.2f} s = {args.lines / med(cpus):,.0f} rows/CPU-s")
        if jobs:
            line += (f"; job {' '.join(f'{j:.2f}' for j in jobs)} s, median {med(jobs):.2f} s "
                     f"= {args.lines / med(jobs):,.0f} rows/s; the same job again in that session "
                     f"{' '.join(f'{j:.2f}' for j in warm)} s, median {med(warm):.2f} s = "
                     f"{args.lines / med(warm):,.0f} rows/s, CPU median {med(warm_cpu):.2f} s "
                     f"= {args.lines / med(warm_cpu):,.0f} rows/CPU-s")
        print(line, flush=True)
        results[label] = dict(wall=med(walls), cpu=med(cpus), job=med(jobs) if jobs else None,
                              warm=med(warm) if warm else None,
                              warm_cpu=med(warm_cpu) if warm_cpu else None)

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
        walls, cpus, jobs, warm, warm_cpu = [], [], [], [], []
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
        for _ in range(args.runs):
            t0 = time.perf_counter()
            run = subprocess.run(
                [sys.executable, __file__, "--child", master, str(notes), str(work / "out")],
                env=env, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            if run.returncode != 0:
                sys.exit(f"the Spark run failed:\n{run.stderr[-3000:]}")
            got = json.loads(run.stdout.strip().splitlines()[-1])
            if got["rows"] != args.lines:
                sys.exit(f"{got['rows']} rows written for {args.lines} lines")
            walls.append(wall)
            cpus.append(got["job_cpu"])
            jobs.append(got["job"])
            warm.append(got["warm"])
            warm_cpu.append(got["warm_cpu"])
        show(f"spark {master}", walls, cpus, jobs, warm, warm_cpu)

    cli1 = results["cli 1 thread"]
    for master in args.masters.split(","):
        r = results[f"spark {master}"]
        cores = int(re.search(r"\[(\d+)\]", master).group(1)) if re.search(r"\[(\d+)\]", master) else os.cpu_count()
        print(f"# spark {master} vs cli 1 thread, rows/s per core: job {cli1['wall'] / r['job'] / cores:.0%}, "
              f"same job again {cli1['wall'] / r['warm'] / cores:.0%}, total {cli1['wall'] / r['wall'] / cores:.0%}; "
              f"rows per CPU-second: job {cli1['cpu'] / r['cpu']:.0%}, again {cli1['cpu'] / r['warm_cpu']:.0%}")
    print(f"# load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
