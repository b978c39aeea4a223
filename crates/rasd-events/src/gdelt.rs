//! A GDELT-style view: one document's events as rows of the 61 GDELT 2.0
//! event columns (tab-separated, no header, as GDELT's `*.export.CSV`),
//! filling what rasd knows and leaving the rest empty.
//!
//! | columns | filled with |
//! |---|---|
//! | GLOBALEVENTID | `first_id` + the event's index |
//! | SQLDATE, MonthYear, Year, FractionDate | the event date (else empty) |
//! | Actor1/2 Code, Name, CountryCode, KnownGroupCode, Type1–3 | the actor code split into its blocks; the name is the entity's Latin name, else the text |
//! | Actor EthnicCode, Religion1/2Code, Actor Geo_* | empty |
//! | IsRootEvent | 1 for events of the first sentence |
//! | EventCode, EventBaseCode, EventRootCode, QuadClass, GoldsteinScale | from the CAMEO code |
//! | NumMentions, NumSources, NumArticles | 1 from `rasd analyze`; the store's counts over copies of a story from `rasd export` |
//! | AvgTone | empty |
//! | ActionGeo_Type, FullName, Lat, Long | the event's place (type 1 country, 4 city); CountryCode/ADM/FeatureID empty (GDELT uses FIPS codes, rasd has ISO3/CAMEO) |
//! | DATEADDED | the publication date, `YYYYMMDD000000` |
//! | SOURCEURL | the document's URL, else its id |
//!
//! Negated and hypothetical events are not written (GDELT has no modality).

use std::io::{self, Write};

use rasd_ner::entities::Entity;

use crate::coder::{Event, Participant};
use crate::modality::Modality;
use crate::temporal::{days_in_month, Date};

/// GDELT's actor type codes (`CAMEO.type.txt`).
const TYPES: &[&str] = &[
    "AGR", "AMN", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "GRP", "HLH",
    "HRI", "IGO", "IMG", "INS", "INT", "IRC", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD",
    "NGM", "NGO", "OPP", "PKO", "RAD", "REB", "REF", "SEP", "SET", "SPY", "UAF", "UIS", "UNO",
];

/// GDELT's known group codes (`CAMEO.knowngroup.txt`).
const KNOWN_GROUPS: &[&str] = &[
    "AAM", "ABD", "ACC", "ADB", "AEU", "AFB", "ALQ", "AMF", "AML", "AMN", "AMU", "ANO", "APE",
    "ARL", "ASL", "ASN", "ATD", "BCA", "BIS", "BTH", "CEM", "CFA", "CIS", "CMN", "COE", "CPA",
    "CPC", "CRC", "CSS", "CWN", "DFL", "EBR", "ECA", "EEC", "EFT", "ENN", "FAO", "FID", "FIS",
    "FLN", "FTA", "GCC", "GIA", "GOE", "GOS", "GSP", "GSS", "HCH", "HCR", "HEZ", "HIP", "HMS",
    "HRW", "IAC", "IAD", "IAE", "IAF", "ICC", "ICG", "ICJ", "ICO", "IDB", "IGC", "IHF", "ILO",
    "IMF", "IOM", "IPU", "IRC", "ISJ", "ITP", "JUR", "KDP", "KID", "LBA", "LKD", "MBR", "MRZ",
    "MSF", "MSP", "NAT", "NEP", "NON", "OAS", "OAU", "OIC", "OPC", "PAP", "PFL", "PLF", "PLO",
    "PLS", "PMD", "PRC", "PSE", "RCR", "RND", "SAA", "SAD", "SCE", "SHA", "SOT", "TAL", "UEM",
    "UNO", "WAD", "WAM", "WAS", "WBK", "WCT", "WEF", "WFP", "WHO", "WTO", "XFM",
];

/// An actor code split into GDELT's fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorFields {
    /// Country (first block, unless it is a type such as IGO).
    pub country: String,
    /// Known group.
    pub known_group: String,
    /// Up to three types.
    pub types: [String; 3],
}

/// Splits a CAMEO actor code into 3-letter blocks: `LBYMIL` → country LBY,
/// type MIL; `IGOMEAARL` → type IGO, group ARL; `PSEHMS` → country PSE,
/// group HMS.
pub fn split_actor(code: &str) -> ActorFields {
    let mut f = ActorFields::default();
    let blocks: Vec<&str> = (0..code.len() / 3)
        .filter_map(|i| code.get(3 * i..3 * i + 3))
        .collect();
    let mut n_types = 0;
    for (i, b) in blocks.iter().enumerate() {
        if TYPES.contains(b)
            && (i > 0 || matches!(*b, "IGO" | "NGO" | "IMG" | "MNC" | "NGM" | "UIS"))
        {
            if n_types < 3 {
                f.types[n_types] = (*b).to_owned();
                n_types += 1;
            }
        } else if i == 0 {
            f.country = (*b).to_owned();
        } else if f.known_group.is_empty() && KNOWN_GROUPS.contains(b) {
            f.known_group = (*b).to_owned();
        }
    }
    f
}

/// What a row needs besides the event.
#[derive(Clone, Copy, Debug, Default)]
pub struct GdeltContext<'a> {
    /// GLOBALEVENTID of the first event written.
    pub first_id: u64,
    /// The document's id (SOURCEURL when there is no URL).
    pub doc_id: &'a str,
    /// The document's URL.
    pub url: Option<&'a str>,
    /// Publication date (ISO), for DATEADDED.
    pub published: Option<&'a str>,
}

/// One actor of a GDELT row.
#[derive(Clone, Copy, Debug, Default)]
pub struct GdeltActor<'a> {
    /// CAMEO actor code.
    pub code: &'a str,
    /// Name (the Latin name, upper case as GDELT writes it, else the text).
    pub name: &'a str,
}

/// The place of a GDELT row.
#[derive(Clone, Copy, Debug, Default)]
pub struct GdeltPlace<'a> {
    /// The place as written.
    pub text: &'a str,
    /// English name.
    pub latin: Option<&'a str>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
}

/// Everything one GDELT row is made from.
#[derive(Clone, Copy, Debug, Default)]
pub struct GdeltRow<'a> {
    /// GLOBALEVENTID.
    pub id: u64,
    /// The event date, ISO.
    pub date: Option<&'a str>,
    /// Actor1.
    pub source: Option<GdeltActor<'a>>,
    /// Actor2.
    pub target: Option<GdeltActor<'a>>,
    /// From the document's first sentence.
    pub is_root: bool,
    /// CAMEO code.
    pub code: &'a str,
    /// CAMEO root.
    pub root: &'a str,
    /// QuadClass.
    pub quad_class: u8,
    /// GoldsteinScale.
    pub goldstein: f64,
    /// NumMentions, NumSources, NumArticles.
    pub counts: [u32; 3],
    /// ActionGeo.
    pub place: Option<GdeltPlace<'a>>,
    /// Publication date, ISO, for DATEADDED.
    pub published: Option<&'a str>,
    /// SOURCEURL: the URL, else the document id.
    pub url: &'a str,
}

fn actor_cols(a: Option<GdeltActor<'_>>, row: &mut Vec<String>) {
    let Some(a) = a else {
        row.extend(std::iter::repeat_n(String::new(), 10));
        return;
    };
    let f = split_actor(a.code);
    row.push(a.code.to_owned());
    row.push(clean(a.name));
    row.push(f.country);
    row.push(f.known_group);
    row.push(String::new()); // ethnic
    row.push(String::new()); // religion 1
    row.push(String::new()); // religion 2
    let [t1, t2, t3] = f.types;
    row.extend([t1, t2, t3]);
}

/// Tabs and line breaks cannot appear in a field.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Writes one row of the 61 GDELT 2.0 event columns.
pub fn write_row<W: Write + ?Sized>(r: &GdeltRow<'_>, out: &mut W) -> io::Result<()> {
    let mut row: Vec<String> = Vec::with_capacity(61);
    row.push(r.id.to_string());
    match r.date.and_then(Date::parse) {
        Some(d) => {
            let doy = d.to_days()
                - Date {
                    year: d.year,
                    month: 1,
                    day: 1,
                }
                .to_days()
                + 1;
            let year_len: i64 = (1..=12).map(|m| days_in_month(d.year, m) as i64).sum();
            row.push(format!("{:04}{:02}{:02}", d.year, d.month, d.day));
            row.push(format!("{:04}{:02}", d.year, d.month));
            row.push(format!("{:04}", d.year));
            row.push(format!(
                "{:.4}",
                d.year as f64 + doy as f64 / year_len as f64
            ));
        }
        None => row.extend(std::iter::repeat_n(String::new(), 4)),
    }
    actor_cols(r.source, &mut row);
    actor_cols(r.target, &mut row);
    row.push(if r.is_root { "1" } else { "0" }.into());
    row.push(r.code.to_owned());
    row.push(r.code.get(..3).unwrap_or(r.code).to_owned());
    row.push(r.root.to_owned());
    row.push(r.quad_class.to_string());
    row.push(format!("{:.1}", r.goldstein));
    row.extend(r.counts.map(|n| n.to_string()));
    row.push(String::new()); // AvgTone
                             // Actor1Geo_* and Actor2Geo_*: 8 columns each.
    row.extend(std::iter::repeat_n(String::new(), 16));
    match &r.place {
        Some(l) => {
            let is_country = l.lat.is_none() || l.latin.is_none();
            row.push(if is_country { "1" } else { "4" }.into());
            row.push(clean(l.latin.unwrap_or(l.text)));
            row.push(String::new()); // CountryCode (FIPS)
            row.push(String::new()); // ADM1
            row.push(String::new()); // ADM2
            row.push(l.lat.map(|x| format!("{x}")).unwrap_or_default());
            row.push(l.lon.map(|x| format!("{x}")).unwrap_or_default());
            row.push(String::new()); // FeatureID
        }
        None => row.extend(std::iter::repeat_n(String::new(), 8)),
    }
    row.push(
        r.published
            .and_then(Date::parse)
            .map(|d| format!("{:04}{:02}{:02}000000", d.year, d.month, d.day))
            .unwrap_or_default(),
    );
    row.push(clean(r.url));
    debug_assert_eq!(row.len(), 61);
    out.write_all(row.join("\t").as_bytes())?;
    out.write_all(b"\n")
}

fn gdelt_actor<'a>(
    p: Option<&'a Participant>,
    entities: &'a [Entity],
) -> Option<(&'a str, String)> {
    let p = p?;
    let name = p
        .entity_index
        .and_then(|i| entities.get(i))
        .and_then(|e| e.latin.as_deref())
        .map(str::to_uppercase)
        .unwrap_or_else(|| p.text.clone());
    Some((p.actor.as_deref().unwrap_or(""), name))
}

/// Writes one TSV row per asserted or intended event; returns the number
/// of rows written.
pub fn write_gdelt<W: Write>(
    events: &[Event],
    entities: &[Entity],
    ctx: GdeltContext<'_>,
    out: &mut W,
) -> io::Result<usize> {
    let mut n = 0;
    for e in events {
        if matches!(e.modality, Modality::Negated | Modality::Hypothetical) {
            continue;
        }
        let source = gdelt_actor(e.source.as_ref(), entities);
        let target = gdelt_actor(e.target.as_ref(), entities);
        let row = GdeltRow {
            id: ctx.first_id + n as u64,
            date: e.date.as_deref(),
            source: source
                .as_ref()
                .map(|(code, name)| GdeltActor { code, name }),
            target: target
                .as_ref()
                .map(|(code, name)| GdeltActor { code, name }),
            is_root: e.sentence == 0,
            code: &e.code,
            root: &e.root,
            quad_class: e.quad_class,
            goldstein: f64::from(e.goldstein),
            counts: [1, 1, 1],
            place: e.location.as_ref().map(|l| GdeltPlace {
                text: &l.text,
                latin: l.latin.as_deref(),
                lat: l.lat,
                lon: l.lon,
            }),
            published: ctx.published,
            url: ctx.url.unwrap_or(ctx.doc_id),
        };
        write_row(&row, out)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coder_tests::{code, Ent};
    use rasd_ner::entities::EntityType;

    #[test]
    fn splits_actor_codes() {
        let f = split_actor("LBYMIL");
        assert_eq!((f.country.as_str(), f.types[0].as_str()), ("LBY", "MIL"));
        let f = split_actor("IGOMEAARL");
        assert_eq!(
            (
                f.country.as_str(),
                f.types[0].as_str(),
                f.known_group.as_str()
            ),
            ("", "IGO", "ARL")
        );
        let f = split_actor("PSEHMS");
        assert_eq!((f.country.as_str(), f.known_group.as_str()), ("PSE", "HMS"));
        let f = split_actor("RUS");
        assert_eq!(
            f,
            ActorFields {
                country: "RUS".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn writes_61_columns() {
        let events = code(
            "زار خليفة حفتر موسكو أمس.",
            Some("2016-11-28"),
            &[
                Ent("خليفة حفتر", EntityType::Pers, "LBYMIL"),
                Ent("موسكو", EntityType::Loc, "RUS"),
            ],
        );
        let mut out = Vec::new();
        let ctx = GdeltContext {
            first_id: 7,
            doc_id: "doc-1",
            url: None,
            published: Some("2016-11-28"),
        };
        let n = write_gdelt(&events, &[], ctx, &mut out).unwrap();
        assert_eq!(n, 1);
        let line = String::from_utf8(out).unwrap();
        let cols: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        assert_eq!(cols.len(), 61);
        assert_eq!(cols[0], "7");
        assert_eq!(cols[1], "20161127");
        assert_eq!(cols[2], "201611");
        assert_eq!(cols[5], "LBYMIL");
        assert_eq!(cols[7], "LBY");
        assert_eq!(cols[12], "MIL");
        assert_eq!(cols[15], "RUS");
        assert_eq!(cols[25], "1");
        assert_eq!(cols[26], "042");
        assert_eq!(cols[27], "042");
        assert_eq!(cols[28], "04");
        assert_eq!(cols[29], "1");
        assert_eq!(cols[59], "20161128000000");
        assert_eq!(cols[60], "doc-1");
        assert!(cols[4].starts_with("2016.9"));
    }
}
