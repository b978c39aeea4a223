//! Table-driven gold cases from `testdata/text/*.toml`, run against the
//! rasd-text library. Every case runs; all unexpected failures are reported
//! together. A case listed in a file's `known_failures` may fail; one that
//! passes is reported too, so that the list is kept true.

use std::collections::BTreeMap;

use rasd_text::normalize::{Folds, Normalizer};
use rasd_text::segment::Segmenter;
use rasd_text::sentence::split_sentences;
use rasd_text::tokenize::tokenize;
use serde::Deserialize;

fn read(name: &str) -> String {
    let path = format!("{}/../../testdata/text/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

#[derive(Deserialize)]
struct KnownFailure {
    #[serde(alias = "word")]
    name: String,
    reason: String,
}

#[derive(Deserialize)]
struct File<C> {
    #[serde(default)]
    known_failures: Vec<KnownFailure>,
    case: Vec<C>,
}

/// Runs `check` on every case; `key` names a case. Panics with every
/// unexpected failure and every known failure that now passes.
fn run_cases<C>(
    file: &str,
    parsed: File<C>,
    key: impl Fn(&C) -> &str,
    check: impl Fn(&C) -> Result<(), String>,
) {
    let known: BTreeMap<&str, &str> = parsed
        .known_failures
        .iter()
        .map(|k| (k.name.as_str(), k.reason.as_str()))
        .collect();
    let names: Vec<&str> = parsed.case.iter().map(&key).collect();
    let mut problems = Vec::new();
    for k in known.keys() {
        if !names.contains(k) {
            problems.push(format!("known failure {k:?} names no case"));
        }
    }
    for case in &parsed.case {
        let name = key(case);
        match (check(case), known.get(name)) {
            (Ok(()), None) => {}
            (Err(_), Some(_)) => {}
            (Err(e), None) => problems.push(format!("{name}: {e}")),
            (Ok(()), Some(reason)) => problems.push(format!(
                "{name}: listed in known_failures ({reason}) but passes now; remove it from the list"
            )),
        }
    }
    assert!(
        problems.is_empty(),
        "{file}: {} problem(s) in {} cases:\n{}",
        problems.len(),
        parsed.case.len(),
        problems.join("\n")
    );
}

#[derive(Deserialize)]
struct NormalizeCase {
    name: String,
    profile: String,
    input: String,
    expected: String,
}

#[test]
fn normalize_gold() {
    let file: File<NormalizeCase> = toml::from_str(&read("normalize.toml")).unwrap();
    assert!(file.case.len() >= 20);
    run_cases(
        "normalize.toml",
        file,
        |c| &c.name,
        |c| {
            let folds = match c.profile.as_str() {
                "search" => Folds::search(),
                "display" => Folds::display(),
                p => return Err(format!("unknown profile {p:?}")),
            };
            let n = Normalizer::new(folds);
            let aligned = n.normalize(&c.input);
            let key = n.key(&c.input);
            if aligned.text() != c.expected {
                return Err(format!(
                    "{:?} gave {:?}, expected {:?}",
                    c.input,
                    aligned.text(),
                    c.expected
                ));
            }
            if key != c.expected {
                return Err(format!(
                    "key({:?}) = {key:?} differs from normalize()",
                    c.input
                ));
            }
            let mut into = String::from("prefix:");
            n.normalize_into(&c.input, &mut into);
            if into["prefix:".len()..] != c.expected {
                return Err(format!("normalize_into({:?}) = {into:?}", c.input));
            }
            if n.key(&c.expected) != c.expected {
                return Err(format!(
                    "not idempotent: {:?} normalizes again to {:?}",
                    c.expected,
                    n.key(&c.expected)
                ));
            }
            if n.should_normalize(&c.input) != (c.input != c.expected) {
                return Err("should_normalize disagrees with the result".into());
            }
            if !c.expected.is_empty() {
                let span = aligned.original_span(0, c.expected.len());
                if span != (0, c.input.len()) {
                    return Err(format!(
                        "whole output maps to {span:?}, not (0, {})",
                        c.input.len()
                    ));
                }
            }
            Ok(())
        },
    );
}

#[derive(Deserialize)]
struct TokenizeCase {
    name: String,
    input: String,
    tokens: Vec<(String, String)>,
}

#[test]
fn tokenize_gold() {
    let file: File<TokenizeCase> = toml::from_str(&read("tokenize.toml")).unwrap();
    assert!(file.case.len() >= 20);
    run_cases(
        "tokenize.toml",
        file,
        |c| &c.name,
        |c| {
            let got: Vec<(String, String)> = tokenize(&c.input)
                .map(|t| {
                    (
                        t.span.slice(&c.input).to_owned(),
                        t.kind.as_str().to_owned(),
                    )
                })
                .collect();
            if got != c.tokens {
                return Err(format!(
                    "{:?}\n    got      {got:?}\n    expected {:?}",
                    c.input, c.tokens
                ));
            }
            Ok(())
        },
    );
}

#[derive(Deserialize)]
struct SentenceCase {
    name: String,
    input: String,
    sentences: Vec<String>,
}

#[test]
fn sentences_gold() {
    let file: File<SentenceCase> = toml::from_str(&read("sentences.toml")).unwrap();
    assert!(file.case.len() >= 12);
    run_cases(
        "sentences.toml",
        file,
        |c| &c.name,
        |c| {
            let tokens: Vec<_> = tokenize(&c.input).collect();
            let got: Vec<&str> = split_sentences(&c.input, &tokens)
                .iter()
                .map(|s| s.span.slice(&c.input))
                .collect();
            if got != c.sentences {
                return Err(format!(
                    "{:?}\n    got      {got:?}\n    expected {:?}",
                    c.input, c.sentences
                ));
            }
            Ok(())
        },
    );
}

#[derive(Deserialize)]
struct SegmentCase {
    word: String,
    expected: String,
    #[allow(dead_code)]
    note: String,
}

#[test]
fn segment_gold() {
    let file: File<SegmentCase> = toml::from_str(&read("segment.toml")).unwrap();
    assert!(file.case.len() >= 40);
    run_cases(
        "segment.toml",
        file,
        |c| &c.word,
        |c| {
            let got: Vec<String> = Segmenter::builtin()
                .segment(&c.word)
                .into_iter()
                .map(|s| s.form)
                .collect();
            let got = got.join("+");
            if got != c.expected {
                return Err(format!("got {got}, expected {} ({})", c.expected, c.note));
            }
            Ok(())
        },
    );
}

/// The same cases through the whole analyzer: the segments of a one-word
/// text must agree with the segmenter and slice the word without gaps.
#[test]
fn segment_gold_through_the_analyzer() {
    let file: File<SegmentCase> = toml::from_str(&read("segment.toml")).unwrap();
    let analyzer = rasd_text::TextAnalyzer::new();
    let mut problems = Vec::new();
    for c in &file.case {
        let a = analyzer.analyze(&c.word);
        let [t] = a.tokens() else {
            problems.push(format!("{}: {} tokens", c.word, a.tokens().len()));
            continue;
        };
        let segs = a.segments(t);
        let forms: Vec<&str> = segs.iter().map(|s| a.form(s)).collect();
        let direct: Vec<String> = Segmenter::builtin()
            .segment(&c.word)
            .into_iter()
            .map(|s| s.form)
            .collect();
        if forms != direct {
            problems.push(format!(
                "{}: analyzer {forms:?} vs segmenter {direct:?}",
                c.word
            ));
        }
        let mut at = t.span.start;
        for s in segs {
            if s.span.start != at {
                problems.push(format!("{}: gap or overlap at byte {at}", c.word));
            }
            at = s.span.end;
        }
        if at != t.span.end {
            problems.push(format!(
                "{}: segments end at {at}, token at {}",
                c.word, t.span.end
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
