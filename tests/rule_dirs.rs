//! Rule directories the CLI is pointed at (issue 12): what it reads, what
//! it passes over, and what it says about that.

use crate::util::TempDir;
use assert_cmd::Command;
use std::path::PathBuf;

fn user_rule() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/user-rules");
    let file = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ron"))
        .expect("a user rule file");
    std::fs::read_to_string(file).unwrap()
}

fn match_with_rules(dir: &std::path::Path) -> std::process::Output {
    Command::cargo_bin("yongquan")
        .unwrap()
        .args(["match", "--rules"])
        .arg(dir)
        .arg("headache")
        .output()
        .unwrap()
}

/// Regression: a directory whose only rule file was named `.RON` passed as
/// if it held no rules at all.
#[test]
fn a_directory_with_nothing_to_read_is_an_error_that_says_why() {
    let tmp = TempDir::new("nothing");
    let dir = tmp.path();
    tmp.write("mine.RON", user_rule());
    let out = match_with_rules(dir);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("holds no .ron rule file"), "{err}");
    assert!(
        err.contains("mine.RON: not read: rule files end in lower-case `.ron`"),
        "{err}"
    );
}

#[test]
fn an_entry_passed_over_beside_rule_files_is_a_warning() {
    let tmp = TempDir::new("beside");
    let dir = tmp.path();
    tmp.write("mine.ron", user_rule());
    std::fs::create_dir(dir.join("drafts")).unwrap();
    std::fs::write(dir.join("drafts/draft.ron"), "()").unwrap();
    tmp.write("notes.md", "not rules");
    let out = match_with_rules(dir);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_ne!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("yongquan: warning: "), "{err}");
    assert!(err.contains("drafts: not read: a subdirectory"), "{err}");
    assert!(!err.contains("notes.md"), "{err}");
}

/// Regression (a fresh reviewer, session 6): beside a broken file, the
/// summary said "no warnings" right after warning about a `.RON` file.
#[test]
fn the_summary_counts_entries_passed_over() {
    let tmp = TempDir::new("summary");
    tmp.write("bad.ron", "(");
    tmp.write("README.RON", "()");
    let out = Command::cargo_bin("yongquan")
        .unwrap()
        .args(["rules", "check"])
        .arg(tmp.path())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("README.RON: not read"), "{err}");
    assert!(
        err.contains("1 error and 1 warning in the rule files"),
        "{err}"
    );
}

/// Regression: `rules check v v` reported every definition of `v` as
/// clashing with itself; like `match --rules v --rules v`, it reads it once.
#[test]
fn a_directory_named_twice_is_checked_once() {
    let tmp = TempDir::new("twice");
    tmp.write("mine.ron", user_rule());
    let out = Command::cargo_bin("yongquan")
        .unwrap()
        .args(["rules", "check"])
        .arg(tmp.path())
        .arg(tmp.path())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("already defined"), "{err}");
}
