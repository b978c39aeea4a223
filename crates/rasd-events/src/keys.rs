//! Per-token lookup keys, computed once per document.
//!
//! Every table of this crate (dates, cues, triggers) is keyed by the same
//! *core key*: the search-folded letters of the token's stem and its
//! inflectional suffixes, without proclitics (و ف ب ل ك س ال) and without
//! enclitic pronouns. "وبالزيارة" and "زيارة" share the key "زياره";
//! "وزاروا" has the key "زاروا". The proclitics and the presence of an
//! enclitic are kept as flags, so a table can still ask for the article
//! (اليوم is "today", يوم is "a day") or the future prefix (سيزور).

use rasd_text::segment::SegKind;
use rasd_text::tokenize::TokenKind;
use rasd_text::Analysis;

use crate::gazetteer::Gazetteer;
use crate::lexicon::KeyInfo;
use crate::words::{Class, Words};

/// The conjunction و.
pub const WA: u16 = 1;
/// The conjunction ف.
pub const FA: u16 = 1 << 1;
/// The preposition ب.
pub const BI: u16 = 1 << 2;
/// The preposition ل.
pub const LI: u16 = 1 << 3;
/// The preposition ك.
pub const KA: u16 = 1 << 4;
/// The future prefix س.
pub const SA: u16 = 1 << 5;
/// The article ال.
pub const AL: u16 = 1 << 6;
/// An enclitic pronoun follows the stem.
pub const ENCLITIC: u16 = 1 << 7;
/// The token is a word (Arabic or Latin).
pub const WORD: u16 = 1 << 8;
/// The token is a number (any digit set).
pub const NUMBER: u16 = 1 << 9;
/// The token is punctuation.
pub const PUNCT: u16 = 1 << 10;
/// The original token carries a damma on one of its first letters (a
/// vocalized passive such as اعتُقل or قُتل).
pub const DAMMA: u16 = 1 << 11;
/// The original token carries tanwin fatha (ـً): an accusative, such as a
/// circumstantial participle written without its alif (مؤكدً، داعيً).
pub const TANWIN: u16 = 1 << 12;

/// Folds one display-normalized letter the way the search profile does:
/// أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي; Arabic-Indic and Persian digits →
/// ASCII; diacritics and tatweel are dropped (`None`).
#[inline]
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ئ' => 'ي',
        'ک' => 'ك',
        'ی' => 'ي',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x6F0) as u8),
        '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' => return None,
        _ => c,
    })
}

/// Appends the folded form of `s` to `out`.
#[inline]
pub fn fold_into(s: &str, out: &mut String) {
    // Runs of letters that fold to themselves are copied whole.
    let b = s.as_bytes();
    let mut keep = 0;
    let mut i = 0;
    while i < b.len() {
        // ASCII and the plain letters ا…ي (two bytes, D8 A7 to D9 8A, but
        // ة ـ ى) fold to themselves.
        let x = b[i];
        if x < 0x80 {
            i += 1;
            continue;
        }
        if (x == 0xD8 || x == 0xD9) && i + 1 < b.len() {
            let c = (u32::from(x) & 0x1F) << 6 | (u32::from(b[i + 1]) & 0x3F);
            if (0x627..=0x64A).contains(&c) && !matches!(c, 0x629 | 0x640 | 0x649) {
                i += 2;
                continue;
            }
        }
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        match fold_char(c) {
            Some(f) if f == c => {}
            f => {
                out.push_str(&s[keep..i]);
                out.extend(f);
                keep = i + c.len_utf8();
            }
        }
        i += c.len_utf8();
    }
    out.push_str(&s[keep..]);
}

/// The folded form of `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// The folded key of a dictionary word: folded, without a leading article
/// when at least two letters remain (tables write اليوم or يوم alike).
pub fn dict_key(word: &str) -> String {
    let f = fold(word);
    match f.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest.to_owned(),
        _ => f,
    }
}

/// Keys and flags of every token of one analysis.
#[derive(Debug, Default, Clone)]
pub struct Keys {
    buf: String,
    spans: Vec<(u32, u32)>,
    flags: Vec<u16>,
    /// Dictionary word ids of each token: its key, and its key without a
    /// feminine/tanwin ending (زيارته → زياره, هجوما → هجوم); empty until
    /// [`Keys::assign_ids`].
    ids: Vec<[u32; 3]>,
    /// What each token's key finds in the lexicon; empty until
    /// [`Keys::assign_ids`].
    info: Vec<crate::lexicon::KeyInfo>,
}

impl Keys {
    /// Computes the keys of all tokens of `a` (the text is needed for the
    /// vocalization flag only).
    pub fn new(text: &str, a: &Analysis) -> Keys {
        let tokens = a.tokens();
        let mut k = Keys {
            buf: String::with_capacity(text.len()),
            spans: Vec::with_capacity(tokens.len()),
            flags: Vec::with_capacity(tokens.len()),
            ids: Vec::new(),
            info: Vec::new(),
        };
        for t in tokens {
            let start = k.buf.len() as u32;
            let mut flags = match t.kind {
                TokenKind::Arabic | TokenKind::Latin => WORD,
                TokenKind::Number => NUMBER,
                TokenKind::Punct => PUNCT,
                _ => 0,
            };
            let segs = a.segments(t);
            if t.kind == TokenKind::Arabic && !segs.is_empty() {
                let mut seen_stem = false;
                for s in segs {
                    match s.kind {
                        SegKind::Proclitic if !seen_stem => {
                            flags |= match a.form(s) {
                                "و" => WA,
                                "ف" => FA,
                                "ب" => BI,
                                "ل" => LI,
                                "ك" => KA,
                                "س" => SA,
                                "ال" => AL,
                                _ => 0,
                            };
                        }
                        SegKind::Enclitic => flags |= ENCLITIC,
                        _ => {
                            seen_stem = true;
                            fold_into(a.form(s), &mut k.buf);
                        }
                    }
                }
                // A final hamza seated before a pronoun (لقائه، أعضاؤه) keys
                // as the word's own hamza (لقاء، أعضاء).
                if flags & ENCLITIC != 0 {
                    let stem = &k.buf[start as usize..];
                    if stem.ends_with("اي") || stem.ends_with("او") {
                        let seated = segs
                            .iter()
                            .rev()
                            .find(|s| !s.kind.is_clitic())
                            .is_some_and(|s| a.form(s).ends_with(['ئ', 'ؤ']));
                        if seated {
                            k.buf.pop();
                            k.buf.push('ء');
                        }
                    }
                }
                let orig = t.span.slice(text);
                // Tanwin fatha (U+064B) and damma (U+064F) are D9 8B and
                // D9 8F in UTF-8; most words carry no diacritic at all.
                let (mut tanwin, mut damma) = (false, false);
                for w in orig.as_bytes().windows(2) {
                    if w[0] == 0xD9 {
                        tanwin |= w[1] == 0x8B;
                        damma |= w[1] == 0x8F;
                    }
                }
                if tanwin {
                    flags |= TANWIN;
                }
                if damma {
                    // A damma on one of the first three letters of the word.
                    let mut letters = 0;
                    for c in orig.chars() {
                        if c == '\u{064F}' {
                            flags |= DAMMA;
                            break;
                        }
                        if !rasd_text::normalize::is_diacritic(c) {
                            letters += 1;
                            if letters > 3 {
                                break;
                            }
                        }
                    }
                }
            } else {
                k.buf.push_str(a.norm(t));
            }
            k.spans.push((start, k.buf.len() as u32));
            k.flags.push(flags);
        }
        k
    }

    /// Looks up every token in the lexicon `lx`, once: its dictionary ids
    /// (see [`Keys::ids`]) and its verb readings (see [`Keys::verb_forms`]).
    pub fn assign_ids(&mut self, lx: &crate::lexicon::Lexicon) {
        let none = crate::lexicon::NO_WORD;
        self.ids.clear();
        let mut info = std::mem::take(&mut self.info);
        info.clear();
        lx.key_infos(self.len(), |i| self.key(i), &mut info);
        for (i, info) in info.iter().enumerate() {
            let variant = if info.variant != none {
                info.variant
            } else if self.has(i, ENCLITIC) {
                info.variant_t
            } else {
                none
            };
            self.ids.push([info.exact, variant, info.dual]);
        }
        self.info = info;
    }

    /// The verb readings of token `i` in `lx` (the lexicon of
    /// [`Keys::assign_ids`], once called).
    #[inline]
    pub fn verb_forms<'l>(
        &self,
        lx: &'l crate::lexicon::Lexicon,
        i: usize,
    ) -> &'l [(u32, crate::morph::Aspect)] {
        match self.info.get(i) {
            Some(info) => lx.forms_of(info),
            None => lx.verb_forms(self.key(i)),
        }
    }

    /// The classes of `words.tsv` that token `i`'s key has in any row (bits
    /// of [`Class`]; 0 past the end): a key without a class needs no
    /// lookup in [`Words`].
    #[inline]
    pub fn classes(&self, i: usize) -> u32 {
        match self.info.get(i) {
            Some(info) => info.classes,
            None => Words::get().classes_of(self.key(i)),
        }
    }

    /// True when token `i`'s key has a row of `class` in `words.tsv`.
    #[inline]
    pub fn may_be(&self, i: usize, class: Class) -> bool {
        self.classes(i) & class as u32 != 0
    }

    /// True when token `i`'s key is in `class` with no condition on the
    /// next word ([`Words::is`]).
    #[inline]
    pub fn in_class(&self, i: usize, class: Class) -> bool {
        self.may_be(i, class) && Words::get().is(self.key(i), class)
    }

    /// True when token `i`'s key is a title word of the gazetteer
    /// ([`Gazetteer::is_title_word`]).
    #[inline]
    pub fn is_title_word(&self, i: usize) -> bool {
        match self.info.get(i) {
            Some(info) => info.known & KeyInfo::TITLE_WORD != 0,
            None => Gazetteer::get().is_title_word(self.key(i)),
        }
    }

    /// The country of token `i`'s key read as a nisba
    /// ([`Gazetteer::nisba`]).
    #[inline]
    pub fn nisba(&self, i: usize) -> Option<&'static str> {
        match self.info.get(i) {
            Some(info) if info.known & KeyInfo::NISBA == 0 => None,
            _ => Gazetteer::get().nisba(self.key(i)),
        }
    }

    /// False when no noun trigger can start at token `i`: neither its key
    /// nor a variant of it is the first word of one
    /// ([`crate::lexicon::Lexicon::nouns_starting`]). Always true before
    /// [`Keys::assign_ids`].
    #[inline]
    pub fn may_start_noun(&self, i: usize) -> bool {
        self.info
            .get(i)
            .is_none_or(|info| info.known & KeyInfo::NOUN_START != 0)
    }

    /// The dictionary ids of token `i`, once assigned.
    #[inline]
    pub fn ids(&self, i: usize) -> Option<[u32; 3]> {
        self.ids.get(i).copied()
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The core key of token `i` ("" past the end).
    #[inline]
    pub fn key(&self, i: usize) -> &str {
        match self.spans.get(i) {
            Some(&(a, b)) => &self.buf[a as usize..b as usize],
            None => "",
        }
    }

    /// The flags of token `i` (0 past the end).
    #[inline]
    pub fn flags(&self, i: usize) -> u16 {
        self.flags.get(i).copied().unwrap_or(0)
    }

    /// True when token `i` has all of `f`.
    #[inline]
    pub fn has(&self, i: usize, f: u16) -> bool {
        self.flags(i) & f == f
    }

    /// True when token `i` has the key `key` (and, with `al`, the article).
    #[inline]
    pub fn is(&self, i: usize, key: &str) -> bool {
        self.key(i) == key
    }

    /// True when token `i` is punctuation.
    #[inline]
    pub fn is_punct(&self, i: usize) -> bool {
        self.has(i, PUNCT)
    }

    /// True when token `i` is a number.
    #[inline]
    pub fn is_number(&self, i: usize) -> bool {
        self.has(i, NUMBER)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasd_text::TextAnalyzer;

    proptest::proptest! {
        #[test]
        fn folding_in_runs_is_folding_letter_by_letter(s in "[\\PC\u{0600}-\u{06FF}a-z]{0,24}") {
            let mut out = String::from("x");
            fold_into(&s, &mut out);
            let want: String = "x".chars().chain(s.chars().filter_map(fold_char)).collect();
            proptest::prop_assert_eq!(out, want);
        }
    }

    #[test]
    fn keys_strip_clitics_and_keep_flags() {
        let text = "وبالزيارة سيزور زيارته اعتُقل ٢٨";
        let a = TextAnalyzer::new().analyze(text);
        let k = Keys::new(text, &a);
        assert_eq!(k.key(0), "زياره");
        assert!(k.has(0, WA | BI | AL));
        assert_eq!(k.key(1), "يزور");
        assert!(k.has(1, SA));
        assert!(k.key(2).starts_with("زيار"));
        assert!(k.has(2, ENCLITIC));
        assert!(k.has(3, DAMMA));
        assert_eq!(k.key(4), "28");
        assert!(k.is_number(4));
    }

    #[test]
    fn the_lexicon_marks_what_the_word_and_gazetteer_tables_know() {
        let lx = crate::lexicon::Lexicon::builtin();
        let (w, g) = (Words::get(), Gazetteer::get());
        let mut n = 0;
        for (key, classes) in w.key_classes() {
            assert_eq!(lx.key_info(key).classes, classes, "{key}");
            n += 1;
        }
        assert!(n > 100, "{n} keys in words.tsv");
        for key in g.title_word_keys() {
            assert!(lx.key_info(key).known & KeyInfo::TITLE_WORD != 0, "{key}");
        }
        for key in g.nisba_keys() {
            assert!(lx.key_info(key).known & KeyInfo::NISBA != 0, "{key}");
        }
        // The marks answer as the tables do, token by token, before and
        // after the lookup.
        let text = "قال وزير الخارجية الروسي إن قوات الأمن وصلت مع السفير إلى \
                    مدينة حلب شمالي سوريا، وإن الجنود الليبيين والنائب العام هناك.";
        let a = rasd_text::TextAnalyzer::new().analyze(text);
        let plain = Keys::new(text, &a);
        let mut looked_up = plain.clone();
        looked_up.assign_ids(lx);
        let mut seen = 0;
        for i in 0..plain.len() + 1 {
            for k in [&plain, &looked_up] {
                assert_eq!(k.classes(i), w.classes_of(plain.key(i)), "{i}");
                assert_eq!(k.nisba(i), g.nisba(plain.key(i)), "{i}");
                assert_eq!(k.is_title_word(i), g.is_title_word(plain.key(i)), "{i}");
                for class in [Class::Prep, Class::Role, Class::Place, Class::Direction] {
                    assert_eq!(k.in_class(i, class), w.is(plain.key(i), class), "{i}");
                }
            }
            seen += (plain.classes(i) != 0) as u32 + plain.nisba(i).is_some() as u32;
        }
        assert!(seen >= 5, "{seen} tokens known to the tables");
    }

    #[test]
    fn tanwin_and_an_early_damma_are_flagged() {
        // (word, tanwin fatha, damma on one of the first three letters)
        for (word, tanwin, damma) in [
            ("مؤكداً", true, false),
            ("مؤكدً", true, false),
            ("مؤكدا", false, false),
            ("قُتل", false, true),
            ("اعتُقل", false, true),
            ("استقبلُ", false, false), // a damma, but past the third letter
            ("كتابٌ", false, false),   // tanwin damma is neither
        ] {
            let a = TextAnalyzer::new().analyze(word);
            let k = Keys::new(word, &a);
            assert_eq!(k.has(0, TANWIN), tanwin, "{word}");
            assert_eq!(k.has(0, DAMMA), damma, "{word}");
        }
    }

    #[test]
    fn dict_keys_fold_and_drop_the_article() {
        assert_eq!(dict_key("الأربعاء"), "اربعاء");
        assert_eq!(dict_key("زيارة"), "زياره");
        assert_eq!(dict_key("ال"), "ال");
    }
}
