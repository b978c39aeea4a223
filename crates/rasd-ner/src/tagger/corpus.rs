//! Reading token-per-line corpora such as ANERcorp: sentence boundaries and
//! label repair.
//!
//! ANERcorp has no sentence boundaries; as CAMeL Lab's release does, a
//! sentence ends after a run of one or more period-like tokens (`.`, and
//! the `·` and `•` that their release turned into `.`).

use std::ops::Range;

use super::Label;

/// Whether `token` ends a sentence: made only of `. · • ! ? ؟ …`.
pub fn is_sentence_end(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| matches!(c, '.' | '·' | '•' | '!' | '?' | '؟' | '…'))
}

/// Splits a token sequence into sentences: each ends after a run of
/// sentence-end tokens (see [`is_sentence_end`]), the last at the end.
/// Ranges are non-empty, in order, and cover every token.
pub fn split_sentences<S: AsRef<str>>(tokens: &[S]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..tokens.len() {
        let end_here = is_sentence_end(tokens[i].as_ref())
            && !tokens
                .get(i + 1)
                .is_some_and(|t| is_sentence_end(t.as_ref()));
        if end_here {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Turns IOB1 into BIO in place: an `I-X` that does not follow `B-X` or
/// `I-X` becomes `B-X` (the entities stay the same, as conlleval reads them).
pub fn repair_bio(labels: &mut [Label]) {
    super::viterbi::repair(labels)
}
