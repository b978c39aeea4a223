//! Entities of a document: mentions from the tagger and the gazetteers,
//! titles and roles attached to people, organizations composed from a head
//! and a nisba, in-document linking of mentions into actors, and for each
//! actor a canonical form, a Latin name, a CAMEO actor code and a country.
//!
//! The Latin name comes from the first of: the actor dictionary and the
//! gazetteer (a whole name they know); an organization composed from a head
//! and a country word alone ("Government (Yemen)"); the tagger's name lists
//! (`data/ner/`, a mention that is exactly a listed name: رويترز → Reuters);
//! for a person, the name-part list (خالد الفيصل → Khaled al-Faisal, see
//! [`Tables::person_latin`]); else a transliteration.
//!
//! ```
//! use rasd_ner::entities::{EntityRecognizer, EntityType};
//! use rasd_text::TextAnalyzer;
//!
//! let text = "التقى وزير الدفاع الروسى سيرجى شويجو المشير خليفة حفتر فى موسكو. وقال شويجو إن اللقاء مثمر.";
//! let a = TextAnalyzer::new().analyze(text);
//! let entities = EntityRecognizer::new().recognize(text, &a, Some("2016-11-28"));
//! let shoigu = entities.iter().find(|e| e.latin.as_deref() == Some("Sergei Shoigu")).unwrap();
//! assert_eq!(shoigu.ty, EntityType::Pers);
//! assert_eq!(shoigu.country.as_deref(), Some("RUS"));
//! assert_eq!(shoigu.mentions.len(), 2);
//! ```

use std::ops::Range;

use rustc_hash::FxHashMap;

use rasd_text::segment::SegKind;
use rasd_text::tokenize::TokenKind;
use rasd_text::{Analysis, Span};

use crate::tables::{hamza_differs, spelling, word_key, word_key_with, Named, Tables};
pub use crate::tagger::EntityType;
use crate::tagger::{entities as label_entities, Tagger};
use crate::translit::transliterate;

/// Longest mention kept from the tagger, in tokens.
const MAX_MENTION_TOKENS: usize = 12;

/// One mention of an entity in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte span in the original text (proclitics such as و ب ل excluded,
    /// but not a place's own first letter read as one: لحج).
    pub span: Span,
    /// Token range in the analysis.
    pub tokens: Range<usize>,
}

/// A place's gazetteer facts.
#[derive(Clone, Debug, PartialEq)]
pub struct Geo {
    /// English name.
    pub latin: String,
    /// ISO3 country; none for a part of the world or a body of water
    /// (الشرق الأوسط، البحر الأحمر).
    pub country: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// An actor of the document: all its mentions, joined.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// `e1`, `e2`… in order of first mention.
    pub id: String,
    /// PERS, LOC, ORG or MISC.
    pub ty: EntityType,
    /// The text of the first mention.
    pub text: String,
    /// The fullest form of the name in the document.
    pub canonical: String,
    /// Latin name: from the dictionaries and name lists, else a
    /// transliteration (see the module documentation).
    pub latin: Option<String>,
    /// CAMEO actor code (RUSGOV, LBYMIL, IGOUNO…).
    pub actor: Option<String>,
    /// ISO3 country.
    pub country: Option<String>,
    /// Titles and roles before the name (المشير، وزير الدفاع الروسى).
    pub titles: Vec<String>,
    /// The role keyword of the first political or military title.
    pub role: Option<String>,
    /// Gazetteer facts for places.
    pub geo: Option<Geo>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// Finds and links the entities of a document. Immutable, `Send + Sync`.
#[derive(Debug, Clone, Copy)]
pub struct EntityRecognizer {
    tagger: &'static Tagger,
    tables: &'static Tables,
}

impl Default for EntityRecognizer {
    fn default() -> Self {
        EntityRecognizer::new()
    }
}

/// The entity type of what the tables name.
fn named_type(n: Named) -> EntityType {
    match n {
        Named::Place(_) => EntityType::Loc,
        Named::Organization(_) => EntityType::Org,
        Named::Person(_) => EntityType::Pers,
    }
}

/// What a candidate mention refers to in the tables, if anything.
#[derive(Clone, Debug)]
struct Candidate {
    ty: EntityType,
    tokens: Range<usize>,
    named: Option<Named>,
    /// `named` is a place inside an organization's name (ريال مدريد,
    /// جامعة القاهرة): it gives the organization a country, not its
    /// Latin name or coordinates.
    partial: bool,
    /// Actor code composed from an organization head and a country.
    composed: Option<Composed>,
}

impl Candidate {
    /// A mention of type `ty` over `tokens`, naming `named` whole.
    fn new(ty: EntityType, tokens: Range<usize>, named: Option<Named>) -> Candidate {
        Candidate {
            ty,
            tokens,
            named,
            partial: false,
            composed: None,
        }
    }
}

/// An organization composed from a head and a country (الحكومة اليمنية).
#[derive(Clone, Debug)]
struct Composed {
    /// CAMEO actor code: the country's and the head's type (YEMGOV).
    code: String,
    /// ISO3 of the country.
    iso3: String,
    /// "Government (Yemen)", when the mention is the head and the country
    /// word alone.
    latin: Option<String>,
}

/// A title chain before a person.
#[derive(Clone, Debug, Default)]
struct Titles {
    phrases: Vec<Range<usize>>,
    role: Option<String>,
    cameo_type: Option<String>,
    country: Option<String>,
    /// Keys of the title words, to join a later bare title.
    keys: Vec<String>,
}

impl EntityRecognizer {
    /// The recognizer with the built-in tagger model and tables.
    pub fn new() -> EntityRecognizer {
        EntityRecognizer {
            tagger: Tagger::builtin(),
            tables: Tables::get(),
        }
    }

    /// The entities of `text`, analyzed as `a`; `published` (ISO date)
    /// chooses the office an actor held at the time.
    pub fn recognize(&self, text: &str, a: &Analysis, published: Option<&str>) -> Vec<Entity> {
        let tokens = a.tokens();
        if tokens.is_empty() {
            return Vec::new();
        }
        let mut keys = TokenKeys::new(a);
        let mut cands = self.tagged(text, a, &keys);
        let whole = self.places_written_whole(a, &keys, &cands);
        if !whole.is_empty() {
            keys = TokenKeys::build(a, whole);
        }
        self.drop_months(text, a, &keys, &mut cands);
        self.gazetteer_matches(text, a, &keys, &mut cands);
        self.quoted_organizations(text, a, &keys, &mut cands);
        self.disambiguate_places(&keys, &mut cands, published);
        self.compose_organizations(a, &keys, &mut cands);
        self.family_mentions(a, &keys, &mut cands);
        cands.sort_by_key(|c| (c.tokens.start, std::cmp::Reverse(c.tokens.end)));
        self.link(text, a, &keys, cands, published)
    }

    /// Mentions from the statistical tagger. A person's span that starts
    /// with a title (the tagger's «آية الله علي السيستاني», «الملك سلمان»)
    /// starts after it: the title is the person's, found before the name
    /// when mentions are linked.
    fn tagged(&self, text: &str, a: &Analysis, keys: &TokenKeys) -> Vec<Candidate> {
        let labels = self.tagger.tag_document(a);
        let tokens = a.tokens();
        let t = self.tables;
        // A title of one word may be a name as well (مساعد، قائد، بابا):
        // it is cut only with the article and when it is not a listed given
        // or family name. A formula that follows names (رحمه الله) is never
        // cut: a name spelled like it starts the span (رحمة الله).
        let title_at = |i: usize, end: usize| {
            // The name keeps a word at least.
            self.title_starting(a, keys, i, end - 1)
                .filter(|&(len, title)| {
                    !t.titles[title as usize].after_name
                        && (len > 1
                            || (has_article(a, i)
                                && !t.given_only_names.contains(&keys[i])
                                && !t.family_names.contains(&keys[i])))
                })
                .map(|(len, _)| len)
        };
        label_entities(&labels)
            .into_iter()
            // Names are short, and in Latin script they are capitalized: a
            // long run, or lower-case Latin filler, is not an entity.
            .filter(|e| {
                e.tokens.len() <= MAX_MENTION_TOKENS
                    && e.tokens.clone().any(|i| {
                        let t = &tokens[i];
                        t.kind != TokenKind::Latin
                            || t.span.slice(text).starts_with(char::is_uppercase)
                    })
            })
            .map(|mut e| {
                while e.ty == EntityType::Pers {
                    let Some(len) = title_at(e.tokens.start, e.tokens.end) else {
                        break;
                    };
                    e.tokens.start += len;
                }
                e
            })
            .map(|e| Candidate::new(e.ty, e.tokens, None))
            .collect()
    }

    /// Tokens the tagger starts a place with where the segmenter split a
    /// preposition off the place's own first letter: لحج is Lahij, not ل +
    /// حج "pilgrimage", بعقوبة Baqubah, not ب + عقوبة. The word from the
    /// preposition on is a place of the tables and the word after it is
    /// not. Out of such a context the segmenter's reading stands (لحج
    /// هذا العام "for this year's pilgrimage").
    fn places_written_whole(
        &self,
        a: &Analysis,
        keys: &TokenKeys,
        cands: &[Candidate],
    ) -> Vec<usize> {
        let is_place = |key: &str| {
            self.tables
                .names
                .get(key)
                .is_some_and(|v| v.iter().any(|n| matches!(n, Named::Place(_))))
        };
        let mut whole: Vec<usize> = cands
            .iter()
            .filter(|c| c.ty == EntityType::Loc)
            .map(|c| c.tokens.start)
            .filter(|&i| {
                !is_place(&keys[i])
                    && word_from_preposition(a, i).is_some_and(|w| is_place(&word_key(&w)))
            })
            .collect();
        whole.sort_unstable();
        whole.dedup();
        whole
    }

    /// A month name the tagger took for a name (نيسان "April" is also the
    /// car maker) is no mention where it is written as a date: inside
    /// parentheses («أبريل (نيسان)»), next to a number («15 نيسان 2016»),
    /// after شهر, or before الماضي، المقبل، القادم، الجاري.
    fn drop_months(&self, text: &str, a: &Analysis, keys: &TokenKeys, cands: &mut Vec<Candidate>) {
        let tokens = a.tokens();
        let t = self.tables;
        let is = |i: Option<usize>, s: &str| {
            i.and_then(|i| tokens.get(i))
                .is_some_and(|tok| tok.span.slice(text) == s)
        };
        let number = |i: Option<usize>| {
            i.and_then(|i| tokens.get(i))
                .is_some_and(|tok| tok.kind == TokenKind::Number)
        };
        let key_is = |i: Option<usize>, ks: &[&str]| {
            i.filter(|&i| i < keys.len())
                .is_some_and(|i| ks.contains(&&keys[i]))
        };
        cands.retain(|c| {
            let i = c.tokens.start;
            if c.tokens.len() != 1 || !t.months.contains(&keys[i]) {
                return true;
            }
            let (prev, next) = (i.checked_sub(1), Some(i + 1));
            let date = (is(prev, "(") && is(next, ")"))
                || number(prev)
                || number(next)
                || key_is(prev, &["شهر"])
                || key_is(next, &["ماضي", "مقبل", "قادم", "جاري"]);
            !date
        });
    }

    /// A place in quotation marks, found by the tagger or the gazetteer,
    /// that the name lists know as an organization is that organization:
    /// the press quotes the names of papers and channels («الشرق الأوسط»،
    /// «الجزيرة»), not of places.
    fn quoted_organizations(
        &self,
        text: &str,
        a: &Analysis,
        keys: &TokenKeys,
        cands: &mut [Candidate],
    ) {
        let tokens = a.tokens();
        let is = |i: usize, quotes: &[&str]| {
            tokens
                .get(i)
                .is_some_and(|t| quotes.contains(&t.span.slice(text)))
        };
        for c in cands.iter_mut().filter(|c| c.ty == EntityType::Loc) {
            let (start, end) = (c.tokens.start, c.tokens.end);
            let quoted =
                start > 0 && is(start - 1, &["«", "\"", "“"]) && is(end, &["»", "\"", "”"]);
            if quoted
                && self
                    .tables
                    .listed(keys.join(c.tokens.clone()), EntityType::Org)
                    .is_some()
            {
                c.ty = EntityType::Org;
                c.named = None;
                c.partial = false;
            }
        }
    }

    /// Longest gazetteer matches; each either names a tagged mention it
    /// coincides with or lies inside, widens a tagged mention inside a
    /// longer place name to it, or becomes a mention of its own when
    /// it is unambiguous (several words, or one word that
    /// [`Self::unambiguous_word`] admits). A one-word match that is an
    /// ordinary word by its spelling or by `data/ner/common_words.tsv`
    /// also removes the tagger's mention of that very word.
    fn gazetteer_matches(
        &self,
        text: &str,
        a: &Analysis,
        keys: &TokenKeys,
        cands: &mut Vec<Candidate>,
    ) {
        let tokens = a.tokens();
        let mut i = 0;
        while i < tokens.len() {
            if !tokens[i].kind.is_word() || keys[i].is_empty() {
                i += 1;
                continue;
            }
            // The longest name from word i: walk forward while the words
            // so far start some name.
            let mut found = None;
            for j in i..tokens.len() {
                if !tokens[j].kind.is_word() || keys[j].is_empty() {
                    break;
                }
                let len = j + 1 - i;
                let k = keys.join(i..j + 1);
                let Some(&prefix) = self.tables.name_prefixes.get(k) else {
                    break;
                };
                if prefix.is_name {
                    if let Some(v) = self.tables.names.get(k) {
                        // A country written with the article is the country,
                        // not a person of the same key (الكاميرون, not David
                        // Cameron).
                        let country = (len == 1 && has_article(a, i))
                            .then(|| {
                                v.iter().copied().find(|n| {
                                    matches!(n, Named::Place(p)
                                        if self.tables.places[*p as usize].kind == "country")
                                })
                            })
                            .flatten();
                        found = Some((len, country.unwrap_or(v[0]), v.len() == 1));
                    }
                }
                if !prefix.goes_on {
                    break;
                }
            }
            let Some((len, named, unique)) = found else {
                i += 1;
                continue;
            };
            // A name the tables only write with the article (القاعدة) is
            // the ordinary word it comes from when written without it
            // (قاعدة عسكرية "a military base", شركة سعودية "a Saudi
            // company"). Not a person's name, nor a bare name that is no
            // ordinary word (ناتو، حوثيين).
            if len == 1
                && !matches!(named, Named::Person(_))
                && !self.tables.bare_names.contains(&keys[i])
                && !has_article(a, i)
                && rasd_text::segment::Segmenter::builtin()
                    .lexicon()
                    .has_common_reading(&core_form(a, i))
            {
                i += 1;
                continue;
            }
            let range = i..i + len;
            // An ambiguous nisba with the article (المالية "the financial",
            // المالي) is an adjective, not the place its key also spells
            // (Malé, Mali).
            if len == 1 && has_article(a, i) && self.tables.nisba_ambiguous.contains(&keys[i]) {
                cands.retain(|c| !(c.tokens == range && c.ty == EntityType::Loc));
                i += 1;
                continue;
            }
            let ty = named_type(named);
            // A place or organization name of several words that the
            // tagger split into pieces of compatible types, all inside it
            // (خان | يونس): one mention. Not a person: two names may be
            // coordinated (سعود وفيصل) where a known name reads them as one.
            let mut pieces = cands.iter().filter(|c| overlaps(&c.tokens, &range));
            let split = len > 1
                && ty != EntityType::Pers
                && pieces.clone().count() > 1
                && pieces.all(|c| {
                    range.start <= c.tokens.start
                        && c.tokens.end <= range.end
                        && c.named.is_none()
                        && compatible(c.ty, ty)
                });
            if split {
                cands.retain(|c| !overlaps(&c.tokens, &range));
                cands.push(Candidate::new(ty, range.clone(), Some(named)));
                i = range.end;
                continue;
            }
            let tagged = cands.iter().position(|c| overlaps(&c.tokens, &range));
            // The tagger's one word is the ordinary word when it is written
            // so (tanween, a pronoun suffix) or is one news mostly writes so.
            if let Some(t) = tagged.filter(|&t| {
                len == 1
                    && cands[t].tokens == range
                    && cands[t].ty == ty
                    && !self.unambiguous_word(text, a, i, &keys[i], named, true)
            }) {
                cands.remove(t);
                i = range.end;
                continue;
            }
            let alone = cands.iter().filter(|c| overlaps(&c.tokens, &range)).count() == 1;
            if let Some(c) = tagged.map(|t| &mut cands[t]) {
                // The tagger's boundaries win, but for a place name around
                // a place or organization the tagger found (below); the
                // match names it when it covers the same words or lies
                // inside with a compatible type. It also names a tagged
                // span it covers, of its very type (the tagger found
                // طالبان, the tables know حركة طالبان).
                let inside = c.tokens.start <= range.start && range.end <= c.tokens.end;
                let covers = range.start <= c.tokens.start && c.tokens.end <= range.end;
                if c.named.is_none()
                    && covers
                    && c.tokens != range
                    && matches!(c.ty, EntityType::Org | EntityType::Loc)
                    && ty == EntityType::Loc
                    && alone
                {
                    // A place or an organization the tagger found inside a
                    // longer place name is that place, all of it: شمال
                    // [أفريقيا]، ريف [دمشق]، قناة [السويس].
                    c.tokens = range.clone();
                    c.ty = ty;
                    c.named = Some(named);
                } else if c.named.is_none()
                    && (inside || (covers && c.ty == ty) || c.tokens == range)
                    && compatible(c.ty, ty)
                    // An organization spelled as a place that the lists
                    // know as an organization (the paper «الشرق الأوسط») is
                    // named by the lists.
                    && !(c.ty != ty
                        && c.tokens == range
                        && self.tables.listed(keys.join(range.clone()), c.ty).is_some())
                {
                    // A mention strictly inside an office's name that is a
                    // name of the tables itself is named by its own words
                    // (الأمم المتحدة inside الأمين العام للأمم المتحدة: the
                    // UN, not its Secretary-General). Inside an
                    // organization's longer name (حركة طالبان الباكستانية،
                    // فيلق القدس) the longer name stands.
                    let office = (1..range.len().min(4)).any(|n| {
                        self.tables
                            .title_keys
                            .contains_key(keys.join(range.start..range.start + n))
                    });
                    let own = (office && covers && c.tokens != range)
                        .then(|| self.tables.names.get(keys.join(c.tokens.clone())))
                        .flatten()
                        .and_then(|v| v.iter().copied().find(|&n| compatible(c.ty, named_type(n))));
                    c.named = Some(own.unwrap_or(named));
                    c.partial = own.is_none() && c.ty != ty && c.tokens != range;
                } else if c.named.is_none()
                    && c.tokens == range
                    && unique
                    && c.ty != EntityType::Pers
                {
                    // The very words the tagger found are a name the
                    // tables know as one thing only (داعش an organization,
                    // البيت الأبيض the US government): the tables' type wins
                    // over a place or miscellaneous reading. Not over a
                    // person: a short mention such as بشار or هند is also
                    // a place name.
                    c.ty = ty;
                    c.named = Some(named);
                }
            } else if len > 1 || self.unambiguous_word(text, a, i, &keys[i], named, false) {
                cands.push(Candidate::new(ty, range.clone(), Some(named)));
            }
            i = range.end;
        }
    }

    /// The family name of a person named in full, written alone elsewhere
    /// in the document, is a mention of that person: «نظام الأسد» after
    /// «بشار الأسد», «حفتر» after «خليفة حفتر». The word must be written as
    /// in the full name (with or without the article) and carry no pronoun
    /// suffix. A listed family name may be an ordinary word too (الأسد "the
    /// lion"); any other word may not (الثاني of «عبد الله الثاني», على
    /// for علي), nor may a given name (بن علي) or a nisba (السوداني). The
    /// full name is a person of the tables or ends in a listed family name:
    /// the tagger's own spans are not sure enough to spread. Words another
    /// mention covers are left alone.
    fn family_mentions(&self, a: &Analysis, keys: &TokenKeys, cands: &mut Vec<Candidate>) {
        let lexicon = rasd_text::segment::Segmenter::builtin().lexicon();
        let t = self.tables;
        let family = |i: usize| {
            let key = &keys[i];
            t.family_names.contains(key)
                || (key.chars().count() >= 3
                    && !t.given_only_names.contains(key)
                    && !t.title_keys.contains_key(key)
                    && !lexicon.has_common_reading(&core_form(a, i)))
        };
        let mut families: Vec<(&str, bool)> = Vec::new();
        for c in cands
            .iter()
            .filter(|c| c.ty == EntityType::Pers && c.tokens.len() >= 2)
        {
            let last = c.tokens.end - 1;
            let name = (&keys[last], has_article(a, last));
            let known =
                matches!(c.named, Some(Named::Person(_))) || t.family_names.contains(name.0);
            if known && !families.contains(&name) && !t.nisba.contains_key(name.0) && family(last) {
                families.push(name);
            }
        }
        if families.is_empty() {
            return;
        }
        let tokens = a.tokens();
        let mut covered = vec![false; tokens.len()];
        for c in cands.iter() {
            covered[c.tokens.clone()].fill(true);
        }
        for i in 0..tokens.len() {
            if covered[i]
                || !tokens[i].kind.is_word()
                || !families
                    .iter()
                    .any(|&(key, article)| key == &keys[i] && article == has_article(a, i))
                || a.segments(&tokens[i])
                    .iter()
                    .any(|s| s.kind == SegKind::Enclitic)
                || !family(i)
            {
                continue;
            }
            cands.push(Candidate::new(EntityType::Pers, i..i + 1, None));
        }
    }

    /// Chooses between the places a name can be (عمان: Oman, or Amman in
    /// Jordan) by the document: the reading whose country the rest of the
    /// text names most (countries, cities, nisbas, office holders) wins;
    /// without such evidence the tables' order stands (a country first).
    fn disambiguate_places(
        &self,
        keys: &TokenKeys,
        cands: &mut [Candidate],
        published: Option<&str>,
    ) {
        let t = self.tables;
        let place_countries = |v: &[Named]| -> Vec<(u32, &str)> {
            v.iter()
                .filter_map(|n| match n {
                    Named::Place(p) => Some((*p, t.places[*p as usize].iso3.as_str())),
                    _ => None,
                })
                .collect()
        };
        // The candidates whose name has readings in several countries.
        let ambiguous: Vec<(usize, Vec<(u32, &str)>)> = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.named, Some(Named::Place(_))))
            .filter_map(|(i, c)| {
                let readings = place_countries(t.names.get(keys.join(c.tokens.clone()))?);
                let several = readings.iter().any(|r| r.1 != readings[0].1);
                several.then_some((i, readings))
            })
            .collect();
        if ambiguous.is_empty() {
            return;
        }
        // What the document says about countries, word by word.
        let mut evidence: FxHashMap<&str, u32> = FxHashMap::default();
        for c in cands.iter() {
            if let Some(Named::Person(p)) = c.named {
                let iso3 = t.office_on(p, published).country.as_str();
                *evidence.entry(iso3).or_default() += 1;
            }
        }
        for k in keys.iter() {
            let country = if let Some(iso3) = t.nisba.get(k) {
                Some(iso3.as_str())
            } else {
                match t.names.get(k) {
                    Some(v) => {
                        let readings = place_countries(v);
                        match readings.first() {
                            Some(&(_, iso3)) if readings.iter().all(|r| r.1 == iso3) => Some(iso3),
                            _ => None,
                        }
                    }
                    None => None,
                }
            };
            if let Some(iso3) = country.filter(|c| !c.is_empty()) {
                *evidence.entry(iso3).or_default() += 1;
            }
        }
        for (i, readings) in ambiguous {
            let score = |iso3: &str| evidence.get(iso3).copied().unwrap_or(0);
            let mut best = readings[0];
            for &r in &readings[1..] {
                if score(r.1) > score(best.1) {
                    best = r;
                }
            }
            cands[i].named = Some(Named::Place(best.0));
        }
    }

    /// May the one-word name `named` at token `i` stand as a mention
    /// without the tagger? A person of the tables, a country and a capital
    /// may. Any other name may not when it is written with tanween (دومًا
    /// "always": names take none), when it is an ordinary word with a
    /// pronoun suffix (قراره "his decision", حوله "around it"), when its
    /// word is also an ordinary word of the segmentation lexicon (مالي
    /// "financial", فتح "opened", دورا "a role", الهاربين "the fugitives"),
    /// or, for a place, when news mostly writes it as an ordinary word
    /// (`data/ner/common_words.tsv`: العين، المدني). Then only the tagger
    /// decides. With `tagged` (the tagger found the word alone), only the
    /// written form and the list count: the tagger read the context.
    fn unambiguous_word(
        &self,
        text: &str,
        a: &Analysis,
        i: usize,
        key: &str,
        named: Named,
        tagged: bool,
    ) -> bool {
        match named {
            Named::Person(_) => return true,
            Named::Place(p)
                if matches!(
                    self.tables.places[p as usize].kind.as_str(),
                    "country" | "capital"
                ) =>
            {
                return true
            }
            _ => {}
        }
        let lexicon = rasd_text::segment::Segmenter::builtin().lexicon();
        let token = &a.tokens()[i];
        if token
            .span
            .slice(text)
            .contains(['\u{064B}', '\u{064C}', '\u{064D}'])
        {
            return false;
        }
        let segs = a.segments(token);
        let stem_common = |test: fn(&rasd_text::segment::Lexicon, &str) -> bool| {
            segs.iter()
                .any(|s| s.kind == SegKind::Stem && test(lexicon, a.form(s)))
        };
        // A name spelt like a suffixed word stays a name (أبها، سبها).
        if segs.iter().any(|s| s.kind == SegKind::Enclitic)
            && !lexicon.is_name(key)
            && stem_common(rasd_text::segment::Lexicon::has_common_reading)
        {
            return false;
        }
        let listed = matches!(named, Named::Place(_)) && self.tables.common_words.contains(key);
        if tagged {
            return !listed;
        }
        // A sound plural of an ordinary word (الهاربين "the fugitives").
        let plural = segs
            .iter()
            .any(|s| s.kind == SegKind::Suffix && matches!(a.form(s), "ين" | "ون" | "ات"));
        if plural && stem_common(rasd_text::segment::Lexicon::is_common_word) {
            return false;
        }
        // A place is also looked up as written (ة and hamzas kept: عالية,
        // آب); a body only by its key, as it is the tables' own spelling
        // (البيشمركة).
        let place = matches!(named, Named::Place(_));
        let common =
            lexicon.is_common_word(key) || (place && lexicon.is_common_word(&core_form(a, i)));
        !listed && !common
    }

    /// "وزارة الخارجية الروسية", "الجيش الليبى", "سلاح الجو الليبي": a head
    /// (one or more words) from the organization types followed, within four
    /// words and no punctuation, by a nisba or a country name.
    fn compose_organizations(&self, a: &Analysis, keys: &TokenKeys, cands: &mut Vec<Candidate>) {
        for i in 0..keys.len() {
            // The longest head at i: one word (الجيش) or several (سلاح الجو).
            let Some(&longest) = self.tables.org_type_starts.get(&keys[i]) else {
                continue;
            };
            let head = (1..=longest.min(keys.len() - i)).rev().find_map(|n| {
                let t = if n == 1 {
                    self.tables.org_type_keys.get(&keys[i])
                } else {
                    self.tables.org_type_keys.get(keys.join(i..i + n))
                };
                t.map(|&t| (t, i + n))
            });
            let Some((t, head_end)) = head else {
                continue;
            };
            // "وزير الدفاع الروسى" is a title, not the ministry; a head
            // behind a clitic (الوزير لوكالة الأنباء) is no title's genitive.
            let clitic = a
                .segments(&a.tokens()[i])
                .first()
                .is_some_and(|s| s.kind == SegKind::Proclitic && a.form(s) != "ال");
            let in_title = i > 0
                && !clitic
                && (self.tables.title_keys.contains_key(&keys[i - 1])
                    || self.tables.title_keys.contains_key(&format!(
                        "{} {}",
                        &keys[i - 1],
                        &keys[i]
                    )));
            if in_title {
                continue;
            }
            let org = &self.tables.org_types[t as usize];
            if org.cameo_type == "-" || org.cameo_type.is_empty() {
                continue;
            }
            // The window ends at the first token that is no word: a nisba
            // across a full stop or a comma (التنظيم. وقال المسؤولون
            // الأميركيون) is another phrase's.
            let end = (head_end + 4).min(keys.len());
            let end = (head_end..end).find(|&j| keys[j].is_empty()).unwrap_or(end);
            for j in head_end..end {
                let k = &keys[j];
                let Some(iso3) = self.country_of(keys, k) else {
                    continue;
                };
                let cameo = self
                    .tables
                    .cameo_country
                    .get(&iso3)
                    .cloned()
                    .unwrap_or(iso3.clone());
                let code = format!("{cameo}{}", org.cameo_type);
                let range = i..j + 1;
                // The head and the country word alone: "Government (Yemen)".
                let latin = (j == head_end).then(|| {
                    let country = self
                        .tables
                        .country_place
                        .get(&iso3)
                        .map_or(iso3.as_str(), |&p| {
                            self.tables.places[p as usize].latin.as_str()
                        });
                    format!("{} ({country})", capitalized(&org.latin))
                });
                let composed = Composed { code, iso3, latin };
                // A country name spelled as the nisba that agrees with the
                // head (وزارة الخارجية السعودية: "Saudi", not "Saudi
                // Arabia") is the organization's adjective, when it and the
                // words between follow the head as bare definite words.
                let definite = |m: usize| a.norm(&a.tokens()[m]).starts_with("ال");
                let adjective = self.tables.nisba.contains_key(k) && (head_end..=j).all(definite);
                if let Some(c) = cands.iter_mut().find(|c| overlaps(&c.tokens, &range)) {
                    if c.ty == EntityType::Org && c.composed.is_none() {
                        // The place inside names no organization (وكالة
                        // الأنباء السعودية is no "Saudi Arabia").
                        if matches!(c.named, Some(Named::Place(_))) {
                            c.named = None;
                            c.partial = false;
                        }
                        if c.tokens != range {
                            c.composed = Some(Composed {
                                latin: None,
                                ..composed
                            });
                        } else {
                            c.composed = Some(composed);
                        }
                    } else if c.ty == EntityType::Loc && c.tokens == (j..j + 1) && adjective {
                        *c = Candidate {
                            composed: Some(composed),
                            ..Candidate::new(EntityType::Org, range, None)
                        };
                    }
                } else {
                    cands.push(Candidate {
                        composed: Some(composed),
                        ..Candidate::new(EntityType::Org, range, None)
                    });
                }
                break;
            }
        }
    }

    /// Whether the document names the country `iso3` by a word that is not
    /// an ambiguous nisba: a place of it (مالي، باماكو) or one of its office
    /// holders.
    fn names_country(&self, keys: &TokenKeys, iso3: &str) -> bool {
        let t = self.tables;
        keys.iter().any(|k| {
            !t.nisba_ambiguous.contains(k)
                && t.names.get(k).is_some_and(|v| {
                    v.iter().any(|n| match *n {
                        Named::Place(p) => t.places[p as usize].iso3 == iso3,
                        Named::Person(o) => t.offices[o as usize].country == iso3,
                        Named::Organization(_) => false,
                    })
                })
        })
    }

    /// The country a word of the document `keys` names as a nisba (الروسية)
    /// or as a country name. An ambiguous nisba (المالية "financial": وزارة
    /// المالية, وزير المالية) names its country only where the document
    /// names it otherwise ([`Self::names_country`]).
    fn country_of(&self, keys: &TokenKeys, key: &str) -> Option<String> {
        self.country_in(keys, key, &self.tables.nisba_ambiguous)
    }

    /// [`Self::country_of`] for a word in a person's title: only the nisbas
    /// whose other reading also qualifies people (المستشار المالي) need the
    /// country named elsewhere; المدرب الروماني is Romanian.
    fn title_country_of(&self, keys: &TokenKeys, key: &str) -> Option<String> {
        self.country_in(keys, key, &self.tables.nisba_ambiguous_people)
    }

    fn country_in(
        &self,
        keys: &TokenKeys,
        key: &str,
        ambiguous: &rustc_hash::FxHashSet<String>,
    ) -> Option<String> {
        if let Some(iso3) = self.tables.nisba.get(key) {
            let ambiguous = ambiguous.contains(key);
            return (!ambiguous || self.names_country(keys, iso3)).then(|| iso3.clone());
        }
        match self.tables.names.get(key).and_then(|v| v.first()) {
            Some(Named::Place(p)) if self.tables.places[*p as usize].kind == "country" => {
                Some(self.tables.places[*p as usize].iso3.clone())
            }
            _ => None,
        }
    }

    /// The title chain right before token `start`.
    fn titles_before(
        &self,
        a: &Analysis,
        keys: &TokenKeys,
        in_mention: &[bool],
        start: usize,
    ) -> Titles {
        let tokens = a.tokens();
        let mut out = Titles::default();
        let mut j = start;
        let mut phrases_rev: Vec<Range<usize>> = Vec::new();
        let mut pending_end = start; // end of the current phrase (exclusive)
        while j > 0 && start - j < 10 {
            let k = j - 1;
            if !tokens[k].kind.is_word() || in_mention[k] {
                break;
            }
            if let Some(iso3) = self.title_country_of(keys, &keys[k]) {
                // An adjective agrees with its noun in definiteness: an
                // indefinite nisba after a definite word or none modifies
                // nothing before it. It is a given name the tagger left
                // out (شيخ القبائل تركي أبو نقطة: Turki, not Turkish).
                let bare = !has_article(a, k);
                if bare && (k == 0 || !tokens[k - 1].kind.is_word() || has_article(a, k - 1)) {
                    break;
                }
                out.country.get_or_insert(iso3);
                j = k;
                continue;
            }
            // The longest title ending at k.
            let title = (1..=4.min(k + 1))
                .rev()
                .find_map(|len| Some((len, self.title_at(a, keys, k + 1 - len..k + 1)?)));
            if let Some((len, t)) = title {
                let first = k + 1 - len;
                let info = &self.tables.titles[t as usize];
                // A title spelt like a common word is one only with the
                // article, right before the name or the next title, and not
                // as the complement of a noun: «مدرب الفريق التونسي» and
                // «المدير الفني للفريق» are the team's coach and manager,
                // «لفريق كوينز بارك رينجرز» a club.
                if info.homograph
                    && (k + 1 != pending_end
                        || !has_article(a, first)
                        || starts_with_clitic(a, first, "ل")
                        || first > 0
                            && tokens[first - 1].kind.is_word()
                            && !has_article(a, first - 1)
                            && rasd_text::segment::Segmenter::builtin()
                                .lexicon()
                                .is_noun_not_verb(&core_form(a, first - 1)))
                {
                    break;
                }
                phrases_rev.push(first..pending_end);
                pending_end = first;
                if info.role != "-" && !info.role.is_empty() {
                    out.role = Some(info.role.clone());
                    if info.cameo_type != "-" && !info.cameo_type.is_empty() {
                        out.cameo_type = Some(info.cameo_type.clone());
                    }
                }
                out.keys.push(keys.join(first..k + 1).to_owned());
                j = first;
                continue;
            }
            if self.tables.org_type_keys.contains_key(&keys[k]) || is_definite(a.norm(&tokens[k])) {
                // Part of a longer title: القائد العام [للقوات المسلحة] الليبية.
                j = k;
                continue;
            }
            break;
        }
        phrases_rev.reverse();
        out.phrases = phrases_rev.into_iter().filter(|r| !r.is_empty()).collect();
        out
    }

    /// The longest title of at most four words that starts at token `i`
    /// and ends by token `end` (exclusive): its length in tokens and its
    /// row.
    fn title_starting(
        &self,
        a: &Analysis,
        keys: &TokenKeys,
        i: usize,
        end: usize,
    ) -> Option<(usize, u32)> {
        (1..=4.min(end.saturating_sub(i)))
            .rev()
            .find_map(|len| Some((len, self.title_at(a, keys, i..i + len)?)))
    }

    /// The title the tokens `r` spell, if any: their keys name one, and no
    /// word writes a hamza on alef where the title writes another (أمام
    /// "in front of" is not إمام, أمر "ordered" not آمر).
    fn title_at(&self, a: &Analysis, keys: &TokenKeys, r: Range<usize>) -> Option<u32> {
        let key = keys.join(r.clone());
        let t = *self.tables.title_keys.get(key)?;
        let Some(spellings) = self.tables.title_spellings.get(key) else {
            return Some(t);
        };
        let fits = |words: &Vec<String>| {
            words.len() != r.len()
                || words
                    .iter()
                    .zip(r.clone())
                    .all(|(w, i)| !hamza_differs(&spelling(&core_form(a, i)), w))
        };
        spellings.iter().any(fits).then_some(t)
    }

    /// An apposition after a person: "خليفة حفتر، القائد العام للجيش الوطنى
    /// الليبى،": a comma, then a title and the words up to the next
    /// punctuation (at most eight), none of them part of another mention.
    fn titles_after(
        &self,
        a: &Analysis,
        text: &str,
        keys: &TokenKeys,
        in_mention: &[bool],
        end: usize,
    ) -> Titles {
        let tokens = a.tokens();
        let mut out = Titles::default();
        if end + 1 >= tokens.len() || !matches!(tokens[end].span.slice(text), "،" | ",") {
            return out;
        }
        let first = end + 1;
        let Some((len, t)) = self.title_starting(a, keys, first, tokens.len()) else {
            return out;
        };
        let info = &self.tables.titles[t as usize];
        if info.kind == "honorific" || info.homograph {
            return out;
        }
        let mut last = first + len;
        while last < tokens.len()
            && last < first + 8
            && tokens[last].kind.is_word()
            && !in_mention[last]
        {
            if let Some(iso3) = self.title_country_of(keys, &keys[last]) {
                out.country.get_or_insert(iso3);
            }
            last += 1;
        }
        if info.role != "-" && !info.role.is_empty() {
            out.role = Some(info.role.clone());
            if info.cameo_type != "-" && !info.cameo_type.is_empty() {
                out.cameo_type = Some(info.cameo_type.clone());
            }
        }
        out.keys.push(keys.join(first..first + len).to_owned());
        out.phrases.push(first..last);
        out
    }

    fn link(
        &self,
        text: &str,
        a: &Analysis,
        keys: &TokenKeys,
        cands: Vec<Candidate>,
        published: Option<&str>,
    ) -> Vec<Entity> {
        let tokens = a.tokens();
        // A "person" that is only a title (آية الله، المشير) is the title of
        // the name that follows or of a person named before.
        let cands: Vec<Candidate> = cands
            .into_iter()
            .filter(|c| {
                c.ty != EntityType::Pers
                    || c.named.is_some()
                    || !self
                        .tables
                        .title_keys
                        .contains_key(keys.join(c.tokens.clone()))
            })
            .collect();
        let mut entities: Vec<Entity> = Vec::new();
        // Per entity: its word keys (loose), its person index, its title keys.
        let mut words_of: Vec<Vec<String>> = Vec::new();
        let mut person_of: Vec<Option<u32>> = Vec::new();
        let mut title_keys_of: Vec<Vec<String>> = Vec::new();
        let mut covered = vec![false; tokens.len()];
        // Person mentions bound title chains; a place or an organization can
        // sit inside a title (القائد العام للجيش الوطنى الليبى).
        let mut in_mention = vec![false; tokens.len()];
        for c in cands.iter().filter(|c| c.ty == EntityType::Pers) {
            for t in c.tokens.clone() {
                in_mention[t] = true;
            }
        }
        let mut last_end = 0;
        for c in cands {
            if c.tokens.start < last_end {
                continue; // overlaps a mention already taken
            }
            last_end = c.tokens.end;
            for t in c.tokens.clone() {
                covered[t] = true;
            }
            let span = mention_span(a, keys, &c.tokens);
            let words: Vec<String> = c.tokens.clone().map(|i| loose(&keys[i])).collect();
            let person = match c.named {
                Some(Named::Person(p)) => Some(p),
                _ => None,
            };
            // Join an earlier entity?
            let mut target = None;
            for (e, ent) in entities.iter().enumerate() {
                if ent.ty != c.ty {
                    continue;
                }
                let same = match (person, person_of[e]) {
                    (Some(p), Some(q)) => {
                        self.tables.offices[p as usize].id == self.tables.offices[q as usize].id
                    }
                    _ => same_name(c.ty, &words, &words_of[e]),
                };
                if same {
                    target = Some(e);
                }
            }
            let titles = if c.ty == EntityType::Pers {
                // A name behind و starts a new item of a list: the
                // title before it is the previous item's (المستشار في
                // الديوان الملكي وفهد …).
                let mut t = if starts_with_conjunction(a, c.tokens.start) {
                    Titles::default()
                } else {
                    self.titles_before(a, keys, &in_mention, c.tokens.start)
                };
                let after = self.titles_after(a, text, keys, &in_mention, c.tokens.end);
                t.phrases.extend(after.phrases);
                t.keys.extend(after.keys);
                if t.role.is_none() {
                    t.role = after.role;
                    t.cameo_type = t.cameo_type.or(after.cameo_type);
                }
                t.country = t.country.or(after.country);
                t
            } else {
                Titles::default()
            };
            for r in &titles.phrases {
                for t in r.clone() {
                    covered[t] = true;
                }
            }
            let e = match target {
                Some(e) => e,
                None => {
                    entities.push(Entity {
                        id: format!("e{}", entities.len() + 1),
                        ty: c.ty,
                        text: span.slice(text).to_owned(),
                        canonical: String::new(),
                        latin: None,
                        actor: None,
                        country: None,
                        titles: Vec::new(),
                        role: None,
                        geo: None,
                        mentions: Vec::new(),
                    });
                    words_of.push(Vec::new());
                    person_of.push(None);
                    title_keys_of.push(Vec::new());
                    entities.len() - 1
                }
            };
            let ent = &mut entities[e];
            ent.mentions.push(Mention {
                span,
                tokens: c.tokens.clone(),
            });
            if words.len() > words_of[e].len() {
                words_of[e] = words;
                ent.canonical = display_form(a, keys, text, &c.tokens);
            }
            if person.is_some() && person_of[e].is_none() {
                person_of[e] = person;
            }
            for r in &titles.phrases {
                let t = display_form(a, keys, text, r);
                if !ent.titles.contains(&t) {
                    ent.titles.push(t);
                }
            }
            title_keys_of[e].extend(titles.keys.iter().cloned());
            if ent.role.is_none() {
                ent.role = titles.role.clone();
            }
            if person_of[e].is_none() && c.ty == EntityType::Pers && c.tokens.len() == 1 {
                person_of[e] = self.titled_given_name(&keys[c.tokens.start], &titles, published);
            }
            self.fill_codes(
                ent,
                &c,
                keys.join(c.tokens.clone()),
                &titles,
                person_of[e],
                published,
            );
            // A place the tables do not know, followed by a nisba (مدينة
            // سوروتش التركية): the nisba names its country.
            if ent.ty == EntityType::Loc && ent.country.is_none() {
                let next = c.tokens.end;
                if next < keys.len() && !in_mention[next] && a.tokens()[next].kind.is_word() {
                    if let Some(iso3) = self.tables.nisba.get(&keys[next]).filter(|iso3| {
                        !self.tables.nisba_ambiguous.contains(&keys[next])
                            || self.names_country(keys, iso3)
                    }) {
                        let cameo = self.tables.cameo_country.get(iso3).unwrap_or(iso3);
                        ent.actor.get_or_insert_with(|| cameo.clone());
                        ent.country = Some(iso3.clone());
                    }
                }
            }
        }
        // A bare title ("المشير") joins the last person who held it.
        self.bare_titles(a, keys, &covered, &mut entities, &title_keys_of);
        for ent in &mut entities {
            if ent.canonical.is_empty() {
                ent.canonical = ent.text.clone();
            }
            if ent.latin.is_none() {
                ent.latin = Some(if ent.ty == EntityType::Pers {
                    self.tables.person_latin(&ent.canonical)
                } else {
                    transliterate(&ent.canonical)
                });
            }
            ent.mentions.sort_by_key(|m| m.span.start);
        }
        entities
    }

    /// A given name alone after a title of office (الملك سلمان، الرئيس
    /// باراك): the one person so named who held that office on the
    /// publication date, if there is exactly one.
    fn titled_given_name(
        &self,
        key: &str,
        titles: &Titles,
        published: Option<&str>,
    ) -> Option<u32> {
        let date = published?;
        let role = titles
            .role
            .as_deref()
            .filter(|r| !r.is_empty() && *r != "-")?;
        let t = self.tables;
        let mut found: Option<u32> = None;
        for &o in t.given_names.get(key)? {
            let office = &t.offices[o as usize];
            if office.role != role || !office.held_on(date) {
                continue;
            }
            match found {
                Some(f) if t.offices[f as usize].id != office.id => return None,
                Some(_) => {}
                None => found = Some(o),
            }
        }
        found
    }

    /// Codes, country, Latin name and place facts from what a mention names.
    fn fill_codes(
        &self,
        ent: &mut Entity,
        c: &Candidate,
        key: &str,
        titles: &Titles,
        person: Option<u32>,
        published: Option<&str>,
    ) {
        let t = self.tables;
        if let Some(p) = person {
            let office = t.office_on(p, published);
            ent.actor = Some(office.cameo.clone());
            ent.country = Some(office.country.clone());
            ent.latin = Some(office.latin.clone());
            if ent.role.is_none() && !office.role.is_empty() {
                ent.role = Some(office.role.clone());
            }
            return;
        }
        // A name of the tagger's name lists (صحيفة عكاظ, ريال مدريد) that
        // the gazetteer does not name whole.
        let listed = if c.named.is_none() || c.partial {
            t.listed(key, c.ty)
        } else {
            None
        };
        match c.named {
            Some(Named::Place(_)) if c.partial => {}
            Some(Named::Place(p)) if ent.geo.is_none() => {
                let place = &t.places[p as usize];
                // A part of the world or a sea has no code and no country.
                if !place.cameo.is_empty() {
                    ent.actor.get_or_insert(place.cameo.clone());
                }
                let country = (!place.iso3.is_empty()).then(|| place.iso3.clone());
                if let Some(iso3) = &country {
                    ent.country.get_or_insert(iso3.clone());
                }
                ent.latin.get_or_insert(place.latin.clone());
                ent.geo = Some(Geo {
                    latin: place.latin.clone(),
                    country,
                    lat: place.lat,
                    lon: place.lon,
                });
            }
            Some(Named::Organization(o)) => {
                let org = &t.organizations[o as usize];
                ent.actor.get_or_insert(org.cameo.clone());
                ent.latin.get_or_insert(org.latin.clone());
            }
            _ => {}
        }
        // The tables' own name first, then the head and country (الجيش
        // السوري is the army, whatever club shares the name), then the
        // lists.
        if let Some(latin) = c.composed.as_ref().and_then(|c| c.latin.as_ref()) {
            ent.latin.get_or_insert_with(|| latin.clone());
        }
        if let Some(l) = listed {
            ent.latin.get_or_insert_with(|| l.latin.clone());
        }
        if let Some(composed) = &c.composed {
            ent.actor.get_or_insert_with(|| composed.code.clone());
            ent.country.get_or_insert_with(|| composed.iso3.clone());
        }
        if let Some(l) = listed {
            if let Some(iso3) = &l.iso3 {
                ent.country.get_or_insert_with(|| iso3.clone());
            }
            // A type alone is a code only for an NGO: a bank or a body
            // without a country is an international one.
            let country = l.iso3.as_ref().map(|iso3| {
                t.cameo_country
                    .get(iso3)
                    .map_or(iso3.as_str(), String::as_str)
            });
            match (country, l.cameo_type) {
                (Some(country), Some(ty)) => {
                    ent.actor.get_or_insert_with(|| format!("{country}{ty}"));
                }
                (None, Some(ty @ "NGO")) => {
                    ent.actor.get_or_insert_with(|| ty.to_owned());
                }
                _ => {}
            }
        }
        // A place inside the name lends its country, unless the lists know
        // the name (a club named after its city is no actor of its country).
        if let (true, None, Some(Named::Place(p))) = (c.partial, listed, c.named) {
            let place = &t.places[p as usize];
            if !place.iso3.is_empty() {
                ent.country.get_or_insert_with(|| place.iso3.clone());
                ent.actor.get_or_insert_with(|| place.cameo.clone());
            }
        }
        if ent.ty == EntityType::Pers && ent.actor.is_none() {
            // Composed from the title's role and the nisba: وزير الدفاع الروسى → RUSGOV.
            if let Some(iso3) = &titles.country {
                let cameo = t.cameo_country.get(iso3).cloned().unwrap_or(iso3.clone());
                let ty = titles.cameo_type.clone().unwrap_or_default();
                ent.actor = Some(format!("{cameo}{ty}"));
                ent.country = Some(iso3.clone());
            }
        }
    }

    fn bare_titles(
        &self,
        a: &Analysis,
        keys: &TokenKeys,
        covered: &[bool],
        entities: &mut [Entity],
        title_keys_of: &[Vec<String>],
    ) {
        let tokens = a.tokens();
        for i in 0..tokens.len() {
            if covered[i] || !tokens[i].kind.is_word() {
                continue;
            }
            let Some(t) = self.title_at(a, keys, i..i + 1) else {
                continue;
            };
            let info = &self.tables.titles[t as usize];
            if info.kind == "honorific" || info.homograph {
                continue;
            }
            // Without the article it heads another office (رئيس جمعية،
            // نائب رئيس) or is an adjective (سبب رئيس "a main reason"). It
            // names a holder only right after the holder's name, in
            // apposition (عمر البشير رئيس جمهورية السودان), or when the
            // holder also holds the title it governs (نائب خادم الحرمين
            // الشريفين).
            let indefinite = !has_article(a, i);
            let governed = if indefinite {
                self.title_starting(a, keys, i + 1, tokens.len())
                    .map(|(len, _)| keys.join(i + 1..i + 1 + len))
            } else {
                None
            };
            // A definite word after it that is no nisba makes another title
            // or another person (الرئيس التنفيذي، الرئيس السابق، ملك البحرين).
            if i + 1 < tokens.len()
                && tokens[i + 1].kind.is_word()
                && a.norm(&tokens[i + 1]).starts_with("ال")
                && !self.tables.nisba.contains_key(&keys[i + 1])
            {
                continue;
            }
            // The last person, mentioned before i, who holds this title.
            let holder = entities
                .iter()
                .enumerate()
                .filter(|(e, ent)| {
                    ent.ty == EntityType::Pers
                        && ent.mentions.first().is_some_and(|m| m.tokens.start < i)
                        && title_keys_of[*e].iter().any(|t| *t == keys[i])
                        && (!indefinite
                            || ent.mentions.iter().any(|m| m.tokens.end == i)
                            || governed.is_some_and(|g| title_keys_of[*e].iter().any(|t| t == g)))
                })
                .max_by_key(|(_, ent)| {
                    ent.mentions
                        .iter()
                        .filter(|m| m.tokens.start < i)
                        .map(|m| m.tokens.start)
                        .max()
                })
                .map(|(e, _)| e);
            if let Some(e) = holder {
                let span = mention_span(a, keys, &(i..i + 1));
                entities[e].mentions.push(Mention {
                    span,
                    tokens: i..i + 1,
                });
            }
        }
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// `word` with its first letter upper-case.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn compatible(tagged: EntityType, named: EntityType) -> bool {
    tagged == named || (tagged == EntityType::Org && named == EntityType::Loc)
}

/// True for a definite word (الـ, للـ, بالـ), which can sit inside a title:
/// القائد العام للقوات المسلحة.
fn is_definite(norm: &str) -> bool {
    ["ال", "لل", "بال", "وال"]
        .iter()
        .any(|p| norm.starts_with(p))
        && norm.chars().count() > 3
}

/// The keys of a document's tokens ([`TokenKeys::new`]), in one buffer:
/// each token's key followed by one space, so that the words of a run of
/// tokens joined by spaces ([`TokenKeys::join`]) are a slice of it.
struct TokenKeys {
    buf: String,
    /// Where each token's key starts in `buf`, and the end of the buffer.
    starts: Vec<u32>,
    /// Tokens keyed from their preposition on (sorted): a place whose
    /// first letter the segmenter took for one (لحج).
    whole: Vec<usize>,
}

impl TokenKeys {
    /// The key of each token: its letters without proclitics,
    /// search-normalized, without the article (see [`word_key`]); empty for
    /// a token that is no word.
    fn new(a: &Analysis) -> TokenKeys {
        TokenKeys::build(a, Vec::new())
    }

    /// The keys, the tokens of `whole` (sorted) keyed from their
    /// preposition on ([`word_from_preposition`]).
    fn build(a: &Analysis, whole: Vec<usize>) -> TokenKeys {
        let tokens = a.tokens();
        let mut keys = TokenKeys {
            buf: String::new(),
            starts: Vec::with_capacity(tokens.len() + 1),
            whole,
        };
        let (mut core, mut norm) = (String::new(), String::new());
        for (i, t) in tokens.iter().enumerate() {
            keys.starts.push(keys.buf.len() as u32);
            if t.kind.is_word() {
                core.clear();
                match keys
                    .is_whole(i)
                    .then(|| word_from_preposition(a, i))
                    .flatten()
                {
                    Some(w) => core.push_str(&w),
                    None => core_form_into(a, i, &mut core),
                }
                let word = if core.is_empty() { a.norm(t) } else { &core };
                keys.buf.push_str(word_key_with(word, &mut norm));
            }
            keys.buf.push(' ');
        }
        keys.starts.push(keys.buf.len() as u32);
        keys
    }

    /// Is token `i` keyed from its preposition on?
    fn is_whole(&self, i: usize) -> bool {
        self.whole.binary_search(&i).is_ok()
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// The keys of the tokens of `r` joined by one space.
    fn join(&self, r: Range<usize>) -> &str {
        if r.is_empty() {
            return "";
        }
        let end = self.starts[r.end] as usize - 1;
        &self.buf[self.starts[r.start] as usize..end]
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| &self[i])
    }
}

impl std::ops::Index<usize> for TokenKeys {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.join(i..i + 1)
    }
}

/// The word of token `i` from its article or stem on, unfolded (ة and
/// hamzas kept): what the lexicon is asked about.
fn core_form(a: &Analysis, i: usize) -> String {
    let mut core = String::new();
    core_form_into(a, i, &mut core);
    core
}

/// Appends [`core_form`] of token `i` to `core`.
fn core_form_into(a: &Analysis, i: usize, core: &mut String) {
    let mut started = false;
    for s in a.segments(&a.tokens()[i]) {
        if !started && s.kind == SegKind::Proclitic && a.form(s) != "ال" {
            continue;
        }
        started = true;
        core.push_str(a.form(s));
    }
}

/// The word of token `i` from a preposition on, when it is a conjunction
/// at most, then ب ل or ك, then the stem and its suffixes, no enclitic
/// (ولحج → لحج، بعقوبة).
fn word_from_preposition(a: &Analysis, i: usize) -> Option<String> {
    let segs = a.segments(&a.tokens()[i]);
    let is_conj = |s: &rasd_text::TokenSegment| {
        s.kind == SegKind::Proclitic && matches!(a.form(s), "و" | "ف")
    };
    let rest = match segs {
        [c, rest @ ..] if is_conj(c) => rest,
        _ => segs,
    };
    match rest {
        [p, stem, suffixes @ ..]
            if p.kind == SegKind::Proclitic
                && matches!(a.form(p), "ب" | "ل" | "ك")
                && stem.kind == SegKind::Stem
                && suffixes.iter().all(|s| s.kind == SegKind::Suffix) =>
        {
            Some(rest.iter().map(|s| a.form(s)).collect())
        }
        _ => None,
    }
}

/// Does token `i` begin with the conjunction و as a clitic? (Not ف: a
/// foreign name's first letter is read as one too often, فابيو.)
fn starts_with_conjunction(a: &Analysis, i: usize) -> bool {
    starts_with_clitic(a, i, "و")
}

/// Does token `i` begin with the proclitic `clitic`?
fn starts_with_clitic(a: &Analysis, i: usize, clitic: &str) -> bool {
    a.segments(&a.tokens()[i])
        .first()
        .is_some_and(|s| s.kind == SegKind::Proclitic && a.form(s) == clitic)
}

/// Does token `i` carry the article, after any و ف ب ل ك (القاعدة،
/// وللقاعدة), whether the segmenter split it off or kept a name whole?
fn has_article(a: &Analysis, i: usize) -> bool {
    a.segments(&a.tokens()[i])
        .iter()
        .find(|s| !(s.kind == SegKind::Proclitic && a.form(s) != "ال"))
        .is_some_and(|s| a.form(s).starts_with("ال"))
}

/// A looser key for joining spellings of one name: foreign g written ج or غ,
/// final ه / ة.
fn loose(key: &str) -> String {
    key.chars()
        .map(|c| match c {
            'غ' | 'ق' => 'ج',
            'ة' => 'ه',
            _ => c,
        })
        .collect()
}

/// Whether a mention (words) names the same actor as an entity (words).
fn same_name(ty: EntityType, m: &[String], e: &[String]) -> bool {
    if m == e {
        return true;
    }
    if ty != EntityType::Pers {
        return false;
    }
    // A short mention: the family name (last word), or the first and last.
    match (m.len(), e.len()) {
        (1, n) if n >= 2 => m[0] == e[n - 1] || (m[0] == e[0] && m[0].chars().count() > 3),
        (k, n) if k < n => e.ends_with(m) || e.starts_with(m),
        (k, n) if k > n && n >= 1 => m.ends_with(e),
        _ => false,
    }
}

/// The span of a mention: from its first token after proclitics (ال kept)
/// to the end of its last token.
fn mention_span(a: &Analysis, keys: &TokenKeys, tokens: &Range<usize>) -> Span {
    let ts = a.tokens();
    let first = &ts[tokens.start];
    let last = &ts[tokens.end - 1];
    let mut start = first.span.start;
    let segs = a.segments(first);
    let whole = keys.is_whole(tokens.start);
    for (k, s) in segs.iter().enumerate() {
        // The article stays (الجزائر), unless written ل in لل (للجيش); a
        // place keyed from its preposition on keeps it (لحج).
        let article_in_lil = a.form(s) == "ال" && s.span.len() < "ال".len() && k > 0;
        let kept = whole && !matches!(a.form(s), "و" | "ف");
        if s.kind == SegKind::Proclitic && !kept && (a.form(s) != "ال" || article_in_lil) {
            start = s.span.end;
        } else {
            break;
        }
    }
    Span::new(start.min(first.span.end), last.span.end)
}

/// The original text of a token range, proclitics of its first token off;
/// an article written ل in لل is restored (للجيش → الجيش).
fn display_form(a: &Analysis, keys: &TokenKeys, text: &str, tokens: &Range<usize>) -> String {
    let body = mention_span(a, keys, tokens).slice(text);
    let first = &a.tokens()[tokens.start];
    let lil = a
        .segments(first)
        .iter()
        .any(|s| s.kind == SegKind::Proclitic && a.form(s) == "ال" && s.span.len() < "ال".len());
    if lil {
        format!("ال{body}")
    } else {
        body.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_keys_join_runs_as_the_tables_key_them() {
        let text = "وصل الرئيس الفرنسي، إيمانويل ماكرون، إلى الجزائر";
        let a = rasd_text::TextAnalyzer::new().analyze(text);
        let keys = TokenKeys::new(&a);
        assert_eq!(keys.len(), a.tokens().len());
        let mut core = String::new();
        for (i, t) in a.tokens().iter().enumerate() {
            if !t.kind.is_word() {
                assert_eq!(&keys[i], "", "{i}");
                continue;
            }
            core.clear();
            core_form_into(&a, i, &mut core);
            assert_eq!(&keys[i], word_key(&core), "{i}");
        }
        // "إلى الجزائر" keys as the tables key the phrase.
        let n = keys.len();
        assert_eq!(keys.join(n - 2..n), crate::tables::key("إلى الجزائر"));
        // A run across the comma keeps its empty key between two spaces,
        // as joining the keys one by one does.
        let all: Vec<&str> = keys.iter().collect();
        assert_eq!(keys.join(0..n), all.join(" "));
        assert_eq!(keys.join(3..3), "");
    }
}
