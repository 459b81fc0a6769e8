//! [`Strings`]: a list of strings kept in one buffer.
//!
//! The built-in rules hold thousands of short strings (every term of every
//! symptom). As `Vec<String>` each is an allocation when the compiled
//! snapshot loads; as [`Strings`] a whole list is two: its text and its
//! end offsets (a cold `match`: 3.9 M → 3.6 M instructions, callgrind).

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An immutable-once-built list of strings in one buffer.
///
/// Invariant: `ends` is non-decreasing, its last value is `text.len()`,
/// and every end falls on a char boundary of `text`. String `i` is
/// `text[ends[i - 1]..ends[i]]` (from 0 for the first), byte offsets.
///
/// Serialised as a plain list of strings by human-readable formats (JSON,
/// RON) and as the buffer and its offsets by compact ones (postcard), which
/// are checked against the invariant when read back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    /// An empty list.
    pub fn new() -> Strings {
        Strings::default()
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the list holds no string.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// String `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.text[start..end])
    }

    /// The strings in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// Appends `s`; returns its index.
    ///
    /// # Panics
    /// Past 4 GiB of text in one list.
    pub fn push(&mut self, s: &str) -> usize {
        self.text.push_str(s);
        let end = u32::try_from(self.text.len()).expect("a string list under 4 GiB");
        self.ends.push(end);
        self.ends.len() - 1
    }

    /// The buffer and offsets, if they keep the invariant.
    fn from_parts(text: String, ends: Vec<u32>) -> Option<Strings> {
        let mut previous = 0;
        for &end in &ends {
            if end < previous || !text.is_char_boundary(end as usize) {
                return None;
            }
            previous = end;
        }
        (previous as usize == text.len()).then_some(Strings { text, ends })
    }
}

impl<S: AsRef<str>> FromIterator<S> for Strings {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Strings {
        let mut out = Strings::new();
        for s in iter {
            out.push(s.as_ref());
        }
        out
    }
}

impl Serialize for Strings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            let mut seq = serializer.serialize_seq(Some(self.len()))?;
            for s in self.iter() {
                seq.serialize_element(s)?;
            }
            seq.end()
        } else {
            Compact {
                text: self.text.clone(),
                ends: self.ends.clone(),
            }
            .serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Strings, D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_seq(ListVisitor)
        } else {
            let Compact { text, ends } = Compact::deserialize(deserializer)?;
            Strings::from_parts(text, ends)
                .ok_or_else(|| de::Error::custom("string list offsets out of order or bounds"))
        }
    }
}

/// The compact form: the buffer and its offsets as raw records.
#[derive(Serialize, Deserialize)]
struct Compact {
    #[serde(deserialize_with = "utf8_text")]
    text: String,
    #[serde(with = "crate::records")]
    ends: Vec<u32>,
}

/// Reads a string written as a `str` (postcard writes its length and bytes,
/// as it does a byte string)
/// and checks it with `simdutf8` instead of std's validator: validating the
/// snapshot's text was a quarter of a cold `match` (callgrind: 1.15 M of
/// 4.69 M instructions with the differential rules; std's validator runs
/// about 2 instructions a byte on CJK text). Isolated here for that measured
/// reason; the result is the same `String` std would build.
fn utf8_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Utf8;
    impl<'de> Visitor<'de> for Utf8 {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("UTF-8 text")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }

        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<String, E> {
            self.visit_byte_buf(v.to_vec())
        }

        fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<String, E> {
            if simdutf8::basic::from_utf8(&v).is_err() {
                return Err(E::custom("string list text is not UTF-8"));
            }
            // SAFETY: `simdutf8` has just checked that `v` is UTF-8.
            Ok(unsafe { String::from_utf8_unchecked(v) })
        }
    }
    deserializer.deserialize_byte_buf(Utf8)
}

struct ListVisitor;

impl<'de> Visitor<'de> for ListVisitor {
    type Value = Strings;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of strings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
        let mut out = Strings::new();
        while let Some(s) = seq.next_element::<String>()? {
            out.push(&s);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::{Compact, Strings};

    #[test]
    fn keeps_order_and_boundaries() {
        let list: Strings = ["night sweats", "", "盗汗", "tinnitus"]
            .into_iter()
            .collect();
        assert_eq!(list.len(), 4);
        assert_eq!(
            list.iter().collect::<Vec<_>>(),
            ["night sweats", "", "盗汗", "tinnitus"]
        );
        assert_eq!(list.get(2), Some("盗汗"));
        assert_eq!(list.get(4), None);
        assert!(Strings::new().is_empty());
    }

    #[test]
    fn compact_and_readable_forms_round_trip() {
        let list: Strings = ["a", "耳鸣", "dry mouth"].into_iter().collect();
        let compact: Strings =
            postcard::from_bytes(&postcard::to_allocvec(&list).unwrap()).unwrap();
        assert_eq!(compact, list);
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, r#"["a","耳鸣","dry mouth"]"#);
        assert_eq!(serde_json::from_str::<Strings>(&json).unwrap(), list);
    }

    #[test]
    fn corrupt_offsets_are_an_error_not_a_panic() {
        for (text, ends) in [
            ("abc", vec![2u32, 1, 3]),
            ("abc", vec![4]),
            ("abc", vec![1]),
            ("耳", vec![1, 3]),
        ] {
            let text = text.to_string();
            let bytes = postcard::to_allocvec(&Compact { text, ends }).unwrap();
            assert!(
                postcard::from_bytes::<Strings>(&bytes).is_err(),
                "{bytes:?}"
            );
        }
        // The same form with offsets that keep the invariant reads back.
        let bytes = postcard::to_allocvec(&Compact {
            text: "abc".to_string(),
            ends: vec![1, 1, 3],
        })
        .unwrap();
        let list = postcard::from_bytes::<Strings>(&bytes).unwrap();
        assert_eq!(list.iter().collect::<Vec<_>>(), ["a", "", "bc"]);
    }

    #[test]
    fn the_compact_form_is_the_text_then_the_offsets_as_raw_bytes() {
        let list: Strings = ["ab", "c"].into_iter().collect();
        let bytes = postcard::to_allocvec(&list).unwrap();
        assert_eq!(bytes, [3, b'a', b'b', b'c', 8, 2, 0, 0, 0, 3, 0, 0, 0]);
        // Text that is not UTF-8 is an error, not a panic or a bad `String`.
        let bad = [2, 0xc3, 0x28, 4, 2, 0, 0, 0];
        assert!(postcard::from_bytes::<Strings>(&bad).is_err());
        // Lengths past the end of the input.
        assert!(postcard::from_bytes::<Strings>(&[9, b'a']).is_err());
        assert!(postcard::from_bytes::<Strings>(&[1, b'a', 8, 1, 0, 0, 0]).is_err());
    }
}
