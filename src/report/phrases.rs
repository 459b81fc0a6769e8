//! The fixed phrases of the human report, in every language it speaks, in
//! one table: [`Lang::phrases`] picks one. Texts that come from the rule
//! base (names, messages, care) are not here: each carries its own Chinese
//! field (`zh`, `red_flag_zh`, `emergency_zh`, `title_zh`, `cautions_zh`).
//!
//! The Chinese is written in traditional characters, as the rule base and
//! its seed article are (湧泉, 腎陰虛).

use crate::finding::Doubt;
use crate::rules::schema::Role;

/// The language of the human report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lang {
    /// English (the default).
    #[default]
    English,
    /// Chinese, traditional characters.
    Chinese,
}

impl Lang {
    /// The language of a description: [`Lang::Chinese`] when more than half
    /// of its letters (alphabetic characters: Latin, Han, …; not digits,
    /// spaces or punctuation) are Han characters, else [`Lang::English`]
    /// (also for a text with no letters). "腎陰虛 with night sweats" is
    /// English (3 Han letters of 18); "手腳心熱, BP 150/95" is Chinese.
    pub fn of(text: &str) -> Lang {
        let (mut han, mut letters) = (0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            if is_han(c) {
                han += 1;
            }
        }
        if han * 2 > letters {
            Lang::Chinese
        } else {
            Lang::English
        }
    }

    /// The report's fixed phrases in this language.
    pub(crate) fn phrases(self) -> &'static Phrases {
        match self {
            Lang::English => &EN,
            Lang::Chinese => &ZH,
        }
    }
}

/// A Han (CJK ideograph) character: the unified ideographs and their
/// extensions A–F, and the compatibility ideographs.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{20000}'..='\u{2EBEF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{2F800}'..='\u{2FA1F}')
}

/// The fixed phrases of the human report. A phrase with a value in it is a
/// function of that value, so each language orders its words as it needs.
pub(crate) struct Phrases {
    /// The notice printed once with every report.
    pub notice: &'static str,
    /// Headline: call an ambulance on this number now.
    pub ambulance: fn(&str) -> String,
    /// What stands for the number when no region is given.
    pub local_number: &'static str,
    /// Headline: go to emergency care now.
    pub emergency: &'static str,
    /// Headline: see a doctor within 24 hours.
    pub within_24h: &'static str,
    pub red_flag: &'static str,
    pub possible_red_flag: &'static str,
    /// The common emergency numbers, and the option that sets the region.
    pub numbers: fn(&str) -> String,
    pub input: &'static str,
    pub about: &'static str,
    pub mixed: &'static str,
    pub set_aside: &'static str,
    pub uncertain: &'static str,
    pub historical: &'static str,
    pub hypothetical: &'static str,
    pub someone_else: &'static str,
    pub denied: &'static str,
    pub against: &'static str,
    /// A finding another accounts for ("explained by \"hangover\"").
    pub explained_by: fn(&str) -> String,
    /// Why a finding is not read as a symptom.
    pub doubt: fn(Doubt) -> &'static str,
    /// A symptom's role in a rule.
    pub role: fn(Role) -> &'static str,
    /// The list separator ("a, b").
    pub comma: &'static str,
    /// Between a label and what it labels ("denied: \"no\"").
    pub colon: &'static str,
    /// Between reasons.
    pub semicolon: &'static str,
    /// Between a label ending in a colon and what follows it.
    pub gap: &'static str,
    /// Quotation marks.
    pub quotes: (&'static str, &'static str),
    /// Parentheses after a name, with the space before them.
    pub paren: (&'static str, &'static str),
    /// Nothing ranks: the minimum score, then why.
    pub none_ranks: fn(f64, bool) -> String,
    /// Weak matches: the minimum-score option, then the list.
    pub weak: fn(&str, &str) -> String,
    /// "score 0.62".
    pub score: &'static str,
    pub thin: &'static str,
    pub not_ki1: &'static str,
    pub missing: &'static str,
    pub unrecognized: &'static str,
    pub care_for: &'static str,
    pub emergency_first: &'static str,
    /// A differential ranks first: (its name, the best KI 1 pattern's name
    /// and score, if one ranks).
    pub verdict: fn(&str, Option<(&str, f64)>) -> String,
    /// A pattern's name, from its English and Chinese names.
    pub pattern: fn(&str, &str) -> String,
}

/// English.
static EN: Phrases = Phrases {
    notice: super::NOTICE,
    ambulance: |n| format!("EMERGENCY: call an ambulance ({n}) now."),
    local_number: "your local emergency number",
    emergency: "EMERGENCY: get emergency care now.",
    within_24h: "URGENT: see a doctor within 24 hours.",
    red_flag: "RED FLAG",
    possible_red_flag: "POSSIBLE RED FLAG",
    numbers: |option| {
        format!(
            "Emergency numbers: {} ({option} sets yours).",
            crate::region::COMMON
        )
    },
    input: "Input:",
    about: "About:",
    mixed: "This description mixes two people's symptoms: only the patient's count.",
    set_aside: "Set aside (not evidence):",
    uncertain: "uncertain",
    historical: "historical",
    hypothetical: "hypothetical",
    someone_else: "someone else's",
    denied: "denied",
    against: "against",
    explained_by: |what| format!("explained by \"{what}\""),
    doubt: Doubt::describe,
    role: super::json::role_name,
    comma: ", ",
    colon: ": ",
    semicolon: "; ",
    gap: " ",
    quotes: ("\"", "\""),
    paren: (" (", ")"),
    none_ranks: |min, weak| {
        format!(
            "No pattern reaches the minimum score {min:.2}: {}",
            if weak {
                "too little evidence to rank one."
            } else {
                "nothing matched, and KI 1 is not indicated by this description."
            }
        )
    },
    weak: |option, list| {
        format!("Weak matches, thin evidence (lower {option} to see them): {list}")
    },
    score: "score",
    thin: "  — thin evidence",
    not_ki1: "  [not a KI 1 pattern]",
    missing: "missing key:",
    unrecognized: "Unrecognized:",
    care_for: "KI 1 care for",
    emergency_first: "Emergency first; KI 1 care only while help is on the way, for",
    verdict: |top, best| {
        match best {
        Some((name, score)) => format!(
            "This fits {top} better; KI 1 is not a main point for it. Best KI 1 pattern: {name}, score {score:.2}."
        ),
        None => format!(
            "This fits {top}; KI 1 is not a main point for it, and no KI 1 pattern matches."
        ),
    }
    },
    pattern: |en, zh| format!("{en} ({zh})"),
};

/// Chinese, traditional characters.
static ZH: Phrases = Phrases {
    notice: "以上是關於湧泉穴（KI 1）的教育資訊，並非診斷。請諮詢合資格的醫師；\
             如有任何危險徵象，請撥打急救電話。",
    ambulance: |n| format!("緊急：立即撥打{n}召喚救護車。"),
    local_number: "當地急救電話",
    emergency: "緊急：立即求助急診。",
    within_24h: "急需就醫：請在24小時內看醫生。",
    red_flag: "危險徵象",
    possible_red_flag: "可能的危險徵象",
    numbers: |option| {
        format!(
            "急救電話：{}（以 {option} 設定你所在的地區）。",
            crate::region::COMMON_ZH
        )
    },
    input: "描述：",
    about: "關於：",
    mixed: "這段描述混合了兩個人的症狀：只計算患者本人的症狀。",
    set_aside: "不作為證據：",
    uncertain: "不確定",
    historical: "過去的",
    hypothetical: "假設的",
    someone_else: "別人的",
    denied: "否認",
    against: "不符",
    explained_by: |what| format!("由「{what}」解釋"),
    doubt: |d| match d {
        Doubt::RealWord => "拼寫正確的詞，不是錯字",
        Doubt::LowerCaseAbbreviation => "小寫的詞，不是縮寫",
        Doubt::ExplainedAbbreviation => "括號把這個縮寫解釋為別的意思",
        Doubt::LoneCharacter => "單獨一個字，自成一詞",
        Doubt::Figurative => "比喻：說的是物件，或是比方",
        Doubt::WrongCharacter => "與詞條有一字不同：不視為緊急情況",
    },
    role: |r| match r {
        Role::Key => "主症",
        Role::Supporting => "兼症",
        Role::Minor => "次要",
        Role::Weight(_) => "加權",
    },
    // Not 、: a symptom's Chinese name may list words with it (腰痛、腰背酸痛).
    comma: "；",
    colon: "：",
    semicolon: "；",
    gap: "",
    quotes: ("「", "」"),
    paren: ("（", "）"),
    none_ranks: |min, weak| {
        format!(
            "沒有證型達到最低分數 {min:.2}：{}",
            if weak {
                "證據太少，無法排序。"
            } else {
                "沒有任何匹配，這段描述並非湧泉穴的適應證。"
            }
        )
    },
    weak: |option, list| format!("弱匹配，證據不足（降低{option}即可顯示）：{list}"),
    score: "分數",
    thin: "  — 證據不足",
    not_ki1: "  [非湧泉穴證型]",
    missing: "缺少主症：",
    unrecognized: "未能識別：",
    care_for: "湧泉穴調養：",
    emergency_first: "先求急救；湧泉穴護理只可在等候救援時進行：",
    verdict: |top, best| match best {
        Some((name, score)) => format!(
            "這更符合{top}；湧泉穴不是它的主穴。最符合的湧泉穴證型：{name}，分數 {score:.2}。"
        ),
        None => format!("這符合{top}；湧泉穴不是它的主穴，也沒有湧泉穴證型匹配。"),
    },
    pattern: |_, zh| zh.to_string(),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_of_a_description() {
        let cases = [
            ("手腳心熱，晚上盜汗", Lang::Chinese),
            ("手脚心热，盗汗", Lang::Chinese),
            ("手腳心熱, BP 150/95", Lang::Chinese),
            ("hot soles and night sweats", Lang::English),
            ("腎陰虛 with night sweats", Lang::English),
            ("", Lang::English),
            ("150/95 !!", Lang::English),
        ];
        for (text, want) in cases {
            assert_eq!(Lang::of(text), want, "{text:?}");
        }
    }

    #[test]
    fn english_phrases_are_the_report_s() {
        assert_eq!(Lang::English.phrases().notice, super::super::NOTICE);
        assert_eq!(
            (Lang::English.phrases().ambulance)("999"),
            "EMERGENCY: call an ambulance (999) now."
        );
    }

    #[test]
    fn chinese_headlines_keep_the_instruction() {
        let zh = Lang::Chinese.phrases();
        assert!((zh.ambulance)("120").contains("立即撥打120"));
        assert!(zh.emergency.contains("立即"));
        assert!(zh.within_24h.contains("24小時內"));
        assert!(zh.notice.contains("急救電話"));
    }
}
