//! A 50 MB document on one line: analyzed as one JSON line, offsets in
//! bounds, peak memory bounded. And a document just over one analysis chunk
//! (1 MiB), whose entity offsets must survive the cut.
//!
//! The 50 MB run leaves entities out (`--no-entities`): the tests run the
//! debug build, where NER reads about 0.1 MB/s, and 50 MB would take minutes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::util::{arg, as_usize};

const BIG_BYTES: usize = 50_000_000;
/// Peak resident memory allowed for `rasd analyze` on the big document.
const MAX_RSS_KIB: u64 = 1 << 20;

/// Arabic words and spaces, no newline, about `BIG_BYTES` bytes; made once
/// and kept in the target directory between runs.
fn big_file() -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rasd-big-50mb-v1.txt");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() as usize == BIG_BYTES) {
        return path;
    }
    const WORDS: &str = "قال الوزير إن الحكومة ستعقد اجتماعا مع وفد من لبنان وليبيا لبحث التعاون الاقتصادي والأمني بين البلدين وبالتالي فللمواطنين سيزور بنغازي";
    let words: Vec<&str> = WORDS.split(' ').collect();
    let mut text = String::with_capacity(BIG_BYTES + 64);
    let mut x: u32 = 12345;
    while text.len() < BIG_BYTES {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        text.push_str(words[(x >> 16) as usize % words.len()]);
        text.push(' ');
    }
    // Cut to exactly BIG_BYTES on a character boundary, ending on a letter.
    let mut end = BIG_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    while text.ends_with(' ') {
        text.pop();
    }
    while text.len() + 2 <= BIG_BYTES {
        text.push('ا');
    }
    if text.len() < BIG_BYTES {
        text.push('.');
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, &text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// Runs `rasd analyze path`, returning stdout and the peak RSS in KiB when
/// it could be measured (`/usr/bin/time -v`, else `/proc/<pid>/status`).
fn analyze_measuring_memory(path: &Path) -> (Vec<u8>, Option<u64>) {
    let bin = env!("CARGO_BIN_EXE_rasd");
    if let Ok(out) = Command::new("/usr/bin/time")
        .args(["-v", bin, "analyze", "--no-entities", arg(path)])
        .stdin(Stdio::null())
        .output()
    {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let rss = stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|v| v.trim().parse().ok());
        if rss.is_some() {
            assert!(out.status.success(), "rasd failed: {stderr}");
            return (out.stdout, rss);
        }
    }
    // Poll the child's high-water mark while it runs.
    let mut child = Command::new(bin)
        .args(["analyze", "--no-entities", arg(path)])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).unwrap();
        buf
    });
    let mut peak = None;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            let hwm = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok());
            if hwm.is_some() {
                peak = peak.max(hwm);
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "rasd failed: {status:?}");
    (reader.join().unwrap(), peak)
}

#[test]
fn fifty_megabyte_single_line_document() {
    let path = big_file();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.len(), BIG_BYTES);
    assert!(!text.contains('\n'));

    let (stdout, rss) = analyze_measuring_memory(&path);
    let stdout = String::from_utf8(stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one JSON line");
    assert!(stdout.ends_with('\n'));
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["id"], arg(&path));

    // Sentences: in bounds, ordered, not overlapping, together spanning the
    // text from its first to its last character, each starting and ending
    // on a letter.
    let sentences = doc["sentences"].as_array().unwrap();
    assert!(!sentences.is_empty());
    let spans: Vec<(usize, usize)> = sentences
        .iter()
        .map(|s| (as_usize(&s["start"]), as_usize(&s["end"])))
        .collect();
    let n_chars = text.chars().count();
    let mut prev = 0;
    for &(a, b) in &spans {
        assert!(
            prev <= a && a < b && b <= n_chars,
            "sentence {a}..{b} after {prev}, {n_chars} chars"
        );
        prev = b;
    }
    assert_eq!(spans[0].0, 0);
    assert_eq!(spans[spans.len() - 1].1, n_chars);
    // Look at the characters around every boundary, in one pass.
    let mut wanted: Vec<usize> = spans.iter().flat_map(|&(a, b)| [a, b - 1]).collect();
    wanted.sort_unstable();
    let mut w = wanted.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        while w.peek() == Some(&&i) {
            assert!(
                !c.is_whitespace(),
                "a sentence starts or ends with a space at char {i}"
            );
            w.next();
        }
    }
    assert!(w.peek().is_none());

    match rss {
        Some(kib) => assert!(kib < MAX_RSS_KIB, "peak RSS {} MiB", kib / 1024),
        None => eprintln!("peak memory not measured: no /usr/bin/time and no /proc"),
    }
}

#[test]
fn document_over_one_chunk_keeps_entity_offsets() {
    // Entities at the start, just after the 1 MiB cut, and at the end, with
    // plain Arabic filler (no names) in between.
    let news = "قال الوزير المصري سامح شكري في القاهرة إن الوفد وصل إلى بنغازي.";
    let filler = "وأضاف أن الاجتماع كان مثمرا وأن الجانبين اتفقا على مواصلة الحوار ";
    let mut text = format!("{news} ");
    while text.len() < (1 << 20) - 300 {
        text.push_str(filler);
    }
    text.push_str(news);
    text.push(' ');
    text.push_str(filler);
    text.push_str(news);
    assert!(text.len() > 1 << 20 && text.len() < (1 << 20) + 1000);
    let dir = crate::util::tmp_dir("two_chunks");
    let f = crate::util::write(&dir, "doc.txt", &text);
    let out = crate::util::run(["analyze", arg(&f)], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let docs = out.json_lines();
    assert_eq!(docs.len(), 1);
    crate::util::check_offsets(&docs[0], &text);
    let mentions: Vec<(usize, String)> = docs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["mentions"].as_array().unwrap().clone())
        .map(|m| {
            (
                as_usize(&m["start"]),
                m["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // Each name is found in all three copies of the news sentence.
    let n_chars = text.chars().count();
    for name in ["سامح شكري", "القاهرة", "بنغازي"] {
        let at: Vec<usize> = mentions
            .iter()
            .filter(|(_, t)| t == name)
            .map(|&(s, _)| s)
            .collect();
        assert_eq!(at.len(), 3, "{name}: {at:?}");
        assert!(
            at.iter().any(|&s| s > n_chars - 200),
            "{name} at the end: {at:?}"
        );
    }
}
