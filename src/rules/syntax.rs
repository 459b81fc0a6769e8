//! Reading RON: [`parse_file`], and ron's errors told in words an author who
//! is not a programmer can act on, at the place the problem is.

use super::diagnostic::{Diagnostic, Severity};
use super::ids::closest;
use super::position::{byte_offset, LineIndex};
use super::schema::RuleFile;
use super::source::RuleSource;

/// The offset of the first character at or after `at` that is not white
/// space or a comment: ron reports some errors at the blank before a value.
pub(super) fn skip_trivia(text: &str, mut at: usize) -> usize {
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

pub(super) fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses one file's RON text.
///
/// # Errors
/// A [`Diagnostic`] at the first problem, in plain words. [`RuleBase::build`](super::RuleBase::build)
/// goes further and reports every broken element of a file.
pub fn parse_file(source: &RuleSource) -> Result<RuleFile, Diagnostic> {
    parse_indexed((source, &LineIndex::new(&source.text)))
}

/// [`parse_file`] for a file whose line index is built.
pub(super) fn parse_indexed(
    (source, lines): (&RuleSource, &LineIndex),
) -> Result<RuleFile, Diagnostic> {
    ron_options()
        .from_str::<RuleFile>(&source.text)
        .map_err(|e| ron_diagnostic((source, lines), 0, &source.text, &e))
}

/// A ron error in `slice` (which starts at byte `base` of the file) as a
/// located diagnostic in plain words. ron places it in `slice`, which is
/// scanned for it: one element of the file, not the file.
pub(super) fn ron_diagnostic(
    (source, lines): (&RuleSource, &LineIndex),
    base: usize,
    slice: &str,
    e: &ron::error::SpannedError,
) -> Diagnostic {
    let at = base + byte_offset(slice, e.span.start.line, e.span.start.col);
    let at = skip_trivia(&source.text, at);
    let (message, help) = explain_ron(&e.code);
    Diagnostic::at(Severity::Error, (source, lines), at, message, help)
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
