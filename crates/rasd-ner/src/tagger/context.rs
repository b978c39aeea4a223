//! Document context for the second pass.
//!
//! A name is often tagged right in one sentence of an article and missed in
//! another ("فينغر" after "المدرب", then alone). The second pass sees, for
//! each token, what the first pass said about it (its own label and its
//! neighbours') and about the other occurrences of the same light stem
//! within [`super::TrainConfig::window`] tokens before or after it: which
//! entity types they got, and whether some got `O`.

use super::features::hash_str;
use super::{Label, TagInput};

/// What the first pass says around one token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Ctx {
    /// The token's own first-pass label (index).
    pub own: u8,
    /// Bits 0–3: an other occurrence nearby got an entity of type
    /// PERS, LOC, ORG, MISC; bit 4: one got `O`.
    pub near: u8,
}

/// The key under which occurrences of a token meet: its light stem, for
/// tokens of two letters or more (0: never matched).
pub(crate) fn key(w: &TagInput<'_>) -> u64 {
    if w.stem.chars().nth(1).is_none() {
        return 0;
    }
    hash_str(w.stem) | 1
}

/// The context of every token of a document: `keys[i]` from [`key`],
/// `labels[i]` its first-pass label index, `window` the reach in tokens.
pub(crate) fn contexts(keys: &[u64], labels: &[u8], window: usize) -> Vec<Ctx> {
    debug_assert_eq!(keys.len(), labels.len());
    let seen = |j: u32| match Label::ALL[labels[j as usize] as usize].entity_type() {
        Some(t) => 1u8 << t as u8,
        None => 1 << 4,
    };
    // The occurrences of each key together, in text order.
    let mut order: Vec<(u64, u32)> = (keys.iter().zip(0u32..))
        .filter(|&(&k, _)| k != 0)
        .map(|(&k, i)| (k, i))
        .collect();
    order.sort_unstable();
    let mut near = vec![0u8; keys.len()];
    for group in order.chunk_by(|a, b| a.0 == b.0) {
        for (g, &(_, i)) in group.iter().enumerate() {
            let mut n = 0u8;
            for &(_, j) in group[..g].iter().rev() {
                if j as usize + window < i as usize {
                    break;
                }
                n |= seen(j);
            }
            for &(_, j) in &group[g + 1..] {
                if j as usize > i as usize + window {
                    break;
                }
                n |= seen(j);
            }
            near[i as usize] = n;
        }
    }
    labels
        .iter()
        .zip(near)
        .map(|(&own, near)| Ctx { own, near })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition, token by token: every other occurrence of the key
    /// within `window` tokens.
    fn reference(keys: &[u64], labels: &[u8], window: usize) -> Vec<Ctx> {
        (0..keys.len())
            .map(|i| {
                let mut near = 0u8;
                for j in 0..keys.len() {
                    if j != i && keys[i] != 0 && keys[j] == keys[i] && i.abs_diff(j) <= window {
                        near |= match Label::ALL[labels[j] as usize].entity_type() {
                            Some(t) => 1 << t as u8,
                            None => 1 << 4,
                        };
                    }
                }
                Ctx {
                    own: labels[i],
                    near,
                }
            })
            .collect()
    }

    proptest! {
        #[test]
        fn contexts_match_the_definition(
            doc in prop::collection::vec((0u64..6, 0u8..9), 0..80),
            window in 0usize..12,
        ) {
            let (keys, labels): (Vec<u64>, Vec<u8>) = doc.into_iter().unzip();
            prop_assert_eq!(contexts(&keys, &labels, window), reference(&keys, &labels, window));
        }
    }
}
