//! Arabic normalization with an alignment back to the original text.
//!
//! Two profiles (see `DESIGN.md`):
//!
//! | profile | folds |
//! |---|---|
//! | [`Folds::display`] | presentation forms and ligatures to base letters; removes tatweel and bidi/format controls |
//! | [`Folds::search`] | display + removes diacritics and Quranic marks, أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Arabic-Indic and Persian digits → ASCII, ٫ ٬ → . ,, Persian ک ی → ك ي, Latin lower case |
//!
//! Every fold is a switch in [`Folds`]. The lossless folds (presentation forms,
//! tatweel, controls) are kept apart from the lossy ones (letters that carry
//! meaning: hamza seats, alef maqsura, taa marbuta), as charabia does.
//!
//! Egyptian papers write final ي as ى (فى، الليبى، سيرجى); the search profile
//! folds ى → ي so that "الليبى" and "الليبي" give one key. ى is never folded to ا.
//!
//! ```
//! use rasd_text::normalize::Normalizer;
//!
//! let n = Normalizer::search();
//! assert_eq!(n.normalize("الليبى").text(), n.normalize("الليبي").text());
//! let out = n.normalize("كلمـــةٌ");
//! assert_eq!(out.text(), "كلمه");
//! // Every normalized byte maps back to the original text.
//! assert_eq!(out.original_span(0, out.text().len()), (0, "كلمـــةٌ".len()));
//! ```

mod presentation_table;

use std::borrow::Cow;

use presentation_table::PRESENTATION_FORMS;

/// The named profiles of `DESIGN.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Profile {
    /// What people read: only lossless folds.
    Display,
    /// Matching, gazetteers and the index: display plus the lossy folds.
    Search,
}

/// Which folds a [`Normalizer`] applies. Each one can be switched on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Folds {
    /// Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) and lam-alef
    /// ligatures to base letters.
    pub presentation_forms: bool,
    /// Remove tatweel (U+0640).
    pub tatweel: bool,
    /// Remove bidi and format controls (U+061C, U+200B–U+200F, U+202A–U+202E,
    /// U+2060–U+2064, U+2066–U+2069, U+FEFF, U+00AD).
    pub controls: bool,
    /// Remove diacritics and Quranic marks (U+0610–U+061A, U+064B–U+065F,
    /// U+0670, U+06D6–U+06ED).
    pub diacritics: bool,
    /// أ إ آ ٱ (and the wavy-hamza alefs) → ا.
    pub alef: bool,
    /// ى → ي (never to ا).
    pub alef_maqsura: bool,
    /// ة → ه.
    pub teh_marbuta: bool,
    /// ؤ → و and ئ → ي.
    pub hamza_seats: bool,
    /// Arabic-Indic (٠–٩) and Persian (۰–۹) digits → ASCII; ٫ → `.`, ٬ → `,`,
    /// ٪ → `%`.
    pub digits: bool,
    /// Persian ک → ك and ی → ي.
    pub persian_letters: bool,
    /// Lower-case non-Arabic letters (Latin, Greek, Cyrillic).
    pub lowercase: bool,
}

impl Folds {
    /// The display profile: lossless folds only.
    pub const fn display() -> Folds {
        Folds {
            presentation_forms: true,
            tatweel: true,
            controls: true,
            diacritics: false,
            alef: false,
            alef_maqsura: false,
            teh_marbuta: false,
            hamza_seats: false,
            digits: false,
            persian_letters: false,
            lowercase: false,
        }
    }

    /// The search profile: every fold.
    pub const fn search() -> Folds {
        Folds {
            presentation_forms: true,
            tatweel: true,
            controls: true,
            diacritics: true,
            alef: true,
            alef_maqsura: true,
            teh_marbuta: true,
            hamza_seats: true,
            digits: true,
            persian_letters: true,
            lowercase: true,
        }
    }

    /// The folds of a named profile.
    pub const fn profile(profile: Profile) -> Folds {
        match profile {
            Profile::Display => Folds::display(),
            Profile::Search => Folds::search(),
        }
    }
}

/// What one input character becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// Kept as it is.
    Keep,
    /// Removed.
    Drop,
    /// Replaced by one character.
    Char(char),
    /// Replaced by several characters (ligatures).
    Str(&'static str),
}

/// True for Arabic diacritics and Quranic marks removed by the search profile.
#[inline]
pub fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// True for the bidi and format controls removed by every profile.
#[inline]
pub fn is_format_control(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Tatweel (kashida), U+0640.
pub const TATWEEL: char = '\u{0640}';

/// An immutable, `Send + Sync` normalizer. Cheap to copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Normalizer {
    folds: Folds,
    /// What each character of the Arabic block U+0600–U+06FF becomes:
    /// 0 keep, 1 drop, else the replacement character.
    arabic: [u16; 256],
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::search()
    }
}

const KEEP: u16 = 0;
const DROP: u16 = 1;

impl Normalizer {
    /// A normalizer with the given folds. Its table is built once per
    /// thread and set of folds, so building one where it is needed is cheap.
    pub fn new(folds: Folds) -> Normalizer {
        thread_local! {
            static BUILT: std::cell::RefCell<Vec<Normalizer>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUILT.with(|built| {
            let mut built = built.borrow_mut();
            if let Some(n) = built.iter().find(|n| n.folds == folds) {
                return *n;
            }
            let n = Normalizer::build(folds);
            if built.len() < 16 {
                built.push(n);
            }
            n
        })
    }

    fn build(folds: Folds) -> Normalizer {
        let mut n = Normalizer {
            folds,
            arabic: [KEEP; 256],
        };
        for i in 0..256u32 {
            let c = char::from_u32(0x600 + i).unwrap_or(' ');
            n.arabic[i as usize] = match n.fold_slow(c) {
                Fold::Keep => KEEP,
                Fold::Drop => DROP,
                Fold::Char(d) => d as u32 as u16,
                // No character of the Arabic block folds to several.
                Fold::Str(_) => KEEP,
            };
        }
        n
    }

    /// The display profile.
    pub fn display() -> Normalizer {
        Normalizer::new(Folds::display())
    }

    /// The search profile.
    pub fn search() -> Normalizer {
        Normalizer::new(Folds::search())
    }

    /// The folds in use.
    pub const fn folds(&self) -> Folds {
        self.folds
    }

    /// What `c` becomes under this normalizer's folds (one step).
    #[inline]
    pub fn fold_char(&self, c: char) -> Fold {
        let u = c as u32;
        if u < 0x80 {
            if self.folds.lowercase && c.is_ascii_uppercase() {
                return Fold::Char(c.to_ascii_lowercase());
            }
            return Fold::Keep;
        }
        if (0x600..0x700).contains(&u) {
            return match self.arabic[(u - 0x600) as usize] {
                KEEP => Fold::Keep,
                DROP => Fold::Drop,
                // Replacements are ASCII digits, punctuation or Arabic letters.
                r => Fold::Char(char::from_u32(r as u32).unwrap_or(c)),
            };
        }
        self.fold_slow(c)
    }

    fn fold_slow(&self, c: char) -> Fold {
        let f = &self.folds;
        if c.is_ascii() {
            if f.lowercase && c.is_ascii_uppercase() {
                return Fold::Char(c.to_ascii_lowercase());
            }
            return Fold::Keep;
        }
        match c {
            '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}' => match c {
                'أ' | 'إ' | 'آ' if f.alef => Fold::Char('ا'),
                'ى' if f.alef_maqsura => Fold::Char('ي'),
                'ة' if f.teh_marbuta => Fold::Char('ه'),
                'ؤ' if f.hamza_seats => Fold::Char('و'),
                'ئ' if f.hamza_seats => Fold::Char('ي'),
                _ => Fold::Keep,
            },
            TATWEEL if f.tatweel => Fold::Drop,
            _ if f.diacritics && is_diacritic(c) => Fold::Drop,
            _ if f.controls && is_format_control(c) => Fold::Drop,
            '\u{0671}'..='\u{0673}' | '\u{0675}' if f.alef => Fold::Char('ا'),
            '\u{0660}'..='\u{0669}' if f.digits => {
                Fold::Char((b'0' + (c as u32 - 0x0660) as u8) as char)
            }
            '\u{06F0}'..='\u{06F9}' if f.digits => {
                Fold::Char((b'0' + (c as u32 - 0x06F0) as u8) as char)
            }
            '\u{066B}' if f.digits => Fold::Char('.'),
            '\u{066C}' if f.digits => Fold::Char(','),
            '\u{066A}' if f.digits => Fold::Char('%'),
            'ک' if f.persian_letters => Fold::Char('ك'),
            'ی' if f.persian_letters => Fold::Char('ي'),
            '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' if f.presentation_forms => {
                match PRESENTATION_FORMS.binary_search_by_key(&c, |&(k, _)| k) {
                    Ok(i) => Fold::Str(PRESENTATION_FORMS[i].1),
                    Err(_) => Fold::Keep,
                }
            }
            _ if f.lowercase && c.is_uppercase() => {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) if l != c => Fold::Char(l),
                    _ => Fold::Keep,
                }
            }
            _ => Fold::Keep,
        }
    }

    /// Pushes what a fold of one character gives onto `out`, folding the
    /// result once more (a presentation form can decompose to a hamza seat
    /// or a mark).
    #[inline]
    fn push_fold(&self, fold: Fold, c: char, out: &mut String) {
        match fold {
            Fold::Keep => out.push(c),
            Fold::Drop => {}
            Fold::Char(d) => self.push_folded_once(d, out),
            Fold::Str(s) => {
                for d in s.chars() {
                    self.push_folded_once(d, out);
                }
            }
        }
    }

    #[inline]
    fn push_folded(&self, c: char, out: &mut String) {
        self.push_fold(self.fold_char(c), c, out)
    }

    #[inline]
    fn push_folded_once(&self, c: char, out: &mut String) {
        match self.fold_char(c) {
            Fold::Keep => out.push(c),
            Fold::Drop => {}
            Fold::Char(d) => out.push(d),
            // A base letter never decomposes further.
            Fold::Str(s) => out.push_str(s),
        }
    }

    /// True when some character of `text` would change (a cheap pre-check).
    pub fn should_normalize(&self, text: &str) -> bool {
        text.chars().any(|c| self.fold_char(c) != Fold::Keep)
    }

    /// The normalized text, borrowed when nothing changes. No alignment.
    pub fn key<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = String::with_capacity(text.len());
        self.normalize_into(text, &mut out);
        if out == text {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(out)
        }
    }

    /// Appends the normalized form of `text` to `out` (no alignment).
    pub fn normalize_into(&self, text: &str, out: &mut String) {
        let b = text.as_bytes();
        let mut keep_from = 0;
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            if x < 0x80 {
                if self.folds.lowercase && x.is_ascii_uppercase() {
                    out.push_str(&text[keep_from..i]);
                    out.push(x.to_ascii_lowercase() as char);
                    keep_from = i + 1;
                }
                i += 1;
                continue;
            }
            if x & 0xFE == 0xD8 && i + 1 < b.len() {
                // U+0600–U+06FF: a table lookup on the two bytes.
                let u = ((x as u32 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F);
                match self.arabic[(u - 0x600) as usize] {
                    KEEP => {}
                    DROP => {
                        out.push_str(&text[keep_from..i]);
                        keep_from = i + 2;
                    }
                    r => {
                        out.push_str(&text[keep_from..i]);
                        // Replacements are final: ASCII or unfolded letters.
                        out.push(char::from_u32(r as u32).unwrap_or('\u{FFFD}'));
                        keep_from = i + 2;
                    }
                }
                i += 2;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let fold = self.fold_char(c);
            if fold != Fold::Keep {
                out.push_str(&text[keep_from..i]);
                self.push_fold(fold, c, out);
                keep_from = i + c.len_utf8();
            }
            i += c.len_utf8();
        }
        out.push_str(&text[keep_from..]);
    }

    /// Normalizes `text`, keeping for every normalized byte the original span
    /// of the character it came from.
    pub fn normalize(&self, text: &str) -> Normalized {
        let mut out = String::with_capacity(text.len());
        let mut starts = Vec::with_capacity(text.len() + 1);
        let mut ends = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            let before = out.len();
            self.push_folded(c, &mut out);
            let j = i + c.len_utf8();
            for _ in before..out.len() {
                starts.push(i as u32);
                ends.push(j as u32);
            }
        }
        Normalized {
            text: out,
            starts,
            ends,
            original_len: text.len(),
        }
    }
}

/// A normalized text with its alignment to the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// For every normalized byte, the start of the original character.
    starts: Vec<u32>,
    /// For every normalized byte, the end of the original character.
    ends: Vec<u32>,
    original_len: usize,
}

impl Normalized {
    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Consumes `self`, returning the normalized text.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The original byte span of the normalized byte range `[start, end)`.
    ///
    /// `start` and `end` must be character boundaries of the normalized text.
    /// An empty range maps to an empty original span at the corresponding
    /// position. A range that covers the whole normalized text also covers
    /// the removed characters at both ends (leading and trailing tatweel,
    /// controls), so spans of whole words include their elongation.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let n = self.text.len();
        let s = if start == 0 {
            0
        } else if start >= n {
            self.original_len
        } else {
            self.starts[start] as usize
        };
        let e = if end >= n {
            self.original_len
        } else if end == 0 {
            0
        } else {
            self.ends[end - 1] as usize
        };
        (s, e.max(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Table-driven cases: (profile, input, expected output).
    macro_rules! test_normalizer {
        ($($name:ident: $norm:expr, $input:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                let n: Normalizer = $norm;
                let out = n.normalize($input);
                assert_eq!(out.text(), $expected, "input {:?}", $input);
                assert_eq!(n.key($input), $expected);
            }
        )*};
    }

    test_normalizer! {
        display_removes_tatweel: Normalizer::display(), "كلمـــة" => "كلمة";
        display_keeps_diacritics: Normalizer::display(), "كَتَبَ" => "كَتَبَ";
        display_keeps_hamza: Normalizer::display(), "أحمد إلى آخر" => "أحمد إلى آخر";
        display_removes_controls: Normalizer::display(), "\u{200F}مصر\u{202B}\u{FEFF}" => "مصر";
        display_presentation_forms: Normalizer::display(), "\u{FEB3}\u{FEE0}\u{FE8E}\u{FEE1}" => "سلام";
        display_lam_alef: Normalizer::display(), "\u{FEFB}" => "لا";
        display_lam_alef_hamza: Normalizer::display(), "\u{FEF7}" => "لأ";
        search_lam_alef_hamza: Normalizer::search(), "\u{FEF7}" => "لا";
        search_alef_forms: Normalizer::search(), "أإآٱ" => "اااا";
        search_yeh_egyptian: Normalizer::search(), "الليبى" => "الليبي";
        search_yeh_plain: Normalizer::search(), "الليبي" => "الليبي";
        search_teh_marbuta: Normalizer::search(), "مدرسة" => "مدرسه";
        search_hamza_seats: Normalizer::search(), "مؤتمر رئيس" => "موتمر رييس";
        search_bare_hamza_kept: Normalizer::search(), "سماء" => "سماء";
        search_diacritics: Normalizer::search(), "كَتَبَ الوَلَدُ" => "كتب الولد";
        search_dagger_alef: Normalizer::search(), "هٰذا" => "هذا";
        search_quranic_marks: Normalizer::search(), "قال\u{06D6}\u{0610}" => "قال";
        search_indic_digits: Normalizer::search(), "٢٠١٦" => "2016";
        search_persian_digits: Normalizer::search(), "۲۰۱۶" => "2016";
        search_decimal_separator: Normalizer::search(), "١٫٥" => "1.5";
        search_thousands_separator: Normalizer::search(), "١٬٥٠٠" => "1,500";
        search_percent: Normalizer::search(), "٥٠٪" => "50%";
        search_persian_letters: Normalizer::search(), "کی" => "كي";
        search_lowercase: Normalizer::search(), "NATO Ελλάδα" => "nato ελλάδα";
        search_never_alef_maqsura_to_alef: Normalizer::search(), "على" => "علي";
        search_presentation_ta_marbuta: Normalizer::search(), "\u{FE94}" => "ه";
        empty: Normalizer::search(), "" => "";
        ascii: Normalizer::display(), "Hello, world" => "Hello, world";
    }

    #[test]
    fn switches_are_independent() {
        let folds = Folds {
            teh_marbuta: false,
            ..Folds::search()
        };
        assert_eq!(Normalizer::new(folds).key("مدرسةُ"), "مدرسة");
        let folds = Folds {
            alef_maqsura: false,
            ..Folds::search()
        };
        assert_eq!(Normalizer::new(folds).key("فى"), "فى");
    }

    #[test]
    fn alignment_maps_back() {
        let input = "الـــجيشُ";
        let out = Normalizer::search().normalize(input);
        assert_eq!(out.text(), "الجيش");
        // "جيش" starts after "ال" in the normalized text.
        let (s, e) = out.original_span("ال".len(), out.text().len());
        assert_eq!(&input[s..e], "جيشُ");
        let (s, e) = out.original_span(0, "ال".len());
        assert_eq!(&input[s..e], "ال");
    }

    #[test]
    fn ligature_alignment_shares_the_source_char() {
        let input = "\u{FEFB}";
        let out = Normalizer::display().normalize(input);
        assert_eq!(out.text(), "لا");
        assert_eq!(out.original_span(0, 2), (0, 3));
        assert_eq!(out.original_span(2, 4), (0, 3));
    }

    #[test]
    fn long_tatweel_runs() {
        let input = format!("ك{}لمة", "\u{0640}".repeat(10_000));
        assert_eq!(Normalizer::display().key(&input), "كلمة");
    }
}
