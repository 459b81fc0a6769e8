//! Triage: how urgent a description is, whatever pattern ranks and whether
//! or not KI 1 is relevant — the stage after scoring.
//!
//! A *presentation* is an emergency (or urgent) picture: one red-flag
//! symptom (loss of consciousness, a fit, stroke signs, chest pain …), or a
//! combination that is urgent only together (a low blood-pressure reading
//! with cold, clammy or mottled skin, confusion or drowsiness is shock; a
//! head injury with vomiting or drowsiness; heavy bleeding with pallor or
//! confusion). The description gets the highest [`Level`] of its
//! presentations, as commercial symptom checkers give it, with a
//! [`Reason`] for each.
//!
//! **Whose and when.** Only findings that [`crate::matcher::Asserted::may_flag`]
//! (the patient's, current, affirmed or uncertain) take part; an uncertain
//! one ("cannot rule out a seizure") flags as *possible*. A denied, past,
//! hypothetical or someone else's emergency never flags.
//!
//! **No false alarms from reading.** A red flag never rests on:
//! * a fuzzy match of a correctly spelled English word ("comma" is not a
//!   typo of coma, "feinted" not of fainted): [`REAL_WORDS`];
//! * an abbreviation written in lower case ("he lost his loc key", "cp"),
//!   or one whose meaning the text spells out in brackets ("CP (cerebral
//!   palsy)");
//! * a single Chinese character that is a word of its own (暈 alone is
//!   dizziness; 暈倒, 暈過去, 暈厥 are fainting);
//! * a figurative use: the symptom word said of a machine, a building or an
//!   animal ("the printer had a fit", "fainting goats").
//!
//! Sources of the levels and combinations: NHS 111 Wales "Fainting"; NHS
//! "Febrile seizures" (Healthier Together); NHS "Stroke" (FAST); NHS "Heart
//! attack"; NHS "Head injury and concussion"; NHS "Sepsis" (mottled skin);
//! NHS "Sudden hearing loss" (urgent, same day); see `rules/sources.ron` and
//! `../shared/research/tcm-domain.md` §6.

use crate::assertion::Certainty;
pub use crate::finding::Doubt;
use crate::finding::Finding;
pub use crate::presentations::Level;
use crate::presentations::COMBINATIONS;
use crate::rules::{RuleBase, RuleId, SymptomId};
use crate::score::Match;

/// Why the description has its level.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The presentation's id (`"stroke"`, `"shock"`, a red-flag symptom id,
    /// or an emergency rule's id).
    pub presentation: String,
    /// Its level.
    pub level: Level,
    /// The urgent-care message (from the rule base, or this module's table
    /// for combinations), with "999 (or your local emergency number)" as the
    /// rule base writes it; [`crate::report`] puts in the region's number.
    pub text: String,
    /// The finding behind it (index into [`crate::Analysis::findings`]), if one.
    pub finding: Option<usize>,
    /// The symptom that raised it, if a symptom did.
    pub symptom: Option<SymptomId>,
    /// The emergency rule that raised it, if one did.
    pub rule: Option<RuleId>,
    /// True when the finding is only possible ("cannot rule out").
    pub possible: bool,
}

/// The triage of one description.
#[derive(Debug, Clone, PartialEq)]
pub struct Triage {
    /// The highest level among the reasons ([`Level::SelfCare`] with none).
    pub level: Level,
    /// Every reason, most urgent first.
    pub reasons: Vec<Reason>,
}

impl Triage {
    /// True when the level is an emergency.
    pub fn is_emergency(&self) -> bool {
        self.level.is_emergency()
    }
}

/// Correctly spelled English words one or two letters from a red-flag
/// term's word: a fuzzy match of one of these is a real word, not a typo,
/// and raises no flag. (A full English word list belongs to the lexicon's
/// fuzzy matching itself — issue 11; this guards the red flags meanwhile.)
pub const REAL_WORDS: &[&str] = &[
    "smell",
    "smells",
    "spell",
    "spells",
    "shell",
    "swell",
    "comma",
    "commas",
    "come",
    "comb",
    "combo",
    "coda",
    "cola",
    "comas",
    "feint",
    "feints",
    "feinted",
    "feinting",
    "paint",
    "painted",
    "painting",
    "saint",
    "taint",
    "tainted",
    "fainter",
    "faintly",
    "fewer",
    "fever",
    "seize",
    "seized",
    "seizing",
    "sizure",
    "leisure",
    "stoke",
    "stoked",
    "strike",
    "strobe",
    "strode",
    "stroked",
    "stroker",
    "breeding",
    "bleeping",
    "blending",
    "fits",
    "fitted",
    "fitter",
    "fist",
    "fish",
    "coal",
    "collapsible",
    "relapsed",
    "eclipsed",
    "syncopated",
    "chest",
    "pest",
    "unconscionable",
    "conscious",
    "shook",
    "shack",
    "stock",
    "shocked",
    "passed",
    "pasted",
    "blackout",
    "blacked",
    "slurped",
    "slurry",
    "drooling",
    "drooped",
    "dropping",
    "bleating",
    "clammed",
    "clamming",
];

/// Things that are not people: a symptom word said of one of these is
/// figurative ("the printer had a fit", "fainting goats").
pub const NOT_PEOPLE: &[&str] = &[
    "printer",
    "computer",
    "laptop",
    "pc",
    "phone",
    "tablet",
    "car",
    "engine",
    "battery",
    "machine",
    "server",
    "system",
    "app",
    "website",
    "site",
    "wifi",
    "router",
    "tv",
    "television",
    "building",
    "house",
    "roof",
    "wall",
    "bridge",
    "tree",
    "plant",
    "plants",
    "flower",
    "garden",
    "goat",
    "goats",
    "dog",
    "dogs",
    "cat",
    "cats",
    "horse",
    "horses",
    "cow",
    "sheep",
    "fish",
    "bird",
    "hamster",
    "rabbit",
    "market",
    "stock",
    "stocks",
    "shares",
    "share",
    "price",
    "prices",
    "cargo",
    "goods",
    "laughter",
    "tournament",
    "competition",
    "flyers",
    "leaflets",
    "names",
    "document",
    "documents",
    "text",
    "sofa",
    "couch",
    "dummy",
    "mannequin",
    "drugs",
    "property",
    "assets",
    "currency",
    "government",
    "company",
    "talks",
    "deal",
    "economy",
    "team",
    "game",
    "game's",
    "boss",
    "printer's",
    "kettle",
    "boiler",
    "fridge",
    "washing",
    "dishwasher",
    "bike",
    "motor",
    "network",
    "software",
    "program",
    "code",
    "internet",
    "light",
    "lights",
    "bulb",
    "screen",
    "keyboard",
    "mouse",
    "toaster",
    "microwave",
    "oven",
    "truck",
    "van",
    "bus",
    "train",
    "plane",
    "boat",
    "ship",
    "joke",
    "jokes",
    "movie",
    "film",
    "book",
    "novel",
    "song",
    "打印机",
    "电脑",
    "手机",
    "汽车",
    "车子",
    "机器",
    "电池",
    "狗",
    "猫",
    "羊",
    "鱼",
    "股市",
    "股票",
    "房子",
    "楼",
];

fn level_of(rules: &RuleBase, s: SymptomId) -> Level {
    crate::presentations::red_flag_level(&rules.symptom(s).id)
}

/// Why `f`, a finding of a red-flag or emergency-combination symptom
/// matched through `term`, is not read as that symptom, if it is not: a
/// fuzzy real word, a lower-case or explained abbreviation, a lone
/// Chinese character or a figurative use.
pub fn doubt(f: &Finding, term: &str, input: &str, role: Role) -> Option<Doubt> {
    let text = &input[f.span.clone()];
    if f.kind == crate::lexicon::MatchKind::Fuzzy && text.chars().any(|c| c as u32 >= 0x3400) {
        return Some(Doubt::WrongCharacter);
    }
    if f.kind == crate::lexicon::MatchKind::Fuzzy {
        // The words the fuzzy match changed: those not in the term.
        let term_words: Vec<String> = term
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .collect();
        let real = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !term_words.contains(w))
            .any(|w| REAL_WORDS.contains(&w.as_str()));
        if real {
            return Some(Doubt::RealWord);
        }
    }
    // An abbreviation (a term in capitals: CP, LOC) counts only as written
    // in capitals, and not when brackets after it spell out another meaning.
    let abbreviation = term.len() <= 5
        && term.chars().all(|c| c.is_ascii_uppercase())
        && term.chars().count() >= 2;
    if abbreviation {
        if text.chars().any(|c| c.is_ascii_lowercase()) {
            return Some(Doubt::LowerCaseAbbreviation);
        }
        let after = input[f.span.end..].trim_start();
        if let Some(inner) = after.strip_prefix('(') {
            let inner = inner.split(')').next().unwrap_or("");
            if inner.chars().any(|c| c.is_alphabetic()) {
                return Some(Doubt::ExplainedAbbreviation);
            }
        }
    }
    // 暈 alone is dizziness; an emergency needs 暈倒, 暈過去 …. Not for a
    // combination's context (娃 is a child) nor a reading (the 一 of 一岁半).
    let han: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let reading = !term.chars().any(|c| (c as u32) >= 0x3400);
    if han.len() == 1 && (han[0] as u32) >= 0x3400 && !role.context && !reading {
        return Some(Doubt::LoneCharacter);
    }
    figurative(f, input).then_some(Doubt::Figurative)
}

/// The symptom word used as an adjective of, or said of, a thing that is
/// not a person, within the same clause.
fn figurative(f: &Finding, input: &str) -> bool {
    use std::sync::OnceLock;
    static THINGS: OnceLock<hashbrown::HashSet<&'static str>> = OnceLock::new();
    let things = THINGS.get_or_init(|| NOT_PEOPLE.iter().copied().collect());
    let is_thing = |w: &str| {
        let w = w.to_lowercase();
        things.contains(w.as_str()) || things.contains(w.trim_end_matches('s'))
    };
    // The clause around the finding, at most NEAR bytes each way: the
    // look stays constant-time however long the text runs on.
    const NEAR: usize = 96;
    let mut from = f.span.start.saturating_sub(NEAR);
    while !input.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (f.span.end + NEAR).min(input.len());
    while !input.is_char_boundary(to) {
        to -= 1;
    }
    let clause_start = input[from..f.span.start]
        .char_indices()
        .rev()
        .find(|(_, c)| {
            matches!(
                c,
                '.' | '!' | '?' | ';' | '\n' | ',' | '。' | '，' | '！' | '？' | '；'
            )
        })
        .map_or(from, |(i, c)| from + i + c.len_utf8());
    let clause_end = input[f.span.end..to]
        .find(['.', '!', '?', ';', '\n', ',', '。', '，', '！', '？', '；'])
        .map_or(to, |i| f.span.end + i);
    let before = &input[clause_start..f.span.start];
    let after = &input[f.span.end..clause_end];
    // Said of a thing: the thing is the last noun-ish word before the
    // symptom, with no person word after it.
    let words_before: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let person = |w: &str| crate::keys::is_person_word(&crate::parse::word_key(&w.to_lowercase()));
    for w in words_before.iter().rev() {
        if person(w) {
            break;
        }
        if is_thing(w) {
            return true;
        }
    }
    // A simile: 发羊吊咁 ("like having a fit"), 像…一样, 似的.
    if ["咁", "一樣", "一样", "似的", "般", "式"]
        .iter()
        .any(|m| after.trim_start().starts_with(m))
    {
        return true;
    }
    // Used as an adjective of a thing ("fainting goats").
    let mut next = after
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let first = next.next();
    if first.is_some_and(is_thing) {
        return true;
    }
    // Said of a thing just after it, past "of", a preposition or a
    // determiner: "seizure of the cargo", "blacked out the names",
    // "collapsed onto the sofa".
    const LINKS: [&str; 15] = [
        "of", "the", "a", "an", "onto", "into", "on", "my", "his", "her", "its", "their", "our",
        "this", "that",
    ];
    let link = |w: &str| LINKS.iter().any(|d| w.eq_ignore_ascii_case(d));
    if first.is_some_and(link) && next.take(3).find(|w| !link(w)).is_some_and(is_thing) {
        return true;
    }
    // Chinese: a thing named just before in the clause (打印机…抽风).
    let han_before: String = before
        .chars()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if han_before.is_ascii() {
        return false;
    }
    let simplified = fast2s::convert(&han_before);
    NOT_PEOPLE
        .iter()
        .filter(|w| !w.is_ascii())
        .any(|w| simplified.contains(w))
}

/// What triage makes of one symptom, computed once per rule base
/// ([`roles`]) so that no finding looks its symptom up in the tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Role {
    /// It has a red flag, or a combination or table names it.
    pub relevant: bool,
    /// Its red flag is an emergency on its own.
    pub urgent: bool,
    /// A reaction (worry, anxiety) that does not decide who the
    /// description is about: a parent's worry for a child is not the
    /// parent's illness ([`crate::assertion`]).
    pub reaction: bool,
    /// Only the context of a combination (its `first`, e.g. a young child),
    /// never an emergency sign itself: a one-character word (娃) reads as it
    /// is, where a lone 暈 must not flag.
    pub context: bool,
}

/// Symptoms that are reactions ([`Role::reaction`]).
const REACTIONS: &[&str] = &["anxiety"];

/// The [`Role`] of every symptom of `rules`, indexed by [`SymptomId`].
pub fn roles(rules: &RuleBase) -> Vec<Role> {
    rules
        .symptoms
        .iter()
        .map(|s| Role {
            relevant: s.red_flag.is_some() || crate::presentations::names(&s.id),
            urgent: s.red_flag.is_some()
                && crate::presentations::red_flag_level(&s.id).is_emergency(),
            reaction: REACTIONS.contains(&s.id.as_str()),
            context: s.red_flag.is_none() && crate::presentations::context_only(&s.id),
        })
        .collect()
}

/// Triage of an analysed description.
///
/// `roles` are [`roles`] of `rules`; `findings` carry their assertions and
/// [`doubt`]s; `matches` are the scored rules, best first.
/// An emergency rule (one with an `emergency` notice) flags when it scores
/// at least `min_score` and ranks first or has more than thin evidence.
pub fn triage(
    rules: &RuleBase,
    roles: &[Role],
    findings: &[Finding],
    matches: &[Match],
    min_score: f64,
) -> Triage {
    let mut reasons: Vec<Reason> = Vec::new();
    // The patient's current findings that are read as what they say.
    let usable: Vec<bool> = findings
        .iter()
        .map(|f| {
            roles[f.symptom.0 as usize].relevant && f.assertion.may_flag() && f.doubt.is_none()
        })
        .collect();
    for (rank, m) in matches.iter().enumerate() {
        let rule = rules.rule(m.rule);
        if let Some(message) = &rule.emergency {
            // It rests on at least one finding a red flag may rest on.
            let trusted = m
                .evidence
                .iter()
                .any(|e| e.effect == crate::score::Effect::Supports && usable[e.finding]);
            if trusted && m.score >= min_score && (rank == 0 || !m.thin) {
                reasons.push(Reason {
                    presentation: rule.id.clone(),
                    level: Level::EmergencyAmbulance,
                    text: message.clone(),
                    finding: None,
                    symptom: None,
                    rule: Some(m.rule),
                    possible: false,
                });
            }
        }
    }
    let any_usable = usable.iter().any(|u| *u);
    for (i, f) in findings.iter().enumerate() {
        if !usable[i] || reasons.iter().any(|r| r.symptom == Some(f.symptom)) {
            continue;
        }
        if let Some(message) = &rules.symptom(f.symptom).red_flag {
            reasons.push(Reason {
                presentation: rules.symptom(f.symptom).id.clone(),
                level: level_of(rules, f.symptom),
                text: message.clone(),
                finding: Some(i),
                symptom: Some(f.symptom),
                rule: None,
                possible: f.assertion.certainty == Certainty::Uncertain,
            });
        }
    }
    let has = |ids: &[&str]| -> Option<usize> {
        findings
            .iter()
            .enumerate()
            .position(|(i, f)| usable[i] && ids.contains(&rules.symptom(f.symptom).id.as_str()))
    };
    for c in COMBINATIONS.iter().filter(|_| any_usable) {
        if reasons.iter().any(|r| r.presentation == c.id) {
            continue;
        }
        let Some(first) = has(c.first) else { continue };
        // The finding shown: the first's, unless it is only context (a
        // young child), then the sign that makes it urgent ("floppy").
        let mut shown = first;
        if c.with.is_empty() {
            // The finding alone: only when nothing more urgent used it.
            if reasons.iter().any(|r| r.finding == Some(first)) {
                continue;
            }
        } else {
            let Some(with) = has(c.with) else { continue };
            if crate::presentations::context_only(&rules.symptom(findings[first].symptom).id) {
                shown = with;
            }
        }
        reasons.push(Reason {
            presentation: c.id.to_string(),
            level: c.level,
            text: c.text.to_string(),
            finding: Some(shown),
            symptom: None,
            rule: None,
            possible: findings[shown].assertion.certainty == Certainty::Uncertain,
        });
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.level));
    let level = reasons.first().map_or_else(
        || {
            if matches.iter().any(|m| m.anchored && m.score >= min_score) {
                Level::Consultation
            } else {
                Level::SelfCare
            }
        },
        |r| r.level,
    );
    Triage { level, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Matcher;

    fn reasons(text: &str) -> Vec<String> {
        let m = Matcher::builtin().expect("built-in rules");
        let a = m.analyze(text).expect("analyse");
        a.triage
            .reasons
            .iter()
            .map(|r| r.presentation.clone())
            .collect()
    }

    #[test]
    fn levels_are_ordered() {
        assert!(Level::EmergencyAmbulance > Level::Emergency);
        assert!(Level::Emergency > Level::Consultation24);
        assert!(Level::Consultation24 > Level::Consultation);
        assert!(Level::Consultation > Level::SelfCare);
        assert!(Level::Emergency.is_emergency() && !Level::Consultation24.is_emergency());
        assert_eq!(Level::EmergencyAmbulance.as_str(), "emergency_ambulance");
    }

    #[test]
    fn combinations_are_urgent_together_only() {
        assert!(reasons("BP 80/50, cold and clammy").contains(&"shock".to_string()));
        assert!(!reasons("BP 80/50").contains(&"shock".to_string()));
        assert!(
            reasons("he hit his head and has vomited twice").contains(&"head-injury".to_string())
        );
        assert_eq!(reasons("he hit his head yesterday"), ["head-injury-check"]);
        assert!(reasons("stiff neck and a high fever").contains(&"meningitis-signs".to_string()));
        assert!(reasons("stiff neck from sleeping badly").is_empty());
    }

    #[test]
    fn guards_against_reading_errors() {
        // A fuzzy match of a real word, a lower-case abbreviation, an
        // explained abbreviation, a lone Chinese character, a thing, a simile.
        for text in [
            "comma",
            "a faint smell of smoke",
            "he lost his loc key",
            "my son has CP (cerebral palsy)",
            "我有點暈",
            "the printer had a fit",
            "fainting goats are my hobby",
            "老闆仲喺度發羊吊咁鬧人",
        ] {
            assert!(reasons(text).is_empty(), "{text}: {:?}", reasons(text));
        }
        // The real thing still flags.
        for text in [
            "he is in a coma",
            "Pt c/o CP radiating to jaw",
            "she fainted",
            "暈倒了",
        ] {
            assert!(!reasons(text).is_empty(), "{text}");
        }
    }
}
