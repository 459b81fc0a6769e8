"""python/examples/spark_match.py on a local Spark session against the CLI.

Every row the Spark job writes must carry, in its ``result`` column, the
same JSON object as the corresponding line of ``yongquan match --batch FILE
--care ids`` (compact, the batch's default; minus its ``"line"``), and
derived columns that agree with that JSON; other options (--top, --care,
--detail full, --region) are compared the same way on smaller inputs. The CLI binary is ``$YONGQUAN_BIN``, else
``<repo>/target/release/yongquan``.

Needs pyspark and Java 17+. Without them the tests are skipped, unless
``YONGQUAN_REQUIRE_SPARK`` is set (CI sets it), in which case they fail.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "python" / "examples" / "spark_match.py"
REQUIRE = bool(os.environ.get("YONGQUAN_REQUIRE_SPARK"))


def _java():
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java")


def _missing_runtime():
    reasons = []
    if importlib.util.find_spec("pyspark") is None:
        reasons.append("pyspark is not installed (pip install -r python/requirements-spark.txt)")
    if _java() is None:
        reasons.append("no java on PATH or JAVA_HOME (apt-get install default-jre-headless)")
    return "; ".join(reasons)


_MISSING = _missing_runtime()
if _MISSING:
    if REQUIRE:
        raise RuntimeError(f"YONGQUAN_REQUIRE_SPARK is set but {_MISSING}")
    pytest.skip(f"Spark tests skipped: {_MISSING}", allow_module_level=True)


def _load_example():
    spec = importlib.util.spec_from_file_location("spark_match", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["spark_match"] = module
    spec.loader.exec_module(module)
    return module


spark_match = _load_example()


def _cli():
    path = os.environ.get("YONGQUAN_BIN") or str(REPO / "target" / "release" / "yongquan")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no yongquan CLI at {path} (cargo build --release, or set YONGQUAN_BIN)")
    return path


def _descriptions():
    """~500 notes, one per line: every text of tests/data/*.jsonl, pairs of
    them joined as longer notes, a few red-flag ones, and lines the library
    refuses (blank, whitespace only, over its 1 MiB input limit)."""
    texts = []
    for name in sorted(glob.glob(str(REPO / "tests" / "data" / "*.jsonl"))):
        with open(name, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    texts.append(json.loads(line)["text"])
    assert len(texts) >= 300, f"only {len(texts)} texts in tests/data/*.jsonl"
    rng = random.Random(13)
    pairs = [f"{rng.choice(texts)} {rng.choice(texts)}" for _ in range(110)]
    extra = [
        "sudden crushing chest pain spreading to my left arm, sweating",
        "胸口突然劇痛，喘不過氣，冒冷汗",
        "my baby has had diarrhoea all day and is very floppy and not drinking",
        "",
        "   \t ",
        "headache and dizziness " * 50_000,  # over 1 MiB: refused
        "最近手腳心熱，晚上盜汗，口乾，腰痠",
    ]
    notes = texts + pairs + extra
    rng.shuffle(notes)
    for note in notes:
        assert "\n" not in note and "\r" not in note
    return notes


def _cli_lines(path, *args):
    # The Python Matcher reads no YONGQUAN_* settings from the environment.
    env = {k: v for k, v in os.environ.items() if k not in ("YONGQUAN_RULES", "YONGQUAN_REGION")}
    run = subprocess.run(
        [_cli(), "match", "--batch", str(path), *args],
        capture_output=True,
        check=False,
        env=env,
    )
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    lines = [json.loads(l) for l in run.stdout.decode("utf-8").splitlines()]
    for n, obj in enumerate(lines, 1):
        assert obj.pop("line") == n
    return lines


def _expected_columns(obj):
    """The derived columns, from the CLI's JSON (independently of the
    example, which takes them from match_many_columns)."""
    if "error" in obj:
        return dict(best_rule=None, best_ki1=None, score=None, triage_level=None,
                    red_flags=[], red_flag_symptoms=[], error=obj["error"])
    # A compact document leaves out an empty red_flags, a null best_ki1 and
    # a red flag's null symptom; a full one has them all.
    if obj.get("detail") == "compact":
        best_ki1, flags = obj.get("best_ki1"), obj.get("red_flags", [])
        symptoms = [f["symptom"] for f in flags if "symptom" in f]
    else:
        best_ki1, flags = obj["best_ki1"], obj["red_flags"]
        symptoms = [f["symptom"] for f in flags if f["symptom"] is not None]
    best = obj["matches"][0] if obj["matches"] else None
    return dict(
        best_rule=best["rule"] if best else None,
        best_ki1=best_ki1,
        score=best["score"] if best else None,
        triage_level=obj["triage"]["level"],
        red_flags=[f["presentation"] for f in flags],
        red_flag_symptoms=symptoms,
        error=None,
    )


def _check_rows(rows, expected):
    assert len(rows) == len(expected), (len(rows), len(expected))
    by_id = {row["id"]: row for row in rows}
    assert len(by_id) == len(rows), "duplicate ids"
    for key, obj in expected.items():
        row = by_id[key]
        got = json.loads(row["result"])
        assert got == obj, f"id {key}: Spark's result differs from the CLI's line"
        derived = {k: row[k] for k in _expected_columns(obj)}
        derived["red_flags"] = list(derived["red_flags"] or [])
        derived["red_flag_symptoms"] = list(derived["red_flag_symptoms"] or [])
        assert derived == _expected_columns(obj), f"id {key}: derived columns"


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("yongquan-test-spark")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.driver.memory", "1g")
        # Small Arrow batches, so one task runs match_many several times.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def notes_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("notes") / "notes.txt"
    path.write_text("\n".join(_descriptions()) + "\n", encoding="utf-8")
    return path


def test_text_input_matches_cli_batch(spark, notes_file):
    cli = _cli_lines(notes_file, "--care", "ids")
    assert 480 <= len(cli) <= 520
    # The data must exercise what the comparison is about.
    assert sum(1 for o in cli if "error" in o) >= 3
    assert sum(1 for o in cli if o.get("red_flags")) >= 20
    # Red flags that no symptom raised (a rule, a combination) are there too.
    assert any("symptom" not in f for o in cli for f in o.get("red_flags", [])), "no such flag"
    assert sum(1 for o in cli if o.get("matches")) >= 300
    assert all(o.get("detail") == "compact" for o in cli if "error" not in o)
    assert any("1 MiB" in o.get("error", "") or "bytes" in o.get("error", "") for o in cli), [
        o["error"] for o in cli if "error" in o
    ]

    notes = spark_match.read_notes(spark, str(notes_file)).repartition(8)
    assert notes.rdd.getNumPartitions() == 8
    rows = [r.asDict() for r in spark_match.match_frame(notes, care="ids").collect()]
    _check_rows(rows, {str(n): obj for n, obj in enumerate(cli, 1)})


def test_one_matcher_per_worker_process(spark, notes_file):
    """After 8 tasks on 2 slots, every Python worker that built a Matcher
    built exactly one (reused across tasks and batches)."""
    notes = spark_match.read_notes(spark, str(notes_file)).repartition(8)
    assert spark_match.match_frame(notes).where("error IS NULL").count() > 0

    def report(batches):
        import os as _os
        import sys as _sys

        import pandas as pd

        cache = _sys.modules.get("_yongquan_spark_worker")
        for frame in batches:
            yield pd.DataFrame({
                "pid": [_os.getpid()] * len(frame),
                "builds": [cache.builds if cache else 0] * len(frame),
                "settings": [len(cache.matchers) if cache else 0] * len(frame),
            })

    probe = spark.range(0, 64, numPartitions=16).mapInPandas(
        report, "pid long, builds long, settings long")
    seen = {(r.pid, r.builds, r.settings) for r in probe.collect()}
    built = [s for s in seen if s[1] > 0]
    assert built, f"no worker kept a Matcher: {seen}"
    assert all(b == 1 and s == 1 for _, b, s in built), seen


def test_jsonl_input_with_ids_top_care_and_detail_full(spark, notes_file, tmp_path):
    notes = [n for n in notes_file.read_text(encoding="utf-8").split("\n")[:-1]][:60]
    path = tmp_path / "notes.txt"
    path.write_text("\n".join(notes) + "\n", encoding="utf-8")
    cli = _cli_lines(path, "--care", "full", "--top", "1", "--detail", "full")
    assert all("detail" not in o for o in cli)
    jsonl = tmp_path / "notes.jsonl"
    ids = [f"note-{n:03}" for n in range(len(notes))]
    jsonl.write_text(
        "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                for i, t in zip(ids, notes)),
        encoding="utf-8",
    )
    df = spark_match.read_notes(spark, str(jsonl))
    rows = [r.asDict() for r in
            spark_match.match_frame(df, top=1, care="full", detail="full").collect()]
    assert all(len(json.loads(r["result"]).get("matches", [])) <= 1 for r in rows)
    _check_rows(rows, dict(zip(ids, cli)))


def test_command_line_writes_parquet(notes_file, tmp_path):
    """The script as a program (its own Spark session, in a subprocess),
    with --top, --care and --region passed through."""
    notes = notes_file.read_text(encoding="utf-8").split("\n")[:40]
    path = tmp_path / "small.txt"
    path.write_text("\n".join(notes) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), str(path), str(out), "--master", "local[1]",
         "--top", "2", "--care", "none", "--region", "tw",
         "--conf", "spark.ui.enabled=false"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    assert "spark_match: 40 rows" in run.stderr, run.stderr[-2000:]
    cli = _cli_lines(path, "--care", "none", "--top", "2", "--region", "tw")
    import pyarrow.parquet as pq

    rows = pq.read_table(str(out)).to_pylist()
    _check_rows(rows, {str(n): obj for n, obj in enumerate(cli, 1)})
