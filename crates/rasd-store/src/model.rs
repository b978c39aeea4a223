//! The records the store keeps: one analyzed document with its entities and
//! events, exactly as `rasd analyze` prints them (DESIGN.md's schema), plus
//! the document's text. Offsets are Unicode code points into `text`.

use serde::{Deserialize, Serialize};

/// One analyzed document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The original text (not part of `rasd analyze`'s output).
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub sentences: Vec<Span>,
    #[serde(default)]
    pub entities: Vec<EntityRecord>,
    #[serde(default)]
    pub events: Vec<EventRecord>,
}

/// A half-open range of code points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A person, organization, place or other named thing in one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// `e1`, `e2`, … within the document.
    pub id: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    #[serde(rename = "type")]
    pub ty: String,
    pub text: String,
    pub canonical: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default)]
    pub titles: Vec<String>,
    /// A place's coordinates and country, from the gazetteer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
    #[serde(default)]
    pub mentions: Vec<Mention>,
}

/// A place's gazetteer entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    pub latin: String,
    /// ISO3 of its country; none for a region or a sea (الشرق الأوسط).
    #[serde(default)]
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
}

/// One mention of an entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One coded event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// CAMEO code with leading zeros (`042`).
    pub code: String,
    /// CAMEO root (`04`).
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f64,
    #[serde(default)]
    pub plover: Plover,
    #[serde(default)]
    pub source: Option<Participant>,
    #[serde(default)]
    pub target: Option<Participant>,
    pub trigger: Trigger,
    pub sentence: usize,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub date_text: Option<String>,
    #[serde(default)]
    pub location: Option<Location>,
    /// `asserted`, `intended`, `negated` or `hypothetical`.
    pub modality: String,
    pub confidence: f64,
}

/// PLOVER's event and mode for a CAMEO code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plover {
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub mode: Option<String>,
}

/// The source or target of an event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// The entity's id in its document (`e1`), if the participant is one.
    #[serde(default)]
    pub entity: Option<String>,
    /// CAMEO actor code (`LBYMIL`).
    #[serde(default)]
    pub actor: Option<String>,
    pub text: String,
}

/// The word or phrase that triggered an event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Where an event happened.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub text: String,
    #[serde(default)]
    pub latin: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
}

/// A stored document: the record and what the store knows about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    #[serde(flatten)]
    pub record: DocumentRecord,
    /// The content hash (128 bits, hex) of the normalized title and text;
    /// see [`crate::dedup::content_hash`].
    pub hash: String,
    /// The first copy of this story, when this document is a near-duplicate.
    #[serde(default)]
    pub duplicate_of: Option<String>,
    /// Later copies of this story.
    #[serde(default)]
    pub duplicates: Vec<String>,
}

/// What happened to one document on ingest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PutOutcome {
    /// New document.
    Inserted,
    /// Same id, new content: old entities and events replaced.
    Replaced,
    /// Same id and content, or same content under another id: nothing changed.
    Unchanged,
}

/// Filters for [`crate::Store::events`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    /// An actor: a CAMEO actor code or its prefix (`LBY`, `RUSGOV`), or an
    /// entity name (Arabic, any spelling the search profile folds, or Latin).
    pub actor: Option<String>,
    /// A CAMEO code or its prefix (`04`, `042`).
    pub code: Option<String>,
    /// A CAMEO root (`04`).
    pub root: Option<String>,
    /// An ISO3 country: of the source, the target or the place.
    pub country: Option<String>,
    /// Event date (or publication date) from, inclusive, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// … to, inclusive.
    pub to: Option<String>,
    /// The news source.
    pub source: Option<String>,
    /// Only the events of one document (and its duplicates).
    pub document: Option<String>,
    /// Maximum rows (0: the default, 100).
    pub limit: usize,
    pub offset: usize,
}

/// An event with its GDELT-style counts over the copies of its story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AggregatedEvent {
    /// The document the event was first coded in.
    pub document: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub news_source: Option<String>,
    #[serde(flatten)]
    pub event: EventRecord,
    /// Source and target entities' canonical names and Latin names.
    #[serde(default)]
    pub source_name: Option<String>,
    #[serde(default)]
    pub source_latin: Option<String>,
    #[serde(default)]
    pub target_name: Option<String>,
    #[serde(default)]
    pub target_latin: Option<String>,
    /// The sentence the event came from.
    #[serde(default)]
    pub sentence_text: Option<String>,
    /// GDELT's NumMentions: times the event was coded, across all copies.
    pub num_mentions: u32,
    /// GDELT's NumSources: distinct news sources among the copies.
    pub num_sources: u32,
    /// GDELT's NumArticles: distinct documents among the copies.
    pub num_articles: u32,
}

/// Filters for [`crate::Store::actors`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActorFilter {
    /// Only actors whose name, Latin name or code matches.
    pub query: Option<String>,
    /// `PER`, `ORG`, `LOC`, `MISC`.
    pub ty: Option<String>,
    pub country: Option<String>,
    /// Maximum rows (0: the default, 50).
    pub top: usize,
}

/// An actor across the store: an entity joined over documents by its type
/// and canonical name (search-folded).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorSummary {
    /// Stable id: `TYPE:folded canonical name`.
    pub id: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub canonical: String,
    #[serde(default)]
    pub latin: Option<String>,
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    /// Titles seen with the actor, most frequent first.
    #[serde(default)]
    pub titles: Vec<String>,
    pub mentions: u64,
    pub documents: u64,
    /// Events with the actor as source or target.
    pub event_count: u64,
}

/// One actor with its events and its network.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorDetail {
    #[serde(flatten)]
    pub summary: ActorSummary,
    /// Spellings seen (`شويجو`, `شويغو`).
    pub variants: Vec<String>,
    /// Its events as source or target, newest first.
    pub events: Vec<AggregatedEvent>,
    /// Who it acted on or was acted on by, per CAMEO root.
    pub links: Vec<ActorLink>,
}

/// An edge of an actor's network.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorLink {
    /// `out`: the actor is the source; `in`: the target.
    pub direction: String,
    /// The other actor's id (when it is a known entity) and names.
    #[serde(default)]
    pub other: Option<String>,
    pub other_name: String,
    #[serde(default)]
    pub other_latin: Option<String>,
    #[serde(default)]
    pub other_actor: Option<String>,
    pub root: String,
    pub count: u64,
}

/// A full-text query, with the same filters as `rasd search`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// Words, `"phrases"`, `-excluded` words, `OR`.
    pub q: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub source: Option<String>,
    /// Documents mentioning this entity (name, Latin name or actor code).
    pub entity: Option<String>,
    /// Documents with an event of this CAMEO code or prefix.
    pub code: Option<String>,
    /// Maximum hits (0: the default, 20).
    pub limit: usize,
    pub offset: usize,
}

/// One search result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// BM25 score.
    pub score: f32,
    /// A fragment of the text around the best match.
    pub snippet: String,
    /// Matched ranges in `snippet`, in code points.
    pub highlights: Vec<Span>,
}

/// Search results.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Matching documents in all (not only this page).
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

/// Counts over the whole store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreStats {
    pub documents: u64,
    /// Documents that are near-duplicates of another.
    pub duplicates: u64,
    pub entities: u64,
    pub events: u64,
    pub actors: u64,
    /// Bytes on disk: database and index.
    pub bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A region or a sea is geocoded without a country (`null`); a place
    /// of a country keeps its ISO3; both read back as written.
    #[test]
    fn geo_country_may_be_null() {
        for (json, country) in [
            (
                r#"{"latin":"Middle East","country":null,"lat":29.0,"lon":41.0}"#,
                None,
            ),
            (
                r#"{"latin":"Moscow","country":"RUS","lat":55.75,"lon":37.62}"#,
                Some("RUS"),
            ),
            (r#"{"latin":"Red Sea","lat":20.0,"lon":38.5}"#, None),
        ] {
            let g: Geo = serde_json::from_str(json).expect(json);
            assert_eq!(g.country.as_deref(), country, "{json}");
            let back: Geo = serde_json::from_str(&serde_json::to_string(&g).unwrap()).unwrap();
            assert_eq!(back, g);
        }
    }
}
