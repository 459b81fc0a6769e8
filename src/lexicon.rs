//! The lexicon: every term of every symptom, normalised once, and the term
//! finder that spots them inside a clause.
//!
//! A term is read like the input ([`crate::normalize`], [`crate::parse`]) and
//! stored as a sequence of *segments* of token keys; `…` in a term starts a
//! new segment, which may follow the previous one after a gap of at most
//! [`MAX_GAP_WORDS`] words or [`MAX_GAP_HAN`] Chinese characters. Filler words
//! ("the", "my", "very", 的, 很 …) are dropped from both sides, so "ringing in
//! my ears" and "ringing in the ears" are the same term.
//!
//! [`Lexicon::find`] returns non-overlapping [`Hit`]s for a clause: exact and
//! lay terms of any length, then fuzzy matches (strsim's Damerau–Levenshtein)
//! for typos in Latin-script words. The longest match wins, so "ringing in the
//! ears" is one finding, never "ears" plus noise.

use crate::groups::Groups;
use crate::han::{self, HanIndex};
use crate::index::{words_may_pair, FuzzyIndex, SHORTEST_LONE_TYPO};
use crate::keys::{self, is_filler};
use crate::normalize::Normalized;
use crate::parse::{self, Token, TokenKind};
use crate::readings;
use crate::records::{self, Record};
use crate::rules::schema::Reading;
use crate::rules::{Diagnostic, Position, RuleBase, Severity, SymptomId};
use crate::vocab::Vocab;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// Longest gap, in words, that `…` in an English term allows.
pub const MAX_GAP_WORDS: usize = 3;
/// Longest gap, in Han characters, that `…` in a Chinese term allows.
pub const MAX_GAP_HAN: usize = 4;
/// The most words or Chinese characters a term may have (the longest
/// built-in term has 12). The term finder's cost grows with term length
/// times description length; a shared rule file with a 2 000-word term made
/// one `match` take over a minute.
pub const MAX_TERM_UNITS: usize = 24;
/// How many words of an unrecognised phrase [`Lexicon::nearest`] compares.
pub const NEAREST_WORDS: usize = 16;
/// The lowest similarity in [0, 1] a fuzzy match may have (Damerau–Levenshtein,
/// normalised by the longer string's length in chars).
pub const FUZZY_THRESHOLD: f64 = 0.75;

/// How a finding matched its term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum MatchKind {
    /// One of the symptom's standard `terms`, letter for letter (after normalisation).
    Exact,
    /// One of the symptom's `lay` wordings.
    Synonym,
    /// A term with typos: similarity below 1.
    Fuzzy,
}

/// One content token of a term: its key (the stem tokens are compared by)
/// and its word (as written, normalised), as ids of the lexicon's vocabularies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
struct Unit {
    key: u32,
    word: u32,
}

/// Stands between two segments of a term (where the author wrote `…`).
const GAP: Unit = Unit {
    key: u32::MAX,
    word: u32::MAX,
};

/// One compiled term: plain data, its strings and tokens kept by the
/// [`Lexicon`] (see [`Lexicon::text`]), so the term list loads as one buffer.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize)]
pub struct Term {
    /// The symptom it names.
    pub symptom: SymptomId,
    /// True for a `lay` term.
    pub lay: bool,
    /// Id of the text as the author wrote it, in `Lexicon::texts`.
    text: u32,
    /// `Lexicon::units[tokens.0..tokens.1]`: content tokens of every segment
    /// in order, segments separated by [`GAP`]; empty for the synthetic
    /// term of a reading.
    tokens: (u32, u32),
    /// Content tokens, all segments together.
    units: u32,
    /// One segment of Latin-script words only: typos of it are looked up.
    latin: bool,
    /// A clinical abbreviation that counts only when written in the case
    /// of its text ("HA", not "ha"): see [`Lexicon::case_fits`].
    pub exact_case: bool,
    /// One Latin word once its fillers are dropped ("the runs" → runs):
    /// matched only as written, fillers and word form included, so that
    /// the common word in its other senses ("running nose", "a hard run")
    /// is not the symptom.
    pub literal: bool,
}

impl Record for Unit {
    const SIZE: usize = 8;
    fn put(&self, out: &mut Vec<u8>) {
        self.key.put(out);
        self.word.put(out);
    }
    #[inline]
    fn get(bytes: &[u8]) -> Unit {
        Unit {
            key: records::u32_at(bytes, 0),
            word: records::u32_at(bytes, 1),
        }
    }
}

impl Record for Term {
    const SIZE: usize = 24;
    #[inline]
    fn put(&self, out: &mut Vec<u8>) {
        for n in [
            self.symptom.0,
            self.text,
            self.tokens.0,
            self.tokens.1,
            self.units,
        ] {
            n.put(out);
        }
        out.extend([
            u8::from(self.lay),
            u8::from(self.latin),
            u8::from(self.exact_case),
            u8::from(self.literal),
        ]);
    }
    #[inline]
    fn get(bytes: &[u8]) -> Term {
        Term {
            symptom: SymptomId(records::u32_at(bytes, 0)),
            text: records::u32_at(bytes, 1),
            tokens: (records::u32_at(bytes, 2), records::u32_at(bytes, 3)),
            units: records::u32_at(bytes, 4),
            lay: bytes[20] != 0,
            latin: bytes[21] != 0,
            exact_case: bytes[22] != 0,
            literal: bytes[23] != 0,
        }
    }
}

impl Term {
    /// Number of content tokens in the term.
    pub fn units(&self) -> usize {
        self.units as usize
    }
}

/// A term found in a clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into [`Lexicon::terms`].
    pub term: usize,
    /// Token range covered, from the first matched token to the last (gaps included).
    pub tokens: Range<usize>,
    /// Token ranges inside `tokens` that the term's `…` gaps skipped.
    pub gaps: Vec<Range<usize>>,
    /// 1.0 for exact and lay terms, below 1 for fuzzy ones.
    pub similarity: f64,
    /// How it matched.
    pub kind: MatchKind,
    /// True for a normal measurement that denies a reading's symptom (BP
    /// 118/76 for hypertension, 36.8 °C for fever): a pertinent negative.
    pub denies: bool,
}

/// The compiled lexicon of a [`RuleBase`].
///
/// Serialisable for the built-in snapshot: the terms, the two vocabularies
/// and the readings are stored (a few large buffers, so loading is mostly
/// copying); the look-up structures are rebuilt as it is read.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(remote = "Self")]
pub struct Lexicon {
    /// Every term, in symptom order.
    #[serde(with = "crate::records")]
    pub(crate) terms: Vec<Term>,
    /// Every term's text, as written.
    texts: Vocab,
    /// Every term's tokens, term after term (see `Term::tokens`).
    #[serde(with = "crate::records")]
    units: Vec<Unit>,
    /// Every key that occurs in a term. Such words are real words, never
    /// typos; a token whose key is not here starts no exact match.
    keys: Vocab,
    /// Every word (not stem) of a term, for fuzzy comparison and `nearest`.
    words: Vocab,
    /// Terms by the key id of their first token.
    #[serde(skip)]
    by_first: Groups<u32>,
    /// Fuzzy candidates: a deletion index over the words of every Latin
    /// term ([`FuzzyIndex`]), so a typo is looked up, not compared with
    /// every term.
    #[serde(skip)]
    fuzzy: OnceLock<FuzzyIndex>,
    /// The initials of every Latin term (the first char of each word): a
    /// window whose initials are not here can have no fuzzy match, as
    /// `fuzzy_similarity` wants each word to keep its first letter. Built
    /// before, and far more cheaply than, the index.
    #[serde(skip)]
    initials: OnceLock<hashbrown::HashSet<String>>,
    /// Per term, its words joined (segments too), for `nearest`; built on
    /// the first call.
    #[serde(skip)]
    surfaces: OnceLock<Vec<String>>,
    /// Chinese slips and pinyin spellings of the Chinese terms
    /// ([`HanIndex`]), built on the first Chinese text a term does not cover
    /// or the first word that spells pinyin …
    #[serde(skip)]
    han: OnceLock<HanIndex>,
    /// … or decoded then from these bytes ([`Lexicon::ready_made_bytes`]), when the
    /// built-in snapshot brings it ready-made (`rules/builtin-han.bin`).
    #[serde(skip)]
    han_ready: Option<&'static [u8]>,
    /// The fuzzy index ready-made, likewise (`rules/builtin-fuzzy.bin`).
    #[serde(skip)]
    fuzzy_ready: Option<&'static [u8]>,
    /// The words, fillers included, of every literal term ([`Term::literal`]),
    /// by term index; read on the first literal candidate.
    #[serde(skip)]
    literals: OnceLock<HashMap<usize, Vec<String>>>,
    #[serde(skip)]
    max_units: usize,
    /// Measurements: (reading, index of its synthetic term in `terms`).
    readings: Vec<(Reading, usize)>,
}

/// Words dropped before matching, on both sides (written as words; compared as stems).
#[cfg(test)] // the source of `keys::FILLERS`, generated by a test
pub(crate) const FILLERS: &[&str] = &[
    "a", "an", "the", "my", "his", "her", "their", "our", "your", "its", "me", "i", "im", "ive",
    "is", "are", "am", "was", "were", "be", "been", "being", "have", "has", "had", "get", "gets",
    "got", "getting", "do", "does", "did", "very", "really", "so", "quite", "bit", "little", "of",
    "in", "on", "at", "to", "from", "up", "it", "this", "that", "also", "too", "all", "some",
    "lot", "lots", "的", "了", "很", "都", "还", "又", "得", "会", "也", "就", "挺", "超", "有",
    "点", "些",
];

/// Tokens joined as they read: Han characters run together, anything else
/// is separated by spaces.
fn join_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, k) in keys.into_iter().enumerate() {
        let han = k.chars().all(|c| c.len_utf8() >= 3);
        if i > 0 && !(han && out.chars().last().is_some_and(|c| c.len_utf8() >= 3)) {
            out.push(' ');
        }
        out.push_str(k);
    }
    out
}

/// Reads a term into segments of content tokens.
fn compile(text: &str) -> Vec<Vec<Token>> {
    text.split(['…'])
        .flat_map(|s| s.split("..."))
        .map(|seg| {
            parse::keys(Normalized::new(seg).as_str())
                .into_iter()
                .filter(|t| !is_filler(&t.key))
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

impl Serialize for Lexicon {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Lexicon::serialize(self, s)
    }
}

/// Reading a lexicon also rebuilds its look-up structures, which are not
/// stored.
impl<'de> serde::Deserialize<'de> for Lexicon {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut lexicon = Lexicon::deserialize(d)?;
        lexicon.consistent().map_err(serde::de::Error::custom)?;
        lexicon.reindex();
        Ok(lexicon)
    }
}

impl Lexicon {
    /// Every term, in symptom order; a [`Hit::term`] indexes this.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Every term's tokens and every reading's term in range: what
    /// [`Lexicon::build`] always makes, checked on data read from elsewhere
    /// (a corrupt snapshot must not panic later). A token's key or word out
    /// of range reads as no word (the vocabularies answer "" for it, and
    /// `reindex` leaves it out), so the tokens themselves are not scanned:
    /// that pass was a sixteenth of a cold `match`.
    fn consistent(&self) -> Result<(), String> {
        let units = self.units.len();
        let terms_ok = self.terms.iter().all(|t| {
            t.tokens.0 <= t.tokens.1
                && (t.tokens.1 as usize) <= units
                && self.units.get(t.tokens.0 as usize) != Some(&GAP)
        });
        let readings_ok = self.readings.iter().all(|(_, t)| *t < self.terms.len());
        if terms_ok && readings_ok {
            Ok(())
        } else {
            Err("not a consistent lexicon: a term or a reading is out of range".into())
        }
    }

    /// Every term's symptom is one of `symptoms` symptoms.
    pub(crate) fn fits(&self, symptoms: usize) -> bool {
        self.terms.iter().all(|t| (t.symptom.0 as usize) < symptoms)
    }

    /// Compiles every term of every symptom.
    ///
    /// # Errors
    /// One [`Diagnostic`] per normalised term that names two different
    /// symptoms, or that is nothing but filler words.
    pub fn build(rules: &RuleBase) -> Result<Lexicon, Vec<Diagnostic>> {
        let mut lex = Lexicon::default();
        let mut seen: HashMap<String, SymptomId> = HashMap::new();
        let mut diags = Vec::new();
        // (symptom, text, lay, exact case, file, where it is written): every
        // term, then every abbreviation (a lay term of its symptom).
        let mut all: Vec<(SymptomId, &str, bool, bool, &str, Position)> = Vec::new();
        for (i, s) in rules.symptoms.iter().enumerate() {
            let symptom = SymptomId(i as u32);
            let lists = s
                .terms
                .iter()
                .map(|t| (t, false))
                .chain(s.lay.iter().map(|t| (t, true)));
            all.extend(lists.enumerate().map(|(j, (t, lay))| {
                let at = s.term_positions.get(j).copied().unwrap_or(s.position);
                (symptom, t, lay, false, s.origin.as_str(), at)
            }));
        }
        for a in &rules.abbreviations {
            all.push((
                a.symptom,
                &a.text,
                true,
                a.exact_case,
                &a.origin,
                a.position,
            ));
        }
        {
            for (symptom, text, lay, exact_case, origin, at) in all {
                let s = rules.symptom(symptom);
                let segments = compile(text);
                let diag = |message: String, help: Option<String>| Diagnostic {
                    severity: Severity::Error,
                    file: origin.to_string(),
                    line: at.line,
                    column: at.column,
                    message,
                    help,
                    code: None,
                };
                let units: usize = segments.iter().map(Vec::len).sum();
                if units > MAX_TERM_UNITS {
                    diags.push(diag(
                        format!(
                            "term of `{}` has {units} words or characters, more than the {MAX_TERM_UNITS} a term may have",
                            s.id
                        ),
                        Some("shorten it: a term names a symptom in a few words; write `…` for words that may come between".into()),
                    ));
                    continue;
                }
                if segments.is_empty() {
                    if !text.trim().is_empty() {
                        diags.push(diag(
                            format!("term \"{text}\" of `{}` has only filler words", s.id),
                            Some("add a word that carries meaning".into()),
                        ));
                    }
                    continue;
                }
                let key = segments
                    .iter()
                    .map(|seg| join_keys(seg.iter().map(|t| t.key.as_str())))
                    .collect::<Vec<_>>()
                    .join(" … ");
                match seen.get(&key) {
                    Some(&other) if other != symptom => {
                        diags.push(diag(
                            format!(
                                "term \"{text}\" of `{}` is the same as a term of `{}` (both read \"{key}\")",
                                s.id,
                                rules.symptom(other).id
                            ),
                            Some("keep the term under one symptom".into()),
                        ));
                        continue;
                    }
                    Some(_) => continue,
                    None => {
                        seen.insert(key, symptom);
                    }
                }
                let latin = segments.len() == 1
                    && segments[0]
                        .iter()
                        .all(|t| t.key.chars().all(|c| c.len_utf8() < 3));
                let start = lex.units.len() as u32;
                for (i, seg) in segments.iter().enumerate() {
                    if i > 0 {
                        lex.units.push(GAP);
                    }
                    for t in seg {
                        let unit = Unit {
                            key: lex.keys.insert(&t.key),
                            word: lex.words.insert(&t.word),
                        };
                        lex.units.push(unit);
                    }
                }
                lex.terms.push(Term {
                    symptom,
                    lay,
                    text: lex.texts.insert(text),
                    tokens: (start, lex.units.len() as u32),
                    units: segments.iter().map(Vec::len).sum::<usize>() as u32,
                    latin,
                    exact_case,
                    literal: latin
                        && segments[0].len() == 1
                        && parse::keys(Normalized::new(text).as_str()).len() > 1,
                });
            }
        }
        for (i, s) in rules.symptoms.iter().enumerate() {
            for r in &s.readings {
                lex.readings.push((*r, lex.terms.len()));
                let at = lex.units.len() as u32;
                lex.terms.push(Term {
                    symptom: SymptomId(i as u32),
                    lay: false,
                    text: lex.texts.insert(&readings::describe(r)),
                    tokens: (at, at),
                    units: 1,
                    latin: false,
                    exact_case: false,
                    literal: false,
                });
            }
        }
        lex.reindex();
        if diags.is_empty() {
            Ok(lex)
        } else {
            Err(diags)
        }
    }

    /// Builds the look-up structures from `terms`: the first-token table,
    /// the known words, the fuzzy index. Done once after building or
    /// deserialising.
    pub(crate) fn reindex(&mut self) {
        self.keys.reindex();
        let keys = self.keys.len();
        let firsts = self.terms.iter().enumerate().filter_map(|(idx, t)| {
            let first = self.tokens(t).first()?;
            ((first.key as usize) < keys).then_some((first.key as usize, idx as u32))
        });
        self.by_first = Groups::new(self.keys.len(), firsts);
        self.max_units = self.terms.iter().map(Term::units).max().unwrap_or(0);
        self.fuzzy = OnceLock::new();
        self.initials = OnceLock::new();
        self.surfaces = OnceLock::new();
        self.han = OnceLock::new();
        self.literals = OnceLock::new();
    }

    /// The terms whose first token has key id `key`, in term order.
    fn starting_with(&self, key: u32) -> &[u32] {
        self.by_first.get(key as usize)
    }

    /// The term as the author wrote it (a reading's: how it is shown,
    /// e.g. "blood pressure ≥ 140/90 mmHg").
    pub fn text(&self, term: &Term) -> &str {
        self.texts.str(term.text)
    }

    /// A term's tokens, gaps included.
    fn tokens(&self, term: &Term) -> &[Unit] {
        &self.units[term.tokens.0 as usize..term.tokens.1 as usize]
    }

    /// The segments of a term: runs of content tokens between `…` gaps.
    fn segments<'a>(&'a self, term: &Term) -> impl Iterator<Item = &'a [Unit]> + 'a {
        self.tokens(term)
            .split(|u| *u == GAP)
            .filter(|seg| !seg.is_empty())
    }

    /// The words of a term in order, gaps left out.
    fn words_of<'a>(&'a self, term: &Term) -> impl Iterator<Item = &'a str> + 'a {
        self.segments(term)
            .flatten()
            .map(move |u| self.words.str(u.word))
    }

    /// True when some Latin term of as many words has these words' initials.
    fn initials_known(&self, words: &[&str]) -> bool {
        let set = self.initials.get_or_init(|| {
            self.terms
                .iter()
                .filter(|t| t.latin)
                .map(|t| initials(self.words_of(t)))
                .collect()
        });
        set.contains(&initials(words.iter().copied()))
    }

    /// The normalised form of a term: token keys joined, segments separated
    /// by ` … ` (what two terms must differ in).
    pub fn normalized(&self, term: &Term) -> String {
        self.segments(term)
            .map(|seg| join_keys(seg.iter().map(|u| self.keys.str(u.key))))
            .collect::<Vec<_>>()
            .join(" … ")
    }

    /// The fuzzy index, built on the first typo (most descriptions written
    /// with known words never pay for it): the words of each Latin term
    /// joined by spaces.
    fn fuzzy_index(&self) -> &FuzzyIndex {
        self.fuzzy
            .get_or_init(|| ready_made(self.fuzzy_ready).unwrap_or_else(|| self.build_fuzzy()))
    }

    fn build_fuzzy(&self) -> FuzzyIndex {
        let joined: Vec<(u32, String)> = self
            .terms
            .iter()
            .enumerate()
            .filter(|(_, t)| t.latin)
            .map(|(i, t)| (i as u32, self.words_of(t).collect::<Vec<_>>().join(" ")))
            .collect();
        FuzzyIndex::build(joined.iter().map(|(i, j)| (*i, j.as_str())))
    }

    /// Its look-up indexes serialised, the Chinese slip index
    /// ([`HanIndex`]) then the typo index ([`FuzzyIndex`]): what
    /// [`Lexicon::use_ready_made`] reads back instead of building them (a
    /// cold Chinese `match` with a slip: 49.7 M instructions building, 6.4 M
    /// decoding; with a typo, the build was 10.2 M; callgrind).
    pub(crate) fn ready_made_bytes(&self) -> [Vec<u8>; 2] {
        [
            postcard::to_allocvec(self.han_index()).unwrap_or_default(),
            postcard::to_allocvec(self.fuzzy_index()).unwrap_or_default(),
        ]
    }

    /// Takes its indexes from `han` and `fuzzy` ([`Lexicon::ready_made_bytes`]
    /// of the same terms) when each is first needed. Bytes that do not
    /// decode are ignored: that index is then built.
    pub(crate) fn use_ready_made(&mut self, han: &'static [u8], fuzzy: &'static [u8]) {
        self.han_ready = Some(han);
        self.han = OnceLock::new();
        self.fuzzy_ready = Some(fuzzy);
        self.fuzzy = OnceLock::new();
    }

    /// Whether `original` (the input's text of a hit of `term`) is written
    /// as the term asks: always, unless the term is an exact-case
    /// abbreviation and the letters' case differs ("ha" for "HA").
    pub fn case_fits(&self, term: usize, original: &str) -> bool {
        let t = &self.terms[term];
        if !t.exact_case {
            return true;
        }
        let letters = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        };
        letters(original) == letters(self.text(t))
    }

    /// Where to cut a Latin word typed without spaces ("nightsweats",
    /// "ringinginmyears") into words of the lexicon's terms and fillers:
    /// `Some(cut offsets)` only for a word of at least
    /// [`SHORTEST_JOINED`] letters that is neither a word of the lexicon nor
    /// an English word, and that splits wholly into such words, the fewest
    /// pieces winning; at least one piece is a term word of 4+ letters.
    pub fn split_joined(&self, word: &str) -> Option<Vec<usize>> {
        if !(SHORTEST_JOINED..=LONGEST_JOINED).contains(&word.len())
            || !word.bytes().all(|b| b.is_ascii_lowercase())
            || self.keys.get(&parse::word_key(word)).is_some()
            || crate::wordlist::is_english_word(word)
        {
            return None;
        }
        let n = word.len();
        // best[i]: (pieces, previous cut, has a long term word) for word[..i].
        let mut best: Vec<Option<(usize, usize, bool)>> = vec![None; n + 1];
        best[0] = Some((0, 0, false));
        for i in 0..n {
            let Some((pieces, _, long)) = best[i] else {
                continue;
            };
            for j in i + 1..=n.min(i + 16) {
                let piece = &word[i..j];
                let key = parse::word_key(piece);
                let term_word = self.keys.get(&key).is_some() && piece.len() >= 2;
                if !term_word && !is_filler(&key) {
                    continue;
                }
                let next = (pieces + 1, i, long || (term_word && piece.len() >= 4));
                if better(next, best[j]) {
                    best[j] = Some(next);
                }
            }
        }
        let (pieces, _, long) = best[n]?;
        if pieces < 2 || !long {
            return None;
        }
        // A typo of a term's word is a typo, not words run together
        // ("insomina" is not "insom in a").
        let mut near = Vec::new();
        self.fuzzy_index().lookup(word, 2, &mut near);
        if near
            .iter()
            .any(|&(t, _)| self.terms[t as usize].units() == 1)
        {
            return None;
        }
        let mut cuts = Vec::new();
        let mut at = n;
        while at > 0 {
            let (_, prev, _) = best[at]?;
            if prev > 0 {
                cuts.push(prev);
            }
            at = prev;
        }
        cuts.reverse();
        Some(cuts)
    }

    /// The Chinese slip and pinyin index over every non-Latin term.
    fn han_index(&self) -> &HanIndex {
        self.han
            .get_or_init(|| ready_made(self.han_ready).unwrap_or_else(|| self.build_han()))
    }

    fn build_han(&self) -> HanIndex {
        let texts: Vec<(u32, String)> = self
            .terms
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.latin)
            .map(|(i, t)| (i as u32, self.normalized(t)))
            .collect();
        HanIndex::build(texts.iter().map(|(i, t)| (*i, t.as_str())))
    }

    /// Chinese slips ([`han`]): in every run of two or more Han content
    /// tokens that the candidates so far leave partly uncovered, the windows
    /// that stand for a term with a wrong character, as fuzzy hits.
    fn han_slips(&self, tokens: &[Token], content: &[usize], hits: &mut Vec<Hit>) {
        let covered: Vec<std::ops::Range<usize>> = hits.iter().map(|h| h.tokens.clone()).collect();
        let covered = |i: usize| covered.iter().any(|r| r.contains(&i));
        let mut p = 0;
        let mut found = Vec::new();
        while p < content.len() {
            if tokens[content[p]].kind != TokenKind::Han {
                p += 1;
                continue;
            }
            let start = p;
            while p < content.len() && tokens[content[p]].kind == TokenKind::Han {
                p += 1;
            }
            let run = &content[start..p];
            if run.len() < 2 {
                continue;
            }
            // Only windows with an uncovered character can add anything:
            // search each uncovered stretch with the characters a term could
            // reach on either side of it.
            let reach = han::MAX_TERM_CHARS - 1;
            let mut q = 0;
            while q < run.len() {
                if covered(run[q]) {
                    q += 1;
                    continue;
                }
                let from = q;
                while q < run.len() && !covered(run[q]) {
                    q += 1;
                }
                let (lo, hi) = (from.saturating_sub(reach), (q + reach).min(run.len()));
                let window = &run[lo..hi];
                self.han_window(tokens, window, from - lo..q - lo, &mut found, hits);
            }
        }
    }

    /// Chinese slips in `window` (Han content tokens) that take at least
    /// one of its positions `uncovered`.
    fn han_window(
        &self,
        tokens: &[Token],
        window: &[usize],
        uncovered: Range<usize>,
        found: &mut Vec<han::HanHit>,
        hits: &mut Vec<Hit>,
    ) {
        // One char per Han token: byte offset → window position.
        let mut text = String::new();
        let mut at = Vec::with_capacity(window.len() + 1);
        for &i in window {
            at.push(text.len());
            text.push_str(&tokens[i].key);
        }
        at.push(text.len());
        found.clear();
        self.han_index().find(&text, found);
        for h in found.iter() {
            let (Ok(a), Ok(b)) = (at.binary_search(&h.start), at.binary_search(&h.end)) else {
                continue;
            };
            if b <= uncovered.start || a >= uncovered.end {
                continue;
            }
            hits.push(Hit {
                term: h.term as usize,
                tokens: window[a]..window[b - 1] + 1,
                gaps: Vec::new(),
                similarity: h.similarity,
                kind: MatchKind::Fuzzy,
                denies: false,
            });
        }
    }

    /// A pinyin spelling of a Chinese term starting at content position `p`
    /// ("shimian", "dao han", "xin4ji4"): the longest, as a fuzzy hit with
    /// similarity [`han::PINYIN_SIMILARITY`]. Asked only of a word that is
    /// not a word of the lexicon and reads as pinyin syllables, so English
    /// text never builds the index.
    fn pinyin_at(
        &self,
        tokens: &[Token],
        content: &[usize],
        keys: &[Option<u32>],
        p: usize,
        hits: &mut Vec<Hit>,
    ) {
        let first = &tokens[content[p]];
        if first.kind != TokenKind::Word
            || keys[p].is_some()
            || !han::spells_pinyin(&first.word)
            || self.is_known_word(&first.key, None)
            || crate::wordlist::is_english_word(&first.word)
        {
            return;
        }
        let words: Vec<&str> = content[p..]
            .iter()
            .take_while(|&&i| tokens[i].kind == TokenKind::Word)
            .take(han::MAX_TERM_CHARS)
            .map(|&i| tokens[i].word.as_str())
            .collect();
        let english = |w: &str| self.is_known_word(&parse::word_key(w), None);
        let best = self
            .han_index()
            .find_pinyin(&words, english)
            .into_iter()
            .max_by_key(|h| h.words);
        if let Some(h) = best {
            hits.push(Hit {
                term: h.term as usize,
                tokens: content[p]..content[p + h.words - 1] + 1,
                gaps: Vec::new(),
                similarity: han::PINYIN_SIMILARITY,
                kind: MatchKind::Fuzzy,
                denies: false,
            });
        }
    }

    /// Finds terms among `tokens[clause]`: all exact, lay and fuzzy candidates,
    /// then the best non-overlapping set (more matched tokens first, then
    /// higher similarity, then leftmost). Returned in text order.
    pub fn find(&self, tokens: &[Token], clause: Range<usize>) -> Vec<Hit> {
        let content: Vec<usize> = clause
            .clone()
            .filter(|&i| !is_filler(&tokens[i].key))
            .collect();
        // Each content token's key id, or `None` for a word no term has.
        let keys: Vec<Option<u32>> = content
            .iter()
            .map(|&i| self.keys.get(&tokens[i].key))
            .collect();
        let mut hits = Vec::new();
        let mut candidates = Vec::new();
        for p in 0..content.len() {
            if let Some(key) = keys[p] {
                for &t in self.starting_with(key) {
                    if let Some(h) =
                        self.match_at(t as usize, tokens, clause.start, &content, &keys, p)
                    {
                        hits.push(h);
                    }
                }
            }
            self.fuzzy_at(tokens, &content, &keys, p, &mut hits, &mut candidates);
            self.pinyin_at(tokens, &content, &keys, p, &mut hits);
        }
        self.han_slips(tokens, &content, &mut hits);
        let mut hits = select(hits, |h| self.terms[h.term].units());
        if !self.readings.is_empty() {
            // Readings may share a token ("BP 190/125" is hypertension and a
            // hypertensive crisis); they never take one from a term.
            let mut covered = vec![false; clause.len()];
            for h in &hits {
                for i in h.tokens.clone() {
                    covered[i - clause.start] = true;
                }
            }
            let mut readings = Vec::new();
            self.readings_in(tokens, clause.clone(), &mut readings);
            readings.retain(|h| !covered[h.tokens.start - clause.start]);
            hits.extend(readings);
            hits.sort_by_key(|h| h.tokens.start);
        }
        hits
    }

    /// A literal term ([`Term::literal`]) whose content word is at token
    /// `at`: its words as written, fillers included, must end there.
    fn literal_at(&self, t: usize, tokens: &[Token], from: usize, at: usize) -> Option<Hit> {
        let term = &self.terms[t];
        // Every literal term's words as written, read once.
        let literals = self.literals.get_or_init(|| {
            self.terms
                .iter()
                .enumerate()
                .filter(|(_, t)| t.literal)
                .map(|(i, t)| {
                    let words = parse::keys(Normalized::new(self.text(t)).as_str());
                    (i, words.into_iter().map(|w| w.word).collect())
                })
                .collect()
        });
        let words: &Vec<String> = literals.get(&t)?;
        let n = words.len();
        let start = (at + 1).checked_sub(n).filter(|&s| s >= from)?;
        let same = tokens[start..=at]
            .iter()
            .zip(words)
            .all(|(a, b)| a.kind == TokenKind::Word && &a.word == b);
        same.then(|| Hit {
            term: t,
            tokens: start..at + 1,
            gaps: Vec::new(),
            similarity: 1.0,
            kind: if term.lay {
                MatchKind::Synonym
            } else {
                MatchKind::Exact
            },
            denies: false,
        })
    }

    fn match_at(
        &self,
        t: usize,
        tokens: &[Token],
        clause_start: usize,
        content: &[usize],
        keys: &[Option<u32>],
        p: usize,
    ) -> Option<Hit> {
        let term = &self.terms[t];
        let seg_at = |seg: &[Unit], q: usize| {
            q + seg.len() <= content.len()
                && seg.iter().zip(&keys[q..]).all(|(u, k)| *k == Some(u.key))
        };
        let mut segments = self.segments(term);
        let first = segments.next()?;
        if !seg_at(first, p) {
            return None;
        }
        if term.literal {
            return self.literal_at(t, tokens, clause_start, content[p]);
        }
        let mut end = p + first.len();
        let mut gaps = Vec::new();
        for seg in segments {
            let max_gap = if tokens[content[end.min(content.len() - 1)]].kind == TokenKind::Han {
                MAX_GAP_HAN
            } else {
                MAX_GAP_WORDS
            };
            // A gap never spans a contrast ("no fever but had a seizure" is
            // not "fever … seizure"): the words after "but" are another clause.
            let q = (end..=end + max_gap)
                .take_while(|&q| {
                    q == end
                        || q >= content.len()
                        || !tokens[content[q - 1]..content[q]]
                            .iter()
                            .any(|t| parse::conjunction(&t.key) == Some(parse::Boundary::Contrast))
                })
                .find(|&q| seg_at(seg, q))?;
            if q > end {
                gaps.push(content[end - 1] + 1..content[q]);
            }
            end = q + seg.len();
        }
        Some(Hit {
            term: t,
            tokens: content[p]..content[end - 1] + 1,
            gaps,
            similarity: 1.0,
            kind: if term.lay {
                MatchKind::Synonym
            } else {
                MatchKind::Exact
            },
            denies: false,
        })
    }

    /// A word the lexicon, the negation cues or the fillers know is spelled
    /// right on purpose: it is never "corrected" into another term.
    fn is_known_word(&self, key: &str, id: Option<u32>) -> bool {
        id.is_some()
            || is_filler(key)
            || parse::conjunction(key).is_some()
            || keys::is_cue_word(key)
            || is_common_word(key)
    }

    fn fuzzy_at(
        &self,
        tokens: &[Token],
        content: &[usize],
        keys: &[Option<u32>],
        p: usize,
        hits: &mut Vec<Hit>,
        candidates: &mut Vec<(u32, usize)>,
    ) {
        for k in 1..=self.max_units.min(content.len() - p) {
            let window = &content[p..p + k];
            if window.iter().any(|&i| tokens[i].kind != TokenKind::Word) {
                break;
            }
            // A real word is never "corrected"; a pair of words is, unless
            // both are words of the lexicon ("night sweets" is night sweats).
            let known = |q: usize| {
                if k == 1 {
                    self.is_known_word(&tokens[content[q]].key, keys[q])
                } else {
                    keys[q].is_some()
                }
            };
            if (p..p + k).all(known) {
                continue;
            }
            let words: Vec<&str> = window.iter().map(|&i| tokens[i].word.as_str()).collect();
            if k == 1 && words[0].len() <= SHORTEST_LONE_TYPO {
                // `fuzzy_similarity` turns such a word down whatever the
                // index says; not asking spares building the index.
                continue;
            }
            if !self.initials_known(&words) {
                continue;
            }
            let text = words.join(" ");
            candidates.clear();
            // Only terms of 8+ chars allow 2 edits, and a window within 2
            // edits of one has 6+ chars: shorter windows probe for 1.
            let max_edits = if text.chars().count() >= 6 { 2 } else { 1 };
            self.fuzzy_index().lookup(&text, max_edits, candidates);
            // A correctly spelled English word (comma, fewer, insignia,
            // feinted) is no typo of a term: asked only once there is a
            // candidate, the word list being the dearer look-up.
            if k == 1
                && !candidates.is_empty()
                && crate::wordlist::is_english_word(&tokens[window[0]].word)
            {
                continue;
            }
            for &(t, d) in candidates.iter() {
                let term = &self.terms[t as usize];
                if term.units() != k {
                    continue;
                }
                let term_words: Vec<&str> = self.words_of(term).collect();
                // A word the match would change must not itself be a word
                // spelled right on purpose ("cannot rule" is not "cannot
                // rouse": "rule" is a cue word).
                let changes_a_real_word = k > 1
                    && (0..k).any(|j| {
                        term_words.get(j) != Some(&words[j])
                            && self.is_known_word(&tokens[window[j]].key, None)
                    });
                if changes_a_real_word {
                    continue;
                }
                if let Some(similarity) = fuzzy_similarity(&words, &text, &term_words, d) {
                    hits.push(Hit {
                        term: t as usize,
                        tokens: window[0]..window[k - 1] + 1,
                        gaps: Vec::new(),
                        similarity,
                        kind: MatchKind::Fuzzy,
                        denies: false,
                    });
                }
            }
        }
    }

    /// The `n` terms most similar to `text` (normalised Damerau–Levenshtein
    /// over windows of the text's content tokens), best first, with their
    /// similarity in [0, 1]; those with similarity below 0.4 are left out.
    /// Exhaustive: meant for explaining unrecognised phrases, not for matching.
    pub fn nearest(&self, tokens: &[Token], n: usize) -> Vec<(usize, f64)> {
        // The first words of a phrase are enough to explain it; a pasted
        // wall of text must not cost words × terms comparisons.
        let content: Vec<&Token> = tokens
            .iter()
            .filter(|t| !is_filler(&t.key))
            .take(NEAREST_WORDS)
            .collect();
        let surfaces = self.surfaces.get_or_init(|| {
            self.terms
                .iter()
                .map(|t| {
                    self.segments(t)
                        .map(|seg| join_keys(seg.iter().map(|u| self.words.str(u.word))))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        });
        let mut best: HashMap<usize, f64> = HashMap::new();
        for p in 0..content.len() {
            for k in 1..=self.max_units.min(content.len() - p).min(4) {
                let text = join_keys(content[p..p + k].iter().map(|t| t.word.as_str()));
                for (t, term) in self.terms.iter().enumerate() {
                    if term.units() != k {
                        continue;
                    }
                    let s = strsim::normalized_damerau_levenshtein(&text, &surfaces[t]);
                    let e = best.entry(t).or_insert(0.0);
                    *e = e.max(s);
                }
            }
        }
        let mut out: Vec<(usize, f64)> = best.into_iter().filter(|(_, s)| *s >= 0.4).collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // One line per symptom: the best term of each.
        let mut seen = std::collections::HashSet::new();
        out.retain(|(t, _)| seen.insert(self.terms[*t].symptom));
        out.truncate(n);
        out
    }
}

impl Lexicon {
    fn readings_in(&self, tokens: &[Token], clause: Range<usize>, hits: &mut Vec<Hit>) {
        for i in clause.clone() {
            let Some(m) = readings::measure_at(tokens, i, &clause) else {
                continue;
            };
            for (r, term) in &self.readings {
                let (fits, denies) = readings::verdict(r, &m, self.readings.iter().map(|(o, _)| o));
                if fits || denies {
                    hits.push(Hit {
                        term: *term,
                        tokens: i..i + 1,
                        gaps: Vec::new(),
                        similarity: 1.0,
                        kind: MatchKind::Exact,
                        denies,
                    });
                }
            }
        }
    }
}

/// Everyday words one typo away from a symptom word ("sweet" / "sweat"):
/// written right, they must not be corrected.
#[cfg(test)] // the source of `keys::COMMON_WORDS`, generated by a test
pub(crate) const COMMON_WORDS: &[&str] = &[
    "sweet", "feet", "heat", "hear", "heard", "hard", "dream", "tired", "fine", "mind", "sleep",
    "slept", "week", "weak", "leg", "back", "pack", "hot", "not", "painted", "fainter", "dizzy",
    "busy", "month", "mouth", "south", "thought", "through", "though", "threat", "ear", "year",
    "night", "light", "right", "might", "fight", "sight", "tight", "eight", "weight", "height",
    "ringing", "bringing", "singing", "pressure", "presure", "could", "would", "should", "cold",
    "told", "bold", "fold", "hold", "older", "colder", "sweating", "seating", "eating", "beating",
    "heating", "heart", "start", "smart", "later", "water", "after", "sore", "more", "store",
    "score", "dry", "try", "cry", "why", "red", "bed", "head", "read", "dead", "lead",
];

fn is_common_word(key: &str) -> bool {
    keys::contains(keys::COMMON_WORDS, key)
}

/// The first char of each word.
fn initials<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    words.into_iter().filter_map(|w| w.chars().next()).collect()
}

/// An index shipped ready-made (the built-in snapshot's), decoded; `None`
/// when there is none or its bytes do not decode (it is then built).
fn ready_made<T: serde::de::DeserializeOwned>(bytes: Option<&[u8]>) -> Option<T> {
    bytes.and_then(|b| postcard::from_bytes(b).ok())
}

/// The shortest Latin word [`Lexicon::split_joined`] tries to cut.
pub const SHORTEST_JOINED: usize = 7;
/// The longest: a longer run of letters is no words typed together.
pub const LONGEST_JOINED: usize = 48;

/// Whether split `new` (pieces, previous cut, has a long term word) beats
/// `old`: fewer pieces first, then one with a long term word.
fn better(new: (usize, usize, bool), old: Option<(usize, usize, bool)>) -> bool {
    match old {
        None => true,
        Some((pieces, _, long)) => new.0 < pieces || (new.0 == pieces && new.2 && !long),
    }
}

/// Similarity of a Latin window (its words) to a single-segment Latin term, if it counts
/// as a typo of it: each word starts with the same letter, a lone word has at
/// least 5 letters (and the term's at least 4), and the edit distance is 1 (2
/// for terms of 8+ chars) with similarity ≥ [`FUZZY_THRESHOLD`]. `d` is the
/// Damerau–Levenshtein distance the index already computed.
fn fuzzy_similarity(words: &[&str], text: &str, term: &[&str], d: usize) -> Option<f64> {
    let joined = term.join(" ");
    if text == joined {
        return None;
    }
    if !words_may_pair(words, term) {
        return None;
    }
    let (la, lb) = (text.chars().count(), joined.chars().count());
    if la.abs_diff(lb) > 2 {
        return None;
    }
    let max_edits = if lb >= 8 { 2 } else { 1 };
    let sim = 1.0 - d as f64 / la.max(lb) as f64;
    (d <= max_edits && sim >= FUZZY_THRESHOLD).then_some(sim)
}

/// Picks the best non-overlapping hits: more content units first, then higher
/// similarity, then fewer gaps, then leftmost. Returns them in text order.
fn select(mut hits: Vec<Hit>, units: impl Fn(&Hit) -> usize) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        units(b)
            .cmp(&units(a))
            .then(b.similarity.total_cmp(&a.similarity))
            .then(a.gaps.len().cmp(&b.gaps.len()))
            .then(a.tokens.start.cmp(&b.tokens.start))
            .then(a.term.cmp(&b.term))
    });
    let (Some(lo), Some(hi)) = (
        hits.iter().map(|h| h.tokens.start).min(),
        hits.iter().map(|h| h.tokens.end).max(),
    ) else {
        return hits;
    };
    let mut taken_tokens = vec![false; hi - lo];
    let mut taken: Vec<Hit> = Vec::new();
    for h in hits {
        let r = h.tokens.start - lo..h.tokens.end - lo;
        if taken_tokens[r.clone()].iter().all(|t| !t) {
            taken_tokens[r].iter_mut().for_each(|t| *t = true);
            taken.push(h);
        }
    }
    taken.sort_by_key(|h| h.tokens.start);
    taken
}

#[cfg(test)]
#[path = "lexicon_tests.rs"]
mod tests;
