//! Rendering an [`Analysis`](crate::Analysis): the human report of `match`, the full trace of
//! `explain`, and the JSON contract of `--format json`.
//!
//! Functions here return strings and never print. Human output carries ANSI
//! styles; the CLI writes it through `anstream`, which strips them when
//! stdout is not a terminal or `NO_COLOR` is set.
//!
//! The JSON contract (documented in README.md, described by the JSON Schema
//! `schema/match.schema.json`) is made of the `Json*` types below; field
//! names and meanings are stable within a [`SCHEMA_VERSION`]. All
//! `start`/`end` values are UTF-8 byte offsets into `input`, so
//! `input[start..end] == text`.

mod human;
mod json;
mod phrases;
mod wrap;

pub use human::{explain, explain_in, highlight, human, human_in};
pub use json::*;
pub use phrases::Lang;

/// `styled` (a human report of this module) without its ANSI styles
/// (`ESC [ … m`), for a reader that is not a terminal: a file, a web page,
/// a Python string. Every escape character in a report is a style: text
/// from the input is shown escaped (`\u{1b}`) before it is styled.
pub fn plain(styled: &str) -> String {
    let mut out = String::with_capacity(styled.len());
    let mut rest = styled;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let seq = &rest[at + 1..];
        // A style: `[`, parameters (digits and `;`), then `m`.
        let body = seq.strip_prefix('[').map(|s| {
            s.len()
                - s.trim_start_matches(|c: char| c.is_ascii_digit() || c == ';')
                    .len()
        });
        match body {
            Some(n) if seq[1 + n..].starts_with('m') => rest = &seq[n + 2..],
            _ => {
                out.push('\x1b');
                rest = seq;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The notice printed once with every human report.
pub const NOTICE: &str = "Educational information about KI 1 (YongQuan), not a diagnosis. \
See a qualified practitioner; call emergency services for any red flag.";

/// The version of the JSON contract, the `schema_version` of every
/// document: it changes when a field is removed, renamed or changes meaning,
/// not when one is added.
pub const SCHEMA_VERSION: &str = "1";

/// `explain` looks up the nearest terms (an exhaustive comparison) for this
/// many unrecognized phrases at most, so a huge paste stays fast.
pub const MAX_EXPLAINED_UNRECOGNIZED: usize = 50;

/// What to show. (Which matches rank is the analysis's
/// [`min_score`](crate::Analysis::min_score), set on the matcher.)
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// Rules shown at most.
    pub top: usize,
    /// Whose emergency number to give; `None`: "your local emergency number".
    pub region: Option<crate::region::Region>,
    /// How the caller names its options when the human report suggests one.
    pub names: OptionNames,
    /// How much of the care the JSON document carries (the human report
    /// always shows it in full).
    pub care: CareDetail,
    /// How much of everything else the JSON document spells out.
    pub detail: Detail,
}

/// How much a JSON document spells out besides its care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Every field of the contract, at its default value or not.
    #[default]
    Full,
    /// For machines that store many documents (a batch over millions of
    /// notes): the document says `"detail": "compact"` and leaves out every
    /// field at the default the contract documents (a finding that is
    /// affirmed, current and the patient's says none of it; no empty
    /// `red_flags`), the fields that repeat another (`negated` and `cue`
    /// repeat `certainty` and `certainty_cue`; an evidence's `symptom` and
    /// `similarity` are its finding's), a rule's fixed facts (pattern names,
    /// ICD-11 code, a symptom's role and weight: the rule base's, by `rule`
    /// id), a triage reason's text when a red flag says it, and the notice (show
    /// [`NOTICE`] wherever results are shown). The schema lists what a
    /// compact document keeps.
    Compact,
}

/// How much of the care a JSON document carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CareDetail {
    /// Every item with its title and texts.
    #[default]
    Full,
    /// The items' ids only; the texts are the rule base's (`RuleBase::care`).
    Ids,
    /// None: `care` is `null`.
    None,
}

impl Default for View {
    fn default() -> Self {
        View {
            top: 3,
            region: None,
            names: OptionNames::default(),
            care: CareDetail::Full,
            detail: Detail::Full,
        }
    }
}

/// The names of the caller's options, for the human report's advice
/// ("lower the minimum score to see them"): the library names no
/// command-line flag; the CLI passes `--min-score`, Python its argument.
#[derive(Debug, Clone, Copy)]
pub struct OptionNames {
    /// The option that sets the region (emergency numbers).
    pub region: &'static str,
    /// The option that sets the minimum score.
    pub min_score: &'static str,
}

impl Default for OptionNames {
    fn default() -> Self {
        OptionNames {
            region: "the region option",
            min_score: "the minimum score",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_drops_styles_only() {
        assert_eq!(plain("\x1b[1m\x1b[32mInput\x1b[0m: a;b m"), "Input: a;b m");
        assert_eq!(plain("no styles, 湧泉"), "no styles, 湧泉");
        // Not a style: kept as it is.
        assert_eq!(plain("\x1b]0;t\x07 x \x1b[2J"), "\x1b]0;t\x07 x \x1b[2J");
        assert_eq!(plain("end \x1b"), "end \x1b");
    }

    #[test]
    fn plain_report_has_no_escape() {
        let m = crate::Matcher::builtin().unwrap();
        let a = m.analyze("insomnia, night sweats \x1b[31m").unwrap();
        let text = plain(&human(&m, &a, View::default()));
        assert!(!text.contains('\x1b'), "{text}");
        assert!(text.contains("\\u{1b}[31m"), "{text}");
        let text = plain(&explain(&m, &a, View::default(), None));
        assert!(!text.contains('\x1b'), "{text}");
    }
}
