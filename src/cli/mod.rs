//! The CLI: parse arguments, load rules, read input, call the library, write
//! output, map every outcome to an exit code in one place.
//!
//! Exit codes, like grep: 0 matched (or success), 1 nothing matched, 2 error.

mod args;
mod batch;
mod diagnostics;
mod eval_cmd;
mod install_cmd;
mod interrupt;
mod lines;
mod rules_cmd;
mod terminal;

use args::{Cli, ColorWhen, Command, Format, InputArgs, RuleArgs};
use clap::Parser;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use yongquan::report::{self, CareDetail, Detail, OptionNames, View};
use yongquan::{LoadOptions, Matcher, RuleError, RuleSource};

/// Everything that ends a command early.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Rules(#[from] RuleError),
    /// The library's message, with the flag that helps where there is one.
    #[error("{}{}", .0, batch_hint(.0))]
    Input(#[from] yongquan::InputError),
    #[error("{0}")]
    Usage(String),
    /// Arguments clap rejected; its message is printed as it lays it out.
    #[error("{0}")]
    Arguments(clap::Error),
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
}

/// " (one description per line with --batch)" for a description too large.
fn batch_hint(e: &yongquan::InputError) -> &'static str {
    match e {
        yongquan::InputError::TooLarge { .. } => " (one description per line with --batch)",
        _ => "",
    }
}

/// How a successful command ended.
pub enum Outcome {
    Matched,
    NothingMatched,
}

const OK: u8 = 0;
const NO_MATCH: u8 = 1;
const ERROR: u8 = 2;

pub fn run() -> ExitCode {
    let parsed = Cli::try_parse();
    match &parsed {
        Ok(cli) => cli.color,
        Err(_) => ColorWhen::scan(std::env::args_os()).unwrap_or(ColorWhen::Auto),
    }
    .write_global();
    let result = match parsed {
        Ok(cli) => dispatch(cli.command),
        Err(e) if e.use_stderr() => Err(CliError::Arguments(e)),
        // Help and version: output like any other, so a failed write is
        // an error too.
        Err(e) => write_out(&e.render().ansi().to_string()).map(|()| Outcome::Matched),
    };
    match result {
        Ok(Outcome::Matched) => ExitCode::from(OK),
        Ok(Outcome::NothingMatched) => ExitCode::from(NO_MATCH),
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(OK)
        }
        Err(CliError::Rules(RuleError::Invalid(diags))) => {
            diagnostics::render(&diags);
            ExitCode::from(ERROR)
        }
        Err(CliError::Arguments(e)) => {
            // clap's own layout and colours, with the arguments it quotes
            // made printable.
            let text = e.render().ansi().to_string();
            let mut err = anstream::stderr().lock();
            let _ = err
                .write_all(terminal::printable_styled(&text).as_bytes())
                .and_then(|()| err.flush());
            ExitCode::from(ERROR)
        }
        Err(e) => {
            let message = terminal::printable(&e.to_string()).into_owned();
            let _ = writeln!(std::io::stderr(), "yongquan: error: {message}");
            ExitCode::from(ERROR)
        }
    }
}

fn dispatch(command: Command) -> Result<Outcome, CliError> {
    match command {
        Command::Match(a) if a.jsonl && a.batch.is_none() => Err(CliError::Usage(
            "--jsonl describes the lines of --batch FILE; add --batch FILE (or --batch - for standard input)".into(),
        )),
        Command::Match(a) if a.batch.is_some() => batch::run(&a),
        Command::Match(a)
            if a.input.format == Format::Human && (a.care.is_some() || a.detail.is_some()) =>
        {
            Err(CliError::Usage(
                "--care and --detail shape the JSON; add --format json (or use --batch): the human report always shows everything".into(),
            ))
        }
        Command::Match(a) => {
            let view = View {
                care: a.care.map_or(CareDetail::Full, Into::into),
                detail: a.detail.map_or(Detail::Full, Into::into),
                ..view(a.top, a.input.region())
            };
            analyze(&a.input, |m, an| match a.input.format {
                Format::Human => report::human_in(m, an, view, a.input.lang(&an.input)),
                Format::Json => json(&report::json(m, an, view)),
            })
        }
        Command::Explain(a) => {
            let view = view(usize::MAX, a.input.region());
            let matcher = load(&a.input.rules)?;
            if let Some(id) = &a.rule {
                if matcher.rules().rule_id(id).is_none() {
                    return Err(unknown_rule(matcher.rules(), id));
                }
            }
            analyze_with(matcher, &a.input, |m, an| match a.input.format {
                Format::Human => {
                    let lang = a.input.lang(&an.input);
                    report::explain_in(m, an, view, a.rule.as_deref(), lang)
                }
                Format::Json => {
                    let mut doc = report::json(m, an, view);
                    // With --rule, `matches` is that rule's result alone,
                    // whatever its score.
                    let only = a.rule.as_deref().and_then(|id| m.rules().rule_id(id));
                    let own = only.map(|r| an.match_of(m.rules(), r));
                    if let Some(own) = &own {
                        doc.matches = vec![report::json_match(m.rules(), own)];
                    }
                    json(&doc)
                }
            })
        }
        Command::Rules(cmd) => rules_cmd::run(cmd),
        Command::Eval(a) => eval_cmd::run(&a),
        Command::Lexicon(r) => {
            let m = load(&r)?;
            let mut out = String::new();
            let lexicon = m.lexicon();
            for t in lexicon.terms() {
                out.push_str(&format!(
                    "{}\t{}\n",
                    lexicon.text(t),
                    m.rules().symptom(t.symptom).id
                ));
            }
            write_out(&out)?;
            Ok(Outcome::Matched)
        }
        Command::Completions { shell } => install_cmd::completions(shell),
        Command::Man { command } => install_cmd::man(&command),
    }
}

/// "1 file", "2 files", "no files".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// The error for a rule id no loaded rule has, with the closest one.
pub(crate) fn unknown_rule(rules: &yongquan::RuleBase, id: &str) -> CliError {
    let ids = rules.rules().iter().map(|r| r.id.as_str());
    let hint = yongquan::rules::did_you_mean(id, ids)
        .unwrap_or_else(|| "see `yongquan rules list`".into());
    CliError::Usage(format!("no rule `{id}`; {hint}"))
}

/// A report's view with the CLI's names for its options.
pub(crate) fn view(top: usize, region: Option<yongquan::region::Region>) -> View {
    View {
        top,
        region,
        names: OptionNames {
            region: "--region",
            min_score: "--min-score",
        },
        care: CareDetail::Full,
        detail: Detail::Full,
    }
}

/// A JSON document of the CLI other than the match/explain contract (`eval`,
/// `rules show|care|symptom|source`): `schema_version` first, then `doc`'s
/// fields.
#[derive(serde::Serialize)]
struct Versioned<T> {
    schema_version: &'static str,
    #[serde(flatten)]
    doc: T,
}

/// `doc` with `schema_version` first, as [`json`].
pub(crate) fn versioned<T: serde::Serialize>(doc: T) -> String {
    json(&Versioned {
        schema_version: report::SCHEMA_VERSION,
        doc,
    })
}

/// `v` as pretty JSON, made [`terminal::printable_json`].
pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    match terminal::printable_json(&s) {
        std::borrow::Cow::Owned(safe) => safe,
        std::borrow::Cow::Borrowed(_) => s,
    }
}

/// The rule directories to load after the built-in rules, in order: those
/// of the `YONGQUAN_RULES` environment variable (the OS's path-list syntax,
/// `:` on Unix, `;` on Windows; empty entries skipped), then every `--rules DIR`.
/// A directory named twice (say in both) is loaded once, where it first
/// appears: loading it again would only clash with itself.
pub(crate) fn rule_dirs(args: &RuleArgs) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<std::path::PathBuf> = std::env::var_os("YONGQUAN_RULES")
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    dirs.extend(args.rules.iter().cloned());
    let mut seen = std::collections::HashSet::new();
    // A path that cannot be resolved is kept: loading it reports why.
    dirs.retain(|d| seen.insert(std::fs::canonicalize(d).unwrap_or_else(|_| d.clone())));
    dirs
}

/// The rule files of `dir`, with a warning on standard error for each
/// entry that looks meant as rules but is not read (a `.RON` file, a broken
/// link, a subdirectory).
pub(crate) fn read_dir(dir: &std::path::Path) -> Result<Vec<RuleSource>, CliError> {
    let scan = RuleSource::scan_dir(dir)?;
    diagnostics::PASSED_OVER.fetch_add(scan.skipped.len(), std::sync::atomic::Ordering::Relaxed);
    for skipped in &scan.skipped {
        let message = terminal::printable(&skipped.to_string()).into_owned();
        let _ = writeln!(std::io::stderr(), "yongquan: warning: {message}");
    }
    Ok(scan.sources)
}

/// The built-in rules plus every directory of [`rule_dirs`], in order.
pub(crate) fn load(args: &RuleArgs) -> Result<Matcher, CliError> {
    let dirs = rule_dirs(args);
    if dirs.is_empty() {
        // The compiled snapshot: no RON to parse at start.
        return Ok(Matcher::builtin()?);
    }
    let mut sources = RuleSource::builtin();
    for dir in dirs {
        sources.extend(read_dir(&dir)?);
    }
    let options = LoadOptions {
        allow_override: args.allow_override,
    };
    Ok(Matcher::load(&sources, options)?)
}

fn analyze(
    input: &InputArgs,
    render: impl Fn(&Matcher, &yongquan::Analysis) -> String,
) -> Result<Outcome, CliError> {
    let matcher = load(&input.rules)?;
    analyze_with(matcher, input, render)
}

fn analyze_with(
    matcher: Matcher,
    input: &InputArgs,
    render: impl Fn(&Matcher, &yongquan::Analysis) -> String,
) -> Result<Outcome, CliError> {
    let text = read_input(&input.text)?;
    let matcher = matcher.with_min_score(input.min_score);
    let analysis = matcher.analyze(&text)?;
    write_out(&render(&matcher, &analysis))?;
    let outcome = if analysis.matched() {
        Outcome::Matched
    } else {
        Outcome::NothingMatched
    };
    // The process ends here: freeing the rule base and lexicon would add an
    // eighth to a cold `match` (callgrind: 2.9 M → 3.2 M instructions) for
    // memory the OS reclaims anyway.
    std::mem::forget(matcher);
    Ok(outcome)
}

/// TEXT arguments joined by spaces, or all of standard input (no TEXT, or
/// `-` alone, as for `--batch -`).
fn read_input(text: &[String]) -> Result<String, CliError> {
    if !text.is_empty() && text != ["-"] {
        return Ok(text.join(" "));
    }
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(CliError::Usage(
            "no description given: pass TEXT, or pipe it on standard input".into(),
        ));
    }
    let mut bytes = Vec::new();
    stdin
        .by_ref()
        .take(yongquan::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Usage(format!("cannot read standard input: {e}")))?;
    if bytes.len() > yongquan::MAX_INPUT_BYTES {
        return Err(CliError::Usage(format!(
            "standard input is over the limit of {} bytes for one description; \
             use --batch for one description per line",
            yongquan::MAX_INPUT_BYTES
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        CliError::Usage(format!(
            "standard input is not valid UTF-8 (first bad byte at offset {}); save the text as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Writes `s` to standard output, [`terminal::printable_styled`]: the
/// CLI's colours stay (and go when stdout takes none), any other control
/// character from a rule file, the input or the environment is shown as
/// its escape.
pub(crate) fn write_out(s: &str) -> Result<(), CliError> {
    let s = terminal::printable_styled(s);
    let mut out = anstream::stdout().lock();
    out.write_all(s.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CliError::Output)
}
