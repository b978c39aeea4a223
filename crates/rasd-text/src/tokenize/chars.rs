//! Character classes for the tokenizer.

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

/// The class of `c`.
#[inline]
pub fn char_class(c: char) -> CharClass {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => CharClass::Letter,
            '0'..='9' => CharClass::Digit,
            ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C' => CharClass::Space,
            '!' | '"' | '\'' | '(' | ')' | ',' | '-' | '.' | ':' | ';' | '?' | '[' | ']' | '{'
            | '}' | '/' | '\\' | '_' | '*' | '&' | '#' | '@' | '%' => CharClass::Punct,
            _ => CharClass::Symbol,
        };
    }
    match c {
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {
            CharClass::ArabicMark
        }
        '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}' | '\u{06E8}' => {
            CharClass::ArabicMark
        }
        '\u{06EA}'..='\u{06ED}' | '\u{08D3}'..='\u{08FF}' => CharClass::ArabicMark,
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => CharClass::Digit,
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => {
            CharClass::Punct
        }
        '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}' => {
            CharClass::ArabicLetter
        }
        '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06E5}' | '\u{06E6}' | '\u{06EE}' | '\u{06EF}' => {
            CharClass::ArabicLetter
        }
        '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}' => {
            CharClass::ArabicLetter
        }
        '\u{FD3E}' | '\u{FD3F}' => CharClass::Punct,
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}' => {
            // Presentation forms: the isolated diacritic forms are marks.
            if ('\u{FE70}'..='\u{FE7F}').contains(&c) && c != '\u{FE71}' {
                CharClass::ArabicMark
            } else {
                CharClass::ArabicLetter
            }
        }
        '\u{00AD}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}' => CharClass::Control,
        '«' | '»' | '“' | '”' | '‘' | '’' | '„' | '‹' | '›' | '…' | '–' | '—' | '‐' | '‒'
        | '•' | '·' | '¡' | '¿' | '§' | '¶' | '′' | '″' | '〈' | '〉' | '【' | '】' | '「'
        | '」' | '\u{2E41}' => CharClass::Punct,
        '\u{1F1E6}'..='\u{1F1FF}'
        | '\u{1F300}'..='\u{1F5FF}'
        | '\u{1F600}'..='\u{1F64F}'
        | '\u{1F680}'..='\u{1F6FF}'
        | '\u{1F900}'..='\u{1F9FF}'
        | '\u{1FA70}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B50}'
        | '\u{2B55}' => CharClass::Emoji,
        _ if c.is_whitespace() => CharClass::Space,
        _ if c.is_numeric() => CharClass::Digit,
        _ if c.is_alphabetic() => CharClass::Letter,
        _ if is_combining_mark(c) => CharClass::Mark,
        _ if c.is_control() => CharClass::Symbol,
        _ if is_general_punctuation(c) => CharClass::Punct,
        _ => CharClass::Symbol,
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

fn is_general_punctuation(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3000}'..='\u{303F}')
}
