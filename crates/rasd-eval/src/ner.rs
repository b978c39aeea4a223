//! Named-entity scores in the style of conlleval: an entity is right when
//! both its token span and its type match.
//!
//! # The gold file
//!
//! ANERcorp-style `token TAG` lines ([`parse_token_tags`]): the last
//! whitespace-separated field is the tag and the fields before it, joined by
//! a space, are the token. The RIGHT-TO-LEFT MARK U+200F (and U+200E, U+FEFF)
//! is removed first, which leaves the token empty on lines such as
//! `\u{200F} O`; lines with an empty token (` O`) are kept, so the result has
//! one entry per non-blank line. Blank lines are skipped. A tag must be `O`,
//! `B-TYPE` or `I-TYPE`.
//!
//! # Entities
//!
//! [`entities`] reads BIO or IOB1 tags as conlleval does: `B-X` always starts
//! an entity; `I-X` continues an entity of type X and starts one after `O` or
//! after another type. Any other tag counts as `O`.
//!
//! ```
//! use rasd_eval::ner::{entities, score};
//!
//! let gold = ["B-PERS", "I-PERS", "O", "I-LOC", "B-LOC"];
//! assert_eq!(
//!     entities(&gold),
//!     vec![("PERS".to_string(), 0, 2), ("LOC".to_string(), 3, 4), ("LOC".to_string(), 4, 5)],
//! );
//! let system = ["B-PERS", "I-PERS", "O", "B-LOC", "I-LOC"];
//! let scores = score(&gold, &system).unwrap();
//! assert_eq!((scores.micro.correct, scores.micro.gold, scores.micro.system), (1, 3, 2));
//! assert_eq!(scores.per_type["PERS"].f1, 100.0);
//! assert_eq!(scores.per_type["LOC"].f1, 0.0);
//! ```

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::prf::percent;
use crate::{EvalError, Prf};

/// Entity scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NerScores {
    /// All types together.
    pub micro: Prf,
    /// One entry per type found in the gold or the system.
    pub per_type: BTreeMap<String, Prf>,
    /// Percent of tokens whose tag is exactly right (conlleval's accuracy).
    pub accuracy: f64,
    /// Number of tokens.
    pub n_tokens: usize,
}

/// Characters removed from every field: bidi marks and the BOM.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{FEFF}')
}

/// Whether `tag` is `O`, `B-TYPE` or `I-TYPE`.
fn is_tag(tag: &str) -> bool {
    tag == "O"
        || tag
            .strip_prefix("B-")
            .or_else(|| tag.strip_prefix("I-"))
            .is_some_and(|ty| !ty.is_empty())
}

/// Reads `token TAG` lines (the file's contents) into `(token, tag)` pairs,
/// optionally only lines `first..=last` (1-based, inclusive).
///
/// Errors: a line range that does not fit the file, or a tag that is not `O`,
/// `B-TYPE` or `I-TYPE` (naming its line).
pub fn parse_token_tags(
    text: &str,
    lines: Option<(usize, usize)>,
) -> Result<Vec<(String, String)>, EvalError> {
    let total = text.lines().count();
    let (first, last) = lines.unwrap_or((1, total));
    if lines.is_some() && (first == 0 || first > last || last > total) {
        return Err(EvalError::LineRange {
            start: first,
            end: last,
            lines: total,
        });
    }
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate().skip(first.saturating_sub(1)) {
        let n = i + 1;
        if n > last {
            break;
        }
        let clean: String = raw.chars().filter(|&c| !is_invisible(c)).collect();
        let mut fields: Vec<&str> = clean.split_whitespace().collect();
        let Some(tag) = fields.pop() else {
            continue;
        };
        if !is_tag(tag) {
            return Err(EvalError::parse(
                n,
                format!("{tag:?} is not a tag (expected O, B-TYPE or I-TYPE)"),
            ));
        }
        out.push((fields.join(" "), tag.to_string()));
    }
    Ok(out)
}

/// The entities in a tag sequence as `(type, start, end)`, token indices,
/// end exclusive, in order.
pub fn entities<S: AsRef<str>>(tags: &[S]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(&str, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (begin, ty) = if let Some(ty) = tag.strip_prefix("B-").filter(|t| !t.is_empty()) {
            (true, Some(ty))
        } else if let Some(ty) = tag.strip_prefix("I-").filter(|t| !t.is_empty()) {
            (!matches!(open, Some((t, _)) if t == ty), Some(ty))
        } else {
            (false, None)
        };
        if begin || ty.is_none() {
            if let Some((t, s)) = open.take() {
                out.push((t.to_string(), s, i));
            }
        }
        if begin {
            open = ty.map(|t| (t, i));
        }
    }
    if let Some((t, s)) = open {
        out.push((t.to_string(), s, tags.len()));
    }
    out
}

/// Scores system tags against gold tags, token by token parallel.
///
/// Fails with [`EvalError::LengthMismatch`] when the sequences differ in length.
pub fn score<G: AsRef<str>, S: AsRef<str>>(
    gold: &[G],
    system: &[S],
) -> Result<NerScores, EvalError> {
    if gold.len() != system.len() {
        return Err(EvalError::LengthMismatch {
            gold: gold.len(),
            system: system.len(),
        });
    }
    let gold_entities = entities(gold);
    let system_entities = entities(system);
    let gold_set: HashSet<&(String, usize, usize)> = gold_entities.iter().collect();

    // (correct, gold, system) per type.
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for e in &gold_entities {
        counts.entry(e.0.clone()).or_default().1 += 1;
    }
    for e in &system_entities {
        let c = counts.entry(e.0.clone()).or_default();
        c.2 += 1;
        c.0 += usize::from(gold_set.contains(e));
    }
    let per_type: BTreeMap<String, Prf> = counts
        .into_iter()
        .map(|(t, (c, g, s))| (t, Prf::from_counts(c, g, s)))
        .collect();
    let right = gold
        .iter()
        .zip(system)
        .filter(|(g, s)| g.as_ref() == s.as_ref())
        .count();
    Ok(NerScores {
        micro: per_type.values().copied().sum(),
        per_type,
        accuracy: percent(right, gold.len()),
        n_tokens: gold.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn parse_table() {
        let file = "فاز B-PERS\nعلي\u{200F} I-PERS\n\u{200F} O\n O\nمصر\u{200F}12 \u{200F} I-LOC\n\nبيت\tO\nالقاهرة B-LOC";
        type Case = (Option<(usize, usize)>, Vec<(String, String)>);
        let cases: &[Case] = &[
            (
                None,
                pairs(&[
                    ("فاز", "B-PERS"),
                    ("علي", "I-PERS"),
                    ("", "O"),
                    ("", "O"),
                    ("مصر12", "I-LOC"),
                    ("بيت", "O"),
                    ("القاهرة", "B-LOC"),
                ]),
            ),
            (Some((2, 3)), pairs(&[("علي", "I-PERS"), ("", "O")])),
            (Some((6, 8)), pairs(&[("بيت", "O"), ("القاهرة", "B-LOC")])),
            (Some((8, 8)), pairs(&[("القاهرة", "B-LOC")])),
        ];
        for (range, expected) in cases {
            assert_eq!(
                &parse_token_tags(file, *range).unwrap(),
                expected,
                "{range:?}"
            );
        }
        // More than two fields: the tag is the last, the rest joins with a space.
        assert_eq!(
            parse_token_tags("a b O\n", None).unwrap(),
            pairs(&[("a b", "O")])
        );
    }

    #[test]
    fn parse_errors() {
        let file = "a O\nb B-LOC\nc E-LOC\nd B-\ne\n";
        let cases: &[(Option<(usize, usize)>, EvalError)] = &[
            (
                Some((3, 3)),
                EvalError::parse(3, "\"E-LOC\" is not a tag (expected O, B-TYPE or I-TYPE)"),
            ),
            (
                Some((4, 4)),
                EvalError::parse(4, "\"B-\" is not a tag (expected O, B-TYPE or I-TYPE)"),
            ),
            (
                Some((5, 5)),
                EvalError::parse(5, "\"e\" is not a tag (expected O, B-TYPE or I-TYPE)"),
            ),
            (
                Some((0, 2)),
                EvalError::LineRange {
                    start: 0,
                    end: 2,
                    lines: 5,
                },
            ),
            (
                Some((3, 2)),
                EvalError::LineRange {
                    start: 3,
                    end: 2,
                    lines: 5,
                },
            ),
            (
                Some((4, 6)),
                EvalError::LineRange {
                    start: 4,
                    end: 6,
                    lines: 5,
                },
            ),
        ];
        for (range, err) in cases {
            assert_eq!(
                parse_token_tags(file, *range).as_ref(),
                Err(err),
                "{range:?}"
            );
        }
        assert!(parse_token_tags(file, Some((1, 2))).is_ok());
        assert_eq!(
            parse_token_tags(file, None).unwrap_err().to_string(),
            "line 3: \"E-LOC\" is not a tag (expected O, B-TYPE or I-TYPE)"
        );
    }

    #[test]
    fn entities_table() {
        type Ents = &'static [(&'static str, usize, usize)];
        let cases: &[(&[&str], Ents)] = &[
            (&[], &[]),
            (&["O", "O"], &[]),
            (&["B-PER", "I-PER", "O"], &[("PER", 0, 2)]),
            // IOB1: I after O starts an entity.
            (&["O", "I-LOC", "I-LOC"], &[("LOC", 1, 3)]),
            // I of another type starts a new one.
            (&["B-PER", "I-LOC"], &[("PER", 0, 1), ("LOC", 1, 2)]),
            // B always starts a new one, even of the same type.
            (
                &["I-ORG", "B-ORG", "I-ORG"],
                &[("ORG", 0, 1), ("ORG", 1, 3)],
            ),
            (&["B-PER", "B-PER"], &[("PER", 0, 1), ("PER", 1, 2)]),
            // An entity at the very end.
            (&["O", "B-MISC", "I-MISC"], &[("MISC", 1, 3)]),
            // Unknown tags are O.
            (
                &["B-PER", "X", "I-PER", "B-"],
                &[("PER", 0, 1), ("PER", 2, 3)],
            ),
        ];
        for (tags, expected) in cases {
            let expected: Vec<(String, usize, usize)> = expected
                .iter()
                .map(|&(t, s, e)| (t.to_string(), s, e))
                .collect();
            assert_eq!(entities(tags), expected, "{tags:?}");
        }
    }

    #[test]
    fn score_table() {
        let gold = ["B-PERS", "I-PERS", "O", "B-LOC", "O", "B-ORG", "I-ORG"];
        // (system, micro (correct, gold, system), PERS, LOC, ORG)
        type C = (usize, usize, usize);
        let cases: &[([&str; 7], C, C, C, C)] = &[
            (gold, (3, 3, 3), (1, 1, 1), (1, 1, 1), (1, 1, 1)),
            (["O"; 7], (0, 3, 0), (0, 1, 0), (0, 1, 0), (0, 1, 0)),
            // Span too short, type wrong, one right.
            (
                ["B-PERS", "O", "O", "B-ORG", "O", "B-ORG", "I-ORG"],
                (1, 3, 3),
                (0, 1, 1),
                (0, 1, 0),
                (1, 1, 2),
            ),
            // IOB1 and BIO spellings of the same entities are equal.
            (
                ["I-PERS", "I-PERS", "O", "I-LOC", "O", "I-ORG", "I-ORG"],
                (3, 3, 3),
                (1, 1, 1),
                (1, 1, 1),
                (1, 1, 1),
            ),
        ];
        for (system, micro, pers, loc, org) in cases {
            let s = score(&gold, system).unwrap();
            let c = |p: &Prf| (p.correct, p.gold, p.system);
            assert_eq!(c(&s.micro), *micro, "{system:?}");
            assert_eq!(c(&s.per_type["PERS"]), *pers, "{system:?}");
            assert_eq!(c(&s.per_type["LOC"]), *loc, "{system:?}");
            assert_eq!(c(&s.per_type["ORG"]), *org, "{system:?}");
            assert_eq!(s.per_type.len(), 3);
            assert_eq!(s.n_tokens, 7);
        }
        let s = score(&gold, &["O"; 7]).unwrap();
        assert_eq!(s.accuracy, percent(2, 7));
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["micro"]["recall"], 0.0);
        assert_eq!(json["per_type"]["LOC"]["gold"], 1);
    }

    #[test]
    fn score_rejects_unequal_lengths() {
        assert_eq!(
            score(&["O", "O"], &["O"]),
            Err(EvalError::LengthMismatch { gold: 2, system: 1 })
        );
    }
}
