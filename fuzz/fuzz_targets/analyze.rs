//! The free-text pipeline on arbitrary bytes: analyse, then render the human
//! report, the full explanation and the JSON contract, checking the span and
//! score invariants on the way (see `tests/shared/fuzz/analyze.rs`). Any panic is a bug.

#![no_main]

#[path = "../../tests/shared/fuzz/analyze.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use yongquan::Matcher;

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| Matcher::builtin().expect("the built-in rules load"))
}

fuzz_target!(|data: &[u8]| checks::check(matcher(), data));
