//! Bad input at the command line: each case ends with exit status 2 and one
//! clear line on standard error, never a panic or a backtrace; a closed
//! standard output ends the program quietly.

use crate::util::TempDir;
use assert_cmd::Command;
use std::io::Read;
use std::process::Stdio;

fn yq() -> Command {
    let mut c = Command::cargo_bin("yongquan").unwrap();
    c.env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "1")
        .env_remove("YONGQUAN_RULES");
    c
}

/// Asserts exit status 2 and a single-line message on stderr that contains
/// every one of `words`, without panic or backtrace text; returns the message.
fn fails_clearly(cmd: &mut Command, words: &[&str]) -> String {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "exit status; stderr:\n{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.to_lowercase().contains("backtrace"),
        "panic on stderr:\n{stderr}"
    );
    let message = stderr.trim_end();
    assert_eq!(
        message.lines().count(),
        1,
        "one line expected on stderr, got:\n{stderr}"
    );
    for w in words {
        assert!(message.contains(w), "`{w}` missing from: {message}");
    }
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout expected, got:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    message.to_string()
}

#[test]
fn invalid_utf8_on_stdin() {
    for bytes in [
        &b"\xff\xfe"[..],
        b"insomnia, \xc3\x28 night sweats",
        b"headache \xe6\xb9",
    ] {
        fails_clearly(yq().arg("match").write_stdin(bytes), &["UTF-8"]);
    }
    fails_clearly(yq().arg("explain").write_stdin(&b"\x80"[..]), &["UTF-8"]);
}

#[test]
fn invalid_utf8_in_a_rule_file() {
    let dir = TempDir::new("utf8");
    std::fs::write(dir.path().join("bad.ron"), b"(rules: [\xff])").unwrap();
    fails_clearly(
        yq().arg("match")
            .arg("--rules")
            .arg(dir.path())
            .arg("insomnia"),
        &["bad.ron", "UTF-8"],
    );
}

#[test]
fn empty_and_blank_arguments() {
    for text in ["", " ", "   \t  ", "\n\n", "\u{3000}"] {
        fails_clearly(yq().args(["match", text]), &["empty"]);
    }
    fails_clearly(yq().args(["explain", " "]), &["empty"]);
}

#[test]
fn empty_and_blank_stdin() {
    for text in ["", " ", "\n", " \t\r\n  \n"] {
        fails_clearly(yq().arg("match").write_stdin(text), &["empty"]);
    }
}

#[test]
fn a_rules_path_that_does_not_exist() {
    let dir = TempDir::new("missing");
    let missing = dir.path().join("no-such-dir");
    fails_clearly(
        yq().arg("match")
            .arg("--rules")
            .arg(&missing)
            .arg("insomnia"),
        &["no-such-dir"],
    );
}

#[test]
fn a_rules_path_that_is_a_file() {
    let dir = TempDir::new("file");
    let file = dir.path().join("rules.ron");
    std::fs::write(&file, "(rules: [])").unwrap();
    fails_clearly(
        yq().arg("match").arg("--rules").arg(&file).arg("insomnia"),
        &["rules.ron", "not a directory"],
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_rule_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("unreadable");
    let file = dir.path().join("locked.ron");
    std::fs::write(&file, "(rules: [])").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        // Root (as in some containers) reads files whatever their mode.
        eprintln!("note: skipped: this user can read a file with mode 000 (root?)");
        return;
    }
    fails_clearly(
        yq().arg("match")
            .arg("--rules")
            .arg(dir.path())
            .arg("insomnia"),
        &["locked.ron"],
    );
}

#[test]
fn input_over_the_limit_is_refused_not_truncated() {
    let limit = yongquan::MAX_INPUT_BYTES;
    let mut text = "insomnia, night sweats ".repeat(limit / 23 + 1);
    text.truncate(limit + 1);
    let message = fails_clearly(yq().arg("match").write_stdin(text), &["limit"]);
    assert!(
        message.contains(&limit.to_string()),
        "the message names the limit: {message}"
    );
}

#[test]
fn input_at_the_limit_is_accepted() {
    let limit = yongquan::MAX_INPUT_BYTES;
    let mut text = String::from("insomnia, night sweats");
    text.push_str(&" ".repeat(limit - text.len()));
    let out = yq()
        .args(["match", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `args` with standard output closed before the program writes.
fn with_closed_stdout(args: &[&str]) -> std::process::Output {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("yongquan"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "1")
        .env_remove("YONGQUAN_RULES")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // No reader left: the first write fails with EPIPE.
    drop(child.stdout.take());
    let mut stderr = Vec::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    std::process::Output {
        status,
        stdout: Vec::new(),
        stderr,
    }
}

#[test]
fn a_closed_stdout_ends_quietly() {
    // Output larger than any pipe buffer, so the write fails even if the
    // program were to start writing before the pipe is closed.
    let long = format!("insomnia{}night sweats", " ".repeat(100_000));
    for args in [
        &["match", "--format", "json", long.as_str()][..],
        &["rules", "list"],
        &["lexicon"],
        &["match", "insomnia, night sweats"],
        &["match", "--format", "json", "insomnia, night sweats"],
        &["explain", "insomnia, night sweats, qwerty"],
    ] {
        let out = with_closed_stdout(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{args:?}: stderr not empty:\n{stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {:?}", out.status);
    }
}

#[cfg(unix)]
#[test]
fn piping_into_head_ends_quietly() {
    let bin = assert_cmd::cargo::cargo_bin("yongquan");
    let script = format!("'{}' lexicon | head -c 1 >/dev/null", bin.display());
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .env("NO_COLOR", "1")
        .env_remove("YONGQUAN_RULES")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "stderr not empty:\n{stderr}");
    assert!(out.status.success());
}

#[test]
fn unknown_flags() {
    for args in [
        &["match", "--frobnicate", "insomnia"][..],
        &["explain", "--no-such-flag", "insomnia"],
        &["rules", "list", "--bogus"],
        &["--nope"],
        &["match", "--format", "xml", "insomnia"],
        &["match", "--min-score", "2", "insomnia"],
    ] {
        let out = yq().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}:\n{stderr}");
        assert!(
            stderr.starts_with("error:"),
            "{args:?}: clap's error first:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}:\n{stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
