//! The integration tests of rasd: one binary, one module per area.
//!
//! - `cli_input`: bad input (invalid UTF-8, corrupt JSON Lines, missing
//!   files, hostile text) never stops a run of `rasd analyze`;
//! - `cli_output`: output order, code-point offsets, token fields, stdin;
//! - `cli_store`: `rasd ingest` and the queries and exports over its store;
//! - `cli_eval`: the JSON of `rasd eval segment|ud` and `rasd bench`;
//! - `big_document`: a 50 MB one-line document in bounded memory;
//! - `gold`: the table-driven cases of `testdata/text/*.toml`;
//! - `fuzz`: inputs found by fuzzing, and the long property run behind the
//!   fuzz targets' invariants (`invariants.rs`, shared with `fuzz/`).

mod big_document;
mod cli_eval;
mod cli_input;
mod cli_output;
mod cli_store;
mod fuzz;
mod gold;
mod invariants;
mod util;
