//! The command line as a user meets it: every README example, exit codes,
//! the JSON contract, and snapshots of the human output.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn yq() -> Command {
    let mut c = Command::cargo_bin("yongquan").unwrap();
    c.env("NO_COLOR", "1");
    c
}

/// `match --format json` on `text`: (exit code, parsed JSON).
fn json(text: &str) -> (i32, Value) {
    let out = yq()
        .args(["match", "--format", "json", text])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (out.status.code().unwrap(), v)
}

fn top(v: &Value) -> &str {
    v["matches"][0]["rule"].as_str().unwrap_or("")
}

fn findings(v: &Value) -> Vec<(String, bool)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["symptom"].as_str().unwrap().to_string(),
                f["negated"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_four_card_examples_rank_their_pattern_first() {
    for (text, rule) in [
        ("insomnia, night sweats", "heart-kidney-yin-deficiency"),
        (
            "headache, tinnitus, high blood pressure",
            "liver-yang-rising",
        ),
        (
            "chronic sore throat, dry mouth, low back pain",
            "kidney-deficiency-heat",
        ),
        ("passed out, cold limbs", "yang-collapse"),
    ] {
        let (code, v) = json(text);
        assert_eq!(code, 0, "{text}");
        assert_eq!(top(&v), rule, "{text}: {v:#}");
    }
}

#[test]
fn yang_collapse_raises_a_red_flag() {
    let (_, v) = json("passed out, cold limbs");
    assert!(!v["red_flags"].as_array().unwrap().is_empty());
    yq().args(["match", "passed out, cold limbs"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("EMERGENCY"))
        .stdout(predicate::str::contains("RED FLAG Yang collapse"));
}

#[test]
fn typos_match_fuzzily() {
    let (_, v) = json("insomina, nigth sweats, palpitaions");
    assert_eq!(top(&v), "heart-kidney-yin-deficiency");
    let kinds: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["match"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["fuzzy", "fuzzy", "fuzzy"]);
    let (_, v) = json("tinitus and headache, high blood pressure");
    assert_eq!(top(&v), "liver-yang-rising");
}

#[test]
fn lay_synonyms() {
    let (_, v) = json("I can't sleep and I wake up drenched in sweat, my heart races");
    assert_eq!(top(&v), "heart-kidney-yin-deficiency", "{v:#}");
    let (_, v) =
        json("my ears have been ringing for weeks, pounding headaches, high blood pressure");
    assert_eq!(top(&v), "liver-yang-rising", "{v:#}");
}

#[test]
fn chinese_traditional_and_simplified() {
    for text in ["失眠，盜汗，心悸", "失眠，盗汗，心悸"] {
        let (_, v) = json(text);
        assert_eq!(top(&v), "heart-kidney-yin-deficiency", "{text}");
    }
    for text in ["頭痛，耳鳴，血壓高", "头痛，耳鸣，血压高"] {
        let (_, v) = json(text);
        assert_eq!(top(&v), "liver-yang-rising", "{text}");
    }
}

#[test]
fn mixed_english_and_chinese() {
    let (_, v) = json("insomnia 失眠, night sweats 盗汗, 心慌");
    assert_eq!(top(&v), "heart-kidney-yin-deficiency");
}

#[test]
fn negated_findings_do_not_count() {
    let (_, v) = json("insomnia, night sweats, no palpitations");
    let f = findings(&v);
    assert!(f.contains(&("palpitations".to_string(), true)), "{f:?}");
    let neg = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["negated"] == true)
        .unwrap();
    assert_eq!(neg["cue"]["text"], "no");
    // Denying every symptom leaves nothing to match: exit 1.
    let out = yq()
        .args(["match", "no headache, no dizziness, no tinnitus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_normal_reading_is_a_pertinent_negative() {
    // BP 118/76 denies hypertension (its own cue), so liver-yang-rising
    // scores lower than with a high reading.
    let (_, v) = json("pounding headache, tinnitus, BP 118/76");
    let f = findings(&v);
    assert!(f.contains(&("hypertension".to_string(), true)), "{f:?}");
    let hyper = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["symptom"] == "hypertension")
        .unwrap();
    assert_eq!(hyper["cue"]["text"], "118/76");
    assert_eq!(hyper["cue"]["start"], hyper["start"]);
    let (_, high) = json("pounding headache, tinnitus, BP 165/100");
    let score = |v: &Value| {
        v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["rule"] == "liver-yang-rising")
            .map_or(0.0, |m| m["score"].as_f64().unwrap())
    };
    assert!(
        score(&v) < score(&high),
        "{} vs {}",
        score(&v),
        score(&high)
    );
    // A stated diagnosis still counts whatever today's reading.
    let (_, v) = json("I have high blood pressure, 130/85 today on tablets");
    assert!(findings(&v).contains(&("hypertension".to_string(), false)));
    // A normal temperature denies fever.
    let (_, v) = json("sore throat, temp 36.9");
    assert!(findings(&v).contains(&("fever".to_string(), true)));
}

#[test]
fn spans_slice_the_input() {
    let text = "Can’t sleep, 盜汗 and tinitus — dizziness: absent";
    let (_, v) = json(text);
    for f in v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["unrecognized"].as_array().unwrap())
    {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], f["text"].as_str().unwrap());
    }
}

#[test]
fn unrecognized_phrases_are_reported() {
    let (_, v) = json("insomnia, purple elephants");
    let u: Vec<&str> = v["unrecognized"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["text"].as_str().unwrap())
        .collect();
    assert_eq!(u, ["purple elephants"]);
}

#[test]
fn json_shape() {
    let (_, v) = json("insomnia, night sweats");
    assert_eq!(v["schema_version"], "1");
    for key in [
        "input",
        "findings",
        "unrecognized",
        "matches",
        "red_flags",
        "care",
        "notice",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let f = &v["findings"][0];
    for key in [
        "text",
        "start",
        "end",
        "symptom",
        "negated",
        "similarity",
        "match",
        "term",
        "cue",
    ] {
        assert!(f.get(key).is_some(), "finding lacks {key}");
    }
    let m = &v["matches"][0];
    for key in ["rule", "pattern", "score", "evidence", "missing", "thin"] {
        assert!(m.get(key).is_some(), "match lacks {key}");
    }
    let s = m["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&s));
}

#[test]
fn exit_codes() {
    yq().args(["match", "insomnia, night sweats"])
        .assert()
        .code(0);
    // One symptom shared by several rules stays under the default minimum.
    yq().args(["match", "insomnia"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Weak matches, thin evidence"));
    yq().args(["match", "purple elephants"]).assert().code(1);
    yq().args(["match", "--no-such-flag"]).assert().code(2);
    yq().args(["match", "   "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty"));
    yq().args(["match", "--rules", "/no/such/dir", "insomnia"])
        .assert()
        .code(2);
}

#[test]
fn reads_standard_input() {
    yq().arg("match")
        .write_stdin("insomnia\nnight sweats\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("heart-kidney-yin-deficiency"));
    // `-` alone means standard input too, as for `--batch -`.
    yq().args(["match", "-"])
        .write_stdin("insomnia\nnight sweats\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("heart-kidney-yin-deficiency"));
    yq().arg("match")
        .write_stdin(vec![0x69, 0x6e, 0xff, 0xfe])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("UTF-8"));
}

#[test]
fn top_and_min_score() {
    let out = yq()
        .args([
            "match",
            "--format",
            "json",
            "--top",
            "1",
            "insomnia, night sweats, dry mouth",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matches"].as_array().unwrap().len(), 1);
    yq().args(["match", "--min-score", "0.99", "insomnia"])
        .assert()
        .code(1);
    yq().args(["match", "--min-score", "2", "insomnia"])
        .assert()
        .code(2);
}

#[test]
fn explain_shows_spans_similarity_negation_and_why() {
    yq().args(["explain", "insomnia, tinitis, night sweats, no fever"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[0..8] \"insomnia\""))
        .stdout(predicate::str::contains("(fuzzy, similarity 0.75)"))
        .stdout(predicate::str::contains("NEGATED by \"no\""))
        .stdout(predicate::str::contains(
            "lost to heart-kidney-yin-deficiency",
        ));
    // The asked-for rule is traced even when no finding touches it (a
    // regression: scoring only touched rules once dropped it here).
    yq().args([
        "explain",
        "--rule",
        "yang-collapse",
        "insomnia, night sweats",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains("yang-collapse  Yang collapse"))
    .stdout(predicate::str::contains("score 0.000"))
    .stdout(predicate::str::contains(
        "missing key symptoms: faint-pulse",
    ))
    .stdout(predicate::str::contains(
        "lost to heart-kidney-yin-deficiency",
    ))
    .stdout(predicate::str::contains("liver-yang-rising").not());
    // JSON: the asked-for rule alone, whatever its score.
    let out = yq()
        .args([
            "explain",
            "--format",
            "json",
            "--rule",
            "yang-collapse",
            "insomnia, night sweats",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matches"].as_array().unwrap().len(), 1);
    assert_eq!(v["matches"][0]["rule"], "yang-collapse");
    assert_eq!(v["matches"][0]["score"], 0.0);
    yq().args(["explain", "--rule", "yang-colapse", "insomnia"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `yang-collapse`?"));
}

#[test]
fn explain_shows_nearest_terms_for_unrecognized_words() {
    yq().args(["explain", "palpatashuns"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "nearest under the threshold: \"palpitations\" (palpitations) 0.67",
        ));
}

#[test]
fn rules_list_and_show() {
    yq().args(["rules", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("liver-yang-rising"))
        .stdout(predicate::str::contains("yang-collapse"));
    yq().args(["rules", "show", "yang-collapse"])
        .assert()
        .success()
        .stdout(predicate::str::contains("emergency"));
    let out = yq()
        .args(["rules", "show", "--format", "json", "liver-yang-rising"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rule"]["id"], "liver-yang-rising");
    yq().args(["rules", "show", "nope"]).assert().code(2);
}

#[test]
fn human_output_snapshot() {
    let out = yq()
        .args(["match", "insomnia, night sweats, no palpitations"])
        .output()
        .unwrap();
    insta::assert_snapshot!("match_human", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn explain_output_snapshot() {
    let out = yq()
        .args(["explain", "headache, tinitus, high blood pressure"])
        .output()
        .unwrap();
    insta::assert_snapshot!("explain_human", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn an_emergency_is_never_nothing_matched() {
    // Regression: with every rule hidden, a red flag still exits 0.
    yq().args(["match", "--min-score", "1", "she fainted"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("RED FLAG"));
}

#[test]
fn bad_numbers_are_rejected_clearly() {
    yq().args(["match", "--top", "0", "insomnia"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1 or more"));
    yq().args(["match", "--min-score", "-1", "insomnia"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside 0..=1"));
}

#[test]
fn eval_rejects_unknown_labels_and_empty_files() {
    let dir = std::env::temp_dir().join(format!("yq-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\": \"a\", \"text\": \"insomnia\", \"expected\": \"yang-colapse\"}\n",
    )
    .unwrap();
    yq().arg("eval")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `yang-collapse`?"));
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, "\n").unwrap();
    yq().arg("eval")
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no cases"));
    let good = dir.join("good.jsonl");
    std::fs::write(&good, "{\"id\": \"a\", \"text\": \"insomnia, night sweats, palpitations\", \"expected\": \"heart-kidney-yin-deficiency\"}\n").unwrap();
    yq().arg("eval")
        .arg(&good)
        .assert()
        .success()
        .stdout(predicate::str::contains("top-1: 1/1"));
    yq().args(["eval", "--format", "json"])
        .arg(&good)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"top1\": 1"));
}

#[test]
fn invisible_characters_from_copy_paste_are_ignored() {
    let (_, v) = json("insom\u{200b}nia, night\u{feff} sweats");
    assert_eq!(top(&v), "heart-kidney-yin-deficiency");
}

#[test]
fn lexicon_lists_every_term() {
    let out = yq().arg("lexicon").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() > 1000);
    assert!(text.lines().any(|l| l == "insomnia\tinsomnia"));
    assert!(text.lines().all(|l| l.split('\t').count() == 2));
}

#[test]
fn terms_are_found_inside_sentences() {
    for (text, symptoms) in [
        ("I wake up at night drenched in sweat", vec!["night-sweats"]),
        ("my ears have been ringing for weeks", vec!["tinnitus"]),
        ("晚上睡不著，心慌", vec!["insomnia", "palpitations"]),
        ("ringing in the ears", vec!["tinnitus"]),
    ] {
        let (_, v) = json(text);
        let got: Vec<String> = findings(&v).into_iter().map(|(s, _)| s).collect();
        assert_eq!(got, symptoms, "{text}");
    }
}

/// Regression (found by the pathological-input tests): `explain` compared
/// every unrecognised phrase with every term and searched the phrase list
/// once per phrase, so 1 MiB of unknown words ran for over 50 minutes. It now
/// explains the first 50 such phrases and names the rest.
#[test]
fn explain_on_a_wall_of_unknown_words_caps_the_nearest_terms() {
    let text = "qwerty asdfg, ".repeat(20_000);
    yq().arg("explain")
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "nearest terms shown for the first 50 only",
        ));
}
