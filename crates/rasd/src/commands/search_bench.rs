//! `rasd bench-search`: latency of mixed queries on a data directory.
//!
//! Queries are drawn (deterministically, from `--seed`) from the store's
//! own documents: single words and word pairs from titles and text,
//! two-word phrases, and words with a date range, a source, an entity or a
//! CAMEO code filter. Each query runs once, in sequence, after a warm-up
//! pass; the report gives the latency percentiles.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use rasd_store::{ActorFilter, DataDir, Mode, SearchQuery};

/// Arguments of `rasd bench-search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory.
    #[arg(long, default_value = "rasd-data", env = "RASD_DATA")]
    pub data: PathBuf,
    /// How many queries.
    #[arg(long, default_value_t = 1000)]
    pub queries: usize,
    /// Seed of the query mix.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Documents sampled for query words.
    #[arg(long, default_value_t = 2000)]
    pub sample: usize,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> Option<&'a T> {
        if v.is_empty() {
            None
        } else {
            Some(&v[(self.next() % v.len() as u64) as usize])
        }
    }
}

#[derive(Default)]
struct Material {
    words: Vec<String>,
    phrases: Vec<String>,
    sources: Vec<String>,
    dates: Vec<String>,
    codes: Vec<String>,
    entities: Vec<String>,
}

fn material(dir: &DataDir, sample: usize) -> Result<Material> {
    let mut m = Material::default();
    let mut n = 0usize;
    let _ = dir.store().for_each_document(&mut |d| {
        n += 1;
        if n > sample {
            // Stop early: an error ends the scan, and is ignored.
            return Err(rasd_store::StoreError::ReadOnly);
        }
        let r = &d.record;
        let words: Vec<&str> = r
            .title
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .chain(r.text.split_whitespace().take(60))
            .filter(|w| w.chars().count() >= 4 && w.chars().all(|c| c.is_alphabetic()))
            .collect();
        for w in words.iter().step_by(7) {
            m.words.push((*w).to_owned());
        }
        for p in words.windows(2).step_by(11) {
            m.phrases.push(format!("\"{} {}\"", p[0], p[1]));
        }
        if let Some(s) = &r.source {
            if !m.sources.contains(s) {
                m.sources.push(s.clone());
            }
        }
        if let Some(p) = &r.published {
            m.dates.push(p.clone());
        }
        for e in &r.events {
            m.codes.push(e.code.get(..2).unwrap_or(&e.code).to_owned());
        }
        Ok(())
    });
    m.entities = dir
        .store()
        .actors(&ActorFilter {
            top: 100,
            ..ActorFilter::default()
        })?
        .into_iter()
        .map(|a| a.canonical)
        .collect();
    m.dates.sort();
    Ok(m)
}

fn queries(m: &Material, n: usize, seed: u64) -> Vec<SearchQuery> {
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let Some(w) = rng.pick(&m.words).cloned() else {
            break;
        };
        let mut q = SearchQuery {
            q: w.clone(),
            limit: 10,
            ..SearchQuery::default()
        };
        match rng.next() % 20 {
            0..=7 => {}
            8..=11 => {
                if let Some(w2) = rng.pick(&m.words) {
                    q.q = format!("{w} {w2}");
                }
            }
            12..=14 => {
                if let Some(p) = rng.pick(&m.phrases) {
                    q.q = p.clone();
                }
            }
            15 | 16 => {
                if let (Some(a), Some(b)) = (rng.pick(&m.dates), rng.pick(&m.dates)) {
                    let (a, b) = if a <= b { (a, b) } else { (b, a) };
                    q.from = Some(a.clone());
                    q.to = Some(b.clone());
                }
            }
            17 => q.source = rng.pick(&m.sources).cloned(),
            18 => q.entity = rng.pick(&m.entities).cloned(),
            _ => q.code = rng.pick(&m.codes).cloned(),
        }
        out.push(q);
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = DataDir::open(&args.data, Mode::ReadOnly)
        .with_context(|| format!("opening the data directory {}", args.data.display()))?;
    let m = material(&dir, args.sample)?;
    let qs = queries(&m, args.queries, args.seed);
    anyhow::ensure!(
        !qs.is_empty(),
        "the store has no documents to draw queries from"
    );
    // Warm-up: the first pass over the index maps its files.
    for q in qs.iter().take(50) {
        dir.search(q)?;
    }
    let mut ms = Vec::with_capacity(qs.len());
    let mut hits = 0usize;
    let mut matched = 0usize;
    for q in &qs {
        let t = Instant::now();
        let r = dir.search(q)?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        hits += r.hits.len();
        matched += usize::from(r.total > 0);
    }
    let mut sorted = ms.clone();
    sorted.sort_by(f64::total_cmp);
    let report = serde_json::json!({
        "queries": qs.len(),
        "documents": dir.stats()?.documents,
        "with_results": matched,
        "mean_hits": hits as f64 / qs.len() as f64,
        "p50_ms": percentile(&sorted, 0.50),
        "p90_ms": percentile(&sorted, 0.90),
        "p99_ms": percentile(&sorted, 0.99),
        "max_ms": sorted.last().copied().unwrap_or(0.0),
        "mean_ms": ms.iter().sum::<f64>() / ms.len() as f64,
    });
    if args.json {
        println!("{report}");
    } else {
        println!(
            "{} queries on {} documents ({} with results): p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            report["queries"], report["documents"], matched, report["p50_ms"].as_f64().unwrap_or(0.0),
            report["p90_ms"].as_f64().unwrap_or(0.0), report["p99_ms"].as_f64().unwrap_or(0.0),
            report["max_ms"].as_f64().unwrap_or(0.0)
        );
    }
    Ok(ExitCode::SUCCESS)
}
