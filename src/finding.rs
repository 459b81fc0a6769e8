//! A finding: a symptom found in the input, with what the text asserts
//! about it (negation, certainty, temporality, experiencer) and any doubt
//! that it is the symptom at all. Made by the matcher, read by scoring,
//! triage and the report.

use crate::assertion::{Certainty, CueClass, Experiencer, Temporality};
use crate::lexicon::MatchKind;
use crate::negation::CueKind;
use crate::normalize::Span;
use crate::rules::SymptomId;
use serde::Serialize;

/// A symptom found in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Byte span in the input (UTF-8 byte offsets, `input[span] == text`).
    pub span: Span,
    /// The input's words that matched.
    pub text: String,
    /// The symptom.
    pub symptom: SymptomId,
    /// Index of the term in [`Lexicon::terms`](crate::lexicon::Lexicon::terms).
    pub term: usize,
    /// Exact, synonym or fuzzy.
    pub kind: MatchKind,
    /// 1.0 for exact and synonym matches, in [0.75, 1) for fuzzy ones.
    pub similarity: f64,
    /// The negation cue that denies it, if any.
    pub negation: Option<Negation>,
    /// What the text says about it: certain, current, the patient's?
    pub assertion: Asserted,
    /// For a red-flag or emergency-combination symptom: why the words are
    /// not read as that symptom at all (a real word, a lower-case
    /// abbreviation, figurative …); such a finding is no evidence and
    /// raises no flag ([`crate::triage::doubt`]).
    pub doubt: Option<Doubt>,
    /// Index (in [`Analysis::findings`](crate::Analysis::findings)) of the everyday cause that
    /// accounts for it ("hangover" for a headache; [`crate::rules::Symptom::explains`]):
    /// then it is no evidence for a pattern, though triage still reads it.
    pub explained_by: Option<usize>,
}

impl Finding {
    /// True exactly when the finding is evidence for a rule: affirmed,
    /// current, the patient's, and not in doubt.
    pub fn counts(&self) -> bool {
        self.assertion.counts() && self.doubt.is_none() && self.explained_by.is_none()
    }
}

/// An assertion cue in the input ("history of", "if", "my mum").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssertionCue {
    /// Byte span of the cue in the input (empty for a "?" stuck to the word).
    pub span: Span,
    /// The cue's words.
    pub text: String,
    /// What it says.
    pub class: CueClass,
}

/// A finding's assertion (ConText's dimensions, [`crate::assertion`]) with
/// its cues as spans of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asserted {
    /// Affirmed, negated or uncertain.
    pub certainty: Certainty,
    /// Current, historical or hypothetical.
    pub temporality: Temporality,
    /// Patient or other.
    pub experiencer: Experiencer,
    /// The cue behind a negated or uncertain certainty.
    pub certainty_cue: Option<AssertionCue>,
    /// The cue behind a historical or hypothetical temporality.
    pub temporality_cue: Option<AssertionCue>,
    /// The cue behind an `other` experiencer (a family-history cue or the
    /// person the finding belongs to).
    pub experiencer_cue: Option<AssertionCue>,
}

impl Asserted {
    /// True exactly when the finding is evidence for a rule: affirmed,
    /// current and the patient's.
    pub fn counts(&self) -> bool {
        self.certainty == Certainty::Affirmed
            && self.temporality == Temporality::Current
            && self.experiencer == Experiencer::Patient
    }

    /// True when the finding may raise a red flag: the patient's, current,
    /// affirmed or uncertain.
    pub fn may_flag(&self) -> bool {
        self.certainty != Certainty::Negated
            && self.temporality == Temporality::Current
            && self.experiencer == Experiencer::Patient
    }

    /// True for a denial that counts against a rule: the patient's, current.
    pub fn denies(&self) -> bool {
        self.certainty == Certainty::Negated
            && self.temporality == Temporality::Current
            && self.experiencer == Experiencer::Patient
    }
}

/// A negation cue in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negation {
    /// Byte span of the cue in the input.
    pub span: Span,
    /// The cue's words.
    pub text: String,
    /// Pre (before the term), post (after it), or measured (the finding
    /// is a normal reading that denies its symptom).
    pub kind: CueKind,
}

/// Why a finding of a red-flag (or emergency-combination) symptom is not
/// read as that symptom at all: it raises no flag and is no evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Doubt {
    /// A fuzzy match of a correctly spelled word ("comma" for coma).
    RealWord,
    /// An abbreviation written in lower case ("loc", "cp").
    LowerCaseAbbreviation,
    /// An abbreviation whose brackets give another meaning ("CP (cerebral palsy)").
    ExplainedAbbreviation,
    /// A single Chinese character that is a word of its own (暈).
    LoneCharacter,
    /// Said of a thing or in a simile ("the printer had a fit").
    Figurative,
    /// Chinese with a character that differs from the emergency term's
    /// (中分, a hair parting, is one character from 中风): a slip is read
    /// for patterns, never as an emergency.
    WrongCharacter,
}

impl Doubt {
    /// In words, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Doubt::RealWord => "a correctly spelled word, not a typo",
            Doubt::LowerCaseAbbreviation => "a lower-case word, not the abbreviation",
            Doubt::ExplainedAbbreviation => "an abbreviation the brackets explain otherwise",
            Doubt::LoneCharacter => "a single character, a word of its own",
            Doubt::Figurative => "figurative: said of a thing, or a simile",
            Doubt::WrongCharacter => {
                "one character differs from the term: not read as an emergency"
            }
        }
    }
}
