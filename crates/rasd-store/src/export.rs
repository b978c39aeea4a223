//! Exports for the tools analysts use: JSON Lines (documents with their
//! entities and events), CSV and GDELT 2.0 rows (events, with their counts
//! over the copies of a story), and Parquet (events, typed columns; behind
//! the `parquet` feature).

use std::io::Write;

use crate::model::{AggregatedEvent, EventFilter, StoredDocument};
use crate::{Result, Store, StoreError};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One stored document per line, as `rasd analyze` prints it, plus the
    /// text, the content hash and the near-duplicate link.
    Jsonl,
    /// One event per row, with a header.
    Csv,
    /// GDELT 2.0 event columns, tab-separated, no header.
    Gdelt,
    /// One event per row, typed columns (dates as DATE, numbers as numbers).
    Parquet,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Format, String> {
        match s {
            "jsonl" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "gdelt" => Ok(Format::Gdelt),
            "parquet" => Ok(Format::Parquet),
            _ => Err(format!(
                "unknown format {s:?} (jsonl, csv, gdelt or parquet)"
            )),
        }
    }
}

/// Events per page read from the store.
const PAGE: usize = 10_000;

fn io_err(e: std::io::Error) -> StoreError {
    StoreError::Io {
        path: "<export>".into(),
        source: e,
    }
}

/// Calls `f` with every page of events matching `filter`.
pub fn for_each_event_page(
    store: &dyn Store,
    filter: &EventFilter,
    f: &mut dyn FnMut(&[AggregatedEvent]) -> Result<()>,
) -> Result<u64> {
    let mut n = 0u64;
    let mut offset = filter.offset;
    let cap = if filter.limit == 0 {
        usize::MAX
    } else {
        filter.limit
    };
    loop {
        let want = PAGE.min(cap - n as usize);
        if want == 0 {
            return Ok(n);
        }
        let page = store.events(&EventFilter {
            limit: want,
            offset,
            ..filter.clone()
        })?;
        if page.is_empty() {
            return Ok(n);
        }
        f(&page)?;
        n += page.len() as u64;
        offset += page.len();
        if page.len() < want {
            return Ok(n);
        }
    }
}

/// Whether a document passes the date and source parts of a filter.
pub fn document_matches(d: &StoredDocument, f: &EventFilter) -> bool {
    let p = d.record.published.as_deref();
    f.from
        .as_deref()
        .is_none_or(|from| p.is_some_and(|p| p >= from))
        && f.to.as_deref().is_none_or(|to| p.is_some_and(|p| p <= to))
        && f.source
            .as_deref()
            .is_none_or(|s| d.record.source.as_deref() == Some(s))
}

/// Writes stored documents as JSON Lines; returns how many.
pub fn write_jsonl(store: &dyn Store, filter: &EventFilter, out: &mut dyn Write) -> Result<u64> {
    let mut n = 0;
    store.for_each_document(&mut |d| {
        if document_matches(&d, filter) {
            serde_json::to_writer(&mut *out, &d).map_err(|e| io_err(e.into()))?;
            out.write_all(b"\n").map_err(io_err)?;
            n += 1;
        }
        Ok(())
    })?;
    Ok(n)
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "document",
    "published",
    "news_source",
    "date",
    "date_text",
    "code",
    "root",
    "quad_class",
    "goldstein",
    "plover_event",
    "plover_mode",
    "source_actor",
    "source_text",
    "source_name",
    "source_latin",
    "target_actor",
    "target_text",
    "target_name",
    "target_latin",
    "trigger",
    "sentence",
    "location",
    "location_latin",
    "location_country",
    "lat",
    "lon",
    "modality",
    "confidence",
    "num_mentions",
    "num_sources",
    "num_articles",
];

/// One CSV field, quoted when needed (RFC 4180).
fn csv_field(s: &str, out: &mut String) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// The values of one event's CSV row.
pub fn csv_values(e: &AggregatedEvent) -> Vec<String> {
    let ev = &e.event;
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let part = |p: &Option<crate::model::Participant>| {
        (
            p.as_ref().and_then(|p| p.actor.clone()).unwrap_or_default(),
            p.as_ref().map(|p| p.text.clone()).unwrap_or_default(),
        )
    };
    let (sa, st) = part(&ev.source);
    let (ta, tt) = part(&ev.target);
    let loc = ev.location.as_ref();
    vec![
        e.document.clone(),
        opt(&e.published),
        opt(&e.news_source),
        opt(&ev.date),
        opt(&ev.date_text),
        ev.code.clone(),
        ev.root.clone(),
        ev.quad_class.to_string(),
        ev.goldstein.to_string(),
        opt(&ev.plover.event),
        opt(&ev.plover.mode),
        sa,
        st,
        opt(&e.source_name),
        opt(&e.source_latin),
        ta,
        tt,
        opt(&e.target_name),
        opt(&e.target_latin),
        ev.trigger.text.clone(),
        ev.sentence.to_string(),
        loc.map(|l| l.text.clone()).unwrap_or_default(),
        loc.and_then(|l| l.latin.clone()).unwrap_or_default(),
        loc.and_then(|l| l.country.clone()).unwrap_or_default(),
        loc.and_then(|l| l.lat)
            .map(|x| x.to_string())
            .unwrap_or_default(),
        loc.and_then(|l| l.lon)
            .map(|x| x.to_string())
            .unwrap_or_default(),
        ev.modality.clone(),
        format!("{:.3}", ev.confidence),
        e.num_mentions.to_string(),
        e.num_sources.to_string(),
        e.num_articles.to_string(),
    ]
}

/// Writes events as CSV with a header; returns how many.
pub fn write_csv(store: &dyn Store, filter: &EventFilter, out: &mut dyn Write) -> Result<u64> {
    out.write_all(CSV_COLUMNS.join(",").as_bytes())
        .map_err(io_err)?;
    out.write_all(b"\n").map_err(io_err)?;
    for_each_event_page(store, filter, &mut |page| {
        let mut line = String::new();
        for e in page {
            line.clear();
            for (i, v) in csv_values(e).iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                csv_field(v, &mut line);
            }
            line.push('\n');
            out.write_all(line.as_bytes()).map_err(io_err)?;
        }
        Ok(())
    })
}

/// Writes events as GDELT 2.0 rows (asserted and intended ones; GDELT has
/// no negated or hypothetical events); returns how many rows.
pub fn write_gdelt(store: &dyn Store, filter: &EventFilter, out: &mut dyn Write) -> Result<u64> {
    use rasd_events::gdelt::{write_row, GdeltPlace, GdeltRow};
    let mut id = 0u64;
    for_each_event_page(store, filter, &mut |page| {
        for e in page {
            let ev = &e.event;
            if matches!(ev.modality.as_str(), "negated" | "hypothetical") {
                continue;
            }
            id += 1;
            let name = |latin: &Option<String>, p: &crate::model::Participant| {
                latin
                    .as_ref()
                    .map(|l| l.to_uppercase())
                    .unwrap_or_else(|| p.text.clone())
            };
            let sname = ev.source.as_ref().map(|p| name(&e.source_latin, p));
            let tname = ev.target.as_ref().map(|p| name(&e.target_latin, p));
            let row = GdeltRow {
                id,
                date: ev.date.as_deref(),
                source: gdelt_actor(&ev.source, &sname),
                target: gdelt_actor(&ev.target, &tname),
                is_root: ev.sentence == 0,
                code: &ev.code,
                root: &ev.root,
                quad_class: ev.quad_class,
                goldstein: ev.goldstein,
                counts: [e.num_mentions, e.num_sources, e.num_articles],
                place: ev.location.as_ref().map(|l| GdeltPlace {
                    text: &l.text,
                    latin: l.latin.as_deref(),
                    lat: l.lat,
                    lon: l.lon,
                }),
                published: e.published.as_deref(),
                url: &e.document,
            };
            write_row(&row, out).map_err(io_err)?;
        }
        Ok(())
    })?;
    Ok(id)
}

fn gdelt_actor<'a>(
    p: &'a Option<crate::model::Participant>,
    name: &'a Option<String>,
) -> Option<rasd_events::gdelt::GdeltActor<'a>> {
    p.as_ref()
        .zip(name.as_ref())
        .map(|(p, n)| rasd_events::gdelt::GdeltActor {
            code: p.actor.as_deref().unwrap_or(""),
            name: n.as_str(),
        })
}

#[cfg(feature = "parquet")]
pub use parquet_export::write_parquet;

#[cfg(feature = "parquet")]
mod parquet_export {
    use std::sync::Arc;

    use parquet::basic::Compression;
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;

    use super::*;

    /// The Parquet schema of exported events.
    const SCHEMA: &str = "message rasd_event {
        REQUIRED BYTE_ARRAY document (UTF8);
        OPTIONAL INT32 published (DATE);
        OPTIONAL BYTE_ARRAY news_source (UTF8);
        OPTIONAL INT32 date (DATE);
        OPTIONAL BYTE_ARRAY date_text (UTF8);
        REQUIRED BYTE_ARRAY code (UTF8);
        REQUIRED BYTE_ARRAY root (UTF8);
        REQUIRED INT32 quad_class;
        REQUIRED DOUBLE goldstein;
        OPTIONAL BYTE_ARRAY plover_event (UTF8);
        OPTIONAL BYTE_ARRAY plover_mode (UTF8);
        OPTIONAL BYTE_ARRAY source_actor (UTF8);
        OPTIONAL BYTE_ARRAY source_text (UTF8);
        OPTIONAL BYTE_ARRAY source_name (UTF8);
        OPTIONAL BYTE_ARRAY source_latin (UTF8);
        OPTIONAL BYTE_ARRAY target_actor (UTF8);
        OPTIONAL BYTE_ARRAY target_text (UTF8);
        OPTIONAL BYTE_ARRAY target_name (UTF8);
        OPTIONAL BYTE_ARRAY target_latin (UTF8);
        REQUIRED BYTE_ARRAY trigger (UTF8);
        REQUIRED INT32 sentence;
        OPTIONAL BYTE_ARRAY location (UTF8);
        OPTIONAL BYTE_ARRAY location_latin (UTF8);
        OPTIONAL BYTE_ARRAY location_country (UTF8);
        OPTIONAL DOUBLE lat;
        OPTIONAL DOUBLE lon;
        REQUIRED BYTE_ARRAY modality (UTF8);
        REQUIRED DOUBLE confidence;
        REQUIRED INT32 num_mentions;
        REQUIRED INT32 num_sources;
        REQUIRED INT32 num_articles;
    }";

    fn perr(e: parquet::errors::ParquetError) -> StoreError {
        StoreError::Invalid {
            what: "parquet export",
            message: e.to_string(),
        }
    }

    /// Days since 1970-01-01 of an ISO date.
    fn epoch_days(d: &str) -> Option<i32> {
        let y: i64 = d.get(0..4)?.parse().ok()?;
        let m: i64 = d.get(5..7)?.parse().ok()?;
        let day: i64 = d.get(8..10)?.parse().ok()?;
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        i32::try_from(era * 146_097 + doe - 719_468).ok()
    }

    enum Col {
        Str(Vec<Option<String>>),
        Date(Vec<Option<i32>>),
        Int(Vec<i32>),
        Float(Vec<Option<f64>>),
    }

    fn columns(page: &[AggregatedEvent]) -> Vec<Col> {
        let s =
            |f: &dyn Fn(&AggregatedEvent) -> Option<String>| Col::Str(page.iter().map(f).collect());
        let p_actor =
            |p: &Option<crate::model::Participant>| p.as_ref().and_then(|p| p.actor.clone());
        let p_text = |p: &Option<crate::model::Participant>| p.as_ref().map(|p| p.text.clone());
        vec![
            s(&|e| Some(e.document.clone())),
            Col::Date(
                page.iter()
                    .map(|e| e.published.as_deref().and_then(epoch_days))
                    .collect(),
            ),
            s(&|e| e.news_source.clone()),
            Col::Date(
                page.iter()
                    .map(|e| e.event.date.as_deref().and_then(epoch_days))
                    .collect(),
            ),
            s(&|e| e.event.date_text.clone()),
            s(&|e| Some(e.event.code.clone())),
            s(&|e| Some(e.event.root.clone())),
            Col::Int(page.iter().map(|e| i32::from(e.event.quad_class)).collect()),
            Col::Float(page.iter().map(|e| Some(e.event.goldstein)).collect()),
            s(&|e| e.event.plover.event.clone()),
            s(&|e| e.event.plover.mode.clone()),
            s(&|e| p_actor(&e.event.source)),
            s(&|e| p_text(&e.event.source)),
            s(&|e| e.source_name.clone()),
            s(&|e| e.source_latin.clone()),
            s(&|e| p_actor(&e.event.target)),
            s(&|e| p_text(&e.event.target)),
            s(&|e| e.target_name.clone()),
            s(&|e| e.target_latin.clone()),
            s(&|e| Some(e.event.trigger.text.clone())),
            Col::Int(page.iter().map(|e| e.event.sentence as i32).collect()),
            s(&|e| e.event.location.as_ref().map(|l| l.text.clone())),
            s(&|e| e.event.location.as_ref().and_then(|l| l.latin.clone())),
            s(&|e| e.event.location.as_ref().and_then(|l| l.country.clone())),
            Col::Float(
                page.iter()
                    .map(|e| e.event.location.as_ref().and_then(|l| l.lat))
                    .collect(),
            ),
            Col::Float(
                page.iter()
                    .map(|e| e.event.location.as_ref().and_then(|l| l.lon))
                    .collect(),
            ),
            s(&|e| Some(e.event.modality.clone())),
            Col::Float(page.iter().map(|e| Some(e.event.confidence)).collect()),
            Col::Int(page.iter().map(|e| e.num_mentions as i32).collect()),
            Col::Int(page.iter().map(|e| e.num_sources as i32).collect()),
            Col::Int(page.iter().map(|e| e.num_articles as i32).collect()),
        ]
    }

    fn split<T: Clone>(v: &[Option<T>]) -> (Vec<T>, Vec<i16>) {
        let defs = v.iter().map(|x| i16::from(x.is_some())).collect();
        (v.iter().flatten().cloned().collect(), defs)
    }

    /// Writes events as a Parquet file (one row group per page of events);
    /// returns how many.
    pub fn write_parquet<W: Write + Send>(
        store: &dyn Store,
        filter: &EventFilter,
        out: W,
    ) -> Result<u64> {
        let schema = Arc::new(parse_message_type(SCHEMA).map_err(perr)?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by("rasd".into())
                .build(),
        );
        let mut writer = SerializedFileWriter::new(out, schema, props).map_err(perr)?;
        let n = for_each_event_page(store, filter, &mut |page| {
            let mut rg = writer.next_row_group().map_err(perr)?;
            for col in columns(page) {
                let mut w = rg.next_column().map_err(perr)?.ok_or_else(|| {
                    perr(parquet::errors::ParquetError::General(
                        "schema has fewer columns".into(),
                    ))
                })?;
                match col {
                    Col::Str(v) => {
                        let nullable =
                            w.typed::<ByteArrayType>().get_descriptor().max_def_level() > 0;
                        let (vals, defs) = split(&v);
                        let vals: Vec<ByteArray> = vals
                            .into_iter()
                            .map(|s| ByteArray::from(s.into_bytes()))
                            .collect();
                        w.typed::<ByteArrayType>()
                            .write_batch(&vals, nullable.then_some(&defs[..]), None)
                            .map_err(perr)?;
                    }
                    Col::Date(v) => {
                        let (vals, defs) = split(&v);
                        w.typed::<Int32Type>()
                            .write_batch(&vals, Some(&defs), None)
                            .map_err(perr)?;
                    }
                    Col::Int(v) => {
                        w.typed::<Int32Type>()
                            .write_batch(&v, None, None)
                            .map_err(perr)?;
                    }
                    Col::Float(v) => {
                        let nullable = w.typed::<DoubleType>().get_descriptor().max_def_level() > 0;
                        let (vals, defs) = split(&v);
                        w.typed::<DoubleType>()
                            .write_batch(&vals, nullable.then_some(&defs[..]), None)
                            .map_err(perr)?;
                    }
                }
                w.close().map_err(perr)?;
            }
            rg.close().map_err(perr)?;
            Ok(())
        })?;
        writer.close().map_err(perr)?;
        Ok(n)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn epoch_days_are_right() {
            assert_eq!(super::epoch_days("1970-01-01"), Some(0));
            assert_eq!(super::epoch_days("2016-11-28"), Some(17133));
            assert_eq!(super::epoch_days("2000-03-01"), Some(11017));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_fields() {
        let mut s = String::new();
        csv_field("a,b \"c\"", &mut s);
        assert_eq!(s, "\"a,b \"\"c\"\"\"");
        let mut s = String::new();
        csv_field("موسكو", &mut s);
        assert_eq!(s, "موسكو");
    }

    #[test]
    fn csv_row_has_every_column() {
        assert_eq!(
            csv_values(&AggregatedEvent::default()).len(),
            CSV_COLUMNS.len()
        );
    }

    #[test]
    fn formats_parse() {
        assert_eq!("csv".parse::<Format>(), Ok(Format::Csv));
        assert!("xls".parse::<Format>().is_err());
    }
}
