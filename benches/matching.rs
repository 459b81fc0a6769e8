//! Benchmarks (divan): `cargo bench`. Filled in by issue 4.

fn main() {
    divan::main();
}

#[divan::bench]
fn builtin_rule_load() -> yongquan::Matcher {
    yongquan::Matcher::builtin().unwrap()
}
