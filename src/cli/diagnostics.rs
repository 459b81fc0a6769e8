//! Rendering rule-file diagnostics with miette: file, line, column, the
//! offending line with the offending token underlined, and the hint.
//!
//! A [`Diagnostic`] counts its column in chars (as ron and editors do);
//! miette wants byte offsets, so [`offset`] converts, which keeps lines with
//! Chinese text underlined in the right place. When standard error is not a
//! terminal, lines are not wrapped, so logs and tests see one line per
//! message.
//!
//! A diagnostic that the lexicon raised without a position (a term shared
//! by two symptoms) is placed at the term before it is shown.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
    ReportHandler, Severity as MSeverity,
};
use std::fmt;
use std::io::{IsTerminal, Write};
use yongquan::rules::{byte_offset, Code, Diagnostic, Severity, BUILTIN};

const CLASH_HELP: &str =
    "rename one of them, or pass --override to let the later file replace the earlier definition";

/// Length in bytes of the token that starts `rest`: a whole string, a
/// whole word or number, or one char.
fn token_len(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    match chars.next() {
        None => 0,
        Some((_, '"')) => {
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    '\n' => return i,
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return i + 1,
                    _ => escaped = false,
                }
            }
            rest.len()
        }
        Some((_, c)) if c.is_alphanumeric() || c == '_' || c == '-' || c == '.' => rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .unwrap_or(rest.len()),
        Some((_, c)) => c.len_utf8(),
    }
}

fn source_text(file: &str) -> Option<String> {
    BUILTIN
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, t)| (*t).to_string())
        .or_else(|| std::fs::read_to_string(file).ok())
}

/// A miette diagnostic shown by a chosen handler.
struct Shown<'a>(&'a GraphicalReportHandler, &'a Report);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.debug(self.1.as_ref(), f)
    }
}

/// The graphical handler, coloured when standard error takes colour (the
/// same choice as the rest of the output: `NO_COLOR`, `CLICOLOR_FORCE`, a
/// terminal). It does not print its own `line:column` above the snippet:
/// miette counts bytes there, while the message counts chars.
fn handler() -> GraphicalReportHandler {
    let color = !matches!(
        anstream::AutoStream::choice(&std::io::stderr()),
        anstream::ColorChoice::Never
    );
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .without_primary_span_start()
        .with_wrap_lines(std::io::stderr().is_terminal())
}

/// Prints every diagnostic to standard error, errors and warnings alike,
/// with no summary.
pub fn emit(diags: &[Diagnostic]) {
    let handler = handler();
    let mut err = std::io::stderr().lock();
    for d in diags {
        let text = source_text(&d.file);
        let mut md =
            MietteDiagnostic::new(format!("{}:{}:{}: {}", d.file, d.line, d.column, d.message))
                .with_severity(match d.severity {
                    Severity::Error => MSeverity::Error,
                    Severity::Warning => MSeverity::Warning,
                });
        // The library's advice on a clash names the load option; here it is a flag.
        let help = match d.code {
            Some(Code::Clash) => Some(CLASH_HELP.to_string()),
            _ => d.help.clone(),
        };
        if let Some(h) = help {
            md = md.with_help(h);
        }
        let report = match text.filter(|_| d.line > 0) {
            Some(text) => {
                let at = byte_offset(&text, d.line, d.column);
                let len = token_len(&text[at..]);
                md = md.with_label(LabeledSpan::at(at..at + len, "here"));
                Report::new(md).with_source_code(NamedSource::new(&d.file, text))
            }
            None => Report::new(md),
        };
        let _ = writeln!(err, "{}", Shown(&handler, &report));
    }
}

/// Prints every diagnostic to standard error, then a one-line summary.
pub fn render(diags: &[Diagnostic]) {
    emit(diags);
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let _ = writeln!(
        std::io::stderr(),
        "yongquan: {} and {} in the rule files",
        count(errors, "error"),
        count(warnings, "warning")
    );
}

/// "1 error", "2 errors", "no errors".
pub fn count(n: usize, what: &str) -> String {
    match n {
        0 => format!("no {what}s"),
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::{byte_offset, token_len};

    #[test]
    fn offsets_count_chars_not_bytes() {
        let text = "ab\n湧泉x\n";
        assert_eq!(byte_offset(text, 1, 1), 0);
        assert_eq!(byte_offset(text, 2, 1), 3);
        assert_eq!(byte_offset(text, 2, 3), 3 + 6);
        assert_eq!(
            &text[byte_offset(text, 2, 3)..byte_offset(text, 2, 3) + 1],
            "x"
        );
    }

    #[test]
    fn the_whole_token_is_underlined() {
        assert_eq!(token_len("\"失眠\": Key"), "\"失眠\"".len());
        assert_eq!(token_len("\"a\\\"b\" x"), 6);
        assert_eq!(token_len("Weight(2.0)"), 6);
        assert_eq!(token_len("2.0)"), 3);
        assert_eq!(token_len("\"open\nnext"), 5);
        assert_eq!(token_len(")"), 1);
        assert_eq!(token_len(""), 0);
    }
}
