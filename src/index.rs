//! A sub-linear fuzzy candidate index: every term within a Damerau–Levenshtein
//! distance of 1 or 2 of a query, without comparing the query with every term.
//!
//! # How it works
//!
//! A symmetric deletion index, as in SymSpell. If the (unrestricted)
//! Damerau–Levenshtein distance between `q` and `t` is at most `k`, then `q`
//! and `t` share a common subsequence reached by deleting at most `k` chars
//! from each: an insertion or deletion drops one char on one side, a
//! substitution one on each side, and a transposition `ab`/`ba` also one on
//! each side (keep `a`, drop `b` on both). So the index stores, for every
//! term, a hash of every string obtained by deleting up to [`MAX_EDITS`] of
//! its chars; a lookup hashes the query's own deletions, collects the terms
//! sharing one, and scores only those few candidates with
//! [`strsim::damerau_levenshtein`]. The filter never drops a true match (hash
//! collisions only add candidates, which scoring rejects), so the result is
//! exactly what exhaustive comparison returns; `tests/index.rs` checks that on
//! a generated lexicon.
//!
//! # Cost
//!
//! A term of `n` chars has at most `1 + n + n(n−1)/2` deletion variants, so
//! only the first [`PREFIX_CHARS`] chars of a term (and of a query) are
//! indexed: that still finds every match (a prefix keeps the common
//! subsequence of the alignment, see [`FuzzyIndex::lookup`]) and bounds the
//! index at 56 entries of 8 bytes per term. A lookup hashes at most 56
//! variants (O(1) each, with prefix hashes), probes one bucket per variant,
//! and scores the candidates: its cost depends on the query and on how many
//! terms share a prefix within `k` edits, not on the size of the lexicon.
//!
//! Distances are counted in `char`s, like strsim; the index knows nothing of
//! words, case or normalisation: give it normalised text.

use std::ops::Range;

/// The largest `max_edits` [`FuzzyIndex::lookup`] accepts.
pub const MAX_EDITS: usize = 2;

/// Chars of a term (and of a query) whose deletion variants are indexed.
///
/// Longer prefixes mean fewer candidates to score but more entries per term
/// (`1 + p + p(p−1)/2` with two deletions); 10 was measured as the best
/// trade-off on generated lexicons of 300 to 100 000 terms (`bench/RESULTS.md`).
pub const PREFIX_CHARS: usize = 10;

/// Multiplier of the polynomial string hash (odd, so invertible mod 2⁶⁴).
const BASE: u64 = 0x100_0000_01b3;

/// One index entry: a variant's hash fingerprint and the term it came from.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The low 32 bits of the variant's hash (its high bits chose the bucket).
    fingerprint: u32,
    /// Dense term index << 2 | number of chars deleted (0 to 2).
    term_dels: u32,
}

/// A deletion index over a fixed set of terms; see the [module docs](self).
///
/// Built once with [`FuzzyIndex::build`]; [`FuzzyIndex::lookup`] takes `&self`
/// and can run on many threads at once.
#[derive(Debug, Clone, Default)]
pub struct FuzzyIndex {
    /// Dense index → the caller's term id.
    ids: Vec<u32>,
    /// Every term's text, concatenated.
    text: String,
    /// Dense index `i` → `text[bounds[i]..bounds[i + 1]]`.
    bounds: Vec<u32>,
    /// Bucket `b` → `entries[offsets[b]..offsets[b + 1]]`; `2^bits + 1` values.
    offsets: Vec<u32>,
    entries: Vec<Entry>,
    /// Number of hash bits that choose a bucket.
    bits: u32,
}

impl FuzzyIndex {
    /// Builds the index over `terms`: (term id, normalised term text).
    ///
    /// Ids are returned as given by [`lookup`](Self::lookup); they need not be
    /// dense or unique. Memory: about 8 bytes per deletion variant (at most
    /// 56 per term) plus the text, e.g. ~0.6 MB for 2 000 terms.
    ///
    /// # Panics
    /// With 2³⁰ terms or more, or more than 4 GiB of term text.
    pub fn build<'a>(terms: impl IntoIterator<Item = (u32, &'a str)>) -> FuzzyIndex {
        let mut index = FuzzyIndex {
            bounds: vec![0],
            ..FuzzyIndex::default()
        };
        for (id, text) in terms {
            index.ids.push(id);
            index.text.push_str(text);
            let end = u32::try_from(index.text.len()).expect("term text under 4 GiB");
            index.bounds.push(end);
        }
        assert!(index.ids.len() < 1 << 30, "at most 2^30 terms");

        // Each term's distinct variants, in one flat list.
        let mut variants: Vec<(u64, u32)> = Vec::new();
        let mut scratch = Variants::default();
        let mut mine: Vec<(u64, u32)> = Vec::new();
        for dense in 0..index.ids.len() {
            scratch.fill(index.term(dense), MAX_EDITS);
            mine.clear();
            mine.extend(
                scratch
                    .hashes
                    .iter()
                    .map(|&(h, dels)| (h, (dense as u32) << 2 | dels as u32)),
            );
            mine.sort_unstable();
            mine.dedup();
            variants.extend_from_slice(&mine);
        }

        // Counting sort into 2^bits buckets of about 4 entries: a bucket is a
        // short contiguous run, so a probe is one or two cache lines.
        let bits = (variants.len() / 4)
            .max(1)
            .next_power_of_two()
            .trailing_zeros();
        let bucket = |h: u64| {
            if bits == 0 {
                0
            } else {
                (h >> (64 - bits)) as usize
            }
        };
        let mut offsets = vec![0u32; (1usize << bits) + 1];
        for &(h, _) in &variants {
            offsets[bucket(h) + 1] += 1;
        }
        for b in 1..offsets.len() {
            offsets[b] += offsets[b - 1];
        }
        let mut fill = offsets.clone();
        let mut entries = vec![
            Entry {
                fingerprint: 0,
                term_dels: 0
            };
            variants.len()
        ];
        for &(h, term_dels) in &variants {
            let b = bucket(h);
            entries[fill[b] as usize] = Entry {
                fingerprint: h as u32,
                term_dels,
            };
            fill[b] += 1;
        }
        index.offsets = offsets;
        index.entries = entries;
        index.bits = bits;
        index
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when built over no term.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Approximate heap size of the index in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.ids.capacity() * 4
            + self.text.capacity()
            + self.bounds.capacity() * 4
            + self.offsets.capacity() * 4
            + self.entries.capacity() * std::mem::size_of::<Entry>()
    }

    fn term(&self, dense: usize) -> &str {
        &self.text[self.bounds[dense] as usize..self.bounds[dense + 1] as usize]
    }

    fn bucket(&self, h: u64) -> Range<usize> {
        let b = if self.bits == 0 {
            0
        } else {
            (h >> (64 - self.bits)) as usize
        };
        self.offsets[b] as usize..self.offsets[b + 1] as usize
    }

    /// Appends to `out` every `(term id, distance)` whose Damerau–Levenshtein
    /// distance ([`strsim::damerau_levenshtein`], in chars) to `query` is at
    /// most `max_edits`, in build order. Exact matches (distance 0) are
    /// included. `out` is not cleared.
    ///
    /// Why prefixes suffice: take an alignment of `query` and a term within
    /// `k` edits and the common subsequence it keeps (at most `k` chars dropped
    /// on each side). Cut both strings to their first `p` chars: the kept
    /// pairs inside both prefixes are still a common subsequence, and each
    /// prefix drops at most `k` chars to reach it. So the prefixes share a
    /// deletion variant, and the candidate is found.
    ///
    /// # Panics
    /// If `max_edits` > [`MAX_EDITS`].
    pub fn lookup(&self, query: &str, max_edits: usize, out: &mut Vec<(u32, usize)>) {
        assert!(
            max_edits <= MAX_EDITS,
            "FuzzyIndex::lookup: max_edits {max_edits} > {MAX_EDITS}"
        );
        if self.ids.is_empty() {
            return;
        }
        let mut scratch = Variants::default();
        scratch.fill(query, max_edits);
        let query_chars = scratch.chars.len();
        let mut candidates: Vec<u32> = Vec::new();
        for &(h, _) in &scratch.hashes {
            let fingerprint = h as u32;
            for e in &self.entries[self.bucket(h)] {
                if e.fingerprint == fingerprint && (e.term_dels & 3) as usize <= max_edits {
                    candidates.push(e.term_dels >> 2);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for dense in candidates {
            let term = self.term(dense as usize);
            // Each edit changes the length by at most one char: a cheap
            // necessary condition before the O(n·m) distance.
            let term_chars = term.chars().count();
            if term_chars.abs_diff(query_chars) > max_edits {
                continue;
            }
            let d = strsim::damerau_levenshtein(query, term);
            if d <= max_edits {
                out.push((self.ids[dense as usize], d));
            }
        }
    }
}

/// The hashed deletion variants of one string's prefix.
#[derive(Debug, Default)]
struct Variants {
    /// The whole string's chars (the prefix is the first [`PREFIX_CHARS`]).
    chars: Vec<char>,
    /// `prefix[i]` = hash of the first `i` chars.
    prefix: Vec<u64>,
    /// `pow[i]` = BASE^i.
    pow: Vec<u64>,
    /// (hash, chars deleted) of every variant, duplicates included.
    hashes: Vec<(u64, u8)>,
}

impl Variants {
    /// Hashes every string made by deleting up to `max_dels` chars from the
    /// first [`PREFIX_CHARS`] chars of `s`.
    fn fill(&mut self, s: &str, max_dels: usize) {
        self.chars.clear();
        self.chars.extend(s.chars());
        let n = self.chars.len().min(PREFIX_CHARS);
        self.prefix.clear();
        self.pow.clear();
        self.prefix.push(0);
        self.pow.push(1);
        for i in 0..n {
            let c = u64::from(self.chars[i]) + 1;
            self.prefix
                .push(self.prefix[i].wrapping_mul(BASE).wrapping_add(c));
            self.pow.push(self.pow[i].wrapping_mul(BASE));
        }
        let (p, pw) = (&self.prefix, &self.pow);
        // Hash of chars a..b.
        let sub = |a: usize, b: usize| p[b].wrapping_sub(p[a].wrapping_mul(pw[b - a]));
        // Hash of x ++ y given hash(y) and |y|.
        let cat = |x: u64, y: u64, y_len: usize| x.wrapping_mul(pw[y_len]).wrapping_add(y);
        self.hashes.clear();
        self.hashes.push((finish(p[n], n), 0));
        if max_dels >= 1 {
            for i in 0..n {
                let h = cat(p[i], sub(i + 1, n), n - i - 1);
                self.hashes.push((finish(h, n - 1), 1));
            }
        }
        if max_dels >= 2 {
            for i in 0..n {
                for j in i + 1..n {
                    let mid = cat(p[i], sub(i + 1, j), j - i - 1);
                    let h = cat(mid, sub(j + 1, n), n - j - 1);
                    self.hashes.push((finish(h, n - 2), 2));
                }
            }
        }
    }
}

/// Mixes a polynomial hash and its length into well-spread bits (the high
/// bits pick the bucket, the low 32 are the fingerprint).
fn finish(h: u64, len: usize) -> u64 {
    let mut z = h ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exhaustive(terms: &[(u32, &str)], q: &str, k: usize) -> Vec<(u32, usize)> {
        terms
            .iter()
            .map(|&(id, t)| (id, strsim::damerau_levenshtein(q, t)))
            .filter(|&(_, d)| d <= k)
            .collect()
    }

    fn lookup(index: &FuzzyIndex, q: &str, k: usize) -> Vec<(u32, usize)> {
        let mut out = Vec::new();
        index.lookup(q, k, &mut out);
        out
    }

    const TERMS: &[(u32, &str)] = &[
        (10, "insomnia"),
        (11, "night sweats"),
        (12, "tinnitus"),
        (13, "palpitations"),
        (14, "headache"),
        (15, "dizziness"),
        (16, "dry mouth"),
        (17, "low back pain"),
        (18, "cold limbs"),
        (19, "ab"),
        (20, "über"),
    ];

    #[test]
    fn each_kind_of_edit_is_found() {
        let index = FuzzyIndex::build(TERMS.iter().copied());
        for (q, k, want) in [
            ("insomnia", 0, vec![(10, 0)]),
            ("insomina", 1, vec![(10, 1)]),     // transposition
            ("insomnai", 1, vec![(10, 1)]),     // transposition at the end
            ("nisomnia", 1, vec![(10, 1)]),     // transposition at the start
            ("insommia", 1, vec![(10, 1)]),     // substitution
            ("insomia", 1, vec![(10, 1)]),      // deletion
            ("inssomnia", 1, vec![(10, 1)]),    // insertion
            ("nigth sweat", 2, vec![(11, 2)]),  // transposition + deletion
            ("palpitaions", 1, vec![(13, 1)]),  // deletion past the prefix
            ("palpitatoins", 1, vec![(13, 1)]), // transposition past the prefix
            ("tinitus", 1, vec![(12, 1)]),      // deletion
            ("low bak pian", 2, vec![(17, 2)]), // two edits apart
            ("ba", 2, vec![(19, 1)]),           // a short term, both within reach
            ("uber", 1, vec![(20, 1)]),         // chars, not bytes
            ("headache", 2, vec![(14, 0)]),     // exact, larger k
            ("hedaache", 0, vec![]),            // k = 0 wants the exact term
            ("xyzzy", 2, vec![]),               // nothing near
        ] {
            assert_eq!(lookup(&index, q, k), want, "{q} k={k}");
            assert_eq!(lookup(&index, q, k), exhaustive(TERMS, q, k), "{q} k={k}");
        }
    }

    #[test]
    fn unrestricted_damerau_levenshtein_is_matched() {
        // "ca" → "abc" is 2 with an edit between the transposed chars (3 as
        // optimal string alignment): strsim's distance is the unrestricted one.
        let terms = [(1, "abc"), (2, "ca")];
        let index = FuzzyIndex::build(terms);
        assert_eq!(strsim::damerau_levenshtein("ca", "abc"), 2);
        assert_eq!(lookup(&index, "ca", 2), vec![(1, 2), (2, 0)]);
        assert_eq!(lookup(&index, "abc", 2), vec![(1, 0), (2, 2)]);
    }

    #[test]
    fn empty_index_empty_query_and_appending() {
        let empty = FuzzyIndex::build(std::iter::empty());
        assert!(empty.is_empty());
        assert!(lookup(&empty, "insomnia", 2).is_empty());
        let index = FuzzyIndex::build(TERMS.iter().copied());
        assert_eq!(index.len(), TERMS.len());
        assert_eq!(lookup(&index, "", 2), exhaustive(TERMS, "", 2));
        assert_eq!(lookup(&index, "a", 2), vec![(19, 1)]);
        let mut out = vec![(99, 9)];
        index.lookup("tinnitus", 1, &mut out);
        assert_eq!(out, vec![(99, 9), (12, 0)]);
    }

    #[test]
    fn duplicate_texts_and_ids_are_all_returned() {
        let index = FuzzyIndex::build([(1, "vertigo"), (2, "vertigo"), (1, "vertgo")]);
        assert_eq!(lookup(&index, "vertigo", 1), vec![(1, 0), (2, 0), (1, 1)]);
    }

    #[test]
    #[should_panic(expected = "max_edits 3")]
    fn more_than_two_edits_is_a_programming_error() {
        let index = FuzzyIndex::build(TERMS.iter().copied());
        index.lookup("insomnia", 3, &mut Vec::new());
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        // A three-letter alphabet makes near misses, repeats and
        // transpositions common, where a filter bug would show.
        fn word() -> impl Strategy<Value = String> {
            "[abc]{0,14}"
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]
            #[test]
            fn lookup_equals_exhaustive_strsim(
                terms in proptest::collection::vec(word(), 0..40),
                queries in proptest::collection::vec(word(), 1..8),
            ) {
                let terms: Vec<(u32, &str)> =
                    terms.iter().enumerate().map(|(i, t)| (i as u32, t.as_str())).collect();
                let index = FuzzyIndex::build(terms.iter().copied());
                for q in &queries {
                    for k in 0..=MAX_EDITS {
                        prop_assert_eq!(lookup(&index, q, k), exhaustive(&terms, q, k));
                    }
                }
            }
        }
    }
}
