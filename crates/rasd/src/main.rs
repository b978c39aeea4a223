//! `rasd`: Arabic news to structured, searchable event data.
//!
//! A thin binary: each subcommand lives in `commands/<name>.rs` and wires
//! the library crates together. Errors are `anyhow` here and typed below.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// rasd (رصد): turns Arabic news into structured, searchable event data.
#[derive(Debug, Parser)]
#[command(name = "rasd", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyze documents and print one JSON object per document (JSON Lines).
    Analyze(commands::analyze::Args),
    /// Analyze documents into a data directory (store and search index).
    Ingest(commands::ingest::Args),
    /// Full-text search (BM25, Arabic-aware) with highlighted snippets.
    Search(commands::query::SearchArgs),
    /// Events from the store, with GDELT-style counts over story copies.
    Events(commands::query::EventsArgs),
    /// Actors by mentions, with their codes and Latin names.
    Actors(commands::query::ActorsArgs),
    /// One document with its entities and events.
    Show(commands::query::ShowArgs),
    /// Export the store: jsonl, csv, gdelt or parquet.
    Export(commands::export::Args),
    /// Open a data directory, bring its index up to date, check integrity.
    Check(commands::query::CheckArgs),
    /// Score rasd against gold standards.
    #[command(subcommand)]
    Eval(commands::eval::EvalCommand),
    /// Measure throughput (MB/s, tokens/s) and peak memory on a corpus.
    Bench(commands::bench::Args),
    /// Measure search latency (p50, p99) with mixed queries on a store.
    BenchSearch(commands::search_bench::Args),
    /// Train a model from annotated data.
    #[command(subcommand)]
    Train(commands::ner::TrainCommand),
    /// Serve the JSON API and the web page over a data directory.
    #[cfg(feature = "server")]
    Serve(commands::serve::Args),
}

// The pipeline allocates many short-lived strings and vectors per article on
// every worker thread; mimalloc's thread-local free lists serve them faster
// than the system allocator (measured with tools/bench/ab.py).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Search(args) => commands::query::search(args),
        Command::Events(args) => commands::query::events(args),
        Command::Actors(args) => commands::query::actors(args),
        Command::Show(args) => commands::query::show(args),
        Command::Export(args) => commands::export::run(args),
        Command::Check(args) => commands::query::check(args),
        Command::Eval(cmd) => commands::eval::run(cmd),
        Command::Bench(args) => commands::bench::run(args),
        Command::BenchSearch(args) => commands::search_bench::run(args),
        Command::Train(cmd) => commands::ner::run_train(cmd),
        #[cfg(feature = "server")]
        Command::Serve(args) => commands::serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`rasd analyze | head`) is not an error.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("rasd: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
