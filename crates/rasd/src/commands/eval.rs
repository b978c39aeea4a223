//! `rasd eval`: scores against gold standards, with the standard metrics.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use rasd_eval::segment::{SegKind as EvalKind, SysSegment};
use rasd_eval::ud::{ConlluOptions, SysToken, SysWord, SystemOutput};
use rasd_text::segment::{SegKind, Segmenter};
use rasd_text::tokenize::TokenKind;
use rasd_text::{CharOffsets, TextAnalyzer};
use rayon::prelude::*;

/// The gold standards rasd is scored on.
#[derive(Debug, clap::Subcommand)]
pub enum EvalCommand {
    /// Clitic segmentation against Farasa's WikiNews gold (WikiNews.pos.ref).
    Segment(SegmentArgs),
    /// Tokens, Words and Sentences F1 against a UD treebank (CoNLL 2018 metrics).
    Ud(UdArgs),
    /// Entity precision, recall and F1 (exact span and type, as conlleval).
    Ner(crate::commands::ner::EvalNerArgs),
    /// Event precision, recall and F1 (root pair and full match).
    Events(crate::commands::events_eval::EvalEventsArgs),
}

/// Arguments of `rasd eval segment`.
#[derive(Debug, clap::Args)]
pub struct SegmentArgs {
    /// The gold file (`seg+seg<TAB>TAG+TAG` per line).
    #[arg(long)]
    pub gold: PathBuf,
    /// Print one JSON object: {"clitics": …, "words": …} in percent.
    #[arg(long)]
    pub json: bool,
    /// Print up to N wrongly segmented words.
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
}

/// Arguments of `rasd eval ud`.
#[derive(Debug, clap::Args)]
pub struct UdArgs {
    /// The gold CoNLL-U file.
    #[arg(long)]
    pub gold: PathBuf,
    /// Print one JSON object: {"tokens_f1": …, "words_f1": …, "sentences_f1": …}.
    #[arg(long)]
    pub json: bool,
    /// Read the gold as it is, without rebuilding orthographic tokens from
    /// words glued by SpaceAfter=No.
    #[arg(long)]
    pub no_reconstruct: bool,
}

pub fn run(cmd: EvalCommand) -> Result<ExitCode> {
    match cmd {
        EvalCommand::Segment(args) => segment(args),
        EvalCommand::Ud(args) => ud(args),
        EvalCommand::Ner(args) => crate::commands::ner::run_eval(args),
        EvalCommand::Events(args) => crate::commands::events_eval::run(args),
    }
}

fn read(path: &PathBuf) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Our segments in Farasa's scheme.
fn farasa_segments(word: &str) -> Vec<SysSegment> {
    Segmenter::builtin()
        .segment(word)
        .into_iter()
        .map(|s| SysSegment {
            text: s.form,
            kind: match s.kind {
                SegKind::Proclitic => EvalKind::Proclitic,
                SegKind::Stem => EvalKind::Stem,
                SegKind::Suffix => EvalKind::Suffix,
                SegKind::Enclitic => EvalKind::Enclitic,
            },
        })
        .collect()
}

fn segment(args: SegmentArgs) -> Result<ExitCode> {
    let text = read(&args.gold)?;
    let gold = rasd_eval::segment::parse_farasa(&text)
        .with_context(|| format!("in {}", args.gold.display()))?;
    let scores = rasd_eval::segment::score_keeping(&gold, farasa_segments, args.errors);
    if args.json {
        println!(
            "{}",
            serde_json::json!({"clitics": round2(scores.clitics), "words": round2(scores.words)})
        );
    } else {
        println!("words scored: {}", scores.n_words);
        println!("clitics (clitic boundaries only): {:.2}%", scores.clitics);
        println!("words (full Farasa scheme):       {:.2}%", scores.words);
    }
    for e in scores.errors.iter().take(args.errors) {
        eprintln!(
            "line {}: {}  gold {}  ours {}  [{}{}]",
            e.line,
            e.word,
            e.gold,
            e.system,
            if e.clitics_ok { "" } else { "clitics " },
            if e.words_ok { "" } else { "words" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Our analysis of `text` as CoNLL 2018 system output, mapped to UD's
/// conventions:
/// - the article ال stays on its noun (ل+ال+X gives ل + لX), inflectional
///   suffixes stay on the stem; conjunctions, prepositions, the future س and
///   enclitic pronouns are words of their own;
/// - the percent sign and the dash of a range are tokens of their own
///   (3% → 3 + %, 2015-2016 → 2015 + - + 2016), where rasd keeps one token;
/// - tokens touching without a space between two alphanumeric characters
///   form one orthographic token (و2006، ب15000), where rasd splits at the
///   change of script; this mirrors how the gold's tokens are rebuilt.
pub fn ud_system_output(analyzer: &TextAnalyzer, text: &str) -> SystemOutput {
    let a = analyzer.analyze(text);
    // (start, end, words) in bytes; a token with one word has words = [].
    let mut toks: Vec<UdToken> = Vec::new();
    for t in a.tokens() {
        let (ts, te) = (t.span.start, t.span.end);
        if matches!(t.kind, TokenKind::Number | TokenKind::Range) {
            for (ps, pe) in split_number(&text[ts..te]) {
                toks.push((ts + ps, ts + pe, Vec::new()));
            }
            continue;
        }
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut join_next = false;
        for s in a.segments(t) {
            let attach = join_next || s.kind == SegKind::Suffix;
            match words.last_mut() {
                Some(w) if attach => w.1 = s.span.end,
                _ => words.push((s.span.start, s.span.end)),
            }
            join_next = s.kind == SegKind::Proclitic && a.form(s) == "ال";
        }
        toks.push((ts, te, words));
    }
    // Merge tokens glued between two alphanumeric characters.
    let mut merged: Vec<UdToken> = Vec::with_capacity(toks.len());
    for (s, e, words) in toks {
        if let Some(last) = merged.last_mut() {
            let glued = last.1 == s
                && text[..s]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                && text[s..].chars().next().is_some_and(char::is_alphanumeric);
            if glued {
                let mut all = if last.2.is_empty() {
                    vec![(last.0, last.1)]
                } else {
                    last.2.clone()
                };
                all.extend(if words.is_empty() {
                    vec![(s, e)]
                } else {
                    words
                });
                last.1 = e;
                last.2 = all;
                continue;
            }
        }
        merged.push((s, e, words));
    }
    let mut co = CharOffsets::new(text);
    let mut tokens = Vec::with_capacity(merged.len());
    for (s, e, words) in merged {
        let start = co.get(s);
        if words.len() <= 1 {
            let end = co.get(e);
            tokens.push(SysToken::plain(start, end));
            continue;
        }
        let words: Vec<SysWord> = words
            .into_iter()
            .map(|(ws, we)| SysWord {
                start: co.get(ws),
                end: co.get(we),
                form: text[ws..we].to_owned(),
            })
            .collect();
        let end = co.get(e);
        tokens.push(SysToken { start, end, words });
    }
    let mut c = CharOffsets::new(text);
    let sentences = a
        .sentences()
        .iter()
        .map(|s| (c.get(s.span.start), c.get(s.span.end)))
        .collect();
    SystemOutput { tokens, sentences }
}

/// A token in bytes: (start, end, words); one word gives no words.
type UdToken = (usize, usize, Vec<(usize, usize)>);

/// UD's tokens of one rasd number token: digits, and the percent sign and
/// range dash apart. Byte ranges within `s`.
fn split_number(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if matches!(c, '%' | '٪' | '-' | '–') && i > 0 {
            if start < i {
                out.push((start, i));
            }
            out.push((i, i + c.len_utf8()));
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

fn ud(args: UdArgs) -> Result<ExitCode> {
    let text = read(&args.gold)?;
    let options = if args.no_reconstruct {
        ConlluOptions::default()
    } else {
        ConlluOptions::PUD
    };
    let docs = rasd_eval::ud::parse_conllu(&text, options)
        .with_context(|| format!("in {}", args.gold.display()))?;
    let analyzer = TextAnalyzer::new();
    let systems: Vec<SystemOutput> = docs
        .par_iter()
        .map(|d| ud_system_output(&analyzer, d.text()))
        .collect();
    let scores = rasd_eval::ud::score_all(&docs, &systems)?;
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "tokens_f1": round2(scores.tokens.f1),
                "words_f1": round2(scores.words.f1),
                "sentences_f1": round2(scores.sentences.f1),
            })
        );
    } else {
        println!("documents: {}", docs.len());
        for (name, p) in [
            ("Tokens", scores.tokens),
            ("Words", scores.words),
            ("Sentences", scores.sentences),
        ] {
            println!(
                "{name:<10} P {:6.2}  R {:6.2}  F1 {:6.2}  (gold {}, system {}, correct {})",
                p.precision, p.recall, p.f1, p.gold, p.system, p.correct
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
