//! Authoring rules, as a rule author meets it on the command line:
//! diagnostics for malformed files (one case per directory of
//! `tests/malformed`), `rules check`, `rules test`, `rules new`, `rules show`,
//! user rule directories changing `match`, and the tutorial of
//! `rules/README.md` executed step by step.

use assert_cmd::Command;
use serde_json::Value;
use snapbox::{Data, IntoData};
use std::path::{Path, PathBuf};

fn yq() -> Command {
    let mut c = Command::cargo_bin("yongquan").unwrap();
    c.env("NO_COLOR", "1").env_remove("YONGQUAN_RULES");
    c
}

/// A fresh, empty directory for one test.
fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("rule_authoring")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The `file:line:column: message` headline of every diagnostic in `stderr`.
fn headlines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("  × ").or_else(|| l.strip_prefix("  ⚠ ")))
        .map(str::to_string)
        .collect()
}

/// snapbox's comparison: `[..]` stands for any text in a line, `...` on a
/// line of its own for any lines, and `SNAPSHOTS=overwrite` rewrites an
/// expected file that differs. Without its path filter, which would turn
/// the `\t` a diagnostic quotes into `/t`.
fn snapbox() -> snapbox::Assert {
    snapbox::Assert::new()
        .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
        .normalize_paths(false)
}

// ---- Malformed rule files ------------------------------------------------------

/// Runs one case of `tests/malformed`: `rules check` reports exactly the
/// diagnostics of the case's `expected` (a snapbox snapshot: `[..]` stands
/// for any text in a line, `SNAPSHOTS=overwrite` rewrites it), each located,
/// with a snippet and a hint, and exits with 2; `match` with the directory
/// fails too, prints nothing, and reports (some of) the same errors: nothing
/// of a broken directory is loaded.
fn malformed(case: &str) {
    let dir = format!("tests/malformed/{case}");
    let check = run(yq().args(["rules", "check", &dir]));
    let got = headlines(&check.stderr);
    assert!(!got.is_empty(), "{case}: no diagnostic\n{}", check.stderr);
    // `expected` names the files relative to the case's directory.
    let prefix = format!("{dir}/");
    let relative: String = got
        .iter()
        .map(|g| format!("{}\n", g.strip_prefix(&prefix).unwrap_or(g)))
        .collect();
    let expected = Data::read_from(Path::new(&format!("{dir}/expected")), None);
    if let Err(diff) = snapbox().try_eq(Some(&"rules check"), relative.into_data(), expected) {
        panic!("{case}: {diff}\nfull output:\n{}", check.stderr);
    }
    assert_eq!(check.code, 2, "{case}: exit status");
    assert_eq!(check.stdout, "", "{case}: nothing on standard output");
    let n = got.len();
    let helps = check
        .stderr
        .lines()
        .filter(|l| l.starts_with("  help: "))
        .count();
    assert_eq!(
        helps, n,
        "{case}: every diagnostic has a hint\n{}",
        check.stderr
    );
    // Every diagnostic shows its line with a caret (an empty file has none).
    let lines = n - got
        .iter()
        .filter(|g| g.ends_with(": the file is empty"))
        .count();
    let carets = check.stderr.matches("╰── here").count();
    assert_eq!(
        carets, lines,
        "{case}: every diagnostic shows its line\n{}",
        check.stderr
    );
    let errors = if n == 1 {
        "1 error".to_string()
    } else {
        format!("{n} errors")
    };
    assert!(
        check.stderr.ends_with(&format!(
            "yongquan: {errors} and no warnings in the rule files\n"
        )),
        "{case}: summary\n{}",
        check.stderr
    );

    let m = run(yq().args(["match", "--rules", &dir, "insomnia, restless legs"]));
    assert_eq!(m.code, 2, "{case}: match must fail");
    assert_eq!(m.stdout, "", "{case}: match must not print a result");
    // `match` stops at the first stage with errors: the rule files, then
    // the lexicon (a term shared by two symptoms), where `rules check`
    // reports both stages at once.
    let from_match = headlines(&m.stderr);
    assert!(
        !from_match.is_empty() && from_match.iter().all(|h| got.contains(h)),
        "{case}: match reports\n{}",
        m.stderr
    );
}

macro_rules! malformed {
    ($($test:ident => $case:literal,)*) => {
        $(
            #[test]
            fn $test() {
                malformed($case);
            }
        )*
        const CASES: &[&str] = &[$($case),*];
    };
}

malformed! {
    syntax_missing_comma => "syntax-missing-comma",
    syntax_unclosed_bracket => "syntax-unclosed-bracket",
    syntax_mismatched_bracket => "syntax-mismatched-bracket",
    syntax_unterminated_string => "syntax-unterminated-string",
    syntax_unclosed_comment => "syntax-unclosed-comment",
    syntax_missing_colon => "syntax-missing-colon",
    syntax_trailing_text => "syntax-trailing-text",
    syntax_single_quotes => "syntax-single-quotes",
    syntax_cjk_column => "syntax-cjk-column",
    syntax_empty_file => "syntax-empty-file",
    syntax_every_file => "syntax-every-file",
    type_number_for_text => "type-number-for-text",
    type_text_for_number => "type-text-for-number",
    type_unknown_field => "type-unknown-field",
    type_missing_field => "type-missing-field",
    type_unknown_role => "type-unknown-role",
    type_unknown_expect => "type-unknown-expect",
    type_list_for_map => "type-list-for-map",
    type_text_for_list => "type-text-for-list",
    type_unknown_section => "type-unknown-section",
    type_duplicate_field => "type-duplicate-field",
    type_unknown_category => "type-unknown-category",
    type_every_broken_element => "type-every-broken-element",
    type_section_not_a_list => "type-section-not-a-list",
    sem_unknown_symptom => "sem-unknown-symptom",
    sem_unknown_symptom_against => "sem-unknown-symptom-against",
    sem_duplicate_rule_id => "sem-duplicate-rule-id",
    sem_duplicate_builtin_rule_id => "sem-duplicate-builtin-rule-id",
    sem_duplicate_symptom_id => "sem-duplicate-symptom-id",
    sem_duplicate_term => "sem-duplicate-term",
    sem_duplicate_builtin_term => "sem-duplicate-builtin-term",
    sem_weight_out_of_range => "sem-weight-out-of-range",
    sem_no_symptoms => "sem-no-symptoms",
    sem_unknown_source => "sem-unknown-source",
    sem_no_source => "sem-no-source",
    sem_empty_name => "sem-empty-name",
    sem_empty_pattern_name => "sem-empty-pattern-name",
    sem_empty_term => "sem-empty-term",
    sem_control_char_term => "sem-control-char-term",
    sem_bad_kebab_id => "sem-bad-kebab-id",
    sem_unknown_care => "sem-unknown-care",
    sem_top_zero => "sem-top-zero",
    sem_symptom_and_against => "sem-symptom-and-against",
    sem_duplicate_map_key => "sem-duplicate-map-key",
    sem_bad_grade => "sem-bad-grade",
    sem_every_error => "sem-every-error",
    sem_shared_term_and_unknown_symptom => "sem-shared-term-and-unknown-symptom",
    cascade_broken_definitions => "cascade-broken-definitions",
}

#[test]
fn every_malformed_case_has_a_test() {
    let mut dirs: Vec<String> = std::fs::read_dir("tests/malformed")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    listed.sort();
    assert_eq!(dirs, listed, "add new cases to the malformed! list");
    assert!(CASES.len() >= 30);
}

// ---- User rules change what matches -----------------------------------------

fn top(args: &[&str], text: &str) -> String {
    let out = yq()
        .args(["match", "--format", "json"])
        .args(args)
        .arg(text)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    v["matches"][0]["rule"].as_str().unwrap_or("").to_string()
}

#[test]
fn a_user_rule_directory_changes_match_results() {
    let text = "restless legs at night, can't sleep";
    assert_eq!(top(&[], text), "heart-kidney-yin-deficiency");
    assert_eq!(
        top(&["--rules", "tests/user-rules"], text),
        "restless-legs-insomnia"
    );
    // The same through the environment.
    let out = yq()
        .env("YONGQUAN_RULES", "tests/user-rules")
        .args(["match", "--format", "json", text])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matches"][0]["rule"], "restless-legs-insomnia");
    // The same directory in both, or twice, loads once (it used to clash
    // with itself).
    let out = yq()
        .env("YONGQUAN_RULES", "tests/user-rules")
        .args(["match", "--format", "json", text])
        .args([
            "--rules",
            "tests/user-rules",
            "--rules",
            "tests/user-rules/",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matches"][0]["rule"], "restless-legs-insomnia");
    // A built-in description still goes to its built-in rule.
    assert_eq!(
        top(
            &["--rules", "tests/user-rules"],
            "headache, tinnitus, high blood pressure"
        ),
        "liver-yang-rising"
    );
}

#[test]
fn a_clash_with_a_builtin_rule_names_both_files_unless_overridden() {
    let dir = tmp("override");
    let shown = run(yq().args(["rules", "show", "infantile-diarrhoea"]));
    assert_eq!(shown.code, 0);
    // Same rule, one more example: saved as a file of its own.
    let edited = shown.stdout.replace(
        "        examples: [",
        "        examples: [\n            (\n                text: \"baby has watery stools\",\n                expect: First,\n            ),",
    );
    assert_ne!(edited, shown.stdout);
    std::fs::write(dir.join("infantile-diarrhoea.ron"), &edited).unwrap();
    let d = dir.to_str().unwrap();

    let clash = run(yq().args(["rules", "check", d]));
    assert_eq!(clash.code, 2);
    let got = headlines(&clash.stderr);
    assert_eq!(got.len(), 1, "{}", clash.stderr);
    snapbox().eq(
        got[0].as_str(),
        format!("{d}/infantile-diarrhoea.ron:[..]: rule `infantile-diarrhoea` is already defined at rules/infantile-diarrhoea.ron:[..]")
    );

    let ok = run(yq().args(["rules", "check", "--override", d]));
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let list = run(yq().args(["rules", "list", "--override", "--rules", d]));
    let line = list
        .stdout
        .lines()
        .find(|l| l.starts_with("infantile-diarrhoea "))
        .unwrap();
    assert!(
        line.contains(&format!("{d}/infantile-diarrhoea.ron")),
        "{line}"
    );
    let test = run(yq().args(["rules", "test", "--override", d]));
    assert_eq!(test.code, 0, "{}", test.stdout);
    assert!(test.stdout.ends_with(" passed, 0 failed\n"));
}

// ---- rules check ------------------------------------------------------------

#[test]
fn check_is_clean_on_the_builtin_rules() {
    let out = run(yq().args(["rules", "check", "--deny-warnings"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert!(out.stdout.starts_with("ok: "), "{}", out.stdout);
}

#[test]
fn warnings_are_reported_and_fatal_only_when_denied() {
    let dir = tmp("warnings");
    let text = std::fs::read_to_string("tests/user-rules/restless-legs.ron")
        .unwrap()
        .replace(
            "    rules: [",
            "    rules: [\n        (id: \"copy\", pattern: (en: \"Copy\", zh: \"複製\"), function: \"f\", symptoms: { \"restless-legs\": Minor }, sources: [\"seed\"], examples: [(text: \"restless legs\", expect: NoMatch)]),",
        );
    std::fs::write(dir.join("rules.ron"), text).unwrap();
    let d = dir.to_str().unwrap();

    let out = run(yq().args(["rules", "check", d]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        headlines(&out.stderr),
        [format!("{d}/rules.ron:16:14: rule `copy` can never rank first: each of its symptoms is also a symptom of `restless-legs-insomnia` ({d}/rules.ron) with at least the same weight")]
    );
    assert!(out.stderr.contains("  ⚠ "));
    assert!(out.stdout.ends_with(": 1 warning\n"), "{}", out.stdout);

    let denied = run(yq().args(["rules", "check", "--deny-warnings", d]));
    assert_eq!(denied.code, 2);
    assert_eq!(headlines(&denied.stderr), headlines(&out.stderr));
    assert!(denied.stderr.contains("made an error by --deny-warnings"));
    assert_eq!(denied.stdout, "");
}

#[test]
fn check_reports_a_missing_directory() {
    let out = run(yq().args(["rules", "check", "tests/no-such-dir"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("tests/no-such-dir"), "{}", out.stderr);
}

// ---- rules test ----------------------------------------------------------------

#[test]
fn every_builtin_rule_example_passes() {
    let out = run(yq().args(["rules", "test"]));
    // Print the failures, if any, with their rankings.
    print!("{}", out.stdout);
    let last = out.stdout.lines().last().unwrap_or("");
    let (passed, failed) = last
        .split_once(" passed, ")
        .and_then(|(p, f)| {
            Some((
                p.parse::<usize>().ok()?,
                f.strip_suffix(" failed")?.parse::<usize>().ok()?,
            ))
        })
        .unwrap_or_else(|| panic!("no summary line: {last:?}"));
    assert_eq!(failed, 0, "failing built-in examples:\n{}", out.stdout);
    assert!(
        passed >= 7 * 3,
        "every built-in rule has at least 3 examples"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn builtin_rules_have_chinese_negated_and_no_match_examples() {
    let rb = yongquan::RuleBase::builtin().unwrap();
    let negation = [
        "no ", "not ", "n't ", "without ", "沒", "没", "不", "無", "无",
    ];
    let mut problems = Vec::new();
    for rule in rb.rules() {
        let texts: Vec<&str> = rule.examples.iter().map(|e| e.text.as_str()).collect();
        if texts.len() < 4 {
            problems.push(format!(
                "{}: {} examples, fewer than 4",
                rule.id,
                texts.len()
            ));
        }
        if !texts
            .iter()
            .any(|t| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        {
            problems.push(format!("{}: no Chinese example", rule.id));
        }
        if !texts
            .iter()
            .any(|t| negation.iter().any(|n| t.to_lowercase().contains(n)))
        {
            problems.push(format!("{}: no example with a negation", rule.id));
        }
        // A differential says what it must not take: a description that
        // must not rank it (issue 10).
        if !rule.ki1
            && !rule
                .examples
                .iter()
                .any(|e| matches!(e.expect, yongquan::rules::schema::Expect::NoMatch))
        {
            problems.push(format!("{}: no NoMatch example", rule.id));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

// ---- rules list and show ---------------------------------------------------------

#[test]
fn list_shows_counts_and_origins() {
    let out = run(yq().args(["rules", "list", "--rules", "tests/user-rules"]));
    assert_eq!(out.code, 0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("ID "), "{}", lines[0]);
    let mine = lines
        .iter()
        .find(|l| l.starts_with("restless-legs-insomnia "))
        .unwrap();
    let cols: Vec<&str> = mine.split_whitespace().collect();
    assert_eq!(
        &cols[..5],
        [
            "restless-legs-insomnia",
            "yes",
            "2",
            "1",
            "tests/user-rules/restless-legs.ron"
        ]
    );
    // The KI1 column: built-in differentials say "no".
    let diff = lines
        .iter()
        .find(|l| l.starts_with("liver-qi-stagnation "))
        .unwrap();
    assert_eq!(diff.split_whitespace().nth(1), Some("no"), "{diff}");
}

#[test]
fn show_prints_where_the_rule_was_loaded_from() {
    let out = run(yq().args([
        "rules",
        "show",
        "--rules",
        "tests/user-rules",
        "restless-legs-insomnia",
    ]));
    assert!(
        out.stdout.starts_with(
            "// restless-legs-insomnia (loaded from tests/user-rules/restless-legs.ron:17:17)\n"
        ),
        "{}",
        out.stdout
    );
    let json = run(yq().args([
        "rules",
        "show",
        "--format",
        "json",
        "--rules",
        "tests/user-rules",
        "restless-legs-insomnia",
    ]));
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["origin"], "tests/user-rules/restless-legs.ron");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(17), Some(17))
    );
    assert_eq!(v["rule"]["symptoms"]["restless-legs"], "Key");
}

// ---- The tutorial in rules/README.md ------------------------------------------

/// One step of the tutorial.
enum Step {
    /// `$ command` and the output it must print (stdout, then stderr).
    Command {
        line: String,
        status: i32,
        output: Vec<String>,
    },
    /// A ```ron file=PATH block: the content of PATH.
    Write { path: String, text: String },
}

const TUTORIAL: &str = "## Add your first rule in five minutes";

/// The steps of the tutorial section: its ```console blocks (commands and
/// their output) and its ```ron file=PATH blocks (files to write).
fn tutorial_steps(readme: &str) -> Vec<Step> {
    let start = readme.find(TUTORIAL).expect("tutorial section");
    let section = &readme[start + TUTORIAL.len()..];
    let section = section.find("\n## ").map_or(section, |end| &section[..end]);
    let mut steps = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let fence = line.trim_start();
        let indent = line.len() - fence.len();
        let Some(info) = fence.strip_prefix("```") else {
            continue;
        };
        let mut body = Vec::new();
        for l in lines.by_ref() {
            if l.trim_start() == "```" {
                break;
            }
            body.push(l.get(indent..).unwrap_or(l.trim_start()).to_string());
        }
        if let Some(path) = info.strip_prefix("ron file=") {
            steps.push(Step::Write {
                path: path.trim().to_string(),
                text: body.join("\n") + "\n",
            });
        } else if info == "console" {
            for l in body {
                if let Some(cmd) = l.strip_prefix("$ ") {
                    let (line, status) = match cmd.split_once("  # exit status ") {
                        Some((c, s)) => (c.trim_end().to_string(), s.trim().parse().unwrap()),
                        None => (cmd.to_string(), 0),
                    };
                    steps.push(Step::Command {
                        line,
                        status,
                        output: Vec::new(),
                    });
                } else if let Some(Step::Command { output, .. }) = steps.last_mut() {
                    output.push(l);
                }
            }
        }
    }
    steps
}

/// Splits a command line into words; double quotes group words.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

fn trimmed(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

#[test]
fn the_tutorial_works_as_written() {
    let readme = std::fs::read_to_string("rules/README.md").unwrap();
    let steps = tutorial_steps(&readme);
    assert!(steps.len() >= 6, "the tutorial has {} steps", steps.len());
    let dir = tmp("tutorial");
    for step in steps {
        match step {
            Step::Write { path, text } => std::fs::write(dir.join(path), text).unwrap(),
            Step::Command {
                line,
                status,
                output,
            } => {
                let w = words(&line);
                let got = match w[0].as_str() {
                    "mkdir" => {
                        std::fs::create_dir_all(dir.join(&w[1])).unwrap();
                        Run {
                            code: 0,
                            stdout: String::new(),
                            stderr: String::new(),
                        }
                    }
                    "rm" => {
                        std::fs::remove_file(dir.join(&w[1])).unwrap();
                        Run {
                            code: 0,
                            stdout: String::new(),
                            stderr: String::new(),
                        }
                    }
                    "yongquan" => run(yq().current_dir(&dir).args(&w[1..])),
                    other => panic!("the tutorial runs `{other}`, which this test cannot run"),
                };
                let all = got.stdout.clone() + &got.stderr;
                let expected: Vec<&str> = output.iter().map(|l| l.trim_end()).collect();
                let expected = trimmed_slice(&expected).join("\n");
                if let Err(diff) = snapbox().try_eq(
                    Some(&format!("`$ {line}`")),
                    trimmed(&all).join("\n").into_data(),
                    expected.into_data(),
                ) {
                    panic!("`$ {line}` does not print what rules/README.md shows:\n{diff}");
                }
                assert_eq!(got.code, status, "`$ {line}`: exit status\n{all}");
            }
        }
    }
}

fn trimmed_slice<'a>(lines: &'a [&'a str]) -> &'a [&'a str] {
    let mut end = lines.len();
    while end > 0 && lines[end - 1].is_empty() {
        end -= 1;
    }
    &lines[..end]
}

#[test]
fn command_lines_split_into_words() {
    assert_eq!(
        words("yongquan match \"a b\" c"),
        ["yongquan", "match", "a b", "c"]
    );
}
