//! Scoring coded events against a gold file (`rasd eval events`).
//!
//! The gold format (JSON Lines, one article per line, with lists of
//! acceptable codes, actors and dates) and the matching rules are
//! documented in `testdata/events/README.md`. In short:
//!
//! * **root_pair**: (root code, source country, target country), a country
//!   being the first three letters of an actor code;
//! * **full**: (code, source actor, target actor, date);
//! * predictions: asserted or intended events with at least one actor,
//!   deduplicated per article on the scored key; for root_pair, gold events
//!   sharing their first-listed key are merged the same way;
//! * one-to-one matching inside each article (maximum bipartite matching,
//!   required gold events first; predictions matching an `optional` gold
//!   event count neither way).

use serde_json::Value;

use crate::coder::Event;
use crate::modality::Modality;

/// An error in a gold file.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// A line is not valid JSON.
    #[error("line {line}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A line lacks a required field or has one of the wrong type.
    #[error("line {line}: {message}")]
    Field {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One gold article.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldArticle {
    /// 1-based line in the gold file.
    pub line: usize,
    /// Corpus article id.
    pub id: Option<String>,
    /// The text itself (when no id is given).
    pub text: Option<String>,
    /// Publication date (ISO).
    pub published: Option<String>,
    /// The gold events.
    pub events: Vec<GoldEvent>,
}

/// One gold event: lists of acceptable values (`None`: not scored).
#[derive(Clone, Debug, PartialEq)]
pub struct GoldEvent {
    /// Acceptable CAMEO codes.
    pub codes: Vec<String>,
    /// Acceptable source actor codes (`"-"`: no source); `None`: anything.
    pub source: Option<Vec<String>>,
    /// Acceptable target actor codes; `None`: anything.
    pub target: Option<Vec<String>>,
    /// Acceptable dates; `None`: not scored.
    pub date: Option<Vec<String>>,
    /// Matching it is neither required nor penalized.
    pub optional: bool,
}

fn str_list(v: Option<&Value>) -> Result<Option<Vec<String>>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("not a string: {x}"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(other) => Err(format!("expected a string or a list, found {other}")),
    }
}

/// Parses a gold file. Blank lines and lines starting with `#` or `//`
/// are skipped.
pub fn parse_gold(text: &str) -> Result<Vec<GoldArticle>, GoldError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        let v: Value = serde_json::from_str(t).map_err(|e| GoldError::Json {
            line: line_no,
            message: e.to_string(),
        })?;
        let field = |message: String| GoldError::Field {
            line: line_no,
            message,
        };
        let id = v.get("id").and_then(Value::as_str).map(str::to_owned);
        let text = v.get("text").and_then(Value::as_str).map(str::to_owned);
        if id.is_none() && text.is_none() {
            return Err(field("needs \"id\" or \"text\"".into()));
        }
        let published = v
            .get("published")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let evs = v
            .get("events")
            .and_then(Value::as_array)
            .ok_or_else(|| field("needs an \"events\" list".into()))?;
        let mut events = Vec::new();
        for (n, e) in evs.iter().enumerate() {
            let at = |m: String| field(format!("event {}: {m}", n + 1));
            let codes = str_list(e.get("codes")).map_err(at)?.unwrap_or_default();
            if codes.is_empty() {
                return Err(at("needs \"codes\"".into()));
            }
            events.push(GoldEvent {
                codes,
                source: str_list(e.get("source")).map_err(at)?,
                target: str_list(e.get("target")).map_err(at)?,
                date: str_list(e.get("date")).map_err(at)?,
                optional: e.get("optional").and_then(Value::as_bool).unwrap_or(false),
            });
        }
        out.push(GoldArticle {
            line: line_no,
            id,
            text,
            published,
            events,
        });
    }
    Ok(out)
}

/// True/false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Matched required gold events.
    pub tp: usize,
    /// Unmatched predictions.
    pub fp: usize,
    /// Unmatched required gold events.
    pub fn_: usize,
}

impl Counts {
    /// Precision in percent.
    pub fn precision(&self) -> f64 {
        pct(self.tp, self.tp + self.fp)
    }

    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        pct(self.tp, self.tp + self.fn_)
    }

    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Adds another article's counts.
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// The scores of a gold set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    /// (root, source country, target country).
    pub root_pair: Counts,
    /// (code, source actor, target actor, date).
    pub full: Counts,
    /// Articles scored.
    pub articles: usize,
}

/// A prediction reduced to what is scored.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Predicted {
    /// CAMEO code.
    pub code: String,
    /// Source actor code.
    pub source: Option<String>,
    /// Target actor code.
    pub target: Option<String>,
    /// ISO date.
    pub date: Option<String>,
}

impl Predicted {
    /// The scored view of a coded event; `None` for negated or
    /// hypothetical events and events without any actor code.
    pub fn from_event(e: &Event) -> Option<Predicted> {
        if matches!(e.modality, Modality::Negated | Modality::Hypothetical) {
            return None;
        }
        let source = e.source.as_ref().and_then(|p| p.actor.clone());
        let target = e.target.as_ref().and_then(|p| p.actor.clone());
        if source.is_none() && target.is_none() {
            return None;
        }
        Some(Predicted {
            code: e.code.clone(),
            source,
            target,
            date: e.date.clone(),
        })
    }
}

fn country(a: &str) -> &str {
    a.get(..3).unwrap_or(a)
}

/// Does an actor prediction fit a gold list? `prefix`: compare countries.
fn actor_ok(gold: &Option<Vec<String>>, pred: &Option<String>, prefix: bool) -> bool {
    let Some(list) = gold else { return true };
    match pred {
        None => list.is_empty() || list.iter().any(|g| g == "-"),
        Some(p) => list.iter().filter(|g| *g != "-").any(|g| {
            if prefix {
                country(g) == country(p)
            } else {
                g == p
            }
        }),
    }
}

fn root_pair_ok(g: &GoldEvent, p: &Predicted) -> bool {
    let root = p.code.get(..2).unwrap_or("");
    g.codes.iter().any(|c| c.get(..2) == Some(root))
        && actor_ok(&g.source, &p.source, true)
        && actor_ok(&g.target, &p.target, true)
}

fn full_ok(g: &GoldEvent, p: &Predicted) -> bool {
    g.codes.contains(&p.code)
        && actor_ok(&g.source, &p.source, false)
        && actor_ok(&g.target, &p.target, false)
        && match &g.date {
            None => true,
            Some(list) => p.date.as_ref().is_some_and(|d| list.contains(d)),
        }
}

/// Scores one article's predictions on both metrics.
pub fn score_article(gold: &[GoldEvent], predicted: &[Predicted]) -> (Counts, Counts) {
    let (rp_gold, rp_keys) = root_pair_inputs(gold, predicted);
    let full_keys = dedup(predicted, |p| p.clone());
    (
        matching(&rp_gold, &rp_keys, root_pair_ok).counts(),
        matching(gold, &full_keys, full_ok).counts(),
    )
}

/// The root-pair errors of one article: the required gold events (merged
/// on their key) that no prediction matched, and the predictions (one per
/// key) that fit no gold event, required or optional. What `--verbose`
/// marks; a list of gold events alone overstates the misses, as the
/// merged ones count once.
pub fn root_pair_errors(
    gold: &[GoldEvent],
    predicted: &[Predicted],
) -> (Vec<GoldEvent>, Vec<Predicted>) {
    let (rp_gold, rp_keys) = root_pair_inputs(gold, predicted);
    let m = matching(&rp_gold, &rp_keys, root_pair_ok);
    let missed = m
        .required
        .iter()
        .filter(|(_, m)| m.is_none())
        .map(|(g, _)| (*g).clone())
        .collect();
    let wrong = rp_keys
        .iter()
        .zip(&m.used)
        .filter(|(_, u)| !**u)
        .map(|(p, _)| p.clone())
        .collect();
    (missed, wrong)
}

/// The gold events and predictions the root-pair metric compares.
/// Predictions are deduplicated on the root-pair key, so gold events that
/// share their first-listed key (two clashes between the same two
/// countries) are one gold event for this metric too; otherwise a perfect
/// coder could not reach full recall.
fn root_pair_inputs(
    gold: &[GoldEvent],
    predicted: &[Predicted],
) -> (Vec<GoldEvent>, Vec<Predicted>) {
    let rp_keys = dedup(predicted, |p| {
        (
            p.code.get(..2).unwrap_or("").to_owned(),
            p.source.as_deref().map(country).map(str::to_owned),
            p.target.as_deref().map(country).map(str::to_owned),
        )
    });
    (collapse_root_pairs(gold), rp_keys)
}

/// Gold events with distinct first-listed root-pair keys; a merged event is
/// required when any of those it stands for is.
fn collapse_root_pairs(gold: &[GoldEvent]) -> Vec<GoldEvent> {
    let first = |v: &Option<Vec<String>>| {
        v.as_ref()
            .and_then(|l| l.first())
            .map(|a| country(a).to_owned())
    };
    let key = |g: &GoldEvent| {
        (
            g.codes.first().map(|c| c.get(..2).unwrap_or("").to_owned()),
            first(&g.source),
            first(&g.target),
        )
    };
    let mut keys = Vec::new();
    let mut out: Vec<GoldEvent> = Vec::new();
    for g in gold {
        let k = key(g);
        match keys.iter().position(|x| *x == k) {
            Some(i) => out[i].optional &= g.optional,
            None => {
                keys.push(k);
                out.push(g.clone());
            }
        }
    }
    out
}

/// Predictions with distinct keys (the first of each).
fn dedup<K: PartialEq>(predicted: &[Predicted], key: impl Fn(&Predicted) -> K) -> Vec<Predicted> {
    let mut seen: Vec<K> = Vec::new();
    let mut out = Vec::new();
    for p in predicted {
        let k = key(p);
        if !seen.contains(&k) {
            seen.push(k);
            out.push(p.clone());
        }
    }
    out
}

/// The outcome of matching one article on one metric.
struct Matching<'g> {
    /// Each required gold event and the prediction matched to it.
    required: Vec<(&'g GoldEvent, Option<usize>)>,
    /// Per prediction: whether it matched a gold event, required or not.
    used: Vec<bool>,
}

impl Matching<'_> {
    /// True positives are the matched required events; a prediction that
    /// only fits an optional event is no error either way.
    fn counts(&self) -> Counts {
        let tp = self.required.iter().filter(|(_, m)| m.is_some()).count();
        Counts {
            tp,
            fp: self.used.iter().filter(|u| !**u).count(),
            fn_: self.required.len() - tp,
        }
    }
}

fn matching<'g>(
    gold: &'g [GoldEvent],
    pred: &[Predicted],
    ok: fn(&GoldEvent, &Predicted) -> bool,
) -> Matching<'g> {
    let required: Vec<&GoldEvent> = gold.iter().filter(|g| !g.optional).collect();
    let optional: Vec<&GoldEvent> = gold.iter().filter(|g| g.optional).collect();
    // Required gold first.
    let m1 = max_matching(&required, pred, ok, &vec![false; pred.len()]);
    let mut used: Vec<bool> = (0..pred.len()).map(|p| m1.contains(&Some(p))).collect();
    // Then predictions that only fit optional events are dropped.
    for p in max_matching(&optional, pred, ok, &used)
        .into_iter()
        .flatten()
    {
        used[p] = true;
    }
    Matching {
        required: required.into_iter().zip(m1).collect(),
        used,
    }
}

/// Kuhn's augmenting paths: for each gold event, the matched prediction.
fn max_matching(
    gold: &[&GoldEvent],
    pred: &[Predicted],
    ok: fn(&GoldEvent, &Predicted) -> bool,
    taken: &[bool],
) -> Vec<Option<usize>> {
    let adj: Vec<Vec<usize>> = gold
        .iter()
        .map(|g| {
            (0..pred.len())
                .filter(|&p| !taken[p] && ok(g, &pred[p]))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; pred.len()];
    fn augment(
        g: usize,
        adj: &[Vec<usize>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for &p in &adj[g] {
            if seen[p] {
                continue;
            }
            seen[p] = true;
            if owner[p].is_none_or(|o| augment(o, adj, seen, owner)) {
                owner[p] = Some(g);
                return true;
            }
        }
        false
    }
    for g in 0..gold.len() {
        let mut seen = vec![false; pred.len()];
        augment(g, &adj, &mut seen, &mut owner);
    }
    let mut out = vec![None; gold.len()];
    for (p, o) in owner.iter().enumerate() {
        if let Some(g) = o {
            out[*g] = Some(p);
        }
    }
    out
}

impl Scores {
    /// Adds one article.
    pub fn add_article(&mut self, gold: &[GoldEvent], predicted: &[Predicted]) {
        let (rp, full) = score_article(gold, predicted);
        self.root_pair.add(rp);
        self.full.add(full);
        self.articles += 1;
    }

    /// `{"root_pair": {...}, "full": {...}, "articles": n}`, values in percent.
    pub fn to_json(&self) -> Value {
        let c = |c: &Counts| {
            serde_json::json!({
                "precision": round2(c.precision()),
                "recall": round2(c.recall()),
                "f1": round2(c.f1()),
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn_,
            })
        };
        serde_json::json!({
            "root_pair": c(&self.root_pair),
            "full": c(&self.full),
            "articles": self.articles,
        })
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(code: &str, s: Option<&str>, t: Option<&str>, d: Option<&str>) -> Predicted {
        Predicted {
            code: code.into(),
            source: s.map(Into::into),
            target: t.map(Into::into),
            date: d.map(Into::into),
        }
    }

    const GOLD: &str = r#"
# a comment
{"id": "doc-1", "published": "2016-11-28", "events": [
  {"codes": ["042"], "source": ["LBYMIL", "LBY"], "target": ["RUS"], "date": "2016-11-27"},
  {"codes": ["043"], "source": ["RUSGOV"], "target": ["LBYMIL"], "date": null, "optional": true},
  {"codes": ["010"], "source": ["RUSGOV"], "target": ["-"]}
]}
{"text": "زار الوزير القاهرة.", "events": []}
"#;

    #[test]
    fn parses_the_documented_format() {
        // The real file has one article per line.
        let one_per_line: String = GOLD
            .split("\n{")
            .map(|chunk| chunk.replace('\n', " "))
            .collect::<Vec<_>>()
            .join("\n{");
        let g = parse_gold(&one_per_line).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].id.as_deref(), Some("doc-1"));
        assert_eq!(g[0].events.len(), 3);
        assert_eq!(g[0].events[0].source.as_ref().unwrap(), &["LBYMIL", "LBY"]);
        assert_eq!(g[0].events[0].date.as_ref().unwrap(), &["2016-11-27"]);
        assert_eq!(g[0].events[1].date, None);
        assert!(g[0].events[1].optional);
        assert_eq!(g[0].events[2].date, None);
        assert_eq!(g[1].text.as_deref(), Some("زار الوزير القاهرة."));
        assert!(matches!(
            parse_gold("{\"events\": []}"),
            Err(GoldError::Field { line: 1, .. })
        ));
        assert!(matches!(
            parse_gold("\n{oops"),
            Err(GoldError::Json { line: 2, .. })
        ));
    }

    fn gold() -> Vec<GoldEvent> {
        vec![
            GoldEvent {
                codes: vec!["042".into()],
                source: Some(vec!["LBYMIL".into(), "LBY".into()]),
                target: Some(vec!["RUS".into()]),
                date: Some(vec!["2016-11-27".into()]),
                optional: false,
            },
            GoldEvent {
                codes: vec!["043".into()],
                source: Some(vec!["RUSGOV".into()]),
                target: Some(vec!["LBYMIL".into()]),
                date: None,
                optional: true,
            },
            GoldEvent {
                codes: vec!["010".into()],
                source: Some(vec!["RUSGOV".into()]),
                target: Some(vec!["-".into()]),
                date: None,
                optional: false,
            },
        ]
    }

    #[test]
    fn gold_events_sharing_a_root_pair_key_count_once() {
        let ev = |code: &str, optional| GoldEvent {
            codes: vec![code.into()],
            source: Some(vec!["TURMIL".into(), "TUR".into()]),
            target: Some(vec!["TURREB".into()]),
            date: None,
            optional,
        };
        // Two clashes between Turkish forces and rebels, one prediction.
        let gold = [ev("190", false), ev("193", false)];
        let (rp, _) = score_article(&gold, &[p("190", Some("TURMIL"), Some("TURREB"), None)]);
        assert_eq!((rp.tp, rp.fp, rp.fn_), (1, 0, 0));
        // A merged event stays optional only when all of them are.
        let merged = collapse_root_pairs(&[ev("190", true), ev("193", false)]);
        assert_eq!(merged.len(), 1);
        assert!(!merged[0].optional);
    }

    #[test]
    fn root_pair_errors_name_the_misses_and_the_false_positives() {
        let pred = vec![
            // Fits the optional event: no error either way.
            p("043", Some("RUSGOV"), Some("LBYMIL"), None),
            // Fits nothing.
            p("190", Some("RUSMIL"), Some("SYR"), None),
            // Finds the statement.
            p("010", Some("RUSGOV"), None, None),
        ];
        let (missed, wrong) = root_pair_errors(&gold(), &pred);
        assert_eq!(missed, vec![gold()[0].clone()]);
        assert_eq!(wrong, vec![pred[1].clone()]);
        let (rp, _) = score_article(&gold(), &pred);
        assert_eq!((rp.fn_, rp.fp), (missed.len(), wrong.len()));
    }

    #[test]
    fn scores_root_pairs_and_full_matches() {
        let pred = vec![
            // Root pair right (04, LBY, RUS), full wrong (040 ≠ 042).
            p("040", Some("LBYMIL"), Some("RUSGOV"), Some("2016-11-27")),
            // Matches the optional event: neither way.
            p("043", Some("RUSGOV"), Some("LBYMIL"), None),
            // A false positive.
            p("190", Some("RUSMIL"), Some("SYR"), None),
            // The statement without a target.
            p("010", Some("RUSGOV"), None, Some("2016-11-28")),
            // A duplicate key of the first on root pairs.
            p("042", Some("LBY"), Some("RUS"), Some("2016-11-27")),
        ];
        let (rp, full) = score_article(&gold(), &pred);
        assert_eq!(
            rp,
            Counts {
                tp: 2,
                fp: 1,
                fn_: 0
            }
        );
        // Full: 042 LBY→RUS has the source LBY, acceptable; 010 matches.
        assert_eq!(
            full,
            Counts {
                tp: 2,
                fp: 2,
                fn_: 0
            }
        );
        assert!((rp.precision() - 66.666).abs() < 0.01);
        assert_eq!(rp.recall(), 100.0);
        let mut s = Scores::default();
        s.add_article(&gold(), &pred);
        let j = s.to_json();
        assert_eq!(j["root_pair"]["recall"], 100.0);
        assert_eq!(j["articles"], 1);
    }

    #[test]
    fn required_events_win_the_matching() {
        // One prediction fits both an optional and a required event: the
        // required one takes it.
        let mut g = gold();
        g[0].optional = false;
        g.swap(0, 1);
        let pred = vec![p("043", Some("RUSGOV"), Some("LBYMIL"), None)];
        let (rp, _) = score_article(&g, &pred);
        assert_eq!(rp.tp, 0);
        assert_eq!(rp.fp, 0, "dropped: it fits the optional event");
        let g2 = vec![
            GoldEvent {
                optional: false,
                ..gold()[1].clone()
            },
            gold()[1].clone(),
        ];
        let (rp, _) = score_article(&g2, &pred);
        assert_eq!(
            rp,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
    }

    #[test]
    fn empty_and_missing_actor_lists() {
        let g = GoldEvent {
            codes: vec!["141".into()],
            source: Some(vec![]),
            target: None,
            date: None,
            optional: false,
        };
        assert!(root_pair_ok(&g, &p("141", None, Some("EGYGOV"), None)));
        assert!(!root_pair_ok(&g, &p("141", Some("EGYOPP"), None, None)));
        assert!(full_ok(&g, &p("141", None, None, None)));
    }
}
