//! Arabic date expressions, resolved against the publication date.
//!
//! | form | examples | needs the publication date |
//! |---|---|---|
//! | relative day | اليوم، أمس، أمس الأول، أول أمس، غدا، بعد غد، الليلة، الليلة الماضية، البارحة | yes |
//! | part of a day | صباح اليوم، مساء أمس، فجر الأحد، ليلة أمس | yes |
//! | weekday | الأحد، يوم الاثنين، الثلاثاء الماضي، الخميس المقبل، اليوم الاثنين، أمس الأحد | yes |
//! | Gregorian date | 28 نوفمبر 2016، ٢٨ تشرين الثاني ٢٠١٦، 28 نوفمبر/تشرين الثاني 2016، 5 جوان، الخامس من يونيو | only without a year |
//! | numeric date | 2016/11/28، 28-11-2016 | no |
//! | part of a month | منتصف نوفمبر 2016، أواخر الشهر الماضي، مطلع الشهر المقبل | with الشهر or without a year |
//! | Hijri date | 27 صفر 1438 هـ، 10 ذو الحجة 1437 | only without a year |
//!
//! A weekday is the nearest day with that name: the past one (or today),
//! unless the clause is about the future (سـ، سوف، من المقرر، من المنتظر…),
//! then the coming one; الماضي / المنصرم and المقبل / القادم force the
//! direction (and exclude today). When a relative day and a weekday are given
//! together and disagree (a wire story dated the next day), the weekday wins:
//! the date is the day with that name nearest to the relative day.
//!
//! Hijri dates are converted with the arithmetic (tabular) Islamic calendar,
//! which can differ from the sighted calendar by a day or two: such dates,
//! and the parts of a month, are marked `approximate`.
//!
//! ```
//! use rasd_events::temporal::{resolve_dates, Date};
//! use rasd_text::TextAnalyzer;
//!
//! let text = "وصل الوفد أمس الأحد إلى موسكو.";
//! let a = TextAnalyzer::new().analyze(text);
//! let dates = resolve_dates(text, &a, Date::parse("2016-11-28"));
//! assert_eq!(dates[0].date.to_string(), "2016-11-27");
//! assert_eq!(dates[0].text, "أمس الأحد");
//! ```

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use rasd_text::{Analysis, Span};

use crate::keys::{Keys, AL, BI, FA, KA, LI, SA, WA};

/// A day of the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year (astronomical numbering).
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

/// Days in `month` of `year` (Gregorian).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (1..=12)
            .contains(&month)
            .then_some(())
            .filter(|_| day >= 1 && day <= days_in_month(year, month))
            .map(|_| Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (anything after the tenth character, such as a
    /// time, is ignored).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        Date::new(y, m, d)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + if month <= 2 { 1 } else { 0 }) as i32;
        Date { year, month, day }
    }

    /// Day of the week: 0 = Sunday (الأحد) … 6 = Saturday (السبت).
    pub fn weekday(&self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        (self.to_days() + 4).rem_euclid(7) as u8
    }

    /// The date `n` days later (earlier for negative `n`).
    pub fn add_days(&self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// The same day `n` months later, clamped to the month's length.
    pub fn add_months(&self, n: i32) -> Date {
        let m0 = self.year * 12 + self.month as i32 - 1 + n;
        let (year, month) = (m0.div_euclid(12), (m0.rem_euclid(12) + 1) as u8);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// R.D. (Calendrical Calculations fixed day) of 1970-01-01.
const RD_UNIX: i64 = 719163;
/// R.D. of 1 Muharram 1 AH (Julian 622-07-16), the civil epoch.
const ISLAMIC_EPOCH: i64 = 227015;

/// Converts a Hijri date to Gregorian with the arithmetic (tabular) Islamic
/// calendar (civil epoch, leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29
/// of each 30-year cycle). Observed calendars may differ by a day or two.
pub fn hijri_to_gregorian(year: i32, month: u8, day: u8) -> Option<Date> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || year < 1 {
        return None;
    }
    let y = year as i64;
    let m = month as i64;
    let rd = ISLAMIC_EPOCH - 1
        + (y - 1) * 354
        + (3 + 11 * y).div_euclid(30)
        + 29 * (m - 1)
        + m / 2
        + day as i64;
    Some(Date::from_days(rd - RD_UNIX))
}

/// The tabular Hijri date (year, month, day) of a Gregorian date.
pub fn gregorian_to_hijri(date: Date) -> (i32, u8, u8) {
    let rd = date.to_days() + RD_UNIX;
    let year = (30 * (rd - ISLAMIC_EPOCH) + 10646).div_euclid(10631) as i32;
    let first = hijri_to_gregorian(year, 1, 1)
        .map(|d| d.to_days() + RD_UNIX)
        .unwrap_or(rd);
    let month = (((rd - first) * 2 + 58) / 59 + 1).clamp(1, 12) as u8;
    let mut month = month;
    // Step back when the estimate overshoots (the month has not begun).
    while month > 1
        && hijri_to_gregorian(year, month, 1)
            .map(|d| d.to_days() + RD_UNIX)
            .unwrap_or(0)
            > rd
    {
        month -= 1;
    }
    let start = hijri_to_gregorian(year, month, 1)
        .map(|d| d.to_days() + RD_UNIX)
        .unwrap_or(rd);
    (year, month, (rd - start + 1) as u8)
}

/// What kind of expression a date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    /// اليوم، أمس، غدا، الليلة… (with or without a weekday).
    Relative,
    /// A weekday name alone (الأحد، الثلاثاء الماضي).
    Weekday,
    /// A Gregorian date with a month name.
    Gregorian,
    /// A numeric date (2016/11/28).
    Numeric,
    /// A part of a month (منتصف نوفمبر، أواخر الشهر الماضي).
    MonthPart,
    /// A Hijri date.
    Hijri,
}

/// A resolved date expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// The resolved day.
    pub date: Date,
    /// Byte span of the phrase in the original text (leading و ف ب ل ك
    /// excluded).
    pub span: Span,
    /// The phrase as written.
    pub text: String,
    /// Token range of the phrase.
    pub tokens: Range<usize>,
    /// What it came from.
    pub kind: DateKind,
    /// True for Hijri dates (tabular calendar, ±1 day) and parts of a month.
    pub approximate: bool,
}

/// A calendar month name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Series {
    Gregorian,
    Hijri,
}

/// One-word and two-word month names, folded, without the article.
struct Months {
    one: HashMap<&'static str, (Series, u8)>,
    /// (first word, second word) → month.
    two: HashMap<(&'static str, &'static str), (Series, u8)>,
}

static MONTHS: LazyLock<Months> = LazyLock::new(|| {
    use Series::*;
    let one = [
        // Egypt, the Gulf, most of the press.
        ("يناير", 1),
        ("فبراير", 2),
        ("مارس", 3),
        ("ابريل", 4),
        ("مايو", 5),
        ("يونيو", 6),
        ("يونيه", 6),
        ("يوني", 6),
        ("يوليو", 7),
        ("يوليه", 7),
        ("يولي", 7),
        ("اغسطس", 8),
        ("سبتمبر", 9),
        ("اكتوبر", 10),
        ("نوفمبر", 11),
        ("ديسمبر", 12),
        // Algeria and Tunisia (from French).
        ("جانفي", 1),
        ("فيفري", 2),
        ("افريل", 4),
        ("ماي", 5),
        ("جوان", 6),
        ("جويليه", 7),
        ("جويلي", 7),
        ("اوت", 8),
        // Morocco.
        ("يوليوز", 7),
        ("غشت", 8),
        ("شتنبر", 9),
        ("نونبر", 11),
        ("دجنبر", 12),
        // The Levant and Iraq (Syriac names).
        ("شباط", 2),
        ("اذار", 3),
        ("نيسان", 4),
        ("ايار", 5),
        ("حزيران", 6),
        ("تموز", 7),
        ("اب", 8),
        ("ايلول", 9),
    ]
    .into_iter()
    .map(|(k, m)| (k, (Gregorian, m)))
    .chain(
        [
            ("محرم", 1),
            ("صفر", 2),
            ("رجب", 7),
            ("شعبان", 8),
            ("رمضان", 9),
            ("شوال", 10),
        ]
        .into_iter()
        .map(|(k, m)| (k, (Hijri, m))),
    )
    .collect();
    let two = [
        (("كانون", "ثاني"), (Gregorian, 1)),
        (("تشرين", "اول"), (Gregorian, 10)),
        (("تشرين", "ثاني"), (Gregorian, 11)),
        (("كانون", "اول"), (Gregorian, 12)),
        (("ربيع", "اول"), (Hijri, 3)),
        (("ربيع", "ثاني"), (Hijri, 4)),
        (("ربيع", "اخر"), (Hijri, 4)),
        (("جمادي", "اولي"), (Hijri, 5)),
        (("جمادي", "اول"), (Hijri, 5)),
        (("جمادي", "اخره"), (Hijri, 6)),
        (("جمادي", "ثانيه"), (Hijri, 6)),
        (("جمادي", "ثاني"), (Hijri, 6)),
        (("ذو", "قعده"), (Hijri, 11)),
        (("ذي", "قعده"), (Hijri, 11)),
        (("ذو", "حجه"), (Hijri, 12)),
        (("ذي", "حجه"), (Hijri, 12)),
    ]
    .into_iter()
    .collect();
    Months { one, two }
});

/// Weekday names (folded, without the article) → 0 = Sunday.
fn weekday_of(key: &str) -> Option<u8> {
    Some(match key {
        "احد" => 0,
        "اثنين" => 1,
        "ثلاثاء" | "ثلاثا" => 2,
        "اربعاء" | "اربعا" => 3,
        "خميس" => 4,
        "جمعه" => 5,
        "سبت" => 6,
        _ => return None,
    })
}

/// Ordinal day words (الأول … العاشر, and the units of compounds).
fn ordinal_unit(key: &str) -> Option<u8> {
    Some(match key {
        "اول" | "حادي" => 1,
        "ثاني" => 2,
        "ثالث" => 3,
        "رابع" => 4,
        "خامس" => 5,
        "سادس" => 6,
        "سابع" => 7,
        "ثامن" => 8,
        "تاسع" => 9,
        "عاشر" => 10,
        _ => return None,
    })
}

/// Words for a part of a month → day (0 = the last day).
fn month_part(key: &str) -> Option<u8> {
    Some(match key {
        "مطلع" | "بدايه" | "اوائل" | "مستهل" | "غره" => 1,
        "منتصف" | "اواسط" => 15,
        "اواخر" => 25,
        "نهايه" | "اخر" => 0,
        _ => return None,
    })
}

/// Direction words after الشهر / العام / a weekday.
fn direction(key: &str) -> Option<i32> {
    Some(match key {
        "جاري" | "حالي" => 0,
        "ماضي" | "منصرم" | "فايت" | "ماضيه" | "منصرمه" => -1,
        "مقبل" | "قادم" | "مقبله" | "قادمه" => 1,
        _ => return None,
    })
}

fn era_marker(key: &str) -> bool {
    matches!(
        key,
        "م" | "ه" | "هجري" | "هجريه" | "ميلادي" | "ميلاديه" | "للميلاد" | "للهجره"
    )
}

/// Keys that can start a date phrase (besides numbers): relative days,
/// parts of a day or month, weekdays, ordinals, month names.
static STARTERS: LazyLock<crate::lexicon::FxSet<&'static str>> = LazyLock::new(|| {
    let mut s: crate::lexicon::FxSet<&'static str> = [
        "يوم",
        "امس",
        "بارحه",
        "اول",
        "غدا",
        "غد",
        "بعد",
        "ليله",
        "صباح",
        "مساء",
        "ظهر",
        "فجر",
        "عصر",
        "ظهيره",
        "ضحي",
        "سحر",
        "احد",
        "اثنين",
        "ثلاثاء",
        "ثلاثا",
        "اربعاء",
        "اربعا",
        "خميس",
        "جمعه",
        "سبت",
        "مطلع",
        "بدايه",
        "اوائل",
        "مستهل",
        "غره",
        "منتصف",
        "اواسط",
        "اواخر",
        "نهايه",
        "اخر",
        "حادي",
        "ثاني",
        "ثالث",
        "رابع",
        "خامس",
        "سادس",
        "سابع",
        "ثامن",
        "تاسع",
        "عاشر",
        "عشرين",
        "ثلاثين",
    ]
    .into_iter()
    .collect();
    s.extend(MONTHS.one.keys().copied());
    s.extend(MONTHS.two.keys().map(|(a, _)| *a));
    s
});

/// Clitics a phrase's span leaves out at its start.
const LEADING: u16 = WA | FA | BI | LI | KA;

/// Resolves the date expressions of `text` (analyzed as `a`) against the
/// publication date. Without it, only dates that carry their year resolve.
pub fn resolve_dates(text: &str, a: &Analysis, published: Option<Date>) -> Vec<DateMention> {
    let keys = Keys::new(text, a);
    resolve_with_keys(text, a, &keys, published)
}

/// [`resolve_dates`] with the document's keys already computed.
pub(crate) fn resolve_with_keys(
    text: &str,
    a: &Analysis,
    k: &Keys,
    published: Option<Date>,
) -> Vec<DateMention> {
    let n = k.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        // Most tokens cannot start a date phrase.
        let key = k.key(i);
        if !key.as_bytes().first().is_some_and(u8::is_ascii_digit) && !STARTERS.contains(key) {
            i += 1;
            continue;
        }
        let found = numeric_at(k, i)
            .or_else(|| explicit_at(k, i, published))
            .or_else(|| month_relative_at(k, i, published))
            .or_else(|| relative_at(a, k, i, published));
        match found {
            Some((range, date, kind, approximate)) => {
                let span = phrase_span(a, k, range.clone());
                out.push(DateMention {
                    date,
                    span,
                    text: span.slice(text).to_owned(),
                    tokens: range.clone(),
                    kind,
                    approximate,
                });
                i = range.end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

type Found = (Range<usize>, Date, DateKind, bool);

fn phrase_span(a: &Analysis, k: &Keys, r: Range<usize>) -> Span {
    let tokens = a.tokens();
    let first = &tokens[r.start];
    let mut start = first.span.start;
    if k.flags(r.start) & LEADING != 0 {
        // Skip the leading conjunction/preposition segments (not ال).
        for s in a.segments(first) {
            match a.form(s) {
                "و" | "ف" | "ب" | "ل" | "ك" => start = s.span.end,
                _ => break,
            }
        }
    }
    Span::new(start, tokens[r.end - 1].span.end)
}

fn number(k: &Keys, i: usize) -> Option<u32> {
    if !k.is_number(i) {
        return None;
    }
    let s = k.key(i);
    if s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// 2016/11/28, 28-11-2016, 28.11.2016 (day first unless the year is first
/// or the middle number cannot be a month).
fn numeric_at(k: &Keys, i: usize) -> Option<Found> {
    let s = k.key(i);
    if !s.as_bytes().first()?.is_ascii_digit() || !s.contains(['/', '-', '.']) {
        return None;
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let date = if parts[0].len() == 4 {
        Date::new(nums[0] as i32, nums[1] as u8, nums[2].min(255) as u8)
    } else if parts[2].len() == 4 {
        let (d, m) = if nums[1] > 12 && nums[0] <= 12 {
            (nums[1], nums[0])
        } else {
            (nums[0], nums[1])
        };
        Date::new(nums[2] as i32, m.min(255) as u8, d.min(255) as u8)
    } else {
        None
    }?;
    if !(1900..=2100).contains(&date.year) {
        return None;
    }
    Some((i..i + 1, date, DateKind::Numeric, false))
}

/// The month name at `i`: (series, month, end of the name).
fn month_at(k: &Keys, i: usize) -> Option<(Series, u8, usize)> {
    let key = k.key(i);
    if let Some(&(s, m)) = MONTHS.two.get(&(key, k.key(i + 1))) {
        return Some((s, m, i + 2));
    }
    MONTHS.one.get(key).map(|&(s, m)| (s, m, i + 1))
}

/// An ordinal day ending at token `j` (inclusive): (day, first token).
fn ordinal_before(k: &Keys, j: usize) -> Option<(u8, usize)> {
    let key = k.key(j);
    let tens = match key {
        "عشرين" => Some(20),
        "ثلاثين" => Some(30),
        _ => None,
    };
    if let Some(t) = tens {
        if k.has(j, WA) && j >= 1 {
            if let Some(u) = ordinal_unit(k.key(j - 1)) {
                return Some((t + u, j - 1));
            }
        }
        return Some((t, j));
    }
    if key == "عشر" && j >= 1 {
        if let Some(u) = ordinal_unit(k.key(j - 1)) {
            return (u < 10).then_some((10 + u, j - 1));
        }
    }
    if k.has(j, AL) {
        return ordinal_unit(key).map(|u| (u, j));
    }
    None
}

/// A date built around a month name: [day | ordinal من | part] MONTH
/// [/ other series name] [year [era]].
fn explicit_at(k: &Keys, i: usize, published: Option<Date>) -> Option<Found> {
    let (series, month, mut end) = month_at(k, i)?;
    // What comes before the month name.
    let mut start = i;
    let mut day = None;
    let mut part = None;
    if i >= 1 {
        if let Some(d) = number(k, i - 1).filter(|d| (1..=31).contains(d)) {
            day = Some(d as u8);
            start = i - 1;
        } else if k.is(i - 1, "من") && i >= 2 {
            if let Some(d) = number(k, i - 2).filter(|d| (1..=31).contains(d)) {
                day = Some(d as u8);
                start = i - 2;
            } else if let Some((d, s)) = ordinal_before(k, i - 2) {
                day = Some(d);
                start = s;
            }
        } else if let Some(p) = month_part(k.key(i - 1)) {
            part = Some(p);
            start = i - 1;
        } else if k.is(i - 1, "شهر") && i >= 2 {
            if let Some(p) = month_part(k.key(i - 2)) {
                part = Some(p);
                start = i - 2;
            }
        }
    }
    // An equivalent name of the other series: نوفمبر/تشرين الثاني, تشرين الثاني (نوفمبر).
    if k.is_punct(end) && matches!(k.key(end), "/" | "-" | "(" | "،") {
        if let Some((_, _, e2)) = month_at(k, end + 1) {
            end = e2;
            if k.is(end, ")") {
                end += 1;
            }
        }
    } else if let Some((_, _, e2)) = month_at(k, end) {
        end = e2;
    }
    // The year.
    let mut year = None;
    let (lo, hi) = match series {
        Series::Gregorian => (1800, 2200),
        Series::Hijri => (1300, 1600),
    };
    let mut y_at = end;
    if k.is(y_at, "عام") || k.is(y_at, "سنه") {
        y_at += 1;
    }
    if let Some(y) = number(k, y_at).filter(|y| (lo..=hi).contains(y)) {
        year = Some(y as i32);
        end = y_at + 1;
        if era_marker(k.key(end)) {
            end += 1;
        }
    } else if (k.is(end, "عام") || k.is(end, "سنه")) && k.has(end, AL) {
        // "من العام الماضي" is handled below through the direction word.
        if let (Some(p), Some(dir)) = (published, direction(k.key(end + 1))) {
            year = Some(match series {
                Series::Gregorian => p.year + dir,
                Series::Hijri => gregorian_to_hijri(p).0 + dir,
            });
            end += 2;
        }
    } else if k.is(end, "من") && (k.is(end + 1, "عام") || k.is(end + 1, "سنه")) {
        if let (Some(p), Some(dir)) = (published, direction(k.key(end + 2))) {
            year = Some(match series {
                Series::Gregorian => p.year + dir,
                Series::Hijri => gregorian_to_hijri(p).0 + dir,
            });
            end += 3;
        }
    }
    if day.is_none() && part.is_none() {
        // A bare month name (مارس is also a verb, اب "father", صفر "zero")
        // or a month and year without a day: not a day.
        return None;
    }
    let year = match year {
        Some(y) => y,
        None => nearest_year(series, month, day.or(part).unwrap_or(1), published?)?,
    };
    let mut approximate = part.is_some();
    let date = match series {
        Series::Gregorian => {
            let d = match (day, part) {
                (Some(d), _) => d,
                (None, Some(0)) => days_in_month(year, month),
                (None, Some(p)) => p,
                (None, None) => return None,
            };
            Date::new(year, month, d)?
        }
        Series::Hijri => {
            approximate = true;
            let d = match (day, part) {
                (Some(d), _) => d.min(30),
                (None, Some(0)) => 29,
                (None, Some(p)) => p,
                (None, None) => return None,
            };
            hijri_to_gregorian(year, month, d)?
        }
    };
    let kind = match (series, part) {
        (Series::Hijri, _) => DateKind::Hijri,
        (_, Some(_)) => DateKind::MonthPart,
        _ => DateKind::Gregorian,
    };
    Some((start..end, date, kind, approximate))
}

/// The year that puts `month`/`day` nearest to the publication date.
fn nearest_year(series: Series, month: u8, day: u8, p: Date) -> Option<i32> {
    let base = match series {
        Series::Gregorian => p.year,
        Series::Hijri => gregorian_to_hijri(p).0,
    };
    let to_date = |y: i32| match series {
        Series::Gregorian => Date::new(y, month, day.clamp(1, days_in_month(y, month))),
        Series::Hijri => hijri_to_gregorian(y, month, day.clamp(1, 30)),
    };
    (base - 1..=base + 1)
        .filter_map(|y| to_date(y).map(|d| (y, (d.to_days() - p.to_days()).abs())))
        .min_by_key(|&(_, dist)| dist)
        .map(|(y, _)| y)
}

/// منتصف الشهر الجاري، أواخر الشهر الماضي، مطلع الشهر المقبل.
fn month_relative_at(k: &Keys, i: usize, published: Option<Date>) -> Option<Found> {
    let part = month_part(k.key(i))?;
    if !(k.is(i + 1, "شهر") && k.has(i + 1, AL)) {
        return None;
    }
    let p = published?;
    let (dir, end) = match direction(k.key(i + 2)) {
        Some(d) if k.has(i + 2, AL) => (d, i + 3),
        _ => (0, i + 2),
    };
    let m = p.add_months(dir);
    let day = if part == 0 {
        days_in_month(m.year, m.month)
    } else {
        part
    };
    let date = Date::new(m.year, m.month, day)?;
    Some((i..end, date, DateKind::MonthPart, true))
}

/// Relative days and weekdays.
fn relative_at(a: &Analysis, k: &Keys, i: usize, published: Option<Date>) -> Option<Found> {
    let mut j = i;
    // An optional lead: يوم (no article) or a part of the day.
    let lead = match k.key(j) {
        "يوم" if !k.has(j, AL) => true,
        "صباح" | "مساء" | "ظهر" | "فجر" | "عصر" | "ظهيره" | "ضحي" | "سحر" => {
            true
        }
        "ليله" if !k.has(j, AL) => true,
        _ => false,
    };
    if lead {
        j += 1;
    }
    let mut offset: Option<i64> = None;
    let key = k.key(j);
    match key {
        "يوم" if k.has(j, AL) => {
            // Not "اليوم الوطني", "اليوم التالي", "ذلك اليوم".
            let next = k.key(j + 1);
            let blocked_next = k.has(j + 1, AL)
                && matches!(
                    next,
                    "وطني"
                        | "عالمي"
                        | "دولي"
                        | "تالي"
                        | "اول"
                        | "ثاني"
                        | "ثالث"
                        | "اخير"
                        | "سابق"
                        | "نفسه"
                        | "ذاته"
                        | "مفتوح"
                        | "دراسي"
                );
            let prev = if i >= 1 { k.key(i - 1) } else { "" };
            if blocked_next || matches!(prev, "ذلك" | "نفس" | "ذات" | "هذا") {
                return None;
            }
            offset = Some(0);
            j += 1;
        }
        "امس" | "بارحه" => {
            offset = Some(-1);
            j += 1;
            if k.is(j, "اول") && k.has(j, AL) {
                offset = Some(-2);
                j += 1;
            }
        }
        "اول" if !k.has(j, AL) => {
            if k.is(j + 1, "امس") {
                offset = Some(-2);
                j += 2;
            } else if k.is(j + 1, "من") && k.is(j + 2, "امس") {
                offset = Some(-2);
                j += 3;
            } else {
                return None;
            }
        }
        "غدا" => {
            offset = Some(1);
            j += 1;
        }
        "غد" if k.has(j, AL) => {
            offset = Some(1);
            j += 1;
        }
        "بعد" if k.is(j + 1, "غد") => {
            offset = Some(2);
            j += 2;
        }
        "ليله" if k.has(j, AL) => {
            offset = Some(0);
            j += 1;
            if k.has(j, AL) && matches!(direction(k.key(j)), Some(-1)) {
                offset = Some(-1);
                j += 1;
            }
        }
        _ => {}
    }
    // An optional (or, without a relative day, required) weekday.
    let mut weekday = None;
    let wkey = k.key(j);
    if let Some(w) = weekday_of(wkey) {
        let named = k.has(j, AL) || lead || offset.is_some();
        let blocked = wkey == "اثنين"
            && (matches!(if j >= 1 { k.key(j - 1) } else { "" }, "بين" | "كلا")
                || k.is(j + 1, "معا"));
        if named && !blocked {
            weekday = Some(w);
            j += 1;
        }
    }
    if offset.is_none() && weekday.is_none() {
        return None;
    }
    // A direction after a weekday: الأحد الماضي، الخميس المقبل.
    let mut dir = None;
    if weekday.is_some() && k.has(j, AL) {
        if let Some(d) = direction(k.key(j)).filter(|&d| d != 0) {
            dir = Some(d);
            j += 1;
        }
    }
    let p = published?;
    let pw = p.weekday() as i64;
    let date = match (offset, weekday) {
        (Some(off), None) => p.add_days(off),
        (Some(off), Some(w)) => {
            let r = p.add_days(off);
            // The day named w nearest to r.
            let mut delta = (w as i64 - r.weekday() as i64).rem_euclid(7);
            if delta > 3 {
                delta -= 7;
            }
            r.add_days(delta)
        }
        (None, Some(w)) => {
            let back = (pw - w as i64).rem_euclid(7);
            let fwd = (w as i64 - pw).rem_euclid(7);
            match dir {
                Some(-1) => p.add_days(-(if back == 0 { 7 } else { back })),
                Some(_) => p.add_days(if fwd == 0 { 7 } else { fwd }),
                None if future_context(a, k, i) => p.add_days(fwd),
                None => p.add_days(-back),
            }
        }
        (None, None) => return None,
    };
    let kind = if offset.is_some() {
        DateKind::Relative
    } else {
        DateKind::Weekday
    };
    Some((i..j, date, kind, false))
}

/// True when the sentence of token `i`, up to `i`, speaks of the future:
/// a verb with سـ, سوف, or من المقرر / المنتظر / المتوقع / المرتقب / المزمع.
fn future_context(a: &Analysis, k: &Keys, i: usize) -> bool {
    let start = a
        .sentences()
        .iter()
        .find(|s| s.tokens.start <= i && i < s.tokens.end)
        .map(|s| s.tokens.start)
        .unwrap_or(0);
    (start.max(i.saturating_sub(30))..i).any(|j| {
        let key = k.key(j);
        (k.has(j, SA) && key.starts_with(['ي', 'ت', 'ن', 'ا']))
            || key == "سوف"
            || (k.has(j, AL) && matches!(key, "مقرر" | "منتظر" | "متوقع" | "مرتقب" | "مزمع"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasd_text::TextAnalyzer;

    #[test]
    fn calendar_arithmetic() {
        let d = Date::parse("2016-11-28").unwrap();
        assert_eq!(d.weekday(), 1, "a Monday");
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.add_days(-1).to_string(), "2016-11-27");
        assert_eq!(d.add_days(34).to_string(), "2017-01-01");
        assert_eq!(
            Date::parse("2016-02-29").unwrap().add_days(1).to_string(),
            "2016-03-01"
        );
        assert!(Date::parse("2015-02-29").is_none());
        assert!(Date::parse("28/11/2016").is_none());
        assert_eq!(
            Date::parse("2016-01-31").unwrap().add_months(1).to_string(),
            "2016-02-29"
        );
        assert_eq!(
            Date::parse("2016-01-15")
                .unwrap()
                .add_months(-1)
                .to_string(),
            "2015-12-15"
        );
        assert_eq!(Date::parse("1970-01-01").unwrap().to_days(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().weekday(), 3);
    }

    #[test]
    fn tabular_hijri_calendar() {
        // Known tabular (civil) dates; observed calendars differ by ±1 day.
        for (h, g) in [
            ((1, 1, 1), "0622-07-19"), // Julian 622-07-16 in the proleptic Gregorian calendar
            ((1437, 9, 1), "2016-06-07"),
            ((1438, 1, 1), "2016-10-03"),
            ((1445, 1, 1), "2023-07-19"),
            ((1420, 1, 1), "1999-04-17"),
        ] {
            let d = hijri_to_gregorian(h.0, h.1, h.2).unwrap();
            assert_eq!(d.to_string(), g, "{h:?}");
            assert_eq!(gregorian_to_hijri(d), h, "{g}");
        }
        // Round trip over a few years.
        let start = Date::parse("2010-01-01").unwrap();
        for n in 0..2000 {
            let d = start.add_days(n);
            let (y, m, dd) = gregorian_to_hijri(d);
            assert_eq!(hijri_to_gregorian(y, m, dd), Some(d));
        }
        assert!(hijri_to_gregorian(1437, 13, 1).is_none());
    }

    /// (sentence, publication date, expected (phrase, ISO date)…)
    type Case<'a> = (&'a str, Option<&'a str>, &'a [(&'a str, &'a str)]);

    fn check(cases: &[Case<'_>]) {
        let analyzer = TextAnalyzer::new();
        for (text, published, expected) in cases {
            let a = analyzer.analyze(text);
            let got: Vec<(String, String)> =
                resolve_dates(text, &a, published.and_then(Date::parse))
                    .into_iter()
                    .map(|m| {
                        assert_eq!(m.span.slice(text), m.text);
                        (m.text, m.date.to_string())
                    })
                    .collect();
            let want: Vec<(String, String)> = expected
                .iter()
                .map(|(p, d)| (p.to_string(), d.to_string()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    const MON: Option<&str> = Some("2016-11-28"); // a Monday

    #[test]
    fn relative_days() {
        check(&[
            (
                "وصل الوفد اليوم إلى القاهرة",
                MON,
                &[("اليوم", "2016-11-28")],
            ),
            ("وصل الوفد أمس إلى القاهرة", MON, &[("أمس", "2016-11-27")]),
            ("التقى الوزيران بالأمس", MON, &[("الأمس", "2016-11-27")]),
            ("وقع الانفجار أمس الأول", MON, &[("أمس الأول", "2016-11-26")]),
            ("وقع الانفجار أول أمس", MON, &[("أول أمس", "2016-11-26")]),
            (
                "وقع الانفجار أول من أمس",
                MON,
                &[("أول من أمس", "2016-11-26")],
            ),
            ("يصل المبعوث غدا إلى الخرطوم", MON, &[("غدا", "2016-11-29")]),
            ("يصل المبعوث غداً إلى الخرطوم", MON, &[("غداً", "2016-11-29")]),
            ("تبدأ المحادثات بعد غد", MON, &[("بعد غد", "2016-11-30")]),
            ("يلتقي الزعيمان الليلة", MON, &[("الليلة", "2016-11-28")]),
            (
                "قصفت الطائرات المدينة الليلة الماضية",
                MON,
                &[("الليلة الماضية", "2016-11-27")],
            ),
            (
                "قصفت الطائرات المدينة ليلة أمس",
                MON,
                &[("ليلة أمس", "2016-11-27")],
            ),
            (
                "قصفت الطائرات المدينة البارحة",
                MON,
                &[("البارحة", "2016-11-27")],
            ),
            (
                "وصل الرئيس صباح اليوم",
                MON,
                &[("صباح اليوم", "2016-11-28")],
            ),
            ("وصل الرئيس مساء أمس", MON, &[("مساء أمس", "2016-11-27")]),
            (
                "اندلعت الاشتباكات فجر اليوم",
                MON,
                &[("فجر اليوم", "2016-11-28")],
            ),
            ("وصل الرئيس يوم أمس", MON, &[("يوم أمس", "2016-11-27")]),
            ("ويصل الوزير صباح الغد", MON, &[("صباح الغد", "2016-11-29")]),
            (
                "وقال الوزير اليوم الاثنين إن",
                MON,
                &[("اليوم الاثنين", "2016-11-28")],
            ),
            ("وصل الوفد أمس الأحد", MON, &[("أمس الأحد", "2016-11-27")]),
            // The wire story is a day older than its publication date: the weekday wins.
            ("وصل الوفد أمس السبت", MON, &[("أمس السبت", "2016-11-26")]),
            (
                "ويبدأ الوفد زيارته غدا الثلاثاء",
                MON,
                &[("غدا الثلاثاء", "2016-11-29")],
            ),
            // Conjunction and preposition stay outside the phrase.
            ("وأمس التقى الوزيران", MON, &[("أمس", "2016-11-27")]),
        ]);
    }

    #[test]
    fn relative_days_need_a_publication_date() {
        check(&[
            ("وصل الوفد أمس الأحد إلى موسكو", None, &[]),
            ("يصل المبعوث غدا", None, &[]),
        ]);
    }

    #[test]
    fn not_dates() {
        check(&[
            ("احتفلت البلاد باليوم الوطني", MON, &[]),
            ("وفي اليوم التالي غادر الوفد", MON, &[]),
            ("ومنذ ذلك اليوم لم يعد", MON, &[]),
            ("قال أحد المسؤولين إن", MON, &[]),
            ("الخلاف بين الاثنين قديم", MON, &[]),
            ("مارس الضغط على الحكومة", MON, &[]),
            ("صفر من النتائج", MON, &[]),
            ("أعلن الجيش في نوفمبر 2016", MON, &[]),
        ]);
    }

    #[test]
    fn weekdays() {
        check(&[
            // Published on a Monday: the nearest past day of that name.
            ("التقى الرئيس نظيره الأحد", MON, &[("الأحد", "2016-11-27")]),
            (
                "التقى الرئيس نظيره يوم الأحد",
                MON,
                &[("يوم الأحد", "2016-11-27")],
            ),
            ("قال الوزير الاثنين إن", MON, &[("الاثنين", "2016-11-28")]),
            ("وقع الهجوم الثلاثاء", MON, &[("الثلاثاء", "2016-11-22")]),
            (
                "وقع الهجوم يوم الأربعاء",
                MON,
                &[("يوم الأربعاء", "2016-11-23")],
            ),
            ("وقع الهجوم الخميس", MON, &[("الخميس", "2016-11-24")]),
            (
                "خرجت مظاهرات بعد صلاة الجمعة",
                MON,
                &[("الجمعة", "2016-11-25")],
            ),
            ("وصل الوفد السبت", MON, &[("السبت", "2016-11-26")]),
            ("وصل الوفد مساء السبت", MON, &[("مساء السبت", "2016-11-26")]),
            // الماضي / المقبل and future clauses.
            (
                "التقى الرئيس نظيره الاثنين الماضي",
                MON,
                &[("الاثنين الماضي", "2016-11-21")],
            ),
            (
                "يلتقي الرئيس نظيره الاثنين المقبل",
                MON,
                &[("الاثنين المقبل", "2016-12-05")],
            ),
            (
                "يلتقي الرئيس نظيره الخميس القادم",
                MON,
                &[("الخميس القادم", "2016-12-01")],
            ),
            (
                "سيزور الرئيس موسكو الخميس",
                MON,
                &[("الخميس", "2016-12-01")],
            ),
            (
                "سوف يزور الرئيس موسكو يوم الأربعاء",
                MON,
                &[("يوم الأربعاء", "2016-11-30")],
            ),
            (
                "من المقرر أن تعقد القمة الأحد",
                MON,
                &[("الأحد", "2016-12-04")],
            ),
            ("ووقع الانفجار والخميس", MON, &[("الخميس", "2016-11-24")]),
        ]);
    }

    #[test]
    fn gregorian_dates() {
        check(&[
            (
                "وقع البلدان الاتفاق في 28 نوفمبر 2016",
                None,
                &[("28 نوفمبر 2016", "2016-11-28")],
            ),
            (
                "وقع البلدان الاتفاق في ٢٨ نوفمبر ٢٠١٦",
                None,
                &[("٢٨ نوفمبر ٢٠١٦", "2016-11-28")],
            ),
            (
                "في ۲۸ نوفمبر ۲۰۱۶",
                None,
                &[("۲۸ نوفمبر ۲۰۱۶", "2016-11-28")],
            ),
            ("في 3 يناير 2017م", None, &[("3 يناير 2017م", "2017-01-03")]),
            (
                "في 3 يناير 2017 م",
                None,
                &[("3 يناير 2017 م", "2017-01-03")],
            ),
            (
                "في 14 فبراير 2011",
                None,
                &[("14 فبراير 2011", "2011-02-14")],
            ),
            ("في 20 مارس 2003", None, &[("20 مارس 2003", "2003-03-20")]),
            ("في 6 أبريل 2015", None, &[("6 أبريل 2015", "2015-04-06")]),
            ("في 6 إبريل 2015", None, &[("6 إبريل 2015", "2015-04-06")]),
            ("في 25 مايو 2014", None, &[("25 مايو 2014", "2014-05-25")]),
            ("في 30 يونيو 2013", None, &[("30 يونيو 2013", "2013-06-30")]),
            ("في 30 يونيه 2013", None, &[("30 يونيه 2013", "2013-06-30")]),
            ("في 3 يوليو 2013", None, &[("3 يوليو 2013", "2013-07-03")]),
            ("في 14 أغسطس 2013", None, &[("14 أغسطس 2013", "2013-08-14")]),
            (
                "في 11 سبتمبر 2001",
                None,
                &[("11 سبتمبر 2001", "2001-09-11")],
            ),
            ("في 6 أكتوبر 1973", None, &[("6 أكتوبر 1973", "1973-10-06")]),
            (
                "في 31 ديسمبر 2016",
                None,
                &[("31 ديسمبر 2016", "2016-12-31")],
            ),
            // Maghreb names.
            ("في 14 جانفي 2011", None, &[("14 جانفي 2011", "2011-01-14")]),
            ("في 22 فيفري 2019", None, &[("22 فيفري 2019", "2019-02-22")]),
            ("في 2 أفريل 2019", None, &[("2 أفريل 2019", "2019-04-02")]),
            ("في 8 ماي 1945", None, &[("8 ماي 1945", "1945-05-08")]),
            ("في 19 جوان 1965", None, &[("19 جوان 1965", "1965-06-19")]),
            ("في 5 جويلية 1962", None, &[("5 جويلية 1962", "1962-07-05")]),
            ("في 20 أوت 1955", None, &[("20 أوت 1955", "1955-08-20")]),
            // Levantine names.
            (
                "في 15 كانون الثاني 2016",
                None,
                &[("15 كانون الثاني 2016", "2016-01-15")],
            ),
            ("في 15 شباط 2016", None, &[("15 شباط 2016", "2016-02-15")]),
            ("في 15 آذار 2011", None, &[("15 آذار 2011", "2011-03-15")]),
            ("في 15 نيسان 2016", None, &[("15 نيسان 2016", "2016-04-15")]),
            ("في 15 أيار 2016", None, &[("15 أيار 2016", "2016-05-15")]),
            (
                "في 15 حزيران 2016",
                None,
                &[("15 حزيران 2016", "2016-06-15")],
            ),
            ("في 15 تموز 2016", None, &[("15 تموز 2016", "2016-07-15")]),
            ("في 4 آب 2020", None, &[("4 آب 2020", "2020-08-04")]),
            ("في 15 أيلول 2016", None, &[("15 أيلول 2016", "2016-09-15")]),
            (
                "في 15 تشرين الأول 2016",
                None,
                &[("15 تشرين الأول 2016", "2016-10-15")],
            ),
            (
                "في 15 تشرين الثاني 2016",
                None,
                &[("15 تشرين الثاني 2016", "2016-11-15")],
            ),
            (
                "في 15 كانون الأول 2016",
                None,
                &[("15 كانون الأول 2016", "2016-12-15")],
            ),
            // Both series together.
            (
                "في 28 نوفمبر/تشرين الثاني 2016",
                None,
                &[("28 نوفمبر/تشرين الثاني 2016", "2016-11-28")],
            ),
            (
                "في 28 تشرين الثاني (نوفمبر) 2016",
                None,
                &[("28 تشرين الثاني (نوفمبر) 2016", "2016-11-28")],
            ),
            // Ordinal days.
            (
                "في الخامس من يونيو 1967",
                None,
                &[("الخامس من يونيو 1967", "1967-06-05")],
            ),
            (
                "في الحادي عشر من سبتمبر 2001",
                None,
                &[("الحادي عشر من سبتمبر 2001", "2001-09-11")],
            ),
            (
                "في الخامس والعشرين من يناير 2011",
                None,
                &[("الخامس والعشرين من يناير 2011", "2011-01-25")],
            ),
            (
                "في 25 من يناير 2011",
                None,
                &[("25 من يناير 2011", "2011-01-25")],
            ),
        ]);
    }

    #[test]
    fn dates_without_a_year_take_the_nearest() {
        check(&[
            (
                "وقع الاتفاق في 5 يونيو",
                Some("2016-06-10"),
                &[("5 يونيو", "2016-06-05")],
            ),
            (
                "تنتهي المهلة في 5 يناير",
                Some("2016-12-20"),
                &[("5 يناير", "2017-01-05")],
            ),
            (
                "بدأ الإضراب في 20 ديسمبر",
                Some("2017-01-03"),
                &[("20 ديسمبر", "2016-12-20")],
            ),
            ("وقع الاتفاق في 5 يونيو", None, &[]),
            (
                "في 28 نوفمبر من العام الماضي",
                MON,
                &[("28 نوفمبر من العام الماضي", "2015-11-28")],
            ),
        ]);
    }

    #[test]
    fn numeric_dates() {
        check(&[
            ("بتاريخ 2016/11/28", None, &[("2016/11/28", "2016-11-28")]),
            ("بتاريخ 28-11-2016", None, &[("28-11-2016", "2016-11-28")]),
            ("بتاريخ ٢٨/١١/٢٠١٦", None, &[("٢٨/١١/٢٠١٦", "2016-11-28")]),
            ("بتاريخ 2016-13-28", None, &[]),
        ]);
    }

    #[test]
    fn parts_of_a_month() {
        check(&[
            (
                "منتصف نوفمبر 2016",
                None,
                &[("منتصف نوفمبر 2016", "2016-11-15")],
            ),
            (
                "في أواخر أكتوبر 2016",
                None,
                &[("أواخر أكتوبر 2016", "2016-10-25")],
            ),
            (
                "في مطلع يناير 2017",
                None,
                &[("مطلع يناير 2017", "2017-01-01")],
            ),
            (
                "في نهاية فبراير 2016",
                None,
                &[("نهاية فبراير 2016", "2016-02-29")],
            ),
            (
                "منتصف شهر مارس 2011",
                None,
                &[("منتصف شهر مارس 2011", "2011-03-15")],
            ),
            (
                "في منتصف الشهر الجاري",
                MON,
                &[("منتصف الشهر الجاري", "2016-11-15")],
            ),
            (
                "في أواخر الشهر الماضي",
                MON,
                &[("أواخر الشهر الماضي", "2016-10-25")],
            ),
            (
                "في مطلع الشهر المقبل",
                MON,
                &[("مطلع الشهر المقبل", "2016-12-01")],
            ),
            ("في منتصف الشهر", MON, &[("منتصف الشهر", "2016-11-15")]),
            (
                "في نهاية الشهر الحالي",
                MON,
                &[("نهاية الشهر الحالي", "2016-11-30")],
            ),
            ("في منتصف الشهر الجاري", None, &[]),
        ]);
    }

    #[test]
    fn hijri_dates() {
        check(&[
            (
                "في 27 صفر 1438 هـ",
                None,
                &[("27 صفر 1438 هـ", "2016-11-28")],
            ),
            (
                "في 10 ذو الحجة 1437هـ",
                None,
                &[("10 ذو الحجة 1437هـ", "2016-09-13")],
            ),
            (
                "في 10 ذي الحجة 1437",
                None,
                &[("10 ذي الحجة 1437", "2016-09-13")],
            ),
            ("في 1 محرم 1438", None, &[("1 محرم 1438", "2016-10-03")]),
            (
                "في 12 ربيع الأول 1438",
                None,
                &[("12 ربيع الأول 1438", "2016-12-12")],
            ),
            (
                "في 5 ربيع الآخر 1438",
                None,
                &[("5 ربيع الآخر 1438", "2017-01-04")],
            ),
            (
                "في 5 ربيع الثاني 1438",
                None,
                &[("5 ربيع الثاني 1438", "2017-01-04")],
            ),
            (
                "في 5 جمادى الأولى 1438",
                None,
                &[("5 جمادى الأولى 1438", "2017-02-02")],
            ),
            (
                "في 5 جمادى الآخرة 1438",
                None,
                &[("5 جمادى الآخرة 1438", "2017-03-04")],
            ),
            ("في 5 رجب 1438", None, &[("5 رجب 1438", "2017-04-02")]),
            ("في 15 شعبان 1437", None, &[("15 شعبان 1437", "2016-05-23")]),
            (
                "في 1 رمضان 1437 هـ",
                None,
                &[("1 رمضان 1437 هـ", "2016-06-07")],
            ),
            ("في 1 شوال 1437", None, &[("1 شوال 1437", "2016-07-07")]),
            (
                "في 5 ذو القعدة 1437",
                None,
                &[("5 ذو القعدة 1437", "2016-08-09")],
            ),
            // The nearest Hijri year to the publication date.
            ("في 27 صفر", MON, &[("27 صفر", "2016-11-28")]),
        ]);
    }

    #[test]
    fn hijri_dates_are_approximate() {
        let text = "في 27 صفر 1438 هـ الموافق 28 نوفمبر 2016";
        let a = TextAnalyzer::new().analyze(text);
        let dates = resolve_dates(text, &a, None);
        assert_eq!(dates.len(), 2);
        assert!(dates[0].approximate && dates[0].kind == DateKind::Hijri);
        assert!(!dates[1].approximate && dates[1].kind == DateKind::Gregorian);
        assert_eq!(dates[0].date, dates[1].date);
    }
}
