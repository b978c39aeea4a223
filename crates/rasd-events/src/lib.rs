//! # rasd-events: CAMEO events from Arabic news
//!
//! | module | does |
//! |---|---|
//! | [`temporal`] | Arabic date expressions resolved against the publication date |
//! | [`keys`] | per-token lookup keys (folded stem + suffixes, clitic flags) |
//! | [`morph`] | verb inflection from the perfect/imperfect pair |
//! | [`modality`] | asserted / intended / negated / hypothetical, from cues scoped to clauses |
//! | [`coder`] | triggers, argument roles, modality, date and place → [`Event`]s |
//! | [`eval`] | gold files and P/R/F1 of `rasd eval events` |
//! | [`gdelt`] | the GDELT 2.0 event columns as TSV |
//! | [`json`] | events as JSON (DESIGN.md schema) |
//! | [`gazetteer`] | countries, capitals, title words (from `data/`) |
//! | [`lexicon`] | the trigger tables (verbs, nouns, CAMEO codes), indexed |
#![deny(missing_docs)]

pub mod coder;
pub mod eval;
pub mod gazetteer;
pub mod gdelt;
pub mod json;
pub mod keys;
pub mod lexicon;
pub mod modality;
pub mod morph;
pub mod temporal;

pub use coder::{CodeOptions, Event, EventCoder, Location, Participant};
pub use modality::Modality;
#[cfg(test)]
mod coder_tests;
