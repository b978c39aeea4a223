//! `rasd export`: the store as JSON Lines, CSV, GDELT rows or Parquet.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use rasd_store::export::{self, Format};

use super::query::EventsArgs;

/// Arguments of `rasd export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// jsonl (documents with entities and events), csv or gdelt (events
    /// with their counts over copies of a story), parquet (events, typed).
    #[arg(long)]
    pub format: Format,
    /// The output file (`-`: standard output, not for parquet).
    #[arg(long)]
    pub out: PathBuf,
    /// Filters, as `rasd events` takes them (`--limit 0`: no limit).
    #[command(flatten)]
    pub events: EventsArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = rasd_store::DataDir::open(&args.events.data.data, rasd_store::Mode::ReadOnly)
        .with_context(|| {
            format!(
                "opening the data directory {}",
                args.events.data.data.display()
            )
        })?;
    let mut filter = args.events.filter();
    if args.events.limit == 50 {
        // The `rasd events` default; an export takes everything.
        filter.limit = 0;
    }
    let to_stdout = args.out.as_os_str() == "-";
    let mut sink: Box<dyn Write + Send> = if to_stdout {
        Box::new(std::io::stdout())
    } else {
        Box::new(
            File::create(&args.out).with_context(|| format!("creating {}", args.out.display()))?,
        )
    };
    let store = dir.store();
    let n = match args.format {
        Format::Jsonl => {
            let mut w = BufWriter::new(&mut sink);
            let n = export::write_jsonl(store, &filter, &mut w)?;
            w.flush()?;
            n
        }
        Format::Csv => {
            let mut w = BufWriter::new(&mut sink);
            let n = export::write_csv(store, &filter, &mut w)?;
            w.flush()?;
            n
        }
        Format::Gdelt => {
            let mut w = BufWriter::new(&mut sink);
            let n = export::write_gdelt(store, &filter, &mut w)?;
            w.flush()?;
            n
        }
        Format::Parquet => parquet(store, &filter, sink, to_stdout)?,
    };
    eprintln!(
        "rasd: {n} {} written to {}",
        if args.format == Format::Jsonl {
            "documents"
        } else {
            "events"
        },
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "parquet")]
fn parquet(
    store: &dyn rasd_store::Store,
    filter: &rasd_store::EventFilter,
    sink: Box<dyn Write + Send>,
    to_stdout: bool,
) -> Result<u64> {
    if to_stdout {
        anyhow::bail!("Parquet needs a file: give --out FILE");
    }
    Ok(export::write_parquet(store, filter, BufWriter::new(sink))?)
}

#[cfg(not(feature = "parquet"))]
fn parquet(
    _: &dyn rasd_store::Store,
    _: &rasd_store::EventFilter,
    _: Box<dyn Write + Send>,
    _: bool,
) -> Result<u64> {
    anyhow::bail!("this rasd was built without Parquet support (cargo feature `parquet`)")
}
