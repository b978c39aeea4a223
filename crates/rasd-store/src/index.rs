//! The full-text index: tantivy, tokenized by rasd's own text core.
//!
//! Every word is indexed by its light stem after search normalization and
//! clitic segmentation, so "الليبي" finds "الليبى" and "والليبي", and
//! "موسكو" finds "بموسكو". Filters (date, source, entities, event codes) are
//! indexed beside the text, so one tantivy query answers a filtered search.

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rasd_text::tokenize::TokenKind;
use rasd_text::{Analysis, AnalyzerConfig, TextAnalyzer};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{PreTokenizedString, Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::dedup::fold_key;
use crate::model::{SearchHit, SearchQuery, SearchResults, Span, StoredDocument};
use crate::{Mode, Result, StoreError};

/// The name the tokenizer is registered under.
const TOKENIZER: &str = "rasd_ar";
/// Memory for the index writer.
const WRITER_BUDGET: usize = 64 << 20;
/// Characters in a snippet.
const SNIPPET_CHARS: usize = 240;

/// rasd's text core as a tantivy tokenizer: one token per word, its light
/// stem (search-normalized, clitics removed); punctuation and symbols are
/// skipped. Offsets are byte offsets into the original text.
#[derive(Clone)]
pub struct ArabicTokenizer {
    analyzer: TextAnalyzer,
}

impl Default for ArabicTokenizer {
    fn default() -> Self {
        ArabicTokenizer {
            analyzer: TextAnalyzer::with_config(AnalyzerConfig {
                sentences: false,
                ..AnalyzerConfig::default()
            }),
        }
    }
}

/// The tokens of one text.
pub struct ArabicTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

/// One index term: a word's light stem and its byte span in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexTerm {
    pub start: usize,
    pub end: usize,
    pub term: String,
}

/// Appends the index terms of an analysis of `text[base..]`: every word's
/// light stem; punctuation, symbols and emoji are skipped. The one
/// definition of what is indexed, for the tokenizer and for analyses made
/// elsewhere (the ingest pipeline hands its own over).
pub fn push_terms(analysis: &Analysis, base: usize, out: &mut Vec<IndexTerm>) {
    for t in analysis.tokens() {
        if matches!(
            t.kind,
            TokenKind::Punct | TokenKind::Symbol | TokenKind::Emoji
        ) {
            continue;
        }
        let stem = analysis.stem(t);
        if stem.is_empty() {
            continue;
        }
        out.push(IndexTerm {
            start: base + t.span.start,
            end: base + t.span.end,
            term: stem.to_owned(),
        });
    }
}

fn to_tokens(terms: &[IndexTerm]) -> Vec<Token> {
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| Token {
            offset_from: t.start,
            offset_to: t.end,
            position: i,
            text: t.term.clone(),
            position_length: 1,
        })
        .collect()
}

impl ArabicTokenizer {
    /// The index terms of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<IndexTerm> {
        let analysis = self.analyzer.analyze(text);
        let mut out = Vec::with_capacity(analysis.tokens().len());
        push_terms(&analysis, 0, &mut out);
        out
    }
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream {
        ArabicTokenStream {
            tokens: to_tokens(&self.terms(text)),
            next: 0,
        }
    }
}

impl TokenStream for ArabicTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    /// The text, indexed (not stored).
    text: Field,
    /// The text, stored (for snippets).
    body: Field,
    published: Field,
    source: Field,
    entities: Field,
    codes: Field,
}

/// A document to index, with its terms when the caller has them.
#[derive(Debug, Clone, Default)]
pub struct Indexable {
    pub doc: StoredDocument,
    /// The text's terms (see [`push_terms`]); computed here when `None`.
    pub terms: Option<Vec<IndexTerm>>,
}

/// The full-text index of a data directory.
pub struct SearchIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    fields: Fields,
    parser: QueryParser,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", indexed.clone().set_stored()),
        text: b.add_text_field("text", indexed),
        body: b.add_text_field("body", STORED),
        published: b.add_u64_field("published", INDEXED | FAST | STORED),
        source: b.add_text_field("source", STRING | STORED),
        entities: b.add_text_field("entities", STRING),
        codes: b.add_text_field("codes", STRING),
    };
    (b.build(), fields)
}

/// `YYYY-MM-DD` as the number YYYYMMDD.
fn date_number(d: &str) -> Option<u64> {
    let b = d.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits: String = [&d[0..4], &d[5..7], &d[8..10]].concat();
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn date_filter(what: &'static str, d: &Option<String>) -> Result<Option<u64>> {
    match d.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) => date_number(d)
            .filter(|_| d.len() == 10)
            .map(Some)
            .ok_or_else(|| StoreError::Invalid {
                what,
                message: format!("expected a date YYYY-MM-DD, found {d:?}"),
            }),
    }
}

impl SearchIndex {
    /// Opens or creates the index at `path`.
    pub fn open(path: &Path, mode: Mode) -> Result<SearchIndex> {
        let err = |source| StoreError::Index {
            path: path.to_owned(),
            source,
        };
        let (schema, fields) = schema();
        let mut existing = None;
        if path.join("meta.json").exists() {
            let index = Index::open_in_dir(path).map_err(err)?;
            let same =
                serde_json::to_string(&index.schema()).ok() == serde_json::to_string(&schema).ok();
            match (same, mode) {
                (true, _) => existing = Some(index),
                (false, Mode::ReadOnly) => {
                    return Err(StoreError::Integrity(format!(
                        "the search index {} was made by another version of rasd; \
                         run `rasd check` once to rebuild it",
                        path.display()
                    )))
                }
                // Another version's layout: rebuilt from the database
                // (its commit payload starts again at batch 0).
                (false, Mode::ReadWrite) => {
                    drop(index);
                    std::fs::remove_dir_all(path).map_err(|source| StoreError::Io {
                        path: path.to_owned(),
                        source,
                    })?;
                }
            }
        }
        let index = if let Some(index) = existing {
            index
        } else if mode == Mode::ReadOnly {
            return Err(StoreError::Io {
                path: path.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no search index"),
            });
        } else {
            std::fs::create_dir_all(path).map_err(|source| StoreError::Io {
                path: path.to_owned(),
                source,
            })?;
            Index::create_in_dir(path, schema).map_err(err)?
        };
        index
            .tokenizers()
            .register(TOKENIZER, ArabicTokenizer::default());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(err)?;
        let writer = match mode {
            Mode::ReadWrite => Some(
                index
                    .writer_with_num_threads(1, WRITER_BUDGET)
                    .map_err(err)?,
            ),
            Mode::ReadOnly => None,
        };
        let mut parser = QueryParser::for_index(&index, vec![fields.title, fields.text]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.title, 2.0);
        Ok(SearchIndex {
            path: path.to_owned(),
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            parser,
        })
    }

    fn err(&self, source: tantivy::TantivyError) -> StoreError {
        StoreError::Index {
            path: self.path.clone(),
            source,
        }
    }

    /// The last database batch whose documents are committed here.
    pub fn committed_batch(&self) -> u64 {
        self.index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    /// Documents in the index.
    pub fn num_docs(&self) -> Result<u64> {
        self.reader.reload().map_err(|e| self.err(e))?;
        Ok(self.reader.searcher().num_docs())
    }

    /// Replaces `docs` in the index and commits, recording `batch`.
    pub fn write_batch(&self, docs: &[Indexable], batch: u64) -> Result<()> {
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let writer = guard.as_mut().ok_or(StoreError::ReadOnly)?;
        let f = self.fields;
        for Indexable { doc: d, terms } in docs {
            let r = &d.record;
            writer.delete_term(Term::from_field_text(f.id, &r.id));
            let mut doc = TantivyDocument::default();
            doc.add_text(f.id, &r.id);
            if let Some(t) = &r.title {
                doc.add_text(f.title, t);
            }
            match terms {
                // Terms from the ingest's own analysis: no second pass.
                Some(terms) => doc.add_pre_tokenized_text(
                    f.text,
                    PreTokenizedString {
                        text: String::new(),
                        tokens: to_tokens(terms),
                    },
                ),
                None => doc.add_text(f.text, &r.text),
            }
            doc.add_text(f.body, &r.text);
            if let Some(p) = r.published.as_deref().and_then(date_number) {
                doc.add_u64(f.published, p);
            }
            if let Some(s) = &r.source {
                doc.add_text(f.source, s);
            }
            for key in entity_keys(d) {
                doc.add_text(f.entities, &key);
            }
            for code in code_keys(d) {
                doc.add_text(f.codes, &code);
            }
            writer.add_document(doc).map_err(|e| self.err(e))?;
        }
        let mut commit = writer.prepare_commit().map_err(|e| self.err(e))?;
        commit.set_payload(&batch.to_string());
        commit.commit().map_err(|e| self.err(e))?;
        self.reader.reload().map_err(|e| self.err(e))?;
        Ok(())
    }

    /// BM25-ranked search with filters and snippets.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let text = q.q.trim();
        if text.contains('\0') {
            return Err(StoreError::Query {
                query: q.q.clone(),
                message: "NUL in query".into(),
            });
        }
        let text_query = if text.is_empty() {
            None
        } else {
            let (query, _errors) = self.parser.parse_query_lenient(text);
            clauses.push((Occur::Must, query.box_clone()));
            Some(query)
        };
        let from = date_filter("from", &q.from)?;
        let to = date_filter("to", &q.to)?;
        if from.is_some() || to.is_some() {
            let bound = |d: Option<u64>, incl: fn(Term) -> Bound<Term>| {
                d.map_or(Bound::Unbounded, |d| {
                    incl(Term::from_field_u64(f.published, d))
                })
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    bound(from, Bound::Included),
                    bound(to, Bound::Included),
                )),
            ));
        }
        if let Some(s) = q.source.as_deref().filter(|s| !s.is_empty()) {
            clauses.push((Occur::Must, term_query(f.source, s)));
        }
        if let Some(e) = q.entity.as_deref().filter(|s| !s.trim().is_empty()) {
            clauses.push((Occur::Must, term_query(f.entities, &query_entity_key(e))));
        }
        if let Some(c) = q.code.as_deref().filter(|s| !s.trim().is_empty()) {
            clauses.push((Occur::Must, term_query(f.codes, c.trim())));
        }
        let query: Box<dyn Query> = match clauses.len() {
            0 => Box::new(AllQuery),
            1 => clauses
                .pop()
                .map(|(_, q)| q)
                .unwrap_or_else(|| Box::new(AllQuery)),
            _ => Box::new(BooleanQuery::new(clauses)),
        };
        let limit = if q.limit == 0 { 20 } else { q.limit.min(1000) };
        let searcher = self.reader.searcher();
        let (top, total) = searcher
            .search(
                &query,
                &(
                    TopDocs::with_limit(limit)
                        .and_offset(q.offset.min(100_000))
                        .order_by_score(),
                    Count,
                ),
            )
            .map_err(|e| self.err(e))?;
        let mut snippets = match &text_query {
            Some(tq) => {
                Some(SnippetGenerator::create(&searcher, &**tq, f.text).map_err(|e| self.err(e))?)
            }
            None => None,
        };
        if let Some(g) = snippets.as_mut() {
            g.set_max_num_chars(SNIPPET_CHARS);
        }
        // The query's stems (text field), to find where a document matches.
        let mut stems: Vec<String> = Vec::new();
        if let Some(tq) = &text_query {
            tq.query_terms(&mut |term, _| {
                if term.field() == f.text {
                    if let Some(t) = term.value().as_str() {
                        if !stems.iter().any(|s| s == t) {
                            stems.push(t.to_owned());
                        }
                    }
                }
            });
        }
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            let get = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            };
            let body = get(f.body).unwrap_or_default();
            let (snippet, highlights) = match &snippets {
                Some(g) => {
                    // Only the window around the first match is analyzed.
                    let s = g.snippet(match_window(&body, &stems));
                    if s.is_empty() {
                        lead(&body)
                    } else {
                        let frag = s.fragment();
                        let spans = s
                            .highlighted()
                            .iter()
                            .map(|r| Span {
                                start: frag[..r.start].chars().count(),
                                end: frag[..r.end].chars().count(),
                            })
                            .collect();
                        (frag.to_owned(), spans)
                    }
                }
                None => lead(&body),
            };
            hits.push(SearchHit {
                id: get(f.id).unwrap_or_default(),
                title: get(f.title),
                published: doc
                    .get_first(f.published)
                    .and_then(|v| v.as_u64())
                    .map(|n| format!("{:04}-{:02}-{:02}", n / 10000, n / 100 % 100, n % 100)),
                source: get(f.source),
                url: None,
                score,
                snippet,
                highlights,
            });
        }
        Ok(SearchResults { total, hits })
    }
}

/// Characters kept on each side of the first match for the snippet.
const WINDOW_CHARS: usize = 2 * SNIPPET_CHARS;

/// The part of `text` around the first place where one of `stems` occurs
/// (search-normalized), at most [`WINDOW_CHARS`] on each side; the whole
/// text when short or when no stem is found as such (snippets then come
/// from the full analysis).
fn match_window<'a>(text: &'a str, stems: &[String]) -> &'a str {
    if text.len() <= 4 * WINDOW_CHARS || stems.is_empty() {
        return text;
    }
    let norm = crate::dedup::search_normalizer().normalize(text);
    let folded = norm.text();
    let Some(first) = stems.iter().filter_map(|s| folded.find(s.as_str())).min() else {
        return text;
    };
    let (pos, _) = norm.original_span(first, first);
    let mut start = pos;
    for _ in 0..WINDOW_CHARS {
        match text[..start].char_indices().next_back() {
            Some((i, _)) => start = i,
            None => break,
        }
    }
    let end = text[pos..]
        .char_indices()
        .nth(WINDOW_CHARS)
        .map_or(text.len(), |(i, _)| pos + i);
    // Whole words at both ends.
    let start = text[start..pos]
        .find(char::is_whitespace)
        .map_or(start, |i| start + i);
    let end = text[pos..end]
        .rfind(char::is_whitespace)
        .map_or(end, |i| pos + i);
    &text[start..end]
}

/// The first [`SNIPPET_CHARS`] characters, cut at a space.
fn lead(text: &str) -> (String, Vec<Span>) {
    let end = text
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| text[..i].rfind(' ').unwrap_or(i));
    (text[..end].trim().to_owned(), Vec::new())
}

fn term_query(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// The filter keys of a document's entities: folded canonical names and
/// mentions (a short name matches where the document used it), Latin
/// names (lower case), actor codes and their countries.
fn entity_keys(d: &StoredDocument) -> Vec<String> {
    let mut keys = Vec::new();
    for e in &d.record.entities {
        keys.push(fold_key(&e.canonical));
        keys.push(fold_key(&e.text));
        for m in &e.mentions {
            keys.push(fold_key(&m.text));
        }
        if let Some(l) = &e.latin {
            keys.push(l.to_lowercase());
        }
        if let Some(a) = &e.actor {
            keys.push(a.to_uppercase());
        }
        if let Some(c) = &e.country {
            keys.push(c.to_uppercase());
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The key a user's entity filter is looked up by.
fn query_entity_key(e: &str) -> String {
    let e = e.trim();
    if e.bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        e.to_owned()
    } else if e.is_ascii() {
        e.to_lowercase()
    } else {
        fold_key(e)
    }
}

/// Every event code of a document and its prefixes (`0421`, `042`, `04`).
fn code_keys(d: &StoredDocument) -> Vec<String> {
    let mut keys = Vec::new();
    for e in &d.record.events {
        for n in 2..=e.code.len() {
            if e.code.is_char_boundary(n) {
                keys.push(e.code[..n].to_owned());
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}
