//! Pathological input finishes: long repetitions, no separators at all,
//! nothing but separators, deep brackets, right-to-left text and combining
//! marks, emoji, mixed scripts. No timing is asserted (the growth rate is
//! measured by `cargo bench --bench pathological`); each test checks what the
//! analysis found.
//!
//! Tests run in debug mode at 64 KiB. The 1 MiB versions (the input limit)
//! are `#[ignore]`d; run them in release mode with
//! `cargo test --release --test integration pathological:: -- --ignored`.

use std::sync::OnceLock;
use yongquan::report::{self, View};
use yongquan::{Analysis, Matcher, MAX_INPUT_BYTES};

const SMALL: usize = 64 << 10;
const LARGE: usize = MAX_INPUT_BYTES;

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| Matcher::builtin().expect("the built-in rules load"))
}

/// `unit` repeated to at most `bytes` bytes (whole units only).
fn repeat(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

/// Analyses `text`, renders the human report and the JSON, checks every
/// finding's span, and returns the analysis.
fn run(text: &str) -> Analysis {
    assert!(text.len() <= MAX_INPUT_BYTES);
    let m = matcher();
    let a = m.analyze(text).expect("analysed");
    for f in &a.findings {
        assert_eq!(&text[f.span.clone()], f.text);
    }
    let _ = report::human(m, &a, View::default());
    let json = serde_json::to_string(&report::json(m, &a, View::default())).unwrap();
    assert!(json.len() > text.len() / 2);
    a
}

fn symptom_ids(a: &Analysis) -> std::collections::BTreeSet<&str> {
    a.findings
        .iter()
        .map(|f| matcher().rules().symptom(f.symptom).id.as_str())
        .collect()
}

fn one_word_repeated(bytes: usize) {
    let text = repeat("insomnia ", bytes);
    let a = run(&text);
    assert_eq!(a.findings.len(), bytes / "insomnia ".len());
    assert_eq!(
        symptom_ids(&a).into_iter().collect::<Vec<_>>(),
        ["insomnia"]
    );
}

fn a_list_of_one_term(bytes: usize) {
    let text = repeat("headache, ", bytes);
    let a = run(&text);
    assert_eq!(a.findings.len(), bytes / "headache, ".len());
    assert_eq!(a.phrases.len(), a.findings.len());
}

fn a_negated_list(bytes: usize) {
    let text = format!("no {}", repeat("headache, dizziness, ", bytes - 3));
    let a = run(&text);
    assert!(!a.findings.is_empty());
    assert!(a.findings[0].negation.is_some());
}

fn no_separators_latin(bytes: usize) {
    let a = run(&repeat("a", bytes));
    assert!(a.findings.is_empty());
    assert_eq!(a.unrecognized.len(), 1);
    let text = repeat("insomnianightsweats", bytes);
    let a = run(&text);
    assert!(a.findings.is_empty(), "one {bytes}-byte word is no symptom");
}

fn no_separators_cjk(bytes: usize) {
    let text = repeat("失眠盜汗耳鳴", bytes);
    let a = run(&text);
    assert_eq!(
        symptom_ids(&a),
        ["insomnia", "night-sweats", "tinnitus"]
            .into_iter()
            .collect()
    );
    let a = run(&repeat("的", bytes));
    assert!(a.findings.is_empty());
}

/// Assertion cues, people and red flags all through one long clause (a
/// reviewer found the cue search quadratic here).
fn cues_people_and_red_flags(bytes: usize) {
    let a = run(&repeat(
        "no history of fainting if my mum she fainted ",
        bytes,
    ));
    assert!(!a.findings.is_empty());
    assert!(a.findings[0].negation.is_some());
    let a = run(&repeat("以前晕倒过，我妈说她昏倒了 ", bytes));
    assert!(!a.findings.is_empty());
}

fn commas(count: usize) {
    let a = run(&",".repeat(count));
    assert!(a.findings.is_empty() && a.phrases.is_empty());
    let a = run(&format!("insomnia{}night sweats", "，".repeat(count / 3)));
    assert_eq!(a.findings.len(), 2);
}

fn nested_brackets(bytes: usize) {
    let depth = (bytes - "headache".len()) / 2;
    let text = format!("{}headache{}", "(".repeat(depth), ")".repeat(depth));
    let a = run(&text);
    assert_eq!(a.findings.len(), 1);
    let mixed = repeat("([{（【《", bytes / 2) + "insomnia" + &repeat("》】）}])", bytes / 2);
    let a = run(&mixed);
    assert_eq!(a.findings.len(), 1);
}

fn rtl_and_combining_marks(bytes: usize) {
    let text = repeat(
        "\u{202e}שלום עולם مرحبا\u{200f} \u{2067}insomnia\u{2069}, ",
        bytes,
    );
    let a = run(&text);
    assert!(symptom_ids(&a).contains("insomnia"));
    // One letter carrying every combining mark there is room for.
    let stacked = format!("a{}", "\u{301}\u{308}\u{20dd}".repeat((bytes - 1) / 7));
    let a = run(&stacked);
    assert!(a.findings.is_empty());
    let a = run(&repeat("headache\u{301} ", bytes));
    assert_eq!(a.phrases.len(), 1);
}

fn emoji(bytes: usize) {
    let a = run(&repeat("😀", bytes));
    assert!(a.findings.is_empty());
    let family = repeat("👩\u{200d}👩\u{200d}👧\u{200d}👦🏽 insomnia 🤒 ", bytes);
    let a = run(&family);
    assert_eq!(
        symptom_ids(&a).into_iter().collect::<Vec<_>>(),
        ["insomnia"]
    );
}

fn mixed_scripts(bytes: usize) {
    let text = repeat(
        "insomnia失眠 мигрень مرحبا night sweats盗汗 😀 ｔｉｎｎｉｔｕｓ 耳鳴 cafe\u{301}; ",
        bytes,
    );
    let a = run(&text);
    let ids = symptom_ids(&a);
    for id in ["insomnia", "night-sweats", "tinnitus"] {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
}

/// A test per case: at 64 KiB, and (ignored) at 1 MiB. `size` turns the
/// byte budget into the case's argument.
/// `explain` of thousands of unrecognised phrases (the first ones get a
/// nearest-term hint, found by comparing them with every lexicon term).
fn explain_unrecognized(bytes: usize) {
    let text = repeat("qwerty asdfg, ", bytes);
    let m = matcher();
    let a = run(&text);
    assert_eq!(a.unrecognized.len(), bytes / "qwerty asdfg, ".len());
    let view = View {
        top: usize::MAX,
        ..View::default()
    };
    let out = report::explain(m, &a, view, None);
    assert!(out.matches("unrecognized").count() >= a.unrecognized.len());
}

macro_rules! sized {
    ($($name:ident($size:ident);)*) => {
        mod small {
            $(#[test] fn $name() { super::$name(super::$size(super::SMALL)) })*
        }
        mod large {
            $(
                #[test]
                #[ignore = "1 MiB: run with `cargo test --release --test integration pathological:: -- --ignored`"]
                fn $name() { super::$name(super::$size(super::LARGE)) }
            )*
        }
    };
}

fn bytes(n: usize) -> usize {
    n
}

/// 100 000 commas in the 1 MiB case, proportionally fewer in the small one.
fn comma_count(n: usize) -> usize {
    n * 100_000 / LARGE
}

sized! {
    one_word_repeated(bytes);
    a_list_of_one_term(bytes);
    a_negated_list(bytes);
    no_separators_latin(bytes);
    no_separators_cjk(bytes);
    commas(comma_count);
    nested_brackets(bytes);
    rtl_and_combining_marks(bytes);
    emoji(bytes);
    mixed_scripts(bytes);
    explain_unrecognized(bytes);
    cues_people_and_red_flags(bytes);
}
