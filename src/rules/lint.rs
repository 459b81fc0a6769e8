//! Warnings: rule files that load and validate, but probably do not do what
//! their author meant.
//!
//! [`warnings`] runs every check that needs only a [`RuleBase`], on demand
//! ([`RuleBase::warnings`]): loading never computes them.
//! [`near_duplicate_terms`] also needs each term's normalised form, which the
//! lexicon computes, so its caller passes them in (the rules layer never
//! imports the lexicon). Warnings never stop loading; `yongquan rules check
//! --deny-warnings` makes them fatal.

use super::{Diagnostic, Position, RuleBase, Severity, SymptomId};
use crate::groups::Groups;
use crate::index::{words_may_pair, FuzzyIndex};
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
///
/// Only the rules that list the rule's least shared symptom can dominate it,
/// so only those are compared (comparing every pair of rules was quadratic).
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
    // Per symptom, the rules that list it under `symptoms`, in rule order.
    let listing = Groups::new(
        rules.symptoms.len(),
        rules
            .rules
            .iter()
            .enumerate()
            .flat_map(|(j, r)| r.symptoms.iter().map(move |s| (s.symptom.0 as usize, j))),
    );
    let mut out = Vec::new();
    for (i, r) in rules.rules.iter().enumerate() {
        let Some(rarest) = r
            .symptoms
            .iter()
            .map(|s| listing.get(s.symptom.0 as usize))
            .min_by_key(|rules| rules.len())
        else {
            continue;
        };
        let dominant = rarest.iter().copied().find(|&j| {
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
///
/// The forms within one edit of each form are looked up in a deletion index
/// ([`FuzzyIndex`]) rather than compared pair by pair, which was quadratic in
/// the number of terms (`rules check` on 100 000 one-term symptoms: 41 s,
/// now 1.6 s; `bench/RESULTS.md`).
pub fn near_duplicate_terms<'t>(
    rules: &RuleBase,
    terms: impl IntoIterator<Item = (SymptomId, &'t str, String)>,
) -> Vec<Diagnostic> {
    let mut found: Vec<_> = typo_pairs(terms)
        .into_iter()
        .map(|[(sa, ta), (sb, tb)]| {
            let (early, late) = if sa < sb {
                ((sa, ta), (sb, tb))
            } else {
                ((sb, tb), (sa, ta))
            };
            (late.0, late.1, early.0, early.1)
        })
        .collect();
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

/// Every pair of terms (symptom, text as written) of two different symptoms
/// that [`near_duplicate_terms`] warns about, each pair once, in no
/// particular order.
fn typo_pairs<'t>(
    terms: impl IntoIterator<Item = (SymptomId, &'t str, String)>,
) -> Vec<[(SymptomId, &'t str); 2]> {
    let terms: Vec<_> = terms
        .into_iter()
        .filter(|(_, _, form)| form.is_ascii() && !form.contains('…') && !form.is_empty())
        .collect();
    let forms: Vec<&str> = terms.iter().map(|(_, _, form)| form.as_str()).collect();
    within_one_edit(&forms)
        .into_iter()
        .filter_map(|(i, j)| {
            let ((sa, ta, fa), (sb, tb, fb)) = (&terms[i], &terms[j]);
            (sa != sb && one_typo_apart(fa, fb) && looks_alike(ta, tb))
                .then_some([(*sa, *ta), (*sb, *tb)])
        })
        .collect()
}

/// Every pair `(i, j)`, `i < j`, of `forms` at most one edit apart: the only
/// pairs [`one_typo_apart`] can accept, so the only ones it is asked about.
fn within_one_edit(forms: &[&str]) -> Vec<(usize, usize)> {
    let index = FuzzyIndex::build(forms.iter().enumerate().map(|(i, f)| (i as u32, *f)));
    let mut pairs = Vec::new();
    let mut near = Vec::new();
    for (i, form) in forms.iter().enumerate() {
        near.clear();
        index.lookup(form, 1, &mut near);
        pairs.extend(
            near.iter()
                .map(|&(j, _)| j as usize)
                .filter(|&j| j > i)
                .map(|j| (i, j)),
        );
    }
    pairs
}

/// True when the terms as written differ by at most two edits (ignoring
/// case): normalisation drops filler words and endings, so "my child" and
/// "chills" read "child" and "chill", one edit apart, yet nobody would
/// mistake one for the other.
fn looks_alike(a: &str, b: &str) -> bool {
    strsim::damerau_levenshtein(&a.to_lowercase(), &b.to_lowercase()) <= 2
}

/// True when one edit (insert, delete, change or swap a letter) turns `a`
/// into `b`, and the fuzzy matcher would compare them, written either way
/// ([`words_may_pair`]).
fn one_typo_apart(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let pair = wa.len() == wb.len() && (words_may_pair(&wa, &wb) || words_may_pair(&wb, &wa));
    pair && strsim::damerau_levenshtein(a, b) == 1
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
    use super::{looks_alike, one_typo_apart, within_one_edit};

    /// `n` distinct words of eight two-letter syllables, all starting with
    /// `b` (one bucket of the former pairwise search). Two syllables differ
    /// in both letters and a swap breaks the consonant–vowel pattern, so any
    /// two words are at least two edits apart.
    fn far_apart_words(n: usize) -> Vec<String> {
        const SYLLABLES: [&str; 5] = ["ba", "de", "ki", "mo", "tu"];
        (0..n)
            .map(|i| {
                let mut rest = i;
                let mut w = String::from("ba");
                for _ in 0..7 {
                    w.push_str(SYLLABLES[rest % 5]);
                    rest /= 5;
                }
                w
            })
            .collect()
    }

    /// Regression (issue 12): every pair of terms with the same word count
    /// and first letter was compared, n²/2 edit distances for n such terms
    /// (2·10⁸ for these 20 003). Now only the pairs within one edit are
    /// compared at all: three.
    #[test]
    fn near_duplicates_are_looked_up_not_compared_pairwise() {
        let mut words = far_apart_words(20_000);
        // Three planted typos, each one edit from one earlier word and more
        // from every other: a substitution, a deletion, a swap.
        let typos = [
            words[7].replacen("ki", "kx", 1),
            words[19_999][..15].to_string(),
            words[6].replacen("de", "ed", 1),
        ];
        for (typo, of) in typos.iter().zip([7, 19_999, 6]) {
            assert_eq!(strsim::damerau_levenshtein(typo, &words[of]), 1);
        }
        words.extend(typos);
        let forms: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut pairs = within_one_edit(&forms);
        pairs.sort_unstable();
        assert_eq!(pairs, [(6, 20_002), (7, 20_000), (19_999, 20_001)]);
        // The same answer as comparing every pair, on a slice small enough
        // to compare pairwise.
        let mut small: Vec<&str> = forms[..1_500].to_vec();
        small.extend(["bakx", "bak", "baki", "abki", "bakidebakidebakide"]);
        small.extend(forms[1_490..1_500].iter().map(|w| &w[1..]));
        let mut pairwise = Vec::new();
        for i in 0..small.len() {
            for j in i + 1..small.len() {
                if strsim::damerau_levenshtein(small[i], small[j]) <= 1 {
                    pairwise.push((i, j));
                }
            }
        }
        let mut looked_up = within_one_edit(&small);
        looked_up.sort_unstable();
        assert!(!pairwise.is_empty());
        assert_eq!(looked_up, pairwise);
    }

    #[test]
    fn typo_distance_follows_the_lexicon() {
        assert!(one_typo_apart("hot flushes", "hot flashes"));
        assert!(one_typo_apart("tinnitus", "tinitus"));
        assert!(!one_typo_apart("headache", "headache"));
        assert!(!one_typo_apart("dry eye", "dry eyes lid"));
        assert!(!one_typo_apart("cold", "bold"));
        // Regression (issue 12): the lint had its own pairing rule, stricter
        // than the matcher's for short words inside a phrase.
        assert!(one_typo_apart("dry mouth", "dru mouth"));
        assert!(!one_typo_apart("mood", "moot"));
        assert!(!one_typo_apart("red eye", "red dye"));
        assert!(!one_typo_apart("insomnia", "palpitation"));
        assert!(!one_typo_apart("heel pain", "head pain"));
        assert!(!one_typo_apart("hypotension", "hypertension"));
        assert!(looks_alike("Hot flushes", "hot flashes"));
        assert!(!looks_alike("my child", "chills"));
    }
}
