//! Every `$ yongquan …` example in README.md (and `$ echo … | yongquan …`)
//! is run, and every output line
//! the README shows must appear, in order, in the real output (lines of `…`
//! mark elisions). So the manual cannot drift from the program.

use std::path::Path;
use std::process::Command;

struct Example {
    command: String,
    expected: Vec<String>,
    line: usize,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_console = false;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```console") {
            in_console = true;
            continue;
        }
        if line.starts_with("```") {
            in_console = false;
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push(Example {
                command: cmd.to_string(),
                expected: Vec::new(),
                line: i + 1,
            });
        } else if let Some(ex) = out.last_mut() {
            ex.expected.push(line.trim_end().to_string());
        }
    }
    out
}

#[test]
fn readme_examples_run_as_shown() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_yongquan")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let examples: Vec<Example> = examples(&readme)
        .into_iter()
        .filter(|e| {
            e.command.starts_with("yongquan")
                || (e.command.starts_with("echo ") && e.command.contains("| yongquan "))
        })
        .collect();
    assert!(
        examples.len() >= 10,
        "README has {} examples",
        examples.len()
    );
    let mut failures = Vec::new();
    for ex in &examples {
        let out = Command::new("sh")
            .arg("-c")
            .arg(&ex.command)
            .current_dir(root)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let actual = String::from_utf8_lossy(&out.stdout).to_string();
        let lines: Vec<&str> = actual.lines().map(str::trim_end).collect();
        let mut at = 0;
        for want in ex
            .expected
            .iter()
            .filter(|l| !l.is_empty() && !l.contains('…'))
        {
            match lines[at..].iter().position(|l| l == want) {
                Some(p) => at += p + 1,
                None => {
                    failures.push(format!(
                        "README.md:{}: `{}`: line not found in order:\n  {want}\nactual output:\n{actual}",
                        ex.line, ex.command
                    ));
                    break;
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
