//! Blind sets for issue 9, written by a helper session that saw neither the
//! rules nor the code (tests/blind/): emergencies and near misses
//! (`triage.jsonl`) and assertion cases (`assertion.jsonl`). Each test
//! prints its figures (`cargo test --test integration blind_assertion:: --
//! --nocapture`) and keeps them above a floor. First run (before any fix
//! they drove): red-flag recall 27/50, false alarms 5/52, assertions
//! 86/105. General fixes since: 49/50, 1/52, 100/105; the floors sit a
//! little under those, so a change that loses ground fails.

use serde::Deserialize;
use std::collections::BTreeMap;
use yongquan::Matcher;

#[derive(Deserialize)]
struct TriageCase {
    id: String,
    text: String,
    class: String,
    emergency: bool,
}

#[derive(Deserialize)]
struct AssertionCase {
    id: String,
    text: String,
    target: String,
    certainty: String,
    temporality: String,
    experiencer: String,
    class: String,
}

fn read<T: for<'de> Deserialize<'de>>(path: &str) -> Vec<T> {
    let text = std::fs::read_to_string(path).expect("read blind set");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("blind case"))
        .collect()
}

fn name<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// (recall on emergencies, false alarms on near misses, misses, alarms)
/// of the blind triage set at `path`.
fn triage_figures(m: &Matcher, path: &str) -> (usize, usize, usize, usize, Vec<String>) {
    let cases: Vec<TriageCase> = read(path);
    let (mut hit, mut emergencies, mut alarms, mut near) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for c in &cases {
        let a = m.analyze(&c.text).expect("analyse");
        let flagged = a.triage.is_emergency();
        if c.emergency {
            emergencies += 1;
            hit += usize::from(flagged);
        } else {
            near += 1;
            alarms += usize::from(flagged);
        }
        if flagged != c.emergency {
            wrong.push(format!(
                "{} [{}] {}: {}",
                c.id,
                c.class,
                if c.emergency { "missed" } else { "false alarm" },
                c.text
            ));
        }
    }
    (hit, emergencies, alarms, near, wrong)
}

#[test]
fn blind_emergencies_are_flagged_and_near_misses_are_not() {
    let m = Matcher::builtin().expect("built-in rules");
    let (hit, emergencies, alarms, near, wrong) = triage_figures(&m, "tests/blind/triage.jsonl");
    println!(
        "red-flag recall {hit}/{emergencies} ({:.1} %), false alarms {alarms}/{near}",
        100.0 * hit as f64 / emergencies as f64
    );
    for w in &wrong {
        println!("  {w}");
    }
    assert!(
        hit * 100 >= emergencies * 94,
        "red-flag recall fell to {hit}/{emergencies}"
    );
    assert!(
        alarms * 100 <= near * 10,
        "false alarms rose to {alarms}/{near}"
    );
}

/// Prints the figures and misses of the blind triage set at `path` and
/// holds them at a floor: at least `min_flagged` emergencies flagged, at
/// most `max_alarms` false alarms.
fn triage_floor(path: &str, what: &str, min_flagged: usize, max_alarms: usize) {
    let m = Matcher::builtin().expect("built-in rules");
    let (hit, emergencies, alarms, near, wrong) = triage_figures(&m, path);
    println!("{what} flagged {hit}/{emergencies}, false alarms {alarms}/{near}");
    for w in &wrong {
        println!("  {w}");
    }
    assert!(hit >= min_flagged, "flagged fell to {hit}/{emergencies}");
    assert!(alarms <= max_alarms, "false alarms rose to {alarms}/{near}");
}

/// `tests/blind/severity.jsonl` (session 6, by a helper that saw neither
/// rules nor code): a current headache whose worst-ever severity is said
/// in a phrase or sentence of its own ("a headache, the worst of her
/// life"), and near misses with the same words (denied, past,
/// hypothetical, the worst of something else). First run: 5/30 flagged,
/// 2/30 false alarms. After joining such a phrase to the symptom's clause
/// (`parse::Parsed::term_scopes`), the superlative idioms as lay terms,
/// "watch for" as a hypothetical cue and dates ("in 2019", 2019年) as past
/// cues: 24/30, 0/30.
#[test]
fn blind_worst_ever_headaches_are_flagged() {
    triage_floor("tests/blind/severity.jsonl", "worst-ever headaches", 24, 1);
}

/// `tests/blind/spread.jsonl` (session 6, by another helper that saw
/// neither rules nor code, written after the fixes above to check them):
/// emergencies whose decisive words are spread over phrases and sentences
/// (severity apart, a past episode then "now", an onset date, a birth
/// year) and near misses in the same words. First run: 28/40 flagged, 3/40
/// false alarms (the session's starting binary: 27/40, 5/40). The misses
/// are words the lexicon lacks (抽咗6分鐘, 半邊面跌咗落嚟; "my throat is
/// closing" had no red flag at all: anaphylaxis added since, 29/40) and a
/// severity two clauses from its headache.
#[test]
fn blind_spread_statements_are_read() {
    triage_floor("tests/blind/spread.jsonl", "spread statements", 28, 3);
}

#[test]
fn blind_assertions_are_read() {
    let m = Matcher::builtin().expect("built-in rules");
    let cases: Vec<AssertionCase> = read("tests/blind/assertion.jsonl");
    let mut by_class: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let (mut right, mut found) = (0, 0);
    for c in &cases {
        let a = m.analyze(&c.text).expect("analyse");
        let at = c.text.find(&c.target).expect("target in text");
        let target = at..at + c.target.len();
        let f = a
            .findings
            .iter()
            .find(|f| f.span.start < target.end && target.start < f.span.end);
        let entry = by_class.entry(c.class.clone()).or_default();
        entry.0 += 1;
        let Some(f) = f else {
            println!(
                "  {} [{}] not recognised: {:?} in {}",
                c.id, c.class, c.target, c.text
            );
            continue;
        };
        found += 1;
        entry.1 += 1;
        let got = (
            name(f.assertion.certainty),
            name(f.assertion.temporality),
            name(f.assertion.experiencer),
        );
        let want = (
            c.certainty.clone(),
            c.temporality.clone(),
            c.experiencer.clone(),
        );
        if got == want {
            right += 1;
            entry.2 += 1;
        } else {
            println!(
                "  {} [{}] got {:?} want {:?}: {}",
                c.id, c.class, got, want, c.text
            );
        }
    }
    println!(
        "assertion accuracy {right}/{found} recognised ({:.1} %); recognised {found}/{}",
        100.0 * right as f64 / found.max(1) as f64,
        cases.len()
    );
    for (class, (n, f, r)) in &by_class {
        println!("  {class:24} {r}/{f} right, {f}/{n} recognised");
    }
    assert!(
        right * 100 >= found * 85,
        "assertion accuracy fell to {right}/{found}"
    );
}
