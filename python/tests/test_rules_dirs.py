"""rules_dirs: the CLI's repeated --rules DIR (and --override)."""

import warnings

import pytest

import yongquan

RULE = """#![enable(implicit_some)]
(
    sources: {
        "glow-source": (title: "A test source", url: "https://example.org/glow", grade: "C"),
    },
    symptoms: [
        (
            id: "glowing-toes",
            name: "Glowing toes",
            zh: "腳趾發光",
            terms: ["glowing toes"],
            lay: ["toes that glow"],
            sources: ["glow-source"],
        ),
    ],
    rules: [
        (
            id: "toe-glow",
            ki1: true,
            pattern: (en: "Toe glow", zh: "趾光"),
            function: "a pattern for tests only",
            symptoms: {"glowing-toes": Key},
            care: ["ki1-location"],
            sources: ["glow-source"],
            examples: [(text: "glowing toes", expect: First)],
        ),
    ],
)
"""


@pytest.fixture()
def rules_dir(tmp_path):
    d = tmp_path / "mine"
    d.mkdir()
    (d / "toe-glow.ron").write_text(RULE, encoding="utf-8")
    return d


def test_a_rules_dir_adds_its_rules(rules_dir):
    m = yongquan.Matcher(rules_dirs=[rules_dir])
    doc = m.match("my toes that glow at night")
    assert doc["matches"][0]["rule"] == "toe-glow"
    assert doc["findings"][0]["symptom"] == "glowing-toes"
    mine = [r for r in m.rules() if r["id"] == "toe-glow"]
    assert mine == [
        {
            "id": "toe-glow",
            "ki1": True,
            "pattern": "Toe glow",
            "pattern_zh": "趾光",
            "icd11": None,
            "symptoms": 1,
            "examples": 1,
            "source": str(rules_dir / "toe-glow.ron"),
        }
    ]
    # The built-in rules are still there.
    assert len(m.rules()) == len(yongquan.Matcher().rules()) + 1
    assert "toe-glow" not in [r["id"] for r in yongquan.Matcher().rules()]


def test_a_dir_named_twice_is_read_once(rules_dir):
    m = yongquan.Matcher(rules_dirs=[rules_dir, str(rules_dir / ".." / "mine")])
    assert [r["id"] for r in m.rules()].count("toe-glow") == 1


def test_a_clash_names_allow_override(rules_dir, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "again.ron").write_text(RULE.replace("Toe glow", "Toe glow again"), encoding="utf-8")
    with pytest.raises(yongquan.RuleError, match="allow_override=True") as caught:
        yongquan.Matcher(rules_dirs=[rules_dir, other])
    assert "again.ron:" in str(caught.value)
    m = yongquan.Matcher(rules_dirs=[rules_dir, other], allow_override=True)
    assert [r["pattern"] for r in m.rules() if r["id"] == "toe-glow"] == ["Toe glow again"]


def test_entries_not_read_are_warned_about(rules_dir):
    (rules_dir / "SHOUTY.RON").write_text(RULE, encoding="utf-8")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        yongquan.Matcher(rules_dirs=[rules_dir])
    messages = [str(w.message) for w in seen if issubclass(w.category, UserWarning)]
    assert any("SHOUTY.RON" in m for m in messages), messages


def test_one_path_is_a_rules_dir(rules_dir):
    """Regression (a fresh reviewer): a str gave a Rust-internal TypeError."""
    for one in (rules_dir, str(rules_dir)):
        m = yongquan.Matcher(rules_dirs=one)
        assert "toe-glow" in [r["id"] for r in m.rules()]
    with pytest.raises(TypeError, match="a path or a list of paths"):
        yongquan.Matcher(rules_dirs=[rules_dir, 3])
