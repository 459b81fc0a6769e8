//! Emergencies are always flagged, in English and Chinese, typos included,
//! whatever rule ranks first; near-misses (negations, other senses of the
//! words) are not.

use yongquan::Matcher;

fn flags(m: &Matcher, text: &str) -> Vec<String> {
    let a = m.analyze(text).unwrap();
    a.red_flags
        .iter()
        .map(|r| match (r.symptom, r.rule) {
            (Some(s), _) => m.rules().symptom(s).id.clone(),
            (_, Some(r)) => m.rules().rule(r).id.clone(),
            _ => String::new(),
        })
        .collect()
}

#[test]
fn emergencies_raise_a_red_flag() {
    let m = Matcher::builtin().unwrap();
    let phrasings = [
        "she fainted twice this morning",
        "he passed out in the kitchen",
        "my dad lost consciousness for a minute",
        "found him unconscious on the floor",
        "she blacked out at work",
        "episode of syncope yesterday",
        "collapsed and we couldn't wake her",
        "he was unresponsive for about a minute",
        "my son had a seizure with a high fever",
        "convulsions since this morning",
        "febrile convulsion in a 2 year old",
        "his whole body was jerking and he was foaming at the mouth",
        "cold limbs, profuse cold sweat, faint pulse",
        "crushing chest pain going down my left arm",
        "chest pain and palpitations",
        "had a siezure last night",
        "unconcious for a few seconds",
        "convulsons with fever",
        "突然暈倒了",
        "我爸昏倒在地上",
        "昏迷不醒",
        "孩子高燒抽搐",
        "小孩發燒抽風",
        "高热惊厥",
        "胸口痛得厉害",
        "冒冷汗，手腳冰冷，脈搏很弱",
        "叫不醒",
        "突然失去意識",
        "insomnia and night sweats, and last week she fainted",
        // Found by a reviewer session (crisis-level readings, UK "fitting",
        // fainting in the present tense).
        "blood pressure 220/140 with blurred vision and vomiting",
        "BP 190/120 sudden severe headache",
        "my bp is 185/125, splitting headache, throwing up",
        "血压200/120，头痛欲裂",
        "my toddler had a fit with a high temperature",
        "my daughter is fitting",
        "he's jerking and shaking all over",
        "she faints when she stands up",
    ];
    let mut missed = Vec::new();
    for text in phrasings {
        if flags(&m, text).is_empty() {
            missed.push(text);
        }
    }
    assert!(missed.is_empty(), "no red flag for: {missed:#?}");
}

#[test]
fn a_red_flag_shows_whatever_rule_ranks_first() {
    let m = Matcher::builtin().unwrap();
    let text = "insomnia, night sweats, palpitations, anxiety, hot flashes, she fainted once";
    let a = m.analyze(text).unwrap();
    assert_eq!(
        m.rules().rule(a.matches[0].rule).id,
        "heart-kidney-yin-deficiency"
    );
    assert!(
        flags(&m, text).contains(&"fainting".to_string()),
        "{:?}",
        flags(&m, text)
    );
}

#[test]
fn near_misses_raise_none() {
    let m = Matcher::builtin().unwrap();
    let near_misses = [
        "not fainting",
        "no seizures",
        "never fainted",
        "denies chest pain",
        "no loss of consciousness",
        "没有晕倒",
        "沒有抽搐",
        "faint ringing in my ears",
        "a fit of rage",
        "insomnia and night sweats",
        "headache, tinnitus, high blood pressure",
        "no convulsions, no fever",
        "I keep fit and sleep well",
        "bp 150/95, headache",
    ];
    for text in near_misses {
        assert!(flags(&m, text).is_empty(), "{text}: {:?}", flags(&m, text));
    }
}
