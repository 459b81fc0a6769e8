"""The API: constants, match, explain, human, rules."""

import json
from pathlib import Path

import pytest

import yongquan

SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "match.schema.json"


def test_constants():
    assert yongquan.SCHEMA_VERSION == "1"
    assert "not a diagnosis" in yongquan.NOTICE
    assert yongquan.__version__.count(".") == 2
    assert yongquan.MAX_INPUT_BYTES == 1 << 20
    assert issubclass(yongquan.RuleError, yongquan.YongquanError)
    assert issubclass(yongquan.InputError, yongquan.YongquanError)
    assert issubclass(yongquan.YongquanError, ValueError)


def test_match_is_the_json_contract(matcher):
    doc = matcher.match("insomnia, night sweats, hot soles")
    defs = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    for kind, d in [("full_document", doc), ("compact_document", matcher.match(doc["input"], detail="compact"))]:
        required, known = set(defs[kind]["required"]), set(defs["report"]["properties"])
        assert required <= set(d) <= known, (kind, required - set(d), set(d) - known)
    assert doc["schema_version"] == "1"
    assert doc["input"] == "insomnia, night sweats, hot soles"
    assert doc["matches"][0]["rule"] == "heart-kidney-yin-deficiency"
    assert doc["notice"] == yongquan.NOTICE
    # Spans are UTF-8 byte offsets into the input.
    raw = doc["input"].encode("utf-8")
    for f in doc["findings"]:
        assert raw[f["start"] : f["end"]].decode("utf-8") == f["text"]
    # Full care by default: items with their texts.
    assert doc["care"] and all("text" in c for c in doc["care"])


def test_chinese_input(matcher):
    text = "失眠，盜汗，手足心熱"
    doc = matcher.match(text)
    assert doc["input"] == text
    assert doc["findings"], doc
    raw = text.encode("utf-8")
    for f in doc["findings"]:
        assert raw[f["start"] : f["end"]].decode("utf-8") == f["text"]
    assert doc["matches"], doc
    report = matcher.human(text)
    assert "湧泉" in report or "KI 1" in report
    assert "\x1b" not in report


def test_top_and_care(matcher):
    text = "insomnia, night sweats, hot soles, dizziness, tinnitus, red face"
    assert len(matcher.match(text, top=1)["matches"]) == 1
    assert len(matcher.match(text, top=10)["matches"]) >= len(matcher.match(text)["matches"])
    full = matcher.match(text, care="full")["care"]
    ids = matcher.match(text, care="ids")["care"]
    assert ids == [c["id"] for c in full]
    assert matcher.match(text, care="none")["care"] is None


def test_red_flags_whatever_ranks_and_region(matcher):
    text = "crushing chest pain and I fainted, night sweats"
    doc = matcher.match(text)
    assert doc["red_flags"], doc
    assert doc["triage"]["level"].startswith("emergency")
    uk = yongquan.Matcher(region="uk")
    assert uk.region == "uk"
    flags = " ".join(f["message"] for f in uk.match(text)["red_flags"])
    assert "999" in flags, flags
    us = yongquan.Matcher(region="US")
    assert "911" in " ".join(f["message"] for f in us.match(text)["red_flags"])


def test_min_score(matcher):
    text = "insomnia, night sweats, tinnitus, headache"
    assert matcher.min_score == pytest.approx(0.3)
    strict = yongquan.Matcher(min_score=1.0)
    assert strict.min_score == 1.0
    assert strict.match(text)["matches"] == []
    loose = yongquan.Matcher(min_score=0.0)
    assert len(loose.match(text, top=50)["matches"]) >= len(matcher.match(text, top=50)["matches"])


def test_explain_text_and_json(matcher):
    text = "insomnia, no night sweats"
    trace = matcher.explain(text)
    assert isinstance(trace, str)
    assert "Phrases (byte spans into the input):" in trace
    assert "\x1b" not in trace
    doc = matcher.explain(text, format="json")
    assert doc["schema_version"] == "1"
    assert doc["care"] is None or isinstance(doc["care"], list)
    negated = [f for f in doc["findings"] if f["negated"]]
    assert negated and negated[0]["symptom"] == "night-sweats"


def test_explain_one_rule(matcher):
    text = "insomnia, night sweats"
    doc = matcher.explain(text, rule="yang-collapse", format="json")
    # That rule's result alone, whatever its score.
    assert [m["rule"] for m in doc["matches"]] == ["yang-collapse"]
    assert "yang-collapse" in matcher.explain(text, rule="yang-collapse")
    with pytest.raises(ValueError, match="no rule `yang-colapse`; .*yang-collapse"):
        matcher.explain(text, rule="yang-colapse")


def test_explain_and_human_languages(matcher):
    text = "失眠盜汗"
    zh = matcher.human(text)
    en = matcher.human(text, lang="en")
    assert zh != en
    assert matcher.human(text, lang="zh") == zh
    assert matcher.explain(text, lang="en") != matcher.explain(text, lang="zh")
    with pytest.raises(ValueError, match="lang"):
        matcher.human(text, lang="fr")


def test_human(matcher):
    report = matcher.human("insomnia, night sweats", top=1)
    assert "Heart" in report and "Kidney" in report
    assert yongquan.NOTICE.split(".")[0] in report.replace("\n", " ")


def test_rules(matcher):
    rules = matcher.rules()
    ids = [r["id"] for r in rules]
    assert "heart-kidney-yin-deficiency" in ids and "yang-collapse" in ids
    assert len(ids) == len(set(ids))
    for r in rules:
        assert set(r) >= {"id", "pattern", "pattern_zh", "icd11", "ki1", "symptoms", "source"}
        assert r["source"] == "built-in"
        assert r["symptoms"] > 0
    assert any(r["ki1"] for r in rules) and not all(r["ki1"] for r in rules)


def test_matcher_is_immutable(matcher):
    with pytest.raises(AttributeError):
        matcher.region = "uk"


def test_not_picklable(matcher):
    """Documented: build one matcher per process (Spark: per executor)."""
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(matcher)


def test_a_text_with_line_ends_is_one_description(matcher):
    doc = matcher.match("insomnia\nnight sweats\r\nhot soles")
    assert {f["symptom"] for f in doc["findings"]} >= {"insomnia", "night-sweats"}
    assert matcher.match_many(["insomnia\nnight sweats"])[0] == matcher.match(
        "insomnia\nnight sweats", care="ids", detail="compact"
    )
