//! `rasd analyze` on bad input: every problem is reported with its place and
//! the run goes on with the next document; the exit code is 1 when a
//! document was skipped.

use crate::util::{arg, name, record, run, tmp_dir, write};

const GOOD_A: &str = "قال الوزير إن الاجتماع كان مثمرا.";
const GOOD_C: &str = "وصل الوفد إلى بنغازي صباح اليوم.";

#[test]
fn invalid_utf8_in_a_text_file_skips_it() {
    let dir = tmp_dir("invalid_utf8_text");
    let a = write(&dir, "a.txt", GOOD_A);
    let prefix = "بدأت الجلسة ";
    let mut bad = prefix.as_bytes().to_vec();
    bad.extend_from_slice(b"\xff\xfe");
    bad.extend_from_slice("ثم انتهت.".as_bytes());
    let b = write(&dir, "b.txt", &bad);
    let c = write(&dir, "c.txt", GOOD_C);

    let out = run(["analyze", arg(&a), arg(&b), arg(&c)], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        out.ids(),
        [name(&a), name(&c)],
        "the run goes on with the next file"
    );
    assert!(
        out.stderr.contains(&name(&b)),
        "stderr names the file: {}",
        out.stderr
    );
    let offset = format!("byte {}", prefix.len());
    assert!(
        out.stderr.contains(&offset),
        "stderr names {offset:?}: {}",
        out.stderr
    );
    assert!(out.stderr.contains("UTF-8"), "{}", out.stderr);
}

#[test]
fn invalid_utf8_in_a_text_file_with_lossy_is_analyzed() {
    let dir = tmp_dir("invalid_utf8_lossy");
    let mut bad = "بدأت الجلسة ".as_bytes().to_vec();
    bad.extend_from_slice(b"\xff");
    bad.extend_from_slice("ثم انتهت.".as_bytes());
    let b = write(&dir, "b.txt", &bad);

    let out = run(["analyze", "--lossy", "--tokens", arg(&b)], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let docs = out.json_lines();
    assert_eq!(docs.len(), 1);
    let text = String::from_utf8_lossy(&bad);
    assert!(text.contains('\u{FFFD}'));
    crate::util::check_offsets(&docs[0], &text);
    let tokens = docs[0]["tokens"].as_array().unwrap();
    assert!(tokens
        .iter()
        .any(|t| t["text"].as_str().unwrap().contains('\u{FFFD}')));
    assert!(tokens.iter().any(|t| t["text"] == "انتهت"));
}

#[test]
fn invalid_utf8_in_a_json_lines_record_skips_that_line() {
    let dir = tmp_dir("invalid_utf8_jsonl");
    let line1 = record("1", GOOD_A) + "\n";
    let before = r#"{"id": "2", "text": "نص "#;
    let mut bytes = line1.as_bytes().to_vec();
    bytes.extend_from_slice(before.as_bytes());
    bytes.extend_from_slice(b"\xc3\x28");
    bytes.extend_from_slice("معطوب\"}\n".as_bytes());
    bytes.extend_from_slice((record("3", GOOD_C) + "\n").as_bytes());
    let f = write(&dir, "docs.jsonl", &bytes);

    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.ids(), ["1", "3"]);
    let place = format!("{}:2", name(&f));
    assert!(
        out.stderr.contains(&place),
        "stderr names {place:?}: {}",
        out.stderr
    );
    // The offset of the bad byte, in the file or in the line.
    let in_file = format!("byte {}", line1.len() + before.len());
    let in_line = format!("byte {}", before.len());
    assert!(
        out.stderr.contains(&in_file) || out.stderr.contains(&in_line),
        "stderr names the byte offset ({in_file:?} or {in_line:?}): {}",
        out.stderr
    );

    // With --lossy the line is analyzed too.
    let out = run(["analyze", "--lossy", arg(&f)], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.ids(), ["1", "2", "3"]);
}

#[test]
fn corrupt_json_line_is_reported_and_skipped() {
    let dir = tmp_dir("corrupt_json");
    let body = format!(
        "{}\n{{\"id\": 1, \"text\": \n{}\n",
        record("a", GOOD_A),
        record("c", GOOD_C)
    );
    let f = write(&dir, "docs.jsonl", body);
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.ids(), ["a", "c"]);
    let place = format!("{}:2", name(&f));
    assert!(
        out.stderr.contains(&place),
        "stderr names {place:?}: {}",
        out.stderr
    );
    assert!(out.stderr.contains("JSON"), "{}", out.stderr);
}

#[test]
fn json_line_without_text_is_reported_and_skipped() {
    let dir = tmp_dir("missing_text");
    let body = format!(
        "{}\n{{\"id\": \"b\", \"title\": \"عنوان بلا نص\"}}\n{}\n",
        record("a", GOOD_A),
        record("c", GOOD_C)
    );
    let f = write(&dir, "docs.jsonl", body);
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.ids(), ["a", "c"]);
    assert!(
        out.stderr.contains(&format!("{}:2", name(&f))),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("text"),
        "stderr says what is missing: {}",
        out.stderr
    );
}

#[test]
fn json_line_with_a_bad_date_is_reported_and_skipped() {
    let dir = tmp_dir("bad_date");
    let lines = [
        serde_json::json!({"id": "a", "text": GOOD_A, "published": "2016-11-28"}),
        serde_json::json!({"id": "b", "text": GOOD_A, "published": "28/11/2016"}),
        serde_json::json!({"id": "c", "text": GOOD_C, "date": "2016-11-29"}),
        serde_json::json!({"id": "d", "text": GOOD_C, "published": "2016-13-40"}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let f = write(&dir, "docs.jsonl", body);
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 1, "{out:?}");
    let docs = out.json_lines();
    assert_eq!(out.ids(), ["a", "c"]);
    assert_eq!(docs[0]["published"], "2016-11-28");
    assert_eq!(docs[1]["published"], "2016-11-29");
    for line in [2, 4] {
        let place = format!("{}:{line}", name(&f));
        assert!(
            out.stderr.contains(&place),
            "stderr names {place:?}: {}",
            out.stderr
        );
    }
    assert!(out.stderr.contains("published"), "{}", out.stderr);
}

/// Regression (was a bug): `parse_date` (crates/rasd/src/input.rs) rejects every ISO date-time
/// (`2016-11-29T08:30:00Z`, `2016-11-29 08:30`): it looks for the `T` or
/// space at `b.get(10)` where `b` is the bytes of the first 10 characters
/// only, so the check always fails and the record is skipped with "`published`
/// must be an ISO date". Its own unit test `parses_dates` expects the
/// date-time to be accepted.
#[test]
fn json_line_with_a_date_time_is_accepted() {
    let dir = tmp_dir("date_time");
    let lines = [
        serde_json::json!({"id": "a", "text": GOOD_A, "published": "2016-11-29T08:30:00Z"}),
        serde_json::json!({"id": "b", "text": GOOD_C, "date": "2016-11-30 10:00"}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let f = write(&dir, "docs.jsonl", body);
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 0, "{out:?}");
    let docs = out.json_lines();
    assert_eq!(out.ids(), ["a", "b"]);
    assert_eq!(docs[0]["published"], "2016-11-29");
    assert_eq!(docs[1]["published"], "2016-11-30");
}

#[test]
fn empty_file_is_one_empty_document() {
    let dir = tmp_dir("empty_file");
    let f = write(&dir, "empty.txt", "");
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout.lines().count(), 1);
    assert!(out.stdout.contains(r#""sentences":[]"#), "{}", out.stdout);
    assert_eq!(out.ids(), [name(&f)]);
}

#[test]
fn missing_file_is_reported_and_the_others_analyzed() {
    let dir = tmp_dir("missing_file");
    let a = write(&dir, "a.txt", GOOD_A);
    let missing = dir.join("no-such-file.txt");
    let c = write(&dir, "c.jsonl", record("c", GOOD_C) + "\n");
    let out = run(["analyze", arg(&a), arg(&missing), arg(&c)], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.ids(), [name(&a), "c".to_owned()]);
    assert!(
        out.stderr.contains(&name(&missing)),
        "stderr names the file: {}",
        out.stderr
    );
    // A missing JSON Lines file too.
    let missing_jsonl = dir.join("gone.jsonl");
    let out = run(["analyze", arg(&missing_jsonl), arg(&a)], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.ids(), [name(&a)]);
    assert!(out.stderr.contains(&name(&missing_jsonl)), "{}", out.stderr);
}

#[test]
fn blank_lines_in_json_lines_are_ignored() {
    let dir = tmp_dir("blank_lines");
    let body = format!(
        "\n{}\r\n   \n\n{}",
        record("a", GOOD_A),
        record("c", GOOD_C)
    );
    let f = write(&dir, "docs.jsonl", body);
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.ids(), ["a", "c"]);
}

/// Text that tries to break tokenization, segmentation and offsets: NUL
/// bytes, bidi controls, lone combining marks, long tatweel runs, mixed
/// scripts. Each is a file of its own; all must be analyzed, exit 0.
#[test]
fn hostile_text_files_do_not_break_the_run() {
    let tatweel_word = format!("ك{}لمة وبعدها كلام.", "\u{0640}".repeat(10_000));
    let tatweels_alone = "\u{0640}".repeat(10_000);
    let texts: Vec<(&str, String)> = vec![
        ("nul", "نص\0مع\0أصفار\0.\0".to_owned()),
        (
            "bidi",
            "\u{200F}قال\u{202E} الوزير\u{2066}كلمة\u{2069}\u{200E} و\u{200D}بال\u{200C}جيش \u{202A}abc\u{202C}.".to_owned(),
        ),
        ("marks", "\u{0651}\u{064E} \u{0301}a\u{0300}\u{0300} \u{064B}ب \u{0670}\u{06ED}.".to_owned()),
        ("tatweel_word", tatweel_word),
        ("tatweels_alone", tatweels_alone),
        (
            "mixed",
            "Путин التقى 習近平 في Moscow🇷🇺 и Пекин ΑΘΗΝΑ١٢٣abc 👨‍👩‍👧 עברית ﷺ ﻻ ۱۲۳٫۵.".to_owned(),
        ),
        ("crlf", "السطر الأول\r\nالسطر الثاني\r\n\r\n".to_owned()),
        ("replacement", "\u{FFFD}\u{FFFD} نص \u{FFFD}".to_owned()),
        ("lone_clitics", "و ف ب ل ال لل وال بال الـ وبالـ س".to_owned()),
        ("punct_only", "...!!!؟؟؟«»()،؛".to_owned()),
        ("whitespace_only", " \t\n\u{00A0}\u{2003}\n".to_owned()),
    ];
    let dir = tmp_dir("hostile");
    let paths: Vec<_> = texts
        .iter()
        .map(|(n, t)| write(&dir, &format!("{n}.txt"), t))
        .collect();
    let mut args = vec!["analyze", "--tokens"];
    args.extend(paths.iter().map(|p| arg(p)));
    let out = run(&args, None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let docs = out.json_lines();
    assert_eq!(docs.len(), texts.len());
    for ((n, text), doc) in texts.iter().zip(&docs) {
        assert!(doc["id"].as_str().unwrap().ends_with(&format!("{n}.txt")));
        crate::util::check_offsets(doc, text);
    }

    // The same texts as JSON Lines records.
    let body: String = texts.iter().map(|(n, t)| record(n, t) + "\n").collect();
    let f = write(&dir, "all.jsonl", body);
    let out = run(["analyze", "--tokens", arg(&f)], None);
    assert_eq!(out.code, 0, "{out:?}");
    let docs = out.json_lines();
    assert_eq!(docs.len(), texts.len());
    for ((n, text), doc) in texts.iter().zip(&docs) {
        assert_eq!(doc["id"], *n);
        crate::util::check_offsets(doc, text);
    }
}
