//! Fuzzing: crash inputs kept as regression tests, and the fuzz targets'
//! invariants as property tests (a short run always, a long one with
//! `--ignored`, for machines where cargo-fuzz cannot run).

use proptest::prelude::*;

use crate::invariants::{check_analysis, check_normalize, folds_from_bits};

/// Inputs that once broke an invariant (found by the property tests and
/// cargo-fuzz) or that sit on an edge of one.
#[test]
fn regressions() {
    let inputs = [
        "",
        "\0",
        "ـ",
        "لل",
        "الـ",
        "وبالـ",
        // Ligatures that the segmenter splits: both segments take the whole
        // ligature character.
        "ﶪ",
        "ﷲی",
        "لﻷمن",
        "\u{FEF7}\u{FEF9}",
        "\u{FC5E}\u{FE71}\u{FE7F}",
        // Marks-only words (see `marks_only_word_is_not_empty`).
        "ۥ",
        "ۦۥ",
        // Upper case letters without a lower case (math alphanumerics).
        "𝔻",
        "İstanbul ǅ",
        // Just under the length where a word's segment ends are cut (see
        // `very_long_word_segments_cover_the_token`).
        &"ب".repeat(65_535),
    ];
    for text in inputs {
        check_analysis(text);
        for bits in [0, u16::MAX, 0x0001, 0x0008, 0x0100, 0x0400, 0xB400] {
            check_normalize(folds_from_bits(bits), text);
        }
    }
}

/// A segment boundary inside a ligature: the segments share that character.
#[test]
fn ligature_split_by_the_segmenter() {
    let text = "لﻷمن"; // لل + أمن with the lam-alef-hamza ligature
    let a = check_analysis(text);
    let t = &a.tokens()[0];
    let got: Vec<(&str, &str)> = a
        .segments(t)
        .iter()
        .map(|s| (a.form(s), s.span.slice(text)))
        .collect();
    assert_eq!(got, [("ل", "ل"), ("ال", "ﻷ"), ("أمن", "ﻷمن")]);
}

/// Regression (was a bug): a clean Arabic word of 65,536 letters or more gets segment spans
/// cut at its length modulo 65,536 (`SegRange` holds `u16` letter indices,
/// and `Segmenter::segment_letters` writes `end: n as u16` for long words).
/// With 70,000 letters the one stem segment covers only the first 4,464
/// letters; with exactly 65,536 the token gets no segment at all. `rasd
/// analyze --tokens` prints the cut form. Such a word fits in one 1 MB chunk.
#[test]
fn very_long_word_segments_cover_the_token() {
    for n in [65_536, 70_000] {
        check_analysis(&"ب".repeat(n));
    }
}

/// Regression (was a bug): `Normalizer::should_normalize` (and so `key`, which copies) says a
/// text changes when it holds an upper case letter whose lower case is
/// itself (𝔻 U+1D53B, and every other upper case letter without a lower
/// case mapping): `fold_slow` returns `Fold::Char(c)` for such a `c`
/// instead of `Fold::Keep`. The output is right; the pre-check is not.
#[test]
fn should_normalize_is_false_when_nothing_changes() {
    let n = rasd_text::normalize::Normalizer::search();
    assert_eq!(n.key("𝔻"), "𝔻");
    assert!(!n.should_normalize("𝔻"));
    assert!(matches!(n.key("𝔻"), std::borrow::Cow::Borrowed(_)));
}

/// Regression: U+06E5 and U+06E6 (small waw, small yeh) once started an
/// Arabic word for the tokenizer while the normalizer and the segmenter
/// dropped them as Quranic marks, leaving a token with no segment.
#[test]
fn marks_only_word_is_not_empty() {
    // A run of marks with no letter (ۥ U+06E5 is a Quranic small waw) is a
    // symbol token of its own: the search profile removes the marks, so its
    // normalized form is empty, but it keeps a segment covering its text.
    for text in ["ۥ", "ۦ", "قال ۥۦ"] {
        let a = check_analysis(text);
        for t in a.tokens() {
            assert!(
                !a.segments(t).is_empty(),
                "no segment for {:?}",
                t.span.slice(text)
            );
        }
    }
}

fn arabicish() -> impl Strategy<Value = String> {
    "[ \\n.؟،«»ـًٌٍَُِّْءآأؤإئابةتثجحخدذرسشصضطظعغفقكلمنهوىي٠-٩0-9a-zA-Z\u{200F}\u{202E}\u{FEFB}\u{FEF7}\u{0670}\u{0671}ﷲیک]{0,200}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn analysis_invariants(text in "\\PC{0,120}") {
        check_analysis(&text);
    }

    #[test]
    fn analysis_invariants_arabic(text in arabicish()) {
        check_analysis(&text);
    }

    #[test]
    fn normalize_invariants(bits in any::<u16>(), text in "\\PC{0,120}") {
        check_normalize(folds_from_bits(bits), &text);
    }
}

/// The fuzz targets' checks on many more inputs: `cargo test -p rasd --test
/// tests -- --ignored long_`. Use it where cargo-fuzz does not run.
mod long {
    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 50_000, .. ProptestConfig::default() })]

        #[test]
        #[ignore = "long: run with --ignored"]
        fn long_analysis_invariants(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            check_analysis(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        #[ignore = "long: run with --ignored"]
        fn long_analysis_invariants_arabic(text in arabicish()) {
            check_analysis(&text);
        }

        #[test]
        #[ignore = "long: run with --ignored"]
        fn long_normalize_invariants(bits in any::<u16>(), text in "\\PC{0,300}") {
            check_normalize(folds_from_bits(bits), &text);
        }
    }
}
