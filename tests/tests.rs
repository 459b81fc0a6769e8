//! The integration tests, one module per concern, built as one binary (as
//! ripgrep does: `autotests = false` in Cargo.toml) so that a change to the
//! library relinks one test executable instead of one per file. Run one
//! file's tests with `cargo test --test integration NAME::`, for example
//! `cargo test --test integration rule_authoring::`.
//!
//! Code shared with the fuzz targets and the benches stays in `tests/shared/`
//! and is included with `#[path]` by the module that uses it (a `#[path]`
//! outside an inline `mod { }` block is resolved from the file's own
//! directory, so `tests/`), or here, once, when several modules use it.

mod accuracy;
mod bad_input;
mod batch;
mod blind_assertion;
mod blind_differential;
mod builtin_snapshot;
mod chinese_output;
mod cli;
mod cli_hardening;
mod conventions;
mod fuzz_regressions;
/// Deterministic lexicons and queries, also used by the benches.
#[path = "shared/gen.rs"]
mod gen;
mod index;
mod json_contract;
mod large_rules;
mod library_surface;
mod pathological;
mod properties;
mod readme;
mod real_writing;
mod red_flags;
mod rule_authoring;
mod rule_dirs;
mod seed;
mod triage;
mod unicode_input;
mod util;
