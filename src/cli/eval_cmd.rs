//! `yongquan eval CASES.jsonl`: accuracy on labelled cases.
//!
//! The case file is read a line at a time with the limits of `match
//! --batch` (see `lines`): a line that cannot be read (too long, not UTF-8,
//! not a case object) or that the rules cannot judge (an unknown label, a
//! repeated id) is reported on standard error as `FILE:LINE: what is wrong`
//! and left out, and the other cases are evaluated. The report is
//! printed all the same; the exit status is then 2, as grep's is after an
//! error, so a script does not take figures that leave cases out for
//! complete ones.

use super::args::{EvalArgs, Format};
use super::lines::{self, BadLine};
use super::terminal::printable;
use super::{load, write_out, CliError, Outcome};
use std::io::{BufReader, Write};
use yongquan::eval::{self, Case};

pub fn run(args: &EvalArgs) -> Result<Outcome, CliError> {
    let m = load(&args.rules)?.with_min_score(args.min_score);
    let name = args.file.display().to_string();
    let (cases, bad, read) = read_cases(args, m.rules())?;
    if cases.is_empty() {
        return Err(CliError::Usage(format!(
            "{name}: no cases: write one JSON object per line"
        )));
    }
    let report = eval::evaluate(&m, &cases);
    let out = match args.format {
        Format::Human => report.human(),
        Format::Json => super::versioned(&report),
    };
    write_out(&out)?;
    if bad > 0 {
        return Err(CliError::Usage(format!(
            "{bad} of {read} lines of {name} could not be read (see above); \
             the figures leave them out"
        )));
    }
    Ok(Outcome::Matched)
}

/// The cases of the file, the number of lines that could not be read (each
/// reported on standard error), and the number of non-blank lines.
fn read_cases(
    args: &EvalArgs,
    rules: &yongquan::RuleBase,
) -> Result<(Vec<Case>, usize, usize), CliError> {
    let name = args.file.display().to_string();
    let cannot_read = |e: std::io::Error| CliError::Usage(format!("cannot read {name}: {e}"));
    let file = std::fs::File::open(&args.file).map_err(cannot_read)?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let (mut cases, mut bad, mut read) = (Vec::new(), 0, 0);
    let mut seen = std::collections::BTreeSet::new();
    let mut buf = Vec::new();
    for number in 1.. {
        buf.clear();
        let Some(line) =
            lines::next_line(&mut reader, &mut buf, number == 1).map_err(cannot_read)?
        else {
            break;
        };
        let case = match lines::text(&buf, line.len) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => eval::parse_case(text)
                .and_then(|case| eval::check_case(&case, rules, &mut seen).map(|()| case)),
            Err(BadLine::TooLong { len }) => Err(lines::too_long(&buf, len).1),
            Err(e) => Err(e.to_string()),
        };
        read += 1;
        match case {
            Ok(case) => cases.push(case),
            Err(why) => {
                bad += 1;
                let message = format!("yongquan: {name}:{number}: {why}; the line is left out");
                let _ = writeln!(std::io::stderr(), "{}", printable(&message));
            }
        }
    }
    Ok((cases, bad, read))
}
