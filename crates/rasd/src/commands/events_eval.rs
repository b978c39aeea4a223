//! `rasd eval events`: event precision, recall and F1 against a gold file.
//!
//! The gold format (JSON Lines: an article `id` of the news corpus or its
//! `text`, `published`, and `events` with lists of acceptable codes, actors
//! and dates) and the two metrics (root_pair and full) are documented in
//! `testdata/events/README.md`; the scorer is `rasd_events::eval`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use rasd_events::eval::{parse_gold, root_pair_errors, Predicted, Scores};
use rasd_events::{Event, EventCoder};
use rasd_ner::entities::EntityRecognizer;
use rasd_text::TextAnalyzer;
use rayon::prelude::*;

/// Arguments of `rasd eval events`.
#[derive(Debug, clap::Args)]
pub struct EvalEventsArgs {
    /// The gold file (JSON Lines, see testdata/events/README.md).
    #[arg(long)]
    pub gold: PathBuf,
    /// The news corpus the gold `id`s refer to (JSON Lines with id, text,
    /// date). Default: ../shared/data/news/saudinewsnet_sample.jsonl, then
    /// /work/shared/data/news/saudinewsnet_sample.jsonl.
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Print one JSON object: {"root_pair": {...}, "full": {...}} in percent.
    #[arg(long)]
    pub json: bool,
    /// Print the gold and predicted events of every article, then its
    /// root-pair misses (MISS, gold events merged on their key) and false
    /// positives (FP).
    #[arg(long)]
    pub verbose: bool,
}

const DEFAULT_CORPORA: &[&str] = &[
    "../shared/data/news/saudinewsnet_sample.jsonl",
    "/work/shared/data/news/saudinewsnet_sample.jsonl",
];

/// A corpus record: text and date.
struct Record {
    text: String,
    date: Option<String>,
}

fn read_corpus(path: &Path, wanted: &HashMap<&str, ()>) -> Result<HashMap<String, Record>> {
    let data =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = HashMap::new();
    for (i, line) in data.lines().enumerate() {
        // Cheap filter before parsing: the id must be one we need.
        if !wanted.keys().any(|id| line.contains(id)) {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: invalid JSON", path.display(), i + 1))?;
        let Some(id) = v.get("id").and_then(|x| x.as_str()) else {
            continue;
        };
        if wanted.contains_key(id) {
            out.insert(
                id.to_owned(),
                Record {
                    text: v
                        .get("text")
                        .and_then(|x| x.as_str())
                        .unwrap_or("")
                        .to_owned(),
                    date: v.get("date").and_then(|x| x.as_str()).map(str::to_owned),
                },
            );
        }
    }
    Ok(out)
}

fn code(text: &str, published: Option<&str>) -> Vec<Event> {
    let analysis = TextAnalyzer::new().analyze(text);
    let entities = EntityRecognizer::new().recognize(text, &analysis, published);
    EventCoder::new().code(text, &analysis, &entities, published)
}

pub fn run(args: EvalEventsArgs) -> Result<ExitCode> {
    let gold_text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let gold = parse_gold(&gold_text).with_context(|| format!("{}", args.gold.display()))?;
    let wanted: HashMap<&str, ()> = gold
        .iter()
        .filter_map(|g| g.id.as_deref())
        .map(|id| (id, ()))
        .collect();
    let corpus = if wanted.is_empty() {
        HashMap::new()
    } else {
        let path = match &args.corpus {
            Some(p) => p.clone(),
            None => DEFAULT_CORPORA
                .iter()
                .map(PathBuf::from)
                .find(|p| p.exists())
                .context("no news corpus found; give --corpus")?,
        };
        read_corpus(&path, &wanted)?
    };
    // Text and publication date of every article.
    let mut inputs = Vec::with_capacity(gold.len());
    for g in &gold {
        let (text, published) = match (&g.id, &g.text) {
            (Some(id), _) => match corpus.get(id) {
                Some(r) => (
                    r.text.clone(),
                    g.published.clone().or_else(|| r.date.clone()),
                ),
                None => bail!(
                    "{}:{}: article {id} is not in the corpus",
                    args.gold.display(),
                    g.line
                ),
            },
            (None, Some(t)) => (t.clone(), g.published.clone()),
            (None, None) => unreachable!("parse_gold requires id or text"),
        };
        inputs.push((text, published));
    }
    let coded: Vec<Vec<Event>> = inputs
        .par_iter()
        .map(|(text, published)| code(text, published.as_deref()))
        .collect();
    let mut scores = Scores::default();
    for (g, events) in gold.iter().zip(&coded) {
        let predicted: Vec<Predicted> = events.iter().filter_map(Predicted::from_event).collect();
        scores.add_article(&g.events, &predicted);
        if args.verbose {
            println!("== {} (line {})", g.id.as_deref().unwrap_or("text"), g.line);
            for e in &g.events {
                println!(
                    "   gold {:?} {:?} -> {:?} {:?}{}",
                    e.codes,
                    e.source,
                    e.target,
                    e.date,
                    if e.optional { " (optional)" } else { "" }
                );
            }
            for e in events {
                println!(
                    "   pred {} {} -> {} {:?} {} «{}»",
                    e.code,
                    e.source
                        .as_ref()
                        .and_then(|p| p.actor.as_deref())
                        .unwrap_or("-"),
                    e.target
                        .as_ref()
                        .and_then(|p| p.actor.as_deref())
                        .unwrap_or("-"),
                    e.date,
                    e.modality.as_str(),
                    e.trigger_text
                );
            }
            // The root-pair errors: merged gold keys no prediction found,
            // and prediction keys that fit no gold event.
            let (missed, wrong) = root_pair_errors(&g.events, &predicted);
            for e in &missed {
                println!("   MISS {:?} {:?} -> {:?}", e.codes, e.source, e.target);
            }
            for p in &wrong {
                println!(
                    "   FP   {} {} -> {}",
                    p.code,
                    p.source.as_deref().unwrap_or("-"),
                    p.target.as_deref().unwrap_or("-")
                );
            }
        }
    }
    if args.json {
        println!("{}", scores.to_json());
    } else {
        println!("articles: {}", scores.articles);
        for (name, c) in [("root_pair", scores.root_pair), ("full", scores.full)] {
            println!(
                "{name:<10} P {:6.2}  R {:6.2}  F1 {:6.2}   (tp {}, fp {}, fn {})",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fp,
                c.fn_
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
