//! What went wrong in the rule files: located [`Diagnostic`]s (errors and
//! warnings, file, line, column, message, help).

/// How bad a [`Diagnostic`] is: error or warning, and no more by design
/// (hence exhaustive).
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
    /// What kind of problem it is, for a front end that adds its own advice
    /// (the CLI names its flag for [`Code::Clash`]); `None` for most.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
}

/// A kind of [`Diagnostic`] that a front end may act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    /// Two files define the same id; loading with
    /// [`LoadOptions::allow_override`](super::LoadOptions::allow_override)
    /// lets the later one replace the earlier.
    Clash,
}
