//! Accuracy on labelled cases: `yongquan eval CASES.jsonl`.
//!
//! A case file is JSON Lines, one object per line:
//! `{"id": "c1", "text": "…", "expected": "rule-id" | "none", "also_ok": ["rule-id", …]}`
//! (`also_ok` optional; other fields ignored). The *labels* of a file are the
//! rule ids its cases expect.
//!
//! A case's prediction is the best rule that ranks (an anchored match at or
//! above the minimum score), or `none`. A case expecting a rule is right at
//! top-1 when the prediction is `expected` or in `also_ok`. A `none` case is
//! right when no KI 1 rule ranks first: nothing ranks, or a differential
//! pattern (a rule with `ki1: false`) does. Top-2 also accepts the
//! second-ranked rule (for `none` cases it is the same as top-1).

use crate::matcher::Matcher;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One labelled case.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Case {
    /// Case id: a string, or a whole number written as its digits.
    #[serde(deserialize_with = "case_id")]
    pub id: String,
    /// The description.
    pub text: String,
    /// Expected rule id, or `none`.
    pub expected: String,
    /// Other acceptable rule ids.
    #[serde(default)]
    pub also_ok: Vec<String>,
}

/// A case file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CaseError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads JSON Lines cases; blank lines are skipped.
///
/// # Errors
/// The first line that is not a case object.
pub fn read_cases(text: &str) -> Result<Vec<Case>, CaseError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            parse_case(l).map_err(|message| CaseError {
                line: i + 1,
                message,
            })
        })
        .collect()
}

/// Reads one line of a case file.
///
/// # Errors
/// What is wrong with the line, when it is not a case object.
pub fn parse_case(line: &str) -> Result<Case, String> {
    serde_json::from_str(line)
        .map_err(|e| format!("{e} (expected {{\"id\", \"text\", \"expected\", \"also_ok\"}})"))
}

/// A case id as a string: a JSON string as it is, a whole number as its
/// digits (`7` and `"7"` are the same id).
fn case_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Id;
    impl serde::de::Visitor<'_> for Id {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string or a whole number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(Id)
}

/// Checks a case file against the loaded rules: it must hold at least one
/// case, ids must be unique, and every `expected` / `also_ok` label must be
/// `none` or a loaded rule id.
///
/// # Errors
/// A message naming the first problem (and a "did you mean" hint).
pub fn check_cases(cases: &[Case], rules: &crate::rules::RuleBase) -> Result<(), String> {
    if cases.is_empty() {
        return Err("no cases: write one JSON object per line".into());
    }
    let mut seen = BTreeSet::new();
    cases
        .iter()
        .try_for_each(|c| check_case(c, rules, &mut seen))
}

/// Checks one case: its id is not in `seen` (then added), and every label
/// it expects is a loaded rule or `none`.
///
/// # Errors
/// A message naming the problem (and a "did you mean" hint).
pub fn check_case(
    case: &Case,
    rules: &crate::rules::RuleBase,
    seen: &mut BTreeSet<String>,
) -> Result<(), String> {
    if !seen.insert(case.id.clone()) {
        return Err(format!("case id `{}` is used twice", case.id));
    }
    for label in std::iter::once(&case.expected).chain(&case.also_ok) {
        if label != "none" && rules.rule_id(label).is_none() {
            let hint = crate::rules::did_you_mean(label, rules.rules.iter().map(|r| r.id.as_str()))
                .unwrap_or_else(|| "it is no loaded rule's id, nor `none`".into());
            return Err(format!(
                "case `{}` expects unknown rule `{label}`; {hint}",
                case.id
            ));
        }
    }
    Ok(())
}

/// One case's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Case id.
    pub id: String,
    /// Expected label.
    pub expected: String,
    /// Predicted label (`none` when nothing ranks or the best is not a label).
    pub predicted: String,
    /// Right at top-1.
    pub top1: bool,
    /// Right at top-2.
    pub top2: bool,
    /// The ranking: (rule id, score), best first, above the minimum score.
    pub ranking: Vec<(String, f64)>,
    /// Findings as `symptom` or `-symptom` (negated), in text order.
    pub findings: Vec<String>,
    /// Error message when the text could not be analysed.
    pub error: Option<String>,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Number of cases.
    pub cases: usize,
    /// Right at top-1.
    pub top1: usize,
    /// Right at top-2.
    pub top2: usize,
    /// Labels of the file (the rows of the confusion table), sorted, `none` last.
    pub labels: Vec<String>,
    /// The confusion table's columns: the labels and every other rule that
    /// was predicted (e.g. a differential pattern), sorted, `none` last.
    pub columns: Vec<String>,
    /// expected → predicted → count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Every case.
    pub outcomes: Vec<Outcome>,
}

/// Runs every case; a case's ranking holds matches to the matcher's
/// minimum score ([`Matcher::with_min_score`]).
pub fn evaluate(matcher: &Matcher, cases: &[Case]) -> EvalReport {
    let labels: BTreeSet<&str> = cases
        .iter()
        .map(|c| c.expected.as_str())
        .filter(|e| *e != "none")
        .collect();
    let rules = matcher.rules();
    let mut outcomes = Vec::with_capacity(cases.len());
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for case in cases {
        let (ranking, findings, error) = match matcher.analyze(&case.text) {
            Ok(a) => (
                a.ranked()
                    .map(|m| (rules.rule(m.rule).id.clone(), m.score))
                    .collect::<Vec<_>>(),
                a.findings
                    .iter()
                    .map(|f| {
                        let id = &rules.symptom(f.symptom).id;
                        if f.negation.is_some() {
                            format!("-{id}")
                        } else {
                            id.clone()
                        }
                    })
                    .collect(),
                None,
            ),
            Err(e) => (Vec::new(), Vec::new(), Some(e.to_string())),
        };
        let ok = |rule: &str| rule == case.expected || case.also_ok.iter().any(|a| a == rule);
        let predicted = ranking
            .first()
            .map_or_else(|| "none".to_string(), |(id, _)| id.clone());
        let top1 = if case.expected == "none" {
            ranking
                .first()
                .and_then(|(id, _)| rules.rule_id(id))
                .is_none_or(|r| !rules.rule(r).ki1)
        } else {
            ok(&predicted)
        };
        let top2 =
            top1 || (case.expected != "none" && ranking.get(1).is_some_and(|(id, _)| ok(id)));
        *confusion
            .entry(case.expected.clone())
            .or_default()
            .entry(predicted.clone())
            .or_default() += 1;
        outcomes.push(Outcome {
            id: case.id.clone(),
            expected: case.expected.clone(),
            predicted,
            top1,
            top2,
            ranking,
            findings,
            error,
        });
    }
    let mut columns: BTreeSet<&str> = labels.clone();
    columns.extend(
        outcomes
            .iter()
            .map(|o| o.predicted.as_str())
            .filter(|p| *p != "none"),
    );
    let mut columns: Vec<String> = columns.into_iter().map(String::from).collect();
    columns.push("none".into());
    let mut labels: Vec<String> = labels.into_iter().map(String::from).collect();
    labels.push("none".into());
    EvalReport {
        cases: cases.len(),
        top1: outcomes.iter().filter(|o| o.top1).count(),
        top2: outcomes.iter().filter(|o| o.top2).count(),
        labels,
        columns,
        confusion,
        outcomes,
    }
}

impl EvalReport {
    /// Plain-text report: accuracy, confusion table, every miss.
    pub fn human(&self) -> String {
        use std::fmt::Write;
        let pct = |n: usize| 100.0 * n as f64 / self.cases.max(1) as f64;
        let mut out = String::new();
        let _ = writeln!(out, "cases: {}", self.cases);
        let _ = writeln!(
            out,
            "top-1: {}/{} ({:.1} %)",
            self.top1,
            self.cases,
            pct(self.top1)
        );
        let _ = writeln!(
            out,
            "top-2: {}/{} ({:.1} %)",
            self.top2,
            self.cases,
            pct(self.top2)
        );
        let _ = writeln!(out, "\nconfusion (rows expected, columns predicted):");
        let w = self
            .labels
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(4)
            .max(8);
        let short = |l: &str| {
            l.split('-')
                .map(|p| &p[..1.min(p.len())])
                .collect::<String>()
        };
        let _ = write!(out, "{:w$}", "");
        for l in &self.columns {
            let _ = write!(out, " {:>5}", short(l));
        }
        out.push('\n');
        for row in &self.labels {
            let _ = write!(out, "{row:w$}");
            for col in &self.columns {
                let n = self
                    .confusion
                    .get(row)
                    .and_then(|r| r.get(col))
                    .copied()
                    .unwrap_or(0);
                let _ = write!(out, " {n:>5}");
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "(columns: {})",
            self.columns
                .iter()
                .map(|l| format!("{} = {l}", short(l)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let misses: Vec<&Outcome> = self.outcomes.iter().filter(|o| !o.top1).collect();
        if !misses.is_empty() {
            let _ = writeln!(out, "\nmisses:");
        }
        for o in misses {
            let ranking: Vec<String> = o
                .ranking
                .iter()
                .take(3)
                .map(|(id, s)| format!("{id} {s:.2}"))
                .collect();
            let _ = writeln!(
                out,
                "  {}: expected {}, got {}{}",
                o.id,
                o.expected,
                if ranking.is_empty() {
                    "nothing".to_string()
                } else {
                    ranking.join(" > ")
                },
                if o.top2 { " (right at top-2)" } else { "" }
            );
            if let Some(e) = &o.error {
                let _ = writeln!(out, "      error: {e}");
            }
            let _ = writeln!(out, "      findings: {}", o.findings.join(", "));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{LoadOptions, RuleSource};

    /// Two KI 1 rules and a differential, each with its own key symptom.
    const RULES: &str = r#"#![enable(implicit_some)]
(
  sources: { "s": (title: "t", url: "u") },
  symptoms: [
    (id: "aa", name: "A", zh: "甲", terms: ["alphaache"]),
    (id: "bb", name: "B", zh: "乙", terms: ["betaache"]),
    (id: "dd", name: "D", zh: "丁", terms: ["deltaache"]),
  ],
  rules: [
    (id: "one", pattern: (en: "One", zh: "一"), function: "f", sources: ["s"], symptoms: { "aa": Key }),
    (id: "two", pattern: (en: "Two", zh: "二"), function: "f", sources: ["s"], symptoms: { "bb": Key }),
    (id: "diff", ki1: false, pattern: (en: "Diff", zh: "三"), function: "f", sources: ["s"], symptoms: { "dd": Key }),
  ],
)"#;

    fn run(cases: &str) -> EvalReport {
        let src = RuleSource {
            name: "t.ron".into(),
            text: RULES.into(),
        };
        let m = Matcher::load(&[src], LoadOptions::default()).unwrap();
        evaluate(&m.with_min_score(0.3), &read_cases(cases).unwrap())
    }

    #[test]
    fn a_case_id_is_a_string_or_a_whole_number() {
        let id = |line: &str| parse_case(line).map(|c| c.id);
        let case = |id: &str| format!(r#"{{"id": {id}, "text": "t", "expected": "none"}}"#);
        assert_eq!(id(&case(r#""c1""#)).unwrap(), "c1");
        assert_eq!(id(&case("7")).unwrap(), "7");
        assert_eq!(id(&case("-3")).unwrap(), "-3");
        for bad in ["1.5", "null", "[1]"] {
            let e = id(&case(bad)).unwrap_err();
            assert!(e.contains("expected a string or a whole number"), "{e}");
        }
    }

    #[test]
    fn also_ok_counts_even_for_a_rule_no_case_expects() {
        // Regression: `two` is no case's `expected`, so its prediction was
        // turned into `none` before `also_ok` was checked: a miss.
        let r = run(r#"{"id": "a", "text": "betaache", "expected": "one", "also_ok": ["two"]}"#);
        assert_eq!(r.outcomes[0].predicted, "two");
        assert_eq!(r.top1, 1);
    }

    #[test]
    fn a_none_case_is_right_only_when_no_ki1_rule_ranks_first() {
        let r = run(concat!(
            r#"{"id": "ki1", "text": "betaache", "expected": "none"}"#,
            "\n",
            r#"{"id": "diff", "text": "deltaache", "expected": "none"}"#,
            "\n",
            r#"{"id": "nothing", "text": "purple elephants", "expected": "none"}"#,
            "\n",
            r#"{"id": "label", "text": "alphaache", "expected": "one"}"#,
        ));
        let right: Vec<(&str, bool)> = r.outcomes.iter().map(|o| (o.id.as_str(), o.top1)).collect();
        // `two` is a KI 1 rule although no case expects it: no longer
        // over-credited as "none".
        assert_eq!(
            right,
            [
                ("ki1", false),
                ("diff", true),
                ("nothing", true),
                ("label", true)
            ]
        );
        assert_eq!(r.confusion["none"]["two"], 1);
        assert_eq!(r.confusion["none"]["diff"], 1);
        assert!(r.columns.contains(&"diff".to_string()) && !r.labels.contains(&"diff".to_string()));
        assert!(r.human().contains("d = diff"), "{}", r.human());
    }
}
