//! # rasd-text: the Arabic text core of rasd
//!
//! Every later stage of rasd (entities, events, search) reads Arabic through
//! this crate. It has no I/O and one dependency. The stages, each in its own
//! module:
//!
//! | module | does |
//! |---|---|
//! | [`normalize`] | display and search profiles, each fold switchable, with alignment to the original |
//! | [`tokenize`] | words, numbers in every digit set, punctuation, URLs, e-mail, mentions, hashtags, emoji |
//! | [`sentence`] | sentence boundaries (abbreviations, decimals, quotations, headlines) |
//! | [`segment`] | clitic segmentation decided with a lexicon |
//! | [`stem`] | the light stem used as the search key |
//!
//! [`TextAnalyzer`] runs them all. **Offsets are sacred**: every token,
//! segment and sentence carries its byte span in the original text; the
//! normalized forms are separate strings.
//!
//! ```
//! use rasd_text::TextAnalyzer;
//!
//! let text = "وصل المشير إلى موسكو أمس. والتقى وزير الدفاع الروسى.";
//! let analyzer = TextAnalyzer::new();
//! let a = analyzer.analyze(text);
//! assert_eq!(a.sentences().len(), 2);
//! let t = &a.tokens()[6];
//! assert_eq!(t.span.slice(text), "والتقى");
//! let forms: Vec<&str> = a.segments(t).iter().map(|s| a.form(s)).collect();
//! assert_eq!(forms, ["و", "التقى"]);
//! // The Egyptian final ى folds to ي in the search form.
//! assert_eq!(a.norm(&a.tokens()[9]), "الروسي");
//! ```
#![deny(missing_docs)]

mod data;
pub mod mem;
pub mod normalize;
pub mod segment;
pub mod sentence;
pub mod span;
pub mod stem;
pub mod tokenize;

use normalize::{is_diacritic, Fold, Normalizer};
use segment::{SegKind, SegRange, Segmenter};
use sentence::SentenceBounds;
pub use span::{CharOffsets, Span};

use tokenize::{tokenize, RawToken, TokenKind};

/// A token of an [`Analysis`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Its span in the original text.
    pub span: Span,
    norm: (u32, u32),
    segs: (u32, u32),
    stem: (u32, u32),
}

/// A segment of a token: its role, its span in the original text and its
/// form (display-normalized letters; ال for the article written ل in لل).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenSegment {
    /// The segment's role (proclitic, stem, suffix, enclitic).
    pub kind: SegKind,
    /// Its span in the original text.
    pub span: Span,
    form: (u32, u32),
}

/// The analysis of one text: sentences, tokens, segments, normalized forms
/// and stems, all with spans into the original text.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    sentences: Vec<SentenceBounds>,
    tokens: Vec<Token>,
    segments: Vec<TokenSegment>,
    buf: String,
}

impl Analysis {
    /// The sentences, in order; each names its token range.
    pub fn sentences(&self) -> &[SentenceBounds] {
        &self.sentences
    }

    /// The tokens, in order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The search-normalized form of `token`.
    pub fn norm(&self, token: &Token) -> &str {
        &self.buf[token.norm.0 as usize..token.norm.1 as usize]
    }

    /// The light stem (search key) of `token`; for non-word tokens, its
    /// normalized form.
    pub fn stem(&self, token: &Token) -> &str {
        &self.buf[token.stem.0 as usize..token.stem.1 as usize]
    }

    /// The segments of `token` (empty unless segmentation was on; one stem
    /// segment for non-Arabic tokens).
    pub fn segments(&self, token: &Token) -> &[TokenSegment] {
        &self.segments[token.segs.0 as usize..token.segs.1 as usize]
    }

    /// The form of a segment.
    pub fn form(&self, seg: &TokenSegment) -> &str {
        &self.buf[seg.form.0 as usize..seg.form.1 as usize]
    }

    fn clear(&mut self) {
        self.sentences.clear();
        self.tokens.clear();
        self.segments.clear();
        self.buf.clear();
    }
}

/// Options of a [`TextAnalyzer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnalyzerConfig {
    /// Split sentences.
    pub sentences: bool,
    /// Segment clitics and compute light stems.
    pub segments: bool,
    /// The folds used for the normalized form of tokens.
    pub folds: normalize::Folds,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            sentences: true,
            segments: true,
            folds: normalize::Folds::search(),
        }
    }
}

/// The whole text pipeline: tokenize → sentences → normalize → segment → stem.
/// Immutable and `Send + Sync`; build it once and share it.
#[derive(Debug, Clone, Copy)]
pub struct TextAnalyzer {
    config: AnalyzerConfig,
    search: Normalizer,
    display: Normalizer,
    segmenter: &'static Segmenter,
}

impl Default for TextAnalyzer {
    fn default() -> Self {
        TextAnalyzer::new()
    }
}

/// How many tokens ahead the segmentation cache is prefetched.
const PREFETCH_AHEAD: usize = 6;

/// Scratch space for one token's letters and their original offsets.
#[derive(Default)]
struct Scratch {
    letters: Vec<char>,
    /// Original byte span of each letter.
    spans: Vec<(u32, u32)>,
    segs: Vec<SegRange>,
}

impl TextAnalyzer {
    /// The default analyzer (search-normalized forms, segmentation on).
    pub fn new() -> TextAnalyzer {
        TextAnalyzer::with_config(AnalyzerConfig::default())
    }

    /// An analyzer with the given options and the built-in lexicon.
    pub fn with_config(config: AnalyzerConfig) -> TextAnalyzer {
        TextAnalyzer {
            config,
            search: Normalizer::new(config.folds),
            display: Normalizer::new(normalize::Folds {
                diacritics: true,
                ..normalize::Folds::display()
            }),
            segmenter: Segmenter::builtin(),
        }
    }

    /// The options in use.
    pub fn config(&self) -> AnalyzerConfig {
        self.config
    }

    /// Analyzes `text`.
    pub fn analyze(&self, text: &str) -> Analysis {
        let mut out = Analysis::default();
        self.analyze_into(text, &mut out);
        out
    }

    /// Analyzes `text` into `out`, reusing its buffers.
    pub fn analyze_into(&self, text: &str, out: &mut Analysis) {
        out.clear();
        let raw: Vec<RawToken> = tokenize(text).collect();
        if self.config.sentences {
            out.sentences = sentence::split_sentences(text, &raw);
        }
        let mut scratch = Scratch::default();
        out.tokens.reserve(raw.len());
        // Cache keys of clean Arabic tokens (0 for others), so that each
        // lookup can be prefetched a few tokens ahead.
        let keys: Vec<u64> = if self.config.segments {
            raw.iter()
                .map(|t| {
                    let s = t.span.slice(text);
                    if t.kind == TokenKind::Arabic && is_clean_arabic(s) {
                        Segmenter::clean_key(s)
                    } else {
                        0
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        for (i, t) in raw.iter().enumerate() {
            if let Some(&k) = keys.get(i + PREFETCH_AHEAD) {
                if k != 0 {
                    self.segmenter.prefetch(k);
                }
            }
            let key = keys.get(i).copied().unwrap_or(0);
            self.add_token(text, t, key, out, &mut scratch);
        }
    }

    fn add_token(&self, text: &str, t: &RawToken, key: u64, out: &mut Analysis, sc: &mut Scratch) {
        let s = t.span.slice(text);
        let norm_start = out.buf.len() as u32;
        self.search.normalize_into(s, &mut out.buf);
        let norm = (norm_start, out.buf.len() as u32);
        let seg_start = out.segments.len() as u32;
        let mut stem = norm;
        if t.kind == TokenKind::Arabic && self.config.segments {
            // Clean tokens (two-byte Arabic letters only, the vast majority)
            // map letter i to bytes 2i..2i+2: no alignment table needed.
            let clean = key != 0;
            sc.segs.clear();
            if clean {
                self.segmenter
                    .segment_clean_hashed(s, key, &mut sc.letters, &mut sc.segs);
            } else {
                self.letters(s, t.span.start, sc);
                let ends_with_tatweel = s.ends_with(normalize::TATWEEL);
                if !(ends_with_tatweel && self.segmenter.proclitics_only(&sc.letters, &mut sc.segs))
                {
                    sc.segs.clear();
                    self.segmenter.segment_letters(&sc.letters, &mut sc.segs);
                }
            }
            let n = sc.segs.len();
            let n_letters = if clean { s.len() / 2 } else { sc.letters.len() };
            let mut have_stem = false;
            for (k, r) in sc.segs.iter().enumerate() {
                let (a, b) = (r.start as usize, r.end as usize);
                if a >= b || b > n_letters {
                    continue;
                }
                // The first and last segments cover the token's edges (a
                // trailing tatweel or mark belongs to the last segment).
                let (start, end) = if clean {
                    (t.span.start + 2 * a, t.span.start + 2 * b)
                } else {
                    let start = if k == 0 {
                        t.span.start
                    } else {
                        sc.spans[a].0 as usize
                    };
                    let end = if k + 1 == n {
                        t.span.end
                    } else {
                        sc.spans[b - 1].1 as usize
                    };
                    (start, end)
                };
                let f0 = out.buf.len() as u32;
                match r.form {
                    Some(f) => out.buf.push_str(f),
                    None if clean => out.buf.push_str(&s[2 * a..2 * b]),
                    None => out.buf.extend(&sc.letters[a..b]),
                }
                let f1 = out.buf.len() as u32;
                out.segments.push(TokenSegment {
                    kind: r.kind,
                    span: Span::new(start, end),
                    form: (f0, f1),
                });
                if r.kind == SegKind::Stem && !have_stem {
                    have_stem = true;
                    let from = out.buf.len();
                    if clean {
                        self.search.normalize_into(&s[2 * a..2 * b], &mut out.buf);
                    } else {
                        let mut tmp = String::new();
                        tmp.extend(&sc.letters[a..b]);
                        self.search.normalize_into(&tmp, &mut out.buf);
                    }
                    stem = (from as u32, out.buf.len() as u32);
                }
            }
            if !have_stem {
                stem = norm;
            }
        } else if self.config.segments {
            let f0 = out.buf.len() as u32;
            out.buf.push_str(&text[t.span.start..t.span.end]);
            out.segments.push(TokenSegment {
                kind: SegKind::Stem,
                span: t.span,
                form: (f0, out.buf.len() as u32),
            });
        }
        out.tokens.push(Token {
            kind: t.kind,
            span: t.span,
            norm,
            segs: (seg_start, out.segments.len() as u32),
            stem,
        });
    }

    /// Fills `sc.letters` with the display-normalized letters of `s` (no
    /// diacritics, tatweel or controls) and their original spans.
    fn letters(&self, s: &str, base: usize, sc: &mut Scratch) {
        sc.letters.clear();
        sc.spans.clear();
        for (i, c) in s.char_indices() {
            let span = ((base + i) as u32, (base + i + c.len_utf8()) as u32);
            let mut push = |d: char| {
                if !is_diacritic(d) {
                    sc.letters.push(d);
                    sc.spans.push(span);
                }
            };
            match self.display.fold_char(c) {
                Fold::Keep => push(c),
                Fold::Drop => {}
                Fold::Char(d) => push(d),
                Fold::Str(st) => st.chars().for_each(push),
            }
        }
    }
}

/// True when `s` is made only of two-byte Arabic letters (U+0621–U+064A, no
/// marks, tatweel or controls): letter i is then bytes 2i..2i+2.
#[inline]
fn is_clean_arabic(s: &str) -> bool {
    let b = s.as_bytes();
    b.len().is_multiple_of(2)
        && b.chunks_exact(2).all(|pair| {
            let u = ((pair[0] as u32 & 0x1F) << 6) | (pair[1] as u32 & 0x3F);
            pair[0] & 0xFE == 0xD8 && (0x621..=0x64A).contains(&u) && u != 0x640
        })
}

#[cfg(test)]
mod tests;
