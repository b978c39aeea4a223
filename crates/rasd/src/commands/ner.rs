//! `rasd train ner` and `rasd eval ner` (being written).

use std::process::ExitCode;

use anyhow::{bail, Result};

/// What `rasd train` can train.
#[derive(Debug, clap::Subcommand)]
pub enum TrainCommand {
    /// Train the named-entity tagger.
    Ner(TrainNerArgs),
}

/// Arguments of `rasd train ner`.
#[derive(Debug, clap::Args)]
pub struct TrainNerArgs {}

/// Arguments of `rasd eval ner`.
#[derive(Debug, clap::Args)]
pub struct EvalNerArgs {}

pub fn run_train(_cmd: TrainCommand) -> Result<ExitCode> {
    bail!("not yet implemented")
}

pub fn run_eval(_args: EvalNerArgs) -> Result<ExitCode> {
    bail!("not yet implemented")
}
