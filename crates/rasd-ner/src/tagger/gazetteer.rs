//! Name lists the features read: which token sequences of a sentence are a
//! known place, organisation, person, first name, nisba, title or
//! organisation head.
//!
//! The lists are the repository's TSV tables, embedded at compile time and
//! parsed once. Every name is search-normalized and split into words; a
//! sequence is keyed by a rolling hash of its words, and every proper prefix
//! is marked, so that matching from a token stops as soon as no entry can
//! continue.

use std::collections::HashMap;
use std::sync::LazyLock;

use rasd_text::normalize::Normalizer;

use super::features::{combine, hash_str, NoHashBuilder};

/// The classes of names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Class {
    /// Countries, capitals, cities, regions, parts of the world, seas.
    Loc = 0,
    /// International organisations, groups, state organs.
    Org = 1,
    /// Known people (full names and the short forms news use).
    Pers = 2,
    /// First names (`pos=name` rows of the noun lexicon).
    Name = 3,
    /// Nisba adjectives (المصري، الليبيون…).
    Nisba = 4,
    /// Titles and roles that precede names (الرئيس، وزير، المشير…).
    Title = 5,
    /// Organisation heads (وزارة، الحكومة، جيش…).
    OrgType = 6,
    /// Other names: competitions, agreements, products, works.
    Misc = 7,
}

/// Number of classes.
pub(crate) const CLASSES: usize = 8;

/// Position of a token in a match, for the per-token bits.
pub(crate) const POS_UNIT: u32 = 0;
pub(crate) const POS_BEGIN: u32 = 1;
pub(crate) const POS_INSIDE: u32 = 2;
pub(crate) const POS_END: u32 = 3;

/// The bit of class `c` at position `pos` in a token's match bits.
#[inline]
pub(crate) fn bit(c: Class, pos: u32) -> u32 {
    1 << (c as u32 * 4 + pos)
}

/// Set on an entry that is a proper prefix of a longer one.
const PREFIX: u16 = 1 << 15;

const SEED: u64 = 0x6761_7a65_7474_6565;

/// The tables, compiled in.
static TABLES: &[(Class, &str, &[&str])] = &[
    (
        Class::Loc,
        include_str!("../../../../data/gazetteer/countries.tsv"),
        &["arabic", "variants", "capital_arabic"],
    ),
    (
        Class::Loc,
        include_str!("../../../../data/gazetteer/cities.tsv"),
        &["arabic", "variants"],
    ),
    (
        Class::Loc,
        include_str!("../../../../data/gazetteer/regions.tsv"),
        &["arabic", "variants"],
    ),
    (
        Class::Org,
        include_str!("../../../../data/gazetteer/igos.tsv"),
        &["arabic", "variants"],
    ),
    (
        Class::Pers,
        include_str!("../../../../data/actors/actors.tsv"),
        &["arabic", "variants"],
    ),
    (
        Class::Nisba,
        include_str!("../../../../data/gazetteer/nisba.tsv"),
        &["form"],
    ),
    (
        Class::Title,
        include_str!("../../../../data/ner/titles.tsv"),
        &["arabic", "variants"],
    ),
    (
        Class::OrgType,
        include_str!("../../../../data/ner/org_types.tsv"),
        &["arabic", "variants"],
    ),
    (
        Class::Org,
        include_str!("../../../../data/ner/organizations.tsv"),
        &["name", "variants"],
    ),
    (
        Class::Misc,
        include_str!("../../../../data/ner/misc_names.tsv"),
        &["name", "variants"],
    ),
];

/// Person names: full names of people, and given and family names.
static PERSON_NAMES: &str = include_str!("../../../../data/ner/person_names.tsv");

/// The noun lexicon; its `pos=name` rows are first names.
static NOUNS: &str = include_str!("../../../../data/lexicon/nouns.tsv");

/// The gazetteer.
pub(crate) struct Gazetteer {
    entries: HashMap<u64, u16, NoHashBuilder>,
    max_words: usize,
}

static BUILTIN: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::builtin);

impl Gazetteer {
    /// The gazetteer of the embedded tables, built once.
    pub(crate) fn get() -> &'static Gazetteer {
        &BUILTIN
    }

    fn builtin() -> Gazetteer {
        let mut g = Gazetteer {
            entries: HashMap::default(),
            max_words: 0,
        };
        let norm = Normalizer::search();
        for (class, text, columns) in TABLES {
            for_each_cell(text, columns, None, |name| g.add(&norm.key(name), *class));
        }
        for_each_cell(NOUNS, &["word"], Some(("pos", "name")), |name| {
            g.add(&norm.key(name), Class::Name)
        });
        for_each_cell(
            PERSON_NAMES,
            &["name", "variants"],
            Some(("part", "full")),
            |name| g.add(&norm.key(name), Class::Pers),
        );
        for part in ["given", "family"] {
            for_each_cell(
                PERSON_NAMES,
                &["name", "variants"],
                Some(("part", part)),
                |name| g.add(&norm.key(name), Class::Name),
            );
        }
        g
    }

    /// Adds one name (already normalized).
    fn add(&mut self, name: &str, class: Class) {
        let mut h = SEED;
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.is_empty() {
            return;
        }
        for (k, w) in words.iter().enumerate() {
            h = combine(h, hash_str(w));
            let e = self.entries.entry(h).or_default();
            if k + 1 < words.len() {
                *e |= PREFIX;
            } else {
                *e |= 1 << class as u16;
            }
        }
        self.max_words = self.max_words.max(words.len());
    }

    /// Sets, for each token, the bits of the matches covering it. `keys[i]`
    /// holds the hash of token i's normalized form and of the form without
    /// its conjunction or preposition (a match may start on either; later
    /// words must match whole).
    pub(crate) fn match_bits(&self, keys: &[(u64, u64)], bits: &mut [u32]) {
        debug_assert_eq!(keys.len(), bits.len());
        for start in 0..keys.len() {
            let (full, bare) = keys[start];
            self.match_from(keys, start, full, bits);
            if bare != full {
                self.match_from(keys, start, bare, bits);
            }
        }
    }

    fn match_from(&self, keys: &[(u64, u64)], start: usize, first: u64, bits: &mut [u32]) {
        let mut h = combine(SEED, first);
        let mut end = start;
        loop {
            let Some(&e) = self.entries.get(&h) else {
                return;
            };
            end += 1;
            let classes = e & !PREFIX;
            if classes != 0 {
                for c in 0..CLASSES {
                    if classes & (1 << c) == 0 {
                        continue;
                    }
                    let shift = c as u32 * 4;
                    if end - start == 1 {
                        bits[start] |= 1 << (shift + POS_UNIT);
                    } else {
                        bits[start] |= 1 << (shift + POS_BEGIN);
                        for b in &mut bits[start + 1..end - 1] {
                            *b |= 1 << (shift + POS_INSIDE);
                        }
                        bits[end - 1] |= 1 << (shift + POS_END);
                    }
                }
            }
            if e & PREFIX == 0 || end >= keys.len() || end - start >= self.max_words {
                return;
            }
            h = combine(h, keys[end].0);
        }
    }
}

/// Calls `f` on every name in the given columns of a TSV table (`|`-separated
/// lists, `-` for none), optionally only rows whose column `filter.0` equals
/// `filter.1`. Comment lines start with `#`; the first other line is the
/// header.
fn for_each_cell(
    text: &str,
    columns: &[&str],
    filter: Option<(&str, &str)>,
    mut f: impl FnMut(&str),
) {
    let mut rows = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let Some(header) = rows.next() else { return };
    let header: Vec<&str> = header.split('\t').map(str::trim).collect();
    let col = |n: &str| header.iter().position(|h| *h == n);
    let wanted: Vec<usize> = columns.iter().filter_map(|c| col(c)).collect();
    let filter = filter.and_then(|(c, v)| col(c).map(|i| (i, v)));
    for row in rows {
        let cells: Vec<&str> = row.split('\t').map(str::trim).collect();
        if let Some((i, v)) = filter {
            if cells.get(i) != Some(&v) {
                continue;
            }
        }
        for &i in &wanted {
            let Some(cell) = cells.get(i) else { continue };
            for name in cell.split('|').map(str::trim) {
                if !name.is_empty() && name != "-" {
                    f(name);
                }
            }
        }
    }
}
