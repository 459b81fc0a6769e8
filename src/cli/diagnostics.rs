//! Rendering rule-file diagnostics with miette: file, line, column, the
//! offending line with a caret, and the hint.

use miette::{LabeledSpan, MietteDiagnostic, NamedSource, Report, Severity as MSeverity};
use std::io::Write;
use yongquan::rules::{Diagnostic, Severity, BUILTIN};

/// Byte offset of a 1-based (line, column-in-chars) position.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

fn source_text(file: &str) -> Option<String> {
    BUILTIN
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, t)| (*t).to_string())
        .or_else(|| std::fs::read_to_string(file).ok())
}

/// Prints every diagnostic to standard error, errors and warnings alike,
/// then a one-line summary.
pub fn render(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let mut md =
            MietteDiagnostic::new(format!("{}:{}:{}: {}", d.file, d.line, d.column, d.message))
                .with_severity(match d.severity {
                    Severity::Error => MSeverity::Error,
                    Severity::Warning => MSeverity::Warning,
                });
        if let Some(h) = &d.help {
            md = md.with_help(h.clone());
        }
        let text = if d.line > 0 {
            source_text(&d.file)
        } else {
            None
        };
        let report = match text {
            Some(text) => {
                let at = offset(&text, d.line, d.column);
                let len = text[at..].chars().next().map_or(0, char::len_utf8);
                md = md.with_label(LabeledSpan::at(at..at + len, "here"));
                Report::new(md).with_source_code(NamedSource::new(&d.file, text))
            }
            None => Report::new(md),
        };
        let _ = writeln!(err, "{report:?}");
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let _ = writeln!(
        err,
        "yongquan: {errors} error(s), {warnings} warning(s) in the rule files"
    );
}

#[cfg(test)]
mod tests {
    use super::offset;

    #[test]
    fn offsets_count_chars_not_bytes() {
        let text = "ab\n湧泉x\n";
        assert_eq!(offset(text, 1, 1), 0);
        assert_eq!(offset(text, 2, 1), 3);
        assert_eq!(offset(text, 2, 3), 3 + 6);
        assert_eq!(&text[offset(text, 2, 3)..offset(text, 2, 3) + 1], "x");
    }
}
