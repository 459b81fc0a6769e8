//! Rendering rule-file diagnostics with miette: file, line, column, the
//! offending line with the offending token underlined, and the hint.
//!
//! A [`Diagnostic`] counts its column in chars (as ron and editors do);
//! miette wants byte offsets, so the file's [`LineIndex`] converts, which
//! keeps lines with Chinese text underlined in the right place. When
//! standard error is not a terminal, lines are not wrapped, so logs and
//! tests see one line per message.
//!
//! Each file is read and indexed once for all its diagnostics, and miette is
//! given only the lines around the error ([`Snippet`]): reading the file
//! again per diagnostic, and letting miette scan it from the top, made
//! reporting quadratic (123 s for a file with an error on each of 20 000
//! symptoms; `bench/RESULTS.md`).
//!
//! A diagnostic that the lexicon raised without a position (a term shared
//! by two symptoms) is placed at the term before it is shown.

use super::count;
use super::terminal::{printable, printable_marked};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, Report, ReportHandler, Severity as MSeverity, SourceCode, SourceSpan,
    SpanContents,
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::{IsTerminal, Write};
use std::ops::Range;
use yongquan::rules::{Code, Diagnostic, LineIndex, Severity, BUILTIN};

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

/// A rule file's text and where its lines start, read once for all its
/// diagnostics.
struct SourceFile {
    text: Cow<'static, str>,
    lines: LineIndex,
}

impl SourceFile {
    /// The built-in file or the file on disk called `name`, if it can be read.
    fn read(name: &str) -> Option<SourceFile> {
        let text = BUILTIN
            .iter()
            .find(|(builtin, _)| *builtin == name)
            .map(|(_, t)| Cow::Borrowed(*t))
            .or_else(|| {
                // Read as the loader reads it (a byte-order mark dropped),
                // so that lines and columns agree.
                let file = yongquan::RuleSource::from_file(std::path::Path::new(name)).ok()?;
                Some(Cow::Owned(file.text))
            })?;
        let lines = LineIndex::new(&text);
        Some(SourceFile { text, lines })
    }
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
        .with_context_lines(CONTEXT_LINES)
        .with_wrap_lines(std::io::stderr().is_terminal())
}

/// Lines shown above and below the offending one (miette's default, set
/// here because a [`Snippet`] holds only these lines and one more each side).
const CONTEXT_LINES: usize = 1;

/// Prints every diagnostic to standard error, errors and warnings alike,
/// with no summary.
pub fn emit(diags: &[Diagnostic]) {
    let handler = handler();
    let mut err = std::io::stderr().lock();
    let mut files: HashMap<&str, Option<SourceFile>> = HashMap::new();
    let mut shown = String::new();
    for d in diags {
        let file = files
            .entry(d.file.as_str())
            .or_insert_with(|| SourceFile::read(&d.file));
        let mut md = MietteDiagnostic::new(printable(&format!(
            "{}:{}:{}: {}",
            d.file, d.line, d.column, d.message
        )))
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
            md = md.with_help(printable(&h));
        }
        let report = match file.as_ref().filter(|_| d.line > 0) {
            Some(file) => {
                let at = file.lines.offset(&file.text, d.line, d.column);
                let len = token_len(&file.text[at..]);
                let snippet = Snippet::new(&printable(&d.file), file, d.line, at..at + len);
                md = md.with_label(LabeledSpan::at(snippet.label.clone(), "here"));
                Report::new(md).with_source_code(snippet)
            }
            None => Report::new(md),
        };
        // One write per diagnostic: standard error is not buffered.
        shown.clear();
        let _ = writeln!(shown, "{}", Shown(&handler, &report));
        let _ = err.write_all(shown.as_bytes());
    }
}

/// A line longer than this many chars is shown as a window around the
/// error: miette underlines by padding to the column, which panics past
/// column 65 535, and a whole minified file is no help on a terminal.
const LONG_LINE: usize = 240;
/// Chars shown before and after the start of the error in a long line.
const WINDOW_BEFORE: usize = 60;
const WINDOW_AFTER: usize = 120;

/// The source code shown under a diagnostic, made [`printable`]: the lines
/// miette shows around the error ([`CONTEXT_LINES`], and one more each side,
/// so that miette finds the same context as in the whole file), or for an
/// error in a [`LONG_LINE`] a window of that line alone, cut at both ends
/// with `…`; numbered as the lines they are.
struct Snippet {
    name: String,
    text: String,
    /// Lines of the file before `text`.
    skipped_lines: usize,
    /// The underlined bytes of `text`.
    label: Range<usize>,
}

impl Snippet {
    /// `at` is the underlined byte range of `file`'s text, given on its
    /// 1-based `line`.
    fn new(name: &str, file: &SourceFile, line: usize, at: Range<usize>) -> Snippet {
        let (source, lines) = (&*file.text, &file.lines);
        let at_line = lines.line_of(at.start);
        let line_start = lines.line_start(source, at_line);
        let mut line_end = lines.line_end(source, at_line);
        if line_end < source.len() && source[..line_end].ends_with('\r') {
            line_end -= 1;
        }
        let long = source[line_start..line_end].chars().count() > LONG_LINE;
        let (from, to) = if !long {
            let around = CONTEXT_LINES + 1;
            (
                lines.line_start(source, at_line.saturating_sub(around)),
                lines.line_start(source, at_line + around + 1),
            )
        } else {
            let from = source[line_start..at.start]
                .char_indices()
                .rev()
                .take(WINDOW_BEFORE)
                .last()
                .map_or(at.start, |(i, _)| line_start + i);
            let to = source[at.start..line_end]
                .char_indices()
                .nth(WINDOW_AFTER)
                .map_or(line_end, |(i, _)| at.start + i);
            (from, to)
        };
        let mut marks = [at.start - from, at.end.min(to) - from];
        let shown = printable_marked(&source[from..to], &mut marks);
        let mut text = String::with_capacity(shown.len() + 6);
        let cut_before = long && from > line_start;
        if cut_before {
            text.push('…');
        }
        text.push_str(&shown);
        if long && to < line_end {
            text.push('…');
        }
        let shift = if cut_before { '…'.len_utf8() } else { 0 };
        Snippet {
            name: name.to_string(),
            text,
            skipped_lines: if long {
                line - 1
            } else {
                lines.line_of(from) - 1
            },
            label: marks[0] + shift..marks[1] + shift,
        }
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.skipped_lines,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Entries of rule directories passed over with a warning ("not read: …")
/// so far: the summary counts them with the files' warnings.
pub(crate) static PASSED_OVER: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

/// Prints every diagnostic to standard error, then a one-line summary.
pub fn render(diags: &[Diagnostic]) {
    emit(diags);
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors + PASSED_OVER.load(std::sync::atomic::Ordering::Relaxed);
    let _ = writeln!(
        std::io::stderr(),
        "yongquan: {} and {} in the rule files",
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_chars_not_bytes() {
        let text = "ab\n湧泉x\n";
        let lines = LineIndex::new(text);
        let offset = |line, column| lines.offset(text, line, column);
        assert_eq!(offset(1, 1), 0);
        assert_eq!(offset(2, 1), 3);
        assert_eq!(offset(2, 3), 3 + 6);
        assert_eq!(&text[offset(2, 3)..offset(2, 3) + 1], "x");
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

/// Regression (issue 12): miette was given the whole file for each
/// diagnostic. A [`Snippet`] of the lines around the error must show
/// exactly what the whole file did, at every place of a file with CRLF,
/// blank and escaped lines, with and without a last line break.
#[cfg(test)]
mod snippet_tests {
    use super::*;

    fn render(snippet: Snippet) -> String {
        let label = LabeledSpan::at(snippet.label.clone(), "here");
        let report =
            Report::new(MietteDiagnostic::new("m").with_label(label)).with_source_code(snippet);
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .without_primary_span_start()
            .with_context_lines(CONTEXT_LINES);
        Shown(&handler, &report).to_string()
    }

    #[test]
    fn a_snippet_shows_what_the_whole_file_would() {
        let text = "first\n  second 湧泉 x\r\nthird \"open\n\nfifth \u{1b}[2J\nsixth\n7\n8\n";
        for text in [text, text.trim_end()] {
            let file = SourceFile {
                text: Cow::Borrowed(text),
                lines: LineIndex::new(text),
            };
            for line in 1..=file.lines.line_count() + 1 {
                for column in [1, 3, 9, 40] {
                    let at = file.lines.offset(text, line, column);
                    let len = token_len(&text[at..]);
                    let mut marks = [at, at + len];
                    let whole = Snippet {
                        name: "f.ron".into(),
                        text: printable_marked(text, &mut marks).into_owned(),
                        skipped_lines: 0,
                        label: marks[0]..marks[1],
                    };
                    let lines = Snippet::new("f.ron", &file, line, at..at + len);
                    assert!(lines.text.len() < whole.text.len(), "a window");
                    assert_eq!(render(lines), render(whole), "{text:?} {line}:{column}");
                }
            }
        }
    }
}
