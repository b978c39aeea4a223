//! Documents for rasd: plain-text files, JSON Lines, HTML pages, gzip
//! files, whole folders and standard input.
//!
//! [`DocumentReader`] streams [`Document`]s from a list of [`Source`]s. What
//! a file is comes from its name and its first bytes:
//!
//! - a folder is walked recursively, in sorted order, hidden entries
//!   skipped, only files of the document formats kept ([`expand`]);
//! - `.gz`, or the gzip magic bytes: decompressed, then read by the name
//!   without `.gz` (`x.jsonl.gz` is JSON Lines, `x.html.gz` HTML);
//! - `.jsonl`, `.ndjson` (or every input with [`ReadOptions::jsonl`]): one
//!   JSON record a line, streamed line by line;
//! - `.html`, `.htm`, or content starting with `<!doctype html` or `<html`:
//!   a page, whose title, date, link and main text [`html::extract`] finds;
//! - a known binary format (PNG, PDF, ZIP, …) or NUL bytes that text never
//!   has: refused;
//! - anything else: one plain-text document, read whole.
//!
//! Bad input never stops the run: each problem is an [`InputError`] naming
//! the file and the line or byte offset, and the reader goes on with the
//! next document.
//!
//! ```
//! use rasd_input::{parse_json_doc, DocumentReader, ReadOptions, Source};
//!
//! let doc = parse_json_doc(r#"{"id": "a", "text": "وصل الوفد.", "date": "2016-11-28"}"#).unwrap();
//! assert_eq!(doc.published.as_deref(), Some("2016-11-28"));
//!
//! let dir = std::env::temp_dir().join(format!("rasd-input-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("a.txt"), "قال الوزير.").unwrap();
//! std::fs::write(dir.join("b.html"), "<title>عنوان</title><p>نص الخبر.</p>").unwrap();
//! let docs: Vec<_> = DocumentReader::new(vec![Source::File(dir.clone())], ReadOptions::default())
//!     .collect::<Result<_, _>>()
//!     .unwrap();
//! assert_eq!(docs[0].text, "قال الوزير.");
//! assert_eq!(docs[1].title.as_deref(), Some("عنوان"));
//! assert_eq!(docs[1].text, "نص الخبر.");
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

#![deny(missing_docs)]

mod codepage;
pub mod html;
mod reader;
mod sniff;
mod walk;

use std::path::PathBuf;

use serde::Deserialize;

pub use reader::DocumentReader;
pub use walk::{expand, expand_with_skipped, DOCUMENT_EXTENSIONS};

/// A document to analyze.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The record's `id`; for a file read whole, its path; for standard
    /// input, `stdin`; for a JSON Lines record without one, `FILE:LINE`.
    pub id: String,
    /// The text to analyze (for an HTML page, its extracted main text).
    pub text: String,
    /// The publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The publisher, as the record names it.
    pub source: Option<String>,
    /// The article's address.
    pub url: Option<String>,
}

/// A problem with one input: a file, a folder or one record. Every error
/// names its place ([`InputError::location`]): the path, with the line
/// (`FILE:LINE`) or the byte offset (`FILE: byte N`) where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// A file or folder could not be opened or read.
    #[error("{location}: {message}")]
    Io {
        /// The path.
        location: String,
        /// What kind of failure the system reported.
        kind: std::io::ErrorKind,
        /// The system's message.
        message: String,
    },
    /// A gzip stream is corrupt or cut short.
    #[error("{location}: corrupt gzip stream: {message}")]
    Gzip {
        /// The path, and the line for JSON Lines.
        location: String,
        /// What the decompressor said.
        message: String,
    },
    /// The file is binary (an image, an archive, an executable…).
    #[error("{location}: binary file ({what}), not text")]
    Binary {
        /// The path.
        location: String,
        /// The format found, or "NUL bytes".
        what: &'static str,
    },
    /// The bytes are not UTF-8 (and `lossy` is off).
    #[error("{location}: invalid UTF-8")]
    InvalidUtf8 {
        /// The path and the byte offset of the first bad byte.
        location: String,
    },
    /// A JSON Lines record is not valid: bad JSON, no `text`, a bad date.
    #[error("{location}: {message}")]
    Record {
        /// `FILE:LINE`.
        location: String,
        /// What is wrong with it.
        message: String,
    },
}

impl InputError {
    /// Where the problem is: the path, with the line or byte offset.
    pub fn location(&self) -> &str {
        match self {
            InputError::Io { location, .. }
            | InputError::Gzip { location, .. }
            | InputError::Binary { location, .. }
            | InputError::InvalidUtf8 { location }
            | InputError::Record { location, .. } => location,
        }
    }

    pub(crate) fn io(location: String, e: &std::io::Error) -> InputError {
        InputError::Io {
            location,
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

/// How to read inputs.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Treat every input as JSON Lines.
    pub jsonl: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of skipping the document.
    pub lossy: bool,
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file, or a folder to walk.
    File(PathBuf),
}

impl Source {
    /// The name errors use: the path, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// What the reader yields.
pub type Item = Result<Document, InputError>;

/// One line of JSON Lines input. `date` is accepted for `published`, and a
/// numeric id is accepted.
#[derive(Debug, Deserialize)]
struct JsonDoc {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default, alias = "date")]
    published: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Parses one JSON Lines record; the error says what is wrong (the caller
/// knows the place). A record without an id gets an empty one.
pub fn parse_json_doc(line: &str) -> Result<Document, String> {
    let doc: JsonDoc = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let id = match doc.id {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => return Err(format!("`id` must be a string or a number, found {other}")),
    };
    let text = doc.text.ok_or_else(|| "missing field `text`".to_owned())?;
    let published = match doc.published {
        Some(p) if !p.trim().is_empty() => Some(parse_date(&p).ok_or_else(|| {
            format!("`published` must be an ISO date (YYYY-MM-DD…), found {p:?}")
        })?),
        _ => None,
    };
    Ok(Document {
        id,
        text,
        published,
        title: doc.title,
        source: doc.source,
        url: doc.url,
    })
}

/// The `YYYY-MM-DD` date at the start of an ISO date or date-time
/// (`2016-11-28`, `2016-11-28T10:00:00Z`, `2016-11-28 10:00`), checked
/// against the calendar.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    let year: u32 = d[0..4].parse().ok()?;
    let month: u32 = d[5..7].parse().ok()?;
    let day: u32 = d[8..10].parse().ok()?;
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days).contains(&day) {
        return None;
    }
    if s.len() > 10 && !matches!(s.as_bytes().get(10), Some(b'T' | b' ')) {
        return None;
    }
    Some(d.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates() {
        let table = [
            ("2016-11-28", Some("2016-11-28")),
            ("2016-11-28T10:00:00Z", Some("2016-11-28")),
            ("  2016-11-28 10:00 ", Some("2016-11-28")),
            ("2016-11-28T10:00:00+02:00", Some("2016-11-28")),
            ("2016-13-01", None),
            ("28/11/2016", None),
            ("2016-11-28x", None),
            ("2015-02-29", None),
            ("2016-02-29", Some("2016-02-29")),
            ("2000-02-29", Some("2000-02-29")),
            ("1900-02-29", None),
            ("2016-11-00", None),
            ("2016-1-28", None),
            ("٢٠١٦-١١-٢٨", None),
            ("", None),
        ];
        for (input, want) in table {
            assert_eq!(parse_date(input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn json_doc_fields() {
        let d = parse_json_doc(
            r#"{"id": 7, "text": "نص", "date": "2015-07-21", "title": "عنوان", "url": "https://example.invalid/a"}"#,
        )
        .unwrap();
        assert_eq!(d.id, "7");
        assert_eq!(d.published.as_deref(), Some("2015-07-21"));
        assert_eq!(d.title.as_deref(), Some("عنوان"));
        assert_eq!(d.url.as_deref(), Some("https://example.invalid/a"));
        let errors = [
            (r#"{"id": "x"}"#, "text"),
            ("{", "invalid JSON"),
            (r#"{"id": [1], "text": "نص"}"#, "`id`"),
            (r#"{"text": "نص", "published": "أمس"}"#, "`published`"),
        ];
        for (line, want) in errors {
            let e = parse_json_doc(line).unwrap_err();
            assert!(e.contains(want), "{line}: {e}");
        }
        assert_eq!(parse_json_doc(r#"{"text": ""}"#).unwrap().id, "");
    }

    #[test]
    fn errors_name_their_place() {
        let table = [
            (
                InputError::Binary {
                    location: "a.png".into(),
                    what: "PNG image",
                },
                "a.png: binary file (PNG image), not text",
            ),
            (
                InputError::InvalidUtf8 {
                    location: "b.txt: byte 12".into(),
                },
                "b.txt: byte 12: invalid UTF-8",
            ),
            (
                InputError::Gzip {
                    location: "c.jsonl.gz:3".into(),
                    message: "invalid gzip header".into(),
                },
                "c.jsonl.gz:3: corrupt gzip stream: invalid gzip header",
            ),
        ];
        for (e, want) in table {
            assert_eq!(e.to_string(), want);
            assert!(want.starts_with(e.location()));
        }
    }
}
