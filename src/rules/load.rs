//! Loading one file: the whole of it when it deserialises, otherwise one
//! element at a time, so every broken element gets its own error and the
//! others still count as defined.

use super::diagnostic::{Diagnostic, Severity};
use super::ids::did_you_mean;
use super::position::{LineIndex, Position};
use super::schema::{self, AbbreviationDef, CareDef, RuleDef, SourceDef, SymptomDef};
use super::source::RuleSource;
use super::syntax::{parse_indexed, ron_diagnostic, ron_options, skip_trivia};
use super::tree;
use std::ops::Range;

/// The definitions read from one file, each with its index in its section
/// (lists) or its key (maps).
#[derive(Default)]
pub(super) struct Defs {
    pub(super) sources: Vec<(String, SourceDef)>,
    pub(super) symptoms: Vec<(usize, SymptomDef)>,
    pub(super) care: Vec<(String, CareDef)>,
    pub(super) rules: Vec<(usize, RuleDef)>,
    pub(super) abbreviations: Vec<(String, AbbreviationDef)>,
}

/// One file as read: the definitions that could be read, with their index
/// (or key) in the file, its structure and line index for locating, and
/// what could not be read.
#[derive(Default)]
pub(super) struct Loaded {
    /// Where each line starts: every diagnostic of the file is placed by it.
    pub(super) lines: LineIndex,
    pub(super) tree: Option<tree::Node>,
    /// Byte ranges that could not be read: the whole file after a syntax
    /// error, or the elements that did not deserialise.
    pub(super) unread: Vec<Range<usize>>,
    /// Index (in the diagnostics) of this file's first reading error.
    pub(super) read_error: Option<usize>,
    /// What could be read.
    pub(super) defs: Defs,
}

impl Loaded {
    pub(super) fn section(&self, name: &str) -> Option<&tree::Node> {
        self.tree.as_ref()?.field(name)
    }

    /// Item `i` of a list section (`symptoms`, `rules`).
    pub(super) fn item(&self, section: &str, i: usize) -> Option<&tree::Node> {
        self.section(section)?.items().get(i)
    }
}

/// Reads one file: the whole of it when it deserialises, otherwise every
/// element that does, with one diagnostic per element that does not.
pub(super) fn read(source: &RuleSource, diags: &mut Vec<Diagnostic>) -> Loaded {
    let lines = LineIndex::new(&source.text);
    let tree = tree::parse(&source.text);
    let whole = match parse_indexed((source, &lines)) {
        Ok(f) => {
            return Loaded {
                lines,
                tree: tree.ok(),
                defs: Defs {
                    sources: f.sources.into_iter().collect(),
                    symptoms: f.symptoms.into_iter().enumerate().collect(),
                    care: f.care.into_iter().collect(),
                    rules: f.rules.into_iter().enumerate().collect(),
                    abbreviations: f.abbreviations.into_iter().collect(),
                },
                ..Loaded::default()
            }
        }
        Err(d) => d,
    };
    let first = diags.len();
    let mut loaded = Loaded::default();
    let everything: Vec<Range<usize>> = std::iter::once(0..source.text.len()).collect();
    let file = (source, &lines);
    match tree {
        Ok(root) => {
            recover(file, &root, &mut loaded, diags);
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
            let whole_at = lines.offset(&source.text, whole.line, whole.column);
            let at_end = skip_trivia(&source.text, whole_at) >= source.text.len();
            diags.push(match broken {
                tree::Broken::Unclosed { open, close } if at_end => Diagnostic::at(
                    Severity::Error,
                    file,
                    open,
                    format!("this bracket is never closed: the file ends before its `{close}`"),
                    Some(format!("add the missing `{close}` where this item ends")),
                ),
                tree::Broken::Mismatched { open, close, found } => {
                    let Position { line, column } = lines.position(&source.text, open);
                    let opener = &source.text[open..open + 1];
                    Diagnostic::at(
                        Severity::Error,
                        file,
                        found,
                        format!("expected `{close}` before this: the `{opener}` at {line}:{column} is not closed"),
                        Some(format!("add `{close}` where the item that `{opener}` opens ends")),
                    )
                }
                tree::Broken::Comment { open } => Diagnostic::at(
                    Severity::Error,
                    file,
                    open,
                    "this `/*` comment is never closed".into(),
                    Some("close it with `*/`, or write the comment with `//` at the start of each line".into()),
                ),
                tree::Broken::Empty => Diagnostic::at(
                    Severity::Error,
                    file,
                    0,
                    "the file is empty".into(),
                    Some("write `()` for a file with no definitions, or start from `yongquan rules new ID`".into()),
                ),
                tree::Broken::Runaway { open } => Diagnostic::at(
                    Severity::Error,
                    file,
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
    loaded.lines = lines;
    loaded
}

/// Reads a file that does not deserialise as a whole one element at a time,
/// so that every broken element is reported and the others still count as
/// defined (no cascade of "unknown id" errors).
fn recover(
    file: (&RuleSource, &LineIndex),
    root: &tree::Node,
    out: &mut Loaded,
    diags: &mut Vec<Diagnostic>,
) {
    const SECTIONS: [&str; 5] = ["sources", "symptoms", "care", "rules", "abbreviations"];
    let source = file.0;
    let error = |diags: &mut Vec<Diagnostic>, at: usize, message: String, help: Option<String>| {
        diags.push(Diagnostic::at(Severity::Error, file, at, message, help));
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
                            .map(|d| out.defs.rules.push((i, d)))
                    } else {
                        ron_options()
                            .from_str::<schema::SymptomDef>(slice)
                            .map(|d| out.defs.symptoms.push((i, d)))
                    };
                    if let Err(e) = parsed {
                        diags.push(ron_diagnostic(file, item.span.start, slice, &e));
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
                            .map(|d| out.defs.sources.push((key.to_string(), d))),
                        "care" => ron_options()
                            .from_str::<CareDef>(slice)
                            .map(|d| out.defs.care.push((key.to_string(), d))),
                        _ => ron_options()
                            .from_str::<AbbreviationDef>(slice)
                            .map(|d| out.defs.abbreviations.push((key.to_string(), d))),
                    };
                    if let Err(e) = parsed {
                        diags.push(ron_diagnostic(file, v.span.start, slice, &e));
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
