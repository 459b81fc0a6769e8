//! Emergency presentations, as data: the triage level of each red-flag
//! symptom and the combinations that are urgent only together. A leaf
//! module: [`crate::triage`] applies it, and the rule linter counts a
//! symptom that a combination names as used.
//!
//! Sources: NHS 111 Wales "Fainting"; NHS "Febrile seizures" (Healthier
//! Together); NHS "Stroke" (FAST) and NWAS "Stroke"; NHS "Heart attack";
//! NHS "Head injury and concussion" (Portsmouth and Chadsmoor pages); NHS
//! "Sepsis" (mottled skin); Cambridge "Meningitis" and ICHD-3 (thunderclap
//! headache); St John Ambulance "Severe bleeding"; NHS "Sudden hearing loss"
//! (urgent, same day); Alder Hey NHS "Unwell child" and HSE "Baby or child
//! seriously unwell" (a young child who is floppy, lethargic, hard to wake or
//! abnormally cold); NHS Healthier Together (fever under 3 months); Meningitis
//! Now (the glass test); NHS "Anaphylaxis" — the keys are in
//! `rules/sources.ron`.

/// How urgently the description needs care, lowest first (so levels
/// compare: `Level::Emergency > Level::Consultation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Level {
    /// Nothing that needs a professional: educational reading only.
    SelfCare,
    /// See a practitioner or doctor when convenient.
    Consultation,
    /// See a doctor within 24 hours.
    Consultation24,
    /// Go to an emergency department now.
    Emergency,
    /// Call an ambulance now.
    EmergencyAmbulance,
}

impl Level {
    /// The JSON name (`"emergency_ambulance"` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::SelfCare => "self_care",
            Level::Consultation => "consultation",
            Level::Consultation24 => "consultation_24",
            Level::Emergency => "emergency",
            Level::EmergencyAmbulance => "emergency_ambulance",
        }
    }

    /// True for the two emergency levels.
    pub fn is_emergency(self) -> bool {
        self >= Level::Emergency
    }
}

/// The level of a red-flag symptom on its own; a red flag of a symptom not
/// listed here (a user's rule) is an [`Level::Emergency`].
pub const SYMPTOM_LEVELS: &[(&str, Level)] = &[
    ("loss-of-consciousness", Level::EmergencyAmbulance),
    ("fainting", Level::Emergency),
    ("convulsions", Level::EmergencyAmbulance),
    ("febrile-convulsion", Level::EmergencyAmbulance),
    // A diagnosis, not a seizure now: its message says when to call.
    ("epilepsy", Level::Consultation),
    ("shock", Level::EmergencyAmbulance),
    ("profuse-cold-sweat", Level::Emergency),
    ("weak-breathing", Level::EmergencyAmbulance),
    ("cyanotic-lips", Level::EmergencyAmbulance),
    ("mottled-skin", Level::EmergencyAmbulance),
    ("non-blanching-rash", Level::EmergencyAmbulance),
    ("chest-pain", Level::EmergencyAmbulance),
    ("radiating-chest-pain", Level::EmergencyAmbulance),
    ("heart-attack", Level::EmergencyAmbulance),
    ("facial-droop", Level::EmergencyAmbulance),
    ("slurred-speech", Level::EmergencyAmbulance),
    ("one-sided-weakness", Level::EmergencyAmbulance),
    ("stroke", Level::EmergencyAmbulance),
    ("thunderclap-headache", Level::EmergencyAmbulance),
    ("heavy-bleeding", Level::Emergency),
    ("anaphylaxis", Level::EmergencyAmbulance),
    ("hypertensive-crisis", Level::Emergency),
    ("sudden-deafness", Level::Consultation24),
    ("dehydration-signs", Level::Consultation24),
    ("vomiting-blood", Level::Emergency),
    ("coughing-blood", Level::Emergency),
];

/// A presentation that is urgent only as a combination: one finding of
/// `first` with one of `with`.
pub struct Combination {
    /// Its id, reported as the reason's presentation.
    pub id: &'static str,
    /// Its name for people.
    pub name: &'static str,
    /// Its name in Chinese.
    pub name_zh: &'static str,
    /// How urgent.
    pub level: Level,
    /// One of these symptoms …
    pub first: &'static [&'static str],
    /// … with one of these (none: the first alone).
    pub with: &'static [&'static str],
    /// The urgent-care message.
    pub text: &'static str,
    /// The urgent-care message in Chinese: the same instruction, with
    /// "999（或當地急救電話）" where `text` has "999 (or your local
    /// emergency number)", so [`crate::region`] localises both alike.
    pub text_zh: &'static str,
}

pub const COMBINATIONS: &[Combination] = &[
    Combination {
        id: "shock",
        name: "Possible shock",
        name_zh: "可能休克",
        level: Level::EmergencyAmbulance,
        first: &["low-blood-pressure"],
        with: &[
            "cold-sweat", "profuse-cold-sweat", "mottled-skin", "confusion", "listlessness",
            "icy-limbs", "fainting", "cyanotic-lips", "weak-breathing", "faint-pulse",
        ],
        text: "Low blood pressure with cold, clammy or mottled skin, confusion or drowsiness can be shock (TCM: Yang collapse): call 999 (or your local emergency number) now.",
        text_zh: "血壓低並見皮膚濕冷或出現花斑、神志不清或昏昏欲睡，可能是休克（中醫：亡陽）：立即撥打999（或當地急救電話）。",
    },
    Combination {
        id: "chest-oppression-cardiac",
        name: "Chest oppression with signs of a heart attack",
        name_zh: "胸悶並見心臟病發徵象",
        level: Level::EmergencyAmbulance,
        first: &["chest-oppression"],
        with: &[
            "cold-sweat", "profuse-cold-sweat", "radiating-chest-pain", "weak-breathing", "fainting",
            "nausea", "vomiting",
        ],
        text: "A heavy, oppressed chest with sweating, breathlessness, sickness or pain spreading to the arm, jaw or back can be a heart attack: call 999 (or your local emergency number) now.",
        text_zh: "胸口沉重憋悶，伴出汗、氣促、噁心，或疼痛放射至手臂、下頜或背部，可能是心臟病發（心肌梗塞）：立即撥打999（或當地急救電話）。",
    },
    Combination {
        id: "infant-fever",
        name: "Fever in a baby under 3 months",
        name_zh: "未滿3個月嬰兒發燒",
        level: Level::Emergency,
        first: &["young-infant"],
        with: &["fever"],
        text: "A baby under 3 months with a temperature of 38 °C or more needs to be seen urgently: go to an emergency department or call 999 (or your local emergency number), unless the fever came within 48 hours of vaccinations and the baby is otherwise well.",
        text_zh: "未滿3個月的嬰兒體溫達38 °C或以上，需要緊急診治：前往急症室或撥打999（或當地急救電話）；除非發燒出現在接種疫苗後48小時內，而嬰兒其他方面一切正常。",
    },
    Combination {
        id: "faint-pulse-shock",
        name: "Faint pulse with signs of shock",
        name_zh: "脈微並見休克徵象",
        level: Level::EmergencyAmbulance,
        first: &["faint-pulse"],
        with: &[
            "cold-sweat", "profuse-cold-sweat", "pale-complexion", "listlessness", "confusion",
            "icy-limbs", "mottled-skin", "fainting", "loss-of-consciousness", "cyanotic-lips",
            "weak-breathing", "low-blood-pressure",
        ],
        text: "A faint, barely palpable pulse with cold sweat, pallor or drowsiness can be shock (TCM: Yang collapse): call 999 (or your local emergency number) now.",
        text_zh: "脈搏微弱、幾乎摸不到，伴冷汗、面色蒼白或昏昏欲睡，可能是休克（中醫：亡陽）：立即撥打999（或當地急救電話）。",
    },
    Combination {
        id: "head-injury",
        name: "Head injury with warning signs",
        name_zh: "頭部受傷並見危險徵象",
        level: Level::EmergencyAmbulance,
        first: &["head-injury"],
        with: &[
            "vomiting", "listlessness", "confusion", "loss-of-consciousness", "fainting",
            "convulsions", "slurred-speech", "heavy-bleeding", "thunderclap-headache",
        ],
        text: "A head injury with vomiting, drowsiness, confusion, a fit or loss of consciousness needs emergency care: call 999 (or your local emergency number) now.",
        text_zh: "頭部受傷後出現嘔吐、昏昏欲睡、神志不清、抽搐或失去知覺，需要緊急救治：立即撥打999（或當地急救電話）。",
    },
    Combination {
        id: "bleeding-with-shock",
        name: "Heavy bleeding with signs of shock",
        name_zh: "大量出血並見休克徵象",
        level: Level::EmergencyAmbulance,
        first: &["heavy-bleeding"],
        with: &[
            "pale-complexion", "confusion", "fainting", "listlessness", "cold-sweat",
            "loss-of-consciousness", "low-blood-pressure",
        ],
        text: "Heavy bleeding with pallor, confusion, drowsiness or fainting can be shock: call 999 (or your local emergency number) now and press on the wound.",
        text_zh: "大量出血並見面色蒼白、神志不清、昏昏欲睡或暈厥，可能是休克：立即撥打999（或當地急救電話），並按壓傷口。",
    },
    Combination {
        id: "meningitis-signs",
        name: "Stiff neck with fever or vomiting",
        name_zh: "頸項強直伴發燒或嘔吐",
        level: Level::EmergencyAmbulance,
        first: &["stiff-neck"],
        with: &["fever", "vomiting", "confusion", "thunderclap-headache", "listlessness"],
        text: "A stiff neck with fever, vomiting, confusion or a sudden severe headache can be meningitis or a bleed on the brain: call 999 (or your local emergency number) now.",
        text_zh: "頸項強直伴發燒、嘔吐、神志不清或突然劇烈頭痛，可能是腦膜炎或腦出血：立即撥打999（或當地急救電話）。",
    },
    Combination {
        id: "dehydration-with-drowsiness",
        name: "Dehydration with drowsiness",
        name_zh: "脫水並見昏昏欲睡",
        level: Level::EmergencyAmbulance,
        first: &["dehydration-signs"],
        with: &[
            "listlessness", "sleepiness", "mottled-skin", "confusion", "loss-of-consciousness",
            "icy-limbs",
        ],
        text: "Dehydration with drowsiness, confusion, mottled or cold skin: go to an emergency department or call 999 (or your local emergency number) now.",
        text_zh: "脫水並見昏昏欲睡、神志不清、皮膚出現花斑或冰冷：立即前往急症室或撥打999（或當地急救電話）。",
    },
    Combination {
        id: "seriously-unwell-child",
        name: "Young child floppy, drowsy or cold",
        name_zh: "幼兒軟弱無力、昏昏欲睡或身體冰冷",
        level: Level::Emergency,
        first: &["young-child"],
        with: &["listlessness", "confusion", "icy-limbs", "cold-sweat", "profuse-cold-sweat"],
        text: "A young child who is floppy, lethargic or hard to wake, confused, or unusually cold and clammy needs emergency care: go to an emergency department or call 999 (or your local emergency number) now.",
        text_zh: "幼兒軟弱無力、精神萎靡或難以叫醒、神志不清，或異常冰冷濕黏，需要緊急救治：立即前往急症室或撥打999（或當地急救電話）。",
    },
    Combination {
        id: "head-injury-check",
        name: "Head injury",
        name_zh: "頭部受傷",
        level: Level::Consultation24,
        first: &["head-injury"],
        with: &[],
        text: "After a head injury get medical advice today; go to an emergency department if vomiting, drowsiness, confusion, a fit or a worsening headache follow.",
        text_zh: "頭部受傷後請於當天求醫；如其後出現嘔吐、昏昏欲睡、神志不清、抽搐或頭痛加劇，請前往急症室。",
    },
];

/// Symptoms that are not emergencies but are in the lexicon so that their
/// words are read as what they are: 暈車 is car-sickness (not 暈, fainting);
/// "feel sick" is nausea, a list item a negation carries through.
pub const NOT_EMERGENCIES: &[&str] = &["motion-sickness", "nausea"];

/// The level of a red-flag symptom on its own ([`Level::Emergency`] for one
/// the table does not list).
pub fn red_flag_level(id: &str) -> Level {
    SYMPTOM_LEVELS
        .iter()
        .find(|(i, _)| *i == id)
        .map_or(Level::Emergency, |(_, l)| *l)
}

/// True when symptom `id` is only the context of combinations (a `first`,
/// such as a young child): no level of its own, in no `with` list.
pub fn context_only(id: &str) -> bool {
    COMBINATIONS.iter().any(|c| c.first.contains(&id))
        && !SYMPTOM_LEVELS.iter().any(|(i, _)| *i == id)
        && !COMBINATIONS.iter().any(|c| c.with.contains(&id))
}

/// The name of combination `id`, if it is one.
pub fn combination_name(id: &str) -> Option<&'static str> {
    combination(id).map(|c| c.name)
}

/// Combination `id`, if it is one.
pub fn combination(id: &str) -> Option<&'static Combination> {
    COMBINATIONS.iter().find(|c| c.id == id)
}

/// True when a combination, the level table or [`NOT_EMERGENCIES`] names
/// symptom `id`. One hash look-up: the matcher asks it of every symptom at
/// start, where scanning the tables was a fortieth of a cold `match`
/// (callgrind).
pub fn names(id: &str) -> bool {
    static NAMED: std::sync::OnceLock<hashbrown::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    NAMED
        .get_or_init(|| {
            let combined = COMBINATIONS
                .iter()
                .flat_map(|c| c.first.iter().chain(c.with.iter()));
            NOT_EMERGENCIES
                .iter()
                .chain(SYMPTOM_LEVELS.iter().map(|(i, _)| i))
                .chain(combined)
                .copied()
                .collect()
        })
        .contains(id)
}
