//! `FuzzyIndex` returns exactly what comparing the query with every term
//! returns, on a generated lexicon of 5 000 terms (`tests/shared/gen.rs`) and typo'd
//! queries: the index filters, it never decides.

use crate::gen;

use yongquan::index::{FuzzyIndex, MAX_EDITS};

/// Every `(id, distance)` within `max_edits`, by brute force, in id order.
fn exhaustive(terms: &[String], query: &str, max_edits: usize) -> Vec<(u32, usize)> {
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| (i as u32, strsim::damerau_levenshtein(query, t)))
        .filter(|&(_, d)| d <= max_edits)
        .collect()
}

fn lookup(index: &FuzzyIndex, query: &str, max_edits: usize) -> Vec<(u32, usize)> {
    let mut out = Vec::new();
    index.lookup(query, max_edits, &mut out);
    out
}

/// Queries near the lexicon: terms with 0 to 3 unconstrained edits, typos
/// the lexicon would accept, prefixes and suffixes, two terms run together,
/// and a few non-ASCII and degenerate strings.
fn queries(terms: &[String], n: usize) -> Vec<String> {
    let mut rng = gen::Rng::new(42);
    let mut out = vec![
        String::new(),
        "a".into(),
        "zz".into(),
        "über schmerz".into(),
        "失眠".into(),
    ];
    while out.len() < n {
        let t = &terms[rng.below(terms.len())];
        let chars: Vec<char> = t.chars().collect();
        let q = match rng.below(6) {
            0 => t.clone(),
            1 => gen::plausible_typo(&mut rng, t),
            2 => {
                let edits = 1 + rng.below(3);
                unconstrained_typo(&mut rng, t, edits)
            }
            3 => chars[..chars.len() - rng.below(3).min(chars.len())]
                .iter()
                .collect(),
            4 => chars[rng.below(3).min(chars.len())..].iter().collect(),
            _ => {
                let u = &terms[rng.below(terms.len())];
                let edits = rng.below(2);
                unconstrained_typo(&mut rng, &format!("{t}{u}"), edits)
            }
        };
        out.push(q);
    }
    out
}

/// Edits anywhere, including first letters, spaces and non-ASCII letters.
fn unconstrained_typo(rng: &mut gen::Rng, text: &str, edits: usize) -> String {
    const LETTERS: &[char] = &['a', 'e', 'k', 'r', 't', ' ', 'é', 'ü'];
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..edits {
        if chars.is_empty() {
            chars.push(rng.pick(LETTERS));
            continue;
        }
        let i = rng.below(chars.len());
        match rng.below(4) {
            0 => chars[i] = rng.pick(LETTERS),
            1 => chars.insert(i, rng.pick(LETTERS)),
            2 => {
                chars.remove(i);
            }
            _ if i + 1 < chars.len() => chars.swap(i, i + 1),
            _ => chars[i] = rng.pick(LETTERS),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn lookup_equals_exhaustive_strsim_on_5000_generated_terms() {
    use rayon::prelude::*;
    let terms = gen::terms(5_000, 1);
    let index = FuzzyIndex::build(
        terms
            .iter()
            .enumerate()
            .map(|(i, t)| (i as u32, t.as_str())),
    );
    // One strsim distance per (query, term), shared by both thresholds; the
    // queries run in parallel because brute force is slow in a debug build.
    let found: Vec<Vec<usize>> = queries(&terms, 200)
        .par_iter()
        .map(|q| {
            let all = exhaustive(&terms, q, MAX_EDITS);
            (0..=MAX_EDITS)
                .map(|k| {
                    let want: Vec<_> = all.iter().copied().filter(|&(_, d)| d <= k).collect();
                    assert_eq!(lookup(&index, q, k), want, "query {q:?}, max_edits {k}");
                    want.len()
                })
                .collect()
        })
        .collect();
    // The queries reach terms at both distances, so the equality above is
    // not vacuous.
    let at = |k: usize| found.iter().map(|f| f[k]).sum::<usize>();
    assert!(at(1) > 50 && at(2) > at(1), "{} {}", at(1), at(2));
}

#[test]
fn short_terms_and_shared_prefixes() {
    // Many terms sharing their indexed prefix, and terms shorter than the
    // number of edits: the filter must still pass every true match.
    let mut terms: Vec<String> = (0..300).map(|i| format!("pain in the knee {i}")).collect();
    terms.extend(["a", "ab", "ba", "abc", "x", ""].map(String::from));
    let index = FuzzyIndex::build(
        terms
            .iter()
            .enumerate()
            .map(|(i, t)| (i as u32, t.as_str())),
    );
    for q in [
        "pain in the knee 17",
        "pian in the knee 17",
        "pain in the knee 1",
        "pain in teh knee 2777",
        "",
        "b",
        "ab",
        "bca",
    ] {
        for k in 1..=MAX_EDITS {
            assert_eq!(
                lookup(&index, q, k),
                exhaustive(&terms, q, k),
                "{q:?} k={k}"
            );
        }
    }
}
