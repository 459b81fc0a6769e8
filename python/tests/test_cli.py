"""match_many against `yongquan match --batch`, line by line: the contract.

The binary is `$YONGQUAN_BIN`, else `../target/release/yongquan` (build it
with `cargo build --release` at the repository's root)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

import yongquan

from conftest import ROOT


def binary():
    given = os.environ.get("YONGQUAN_BIN")
    return Path(given) if given else ROOT / "target" / "release" / "yongquan"


# Skipped when the default binary is absent; a YONGQUAN_BIN that names no
# file fails instead (CI sets it, and must not skip by mistake).
pytestmark = pytest.mark.skipif(
    "YONGQUAN_BIN" not in os.environ and not binary().is_file(),
    reason=f"no yongquan binary at {binary()}: run `cargo build --release` at the root or set YONGQUAN_BIN",
)


def test_the_binary_is_there():
    assert binary().is_file(), f"YONGQUAN_BIN={binary()} is not a file"


def batch_lines(lines, tmp_path, *args):
    """The output lines of `yongquan match --batch FILE ARGS…` over
    `lines`, as text. The CLI's environment settings are cleared: the
    binding reads none."""
    path = tmp_path / "lines.txt"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("YONGQUAN_RULES", "YONGQUAN_REGION")}
    run = subprocess.run(
        [str(binary()), "match", "--batch", str(path), *args],
        capture_output=True,
        env=env,
        check=False,
    )
    assert run.returncode in (0, 1, 2), run.stderr
    out = run.stdout.decode("utf-8").splitlines()
    assert len(out) == len(lines), run.stderr
    return out


def batch(lines, tmp_path, *args):
    """`batch_lines`, each line parsed."""
    return [json.loads(line) for line in batch_lines(lines, tmp_path, *args)]


def lines_of(corpus):
    # A batch line cannot hold a line end; blank lines are error lines.
    texts = [t for t in corpus if "\n" not in t and "\r" not in t]
    return texts + ["", "   ", "insomnia"]


@pytest.mark.parametrize(
    ("options", "settings", "flags"),
    [
        ({}, {}, []),
        ({"top": 1, "care": "full", "detail": "full"}, {"region": "uk"}, ["--region", "uk"]),
        ({"top": 5, "care": "none"}, {"min_score": 0.5}, ["--min-score", "0.5"]),
        ({"care": "ids", "detail": "full"}, {}, []),
    ],
)
def test_match_many_equals_the_batch(corpus, tmp_path, options, settings, flags):
    lines = lines_of(corpus)
    assert len(lines) >= 200
    matcher = yongquan.Matcher(**settings)
    # The batch's defaults when an option is not given, on both sides.
    given = [a for k, v in options.items() for a in (f"--{k}", str(v))]
    cli = batch(lines, tmp_path, *given, *flags)
    ours = matcher.match_many(lines, **options)
    for number, (want, got) in enumerate(zip(cli, ours), start=1):
        assert want.pop("line") == number
        assert got == want, f"line {number}: {lines[number - 1]!r}"
    assert sum("error" in d for d in ours) == 2


@pytest.mark.parametrize(
    "options",
    [{}, {"top": 1, "care": "full", "detail": "full"}, {"care": "none"}],
)
def test_match_many_json_is_the_batch_line_byte_for_byte(corpus, tmp_path, options):
    lines = lines_of(corpus)
    given = [a for k, v in options.items() for a in (f"--{k}", str(v))]
    cli = batch_lines(lines, tmp_path, *given)
    ours = yongquan.Matcher().match_many_json(lines, **options)
    assert len(ours) == len(cli) == len(lines)
    for number, (want, got) in enumerate(zip(cli, ours), start=1):
        assert isinstance(got, str)
        assert got == want.replace(f'"line":{number},', "", 1), f"line {number}"
    assert [json.loads(j) for j in ours] == yongquan.Matcher().match_many(lines, **options)


@pytest.mark.parametrize("options", [{}, {"top": 1, "detail": "full"}])
def test_match_many_columns_are_the_json_and_what_it_says(corpus, options):
    lines = lines_of(corpus)
    m = yongquan.Matcher()
    cols = m.match_many_columns(lines, **options)
    assert set(cols) == {
        "result", "best_rule", "best_ki1", "score", "triage_level",
        "red_flags", "red_flag_symptoms", "error",
    }
    assert all(len(c) == len(lines) for c in cols.values())
    assert cols["result"] == m.match_many_json(lines, **options)
    for i, text in enumerate(lines):
        doc = json.loads(cols["result"][i])
        row = {k: v[i] for k, v in cols.items()}
        if "error" in doc:
            assert row["error"] == doc["error"] and row["best_rule"] is None, text
            assert row["red_flags"] == [] and row["triage_level"] is None, text
            continue
        best = doc["matches"][0] if doc["matches"] else None
        flags = doc.get("red_flags", [])
        assert row["best_rule"] == (best and best["rule"]), text
        assert row["score"] == (best and best["score"]), text
        assert row["best_ki1"] == doc.get("best_ki1"), text
        assert row["triage_level"] == doc["triage"]["level"], text
        assert row["red_flags"] == [f["presentation"] for f in flags], text
        assert row["red_flag_symptoms"] == [f["symptom"] for f in flags if f.get("symptom")], text
        assert row["error"] is None
    assert any(cols["red_flags"]) and any(e for e in cols["error"])


def test_match_equals_match_format_json(corpus):
    env = {k: v for k, v in os.environ.items() if k not in ("YONGQUAN_RULES", "YONGQUAN_REGION")}
    matcher = yongquan.Matcher()
    for text in lines_of(corpus)[:25]:
        run = subprocess.run(
            [str(binary()), "match", "--format", "json", "--", text],
            capture_output=True,
            env=env,
            check=False,
        )
        assert run.returncode in (0, 1), run.stderr
        assert matcher.match(text) == json.loads(run.stdout), text


def test_explain_json_equals_the_cli(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("YONGQUAN_RULES", "YONGQUAN_REGION")}
    matcher = yongquan.Matcher()
    text = "insomnia, night sweats, 頭暈"
    for rule in (None, "yang-collapse"):
        args = ["explain", "--format", "json"] + (["--rule", rule] if rule else []) + ["--", text]
        run = subprocess.run([str(binary()), *args], capture_output=True, env=env, check=False)
        assert run.returncode in (0, 1), run.stderr
        assert matcher.explain(text, rule=rule, format="json") == json.loads(run.stdout)


@pytest.mark.parametrize(
    "text",
    [
        "insomnia, night sweats",
        "失眠盜汗，頭暈",
        "chest pain \x1b[31m red",
        "my dad has tinnitus and I have dry mouth",
    ],
)
def test_explain_and_human_equal_the_cli_without_colours(text):
    """The same reports as `explain` and `match` written to a pipe (no
    colours), but for the names of the options they suggest."""
    env = {k: v for k, v in os.environ.items() if k not in ("YONGQUAN_RULES", "YONGQUAN_REGION")}
    matcher = yongquan.Matcher()
    for command, ours in [("explain", matcher.explain(text)), ("match", matcher.human(text))]:
        run = subprocess.run([str(binary()), command, "--", text], capture_output=True, env=env, check=False)
        assert run.returncode in (0, 1), run.stderr
        theirs = run.stdout.decode("utf-8")
        theirs = theirs.replace("--region", "the `region` argument").replace("--min-score", "`min_score`")
        assert ours == theirs
