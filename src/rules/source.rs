//! Where rule files come from: the built-in files compiled into the binary,
//! a directory of `.ron` files, or one file, each as a [`RuleSource`].

use super::diagnostic::{Diagnostic, RuleError, Severity};
use super::position::line_col;
use std::collections::HashMap;
use std::path::Path;

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

/// Sorts diagnostics by file (in load order), line and column.
pub fn sort_diagnostics(diags: &mut [Diagnostic], sources: &[RuleSource]) {
    let order: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    diags.sort_by_key(|d| (order.get(d.file.as_str()).copied(), d.line, d.column));
}

/// A diagnostic at a byte offset of a file is placed by that file's text.
impl Diagnostic {
    /// A diagnostic at byte `offset` of `source`.
    pub(super) fn at(
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
            code: None,
        }
    }
}
