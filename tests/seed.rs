//! The seed article's own indication paragraphs, fed in as they stand, rank
//! the rule the seed attaches them to (real input, written by a practitioner,
//! not for this tool). Quoted from shared/seed/000_f173f476d0c4e08c.txt.

use yongquan::Matcher;

fn top(m: &Matcher, text: &str) -> (String, Vec<String>) {
    let a = m.analyze(text).unwrap();
    let best = a.ranked().next().expect("something ranks");
    let flags = a
        .red_flags
        .iter()
        .filter_map(|r| r.symptom.map(|s| m.rules().symptom(s).id.clone()))
        .collect();
    (m.rules().rule(best.rule).id.clone(), flags)
}

#[test]
fn english_indication_paragraphs() {
    let m = Matcher::builtin().unwrap();
    for (text, rule) in [
        ("It can descend excess from above, mainly for Liver-Yang or Liver-Fire Rising: headaches, tinnitus, hypertension, epilepsy, etc.", "liver-yang-rising"),
        ("It can cool Deficiency-Heat due to Kidney-Deficiency: chronic sore throat, dry mouth, low back pain, etc.", "kidney-deficiency-heat"),
        ("It can nourish Kidney & Heart Yin: insomnia, palpitations, anxiety, poor memory, mania, rage w/desire to kill, hot flashes, night sweats, Menopausal syndrome, etc.", "heart-kidney-yin-deficiency"),
        ("It can help loss of consciousness, Yang-collapse.", "yang-collapse"),
    ] {
        assert_eq!(top(&m, text).0, rule, "{text}");
    }
}

#[test]
fn chinese_indication_paragraphs() {
    let m = Matcher::builtin().unwrap();
    for (text, rule) in [
        ("頭痛、頭暈。對於平素有頭痛、頭暈，伴見腰背酸痛、手足冰冷、畏寒怕風、神疲乏力、進食冷食則腹瀉的患者有效。", "kidney-yang-deficiency"),
        ("咽喉腫痛。湧泉穴有利咽瀉火的功效，對感冒初期或急性扁桃體炎初期，有咳嗽、咳痰、咽痛的患者，針刺或按壓湧泉穴可以緩解咽喉腫痛。", "acute-sore-throat"),
        ("緩解婦女更年期綜合徵，女性在進入更年期後，由於體內雌激素水平的下降，患者出現足心熱、脾氣急躁、夜間盜汗、自覺有氣從下向上沖擊胸部（中醫稱為奔豚氣），這都是腎氣虧虛的表現，因此對於這類人群除了藥物治療外，湧泉穴的養生同樣重要。", "heart-kidney-yin-deficiency"),
        ("高血壓：吳茱萸粉18~30克，用醋調糊狀，敷於雙足心，一般保留12~24小時一次。", "liver-yang-rising"),
        ("小兒泄瀉：大蒜12克，搗爛，調拌雞蛋清。外敷貼湧泉穴，或用胡椒12克，艾葉、透骨草各30克，共搗爛，調拌雞蛋清，外敷貼足心，固定好。", "infantile-diarrhoea"),
    ] {
        assert_eq!(top(&m, text).0, rule, "{text}");
    }
}

#[test]
fn the_febrile_convulsion_sentence_ranks_liver_yang_and_raises_a_red_flag() {
    let m = Matcher::builtin().unwrap();
    let (rule, flags) = top(&m, "同樣對於小兒高熱驚厥（俗稱抽風），有較好的療效，常常是急救常用穴位之一，可以選擇針刺，也可以用普通的艾灸。");
    assert_eq!(rule, "liver-yang-rising");
    assert!(
        flags.contains(&"febrile-convulsion".to_string()),
        "{flags:?}"
    );
}

#[test]
fn the_mental_disorder_sentence_flags_every_emergency_it_names() {
    let m = Matcher::builtin().unwrap();
    let (_, flags) = top(
        &m,
        "治療神誌疾病，如癲癇、暈厥、狂躁、神誌不清、精神分裂症等等",
    );
    for id in ["fainting", "loss-of-consciousness"] {
        assert!(flags.contains(&id.to_string()), "{id} not in {flags:?}");
    }
}
