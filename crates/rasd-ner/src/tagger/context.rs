//! Document context for the second pass.
//!
//! A name is often tagged right in one sentence of an article and missed in
//! another ("فينغر" after "المدرب", then alone). The second pass sees, for
//! each token, what the first pass said about it (its own label and its
//! neighbours') and about the other occurrences of the same light stem
//! within [`super::TrainConfig::window`] tokens before or after it: which
//! entity types they got, and whether some got `O`.

use std::collections::HashMap;

use super::features::{hash_str, NoHashBuilder};
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
    let mut at: HashMap<u64, Vec<u32>, NoHashBuilder> = HashMap::default();
    for (i, &k) in keys.iter().enumerate() {
        if k != 0 {
            at.entry(k).or_default().push(i as u32);
        }
    }
    let mut out = Vec::with_capacity(keys.len());
    for (i, (&k, &own)) in keys.iter().zip(labels).enumerate() {
        let mut near = 0u8;
        if let Some(pos) = at.get(&k).filter(|_| k != 0) {
            let lo = i.saturating_sub(window) as u32;
            let from = pos.partition_point(|&p| p < lo);
            for &j in &pos[from..] {
                let j = j as usize;
                if j > i + window {
                    break;
                }
                if j == i {
                    continue;
                }
                near |= match Label::ALL[labels[j] as usize].entity_type() {
                    Some(t) => 1 << t as u8,
                    None => 1 << 4,
                };
            }
        }
        out.push(Ctx { own, near });
    }
    out
}
