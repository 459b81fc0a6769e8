//! Assertion: what the text says *about* each finding, along ConText's
//! dimensions (Harkema et al., "ConText: an algorithm for determining
//! negation, experiencer, and temporal status from clinical reports",
//! J Biomed Inform 2009), in English and Chinese:
//!
//! | dimension | values | cues (examples) |
//! |---|---|---|
//! | [`Certainty`] | affirmed, negated, uncertain | negation ([`crate::negation`]); "possible", "suspected", "?seizure", "r/o", "rule out", "cannot exclude", "not ruled out", 疑似, 不排除, 待排除, 可能; "X was ruled out" negates |
//! | [`Temporality`] | current, historical, hypothetical | "history of", "h/o", "PMH", "used to", "as a child", "years ago", "now fine", "resolved", 以前, 曾经, 既往, 小时候, 已经好了; "if", "in case", "what to do if", "worried I might", 如果, 万一, 怕会 |
//! | [`Experiencer`] | patient, other | "family history of", "FHx", "runs in the family", 家族史; a finding told of another person ("my mother has …") when the description is about someone else |
//!
//! **Scope.** A cue that looks forward (a *pre*-cue) reaches the findings
//! after it up to the end of its *segment*: a sentence end, a contrast ("but",
//! 但是), a Chinese clause comma `，`, a word that starts a subordinate clause
//! ("since", "because", "when", 因为, 自从), or a list comma followed by a new
//! subject ("if I don't sleep, I get palpitations"). A cue that looks back
//! (a *post*-cue: "as a teenager", "years ago") reaches back to its segment's
//! start; "now fine", "resolved" and 已经好了 reach back over the whole
//! sentence. A historical finding is current after all when its sentence
//! also says the symptom is back ("again", "still", "back", "this week",
//! 又, 复发, 最近): "had it yesterday and again today" is current.
//!
//! **People.** Mentions of people are followed through the text: "my
//! mum", "my son", 我妈, "he"/"she" (the last person named, or the one the
//! description is about), and the writer ("I", "my head", 我). Each finding
//! belongs to the person last mentioned before it. The *patient* is the
//! person the description is about: the writer (or the unnamed subject of a
//! clinical note) if they report a finding of their own, otherwise the other
//! person with most findings ("my dad collapsed and won't wake up" is about
//! the dad). Worry and anxiety do not make the writer the patient: a
//! frightened parent is reporting a child's symptoms. When findings of two
//! people remain, [`Context::mixed`] says so.
//!
//! Only affirmed, current findings of the patient are evidence
//! ([`crate::matcher::Asserted::counts`]).

use crate::keys;
use crate::parse::{Boundary, Phrase, Token};
use serde::Serialize;
use std::ops::Range;

/// How sure the text is of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Certainty {
    /// Stated as present.
    Affirmed,
    /// Denied ("no fever", "seizure ruled out").
    Negated,
    /// Possible but not stated ("?seizure", "cannot rule out", 不排除).
    Uncertain,
}

/// When a finding happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Temporality {
    /// Now, or recently and still relevant.
    Current,
    /// In the past and over ("as a teenager, now fine", 以前).
    Historical,
    /// Imagined or feared, not happening ("what should I do if …", 万一).
    Hypothetical,
}

/// Whose finding it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Experiencer {
    /// The person the description is about.
    Patient,
    /// Someone else: a relative, a family history.
    Other,
}

/// Which value a cue gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CueClass {
    /// Makes a finding uncertain.
    Uncertain,
    /// Negates a finding ("ruled out").
    Negated,
    /// Puts a finding in the past.
    Historical,
    /// Makes a finding hypothetical.
    Hypothetical,
    /// Gives a finding to someone else (a family history, another person).
    Other,
}

/// A cue found in the text: a token range of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Token range of the cue (into [`crate::parse::Parsed::tokens`]).
    pub tokens: Range<usize>,
    /// What it says.
    pub class: CueClass,
}

/// The three dimensions of one finding, each with the cue that set it
/// (`None` for the default value, or for negation, whose cue
/// [`crate::negation`] reports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    /// Affirmed, negated or uncertain.
    pub certainty: Certainty,
    /// Current, historical or hypothetical.
    pub temporality: Temporality,
    /// Patient or other.
    pub experiencer: Experiencer,
    /// The cue behind an uncertain (or ruled-out) certainty.
    pub certainty_cue: Option<Cue>,
    /// The cue behind a historical or hypothetical temporality.
    pub temporality_cue: Option<Cue>,
    /// The cue behind an `other` experiencer: a family-history cue, or the
    /// mention of the person the finding belongs to.
    pub experiencer_cue: Option<Cue>,
    /// Index into [`Context::people`] of the person the finding belongs to.
    pub person: usize,
}

/// A person the text mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Token range of the first mention (empty for the writer when never
    /// named).
    pub tokens: Range<usize>,
    /// True for the writer, or the unnamed subject of a clinical note.
    pub writer: bool,
}

/// The assertions of every finding of one text, and who it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// One per finding, in finding order.
    pub assertions: Vec<Assertion>,
    /// Everyone mentioned; index 0 is the writer.
    pub people: Vec<Person>,
    /// Index into `people` of the person the description is about.
    pub patient: usize,
    /// True when findings of someone other than the patient (not a family
    /// history) were set aside: the description mixes two people.
    pub mixed: bool,
}

/// One finding as the assertion stage sees it.
#[derive(Debug, Clone)]
pub struct Span {
    /// Token range of the term, gaps included.
    pub tokens: Range<usize>,
    /// Token ranges its `…` gaps skipped.
    pub gaps: Vec<Range<usize>>,
    /// True when [`crate::negation`] found a cue that denies it.
    pub negated: bool,
    /// False for a finding that does not decide who the patient is
    /// (worry, anxiety: a parent's fear for a child).
    pub decides_patient: bool,
    /// True for a red-flag symptom.
    pub urgent: bool,
}

// --- Cue lists: written as words, compared as keys ([`crate::parse::word_key`]),
// generated into `keys_generated.rs` by a test like the negation lists.

/// Uncertainty pre-cues.
#[cfg(test)]
pub(crate) const UNCERTAIN_PRE: &[&[&str]] = &[
    &["cannot", "rule", "out"],
    &["cant", "rule", "out"],
    &["can", "not", "rule", "out"],
    &["couldnt", "rule", "out"],
    &["cannot", "exclude"],
    &["cant", "exclude"],
    &["can", "not", "exclude"],
    &["not", "ruled", "out"],
    &["to", "rule", "out"],
    &["rule", "out"],
    &["ruling", "out"],
    &["r", "o"],
    &["possible"],
    &["possibly"],
    &["probable"],
    &["probably"],
    &["suspected"],
    &["suspect"],
    &["suspicious", "for"],
    &["query"],
    &["questionable"],
    &["concern", "for"],
    &["might", "be"],
    &["may", "be"],
    &["could", "be"],
    &["might", "have"],
    &["may", "have"],
    &["could", "have"],
    &["signs", "of"],
    &["不", "排", "除"],
    &["待", "排", "除"],
    &["未", "排", "除"],
    &["排", "除"],
    &["疑", "似"],
    &["可", "能"],
    &["怀", "疑"],
    &["待", "查"],
    &["会", "不", "会"],
    &["是", "不", "是"],
    &["是", "否"],
    &["系", "咪"],
    &["系", "唔", "系"],
    &["好", "似"],
];

/// Uncertainty post-cues ("seizure not ruled out").
#[cfg(test)]
pub(crate) const UNCERTAIN_POST: &[&[&str]] = &[
    &["not", "ruled", "out"],
    &["not", "excluded"],
    &["cannot", "be", "excluded"],
    &["cannot", "be", "ruled", "out"],
    &["cant", "be", "ruled", "out"],
    &["not", "excluded"],
    &["possible"],
    &["suspected"],
    &["query"],
];

/// Post-cues that negate ("seizure was ruled out").
#[cfg(test)]
pub(crate) const RULED_OUT_POST: &[&[&str]] = &[&["ruled", "out"], &["excluded"]];

/// Pre-cues that negate (已排除癫痫).
#[cfg(test)]
pub(crate) const RULED_OUT_PRE: &[&[&str]] = &[&["已", "排", "除"], &["排", "除", "了"]];

/// Historical pre-cues: the findings after them are past.
#[cfg(test)]
pub(crate) const HISTORICAL_PRE: &[&[&str]] = &[
    &["history", "of"],
    &["hx", "of"],
    &["h", "o"],
    &["pmh"],
    &["pmhx"],
    &["past", "medical", "history"],
    &["past", "history", "of"],
    &["previous"],
    &["previously"],
    &["prior"],
    &["used", "to"],
    &["as", "a", "child"],
    &["as", "a", "kid"],
    &["as", "a", "teenager"],
    &["as", "a", "baby"],
    &["when", "i", "was"],
    &["years", "ago"],
    &["long", "ago"],
    &["once", "had"],
    &["去", "年"],
    &["上", "次"],
    &["上", "个", "月"],
    &["上", "周"],
    &["上", "星", "期"],
    &["上", "礼", "拜"],
    &["以", "前"],
    &["曾", "经"],
    &["曾"],
    &["既", "往"],
    &["细", "个"],
    &["前", "年"],
    &["小", "时", "候"],
    &["过", "去"],
    &["从", "前"],
    &["年", "前"],
    &["年", "轻", "时"],
    &["病", "史"],
    &["last", "year"],
    &["last", "winter"],
    &["last", "summer"],
    &["last", "spring"],
    &["last", "autumn"],
    &["last", "christmas"],
    // Cantonese: 舊年 (last year), 試過 (has had, once), 嗰陣 (back then).
    &["旧", "年"],
    &["上", "年"],
    &["试", "过"],
    &["嗰", "阵"],
    &["嗰", "次"],
    &["那", "次"],
];

/// Historical post-cues: the findings before them in their segment are past.
#[cfg(test)]
pub(crate) const HISTORICAL_POST: &[&[&str]] = &[
    &["as", "a", "child"],
    &["as", "a", "kid"],
    &["as", "a", "teenager"],
    &["as", "a", "teen"],
    &["as", "a", "baby"],
    &["in", "childhood"],
    &["last", "year"],
    &["in", "january"],
    &["in", "february"],
    &["in", "march"],
    &["in", "april"],
    &["in", "june"],
    &["in", "july"],
    &["in", "august"],
    &["in", "september"],
    &["in", "october"],
    &["in", "november"],
    &["in", "december"],
    &["last", "month"],
    &["last", "week"],
    &["last", "winter"],
    &["last", "summer"],
    &["last", "spring"],
    &["last", "autumn"],
    &["last", "fall"],
    &["last", "christmas"],
    &["year", "ago"],
    &["aged"],
    &["in", "the", "past"],
    &["when", "i", "was"],
    &["when", "she", "was"],
    &["when", "he", "was"],
    &["when", "they", "were"],
    &["years", "ago"],
    &["long", "ago"],
    &["in", "my", "twenties"],
    &["in", "my", "teens"],
    &["free", "for"],
    &["小", "时", "候"],
    &["年", "前"],
    &["以", "前"],
];

/// Historical post-cues that reach back over their whole sentence: the
/// finding is over ("now fine", "resolved", 已经好了).
#[cfg(test)]
pub(crate) const RESOLVED_POST: &[&[&str]] = &[
    &["now", "fine"],
    &["now", "ok"],
    &["now", "okay"],
    &["now", "good"],
    &["now", "better"],
    &["now", "normal"],
    &["now", "resolved"],
    &["now", "recovered"],
    &["fine", "now"],
    &["ok", "now"],
    &["okay", "now"],
    &["all", "good", "now"],
    &["nothing", "since"],
    &["none", "since"],
    &["never", "had", "one", "since"],
    &["never", "again"],
    &["一", "切", "正", "常"],
    &["之", "后", "没", "再"],
    &["之", "后", "都", "没", "再"],
    &["之", "后", "都", "冇", "再"],
    &["冇", "再"],
    &["since", "resolved"],
    &["resolved"],
    &["recovered"],
    &["went", "away"],
    &["outgrew"],
    &["grew", "out", "of"],
    &["已", "经", "好", "了"],
    &["已", "经", "好", "咗"],
    &["好", "返", "晒"],
    &["现", "在", "好", "了"],
    &["已", "经", "痊", "愈"],
    &["痊", "愈"],
    &["已", "愈"],
    &["早", "就", "好", "了"],
    &["都", "好", "了"],
    &["现", "在", "都", "好"],
    &["康", "复"],
    &["fine", "today"],
    &["ok", "today"],
    &["okay", "today"],
    &["fine", "this", "morning"],
    &["今", "天", "没", "事"],
    &["今", "日", "冇", "事"],
    &["没", "事", "了"],
    &["冇", "事", "喇"],
    // Cantonese: 而家冇事 (fine now); 已經過咗 (over now).
    &["而", "家", "冇", "事"],
    &["而", "家", "好", "返"],
    &["已", "经", "过", "咗"],
    &["已", "经", "过", "去"],
];

/// Hypothetical cues that reach only the finding right after them: it
/// nearly happened, so it did not ("nearly had a heart attack", 差点晕倒).
#[cfg(test)]
pub(crate) const HYPOTHETICAL_NEAR: &[&[&str]] = &[
    &["nearly"],
    &["almost"],
    &["差", "点"],
    &["差", "一", "点"],
    &["险", "些"],
    // A name, not a finding: "is that what TCM calls yang collapse?",
    // "known as Yang collapse", 所謂亡陽. Only the name right after.
    &["calls"],
    &["known", "as"],
    &["所", "谓"],
    &["叫", "做"],
];

/// Words that say a clause is about being well: a "these days" in it does
/// not bring back a past symptom ("used to get insomnia, sleeping fine
/// these days").
#[cfg(test)]
pub(crate) const FINE: &[&[&str]] = &[
    &["fine"],
    &["ok"],
    &["okay"],
    &["better"],
    &["normal"],
    &["good"],
    &["well"],
    &["没", "事"],
    &["冇", "事"],
    &["正", "常"],
    &["好", "了"],
];

/// The writer named emphatically after someone else ("my own", "myself",
/// 我自己): the description is about the writer.
#[cfg(test)]
pub(crate) const SELF_EMPHASIS: &[&[&str]] = &[
    &["myself"],
    &["my", "own"],
    &["about", "me"],
    &["自", "己"],
    &["本", "人"],
];

/// Hypothetical pre-cues.
#[cfg(test)]
pub(crate) const HYPOTHETICAL_PRE: &[&[&str]] = &[
    &["what", "to", "do", "if"],
    &["what", "if"],
    &["in", "case"],
    &["if"],
    &["should", "i", "ever"],
    &["worried", "i", "might"],
    &["worried", "i", "will"],
    &["worried", "ill"],
    &["worried", "i", "could"],
    &["worried", "about", "getting"],
    &["afraid", "i", "might"],
    &["afraid", "i", "will"],
    &["afraid", "of", "getting"],
    &["scared", "i", "might"],
    &["scared", "of", "getting"],
    &["fear", "of"],
    // Fear of an event, not a symptom had ("afraid of having a heart
    // attack", "keep worrying that I'll collapse"); "worried about my chest
    // pain" is not one: the pain is had.
    &["afraid", "of", "having"],
    &["scared", "of", "having"],
    &["worried", "about", "having"],
    &["worry", "about", "having"],
    &["worrying", "about", "having"],
    &["worried", "that", "ill"],
    &["worried", "that", "i", "will"],
    &["worried", "that", "i", "might"],
    &["worrying", "that", "ill"],
    &["worrying", "that", "i", "will"],
    &["worrying", "that", "i", "might"],
    &["afraid", "that", "ill"],
    &["scared", "that", "ill"],
    &["to", "prevent"],
    &["to", "avoid"],
    // Advice about signs to look for: not a symptom anyone has ("the
    // leaflet says to watch for a sudden headache").
    &["watch", "for"],
    &["watch", "out", "for"],
    &["look", "out", "for"],
    &["如", "果"],
    &["万", "一"],
    &["假", "如"],
    &["要", "是"],
    &["假", "设"],
    &["怕", "会"],
    &["担", "心", "会"],
    &["担", "心", "自", "己", "会"],
    &["怕", "自", "己", "会"],
    &["惊", "会"],
    &["惊", "自", "己", "会"],
    &["预", "防"],
    &["以", "防"],
    &["如", "有"],
    // Fiction and dreams: not anyone's illness ("in the drama last night
    // the hero collapsed").
    &["in", "the", "drama"],
    &["in", "a", "drama"],
    &["in", "the", "film"],
    &["in", "a", "film"],
    &["in", "the", "movie"],
    &["in", "a", "movie"],
    &["in", "the", "show"],
    &["in", "the", "series"],
    &["in", "the", "novel"],
    &["in", "the", "book"],
    &["on", "tv"],
    &["in", "my", "dream"],
    &["i", "dreamt"],
    &["i", "dreamed"],
    &["thought", "i", "would"],
    &["thought", "i", "was", "going", "to"],
    &["剧", "中"],
    &["小", "说", "入", "面"],
    &["戏", "入", "面"],
    &["剧", "入", "面"],
    &["电", "视", "剧"],
    &["电", "影", "里"],
    &["小", "说", "里"],
    &["梦", "见"],
    &["梦", "到"],
    &["套", "剧"],
];

/// Experiencer cues: the findings in scope are someone else's.
#[cfg(test)]
pub(crate) const FAMILY_PRE: &[&[&str]] = &[
    &["family", "history", "of"],
    &["family", "history"],
    &["fhx"],
    &["fh"],
    &["fam", "hx"],
    &["家", "族", "史"],
    &["家", "族", "病", "史"],
    &["家", "族", "遗", "传"],
    &["遗", "传"],
];

/// Experiencer post-cues ("epilepsy runs in the family").
#[cfg(test)]
pub(crate) const FAMILY_POST: &[&[&str]] = &[
    &["runs", "in", "the", "family"],
    &["runs", "in", "my", "family"],
    &["runs", "in", "our", "family"],
    &["in", "the", "family"],
    &["家", "族", "遗", "传"],
    &["遗", "传"],
];

/// Words that say a symptom is happening now, which overrides a past cue
/// in the same sentence ("had palpitations as a kid and they're back").
#[cfg(test)]
pub(crate) const CURRENT: &[&[&str]] = &[
    &["again"],
    &["still"],
    &["back"],
    &["returned"],
    &["recurred"],
    &["recurring"],
    &["currently"],
    &["recently"],
    &["lately"],
    &["today"],
    &["tonight"],
    &["yesterday"],
    &["this", "week"],
    &["this", "month"],
    &["this", "year"],
    &["these", "days"],
    &["right", "now"],
    &["just", "now"],
    &["又"],
    &["再", "次"],
    &["复", "发"],
    &["最", "近"],
    &["现", "在", "还"],
    &["还", "是"],
    &["这", "几", "天"],
    &["今", "天"],
    &["近", "来"],
];

/// Current cues that speak only of what follows them: "last year my dad
/// collapsed, now he won't wake up" (current), but "had a seizure last year
/// and now I'm worried about driving" (past). "Fine now" is a resolved cue,
/// and a "now" in a clause about being well brings nothing back.
#[cfg(test)]
pub(crate) const NOW: &[&[&str]] = &[
    &["now"],
    &["现", "在"],
    &["而", "家"],
    &["依", "家"],
    &["宜", "家"],
];

/// Words that end a pre-cue's scope: they start another clause ("I have not
/// been able to work since the dizziness started").
#[cfg(test)]
pub(crate) const TERMINATORS: &[&str] = &[
    "since", "because", "cause", "when", "whenever", "after", "until", "till", "unless", "before",
    "so", "which", "who", "then", "just", "only", "所", "只", "净",
];

/// Nouns for another person ("my mum", "my 3 year old", 我妈, 老公).
#[cfg(test)]
pub(crate) const RELATIVES: &[&[&str]] = &[
    &["mum"],
    &["mom"],
    &["mommy"],
    &["mummy"],
    &["mother"],
    &["mam"],
    &["ma"],
    &["dad"],
    &["daddy"],
    &["father"],
    &["pa"],
    &["parent"],
    &["parents"],
    &["brother"],
    &["sister"],
    &["sibling"],
    &["son"],
    &["daughter"],
    &["wife"],
    &["husband"],
    &["partner"],
    &["boyfriend"],
    &["girlfriend"],
    &["fiance"],
    &["grandma"],
    &["grandmother"],
    &["granny"],
    &["nan"],
    &["nana"],
    &["grandpa"],
    &["grandfather"],
    &["grandad"],
    &["granddad"],
    &["grandson"],
    &["granddaughter"],
    &["aunt"],
    &["auntie"],
    &["uncle"],
    &["cousin"],
    &["niece"],
    &["nephew"],
    &["friend"],
    &["colleague"],
    &["coworker"],
    &["neighbour"],
    &["neighbor"],
    &["flatmate"],
    &["mate"],
    &["buddy"],
    &["classmate"],
    &["室", "友"],
    &["同", "学"],
    &["阿", "爷"],
    &["阿", "爸"],
    &["屋", "企", "人"],
    &["roommate"],
    &["baby"],
    &["babies"],
    &["toddler"],
    &["child"],
    &["children"],
    &["kid"],
    &["kids"],
    &["boy"],
    &["girl"],
    &["infant"],
    &["newborn"],
    &["old"],
    &["family"],
    &["relative"],
    &["in", "law"],
    &["bb"],
    &["妈"],
    &["爸"],
    &["娘"],
    &["爹"],
    &["老", "公"],
    &["老", "婆"],
    &["丈", "夫"],
    &["妻", "子"],
    &["太", "太"],
    &["先", "生"],
    &["儿", "子"],
    &["女", "儿"],
    &["孩", "子"],
    &["小", "孩"],
    &["宝", "宝"],
    &["宝", "贝"],
    &["婴", "儿"],
    &["奶", "奶"],
    &["爷", "爷"],
    &["外", "婆"],
    &["外", "公"],
    &["姥", "姥"],
    &["哥"],
    &["姐"],
    &["弟"],
    &["妹"],
    &["朋", "友"],
    &["同", "事"],
    &["邻", "居"],
    &["老", "人"],
    &["家", "人"],
    &["亲", "戚"],
    &["阿", "嫲"],
    &["阿", "公"],
    &["老", "豆"],
    &["个", "仔"],
    &["个", "女"],
    &["细", "路"],
    &["仔"],
    &["囡"],
];

/// Words that make a following relative noun someone's ("my mum", 我妈).
#[cfg(test)]
pub(crate) const POSSESSIVES: &[&str] = &[
    "my", "our", "his", "her", "their", "your", "a", "the", "我", "我们", "他", "她", "家", "你",
];

/// The writer, or the subject of a clinical note.
#[cfg(test)]
pub(crate) const WRITER: &[&str] = &[
    "i", "im", "ive", "id", "ill", "me", "myself", "pt", "patient", "本", "自", "我", "患",
];

/// Pronouns for the last-named other person.
#[cfg(test)]
pub(crate) const THIRD: &[&str] = &[
    "he", "she", "him", "her", "his", "hes", "shes", "hed", "他", "她",
];

fn seq_at(tokens: &[Token], at: usize, seq: &[&str]) -> bool {
    at + seq.len() <= tokens.len()
        && seq
            .iter()
            .enumerate()
            .all(|(j, k)| tokens[at + j].key == *k)
}

fn longest(tokens: &[Token], at: usize, lists: &[&[&str]]) -> Option<usize> {
    lists
        .iter()
        .filter(|s| seq_at(tokens, at, s))
        .map(|s| s.len())
        .max()
}

/// How many tokens away from a finding a cue is looked for at all (its
/// segment or sentence usually ends well before).
const REACH: usize = 48;

/// Which way a cue looks and how far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Forward to the end of its segment.
    Forward,
    /// Back to its segment's start.
    Back,
    /// Back to its sentence's start.
    BackSentence,
    /// Forward to the next content word only.
    Adjacent,
}

#[derive(Debug, Clone)]
struct Found {
    cue: Cue,
    reach: Reach,
}

/// Where each token's segment and sentence start.
struct Layout {
    segment: Vec<u32>,
    sentence: Vec<u32>,
}

fn layout(tokens: &[Token], phrases: &[Phrase]) -> Layout {
    let n = tokens.len();
    let mut segment = vec![0u32; n];
    let mut sentence = vec![0u32; n];
    let (mut seg, mut sen) = (0u32, 0u32);
    let mut from = 0;
    for (pi, p) in phrases.iter().enumerate() {
        // A list comma followed by a new subject ("…, I get palpitations")
        // starts a new clause.
        if pi > 0
            && phrases[pi - 1].boundary == Boundary::List
            && tokens.get(p.tokens.start).is_some_and(|t| {
                keys::contains(keys::WRITER, &t.key) || keys::contains(keys::THIRD, &t.key)
            })
        {
            seg += 1;
        }
        for i in from..p.tokens.end.min(n) {
            segment[i] = seg;
            sentence[i] = sen;
        }
        from = p.tokens.end;
        match p.boundary {
            Boundary::Sentence | Boundary::End => {
                seg += 1;
                sen += 1;
            }
            Boundary::Contrast | Boundary::Clause => seg += 1,
            Boundary::List => {}
        }
    }
    for i in from..n {
        segment[i] = seg;
        sentence[i] = sen;
    }
    Layout { segment, sentence }
}

/// Finds the assertion cues among tokens no finding covers.
/// Bits of `keys::CUE_FIRST` masks after the eleven cue lists.
const CURRENT_BIT: u16 = 1 << 11;
const FINE_BIT: u16 = 1 << 12;
const NOW_BIT: u16 = 1 << 13;

/// A current cue at token `at`; `forward` when it speaks only of what
/// follows it ([`NOW`]'s "now", 而家).
#[derive(Debug, Clone, Copy)]
struct Current {
    at: usize,
    forward: bool,
}

fn cues(
    tokens: &[Token],
    roles: &[keys::Roles],
    covered: &[bool],
    text: &str,
) -> (Vec<Found>, Vec<Current>) {
    // In the order of `keys::CUE_FIRST`'s bits.
    let lists: [(&[&[&str]], CueClass, Reach); 11] = [
        (
            keys::HYPOTHETICAL_NEAR,
            CueClass::Hypothetical,
            Reach::Adjacent,
        ),
        (keys::RULED_OUT_PRE, CueClass::Negated, Reach::Forward),
        (keys::UNCERTAIN_PRE, CueClass::Uncertain, Reach::Forward),
        (keys::UNCERTAIN_POST, CueClass::Uncertain, Reach::Back),
        (keys::RULED_OUT_POST, CueClass::Negated, Reach::Back),
        (keys::HISTORICAL_PRE, CueClass::Historical, Reach::Forward),
        (keys::HISTORICAL_POST, CueClass::Historical, Reach::Back),
        (
            keys::RESOLVED_POST,
            CueClass::Historical,
            Reach::BackSentence,
        ),
        (
            keys::HYPOTHETICAL_PRE,
            CueClass::Hypothetical,
            Reach::Forward,
        ),
        (keys::FAMILY_PRE, CueClass::Other, Reach::Forward),
        (keys::FAMILY_POST, CueClass::Other, Reach::BackSentence),
    ];
    let mut found = Vec::new();
    let mut current = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // A cue may start on a finding's word only if the next word is
        // free ("worried I might …"): most finding words are skipped
        // without a look-up.
        if covered[i] && covered.get(i + 1).is_none_or(|c| *c) {
            i += 1;
            continue;
        }
        if let Some(len) = dated(tokens, i).filter(|_| !onset(tokens, text, i)) {
            // A date reaches both ways: "in 2019 I had …", "had … in 2019".
            for reach in [Reach::Forward, Reach::Back] {
                found.push(Found {
                    cue: Cue {
                        tokens: i..i + len,
                        class: CueClass::Historical,
                    },
                    reach,
                });
            }
            i += len;
            continue;
        }
        let mask = roles[i].cue;
        if mask & !FINE_BIT == 0 {
            i += 1;
            continue;
        }
        if !covered[i] && mask & (CURRENT_BIT | NOW_BIT) != 0 {
            let again = (mask & CURRENT_BIT != 0)
                .then(|| longest(tokens, i, keys::CURRENT))
                .flatten();
            let now = (mask & NOW_BIT != 0)
                .then(|| longest(tokens, i, keys::NOW))
                .flatten();
            // The longer one: 现在还 ("still") is a recurrence, 现在 a now.
            if let Some(len) = again.max(now) {
                current.push(Current {
                    at: i,
                    forward: now > again,
                });
                i += len;
                continue;
            }
        }
        // The longest cue at this token; a cue may look both ways ("as a
        // child" before or after its finding), so every list that
        // matches at that length is kept.
        let best = lists
            .iter()
            .enumerate()
            .filter(|(bit, _)| mask & (1 << bit) != 0)
            .filter_map(|(_, (l, _, _))| longest(tokens, i, l))
            .max();
        let Some(len) = best else {
            i += 1;
            continue;
        };
        // A long cue may begin and end on a finding's word ("worried I
        // might have a stroke": "worried" is anxiety, "might have a stroke"
        // a term) if its middle is free; a short one may not touch one.
        let touches = (i..i + len).any(|j| covered[j]);
        let long_ok = len >= 3 && !covered[i + 1..i + len - 1].iter().any(|c| *c);
        if touches && !long_ok {
            i += 1;
            continue;
        }
        // "r/o" and "h/o" are cues only as written with their slash.
        let slashed =
            len == 2 && (tokens[i].key == "r" || tokens[i].key == "h") && tokens[i + 1].key == "o";
        if slashed && text.get(tokens[i].span.end..tokens[i + 1].span.start) != Some("/") {
            i += 1;
            continue;
        }
        // "since last year", 从去年: an onset, not a past episode; so is
        // "ever since I hit my head last year, I get headaches" (a "since"
        // a few words before, in the same sentence).
        let onset = onset(tokens, text, i);
        for (l, class, reach) in &lists {
            if onset && *class == CueClass::Historical {
                continue;
            }
            if l.iter().any(|s| s.len() == len && seq_at(tokens, i, s)) {
                found.push(Found {
                    cue: Cue {
                        tokens: i..i + len,
                        class: *class,
                    },
                    reach: *reach,
                });
            }
        }
        i += len;
    }
    (found, current)
}

/// How many tokens before a past cue a "since" makes it an onset.
const ONSET_REACH: usize = 10;

/// True when the past cue at token `i` is an onset: "since last year",
/// 从去年, or "ever since I hit my head last year, I get headaches" (a
/// "since" a few words before, in the same sentence).
fn onset(tokens: &[Token], text: &str, i: usize) -> bool {
    i > 0 && matches!(tokens[i - 1].word.as_str(), "since" | "from" | "从" | "自")
        || (i.saturating_sub(ONSET_REACH)..i).any(|j| {
            matches!(tokens[j].word.as_str(), "since" | "自从" | "从")
                && !text[tokens[j].span.end..tokens[i].span.start]
                    .contains(['.', '!', '?', ';', '\n', '。', '！', '？', '；'])
        })
}

/// A year (1900–2099) as a token.
fn is_year(t: &Token) -> bool {
    t.word.len() == 4
        && t.word.bytes().all(|b| b.is_ascii_digit())
        && matches!(&t.word[..2], "19" | "20")
}

/// The length of a date that puts what it qualifies in the past, at token
/// `i`: "in 2019", "back in 1998", "during 2015", 2019年 — not a birth year ("born in
/// 1950"), nor a start ("since 2019", 2019年开始, 2019年以来, 2019年起,
/// which [`onset`] also refuses).
fn dated(tokens: &[Token], i: usize) -> Option<usize> {
    let t = &tokens[i];
    let next = tokens.get(i + 1)?;
    let before = i.checked_sub(1).map(|j| tokens[j].word.as_str());
    match t.word.as_str() {
        "in" | "during" if is_year(next) && before != Some("born") => Some(2),
        // Not the "back" of a symptom that returned.
        "back" if next.word == "in" && tokens.get(i + 2).is_some_and(is_year) => Some(3),
        _ if is_year(t) && next.word == "年" => {
            let after = tokens.get(i + 2).map(|t| t.word.as_str());
            (!matches!(after, Some("开" | "以" | "起" | "至" | "到" | "出" | "生"))).then_some(2)
        }
        _ => None,
    }
}
/// "?seizure": a question mark stuck to the front of a word, after a space
/// or at the start, queries it.
fn queried(text: &str, token: &Token) -> bool {
    let before = &text[..token.span.start];
    before.ends_with('?')
        && before[..before.len() - 1]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | ':' | '(' | ';'))
}

/// Decides the assertion of every finding.
///
/// `tokens` and `phrases` are the parse ([`crate::parse::phrases`]) of the
/// normalised `text`; `findings` are in text order. Linear in the tokens,
/// plus the findings times the cues of their sentence.
pub fn assert(tokens: &[Token], phrases: &[Phrase], text: &str, findings: &[Span]) -> Context {
    let n = tokens.len();
    let mut covered = vec![false; n];
    for f in findings {
        covered[f.tokens.clone()].iter_mut().for_each(|c| *c = true);
        for g in &f.gaps {
            covered[g.clone()].iter_mut().for_each(|c| *c = false);
        }
    }
    let lay = layout(tokens, phrases);
    let roles: Vec<keys::Roles> = tokens.iter().map(|t| keys::roles(&t.key)).collect();
    let (found, current) = cues(tokens, &roles, &covered, text);
    let terminator = |i: usize| !covered[i] && roles[i].terminator;
    let mut term_before = Vec::with_capacity(n + 1);
    term_before.push(0u32);
    for i in 0..n {
        let last = *term_before.last().unwrap_or(&0);
        term_before.push(last + u32::from(terminator(i)));
    }
    // A pre-cue reaches a finding in its segment with no terminator between.
    let reaches = |c: &Found, f: &Span| -> bool {
        let (cs, ce) = (c.cue.tokens.start, c.cue.tokens.end);
        let (fs, fe) = (f.tokens.start, f.tokens.end);
        match c.reach {
            // A cue may end inside the finding's first words ("worried I
            // might have a stroke", where the term is "might have a stroke").
            Reach::Forward => {
                cs < fs
                    && lay.segment[cs] == lay.segment[fs]
                    && term_before[fs] == term_before[ce.min(fs)]
            }
            Reach::Adjacent => ce <= fs && (ce..fs).all(|i| crate::keys::is_filler(&tokens[i].key)),
            Reach::Back => fe <= cs && lay.segment[cs] == lay.segment[fe - 1],
            Reach::BackSentence => fe <= cs && lay.sentence[cs] == lay.sentence[fe - 1],
        }
    };
    // The nearest cue of a class that reaches the finding.
    // Cues are in text order; a cue further than REACH tokens from a
    // finding is not looked at, so a text of any length costs linear time.
    let nearest = |f: &Span, classes: &[CueClass]| -> Option<&Found> {
        let from = found.partition_point(|c| c.cue.tokens.start + REACH < f.tokens.start);
        let to = found.partition_point(|c| c.cue.tokens.start <= f.tokens.end + REACH);
        found[from..to.max(from)]
            .iter()
            .filter(|c| classes.contains(&c.cue.class) && reaches(c, f))
            .min_by_key(|c| {
                if c.cue.tokens.end <= f.tokens.start {
                    f.tokens.start - c.cue.tokens.end
                } else {
                    c.cue.tokens.start.saturating_sub(f.tokens.end)
                }
            })
    };
    let (people, person_at, self_emphasis) = people(tokens, &roles, &covered);
    // A finding that names its person inside ("can't wake him") is theirs:
    // the last other person named before the pronoun.
    let object_of = |f: &Span| -> Option<usize> {
        let at = f
            .tokens
            .clone()
            .find(|&i| roles[i].people & THIRD_BIT != 0)?;
        (0..at).rev().map(|j| person_at[j]).find(|&p| p != 0)
    };
    let fine_segments: Vec<u32> = (0..n)
        .filter(|&i| {
            !covered[i] && roles[i].cue & FINE_BIT != 0 && longest(tokens, i, keys::FINE).is_some()
        })
        .map(|i| lay.segment[i])
        .collect();
    // Segments only grow along the text: sorted, for binary search.
    let mut fine_segments = fine_segments;
    fine_segments.dedup();
    let mut out = Vec::with_capacity(findings.len());
    for f in findings {
        let mut a = Assertion {
            certainty: if f.negated {
                Certainty::Negated
            } else {
                Certainty::Affirmed
            },
            temporality: Temporality::Current,
            experiencer: Experiencer::Patient,
            certainty_cue: None,
            temporality_cue: None,
            experiencer_cue: None,
            person: object_of(f).unwrap_or(person_at[f.tokens.start]),
        };
        if !f.negated {
            if let Some(c) = nearest(f, &[CueClass::Uncertain, CueClass::Negated]) {
                a.certainty = if c.cue.class == CueClass::Negated {
                    Certainty::Negated
                } else {
                    Certainty::Uncertain
                };
                a.certainty_cue = Some(c.cue.clone());
            } else if queried(text, &tokens[f.tokens.start]) {
                a.certainty = Certainty::Uncertain;
                let at = f.tokens.start;
                a.certainty_cue = Some(Cue {
                    tokens: at..at,
                    class: CueClass::Uncertain,
                });
            }
        }
        if let Some(c) = nearest(f, &[CueClass::Hypothetical]) {
            a.temporality = Temporality::Hypothetical;
            a.temporality_cue = Some(c.cue.clone());
        } else if let Some(c) = nearest(f, &[CueClass::Historical]) {
            let sentence = lay.sentence[f.tokens.start];
            let from = current.partition_point(|c| c.at + REACH < f.tokens.start);
            let to = current.partition_point(|c| c.at <= f.tokens.end + REACH);
            // After "fine now" (a cue reaching back over its sentence) only
            // a word after it brings the finding back: "fainted yesterday
            // but is fine today" is over.
            let resolved = c.reach == Reach::BackSentence;
            let back_now = current[from..to.max(from)]
                .iter()
                .filter(|now| fine_segments.binary_search(&lay.segment[now.at]).is_err())
                .any(|&Current { at: i, forward }| {
                    lay.sentence[i] == sentence
                        && !c.cue.tokens.contains(&i)
                        && i >= c.cue.tokens.end
                        && (!forward || i < f.tokens.start)
                        || lay.sentence[i] == sentence && i >= f.tokens.end && !resolved && !forward
                });
            if !back_now {
                a.temporality = Temporality::Historical;
                a.temporality_cue = Some(c.cue.clone());
            }
        }
        if let Some(c) = nearest(f, &[CueClass::Other]) {
            a.experiencer = Experiencer::Other;
            a.experiencer_cue = Some(c.cue.clone());
        }
        out.push(a);
    }
    // The patient: the writer when they report a finding of their own,
    // else the other person with most findings.
    let mut count = vec![0usize; people.len()];
    let mut reactions = 0;
    let mut urgent_other: Option<usize> = None;
    for (f, a) in findings.iter().zip(&out) {
        if a.experiencer == Experiencer::Patient
            && a.certainty != Certainty::Negated
            && a.temporality != Temporality::Hypothetical
        {
            if f.decides_patient {
                count[a.person] += 1;
            } else if a.person == 0 {
                reactions += 1;
            }
            if a.person != 0
                && f.urgent
                && a.temporality == Temporality::Current
                && urgent_other.is_none()
            {
                urgent_other = Some(a.person);
            }
        }
    }
    // The writer named emphatically after someone else is the patient ("my
    // mother has high blood pressure and I worry about my own readings").
    // Else someone else's emergency now makes the description about them,
    // whatever the writer adds ("my husband collapsed, I'm panicking and
    // my heart is racing"; "my wife has chest pain, I have a headache").
    // Else the writer is the patient when they report a finding, or only
    // worry while nobody else has one.
    let best = count.iter().copied().max().unwrap_or(0);
    let patient = if self_emphasis {
        0
    } else if let Some(p) = urgent_other {
        p
    } else if count[0] > 0 || best == 0 && reactions > 0 {
        0
    } else {
        // The first of those with most findings ("my son has diarrhoea,
        // I'm worried" is about the son).
        count.iter().position(|&c| c == best && c > 0).unwrap_or(0)
    };
    let mut mixed = false;
    for (f, a) in findings.iter().zip(out.iter_mut()) {
        if a.experiencer == Experiencer::Patient && a.person != patient {
            a.experiencer = Experiencer::Other;
            a.experiencer_cue = Some(Cue {
                tokens: people[a.person].tokens.clone(),
                class: CueClass::Other,
            });
            mixed |= f.decides_patient && a.certainty != Certainty::Negated;
        }
    }
    Context {
        assertions: out,
        people,
        patient,
        mixed,
    }
}

/// Bits of `keys::PEOPLE_FIRST` masks.
const RELATIVE_BIT: u16 = 1;
const SELF_BIT: u16 = 1 << 1;
const WRITER_BIT: u16 = 1 << 2;
const THIRD_BIT: u16 = 1 << 3;
const MY_BIT: u16 = 1 << 4;

/// Follows mentions of people through the text: who is the subject at
/// each token. Returns the people (the writer first) and, per token, the
/// index of the person last mentioned before it.
fn people(
    tokens: &[Token],
    roles: &[keys::Roles],
    covered: &[bool],
) -> (Vec<Person>, Vec<usize>, bool) {
    let mut people = vec![Person {
        tokens: 0..0,
        writer: true,
    }];
    // Person index by the key of the noun that named them.
    let mut by_noun: Vec<(String, usize)> = Vec::new();
    let mut last_other: Option<usize> = None;
    let mut subject = 0usize;
    let mut emphasis = false;
    let mut at = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if covered[i] {
            at.push(subject);
            i += 1;
            continue;
        }
        let key = tokens[i].key.as_str();
        let mask = roles[i].people;
        if mask == 0 {
            at.push(subject);
            i += 1;
            continue;
        }
        // "my own", 我自己, or "I feel fine" after someone else is named.
        let fine_writer = mask & WRITER_BIT != 0
            && (i + 1..(i + 4).min(tokens.len())).any(|j| longest(tokens, j, keys::FINE).is_some());
        if last_other.is_some()
            && (mask & SELF_BIT != 0 && longest(tokens, i, keys::SELF_EMPHASIS).is_some()
                || fine_writer)
        {
            emphasis = true;
        }
        // "my mum", "my 3 year old", "our son", 我妈, 我老公; a relative
        // noun at the very start of a sentence counts too ("Mum has …").
        let relative = if mask & RELATIVE_BIT != 0 {
            longest(tokens, i, keys::RELATIVES)
        } else {
            None
        };
        if let Some(len) = relative {
            let owner = (i.saturating_sub(4)..i)
                .find(|&j| keys::contains(keys::POSSESSIVES, &tokens[j].key));
            let owned = owner.is_some() || i == 0;
            // "year old" needs a number before it; "old" alone is an adjective.
            let is_age = key == "old";
            let aged = is_age
                && i >= 2
                && matches!(
                    tokens[i - 1].key.as_str(),
                    "year" | "yr" | "month" | "week" | "day"
                );
            if owned && (!is_age || aged) {
                let noun: String = tokens[i..i + len].iter().map(|t| t.key.as_str()).collect();
                let p = match by_noun.iter().find(|(k, _)| *k == noun) {
                    Some(&(_, p)) => p,
                    None => {
                        people.push(Person {
                            tokens: owner.unwrap_or(i)..i + len,
                            writer: false,
                        });
                        by_noun.push((noun, people.len() - 1));
                        people.len() - 1
                    }
                };
                subject = p;
                last_other = Some(p);
                // "my 2 year old": the words from the possessive on are
                // theirs (the age is the child's).
                if let Some(j) = owner {
                    at[j..i].iter_mut().for_each(|a| *a = p);
                }
                for _ in 0..len {
                    at.push(subject);
                }
                i += len;
                continue;
            }
        }
        let next_is_relative = tokens
            .get(i + 1)
            .is_some_and(|_| roles[i + 1].people & RELATIVE_BIT != 0)
            && longest(tokens, i + 1, keys::RELATIVES).is_some();
        if mask & THIRD_BIT != 0 && !next_is_relative {
            // "He reports …", "…, she fainted once" with nobody named
            // before: the unnamed subject the whole description is about.
            subject = last_other.unwrap_or(0);
        } else if mask & (WRITER_BIT | MY_BIT) != 0 && !next_is_relative {
            subject = 0;
        }
        at.push(subject);
        i += 1;
    }
    (people, at, emphasis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, phrases, word_key};

    /// Marks the listed terms as findings (none negated) and returns
    /// (term, certainty, temporality, experiencer) for each.
    fn check(text: &str, terms: &[&str]) -> Vec<(String, Certainty, Temporality, Experiencer)> {
        let normalized = crate::normalize::Normalized::new(text);
        let text = normalized.as_str();
        let parsed = parse(text);
        let mut spans = Vec::new();
        for term in terms {
            let term = crate::normalize::Normalized::new(term);
            let words: Vec<String> = crate::parse::parse(term.as_str())
                .tokens
                .iter()
                .map(|t| t.key.clone())
                .collect();
            for i in 0..parsed.tokens.len() {
                if i + words.len() <= parsed.tokens.len()
                    && words
                        .iter()
                        .enumerate()
                        .all(|(j, w)| parsed.tokens[i + j].key == *w)
                {
                    spans.push(Span {
                        tokens: i..i + words.len(),
                        gaps: Vec::new(),
                        negated: false,
                        decides_patient: !matches!(
                            words[0].as_str(),
                            "worri" | "panick" | "anxious"
                        ),
                        urgent: matches!(words[0].as_str(), "collaps" | "seizur" | "faint"),
                    });
                }
            }
        }
        spans.sort_by_key(|s| s.tokens.start);
        let ps = phrases(&parsed, |i| spans.iter().any(|s| s.tokens.contains(&i)));
        let ctx = assert(&parsed.tokens, &ps, text, &spans);
        spans
            .iter()
            .zip(&ctx.assertions)
            .map(|(s, a)| {
                let from = parsed.tokens[s.tokens.start].span.start;
                let to = parsed.tokens[s.tokens.end - 1].span.end;
                (
                    text[from..to].to_string(),
                    a.certainty,
                    a.temporality,
                    a.experiencer,
                )
            })
            .collect()
    }

    use Certainty::*;
    use Experiencer::*;
    use Temporality::*;

    fn one(text: &str, term: &str) -> (Certainty, Temporality, Experiencer) {
        let got = check(text, &[term]);
        assert_eq!(got.len(), 1, "{text:?}: {got:?}");
        (got[0].1, got[0].2, got[0].3)
    }

    #[test]
    fn uncertainty_cues() {
        for (text, term) in [
            ("convulsions not ruled out", "convulsions"),
            ("sent to A&E to rule out a seizure", "seizure"),
            ("r/o seizure", "seizure"),
            ("cannot exclude a stroke", "stroke"),
            ("possible seizure last night", "seizure"),
            ("?seizure", "seizure"),
            ("suspected epilepsy", "epilepsy"),
            ("query fainting episode", "fainting"),
            ("不排除癫痫发作", "癫痫"),
            ("疑似中风", "中风"),
            ("待排除癫痫", "癫痫"),
            ("可能是心悸", "心悸"),
        ] {
            assert_eq!(one(text, term).0, Uncertain, "{text}");
        }
        assert_eq!(one("seizure was ruled out", "seizure").0, Negated);
        assert_eq!(one("已排除癫痫", "癫痫").0, Negated);
        assert_eq!(one("insomnia?", "insomnia").0, Affirmed);
        assert_eq!(one("h/o seizure", "seizure").0, Affirmed);
    }

    #[test]
    fn historical_cues() {
        for (text, term) in [
            ("history of fainting as a teenager, now fine", "fainting"),
            ("h/o seizures", "seizures"),
            ("PMH: epilepsy", "epilepsy"),
            ("I used to have night sweats", "night sweats"),
            ("I fainted as a child", "fainted"),
            ("had a seizure years ago", "seizure"),
            ("seizure-free for 5 years", "seizure"),
            ("insomnia, resolved", "insomnia"),
            ("以前经常失眠", "失眠"),
            ("曾经晕倒", "晕倒"),
            ("既往癫痫", "癫痫"),
            ("小時候抽搐過", "抽搐"),
            ("去年头痛，已经好了", "头痛"),
            // Dates.
            ("had a seizure in 2019, fine since", "seizure"),
            ("in 2015 I fainted at work", "fainted"),
            ("he fainted back in 1998", "fainted"),
            ("2019年晕倒过", "晕倒"),
            ("had a seizure last year and now I'm worried", "seizure"),
        ] {
            assert_eq!(one(text, term).1, Historical, "{text}");
        }
        for (text, term) in [
            ("had palpitations yesterday and again today", "palpitations"),
            (
                "had palpitations as a kid and they're back this month",
                "palpitations",
            ),
            ("I used to get headaches and still do", "headaches"),
            ("以前失眠，最近又失眠了", "失眠了"),
            // Not past: a birth year, a start, and what follows "now".
            ("my dad, born in 1950, fainted", "fainted"),
            ("insomnia since 2019", "insomnia"),
            ("2019年开始失眠", "失眠"),
            ("女儿2025年出生，发烧", "发烧"),
            ("last year he had a stroke, now he fainted", "fainted"),
            ("去年中风，而家晕倒", "晕倒"),
        ] {
            assert_eq!(one(text, term).1, Current, "{text}");
        }
    }

    #[test]
    fn hypothetical_cues() {
        for (text, term) in [
            ("what should I do if I get night sweats?", "night sweats"),
            ("in case of a seizure", "seizure"),
            ("worried I might faint", "faint"),
            ("如果失眠怎么办", "失眠"),
            ("萬一暈倒怎麼辦", "暈倒"),
            ("怕會中風", "中风"),
        ] {
            assert_eq!(one(text, term).1, Hypothetical, "{text}");
        }
        // The conditional clause ends at its comma.
        assert_eq!(
            one("if I don't sleep, I get palpitations", "palpitations").1,
            Current
        );
        assert_eq!(one("when I don't eat, I get dizzy", "dizzy").1, Current);
    }

    #[test]
    fn experiencer_and_the_patient() {
        assert_eq!(one("family history of epilepsy", "epilepsy").2, Other);
        assert_eq!(one("FHx: stroke", "stroke").2, Other);
        assert_eq!(one("epilepsy runs in the family", "epilepsy").2, Other);
        assert_eq!(one("家族史：高血压", "高血压").2, Other);
        // The writer's own symptom after a family history is theirs.
        let got = check(
            "family history of epilepsy, I have insomnia",
            &["epilepsy", "insomnia"],
        );
        assert_eq!((got[0].3, got[1].3), (Other, Patient));
        assert_eq!(got[1].2, Current);
        // A relative's illness beside the writer's own.
        let got = check(
            "my mum has high blood pressure, I can't sleep",
            &["high blood pressure", "can't sleep"],
        );
        assert_eq!((got[0].3, got[1].3), (Other, Patient));
        let got = check(
            "my wife has hot flushes and night sweats but I'm the one who can't sleep",
            &["hot flushes", "night sweats", "can't sleep"],
        );
        assert_eq!((got[0].3, got[1].3, got[2].3), (Other, Other, Patient));
        let got = check("我媽有高血壓，我自己失眠", &["高血压", "失眠"]);
        assert_eq!((got[0].3, got[1].3), (Other, Patient));
        // A description about someone else: they are the patient.
        assert_eq!(
            one("my dad collapsed and won't wake up", "collapsed").2,
            Patient
        );
        let got = check(
            "my dad collapsed and won't wake up, I'm panicking",
            &["collapsed", "panicking"],
        );
        assert_eq!(got[0].3, Patient);
        assert_eq!(one("my brother has epilepsy", "epilepsy").2, Patient);
        assert_eq!(
            one("Asking for my dad. He gets headaches", "headaches").2,
            Patient
        );
        assert_eq!(one("我儿子发烧抽搐", "抽搐").2, Patient);
    }

    #[test]
    fn near_misses_onsets_and_recovery() {
        // It nearly happened: it did not.
        assert_eq!(one("I nearly fainted", "fainted").1, Hypothetical);
        assert_eq!(one("差点晕倒", "晕倒").1, Hypothetical);
        assert_eq!(
            one("almost every night night sweats", "night sweats").1,
            Current
        );
        // "Since last year" is when it began, not a past episode.
        assert_eq!(
            one("night sweats since last year", "night sweats").1,
            Current
        );
        assert_eq!(one("night sweats last year", "night sweats").1, Historical);
        // A well clause does not bring a past symptom back.
        assert_eq!(
            one(
                "I used to get insomnia, sleeping fine these days",
                "insomnia"
            )
            .1,
            Historical
        );
        assert_eq!(
            one("生完BB嗰陣成日盜汗，而家已經好咗", "盜汗").1,
            Historical
        );
    }

    #[test]
    fn the_writer_named_after_someone_else() {
        let got = check(
            "my mother has high blood pressure and I worry about my own readings",
            &["high blood pressure", "worry"],
        );
        assert_eq!(got[0].3, Other);
        let got = check("flatmate has diarrhoea; I feel fine", &["diarrhoea"]);
        assert_eq!(got[0].3, Other);
        // Worry beside someone else's emergency: the other is the patient.
        let got = check(
            "my dad collapsed, I'm so worried",
            &["collapsed", "worried"],
        );
        assert_eq!(got[0].3, Patient);
        // A heredity word anywhere in the sentence.
        assert_eq!(one("我爸爸有癫痫，想问我会不会遗传到", "癫痫").2, Other);
    }

    #[test]
    fn keys_are_stems() {
        assert_eq!(word_key("possible"), "possibl");
        assert!(keys::contains(keys::TERMINATORS, &word_key("since")));
    }
}
