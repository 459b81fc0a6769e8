//! Text normalisation with a way back to the original bytes.
//!
//! Both the lexicon terms and the user's input go through [`Normalized::new`],
//! so that `"Can’t  SLEEP"`, `"cant sleep"`, `睡不著` and `睡不着` compare equal.
//!
//! What is dropped, because it is invisible on screen or means nothing for
//! matching:
//! - terminal escape sequences: CSI (`ESC [ … final`, and its C1 form
//!   U+009B), control strings (OSC `ESC ] … BEL` or `… ESC \`, DCS, SOS, PM,
//!   APC, and their C1 forms), two-character `ESC x` sequences, and the other
//!   C1 controls except NEL. A control string that is never terminated loses
//!   only its introducer: a stray `ESC ]` must not hide the symptoms typed
//!   after it;
//! - default-ignorable code points (Unicode's `Default_Ignorable_Code_Point`:
//!   zero-width space and joiners, bidi controls and marks, soft hyphen, BOM,
//!   variation selectors, tag characters), so `"insom\u{E0041}nia"` and
//!   `失\u{FE0F}眠` match;
//! - apostrophes (`can't` → `cant`).
//!
//! What is folded, in this order:
//! 1. compatibility decomposition (NFKD: full-width forms, ligatures);
//! 2. combining marks are dropped unless their base is a letter of a script
//!    that needs them (Greek, Cyrillic, Devanagari, kana, Hangul…): Latin
//!    diacritics go (`féver` → `fever`, stacked "Zalgo" marks → plain
//!    letters), and so do marks on Han characters, digits, spaces and
//!    punctuation. Lay users type accents inconsistently and the lexicon is
//!    written without them, so an accent never tells two symptoms apart;
//! 3. canonical composition across character boundaries: `e` + U+0301 and
//!    `é` (already equal after step 2 for Latin), `й` written as `и` + U+0306
//!    and precomposed, Hangul jamo and syllables, all end up the same;
//! 4. lower case;
//! 5. a Cyrillic, Greek or Armenian letter inside a word whose other letters
//!    are all Latin becomes the Latin letter it looks like (its UTS 39
//!    confusable skeleton, when that is one ASCII letter): `ѕeizure` →
//!    `seizure`. A word written wholly in Cyrillic or Greek is left as it is;
//! 6. traditional Chinese to simplified (fast2s, one character for one), and
//!    `著` to `着`.
//!
//! CJK punctuation (`，`, `；`…) is kept as it is: the parser tells `，` (a
//! clause break) from `,` (a list).
//!
//! Every normalised character remembers the byte range of the original
//! characters it came from, so a span found in the normalised text maps back
//! to a span of the input with [`Normalized::original_span`]. A letter and
//! the marks composed with it or dropped after it map to the bytes of all of
//! them; dropped escapes and invisible characters belong to no normalised
//! character, so a span never starts or ends on them.
//!
//! Plain ASCII and Han text take a short path (one pass, no tables); only
//! text with other characters pays for the composition and script passes.
//! The escape scanner is written here rather than taken from `anstream`'s
//! `strip_str` (already a dependency) because that one works on bytes, keeps
//! the UTF-8 forms of C1 introducers and swallows an unterminated control
//! string to the end of the input, and its output has no offsets to map back.

use std::ops::Range;
use std::str::CharIndices;
use unicode_normalization::char::{
    canonical_combining_class, compose, decompose_compatible, is_combining_mark,
};
use unicode_script::{Script, UnicodeScript};

/// A byte range `start..end` into a UTF-8 string; always on char boundaries.
pub type Span = Range<usize>;

/// Normalised text plus the map back to the original input.
///
/// Invariant: the original ranges are on char boundaries of the input and
/// their starts and ends never decrease from one char to the next, so any
/// span of the text maps to a well-formed span of the input.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// One entry per normalised char: (byte offset in `text`, original byte range).
    origin: Vec<(usize, Span)>,
    original_len: usize,
}

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// C1 String Terminator.
const ST: char = '\u{9c}';

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´')
}

/// `text` without the characters [`Normalized::new`] drops as invisible
/// (bidi controls, zero-width characters, tags …), for echoing input in
/// human output: a right-to-left override pasted into a description must
/// not reorder the report around it.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| !c.is_ascii() && is_invisible(c);
    if text.chars().any(hidden) {
        text.chars()
            .filter(|&c| !hidden(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// True for a character a terminal acts on or shows as nothing: a control
/// (C0, DEL, C1) or an invisible one (bidi controls, zero-width characters,
/// tags …).
pub fn is_hidden(c: char) -> bool {
    c.is_control() || (!c.is_ascii() && is_invisible(c))
}

/// True when `c`, at byte `at` of `text`, is [`is_hidden`] and does not lay
/// the text out (`\n`, `\t`, and `\r` right before `\n` do).
pub fn is_escaped_at(text: &str, at: usize, c: char) -> bool {
    is_hidden(c)
        && match c {
            '\n' | '\t' => false,
            '\r' => !text[at + 1..].starts_with('\n'),
            _ => true,
        }
}

/// `text` with every [`is_escaped_at`] character written as a Rust escape
/// (`\u{1b}`, `\u{202e}`), for showing text from outside (input, rule
/// files) where a terminal would otherwise act on an escape sequence or a
/// bidi override reorder what the reader sees.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    // Printable ASCII needs no look at its chars.
    let plain = text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t');
    if plain
        || !text
            .char_indices()
            .any(|(at, c)| is_escaped_at(text, at, c))
    {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (at, c) in text.char_indices() {
        if is_escaped_at(text, at, c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Unicode's `Default_Ignorable_Code_Point` (DerivedCoreProperties.txt):
/// characters a renderer shows as nothing — zero-width space and joiners,
/// bidi controls and marks (U+061C, U+200E/F, U+202A–E, U+2066–9), soft
/// hyphen, byte-order mark, variation selectors, tag characters, Hangul
/// fillers.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | '！' | '？' | '（' | '）')
}

/// Characters NFKC and lower casing leave alone and that never compose:
/// CJK ideographs (URO and extension A), `、` and `。`.
fn is_plain_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '、' | '。')
}

/// Skips the escape sequence `intro` starts; `chars` is left after it.
/// Linear overall: a scan that finds no end gives back only what it
/// consumed up to the next ESC, which starts the next sequence.
fn skip_escape(intro: char, chars: &mut CharIndices<'_>) {
    enum Kind {
        Csi,
        ControlString,
        Intermediates,
    }
    let kind = if intro == ESC {
        let mut ahead = chars.clone();
        let kind = match ahead.next().map(|(_, c)| c) {
            Some('[') => Kind::Csi,
            Some(']' | 'P' | 'X' | '^' | '_') => Kind::ControlString,
            Some(' '..='/') => Kind::Intermediates,
            // A two-character sequence: ESC 7, ESC =, ESC M, ESC c…
            Some('0'..='~') => {
                *chars = ahead;
                return;
            }
            // A lone ESC.
            _ => return,
        };
        *chars = ahead;
        kind
    } else {
        match intro {
            '\u{9b}' => Kind::Csi,
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => Kind::ControlString,
            // Any other C1 control stands alone.
            _ => return,
        }
    };
    match kind {
        // Parameters and intermediates (0x20–0x3F), then a final (0x40–0x7E);
        // anything else aborts the sequence and is read as text.
        Kind::Csi => skip_sequence(chars, ' '..='?', '@'..='~'),
        // ESC ( B, ESC # 8…: intermediates, then a final (0x30–0x7E).
        Kind::Intermediates => skip_sequence(chars, ' '..='/', '0'..='~'),
        // Up to BEL, ST or ESC \ ; any other ESC ends the string and starts a
        // sequence of its own.
        Kind::ControlString => {
            let mut ahead = chars.clone();
            loop {
                let before = ahead.clone();
                match ahead.next().map(|(_, c)| c) {
                    Some(BEL | ST) => {
                        *chars = ahead;
                        return;
                    }
                    Some(ESC) => {
                        let mut st = ahead.clone();
                        *chars = match st.next() {
                            Some((_, '\\')) => st,
                            _ => before,
                        };
                        return;
                    }
                    Some(_) => {}
                    // Never terminated: keep the text after the introducer.
                    None => return,
                }
            }
        }
    }
}

/// Skips chars of `middle` and then one of `last`, the end of a control
/// sequence; at any other char (or the end) the sequence stops there.
fn skip_sequence(
    chars: &mut std::str::CharIndices<'_>,
    middle: std::ops::RangeInclusive<char>,
    last: std::ops::RangeInclusive<char>,
) {
    loop {
        let mut ahead = chars.clone();
        match ahead.next().map(|(_, c)| c) {
            Some(c) if middle.contains(&c) => *chars = ahead,
            Some(c) if last.contains(&c) => {
                *chars = ahead;
                return;
            }
            _ => return,
        }
    }
}

/// True when combining marks after `base` are part of its spelling: letters
/// of scripts other than Latin and Han. A mark after a mark was kept, so
/// its base keeps marks.
fn keeps_marks(base: Option<char>) -> bool {
    base.is_some_and(|b| {
        is_combining_mark(b)
            || (b.is_alphabetic() && !matches!(b.script(), Script::Latin | Script::Han))
    })
}

/// Pushes one char of an NFKD decomposition; a mark whose base does not
/// keep marks is dropped and its bytes join the char before it.
fn push_decomposed(d: char, original: &Span, text: &mut String, origins: &mut Vec<Span>) {
    if is_apostrophe(d) {
        return;
    }
    if is_combining_mark(d) && !keeps_marks(text.chars().next_back()) {
        if let Some(last) = origins.last_mut() {
            last.end = original.end;
        }
        return;
    }
    text.push(d);
    origins.push(original.clone());
}

/// Canonical ordering and composition (the second half of NFC) over chars
/// that carry their origins. A composed char, and every mark left after a
/// starter, map to the bytes of the whole cluster, which keeps the origins
/// in order.
fn compose_all(mut chars: Vec<(char, Span)>) -> Vec<(char, Span)> {
    let mut i = 0;
    while i < chars.len() {
        if canonical_combining_class(chars[i].0) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && canonical_combining_class(chars[i].0) != 0 {
            i += 1;
        }
        // Stable: marks of one class keep their order.
        chars[start..i].sort_by_key(|(c, _)| canonical_combining_class(*c));
    }
    let mut out: Vec<(char, Span)> = Vec::with_capacity(chars.len());
    let mut starter: Option<usize> = None;
    // Class of the last char kept after the starter; None right after it.
    let mut last_class: Option<u8> = None;
    for (c, o) in chars {
        let class = canonical_combining_class(c);
        if let Some(s) = starter {
            let blocked = last_class.is_some_and(|l| l == 0 || l >= class);
            if !blocked {
                if let Some(k) = compose(out[s].0, c) {
                    out[s].0 = k;
                    out[s].1.end = out[s].1.end.max(o.end);
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = None;
        } else {
            last_class = Some(class);
        }
        out.push((c, o));
    }
    let mut i = 0;
    while i < out.len() {
        let start = i;
        i += 1;
        while i < out.len() && canonical_combining_class(out[i].0) != 0 {
            i += 1;
        }
        if i - start > 1 {
            let span = out[start].1.start..out[i - 1].1.end;
            for (_, o) in &mut out[start..i] {
                *o = span.clone();
            }
        }
    }
    out
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || c.script() == Script::Latin
}

include!("confusables.rs");

/// The ASCII letter a Cyrillic, Greek or Armenian letter looks like, if its
/// UTS 39 skeleton is exactly one (`ѕ` → `s`, `ο` → `o`; `з` → `3` is no
/// letter, `т` → `ᴛ` not ASCII). The table is generated from
/// `unicode-security`'s skeletons (a dev-dependency): linking that crate
/// cost 6 300 load-time relocations, 2 % of a cold `match` (callgrind).
fn latin_look_alike(c: char) -> Option<char> {
    LATIN_LOOK_ALIKES
        .binary_search_by_key(&c, |&(from, _)| from)
        .ok()
        .map(|i| LATIN_LOOK_ALIKES[i].1)
}

/// Folds look-alike letters in words that are otherwise Latin. A word is a
/// run of letters and marks outside Han; it folds only when it has a Latin
/// letter and every other letter has a Latin look-alike.
fn fold_confusables(chars: &mut [(char, Span)]) {
    let in_word = |c: char| {
        (c.is_alphabetic() || is_combining_mark(c)) && !is_plain_cjk(c) && c.script() != Script::Han
    };
    let mut i = 0;
    while i < chars.len() {
        if chars[i].0.is_ascii() || !in_word(chars[i].0) {
            i += 1;
            continue;
        }
        // Back up to the start of the word this non-ASCII letter is in.
        let mut start = i;
        while start > 0 && in_word(chars[start - 1].0) {
            start -= 1;
        }
        let mut end = i;
        while end < chars.len() && in_word(chars[end].0) {
            end += 1;
        }
        let word = &mut chars[start..end];
        let mut latin = false;
        let mut foldable = true;
        for &(c, _) in word.iter() {
            if is_latin(c) {
                latin = true;
            } else if c.is_alphabetic() && latin_look_alike(c).is_none() {
                foldable = false;
                break;
            }
        }
        if latin && foldable {
            for (c, _) in word.iter_mut() {
                if !is_latin(*c) {
                    if let Some(l) = latin_look_alike(*c) {
                        *c = l;
                    }
                }
            }
        }
        i = end;
    }
}

impl Normalized {
    /// Normalises `input`. Linear in its length; never fails.
    pub fn new(input: &str) -> Self {
        let mut folded = String::with_capacity(input.len());
        let mut origins: Vec<Span> = Vec::with_capacity(input.len());
        // Set when a char took the general path: composition, lower casing
        // and look-alike folding then run over the whole text.
        let mut general = false;
        let mut chars = input.char_indices();
        while let Some((at, c)) = chars.next() {
            let original = at..at + c.len_utf8();
            if c.is_ascii() && c != ESC {
                // NFKC leaves ASCII as it is: only the case folds.
                if c != '\'' && c != '`' {
                    folded.push(c.to_ascii_lowercase());
                    origins.push(original);
                }
                continue;
            }
            if c == ESC || (('\u{80}'..='\u{9f}').contains(&c) && c != '\u{85}') {
                skip_escape(c, &mut chars);
                continue;
            }
            if is_apostrophe(c) || is_invisible(c) {
                continue;
            }
            if is_cjk_punctuation(c) || is_plain_cjk(c) {
                folded.push(c);
                origins.push(original);
                continue;
            }
            general = true;
            decompose_compatible(c, |d| {
                push_decomposed(d, &original, &mut folded, &mut origins);
            });
        }
        if general {
            let composed = compose_all(folded.chars().zip(origins).collect());
            let mut lower = Vec::with_capacity(composed.len());
            for (c, o) in composed {
                for l in c.to_lowercase() {
                    lower.push((l, o.clone()));
                }
            }
            fold_confusables(&mut lower);
            folded = lower.iter().map(|(c, _)| *c).collect();
            origins = lower.into_iter().map(|(_, o)| o).collect();
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
    use proptest::prelude::*;

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

    /// The normalised text and, for `needle` in it, the input it came from.
    fn round_trip<'a>(input: &'a str, needle: &str) -> (String, &'a str) {
        let n = Normalized::new(input);
        let at = n
            .as_str()
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {:?}", n.as_str()));
        let span = n.original_span(&(at..at + needle.len()));
        (n.as_str().to_string(), &input[span])
    }

    #[test]
    fn strips_ansi_escapes_even_inside_a_word() {
        // The span covers the visible letters and what sits between them.
        let input = "in\x1b[31msomnia\x1b[0m";
        let (text, original) = round_trip(input, "insomnia");
        assert_eq!(text, "insomnia");
        assert_eq!(original, "in\x1b[31msomnia");
        let input = "\x1b[1;31mnight\x1b[0m \x1b[4msweats\x1b[m";
        let (text, original) = round_trip(input, "sweats");
        assert_eq!(text, "night sweats");
        assert_eq!(original, "sweats");
        // Two-character and charset sequences, a lone ESC, the C1 CSI.
        for input in [
            "\x1b7insomnia\x1b8",
            "\x1b(Binsomnia",
            "insomnia\x1b",
            "\u{9b}31minsomnia\u{9b}0m",
        ] {
            assert_eq!(Normalized::new(input).as_str(), "insomnia", "{input:?}");
        }
    }

    #[test]
    fn strips_osc_hyperlinks_and_titles() {
        let input = "\x1b]8;;https://example.org/x\x1b\\insomnia\x1b]8;;\x1b\\ at night";
        let (text, original) = round_trip(input, "insomnia");
        assert_eq!(text, "insomnia at night");
        assert_eq!(original, "insomnia");
        assert_eq!(Normalized::new("\x1b]0;title\x07fever").as_str(), "fever");
        assert_eq!(
            Normalized::new("\u{9d}0;title\u{9c}fever").as_str(),
            "fever"
        );
        // An OSC cut short by another escape ends there.
        assert_eq!(
            Normalized::new("\x1b]0;title\x1b[1mfever").as_str(),
            "fever"
        );
        // Never terminated: only the introducer goes, the words stay.
        assert_eq!(
            Normalized::new("\x1b]fever and chills").as_str(),
            "fever and chills"
        );
    }

    #[test]
    fn strips_bidi_controls_tags_and_variation_selectors() {
        let input = "\u{202E}insomnia\u{202C} \u{2067}fever\u{2069}\u{200F}\u{61C}";
        assert_eq!(Normalized::new(input).as_str(), "insomnia fever");
        let input = "insom\u{E0041}nia\u{E007F}";
        let (text, original) = round_trip(input, "insomnia");
        assert_eq!(text, "insomnia");
        assert_eq!(original, "insom\u{E0041}nia");
        let input = "失\u{FE0F}眠，盜\u{E0100}汗";
        let (text, original) = round_trip(input, "失眠");
        assert_eq!(text, "失眠，盗汗");
        assert_eq!(original, "失\u{FE0F}眠");
    }

    #[test]
    fn combining_accents_compose_and_latin_ones_fold() {
        let decomposed = Normalized::new("fe\u{301}ver");
        assert_eq!(decomposed.as_str(), "fever");
        assert_eq!(Normalized::new("féver").as_str(), "fever");
        assert_eq!(Normalized::new("FÉVER").as_str(), "fever");
        // The letter and its dropped mark map back together.
        assert_eq!(decomposed.original_span(&(1..2)), 1..4);
        // Marks that belong to the spelling stay, composed either way.
        assert_eq!(
            Normalized::new("и\u{306}").as_str(),
            Normalized::new("й").as_str()
        );
        assert_eq!(Normalized::new("и\u{306}").as_str(), "й");
        assert_eq!(Normalized::new("Ά").as_str(), "ά");
        assert_eq!(Normalized::new("\u{1112}\u{1161}\u{11AB}").as_str(), "한");
        assert_eq!(Normalized::new("か\u{3099}").as_str(), "が");
    }

    #[test]
    fn zalgo_text_is_plain_letters() {
        let input = "i\u{336}\u{31b}\u{35d}n\u{335}\u{30c}s\u{334}\u{301}\u{330}o\u{337}m\u{338}n\u{489}i\u{33e}a\u{35c} \u{34d}失\u{300}眠";
        let (text, original) = round_trip(input, "insomnia");
        assert_eq!(text, "insomnia 失眠");
        assert!(original.starts_with('i') && original.ends_with('\u{35c}'));
        let (_, original) = round_trip(input, "失眠");
        assert_eq!(original, "失\u{300}眠");
    }

    #[test]
    fn look_alike_letters_in_latin_words_fold() {
        for (input, want) in [
            ("\u{455}eizure", "seizure"),
            ("\u{441}ollapsed", "collapsed"),
            ("\u{421}OLLAPSED", "collapsed"),
            ("c\u{43E}ld h\u{430}nds", "cold hands"),
            ("n\u{3BF} fever", "no fever"),
        ] {
            assert_eq!(Normalized::new(input).as_str(), want, "{input:?}");
        }
        let input = "she \u{441}ollapsed";
        let (_, original) = round_trip(input, "collapsed");
        assert_eq!(original, "\u{441}ollapsed");
    }

    #[test]
    fn whole_cyrillic_and_greek_words_stay() {
        for word in ["сон", "головная боль", "πυρετός", "сор"] {
            assert_eq!(Normalized::new(word).as_str(), word);
        }
        // Mixed, but with a letter that has no Latin look-alike: left alone.
        assert_eq!(Normalized::new("пpивет").as_str(), "пpивет");
    }

    #[test]
    fn full_width_latin_still_folds() {
        assert_eq!(Normalized::new("ＦＥＶＥＲ").as_str(), "fever");
        assert_eq!(Normalized::new("ﬁt").as_str(), "fit");
    }

    /// `confusables.rs` from `unicode-security`'s skeletons: the letters of
    /// the scripts that fold which lower casing leaves alone, with the ASCII
    /// letter their skeleton is. Fails when stale;
    /// `SNAPSHOTS=overwrite cargo test --lib normalize` rewrites it.
    #[test]
    fn the_look_alike_table_is_uts39() {
        let mut rows = String::new();
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let script = c.script();
            if !matches!(script, Script::Cyrillic | Script::Greek | Script::Armenian)
                || !c.is_alphabetic()
                || c.to_lowercase().ne([c])
            {
                continue;
            }
            let skeleton: Vec<char> =
                unicode_security::skeleton(c.encode_utf8(&mut [0; 4])).collect();
            if let [l] = skeleton[..] {
                if l.is_ascii_alphabetic() {
                    let l = l.to_ascii_lowercase();
                    let code = c as u32;
                    rows.push_str(&format!(
                        "    ('\\u{{{code:04X}}}', '{l}'), // {c} {script:?}\n"
                    ));
                }
            }
        }
        let (major, minor, _) = unicode_security::UNICODE_VERSION;
        let fresh = format!(
            "// @generated by `SNAPSHOTS=overwrite cargo test --lib normalize` from the UTS 39\n\
             // skeletons of unicode-security (Unicode {major}.{minor}); do not edit by hand.\n\n\
             /// Cyrillic, Greek and Armenian letters that lower casing leaves alone and\n\
             /// whose skeleton is one ASCII letter, sorted, with that letter in lower case.\n\
             const LATIN_LOOK_ALIKES: &[(char, char)] = &[\n{rows}];\n"
        );
        snapbox::assert_data_eq!(fresh, snapbox::file!["confusables.rs"].raw());
    }

    /// Each of these would be quadratic with a naive scan (rescanning for
    /// a terminator, walking back over marks, re-reading a word per letter).
    #[test]
    fn hostile_inputs_stay_linear() {
        let n = 100_000;
        for (input, want) in [
            ("\x1b]".repeat(n), ""),
            (format!("\x1b]{}", "a".repeat(n)), "a"),
            (format!("\x1b[{}", "1;".repeat(n)), ""),
            (format!("д{}", "\u{301}".repeat(n)), "д\u{301}"),
            (format!("e{}", "\u{301}".repeat(n)), "e"),
            ("сo".repeat(n), "co"),
            ("с".repeat(n), "с"),
        ] {
            let start = std::time::Instant::now();
            let normalized = Normalized::new(&input);
            assert!(start.elapsed().as_secs() < 5, "{want:?}");
            assert!(normalized.as_str().starts_with(want), "{want:?}");
        }
    }

    #[test]
    fn empty_input() {
        let n = Normalized::new("");
        assert_eq!(n.as_str(), "");
        assert_eq!(n.original_span(&(0..0)), 0..0);
        let n = Normalized::new("\x1b[0m\u{200B}");
        assert_eq!(n.as_str(), "");
        assert_eq!(n.original_span(&(0..0)), 0..0);
    }

    /// Text as users paste it: Latin and Chinese words, with escapes,
    /// invisible characters, marks and look-alikes mixed in.
    fn messy() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("fever".to_string()),
            Just("Night SWEATS".to_string()),
            Just("失眠".to_string()),
            Just("盜汗".to_string()),
            Just(" ".to_string()),
            Just("\x1b[31m".to_string()),
            Just("\x1b]8;;u\x1b\\".to_string()),
            Just("\x1b]".to_string()),
            Just("\u{9b}".to_string()),
            Just("\x1b".to_string()),
            Just("\u{301}".to_string()),
            Just("\u{FE0F}".to_string()),
            Just("\u{E0041}".to_string()),
            Just("\u{202E}".to_string()),
            Just("\u{455}".to_string()),
            Just("й".to_string()),
            Just("\u{1112}\u{1161}".to_string()),
            any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn original_spans_lie_on_char_boundaries(input in messy(), a in 0usize..64, b in 0usize..64) {
            let n = Normalized::new(&input);
            let bounds: Vec<usize> = n
                .as_str()
                .char_indices()
                .map(|(i, _)| i)
                .chain([n.as_str().len()])
                .collect();
            let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let span = n.original_span(&(a.min(b)..a.max(b)));
            prop_assert!(span.start <= span.end && span.end <= input.len());
            prop_assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
        }

        #[test]
        fn normalising_is_idempotent_on_latin_and_chinese(
            input in "[a-zA-Z0-9 ,.;'’éÉüñçÀ\u{301}\u{308}\u{4E00}-\u{9FA5}，；：！？（）]{0,40}"
        ) {
            let once = Normalized::new(&input);
            let twice = Normalized::new(once.as_str());
            prop_assert_eq!(once.as_str(), twice.as_str());
        }
    }
}
