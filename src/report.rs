//! Rendering an [`Analysis`]: the human report of `match`, the full trace of
//! `explain`, and the JSON contract of `--format json`.
//!
//! Functions here return strings and never print. Human output carries ANSI
//! styles; the CLI writes it through `anstream`, which strips them when
//! stdout is not a terminal or `NO_COLOR` is set.
//!
//! The JSON contract (documented in README.md) is made of the `Json*` types
//! below; field names and meanings are stable. All `start`/`end` values are
//! UTF-8 byte offsets into `input`, so `input[start..end] == text`.

use crate::assertion::{Certainty, Experiencer, Temporality};
use crate::lexicon::MatchKind;
use crate::matcher::{Analysis, AssertionCue, CareFor, Matcher};
use crate::negation::CueKind;
use crate::region::{localize, Region};
use crate::rules::schema::{CareKind, Role};
use crate::rules::{Rule, RuleBase};
use crate::score::{Effect, Match};
use crate::triage::Level;
use owo_colors::OwoColorize;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write;

/// The notice printed once with every human report.
pub const NOTICE: &str = "Educational information about KI 1 (YongQuan), not a diagnosis. \
See a qualified practitioner; call emergency services for any red flag.";

/// Column at which human output wraps long text.
const WIDTH: usize = 100;

/// `text` in lines of at most [`WIDTH`] columns, the first line starting
/// with `first`, the others with `rest`.
///
/// Lines are filled greedily (textwrap's first-fit) at spaces, a word's
/// width its byte length when it is ASCII (textwrap's display width
/// otherwise): textwrap's general path, with its Unicode width and
/// line-breaking machinery, cost a fifth of a cold `match` (callgrind). Text
/// with a word longer than a line (Chinese runs without spaces) still takes
/// that path, which breaks between characters.
fn fill(text: &str, first: &str, rest: &str) -> String {
    let widths = [
        WIDTH.saturating_sub(textwrap::core::display_width(first)) as f64,
        WIDTH.saturating_sub(textwrap::core::display_width(rest)) as f64,
    ];
    let mut out = String::with_capacity(text.len() + 64);
    for (n, line) in text.split('\n').enumerate() {
        let words: Vec<Word> = line
            .split_inclusive(' ')
            .map(|w| {
                let word = w.trim_end_matches(' ');
                let width = if word.is_ascii() {
                    word.len()
                } else {
                    textwrap::core::display_width(word)
                };
                Word(word, width, w.len() - word.len())
            })
            .collect();
        if words.iter().any(|w| w.1 as f64 > widths[1]) {
            let options = textwrap::Options::new(WIDTH)
                .initial_indent(first)
                .subsequent_indent(rest)
                .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            return textwrap::fill(text, options);
        }
        if n > 0 {
            out.push('\n');
        }
        let line_widths = if n == 0 { &widths[..] } else { &widths[1..] };
        for (i, ws) in textwrap::wrap_algorithms::wrap_first_fit(&words, line_widths)
            .iter()
            .enumerate()
        {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(if n == 0 && i == 0 { first } else { rest });
            for (j, w) in ws.iter().enumerate() {
                if j > 0 {
                    out.push(' ');
                }
                out.push_str(w.0);
            }
        }
    }
    out
}

/// A word, its display width and the spaces after it, for first-fit.
#[derive(Debug)]
struct Word<'a>(&'a str, usize, usize);

impl textwrap::core::Fragment for Word<'_> {
    fn width(&self) -> f64 {
        self.1 as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.2 as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// `explain` looks up the nearest terms (an exhaustive comparison) for this
/// many unrecognized phrases at most, so a huge paste stays fast.
pub const MAX_EXPLAINED_UNRECOGNIZED: usize = 50;

/// What to show.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// Rules shown at most.
    pub top: usize,
    /// Rules under this score are hidden.
    pub min_score: f64,
    /// Whose emergency number to give; `None`: "your local emergency number".
    pub region: Option<crate::region::Region>,
}

impl Default for View {
    fn default() -> Self {
        View {
            top: 3,
            min_score: crate::score::DEFAULT_MIN_SCORE,
            region: None,
        }
    }
}

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

/// The whole JSON document of `match --format json`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
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
    pub care: Vec<JsonCare<'a>>,
    /// The educational-use notice.
    pub notice: &'static str,
}

fn role_name(r: Role) -> &'static str {
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
        .map(|(id, c)| JsonCare {
            id,
            kind: care_kind(c.kind),
            title: &c.title,
            text: localize(&c.text, region),
            zh: c.zh.as_deref(),
            cautions: &c.cautions,
            sources: &c.sources,
        })
        .collect()
}

/// A rule's care items in display order, for whom they must fit: no
/// adult-only item for a young child; in an emergency, advice (what to do
/// now, when to call) before any KI 1 technique.
pub fn care_items<'a>(
    rules: &'a RuleBase,
    rule: &'a Rule,
    who: CareFor,
) -> Vec<(&'a String, &'a crate::rules::schema::CareDef)> {
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
    let shown: Vec<&Match> = a.ranked(view.min_score).take(view.top).collect();
    let matches = shown.iter().map(|mm| json_match(rules, mm)).collect();
    JsonReport {
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
        best_ki1: a
            .best_ki1(rules, view.min_score)
            .map(|mm| rules.rule(mm.rule).id.as_str()),
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
        care: shown
            .first()
            .map(|mm| care_json(rules, rules.rule(mm.rule), a.care_for(rules), view.region))
            .unwrap_or_default(),
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
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The input with every finding highlighted (negated ones struck through).
pub fn highlight(a: &Analysis) -> String {
    let mut out = String::new();
    let mut at = 0;
    for f in &a.findings {
        if f.span.start < at {
            continue;
        }
        out.push_str(&a.input[at..f.span.start]);
        let text = &a.input[f.span.clone()];
        if f.negation.is_some() {
            let _ = write!(out, "{}", text.dimmed().strikethrough());
        } else {
            let _ = write!(out, "{}", text.bold().green());
        }
        at = f.span.end;
    }
    out.push_str(&a.input[at..]);
    out
}

fn red_flags(out: &mut String, m: &Matcher, a: &Analysis, region: Option<Region>) {
    let rules = m.rules();
    let headline = match a.triage.level {
        Level::EmergencyAmbulance => Some(format!(
            "EMERGENCY: call an ambulance ({}) now.",
            region.map_or("your local emergency number", Region::number)
        )),
        Level::Emergency => Some("EMERGENCY: get emergency care now.".to_string()),
        Level::Consultation24 => Some("URGENT: see a doctor within 24 hours.".to_string()),
        _ => None,
    };
    if let Some(h) = headline {
        let _ = writeln!(out, "{}", h.bold().red());
    }
    for r in &a.red_flags {
        let what = match (r.symptom, r.rule) {
            (Some(s), _) => {
                let f = r.finding.map(|i| &a.findings[i].text);
                format!(
                    "{} (\"{}\")",
                    rules.symptom(s).name,
                    f.map_or("", |t| t.as_str())
                )
            }
            (None, Some(rule)) => rules.rule(rule).pattern.en.clone(),
            (None, None) => {
                let f = r.finding.map(|i| &a.findings[i].text);
                let name = crate::presentations::combination_name(&r.presentation)
                    .unwrap_or(&r.presentation);
                format!("{name} (\"{}\")", f.map_or("", |t| t.as_str()))
            }
        };
        let label = if r.possible {
            "POSSIBLE RED FLAG"
        } else {
            "RED FLAG"
        };
        let _ = writeln!(
            out,
            "{} {}: {}",
            label.bold().red(),
            what.bold(),
            localize(&r.message, region)
        );
    }
    if a.triage.level >= Level::Consultation24 && region.is_none() {
        let _ = writeln!(
            out,
            "Emergency numbers: {} (--region sets yours).",
            crate::region::COMMON
        );
    }
    if !a.red_flags.is_empty() {
        out.push('\n');
    }
}

/// Who the description is about, and the findings that are not evidence
/// (uncertain, past, hypothetical, someone else's) with the cue that set
/// each aside.
fn set_aside(out: &mut String, a: &Analysis) {
    if let Some(about) = &a.about {
        let _ = writeln!(out, "{} \"{}\"", "About:".bold(), about.text);
    }
    if a.mixed {
        let _ = writeln!(
            out,
            "{}",
            "This description mixes two people's symptoms: only the patient's count.".yellow()
        );
    }
    let mut lines = Vec::new();
    for f in &a.findings {
        let x = &f.assertion;
        if f.counts() || x.denies() {
            continue;
        }
        let mut why = Vec::new();
        if x.certainty == Certainty::Uncertain {
            why.push(cue_words("uncertain", x.certainty_cue.as_ref()));
        }
        match x.temporality {
            Temporality::Historical => {
                why.push(cue_words("historical", x.temporality_cue.as_ref()))
            }
            Temporality::Hypothetical => {
                why.push(cue_words("hypothetical", x.temporality_cue.as_ref()))
            }
            _ => {}
        }
        if x.experiencer == Experiencer::Other {
            why.push(cue_words("someone else's", x.experiencer_cue.as_ref()));
        }
        if x.certainty == Certainty::Negated {
            why.push(cue_words("denied", x.certainty_cue.as_ref()));
        }
        if let Some(d) = f.doubt {
            why.push(d.describe().to_string());
        }
        if let Some(c) = f.explained_by {
            why.push(format!("explained by \"{}\"", a.findings[c].text));
        }
        lines.push(format!("  \"{}\": {}", f.text, why.join("; ")));
    }
    if !lines.is_empty() {
        let _ = writeln!(out, "{}", "Set aside (not evidence):".bold());
        for l in lines {
            let _ = writeln!(out, "{}", l.dimmed());
        }
    }
    if a.about.is_some()
        || a.mixed
        || !a
            .findings
            .iter()
            .all(|f| f.counts() || f.assertion.denies())
    {
        out.push('\n');
    }
}

fn cue_words(what: &str, cue: Option<&AssertionCue>) -> String {
    match cue {
        Some(c) if !c.text.is_empty() => format!("{what}: \"{}\"", c.text),
        _ => what.to_string(),
    }
}

fn evidence_line(m: &Matcher, a: &Analysis, mm: &Match) -> String {
    let rules = m.rules();
    let parts: Vec<String> = mm
        .evidence
        .iter()
        .map(|e| {
            let s = rules.symptom(e.symptom);
            let f = &a.findings[e.finding];
            let sign = match e.effect {
                Effect::Supports => format!("{:+.2}", e.value).green().to_string(),
                _ => format!("{:+.2}", e.value).red().to_string(),
            };
            let how = match e.effect {
                Effect::Supports => role_name(e.role).to_string(),
                Effect::Denied => "denied".to_string(),
                Effect::Against => "against".to_string(),
            };
            format!("{} \"{}\" ({how}) {sign}", s.id, f.text)
        })
        .collect();
    parts.join(" · ")
}

/// The ids of a match's missing key symptoms, comma-separated.
fn missing(rules: &RuleBase, mm: &Match) -> String {
    let names: Vec<&str> = mm
        .missing
        .iter()
        .map(|s| rules.symptom(*s).id.as_str())
        .collect();
    names.join(", ")
}

/// The human report of `yongquan match`.
pub fn human(m: &Matcher, a: &Analysis, view: View) -> String {
    let rules = m.rules();
    let mut out = String::new();
    red_flags(&mut out, m, a, view.region);
    let _ = writeln!(out, "{} {}", "Input:".bold(), highlight(a));
    out.push('\n');
    set_aside(&mut out, a);
    let shown: Vec<&Match> = a.ranked(view.min_score).take(view.top).collect();
    if shown.is_empty() {
        let weak_any = a.matches.iter().any(|m| m.score > 0.0);
        let _ = writeln!(
            out,
            "No pattern reaches the minimum score {:.2}: {}",
            view.min_score,
            if weak_any {
                "too little evidence to rank one."
            } else {
                "nothing matched, and KI 1 is not indicated by this description."
            }
        );
        let weak: Vec<String> = a
            .matches
            .iter()
            .filter(|m| m.score > 0.0 && m.score < view.min_score)
            .take(3)
            .map(|m| format!("{} {:.2}", rules.rule(m.rule).id, m.score))
            .collect();
        if !weak.is_empty() {
            let _ = writeln!(
                out,
                "Weak matches, thin evidence (lower --min-score to see them): {}",
                weak.join(", ")
            );
        }
    }
    for (i, mm) in shown.iter().enumerate() {
        let rule = rules.rule(mm.rule);
        let _ = writeln!(
            out,
            "{}. {}  {} ({})  score {:.2}{}{}",
            i + 1,
            rule.id.bold().cyan(),
            rule.pattern.en,
            rule.pattern.zh,
            mm.score,
            if mm.thin { "  — thin evidence" } else { "" }.yellow(),
            if rule.ki1 {
                ""
            } else {
                "  [not a KI 1 pattern]"
            }
            .dimmed()
        );
        let _ = writeln!(out, "   {}", evidence_line(m, a, mm));
        if !mm.missing.is_empty() {
            let _ = writeln!(out, "   missing key: {}", missing(rules, mm).dimmed());
        }
    }
    if !a.unrecognized.is_empty() {
        let list: Vec<String> = a
            .unrecognized
            .iter()
            .map(|u| format!("\"{}\"", u.text))
            .collect();
        let _ = writeln!(
            out,
            "\n{} {}",
            "Unrecognized:".bold(),
            list.join(", ").dimmed()
        );
    }
    if let Some(best) = shown.first().filter(|m| !rules.rule(m.rule).ki1) {
        let _ = writeln!(out, "\n{}", ki1_verdict(rules, a, best, view).bold());
    }
    if let Some(best) = shown.first().filter(|m| rules.rule(m.rule).ki1) {
        let rule = rules.rule(best.rule);
        let who = a.care_for(rules);
        let heading = if who.emergency {
            "Emergency first; KI 1 care only while help is on the way, for"
        } else {
            "KI 1 care for"
        };
        let _ = writeln!(out, "\n{} {}", heading.bold(), rule.id.bold());
        for (_, c) in care_items(rules, rule, who) {
            {
                let _ = writeln!(
                    out,
                    "{}",
                    fill(
                        &format!("{}: {}", c.title, localize(&c.text, view.region)),
                        "  • ",
                        "    "
                    )
                );
                for text in &c.cautions {
                    let _ = writeln!(out, "{}", fill(text, "    ! ", "      ").yellow());
                }
            }
        }
    }
    let _ = writeln!(out, "\n{}", fill(NOTICE, "", "").dimmed());
    crate::normalize::visible(&out).into_owned()
}

/// What a differential ranking first means for KI 1: "This fits Liver qi
/// stagnation (肝氣鬱結) better; KI 1 is not a main point for it.", then the
/// best KI 1 pattern that ranks, or that none does.
fn ki1_verdict(rules: &RuleBase, a: &Analysis, best: &Match, view: View) -> String {
    let top = rules.rule(best.rule);
    let line = match a.best_ki1(rules, view.min_score) {
        Some(k) => {
            let rule = rules.rule(k.rule);
            format!(
                "This fits {} ({}) better; KI 1 is not a main point for it. Best KI 1 pattern: {} ({}), score {:.2}.",
                top.pattern.en, top.pattern.zh, rule.id, rule.pattern.zh, k.score
            )
        }
        None => format!(
            "This fits {} ({}); KI 1 is not a main point for it, and no KI 1 pattern matches.",
            top.pattern.en, top.pattern.zh
        ),
    };
    fill(&line, "", "")
}

/// The full trace of `yongquan explain`: phrases, findings, and for each rule
/// (or only `only`) every contribution, the missing key symptoms, and why it
/// lost to the top rule.
pub fn explain(m: &Matcher, a: &Analysis, view: View, only: Option<&str>) -> String {
    let rules = m.rules();
    let lex = m.lexicon();
    let mut out = String::new();
    red_flags(&mut out, m, a, view.region);
    let _ = writeln!(out, "{} {}", "Input:".bold(), highlight(a));
    out.push('\n');
    set_aside(&mut out, a);
    let _ = writeln!(out, "{} {}", "Triage:".bold(), a.triage.level.as_str());
    let _ = writeln!(out, "\n{}", "Phrases (byte spans into the input):".bold());
    // Phrases without findings are the unrecognized ones, in the same order.
    let mut unrecognized = a.unrecognized.iter().enumerate();
    for p in &a.phrases {
        let _ = writeln!(out, "  [{}..{}] \"{}\"", p.span.start, p.span.end, p.text);
        if p.findings.is_empty() {
            let near = match unrecognized.next() {
                Some((k, u)) if k < MAX_EXPLAINED_UNRECOGNIZED => m.nearest(a, u, 3),
                Some(_) => {
                    let _ = writeln!(
                        out,
                        "      {} (nearest terms shown for the first {MAX_EXPLAINED_UNRECOGNIZED} only)",
                        "unrecognized".yellow()
                    );
                    continue;
                }
                None => Vec::new(),
            };
            if near.is_empty() {
                let _ = writeln!(
                    out,
                    "      {} (no lexicon term is close)",
                    "unrecognized".yellow()
                );
            } else {
                let list: Vec<String> = near
                    .iter()
                    .map(|n| {
                        format!(
                            "\"{}\" ({}) {:.2}",
                            n.term,
                            rules.symptom(n.symptom).id,
                            n.similarity
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "      {}; nearest under the threshold: {}",
                    "unrecognized".yellow(),
                    list.join(", ")
                );
            }
        }
        for &i in &p.findings {
            let f = &a.findings[i];
            let kind = match f.kind {
                MatchKind::Exact => "exact",
                MatchKind::Synonym => "synonym",
                MatchKind::Fuzzy => "fuzzy",
            };
            let mut line = format!(
                "      → {} [{}..{}] \"{}\" = term \"{}\" ({kind}, similarity {:.2})",
                rules.symptom(f.symptom).id.bold(),
                f.span.start,
                f.span.end,
                f.text,
                lex.text(&lex.terms[f.term]),
                f.similarity
            );
            if let Some(n) = &f.negation {
                let side = match n.kind {
                    CueKind::Pre => "before the term",
                    CueKind::Post => "after the term",
                    CueKind::Measured => "a normal reading",
                };
                let _ = write!(
                    line,
                    " {} by \"{}\" [{}..{}] ({side})",
                    "NEGATED".red(),
                    n.text,
                    n.span.start,
                    n.span.end
                );
            }
            let x = &f.assertion;
            let cue = |c: Option<&AssertionCue>| {
                c.map_or(String::new(), |c| {
                    format!(" by \"{}\" [{}..{}]", c.text, c.span.start, c.span.end)
                })
            };
            if x.certainty == Certainty::Uncertain {
                let _ = write!(
                    line,
                    " {}{}",
                    "UNCERTAIN".yellow(),
                    cue(x.certainty_cue.as_ref())
                );
            }
            match x.temporality {
                Temporality::Historical => {
                    let _ = write!(
                        line,
                        " {}{}",
                        "HISTORICAL".yellow(),
                        cue(x.temporality_cue.as_ref())
                    );
                }
                Temporality::Hypothetical => {
                    let _ = write!(
                        line,
                        " {}{}",
                        "HYPOTHETICAL".yellow(),
                        cue(x.temporality_cue.as_ref())
                    );
                }
                _ => {}
            }
            if x.experiencer == Experiencer::Other {
                let _ = write!(
                    line,
                    " {}{}",
                    "OTHER PERSON".yellow(),
                    cue(x.experiencer_cue.as_ref())
                );
            }
            if let Some(d) = f.doubt {
                let _ = write!(
                    line,
                    " {}",
                    format!("NOT READ AS A SYMPTOM ({})", d.describe()).yellow()
                );
            }
            if !f.counts() && !x.denies() {
                let _ = write!(line, " {}", "(not evidence)".dimmed());
            }
            let _ = writeln!(out, "{line}");
        }
    }

    let _ = writeln!(
        out,
        "\n{} score = E / (E + {}), E = Σ weight × similarity × specificity − penalties",
        "Rules".bold(),
        crate::score::SATURATION
    );
    let top = a.matches.first();
    // One rule when asked for, even one the findings do not touch.
    let listed: Vec<Cow<Match>> = match only {
        Some(id) => rules
            .rule_id(id)
            .map(|r| a.match_of(rules, r))
            .into_iter()
            .collect(),
        None => a.matches.iter().map(Cow::Borrowed).collect(),
    };
    // Rules a denial or an `against` finding touched but nothing supports:
    // one line for all of them, not a block each.
    let mut zero: Vec<&str> = Vec::new();
    for mm in listed.iter().map(|m| m.as_ref()) {
        let rule = rules.rule(mm.rule);
        if only.is_none() && mm.score <= 0.0 && mm.evidence.is_empty() {
            continue;
        }
        if only.is_none()
            && mm.score <= 0.0
            && mm.evidence.iter().all(|e| e.effect != Effect::Supports)
        {
            zero.push(&rule.id);
            continue;
        }
        let note = if !mm.anchored && mm.score > 0.0 {
            "  (not ranked: no key or weighted symptom found, nor two supporting ones)"
        } else if mm.score < view.min_score {
            "  (under --min-score: hidden by match)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "\n  {}  {} ({}{})  score {:.3}  E {:.3}{}{}{}",
            rule.id.bold().cyan(),
            rule.pattern.en,
            rule.pattern.zh,
            rule.pattern
                .icd11
                .as_deref()
                .map(|c| format!(", ICD-11 {c}"))
                .unwrap_or_default(),
            mm.score,
            mm.evidence_sum,
            if mm.thin { "  thin evidence" } else { "" },
            if rule.ki1 {
                ""
            } else {
                "  [not a KI 1 pattern]"
            },
            note
        );
        for e in &mm.evidence {
            let f = &a.findings[e.finding];
            let what = match e.effect {
                Effect::Supports => role_name(e.role),
                Effect::Denied => "denied",
                Effect::Against => "against",
            };
            let _ = writeln!(
                out,
                "    {:+.3}  {:<24} {:<10} w {:.2} × sim {:.2} × spec {:.2}   \"{}\" [{}..{}]",
                e.value,
                rules.symptom(e.symptom).id,
                what,
                e.weight,
                e.similarity,
                e.specificity,
                f.text,
                f.span.start,
                f.span.end
            );
        }
        if !mm.missing.is_empty() {
            let _ = writeln!(out, "    missing key symptoms: {}", missing(rules, mm));
        }
        if let Some(t) = top.filter(|t| t.rule != mm.rule && t.score > 0.0) {
            let _ = writeln!(out, "    {}", why_lost(rules, t, mm));
        }
    }
    if !zero.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            fill(
                &format!(
                    "  Score 0, only denied or contrary findings: {}",
                    zero.join(", ")
                ),
                "",
                "    "
            )
        );
    }
    let _ = writeln!(out, "\n{}", fill(NOTICE, "", "").dimmed());
    crate::normalize::visible(&out).into_owned()
}

/// One sentence: where the top rule's evidence beats this one's, symptom by
/// symptom (largest differences first), and what this one lost to penalties.
fn why_lost(rules: &RuleBase, top: &Match, this: &Match) -> String {
    let value = |m: &Match, s| {
        m.evidence
            .iter()
            .filter(|e| e.symptom == s && e.effect == Effect::Supports)
            .map(|e| e.value)
            .sum::<f64>()
    };
    let mut diffs: Vec<(f64, String)> = top
        .evidence
        .iter()
        .filter(|e| e.effect == Effect::Supports)
        .filter_map(|e| {
            let here = value(this, e.symptom);
            let d = e.value - here;
            (d > 0.005).then(|| {
                let id = &rules.symptom(e.symptom).id;
                let s = if here > 0.0 {
                    format!("{id} ({:+.2} there, {here:+.2} here)", e.value)
                } else {
                    format!("{id} ({:+.2})", e.value)
                };
                (d, s)
            })
        })
        .collect();
    diffs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let gains: Vec<String> = diffs.into_iter().take(4).map(|(_, s)| s).collect();
    let losses: Vec<String> = this
        .evidence
        .iter()
        .filter(|e| e.effect != Effect::Supports)
        .map(|e| format!("{} ({:+.2})", rules.symptom(e.symptom).id, e.value))
        .collect();
    let mut s = format!(
        "lost to {} by {:.3}",
        rules.rule(top.rule).id,
        top.score - this.score
    );
    if !gains.is_empty() {
        let _ = write!(s, "; the winner gains more from {}", gains.join(", "));
    }
    if !losses.is_empty() {
        let _ = write!(s, "; penalties here: {}", losses.join(", "));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{fill, WIDTH};

    /// textwrap's own first-fit, the reference `fill` must agree with.
    fn reference(text: &str, first: &str, rest: &str) -> String {
        let options = textwrap::Options::new(WIDTH)
            .initial_indent(first)
            .subsequent_indent(rest)
            .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .word_separator(textwrap::WordSeparator::AsciiSpace);
        textwrap::fill(text, options)
    }

    #[test]
    fn fill_wraps_as_textwrap_does() {
        let long =
            "Massage KI 1 every night before sleeping. Have a foot spa in warm water first. \
                    Then apply pressure with the pad of the thumb or middle finger; press and rub.";
        for text in [
            long,
            "Where KI 1 (YongQuan, 湧泉) is: on the sole, in the depression when the foot is in plantar flexion, at the junction of the anterior third.",
            "short",
            "two  spaces and a\nnew line that is also rather long, long enough to wrap once the width of one hundred columns is reached",
            "",
        ] {
            for (first, rest) in [("  • ", "    "), ("", ""), ("    ! ", "      ")] {
                assert_eq!(fill(text, first, rest), reference(text, first, rest), "{text:?}");
            }
        }
    }

    #[test]
    fn chinese_without_spaces_still_breaks_between_characters() {
        let text = "足底按摩".repeat(40);
        let out = fill(&text, "", "");
        assert!(out.lines().count() > 1);
        assert!(out
            .lines()
            .all(|l| textwrap::core::display_width(l) <= WIDTH));
    }
}
