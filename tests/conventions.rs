//! The conventions a command-line tool is expected to follow (issue 13):
//! shell completions, man pages, `--color`, and a `--batch` that answers
//! each line as it arrives when it reads a pipe.

use assert_cmd::Command;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

/// The binary with no colour setting from the environment.
fn yq() -> Command {
    let mut c = Command::cargo_bin("yongquan").unwrap();
    c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    c.env_remove("CLICOLOR").env_remove("YONGQUAN_RULES");
    c
}

/// (exit code, stdout, stderr).
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const COMMANDS: [&str; 7] = [
    "match",
    "explain",
    "rules",
    "eval",
    "lexicon",
    "completions",
    "man",
];

mod completions {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_that_names_every_command() {
        for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
            let (code, script, err) = run(yq().args(["completions", shell]));
            assert_eq!(code, 0, "{shell}: {err}");
            assert!(err.is_empty(), "{shell}: {err}");
            assert!(script.len() > 1000, "{shell}: {script}");
            for command in COMMANDS {
                assert!(script.contains(command), "{shell} lacks {command}");
            }
            // Flags of commands, global ones included.
            // fish spells a flag `-l min-score`.
            for flag in ["batch", "min-score", "color"] {
                assert!(script.contains(flag), "{shell} lacks {flag}");
            }
        }
    }

    #[test]
    fn bash_accepts_the_bash_script() {
        let Ok(bash) = which("bash") else { return };
        let dir = crate::util::TempDir::new("completions");
        let (_, script, _) = run(yq().args(["completions", "bash"]));
        let path = dir.write("yongquan.bash", script);
        let out = std::process::Command::new(bash)
            .arg("-n")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Sourced, it registers the completion function for `yongquan`.
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("source {} && complete -p yongquan", path.display()))
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("yongquan"), "{said}");
    }

    #[test]
    fn an_unknown_shell_is_a_usage_error() {
        let (code, out, err) = run(yq().args(["completions", "tcsh"]));
        assert_eq!(code, 2);
        assert!(out.is_empty());
        assert!(err.contains("possible values: bash"), "{err}");
    }
}

/// The path of `program` on PATH.
fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join(program))
        .find(|p| p.is_file())
        .ok_or(())
}

mod man {
    use super::*;

    /// The page's first request after roff's preamble (clap_mangen's first
    /// two lines define the `Aq` string for apostrophes).
    fn title(page: &str) -> &str {
        page.lines()
            .find(|l| !l.starts_with(".ie ") && !l.starts_with(".el "))
            .unwrap_or_default()
    }

    #[test]
    fn the_main_page_lists_the_commands() {
        let (code, page, err) = run(yq().arg("man"));
        assert_eq!(code, 0, "{err}");
        assert!(title(&page).starts_with(".TH yongquan 1 "), "{page}");
        assert!(
            title(&page).contains(concat!("yongquan ", env!("CARGO_PKG_VERSION"))),
            "{page}"
        );
        for command in COMMANDS {
            assert!(
                page.contains(&format!("yongquan\\-{command}(1)")),
                "no {command} in\n{page}"
            );
        }
        assert!(page.contains("Rank the patterns that fit a description"));
    }

    #[test]
    fn a_command_has_its_own_page_with_its_flags() {
        let (code, page, err) = run(yq().args(["man", "match"]));
        assert_eq!(code, 0, "{err}");
        assert!(title(&page).starts_with(".TH yongquan-match 1 "), "{page}");
        for flag in ["batch", "jsonl", "top", "min\\-score", "color"] {
            assert!(page.contains(&format!("\\fB\\-\\-{flag}\\fR")), "{flag}");
        }
        let (code, page, _) = run(yq().args(["man", "rules", "check"]));
        assert_eq!(code, 0);
        assert!(title(&page).starts_with(".TH yongquan-rules-check 1 "));
        assert!(page.contains("\\-\\-deny\\-warnings"));
    }

    #[test]
    fn groff_renders_every_page_without_a_warning() {
        if which("groff").is_err() {
            return;
        }
        for words in [&[][..], &["match"], &["explain"], &["rules", "check"]] {
            let (_, page, _) = run(yq().arg("man").args(words));
            let out = Command::new("groff")
                .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
                .write_stdin(page)
                .output()
                .unwrap();
            let warnings = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && warnings.is_empty(),
                "{words:?}: {warnings}"
            );
        }
    }

    #[test]
    fn an_unknown_command_gets_a_suggestion() {
        let (code, out, err) = run(yq().args(["man", "rules", "chek"]));
        assert_eq!(code, 2);
        assert!(out.is_empty());
        assert_eq!(
            err,
            "yongquan: error: no command `chek` in `yongquan rules`; did you mean `check`?\n"
        );
    }
}

mod color {
    use super::*;

    fn coloured(text: &str) -> bool {
        text.contains("\x1b[")
    }

    /// `text` without its SGR sequences.
    fn plain(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("\x1b[") {
            out.push_str(&rest[..at]);
            let end = rest[at..].find('m').map_or(rest.len(), |m| at + m + 1);
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// The human report, a rule-file diagnostic and an argument error, with
    /// `args` and `env`: whether each came out coloured, and the report.
    fn outputs(args: &[&str], env: &[(&str, &str)]) -> ([bool; 3], String) {
        let with = |cmd: &[&str]| {
            let mut c = yq();
            c.args(args).args(cmd);
            for (k, v) in env {
                c.env(k, v);
            }
            run(&mut c)
        };
        let (_, report, _) = with(&["match", "insomnia, night sweats"]);
        let bad = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/malformed/sem-bad-grade");
        let (code, _, diagnostic) = with(&["rules", "check", bad]);
        assert_eq!(code, 2, "{diagnostic}");
        let (code, _, usage) = with(&["match", "--top", "0", "x"]);
        assert_eq!(code, 2, "{usage}");
        (
            [coloured(&report), coloured(&diagnostic), coloured(&usage)],
            report,
        )
    }

    #[test]
    fn auto_colours_a_pipe_only_when_clicolor_force_says_so() {
        assert_eq!(outputs(&[], &[]).0, [false; 3]);
        assert_eq!(outputs(&["--color", "auto"], &[]).0, [false; 3]);
        assert_eq!(outputs(&[], &[("CLICOLOR_FORCE", "1")]).0, [true; 3]);
        assert_eq!(outputs(&[], &[("NO_COLOR", "1")]).0, [false; 3]);
    }

    #[test]
    fn always_colours_even_into_a_pipe_and_over_no_color() {
        assert_eq!(outputs(&["--color", "always"], &[]).0, [true; 3]);
        assert_eq!(
            outputs(&["--color=always"], &[("NO_COLOR", "1")]).0,
            [true; 3]
        );
    }

    #[test]
    fn never_never_colours() {
        assert_eq!(
            outputs(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]).0,
            [false; 3]
        );
    }

    #[test]
    fn colour_changes_only_the_styling() {
        let (_, coloured) = outputs(&["--color", "always"], &[]);
        let (_, uncoloured) = outputs(&["--color", "never"], &[]);
        assert_eq!(plain(&coloured), uncoloured);
    }

    #[test]
    fn the_flag_is_global_and_checked() {
        let (code, out, _) =
            run(yq().args(["match", "--color", "always", "insomnia, night sweats"]));
        assert!(code == 0 && coloured(&out), "{out}");
        let (code, _, err) = run(yq().args(["--color", "sometimes", "match", "x"]));
        assert_eq!(code, 2);
        assert!(
            err.contains("possible values: auto, always, never"),
            "{err}"
        );
    }
}

mod streaming {
    use super::*;

    const WAIT: Duration = Duration::from_secs(10);

    /// `yongquan match --batch INPUT`.
    fn run_batch(input: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_yongquan"));
        cmd.args(["match", "--batch"]).arg(input);
        cmd
    }

    /// `match --batch INPUT` as a co-process: each line written gets its
    /// answer while standard input stays open.
    fn answers_each_line_while_the_input_is_open(input: &str) {
        let mut child = run_batch(input)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, answers) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if send.send(line.unwrap()).is_err() {
                    return;
                }
            }
        });
        for (n, text) in [(1, "insomnia, night sweats"), (2, "purple elephants")] {
            writeln!(stdin, "{text}").unwrap();
            stdin.flush().unwrap();
            let answer = answers.recv_timeout(WAIT).unwrap_or_else(|e| {
                let _ = child.kill();
                panic!("{input}: no answer to line {n} within {WAIT:?} ({e})")
            });
            let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
            assert_eq!(
                (v["line"].as_u64(), v["input"].as_str()),
                (Some(n), Some(text))
            );
        }
        drop(stdin);
        let status = child.wait().unwrap();
        reader.join().unwrap();
        assert!(answers.try_recv().is_err(), "an answer too many");
        assert_eq!(status.code(), Some(0), "line 1 matched");
    }

    #[test]
    fn a_pipe_on_standard_input_is_answered_line_by_line() {
        answers_each_line_while_the_input_is_open("-");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_given_as_file_is_answered_line_by_line() {
        answers_each_line_while_the_input_is_open("/dev/stdin");
    }

    #[test]
    fn a_file_a_pipe_and_a_redirected_file_give_the_same_bytes() {
        // Past a chunk (1 024 lines), with lines that fail (blank, not
        // UTF-8) and a last line with no line end.
        let mut input = Vec::new();
        for i in 0..2_100 {
            match i % 500 {
                7 => input.extend_from_slice(b"  \n"),
                8 => input.extend_from_slice(b"bad \xff byte\n"),
                _ => input.extend_from_slice(format!("insomnia, night sweats {i}\n").as_bytes()),
            }
        }
        input.extend_from_slice(b"tinnitus");
        let dir = crate::util::TempDir::new("streaming");
        let path = dir.write("input.txt", &input);
        let batch = |out: std::process::Output| {
            assert_eq!(out.status.code(), Some(0));
            out.stdout
        };
        let from_file = batch(run_batch(&path).output().unwrap());
        let from_pipe = batch(
            Command::from_std(run_batch("-"))
                .write_stdin(input)
                .output()
                .unwrap(),
        );
        // assert_cmd would give it a pipe: the file itself, as `< FILE` does.
        let redirected = batch(
            run_batch("-")
                .stdin(std::fs::File::open(&path).unwrap())
                .output()
                .unwrap(),
        );
        assert_eq!(from_file.iter().filter(|&&b| b == b'\n').count(), 2_101);
        assert!(from_file == from_pipe, "the pipe's output differs");
        assert!(
            from_file == redirected,
            "the redirected file's output differs"
        );
    }
}
