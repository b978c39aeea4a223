//! The segmentation lexicon: stems with the affixes they accept.
//!
//! Built from readable TSV tables in `data/` (embedded at compile time, parsed
//! once when the engine is built). Keys are stems folded with the search
//! profile (أ إ آ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي), hashed to 64 bits so that
//! a candidate stem is looked up without allocating.
//!
//! Where each entry comes from:
//! - `data/lexicon/function_words.tsv`: closed-class words (prepositions,
//!   particles, pronouns…), with whether they take an enclitic pronoun;
//! - `data/lexicon/verbs.tsv`: perfect and imperfect stems, inflected here
//!   (hollow and defective stems, person prefixes ت ن أ);
//! - `data/lexicon/nouns.tsv`: nouns and adjectives with their feminine and
//!   plural forms, from which the accepted suffixes (ة ات ون ين) follow;
//! - `data/lexicon/whole_words.tsv`: words that only look segmentable;
//! - `data/gazetteer/*.tsv` and `data/actors/actors.tsv`: names of places and
//!   people (single words of multi-word names);
//! - `data/ner/{person_names,organizations,misc_names}.tsv`: one-word names of
//!   four letters or more that no table above knows (فابيو، رويترز، ويندوز).

use std::collections::HashMap;

use crate::normalize::{is_diacritic, TATWEEL};

/// Accepted affixes and word classes of a stem (bit flags).
pub(crate) mod flag {
    /// A noun or adjective: takes ال, prepositions, dual and case endings.
    pub const NOUN: u32 = 1 << 0;
    /// A proper name (place, person).
    pub const NAME: u32 = 1 << 1;
    /// A perfect verb stem: takes ت تا تم تن نا وا ا.
    pub const PERF: u32 = 1 << 2;
    /// An imperfect verb stem (with its person prefix): takes ون ان ين وا ا, and س.
    pub const IMPF: u32 = 1 << 3;
    /// A function word.
    pub const FUNC: u32 = 1 << 4;
    /// Takes an enclitic pronoun (function words).
    pub const ENCL: u32 = 1 << 5;
    /// Takes the feminine ة (and ات, تين, تان).
    pub const FEM: u32 = 1 << 6;
    /// Takes the sound feminine plural ات.
    pub const AT: u32 = 1 << 7;
    /// Takes the sound masculine plural ون / ين.
    pub const UN: u32 = 1 << 8;
    /// Stands as a word on its own (without ة).
    pub const BARE: u32 = 1 << 9;
    /// A word listed as whole: do not split it.
    pub const WHOLE: u32 = 1 << 10;
    /// Takes و / ف in front (function words).
    pub const PROCL: u32 = 1 << 11;
    /// A bound form that only occurs before an enclitic (علي in عليه).
    pub const BOUND: u32 = 1 << 12;
    /// A consonant-suffix perfect stem (قل in قلت, التقي in التقيت).
    pub const PERF_CONS: u32 = 1 << 13;
    /// An ordinary noun or adjective reading (not a name), kept apart from
    /// [`NOUN`] because the gazetteers' names share stems with nouns
    /// (دور "role" and دورا the town, طبقة "layer" and الطبقة the city).
    pub const COMMON: u32 = 1 << 14;
}

/// A lexicon entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Entry {
    pub flags: u32,
}

/// The lexicon: stem hash → entry, twice. `exact` keys keep the hamza seats
/// (أ إ آ ؤ ئ), so "وإن" is not the city "وان"; `folded` keys fold them, for
/// text written without hamzas ("اعلن" for "أعلن"), and are only consulted
/// for stems written with a bare alef, as a weaker match.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    exact: HashMap<u64, Entry, BuildNoHash>,
    folded: HashMap<u64, Entry, BuildNoHash>,
}

/// Folds one letter for exact lexicon keys: only spelling variants that
/// carry no information (Egyptian final ى for ي, Persian letters).
#[inline]
pub(crate) fn fold_spelling(c: char) -> char {
    match c {
        'ى' | 'ی' => 'ي',
        'ک' => 'ك',
        _ => c,
    }
}

/// Folds one letter for folded keys: hamza seats too.
#[inline]
pub(crate) fn fold_letter(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ؤ' => 'و',
        'ئ' => 'ي',
        'ة' => 'ه',
        _ => fold_spelling(c),
    }
}

/// True when `c` is a hamza seat that the folded keys fold away.
#[inline]
fn is_hamza_seat(c: char) -> bool {
    matches!(c, 'أ' | 'إ' | 'آ' | 'ٱ' | 'ؤ' | 'ئ')
}

/// 64-bit hash of a char sequence after `fold` (FNV-1a over the folded code
/// points, with a final avalanche).
#[inline]
pub(crate) fn key_hash_with<I: IntoIterator<Item = char>>(chars: I, fold: fn(char) -> char) -> u64 {
    // FNV-1a over the folded code points, then Murmur3's finalizer.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        h ^= fold(c) as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A hasher for keys that are already hashes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BuildNoHash;

impl std::hash::BuildHasher for BuildNoHash {
    type Hasher = NoHash;
    fn build_hasher(&self) -> NoHash {
        NoHash(0)
    }
}

/// Passes a `u64` key through.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoHash(u64);

impl std::hash::Hasher for NoHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Letters of `word` with diacritics, tatweel and anything but Arabic letters
/// removed.
fn letters(word: &str) -> Vec<char> {
    word.chars().filter(|&c| is_letter_kept(c)).collect()
}

/// Whether a lexicon key keeps `c`: not tatweel, a diacritic, ZWNJ or RLM.
#[inline]
fn is_letter_kept(c: char) -> bool {
    c != TATWEEL && !is_diacritic(c) && c != '\u{200C}' && c != '\u{200F}'
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// The lexicon built from the tables embedded in the crate.
    pub fn builtin() -> Lexicon {
        let mut lex = Lexicon::new();
        for (name, text) in crate::data::TABLES {
            lex.add_table(name, text);
        }
        lex
    }

    /// Number of distinct stems.
    pub fn len(&self) -> usize {
        self.exact.len()
    }

    /// True when the lexicon has no stem.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }

    /// The entry of the stem `chars`, and whether it matched only with the
    /// hamza seats folded (a weaker match).
    #[inline]
    pub(crate) fn lookup(&self, chars: &[char]) -> Option<(Entry, bool)> {
        self.lookup_iter(chars.iter().copied())
    }

    /// [`Lexicon::lookup`] of the letters `chars` yields (walked up to three
    /// times, never collected).
    #[inline]
    fn lookup_iter<I: Iterator<Item = char> + Clone>(&self, chars: I) -> Option<(Entry, bool)> {
        if let Some(e) = self.exact.get(&key_hash_with(chars.clone(), fold_spelling)) {
            return Some((*e, false));
        }
        // A hamza written on the first alef of a word that has none
        // (إستهداف، إسم for استهداف، اسم: the connective alef misspelt) is
        // that word, as a weaker match.
        let mut rest = chars.clone();
        if matches!(rest.next(), Some('أ' | 'إ')) {
            let bare = std::iter::once('ا').chain(rest);
            if let Some(e) = self.exact.get(&key_hash_with(bare, fold_spelling)) {
                return Some((*e, true));
            }
        }
        // Text without hamzas may match a word written with them.
        let (mut hamza, mut long_vowel) = (false, false);
        for c in chars.clone() {
            hamza |= is_hamza_seat(c);
            long_vowel |= matches!(c, 'ا' | 'و' | 'ي');
        }
        if hamza || !long_vowel {
            return None;
        }
        self.folded
            .get(&key_hash_with(chars, fold_letter))
            .map(|e| (*e, true))
    }

    #[inline]
    pub(crate) fn get_chars(&self, chars: &[char]) -> Option<Entry> {
        self.lookup(chars).map(|(e, _)| e)
    }

    /// The flags of `word` (letters, unfolded), 0 when unknown.
    pub fn flags(&self, word: &str) -> u32 {
        self.lookup_iter(word.chars().filter(|&c| is_letter_kept(c)))
            .map_or(0, |(e, _)| e.flags)
    }

    /// True when `word`, as written, is a noun or adjective of the lexicon
    /// and not a verb form (نووي، نصيب), whatever else it is.
    pub fn is_noun_not_verb(&self, word: &str) -> bool {
        let f = self.flags(word);
        f & flag::NOUN != 0 && f & (flag::PERF | flag::IMPF) == 0
    }

    /// True when `word` is an ordinary word of the lexicon (a noun,
    /// adjective, verb or function word) and not also a name: a gazetteer
    /// match on it needs context. The article, a final ة and an indefinite
    /// accusative ا are looked through (الإطار، دورا).
    pub fn is_common_word(&self, word: &str) -> bool {
        self.look_through(word, |f| {
            f & (flag::NOUN | flag::FUNC | flag::PERF | flag::IMPF) != 0 && f & flag::NAME == 0
        })
    }

    /// True when `word` has a reading as an ordinary word, whatever names
    /// share its spelling (قرار "decision" is also part of a place name).
    pub fn has_common_reading(&self, word: &str) -> bool {
        self.look_through(word, |f| {
            f & (flag::COMMON | flag::FUNC | flag::PERF | flag::IMPF) != 0
        })
    }

    /// True when `word` itself, as written, is a name of the tables (أبها,
    /// although أب + ها would parse).
    pub fn is_name(&self, word: &str) -> bool {
        self.flags(word) & flag::NAME != 0
    }

    /// Tests the flags of `word`, else of its stem without the article, a
    /// final ة (a stem that takes it) or an indefinite accusative ا (a noun
    /// that stands alone: دورا, not أبها).
    fn look_through(&self, word: &str, test: impl Fn(u32) -> bool) -> bool {
        let chars: Vec<char> = word.chars().filter(|&c| is_letter_kept(c)).collect();
        let w = strip_al(&chars);
        let flags = |c: &[char]| {
            self.lookup_iter(c.iter().copied())
                .map_or(0, |(e, _)| e.flags)
        };
        if test(flags(w)) {
            return true;
        }
        let n = w.len();
        match w.last() {
            Some('ة') if n >= 4 => {
                let f = flags(&w[..n - 1]);
                f & flag::FEM != 0 && test(f)
            }
            Some('ا') if n >= 4 && w[n - 2] != 'ا' => {
                let f = flags(&w[..n - 1]);
                f & flag::NOUN != 0 && f & flag::BARE != 0 && test(f)
            }
            _ => false,
        }
    }

    /// Adds `flags` to the stem `chars`. A stem ending in اء also gets its
    /// spellings before a pronoun, where the hamza takes the seat of its
    /// case vowel: لقائه، أعضاؤه (لقاء، أعضاء).
    pub(crate) fn add_chars(&mut self, chars: &[char], flags: u32) {
        if let [stem @ .., 'ا', 'ء'] = chars {
            for seat in ['ئ', 'ؤ'] {
                let seated: Vec<char> = stem.iter().copied().chain(['ا', seat]).collect();
                self.add_one(&seated, flags);
            }
        }
        self.add_one(chars, flags);
    }

    fn add_one(&mut self, chars: &[char], flags: u32) {
        if chars.is_empty() {
            return;
        }
        let e = self
            .exact
            .entry(key_hash_with(chars.iter().copied(), fold_spelling))
            .or_default();
        e.flags |= flags;
        if chars.iter().any(|&c| is_hamza_seat(c)) {
            let e = self
                .folded
                .entry(key_hash_with(chars.iter().copied(), fold_letter))
                .or_default();
            e.flags |= flags;
        }
    }

    /// Adds a word; a final ة is always the feminine suffix (the stem gets
    /// [`flag::FEM`]), as in Farasa's and the ATB's schemes.
    fn add_stem_or_fem(&mut self, w: &[char], flags: u32) {
        if w.len() >= 3 && w[w.len() - 1] == 'ة' {
            self.add_chars(&w[..w.len() - 1], (flags & !flag::BARE) | flag::FEM);
        } else {
            self.add_chars(w, flags | flag::BARE);
        }
    }

    /// Adds a word with the given flags; a word ending in ة is stored as its
    /// stem with [`flag::FEM`], as the segmenter splits ة off.
    pub fn add_word(&mut self, word: &str, flags: u32) {
        let w = letters(word);
        if !w.is_empty() {
            self.add_stem_or_fem(&w, flags);
        }
    }

    /// Adds the rows of one TSV table, recognized by its file name.
    pub fn add_table(&mut self, name: &str, text: &str) {
        let mut rows = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
        let header: Vec<&str> = match rows.next() {
            Some(h) => h.split('\t').map(str::trim).collect(),
            None => return,
        };
        let col = |n: &str| header.iter().position(|h| *h == n);
        for row in rows {
            let f: Vec<&str> = row.split('\t').map(str::trim).collect();
            let get = |i: Option<usize>| i.and_then(|i| f.get(i).copied()).unwrap_or("");
            match name {
                "function_words" => {
                    let word = get(col("word"));
                    let note = get(col("note"));
                    if note.contains("split the article") {
                        // اليوم، الآن: the article on a noun (يوم، آن).
                        let w = letters(word);
                        if w.len() > 3 && w[0] == 'ا' && w[1] == 'ل' {
                            self.add_stem_or_fem(&w[2..], flag::NOUN);
                        }
                    } else if !transparent_compound(word, get(col("class")), note) {
                        self.add_function_word(
                            word,
                            get(col("class")),
                            get(col("enclitic")) == "yes",
                            get(col("proclitic")) != "no",
                        );
                    }
                }
                "verbs" => {
                    self.add_verb(get(col("perfect")), get(col("imperfect")));
                    for m in get(col("masdar")).split('|') {
                        self.add_noun(m, flag::NOUN | flag::AT | flag::COMMON);
                    }
                }
                "nouns" => {
                    let pos = get(col("pos"));
                    let mut flags = flag::NOUN;
                    if pos == "name" {
                        flags |= flag::NAME;
                    } else {
                        flags |= flag::COMMON;
                    }
                    if matches!(pos, "adj" | "apart" | "ppart" | "nisba") {
                        flags |= flag::UN | flag::AT;
                    }
                    let word = get(col("word"));
                    self.add_noun(word, flags);
                    let fem = get(col("fem"));
                    if fem != "-" && !fem.is_empty() {
                        self.add_noun(fem, flags);
                    }
                    for p in get(col("plural")).split('|') {
                        self.add_plural(word, p);
                    }
                }
                "whole_words" => {
                    self.add_word(get(col("word")), flag::NOUN | flag::WHOLE | flag::COMMON)
                }
                "nisba" => {
                    // The masculine singular is the stem of every form
                    // (ليبي → ليبية، ليبيون، الليبيين): an adjective, not a name.
                    if get(col("number_gender")).split(',').any(|g| g == "ms")
                        && get(col("definite")) == "no"
                    {
                        let w = letters(get(col("form")));
                        if w.last() == Some(&'ي') {
                            self.add_chars(
                                &w,
                                flag::NOUN
                                    | flag::BARE
                                    | flag::FEM
                                    | flag::AT
                                    | flag::UN
                                    | flag::COMMON,
                            );
                        }
                    }
                }
                "person_names" | "organizations" | "misc_names" => {
                    // The entity stage's name lists: a one-word name of four
                    // letters or more that the lexicon does not know at all
                    // (فابيو، رويترز، ويندوز), so that a clitic-like first
                    // letter stays part of it. Words that are also common
                    // words (الهلال، أمل) and the words of longer names
                    // (الطيران المدني) are left to the rest of the lexicon.
                    for c in ["name", "variants"] {
                        for name in get(col(c)).split('|') {
                            self.add_unknown_name(name);
                        }
                    }
                }
                _ => {
                    // Gazetteers and actor tables: every single-word name.
                    for c in ["arabic", "variants", "form", "capital_arabic"] {
                        for name in get(col(c)).split('|') {
                            self.add_name(name);
                        }
                    }
                }
            }
        }
    }

    fn add_function_word(&mut self, word: &str, class: &str, enclitic: bool, proclitic: bool) {
        let w = letters(word);
        if w.is_empty() {
            return;
        }
        let mut flags = flag::FUNC | flag::BARE;
        if enclitic {
            flags |= flag::ENCL;
        }
        if proclitic {
            flags |= flag::PROCL;
        }
        if class == "aux" {
            // كان، أصبح …: inflect like verbs.
            flags |= flag::PERF | flag::IMPF;
        }
        if matches!(class, "adv" | "num") {
            // Adverbs and numbers are nouns: الأمس، الخمسة.
            flags |= flag::NOUN;
        }
        let n = w.len();
        if class == "num" && n >= 5 && matches!(&w[n - 2..], ['و', 'ن'] | ['ي', 'ن']) {
            // Tens take the sound plural ending: ست+ين، عشر+ون.
            self.add_chars(&w[..n - 2], (flags & !flag::BARE) | flag::UN);
            return;
        }
        self.add_stem_or_fem(&w, flags);
    }

    /// Adds a noun or adjective (ة-final words become a FEM stem).
    fn add_noun(&mut self, word: &str, flags: u32) {
        if word.is_empty() || word == "-" {
            return;
        }
        // Multi-word entries: add the words.
        if word.contains(' ') {
            for part in word.split(' ') {
                self.add_noun(part, flags & !(flag::UN | flag::AT));
            }
            return;
        }
        let w = letters(word);
        if w.len() >= 3 && w[w.len() - 1] == 'ة' {
            self.add_chars(&w[..w.len() - 1], flags | flag::FEM | flag::AT);
        } else {
            self.add_chars(&w, flags | flag::BARE);
            // A stem ending in ي (nisba, ياء): its feminine is regular.
            if w.len() >= 3 && w[w.len() - 1] == 'ي' {
                self.add_chars(&w, flag::FEM | flag::AT | flag::UN);
            }
        }
    }

    /// Records a plural of `singular`: a sound plural marks the stem, a broken
    /// plural is a stem of its own.
    fn add_plural(&mut self, singular: &str, plural: &str) {
        if plural.is_empty() || plural == "-" {
            return;
        }
        let s = letters(singular);
        let p = letters(plural);
        let stem: &[char] = if s.last() == Some(&'ة') {
            &s[..s.len() - 1]
        } else {
            &s
        };
        let ends = |suffix: &str| {
            let suf: Vec<char> = suffix.chars().collect();
            p.len() > suf.len() && p.ends_with(&suf) && &p[..p.len() - suf.len()] == stem
        };
        if ends("ات") {
            self.add_chars(stem, flag::AT);
        } else if ends("ون") || ends("ين") {
            self.add_chars(stem, flag::UN);
        } else {
            self.add_noun(&p.iter().collect::<String>(), flag::NOUN | flag::COMMON);
        }
    }

    /// Adds a verb from its perfect and imperfect 3ms forms.
    fn add_verb(&mut self, perfect: &str, imperfect: &str) {
        let p = letters(perfect);
        if !p.is_empty() {
            self.add_chars(&p, flag::PERF | flag::BARE);
            let n = p.len();
            // Hollow verbs: قال → قل (قلت), زار → زر.
            if n == 3 && p[1] == 'ا' {
                self.add_chars(&[p[0], p[2]], flag::PERF_CONS);
            }
            // Defective verbs: التقى → التقي (التقيت), التق (التقوا); دعا → دعو (دعوت), دع (دعوا).
            match p.last() {
                Some('ى') => {
                    let mut q = p[..n - 1].to_vec();
                    self.add_chars(&q, flag::PERF); // التقوا
                    q.push('ي');
                    self.add_chars(&q, flag::PERF_CONS);
                }
                Some('ا') if n >= 3 => {
                    let mut q = p[..n - 1].to_vec();
                    self.add_chars(&q, flag::PERF);
                    q.push('و');
                    self.add_chars(&q, flag::PERF_CONS);
                }
                _ => {}
            }
            // Doubled verbs: رد → رددت.
            if n == 2 || (n >= 3 && p[n - 1] == p[n - 2]) {
                let mut q = p.clone();
                q.push(*q.last().unwrap_or(&' '));
                self.add_chars(&q, flag::PERF_CONS);
            }
        }
        let i = letters(imperfect);
        if i.len() >= 2 && matches!(i[0], 'ي' | 'ت' | 'ن' | 'أ') {
            let mut q = i.clone();
            for prefix in ['ي', 'ت', 'ن', 'أ'] {
                q[0] = prefix;
                self.add_chars(&q, flag::IMPF | flag::BARE);
                // Defective: يلتقي → يلتق (يلتقون); يدعو → يدع (يدعون).
                if matches!(q.last(), Some('ي' | 'و' | 'ى')) && q.len() >= 3 {
                    self.add_chars(&q[..q.len() - 1], flag::IMPF);
                }
            }
        }
    }

    /// Adds a one-word `name` (without ال) of four letters or more that
    /// no earlier table knows.
    fn add_unknown_name(&mut self, name: &str) {
        let name = name.trim();
        if name.contains([' ', '-']) {
            return;
        }
        let w = letters(name);
        if !w.iter().all(|c| ('\u{0621}'..='\u{06FF}').contains(c)) {
            return;
        }
        let w = strip_al(&w);
        let word: String = w.iter().collect();
        if w.len() >= 4 && self.flags(&word) == 0 {
            self.add_stem_or_fem(w, flag::NAME);
        }
    }

    /// Adds the single words of a name, without ال. Inside a multi-word
    /// name, words under four letters are skipped: they are mostly particles
    /// or common words (هو تشي منه، عبد، أبو).
    fn add_name(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() || name == "-" {
            return;
        }
        let multi = name.contains([' ', '-']);
        for part in name.split([' ', '-']) {
            let w = letters(part);
            if w.len() < 2 || (multi && w.len() < 4) {
                continue;
            }
            if !w.iter().all(|c| ('\u{0621}'..='\u{06FF}').contains(c)) {
                continue;
            }
            let w = strip_al(&w);
            self.add_stem_or_fem(w, flag::NAME);
        }
    }
}

/// Demonstratives that a preposition ك ل ب attaches to as a clitic (كذلك =
/// ك+ذلك, لذلك = ل+ذلك, بهذا = ب+هذا).
const DEMONSTRATIVES: &[&str] = &["ذلك", "هذا", "هذه", "ذا", "تلك", "هؤلاء", "ذاك"];

/// Function words listed whole that are really a proclitic and a word the
/// segmenter reads on its own: a preposition ب or ل on a word that stands
/// alone (the list marks them `compound`: بدون، لأن، لكي), ك ل ب on a
/// demonstrative, and article-initial adverbs (اليوم، الآن) that take ال like
/// any noun. Lexicalized particles (لقد، كما، فيما) stay whole.
fn transparent_compound(word: &str, class: &str, note: &str) -> bool {
    if note.contains("split the article") {
        return true;
    }
    let mut chars = word.chars();
    let first = chars.next();
    let rest = chars.as_str();
    if matches!(first, Some('ك' | 'ل' | 'ب')) && DEMONSTRATIVES.contains(&rest) {
        return true;
    }
    note.starts_with("compound") && matches!(first, Some('ب' | 'ل')) && class != "aux"
}

/// `w` without a leading ال when what is left is at least 2 letters.
fn strip_al(w: &[char]) -> &[char] {
    if w.len() >= 4 && w[0] == 'ا' && w[1] == 'ل' {
        &w[2..]
    } else {
        w
    }
}
