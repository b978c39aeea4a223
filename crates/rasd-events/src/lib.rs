//! # rasd-events: CAMEO events from Arabic news
//!
//! The event stage of rasd codes Arabic news natively: trigger verbs and
//! verbal nouns of the lexicon (`data/events/`), their source and target
//! from Arabic clause structure, the modality of each event, its date
//! (resolved against the publication date) and its place. It reads the
//! text core's [`rasd_text::Analysis`] and the entities of
//! `rasd_ner::entities`, and does no I/O.
//!
//! ```
//! use rasd_events::EventCoder;
//! use rasd_ner::entities::{Entity, EntityType, Mention};
//! use rasd_text::{Span, TextAnalyzer};
//!
//! let text = "زار المشير خليفة حفتر موسكو أمس الأحد.";
//! let a = TextAnalyzer::new().analyze(text);
//! // Entities normally come from `EntityRecognizer::recognize`.
//! let entity = |id: &str, name: &str, ty, actor: &str, tokens| {
//!     let start = text.find(name).unwrap();
//!     Entity {
//!         id: id.into(), ty, text: name.into(), canonical: name.into(), latin: None,
//!         actor: Some(actor.into()), country: Some(actor[..3].into()), titles: vec![],
//!         role: None, geo: None,
//!         mentions: vec![Mention { span: Span::new(start, start + name.len()), tokens }],
//!     }
//! };
//! let entities = vec![
//!     entity("e1", "خليفة حفتر", EntityType::Pers, "LBYMIL", 2..4),
//!     entity("e2", "موسكو", EntityType::Loc, "RUS", 4..5),
//! ];
//! let events = EventCoder::new().code(text, &a, &entities, Some("2016-11-28"));
//! let e = &events[0];
//! assert_eq!(e.code, "042"); // make a visit
//! assert_eq!(e.source.as_ref().unwrap().actor.as_deref(), Some("LBYMIL"));
//! assert_eq!(e.source.as_ref().unwrap().text, "المشير خليفة حفتر");
//! assert_eq!(e.target.as_ref().unwrap().actor.as_deref(), Some("RUS"));
//! assert_eq!(e.date.as_deref(), Some("2016-11-27"));
//! assert_eq!(e.date_text.as_deref(), Some("أمس الأحد"));
//! assert_eq!(e.modality.as_str(), "asserted");
//! ```
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
//! | [`words`] | the word classes of the coder's rules (`data/events/words.tsv`) |
#![deny(missing_docs)]

pub mod coder;
pub mod eval;
pub mod gazetteer;
pub mod gdelt;
pub mod json;
mod key_table;
pub mod keys;
pub mod lexicon;
pub mod modality;
pub mod morph;
pub mod temporal;
pub mod words;

pub use coder::{CodeOptions, Event, EventCoder, Location, Participant};
pub use modality::Modality;
#[cfg(test)]
mod coder_tests;
