//! Exact first-order Viterbi decoding over label bigrams.
//!
//! The BIO constraint is hard: `I-X` may only follow `B-X` or `I-X`, and no
//! sentence starts with `I-`. Transition scores of forbidden pairs are
//! minus infinity, so the best path never takes them.

use super::Label;

/// Number of labels.
pub(crate) const L: usize = Label::COUNT;

/// Transition scores: `trans[prev][next]`, with row [`START`] for the start
/// of the sentence.
pub(crate) type Transitions = [[f32; L]; L + 1];

/// The row of the sentence start in [`Transitions`].
pub(crate) const START: usize = L;

/// Whether `next` may follow `prev` (`None`: the sentence start).
pub(crate) fn allowed(prev: Option<Label>, next: Label) -> bool {
    match next {
        Label::I(t) => matches!(prev, Some(Label::B(p) | Label::I(p)) if p == t),
        _ => true,
    }
}

/// `trans` with the forbidden transitions set to minus infinity.
pub(crate) fn constrained(trans: &Transitions) -> Transitions {
    let mut out = *trans;
    for (p, row) in out.iter_mut().enumerate() {
        let prev = Label::from_index(p);
        for (n, s) in row.iter_mut().enumerate() {
            let next = Label::from_index(n).unwrap_or(Label::O);
            if !allowed(prev, next) {
                *s = f32::NEG_INFINITY;
            }
        }
    }
    out
}

/// Reusable buffers of the decoder.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    back: Vec<[u8; L]>,
}

/// The best label sequence for the emission scores `emit` (one row per
/// token) under `trans` (already [`constrained`]); label indices into `out`.
pub(crate) fn decode(emit: &[[f32; L]], trans: &Transitions, sc: &mut Scratch, out: &mut Vec<u8>) {
    out.clear();
    let n = emit.len();
    if n == 0 {
        return;
    }
    sc.back.clear();
    sc.back.resize(n, [0; L]);
    let mut score = [0f32; L];
    for (l, s) in score.iter_mut().enumerate() {
        *s = trans[START][l] + emit[0][l];
    }
    for (e, back) in emit.iter().zip(sc.back.iter_mut()).skip(1) {
        // All next labels at once, one previous label at a time: the inner
        // loop runs across labels, in vector registers.
        let mut best = [f32::NEG_INFINITY; L];
        let mut arg = [0u32; L];
        for (p, (&sp, row)) in score.iter().zip(trans).enumerate() {
            for ((b, a), &t) in best.iter_mut().zip(arg.iter_mut()).zip(row) {
                let s = sp + t;
                // Strictly greater: ties go to the lower label index.
                if s > *b {
                    *b = s;
                    *a = p as u32;
                }
            }
        }
        for l in 0..L {
            score[l] = best[l] + e[l];
            back[l] = arg[l] as u8;
        }
    }
    let mut best = 0usize;
    for l in 1..L {
        if score[l] > score[best] {
            best = l;
        }
    }
    out.resize(n, 0);
    out[n - 1] = best as u8;
    for i in (1..n).rev() {
        out[i - 1] = sc.back[i][out[i] as usize];
    }
}

/// The BIO labels of a sequence after fixing `I-X` that does not follow
/// `B-X` or `I-X` (it becomes `B-X`, which names the same entities).
pub(crate) fn repair(labels: &mut [Label]) {
    let mut prev: Option<Label> = None;
    for l in labels.iter_mut() {
        if !allowed(prev, *l) {
            if let Label::I(t) = *l {
                *l = Label::B(t);
            }
        }
        prev = Some(*l);
    }
}
