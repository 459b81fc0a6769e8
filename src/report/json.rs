//! The JSON contract: the `Json*` types, borrowed from an [`Analysis`](crate::Analysis), and
//! how an analysis becomes one. Field names and meanings are stable within a
//! [`SCHEMA_VERSION`], documented in README.md and described by
//! `schema/match.schema.json`; offsets are UTF-8 bytes into `input`.

use super::{CareDetail, View, NOTICE, SCHEMA_VERSION};
use crate::assertion::{Certainty, Experiencer, Temporality};
use crate::lexicon::MatchKind;
use crate::matcher::{Analysis, AssertionCue, CareFor, Matcher};
use crate::region::{localize, Region};
use crate::rules::schema::{CareDef, CareKind, Role};
use crate::rules::{Rule, RuleBase};
use crate::score::{Effect, Match};
use serde::Serialize;
use std::borrow::Cow;

/// A text span in the JSON contract.
#[derive(Debug, Serialize)]
pub struct JsonSpan<'a> {
    /// The input's text at `start..end`.
    pub text: &'a str,
    /// UTF-8 byte offset of the first byte.
    pub start: usize,
    /// UTF-8 byte offset one past the last byte.
    pub end: usize,
}

/// A finding in the JSON contract.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    /// The input's words that matched.
    pub text: &'a str,
    /// Byte offset.
    pub start: usize,
    /// Byte offset (exclusive).
    pub end: usize,
    /// Symptom id.
    pub symptom: &'a str,
    /// The rule-base term it matched.
    pub term: &'a str,
    /// `exact`, `synonym` or `fuzzy`.
    #[serde(rename = "match")]
    pub kind: MatchKind,
    /// Similarity in [0, 1].
    pub similarity: f64,
    /// True when a negation cue denies it (exactly when `certainty` is `negated`).
    pub negated: bool,
    /// The cue, when negated.
    pub cue: Option<JsonSpan<'a>>,
    /// `affirmed`, `negated` or `uncertain`.
    pub certainty: Certainty,
    /// `current`, `historical` or `hypothetical`.
    pub temporality: Temporality,
    /// `patient` or `other`.
    pub experiencer: Experiencer,
    /// The cue behind a negated or uncertain certainty, or null.
    pub certainty_cue: Option<JsonSpan<'a>>,
    /// The cue behind a historical or hypothetical temporality, or null.
    pub temporality_cue: Option<JsonSpan<'a>>,
    /// The cue behind an `other` experiencer, or null.
    pub experiencer_cue: Option<JsonSpan<'a>>,
    /// True exactly when the finding is evidence for a rule: affirmed,
    /// current, the patient's, and not in `doubt`.
    pub counts: bool,
    /// Why a red-flag symptom's words are not read as that symptom
    /// (`real_word`, `lower_case_abbreviation`, `explained_abbreviation`,
    /// `lone_character`, `figurative`), or null.
    pub doubt: Option<crate::triage::Doubt>,
    /// Index into `findings` of the everyday cause that accounts for it
    /// ("hangover"), or null; such a finding is no evidence for a pattern.
    pub explained_by: Option<usize>,
}

/// One line of evidence in the JSON contract.
#[derive(Debug, Serialize)]
pub struct JsonEvidence<'a> {
    /// Symptom id.
    pub symptom: &'a str,
    /// Index into `findings`.
    pub finding: usize,
    /// `key`, `supporting`, `minor` or `weight`.
    pub role: &'static str,
    /// Role weight in (0, 1].
    pub weight: f64,
    /// Finding similarity in [0, 1].
    pub similarity: f64,
    /// 1/√(rules listing the symptom).
    pub specificity: f64,
    /// Signed contribution to the evidence sum.
    pub value: f64,
    /// `supports`, `denied` or `against`.
    pub effect: Effect,
}

/// A care item in the JSON contract.
#[derive(Debug, Serialize)]
pub struct JsonCare<'a> {
    /// Care key.
    pub id: &'a str,
    /// `location`, `massage`, `needling`, `moxibustion`, `herbal_paste` or `advice`.
    pub kind: &'static str,
    /// Title.
    pub title: &'a str,
    /// English text, with the region's emergency number.
    pub text: Cow<'a, str>,
    /// Chinese text, if any.
    pub zh: Option<&'a str>,
    /// Cautions to show with it.
    pub cautions: &'a [String],
    /// Source keys.
    pub sources: &'a [String],
}

/// A matched rule in the JSON contract.
#[derive(Debug, Serialize)]
pub struct JsonMatch<'a> {
    /// Rule id.
    pub rule: &'a str,
    /// English pattern name.
    pub pattern: &'a str,
    /// Chinese pattern name.
    pub pattern_zh: &'a str,
    /// ICD-11 code, if any.
    pub icd11: Option<&'a str>,
    /// True when the pattern is a KI 1 indication; false for a differential
    /// pattern (KI 1 is not a main point for it; it has no care text).
    pub ki1: bool,
    /// Score in [0, 1).
    pub score: f64,
    /// True when the evidence is thin.
    pub thin: bool,
    /// Contributions, largest first.
    pub evidence: Vec<JsonEvidence<'a>>,
    /// Key symptom ids not found.
    pub missing: Vec<&'a str>,
}

/// A red flag in the JSON contract.
#[derive(Debug, Serialize)]
pub struct JsonRedFlag<'a> {
    /// Symptom id that raised it, or null.
    pub symptom: Option<&'a str>,
    /// Rule id that raised it, or null.
    pub rule: Option<&'a str>,
    /// Urgent-care message, with the region's emergency number.
    pub message: Cow<'a, str>,
    /// The presentation: a symptom id, an emergency rule's id, or a
    /// combination (`shock`, `head-injury` …).
    pub presentation: &'a str,
    /// Its triage level.
    pub level: &'static str,
    /// True when the finding is only possible ("cannot rule out").
    pub possible: bool,
}

/// One reason of the triage in the JSON contract.
#[derive(Debug, Serialize)]
pub struct JsonReason<'a> {
    /// The urgent-care or advice text, with the region's emergency number.
    pub text: Cow<'a, str>,
    /// Index into `findings`, or null (an emergency rule).
    pub finding: Option<usize>,
    /// The presentation id.
    pub presentation: &'a str,
    /// This reason's level.
    pub level: &'static str,
    /// True when the finding is only possible.
    pub possible: bool,
}

/// The triage of the whole description in the JSON contract.
#[derive(Debug, Serialize)]
pub struct JsonTriage<'a> {
    /// `emergency_ambulance`, `emergency`, `consultation_24`,
    /// `consultation` or `self_care`.
    pub level: &'static str,
    /// Why, most urgent first.
    pub reasons: Vec<JsonReason<'a>>,
}

/// The `care` of a [`JsonReport`], as much of it as [`View::care`] asks
/// for: the items themselves, their ids (the texts are the rule base's,
/// the same for every description a rule tops), or `null` when not asked
/// for at all.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum JsonCareList<'a> {
    /// Every item with its text.
    Full(Vec<JsonCare<'a>>),
    /// The items' ids, in the same order.
    Ids(Vec<&'a str>),
    /// Not asked for: serialised as `null` (an empty list would say that no
    /// care applies).
    Omitted,
}

/// The whole JSON document of `match --format json`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// The contract's version, [`SCHEMA_VERSION`].
    pub schema_version: &'static str,
    /// The input as given.
    pub input: &'a str,
    /// Every finding, in text order.
    pub findings: Vec<JsonFinding<'a>>,
    /// Phrases where nothing matched.
    pub unrecognized: Vec<JsonSpan<'a>>,
    /// Matched rules, best first (at most `--top`, at least `--min-score`).
    pub matches: Vec<JsonMatch<'a>>,
    /// The id of the best-ranked KI 1 rule (`ki1: true`), whether or not
    /// it is among `matches` (a differential may rank above it), or null
    /// when no KI 1 rule ranks.
    pub best_ki1: Option<&'a str>,
    /// Emergency notices; present whatever rule ranks first.
    pub red_flags: Vec<JsonRedFlag<'a>>,
    /// How urgent the description is, with its reasons.
    pub triage: JsonTriage<'a>,
    /// The mention of the person the description is about ("my dad"), or
    /// null when it is the writer.
    pub about: Option<JsonSpan<'a>>,
    /// True when findings of someone else were set aside (two people's
    /// symptoms in one description).
    pub mixed: bool,
    /// KI 1 care for the best match: empty when nothing matched or when a
    /// differential pattern ranks first (care is only given for KI 1 rules).
    pub care: JsonCareList<'a>,
    /// The educational-use notice.
    pub notice: &'static str,
}

pub(super) fn role_name(r: Role) -> &'static str {
    match r {
        Role::Key => "key",
        Role::Supporting => "supporting",
        Role::Minor => "minor",
        Role::Weight(_) => "weight",
    }
}

fn care_kind(k: CareKind) -> &'static str {
    match k {
        CareKind::Location => "location",
        CareKind::Massage => "massage",
        CareKind::Needling => "needling",
        CareKind::Moxibustion => "moxibustion",
        CareKind::HerbalPaste => "herbal_paste",
        CareKind::Advice => "advice",
    }
}

/// The KI 1 care items of `rule`, in its order, as the JSON contract's
/// `care` list.
pub fn care_json<'a>(
    rules: &'a RuleBase,
    rule: &'a Rule,
    who: CareFor,
    region: Option<Region>,
) -> Vec<JsonCare<'a>> {
    care_items(rules, rule, who)
        .into_iter()
        .map(|(id, c)| care_item(id, c, region))
        .collect()
}

/// One care item in the JSON contract, its text with `region`'s emergency
/// number.
pub fn care_item<'a>(id: &'a str, c: &'a CareDef, region: Option<Region>) -> JsonCare<'a> {
    JsonCare {
        id,
        kind: care_kind(c.kind),
        title: &c.title,
        text: localize(&c.text, region),
        zh: c.zh.as_deref(),
        cautions: &c.cautions,
        sources: &c.sources,
    }
}

/// The `care` of a document whose best match is `top` (`None`: nothing
/// matched), with as much detail as `detail` asks for.
pub fn care_list<'a>(
    rules: &'a RuleBase,
    top: Option<&'a Rule>,
    who: CareFor,
    region: Option<Region>,
    detail: CareDetail,
) -> JsonCareList<'a> {
    match (detail, top) {
        (CareDetail::None, _) => JsonCareList::Omitted,
        (CareDetail::Ids, Some(rule)) => JsonCareList::Ids(
            care_items(rules, rule, who)
                .into_iter()
                .map(|(id, _)| id.as_str())
                .collect(),
        ),
        (CareDetail::Full, Some(rule)) => JsonCareList::Full(care_json(rules, rule, who, region)),
        (CareDetail::Ids, None) => JsonCareList::Ids(Vec::new()),
        (CareDetail::Full, None) => JsonCareList::Full(Vec::new()),
    }
}

/// A rule's care items in display order, for whom they must fit: no
/// adult-only item for a young child; in an emergency, advice (what to do
/// now, when to call) before any KI 1 technique.
pub fn care_items<'a>(
    rules: &'a RuleBase,
    rule: &'a Rule,
    who: CareFor,
) -> Vec<(&'a String, &'a CareDef)> {
    let mut items: Vec<_> = rule
        .care
        .iter()
        .filter_map(|k| rules.care.get_key_value(k))
        .filter(|(_, c)| !(who.child && c.adult_only))
        .collect();
    if who.emergency {
        // A stable sort: advice first, the rest in the author's order.
        items.sort_by_key(|(_, c)| c.kind != CareKind::Advice);
    }
    items
}

/// One rule's result in the JSON contract.
pub fn json_match<'a>(rules: &'a RuleBase, mm: &'a Match) -> JsonMatch<'a> {
    let rule = rules.rule(mm.rule);
    JsonMatch {
        rule: &rule.id,
        pattern: &rule.pattern.en,
        pattern_zh: &rule.pattern.zh,
        icd11: rule.pattern.icd11.as_deref(),
        ki1: rule.ki1,
        score: round(mm.score),
        thin: mm.thin,
        evidence: mm
            .evidence
            .iter()
            .map(|e| JsonEvidence {
                symptom: &rules.symptom(e.symptom).id,
                finding: e.finding,
                role: role_name(e.role),
                weight: round(e.weight),
                similarity: round(e.similarity),
                specificity: round(e.specificity),
                value: round(e.value),
                effect: e.effect,
            })
            .collect(),
        missing: mm
            .missing
            .iter()
            .map(|s| rules.symptom(*s).id.as_str())
            .collect(),
    }
}

/// Builds the JSON document (serialise it with `serde_json`).
pub fn json<'a>(m: &'a Matcher, a: &'a Analysis, view: View) -> JsonReport<'a> {
    let rules = m.rules();
    let lex = m.lexicon();
    let findings = a
        .findings
        .iter()
        .map(|f| JsonFinding {
            text: &f.text,
            start: f.span.start,
            end: f.span.end,
            symptom: &rules.symptom(f.symptom).id,
            term: lex.text(&lex.terms[f.term]),
            kind: f.kind,
            similarity: round(f.similarity),
            negated: f.assertion.certainty == Certainty::Negated,
            cue: f.negation.as_ref().map(|n| JsonSpan {
                text: &n.text,
                start: n.span.start,
                end: n.span.end,
            }),
            certainty: f.assertion.certainty,
            temporality: f.assertion.temporality,
            experiencer: f.assertion.experiencer,
            certainty_cue: f.assertion.certainty_cue.as_ref().map(cue_span),
            temporality_cue: f.assertion.temporality_cue.as_ref().map(cue_span),
            experiencer_cue: f.assertion.experiencer_cue.as_ref().map(cue_span),
            counts: f.counts(),
            doubt: f.doubt,
            explained_by: f.explained_by,
        })
        .collect();
    let shown: Vec<&Match> = a.ranked().take(view.top).collect();
    let matches = shown.iter().map(|mm| json_match(rules, mm)).collect();
    JsonReport {
        schema_version: SCHEMA_VERSION,
        input: &a.input,
        findings,
        unrecognized: a
            .unrecognized
            .iter()
            .map(|u| JsonSpan {
                text: &u.text,
                start: u.span.start,
                end: u.span.end,
            })
            .collect(),
        matches,
        best_ki1: a.best_ki1(rules).map(|mm| rules.rule(mm.rule).id.as_str()),
        red_flags: a
            .red_flags
            .iter()
            .map(|r| JsonRedFlag {
                symptom: r.symptom.map(|s| rules.symptom(s).id.as_str()),
                rule: r.rule.map(|s| rules.rule(s).id.as_str()),
                message: localize(&r.message, view.region),
                presentation: &r.presentation,
                level: r.level.as_str(),
                possible: r.possible,
            })
            .collect(),
        triage: JsonTriage {
            level: a.triage.level.as_str(),
            reasons: a
                .triage
                .reasons
                .iter()
                .map(|r| JsonReason {
                    text: localize(&r.text, view.region),
                    finding: r.finding,
                    presentation: &r.presentation,
                    level: r.level.as_str(),
                    possible: r.possible,
                })
                .collect(),
        },
        about: a.about.as_ref().map(cue_span),
        mixed: a.mixed,
        care: care_list(
            rules,
            shown.first().map(|mm| rules.rule(mm.rule)),
            a.care_for(rules),
            view.region,
            view.care,
        ),
        notice: NOTICE,
    }
}

fn cue_span(c: &AssertionCue) -> JsonSpan<'_> {
    JsonSpan {
        text: &c.text,
        start: c.span.start,
        end: c.span.end,
    }
}

/// Rounds to 4 decimals so JSON output is stable and readable.
pub(super) fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
