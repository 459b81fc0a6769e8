//! Correctly spelled English words: a word in this list is never
//! fuzzy-corrected into a different term (issue 11: "comma" is not a typo of
//! coma, "fewer" not of fever, "insignia" not of insomnia, "feinted" not of
//! fainted, "sweets" not of sweats).
//!
//! # The list
//!
//! `data/english-words.txt`: 69 546 words from SCOWL (Spell Checker Oriented
//! Word Lists, Kevin Atkinson, release 2020.12.07 as packaged by Debian's
//! `scowl`), sizes 10 to 55 — the common words a spell checker accepts, and
//! the British ones (size 55: "poo", "knackered", "paracetamol") that
//! descriptions written in British English use. Its licence is MIT-like
//! ("permission to use, copy, modify, distribute and sell … provided that the
//! above copyright notice appears in all copies"); the full notice, with
//! those of SCOWL's sources, is `data/english-words.LICENSE`, which must ship
//! with the list.
//!
//! What the list holds, as [`crate::normalize`] writes a word (lower case,
//! apostrophes dropped):
//! * the `english`, `american`, `british` and `british_z` word lists, so both
//!   "diarrhoea" and "diarrhea", "colour" and "color", "ageing" and "aging";
//!   inflections are listed words of their own ("fainted", "sweats",
//!   "runnier"), not derived by rule;
//! * the `english-contractions` list without its apostrophes ("dont", "cant",
//!   "wont", "isnt", "ive", "im", "youre"), and the `'s` contractions of
//!   pronouns and question words ("thats", "whats", "shes").
//!
//! What it leaves out, each for a reason:
//! * sizes 60 and up: they add rare words that are more often typos of a
//!   symptom word than themselves ("pules" for pulse, "puling" for puking,
//!   "chert" for chest, "sweatings", "vomitings");
//! * SCOWL's `variant` lists (less accepted spellings);
//! * possessives: without their apostrophe they read as plurals, often
//!   misspelled ones ("armys", "coachs", "weaknesss");
//! * proper names, abbreviations and any entry with an upper-case letter
//!   ("OK", "kHz").
//!
//! None of the usual misspellings of symptom words is in it (the tests pin
//! "tinitus", "insomina", "diarhea", "dizzyness", "nausia", "headake",
//! "palpitaions", "fatige", "feaver", "swetting", "swets", "tinnitis"), so
//! they stay correctable.
//!
//! `SNAPSHOTS=overwrite cargo test --lib wordlist` rewrites the file from the
//! SCOWL lists in `/usr/share/dict/scowl` (Debian: `apt-get install scowl`;
//! another folder with `YONGQUAN_SCOWL=DIR`); without `SNAPSHOTS=overwrite`
//! the same test fails when the file differs from what the lists give, and
//! passes without checking where no SCOWL folder is.
//!
//! # Cost
//!
//! The list is the text file itself, embedded with `include_str!` and
//! binary-searched line by line: nothing is parsed or allocated at start or
//! at the first look-up, and a binary that calls [`is_english_word`] gains
//! the file's size and no relocations (release `yongquan`: +649 kB, 4.72 →
//! 5.37 MB). A `&[&str]` table would add 16 bytes and a load-time
//! relocation per word (70 000 of them), a hash set a build at first use.
//! A look-up is about 17 probes: 128 ns warm (`benches/wordlist.rs`, 10 000
//! mixed look-ups in 1.28 ms), about 7 µs for the first of a process (page
//! faults on the pages it probes). Figures and commands: `bench/RESULTS.md`,
//! 2026-12-03.
//!
//! # Where the lexicon asks
//!
//! `Lexicon::fuzzy_at` asks `is_known_word(&tokens[i].key, …)`, and a
//! token's `key` is its Snowball stem ("sweets" → "sweet", "fewer" →
//! "fewer", "insignia" → "insignia", "running" → "run") while its `word` is
//! the normalised word as written. This list holds words, not stems, so it
//! is asked with `word`:
//!
//! ```text
//! // in Lexicon::fuzzy_at, the lone-word test (k == 1):
//! self.is_known_word(&tokens[content[q]].key, keys[q])
//!     || crate::wordlist::is_english_word(&tokens[content[q]].word)
//! ```
//!
//! A stem is often no word ("dizzi", "pressur") and a word list asked with
//! one would miss most inflected words. The same call can guard the words a
//! multi-word match would change (`changes_a_real_word`), but "night
//! sweets" is then no longer night sweats: there the other words of the
//! term vouch for the typo, which is why the lone word is the place for it.
//!
//! Tried with that one line (2026-12-03, not committed): "comma", "feinted"
//! and "insignia" were no longer read as coma, fainted and insomnia;
//! "tinitus" and "dizzyness" still were; the findings of the 370
//! descriptions in `tests/data/*.jsonl` and every test's result were
//! unchanged, and so was the cold `match` (callgrind, `bench/RESULTS.md`).
//! "running" still reads as "the runs": that is a stem match ("run"), not a
//! correction. `triage::REAL_WORDS` could then ask this list too; of its
//! words only "stroker" is not in it ("sizure" is a misspelling).

/// The words, one a line, sorted by byte, each line ending in `\n`.
const WORDS: &str = include_str!("../data/english-words.txt");

/// True when `word` (lower case, apostrophes removed, as
/// [`crate::normalize`] writes it) is a correctly spelled English word of
/// the list: "comma", "fewer", "sweets", "colour", "color", "dont". False
/// for misspellings ("insomina", "swets"), for words with an upper-case
/// letter and for anything that is not a single word.
pub fn is_english_word(word: &str) -> bool {
    find(WORDS.as_bytes(), word.as_bytes())
}

/// Binary search for the line `word` in `data`, lines sorted by byte and
/// each ending in `\n`. `lo` and `hi` are always line starts, so the line
/// holding the midpoint runs from the last `\n` before it to the next.
fn find(data: &[u8], word: &[u8]) -> bool {
    let (mut lo, mut hi) = (0, data.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = data[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = data[mid..hi]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(hi, |i| mid + i);
        match data[start..end].cmp(word) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{is_english_word, WORDS};
    use proptest::prelude::*;
    use std::collections::{BTreeSet, HashSet};
    use std::path::Path;
    use std::sync::OnceLock;

    fn words() -> impl Iterator<Item = &'static str> {
        WORDS.lines()
    }

    /// The words as a vector and as a set, built once for the property tests.
    fn list() -> &'static (Vec<&'static str>, HashSet<&'static str>) {
        static LIST: OnceLock<(Vec<&str>, HashSet<&str>)> = OnceLock::new();
        LIST.get_or_init(|| (words().collect(), words().collect()))
    }

    #[test]
    fn misspellings_of_symptom_words_are_not_words() {
        for typo in [
            "tinitus",
            "tinnitis",
            "insomina",
            "diarhea",
            "diarrea",
            "dizzyness",
            "nausia",
            "headake",
            "palpitaions",
            "fatige",
            "feaver",
            "swetting",
            "swets",
            "sweatings",
            "vomitings",
            "pules",
            "armys",
            "weaknesss",
        ] {
            assert!(!is_english_word(typo), "{typo} is a misspelling");
        }
    }

    /// Issue 11: the real words the fuzzy matcher corrected, and the terms.
    #[test]
    fn real_words_near_symptom_terms_are_words() {
        for word in [
            "comma", "coma", "fewer", "fever", "insignia", "insomnia", "feinted", "fainted",
            "sweets", "sweats", "sweat", "running", "fit", "faint", "dizzy", "tinnitus",
        ] {
            assert!(is_english_word(word), "{word} is a word");
        }
    }

    #[test]
    fn british_and_american_spellings_and_inflections() {
        for word in [
            "diarrhoea",
            "diarrhea",
            "colour",
            "color",
            "ageing",
            "aging",
            "oesophagus",
            "esophagus",
            "paracetamol",
            "headaches",
            "aching",
            "tired",
            "tiredly",
            "runnier",
            "runniest",
            "dizzier",
        ] {
            assert!(is_english_word(word), "{word} is a word");
        }
    }

    #[test]
    fn contractions_without_apostrophes() {
        for word in [
            "cant", "dont", "wont", "isnt", "ive", "im", "doesnt", "didnt", "youre", "theyre",
            "thats", "whats", "shes", "hes", "oclock",
        ] {
            assert!(is_english_word(word), "{word} is a contraction");
        }
    }

    #[test]
    fn not_a_single_lower_case_word() {
        for text in [
            "",
            "\n",
            "Comma",
            "COMMA",
            "night sweats",
            "comma\n",
            "ok",
            "ia",
        ] {
            assert!(!is_english_word(text), "{text:?}");
        }
    }

    /// The search relies on these: every line a word, sorted, unique, and
    /// the file ending in a newline.
    #[test]
    fn the_list_is_sorted_unique_and_every_word_is_found() {
        assert!(WORDS.ends_with('\n'));
        let list: Vec<&str> = words().collect();
        assert!(list.windows(2).all(|w| w[0] < w[1]), "sorted, unique");
        assert!(list.iter().all(|w| !w.is_empty()));
        assert!(list.iter().all(|w| is_english_word(w)));
    }

    /// Where the lexicon asks: its word, not its stem.
    #[test]
    fn words_not_stems() {
        use crate::parse::word_key;
        assert_eq!(word_key("sweets"), "sweet");
        assert_eq!(word_key("running"), "run");
        assert_eq!(word_key("fewer"), "fewer");
        assert_eq!(word_key("dizziness"), "dizzi");
        assert!(!is_english_word("dizzi"));
        assert!(is_english_word("dizziness"));
    }

    proptest! {
        #[test]
        fn listed_words_have_no_upper_case_and_no_white_space(i in any::<prop::sample::Index>()) {
            let word = i.get(&list().0);
            prop_assert!(!word.chars().any(|c| c.is_uppercase() || c.is_whitespace()));
            prop_assert!(word.chars().all(char::is_alphabetic));
        }

        /// The binary search answers as a set does, for words and near misses.
        #[test]
        fn search_agrees_with_a_set(word in "[a-z]{1,10}") {
            prop_assert_eq!(is_english_word(&word), list().1.contains(word.as_str()));
        }

        /// Likewise for a listed word with a letter put in: mostly misses
        /// that share a long prefix with their neighbours in the file.
        #[test]
        fn search_agrees_with_a_set_near_words(i in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), c in "[a-z]") {
            let mut word: Vec<char> = i.get(&list().0).chars().collect();
            word.insert(at.index(word.len() + 1), c.chars().next().unwrap());
            let word: String = word.into_iter().collect();
            prop_assert_eq!(is_english_word(&word), list().1.contains(word.as_str()));
        }
    }

    // ---- Generating data/english-words.txt from SCOWL ----

    /// The SCOWL lists taken, by category; each at the sizes up to [`SIZE`].
    const CATEGORIES: &[&str] = &[
        "english-words",
        "american-words",
        "british-words",
        "british_z-words",
        "english-contractions",
    ];

    /// The largest SCOWL size taken.
    const SIZE: u32 = 55;

    /// Bases whose `'s` is a contraction ("that's"), not a possessive.
    const S_CONTRACTIONS: &[&str] = &[
        "he", "she", "it", "that", "what", "who", "where", "there", "here", "let", "how", "when",
        "why",
    ];

    /// The list as SCOWL's lists in `dir` give it.
    fn generate(dir: &Path) -> String {
        let mut out = BTreeSet::new();
        let mut found = 0;
        for category in CATEGORIES {
            for size in [10, 20, 35, 40, 50, 55, 60, 70, 80, 95]
                .into_iter()
                .filter(|&s| s <= SIZE)
            {
                let Ok(text) = std::fs::read_to_string(dir.join(format!("{category}.{size}")))
                else {
                    continue;
                };
                found += 1;
                let contractions = category.ends_with("contractions");
                for entry in text.lines() {
                    if let Some(word) = normalised(entry, contractions) {
                        out.insert(word);
                    }
                }
            }
        }
        assert!(found > 10, "{}: no SCOWL lists", dir.display());
        out.into_iter().map(|w| w + "\n").collect()
    }

    /// An entry as the tokenizer would write it, if it belongs in the list.
    fn normalised(entry: &str, contraction: bool) -> Option<String> {
        let entry = if contraction {
            entry.to_lowercase()
        } else if let Some(base) = entry.strip_suffix("'s") {
            S_CONTRACTIONS.contains(&base).then(|| entry.to_string())?
        } else {
            entry.to_string()
        };
        let word: String = entry.chars().filter(|&c| c != '\'').collect();
        let ok = !word.is_empty() && word.chars().all(|c| c.is_alphabetic() && !c.is_uppercase());
        ok.then_some(word)
    }

    #[test]
    fn data_file_is_what_scowl_gives() {
        let dir = std::env::var_os("YONGQUAN_SCOWL")
            .map_or_else(|| "/usr/share/dict/scowl".into(), std::path::PathBuf::from);
        if !dir.is_dir() {
            // CI has no SCOWL: the other tests check the file itself.
            return;
        }
        snapbox::assert_data_eq!(
            generate(&dir),
            snapbox::file!["../data/english-words.txt"].raw()
        );
    }
}
