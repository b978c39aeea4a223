//! `rasd analyze`: documents in, one JSON object per document out.
//!
//! Documents are analyzed in parallel on all cores, in batches, and written
//! in input order; memory is bounded by the batch, not the number of
//! documents. A document over [`BIG_DOC`] bytes is written on its own, in
//! chunks, straight to the output.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use rasd_input::{Document, DocumentReader, InputError, Item, ReadOptions, Source};
use rasd_text::TextAnalyzer;
use rayon::prelude::*;

use rasd_pipeline::{write_document, write_gdelt_document, Format, OutputOptions};

/// Arguments of `rasd analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input files and folders: plain text (one document each), JSON Lines
    /// (`.jsonl`, or any file with `--jsonl`), HTML, any of them gzipped. A
    /// folder is walked for .txt, .text, .jsonl, .ndjson, .html, .htm and
    /// .xhtml files. Reads standard input when none is given or for `-`.
    pub files: Vec<PathBuf>,
    /// Read every input as JSON Lines (fields id, text, published, title,
    /// source, url).
    #[arg(long)]
    pub jsonl: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of skipping the document.
    #[arg(long)]
    pub lossy: bool,
    /// Add tokens with their normalized form, segments and stem.
    #[arg(long)]
    pub tokens: bool,
    /// Text core only: sentences (and tokens), no entities.
    #[arg(long)]
    pub no_entities: bool,
    /// Output format: `json` (JSON Lines, one object per document) or
    /// `gdelt` (tab-separated GDELT 2.0 event columns, one row per event).
    #[arg(long, default_value = "json")]
    pub format: Format,
}

/// Documents per parallel batch.
const BATCH_DOCS: usize = 256;
/// Bytes of text per parallel batch.
const BATCH_BYTES: usize = 32 << 20;
/// Documents larger than this are written alone, streaming.
const BIG_DOC: usize = 8 << 20;

pub fn run(args: Args) -> Result<ExitCode> {
    let (sources, skipped) = expand_sources(&args.files);
    let reader = DocumentReader::from_expanded(
        sources,
        ReadOptions {
            jsonl: args.jsonl,
            lossy: args.lossy,
        },
    );
    let analyzer = TextAnalyzer::new();
    let opts = OutputOptions {
        tokens: args.tokens,
        no_entities: args.no_entities,
        format: args.format,
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let errors = process(reader, &analyzer, opts, &mut out)?;
    out.flush()?;
    report_skipped(&skipped);
    if errors > 0 {
        eprintln!("rasd: {errors} document(s) skipped; see the messages above");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The sources named on the command line (`-` or nothing: standard input).
pub fn sources(files: &[PathBuf]) -> Vec<Source> {
    if files.is_empty() {
        return vec![Source::Stdin];
    }
    files
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                Source::Stdin
            } else {
                Source::File(p.clone())
            }
        })
        .collect()
}

/// The sources named on the command line with their folders walked, and
/// the files the walks left out (see [`rasd_input::expand_with_skipped`]).
pub fn expand_sources(files: &[PathBuf]) -> (Vec<Result<Source, InputError>>, Vec<PathBuf>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for s in sources(files) {
        match s {
            Source::File(p) => {
                let (found, left) = rasd_input::expand_with_skipped(&[p]);
                out.extend(found);
                skipped.extend(left);
            }
            Source::Stdin => out.push(Ok(Source::Stdin)),
        }
    }
    (out, skipped)
}

/// Tells on standard error which files the folder walks left out (the
/// first few by name): not an error, but a folder of `.csv` or `.pdf`
/// files would otherwise read as empty.
pub fn report_skipped(skipped: &[PathBuf]) {
    if skipped.is_empty() {
        return;
    }
    let shown: Vec<String> = skipped
        .iter()
        .take(3)
        .map(|p| p.display().to_string())
        .collect();
    let more = skipped.len().saturating_sub(shown.len());
    eprintln!(
        "rasd: {} file(s) in folders left out, not of a document format (.{}, or one of them .gz): {}{}",
        skipped.len(),
        rasd_input::DOCUMENT_EXTENSIONS.join(" ."),
        shown.join(", "),
        if more > 0 { format!(" and {more} more") } else { String::new() }
    );
}

/// Analyzes everything `reader` yields into `out`; returns the number of
/// records that could not be read.
pub fn process<W: Write>(
    mut reader: DocumentReader,
    analyzer: &TextAnalyzer,
    opts: OutputOptions,
    out: &mut W,
) -> Result<usize> {
    let mut errors = 0usize;
    let mut seen = 0u64; // documents before this batch, for GDELT event ids
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH_DOCS);
    loop {
        batch.clear();
        let mut bytes = 0usize;
        let mut big = None;
        for item in reader.by_ref() {
            if let Ok(doc) = &item {
                if doc.text.len() > BIG_DOC {
                    big = Some(item);
                    break;
                }
                bytes += doc.text.len();
            }
            batch.push(item);
            if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                break;
            }
        }
        if batch.is_empty() && big.is_none() {
            return Ok(errors);
        }
        let rendered: Vec<io::Result<Vec<u8>>> = batch
            .par_iter()
            .enumerate()
            .map(|(k, item)| match item {
                Ok(doc) => {
                    let mut buf = Vec::with_capacity(doc.text.len() / 2 + 64);
                    render(doc, seen + k as u64, analyzer, opts, &mut buf).map(|_| buf)
                }
                Err(_) => Ok(Vec::new()),
            })
            .collect();
        seen += batch.len() as u64;
        for (item, r) in batch.iter().zip(rendered) {
            match item {
                Ok(_) => out.write_all(&r?)?,
                Err(e) => {
                    errors += 1;
                    eprintln!("rasd: {e}; skipped");
                }
            }
        }
        if let Some(Ok(doc)) = big {
            render(&doc, seen, analyzer, opts, out)?;
            seen += 1;
        }
    }
}

/// Writes one document in the chosen format; `index` is its position in the
/// input (GDELT event ids are `index × 10,000 + n`).
fn render<W: Write>(
    doc: &Document,
    index: u64,
    analyzer: &TextAnalyzer,
    opts: OutputOptions,
    out: &mut W,
) -> io::Result<()> {
    match opts.format {
        Format::Json => write_document(doc, analyzer, opts, out),
        Format::Gdelt => write_gdelt_document(doc, index * 10_000, analyzer, out),
    }
}
