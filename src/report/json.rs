//! The JSON contract: the `Json*` types, borrowed from an [`Analysis`](crate::Analysis), and
//! how an analysis becomes one. Field names and meanings are stable within a
//! [`SCHEMA_VERSION`], documented in README.md and described by
//! `schema/match.schema.json`; offsets are UTF-8 bytes into `input`.

use super::{CareDetail, Detail, View, NOTICE, SCHEMA_VERSION};
use crate::assertion::{Certainty, Experiencer, Temporality};
use crate::lexicon::MatchKind;
use crate::matcher::{Analysis, AssertionCue, CareFor, Matcher};
use crate::region::{localize, Region};
use crate::rules::schema::{CareDef, CareKind, Role};
use crate::rules::{Rule, RuleBase};
use crate::score::{Effect, Match};
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use serde_json::value::RawValue;
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

/// A finding in the JSON contract. A [`Detail::Compact`] document leaves
/// out `term` when it is `text`, `match` when `exact`, `similarity` when 1, `negated` and `cue`,
/// `certainty` when `affirmed`, `temporality` when `current`,
/// `experiencer` when `patient`, `counts` when true and every null field.
#[derive(Debug)]
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
    /// `exact`, `synonym` or `fuzzy`; serialised as `match`.
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

/// One line of evidence in the JSON contract. A [`Detail::Compact`]
/// document keeps `finding`, `value`, and `effect` when it is not
/// `supports`: the symptom and similarity are the finding's, the role and
/// weight the rule's.
#[derive(Debug)]
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

/// A matched rule in the JSON contract. A [`Detail::Compact`] document
/// leaves out the rule's fixed facts (`pattern`, `pattern_zh`, `icd11`)
/// and `thin` when false.
#[derive(Debug)]
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

/// A red flag in the JSON contract. A [`Detail::Compact`] document leaves
/// out a null `symptom` or `rule` and `possible` when false.
#[derive(Debug)]
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

/// One reason of the triage in the JSON contract. A [`Detail::Compact`]
/// document leaves out `text` when a red flag of the same presentation
/// says it (its `message`), a null `finding` and `possible` when false.
#[derive(Debug)]
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
#[derive(Debug)]
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
    /// One of the above, already serialised (a batch renders each rule's
    /// list once, not once per line).
    Rendered(&'a RawValue),
}

/// The whole JSON document of `match --format json`, or one line of a
/// batch (with `line`, and `id` for JSON Lines input). A
/// [`Detail::Compact`] document also leaves out `unrecognized` and
/// `red_flags` when empty, `best_ki1` and `about` when null, `mixed` when
/// false, and the notice.
#[derive(Debug)]
pub struct JsonReport<'a> {
    /// The contract's version, [`SCHEMA_VERSION`].
    pub schema_version: &'static str,
    /// How much the document spells out; serialised as `"detail":
    /// "compact"` after `schema_version` when compact, absent when full.
    pub detail: Detail,
    /// A batch line's 1-based number; absent (`None`) in a single document.
    pub line: Option<u64>,
    /// The `id` of a JSON Lines input object as written (`null` when the
    /// object has none); absent (`None`) otherwise.
    pub id: Option<&'a RawValue>,
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
        detail: view.detail,
        line: None,
        id: None,
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

/// `value` serialised with `detail`.
struct Detailed<'a, T: ?Sized>(&'a T, Detail);

/// On its own (outside a report), a part of the contract is full.
macro_rules! full_on_its_own {
    ($($t:ident),*) => {$(
        impl Serialize for $t<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                Detailed(self, Detail::Full).serialize(s)
            }
        }
    )*};
}

full_on_its_own!(JsonFinding, JsonEvidence, JsonMatch, JsonRedFlag);

impl<T> Serialize for Detailed<'_, [T]>
where
    for<'b> Detailed<'b, T>: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|item| Detailed(item, self.1)))
    }
}

/// Serialises `key: value` unless the document is compact and `omit`.
fn field<T: Serialize + ?Sized, S: SerializeStruct>(
    out: &mut S,
    compact: bool,
    omit: bool,
    key: &'static str,
    value: &T,
) -> Result<(), S::Error> {
    if compact && omit {
        out.skip_field(key)
    } else {
        out.serialize_field(key, value)
    }
}

impl Serialize for Detailed<'_, JsonFinding<'_>> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (f, compact) = (self.0, self.1 == Detail::Compact);
        let mut out = s.serialize_struct("JsonFinding", 18)?;
        out.serialize_field("text", f.text)?;
        out.serialize_field("start", &f.start)?;
        out.serialize_field("end", &f.end)?;
        out.serialize_field("symptom", f.symptom)?;
        field(&mut out, compact, f.term == f.text, "term", f.term)?;
        field(
            &mut out,
            compact,
            f.kind == MatchKind::Exact,
            "match",
            &f.kind,
        )?;
        field(
            &mut out,
            compact,
            f.similarity == 1.0,
            "similarity",
            &f.similarity,
        )?;
        field(&mut out, compact, true, "negated", &f.negated)?;
        field(&mut out, compact, true, "cue", &f.cue)?;
        let affirmed = f.certainty == Certainty::Affirmed;
        field(&mut out, compact, affirmed, "certainty", &f.certainty)?;
        let current = f.temporality == Temporality::Current;
        field(&mut out, compact, current, "temporality", &f.temporality)?;
        let own = f.experiencer == Experiencer::Patient;
        field(&mut out, compact, own, "experiencer", &f.experiencer)?;
        let cues = [
            ("certainty_cue", &f.certainty_cue),
            ("temporality_cue", &f.temporality_cue),
            ("experiencer_cue", &f.experiencer_cue),
        ];
        for (key, cue) in cues {
            field(&mut out, compact, cue.is_none(), key, cue)?;
        }
        field(&mut out, compact, f.counts, "counts", &f.counts)?;
        field(&mut out, compact, f.doubt.is_none(), "doubt", &f.doubt)?;
        let explained = &f.explained_by;
        field(
            &mut out,
            compact,
            explained.is_none(),
            "explained_by",
            explained,
        )?;
        out.end()
    }
}

impl Serialize for Detailed<'_, JsonEvidence<'_>> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (e, compact) = (self.0, self.1 == Detail::Compact);
        let mut out = s.serialize_struct("JsonEvidence", 8)?;
        field(&mut out, compact, true, "symptom", e.symptom)?;
        out.serialize_field("finding", &e.finding)?;
        field(&mut out, compact, true, "role", e.role)?;
        field(&mut out, compact, true, "weight", &e.weight)?;
        field(&mut out, compact, true, "similarity", &e.similarity)?;
        field(&mut out, compact, true, "specificity", &e.specificity)?;
        out.serialize_field("value", &e.value)?;
        let supports = e.effect == Effect::Supports;
        field(&mut out, compact, supports, "effect", &e.effect)?;
        out.end()
    }
}

impl Serialize for Detailed<'_, JsonMatch<'_>> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (m, compact) = (self.0, self.1 == Detail::Compact);
        let mut out = s.serialize_struct("JsonMatch", 9)?;
        out.serialize_field("rule", m.rule)?;
        field(&mut out, compact, true, "pattern", m.pattern)?;
        field(&mut out, compact, true, "pattern_zh", m.pattern_zh)?;
        field(&mut out, compact, true, "icd11", &m.icd11)?;
        out.serialize_field("ki1", &m.ki1)?;
        out.serialize_field("score", &m.score)?;
        field(&mut out, compact, !m.thin, "thin", &m.thin)?;
        out.serialize_field("evidence", &Detailed(&m.evidence[..], self.1))?;
        out.serialize_field("missing", &m.missing)?;
        out.end()
    }
}

impl Serialize for JsonReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, compact) = (self, self.detail == Detail::Compact);
        let mut out = s.serialize_struct("JsonReport", 15)?;
        out.serialize_field("schema_version", r.schema_version)?;
        // Present only when they say something, in full documents too.
        if compact {
            out.serialize_field("detail", "compact")?;
        }
        if let Some(line) = r.line {
            out.serialize_field("line", &line)?;
        }
        if let Some(id) = r.id {
            out.serialize_field("id", id)?;
        }
        out.serialize_field("input", r.input)?;
        out.serialize_field("findings", &Detailed(&r.findings[..], r.detail))?;
        let none = r.unrecognized.is_empty();
        field(&mut out, compact, none, "unrecognized", &r.unrecognized)?;
        out.serialize_field("matches", &Detailed(&r.matches[..], r.detail))?;
        field(
            &mut out,
            compact,
            r.best_ki1.is_none(),
            "best_ki1",
            &r.best_ki1,
        )?;
        let none = r.red_flags.is_empty();
        let flags = Detailed(&r.red_flags[..], r.detail);
        field(&mut out, compact, none, "red_flags", &flags)?;
        let triage = TriageOut {
            triage: &r.triage,
            flags: &r.red_flags,
            detail: r.detail,
        };
        out.serialize_field("triage", &triage)?;
        field(&mut out, compact, r.about.is_none(), "about", &r.about)?;
        field(&mut out, compact, !r.mixed, "mixed", &r.mixed)?;
        out.serialize_field("care", &r.care)?;
        field(&mut out, compact, true, "notice", r.notice)?;
        out.end()
    }
}

impl Serialize for Detailed<'_, JsonRedFlag<'_>> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (f, compact) = (self.0, self.1 == Detail::Compact);
        let mut out = s.serialize_struct("JsonRedFlag", 6)?;
        field(
            &mut out,
            compact,
            f.symptom.is_none(),
            "symptom",
            &f.symptom,
        )?;
        field(&mut out, compact, f.rule.is_none(), "rule", &f.rule)?;
        out.serialize_field("message", &f.message)?;
        out.serialize_field("presentation", f.presentation)?;
        out.serialize_field("level", f.level)?;
        field(&mut out, compact, !f.possible, "possible", &f.possible)?;
        out.end()
    }
}

/// The triage with the red flags whose messages its reasons may repeat.
struct TriageOut<'a> {
    triage: &'a JsonTriage<'a>,
    flags: &'a [JsonRedFlag<'a>],
    detail: Detail,
}

impl Serialize for TriageOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("JsonTriage", 2)?;
        out.serialize_field("level", self.triage.level)?;
        let reasons = self.triage.reasons.iter().map(|r| ReasonOut {
            reason: r,
            flags: self.flags,
            detail: self.detail,
        });
        out.serialize_field("reasons", &Reasons(reasons))?;
        out.end()
    }
}

impl Serialize for JsonTriage<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let full = TriageOut {
            triage: self,
            flags: &[],
            detail: Detail::Full,
        };
        full.serialize(s)
    }
}

/// A sequence serialised from a cloneable iterator.
struct Reasons<I>(I);

impl<'a, I: Iterator<Item = ReasonOut<'a>> + Clone> Serialize for Reasons<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

/// One reason, and the red flags whose message may say its text.
struct ReasonOut<'a> {
    reason: &'a JsonReason<'a>,
    flags: &'a [JsonRedFlag<'a>],
    detail: Detail,
}

impl Serialize for ReasonOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, compact) = (self.reason, self.detail == Detail::Compact);
        let said = self
            .flags
            .iter()
            .any(|f| f.presentation == r.presentation && f.message == r.text);
        let mut out = s.serialize_struct("JsonReason", 5)?;
        field(&mut out, compact, said, "text", &r.text)?;
        field(
            &mut out,
            compact,
            r.finding.is_none(),
            "finding",
            &r.finding,
        )?;
        out.serialize_field("presentation", r.presentation)?;
        out.serialize_field("level", r.level)?;
        field(&mut out, compact, !r.possible, "possible", &r.possible)?;
        out.end()
    }
}

impl Serialize for JsonReason<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let full = ReasonOut {
            reason: self,
            flags: &[],
            detail: Detail::Full,
        };
        full.serialize(s)
    }
}
