//! What a file is, from its name and its first bytes: gzip, binary, HTML,
//! and the legacy charset an HTML page declares.
//!
//! Every check here looks at the head of the file only (at most [`HEAD`]
//! bytes), once per file: nothing is added per byte of the stream.

use crate::codepage;

/// How many bytes of a file are looked at to tell what it is.
pub(crate) const HEAD: usize = 8 << 10;

/// The gzip magic bytes (RFC 1952).
pub(crate) fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// Known binary formats, by their magic bytes.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document"),
];

/// Why the head of a file says it is binary, or `None` for text.
///
/// Binary: a known magic number (PNG, PDF, ZIP, ELF, JPEG, GIF, xz, zstd,
/// 7z, OLE), or NUL bytes that text never has: more than 1% of the head
/// while the head is not UTF-8, or more than half of the head. A text with
/// a few stray NULs in valid UTF-8 is still text (and the analyzer copes
/// with them); UTF-8 text never has NUL runs that long, while executables,
/// images and databases are full of both NULs and invalid UTF-8.
pub(crate) fn binary(head: &[u8]) -> Option<&'static str> {
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(what);
    }
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if nuls == 0 {
        return None;
    }
    if nuls * 2 > head.len() || (nuls * 100 > head.len() && !utf8_prefix(head)) {
        return Some("NUL bytes");
    }
    None
}

/// Whether `head` is UTF-8, allowing a character cut at its end.
fn utf8_prefix(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// Whether the content is an HTML page: `<!doctype html` or `<html`
/// (any case) after a byte-order mark and whitespace.
pub(crate) fn looks_like_html(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let rest = &head[start..];
    let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    let ends = |i: usize| !matches!(rest.get(i), Some(b) if b.is_ascii_alphanumeric());
    (starts(b"<!doctype html") && ends(14)) || (starts(b"<html") && ends(5))
}

/// A legacy charset an HTML page may declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charset {
    Windows1256,
    Iso8859_6,
}

/// The legacy Arabic charset the page declares in its first bytes
/// (`<meta charset=…>` or `content="text/html; charset=…"`), if any.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<Charset> {
    let head = &bytes[..bytes.len().min(4096)];
    let mut from = 0;
    while let Some(i) = find_ci(&head[from..], b"charset") {
        let mut j = from + i + b"charset".len();
        from = j;
        while head.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        if head.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while head
            .get(j)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        {
            j += 1;
        }
        let end = head[j..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':')))
            .map_or(head.len(), |k| j + k);
        let label = String::from_utf8_lossy(&head[j..end]).to_ascii_lowercase();
        return match label.as_str() {
            "windows-1256" | "cp1256" | "x-cp1256" => Some(Charset::Windows1256),
            "iso-8859-6" | "iso8859-6" | "iso_8859-6" | "iso_8859-6:1987" | "iso88596"
            | "arabic" | "asmo-708" | "ecma-114" | "iso-ir-127" | "csiso88596e" | "csiso88596i"
            | "csisolatinarabic" | "iso-8859-6-e" | "iso-8859-6-i" => Some(Charset::Iso8859_6),
            _ => None,
        };
    }
    None
}

/// Decodes a single-byte legacy charset.
pub(crate) fn decode_legacy(bytes: &[u8], charset: Charset) -> String {
    let table = match charset {
        Charset::Windows1256 => &codepage::WINDOWS_1256,
        Charset::Iso8859_6 => &codepage::ISO_8859_6,
    };
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        if b < 0x80 {
            s.push(b as char);
        } else {
            s.push(table[usize::from(b - 0x80)]);
        }
    }
    s
}

/// The first position of `needle` in `hay`, ASCII case-insensitive.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_or_text() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&[0; 40]);
        let mut exe = vec![0u8; 200];
        exe.extend_from_slice(b"\xff\xfe\x00\x01abc");
        let one_nul = format!("{}\0{}", "قال الوزير ".repeat(20), "إن الاجتماع كان مثمرا.");
        let nul_text = "نص\0مع\0أصفار\0.\0";
        let mut bad_utf8_one_nul = "كلام ".repeat(100).into_bytes();
        bad_utf8_one_nul.extend_from_slice(b"\xff\x00");
        let table: &[(&[u8], Option<&str>)] = &[
            (&png, Some("PNG image")),
            (b"%PDF-1.7\n", Some("PDF document")),
            (b"PK\x03\x04\x14\x00", Some("ZIP archive")),
            (b"\x7fELF\x02\x01\x01", Some("ELF executable")),
            (b"\xff\xd8\xff\xe0\x00\x10JFIF", Some("JPEG image")),
            (b"GIF89a\x01\x00", Some("GIF image")),
            (&exe, Some("NUL bytes")),
            (&[0u8; 64], Some("NUL bytes")),
            (one_nul.as_bytes(), None),
            (nul_text.as_bytes(), None),
            (&bad_utf8_one_nul, None),
            ("نص عادي بلا أصفار".as_bytes(), None),
            (b"", None),
            // Cut inside a character: still UTF-8 text.
            (&"نص\0عادي".as_bytes()[..8], None),
        ];
        for (bytes, want) in table {
            assert_eq!(binary(bytes), *want, "{bytes:?}");
        }
    }

    #[test]
    fn html_or_not() {
        let table: &[(&[u8], bool)] = &[
            (b"<!DOCTYPE html>\n<html>", true),
            (b"\xef\xbb\xbf  \n<!doctype HTML>", true),
            (b"\t<HTML lang=\"ar\">", true),
            (b"<html>", true),
            (b"<html", true),
            (b"<htmlx>", false),
            (b"<!doctype htmlx>", false),
            (b"<p>not a page</p>", false),
            ("نص <html>".as_bytes(), false),
            (b"", false),
        ];
        for (bytes, want) in table {
            assert_eq!(looks_like_html(bytes), *want, "{bytes:?}");
        }
    }

    #[test]
    fn charsets() {
        let table: &[(&[u8], Option<Charset>)] = &[
            (
                b"<meta charset=\"windows-1256\">",
                Some(Charset::Windows1256),
            ),
            (b"<meta charset=WINDOWS-1256>", Some(Charset::Windows1256)),
            (
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-6\">",
                Some(Charset::Iso8859_6),
            ),
            (b"<meta charset=\"utf-8\">", None),
            (
                b"<p>charset is a word</p><meta charset='cp1256'>",
                Some(Charset::Windows1256),
            ),
            (b"no meta here", None),
        ];
        for (bytes, want) in table {
            assert_eq!(declared_charset(bytes), *want, "{bytes:?}");
        }
    }

    #[test]
    fn legacy_decoding() {
        // "سلام" in windows-1256 and in ISO-8859-6.
        assert_eq!(
            decode_legacy(b"\xd3\xe1\xc7\xe3 ok", Charset::Windows1256),
            "سلام ok"
        );
        assert_eq!(
            decode_legacy(b"\xd3\xe4\xc7\xe5 ok", Charset::Iso8859_6),
            "سلام ok"
        );
    }
}
