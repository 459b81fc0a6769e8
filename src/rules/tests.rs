use super::*;

fn build(text: &str) -> Result<RuleBase, RuleError> {
    RuleBase::build(
        &[RuleSource {
            name: "t.ron".into(),
            text: text.into(),
        }],
        LoadOptions::default(),
    )
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match build(text) {
        Err(RuleError::Invalid(d)) => d,
        other => panic!("expected errors, got {other:?}"),
    }
}

const OK: &str = r#"#![enable(implicit_some)]
(
  sources: { "s": (title: "t", url: "u") },
  symptoms: [ (id: "a", name: "A", zh: "甲", terms: ["aaa"]) ],
  rules: [ (id: "r", pattern: (en: "R", zh: "乙"), function: "f", sources: ["s"], symptoms: { "a": Key }) ],
)"#;

#[test]
fn a_valid_file_builds() {
    let rb = build(OK).unwrap();
    assert_eq!(rb.rules.len(), 1);
    assert_eq!(rb.rule_count, vec![1]);
}

#[test]
fn syntax_errors_have_line_and_column() {
    let d = errors("(\n  symptoms: [ (id: \"a\" name: \"A\") ],\n)");
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].line, d[0].column), (2, 24));
}

#[test]
fn unknown_symptom_is_located_with_a_hint() {
    let d = errors(&OK.replace("{ \"a\": Key }", "{ \"aa\": Key }"));
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("unknown symptom `aa`"));
    assert_eq!(d[0].line, 5);
    assert_eq!(d[0].help.as_deref(), Some("did you mean `a`?"));
}

#[test]
fn every_error_is_reported() {
    let text = OK
        .replace("{ \"a\": Key }", "{ \"zz\": Weight(2.0) }")
        .replace("sources: [\"s\"]", "sources: [\"nope\"]");
    let d = errors(&text);
    assert_eq!(d.len(), 2, "{d:?}");
}

#[test]
fn id_clash_names_both_files_unless_overridden() {
    let a = RuleSource {
        name: "a.ron".into(),
        text: OK.into(),
    };
    let b = RuleSource {
        name: "b.ron".into(),
        text: OK.into(),
    };
    let Err(RuleError::Invalid(d)) =
        RuleBase::build(&[a.clone(), b.clone()], LoadOptions::default())
    else {
        panic!("expected a clash");
    };
    assert!(d
        .iter()
        .any(|d| d.file == "b.ron" && d.message.contains("already defined in a.ron")));
    let rb = RuleBase::build(
        &[a, b],
        LoadOptions {
            allow_override: true,
        },
    )
    .unwrap();
    assert_eq!(rb.rules.len(), 1);
}

#[test]
fn line_col_counts_chars() {
    assert_eq!(line_col("ab\n湧泉x", 3 + 6), (2, 3));
}
