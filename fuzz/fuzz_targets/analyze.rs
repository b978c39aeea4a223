//! Analyze arbitrary bytes (read as lossy UTF-8) and check every invariant
//! of the analysis: spans in bounds and on char boundaries, tokens ordered
//! and not overlapping, segments inside their token, sentences covering
//! every token, normalized forms idempotent.
//!
//! `cargo +nightly fuzz run analyze`. A crash input goes into
//! `crates/rasd/tests/fuzz.rs` as a regression test.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rasd_text::{AnalyzerConfig, TextAnalyzer};

#[path = "../../crates/rasd/tests/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    invariants::check_analysis(&text);
    // Without sentences or segments, tokens and their forms must not change.
    let plain = TextAnalyzer::with_config(AnalyzerConfig {
        sentences: false,
        segments: false,
        ..AnalyzerConfig::default()
    });
    let a = invariants::check_analysis_with(&plain, &text);
    let b = TextAnalyzer::new().analyze(&text);
    assert_eq!(a.tokens().len(), b.tokens().len());
    for (x, y) in a.tokens().iter().zip(b.tokens()) {
        assert_eq!(x.span, y.span);
        assert_eq!(a.norm(x), b.norm(y));
    }
});
