//! Rules: load RON files, validate them, and build the [`RuleBase`] the
//! matcher uses.
//!
//! Two types per concept, as in ast-grep: [`schema`] is what an author writes
//! (serde/RON); [`RuleBase`] is what the matcher uses, with every id resolved
//! to a [`SymptomId`] or [`RuleId`], every weight checked and every source and
//! care key known. Only a validated `RuleBase` reaches the scorer.
//!
//! Loading never stops at the first problem: every syntax error of every file
//! and every semantic error is collected as a [`Diagnostic`] with its file,
//! line and column, and returned together in [`RuleError::Invalid`].
//!
//! ## How problems are located
//!
//! serde forgets where a value was written, so each file is also read into a
//! small syntax tree with byte spans (`tree`). Validation walks from a
//! definition back to its node (`rules[2].symptoms."insomnai"`), so an error
//! points at the very key, string or number that is wrong, wherever the
//! author put line breaks.
//!
//! ## When a file does not parse
//!
//! A file that is not well-formed RON (an unclosed bracket, a missing comma)
//! gets one error, at the place ron reports or, better, at the bracket that
//! is never closed or the string that has no closing quote; nothing in it
//! counts as defined. A well-formed file whose values do not fit the schema
//! (an unknown field, text where a number belongs) is read one element at a
//! time: every broken symptom, rule, source and care item gets its own error,
//! and the others still count as defined.
//!
//! Either way, other files may refer to ids that the unreadable part
//! defined. Reporting those references as unknown would bury the real error
//! under errors that vanish once it is fixed, so a reference is not reported
//! when an unreadable part of some file mentions the id in quotes; that
//! file's error says how many checks it held back. A reference to an id that
//! no file mentions is still reported at once.
//!
//! ## Warnings
//!
//! A rule base with no errors may still carry [`RuleBase::warnings()`] (see
//! [`lint`]): a symptom no rule uses, a rule that can never rank first, a
//! rule without examples.

pub mod lint;
pub mod schema;

use crate::deferred::Deferred;
use crate::groups::Groups;
use crate::records::{self, Record};
use crate::strings::Strings;
use schema::{
    AbbreviationDef, CareDef, Category, ExampleDef, PatternDef, Reading, Role, RuleDef, RuleFile,
    SourceDef, SymptomDef,
};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Index of a symptom in [`RuleBase::symptoms`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct SymptomId(pub u32);

/// Index of a rule in [`RuleBase::rules`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct RuleId(pub u32);

/// The built-in rule files, compiled into the binary: (name, RON text): the
/// KI 1 rules in `rules/`, then the differential patterns in
/// `rules/differential/` (a test checks that every `.ron` file of both
/// directories is listed).
pub const BUILTIN: &[(&str, &str)] = &[
    ("rules/sources.ron", include_str!("../../rules/sources.ron")),
    (
        "rules/symptoms.ron",
        include_str!("../../rules/symptoms.ron"),
    ),
    ("rules/care.ron", include_str!("../../rules/care.ron")),
    (
        "rules/abbreviations.ron",
        include_str!("../../rules/abbreviations.ron"),
    ),
    (
        "rules/liver-yang-rising.ron",
        include_str!("../../rules/liver-yang-rising.ron"),
    ),
    (
        "rules/kidney-deficiency-heat.ron",
        include_str!("../../rules/kidney-deficiency-heat.ron"),
    ),
    (
        "rules/heart-kidney-yin-deficiency.ron",
        include_str!("../../rules/heart-kidney-yin-deficiency.ron"),
    ),
    (
        "rules/yang-collapse.ron",
        include_str!("../../rules/yang-collapse.ron"),
    ),
    (
        "rules/kidney-yang-deficiency.ron",
        include_str!("../../rules/kidney-yang-deficiency.ron"),
    ),
    (
        "rules/acute-sore-throat.ron",
        include_str!("../../rules/acute-sore-throat.ron"),
    ),
    (
        "rules/infantile-diarrhoea.ron",
        include_str!("../../rules/infantile-diarrhoea.ron"),
    ),
    (
        "rules/differential/sources.ron",
        include_str!("../../rules/differential/sources.ron"),
    ),
    (
        "rules/differential/symptoms.ron",
        include_str!("../../rules/differential/symptoms.ron"),
    ),
    (
        "rules/differential/bladder-damp-heat.ron",
        include_str!("../../rules/differential/bladder-damp-heat.ron"),
    ),
    (
        "rules/differential/blood-stasis.ron",
        include_str!("../../rules/differential/blood-stasis.ron"),
    ),
    (
        "rules/differential/heart-blood-deficiency.ron",
        include_str!("../../rules/differential/heart-blood-deficiency.ron"),
    ),
    (
        "rules/differential/heart-fire-blazing.ron",
        include_str!("../../rules/differential/heart-fire-blazing.ron"),
    ),
    (
        "rules/differential/heart-spleen-deficiency.ron",
        include_str!("../../rules/differential/heart-spleen-deficiency.ron"),
    ),
    (
        "rules/differential/kidney-qi-not-firm.ron",
        include_str!("../../rules/differential/kidney-qi-not-firm.ron"),
    ),
    (
        "rules/differential/liver-blood-deficiency.ron",
        include_str!("../../rules/differential/liver-blood-deficiency.ron"),
    ),
    (
        "rules/differential/liver-gallbladder-damp-heat.ron",
        include_str!("../../rules/differential/liver-gallbladder-damp-heat.ron"),
    ),
    (
        "rules/differential/liver-kidney-yin-deficiency.ron",
        include_str!("../../rules/differential/liver-kidney-yin-deficiency.ron"),
    ),
    (
        "rules/differential/liver-qi-stagnation.ron",
        include_str!("../../rules/differential/liver-qi-stagnation.ron"),
    ),
    (
        "rules/differential/lung-qi-deficiency.ron",
        include_str!("../../rules/differential/lung-qi-deficiency.ron"),
    ),
    (
        "rules/differential/lung-yin-deficiency.ron",
        include_str!("../../rules/differential/lung-yin-deficiency.ron"),
    ),
    (
        "rules/differential/phlegm-heat-harassing-heart.ron",
        include_str!("../../rules/differential/phlegm-heat-harassing-heart.ron"),
    ),
    (
        "rules/differential/spleen-qi-deficiency.ron",
        include_str!("../../rules/differential/spleen-qi-deficiency.ron"),
    ),
    (
        "rules/differential/spleen-stomach-damp-heat.ron",
        include_str!("../../rules/differential/spleen-stomach-damp-heat.ron"),
    ),
    (
        "rules/differential/spleen-yang-deficiency.ron",
        include_str!("../../rules/differential/spleen-yang-deficiency.ron"),
    ),
    (
        "rules/differential/stomach-heat.ron",
        include_str!("../../rules/differential/stomach-heat.ron"),
    ),
    (
        "rules/differential/wind-cold-invasion.ron",
        include_str!("../../rules/differential/wind-cold-invasion.ron"),
    ),
    (
        "rules/differential/wind-heat-invasion.ron",
        include_str!("../../rules/differential/wind-heat-invasion.ron"),
    ),
];

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rules cannot be used.
    Error,
    /// The rules work, but probably not as the author meant.
    Warning,
}

/// One located problem in a rule file. `line` and `column` are 1-based;
/// `column` counts chars (not bytes) from the start of the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("{file}:{line}:{column}: {message}")]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file's name as it was loaded (a path, or `rules/NAME.ron` for a built-in).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in chars.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

/// Why rules could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// A rules directory or file could not be read.
    #[error("cannot read rules from {}: {source}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A `--rules` path exists but is not a directory.
    #[error("{} is not a directory of .ron rule files", path.display())]
    NotADirectory {
        /// The path given.
        path: PathBuf,
    },
    /// A rule file is not UTF-8.
    #[error("{} is not valid UTF-8 (first bad byte at offset {offset}); save it as UTF-8", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// One or more files have errors; every error found is listed.
    #[error("{} error(s) in the rule files", .0.iter().filter(|d| d.severity == Severity::Error).count())]
    Invalid(Vec<Diagnostic>),
}

/// One rule file's text and the name to report it by.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Name used in diagnostics (a path, or `rules/NAME.ron`).
    pub name: String,
    /// The RON text.
    pub text: String,
}

impl RuleSource {
    /// The built-in rule files.
    pub fn builtin() -> Vec<RuleSource> {
        BUILTIN
            .iter()
            .map(|(name, text)| RuleSource {
                name: (*name).to_string(),
                text: (*text).to_string(),
            })
            .collect()
    }

    /// Every `*.ron` file directly inside `dir`, sorted by name.
    ///
    /// # Errors
    /// [`RuleError::Io`] when `dir` or a file cannot be read,
    /// [`RuleError::NotADirectory`] when `dir` is a file,
    /// [`RuleError::NotUtf8`] when a file is not UTF-8.
    pub fn from_dir(dir: &Path) -> Result<Vec<RuleSource>, RuleError> {
        let io = |source| RuleError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(dir).map_err(io)?;
        if !meta.is_dir() {
            return Err(RuleError::NotADirectory {
                path: dir.to_path_buf(),
            });
        }
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.extension().is_some_and(|e| e == "ron") && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        paths.iter().map(|p| RuleSource::from_file(p)).collect()
    }

    /// One rule file.
    ///
    /// # Errors
    /// [`RuleError::Io`] or [`RuleError::NotUtf8`].
    pub fn from_file(path: &Path) -> Result<RuleSource, RuleError> {
        let bytes = std::fs::read(path).map_err(|source| RuleError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| RuleError::NotUtf8 {
            path: path.to_path_buf(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        Ok(RuleSource {
            name: path.display().to_string(),
            text,
        })
    }
}

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

/// A validated symptom.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Symptom {
    /// Kebab-case id.
    pub id: String,
    /// English name.
    pub name: String,
    /// Chinese name.
    pub zh: String,
    /// Symptom, sign, tongue or pulse.
    pub category: Category,
    /// Standard terms (matched as `exact`).
    pub terms: Strings,
    /// Lay wording (matched as `synonym`).
    pub lay: Strings,
    /// Measurements that count as the symptom.
    pub readings: Vec<Reading>,
    /// The urgent-care message when found un-negated, for emergencies.
    pub red_flag: Option<String>,
    /// The symptoms this everyday cause accounts for ([`schema::SymptomDef::explains`]).
    pub explains: Vec<SymptomId>,
    /// Source keys.
    pub sources: Vec<String>,
    /// File it was defined in.
    pub origin: String,
    /// Where its id is written in [`Symptom::origin`].
    pub position: Position,
    /// Where each of `terms`, then each of `lay`, is written (same order).
    #[serde(with = "crate::records")]
    pub term_positions: Vec<Position>,
}

/// One symptom of a rule, with its weight.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RuleSymptom {
    /// Which symptom.
    pub symptom: SymptomId,
    /// The role the author gave it.
    pub role: Role,
}

/// A validated rule.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    /// Kebab-case id.
    pub id: String,
    /// Whether the pattern is a KI 1 indication (`false`: a differential
    /// pattern, ranked but without care text); see [`RuleDef::ki1`].
    pub ki1: bool,
    /// Pattern names and ICD-11 code.
    pub pattern: PatternDef,
    /// The KI 1 function it serves.
    pub function: String,
    /// Its symptoms, key ones first.
    pub symptoms: Vec<RuleSymptom>,
    /// Symptoms that argue against it.
    pub against: Vec<RuleSymptom>,
    /// Emergency notice shown whenever the rule matches.
    pub emergency: Option<String>,
    /// Care keys, in display order (all present in [`RuleBase::care`]).
    pub care: Vec<String>,
    /// Source keys (all present in [`RuleBase::sources`]).
    pub sources: Vec<String>,
    /// Examples with expected outcomes (decoded from the snapshot on first use).
    pub examples: Deferred<Vec<ExampleDef>>,
    /// File it was defined in.
    pub origin: String,
    /// Where its id is written in [`Rule::origin`].
    pub position: Position,
    /// Where each example's text is written (same order as `examples`).
    #[serde(with = "crate::records")]
    pub example_positions: Vec<Position>,
}

/// A validated clinical abbreviation ([`schema::AbbreviationDef`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Abbreviation {
    /// As written, e.g. `"SOB"`.
    pub text: String,
    /// The symptom it stands for.
    pub symptom: SymptomId,
    /// Matched only when written in the same case.
    pub exact_case: bool,
    /// Source keys.
    pub sources: Vec<String>,
    /// File it was defined in.
    pub origin: String,
    /// Where its key is written in [`Abbreviation::origin`].
    pub position: Position,
}

/// Loading options.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Let a later file replace a rule, symptom, care item or source of the
    /// same id instead of reporting a clash.
    pub allow_override: bool,
}

/// The validated rule base: symptoms, rules, care and sources, all ids resolved.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RuleBase {
    /// All symptoms; [`SymptomId`] indexes this.
    pub symptoms: Vec<Symptom>,
    /// All rules; [`RuleId`] indexes this.
    pub rules: Vec<Rule>,
    /// Care items by key.
    pub care: BTreeMap<String, CareDef>,
    /// Sources by key.
    pub sources: Deferred<BTreeMap<String, SourceDef>>,
    /// Per symptom: in how many rules it appears (≥ 1 for a used symptom).
    pub rule_count: Vec<u32>,
    /// Clinical abbreviations, each a term of its symptom.
    pub abbreviations: Vec<Abbreviation>,
    /// Per symptom: the sum of the weights of its roles in the rules that
    /// list it under `symptoms` (a `Key` counts 1, a `Minor` 0.3): how
    /// widely it is shared, for the scorer's specificity.
    pub rule_weight: Vec<f64>,
    #[serde(skip)]
    symptom_ids: HashMap<String, SymptomId>,
    #[serde(skip)]
    rule_ids: HashMap<String, RuleId>,
    /// Rules by symptom (listed under `symptoms` or `against`).
    #[serde(skip)]
    rules_of: Groups<RuleId>,
}

/// 1-based (line, column in chars) of the first occurrence of `needle` in `text`
/// at or after the first occurrence of `anchor`, or (1, 1).
///
/// A plain text search, for callers without a syntax tree: [`RuleBase::build`]
/// locates through each file's structure instead.
pub fn locate(text: &str, anchor: &str, needle: &str) -> (usize, usize) {
    let from = text.find(anchor).unwrap_or(0);
    let at = text[from..].find(needle).map_or(from, |i| from + i);
    line_col(text, at)
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

/// Sorts diagnostics by file (in load order), line and column.
pub fn sort_diagnostics(diags: &mut [Diagnostic], sources: &[RuleSource]) {
    let order: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    diags.sort_by_key(|d| (order.get(d.file.as_str()).copied(), d.line, d.column));
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

/// The offset of the first character at or after `at` that is not white
/// space or a comment: ron reports some errors at the blank before a value.
fn skip_trivia(text: &str, mut at: usize) -> usize {
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return at;
        }
    }
}

/// True for lower-case words of ASCII letters and digits joined by single hyphens.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The closest known id, for "did you mean …?" hints.
pub fn did_you_mean<'a>(unknown: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    closest(unknown, known).map(|k| format!("did you mean `{k}`?"))
}

fn closest<'a>(unknown: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (strsim::normalized_damerau_levenshtein(unknown, k), k))
        .filter(|(s, _)| *s >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses one file's RON text.
///
/// # Errors
/// A [`Diagnostic`] at the first problem, in plain words. [`RuleBase::build`]
/// goes further and reports every broken element of a file.
pub fn parse_file(source: &RuleSource) -> Result<RuleFile, Diagnostic> {
    ron_options()
        .from_str::<RuleFile>(&source.text)
        .map_err(|e| ron_diagnostic(source, 0, &source.text, &e))
}

/// A ron error in `slice` (which starts at byte `base` of the file) as a
/// located diagnostic in plain words.
fn ron_diagnostic(
    source: &RuleSource,
    base: usize,
    slice: &str,
    e: &ron::error::SpannedError,
) -> Diagnostic {
    let at = base + byte_offset(slice, e.span.start.line, e.span.start.col);
    let at = skip_trivia(&source.text, at);
    let (message, help) = explain_ron(&e.code);
    Diagnostic::at(Severity::Error, source, at, message, help)
}

/// What a schema type is called in messages.
fn plain_type(name: &str) -> &str {
    match name {
        "RuleFile" => "the file",
        "SourceDef" => "a source",
        "SymptomDef" => "a symptom",
        "CareDef" => "a care item",
        "RuleDef" => "a rule",
        "PatternDef" => "a rule's `pattern`",
        "ExampleDef" => "an example",
        "Role" => "a role",
        "Expect" => "an `expect`",
        "Category" => "a `category`",
        "CareKind" => "a care `kind`",
        "Reading" => "a reading",
        other => other,
    }
}

/// A ron error code as (message, help) a non-programmer can act on.
fn explain_ron(code: &ron::Error) -> (String, Option<String>) {
    use ron::Error as E;
    let list = |xs: &[&str]| {
        xs.iter()
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (message, help): (String, Option<String>) = match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let within = outer.as_deref().map_or("here", plain_type);
            let hint = closest(found, expected.iter().copied())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            (
                format!("unknown field `{found}` in {within}"),
                Some(format!("{hint}the fields are {}", list(expected))),
            )
        }
        E::MissingStructField { field, outer } => (
            format!(
                "{} has no `{field}` field, and it is required",
                outer.as_deref().map_or("this", plain_type)
            ),
            Some(format!(
                "add `{field}: …` before this closing bracket (rules/README.md describes every field)"
            )),
        ),
        E::DuplicateStructField { field, outer } => (
            format!(
                "field `{field}` is written twice in {}",
                outer.as_deref().map_or("this", plain_type)
            ),
            Some("keep one of them".into()),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = outer.as_deref().map_or("value", plain_type);
            let shown: Vec<String> = expected
                .iter()
                .map(|v| match (outer.as_deref(), *v) {
                    (Some("Role"), "Weight") => "Weight(0.8)".to_string(),
                    (Some("Expect"), "Top") => "Top(3)".to_string(),
                    _ => (*v).to_string(),
                })
                .collect();
            let hint = closest(found, expected.iter().copied())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            (
                format!("`{found}` is not {what}"),
                Some(format!(
                    "{hint}write one of {} (spelled exactly, no quotes)",
                    shown
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )
        }
        E::ExpectedString | E::ExpectedStringEnd => (
            "expected text in double quotes here".into(),
            Some("write text as \"like this\"".into()),
        ),
        E::ExpectedArray => (
            "expected a list in square brackets here".into(),
            Some("write a list as `[\"a\", \"b\"]` (or `[]` for none)".into()),
        ),
        E::ExpectedMap => (
            "expected a map in curly braces here".into(),
            Some("write a map as `{ \"key\": value, … }`".into()),
        ),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => (
            "expected `( … )` here".into(),
            Some("a symptom, rule, source or care item is written `( field: value, … )`".into()),
        ),
        E::ExpectedFloat => (
            "expected a number here".into(),
            Some("write a decimal number such as `0.8`".into()),
        ),
        E::ExpectedInteger | E::IntegerOutOfBounds => (
            "expected a whole number here".into(),
            Some("write a whole number such as `3`".into()),
        ),
        E::ExpectedComma => (
            "expected a comma before this".into(),
            Some(
                "separate items with commas: `a, b`; if a string before this has no closing quote, close it"
                    .into(),
            ),
        ),
        E::ExpectedMapColon => (
            "expected `:` between a key and its value".into(),
            Some("write a map entry as `\"key\": value`".into()),
        ),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => (
            "expected a closing bracket or a comma here".into(),
            Some("a bracket is not closed, or a comma is missing before this".into()),
        ),
        E::Eof => (
            "the file ends too early".into(),
            Some("a bracket or a quote is probably not closed".into()),
        ),
        E::TrailingCharacters => (
            "unexpected text after the end of the file's outer `( … )`".into(),
            Some("everything goes inside one `( … )`; remove this or move it inside".into()),
        ),
        E::UnclosedBlockComment => (
            "a `/*` comment is never closed".into(),
            Some("close it with `*/`, or use `//` comments".into()),
        ),
        E::UnexpectedChar(c) => (format!("unexpected `{c}` here"), None),
        E::InvalidValueForType { expected, found } => {
            (format!("expected {expected}, found {found}"), None)
        }
        E::Message(m) => (m.clone(), None),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            let first = chars.next().map(|c| c.to_lowercase().collect::<String>());
            (first.unwrap_or_default() + chars.as_str(), None)
        }
    };
    (message, help)
}

impl Diagnostic {
    /// A diagnostic at byte `offset` of `source`.
    fn at(
        severity: Severity,
        source: &RuleSource,
        offset: usize,
        message: String,
        help: Option<String>,
    ) -> Diagnostic {
        let (line, column) = line_col(&source.text, offset);
        Diagnostic {
            severity,
            file: source.name.clone(),
            line,
            column,
            message,
            help,
        }
    }

    /// Gives a position to a diagnostic that has none (line 0) and names a
    /// term of a symptom as `term "TEXT" of `ID``, as the lexicon's
    /// duplicate-term errors do: `text` is the file the diagnostic names.
    pub fn locate_term_in(&mut self, text: &str) {
        if self.line != 0 {
            return;
        }
        let Some(rest) = self.message.strip_prefix("term \"") else {
            return;
        };
        let Some((term, rest)) = rest.split_once("\" of `") else {
            return;
        };
        let Some((id, _)) = rest.split_once('`') else {
            return;
        };
        if let Some(p) = locate_term(text, id, term) {
            self.line = p.line;
            self.column = p.column;
        }
    }
}

/// Where the term `term` of the symptom with id `symptom` is written in the
/// rule file `text` (its `terms`, then its `lay`).
pub fn locate_term(text: &str, symptom: &str, term: &str) -> Option<Position> {
    let root = tree::parse(text).ok()?;
    let def = root
        .field("symptoms")?
        .items()
        .iter()
        .find(|s| s.field("id").and_then(tree::Node::str) == Some(symptom))?;
    let node = ["terms", "lay"]
        .iter()
        .find_map(|f| def.field(f).and_then(|l| l.item(term)))?;
    Some(Position::of(text, node.span.start))
}

/// One file as read: the definitions that could be read, with their index
/// (or key) in the file, its structure for locating, and what could not be
/// read.
#[derive(Default)]
struct Loaded {
    tree: Option<tree::Node>,
    /// Byte ranges that could not be read: the whole file after a syntax
    /// error, or the elements that did not deserialise.
    unread: Vec<Range<usize>>,
    /// Index (in the diagnostics) of this file's first reading error.
    read_error: Option<usize>,
    sources: Vec<(String, SourceDef)>,
    symptoms: Vec<(usize, SymptomDef)>,
    care: Vec<(String, CareDef)>,
    rules: Vec<(usize, RuleDef)>,
    abbreviations: Vec<(String, AbbreviationDef)>,
}

impl Loaded {
    fn section(&self, name: &str) -> Option<&tree::Node> {
        self.tree.as_ref()?.field(name)
    }

    fn symptom(&self, i: usize) -> Option<&tree::Node> {
        self.section("symptoms")?.items().get(i)
    }

    fn rule(&self, i: usize) -> Option<&tree::Node> {
        self.section("rules")?.items().get(i)
    }

    fn source(&self, key: &str) -> Option<&(tree::Node, tree::Node)> {
        self.section("sources")?.entry(key)
    }

    fn care(&self, key: &str) -> Option<&(tree::Node, tree::Node)> {
        self.section("care")?.entry(key)
    }

    fn abbreviation(&self, key: &str) -> Option<&(tree::Node, tree::Node)> {
        self.section("abbreviations")?.entry(key)
    }
}

/// Reads one file: the whole of it when it deserialises, otherwise every
/// element that does, with one diagnostic per element that does not.
fn read(source: &RuleSource, diags: &mut Vec<Diagnostic>) -> Loaded {
    let tree = tree::parse(&source.text);
    let whole = match parse_file(source) {
        Ok(f) => {
            return Loaded {
                tree: tree.ok(),
                sources: f.sources.into_iter().collect(),
                symptoms: f.symptoms.into_iter().enumerate().collect(),
                care: f.care.into_iter().collect(),
                rules: f.rules.into_iter().enumerate().collect(),
                abbreviations: f.abbreviations.into_iter().collect(),
                ..Loaded::default()
            }
        }
        Err(d) => d,
    };
    let first = diags.len();
    let mut loaded = Loaded::default();
    let everything: Vec<Range<usize>> = std::iter::once(0..source.text.len()).collect();
    match tree {
        Ok(root) => {
            recover(source, &root, &mut loaded, diags);
            if diags.len() == first {
                // Every element reads on its own, so the problem is in the
                // file's frame (attributes, outer brackets): ron's own report
                // is the best there is, and nothing of the file counts.
                diags.push(whole);
                loaded = Loaded {
                    unread: everything,
                    ..Loaded::default()
                };
            }
            loaded.tree = Some(root);
        }
        Err(broken) => {
            let at = byte_offset(&source.text, whole.line, whole.column);
            let at_end = skip_trivia(&source.text, at) >= source.text.len();
            diags.push(match broken {
                tree::Broken::Unclosed { open, close } if at_end => Diagnostic::at(
                    Severity::Error,
                    source,
                    open,
                    format!("this bracket is never closed: the file ends before its `{close}`"),
                    Some(format!("add the missing `{close}` where this item ends")),
                ),
                tree::Broken::Mismatched { open, close, found } => {
                    let (line, column) = line_col(&source.text, open);
                    let opener = &source.text[open..open + 1];
                    Diagnostic::at(
                        Severity::Error,
                        source,
                        found,
                        format!("expected `{close}` before this: the `{opener}` at {line}:{column} is not closed"),
                        Some(format!("add `{close}` where the item that `{opener}` opens ends")),
                    )
                }
                tree::Broken::Comment { open } => Diagnostic::at(
                    Severity::Error,
                    source,
                    open,
                    "this `/*` comment is never closed".into(),
                    Some("close it with `*/`, or write the comment with `//` at the start of each line".into()),
                ),
                tree::Broken::Empty => Diagnostic::at(
                    Severity::Error,
                    source,
                    0,
                    "the file is empty".into(),
                    Some("write `()` for a file with no definitions, or start from `yongquan rules new ID`".into()),
                ),
                tree::Broken::Runaway { open } => Diagnostic::at(
                    Severity::Error,
                    source,
                    open,
                    "this text has no closing quote on its line".into(),
                    Some(
                        "add the closing `\"`: without it the text runs on to the next quote in the file"
                            .into(),
                    ),
                ),
                _ => whole,
            });
            loaded.unread = everything;
        }
    }
    loaded.read_error = Some(first);
    loaded
}

/// Reads a file that does not deserialise as a whole one element at a time,
/// so that every broken element is reported and the others still count as
/// defined (no cascade of "unknown id" errors).
fn recover(source: &RuleSource, root: &tree::Node, out: &mut Loaded, diags: &mut Vec<Diagnostic>) {
    const SECTIONS: [&str; 5] = ["sources", "symptoms", "care", "rules", "abbreviations"];
    let error = |diags: &mut Vec<Diagnostic>, at: usize, message: String, help: Option<String>| {
        diags.push(Diagnostic::at(Severity::Error, source, at, message, help));
    };
    if !matches!(root.kind, tree::Kind::Struct(_)) {
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    for f in root.fields() {
        let value = &f.value;
        if seen.contains(&f.name.as_str()) {
            error(
                diags,
                f.at,
                format!("section `{}` is written twice in this file", f.name),
                Some("merge the two into one".into()),
            );
            out.unread.push(value.span.clone());
            continue;
        }
        seen.push(&f.name);
        match f.name.as_str() {
            "symptoms" | "rules" => {
                let tree::Kind::Seq(items) = &value.kind else {
                    error(
                        diags,
                        value.span.start,
                        format!("`{}` must be a list in square brackets", f.name),
                        Some(format!("write `{}: [ ( … ), ( … ) ]`", f.name)),
                    );
                    out.unread.push(value.span.clone());
                    continue;
                };
                for (i, item) in items.iter().enumerate() {
                    let slice = &source.text[item.span.clone()];
                    let parsed = if f.name == "rules" {
                        ron_options()
                            .from_str::<RuleDef>(slice)
                            .map(|d| out.rules.push((i, d)))
                    } else {
                        ron_options()
                            .from_str::<schema::SymptomDef>(slice)
                            .map(|d| out.symptoms.push((i, d)))
                    };
                    if let Err(e) = parsed {
                        diags.push(ron_diagnostic(source, item.span.start, slice, &e));
                        out.unread.push(item.span.clone());
                    }
                }
            }
            "sources" | "care" | "abbreviations" => {
                let tree::Kind::Map(entries) = &value.kind else {
                    error(
                        diags,
                        value.span.start,
                        format!("`{}` must be a map in curly braces", f.name),
                        Some(format!("write `{}: {{ \"key\": ( … ), }}`", f.name)),
                    );
                    out.unread.push(value.span.clone());
                    continue;
                };
                for (k, v) in entries {
                    let Some(key) = k.str() else {
                        error(
                            diags,
                            k.span.start,
                            "a key must be text in double quotes".into(),
                            Some("write `\"my-key\": ( … )`".into()),
                        );
                        out.unread.push(k.span.start..v.span.end);
                        continue;
                    };
                    let slice = &source.text[v.span.clone()];
                    let parsed = match f.name.as_str() {
                        "sources" => ron_options()
                            .from_str::<SourceDef>(slice)
                            .map(|d| out.sources.push((key.to_string(), d))),
                        "care" => ron_options()
                            .from_str::<CareDef>(slice)
                            .map(|d| out.care.push((key.to_string(), d))),
                        _ => ron_options()
                            .from_str::<AbbreviationDef>(slice)
                            .map(|d| out.abbreviations.push((key.to_string(), d))),
                    };
                    if let Err(e) = parsed {
                        diags.push(ron_diagnostic(source, v.span.start, slice, &e));
                        out.unread.push(k.span.start..v.span.end);
                    }
                }
            }
            other => {
                let hint = did_you_mean(other, SECTIONS.iter().copied());
                error(
                    diags,
                    f.at,
                    format!("unknown section `{other}`"),
                    Some(match hint {
                        Some(h) => format!(
                            "{h} A file has the sections `sources`, `symptoms`, `care`, `rules` and `abbreviations`"
                        ),
                        None => "a file has the sections `sources`, `symptoms`, `care`, `rules` and `abbreviations`"
                            .into(),
                    }),
                );
                out.unread.push(value.span.clone());
            }
        }
    }
}

/// The definitions read from one file, each with its index in its section
/// (lists) or its key (maps).
#[derive(Default)]
struct Defs {
    sources: Vec<(String, SourceDef)>,
    symptoms: Vec<(usize, SymptomDef)>,
    care: Vec<(String, CareDef)>,
    rules: Vec<(usize, RuleDef)>,
    abbreviations: Vec<(String, AbbreviationDef)>,
}

/// A definition and where it came from.
struct Located<T> {
    value: T,
    file: usize,
    /// Index in its file's `symptoms` or `rules` list (0 for map entries).
    index: usize,
}

/// Validation in progress: the files as read and the diagnostics so far.
struct Check<'a> {
    sources: &'a [RuleSource],
    files: &'a [Loaded],
    diags: Vec<Diagnostic>,
    /// Per file: reference checks skipped because an unreadable part of the
    /// file mentions the id.
    skipped: Vec<usize>,
    /// Per file: byte offset of each line start, so a position costs a
    /// binary search instead of a scan from the top of the file.
    line_starts: Vec<Vec<usize>>,
}

impl<'a> Check<'a> {
    fn position(&self, file: usize, at: Option<&tree::Node>) -> Position {
        let text = &self.sources[file].text;
        let offset = at.map_or(0, |n| n.span.start).min(text.len());
        let starts = &self.line_starts[file];
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let column = text[starts[line - 1]..offset].chars().count() + 1;
        Position { line, column }
    }

    /// `file:line:column` of a node, for messages that name another place.
    fn place(&self, file: usize, at: Option<&tree::Node>) -> String {
        let p = self.position(file, at);
        format!("{}:{}:{}", self.sources[file].name, p.line, p.column)
    }

    fn push(
        &mut self,
        severity: Severity,
        file: usize,
        at: Option<&tree::Node>,
        message: String,
        help: Option<String>,
    ) {
        let offset = at.map_or(0, |n| n.span.start);
        let d = Diagnostic::at(severity, &self.sources[file], offset, message, help);
        self.diags.push(d);
    }

    fn error(
        &mut self,
        file: usize,
        at: Option<&tree::Node>,
        message: String,
        help: Option<String>,
    ) {
        self.push(Severity::Error, file, at, message, help);
    }

    fn errors(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when a part of some file that could not be read mentions
    /// `"id"`: the definition may be there, so an "unknown id" error would
    /// probably be a consequence of that file's error, not a mistake of its
    /// own. The check is skipped and counted against that file.
    fn unread_mentions(&mut self, id: &str) -> bool {
        let quoted = format!("\"{id}\"");
        let hit = self.files.iter().enumerate().position(|(i, f)| {
            f.unread
                .iter()
                .any(|r| self.sources[i].text[r.clone()].contains(&quoted))
        });
        if let Some(i) = hit {
            self.skipped[i] += 1;
        }
        hit.is_some()
    }

    /// Reports keys written twice in one map (serde would silently keep the last).
    fn duplicate_keys(&mut self, file: usize, map: Option<&'a tree::Node>, what: &str) {
        let Some(map) = map else { return };
        let entries = map.entries();
        for (i, (key, _)) in entries.iter().enumerate() {
            let Some(k) = key.str() else { continue };
            if let Some((first, _)) = entries[..i].iter().find(|(f, _)| f.str() == Some(k)) {
                let line = self.position(file, Some(first)).line;
                self.error(
                    file,
                    Some(key),
                    format!("{what} `{k}` is written twice here (first on line {line})"),
                    Some("keep one of them: only the last would count".into()),
                );
            }
        }
    }

    /// Checks that every key in `keys` is defined in a `section` of some
    /// file (`known`), reporting the unknown ones at their string in `list`
    /// with a did-you-mean hint.
    #[allow(clippy::too_many_arguments)]
    fn known_keys<'k>(
        &mut self,
        file: usize,
        keys: impl IntoIterator<Item = &'k String>,
        known: &BTreeMap<String, impl Sized>,
        section: &str,
        list: Option<&tree::Node>,
        what: impl Fn(&str) -> String,
    ) {
        for key in keys {
            if known.contains_key(key) || self.unread_mentions(key) {
                continue;
            }
            let help = did_you_mean(key, known.keys().map(String::as_str)).or_else(|| {
                Some(format!(
                    "no `{section}` section of the loaded files defines `{key}`: define it, or use a key that is defined"
                ))
            });
            let at = list.and_then(|l| l.item(key)).or(list);
            self.error(file, at, what(key), help);
        }
    }

    /// Reports `what` at `at` when `text` is blank, with `help`.
    fn nonempty(
        &mut self,
        file: usize,
        at: Option<&tree::Node>,
        text: &str,
        what: String,
        help: &str,
    ) {
        if text.trim().is_empty() {
            self.error(file, at, what, Some(help.into()));
        }
    }
}

const CLASH_HELP: &str =
    "rename one of them, or pass --override to let the later file replace the earlier definition";
const GRADE_HELP: &str =
    "a grade is \"A\" (WHO, NHS, peer-reviewed), \"B\" (TCM reference) or \"C\" (consumer Q&A)";
const NO_SOURCE_HELP: &str =
    "every medical statement needs a source: add a key defined in a `sources` section, e.g. `[\"seed\"]`";
const WEIGHT_HELP: &str = "a weight is a number above 0 and at most 1, e.g. `Weight(0.8)`";
const UNKNOWN_SYMPTOM_HELP: &str =
    "define it in a `symptoms` section; `yongquan lexicon` lists the known symptoms with their ids";

/// The value node of field `name`, or the node itself when the field is absent.
fn field<'n>(node: Option<&'n tree::Node>, name: &str) -> Option<&'n tree::Node> {
    node.and_then(|n| n.field(name)).or(node)
}

impl RuleBase {
    /// The built-in rule base.
    ///
    /// # Errors
    /// Only if the compiled-in rules are invalid, which a test rules out.
    pub fn builtin() -> Result<RuleBase, RuleError> {
        RuleBase::build(&RuleSource::builtin(), LoadOptions::default())
    }

    /// Parses and validates `sources` in order (later files may reference
    /// anything defined in earlier or later ones).
    ///
    /// Every file is read even when an earlier one is broken. A file that
    /// deserialises only in part is read one element at a time, so each
    /// broken symptom, rule, source or care item gets its own error and the
    /// others still count as defined. A reference to an unknown id is not
    /// reported when a part of a file that could not be read mentions that
    /// id (the definition is probably there); the read error says how many
    /// such checks it held back.
    ///
    /// # Errors
    /// [`RuleError::Invalid`] with every error of every file, sorted by file
    /// (in load order), line and column.
    pub fn build(sources: &[RuleSource], options: LoadOptions) -> Result<RuleBase, RuleError> {
        let (rules, errors) = RuleBase::build_partial(sources, options);
        if errors.is_empty() {
            Ok(rules)
        } else {
            Err(RuleError::Invalid(errors))
        }
    }

    /// Like [`RuleBase::build`], but returns the rule base built from every
    /// definition that could be read, together with every error (sorted;
    /// empty when `build` would succeed). Warnings are computed only when
    /// there are no errors.
    ///
    /// For tools that report rather than match: `yongquan rules check` builds
    /// the lexicon of a partial base too, so that a term shared by two
    /// symptoms is reported in the same run as the other errors. A base with
    /// errors may miss symptoms, rules and references: never match with it.
    pub fn build_partial(
        sources: &[RuleSource],
        options: LoadOptions,
    ) -> (RuleBase, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut files: Vec<Loaded> = sources.iter().map(|s| read(s, &mut diags)).collect();
        let defs: Vec<Defs> = files
            .iter_mut()
            .map(|f| Defs {
                sources: std::mem::take(&mut f.sources),
                symptoms: std::mem::take(&mut f.symptoms),
                care: std::mem::take(&mut f.care),
                rules: std::mem::take(&mut f.rules),
                abbreviations: std::mem::take(&mut f.abbreviations),
            })
            .collect();
        let files = &files;
        let mut c = Check {
            sources,
            files,
            diags,
            skipped: vec![0; files.len()],
            line_starts: sources
                .iter()
                .map(|f| {
                    std::iter::once(0)
                        .chain(f.text.match_indices('\n').map(|(i, _)| i + 1))
                        .collect()
                })
                .collect(),
        };

        // Gather every definition, checking clashes.
        let clash_help = CLASH_HELP;
        let mut src_defs: BTreeMap<String, Located<SourceDef>> = BTreeMap::new();
        let mut care_defs: BTreeMap<String, Located<CareDef>> = BTreeMap::new();
        let mut abbr_defs: BTreeMap<String, Located<AbbreviationDef>> = BTreeMap::new();
        let mut sym_defs: Vec<Located<SymptomDef>> = Vec::new();
        let mut sym_at: HashMap<String, usize> = HashMap::new();
        let mut rule_defs: Vec<Located<RuleDef>> = Vec::new();
        let mut rule_at: HashMap<String, usize> = HashMap::new();
        for (file, d) in defs.into_iter().enumerate() {
            let f = &files[file];
            c.duplicate_keys(file, f.section("sources"), "source");
            c.duplicate_keys(file, f.section("care"), "care item");
            c.duplicate_keys(file, f.section("abbreviations"), "abbreviation");
            for (key, value) in d.abbreviations {
                if let Some(prev) = abbr_defs.get(&key).filter(|_| !options.allow_override) {
                    let first =
                        c.place(prev.file, files[prev.file].abbreviation(&key).map(|e| &e.0));
                    let here = f.abbreviation(&key).map(|e| &e.0);
                    c.error(
                        file,
                        here,
                        format!("abbreviation `{key}` is already defined at {first}"),
                        Some(clash_help.into()),
                    );
                    continue;
                }
                abbr_defs.insert(
                    key,
                    Located {
                        value,
                        file,
                        index: 0,
                    },
                );
            }
            for (key, value) in d.sources {
                if let Some(prev) = src_defs.get(&key).filter(|_| !options.allow_override) {
                    let first = c.place(prev.file, files[prev.file].source(&key).map(|e| &e.0));
                    let here = f.source(&key).map(|e| &e.0);
                    c.error(
                        file,
                        here,
                        format!("source `{key}` is already defined at {first}"),
                        Some(clash_help.into()),
                    );
                    continue;
                }
                src_defs.insert(
                    key,
                    Located {
                        value,
                        file,
                        index: 0,
                    },
                );
            }
            for (key, value) in d.care {
                if let Some(prev) = care_defs.get(&key).filter(|_| !options.allow_override) {
                    let first = c.place(prev.file, files[prev.file].care(&key).map(|e| &e.0));
                    let here = f.care(&key).map(|e| &e.0);
                    c.error(
                        file,
                        here,
                        format!("care item `{key}` is already defined at {first}"),
                        Some(clash_help.into()),
                    );
                    continue;
                }
                care_defs.insert(
                    key,
                    Located {
                        value,
                        file,
                        index: 0,
                    },
                );
            }
            for (index, value) in d.symptoms {
                let located = Located { value, file, index };
                match sym_at.get(&located.value.id) {
                    Some(&pos) if !options.allow_override => {
                        let prev = &sym_defs[pos];
                        let first =
                            c.place(prev.file, field(files[prev.file].symptom(prev.index), "id"));
                        let here = field(f.symptom(index), "id");
                        c.error(
                            file,
                            here,
                            format!(
                                "symptom `{}` is already defined at {first}",
                                located.value.id
                            ),
                            Some(clash_help.into()),
                        );
                    }
                    Some(&pos) => sym_defs[pos] = located,
                    None => {
                        sym_at.insert(located.value.id.clone(), sym_defs.len());
                        sym_defs.push(located);
                    }
                }
            }
            for (index, value) in d.rules {
                let located = Located { value, file, index };
                match rule_at.get(&located.value.id) {
                    Some(&pos) if !options.allow_override => {
                        let prev = &rule_defs[pos];
                        let first =
                            c.place(prev.file, field(files[prev.file].rule(prev.index), "id"));
                        let here = field(f.rule(index), "id");
                        c.error(
                            file,
                            here,
                            format!("rule `{}` is already defined at {first}", located.value.id),
                            Some(clash_help.into()),
                        );
                    }
                    Some(&pos) => rule_defs[pos] = located,
                    None => {
                        rule_at.insert(located.value.id.clone(), rule_defs.len());
                        rule_defs.push(located);
                    }
                }
            }
        }

        // Sources.
        for (key, Located { value: s, file, .. }) in &src_defs {
            let entry = files[*file].source(key);
            let (k, v) = (entry.map(|e| &e.0), entry.map(|e| &e.1));
            if !is_kebab(key) {
                c.error(
                    *file,
                    k,
                    format!("source key `{key}` is not kebab-case"),
                    Some("use lower-case words joined by hyphens, e.g. `nhs-tinnitus`".into()),
                );
            }
            c.nonempty(
                *file,
                field(v, "title"),
                &s.title,
                format!("source `{key}` has an empty `title`"),
                "write the title of the source, as a reader would look it up",
            );
            c.nonempty(
                *file,
                field(v, "url"),
                &s.url,
                format!("source `{key}` has an empty `url`"),
                "write where to read the source: a web address, or a path for the seed article",
            );
            if let Some(g) = &s.grade {
                if !matches!(g.as_str(), "A" | "B" | "C") {
                    let message = format!("source `{key}` has grade `{g}`");
                    c.error(*file, field(v, "grade"), message, Some(GRADE_HELP.into()));
                }
            }
        }

        // Symptoms.
        let mut symptoms = Vec::with_capacity(sym_defs.len());
        let mut symptom_ids = HashMap::new();
        // (symptom, file, its `explains` node, the ids): resolved once every
        // symptom is known.
        let mut explains = Vec::new();
        for Located {
            value: s,
            file,
            index,
        } in sym_defs
        {
            let node = files[file].symptom(index);
            let id_node = field(node, "id");
            if !is_kebab(&s.id) {
                c.error(
                    file,
                    id_node,
                    format!("symptom id `{}` is not kebab-case", s.id),
                    Some("use lower-case words joined by hyphens, e.g. `night-sweats`".into()),
                );
            }
            c.nonempty(
                file,
                field(node, "name"),
                &s.name,
                format!("symptom `{}` has an empty `name`", s.id),
                "write the English name, e.g. \"Night sweats\"",
            );
            c.nonempty(
                file,
                field(node, "zh"),
                &s.zh,
                format!("symptom `{}` has an empty `zh` (Chinese name)", s.id),
                "write the Chinese name, e.g. \"盜汗\"",
            );
            if let Some(flag) = &s.red_flag {
                c.nonempty(
                    file,
                    field(node, "red_flag"),
                    flag,
                    format!("symptom `{}` has an empty `red_flag`", s.id),
"write the urgent-care message, or remove `red_flag` if the symptom is not an emergency",
                );
            }
            if s.terms.is_empty() && s.lay.is_empty() && s.readings.is_empty() {
                c.error(
                    file,
                    field(node, "terms"),
                    format!("symptom `{}` has no terms", s.id),
                    Some("list at least one word or phrase in `terms`".into()),
                );
            }
            let mut term_positions = Vec::with_capacity(s.terms.len() + s.lay.len());
            for (list, terms) in [("terms", &s.terms), ("lay", &s.lay)] {
                let items = node
                    .and_then(|n| n.field(list))
                    .map_or(&[][..], tree::Node::items);
                for (i, t) in terms.iter().enumerate() {
                    let at = items.get(i).or(id_node);
                    term_positions.push(c.position(file, at));
                    if t.trim().is_empty() {
                        c.error(
                            file,
                            at,
                            format!("symptom `{}` has an empty term", s.id),
                            Some("remove the empty string, or write the term in it".into()),
                        );
                    } else if t.contains(char::is_control) {
                        // A tab or line break would also break `yongquan lexicon`'s
                        // one-term-per-line TSV.
                        c.error(
                            file,
                            at,
                            format!(
                                "symptom `{}` has a term with a tab, line break or other control character: {t:?}",
                                s.id
                            ),
                            Some("write the term on one line, with plain spaces".into()),
                        );
                    }
                }
            }
            let list = node.and_then(|n| n.field("sources"));
            let id = s.id.clone();
            c.known_keys(file, &s.sources, &src_defs, "sources", list, |k| {
                format!("symptom `{id}` cites unknown source `{k}`")
            });
            if !s.explains.is_empty() {
                explains.push((
                    symptoms.len(),
                    file,
                    field(node, "explains"),
                    s.explains.clone(),
                ));
            }
            symptom_ids.insert(s.id.clone(), SymptomId(symptoms.len() as u32));
            symptoms.push(Symptom {
                position: c.position(file, id_node),
                term_positions,
                id: s.id,
                name: s.name,
                zh: s.zh,
                category: s.category,
                terms: s.terms.iter().collect(),
                lay: s.lay.iter().collect(),
                readings: s.readings,
                red_flag: s.red_flag,
                explains: Vec::new(),
                sources: s.sources,
                origin: sources[file].name.clone(),
            });
        }
        for (at, file, node, ids) in explains {
            for sid in ids {
                let id = symptoms[at].id.clone();
                match symptom_ids.get(&sid) {
                    Some(&x) if symptoms[x.0 as usize].red_flag.is_some() => {
                        c.error(
                            file,
                            node,
                            format!("symptom `{id}` explains `{sid}`, a red flag"),
                            Some("a red flag is never explained away: remove it".into()),
                        );
                    }
                    Some(&x) => symptoms[at].explains.push(x),
                    None => {
                        let help = did_you_mean(&sid, symptom_ids.keys().map(String::as_str))
                            .unwrap_or_else(|| UNKNOWN_SYMPTOM_HELP.into());
                        c.error(
                            file,
                            node,
                            format!("symptom `{id}` explains unknown symptom `{sid}`"),
                            Some(help),
                        );
                    }
                }
            }
        }

        // Care.
        for (
            key,
            Located {
                value: care, file, ..
            },
        ) in &care_defs
        {
            let entry = files[*file].care(key);
            let (k, v) = (entry.map(|e| &e.0), entry.map(|e| &e.1));
            if !is_kebab(key) {
                c.error(
                    *file,
                    k,
                    format!("care key `{key}` is not kebab-case"),
                    Some("use lower-case words joined by hyphens, e.g. `ki1-massage`".into()),
                );
            }
            c.nonempty(
                *file,
                field(v, "title"),
                &care.title,
                format!("care item `{key}` has an empty `title`"),
                "write a short title, e.g. \"Self-massage of KI 1 before sleep\"",
            );
            c.nonempty(
                *file,
                field(v, "text"),
                &care.text,
                format!("care item `{key}` has an empty `text`"),
                "write the instruction, doses and times as the source gives them",
            );
            if care.sources.is_empty() {
                let message = format!("care item `{key}` cites no source");
                c.error(
                    *file,
                    field(v, "sources"),
                    message,
                    Some(NO_SOURCE_HELP.into()),
                );
            }
            let list = v.and_then(|n| n.field("sources"));
            c.known_keys(*file, &care.sources, &src_defs, "sources", list, |s| {
                format!("care item `{key}` cites unknown source `{s}`")
            });
        }

        // Abbreviations.
        let mut abbreviations = Vec::with_capacity(abbr_defs.len());
        for (key, Located { value: a, file, .. }) in &abbr_defs {
            let entry = files[*file].abbreviation(key);
            let (k, v) = (entry.map(|e| &e.0), entry.map(|e| &e.1));
            if key.trim().is_empty() || key.contains('…') {
                c.error(
                    *file,
                    k,
                    format!("abbreviation `{key}` is empty or has a gap"),
                    Some("write the abbreviation as it is typed, e.g. \"SOB\"".into()),
                );
                continue;
            }
            if a.sources.is_empty() {
                c.error(
                    *file,
                    field(v, "sources"),
                    format!("abbreviation `{key}` cites no source"),
                    Some(NO_SOURCE_HELP.into()),
                );
            }
            let list = v.and_then(|n| n.field("sources"));
            c.known_keys(*file, &a.sources, &src_defs, "sources", list, |s| {
                format!("abbreviation `{key}` cites unknown source `{s}`")
            });
            let Some(&symptom) = symptom_ids.get(&a.symptom) else {
                let help = did_you_mean(&a.symptom, symptom_ids.keys().map(String::as_str))
                    .unwrap_or_else(|| UNKNOWN_SYMPTOM_HELP.into());
                c.error(
                    *file,
                    field(v, "symptom"),
                    format!(
                        "abbreviation `{key}` stands for unknown symptom `{}`",
                        a.symptom
                    ),
                    Some(help),
                );
                continue;
            };
            abbreviations.push(Abbreviation {
                text: key.clone(),
                symptom,
                exact_case: a.exact_case,
                sources: a.sources.clone(),
                origin: sources[*file].name.clone(),
                position: c.position(*file, k),
            });
        }

        // Rules.
        let mut rules = Vec::with_capacity(rule_defs.len());
        let mut rule_ids = HashMap::new();
        let mut rule_count = vec![0u32; symptoms.len()];
        let mut rule_weight = vec![0f64; symptoms.len()];
        for Located {
            value: r,
            file,
            index,
        } in rule_defs
        {
            let node = files[file].rule(index);
            let id_node = field(node, "id");
            let id = r.id.clone();
            if !is_kebab(&r.id) {
                c.error(
                    file,
                    id_node,
                    format!("rule id `{id}` is not kebab-case"),
                    Some("use lower-case words joined by hyphens, e.g. `liver-yang-rising`".into()),
                );
            }
            let pattern = field(node, "pattern");
            c.nonempty(
                file,
                field(pattern, "en"),
                &r.pattern.en,
                format!("rule `{id}` has an empty English pattern name (`en`)"),
                "write the pattern's English name, in WHO / ICD-11 wording where there is one",
            );
            c.nonempty(
                file,
                field(pattern, "zh"),
                &r.pattern.zh,
                format!("rule `{id}` has an empty Chinese pattern name (`zh`)"),
                "write the pattern's Chinese name, e.g. \"肝陽上亢\"",
            );
            c.nonempty(
                file,
                field(node, "function"),
                &r.function,
                format!("rule `{id}` has an empty `function`"),
                "write the KI 1 function this rule serves, in the words of its source",
            );
            if let Some(e) = &r.emergency {
                c.nonempty(
                    file,
                    field(node, "emergency"),
                    e,
                    format!("rule `{id}` has an empty `emergency`"),
"write the emergency notice, or remove `emergency` if the pattern is not an emergency",
                );
            }
            if r.symptoms.is_empty() {
                c.error(
                    file,
                    field(node, "symptoms"),
                    format!("rule `{id}` has no symptoms"),
                    Some(
                        "list at least one symptom id with a role, e.g. `{ \"insomnia\": Key }`"
                            .into(),
                    ),
                );
            }
            if r.sources.is_empty() {
                let message = format!("rule `{id}` cites no source");
                c.error(
                    file,
                    field(node, "sources"),
                    message,
                    Some(NO_SOURCE_HELP.into()),
                );
            }
            let mut resolved: [Vec<RuleSymptom>; 2] = [Vec::new(), Vec::new()];
            for (out, (section, map)) in resolved
                .iter_mut()
                .zip([("symptoms", &r.symptoms), ("against", &r.against)])
            {
                let map_node = node.and_then(|n| n.field(section));
                c.duplicate_keys(file, map_node, "symptom");
                for (sid, role) in map {
                    let entry = map_node.and_then(|m| m.entry(sid));
                    let key = entry.map(|e| &e.0).or(map_node);
                    let weight_ok = match role {
                        Role::Weight(w) => w.is_finite() && *w > 0.0 && *w <= 1.0,
                        _ => true,
                    };
                    if let (false, Role::Weight(w)) = (weight_ok, role) {
                        let value = entry.map(|e| e.1.items().first().unwrap_or(&e.1));
                        let message = format!("rule `{id}`: weight {w} of `{sid}` is out of range");
                        c.error(file, value.or(key), message, Some(WEIGHT_HELP.into()));
                    }
                    match symptom_ids.get(sid) {
                        Some(&symptom) if weight_ok => out.push(RuleSymptom {
                            symptom,
                            role: *role,
                        }),
                        Some(_) => {}
                        None if c.unread_mentions(sid) => {}
                        None => {
                            let verb = if section == "symptoms" {
                                "uses"
                            } else {
                                "argues against"
                            };
                            let help = did_you_mean(sid, symptom_ids.keys().map(String::as_str))
                                .unwrap_or_else(|| UNKNOWN_SYMPTOM_HELP.into());
                            let message = format!("rule `{id}` {verb} unknown symptom `{sid}`");
                            c.error(file, key, message, Some(help));
                        }
                    }
                }
            }
            let [mut syms, against] = resolved;
            for a in &against {
                if syms.iter().any(|s| s.symptom == a.symptom) {
                    let sid = &symptoms[a.symptom.0 as usize].id;
                    let at = node
                        .and_then(|n| n.field("against"))
                        .and_then(|m| m.entry(sid))
                        .map(|e| &e.0);
                    c.error(
                        file,
                        at.or(node),
                        format!("rule `{id}` lists `{sid}` both in `symptoms` and in `against`"),
                        Some("keep it in one of them".into()),
                    );
                }
            }
            syms.sort_by(|a, b| b.role.weight().total_cmp(&a.role.weight()));
            for s in &syms {
                rule_count[s.symptom.0 as usize] += 1;
                rule_weight[s.symptom.0 as usize] += s.role.weight();
            }
            if !r.ki1 && !r.care.is_empty() {
                c.error(
                    file,
                    field(node, "care"),
                    format!(
                        "rule `{id}` is not a KI 1 indication (`ki1: false`) but lists care items"
                    ),
                    Some(
                        "care texts describe KI 1 techniques: remove `care`, or set `ki1: true`"
                            .into(),
                    ),
                );
            }
            c.known_keys(
                file,
                &r.care,
                &care_defs,
                "care",
                node.and_then(|n| n.field("care")),
                |k| format!("rule `{id}` refers to unknown care item `{k}`"),
            );
            c.known_keys(
                file,
                &r.sources,
                &src_defs,
                "sources",
                node.and_then(|n| n.field("sources")),
                |k| format!("rule `{id}` cites unknown source `{k}`"),
            );
            let example_nodes = node
                .and_then(|n| n.field("examples"))
                .map_or(&[][..], tree::Node::items);
            let mut example_positions = Vec::with_capacity(r.examples.len());
            for (j, ex) in r.examples.iter().enumerate() {
                let ex_node = example_nodes.get(j).or(node);
                let text = field(ex_node, "text");
                example_positions.push(c.position(file, text));
                c.nonempty(
                    file,
                    text,
                    &ex.text,
                    format!("rule `{id}` has an example with no text"),
                    "write a description as a user would type it, or remove the example",
                );
                if ex.expect == schema::Expect::Top(0) {
                    c.error(
                        file,
                        field(ex_node, "expect"),
                        format!("rule `{id}`: `Top(0)` can never pass"),
                        Some("use `Top(1)` or more, or `First`".into()),
                    );
                }
            }
            rule_ids.insert(r.id.clone(), RuleId(rules.len() as u32));
            rules.push(Rule {
                id: r.id.clone(),
                ki1: r.ki1,
                pattern: r.pattern.clone(),
                function: r.function.clone(),
                symptoms: syms,
                against,
                emergency: r.emergency.clone(),
                care: r.care.clone(),
                sources: r.sources.clone(),
                examples: Deferred::new(r.examples.clone()),
                origin: sources[file].name.clone(),
                position: c.position(file, id_node),
                example_positions,
            });
        }

        let errors = c.errors();
        let mut diags = c.diags;
        if errors {
            for (i, f) in files.iter().enumerate() {
                let (Some(at), n) = (f.read_error, c.skipped[i]) else {
                    continue;
                };
                if n == 0 {
                    continue;
                }
                let note = if n == 1 {
                    "1 reference to an id that this file mentions was not checked because of this error: fix it and check again".to_string()
                } else {
                    format!("{n} references to ids that this file mentions were not checked because of this error: fix it and check again")
                };
                let d = &mut diags[at];
                d.help = Some(match d.help.take() {
                    Some(h) => format!("{h}\n{note}"),
                    None => note,
                });
            }
            sort_diagnostics(&mut diags, sources);
        }
        let mut rb = RuleBase {
            symptoms,
            rules,
            care: care_defs.into_iter().map(|(k, v)| (k, v.value)).collect(),
            sources: Deferred::new(src_defs.into_iter().map(|(k, v)| (k, v.value)).collect()),
            rule_count,
            rule_weight,
            abbreviations,
            symptom_ids,
            rule_ids,
            rules_of: Groups::default(),
        };
        rb.index_rules_of();
        (rb, diags)
    }

    /// Warnings about rules that load but probably do not work as meant
    /// (see [`lint::warnings`]). Computed on demand: loading for matching
    /// never pays for them; `rules check` does.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        lint::warnings(self)
    }

    /// Rebuilds the id look-up tables (not serialised) after deserialising.
    /// True when every part decoded on first use ([`Deferred`]) does decode.
    pub(crate) fn deferred_parts_decode(&self) -> bool {
        self.sources.check() && self.rules.iter().all(|r| r.examples.check())
    }

    pub(crate) fn reindex(&mut self) {
        self.symptom_ids = self
            .symptoms
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), SymptomId(i as u32)))
            .collect();
        self.rule_ids = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), RuleId(i as u32)))
            .collect();
        self.index_rules_of();
    }

    /// Builds the symptom → rules table (a rule that lists a symptom
    /// under both `symptoms` and `against` appears once).
    fn index_rules_of(&mut self) {
        let pairs = self.rules.iter().enumerate().flat_map(|(r, rule)| {
            let mut ids: Vec<SymptomId> = rule
                .symptoms
                .iter()
                .chain(&rule.against)
                .map(|rs| rs.symptom)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter()
                .map(move |s| (s.0 as usize, RuleId(r as u32)))
        });
        self.rules_of = Groups::new(self.symptoms.len(), pairs);
    }

    /// A rule as an author writes it (for `rules show`): the same fields,
    /// symptoms named by id again.
    pub fn rule_def(&self, id: RuleId) -> RuleDef {
        let rule = self.rule(id);
        let by_id = |list: &[RuleSymptom]| {
            list.iter()
                .map(|rs| (self.symptom(rs.symptom).id.clone(), rs.role))
                .collect()
        };
        RuleDef {
            id: rule.id.clone(),
            ki1: rule.ki1,
            pattern: rule.pattern.clone(),
            function: rule.function.clone(),
            symptoms: by_id(&rule.symptoms),
            against: by_id(&rule.against),
            emergency: rule.emergency.clone(),
            care: rule.care.clone(),
            sources: rule.sources.clone(),
            examples: (*rule.examples).clone(),
        }
    }

    /// The rules that list `symptom` under `symptoms` or `against`, in rule
    /// order.
    pub fn rules_of(&self, symptom: SymptomId) -> &[RuleId] {
        self.rules_of.get(symptom.0 as usize)
    }

    /// The symptom with this id.
    pub fn symptom(&self, id: SymptomId) -> &Symptom {
        &self.symptoms[id.0 as usize]
    }

    /// The rule with this id.
    pub fn rule(&self, id: RuleId) -> &Rule {
        &self.rules[id.0 as usize]
    }

    /// Looks a symptom up by its kebab-case id.
    pub fn symptom_id(&self, id: &str) -> Option<SymptomId> {
        self.symptom_ids.get(id).copied()
    }

    /// Looks a rule up by its kebab-case id.
    pub fn rule_id(&self, id: &str) -> Option<RuleId> {
        self.rule_ids.get(id).copied()
    }

    /// Where a term (one of `terms` or `lay`, as written) of a symptom is
    /// written in the symptom's file.
    pub fn term_position(&self, symptom: SymptomId, term: &str) -> Option<Position> {
        let s = self.symptom(symptom);
        s.terms
            .iter()
            .chain(s.lay.iter())
            .position(|t| t == term)
            .and_then(|i| s.term_positions.get(i).copied())
    }
}

/// A RON file's structure as written, with byte spans: just enough to point a
/// diagnostic at the exact text an author wrote, and to read a file one
/// element at a time when it does not deserialise as a whole.
///
/// serde forgets where a value came from, so validation finds its way back
/// through this tree: `rules[2].symptoms."insomnai"` is a key node with a span.
/// It is not a validating parser; ron has the last word on what a file means.
mod tree {
    use std::ops::Range;

    /// A value and the bytes it spans.
    #[derive(Debug, Clone)]
    pub(super) struct Node {
        /// Byte range in the file.
        pub span: Range<usize>,
        /// What it is.
        pub kind: Kind,
    }

    /// The shapes a RON value can take, as far as locating needs.
    #[derive(Debug, Clone)]
    pub(super) enum Kind {
        /// `(name: value, …)`, optionally with a struct name before it.
        Struct(Vec<Field>),
        /// `[a, b]`, a tuple `(a, b)` or an enum variant's content `Weight(0.8)`.
        Seq(Vec<Node>),
        /// `{ key: value, … }`.
        Map(Vec<(Node, Node)>),
        /// A string, decoded.
        Str(String),
        /// Anything else: number, identifier, unit variant, char.
        Atom,
    }

    /// One `name: value` of a struct.
    #[derive(Debug, Clone)]
    pub(super) struct Field {
        /// The field name.
        pub name: String,
        /// Byte offset of the field name.
        pub at: usize,
        /// Its value.
        pub value: Node,
    }

    /// Why the text is not well-formed RON.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(super) enum Broken {
        /// The file ends inside the bracket opened at this offset.
        Unclosed { open: usize, close: char },
        /// A closing bracket at `found` does not match the bracket opened at
        /// `open`, which needs `close`.
        Mismatched {
            open: usize,
            close: char,
            found: usize,
        },
        /// A string that starts here runs over a line end into the next quote,
        /// and something unexpected follows it: its closing quote is missing.
        Runaway { open: usize },
        /// A `/*` comment that starts here is never closed.
        Comment { open: usize },
        /// Nothing but white space and comments.
        Empty,
        /// Anything else: ron's report says where.
        Other,
    }

    impl Node {
        /// The value of field `name` of a struct.
        pub fn field(&self, name: &str) -> Option<&Node> {
            self.fields()
                .iter()
                .find(|f| f.name == name)
                .map(|f| &f.value)
        }

        /// The fields of a struct (empty for anything else).
        pub fn fields(&self) -> &[Field] {
            match &self.kind {
                Kind::Struct(f) => f,
                _ => &[],
            }
        }

        /// The items of a sequence (empty for anything else).
        pub fn items(&self) -> &[Node] {
            match &self.kind {
                Kind::Seq(items) => items,
                _ => &[],
            }
        }

        /// The entries of a map (empty for anything else).
        pub fn entries(&self) -> &[(Node, Node)] {
            match &self.kind {
                Kind::Map(e) => e,
                _ => &[],
            }
        }

        /// The decoded text of a string.
        pub fn str(&self) -> Option<&str> {
            match &self.kind {
                Kind::Str(s) => Some(s),
                _ => None,
            }
        }

        /// The first entry of a map whose key is the string `key`.
        pub fn entry(&self, key: &str) -> Option<&(Node, Node)> {
            self.entries().iter().find(|(k, _)| k.str() == Some(key))
        }

        /// The first item of a sequence that is the string `value`.
        pub fn item(&self, value: &str) -> Option<&Node> {
            self.items().iter().find(|n| n.str() == Some(value))
        }
    }

    /// Deepest bracket nesting the locator follows.
    const MAX_DEPTH: usize = 100;

    /// Parses `text`, or says where and how it is broken.
    pub(super) fn parse(text: &str) -> Result<Node, Broken> {
        let mut p = Parser {
            s: text,
            i: 0,
            opens: Vec::new(),
            last_string: None,
            runaway: None,
            comment: None,
        };
        let fail = |p: &Parser| p.failure();
        p.trivia().map_err(|()| fail(&p))?;
        while p.rest().starts_with("#!") {
            match p.rest().find(']') {
                Some(end) => p.i += end + 1,
                None => return Err(Broken::Other),
            }
            p.trivia().map_err(|()| fail(&p))?;
        }
        if p.i == text.len() {
            return Err(Broken::Empty);
        }
        let root = p.value().map_err(|()| fail(&p))?;
        p.trivia().map_err(|()| fail(&p))?;
        if p.i < text.len() {
            return Err(Broken::Other);
        }
        Ok(root)
    }

    struct Parser<'a> {
        s: &'a str,
        i: usize,
        /// Open brackets: (offset, closing char).
        opens: Vec<(usize, char)>,
        /// Start of the last string read, if it spanned a line end.
        last_string: Option<usize>,
        /// Start of a string that the file ends inside.
        runaway: Option<usize>,
        /// Start of a block comment that the file ends inside.
        comment: Option<usize>,
    }

    type Step<T> = Result<T, ()>;

    impl<'a> Parser<'a> {
        fn rest(&self) -> &'a str {
            &self.s[self.i..]
        }

        fn peek(&self) -> Option<char> {
            self.rest().chars().next()
        }

        fn failure(&self) -> Broken {
            if let Some(open) = self.runaway {
                return Broken::Runaway { open };
            }
            if let Some(open) = self.comment {
                return Broken::Comment { open };
            }
            if let Some(&(open, close)) = self.opens.last() {
                match self.peek() {
                    None => return Broken::Unclosed { open, close },
                    Some(c) if matches!(c, ')' | ']' | '}') && c != close => {
                        return Broken::Mismatched {
                            open,
                            close,
                            found: self.i,
                        }
                    }
                    _ => {}
                }
            }
            match self.last_string {
                Some(open) => Broken::Runaway { open },
                None => Broken::Other,
            }
        }

        /// Skips white space and comments (`//…` and nested `/* … */`).
        fn trivia(&mut self) -> Step<()> {
            loop {
                let rest = self.rest();
                let trimmed = rest.trim_start();
                self.i += rest.len() - trimmed.len();
                if trimmed.starts_with("//") {
                    self.i += trimmed.find('\n').unwrap_or(trimmed.len());
                } else if trimmed.starts_with("/*") {
                    let open = self.i;
                    let mut depth = 0usize;
                    loop {
                        let r = self.rest();
                        if r.starts_with("/*") {
                            depth += 1;
                            self.i += 2;
                        } else if r.starts_with("*/") {
                            depth -= 1;
                            self.i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else if let Some(c) = r.chars().next() {
                            self.i += c.len_utf8();
                        } else {
                            self.comment = Some(open);
                            return Err(());
                        }
                    }
                } else {
                    return Ok(());
                }
            }
        }

        fn eat(&mut self, c: char) -> bool {
            if self.peek() == Some(c) {
                self.i += c.len_utf8();
                true
            } else {
                false
            }
        }

        fn value(&mut self) -> Step<Node> {
            // Nesting deeper than any rule file needs is refused before it
            // can exhaust the stack (ron refuses it too).
            if self.opens.len() > MAX_DEPTH {
                return Err(());
            }
            let start = self.i;
            let c = self.peek().ok_or(())?;
            let kind = match c {
                '"' => Kind::Str(self.string()?),
                'r' if self.rest()[1..].starts_with(['"', '#']) && self.raw_string_ahead() => {
                    Kind::Str(self.raw_string()?)
                }
                'b' if self.rest()[1..].starts_with('"') => {
                    self.i += 1;
                    Kind::Str(self.string()?)
                }
                'b' if self.rest()[1..].starts_with('\'') => {
                    self.i += 1;
                    self.char_literal()?;
                    Kind::Atom
                }
                '\'' => {
                    self.char_literal()?;
                    Kind::Atom
                }
                '[' => Kind::Seq(self.list('[', ']')?),
                '{' => self.map()?,
                '(' => self.parens()?,
                c if c.is_alphabetic() || c == '_' => {
                    self.ident()?;
                    let after = self.i;
                    self.trivia()?;
                    if self.peek() == Some('(') {
                        self.parens()?
                    } else {
                        self.i = after;
                        Kind::Atom
                    }
                }
                c if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') => {
                    self.number();
                    Kind::Atom
                }
                _ => return Err(()),
            };
            Ok(Node {
                span: start..self.i,
                kind,
            })
        }

        fn ident(&mut self) -> Step<String> {
            if self.rest().starts_with("r#") {
                self.i += 2;
            }
            let start = self.i;
            let len = self
                .rest()
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(self.rest().len());
            if len == 0 {
                return Err(());
            }
            self.i += len;
            Ok(self.s[start..self.i].to_string())
        }

        fn number(&mut self) {
            let mut prev = ' ';
            while let Some(c) = self.peek() {
                let sign_in_exponent = matches!(c, '+' | '-') && matches!(prev, 'e' | 'E');
                let first_sign = matches!(c, '+' | '-') && prev == ' ';
                if !(c.is_ascii_alphanumeric()
                    || c == '_'
                    || c == '.'
                    || sign_in_exponent
                    || first_sign)
                {
                    break;
                }
                prev = c;
                self.i += 1;
            }
        }

        fn string(&mut self) -> Step<String> {
            let open = self.i;
            self.i += 1;
            let mut out = String::new();
            loop {
                let Some(c) = self.peek() else {
                    self.runaway = Some(open);
                    return Err(());
                };
                self.i += c.len_utf8();
                match c {
                    '"' => break,
                    '\\' => {
                        let e = self.peek().ok_or(())?;
                        self.i += e.len_utf8();
                        match e {
                            'n' => out.push('\n'),
                            't' => out.push('\t'),
                            'r' => out.push('\r'),
                            '0' => out.push('\0'),
                            'u' => {
                                let rest = self.rest();
                                let end = rest.find('}').ok_or(())?;
                                let hex = rest[..end].trim_start_matches('{');
                                let ch = u32::from_str_radix(hex, 16)
                                    .ok()
                                    .and_then(char::from_u32)
                                    .ok_or(())?;
                                out.push(ch);
                                self.i += end + 1;
                            }
                            'x' => {
                                let hex = self.rest().get(..2).ok_or(())?;
                                let b = u8::from_str_radix(hex, 16).map_err(|_| ())?;
                                out.push(char::from(b));
                                self.i += 2;
                            }
                            '\n' => {
                                let rest = self.rest();
                                self.i += rest.len() - rest.trim_start().len();
                            }
                            other => out.push(other),
                        }
                    }
                    c => out.push(c),
                }
            }
            self.last_string = out.contains('\n').then_some(open);
            Ok(out)
        }

        fn raw_string_ahead(&self) -> bool {
            let hashes = self.rest()[1..].chars().take_while(|&c| c == '#').count();
            self.rest()[1 + hashes..].starts_with('"')
        }

        fn raw_string(&mut self) -> Step<String> {
            self.i += 1;
            let hashes = self.rest().chars().take_while(|&c| c == '#').count();
            self.i += hashes + 1;
            let close = format!("\"{}", "#".repeat(hashes));
            let end = self.rest().find(&close).ok_or(())?;
            let out = self.rest()[..end].to_string();
            self.i += end + close.len();
            Ok(out)
        }

        fn char_literal(&mut self) -> Step<()> {
            self.i += 1;
            if self.eat('\\') {
                let c = self.peek().ok_or(())?;
                self.i += c.len_utf8();
            }
            let end = self.rest().find('\'').ok_or(())?;
            self.i += end + 1;
            Ok(())
        }

        /// Comma-separated values up to `close`; the opener is next.
        fn list(&mut self, open: char, close: char) -> Step<Vec<Node>> {
            self.opens.push((self.i, close));
            self.eat(open);
            let mut items = Vec::new();
            loop {
                self.trivia()?;
                if self.eat(close) {
                    break;
                }
                items.push(self.value()?);
                self.trivia()?;
                if self.eat(close) {
                    break;
                }
                if !self.eat(',') {
                    return Err(());
                }
                self.last_string = None;
            }
            self.opens.pop();
            Ok(items)
        }

        fn map(&mut self) -> Step<Kind> {
            self.opens.push((self.i, '}'));
            self.eat('{');
            let mut entries = Vec::new();
            loop {
                self.trivia()?;
                if self.eat('}') {
                    break;
                }
                let key = self.value()?;
                self.trivia()?;
                if !self.eat(':') {
                    return Err(());
                }
                self.trivia()?;
                let value = self.value()?;
                entries.push((key, value));
                self.trivia()?;
                if self.eat('}') {
                    break;
                }
                if !self.eat(',') {
                    return Err(());
                }
                self.last_string = None;
            }
            self.opens.pop();
            Ok(Kind::Map(entries))
        }

        /// `( … )`: a struct when it starts with `name:`, a tuple otherwise.
        fn parens(&mut self) -> Step<Kind> {
            let open = self.i;
            self.eat('(');
            self.trivia()?;
            let is_struct = {
                let save = self.i;
                let named = self.ident().is_ok() && {
                    let _ = self.trivia();
                    self.rest().starts_with(':') && !self.rest().starts_with("::")
                };
                self.i = save;
                named
            };
            if !is_struct {
                self.i = open;
                return Ok(Kind::Seq(self.list('(', ')')?));
            }
            self.opens.push((open, ')'));
            let mut fields = Vec::new();
            loop {
                self.trivia()?;
                if self.eat(')') {
                    break;
                }
                let at = self.i;
                let name = self.ident()?;
                self.trivia()?;
                if !self.eat(':') {
                    return Err(());
                }
                self.trivia()?;
                let value = self.value()?;
                fields.push(Field { name, at, value });
                self.trivia()?;
                if self.eat(')') {
                    break;
                }
                if !self.eat(',') {
                    return Err(());
                }
                self.last_string = None;
            }
            self.opens.pop();
            Ok(Kind::Struct(fields))
        }
    }
}

#[cfg(test)]
mod tests;
