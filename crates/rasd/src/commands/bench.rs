//! `rasd bench`: throughput of each stage on a corpus, on one core and on
//! all cores, and the process's peak memory.
//!
//! Each measurement runs the stage over the whole corpus `--runs` times and
//! reports the median, so a noisy machine moves it less.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};
use rasd_input::{Document, DocumentReader, ReadOptions, Source};
use rasd_text::normalize::Normalizer;
use rasd_text::tokenize::tokenize;
use rasd_text::{Analysis, TextAnalyzer};
use rayon::prelude::*;

use rasd_pipeline::{write_document, OutputOptions};

/// Arguments of `rasd bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The corpus: JSON Lines (`.jsonl`) or plain text.
    #[arg(long)]
    pub corpus: PathBuf,
    /// The stage to measure; all stages when not given.
    #[arg(long, value_enum)]
    pub stage: Option<Stage>,
    /// Runs per measurement (the median is reported).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Print one JSON object per stage.
    #[arg(long)]
    pub json: bool,
}

/// A measurable stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Stage {
    /// Search-profile normalization of the whole text.
    Normalize,
    /// Tokenization, with every token's search-normalized form.
    Tokenize,
    /// Tokenize + normalize + sentences + clitic segmentation + light stems.
    Segment,
    /// The full `rasd analyze` path, JSON output included.
    Analyze,
}

impl Stage {
    fn name(&self) -> &'static str {
        match self {
            Stage::Normalize => "normalize",
            Stage::Tokenize => "tokenize",
            Stage::Segment => "segment",
            Stage::Analyze => "analyze",
        }
    }
}

/// The engines, built once (as `rasd analyze` does).
struct Engines {
    search: Normalizer,
    analyzer: TextAnalyzer,
}

/// Runs `stage` over one document; returns the number of tokens it saw.
fn run_stage(
    stage: Stage,
    e: &Engines,
    doc: &Document,
    analysis: &mut Analysis,
    buf: &mut Vec<u8>,
) -> usize {
    match stage {
        Stage::Normalize => {
            let n = e.search.key(&doc.text).len();
            std::hint::black_box(n);
            0
        }
        Stage::Tokenize => {
            let search = &e.search;
            let mut norm = String::new();
            let mut count = 0;
            for t in tokenize(&doc.text) {
                norm.clear();
                search.normalize_into(t.span.slice(&doc.text), &mut norm);
                std::hint::black_box(&norm);
                count += 1;
            }
            count
        }
        Stage::Segment => {
            e.analyzer.analyze_into(&doc.text, analysis);
            analysis.tokens().len()
        }
        Stage::Analyze => {
            buf.clear();
            let opts = OutputOptions {
                tokens: true,
                ..OutputOptions::default()
            };
            let _ = write_document(doc, &e.analyzer, opts, buf);
            std::hint::black_box(&buf);
            tokenize(&doc.text).count()
        }
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// Peak resident memory of this process in MiB (Linux), if known.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let reader = DocumentReader::new(
        vec![Source::File(args.corpus.clone())],
        ReadOptions {
            jsonl: false,
            lossy: true,
        },
    );
    let docs: Vec<Document> = reader.filter_map(Result::ok).collect();
    if docs.is_empty() {
        bail!("no document in {}", args.corpus.display());
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    let runs = args.runs.max(1);
    let stages = match args.stage {
        Some(s) => vec![s],
        None => vec![
            Stage::Normalize,
            Stage::Tokenize,
            Stage::Segment,
            Stage::Analyze,
        ],
    };
    // Build the lexicon before timing anything.
    let t0 = Instant::now();
    let _ = TextAnalyzer::new().analyze("تهيئة");
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    let threads = rayon::current_num_threads();
    let engines = Engines {
        search: Normalizer::search(),
        analyzer: TextAnalyzer::new(),
    };
    if !args.json {
        println!(
            "corpus: {} documents, {:.1} MB; lexicon load {:.0} ms; {} runs, median; {} threads",
            docs.len(),
            mb,
            load_ms,
            runs,
            threads
        );
        println!(
            "{:<10} {:>12} {:>14} {:>12} {:>14}",
            "stage", "1 core MB/s", "1 core tok/s", "all MB/s", "all tok/s"
        );
    }
    for stage in stages {
        let mut one = Vec::new();
        let mut tokens = 0;
        for _ in 0..runs {
            let mut analysis = Analysis::default();
            let mut buf = Vec::new();
            let t = Instant::now();
            tokens = docs
                .iter()
                .map(|d| run_stage(stage, &engines, d, &mut analysis, &mut buf))
                .sum();
            one.push(t.elapsed().as_secs_f64());
        }
        let mut all = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let n: usize = docs
                .par_iter()
                .map_init(
                    || (Analysis::default(), Vec::new()),
                    |(a, b), d| run_stage(stage, &engines, d, a, b),
                )
                .sum();
            std::hint::black_box(n);
            all.push(t.elapsed().as_secs_f64());
        }
        let (one, all) = (median(one), median(all));
        let tok = |secs: f64| {
            if tokens == 0 {
                0.0
            } else {
                tokens as f64 / secs
            }
        };
        if args.json {
            println!(
                "{}",
                serde_json::json!({
                    "stage": stage.name(),
                    "documents": docs.len(),
                    "megabytes": mb,
                    "tokens": tokens,
                    "one_core_mb_s": mb / one,
                    "one_core_tokens_s": tok(one),
                    "all_cores_mb_s": mb / all,
                    "all_cores_tokens_s": tok(all),
                    "threads": threads,
                    "peak_rss_mib": peak_rss_mib(),
                    "lexicon_load_ms": load_ms,
                })
            );
        } else {
            println!(
                "{:<10} {:>12.1} {:>14.0} {:>12.1} {:>14.0}",
                stage.name(),
                mb / one,
                tok(one),
                mb / all,
                tok(all)
            );
        }
        std::io::stdout().flush()?;
    }
    if !args.json {
        if let Some(p) = peak_rss_mib() {
            println!("peak memory (whole process, corpus loaded): {p:.0} MiB");
        }
    }
    Ok(ExitCode::SUCCESS)
}
