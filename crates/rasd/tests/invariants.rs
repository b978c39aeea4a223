//! Invariants of rasd-text that hold for every input, whatever its bytes.
//!
//! This file is shared: the integration tests use it (fuzz regressions and
//! the long property run), and the cargo-fuzz targets in `fuzz/` include it
//! with `#[path]`. It depends on rasd-text only.

#![allow(dead_code)]

use std::borrow::Cow;

use rasd_text::normalize::{Folds, Normalizer};
use rasd_text::segment::SegKind;
use rasd_text::tokenize::TokenKind;
use rasd_text::{Analysis, Span, TextAnalyzer};

/// Shows a text in a message, cut after 200 characters.
struct Short<'a>(&'a str);

impl std::fmt::Debug for Short<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.char_indices().nth(200) {
            Some((i, _)) => write!(f, "{:?}… ({} bytes)", &self.0[..i], self.0.len()),
            None => write!(f, "{:?}", self.0),
        }
    }
}

fn check_span(text: &str, span: Span, what: &str) {
    let shown = Short(text);
    assert!(
        span.start <= span.end,
        "{what} {span:?} is reversed in {shown:?}"
    );
    assert!(
        span.end <= text.len(),
        "{what} {span:?} is out of bounds ({}) in {shown:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} is not on char boundaries in {shown:?}"
    );
}

/// Checks every invariant of `analyzer.analyze(text)`; returns the analysis.
pub fn check_analysis_with(analyzer: &TextAnalyzer, text: &str) -> Analysis {
    let shown = Short(text);
    let a = analyzer.analyze(text);
    let search = Normalizer::new(analyzer.config().folds);
    let segments_on = analyzer.config().segments;

    // Tokens: non-empty, in bounds, ordered, not overlapping.
    let mut prev_end = 0;
    for (i, t) in a.tokens().iter().enumerate() {
        check_span(text, t.span, "token");
        assert!(t.span.start < t.span.end, "token {i} is empty in {shown:?}");
        assert!(
            t.span.start >= prev_end,
            "token {i} overlaps the one before in {shown:?}"
        );
        prev_end = t.span.end;
        let s = t.span.slice(text);
        let ss = Short(s);

        // The normalized form is the token's text normalized, a fixed point.
        let norm = a.norm(t);
        assert_eq!(norm, search.key(s), "norm of token {ss:?} in {shown:?}");
        assert_eq!(search.key(norm), norm, "norm of {ss:?} is not idempotent");
        // The stem is search-normalized too.
        let stem = a.stem(t);
        assert_eq!(
            search.key(stem),
            stem,
            "stem {stem:?} of {ss:?} is not normalized"
        );

        // Segments: inside the token, in order, covering its first and last
        // character. They do not overlap, except inside one presentation-form
        // ligature (ﻷ ﷲ …): a segment boundary that falls inside a single
        // code point cannot be expressed in offsets, so both segments take
        // the whole character.
        let segs = a.segments(t);
        if !segments_on {
            assert!(segs.is_empty());
            continue;
        }
        if segs.is_empty() {
            // Only a token of marks alone normalizes to nothing; every
            // token must have a segment (see `marks_only_word_is_not_empty`).
            assert!(norm.is_empty(), "token {ss:?} has no segment in {shown:?}");
            continue;
        }
        let mut prev: Option<Span> = None;
        for seg in segs {
            check_span(text, seg.span, "segment");
            assert!(
                seg.span.start >= t.span.start && seg.span.end <= t.span.end,
                "segment {:?} of {ss:?} {:?} is outside the token in {shown:?}",
                seg.span,
                t.span
            );
            assert!(
                seg.span.start < seg.span.end,
                "empty segment of {ss:?} in {shown:?}"
            );
            if let Some(p) = prev {
                assert!(
                    seg.span.start >= p.start && seg.span.end >= p.end,
                    "segments {p:?} and {:?} of {ss:?} are out of order in {shown:?}",
                    seg.span
                );
                if seg.span.start < p.end {
                    let shared = &text[seg.span.start..p.end];
                    let mut chars = shared.chars();
                    let one_ligature = matches!(
                        (chars.next(), chars.next()),
                        (Some('\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'), None)
                    );
                    assert!(
                        one_ligature,
                        "segments {p:?} and {:?} of {ss:?} overlap on {shared:?} in {shown:?}",
                        seg.span
                    );
                }
            }
            prev = Some(seg.span);
        }
        assert_eq!(
            segs[0].span.start, t.span.start,
            "first segment of {ss:?} in {shown:?}"
        );
        assert_eq!(
            segs[segs.len() - 1].span.end,
            t.span.end,
            "last segment of {ss:?} in {shown:?}"
        );
        assert!(
            segs.iter().filter(|g| g.kind == SegKind::Stem).count() <= 1,
            "several stems in {ss:?}"
        );
        if t.kind != TokenKind::Arabic {
            assert_eq!(segs.len(), 1, "a non-Arabic token is one segment: {ss:?}");
            assert_eq!(segs[0].span, t.span);
            assert_eq!(a.form(&segs[0]), s);
        }
    }

    // Sentences: in bounds, ordered, each a non-empty run of tokens, together
    // covering every token once.
    if analyzer.config().sentences {
        let mut covered = 0;
        for s in a.sentences() {
            check_span(text, s.span, "sentence");
            assert_eq!(
                s.tokens.start, covered,
                "sentences skip or repeat tokens in {shown:?}"
            );
            assert!(s.tokens.start < s.tokens.end, "empty sentence in {shown:?}");
            assert!(s.tokens.end <= a.tokens().len());
            assert_eq!(s.span.start, a.tokens()[s.tokens.start].span.start);
            assert_eq!(s.span.end, a.tokens()[s.tokens.end - 1].span.end);
            covered = s.tokens.end;
        }
        assert_eq!(
            covered,
            a.tokens().len(),
            "sentences do not cover all tokens in {shown:?}"
        );
    }

    // Reusing an analysis gives the same result as a fresh one.
    let mut reused = analyzer.analyze("نص سابق. وآخر بعده");
    analyzer.analyze_into(text, &mut reused);
    assert_eq!(reused.tokens(), a.tokens());
    assert_eq!(reused.sentences(), a.sentences());
    a
}

/// Checks the analysis invariants with the default analyzer.
pub fn check_analysis(text: &str) -> Analysis {
    check_analysis_with(&TextAnalyzer::new(), text)
}

/// Folds from the bits of `bits`: lets a fuzzer try every combination.
pub fn folds_from_bits(bits: u16) -> Folds {
    let on = |i: u32| bits & (1 << i) != 0;
    Folds {
        presentation_forms: on(0),
        tatweel: on(1),
        controls: on(2),
        diacritics: on(3),
        alef: on(4),
        alef_maqsura: on(5),
        teh_marbuta: on(6),
        hamza_seats: on(7),
        digits: on(8),
        persian_letters: on(9),
        lowercase: on(10),
    }
}

/// Checks a normalizer on `text`: its three entry points agree, the result
/// is a fixed point, the cheap pre-check is right, and the alignment maps
/// every normalized character into the original text, in order.
pub fn check_normalize(folds: Folds, text: &str) {
    let shown = Short(text);
    let n = Normalizer::new(folds);
    let key = n.key(text);
    let aligned = n.normalize(text);
    assert_eq!(
        aligned.text(),
        key,
        "normalize and key differ on {shown:?} ({folds:?})"
    );
    let mut into = String::from("x");
    n.normalize_into(text, &mut into);
    assert_eq!(
        &into[1..],
        key,
        "normalize_into and key differ on {shown:?} ({folds:?})"
    );
    assert_eq!(n.key(&key), key, "not idempotent on {shown:?} ({folds:?})");
    // The cheap pre-check may say yes when nothing changes (see the
    // `should_normalize_*` test in fuzz.rs), never no when something does.
    if key != text {
        assert!(
            n.should_normalize(text),
            "should_normalize misses a change in {shown:?}"
        );
    }
    if !n.should_normalize(text) {
        assert!(
            matches!(key, Cow::Borrowed(_)),
            "key copies {shown:?} for nothing"
        );
    }

    let out = aligned.text();
    let mut prev = (0, 0);
    for (i, c) in out.char_indices() {
        let (s, e) = aligned.original_span(i, i + c.len_utf8());
        check_span(text, Span::new(s, e), "aligned span");
        assert!(
            s < e || text.is_empty(),
            "a normalized char maps to nothing in {shown:?}"
        );
        assert!(
            s >= prev.0 && e >= prev.1,
            "alignment goes backwards in {shown:?}"
        );
        prev = (s, e);
    }
    let (s, e) = aligned.original_span(0, out.len());
    check_span(text, Span::new(s, e), "whole aligned span");
    if !out.is_empty() {
        assert_eq!(
            (s, e),
            (0, text.len()),
            "the whole output maps to the whole input"
        );
    }
    let (s, e) = aligned.original_span(out.len(), out.len());
    check_span(text, Span::new(s, e), "empty aligned span at the end");
}
