//! What a rule author writes: the RON schema of a rule file.
//!
//! These types mirror the files in `rules/` one to one and are only ever
//! deserialised; [`crate::rules::RuleBase::build`] validates them and resolves
//! every reference before anything is matched. Every field is documented for
//! authors in `rules/README.md`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One RON file. Every section is optional, so a file may hold only shared
/// symptoms, only rules, or both. Ids are global across all loaded files.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Bibliography: key → source. Symptoms, rules and care items cite these keys.
    #[serde(default)]
    pub sources: BTreeMap<String, SourceDef>,
    /// Shared symptom lexicon: each symptom is defined once and used by any rule.
    #[serde(default)]
    pub symptoms: Vec<SymptomDef>,
    /// Care text (location, massage, moxibustion, herbal paste …): key → item.
    #[serde(default)]
    pub care: BTreeMap<String, CareDef>,
    /// Pattern rules.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    /// Clinical abbreviations: the abbreviation as written ("HA", "palp")
    /// → what it stands for.
    #[serde(default)]
    pub abbreviations: BTreeMap<String, AbbreviationDef>,
}

/// A clinical abbreviation ("SOB", "palp", "N/V"): a term of a symptom,
/// read only where it is one.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AbbreviationDef {
    /// The symptom id it stands for, e.g. `"headache"` for `"HA"`.
    pub symptom: String,
    /// Matched only when written in the same case ("HA", not "ha" as in
    /// "ha ha"; "LOC", not "loc"): for an abbreviation that is also an
    /// everyday word or sound in another case. Default false.
    #[serde(default)]
    pub exact_case: bool,
    /// Source keys of the abbreviation lists that give it.
    pub sources: Vec<String>,
}

/// A cited public source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// Human title, e.g. `"YongQuan (KI 1), Qikan Yin"`.
    pub title: String,
    /// Where to read it (URL, or a path for the seed article).
    pub url: String,
    /// How far to trust it: `"A"` (WHO/NHS/peer-reviewed), `"B"` (TCM reference), `"C"` (consumer Q&A).
    #[serde(default)]
    pub grade: Option<String>,
}

/// What kind of observation a symptom is. Tongue and pulse signs are
/// clinician findings; the rest are what a person reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub enum Category {
    /// Something the person feels or notices (the default).
    #[default]
    Symptom,
    /// A sign someone else observes (red face, cold limbs, unconsciousness).
    Sign,
    /// A tongue finding (`T:` in case notes).
    Tongue,
    /// A pulse finding (`P:` in case notes).
    Pulse,
}

/// One symptom of the shared lexicon.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SymptomDef {
    /// Kebab-case id, unique across all files, e.g. `"night-sweats"`.
    pub id: String,
    /// English display name.
    pub name: String,
    /// Chinese display name (traditional or simplified).
    pub zh: String,
    /// Symptom (default), Sign, Tongue or Pulse.
    #[serde(default)]
    pub category: Category,
    /// Standard terms, English or Chinese. A match on one is reported as `exact`.
    pub terms: Vec<String>,
    /// Lay wording and paraphrases. A match on one is reported as `synonym`.
    #[serde(default)]
    pub lay: Vec<String>,
    /// Measurements that count as this symptom when they appear in the text
    /// (e.g. `BloodPressureAtLeast(140, 90)` for "BP 165/100").
    #[serde(default)]
    pub readings: Vec<Reading>,
    /// Present when this symptom is an emergency whatever pattern ranks:
    /// the urgent-care message shown whenever it is found un-negated.
    #[serde(default)]
    pub red_flag: Option<String>,
    /// The red-flag message in Chinese, for the Chinese report: the same
    /// instruction, nothing weakened, "999（或當地急救電話）" where the
    /// English has "999 (or your local emergency number)". Needs `red_flag`.
    #[serde(default)]
    pub red_flag_zh: Option<String>,
    /// For an everyday cause the text may name (a hangover): the symptom
    /// ids it accounts for. When it is found, those findings are set aside
    /// as explained (neither evidence nor flags); none may raise a red flag.
    #[serde(default)]
    pub explains: Vec<String>,
    /// Source keys backing the terms and the red-flag message.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A measured value that counts as a symptom.
///
/// Blood pressure is read from `S/D` numbers (mmHg; systolic 50–300,
/// diastolic 20–200). Temperature is read from a number followed by `°C`,
/// `℃` or `度`, or preceded by a temperature word (temp, temperature, fever,
/// 體溫, 發燒 …), or a bare one-decimal number between 37.5 and 42.5;
/// Fahrenheit values (followed by `°F`/`F`) are converted. An age is read
/// from a number (digits, or one to twelve in words, 一 to 十) followed by
/// "years old" / "yr old" / "yo" / 岁 (years),
/// "months old" / 个月大 (months) or "weeks old", or written "3yo"; a
/// number followed by "years" alone is a duration, not an age.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub enum Reading {
    /// A blood-pressure reading with systolic ≥ the first value or diastolic ≥ the second (mmHg).
    BloodPressureAtLeast(u32, u32),
    /// A blood-pressure reading with systolic below the value (mmHg).
    SystolicBelow(u32),
    /// A body temperature at or above the value (°C).
    TemperatureAtLeast(f64),
    /// An age below the value (years, fractions allowed: `AgeBelow(0.25)`
    /// is under 3 months): "9 months old", "6 weeks old", "3岁".
    AgeBelow(f64),
}

/// How much a symptom weighs in a rule.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub enum Role {
    /// A defining symptom of the pattern: weight 1.0.
    Key,
    /// A common accompanying symptom: weight 0.6.
    Supporting,
    /// Seen but weakly specific (often tongue and pulse alone): weight 0.3.
    Minor,
    /// An explicit weight in (0, 1].
    Weight(f64),
}

impl Role {
    /// The weight in (0, 1] that the scorer uses.
    pub fn weight(self) -> f64 {
        match self {
            Role::Key => 1.0,
            Role::Supporting => 0.6,
            Role::Minor => 0.3,
            Role::Weight(w) => w,
        }
    }
}

/// Pattern names: English (WHO / ICD-11 wording), Chinese, ICD-11 code.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PatternDef {
    /// English pattern name, e.g. `"Liver yang ascendant hyperactivity"`.
    pub en: String,
    /// Chinese pattern name, e.g. `"肝陽上亢"`.
    pub zh: String,
    /// ICD-11 chapter 26 code where one exists, e.g. `"SF52"`.
    #[serde(default)]
    pub icd11: Option<String>,
}

/// What a rule example must do when matched (checked by `yongquan rules test`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub enum Expect {
    /// The rule ranks first.
    First,
    /// The rule ranks within the first N.
    Top(usize),
    /// The rule does not appear among the matches at all.
    NoMatch,
}

impl Expect {
    /// True when a rule ranked `rank` (0-based; `None`: not ranked at all)
    /// meets the expectation.
    pub fn holds(self, rank: Option<usize>) -> bool {
        match self {
            Expect::First => rank == Some(0),
            Expect::Top(n) => rank.is_some_and(|k| k < n),
            Expect::NoMatch => rank.is_none(),
        }
    }
}

/// As written in a rule file: `First`, `Top(3)`, `NoMatch`.
impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expect::First => f.write_str("First"),
            Expect::Top(n) => write!(f, "Top({n})"),
            Expect::NoMatch => f.write_str("NoMatch"),
        }
    }
}

/// A description a rule must handle, with the expected outcome.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleDef {
    /// Free text as a user would type it.
    pub text: String,
    /// What the rule must do for it.
    pub expect: Expect,
}

/// One pattern rule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Kebab-case id, unique across all files, e.g. `"liver-yang-rising"`.
    pub id: String,
    /// Whether the pattern is a KI 1 (Yongquan) indication. `false` marks a
    /// *differential* pattern (e.g. Liver-Qi stagnation): it is matched and
    /// ranked like any rule, but it carries no care text, and the report says
    /// that KI 1 is not a main point for it. Defaults to `true`, so rule files
    /// written before the field existed keep their meaning.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub ki1: bool,
    /// Pattern names.
    pub pattern: PatternDef,
    /// For a KI 1 rule, the KI 1 function it serves, as the seed words it;
    /// for a differential, what the pattern is and why KI 1 is not a main point.
    pub function: String,
    /// Symptom id → role. Every id must be defined in some loaded file.
    pub symptoms: BTreeMap<String, Role>,
    /// Symptom id → role for findings that argue against the pattern when
    /// present (e.g. aversion to cold against a heat pattern). They lower the
    /// score by half their weight; they never add to it.
    #[serde(default)]
    pub against: BTreeMap<String, Role>,
    /// Present when the pattern itself is an emergency: shown first whenever the rule is matched.
    #[serde(default)]
    pub emergency: Option<String>,
    /// The emergency notice in Chinese, for the Chinese report (written as
    /// `red_flag_zh` is). Needs `emergency`.
    #[serde(default)]
    pub emergency_zh: Option<String>,
    /// Care keys, in display order.
    #[serde(default)]
    pub care: Vec<String>,
    /// Source keys backing the rule (pattern, symptoms, roles).
    pub sources: Vec<String>,
    /// Example descriptions with expected outcomes.
    #[serde(default)]
    pub examples: Vec<ExampleDef>,
}

/// What kind of care text an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub enum CareKind {
    /// Where KI 1 is.
    Location,
    /// Self-massage / acupressure.
    Massage,
    /// Needling.
    Needling,
    /// Moxibustion.
    Moxibustion,
    /// Herbal paste applied to the sole (external use).
    HerbalPaste,
    /// Anything else (advice, referral).
    Advice,
}

/// One care item: how KI 1 is located or used for a pattern.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CareDef {
    /// Location, Massage, Needling, Moxibustion, HerbalPaste or Advice.
    pub kind: CareKind,
    /// Short title, e.g. `"Wu Zhu Yu paste for hypertension"`.
    pub title: String,
    /// The title in Chinese, for the Chinese report.
    #[serde(default)]
    pub title_zh: Option<String>,
    /// The instruction in English, doses with units as the source gives them.
    pub text: String,
    /// The instruction in Chinese, when the source gives one.
    #[serde(default)]
    pub zh: Option<String>,
    /// Safety notes that must be shown with the text.
    #[serde(default)]
    pub cautions: Vec<String>,
    /// The cautions in Chinese, for the Chinese report: none, or one for
    /// each of `cautions`, in the same order.
    #[serde(default)]
    pub cautions_zh: Vec<String>,
    /// True for care that is for adults only (a hypertension paste,
    /// menopause self-care): never shown when the patient is a young child.
    #[serde(default)]
    pub adult_only: bool,
    /// Source keys.
    pub sources: Vec<String>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}
