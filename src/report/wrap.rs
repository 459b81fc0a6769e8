//! Filling text into lines, as textwrap's first-fit does, without its
//! general path's cost for ASCII words.

/// Column at which human output wraps long text.
pub(super) const WIDTH: usize = 100;

/// `text` in lines of at most [`WIDTH`] columns, the first line starting
/// with `first`, the others with `rest`.
///
/// Lines are filled greedily (textwrap's first-fit) at spaces, a word's
/// width its byte length when it is ASCII (textwrap's display width
/// otherwise): textwrap's general path, with its Unicode width and
/// line-breaking machinery, cost a fifth of a cold `match` (callgrind). Text
/// with a word longer than a line (Chinese runs without spaces) still takes
/// that path, which breaks between characters.
pub(super) fn fill(text: &str, first: &str, rest: &str) -> String {
    let widths = [
        WIDTH.saturating_sub(textwrap::core::display_width(first)) as f64,
        WIDTH.saturating_sub(textwrap::core::display_width(rest)) as f64,
    ];
    let mut out = String::with_capacity(text.len() + 64);
    for (n, line) in text.split('\n').enumerate() {
        let words: Vec<Word> = line
            .split_inclusive(' ')
            .map(|w| {
                let word = w.trim_end_matches(' ');
                let width = if word.is_ascii() {
                    word.len()
                } else {
                    textwrap::core::display_width(word)
                };
                Word(word, width, w.len() - word.len())
            })
            .collect();
        if words.iter().any(|w| w.1 as f64 > widths[1]) {
            let options = textwrap::Options::new(WIDTH)
                .initial_indent(first)
                .subsequent_indent(rest)
                .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            return textwrap::fill(text, options);
        }
        if n > 0 {
            out.push('\n');
        }
        let line_widths = if n == 0 { &widths[..] } else { &widths[1..] };
        for (i, ws) in textwrap::wrap_algorithms::wrap_first_fit(&words, line_widths)
            .iter()
            .enumerate()
        {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(if n == 0 && i == 0 { first } else { rest });
            for (j, w) in ws.iter().enumerate() {
                if j > 0 {
                    out.push(' ');
                }
                out.push_str(w.0);
            }
        }
    }
    out
}

/// A word, its display width and the spaces after it, for first-fit.
#[derive(Debug)]
struct Word<'a>(&'a str, usize, usize);

impl textwrap::core::Fragment for Word<'_> {
    fn width(&self) -> f64 {
        self.1 as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.2 as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::{fill, WIDTH};

    /// textwrap's own first-fit, the reference `fill` must agree with.
    fn reference(text: &str, first: &str, rest: &str) -> String {
        let options = textwrap::Options::new(WIDTH)
            .initial_indent(first)
            .subsequent_indent(rest)
            .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .word_separator(textwrap::WordSeparator::AsciiSpace);
        textwrap::fill(text, options)
    }

    #[test]
    fn fill_wraps_as_textwrap_does() {
        let long =
            "Massage KI 1 every night before sleeping. Have a foot spa in warm water first. \
                    Then apply pressure with the pad of the thumb or middle finger; press and rub.";
        for text in [
            long,
            "Where KI 1 (YongQuan, 湧泉) is: on the sole, in the depression when the foot is in plantar flexion, at the junction of the anterior third.",
            "short",
            "two  spaces and a\nnew line that is also rather long, long enough to wrap once the width of one hundred columns is reached",
            "",
        ] {
            for (first, rest) in [("  • ", "    "), ("", ""), ("    ! ", "      ")] {
                assert_eq!(fill(text, first, rest), reference(text, first, rest), "{text:?}");
            }
        }
    }

    #[test]
    fn chinese_without_spaces_still_breaks_between_characters() {
        let text = "足底按摩".repeat(40);
        let out = fill(&text, "", "");
        assert!(out.lines().count() > 1);
        assert!(out
            .lines()
            .all(|l| textwrap::core::display_width(l) <= WIDTH));
    }
}
