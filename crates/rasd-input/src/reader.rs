//! The document reader: sources in, documents (or errors) out, in order.

use std::collections::VecDeque;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use crate::sniff::{self, HEAD};
use crate::{html, parse_json_doc, walk, Document, InputError, Item, ReadOptions, Source};

/// Streams documents from several sources in order.
///
/// A folder is walked when the reader reaches it (see [`crate::expand`]);
/// JSON Lines are read a line at a time, so a file of any size streams;
/// every other file is one document, read whole into a buffer sized from
/// the file's length (memory about the size of the file, no copies).
pub struct DocumentReader {
    queue: VecDeque<Result<Source, InputError>>,
    current: Option<Lines>,
    opts: ReadOptions,
    /// Files the folder walks left out (not a document format).
    skipped: Vec<PathBuf>,
}

/// What a source holds, once opened.
enum Opened {
    Doc(Document),
    Lines(Lines),
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Lines,
    Html,
    Text,
}

/// A JSON Lines stream being read.
struct Lines {
    name: String,
    reader: Box<dyn BufRead + Send>,
    /// Lines read so far.
    line: usize,
    /// Bytes read so far (of the decompressed stream for gzip).
    byte: u64,
    gzip: bool,
}

impl DocumentReader {
    /// A reader of `sources`, in order.
    pub fn new(sources: Vec<Source>, opts: ReadOptions) -> DocumentReader {
        DocumentReader::from_expanded(sources.into_iter().map(Ok).collect(), opts)
    }

    /// A reader of sources already expanded (by [`crate::expand`]); the
    /// errors among them are yielded in their places.
    pub fn from_expanded(
        sources: Vec<Result<Source, InputError>>,
        opts: ReadOptions,
    ) -> DocumentReader {
        DocumentReader {
            queue: sources.into(),
            current: None,
            opts,
            skipped: Vec::new(),
        }
    }

    /// The files that folder walks left out so far because their name is
    /// not of a document format (see [`crate::expand_with_skipped`]).
    pub fn skipped_files(&self) -> &[PathBuf] {
        &self.skipped
    }

    /// Opens a file (or standard input) and tells what it is: a document
    /// read whole, or a JSON Lines stream.
    fn open(&self, source: &Source) -> Result<Opened, InputError> {
        let name = source.name();
        let (raw, size, path): (Box<dyn Read + Send>, usize, Option<&Path>) = match source {
            Source::Stdin => (Box::new(io::stdin()), 0, None),
            Source::File(p) => {
                let f = File::open(p).map_err(|e| InputError::io(name.clone(), &e))?;
                let size = f.metadata().map_or(0, |m| m.len() as usize);
                (Box::new(f), size, Some(p.as_path()))
            }
        };
        let gz_name = path.is_some_and(|p| has_extension(p, &["gz"]));
        let (head, raw) = read_head(raw);
        let gzip = gz_name || sniff::is_gzip(&head);
        let (head, stream, size): (Vec<u8>, Box<dyn Read + Send>, usize) = if gzip {
            let decoder = MultiGzDecoder::new(Cursor::new(head).chain(raw));
            let (head, rest) = read_head(decoder);
            let size = size.max(head.len());
            (head, Box::new(rest), size)
        } else {
            (head, Box::new(raw), size)
        };
        if let Some(what) = sniff::binary(&head) {
            return Err(InputError::Binary {
                location: name,
                what,
            });
        }
        // `x.html.gz` is read as `x.html`.
        let inner = path.map(|p| {
            if gz_name {
                Path::new(p.file_stem().unwrap_or_default())
            } else {
                p
            }
        });
        let kind =
            if self.opts.jsonl || inner.is_some_and(|p| has_extension(p, &["jsonl", "ndjson"])) {
                Kind::Lines
            } else if inner.is_some_and(|p| has_extension(p, &["html", "htm", "xhtml"]))
                || sniff::looks_like_html(&head)
            {
                Kind::Html
            } else {
                Kind::Text
            };
        let stream = Cursor::new(head).chain(stream);
        if kind == Kind::Lines {
            return Ok(Opened::Lines(Lines {
                name,
                reader: Box::new(BufReader::with_capacity(1 << 16, stream)),
                line: 0,
                byte: 0,
                gzip,
            }));
        }
        let bytes = read_all(stream, size, &name, gzip)?;
        let id = match source {
            Source::Stdin => "stdin".to_owned(),
            Source::File(p) => p.display().to_string(),
        };
        let lossy = self.opts.lossy;
        let invalid = |off: usize| InputError::InvalidUtf8 {
            location: format!("{name}: byte {off}"),
        };
        if kind == Kind::Text {
            let text = decode(bytes, lossy).map_err(invalid)?;
            return Ok(Opened::Doc(Document {
                id,
                text,
                ..Document::default()
            }));
        }
        let page = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => match sniff::declared_charset(e.as_bytes()) {
                Some(charset) => sniff::decode_legacy(e.as_bytes(), charset),
                None => decode(e.into_bytes(), lossy).map_err(invalid)?,
            },
        };
        let page = html::extract(&page);
        Ok(Opened::Doc(Document {
            id,
            text: page.text,
            published: page.published,
            title: page.title,
            source: None,
            url: page.url,
        }))
    }
}

/// Whether the file name ends with `.EXT` for one of `exts` (any case).
fn has_extension(p: &Path, exts: &[&str]) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// A reader that first returns an error met while reading ahead.
struct Deferred<R> {
    error: Option<io::Error>,
    inner: R,
}

impl<R: Read> Read for Deferred<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.error.take() {
            Some(e) => Err(e),
            None => self.inner.read(buf),
        }
    }
}

/// Reads up to [`HEAD`] bytes to look at; an error is kept for the first
/// read of the rest, so that what came before it is still read (the good
/// lines of a JSON Lines file before a corrupt part of its gzip stream).
fn read_head<R: Read>(mut r: R) -> (Vec<u8>, Deferred<R>) {
    let mut head = vec![0; HEAD];
    let mut n = 0;
    let mut error = None;
    while n < HEAD {
        match r.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    head.truncate(n);
    (head, Deferred { error, inner: r })
}

/// Reads a whole stream into a buffer of `size` bytes (the file's length),
/// which it fills without growing when the length is right.
fn read_all(mut r: impl Read, size: usize, name: &str, gzip: bool) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::with_capacity(size);
    r.read_to_end(&mut bytes)
        .map_err(|e| stream_error(name.to_owned(), &e, gzip))?;
    Ok(bytes)
}

fn stream_error(location: String, e: &io::Error, gzip: bool) -> InputError {
    if gzip {
        InputError::Gzip {
            location,
            message: e.to_string(),
        }
    } else {
        InputError::io(location, e)
    }
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

impl Lines {
    /// The next record, an error for a bad one, or `None` at the end (or
    /// after an error reading the stream).
    fn next_record(&mut self, lossy: bool) -> Option<Item> {
        loop {
            let mut buf = Vec::new();
            let n = match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(n) => n,
                Err(e) => {
                    let location = format!("{}:{}", self.name, self.line + 1);
                    // Stop this stream: what follows a read error is lost.
                    self.reader = Box::new(io::empty());
                    return Some(Err(stream_error(location, &e, self.gzip)));
                }
            };
            self.line += 1;
            let line_start = self.byte;
            self.byte += n as u64;
            let mut end = buf.len();
            while end > 0 && (buf[end - 1] == b'\n' || buf[end - 1] == b'\r') {
                end -= 1;
            }
            if buf[..end].iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            buf.truncate(end);
            let (name, line) = (&self.name, self.line);
            let text = match decode(buf, lossy) {
                Ok(t) => t,
                Err(off) => {
                    return Some(Err(InputError::InvalidUtf8 {
                        location: format!("{name}:{line} (byte {})", line_start + off as u64),
                    }))
                }
            };
            return Some(
                parse_json_doc(&text)
                    .map_err(|message| InputError::Record {
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
    }
}

impl Iterator for DocumentReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(lines) = &mut self.current {
                if let Some(item) = lines.next_record(self.opts.lossy) {
                    return Some(item);
                }
                self.current = None;
            }
            let source = match self.queue.pop_front()? {
                Ok(s) => s,
                Err(e) => return Some(Err(e)),
            };
            if let Source::File(p) = &source {
                if fs::metadata(p).is_ok_and(|m| m.is_dir()) {
                    let mut found = Vec::new();
                    walk::walk(p, &mut found, &mut self.skipped);
                    for item in found.into_iter().rev() {
                        self.queue.push_front(item);
                    }
                    continue;
                }
            }
            match self.open(&source) {
                Ok(Opened::Lines(lines)) => self.current = Some(lines),
                Ok(Opened::Doc(doc)) => return Some(Ok(doc)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests;
