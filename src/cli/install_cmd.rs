//! `yongquan completions SHELL` and `yongquan man [COMMAND…]`: the files a
//! packager installs beside the binary. Both are generated from the parser's
//! own definition ([`Cli`]), so a new flag is completed and documented the
//! day it is added.
//!
//! The man pages are one per command, as clap_mangen lays them out and git
//! ships its own: `yongquan(1)` lists the commands, `yongquan-match(1)`
//! documents `match` and its flags, `yongquan-rules-check(1)` a command of
//! `rules`.

use super::args::Cli;
use super::{CliError, Outcome};
use clap::CommandFactory;
use std::io::Write;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<Outcome, CliError> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "yongquan", &mut script);
    write_raw(&script)
}

/// Prints the man page of the command named by `words` (`["rules",
/// "check"]`), or of `yongquan` itself when there are none.
pub fn man(words: &[String]) -> Result<Outcome, CliError> {
    let mut cmd = Cli::command();
    // Gives every command its page name (`yongquan-rules-check`) and the
    // global flags (`--color`).
    cmd.build();
    let mut page = &cmd;
    for word in words {
        page = match page.find_subcommand(word) {
            Some(sub) => sub,
            None => return Err(unknown(page, word)),
        };
    }
    let mut roff = Vec::new();
    clap_mangen::Man::new(page.clone())
        // A command's own version is unset: every page is the program's.
        .source(format!("yongquan {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)
        .map_err(CliError::Output)?;
    write_raw(&roff)
}

/// "no command `mach` in `yongquan`; did you mean `match`?"
fn unknown(parent: &clap::Command, word: &str) -> CliError {
    let names: Vec<&str> = parent
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(clap::Command::get_name)
        .collect();
    let parent_name = parent.get_bin_name().unwrap_or(parent.get_name());
    let hint = yongquan::rules::did_you_mean(word, names.iter().copied())
        .unwrap_or_else(|| format!("it has {}", names.join(", ")));
    CliError::Usage(format!(
        "no command `{}` in `{parent_name}`; {hint}",
        super::terminal::printable(word)
    ))
}

/// Writes generated text as it is: it holds no colour to strip, and a
/// script must reach its file byte for byte.
fn write_raw(bytes: &[u8]) -> Result<Outcome, CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(CliError::Output)?;
    Ok(Outcome::Matched)
}
