//! `rasd serve`: the JSON API and the web page over a data directory.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

/// Arguments of `rasd serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory (written by `rasd ingest`).
    #[arg(long, default_value = "rasd-data", env = "RASD_DATA")]
    pub data: PathBuf,
    /// The address to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Enable ingest over HTTP (`POST /api/documents`) for clients sending
    /// `Authorization: Bearer TOKEN`. Without it the server is read-only.
    /// Prefer the environment variable: command lines are visible to every
    /// user of the machine.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "RASD_WRITE_TOKEN",
        hide_env_values = true
    )]
    pub write_token: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut config = rasd_server::ServeConfig::new(args.data);
    config.addr = args.addr;
    config.write_token = args.write_token;
    rasd_server::serve_blocking(config, args.threads)?;
    Ok(ExitCode::SUCCESS)
}
