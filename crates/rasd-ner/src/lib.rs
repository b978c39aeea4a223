//! # rasd-ner: people, organizations and places in Arabic news
//!
//! | module | does |
//! |---|---|
//! | [`tagger`] | a statistical BIO sequence tagger (PERS, LOC, ORG, MISC) |
//! | [`tables`] | gazetteers, actor dictionary, titles, organization types, nisba adjectives |
//! | [`entities`] | mentions, titles and roles, organizations from head + nisba, in-document linking, actor codes |
//! | [`translit`] | a readable Latin transliteration for names the dictionaries do not know |
#![deny(missing_docs)]

pub mod entities;
pub mod tables;
pub mod tagger;
pub mod translit;
