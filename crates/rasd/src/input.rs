//! Reading documents: plain-text files, JSON Lines, standard input.
//!
//! Bad input never stops the run: each problem is reported with its file and
//! line or byte offset, and the reader goes on with the next document.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A document to analyze.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub published: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

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

/// A problem with one input record.
#[derive(Debug, Clone)]
pub struct InputError {
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
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
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File(p) => p.display().to_string(),
        }
    }

    fn is_jsonl(&self, opts: ReadOptions) -> bool {
        opts.jsonl
            || matches!(self, Source::File(p) if p.extension().is_some_and(|e| e == "jsonl" || e == "ndjson"))
    }
}

/// Streams documents from several sources in order.
pub struct DocumentReader {
    sources: std::vec::IntoIter<Source>,
    current: Option<Current>,
    opts: ReadOptions,
}

enum Current {
    Lines {
        name: String,
        reader: Box<dyn BufRead + Send>,
        line: usize,
        byte: u64,
    },
    Done,
}

/// What the reader yields.
pub type Item = Result<Document, InputError>;

impl DocumentReader {
    pub fn new(sources: Vec<Source>, opts: ReadOptions) -> DocumentReader {
        DocumentReader {
            sources: sources.into_iter(),
            current: None,
            opts,
        }
    }

    fn open(&self, source: &Source) -> Result<Box<dyn BufRead + Send>, InputError> {
        match source {
            Source::Stdin => Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin()))),
            Source::File(p) => File::open(p)
                .map(|f| Box::new(BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead + Send>)
                .map_err(|e| InputError {
                    location: p.display().to_string(),
                    message: e.to_string(),
                }),
        }
    }

    fn whole(&self, source: &Source) -> Item {
        let name = source.name();
        let mut bytes = Vec::new();
        let mut reader = self.open(source)?;
        reader.read_to_end(&mut bytes).map_err(|e| InputError {
            location: name.clone(),
            message: e.to_string(),
        })?;
        let text = decode(bytes, self.opts.lossy).map_err(|off| InputError {
            location: format!("{name}: byte {off}"),
            message: "invalid UTF-8".into(),
        })?;
        let id = match source {
            Source::Stdin => "stdin".to_owned(),
            Source::File(p) => file_id(p),
        };
        Ok(Document {
            id,
            text,
            ..Document::default()
        })
    }
}

fn file_id(p: &Path) -> String {
    p.display().to_string()
}

/// Decodes UTF-8, or returns the byte offset of the first invalid sequence.
fn decode(bytes: Vec<u8>, lossy: bool) -> Result<String, usize> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            if lossy {
                Ok(String::from_utf8_lossy(e.as_bytes()).into_owned())
            } else {
                Err(e.utf8_error().valid_up_to())
            }
        }
    }
}

impl Iterator for DocumentReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            match &mut self.current {
                None => {
                    let source = self.sources.next()?;
                    if source.is_jsonl(self.opts) {
                        match self.open(&source) {
                            Ok(reader) => {
                                self.current = Some(Current::Lines {
                                    name: source.name(),
                                    reader,
                                    line: 0,
                                    byte: 0,
                                })
                            }
                            Err(e) => return Some(Err(e)),
                        }
                    } else {
                        self.current = Some(Current::Done);
                        return Some(self.whole(&source));
                    }
                }
                Some(Current::Done) => self.current = None,
                Some(Current::Lines {
                    name,
                    reader,
                    line,
                    byte,
                }) => {
                    let mut buf = Vec::new();
                    match reader.read_until(b'\n', &mut buf) {
                        Ok(0) => {
                            self.current = None;
                            continue;
                        }
                        Ok(n) => {
                            *line += 1;
                            let line_start = *byte;
                            *byte += n as u64;
                            let lossy = self.opts.lossy;
                            let trimmed = trim_line(&buf);
                            if trimmed.iter().all(|b| b.is_ascii_whitespace()) {
                                continue;
                            }
                            let text = match decode(trimmed.to_vec(), lossy) {
                                Ok(t) => t,
                                Err(off) => {
                                    return Some(Err(InputError {
                                        location: format!(
                                            "{name}:{line} (byte {})",
                                            line_start + off as u64
                                        ),
                                        message: "invalid UTF-8".into(),
                                    }))
                                }
                            };
                            return Some(
                                parse_json_doc(&text)
                                    .map_err(|message| InputError {
                                        location: format!("{name}:{line}"),
                                        message,
                                    })
                                    .map(|mut d| {
                                        if d.id.is_empty() {
                                            d.id = format!("{name}:{line}");
                                        }
                                        d
                                    }),
                            );
                        }
                        Err(e) => {
                            let loc = format!("{name}:{}", *line + 1);
                            self.current = None;
                            return Some(Err(InputError {
                                location: loc,
                                message: e.to_string(),
                            }));
                        }
                    }
                }
            }
        }
    }
}

fn trim_line(buf: &[u8]) -> &[u8] {
    let mut end = buf.len();
    while end > 0 && (buf[end - 1] == b'\n' || buf[end - 1] == b'\r') {
        end -= 1;
    }
    &buf[..end]
}

/// Parses one JSON Lines record.
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

/// The `YYYY-MM-DD` date at the start of an ISO date or date-time.
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
        assert_eq!(parse_date("2016-11-28").as_deref(), Some("2016-11-28"));
        assert_eq!(
            parse_date("2016-11-28T10:00:00Z").as_deref(),
            Some("2016-11-28")
        );
        assert_eq!(parse_date("2016-13-01"), None);
        assert_eq!(parse_date("28/11/2016"), None);
        assert_eq!(parse_date("2016-11-28x"), None);
        assert_eq!(parse_date("2015-02-29"), None);
        assert_eq!(parse_date("2016-02-29").as_deref(), Some("2016-02-29"));
    }

    #[test]
    fn json_doc_fields() {
        let d = parse_json_doc(r#"{"id": 7, "text": "نص", "date": "2015-07-21"}"#).unwrap();
        assert_eq!(d.id, "7");
        assert_eq!(d.published.as_deref(), Some("2015-07-21"));
        assert!(parse_json_doc(r#"{"id": "x"}"#)
            .unwrap_err()
            .contains("text"));
        assert!(parse_json_doc("{").unwrap_err().contains("invalid JSON"));
    }
}
