//! The analysis the server runs: one place to switch engines.
//!
//! `rasd-pipeline` prints a document exactly as `rasd analyze` does and
//! builds the store's records; the server only bounds the text it accepts.

pub use rasd_input::Document;
pub use rasd_pipeline::Pipeline;

/// The largest text the server analyzes in one request or one ingested
/// document, in bytes. (`rasd analyze` takes any length, in chunks; over
/// HTTP a bound keeps one request from holding a worker for long.)
pub const MAX_TEXT_BYTES: usize = 1 << 20;
