//! Regression (issue 12): loading a large rule base was about quadratic in
//! the number of symptoms (`bench/RESULTS.md`). These tests load the
//! built-in rules plus 20 000 generated symptoms in 200 rules (about 4 s in
//! a debug build) and pin
//! the diagnostics of errors and warnings planted among them: the same
//! messages at the same places as on a small base. The count of pairs the
//! near-duplicate lint compares is pinned by a unit test in
//! `src/rules/lint.rs`; the timings are in `bench/RESULTS.md`.

use crate::gen;
#[path = "shared/large_rule_base.rs"]
mod large_rule_base;

use yongquan::rules::{Diagnostic, RuleError};
use yongquan::{LoadOptions, RuleBase, RuleSource};

const SYMPTOMS: usize = 20_000;

/// The generated files, by name, each with its text.
fn generated() -> Vec<(String, String)> {
    large_rule_base::rule_files(&gen::terms(SYMPTOMS, 11))
}

/// The built-in rules, then the generated files.
fn sources(files: &[(String, String)]) -> Vec<RuleSource> {
    let mut sources = RuleSource::builtin();
    sources.extend(files.iter().map(|(name, text)| RuleSource {
        name: name.clone(),
        text: text.clone(),
    }));
    sources
}

/// The text of generated file `name`, to plant something in.
fn file<'f>(files: &'f mut [(String, String)], name: &str) -> &'f mut String {
    &mut files.iter_mut().find(|(n, _)| n == name).expect(name).1
}

/// Inserts `line` as the last entry of the rule's `symptoms` map.
fn add_rule_symptom(text: &mut String, line: &str) {
    let end = "            },\n            care:";
    assert!(text.contains(end));
    *text = text.replacen(end, &format!("                {line}\n{end}"), 1);
}

/// Inserts `line` as the last item of the file's `symptoms` list.
fn add_symptom(text: &mut String, line: &str) {
    let end = "    ],\n    rules: [";
    assert!(text.contains(end));
    *text = text.replacen(end, &format!("        {line}\n{end}"), 1);
}

/// 1-based line and column (in chars) of the `nth` (0-based) occurrence of
/// `needle` in `text`.
fn place(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth}"))
        .0;
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

fn summary(d: &Diagnostic) -> (String, usize, usize, String) {
    (d.file.clone(), d.line, d.column, d.message.clone())
}

#[test]
fn errors_planted_in_a_large_base_are_reported_in_place() {
    let mut files = generated();
    // A key written twice in one rule's map.
    let dup = file(&mut files, "large-0150.ron");
    add_rule_symptom(dup, "\"large-0150-001\": Key,");
    let dup = (
        place(dup, "\"large-0150-001\": ", 0),
        place(dup, "\"large-0150-001\": ", 1),
    );
    // A rule that uses a symptom nobody defines.
    let unknown = file(&mut files, "large-0199.ron");
    add_rule_symptom(unknown, "\"large-0199-999\": Minor,");
    let unknown = place(unknown, "\"large-0199-999\"", 0);
    // A symptom id defined in an earlier file too.
    let clash = file(&mut files, "large-0200.ron");
    add_symptom(
        clash,
        "(id: \"large-0001-001\", name: \"Again\", zh: \"再\", terms: [\"zzyzxa\"], sources: [\"large-bench\"]),",
    );
    let clash = place(clash, "\"large-0001-001\"", 0);
    let first = place(&files[1].1, "\"large-0001-001\"", 0);

    let Err(RuleError::Invalid(diags)) = RuleBase::build(&sources(&files), LoadOptions::default())
    else {
        panic!("the planted errors are errors");
    };
    let got: Vec<_> = diags.iter().map(summary).collect();
    let expected = vec![
        (
            "large-0150.ron".to_string(),
            dup.1 .0,
            dup.1 .1,
            format!(
                "symptom `large-0150-001` is written twice here (first on line {})",
                dup.0 .0
            ),
        ),
        (
            "large-0199.ron".to_string(),
            unknown.0,
            unknown.1,
            "rule `large-0199` uses unknown symptom `large-0199-999`".to_string(),
        ),
        (
            "large-0200.ron".to_string(),
            clash.0,
            clash.1,
            format!(
                "symptom `large-0001-001` is already defined at large-0001.ron:{}:{}",
                first.0, first.1
            ),
        ),
    ];
    assert_eq!(got, expected);
    assert_eq!(
        diags[1].help.as_deref(),
        Some("did you mean `large-0199-099`?")
    );
}

/// Every warning `rules check` reports: the rule base's own and the
/// near-duplicate terms.
fn warnings_of(files: &[(String, String)]) -> Vec<(String, usize, usize, String)> {
    let checked = yongquan::check::rule_files(&sources(files), LoadOptions::default());
    assert_eq!(checked.errors, [], "the generated rules load");
    checked.warnings.iter().map(summary).collect()
}

#[test]
fn a_typo_planted_in_a_large_base_is_the_one_new_warning() {
    let mut files = generated();
    let before = warnings_of(&files);
    assert!(
        before.iter().all(|w| w.3.contains("is one typo away from")),
        "only the generator's own near-duplicates: {before:?}"
    );
    // A new symptom whose one-word term is one letter off a term of rule 100.
    let (of, term) = {
        let text = &file(&mut files, "large-0100.ron");
        let line = text
            .lines()
            .find(|l| {
                let term = l
                    .split("terms: [\"")
                    .nth(1)
                    .and_then(|t| t.split('"').next());
                term.is_some_and(|t| t.len() >= 6 && !t.contains(' '))
            })
            .expect("a one-word term");
        let id = line.split('"').nth(1).expect("id").to_string();
        let term = line.split("terms: [\"").nth(1).expect("term");
        (id, term.split('"').next().expect("term").to_string())
    };
    let typo = format!("{}x", &term[..term.len() - 1]);
    let text = file(&mut files, "large-0200.ron");
    add_symptom(
        text,
        &format!("(id: \"large-0200-101\", name: \"Typo\", zh: \"錯\", terms: [\"{typo}\"], sources: [\"large-bench\"]),"),
    );
    add_rule_symptom(text, "\"large-0200-101\": Minor,");
    let at = place(text, &format!("\"{typo}\""), 0);

    let after = warnings_of(&files);
    let new: Vec<_> = after.iter().filter(|w| !before.contains(w)).collect();
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(
        new,
        [&(
            "large-0200.ron".to_string(),
            at.0,
            at.1,
            format!(
                "term \"{typo}\" of `large-0200-101` is one typo away from \"{term}\" of `{of}`"
            ),
        )]
    );
}
