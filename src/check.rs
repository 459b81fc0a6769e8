//! Checking rule files for their author: every error, the terms two symptoms
//! share included, and when there is none every warning, each list sorted by
//! file (in load order), line and column.
//!
//! This sits above [`lexicon`](crate::lexicon), not in [`rules`](crate::rules):
//! a term shared by two symptoms and two terms one typo apart are found in
//! the lexicon, which is built from a rule base. The command line's `rules
//! check`, the large-rule-base benchmark and its tests all check through
//! [`rule_files`], so they measure and pin what an author sees.

use crate::lexicon::Lexicon;
use crate::rules::{lint, sort_diagnostics, Diagnostic, LoadOptions, RuleBase, RuleSource};

/// What [`rule_files`] found.
#[derive(Debug)]
#[non_exhaustive]
pub struct Checked {
    /// The rule base built from every definition that could be read. With
    /// errors it may miss symptoms, rules and references: never match with it.
    pub rules: RuleBase,
    /// Every error, sorted; empty when the rules can be used.
    pub errors: Vec<Diagnostic>,
    /// Every warning, sorted; only looked for when there is no error.
    pub warnings: Vec<Diagnostic>,
}

/// Loads and checks `sources` in order: the errors of
/// [`RuleBase::build_partial`] and of [`Lexicon::build`] (which runs on the
/// partial rule base too, so that a shared term is reported in the same run
/// as the other errors), then, without errors, the rule base's
/// [warnings](RuleBase::warnings) and the near-duplicate terms of its
/// lexicon ([`lint::near_duplicate_terms`]).
pub fn rule_files(sources: &[RuleSource], options: LoadOptions) -> Checked {
    let (rules, mut errors) = RuleBase::build_partial(sources, options);
    let lexicon = match Lexicon::build(&rules) {
        Ok(lexicon) if errors.is_empty() => lexicon,
        Ok(_) => return Checked::failed(rules, errors),
        Err(shared) => {
            errors.extend(shared);
            sort_diagnostics(&mut errors, sources);
            return Checked::failed(rules, errors);
        }
    };
    let mut warnings = rules.warnings();
    warnings.extend(lint::near_duplicate_terms(
        &rules,
        lexicon
            .terms()
            .iter()
            .map(|t| (t.symptom, lexicon.text(t), lexicon.normalized(t))),
    ));
    sort_diagnostics(&mut warnings, sources);
    Checked {
        rules,
        errors,
        warnings,
    }
}

impl Checked {
    fn failed(rules: RuleBase, errors: Vec<Diagnostic>) -> Checked {
        Checked {
            rules,
            errors,
            warnings: Vec::new(),
        }
    }
}
