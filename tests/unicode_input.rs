//! Issue 11, "Unicode robustness before matching": input pasted from a
//! terminal, typed with look-alike letters or with combining accents finds
//! the same symptoms as plain text, with spans that point at what the user
//! sees.

use assert_cmd::Command;
use serde_json::Value;

/// `match --format json` on `text`: the parsed JSON.
fn json(text: &str) -> Value {
    let out = Command::cargo_bin("yongquan")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["match", "--format", "json", text])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// The finding of `symptom` in `v`.
fn finding<'a>(v: &'a Value, symptom: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["symptom"] == symptom)
        .unwrap_or_else(|| panic!("no {symptom} in {v}"))
}

#[test]
fn ansi_colours_around_a_word_leave_its_span_on_the_word() {
    let text = "\u{1b}[31minsomnia\u{1b}[0m and night sweats";
    let v = json(text);
    let f = finding(&v, "insomnia");
    assert_eq!(f["text"], "insomnia");
    let (start, end) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "insomnia");
    finding(&v, "night-sweats");
}

#[test]
fn a_cyrillic_look_alike_letter_still_finds_seizure() {
    let text = "\u{455}eizure";
    let v = json(text);
    let f = finding(&v, "convulsions");
    assert_eq!(f["text"], text);
    assert_eq!(f["similarity"], 1.0);
}

#[test]
fn a_combining_accent_matches_like_the_precomposed_letter() {
    let decomposed = json("fe\u{301}ver");
    let precomposed = json("féver");
    let a = finding(&decomposed, "fever");
    let b = finding(&precomposed, "fever");
    assert_eq!(a["similarity"], b["similarity"]);
    assert_eq!(a["term"], b["term"]);
    assert_eq!(a["text"], "fe\u{301}ver");
    assert_eq!(b["text"], "féver");
}
