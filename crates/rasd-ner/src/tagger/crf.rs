//! A linear-chain CRF trained by stochastic gradient descent (Bottou's
//! `crfsgd` recipe): per sentence, forward–backward gives the label
//! marginals, the weights move by the gradient of the log-likelihood, and
//! an L2 penalty shrinks them all through a shared scale factor, so that a
//! step only touches the features of the sentence.
//!
//! The same features and the same constrained Viterbi decoding serve both
//! algorithms; only the weights differ.

use super::model::Pass;
use super::train::{shuffle, Data, EpochStats, TrainError, XorShift};
use super::viterbi::{self, Transitions, L, START};

/// A CRF in training.
#[derive(Debug)]
pub(crate) struct Crf {
    data: Data,
    rng: XorShift,
    /// Weights are `scale × v`.
    v: Vec<f32>,
    scale: f64,
    trans: [[f64; L]; L + 1],
    l2: f64,
    eta0: f64,
    step: u64,
    epoch: u32,
    order: Vec<usize>,
}

impl Crf {
    /// A CRF over `data` with L2 strength `l2` and initial rate `eta0`.
    pub(crate) fn new(data: Data, seed: u64, l2: f64, eta0: f64) -> Crf {
        let n = data.keys.len();
        let order = (0..data.n_sentences()).collect();
        Crf {
            data,
            rng: XorShift::new(seed),
            v: vec![0.0; n * L],
            scale: 1.0,
            trans: [[0.0; L]; L + 1],
            l2,
            eta0,
            step: 0,
            epoch: 0,
            order,
        }
    }

    /// One pass over the data in a shuffled order.
    pub(crate) fn epoch(&mut self) -> EpochStats {
        self.epoch += 1;
        shuffle(&mut self.order, &mut self.rng);
        let mut stats = EpochStats {
            epoch: self.epoch,
            sentences: 0,
            tokens: 0,
            token_errors: 0,
        };
        let mut psi: Vec<[f64; L]> = Vec::new();
        let mut alpha: Vec<[f64; L]> = Vec::new();
        let mut beta: Vec<[f64; L]> = Vec::new();
        let mut norm: Vec<f64> = Vec::new();
        for k in 0..self.order.len() {
            let s = self.order[k];
            let (a, b) = (self.data.sent_off[s], self.data.sent_off[s + 1]);
            let n = b - a;
            // Transition potentials (0 where the BIO constraint forbids).
            let mut et = [[0f64; L]; L + 1];
            for (p, row) in et.iter_mut().enumerate() {
                let prev = super::Label::from_index(p);
                for (l, x) in row.iter_mut().enumerate() {
                    if viterbi::allowed(prev, super::Label::ALL[l]) {
                        *x = self.trans[p][l].exp();
                    }
                }
            }
            psi.clear();
            for t in a..b {
                let mut e = [0f64; L];
                for &f in self.data.token(t) {
                    let row = &self.v[f as usize * L..f as usize * L + L];
                    for (x, &y) in e.iter_mut().zip(row) {
                        *x += f64::from(y);
                    }
                }
                let m = e.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
                psi.push(e.map(|x| ((x - m) * self.scale).exp()));
            }
            // Forward, normalized at every step.
            alpha.clear();
            norm.clear();
            for i in 0..n {
                let mut al = [0f64; L];
                for (l, x) in al.iter_mut().enumerate() {
                    let into = if i == 0 {
                        et[START][l]
                    } else {
                        (0..L).map(|p| alpha[i - 1][p] * et[p][l]).sum()
                    };
                    *x = into * psi[i][l];
                }
                let z: f64 = al.iter().sum::<f64>().max(1e-300);
                norm.push(z);
                alpha.push(al.map(|x| x / z));
            }
            // Backward, with the same normalizers.
            beta.clear();
            beta.resize(n, [1.0; L]);
            for i in (0..n.saturating_sub(1)).rev() {
                let mut be = [0f64; L];
                for (p, x) in be.iter_mut().enumerate() {
                    *x = (0..L)
                        .map(|l| et[p][l] * psi[i + 1][l] * beta[i + 1][l])
                        .sum::<f64>()
                        / norm[i + 1];
                }
                beta[i] = be;
            }
            // Gradient step.
            let eta = self.eta0 / (1.0 + self.l2 * self.eta0 * self.step as f64);
            self.scale *= 1.0 - eta * self.l2;
            if self.scale < 1e-9 {
                for x in &mut self.v {
                    *x = (f64::from(*x) * self.scale) as f32;
                }
                self.scale = 1.0;
            }
            let gold = &self.data.gold[a..b];
            let mut tgrad = [[0f64; L]; L + 1];
            for i in 0..n {
                let g = gold[i] as usize;
                let mut marg = [0f64; L];
                for l in 0..L {
                    marg[l] = alpha[i][l] * beta[i][l];
                }
                let best = (0..L).fold(0, |b, l| if marg[l] > marg[b] { l } else { b });
                stats.token_errors += usize::from(best != g);
                let mut delta = [0f32; L];
                for l in 0..L {
                    let d = f64::from(u8::from(l == g)) - marg[l];
                    delta[l] = (eta * d / self.scale) as f32;
                }
                let t = a + i;
                let (from, to) = (
                    self.data.tok_off[t] as usize,
                    self.data.tok_off[t + 1] as usize,
                );
                for j in from..to {
                    let f = self.data.feats[j] as usize;
                    for (x, &d) in self.v[f * L..f * L + L].iter_mut().zip(&delta) {
                        *x += d;
                    }
                }
                // Transitions: gold pair minus expected pairs.
                if i == 0 {
                    tgrad[START][g] += 1.0;
                    for l in 0..L {
                        tgrad[START][l] -= marg[l];
                    }
                } else {
                    tgrad[gold[i - 1] as usize][g] += 1.0;
                    for p in 0..L {
                        for l in 0..L {
                            let pair =
                                alpha[i - 1][p] * et[p][l] * psi[i][l] * beta[i][l] / norm[i];
                            tgrad[p][l] -= pair;
                        }
                    }
                }
            }
            for (row, g) in self.trans.iter_mut().zip(&tgrad) {
                for (x, &d) in row.iter_mut().zip(g) {
                    *x += eta * d;
                }
            }
            self.step += 1;
            stats.sentences += 1;
            stats.tokens += n;
        }
        stats
    }

    /// The weights, quantized into a pass.
    pub(crate) fn pass(&self) -> Result<Pass, TrainError> {
        let mut trans: Transitions = [[0.0; L]; L + 1];
        for (r, row) in trans.iter_mut().zip(&self.trans) {
            for (x, &y) in r.iter_mut().zip(row) {
                *x = y as f32;
            }
        }
        self.data
            .quantize(|k, l| f64::from(self.v[k * L + l]) * self.scale, trans)
    }
}
