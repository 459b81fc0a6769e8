//! The validated rule base: what the matcher uses, every id resolved to a
//! [`SymptomId`] or [`RuleId`], and the look-ups the matcher needs. Plain
//! types: how they are built and checked is in `validate`, their warnings in
//! `lint`.

use super::ids::{RuleId, SymptomId};
use super::position::Position;
use super::schema::{CareDef, Category, ExampleDef, PatternDef, Reading, Role, RuleDef, SourceDef};
use crate::deferred::Deferred;
use crate::groups::Groups;
use crate::strings::Strings;
use std::collections::{BTreeMap, HashMap};

/// A validated symptom.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Symptom {
    /// Kebab-case id.
    pub id: String,
    /// English name.
    pub name: String,
    /// Chinese name.
    pub zh: String,
    /// Symptom, sign, tongue or pulse.
    pub category: Category,
    /// Standard terms (matched as `exact`).
    pub terms: Strings,
    /// Lay wording (matched as `synonym`).
    pub lay: Strings,
    /// Measurements that count as the symptom.
    pub readings: Vec<Reading>,
    /// The urgent-care message when found un-negated, for emergencies.
    pub red_flag: Option<String>,
    /// The red-flag message in Chinese.
    pub red_flag_zh: Option<String>,
    /// The symptoms this everyday cause accounts for ([`super::schema::SymptomDef::explains`]).
    pub explains: Vec<SymptomId>,
    /// Source keys.
    pub sources: Vec<String>,
    /// File it was defined in.
    pub origin: String,
    /// Where its id is written in [`Symptom::origin`].
    pub position: Position,
    /// Where each of `terms`, then each of `lay`, is written (same order).
    #[serde(with = "crate::records")]
    pub term_positions: Vec<Position>,
}

/// One symptom of a rule, with its weight.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RuleSymptom {
    /// Which symptom.
    pub symptom: SymptomId,
    /// The role the author gave it.
    pub role: Role,
}

/// A validated rule.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    /// Kebab-case id.
    pub id: String,
    /// Whether the pattern is a KI 1 indication (`false`: a differential
    /// pattern, ranked but without care text); see [`RuleDef::ki1`].
    pub ki1: bool,
    /// Pattern names and ICD-11 code.
    pub pattern: PatternDef,
    /// The KI 1 function it serves.
    pub function: String,
    /// Its symptoms, key ones first.
    pub symptoms: Vec<RuleSymptom>,
    /// Symptoms that argue against it.
    pub against: Vec<RuleSymptom>,
    /// Emergency notice shown whenever the rule matches.
    pub emergency: Option<String>,
    /// The emergency notice in Chinese.
    pub emergency_zh: Option<String>,
    /// Care keys, in display order (all present in [`RuleBase::care`]).
    pub care: Vec<String>,
    /// Source keys (all present in [`RuleBase::sources`]).
    pub sources: Vec<String>,
    /// Examples with expected outcomes (decoded from the snapshot on first use).
    pub examples: Deferred<Vec<ExampleDef>>,
    /// File it was defined in.
    pub origin: String,
    /// Where its id is written in [`Rule::origin`].
    pub position: Position,
    /// Where each example's text is written (same order as `examples`).
    #[serde(with = "crate::records")]
    pub example_positions: Vec<Position>,
}

/// A validated clinical abbreviation ([`super::schema::AbbreviationDef`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Abbreviation {
    /// As written, e.g. `"SOB"`.
    pub text: String,
    /// The symptom it stands for.
    pub symptom: SymptomId,
    /// Matched only when written in the same case.
    pub exact_case: bool,
    /// Source keys.
    pub sources: Vec<String>,
    /// File it was defined in.
    pub origin: String,
    /// Where its key is written in [`Abbreviation::origin`].
    pub position: Position,
}

/// The validated rule base: symptoms, rules, care and sources, all ids resolved.
// Serialised through the impls below, which rebuild the look-up tables on
// reading: a deserialised rule base is always ready to use.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(remote = "Self")]
pub struct RuleBase {
    /// All symptoms; [`SymptomId`] indexes this.
    pub(crate) symptoms: Vec<Symptom>,
    /// All rules; [`RuleId`] indexes this.
    pub(crate) rules: Vec<Rule>,
    /// Care items by key.
    pub(crate) care: BTreeMap<String, CareDef>,
    /// Sources by key.
    pub(crate) sources: Deferred<BTreeMap<String, SourceDef>>,
    /// Per symptom: in how many rules it appears (≥ 1 for a used symptom).
    pub(crate) rule_count: Vec<u32>,
    /// Clinical abbreviations, each a term of its symptom.
    pub(crate) abbreviations: Vec<Abbreviation>,
    /// Per symptom: the sum of the weights of its roles in the rules that
    /// list it under `symptoms` (a `Key` counts 1, a `Minor` 0.3): how
    /// widely it is shared, for the scorer's specificity.
    pub(crate) rule_weight: Vec<f64>,
    #[serde(skip)]
    pub(crate) symptom_ids: HashMap<String, SymptomId>,
    #[serde(skip)]
    pub(crate) rule_ids: HashMap<String, RuleId>,
    /// Rules by symptom (listed under `symptoms` or `against`).
    #[serde(skip)]
    pub(crate) rules_of: Groups<RuleId>,
}

impl serde::Serialize for RuleBase {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RuleBase::serialize(self, s)
    }
}

/// Reading a rule base also rebuilds its look-up tables (ids, rules by
/// symptom), which are not stored.
/// Bytes that decode but break the rule base's invariants (an id past the
/// end, tables of the wrong length) are an error, never a rule base that
/// panics later.
impl<'de> serde::Deserialize<'de> for RuleBase {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut rules = RuleBase::deserialize(d)?;
        rules.consistent().map_err(serde::de::Error::custom)?;
        rules.reindex();
        Ok(rules)
    }
}

impl RuleBase {
    /// All symptoms; [`SymptomId`] indexes this.
    pub fn symptoms(&self) -> &[Symptom] {
        &self.symptoms
    }

    /// All rules; [`RuleId`] indexes this.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Care items by key.
    pub fn care(&self) -> &BTreeMap<String, CareDef> {
        &self.care
    }

    /// Sources by key (decoded on first use when the rule base comes from
    /// the built-in snapshot).
    pub fn sources(&self) -> &BTreeMap<String, SourceDef> {
        &self.sources
    }

    /// Clinical abbreviations, each a term of its symptom.
    pub fn abbreviations(&self) -> &[Abbreviation] {
        &self.abbreviations
    }

    /// In how many rules `symptom` appears under `symptoms` (≥ 1 for a used
    /// symptom).
    pub fn rule_count(&self, symptom: SymptomId) -> u32 {
        self.rule_count[symptom.0 as usize]
    }

    /// The sum of the weights of `symptom`'s roles in the rules that list
    /// it under `symptoms` (a `Key` counts 1, a `Minor` 0.3): how widely it
    /// is shared, for the scorer's specificity.
    pub fn rule_weight(&self, symptom: SymptomId) -> f64 {
        self.rule_weight[symptom.0 as usize]
    }

    /// True when every part decoded on first use ([`Deferred`]) does decode.
    pub(crate) fn deferred_parts_decode(&self) -> bool {
        self.sources.check() && self.rules.iter().all(|r| r.examples.check())
    }

    /// Every id in range and every per-symptom table of the right length:
    /// what a validated rule base always is, checked on data read from
    /// elsewhere.
    fn consistent(&self) -> Result<(), String> {
        let n = self.symptoms.len();
        let ok = |s: &SymptomId| (s.0 as usize) < n;
        let rules_ok = self.rules.iter().all(|r| {
            r.symptoms
                .iter()
                .chain(&r.against)
                .all(|rs| ok(&rs.symptom))
        });
        let explains_ok = self.symptoms.iter().all(|s| s.explains.iter().all(ok));
        let abbreviations_ok = self.abbreviations.iter().all(|a| ok(&a.symptom));
        let tables_ok = self.rule_count.len() == n && self.rule_weight.len() == n;
        if rules_ok && explains_ok && abbreviations_ok && tables_ok {
            Ok(())
        } else {
            Err(format!(
                "not a consistent rule base: a symptom id or a table does not fit its {n} symptoms"
            ))
        }
    }

    /// Rebuilds the id look-up tables (not serialised) after deserialising.
    pub(crate) fn reindex(&mut self) {
        self.symptom_ids = self
            .symptoms
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), SymptomId(i as u32)))
            .collect();
        self.rule_ids = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), RuleId(i as u32)))
            .collect();
        self.index_rules_of();
    }

    /// Builds the symptom → rules table (a rule that lists a symptom
    /// under both `symptoms` and `against` appears once).
    pub(super) fn index_rules_of(&mut self) {
        let pairs = self.rules.iter().enumerate().flat_map(|(r, rule)| {
            let mut ids: Vec<SymptomId> = rule
                .symptoms
                .iter()
                .chain(&rule.against)
                .map(|rs| rs.symptom)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter()
                .map(move |s| (s.0 as usize, RuleId(r as u32)))
        });
        self.rules_of = Groups::new(self.symptoms.len(), pairs);
    }

    /// A rule as an author writes it (for `rules show`): the same fields,
    /// symptoms named by id again.
    pub fn rule_def(&self, id: RuleId) -> RuleDef {
        let rule = self.rule(id);
        let by_id = |list: &[RuleSymptom]| {
            list.iter()
                .map(|rs| (self.symptom(rs.symptom).id.clone(), rs.role))
                .collect()
        };
        RuleDef {
            id: rule.id.clone(),
            ki1: rule.ki1,
            pattern: rule.pattern.clone(),
            function: rule.function.clone(),
            symptoms: by_id(&rule.symptoms),
            against: by_id(&rule.against),
            emergency: rule.emergency.clone(),
            emergency_zh: rule.emergency_zh.clone(),
            care: rule.care.clone(),
            sources: rule.sources.clone(),
            examples: (*rule.examples).clone(),
        }
    }

    /// The rules that list `symptom` under `symptoms` or `against`, in rule
    /// order.
    pub fn rules_of(&self, symptom: SymptomId) -> &[RuleId] {
        self.rules_of.get(symptom.0 as usize)
    }

    /// The symptom with this id.
    pub fn symptom(&self, id: SymptomId) -> &Symptom {
        &self.symptoms[id.0 as usize]
    }

    /// The rule with this id.
    pub fn rule(&self, id: RuleId) -> &Rule {
        &self.rules[id.0 as usize]
    }

    /// Looks a symptom up by its kebab-case id.
    pub fn symptom_id(&self, id: &str) -> Option<SymptomId> {
        self.symptom_ids.get(id).copied()
    }

    /// Looks a rule up by its kebab-case id.
    pub fn rule_id(&self, id: &str) -> Option<RuleId> {
        self.rule_ids.get(id).copied()
    }

    /// Where a term (one of `terms` or `lay`, as written) of a symptom is
    /// written in the symptom's file.
    pub fn term_position(&self, symptom: SymptomId, term: &str) -> Option<Position> {
        let s = self.symptom(symptom);
        s.terms
            .iter()
            .chain(s.lay.iter())
            .position(|t| t == term)
            .and_then(|i| s.term_positions.get(i).copied())
    }
}
