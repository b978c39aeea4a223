//! A small, tolerant HTML extractor for news pages: the title, the date, the
//! canonical address and the main text.
//!
//! It is hand-written and makes one pass, with no tree: a tokenizer that
//! follows the HTML rules where they matter for text (comments, raw-text
//! elements such as `script` and `style`, quoted attributes that may hold
//! `>`, entities, `CDATA`), and a stack of open elements that tolerates
//! unclosed and stray tags. Whatever the input, it ends, in time linear in
//! the input, without panicking (there is a fuzz target for that).
//!
//! ```
//! let page = r#"<html><head><meta property="og:title" content="عنوان الخبر">
//! <meta property="article:published_time" content="2016-11-28T10:00:00Z"></head>
//! <body><nav>الرئيسية</nav><article><h1>عنوان</h1><p>قال الوزير إن
//! الاجتماع كان مثمرا.</p><p>وصل الوفد &laquo;أمس&raquo;.</p></article></body></html>"#;
//! let doc = rasd_input::html::extract(page);
//! assert_eq!(doc.title.as_deref(), Some("عنوان الخبر"));
//! assert_eq!(doc.published.as_deref(), Some("2016-11-28"));
//! assert_eq!(doc.text, "عنوان\nقال الوزير إن الاجتماع كان مثمرا.\nوصل الوفد «أمس».");
//! ```

use std::borrow::Cow;
use std::collections::HashMap;

use crate::codepage::WINDOWS_1252;
use crate::parse_date;

/// What [`extract`] finds in a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlDoc {
    /// `og:title`, else `<title>`, else the first `<h1>`; whitespace
    /// collapsed.
    pub title: Option<String>,
    /// The publication date (`YYYY-MM-DD`) from the first of: meta
    /// `article:published_time`, `og:published_time`, `datePublished`
    /// (itemprop, or JSON-LD), `pubdate`, `date`, `DC.date.issued`,
    /// `dc.date`, then `<time datetime>`.
    pub published: Option<String>,
    /// The main text, one line per paragraph or block, whitespace
    /// collapsed inside lines, entities decoded.
    pub text: String,
    /// `<link rel="canonical">`, else `og:url`.
    pub url: Option<String>,
}

/// Extracts the title, date, address and main text of an HTML page.
///
/// The main text leaves out `script`, `style`, `noscript`, `template`,
/// `svg`, `nav`, `header`, `footer`, `aside`, `form` and comments. It is the
/// content of the element marked `itemprop="articleBody"` if there is one,
/// else of the longest `<article>`, else the `<p>` paragraphs, else all the
/// text of the body.
pub fn extract(html: &str) -> HtmlDoc {
    let html = html.strip_prefix('\u{FEFF}').unwrap_or(html);
    let mut x = Extractor::default();
    let mut tokens = Tokenizer::new(html);
    while let Some(t) = tokens.next_token() {
        x.token(t);
    }
    x.finish()
}

// ---------------------------------------------------------------------------
// Tokenizer

/// A piece of the page.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    /// Text between tags; entities not yet decoded.
    Text(&'a str),
    /// The content of `<![CDATA[…]]>`, literal.
    CData(&'a str),
    /// A start tag.
    Start(Tag<'a>),
    /// An end tag's lowercase name.
    End(String),
    /// The content of a raw-text element (`script`, `style`, …), literal;
    /// its start tag came just before.
    Raw(&'a str),
    /// The content of `title` or `textarea`: entities, no tags.
    RcData(&'a str),
}

#[derive(Debug, PartialEq)]
struct Tag<'a> {
    /// Lowercase.
    name: String,
    /// Lowercase names, decoded values, the first of each name only.
    attrs: Vec<(String, Cow<'a, str>)>,
}

impl Tag<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }
}

/// Elements whose content is text up to their end tag, with no tags inside.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];
/// The same, with entities decoded.
const RC_DATA: &[&str] = &["title", "textarea"];

struct Tokenizer<'a> {
    s: &'a str,
    pos: usize,
    /// Inside a raw-text element: its name, and whether it is RCDATA.
    raw: Option<(&'static str, bool)>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The first position of `needle` in `hay` at or after `from`.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= hay.len() {
        let k = hay[i..].iter().position(|&b| b == first)?;
        i += k;
        if hay[i..].starts_with(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

impl<'a> Tokenizer<'a> {
    fn new(s: &'a str) -> Tokenizer<'a> {
        Tokenizer {
            s,
            pos: 0,
            raw: None,
        }
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        let (s, b) = (self.s, self.s.as_bytes());
        if let Some((name, rc)) = self.raw.take() {
            let start = self.pos;
            let end = find_end_tag(b, start, name);
            self.pos = end;
            let content = &s[start..end];
            return Some(if rc {
                Token::RcData(content)
            } else {
                Token::Raw(content)
            });
        }
        loop {
            let start = self.pos;
            if start >= b.len() {
                return None;
            }
            if b[start] != b'<' {
                return Some(self.text_from(start));
            }
            match b.get(start + 1) {
                Some(c) if c.is_ascii_alphabetic() => return Some(self.start_tag()),
                Some(b'/') => match b.get(start + 2) {
                    Some(c) if c.is_ascii_alphabetic() => return Some(self.end_tag()),
                    None => {
                        self.pos = b.len();
                        return Some(Token::Text(&s[start..]));
                    }
                    // `</>` is nothing; `</3…>` a bogus comment.
                    Some(_) => self.skip_past(start + 2, b">"),
                },
                Some(b'!') => {
                    let rest = &b[start + 2..];
                    if rest.starts_with(b"--") {
                        let body = start + 4;
                        if b[body..].starts_with(b">") {
                            self.pos = body + 1;
                        } else if b[body..].starts_with(b"->") {
                            self.pos = body + 2;
                        } else {
                            self.skip_past(body, b"-->");
                        }
                    } else if rest.starts_with(b"[CDATA[") {
                        let body = start + 9;
                        let end = find(b, body, b"]]>");
                        self.pos = end.map_or(b.len(), |e| e + 3);
                        return Some(Token::CData(&s[body..end.unwrap_or(b.len())]));
                    } else {
                        self.skip_past(start + 2, b">");
                    }
                }
                Some(b'?') => self.skip_past(start + 2, b">"),
                // A `<` that starts no tag is text.
                _ => return Some(self.text_from(start)),
            }
        }
    }

    /// Text from `start` (which may be a literal `<`) to the next `<`.
    fn text_from(&mut self, start: usize) -> Token<'a> {
        let b = self.s.as_bytes();
        let end = b[start + 1..]
            .iter()
            .position(|&c| c == b'<')
            .map_or(b.len(), |k| start + 1 + k);
        self.pos = end;
        Token::Text(&self.s[start..end])
    }

    /// Moves past the next `end` at or after `from`, or to the end.
    fn skip_past(&mut self, from: usize, end: &[u8]) {
        let b = self.s.as_bytes();
        self.pos = find(b, from.min(b.len()), end).map_or(b.len(), |e| e + end.len());
    }

    /// The tag name at `i`, up to whitespace, `/` or `>`; and where it ends.
    fn name(&self, i: usize) -> (String, usize) {
        let b = self.s.as_bytes();
        let end = b[i..]
            .iter()
            .position(|&c| is_space(c) || c == b'/' || c == b'>')
            .map_or(b.len(), |k| i + k);
        (self.s[i..end].to_ascii_lowercase(), end)
    }

    fn start_tag(&mut self) -> Token<'a> {
        let (name, i) = self.name(self.pos + 1);
        let attrs = self.attributes(i);
        if let Some(raw) = RAW_TEXT.iter().find(|r| **r == name) {
            self.raw = Some((raw, false));
        } else if let Some(rc) = RC_DATA.iter().find(|r| **r == name) {
            self.raw = Some((rc, true));
        }
        Token::Start(Tag { name, attrs })
    }

    fn end_tag(&mut self) -> Token<'a> {
        let (name, i) = self.name(self.pos + 2);
        self.attributes(i);
        Token::End(name)
    }

    /// Reads attributes from `i` to the end of the tag (past its `>`) and
    /// leaves `pos` there. A quoted value may hold `>`; an unclosed quote
    /// runs to the end of the input.
    fn attributes(&mut self, mut i: usize) -> Vec<(String, Cow<'a, str>)> {
        let (s, b) = (self.s, self.s.as_bytes());
        let mut attrs: Vec<(String, Cow<'a, str>)> = Vec::new();
        loop {
            while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            let start = i;
            i += 1; // the first character may be anything, even `=`
            while i < b.len() && !(is_space(b[i]) || matches!(b[i], b'/' | b'>' | b'=')) {
                i += 1;
            }
            let name = s[start..i].to_ascii_lowercase();
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            let mut value = Cow::Borrowed("");
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                let raw = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = b[i + 1..]
                            .iter()
                            .position(|&c| c == q)
                            .map_or(b.len(), |k| i + 1 + k);
                        let v = &s[i + 1..end];
                        i = (end + 1).min(b.len());
                        v
                    }
                    _ => {
                        let start = i;
                        while i < b.len() && !(is_space(b[i]) || b[i] == b'>') {
                            i += 1;
                        }
                        &s[start..i]
                    }
                };
                value = decode_entities(raw, true);
            }
            if !attrs.iter().any(|(n, _)| *n == name) {
                attrs.push((name, value));
            }
        }
        self.pos = i;
        attrs
    }
}

/// Where the end tag `</name` (any case, followed by whitespace, `/`, `>`
/// or the end) starts at or after `from`; the end of the input if nowhere.
fn find_end_tag(b: &[u8], from: usize, name: &str) -> usize {
    let n = name.len();
    let mut i = from;
    while let Some(k) = find(b, i, b"</") {
        let after = k + 2 + n;
        if after <= b.len()
            && b[k + 2..after].eq_ignore_ascii_case(name.as_bytes())
            && b.get(after)
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return k;
        }
        i = k + 2;
    }
    b.len()
}

// ---------------------------------------------------------------------------
// Entities

/// Decodes character references: every numeric one (`&#1575;`, `&#x627;`,
/// the `;` optional) and the common named ones. In an attribute value a
/// named reference without `;` is left alone (`?a=1&copy=2` is a link).
pub(crate) fn decode_entities(s: &str, in_attr: bool) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut i, mut last) = (0, 0);
    while let Some(k) = b[i..].iter().position(|&c| c == b'&') {
        let amp = i + k;
        i = amp + 1;
        let rest = &s[amp + 1..];
        let Some((text, len)) = reference(rest, in_attr) else {
            continue;
        };
        out.push_str(&s[last..amp]);
        match text {
            Ref::Char(c) => out.push(c),
            Ref::Str(t) => out.push_str(t),
        }
        i = amp + 1 + len;
        last = i;
    }
    out.push_str(&s[last..]);
    Cow::Owned(out)
}

enum Ref {
    Char(char),
    Str(&'static str),
}

/// The reference at the start of `rest` (just after `&`), and its length.
fn reference(rest: &str, in_attr: bool) -> Option<(Ref, usize)> {
    let b = rest.as_bytes();
    if b.first() == Some(&b'#') {
        let hex = matches!(b.get(1), Some(b'x' | b'X'));
        let start = if hex { 2 } else { 1 };
        let radix = if hex { 16 } else { 10 };
        let mut end = start;
        let mut value: u32 = 0;
        while let Some(d) = b.get(end).and_then(|&c| (c as char).to_digit(radix)) {
            value = value.saturating_mul(radix).saturating_add(d);
            end += 1;
        }
        if end == start {
            return None;
        }
        if b.get(end) == Some(&b';') {
            end += 1;
        }
        return Some((Ref::Char(numeric(value)), end));
    }
    let len = b
        .iter()
        .take(33)
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(b.len().min(33));
    if len == 0 || len > 32 {
        return None;
    }
    let name = &rest[..len];
    if b.get(len) == Some(&b';') {
        return named(name).map(|t| (Ref::Str(t), len + 1));
    }
    // Without `;`: only the legacy few, and not in `a=1&copy=2`.
    if !matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg")
        || (in_attr && b.get(len) == Some(&b'='))
    {
        return None;
    }
    named(name).map(|t| (Ref::Str(t), len))
}

/// A numeric reference as browsers read it: 128–159 as windows-1252, and
/// NUL, surrogates and values past Unicode as U+FFFD.
fn numeric(v: u32) -> char {
    match v {
        0 => '\u{FFFD}',
        0x80..=0x9F => match WINDOWS_1252[(v - 0x80) as usize] {
            '\u{FFFD}' => char::from_u32(v).unwrap_or('\u{FFFD}'),
            c => c,
        },
        _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
    }
}

/// The common named references (case matters: `&Dagger;` is not `&dagger;`).
fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{A0}",
        "laquo" => "«",
        "raquo" => "»",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "rlm" => "\u{200F}",
        "lrm" => "\u{200E}",
        "zwnj" => "\u{200C}",
        "zwj" => "\u{200D}",
        "shy" => "\u{AD}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "copy" | "COPY" => "©",
        "reg" | "REG" => "®",
        "trade" => "™",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "divide" => "÷",
        "middot" => "·",
        "bull" => "•",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "prime" => "′",
        "Prime" => "″",
        "dagger" => "†",
        "Dagger" => "‡",
        "permil" => "‰",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "curren" => "¤",
        "sect" => "§",
        "para" => "¶",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "sup1" => "¹",
        "sup2" => "²",
        "sup3" => "³",
        "iexcl" => "¡",
        "iquest" => "¿",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "harr" => "↔",
        "minus" => "−",
        "ne" => "≠",
        "le" => "≤",
        "ge" => "≥",
        "infin" => "∞",
        "macr" => "¯",
        "acute" => "´",
        "cedil" => "¸",
        "uml" => "¨",
        "ordf" => "ª",
        "ordm" => "º",
        "not" => "¬",
        "micro" => "µ",
        "brvbar" => "¦",
        "oline" => "‾",
        "frasl" => "⁄",
        "eacute" => "é",
        "Eacute" => "É",
        "egrave" => "è",
        "agrave" => "à",
        "acirc" => "â",
        "ccedil" => "ç",
        "ecirc" => "ê",
        "icirc" => "î",
        "ocirc" => "ô",
        "ucirc" => "û",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "szlig" => "ß",
        "Tab" => "\t",
        "NewLine" => "\n",
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Text

/// Text built line by line: whitespace collapsed to one space inside a
/// line, none at either end, no empty lines.
#[derive(Debug, Default)]
struct TextBuf {
    out: String,
    space: bool,
}

impl TextBuf {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                if self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
                self.space = false;
                self.out.push(c);
            }
        }
    }

    fn space(&mut self) {
        self.space = true;
    }

    fn line_break(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.space = false;
    }

    fn finish(mut self) -> String {
        while self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out
    }
}

/// Collapses whitespace to single spaces, trimmed; `None` if empty.
fn collapsed(s: &str) -> Option<String> {
    let mut t = TextBuf::default();
    t.push(s);
    Some(t.finish()).filter(|s| !s.is_empty())
}

// ---------------------------------------------------------------------------
// Extractor

/// Elements whose content is left out of the text.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer", "aside",
    "form", "select", "button", "iframe", "object", "textarea",
];

/// Elements that break lines (at their start and end).
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "blockquote",
    "section",
    "article",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "pre",
    "figure",
    "figcaption",
    "main",
    "hr",
    "address",
    "center",
    "fieldset",
    "details",
    "summary",
    "caption",
    "body",
    "header",
    "footer",
    "nav",
    "aside",
    "form",
];

/// Elements with no content and no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The elements allowed in `<head>`; any other start tag closes it.
const HEAD_ONLY: &[&str] = &[
    "meta", "link", "title", "script", "style", "base", "noscript", "template",
];

/// The longest `<h1>` text (bytes) kept as a title.
const MAX_H1: usize = 1000;

/// Ranks of the date sources, the best first.
const DATE_RANKS: usize = 8;
const RANK_ITEMPROP: usize = 2;
const RANK_PUBDATE: usize = 3;
const RANK_TIME: usize = 7;

/// What an open element counts toward.
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    drop: bool,
    head: bool,
    p: bool,
    article: bool,
    body: bool,
    h1: bool,
}

#[derive(Debug)]
struct Open {
    name: String,
    flags: Flags,
}

/// What the next raw-text token is the content of.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RawOf {
    Other,
    JsonLd,
    Title,
}

#[derive(Default)]
struct Extractor {
    stack: Vec<Open>,
    /// How many open elements have each name (end tags for names not open
    /// are ignored at once, so stray tags cost no stack scans).
    open: HashMap<String, usize>,
    /// How many open elements count toward each flag.
    drop: usize,
    head: usize,
    p: usize,
    article: usize,
    body: usize,
    h1: usize,
    raw_of: Option<RawOf>,

    all: TextBuf,
    paragraphs: TextBuf,
    articles: Vec<TextBuf>,
    bodies: TextBuf,
    h1_text: Option<TextBuf>,
    h1_done: bool,

    og_title: Option<String>,
    title: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    dates: [Option<String>; DATE_RANKS],
}

impl Extractor {
    fn token(&mut self, t: Token<'_>) {
        match t {
            Token::Text(s) => {
                if self.head > 0 && s.bytes().any(|b| !is_space(b)) {
                    self.close_head();
                }
                if self.head == 0 {
                    self.text(&decode_entities(s, false));
                }
            }
            Token::CData(s) => self.text(s),
            Token::Start(tag) => self.start(tag),
            Token::End(name) => self.end(&name),
            Token::Raw(s) | Token::RcData(s) => match self.raw_of.take() {
                Some(RawOf::JsonLd) => {
                    if let Some(d) = json_ld_date(s) {
                        self.date(RANK_ITEMPROP, d);
                    }
                }
                Some(RawOf::Title) if self.title.is_none() && self.drop == 0 => {
                    self.title = collapsed(&decode_entities(s, false));
                }
                _ => {}
            },
        }
    }

    /// Text outside dropped elements goes to every collection it is in.
    fn text(&mut self, s: &str) {
        if self.h1 > 0 && !self.h1_done {
            let h = self.h1_text.get_or_insert_with(TextBuf::default);
            h.push(s);
            // An unclosed `<h1>` is not a title.
            self.h1_done = h.out.len() > MAX_H1;
        }
        if self.drop > 0 {
            return;
        }
        self.all.push(s);
        if self.p > 0 {
            self.paragraphs.push(s);
        }
        if self.article > 0 {
            if let Some(a) = self.articles.last_mut() {
                a.push(s);
            }
        }
        if self.body > 0 {
            self.bodies.push(s);
        }
    }

    fn each_buf(&mut self, f: impl Fn(&mut TextBuf)) {
        f(&mut self.all);
        f(&mut self.paragraphs);
        f(&mut self.bodies);
        if let Some(a) = self.articles.last_mut() {
            f(a);
        }
        if let Some(h) = &mut self.h1_text {
            f(h);
        }
    }

    fn date(&mut self, rank: usize, value: &str) {
        if self.dates[rank].is_none() {
            self.dates[rank] = parse_date(value);
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let name = tag.name.as_str();
        if self.head > 0 && !HEAD_ONLY.contains(&name) && name != "head" {
            self.close_head();
        }
        self.metadata(&tag);
        self.raw_of = match name {
            "title" => Some(RawOf::Title),
            "script"
                if tag
                    .attr("type")
                    .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) =>
            {
                Some(RawOf::JsonLd)
            }
            _ if RAW_TEXT.contains(&name) || RC_DATA.contains(&name) => Some(RawOf::Other),
            _ => None,
        };
        // A block closes an open paragraph; a list item, row or cell its
        // open sibling.
        if BLOCKS.contains(&name) && self.top_is("p") {
            self.pop_to("p");
        }
        if matches!(name, "li" | "dt" | "dd" | "tr" | "td" | "th" | "option") && self.top_is(name) {
            self.pop_to(name);
        }
        if BLOCKS.contains(&name) {
            self.each_buf(TextBuf::line_break);
        } else if matches!(name, "td" | "th" | "img") {
            self.each_buf(TextBuf::space);
        }
        // Raw-text and RCDATA content comes as one token, and their end
        // tags are then stray: they are not pushed.
        if VOID.contains(&name) || RAW_TEXT.contains(&name) || RC_DATA.contains(&name) {
            return;
        }
        let itemprop = |want: &str| {
            tag.attr("itemprop").is_some_and(|v| {
                v.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case(want))
            })
        };
        let flags = Flags {
            drop: DROPPED.contains(&name),
            head: name == "head",
            p: name == "p",
            article: name == "article",
            body: itemprop("articleBody"),
            h1: name == "h1",
        };
        self.push(tag.name, flags);
    }

    fn end(&mut self, name: &str) {
        if name == "br" {
            self.each_buf(TextBuf::line_break);
            return;
        }
        if BLOCKS.contains(&name) {
            self.each_buf(TextBuf::line_break);
        } else if matches!(name, "td" | "th") {
            self.each_buf(TextBuf::space);
        }
        if self.open.get(name).is_some_and(|&n| n > 0) {
            self.pop_to(name);
        }
    }

    fn top_is(&self, name: &str) -> bool {
        self.stack.last().is_some_and(|o| o.name == name)
    }

    fn push(&mut self, name: String, f: Flags) {
        self.drop += usize::from(f.drop);
        self.head += usize::from(f.head);
        self.p += usize::from(f.p);
        self.body += usize::from(f.body);
        self.h1 += usize::from(f.h1);
        if f.article {
            if self.article == 0 {
                self.articles.push(TextBuf::default());
            }
            self.article += 1;
        }
        *self.open.entry(name.clone()).or_default() += 1;
        self.stack.push(Open { name, flags: f });
    }

    /// Pops open elements up to and including the last one named `name`
    /// (which must be open).
    fn pop_to(&mut self, name: &str) {
        while let Some(o) = self.stack.pop() {
            let f = o.flags;
            self.drop -= usize::from(f.drop);
            self.head -= usize::from(f.head);
            self.p -= usize::from(f.p);
            self.article -= usize::from(f.article);
            self.body -= usize::from(f.body);
            self.h1 -= usize::from(f.h1);
            if f.h1 && self.h1 == 0 && self.h1_text.is_some() {
                self.h1_done = true;
            }
            if let Some(n) = self.open.get_mut(&o.name) {
                *n -= 1;
            }
            if o.name == name {
                return;
            }
        }
    }

    /// Content that cannot be in `<head>` ends it.
    fn close_head(&mut self) {
        while self.head > 0 {
            self.pop_to("head");
        }
    }

    /// Title, dates and address from `<meta>`, `<link>`, `<time>` and
    /// `itemprop`.
    fn metadata(&mut self, tag: &Tag<'_>) {
        match tag.name.as_str() {
            "meta" => {
                let Some(content) = tag.attr("content") else {
                    return;
                };
                for key in ["property", "name", "itemprop"] {
                    let Some(k) = tag.attr(key) else { continue };
                    match k.trim().to_ascii_lowercase().as_str() {
                        "og:title" if self.og_title.is_none() => {
                            self.og_title = collapsed(content);
                        }
                        "og:url" if self.og_url.is_none() => {
                            self.og_url = Some(content.trim().to_owned()).filter(|u| !u.is_empty());
                        }
                        "article:published_time" => self.date(0, content),
                        "og:published_time" => self.date(1, content),
                        "datepublished" => self.date(RANK_ITEMPROP, content),
                        "pubdate" => self.date(RANK_PUBDATE, content),
                        "date" => self.date(4, content),
                        "dc.date.issued" | "dcterms.issued" => self.date(5, content),
                        "dc.date" => self.date(6, content),
                        _ => {}
                    }
                }
                return;
            }
            "link" => {
                let canonical = tag.attr("rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("canonical"))
                });
                if canonical && self.canonical.is_none() {
                    self.canonical = tag
                        .attr("href")
                        .map(|h| h.trim().to_owned())
                        .filter(|h| !h.is_empty());
                }
                return;
            }
            "time" => {
                if let Some(dt) = tag.attr("datetime") {
                    let rank = if tag.attr("pubdate").is_some() {
                        RANK_PUBDATE
                    } else {
                        RANK_TIME
                    };
                    self.date(rank, dt);
                }
            }
            _ => {}
        }
        let published = tag.attr("itemprop").is_some_and(|v| {
            v.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case("datePublished"))
        });
        if published {
            if let Some(v) = tag.attr("content").or(tag.attr("datetime")) {
                self.date(RANK_ITEMPROP, v);
            }
        }
    }

    fn finish(self) -> HtmlDoc {
        let articles = self
            .articles
            .into_iter()
            .map(TextBuf::finish)
            .max_by_key(|a| a.len())
            .filter(|a| !a.is_empty());
        let text = Some(self.bodies.finish())
            .filter(|t| !t.is_empty())
            .or(articles)
            .or_else(|| Some(self.paragraphs.finish()).filter(|t| !t.is_empty()))
            .unwrap_or_else(|| self.all.finish());
        let h1 = self
            .h1_text
            .and_then(|h| collapsed(&h.finish()))
            .filter(|t| t.len() <= MAX_H1);
        HtmlDoc {
            title: self.og_title.or(self.title).or(h1),
            published: self.dates.into_iter().flatten().next(),
            text,
            url: self.canonical.or(self.og_url),
        }
    }
}

/// The `"datePublished"` value in a JSON-LD script, if any.
fn json_ld_date(s: &str) -> Option<&str> {
    let key = "\"datePublished\"";
    let mut from = 0;
    while let Some(k) = s[from..].find(key) {
        let rest = s[from + k + key.len()..].trim_start();
        from += k + key.len();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('"') else {
            continue;
        };
        return rest.find('"').map(|e| &rest[..e]);
    }
    None
}

#[cfg(test)]
mod tests;
