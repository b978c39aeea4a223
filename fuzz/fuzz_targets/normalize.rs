//! Normalize arbitrary bytes (read as lossy UTF-8) under every combination
//! of folds (chosen by the first two bytes) and check idempotence, that the
//! three entry points agree, and that the alignment stays in bounds.
//!
//! `cargo +nightly fuzz run normalize`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rasd_text::normalize::Folds;

#[path = "../../crates/rasd/tests/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let bits = u16::from_le_bytes([data[0], data[1]]);
    let text = String::from_utf8_lossy(&data[2..]);
    invariants::check_normalize(invariants::folds_from_bits(bits), &text);
    invariants::check_normalize(Folds::search(), &text);
    invariants::check_normalize(Folds::display(), &text);
});
