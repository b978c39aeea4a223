//! `rasd`: Arabic news to structured, searchable event data.
//!
//! A thin binary: each subcommand lives in `commands/<name>.rs` and wires
//! the library crates together. Errors are `anyhow` here and typed below.

mod commands;
mod input;
mod output;

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
    /// Score rasd against gold standards.
    #[command(subcommand)]
    Eval(commands::eval::EvalCommand),
    /// Measure throughput (MB/s, tokens/s) and peak memory on a corpus.
    Bench(commands::bench::Args),
    /// Train a model from annotated data.
    #[command(subcommand)]
    Train(commands::ner::TrainCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Eval(cmd) => commands::eval::run(cmd),
        Command::Bench(args) => commands::bench::run(args),
        Command::Train(cmd) => commands::ner::run_train(cmd),
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
