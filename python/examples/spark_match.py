#!/usr/bin/env python3
"""Run yongquan over millions of notes with PySpark.

yongquan is an educational, rule-based and explainable symptom matcher for
the acupuncture point KI 1 (Yongquan). It is not a diagnosis, and neither is
any column this job writes.

What it does
------------
Reads notes (a column ``text``, and an optional ``id``) from a text file
(one note per line), CSV (with a header), JSON lines or Parquet; runs
``yongquan.Matcher.match_many_columns`` over each Arrow batch inside
``DataFrame.mapInPandas``, with ONE ``Matcher`` per Python worker process
(built on the first batch the process sees, then reused by every later
task that process runs); and writes one row per note:

==================  ===========  ==============================================
column              type         meaning
==================  ===========  ==============================================
id                  string       the input's ``id`` (cast to string); for a
                                 text file without ids, the 1-based line number
best_rule           string       ``matches[0].rule`` (null: no match, or error)
best_ki1            string       the result's ``best_ki1``
score               double       ``matches[0].score``
triage_level        string       ``triage.level``
red_flags           array<str>   the ``presentation`` of each ``red_flags``
                                 item (a symptom id, an emergency rule's id or
                                 a combination such as ``shock``)
red_flag_symptoms   array<str>   the red flags' ``symptom`` ids, where a
                                 symptom raised them (null ones left out)
error               string       why the library refused the note (else null)
result              string       the whole result as compact JSON: the line
                                 ``yongquan match --batch`` prints for the
                                 same text, ``--top``, ``--care`` and
                                 ``--detail``, minus its ``"line"`` field, so
                                 nothing is lost (compact by default, as the
                                 batch: a field at its documented default is
                                 left out, rules by id)
==================  ===========  ==============================================

A note the library refuses (empty or blank, over ``yongquan.MAX_INPUT_BYTES``) is not
an exception: its row carries ``error`` and an error object in ``result``,
as the CLI's batch does. A null ``text`` is matched as the empty string.

Run it locally
--------------
::

    python -m venv /tmp/spark-venv && . /tmp/spark-venv/bin/activate
    pip install -r python/requirements-spark.txt ./python
    python python/examples/spark_match.py notes.csv out/ --master 'local[*]'
    python python/examples/spark_match.py notes.txt out.json --format json \\
        --rules my-rules/ --region tw --top 3 --care ids

Java 17 or newer must be on the PATH (Debian 12: ``apt-get install
default-jre-headless``). With a ``local`` master and no ``PYSPARK_PYTHON``,
the script makes the workers use the interpreter it runs under, so the
venv's ``yongquan`` is the one they import.

Run it on a cluster
-------------------
``yongquan`` is a native extension (a compiled wheel), and every executor
must import it. ``--py-files`` / ``spark.submit.pyFiles`` /
``SparkContext.addPyFile`` ship ``.py``, ``.zip`` and ``.egg`` files only:
they cannot carry a wheel with native code (Spark's "Python Package
Management" guide says so). This script itself is pure Python, so it may be
shipped with ``--py-files`` or submitted as the application. Ways to get the
extension onto the executors:

1. Pack a virtual environment and ship it as an archive (Spark 3.1+)::

       python -m venv yq_env && . yq_env/bin/activate
       pip install pyarrow pandas venv-pack ./python   # or the wheel below
       venv-pack -o yq_env.tar.gz
       export PYSPARK_DRIVER_PYTHON=python   # not in YARN/Kubernetes cluster mode
       export PYSPARK_PYTHON=./environment/bin/python
       spark-submit --archives yq_env.tar.gz#environment \\
           python/examples/spark_match.py s3a://bucket/notes/ s3a://bucket/out/

   ``--archives`` is the ``spark.archives`` setting
   (``spark.yarn.dist.archives`` on YARN); Spark unpacks it in each
   executor's working directory under the name after ``#``. venv-pack keeps
   the interpreter as a symbolic link, so every node needs the same Python
   at the same path; conda-pack (``conda pack -o env.tar.gz``, same
   ``--archives``) bundles the interpreter itself and does not.
   ``spark.pyspark.python`` is the configuration form of ``PYSPARK_PYTHON``.
2. Or install the wheel on every node's Python (an image, a bootstrap
   action) and point ``PYSPARK_PYTHON`` / ``spark.pyspark.python`` at it.
   Build it once with ``pip wheel ./python -w dist/`` (or ``maturin build
   --release -m python/Cargo.toml``) on the executors' OS and CPU
   architecture: the wheel is compiled for one platform.

The built-in rules are compiled into the extension; ``--rules DIR``
(repeatable) loads more after them, as the CLI's ``--rules`` does (a clashing
id is an error unless ``--override``). Each executor reads the directory
itself, so it must exist at that path on every node: ship it with
``--archives my-rules.tar.gz#my-rules`` and pass ``--rules ./my-rules``
(relative to each executor's working directory). Unlike the CLI, the job
does not read ``YONGQUAN_RULES`` or ``YONGQUAN_REGION``: pass the options.

Threads: each Spark task runs in its own Python worker and Spark already
runs one task per core (``spark.task.cpus``), so ``match_many_columns`` uses
``--threads`` threads per task (default: ``spark.task.cpus``, i.e. 1)
rather than every core of the node in every task.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import types

# The Spark schema of the rows this job writes, in column order.
OUTPUT_SCHEMA = (
    "id string, best_rule string, best_ki1 string, score double, "
    "triage_level string, red_flags array<string>, "
    "red_flag_symptoms array<string>, error string, result string"
)

# The column names of OUTPUT_SCHEMA, in order.
COLUMNS = [c.split()[0] for c in OUTPUT_SCHEMA.split(", ")]

CARE_CHOICES = ("ids", "full", "none")
DETAIL_CHOICES = ("compact", "full")

# Where each Python worker keeps its Matchers. It is a module in
# sys.modules, not a global of this file: cloudpickle ships the batch
# function by value (this file is __main__, or registered by value when
# imported) with a fresh copy of its globals for every task, so a plain
# global would be rebuilt per task; sys.modules lives as long as the worker
# process, which Spark reuses across tasks (spark.python.worker.reuse).
_CACHE_MODULE = "_yongquan_spark_worker"


def _worker_cache() -> types.ModuleType:
    cache = sys.modules.get(_CACHE_MODULE)
    if cache is None:
        cache = types.ModuleType(_CACHE_MODULE)
        cache.matchers = {}  # settings key -> Matcher
        cache.builds = 0  # how many Matchers this process built
        sys.modules[_CACHE_MODULE] = cache
    return cache


def worker_matcher(rules_dirs, region, min_score, allow_override=False):
    """The process's Matcher for these settings, built on first use."""
    key = (tuple(rules_dirs) if rules_dirs else None, region, min_score, allow_override)
    cache = _worker_cache()
    matcher = cache.matchers.get(key)
    if matcher is None:
        import yongquan

        matcher = yongquan.Matcher(
            rules_dirs=list(rules_dirs) if rules_dirs else None,
            region=region,
            min_score=min_score,
            allow_override=allow_override,
        )
        cache.matchers[key] = matcher
        cache.builds += 1
    return matcher


def _batch_function(rules_dirs, region, min_score, allow_override, top, care, detail, threads):
    """The function mapInPandas runs: pandas batches of (id, text) in,
    pandas batches of OUTPUT_SCHEMA out (match_many_columns: the analysis,
    the JSON and the derived columns all computed in Rust without the
    GIL)."""

    def match_batches(batches):
        import pandas as pd

        matcher = worker_matcher(rules_dirs, region, min_score, allow_override)
        for frame in batches:
            texts = ["" if t is None else t for t in frame["text"].tolist()]
            columns = matcher.match_many_columns(
                texts, top=top, care=care, detail=detail, threads=threads
            )
            if len(columns["result"]) != len(texts):
                raise RuntimeError(
                    f"match_many_columns returned {len(columns['result'])} results for {len(texts)} texts"
                )
            yield pd.DataFrame({"id": frame["id"].tolist(), **columns})[COLUMNS]

    return match_batches


def match_frame(
    df,
    rules_dirs=None,
    region=None,
    min_score=None,
    top=3,
    care="ids",
    threads=None,
    allow_override=False,
    detail="compact",
):
    """Match every row of ``df`` (a column ``text``; ``id`` optional, else
    a generated one) and return a DataFrame of OUTPUT_SCHEMA, lazily.

    ``threads`` is match_many_columns's per-task thread count; None means
    ``spark.task.cpus`` (one thread per task slot).
    """
    from pyspark.sql import functions as F

    if care not in CARE_CHOICES:
        raise ValueError(f"care must be one of {CARE_CHOICES}, not {care!r}")
    if detail not in DETAIL_CHOICES:
        raise ValueError(f"detail must be one of {DETAIL_CHOICES}, not {detail!r}")
    if "text" not in df.columns:
        raise ValueError(f"the input has no column 'text' (columns: {df.columns})")
    if threads is None:
        spark = df.sparkSession
        threads = int(spark.conf.get("spark.task.cpus", "1"))
    id_col = F.col("id").cast("string") if "id" in df.columns else F.monotonically_increasing_id().cast("string")
    notes = df.select(id_col.alias("id"), F.col("text").cast("string").alias("text"))
    if __name__ != "__main__":
        # Imported as a module (a notebook, a test, another job): ship its
        # functions by value, so executors need yongquan but not this file.
        from pyspark import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    function = _batch_function(
        list(rules_dirs) if rules_dirs else None,
        region,
        min_score,
        allow_override,
        top,
        care,
        detail,
        threads,
    )
    return notes.mapInPandas(function, OUTPUT_SCHEMA)


def _numbered_lines(spark, path):
    """The lines of a text input as (id, text), id = the 1-based line
    number in Spark's read order (for one file: its line number).

    Like RDD.zipWithIndex, but on the JVM side (no Python round trip of
    every line): monotonically_increasing_id holds the partition in its
    upper 31 bits and the row within it in the lower 33; one small job
    counts each partition's rows and a broadcast join adds the offsets.
    """
    from pyspark.sql import functions as F

    low = (1 << 33) - 1
    # wholetext off, lineSep default (\n, \r\n or \r): one note per line.
    # (--batch splits on \n and \r\n only: a lone \r differs.)
    lines = (
        spark.read.text(path)
        .withColumn("_mid", F.monotonically_increasing_id())
        .select(
            F.shiftright("_mid", 33).alias("_part"),
            F.col("_mid").bitwiseAND(F.lit(low)).alias("_pos"),
            F.col("value").alias("text"),
        )
    )
    counts = sorted((r["_part"], r["count"]) for r in lines.groupBy("_part").count().collect())
    offsets, total = [], 0
    for part, count in counts:
        offsets.append((part, total))
        total += count
    offset_df = spark.createDataFrame(offsets or [(0, 0)], "_part long, _offset long")
    return lines.join(F.broadcast(offset_df), "_part").select(
        (F.col("_offset") + F.col("_pos") + 1).cast("string").alias("id"), "text"
    )


def read_notes(spark, path, fmt=None):
    """A DataFrame with ``text`` (and ``id`` when the input has one).

    ``fmt`` is text, csv, json or parquet; None guesses from the extension
    (a directory: parquet). A text file gets ``id`` = its 1-based line
    number (one extra pass over the input counts each partition's lines).
    """
    if fmt is None:
        lower = path.lower().rstrip("/")
        if lower.endswith((".txt", ".text")):
            fmt = "text"
        elif lower.endswith(".csv"):
            fmt = "csv"
        elif lower.endswith((".json", ".jsonl", ".ndjson")):
            fmt = "json"
        else:
            fmt = "parquet"
    if fmt == "text":
        return _numbered_lines(spark, path)
    if fmt == "csv":
        return spark.read.option("header", True).option("multiLine", True).option(
            "escape", '"'
        ).csv(path)
    if fmt == "json":
        return spark.read.json(path)
    if fmt == "parquet":
        return spark.read.parquet(path)
    raise ValueError(f"unknown input format {fmt!r}")


def build_session(master=None, app_name="yongquan-spark-match", conf=()):
    from pyspark.sql import SparkSession

    if master and master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        # Local workers would otherwise start whatever `python3` is on the
        # PATH, which may lack yongquan.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in conf:
        builder = builder.config(key, value)
    return builder.getOrCreate()


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="Match notes against yongquan's KI 1 rules with PySpark "
        "(educational, not a diagnosis).",
    )
    p.add_argument("input", help="notes: .txt (one per line), .csv, .json/.jsonl or Parquet")
    p.add_argument("output", help="where to write the results (a directory)")
    p.add_argument("--input-format", choices=("text", "csv", "json", "parquet"),
                   help="default: from the input's extension (else parquet)")
    p.add_argument("--format", choices=("parquet", "json"), default="parquet",
                   help="output format (default parquet)")
    p.add_argument("--rules", action="append", metavar="DIR",
                   help="rules directory loaded after the built-in rules (repeatable; "
                   "the same path on every executor)")
    p.add_argument("--override", action="store_true",
                   help="let a later rule, symptom, care or source id replace an earlier one")
    p.add_argument("--region",
                   help="region whose emergency number the texts give (uk, hk, tw, us, …)")
    p.add_argument("--min-score", type=float, help="lowest score a match may have")
    p.add_argument("--top", type=int, default=3, help="matches kept per note (default 3)")
    p.add_argument("--care", choices=CARE_CHOICES, default="ids",
                   help="care detail in the result JSON (default ids, as --batch)")
    p.add_argument("--detail", choices=DETAIL_CHOICES, default="compact",
                   help="compact (default, as --batch: no field at its default, rules by id) "
                   "or full (every field)")
    p.add_argument("--threads", type=int,
                   help="match_many_columns threads per task (default spark.task.cpus)")
    p.add_argument("--master", help="Spark master, e.g. local[*] (default: spark-submit's)")
    p.add_argument("--partitions", type=int,
                   help="repartition the notes into this many partitions first")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                   help="extra Spark setting (repeatable)")
    p.add_argument("--mode", default="errorifexists",
                   choices=("errorifexists", "overwrite"), help="when the output exists")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    conf = []
    for item in args.conf:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"--conf wants KEY=VALUE, not {item!r}")
        conf.append((key, value))
    spark = build_session(args.master, conf=conf)
    try:
        started = time.perf_counter()
        notes = read_notes(spark, args.input, args.input_format)
        if args.partitions:
            notes = notes.repartition(args.partitions)
        results = match_frame(
            notes,
            rules_dirs=args.rules,
            region=args.region,
            min_score=args.min_score,
            top=args.top,
            care=args.care,
            detail=args.detail,
            threads=args.threads,
            allow_override=args.override,
        )
        writer = results.write.mode(args.mode)
        if args.format == "json":
            writer.json(args.output)
        else:
            writer.parquet(args.output)
        job_seconds = time.perf_counter() - started
        # Counted from the output, outside the timed job.
        written = spark.read.schema(OUTPUT_SCHEMA).format(args.format).load(args.output)
        rows = written.count()
        errors = written.where("error IS NOT NULL").count()
        print(
            f"spark_match: {rows} rows, {errors} errors, job {job_seconds:.2f} s "
            f"({rows / max(job_seconds, 1e-9):.0f} rows/s) -> {args.output}",
            file=sys.stderr,
        )
        import yongquan

        print(f"spark_match: {yongquan.NOTICE}", file=sys.stderr)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
