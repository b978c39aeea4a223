//! Helpers for running the `rasd` binary and checking its output.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The `rasd` binary built for these tests.
pub fn rasd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rasd"))
}

/// What a run of `rasd` gave.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// The JSON values of stdout, one per line.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| {
                serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {l:?}"))
            })
            .collect()
    }

    /// The `id` of every output document, in order.
    pub fn ids(&self) -> Vec<String> {
        self.json_lines()
            .iter()
            .map(|v| v["id"].as_str().expect("an id").to_owned())
            .collect()
    }
}

/// Runs `rasd args…` with `stdin` as standard input (empty when `None`).
pub fn run<I, S>(args: I, stdin: Option<&[u8]>) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = rasd();
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("rasd runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.unwrap_or_default().to_vec();
    // Feed stdin from a thread, so that a large input cannot deadlock
    // against a full stdout pipe.
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("rasd finishes");
    feeder.join().unwrap();
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh, empty directory for one test.
pub fn tmp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("rasd-cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The path as the string `rasd` prints (and uses as a file's id).
pub fn name(p: &Path) -> String {
    p.display().to_string()
}

/// The path as a command-line argument.
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// One JSON Lines record.
pub fn record(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text}).to_string()
}

/// Checks the offsets of one output document against its text: sentences
/// and tokens in bounds, ordered and not overlapping, each token's `text`
/// equal to the code-point slice `[start, end)` of the input (Python `str`
/// indices), every token inside a sentence.
pub fn check_offsets(doc: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let sentences = doc["sentences"].as_array().expect("sentences");
    let mut prev = 0;
    let mut spans = Vec::new();
    for s in sentences {
        let (a, b) = (as_usize(&s["start"]), as_usize(&s["end"]));
        assert!(
            prev <= a && a < b && b <= chars.len(),
            "sentence {a}..{b} of {} chars",
            chars.len()
        );
        let t = slice(a, b);
        assert_eq!(
            t.trim(),
            t,
            "a sentence starts or ends with whitespace: {t:?}"
        );
        spans.push((a, b));
        prev = b;
    }
    // Entity mentions, when the output has them, slice the text too.
    if let Some(entities) = doc.get("entities") {
        for e in entities.as_array().expect("entities is an array") {
            for m in e["mentions"].as_array().expect("mentions is an array") {
                let (a, b) = (as_usize(&m["start"]), as_usize(&m["end"]));
                assert!(a < b && b <= chars.len(), "mention {a}..{b} in {text:?}");
                assert_eq!(
                    m["text"].as_str().unwrap(),
                    slice(a, b),
                    "mention text vs offsets"
                );
            }
        }
    }
    if let Some(tokens) = doc.get("tokens") {
        let mut prev = 0;
        for t in tokens.as_array().expect("tokens is an array") {
            for key in ["text", "start", "end", "kind", "norm", "segments", "stem"] {
                assert!(t.get(key).is_some(), "token {t} has no {key}");
            }
            let (a, b) = (as_usize(&t["start"]), as_usize(&t["end"]));
            assert!(
                prev <= a && a < b && b <= chars.len(),
                "token {a}..{b} in {text:?}"
            );
            assert_eq!(
                t["text"].as_str().unwrap(),
                slice(a, b),
                "token text vs offsets in {text:?}"
            );
            assert!(t["norm"].is_string() && t["stem"].is_string() && t["kind"].is_string());
            let segs = t["segments"].as_array().expect("segments is an array");
            assert!(
                segs.iter()
                    .all(|s| s.as_str().is_some_and(|s| !s.is_empty())),
                "{t}"
            );
            if !spans.is_empty() {
                assert!(
                    spans.iter().any(|&(s, e)| s <= a && b <= e),
                    "token {a}..{b} is in no sentence"
                );
            }
            prev = b;
        }
    }
}

pub fn as_usize(v: &Value) -> usize {
    v.as_u64().unwrap_or_else(|| panic!("not an offset: {v}")) as usize
}
