//! One module per subcommand.

pub mod analyze;
pub mod bench;
pub mod eval;
pub mod events_eval;
pub mod ner;
