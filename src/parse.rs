//! The free-text parser: normalised text → tokens and clauses (nom).
//!
//! A *token* is a word (Latin letters, digits: `headache`, `38.9`, `165/100`)
//! or a single Han character (Chinese is matched character by character, so
//! no word segmenter is needed). Between tokens stand *separators*:
//!
//! | separator | boundary |
//! |---|---|
//! | `,` `/` `、` `(` `)` `[` `]` `+` `&` | [`Boundary::List`]: a list goes on, a negation may carry over |
//! | `，` (Chinese comma) | [`Boundary::Clause`]: a new clause of the same sentence |
//! | `.` `;` `!` `?` newline `。` `；` `！` `？` `…`, tab, vertical tab, form feed, NEL, U+2028/2029, bullets (`•` `·` …), dashes (`—`), `--`, and `/` `|` `-` `–` with spaces on both sides | [`Boundary::Sentence`] |
//!
//! Separators split the text into [`Clause`]s; lexicon terms never cross a
//! clause, but for one: a clause or sentence that says the pain before it
//! is the worst ever ("a headache, the worst of her life";
//! [`opens_with_superlative`]) is read with the clause before it
//! ([`Parsed::term_scopes`]). Conjunctions (`and`, `or`, `but`, `和`, `但是` …) are tokens, not
//! separators: a term such as "dry mouth and throat" may contain one. The
//! matcher splits clauses into phrases at the conjunctions a term does not
//! cover (see [`conjunction`]).
//!
//! Every span is a byte range into the normalised text.

use crate::normalize::Span;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{anychar, satisfy};
use nom::combinator::{recognize, verify};
use nom::multi::many0;
use nom::sequence::pair;
use nom::{IResult, Parser};

/// What kind of token a [`Token`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenKind {
    /// A run of letters (any script but Han) and digits.
    Word,
    /// One Han (Chinese) character.
    Han,
}

/// One token of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the normalised text.
    pub span: Span,
    /// The comparison key: the word's stem (see [`word_key`]), or the Han char.
    pub key: String,
    /// The normalised word as written (for fuzzy comparison).
    pub word: String,
    /// Word or Han.
    pub kind: TokenKind,
}

/// What ends a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Boundary {
    /// A list separator: `,` `/` `、` and the conjunctions "and", "or", "nor", "with", "plus", 和, 及, 伴.
    List,
    /// A clause break inside a sentence: `，`.
    Clause,
    /// A contrasting conjunction: "but", "however", "although", "yet", "except", 但是, 可是, 不过.
    Contrast,
    /// The end of a sentence: `.` `;` `!` `?` newline and their CJK forms.
    Sentence,
    /// The end of the input.
    End,
}

/// A run of tokens between separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Byte span in the normalised text, from the first token to the last.
    pub span: Span,
    /// Index range into [`Parsed::tokens`].
    pub tokens: std::ops::Range<usize>,
    /// What ends it.
    pub boundary: Boundary,
}

/// The parse of one normalised text.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// All tokens, in order.
    pub tokens: Vec<Token>,
    /// All non-empty clauses, in order; they partition the tokens.
    pub clauses: Vec<Clause>,
}

impl Parsed {
    /// The token ranges the lexicon looks for terms in: the clauses, except
    /// that a statement that the pain before it is the worst ever joins the
    /// clause before: an appositive after a comma ("a headache, the worst
    /// of her life") or a sentence that points back ("… a headache. It's
    /// the worst he's ever had"; [`opens_with_superlative`]). So the
    /// lexicon reads them as it reads "the worst headache of her life".
    /// Negation and assertion still read the clauses.
    pub fn term_scopes(&self) -> Vec<std::ops::Range<usize>> {
        let mut scopes: Vec<std::ops::Range<usize>> = Vec::with_capacity(self.clauses.len());
        let mut after = Boundary::End;
        for clause in &self.clauses {
            let tokens = &self.tokens[clause.tokens.clone()];
            let joins = match after {
                Boundary::List | Boundary::Clause | Boundary::Sentence => {
                    opens_with_superlative(tokens)
                }
                Boundary::Contrast | Boundary::End => false,
            };
            match scopes.last_mut() {
                Some(last) if joins => last.end = clause.tokens.end,
                _ => scopes.push(clause.tokens.clone()),
            }
            after = clause.boundary;
        }
        scopes
    }
}

/// Words that may follow "worst" in a statement of how bad a pain is ("the
/// worst of her life", "worst ever", "the worst I've had", "worst pain");
/// another word starts another topic ("the worst traffic of my life").
const AFTER_WORST: &[&str] = &[
    "of", "ever", "pain", "one", "by", "yet", "so", "in", "that", "i", "ive", "im", "he", "hes",
    "she", "shes", "they", "we", "you", "it", "headache", "ache", "hurt", "hurting",
];

/// Words after "most" that make it a superlative of pain.
const INTENSE: &[&str] = &[
    "painful",
    "severe",
    "intense",
    "excruciating",
    "agonising",
    "agonizing",
];

/// What may open a statement of the worst pain ever, after the words that
/// lead to it: "worst …" (then [`AFTER_WORST`]), "most painful …", "never
/// felt|had|experienced …".
fn superlative_of_pain<'a>(mut words: impl Iterator<Item = &'a str>) -> bool {
    match words.next() {
        Some("worst") => words.next().is_none_or(|w| AFTER_WORST.contains(&w)),
        Some("most") => words.next().is_some_and(|w| INTENSE.contains(&w)),
        // "never felt anything like it", "never had pain like this"; not
        // "never had throat problems".
        Some("never") => {
            words
                .next()
                .is_some_and(|w| matches!(w, "felt" | "had" | "experienced" | "been"))
                && words.next().is_some_and(|w| {
                    matches!(
                        w,
                        "anything" | "such" | "this" | "that" | "so" | "pain" | "one" | "like"
                    )
                })
        }
        _ => false,
    }
}

/// The same in Chinese (simplified, as tokens are), after its leads ("he
/// says", "it is").
fn han_superlative_of_pain(clause: &[Token]) -> bool {
    /// Who says so: 他说, 佢话 ….
    const SAYS: &[&str] = &["他说", "她说", "佢话", "佢讲", "话", "说"];
    /// "It is", "truly", "simply".
    const IS: &[&str] = &["真系", "真是", "简直", "系", "是", "都"];
    const SUPERLATIVES: &[&str] = &[
        "人生最",
        "人生中最",
        "一生最",
        "一生中最",
        "这辈子最",
        "这辈子都没",
        "有生以来最",
        "从未",
        "从来没",
        "从来未",
        "从来都没",
        "前所未有",
        "一世人未",
    ];
    let han: String = clause
        .iter()
        .take(10)
        .take_while(|t| t.kind == TokenKind::Han)
        .map(|t| t.key.as_str())
        .collect();
    /// Whose pain: "it is *my* worst".
    const WHOSE: &[&str] = &["我", "他", "她", "佢"];
    let mut rest = han.as_str();
    for leads in [SAYS, IS, WHOSE] {
        if let Some(r) = leads.iter().find_map(|l| rest.strip_prefix(l)) {
            rest = r;
        }
    }
    SUPERLATIVES.iter().any(|s| rest.starts_with(s))
}

/// Words that may lead to the superlative: determiners, "it is", who says
/// so ("her worst", "it's the worst", "says he's never felt …").
const LEADS: &[&str] = &[
    "the",
    "her",
    "his",
    "my",
    "its",
    "their",
    "your",
    "our",
    "easily",
    "by",
    "far",
    "and",
    "it",
    "it's",
    "is",
    "was",
    "this",
    "that",
    "thats",
    "that's",
    "says",
    "said",
    "she",
    "he",
    "they",
    "she's",
    "he's",
    "shes",
    "hes",
    "honestly",
    "literally",
    "definitely",
    "probably",
];

/// True when `clause` (its tokens) opens by saying that the pain before
/// it is the worst ever, rather than starting a statement of its own: an
/// appositive after a comma ("a headache, the worst of her life", "…, most
/// severe ever", "…, says he's never felt anything like it") or a sentence
/// that points back ("It's the worst he's ever had", "Worst of my life");
/// in Chinese 人生最, 这辈子最, 有生以来最, 从未, 从来没, 前所未有 … after an
/// optional "(he) says", "it is" and "my" (话系, 他说是, 是我). "Most days
/// …", "the worst traffic …" or 最近 ("recently") are not.
pub fn opens_with_superlative(clause: &[Token]) -> bool {
    match clause.first() {
        Some(t) if t.kind == TokenKind::Word => superlative_of_pain(
            clause
                .iter()
                .take_while(|t| t.kind == TokenKind::Word)
                .map(|t| t.word.as_str())
                .skip_while(|w| LEADS.contains(w)),
        ),
        Some(_) => han_superlative_of_pain(clause),
        None => false,
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c) || is_mark(c)
}

/// Combining marks stay inside the word they decorate.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn separator_boundary(c: char) -> Option<Boundary> {
    Some(match c {
        ',' | '/' | '、' | '(' | ')' | '[' | ']' | '+' | '&' | '（' | '）' | '|' => {
            Boundary::List
        }
        '，' => Boundary::Clause,
        '.' | ';' | '!' | '?' | '\n' | '\r' | '。' | '；' | '！' | '？' | '…' => {
            Boundary::Sentence
        }
        c if is_hard_break(c) => Boundary::Sentence,
        _ => return None,
    })
}

/// Characters that end a clause however they are spaced: tab, vertical tab,
/// form feed, next line (NEL), the Unicode line and paragraph separators,
/// bullets and dashes. A negation or a gapped term never reaches across one
/// (`denies headache\vhad a seizure`).
fn is_hard_break(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{0B}'
            | '\u{0C}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
            | '•'
            | '·'
            | '‧'
            | '∙'
            | '◦'
            | '▪'
            | '▫'
            | '●'
            | '○'
            | '■'
            | '□'
            | '►'
            | '▶'
            | '—'
            | '―'
            | '‒'
    )
}

/// `" / "`, `" | "`, `" - "`, `" – "` (a separator with spaces on both sides)
/// and `"--"`: they stand between clauses, not between list items
/// ("palms/soles" stays a list).
fn spaced_break(input: &str) -> IResult<&str, &str> {
    alt((
        tag("--"),
        recognize((
            take_while1(|c: char| c == ' '),
            satisfy(|c| matches!(c, '/' | '|' | '-' | '–')),
            take_while1(|c: char| c == ' '),
        )),
    ))
    .parse(input)
}

/// The conjunction a token key stands for, if any: `Some(List)` for and/or/with …,
/// `Some(Contrast)` for but/however … (keys are stems: "howev", "although").
pub fn conjunction(key: &str) -> Option<Boundary> {
    Some(match key {
        "and" | "or" | "nor" | "with" | "plus" | "和" | "及" | "伴" | "并" | "或" => {
            Boundary::List
        }
        "but" | "howev" | "although" | "though" | "yet" | "except" | "wherea" | "while" | "但"
        | "可" | "却" | "而" => Boundary::Contrast,
        _ => return None,
    })
}

/// Words whose stem would collide with a different sense ("fainted" → "faint",
/// as in "a faint ringing"; "fitting", a seizure, → "fit", as in "keep fit"):
/// they keep their own form.
const UNSTEMMED: &[&str] = &[
    "fainted", "fainting", "faints", "fainter", "faintly", "fitting",
];

/// The comparison key of a word: its Snowball English stem ("headaches",
/// "aching" → "headach", "ach"), so inflections compare equal. Numbers,
/// non-ASCII words and a few words whose stem would collide with another
/// sense ("fainted", not "faint") keep their form.
pub fn word_key(word: &str) -> String {
    use std::sync::OnceLock;
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    if !word.bytes().all(|b| b.is_ascii_lowercase()) || UNSTEMMED.contains(&word) {
        return word.to_string();
    }
    STEMS.with_borrow_mut(|stems| {
        if let Some(key) = stems.get(word) {
            return key.to_string();
        }
        let key = STEMMER
            .get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
            .stem(word)
            .into_owned();
        if stems.len() >= STEM_CACHE_WORDS {
            stems.clear();
        }
        stems.insert(word.into(), key.as_str().into());
        key
    })
}

/// How many stems each thread keeps (about 40 bytes each).
const STEM_CACHE_WORDS: usize = 1 << 14;

thread_local! {
    /// Stems already computed on this thread, by word: descriptions repeat
    /// a few thousand words, and a Snowball stem costs several look-ups
    /// (stemming was a tenth of `match --batch`). Emptied when full.
    static STEMS: std::cell::RefCell<hashbrown::HashMap<Box<str>, Box<str>>> =
        std::cell::RefCell::new(hashbrown::HashMap::new());
}

enum Piece<'a> {
    Word(&'a str),
    Han(&'a str),
    Sep(Boundary),
    Skip,
}

/// A number keeps its `.` and `/` ("38.9", "165/100"); a word its letters.
fn word(input: &str) -> IResult<&str, &str> {
    recognize(pair(
        take_while1(is_word_char),
        many0(pair(
            verify(anychar, |c| matches!(c, '.' | '/' | '-')),
            take_while1(|c: char| c.is_ascii_digit()),
        )),
    ))
    .parse(input)
    .map(|(rest, w)| {
        // "165/100" and "38.9" are numbers; "a/b" stays a list of two words.
        if w.contains(['.', '/', '-']) && !w.starts_with(|c: char| c.is_ascii_digit()) {
            let end = w.find(['.', '/', '-']).unwrap_or(w.len());
            (&input[end..], &input[..end])
        } else {
            (rest, w)
        }
    })
}

fn piece(input: &str) -> IResult<&str, Piece<'_>> {
    alt((
        word.map(Piece::Word),
        recognize(satisfy(is_han)).map(Piece::Han),
        spaced_break.map(|_| Piece::Sep(Boundary::Sentence)),
        satisfy(|c| separator_boundary(c).is_some())
            .map(|c| Piece::Sep(separator_boundary(c).unwrap_or(Boundary::List))),
        take_while1(|c: char| c.is_whitespace() && separator_boundary(c).is_none())
            .map(|_| Piece::Skip),
        recognize(anychar).map(|_| Piece::Skip),
    ))
    .parse(input)
}

/// Parses normalised text into tokens and clauses. Linear in the input; never fails.
pub fn parse(text: &str) -> Parsed {
    parse_split(text, |_| None)
}

/// Like [`parse`], with `split` asked about every Latin word: `Some(cuts)`
/// (byte offsets inside the word, increasing) reads it as several words —
/// "nightsweats" as "night" and "sweats" — each a token of its own with its
/// own span.
pub fn parse_split(text: &str, split: impl Fn(&str) -> Option<Vec<usize>>) -> Parsed {
    let mut parsed = Parsed::default();
    let mut rest = text;
    let mut clause_start = 0;
    let close = |parsed: &mut Parsed, start: usize, boundary: Boundary| {
        let end = parsed.tokens.len();
        if end > start {
            let span = parsed.tokens[start].span.start..parsed.tokens[end - 1].span.end;
            parsed.clauses.push(Clause {
                span,
                tokens: start..end,
                boundary,
            });
        } else if let Some(last) = parsed.clauses.last_mut() {
            // "a, , b" or "a.\n b": keep the strongest boundary between two clauses.
            if rank(boundary) > rank(last.boundary) && last.tokens.end == end {
                last.boundary = boundary;
            }
        }
        end
    };
    while !rest.is_empty() {
        let at = text.len() - rest.len();
        let Ok((next, p)) = piece(rest) else { break };
        let len = rest.len() - next.len();
        match p {
            Piece::Word(w) => match split(w) {
                Some(cuts) => {
                    let mut from = 0;
                    for end in cuts.into_iter().chain([w.len()]) {
                        if end <= from || end > w.len() || !w.is_char_boundary(end) {
                            continue;
                        }
                        let part = &w[from..end];
                        parsed.tokens.push(Token {
                            span: at + from..at + end,
                            key: word_key(part),
                            word: part.to_string(),
                            kind: TokenKind::Word,
                        });
                        from = end;
                    }
                }
                None => parsed.tokens.push(Token {
                    span: at..at + len,
                    key: word_key(w),
                    word: w.to_string(),
                    kind: TokenKind::Word,
                }),
            },
            Piece::Han(h) => parsed.tokens.push(Token {
                span: at..at + len,
                key: h.to_string(),
                word: h.to_string(),
                kind: TokenKind::Han,
            }),
            Piece::Sep(b) => clause_start = close(&mut parsed, clause_start, b),
            Piece::Skip => {}
        }
        rest = next;
    }
    close(&mut parsed, clause_start, Boundary::End);
    seizure_fits(&mut parsed.tokens);
    parsed
}

/// "Fit" is a seizure only in context: "had a fit", "having fits",
/// "another fit", "he fitted for two minutes", "she's fitting" — not "keep
/// fit", "the shoes fitted", "a fit of laughter". In those contexts the
/// token's key becomes `fitting`, the form the lexicon lists for
/// convulsions.
fn seizure_fits(tokens: &mut [Token]) {
    const HAVE: &[&str] = &[
        "had",
        "has",
        "have",
        "having",
        "another",
        "first",
        "febrile",
        "epileptic",
    ];
    const WHO: &[&str] = &[
        "he", "she", "they", "hes", "shes", "baby", "son", "daughter", "child", "kid", "toddler",
        "boy", "girl", "mum", "mom", "dad", "husband", "wife", "patient", "pt", "was", "been",
        "kept", "keeps", "started", "still", "is", "are",
    ];
    for i in 0..tokens.len() {
        let word = tokens[i].word.as_str();
        if !matches!(word, "fit" | "fits" | "fitted" | "fitting") {
            continue;
        }
        let before = |k: usize| i.checked_sub(k).map(|j| tokens[j].word.as_str());
        let next = tokens.get(i + 1).map(|t| t.word.as_str());
        // "a fit of laughter / coughing / rage": not a seizure.
        if next == Some("of") {
            continue;
        }
        let had = match word {
            // "no fits", "any more fits", "two fits": a count of fits.
            "fits"
                if matches!(
                    before(1),
                    Some("no" | "any" | "more" | "several" | "two" | "three" | "many")
                ) =>
            {
                true
            }
            "fit" | "fits" => {
                let article = matches!(before(1), Some("a" | "an" | "big" | "bad"));
                before(1).is_some_and(|w| HAVE.contains(&w))
                    || article && before(2).is_some_and(|w| HAVE.contains(&w))
            }
            _ => before(1).is_some_and(|w| WHO.contains(&w)),
        };
        if had {
            tokens[i].key = "fitting".to_string();
        }
    }
}

/// A phrase: a clause, or a part of one between conjunctions that no
/// lexicon term covers ("headache and dizziness" is two phrases; "dry mouth
/// and throat", a term, stays one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Byte span in the normalised text.
    pub span: Span,
    /// Index range into [`Parsed::tokens`] (the conjunction that ends it excluded).
    pub tokens: std::ops::Range<usize>,
    /// What ends it: the conjunction's kind, or the clause's boundary.
    pub boundary: Boundary,
}

/// Splits every clause into phrases at conjunctions for which `covered(token)`
/// is false. Phrases of conjunctions alone are dropped.
pub fn phrases(parsed: &Parsed, covered: impl Fn(usize) -> bool) -> Vec<Phrase> {
    let mut out = Vec::new();
    for clause in &parsed.clauses {
        let mut start = clause.tokens.start;
        let mut push = |start: usize, end: usize, boundary: Boundary| {
            if end > start {
                let span = parsed.tokens[start].span.start..parsed.tokens[end - 1].span.end;
                out.push(Phrase {
                    span,
                    tokens: start..end,
                    boundary,
                });
            } else if let Some(last) = out.last_mut() {
                // ", but": the strongest boundary between two phrases counts.
                if rank(boundary) > rank(last.boundary) {
                    last.boundary = boundary;
                }
            }
        };
        let mut i = clause.tokens.start;
        while i < clause.tokens.end {
            let key = parsed.tokens[i].key.as_str();
            // 不過 ("but") is two tokens.
            let len = if key == "不"
                && i + 1 < clause.tokens.end
                && parsed.tokens[i + 1].key == "过"
                && !covered(i)
            {
                2
            } else {
                1
            };
            let b = if len == 2 {
                Some(Boundary::Contrast)
            } else {
                conjunction(key).filter(|_| !covered(i))
            };
            if let Some(b) = b {
                push(start, i, b);
                start = i + len;
            }
            i += len;
        }
        push(start, clause.tokens.end, clause.boundary);
    }
    out
}

fn rank(b: Boundary) -> u8 {
    match b {
        Boundary::List => 0,
        Boundary::Clause => 1,
        Boundary::Contrast => 2,
        Boundary::Sentence => 3,
        Boundary::End => 4,
    }
}

/// Splits text into comparison keys only (no clauses), the way terms are read.
pub fn keys(text: &str) -> Vec<Token> {
    parse(text).tokens
}

#[cfg(test)]
mod tests {

    fn scopes(text: &str) -> Vec<String> {
        let normalized = crate::normalize::Normalized::new(text);
        let p = parse(normalized.as_str());
        p.term_scopes()
            .into_iter()
            .map(|r| {
                let words: Vec<&str> = p.tokens[r].iter().map(|t| t.word.as_str()).collect();
                words.join(" ")
            })
            .collect()
    }

    #[test]
    fn an_appositive_of_severity_joins_the_clause_before() {
        assert_eq!(
            scopes("bad headache, the worst of her life, stiff neck"),
            ["bad headache the worst of her life", "stiff neck"]
        );
        assert_eq!(
            scopes("headache, most severe ever"),
            ["headache most severe ever"]
        );
        assert_eq!(
            scopes("头痛到爆，话系人生最痛"),
            ["头 痛 到 爆 话 系 人 生 最 痛"]
        );
        assert_eq!(scopes("头痛，从未试过"), ["头 痛 从 未 试 过"]);
        assert_eq!(
            scopes("he has a headache. it's the worst he's ever had"),
            ["he has a headache its the worst hes ever had"]
        );
        assert_eq!(
            scopes("头疼。他说是我这辈子最疼"),
            ["头 疼 他 说 是 我 这 辈 子 最 疼"]
        );
    }

    #[test]
    fn other_clauses_stay_apart() {
        for (text, n) in [
            ("headache, most days it is mild", 2),
            ("头痛，最近好咗", 2),
            // Not after a contrast, nor about something else.
            ("no headache but the worst cough", 1),
            ("mild headache, the worst traffic of my life", 2),
            ("not chronic. never had throat problems before", 2),
            ("headache, cough", 2),
            ("the worst of her life", 1),
        ] {
            assert_eq!(scopes(text).len(), n, "{text}");
        }
    }

    use super::*;

    fn keys_of(text: &str) -> Vec<String> {
        parse(text).tokens.into_iter().map(|t| t.key).collect()
    }

    fn clause_texts(text: &str) -> Vec<(&str, Boundary)> {
        parse(text)
            .clauses
            .iter()
            .map(|c| (&text[c.span.clone()], c.boundary))
            .collect()
    }

    #[test]
    fn words_numbers_and_han() {
        assert_eq!(
            keys_of("headaches, bp 165/100 耳鸣"),
            ["headach", "bp", "165/100", "耳", "鸣"]
        );
        assert_eq!(keys_of("temp 38.9."), ["temp", "38.9"]);
        assert_eq!(
            keys_of("dizziness dizzy tinnitus"),
            ["dizzi", "dizzi", "tinnitus"]
        );
        assert_eq!(keys_of("aching aches"), ["ach", "ach"]);
        assert_eq!(keys_of("fainted faint"), ["fainted", "faint"]);
    }

    #[test]
    fn slash_between_words_is_a_list() {
        assert_eq!(
            clause_texts("palms/soles hot"),
            [("palms", Boundary::List), ("soles hot", Boundary::End)]
        );
    }

    #[test]
    fn separators_make_clauses_with_boundaries() {
        assert_eq!(
            clause_texts("insomnia, night sweats; 失眠，盗汗。耳鸣、头晕"),
            [
                ("insomnia", Boundary::List),
                ("night sweats", Boundary::Sentence),
                ("失眠", Boundary::Clause),
                ("盗汗", Boundary::Sentence),
                ("耳鸣", Boundary::List),
                ("头晕", Boundary::End),
            ]
        );
    }

    #[test]
    fn repeated_separators_keep_the_strongest() {
        assert_eq!(
            clause_texts("a,.\n, b"),
            [("a", Boundary::Sentence), ("b", Boundary::End)]
        );
    }

    #[test]
    fn hard_breaks_end_a_clause() {
        for text in [
            "a\tb",
            "a\u{0B}b",
            "a\u{0C}b",
            "a\u{85}b",
            "a\u{2028}b",
            "a\u{2029}b",
            "a • b",
            "a·b",
            "a — b",
            "a--b",
            "a / b",
            "a | b",
            "a - b",
            "a – b",
            "a \nb",
        ] {
            assert_eq!(
                clause_texts(text),
                [("a", Boundary::Sentence), ("b", Boundary::End)],
                "{text:?}"
            );
        }
        // Unspaced, a slash is a list and a hyphen joins numbers.
        assert_eq!(clause_texts("a/b")[0].1, Boundary::List);
        assert_eq!(keys_of("3-5"), ["3-5"]);
    }

    #[test]
    fn fit_is_a_seizure_only_in_context() {
        for text in [
            "she had a fit",
            "he fitted for two minutes",
            "having fits again",
            "the baby is fitting",
            "another fit",
        ] {
            assert!(keys_of(text).contains(&"fitting".to_string()), "{text}");
        }
        for text in [
            "keep fit",
            "the shoes fitted well",
            "had a fit of laughter",
            "fit and well",
            "a good fit",
        ] {
            assert!(!keys_of(text).contains(&"fitting".to_string()), "{text}");
        }
    }

    /// The phrases of `text` with their boundaries, `covered` tokens in terms.
    fn phrase_texts(text: &str, covered: impl Fn(usize) -> bool) -> Vec<(&str, Boundary)> {
        phrases(&parse(text), covered)
            .iter()
            .map(|p| (&text[p.span.clone()], p.boundary))
            .collect()
    }

    #[test]
    fn bu_guo_is_but() {
        assert_eq!(
            phrase_texts("不发烧不过头痛", |_| false),
            [("不发烧", Boundary::Contrast), ("头痛", Boundary::End)]
        );
    }

    #[test]
    fn nothing_but_separators() {
        assert!(parse(",,,;;; \n").clauses.is_empty());
        assert!(parse("").tokens.is_empty());
    }

    #[test]
    fn combining_marks_stay_in_words_and_emoji_are_skipped() {
        assert_eq!(keys_of("cafe\u{301} 😀 ok"), ["cafe\u{301}", "ok"]);
    }

    #[test]
    fn phrases_split_at_uncovered_conjunctions() {
        let text = "headache and dizziness, dry mouth and throat but no fever";
        // Pretend "dry mouth and throat" (tokens 3..7) is a term.
        assert_eq!(
            phrase_texts(text, |i| (3..7).contains(&i)),
            [
                ("headache", Boundary::List),
                ("dizziness", Boundary::List),
                ("dry mouth and throat", Boundary::Contrast),
                ("no fever", Boundary::End),
            ]
        );
    }

    #[test]
    fn conjunctions() {
        assert_eq!(conjunction("and"), Some(Boundary::List));
        assert_eq!(conjunction("but"), Some(Boundary::Contrast));
        assert_eq!(conjunction("headache"), None);
    }
}
