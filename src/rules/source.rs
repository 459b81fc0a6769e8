//! Where rule files come from: the built-in files compiled into the binary,
//! a directory of `.ron` files, or one file, each as a [`RuleSource`].

use super::diagnostic::{Diagnostic, Severity};
use super::position::{LineIndex, Position};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// Why rules could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
    /// A rules directory holds no rule file at all.
    #[error("{} holds no .ron rule file{}", path.display(), skipped_list(skipped))]
    NoRuleFiles {
        /// The directory.
        path: PathBuf,
        /// What was there that looks meant as rules, and why it was not read.
        skipped: Vec<Skipped>,
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
    /// [`RuleError::NotUtf8`] when a file is not UTF-8,
    /// [`RuleError::NoRuleFiles`] when no rule file at all is in `dir`
    /// (naming what was skipped). Entries skipped beside rule files that do
    /// load are only reported by [`RuleSource::scan_dir`].
    pub fn from_dir(dir: &Path) -> Result<Vec<RuleSource>, RuleError> {
        RuleSource::scan_dir(dir).map(|scan| scan.sources)
    }

    /// Like [`RuleSource::from_dir`], also giving every entry that looks
    /// meant as rules but is not read: a `.RON` file, a `.ron` link that
    /// leads nowhere, a subdirectory with `.ron` files (directories are not
    /// searched recursively). Other files (a README) are passed over silently.
    ///
    /// # Errors
    /// As [`RuleSource::from_dir`].
    pub fn scan_dir(dir: &Path) -> Result<DirScan, RuleError> {
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
        let mut skipped = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            match Skip::of(&path) {
                None => paths.push(path),
                Some(Skip::Other) => {}
                Some(why) => skipped.push(Skipped { path, why }),
            }
        }
        paths.sort();
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        if paths.is_empty() {
            return Err(RuleError::NoRuleFiles {
                path: dir.to_path_buf(),
                skipped,
            });
        }
        let sources = paths
            .iter()
            .map(|p| RuleSource::from_file(p))
            .collect::<Result<_, _>>()?;
        Ok(DirScan { sources, skipped })
    }

    /// One rule file (a leading UTF-8 byte-order mark is dropped).
    ///
    /// # Errors
    /// [`RuleError::Io`] or [`RuleError::NotUtf8`].
    pub fn from_file(path: &Path) -> Result<RuleSource, RuleError> {
        let bytes = std::fs::read(path).map_err(|source| RuleError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut text = String::from_utf8(bytes).map_err(|e| RuleError::NotUtf8 {
            path: path.to_path_buf(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        // Windows editors (Notepad) start a UTF-8 file with a byte-order
        // mark; it is no part of the RON.
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Ok(RuleSource {
            name: path.display().to_string(),
            text,
        })
    }
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

/// A diagnostic at a byte offset of a file is placed by that file's line
/// index.
impl Diagnostic {
    /// A diagnostic at byte `offset` of `source`, whose lines are `lines`.
    pub(super) fn at(
        severity: Severity,
        (source, lines): (&RuleSource, &LineIndex),
        offset: usize,
        message: String,
        help: Option<String>,
    ) -> Diagnostic {
        let Position { line, column } = lines.position(&source.text, offset);
        Diagnostic {
            severity,
            file: source.name.clone(),
            line,
            column,
            message,
            help,
            code: None,
        }
    }
}

/// The rule files of a directory and the entries passed over
/// ([`RuleSource::scan_dir`]).
#[derive(Debug)]
pub struct DirScan {
    /// The rule files, sorted by path.
    pub sources: Vec<RuleSource>,
    /// Entries that look meant as rules but are not read, sorted by path.
    pub skipped: Vec<Skipped>,
}

/// A directory entry that is not read as a rule file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The entry.
    pub path: PathBuf,
    /// Why it is not read.
    pub why: Skip,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.why)
    }
}

/// Why a directory entry is not read as a rule file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Skip {
    /// Named `*.ron` in another case (`.RON`).
    Case,
    /// A `*.ron` symbolic link that leads nowhere (dangling or looping).
    BrokenLink,
    /// A `*.ron` entry that is not a file.
    NotAFile,
    /// A subdirectory holding `.ron` files.
    Subdirectory,
    /// Anything else (passed over silently).
    Other,
}

impl Skip {
    /// Why `path` is not a rule file, or `None` when it is one.
    fn of(path: &Path) -> Option<Skip> {
        let ext = path.extension().and_then(|e| e.to_str());
        match ext {
            Some("ron") => match std::fs::metadata(path) {
                Ok(m) if m.is_file() => None,
                Ok(_) => Some(Skip::NotAFile),
                Err(_) => Some(Skip::BrokenLink),
            },
            Some(e) if e.eq_ignore_ascii_case("ron") => Some(Skip::Case),
            _ if path.is_dir() && has_rule_files(path) => Some(Skip::Subdirectory),
            _ => Some(Skip::Other),
        }
    }
}

/// True when `dir` holds a `*.ron` entry.
fn has_rule_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("ron"))
        })
    })
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Skip::Case => "not read: rule files end in lower-case `.ron`; rename it",
            Skip::BrokenLink => "not read: a symbolic link that leads to no file",
            Skip::NotAFile => "not read: named `.ron` but not a file",
            Skip::Subdirectory => {
                "not read: a subdirectory (rule directories are not searched recursively; name it as a rules directory of its own)"
            }
            Skip::Other => "not a rule file",
        })
    }
}

/// The skipped entries of [`RuleError::NoRuleFiles`], for its message.
fn skipped_list(skipped: &[Skipped]) -> String {
    skipped.iter().map(|s| format!("; {s}")).collect()
}
