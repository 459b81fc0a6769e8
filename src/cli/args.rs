//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Explainable symptom matcher for the acupuncture point KI 1 (YongQuan, 湧泉).
///
/// Reads a free-text description (English or Chinese) and ranks the TCM
/// patterns that KI 1 treats, showing which words matched which symptom and
/// how much each weighed. Educational information, not a diagnosis.
///
/// Exit status: 0 a pattern matched (or the command succeeded), 1 nothing
/// matched, 2 an error.
#[derive(Debug, Parser)]
#[command(name = "yongquan", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// When to colour the output: `auto` on a terminal (unless NO_COLOR is
    /// set; CLICOLOR_FORCE colours into a pipe too), `always`, `never`.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
    #[command(subcommand)]
    pub command: Command,
}

/// `--color`, as typos and cargo spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Makes this the choice of every `anstream` stream of the process,
    /// miette's diagnostics included (`diagnostics` asks
    /// `AutoStream::choice`, which reads it).
    pub fn write_global(self) {
        match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
        .write_global();
    }

    /// The last `--color WHEN` (or `--color=WHEN`) of `args` before a
    /// `--`: the choice for the message of arguments clap rejected, or for
    /// its help, which end parsing before the choice is known.
    pub fn scan(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<ColorWhen> {
        let mut found = None;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let value = match arg.to_str() {
                Some("--") => break,
                Some("--color") => args.next(),
                Some(a) => a.strip_prefix("--color=").map(Into::into),
                None => None,
            };
            if let Some(when) = value.and_then(|v| ColorWhen::from_str(v.to_str()?, false).ok()) {
                found = Some(when);
            }
        }
        found
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank the patterns that fit a description.
    #[command(visible_alias = "m")]
    Match(MatchArgs),
    /// Show the full trace: phrases, findings, every contribution to every score.
    Explain(ExplainArgs),
    /// List, show, check and test rules; print a care item, symptom or source.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Measure accuracy on labelled cases (JSON Lines).
    Eval(EvalArgs),
    /// Print every term the lexicon knows, as `term<TAB>symptom-id`.
    Lexicon(RuleArgs),
    /// Print the completion script for SHELL to standard output.
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff) to standard output.
    Man {
        /// The command whose page to print, in words (`match`, `rules
        /// check`); without it, yongquan(1), which lists the commands.
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
}

/// Where rules come from.
#[derive(Debug, Clone, Args)]
pub struct RuleArgs {
    /// Add the RON rules in DIR to the built-in ones (repeatable, loaded in order).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Let rules from --rules replace built-in ones with the same id instead of failing.
    #[arg(long = "override")]
    pub allow_override: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Options shared by `match` and `explain`.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// The description; read from standard input when absent or `-`.
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
    /// Hide rules scoring under this (0 to 1).
    #[arg(long, value_name = "SCORE", default_value_t = yongquan::score::DEFAULT_MIN_SCORE, value_parser = parse_score, allow_negative_numbers = true)]
    pub min_score: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub region: RegionArg,
    /// Language of the human report: auto (Chinese when most letters of
    /// the description are Chinese characters), en or zh.
    #[arg(long, value_enum, default_value_t = LangWhen::Auto)]
    pub lang: LangWhen,
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// The language of the human report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangWhen {
    /// Chinese for a Chinese description, else English.
    Auto,
    /// English.
    En,
    /// Chinese.
    Zh,
}

impl InputArgs {
    /// `--region`, else `YONGQUAN_REGION` (see [`RegionArg::region`]).
    pub fn region(&self) -> Option<yongquan::region::Region> {
        self.region.region()
    }

    /// The human report's language for the description `text`.
    pub fn lang(&self, text: &str) -> yongquan::report::Lang {
        match self.lang {
            LangWhen::Auto => yongquan::report::Lang::of(text),
            LangWhen::En => yongquan::report::Lang::English,
            LangWhen::Zh => yongquan::report::Lang::Chinese,
        }
    }
}

/// `--region`, for the emergency number in the texts a command prints.
#[derive(Debug, Clone, Args)]
pub struct RegionArg {
    /// Give this region's emergency number (uk, hk, mo, eu, us, ca, cn, tw,
    /// au, nz, in, sg, jp, kr, my); without it, YONGQUAN_REGION, else "your
    /// local emergency number".
    #[arg(long = "region", value_name = "REGION", value_parser = parse_region)]
    pub given: Option<yongquan::region::Region>,
}

impl RegionArg {
    /// `--region`, else `YONGQUAN_REGION`. A bad `YONGQUAN_REGION` is a
    /// warning, not an error: a stale setting must never keep an emergency
    /// from being shown (the text then says "your local emergency number").
    pub fn region(&self) -> Option<yongquan::region::Region> {
        if self.given.is_some() {
            return self.given;
        }
        let value = std::env::var("YONGQUAN_REGION").ok()?;
        match value.parse() {
            Ok(r) => Some(r),
            Err(e) => {
                let e = super::terminal::printable(&e.to_string()).into_owned();
                anstream::eprintln!("yongquan: warning: YONGQUAN_REGION: {e}");
                None
            }
        }
    }
}

fn parse_region(s: &str) -> Result<yongquan::region::Region, String> {
    s.parse()
        .map_err(|e: yongquan::region::UnknownRegion| e.to_string())
}

#[derive(Debug, Clone, Args)]
pub struct MatchArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Show at most N patterns (1 or more).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = parse_top, allow_negative_numbers = true)]
    pub top: usize,
    /// Batch mode: one description per line of FILE (`-`, or no FILE, for
    /// standard input); writes one JSON object per line (always JSON), in
    /// input order.
    #[arg(long, value_name = "FILE", conflicts_with = "text", num_args = 0..=1, default_missing_value = "-")]
    pub batch: Option<PathBuf>,
    /// With --batch: each line is a JSON object with "id" and "text".
    #[arg(long, requires = "batch")]
    pub jsonl: bool,
    /// How much care the JSON carries: `full` items with their texts (the
    /// default of `--format json`), `ids` only (the default of --batch; `yongquan
    /// rules care ID` prints the texts), `none` (`"care": null`).
    #[arg(long, value_enum, value_name = "DETAIL")]
    pub care: Option<CareArg>,
    /// How much the JSON spells out: `full`, every field (the default of
    /// `--format json`), or `compact` (the default of --batch: no field at
    /// its documented default, rules by id, `"detail": "compact"`).
    #[arg(long, value_enum, value_name = "DETAIL")]
    pub detail: Option<DetailArg>,
}

/// `--detail`: how much a JSON document spells out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DetailArg {
    Full,
    Compact,
}

impl From<DetailArg> for yongquan::report::Detail {
    fn from(d: DetailArg) -> Self {
        match d {
            DetailArg::Full => yongquan::report::Detail::Full,
            DetailArg::Compact => yongquan::report::Detail::Compact,
        }
    }
}

/// `--care`: how much of the care a JSON document carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CareArg {
    Full,
    Ids,
    None,
}

impl From<CareArg> for yongquan::report::CareDetail {
    fn from(c: CareArg) -> Self {
        match c {
            CareArg::Full => yongquan::report::CareDetail::Full,
            CareArg::Ids => yongquan::report::CareDetail::Ids,
            CareArg::None => yongquan::report::CareDetail::None,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Explain only this rule (and why it ranks where it does).
    #[arg(long, value_name = "ID")]
    pub rule: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// One line per rule: id, pattern, number of symptoms, where it was loaded from.
    List(RuleArgs),
    /// Validate rule files without matching anything.
    Check {
        /// Directories to check in addition to the built-in rules.
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run rule examples; closes with `N passed, M failed` (exit 2 if any failed).
    Test {
        /// Test only the rules of these directories (all loaded rules still
        /// compete in the ranking); without DIR, every loaded rule is tested.
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Print a commented template for a new rule.
    New {
        /// The new rule's kebab-case id.
        id: String,
        /// Write to FILE instead of standard output (never overwrites).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print one rule as RON (or JSON) with where it was loaded from.
    Show {
        /// Rule id.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ShowFormat::Ron)]
        format: ShowFormat,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Print a care item: its kind, title, text, cautions and sources (the
    /// texts behind `"care": ["ki1-location", …]` of `match --batch`).
    Care(LookupArgs),
    /// Print a symptom: its names, terms, lay wording and sources.
    Symptom(LookupArgs),
    /// Print a cited source: its title, address and grade.
    Source(LookupArgs),
}

/// What `rules care`, `rules symptom` and `rules source` look up.
#[derive(Debug, Clone, Args)]
pub struct LookupArgs {
    /// Its id (a care item's or symptom's id, a source's key).
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub region: RegionArg,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Ron,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct EvalArgs {
    /// JSON Lines file of cases: {"id", "text", "expected", "also_ok"}.
    pub file: PathBuf,
    /// Rules under this score do not count as predictions.
    #[arg(long, value_name = "SCORE", default_value_t = yongquan::score::DEFAULT_MIN_SCORE, value_parser = parse_score, allow_negative_numbers = true)]
    pub min_score: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub rules: RuleArgs,
}

fn parse_top(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("`{s}` is not a whole number of 1 or more")),
    }
}

fn parse_score(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is outside 0..=1"))
    }
}

#[cfg(test)]
mod tests {
    use super::ColorWhen;

    #[test]
    fn the_last_color_before_a_double_dash_wins() {
        let scan = |args: &[&str]| ColorWhen::scan(args.iter().map(Into::into));
        assert_eq!(scan(&["match", "--top", "0"]), None);
        assert_eq!(scan(&["--color", "never", "x"]), Some(ColorWhen::Never));
        assert_eq!(
            scan(&["--color=never", "m", "--color", "always"]),
            Some(ColorWhen::Always)
        );
        assert_eq!(
            scan(&["--color=always", "--color=nope"]),
            Some(ColorWhen::Always)
        );
        assert_eq!(scan(&["--", "--color=always"]), None);
        assert_eq!(scan(&["--color"]), None);
    }
}
