"""Errors: Python exceptions that carry the library's messages."""

import pytest

import yongquan


def test_malformed_rule_file_names_file_line_and_column(tmp_path):
    bad = tmp_path / "broken.ron"
    bad.write_text("(\n    rules: [\n        (id: \"x\",, )\n    ],\n)\n", encoding="utf-8")
    with pytest.raises(yongquan.RuleError) as caught:
        yongquan.Matcher(rules_dirs=[tmp_path])
    message = str(caught.value)
    assert "broken.ron:3:" in message, message
    diags = caught.value.diagnostics
    assert diags and diags[0]["file"].endswith("broken.ron")
    assert diags[0]["line"] == 3 and diags[0]["column"] >= 1
    assert f"broken.ron:3:{diags[0]['column']}:" in message
    assert isinstance(caught.value, ValueError)


def test_rules_dir_problems(tmp_path):
    with pytest.raises(yongquan.RuleError, match="cannot read rules from"):
        yongquan.Matcher(rules_dirs=[tmp_path / "missing"])
    with pytest.raises(yongquan.RuleError, match="holds no .ron rule file"):
        yongquan.Matcher(rules_dirs=[tmp_path])
    file = tmp_path / "f.ron"
    file.write_text("()", encoding="utf-8")
    with pytest.raises(yongquan.RuleError, match="is not a directory"):
        yongquan.Matcher(rules_dirs=[file])


def test_bad_region():
    with pytest.raises(ValueError, match="unknown region `narnia`: use one of uk, hk"):
        yongquan.Matcher(region="narnia")


def test_bad_settings(matcher):
    with pytest.raises(ValueError, match="min_score"):
        yongquan.Matcher(min_score=1.5)
    with pytest.raises(ValueError, match="top"):
        matcher.match("insomnia", top=0)
    with pytest.raises(ValueError, match="care"):
        matcher.match("insomnia", care="some")
    with pytest.raises(ValueError, match="threads"):
        matcher.match_many(["insomnia"], threads=0)
    with pytest.raises(ValueError, match="detail"):
        matcher.match("insomnia", detail="short")
    with pytest.raises(ValueError, match="format"):
        matcher.explain("insomnia", format="xml")


def test_input_the_library_refuses(matcher):
    with pytest.raises(yongquan.InputError, match="the description is empty"):
        matcher.match("   ")
    too_big = "a" * (yongquan.MAX_INPUT_BYTES + 1)
    with pytest.raises(yongquan.InputError, match="over the limit of 1048576 bytes"):
        matcher.match(too_big)
    with pytest.raises(yongquan.InputError):
        matcher.explain("")
    with pytest.raises(yongquan.InputError):
        matcher.human("\n")
    with pytest.raises(yongquan.InputError, match="lone surrogate"):
        matcher.match("insomnia \ud800")


def test_non_str_input(matcher):
    for bad in (b"insomnia", 3, None):
        with pytest.raises(TypeError, match="must be a str"):
            matcher.match(bad)
    with pytest.raises(TypeError, match="must be a str"):
        matcher.match_many(["insomnia", b"night sweats"])
    with pytest.raises(TypeError, match="not a str"):
        matcher.match_many("insomnia")
    with pytest.raises(TypeError):
        matcher.match_many(3)


def test_match_many_reports_bad_items_in_place(matcher):
    docs = matcher.match_many(["insomnia", "", "a" * (yongquan.MAX_INPUT_BYTES + 1), "x\ud800", "night sweats"])
    assert [("error" in d) for d in docs] == [False, True, True, True, False]
    assert docs[1] == {"schema_version": "1", "error": docs[1]["error"]}
    assert docs[1]["error"].startswith("the description is empty")
    assert "over the limit" in docs[2]["error"]
    assert "lone surrogate" in docs[3]["error"]
    assert docs[4]["input"] == "night sweats"


def test_none_among_the_texts_is_a_type_error(matcher):
    with pytest.raises(TypeError, match="must be a str, not NoneType"):
        matcher.match_many(["insomnia", None])
