//! Loading and validation, grouped by concern: what builds, where each kind
//! of error is reported, how broken files are read, and the warnings.

use super::*;

fn src(name: &str, text: &str) -> RuleSource {
    RuleSource {
        name: name.into(),
        text: text.into(),
    }
}

fn build(text: &str) -> Result<RuleBase, RuleError> {
    RuleBase::build(&[src("t.ron", text)], LoadOptions::default())
}

fn errors_of(sources: &[RuleSource]) -> Vec<Diagnostic> {
    match RuleBase::build(sources, LoadOptions::default()) {
        Err(RuleError::Invalid(d)) => d,
        Err(e) => panic!("expected diagnostics, got {e}"),
        Ok(_) => panic!("expected errors, the rules built"),
    }
}

fn errors(text: &str) -> Vec<Diagnostic> {
    errors_of(&[src("t.ron", text)])
}

/// (line, column, message) of each diagnostic.
fn summary(d: &[Diagnostic]) -> Vec<(usize, usize, String)> {
    d.iter()
        .map(|d| (d.line, d.column, d.message.clone()))
        .collect()
}

const OK: &str = r#"#![enable(implicit_some)]
(
  sources: { "s": (title: "t", url: "u") },
  symptoms: [ (id: "a", name: "A", zh: "甲", terms: ["aaa"], lay: ["a lay"], sources: ["s"]) ],
  rules: [ (id: "r", pattern: (en: "R", zh: "乙"), function: "f", sources: ["s"], symptoms: { "a": Key },
            examples: [(text: "aaa", expect: First)]) ],
)"#;

// ---- What builds -----------------------------------------------------------

#[test]
fn a_valid_file_builds_with_positions() {
    let rb = build(OK).unwrap();
    assert_eq!(rb.rules.len(), 1);
    assert_eq!(rb.rule_count, vec![1]);
    assert!(rb.warnings().is_empty(), "{:?}", rb.warnings());
    let s = &rb.symptoms[0];
    assert_eq!(
        s.position,
        Position {
            line: 4,
            column: 20
        }
    );
    assert_eq!(
        s.term_positions,
        [
            Position {
                line: 4,
                column: 53
            },
            Position {
                line: 4,
                column: 67
            }
        ]
    );
    let r = &rb.rules[0];
    assert_eq!(
        r.position,
        Position {
            line: 5,
            column: 17
        }
    );
    assert_eq!(
        r.example_positions,
        [Position {
            line: 6,
            column: 31
        }]
    );
    assert_eq!(
        rb.term_position(SymptomId(0), "a lay"),
        Some(Position {
            line: 4,
            column: 67
        })
    );
}

#[test]
fn the_builtin_rules_have_no_errors_and_no_warnings() {
    let checked = crate::check::rule_files(&RuleSource::builtin(), LoadOptions::default());
    assert!(checked.errors.is_empty(), "{:#?}", checked.errors);
    assert!(checked.warnings.is_empty(), "{:#?}", checked.warnings);
}

#[test]
fn a_file_may_hold_any_mix_of_sections_and_files_may_refer_to_each_other() {
    let defs = src(
        "defs.ron",
        r#"( sources: { "s": (title: "t", url: "u") }, symptoms: [ (id: "a", name: "A", zh: "甲", terms: ["aaa"], sources: ["s"]) ] )"#,
    );
    let rule = src(
        "rule.ron",
        r#"( rules: [ (id: "r", pattern: (en: "R", zh: "乙"), function: "f", sources: ["s"], symptoms: { "a": Key }, examples: [(text: "aaa", expect: First)]) ] )"#,
    );
    let rb = RuleBase::build(
        &[rule, defs, src("empty.ron", "()")],
        LoadOptions::default(),
    );
    assert!(rb.is_ok(), "{rb:?}");
}

// ---- Syntax errors -----------------------------------------------------------

#[test]
fn syntax_errors_are_located_where_the_fix_goes() {
    let cases = [
        // A missing comma is reported at the next item.
        (
            "(\n  symptoms: [ (id: \"a\" name: \"A\") ],\n)",
            (2, 24),
            "expected a comma before this",
        ),
        // The file ends inside a bracket: the bracket that is never closed.
        (
            "(\n  rules: [\n    (id: \"r\",\n",
            (3, 5),
            "this bracket is never closed: the file ends before its `)`",
        ),
        // A `]` where the open `(` needs its `)`.
        (
            "(\n  symptoms: [ (id: \"a\", name: \"A\" ],\n)",
            (2, 35),
            "expected `)` before this: the `(` at 2:15 is not closed",
        ),
        // A string without its closing quote runs on to the next quote.
        (
            "(\n  symptoms: [ (id: \"a\", name: \"A),\n    (id: \"b\", name: \"B\") ],\n)",
            (2, 31),
            "this text has no closing quote on its line",
        ),
        // Columns count chars: 甲 is one column, not three.
        (
            "(\n  symptoms: [ (zh: \"甲\" id: \"a\") ],\n)",
            (2, 24),
            "expected a comma before this",
        ),
    ];
    for (text, at, message) in cases {
        let d = errors(text);
        assert_eq!(summary(&d), [(at.0, at.1, message.to_string())], "{text}");
        assert!(d[0].help.is_some(), "{text}: no hint");
    }
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let a = src("a.ron", "(\n  rules: [\n");
    let b = src("b.ron", "(\n  symptoms: [ (id: \"b\" name: \"B\") ],\n)");
    let d = errors_of(&[a, b]);
    let files: Vec<&str> = d.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files, ["a.ron", "b.ron"]);
}

// ---- Type errors: a well-formed file is read one element at a time --------

#[test]
fn each_broken_element_gets_its_own_error_and_the_others_still_count() {
    let text = r#"(
  sources: { "s": (title: "t", url: "u"), "bad": (title: 3, url: "u") },
  symptoms: [
    (id: "a", name: "A", zh: "甲", terms: ["aaa"], sources: ["s"]),
    (id: "b", name: "B", zh: "乙", terms: ["bbb"], sources: ["s"], colour: "red"),
  ],
  rules: [
    (id: "r", pattern: (en: "R", zh: "乙"), function: "f", sources: ["s"], symptoms: { "a": Kee }),
    (id: "q", pattern: (en: "Q", zh: "丙"), function: "f", sources: ["s"], symptoms: { "a": Key, "b": Key }),
  ],
)"#;
    let d = errors(text);
    assert_eq!(
        summary(&d),
        [
            (2, 58, "expected text in double quotes here".to_string()),
            (5, 67, "unknown field `colour` in a symptom".to_string()),
            (8, 92, "`Kee` is not a role".to_string()),
        ]
    );
    assert_eq!(
        d[2].help
            .as_deref()
            .map(|h| h.starts_with("did you mean `Key`?")),
        Some(true)
    );
    // Rule `q` used `b`, whose definition could not be read: that is not
    // reported again as "unknown symptom `b`", and the symptom's error says so.
    assert!(
        d[0].help.as_deref().unwrap().contains("1 reference"),
        "{:?}",
        d[1].help
    );
}

#[test]
fn unknown_sections_and_fields_suggest_the_right_name() {
    let d = errors("(\n  rulez: [],\n)");
    assert_eq!(summary(&d), [(2, 3, "unknown section `rulez`".to_string())]);
    assert!(d[0]
        .help
        .as_deref()
        .unwrap()
        .starts_with("did you mean `rules`?"));
    let d = errors(&OK.replace("function:", "functon:"));
    assert_eq!(
        summary(&d),
        [(5, 51, "unknown field `functon` in a rule".to_string())]
    );
    assert!(d[0]
        .help
        .as_deref()
        .unwrap()
        .starts_with("did you mean `function`?"));
}

#[test]
fn a_missing_field_is_reported_at_the_closing_bracket() {
    let d = errors(&OK.replace("function: \"f\", ", ""));
    assert_eq!(
        summary(&d),
        [(
            6,
            53,
            "a rule has no `function` field, and it is required".to_string()
        )]
    );
}

// ---- Semantic errors ---------------------------------------------------------

#[test]
fn semantic_errors_point_at_the_offending_text() {
    // (edit of OK, expected line and column, message)
    let cases: &[(&str, &str, (usize, usize), &str)] = &[
        (
            "{ \"a\": Key }",
            "{ \"aa\": Key }",
            (5, 94),
            "rule `r` uses unknown symptom `aa`",
        ),
        (
            "{ \"a\": Key }",
            "{ \"a\": Weight(1.5) }",
            (5, 106),
            "rule `r`: weight 1.5 of `a` is out of range",
        ),
        (
            "{ \"a\": Key }",
            "{ \"a\": Weight(0.0) }",
            (5, 106),
            "rule `r`: weight 0 of `a` is out of range",
        ),
        ("{ \"a\": Key }", "{}", (5, 92), "rule `r` has no symptoms"),
        (
            "sources: [\"s\"], symptoms",
            "sources: [\"z\"], symptoms",
            (5, 76),
            "rule `r` cites unknown source `z`",
        ),
        (
            "sources: [\"s\"], symptoms",
            "sources: [], symptoms",
            (5, 75),
            "rule `r` cites no source",
        ),
        (
            "name: \"A\"",
            "name: \" \"",
            (4, 31),
            "symptom `a` has an empty `name`",
        ),
        (
            "en: \"R\"",
            "en: \"\"",
            (5, 36),
            "rule `r` has an empty English pattern name (`en`)",
        ),
        (
            "id: \"r\"",
            "id: \"Rule_R\"",
            (5, 17),
            "rule id `Rule_R` is not kebab-case",
        ),
        (
            "function: \"f\",",
            "function: \"f\", care: [\"ki1-massage\"],",
            (5, 73),
            "rule `r` refers to unknown care item `ki1-massage`",
        ),
        (
            "expect: First",
            "expect: Top(0)",
            (6, 46),
            "rule `r`: `Top(0)` can never pass",
        ),
        (
            "text: \"aaa\"",
            "text: \"\"",
            (6, 31),
            "rule `r` has an example with no text",
        ),
        (
            "{ \"a\": Key }",
            "{ \"a\": Key, \"a\": Minor }",
            (5, 104),
            "symptom `a` is written twice here (first on line 5)",
        ),
        (
            "{ \"a\": Key }",
            "{ \"a\": Key }, against: { \"a\": Minor }",
            (5, 117),
            "rule `r` lists `a` both in `symptoms` and in `against`",
        ),
        (
            "url: \"u\")",
            "url: \"u\", grade: \"D\")",
            (3, 49),
            "source `s` has grade `D`",
        ),
        (
            "sources: [\"s\"]) ]",
            "sources: [\"t\"]) ]",
            (4, 87),
            "symptom `a` cites unknown source `t`",
        ),
    ];
    for (from, to, at, message) in cases {
        let text = OK.replacen(from, to, 1);
        assert_ne!(text, OK, "{from} not found");
        let d = errors(&text);
        assert_eq!(summary(&d), [(at.0, at.1, message.to_string())], "{to}");
        assert!(d[0].help.is_some(), "{to}: no hint");
    }
}

#[test]
fn unknown_ids_come_with_a_did_you_mean() {
    let d = errors(&OK.replace("{ \"a\": Key }", "{ \"aa\": Key }"));
    assert_eq!(d[0].help.as_deref(), Some("did you mean `a`?"));
}

#[test]
fn every_semantic_error_is_reported() {
    let text = OK
        .replace("{ \"a\": Key }", "{ \"zz\": Weight(2.0) }")
        .replace(
            "sources: [\"s\"], symptoms",
            "sources: [\"nope\"], symptoms",
        );
    let messages: Vec<String> = errors(&text).into_iter().map(|d| d.message).collect();
    assert_eq!(
        messages,
        [
            "rule `r` cites unknown source `nope`",
            "rule `r` uses unknown symptom `zz`",
            "rule `r`: weight 2 of `zz` is out of range",
        ]
    );
}

#[test]
fn an_id_clash_names_both_places_unless_overridden() {
    let (a, b) = (src("a.ron", OK), src("b.ron", OK));
    let d = errors_of(&[a.clone(), b.clone()]);
    let messages: Vec<String> = d
        .iter()
        .filter(|d| d.file == "b.ron")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        messages,
        [
            "source `s` is already defined at a.ron:3:14",
            "symptom `a` is already defined at a.ron:4:20",
            "rule `r` is already defined at a.ron:5:17",
        ]
    );
    let rb = RuleBase::build(
        &[a, b],
        LoadOptions {
            allow_override: true,
        },
    )
    .unwrap();
    assert_eq!(rb.rules.len(), 1);
    assert_eq!(rb.rules[0].origin, "b.ron");
}

// ---- Cascades ------------------------------------------------------------

#[test]
fn references_into_a_broken_file_are_held_back_but_others_are_reported() {
    let broken = src(
        "defs.ron",
        "( symptoms: [ (id: \"a\", name: \"A\" zh: \"甲\", terms: [\"aaa\"]) ] )",
    );
    let rule = src(
        "rule.ron",
        r#"( sources: { "s": (title: "t", url: "u") }, rules: [ (id: "r", pattern: (en: "R", zh: "乙"), function: "f", sources: ["s"], symptoms: { "a": Key, "b": Key }) ] )"#,
    );
    let d = errors_of(&[broken, rule]);
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "expected a comma before this",
            "rule `r` uses unknown symptom `b`"
        ]
    );
    assert!(d[0]
        .help
        .as_deref()
        .unwrap()
        .contains("1 reference to an id that this file mentions was not checked"));
}

// ---- Lexicon errors get a position -----------------------------------------

#[test]
fn a_term_shared_by_two_symptoms_is_located() {
    let text = OK.replace(
        "symptoms: [ (id: \"a\"",
        "symptoms: [ (id: \"b\", name: \"B\", zh: \"乙\", terms: [\"The AAA\"], sources: [\"s\"]),\n  (id: \"a\"",
    );
    let text = text.replace("{ \"a\": Key }", "{ \"a\": Key, \"b\": Key }");
    let rb = build(&text).unwrap();
    let d = crate::lexicon::Lexicon::build(&rb).unwrap_err();
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].line, d[0].column), (5, 41), "{:?}", d[0]);
    let b = rb.symptom_id("b").unwrap();
    assert_eq!(
        rb.term_position(b, "The AAA"),
        Some(Position {
            line: 4,
            column: 53
        })
    );
}

// ---- Warnings --------------------------------------------------------------

#[test]
fn warnings_do_not_stop_loading() {
    let text = OK
        .replace(
            "symptoms: [ (id: \"a\"",
            "symptoms: [ (id: \"unused\", name: \"U\", zh: \"乙\", terms: [\"uuu\"]), (id: \"a\"",
        )
        .replace(
            ", \n            examples: [(text: \"aaa\", expect: First)]",
            "",
        );
    let rb = build(&text).unwrap();
    let warnings = rb.warnings();
    let messages: Vec<&str> = warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "symptom `unused` is used by no rule and raises no red flag",
            "symptom `unused` cites no source",
        ]
    );
    assert!(rb
        .warnings()
        .iter()
        .all(|w| w.severity == Severity::Warning));
}

#[test]
fn a_rule_dominated_by_another_can_never_rank_first() {
    let text = OK.replace(
        "rules: [ (id: \"r\"",
        "rules: [ (id: \"q\", pattern: (en: \"Q\", zh: \"丙\"), function: \"f\", sources: [\"s\"], symptoms: { \"a\": Supporting }, examples: [(text: \"aaa\", expect: NoMatch)]),\n (id: \"r\"",
    );
    let rb = build(&text).unwrap();
    let warnings = rb.warnings();
    let messages: Vec<&str> = warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["rule `q` can never rank first: each of its symptoms is also a symptom of `r` (t.ron) with at least the same weight"]
    );
    assert_eq!((rb.warnings()[0].line, rb.warnings()[0].column), (5, 17));
}

#[test]
fn a_rule_without_examples_is_flagged() {
    let text = OK.replace(
        ",\n            examples: [(text: \"aaa\", expect: First)]",
        "",
    );
    assert_ne!(text, OK);
    let rb = build(&text).unwrap();
    assert_eq!(rb.warnings().len(), 1);
    assert_eq!(rb.warnings()[0].message, "rule `r` has no examples");
}

#[test]
fn near_duplicate_terms_of_two_symptoms_are_flagged() {
    let text = OK.replace(
        "symptoms: [ (id: \"a\"",
        "symptoms: [ (id: \"b\", name: \"B\", zh: \"乙\", terms: [\"hot flashes\"], sources: [\"s\"]),\n  (id: \"a\"",
    )
    .replace("terms: [\"aaa\"]", "terms: [\"aaa\", \"hot flushes\"]")
    .replace("{ \"a\": Key }", "{ \"a\": Key, \"b\": Key }");
    let rb = build(&text).unwrap();
    let lexicon = crate::lexicon::Lexicon::build(&rb).unwrap();
    let w = lint::near_duplicate_terms(
        &rb,
        lexicon
            .terms
            .iter()
            .map(|t| (t.symptom, lexicon.text(t), lexicon.normalized(t))),
    );
    assert_eq!(
        summary(&w),
        [(
            5,
            48,
            "term \"hot flushes\" of `a` is one typo away from \"hot flashes\" of `b`".to_string()
        )]
    );
}

// ---- Helpers -----------------------------------------------------------------

#[test]
fn line_col_counts_chars() {
    assert_eq!(line_col("ab\n湧泉x", 3 + 6), (2, 3));
    assert_eq!(line_col("湧泉", 1), (1, 1), "inside a char: its start");
    assert_eq!(byte_offset("ab\n湧泉x", 2, 3), 3 + 6);
    assert_eq!(
        byte_offset("ab\n", 1, 9),
        2,
        "past the end of a line: its end"
    );
}

#[test]
fn kebab_case() {
    for ok in ["a", "night-sweats", "ki1-location", "120ask-bentun"] {
        assert!(is_kebab(ok), "{ok}");
    }
    for bad in ["", "-a", "a-", "a--b", "Night", "night_sweats", "夜汗"] {
        assert!(!is_kebab(bad), "{bad}");
    }
}

#[test]
fn the_tree_reads_every_ron_form_the_files_use() {
    let text = r##"#![enable(implicit_some)]
// comment
( /* block /* nested */ */
  a: [1, -2.5e-3, true, 'c', r#"raw "x""#, "esc\"aped\u{7528}", Some("x"), None, b'q', 0x1F],
  b: { "k": Weight(0.8), "l": Key },
  c: (x: 1, y: (2, 3)),
)"##;
    let root = tree::parse(text).unwrap();
    let a = root.field("a").unwrap().items();
    assert_eq!(a.len(), 10);
    assert_eq!(a[4].str(), Some("raw \"x\""));
    assert_eq!(a[5].str(), Some("esc\"aped用"));
    let b = root.field("b").unwrap();
    assert_eq!(b.entry("k").unwrap().1.items().len(), 1);
    assert_eq!(
        root.field("c").unwrap().field("y").unwrap().items().len(),
        2
    );
    assert!(tree::parse("( a: [1, 2 )").is_err());
}

#[test]
fn the_tree_reads_every_builtin_file() {
    for (name, text) in BUILTIN {
        assert!(tree::parse(text).is_ok(), "{name}");
    }
}

#[test]
fn every_rule_file_is_built_in() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut on_disk = Vec::new();
    for dir in ["rules", "rules/differential"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".ron") {
                on_disk.push(format!("{dir}/{name}"));
            }
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(listed, on_disk, "add new rule files to rules::BUILTIN");
}

#[test]
fn builtin_differentials_are_not_ki1_and_ki1_rules_are() {
    let rb = RuleBase::builtin().unwrap();
    for r in &rb.rules {
        assert_eq!(
            r.ki1,
            !r.origin.starts_with("rules/differential/"),
            "{}: ki1 must be false exactly in rules/differential/",
            r.id
        );
    }
    assert!(rb.rules.iter().filter(|r| !r.ki1).count() >= 19);
}

/// Regression (found by fuzzing the rule loader): deeply nested brackets
/// overflowed the stack of the locating parser instead of being an error.
#[test]
fn deeply_nested_brackets_are_an_error_not_a_stack_overflow() {
    let text = format!("(symptoms: {}{})", "[".repeat(50_000), "]".repeat(50_000));
    let result = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || build(&text).is_err())
        .unwrap()
        .join();
    assert_eq!(result.ok(), Some(true));
}

// ---- Rule directories ------------------------------------------------------

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("yq-scan-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_directory_with_no_rule_file_is_an_error_naming_what_it_skipped() {
    let dir = scratch("none");
    std::fs::write(dir.join("README.md"), "notes").unwrap();
    std::fs::write(dir.join("mine.RON"), OK).unwrap();
    std::fs::create_dir(dir.join("more")).unwrap();
    std::fs::write(dir.join("more/a.ron"), OK).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("gone.ron"), dir.join("dangling.ron")).unwrap();
        std::os::unix::fs::symlink(dir.join("loop.ron"), dir.join("loop.ron")).unwrap();
    }
    let err = RuleSource::from_dir(&dir).unwrap_err();
    let RuleError::NoRuleFiles { skipped, .. } = &err else {
        panic!("{err:?}");
    };
    let mut whys: Vec<(String, Skip)> = skipped
        .iter()
        .map(|s| {
            (
                s.path.file_name().unwrap().to_string_lossy().into_owned(),
                s.why,
            )
        })
        .collect();
    whys.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected = vec![
        ("mine.RON".to_string(), Skip::Case),
        ("more".into(), Skip::Subdirectory),
    ];
    if cfg!(unix) {
        expected.push(("dangling.ron".into(), Skip::BrokenLink));
        expected.push(("loop.ron".into(), Skip::BrokenLink));
    }
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(whys, expected);
    let message = err.to_string();
    assert!(message.contains("holds no .ron rule file"), "{message}");
    assert!(
        message.contains("mine.RON: not read: rule files end in lower-case `.ron`"),
        "{message}"
    );
    assert!(!message.contains("README"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_empty_directory_is_an_error() {
    let dir = scratch("empty");
    let err = RuleSource::from_dir(&dir).unwrap_err();
    assert!(
        matches!(err, RuleError::NoRuleFiles { ref skipped, .. } if skipped.is_empty()),
        "{err:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn skipped_entries_beside_rule_files_are_reported_not_fatal() {
    let dir = scratch("beside");
    std::fs::write(dir.join("a.ron"), OK).unwrap();
    std::fs::write(dir.join("b.Ron"), OK).unwrap();
    let scan = RuleSource::scan_dir(&dir).unwrap();
    assert_eq!(scan.sources.len(), 1);
    assert_eq!(scan.skipped.len(), 1);
    assert_eq!(scan.skipped[0].why, Skip::Case);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- A deserialised rule base is ready to use ------------------------------

/// Regression (issue 12): a `RuleBase` read through its public
/// `Deserialize` had empty id tables, so every look-up failed.
#[test]
fn a_deserialised_rule_base_looks_ids_up() {
    let rb = RuleBase::builtin().unwrap();
    let bytes = postcard::to_allocvec(&rb).unwrap();
    let back: RuleBase = postcard::from_bytes(&bytes).unwrap();
    let insomnia = back.symptom_id("insomnia").expect("ids are indexed");
    assert_eq!(back.symptom(insomnia).id, "insomnia");
    assert!(back.rule_id("heart-kidney-yin-deficiency").is_some());
    assert!(!back.rules_of(insomnia).is_empty());
    let lexicon = crate::lexicon::Lexicon::build(&rb).unwrap();
    let bytes = postcard::to_allocvec(&lexicon).unwrap();
    let back: crate::lexicon::Lexicon = postcard::from_bytes(&bytes).unwrap();
    let parsed = crate::parse::parse("insomnia");
    let hits = back.find(&parsed.tokens, 0..parsed.tokens.len());
    assert_eq!(hits.len(), 1, "the term index is rebuilt");
}

// ---- Positions at scale (issue 12) -------------------------------------------

/// (line, column) of `offset` by a scan from the top: what the index replaces.
fn scanned(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[test]
fn the_line_index_places_every_offset_as_a_scan_from_the_top_does() {
    for text in [
        "",
        "a",
        "a\n",
        "\n\n",
        "ab\n湧泉x\n",
        "x\r\ny\n\nz",
        "湧\n泉",
    ] {
        let lines = LineIndex::new(text);
        assert_eq!(lines.line_count(), text.matches('\n').count() + 1);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let p = lines.position(text, offset);
            assert_eq!(
                (p.line, p.column),
                scanned(text, offset),
                "{text:?} {offset}"
            );
            assert_eq!(
                lines.offset(text, p.line, p.column),
                offset,
                "{text:?} {p:?}"
            );
        }
        // Past the end of a line, a text or the last line: clamped.
        for line in 0..lines.line_count() + 3 {
            for column in 0..8 {
                let at = lines.offset(text, line, column);
                let (l, _) = scanned(text, at);
                assert_eq!(
                    l,
                    line.clamp(1, lines.line_count()),
                    "{text:?} {line}:{column}"
                );
            }
        }
    }
    assert_eq!(
        LineIndex::new("湧泉").position("湧泉", 1),
        Position { line: 1, column: 1 },
        "inside a char: its start"
    );
}

/// Regression (issue 12): every per-element read error was placed by a scan
/// from the top of its file, quadratic in a file with an error in each of
/// thousands of symptoms. Now the file's line index places them: each where
/// its element is, the rules that use them held back.
#[test]
fn a_misspelt_field_in_each_of_many_symptoms_is_reported_at_each() {
    const N: usize = 2_000;
    let mut text =
        String::from("(\n  sources: { \"s\": (title: \"t\", url: \"u\") },\n  symptoms: [\n");
    for i in 0..N {
        text.push_str(&format!(
            "    (id: \"s{i}\", nmae: \"S\", zh: \"甲\", terms: [\"t{i}\"], sources: [\"s\"]),\n"
        ));
    }
    text.push_str("  ],\n)\n");
    let d = errors(&text);
    assert_eq!(d.len(), N);
    for (i, d) in d.iter().enumerate() {
        let column = 15 + i.to_string().len();
        assert_eq!(
            (d.line, d.column, d.message.as_str()),
            (4 + i, column, "unknown field `nmae` in a symptom"),
        );
    }
}

// ---- Text that readers see (issue 12) ----------------------------------------

/// `OK` with every string a reader sees spelt out, each a placeholder.
const SHOWN: &str = r#"#![enable(implicit_some)]
(
  sources: { "s": (title: "TITLE", url: "URL") },
  symptoms: [ (id: "a", name: "NAME", zh: "ZH", terms: ["TERM"], red_flag: "FLAG", sources: ["s"]) ],
  care: { "c": (kind: Advice, title: "CARE TITLE", text: "CARE TEXT", zh: "CARE ZH", cautions: ["CAUTION"], sources: ["s"]) },
  abbreviations: { "ABBR": (symptom: "a", sources: ["s"]) },
  rules: [ (id: "r", pattern: (en: "EN", zh: "PZH", icd11: "ICD"), function: "FUNCTION", emergency: "EMERGENCY",
            symptoms: { "a": Key }, care: ["c"], sources: ["s"], examples: [(text: "EXAMPLE", expect: First)]) ],
)"#;

/// The errors of `SHOWN` with `placeholder` (written once) as `text`.
fn shown_errors(placeholder: &str, text: &str) -> Vec<Diagnostic> {
    assert_eq!(SHOWN.matches(&format!("\"{placeholder}\"")).count(), 1);
    let file = SHOWN.replace(&format!("\"{placeholder}\""), &format!("\"{text}\""));
    match RuleBase::build(&[src("t.ron", &file)], LoadOptions::default()) {
        Ok(_) => Vec::new(),
        Err(RuleError::Invalid(d)) => d,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn every_string_readers_see_refuses_control_and_invisible_characters() {
    assert!(
        shown_errors("NAME", "NAME").is_empty(),
        "the template builds"
    );
    // (placeholder, whose string, which field, may it span lines)
    let strings = [
        ("TITLE", "source `s`", "`title`", false),
        ("URL", "source `s`", "`url`", false),
        ("NAME", "symptom `a`", "`name`", false),
        ("ZH", "symptom `a`", "`zh`", false),
        ("FLAG", "symptom `a`", "`red_flag`", false),
        ("TERM", "symptom `a`", "a term", false),
        ("CARE TITLE", "care item `c`", "`title`", false),
        ("CARE TEXT", "care item `c`", "`text`", true),
        ("CARE ZH", "care item `c`", "`zh`", true),
        ("CAUTION", "care item `c`", "`cautions`", true),
        ("EN", "rule `r`", "`pattern.en`", false),
        ("PZH", "rule `r`", "`pattern.zh`", false),
        ("ICD", "rule `r`", "`pattern.icd11`", false),
        ("FUNCTION", "rule `r`", "`function`", false),
        ("EMERGENCY", "rule `r`", "`emergency`", false),
        ("EXAMPLE", "rule `r`", "an example's `text`", false),
    ];
    for (placeholder, owner, field, prose) in strings {
        let line = 1 + SHOWN[..SHOWN.find(&format!("\"{placeholder}\"")).unwrap()]
            .matches('\n')
            .count();
        // (inserted, what the message calls it, the help's first words)
        let mut bad = vec![
            (
                "\u{1b}]0;x\u{7}",
                "a control character (U+001B)",
                "write it on one line",
            ),
            (
                "\u{9b}2J",
                "a control character (U+009B)",
                "write it on one line",
            ),
            (
                "a\u{202e}b",
                "an invisible character (U+202E)",
                "delete it: it shows as nothing",
            ),
            (
                "a\u{200b}b",
                "an invisible character (U+200B)",
                "delete it: it shows as nothing",
            ),
            ("a\tb", "a tab (U+0009)", "write it on one line"),
        ];
        if prose {
            bad[0].2 = "delete it (line breaks are fine here)";
            bad[1].2 = "delete it (line breaks are fine here)";
            bad[4] = (
                "a\tb",
                "a control character (U+0009)",
                "delete it (line breaks are fine here)",
            );
            let broken = shown_errors(placeholder, "two\nlines");
            assert!(broken.is_empty(), "{placeholder}: {broken:?}");
        } else {
            bad.push((
                "two\nlines",
                "a line break (U+000A)",
                "write it on one line",
            ));
        }
        for (inserted, what, help) in bad {
            let d = shown_errors(placeholder, &format!("{placeholder} {inserted}"));
            if placeholder == "TERM" && inserted.chars().any(char::is_control) {
                // Terms had their own check first (`sem-control-char-term`).
                assert_eq!(d.len(), 1, "{d:?}");
                assert!(d[0]
                    .message
                    .contains("a term with a tab, line break or other control character"));
                continue;
            }
            let message = format!("{owner} has {what} in {field}");
            let got: Vec<_> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
            assert_eq!(
                got,
                [(line, message.as_str())],
                "{placeholder} {inserted:?}"
            );
            assert!(
                d[0].help.as_deref().unwrap().starts_with(help),
                "{:?}",
                d[0].help
            );
        }
    }
    let d = shown_errors("ABBR", "AB\u{202e}R");
    assert_eq!(
        d.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        ["abbreviation `AB\u{202e}R` has an invisible character (U+202E) in its text"]
    );
}

/// Regression (issue 12): a file saved with a byte-order mark (Notepad)
/// was reported as "expected ( … ) here" at 1:1.
#[test]
fn a_byte_order_mark_is_no_part_of_the_file() {
    let tmp = std::env::temp_dir().join(format!("yq-bom-{}.ron", std::process::id()));
    std::fs::write(&tmp, format!("\u{feff}{OK}")).unwrap();
    let source = RuleSource::from_file(&tmp).unwrap();
    let _ = std::fs::remove_file(&tmp);
    assert!(!source.text.starts_with('\u{feff}'));
    assert!(RuleBase::build(&[source], LoadOptions::default()).is_ok());
}
