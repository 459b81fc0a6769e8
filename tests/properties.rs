//! Properties of the free-text pipeline that hold for any input: arbitrary
//! Unicode, and lexicon words mixed with CJK, combining marks, right-to-left
//! text, bidi controls, emoji and odd separators.
//!
//! Case counts are kept small so `cargo test` stays fast; raise them with
//! `PROPTEST_CASES=10000 cargo test --release --test integration properties::`.

use proptest::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;
use yongquan::report::{self, View};
use yongquan::rules::{RuleId, SymptomId};
use yongquan::score::{self, Observation};
use yongquan::{Analysis, InputError, Matcher};

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| Matcher::builtin().expect("the built-in rules load"))
}

fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    ProptestConfig::with_cases(cases)
}

/// Every view the reports offer, each with the analysis it shows: the
/// default, and everything shown (every rule, whatever its score).
fn views(a: &Analysis) -> [(Analysis, View); 2] {
    let all = View {
        top: usize::MAX,
        ..View::default()
    };
    let mut everything = a.clone();
    everything.min_score = 0.0;
    [(a.clone(), View::default()), (everything, all)]
}

/// `explain` searches the nearest terms of each unrecognised phrase
/// exhaustively (milliseconds per word in a debug build): only inputs with
/// little unrecognised text are explained here; the fuzz target covers more.
const MAX_UNRECOGNIZED_FOR_EXPLAIN: usize = 24;

fn lexicon_terms() -> Vec<String> {
    let lexicon = matcher().lexicon();
    lexicon
        .terms()
        .iter()
        .map(|t| lexicon.text(t).to_string())
        .collect()
}

const CUES: &[&str] = &[
    "no ",
    "not ",
    "denies ",
    "denied ",
    "without ",
    "never ",
    "free of ",
    "absent",
    "normal",
    "negative",
    "can't ",
    "don't ",
    "not just ",
    "no improvement ",
    "没有",
    "不",
    "无",
    "未",
    "否认",
    "正常",
];

const SEPARATORS: &[&str] = &[
    ", ",
    ",",
    "，",
    "、",
    ". ",
    ";",
    "; ",
    "!",
    "?",
    "\n",
    "\r\n",
    "。",
    "；",
    "！",
    "？",
    "…",
    "...",
    "/",
    "(",
    ")",
    "[",
    "]",
    "+",
    "&",
    "|",
    "（",
    "）",
    " and ",
    " or ",
    " but ",
    " with ",
    " however ",
    "和",
    "但是",
    ": ",
    " - ",
    "—",
];

/// One piece of a generated description.
fn piece(terms: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(terms),
        2 => prop::sample::select(CUES).prop_map(String::from),
        3 => prop::sample::select(SEPARATORS).prop_map(String::from),
        1 => "[\u{4e00}-\u{9fff}]{1,4}",
        1 => "[\u{3400}-\u{4dbf}\u{f900}-\u{faff}\u{20000}-\u{2a6df}]{1,3}",
        1 => "[a-zA-Z\u{0300}-\u{036f}\u{1ab0}-\u{1aff}\u{20d0}-\u{20ff}]{1,8}",
        1 => "[\u{0590}-\u{06ff}\u{0750}-\u{077f}\u{200e}\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}]{1,8}",
        1 => "[\u{1f300}-\u{1faff}\u{2600}-\u{27bf}\u{200d}\u{fe0f}\u{1f3fb}-\u{1f3ff}]{1,5}",
        1 => "[ \t\u{a0}\u{85}\u{2028}\u{2029}\u{3000}\u{200b}\u{feff}\u{2060}]{1,3}",
        1 => "[\u{ff01}-\u{ff5e}\u{2160}-\u{217f}\u{fb00}-\u{fb06}\u{1d400}-\u{1d7ff}İıẞß]{1,4}",
        1 => "[0-9./-]{1,7}",
        1 => "[’‘'`´ʼ]",
        2 => any::<char>().prop_map(String::from),
    ]
}

/// Descriptions mixing lexicon terms with everything else.
fn mixed() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(lexicon_terms()), any::<bool>()), 0..24).prop_map(|pieces| {
        let mut s = String::new();
        for (p, space) in pieces {
            s.push_str(&p);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

/// Mixed descriptions, and arbitrary Unicode strings.
fn description() -> impl Strategy<Value = String> {
    prop_oneof![3 => mixed(), 1 => any::<String>()]
}

fn analyze(text: &str) -> Option<Analysis> {
    match matcher().analyze(text) {
        Ok(a) => Some(a),
        Err(InputError::Empty) => {
            assert!(text.trim().is_empty(), "Empty for {text:?}");
            None
        }
        Err(e) => panic!("{e} for {text:?}"),
    }
}

fn json(a: &Analysis, view: View) -> String {
    serde_json::to_string(&report::json(matcher(), a, view)).expect("the report serialises")
}

/// Asserts that `span` is on char boundaries of `input` and slices it to `text`.
fn check_span(input: &str, span: &std::ops::Range<usize>, text: &str, what: &str) {
    assert!(
        span.start <= span.end && span.end <= input.len(),
        "{what} span {span:?} outside the input ({} bytes)",
        input.len()
    );
    assert!(
        input.is_char_boundary(span.start) && input.is_char_boundary(span.end),
        "{what} span {span:?} not on char boundaries of {input:?}"
    );
    assert_eq!(&input[span.clone()], text, "{what} span {span:?}");
}

fn scores_by_rule(ms: &[score::Match]) -> HashMap<RuleId, f64> {
    ms.iter().map(|m| (m.rule, m.score)).collect()
}

/// Terms that, alone, are read as exactly one un-negated finding of their own
/// symptom (terms with `…` gaps, or that contain other terms, are not).
fn self_matching_terms() -> &'static [(String, SymptomId)] {
    static TERMS: OnceLock<Vec<(String, SymptomId)>> = OnceLock::new();
    TERMS.get_or_init(|| {
        let lexicon = matcher().lexicon();
        lexicon
            .terms()
            .iter()
            .filter(|t| {
                matcher().analyze(lexicon.text(t)).is_ok_and(|a| {
                    a.findings.len() == 1
                        && a.findings[0].symptom == t.symptom
                        && a.findings[0].negation.is_none()
                })
            })
            .map(|t| (lexicon.text(t).to_string(), t.symptom))
            .collect()
    })
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn never_panics_and_spans_slice_the_input(text in description()) {
        let Some(a) = analyze(&text) else { return Ok(()) };
        prop_assert_eq!(&a.input, &text);
        for f in &a.findings {
            check_span(&text, &f.span, &f.text, "finding");
            if let Some(n) = &f.negation {
                check_span(&text, &n.span, &n.text, "negation cue");
            }
        }
        for u in &a.unrecognized {
            check_span(&text, &u.span, &u.text, "unrecognized phrase");
        }
        for p in &a.phrases {
            check_span(&text, &p.span, &p.text, "phrase");
            for &f in &p.findings {
                prop_assert!(f < a.findings.len());
            }
        }
        for r in &a.red_flags {
            if let Some(f) = r.finding {
                prop_assert!(f < a.findings.len());
            }
        }
        let [shown, all] = views(&a);
        for (a, view) in [&shown, &all] {
            let _ = report::human(matcher(), a, *view);
        }
        let unrecognized: usize = a.unrecognized.iter().map(|u| u.text.len()).sum();
        if unrecognized <= MAX_UNRECOGNIZED_FOR_EXPLAIN {
            let _ = report::explain(matcher(), &all.0, all.1, None);
        }
    }

    #[test]
    fn every_score_and_similarity_is_in_0_1(text in description()) {
        let Some(a) = analyze(&text) else { return Ok(()) };
        // Every rule left out has no evidence; every rule listed scores as
        // it would alone.
        let rules = matcher().rules();
        let observations = a.observations();
        for r in 0..rules.rules().len() {
            let id = RuleId(r as u32);
            let alone = score::score_rule(rules, &observations, id);
            match a.matches.iter().find(|m| m.rule == id) {
                Some(m) => prop_assert_eq!(m, &alone),
                None => prop_assert!(alone.score == 0.0 && alone.evidence.is_empty(), "{:?}", alone),
            }
        }
        for m in &a.matches {
            prop_assert!((0.0..=1.0).contains(&m.score), "score {}", m.score);
            prop_assert!(m.evidence_sum >= 0.0 && m.evidence_sum.is_finite());
            for e in &m.evidence {
                prop_assert!((0.0..=1.0).contains(&e.similarity), "{:?}", e);
                prop_assert!((0.0..=1.0).contains(&e.weight), "{:?}", e);
                prop_assert!((0.0..=1.0).contains(&e.specificity), "{:?}", e);
            }
        }
        for f in &a.findings {
            prop_assert!((0.0..=1.0).contains(&f.similarity), "{:?}", f);
        }
        // Anchored matches (the ranking) first, each part by score.
        let in_order = a.matches.windows(2).all(|w| {
            (w[0].anchored && !w[1].anchored)
                || (w[0].anchored == w[1].anchored && w[0].score >= w[1].score)
        });
        prop_assert!(in_order);
        let ranked: Vec<_> = a.ranked().collect();
        prop_assert!(ranked.iter().all(|m| m.anchored));
        prop_assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn output_is_deterministic(text in description()) {
        let Some(a) = analyze(&text) else { return Ok(()) };
        let b = analyze(&text).expect("analysed once already");
        for ((a, view), (b, _)) in views(&a).into_iter().zip(views(&b)) {
            prop_assert_eq!(json(&a, view), json(&b, view));
            prop_assert_eq!(
                report::human(matcher(), &a, view),
                report::human(matcher(), &b, view)
            );
        }
    }

    #[test]
    fn json_output_always_parses(text in description()) {
        let Some(a) = analyze(&text) else { return Ok(()) };
        for (a, view) in views(&a) {
            let v: Value = serde_json::from_str(&json(&a, view)).expect("the JSON parses");
            prop_assert_eq!(v["input"].as_str(), Some(text.as_str()));
            for f in v["findings"].as_array().expect("findings is an array") {
                let (start, end) = (f["start"].as_u64().unwrap(), f["end"].as_u64().unwrap());
                prop_assert_eq!(text.get(start as usize..end as usize), f["text"].as_str());
            }
            for m in v["matches"].as_array().expect("matches is an array") {
                let s = m["score"].as_f64().expect("a score is a number");
                prop_assert!((0.0..=1.0).contains(&s));
            }
        }
    }

    #[test]
    fn a_negated_finding_never_adds_to_any_score(text in mixed()) {
        let Some(a) = analyze(&text) else { return Ok(()) };
        let rules = matcher().rules();
        let all = a.observations();
        let with = scores_by_rule(&score::score(rules, &all));
        for (i, o) in all.iter().enumerate() {
            if !o.negated {
                continue;
            }
            let mut without = all.clone();
            without.remove(i);
            for (rule, s) in scores_by_rule(&score::score(rules, &without)) {
                prop_assert!(
                    with[&rule] <= s,
                    "negated `{}` raised `{}` from {} to {} in {:?}",
                    rules.symptom(o.symptom).id, rules.rule(rule).id, s, with[&rule], text
                );
            }
        }
    }

    #[test]
    fn appending_a_symptom_never_lowers_its_rules(
        text in mixed(),
        pick in any::<prop::sample::Index>(),
    ) {
        let terms = self_matching_terms();
        let (term, symptom) = &terms[pick.index(terms.len())];
        let longer = format!("{text}, {term}");
        let Some(after) = analyze(&longer) else { return Ok(()) };
        // Only an appended finding read as present counts: a list may carry a
        // negation on into it ("no fever, headache"), which is meant.
        let appended = longer.len() - term.len();
        let present = after.findings.iter().any(|f| {
            f.symptom == *symptom && f.span.start >= appended && f.negation.is_none()
        });
        prop_assume!(present);
        let before = match analyze(&text) {
            Some(a) => scores_by_rule(&a.matches),
            None => HashMap::new(),
        };
        let after = scores_by_rule(&after.matches);
        let rules = matcher().rules();
        for (r, rule) in rules.rules().iter().enumerate() {
            let id = RuleId(r as u32);
            if !rule.symptoms.iter().any(|s| s.symptom == *symptom) {
                continue;
            }
            let was = before.get(&id).copied().unwrap_or(0.0);
            prop_assert!(
                after[&id] >= was,
                "appending {:?} ({}) lowered `{}` from {} to {} after {:?}",
                term, rules.symptom(*symptom).id, rule.id, was, after[&id], text
            );
        }
    }

    /// The scorer alone, on arbitrary observations of the built-in symptoms.
    #[test]
    fn scorer_negations_never_add_and_scores_stay_in_range(
        picks in prop::collection::vec(
            (any::<prop::sample::Index>(), 0.0f64..=1.0, any::<bool>()),
            0..12,
        ),
    ) {
        let rules = matcher().rules();
        let all: Vec<Observation> = picks
            .iter()
            .map(|(s, similarity, negated)| Observation {
                symptom: SymptomId(s.index(rules.symptoms().len()) as u32),
                similarity: *similarity,
                negated: *negated,
                set_aside: false,
            })
            .collect();
        let with = scores_by_rule(&score::score(rules, &all));
        for s in with.values() {
            prop_assert!((0.0..=1.0).contains(s));
        }
        for (i, o) in all.iter().enumerate() {
            let mut without = all.clone();
            without.remove(i);
            let without = scores_by_rule(&score::score(rules, &without));
            for (rule, s) in &without {
                if o.negated {
                    prop_assert!(with[rule] <= *s, "negated {:?} raised {}", o, rules.rule(*rule).id);
                } else if rules.rule(*rule).symptoms.iter().any(|rs| rs.symptom == o.symptom) {
                    prop_assert!(with[rule] >= *s, "present {:?} lowered {}", o, rules.rule(*rule).id);
                }
            }
        }
    }
}

#[test]
fn the_append_property_has_terms_to_work_with() {
    let terms = self_matching_terms();
    assert!(
        terms.len() * 2 > matcher().lexicon().terms().len(),
        "only {} of {} terms match themselves",
        terms.len(),
        matcher().lexicon().terms().len()
    );
}
