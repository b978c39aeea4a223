//! Sentence splitting over tokens.
//!
//! A sentence ends at `. ! ? ؟ …` (and runs of them), with any closing quotes
//! or brackets that follow, and at line breaks: news text puts headlines,
//! datelines and paragraphs on their own lines, often without final
//! punctuation. It does not end
//! - at a decimal point (the tokenizer keeps `1.5` whole),
//! - after an abbreviation or initial (`د.`, `م.`, `ص.`, `ق.م.`, `J.`, `Dr.`),
//!   except an era marker after a number (`2016 م.`, `1437 هـ.`), which usually
//!   closes the sentence,
//! - inside a quotation (« », “ ”, " "): a quoted sentence ends the outer
//!   sentence only if the quotation closes right after its final punctuation
//!   and the text goes on with a new clause, not with `،` `:` or `؛`.
//!
//! Hard-wrapped plain text (most lines of similar length without final
//! punctuation) is detected, and then only blank lines split.
//!
//! ```
//! use rasd_text::{sentence::split_sentences, tokenize::tokenize};
//!
//! let text = "التقى د. محمد الوزير. وبلغ النمو 2.5 في المئة!";
//! let tokens: Vec<_> = tokenize(text).collect();
//! let sentences = split_sentences(text, &tokens);
//! assert_eq!(sentences.len(), 2);
//! assert_eq!(sentences[0].span.slice(text), "التقى د. محمد الوزير.");
//! ```

use std::ops::Range;

use crate::span::Span;
use crate::tokenize::{RawToken, TokenKind};

/// A sentence: its span in the original text and the range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceBounds {
    /// From the start of the first token to the end of the last.
    pub span: Span,
    /// Indices into the token slice.
    pub tokens: Range<usize>,
}

/// Abbreviations (without their period) after which a period does not end a
/// sentence. Single letters, Arabic or Latin, are abbreviations too.
const ABBREVIATIONS: &[&str] = &[
    "د", "م", "ص", "ق", "ج", "ت", "ب", "أ", "ا", "ع", "س", "ه", "هـ", "ح", "ط", "ك", "ف", "ش",
    "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "Jr", "Sr", "vs", "etc", "No", "Gen", "Col", "Lt",
    "Capt", "Sgt", "Gov", "Sen", "Rep", "Inc", "Ltd", "Co", "Corp", "al", "e.g", "i.e", "U.S",
    "U.N", "p", "pp", "ed", "vol", "Fig",
];

/// Era markers that close a date: after a number their period usually ends
/// the sentence.
fn is_era_marker(word: &str) -> bool {
    matches!(word.trim_end_matches('\u{0640}'), "م" | "ه" | "هـ")
}

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('\u{0640}');
    if w.chars().count() == 1 {
        return true;
    }
    ABBREVIATIONS.contains(&w)
}

fn is_terminal(tok: &str) -> bool {
    !tok.is_empty()
        && tok
            .chars()
            .all(|c| matches!(c, '.' | '!' | '?' | '؟' | '…'))
}

fn is_opening_quote(tok: &str) -> bool {
    matches!(tok, "«" | "“" | "‹" | "„")
}

fn is_closing_quote(tok: &str) -> bool {
    matches!(tok, "»" | "”" | "›")
}

fn is_closer(tok: &str) -> bool {
    is_closing_quote(tok) || matches!(tok, ")" | "]" | "}" | "\"" | "'" | "’")
}

fn is_continuation(tok: &str) -> bool {
    matches!(tok, "،" | "," | ":" | "؛" | ";" | "-" | "–" | "—")
}

/// Counts newlines in `gap` (the text between two tokens).
fn newlines(gap: &str) -> usize {
    gap.bytes().filter(|&b| b == b'\n').count()
}

/// True when `text` looks hard-wrapped: most lines are of similar, long
/// length and end without sentence punctuation.
fn looks_hard_wrapped(text: &str) -> bool {
    let mut lines = 0usize;
    let mut wrapped = 0usize;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        lines += 1;
        let len = line.chars().count();
        let last = line.chars().next_back().unwrap_or(' ');
        if (50..=100).contains(&len)
            && !matches!(last, '.' | '!' | '?' | '؟' | '…' | ':' | '»' | '"')
        {
            wrapped += 1;
        }
    }
    lines >= 6 && wrapped * 2 > lines
}

/// Splits `tokens` (from [`crate::tokenize::tokenize`] on `text`) into
/// sentences. Every token belongs to exactly one sentence.
pub fn split_sentences(text: &str, tokens: &[RawToken]) -> Vec<SentenceBounds> {
    let mut out = Vec::new();
    if tokens.is_empty() {
        return out;
    }
    let wrapped = text.len() > 300 && looks_hard_wrapped(text);
    let mut start = 0usize;
    let mut depth = 0usize; // open « “ quotations
    let mut in_ascii_quote = false;
    let mut since_open = 0usize;
    let mut i = 0usize;
    let slice = |k: usize| tokens[k].span.slice(text);
    let push = |start: usize, end: usize, out: &mut Vec<SentenceBounds>| {
        if start < end {
            out.push(SentenceBounds {
                span: Span::new(tokens[start].span.start, tokens[end - 1].span.end),
                tokens: start..end,
            });
        }
    };
    while i < tokens.len() {
        let tok = slice(i);
        let quoted = depth > 0 || in_ascii_quote;
        if quoted {
            since_open += 1;
            // A quotation never closed: give up on it after a while.
            if since_open > 400 {
                depth = 0;
                in_ascii_quote = false;
            }
        }
        let mut boundary = false;
        let mut last = i; // last token of the sentence if `boundary`
        if is_opening_quote(tok) {
            depth += 1;
            since_open = 0;
        } else if is_closing_quote(tok) {
            depth = depth.saturating_sub(1);
        } else if tok == "\"" {
            in_ascii_quote = !in_ascii_quote;
            since_open = 0;
        }
        if tokens[i].kind == TokenKind::Punct && is_terminal(tok) {
            let abbreviation = tok == "."
                && i > 0
                && tokens[i - 1].span.end == tokens[i].span.start
                && tokens[i - 1].kind.is_word()
                && is_abbreviation(slice(i - 1))
                && !is_era_after_number(text, tokens, i - 1);
            if !abbreviation {
                // Absorb closing quotes and brackets.
                let mut j = i + 1;
                let mut closes_quote = false;
                while j < tokens.len() && is_closer(slice(j)) && newlines(gap(text, tokens, j)) == 0
                {
                    let c = slice(j);
                    if is_closing_quote(c) {
                        depth = depth.saturating_sub(1);
                        closes_quote = true;
                    } else if c == "\"" && in_ascii_quote {
                        in_ascii_quote = false;
                        closes_quote = true;
                    }
                    j += 1;
                }
                let still_quoted = depth > 0 || in_ascii_quote;
                let continues = j < tokens.len()
                    && (is_continuation(slice(j)) || (closes_quote && starts_lowercase(slice(j))));
                if !still_quoted && !continues {
                    boundary = true;
                    last = j - 1;
                } else if !quoted && !still_quoted && continues && !closes_quote {
                    // "...؟ ،" is rare; keep going.
                }
                i = j - 1;
            }
        }
        // Line breaks after this token.
        let next = if boundary { last + 1 } else { i + 1 };
        if !boundary && next < tokens.len() {
            let nl = newlines(gap(text, tokens, next));
            if nl >= 2 || (nl == 1 && !wrapped) {
                boundary = true;
                last = i;
                depth = 0;
                in_ascii_quote = false;
            }
        }
        if boundary {
            push(start, last + 1, &mut out);
            start = last + 1;
            i = last + 1;
        } else {
            i += 1;
        }
    }
    push(start, tokens.len(), &mut out);
    out
}

/// The text between token `j - 1` and token `j`.
fn gap<'a>(text: &'a str, tokens: &[RawToken], j: usize) -> &'a str {
    let from = if j == 0 { 0 } else { tokens[j - 1].span.end };
    &text[from..tokens[j].span.start]
}

fn starts_lowercase(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| c.is_lowercase())
}

/// True when token `k` is an era marker right after a number or after `ق.`
/// (`2016 م`, `1437 هـ`, `300 ق.م`).
fn is_era_after_number(text: &str, tokens: &[RawToken], k: usize) -> bool {
    let word = tokens[k].span.slice(text);
    if !is_era_marker(word) || k == 0 {
        return false;
    }
    let prev = &tokens[k - 1];
    if matches!(prev.kind, TokenKind::Number | TokenKind::Date) {
        return true;
    }
    // ق . م
    k >= 2 && prev.span.slice(text) == "." && tokens[k - 2].span.slice(text) == "ق"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn sents(text: &str) -> Vec<&str> {
        let tokens: Vec<_> = tokenize(text).collect();
        split_sentences(text, &tokens)
            .iter()
            .map(|s| s.span.slice(text))
            .collect()
    }

    macro_rules! test_sentences {
        ($($name:ident: $input:expr => [$($s:expr),* $(,)?];)*) => {$(
            #[test]
            fn $name() {
                let expected: Vec<&str> = vec![$($s),*];
                assert_eq!(sents($input), expected, "input {:?}", $input);
            }
        )*};
    }

    test_sentences! {
        two_sentences: "وصل الوفد. وبدأت المحادثات." => ["وصل الوفد.", "وبدأت المحادثات."];
        question_and_exclamation: "هل انتهت الأزمة؟ لا! بل تفاقمت." => ["هل انتهت الأزمة؟", "لا!", "بل تفاقمت."];
        ellipsis: "وانتظر الجميع… ثم جاء الرد." => ["وانتظر الجميع…", "ثم جاء الرد."];
        decimal: "بلغ النمو 2.5 في المئة. وارتفع." => ["بلغ النمو 2.5 في المئة.", "وارتفع."];
        arabic_decimal: "بلغ ١٫٥ مليار. ثم تراجع." => ["بلغ ١٫٥ مليار.", "ثم تراجع."];
        doctor: "قال د. أحمد إن الوضع مستقر." => ["قال د. أحمد إن الوضع مستقر."];
        engineer: "وأكد م. سامي ذلك." => ["وأكد م. سامي ذلك."];
        bc_era: "بني المعبد سنة 300 ق.م. وما زال قائما." => ["بني المعبد سنة 300 ق.م.", "وما زال قائما."];
        ad_era: "ولد عام 1950 م. ثم هاجر." => ["ولد عام 1950 م.", "ثم هاجر."];
        initials: "كتبت J. K. Rowling رواية." => ["كتبت J. K. Rowling رواية."];
        quote_inside: "قال: «سنصل غدا. وسنبقى يومين» وأضاف أن الوفد كبير." => ["قال: «سنصل غدا. وسنبقى يومين» وأضاف أن الوفد كبير."];
        quote_closing: "قال: «لن نتراجع.» ثم غادر القاعة." => ["قال: «لن نتراجع.»", "ثم غادر القاعة."];
        quote_continues_with_comma: "«لن نتراجع!»، قال الوزير." => ["«لن نتراجع!»، قال الوزير."];
        headline_line: "الوزير يزور موسكو\nموسكو - وصل الوزير أمس." => ["الوزير يزور موسكو", "موسكو - وصل الوزير أمس."];
        paragraphs: "الفقرة الأولى بلا نقطة\n\nالفقرة الثانية." => ["الفقرة الأولى بلا نقطة", "الفقرة الثانية."];
        no_final_punct: "عنوان بلا نقطة" => ["عنوان بلا نقطة"];
        empty: "" => [];
        spaces_only: "   \n\n  " => [];
        unclosed_quote_paragraph: "قال «بدأت الحرب.\n\nوانتهى كل شيء." => ["قال «بدأت الحرب.", "وانتهى كل شيء."];
    }
}
