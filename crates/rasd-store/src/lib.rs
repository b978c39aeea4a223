//! rasd's store: analyzed documents, entities and events in an embedded
//! SQLite database, and an Arabic-aware full-text index (tantivy, tokenized
//! by rasd's own text core), kept in one data directory.
//!
//! ```text
//! rasd-data/
//!   rasd.sqlite   documents, entities, events, near-duplicate links (WAL)
//!   index/        tantivy: text, title, filters; commit payload = last batch
//! ```
//!
//! The database is the source of truth. Each ingest batch is one SQLite
//! transaction, numbered; the index is committed after it with the batch
//! number as its payload. A process killed between the two leaves the index
//! one batch behind, and [`DataDir::open`] re-indexes the documents of the
//! missing batches, so the two always agree after opening.
//!
//! [`Store`] is the record-keeping trait (SQLite here; the door is open for a
//! PostgreSQL implementation shared by several ingest workers);
//! [`SearchIndex`] is the full-text side; [`DataDir`] ties them together.

pub mod dedup;
pub mod export;
mod index;
pub mod model;
mod sqlite;

use std::path::{Path, PathBuf};

pub use dedup::Prepared;
pub use index::{push_terms, ArabicTokenizer, IndexTerm, Indexable, SearchIndex};
pub use model::*;
pub use sqlite::SqliteStore;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("search index {path}: {source}")]
    Index {
        path: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("search query {query:?}: {message}")]
    Query { query: String, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("database {path} has schema version {found}; this rasd knows up to {known}")]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("integrity check failed: {0}")]
    Integrity(String),
    #[error("invalid {what}: {message}")]
    Invalid { what: &'static str, message: String },
    #[error("the store is read-only")]
    ReadOnly,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Record keeping: documents, entities, events, near-duplicates.
///
/// Implementations are `Send + Sync`: readers may query from many threads
/// while one writer ingests.
pub trait Store: Send + Sync {
    /// The content hash stored for `id`, if the document is known.
    fn hash_of(&self, id: &str) -> Result<Option<String>>;
    /// Stores a batch of documents in one transaction, returning the batch
    /// number and what happened to each document.
    fn put_batch(&self, docs: &[Prepared]) -> Result<(u64, Vec<PutOutcome>)>;
    /// Up to `limit` documents written by batches after `batch`, in storage
    /// order after the cursor `after` (0 to start); returns them with the
    /// cursor to continue from (to re-index in pages).
    fn documents_after_batch(
        &self,
        batch: u64,
        after: i64,
        limit: usize,
    ) -> Result<(Vec<StoredDocument>, i64)>;
    /// The number of the last batch written.
    fn last_batch(&self) -> Result<u64>;
    /// One document with its entities and events.
    fn document(&self, id: &str) -> Result<Option<StoredDocument>>;
    /// Events, aggregated over the copies of each story.
    fn events(&self, filter: &EventFilter) -> Result<Vec<AggregatedEvent>>;
    /// Actors by mention count.
    fn actors(&self, filter: &ActorFilter) -> Result<Vec<ActorSummary>>;
    /// One actor with its events and network.
    fn actor(&self, id: &str) -> Result<Option<ActorDetail>>;
    /// Counts.
    fn stats(&self) -> Result<StoreStats>;
    /// Checks the database's integrity (SQLite's `integrity_check` and
    /// rasd's own invariants).
    fn check(&self) -> Result<()>;
    /// Every stored document, in ingest order, for exports.
    fn for_each_document(&self, f: &mut dyn FnMut(StoredDocument) -> Result<()>) -> Result<()>;
}

/// How to open a data directory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Create it if needed; ingest allowed.
    #[default]
    ReadWrite,
    /// Queries only; the directory must exist.
    ReadOnly,
}

/// A data directory: the database and the index, kept in step.
pub struct DataDir {
    path: PathBuf,
    store: SqliteStore,
    index: SearchIndex,
}

impl DataDir {
    /// Opens (or, read-write, creates) a data directory, migrating the
    /// schema and bringing the index up to the database's last batch.
    pub fn open(path: &Path, mode: Mode) -> Result<DataDir> {
        if mode == Mode::ReadWrite {
            std::fs::create_dir_all(path).map_err(|source| StoreError::Io {
                path: path.to_owned(),
                source,
            })?;
        } else if !path.is_dir() {
            return Err(StoreError::Io {
                path: path.to_owned(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no rasd data directory here (run `rasd ingest` first)",
                ),
            });
        }
        let store = SqliteStore::open(&path.join("rasd.sqlite"), mode)?;
        let index = SearchIndex::open(&path.join("index"), mode)?;
        let dir = DataDir {
            path: path.to_owned(),
            store,
            index,
        };
        if mode == Mode::ReadWrite {
            dir.catch_up()?;
        }
        Ok(dir)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The record store.
    pub fn store(&self) -> &dyn Store {
        &self.store
    }

    /// The full-text index.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Re-indexes the documents of batches the index has not committed, a
    /// page at a time. Pages are committed with the old batch number, so a
    /// process killed half-way starts again (re-adding a document replaces
    /// it); the last commit records the database's last batch.
    fn catch_up(&self) -> Result<()> {
        const PAGE: usize = 1000;
        let indexed = self.index.committed_batch();
        let last = self.store.last_batch()?;
        if last <= indexed {
            return Ok(());
        }
        let mut after = 0;
        loop {
            let (docs, next) = self.store.documents_after_batch(indexed, after, PAGE)?;
            let done = docs.len() < PAGE;
            let docs: Vec<Indexable> = docs
                .into_iter()
                .map(|doc| Indexable { doc, terms: None })
                .collect();
            self.index
                .write_batch(&docs, if done { last } else { indexed })?;
            if done {
                return Ok(());
            }
            after = next;
        }
    }

    /// Stores and indexes a batch (one transaction, one index commit).
    pub fn put_batch(&self, docs: &[DocumentRecord]) -> Result<Vec<PutOutcome>> {
        let prepared: Vec<Prepared> = docs.iter().cloned().map(Prepared::new).collect();
        self.put_prepared(prepared)
    }

    /// Stores and indexes a batch of prepared documents.
    pub fn put_prepared(&self, docs: Vec<Prepared>) -> Result<Vec<PutOutcome>> {
        let (batch, outcomes) = self.store.put_batch(&docs)?;
        let changed: Vec<Indexable> = docs
            .into_iter()
            .zip(&outcomes)
            .filter(|(_, o)| **o != PutOutcome::Unchanged)
            .map(|(d, _)| Indexable {
                doc: StoredDocument {
                    record: d.record,
                    hash: d.hash,
                    ..StoredDocument::default()
                },
                terms: d.terms,
            })
            .collect();
        self.index.write_batch(&changed, batch)?;
        Ok(outcomes)
    }

    /// Full-text search, BM25-ranked, with snippets.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        self.index.search(query)
    }

    /// Checks the database and that the index agrees with it.
    pub fn check(&self) -> Result<()> {
        self.store.check()?;
        let stats = self.store.stats()?;
        let indexed = self.index.num_docs()?;
        if indexed != stats.documents {
            return Err(StoreError::Integrity(format!(
                "index has {indexed} documents, database {}",
                stats.documents
            )));
        }
        Ok(())
    }

    /// Counts, with the bytes on disk of the whole directory.
    pub fn stats(&self) -> Result<StoreStats> {
        let mut s = self.store.stats()?;
        s.bytes = dir_size(&self.path);
        Ok(s)
    }
}

fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}
