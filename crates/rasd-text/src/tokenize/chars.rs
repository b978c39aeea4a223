//! Character classes for the tokenizer.
//!
//! ASCII and the Arabic block (U+0600–U+06FF), which make up nearly all of
//! Arabic news, are classified by tables built at compile time; other
//! characters by Unicode properties.

/// The tokenizer's view of a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CharClass {
    /// An Arabic-script letter (including presentation forms and the
    /// Persian/Urdu letters).
    ArabicLetter,
    /// An Arabic diacritic, Quranic mark or tatweel: part of a word, never a
    /// word on its own.
    ArabicMark,
    /// A letter of another script (Latin, Greek, Cyrillic, CJK…).
    Letter,
    /// A combining mark of another script.
    Mark,
    /// A decimal digit in any digit set (ASCII, Arabic-Indic, Persian, …).
    Digit,
    /// Whitespace.
    Space,
    /// A bidi or format control (RLM, ZWNJ, BOM…).
    Control,
    /// Punctuation, including Arabic ، ؛ ؟ « » and quotes.
    Punct,
    /// An emoji (pictographs, dingbats, regional indicators).
    Emoji,
    /// Any other symbol, and control characters such as NUL.
    Symbol,
}

const fn table<const N: usize>(base: u32) -> [CharClass; N] {
    let mut t = [CharClass::Symbol; N];
    let mut i = 0;
    while i < N {
        if let Some(c) = char::from_u32(base + i as u32) {
            if let Some(class) = fixed(c) {
                t[i] = class;
            }
        }
        i += 1;
    }
    t
}

static ASCII: [CharClass; 0x80] = table::<0x80>(0);
static ARABIC: [CharClass; 0x100] = table::<0x100>(0x600);

/// The class of `c`.
#[inline]
pub fn char_class(c: char) -> CharClass {
    let u = c as u32;
    if u < 0x80 {
        ASCII[u as usize]
    } else if (0x600..0x700).contains(&u) {
        ARABIC[(u - 0x600) as usize]
    } else {
        other(c)
    }
}

/// The class of the Arabic-block character U+0600 + (`u` − 0x600); `u` must
/// be in U+0600–U+07FF (the two-byte range starting with 0xD8–0xDB).
#[inline]
pub(crate) fn arabic_block_class(u: u32) -> CharClass {
    if u < 0x700 {
        ARABIC[(u - 0x600) as usize]
    } else {
        other(char::from_u32(u).unwrap_or(' '))
    }
}

/// Classes that do not need Unicode property tables.
const fn fixed(c: char) -> Option<CharClass> {
    if c.is_ascii() {
        return Some(match c {
            'a'..='z' | 'A'..='Z' => CharClass::Letter,
            '0'..='9' => CharClass::Digit,
            ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C' => CharClass::Space,
            '!' | '"' | '\'' | '(' | ')' | ',' | '-' | '.' | ':' | ';' | '?' | '[' | ']' | '{'
            | '}' | '/' | '\\' | '_' | '*' | '&' | '#' | '@' | '%' => CharClass::Punct,
            _ => CharClass::Symbol,
        });
    }
    Some(match c {
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {
            CharClass::ArabicMark
        }
        '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}' => CharClass::ArabicMark,
        '\u{06EA}'..='\u{06ED}' | '\u{08D3}'..='\u{08FF}' => CharClass::ArabicMark,
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => CharClass::Digit,
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => {
            CharClass::Punct
        }
        '\u{061C}' => CharClass::Control,
        '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}' => {
            CharClass::ArabicLetter
        }
        // U+06E5 and U+06E6 (small waw, small yeh) are Quranic marks to the
        // normalizer, so they are marks above, not letters.
        '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}' | '\u{06EF}' => CharClass::ArabicLetter,
        '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}' => {
            CharClass::ArabicLetter
        }
        '\u{FD3E}' | '\u{FD3F}' => CharClass::Punct,
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}' => {
            // Presentation forms: the isolated diacritic forms are marks.
            if c as u32 >= 0xFE70 && c as u32 <= 0xFE7F && c as u32 != 0xFE71 {
                CharClass::ArabicMark
            } else {
                CharClass::ArabicLetter
            }
        }
        '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}' => CharClass::Control,
        '«' | '»' | '“' | '”' | '‘' | '’' | '„' | '‹' | '›' | '…' | '–' | '—' | '‐' | '‒' | '•'
        | '·' | '¡' | '¿' | '§' | '¶' | '′' | '″' | '〈' | '〉' | '【' | '】' | '「' | '」'
        | '\u{2E41}' => CharClass::Punct,
        '\u{1F1E6}'..='\u{1F1FF}'
        | '\u{1F300}'..='\u{1F5FF}'
        | '\u{1F600}'..='\u{1F64F}'
        | '\u{1F680}'..='\u{1F6FF}'
        | '\u{1F900}'..='\u{1F9FF}'
        | '\u{1FA70}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B50}'
        | '\u{2B55}' => CharClass::Emoji,
        '\u{0600}'..='\u{06FF}' => CharClass::Symbol,
        _ => return None,
    })
}

fn other(c: char) -> CharClass {
    if let Some(class) = fixed(c) {
        return class;
    }
    if c.is_whitespace() {
        CharClass::Space
    } else if c.is_numeric() {
        CharClass::Digit
    } else if c.is_alphabetic() {
        CharClass::Letter
    } else if is_combining_mark(c) {
        CharClass::Mark
    } else if c.is_control() {
        CharClass::Symbol
    } else if is_general_punctuation(c) {
        CharClass::Punct
    } else {
        CharClass::Symbol
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

fn is_general_punctuation(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3000}'..='\u{303F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_agree_with_the_rules() {
        for u in (0..0x80).chain(0x600..0x700) {
            let c = char::from_u32(u).unwrap();
            assert_eq!(char_class(c), other(c), "U+{u:04X}");
        }
    }

    #[test]
    fn classes() {
        assert_eq!(char_class('ب'), CharClass::ArabicLetter);
        assert_eq!(char_class('\u{064E}'), CharClass::ArabicMark);
        assert_eq!(char_class('٣'), CharClass::Digit);
        assert_eq!(char_class('،'), CharClass::Punct);
        assert_eq!(char_class('é'), CharClass::Letter);
        assert_eq!(char_class('\u{200F}'), CharClass::Control);
        assert_eq!(char_class('😀'), CharClass::Emoji);
        assert_eq!(char_class('\u{0}'), CharClass::Symbol);
        assert_eq!(char_class('\u{00A0}'), CharClass::Space);
    }
}
