//! Blind sets for issue 10, written by a helper session that saw neither the
//! rules nor the code, from public pattern references (tests/blind/):
//! `differential.jsonl`, 84 textbook- and forum-style descriptions (EN/ZH),
//! half KI 1 patterns, half the differential patterns a practitioner weighs
//! against them; `out-of-scope.jsonl`, 12 descriptions with clear medical
//! content and no TCM pattern (a sprain, a diagnosed cystitis, a hangover …).
//!
//! First run, with the differential rules merged but before any fix the set
//! drove: top-1 73/84 (86.9 %); a KI 1 rule wrongly first on 1 of the 42
//! differential cases (2.4 %); out of scope: a KI 1 rule first on 1 of 12
//! (the hangover). The floors sit a little under the figures now
//! (`cargo test --test integration blind_differential:: -- --nocapture`
//! prints them and every miss), so a change that loses ground fails.

use yongquan::eval::{evaluate, read_cases, EvalReport};
use yongquan::Matcher;

fn run(path: &str) -> (Matcher, EvalReport) {
    let m = Matcher::builtin().unwrap();
    let text = std::fs::read_to_string(path).expect("read blind set");
    let cases = read_cases(&text).unwrap();
    let r = evaluate(&m, &cases);
    (m, r)
}

fn is_ki1(m: &Matcher, id: &str) -> bool {
    m.rules().rule_id(id).is_some_and(|r| m.rules().rule(r).ki1)
}

#[test]
fn differential_set_stays_accurate_and_ki1_does_not_take_the_differentials() {
    let (m, r) = run("tests/blind/differential.jsonl");
    let ki1_cases: Vec<_> = r
        .outcomes
        .iter()
        .filter(|o| is_ki1(&m, &o.expected))
        .collect();
    let diff_cases: Vec<_> = r
        .outcomes
        .iter()
        .filter(|o| o.expected != "none" && !is_ki1(&m, &o.expected))
        .collect();
    let ki1_right = ki1_cases.iter().filter(|o| o.top1).count();
    let diff_right = diff_cases.iter().filter(|o| o.top1).count();
    let stolen = diff_cases
        .iter()
        .filter(|o| is_ki1(&m, &o.predicted))
        .count();
    println!(
        "differential set: top-1 {}/{}; KI 1 cases {ki1_right}/{}; differential cases {diff_right}/{}; \
         a KI 1 rule first on {stolen}/{} differential cases\n{}",
        r.top1,
        r.cases,
        ki1_cases.len(),
        diff_cases.len(),
        diff_cases.len(),
        r.human()
    );
    assert!(r.cases >= 80 && ki1_cases.len() >= 40 && diff_cases.len() >= 40);
    assert!(r.top1 * 100 >= r.cases * 88, "top-1 {}/{}", r.top1, r.cases);
    assert!(
        ki1_right * 100 >= ki1_cases.len() * 85,
        "KI 1 cases {ki1_right}/{}",
        ki1_cases.len()
    );
    // The aim: a KI 1 rule wrongly first on at most 5 % of them.
    assert!(
        stolen * 100 <= diff_cases.len() * 5,
        "a KI 1 rule first on {stolen}/{} differential cases",
        diff_cases.len()
    );
}

#[test]
fn out_of_scope_descriptions_do_not_get_a_ki1_pattern() {
    let (m, r) = run("tests/blind/out-of-scope.jsonl");
    let ki1_first: Vec<&str> = r
        .outcomes
        .iter()
        .filter(|o| is_ki1(&m, &o.predicted))
        .map(|o| o.id.as_str())
        .collect();
    println!(
        "out of scope: a KI 1 rule first on {}/{}: {ki1_first:?}",
        ki1_first.len(),
        r.cases
    );
    assert!(r.cases >= 12);
    assert!(ki1_first.len() <= 1, "{ki1_first:?}\n{}", r.human());
}

/// Issue 11's blind set (`tests/blind/real-writing.jsonl`, 100 descriptions
/// in eight classes: Chinese typed with a wrong character, pinyin, clinical
/// shorthand, Cantonese, joined and styled words, real words near symptom
/// words, long stories, emergencies), written by a helper session that saw
/// neither the rules nor the code. First run, before any issue-11 work:
/// 64/100 top-1 (68 once the differential rules had landed). The floor sits
/// a little under the figure now; every case marked `emergency` must be
/// flagged, and no case marked not an emergency may be.
#[test]
fn real_writing_set_stays_accurate_and_safe() {
    let (m, r) = run("tests/blind/real-writing.jsonl");
    let text = std::fs::read_to_string("tests/blind/real-writing.jsonl").unwrap();
    let mut by_class: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut missed = Vec::new();
    let mut false_alarms = Vec::new();
    for (line, o) in text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .zip(&r.outcomes)
    {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let class = case["class"].as_str().unwrap_or("?").to_string();
        let e = by_class.entry(class).or_default();
        e.1 += 1;
        e.0 += usize::from(o.top1);
        if let Some(emergency) = case["emergency"].as_bool() {
            let a = m.analyze(case["text"].as_str().unwrap()).unwrap();
            match (emergency, a.triage.is_emergency()) {
                (true, false) => missed.push(o.id.clone()),
                (false, true) => false_alarms.push(o.id.clone()),
                _ => {}
            }
        }
    }
    println!(
        "real writing: top-1 {}/{} by class {by_class:?}; emergencies missed {missed:?}, false alarms {false_alarms:?}\n{}",
        r.top1,
        r.cases,
        r.human()
    );
    assert!(r.cases >= 60);
    assert!(r.top1 * 100 >= r.cases * 90, "top-1 {}/{}", r.top1, r.cases);
    assert!(missed.is_empty(), "emergencies missed: {missed:?}");
    assert!(false_alarms.is_empty(), "false alarms: {false_alarms:?}");
}
