"""Shared fixtures: one matcher, and the project's labelled descriptions."""

import json
from pathlib import Path

import pytest

import yongquan

ROOT = Path(__file__).resolve().parents[2]


def corpus_texts():
    """The ``text`` of every case in tests/data/*.jsonl and tests/blind/*.jsonl
    (English, Chinese, mixed; emergencies, negations, other people), in file
    order."""
    texts = []
    files = sorted((ROOT / "tests" / "data").glob("*.jsonl"))
    files += sorted((ROOT / "tests" / "blind").glob("*.jsonl"))
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line).get("text")
                if isinstance(text, str):
                    texts.append(text)
    return texts


@pytest.fixture(scope="session")
def matcher():
    return yongquan.Matcher()


@pytest.fixture(scope="session")
def corpus():
    texts = corpus_texts()
    assert len(texts) > 500, f"expected the project's case files under {ROOT}"
    return texts
