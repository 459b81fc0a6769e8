//! The JSON contract, version 1: every document and batch line the CLI
//! prints carries `"schema_version": "1"` and validates against
//! `schema/match.schema.json` (a document against `#/$defs/document`, a
//! batch line against `#/$defs/batch_line`), and the schema is strict
//! enough that a missing, misspelt or extra field fails. Also `--care` and
//! the `rules care|symptom|source` commands that print what the ids stand
//! for.

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::Path;
use yongquan::report::{self, CareDetail, Detail, View};
use yongquan::Matcher;

fn yq() -> Command {
    let mut c = Command::cargo_bin("yongquan").unwrap();
    c.env("NO_COLOR", "1").env_remove("YONGQUAN_RULES");
    c
}

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/match.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).expect("the schema is JSON")
}

/// A validator for one definition of the schema (`document`, `batch_line`)
/// or, with `None`, for the schema's root.
fn validator(def: Option<&str>) -> jsonschema::Validator {
    let mut schema = schema();
    if let Some(def) = def {
        let root = schema.as_object_mut().unwrap();
        root.remove("oneOf");
        root.insert("$ref".into(), json!(format!("#/$defs/{def}")));
    }
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// Panics with every schema error of `v`.
fn assert_valid(validator: &jsonschema::Validator, v: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {}\n{v:#}", errors.join("\n"));
}

/// Every case text of `tests/data/*.jsonl` and `tests/blind/*.jsonl`.
fn case_texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for dir in ["tests/data", "tests/blind"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        files.sort();
        for file in files {
            for line in std::fs::read_to_string(&file).unwrap().lines() {
                let Ok(v) = serde_json::from_str::<Value>(line) else {
                    continue;
                };
                if let Some(text) = v["text"].as_str() {
                    texts.push(text.to_string());
                }
            }
        }
    }
    texts
}

/// The JSON that `yongquan ARGS` prints.
fn run_json(args: &[&str]) -> Value {
    stdout_json(&yq().args(args).output().unwrap())
}

fn stdout_json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

mod schema_file {
    use super::*;

    #[test]
    fn is_draft_2020_12_with_a_description_for_every_field() {
        let s = schema();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        // Every property of every definition says what it is (or points to
        // a definition that does, or is forbidden: `false`).
        for (name, def) in s["$defs"].as_object().unwrap() {
            for (field, prop) in def["properties"].as_object().into_iter().flatten() {
                assert!(
                    prop.get("description").is_some()
                        || prop.get("$ref").is_some()
                        || *prop == Value::Bool(false),
                    "$defs/{name}/properties/{field} has no description"
                );
            }
        }
    }
}

mod documents {
    use super::*;

    #[test]
    fn every_case_text_validates_as_match_and_explain_json() {
        // In-process, as `match --format json` (top 3) and `explain
        // --format json` (every ranked rule) build them, with each --care.
        let texts = case_texts();
        assert!(texts.len() > 500, "{} case texts", texts.len());
        let m = Matcher::builtin().unwrap();
        let document = validator(Some("document"));
        let root = validator(None);
        let mut checked = 0;
        for text in &texts {
            let Ok(a) = m.analyze(text) else { continue };
            for (top, care, detail) in [
                (3, CareDetail::Full, Detail::Full),
                (usize::MAX, CareDetail::Full, Detail::Full),
                (3, CareDetail::Ids, Detail::Full),
                (3, CareDetail::None, Detail::Full),
                (3, CareDetail::Ids, Detail::Compact),
                (usize::MAX, CareDetail::Full, Detail::Compact),
            ] {
                let view = View {
                    top,
                    care,
                    detail,
                    ..View::default()
                };
                let v = serde_json::to_value(report::json(&m, &a, view)).unwrap();
                assert_eq!(v["schema_version"], "1");
                assert_valid(&document, &v, text);
                assert!(root.is_valid(&v), "{text}");
                checked += 1;
            }
        }
        assert!(checked >= 6 * 500, "{checked}");
    }

    #[test]
    fn the_cli_documents_validate() {
        let document = validator(Some("document"));
        let runs: &[&[&str]] = &[
            &["match", "--format", "json", "insomnia, night sweats"],
            &["match", "--format", "json", "--care", "ids", "insomnia"],
            &["match", "--format", "json", "--care", "none", "insomnia"],
            &["match", "--format", "json", "purple elephants"],
            &[
                "match",
                "--format",
                "json",
                "--region",
                "uk",
                "passed out, cold limbs",
            ],
            &[
                "explain",
                "--format",
                "json",
                "headache, tinnitus, no dizziness",
            ],
            &[
                "explain",
                "--format",
                "json",
                "--rule",
                "yang-collapse",
                "insomnia",
            ],
            &["match", "--format", "json", "my dad has 失眠 and 盗汗"],
        ];
        for args in runs {
            let out = yq().args(*args).output().unwrap();
            let v = stdout_json(&out);
            assert_eq!(v["schema_version"], "1", "{args:?}");
            assert_valid(&document, &v, &args.join(" "));
        }
    }

    /// Regression (a fresh reviewer, session 6): `--care` and `--detail`
    /// with the human report were accepted and did nothing.
    #[test]
    fn care_and_detail_without_json_are_a_usage_error() {
        for flag in [["--care", "ids"], ["--detail", "compact"]] {
            let out = yq()
                .arg("match")
                .args(flag)
                .arg("insomnia")
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{flag:?}");
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(err.contains("add --format json"), "{err}");
        }
    }

    #[test]
    fn care_is_full_by_default_and_ids_or_null_on_request() {
        let care = |extra: &[&str]| {
            let out = yq()
                .args(["match", "--format", "json", "insomnia, night sweats"])
                .args(extra)
                .output()
                .unwrap();
            stdout_json(&out)["care"].clone()
        };
        let full = care(&[]);
        assert_eq!(full[0]["id"], "ki1-location");
        assert!(full[0]["text"].as_str().unwrap().contains("sole"));
        let ids: Vec<Value> = full
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].clone())
            .collect();
        assert_eq!(care(&["--care", "ids"]), Value::Array(ids));
        assert_eq!(care(&["--care", "full"]), full);
        assert_eq!(care(&["--care", "none"]), Value::Null);
    }
}

mod batch_lines {
    use super::*;

    fn batch(input: &[u8], args: &[&str]) -> Vec<Value> {
        crate::batch::batch(input, args).1
    }

    #[test]
    fn every_case_text_validates_as_a_batch_line_with_each_care() {
        let texts: Vec<String> = case_texts()
            .into_iter()
            .filter(|t| !t.contains(['\n', '\r']))
            .collect();
        let line = validator(Some("batch_line"));
        let answer = validator(Some("batch_answer"));
        for (care, detail) in [
            ("ids", "compact"),
            ("full", "compact"),
            ("none", "compact"),
            ("ids", "full"),
        ] {
            let args = ["--care", care, "--detail", detail];
            let out = batch(texts.join("\n").as_bytes(), &args);
            assert_eq!(out.len(), texts.len());
            for (v, text) in out.iter().zip(&texts) {
                assert_eq!(v["schema_version"], "1");
                assert_eq!(v.get("detail").is_some(), detail == "compact", "{v}");
                assert_valid(&line, v, text);
                assert_valid(&answer, v, text);
                match care {
                    "ids" => assert!(v["care"].as_array().unwrap().iter().all(Value::is_string)),
                    "full" => assert!(v["care"].as_array().unwrap().iter().all(Value::is_object)),
                    _ => assert!(v["care"].is_null()),
                }
            }
        }
    }

    #[test]
    fn error_lines_validate_too() {
        let line = validator(Some("batch_line"));
        let error = validator(Some("batch_error"));
        let mut input = b"insomnia\n\xff\xfe not UTF-8\n   \n".to_vec();
        input.extend(vec![b'a'; yongquan::MAX_INPUT_BYTES + 10]);
        input.push(b'\n');
        let out = batch(&input, &[]);
        assert_eq!(out.len(), 4);
        assert_valid(&line, &out[0], "insomnia");
        for v in &out[1..] {
            assert!(v["error"].is_string(), "{v}");
            assert_eq!(v["schema_version"], "1");
            assert_valid(&error, v, "error line");
        }

        let long = format!(
            r#"{{"id": 7, "text": "{}"}}"#,
            "a".repeat(yongquan::MAX_INPUT_BYTES + 10)
        );
        let jsonl = [
            r#"{"id": "a1", "text": "night sweats"}"#,
            r#"{"text": "night sweats"}"#,
            "not json",
            "[1, 2]",
            r#"{"id": 3}"#,
            r#"{"id": 4, "id": 5, "text": "x"}"#,
            r#"{"id": 6, "text": "\ud800"}"#,
            &long,
        ]
        .join("\n");
        let out = batch(jsonl.as_bytes(), &["--jsonl"]);
        assert_eq!(out.len(), 8);
        assert_eq!(out[0]["id"], "a1");
        assert_eq!(out[1]["id"], Value::Null);
        for (i, v) in out.iter().enumerate() {
            assert_valid(&line, v, &format!("jsonl line {}", i + 1));
            assert_eq!(v["error"].is_string(), i >= 2, "{v}");
        }
    }

    #[test]
    fn a_batch_line_is_the_compact_document_plus_line_with_care_by_id() {
        let text = "insomnia, night sweats";
        let raw = yq()
            .args(["match", "--batch", "-"])
            .write_stdin(text)
            .output()
            .unwrap();
        assert!(raw
            .stdout
            .starts_with(br#"{"schema_version":"1","detail":"compact","line":1,"#));
        for (detail, care) in [("compact", "ids"), ("full", "ids"), ("full", "full")] {
            let options = ["--care", care, "--detail", detail];
            let single = run_json(&[&["match", "--format", "json", text], &options[..]].concat());
            let mut v = batch(text.as_bytes(), &options).remove(0);
            assert_eq!(v.as_object_mut().unwrap().remove("line"), Some(json!(1)));
            assert_eq!(v, single, "{detail} {care}");
        }
        let mut v = batch(text.as_bytes(), &[]).remove(0);
        v.as_object_mut().unwrap().remove("line");
        let compact = run_json(&[
            "match", "--format", "json", "--care", "ids", "--detail", "compact", text,
        ]);
        assert_eq!(v, compact, "the batch's defaults");
    }
}

/// The schema refuses what the contract does not allow: each mutation of a
/// real document or line must fail.
mod strictness {
    use super::*;

    fn real_document() -> Value {
        let out = yq()
            .args([
                "match",
                "--format",
                "json",
                "insomnia, no palpitations, passed out",
            ])
            .output()
            .unwrap();
        stdout_json(&out)
    }

    #[test]
    fn a_mutated_document_fails() {
        let document = validator(Some("document"));
        let good = real_document();
        assert_valid(&document, &good, "the real document");
        assert!(!good["findings"].as_array().unwrap().is_empty());
        assert!(!good["care"].as_array().unwrap().is_empty());
        type Mutation = fn(&mut Value);
        let mutations: &[(&str, Mutation)] = &[
            ("missing input", |v| {
                v.as_object_mut().unwrap().remove("input");
            }),
            ("missing schema_version", |v| {
                v.as_object_mut().unwrap().remove("schema_version");
            }),
            ("schema_version 2", |v| v["schema_version"] = json!("2")),
            ("misspelt findings", |v| {
                let f = v.as_object_mut().unwrap().remove("findings").unwrap();
                v["finding"] = f;
            }),
            ("an extra field", |v| v["extra"] = json!(1)),
            ("a finding without start", |v| {
                v["findings"][0].as_object_mut().unwrap().remove("start");
            }),
            ("a negative offset", |v| v["findings"][0]["end"] = json!(-1)),
            ("a misspelt certainty", |v| {
                v["findings"][0]["certainty"] = json!("affirmative")
            }),
            ("a score of 1", |v| v["matches"][0]["score"] = json!(1.0)),
            ("a care item with a misspelt field", |v| {
                let t = v["care"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("title")
                    .unwrap();
                v["care"][0]["titel"] = t;
            }),
            ("care mixing ids and items", |v| {
                v["care"][1] = json!("ki1-massage");
            }),
            ("an unknown triage level", |v| {
                v["triage"]["level"] = json!("urgent")
            }),
            ("a batch line's field in a document", |v| {
                v["line"] = json!(1)
            }),
            ("a full document without a default field", |v| {
                v["findings"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("certainty");
            }),
            ("a full document without its notice", |v| {
                v.as_object_mut().unwrap().remove("notice");
            }),
            ("a detail other than compact", |v| {
                v["detail"] = json!("full")
            }),
        ];
        for (what, mutate) in mutations {
            let mut v = good.clone();
            mutate(&mut v);
            assert!(!document.is_valid(&v), "{what}: still valid");
        }
    }

    #[test]
    fn a_mutated_batch_line_fails() {
        let line = validator(Some("batch_line"));
        let out = yq()
            .args(["match", "--batch", "-"])
            .write_stdin(b"insomnia\n\xff".to_vec())
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<Value> = stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let (good, error) = (&lines[0], &lines[1]);
        assert!(error["error"].is_string(), "{error}");
        assert_valid(&line, good, "answer");
        assert_valid(&line, error, "error");
        let mut without_line = good.clone();
        without_line.as_object_mut().unwrap().remove("line");
        assert!(!line.is_valid(&without_line));
        let mut line_zero = good.clone();
        line_zero["line"] = json!(0);
        assert!(!line.is_valid(&line_zero));
        let mut error_and_input = error.clone();
        error_and_input["input"] = json!("x");
        assert!(!line.is_valid(&error_and_input));
        let mut no_version = error.clone();
        no_version.as_object_mut().unwrap().remove("schema_version");
        assert!(!line.is_valid(&no_version));
    }
}

/// A compact document is the full one without what the schema says it
/// leaves out: fields at their `default`, and the fields its
/// `compact_document` names.
mod compact {
    use super::*;

    /// The schema's `default` of each field of definition `def`.
    fn defaults(def: &str) -> serde_json::Map<String, Value> {
        let s = schema();
        let props = s["$defs"][def]["properties"].as_object().unwrap();
        props
            .iter()
            .filter_map(|(k, p)| Some((k.clone(), p.get("default")?.clone())))
            .collect()
    }

    /// Checks that `compact` is `full` without fields at their default and
    /// without the `derived` ones; `also` may leave out more fields of
    /// `full` when it returns true for them.
    fn check(
        what: &str,
        full: &Value,
        compact: &Value,
        def: &str,
        derived: &[&str],
        also: &dyn Fn(&str, &Value) -> bool,
    ) {
        let (full, compact) = (full.as_object().unwrap(), compact.as_object().unwrap());
        let defaults = defaults(def);
        for (key, value) in full {
            match compact.get(key) {
                Some(kept)
                    if !["findings", "matches", "evidence", "red_flags", "triage"]
                        .contains(&key.as_str()) =>
                {
                    assert_eq!(kept, value, "{what}: {def}.{key}")
                }
                Some(_) => {}
                None => assert!(
                    defaults.get(key) == Some(value)
                        || derived.contains(&key.as_str())
                        || also(key, value),
                    "{what}: {def}.{key} = {value} left out"
                ),
            }
        }
        for key in compact.keys() {
            assert!(
                full.contains_key(key) || key == "detail",
                "{what}: {def}.{key} added"
            );
        }
    }

    /// The items of list `key` of both; a compact document leaves an empty
    /// list out.
    fn pairs<'a>(full: &'a Value, compact: &'a Value, key: &str) -> Vec<(&'a Value, &'a Value)> {
        let f = full[key].as_array().unwrap();
        let c = compact.get(key).map_or(&[][..], |c| c.as_array().unwrap());
        assert_eq!(f.len(), c.len(), "{key}");
        f.iter().zip(c).collect()
    }

    #[test]
    fn every_case_text_loses_only_what_the_schema_says() {
        let m = Matcher::builtin().unwrap();
        let never = |_: &str, _: &Value| false;
        let mut left_out = std::collections::BTreeSet::new();
        for text in case_texts() {
            let Ok(a) = m.analyze(&text) else { continue };
            let [full, compact] = [Detail::Full, Detail::Compact].map(|detail| {
                let view = View {
                    detail,
                    care: CareDetail::Ids,
                    ..View::default()
                };
                serde_json::to_value(report::json(&m, &a, view)).unwrap()
            });
            assert_eq!(compact["detail"], "compact");
            check(&text, &full, &compact, "report", &["notice"], &never);
            for (f, c) in pairs(&full, &compact, "findings") {
                let term_is_text = |k: &str, v: &Value| k == "term" && *v == f["text"];
                check(&text, f, c, "finding", &["negated", "cue"], &term_is_text);
                left_out.extend(
                    f.as_object()
                        .unwrap()
                        .keys()
                        .filter(|k| c.get(*k).is_none())
                        .cloned(),
                );
            }
            for (f, c) in pairs(&full, &compact, "matches") {
                let rule_facts = ["pattern", "pattern_zh", "icd11"];
                check(&text, f, c, "match", &rule_facts, &never);
                for (fe, ce) in pairs(f, c, "evidence") {
                    let from_elsewhere = ["symptom", "role", "weight", "similarity", "specificity"];
                    check(&text, fe, ce, "evidence", &from_elsewhere, &never);
                    let finding = &full["findings"][fe["finding"].as_u64().unwrap() as usize];
                    assert_eq!(fe["symptom"], finding["symptom"], "{text}");
                    assert_eq!(fe["similarity"], finding["similarity"], "{text}");
                }
            }
            for (f, c) in pairs(&full, &compact, "red_flags") {
                check(&text, f, c, "red_flag", &[], &never);
            }
            let flags = full["red_flags"].as_array().unwrap();
            for (f, c) in pairs(&full["triage"], &compact["triage"], "reasons") {
                let said_by_a_flag = |k: &str, v: &Value| {
                    k == "text"
                        && flags
                            .iter()
                            .any(|r| r["message"] == *v && r["presentation"] == f["presentation"])
                };
                check(&text, f, c, "reason", &[], &said_by_a_flag);
            }
        }
        // The corpus exercises the omissions (a test of nothing would pass).
        for key in [
            "term",
            "match",
            "similarity",
            "certainty",
            "certainty_cue",
            "counts",
        ] {
            assert!(left_out.contains(key), "{key} never left out: {left_out:?}");
        }
    }

    #[test]
    fn a_compact_line_of_a_typical_description_is_under_1_5_kb() {
        // The issue's aim for batch lines; the whole-corpus median is in
        // bench/RESULTS.md.
        for text in [
            "insomnia, night sweats",
            "headache, tinnitus, high blood pressure",
            "I can't sleep at night and wake up drenched in sweat, my heart races",
        ] {
            let out = yq()
                .args(["match", "--batch", "-"])
                .write_stdin(text)
                .output()
                .unwrap();
            assert!(
                out.stdout.len() < 1500,
                "{text}: {} bytes",
                out.stdout.len()
            );
        }
    }

    #[test]
    fn a_compact_document_with_a_full_field_fails() {
        let document = validator(Some("document"));
        let good = run_json(&[
            "match",
            "--format",
            "json",
            "--detail",
            "compact",
            "passed out, cold limbs, insomnia, no palpitations",
        ]);
        assert_valid(&document, &good, "the real compact document");
        type Mutation = fn(&mut Value);
        let mutations: &[(&str, Mutation)] = &[
            ("a pattern name", |v| {
                v["matches"][0]["pattern"] = json!("x")
            }),
            ("negated", |v| v["findings"][0]["negated"] = json!(false)),
            ("the notice", |v| v["notice"] = json!("x")),
            ("an evidence's role", |v| {
                v["matches"][0]["evidence"][0]["role"] = json!("key")
            }),
            ("no findings", |v| {
                v.as_object_mut().unwrap().remove("findings");
            }),
            ("a finding without its symptom", |v| {
                v["findings"][0].as_object_mut().unwrap().remove("symptom");
            }),
        ];
        for (what, mutate) in mutations {
            let mut v = good.clone();
            mutate(&mut v);
            assert!(!document.is_valid(&v), "{what}: still valid");
        }
    }
}

/// The other JSON the CLI prints is versioned too.
mod other_documents {
    use super::*;

    #[test]
    fn eval_rules_show_and_the_lookups_carry_the_version() {
        let runs: &[&[&str]] = &[
            &["eval", "--format", "json", "tests/data/cases.jsonl"],
            &["rules", "show", "yang-collapse", "--format", "json"],
            &["rules", "care", "ki1-location", "--format", "json"],
            &["rules", "symptom", "night-sweats", "--format", "json"],
            &["rules", "source", "seed", "--format", "json"],
        ];
        for args in runs {
            let out = yq()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(*args)
                .output()
                .unwrap();
            let v = stdout_json(&out);
            assert_eq!(v["schema_version"], "1", "{args:?}");
        }
    }
}

mod lookups {
    use super::*;

    #[test]
    fn every_care_id_of_a_batch_line_prints_the_text_of_full() {
        let text = "insomnia, night sweats, passed out";
        let full = run_json(&["match", "--format", "json", "--region", "uk", text]);
        for item in full["care"].as_array().unwrap() {
            let id = item["id"].as_str().unwrap();
            let mut looked_up =
                run_json(&["rules", "care", id, "--format", "json", "--region", "uk"]);
            looked_up.as_object_mut().unwrap().remove("schema_version");
            assert_eq!(&looked_up, item, "{id}");
            let human = yq().args(["rules", "care", id]).output().unwrap();
            assert!(human.status.success());
            let human = String::from_utf8(human.stdout).unwrap();
            assert!(human.starts_with(&format!("{id}: ")), "{human}");
        }
    }

    #[test]
    fn symptoms_and_sources_print_their_texts() {
        let out = yq()
            .args(["rules", "symptom", "night-sweats"])
            .output()
            .unwrap();
        let human = String::from_utf8(out.stdout).unwrap();
        assert!(
            human.starts_with("night-sweats: Night sweats (盜汗)\n"),
            "{human}"
        );
        assert!(human.contains("\nfrom: built-in\n"), "{human}");
        let v = run_json(&["rules", "source", "seed", "--format", "json"]);
        assert_eq!(v["key"], "seed");
        assert!(v["title"].as_str().unwrap().contains("YongQuan"));
    }

    #[test]
    fn an_unknown_id_says_which_one_was_meant() {
        for (kind, typo, meant) in [
            ("care", "ki1-locaton", "ki1-location"),
            ("symptom", "night-sweat", "night-sweats"),
            ("source", "seeds", "seed"),
        ] {
            let out = yq().args(["rules", kind, typo]).output().unwrap();
            assert_eq!(out.status.code(), Some(2));
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(
                stderr.contains(&format!("did you mean `{meant}`?")),
                "{kind}: {stderr}"
            );
        }
    }

    #[test]
    fn built_in_rules_are_not_shown_as_files_on_disk() {
        // After `cargo install`, rules/*.ron is nowhere on the machine.
        let list = yq().args(["rules", "list"]).output().unwrap();
        let list = String::from_utf8(list.stdout).unwrap();
        assert!(!list.contains(".ron"), "{list}");
        assert!(
            list.lines().skip(1).all(|l| l.contains("  built-in  ")),
            "{list}"
        );
        let show = yq()
            .args(["rules", "show", "yang-collapse"])
            .output()
            .unwrap();
        let show = String::from_utf8(show.stdout).unwrap();
        assert!(show.starts_with("// yang-collapse (built-in)\n"), "{show}");
        let v = run_json(&["rules", "show", "yang-collapse", "--format", "json"]);
        assert_eq!(v["origin"], "built-in");
        assert_eq!(v["line"], Value::Null);
    }
}
