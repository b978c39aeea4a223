//! `rasd analyze` on bad input: every problem is reported with its place and
//! the run goes on with the next document; the exit code is 1 when a
//! document was skipped. And folders, gzip and HTML pages.

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

/// Regression: `parse_date` (crates/rasd-input/src/lib.rs) once rejected
/// every ISO date-time (`2016-11-29T08:30:00Z`, `2016-11-29 08:30`): it
/// looked for the `T` or space past the end of the 10-byte date it had cut.
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

fn gz(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="ar"><head><meta charset="utf-8">
<title>الوفد في بنغازي - موقع تجريبي</title>
<meta property="og:title" content="الوفد في بنغازي">
<meta property="article:published_time" content="2016-11-28T09:15:00+02:00">
<link rel="canonical" href="https://example.invalid/2016/11/28/wafd">
<script>document.write("<p>ليس من الخبر</p>");</script>
</head><body>
<nav><a href="/">الرئيسية</a></nav>
<article><h1>الوفد في بنغازي</h1>
<p>وصل الوفد إلى بنغازي صباح اليوم.</p>
<p>قال الوزير إن الاجتماع كان&nbsp;مثمرا&hellip;</p>
</article>
<footer>حقوق النشر</footer>
</body></html>
"#;

/// Files in a folder that are not of a document format are left out, and
/// said so (a folder of spreadsheets must not read as silently empty);
/// `rasd ingest --json` counts them.
#[test]
fn files_left_out_of_a_folder_are_reported() {
    let dir = tmp_dir("folder-left-out");
    write(&dir, "a.txt", GOOD_A);
    write(&dir, "notes.csv", "id,text\n1,نص\n");
    write(&dir, "scan.pdf", "%PDF-1.4");
    let out = run(["analyze", "--no-entities", arg(&dir)], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json_lines().len(), 1);
    assert!(
        out.stderr.contains("2 file(s) in folders left out")
            && out.stderr.contains("notes.csv")
            && out.stderr.contains("scan.pdf"),
        "{}",
        out.stderr
    );
    let data = tmp_dir("folder-left-out-store").join("data");
    let out = run(["ingest", "--json", "--data", arg(&data), arg(&dir)], None);
    assert_eq!(out.code, 0, "{out:?}");
    let s: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(s["skipped_files"], 2, "{s}");
    assert_eq!(s["inserted"], 1, "{s}");
}

/// `rasd analyze DIR` reads every file under the folder, in sorted order,
/// whatever its kind: text, JSON Lines, HTML, gzip; hidden files skipped.
#[test]
fn a_folder_is_read_in_sorted_order() {
    let dir = tmp_dir("folder");
    let a = write(&dir, "a.txt", GOOD_A);
    write(
        &dir,
        "b.jsonl",
        record("b1", GOOD_A) + "\n" + &record("b2", GOOD_C) + "\n",
    );
    let c = write(&dir, "c.html", PAGE);
    std::fs::create_dir_all(dir.join("d")).unwrap();
    let e = write(&dir, "d/e.txt.gz", gz(GOOD_C.as_bytes()));
    write(
        &dir,
        "d/f.jsonl.gz",
        gz((record("f1", GOOD_C) + "\n").as_bytes()),
    );
    let g = write(&dir, "d/g.html.gz", gz(PAGE.as_bytes()));
    write(&dir, ".hidden.txt", "مخفي");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    write(&dir, ".git/h.txt", "مخفي");

    let out = run(["analyze", "--no-entities", arg(&dir)], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert_eq!(
        out.ids(),
        [
            name(&a),
            "b1".into(),
            "b2".into(),
            name(&c),
            name(&e),
            "f1".into(),
            name(&g)
        ]
    );
    let docs = out.json_lines();
    for page in [&docs[3], &docs[6]] {
        assert_eq!(page["title"], "الوفد في بنغازي", "{page}");
        assert_eq!(page["published"], "2016-11-28", "{page}");
        assert_eq!(
            page["url"], "https://example.invalid/2016/11/28/wafd",
            "{page}"
        );
    }
    // The page's main text, without script, menu or footer.
    let text =
        "الوفد في بنغازي\nوصل الوفد إلى بنغازي صباح اليوم.\nقال الوزير إن الاجتماع كان مثمرا…";
    let out = run(["analyze", "--tokens", "--no-entities", arg(&c)], None);
    assert_eq!(out.code, 0, "{out:?}");
    let doc = &out.json_lines()[0];
    crate::util::check_offsets(doc, text);
    let tokens: Vec<&str> = doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert!(
        tokens.contains(&"مثمرا") && !tokens.contains(&"الرئيسية"),
        "{tokens:?}"
    );
}

/// A corrupt gzip file and a PNG image named `.txt` in a folder: errors
/// naming them, exit code 1, and the other documents are still printed. (A
/// `.png` in a folder is not read at all: not a document format.)
#[test]
fn corrupt_gzip_and_binary_files_are_reported_and_skipped() {
    let dir = tmp_dir("corrupt_gzip_binary");
    let a = write(&dir, "a.txt", GOOD_A);
    let mut corrupt = gz("بدأت الجلسة ثم انتهت.".repeat(50).as_bytes());
    let mid = corrupt.len() / 2;
    corrupt[mid..].iter_mut().for_each(|b| *b ^= 0xa5);
    let b = write(&dir, "b.txt.gz", corrupt);
    let mut cut = gz((record("c1", GOOD_A) + "\n" + &record("c2", GOOD_C) + "\n").as_bytes());
    cut.truncate(cut.len() - 10);
    let c = write(&dir, "c.jsonl.gz", cut);
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend_from_slice(&[0u8; 100]);
    let d = write(&dir, "d.txt", png.clone());
    let e = write(&dir, "e.txt", GOOD_C);
    write(&dir, "f.png", png);

    let out = run(["analyze", "--no-entities", arg(&dir)], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.ids(), [name(&a), "c1".into(), name(&e)]);
    for (path, what) in [
        (name(&b), "gzip"),
        (format!("{}:2", name(&c)), "gzip"),
        (name(&d), "binary file"),
    ] {
        let line = out
            .stderr
            .lines()
            .find(|l| l.contains(&path))
            .unwrap_or_else(|| panic!("stderr names {path:?}: {}", out.stderr));
        assert!(line.contains(what), "{line:?} should say {what:?}");
    }

    // The same files named one by one.
    let out = run(
        ["analyze", "--no-entities", arg(&d), arg(&b), arg(&a)],
        None,
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.ids(), [name(&a)]);
    assert!(
        out.stderr.contains(&name(&d)) && out.stderr.contains(&name(&b)),
        "{}",
        out.stderr
    );
}

/// A missing folder, or a missing file inside a folder listing, is an error
/// naming it, and the rest goes on.
#[test]
fn missing_folder_is_reported_and_the_others_analyzed() {
    let dir = tmp_dir("missing_folder");
    let a = write(&dir, "a.txt", GOOD_A);
    let missing = dir.join("no-such-folder");
    let out = run(["analyze", "--no-entities", arg(&missing), arg(&dir)], None);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.ids(), [name(&a)]);
    assert!(out.stderr.contains(&name(&missing)), "{}", out.stderr);
}
