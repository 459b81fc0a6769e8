//! Negation: which findings the text denies ("no fever", "denies palpitations",
//! "dizziness: absent", 沒有心悸, 不怕冷).
//!
//! The approach is NegEx/ConText's, on phrases ([`crate::parse::Phrase`]s):
//!
//! * A **negation cue** is a word (or a short sequence) outside every lexicon
//!   term. Terms are matched first, so "can't sleep" or 睡不著 are findings,
//!   not negations.
//! * **Pseudo-cues** contain a cue word but negate nothing ("not just", "no
//!   improvement", "no doubt", "wont stop", 不知道, 不停, 無力); they are
//!   masked before cues are looked for.
//! * A **pre-cue** ("no", "without", "denies", 沒有, 不, 無 …) negates the
//!   findings after it in its phrase. A **post-cue** ("absent", "denied",
//!   "negative", "normal", 正常) negates the findings before it.
//! * **Scope** ends at the end of the phrase: a contrasting conjunction ("but",
//!   但是), a clause or sentence break, or a conjunction not inside a term. It
//!   carries across a list ("denies headache, dizziness or tinnitus") only
//!   into *bare* phrases — ones that hold findings and at most two other words,
//!   and no cue of their own — and only if it negated something already.
//! * A cue inside the `…` gap of a term (手腳不會熱 for 手…熱) negates that finding.

use crate::lexicon::{is_filler, stem_set};
use crate::parse::{word_key, Boundary, Phrase, Token};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Which way a cue looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CueKind {
    /// Negates what follows ("no fever").
    Pre,
    /// Negates what precedes ("fever: absent").
    Post,
}

/// A negation cue found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Token range of the cue.
    pub tokens: Range<usize>,
    /// Pre or post.
    pub kind: CueKind,
}

/// Single-word pre-cues. All cue lists are written as words and compared as
/// stems ([`crate::parse::word_key`]), apostrophes dropped ("don't" = "dont").
const PRE: &[&str] = &[
    "no", "not", "without", "deny", "denying", "never", "nor", "neither", "dont", "doesnt",
    "didnt", "isnt", "wasnt", "arent", "werent", "havent", "hasnt", "hadnt", "wont", "nothing",
    "afebrile", "不", "没", "无", "未", "非", "别", "勿",
];

/// Multi-token pre-cues.
const PRE_SEQ: &[&[&str]] = &[
    // Not about the patient now: history and other people (ConText's
    // "historical" and "experiencer").
    &["used", "to"],
    &["family", "history", "of"],
    &["family", "history"],
    &["runs", "in", "the", "family"],
    &["家", "族", "史"],
    &["家", "族", "病", "史"],
    &["free", "of"],
    &["absence", "of"],
    &["ruled", "out"],
    &["rule", "out"],
    &["否", "认"],
    &["从", "未"],
];

/// How many other words a phrase may hold and still be "bare", so that a
/// list carries a negation into it ("no fever, chills" but not "no fever, I
/// feel hot in the evening").
const MAX_BARE_EXTRA: usize = 0;

/// How many non-filler words stand between a finding and its post-cue:
/// none ("dizziness: absent", "BP is normal").
const POST_REACH: usize = 0;

/// Cues that look either way ("denied headache", "headache denied"): pre
/// when a finding follows in the phrase, post otherwise.
const EITHER: &[&str] = &["denied", "negative"];

/// Single-token post-cues.
const POST: &[&str] = &[
    "absent", "denied", "negative", "resolved", "gone", "normal", "none", "anymore", "正",
];

/// Token sequences that look like cues but negate nothing.
const PSEUDO: &[&[&str]] = &[
    &["not", "just"],
    &["not", "only"],
    &["no", "improvement"],
    &["no", "change"],
    &["no", "doubt"],
    &["not", "sure"],
    &["no", "better"],
    &["no", "worse"],
    &["no", "matter"],
    &["no", "idea"],
    &["no", "clue"],
    &["no", "relief"],
    &["no", "help"],
    &["no", "difference"],
    &["no", "effect"],
    &["no", "reason"],
    &["no", "longer", "able"],
    &["not", "necessarily"],
    &["not", "certain"],
    &["not", "help"],
    &["not", "helping"],
    &["not", "improve"],
    &["not", "improving"],
    &["not", "improved"],
    &["not", "getting", "better"],
    &["not", "go", "away"],
    &["not", "stop"],
    &["not", "gone"],
    &["without", "doubt"],
    &["dont", "know"],
    &["doesnt", "help"],
    &["didnt", "help"],
    &["doesnt", "stop"],
    &["wont", "stop"],
    &["wont", "go", "away"],
    &["doesnt", "go", "away"],
    &["never", "stop"],
    &["never", "go", "away"],
    &["nothing", "help"],
    &["nothing", "work"],
    &["no", "end"],
    &["特", "别"],
    &["动", "不", "动"],
    &["好", "不", "容", "易"],
    &["差", "不", "多"],
    &["不", "知", "不", "觉"],
    &["不", "得", "不"],
    &["不", "一", "定"],
    &["不", "过"],
    &["要", "不", "然"],
    &["别", "人"],
    &["区", "别"],
    &["分", "别"],
    &["并", "不", "是"],
    &["不", "知", "道"],
    &["不", "清", "楚"],
    &["不", "确", "定"],
    &["不", "仅"],
    &["不", "只"],
    &["不", "但"],
    &["不", "管"],
    &["不", "见", "好"],
    &["不", "停"],
    &["不", "断"],
    &["不", "止"],
    &["不", "已"],
    &["不", "少"],
    &["不", "舒", "服"],
    &["不", "适"],
    &["不", "了"],
    &["不", "行"],
    &["不", "住"],
    &["不", "安"],
    &["不", "宁"],
    &["不", "振"],
    &["不", "佳"],
    &["不", "足"],
    &["不", "畅"],
    &["不", "调"],
    &["不", "规", "律"],
    &["不", "稳"],
    &["不", "清"],
    &["不", "退"],
    &["不", "好"],
    &["不", "醒"],
    &["不", "应"],
    &["不", "是"],
    &["无", "力"],
    &["无", "神"],
    &["无", "论"],
    &["没", "用"],
    &["没", "好", "转"],
    &["没", "什", "么", "用"],
    &["没", "力"],
    &["没", "精", "神"],
    &["没", "劲"],
    &["未", "见", "好", "转"],
    &["正", "在"],
    &["正", "好"],
];

/// The cue lists, stemmed once.
struct Lists {
    pre: HashSet<String>,
    post: HashSet<String>,
    either: HashSet<String>,
    pre_seq: Vec<Vec<String>>,
    pseudo: Vec<Vec<String>>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    let seqs = |l: &[&[&str]]| -> Vec<Vec<String>> {
        l.iter()
            .map(|s| s.iter().map(|w| word_key(w)).collect())
            .collect()
    };
    LISTS.get_or_init(|| Lists {
        pre: stem_set(PRE),
        post: stem_set(POST),
        either: stem_set(EITHER),
        pre_seq: seqs(PRE_SEQ),
        pseudo: seqs(PSEUDO),
    })
}

/// True when `key` can be (part of) a negation cue: such words are never
/// fuzzy-corrected into symptom terms.
pub fn is_cue_word(key: &str) -> bool {
    let l = lists();
    l.pre.contains(key)
        || l.post.contains(key)
        || l.either.contains(key)
        || l.pre_seq.iter().any(|s| s.iter().any(|k| k == key))
}

fn seq_at(tokens: &[Token], at: usize, end: usize, seq: &[String]) -> bool {
    at + seq.len() <= end
        && seq
            .iter()
            .enumerate()
            .all(|(j, k)| tokens[at + j].key == *k)
}

/// The cues of one phrase among tokens not covered by a term.
fn cues_in(
    tokens: &[Token],
    phrase: &Phrase,
    covered: &dyn Fn(usize) -> bool,
    finding_just_before: &dyn Fn(usize) -> bool,
    finding_after: &dyn Fn(usize) -> bool,
) -> Vec<Cue> {
    let end = phrase.tokens.end;
    let l = lists();
    let mut out = Vec::new();
    let mut i = phrase.tokens.start;
    while i < end {
        if covered(i) {
            i += 1;
            continue;
        }
        if let Some(p) = l.pseudo.iter().find(|p| seq_at(tokens, i, end, p)) {
            i += p.len();
            continue;
        }
        if let Some(s) = l.pre_seq.iter().find(|s| seq_at(tokens, i, end, s)) {
            out.push(Cue {
                tokens: i..i + s.len(),
                kind: CueKind::Pre,
            });
            i += s.len();
            continue;
        }
        let key = tokens[i].key.as_str();
        if l.either.contains(key) || l.pre.contains(key) {
            // "denied headache" / "headache denied", "insomnia: no": a cue
            // right after a finding, with none after it, looks back.
            let back = finding_just_before(i) && !finding_after(i);
            let kind = if back { CueKind::Post } else { CueKind::Pre };
            out.push(Cue {
                tokens: i..i + 1,
                kind,
            });
        } else if l.post.contains(key) {
            // 正 is only a post-cue in 正常 ("normal").
            if key != "正" || tokens.get(i + 1).is_some_and(|t| t.key == "常") {
                out.push(Cue {
                    tokens: i..i + 1,
                    kind: CueKind::Post,
                });
            }
        }
        i += 1;
    }
    out
}

/// How many non-filler words a pre-cue reaches over to a finding ("no
/// history of any chest pain" reaches; a cue early in a long clause does not
/// negate its last words).
const PRE_WINDOW: usize = 6;

/// Decides, for each finding, the cue that negates it, if any.
///
/// `findings` are token ranges of terms in text order, with the `…` gaps
/// each one skipped; `phrases` partition the tokens as
/// [`crate::parse::phrases`] made them. Returns one entry per finding.
/// Linear in the number of tokens, findings and cues.
pub fn negate(
    tokens: &[Token],
    phrases: &[Phrase],
    findings: &[(Range<usize>, Vec<Range<usize>>)],
) -> Vec<Option<Cue>> {
    let n = tokens.len();
    let mut covered = vec![false; n];
    for (r, gaps) in findings {
        covered[r.clone()].iter_mut().for_each(|c| *c = true);
        for g in gaps {
            covered[g.clone()].iter_mut().for_each(|c| *c = false);
        }
    }
    // content[i]: non-filler tokens before i (prefix sums), for windows.
    let mut content = Vec::with_capacity(n + 1);
    content.push(0usize);
    for t in tokens {
        let last = *content.last().unwrap_or(&0);
        content.push(last + usize::from(!is_filler(&t.key)));
    }
    let between = |a: usize, b: usize| content[b.max(a)] - content[a];
    // The findings of each phrase (both are in text order).
    let mut per_phrase = Vec::with_capacity(phrases.len());
    let mut f = 0;
    for p in phrases {
        let start = f;
        while f < findings.len() && findings[f].0.start < p.tokens.end {
            f += 1;
        }
        per_phrase.push(start..f);
    }
    let cues: Vec<Vec<Cue>> = phrases
        .iter()
        .zip(&per_phrase)
        .map(|(p, fs)| {
            let last_start = fs.clone().map(|f| findings[f].0.start).max();
            let after = |i: usize| last_start.is_some_and(|s| s > i);
            let before = |i: usize| {
                fs.clone()
                    .any(|f| findings[f].0.end <= i && between(findings[f].0.end, i) == 0)
            };
            cues_in(tokens, p, &|i| covered[i], &before, &after)
        })
        .collect();
    let p_extra_after = |from: usize, p: &Phrase| {
        (from..p.tokens.end)
            .filter(|&i| !covered[i] && !is_filler(&tokens[i].key))
            .count()
    };
    let extra_words = |p: &Phrase| {
        p.tokens
            .clone()
            .filter(|&i| !covered[i] && !is_filler(&tokens[i].key))
            .count()
    };

    let mut out: Vec<Option<Cue>> = vec![None; findings.len()];
    for (pi, phrase) in phrases.iter().enumerate() {
        let fs = per_phrase[pi].clone();
        let here = &cues[pi];
        // A cue inside a term's gap negates that term (手腳不會熱).
        for f in fs.clone() {
            for gap in &findings[f].1 {
                if let Some(c) = here.iter().find(|c| gap.contains(&c.tokens.start)) {
                    out[f] = Some(c.clone());
                }
            }
        }
        // Pre-cues: the nearest cue before a finding, within the window.
        let pre: Vec<&Cue> = here.iter().filter(|c| c.kind == CueKind::Pre).collect();
        let mut ci = 0;
        let mut nearest: Option<&Cue> = None;
        for f in fs.clone() {
            let hit = &findings[f].0;
            while ci < pre.len() && pre[ci].tokens.end <= hit.start {
                nearest = Some(pre[ci]);
                ci += 1;
            }
            if let Some(c) = nearest {
                if out[f].is_none() && between(c.tokens.end, hit.start) <= PRE_WINDOW {
                    out[f] = Some(c.clone());
                }
            }
        }
        // Post-cues: right after the finding, fillers aside.
        for c in here.iter().filter(|c| c.kind == CueKind::Post) {
            for f in fs.clone() {
                let hit = &findings[f].0;
                if out[f].is_none()
                    && hit.end <= c.tokens.start
                    && between(hit.end, c.tokens.start) == POST_REACH
                {
                    out[f] = Some(c.clone());
                }
            }
        }
        // A phrase of cues alone ("Palpitations? No.", "hot flashes, not
        // anymore") denies the bare phrase just before it.
        if pi > 0 && fs.is_empty() && !here.is_empty() {
            let cue_words: usize = here
                .iter()
                .map(|c| between(c.tokens.start, c.tokens.end))
                .sum();
            let prev = &phrases[pi - 1];
            if cue_words >= extra_words(phrase) && extra_words(prev) == 0 {
                for f in per_phrase[pi - 1].clone() {
                    out[f].get_or_insert_with(|| here[0].clone());
                }
            }
        }
        // A list carries a pre-cue on: "denies headache, dizziness or tinnitus".
        let Some(last) = here.last() else { continue };
        // It carries when it negated something here, or stands before a
        // word we do not know ("denies CP, SOB, syncope").
        let unknown_after = p_extra_after(last.tokens.end, phrase);
        let negated_here = fs.clone().any(|f| out[f].as_ref() == Some(last))
            || (!fs.clone().any(|f| findings[f].0.start >= last.tokens.end) && unknown_after <= 1);
        let mixed_list = pi > 0
            && phrases[pi - 1].boundary == Boundary::List
            && per_phrase[pi - 1].clone().any(|f| out[f].is_none());
        if last.kind != CueKind::Pre || !negated_here || mixed_list {
            continue;
        }
        let mut prev = phrase;
        for (nj, next) in phrases.iter().enumerate().skip(pi + 1) {
            if prev.boundary != Boundary::List || !cues[nj].is_empty() {
                break;
            }
            let there = per_phrase[nj].clone();
            let extra = extra_words(next);
            if there.is_empty() {
                // An unknown abbreviation in the list ("denies CP, SOB, syncope").
                if extra > 1 {
                    break;
                }
            } else if extra > MAX_BARE_EXTRA {
                break;
            }
            for f in there {
                out[f].get_or_insert_with(|| last.clone());
            }
            prev = next;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, phrases};

    /// Marks the listed words as findings and returns the negated ones.
    fn negated(text: &str, terms: &[&str]) -> Vec<String> {
        let normalized = crate::normalize::Normalized::new(text);
        let text = normalized.as_str();
        let parsed = parse(text);
        let mut findings = Vec::new();
        for term in terms {
            let term = crate::normalize::Normalized::new(term);
            let words: Vec<String> = term.as_str().split(' ').map(word_key).collect();
            for i in 0..parsed.tokens.len() {
                if seq_at(&parsed.tokens, i, parsed.tokens.len(), &words) {
                    findings.push((i..i + words.len(), Vec::new()));
                }
            }
        }
        findings.sort_by_key(|f: &(Range<usize>, Vec<Range<usize>>)| f.0.start);
        let ps = phrases(&parsed, |i| findings.iter().any(|(r, _)| r.contains(&i)));
        let neg = negate(&parsed.tokens, &ps, &findings);
        findings
            .iter()
            .zip(neg)
            .filter(|(_, c)| c.is_some())
            .map(|(f, _)| {
                let s = parsed.tokens[f.0.start].span.start;
                let e = parsed.tokens[f.0.end - 1].span.end;
                text[s..e].to_string()
            })
            .collect()
    }

    #[test]
    fn pre_cue_before_the_term() {
        assert_eq!(negated("no dizziness", &["dizziness"]), ["dizziness"]);
        assert_eq!(
            negated("deny palpitation", &["palpitation"]),
            ["palpitation"]
        );
        assert_eq!(negated("without headache", &["headache"]), ["headache"]);
        assert_eq!(negated("not dizzy", &["dizzy"]), ["dizzy"]);
        assert_eq!(negated("dizzy", &["dizzy"]), Vec::<String>::new());
    }

    #[test]
    fn post_cue_after_the_term() {
        assert_eq!(negated("dizziness: absent", &["dizziness"]), ["dizziness"]);
        assert_eq!(negated("headache — denied", &["headache"]), ["headache"]);
        assert_eq!(negated("denied headache", &["headache"]), ["headache"]);
        assert_eq!(negated("bp normal", &["bp"]), ["bp"]);
        assert_eq!(
            negated("is fainting like this normal", &["fainting"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_list_carries_the_cue() {
        assert_eq!(
            negated(
                "deny headache, dizziness or tinnitus",
                &["headache", "dizziness", "tinnitus"]
            ),
            ["headache", "dizziness", "tinnitus"]
        );
    }

    #[test]
    fn a_conjunction_or_clause_break_ends_the_scope() {
        assert_eq!(
            negated("no thirst but dry mouth at night", &["thirst", "dry mouth"]),
            ["thirst"]
        );
        assert_eq!(
            negated("no fever. headache", &["fever", "headache"]),
            ["fever"]
        );
        assert_eq!(negated("不口渴，但是口乾", &["口 渴", "口 干"]), ["口渴"]);
    }

    #[test]
    fn a_list_does_not_carry_into_a_clause_with_other_words() {
        assert_eq!(
            negated(
                "no fever, i just feel hot in the afternoon",
                &["fever", "hot in the afternoon"]
            ),
            ["fever"]
        );
        assert_eq!(
            negated(
                "no fever, i have had a headache for three days",
                &["fever", "headache"]
            ),
            ["fever"]
        );
    }

    #[test]
    fn a_cue_does_not_carry_through_a_mixed_list() {
        assert_eq!(
            negated(
                "headache, not dizzy, tinnitus",
                &["headache", "dizzy", "tinnitus"]
            ),
            ["dizzy"]
        );
        assert_eq!(
            negated(
                "insomnia, no night sweats, palpitations",
                &["insomnia", "night sweats", "palpitations"]
            ),
            ["night sweats"]
        );
    }

    #[test]
    fn unknown_abbreviations_do_not_break_a_list() {
        assert_eq!(
            negated("denies CP, SOB, syncope", &["syncope"]),
            ["syncope"]
        );
    }

    #[test]
    fn a_cue_alone_answers_the_question_before_it() {
        assert_eq!(
            negated(
                "Palpitations? No. Insomnia? Yes.",
                &["palpitations", "insomnia"]
            ),
            ["palpitations"]
        );
        assert_eq!(
            negated(
                "insomnia: no; night sweats: no",
                &["insomnia", "night sweats"]
            ),
            ["insomnia", "night sweats"]
        );
        assert_eq!(
            negated("hot flashes, not anymore", &["hot flashes"]),
            ["hot flashes"]
        );
    }

    #[test]
    fn history_and_other_people_are_not_the_patient() {
        assert_eq!(
            negated("family history of epilepsy", &["epilepsy"]),
            ["epilepsy"]
        );
        assert_eq!(
            negated("I used to have hot flashes", &["hot flashes"]),
            ["hot flashes"]
        );
        assert_eq!(negated("家族史：癫痫", &["癫 痫"]), ["癫痫"]);
    }

    #[test]
    fn a_pre_cue_reaches_only_a_few_words() {
        assert_eq!(
            negated("no history of any chest pain", &["chest pain"]),
            ["chest pain"]
        );
        assert_eq!(
            negated("不是很清楚为什么最近这几个月每天晚上都会盗汗", &["盗 汗"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn just_ends_a_list() {
        assert_eq!(
            negated("not anxious, just can't sleep", &["anxious", "can't sleep"]),
            ["anxious"]
        );
    }

    #[test]
    fn pseudo_cues_negate_nothing() {
        assert_eq!(
            negated("not just insomnia", &["insomnia"]),
            Vec::<String>::new()
        );
        assert_eq!(
            negated("no improvement in the tinnitus", &["tinnitus"]),
            Vec::<String>::new()
        );
        assert_eq!(
            negated("no doubt tinnitus", &["tinnitus"]),
            Vec::<String>::new()
        );
        assert_eq!(
            negated("eyelid wont stop twitching", &["twitching"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn chinese_cues() {
        assert_eq!(negated("沒有心悸", &["心 悸"]), ["心悸"]);
        assert_eq!(negated("不怕冷", &["怕 冷"]), ["怕冷"]);
        assert_eq!(negated("從來沒暈倒過", &["暈 倒"]), ["晕倒"]);
        assert_eq!(
            negated("無盜汗、耳鳴", &["盜 汗", "耳 鳴"]),
            ["盗汗", "耳鸣"]
        );
        assert_eq!(negated("心悸不安", &["心 悸"]), Vec::<String>::new());
        assert_eq!(negated("特別怕冷", &["怕 冷"]), Vec::<String>::new());
        assert_eq!(
            negated("動不動就發脾氣", &["发 脾 气"]),
            Vec::<String>::new()
        );
    }
}
