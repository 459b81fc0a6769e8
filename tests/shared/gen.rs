//! Deterministic lexicons and typo'd queries for yongquan's benchmarks and tests.
//!
//! Pure functions of a seed, no I/O and no dependencies: the `yongquan-bench-gen`
//! binary (`bench/gen/src/main.rs`) writes their output to files, and
//! `benches/matching.rs`, `benches/large_rules.rs` and the integration
//! tests (`tests/tests.rs`, for `index` and `large_rules`) include this file
//! with `#[path]`, so all of them see the same data for the same seed. It lives
//! under `tests/` because the published package carries that folder and
//! leaves out `bench/gen`, a crate of its own.
//!
//! Terms are made of pronounceable pseudo-words (consonant–vowel syllables),
//! lower-case ASCII, one to three words, each word ending in `a`, `o` or `u`
//! (so the lexicon's stemmer leaves it alone), and unique. Typos never touch a word's first letter or
//! a word of four letters or fewer, as a typo the lexicon's fuzzy matching
//! accepts.

#![allow(dead_code)]

use std::collections::HashSet;

/// A small deterministic PRNG (SplitMix64): the same seed gives the same data
/// on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "t", "v", "z", "br", "kr", "tr", "pl", "gl",
    "dr", "sh", "ch", "th",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "a", "e", "i", "o", "u", "ai", "ou"];
const CODAS: &[&str] = &["", "", "", "", "", "n", "r", "l", "m", "k", "t"];
/// A word ends in one of these: no English (Snowball) stemming rule removes a
/// suffix ending in `a`, `o` or `u`, so every word is its own stem and two
/// generated terms never read the same to the lexicon.
const FINAL_VOWELS: &[&str] = &["a", "o", "u", "a", "o", "u", "ou"];

/// One pseudo-word of `syllables` syllables, ending in a vowel.
pub fn word(rng: &mut Rng, syllables: usize) -> String {
    let mut w = String::new();
    for s in 0..syllables {
        w.push_str(rng.pick(ONSETS));
        if s + 1 == syllables {
            w.push_str(rng.pick(FINAL_VOWELS));
        } else {
            w.push_str(rng.pick(VOWELS));
            w.push_str(rng.pick(CODAS));
        }
    }
    w
}

/// `n` distinct terms of one (40 %), two (45 %) or three pseudo-words; a
/// one-word term has 3 syllables (so it is unlikely to be an English word),
/// the words of longer terms have 2.
pub fn terms(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut seen = HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let words = match rng.below(100) {
            0..=39 => 1,
            40..=84 => 2,
            _ => 3,
        };
        let syllables = if words == 1 { 3 } else { 2 };
        let t: Vec<String> = (0..words).map(|_| word(&mut rng, syllables)).collect();
        let t = t.join(" ");
        if seen.insert(t.clone()) {
            out.push(t);
        }
    }
    out
}

/// Char positions of `chars` a typo may touch: not a word's first letter,
/// only inside words of five letters or more, never a space.
fn editable(chars: &[char]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in 0..=chars.len() {
        if end == chars.len() || chars[end] == ' ' {
            if end - start >= 5 {
                out.extend(start + 1..end);
            }
            start = end + 1;
        }
    }
    out
}

/// `text` with up to `edits` random typos (substitution, insertion,
/// deletion or transposition of neighbours), as [`editable`] allows.
/// The result may be closer than `edits` (an edit can undo another).
pub fn typo(rng: &mut Rng, text: &str, edits: usize) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..edits {
        let at = editable(&chars);
        if at.is_empty() {
            break;
        }
        let i = rng.pick(&at);
        let letter = (b'a' + rng.below(26) as u8) as char;
        match rng.below(4) {
            0 => chars[i] = letter,
            1 => chars.insert(i, letter),
            2 => {
                chars.remove(i);
            }
            _ => {
                if i + 1 < chars.len() && chars[i + 1] != ' ' {
                    chars.swap(i, i + 1);
                } else {
                    chars[i] = letter;
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// A typo the lexicon accepts: one edit, two for terms of eight chars or more;
/// non-ASCII terms (Chinese) are returned as they are.
pub fn plausible_typo(rng: &mut Rng, term: &str) -> String {
    if !term.is_ascii() {
        return term.to_string();
    }
    let edits = if term.chars().count() >= 8 { 2 } else { 1 };
    typo(rng, term, edits)
}

const LEAD_INS: &[&str] = &[
    "",
    "",
    "",
    "",
    "i have ",
    "some ",
    "bad ",
    "my ",
    "constant ",
    "mild ",
    "no ",
    "a lot of ",
];
const JOINS: &[&str] = &[", ", ", ", "; ", " and ", ", also "];

/// `lines` descriptions, each of two to four phrases made from `terms`:
/// 70 % of the terms with a plausible typo, some with a lead-in word
/// ("no", "my", "constant" …), joined by commas, semicolons and "and".
pub fn queries(terms: &[String], lines: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    (0..lines)
        .map(|_| {
            let phrases = 2 + rng.below(3);
            let mut line = String::new();
            for p in 0..phrases {
                if p > 0 {
                    line.push_str(rng.pick(JOINS));
                }
                line.push_str(rng.pick(LEAD_INS));
                let term = &terms[rng.below(terms.len())];
                if rng.chance(70) {
                    line.push_str(&plausible_typo(&mut rng, term));
                } else {
                    line.push_str(term);
                }
            }
            line
        })
        .collect()
}

/// A RON rule file for `yongquan --rules DIR`: `terms` grouped into symptoms
/// of `per_symptom` terms (`gen-000001` …), used by rules of at most 50
/// symptoms each (`generated-0001` …, every symptom `Supporting`, so one
/// finding reaches the default minimum score), all citing one source. Every id is
/// kebab-case and unique, and so is every term.
pub fn rules_ron(terms: &[String], per_symptom: usize) -> String {
    use std::fmt::Write;
    let per_symptom = per_symptom.max(1);
    let symptoms = terms.len().div_ceil(per_symptom);
    let mut out = String::new();
    let _ = writeln!(out, "#![enable(implicit_some)]");
    let _ = writeln!(
        out,
        "// Generated by bench/gen ({} terms, {per_symptom} per symptom): benchmark data, not medicine.",
        terms.len()
    );
    out.push_str("(\n    sources: {\n");
    out.push_str(
        "        \"generated-bench\": (title: \"Generated benchmark lexicon\", url: \"bench/gen\", grade: \"C\"),\n",
    );
    out.push_str("    },\n    symptoms: [\n");
    for (s, chunk) in terms.chunks(per_symptom).enumerate() {
        let list: Vec<String> = chunk.iter().map(|t| format!("\"{t}\"")).collect();
        let _ = writeln!(
            out,
            "        (id: \"gen-{:06}\", name: \"Generated {}\", zh: \"生成{}\", terms: [{}], sources: [\"generated-bench\"]),",
            s + 1,
            s + 1,
            s + 1,
            list.join(", ")
        );
    }
    out.push_str("    ],\n    rules: [\n");
    for r in 0..symptoms.div_ceil(50) {
        let list: Vec<String> = (r * 50..((r + 1) * 50).min(symptoms))
            .map(|s| format!("\"gen-{:06}\": Supporting", s + 1))
            .collect();
        let _ = writeln!(
            out,
            "        (id: \"generated-{:04}\", pattern: (en: \"Generated pattern {}\", zh: \"生成{}\"), function: \"benchmark\", symptoms: {{{}}}, sources: [\"generated-bench\"]),",
            r + 1,
            r + 1,
            r + 1,
            list.join(", ")
        );
    }
    out.push_str("    ],\n)\n");
    out
}
