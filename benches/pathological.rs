//! Pathological input (divan): `cargo bench --bench pathological`.
//!
//! Every case is analysed at 256 KiB and at 1 MiB (the input limit); linear
//! time means the 1 MiB median is about 4× the 256 KiB one. The inputs are
//! those of `tests/pathological.rs`: one word repeated, a list of one term,
//! a negated list, no separators (Latin, CJK), nothing but commas, deeply nested
//! brackets, right-to-left text and combining marks, emoji, mixed scripts.
//! `explain_unrecognized` measures `explain` of unrecognised phrases, whose
//! nearest-term hints compare words with every lexicon term.

use divan::counter::BytesCount;
use divan::Bencher;
use std::sync::OnceLock;
use yongquan::report::{self, View};
use yongquan::Matcher;

fn main() {
    divan::main();
}

const SIZES: [usize; 2] = [256 << 10, 1 << 20];

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| Matcher::builtin().expect("the built-in rules load"))
}

/// `unit` repeated to at most `bytes` bytes (whole units only).
fn repeat(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

fn analyze(b: Bencher, text: String) {
    let m = matcher();
    b.counter(BytesCount::of_str(&text))
        .bench(|| m.analyze(divan::black_box(&text)).expect("analysed"));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn one_word_repeated(b: Bencher, n: usize) {
    analyze(b, repeat("insomnia ", n));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn a_list_of_one_term(b: Bencher, n: usize) {
    analyze(b, repeat("headache, ", n));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn cues_people_and_red_flags(b: Bencher, n: usize) {
    analyze(
        b,
        repeat("no history of fainting if my mum she fainted ", n),
    );
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn a_negated_list(b: Bencher, n: usize) {
    analyze(b, format!("no {}", repeat("headache, dizziness, ", n - 3)));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn no_separators_latin(b: Bencher, n: usize) {
    analyze(b, repeat("insomnianightsweats", n));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn no_separators_cjk(b: Bencher, n: usize) {
    analyze(b, repeat("失眠盜汗耳鳴", n));
}

/// Nothing but commas between two terms (over a million at 1 MiB).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn commas(b: Bencher, n: usize) {
    let commas = n - "insomnianight sweats".len();
    analyze(b, format!("insomnia{}night sweats", ",".repeat(commas)));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn nested_brackets(b: Bencher, n: usize) {
    let depth = (n - "headache".len()) / 2;
    analyze(
        b,
        format!("{}headache{}", "(".repeat(depth), ")".repeat(depth)),
    );
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn rtl_and_combining_marks(b: Bencher, n: usize) {
    analyze(
        b,
        repeat(
            "\u{202e}שלום עולם مرحبا\u{200f} \u{2067}insomnia\u{2069}, cafe\u{301}\u{308} ",
            n,
        ),
    );
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn stacked_combining_marks(b: Bencher, n: usize) {
    analyze(
        b,
        format!("a{}", "\u{301}\u{308}\u{20dd}".repeat((n - 1) / 7)),
    );
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn emoji(b: Bencher, n: usize) {
    analyze(
        b,
        repeat("👩\u{200d}👩\u{200d}👧\u{200d}👦🏽 insomnia 🤒 😀😀 ", n),
    );
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn mixed_scripts(b: Bencher, n: usize) {
    analyze(
        b,
        repeat(
            "insomnia失眠 мигрень مرحبا night sweats盗汗 😀 ｔｉｎｎｉｔｕｓ 耳鳴 cafe\u{301}; ",
            n,
        ),
    );
}

/// The whole `match --format json` path for the largest output: a list of
/// one term (every word a finding).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn a_list_of_one_term_to_json(b: Bencher, n: usize) {
    let m = matcher();
    let text = repeat("headache, ", n);
    b.counter(BytesCount::of_str(&text)).bench(|| {
        let a = m.analyze(divan::black_box(&text)).expect("analysed");
        serde_json::to_string(&report::json(m, &a, View::default())).expect("serialised")
    });
}

/// `explain` of unrecognised phrases, with their nearest-term hints.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn explain_unrecognized(b: Bencher, n: usize) {
    let m = matcher();
    let text = repeat("qwerty asdfg, ", n);
    let view = View {
        top: usize::MAX,
        ..View::default()
    };
    b.counter(BytesCount::of_str(&text)).bench(|| {
        let a = m.analyze(divan::black_box(&text)).expect("analysed");
        report::explain(m, &a, view, None)
    });
}
