//! Warnings: rule files that load and validate, but probably do not do what
//! their author meant.
//!
//! [`warnings`] runs every check that needs only a [`RuleBase`];
//! [`RuleBase::build`] stores its result in [`RuleBase::warnings`].
//! [`near_duplicate_terms`] also needs each term's normalised form, which the
//! lexicon computes, so its caller passes them in (the rules layer never
//! imports the lexicon). Warnings never stop loading; `yongquan rules check
//! --deny-warnings` makes them fatal.

use super::{Diagnostic, Position, RuleBase, Severity, SymptomId};
use std::collections::HashMap;

/// Every check that needs only the rule base, in a stable order.
pub fn warnings(rules: &RuleBase) -> Vec<Diagnostic> {
    let mut out = unused_symptoms(rules);
    out.extend(uncited_symptoms(rules));
    out.extend(never_first(rules));
    out.extend(untested_rules(rules));
    out
}

fn warning(file: &str, at: Position, message: String, help: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        file: file.to_string(),
        line: at.line,
        column: at.column,
        message,
        help: Some(help.to_string()),
        code: None,
    }
}

/// Symptoms that no rule uses, that raise no red flag and that no
/// emergency combination names ([`crate::presentations`]): finding them
/// changes nothing.
pub fn unused_symptoms(rules: &RuleBase) -> Vec<Diagnostic> {
    rules
        .symptoms
        .iter()
        .zip(&rules.rule_count)
        .filter(|(s, &n)| {
            n == 0
                && s.red_flag.is_none()
                && s.explains.is_empty()
                && !crate::presentations::names(&s.id)
        })
        .map(|(s, _)| {
            warning(
                &s.origin,
                s.position,
                format!(
                    "symptom `{}` is used by no rule and raises no red flag",
                    s.id
                ),
                "add it to a rule's `symptoms`, or remove it",
            )
        })
        .collect()
}

/// Symptoms that cite no source (every medical statement needs one).
pub fn uncited_symptoms(rules: &RuleBase) -> Vec<Diagnostic> {
    rules
        .symptoms
        .iter()
        .filter(|s| s.sources.is_empty())
        .map(|s| {
            warning(
                &s.origin,
                s.position,
                format!("symptom `{}` cites no source", s.id),
                "add `sources: [\"…\"]` with a key defined in a `sources` section",
            )
        })
        .collect()
}

/// Rules that can never rank first on what a description says is present:
/// every symptom of the rule is also a symptom of one other rule, with at
/// least the same weight. Scores add up symptom by symptom with the same
/// specificity for both rules, so that other rule scores at least as high
/// on any set of findings; only a denied symptom or an `against` finding of
/// the other rule could put this one ahead.
pub fn never_first(rules: &RuleBase) -> Vec<Diagnostic> {
    let weights: Vec<HashMap<SymptomId, f64>> = rules
        .rules
        .iter()
        .map(|r| {
            r.symptoms
                .iter()
                .map(|s| (s.symptom, s.role.weight()))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (i, r) in rules.rules.iter().enumerate() {
        if r.symptoms.is_empty() {
            continue;
        }
        let dominant = (0..rules.rules.len()).find(|&j| {
            j != i
                && r.symptoms.iter().all(|s| {
                    weights[j]
                        .get(&s.symptom)
                        .is_some_and(|&w| w >= s.role.weight())
                })
        });
        if let Some(j) = dominant {
            let other = &rules.rules[j];
            out.push(warning(
                &r.origin,
                r.position,
                format!(
                    "rule `{}` can never rank first: each of its symptoms is also a symptom of `{}` ({}) with at least the same weight",
                    r.id, other.id, other.origin
                ),
                "give it a symptom the other rule does not have (or weighs less), or merge the two rules",
            ));
        }
    }
    out
}

/// Rules without examples: `yongquan rules test` cannot check them.
pub fn untested_rules(rules: &RuleBase) -> Vec<Diagnostic> {
    rules
        .rules
        .iter()
        .filter(|r| r.examples.is_empty())
        .map(|r| {
            warning(
                &r.origin,
                r.position,
                format!("rule `{}` has no examples", r.id),
                "add `examples: [(text: \"…\", expect: First)]` so that `yongquan rules test` can check it",
            )
        })
        .collect()
}

/// Terms of two different symptoms that one typo turns into each other
/// ("hot flushes" / "hot flashes"): a misspelt description could be read as
/// either, and it is often one symptom defined twice.
///
/// `terms` yields, for each term: its symptom, the term as written and its
/// normalised form (the lexicon's `Term::normalized`). Only single-part
/// Latin-script terms are compared, as only they are matched fuzzily, and
/// only as the fuzzy matcher would pair them (same number of words, each word
/// starting with the same letter, short words of up to 3 letters equal), at
/// an edit distance of exactly 1, and only when the terms also look alike as
/// written (at most two edits apart). Terms two edits apart are left alone:
/// "heel pain" and "head pain", "hypotension" and "hypertension" are
/// different symptoms, and a warning nobody can act on is noise. The warning
/// is placed at the term of the later symptom.
pub fn near_duplicate_terms<'t>(
    rules: &RuleBase,
    terms: impl IntoIterator<Item = (SymptomId, &'t str, String)>,
) -> Vec<Diagnostic> {
    type Entry<'t> = (SymptomId, &'t str, String);
    let mut buckets: HashMap<(usize, char), Vec<Entry<'t>>> = HashMap::new();
    for (symptom, text, form) in terms {
        if !form.is_ascii() || form.contains('…') {
            continue;
        }
        let Some(first) = form.chars().next() else {
            continue;
        };
        let words = form.split(' ').count();
        buckets
            .entry((words, first))
            .or_default()
            .push((symptom, text, form));
    }
    let mut found = Vec::new();
    for bucket in buckets.values() {
        for (i, (sa, ta, fa)) in bucket.iter().enumerate() {
            for (sb, tb, fb) in &bucket[i + 1..] {
                if sa != sb && one_typo_apart(fa, fb) && looks_alike(ta, tb) {
                    let (early, late) = if sa < sb {
                        ((sa, ta), (sb, tb))
                    } else {
                        ((sb, tb), (sa, ta))
                    };
                    found.push((*late.0, *late.1, *early.0, *early.1));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
        .into_iter()
        .map(|(s, text, other, other_text)| {
            let symptom = rules.symptom(s);
            let at = rules.term_position(s, text).unwrap_or(symptom.position);
            warning(
                &symptom.origin,
                at,
                format!(
                    "term \"{text}\" of `{}` is one typo away from \"{other_text}\" of `{}`",
                    symptom.id,
                    rules.symptom(other).id
                ),
                "a misspelt description could be read as either: if they mean the same, keep the term under one symptom; if not, reword one of them",
            )
        })
        .collect()
}

/// True when the terms as written differ by at most two edits (ignoring
/// case): normalisation drops filler words and endings, so "my child" and
/// "chills" read "child" and "chill", one edit apart, yet nobody would
/// mistake one for the other.
fn looks_alike(a: &str, b: &str) -> bool {
    strsim::damerau_levenshtein(&a.to_lowercase(), &b.to_lowercase()) <= 2
}

/// True when one edit (insert, delete, change or swap a letter) turns `a`
/// into `b`, and the fuzzy matcher would compare them.
fn one_typo_apart(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let words_fit = wa.len() == wb.len()
        && wa.iter().zip(&wb).all(|(x, y)| {
            x.chars().next() == y.chars().next() && (x == y || (x.len() > 3 && y.len() > 3))
        });
    if !words_fit {
        return false;
    }
    strsim::damerau_levenshtein(a, b) == 1
}

impl RuleBase {
    /// Warnings about rules that load but probably do not work as meant
    /// (see [`warnings`]). Computed on demand: loading for matching
    /// never pays for them; `rules check` does.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        warnings(self)
    }
}

#[cfg(test)]
mod tests {
    use super::{looks_alike, one_typo_apart};

    #[test]
    fn typo_distance_follows_the_lexicon() {
        assert!(one_typo_apart("hot flushes", "hot flashes"));
        assert!(one_typo_apart("tinnitus", "tinitus"));
        assert!(!one_typo_apart("headache", "headache"));
        assert!(!one_typo_apart("dry eye", "dry eyes lid"));
        assert!(!one_typo_apart("cold", "bold"));
        assert!(!one_typo_apart("red eye", "red dye"));
        assert!(!one_typo_apart("insomnia", "palpitation"));
        assert!(!one_typo_apart("heel pain", "head pain"));
        assert!(!one_typo_apart("hypotension", "hypertension"));
        assert!(looks_alike("Hot flushes", "hot flashes"));
        assert!(!looks_alike("my child", "chills"));
    }
}
