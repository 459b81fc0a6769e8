//! A large generated rule base, for `benches/large_rules.rs` and
//! `tests/large_rules.rs` (both include this file with `#[path]`): the
//! shape `yongquan rules check DIR` was measured on in issue 12.

#![allow(dead_code)]

use std::fmt::Write as _;

/// Symptoms per generated rule.
pub const PER_RULE: usize = 100;

/// Rule files (name, RON text) for one symptom per term of `terms` (give
/// distinct pseudo-words, `bench/gen`'s `terms`): `sources.ron` with the one
/// source they cite, then one `large-NNNN.ron` per rule holding the rule and
/// its [`PER_RULE`] symptoms (`large-NNNN-SSS`, one per line). Each rule has
/// five `Key` symptoms, the others `Supporting`, a care item and one
/// example, so the files load without errors or warnings of their own.
pub fn rule_files(terms: &[String]) -> Vec<(String, String)> {
    let mut files = vec![(
        "sources.ron".to_string(),
        "(\n    sources: {\n        \"large-bench\": (title: \"Generated rule base\", url: \"benches/support/large_rule_base.rs\", grade: \"C\"),\n    },\n)\n"
            .to_string(),
    )];
    for (r, chunk) in terms.chunks(PER_RULE).enumerate() {
        let rule = format!("large-{:04}", r + 1);
        let ids: Vec<String> = (1..=chunk.len())
            .map(|i| format!("{rule}-{i:03}"))
            .collect();
        let mut out = String::from(
            "#![enable(implicit_some)]\n// Generated: benchmark data, not medicine.\n(\n    symptoms: [\n",
        );
        for (id, term) in ids.iter().zip(chunk) {
            let _ = writeln!(
                out,
                "        (id: \"{id}\", name: \"Generated {id}\", zh: \"生成\", category: Symptom, terms: [\"{term}\"], sources: [\"large-bench\"]),"
            );
        }
        let _ = write!(
            out,
            "    ],\n    rules: [\n        (\n            id: \"{rule}\",\n            pattern: (en: \"Generated pattern {}\", zh: \"生成證型\"),\n            function: \"benchmark\",\n            symptoms: {{\n",
            r + 1
        );
        for (i, id) in ids.iter().enumerate() {
            let role = if i < 5 { "Key" } else { "Supporting" };
            let _ = writeln!(out, "                \"{id}\": {role},");
        }
        let _ = write!(
            out,
            "            }},\n            care: [\"ki1-location\"],\n            sources: [\"large-bench\"],\n            examples: [(text: \"{}\", expect: First)],\n        ),\n    ],\n)\n",
            chunk[0]
        );
        files.push((format!("{rule}.ron"), out));
    }
    files
}
