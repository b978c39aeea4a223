//! `rasd ingest`, `search`, `events`, `actors`, `show`, `export`, `check`
//! end to end on the bundled sample corpus and on bad input.

use std::path::{Path, PathBuf};

use crate::util::{arg, record, run, tmp_dir, write};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample/articles.jsonl")
}

fn ingest(data: &Path, inputs: &[&str]) -> crate::util::Output {
    let mut args = vec!["ingest", "--json", "--data", arg(data)];
    args.extend_from_slice(inputs);
    run(args, None)
}

fn summary(out: &crate::util::Output) -> serde_json::Value {
    serde_json::from_str(out.stdout.trim())
        .unwrap_or_else(|e| panic!("summary is not JSON ({e}): {}\n{}", out.stdout, out.stderr))
}

#[test]
fn ingest_search_and_query_the_sample_corpus() {
    let dir = tmp_dir("store-sample");
    let data = dir.join("data");
    let out = ingest(&data, &[arg(&sample())]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s = summary(&out);
    let n = s["inserted"].as_u64().unwrap();
    assert!(n >= 20, "{s}");
    assert!(s["store"]["events"].as_u64().unwrap() > 10, "{s}");

    // Again: nothing changes.
    let again = summary(&ingest(&data, &[arg(&sample())]));
    assert_eq!(again["inserted"], 0);
    assert_eq!(again["unchanged"].as_u64(), Some(n));
    assert_eq!(again["store"]["documents"], s["store"]["documents"]);
    assert_eq!(again["store"]["events"], s["store"]["events"]);

    // Search folds ى/ي and clitics, and highlights.
    let out = run(["search", "--data", arg(&data), "--json", "الليبي"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r = &out.json_lines()[0];
    assert!(r["total"].as_u64().unwrap() >= 2, "{r}");
    assert!(!r["hits"][0]["highlights"].as_array().unwrap().is_empty());
    let text = run(["search", "--data", arg(&data), "موسكو"], None);
    assert!(text.stdout.contains("**"), "{}", text.stdout);

    // Events by actor code and root; actors with Latin names.
    let out = run(
        ["events", "--data", arg(&data), "--json", "--actor", "LBY"],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let events = out.json_lines();
    assert!(!events.is_empty());
    for e in &events {
        let s = e["source"]["actor"].as_str().unwrap_or("");
        let t = e["target"]["actor"].as_str().unwrap_or("");
        assert!(s.starts_with("LBY") || t.starts_with("LBY"), "{e}");
        assert!(e["num_articles"].as_u64().unwrap() >= 1);
    }
    let out = run(
        ["actors", "--data", arg(&data), "--json", "--top", "5"],
        None,
    );
    let actors = &out.json_lines()[0];
    assert_eq!(actors.as_array().unwrap().len(), 5);
    assert!(actors[0]["mentions"].as_u64().unwrap() >= actors[4]["mentions"].as_u64().unwrap());

    // One document.
    let id = events[0]["document"].as_str().unwrap();
    let out = run(["show", "--data", arg(&data), "--json", id], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json_lines()[0]["id"], id);
    let out = run(["show", "--data", arg(&data), "no-such-id"], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no-such-id"), "{}", out.stderr);

    // Caller errors are errors, not crashes.
    let out = run(
        ["search", "--data", arg(&data), "--from", "yesterday", "x"],
        None,
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("YYYY-MM-DD"), "{}", out.stderr);
    let out = run(
        [
            "events",
            "--data",
            arg(&data),
            "--code",
            "'; DROP TABLE events; --",
        ],
        None,
    );
    assert_eq!(out.code, 2);

    // Exports.
    for (format, file) in [
        ("csv", "e.csv"),
        ("gdelt", "e.tsv"),
        ("jsonl", "d.jsonl"),
        ("parquet", "e.parquet"),
    ] {
        let path = dir.join(file);
        let out = run(
            [
                "export",
                "--data",
                arg(&data),
                "--format",
                format,
                "--out",
                arg(&path),
            ],
            None,
        );
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.is_empty(), "{format}");
        if format == "parquet" {
            assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
        }
    }
    let csv = std::fs::read_to_string(dir.join("e.csv")).unwrap();
    assert!(csv.lines().count() > 10);
    let docs = std::fs::read_to_string(dir.join("d.jsonl")).unwrap();
    assert_eq!(
        docs.lines().count() as u64,
        s["store"]["documents"].as_u64().unwrap()
    );

    let out = run(["check", "--data", arg(&data)], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn bad_input_is_reported_and_the_rest_ingested() {
    let dir = tmp_dir("store-bad");
    let data = dir.join("data");
    let good = record(
        "ok-1",
        "زار وزير الخارجية المصري موسكو أمس والتقى نظيره الروسي.",
    );
    let jsonl = write(
        &dir,
        "mixed.jsonl",
        format!(
            "{good}\n{{\"id\": \"broken\", \"text\": \n{}\n",
            record("ok-2", "نص سليم آخر عن الاقتصاد.")
        ),
    );
    let png = write(
        &dir,
        "image.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    );
    let missing = dir.join("missing.txt");
    // A document over the size limit (lowered here to keep the test fast).
    let huge = write(&dir, "huge.txt", "كلمة ".repeat(250_000));
    let out = ingest(
        &data,
        &[
            arg(&jsonl),
            arg(&png),
            arg(&missing),
            arg(&huge),
            "--max-document-mb",
            "1",
        ],
    );
    assert_eq!(out.code, 1, "a partial run exits 1: {}", out.stderr);
    assert!(out.stderr.contains("mixed.jsonl:2"), "{}", out.stderr);
    assert!(out.stderr.contains("image.png"), "{}", out.stderr);
    assert!(out.stderr.contains("missing.txt"), "{}", out.stderr);
    assert!(
        out.stderr.contains("huge.txt: document of 2.2 MB"),
        "{}",
        out.stderr
    );
    let s = summary(&out);
    assert_eq!(s["inserted"], 2);
    assert_eq!(s["errors"], 4);
    // What was stored stays stored.
    let out = run(["show", "--data", arg(&data), "--json", "ok-2"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);

    // An empty input and an empty folder are fine.
    let empty = write(&dir, "empty.jsonl", "");
    let out = ingest(&data, &[arg(&empty)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Queries on a directory that does not exist say so.
    let out = run(["search", "--data", arg(&dir.join("nowhere")), "x"], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nowhere"), "{}", out.stderr);
}
