//! The library's surface: it names no command-line flag (issue 12). Its
//! messages are read by Python and web users too, who have no `--batch`;
//! the CLI adds its flags to the advice where they help.

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::path::Path;

/// Every long flag the CLI has (`--min-score`, `--batch` …), from its help.
fn cli_flags() -> BTreeSet<String> {
    let mut flags = BTreeSet::new();
    for args in [
        &["match", "--help"][..],
        &["explain", "--help"],
        &["eval", "--help"],
        &["lexicon", "--help"],
        &["rules", "check", "--help"],
        &["rules", "test", "--help"],
        &["rules", "show", "--help"],
        &["rules", "new", "--help"],
    ] {
        let out = Command::cargo_bin("yongquan")
            .unwrap()
            .args(args)
            .output()
            .unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        for word in help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            if let Some(name) = word.strip_prefix("--") {
                if name.len() > 1 && !name.starts_with('-') && name != "help" && name != "version" {
                    flags.insert(word.to_string());
                }
            }
        }
    }
    flags
}

/// The string literals of a Rust source line (good enough for this code:
/// no raw strings with quotes inside).
fn literals(line: &str) -> Vec<&str> {
    line.split('"').skip(1).step_by(2).collect()
}

fn library_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "cli" {
                library_files(&path, out);
            }
        } else if name.ends_with(".rs") && name != "main.rs" && !name.contains("tests") {
            out.push(path);
        }
    }
}

#[test]
fn library_messages_name_no_cli_flag() {
    let flags = cli_flags();
    assert!(
        flags.contains("--min-score") && flags.contains("--batch"),
        "{flags:?}"
    );
    let mut files = Vec::new();
    library_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 20);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests at the end of a file may say how to run cargo.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        for (i, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") || line.contains("cargo test") {
                continue;
            }
            for lit in literals(line) {
                for flag in &flags {
                    let at = lit.find(flag.as_str());
                    let whole = at.is_some_and(|k| {
                        !lit[k + flag.len()..]
                            .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
                    });
                    if whole {
                        found.push(format!("{}:{}: {flag}: {line}", file.display(), i + 1));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "library text names CLI flags:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_description_too_large_gets_the_batch_hint_from_the_cli_only() {
    let big = "insomnia ".repeat(14_000);
    let out = Command::cargo_bin("yongquan")
        .unwrap()
        .arg("match")
        .args(std::iter::repeat_n(&big, 9))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("split it into several descriptions (one description per line with --batch)"),
        "{err}"
    );
    let lib = yongquan::InputError::TooLarge { len: 2, max: 1 }.to_string();
    assert!(!lib.contains("--"), "{lib}");
}

/// The README's library example prints what its comment lines say: the
/// same code, run here.
#[test]
fn the_readme_library_example_prints_what_it_shows() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let block = readme
        .split("```rust\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a rust block in README.md");
    let shown: Vec<&str> = block
        .lines()
        .filter_map(|l| l.strip_prefix("// "))
        .collect();
    let text = "insomnia, night sweats, palpitations, chest pain";
    assert!(block.contains(text), "{block}");
    let matcher = yongquan::Matcher::builtin().unwrap();
    let analysis = matcher.analyze(text).unwrap();
    let mut printed = Vec::new();
    for m in analysis.ranked() {
        let rule = matcher.rules().rule(m.rule);
        printed.push(format!("{} {:.2} KI 1: {}", rule.id, m.score, rule.ki1));
    }
    for flag in &analysis.red_flags {
        printed.push(format!("red flag: {}", flag.message));
    }
    assert_eq!(shown, printed);
}
