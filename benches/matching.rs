//! Benchmarks (divan): `cargo bench --bench matching` (add a filter such as
//! `-- index` to run one group). Results, with dates and commands, are kept in
//! `bench/RESULTS.md`; the whole-process comparison with rapidfuzz is
//! `bash bench/compare/run.sh`.
//!
//! - `rules`: loading and validating the built-in rules (start-up cost).
//! - `typical`: one analysis of each of 20 typical descriptions.
//! - `index`: `FuzzyIndex` lookups of typo'd terms in generated lexicons of
//!   300, 10 000 and 100 000 terms, against scoring every term with strsim.
//! - `scale`: whole analyses of typo'd descriptions with the built-in rules
//!   plus 300, 10 000 or 100 000 generated terms.
//! - `batch`: 100 000 descriptions analysed and rendered to JSON on all cores,
//!   as `match --batch` does.

#[path = "../tests/shared/gen.rs"]
mod gen;

use divan::counter::ItemsCount;
use divan::Bencher;
use rayon::prelude::*;
use yongquan::index::FuzzyIndex;
use yongquan::report::{self, View};
use yongquan::{LoadOptions, Matcher, RuleSource};

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [300, 10_000, 100_000];

/// Twenty descriptions as users write them: card examples, typos, lay
/// wording, negations, case-note shorthand, Chinese (both scripts), mixed.
const TYPICAL: &[&str] = &[
    "insomnia, night sweats",
    "headache, tinnitus, high blood pressure",
    "chronic sore throat, dry mouth, low back pain",
    "passed out, cold limbs",
    "insomina, nigth sweats, palpitaions",
    "I can't sleep and I wake up drenched in sweat, my heart races",
    "my ears have been ringing for weeks, pounding headaches, high blood pressure",
    "dizziness and a red face, but no headache",
    "no fever, no chills; hot flushes in the afternoon and hot palms and soles",
    "T: red, little coating. P: thin, rapid. Insomnia, forgetful, sore knees",
    "she fainted after standing up, her hands and feet were icy cold",
    "child with high fever and convulsions",
    "constant thirst, dry throat at night, constipation",
    "irritable, bitter taste in the mouth, red eyes, headache on the sides",
    "失眠，盜汗，心悸",
    "失眠，盗汗，心悸",
    "头痛，耳鸣，血压高",
    "咽喉肿痛，口干，腰痛",
    "昏厥，四肢冰冷",
    "poor sleep 失眠 and night sweats, 手足心热",
];

/// The built-in rules plus a file of `extra` generated terms (none for 0).
fn matcher_with(extra: usize) -> Matcher {
    let mut sources = RuleSource::builtin();
    if extra > 0 {
        sources.push(RuleSource {
            name: "generated.ron".into(),
            text: gen::rules_ron(&gen::terms(extra, 1), 10),
        });
    }
    Matcher::load(&sources, LoadOptions::default()).expect("generated rules load")
}

/// Every Latin term of `m`'s lexicon, for generating queries.
fn lexicon_terms(m: &Matcher) -> Vec<String> {
    let lexicon = m.lexicon();
    lexicon
        .terms()
        .iter()
        .map(|t| lexicon.text(t))
        .filter(|text| text.is_ascii() && !text.contains("..."))
        .map(str::to_string)
        .collect()
}

#[divan::bench]
fn rules() -> Matcher {
    Matcher::builtin().expect("built-in rules load")
}

#[divan::bench(args = TYPICAL)]
fn typical(bencher: Bencher, text: &str) {
    let m = Matcher::builtin().expect("built-in rules load");
    bencher.bench_local(|| m.analyze(divan::black_box(text)).ok());
}

mod index {
    use super::*;

    /// 1 000 queries: 70 % plausible typos of terms, 30 % exact terms.
    fn typo_queries(terms: &[String]) -> Vec<String> {
        let mut rng = gen::Rng::new(9);
        (0..1_000)
            .map(|_| {
                let t = &terms[rng.below(terms.len())];
                if rng.chance(70) {
                    gen::plausible_typo(&mut rng, t)
                } else {
                    t.clone()
                }
            })
            .collect()
    }

    fn build(terms: &[String]) -> FuzzyIndex {
        FuzzyIndex::build(
            terms
                .iter()
                .enumerate()
                .map(|(i, t)| (i as u32, t.as_str())),
        )
    }

    /// One lookup per query with max_edits 2; time per query.
    #[divan::bench(args = SIZES)]
    fn lookup(bencher: Bencher, n: usize) {
        let terms = gen::terms(n, 1);
        let index = build(&terms);
        let queries = typo_queries(&terms);
        let mut out = Vec::new();
        bencher
            .counter(ItemsCount::new(queries.len()))
            .bench_local(|| {
                for q in &queries {
                    out.clear();
                    index.lookup(q, 2, &mut out);
                }
                out.len()
            });
    }

    /// The first 100 of those queries scored against every term with strsim
    /// (the cost the index avoids); 100 000 terms is left out (seconds per run).
    #[divan::bench(args = [300, 10_000], sample_count = 10)]
    fn exhaustive(bencher: Bencher, n: usize) {
        let terms = gen::terms(n, 1);
        let mut queries = typo_queries(&terms);
        queries.truncate(100);
        bencher
            .counter(ItemsCount::new(queries.len()))
            .bench_local(|| {
                let mut hits = 0;
                for q in &queries {
                    hits += terms
                        .iter()
                        .filter(|t| strsim::damerau_levenshtein(q, t) <= 2)
                        .count();
                }
                hits
            });
    }

    #[divan::bench(args = SIZES, sample_count = 10)]
    fn build_index(bencher: Bencher, n: usize) {
        let terms = gen::terms(n, 1);
        bencher.bench_local(|| build(&terms).len());
    }
}

/// Whole analyses of 200 typo'd descriptions drawn from the lexicon, with
/// the built-in rules plus `n` generated terms; time per description.
#[divan::bench(args = SIZES, sample_count = 20)]
fn scale(bencher: Bencher, n: usize) {
    let m = matcher_with(n);
    let lines = gen::queries(&lexicon_terms(&m), 200, 7);
    bencher
        .counter(ItemsCount::new(lines.len()))
        .bench_local(|| {
            lines
                .iter()
                .filter(|l| m.analyze(l).is_ok_and(|a| !a.findings.is_empty()))
                .count()
        });
}

/// 100 000 typo'd descriptions over the built-in rules, analysed and rendered
/// as compact JSON in parallel, order kept (the work of `match --batch`,
/// without the I/O).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn batch(bencher: Bencher) {
    let m = matcher_with(0);
    let lines = gen::queries(&lexicon_terms(&m), 100_000, 7);
    let view = View::default();
    bencher
        .counter(ItemsCount::new(lines.len()))
        .bench_local(|| {
            lines
                .par_chunks(1024)
                .map(|chunk| {
                    chunk
                        .iter()
                        .map(|l| match m.analyze(l) {
                            Ok(a) => serde_json::to_string(&report::json(&m, &a, view))
                                .map_or(0, |s| s.len()),
                            Err(_) => 0,
                        })
                        .sum::<usize>()
                })
                .sum::<usize>()
        });
}
