//! Chinese terms typed with the wrong character, and Chinese terms typed as
//! pinyin (issue 11).
//!
//! A Chinese input method offers every character of a reading, so a slip
//! picks a character that *sounds* like the right one (盗汉 for 盗汗, 头云
//! for 头晕), or nearly so (失民 for 失眠: min for mian; 四眠: si for shi);
//! handwriting input
//! and quick reading confuse characters that *look* alike (耳呜 for 耳鸣).
//! Latin-script text sometimes spells the term in pinyin instead
//! ("shimian", "dao han", "xin4ji4"). [`HanIndex`] finds both, and the
//! lexicon turns what it finds into fuzzy hits.
//!
//! # Chinese: one wrong character in three
//!
//! A window of the text stands for a term of `n` ≥ 2 characters when it has
//! `n` characters, at most `max(1, n / 3)` of which differ from the term's
//! (2- to 5-character terms: 1; 6 to 8: 2; longer terms are not indexed),
//! each differing one being
//!
//! - a **homophone**: the two characters have the same main reading, tones
//!   ignored (the first of pinyin-data's readings: every reading counted
//!   made 五心 a slip of 恶心, 恶 being wu in rare words);
//! - a **near-homophone**: their main readings differ in exactly one of
//!   - the initial, by a pair speakers of southern Mandarin and IME users
//!     confuse: z/zh, c/ch, s/sh, n/l, f/h;
//!   - the final, by its nasal or by a medial `a` after `i`: an/ang, en/eng,
//!     in/ing, ian/iang, uan/uang, in/ian (min for mian).
//!
//!   These are the confusions of the "近音字" tables used to build Chinese
//!   spelling-correction confusion sets (for instance the table of
//!   github.com/Macielyoung/Confused_Chinese: n/l, f/h, s/sh, c/ch, z/zh,
//!   an-/-ng); its aspiration pairs (b/p, d/t, g/k) and r/l are left out,
//!   being rarer slips that would mostly add noise;
//! - a **look-alike**: the pair is in `data/han/lookalikes.txt`, a small
//!   table of characters of symptom wording that differ by a stroke or a
//!   component.
//!
//! And a slip is never a character of grammar (是冷 is "is cold": 的 了 是
//! 不 也 有 …), a character that is a term by itself (不咳 is "no cough"),
//! or a character at the window's edge that makes a common word with the
//! text outside it (开始睡: 开始 "start"; 记忆力下降: 记忆 "memory").
//! A window that is itself a common word is never a slip: 心机 (scheming) is
//! not 心悸 (palpitations), 时间 (time) is not 失眠, 口感 is not 口干. The
//! common words are jieba's dictionary words of 2 to 4 characters used at
//! least [`COMMON_WORD_MIN_FREQ`] times, folded to simplified characters
//! (`data/han/common-*.txt`, 45 000 words in 380 KB; MIT, see
//! `data/han/LICENSE-jieba`). They are sorted lines of one length per file,
//! searched in place: nothing is parsed or allocated to use them. A window
//! that is another indexed term letter for letter is no slip either (the
//! exact matcher has it).
//!
//! Readings come from the `pinyin` crate (mozillazg's pinyin-data, every
//! reading of about 41 000 characters; MIT).
//!
//! # Look-up cost
//!
//! Each reading is reduced to a *sound class*: its initial with the
//! confusable pairs merged (zh→z, ch→c, sh→s, l→n, h→f) and its final with
//! the near pairs merged (ang→an, eng→en, ing→in, iang→ian→in, uang→uan).
//! Homophones and near-homophones share a sound class, and a look-alike is
//! read by its partner's classes too. For each term and each set of at most
//! `max(1, n / 3)` positions that may hold a slip, the index keeps the hash
//! of a *key*: those positions by sound class, the others by their
//! character (盗汗 gives 盗·(han) and (dao)·汗), and the hashes of every
//! key's proper prefixes. [`HanIndex::find`] walks from every
//! character of the text, extending each prefix the index knows by the next
//! character itself or, while slips are left, by one of its classes, and
//! checks the terms of every complete key it meets with the exact rules
//! above. Keys mostly of characters are selective (thousands of characters
//! against some 300 classes), so the walk stops after a character or two
//! and the work per character of text barely depends on the number of
//! terms. `cargo bench --bench han` (a 100-character text with three
//! slips; terms of 2–4 random common characters; medians, 2 shared cores,
//! 2026-12-03): `find` 7.0 µs with 1 000 terms, 8.5 µs with 10 000, 11.4 µs
//! with 100 000 (1.6× for 100× the terms; keying by sound classes alone had
//! given 6.5 / 11.9 / 69 µs); `find_pinyin` 0.6 µs for six start positions
//! at every size; building over the 1 007 Chinese terms of the built-in
//! rules 3.4 ms, over 100 000 terms 0.74 s.
//!
//! # Pinyin
//!
//! Every term's pinyin is derived from its characters when the index is
//! built, once per combination of readings, tones dropped and ü written u
//! (as after j, q, x, y). [`HanIndex::find_pinyin`] reads a run of Latin
//! words the same way (tone marks and tone numbers dropped, `v` and `ü` read
//! as u) and returns the terms whose pinyin the first words spell exactly,
//! syllable boundaries included: "shimian", "shi mian", "shí mián",
//! "shi2 mian2" are 失眠, "sh imian" is nothing. Guards against English
//! taken for pinyin:
//!
//! - a term has two characters at least, so one syllable ("she", "long",
//!   "man", "shin") never matches, and the whole run must be the term's
//!   pinyin, not a prefix of it;
//! - a run whose every word the caller knows as English (its `is_english`
//!   argument) is English, not pinyin: "men", "dian" alone are left to the
//!   caller to decide;
//! - a word with anything but letters, tone marks and tone numbers 1–5
//!   (or a lone number) ends the run.
//!
//! # Integration (for `lexicon.rs`)
//!
//! 1. Build lazily, like the fuzzy index: a field
//!    `han: OnceLock<HanIndex>` (serde-skipped, reset in `reindex`),
//!    built from `(term index, self.normalized(term))` for every term that is
//!    not `latin`. `HanIndex::build` skips any text with `…`, fewer than two
//!    characters or a character without a reading, so passing every
//!    non-Latin term is fine. Cold start does not change: nothing here runs
//!    until a clause asks for it.
//! 2. Chinese clause: in `Lexicon::find`, after the exact and Latin fuzzy
//!    candidates, when the clause has a run of 2+ `TokenKind::Han` tokens
//!    that no exact hit covers, take the normalised text of that run (Han
//!    tokens are one character each and their `key` is the character, so
//!    `tokens[a..b].iter().map(|t| t.key.as_str()).collect::<String>()` is
//!    it; keep a map from char index to token index) and call
//!    `han().find(&run, &mut out)`. Each [`HanHit`] becomes
//!    `Hit { term: hit.term as usize, tokens: a + char_start..a + char_end,
//!    gaps: vec![], similarity: hit.similarity, kind: MatchKind::Fuzzy,
//!    denies: false }` pushed with the other candidates before `select`, so
//!    an exact hit of as many tokens wins on similarity and a longer one on
//!    length. Han hits have similarity 0.7 to 0.9 and are already filtered:
//!    do not apply [`FUZZY_THRESHOLD`](crate::lexicon::FUZZY_THRESHOLD) to
//!    them (a 2-character look-alike is 0.7). The debug view can show
//!    `hit.kind` ("homophone of 汗").
//! 3. Latin words: in the loop over content positions, when position `p`
//!    is a `TokenKind::Word` that starts no exact hit, call
//!    `han().find_pinyin(&words, |w| self.is_known_word(key_of(w), None))`
//!    with the words of the following Latin tokens (fillers included, as
//!    typed); a [`PinyinHit`] of `words` words becomes a `Fuzzy` hit of
//!    those tokens with similarity [`PINYIN_SIMILARITY`]. Keep the longest.
//!
//! Positions are byte offsets into the text given to [`HanIndex::find`];
//! give it normalised text ([`crate::normalize`]): simplified characters,
//! 著 folded to 着, as the terms are.

use crate::pinyin_syllables::SYLLABLES;
use hashbrown::{HashMap, HashSet};
use pinyin::ToPinyinMulti;

/// Terms longer than this (in characters) are not indexed for slips.
pub const MAX_TERM_CHARS: usize = 8;
/// Combinations of heteronym readings kept per term as pinyin spellings
/// (重听 is zhongting and chongting); a term with more keeps the first ones, in the order
/// the `pinyin` crate lists readings (most common first).
pub const MAX_READING_COMBOS: usize = 64;
/// The lowest jieba frequency of a common word (心机 87 counts, the typo
/// 耳呜 with 3 does not).
pub const COMMON_WORD_MIN_FREQ: u64 = 50;
/// The similarity the lexicon should give a pinyin spelling of a term.
pub const PINYIN_SIMILARITY: f64 = 0.9;

/// What one differing character of a [`HanHit`] was taken for; a hit with
/// several reports the weakest (look-alike over near-homophone over
/// homophone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Slip {
    /// Shares a toneless reading with the term's character.
    Homophone,
    /// A reading differs by one confusable initial or final.
    NearHomophone,
    /// Listed in `data/han/lookalikes.txt` with the term's character.
    LookAlike,
}

impl Slip {
    /// What one such character takes off the similarity, times the length.
    fn cost(self) -> f64 {
        match self {
            Slip::Homophone => 0.5,
            Slip::NearHomophone | Slip::LookAlike => 0.6,
        }
    }
}

/// A window of the text that stands for a term with wrong characters.
#[derive(Debug, Clone, PartialEq)]
pub struct HanHit {
    /// Byte offset of the window's first char in the text.
    pub start: usize,
    /// Byte offset just past its last char.
    pub end: usize,
    /// The term's id, as given to [`HanIndex::build`].
    pub term: u32,
    /// In (0, 1): `1 − Σ cost / n` over the `n` characters, a homophone
    /// costing 0.5 and a near-homophone or look-alike 0.6 (耳呜 for 耳鸣: 0.7).
    pub similarity: f64,
    /// The weakest kind of slip in the window.
    pub slip: Slip,
    /// How many characters differ (1 ≤ it ≤ max(1, n / 3)).
    pub substitutions: usize,
}

/// A run of Latin words that spells a term in pinyin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinyinHit {
    /// Words of the run it takes, from the first.
    pub words: usize,
    /// The term's id, as given to [`HanIndex::build`].
    pub term: u32,
}

/// Slips and pinyin spellings of a fixed set of Chinese terms; see the
/// [module docs](self). Built once, then read from any number of threads.
///
/// Every table is a sorted array searched by bisection, so the index
/// serialises as a few flat arrays: the built-in snapshot carries it
/// ready-made and decodes it on the first Chinese slip or pinyin word
/// ([`crate::deferred::Deferred`]), instead of building it (tens of
/// thousands of allocations) in a one-off `match`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HanIndex {
    /// Dense index → the caller's term id.
    #[serde(with = "crate::records")]
    ids: Vec<u32>,
    /// The characters of every dense term, one after another.
    chars: Vec<char>,
    /// Dense index → the end of its characters in `chars`.
    #[serde(with = "crate::records")]
    char_ends: Vec<u32>,
    /// (hash of a complete key (see [`HanIndex::build`]), dense term), sorted.
    #[serde(with = "crate::records")]
    by_key: Vec<(u64, u32)>,
    /// Hashes of the proper prefixes of every key, sorted, no repeats.
    #[serde(with = "crate::records")]
    prefixes: Vec<u64>,
    /// The hash ([`text_hash`]) of every indexed term's text, sorted: a
    /// window that is one is no slip.
    #[serde(with = "crate::records")]
    exact: Vec<u64>,
    /// The characters that are terms by themselves (咳), sorted: never a slip.
    singles: Vec<char>,
    /// (hash of the toneless pinyin, syllables run together; dense term;
    /// syllable ends as a bit set of byte offsets), sorted.
    #[serde(with = "crate::records")]
    pinyin: Vec<(u64, u32, u64)>,
    /// Most syllables of an indexed term.
    max_chars: usize,
}

/// A fixed hash of a text (FNV-1a over its bytes): tables store it instead
/// of the text; two of the index's few thousand texts sharing one is a
/// chance of about one in 10^12.
fn text_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// The entries of a sorted `(key, …)` table whose key is `key`.
fn equal_range<T>(table: &[T], key: u64, of: impl Fn(&T) -> u64) -> &[T] {
    let from = table.partition_point(|e| of(e) < key);
    let to = from + table[from..].partition_point(|e| of(e) == key);
    &table[from..to]
}

impl HanIndex {
    /// Indexes `terms`: (term id, normalised term text). Texts with `…`,
    /// fewer than 2 or more than [`MAX_TERM_CHARS`] characters, or a
    /// character without a reading are left out; ids need not be dense or
    /// unique.
    pub fn build<'a>(terms: impl IntoIterator<Item = (u32, &'a str)>) -> HanIndex {
        let mut index = HanIndex::default();
        let mut by_key: HashSet<(u64, u32)> = HashSet::new();
        let mut prefixes: HashSet<u64> = HashSet::new();
        let mut pinyin: HashSet<(u64, u32, u64)> = HashSet::new();
        for (id, text) in terms {
            let chars: Box<[char]> = text.chars().collect();
            if let [c] = *chars {
                index.singles.push(c);
            }
            if !(2..=MAX_TERM_CHARS).contains(&chars.len())
                || !chars.iter().all(|&c| readings(c).next().is_some())
            {
                continue;
            }
            let dense = index.ids.len() as u32;
            index.ids.push(id);
            index.exact.push(text_hash(text));
            index.max_chars = index.max_chars.max(chars.len());
            let per_char: Vec<Vec<&'static str>> =
                chars.iter().map(|&c| readings(c).collect()).collect();

            let class_options: Vec<Vec<u64>> =
                per_char.iter().map(|rs| vec![class_of(rs[0])]).collect();
            // One key per set of positions that may hold a slip: those
            // positions by sound class, the others by their character.
            let n = chars.len();
            for slots in 1u32..1 << n {
                if slots.count_ones() as usize > max_substitutions(n) {
                    continue;
                }
                let options: Vec<Vec<u64>> = (0..n)
                    .map(|i| {
                        if slots & 1 << i != 0 {
                            class_options[i].clone()
                        } else {
                            vec![char_code(chars[i])]
                        }
                    })
                    .collect();
                for_each_combo(&options, |seq| {
                    let mut h = SEED;
                    for (i, &c) in seq.iter().enumerate() {
                        h = mix(h, *c);
                        if i + 1 < seq.len() {
                            prefixes.insert(h);
                        }
                    }
                    by_key.insert((h, dense));
                });
            }

            let spellings: Vec<Vec<String>> = per_char
                .iter()
                .map(|rs| {
                    let mut ss: Vec<String> = rs.iter().filter_map(|r| pinyin_word(r)).collect();
                    ss.dedup();
                    ss
                })
                .collect();
            for_each_combo(&spellings, |seq| {
                let mut joined = String::new();
                let mut ends = 0u64;
                for s in seq {
                    joined.push_str(s);
                    if joined.len() < 64 {
                        ends |= 1 << joined.len();
                    }
                }
                if joined.len() < 64 {
                    pinyin.insert((text_hash(&joined), dense, ends));
                }
            });
            index.chars.extend(chars.iter());
            index.char_ends.push(index.chars.len() as u32);
        }
        index.by_key = by_key.into_iter().collect();
        index.by_key.sort_unstable();
        index.prefixes = prefixes.into_iter().collect();
        index.prefixes.sort_unstable();
        index.pinyin = pinyin.into_iter().collect();
        index.pinyin.sort_unstable();
        index.exact.sort_unstable();
        index.exact.dedup();
        index.singles.sort_unstable();
        index.singles.dedup();
        index
    }

    /// The characters of dense term `dense`.
    fn term_chars(&self, dense: u32) -> &[char] {
        let end = self.char_ends[dense as usize] as usize;
        let start = match dense {
            0 => 0,
            d => self.char_ends[d as usize - 1] as usize,
        };
        &self.chars[start..end]
    }

    /// Number of indexed terms.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when no term was indexed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Appends to `out` every window of `text` that stands for an indexed
    /// term with one wrong character in three (see the [module docs](self)),
    /// in order of start then length; windows may overlap, and a window that
    /// is a term letter for letter is not reported. `text` should be
    /// normalised; any `&str` is safe.
    pub fn find(&self, text: &str, out: &mut Vec<HanHit>) {
        if self.is_empty() {
            return;
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        // Each char's sound classes (its own readings' and its look-alikes'),
        // flattened: char `i` has `classes[bounds[i]..bounds[i + 1]]`.
        let mut classes: Vec<u64> = Vec::with_capacity(chars.len() * 2);
        let mut bounds = Vec::with_capacity(chars.len() + 1);
        bounds.push(0);
        for &(_, c) in &chars {
            let from = classes.len();
            classes.extend(main_reading(c).map(class_of));
            for &other in lookalikes(c) {
                classes.extend(main_reading(other).map(class_of));
            }
            let mine = &mut classes[from..];
            mine.sort_unstable();
            let kept = dedup_len(mine);
            classes.truncate(from + kept);
            bounds.push(classes.len());
        }
        let most_slips = max_substitutions(self.max_chars);
        // (next char, key hash so far, slips so far)
        let mut stack: Vec<(usize, u64, usize)> = Vec::new();
        let mut seen: Vec<(u32, usize)> = Vec::new();
        for start in 0..chars.len() {
            seen.clear();
            stack.clear();
            stack.push((start, SEED, 0));
            while let Some((at, h, slips)) = stack.pop() {
                if at >= chars.len() || at - start >= self.max_chars {
                    continue;
                }
                let exact = [char_code(chars[at].1)];
                let sounds = if slips < most_slips {
                    &classes[bounds[at]..bounds[at + 1]]
                } else {
                    &[]
                };
                for (code, slipped) in exact
                    .iter()
                    .map(|c| (c, 0))
                    .chain(sounds.iter().map(|c| (c, 1)))
                {
                    let next = mix(h, *code);
                    for &(_, dense) in equal_range(&self.by_key, next, |e| e.0) {
                        if !seen.contains(&(dense, at)) {
                            seen.push((dense, at));
                            self.check(text, &chars, start, at + 1, dense, out);
                        }
                    }
                    if self.prefixes.binary_search(&next).is_ok() {
                        stack.push((at + 1, next, slips + slipped));
                    }
                }
            }
        }
    }

    /// Compares the window `chars[from..to]` with term `dense` and reports it.
    fn check(
        &self,
        text: &str,
        chars: &[(usize, char)],
        from: usize,
        to: usize,
        dense: u32,
        out: &mut Vec<HanHit>,
    ) {
        let term = self.term_chars(dense);
        if term.len() != to - from {
            return;
        }
        let n = term.len();
        let mut subs = 0;
        let mut cost = 0.0;
        let mut worst = Slip::Homophone;
        for (i, (&want, &(_, got))) in term.iter().zip(&chars[from..to]).enumerate() {
            if want == got {
                continue;
            }
            let Some(slip) = slip(want, got) else {
                return;
            };
            // 是冷 is "is cold", 不咳 "no cough", 开始睡 "starts to sleep":
            // a function character, a term of its own, or a character that
            // makes a word with the text outside the window is written on
            // purpose.
            let outside_word = |a: usize, b: usize| {
                let mut w = [0u8; 8];
                let (x, y) = (chars[a].1, chars[b].1);
                let len = x.encode_utf8(&mut w).len();
                let len = len + y.encode_utf8(&mut w[len..]).len();
                std::str::from_utf8(&w[..len]).is_ok_and(is_common_word)
            };
            if FUNCTION_CHARS.contains(got)
                || self.singles.binary_search(&got).is_ok()
                || (i == 0 && from > 0 && outside_word(from - 1, from))
                || (from + i + 1 == to && to < chars.len() && outside_word(to - 1, to))
            {
                return;
            }
            subs += 1;
            cost += slip.cost();
            worst = worst.max(slip);
        }
        if subs == 0 || subs > max_substitutions(n) {
            return;
        }
        let start = chars[from].0;
        let end = chars.get(to).map_or(text.len(), |&(at, _)| at);
        let window = &text[start..end];
        if self.exact.binary_search(&text_hash(window)).is_ok() || is_common_word(window) {
            return;
        }
        out.push(HanHit {
            start,
            end,
            term: self.ids[dense as usize],
            similarity: 1.0 - cost / n as f64,
            slip: worst,
            substitutions: subs,
        });
    }

    /// The terms whose pinyin the first words of `words` spell (see the
    /// [module docs](self)), shortest run first. `words` are Latin words as
    /// typed (normalised: lower case); `is_english` says which are English
    /// words the caller knows, and a run of nothing but those is English.
    pub fn find_pinyin(&self, words: &[&str], is_english: impl Fn(&str) -> bool) -> Vec<PinyinHit> {
        let mut hits = Vec::new();
        let mut joined = String::new();
        let mut ends = 0u64;
        let mut all_english = true;
        for (k, word) in words.iter().take(self.max_chars).enumerate() {
            let Some(spelled) = pinyin_word(word) else {
                break;
            };
            joined.push_str(&spelled);
            if joined.len() >= 64 {
                break;
            }
            ends |= 1 << joined.len();
            all_english &= is_english(word);
            if all_english {
                continue;
            }
            let entries = equal_range(&self.pinyin, text_hash(&joined), |e| e.0);
            for &(_, dense, syllable_ends) in entries {
                let term = self.ids[dense as usize];
                let hit = PinyinHit { words: k + 1, term };
                if ends & !syllable_ends == 0 && !hits.contains(&hit) {
                    hits.push(hit);
                }
            }
        }
        hits
    }
}

/// Most wrong characters a term of `n` characters may have.
pub fn max_substitutions(n: usize) -> usize {
    (n / 3).max(1)
}

/// How `got` may stand for `want` (two different characters), if it may.
pub fn slip(want: char, got: char) -> Option<Slip> {
    if let (Some(a), Some(b)) = (main_reading(want), main_reading(got)) {
        if a == b {
            return Some(Slip::Homophone);
        }
        if near_homophones(a, b) {
            return Some(Slip::NearHomophone);
        }
    }
    lookalikes(want).contains(&got).then_some(Slip::LookAlike)
}

/// The first, most common reading of `c` in pinyin-data (己 ji, 还 hai):
/// what slips are judged by. Rare readings (恶 wu, 脚 jue, 听 yin) made
/// 五心 a slip of 恶心 and 厥冷 one of 脚冷 in the test descriptions.
fn main_reading(c: char) -> Option<&'static str> {
    readings(c).next()
}

/// Characters of grammar, so frequent that a window with one in place of a
/// term's character is ordinary text (是冷 "is cold", 也痛 "hurts too").
const FUNCTION_CHARS: &str = "的了是不也有在就都还很又我你他她它这那么吗呢吧啊和与没着过给被把让";

/// Every toneless reading of `c` (none for a char that is not Han).
fn readings(c: char) -> impl Iterator<Item = &'static str> {
    c.to_pinyin_multi()
        .into_iter()
        .flat_map(|m| m.into_iter().map(|p| p.plain()))
}

/// Initials, two-letter ones first so `zh` is not read as `z`.
const INITIALS: [&str; 23] = [
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w",
];

/// Initials that count as one (`zh` as `z`…): each pair's second as its first.
const NEAR_INITIALS: [(&str, &str); 5] = [
    ("z", "zh"),
    ("c", "ch"),
    ("s", "sh"),
    ("n", "l"),
    ("f", "h"),
];

/// Finals that count as one.
const NEAR_FINALS: [(&str, &str); 6] = [
    ("an", "ang"),
    ("en", "eng"),
    ("in", "ing"),
    ("ian", "iang"),
    ("uan", "uang"),
    ("in", "ian"),
];

/// A toneless syllable's initial (possibly empty) and final.
fn split(syllable: &str) -> (&str, &str) {
    INITIALS
        .iter()
        .find(|i| syllable.len() > i.len() && syllable.starts_with(*i))
        .map_or(("", syllable), |i| syllable.split_at(i.len()))
}

fn is_pair(pairs: &[(&str, &str)], a: &str, b: &str) -> bool {
    pairs
        .iter()
        .any(|&(x, y)| (a == x && b == y) || (a == y && b == x))
}

/// Two different toneless syllables that differ only by a confusable
/// initial or only by a near final (see the [module docs](self)).
fn near_homophones(a: &str, b: &str) -> bool {
    let (ia, fa) = split(a);
    let (ib, fb) = split(b);
    (ia == ib && is_pair(&NEAR_FINALS, fa, fb)) || (fa == fb && is_pair(&NEAR_INITIALS, ia, ib))
}

/// A syllable's sound class: what homophones and near-homophones share.
fn class_of(syllable: &str) -> u64 {
    let (initial, fin) = split(syllable);
    let initial = NEAR_INITIALS
        .iter()
        .find(|(_, second)| *second == initial)
        .map_or(initial, |(first, _)| first);
    let fin = match fin {
        "ang" => "an",
        "eng" => "en",
        "ing" | "ian" | "iang" => "in",
        "uang" => "uan",
        other => other,
    };
    // FNV-1a: fixed, so every index and every text agree.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in initial.bytes().chain([b'|']).chain(fin.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h
}

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// A character's code in a key: far from any class hash (a collision only
/// adds a candidate, which [`HanIndex::find`] then rejects).
fn char_code(c: char) -> u64 {
    (u64::from(c) << 32) ^ 0x5c_4a52
}

/// The hash of a class sequence extended by one class.
fn mix(h: u64, class: u64) -> u64 {
    (h ^ class).wrapping_mul(0x100_0000_01b3).rotate_left(29)
}

/// Drops repeats from a sorted slice in place; returns how many are kept.
fn dedup_len(sorted: &mut [u64]) -> usize {
    let mut kept = 0;
    for i in 0..sorted.len() {
        if kept == 0 || sorted[kept - 1] != sorted[i] {
            sorted[kept] = sorted[i];
            kept += 1;
        }
    }
    kept
}

/// Calls `f` with each choice of one option per position, at most
/// [`MAX_READING_COMBOS`] times; nothing when a position has no option.
fn for_each_combo<T>(options: &[Vec<T>], mut f: impl FnMut(&[&T])) {
    if options.iter().any(Vec::is_empty) {
        return;
    }
    let mut choice = vec![0usize; options.len()];
    let mut picked: Vec<&T> = options.iter().map(|o| &o[0]).collect();
    for _ in 0..MAX_READING_COMBOS {
        f(&picked);
        // Odometer: the last position turns fastest.
        let mut i = options.len();
        loop {
            if i == 0 {
                return;
            }
            i -= 1;
            choice[i] += 1;
            if choice[i] < options[i].len() {
                picked[i] = &options[i][choice[i]];
                break;
            }
            choice[i] = 0;
            picked[i] = &options[i][0];
        }
    }
}

/// A Latin word read as pinyin: tone marks and tone numbers (1–5) dropped,
/// `ü` and `v` read as u; `None` for anything else (an empty word, a lone
/// number, a char that is neither).
fn pinyin_word(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let plain = match c {
            'a'..='u' | 'w'..='z' => c,
            'v' | 'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => 'u',
            'ā' | 'á' | 'ǎ' | 'à' => 'a',
            'ē' | 'é' | 'ě' | 'è' | 'ê' => 'e',
            'ī' | 'í' | 'ǐ' | 'ì' => 'i',
            'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
            'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
            'ń' | 'ň' | 'ǹ' => 'n',
            'ḿ' => 'm',
            '1'..='5' | '\u{300}'..='\u{30c}' => continue,
            _ => return None,
        };
        out.push(plain);
    }
    (!out.is_empty()).then_some(out)
}

/// The look-alikes of `c` in `data/han/lookalikes.txt` (parsed on the
/// first call).
fn lookalikes(c: char) -> &'static [char] {
    static TABLE: std::sync::OnceLock<HashMap<char, Vec<char>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table: HashMap<char, Vec<char>> = HashMap::new();
        for line in include_str!("../data/han/lookalikes.txt").lines() {
            let pair = line.split('#').next().unwrap_or_default();
            let mut it = pair.split_whitespace().filter_map(|w| w.chars().next());
            if let (Some(a), Some(b)) = (it.next(), it.next()) {
                table.entry(a).or_default().push(b);
                table.entry(b).or_default().push(a);
            }
        }
        table
    });
    table.get(&c).map_or(&[], Vec::as_slice)
}

/// The common words of `n` characters: sorted lines of `3n` bytes.
fn common_words(n: usize) -> &'static str {
    match n {
        2 => include_str!("../data/han/common-2.txt"),
        3 => include_str!("../data/han/common-3.txt"),
        4 => include_str!("../data/han/common-4.txt"),
        _ => "",
    }
}

/// True for a common Chinese word of 2 to 4 characters (jieba, see the
/// [module docs](self)); a binary search of the embedded list.
pub fn is_common_word(word: &str) -> bool {
    let n = word.chars().count();
    let list = common_words(n);
    let stride = 3 * n + 1;
    if list.is_empty() || word.len() != 3 * n {
        return false;
    }
    let lines = list.len() / stride;
    let line = |i: usize| &list.as_bytes()[i * stride..i * stride + 3 * n];
    let (mut lo, mut hi) = (0, lines);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match line(mid).cmp(word.as_bytes()) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// True when `word` (lower case, tone marks dropped by normalisation, tone
/// numbers 1–5 allowed) is made of Mandarin syllables only, in one way at
/// least: "shimian", "dao", "xin4ji4". Cheap (no index): the lexicon asks it
/// before it builds the pinyin index for a word it does not know.
pub fn spells_pinyin(word: &str) -> bool {
    let Some(plain) = pinyin_word(word) else {
        return false;
    };
    let b = plain.as_bytes();
    // A syllable has a vowel (or is m, n, ng, hm, hng): a run without one
    // ("sth", "bp") is no pinyin, and most words end here.
    if b.len() > 24 || !b.iter().any(|c| b"aeiouv".contains(c)) {
        return false;
    }
    // reach[i]: the first i bytes split into syllables.
    let mut reach = [false; 25];
    reach[0] = true;
    for i in 0..b.len() {
        if !reach[i] {
            continue;
        }
        for len in 1..=6.min(b.len() - i) {
            if SYLLABLES.binary_search(&&plain[i..i + len]).is_ok() {
                reach[i + len] = true;
            }
        }
    }
    reach[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(terms: &[&str]) -> HanIndex {
        HanIndex::build(terms.iter().enumerate().map(|(i, t)| (i as u32, *t)))
    }

    /// (window, term, slip) of every hit in `text`.
    fn slips<'a>(
        index: &HanIndex,
        terms: &[&'a str],
        text: &'a str,
    ) -> Vec<(&'a str, &'a str, Slip)> {
        let mut out = Vec::new();
        index.find(text, &mut out);
        out.iter()
            .map(|h| (&text[h.start..h.end], terms[h.term as usize], h.slip))
            .collect()
    }

    const TERMS: &[&str] = &[
        "盗汗",
        "失眠",
        "头晕",
        "耳鸣",
        "心悸",
        "口干",
        "胸闷",
        "手足心热",
    ];

    #[test]
    fn each_kind_of_slip_is_found() {
        let ix = index(TERMS);
        for (text, window, term, slip) in [
            ("夜里盗汉", "盗汉", "盗汗", Slip::Homophone),
            ("常常头云", "头云", "头晕", Slip::Homophone),
            ("心季", "心季", "心悸", Slip::Homophone),
            ("失民三年", "失民", "失眠", Slip::NearHomophone),
            ("四眠", "四眠", "失眠", Slip::NearHomophone),
            ("胸梦", "胸梦", "胸闷", Slip::NearHomophone),
            ("耳呜", "耳呜", "耳鸣", Slip::LookAlike),
            ("胸问", "胸问", "胸闷", Slip::LookAlike),
            ("手足新热", "手足新热", "手足心热", Slip::Homophone),
        ] {
            assert_eq!(slips(&ix, TERMS, text), [(window, term, slip)], "{text}");
        }
    }

    #[test]
    fn similarity_and_spans() {
        let ix = index(TERMS);
        let text = "我最近耳呜，盗汉";
        let mut out = Vec::new();
        ix.find(text, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(&text[out[0].start..out[0].end], "耳呜");
        assert!((out[0].similarity - 0.7).abs() < 1e-9);
        assert!((out[1].similarity - 0.75).abs() < 1e-9);
        assert_eq!(out[1].substitutions, 1);
    }

    #[test]
    fn near_homophones_are_one_confusion() {
        for (a, b) in [
            ("mian", "min"),
            ("shi", "si"),
            ("zhong", "zong"),
            ("nao", "lao"),
            ("fu", "hu"),
            ("xin", "xing"),
            ("chan", "chang"),
            ("lian", "liang"),
            ("huan", "huang"),
        ] {
            assert!(near_homophones(a, b), "{a} {b}");
            assert_eq!(class_of(a), class_of(b), "{a} {b}");
        }
        for (a, b) in [
            ("ming", "mian"),
            ("shin", "sing"),
            ("ji", "qi"),
            ("ba", "pa"),
            ("mian", "jian"),
        ] {
            assert!(!near_homophones(a, b), "{a} {b}");
        }
        assert_eq!(split("zhuang"), ("zh", "uang"));
        assert_eq!(split("an"), ("", "an"));
        assert_eq!(split("er"), ("", "er"));
    }

    #[test]
    fn a_common_word_is_no_slip() {
        let ix = index(TERMS);
        // 心机 (ji = 悸's ji), 口感 (gan = 干's gan), 时间: words of their own.
        for text in ["他很有心机", "口感很好", "没有时间", "耳语"] {
            assert_eq!(slips(&ix, TERMS, text), [], "{text}");
        }
        assert!(is_common_word("心机"));
        assert!(is_common_word("时间"));
        assert!(is_common_word("耳鸣"));
        assert!(
            !is_common_word("耳呜"),
            "a typo in jieba's dictionary, freq 3"
        );
        assert!(!is_common_word("盗汉"));
        assert!(!is_common_word("x"));
        assert!(!is_common_word("一二三四五"));
    }

    #[test]
    fn words_written_on_purpose_are_no_slip() {
        // From the test descriptions: a function character (是冷, 也痛), a
        // term by itself (不咳: 咳), a word with the char outside (开始睡,
        // 记忆力).
        let terms = ["湿冷", "咽痛", "不渴", "咳", "嗜睡", "听力下降"];
        let ix = index(&terms);
        for text in ["手是冷的", "头也痛", "不咳", "一开始睡不着", "记忆力下降"]
        {
            assert_eq!(slips(&ix, &terms, text), [], "{text}");
        }
        assert_eq!(slips(&ix, &terms, "始睡").len(), 1);
    }

    #[test]
    fn another_term_is_no_slip() {
        // 头昏 is a term of its own: never a slip of 头晕 (nor the reverse).
        let terms = ["头晕", "头昏", "气短", "七短"];
        let ix = index(&terms);
        assert_eq!(slips(&ix, &terms, "头昏"), []);
        assert_eq!(slips(&ix, &terms, "七短"), []);
    }

    #[test]
    fn one_wrong_character_in_three() {
        let terms = ["盗汗", "手足心热", "五心烦热难眠"];
        let ix = index(&terms);
        // Both characters wrong (道 dao, 汉 han): no.
        assert_eq!(slips(&ix, &terms, "道汉"), []);
        // Four characters: one.
        assert_eq!(slips(&ix, &terms, "手足新日").len(), 0);
        // Six characters: two, not three.
        assert_eq!(slips(&ix, &terms, "午心烦热南眠").len(), 1);
        assert_eq!(slips(&ix, &terms, "午新烦热南眠").len(), 0);
        assert_eq!(max_substitutions(2), 1);
        assert_eq!(max_substitutions(5), 1);
        assert_eq!(max_substitutions(6), 2);
    }

    #[test]
    fn exact_terms_short_terms_and_gaps_are_not_reported() {
        let ix = index(&["盗汗", "汗", "心…痛", "ab", "头晕"]);
        assert_eq!(ix.len(), 2);
        let mut out = Vec::new();
        ix.find("盗汗，头晕，寒", &mut out);
        assert_eq!(out, []);
    }

    #[test]
    fn unrelated_characters_are_no_slip() {
        assert_eq!(slip('汗', '汉'), Some(Slip::Homophone));
        assert_eq!(slip('闷', '梦'), Some(Slip::NearHomophone));
        assert_eq!(slip('眠', '民'), Some(Slip::NearHomophone));
        // Only the main readings count: 恶 is e (wu is rare), 脚 jiao.
        assert_eq!(slip('恶', '五'), None);
        assert_eq!(slip('脚', '厥'), None);
        assert_eq!(slip('失', '四'), Some(Slip::NearHomophone));
        assert_eq!(slip('鸣', '呜'), Some(Slip::LookAlike));
        assert_eq!(slip('呜', '鸣'), Some(Slip::LookAlike));
        assert_eq!(slip('汗', '天'), None);
        assert_eq!(slip('汗', 'a'), None);
    }

    #[test]
    fn pinyin_spellings() {
        let terms = ["失眠", "盗汗", "心悸", "耳鸣", "女性", "重听"];
        let ix = index(&terms);
        let english = |_: &str| false;
        let find = |text: &str| -> Vec<(usize, &str)> {
            let words: Vec<&str> = text.split(' ').collect();
            ix.find_pinyin(&words, english)
                .iter()
                .map(|h| (h.words, terms[h.term as usize]))
                .collect()
        };
        for (text, words, term) in [
            ("shimian", 1, "失眠"),
            ("shi mian", 2, "失眠"),
            ("shímián", 1, "失眠"),
            ("shí mián", 2, "失眠"),
            ("shi2mian2", 1, "失眠"),
            ("shi2 mian2", 2, "失眠"),
            ("daohan", 1, "盗汗"),
            ("dao han at night", 2, "盗汗"),
            ("xin4ji4", 1, "心悸"),
            ("xi4nji4", 1, "心悸"),
            ("erming", 1, "耳鸣"),
            ("nüxing", 1, "女性"),
            ("nvxing", 1, "女性"),
            ("nuxing", 1, "女性"),
            // Every reading of a heteronym: 重 is zhong and chong.
            ("zhongting", 1, "重听"),
            ("chong ting", 2, "重听"),
        ] {
            assert_eq!(find(text), [(words, term)], "{text}");
        }
        // Syllables split inside, letters left over, one syllable, numbers.
        for text in [
            "sh imian",
            "shimianx",
            "shi",
            "mian",
            "shi mian2x",
            "6 shimian",
            "dao 2 han",
        ] {
            assert_eq!(find(text), [], "{text}");
        }
    }

    #[test]
    fn english_words_are_not_pinyin() {
        let terms = ["闷痛", "身体", "失眠"];
        let ix = index(&terms);
        let english =
            |w: &str| ["men", "she", "man", "long", "pain", "lie", "shin", "ti"].contains(&w);
        let find = |text: &str| {
            let words: Vec<&str> = text.split(' ').collect();
            ix.find_pinyin(&words, english)
        };
        // One syllable is never a term; a run of English words is English.
        for text in ["she", "man", "long", "pain", "lie", "shin", "shin ti"] {
            assert_eq!(find(text), [], "{text}");
        }
        // A pinyin word in the run makes it pinyin.
        assert_eq!(find("men tong").len(), 1);
        assert_eq!(find("shen ti").len(), 1);
        assert_eq!(pinyin_word("Shi"), None, "normalised text only");
        assert_eq!(pinyin_word("lǜ"), Some("lu".into()));
        assert_eq!(pinyin_word("12"), None);
    }

    #[test]
    fn heteronym_combinations_are_bounded() {
        let mut calls = 0;
        let options = vec![vec![1, 2, 3]; 8];
        for_each_combo(&options, |_| calls += 1);
        assert_eq!(calls, MAX_READING_COMBOS);
        let mut seen = Vec::new();
        for_each_combo(&[vec!['a', 'b'], vec!['c']], |s| seen.push((*s[0], *s[1])));
        assert_eq!(seen, [('a', 'c'), ('b', 'c')]);
        for_each_combo(&[vec![1], vec![]], |_| panic!("no option"));
    }

    /// Regenerates `data/han/common-*.txt` from jieba's dictionary:
    /// `JIEBA_DICT=path/to/jieba-rs/src/data/dict.txt cargo test --lib
    /// han::tests::common_words -- --ignored` compares, and with
    /// `SNAPSHOTS=overwrite` writes them. The dictionary ships in the `jieba-rs`
    /// crate (MIT): `cargo fetch` a project that depends on it.
    #[test]
    #[ignore = "needs jieba's dict.txt (JIEBA_DICT)"]
    fn common_words_are_generated_from_jieba() {
        use std::collections::BTreeSet;
        let path = std::env::var("JIEBA_DICT").expect("JIEBA_DICT names jieba's dict.txt");
        let dict = std::fs::read_to_string(path).expect("jieba's dict.txt is readable");
        let mut by_len: [BTreeSet<String>; 3] = Default::default();
        for line in dict.lines() {
            let mut fields = line.split(' ');
            let (Some(word), Some(freq)) = (fields.next(), fields.next()) else {
                continue;
            };
            if freq
                .parse::<u64>()
                .map_or(true, |f| f < COMMON_WORD_MIN_FREQ)
            {
                continue;
            }
            let word = crate::normalize::Normalized::new(word).as_str().to_string();
            let n = word.chars().count();
            if (2..=4).contains(&n) && word.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            {
                by_len[n - 2].insert(word);
            }
        }
        for (i, words) in by_len.iter().enumerate() {
            let file = format!(
                "{}/data/han/common-{}.txt",
                env!("CARGO_MANIFEST_DIR"),
                i + 2
            );
            let text: String = words.iter().map(|w| format!("{w}\n")).collect();
            let want = snapbox::Data::read_from(std::path::Path::new(&file), None);
            snapbox::assert_data_eq!(text, want.raw());
        }
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn find_never_panics_and_spans_are_on_char_boundaries(
                text in "[盗汉汗失民眠头云晕耳呜鸣心悸机季时间a ，。\\PC]{0,40}"
            ) {
                let ix = index(TERMS);
                let mut out = Vec::new();
                ix.find(&text, &mut out);
                for h in &out {
                    prop_assert!(h.start < h.end && h.end <= text.len());
                    prop_assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
                    prop_assert!(h.similarity > 0.0 && h.similarity < 1.0);
                    prop_assert!(h.substitutions >= 1);
                }
            }

            #[test]
            fn find_pinyin_never_panics(words in proptest::collection::vec("\\PC{0,8}", 0..6)) {
                let ix = index(TERMS);
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                for h in ix.find_pinyin(&words, |_| false) {
                    prop_assert!(h.words >= 1 && h.words <= words.len());
                }
            }
        }
    }

    /// The toneless syllables of every character the `pinyin` crate reads,
    /// as `src/pinyin_syllables.rs` lists them (`SNAPSHOTS=overwrite cargo
    /// test --lib han::tests::syllables` writes it).
    #[test]
    fn syllables_are_those_of_the_pinyin_crate() {
        let mut all: Vec<String> = ('\u{3400}'..='\u{9fff}')
            .flat_map(|c| readings(c).filter_map(pinyin_word).collect::<Vec<_>>())
            .collect();
        all.sort();
        all.dedup();
        let mut text = String::from(
            "// @generated by `SNAPSHOTS=overwrite cargo test --lib han::tests::syllables` from the\n\
             // readings of the `pinyin` crate (tones dropped, ü as u). Do not edit.\n\n\
             /// Every toneless Mandarin syllable, sorted.\n\
             #[rustfmt::skip]\n\
             pub(crate) const SYLLABLES: &[&str] = &[\n",
        );
        for chunk in all.chunks(12) {
            let line: Vec<String> = chunk.iter().map(|s| format!("\"{s}\"")).collect();
            text.push_str(&format!("    {},\n", line.join(", ")));
        }
        text.push_str("];\n");
        snapbox::assert_data_eq!(text, snapbox::file!["pinyin_syllables.rs"].raw());
        assert!(spells_pinyin("shimian") && spells_pinyin("xin4ji4") && spells_pinyin("dao"));
        assert!(!spells_pinyin("insomina") && !spells_pinyin("fever") && !spells_pinyin("b"));
    }
}
