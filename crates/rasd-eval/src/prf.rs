//! Precision, recall and F1 from counts.
//!
//! Every score of the crate is a [`Prf`]: the three counts it comes from and
//! the three ratios in percent. Counts add up, so a micro-average over many
//! documents is the sum of their [`Prf`]s.
//!
//! ```
//! use rasd_eval::Prf;
//!
//! let a = Prf::from_counts(8, 10, 8);
//! assert_eq!(a.precision, 100.0);
//! assert_eq!(a.recall, 80.0);
//! let total = a + Prf::from_counts(0, 0, 2);
//! assert_eq!((total.correct, total.gold, total.system), (8, 10, 10));
//! assert_eq!(total.f1, 80.0);
//! // Nothing to find and nothing found: everything is 0, not NaN.
//! assert_eq!(Prf::from_counts(0, 0, 0).f1, 0.0);
//! ```

use std::iter::Sum;
use std::ops::{Add, AddAssign};

use serde::Serialize;

/// Counts of matches and the precision, recall and F1 they give, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Prf {
    /// Items found by the system that match a gold item.
    pub correct: usize,
    /// Items in the gold standard.
    pub gold: usize,
    /// Items produced by the system.
    pub system: usize,
    /// `100 * correct / system`, 0 when the system produced nothing.
    pub precision: f64,
    /// `100 * correct / gold`, 0 when the gold has nothing.
    pub recall: f64,
    /// Harmonic mean of precision and recall, `100 * 2 * correct / (gold + system)`,
    /// 0 when both are empty.
    pub f1: f64,
}

impl Prf {
    /// Builds the scores from counts. A zero denominator gives 0, never NaN.
    pub fn from_counts(correct: usize, gold: usize, system: usize) -> Prf {
        Prf {
            correct,
            gold,
            system,
            precision: percent(correct, system),
            recall: percent(correct, gold),
            f1: percent(2 * correct, gold + system),
        }
    }
}

/// `100 * num / den`, or 0 when `den` is 0.
pub(crate) fn percent(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        100.0 * num as f64 / den as f64
    }
}

impl Add for Prf {
    type Output = Prf;

    /// Adds the counts and recomputes the ratios (micro-averaging).
    fn add(self, other: Prf) -> Prf {
        Prf::from_counts(
            self.correct + other.correct,
            self.gold + other.gold,
            self.system + other.system,
        )
    }
}

impl AddAssign for Prf {
    fn add_assign(&mut self, other: Prf) {
        *self = *self + other;
    }
}

impl Sum for Prf {
    fn sum<I: Iterator<Item = Prf>>(iter: I) -> Prf {
        iter.fold(Prf::default(), Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_counts_table() {
        // (correct, gold, system) -> (precision, recall, f1)
        type Case = ((usize, usize, usize), (f64, f64, f64));
        let cases: &[Case] = &[
            ((0, 0, 0), (0.0, 0.0, 0.0)),
            ((0, 5, 0), (0.0, 0.0, 0.0)),
            ((0, 0, 5), (0.0, 0.0, 0.0)),
            ((5, 5, 5), (100.0, 100.0, 100.0)),
            ((1, 2, 4), (25.0, 50.0, 100.0 / 3.0)),
            ((3, 4, 4), (75.0, 75.0, 75.0)),
        ];
        for &((c, g, s), (p, r, f)) in cases {
            let prf = Prf::from_counts(c, g, s);
            assert!((prf.precision - p).abs() < 1e-9, "{c} {g} {s}: {prf:?}");
            assert!((prf.recall - r).abs() < 1e-9, "{c} {g} {s}: {prf:?}");
            assert!((prf.f1 - f).abs() < 1e-9, "{c} {g} {s}: {prf:?}");
        }
    }

    #[test]
    fn sum_is_micro_average() {
        let parts = [Prf::from_counts(1, 2, 2), Prf::from_counts(3, 4, 6)];
        let total: Prf = parts.iter().copied().sum();
        assert_eq!(total, Prf::from_counts(4, 6, 8));
        let mut acc = Prf::default();
        acc += parts[0];
        acc += parts[1];
        assert_eq!(acc, total);
    }
}
