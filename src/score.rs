//! Scoring: findings × rules → ranked [`Match`]es with their evidence.
//!
//! For each rule, every symptom it lists contributes
//!
//! ```text
//! contribution = weight(role) × similarity × specificity
//! specificity  = 1 / √(max(1, Σ role weights of the symptom over all rules))
//! ```
//!
//! using the best un-negated finding of that symptom (weight: Key 1.0,
//! Supporting 0.6, Minor 0.3; similarity 1 for exact and lay matches, below 1
//! for fuzzy ones). A symptom the text *denies* ("no palpitations") subtracts
//! half its weight × specificity, and a finding the rule lists under `against`
//! subtracts half its weight × similarity: a pertinent negative. Negated
//! findings never add anything.
//!
//! The evidence `E` (the sum, floored at 0) becomes the score in [0, 1):
//!
//! ```text
//! score = E / (E + SATURATION)
//! ```
//!
//! so the score depends on how much evidence there is, not on how many
//! symptoms a rule lists (rules of different sizes compare), each positive
//! finding of a rule's symptom can only raise that rule's score, and a single
//! symptom shared by three rules (≈ 0.58 evidence) stays low (≈ 0.28).

use crate::rules::schema::Role;
use crate::rules::{RuleBase, RuleId, SymptomId};
use hashbrown::HashMap;

/// The evidence at which a score reaches 0.5.
pub const SATURATION: f64 = 1.5;
/// Evidence below this, or fewer than two symptoms found, is "thin".
pub const THIN_EVIDENCE: f64 = 1.0;
/// Default for hiding rules with negligible scores (`--min-score`): one
/// symptom shared by two or three rules (≈ 0.28) stays under it, one key
/// symptom of a single rule (0.4) passes.
pub const DEFAULT_MIN_SCORE: f64 = 0.3;
/// Fraction of a symptom's weight that a denial or an `against` finding subtracts.
pub const PENALTY: f64 = 0.5;

/// What the scorer needs of a finding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// The symptom found.
    pub symptom: SymptomId,
    /// Similarity in [0, 1].
    pub similarity: f64,
    /// True when the text denies it.
    pub negated: bool,
    /// True when the finding is neither evidence nor a denial (uncertain,
    /// past, hypothetical or someone else's): the scorer skips it.
    pub set_aside: bool,
}

/// How a contribution affects a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Effect {
    /// A symptom of the rule is present: adds.
    Supports,
    /// A symptom of the rule is denied: subtracts.
    Denied,
    /// A symptom listed under the rule's `against` is present: subtracts.
    Against,
}

/// One line of a rule's evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The symptom.
    pub symptom: SymptomId,
    /// Index of the finding (into the observations passed to [`score`]).
    pub finding: usize,
    /// The role the rule gives the symptom.
    pub role: Role,
    /// The role's weight in (0, 1].
    pub weight: f64,
    /// The finding's similarity in [0, 1].
    pub similarity: f64,
    /// 1/√(rules listing the symptom), in (0, 1].
    pub specificity: f64,
    /// Signed contribution to the evidence sum.
    pub value: f64,
    /// Supports, denied or against.
    pub effect: Effect,
}

/// One rule's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The rule.
    pub rule: RuleId,
    /// Score in [0, 1).
    pub score: f64,
    /// The evidence sum E ≥ 0 the score comes from.
    pub evidence_sum: f64,
    /// Every contribution, largest first.
    pub evidence: Vec<Evidence>,
    /// Key symptoms of the rule the text neither reports nor denies.
    pub missing: Vec<SymptomId>,
    /// True when the evidence is thin: one symptom, or E below [`THIN_EVIDENCE`].
    pub thin: bool,
    /// True when the rule's findings anchor it (see [`anchor_weight`]): a key
    /// or weighted symptom, or two supporting ones. A rule without an anchor
    /// is scored and explained but never ranked: tongue, pulse and minor
    /// symptoms support a pattern, they cannot make it rank on their own.
    pub anchored: bool,
}

/// How much a finding of `symptom` with `role` in a rule anchors it: 2 for a
/// `Key` or explicitly weighted (`Weight(x)`) symptom that is felt or
/// observed (category `Symptom` or `Sign`), 1 for such a `Supporting` one,
/// 0 for a `Minor` one and for tongue and pulse findings whatever their role.
/// A rule is anchored at [`ANCHOR`]: one defining symptom, or two companions.
pub fn anchor_weight(rules: &RuleBase, symptom: SymptomId, role: Role) -> u32 {
    use crate::rules::schema::Category;
    if !matches!(
        rules.symptom(symptom).category,
        Category::Symptom | Category::Sign
    ) {
        return 0;
    }
    match role {
        Role::Key | Role::Weight(_) => ANCHOR,
        Role::Supporting => 1,
        Role::Minor => 0,
    }
}

/// The anchor weight a rule needs to rank (see [`anchor_weight`]).
pub const ANCHOR: u32 = 2;

/// 1/√(how widely the symptom is shared): the sum of its role weights over
/// the rules that list it ([`RuleBase::rule_weight`]), at least 1. A
/// symptom that is key to three rules gets 1/√3; one that is key to a single
/// rule and minor in three others gets 1/√1.9, so companions listed in many
/// rules (tongue, pulse, fatigue) dilute a defining symptom little.
fn specificity(rules: &RuleBase, s: SymptomId) -> f64 {
    1.0 / rules.rule_weight[s.0 as usize].max(1.0).sqrt()
}

/// Scores the rules the observations touch: those that list an observed
/// symptom under `symptoms` or `against`. Returns their [`Match`]es, best
/// first: anchored ones ([`Match::anchored`]) before the others, then by
/// score, ties by rule id. Every other rule has no evidence and scores 0,
/// so it is left out: the cost of a description grows with what it
/// mentions, not with the size of the rule base. [`score_rule`] scores one
/// rule whatever it is touched by.
pub fn score(rules: &RuleBase, observations: &[Observation]) -> Vec<Match> {
    let found = Found::new(observations);
    let mut touched: Vec<RuleId> = observations
        .iter()
        .flat_map(|o| rules.rules_of(o.symptom))
        .copied()
        .collect();
    touched.sort_unstable();
    touched.dedup();
    let mut out: Vec<Match> = touched
        .into_iter()
        .map(|r| rule_match(rules, &found, r))
        .collect();
    out.sort_by(|a, b| {
        b.anchored
            .cmp(&a.anchored)
            .then_with(|| b.score.total_cmp(&a.score))
            .then_with(|| rules.rule(a.rule).id.cmp(&rules.rule(b.rule).id))
    });
    out
}

/// Scores one rule against the observations (for a rule [`score`] left out,
/// this is a score of 0 with its key symptoms missing).
pub fn score_rule(rules: &RuleBase, observations: &[Observation], rule: RuleId) -> Match {
    rule_match(rules, &Found::new(observations), rule)
}

/// The observations by symptom: the best un-negated one (highest
/// similarity, then first) and the first denial.
struct Found<'a> {
    observations: &'a [Observation],
    best: HashMap<SymptomId, usize>,
    denied: HashMap<SymptomId, usize>,
}

impl Found<'_> {
    fn new(observations: &[Observation]) -> Found<'_> {
        let mut best: HashMap<SymptomId, usize> = HashMap::new();
        let mut denied = HashMap::new();
        for (i, o) in observations.iter().enumerate() {
            if o.set_aside {
                continue;
            }
            if o.negated {
                denied.entry(o.symptom).or_insert(i);
            } else {
                let slot = best.entry(o.symptom).or_insert(i);
                if o.similarity > observations[*slot].similarity {
                    *slot = i;
                }
            }
        }
        Found {
            observations,
            best,
            denied,
        }
    }

    fn best(&self, s: SymptomId) -> Option<(usize, &Observation)> {
        self.best.get(&s).map(|&i| (i, &self.observations[i]))
    }
}

fn rule_match(rules: &RuleBase, found: &Found, r: RuleId) -> Match {
    let rule = rules.rule(r);
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    for rs in &rule.symptoms {
        let weight = rs.role.weight();
        let spec = specificity(rules, rs.symptom);
        if let Some((f, o)) = found.best(rs.symptom) {
            evidence.push(Evidence {
                symptom: rs.symptom,
                finding: f,
                role: rs.role,
                weight,
                similarity: o.similarity,
                specificity: spec,
                value: weight * o.similarity * spec,
                effect: Effect::Supports,
            });
            continue;
        }
        let denial = found.denied.get(&rs.symptom).copied();
        if rs.role == Role::Key && denial.is_none() {
            missing.push(rs.symptom);
        }
        if let Some(f) = denial {
            evidence.push(Evidence {
                symptom: rs.symptom,
                finding: f,
                role: rs.role,
                weight,
                similarity: 1.0,
                specificity: spec,
                value: -PENALTY * weight * spec,
                effect: Effect::Denied,
            });
        }
    }
    for rs in &rule.against {
        if let Some((f, o)) = found.best(rs.symptom) {
            let weight = rs.role.weight();
            evidence.push(Evidence {
                symptom: rs.symptom,
                finding: f,
                role: rs.role,
                weight,
                similarity: o.similarity,
                specificity: 1.0,
                value: -PENALTY * weight * o.similarity,
                effect: Effect::Against,
            });
        }
    }
    evidence.sort_by(|a, b| b.value.total_cmp(&a.value));
    // Not `.max(0.0)`: an empty sum is -0.0, and `max` may keep it, which
    // printed "score -0.000" (a regression test in tests/cli.rs).
    let sum: f64 = evidence.iter().map(|e| e.value).sum();
    let sum = if sum > 0.0 { sum } else { 0.0 };
    let supporting = evidence
        .iter()
        .filter(|e| e.effect == Effect::Supports)
        .count();
    let anchored = evidence
        .iter()
        .filter(|e| e.effect == Effect::Supports)
        .map(|e| anchor_weight(rules, e.symptom, e.role))
        .sum::<u32>()
        >= ANCHOR;
    Match {
        rule: r,
        score: sum / (sum + SATURATION),
        evidence_sum: sum,
        evidence,
        missing,
        thin: supporting < 2 || sum < THIN_EVIDENCE,
        anchored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{LoadOptions, RuleBase, RuleSource};

    const RULES: &str = r#"#![enable(implicit_some)]
(
  sources: { "s": (title: "t", url: "u") },
  symptoms: [
    (id: "a", name: "A", zh: "甲", terms: ["aaa"]),
    (id: "b", name: "B", zh: "乙", terms: ["bbb"]),
    (id: "c", name: "C", zh: "丙", terms: ["ccc"]),
    (id: "shared", name: "S", zh: "丁", terms: ["sss"]),
    (id: "cold", name: "Cold", zh: "冷", terms: ["cold"]),
  ],
  rules: [
    (id: "one", pattern: (en: "One", zh: "一"), function: "f", sources: ["s"],
     symptoms: { "a": Key, "b": Supporting, "shared": Key }, against: { "cold": Key }),
    (id: "two", pattern: (en: "Two", zh: "二"), function: "f", sources: ["s"],
     symptoms: { "c": Key, "shared": Key }),
    (id: "three", pattern: (en: "Three", zh: "三"), function: "f", sources: ["s"],
     symptoms: { "shared": Key, "c": Minor, "a": Minor, "b": Minor }),
  ],
)"#;

    fn base() -> RuleBase {
        let src = RuleSource {
            name: "t.ron".into(),
            text: RULES.into(),
        };
        RuleBase::build(&[src], LoadOptions::default()).unwrap()
    }

    fn obs(rb: &RuleBase, items: &[(&str, f64, bool)]) -> Vec<Observation> {
        items
            .iter()
            .map(|(id, similarity, negated)| Observation {
                symptom: rb.symptom_id(id).unwrap(),
                similarity: *similarity,
                negated: *negated,
                set_aside: false,
            })
            .collect()
    }

    fn score_of(rb: &RuleBase, ms: &[Match], id: &str) -> f64 {
        ms.iter().find(|m| rb.rule(m.rule).id == id).unwrap().score
    }

    #[test]
    fn scores_are_in_range_and_ranked() {
        let rb = base();
        let ms = score(&rb, &obs(&rb, &[("a", 1.0, false), ("b", 1.0, false)]));
        assert_eq!(rb.rule(ms[0].rule).id, "one");
        assert!(ms.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(ms.iter().all(|m| (0.0..1.0).contains(&m.score)));
    }

    #[test]
    fn only_touched_rules_are_scored_and_an_untouched_one_scores_plus_zero() {
        let rb = base();
        let found = obs(&rb, &[("c", 1.0, false)]);
        let ms = score(&rb, &found);
        let ids: Vec<&str> = ms.iter().map(|m| rb.rule(m.rule).id.as_str()).collect();
        assert_eq!(ids, ["two", "three"]);
        let against = score(&rb, &obs(&rb, &[("cold", 1.0, false)]));
        assert_eq!(rb.rule(against[0].rule).id, "one", "`against` touches too");
        let one = score_rule(&rb, &found, rb.rule_id("one").unwrap());
        // +0.0 exactly: an empty sum is -0.0, which once printed "-0.000".
        assert_eq!(one.score.to_bits(), 0.0f64.to_bits());
        assert_eq!(one.evidence_sum.to_bits(), 0.0f64.to_bits());
        assert!(one.evidence.is_empty());
        let missing: Vec<&str> = one
            .missing
            .iter()
            .map(|&s| rb.symptom(s).id.as_str())
            .collect();
        assert_eq!(missing, ["a", "shared"]);
    }

    #[test]
    fn key_weighs_more_than_supporting_and_fuzzy_counts_by_similarity() {
        let rb = base();
        let key = score_of(&rb, &score(&rb, &obs(&rb, &[("a", 1.0, false)])), "one");
        let sup = score_of(&rb, &score(&rb, &obs(&rb, &[("b", 1.0, false)])), "one");
        let fuzzy = score_of(&rb, &score(&rb, &obs(&rb, &[("a", 0.8, false)])), "one");
        assert!(key > sup);
        assert!(key > fuzzy && fuzzy > 0.0);
    }

    #[test]
    fn negated_findings_never_add_and_denied_keys_subtract() {
        let rb = base();
        let none = score(&rb, &[]);
        let neg = score(&rb, &obs(&rb, &[("a", 1.0, true), ("shared", 1.0, true)]));
        for m in &neg {
            assert_eq!(m.score, 0.0);
        }
        assert!(none.iter().all(|m| m.score == 0.0));
        let with = score_of(&rb, &score(&rb, &obs(&rb, &[("b", 1.0, false)])), "one");
        let denied = score_of(
            &rb,
            &score(&rb, &obs(&rb, &[("b", 1.0, false), ("a", 1.0, true)])),
            "one",
        );
        assert!(denied < with);
    }

    #[test]
    fn adding_a_matching_symptom_never_lowers_the_score() {
        let rb = base();
        let base_obs = obs(&rb, &[("a", 1.0, true), ("cold", 1.0, false)]);
        let before = score(&rb, &base_obs);
        for add in ["a", "b", "c", "shared"] {
            let mut more = base_obs.clone();
            more.extend(obs(&rb, &[(add, 0.9, false)]));
            let after = score(&rb, &more);
            for m in &before {
                let id = &rb.rule(m.rule).id;
                assert!(score_of(&rb, &after, id) >= m.score, "{add} lowered {id}");
            }
        }
    }

    #[test]
    fn a_shared_symptom_alone_is_low_and_thin() {
        let rb = base();
        let ms = score(&rb, &obs(&rb, &[("shared", 1.0, false)]));
        assert!(ms.iter().all(|m| m.score < 0.3 && m.thin));
    }

    #[test]
    fn against_findings_subtract() {
        let rb = base();
        let plain = score_of(&rb, &score(&rb, &obs(&rb, &[("a", 1.0, false)])), "one");
        let cold = score_of(
            &rb,
            &score(&rb, &obs(&rb, &[("a", 1.0, false), ("cold", 1.0, false)])),
            "one",
        );
        assert!(cold < plain);
    }

    #[test]
    fn missing_lists_key_symptoms_not_found() {
        let rb = base();
        let ms = score(&rb, &obs(&rb, &[("a", 1.0, false)]));
        let one = ms.iter().find(|m| rb.rule(m.rule).id == "one").unwrap();
        assert_eq!(one.missing, vec![rb.symptom_id("shared").unwrap()]);
    }

    #[test]
    fn tongue_pulse_and_minor_symptoms_cannot_make_a_rule_rank_alone() {
        let src = RuleSource {
            name: "t.ron".into(),
            text: r#"#![enable(implicit_some)]
(
  sources: { "s": (title: "t", url: "u") },
  symptoms: [
    (id: "key", name: "K", zh: "甲", terms: ["kkk"]),
    (id: "sup1", name: "S1", zh: "乙", terms: ["sss"]),
    (id: "sup2", name: "S2", zh: "丙", terms: ["ttt"]),
    (id: "minor", name: "M", zh: "丁", terms: ["mmm"]),
    (id: "tongue", name: "T", zh: "舌", category: Tongue, terms: ["red tongue"]),
    (id: "pulse", name: "P", zh: "脈", category: Pulse, terms: ["wiry pulse"]),
  ],
  rules: [
    (id: "r", pattern: (en: "R", zh: "一"), function: "f", sources: ["s"],
     symptoms: { "key": Key, "sup1": Supporting, "sup2": Supporting, "minor": Minor,
                 "tongue": Key, "pulse": Weight(0.9) }),
  ],
)"#
            .into(),
        };
        let rb = RuleBase::build(&[src], LoadOptions::default()).unwrap();
        let anchored = |ids: &[&str]| {
            let o: Vec<_> = ids.iter().map(|id| (*id, 1.0, false)).collect();
            score(&rb, &obs(&rb, &o))[0].anchored
        };
        // A key tongue and a weighted pulse finding score, but do not rank.
        let ms = score(
            &rb,
            &obs(&rb, &[("tongue", 1.0, false), ("pulse", 1.0, false)]),
        );
        assert!(ms[0].score > 0.3 && !ms[0].anchored);
        assert!(!anchored(&["minor", "sup1", "tongue", "pulse"]));
        assert!(anchored(&["key"]));
        assert!(
            anchored(&["sup1", "sup2"]),
            "two supporting symptoms anchor"
        );
        // A denied key symptom is no anchor.
        let denied = score(&rb, &obs(&rb, &[("key", 1.0, true), ("sup1", 1.0, false)]));
        assert!(!denied[0].anchored);
    }
}
