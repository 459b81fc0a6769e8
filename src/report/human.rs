//! The human report of `match` and the full trace of `explain`: plain text
//! with ANSI styles, wrapped at 100 columns, in English or Chinese
//! ([`Lang`]): fixed phrases from [`super::phrases`], names, messages and
//! care from the rule base's Chinese fields (English where a user's rule
//! has none).

use super::json::{care_items, role_name};
use super::phrases::{Lang, Phrases};
use super::wrap::fill;
use super::{View, MAX_EXPLAINED_UNRECOGNIZED};
use crate::assertion::{Certainty, Experiencer, Temporality};
use crate::lexicon::MatchKind;
use crate::matcher::RedFlag;
use crate::matcher::{Analysis, AssertionCue, Matcher};
use crate::negation::CueKind;
use crate::normalize::printable;
use crate::region::{localize, localize_zh, Region};
use crate::rules::schema::CareDef;
use crate::rules::{Rule, RuleBase, Symptom};
use crate::score::{Effect, Match};
use crate::triage::Level;
use owo_colors::OwoColorize;
use std::borrow::Cow;
use std::fmt::Write;

/// The input with every finding highlighted (negated ones struck through).
pub fn highlight(a: &Analysis) -> String {
    let mut out = String::new();
    let mut at = 0;
    for f in &a.findings {
        if f.span.start < at {
            continue;
        }
        out.push_str(&printable(&a.input[at..f.span.start]));
        let text = printable(&a.input[f.span.clone()]);
        if f.negation.is_some() {
            let _ = write!(out, "{}", text.dimmed().strikethrough());
        } else {
            let _ = write!(out, "{}", text.bold().green());
        }
        at = f.span.end;
    }
    out.push_str(&printable(&a.input[at..]));
    out
}

/// The texts of the rule base in one language, each falling back to the
/// English where a rule file gives no Chinese.
#[derive(Clone, Copy)]
struct Texts {
    lang: Lang,
    region: Option<Region>,
}

impl Texts {
    fn symptom(self, s: &Symptom) -> &str {
        match self.lang {
            Lang::Chinese => &s.zh,
            _ => &s.name,
        }
    }

    fn pattern(self, r: &Rule) -> &str {
        match self.lang {
            Lang::Chinese => &r.pattern.zh,
            _ => &r.pattern.en,
        }
    }

    /// `text`, or `zh` in Chinese when there is one, with the region's
    /// emergency number put in.
    fn localized<'t>(self, text: &'t str, zh: Option<&'t str>) -> Cow<'t, str> {
        match (self.lang, zh) {
            (Lang::Chinese, Some(zh)) => localize_zh(zh, self.region),
            _ => localize(text, self.region),
        }
    }

    /// A red flag's message.
    fn red_flag<'r>(self, rules: &'r RuleBase, r: &'r RedFlag) -> Cow<'r, str> {
        let zh = match (r.symptom, r.rule) {
            (Some(s), _) => rules.symptom(s).red_flag_zh.as_deref(),
            (None, Some(rule)) => rules.rule(rule).emergency_zh.as_deref(),
            (None, None) => crate::presentations::combination(&r.presentation).map(|c| c.text_zh),
        };
        self.localized(&r.message, zh)
    }

    /// A care item's title, text and cautions.
    fn care<'c>(self, c: &'c CareDef) -> (&'c str, Cow<'c, str>, &'c [String]) {
        match self.lang {
            Lang::Chinese => (
                c.title_zh.as_deref().unwrap_or(&c.title),
                self.localized(&c.text, c.zh.as_deref()),
                if c.cautions_zh.is_empty() {
                    &c.cautions
                } else {
                    &c.cautions_zh
                },
            ),
            _ => (&c.title, localize(&c.text, self.region), &c.cautions),
        }
    }
}

fn red_flags(out: &mut String, m: &Matcher, a: &Analysis, view: View, lang: Lang) {
    let rules = m.rules();
    let region = view.region;
    let p = lang.phrases();
    let texts = Texts { lang, region };
    let headline = match a.triage.level {
        Level::EmergencyAmbulance => {
            Some((p.ambulance)(region.map_or(p.local_number, Region::number)))
        }
        Level::Emergency => Some(p.emergency.to_string()),
        Level::Consultation24 => Some(p.within_24h.to_string()),
        _ => None,
    };
    if let Some(h) = headline {
        let _ = writeln!(out, "{}", h.bold().red());
    }
    for r in &a.red_flags {
        let what = match (r.symptom, r.rule) {
            (Some(s), _) => {
                let f = r.finding.map(|i| printable(&a.findings[i].text));
                quoted(
                    lang,
                    texts.symptom(rules.symptom(s)),
                    &f.unwrap_or_default(),
                )
            }
            (None, Some(rule)) => texts.pattern(rules.rule(rule)).to_string(),
            (None, None) => {
                let f = r.finding.map(|i| printable(&a.findings[i].text));
                let c = crate::presentations::combination(&r.presentation);
                let name = match (lang, c) {
                    (Lang::Chinese, Some(c)) => c.name_zh,
                    (_, Some(c)) => c.name,
                    (_, None) => &r.presentation,
                };
                quoted(lang, name, &f.unwrap_or_default())
            }
        };
        let label = if r.possible {
            p.possible_red_flag
        } else {
            p.red_flag
        };
        let _ = writeln!(
            out,
            "{} {}{}{}",
            label.bold().red(),
            what.bold(),
            p.colon,
            texts.red_flag(rules, r)
        );
    }
    if a.triage.level >= Level::Consultation24 && region.is_none() {
        let _ = writeln!(out, "{}", (p.numbers)(view.names.region));
    }
    if !a.red_flags.is_empty() {
        out.push('\n');
    }
}

/// Who the description is about, and the findings that are not evidence
/// (uncertain, past, hypothetical, someone else's) with the cue that set
/// each aside.
fn set_aside(out: &mut String, a: &Analysis, p: &Phrases) {
    if let Some(about) = &a.about {
        let _ = writeln!(
            out,
            "{}{}{}",
            p.about.bold(),
            p.gap,
            quote(p, &printable(&about.text))
        );
    }
    if a.mixed {
        let _ = writeln!(out, "{}", p.mixed.yellow());
    }
    let mut lines = Vec::new();
    for f in &a.findings {
        let x = &f.assertion;
        if f.counts() || x.denies() {
            continue;
        }
        let mut why = Vec::new();
        if x.certainty == Certainty::Uncertain {
            why.push(cue_words(p, p.uncertain, x.certainty_cue.as_ref()));
        }
        match x.temporality {
            Temporality::Historical => {
                why.push(cue_words(p, p.historical, x.temporality_cue.as_ref()))
            }
            Temporality::Hypothetical => {
                why.push(cue_words(p, p.hypothetical, x.temporality_cue.as_ref()))
            }
            _ => {}
        }
        if x.experiencer == Experiencer::Other {
            why.push(cue_words(p, p.someone_else, x.experiencer_cue.as_ref()));
        }
        if x.certainty == Certainty::Negated {
            why.push(cue_words(p, p.denied, x.certainty_cue.as_ref()));
        }
        if let Some(d) = f.doubt {
            why.push((p.doubt)(d).to_string());
        }
        if let Some(c) = f.explained_by {
            why.push((p.explained_by)(&printable(&a.findings[c].text)));
        }
        lines.push(format!(
            "  {}{}{}",
            quote(p, &printable(&f.text)),
            p.colon,
            why.join(p.semicolon)
        ));
    }
    if !lines.is_empty() {
        let _ = writeln!(out, "{}", p.set_aside.bold());
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

fn cue_words(p: &Phrases, what: &str, cue: Option<&AssertionCue>) -> String {
    match cue {
        Some(c) if !c.text.is_empty() => {
            format!("{what}{}{}", p.colon, quote(p, &printable(&c.text)))
        }
        _ => what.to_string(),
    }
}

/// `text` in the language's quotation marks.
fn quote(p: &Phrases, text: &str) -> String {
    format!("{}{text}{}", p.quotes.0, p.quotes.1)
}

/// A name with the words it was found in: `Fainting ("passed out")`,
/// `暈厥（「暈倒」）`.
fn quoted(lang: Lang, name: &str, found: &str) -> String {
    let p = lang.phrases();
    format!("{name}{}{}{}", p.paren.0, quote(p, found), p.paren.1)
}

fn evidence_line(m: &Matcher, a: &Analysis, mm: &Match, lang: Lang) -> String {
    let rules = m.rules();
    let p = lang.phrases();
    let texts = Texts { lang, region: None };
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
                Effect::Supports => (p.role)(e.role),
                Effect::Denied => p.denied,
                Effect::Against => p.against,
            };
            // English names a symptom by its id (what `explain` and the
            // rule files use); Chinese by its name.
            let name = match lang {
                Lang::Chinese => texts.symptom(s),
                _ => &s.id,
            };
            format!(
                "{name} {}{}{how}{} {sign}",
                quote(p, &printable(&f.text)),
                p.paren.0,
                p.paren.1
            )
        })
        .collect();
    parts.join(" · ")
}

/// A match's missing key symptoms, listed: ids in English, names in
/// Chinese.
fn missing(rules: &RuleBase, mm: &Match, lang: Lang) -> String {
    let texts = Texts { lang, region: None };
    let names: Vec<&str> = mm
        .missing
        .iter()
        .map(|s| match lang {
            Lang::Chinese => texts.symptom(rules.symptom(*s)),
            _ => rules.symptom(*s).id.as_str(),
        })
        .collect();
    names.join(lang.phrases().comma)
}

/// The human report of `yongquan match`, in English.
pub fn human(m: &Matcher, a: &Analysis, view: View) -> String {
    human_in(m, a, view, Lang::English)
}

/// The human report of `yongquan match` in `lang` (pick it for a
/// description with [`Lang::of`]).
pub fn human_in(m: &Matcher, a: &Analysis, view: View, lang: Lang) -> String {
    let rules = m.rules();
    let p = lang.phrases();
    let texts = Texts {
        lang,
        region: view.region,
    };
    let mut out = String::new();
    red_flags(&mut out, m, a, view, lang);
    let _ = writeln!(out, "{}{}{}", p.input.bold(), p.gap, highlight(a));
    out.push('\n');
    set_aside(&mut out, a, p);
    let shown: Vec<&Match> = a.ranked().take(view.top).collect();
    if shown.is_empty() {
        let weak_any = a.matches.iter().any(|m| m.score > 0.0);
        let _ = writeln!(out, "{}", (p.none_ranks)(a.min_score, weak_any));
        let weak: Vec<String> = a
            .matches
            .iter()
            .filter(|m| m.score > 0.0 && m.score < a.min_score)
            .take(3)
            .map(|m| format!("{} {:.2}", rules.rule(m.rule).id, m.score))
            .collect();
        if !weak.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                (p.weak)(view.names.min_score, &weak.join(p.comma))
            );
        }
    }
    for (i, mm) in shown.iter().enumerate() {
        let rule = rules.rule(mm.rule);
        let _ = writeln!(
            out,
            "{}. {}  {}  {} {:.2}{}{}",
            i + 1,
            rule.id.bold().cyan(),
            (p.pattern)(&rule.pattern.en, &rule.pattern.zh),
            p.score,
            mm.score,
            if mm.thin { p.thin } else { "" }.yellow(),
            if rule.ki1 { "" } else { p.not_ki1 }.dimmed()
        );
        let _ = writeln!(out, "   {}", evidence_line(m, a, mm, lang));
        if !mm.missing.is_empty() {
            let _ = writeln!(
                out,
                "   {}{}{}",
                p.missing,
                p.gap,
                missing(rules, mm, lang).dimmed()
            );
        }
    }
    if !a.unrecognized.is_empty() {
        let list: Vec<String> = a
            .unrecognized
            .iter()
            .map(|u| quote(p, &printable(&u.text)))
            .collect();
        let _ = writeln!(
            out,
            "\n{}{}{}",
            p.unrecognized.bold(),
            p.gap,
            list.join(p.comma).dimmed()
        );
    }
    if let Some(best) = shown.first().filter(|m| !rules.rule(m.rule).ki1) {
        let _ = writeln!(out, "\n{}", ki1_verdict(rules, a, best, lang).bold());
    }
    if let Some(best) = shown.first().filter(|m| rules.rule(m.rule).ki1) {
        let rule = rules.rule(best.rule);
        let who = a.care_for(rules);
        let heading = if who.emergency {
            p.emergency_first
        } else {
            p.care_for
        };
        // English names the rule by its id; Chinese by its pattern name.
        let name = match lang {
            Lang::Chinese => texts.pattern(rule),
            _ => &rule.id,
        };
        let _ = writeln!(out, "\n{}{}{}", heading.bold(), p.gap, name.bold());
        for (_, c) in care_items(rules, rule, who) {
            let (title, text, cautions) = texts.care(c);
            let _ = writeln!(
                out,
                "{}",
                fill(&format!("{title}{}{text}", p.colon), "  • ", "    ")
            );
            for text in cautions {
                let _ = writeln!(out, "{}", fill(text, "    ! ", "      ").yellow());
            }
        }
    }
    let _ = writeln!(out, "\n{}", fill(p.notice, "", "").dimmed());
    crate::normalize::visible(&out).into_owned()
}

/// What a differential ranking first means for KI 1: "This fits Liver qi
/// stagnation (肝氣鬱結) better; KI 1 is not a main point for it.", then the
/// best KI 1 pattern that ranks, or that none does.
fn ki1_verdict(rules: &RuleBase, a: &Analysis, best: &Match, lang: Lang) -> String {
    let p = lang.phrases();
    let top = rules.rule(best.rule);
    let top_name = (p.pattern)(&top.pattern.en, &top.pattern.zh);
    let best = a.best_ki1(rules).map(|k| {
        let rule = rules.rule(k.rule);
        // English: "kidney-deficiency-heat (腎虛內熱)", as before; Chinese:
        // the pattern's name.
        let name = match lang {
            Lang::Chinese => rule.pattern.zh.clone(),
            _ => format!("{} ({})", rule.id, rule.pattern.zh),
        };
        (name, k.score)
    });
    let line = (p.verdict)(&top_name, best.as_ref().map(|(n, s)| (n.as_str(), *s)));
    fill(&line, "", "")
}

/// The full trace of `yongquan explain`: phrases, findings, and for each rule
/// (or only `only`) every contribution, the missing key symptoms, and why it
/// lost to the top rule.
pub fn explain(m: &Matcher, a: &Analysis, view: View, only: Option<&str>) -> String {
    explain_in(m, a, view, only, Lang::English)
}

/// [`explain`] in `lang`: its prose (red flags, who the description is
/// about, what is set aside, missing key symptoms, the notice) in that
/// language; the trace itself (spans, terms, weights) stays as `explain`
/// writes it, ids and all, since it is read beside the rule files.
pub fn explain_in(m: &Matcher, a: &Analysis, view: View, only: Option<&str>, lang: Lang) -> String {
    let rules = m.rules();
    let lex = m.lexicon();
    let p = lang.phrases();
    let mut out = String::new();
    red_flags(&mut out, m, a, view, lang);
    let _ = writeln!(out, "{}{}{}", p.input.bold(), p.gap, highlight(a));
    out.push('\n');
    set_aside(&mut out, a, p);
    let _ = writeln!(out, "{} {}", "Triage:".bold(), a.triage.level.as_str());
    let _ = writeln!(out, "\n{}", "Phrases (byte spans into the input):".bold());
    // Phrases without findings are the unrecognized ones, in the same order.
    let mut unrecognized = a.unrecognized.iter().enumerate();
    for p in &a.phrases {
        let _ = writeln!(
            out,
            "  [{}..{}] \"{}\"",
            p.span.start,
            p.span.end,
            printable(&p.text)
        );
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
                printable(&f.text),
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
                    format!(
                        " by \"{}\" [{}..{}]",
                        printable(&c.text),
                        c.span.start,
                        c.span.end
                    )
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
        } else if mm.score < a.min_score {
            &format!("  (under {}: hidden by match)", view.names.min_score)
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
                printable(&f.text),
                f.span.start,
                f.span.end
            );
        }
        if !mm.missing.is_empty() {
            let _ = writeln!(
                out,
                "    missing key symptoms: {}",
                missing(rules, mm, Lang::English)
            );
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
    let _ = writeln!(out, "\n{}", fill(p.notice, "", "").dimmed());
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
