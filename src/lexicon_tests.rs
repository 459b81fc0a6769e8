use super::*;
use crate::parse::parse;
use crate::rules::{LoadOptions, RuleBase, RuleSource};

const RULES: &str = r#"#![enable(implicit_some)]
(
  sources: { "s": (title: "t", url: "u") },
  symptoms: [
    (id: "tinnitus", name: "Tinnitus", zh: "耳鳴", terms: ["tinnitus", "耳鳴"], lay: ["ringing in the ears", "ears … ringing"]),
    (id: "ear-pain", name: "Ear pain", zh: "耳痛", terms: ["ears"]),
    (id: "night-sweats", name: "Night sweats", zh: "盜汗", terms: ["night sweats", "盜汗"]),
    (id: "insomnia", name: "Insomnia", zh: "失眠", terms: ["insomnia", "失眠"], lay: ["can't sleep", "睡不著"]),
    (id: "palpitations", name: "Palpitations", zh: "心悸", terms: ["palpitations", "心悸"]),
    (id: "five-palm-heat", name: "Five-palm heat", zh: "五心煩熱", terms: ["五心煩熱"], lay: ["手…熱"]),
    (id: "sweating", name: "Sweating", zh: "出汗", terms: ["sweat"]),
    (id: "irritability", name: "Irritability", zh: "易怒", terms: ["moody"]),
    (id: "hypertension", name: "Hypertension", zh: "高血壓", terms: ["hypertension"], readings: [BloodPressureAtLeast(140, 90)]),
    (id: "fever", name: "Fever", zh: "發燒", terms: ["fever"], readings: [TemperatureAtLeast(37.5)]),
    (id: "young-child", name: "Young child", zh: "小兒", terms: ["toddler"], readings: [AgeBelow(7)]),
    (id: "crisis", name: "Crisis", zh: "危象", terms: ["crisis"], readings: [BloodPressureAtLeast(180, 120)]),
  ],
  rules: [
    (id: "r", pattern: (en: "R", zh: "R"), function: "f", sources: ["s"],
     symptoms: { "tinnitus": Key, "ear-pain": Key, "night-sweats": Key, "insomnia": Key,
                 "palpitations": Key, "five-palm-heat": Key, "sweating": Key, "irritability": Key,
                 "hypertension": Key, "fever": Key, "young-child": Key, "crisis": Key }),
  ],
)"#;

fn lexicon() -> (RuleBase, Lexicon) {
    let src = RuleSource {
        name: "t.ron".into(),
        text: RULES.into(),
    };
    let rb = RuleBase::build(&[src], LoadOptions::default()).unwrap();
    let lex = Lexicon::build(&rb).unwrap();
    (rb, lex)
}

/// (symptom id, matched normalised text, kind) for every hit; the id of a
/// normal reading that denies its symptom starts with `-`.
fn found(text: &str) -> Vec<(String, String, MatchKind)> {
    let (rb, lex) = lexicon();
    let n = Normalized::new(text);
    let p = parse(n.as_str());
    let mut out = Vec::new();
    for c in &p.clauses {
        for h in lex.find(&p.tokens, c.tokens.clone()) {
            let s = p.tokens[h.tokens.start].span.start;
            let e = p.tokens[h.tokens.end - 1].span.end;
            let id = &rb.symptom(lex.terms[h.term].symptom).id;
            out.push((
                if h.denies {
                    format!("-{id}")
                } else {
                    id.clone()
                },
                n.as_str()[s..e].to_string(),
                h.kind,
            ));
        }
    }
    out
}

fn ids(text: &str) -> Vec<String> {
    found(text).into_iter().map(|f| f.0).collect()
}

#[test]
fn exact_and_lay_terms() {
    assert_eq!(ids("insomnia, night sweats"), ["insomnia", "night-sweats"]);
    assert_eq!(found("I can't sleep")[0].2, MatchKind::Synonym);
    assert_eq!(found("insomnia")[0].2, MatchKind::Exact);
}

#[test]
fn the_longest_term_wins_over_its_parts() {
    assert_eq!(ids("ringing in my ears"), ["tinnitus"]);
    assert_eq!(ids("my ears"), ["ear-pain"]);
}

#[test]
fn gaps_allow_scattered_wording() {
    assert_eq!(ids("my ears have been ringing for weeks"), ["tinnitus"]);
    assert_eq!(ids("ears are sore and i hear bells ringing"), ["ear-pain"]);
    assert_eq!(ids("手心腳心發熱"), ["five-palm-heat"]);
}

#[test]
fn typos_match_fuzzily() {
    for typo in [
        "insomina",
        "nigth sweats",
        "tinitus",
        "palpitaions",
        "tinitis",
    ] {
        let f = found(typo);
        assert_eq!(f.len(), 1, "{typo}: {f:?}");
        assert_eq!(f[0].2, MatchKind::Fuzzy, "{typo}");
    }
}

#[test]
fn short_words_are_corrected_only_inside_a_phrase() {
    assert_eq!(ids("nigt sweats"), ["night-sweats"]);
    assert_eq!(ids("i cant slep"), ["insomnia"]);
    assert!(ids("mood ok").is_empty());
    assert_eq!(ids("moodyy"), ["irritability"]);
}

#[test]
fn real_words_are_not_corrected() {
    assert!(ids("sweet tea").is_empty());
    assert!(ids("insulin").is_empty());
}

#[test]
fn chinese_in_both_scripts() {
    assert_eq!(ids("失眠、盗汗"), ["insomnia", "night-sweats"]);
    assert_eq!(ids("晚上睡不着，耳鸣"), ["insomnia", "tinnitus"]);
    assert_eq!(ids("晚上睡不著，耳鳴"), ["insomnia", "tinnitus"]);
}

#[test]
fn terms_found_inside_sentences() {
    assert_eq!(
        ids("I wake up at night with palpitations and insomnia"),
        ["palpitations", "insomnia"]
    );
}

#[test]
fn duplicate_terms_across_symptoms_are_errors() {
    let text = RULES.replace("terms: [\"sweat\"]", "terms: [\"Night  Sweats\"]");
    let src = RuleSource {
        name: "t.ron".into(),
        text,
    };
    let rb = RuleBase::build(&[src], LoadOptions::default()).unwrap();
    let errs = Lexicon::build(&rb).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].message.contains("night-sweats"),
        "{}",
        errs[0].message
    );
}

#[test]
fn nearest_terms_for_unrecognised_words() {
    let (_, lex) = lexicon();
    let n = Normalized::new("tinntis");
    let toks = parse(n.as_str()).tokens;
    let near = lex.nearest(&toks, 3);
    assert_eq!(lex.text(&lex.terms[near[0].0]), "tinnitus");
}

#[test]
fn readings_of_blood_pressure_and_temperature() {
    assert_eq!(ids("BP 165/100 this morning"), ["hypertension"]);
    assert_eq!(ids("blood pressure was 160 over 100"), ["hypertension"]);
    assert_eq!(ids("血压160/95"), ["hypertension"]);
    // Two readings share the token.
    assert_eq!(ids("BP 190/125"), ["hypertension", "crisis"]);
    // Normal values deny: pertinent negatives, the lowest threshold only
    // (no hypertension already says no crisis).
    assert_eq!(ids("bp 120/80"), ["-hypertension"]);
    assert_eq!(ids("temp 38.9"), ["fever"]);
    assert_eq!(ids("燒到39度"), ["fever"]);
    assert_eq!(ids("temperature 101 F"), ["fever"]);
    assert_eq!(ids("it was 38.4 last night"), ["fever"]);
    assert_eq!(ids("temp 36.8"), ["-fever"]);
    // Abnormal for neither reading, or not a body temperature: nothing.
    assert!(ids("bp 85/50").is_empty());
    assert!(ids("temp 34.2").is_empty());
    assert!(ids("I am 39 years old").is_empty());
}

#[test]
fn readings_of_a_young_childs_age() {
    for text in [
        "my 3 yr old has the runs",
        "my 3 year old",
        "2 years old",
        "a 3yo",
        "3 yo boy",
        "9 months old",
        "my 9 month old",
        "6 weeks old",
        "儿子3岁",
        "宝宝8个月大",
        "son, age 3, diarrhoea",
        "aged 2",
        "my two year old",
        "a three-year-old",
        "six months old",
        "两岁的孩子",
        "宝宝三个月大",
        "五歲",
    ] {
        assert_eq!(ids(text), ["young-child"], "{text}");
    }
    for text in [
        "my 7 year old",
        "a 45 yr old man",
        "for 3 years",
        "3 months of diarrhoea",
        "拉了3个月",
        "12yo",
        "ten years old",
        "for two years",
        "三个月了",
        "one old friend",
    ] {
        assert!(ids(text).is_empty(), "{text}");
    }
}

#[test]
fn the_fuzzy_index_is_built_on_the_first_possible_typo_only() {
    let (_, lex) = lexicon();
    let hits = |text: &str| {
        let n = Normalized::new(text);
        let p = parse(n.as_str());
        lex.find(&p.tokens, 0..p.tokens.len()).len()
    };
    // Known words, and unknown words too short to be a typo on their own.
    assert_eq!(hits("tinnitus"), 1);
    assert_eq!(hits("x"), 0);
    assert_eq!(hits("abcd"), 0);
    // An unknown word next to a known one: no two-word term has the
    // initials "mt", so neither window can be a typo of one.
    assert_eq!(hits("mild tinnitus"), 1);
    assert!(lex.fuzzy.get().is_none());
    assert_eq!(hits("tinitus"), 1);
    assert!(lex.fuzzy.get().is_some());
}

/// Regression (issue 12): a 2 000-word term loaded without a word and made
/// every `match` slow (term length × description length); a term now has at
/// most [`MAX_TERM_UNITS`] words or Chinese characters, and a longer one is
/// an error at the term.
#[test]
fn a_term_longer_than_a_symptom_name_is_refused_where_it_is_written() {
    let long = vec!["ab"; MAX_TERM_UNITS + 1].join(" ");
    let han = "痛".repeat(MAX_TERM_UNITS + 1);
    let ok = vec!["ab"; MAX_TERM_UNITS].join(" ");
    let text = RULES.replace(
        r#"terms: ["moody"]"#,
        &format!(
            r#"terms: ["moody", "{ok}",
            "{long}", "{han}"]"#
        ),
    );
    let src = RuleSource {
        name: "t.ron".into(),
        text,
    };
    let rb = RuleBase::build(&[src], LoadOptions::default()).unwrap();
    let errors = Lexicon::build(&rb).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    for e in &errors {
        assert!(
            e.message.contains("more than the 24 a term may have"),
            "{e:?}"
        );
        assert_eq!(e.line, 13, "{e:?}");
    }
}
