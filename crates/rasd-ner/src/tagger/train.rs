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

use std::collections::HashMap;

use super::features::{self, NoHashBuilder};
use super::model::{ModelError, Tagger};
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: u32,
    /// Seed of the sentence shuffle.
    pub seed: u64,
    /// Features seen fewer times than this are dropped.
    pub min_count: u32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            seed: 1,
            min_count: 2,
        }
    }
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
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> XorShift {
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
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
}

/// An averaged perceptron in training. Build it with [`Trainer::new`], run
/// [`Trainer::epoch`] as often as wanted (a [`Trainer::model`] snapshot can
/// be taken between epochs), then take the model.
#[derive(Debug)]
pub struct Trainer {
    config: TrainConfig,
    rng: XorShift,
    keys: Vec<u64>,
    /// Feature indices of every token, in corpus order.
    feats: Vec<u32>,
    /// Token t's features are `feats[tok_off[t]..tok_off[t + 1]]`.
    tok_off: Vec<u32>,
    /// Sentence s's tokens are `sent_off[s]..sent_off[s + 1]`.
    sent_off: Vec<usize>,
    gold: Vec<u8>,
    w: Vec<i32>,
    u: Vec<i64>,
    tw: [[i32; L]; L + 1],
    tu: [[i64; L]; L + 1],
    c: i64,
    epoch: u32,
    order: Vec<usize>,
}

impl Trainer {
    /// Extracts the features of `sentences` and prepares training.
    pub fn new(sentences: &[TrainSentence], config: TrainConfig) -> Result<Trainer, TrainError> {
        let mut scratch = features::Scratch::default();
        let mut hashes: Vec<u64> = Vec::new();
        let mut tok_off: Vec<u32> = vec![0];
        let mut sent_off = vec![0usize];
        let mut gold = Vec::new();
        let mut feats = Vec::new();
        let mut offsets = Vec::new();
        let mut inputs: Vec<TagInput<'_>> = Vec::new();
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
            inputs.clear();
            inputs.extend(s.words.iter().map(TagWord::as_input));
            features::extract(&inputs, &mut scratch, &mut feats, &mut offsets);
            let base = hashes.len() as u32;
            hashes.extend_from_slice(&feats);
            tok_off.extend(offsets[1..].iter().map(|&o| base + o));
            let mut labels = s.labels.clone();
            viterbi::repair(&mut labels);
            gold.extend(labels.iter().map(|l| l.index() as u8));
            sent_off.push(gold.len());
        }
        if gold.is_empty() {
            return Err(TrainError::Empty);
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
                if counts[&h] < config.min_count {
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
        let n = keys.len();
        let sentences = sent_off.len() - 1;
        Ok(Trainer {
            config,
            rng: XorShift::new(config.seed),
            keys,
            feats: kept,
            tok_off: new_off,
            sent_off,
            gold,
            w: vec![0; n * L],
            u: vec![0; n * L],
            tw: [[0; L]; L + 1],
            tu: [[0; L]; L + 1],
            c: 1,
            epoch: 0,
            order: (0..sentences).collect(),
        })
    }

    /// Number of features kept.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Number of sentences.
    pub fn n_sentences(&self) -> usize {
        self.order.len()
    }

    /// The options in use.
    pub fn config(&self) -> TrainConfig {
        self.config
    }

    /// One pass over the data, in a freshly shuffled order.
    pub fn epoch(&mut self) -> EpochStats {
        self.epoch += 1;
        for i in (1..self.order.len()).rev() {
            let j = self.rng.below(i + 1);
            self.order.swap(i, j);
        }
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
            let (a, b) = (self.sent_off[s], self.sent_off[s + 1]);
            emit.clear();
            for t in a..b {
                let mut acc = [0i32; L];
                for &f in &self.feats[self.tok_off[t] as usize..self.tok_off[t + 1] as usize] {
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
            if path[..] != self.gold[a..b] {
                let gold = self.gold[a..b].to_vec();
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
                for &f in &self.feats[self.tok_off[t] as usize..self.tok_off[t + 1] as usize] {
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

    /// The averaged model so far, quantized to 16-bit weights.
    pub fn model(&self) -> Result<Tagger, TrainError> {
        let c = self.c as f64;
        let avg = |w: i32, u: i64| f64::from(w) - u as f64 / c;
        let mut max = 0f64;
        for (&w, &u) in self.w.iter().zip(&self.u) {
            max = max.max(avg(w, u).abs());
        }
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut feats = Vec::with_capacity(self.keys.len());
        for (k, &key) in self.keys.iter().enumerate() {
            let mut q = [0i16; L];
            for (l, x) in q.iter_mut().enumerate() {
                let i = k * L + l;
                *x = (avg(self.w[i], self.u[i]) / scale).round() as i16;
            }
            if q.iter().any(|&x| x != 0) {
                feats.push((key, q));
            }
        }
        let mut trans: Transitions = [[0.0; L]; L + 1];
        for (p, row) in trans.iter_mut().enumerate() {
            for (n, x) in row.iter_mut().enumerate() {
                *x = avg(self.tw[p][n], self.tu[p][n]) as f32;
            }
        }
        Ok(Tagger::from_parts(feats, scale as f32, trans)?)
    }
}

/// Trains a tagger on `sentences` for `config.epochs` epochs.
pub fn train(sentences: &[TrainSentence], config: TrainConfig) -> Result<Tagger, TrainError> {
    let mut t = Trainer::new(sentences, config)?;
    for _ in 0..config.epochs {
        t.epoch();
    }
    t.model()
}
