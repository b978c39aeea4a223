//! The event lexicon: `data/events/verbs.tsv`, `nouns.tsv` and
//! `data/cameo/event_codes.tsv`, embedded with `include_str!` and indexed
//! once per process.
//!
//! Verbs are indexed by every inflected core form of their lemma (see
//! [`crate::morph`]), so that a token's key ([`crate::keys`]) finds its
//! lemma with one hash lookup: زاروا، يزورون، تزور all lead to زار / يزور.
//! The lemma index also holds the verbs of the segmentation lexicon
//! (`data/lexicon/verbs.tsv`), which the coder needs to find clause
//! boundaries and support verbs even when they trigger nothing.
//!
//! Dictionary words (nouns, objects, `[requires:…]` phrases) are keyed by
//! running them through the same text analyzer as the news text, so both
//! sides are segmented alike (للحوار → حوار with ل).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use rasd_text::TextAnalyzer;

use crate::gazetteer::Gazetteer;
use crate::key_table::KeyTable;
use crate::keys::{fold, Keys, BI, KA, LI};
use crate::morph::{verb_forms, Aspect};
use crate::words::Words;

/// A fast non-cryptographic hasher (FxHash) for the lexicon's string maps.
#[derive(Default, Clone, Copy, Debug)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A `HashSet` with [`FxHasher`].
pub type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// A CAMEO code with its facts (from `event_codes.tsv`).
#[derive(Clone, Debug, PartialEq)]
pub struct CodeInfo {
    /// The code, with leading zeros (`042`).
    pub code: String,
    /// GDELT's English name.
    pub name: String,
    /// The 2-digit root.
    pub root: String,
    /// Quad class, 1–4.
    pub quad_class: u8,
    /// Goldstein score.
    pub goldstein: f32,
    /// PLOVER event type, if any.
    pub plover_event: Option<String>,
    /// PLOVER mode, if any.
    pub plover_mode: Option<String>,
}

/// One dictionary word: its core key and the proclitic prepositions it
/// carries (ب ل ك), which a matching token must carry too when the word is
/// a preposition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Core key (see [`crate::keys`]).
    pub key: String,
    /// `BI`, `LI`, `KA` flags written on the word.
    pub flags: u16,
    /// Interned id of the key ([`NO_WORD`] for an empty key).
    pub id: u32,
}

/// The id of no dictionary word.
pub const NO_WORD: u32 = u32::MAX;

/// A sequence of dictionary words.
pub type Phrase = Vec<Word>;

/// Where an argument is found around a trigger (`prep` columns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// `-`: the direct object.
    Direct,
    /// `none`: no slot.
    NoSlot,
    /// `genitive`: the إضافة complement or a pronoun suffix.
    Genitive,
    /// `بين`: X و Y are both source and target.
    Between,
    /// A preposition or fixed phrase (مع، إلى، على شرف، من قبل…).
    Prep(Phrase),
}

/// The constraint on a verb's complement (`obj` column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Obj {
    /// `-`: anything.
    Any,
    /// The complement's head is one of the phrases.
    Words(Vec<Phrase>),
    /// The complement is introduced by one of the prepositions (`إلى|ل:…`),
    /// with one of the heads (`None`: any head, `P:*`).
    Prep(Vec<Phrase>, Option<Vec<Phrase>>),
}

impl Obj {
    /// Specificity level: word lists 2, `P:*` 1, `-` 0.
    pub fn level(&self) -> u8 {
        match self {
            Obj::Any => 0,
            Obj::Prep(_, None) => 1,
            Obj::Words(_) | Obj::Prep(_, Some(_)) => 2,
        }
    }
}

/// Machine-readable note tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags {
    /// `[inverse]`: the subject is the target.
    pub inverse: bool,
    /// `[with_support]`: a noun row that codes only as the object of one
    /// of its support verbs.
    pub with_support: bool,
    /// `[requires:…]`: one of the phrases must occur in the clause.
    pub requires: Vec<Phrase>,
    /// `[subject:…]`: the subject's head must be one of these.
    pub subject: Vec<Phrase>,
    /// `[excludes:…]`: none of the phrases may occur in the clause.
    pub excludes: Vec<Phrase>,
}

/// A row of `verbs.tsv`.
#[derive(Clone, Debug)]
pub struct VerbRow {
    /// Index into [`Lexicon::codes`].
    pub code: u16,
    /// Index into [`Lexicon::lemmas`].
    pub lemma: u32,
    /// How the target is found, in order of preference.
    pub slots: Vec<Slot>,
    /// The complement constraint.
    pub obj: Obj,
    /// The verb itself expresses intent (03x).
    pub intent: bool,
    /// Note tags.
    pub tags: Tags,
    /// Line in the file (1-based), for messages.
    pub line: u32,
    /// The word ids of the first words of `obj`'s heads and of the
    /// `[requires:…]` phrases, side by side: the coder's quick test that a
    /// clause holds one, without visiting each phrase.
    pub obj_firsts: Vec<u32>,
    /// See `obj_firsts`.
    pub requires_firsts: Vec<u32>,
}

/// A row of `nouns.tsv`.
#[derive(Clone, Debug)]
pub struct NounRow {
    /// Index into [`Lexicon::codes`].
    pub code: u16,
    /// The noun's words.
    pub words: Phrase,
    /// How the source is found around the noun.
    pub source: Vec<Slot>,
    /// How the target is found around the noun.
    pub target: Vec<Slot>,
    /// Support verbs: lemma and the preposition it takes (قام ب).
    pub support: Vec<(u32, Option<Phrase>)>,
    /// Note tags.
    pub tags: Tags,
    /// Line in the file (1-based).
    pub line: u32,
}

/// A verb lemma.
#[derive(Clone, Debug, Default)]
pub struct Lemma {
    /// 3rd person masculine singular perfect, as written in the tables.
    pub perfect: String,
    /// 3rd person masculine singular imperfect.
    pub imperfect: String,
    /// Rows of `verbs.tsv` with this lemma.
    pub rows: Vec<u32>,
}

/// The whole lexicon, indexed.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// All CAMEO codes.
    pub codes: Vec<CodeInfo>,
    code_index: FxMap<String, u16>,
    /// Verb lemmas (event verbs first, then the segmentation lexicon's).
    pub lemmas: Vec<Lemma>,
    lemma_by_perfect: FxMap<String, u32>,
    /// Verb readings by core form, while the lemmas are added; moved into
    /// `key_info` and `form_values` once the lexicon is built.
    forms: FxMap<String, Vec<(u32, Aspect)>>,
    /// What each core key finds in the lexicon (see [`KeyInfo`]): one
    /// lookup a token.
    key_info: KeyTable,
    /// The verb readings of all keys, a run per key.
    form_values: Vec<(u32, Aspect)>,
    /// Rows of `verbs.tsv`.
    pub verbs: Vec<VerbRow>,
    /// Rows of `nouns.tsv`.
    pub nouns: Vec<NounRow>,
    noun_first: FxMap<String, Vec<u32>>,
    function_words: FxSet<String>,
    /// Dictionary word key → id.
    word_ids: FxMap<String, u32>,
    /// Problems met while loading (unknown codes, unknown support verbs).
    pub warnings: Vec<String>,
}

static VERBS_TSV: &str = include_str!("../../../data/events/verbs.tsv");
static NOUNS_TSV: &str = include_str!("../../../data/events/nouns.tsv");
static CODES_TSV: &str = include_str!("../../../data/cameo/event_codes.tsv");
static LEXICON_VERBS_TSV: &str = include_str!("../../../data/lexicon/verbs.tsv");
static FUNCTION_WORDS_TSV: &str = include_str!("../../../data/lexicon/function_words.tsv");

/// Lemmas the coder needs that neither verb table lists.
const EXTRA_LEMMAS: &[(&str, &str)] = &[
    ("دحض", "يدحض"),
    ("أزمع", "يزمع"),
    ("ارتقب", "يرتقب"),
    ("اعتزم", "يعتزم"),
    ("تم", "يتم"),
    ("جرى", "يجري"),
    ("كال", "يكيل"),
];

/// Everything one core key finds in the lexicon, found with one lookup:
/// its dictionary word ids, its verb readings, and marks for the other
/// tables that know it (word classes, title words, nisbas, the first words
/// of noun triggers), so that the coder asks those tables only about the
/// tokens they know. The variants are the ids
/// [`Keys::assign_ids`] asks for when the key itself is no dictionary word
/// (زيارته → زياره, هاتفيين → هاتفي); [`NO_WORD`] where there is none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// The key itself.
    pub exact: u32,
    /// The key without a final ا or ه (هجوما → هجوم).
    pub variant: u32,
    /// The key without a final ت, read as ه (زيارتها → زياره); used only
    /// when an enclitic follows the stem.
    pub variant_t: u32,
    /// The key without a dual or oblique plural ending (ين، ان).
    pub dual: u32,
    /// The run of `form_values` holding the key's verb readings.
    pub(crate) forms: (u32, u32),
    /// The classes of `words.tsv` the key has in any row (bits of
    /// [`crate::words::Class`]).
    pub classes: u32,
    /// The gazetteer tables that know the key ([`KeyInfo::TITLE_WORD`],
    /// [`KeyInfo::NISBA`]).
    pub known: u8,
}

impl KeyInfo {
    /// A key the lexicon does not know.
    pub const NONE: KeyInfo = KeyInfo {
        exact: NO_WORD,
        variant: NO_WORD,
        variant_t: NO_WORD,
        dual: NO_WORD,
        forms: (0, 0),
        classes: 0,
        known: 0,
    };

    /// [`KeyInfo::known`]: a word of a title, an organization head or a
    /// nisba (`Gazetteer::is_title_word`).
    pub const TITLE_WORD: u8 = 1;
    /// [`KeyInfo::known`]: a nisba (`Gazetteer::nisba`).
    pub const NISBA: u8 = 1 << 1;
    /// [`KeyInfo::known`]: the key or one of its noun variants (a pronoun's
    /// ت, tanwin's ا, a dual ending) is the first word of a noun trigger
    /// ([`Lexicon::nouns_starting`]).
    pub const NOUN_START: u8 = 1 << 2;
}

impl Default for KeyInfo {
    fn default() -> KeyInfo {
        KeyInfo::NONE
    }
}

/// Rows of a TSV table: (1-based line, fields), header and comments skipped.
pub(crate) fn tsv_rows(text: &str) -> impl Iterator<Item = (u32, Vec<&str>)> {
    let mut header_seen = false;
    text.lines().enumerate().filter_map(move |(i, line)| {
        if line.starts_with('#') || line.trim().is_empty() {
            return None;
        }
        if !header_seen {
            header_seen = true;
            return None;
        }
        Some((i as u32 + 1, line.split('\t').collect()))
    })
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

impl Lexicon {
    /// The built-in lexicon, built once per process.
    pub fn builtin() -> &'static Lexicon {
        &LEXICON
    }

    fn build() -> Lexicon {
        let analyzer = TextAnalyzer::new();
        let mut lx = Lexicon::default();
        for (_, f) in tsv_rows(FUNCTION_WORDS_TSV) {
            if let Some(w) = f.first() {
                lx.function_words.insert(fold(w));
            }
        }
        for (line, f) in tsv_rows(CODES_TSV) {
            if f.len() < 7 {
                lx.warnings
                    .push(format!("event_codes.tsv:{line}: {} fields", f.len()));
                continue;
            }
            let opt = |s: &str| (s != "-" && !s.is_empty()).then(|| s.to_owned());
            let idx = lx.codes.len() as u16;
            lx.code_index.insert(f[0].to_owned(), idx);
            lx.codes.push(CodeInfo {
                code: f[0].to_owned(),
                name: f[1].to_owned(),
                root: f[2].to_owned(),
                quad_class: f[3].parse().unwrap_or(0),
                goldstein: f[4].parse().unwrap_or(0.0),
                plover_event: opt(f[5]),
                plover_mode: opt(f[6]),
            });
        }
        // Lemmas: event verbs first (their spelling wins), then the rest.
        for (_, f) in tsv_rows(VERBS_TSV) {
            if f.len() >= 3 {
                lx.add_lemma(f[1], f[2]);
            }
        }
        for &(p, i) in EXTRA_LEMMAS {
            lx.add_lemma(p, i);
        }
        for (_, f) in tsv_rows(LEXICON_VERBS_TSV) {
            if f.len() >= 2 {
                lx.add_lemma(f[0], f[1]);
            }
        }
        let mut ph = |s: &str| phrase(&analyzer, s);
        for (line, f) in tsv_rows(VERBS_TSV) {
            if f.len() < 8 {
                lx.warnings
                    .push(format!("verbs.tsv:{line}: {} fields", f.len()));
                continue;
            }
            let Some(&code) = lx.code_index.get(f[0]) else {
                lx.warnings
                    .push(format!("verbs.tsv:{line}: unknown code {}", f[0]));
                continue;
            };
            let lemma = lx.lemma_by_perfect[&fold(f[1])];
            let row = VerbRow {
                code,
                lemma,
                slots: slots(f[3], &mut ph),
                obj: obj(f[4], &mut ph),
                intent: f[5] == "intent",
                tags: tags(f[7], &mut ph),
                line,
                obj_firsts: Vec::new(),
                requires_firsts: Vec::new(),
            };
            let idx = lx.verbs.len() as u32;
            lx.lemmas[lemma as usize].rows.push(idx);
            lx.verbs.push(row);
        }
        for (line, f) in tsv_rows(NOUNS_TSV) {
            if f.len() < 7 {
                lx.warnings
                    .push(format!("nouns.tsv:{line}: {} fields", f.len()));
                continue;
            }
            let Some(&code) = lx.code_index.get(f[0]) else {
                lx.warnings
                    .push(format!("nouns.tsv:{line}: unknown code {}", f[0]));
                continue;
            };
            let words = ph(f[1]);
            if words.is_empty() {
                continue;
            }
            let mut support = Vec::new();
            if f[4] != "-" {
                for s in f[4].split('|') {
                    let mut it = s.split_whitespace();
                    let Some(v) = it.next() else { continue };
                    let rest: Vec<&str> = it.collect();
                    match lx.lemma_by_perfect.get(&fold(v)) {
                        Some(&l) => {
                            let prep =
                                (!rest.is_empty()).then(|| prep_phrase(&rest.join(" "), &mut ph));
                            support.push((l, prep));
                        }
                        None => lx
                            .warnings
                            .push(format!("nouns.tsv:{line}: unknown support verb {v}")),
                    }
                }
            }
            let row = NounRow {
                code,
                words,
                source: slots(f[2], &mut ph),
                target: slots(f[3], &mut ph),
                support,
                tags: tags(f[6], &mut ph),
                line,
            };
            let idx = lx.nouns.len() as u32;
            let first = row.words[0].key.clone();
            lx.noun_first.entry(first).or_default().push(idx);
            lx.nouns.push(row);
        }
        lx.intern_words();
        lx.index_keys();
        lx
    }

    /// Builds `key_info`: every verb form, every dictionary word, and every
    /// key whose variant (a final ا، ه or ت, a dual ending) is a dictionary
    /// word.
    fn index_keys(&mut self) {
        // Every verb form, with its readings (a form's ids are set below if
        // it is a dictionary word or a variant of one: no other key has
        // any).
        let mut infos: FxMap<String, KeyInfo> = FxMap::default();
        let mut values = Vec::new();
        for (key, f) in std::mem::take(&mut self.forms) {
            let start = values.len() as u32;
            values.extend_from_slice(&f);
            let forms = (start, values.len() as u32);
            infos.insert(
                key,
                KeyInfo {
                    forms,
                    ..KeyInfo::NONE
                },
            );
        }
        let id = |k: Option<&str>| k.and_then(|k| self.word_ids.get(k)).copied();
        for w in self.word_ids.keys() {
            let mut keys = vec![w.clone()];
            for suffix in ["ا", "ه", "ين", "ان"] {
                keys.push(format!("{w}{suffix}"));
            }
            if let Some(stem) = w.strip_suffix('ه') {
                keys.push(format!("{stem}ت"));
            }
            for key in keys {
                let info = KeyInfo {
                    exact: id(Some(&key)).unwrap_or(NO_WORD),
                    variant: id(key.strip_suffix(['ا', 'ه'])).unwrap_or(NO_WORD),
                    variant_t: id(key.strip_suffix('ت').map(|s| format!("{s}ه")).as_deref())
                        .unwrap_or(NO_WORD),
                    dual: id(key.strip_suffix("ين").or_else(|| key.strip_suffix("ان")))
                        .unwrap_or(NO_WORD),
                    ..KeyInfo::NONE
                };
                let e = infos.entry(key).or_insert(KeyInfo::NONE);
                *e = KeyInfo {
                    forms: e.forms,
                    ..info
                };
            }
        }
        // What the word classes and the gazetteer know of a key, so that
        // the coder asks them only about the keys they know.
        for (key, classes) in Words::get().key_classes() {
            infos.entry(key.to_owned()).or_insert(KeyInfo::NONE).classes |= classes;
        }
        // The keys whose noun variants (the coder's noun_variants, undone
        // here) reach the first word of a noun row. A coder test checks
        // that every inflected first word passes.
        for first in self.noun_first.keys() {
            let mut keys = vec![first.clone(), format!("{first}ا")];
            if first.chars().count() >= 3 {
                keys.extend([format!("{first}ين"), format!("{first}ان")]);
            }
            if let Some(stem) = first.strip_suffix('ه') {
                keys.push(format!("{stem}ت"));
                if first.chars().count() >= 3 {
                    keys.extend([format!("{stem}تين"), format!("{stem}تان")]);
                }
            }
            for key in keys {
                infos.entry(key).or_insert(KeyInfo::NONE).known |= KeyInfo::NOUN_START;
            }
        }
        let g = Gazetteer::get();
        for key in g.title_word_keys() {
            infos.entry(key.to_owned()).or_insert(KeyInfo::NONE).known |= KeyInfo::TITLE_WORD;
        }
        for key in g.nisba_keys() {
            infos.entry(key.to_owned()).or_insert(KeyInfo::NONE).known |= KeyInfo::NISBA;
        }
        infos.retain(|_, info| *info != KeyInfo::NONE);
        self.key_info = KeyTable::new(infos);
        self.form_values = values;
    }

    /// What `key` finds in the lexicon ([`KeyInfo::NONE`] when nothing).
    #[inline]
    pub fn key_info(&self, key: &str) -> KeyInfo {
        self.key_info.get(key)
    }

    /// [`Lexicon::key_info`] of the keys of `n` tokens (`key(i)` for token
    /// i), into `out`. The table is larger than the processor's cache: each
    /// key's slot is asked for first, all together, then read.
    pub fn key_infos<'k>(&self, n: usize, key: impl Fn(usize) -> &'k str, out: &mut Vec<KeyInfo>) {
        let starts: Vec<usize> = (0..n).map(|i| self.key_info.prefetch(key(i))).collect();
        out.extend(
            starts
                .iter()
                .enumerate()
                .map(|(i, &s)| self.key_info.get_at(key(i), s)),
        );
    }

    /// The verb readings of a key's [`KeyInfo`].
    #[inline]
    pub fn forms_of(&self, info: &KeyInfo) -> &[(u32, Aspect)] {
        &self.form_values[info.forms.0 as usize..info.forms.1 as usize]
    }

    /// Gives every dictionary word an id, so that matching a token against
    /// a word is an integer comparison.
    fn intern_words(&mut self) {
        let mut ids = std::mem::take(&mut self.word_ids);
        let mut intern = |w: &mut Word| {
            if !w.key.is_empty() {
                let n = ids.len() as u32;
                w.id = *ids.entry(w.key.clone()).or_insert(n);
            }
        };
        let mut phrase = |p: &mut Phrase| p.iter_mut().for_each(&mut intern);
        let slots = |v: &mut Vec<Slot>, phrase: &mut dyn FnMut(&mut Phrase)| {
            for s in v.iter_mut() {
                if let Slot::Prep(p) = s {
                    phrase(p);
                }
            }
        };
        for r in &mut self.verbs {
            slots(&mut r.slots, &mut phrase);
            match &mut r.obj {
                Obj::Any => {}
                Obj::Words(list) => list.iter_mut().for_each(&mut phrase),
                Obj::Prep(preps, list) => {
                    preps.iter_mut().for_each(&mut phrase);
                    if let Some(l) = list {
                        l.iter_mut().for_each(&mut phrase);
                    }
                }
            }
            r.tags.requires.iter_mut().for_each(&mut phrase);
            r.tags.subject.iter_mut().for_each(&mut phrase);
            r.tags.excludes.iter_mut().for_each(&mut phrase);
        }
        for r in &mut self.nouns {
            phrase(&mut r.words);
            slots(&mut r.source, &mut phrase);
            slots(&mut r.target, &mut phrase);
            for (_, p) in r.support.iter_mut() {
                if let Some(p) = p {
                    phrase(p);
                }
            }
            r.tags.requires.iter_mut().for_each(&mut phrase);
            r.tags.subject.iter_mut().for_each(&mut phrase);
            r.tags.excludes.iter_mut().for_each(&mut phrase);
        }
        self.word_ids = ids;
        let firsts = |list: &[Phrase]| -> Vec<u32> {
            list.iter()
                .filter_map(|p| p.first())
                .map(|w| w.id)
                .collect()
        };
        for r in &mut self.verbs {
            r.obj_firsts = match &r.obj {
                Obj::Words(list) | Obj::Prep(_, Some(list)) => firsts(list),
                _ => Vec::new(),
            };
            r.requires_firsts = firsts(&r.tags.requires);
        }
    }

    /// Number of dictionary words (their ids are `0..n_words()`).
    pub fn n_words(&self) -> usize {
        self.word_ids.len()
    }

    /// The id of a dictionary word key, if it is one.
    #[inline]
    pub fn word_id(&self, key: &str) -> Option<u32> {
        self.word_ids.get(key).copied()
    }

    fn add_lemma(&mut self, perfect: &str, imperfect: &str) -> u32 {
        let key = fold(perfect);
        if let Some(&l) = self.lemma_by_perfect.get(&key) {
            return l;
        }
        let l = self.lemmas.len() as u32;
        self.lemma_by_perfect.insert(key, l);
        self.lemmas.push(Lemma {
            perfect: perfect.to_owned(),
            imperfect: imperfect.to_owned(),
            rows: Vec::new(),
        });
        for (form, aspect) in verb_forms(perfect, imperfect) {
            if self.function_words.contains(&form) {
                continue;
            }
            let v = self.forms.entry(form).or_default();
            if !v.contains(&(l, aspect)) {
                v.push((l, aspect));
            }
        }
        l
    }

    /// The lemmas (with aspect) that `key` is a form of.
    #[inline]
    pub fn verb_forms(&self, key: &str) -> &[(u32, Aspect)] {
        self.forms_of(&self.key_info(key))
    }

    /// The lemma whose perfect is `perfect` (any spelling of hamza).
    pub fn lemma(&self, perfect: &str) -> Option<u32> {
        self.lemma_by_perfect.get(&fold(perfect)).copied()
    }

    /// Noun rows whose first word has the key `key`.
    #[inline]
    pub fn nouns_starting(&self, key: &str) -> &[u32] {
        self.noun_first.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// True when `key` is a function word (never a trigger or a verb).
    pub fn is_function_word(&self, key: &str) -> bool {
        self.function_words.contains(key)
    }

    /// The facts of `code`.
    pub fn code(&self, code: &str) -> Option<&CodeInfo> {
        self.code_index.get(code).map(|&i| &self.codes[i as usize])
    }

    /// The index of `code`.
    pub fn code_index(&self, code: &str) -> Option<u16> {
        self.code_index.get(code).copied()
    }
}

/// Keys of a dictionary phrase, segmented like news text.
pub(crate) fn phrase(analyzer: &TextAnalyzer, s: &str) -> Phrase {
    let a = analyzer.analyze(s);
    let k = Keys::new(s, &a);
    (0..k.len())
        .filter(|&i| !k.is_punct(i))
        .map(|i| Word {
            key: k.key(i).to_owned(),
            flags: k.flags(i) & (BI | LI | KA),
            id: NO_WORD,
        })
        .filter(|w| !w.key.is_empty())
        .collect()
}

/// A preposition or fixed phrase; a bare proclitic preposition (ب ل ك) is
/// a word with an empty key and the flag, matched on the next word.
fn prep_phrase(p: &str, ph: &mut impl FnMut(&str) -> Phrase) -> Phrase {
    let flag = match p {
        "ب" => BI,
        "ل" => LI,
        "ك" => KA,
        _ => return ph(p),
    };
    vec![Word {
        key: String::new(),
        flags: flag,
        id: NO_WORD,
    }]
}

fn slots(field: &str, ph: &mut impl FnMut(&str) -> Phrase) -> Vec<Slot> {
    field
        .split('|')
        .map(|s| match s.trim() {
            "-" => Slot::Direct,
            "none" => Slot::NoSlot,
            "genitive" => Slot::Genitive,
            "بين" => Slot::Between,
            p => Slot::Prep(prep_phrase(p, ph)),
        })
        .collect()
}

fn obj(field: &str, ph: &mut impl FnMut(&str) -> Phrase) -> Obj {
    if field == "-" {
        return Obj::Any;
    }
    if let Some((p, words)) = field.split_once(':') {
        let prep: Vec<Phrase> = p.split('|').map(|p| prep_phrase(p, ph)).collect();
        if words == "*" {
            return Obj::Prep(prep, None);
        }
        return Obj::Prep(prep, Some(words.split('|').map(&mut *ph).collect()));
    }
    Obj::Words(field.split('|').map(ph).filter(|p| !p.is_empty()).collect())
}

fn tags(note: &str, ph: &mut impl FnMut(&str) -> Phrase) -> Tags {
    let mut t = Tags {
        inverse: note.contains("[inverse]"),
        with_support: note.contains("[with_support]"),
        ..Tags::default()
    };
    for (name, out) in [
        ("[requires:", &mut t.requires),
        ("[subject:", &mut t.subject),
        ("[excludes:", &mut t.excludes),
    ] {
        if let Some(start) = note.find(name) {
            let rest = &note[start + name.len()..];
            let body = rest.split(']').next().unwrap_or("");
            out.extend(body.split('|').map(&mut *ph).filter(|p| !p.is_empty()));
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_row() {
        let lx = Lexicon::builtin();
        assert!(lx.warnings.is_empty(), "{:#?}", lx.warnings);
        assert!(lx.verbs.len() >= 1300, "{} verb rows", lx.verbs.len());
        assert!(lx.nouns.len() >= 950, "{} noun rows", lx.nouns.len());
        assert!(lx.codes.len() >= 300);
        let c = lx.code("042").unwrap();
        assert_eq!((c.root.as_str(), c.quad_class), ("04", 1));
        assert_eq!(c.plover_event.as_deref(), Some("CONSULT"));
    }

    fn codes_of_verb(key: &str) -> Vec<String> {
        let lx = Lexicon::builtin();
        let mut v: Vec<String> = lx
            .verb_forms(key)
            .iter()
            .flat_map(|&(l, _)| lx.lemmas[l as usize].rows.iter())
            .map(|&r| lx.codes[lx.verbs[r as usize].code as usize].code.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn inflected_verbs_find_their_rows() {
        for form in ["زار", "زارت", "زاروا", "يزور", "تزور", "يزورون"] {
            assert!(codes_of_verb(form).contains(&"042".to_owned()), "{form}");
        }
        for form in ["التقي", "التقت", "التقوا", "يلتقي", "يلتقيان"] {
            assert!(codes_of_verb(form).contains(&"040".to_owned()), "{form}");
        }
        for form in ["اعتقل", "اعتقلت", "يعتقلون"] {
            assert!(codes_of_verb(form).contains(&"173".to_owned()), "{form}");
        }
        assert!(codes_of_verb("استقبل").contains(&"043".to_owned()));
        // Function words are never verbs.
        assert!(Lexicon::builtin().verb_forms("من").is_empty());
        assert!(Lexicon::builtin().verb_forms("الي").is_empty());
    }

    #[test]
    fn nouns_are_keyed_like_text() {
        let lx = Lexicon::builtin();
        let rows = lx.nouns_starting("زياره");
        assert!(rows
            .iter()
            .any(|&r| lx.codes[lx.nouns[r as usize].code as usize].code == "042"));
        let ceasefire = lx.nouns_starting("وقف");
        assert!(ceasefire.iter().any(|&r| lx.nouns[r as usize]
            .words
            .iter()
            .map(|w| w.key.as_str())
            .eq(["وقف", "اطلاق", "نار"])));
        // Support verbs are known lemmas.
        let visit = lx
            .nouns
            .iter()
            .find(|n| n.words.len() == 1 && n.words[0].key == "زياره")
            .unwrap();
        assert!(visit
            .support
            .iter()
            .any(|(l, p)| lx.lemmas[*l as usize].perfect == "قام"
                && p.as_ref().is_some_and(|p| p[0].flags == BI)));
    }

    #[test]
    fn slots_objects_and_tags_parse() {
        let lx = Lexicon::builtin();
        let meet = lx
            .verbs
            .iter()
            .find(|r| lx.lemmas[r.lemma as usize].perfect == "التقى")
            .unwrap();
        assert_eq!(meet.slots[2], Slot::Direct);
        assert!(matches!(&meet.slots[0], Slot::Prep(p) if p[0].flags == BI));
        assert!(matches!(&meet.slots[1], Slot::Prep(p) if p[0].key == "مع"));
        let appeal = lx
            .verbs
            .iter()
            .find(|r| lx.lemmas[r.lemma as usize].perfect == "دعا" && r.obj.level() == 1)
            .unwrap();
        assert!(matches!(&appeal.obj, Obj::Prep(p, None) if p.len() == 2 && p[1][0].flags == LI));
        let travel = lx
            .verbs
            .iter()
            .find(|r| {
                lx.lemmas[r.lemma as usize].perfect == "توجه"
                    && lx.codes[r.code as usize].code == "042"
            })
            .unwrap();
        assert!(!travel.tags.requires.is_empty());
        let shoot = lx
            .verbs
            .iter()
            .find(|r| !r.tags.subject.is_empty())
            .unwrap();
        assert!(shoot.tags.subject.iter().all(|p| !p.is_empty()));
        assert!(lx.verbs.iter().any(|r| r.tags.inverse));
        assert!(lx.verbs.iter().any(|r| matches!(r.obj, Obj::Prep(_, None))));
    }
}
