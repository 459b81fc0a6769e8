//! `yongquan rules …`: list, show, check, test and new; `care`, `symptom`
//! and `source` print one item of the rule base (the texts behind the ids
//! of a `match --batch` line).
//!
//! A built-in rule's file is compiled in: after `cargo install` it exists
//! nowhere on the user's machine, so `list` and `show` call such a rule
//! `built-in` instead of naming the file.
//!
//! Rules are loaded in this order: the built-in rules, the directories of
//! `YONGQUAN_RULES`, every `--rules DIR`, then the DIR arguments of `check`
//! and `test`. Exit codes: 0 success; 2 when the rules have errors, when an
//! example fails (`test`), when warnings are denied (`check
//! --deny-warnings`), or when `new` is given a bad id or an existing file.

use super::args::{Format, LookupArgs, RuleArgs, RulesCommand, ShowFormat};
use super::terminal::printable;
use super::{count, diagnostics, rule_dirs, versioned, write_out, CliError, Outcome};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use yongquan::rules::{RuleBase, RuleError, RuleId, RuleSource, Severity};
use yongquan::{LoadOptions, Matcher};

pub fn run(cmd: RulesCommand) -> Result<Outcome, CliError> {
    match cmd {
        RulesCommand::List(r) => list(&r),
        RulesCommand::Show { id, format, rules } => show(&id, format, &rules),
        RulesCommand::Check {
            dirs,
            deny_warnings,
            rules,
        } => check(&rules, &dirs, deny_warnings),
        RulesCommand::Test { dirs, rules } => test(&rules, &dirs),
        RulesCommand::New { id, out } => new(&id, out.as_deref()),
        RulesCommand::Care(a) => care(&a),
        RulesCommand::Symptom(a) => symptom(&a),
        RulesCommand::Source(a) => source(&a),
    }
}

/// What `list` and `show` say a rule was loaded from: `built-in` for a
/// built-in rule file, else its path.
const BUILTIN: &str = "built-in";

/// The names of the built-in rule files, which `origin` names a rule by.
fn builtin_names() -> HashSet<String> {
    RuleSource::builtin().into_iter().map(|s| s.name).collect()
}

/// `origin` as `list` and `show` name it: [`BUILTIN`] or the path.
fn shown_origin<'a>(origin: &'a str, builtin: &HashSet<String>) -> &'a str {
    if builtin.contains(origin) {
        BUILTIN
    } else {
        origin
    }
}

/// The error for an id that `known` does not hold, with the closest one.
fn unknown<'a>(
    what: &str,
    id: &str,
    known: impl Iterator<Item = &'a str>,
    listed_by: &str,
) -> CliError {
    let hint = yongquan::rules::did_you_mean(id, known)
        .unwrap_or_else(|| format!("{listed_by} lists them"));
    CliError::Usage(format!("no {what} `{id}`; {hint}"))
}

fn care(a: &LookupArgs) -> Result<Outcome, CliError> {
    let m = super::load(&a.rules)?;
    let rb = m.rules();
    let Some((id, def)) = rb.care().get_key_value(a.id.as_str()) else {
        let ids = rb.care().keys().map(String::as_str);
        return Err(unknown(
            "care item",
            &a.id,
            ids,
            "`yongquan rules show RULE-ID`",
        ));
    };
    let item = yongquan::report::care_item(id, def, a.region.region());
    let out = match a.format {
        Format::Json => versioned(&item),
        Format::Human => {
            let mut out = format!(
                "{}: {} ({})\n{}\n",
                item.id, item.title, item.kind, item.text
            );
            if let Some(zh) = item.zh {
                out.push_str(&format!("{zh}\n"));
            }
            for c in item.cautions {
                out.push_str(&format!("caution: {c}\n"));
            }
            if def.adult_only {
                out.push_str("for adults only\n");
            }
            out.push_str(&format!("sources: {}\n", item.sources.join(", ")));
            out
        }
    };
    write_out(&out)?;
    Ok(Outcome::Matched)
}

fn symptom(a: &LookupArgs) -> Result<Outcome, CliError> {
    let m = super::load(&a.rules)?;
    let rb = m.rules();
    let Some(sid) = rb.symptom_id(&a.id) else {
        let ids = rb.symptoms().iter().map(|s| s.id.as_str());
        return Err(unknown("symptom", &a.id, ids, "`yongquan lexicon`"));
    };
    let s = rb.symptom(sid);
    let origin = shown_origin(&s.origin, &builtin_names());
    let red_flag = s
        .red_flag
        .as_deref()
        .map(|t| yongquan::region::localize(t, a.region.region()));
    let out = match a.format {
        Format::Json => versioned(serde_json::json!({
            "id": s.id,
            "name": s.name,
            "zh": s.zh,
            // `symptom`, `sign`, `tongue` or `pulse`, as the contract spells names.
            "category": format!("{:?}", s.category).to_lowercase(),
            "terms": s.terms,
            "lay": s.lay,
            "red_flag": red_flag,
            "sources": s.sources,
            "origin": origin,
        })),
        Format::Human => {
            let list = |l: &yongquan::strings::Strings| l.iter().collect::<Vec<_>>().join(", ");
            let mut out = format!("{}: {} ({})\n", s.id, s.name, s.zh);
            out.push_str(&format!("terms: {}\n", list(&s.terms)));
            if !s.lay.is_empty() {
                out.push_str(&format!("lay: {}\n", list(&s.lay)));
            }
            if let Some(flag) = red_flag {
                out.push_str(&format!("red flag: {flag}\n"));
            }
            out.push_str(&format!("sources: {}\n", s.sources.join(", ")));
            out.push_str(&format!("from: {origin}\n"));
            out
        }
    };
    write_out(&out)?;
    Ok(Outcome::Matched)
}

fn source(a: &LookupArgs) -> Result<Outcome, CliError> {
    let m = super::load(&a.rules)?;
    let sources = m.rules().sources();
    let Some((key, def)) = sources.get_key_value(a.id.as_str()) else {
        let keys = sources.keys().map(String::as_str);
        return Err(unknown(
            "source",
            &a.id,
            keys,
            "`yongquan rules show RULE-ID`",
        ));
    };
    let out = match a.format {
        Format::Json => versioned(serde_json::json!({
            "key": key,
            "title": def.title,
            "url": def.url,
            "grade": def.grade,
        })),
        Format::Human => {
            let mut out = format!("{key}: {}\n{}\n", def.title, def.url);
            if let Some(grade) = &def.grade {
                out.push_str(&format!("grade: {grade}\n"));
            }
            out
        }
    };
    write_out(&out)?;
    Ok(Outcome::Matched)
}

/// Every rule file to load, in order, and the names of those that came
/// from `dirs`.
fn gather(
    args: &RuleArgs,
    dirs: &[PathBuf],
) -> Result<(Vec<RuleSource>, HashSet<String>), CliError> {
    let mut sources = RuleSource::builtin();
    for dir in rule_dirs(args) {
        sources.extend(super::read_dir(&dir)?);
    }
    let mut named = HashSet::new();
    // A directory named twice is read once, as `match --rules` does.
    let mut seen = HashSet::new();
    let dirs = dirs
        .iter()
        .filter(|d| seen.insert(std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf())));
    for dir in dirs {
        let files = super::read_dir(dir)?;
        named.extend(files.iter().map(|f| f.name.clone()));
        sources.extend(files);
    }
    Ok((sources, named))
}

fn options(args: &RuleArgs) -> LoadOptions {
    LoadOptions {
        allow_override: args.allow_override,
    }
}

fn matcher(args: &RuleArgs, sources: &[RuleSource]) -> Result<Matcher, CliError> {
    let rules = RuleBase::build(sources, options(args))?;
    Ok(Matcher::new(rules)?)
}

fn list(args: &RuleArgs) -> Result<Outcome, CliError> {
    let (sources, _) = gather(args, &[])?;
    let m = matcher(args, &sources)?;
    let rules = m.rules().rules();
    let builtin = builtin_names();
    let id_w = rules.iter().map(|r| r.id.len()).max().unwrap_or(0).max(2);
    let file_w = rules
        .iter()
        .map(|r| shown_origin(&r.origin, &builtin).chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut out = format!(
        "{:<id_w$}  {:<3}  {:>8}  {:>8}  {:<file_w$}  PATTERN\n",
        "ID", "KI1", "SYMPTOMS", "EXAMPLES", "FILE"
    );
    for rule in rules {
        out.push_str(&format!(
            "{:<id_w$}  {:<3}  {:>8}  {:>8}  {:<file_w$}  {} ({})\n",
            rule.id,
            if rule.ki1 { "yes" } else { "no" },
            rule.symptoms.len(),
            rule.examples.len(),
            shown_origin(&rule.origin, &builtin),
            rule.pattern.en,
            rule.pattern.zh
        ));
    }
    write_out(&out)?;
    Ok(Outcome::Matched)
}

fn show(id: &str, format: ShowFormat, args: &RuleArgs) -> Result<Outcome, CliError> {
    let (sources, _) = gather(args, &[])?;
    let m = matcher(args, &sources)?;
    let rb = m.rules();
    let Some(rid) = rb.rule_id(id) else {
        return Err(super::unknown_rule(rb, id));
    };
    let rule = rb.rule(rid);
    let def = rb.rule_def(rid);
    let at = rule.position;
    let builtin = builtin_names().contains(&rule.origin);
    let out = match format {
        ShowFormat::Ron => {
            // A whole rule file, so that it can be saved, edited and loaded
            // with --rules DIR --override.
            let pretty = ron::ser::PrettyConfig::default().struct_names(false);
            let body = ron::ser::to_string_pretty(&def, pretty)
                .map_err(|e| CliError::Usage(e.to_string()))?;
            let body = body
                .lines()
                .map(|l| format!("        {l}\n"))
                .collect::<String>();
            let from = if builtin {
                BUILTIN.to_string()
            } else {
                format!("loaded from {}:{}:{}", rule.origin, at.line, at.column)
            };
            format!(
                "// {} ({from})\n#![enable(implicit_some)]\n(\n    rules: [\n{}\n    ],\n)\n",
                rule.id,
                body.trim_end().to_string() + ","
            )
        }
        // A built-in rule's file is not on the user's machine: no place in it.
        ShowFormat::Json => versioned(serde_json::json!({
            "origin": if builtin { BUILTIN } else { rule.origin.as_str() },
            "line": (!builtin).then_some(at.line),
            "column": (!builtin).then_some(at.column),
            "rule": def,
        })),
    };
    write_out(&out)?;
    Ok(Outcome::Matched)
}

fn check(args: &RuleArgs, dirs: &[PathBuf], deny_warnings: bool) -> Result<Outcome, CliError> {
    let (sources, named) = gather(args, dirs)?;
    let checked = yongquan::check::rule_files(&sources, options(args));
    if !checked.errors.is_empty() {
        return Err(RuleError::Invalid(checked.errors).into());
    }
    let (rb, mut warnings) = (checked.rules, checked.warnings);
    if deny_warnings && !warnings.is_empty() {
        for w in &mut warnings {
            w.severity = Severity::Error;
            let note = "(a warning, made an error by --deny-warnings)";
            w.help = Some(w.help.take().map_or(note.into(), |h| format!("{h} {note}")));
        }
        return Err(RuleError::Invalid(warnings).into());
    }
    diagnostics::emit(&warnings);
    let mine = |origin: &str| dirs.is_empty() || named.contains(origin);
    let files = if dirs.is_empty() {
        sources.len()
    } else {
        named.len()
    };
    let rules = rb.rules().iter().filter(|r| mine(&r.origin)).count();
    let symptoms = rb.symptoms().iter().filter(|s| mine(&s.origin)).count();
    let with = match (dirs.is_empty(), rule_dirs(args).len()) {
        (true, _) => String::new(),
        (false, 0) => ", together with the built-in rules".to_string(),
        (false, n) => format!(
            ", together with the built-in rules and {}",
            count(n, "other directory", "other directories")
        ),
    };
    write_out(&format!(
        "ok: {} checked ({}, {}){with}: {}\n",
        count(files, "file", "files"),
        count(rules, "rule", "rules"),
        count(symptoms, "symptom", "symptoms"),
        count(warnings.len(), "warning", "warnings")
    ))?;
    Ok(Outcome::Matched)
}

/// "1st", "2nd", "3rd", "4th" … for rankings.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// How many ranked rules a failure line shows.
const SHOWN: usize = 5;

/// Runs the examples of the rules from `dirs`, or of every loaded rule when
/// there are none, against all loaded rules.
fn test(args: &RuleArgs, dirs: &[PathBuf]) -> Result<Outcome, CliError> {
    let (sources, named) = gather(args, dirs)?;
    let m = matcher(args, &sources)?;
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut out = String::new();
    for (r, rule) in m.rules().rules().iter().enumerate() {
        if !dirs.is_empty() && !named.contains(&rule.origin) {
            continue;
        }
        let rid = RuleId(r as u32);
        for (ex, at) in rule.examples.iter().zip(&rule.example_positions) {
            let outcome = match m.analyze(&ex.text) {
                Ok(analysis) => {
                    let ranked: Vec<_> = analysis.ranked().collect();
                    let rank = ranked.iter().position(|x| x.rule == rid);
                    let ok = ex.expect.holds(rank);
                    if ok {
                        None
                    } else {
                        let own = analysis.match_of(m.rules(), rid);
                        let got = match rank {
                            Some(k) => format!("ranked {} ({:.2})", ordinal(k + 1), own.score),
                            None => {
                                let min = analysis.min_score;
                                format!("not matched (score {:.2} < {min:.2})", own.score)
                            }
                        };
                        let mut shown: Vec<String> = ranked
                            .iter()
                            .take(SHOWN)
                            .enumerate()
                            .map(|(k, x)| {
                                format!("{}. {} {:.2}", k + 1, m.rules().rule(x.rule).id, x.score)
                            })
                            .collect();
                        if rank.is_some_and(|k| k >= SHOWN) {
                            shown.push("…".into());
                        }
                        let ranking = if shown.is_empty() {
                            "nothing matched".into()
                        } else {
                            shown.join(", ")
                        };
                        Some(format!("{got}; ranking: {ranking}"))
                    }
                }
                Err(e) => Some(e.to_string()),
            };
            match outcome {
                None => passed += 1,
                Some(why) => {
                    failed += 1;
                    let expected = ex.expect;
                    out.push_str(&format!(
                        "FAIL {}:{}:{}: {} expected {expected}, {why}: {:?}\n",
                        rule.origin, at.line, at.column, rule.id, ex.text
                    ));
                }
            }
        }
    }
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    write_out(&out)?;
    if failed > 0 {
        return Err(CliError::Usage(format!(
            "{} failed",
            count(failed, "rule example", "rule examples")
        )));
    }
    Ok(Outcome::Matched)
}

/// The `rules new` template; `{ID}` is replaced by the new rule's id.
const TEMPLATE: &str = r#"#![enable(implicit_some)]
// A new yongquan rule: `{ID}`.
//
// Every "TODO-edit" is a placeholder: replace it with real content. The file
// is valid as generated, so check it after each change:
//
//     yongquan rules check DIR          (rules/README.md explains every field)
//     yongquan rules test DIR           (runs the examples at the end)
//     yongquan match --rules DIR "a description"
//
// Ids are global: rule ids, symptom ids and source keys must not clash with
// the built-in ones (`yongquan rules list`, `yongquan lexicon`).
(
    // Every medical statement cites a source. Built-in keys such as "seed"
    // (the KI 1 article) can be cited as well.
    sources: {
        "{ID}-source": (
            title: "TODO-edit title of the source",
            url: "https://example.org/TODO-edit",
            grade: "C", // "A" WHO/NHS/peer-reviewed, "B" TCM reference, "C" consumer Q&A
        ),
    },

    // Symptoms this file adds. A built-in symptom needs no definition: use it
    // in the rule by its id (`yongquan lexicon` lists them).
    symptoms: [
        (
            id: "{ID}-symptom",
            name: "TODO-edit English name",
            zh: "TODO-edit 中文名",
            // Standard words (matched as "exact") and lay wording (matched as
            // "synonym"), English or Chinese. No term may belong to two symptoms.
            terms: ["TODO-edit {ID} symptom"],
            lay: [],
            sources: ["{ID}-source"],
        ),
    ],

    rules: [
        (
            id: "{ID}",
            // true: a KI 1 indication, with care items; false: a differential
            // pattern (ranked, shown as "not a KI 1 pattern", no care).
            ki1: true,
            pattern: (
                en: "TODO-edit English pattern name",
                zh: "TODO-edit 中文證型",
            ),
            function: "TODO-edit the KI 1 function this rule serves",
            // Symptom id: role, one of Key (1.0), Supporting (0.6), Minor (0.3)
            // or Weight(0.8).
            symptoms: {
                "{ID}-symptom": Key,
                // "night-sweats": Supporting,
            },
            // Care items shown with the rule, in order (see rules/care.ron).
            care: ["ki1-location"],
            sources: ["{ID}-source"],
            // What the rule must do with each description: First, Top(3) or NoMatch.
            examples: [
                (text: "TODO-edit {ID} symptom", expect: First),
                (text: "no TODO-edit {ID} symptom", expect: NoMatch),
            ],
        ),
    ],
)
"#;

fn new(id: &str, out: Option<&Path>) -> Result<Outcome, CliError> {
    if !yongquan::rules::is_kebab(id) {
        return Err(CliError::Usage(format!(
            "`{id}` is not a kebab-case id: use lower-case words joined by hyphens, e.g. `cold-feet-insomnia`"
        )));
    }
    if RuleBase::builtin()?.rule_id(id).is_some() {
        return Err(CliError::Usage(format!(
            "a built-in rule is already called `{id}`: pick another id, or start from \
             `yongquan rules show {id}` and load your version with --override"
        )));
    }
    let text = TEMPLATE.replace("{ID}", id);
    let Some(path) = out else {
        write_out(&text)?;
        return Ok(Outcome::Matched);
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Usage(format!("cannot create {}: {e}", dir.display())))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            CliError::Usage(if e.kind() == std::io::ErrorKind::AlreadyExists {
                format!(
                    "{} already exists, and `rules new` never overwrites a file: choose another name, or move that file away first",
                    path.display()
                )
            } else {
                format!("cannot create {}: {e}", path.display())
            })
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.display().to_string(),
        _ => ".".to_string(),
    };
    let created = format!(
        "created {}: replace every TODO-edit, then run `yongquan rules check {dir}`",
        path.display()
    );
    let _ = writeln!(std::io::stderr(), "{}", printable(&created));
    Ok(Outcome::Matched)
}
