//! Loading large rule bases (divan): `cargo bench --bench large_rules`.
//!
//! The built-in rules plus a generated directory of `n` symptoms (one
//! pseudo-word term each, `bench/gen`), in rules of 100 symptoms, one file
//! per rule (`tests/shared/large_rule_base.rs`), as `--rules DIR` loads
//! them. Two costs, at 5 000, 20 000 and 100 000 symptoms:
//!
//! - `load_for_match`: build and validate the rule base, then the lexicon
//!   (what `yongquan match --rules DIR` pays before reading its input);
//! - `load_for_check`: [`yongquan::check::rule_files`], the same plus every
//!   warning, the near-duplicate terms included (what `yongquan rules check
//!   DIR` pays before printing).
//!
//! The same directories for timing the binary end to end:
//! `LARGE_RULES_DIR=/tmp/large cargo bench --bench large_rules` writes
//! `/tmp/large/{5000,20000,100000}` and exits without benchmarking.
//! Results, with dates and commands, are kept in `bench/RESULTS.md`.

#[path = "../tests/shared/gen.rs"]
mod gen;
#[path = "../tests/shared/large_rule_base.rs"]
mod large_rule_base;

use divan::Bencher;
use std::path::{Path, PathBuf};
use yongquan::lexicon::Lexicon;
use yongquan::{LoadOptions, RuleBase, RuleSource};

const SIZES: [usize; 3] = [5_000, 20_000, 100_000];

fn main() {
    if let Some(root) = std::env::var_os("LARGE_RULES_DIR") {
        for n in SIZES {
            let dir = Path::new(&root).join(n.to_string());
            write_rule_base(&dir, n).expect("write the generated rules");
            println!("{}: {n} symptoms", dir.display());
        }
        return;
    }
    divan::main();
}

/// Writes `n` generated symptoms into `dir` (created, emptied of `.ron`
/// files first), as [`large_rule_base::rule_files`] lays them out.
fn write_rule_base(dir: &Path, n: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "ron") {
            std::fs::remove_file(path)?;
        }
    }
    for (name, text) in large_rule_base::rule_files(&gen::terms(n, 11)) {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// The built-in rule files and a generated directory of `n` symptoms.
fn sources(n: usize) -> Vec<RuleSource> {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("yongquan-large-rules-{}-{n}", std::process::id()));
    write_rule_base(&dir, n).expect("write the generated rules");
    let mut sources = RuleSource::builtin();
    sources.extend(RuleSource::from_dir(&dir).expect("read the generated rules"));
    let _ = std::fs::remove_dir_all(&dir);
    sources
}

fn load(sources: &[RuleSource]) -> (RuleBase, Lexicon) {
    let rules = RuleBase::build(sources, LoadOptions::default()).expect("generated rules load");
    let lexicon = Lexicon::build(&rules).expect("generated terms are distinct");
    (rules, lexicon)
}

/// Rule base and lexicon: what `match --rules DIR` pays.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn load_for_match(bencher: Bencher, n: usize) {
    let sources = sources(n);
    bencher.bench_local(|| load(&sources).1.terms().len());
}

/// Rule base, lexicon and every warning: what `rules check DIR` pays.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn load_for_check(bencher: Bencher, n: usize) {
    let sources = sources(n);
    bencher.bench_local(|| {
        let checked = yongquan::check::rule_files(&sources, LoadOptions::default());
        assert!(checked.errors.is_empty(), "generated rules load");
        checked.warnings.len()
    });
}
