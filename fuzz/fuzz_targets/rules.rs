//! The rule loader and validator on arbitrary text as one RON rule file;
//! when it validates, the lexicon is built and a fixed description and the
//! rules' own terms are analysed and rendered (see `tests/shared/fuzz/rules.rs`). Any
//! panic is a bug; errors are expected.

#![no_main]

#[path = "../../tests/shared/fuzz/rules.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::check(data));
