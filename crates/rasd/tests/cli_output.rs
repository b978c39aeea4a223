//! `rasd analyze` output: order, offsets in code points, token fields, and
//! the ways documents come in (files, standard input, `--jsonl`).

use crate::util::{arg, check_offsets, name, record, run, tmp_dir, write};

/// A made-up news sentence of about `n` words, different for each `i`.
fn sentence(i: usize, n: usize) -> String {
    const WORDS: &str = "قال الوزير إن الحكومة ستعقد اجتماعا مع وفد من بنغازي لبحث التعاون الاقتصادي والأمني بين البلدين في 2016 Reuters";
    let words: Vec<&str> = WORDS.split(' ').collect();
    let mut s: Vec<&str> = (0..n)
        .map(|k| words[(i * 7 + k * 3) % words.len()])
        .collect();
    s.push(".");
    s.join(" ")
}

#[test]
fn output_order_is_input_order() {
    let dir = tmp_dir("order");
    // Sizes vary a lot, so that parallel workers finish out of order.
    let ids: Vec<String> = (0..500).map(|i| format!("doc-{i:03}")).collect();
    let texts: Vec<String> = (0..500)
        .map(|i| {
            let n = if i % 37 == 0 { 4000 } else { 1 + i % 13 };
            sentence(i, n)
        })
        .collect();
    let body: String = ids
        .iter()
        .zip(&texts)
        .map(|(id, t)| record(id, t) + "\n")
        .collect();
    let f = write(&dir, "docs.jsonl", body);
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.ids(), ids);
    for (doc, text) in out.json_lines().iter().zip(&texts) {
        check_offsets(doc, text);
        assert!(!doc["sentences"].as_array().unwrap().is_empty());
    }
}

#[test]
fn token_offsets_are_code_points() {
    // Two-byte Arabic, one-byte Latin, four-byte emoji, combining marks and
    // tatweel: byte and code point offsets differ everywhere.
    let text = "أكّدَ الرئيسُ 🇱🇾 في Tripoli أنّ «الحكومـــة» ستُعقد\nوبالجيش 👍🏽 ٢٠١٦.";
    let dir = tmp_dir("tokens");
    let f = write(&dir, "doc.txt", text);
    let out = run(["analyze", "--tokens", arg(&f)], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let docs = out.json_lines();
    assert_eq!(docs.len(), 1);
    check_offsets(&docs[0], text);
    let tokens = docs[0]["tokens"].as_array().unwrap();
    let texts: Vec<&str> = tokens.iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "أكّدَ",
            "الرئيسُ",
            "🇱🇾",
            "في",
            "Tripoli",
            "أنّ",
            "«",
            "الحكومـــة",
            "»",
            "ستُعقد",
            "وبالجيش",
            "👍🏽",
            "٢٠١٦",
            "."
        ]
    );
    let by_text = |s: &str| tokens.iter().find(|t| t["text"] == s).unwrap();
    let t = by_text("الحكومـــة");
    assert_eq!(t["kind"], "arabic");
    assert_eq!(t["norm"], "الحكومه");
    assert_eq!(t["segments"], serde_json::json!(["ال", "حكومة"]));
    assert_eq!(t["stem"], "حكوم");
    let t = by_text("وبالجيش");
    assert_eq!(t["segments"], serde_json::json!(["و", "ب", "ال", "جيش"]));
    assert_eq!(t["stem"], "جيش");
    assert_eq!(by_text("٢٠١٦")["kind"], "number");
    assert_eq!(by_text("٢٠١٦")["norm"], "2016");
    assert_eq!(by_text("Tripoli")["norm"], "tripoli");
    // Two sentences: the line break ends the first.
    assert_eq!(docs[0]["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn metadata_fields_are_kept() {
    let dir = tmp_dir("metadata");
    let line = serde_json::json!({
        "id": 42, "text": "نص قصير.", "published": "2015-09-14",
        "title": "عنوان", "source": "صحيفة متخيلة", "url": "https://example.com/a"
    });
    let f = write(&dir, "docs.jsonl", format!("{line}\n"));
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = &out.json_lines()[0];
    assert_eq!(doc["id"], "42");
    assert_eq!(doc["published"], "2015-09-14");
    assert_eq!(doc["title"], "عنوان");
    assert_eq!(doc["source"], "صحيفة متخيلة");
    assert_eq!(doc["url"], "https://example.com/a");
    // A record without an id is named by its place.
    let f = write(&dir, "noid.jsonl", "{\"text\": \"نص\"}\n");
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.ids(), [format!("{}:1", name(&f))]);
}

#[test]
fn reads_standard_input_without_a_file() {
    let text = "وصل الوفد. وبدأ الاجتماع.";
    let out = run(["analyze"], Some(text.as_bytes()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let docs = out.json_lines();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "stdin");
    assert_eq!(
        docs[0]["sentences"],
        serde_json::json!([{"start": 0, "end": 10}, {"start": 11, "end": 25}])
    );
}

#[test]
fn reads_standard_input_for_a_dash() {
    let dir = tmp_dir("stdin_dash");
    let a = write(&dir, "a.txt", "نص الملف.");
    let out = run(
        ["analyze", "--tokens", arg(&a), "-"],
        Some("نص من المدخل".as_bytes()),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.ids(), [name(&a), "stdin".to_owned()]);
    check_offsets(&out.json_lines()[1], "نص من المدخل");

    // JSON Lines on standard input with --jsonl.
    let input = format!("{}\n{}\n", record("x", "أول."), record("y", "ثان."));
    let out = run(["analyze", "--jsonl", "-"], Some(input.as_bytes()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.ids(), ["x", "y"]);
}

#[test]
fn jsonl_flag_reads_any_extension_as_json_lines() {
    let dir = tmp_dir("jsonl_flag");
    let body = format!(
        "{}\n{}\n",
        record("one", "الخبر الأول."),
        record("two", "الخبر الثاني.")
    );
    let f = write(&dir, "docs.txt", &body);
    let out = run(["analyze", "--jsonl", arg(&f)], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.ids(), ["one", "two"]);
    // Without the flag a .txt file is one plain-text document.
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.ids(), [name(&f)]);
    // .ndjson is JSON Lines too.
    let f = write(&dir, "docs.ndjson", &body);
    let out = run(["analyze", arg(&f)], None);
    assert_eq!(out.ids(), ["one", "two"]);
}

#[test]
fn closed_output_pipe_is_not_an_error() {
    use std::process::Stdio;
    let dir = tmp_dir("broken_pipe");
    let body: String = (0..3000)
        .map(|i| record(&i.to_string(), &sentence(i, 30)) + "\n")
        .collect();
    let f = write(&dir, "docs.jsonl", body);
    let mut child = crate::util::rasd()
        .args(["analyze", arg(&f)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain stderr on a thread, so that a flood of messages cannot block.
    let mut err = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    // Read the start of the output, then close the pipe, as `rasd analyze
    // | head -c 64` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    let read = std::io::Read::read_exact(&mut stdout, &mut first);
    drop(stdout);
    let status = child.wait().unwrap();
    let stderr = stderr.join().unwrap();
    assert!(read.is_ok(), "no output: {stderr}");
    assert!(first.starts_with(br#"{"id":"0""#));
    assert!(status.success(), "status {status:?}, stderr {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Regression (was a bug, NER): lower-case Latin filler is tagged as an entity, and a run of
/// such words becomes one mention however long it is: `abc abc abc` alone
/// is an ORG, inside an Arabic sentence a PER; 270,000 `abc` in a row gave
/// one mention of 1 MB.
#[test]
fn latin_filler_is_not_an_entity() {
    for text in ["abc abc abc", "قال الوزير abc abc abc في بيان."] {
        let out = run(["analyze"], Some(text.as_bytes()));
        assert_eq!(out.code, 0, "{out:?}");
        let doc = &out.json_lines()[0];
        assert_eq!(doc["entities"], serde_json::json!([]), "{text:?}");
    }
}

/// A part of the world is geocoded without a country: `geo.country` is
/// null, and the entity has no country or actor code.
#[test]
fn a_region_has_a_geo_of_no_country() {
    let out = run(
        ["analyze"],
        Some("وتشهد منطقة الشرق الأوسط توترا متزايدا.".as_bytes()),
    );
    assert_eq!(out.code, 0, "{out:?}");
    let doc = &out.json_lines()[0];
    let e = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["latin"] == "Middle East")
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(e["geo"]["country"], serde_json::Value::Null, "{e}");
    assert!(e["geo"]["lat"].as_f64().is_some(), "{e}");
    assert!(e.get("country").is_none_or(|c| c.is_null()), "{e}");
    assert!(e.get("actor").is_none_or(|c| c.is_null()), "{e}");
}

/// `--format gdelt` writes one tab-separated row of the 61 GDELT 2.0 event
/// columns per coded event, with the CAMEO code and the actors filled in.
#[test]
fn gdelt_rows_have_sixty_one_columns() {
    let doc = r#"{"id":"g1","published":"2016-11-28","url":"https://example.com/g1","text":"ومن المقرر أن يلتقى المشير خليفة حفتر غدا وزير الخارجية الروسى سيرجى لافروف فى موسكو."}"#;
    let out = run(
        ["analyze", "--jsonl", "--format", "gdelt"],
        Some(doc.as_bytes()),
    );
    assert_eq!(out.code, 0, "{out:?}");
    let rows: Vec<&str> = out.stdout.lines().collect();
    assert!(!rows.is_empty(), "no event row: {out:?}");
    for row in rows {
        let cols: Vec<&str> = row.split('\t').collect();
        assert_eq!(cols.len(), 61, "{row}");
        assert!(
            cols[26].chars().all(|c| c.is_ascii_digit()) && !cols[26].is_empty(),
            "{row}"
        );
        assert_eq!(cols[60], "https://example.com/g1");
    }
}
