//! Input read one line at a time with a limit on each line, as `match
//! --batch` and `eval` read it, and what is wrong with a line that cannot be
//! used.
//!
//! Lines end with `\n` or `\r\n`; a UTF-8 byte-order mark before the first
//! line is skipped. A line keeps at most [`MAX_INPUT_BYTES`] + 1 bytes
//! (enough to tell that it is too long) whatever its length, so memory
//! stays bounded on any input, `/dev/zero` included.
//!
//! A line of JSON Lines input names its fields: [`read_fields`] reads the
//! `"id"` and `"text"` of an object as written, and [`too_long`] says which
//! field made a line too long, keeping the id when it came first.

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead};
use yongquan::MAX_INPUT_BYTES;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// One line read by [`next_line`].
#[derive(Debug, Clone, Copy)]
pub struct Line {
    /// Its full length in bytes, without the line end (it keeps at most
    /// [`MAX_INPUT_BYTES`] + 1 of them).
    pub len: usize,
    /// Input bytes consumed, line end included.
    pub consumed: u64,
}

/// Appends the next line, without its line end, to `buf`; `first` when it
/// is the first line of the input (a byte-order mark is then dropped).
/// `None` at the end of the input.
pub fn next_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    first: bool,
) -> io::Result<Option<Line>> {
    let start = buf.len();
    let Some((mut len, consumed)) = read_line(reader, buf, MAX_INPUT_BYTES + 1)? else {
        return Ok(None);
    };
    if first && buf[start..].starts_with(BOM) {
        buf.drain(start..start + BOM.len());
        len -= BOM.len();
    }
    // A `\r\n` line end, unless the line was cut (then it is too long anyway).
    if buf.len() - start == len && buf[start..].ends_with(b"\r") {
        buf.pop();
        len -= 1;
    }
    Ok(Some(Line { len, consumed }))
}

/// Appends one line, without its `\n`, to `buf`, keeping at most `limit`
/// bytes of it. Returns (the line's full length, bytes consumed with the
/// line end), or `None` at the end of the input.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Option<(usize, u64)>> {
    let mut len = 0;
    let mut consumed = 0u64;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed > 0).then_some((len, consumed)));
        }
        let newline = available.iter().position(|&b| b == b'\n');
        let take = newline.unwrap_or(available.len());
        let room = limit.saturating_sub(len);
        buf.extend_from_slice(&available[..take.min(room)]);
        len += take;
        let used = take + usize::from(newline.is_some());
        consumed += used as u64;
        reader.consume(used);
        if newline.is_some() {
            return Ok(Some((len, consumed)));
        }
    }
}

/// Why a line cannot be read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadLine {
    /// Over [`MAX_INPUT_BYTES`]: `len` bytes.
    TooLong { len: usize },
    /// Not UTF-8 from byte `at` of the line on.
    NotUtf8 { at: usize },
}

/// The text of a line of `len` bytes whose kept bytes are `bytes`.
pub fn text(bytes: &[u8], len: usize) -> Result<&str, BadLine> {
    if len > MAX_INPUT_BYTES {
        return Err(BadLine::TooLong { len });
    }
    std::str::from_utf8(bytes).map_err(|e| BadLine::NotUtf8 {
        at: e.valid_up_to(),
    })
}

impl fmt::Display for BadLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadLine::TooLong { len } => write!(
                f,
                "the line is {len} bytes, over the limit of {MAX_INPUT_BYTES} bytes"
            ),
            BadLine::NotUtf8 { at } => write!(
                f,
                "the line is not valid UTF-8 (first bad byte at byte {at} of the line); \
                 convert the file to UTF-8"
            ),
        }
    }
}

/// The fields of a JSON Lines object that the CLI reads, unparsed: the id
/// is echoed verbatim (a large or precise number would not survive a round
/// trip through f64).
#[derive(Debug, Default)]
pub struct Fields<'a> {
    pub id: Option<&'a RawValue>,
    pub text: Option<&'a RawValue>,
    /// `"id"` or `"text"` when the object has that key twice (the first
    /// value is kept).
    pub twice: Option<&'static str>,
    /// The key whose value was being read when the input failed (or ended).
    pub open: Option<String>,
}

/// Reads the fields of the JSON object `json`. On an error, what was read
/// before it is returned with it: the id of a line cut short survives.
pub fn read_fields(json: &str) -> (Fields<'_>, Result<(), serde_json::Error>) {
    let mut fields = Fields::default();
    let mut de = serde_json::Deserializer::from_str(json);
    let result = Fill(&mut fields)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    (fields, result)
}

/// Fills [`Fields`] from a JSON object, keeping what it read when it fails.
struct Fill<'s, 'a>(&'s mut Fields<'a>);

impl<'de> DeserializeSeed<'de> for Fill<'_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Fill<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let (slot, name) = match key.as_ref() {
                "id" => (&mut self.0.id, "id"),
                "text" => (&mut self.0.text, "text"),
                _ => {
                    self.0.open = Some(key.into_owned());
                    map.next_value::<IgnoredAny>()?;
                    self.0.open = None;
                    continue;
                }
            };
            self.0.open = Some(name.to_string());
            let value: &'de RawValue = map.next_value()?;
            self.0.open = None;
            if slot.is_some() {
                self.0.twice.get_or_insert(name);
            } else {
                *slot = Some(value);
            }
        }
        Ok(())
    }
}

/// A JSON Lines line of `len` bytes, over the limit, of which `kept` were
/// kept: the id when it came before the cut, and a message naming the field
/// that made the line too long.
pub fn too_long(kept: &[u8], len: usize) -> (Option<&RawValue>, String) {
    let line = BadLine::TooLong { len };
    // The kept bytes may end inside a character.
    let valid = match std::str::from_utf8(kept) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&kept[..e.valid_up_to()]).unwrap_or_default(),
    };
    let (fields, _) = read_fields(valid);
    let message = match fields.open.as_deref() {
        Some("id") => format!("the \"id\" is too long: {line}; use a short id"),
        Some("text") => format!(
            "the \"text\" is too long: {line}; split the description (at most {MAX_INPUT_BYTES} bytes)"
        ),
        Some(key) => format!(
            "the {} field is too long: {line}; shorten it",
            serde_json::to_string(key).unwrap_or_default()
        ),
        None => format!("{line}; shorten it"),
    };
    (fields.id, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<(Vec<u8>, usize)> {
        let mut reader = io::BufReader::with_capacity(4, input);
        let mut out = Vec::new();
        loop {
            let mut buf = Vec::new();
            match next_line(&mut reader, &mut buf, out.is_empty()).unwrap() {
                Some(line) => out.push((buf, line.len)),
                None => return out,
            }
        }
    }

    #[test]
    fn line_ends_and_the_byte_order_mark_are_not_part_of_a_line() {
        assert_eq!(
            lines(b"\xef\xbb\xbfab\r\ncd\n\ne\r"),
            [
                (b"ab".to_vec(), 2),
                (b"cd".to_vec(), 2),
                (b"".to_vec(), 0),
                (b"e".to_vec(), 1)
            ]
        );
        assert_eq!(
            lines(b"x\n\xef\xbb\xbf"),
            [(b"x".to_vec(), 1), (BOM.to_vec(), 3)]
        );
    }

    #[test]
    fn a_long_line_keeps_one_byte_over_the_limit() {
        let mut input = vec![b'a'; MAX_INPUT_BYTES + 10];
        input.extend_from_slice(b"\r\nnext\n");
        let got = lines(&input);
        assert_eq!(got[0].0.len(), MAX_INPUT_BYTES + 1);
        assert_eq!(got[0].1, MAX_INPUT_BYTES + 11);
        assert_eq!(got[1], (b"next".to_vec(), 4));
    }

    #[test]
    fn fields_keep_what_came_before_an_error() {
        let (f, r) = read_fields(r#"{"id": 12.50, "x": [1, {"y": 2}], "text": "a\"b"}"#);
        assert!(r.is_ok());
        assert_eq!(f.id.unwrap().get(), "12.50");
        assert_eq!(f.text.unwrap().get(), r#""a\"b""#);
        let (f, r) = read_fields(r#"{"text": "a", "id": "k", "text": "b"}"#);
        assert!(r.is_ok());
        assert_eq!((f.twice, f.id.unwrap().get()), (Some("text"), r#""k""#));
        let (f, r) = read_fields(r#"{"id": 7, "text": "never ends"#);
        assert!(r.is_err());
        assert_eq!(
            (f.id.unwrap().get(), f.open.as_deref()),
            ("7", Some("text"))
        );
    }

    #[test]
    fn a_line_too_long_names_the_field_that_made_it_so() {
        let (id, m) = too_long(br#"{"id": "aaaaaaaa"#, 2_000_000);
        assert!(id.is_none());
        assert!(
            m.starts_with("the \"id\" is too long: the line is 2000000 bytes"),
            "{m}"
        );
        let (id, m) = too_long(
            "{\"id\": 3, \"text\": \"湧"
                .as_bytes()
                .split_last()
                .unwrap()
                .1,
            9 << 20,
        );
        assert_eq!(id.unwrap().get(), "3");
        assert!(m.starts_with("the \"text\" is too long"), "{m}");
        let (_, m) = too_long(br#"{"id": 3, "no\"te": "xxx"#, 9 << 20);
        assert!(m.starts_with(r#"the "no\"te" field is too long"#), "{m}");
        let (_, m) = too_long(b"xxxx", 9 << 20);
        assert!(m.starts_with("the line is 9437184 bytes"), "{m}");
    }
}
