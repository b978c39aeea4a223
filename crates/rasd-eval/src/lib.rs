//! Scoring rasd against gold standards.
//!
//! This crate only compares: it takes the contents of gold files as `&str`
//! and the system's output as plain data or closures, and returns scores in
//! percent. Reading files, running the pipeline and printing belong to the
//! CLI. It does not depend on `rasd-text`.
//!
//! | module | gold standard | scores |
//! | --- | --- | --- |
//! | [`ud`] | CoNLL-U (UD_Arabic-PUD) | CoNLL 2018 Tokens, Words, Sentences F1 |
//! | [`segment`] | Farasa WikiNews `seg+seg<TAB>TAG+TAG` | clitic segmentation word accuracy |
//! | [`ner`] | `token TAG` lines (ANERcorp) | conlleval entity P/R/F1, micro and per type |
//!
//! Every parser returns [`EvalError`] naming the 1-based line and the
//! problem. Every score is a [`Prf`] (or a percentage) and serialises with
//! serde, so a caller can print JSON.
//!
//! ```
//! use rasd_eval::ner;
//!
//! let gold = ner::parse_token_tags("كتب O\nكوري B-PERS\nشولمان I-PERS\n", None).unwrap();
//! let gold_tags: Vec<&str> = gold.iter().map(|(_, tag)| tag.as_str()).collect();
//! let scores = ner::score(&gold_tags, &["O", "B-PERS", "O"]).unwrap();
//! assert_eq!(scores.micro.f1, 0.0);
//! assert_eq!(scores.per_type["PERS"].gold, 1);
//! ```
#![deny(missing_docs)]

mod error;
pub mod ner;
pub mod prf;
pub mod segment;
pub mod ud;

pub use error::EvalError;
pub use prf::Prf;
