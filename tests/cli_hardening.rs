//! Regression tests for the command line's hardening (issue 12): each test
//! names the bug it pins.

use crate::util::TempDir;
use assert_cmd::Command;
use std::path::Path;

fn yq() -> Command {
    let mut c = Command::cargo_bin("yongquan").unwrap();
    c.env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "1")
        .env_remove("YONGQUAN_RULES")
        .env_remove("YONGQUAN_REGION");
    c
}

/// The binary as a [`std::process::Command`], for what `assert_cmd` cannot
/// set up: a standard output of our choosing, a signal.
fn yq_std() -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("yongquan"));
    c.env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "1")
        .env_remove("YONGQUAN_RULES")
        .env_remove("YONGQUAN_REGION");
    c
}

/// (exit code, stdout, stderr) of a finished command.
fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.to_lowercase().contains("backtrace"),
        "panic on stderr:\n{stderr}"
    );
}

/// The characters a terminal would act on: C0 controls but line breaks and
/// tabs, DEL, C1 controls, bidi overrides.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

fn printable(what: &str, text: &str) {
    let raw = raw_controls(text);
    assert!(raw.is_empty(), "{what} holds raw {raw:?}:\n{text}");
}

mod long_lines {
    use super::*;

    #[test]
    fn an_error_past_column_65535_is_shown_not_a_panic() {
        // Regression: miette pads the underline to the error's column with
        // `{:width$}`, which panics past 65 535 (exit 101).
        let dir = TempDir::new("column-65535");
        dir.write("t.ron", format!("({}oops)\n", " ".repeat(65_600)));
        let (code, out, err) = run(yq().args(["rules", "check"]).arg(dir.path()));
        no_panic(&err);
        assert_eq!(code, Some(2), "{err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("t.ron:1:65602: unknown field `oops`"), "{err}");
        // A window of the line, cut with `…`, the token underlined.
        let shown = err
            .lines()
            .find(|l| l.contains("oops)"))
            .expect("the snippet shows the token");
        assert!(shown.starts_with(" 1 │ …"), "{shown}");
        assert!(shown.chars().count() < 200, "{shown}");
        assert!(err.lines().any(|l| l.trim_end().ends_with("──┬─")), "{err}");
    }

    #[test]
    fn a_long_line_is_cut_on_both_sides_of_the_error() {
        let dir = TempDir::new("long-line");
        let names = "\"n\", ".repeat(2_000);
        dir.write(
            "t.ron",
            format!("(\n  symptoms: [(id: \"x\", name: {names}{names})],\n)\n"),
        );
        let (code, _, err) = run(yq().args(["rules", "check"]).arg(dir.path()));
        no_panic(&err);
        assert_eq!(code, Some(2), "{err}");
        let shown = err
            .lines()
            .find(|l| l.starts_with(" 2 │"))
            .expect("line 2 is shown with its number");
        assert!(shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() < 200, "{shown}");
    }
}

mod terminal_injection {
    use super::*;

    const OSC: &str = "\x1b]0;pwned\x07";

    #[test]
    fn a_comment_in_a_rule_file_does_not_reach_stderr_raw() {
        // Regression: a comment's OSC sequence (set the window title) was
        // shown raw in the snippet of `rules check`.
        let dir = TempDir::new("comment");
        dir.write(
            "t.ron",
            format!("(\n  rules: [ oops ], // {OSC} \u{9b}2J \u{202e}x\n)\n"),
        );
        for colour in [None, Some("1")] {
            let mut cmd = yq();
            if let Some(force) = colour {
                cmd.env_remove("NO_COLOR").env("CLICOLOR_FORCE", force);
            }
            let (code, _, err) = run(cmd.args(["rules", "check"]).arg(dir.path()));
            assert_eq!(code, Some(2), "{err}");
            assert!(
                err.contains(r"// \u{1b}]0;pwned\u{7} \u{9b}2J \u{202e}x"),
                "{err}"
            );
            assert!(!err.contains('\x07') && !err.contains("\x1b]"), "{err}");
            assert!(
                !err.contains('\u{9b}') && !err.contains('\u{202e}'),
                "{err}"
            );
        }
    }

    #[test]
    fn the_underline_stays_under_the_token_after_an_escape() {
        let dir = TempDir::new("underline");
        dir.write("t.ron", format!("(\n  /* {OSC} */ oops: 1,\n)\n"));
        let (_, _, err) = run(yq().args(["rules", "check"]).arg(dir.path()));
        let lines: Vec<&str> = err.lines().collect();
        let at = lines.iter().position(|l| l.contains("oops: 1")).unwrap();
        let column = |l: &str, pat: &str| l.find(pat).map(|b| l[..b].chars().count());
        assert_eq!(
            column(lines[at], "oops"),
            column(lines[at + 1], "─"),
            "{err}"
        );
    }

    /// A user rule whose strings hold escapes: a pattern name, a term.
    fn hostile_rules() -> TempDir {
        let dir = TempDir::new("hostile-rules");
        let text = std::fs::read_to_string("tests/user-rules/restless-legs.ron")
            .unwrap()
            .replace(
                "Restless legs with insomnia",
                r"Restless \u{1b}]0;pwned\u{7} legs \u{9b}2J \u{202e}x",
            )
            .replace(
                "\"legs will not keep still\"",
                r#""legs will not keep still", "legs\u{200b}jump""#,
            );
        dir.write("r.ron", text);
        dir
    }

    /// Rule strings a reader sees may hold no control or invisible
    /// character (issue 12): every command refuses such a file, and its
    /// error shows the offending text escaped, never raw.
    #[test]
    fn rule_strings_with_controls_are_refused_and_shown_escaped() {
        let dir = hostile_rules();
        let rules = ["--rules", dir.path().to_str().unwrap()];
        let id = "restless-legs-insomnia";
        let commands: Vec<Vec<&str>> = vec![
            vec!["rules", "check"],
            vec!["rules", "list"],
            vec!["rules", "show", id],
            vec!["lexicon"],
            vec!["match", "restless legs and insomnia"],
            vec!["explain", "restless legs and insomnia"],
            vec!["match", "--format", "json", "restless legs and insomnia"],
        ];
        for args in commands {
            for colour in [false, true] {
                let mut cmd = yq();
                if colour {
                    cmd.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1");
                }
                let (code, out, err) = run(cmd.args(&args).args(rules));
                assert_eq!(code, Some(2), "{args:?}: {err}");
                assert!(out.is_empty(), "{args:?}: {out}");
                let err = if colour { strip_sgr(&err) } else { err };
                printable(&format!("{args:?}"), &err);
                assert!(
                    err.contains("has a control character (U+001B)"),
                    "{args:?}: {err}"
                );
                assert!(err.contains(r"\u{1b}]0;pwned\u{7}"), "{args:?}: {err}");
                assert!(err.contains("(U+200B)"), "{args:?}: {err}");
            }
        }
    }

    fn strip_sgr(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("\x1b[") {
            out.push_str(&rest[..at]);
            let tail = &rest[at + 2..];
            let end = tail
                .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                .unwrap();
            assert!(tail[end..].starts_with('m'), "not SGR: {:?}", &rest[at..]);
            rest = &tail[end + 1..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn arguments_and_environment_values_are_escaped_in_error_lines() {
        let bad_dir = format!("/nonexistent/{OSC}\u{9b}2J\u{202e}");
        let cases: Vec<(Command, &str)> = vec![
            (
                {
                    let mut c = yq();
                    c.args(["match", "--rules", &bad_dir, "insomnia"]);
                    c
                },
                "yongquan: error: ",
            ),
            (
                {
                    let mut c = yq();
                    c.env("YONGQUAN_RULES", &bad_dir)
                        .args(["match", "insomnia"]);
                    c
                },
                "yongquan: error: ",
            ),
            (
                {
                    let mut c = yq();
                    c.args(["explain", "--rule", &bad_dir, "insomnia"]);
                    c
                },
                "yongquan: error: no rule",
            ),
            (
                {
                    let mut c = yq();
                    c.args(["rules", "show", &bad_dir]);
                    c
                },
                "yongquan: error: no rule",
            ),
            (
                {
                    let mut c = yq();
                    c.args(["rules", "new", &bad_dir]);
                    c
                },
                "yongquan: error: ",
            ),
            (
                {
                    let mut c = yq();
                    c.args(["match", "--top", &bad_dir, "insomnia"]);
                    c
                },
                "error: invalid value",
            ),
            (
                {
                    let mut c = yq();
                    c.args(["eval", &bad_dir]);
                    c
                },
                "yongquan: error: cannot read",
            ),
            (
                {
                    let mut c = yq();
                    c.env("YONGQUAN_REGION", &bad_dir)
                        .args(["match", "insomnia"]);
                    c
                },
                "yongquan: warning: YONGQUAN_REGION: unknown region",
            ),
        ];
        for (mut cmd, start) in cases {
            let (_, out, err) = run(&mut cmd);
            no_panic(&err);
            printable("stderr", &err);
            printable("stdout", &out);
            assert!(err.contains(start), "{err}");
            assert!(
                err.contains(r"\u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}"),
                "{err}"
            );
        }
    }

    #[test]
    fn input_text_is_escaped_in_match_and_explain() {
        // The human report drops invisible characters; anstream strips
        // ESC sequences when stdout is no terminal, but not C1 controls.
        for args in [
            ["match", "--format", "human"],
            ["explain", "--format", "human"],
        ] {
            let (code, out, _) = run(yq()
                .args(args)
                .arg(format!("insomnia {OSC} and \u{9b}2J \u{202e}night sweats")));
            assert_eq!(code, Some(0));
            printable(&format!("{args:?}"), &out);
        }
    }
}

mod colour_from_outside {
    use super::*;

    /// Regression (issue 12): with colour on, a colour code typed in the
    /// description reached the terminal as a colour, indistinguishable from
    /// the report's own. The report escapes what comes from the input.
    #[test]
    fn a_colour_code_in_the_input_is_shown_not_obeyed() {
        for cmd in ["match", "explain"] {
            let out = yq()
                .env("CLICOLOR_FORCE", "1")
                .env_remove("NO_COLOR")
                .args([
                    cmd,
                    "--format",
                    "human",
                    "\u{1b}[8minsomnia\u{1b}[0m, night sweats",
                ])
                .output()
                .unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.contains("\\u{1b}[8m"), "{cmd}: {text}");
            assert!(!text.contains("\u{1b}[8m"), "{cmd}: {text}");
            // The report's own colours are still there.
            assert!(text.contains("\u{1b}[1m"), "{cmd}: {text}");
        }
    }
}

mod write_errors {
    use super::*;

    #[test]
    fn help_and_version_to_a_full_disk_are_errors() {
        // Regression: `--help > /dev/full` exited 0 silently.
        if !Path::new("/dev/full").exists() {
            return;
        }
        for args in [
            &["--help"][..],
            &["--version"],
            &["match", "--help"],
            &["rules", "check", "--help"],
        ] {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap();
            let out = yq_std().args(args).stdout(full).output().unwrap();
            let (code, err) = (out.status.code(), String::from_utf8_lossy(&out.stderr));
            assert_eq!(code, Some(2), "{args:?}: {err}");
            assert!(
                err.starts_with("yongquan: error: cannot write output:"),
                "{args:?}: {err}"
            );
        }
    }

    #[test]
    fn help_still_goes_to_stdout_with_exit_0() {
        let (code, out, err) = run(yq().arg("--help"));
        assert_eq!(code, Some(0));
        // `[OPTIONS]`: the global `--color`.
        assert!(out.contains("Usage: yongquan [OPTIONS] <COMMAND>"), "{out}");
        assert!(err.is_empty(), "{err}");
    }
}

mod eval_lines {
    use super::*;

    const GOOD: &str = r#"{"id": "good", "text": "insomnia, night sweats, palpitations", "expected": "heart-kidney-yin-deficiency"}"#;

    #[test]
    fn a_bad_line_is_reported_and_the_other_cases_are_evaluated() {
        // Regression: the first bad line ended `eval`; an integer id was
        // a bad line.
        let dir = TempDir::new("eval-bad-lines");
        let mut text = format!("{GOOD}\n");
        text.push_str(&format!(
            "{{\"id\": \"big\", \"text\": \"{}\", \"expected\": \"none\"}}\n",
            "x".repeat(2 << 20)
        ));
        text.push_str("not json\n\n");
        text.push_str(r#"{"id": 7, "text": "purple elephants", "expected": "none"}"#);
        text.push_str("\n\u{1b}]0;pwned\u{7}\n");
        let file = dir.write("cases.jsonl", format!("{text}\u{feff}\n").into_bytes());
        let mut bytes = std::fs::read(&file).unwrap();
        bytes.extend_from_slice(b"\xff\r\n");
        std::fs::write(&file, bytes).unwrap();
        let (code, out, err) = run(yq().arg("eval").arg(&file));
        no_panic(&err);
        printable("stderr", &err);
        assert_eq!(code, Some(2), "{err}");
        assert!(out.starts_with("cases: 2\ntop-1: 2/2"), "{out}");
        let name = file.display().to_string();
        let reported: Vec<&str> = err.lines().collect();
        assert_eq!(reported.len(), 6, "{err}");
        let expected = [
            format!("yongquan: {name}:2: the \"text\" is too long: the line is"),
            format!("yongquan: {name}:3: expected ident"),
            format!("yongquan: {name}:6: expected value"),
            format!("yongquan: {name}:7: expected value"),
            format!("yongquan: {name}:8: the line is not valid UTF-8"),
            format!("yongquan: error: 5 of 7 lines of {name} could not be read"),
        ];
        for (line, start) in reported.iter().zip(&expected) {
            assert!(line.starts_with(start.as_str()), "{line}\nnot {start}");
        }
    }

    /// Regression (issue 12): an unknown label or a repeated id ended
    /// `eval` with no line number and no figures.
    #[test]
    fn a_case_the_rules_cannot_judge_is_a_bad_line_too() {
        let dir = TempDir::new("eval-unknown-label");
        let text = format!(
            "{GOOD}\n{}\n{}\n",
            r#"{"id": "u", "text": "dizzy", "expected": "liver-yang-risen"}"#,
            r#"{"id": 7, "text": "dizzy", "expected": "none"}"#,
        );
        let text = text.replacen(r#""id": 7"#, r#""id": "dup""#, 1);
        let text = format!(
            "{text}{}\n",
            r#"{"id": "dup", "text": "dizzy", "expected": "none"}"#
        );
        let file = dir.write("cases.jsonl", text);
        let (code, out, err) = run(yq().arg("eval").arg(&file));
        no_panic(&err);
        assert_eq!(code, Some(2), "{err}");
        assert!(out.starts_with("cases: 2\n"), "{out}");
        let name = file.display().to_string();
        assert!(
            err.contains(&format!("{name}:2: case `u` expects unknown rule `liver-yang-risen`; did you mean `liver-yang-rising`?")),
            "{err}"
        );
        assert!(
            err.contains(&format!("{name}:4: case id `dup` is used twice")),
            "{err}"
        );
    }

    #[test]
    fn good_case_files_give_the_same_report_and_exit_0() {
        let dir = TempDir::new("eval-good");
        let file = dir.write("cases.jsonl", format!("\u{feff}{GOOD}\r\n\n"));
        let (code, out, err) = run(yq().arg("eval").arg(&file));
        assert_eq!(code, Some(0), "{err}");
        assert!(err.is_empty(), "{err}");
        assert!(out.starts_with("cases: 1\ntop-1: 1/1"), "{out}");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn eval_of_dev_zero_stays_small() {
        // Regression: `eval /dev/zero` read the whole "line" into memory
        // (2.5 GB in 10 s).
        let mut child = yq_std()
            .args(["eval", "/dev/zero"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_secs(2));
        let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
        let _ = child.kill();
        let _ = child.wait();
        let peak_kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap();
        assert!(peak_kb < 200_000, "peak resident memory {peak_kb} kB");
    }
}

mod jsonl_messages {
    use super::*;

    /// The output objects of `match --batch - --jsonl` on `input`.
    fn batch(input: &str) -> Vec<serde_json::Value> {
        let out = yq()
            .args(["match", "--batch", "-", "--jsonl"])
            .write_stdin(input)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn a_2_mb_id_is_reported_as_a_long_id() {
        // Regression: reported as "the description is … bytes".
        let line = format!(
            "{{\"id\": \"{}\", \"text\": \"insomnia\"}}\n",
            "a".repeat(2 << 20)
        );
        let out = batch(&line);
        let error = out[0]["error"].as_str().unwrap();
        assert!(
            error.starts_with("the \"id\" is too long: the line is"),
            "{error}"
        );
        assert!(!error.contains("description"), "{error}");
    }

    #[test]
    fn a_long_text_keeps_the_id_that_came_before_it() {
        let line = format!(
            "{{\"id\": 12.50, \"text\": \"{}\"}}\n",
            "insomnia ".repeat(200_000)
        );
        let out = batch(&line);
        assert_eq!(out[0]["id"], serde_json::json!(12.5));
        let error = out[0]["error"].as_str().unwrap();
        assert!(error.starts_with("the \"text\" is too long"), "{error}");
    }

    #[test]
    fn a_lone_surrogate_is_an_invalid_escape_not_a_missing_text() {
        // Regression: reported as "the object has no \"text\" string".
        let out = batch("{\"id\": \"s\", \"text\": \"night \\ud800 sweats\"}\n");
        assert_eq!(out[0]["id"], "s");
        let error = out[0]["error"].as_str().unwrap();
        assert!(error.contains("invalid escape"), "{error}");
        assert!(error.contains("surrogate"), "{error}");
        assert!(!error.contains("no \"text\""), "{error}");
    }

    #[test]
    fn a_duplicate_text_key_keeps_the_id() {
        // Regression: serde's "duplicate field" error lost the id.
        let out = batch(concat!(
            "{\"text\": \"a\", \"id\": \"dup\", \"text\": \"b\"}\n",
            "{\"id\": 1, \"id\": 2, \"text\": \"insomnia\"}\n",
        ));
        assert_eq!(out[0]["id"], "dup");
        let error = out[0]["error"].as_str().unwrap();
        assert!(
            error.starts_with("the object has \"text\" twice"),
            "{error}"
        );
        assert_eq!(out[1]["id"], 1);
        let error = out[1]["error"].as_str().unwrap();
        assert!(error.starts_with("the object has \"id\" twice"), "{error}");
    }
}

#[cfg(unix)]
mod signals {
    use super::*;
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    use std::time::Duration;

    /// Runs `match --batch` on a large input into a pipe that is not read
    /// (so the batch is blocked in the middle of writing a chunk), sends
    /// `signal`, then reads the pipe: (exit code, output, input lines).
    fn interrupted(signal: libc::c_int, name: &str) -> (Option<i32>, Vec<u8>, usize) {
        let dir = TempDir::new(name);
        let words = ["insomnia", "night sweats", "cold feet", "dizzy", "tinnitus"];
        let lines = 100_000;
        let input: String = (0..lines)
            .map(|i| format!("{}, {}\n", words[i % 5], words[(i / 5) % 5]))
            .collect();
        let input = dir.write("in.txt", input);
        let mut cmd = yq_std();
        cmd.args(["match", "--batch"])
            .arg(&input)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null());
        // A test harness run in the background of a script ignores SIGINT,
        // and the child would inherit that.
        // SAFETY: signal() is async-signal-safe, as pre_exec requires.
        unsafe {
            cmd.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
                libc::signal(libc::SIGTERM, libc::SIG_DFL);
                Ok(())
            });
        }
        let mut child = cmd.spawn().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        // The first byte: the batch is writing; it soon fills the pipe
        // and waits in the middle of a line.
        let mut out = vec![0];
        stdout.read_exact(&mut out).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        // SAFETY: kill() on our own child's pid.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        stdout.read_to_end(&mut out).unwrap();
        let status = child.wait().unwrap();
        (status.code(), out, lines)
    }

    fn whole_lines(out: &[u8]) -> usize {
        assert!(out.ends_with(b"\n"), "a cut last line");
        let text = std::str::from_utf8(out).unwrap();
        for (i, line) in text.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(v["line"], i + 1);
        }
        text.lines().count()
    }

    #[test]
    fn sigint_mid_batch_ends_after_a_whole_line_with_130() {
        // Regression: the default action cut the last JSON line (at 64 KiB,
        // the pipe's size, in this set-up).
        let (code, out, lines) = interrupted(libc::SIGINT, "sigint");
        assert_eq!(code, Some(130));
        assert!(whole_lines(&out) < lines);
    }

    #[test]
    fn sigterm_mid_batch_ends_after_a_whole_line_with_143() {
        let (code, out, lines) = interrupted(libc::SIGTERM, "sigterm");
        assert_eq!(code, Some(143));
        assert!(whole_lines(&out) < lines);
    }
}
