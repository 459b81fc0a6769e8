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
        LineIndex::new(text).position(text, offset)
    }
}

/// Where each line of a text starts, so that turning a byte offset into a
/// [`Position`] (or back) costs a binary search and a walk along one line,
/// not a scan from the top of the file: with one scan per diagnostic, a file
/// with an error on each of its 20 000 lines took minutes to report.
///
/// The index does not hold the text: every method takes the `text` it was
/// built from.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`'s lines (split at `\n`).
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    /// How many lines the text has (a text ending in `\n` has an empty last
    /// line after it; an empty text has one empty line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 1-based line holding byte `offset` (the last line past the end).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// Byte offset where 1-based `line` starts, clamped to `text` (line 0
    /// is line 1; a line past the last starts at the end).
    pub fn line_start(&self, text: &str, line: usize) -> usize {
        match line.saturating_sub(1) {
            i if i < self.starts.len() => self.starts[i],
            _ => text.len(),
        }
    }

    /// Byte offset where 1-based `line` ends, before its `\n` (the end of
    /// `text` for the last line).
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        self.starts
            .get(line.max(1))
            .map_or(text.len(), |&next| next - 1)
    }

    /// The position of byte `offset` (clamped to `text`, and moved back to
    /// the start of the char it falls in): what [`line_col`] gives.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let column = text[self.starts[line - 1]..offset].chars().count() + 1;
        Position { line, column }
    }

    /// Byte offset of a 1-based line and column (in chars), clamped to the
    /// line and the text: what [`byte_offset`] gives.
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let start = self.line_start(text, line);
        let end = if line.saturating_sub(1) < self.starts.len() {
            self.line_end(text, line)
        } else {
            text.len()
        };
        start
            + text[start..end]
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(end - start, |(i, _)| i)
    }
}

/// 1-based (line, column in chars) of a byte offset, for one look-up; many
/// look-ups in one text go through a [`LineIndex`].
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let Position { line, column } = Position::of(text, offset);
    (line, column)
}

/// Byte offset of a 1-based (line, column in chars) in `text`, clamped to
/// the text: the inverse of [`line_col`], for renderers that want bytes.
/// Many look-ups in one text go through a [`LineIndex`].
pub fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    LineIndex::new(text).offset(text, line, column)
}
