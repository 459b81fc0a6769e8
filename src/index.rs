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
//! [`strsim::damerau_levenshtein`], after a cheap lower bound (char counts)
//! has set aside those that cannot be close. The filters never drop a true
//! match (hash collisions only add candidates, which scoring rejects), so the
//! result is exactly what exhaustive comparison returns; `tests/index.rs`
//! checks that on a generated lexicon.
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
//! terms share a prefix within `k` edits, not on the size of the lexicon
//! (beyond cache misses: 2–4× from 300 to 100 000 terms, `bench/RESULTS.md`).
//!
//! Distances are counted in `char`s, like strsim; the index knows nothing of
//! words, case or normalisation: give it normalised text.

use crate::records::Record;

/// The largest `max_edits` [`FuzzyIndex::lookup`] accepts.
pub const MAX_EDITS: usize = 2;

/// Chars of a term (and of a query) whose deletion variants are indexed.
///
/// Longer prefixes mean fewer candidates to score but more entries per term
/// (`1 + p + p(p−1)/2` with two deletions); 10 was measured as the best
/// trade-off on generated lexicons of 300 to 100 000 terms (`bench/RESULTS.md`).
pub const PREFIX_CHARS: usize = 10;

/// Most deletion variants of one prefix: 1 + p + p(p−1)/2.
const MAX_VARIANTS: usize = 1 + PREFIX_CHARS + PREFIX_CHARS * (PREFIX_CHARS - 1) / 2;

/// Multiplier of the polynomial string hash (odd, so invertible mod 2⁶⁴).
const BASE: u64 = 0x100_0000_01b3;

/// One index entry: a variant's hash fingerprint and the term it came from.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Entry {
    /// The low 32 bits of the variant's hash (its high bits chose the bucket).
    fingerprint: u32,
    /// Dense term index << 2 | number of chars deleted (0 to 2).
    term_dels: u32,
}

impl Record for Entry {
    const SIZE: usize = <(u32, u32)>::SIZE;
    fn put(&self, out: &mut Vec<u8>) {
        (self.fingerprint, self.term_dels).put(out);
    }
    #[inline]
    fn get(bytes: &[u8]) -> Entry {
        let (fingerprint, term_dels) = Record::get(bytes);
        Entry {
            fingerprint,
            term_dels,
        }
    }
}

/// A deletion index over a fixed set of terms; see the [module docs](self).
///
/// Built once with [`FuzzyIndex::build`]; [`FuzzyIndex::lookup`] takes `&self`
/// and can run on many threads at once.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FuzzyIndex {
    /// Dense index → the caller's term id.
    #[serde(with = "crate::records")]
    ids: Vec<u32>,
    /// Every term's text, concatenated.
    text: String,
    /// Dense index `i` → `text[bounds[i]..bounds[i + 1]]`.
    #[serde(with = "crate::records")]
    bounds: Vec<u32>,
    /// Bucket `b` → `entries[offsets[b]..offsets[b + 1]]`; `2^bits + 1` values.
    #[serde(with = "crate::records")]
    offsets: Vec<u32>,
    #[serde(with = "crate::records")]
    entries: Vec<Entry>,
    /// Number of hash bits that choose a bucket.
    bits: u32,
}

impl FuzzyIndex {
    /// Builds the index over `terms`: (term id, normalised term text).
    ///
    /// Ids are returned as given by [`lookup`](Self::lookup); they need not be
    /// dense or unique. Memory: about 9 bytes per deletion variant (at most
    /// 56 per term) plus the text: 0.4 MB for the 716 Latin terms of the
    /// built-in rules, 51 MB for 100 000 generated terms.
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
        for dense in 0..index.ids.len() {
            // Deleting either char of a double letter gives the same variant:
            // keep one (a small open-addressing set; 0 marks a free slot, and
            // a hash of 0 is merely kept twice).
            let mut seen = [0u64; 2 * MAX_VARIANTS.next_power_of_two()];
            let mask = seen.len() - 1;
            Head::new(index.term(dense)).variants(MAX_EDITS, |h, dels| {
                let mut slot = h as usize & mask;
                while seen[slot] != 0 && seen[slot] != h {
                    slot = (slot + 1) & mask;
                }
                if seen[slot] != h || h == 0 {
                    seen[slot] = h;
                    variants.push((h, (dense as u32) << 2 | dels));
                }
            });
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
        let keyed: Vec<(usize, Entry)> = variants
            .iter()
            .map(|&(h, term_dels)| {
                let entry = Entry {
                    fingerprint: h as u32,
                    term_dels,
                };
                (bucket(h), entry)
            })
            .collect();
        (index.offsets, index.entries) = crate::groups::counting_sort(1 << bits, &keyed);
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

    fn term(&self, dense: usize) -> &str {
        &self.text[self.bounds[dense] as usize..self.bounds[dense + 1] as usize]
    }

    /// The bounds in `entries` of the bucket of hash `h`.
    fn bucket(&self, h: u64) -> (u32, u32) {
        let b = if self.bits == 0 {
            0
        } else {
            (h >> (64 - self.bits)) as usize
        };
        (self.offsets[b], self.offsets[b + 1])
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
        let head = Head::new(query);
        // Hash every variant first, then look every bucket up, then scan
        // them: the loads of one phase do not wait for each other, so on a
        // large index their cache misses overlap.
        let mut hashes = [0u64; MAX_VARIANTS];
        let mut n = 0;
        head.variants(max_edits, |h, _| {
            hashes[n] = h;
            n += 1;
        });
        let mut buckets = [(0, 0); MAX_VARIANTS];
        for (bucket, &h) in buckets.iter_mut().zip(&hashes[..n]) {
            *bucket = self.bucket(h);
        }
        // Most queries (windows of a description) are near no term: then
        // nothing here allocates.
        let mut candidates: Vec<u32> = Vec::new();
        for (&(start, end), &h) in buckets.iter().zip(&hashes[..n]) {
            let fingerprint = h as u32;
            for e in &self.entries[start as usize..end as usize] {
                if e.fingerprint == fingerprint && (e.term_dels & 3) as usize <= max_edits {
                    candidates.push(e.term_dels >> 2);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        if candidates.is_empty() {
            return;
        }
        let counts = CharCounts::of(query);
        for dense in candidates {
            let term = self.term(dense as usize);
            let d = if term == query {
                0
            } else if counts.lower_bound(term) > max_edits {
                // Shares a prefix variant, but not enough of its chars.
                continue;
            } else {
                strsim::damerau_levenshtein(query, term)
            };
            if d <= max_edits {
                out.push((self.ids[dense as usize], d));
            }
        }
    }
}

/// A query's chars counted in 64 buckets (by code point mod 64, so `a`–`z`
/// each have their own), for a cheap lower bound of an edit distance.
struct CharCounts([i32; 64]);

impl CharCounts {
    fn of(s: &str) -> CharCounts {
        let mut counts = [0; 64];
        for c in s.chars() {
            counts[(u32::from(c) & 63) as usize] += 1;
        }
        CharCounts(counts)
    }

    /// A lower bound of the Damerau–Levenshtein distance between the counted
    /// string and `other`: max(chars it has in excess, chars it lacks). An
    /// insertion or a deletion changes one of the two by one, a substitution
    /// each by one, a transposition neither; merging chars into buckets can
    /// only lower both. So the bound never exceeds the distance (and it also
    /// covers the length difference).
    fn lower_bound(&self, other: &str) -> usize {
        let mut diff = self.0;
        for c in other.chars() {
            diff[(u32::from(c) & 63) as usize] -= 1;
        }
        let (mut excess, mut lack) = (0, 0);
        for d in diff {
            if d > 0 {
                excess += d;
            } else {
                lack -= d;
            }
        }
        excess.max(lack) as usize
    }
}

/// `POW[i]` = BASE^i (mod 2⁶⁴), for every length a prefix can have.
const POW: [u64; PREFIX_CHARS + 1] = {
    let mut pow = [1u64; PREFIX_CHARS + 1];
    let mut i = 1;
    while i <= PREFIX_CHARS {
        pow[i] = pow[i - 1].wrapping_mul(BASE);
        i += 1;
    }
    pow
};

/// The first [`PREFIX_CHARS`] chars of a string (on the stack), and the
/// string's length in chars.
struct Head {
    chars: [char; PREFIX_CHARS],
    len: usize,
    total: usize,
}

impl Head {
    fn new(s: &str) -> Head {
        let mut head = Head {
            chars: ['\0'; PREFIX_CHARS],
            len: 0,
            total: 0,
        };
        for c in s.chars() {
            if head.len < PREFIX_CHARS {
                head.chars[head.len] = c;
                head.len += 1;
            }
            head.total += 1;
        }
        head
    }

    /// Calls `f(hash, chars deleted)` for every string made by deleting up to
    /// `max_dels` chars from the head (duplicates included, e.g. either `s`
    /// of "ss"). O(1) per variant, with prefix hashes; no allocation.
    fn variants(&self, max_dels: usize, mut f: impl FnMut(u64, u32)) {
        let n = self.len;
        // p[i] = hash of the first i chars.
        let mut p = [0u64; PREFIX_CHARS + 1];
        for (i, &c) in self.chars[..n].iter().enumerate() {
            p[i + 1] = p[i].wrapping_mul(BASE).wrapping_add(u64::from(c) + 1);
        }
        // Hash of chars a..b.
        let sub = |a: usize, b: usize| p[b].wrapping_sub(p[a].wrapping_mul(POW[b - a]));
        // Hash of x ++ y, given hash(y) and |y|.
        let cat = |x: u64, y: u64, y_len: usize| x.wrapping_mul(POW[y_len]).wrapping_add(y);
        f(finish(p[n], n), 0);
        if max_dels >= 1 {
            for (i, &before) in p[..n].iter().enumerate() {
                f(finish(cat(before, sub(i + 1, n), n - i - 1), n - 1), 1);
            }
        }
        if max_dels >= 2 {
            for (i, &before) in p[..n].iter().enumerate() {
                for j in i + 1..n {
                    let mid = cat(before, sub(i + 1, j), j - i - 1);
                    f(finish(cat(mid, sub(j + 1, n), n - j - 1), n - 2), 2);
                }
            }
        }
    }
}

/// Mixes a polynomial hash and its length into well-spread bits (the high
/// bits pick the bucket, the low 32 are the fingerprint).
fn finish(h: u64, len: usize) -> u64 {
    let mut z = h ^ (len as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A lone word of at most this many bytes is never read as a typo.
pub(crate) const SHORTEST_LONE_TYPO: usize = 4;

/// Whether the fuzzy matcher compares the written `words` with a term's
/// words at all: word by word, each keeps its first letter, and a short
/// word alone is never a typo ("mood" is not "moody"); inside a phrase the
/// other words vouch for it ("dryy mouth", "lower bak pain"). The lint of
/// near-duplicate terms asks the same question.
pub(crate) fn words_may_pair(words: &[&str], term: &[&str]) -> bool {
    words.iter().zip(term).all(|(a, b)| {
        a.chars().next() == b.chars().next()
            && !(words.len() == 1 && (a.len() <= SHORTEST_LONE_TYPO || b.len() <= 3) && a != b)
    })
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

            #[test]
            fn char_counts_never_exceed_the_distance(a in "\\PC{0,12}", b in "\\PC{0,12}") {
                let bound = CharCounts::of(&a).lower_bound(&b);
                prop_assert!(bound <= strsim::damerau_levenshtein(&a, &b), "{bound}");
            }
        }
    }
}
