//! One module per subcommand.

pub mod analyze;
pub mod bench;
pub mod eval;
pub mod events_eval;
pub mod export;
pub mod ingest;
pub mod ner;
pub mod query;
pub mod search_bench;
#[cfg(feature = "server")]
pub mod serve;
