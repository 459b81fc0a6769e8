//! The checks of the `analyze` fuzz target, shared with
//! `tests/fuzz_regressions.rs` so that the corpus and every crash found are
//! replayed by `cargo test` on stable.

use yongquan::report::{self, View};
use yongquan::Matcher;

/// `explain` looks up the nearest terms of unrecognised phrases (the first
/// 50), comparing each word with every lexicon term: milliseconds per word
/// in a fuzzing build, which would cut the fuzzer to a few inputs a second.
/// Inputs with at most this many unrecognised bytes are explained; they
/// reach every other line of `explain`.
pub const MAX_UNRECOGNIZED_FOR_EXPLAIN: usize = 24;

/// Analyses `data` (lossily decoded), checks the spans and scores, and
/// renders the human report, the explanation and the JSON. Panics on any
/// broken invariant.
pub fn check(m: &Matcher, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(a) = m.analyze(&text) else {
        return;
    };
    for f in &a.findings {
        assert_eq!(a.input.get(f.span.clone()), Some(f.text.as_str()));
        if let Some(n) = &f.negation {
            assert_eq!(a.input.get(n.span.clone()), Some(n.text.as_str()));
        }
    }
    for u in &a.unrecognized {
        assert_eq!(a.input.get(u.span.clone()), Some(u.text.as_str()));
    }
    for p in &a.phrases {
        assert_eq!(a.input.get(p.span.clone()), Some(p.text.as_str()));
    }
    for mm in &a.matches {
        assert!((0.0..=1.0).contains(&mm.score), "score {}", mm.score);
    }

    let view = View::default();
    let _ = report::human(m, &a, view);
    // Every match shown, whatever its score.
    let all = View {
        top: usize::MAX,
        ..View::default()
    };
    let mut a = a;
    a.min_score = 0.0;
    let unrecognized: usize = a.unrecognized.iter().map(|u| u.text.len()).sum();
    if unrecognized <= MAX_UNRECOGNIZED_FOR_EXPLAIN {
        let _ = report::explain(m, &a, all, None);
        if let Some(first) = a.matches.first() {
            let _ = report::explain(m, &a, all, Some(&m.rules().rule(first.rule).id));
        }
    }
    for v in [view, all] {
        let json = serde_json::to_string(&report::json(m, &a, v)).expect("the report serialises");
        let _: serde_json::Value = serde_json::from_str(&json).expect("the JSON parses");
    }
}
