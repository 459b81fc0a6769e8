//! The pipeline in one place: rules → lexicon → parse → negation → score.
//!
//! [`Matcher`] is built once (it owns the [`RuleBase`] and its [`Lexicon`])
//! and then analyses any number of descriptions with [`Matcher::analyze`],
//! which returns an [`Analysis`]: every phrase, finding, unrecognised phrase,
//! rule score and red flag, with byte spans into the input. It never prints;
//! rendering is [`crate::report`]'s job.

use crate::lexicon::{Lexicon, MatchKind};
use crate::negation::{self, CueKind};
use crate::normalize::{Normalized, Span};
use crate::parse::{self, Boundary};
use crate::rules::{Diagnostic, LoadOptions, RuleBase, RuleError, RuleId, RuleSource, SymptomId};
use crate::score::{self, Match, Observation};

/// The largest description [`Matcher::analyze`] accepts, in bytes (1 MiB).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// Why a description cannot be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Nothing but white space.
    #[error("the description is empty: give some symptoms, e.g. \"insomnia, night sweats\"")]
    Empty,
    /// Longer than [`MAX_INPUT_BYTES`].
    #[error("the description is {len} bytes, over the limit of {max} bytes; split it (one description per line with --batch)")]
    TooLarge {
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
}

/// A symptom found in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Byte span in the input (UTF-8 byte offsets, `input[span] == text`).
    pub span: Span,
    /// The input's words that matched.
    pub text: String,
    /// The symptom.
    pub symptom: SymptomId,
    /// Index of the term in [`Lexicon::terms`].
    pub term: usize,
    /// Exact, synonym or fuzzy.
    pub kind: MatchKind,
    /// 1.0 for exact and synonym matches, in [0.75, 1) for fuzzy ones.
    pub similarity: f64,
    /// The negation cue that denies it, if any.
    pub negation: Option<Negation>,
}

/// A negation cue in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negation {
    /// Byte span of the cue in the input.
    pub span: Span,
    /// The cue's words.
    pub text: String,
    /// Pre (before the term) or post (after it).
    pub kind: CueKind,
}

/// A phrase of the input with the findings in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    /// Byte span in the input.
    pub span: Span,
    /// The phrase's text.
    pub text: String,
    /// What ends it.
    pub boundary: Boundary,
    /// Indices into [`Analysis::findings`].
    pub findings: Vec<usize>,
}

/// A term close to an unrecognised phrase that fell under the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Near {
    /// The term as written in the rules.
    pub term: String,
    /// Its symptom.
    pub symptom: SymptomId,
    /// Similarity in [0, 1].
    pub similarity: f64,
}

/// A phrase in which nothing matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Unrecognized {
    /// Byte span in the input.
    pub span: Span,
    /// The phrase's text.
    pub text: String,
}

/// An emergency notice.
#[derive(Debug, Clone, PartialEq)]
pub struct RedFlag {
    /// The symptom that raised it, if a symptom did.
    pub symptom: Option<SymptomId>,
    /// The rule that raised it, if a matched emergency rule did.
    pub rule: Option<RuleId>,
    /// The finding behind it (index into [`Analysis::findings`]), for symptom flags.
    pub finding: Option<usize>,
    /// The urgent-care message.
    pub message: String,
}

/// Everything [`Matcher::analyze`] learnt about one description.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The input as given.
    pub input: String,
    /// Every phrase, in order.
    pub phrases: Vec<Phrase>,
    /// Every finding, in order of position.
    pub findings: Vec<Finding>,
    /// Phrases without any finding.
    pub unrecognized: Vec<Unrecognized>,
    /// Every rule's result, best first (including those under any threshold).
    pub matches: Vec<Match>,
    /// Emergency notices: one per red-flag symptom found un-negated, and one
    /// per emergency rule that scores at least the minimum score and either
    /// ranks first or has more than thin evidence.
    pub red_flags: Vec<RedFlag>,
    normalized: Normalized,
    parsed: parse::Parsed,
}

impl Analysis {
    /// Matches at or above `min_score`, best first.
    pub fn ranked(&self, min_score: f64) -> impl Iterator<Item = &Match> {
        self.matches
            .iter()
            .filter(move |m| m.score >= min_score && m.score > 0.0)
    }
}

/// The matcher: a validated rule base and its compiled lexicon.
#[derive(Debug, Clone)]
pub struct Matcher {
    rules: RuleBase,
    lexicon: Lexicon,
    min_score: f64,
}

impl Matcher {
    /// A matcher over the built-in rules.
    ///
    /// # Errors
    /// Only if the compiled-in rules are invalid, which the test suite rules out.
    pub fn builtin() -> Result<Matcher, RuleError> {
        Matcher::load(&RuleSource::builtin(), LoadOptions::default())
    }

    /// A matcher over rule files given in order.
    ///
    /// # Errors
    /// [`RuleError::Invalid`] with every problem of every file.
    pub fn load(sources: &[RuleSource], options: LoadOptions) -> Result<Matcher, RuleError> {
        let rules = RuleBase::build(sources, options)?;
        Matcher::new(rules)
    }

    /// A matcher over an already validated rule base.
    ///
    /// # Errors
    /// [`RuleError::Invalid`] when two symptoms share a term.
    pub fn new(rules: RuleBase) -> Result<Matcher, RuleError> {
        let lexicon = Lexicon::build(&rules).map_err(|d: Vec<Diagnostic>| RuleError::Invalid(d))?;
        Ok(Matcher {
            rules,
            lexicon,
            min_score: score::DEFAULT_MIN_SCORE,
        })
    }

    /// Sets the minimum score for emergency-rule red flags (default
    /// [`score::DEFAULT_MIN_SCORE`]).
    pub fn with_min_score(mut self, min_score: f64) -> Self {
        self.min_score = min_score;
        self
    }

    /// The rule base.
    pub fn rules(&self) -> &RuleBase {
        &self.rules
    }

    /// The lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Analyses one description.
    ///
    /// # Errors
    /// [`InputError::Empty`] for blank input, [`InputError::TooLarge`] over
    /// [`MAX_INPUT_BYTES`].
    pub fn analyze(&self, input: &str) -> Result<Analysis, InputError> {
        if input.len() > MAX_INPUT_BYTES {
            return Err(InputError::TooLarge {
                len: input.len(),
                max: MAX_INPUT_BYTES,
            });
        }
        if input.trim().is_empty() {
            return Err(InputError::Empty);
        }
        let normalized = Normalized::new(input);
        let parsed = parse::parse(normalized.as_str());
        let mut hits = Vec::new();
        for clause in &parsed.clauses {
            hits.extend(self.lexicon.find(&parsed.tokens, clause.tokens.clone()));
        }
        let mut covered = vec![false; parsed.tokens.len()];
        for h in &hits {
            covered[h.tokens.clone()].iter_mut().for_each(|c| *c = true);
        }
        let phrases = parse::phrases(&parsed, |i| covered[i]);
        let ranges: Vec<_> = hits
            .iter()
            .map(|h| (h.tokens.clone(), h.gaps.clone()))
            .collect();
        let cues = negation::negate(&parsed.tokens, &phrases, &ranges);

        let to_input = |tokens: &std::ops::Range<usize>| {
            let s = parsed.tokens[tokens.start].span.start;
            let e = parsed.tokens[tokens.end - 1].span.end;
            normalized.original_span(&(s..e))
        };
        let findings: Vec<Finding> = hits
            .iter()
            .zip(cues)
            .map(|(h, cue)| {
                let span = to_input(&h.tokens);
                Finding {
                    text: input[span.clone()].to_string(),
                    span,
                    symptom: self.lexicon.terms[h.term].symptom,
                    term: h.term,
                    kind: h.kind,
                    similarity: h.similarity,
                    negation: cue.map(|c| {
                        let span = to_input(&c.tokens);
                        Negation {
                            text: input[span.clone()].to_string(),
                            span,
                            kind: c.kind,
                        }
                    }),
                }
            })
            .collect();

        let mut out_phrases = Vec::with_capacity(phrases.len());
        let mut unrecognized = Vec::new();
        let mut next_hit = 0;
        for p in &phrases {
            let span = to_input(&p.tokens);
            let text = input[span.clone()].to_string();
            let first = next_hit;
            while next_hit < hits.len() && hits[next_hit].tokens.start < p.tokens.end {
                next_hit += 1;
            }
            let inside: Vec<usize> = (first..next_hit).collect();
            if inside.is_empty() {
                unrecognized.push(Unrecognized {
                    span: span.clone(),
                    text: text.clone(),
                });
            }
            out_phrases.push(Phrase {
                span,
                text,
                boundary: p.boundary,
                findings: inside,
            });
        }

        let observations: Vec<Observation> = findings
            .iter()
            .map(|f| Observation {
                symptom: f.symptom,
                similarity: f.similarity,
                negated: f.negation.is_some(),
            })
            .collect();
        let matches = score::score(&self.rules, &observations);

        let mut red_flags = Vec::new();
        for (rank, m) in matches.iter().enumerate() {
            let rule = self.rules.rule(m.rule);
            if let Some(message) = &rule.emergency {
                // An emergency rule flags when it ranks first, or when its
                // evidence is more than one thin sign; the red-flag symptoms
                // (fainting, convulsions …) flag on their own below.
                if m.score >= self.min_score && (rank == 0 || !m.thin) {
                    red_flags.push(RedFlag {
                        symptom: None,
                        rule: Some(m.rule),
                        finding: None,
                        message: message.clone(),
                    });
                }
            }
        }
        for (i, f) in findings.iter().enumerate() {
            if f.negation.is_some() || red_flags.iter().any(|r| r.symptom == Some(f.symptom)) {
                continue;
            }
            if let Some(message) = &self.rules.symptom(f.symptom).red_flag {
                red_flags.push(RedFlag {
                    symptom: Some(f.symptom),
                    rule: None,
                    finding: Some(i),
                    message: message.clone(),
                });
            }
        }

        Ok(Analysis {
            input: input.to_string(),
            phrases: out_phrases,
            findings,
            unrecognized,
            matches,
            red_flags,
            normalized,
            parsed,
        })
    }

    /// For an unrecognised phrase of `analysis`, the `n` nearest lexicon terms
    /// (best first) that fell under the matching threshold.
    pub fn nearest(&self, analysis: &Analysis, phrase: &Unrecognized, n: usize) -> Vec<Near> {
        let tokens: Vec<_> = analysis
            .parsed
            .tokens
            .iter()
            .filter(|t| {
                let s = analysis.normalized.original_span(&t.span);
                s.start >= phrase.span.start && s.end <= phrase.span.end
            })
            .cloned()
            .collect();
        self.lexicon
            .nearest(&tokens, n)
            .into_iter()
            .map(|(t, similarity)| Near {
                term: self.lexicon.terms[t].text.clone(),
                symptom: self.lexicon.terms[t].symptom,
                similarity,
            })
            .collect()
    }
}
