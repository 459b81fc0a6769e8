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

pub mod schema;

use schema::{
    CareDef, Category, ExampleDef, PatternDef, Reading, Role, RuleDef, RuleFile, SourceDef,
};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Index of a symptom in [`RuleBase::symptoms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SymptomId(pub u32);

/// Index of a rule in [`RuleBase::rules`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(pub u32);

/// The built-in rule files, compiled into the binary: (name, RON text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("rules/sources.ron", include_str!("../../rules/sources.ron")),
    (
        "rules/symptoms.ron",
        include_str!("../../rules/symptoms.ron"),
    ),
    ("rules/care.ron", include_str!("../../rules/care.ron")),
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

/// A validated symptom.
#[derive(Debug, Clone)]
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
    pub terms: Vec<String>,
    /// Lay wording (matched as `synonym`).
    pub lay: Vec<String>,
    /// Measurements that count as the symptom.
    pub readings: Vec<Reading>,
    /// The urgent-care message when found un-negated, for emergencies.
    pub red_flag: Option<String>,
    /// Source keys.
    pub sources: Vec<String>,
    /// File it was defined in.
    pub origin: String,
}

/// One symptom of a rule, with its weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleSymptom {
    /// Which symptom.
    pub symptom: SymptomId,
    /// The role the author gave it.
    pub role: Role,
}

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Kebab-case id.
    pub id: String,
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
    /// Examples with expected outcomes.
    pub examples: Vec<ExampleDef>,
    /// File it was defined in.
    pub origin: String,
    /// The definition as written, for `rules show`.
    pub def: RuleDef,
}

/// Loading options.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Let a later file replace a rule, symptom, care item or source of the
    /// same id instead of reporting a clash.
    pub allow_override: bool,
}

/// The validated rule base: symptoms, rules, care and sources, all ids resolved.
#[derive(Debug, Clone)]
pub struct RuleBase {
    /// All symptoms; [`SymptomId`] indexes this.
    pub symptoms: Vec<Symptom>,
    /// All rules; [`RuleId`] indexes this.
    pub rules: Vec<Rule>,
    /// Care items by key.
    pub care: BTreeMap<String, CareDef>,
    /// Sources by key.
    pub sources: BTreeMap<String, SourceDef>,
    /// Per symptom: in how many rules it appears (≥ 1 for a used symptom).
    pub rule_count: Vec<u32>,
    /// Diagnostics of severity warning found while building.
    pub warnings: Vec<Diagnostic>,
    symptom_ids: HashMap<String, SymptomId>,
    rule_ids: HashMap<String, RuleId>,
}

/// Where a definition came from, for clash messages.
struct Located<T> {
    value: T,
    file: usize,
}

/// 1-based (line, column in chars) of the first occurrence of `needle` in `text`
/// at or after the first occurrence of `anchor`, or (1, 1).
pub fn locate(text: &str, anchor: &str, needle: &str) -> (usize, usize) {
    let from = text.find(anchor).unwrap_or(0);
    let at = text[from..].find(needle).map_or(from, |i| from + i);
    line_col(text, at)
}

/// 1-based (line, column in chars) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn is_kebab(id: &str) -> bool {
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
    known
        .map(|k| (strsim::normalized_damerau_levenshtein(unknown, k), k))
        .filter(|(s, _)| *s >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!("did you mean `{k}`?"))
}

/// Parses one file's RON text.
///
/// # Errors
/// A [`Diagnostic`] with the line and column ron reports.
pub fn parse_file(source: &RuleSource) -> Result<RuleFile, Diagnostic> {
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options
        .from_str::<RuleFile>(&source.text)
        .map_err(|e| Diagnostic {
            severity: Severity::Error,
            file: source.name.clone(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
            help: syntax_hint(&e.code),
        })
}

fn syntax_hint(code: &ron::Error) -> Option<String> {
    use ron::Error as E;
    Some(
        match code {
            E::ExpectedComma => "separate items with a comma: `a, b`",
            E::ExpectedString | E::ExpectedStringEnd => "text goes in double quotes: \"like this\"",
            E::NoSuchStructField { .. } => "check the field name against rules/README.md",
            E::MissingStructField { .. } => {
                "add the missing field; rules/README.md lists the required ones"
            }
            E::NoSuchEnumVariant { .. } => "use one of the listed variants, spelled exactly",
            E::Eof => "the file ends too early: a bracket or quote is probably not closed",
            E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => {
                "a bracket is not closed, or a comma is missing before the next item"
            }
            E::DuplicateStructField { .. } => "a field is written twice; keep one",
            _ => return None,
        }
        .to_string(),
    )
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
    /// # Errors
    /// [`RuleError::Invalid`] with every error of every file.
    pub fn build(sources: &[RuleSource], options: LoadOptions) -> Result<RuleBase, RuleError> {
        let mut diags = Vec::new();
        let mut files = Vec::new();
        for (i, source) in sources.iter().enumerate() {
            match parse_file(source) {
                Ok(f) => files.push((i, f)),
                Err(d) => diags.push(d),
            }
        }
        let error = |diags: &mut Vec<Diagnostic>,
                     file: usize,
                     anchor: &str,
                     needle: &str,
                     message: String,
                     help: Option<String>| {
            let (line, column) = locate(&sources[file].text, anchor, needle);
            diags.push(Diagnostic {
                severity: Severity::Error,
                file: sources[file].name.clone(),
                line,
                column,
                message,
                help,
            });
        };

        // Gather every definition, checking clashes.
        let mut src_defs: BTreeMap<String, Located<SourceDef>> = BTreeMap::new();
        let mut care_defs: BTreeMap<String, Located<CareDef>> = BTreeMap::new();
        let mut sym_defs: Vec<Located<schema::SymptomDef>> = Vec::new();
        let mut rule_defs: Vec<Located<RuleDef>> = Vec::new();
        for (file, f) in files {
            for (key, def) in f.sources {
                if let Some(prev) = src_defs.get(&key) {
                    if !options.allow_override {
                        let msg = format!(
                            "source `{key}` is already defined in {}",
                            sources[prev.file].name
                        );
                        error(
                            &mut diags,
                            file,
                            "sources",
                            &format!("\"{key}\""),
                            msg,
                            Some("rename one, or pass --override".into()),
                        );
                        continue;
                    }
                }
                src_defs.insert(key, Located { value: def, file });
            }
            for (key, def) in f.care {
                if let Some(prev) = care_defs.get(&key) {
                    if !options.allow_override {
                        let msg = format!(
                            "care item `{key}` is already defined in {}",
                            sources[prev.file].name
                        );
                        error(
                            &mut diags,
                            file,
                            "care",
                            &format!("\"{key}\""),
                            msg,
                            Some("rename one, or pass --override".into()),
                        );
                        continue;
                    }
                }
                care_defs.insert(key, Located { value: def, file });
            }
            for def in f.symptoms {
                if let Some(pos) = sym_defs.iter().position(|s| s.value.id == def.id) {
                    if !options.allow_override {
                        let msg = format!(
                            "symptom `{}` is already defined in {}",
                            def.id, sources[sym_defs[pos].file].name
                        );
                        error(
                            &mut diags,
                            file,
                            "symptoms",
                            &format!("id: \"{}\"", def.id),
                            msg,
                            Some("use the existing symptom by its id, or rename this one".into()),
                        );
                        continue;
                    }
                    sym_defs[pos] = Located { value: def, file };
                } else {
                    sym_defs.push(Located { value: def, file });
                }
            }
            for def in f.rules {
                if let Some(pos) = rule_defs.iter().position(|r| r.value.id == def.id) {
                    if !options.allow_override {
                        let msg = format!(
                            "rule `{}` is already defined in {}",
                            def.id, sources[rule_defs[pos].file].name
                        );
                        error(
                            &mut diags,
                            file,
                            "rules",
                            &format!("id: \"{}\"", def.id),
                            msg,
                            Some(
                                "rename the rule, or pass --override to replace the earlier one"
                                    .into(),
                            ),
                        );
                        continue;
                    }
                    rule_defs[pos] = Located { value: def, file };
                } else {
                    rule_defs.push(Located { value: def, file });
                }
            }
        }

        // Symptoms.
        let mut symptoms = Vec::with_capacity(sym_defs.len());
        let mut symptom_ids = HashMap::new();
        for Located { value: s, file } in sym_defs {
            let anchor = format!("id: \"{}\"", s.id);
            if !is_kebab(&s.id) {
                error(
                    &mut diags,
                    file,
                    &anchor,
                    &anchor,
                    format!("symptom id `{}` is not kebab-case", s.id),
                    Some("use lower-case words joined by hyphens, e.g. `night-sweats`".into()),
                );
            }
            if s.name.trim().is_empty() || s.zh.trim().is_empty() {
                error(
                    &mut diags,
                    file,
                    &anchor,
                    "name",
                    format!("symptom `{}` has an empty name", s.id),
                    Some("give both `name` (English) and `zh` (Chinese)".into()),
                );
            }
            if s.readings.is_empty() && s.terms.iter().chain(&s.lay).all(|t| t.trim().is_empty()) {
                error(
                    &mut diags,
                    file,
                    &anchor,
                    "terms",
                    format!("symptom `{}` has no terms", s.id),
                    Some("list at least one word or phrase in `terms`".into()),
                );
            }
            for t in s.terms.iter().chain(&s.lay) {
                if t.trim().is_empty() {
                    error(
                        &mut diags,
                        file,
                        &anchor,
                        "\"\"",
                        format!("symptom `{}` has an empty term", s.id),
                        None,
                    );
                }
            }
            for key in &s.sources {
                if !src_defs.contains_key(key) {
                    let help = did_you_mean(key, src_defs.keys().map(String::as_str));
                    error(
                        &mut diags,
                        file,
                        &anchor,
                        &format!("\"{key}\""),
                        format!("symptom `{}` cites unknown source `{key}`", s.id),
                        help,
                    );
                }
            }
            symptom_ids.insert(s.id.clone(), SymptomId(symptoms.len() as u32));
            symptoms.push(Symptom {
                id: s.id,
                name: s.name,
                zh: s.zh,
                category: s.category,
                terms: s.terms,
                lay: s.lay,
                readings: s.readings,
                red_flag: s.red_flag,
                sources: s.sources,
                origin: sources[file].name.clone(),
            });
        }

        // Care.
        for (key, Located { value: c, file }) in &care_defs {
            let anchor = format!("\"{key}\"");
            if c.text.trim().is_empty() || c.title.trim().is_empty() {
                error(
                    &mut diags,
                    *file,
                    &anchor,
                    "text",
                    format!("care item `{key}` has an empty title or text"),
                    None,
                );
            }
            if c.sources.is_empty() {
                error(
                    &mut diags,
                    *file,
                    &anchor,
                    "sources",
                    format!("care item `{key}` cites no source"),
                    Some("every medical statement needs a source key".into()),
                );
            }
            for s in &c.sources {
                if !src_defs.contains_key(s) {
                    let help = did_you_mean(s, src_defs.keys().map(String::as_str));
                    error(
                        &mut diags,
                        *file,
                        &anchor,
                        &format!("\"{s}\""),
                        format!("care item `{key}` cites unknown source `{s}`"),
                        help,
                    );
                }
            }
        }

        // Rules.
        let mut rules = Vec::with_capacity(rule_defs.len());
        let mut rule_ids = HashMap::new();
        let mut rule_count = vec![0u32; symptoms.len()];
        for Located { value: r, file } in rule_defs {
            let anchor = format!("id: \"{}\"", r.id);
            if !is_kebab(&r.id) {
                error(
                    &mut diags,
                    file,
                    &anchor,
                    &anchor,
                    format!("rule id `{}` is not kebab-case", r.id),
                    Some("use lower-case words joined by hyphens, e.g. `liver-yang-rising`".into()),
                );
            }
            if r.pattern.en.trim().is_empty() || r.pattern.zh.trim().is_empty() {
                error(
                    &mut diags,
                    file,
                    &anchor,
                    "pattern",
                    format!("rule `{}` has an empty pattern name", r.id),
                    Some("give `pattern: (en: \"…\", zh: \"…\")`".into()),
                );
            }
            if r.symptoms.is_empty() {
                error(
                    &mut diags,
                    file,
                    &anchor,
                    "symptoms",
                    format!("rule `{}` has no symptoms", r.id),
                    Some(
                        "list at least one symptom id with a role, e.g. `\"insomnia\": Key`".into(),
                    ),
                );
            }
            if r.sources.is_empty() {
                error(
                    &mut diags,
                    file,
                    &anchor,
                    "sources",
                    format!("rule `{}` cites no source", r.id),
                    Some("add `sources: [\"seed\"]` or a key defined in `sources`".into()),
                );
            }
            let resolve = |diags: &mut Vec<Diagnostic>,
                           map: &BTreeMap<String, Role>,
                           section: &str| {
                let mut out = Vec::new();
                for (id, role) in map {
                    let needle = format!("\"{id}\"");
                    if let Role::Weight(w) = role {
                        if !(w.is_finite() && *w > 0.0 && *w <= 1.0) {
                            error(
                                diags,
                                file,
                                &anchor,
                                &needle,
                                format!("rule `{}`: weight {w} of `{id}` is out of range", r.id),
                                Some("a weight is a number in (0, 1], e.g. `Weight(0.8)`".into()),
                            );
                            continue;
                        }
                    }
                    match symptom_ids.get(id) {
                        Some(&symptom) => out.push(RuleSymptom {
                            symptom,
                            role: *role,
                        }),
                        None => {
                            let help = did_you_mean(id, symptom_ids.keys().map(String::as_str))
                                .or_else(|| Some("define it in a `symptoms` section, or use `yongquan lexicon` to list known ids".into()));
                            error(
                                diags,
                                file,
                                &anchor,
                                &needle,
                                format!("rule `{}` {section} unknown symptom `{id}`", r.id),
                                help,
                            );
                        }
                    }
                }
                out
            };
            let mut syms = resolve(&mut diags, &r.symptoms, "uses");
            let against = resolve(&mut diags, &r.against, "argues against");
            for a in &against {
                if syms.iter().any(|s| s.symptom == a.symptom) {
                    let id = &symptoms[a.symptom.0 as usize].id;
                    error(
                        &mut diags,
                        file,
                        &anchor,
                        &format!("\"{id}\""),
                        format!(
                            "rule `{}` lists `{id}` both as a symptom and against itself",
                            r.id
                        ),
                        Some("keep it in one of `symptoms` or `against`".into()),
                    );
                }
            }
            syms.sort_by(|a, b| b.role.weight().total_cmp(&a.role.weight()));
            for s in &syms {
                rule_count[s.symptom.0 as usize] += 1;
            }
            for key in &r.care {
                if !care_defs.contains_key(key) {
                    let help = did_you_mean(key, care_defs.keys().map(String::as_str));
                    error(
                        &mut diags,
                        file,
                        &anchor,
                        &format!("\"{key}\""),
                        format!("rule `{}` refers to unknown care item `{key}`", r.id),
                        help,
                    );
                }
            }
            for key in &r.sources {
                if !src_defs.contains_key(key) {
                    let help = did_you_mean(key, src_defs.keys().map(String::as_str));
                    error(
                        &mut diags,
                        file,
                        &anchor,
                        &format!("\"{key}\""),
                        format!("rule `{}` cites unknown source `{key}`", r.id),
                        help,
                    );
                }
            }
            for ex in &r.examples {
                if ex.text.trim().is_empty() {
                    error(
                        &mut diags,
                        file,
                        &anchor,
                        "examples",
                        format!("rule `{}` has an empty example", r.id),
                        None,
                    );
                }
                if ex.expect == schema::Expect::Top(0) {
                    error(
                        &mut diags,
                        file,
                        &anchor,
                        "Top(0)",
                        format!("rule `{}`: `Top(0)` can never pass", r.id),
                        Some("use `Top(1)` or more, or `First`".into()),
                    );
                }
            }
            rule_ids.insert(r.id.clone(), RuleId(rules.len() as u32));
            rules.push(Rule {
                id: r.id.clone(),
                pattern: r.pattern.clone(),
                function: r.function.clone(),
                symptoms: syms,
                against,
                emergency: r.emergency.clone(),
                care: r.care.clone(),
                sources: r.sources.clone(),
                examples: r.examples.clone(),
                origin: sources[file].name.clone(),
                def: r,
            });
        }

        let mut warnings = Vec::new();
        for (i, s) in symptoms.iter().enumerate() {
            if rule_count[i] == 0 && s.red_flag.is_none() {
                let file = sources.iter().position(|f| f.name == s.origin).unwrap_or(0);
                let (line, column) =
                    locate(&sources[file].text, &format!("id: \"{}\"", s.id), "id");
                warnings.push(Diagnostic {
                    severity: Severity::Warning,
                    file: s.origin.clone(),
                    line,
                    column,
                    message: format!(
                        "symptom `{}` is used by no rule and raises no red flag",
                        s.id
                    ),
                    help: Some("add it to a rule's `symptoms`, or remove it".into()),
                });
            }
        }

        if diags.iter().any(|d| d.severity == Severity::Error) {
            return Err(RuleError::Invalid(diags));
        }
        Ok(RuleBase {
            symptoms,
            rules,
            care: care_defs.into_iter().map(|(k, v)| (k, v.value)).collect(),
            sources: src_defs.into_iter().map(|(k, v)| (k, v.value)).collect(),
            rule_count,
            warnings,
            symptom_ids,
            rule_ids,
        })
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
}

#[cfg(test)]
mod tests;
