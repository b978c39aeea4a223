//! Criterion benches, one per stage, on the bundled sample corpus
//! (`data/sample/articles.jsonl`, text written for rasd).
//!
//! Each bench asserts a count (tokens, sentences, segments or normalized
//! bytes) on every iteration, so that a change that silently drops or adds
//! tokens fails here instead of looking like a speed-up. When a deliberate
//! change to a stage moves a count, update the constant below and say why in
//! the commit.
//!
//! Run with `cargo bench -p rasd-text`; one stage with
//! `cargo bench -p rasd-text -- segment`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rasd_text::normalize::Normalizer;
use rasd_text::sentence::split_sentences;
use rasd_text::tokenize::{tokenize, RawToken};
use rasd_text::{Analysis, TextAnalyzer};

/// The corpus: JSON Lines, one article per line.
const CORPUS: &str = include_str!("../../../data/sample/articles.jsonl");

/// Articles in the corpus.
const DOCUMENTS: usize = 24;
/// Bytes of article text (the `text` fields, decoded).
const TEXT_BYTES: usize = 61_667;
/// Bytes of the search-normalized text.
const NORMALIZED_BYTES: usize = 61_412;
/// Tokens of all articles.
const TOKENS: usize = 6_491;
/// Sentences of all articles.
const SENTENCES: usize = 163;
/// Segments of all tokens (clitics, stems and suffixes).
const SEGMENTS: usize = 10_550;

/// The `text` field of every line of `corpus`. A minimal JSON string reader:
/// the corpus is ours and simple, and rasd-text keeps its dev-dependencies
/// small.
fn texts(corpus: &str) -> Vec<String> {
    corpus
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let key = line.find("\"text\"").expect("every article has a text");
            let rest = line[key + 6..].trim_start();
            let rest = rest
                .strip_prefix(':')
                .expect("a colon after the key")
                .trim_start();
            json_string(rest)
        })
        .collect()
}

/// Decodes the JSON string at the start of `s` (which starts with `"`).
fn json_string(s: &str) -> String {
    let mut chars = s.strip_prefix('"').expect("a JSON string").chars();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return out,
            '\\' => match chars.next().expect("an escape") {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex = |chars: &mut std::str::Chars<'_>| {
                        let h: String = chars.take(4).collect();
                        u32::from_str_radix(&h, 16).expect("four hex digits")
                    };
                    let mut u = hex(&mut chars);
                    if (0xD800..0xDC00).contains(&u) {
                        assert_eq!((chars.next(), chars.next()), (Some('\\'), Some('u')));
                        let low = hex(&mut chars);
                        u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                    }
                    out.push(char::from_u32(u).expect("a scalar value"));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    panic!("unterminated JSON string");
}

/// The counts the benches assert, as measured now.
#[derive(Debug, PartialEq, Eq)]
struct Counts {
    documents: usize,
    text_bytes: usize,
    normalized_bytes: usize,
    tokens: usize,
    sentences: usize,
    segments: usize,
}

const EXPECTED: Counts = Counts {
    documents: DOCUMENTS,
    text_bytes: TEXT_BYTES,
    normalized_bytes: NORMALIZED_BYTES,
    tokens: TOKENS,
    sentences: SENTENCES,
    segments: SEGMENTS,
};

fn measure(docs: &[String]) -> Counts {
    let search = Normalizer::search();
    let analyzer = TextAnalyzer::new();
    let mut c = Counts {
        documents: docs.len(),
        text_bytes: 0,
        normalized_bytes: 0,
        tokens: 0,
        sentences: 0,
        segments: 0,
    };
    for d in docs {
        c.text_bytes += d.len();
        c.normalized_bytes += search.key(d).len();
        let tokens: Vec<RawToken> = tokenize(d).collect();
        c.tokens += tokens.len();
        c.sentences += split_sentences(d, &tokens).len();
        let a = analyzer.analyze(d);
        c.segments += a
            .tokens()
            .iter()
            .map(|t| a.segments(t).len())
            .sum::<usize>();
    }
    c
}

/// The corpus texts and their size; checks every count once, up front, so
/// that a mismatch shows all the new numbers at once.
fn corpus() -> (Vec<String>, u64) {
    let docs = texts(CORPUS);
    let counts = measure(&docs);
    assert_eq!(
        counts, EXPECTED,
        "a count moved: update the constants if the change is deliberate"
    );
    (docs, counts.text_bytes as u64)
}

fn stages(c: &mut Criterion) {
    let (docs, bytes) = corpus();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes));

    let search = Normalizer::search();
    group.bench_function("normalize_search", |b| {
        b.iter(|| {
            let n: usize = docs.iter().map(|d| search.key(black_box(d)).len()).sum();
            assert_eq!(n, NORMALIZED_BYTES);
        })
    });

    group.bench_function("tokenize_normalize", |b| {
        let mut norm = String::new();
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                for t in tokenize(black_box(d)) {
                    norm.clear();
                    search.normalize_into(t.span.slice(d), &mut norm);
                    black_box(&norm);
                    n += 1;
                }
            }
            assert_eq!(n, TOKENS);
        })
    });

    // Sentences alone: the tokens are made once, outside the loop.
    let tokens: Vec<Vec<RawToken>> = docs.iter().map(|d| tokenize(d).collect()).collect();
    group.bench_function("sentences", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .zip(&tokens)
                .map(|(d, t)| split_sentences(black_box(d), t).len())
                .sum();
            assert_eq!(n, SENTENCES);
        })
    });

    // The whole analyzer: tokenize, sentences, normalize, segment, stem.
    let analyzer = TextAnalyzer::new();
    let mut analysis = Analysis::default();
    group.bench_function("segment_stem", |b| {
        b.iter(|| {
            let (mut n_tokens, mut n_segments) = (0, 0);
            for d in &docs {
                analyzer.analyze_into(black_box(d), &mut analysis);
                n_tokens += analysis.tokens().len();
                for t in analysis.tokens() {
                    n_segments += analysis.segments(t).len();
                    black_box(analysis.stem(t));
                }
            }
            assert_eq!((n_tokens, n_segments), (TOKENS, SEGMENTS));
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
