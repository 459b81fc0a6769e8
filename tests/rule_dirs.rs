//! Rule directories the CLI is pointed at (issue 12): what it reads, what
//! it passes over, and what it says about that.

use assert_cmd::Command;
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yq-rule-dirs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn user_rule() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/user-rules");
    let file = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ron"))
        .expect("a user rule file");
    std::fs::read_to_string(file).unwrap()
}

/// Regression: a directory whose only rule file was named `.RON` passed as
/// if it held no rules at all.
#[test]
fn a_directory_with_nothing_to_read_is_an_error_that_says_why() {
    let dir = scratch("nothing");
    std::fs::write(dir.join("mine.RON"), user_rule()).unwrap();
    let out = Command::cargo_bin("yongquan")
        .unwrap()
        .args(["match", "--rules"])
        .arg(&dir)
        .arg("headache")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("holds no .ron rule file"), "{err}");
    assert!(
        err.contains("mine.RON: not read: rule files end in lower-case `.ron`"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_entry_passed_over_beside_rule_files_is_a_warning() {
    let dir = scratch("beside");
    std::fs::write(dir.join("mine.ron"), user_rule()).unwrap();
    std::fs::create_dir(dir.join("drafts")).unwrap();
    std::fs::write(dir.join("drafts/draft.ron"), "()").unwrap();
    std::fs::write(dir.join("notes.md"), "not rules").unwrap();
    let out = Command::cargo_bin("yongquan")
        .unwrap()
        .args(["match", "--rules"])
        .arg(&dir)
        .arg("headache")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_ne!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("yongquan: warning: "), "{err}");
    assert!(err.contains("drafts: not read: a subdirectory"), "{err}");
    assert!(!err.contains("notes.md"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
