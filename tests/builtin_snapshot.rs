//! The built-in rules ship compiled (`rules/builtin.bin`, loaded at start
//! without parsing RON). This test fails when the snapshot is stale — when
//! `rules/*.ron` or the compiler changed — and snapbox rewrites it when run
//! with `SNAPSHOTS=overwrite cargo test --test integration builtin_snapshot::`.

use snapbox::{assert_data_eq, file, Data};
use yongquan::Matcher;

#[test]
fn the_builtin_snapshot_is_what_the_rules_compile_to() {
    let fresh = Matcher::compile_builtin().expect("the built-in rules are valid");
    let [han, fuzzy] = fresh.index_snapshots();
    assert_data_eq!(
        Data::binary(fresh.to_snapshot()),
        file!["../rules/builtin.bin": Binary]
    );
    assert_data_eq!(Data::binary(han), file!["../rules/builtin-han.bin": Binary]);
    assert_data_eq!(
        Data::binary(fuzzy),
        file!["../rules/builtin-fuzzy.bin": Binary]
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
