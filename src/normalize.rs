//! Text normalisation with a way back to the original bytes.
//!
//! Both the lexicon terms and the user's input go through [`Normalized::new`],
//! so that `"Can’t  SLEEP"`, `"cant sleep"`, `睡不著` and `睡不着` compare equal.
//! Per character, in order: apostrophes are dropped (`can't` → `cant`), NFKC
//! (full-width forms, compatibility characters), lower case, then traditional
//! Chinese is folded to simplified (fast2s, one character for one).
//!
//! Every normalised character remembers the byte range of the original
//! character it came from, so a span found in the normalised text maps back to
//! a span of the input with [`Normalized::original_span`].

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// A byte range `start..end` into a UTF-8 string; always on char boundaries.
pub type Span = Range<usize>;

/// Normalised text plus the map back to the original input.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// One entry per normalised char: (byte offset in `text`, original byte range).
    origin: Vec<(usize, Span)>,
    original_len: usize,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´')
}

/// Invisible characters pasted text carries (zero-width space and joiners,
/// byte-order mark, soft hyphen): dropped, so "insom\u{200b}nia" is insomnia.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | '！' | '？' | '（' | '）')
}

impl Normalized {
    /// Normalises `input`. Linear in its length; never fails.
    pub fn new(input: &str) -> Self {
        let mut folded = String::with_capacity(input.len());
        let mut origins: Vec<Span> = Vec::with_capacity(input.len());
        let mut buf = [0u8; 4];
        for (at, c) in input.char_indices() {
            if is_apostrophe(c) || is_invisible(c) {
                continue;
            }
            let original = at..at + c.len_utf8();
            if c.is_ascii() {
                // NFKC leaves ASCII as it is: only the case folds.
                folded.push(c.to_ascii_lowercase());
                origins.push(original);
                continue;
            }
            if is_cjk_punctuation(c) {
                // Kept as is: the parser tells `，` (a clause break) from `,` (a list).
                folded.push(c);
                origins.push(original);
                continue;
            }
            for n in c.encode_utf8(&mut buf).nfkc() {
                if is_apostrophe(n) {
                    continue;
                }
                for l in n.to_lowercase() {
                    folded.push(l);
                    origins.push(original.clone());
                }
            }
        }
        // fast2s maps one char to one char, so the origins stay aligned.
        let text = if folded.chars().any(|c| c.len_utf8() == 3) {
            fast2s::convert(&folded)
        } else {
            folded
        };
        // 著 stays 著 in simplified text (著名), but in symptom wording it is
        // the particle 着 (睡不著 = 睡不着): fold it.
        let text = if text.contains('著') {
            text.replace('著', "着")
        } else {
            text
        };
        let mut origin = Vec::with_capacity(origins.len());
        let mut chars = text.char_indices();
        for original in origins {
            let (at, _) = chars.next().expect("fast2s keeps the char count");
            origin.push((at, original));
        }
        Normalized {
            text,
            origin,
            original_len: input.len(),
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte span of the normalised text to the byte span of the
    /// original input it came from. `span` must lie on char boundaries of
    /// [`Self::as_str`]; an empty span maps to an empty span.
    pub fn original_span(&self, span: &Span) -> Span {
        if self.origin.is_empty() {
            return 0..0;
        }
        let first = self.origin.partition_point(|(at, _)| *at < span.start);
        if span.is_empty() {
            let at = self
                .origin
                .get(first)
                .map_or(self.original_len, |(_, o)| o.start);
            return at..at;
        }
        let last = self.origin.partition_point(|(at, _)| *at < span.end) - 1;
        self.origin[first].1.start..self.origin[last].1.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_apostrophes_and_width() {
        assert_eq!(Normalized::new("Can’t SLEEP").as_str(), "cant sleep");
        assert_eq!(Normalized::new("ＡＢＣ１").as_str(), "abc1");
        assert_eq!(Normalized::new("a，b").as_str(), "a，b");
    }

    #[test]
    fn folds_traditional_to_simplified() {
        assert_eq!(
            Normalized::new("盜汗").as_str(),
            Normalized::new("盗汗").as_str()
        );
        assert_eq!(
            Normalized::new("耳鳴").as_str(),
            Normalized::new("耳鸣").as_str()
        );
        assert_eq!(Normalized::new("睡不著").as_str(), "睡不着");
    }

    #[test]
    fn spans_map_back_to_the_original() {
        let input = "I CAN’T sleep, 耳鳴";
        let n = Normalized::new(input);
        let at = n.as_str().find("sleep").unwrap();
        assert_eq!(&input[n.original_span(&(at..at + 5))], "sleep");
        let at = n.as_str().find("cant").unwrap();
        assert_eq!(&input[n.original_span(&(at..at + 4))], "CAN’T");
        let at = n.as_str().find("耳鸣").unwrap();
        assert_eq!(&input[n.original_span(&(at..at + 6))], "耳鳴");
    }

    #[test]
    fn drops_invisible_characters() {
        assert_eq!(
            Normalized::new("insom\u{200b}nia\u{feff}").as_str(),
            "insomnia"
        );
    }

    #[test]
    fn empty_input() {
        let n = Normalized::new("");
        assert_eq!(n.as_str(), "");
        assert_eq!(n.original_span(&(0..0)), 0..0);
    }
}
