//! Benchmarks (divan) of [`yongquan::wordlist`]: `cargo bench --bench
//! wordlist`. Results, with dates and commands, are kept in
//! `bench/RESULTS.md`.
//!
//! - `lookups`: 10 000 look-ups of a mix of listed words, misspellings of
//!   symptom words and their corrections, as the fuzzy matcher would ask.
//! - `first_lookup`: one look-up, the first a process makes (there is no
//!   one-time set-up: this is the same as any other).

use divan::counter::ItemsCount;
use divan::Bencher;
use yongquan::wordlist::is_english_word;

fn main() {
    divan::main();
}

/// Words, misspellings and issue 11's real words, about half of them listed.
const MIX: &[&str] = &[
    "comma",
    "fewer",
    "insignia",
    "feinted",
    "sweets",
    "insomina",
    "tinitus",
    "diarhea",
    "dizzyness",
    "nausia",
    "headake",
    "palpitaions",
    "fatige",
    "feaver",
    "swetting",
    "running",
    "tired",
    "nigth",
    "cant",
    "colour",
    "diarrhoea",
    "throat",
    "xylophones",
    "aardvark",
    "zzzz",
];

const LOOKUPS: usize = 10_000;

#[divan::bench]
fn lookups(bencher: Bencher) {
    let words: Vec<&str> = MIX.iter().copied().cycle().take(LOOKUPS).collect();
    bencher.counter(ItemsCount::new(LOOKUPS)).bench(|| {
        words
            .iter()
            .filter(|w| is_english_word(divan::black_box(w)))
            .count()
    });
}

#[divan::bench]
fn first_lookup() -> bool {
    is_english_word(divan::black_box("insignia"))
}
