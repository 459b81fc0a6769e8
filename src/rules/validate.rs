//! Validation: the files as loaded become a [`RuleBase`], every id resolved,
//! every weight, source and care key checked, every problem located.

use super::diagnostic::{Code, Diagnostic, Severity};
use super::ids::{did_you_mean, is_kebab, RuleId, SymptomId};
use super::load::{read, Defs, Loaded};
use super::model::{Abbreviation, Rule, RuleBase, RuleSymptom, Symptom};
use super::position::Position;
use super::schema::{self, AbbreviationDef, CareDef, Role, RuleDef, SourceDef, SymptomDef};
use super::source::{sort_diagnostics, RuleError, RuleSource};
use super::tree;
use crate::deferred::Deferred;
use crate::groups::Groups;
use crate::normalize::is_hidden;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Loading options.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Let a later file replace a rule, symptom, care item or source of the
    /// same id instead of reporting a clash.
    pub allow_override: bool,
}

/// Every definition of every file, after clashes are settled.
struct Gathered {
    sources: BTreeMap<String, Located<SourceDef>>,
    care: BTreeMap<String, Located<CareDef>>,
    abbreviations: BTreeMap<String, Located<AbbreviationDef>>,
    symptoms: Vec<Located<SymptomDef>>,
    rules: Vec<Located<RuleDef>>,
}

/// The validated rules, and per symptom how many rules list it under
/// `symptoms` and the sum of those roles' weights.
struct Tallied {
    rules: Vec<Rule>,
    rule_count: Vec<u32>,
    rule_weight: Vec<f64>,
}

/// A definition and where it came from.
struct Located<T> {
    value: T,
    file: usize,
    /// Index in its file's `symptoms` or `rules` list (0 for map entries).
    index: usize,
}

/// Validation in progress: the files as read and the diagnostics so far.
struct Check<'a> {
    sources: &'a [RuleSource],
    files: &'a [Loaded],
    diags: Vec<Diagnostic>,
    /// Per file: reference checks skipped because an unreadable part of the
    /// file mentions the id.
    skipped: Vec<usize>,
    /// Per (file, map section): its entries by key, built on the first
    /// look-up (one scan per look-up was quadratic in the section's size).
    sections: HashMap<(usize, &'static str), tree::EntriesByKey<'a>>,
    /// Every text between two neighbouring quotes in a part of a file that
    /// could not be read, with the first file it is in: built on the first
    /// unknown id, so that each further one is a look-up, not a scan of
    /// every unread byte.
    unread_quoted: Option<HashMap<&'a str, usize>>,
}

impl<'a> Check<'a> {
    /// Where a node starts (the top of the file without one), placed by
    /// the file's line index.
    fn position(&self, file: usize, at: Option<&tree::Node>) -> Position {
        let offset = at.map_or(0, |n| n.span.start);
        self.files[file]
            .lines
            .position(&self.sources[file].text, offset)
    }

    /// `file:line:column` of a node, for messages that name another place.
    fn place(&self, file: usize, at: Option<&tree::Node>) -> String {
        let p = self.position(file, at);
        format!("{}:{}:{}", self.sources[file].name, p.line, p.column)
    }

    /// A diagnostic at a node (the top of the file without one), placed by
    /// the line index.
    fn diagnostic(
        &self,
        severity: Severity,
        file: usize,
        at: Option<&tree::Node>,
        message: String,
        help: Option<String>,
    ) -> Diagnostic {
        let Position { line, column } = self.position(file, at);
        Diagnostic {
            severity,
            file: self.sources[file].name.clone(),
            line,
            column,
            message,
            help,
            code: None,
        }
    }

    fn push(
        &mut self,
        severity: Severity,
        file: usize,
        at: Option<&tree::Node>,
        message: String,
        help: Option<String>,
    ) {
        let d = self.diagnostic(severity, file, at, message, help);
        self.diags.push(d);
    }

    /// The first entry `key` of the map section `section` of `file`.
    fn entry(
        &mut self,
        file: usize,
        section: &'static str,
        key: &str,
    ) -> Option<&'a (tree::Node, tree::Node)> {
        let files = self.files;
        self.sections
            .entry((file, section))
            .or_insert_with(|| {
                files[file]
                    .section(section)
                    .map(tree::Node::entries_by_key)
                    .unwrap_or_default()
            })
            .get(key)
            .copied()
    }

    fn error(
        &mut self,
        file: usize,
        at: Option<&tree::Node>,
        message: String,
        help: Option<String>,
    ) {
        self.push(Severity::Error, file, at, message, help);
    }

    fn errors(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when a part of some file that could not be read mentions
    /// `"id"`: the definition may be there, so an "unknown id" error would
    /// probably be a consequence of that file's error, not a mistake of its
    /// own. The check is skipped and counted against that file.
    fn unread_mentions(&mut self, id: &str) -> bool {
        let (files, sources) = (self.files, self.sources);
        let hit = if id.contains('"') {
            // Not the text between two neighbouring quotes: search for it.
            let quoted = format!("\"{id}\"");
            files.iter().enumerate().position(|(i, f)| {
                f.unread
                    .iter()
                    .any(|r| sources[i].text[r.clone()].contains(&quoted))
            })
        } else {
            let quoted = self.unread_quoted.get_or_insert_with(|| {
                let mut quoted = HashMap::new();
                for (i, f) in files.iter().enumerate() {
                    for r in &f.unread {
                        let text = &sources[i].text[r.clone()];
                        let mut quotes = text.match_indices('"').map(|(q, _)| q);
                        let Some(mut open) = quotes.next() else {
                            continue;
                        };
                        for close in quotes {
                            quoted.entry(&text[open + 1..close]).or_insert(i);
                            open = close;
                        }
                    }
                }
                quoted
            });
            quoted.get(id).copied()
        };
        if let Some(i) = hit {
            self.skipped[i] += 1;
        }
        hit.is_some()
    }

    /// Reports keys written twice in one map (serde would silently keep the last).
    fn duplicate_keys(&mut self, file: usize, map: Option<&'a tree::Node>, what: &str) {
        let Some(map) = map else { return };
        let mut firsts: HashMap<&str, &tree::Node> = HashMap::new();
        for (key, _) in map.entries() {
            let Some(k) = key.str() else { continue };
            let first = *firsts.entry(k).or_insert(key);
            if !std::ptr::eq(first, key) {
                let line = self.position(file, Some(first)).line;
                self.error(
                    file,
                    Some(key),
                    format!("{what} `{k}` is written twice here (first on line {line})"),
                    Some("keep one of them: only the last would count".into()),
                );
            }
        }
    }

    /// Checks that every key in `keys` is defined in a `section` of some
    /// file (`known`), reporting the unknown ones at their string in `list`
    /// with a did-you-mean hint.
    #[allow(clippy::too_many_arguments)]
    fn known_keys<'k>(
        &mut self,
        file: usize,
        keys: impl IntoIterator<Item = &'k String>,
        known: &BTreeMap<String, impl Sized>,
        section: &str,
        list: Option<&tree::Node>,
        what: impl Fn(&str) -> String,
    ) {
        // Built on the first unknown key: most lists have none.
        let mut by_text: Option<HashMap<&str, &tree::Node>> = None;
        for key in keys {
            if known.contains_key(key) || self.unread_mentions(key) {
                continue;
            }
            let help = did_you_mean(key, known.keys().map(String::as_str)).or_else(|| {
                Some(format!(
                    "no `{section}` section of the loaded files defines `{key}`: define it, or use a key that is defined"
                ))
            });
            let at = list
                .and_then(|l| {
                    by_text
                        .get_or_insert_with(|| l.items_by_text())
                        .get(key.as_str())
                })
                .copied()
                .or(list);
            self.error(file, at, what(key), help);
        }
    }

    /// Reports an id (`what`, e.g. "rule id") that is not kebab-case.
    fn kebab(&mut self, file: usize, at: Option<&tree::Node>, what: &str, id: &str, example: &str) {
        if !is_kebab(id) {
            self.error(
                file,
                at,
                format!("{what} `{id}` is not kebab-case"),
                Some(format!(
                    "use lower-case words joined by hyphens, e.g. `{example}`"
                )),
            );
        }
    }

    /// Reports the first character of `text` that a reader would not see as
    /// written: a control character (a terminal acts on it: an escape
    /// sequence in a care text could redraw the screen of whoever is shown
    /// it) or an invisible one (nothing shows, or a bidi control reorders
    /// what does). `text` is field `field` of `owner` (kind and id, as in
    /// "symptom `insomnia`"), laid out as `layout` says.
    #[allow(clippy::too_many_arguments)]
    fn shown(
        &mut self,
        file: usize,
        at: Option<&tree::Node>,
        text: &str,
        layout: Layout,
        (kind, id): (&str, &str),
        field: &str,
    ) {
        let allowed = |c: char| layout == Layout::Prose && c == '\n';
        let Some(c) = text.chars().find(|&c| is_hidden(c) && !allowed(c)) else {
            return;
        };
        let code = format!("U+{:04X}", u32::from(c));
        let (what, help) = match (c, layout) {
            ('\n', _) => (format!("a line break ({code})"), ONE_LINE_HELP),
            ('\t', Layout::Line) => (format!("a tab ({code})"), ONE_LINE_HELP),
            (_, Layout::Line) if c.is_control() => {
                (format!("a control character ({code})"), ONE_LINE_HELP)
            }
            (_, Layout::Prose) if c.is_control() => {
                (format!("a control character ({code})"), PROSE_HELP)
            }
            _ => (format!("an invisible character ({code})"), INVISIBLE_HELP),
        };
        let message = format!("{kind} `{id}` has {what} in {field}");
        self.error(file, at, message, Some(help.into()));
    }

    /// Checks the Chinese text `text` of `owner`'s field `{of}_zh`:
    /// written on one line, not blank, and only beside the English text it
    /// translates (`has_english`).
    fn translation(
        &mut self,
        file: usize,
        at: Option<&tree::Node>,
        text: &str,
        has_english: bool,
        owner: (&str, &str),
        of: &str,
    ) {
        let (kind, id) = owner;
        let name = format!("`{of}_zh`");
        if !has_english {
            self.error(
                file,
                at,
                format!("{kind} `{id}` has {name} but no `{of}`"),
                Some(format!(
                    "`{of}_zh` translates `{of}`: write the English `{of}` too, or remove {name}"
                )),
            );
        }
        self.nonempty(
            file,
            at,
            text,
            format!("{kind} `{id}` has an empty {name}"),
            "write the Chinese text, or remove the field",
        );
        self.shown(file, at, text, Layout::Line, owner, &name);
    }

    /// Reports `what` at `at` when `text` is blank, with `help`.
    fn nonempty(
        &mut self,
        file: usize,
        at: Option<&tree::Node>,
        text: &str,
        what: String,
        help: &str,
    ) {
        if text.trim().is_empty() {
            self.error(file, at, what, Some(help.into()));
        }
    }
}

const CLASH_HELP: &str =
    "rename one of them, or allow overrides so that the later file replaces the earlier definition";
const ONE_LINE_HELP: &str =
    "write it on one line, with plain spaces: a terminal acts on a control character instead of showing it";
const PROSE_HELP: &str =
    "delete it (line breaks are fine here): a terminal acts on a control character instead of showing it";
const INVISIBLE_HELP: &str =
    "delete it: it shows as nothing, or reorders the text around it, so readers would not see what the file says";

/// How a string that readers see may be laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// On one line: names, titles, messages, examples.
    Line,
    /// Prose the report fills into lines, where a line break (`\n`) starts
    /// a new one: a care item's text and cautions.
    Prose,
}
const GRADE_HELP: &str =
    "a grade is \"A\" (WHO, NHS, peer-reviewed), \"B\" (TCM reference) or \"C\" (consumer Q&A)";
const NO_SOURCE_HELP: &str =
    "every medical statement needs a source: add a key defined in a `sources` section, e.g. `[\"seed\"]`";
const WEIGHT_HELP: &str = "a weight is a number above 0 and at most 1, e.g. `Weight(0.8)`";
const UNKNOWN_SYMPTOM_HELP: &str =
    "define it in a `symptoms` section; `yongquan lexicon` lists the known symptoms with their ids";

/// "Did you mean …?" for an unknown symptom id, or how to find the known ones.
fn unknown_symptom_help(id: &str, symptom_ids: &HashMap<String, SymptomId>) -> String {
    did_you_mean(id, symptom_ids.keys().map(String::as_str))
        .unwrap_or_else(|| UNKNOWN_SYMPTOM_HELP.into())
}

/// The value node of field `name`, or the node itself when the field is absent.
fn field<'n>(node: Option<&'n tree::Node>, name: &str) -> Option<&'n tree::Node> {
    node.and_then(|n| n.field(name)).or(node)
}

impl RuleBase {
    /// The built-in rule base.
    ///
    /// # Errors
    /// Only if the compiled-in rules are invalid, which a test rules out.
    pub fn builtin() -> Result<RuleBase, RuleError> {
        RuleBase::build(&RuleSource::builtin(), LoadOptions::default())
    }

    /// Parses and validates `sources` in order (later files may reference
    /// anything defined in earlier or later ones).
    ///
    /// Every file is read even when an earlier one is broken. A file that
    /// deserialises only in part is read one element at a time, so each
    /// broken symptom, rule, source or care item gets its own error and the
    /// others still count as defined. A reference to an unknown id is not
    /// reported when a part of a file that could not be read mentions that
    /// id (the definition is probably there); the read error says how many
    /// such checks it held back.
    ///
    /// # Errors
    /// [`RuleError::Invalid`] with every error of every file, sorted by file
    /// (in load order), line and column.
    pub fn build(sources: &[RuleSource], options: LoadOptions) -> Result<RuleBase, RuleError> {
        let (rules, errors) = RuleBase::build_partial(sources, options);
        if errors.is_empty() {
            Ok(rules)
        } else {
            Err(RuleError::Invalid(errors))
        }
    }

    /// Like [`RuleBase::build`], but returns the rule base built from every
    /// definition that could be read, together with every error (sorted;
    /// empty when `build` would succeed). Warnings are computed only when
    /// there are no errors.
    ///
    /// For tools that report rather than match: `yongquan rules check` builds
    /// the lexicon of a partial base too, so that a term shared by two
    /// symptoms is reported in the same run as the other errors. A base with
    /// errors may miss symptoms, rules and references: never match with it.
    pub fn build_partial(
        sources: &[RuleSource],
        options: LoadOptions,
    ) -> (RuleBase, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut files: Vec<Loaded> = sources.iter().map(|s| read(s, &mut diags)).collect();
        let defs: Vec<Defs> = files
            .iter_mut()
            .map(|f| std::mem::take(&mut f.defs))
            .collect();
        let mut c = Check::new(sources, &files, diags);
        let known = c.gather(defs, options);
        c.sources(&known.sources);
        let (symptoms, symptom_ids) = c.symptoms(known.symptoms, &known.sources);
        c.care(&known.care, &known.sources);
        let abbreviations = c.abbreviations(&known.abbreviations, &symptom_ids, &known.sources);
        let tallied = c.rules(
            known.rules,
            &symptoms,
            &symptom_ids,
            &known.care,
            &known.sources,
        );
        let diags = c.finish();
        let mut rb = RuleBase {
            symptoms,
            rules: tallied.rules,
            care: known.care.into_iter().map(|(k, v)| (k, v.value)).collect(),
            sources: Deferred::new(
                known
                    .sources
                    .into_iter()
                    .map(|(k, v)| (k, v.value))
                    .collect(),
            ),
            rule_count: tallied.rule_count,
            rule_weight: tallied.rule_weight,
            abbreviations,
            symptom_ids,
            rule_ids: HashMap::new(),
            rules_of: Groups::default(),
        };
        rb.reindex();
        (rb, diags)
    }
}

impl<'a> Check<'a> {
    fn new(sources: &'a [RuleSource], files: &'a [Loaded], diags: Vec<Diagnostic>) -> Check<'a> {
        Check {
            sources,
            files,
            diags,
            skipped: vec![0; files.len()],
            sections: HashMap::new(),
            unread_quoted: None,
        }
    }

    /// Gathers every definition of every file, reporting clashes (a later
    /// definition replaces an earlier one only with
    /// [`LoadOptions::allow_override`]).
    fn gather(&mut self, defs: Vec<Defs>, options: LoadOptions) -> Gathered {
        let mut known = Gathered {
            sources: BTreeMap::new(),
            care: BTreeMap::new(),
            abbreviations: BTreeMap::new(),
            symptoms: Vec::new(),
            rules: Vec::new(),
        };
        let (mut symptom_at, mut rule_at) = (HashMap::new(), HashMap::new());
        let replace = options.allow_override;
        for (file, d) in defs.into_iter().enumerate() {
            let keyed = [
                ("sources", "source"),
                ("care", "care item"),
                ("abbreviations", "abbreviation"),
            ];
            for (section, what) in keyed {
                self.duplicate_keys(file, self.files[file].section(section), what);
            }
            self.keyed(
                file,
                d.abbreviations,
                &mut known.abbreviations,
                keyed[2],
                replace,
            );
            self.keyed(file, d.sources, &mut known.sources, keyed[0], replace);
            self.keyed(file, d.care, &mut known.care, keyed[1], replace);
            let (symptoms, rules) = (&mut known.symptoms, &mut known.rules);
            self.listed(
                file,
                d.symptoms,
                symptoms,
                &mut symptom_at,
                "symptom",
                replace,
                |s| &s.id,
            );
            self.listed(file, d.rules, rules, &mut rule_at, "rule", replace, |r| {
                &r.id
            });
        }
        known
    }

    /// Adds the entries of one file's map section (`section`, an entry
    /// called `what` in messages) to `into`, reporting a key defined before
    /// unless `replace`.
    fn keyed<T>(
        &mut self,
        file: usize,
        defs: Vec<(String, T)>,
        into: &mut BTreeMap<String, Located<T>>,
        (section, what): (&'static str, &str),
        replace: bool,
    ) {
        for (key, value) in defs {
            if let Some(prev) = into.get(&key).filter(|_| !replace) {
                let prev_key = self.entry(prev.file, section, &key).map(|e| &e.0);
                let first = self.place(prev.file, prev_key);
                let key_node = self.entry(file, section, &key).map(|e| &e.0);
                self.clash(
                    file,
                    key_node,
                    format!("{what} `{key}` is already defined at {first}"),
                );
                continue;
            }
            into.insert(
                key,
                Located {
                    value,
                    file,
                    index: 0,
                },
            );
        }
    }

    /// Adds the items of one file's list section (symptoms or rules, called
    /// `what`) to `into`, with `at` mapping each id to its place in `into`,
    /// reporting an id defined before unless `replace`.
    #[allow(clippy::too_many_arguments)]
    fn listed<T>(
        &mut self,
        file: usize,
        defs: Vec<(usize, T)>,
        into: &mut Vec<Located<T>>,
        at: &mut HashMap<String, usize>,
        what: &str,
        replace: bool,
        id: impl Fn(&T) -> &String,
    ) {
        let files = self.files;
        let section = if what == "rule" { "rules" } else { "symptoms" };
        let id_node = |file: usize, i: usize| field(files[file].item(section, i), "id");
        for (index, value) in defs {
            let located = Located { value, file, index };
            match at.get(id(&located.value)) {
                Some(&pos) if !replace => {
                    let prev = &into[pos];
                    let first = self.place(prev.file, id_node(prev.file, prev.index));
                    let message = format!(
                        "{what} `{}` is already defined at {first}",
                        id(&located.value)
                    );
                    self.clash(file, id_node(file, index), message);
                }
                Some(&pos) => into[pos] = located,
                None => {
                    at.insert(id(&located.value).clone(), into.len());
                    into.push(located);
                }
            }
        }
    }

    /// Reports a definition whose id an earlier one already has.
    fn clash(&mut self, file: usize, at: Option<&tree::Node>, message: String) {
        let mut d = self.diagnostic(Severity::Error, file, at, message, Some(CLASH_HELP.into()));
        d.code = Some(Code::Clash);
        self.diags.push(d);
    }

    /// Checks every source: kebab-case key, title, url, grade.
    fn sources(&mut self, src_defs: &BTreeMap<String, Located<SourceDef>>) {
        for (key, Located { value: s, file, .. }) in src_defs {
            let entry = self.entry(*file, "sources", key);
            let (k, v) = (entry.map(|e| &e.0), entry.map(|e| &e.1));
            self.kebab(*file, k, "source key", key, "nhs-tinnitus");
            self.nonempty(
                *file,
                field(v, "title"),
                &s.title,
                format!("source `{key}` has an empty `title`"),
                "write the title of the source, as a reader would look it up",
            );
            self.nonempty(
                *file,
                field(v, "url"),
                &s.url,
                format!("source `{key}` has an empty `url`"),
                "write where to read the source: a web address, or a path for the seed article",
            );
            let owner = ("source", key.as_str());
            self.shown(
                *file,
                field(v, "title"),
                &s.title,
                Layout::Line,
                owner,
                "`title`",
            );
            self.shown(*file, field(v, "url"), &s.url, Layout::Line, owner, "`url`");
            if let Some(g) = &s.grade {
                if !matches!(g.as_str(), "A" | "B" | "C") {
                    let message = format!("source `{key}` has grade `{g}`");
                    self.error(*file, field(v, "grade"), message, Some(GRADE_HELP.into()));
                }
            }
        }
    }

    /// Checks every symptom and resolves what it `explains`: the validated symptoms and their ids.
    fn symptoms(
        &mut self,
        sym_defs: Vec<Located<SymptomDef>>,
        src_defs: &BTreeMap<String, Located<SourceDef>>,
    ) -> (Vec<Symptom>, HashMap<String, SymptomId>) {
        let (files, sources) = (self.files, self.sources);
        let mut symptoms = Vec::with_capacity(sym_defs.len());
        let mut symptom_ids = HashMap::new();
        // (symptom, file, its `explains` node, the ids): resolved once every
        // symptom is known.
        let mut explains = Vec::new();
        for Located {
            value: s,
            file,
            index,
        } in sym_defs
        {
            let node = files[file].item("symptoms", index);
            let id_node = field(node, "id");
            self.kebab(file, id_node, "symptom id", &s.id, "night-sweats");
            self.nonempty(
                file,
                field(node, "name"),
                &s.name,
                format!("symptom `{}` has an empty `name`", s.id),
                "write the English name, e.g. \"Night sweats\"",
            );
            self.nonempty(
                file,
                field(node, "zh"),
                &s.zh,
                format!("symptom `{}` has an empty `zh` (Chinese name)", s.id),
                "write the Chinese name, e.g. \"盜汗\"",
            );
            if let Some(flag) = &s.red_flag {
                self.nonempty(
                    file,
                    field(node, "red_flag"),
                    flag,
                    format!("symptom `{}` has an empty `red_flag`", s.id),
"write the urgent-care message, or remove `red_flag` if the symptom is not an emergency",
                );
            }
            let owner = ("symptom", s.id.as_str());
            self.shown(
                file,
                field(node, "name"),
                &s.name,
                Layout::Line,
                owner,
                "`name`",
            );
            self.shown(file, field(node, "zh"), &s.zh, Layout::Line, owner, "`zh`");
            if let Some(flag) = &s.red_flag {
                let at = field(node, "red_flag");
                self.shown(file, at, flag, Layout::Line, owner, "`red_flag`");
            }
            if let Some(zh) = &s.red_flag_zh {
                let at = field(node, "red_flag_zh");
                self.translation(file, at, zh, s.red_flag.is_some(), owner, "red_flag");
            }
            if s.terms.is_empty() && s.lay.is_empty() && s.readings.is_empty() {
                self.error(
                    file,
                    field(node, "terms"),
                    format!("symptom `{}` has no terms", s.id),
                    Some("list at least one word or phrase in `terms`".into()),
                );
            }
            let mut term_positions = Vec::with_capacity(s.terms.len() + s.lay.len());
            for (list, terms) in [("terms", &s.terms), ("lay", &s.lay)] {
                let items = node
                    .and_then(|n| n.field(list))
                    .map_or(&[][..], tree::Node::items);
                for (i, t) in terms.iter().enumerate() {
                    let at = items.get(i).or(id_node);
                    term_positions.push(self.position(file, at));
                    if t.trim().is_empty() {
                        self.error(
                            file,
                            at,
                            format!("symptom `{}` has an empty term", s.id),
                            Some("remove the empty string, or write the term in it".into()),
                        );
                    } else if t.contains(char::is_control) {
                        // A tab or line break would also break `yongquan lexicon`'s
                        // one-term-per-line TSV.
                        self.error(
                            file,
                            at,
                            format!(
                                "symptom `{}` has a term with a tab, line break or other control character: {t:?}",
                                s.id
                            ),
                            Some("write the term on one line, with plain spaces".into()),
                        );
                    } else {
                        self.shown(file, at, t, Layout::Line, owner, "a term");
                    }
                }
            }
            let list = node.and_then(|n| n.field("sources"));
            let id = s.id.clone();
            self.known_keys(file, &s.sources, src_defs, "sources", list, |k| {
                format!("symptom `{id}` cites unknown source `{k}`")
            });
            if !s.explains.is_empty() {
                explains.push((
                    symptoms.len(),
                    file,
                    field(node, "explains"),
                    s.explains.clone(),
                ));
            }
            symptom_ids.insert(s.id.clone(), SymptomId(symptoms.len() as u32));
            symptoms.push(Symptom {
                position: self.position(file, id_node),
                term_positions,
                id: s.id,
                name: s.name,
                zh: s.zh,
                category: s.category,
                terms: s.terms.iter().collect(),
                lay: s.lay.iter().collect(),
                readings: s.readings,
                red_flag: s.red_flag,
                red_flag_zh: s.red_flag_zh,
                explains: Vec::new(),
                sources: s.sources,
                origin: sources[file].name.clone(),
            });
        }
        for (at, file, node, ids) in explains {
            for sid in ids {
                let id = symptoms[at].id.clone();
                match symptom_ids.get(&sid) {
                    Some(&x) if symptoms[x.0 as usize].red_flag.is_some() => {
                        self.error(
                            file,
                            node,
                            format!("symptom `{id}` explains `{sid}`, a red flag"),
                            Some("a red flag is never explained away: remove it".into()),
                        );
                    }
                    Some(&x) => symptoms[at].explains.push(x),
                    None => {
                        let help = unknown_symptom_help(&sid, &symptom_ids);
                        self.error(
                            file,
                            node,
                            format!("symptom `{id}` explains unknown symptom `{sid}`"),
                            Some(help),
                        );
                    }
                }
            }
        }
        (symptoms, symptom_ids)
    }

    /// Checks every care item: kebab-case key, title, text, sources.
    fn care(
        &mut self,
        care_defs: &BTreeMap<String, Located<CareDef>>,
        src_defs: &BTreeMap<String, Located<SourceDef>>,
    ) {
        for (
            key,
            Located {
                value: care, file, ..
            },
        ) in care_defs
        {
            let entry = self.entry(*file, "care", key);
            let (k, v) = (entry.map(|e| &e.0), entry.map(|e| &e.1));
            self.kebab(*file, k, "care key", key, "ki1-massage");
            self.nonempty(
                *file,
                field(v, "title"),
                &care.title,
                format!("care item `{key}` has an empty `title`"),
                "write a short title, e.g. \"Self-massage of KI 1 before sleep\"",
            );
            self.nonempty(
                *file,
                field(v, "text"),
                &care.text,
                format!("care item `{key}` has an empty `text`"),
                "write the instruction, doses and times as the source gives them",
            );
            let owner = ("care item", key.as_str());
            self.shown(
                *file,
                field(v, "title"),
                &care.title,
                Layout::Line,
                owner,
                "`title`",
            );
            self.shown(
                *file,
                field(v, "text"),
                &care.text,
                Layout::Prose,
                owner,
                "`text`",
            );
            if let Some(zh) = &care.zh {
                self.shown(*file, field(v, "zh"), zh, Layout::Prose, owner, "`zh`");
            }
            let lists = [
                ("cautions", "`cautions`", &care.cautions),
                ("cautions_zh", "`cautions_zh`", &care.cautions_zh),
            ];
            for (name, shown_as, list) in lists {
                let items = v
                    .and_then(|n| n.field(name))
                    .map_or(&[][..], tree::Node::items);
                for (i, caution) in list.iter().enumerate() {
                    let at = items.get(i).or(v);
                    self.shown(*file, at, caution, Layout::Prose, owner, shown_as);
                }
            }
            if let Some(zh) = &care.title_zh {
                let at = field(v, "title_zh");
                self.translation(*file, at, zh, true, owner, "title");
            }
            let (n, zh) = (care.cautions.len(), care.cautions_zh.len());
            if zh != 0 && zh != n {
                self.error(
                    *file,
                    field(v, "cautions_zh"),
                    format!("care item `{key}` has {zh} `cautions_zh` for {n} `cautions`"),
                    Some(
                        "write one Chinese caution for each caution, in the same order, \
                         or none"
                            .into(),
                    ),
                );
            }
            if care.sources.is_empty() {
                let message = format!("care item `{key}` cites no source");
                self.error(
                    *file,
                    field(v, "sources"),
                    message,
                    Some(NO_SOURCE_HELP.into()),
                );
            }
            let list = v.and_then(|n| n.field("sources"));
            self.known_keys(*file, &care.sources, src_defs, "sources", list, |s| {
                format!("care item `{key}` cites unknown source `{s}`")
            });
        }
    }

    /// Checks every abbreviation and resolves its symptom.
    fn abbreviations(
        &mut self,
        abbr_defs: &BTreeMap<String, Located<AbbreviationDef>>,
        symptom_ids: &HashMap<String, SymptomId>,
        src_defs: &BTreeMap<String, Located<SourceDef>>,
    ) -> Vec<Abbreviation> {
        let sources = self.sources;
        let mut abbreviations = Vec::with_capacity(abbr_defs.len());
        for (key, Located { value: a, file, .. }) in abbr_defs {
            let entry = self.entry(*file, "abbreviations", key);
            let (k, v) = (entry.map(|e| &e.0), entry.map(|e| &e.1));
            if key.trim().is_empty() || key.contains('…') {
                self.error(
                    *file,
                    k,
                    format!("abbreviation `{key}` is empty or has a gap"),
                    Some("write the abbreviation as it is typed, e.g. \"SOB\"".into()),
                );
                continue;
            }
            self.shown(
                *file,
                k,
                key,
                Layout::Line,
                ("abbreviation", key),
                "its text",
            );
            if a.sources.is_empty() {
                self.error(
                    *file,
                    field(v, "sources"),
                    format!("abbreviation `{key}` cites no source"),
                    Some(NO_SOURCE_HELP.into()),
                );
            }
            let list = v.and_then(|n| n.field("sources"));
            self.known_keys(*file, &a.sources, src_defs, "sources", list, |s| {
                format!("abbreviation `{key}` cites unknown source `{s}`")
            });
            let Some(&symptom) = symptom_ids.get(&a.symptom) else {
                let help = unknown_symptom_help(&a.symptom, symptom_ids);
                self.error(
                    *file,
                    field(v, "symptom"),
                    format!(
                        "abbreviation `{key}` stands for unknown symptom `{}`",
                        a.symptom
                    ),
                    Some(help),
                );
                continue;
            };
            abbreviations.push(Abbreviation {
                text: key.clone(),
                symptom,
                exact_case: a.exact_case,
                sources: a.sources.clone(),
                origin: sources[*file].name.clone(),
                position: self.position(*file, k),
            });
        }
        abbreviations
    }

    /// Checks every rule and resolves its symptoms, care and sources; also counts, per symptom, the rules that list it and the sum of their role weights.
    fn rules(
        &mut self,
        rule_defs: Vec<Located<RuleDef>>,
        symptoms: &[Symptom],
        symptom_ids: &HashMap<String, SymptomId>,
        care_defs: &BTreeMap<String, Located<CareDef>>,
        src_defs: &BTreeMap<String, Located<SourceDef>>,
    ) -> Tallied {
        let (files, sources) = (self.files, self.sources);
        let mut rules = Vec::with_capacity(rule_defs.len());
        let mut rule_ids = HashMap::new();
        let mut rule_count = vec![0u32; symptoms.len()];
        let mut rule_weight = vec![0f64; symptoms.len()];
        for Located {
            value: r,
            file,
            index,
        } in rule_defs
        {
            let node = files[file].item("rules", index);
            let id_node = field(node, "id");
            let id = r.id.clone();
            self.kebab(file, id_node, "rule id", &r.id, "liver-yang-rising");
            let pattern = field(node, "pattern");
            self.nonempty(
                file,
                field(pattern, "en"),
                &r.pattern.en,
                format!("rule `{id}` has an empty English pattern name (`en`)"),
                "write the pattern's English name, in WHO / ICD-11 wording where there is one",
            );
            self.nonempty(
                file,
                field(pattern, "zh"),
                &r.pattern.zh,
                format!("rule `{id}` has an empty Chinese pattern name (`zh`)"),
                "write the pattern's Chinese name, e.g. \"肝陽上亢\"",
            );
            self.nonempty(
                file,
                field(node, "function"),
                &r.function,
                format!("rule `{id}` has an empty `function`"),
                "write the KI 1 function this rule serves, in the words of its source",
            );
            if let Some(e) = &r.emergency {
                self.nonempty(
                    file,
                    field(node, "emergency"),
                    e,
                    format!("rule `{id}` has an empty `emergency`"),
"write the emergency notice, or remove `emergency` if the pattern is not an emergency",
                );
            }
            let owner = ("rule", id.as_str());
            let texts = [
                (field(pattern, "en"), Some(&r.pattern.en), "`pattern.en`"),
                (field(pattern, "zh"), Some(&r.pattern.zh), "`pattern.zh`"),
                (
                    field(pattern, "icd11"),
                    r.pattern.icd11.as_ref(),
                    "`pattern.icd11`",
                ),
                (field(node, "function"), Some(&r.function), "`function`"),
                (
                    field(node, "emergency"),
                    r.emergency.as_ref(),
                    "`emergency`",
                ),
            ];
            for (at, text, name) in texts {
                if let Some(text) = text {
                    self.shown(file, at, text, Layout::Line, owner, name);
                }
            }
            if let Some(zh) = &r.emergency_zh {
                let at = field(node, "emergency_zh");
                let has = r.emergency.is_some();
                self.translation(file, at, zh, has, owner, "emergency");
            }
            if r.symptoms.is_empty() {
                self.error(
                    file,
                    field(node, "symptoms"),
                    format!("rule `{id}` has no symptoms"),
                    Some(
                        "list at least one symptom id with a role, e.g. `{ \"insomnia\": Key }`"
                            .into(),
                    ),
                );
            }
            if r.sources.is_empty() {
                let message = format!("rule `{id}` cites no source");
                self.error(
                    file,
                    field(node, "sources"),
                    message,
                    Some(NO_SOURCE_HELP.into()),
                );
            }
            let mut resolved: [Vec<RuleSymptom>; 2] = [Vec::new(), Vec::new()];
            let map_nodes =
                ["symptoms", "against"].map(|section| node.and_then(|n| n.field(section)));
            let by_key = map_nodes.map(|m| m.map(tree::Node::entries_by_key).unwrap_or_default());
            for ((out, (section, map)), (map_node, by_key)) in resolved
                .iter_mut()
                .zip([("symptoms", &r.symptoms), ("against", &r.against)])
                .zip(map_nodes.into_iter().zip(&by_key))
            {
                self.duplicate_keys(file, map_node, "symptom");
                for (sid, role) in map {
                    let entry = by_key.get(sid.as_str()).copied();
                    let key = entry.map(|e| &e.0).or(map_node);
                    let weight_ok = match role {
                        Role::Weight(w) => w.is_finite() && *w > 0.0 && *w <= 1.0,
                        _ => true,
                    };
                    if let (false, Role::Weight(w)) = (weight_ok, role) {
                        let value = entry.map(|e| e.1.items().first().unwrap_or(&e.1));
                        let message = format!("rule `{id}`: weight {w} of `{sid}` is out of range");
                        self.error(file, value.or(key), message, Some(WEIGHT_HELP.into()));
                    }
                    match symptom_ids.get(sid) {
                        Some(&symptom) if weight_ok => out.push(RuleSymptom {
                            symptom,
                            role: *role,
                        }),
                        Some(_) => {}
                        None if self.unread_mentions(sid) => {}
                        None => {
                            let verb = if section == "symptoms" {
                                "uses"
                            } else {
                                "argues against"
                            };
                            let help = unknown_symptom_help(sid, symptom_ids);
                            let message = format!("rule `{id}` {verb} unknown symptom `{sid}`");
                            self.error(file, key, message, Some(help));
                        }
                    }
                }
            }
            let [mut syms, against] = resolved;
            let listed: HashSet<SymptomId> = syms.iter().map(|s| s.symptom).collect();
            for a in &against {
                if listed.contains(&a.symptom) {
                    let sid = &symptoms[a.symptom.0 as usize].id;
                    let at = by_key[1].get(sid.as_str()).map(|e| &e.0);
                    self.error(
                        file,
                        at.or(node),
                        format!("rule `{id}` lists `{sid}` both in `symptoms` and in `against`"),
                        Some("keep it in one of them".into()),
                    );
                }
            }
            syms.sort_by(|a, b| b.role.weight().total_cmp(&a.role.weight()));
            for s in &syms {
                rule_count[s.symptom.0 as usize] += 1;
                rule_weight[s.symptom.0 as usize] += s.role.weight();
            }
            if !r.ki1 && !r.care.is_empty() {
                self.error(
                    file,
                    field(node, "care"),
                    format!(
                        "rule `{id}` is not a KI 1 indication (`ki1: false`) but lists care items"
                    ),
                    Some(
                        "care texts describe KI 1 techniques: remove `care`, or set `ki1: true`"
                            .into(),
                    ),
                );
            }
            self.known_keys(
                file,
                &r.care,
                care_defs,
                "care",
                node.and_then(|n| n.field("care")),
                |k| format!("rule `{id}` refers to unknown care item `{k}`"),
            );
            self.known_keys(
                file,
                &r.sources,
                src_defs,
                "sources",
                node.and_then(|n| n.field("sources")),
                |k| format!("rule `{id}` cites unknown source `{k}`"),
            );
            let example_nodes = node
                .and_then(|n| n.field("examples"))
                .map_or(&[][..], tree::Node::items);
            let mut example_positions = Vec::with_capacity(r.examples.len());
            for (j, ex) in r.examples.iter().enumerate() {
                let ex_node = example_nodes.get(j).or(node);
                let text = field(ex_node, "text");
                example_positions.push(self.position(file, text));
                self.nonempty(
                    file,
                    text,
                    &ex.text,
                    format!("rule `{id}` has an example with no text"),
                    "write a description as a user would type it, or remove the example",
                );
                let example = "an example's `text`";
                self.shown(file, text, &ex.text, Layout::Line, owner, example);
                if ex.expect == schema::Expect::Top(0) {
                    self.error(
                        file,
                        field(ex_node, "expect"),
                        format!("rule `{id}`: `Top(0)` can never pass"),
                        Some("use `Top(1)` or more, or `First`".into()),
                    );
                }
            }
            rule_ids.insert(r.id.clone(), RuleId(rules.len() as u32));
            rules.push(Rule {
                id: r.id.clone(),
                ki1: r.ki1,
                pattern: r.pattern.clone(),
                function: r.function.clone(),
                symptoms: syms,
                against,
                emergency: r.emergency.clone(),
                emergency_zh: r.emergency_zh.clone(),
                care: r.care.clone(),
                sources: r.sources.clone(),
                examples: Deferred::new(r.examples.clone()),
                origin: sources[file].name.clone(),
                position: self.position(file, id_node),
                example_positions,
            });
        }
        Tallied {
            rules,
            rule_count,
            rule_weight,
        }
    }

    /// The diagnostics, sorted when there are errors, each read error told how many reference checks it held back.
    fn finish(self) -> Vec<Diagnostic> {
        let (files, sources) = (self.files, self.sources);
        let errors = self.errors();
        let mut diags = self.diags;
        if errors {
            for (i, f) in files.iter().enumerate() {
                let (Some(at), n) = (f.read_error, self.skipped[i]) else {
                    continue;
                };
                if n == 0 {
                    continue;
                }
                let note = if n == 1 {
                    "1 reference to an id that this file mentions was not checked because of this error: fix it and check again".to_string()
                } else {
                    format!("{n} references to ids that this file mentions were not checked because of this error: fix it and check again")
                };
                let d = &mut diags[at];
                d.help = Some(match d.help.take() {
                    Some(h) => format!("{h}\n{note}"),
                    None => note,
                });
            }
            sort_diagnostics(&mut diags, sources);
        }
        diags
    }
}

#[cfg(test)]
mod chinese_tests {
    //! The Chinese fields: each beside the English it translates, one
    //! Chinese caution per caution.
    use crate::rules::{LoadOptions, RuleBase, RuleError, RuleSource};

    fn messages(text: &str) -> Vec<String> {
        let src = RuleSource {
            name: "t.ron".into(),
            text: text.into(),
        };
        match RuleBase::build(&[src], LoadOptions::default()) {
            Err(RuleError::Invalid(d)) => d.into_iter().map(|d| d.message).collect(),
            Err(e) => panic!("expected diagnostics, got {e}"),
            Ok(_) => Vec::new(),
        }
    }

    fn file(symptom: &str, rule: &str, care: &str) -> String {
        format!(
            r#"#![enable(implicit_some)]
(
  sources: {{ "s": (title: "t", url: "u") }},
  symptoms: [ (id: "a", name: "A", zh: "甲", terms: ["aaa"], sources: ["s"]{symptom}) ],
  care: {{ "c": (kind: Advice, title: "T", text: "x", sources: ["s"]{care}) }},
  rules: [ (id: "r", pattern: (en: "R", zh: "乙"), function: "f", sources: ["s"], symptoms: {{ "a": Key }},
            care: ["c"]{rule}, examples: [(text: "aaa", expect: First)]) ],
)"#
        )
    }

    #[test]
    fn chinese_texts_beside_their_english_build() {
        let ok = file(
            r#", red_flag: "call 999 now", red_flag_zh: "立即撥打999""#,
            r#", emergency: "call 999 now", emergency_zh: "立即撥打999""#,
            r#", title_zh: "標題", zh: "文字", cautions: ["c1", "c2"], cautions_zh: ["一", "二"]"#,
        );
        assert_eq!(messages(&ok), Vec::<String>::new());
    }

    #[test]
    fn a_chinese_text_without_its_english_is_refused() {
        let bad = file(
            r#", red_flag_zh: "立即撥打999""#,
            r#", emergency_zh: "立即""#,
            "",
        );
        assert_eq!(
            messages(&bad),
            [
                "symptom `a` has `red_flag_zh` but no `red_flag`",
                "rule `r` has `emergency_zh` but no `emergency`",
            ]
        );
    }

    #[test]
    fn one_chinese_caution_for_each_caution() {
        let bad = file("", "", r#", cautions: ["c1", "c2"], cautions_zh: ["一"]"#);
        assert_eq!(
            messages(&bad),
            ["care item `c` has 1 `cautions_zh` for 2 `cautions`"]
        );
        let blank = file(r#", red_flag: "now", red_flag_zh: " ""#, "", "");
        assert_eq!(messages(&blank), ["symptom `a` has an empty `red_flag_zh`"]);
    }
}
