//! Arrays of fixed-size records, stored by compact formats as one byte
//! string and read back in one pass.
//!
//! bincode reads a `Vec<u32>` one element at a time, with a bounds check and
//! a call per field; the lexicon's arrays (terms, their tokens, string
//! offsets) and the rules' source positions hold some 20 000 numbers, a
//! third of loading the built-in snapshot. As little-endian bytes they load
//! as a slice copy and a loop the compiler unrolls. Human-readable formats
//! (JSON, RON) still see a plain list.
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
}

impl Record for u32 {
    const SIZE: usize = 4;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> u32 {
        u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
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
        Ok(bytes.chunks_exact(T::SIZE).map(T::get).collect())
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
        let bytes = bincode::serialize(&h).unwrap();
        assert_eq!(bytes.len(), 8 + 16, "a length and the raw bytes");
        assert_eq!(bincode::deserialize::<Holder>(&bytes).unwrap(), h);
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, r#"{"values":[0,1,70000,4294967295]}"#);
        assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), h);
    }

    #[test]
    fn a_partial_record_is_an_error() {
        let bytes = bincode::serialize(&(serde_bytes_of(&[1, 2, 3, 4, 5]),)).unwrap();
        assert!(bincode::deserialize::<Holder>(&bytes).is_err());
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
