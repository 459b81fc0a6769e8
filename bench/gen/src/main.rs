//! `yongquan-bench-gen`: writes the benchmark data of `bench/compare/run.sh`.
//!
//! ```text
//! yongquan-bench-gen rules N [PER_SYMPTOM] [SEED]   RON rule file with N generated terms
//! yongquan-bench-gen queries LEXICON LINES [SEED]   typo'd description lines from a
//!                                                   `yongquan lexicon` export
//! yongquan-bench-gen floor TERMS INPUT              count every occurrence of any term
//!                                                   (one per line of TERMS) in INPUT
//! ```
//!
//! Everything goes to standard output; the same arguments give the same bytes.

// Shared with the library's tests and benches, which the published package
// carries (this crate is not in it).
#[path = "../../../tests/shared/gen.rs"]
mod gen;

use std::io::{BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: yongquan-bench-gen rules N [PER_SYMPTOM] [SEED]
       yongquan-bench-gen queries LEXICON LINES [SEED]
       yongquan-bench-gen floor TERMS INPUT";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yongquan-bench-gen: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn number(args: &[String], i: usize, default: Option<u64>) -> Result<u64, String> {
    match (args.get(i), default) {
        (Some(s), _) => s.parse().map_err(|_| format!("`{s}` is not a number")),
        (None, Some(d)) => Ok(d),
        (None, None) => Err("missing argument".into()),
    }
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn run(args: &[String]) -> Result<(), String> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    let io = |e: std::io::Error| e.to_string();
    match args.first().map(String::as_str) {
        Some("rules") => {
            let n = number(args, 1, None)? as usize;
            let per = number(args, 2, Some(10))? as usize;
            let seed = number(args, 3, Some(1))?;
            let terms = gen::terms(n, seed);
            out.write_all(gen::rules_ron(&terms, per).as_bytes())
                .map_err(io)?;
        }
        Some("queries") => {
            let lexicon = read(args.get(1).ok_or("missing LEXICON")?)?;
            let lines = number(args, 2, None)? as usize;
            let seed = number(args, 3, Some(7))?;
            // Whole terms a user could type: no `…` gaps.
            let terms: Vec<String> = lexicon
                .lines()
                .filter_map(|l| l.split('\t').next())
                .filter(|t| !t.is_empty() && !t.contains('…') && !t.contains("..."))
                .map(str::to_string)
                .collect();
            if terms.is_empty() {
                return Err("the lexicon file has no terms".into());
            }
            for q in gen::queries(&terms, lines, seed) {
                writeln!(out, "{q}").map_err(io)?;
            }
        }
        Some("floor") => {
            let terms = read(args.get(1).ok_or("missing TERMS")?)?;
            let input = std::fs::read(args.get(2).ok_or("missing INPUT")?).map_err(io)?;
            let patterns: Vec<&str> = terms.lines().filter(|t| !t.is_empty()).collect();
            let ac = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&patterns)
                .map_err(|e| e.to_string())?;
            writeln!(out, "{}", ac.find_iter(&input).count()).map_err(io)?;
        }
        _ => return Err("unknown command".into()),
    }
    out.flush().map_err(io)
}
