//! A vocabulary: distinct strings stored once, named by dense `u32` ids.
//!
//! The lexicon keeps its token keys and words here, so a term is a short
//! list of ids instead of a tree of `String`s: the built-in snapshot loads as
//! two buffers (all strings concatenated, and their end offsets) instead of
//! thousands of small allocations, and matching compares integers.
//!
//! Lookup by string uses a hash table of ids that hashes the stored strings
//! themselves (no second copy); it is not serialised and is rebuilt by
//! [`Vocab::reindex`] after loading.

use hashbrown::{DefaultHashBuilder, HashTable};
use std::hash::BuildHasher;

/// Distinct strings with dense ids in insertion order.
///
/// Invariant: `ends` is non-decreasing, its last value is `text.len()`, and
/// every end falls on a char boundary of `text`.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Vocab {
    /// Every string, concatenated in id order.
    text: String,
    /// String `id` is `text[ends[id - 1]..ends[id]]` (from 0 for id 0), in bytes.
    ends: Vec<u32>,
    /// Ids by string; empty until [`Vocab::reindex`] after deserialising.
    #[serde(skip)]
    table: HashTable<u32>,
    #[serde(skip)]
    hasher: DefaultHashBuilder,
}

impl Vocab {
    /// Number of strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The string of `id`.
    ///
    /// # Panics
    /// If `id` was not returned by this vocabulary.
    pub(crate) fn str(&self, id: u32) -> &str {
        slice(&self.text, &self.ends, id)
    }

    /// The id of `s`, if it was inserted.
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(s);
        self.table.find(hash, |&id| self.str(id) == s).copied()
    }

    /// The id of `s`, inserting it if new.
    ///
    /// # Panics
    /// Past 4 GiB of text or 2³² strings.
    pub(crate) fn insert(&mut self, s: &str) -> u32 {
        if let Some(id) = self.get(s) {
            return id;
        }
        let id = u32::try_from(self.ends.len()).expect("under 2^32 strings");
        self.text.push_str(s);
        self.ends
            .push(u32::try_from(self.text.len()).expect("vocabulary under 4 GiB"));
        self.index(id);
        id
    }

    /// Rebuilds the lookup table (after deserialising).
    pub(crate) fn reindex(&mut self) {
        self.table = HashTable::with_capacity(self.ends.len());
        for id in 0..self.ends.len() as u32 {
            self.index(id);
        }
    }

    fn index(&mut self, id: u32) {
        let Vocab {
            table,
            hasher,
            text,
            ends,
        } = self;
        let hash = hasher.hash_one(slice(text, ends, id));
        table.insert_unique(hash, id, |&other| hasher.hash_one(slice(text, ends, other)));
    }
}

/// String `id` of the buffers (a free function so the table's rehash
/// closure can borrow the buffers while the table is borrowed mutably).
fn slice<'a>(text: &'a str, ends: &[u32], id: u32) -> &'a str {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends[id - 1] as usize };
    &text[start..ends[id] as usize]
}

#[cfg(test)]
mod tests {
    use super::Vocab;

    #[test]
    fn ids_are_dense_and_stable() {
        let mut v = Vocab::default();
        assert_eq!(v.insert("sweat"), 0);
        assert_eq!(v.insert("night"), 1);
        assert_eq!(v.insert("sweat"), 0);
        assert_eq!(v.insert("盗汗"), 2);
        assert_eq!(v.insert(""), 3);
        assert_eq!(v.len(), 4);
        assert_eq!(
            (v.str(0), v.str(1), v.str(2), v.str(3)),
            ("sweat", "night", "盗汗", "")
        );
        assert_eq!(v.get("night"), Some(1));
        assert_eq!(v.get("nigh"), None);
    }

    #[test]
    fn lookup_survives_a_round_trip() {
        let mut v = Vocab::default();
        let words = ["tinnitus", "耳鸣", "dizzi", "headach", "insomnia"];
        for w in words {
            v.insert(w);
        }
        let mut back: Vocab = bincode::deserialize(&bincode::serialize(&v).unwrap()).unwrap();
        assert_eq!(back.get("dizzi"), None, "the table is not serialised");
        back.reindex();
        for (id, w) in words.iter().enumerate() {
            assert_eq!(back.get(w), Some(id as u32));
            assert_eq!(back.str(id as u32), *w);
        }
        assert_eq!(back.insert("vertigo"), 5);
    }
}
