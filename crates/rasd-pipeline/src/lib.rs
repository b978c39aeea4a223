//! rasd's analysis pipeline: text → sentences and tokens → entities →
//! events, written as DESIGN.md's JSON (`rasd analyze`), as GDELT rows, or
//! as the store's records (`rasd ingest`, the server).
//!
//! [`Pipeline`] is immutable and `Send + Sync`: build it once, share it
//! across threads.

pub mod output;

use rasd_input::Document;
use rasd_store::{DocumentRecord, Prepared};
use rasd_text::TextAnalyzer;

pub use output::{
    chunks, write_document, write_document_with_terms, write_gdelt_document, Format, OutputOptions,
};

/// The whole analysis, built once.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pipeline {
    analyzer: TextAnalyzer,
}

impl Pipeline {
    /// The pipeline with rasd's built-in tables and model.
    pub fn new() -> Pipeline {
        Pipeline {
            analyzer: TextAnalyzer::new(),
        }
    }

    /// The text core in use.
    pub fn analyzer(&self) -> &TextAnalyzer {
        &self.analyzer
    }

    /// One document's analysis as `rasd analyze` prints it (one JSON
    /// object, no trailing newline).
    pub fn analyze_json(&self, doc: &Document) -> Vec<u8> {
        let mut out = Vec::with_capacity(doc.text.len() + 256);
        // Writing to a Vec cannot fail.
        let _ = write_document(doc, &self.analyzer, OutputOptions::default(), &mut out);
        if out.last() == Some(&b'\n') {
            out.pop();
        }
        out
    }

    /// One document's analysis as the store's record (with its text).
    pub fn record(&self, doc: &Document) -> DocumentRecord {
        self.record_from_json(doc, &self.analyze_json(doc))
    }

    /// One document ready for the store: its record, content hash,
    /// near-duplicate signature and search-index terms, from one analysis.
    pub fn prepare(&self, doc: &Document) -> Prepared {
        let mut json = Vec::with_capacity(doc.text.len() + 256);
        let mut terms = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = write_document_with_terms(
            doc,
            &self.analyzer,
            OutputOptions::default(),
            &mut json,
            Some(&mut terms),
        );
        Prepared::with_terms(self.record_from_json(doc, &json), terms)
    }

    fn record_from_json(&self, doc: &Document, json: &[u8]) -> DocumentRecord {
        // The JSON is ours and follows the schema the record mirrors; a
        // mismatch is a bug, caught by the tests below.
        let mut record: DocumentRecord =
            serde_json::from_slice(json).unwrap_or_else(|_| DocumentRecord {
                id: doc.id.clone(),
                published: doc.published.clone(),
                title: doc.title.clone(),
                source: doc.source.clone(),
                url: doc.url.clone(),
                ..DocumentRecord::default()
            });
        record.text = doc.text.clone();
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_mirrors_the_json() {
        let doc = Document {
            id: "t1".into(),
            text: "استقبل الرئيس المصري عبد الفتاح السيسي في القاهرة أمس وزير الخارجية الروسي سيرغي لافروف.".into(),
            published: Some("2017-03-06".into()),
            source: Some("الصحيفة".into()),
            ..Document::default()
        };
        let p = Pipeline::new();
        let json: serde_json::Value = serde_json::from_slice(&p.analyze_json(&doc)).unwrap();
        // Strict: every field the JSON has must parse into the record.
        let record: DocumentRecord = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(
            record.entities.len(),
            json["entities"].as_array().unwrap().len()
        );
        assert_eq!(
            record.events.len(),
            json["events"].as_array().unwrap().len()
        );
        assert!(!record.entities.is_empty());
        let full = p.record(&doc);
        assert_eq!(full.text, doc.text);
        assert_eq!(full.source.as_deref(), Some("الصحيفة"));
        assert_eq!(full.entities, record.entities);
        // The terms handed to the index are those its tokenizer makes.
        let prepared = p.prepare(&doc);
        assert_eq!(prepared.record, full);
        let own = rasd_store::ArabicTokenizer::default().terms(&doc.text);
        assert_eq!(prepared.terms.as_deref(), Some(&own[..]));
    }
}
