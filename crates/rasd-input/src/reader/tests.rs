//! The reader on files written for each test: folders, gzip, HTML, binary
//! files, bad records, a big document.

use std::io::Write;
use std::path::PathBuf;

use flate2::write::GzEncoder;
use flate2::Compression;

use super::*;
use crate::expand;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("rasd-input-reader-{}", std::process::id()))
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Writes `files` (relative path, bytes) under a fresh folder.
fn folder(name: &str, files: &[(&str, Vec<u8>)]) -> PathBuf {
    let dir = tmp(name);
    for (f, bytes) in files {
        let p = dir.join(f);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    dir
}

/// Each item as one line, paths relative to `dir`: `id | title | published
/// | url | text` or `ERR message`.
fn read(dir: &Path, sources: Vec<Source>, opts: ReadOptions) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    DocumentReader::new(sources, opts)
        .map(|item| {
            let line = match item {
                Ok(d) => format!(
                    "{} | {} | {} | {} | {}",
                    d.id,
                    d.title.unwrap_or_default(),
                    d.published.unwrap_or_default(),
                    d.url.unwrap_or_default(),
                    d.text
                ),
                Err(e) => format!("ERR {e}"),
            };
            line.replace(&prefix, "")
        })
        .collect()
}

const A: &str = "قال الوزير إن الاجتماع كان مثمرا.";
const B: &str = "وصل الوفد إلى بنغازي صباح اليوم.";

fn jsonl(records: &[(&str, &str)]) -> Vec<u8> {
    records
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
        .collect::<String>()
        .into_bytes()
}

fn page(title: &str, date: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title>\
         <meta name=\"date\" content=\"{date}\"></head><body><p>{body}</p></body></html>"
    )
}

#[test]
fn a_folder_of_every_kind() {
    let html = page("عنوان", "2016-11-28", A);
    let dir = folder(
        "every_kind",
        &[
            ("b.txt", B.into()),
            ("a.txt", A.into()),
            ("c.jsonl", jsonl(&[("c1", A), ("c2", B)])),
            ("d.html", html.clone().into_bytes()),
            ("e/f.txt.gz", gz(B.as_bytes())),
            ("e/g.jsonl.gz", gz(&jsonl(&[("g1", B)]))),
            ("e/h.html.gz", gz(html.as_bytes())),
            ("e/i.HTM", page("كبير", "2017-01-02", B).into_bytes()),
            ("e/j.txt", gz(A.as_bytes())),   // gzip magic, no .gz
            ("e/notes.md", "ملاحظات".into()), // not a document format: skipped
            ("e/k.txt", page("مقنع", "2018-03-04", A).into_bytes()), // HTML inside
            (".hidden.txt", "مخفي".into()),
            ("e/.hidden/x.txt", "مخفي".into()),
        ],
    );
    let want = [
        format!("a.txt |  |  |  | {A}"),
        format!("b.txt |  |  |  | {B}"),
        format!("c1 |  |  |  | {A}"),
        format!("c2 |  |  |  | {B}"),
        format!("d.html | عنوان | 2016-11-28 |  | {A}"),
        format!("e/f.txt.gz |  |  |  | {B}"),
        format!("g1 |  |  |  | {B}"),
        format!("e/h.html.gz | عنوان | 2016-11-28 |  | {A}"),
        format!("e/i.HTM | كبير | 2017-01-02 |  | {B}"),
        format!("e/j.txt |  |  |  | {A}"),
        format!("e/k.txt | مقنع | 2018-03-04 |  | {A}"),
    ];
    let got = read(
        &dir,
        vec![Source::File(dir.clone())],
        ReadOptions::default(),
    );
    assert_eq!(got, want);
    // The same through `expand`, and a folder named twice is read twice.
    let expanded = expand(&[dir.join("e"), dir.join("a.txt")]);
    let got: Vec<String> = DocumentReader::from_expanded(expanded, ReadOptions::default())
        .map(|d| d.unwrap().id.replace(&format!("{}/", dir.display()), ""))
        .collect();
    assert_eq!(
        got,
        [
            "e/f.txt.gz",
            "g1",
            "e/h.html.gz",
            "e/i.HTM",
            "e/j.txt",
            "e/k.txt",
            "a.txt"
        ]
    );
}

#[test]
fn bad_files_are_errors_naming_them_and_the_rest_goes_on() {
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend_from_slice(&[0; 64]);
    let mut cut = gz(&jsonl(&[("t1", A), ("t2", B)]));
    cut.truncate(cut.len() - 12);
    let mut corrupt = gz(A.as_bytes());
    let mid = corrupt.len() / 2;
    corrupt[mid..].iter_mut().for_each(|b| *b ^= 0x5a);
    let mut bad_page = b"<html><body><p>".to_vec();
    bad_page.extend_from_slice(b"\xff\xfe</p></body></html>");
    let mut stray_nul = A.as_bytes().to_vec();
    stray_nul.push(0);
    stray_nul.extend_from_slice(B.as_bytes());
    let dir = folder(
        "bad_files",
        &[
            ("a.png", png),
            ("b.txt.gz", b"not gzip at all".to_vec()),
            ("c.txt.gz", corrupt),
            ("d.jsonl.gz", cut),
            ("e.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec()),
            ("f.bin", vec![0; 300]),
            ("g.html", bad_page),
            ("h.txt", stray_nul.clone()),
            ("i.txt", A.into()),
        ],
    );
    // Named one by one: a folder walk would skip the PNG, the PDF and the
    // `.bin`, which are not document formats.
    let names = [
        "a.png",
        "b.txt.gz",
        "c.txt.gz",
        "d.jsonl.gz",
        "e.pdf",
        "f.bin",
        "g.html",
        "h.txt",
        "i.txt",
    ];
    let got = read(
        &dir,
        names.iter().map(|n| Source::File(dir.join(n))).collect(),
        ReadOptions::default(),
    );
    let nul_text = String::from_utf8(stray_nul).unwrap();
    let expected = [
        "ERR a.png: binary file (PNG image), not text".to_owned(),
        "ERR b.txt.gz: corrupt gzip stream: ".to_owned(),
        "ERR c.txt.gz: corrupt gzip stream: ".to_owned(),
        format!("t1 |  |  |  | {A}"),
        "ERR d.jsonl.gz:2: corrupt gzip stream: ".to_owned(),
        "ERR e.pdf: binary file (PDF document), not text".to_owned(),
        "ERR f.bin: binary file (NUL bytes), not text".to_owned(),
        "ERR g.html: byte 15: invalid UTF-8".to_owned(),
        format!("h.txt |  |  |  | {nul_text}"),
        format!("i.txt |  |  |  | {A}"),
    ];
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for (g, want) in got.iter().zip(&expected) {
        assert!(
            g.starts_with(want.as_str()),
            "{g:?} should start with {want:?}"
        );
    }
    // Lossy: the page is read, the broken files are still errors.
    let got = read(
        &dir,
        vec![
            Source::File(dir.join("g.html")),
            Source::File(dir.join("c.txt.gz")),
        ],
        ReadOptions {
            lossy: true,
            ..ReadOptions::default()
        },
    );
    assert_eq!(got[0], "g.html |  |  |  | \u{FFFD}\u{FFFD}");
    assert!(
        got[1].starts_with("ERR c.txt.gz: corrupt gzip stream"),
        "{got:?}"
    );
}

#[test]
fn missing_paths_are_errors_in_their_place() {
    let dir = folder("missing", &[("a.txt", A.into())]);
    let sources = vec![
        Source::File(dir.join("gone.txt")),
        Source::File(dir.join("a.txt")),
        Source::File(dir.join("gone.jsonl")),
        Source::File(dir.join("gone-folder/")),
    ];
    let got = read(&dir, sources, ReadOptions::default());
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got[0].starts_with("ERR gone.txt: "), "{got:?}");
    assert_eq!(got[1], format!("a.txt |  |  |  | {A}"));
    assert!(got[2].starts_with("ERR gone.jsonl: "), "{got:?}");
    assert!(got[3].starts_with("ERR gone-folder"), "{got:?}");
    let expanded = expand(&[dir.join("gone.txt")]);
    assert!(matches!(
        &expanded[..],
        [Err(InputError::Io {
            kind: io::ErrorKind::NotFound,
            ..
        })]
    ));
}

#[test]
fn legacy_arabic_charsets() {
    let cp1256 = |s: &str| -> Vec<u8> {
        // The few letters these pages use, in windows-1256.
        s.chars()
            .map(|c| match c {
                'س' => 0xd3,
                'ل' => 0xe1,
                'ا' => 0xc7,
                'م' => 0xe3,
                c => c as u8,
            })
            .collect()
    };
    let table = [
        (
            "a.html",
            cp1256("<html><head><meta charset=\"windows-1256\"><title>سلام</title></head><p>سلام ملا</p>"),
            "a.html | سلام |  |  | سلام ملا",
        ),
        (
            "b.html",
            cp1256("<html><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"><p>سلام</p>"),
            "b.html |  |  |  | سلام",
        ),
        // UTF-8 in a page that claims windows-1256: read as UTF-8.
        (
            "c.html",
            "<meta charset=windows-1256><p>سلام</p>".into(),
            "c.html |  |  |  | سلام",
        ),
    ];
    let dir = folder(
        "charsets",
        &table
            .iter()
            .map(|(n, b, _)| (*n, b.clone()))
            .collect::<Vec<_>>(),
    );
    let got = read(
        &dir,
        vec![Source::File(dir.clone())],
        ReadOptions::default(),
    );
    let want: Vec<&str> = table.iter().map(|(_, _, w)| *w).collect();
    assert_eq!(got, want);
}

#[test]
fn json_lines_records() {
    let mut body = jsonl(&[("a", A)]);
    body.extend_from_slice(b"\n  \r\n{\"id\": 1, \"text\": \n");
    body.extend_from_slice(b"{\"text\": \"\xc3\x28\"}\n");
    body.extend_from_slice(b"{\"text\": \"\xd9\x86\xd8\xb5\"}");
    let dir = folder("records", &[("x.txt", body.clone()), ("y.jsonl", body)]);
    let bad_at = jsonl(&[("a", A)]).len() + 1 + 4 + r#"{"id": 1, "text": "#.len() + 1;
    let want = [
        format!("a |  |  |  | {A}"),
        "ERR x.txt:4: invalid JSON: ".to_owned(),
        format!(
            "ERR x.txt:5 (byte {}): invalid UTF-8",
            bad_at + r#"{"text": ""#.len()
        ),
        "x.txt:6 |  |  |  | نص".to_owned(),
    ];
    let opts = ReadOptions {
        jsonl: true,
        lossy: false,
    };
    let got = read(&dir, vec![Source::File(dir.join("x.txt"))], opts);
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(&want) {
        assert!(g.starts_with(w.as_str()), "{g:?} should start with {w:?}");
    }
    let got = read(
        &dir,
        vec![Source::File(dir.join("y.jsonl"))],
        ReadOptions::default(),
    );
    assert_eq!(got.len(), 4);
    assert_eq!(got[3], "y.jsonl:6 |  |  |  | نص");
}

/// A 100 MB plain-text document is read into one buffer of its size: no
/// doubling, no copy (the string is the buffer read).
#[test]
fn a_big_document_is_read_into_a_buffer_of_its_size() {
    const SIZE: usize = 100 << 20;
    let dir = tmp("big");
    let path = dir.join("big.txt");
    {
        let mut f = std::io::BufWriter::new(File::create(&path).unwrap());
        let line = format!("{A} {B}\n");
        let mut n = 0;
        while n + line.len() <= SIZE {
            f.write_all(line.as_bytes()).unwrap();
            n += line.len();
        }
        f.write_all(&vec![b'.'; SIZE - n]).unwrap();
    }
    let mut reader = DocumentReader::new(vec![Source::File(path.clone())], ReadOptions::default());
    let doc = reader.next().unwrap().unwrap();
    assert!(reader.next().is_none());
    assert_eq!(doc.text.len(), SIZE);
    assert!(
        doc.text.capacity() <= SIZE + HEAD,
        "capacity {} for {SIZE} bytes",
        doc.text.capacity()
    );
    drop(doc);
    fs::remove_file(&path).unwrap();
}

#[test]
fn standard_input_name() {
    assert_eq!(Source::Stdin.name(), "<stdin>");
    assert_eq!(Source::File("a/b.txt".into()).name(), "a/b.txt");
}
