//! Fuzzing's findings, replayed on stable by `cargo test`: every input of the
//! minimised corpora in `fuzz/corpus/{analyze,rules}` and every minimised
//! crash kept in `tests/fuzz_regressions/{analyze,rules}/` goes through the
//! checks of the fuzz target it belongs to (`tests/shared/fuzz/`). A crash found by
//! fuzzing also gets a test of its own here, named after the bug.

#[path = "shared/fuzz/analyze.rs"]
mod analyze;
#[path = "shared/fuzz/rules.rs"]
mod rules;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use yongquan::Matcher;

/// Every file directly in `dir` (none if it does not exist), sorted by name.
fn inputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Fails when nothing was replayed in a repository checkout: the corpora
/// moved or were lost. The published package leaves `fuzz/` out (a crate of
/// its own), so there the kept crashes alone, possibly none, are replayed.
fn assert_replayed(count: usize, dirs: &[PathBuf]) {
    if root().join("fuzz").is_dir() {
        assert!(count > 0, "no inputs found in {dirs:?}");
    }
}

/// Runs `check` on every input, then fails listing every input that panicked.
fn replay(dirs: &[PathBuf], check: impl Fn(&[u8])) -> usize {
    let mut count = 0;
    let mut failed = Vec::new();
    for dir in dirs {
        for (path, bytes) in inputs(dir) {
            count += 1;
            if catch_unwind(AssertUnwindSafe(|| check(&bytes))).is_err() {
                failed.push(path.display().to_string());
            }
        }
    }
    assert!(
        failed.is_empty(),
        "inputs that panic:\n{}",
        failed.join("\n")
    );
    count
}

#[test]
fn the_analyze_corpus_and_crashes_pass() {
    let m = Matcher::builtin().expect("the built-in rules load");
    let dirs = [
        root().join("fuzz/corpus/analyze"),
        root().join("tests/fuzz_regressions/analyze"),
    ];
    let count = replay(&dirs, |data| analyze::check(&m, data));
    assert_replayed(count, &dirs);
}

#[test]
fn the_rules_corpus_and_crashes_pass() {
    let dirs = [
        root().join("fuzz/corpus/rules"),
        root().join("tests/fuzz_regressions/rules"),
    ];
    let count = replay(&dirs, rules::check);
    assert_replayed(count, &dirs);
}
