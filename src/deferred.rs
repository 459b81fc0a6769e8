//! [`Deferred`]: a value of the compiled snapshot that is decoded on first
//! use, not at start-up.
//!
//! A cold `match` decodes the whole built-in snapshot, and most of its cost
//! is one allocation per string. Parts that matching never reads (the
//! bibliography, the rules' examples) are kept as their encoded bytes, one
//! allocation each, and decoded the first time a command asks for them
//! (`rules show`, `rules test`). With the differential rules this saved
//! about a tenth of a cold `match` (callgrind, bench/RESULTS.md).

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

/// A `T` that a compact (postcard) snapshot stores as its own encoded bytes
/// and that is decoded on first access ([`Deref`]). Human-readable formats
/// see a plain `T`. Built in memory ([`Deferred::new`]), it is just the
/// value.
///
/// Bytes that do not decode as a `T` (a snapshot of another version) give
/// `T::default()`. The built-in snapshot is the one the rules compile to (a
/// test checks it byte for byte), and debug builds check every deferred part
/// when a snapshot loads ([`crate::Matcher::from_snapshot`]).
#[derive(Default)]
pub struct Deferred<T> {
    bytes: Vec<u8>,
    value: OnceLock<T>,
}

impl<T> Deferred<T> {
    /// A value that is already decoded.
    pub fn new(value: T) -> Deferred<T> {
        Deferred {
            bytes: Vec::new(),
            value: OnceLock::from(value),
        }
    }
}

impl<T: DeserializeOwned + Default> Deferred<T> {
    fn decode(&self) -> Option<T> {
        postcard::from_bytes(&self.bytes).ok()
    }

    /// True when the value is decoded or its bytes decode (without keeping
    /// the result).
    pub(crate) fn check(&self) -> bool {
        self.value.get().is_some() || self.decode().is_some()
    }
}

impl<T: DeserializeOwned + Default> Deref for Deferred<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value.get_or_init(|| self.decode().unwrap_or_default())
    }
}

impl<T: Clone + DeserializeOwned + Default> Clone for Deferred<T> {
    fn clone(&self) -> Self {
        match self.value.get() {
            Some(v) => Deferred::new(v.clone()),
            None => Deferred {
                bytes: self.bytes.clone(),
                value: OnceLock::new(),
            },
        }
    }
}

impl<T: fmt::Debug + DeserializeOwned + Default> fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: Serialize + DeserializeOwned + Default> Serialize for Deferred<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            (**self).serialize(serializer)
        } else {
            let bytes = postcard::to_allocvec(&**self).map_err(serde::ser::Error::custom)?;
            serializer.serialize_bytes(&bytes)
        }
    }
}

impl<'de, T: DeserializeOwned + Default> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Deferred<T>, D::Error> {
        if deserializer.is_human_readable() {
            return T::deserialize(deserializer).map(Deferred::new);
        }
        struct Bytes;
        impl Visitor<'_> for Bytes {
            type Value = Vec<u8>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("encoded bytes")
            }

            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }

            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        let bytes = deserializer.deserialize_byte_buf(Bytes)?;
        Ok(Deferred {
            bytes,
            value: OnceLock::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Deferred;
    use std::collections::BTreeMap;

    #[test]
    fn round_trips_through_postcard_undecoded_until_used() {
        let map: BTreeMap<String, Vec<String>> = [(
            "seed".to_string(),
            vec!["a".to_string(), "湧泉".to_string()],
        )]
        .into();
        let d = Deferred::new(map.clone());
        let bytes = postcard::to_allocvec(&d).unwrap();
        let back: Deferred<BTreeMap<String, Vec<String>>> = postcard::from_bytes(&bytes).unwrap();
        assert!(back.value.get().is_none(), "not decoded yet");
        assert!(back.check());
        assert_eq!(*back, map);
        assert!(back.value.get().is_some());
        // A clone of an undecoded value stays undecoded and equal.
        let again: Deferred<BTreeMap<String, Vec<String>>> = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(*again.clone(), map);
    }

    #[test]
    fn human_readable_formats_see_the_plain_value() {
        let d = Deferred::new(vec![1u32, 2, 3]);
        assert_eq!(serde_json::to_string(&d).unwrap(), "[1,2,3]");
        let back: Deferred<Vec<u32>> = serde_json::from_str("[4]").unwrap();
        assert_eq!(*back, [4]);
    }

    #[test]
    fn bytes_of_something_else_fail_the_check_and_read_as_default() {
        let junk: Deferred<Vec<String>> =
            postcard::from_bytes(&postcard::to_allocvec(&vec![0xffu8; 3]).unwrap()).unwrap();
        assert!(!junk.check());
        assert!(junk.is_empty());
    }
}
