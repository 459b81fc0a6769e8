//! The keys ([`crate::parse::word_key`]) of the fixed word lists: fillers,
//! everyday words and negation cues, computed ahead of time.
//!
//! The lists are written as words where they are used (`lexicon.rs`,
//! `negation.rs`) and compared as keys. Stemming their ~360 words at start
//! took 0.66 M instructions, 14 % of a cold `match` (callgrind), so
//! `keys_generated.rs` holds the keys instead: single-word lists sorted and
//! deduplicated for [`contains`], sequences in their written order. The test
//! below fails when it is stale; `SNAPSHOTS=overwrite cargo test --lib keys`
//! rewrites it.

include!("keys_generated.rs");

/// True when `key` is in `keys`, a sorted list of this module.
pub(crate) fn contains(keys: &[&str], key: &str) -> bool {
    keys.binary_search(&key).is_ok()
}

/// True when `key` names a person on its own: a pronoun or a one-word
/// relative ("she", "son", "mum", 我) — the lists the assertion stage
/// follows people with.
pub(crate) fn is_person_word(key: &str) -> bool {
    contains(WRITER, key)
        || contains(THIRD, key)
        || RELATIVES.iter().any(|s| s.len() == 1 && s[0] == key)
}

/// What a token's key can start or be, for the assertion and negation
/// scans: its masks in `CUE_FIRST` and `PEOPLE_FIRST`, whether it is a
/// `TERMINATORS` word, may start a negation cue, or is a filler.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Roles {
    /// Mask of the cue lists it starts (`CUE_FIRST`).
    pub cue: u16,
    /// Mask of the people lists it starts (`PEOPLE_FIRST`).
    pub people: u16,
    /// It ends a cue's scope.
    pub terminator: bool,
    /// It may start a negation cue or pseudo-cue: the first word of a
    /// `PSEUDO` or `PRE_SEQ` sequence, or a `PRE`, `POST` or `EITHER` word.
    /// The negation scan looks no further at a word without it.
    pub negation: bool,
    /// A filler word ([`is_filler`]).
    pub filler: bool,
}

/// The [`Roles`] of `key`: one hash look-up. The scans asked three sorted
/// lists per token, a third of a line's cost (callgrind), so the lists are
/// merged into one table on first use (about 400 keys).
pub(crate) fn roles(key: &str) -> Roles {
    use std::sync::OnceLock;
    static TABLE: OnceLock<hashbrown::HashMap<&'static str, Roles>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: hashbrown::HashMap<&'static str, Roles> = hashbrown::HashMap::new();
        for (k, m) in CUE_FIRST {
            t.entry(k).or_default().cue |= m;
        }
        for (k, m) in PEOPLE_FIRST {
            t.entry(k).or_default().people |= m;
        }
        for k in TERMINATORS {
            t.entry(k).or_default().terminator = true;
        }
        let firsts = PSEUDO.iter().chain(PRE_SEQ).filter_map(|seq| seq.first());
        for k in firsts.chain(PRE).chain(POST).chain(EITHER) {
            t.entry(k).or_default().negation = true;
        }
        for k in FILLERS {
            t.entry(k).or_default().filler = true;
        }
        t
    });
    table.get(key).copied().unwrap_or_default()
}

/// True for a filler word's key ([`lexicon::FILLERS`](crate::lexicon::FILLERS)):
/// words a term may skip and a cue's scope reads through.
pub(crate) fn is_filler(key: &str) -> bool {
    // A hash look-up in the roles table: a binary search of the sorted list
    // was a twentieth of a batch of English lines (callgrind), asked about
    // every token several times.
    roles(key).filler
}

/// True when `key` can be (part of) a negation or assertion cue ("rule" of
/// "cannot rule out", "history" of "history of"): the lexicon never
/// fuzzy-corrects such a word into a term. One hash look-up: every word of
/// every cue list merged into a set on first use (the linear scans it
/// replaced were a tenth of a batch once the pinyin gate asked it of every
/// unknown word; callgrind).
pub(crate) fn is_cue_word(key: &str) -> bool {
    use std::sync::OnceLock;
    static WORDS: OnceLock<hashbrown::HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            let mut set: hashbrown::HashSet<&'static str> = hashbrown::HashSet::new();
            set.extend(PRE.iter().chain(POST).chain(EITHER).copied());
            for list in [
                PRE_SEQ,
                UNCERTAIN_PRE,
                UNCERTAIN_POST,
                RULED_OUT_POST,
                HISTORICAL_PRE,
                HISTORICAL_POST,
                RESOLVED_POST,
                HYPOTHETICAL_PRE,
                FAMILY_PRE,
                FAMILY_POST,
            ] {
                for seq in list {
                    set.extend(seq.iter().copied());
                }
            }
            set
        })
        .contains(key)
}

#[cfg(test)]
mod tests {
    use crate::parse::word_key;

    use crate::{assertion, lexicon, negation};

    /// Single-word lists: the module that writes each, its name, its words.
    const WORDS: &[(&str, &str, &[&str])] = &[
        ("lexicon", "FILLERS", lexicon::FILLERS),
        ("lexicon", "COMMON_WORDS", lexicon::COMMON_WORDS),
        ("negation", "PRE", negation::PRE),
        ("negation", "POST", negation::POST),
        ("negation", "EITHER", negation::EITHER),
        ("assertion", "TERMINATORS", assertion::TERMINATORS),
        ("assertion", "POSSESSIVES", assertion::POSSESSIVES),
        ("assertion", "WRITER", assertion::WRITER),
        ("assertion", "THIRD", assertion::THIRD),
    ];

    /// Lists of word sequences, likewise.
    const SEQUENCES: &[(&str, &str, &[&[&str]])] = &[
        ("negation", "PRE_SEQ", negation::PRE_SEQ),
        ("negation", "PSEUDO", negation::PSEUDO),
        ("assertion", "UNCERTAIN_PRE", assertion::UNCERTAIN_PRE),
        ("assertion", "UNCERTAIN_POST", assertion::UNCERTAIN_POST),
        ("assertion", "RULED_OUT_POST", assertion::RULED_OUT_POST),
        ("assertion", "RULED_OUT_PRE", assertion::RULED_OUT_PRE),
        ("assertion", "HISTORICAL_PRE", assertion::HISTORICAL_PRE),
        ("assertion", "HISTORICAL_POST", assertion::HISTORICAL_POST),
        ("assertion", "RESOLVED_POST", assertion::RESOLVED_POST),
        ("assertion", "HYPOTHETICAL_PRE", assertion::HYPOTHETICAL_PRE),
        ("assertion", "FAMILY_PRE", assertion::FAMILY_PRE),
        ("assertion", "FAMILY_POST", assertion::FAMILY_POST),
        ("assertion", "CURRENT", assertion::CURRENT),
        ("assertion", "NOW", assertion::NOW),
        ("assertion", "RELATIVES", assertion::RELATIVES),
        (
            "assertion",
            "HYPOTHETICAL_NEAR",
            assertion::HYPOTHETICAL_NEAR,
        ),
        ("assertion", "FINE", assertion::FINE),
        ("assertion", "SELF_EMPHASIS", assertion::SELF_EMPHASIS),
    ];

    /// Tables of first keys: for each key that starts a sequence of any
    /// of the lists, a bit mask of those lists (bit k = the k-th list). A
    /// token whose key is not in a table starts none of its sequences, so
    /// the cue and people scans skip it with one binary search and try
    /// only the lists its mask names (they were a third of a batch line).
    /// A table's name, its sequence lists, then its word lists.
    type FirstKeys = (
        &'static str,
        &'static [Seqs],
        &'static [&'static [&'static str]],
    );
    type Seqs = &'static [&'static [&'static str]];

    const FIRST_KEYS: &[FirstKeys] = &[
        (
            // The order of the cue lists in `assertion::cues`, then CURRENT, FINE and NOW.
            "CUE_FIRST",
            &[
                assertion::HYPOTHETICAL_NEAR,
                assertion::RULED_OUT_PRE,
                assertion::UNCERTAIN_PRE,
                assertion::UNCERTAIN_POST,
                assertion::RULED_OUT_POST,
                assertion::HISTORICAL_PRE,
                assertion::HISTORICAL_POST,
                assertion::RESOLVED_POST,
                assertion::HYPOTHETICAL_PRE,
                assertion::FAMILY_PRE,
                assertion::FAMILY_POST,
                assertion::CURRENT,
                assertion::FINE,
                assertion::NOW,
            ],
            &[],
        ),
        (
            // RELATIVES, SELF_EMPHASIS, then the words of WRITER, THIRD and "my".
            "PEOPLE_FIRST",
            &[assertion::RELATIVES, assertion::SELF_EMPHASIS],
            &[assertion::WRITER, assertion::THIRD, &["my"]],
        ),
    ];

    fn quoted<'a>(keys: impl IntoIterator<Item = &'a String>) -> String {
        keys.into_iter()
            .map(|k| format!("{k:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn generate() -> String {
        let mut out = String::from(
            "// @generated by `SNAPSHOTS=overwrite cargo test --lib keys` from the word\n\
             // lists named below; do not edit by hand.\n",
        );
        for (module, name, list) in WORDS {
            let mut keys: Vec<String> = list.iter().map(|w| word_key(w)).collect();
            keys.sort();
            keys.dedup();
            out.push_str(&format!(
                "\n/// Keys of `{module}::{name}`, sorted.\npub(crate) const {name}: &[&str] = &[{}];\n",
                quoted(&keys)
            ));
        }
        for (name, seqs, words) in FIRST_KEYS {
            let mut masks: std::collections::BTreeMap<String, u16> = Default::default();
            let firsts = seqs
                .iter()
                .map(|l| l.iter().map(|s| s[0]).collect::<Vec<_>>())
                .chain(words.iter().map(|l| l.to_vec()));
            for (bit, list) in firsts.enumerate() {
                for w in list {
                    *masks.entry(word_key(w)).or_default() |= 1 << bit;
                }
            }
            let entries: Vec<String> = masks.iter().map(|(k, m)| format!("({k:?}, {m})")).collect();
            out.push_str(&format!(
                "\n/// First keys of the lists that make `{name}`, sorted, each with the\n/// mask of the lists it starts.\npub(crate) const {name}: &[(&str, u16)] = &[{}];\n",
                entries.join(", ")
            ));
        }
        for (module, name, list) in SEQUENCES {
            out.push_str(&format!(
                "\n/// Keys of `{module}::{name}`, in order.\npub(crate) const {name}: &[&[&str]] = &[\n"
            ));
            for seq in list.iter() {
                let keys: Vec<String> = seq.iter().map(|w| word_key(w)).collect();
                out.push_str(&format!("    &[{}],\n", quoted(&keys)));
            }
            out.push_str("];\n");
        }
        out
    }

    #[test]
    fn generated_keys_are_current() {
        snapbox::assert_data_eq!(generate(), snapbox::file!["keys_generated.rs"].raw());
    }

    #[test]
    fn sorted_lists_answer_membership() {
        assert!(super::contains(super::FILLERS, &word_key("the")));
        assert!(super::contains(super::PRE, &word_key("denying")));
        assert!(!super::contains(super::PRE, &word_key("headache")));
    }
}
