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
