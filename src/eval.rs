//! Accuracy on labelled cases: `yongquan eval CASES.jsonl`.
//!
//! A case file is JSON Lines, one object per line:
//! `{"id": "c1", "text": "…", "expected": "rule-id" | "none", "also_ok": ["rule-id", …]}`
//! (`also_ok` optional; other fields ignored). The *labels* of a file are the
//! rule ids its cases expect.
//!
//! A case's prediction is the best rule scoring at least the minimum score,
//! or `none`. It is right at top-1 when the prediction is `expected` or in
//! `also_ok`; a `none` case is right when nothing ranks or the best rule is
//! none of the file's labels (a rule outside the evaluated set may win).
//! Top-2 also accepts the second-ranked rule (for `none` cases it is the same
//! as top-1).

use crate::matcher::Matcher;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One labelled case.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Case {
    /// Case id.
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
            serde_json::from_str(l).map_err(|e| CaseError {
                line: i + 1,
                message: format!("{e} (expected {{\"id\", \"text\", \"expected\", \"also_ok\"}})"),
            })
        })
        .collect()
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
    for c in cases {
        if !seen.insert(c.id.as_str()) {
            return Err(format!("case id `{}` is used twice", c.id));
        }
        for label in std::iter::once(&c.expected).chain(&c.also_ok) {
            if label != "none" && rules.rule_id(label).is_none() {
                let hint =
                    crate::rules::did_you_mean(label, rules.rules.iter().map(|r| r.id.as_str()))
                        .unwrap_or_else(|| "see `yongquan rules list`".into());
                return Err(format!(
                    "case `{}` expects unknown rule `{label}`; {hint}",
                    c.id
                ));
            }
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
    /// Labels of the file, sorted, `none` last.
    pub labels: Vec<String>,
    /// expected → predicted → count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Every case.
    pub outcomes: Vec<Outcome>,
}

/// Runs every case.
pub fn evaluate(matcher: &Matcher, cases: &[Case], min_score: f64) -> EvalReport {
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
                a.ranked(min_score)
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
        let label_of = |rule: Option<&(String, f64)>| match rule {
            Some((id, _)) if labels.contains(id.as_str()) => id.clone(),
            _ => "none".to_string(),
        };
        let predicted = label_of(ranking.first());
        let top1 = ok(&predicted);
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
    let mut labels: Vec<String> = labels.into_iter().map(String::from).collect();
    labels.push("none".into());
    EvalReport {
        cases: cases.len(),
        top1: outcomes.iter().filter(|o| o.top1).count(),
        top2: outcomes.iter().filter(|o| o.top2).count(),
        labels,
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
        for l in &self.labels {
            let _ = write!(out, " {:>5}", short(l));
        }
        out.push('\n');
        for row in &self.labels {
            let _ = write!(out, "{row:w$}");
            for col in &self.labels {
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
            self.labels
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
