//! `rasd train ner` and `rasd eval ner`: the statistical entity tagger.
//!
//! Both read ANERcorp-style `token TAG` files (one token per line; blank
//! lines, where a file has them, end sentences; otherwise a sentence ends
//! after a run of `.`-like tokens).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rasd_ner::tagger::{
    split_sentences, train_with_progress, Algorithm, Label, Progress, TagWord, Tagger, TrainConfig,
    TrainSentence,
};

/// What `rasd train` can train.
#[derive(Debug, clap::Subcommand)]
pub enum TrainCommand {
    /// Train the named-entity tagger.
    Ner(TrainNerArgs),
}

/// Arguments of `rasd train ner`.
#[derive(Debug, clap::Args)]
pub struct TrainNerArgs {
    /// The training file (`token TAG` per line, as ANERcorp).
    #[arg(long)]
    pub train: PathBuf,
    /// Train on lines A to B only (1-based, inclusive), e.g. 1:125275.
    #[arg(long, value_name = "A:B", value_parser = parse_lines)]
    pub lines: Option<(usize, usize)>,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    pub epochs: u32,
    /// Seed of the per-epoch sentence shuffle.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    pub seed: u64,
    /// Drop features seen fewer times than this.
    #[arg(long, default_value_t = TrainConfig::default().min_count)]
    pub min_count: u32,
    /// Blocks of the jackknife that trains the second (document context)
    /// pass; 0 or 1 trains one pass only.
    #[arg(long, default_value_t = TrainConfig::default().folds)]
    pub folds: u32,
    /// Reach of the second pass's document context, in tokens.
    #[arg(long, default_value_t = TrainConfig::default().window)]
    pub window: u32,
    /// Perceptrons averaged into each pass, each with its own shuffle seed
    /// (seed, seed + 1, …).
    #[arg(long, default_value_t = TrainConfig::default().ensemble)]
    pub ensemble: u32,
    /// Train a CRF (stochastic gradient descent) instead of the averaged
    /// perceptron (measured worse on ANERcorp; see models/ner/README.md).
    #[arg(long)]
    pub crf: bool,
    /// CRF: strength of the L2 penalty.
    #[arg(long, default_value_t = 1e-4)]
    pub l2: f64,
    /// CRF: initial learning rate.
    #[arg(long, default_value_t = 0.1)]
    pub eta: f64,
    /// Score these lines of the training file with the trained model (a dev
    /// split, for choosing epochs and features; keep it apart from --lines).
    #[arg(long, value_name = "A:B", value_parser = parse_lines)]
    pub dev_lines: Option<(usize, usize)>,
}

/// Arguments of `rasd eval ner`.
#[derive(Debug, clap::Args)]
pub struct EvalNerArgs {
    /// The gold file (`token TAG` per line, as ANERcorp).
    #[arg(long)]
    pub gold: PathBuf,
    /// Score lines A to B only (1-based, inclusive), e.g. 125276:150282.
    #[arg(long, value_name = "A:B", value_parser = parse_lines)]
    pub lines: Option<(usize, usize)>,
    /// Print one JSON object: {"precision", "recall", "f1", "per_type"} in percent.
    #[arg(long)]
    pub json: bool,
    /// A model file instead of the built-in ANERcorp model.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Score this system output (`token TAG` per line, the same tokens as
    /// the gold) instead of running the tagger.
    #[arg(long)]
    pub system: Option<PathBuf>,
    /// Write the tagger's output here as `token TAG` lines.
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
}

/// Reads `A:B` (1-based, inclusive, A ≤ B).
fn parse_lines(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = s
        .split_once(':')
        .ok_or_else(|| format!("{s:?} is not A:B"))?;
    let a: usize = a
        .trim()
        .parse()
        .map_err(|_| format!("{a:?} is not a line number"))?;
    let b: usize = b
        .trim()
        .parse()
        .map_err(|_| format!("{b:?} is not a line number"))?;
    if a == 0 || a > b {
        return Err(format!("{s:?}: need 1 <= A <= B"));
    }
    Ok((a, b))
}

/// A `token TAG` file, read.
struct Corpus {
    tokens: Vec<String>,
    tags: Vec<String>,
    /// The 1-based line of each token.
    line_of: Vec<usize>,
    /// Sentences, as token ranges.
    sentences: Vec<Range<usize>>,
}

fn read_corpus(path: &Path, lines: Option<(usize, usize)>) -> Result<Corpus> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let pairs = rasd_eval::ner::parse_token_tags(&text, lines).map_err(|e| match e {
        rasd_eval::EvalError::Parse { .. } => anyhow::anyhow!(
            "{}: not a `token TAG` file (one token and its O, B-TYPE or I-TYPE tag per \
             line): {e}",
            path.display()
        ),
        other => anyhow::anyhow!("{}: {other}", path.display()),
    })?;
    // parse_token_tags keeps one entry per line that has a field once bidi
    // marks are removed; find those lines, and the blank ones between them.
    let (first, last) = lines.unwrap_or((1, usize::MAX));
    let mut line_of = Vec::with_capacity(pairs.len());
    let mut blank_before = Vec::with_capacity(pairs.len());
    let mut blank = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if n < first {
            continue;
        }
        if n > last {
            break;
        }
        let has_field = raw
            .split(|c: char| c.is_whitespace() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{FEFF}'))
            .any(|f| !f.is_empty());
        if has_field {
            line_of.push(n);
            blank_before.push(blank);
            blank = false;
        } else {
            blank = true;
        }
    }
    if line_of.len() != pairs.len() {
        bail!(
            "{}: internal error: {} tokens but {} token lines",
            path.display(),
            pairs.len(),
            line_of.len()
        );
    }
    if pairs.is_empty() {
        bail!("{}: no `token TAG` lines in the range read", path.display());
    }
    let (tokens, tags): (Vec<String>, Vec<String>) = pairs.into_iter().unzip();
    // Blank lines bound blocks; inside a block, periods end sentences.
    let mut sentences = Vec::new();
    let mut start = 0;
    for i in 1..=tokens.len() {
        if i == tokens.len() || blank_before[i] {
            sentences.extend(
                split_sentences(&tokens[start..i])
                    .into_iter()
                    .map(|r| r.start + start..r.end + start),
            );
            start = i;
        }
    }
    Ok(Corpus {
        tokens,
        tags,
        line_of,
        sentences,
    })
}

impl Corpus {
    /// The training sentences; a tag of an unknown type is an error naming
    /// its line.
    fn train_sentences(&self, path: &Path) -> Result<Vec<TrainSentence>> {
        let mut out = Vec::with_capacity(self.sentences.len());
        for r in &self.sentences {
            let mut s = TrainSentence::default();
            for i in r.clone() {
                let label = Label::parse(&self.tags[i]).with_context(|| {
                    format!(
                        "{}: line {}: tag {:?} has a type the tagger does not know \
                         (PERS, LOC, ORG, MISC)",
                        path.display(),
                        self.line_of[i],
                        self.tags[i]
                    )
                })?;
                s.words.push(TagWord::from_word(&self.tokens[i]));
                s.labels.push(label);
            }
            out.push(s);
        }
        Ok(out)
    }

    /// The words of every sentence, analyzed.
    fn words(&self) -> Vec<Vec<TagWord>> {
        self.sentences
            .iter()
            .map(|r| {
                self.tokens[r.clone()]
                    .iter()
                    .map(|t| TagWord::from_word(t))
                    .collect()
            })
            .collect()
    }
}

pub fn run_train(cmd: TrainCommand) -> Result<ExitCode> {
    let TrainCommand::Ner(args) = cmd;
    let t0 = Instant::now();
    let corpus = read_corpus(&args.train, args.lines)?;
    let sentences = corpus.train_sentences(&args.train)?;
    eprintln!(
        "{} sentences, {} tokens read and analyzed in {:.1}s",
        sentences.len(),
        corpus.tokens.len(),
        t0.elapsed().as_secs_f64()
    );
    let config = TrainConfig {
        epochs: args.epochs,
        seed: args.seed,
        min_count: args.min_count,
        folds: args.folds,
        window: args.window,
        algorithm: if args.crf {
            Algorithm::Crf {
                l2: args.l2,
                eta: args.eta,
            }
        } else {
            Algorithm::Perceptron
        },
        ensemble: args.ensemble,
    };
    let mut report = |p: Progress<'_>| match p {
        Progress::Stage(s) => eprintln!("{s}:"),
        Progress::Features { kept, tokens } => {
            eprintln!(
                "  {kept} features seen at least {} times in {tokens} tokens",
                config.min_count
            )
        }
        Progress::Epoch(s) => eprintln!(
            "  epoch {:>2}: {} token errors of {} ({:.2}%)",
            s.epoch,
            s.token_errors,
            s.tokens,
            100.0 * s.token_errors as f64 / s.tokens.max(1) as f64
        ),
    };
    let model = train_with_progress(&sentences, config, &mut report)?;
    model.save(&args.out)?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "wrote {} ({} features, {:.2} MB) in {:.1}s",
        args.out.display(),
        model.n_features(),
        size as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    if let Some(range) = args.dev_lines {
        let dev = read_corpus(&args.train, Some(range))?;
        let tags = tag_all(&model, &dev.words());
        let scores = rasd_eval::ner::score(&dev.tags, &tags)?;
        let mut line = format!(
            "dev F1 {:.2} (P {:.2} R {:.2})",
            scores.micro.f1, scores.micro.precision, scores.micro.recall
        );
        for (t, p) in &scores.per_type {
            line.push_str(&format!(" {t} {:.2}", p.f1));
        }
        eprintln!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Tags the sentences as one document; the tags of all tokens, in order.
fn tag_all(tagger: &Tagger, sentences: &[Vec<TagWord>]) -> Vec<&'static str> {
    tagger
        .tag_words(sentences)
        .into_iter()
        .flatten()
        .map(Label::as_str)
        .collect()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub fn run_eval(args: EvalNerArgs) -> Result<ExitCode> {
    let gold = read_corpus(&args.gold, args.lines)?;
    let mut timing = None;
    let system: Vec<String> = match &args.system {
        Some(path) => {
            let sys = read_corpus(path, None)?;
            check_same_tokens(&gold, &args.gold, &sys, path)?;
            sys.tags
        }
        None => {
            let t0 = Instant::now();
            let loaded;
            let tagger: &Tagger = match &args.model {
                Some(p) => {
                    loaded =
                        Tagger::load(p).with_context(|| format!("cannot load {}", p.display()))?;
                    &loaded
                }
                None => Tagger::builtin(),
            };
            let load = t0.elapsed();
            let words = gold.words();
            let t1 = Instant::now();
            let tags = tag_all(tagger, &words);
            timing = Some((load, t1.elapsed()));
            tags.into_iter().map(str::to_string).collect()
        }
    };
    if let Some(path) = &args.write {
        let mut out = String::new();
        for (t, tag) in gold.tokens.iter().zip(&system) {
            out.push_str(t);
            out.push(' ');
            out.push_str(tag);
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let scores = rasd_eval::ner::score(&gold.tags, &system)?;
    if args.json {
        let per_type: serde_json::Map<String, serde_json::Value> = scores
            .per_type
            .iter()
            .map(|(t, p)| {
                (
                    t.clone(),
                    serde_json::json!({
                        "precision": round2(p.precision),
                        "recall": round2(p.recall),
                        "f1": round2(p.f1),
                    }),
                )
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "precision": round2(scores.micro.precision),
                "recall": round2(scores.micro.recall),
                "f1": round2(scores.micro.f1),
                "per_type": per_type,
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "tokens: {}, sentences: {}",
        scores.n_tokens,
        gold.sentences.len()
    );
    println!(
        "{:<6} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7}",
        "", "P", "R", "F1", "gold", "system", "correct"
    );
    let row = |name: &str, p: &rasd_eval::Prf| {
        println!(
            "{:<6} {:>7.2} {:>7.2} {:>7.2} {:>6} {:>6} {:>7}",
            name, p.precision, p.recall, p.f1, p.gold, p.system, p.correct
        )
    };
    for (t, p) in &scores.per_type {
        row(t, p);
    }
    row("all", &scores.micro);
    println!("token accuracy: {:.2}%", scores.accuracy);
    if let Some((load, tag)) = timing {
        let secs = tag.as_secs_f64().max(1e-9);
        println!(
            "model load: {:.1} ms; tagging (features + Viterbi): {:.1} ms, {:.0} tokens/s",
            load.as_secs_f64() * 1e3,
            secs * 1e3,
            scores.n_tokens as f64 / secs
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Fails, naming both lines, at the first token where `sys` differs from
/// `gold` (bidi marks ignored), or where one file ends first.
fn check_same_tokens(gold: &Corpus, gold_path: &Path, sys: &Corpus, sys_path: &Path) -> Result<()> {
    for i in 0..gold.tokens.len().max(sys.tokens.len()) {
        match (gold.tokens.get(i), sys.tokens.get(i)) {
            (Some(g), Some(s)) if g == s => {}
            (Some(g), Some(s)) => bail!(
                "token mismatch: {} line {} has {:?} but {} line {} has {:?}",
                gold_path.display(),
                gold.line_of[i],
                g,
                sys_path.display(),
                sys.line_of[i],
                s
            ),
            (Some(g), None) => bail!(
                "{} ends after {} tokens but the gold goes on: {} line {} has {:?}",
                sys_path.display(),
                sys.tokens.len(),
                gold_path.display(),
                gold.line_of[i],
                g
            ),
            (None, Some(s)) => bail!(
                "{} has more tokens than the gold ({}): line {} has {:?}",
                sys_path.display(),
                gold.tokens.len(),
                sys.line_of[i],
                s
            ),
            (None, None) => unreachable!(),
        }
    }
    Ok(())
}
