//! Cross-stage tests: offsets, determinism and "analyze anything".

use proptest::prelude::*;

use crate::normalize::{Folds, Normalizer};
use crate::TextAnalyzer;

fn check_offsets(text: &str) {
    let a = TextAnalyzer::new().analyze(text);
    let mut prev_end = 0;
    for t in a.tokens() {
        assert!(t.span.start < t.span.end, "empty token in {text:?}");
        assert!(t.span.end <= text.len());
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        assert!(t.span.start >= prev_end, "overlapping tokens in {text:?}");
        prev_end = t.span.end;
        for s in a.segments(t) {
            assert!(s.span.start >= t.span.start && s.span.end <= t.span.end);
            assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        }
    }
    let mut covered = 0;
    for s in a.sentences() {
        assert_eq!(s.tokens.start, covered, "sentences must cover all tokens");
        covered = s.tokens.end;
        assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
    }
    assert_eq!(
        covered,
        if a.sentences().is_empty() {
            0
        } else {
            a.tokens().len()
        }
    );
}

#[test]
fn hostile_inputs_do_not_panic() {
    let tatweels = format!("ك{}لمة", "\u{0640}".repeat(10_000));
    let inputs = [
        "",
        "\u{0}\u{0}\u{0}",
        "\u{200F}\u{202E}\u{2066}نص\u{2069}",
        "\u{064E}\u{0651}\u{0652}",
        "ـــــ",
        tatweels.as_str(),
        "\u{FEFB}\u{FEF5}\u{FDF2}\u{FDFA}",
        "abc١٢٣xyz٫٬٪",
        "«««»»»...؟؟؟!!!",
        "و",
        "ال",
        "\u{FFFD}\u{FFFD}",
    ];
    for input in inputs {
        check_offsets(input);
    }
}

#[test]
fn segments_of_lil_keep_offsets() {
    let text = "للحكومة";
    let a = TextAnalyzer::new().analyze(text);
    let t = &a.tokens()[0];
    let segs = a.segments(t);
    let forms: Vec<&str> = segs.iter().map(|s| a.form(s)).collect();
    assert_eq!(forms[..2], ["ل", "ال"]);
    assert_eq!(segs[0].span.slice(text), "ل");
    assert_eq!(segs[1].span.slice(text), "ل");
}

#[test]
fn joined_article_is_a_proclitic() {
    let text = "الـ20";
    let a = TextAnalyzer::new().analyze(text);
    let t = &a.tokens()[0];
    assert_eq!(t.span.slice(text), "الـ");
    let segs = a.segments(t);
    assert_eq!(segs.len(), 1);
    assert_eq!(segs[0].kind, crate::segment::SegKind::Proclitic);
}

#[test]
fn egyptian_yeh_gives_one_key() {
    let an = TextAnalyzer::new();
    let a = an.analyze("الليبى");
    let b = an.analyze("الليبي");
    assert_eq!(a.norm(&a.tokens()[0]), b.norm(&b.tokens()[0]));
    assert_eq!(a.stem(&a.tokens()[0]), b.stem(&b.tokens()[0]));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn analyze_anything(text in "\\PC{0,200}") {
        check_offsets(&text);
    }

    #[test]
    fn analyze_arabic_like(text in "[ \\n.؟،«»ـًٌٍَُِّْءآأؤإئابةتثجحخدذرسشصضطظعغفقكلمنهوىي٠-٩0-9\u{200F}]{0,300}") {
        check_offsets(&text);
    }

    #[test]
    fn normalization_is_idempotent(text in "\\PC{0,200}") {
        for folds in [Folds::display(), Folds::search()] {
            let n = Normalizer::new(folds);
            let once = n.key(&text).into_owned();
            prop_assert_eq!(n.key(&once).into_owned(), once.clone());
            let aligned = n.normalize(&text);
            prop_assert_eq!(aligned.text(), once.as_str());
        }
    }

    #[test]
    fn analysis_is_deterministic(text in "\\PC{0,120}") {
        let an = TextAnalyzer::new();
        let a = an.analyze(&text);
        let b = an.analyze(&text);
        prop_assert_eq!(a.tokens(), b.tokens());
        prop_assert_eq!(a.sentences(), b.sentences());
        for (x, y) in a.tokens().iter().zip(b.tokens()) {
            prop_assert_eq!(a.norm(x), b.norm(y));
            prop_assert_eq!(a.stem(x), b.stem(y));
        }
    }
}
