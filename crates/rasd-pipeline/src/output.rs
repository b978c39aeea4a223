//! Writing analyses as JSON Lines, per the schema in `DESIGN.md`, or as
//! GDELT rows.
//!
//! Offsets in the output are Unicode code points into the original text
//! (Python `str` indices), `end` exclusive. Long documents are analyzed in
//! chunks cut at line breaks (or, failing that, at spaces), so memory stays
//! bounded whatever the document's length; sentences never cross a chunk
//! boundary that is a line break, which is a sentence boundary anyway.

use std::io::{self, Write};

use rasd_ner::entities::{Entity, EntityRecognizer};
use rasd_text::segment::SegKind;
use rasd_text::{Analysis, CharOffsets, TextAnalyzer};

use rasd_input::Document;
use rasd_store::{push_terms, IndexTerm};

/// The output format of `rasd analyze`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines, one object per document (DESIGN.md's schema).
    #[default]
    Json,
    /// GDELT 2.0 event columns, tab-separated, one row per event.
    Gdelt,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "json" => Ok(Format::Json),
            "gdelt" => Ok(Format::Gdelt),
            _ => Err(format!("unknown format {s:?} (json or gdelt)")),
        }
    }
}

/// What to include.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutputOptions {
    /// The output format.
    pub format: Format,
    /// Add `tokens` with norm, segments and stem.
    pub tokens: bool,
    /// Skip entity recognition (text core only).
    pub no_entities: bool,
}

/// Largest chunk analyzed at once.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Cuts `text` into chunks of at most about `max` bytes, at line breaks when
/// possible, else at whitespace, else at a character boundary.
pub fn chunks(text: &str, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > max {
        let mut limit = start + max;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &text[start..limit];
        let cut = window
            .rfind('\n')
            .or_else(|| window.rfind(|c: char| c.is_whitespace()))
            .map(|i| start + i + 1)
            .filter(|&c| c > start)
            .unwrap_or(limit);
        out.push((start, cut));
        start = cut;
    }
    out.push((start, text.len()));
    out
}

fn write_str<W: Write>(out: &mut W, s: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *out, s).map_err(io::Error::other)
}

fn write_opt<W: Write>(out: &mut W, key: &str, v: &Option<String>) -> io::Result<()> {
    if let Some(v) = v {
        write!(out, ",\"{key}\":")?;
        write_str(out, v)?;
    }
    Ok(())
}

/// Writes one document's events as GDELT 2.0 rows (asserted and intended
/// events; negated and hypothetical ones have no GDELT row). Event ids start
/// at `first_id`.
pub fn write_gdelt_document<W: Write>(
    doc: &Document,
    first_id: u64,
    analyzer: &TextAnalyzer,
    out: &mut W,
) -> io::Result<()> {
    let text = doc.text.as_str();
    let recognizer = EntityRecognizer::new();
    let coder = rasd_events::EventCoder::new();
    let mut analysis = Analysis::default();
    let mut id = first_id;
    for (a, b) in chunks(text, CHUNK_BYTES) {
        let chunk = &text[a..b];
        analyzer.analyze_into(chunk, &mut analysis);
        let entities = recognizer.recognize(chunk, &analysis, doc.published.as_deref());
        let events = coder.code(chunk, &analysis, &entities, doc.published.as_deref());
        let ctx = rasd_events::gdelt::GdeltContext {
            first_id: id,
            doc_id: &doc.id,
            url: doc.url.as_deref(),
            published: doc.published.as_deref(),
        };
        id += rasd_events::gdelt::write_gdelt(&events, &entities, ctx, out)? as u64;
    }
    Ok(())
}

/// Writes one document's analysis as one JSON line.
pub fn write_document<W: Write>(
    doc: &Document,
    analyzer: &TextAnalyzer,
    opts: OutputOptions,
    out: &mut W,
) -> io::Result<()> {
    write_document_with_terms(doc, analyzer, opts, out, None)
}

/// [`write_document`], also collecting the search index's terms from the
/// same analysis (so that `rasd ingest` analyzes each text once).
pub fn write_document_with_terms<W: Write>(
    doc: &Document,
    analyzer: &TextAnalyzer,
    opts: OutputOptions,
    out: &mut W,
    mut terms: Option<&mut Vec<IndexTerm>>,
) -> io::Result<()> {
    let text = doc.text.as_str();
    let parts = chunks(text, CHUNK_BYTES);
    out.write_all(b"{\"id\":")?;
    write_str(out, &doc.id)?;
    write_opt(out, "published", &doc.published)?;
    write_opt(out, "title", &doc.title)?;
    write_opt(out, "source", &doc.source)?;
    write_opt(out, "url", &doc.url)?;
    let mut analysis = Analysis::default();
    let mut offsets = CharOffsets::new(text);
    // One chunk: analyze once and write both arrays from it.
    let single = parts.len() == 1;
    out.write_all(b",\"sentences\":[")?;
    let mut first = true;
    for &(a, b) in &parts {
        analyzer.analyze_into(&text[a..b], &mut analysis);
        if let Some(terms) = terms.as_deref_mut() {
            push_terms(&analysis, a, terms);
        }
        for s in analysis.sentences() {
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            let start = offsets.get(a + s.span.start);
            let end = offsets.get(a + s.span.end);
            write!(out, "{{\"start\":{start},\"end\":{end}}}")?;
        }
    }
    out.write_all(b"]")?;
    if !opts.no_entities {
        out.write_all(b",\"entities\":[")?;
        let recognizer = EntityRecognizer::new();
        let coder = rasd_events::EventCoder::new();
        let mut chunk_events: Vec<(usize, usize, Vec<rasd_events::Event>)> = Vec::new();
        let mut offsets = CharOffsets::new(text);
        let mut n = 0usize;
        for &(a, b) in &parts {
            if !single {
                analyzer.analyze_into(&text[a..b], &mut analysis);
            }
            let chunk = &text[a..b];
            let entities = recognizer.recognize(chunk, &analysis, doc.published.as_deref());
            let events = coder.code(chunk, &analysis, &entities, doc.published.as_deref());
            chunk_events.push((a, n, events));
            // Code points of every mention boundary, converted in one pass.
            let mut bounds: Vec<usize> = entities
                .iter()
                .flat_map(|e| e.mentions.iter().flat_map(|m| [m.span.start, m.span.end]))
                .collect();
            bounds.sort_unstable();
            bounds.dedup();
            let chars: Vec<usize> = bounds.iter().map(|&x| offsets.get(a + x)).collect();
            let to_chars = |byte: usize| chars[bounds.binary_search(&byte).unwrap_or(0)];
            for e in &entities {
                if n > 0 {
                    out.write_all(b",")?;
                }
                n += 1;
                write_entity(e, n, chunk, &to_chars, out)?;
            }
        }
        out.write_all(b"]")?;
        out.write_all(b",\"events\":[")?;
        let mut offsets = CharOffsets::new(text);
        let mut first = true;
        for (base, n_before, events) in &mut chunk_events {
            for e in events.iter_mut() {
                for p in [&mut e.source, &mut e.target].into_iter().flatten() {
                    if let Some(i) = p.entity_index {
                        p.entity = Some(format!("e{}", *n_before + i + 1));
                    }
                }
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                rasd_events::json::write_event(e, &mut |byte| offsets.get(*base + byte), out)?;
            }
        }
        out.write_all(b"]")?;
    }
    if opts.tokens {
        out.write_all(b",\"tokens\":[")?;
        let mut offsets = CharOffsets::new(text);
        let mut first = true;
        for &(a, b) in &parts {
            if !single {
                analyzer.analyze_into(&text[a..b], &mut analysis);
            }
            write_tokens(&analysis, &text[a..b], a, &mut offsets, &mut first, out)?;
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"}\n")
}

fn write_entity<W: Write>(
    e: &Entity,
    n: usize,
    chunk: &str,
    to_chars: &dyn Fn(usize) -> usize,
    out: &mut W,
) -> io::Result<()> {
    write!(
        out,
        "{{\"id\":\"e{n}\",\"type\":\"{}\",\"text\":",
        e.ty.schema_name()
    )?;
    write_str(out, &e.text)?;
    out.write_all(b",\"canonical\":")?;
    write_str(out, &e.canonical)?;
    write_opt(out, "latin", &e.latin)?;
    write_opt(out, "actor", &e.actor)?;
    write_opt(out, "country", &e.country)?;
    write_opt(out, "role", &e.role)?;
    out.write_all(b",\"titles\":[")?;
    for (i, t) in e.titles.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_str(out, t)?;
    }
    out.write_all(b"]")?;
    if let Some(g) = &e.geo {
        out.write_all(b",\"geo\":{\"latin\":")?;
        write_str(out, &g.latin)?;
        match &g.country {
            Some(c) => write!(out, ",\"country\":\"{c}\"")?,
            None => out.write_all(b",\"country\":null")?,
        }
        write!(out, ",\"lat\":{},\"lon\":{}}}", g.lat, g.lon)?;
    }
    out.write_all(b",\"mentions\":[")?;
    for (i, m) in e.mentions.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let (start, end) = (to_chars(m.span.start), to_chars(m.span.end));
        write!(out, "{{\"start\":{start},\"end\":{end},\"text\":")?;
        write_str(out, m.span.slice(chunk))?;
        out.write_all(b"}")?;
    }
    out.write_all(b"]}")
}

fn write_tokens<W: Write>(
    analysis: &Analysis,
    chunk: &str,
    base: usize,
    offsets: &mut CharOffsets<'_>,
    first: &mut bool,
    out: &mut W,
) -> io::Result<()> {
    let mut stem_form = String::new();
    for t in analysis.tokens() {
        if !*first {
            out.write_all(b",")?;
        }
        *first = false;
        let start = offsets.get(base + t.span.start);
        let end = offsets.get(base + t.span.end);
        out.write_all(b"{\"text\":")?;
        write_str(out, t.span.slice(chunk))?;
        write!(
            out,
            ",\"start\":{start},\"end\":{end},\"kind\":\"{}\",\"norm\":",
            t.kind.as_str()
        )?;
        write_str(out, analysis.norm(t))?;
        out.write_all(b",\"segments\":[")?;
        // Clitic-level segments: the stem keeps its inflectional suffixes.
        let mut first_seg = true;
        let segs = analysis.segments(t);
        let mut i = 0;
        while i < segs.len() {
            let s = &segs[i];
            stem_form.clear();
            stem_form.push_str(analysis.form(s));
            if s.kind == SegKind::Stem {
                while i + 1 < segs.len() && segs[i + 1].kind == SegKind::Suffix {
                    i += 1;
                    stem_form.push_str(analysis.form(&segs[i]));
                }
            }
            if !first_seg {
                out.write_all(b",")?;
            }
            first_seg = false;
            write_str(out, &stem_form)?;
            i += 1;
        }
        out.write_all(b"],\"stem\":")?;
        write_str(out, analysis.stem(t))?;
        out.write_all(b"}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cut_at_newlines() {
        let text = "aaaa\nbbbb\ncccc";
        assert_eq!(chunks(text, 6), vec![(0, 5), (5, 10), (10, 14)]);
        assert_eq!(chunks("", 6), vec![(0, 0)]);
        // No break at all: cut at a character boundary.
        let arabic = "ببببببب";
        for (a, b) in chunks(arabic, 5) {
            assert!(arabic.is_char_boundary(a) && arabic.is_char_boundary(b));
        }
    }

    #[test]
    fn writes_code_point_offsets() {
        let doc = Document {
            id: "d".into(),
            text: "قال الوزير.".into(),
            ..Default::default()
        };
        let mut out = Vec::new();
        write_document(
            &doc,
            &TextAnalyzer::new(),
            OutputOptions {
                tokens: true,
                ..OutputOptions::default()
            },
            &mut out,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["sentences"][0]["end"], 11);
        assert_eq!(v["tokens"][1]["start"], 4);
        assert_eq!(v["tokens"][1]["segments"][0], "ال");
    }
}
