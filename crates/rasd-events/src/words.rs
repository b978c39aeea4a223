//! The word classes the coder's rules use, read from
//! `data/events/words.tsv`: honorifics, site and place nouns, separate
//! prepositions, generic role nouns (جنود، قوات الأمن، الطائرات التركية),
//! titles, anaphoric heads (الحركة، التنظيم) and a few more.
//!
//! Words are matched against a token's key ([`crate::keys`]): folded, and
//! without the article or an attached clitic. A row may ask for the next
//! token's key (`next`): one of a list of words, or a nisba.

use std::sync::LazyLock;

use crate::gazetteer::Gazetteer;
use crate::keys::fold;
use crate::lexicon::{tsv_rows, FxMap};

static WORDS_TSV: &str = include_str!("../../../data/events/words.tsv");

/// A class of words (the `class` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Class {
    /// فخامة، معالي: part of the actor's phrase before a title or name.
    Honorific = 1,
    /// مواقع، معاقل: places held by the actor named after them.
    Site = 1 << 1,
    /// مدينة، ريف: part of the place's phrase before a place name.
    Place = 1 << 2,
    /// مجدد، مؤخر: participle stems used as adverbs.
    Adverb = 1 << 3,
    /// مع، إلى، ضد: separate prepositions that introduce an argument.
    Prep = 1 << 4,
    /// Generic nouns for people and forces, with a role code.
    Role = 1 << 5,
    /// Titles in apposition that give a person an actor code.
    ApposTitle = 1 << 6,
    /// Words of a company title (…BUS).
    Company = 1 << 7,
    /// Titles that, with a nisba and no name, are an official.
    OfficialTitle = 1 << 8,
    /// Head nouns used alone for the last body named.
    Anaphor = 1 << 9,
    /// Adjectives that keep an armed group's anaphoric head (الإرهابي).
    ArmedAdjective = 1 << 10,
    /// `[subject:]` words met by a …MIL actor.
    MilWord = 1 << 11,
    /// `[subject:]` words met by a …COP actor.
    PoliceWord = 1 << 12,
    /// Number words and counts.
    Number = 1 << 13,
    /// Definite duals that name the two parties of a talk (الجانبان).
    DualParty = 1 << 14,
    /// Aircraft and armour (طائرات، مروحيتان، دبابات): their phrase acts,
    /// it is never the unnamed victim of a harm verb read as a passive.
    Machine = 1 << 15,
    /// People counted as casualties (أشخاص، مدنيين، قتيلا): after a count,
    /// the unnamed victims of an attack.
    Victim = 1 << 16,
    /// The last word of a title whose body follows with ل (الأمين العام
    /// لجامعة الدول العربية، المبعوث الخاص للأمم المتحدة).
    LamTitle = 1 << 17,
    /// Adjectives of a fierce attack (شديدا، عنيفا، لاذعا): on a person,
    /// the attack is words (111), not force.
    Fierce = 1 << 18,
    /// Compass words before a place (شمالي سوريا، جنوب لبنان): the place
    /// is where, not whom.
    Direction = 1 << 19,
    /// Participles of belonging between a thing and its ل-owner (مواقع
    /// تابعة لتنظيم X، مقرات عائدة للجيش).
    Belonging = 1 << 20,
    /// Words of membership between people and the body they belong to
    /// through إلى or ل (أشخاص ينتمون إلى X، يشتبه بانتمائهم إلى X), and
    /// the hedges before them (يشتبه، المشتبه).
    Membership = 1 << 21,
    /// Nouns whose construct with an event noun names a thing, not an
    /// event (نقطة تفتيش "checkpoint", مراكز احتجاز "detention centres").
    NameHead = 1 << 22,
}

impl Class {
    const ALL: [(&'static str, Class); 23] = [
        ("honorific", Class::Honorific),
        ("site", Class::Site),
        ("place", Class::Place),
        ("adverb", Class::Adverb),
        ("prep", Class::Prep),
        ("role", Class::Role),
        ("appos_title", Class::ApposTitle),
        ("company", Class::Company),
        ("official_title", Class::OfficialTitle),
        ("anaphor", Class::Anaphor),
        ("armed_adjective", Class::ArmedAdjective),
        ("mil_word", Class::MilWord),
        ("police_word", Class::PoliceWord),
        ("number", Class::Number),
        ("dual_party", Class::DualParty),
        ("machine", Class::Machine),
        ("victim", Class::Victim),
        ("lam_title", Class::LamTitle),
        ("fierce", Class::Fierce),
        ("direction", Class::Direction),
        ("belonging", Class::Belonging),
        ("membership", Class::Membership),
        ("name_head", Class::NameHead),
    ];

    fn parse(s: &str) -> Option<Class> {
        Class::ALL.iter().find(|(n, _)| *n == s).map(|&(_, c)| c)
    }
}

/// What must follow a word for its row to hold (the `next` column).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Next {
    /// Nothing: the word alone.
    Any,
    /// A nisba, which stays out of the phrase.
    Nisba,
    /// One of these keys, which joins the phrase.
    Words(Vec<String>),
}

/// One row of a word.
#[derive(Clone, Debug)]
struct Row {
    class: Class,
    value: String,
    next: Next,
}

/// The word classes: immutable, built once.
#[derive(Debug, Default)]
pub struct Words {
    /// Key → the classes it has without a condition on the next word.
    plain: FxMap<String, u32>,
    /// Key → its rows in file order.
    rows: FxMap<String, Vec<Row>>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    Words::parse(WORDS_TSV)
        .unwrap_or_else(|e| panic!("data/events/words.tsv: {e} (caught by this crate's tests)"))
});

impl Words {
    /// The built-in table.
    pub fn get() -> &'static Words {
        &WORDS
    }

    /// Reads a table in the format of `data/events/words.tsv`.
    pub fn parse(text: &str) -> Result<Words, String> {
        let mut w = Words::default();
        for (line, f) in tsv_rows(text) {
            let [word, class, value, next, _note] = f[..] else {
                return Err(format!("line {line}: {} fields, want 5", f.len()));
            };
            let class = Class::parse(class)
                .ok_or_else(|| format!("line {line}: unknown class {class:?}"))?;
            let key = fold(word);
            if key.is_empty() || key.contains(' ') {
                return Err(format!("line {line}: {word:?} is not one word"));
            }
            let next = match next {
                "-" => Next::Any,
                "@nisba" => Next::Nisba,
                list => Next::Words(list.split('|').map(fold).collect()),
            };
            let value = if value == "-" { "" } else { value };
            match (class, value.is_empty()) {
                (Class::Role | Class::Anaphor, true) => {
                    return Err(format!("line {line}: a {class:?} row needs a value"))
                }
                (Class::Role | Class::Anaphor, false) => {}
                (_, false) => return Err(format!("line {line}: a {class:?} row has no value")),
                (_, true) => {}
            }
            if next == Next::Any {
                *w.plain.entry(key.clone()).or_default() |= class as u32;
            }
            w.rows.entry(key).or_default().push(Row {
                class,
                value: value.to_owned(),
                next,
            });
        }
        Ok(w)
    }

    /// The classes `key` has in any row (bits of [`Class`]).
    pub fn classes_of(&self, key: &str) -> u32 {
        self.rows
            .get(key)
            .into_iter()
            .flatten()
            .fold(0, |b, r| b | r.class as u32)
    }

    /// True when `key` is in `class` with no condition on the next word.
    #[inline]
    pub fn is(&self, key: &str, class: Class) -> bool {
        self.plain.get(key).is_some_and(|&b| b & class as u32 != 0)
    }

    /// True when `key`, followed by `next`, is in `class` (with or without
    /// a condition on the next word).
    pub fn is_before(&self, key: &str, next: &str, class: Class) -> bool {
        self.rows_of(key, class).any(|r| holds(&r.next, next))
    }

    /// The role of a generic noun followed by `next` (first row that holds):
    /// the role code (empty for the country itself) and whether `next`
    /// belongs to the phrase.
    pub fn role(&self, key: &str, next: &str) -> Option<(&str, bool)> {
        let r = self
            .rows_of(key, Class::Role)
            .find(|r| holds(&r.next, next))?;
        let code = if r.value == "=" { "" } else { &r.value };
        Some((code, matches!(r.next, Next::Words(_))))
    }

    /// The role codes an anaphoric head's antecedent may carry,
    /// `|`-separated (`IMG|REB`).
    pub fn anaphor(&self, key: &str) -> Option<&str> {
        self.rows_of(key, Class::Anaphor)
            .next()
            .map(|r| r.value.as_str())
    }

    /// Every key with the classes it has in any row (bits of [`Class`]).
    pub fn key_classes(&self) -> impl Iterator<Item = (&str, u32)> {
        self.rows.keys().map(|k| (k.as_str(), self.classes_of(k)))
    }

    fn rows_of(&self, key: &str, class: Class) -> impl Iterator<Item = &Row> {
        self.rows
            .get(key)
            .into_iter()
            .flatten()
            .filter(move |r| r.class == class)
    }
}

fn holds(cond: &Next, next: &str) -> bool {
    match cond {
        Next::Any => true,
        Next::Nisba => Gazetteer::get().nisba(next).is_some(),
        Next::Words(w) => w.iter().any(|w| w == next),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_loads_and_folds() {
        let w = Words::get();
        for (key, class, want) in [
            ("فخامه", Class::Honorific, true),
            ("مخابي", Class::Site, true), // مخابئ
            ("الي", Class::Prep, true),   // إلى
            ("موخر", Class::Adverb, true),
            ("ميات", Class::Number, true), // مئات
            ("قوات", Class::Role, false),  // only with a next word
            ("زياره", Class::Prep, false),
        ] {
            assert_eq!(w.is(key, class), want, "{key} {class:?}");
        }
    }

    #[test]
    fn roles_take_the_first_row_that_holds() {
        let w = Words::get();
        for (key, next, want) in [
            ("جنود", "-", Some(("MIL", false))),
            ("قوات", "امن", Some(("COP", true))),
            ("قوات", "مسلحه", Some(("MIL", true))),
            ("قوات", "روسيه", Some(("MIL", false))), // a nisba, outside the phrase
            ("قوات", "كبيره", None),
            ("اطراف", "صراع", Some(("", true))), // the country itself
            ("اطراف", "مدينه", None),            // outskirts
            ("لاجيين", "-", Some(("REF", false))),
        ] {
            assert_eq!(w.role(key, next), want, "{key} {next}");
        }
        assert!(w.is_before("ولي", "عهد", Class::OfficialTitle));
        assert!(!w.is_before("ولي", "امر", Class::OfficialTitle));
        assert!(w.is_before("نايب", "رييس", Class::OfficialTitle));
        assert!(!w.is_before("نايب", "عام", Class::OfficialTitle));
        assert!(w.is_before("وزير", "خارجيه", Class::OfficialTitle));
        assert_eq!(w.anaphor("حزب"), Some("PTY|OPP|HEZ"));
        assert!(w.anaphor("زياره").is_none());
    }

    #[test]
    fn bad_rows_are_errors_naming_the_line() {
        let head = "# c\nword\tclass\tvalue\tnext\tnote\n";
        for (row, want) in [
            ("مع\tprep\t-\t-", "line 3: 4 fields"),
            ("مع\tpreposition\t-\t-\t-", "line 3: unknown class"),
            ("قوات\trole\t-\t-\t-", "line 3: a Role row needs a value"),
            ("مع\tprep\tX\t-\t-", "line 3: a Prep row has no value"),
            (
                "من فضلك\tprep\t-\t-\t-",
                "line 3: \"من فضلك\" is not one word",
            ),
        ] {
            let err = Words::parse(&format!("{head}{row}\n")).unwrap_err();
            assert!(err.starts_with(want), "{row}: {err}");
        }
    }
}
