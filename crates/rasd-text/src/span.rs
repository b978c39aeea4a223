//! Byte spans into the original text.

/// A half-open byte range `[start, end)` into the original input text.
///
/// Spans always lie on UTF-8 character boundaries of the text they were made
/// from. Stages never rewrite them: a normalizer that drops a tatweel or a
/// diacritic changes the token's normalized form, never its span.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    #[inline]
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers in `text`.
    ///
    /// # Panics
    /// When the span is out of bounds or not on character boundaries of `text`,
    /// which can only happen when it is applied to a different text than the
    /// one it was made from.
    #[inline]
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Converts byte offsets into Unicode code point offsets, as the JSON output
/// (Python `str` indices) needs them.
///
/// Offsets must be asked for in non-decreasing order; each call is then
/// amortized O(distance) instead of O(offset).
#[derive(Debug)]
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    /// A converter over `text`.
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The code point index of byte offset `byte` (a character boundary).
    pub fn get(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let bytes = &self.text.as_bytes()[self.byte..byte];
        // Count bytes that start a character (not UTF-8 continuation bytes).
        self.chars += bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let text = "aب c";
        let mut co = CharOffsets::new(text);
        assert_eq!(co.get(0), 0);
        assert_eq!(co.get(1), 1);
        assert_eq!(co.get(3), 2);
        assert_eq!(co.get(5), 4);
        assert_eq!(co.get(1), 1);
    }
}
