//! The checks of the `rules` fuzz target, shared with
//! `tests/fuzz_regressions.rs` so that the corpus and every crash found are
//! replayed by `cargo test` on stable.

use yongquan::report::{self, View};
use yongquan::{LoadOptions, Matcher, RuleBase, RuleError, RuleSource};

/// A description analysed with every rule base that validates.
pub const TEXT: &str =
    "insomnia, night sweats, no headache; 耳鳴，手腳心熱 but not dizzy, bp 165/100, temp 38.9";

/// Builds a rule base from `data` as one RON file (non-UTF-8 is skipped);
/// when it validates, builds the matcher and analyses and renders [`TEXT`]
/// and the rules' own terms. Errors are expected; panics are bugs.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = RuleSource {
        name: "fuzz.ron".into(),
        text: text.into(),
    };
    let rules = match RuleBase::build(&[source], LoadOptions::default()) {
        Ok(r) => r,
        Err(RuleError::Invalid(diags)) => {
            for d in &diags {
                let _ = d.to_string();
            }
            return;
        }
        Err(e) => panic!("building from text can only fail as Invalid, got {e}"),
    };
    let Ok(m) = Matcher::new(rules) else {
        return;
    };
    // The rules' own wording, so fuzz-made terms are matched against text.
    let lexicon = m.lexicon();
    let own: Vec<&str> = lexicon.terms().iter().map(|t| lexicon.text(t)).collect();
    let own = own.join(", ");
    for input in [TEXT, own.as_str()] {
        let Ok(a) = m.analyze(input) else {
            continue;
        };
        // Every match shown, whatever its score.
        let mut a = a;
        a.min_score = 0.0;
        for f in &a.findings {
            assert_eq!(a.input.get(f.span.clone()), Some(f.text.as_str()));
        }
        let view = View {
            top: usize::MAX,
            ..View::default()
        };
        let _ = report::human(&m, &a, view);
        let _ = report::explain(&m, &a, view, None);
        let json =
            serde_json::to_string(&report::json(&m, &a, view)).expect("the report serialises");
        let _: serde_json::Value = serde_json::from_str(&json).expect("the JSON parses");
    }
}
