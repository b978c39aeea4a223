//! Training: the averaged structured perceptron.
//!
//! Each epoch visits the sentences in an order shuffled by a seeded
//! xorshift generator, decodes each with the current weights (the same
//! constrained Viterbi as at tagging time) and, where the best path differs
//! from the gold one, adds the gold path's features and subtracts the
//! predicted path's. The model keeps the average of the weights over all
//! steps (Daumé's trick: `w − u / c`), which generalizes far better than the
//! last weights. Integer updates make training exactly reproducible.
//!
//! Features seen fewer than [`TrainConfig::min_count`] times in the
//! training data are dropped before training: they are mostly noise and
//! would double the model.
//!
//! The second pass (document context, see `context.rs`) is trained on
//! first-pass labels that are as wrong as they will be on new text: the
//! training sentences are cut into [`TrainConfig::folds`] blocks, and each
//! block is labelled by a first pass trained on the others (jackknifing).

use std::collections::HashMap;
use std::ops::Range;

use super::context::{self, Ctx};
use super::features::{self, NoHashBuilder};
use super::model::{ModelError, Pass, Tagger};
use super::viterbi::{self, Transitions, L, START};
use super::{Label, TagInput, TagWord};

/// One training sentence: its words and their gold labels.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrainSentence {
    /// The words, analyzed.
    pub words: Vec<TagWord>,
    /// One gold label per word (BIO; IOB1 is repaired).
    pub labels: Vec<Label>,
}

/// Training options.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: u32,
    /// Seed of the sentence shuffle.
    pub seed: u64,
    /// Features seen fewer times than this are dropped.
    pub min_count: u32,
    /// Blocks of the jackknife that trains the second pass; below 2, the
    /// model has one pass.
    pub folds: u32,
    /// Reach of the second pass's document context, in tokens.
    pub window: u32,
    /// The learning algorithm.
    pub algorithm: Algorithm,
    /// Perceptrons averaged into each pass (each with its own shuffle).
    pub ensemble: u32,
}

/// How weights are learned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Algorithm {
    /// The averaged structured perceptron.
    Perceptron,
    /// A linear-chain CRF trained by stochastic gradient descent with an L2
    /// penalty `l2` (per sentence) and initial learning rate `eta`.
    Crf {
        /// Strength of the L2 penalty.
        l2: f64,
        /// Initial learning rate.
        eta: f64,
    },
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 15,
            seed: 1,
            min_count: 2,
            folds: 5,
            window: 250,
            algorithm: Algorithm::Perceptron,
            ensemble: 5,
        }
    }
}

/// What training reports as it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress<'a> {
    /// A stage begins.
    Stage(&'a str),
    /// Features were extracted and counted.
    Features {
        /// Features kept.
        kept: usize,
        /// Tokens.
        tokens: usize,
    },
    /// An epoch ended.
    Epoch(EpochStats),
}

/// What can go wrong while training.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrainError {
    /// No sentence with a word.
    #[error("no training data")]
    Empty,
    /// A sentence whose word and label counts differ.
    #[error("training sentence {sentence}: {words} word(s) but {labels} label(s)")]
    Length {
        /// Index of the sentence.
        sentence: usize,
        /// Its word count.
        words: usize,
        /// Its label count.
        labels: usize,
    },
    /// The trained weights did not make a model.
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// What one epoch did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochStats {
    /// The epoch, from 1.
    pub epoch: u32,
    /// Sentences visited.
    pub sentences: usize,
    /// Tokens visited.
    pub tokens: usize,
    /// Tokens whose predicted label was wrong (before the update).
    pub token_errors: usize,
}

/// A small, seeded xorshift64* generator (reproducible shuffles without a
/// dependency).
#[derive(Clone, Debug)]
pub(crate) struct XorShift(u64);

impl XorShift {
    pub(crate) fn new(seed: u64) -> XorShift {
        let s = features::fmix(seed ^ 0x9E37_79B9_7F4A_7C15);
        XorShift(if s == 0 { 1 } else { s })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
}

/// The training sentences of one pass, with their features indexed.
#[derive(Debug)]
pub(crate) struct Data {
    /// Feature index → key.
    pub keys: Vec<u64>,
    /// Feature indices of every token, in corpus order.
    pub feats: Vec<u32>,
    /// Token t's features are `feats[tok_off[t]..tok_off[t + 1]]`.
    pub tok_off: Vec<u32>,
    /// Sentence s's tokens are `sent_off[s]..sent_off[s + 1]`.
    pub sent_off: Vec<usize>,
    /// Gold label index of every token.
    pub gold: Vec<u8>,
}

impl Data {
    /// Extracts the features of the sentences `which` (indices into
    /// `ranges`) of the corpus `inputs`, with gold label indices `gold` and,
    /// for a second pass, the contexts `ctx` (all parallel to `inputs`);
    /// keeps the features seen at least `min_count` times.
    pub(crate) fn new(
        inputs: &[TagInput<'_>],
        ranges: &[Range<usize>],
        which: &[usize],
        gold: &[u8],
        ctx: Option<&[Ctx]>,
        min_count: u32,
    ) -> Data {
        let mut scratch = features::Scratch::default();
        let mut hashes: Vec<u64> = Vec::new();
        let mut tok_off: Vec<u32> = vec![0];
        let mut sent_off = vec![0usize];
        let mut sent_gold = Vec::new();
        let mut feats = Vec::new();
        let mut offsets = Vec::new();
        for &s in which {
            let r = ranges[s].clone();
            if r.is_empty() {
                continue;
            }
            let c = ctx.map(|c| &c[r.clone()]);
            features::extract(
                &inputs[r.clone()],
                c,
                &mut scratch,
                &mut feats,
                &mut offsets,
            );
            let base = hashes.len() as u32;
            hashes.extend_from_slice(&feats);
            tok_off.extend(offsets[1..].iter().map(|&o| base + o));
            sent_gold.extend_from_slice(&gold[r]);
            sent_off.push(sent_gold.len());
        }
        // Count, then index the features kept, in order of first sight.
        let mut counts: HashMap<u64, u32, NoHashBuilder> = HashMap::default();
        for &h in &hashes {
            *counts.entry(h).or_default() += 1;
        }
        let mut index: HashMap<u64, u32, NoHashBuilder> = HashMap::default();
        let mut keys = Vec::new();
        let mut kept = Vec::with_capacity(hashes.len());
        let mut new_off = Vec::with_capacity(tok_off.len());
        new_off.push(0u32);
        for w in tok_off.windows(2) {
            for &h in &hashes[w[0] as usize..w[1] as usize] {
                if counts[&h] < min_count {
                    continue;
                }
                let id = *index.entry(h).or_insert_with(|| {
                    keys.push(h);
                    (keys.len() - 1) as u32
                });
                kept.push(id);
            }
            new_off.push(kept.len() as u32);
        }
        Data {
            keys,
            feats: kept,
            tok_off: new_off,
            sent_off,
            gold: sent_gold,
        }
    }

    /// Number of sentences.
    pub(crate) fn n_sentences(&self) -> usize {
        self.sent_off.len() - 1
    }

    /// The feature indices of token `t`.
    #[inline]
    pub(crate) fn token(&self, t: usize) -> &[u32] {
        &self.feats[self.tok_off[t] as usize..self.tok_off[t + 1] as usize]
    }

    /// Quantizes per-feature weights (`weight(k, l)`) and transitions into a
    /// pass; features whose weights all round to zero are dropped.
    pub(crate) fn quantize(
        &self,
        weight: impl Fn(usize, usize) -> f64,
        trans: Transitions,
    ) -> Result<Pass, TrainError> {
        let mut max = 0f64;
        for k in 0..self.keys.len() {
            for l in 0..L {
                max = max.max(weight(k, l).abs());
            }
        }
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut feats = Vec::with_capacity(self.keys.len());
        for (k, &key) in self.keys.iter().enumerate() {
            let mut q = [0i16; L];
            for (l, x) in q.iter_mut().enumerate() {
                *x = (weight(k, l) / scale).round() as i16;
            }
            if q.iter().any(|&x| x != 0) {
                feats.push((key, q));
            }
        }
        Ok(Pass::from_parts(feats, scale as f32, trans)?)
    }
}

/// A seeded shuffle of `order`, in place (Fisher–Yates).
pub(crate) fn shuffle(order: &mut [usize], rng: &mut XorShift) {
    for i in (1..order.len()).rev() {
        let j = rng.below(i + 1);
        order.swap(i, j);
    }
}

/// An averaged perceptron in training, for one pass.
#[derive(Debug)]
pub(crate) struct Trainer {
    data: Data,
    rng: XorShift,
    w: Vec<i32>,
    u: Vec<i64>,
    tw: [[i32; L]; L + 1],
    tu: [[i64; L]; L + 1],
    c: i64,
    epoch: u32,
    order: Vec<usize>,
}

impl Trainer {
    /// A perceptron over `data`.
    pub(crate) fn new(data: Data, seed: u64) -> Trainer {
        let n = data.keys.len();
        let sentences = data.n_sentences();
        Trainer {
            data,
            rng: XorShift::new(seed),
            w: vec![0; n * L],
            u: vec![0; n * L],
            tw: [[0; L]; L + 1],
            tu: [[0; L]; L + 1],
            c: 1,
            epoch: 0,
            order: (0..sentences).collect(),
        }
    }

    /// One pass over the data, in a freshly shuffled order.
    pub(crate) fn epoch(&mut self) -> EpochStats {
        self.epoch += 1;
        shuffle(&mut self.order, &mut self.rng);
        let mut stats = EpochStats {
            epoch: self.epoch,
            sentences: 0,
            tokens: 0,
            token_errors: 0,
        };
        let mut emit: Vec<[f32; L]> = Vec::new();
        let mut vsc = viterbi::Scratch::default();
        let mut path = Vec::new();
        for k in 0..self.order.len() {
            let s = self.order[k];
            let (a, b) = (self.data.sent_off[s], self.data.sent_off[s + 1]);
            emit.clear();
            for t in a..b {
                let mut acc = [0i32; L];
                for &f in self.data.token(t) {
                    let row = &self.w[f as usize * L..f as usize * L + L];
                    for (x, &y) in acc.iter_mut().zip(row) {
                        *x += y;
                    }
                }
                emit.push(acc.map(|x| x as f32));
            }
            let mut trans: Transitions = [[0.0; L]; L + 1];
            for (r, row) in trans.iter_mut().zip(&self.tw) {
                for (x, &y) in r.iter_mut().zip(row) {
                    *x = y as f32;
                }
            }
            viterbi::decode(&emit, &viterbi::constrained(&trans), &mut vsc, &mut path);
            stats.sentences += 1;
            stats.tokens += b - a;
            if path[..] != self.data.gold[a..b] {
                let gold = self.data.gold[a..b].to_vec();
                self.update(a, &gold, &path);
                stats.token_errors += gold.iter().zip(&path).filter(|(g, p)| g != p).count();
            }
            self.c += 1;
        }
        stats
    }

    /// Adds the gold path's features and subtracts the predicted path's.
    fn update(&mut self, first: usize, gold: &[u8], pred: &[u8]) {
        let c = self.c;
        for (i, (&g, &p)) in gold.iter().zip(pred).enumerate() {
            let t = first + i;
            if g != p {
                for &f in &self.data.feats
                    [self.data.tok_off[t] as usize..self.data.tok_off[t + 1] as usize]
                {
                    let base = f as usize * L;
                    self.w[base + g as usize] += 1;
                    self.u[base + g as usize] += c;
                    self.w[base + p as usize] -= 1;
                    self.u[base + p as usize] -= c;
                }
            }
            let (pg, pp) = if i == 0 {
                (START, START)
            } else {
                (gold[i - 1] as usize, pred[i - 1] as usize)
            };
            if (pg, g) != (pp, p) {
                self.tw[pg][g as usize] += 1;
                self.tu[pg][g as usize] += c;
                self.tw[pp][p as usize] -= 1;
                self.tu[pp][p as usize] -= c;
            }
        }
    }
}

/// Trains [`TrainConfig::ensemble`] perceptrons that differ only in their
/// shuffle seeds and averages their (averaged) weights: the order of the
/// sentences moves a perceptron by about half a point of F1, and the
/// average of a few is steadier and better than any one.
fn perceptrons(
    mut data: Data,
    config: &TrainConfig,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Pass, TrainError> {
    let m = config.ensemble.max(1);
    let n = data.keys.len();
    let mut sum_w = vec![0f64; n * L];
    let mut sum_t = [[0f64; L]; L + 1];
    for k in 0..m {
        let mut t = Trainer::new(data, config.seed.wrapping_add(u64::from(k)));
        for _ in 0..config.epochs {
            let s = t.epoch();
            progress(Progress::Epoch(s));
        }
        let c = t.c as f64;
        for (x, (&w, &u)) in sum_w.iter_mut().zip(t.w.iter().zip(&t.u)) {
            *x += f64::from(w) - u as f64 / c;
        }
        for (xs, (ws, us)) in sum_t.iter_mut().zip(t.tw.iter().zip(&t.tu)) {
            for (x, (&w, &u)) in xs.iter_mut().zip(ws.iter().zip(us)) {
                *x += f64::from(w) - u as f64 / c;
            }
        }
        data = t.data;
    }
    let m = f64::from(m);
    let mut trans: Transitions = [[0.0; L]; L + 1];
    for (r, row) in trans.iter_mut().zip(&sum_t) {
        for (x, &y) in r.iter_mut().zip(row) {
            *x = (y / m) as f32;
        }
    }
    data.quantize(|k, l| sum_w[k * L + l] / m, trans)
}

/// Trains one pass with the configured algorithm.
fn train_pass(
    data: Data,
    config: &TrainConfig,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Pass, TrainError> {
    progress(Progress::Features {
        kept: data.keys.len(),
        tokens: data.gold.len(),
    });
    match config.algorithm {
        Algorithm::Perceptron => perceptrons(data, config, progress),
        Algorithm::Crf { l2, eta } => {
            let mut crf = super::crf::Crf::new(data, config.seed, l2, eta);
            for _ in 0..config.epochs {
                let s = crf.epoch();
                progress(Progress::Epoch(s));
            }
            crf.pass()
        }
    }
}

/// Trains a tagger on `sentences` (in document order: the second pass
/// reads neighbouring sentences as context).
pub fn train(sentences: &[TrainSentence], config: TrainConfig) -> Result<Tagger, TrainError> {
    train_with_progress(sentences, config, &mut |_| {})
}

/// [`train`], reporting stages and epochs to `progress`.
pub fn train_with_progress(
    sentences: &[TrainSentence],
    config: TrainConfig,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Tagger, TrainError> {
    let mut inputs: Vec<TagInput<'_>> = Vec::new();
    let mut ranges = Vec::with_capacity(sentences.len());
    let mut gold = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        if s.words.len() != s.labels.len() {
            return Err(TrainError::Length {
                sentence: i,
                words: s.words.len(),
                labels: s.labels.len(),
            });
        }
        if s.words.is_empty() {
            continue;
        }
        ranges.push(inputs.len()..inputs.len() + s.words.len());
        inputs.extend(s.words.iter().map(TagWord::as_input));
        let mut labels = s.labels.clone();
        viterbi::repair(&mut labels);
        gold.extend(labels.iter().map(|l| l.index() as u8));
    }
    if inputs.is_empty() {
        return Err(TrainError::Empty);
    }
    let all: Vec<usize> = (0..ranges.len()).collect();
    progress(Progress::Stage("first pass"));
    let data = Data::new(&inputs, &ranges, &all, &gold, None, config.min_count);
    let first = train_pass(data, &config, progress)?;
    if config.folds < 2 || ranges.len() < config.folds as usize {
        return Ok(Tagger::from_passes(first, None, 0));
    }
    // Jackknife: first-pass labels of each block from a model that did not
    // see it.
    let folds = config.folds as usize;
    let mut labels = vec![0u8; inputs.len()];
    for f in 0..folds {
        let block = |s: usize| s * folds / ranges.len() == f;
        let train: Vec<usize> = all.iter().copied().filter(|&s| !block(s)).collect();
        let held: Vec<Range<usize>> = all
            .iter()
            .filter(|&&s| block(s))
            .map(|&s| ranges[s].clone())
            .collect();
        progress(Progress::Stage(&format!(
            "jackknife block {} of {folds}",
            f + 1
        )));
        let data = Data::new(&inputs, &ranges, &train, &gold, None, config.min_count);
        let pass = train_pass(data, &config, progress)?;
        let tagger = Tagger::from_passes(pass, None, 0);
        let got = tagger.first_labels(&inputs, &held);
        for r in held {
            labels[r.clone()].copy_from_slice(&got[r]);
        }
    }
    let keys: Vec<u64> = inputs.iter().map(context::key).collect();
    let ctx = context::contexts(&keys, &labels, config.window as usize);
    progress(Progress::Stage("second pass"));
    let data = Data::new(&inputs, &ranges, &all, &gold, Some(&ctx), config.min_count);
    let second = train_pass(data, &config, progress)?;
    Ok(Tagger::from_passes(first, Some(second), config.window))
}
