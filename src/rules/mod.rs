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

mod diagnostic;
mod ids;
pub mod lint;
mod load;
mod model;
mod position;
pub mod schema;
mod source;
mod syntax;
mod tree;
mod validate;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use ids::{did_you_mean, is_kebab, RuleId, SymptomId};
pub use model::{Abbreviation, Rule, RuleBase, RuleSymptom, Symptom};
pub use position::{byte_offset, line_col, LineIndex, Position};
pub use source::{sort_diagnostics, DirScan, RuleError, RuleSource, Skip, Skipped, BUILTIN};
pub use syntax::parse_file;
pub use validate::LoadOptions;

#[cfg(test)]
mod tests;
