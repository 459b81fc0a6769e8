//! The human report in Chinese (issue 13): every text of the built-in rules
//! that a report shows has its Chinese, the emergency ones say the same
//! thing as the English, and a Chinese description gets a Chinese report
//! through the library ([`report::human_in`] with [`Lang::of`]). The report
//! in English is pinned by `cli::` and stays as it was.

use yongquan::presentations::COMBINATIONS;
use yongquan::region::Region;
use yongquan::report::{self, Lang, View};
use yongquan::Matcher;

fn matcher() -> &'static Matcher {
    static M: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    M.get_or_init(|| Matcher::builtin().expect("built-in rules"))
}

/// The report as a reader sees it, without ANSI styles.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn report(text: &str, view: View) -> String {
    let m = matcher();
    let a = m.analyze(text).expect("analysed");
    plain(&report::human_in(m, &a, view, Lang::of(text)))
}

/// An emergency or red-flag message and its Chinese say the same thing:
/// the same number (as often), the same "or your local number" aside, an
/// ambulance where the English calls one, A&E where it sends there, and a
/// doctor today where it asks for one.
fn same_instruction(what: &str, en: &str, zh: &str) {
    assert_eq!(Lang::of(zh), Lang::Chinese, "{what}: {zh}");
    assert_eq!(
        en.matches("999").count(),
        zh.matches("999").count(),
        "{what}: the number 999 as often as in the English"
    );
    assert_eq!(
        en.matches("999 (or your local emergency number)").count(),
        zh.matches("999（或當地急救電話）").count(),
        "{what}: the local-number aside as in the English"
    );
    let pairs = [
        ("ambulance", "救護車"),
        ("emergency department", "急症室"),
        ("A&E", "急症室"),
        ("emergency", "緊急"),
        ("today", "當天"),
        ("now", "立即"),
        ("stroke", "中風"),
        ("heart attack", "心臟病發"),
        ("shock", "休克"),
    ];
    for (e, z) in pairs {
        if en.to_lowercase().contains(&e.to_lowercase()) {
            // "emergency care" may be 急診, "an emergency department" 急症室.
            let ok = zh.contains(z)
                || (e == "emergency" && ["急診", "急救", "急症室"].iter().any(|w| zh.contains(w)));
            assert!(
                ok,
                "{what}: the English says {e:?}, the Chinese no {z:?}: {zh}"
            );
        }
    }
}

#[test]
fn every_red_flag_emergency_and_care_text_of_the_builtin_rules_has_its_chinese() {
    let rules = matcher().rules();
    let mut missing = Vec::new();
    for s in rules.symptoms() {
        match (&s.red_flag, &s.red_flag_zh) {
            (Some(en), Some(zh)) => same_instruction(&s.id, en, zh),
            (Some(_), None) => missing.push(format!("symptom {}: red_flag_zh", s.id)),
            _ => {}
        }
    }
    for r in rules.rules() {
        match (&r.emergency, &r.emergency_zh) {
            (Some(en), Some(zh)) => same_instruction(&r.id, en, zh),
            (Some(_), None) => missing.push(format!("rule {}: emergency_zh", r.id)),
            _ => {}
        }
    }
    for (key, c) in rules.care() {
        if c.title_zh.is_none() {
            missing.push(format!("care {key}: title_zh"));
        }
        match &c.zh {
            Some(zh) => assert_eq!(
                c.text.matches("999").count(),
                zh.matches("999").count(),
                "care {key}: the number 999 as often as in the English"
            ),
            None => missing.push(format!("care {key}: zh")),
        }
        if c.cautions_zh.len() != c.cautions.len() {
            missing.push(format!("care {key}: cautions_zh"));
        }
        for (en, zh) in c.cautions.iter().zip(&c.cautions_zh) {
            assert_eq!(Lang::of(zh), Lang::Chinese, "care {key}: {zh}");
            if en.contains("emergency") {
                assert!(zh.contains("急"), "care {key}: {zh}");
            }
        }
    }
    for c in COMBINATIONS {
        assert_eq!(Lang::of(c.name_zh), Lang::Chinese, "{}", c.id);
        same_instruction(c.id, c.text, c.text_zh);
    }
    assert!(missing.is_empty(), "no Chinese text: {missing:#?}");
}

#[test]
fn a_chinese_description_is_read_as_chinese() {
    assert_eq!(Lang::of("手腳心熱，晚上盜汗，口乾"), Lang::Chinese);
    assert_eq!(
        Lang::of("hot soles, night sweats, dry mouth"),
        Lang::English
    );
}

#[test]
fn a_chinese_description_gets_names_not_ids() {
    let out = report("手腳心熱，晚上盜汗，口乾咽燥，腰膝痠軟", View::default());
    assert!(out.starts_with("描述："), "{out}");
    assert!(out.contains("分數"), "{out}");
    assert!(out.contains("五心煩熱"), "{out}");
    assert!(!out.contains("five-palm-heat"), "{out}");
    assert!(out.contains("湧泉穴調養"), "{out}");
    assert!(
        out.contains("以上是關於湧泉穴（KI 1）的教育資訊，並非診斷"),
        "{out}"
    );
    // Every care item's title, text and cautions in Chinese: no English
    // sentence is left in the care section.
    let care = out.split("湧泉穴調養").nth(1).unwrap();
    for english in ["Massage", "Where KI 1", "Keep it slightly warm", "Ignite"] {
        assert!(!care.contains(english), "{care}");
    }
}

#[test]
fn an_emergency_in_chinese_says_call_the_number_now() {
    let text = "爸爸突然暈倒，叫唔醒，冒冷汗";
    let out = report(text, View::default());
    assert!(
        out.starts_with("緊急：立即撥打當地急救電話召喚救護車。"),
        "{out}"
    );
    assert!(out.contains("危險徵象"), "{out}");
    assert!(out.contains("急救電話：英國／香港 999"), "{out}");
    assert!(
        !out.contains("（或當地急救電話）"),
        "the aside is localised: {out}"
    );
    let cn = report(
        text,
        View {
            region: Some(Region::Cn),
            ..View::default()
        },
    );
    assert!(cn.starts_with("緊急：立即撥打120召喚救護車。"), "{cn}");
    assert!(cn.contains("撥打120"), "{cn}");
    assert!(!cn.contains("999"), "{cn}");
    assert!(!cn.contains("急救電話：英國"), "{cn}");
}

#[test]
fn a_combination_red_flag_is_named_in_chinese() {
    let out = report("頭部受傷後一直嘔吐", View::default());
    assert!(out.contains("頭部受傷並見危險徵象"), "{out}");
    assert!(out.contains("需要緊急救治：立即撥打當地急救電話"), "{out}");
}

#[test]
fn english_stays_the_default_and_unchanged() {
    let m = matcher();
    for text in ["insomnia, night sweats, no palpitations", "手腳心熱，盜汗"] {
        let a = m.analyze(text).unwrap();
        let view = View::default();
        assert_eq!(
            report::human(m, &a, view),
            report::human_in(m, &a, view, Lang::English)
        );
        assert_eq!(
            report::explain(m, &a, view, None),
            report::explain_in(m, &a, view, None, Lang::English)
        );
    }
}

#[test]
fn explain_in_chinese_translates_its_prose() {
    let m = matcher();
    let text = "他暈倒了，叫唔醒";
    let a = m.analyze(text).unwrap();
    let out = plain(&report::explain_in(
        m,
        &a,
        View::default(),
        None,
        Lang::of(text),
    ));
    assert!(out.starts_with("緊急："), "{out}");
    assert!(out.contains("描述："), "{out}");
    assert!(out.contains("並非診斷"), "{out}");
}

/// The Chinese report the README shows (`match --lang zh` once the CLI has
/// the flag), pinned: `SNAPSHOTS=overwrite` rewrites it.
#[test]
fn the_readme_example_in_chinese() {
    let out = report("最近手腳心熱，晚上盜汗，口乾，腰痠", View::default());
    snapbox::assert_data_eq!(out, snapbox::file!["data/chinese-match.txt"]);
}

/// The CLI's `--lang`: auto follows the description, `en` and `zh` force.
#[test]
fn the_cli_picks_the_language_of_the_description_unless_told() {
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("yongquan")
            .unwrap()
            .env("NO_COLOR", "1")
            .arg("match")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let zh = "晚上睡不著，心慌，盜汗";
    assert!(run(&[zh]).contains("分數"));
    assert!(run(&["--lang", "en", zh]).contains("score"));
    assert!(run(&["--lang", "zh", "insomnia, night sweats, palpitations"]).contains("分數"));
    assert!(run(&["insomnia, night sweats, palpitations"]).contains("score"));
}
