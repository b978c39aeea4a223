//! Tokenization of Arabic news text into words, numbers, punctuation, URLs,
//! e-mail addresses, mentions, hashtags and emoji, each with its byte span in
//! the original text.
//!
//! The tokenizer reads the *original* text, so spans never need re-mapping:
//! diacritics, tatweel and format controls inside a word belong to the word
//! (its normalized form drops them); outside words they are skipped.
//! Scripts joined without a space are split where the script changes:
//! "الـ20" → `الـ` + `20`, "بـ«" → `بـ` + `«`.
//!
//! ```
//! use rasd_text::tokenize::{tokenize, TokenKind};
//!
//! let text = "ارتفع المؤشر ١٫٥٪ في 2016/11/28.";
//! let tokens: Vec<_> = tokenize(text).collect();
//! let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
//! assert_eq!(words, ["ارتفع", "المؤشر", "١٫٥٪", "في", "2016/11/28", "."]);
//! assert_eq!(tokens[2].kind, TokenKind::Number);
//! assert_eq!(tokens[4].kind, TokenKind::Date);
//! ```

mod chars;

pub use chars::{char_class, CharClass};

use crate::normalize::TATWEEL;
use crate::span::Span;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word in Arabic script.
    Arabic,
    /// A word in Latin (or another alphabetic) script.
    Latin,
    /// A number in any digit set: `12`, `1,5`, `١٫٥`, `50%`, `٢٠١٦`.
    Number,
    /// A numeric range such as `2015-2016`.
    Range,
    /// A numeric date such as `2016/11/28` or `28-11-2016`.
    Date,
    /// Punctuation: `، ؛ ؟ « » … . , ! ( )` and quotes.
    Punct,
    /// A URL (`https://…`, `www.…`).
    Url,
    /// An e-mail address.
    Email,
    /// An `@mention`.
    Mention,
    /// A `#hashtag` (Arabic hashtags may join words with `_`).
    Hashtag,
    /// An emoji, including ZWJ sequences, flags and skin tones.
    Emoji,
    /// Any other symbol (`$`, `+`, `=`, …).
    Symbol,
}

impl TokenKind {
    /// The lower-case name used in JSON output.
    pub fn as_str(&self) -> &'static str {
        match self {
            TokenKind::Arabic => "arabic",
            TokenKind::Latin => "latin",
            TokenKind::Number => "number",
            TokenKind::Range => "range",
            TokenKind::Date => "date",
            TokenKind::Punct => "punct",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Mention => "mention",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Emoji => "emoji",
            TokenKind::Symbol => "symbol",
        }
    }

    /// True for word tokens (Arabic or Latin).
    pub fn is_word(&self) -> bool {
        matches!(self, TokenKind::Arabic | TokenKind::Latin)
    }
}

/// One token: its kind and its span in the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawToken {
    /// What the token is.
    pub kind: TokenKind,
    /// Where it is in the original text.
    pub span: Span,
}

/// Tokenizes `text`. The iterator borrows the text and allocates nothing.
pub fn tokenize(text: &str) -> Tokens<'_> {
    Tokens { text, pos: 0 }
}

/// The iterator returned by [`tokenize`].
#[derive(Clone, Debug)]
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    /// The current byte position (start of what is not yet tokenized).
    pub fn position(&self) -> usize {
        self.pos
    }

    #[inline]
    fn peek_at(&self, i: usize) -> Option<char> {
        self.text[i..].chars().next()
    }

    /// Scans a word from byte `i`: letters of one script, with the marks that
    /// belong to them. Controls join only two letters; Latin words keep inner
    /// apostrophes and hyphens (O'Brien, al-Assad) and digits (G20). Returns
    /// the end of the word.
    fn scan_word(&self, i: usize, arabic: bool) -> usize {
        let accepts = |class: CharClass| {
            if arabic {
                matches!(class, CharClass::ArabicLetter | CharClass::ArabicMark)
            } else {
                matches!(
                    class,
                    CharClass::Letter | CharClass::Mark | CharClass::Digit
                )
            }
        };
        // Fast path: two-byte characters of the Arabic block, read from the
        // bytes without general UTF-8 decoding.
        let bytes = self.text.as_bytes();
        let mut i = i;
        if arabic {
            while i + 1 < bytes.len() && bytes[i] & 0xFC == 0xD8 {
                let u = ((bytes[i] as u32 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F);
                match chars::arabic_block_class(u) {
                    CharClass::ArabicLetter | CharClass::ArabicMark => i += 2,
                    _ => break,
                }
            }
            if i >= bytes.len() || bytes[i] < 0x80 {
                return i;
            }
        }
        let rest = &self.text[i..];
        let mut iter = rest.char_indices().peekable();
        let mut end = 0;
        while let Some((j, c)) = iter.next() {
            let class = char_class(c);
            if accepts(class) {
                end = j + c.len_utf8();
                continue;
            }
            let joins = if class == CharClass::Control {
                // Skip the controls; join if a word character follows.
                while iter
                    .peek()
                    .is_some_and(|&(_, d)| char_class(d) == CharClass::Control)
                {
                    iter.next();
                }
                iter.peek().is_some_and(|&(_, d)| {
                    let dc = char_class(d);
                    (arabic || dc != CharClass::Digit) && accepts(dc)
                })
            } else if !arabic && matches!(c, '\'' | '’' | '-') {
                iter.peek()
                    .is_some_and(|&(_, d)| char_class(d) == CharClass::Letter)
            } else {
                false
            };
            if !joins {
                break;
            }
        }
        i + end
    }

    /// Scans a number from `i` (a digit): digits with inner separators,
    /// an optional percent sign, and date or range shapes.
    fn scan_number(&self, i: usize) -> (usize, TokenKind) {
        let (mut end, mut groups) = self.scan_digit_groups(i);
        let mut kind = TokenKind::Number;
        // Dates: d/d/d, d-d-d, d.d.d with 3 groups; ranges: d-d.
        if let Some(c) = self.peek_at(end) {
            if matches!(c, '/' | '-' | '–') {
                let j = end + c.len_utf8();
                if matches!(self.peek_at(j).map(char_class), Some(CharClass::Digit)) {
                    let (e2, _) = self.scan_digit_groups(j);
                    let sep = c;
                    if self.peek_at(e2) == Some(sep)
                        && matches!(
                            self.peek_at(e2 + sep.len_utf8()).map(char_class),
                            Some(CharClass::Digit)
                        )
                    {
                        let (e3, _) = self.scan_digit_groups(e2 + sep.len_utf8());
                        return (e3, TokenKind::Date);
                    }
                    if sep != '/' {
                        end = e2;
                        kind = TokenKind::Range;
                        groups = 1;
                    } else {
                        // 11/2016 (month/year) or a fraction.
                        return (e2, TokenKind::Date);
                    }
                }
            }
        }
        let _ = groups;
        if let Some(c) = self.peek_at(end) {
            if c == '%' || c == '٪' || c == '\u{2030}' {
                end += c.len_utf8();
            }
        }
        (end, kind)
    }

    /// Digits with inner `.`, `,`, `٫`, `٬` between digits. Returns the end and
    /// the number of separators crossed.
    fn scan_digit_groups(&self, mut i: usize) -> (usize, usize) {
        let mut seps = 0;
        loop {
            while let Some(c) = self.peek_at(i) {
                if char_class(c) == CharClass::Digit {
                    i += c.len_utf8();
                } else {
                    break;
                }
            }
            match self.peek_at(i) {
                Some(c @ ('.' | ',' | '٫' | '٬')) => {
                    let j = i + c.len_utf8();
                    if matches!(self.peek_at(j).map(char_class), Some(CharClass::Digit)) {
                        i = j;
                        seps += 1;
                        continue;
                    }
                    return (i, seps);
                }
                _ => return (i, seps),
            }
        }
    }

    /// A URL starting at `i`, if there is one.
    fn scan_url(&self, i: usize) -> Option<usize> {
        let rest = &self.text[i..];
        let lower_starts = |p: &str| {
            rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
        };
        let skip = if lower_starts("https://") {
            8
        } else if lower_starts("http://") {
            7
        } else if lower_starts("www.") {
            4
        } else {
            return None;
        };
        let mut end = i + skip;
        for c in self.text[end..].chars() {
            if c.is_whitespace()
                || matches!(c, '«' | '»' | '"' | '<' | '>' | '“' | '”' | '،' | '؛')
                || char_class(c) == CharClass::Control
            {
                break;
            }
            end += c.len_utf8();
        }
        // Trailing punctuation belongs to the sentence, not the URL.
        while end > i + skip {
            let c = self.text[..end].chars().next_back().unwrap_or(' ');
            if matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '؟'
            ) {
                end -= c.len_utf8();
            } else {
                break;
            }
        }
        (end > i + skip).then_some(end)
    }

    /// An e-mail address whose local part starts at `i`, if there is one.
    fn scan_email(&self, i: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut j = i;
        while j < bytes.len()
            && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'.' | b'_' | b'-' | b'+'))
        {
            j += 1;
        }
        if j == i || j >= bytes.len() || bytes[j] != b'@' {
            return None;
        }
        let domain_start = j + 1;
        let mut k = domain_start;
        let mut dots = 0;
        while k < bytes.len()
            && (bytes[k].is_ascii_alphanumeric() || matches!(bytes[k], b'.' | b'-'))
        {
            if bytes[k] == b'.' {
                dots += 1;
            }
            k += 1;
        }
        // Trailing dots end the sentence.
        while k > domain_start && bytes[k - 1] == b'.' {
            k -= 1;
            dots -= 1;
        }
        (dots >= 1 && k > domain_start + 2).then_some(k)
    }

    /// The end of a mention or hashtag body starting at `i` (after the sigil).
    fn scan_tag_body(&self, mut i: usize) -> usize {
        let start = i;
        while let Some(c) = self.peek_at(i) {
            let class = char_class(c);
            let ok = matches!(
                class,
                CharClass::ArabicLetter
                    | CharClass::ArabicMark
                    | CharClass::Letter
                    | CharClass::Mark
                    | CharClass::Digit
            ) || c == '_';
            if !ok {
                break;
            }
            i += c.len_utf8();
        }
        if i == start {
            start
        } else {
            i
        }
    }

    /// The end of an emoji sequence starting at `i`.
    fn scan_emoji(&self, mut i: usize) -> usize {
        let first = self.peek_at(i).unwrap_or(' ');
        i += first.len_utf8();
        let regional = ('\u{1F1E6}'..='\u{1F1FF}').contains(&first);
        if regional {
            if let Some(c) = self.peek_at(i) {
                if ('\u{1F1E6}'..='\u{1F1FF}').contains(&c) {
                    return i + c.len_utf8();
                }
            }
            return i;
        }
        loop {
            match self.peek_at(i) {
                Some(c @ ('\u{FE0F}' | '\u{FE0E}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{20E3}')) => {
                    i += c.len_utf8();
                }
                Some('\u{200D}') => {
                    let j = i + 3;
                    match self.peek_at(j) {
                        Some(d) if char_class(d) == CharClass::Emoji => i = j + d.len_utf8(),
                        _ => return i,
                    }
                }
                _ => return i,
            }
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = RawToken;

    fn next(&mut self) -> Option<RawToken> {
        let text = self.text;
        loop {
            let i = self.pos;
            let c = text[i..].chars().next()?;
            let class = char_class(c);
            let (end, kind) = match class {
                CharClass::Space | CharClass::Control => {
                    self.pos = i + c.len_utf8();
                    continue;
                }
                CharClass::ArabicMark | CharClass::Mark => {
                    // No letter before: a tatweel run is a dash (punctuation),
                    // stray marks are a symbol token of their own.
                    let mut end = i + c.len_utf8();
                    while let Some(d) = self.peek_at(end) {
                        if (d == TATWEEL) == (c == TATWEEL)
                            && matches!(char_class(d), CharClass::ArabicMark | CharClass::Mark)
                        {
                            end += d.len_utf8();
                        } else {
                            break;
                        }
                    }
                    let kind = if c == TATWEEL {
                        TokenKind::Punct
                    } else {
                        TokenKind::Symbol
                    };
                    (end, kind)
                }
                CharClass::ArabicLetter => (self.scan_word(i, true), TokenKind::Arabic),
                CharClass::Letter => {
                    if let Some(end) = self.scan_url(i) {
                        (end, TokenKind::Url)
                    } else if let Some(end) = c.is_ascii().then(|| self.scan_email(i)).flatten() {
                        (end, TokenKind::Email)
                    } else {
                        (self.scan_word(i, false), TokenKind::Latin)
                    }
                }
                CharClass::Digit => {
                    if let Some(end) = c.is_ascii().then(|| self.scan_email(i)).flatten() {
                        (end, TokenKind::Email)
                    } else {
                        self.scan_number(i)
                    }
                }
                CharClass::Emoji => (self.scan_emoji(i), TokenKind::Emoji),
                CharClass::Punct | CharClass::Symbol => {
                    let n = i + c.len_utf8();
                    match c {
                        '@' | '#' => {
                            let end = self.scan_tag_body(n);
                            if end > n {
                                let kind = if c == '@' {
                                    TokenKind::Mention
                                } else {
                                    TokenKind::Hashtag
                                };
                                (end, kind)
                            } else {
                                (n, TokenKind::Symbol)
                            }
                        }
                        '.' | '!' | '?' | '؟' => {
                            // Runs of sentence punctuation are one token: "...", "؟!".
                            let mut end = n;
                            while let Some(d) = self.peek_at(end) {
                                if matches!(d, '.' | '!' | '?' | '؟' | '…') {
                                    end += d.len_utf8();
                                } else {
                                    break;
                                }
                            }
                            (end, TokenKind::Punct)
                        }
                        _ => {
                            let kind = if class == CharClass::Punct {
                                TokenKind::Punct
                            } else {
                                TokenKind::Symbol
                            };
                            (n, kind)
                        }
                    }
                }
            };
            self.pos = end;
            return Some(RawToken {
                kind,
                span: Span::new(i, end),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .map(|t| (t.span.slice(text), t.kind))
            .collect()
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).map(|t| t.span.slice(text)).collect()
    }

    macro_rules! test_tokens {
        ($($name:ident: $input:expr => [$($tok:expr),* $(,)?];)*) => {$(
            #[test]
            fn $name() {
                let expected: Vec<&str> = vec![$($tok),*];
                assert_eq!(words($input), expected, "input {:?}", $input);
            }
        )*};
    }

    test_tokens! {
        arabic_words: "زار الوزير موسكو" => ["زار", "الوزير", "موسكو"];
        arabic_punct: "قال، ثم سأل؟ نعم؛ لا!" => ["قال", "،", "ثم", "سأل", "؟", "نعم", "؛", "لا", "!"];
        guillemets: "«الشرق الأوسط»" => ["«", "الشرق", "الأوسط", "»"];
        ellipsis: "وهكذا… انتهى..." => ["وهكذا", "…", "انتهى", "..."];
        decimal_comma: "نما 1,5 في المئة" => ["نما", "1,5", "في", "المئة"];
        arabic_decimal: "١٫٥ مليار" => ["١٫٥", "مليار"];
        percent: "بنسبة 50% و٣٠٪" => ["بنسبة", "50%", "و", "٣٠٪"];
        date_slash: "في 2016/11/28 م" => ["في", "2016/11/28", "م"];
        range: "بين 2015-2016" => ["بين", "2015-2016"];
        url: "انظر https://example.com/a?b=1. ثم" => ["انظر", "https://example.com/a?b=1", ".", "ثم"];
        www: "الموقع www.example.org" => ["الموقع", "www.example.org"];
        email: "راسلونا على info@example.com." => ["راسلونا", "على", "info@example.com", "."];
        mention: "كتب @rasd_news اليوم" => ["كتب", "@rasd_news", "اليوم"];
        hashtag_arabic: "وسم #مصر_اليوم انتشر" => ["وسم", "#مصر_اليوم", "انتشر"];
        emoji: "رائع 👍🏽 جدا 🇪🇬" => ["رائع", "👍🏽", "جدا", "🇪🇬"];
        emoji_zwj: "👨‍👩‍👧 عائلة" => ["👨‍👩‍👧", "عائلة"];
        joined_number: "الـ20 عاما" => ["الـ", "20", "عاما"];
        joined_quote: "بـ«الخيانة»" => ["بـ", "«", "الخيانة", "»"];
        joined_latin: "بـFacebook" => ["بـ", "Facebook"];
        diacritics_inside: "كَتَبَ الوَلَدُ" => ["كَتَبَ", "الوَلَدُ"];
        tatweel_inside: "كلمـــة" => ["كلمـــة"];
        bidi_inside: "مص\u{200F}ر" => ["مص\u{200F}ر"];
        bidi_outside: "\u{200F}مصر \u{202B}" => ["مصر"];
        latin_hyphen: "al-Assad and O'Brien" => ["al-Assad", "and", "O'Brien"];
        abbreviation: "د. محمد" => ["د", ".", "محمد"];
        lone_marks: "\u{064E}\u{064E} ـــ" => ["\u{064E}\u{064E}", "ـــ"];
        tatweel_dash: "السنين ـ11" => ["السنين", "ـ", "11"];
        nul: "a\u{0}b" => ["a", "\u{0}", "b"];
        presentation_forms: "\u{FEB3}\u{FEE0}\u{FE8E}\u{FEE1}" => ["\u{FEB3}\u{FEE0}\u{FE8E}\u{FEE1}"];
        mixed_script: "قمةG20" => ["قمة", "G20"];
    }

    #[test]
    fn kinds() {
        let t = toks("في 2016/11/28 نما 1,5% بين 2015-2016 #وسم");
        let kinds: Vec<TokenKind> = t.iter().map(|x| x.1).collect();
        assert_eq!(
            kinds,
            [
                TokenKind::Arabic,
                TokenKind::Date,
                TokenKind::Arabic,
                TokenKind::Number,
                TokenKind::Arabic,
                TokenKind::Range,
                TokenKind::Hashtag
            ]
        );
    }
}
