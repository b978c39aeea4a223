//! Speed, load time and memory of the statistical tagger on real news.
//!
//! Ignored by default (it wants a release build and the news sample, which
//! is not part of the repository):
//!
//! ```text
//! cargo test --release -p rasd-ner --test tagger_speed -- --ignored --nocapture
//! ```
//!
//! `RASD_NEWS` names a JSON Lines file with a `text` field per line; the
//! default is the SaudiNewsNet sample in `../shared/data/news`. Only the
//! first `RASD_NEWS_DOCS` documents (default 2000) are read.

use std::time::{Duration, Instant};

use rasd_ner::tagger::Tagger;
use rasd_text::TextAnalyzer;

/// Peak resident memory of this process, in kB (Linux).
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
#[ignore = "needs a release build and the news sample"]
fn tagger_speed_on_news() {
    let path = std::env::var("RASD_NEWS").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/news/saudinewsnet_sample.jsonl"
        )
        .to_string()
    });
    let Ok(file) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: cannot read {path}");
        return;
    };
    let max_docs: usize = std::env::var("RASD_NEWS_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let texts: Vec<String> = file
        .lines()
        .take(max_docs)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner/anercorp.bin");
    let bytes = std::fs::read(model).unwrap();

    // Load: parse the model, build the gazetteer and the segmenter's lexicon.
    let t = Instant::now();
    let tagger = Tagger::from_bytes(&bytes).unwrap();
    let first_load = t.elapsed();
    let t = Instant::now();
    let again = Tagger::from_bytes(&bytes).unwrap();
    let model_only = t.elapsed();
    drop(again);

    // One document at a time, as `rasd analyze` does; only the tagging is
    // timed for the tagger's figure.
    let analyzer = TextAnalyzer::new();
    let mut a = rasd_text::Analysis::default();
    let (mut analyze, mut tag) = (Duration::ZERO, Duration::ZERO);
    let (mut tokens, mut entities) = (0usize, 0usize);
    for text in &texts {
        let t = Instant::now();
        analyzer.analyze_into(text, &mut a);
        analyze += t.elapsed();
        let t = Instant::now();
        let labels = tagger.tag_document(&a);
        tag += t.elapsed();
        tokens += labels.len();
        entities += rasd_ner::tagger::entities(&labels).len();
    }
    let per_s = tokens as f64 / tag.as_secs_f64();
    eprintln!(
        "{} documents, {tokens} tokens, {entities} entities",
        texts.len()
    );
    eprintln!(
        "load: {:.1} ms the first time (model, gazetteer, lexicon), {:.1} ms the model alone",
        first_load.as_secs_f64() * 1e3,
        model_only.as_secs_f64() * 1e3
    );
    eprintln!(
        "rasd-text analysis: {:.0} tokens/s; tagging (features + Viterbi, two passes): {per_s:.0} tokens/s",
        tokens as f64 / analyze.as_secs_f64()
    );
    if let Some(kb) = peak_kb() {
        eprintln!(
            "peak memory: {:.1} MB (the news file read whole included)",
            kb as f64 / 1e3
        );
    }
    assert!(entities > 0);
}
