//! The few gazetteer facts the coder needs, read from `data/` directly:
//! countries (CAMEO code, capital), capitals and cities (coordinates, for
//! datelines and the capital of a visited country), and the words of
//! titles, organization heads and nisbas (to extend an actor's phrase over
//! its titles: بوزير الخارجية الروسي سيرغي لافروف).
//!
//! Keys are core keys (see [`crate::keys`]), computed by the same text
//! analyzer as the news text.

use std::sync::LazyLock;

use rasd_text::TextAnalyzer;

use crate::lexicon::{phrase, tsv_rows, FxMap, FxSet};

/// A place: name, country and coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Usual Arabic name.
    pub arabic: String,
    /// English name.
    pub latin: String,
    /// ISO3 country.
    pub iso3: String,
    /// CAMEO country code.
    pub cameo: String,
    /// `country`, `capital`, `city`, `region`, `area`.
    pub kind: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// The tables.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// All places (countries first).
    pub places: Vec<Place>,
    /// Phrase key (core keys joined by a space) → place index.
    by_name: FxMap<String, u32>,
    /// ISO3 and CAMEO code → index of the capital.
    capitals: FxMap<String, u32>,
    /// ISO3 → CAMEO country code.
    cameo: FxMap<String, String>,
    /// Keys of title, organization-head and nisba words.
    title_words: FxSet<String>,
    /// First words of person titles (رئيس، ملك، وزير، سفير).
    title_heads: FxSet<String>,
    /// First word of a person title → the titles (core keys) that start
    /// with it and the actor type each gives (وزير الدفاع → MIL … as
    /// titles.tsv says).
    title_roles: FxMap<String, Vec<(Vec<String>, String)>>,
    /// Nisba key → CAMEO country code.
    nisba: FxMap<String, String>,
}

static COUNTRIES: &str = include_str!("../../../data/gazetteer/countries.tsv");
static CITIES: &str = include_str!("../../../data/gazetteer/cities.tsv");
static TITLES: &str = include_str!("../../../data/ner/titles.tsv");
static ORG_TYPES: &str = include_str!("../../../data/ner/org_types.tsv");
static NISBA: &str = include_str!("../../../data/gazetteer/nisba.tsv");

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::build);

fn header(text: &str) -> Vec<&str> {
    text.lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .unwrap_or_default()
}

fn col(h: &[&str], name: &str) -> usize {
    h.iter().position(|c| *c == name).unwrap_or(usize::MAX)
}

impl Gazetteer {
    /// The built-in tables, parsed once per process.
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    fn build() -> Gazetteer {
        let analyzer = TextAnalyzer::new();
        let key = |s: &str| -> String {
            phrase(&analyzer, s)
                .into_iter()
                .map(|w| w.key)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut g = Gazetteer::default();
        let get = |f: &[&str], i: usize| f.get(i).copied().unwrap_or("").to_owned();
        let h = header(COUNTRIES);
        let (ci, cc, cl, ca, cv, lat, lon) = (
            col(&h, "iso3"),
            col(&h, "cameo"),
            col(&h, "latin"),
            col(&h, "arabic"),
            col(&h, "variants"),
            col(&h, "lat"),
            col(&h, "lon"),
        );
        for (_, f) in tsv_rows(COUNTRIES) {
            let iso3 = get(&f, ci);
            let cameo = Some(get(&f, cc))
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| iso3.clone());
            g.cameo.insert(iso3.clone(), cameo.clone());
            let idx = g.places.len() as u32;
            let place = Place {
                arabic: get(&f, ca),
                latin: get(&f, cl),
                iso3,
                cameo,
                kind: "country".into(),
                lat: get(&f, lat).parse().unwrap_or(0.0),
                lon: get(&f, lon).parse().unwrap_or(0.0),
            };
            for name in std::iter::once(place.arabic.as_str()).chain(
                get(&f, cv)
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            ) {
                g.by_name.entry(key(name)).or_insert(idx);
            }
            g.places.push(place);
        }
        let h = header(CITIES);
        let (cl, ca, cv, ci, ck, lat, lon) = (
            col(&h, "latin"),
            col(&h, "arabic"),
            col(&h, "variants"),
            col(&h, "iso3"),
            col(&h, "kind"),
            col(&h, "lat"),
            col(&h, "lon"),
        );
        for (_, f) in tsv_rows(CITIES) {
            let iso3 = get(&f, ci);
            let cameo = g.cameo.get(&iso3).cloned().unwrap_or_else(|| iso3.clone());
            let idx = g.places.len() as u32;
            let place = Place {
                arabic: get(&f, ca),
                latin: get(&f, cl),
                iso3: iso3.clone(),
                cameo: cameo.clone(),
                kind: get(&f, ck),
                lat: get(&f, lat).parse().unwrap_or(0.0),
                lon: get(&f, lon).parse().unwrap_or(0.0),
            };
            if place.kind == "capital" {
                g.capitals.entry(iso3).or_insert(idx);
                g.capitals.entry(cameo).or_insert(idx);
            }
            for name in std::iter::once(place.arabic.as_str()).chain(
                get(&f, cv)
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            ) {
                g.by_name.entry(key(name)).or_insert(idx);
            }
            g.places.push(place);
        }
        for table in [TITLES, ORG_TYPES] {
            let h = header(table);
            let (ca, cv) = (col(&h, "arabic"), col(&h, "variants"));
            for (_, f) in tsv_rows(table) {
                let names = std::iter::once(get(&f, ca)).chain(
                    get(&f, cv)
                        .split('|')
                        .map(str::to_owned)
                        .collect::<Vec<_>>(),
                );
                let role = if table == TITLES {
                    get(&f, col(&h, "cameo_type"))
                } else {
                    String::new()
                };
                for name in names.filter(|s| !s.is_empty() && s != "-") {
                    let words = phrase(&analyzer, &name);
                    if table == TITLES {
                        if let Some(w) = words.first() {
                            g.title_heads.insert(w.key.clone());
                        }
                        if !role.is_empty() && role != "-" && !words.is_empty() {
                            let keys: Vec<String> = words.iter().map(|w| w.key.clone()).collect();
                            g.title_roles
                                .entry(keys[0].clone())
                                .or_default()
                                .push((keys, role.clone()));
                        }
                    }
                    for w in words {
                        g.title_words.insert(w.key);
                    }
                }
            }
        }
        let h = header(NISBA);
        let (cf, ci, cn) = (col(&h, "form"), col(&h, "iso3"), col(&h, "note"));
        for (_, f) in tsv_rows(NISBA) {
            let iso3 = get(&f, ci);
            let words = phrase(&analyzer, &get(&f, cf));
            // A form more often an ordinary adjective (المالية "financial",
            // الرومانية "Roman") names no country here; the entity stage
            // reads it where the document names the country otherwise.
            let ambiguous = get(&f, cn).contains("AMBIGUOUS");
            if words.len() == 1 && !iso3.is_empty() && iso3 != "-" && !ambiguous {
                let cameo = g.cameo.get(&iso3).cloned().unwrap_or(iso3);
                g.nisba.entry(words[0].key.clone()).or_insert(cameo);
            }
            for w in words {
                g.title_words.insert(w.key);
            }
        }
        g
    }

    /// The place named by the core keys `key` (joined by spaces).
    pub fn place(&self, key: &str) -> Option<&Place> {
        self.by_name.get(key).map(|&i| &self.places[i as usize])
    }

    /// The capital of a country (ISO3 or CAMEO code).
    pub fn capital(&self, country: &str) -> Option<&Place> {
        self.capitals
            .get(country)
            .map(|&i| &self.places[i as usize])
    }

    /// The CAMEO code of an ISO3 country.
    pub fn cameo(&self, iso3: &str) -> Option<&str> {
        self.cameo.get(iso3).map(String::as_str)
    }

    /// The CAMEO country of a nisba adjective (روسي، الروسية → RUS).
    pub fn nisba(&self, key: &str) -> Option<&str> {
        self.nisba.get(key).map(String::as_str)
    }

    /// True when `key` is a word of a title, an organization head or a nisba.
    pub fn is_title_word(&self, key: &str) -> bool {
        self.title_words.contains(key)
    }

    /// The keys of [`Gazetteer::is_title_word`].
    pub(crate) fn title_word_keys(&self) -> impl Iterator<Item = &str> {
        self.title_words.iter().map(String::as_str)
    }

    /// The keys of [`Gazetteer::nisba`].
    pub(crate) fn nisba_keys(&self) -> impl Iterator<Item = &str> {
        self.nisba.keys().map(String::as_str)
    }

    /// True when `key` (a core key) opens a person's title (رئيس، ملك).
    pub fn is_title_head(&self, key: &str) -> bool {
        self.title_heads.contains(key)
    }

    /// The actor type of the longest person title spelled by `keys` from
    /// its start (وزير خارجيه → GOV).
    pub fn title_role(&self, keys: &[&str]) -> Option<&str> {
        self.title_roles
            .get(*keys.first()?)?
            .iter()
            .filter(|(t, _)| t.len() <= keys.len() && t.iter().zip(keys).all(|(a, b)| a == b))
            .max_by_key(|(t, _)| t.len())
            .map(|(_, r)| r.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_capitals_titles() {
        let g = Gazetteer::get();
        assert_eq!(g.capital("RUS").map(|p| p.latin.as_str()), Some("Moscow"));
        assert_eq!(g.place("موسكو").map(|p| p.iso3.as_str()), Some("RUS"));
        assert_eq!(g.place("روسيا").map(|p| p.kind.as_str()), Some("country"));
        assert_eq!(g.cameo("ROU"), Some("ROM"));
        for w in ["وزير", "خارجيه", "روسي", "مشير", "رييس"] {
            assert!(g.is_title_word(w), "{w}");
        }
        assert!(!g.is_title_word("زار"));
    }
}
