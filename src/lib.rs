//! # yongquan
//!
//! An explainable, rule-based symptom matcher for the acupuncture point KI 1
//! (YongQuan, 湧泉). Rules written in RON map Traditional Chinese Medicine
//! patterns — Liver-Yang rising, Kidney-deficiency heat, Heart & Kidney Yin
//! deficiency, Yang collapse, and the seed article's other indications — to
//! their symptoms. A free-text description (English or Chinese, typos, lay
//! words, negations) is read into findings and scored against every rule, and
//! every score can be traced back to the words that produced it.
//!
//! **Educational decision support, not a diagnosis.** Emergencies (loss of
//! consciousness, fits, stroke signs, chest pain, shock, Yang collapse …) are
//! raised by a triage stage for the person the description is about —
//! never for a denied, past, hypothetical or someone else's symptom.
//!
//! ## Pipeline
//!
//! The data flows one way, one module per stage:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | rules | [`rules`] | RON files → validated [`rules::RuleBase`] |
//! | lexicon | [`lexicon`] | rule base → compiled terms and the term finder |
//! | check | [`check`] | rule files → every error and warning an author should see (`rules check`) |
//! | parse | [`normalize`], [`parse`] | text → normalised text → tokens, clauses, phrases (nom) |
//! | negation | [`negation`] | phrases + term hits → negation cue per finding |
//! | assertion | [`assertion`], [`finding`] | findings → certainty, temporality, experiencer (ConText), the patient |
//! | score | [`score`] | affirmed current findings of the patient × rules → ranked [`score::Match`]es with evidence |
//! | triage | [`triage`], [`presentations`], [`region`] | findings + matches → urgency level and reasons, whatever ranks |
//! | report | [`report`] | [`Analysis`] → human text or the JSON contract |
//!
//! [`Matcher`] runs the pipeline; the `yongquan` binary is a thin shell around it.
//!
//! ```
//! let matcher = yongquan::Matcher::builtin().unwrap();
//! let analysis = matcher.analyze("insomnia, night sweats").unwrap();
//! let best = &analysis.matches[0];
//! assert_eq!(matcher.rules().rule(best.rule).id, "heart-kidney-yin-deficiency");
//! ```
//!
//! Spans are UTF-8 byte offsets into the input everywhere: for a finding `f`,
//! `&analysis.input[f.span.clone()] == f.text`.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod assertion;
pub mod check;
pub mod deferred;
pub mod eval;
pub mod finding;
mod groups;
pub mod han;
pub mod index;
mod keys;
pub mod lexicon;
pub mod matcher;
pub mod negation;
pub mod normalize;
pub mod parse;
mod pinyin_syllables;
pub mod presentations;
mod readings;
mod records;
pub mod region;
pub mod report;
pub mod rules;
pub mod score;
pub mod strings;
pub mod triage;
mod vocab;
pub mod wordlist;

pub use matcher::{Analysis, Finding, InputError, Matcher, MAX_INPUT_BYTES};
pub use rules::{LoadOptions, RuleBase, RuleError, RuleSource};
