//! `yongquan match --batch`: one description per line, one JSON object per line.

use super::args::MatchArgs;
use super::{CliError, Outcome};

pub fn run(_args: &MatchArgs) -> Result<Outcome, CliError> {
    Err(CliError::Usage(
        "--batch is not implemented yet (issue 4)".into(),
    ))
}
