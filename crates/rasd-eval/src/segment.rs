//! Clitic segmentation against Farasa's WikiNews gold (`WikiNews.pos.ref`).
//!
//! # The gold file
//!
//! One word per line, `seg+seg+…<TAB>TAG+TAG+…`, an optional header line
//! (`refTok(Farasa)<TAB>refPOS(Farasa)`) and CRLF or LF line ends; blank lines
//! are skipped. Segments are *normalised*: the article is written after
//! `ل` (`ل+ال+محتوى` for the surface `للمحتوى`), so [`GoldWord::surface`]
//! rebuilds the surface word that a system gets to see. A segment field made
//! only of `+` characters is a single segment (the plus sign word). Lines
//! whose segment and tag counts differ are kept and marked
//! ([`GoldWord::tags_mismatch`]); their tags are paired with the segments
//! from the left, and a segment left without a tag is not a clitic.
//!
//! # The system
//!
//! A closure gets each surface word and returns its segments
//! ([`SysSegment`]), written in the same normalised style as the gold
//! (`ل+ال+X`).
//!
//! # The two scores
//!
//! A word is right only when all its boundaries match; punctuation and
//! numbers count like any other word.
//!
//! * `words`: the full Farasa scheme, the segment sequences must be equal.
//! * `clitics`: only clitic boundaries count. On both sides every boundary
//!   that is not next to a clitic is removed, merging stem, inflectional
//!   suffixes and case endings into one piece, and the resulting sequences
//!   must be equal.
//!
//! Which segments are clitics:
//!
//! | side | clitics | merged into the stem |
//! | --- | --- | --- |
//! | gold, leading | `CONJ` و ف; `PREP` ب ل ك; `DET` ال; `FUT_PART` س | — |
//! | gold, trailing after the stem | `PRON` ه ها هم هما هن ك كم كما كن ي نا ني | `NSUFF`, `CASE`, subject `PRON` (ت وا ون ان ا تم تن تا …), anything else |
//! | system | [`SegKind::Proclitic`], [`SegKind::Enclitic`] | [`SegKind::Stem`], [`SegKind::Suffix`] |
//!
//! Leading clitics are taken from the start of the word while they qualify;
//! trailing ones from the end, while they qualify and at least one segment
//! that is not a leading clitic stays before them. The gold cannot tell a
//! subject `نا`/`ي` (كتبنا, تكتبي) from an object one, and counts both as
//! clitics.
//!
//! ```
//! use rasd_eval::segment::{parse_farasa, score, SegKind, SysSegment};
//!
//! let gold = parse_farasa("و+ال+كتاب\tCONJ+DET+NOUN\r\nكتب+وا\tV+PRON\r\n").unwrap();
//! assert_eq!(gold[0].surface(), "والكتاب");
//!
//! let seg = |text: &str, kind| SysSegment { text: text.to_string(), kind };
//! let scores = score(&gold, |word| match word {
//!     "والكتاب" => vec![seg("و", SegKind::Proclitic), seg("ال", SegKind::Proclitic), seg("كتاب", SegKind::Stem)],
//!     _ => vec![seg(word, SegKind::Stem)],
//! });
//! assert_eq!(scores.n_words, 2);
//! assert_eq!(scores.words, 50.0); // كتبوا was not split off its subject suffix
//! assert_eq!(scores.clitics, 100.0); // which does not count as a clitic
//! ```

use serde::Serialize;

use crate::prf::percent;
use crate::EvalError;

/// How many wrong words [`score`] keeps as samples.
pub const MAX_ERRORS: usize = 50;

/// One word of the Farasa gold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldWord {
    segments: Vec<String>,
    tags: Vec<String>,
    line: usize,
}

impl GoldWord {
    /// The segments, in the gold's normalised spelling.
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// The tags (`NOUN`, `DET`, …), one per segment unless
    /// [`GoldWord::tags_mismatch`].
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// 1-based line in the gold file.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Whether the line had a different number of segments and tags.
    pub fn tags_mismatch(&self) -> bool {
        self.segments.len() != self.tags.len()
    }

    /// The segments joined with `+`, as the gold writes them.
    pub fn segmentation(&self) -> String {
        self.segments.join("+")
    }

    /// The surface word: the segments joined, with the article's alef
    /// dropped after `ل` (`ل+ال+X` is `لل`+X, and `ل`+X when X starts with
    /// `ل`, as in `ل+ال+لغة` = `للغة`).
    pub fn surface(&self) -> String {
        let s = &self.segments;
        let mut out = String::new();
        for (i, seg) in s.iter().enumerate() {
            if seg == "ال" && i > 0 && s[i - 1] == "ل" && i + 1 < s.len() {
                if !s[i + 1].starts_with('ل') {
                    out.push('ل');
                }
                continue;
            }
            out.push_str(seg);
        }
        out
    }

    /// The segments with every non-clitic boundary removed (see the module
    /// docs): `و+ال+ترشيح+ات+ها` gives `و`, `ال`, `ترشيحات`, `ها`.
    pub fn clitic_segments(&self) -> Vec<String> {
        let n = self.segments.len();
        let tag = |i: usize| self.tags.get(i).map_or("", String::as_str);
        let mut clitic = vec![false; n];
        let mut stem = 0;
        while stem < n && is_gold_proclitic(&self.segments[stem], tag(stem)) {
            clitic[stem] = true;
            stem += 1;
        }
        let mut end = n;
        while end > stem + 1 && is_gold_enclitic(&self.segments[end - 1], tag(end - 1)) {
            clitic[end - 1] = true;
            end -= 1;
        }
        merge_runs(self.segments.iter().map(String::as_str).zip(clitic))
    }
}

fn is_gold_proclitic(seg: &str, tag: &str) -> bool {
    match tag {
        "CONJ" => matches!(seg, "و" | "ف"),
        "PREP" => matches!(seg, "ب" | "ل" | "ك"),
        "DET" => seg == "ال",
        "FUT_PART" => seg == "س",
        _ => false,
    }
}

fn is_gold_enclitic(seg: &str, tag: &str) -> bool {
    tag == "PRON"
        && matches!(
            seg,
            "ه" | "ها"
                | "هم"
                | "هما"
                | "هن"
                | "ك"
                | "كم"
                | "كما"
                | "كن"
                | "ي"
                | "نا"
                | "ني"
        )
}

/// Keeps each clitic as a piece of its own and joins each run of
/// non-clitics into one piece.
fn merge_runs<'a>(segments: impl Iterator<Item = (&'a str, bool)>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_run = false;
    for (seg, clitic) in segments {
        match out.last_mut() {
            Some(last) if in_run && !clitic => last.push_str(seg),
            _ => out.push(seg.to_string()),
        }
        in_run = !clitic;
    }
    out
}

/// What a system segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SegKind {
    /// A clitic before the stem: و ف ب ل ك س ال.
    Proclitic,
    /// The stem.
    Stem,
    /// An inflectional suffix, part of the word: ة ات ين ون ان وا ت ا …
    Suffix,
    /// A pronoun clitic after the stem: ه ها هم ي نا …
    Enclitic,
}

impl SegKind {
    /// Whether the segment is a clitic (proclitic or enclitic).
    pub fn is_clitic(self) -> bool {
        matches!(self, SegKind::Proclitic | SegKind::Enclitic)
    }
}

/// One segment produced by the system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SysSegment {
    /// Its text, in the gold's normalised style (`ال` restored after `ل`).
    pub text: String,
    /// What it is.
    pub kind: SegKind,
}

/// A word the system got wrong under at least one scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SegError {
    /// 1-based line in the gold file.
    pub line: usize,
    /// The surface word given to the system.
    pub word: String,
    /// Gold segmentation, `+`-joined.
    pub gold: String,
    /// System segmentation, `+`-joined.
    pub system: String,
    /// Whether the full segmentation was right.
    pub words_ok: bool,
    /// Whether the clitic segmentation was right.
    pub clitics_ok: bool,
}

/// Segmentation scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegScores {
    /// Percent of words whose full segmentation is right.
    pub words: f64,
    /// Percent of words whose clitic segmentation is right.
    pub clitics: f64,
    /// Words scored.
    pub n_words: usize,
    /// Words whose full segmentation is right.
    pub words_correct: usize,
    /// Words whose clitic segmentation is right.
    pub clitics_correct: usize,
    /// Gold words whose segment and tag counts differed (scored anyway, see
    /// the module docs).
    pub n_tag_mismatch: usize,
    /// Up to [`MAX_ERRORS`] sample errors, in file order.
    pub errors: Vec<SegError>,
}

/// Reads the Farasa gold (its contents).
///
/// Errors name the line: a line without exactly one tab, or with an empty
/// segment or tag (`a++b`).
pub fn parse_farasa(text: &str) -> Result<Vec<GoldWord>, EvalError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut words = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() || (n == 1 && line.starts_with("refTok")) {
            continue;
        }
        let Some((segs, tags)) = line.split_once('\t') else {
            return Err(EvalError::parse(
                n,
                "expected `segments<TAB>tags`, found no tab",
            ));
        };
        if tags.contains('\t') {
            return Err(EvalError::parse(
                n,
                "expected `segments<TAB>tags`, found two tabs",
            ));
        }
        let segments = split_plus(segs, n, "segment")?;
        let tags = split_plus(tags.trim(), n, "tag")?;
        words.push(GoldWord {
            segments,
            tags,
            line: n,
        });
    }
    Ok(words)
}

fn split_plus(field: &str, n: usize, what: &str) -> Result<Vec<String>, EvalError> {
    if field.is_empty() {
        return Err(EvalError::parse(n, format!("empty {what} field")));
    }
    if field.chars().all(|c| c == '+') {
        return Ok(vec![field.to_string()]);
    }
    let parts: Vec<String> = field.split('+').map(str::to_string).collect();
    if parts.iter().any(String::is_empty) {
        return Err(EvalError::parse(n, format!("empty {what} in {field:?}")));
    }
    Ok(parts)
}

/// Runs the system on every gold word's surface form and scores it.
pub fn score<F>(gold: &[GoldWord], system: F) -> SegScores
where
    F: FnMut(&str) -> Vec<SysSegment>,
{
    score_keeping(gold, system, MAX_ERRORS)
}

/// [`score`], keeping up to `max_errors` sample errors.
pub fn score_keeping<F>(gold: &[GoldWord], mut system: F, max_errors: usize) -> SegScores
where
    F: FnMut(&str) -> Vec<SysSegment>,
{
    let mut words_correct = 0;
    let mut clitics_correct = 0;
    let mut errors = Vec::new();
    for g in gold {
        let word = g.surface();
        let sys = system(&word);
        let words_ok = sys.len() == g.segments.len()
            && sys.iter().zip(&g.segments).all(|(s, gs)| s.text == *gs);
        let sys_clitics = merge_runs(sys.iter().map(|s| (s.text.as_str(), s.kind.is_clitic())));
        let clitics_ok = sys_clitics == g.clitic_segments();
        words_correct += usize::from(words_ok);
        clitics_correct += usize::from(clitics_ok);
        if !(words_ok && clitics_ok) && errors.len() < max_errors {
            errors.push(SegError {
                line: g.line,
                word,
                gold: g.segmentation(),
                system: sys
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join("+"),
                words_ok,
                clitics_ok,
            });
        }
    }
    SegScores {
        words: percent(words_correct, gold.len()),
        clitics: percent(clitics_correct, gold.len()),
        n_words: gold.len(),
        words_correct,
        clitics_correct,
        n_tag_mismatch: gold.iter().filter(|g| g.tags_mismatch()).count(),
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(line: &str) -> GoldWord {
        let mut words = parse_farasa(line).unwrap();
        assert_eq!(words.len(), 1, "{line}");
        words.remove(0)
    }

    #[test]
    fn parse_reads_header_crlf_and_quirks() {
        let text = "refTok(Farasa)\trefPOS(Farasa)\r\nو+ال+كتاب\tCONJ+DET+NOUN\r\n+\tPUNC\r\n\r\nال+بيت\tDET+NOUN+NSUFF\r\n";
        let words = parse_farasa(text).unwrap();
        let got: Vec<(Vec<&str>, usize, bool, usize)> = words
            .iter()
            .map(|w| {
                let segs = w.segments().iter().map(String::as_str).collect();
                (segs, w.tags().len(), w.tags_mismatch(), w.line())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (vec!["و", "ال", "كتاب"], 3, false, 2),
                (vec!["+"], 1, false, 3),
                (vec!["ال", "بيت"], 3, true, 5),
            ]
        );
        // LF only and no header work too.
        assert_eq!(
            parse_farasa("بيت\tNOUN\nو+بيت\tCONJ+NOUN").unwrap().len(),
            2
        );
    }

    #[test]
    fn parse_errors_name_the_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("بيت\tNOUN\r\nبيت NOUN\r\n", 2, "no tab"),
            ("بيت\tNOUN\tX\n", 1, "two tabs"),
            ("بيت\tNOUN\nو++بيت\tCONJ+NOUN\n", 2, "empty segment"),
            ("و+بيت\tCONJ+\n", 1, "empty tag"),
            ("و+بيت\t\n", 1, "empty tag field"),
        ];
        for (input, line, what) in cases {
            match parse_farasa(input) {
                Err(EvalError::Parse { line: l, message }) => {
                    assert_eq!(l, *line, "{input:?}");
                    assert!(message.contains(what), "{input:?}: {message}");
                }
                other => panic!("{input:?}: expected a parse error, got {other:?}"),
            }
        }
    }

    #[test]
    fn surface_table() {
        let cases: &[(&str, &str)] = &[
            ("ل+ال+كتاب\tPREP+DET+NOUN", "للكتاب"),
            ("ل+ال+ليل\tPREP+DET+NOUN", "لليل"),
            ("و+ل+ال+بيت\tCONJ+PREP+DET+NOUN", "وللبيت"),
            ("و+ال+كتاب\tCONJ+DET+NOUN", "والكتاب"),
            ("ب+ال+قلم\tPREP+DET+NOUN", "بالقلم"),
            ("ترشيح+ات+ها\tNOUN+NSUFF+PRON", "ترشيحاتها"),
            ("+\tPUNC", "+"),
            ("2016\tNUM", "2016"),
        ];
        for (line, surface) in cases {
            assert_eq!(word(line).surface(), *surface, "{line}");
        }
    }

    #[test]
    fn clitic_segments_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "و+ال+ترشيح+ات+ها\tCONJ+DET+NOUN+NSUFF+PRON",
                &["و", "ال", "ترشيحات", "ها"],
            ),
            ("و+س+يقول+ون\tCONJ+FUT_PART+V+PRON", &["و", "س", "يقولون"]),
            ("كتب+ت+ه\tV+PRON+PRON", &["كتبت", "ه"]),
            ("ف+قال+وا\tCONJ+V+PRON", &["ف", "قالوا"]),
            ("كتاب+ا\tNOUN+CASE", &["كتابا"]),
            ("من+ه\tPREP+PRON", &["من", "ه"]),
            ("ب+ها\tPREP+PRON", &["ب", "ها"]),
            ("ك+ال+بيت\tPREP+DET+NOUN", &["ك", "ال", "بيت"]),
            ("ل+ال+كتاب\tPREP+DET+NOUN", &["ل", "ال", "كتاب"]),
            // Only و and ف are clitic conjunctions, only ب ل ك clitic prepositions.
            ("أو\tCONJ", &["أو"]),
            ("في+ها\tPREP+PRON", &["في", "ها"]),
            // A pronoun that is not an object clitic stays in the stem.
            ("مدرس+ين\tNOUN+NSUFF", &["مدرسين"]),
            ("رأي+تم+ه\tV+PRON+PRON", &["رأيتم", "ه"]),
            // Clitic-looking segments with other tags are not clitics.
            ("ب+يت\tNOUN+NOUN", &["بيت"]),
            // Counts that differ: tags paired from the left, the rest is stem.
            ("و+ال+كتاب+ة\tCONJ+DET+NOUN", &["و", "ال", "كتابة"]),
            ("ال+كتاب\tDET+NOUN+NSUFF", &["ال", "كتاب"]),
        ];
        for (line, expected) in cases {
            assert_eq!(word(line).clitic_segments(), *expected, "{line}");
        }
    }

    fn seg(text: &str, kind: SegKind) -> SysSegment {
        SysSegment {
            text: text.to_string(),
            kind,
        }
    }

    #[test]
    fn score_table() {
        use SegKind::*;
        let gold = parse_farasa(
            "و+ال+كتاب\tCONJ+DET+NOUN\nكتب+ت+ه\tV+PRON+PRON\nل+ال+بيت\tPREP+DET+NOUN\n.\tPUNC\nبيت\tNOUN\n",
        )
        .unwrap();
        // (name, system, words correct, clitics correct)
        type System = fn(&str) -> Vec<SysSegment>;
        let cases: &[(&str, System, usize, usize)] = &[
            ("no split at all", |w| vec![seg(w, Stem)], 2, 2),
            (
                "perfect",
                |w| match w {
                    "والكتاب" => {
                        vec![seg("و", Proclitic), seg("ال", Proclitic), seg("كتاب", Stem)]
                    }
                    "كتبته" => vec![seg("كتب", Stem), seg("ت", Suffix), seg("ه", Enclitic)],
                    "للبيت" => {
                        vec![seg("ل", Proclitic), seg("ال", Proclitic), seg("بيت", Stem)]
                    }
                    _ => vec![seg(w, Stem)],
                },
                5,
                5,
            ),
            (
                "clitics right, suffix not split",
                |w| match w {
                    "والكتاب" => {
                        vec![seg("و", Proclitic), seg("ال", Proclitic), seg("كتاب", Stem)]
                    }
                    "كتبته" => vec![seg("كتبت", Stem), seg("ه", Enclitic)],
                    "للبيت" => {
                        vec![seg("ل", Proclitic), seg("ال", Proclitic), seg("بيت", Stem)]
                    }
                    _ => vec![seg(w, Stem)],
                },
                4,
                5,
            ),
            (
                "article not restored after ل",
                |w| match w {
                    "للبيت" => vec![seg("ل", Proclitic), seg("لبيت", Stem)],
                    _ => vec![seg(w, Stem)],
                },
                2,
                2,
            ),
            (
                "a suffix called a clitic",
                |w| match w {
                    "كتبته" => vec![seg("كتب", Stem), seg("ت", Enclitic), seg("ه", Enclitic)],
                    _ => vec![seg(w, Stem)],
                },
                3,
                2,
            ),
            ("nothing returned", |_| Vec::new(), 0, 0),
        ];
        for (name, system, words, clitics) in cases {
            let scores = score(&gold, system);
            assert_eq!(scores.n_words, 5, "{name}");
            assert_eq!(
                (scores.words_correct, scores.clitics_correct),
                (*words, *clitics),
                "{name}"
            );
            assert_eq!(scores.words, percent(*words, 5), "{name}");
            assert_eq!(scores.clitics, percent(*clitics, 5), "{name}");
            let wrong = scores
                .errors
                .iter()
                .filter(|e| !(e.words_ok && e.clitics_ok))
                .count();
            assert_eq!(wrong, scores.errors.len(), "{name}");
            assert_eq!(scores.errors.len(), 5 - words.min(clitics), "{name}");
        }
    }

    #[test]
    fn errors_are_capped_and_mismatches_counted() {
        let line = "و+ال+كتاب\tCONJ+DET+NOUN\nال+كتاب\tDET+NOUN+NSUFF\n".repeat(40);
        let gold = parse_farasa(&line).unwrap();
        let scores = score(&gold, |w| vec![seg(w, SegKind::Stem)]);
        assert_eq!(scores.n_words, 80);
        assert_eq!(scores.n_tag_mismatch, 40);
        assert_eq!(scores.errors.len(), MAX_ERRORS);
        let first = &scores.errors[0];
        assert_eq!(
            (
                first.line,
                first.word.as_str(),
                first.gold.as_str(),
                first.system.as_str()
            ),
            (1, "والكتاب", "و+ال+كتاب", "والكتاب")
        );
        // Serialises for the CLI.
        let json = serde_json::to_value(&scores).unwrap();
        assert_eq!(json["n_words"], 80);
    }
}
