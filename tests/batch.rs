//! `yongquan match --batch`: one JSON object per input line, in order, with
//! per-line errors, JSON Lines input, standard input, and exit codes.

use assert_cmd::Command;
use serde_json::Value;
use std::io::{Read, Write};

fn yq() -> Command {
    let mut c = Command::cargo_bin("yongquan").unwrap();
    c.env("NO_COLOR", "1");
    c
}

/// Runs `match --batch -` (plus `args`) on `input`: (exit code, one JSON
/// value per output line, stderr).
pub(crate) fn batch(input: &[u8], args: &[&str]) -> (i32, Vec<Value>, String) {
    let out = yq()
        .args(["match", "--batch", "-"])
        .args(args)
        .write_stdin(input.to_vec())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let values = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (
        out.status.code().unwrap(),
        values,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const CARDS: [&str; 4] = [
    "insomnia, night sweats",
    "headache, tinnitus, high blood pressure",
    "chronic sore throat, dry mouth, low back pain",
    "passed out, cold limbs",
];

mod order {
    use super::*;

    #[test]
    fn every_line_answers_its_input_line_across_chunks() {
        // More lines than one chunk (1 024), each different, analysed in
        // parallel: the output keeps the input order.
        let lines: Vec<String> = (0..2_500)
            .map(|i| format!("{} {i}", CARDS[i % CARDS.len()]))
            .collect();
        let (code, out, _) = batch(lines.join("\n").as_bytes(), &[]);
        assert_eq!(code, 0);
        assert_eq!(out.len(), lines.len());
        for (i, (v, text)) in out.iter().zip(&lines).enumerate() {
            assert_eq!(v["line"], i + 1);
            assert_eq!(v["input"], text.as_str());
        }
    }

    #[test]
    fn each_object_is_the_match_json_contract_plus_line() {
        // Every built-in rule on top once (each with its own care list,
        // which the batch renders once per rule), and a line nothing matches;
        // with each --care and --detail (the batch's defaults are `ids` and
        // `compact`, a single match's `full` and `full`).
        let texts = [
            &CARDS[..],
            &[
                "cold lower back, pale face, getting up at night to pee",
                "sudden sore swollen throat, hurts to swallow",
                "my 2yo has watery stools",
                "purple elephants",
            ],
        ]
        .concat();
        for (care, detail) in [
            ("ids", "compact"),
            ("full", "compact"),
            ("none", "compact"),
            ("ids", "full"),
        ] {
            let options = ["--care", care, "--detail", detail];
            let (_, out, _) = batch(texts.join("\n").as_bytes(), &options);
            assert_eq!(out.len(), texts.len());
            for (i, (v, text)) in out.into_iter().zip(&texts).enumerate() {
                let single = yq()
                    .args(["match", "--format", "json", text])
                    .args(options)
                    .output()
                    .unwrap();
                let single: Value = serde_json::from_slice(&single.stdout).unwrap();
                let mut v = v;
                assert_eq!(v["line"], i + 1);
                v.as_object_mut().unwrap().remove("line");
                assert_eq!(v, single, "{text}");
            }
        }
    }

    #[test]
    fn output_is_compact_one_object_per_line() {
        let out = yq()
            .args(["match", "--batch", "-"])
            .write_stdin(CARDS.join("\n"))
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.lines().count(), CARDS.len());
        assert!(stdout.ends_with("}\n"));
        assert!(!stdout.contains("\n "), "not pretty-printed");
    }

    #[test]
    fn top_and_min_score_apply_to_every_line() {
        let (_, out, _) = batch(CARDS.join("\n").as_bytes(), &["--top", "1"]);
        assert!(out
            .iter()
            .all(|v| v["matches"].as_array().unwrap().len() == 1));
        let (code, out, _) = batch(CARDS[..3].join("\n").as_bytes(), &["--min-score", "1"]);
        assert_eq!(code, 1, "no rule reaches a score of 1");
        assert!(out
            .iter()
            .all(|v| v["matches"].as_array().unwrap().is_empty()));
        // "passed out": no rule shown, but an emergency is a hit.
        let (code, out, _) = batch(CARDS[3].as_bytes(), &["--min-score", "1"]);
        assert_eq!(code, 0);
        assert!(!out[0]["red_flags"].as_array().unwrap().is_empty());
    }

    #[test]
    fn crlf_line_ends_and_a_byte_order_mark_are_not_part_of_the_text() {
        let (_, out, _) = batch(b"\xef\xbb\xbfinsomnia\r\nnight sweats\r\n", &[]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0]["input"], "insomnia");
        assert_eq!(out[1]["input"], "night sweats");
    }

    #[test]
    fn a_missing_final_newline_and_a_trailing_one_give_the_same_lines() {
        let (_, a, _) = batch(b"insomnia\nnight sweats", &[]);
        let (_, b, _) = batch(b"insomnia\nnight sweats\n", &[]);
        assert_eq!(a, b);
        assert_eq!(a.len(), 2);
    }
}

mod bad_lines {
    use super::*;

    #[test]
    fn invalid_utf8_mid_file_is_an_error_for_that_line_only() {
        let input = b"insomnia, night sweats\nnight \xff\xfe sweats\npassed out, cold limbs\n";
        let (code, out, stderr) = batch(input, &[]);
        assert_eq!(code, 0);
        assert_eq!(out.len(), 3);
        assert_eq!(out[1]["line"], 2);
        let error = out[1]["error"].as_str().unwrap();
        assert!(
            error.contains("UTF-8") && error.contains("byte 6"),
            "{error}"
        );
        assert!(out[1].get("input").is_none());
        assert_eq!(out[2]["line"], 3);
        assert_eq!(out[2]["input"], "passed out, cold limbs");
        assert!(
            stderr.contains("3 lines, 2 matched, 1 error in"),
            "{stderr}"
        );
    }

    #[test]
    fn a_line_over_the_limit_is_an_error_and_the_next_line_is_read() {
        let mut input = b"insomnia\n".to_vec();
        input.extend(std::iter::repeat_n(b'a', yongquan::MAX_INPUT_BYTES + 10));
        input.extend_from_slice(b"\nnight sweats\n");
        let (_, out, _) = batch(&input, &[]);
        assert_eq!(out.len(), 3);
        let error = out[1]["error"].as_str().unwrap();
        assert!(
            error.contains(&(yongquan::MAX_INPUT_BYTES + 10).to_string()),
            "{error}"
        );
        assert_eq!(out[2]["input"], "night sweats");
    }

    #[test]
    fn a_blank_line_is_an_empty_description_error() {
        let (_, out, _) = batch(b"insomnia\n\n   \nnight sweats\n", &[]);
        assert_eq!(out.len(), 4);
        for v in &out[1..3] {
            assert!(v["error"].as_str().unwrap().contains("empty"), "{v}");
        }
        assert_eq!(out[3]["line"], 4);
    }
}

mod jsonl {
    use super::*;

    #[test]
    fn ids_are_echoed_as_given() {
        let input = concat!(
            r#"{"id": "case-1", "text": "insomnia, night sweats"}"#,
            "\n",
            r#"{"id": 42, "text": "passed out, cold limbs", "extra": true}"#,
            "\n",
            r#"{"text": "headache, tinnitus"}"#,
            "\n",
            r#"{"id": 12345678901234567890123, "text": "insomnia"}"#,
            "\n",
            r#"{"id": 1.50, "text": "insomnia"}"#,
            "\n",
        );
        let (code, out, _) = batch(input.as_bytes(), &["--jsonl"]);
        assert_eq!(code, 0);
        // Echoed digit for digit, not through f64 (a reviewer found
        // 1.2345678901234568e+22 and 1.5).
        let raw = yq()
            .args(["match", "--batch", "-", "--jsonl"])
            .write_stdin(input)
            .output()
            .unwrap();
        let raw = String::from_utf8(raw.stdout).unwrap();
        assert!(raw.contains(r#""id":12345678901234567890123,"#), "{raw}");
        assert!(raw.contains(r#""id":1.50,"#), "{raw}");
        assert_eq!(out[0]["id"], "case-1");
        assert_eq!(out[0]["input"], "insomnia, night sweats");
        assert_eq!(out[1]["id"], 42);
        assert_eq!(out[2]["id"], Value::Null);
        assert_eq!(out[2]["line"], 3);
    }

    #[test]
    fn bad_json_and_missing_text_are_errors_for_their_line() {
        let input = concat!(
            r#"{"id": "a", "text": "insomnia"}"#,
            "\n",
            "not json\n",
            r#"{"id": "c", "text": 7}"#,
            "\n",
            r#"["insomnia"]"#,
            "\n",
            r#"{"id": "e", "text": "night sweats"}"#,
            "\n",
        );
        let (_, out, _) = batch(input.as_bytes(), &["--jsonl"]);
        assert_eq!(out.len(), 5);
        assert!(out[1]["error"].as_str().unwrap().contains("not valid JSON"));
        assert_eq!(out[2]["id"], "c");
        assert!(out[2]["error"].as_str().unwrap().contains("\"text\""));
        assert!(out[3]["error"].as_str().unwrap().contains("\"text\""));
        assert_eq!(out[4]["id"], "e");
        assert_eq!(out[4]["input"], "night sweats");
    }
}

mod io {
    use super::*;

    #[test]
    fn reads_a_file_as_well_as_standard_input() {
        let dir = std::env::temp_dir().join(format!("yongquan-batch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("cases.txt");
        std::fs::write(&file, CARDS.join("\n")).unwrap();
        let from_file = yq().args(["match", "--batch"]).arg(&file).output().unwrap();
        let (_, from_stdin, _) = batch(CARDS.join("\n").as_bytes(), &[]);
        let from_file: Vec<Value> = String::from_utf8(from_file.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(from_file, from_stdin);
        // `--batch` with no FILE reads standard input too.
        let bare = yq()
            .args(["match", "--batch"])
            .write_stdin(CARDS.join("\n"))
            .output()
            .unwrap();
        let bare: Vec<Value> = String::from_utf8(bare.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(bare, from_stdin);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn exit_codes() {
        // 0: some line matched.
        assert_eq!(batch(b"xyzzy\ninsomnia, night sweats\n", &[]).0, 0);
        // 0: an emergency alone, as for one `match`.
        assert_eq!(batch(b"xyzzy\nhypertensive crisis\n", &[]).0, 0);
        // 1: no line matched and every line was read (or there was none).
        assert_eq!(batch(b"xyzzy\nhello\n", &[]).0, 1);
        assert_eq!(batch(b"", &[]).0, 1);
        // 2: no line matched and some could not be analysed (a file in the
        // wrong encoding must not read as "nothing matched").
        let (code, out, stderr) = batch(b"xyzzy\n\n\xff\n", &[]);
        assert_eq!((code, out.len()), (2, 3));
        assert!(
            stderr.contains("2 of 3 lines could not be analysed"),
            "{stderr}"
        );
        // 2: the input cannot be read.
        yq().args(["match", "--batch", "/nonexistent/cases.txt"])
            .assert()
            .code(2)
            .stdout("");
        let dir = std::env::temp_dir();
        yq().args(["match", "--batch"]).arg(dir).assert().code(2);
    }

    #[test]
    fn the_summary_goes_to_stderr() {
        let (_, out, stderr) = batch(b"insomnia, night sweats\nxyzzy\n\n", &[]);
        assert_eq!(out.len(), 3);
        assert!(
            stderr.contains("3 lines, 1 matched, 1 error in") && stderr.contains("lines/s"),
            "{stderr}"
        );
        assert!(
            !stderr.contains('\u{1b}'),
            "no progress bar when stderr is not a terminal"
        );
    }

    #[test]
    fn a_closed_stdout_ends_the_batch_quietly() {
        let input: String = (0..20_000)
            .map(|i| format!("insomnia, night sweats {i}\n"))
            .collect();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("yongquan"))
            .args(["match", "--batch", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            // The batch may stop reading once stdout is closed.
            let _ = stdin.write_all(input.as_bytes());
        });
        let mut first = [0u8; 64];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is dropped here: the next write fails with EPIPE.
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("error"), "{stderr}");
    }
}
