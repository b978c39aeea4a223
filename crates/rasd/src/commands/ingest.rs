//! `rasd ingest`: documents in, analyzed on all cores, stored by one writer
//! in batched transactions, indexed for search.
//!
//! Unchanged documents (same id and content) are not analyzed again. A
//! killed run leaves a store that opens and checks clean; running it again
//! completes it with no duplicates.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rasd_input::{DocumentReader, Item, ReadOptions, Source};
use rasd_pipeline::Pipeline;
use rasd_store::{dedup, DataDir, Mode, Prepared, PutOutcome};
use rayon::prelude::*;

/// Arguments of `rasd ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and folders (walked recursively; only .txt, .text, .jsonl,
    /// .ndjson, .html, .htm, .xhtml files, or any of them .gz): text, JSON
    /// Lines, HTML. `-` or nothing: standard input.
    pub paths: Vec<PathBuf>,
    /// The data directory.
    #[arg(long, default_value = "rasd-data", env = "RASD_DATA")]
    pub data: PathBuf,
    /// Read every input as JSON Lines.
    #[arg(long)]
    pub jsonl: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of skipping the document.
    #[arg(long)]
    pub lossy: bool,
    /// Documents per transaction (and index commit): larger batches ingest
    /// faster; a killed run redoes at most one batch.
    #[arg(long, default_value_t = 2048)]
    pub batch: usize,
    /// No progress bar or log lines; only the summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Refuse documents larger than this many megabytes (a news article is
    /// a few kilobytes; `rasd analyze` streams documents of any size).
    #[arg(long, default_value_t = 32)]
    pub max_document_mb: usize,
}

/// Bytes of text per batch at most.
const BATCH_BYTES: usize = 32 << 20;

#[derive(Debug, Default, serde::Serialize)]
struct Summary {
    read: u64,
    inserted: u64,
    replaced: u64,
    unchanged: u64,
    errors: u64,
    /// Files in folders left out: not of a document format.
    skipped_files: u64,
    bytes: u64,
    seconds: f64,
    documents_per_second: f64,
    store: rasd_store::StoreStats,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = DataDir::open(&args.data, Mode::ReadWrite)
        .with_context(|| format!("opening the data directory {}", args.data.display()))?;
    // Folders expanded here, so that the progress bar's total counts only
    // the files that will be read.
    let (sources, skipped) = super::analyze::expand_sources(&args.paths);
    let total_bytes: u64 = sources
        .iter()
        .filter_map(|s| match s {
            Ok(Source::File(p)) => std::fs::metadata(p).ok().map(|m| m.len()),
            _ => None,
        })
        .sum();
    let mut reader = DocumentReader::from_expanded(
        sources,
        ReadOptions {
            jsonl: args.jsonl,
            lossy: args.lossy,
        },
    );
    let progress = Progress::new(args.quiet, total_bytes);
    let pipeline = Pipeline::new();
    let start = Instant::now();
    let mut summary = Summary::default();
    let batch_docs = args.batch.max(1);
    let max_bytes = args.max_document_mb.saturating_mul(1 << 20);

    // One writer thread; the analysis of the next batch overlaps the write
    // of the last one.
    let (tx, rx) = mpsc::sync_channel::<Vec<Prepared>>(1);
    let writer = std::thread::scope(|scope| -> Result<(u64, u64, u64)> {
        let dir = &dir;
        let handle = scope.spawn(move || -> Result<(u64, u64, u64)> {
            let (mut ins, mut rep, mut unch) = (0, 0, 0);
            for batch in rx {
                for o in dir.put_prepared(batch)? {
                    match o {
                        PutOutcome::Inserted => ins += 1,
                        PutOutcome::Replaced => rep += 1,
                        PutOutcome::Unchanged => unch += 1,
                    }
                }
            }
            Ok((ins, rep, unch))
        });
        let mut batch: Vec<Item> = Vec::with_capacity(batch_docs);
        loop {
            batch.clear();
            let mut bytes = 0usize;
            for item in reader.by_ref() {
                if let Ok(doc) = &item {
                    bytes += doc.text.len();
                }
                batch.push(item);
                if batch.len() >= batch_docs || bytes >= BATCH_BYTES {
                    break;
                }
            }
            if batch.is_empty() {
                break;
            }
            let store = dir.store();
            // `None` for errors, an empty id for documents stored unchanged.
            let records: Vec<Option<Prepared>> = batch
                .par_iter()
                .map(|item| {
                    let doc = item.as_ref().ok().filter(|d| d.text.len() <= max_bytes)?;
                    // Same id and content as stored: nothing to analyze.
                    let known = store.hash_of(&doc.id).ok().flatten();
                    if known
                        .is_some_and(|h| h == dedup::content_hash(doc.title.as_deref(), &doc.text))
                    {
                        return Some(Prepared::new(Default::default()));
                    }
                    Some(Prepared::new(pipeline.record(doc)))
                })
                .collect();
            let mut out = Vec::with_capacity(records.len());
            for (item, rec) in batch.drain(..).zip(records) {
                summary.read += 1;
                match (item, rec) {
                    (Err(e), _) => {
                        summary.errors += 1;
                        progress.error(&format!("rasd: {e}; skipped"));
                    }
                    (Ok(doc), _) if doc.text.len() > max_bytes => {
                        summary.errors += 1;
                        progress.error(&format!(
                            "rasd: {}: document of {:.1} MB is larger than --max-document-mb {}; skipped",
                            doc.id,
                            doc.text.len() as f64 / 1e6,
                            args.max_document_mb
                        ));
                    }
                    (Ok(doc), Some(rec)) => {
                        summary.bytes += doc.text.len() as u64;
                        if rec.record.id.is_empty() {
                            summary.unchanged += 1;
                        } else {
                            out.push(rec);
                        }
                    }
                    (Ok(_), None) => {}
                }
            }
            progress.update(summary.bytes, summary.read, start.elapsed());
            if !out.is_empty() && tx.send(out).is_err() {
                break; // the writer failed; its error is reported below
            }
        }
        drop(tx);
        handle
            .join()
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?
    });
    progress.finish();
    let (ins, rep, unch) = writer.context("writing to the store")?;
    summary.inserted = ins;
    summary.replaced = rep;
    summary.unchanged += unch;
    summary.seconds = start.elapsed().as_secs_f64();
    summary.documents_per_second =
        (summary.read - summary.errors) as f64 / summary.seconds.max(1e-9);
    summary.store = dir.stats()?;
    summary.skipped_files = skipped.len() as u64;
    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
    } else {
        let s = &summary.store;
        eprintln!(
            "rasd: {} documents read in {:.1} s ({:.0}/s): {} new, {} replaced, {} unchanged, {} errors",
            summary.read,
            summary.seconds,
            summary.documents_per_second,
            summary.inserted,
            summary.replaced,
            summary.unchanged,
            summary.errors
        );
        eprintln!(
            "rasd: store {}: {} documents ({} near-duplicates), {} entities, {} events, {} actors, {:.1} MB on disk",
            args.data.display(),
            s.documents,
            s.duplicates,
            s.entities,
            s.events,
            s.actors,
            s.bytes as f64 / 1e6
        );
        super::analyze::report_skipped(&skipped);
    }
    if summary.errors > 0 {
        eprintln!(
            "rasd: partial run: {} input(s) skipped; see the messages above",
            summary.errors
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on a terminal, a log line every few seconds otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    last_log: std::cell::Cell<Instant>,
}

impl Progress {
    fn new(quiet: bool, total_bytes: u64) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = if total_bytes > 0 {
                ProgressBar::new(total_bytes)
            } else {
                ProgressBar::no_length()
            };
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            quiet,
            last_log: std::cell::Cell::new(Instant::now()),
        }
    }

    fn update(&self, bytes: u64, docs: u64, elapsed: Duration) {
        let rate = docs as f64 / elapsed.as_secs_f64().max(1e-9);
        match &self.bar {
            Some(bar) => {
                bar.set_position(bytes);
                bar.set_message(format!("{docs} docs, {rate:.0}/s"));
            }
            None if !self.quiet && self.last_log.get().elapsed() >= Duration::from_secs(5) => {
                self.last_log.set(Instant::now());
                eprintln!(
                    "rasd: {docs} documents, {:.1} MB, {rate:.0} documents/s",
                    bytes as f64 / 1e6
                );
            }
            None => {}
        }
    }

    fn error(&self, msg: &str) {
        match &self.bar {
            Some(bar) => bar.println(msg),
            None => eprintln!("{msg}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
