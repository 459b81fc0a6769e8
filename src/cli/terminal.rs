//! What reaches a terminal: text from rule files, input, arguments and the
//! environment, with every control character made visible.
//!
//! A rule file shared for review, a description pasted from elsewhere or a
//! path in `YONGQUAN_RULES` can hold terminal escapes: an OSC sequence in a
//! comment sets the window title or writes the clipboard while `rules check`
//! shows the line, a C1 CSI (U+009B) or a right-to-left override (U+202E)
//! redraws or reorders what the user reads. Everything the CLI prints goes
//! through [`printable`] (or [`printable_json`] for JSON), so such a
//! character is shown as its escape, `\u{1b}`, and does nothing.
//!
//! The characters made visible are the controls (C0 but `\n` and `\t`, DEL,
//! C1) and the characters [`yongquan::normalize::visible`] hides (bidi
//! controls, zero-width characters, tags …): that function drops them from
//! the human report, where the input is echoed; here they are escaped
//! instead, so a diagnostic shows what a rule file really holds.

use std::borrow::Cow;
use std::fmt::Write;
use yongquan::normalize::{is_escaped_at, is_hidden};

/// Whether `text` at `at` starts an SGR sequence (`ESC [ digits ; … m`, a
/// colour or a style), and its length.
fn sgr_len(text: &str, at: usize) -> Option<usize> {
    let rest = text[at..].strip_prefix("\x1b[")?;
    let params = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
        .unwrap_or(rest.len());
    rest[params..].starts_with('m').then_some(2 + params + 1)
}

pub use yongquan::normalize::printable;

/// [`printable`] for text that carries the CLI's own colours: SGR sequences
/// (`ESC [ … m`) are kept, every other escape is made visible. Only the
/// output the CLI styles goes through here; text from outside that may hold
/// SGR sequences is made [`printable`] before it is styled.
pub fn printable_styled(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// [`printable`], and each of `marks` (byte offsets into `text`, on char
/// boundaries) moved to the same place in the result.
pub fn printable_marked<'a>(text: &'a str, marks: &mut [usize]) -> Cow<'a, str> {
    escape_marked(text, false, marks)
}

fn escape(text: &str, keep_sgr: bool) -> Cow<'_, str> {
    escape_marked(text, keep_sgr, &mut [])
}

/// Only control bytes and non-ASCII chars can need escaping: the rest of
/// the text is copied in runs. (Per char, this pass over every report was
/// a fortieth of a cold `match`; callgrind.)
fn escape_marked<'a>(text: &'a str, keep_sgr: bool, marks: &mut [usize]) -> Cow<'a, str> {
    let suspect = |b: &u8| *b < 0x20 || *b == 0x7f || *b >= 0x80;
    let mut out: Option<String> = None;
    // (where an escaped char starts in `text`, bytes the escape added)
    let mut grown: Vec<(usize, usize)> = Vec::new();
    let (mut copied, mut at) = (0, 0);
    while let Some(k) = text.as_bytes()[at..].iter().position(suspect) {
        at += k;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if let Some(len) = (keep_sgr && c == '\x1b')
            .then(|| sgr_len(text, at))
            .flatten()
        {
            at += len;
            continue;
        }
        if is_escaped_at(text, at, c) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            o.push_str(&text[copied..at]);
            let before = o.len();
            let _ = write!(o, "{}", c.escape_unicode());
            grown.push((at, o.len() - before - c.len_utf8()));
            copied = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    let Some(mut out) = out else {
        return text.into();
    };
    out.push_str(&text[copied..]);
    for m in marks.iter_mut() {
        *m += grown
            .iter()
            .take_while(|(start, _)| start < m)
            .map(|(_, added)| added)
            .sum::<usize>();
    }
    out.into()
}

/// A JSON document (as serde_json writes it) with every control and
/// invisible character written as a JSON escape (`\u009b`, `\u202e`).
/// serde_json escapes C0 controls itself; DEL, C1 and the invisible
/// characters can only stand inside strings, where the escape reads back
/// as the same character: the document means the same. (Line breaks and
/// tabs can only be white space between tokens: they stay.)
pub fn printable_json(json: &str) -> Cow<'_, str> {
    let hidden = |c: char| is_hidden(c) && !matches!(c, '\n' | '\t' | '\r');
    if !json.chars().any(hidden) {
        return json.into();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if hidden(c) {
            let mut units = [0; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The escaping as first written, a char at a time: what the run-copying
    /// [`escape_marked`] must agree with.
    fn reference(text: &str, keep_sgr: bool, marks: &mut [usize]) -> String {
        let mut out = String::new();
        let mut moved = vec![false; marks.len()];
        let mut chars = text.char_indices();
        while let Some((at, c)) = chars.next() {
            for (m, done) in marks.iter_mut().zip(&mut moved) {
                if *m == at && !*done {
                    *m = out.len();
                    *done = true;
                }
            }
            match (keep_sgr && c == '\x1b')
                .then(|| sgr_len(text, at))
                .flatten()
            {
                Some(len) => {
                    out.push_str(&text[at..at + len]);
                    for _ in 1..len {
                        chars.next();
                    }
                }
                None if is_escaped_at(text, at, c) => out.extend(c.escape_unicode()),
                None => out.push(c),
            }
        }
        for (m, done) in marks.iter_mut().zip(&moved) {
            if *m == text.len() && !*done {
                *m = out.len();
            }
        }
        out
    }

    proptest! {
        #[test]
        fn run_copying_escapes_as_char_by_char_does(
            parts in proptest::collection::vec(prop_oneof![
                "[a-z 湧泉]{0,6}",
                Just("\x1b[1;32m".to_string()),
                Just("\x1b]0;t\x07".to_string()),
                Just("\u{9b}\u{202e}\u{200b}\r\n\t\r".to_string()),
            ], 0..8),
            keep_sgr: bool,
        ) {
            let text = parts.concat();
            let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let (mut got_marks, mut want_marks) = (ends.clone(), ends);
            let got = escape_marked(&text, keep_sgr, &mut got_marks);
            let want = reference(&text, keep_sgr, &mut want_marks);
            prop_assert_eq!(got.as_ref(), want.as_str());
            // Marks are only moved without SGR kept (`printable_marked`);
            // the first version left a mark inside a kept sequence unmoved.
            if !keep_sgr {
                prop_assert_eq!(got_marks, want_marks);
            }
        }
    }

    #[test]
    fn controls_and_invisible_characters_are_escaped() {
        let cases = [
            ("plain 湧泉 text", "plain 湧泉 text"),
            ("a\nb\tc\r\nd", "a\nb\tc\r\nd"),
            ("lone\rcr", "lone\\u{d}cr"),
            ("\x1b]0;pwned\x07", "\\u{1b}]0;pwned\\u{7}"),
            ("\x1b[2J", "\\u{1b}[2J"),
            ("c1 \u{9b}31m", "c1 \\u{9b}31m"),
            ("del \x7f", "del \\u{7f}"),
            ("rlo \u{202e}txt", "rlo \\u{202e}txt"),
            ("zw\u{200b}sp", "zw\\u{200b}sp"),
            ("tag \u{e0041}", "tag \\u{e0041}"),
            ("end\r", "end\\u{d}"),
        ];
        for (text, shown) in cases {
            assert_eq!(printable(text), shown, "{text:?}");
        }
        assert!(matches!(printable("clean\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn marks_move_with_the_text() {
        let text = "a\x1bb\r\nc\r";
        let mut marks = [2, 3, 5, 6, 7];
        let shown = printable_marked(text, &mut marks);
        assert_eq!(shown, "a\\u{1b}b\r\nc\\u{d}");
        assert_eq!(marks, [7, 8, 10, 11, 16]);
    }

    #[test]
    fn styled_text_keeps_its_colours_only() {
        assert_eq!(
            printable_styled("\x1b[1mbold\x1b[0m \x1b[38;5;1mred\x1b[39m"),
            "\x1b[1mbold\x1b[0m \x1b[38;5;1mred\x1b[39m"
        );
        assert_eq!(
            printable_styled("\x1b[1m\x1b]0;t\x07\x1b[2J\x1b["),
            "\x1b[1m\\u{1b}]0;t\\u{7}\\u{1b}[2J\\u{1b}["
        );
    }

    #[test]
    fn json_stays_the_same_document() {
        let value = serde_json::json!({"t": "a\u{9b}b\u{202e}\u{e0041}\x1b\n"});
        let json = serde_json::to_string_pretty(&value).unwrap();
        let safe = printable_json(&json);
        assert!(!safe.chars().any(|c| is_hidden(c) && c != '\n'), "{safe}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
            value
        );
    }
}
