//! # rasd-ner: people, organizations and places in Arabic news
//!
//! | module | does |
//! |---|---|
//! | [`tagger`] | a statistical BIO sequence tagger (PERS, LOC, ORG, MISC) |
#![deny(missing_docs)]

pub mod tagger;
