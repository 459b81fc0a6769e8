//! Arrays of fixed-size records, stored by compact formats as one byte
//! string and read back in one pass.
//!
//! A serde format reads a `Vec<u32>` one element at a time, with a call per
//! field (postcard also decodes each as a varint; bincode 1, used before,
//! did a bounds check each). The lexicon's arrays (terms, their tokens,
//! string offsets) and the rules' source positions hold some 20 000
//! numbers, a third of loading the built-in snapshot; the ready-made typo
//! and Chinese slip indexes (`FuzzyIndex`, `HanIndex`) over 100 000 records
//! more. As little-endian bytes they load as a slice copy and a loop the
//! compiler unrolls (postcard, a cold `match` with a typo, callgrind: 14.7 M
//! instructions with the typo index's arrays as plain lists, 6.0 M as
//! records). Only serde's byte-string API is used (`serialize_bytes`,
//! `deserialize_bytes`), so this does not depend on how a format writes a
//! byte string's length (postcard: a varint). Human-readable formats (JSON,
//! RON) still see a plain list.
//!
//! Use on a `Vec<T>` field with `#[serde(with = "crate::records")]`.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// A value with a fixed-size little-endian encoding.
pub(crate) trait Record: Sized {
    /// Encoded size in bytes.
    const SIZE: usize;
    /// Appends exactly [`Record::SIZE`] bytes.
    fn put(&self, out: &mut Vec<u8>);
    /// Reads one record from exactly [`Record::SIZE`] bytes.
    fn get(bytes: &[u8]) -> Self;
    /// Reads every record of `bytes`, a whole number of them.
    fn get_all(bytes: &[u8]) -> Vec<Self> {
        bytes.chunks_exact(Self::SIZE).map(Self::get).collect()
    }
}

/// `Record` for an integer type of `$size` bytes.
macro_rules! integer_record {
    ($int:ty, $size:literal) => {
        impl Record for $int {
            const SIZE: usize = $size;
            fn put(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn get(bytes: &[u8]) -> $int {
                let (chunks, _) = bytes.as_chunks::<$size>();
                <$int>::from_le_bytes(chunks[0])
            }
            /// Over fixed-size arrays, so that the compiler sees no bounds
            /// check and turns the loop into a vector copy (on a
            /// little-endian target).
            fn get_all(bytes: &[u8]) -> Vec<$int> {
                let (chunks, _) = bytes.as_chunks::<$size>();
                chunks.iter().map(|&c| <$int>::from_le_bytes(c)).collect()
            }
        }
    };
}

integer_record!(u32, 4);
integer_record!(u64, 8);

impl<A: Record, B: Record> Record for (A, B) {
    const SIZE: usize = A::SIZE + B::SIZE;
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    #[inline]
    fn get(bytes: &[u8]) -> (A, B) {
        (A::get(&bytes[..A::SIZE]), B::get(&bytes[A::SIZE..]))
    }
}

impl<A: Record, B: Record, C: Record> Record for (A, B, C) {
    const SIZE: usize = A::SIZE + B::SIZE + C::SIZE;
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
        self.2.put(out);
    }
    #[inline]
    fn get(bytes: &[u8]) -> (A, B, C) {
        let (a, rest) = bytes.split_at(A::SIZE);
        let (b, c) = rest.split_at(B::SIZE);
        (A::get(a), B::get(b), C::get(c))
    }
}

/// Reads the `i`-th u32 of a record's bytes.
#[inline]
pub(crate) fn u32_at(bytes: &[u8], i: usize) -> u32 {
    u32::get(&bytes[4 * i..4 * i + 4])
}

/// Serialises `records` (as bytes, or as a list for human-readable formats).
pub(crate) fn serialize<T, S>(records: &[T], serializer: S) -> Result<S::Ok, S::Error>
where
    T: Record + Serialize,
    S: Serializer,
{
    if serializer.is_human_readable() {
        return records.serialize(serializer);
    }
    let mut bytes = Vec::with_capacity(records.len() * T::SIZE);
    for r in records {
        r.put(&mut bytes);
    }
    serializer.serialize_bytes(&bytes)
}

/// Reads what [`serialize`] wrote.
///
/// # Errors
/// When the byte string is not a whole number of records.
pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    T: Record + Deserialize<'de>,
    D: Deserializer<'de>,
{
    if deserializer.is_human_readable() {
        return Vec::deserialize(deserializer);
    }
    deserializer.deserialize_bytes(RecordsVisitor(PhantomData))
}

struct RecordsVisitor<T>(PhantomData<T>);

impl<T: Record> Visitor<'_> for RecordsVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a byte string of {}-byte records", T::SIZE)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Vec<T>, E> {
        if !bytes.len().is_multiple_of(T::SIZE) {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        Ok(T::get_all(bytes))
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Holder {
        #[serde(with = "super")]
        values: Vec<u32>,
    }

    #[test]
    fn compact_and_readable_forms_round_trip() {
        let h = Holder {
            values: vec![0, 1, 70_000, u32::MAX],
        };
        let bytes = postcard::to_allocvec(&h).unwrap();
        let mut expected = vec![16]; // the byte string's length, a varint
        for v in [0u32, 1, 70_000, u32::MAX] {
            expected.extend_from_slice(&v.to_le_bytes());
        }
        assert_eq!(bytes, expected, "a length and the raw bytes");
        assert_eq!(postcard::from_bytes::<Holder>(&bytes).unwrap(), h);
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, r#"{"values":[0,1,70000,4294967295]}"#);
        assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), h);
    }

    #[test]
    fn wide_numbers_and_tuples_are_records_too() {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Wide {
            #[serde(with = "super")]
            hashes: Vec<u64>,
            #[serde(with = "super")]
            rows: Vec<(u64, u32, u64)>,
        }
        let w = Wide {
            hashes: vec![0, u64::MAX, 0x0102_0304_0506_0708],
            rows: vec![(u64::MAX, 7, 1), (2, u32::MAX, 3)],
        };
        let bytes = postcard::to_allocvec(&w).unwrap();
        assert_eq!(bytes.len(), 1 + 3 * 8 + 1 + 2 * 20);
        assert_eq!(bytes[17..25], [8, 7, 6, 5, 4, 3, 2, 1], "little-endian");
        assert_eq!(postcard::from_bytes::<Wide>(&bytes).unwrap(), w);
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(serde_json::from_str::<Wide>(&json).unwrap(), w);
        // 19 bytes are no whole (u64, u32, u64).
        let mut short = bytes.clone();
        short.truncate(1 + 3 * 8);
        short.push(19);
        short.extend([0; 19]);
        assert!(postcard::from_bytes::<Wide>(&short).is_err());
    }

    #[test]
    fn a_partial_record_is_an_error() {
        let bytes = postcard::to_allocvec(&(serde_bytes_of(&[1, 2, 3, 4, 5]),)).unwrap();
        assert_eq!(bytes, [5, 1, 2, 3, 4, 5]);
        assert!(postcard::from_bytes::<Holder>(&bytes).is_err());
        // A length past the end of the input is an error too, not a panic.
        assert!(postcard::from_bytes::<Holder>(&[8, 1, 2, 3, 4]).is_err());
    }

    /// Five raw bytes, as a byte string.
    fn serde_bytes_of(b: &[u8]) -> Bytes<'_> {
        Bytes(b)
    }

    struct Bytes<'a>(&'a [u8]);

    impl serde::Serialize for Bytes<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }
}
