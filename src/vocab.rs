//! A vocabulary: distinct strings stored once, named by dense `u32` ids.
//!
//! The lexicon keeps its token keys and words here, so a term is a short
//! list of ids instead of a tree of `String`s: the built-in snapshot loads as
//! two buffers ([`Strings`]) instead of thousands of small allocations, and
//! matching compares integers.
//!
//! Lookup by string uses a hash table of ids that hashes the stored strings
//! themselves (no second copy); it is not serialised and is rebuilt by
//! [`Vocab::reindex`] after loading.

use crate::strings::Strings;
use hashbrown::{DefaultHashBuilder, HashTable};
use std::hash::BuildHasher;

/// Distinct strings with dense ids in insertion order.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Vocab {
    /// String `id` is `strings.get(id)`.
    strings: Strings,
    /// Ids by string; empty until [`Vocab::reindex`] after deserialising.
    #[serde(skip)]
    table: HashTable<u32>,
    #[serde(skip)]
    hasher: DefaultHashBuilder,
}

impl Vocab {
    /// Number of strings.
    pub(crate) fn len(&self) -> usize {
        self.strings.len()
    }

    /// The string of `id` (empty for an id this vocabulary never returned).
    pub(crate) fn str(&self, id: u32) -> &str {
        self.strings.get(id as usize).unwrap_or_default()
    }

    /// The id of `s`, if it was inserted.
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(s);
        self.table.find(hash, |&id| self.str(id) == s).copied()
    }

    /// The id of `s`, inserting it if new.
    ///
    /// # Panics
    /// Past 4 GiB of text.
    pub(crate) fn insert(&mut self, s: &str) -> u32 {
        if let Some(id) = self.get(s) {
            return id;
        }
        let id = self.strings.push(s) as u32;
        self.index(id);
        id
    }

    /// Rebuilds the lookup table (after deserialising).
    pub(crate) fn reindex(&mut self) {
        self.table = HashTable::with_capacity(self.strings.len());
        for id in 0..self.strings.len() as u32 {
            self.index(id);
        }
    }

    fn index(&mut self, id: u32) {
        let Vocab {
            strings,
            table,
            hasher,
        } = self;
        let hash_of = |id: u32| hasher.hash_one(strings.get(id as usize).unwrap_or_default());
        table.insert_unique(hash_of(id), id, |&other| hash_of(other));
    }
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
        let mut back: Vocab = postcard::from_bytes(&postcard::to_allocvec(&v).unwrap()).unwrap();
        assert_eq!(back.get("dizzi"), None, "the table is not serialised");
        back.reindex();
        for (id, w) in words.iter().enumerate() {
            assert_eq!(back.get(w), Some(id as u32));
            assert_eq!(back.str(id as u32), *w);
        }
        assert_eq!(back.insert("vertigo"), 5);
    }
}
