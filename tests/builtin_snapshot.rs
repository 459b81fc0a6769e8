//! The built-in rules ship compiled (`rules/builtin.bin`, loaded at start
//! without parsing RON). This test fails when the snapshot is stale — when
//! `rules/*.ron` or the compiler changed — and rewrites it when run with
//! `YONGQUAN_BLESS=1 cargo test --test builtin_snapshot`.

use yongquan::matcher::{BUILTIN_FUZZY_SNAPSHOT, BUILTIN_HAN_SNAPSHOT, BUILTIN_SNAPSHOT};
use yongquan::Matcher;

#[test]
fn the_builtin_snapshot_is_what_the_rules_compile_to() {
    let fresh = Matcher::compile_builtin().expect("the built-in rules are valid");
    let bytes = fresh.to_snapshot();
    let [han, fuzzy] = fresh.index_snapshots();
    if std::env::var_os("YONGQUAN_BLESS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/builtin.bin");
        std::fs::write(path, &bytes).unwrap();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/builtin-han.bin");
        std::fs::write(path, &han).unwrap();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/builtin-fuzzy.bin");
        std::fs::write(path, &fuzzy).unwrap();
        return;
    }
    assert!(
        bytes == BUILTIN_SNAPSHOT && han == BUILTIN_HAN_SNAPSHOT && fuzzy == BUILTIN_FUZZY_SNAPSHOT,
        "rules/builtin*.bin are stale: run \
         `YONGQUAN_BLESS=1 cargo test --test builtin_snapshot` and commit them"
    );
}

#[test]
fn the_snapshot_matches_exactly_like_the_sources() {
    let fresh = Matcher::compile_builtin().unwrap();
    let snap = Matcher::from_snapshot(&fresh.to_snapshot()).expect("round trip");
    for text in [
        "insomnia, nigth sweats, no palpitations",
        "頭痛，耳鳴，血壓 165/100",
        "she fainted, cold sweat, icy hands",
        "denies headache, dizziness or tinnitus",
        "最近老是失民，晚上盗汉，shimian",
        "insomina, nightsweats, palpitaions",
    ] {
        let a = fresh.analyze(text).unwrap();
        let b = snap.analyze(text).unwrap();
        let show = |m: &Matcher, x: &yongquan::Analysis| {
            let v = yongquan::report::json(m, x, Default::default());
            serde_json::to_string(&v).unwrap()
        };
        assert_eq!(show(&fresh, &a), show(&snap, &b), "{text}");
        // The built-in matcher decodes its Chinese index instead of building it.
        let builtin = Matcher::builtin().unwrap();
        let c = builtin.analyze(text).unwrap();
        assert_eq!(show(&fresh, &a), show(&builtin, &c), "{text}");
    }
    assert!(Matcher::from_snapshot(b"not a snapshot").is_none());
}
