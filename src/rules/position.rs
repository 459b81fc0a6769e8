//! Places in a rule file: 1-based line and column (in chars, as ron and
//! editors count), and the conversions between them and byte offsets.

use crate::records::{self, Record};

/// A place in a rule file: 1-based line, 1-based column counted in chars.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in chars (not bytes) from the start of the line.
    pub column: usize,
}

/// Stored as two u32 (a line or column past 4 G saturates).
impl Record for Position {
    const SIZE: usize = 8;
    fn put(&self, out: &mut Vec<u8>) {
        for n in [self.line, self.column] {
            u32::try_from(n).unwrap_or(u32::MAX).put(out);
        }
    }
    fn get(bytes: &[u8]) -> Position {
        Position {
            line: records::u32_at(bytes, 0) as usize,
            column: records::u32_at(bytes, 1) as usize,
        }
    }
}

impl Position {
    /// The position of a byte offset in `text`.
    pub fn of(text: &str, offset: usize) -> Position {
        let (line, column) = line_col(text, offset);
        Position { line, column }
    }
}

/// 1-based (line, column in chars) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Byte offset of a 1-based (line, column in chars) in `text`, clamped to
/// the text: the inverse of [`line_col`], for renderers that want bytes.
pub fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    start.min(text.len())
        + rest[..line_end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_end, |(i, _)| i)
}
