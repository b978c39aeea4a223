//! The model: feature weights in an open-addressing table, transition
//! weights, and the binary file format.
//!
//! # File format (little-endian)
//!
//! | field | bytes |
//! |---|---|
//! | magic `RASDNER\0` | 8 |
//! | format version ([`FORMAT_VERSION`]) | u32 |
//! | feature set version ([`FEATURE_VERSION`]) | u32 |
//! | label count, then each label as u8 length + UTF-8 | u32 + … |
//! | document window of the second pass, in tokens | u32 |
//! | number of passes (1 or 2), then each pass: | u8 |
//! | · feature count n | u32 |
//! | · weight scale (a weight is `i16 × scale`) | f32 |
//! | · transitions, (labels + 1) × labels, start row last | f32 each |
//! | · feature keys, ascending | n × u64 |
//! | · per feature: a u16 mask of labels with a weight, then those weights | 2 + 2k |
//! | checksum: FNV-1a 64 of everything before | u64 |
//!
//! Weights are stored in 16 bits, snapped to 8 significant bits per
//! feature and pass (`snap8`: a weight is `q << s`, `|q| ≤ 127`, one shift
//! `s` per feature); a feature whose weights all round to zero is not
//! stored. At load time every feature becomes one 32-byte slot (key and
//! the nine weights), so that scoring a feature costs one memory access; a
//! two-pass model also gets a joint table whose 32-byte slots hold a
//! feature's 8-bit weights and shifts in both passes (`Joint`), so that
//! tagging loads each feature once for both, from a table half the size of
//! 16-bit slots.
//!
//! Tagging with a two-pass model reads the joint table through a per-thread
//! word cache (`cache.rs`, [`Joint::sums_cached`]): most features of a
//! token read one word alone, its own or a neighbour's at offset ±1 or ±2,
//! so their summed weights are kept per word type and per offset. A token
//! then costs the entries of its five words plus the few features that read
//! two words or the sentence (word pairs, gazetteer matches, titles); a
//! word the cache lacks is summed as before and remembered. A Bloom filter
//! in front of the joint table answers most lookups of features the model
//! lacks (word pairs, rare words) without loading a slot. Both are exact:
//! integer sums, and the filter never refuses a key the table has; the
//! tests compare the cached path with summing every feature of
//! [`features::extract`]. Training and the one-pass path do not use them.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use rasd_text::mem::{prefetch_ptr, prefetch_read};

use super::cache::{self, add_sums, Entry, Sums, WordCache};
use super::context;
use super::features::{self, hash_bytes, Tok};
use super::gazetteer::Gazetteer;
use super::viterbi::{self, Transitions, L};
use super::{Label, TagInput};

/// The first eight bytes of a model file.
pub const MAGIC: [u8; 8] = *b"RASDNER\0";
/// The version of the file layout this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// The version of the feature set (what the weights mean). A model trained
/// with another feature set is refused.
pub const FEATURE_VERSION: u32 = 1;

/// What can be wrong with a model file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file does not start with [`MAGIC`].
    #[error("not a rasd NER model (the file does not start with the RASDNER magic)")]
    BadMagic,
    /// A layout this build does not read.
    #[error("model format version {found}; this build reads version {expected}")]
    Version {
        /// The file's version.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// Weights for another feature set.
    #[error(
        "model was trained with feature set {found}; this build extracts feature set \
         {expected}: retrain it (see models/ner/README.md)"
    )]
    FeatureVersion {
        /// The file's feature set.
        found: u32,
        /// The feature set of this build.
        expected: u32,
    },
    /// The file ends early.
    #[error("model file is truncated: {needed} more byte(s) needed at byte {offset}")]
    Truncated {
        /// Where reading stopped.
        offset: usize,
        /// How many bytes were missing.
        needed: usize,
    },
    /// The checksum does not match: the file was damaged.
    #[error("model file is corrupt (checksum mismatch)")]
    Checksum,
    /// The file's label set is not this build's.
    #[error("model labels are {found:?}; this build uses {expected:?}")]
    Labels {
        /// The file's labels.
        found: Vec<String>,
        /// This build's labels.
        expected: Vec<String>,
    },
    /// Any other inconsistency.
    #[error("model file is invalid: {0}")]
    Invalid(String),
}

/// One feature: its key and its weight per label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(32))]
struct Slot {
    key: u64,
    w: [i16; L],
}

/// A slot of an open-addressing table of features (key 0: empty).
trait Keyed {
    fn key(&self) -> u64;
}

impl Keyed for Slot {
    #[inline]
    fn key(&self) -> u64 {
        self.key
    }
}

impl Keyed for JointSlot {
    #[inline]
    fn key(&self) -> u64 {
        self.key
    }
}

/// Asks the processor for the slots of `feats` in a table of `mask + 1`
/// slots (linear probing from `key & mask`).
#[inline]
fn prefetch<T>(slots: &[T], mask: usize, feats: &[u64]) {
    for &f in feats {
        prefetch_read(&slots[f as usize & mask]);
    }
}

/// Asks the processor for every cache line of `x`.
#[inline]
pub(super) fn prefetch_all<T>(x: &T) {
    let start = (x as *const T).cast::<u8>();
    for off in (0..std::mem::size_of::<T>()).step_by(64) {
        prefetch_ptr(start.wrapping_add(off));
    }
}

/// The slot of `key` in a table of `mask + 1` slots, if there is one.
#[inline]
fn find<T: Keyed>(slots: &[T], mask: usize, key: u64) -> Option<&T> {
    let mut i = key as usize & mask;
    loop {
        let s = &slots[i];
        if s.key() == key {
            return Some(s);
        }
        if s.key() == 0 {
            return None;
        }
        i = (i + 1) & mask;
    }
}

/// The weights of one pass: features in an open-addressing table, and
/// transitions.
#[derive(Clone)]
pub(crate) struct Pass {
    slots: Box<[Slot]>,
    mask: usize,
    n_features: usize,
    scale: f32,
    trans: Transitions,
    decode_trans: Transitions,
}

impl Pass {
    /// Builds a pass from quantized features, the weight scale and the
    /// transition weights (unconstrained; the BIO constraints are added).
    pub(crate) fn from_parts(
        mut features: Vec<(u64, [i16; L])>,
        scale: f32,
        trans: Transitions,
    ) -> Result<Pass, ModelError> {
        if !(scale.is_finite() && scale > 0.0) {
            return Err(ModelError::Invalid(format!(
                "weight scale {scale} is not positive"
            )));
        }
        if trans.iter().flatten().any(|x| !x.is_finite()) {
            return Err(ModelError::Invalid(
                "a transition weight is not finite".into(),
            ));
        }
        for (_, w) in &mut features {
            snap8(w);
        }
        features.retain(|(_, w)| w.iter().any(|&x| x != 0));
        let cap = (features.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap].into_boxed_slice();
        let mask = cap - 1;
        for &(key, w) in &features {
            if key == 0 {
                return Err(ModelError::Invalid("feature key 0".into()));
            }
            let mut i = key as usize & mask;
            loop {
                if slots[i].key == 0 {
                    slots[i] = Slot { key, w };
                    break;
                }
                if slots[i].key == key {
                    return Err(ModelError::Invalid(format!(
                        "feature {key:#x} appears twice"
                    )));
                }
                i = (i + 1) & mask;
            }
        }
        Ok(Pass {
            slots,
            mask,
            n_features: features.len(),
            scale,
            decode_trans: viterbi::constrained(&trans),
            trans,
        })
    }

    #[inline]
    fn prefetch(&self, feats: &[u64]) {
        prefetch(&self.slots, self.mask, feats);
    }

    #[inline]
    fn find(&self, key: u64) -> Option<&Slot> {
        find(&self.slots, self.mask, key)
    }

    /// Labels one sentence from its features (`feats[offsets[i]..offsets[i
    /// + 1]]` for token i); label indices into `sc.path`.
    fn decode(&self, feats: &[u64], offsets: &[u32], sc: &mut Scratch) {
        sc.emit.clear();
        // The weight table is larger than the processor's caches and each
        // feature lands on a random slot: ask for the next token's slots
        // while this token's are summed, so the loads overlap.
        if let Some(w) = offsets.get(..2) {
            self.prefetch(&feats[w[0] as usize..w[1] as usize]);
        }
        for (t, w) in offsets.windows(2).enumerate() {
            if let Some(next) = offsets.get(t + 1..t + 3) {
                self.prefetch(&feats[next[0] as usize..next[1] as usize]);
            }
            let mut acc = [0i32; L];
            for &f in &feats[w[0] as usize..w[1] as usize] {
                if let Some(s) = self.find(f) {
                    for (a, &x) in acc.iter_mut().zip(&s.w) {
                        *a += i32::from(x);
                    }
                }
            }
            sc.emit.push(acc.map(|a| a as f32 * self.scale));
        }
        viterbi::decode(&sc.emit, &self.decode_trans, &mut sc.viterbi, &mut sc.path);
    }

    /// Adds the weights of feature `key` to `acc`.
    #[inline]
    fn add(&self, acc: &mut [i32; L], key: u64) {
        if let Some(s) = self.find(key) {
            for (a, &x) in acc.iter_mut().zip(&s.w) {
                *a += i32::from(x);
            }
        }
    }

    /// Labels one sentence into `sc.path` from its summed feature weights.
    fn decode_sums(&self, sums: &[[i32; L]], sc: &mut Scratch) {
        sc.emit.clear();
        sc.emit
            .extend(sums.iter().map(|acc| acc.map(|a| a as f32 * self.scale)));
        viterbi::decode(&sc.emit, &self.decode_trans, &mut sc.viterbi, &mut sc.path);
    }

    fn write(&self, b: &mut Vec<u8>) {
        let mut feats: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        feats.sort_unstable_by_key(|s| s.key);
        b.extend_from_slice(&(feats.len() as u32).to_le_bytes());
        b.extend_from_slice(&self.scale.to_le_bytes());
        for x in self.trans.iter().flatten() {
            b.extend_from_slice(&x.to_le_bytes());
        }
        for s in &feats {
            b.extend_from_slice(&s.key.to_le_bytes());
        }
        for s in &feats {
            let mut mask = 0u16;
            for (l, &x) in s.w.iter().enumerate() {
                if x != 0 {
                    mask |= 1 << l;
                }
            }
            b.extend_from_slice(&mask.to_le_bytes());
            for &x in s.w.iter().filter(|&&x| x != 0) {
                b.extend_from_slice(&x.to_le_bytes());
            }
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<Pass, ModelError> {
        let n = r.u32()? as usize;
        let scale = r.f32()?;
        let mut trans = [[0f32; L]; L + 1];
        for x in trans.iter_mut().flatten() {
            *x = r.f32()?;
        }
        // Each feature takes at least 10 bytes: refuse absurd counts before
        // allocating.
        let left = r.b.len() - r.pos;
        if n.saturating_mul(10) > left {
            return Err(ModelError::Truncated {
                offset: r.b.len(),
                needed: n * 10 - left,
            });
        }
        let mut feats = Vec::with_capacity(n);
        let mut last = 0u64;
        for i in 0..n {
            let key = r.u64()?;
            if i > 0 && key <= last {
                return Err(ModelError::Invalid(
                    "feature keys are not in ascending order".into(),
                ));
            }
            last = key;
            feats.push((key, [0i16; L]));
        }
        for f in &mut feats {
            let mask = r.u16()?;
            if mask >> L != 0 {
                return Err(ModelError::Invalid(format!("weight mask {mask:#x}")));
            }
            for (l, w) in f.1.iter_mut().enumerate() {
                if mask & (1 << l) != 0 {
                    *w = r.u16()? as i16;
                }
            }
        }
        Pass::from_parts(feats, scale, trans)
    }

    /// The weights of feature `key`, dequantized (tests).
    #[cfg(test)]
    pub(crate) fn weights(&self, key: u64) -> Option<[f32; L]> {
        self.find(key)
            .map(|s| s.w.map(|x| f32::from(x) * self.scale))
    }
}

/// One feature of a two-pass model: its key and its weights in both
/// passes, 8 bits each with a power-of-two scale per pass (see [`snap8`]),
/// in half a cache line.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(32))]
struct JointSlot {
    key: u64,
    shift: [u8; 2],
    w: [[i8; L]; 2],
}

/// Snaps a feature's weights to 8 bits and a shared power-of-two step:
/// each becomes `q << s` with `|q| ≤ 127`, `s` the least shift that fits
/// the largest. Returns `s`. Idempotent.
///
/// The error of a weight is at most half a step, under 0.4 % of the
/// feature's largest weight. Every model is snapped when it is built or
/// loaded, so that the joint table's 8-bit slots hold its weights exactly.
fn snap8(w: &mut [i16; L]) -> u8 {
    // −32768 has no positive twin: as −32767, every step count fits.
    for x in w.iter_mut() {
        *x = (*x).max(-i16::MAX);
    }
    let s = shift_of(w);
    if s > 0 {
        let half = 1i32 << (s - 1);
        for x in w.iter_mut() {
            let a = i32::from(x.unsigned_abs());
            let q = ((a + half) >> s).min(127) << s;
            *x = (q * i32::from(x.signum())) as i16;
        }
    }
    s
}

/// The least shift that brings the largest of `w` within 127.
fn shift_of(w: &[i16; L]) -> u8 {
    let max = w.iter().map(|x| x.unsigned_abs()).max().unwrap_or(0);
    (16 - max.leading_zeros() as u8).saturating_sub(7)
}

/// The 8-bit form of weights snapped by [`snap8`], and their shift.
fn to_i8(w: &[i16; L]) -> ([i8; L], u8) {
    let s = shift_of(w);
    (w.map(|x| (x >> s) as i8), s)
}

/// The features of both passes in one open-addressing table.
///
/// The second pass scores every feature of the first again, plus a few
/// context features. With both weights in one slot, tagging loads each
/// feature once: the first pass sums both passes' weights of a token's
/// features, and the second only adds its context features (a handful of
/// distinct keys, always in cache). Integer sums: the scores are exactly
/// those of scoring the passes one by one.
///
/// Tagging reads it through the word cache: [`Joint::sums_cached`].
#[derive(Clone)]
struct Joint {
    slots: Box<[JointSlot]>,
    mask: usize,
    /// Who owns the word cache's entries summed from this table (a clone
    /// has the same weights, so it may share them).
    owner: u64,
    /// The summed weights of the features that the tokens near a sentence's
    /// edges read of `<s>` and `</s>`: entry k for the offset
    /// `features::NEIGHBOURS[k]`.
    edges: [Sums; 4],
    /// A Bloom filter of the keys: one 64-bit word a key, two bits set in
    /// it ([`filter_bits`]). Most features looked up are not in the model
    /// (word pairs, rare words' affixes); the filter, small enough to stay
    /// in the processor's cache, answers for most of them without a load
    /// from the table. It never refuses a key that is there.
    filter: Box<[u64]>,
}

/// The bits of `key` in its word of a [`Joint`]'s filter (the word is
/// chosen by bits 32 and up, the table slot by the low bits).
#[inline]
fn filter_bits(key: u64) -> u64 {
    1 << (key >> 20 & 63) | 1 << (key >> 26 & 63)
}

impl Joint {
    fn new(first: &Pass, second: &Pass) -> Joint {
        // Both passes have mostly the same features: the larger count is
        // a fair guess of the union.
        let n = first.n_features.max(second.n_features);
        let cap = (n * 2).next_power_of_two().max(16);
        let mut joint = Joint {
            slots: rasd_text::mem::huge_table(cap, JointSlot::default()),
            mask: cap - 1,
            owner: cache::next_owner(),
            edges: [[[0; L]; 2]; 4],
            // Until the keys are in: every key may be there.
            filter: Box::new([!0]),
        };
        let mut used = 0;
        for (k, pass) in [first, second].into_iter().enumerate() {
            for s in pass.slots.iter().filter(|s| s.key != 0) {
                if used * 4 >= joint.slots.len() * 3 {
                    joint = joint.grown();
                }
                let mut i = s.key as usize & joint.mask;
                while joint.slots[i].key != 0 && joint.slots[i].key != s.key {
                    i = (i + 1) & joint.mask;
                }
                let slot = &mut joint.slots[i];
                if slot.key == 0 {
                    slot.key = s.key;
                    used += 1;
                }
                (slot.w[k], slot.shift[k]) = to_i8(&s.w);
            }
        }
        // 8 to 16 bits a key: about 3 % of the keys not there pass.
        let mut filter = vec![0u64; (used / 8).next_power_of_two().max(1)];
        let fmask = filter.len() - 1;
        for s in joint.slots.iter().filter(|s| s.key != 0) {
            filter[(s.key >> 32) as usize & fmask] |= filter_bits(s.key);
        }
        joint.filter = filter.into_boxed_slice();
        for (k, &d) in features::NEIGHBOURS.iter().enumerate() {
            let edge = if d < 0 {
                features::BOS_TOK
            } else {
                features::EOS_TOK
            };
            let mut acc = [[0; L]; 2];
            features::neighbour_keys(&edge, d, |f| joint.add(&mut acc, f));
            joint.edges[k] = acc;
        }
        joint
    }

    /// The same table at twice the size.
    fn grown(self) -> Joint {
        let cap = self.slots.len() * 2;
        let mut slots = rasd_text::mem::huge_table(cap, JointSlot::default());
        let mask = cap - 1;
        for s in self.slots.iter().filter(|s| s.key != 0) {
            let mut i = s.key as usize & mask;
            while slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = *s;
        }
        Joint {
            slots,
            mask,
            ..self
        }
    }

    /// Whether `key` may be in the table (false: it is not).
    #[inline]
    fn may_have(&self, key: u64) -> bool {
        let bits = filter_bits(key);
        self.filter[(key >> 32) as usize & (self.filter.len() - 1)] & bits == bits
    }

    #[inline]
    fn prefetch(&self, feats: &[u64]) {
        for &f in feats {
            if self.may_have(f) {
                prefetch_read(&self.slots[f as usize & self.mask]);
            }
        }
    }

    #[inline]
    fn find(&self, key: u64) -> Option<&JointSlot> {
        if !self.may_have(key) {
            return None;
        }
        find(&self.slots, self.mask, key)
    }

    /// The summed weights of both passes for each token of one sentence
    /// (`feats[offsets[i]..offsets[i + 1]]` for token i): the first pass's
    /// into `first`, the second's into `second`.
    fn sums(
        &self,
        feats: &[u64],
        offsets: &[u32],
        first: &mut Vec<[i32; L]>,
        second: &mut Vec<[i32; L]>,
    ) {
        if let Some(w) = offsets.get(..2) {
            self.prefetch(&feats[w[0] as usize..w[1] as usize]);
        }
        for (t, w) in offsets.windows(2).enumerate() {
            if let Some(next) = offsets.get(t + 1..t + 3) {
                self.prefetch(&feats[next[0] as usize..next[1] as usize]);
            }
            let mut acc = [[0i32; L]; 2];
            for &f in &feats[w[0] as usize..w[1] as usize] {
                self.add(&mut acc, f);
            }
            first.push(acc[0]);
            second.push(acc[1]);
        }
    }

    /// Adds both passes' weights of feature `key` to `acc`.
    #[inline]
    fn add(&self, acc: &mut Sums, key: u64) {
        if let Some(s) = self.find(key) {
            for ((a, w), &sh) in acc.iter_mut().zip(&s.w).zip(&s.shift) {
                for (a, &x) in a.iter_mut().zip(w) {
                    *a += i32::from(x) << sh;
                }
            }
        }
    }

    /// What [`Joint::sums`] gives for the features of `sentence`, through
    /// the word cache: each token's own and its neighbours' word-local
    /// features come summed from the cache, the others are looked up here.
    /// Also writes the document context key of each token into `ctx_keys`.
    ///
    /// The words the cache lacks are summed together after the others,
    /// their features' slots asked for ahead as in [`Joint::sums`], then
    /// remembered.
    #[allow(clippy::too_many_arguments)]
    fn sums_cached(
        &self,
        sentence: &[TagInput<'_>],
        ws: &mut WordScratch,
        feats: &mut Vec<u64>,
        offsets: &mut Vec<u32>,
        first: &mut Vec<[i32; L]>,
        second: &mut Vec<[i32; L]>,
        ctx_keys: &mut [u64],
    ) {
        let n = sentence.len();
        ws.acc.clear();
        ws.acc.resize(n, [[0; L]; 2]);
        ws.toks.clear();
        ws.toks.resize(n, Tok::default());
        ws.gaz_keys.clear();
        ws.gaz_keys.resize(n, (0, 0));
        ws.word_keys.clear();
        ws.word_keys.extend(sentence.iter().map(features::word_key));
        ws.misses.clear();
        ws.feats.clear();
        ws.offsets.clear();
        WordCache::with(|cache| {
            // The words found: their sums and hashes. The keys of the sets
            // first (a small table), then, a few words ahead, the entries
            // found.
            for &k in &ws.word_keys {
                cache.prefetch_keys(k);
            }
            const AHEAD: usize = 2;
            ws.found.clear();
            for &k in ws.word_keys.iter().take(AHEAD) {
                let i = cache.find(k);
                if let Some(i) = i {
                    cache.prefetch_entry(i);
                }
                ws.found.push(i);
            }
            for (j, ctx) in ctx_keys.iter_mut().enumerate() {
                if let Some(&k) = ws.word_keys.get(j + AHEAD) {
                    let i = cache.find(k);
                    if let Some(i) = i {
                        cache.prefetch_entry(i);
                    }
                    ws.found.push(i);
                }
                let key = ws.word_keys[j];
                let hit = ws.found[j]
                    .map(|i| cache.get(i))
                    .filter(|e| e.key == key && e.owner == self.owner);
                let Some(e) = hit else {
                    let e = Entry {
                        key,
                        owner: self.owner,
                        ..Entry::default()
                    };
                    ws.misses.push((j, e));
                    continue;
                };
                spread(&mut ws.acc, j, &e.w);
                ws.toks[j] = e.tok;
                ws.gaz_keys[j] = (e.tok.norm, e.bare);
                *ctx = e.ctx;
            }
            if ws.misses.is_empty() {
                return;
            }
            // The others: their features, five runs a word (own, then by
            // neighbour offset), summed with the slots asked for a word
            // ahead, then remembered.
            let lexicon = rasd_text::segment::Segmenter::builtin().lexicon();
            for (j, e) in &mut ws.misses {
                let w = &sentence[*j];
                e.tok = Tok::of(w, lexicon);
                e.bare = features::bare_hash(w, e.tok.norm);
                ws.offsets.push(ws.feats.len() as u32);
                features::own_keys(w, &e.tok, |f| ws.feats.push(f));
                for &d in &features::NEIGHBOURS {
                    ws.offsets.push(ws.feats.len() as u32);
                    features::neighbour_keys(&e.tok, d, |f| ws.feats.push(f));
                }
            }
            ws.offsets.push(ws.feats.len() as u32);
            const KEYS_AHEAD: usize = 32;
            let mut asked = 0;
            for (r, w) in ws.offsets.windows(2).enumerate() {
                let (from, to) = (w[0] as usize, w[1] as usize);
                let ask = (to + KEYS_AHEAD).min(ws.feats.len());
                if asked < ask {
                    self.prefetch(&ws.feats[asked..ask]);
                    asked = ask;
                }
                let sums = &mut ws.misses[r / 5].1.w[r % 5];
                for &f in &ws.feats[from..to] {
                    self.add(sums, f);
                }
            }
            for (j, e) in &mut ws.misses {
                let j = *j;
                e.ctx = context::key(&sentence[j]);
                spread(&mut ws.acc, j, &e.w);
                ws.toks[j] = e.tok;
                ws.gaz_keys[j] = (e.tok.norm, e.bare);
                ctx_keys[j] = e.ctx;
                cache.insert(e);
            }
        });
        let acc = &mut ws.acc;
        for (i, a) in acc.iter_mut().enumerate() {
            for (k, &d) in features::NEIGHBOURS.iter().enumerate() {
                if !(0..n as isize).contains(&(i as isize + d)) {
                    add_sums(a, &self.edges[k]);
                }
            }
        }
        ws.gaz.clear();
        ws.gaz.resize(n, 0);
        Gazetteer::get().match_bits(&ws.gaz_keys, &mut ws.gaz);
        for (t, &g) in ws.toks.iter_mut().zip(&ws.gaz) {
            t.gaz = g;
        }
        feats.clear();
        offsets.clear();
        for i in 0..n {
            offsets.push(feats.len() as u32);
            features::pair_keys(&ws.toks, i, |f| feats.push(f));
        }
        offsets.push(feats.len() as u32);
        if let Some(w) = offsets.get(..2) {
            self.prefetch(&feats[w[0] as usize..w[1] as usize]);
        }
        for (t, w) in offsets.windows(2).enumerate() {
            if let Some(next) = offsets.get(t + 1..t + 3) {
                self.prefetch(&feats[next[0] as usize..next[1] as usize]);
            }
            for &f in &feats[w[0] as usize..w[1] as usize] {
                self.add(&mut acc[t], f);
            }
        }
        first.extend(acc.iter().map(|a| a[0]));
        second.extend(acc.iter().map(|a| a[1]));
    }
}

/// Adds the sums `w` of the word at `j` to the tokens of `acc` it gives
/// them to: `w[0]` to token j, `w[1 + k]` to the token at offset
/// `NEIGHBOURS[k]` from which the word lies (j − d).
#[inline]
fn spread(acc: &mut [Sums], j: usize, w: &[Sums; 5]) {
    add_sums(&mut acc[j], &w[0]);
    for (k, &d) in features::NEIGHBOURS.iter().enumerate() {
        if let Some(a) = j.checked_add_signed(-d).and_then(|i| acc.get_mut(i)) {
            add_sums(a, &w[1 + k]);
        }
    }
}

/// Reusable buffers of [`Joint::sums_cached`].
#[derive(Debug, Default)]
struct WordScratch {
    word_keys: Vec<u64>,
    toks: Vec<Tok>,
    gaz_keys: Vec<(u64, u64)>,
    gaz: Vec<u32>,
    acc: Vec<Sums>,
    /// Per token, where the cache may hold its word.
    found: Vec<Option<u32>>,
    /// The entries of the words the cache lacked, being built, with the
    /// token of each.
    misses: Vec<(usize, Entry)>,
    /// Their features, and the runs (`offsets`, five a word).
    feats: Vec<u64>,
    offsets: Vec<u32>,
}

/// The named-entity tagger: immutable, `Send + Sync`; share one.
///
/// Tagging runs two passes when the model has a second one: the first
/// labels each sentence alone; the second sees the first's labels of the
/// token, its neighbours, and the other occurrences of its stem nearby in
/// the document (see [`Tagger::tag_document`]).
#[derive(Clone)]
pub struct Tagger {
    first: Pass,
    second: Option<Pass>,
    window: u32,
    /// Both passes' features in one table, when there are two.
    joint: Option<Joint>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("features", &self.n_features())
            .field("passes", &(1 + usize::from(self.second.is_some())))
            .field("window", &self.window)
            .finish_non_exhaustive()
    }
}

/// Reusable buffers of one tagging call.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    features: features::Scratch,
    feats: Vec<u64>,
    offsets: Vec<u32>,
    emit: Vec<[f32; L]>,
    viterbi: viterbi::Scratch,
    path: Vec<u8>,
    keys: Vec<u64>,
    first: Vec<u8>,
    doc_feats: Vec<u64>,
    doc_offsets: Vec<u32>,
    sent_feats: Vec<usize>,
    /// Per sentence: summed weights of the first pass.
    sums: Vec<[i32; L]>,
    /// Per token of the document: summed weights of the second pass
    /// before the context features (the joint table's path).
    second_sums: Vec<[i32; L]>,
    /// Buffers of the word cache's path.
    words: WordScratch,
    /// Which tokens of the document lie in a sentence (the word cache's
    /// path).
    covered: Vec<bool>,
}

static BUILTIN_BYTES: &[u8] = include_bytes!("../../../../models/ner/anercorp.bin");

static BUILTIN: LazyLock<Tagger> = LazyLock::new(|| {
    Tagger::from_bytes(BUILTIN_BYTES).unwrap_or_else(|e| {
        panic!("the embedded NER model is unusable ({e}); rebuild it as models/ner/README.md says")
    })
});

impl Tagger {
    /// The tagger trained on ANERcorp, embedded in the crate and loaded on
    /// first use.
    ///
    /// # Panics
    ///
    /// If the embedded model does not load (a build error, caught by this
    /// crate's tests).
    pub fn builtin() -> &'static Tagger {
        &BUILTIN
    }

    /// A tagger of one or two passes; `window` is the reach, in tokens, of
    /// the second pass's document context.
    pub(crate) fn from_passes(first: Pass, second: Option<Pass>, window: u32) -> Tagger {
        // Everything tagging needs is built here, so that loading a model
        // is its whole start-up cost.
        let _ = super::gazetteer::Gazetteer::get();
        let _ = rasd_text::segment::Segmenter::builtin();
        let joint = second.as_ref().map(|second| Joint::new(&first, second));
        Tagger {
            first,
            second,
            window,
            joint,
        }
    }

    /// The first pass (tests).
    #[cfg(test)]
    pub(crate) fn first(&self) -> &Pass {
        &self.first
    }

    /// The second pass, if any (tests).
    #[cfg(test)]
    pub(crate) fn second(&self) -> Option<&Pass> {
        self.second.as_ref()
    }

    /// Number of features with a weight, both passes together.
    pub fn n_features(&self) -> usize {
        self.first.n_features + self.second.as_ref().map_or(0, |p| p.n_features)
    }

    /// Tags the sentences `ranges` of `inputs` (one document) into `out`:
    /// one label per input; inputs outside every range get `O`.
    pub(crate) fn tag_ranges(
        &self,
        inputs: &[TagInput<'_>],
        ranges: &[Range<usize>],
        sc: &mut Scratch,
        out: &mut Vec<Label>,
    ) {
        if let (Some(joint), Some(second)) = (&self.joint, &self.second) {
            self.joint_passes(joint, second, inputs, ranges, sc, true);
        } else {
            self.one_by_one(inputs, ranges, sc);
        }
        out.clear();
        out.extend(sc.first.iter().map(|&l| Label::ALL[l as usize]));
    }

    /// Both passes through the joint table: label indices into `sc.first`.
    /// With `cached`, through the word cache ([`Joint::sums_cached`]);
    /// without, from every feature of [`features::extract`] (the reference
    /// the tests compare it with).
    fn joint_passes(
        &self,
        joint: &Joint,
        second: &Pass,
        inputs: &[TagInput<'_>],
        ranges: &[Range<usize>],
        sc: &mut Scratch,
        cached: bool,
    ) {
        sc.first.clear();
        sc.first.resize(inputs.len(), 0);
        sc.second_sums.clear();
        sc.second_sums.resize(inputs.len(), [0; L]);
        let mut feats = std::mem::take(&mut sc.feats);
        let mut offsets = std::mem::take(&mut sc.offsets);
        let mut sums = std::mem::take(&mut sc.sums);
        let mut second_sums = std::mem::take(&mut sc.second_sums);
        let mut sent_second = Vec::new();
        sc.keys.clear();
        sc.covered.clear();
        if cached {
            sc.keys.resize(inputs.len(), 0);
            sc.covered.resize(inputs.len(), false);
        }
        for r in ranges {
            sums.clear();
            sent_second.clear();
            if cached {
                joint.sums_cached(
                    &inputs[r.clone()],
                    &mut sc.words,
                    &mut feats,
                    &mut offsets,
                    &mut sums,
                    &mut sent_second,
                    &mut sc.keys[r.clone()],
                );
                sc.covered[r.clone()].fill(true);
            } else {
                features::extract(
                    &inputs[r.clone()],
                    None,
                    &mut sc.features,
                    &mut feats,
                    &mut offsets,
                );
                joint.sums(&feats, &offsets, &mut sums, &mut sent_second);
            }
            second_sums[r.clone()].copy_from_slice(&sent_second);
            self.first.decode_sums(&sums, sc);
            sc.first[r.clone()].copy_from_slice(&sc.path);
        }
        if cached {
            // The context keys of the tokens outside every sentence.
            for ((k, &c), w) in sc.keys.iter_mut().zip(&sc.covered).zip(inputs) {
                if !c {
                    *k = context::key(w);
                }
            }
        } else {
            sc.keys.extend(inputs.iter().map(context::key));
        }
        let ctx = context::contexts(&sc.keys, &sc.first, self.window as usize);
        for r in ranges {
            let sent = &ctx[r.clone()];
            sums.clear();
            for (i, &base) in second_sums[r.clone()].iter().enumerate() {
                let mut acc = base;
                features::context_features(sent, i, |tpl, v| {
                    second.add(&mut acc, features::key(tpl, v))
                });
                sums.push(acc);
            }
            second.decode_sums(&sums, sc);
            sc.first[r.clone()].copy_from_slice(&sc.path);
        }
        sc.feats = feats;
        sc.offsets = offsets;
        sc.sums = sums;
        sc.second_sums = second_sums;
    }

    /// The labels of both ways of tagging, through the joint table (and the
    /// word cache) and pass by pass, with the second pass's scores of the
    /// last sentence (tests: they must agree).
    #[cfg(test)]
    #[allow(clippy::type_complexity)]
    pub(crate) fn tag_both_ways(
        &self,
        inputs: &[TagInput<'_>],
        ranges: &[Range<usize>],
    ) -> ((Vec<u8>, Vec<[f32; L]>), (Vec<u8>, Vec<[f32; L]>)) {
        let (mut a, mut b) = (Scratch::default(), Scratch::default());
        let (joint, second) = (self.joint.as_ref(), self.second.as_ref());
        self.joint_passes(
            joint.expect("a two-pass model"),
            second.expect("a two-pass model"),
            inputs,
            ranges,
            &mut a,
            true,
        );
        self.one_by_one(inputs, ranges, &mut b);
        ((a.first, a.emit), (b.first, b.emit))
    }

    /// Both passes through the joint table, with and without the word
    /// cache: for each, the label indices, and per token the summed
    /// weights of both passes before the context features and the context
    /// key (tests: they must be equal).
    #[cfg(test)]
    #[allow(clippy::type_complexity)]
    pub(crate) fn tag_cached_and_not(
        &self,
        inputs: &[TagInput<'_>],
        ranges: &[Range<usize>],
    ) -> [(Vec<u8>, Vec<[i32; L]>, Vec<u64>); 2] {
        let (joint, second) = (self.joint.as_ref(), self.second.as_ref());
        [true, false].map(|cached| {
            let mut sc = Scratch::default();
            self.joint_passes(
                joint.expect("a two-pass model"),
                second.expect("a two-pass model"),
                inputs,
                ranges,
                &mut sc,
                cached,
            );
            (sc.first, sc.second_sums, sc.keys)
        })
    }

    /// The summed weights of both passes of every token of `sentence`
    /// without the context features, through the word cache and from every
    /// feature of [`features::extract`] (tests: they must be equal).
    #[cfg(test)]
    #[allow(clippy::type_complexity)]
    pub(crate) fn sums_cached_and_not(
        &self,
        sentence: &[TagInput<'_>],
    ) -> [(Vec<[i32; L]>, Vec<[i32; L]>); 2] {
        let joint = self.joint.as_ref().expect("a two-pass model");
        let mut sc = Scratch::default();
        let (mut first, mut second) = (Vec::new(), Vec::new());
        let mut ctx_keys = vec![0; sentence.len()];
        joint.sums_cached(
            sentence,
            &mut sc.words,
            &mut sc.feats,
            &mut sc.offsets,
            &mut first,
            &mut second,
            &mut ctx_keys,
        );
        let cached = (first, second);
        let (mut first, mut second) = (Vec::new(), Vec::new());
        features::extract(
            sentence,
            None,
            &mut sc.features,
            &mut sc.feats,
            &mut sc.offsets,
        );
        joint.sums(&sc.feats, &sc.offsets, &mut first, &mut second);
        [cached, (first, second)]
    }

    /// How many keys of the joint table its filter refuses (must be 0),
    /// and what share of `n` other keys it lets through (tests).
    #[cfg(test)]
    pub(crate) fn joint_filter_errors(&self, n: u64) -> (usize, f64) {
        let joint = self.joint.as_ref().expect("a two-pass model");
        let refused = joint
            .slots
            .iter()
            .filter(|s| s.key != 0 && !joint.may_have(s.key))
            .count();
        let passed = (1..=n)
            .map(|i| features::fmix(i ^ 0x5eed))
            .filter(|&k| joint.find(k).is_none() && joint.may_have(k))
            .count();
        (refused, passed as f64 / n as f64)
    }

    /// The passes one after the other, each with its own table: label
    /// indices into `sc.first`.
    fn one_by_one(&self, inputs: &[TagInput<'_>], ranges: &[Range<usize>], sc: &mut Scratch) {
        self.first_pass(inputs, ranges, sc);
        if let Some(second) = &self.second {
            sc.keys.clear();
            sc.keys.extend(inputs.iter().map(context::key));
            let ctx = context::contexts(&sc.keys, &sc.first, self.window as usize);
            // The first pass's features of each token, plus the context's.
            let mut feats = std::mem::take(&mut sc.feats);
            let mut offsets = std::mem::take(&mut sc.offsets);
            for (k, r) in ranges.iter().enumerate() {
                let (base, sent) = (sc.sent_feats[k], &ctx[r.clone()]);
                feats.clear();
                offsets.clear();
                for i in 0..r.len() {
                    offsets.push(feats.len() as u32);
                    let (a, b) = (sc.doc_offsets[base + i], sc.doc_offsets[base + i + 1]);
                    feats.extend_from_slice(&sc.doc_feats[a as usize..b as usize]);
                    features::context_features(sent, i, |tpl, v| feats.push(features::key(tpl, v)));
                }
                offsets.push(feats.len() as u32);
                second.decode(&feats, &offsets, sc);
                sc.first[r.clone()].copy_from_slice(&sc.path);
            }
            sc.feats = feats;
            sc.offsets = offsets;
        }
    }

    /// The first pass's label indices of `inputs` into `sc.first`; keeps
    /// the features of every sentence for the second pass.
    pub(crate) fn first_pass(
        &self,
        inputs: &[TagInput<'_>],
        ranges: &[Range<usize>],
        sc: &mut Scratch,
    ) {
        sc.first.clear();
        sc.first.resize(inputs.len(), 0);
        sc.doc_feats.clear();
        sc.doc_offsets.clear();
        sc.sent_feats.clear();
        let keep = self.second.is_some();
        for r in ranges {
            let mut feats = std::mem::take(&mut sc.feats);
            let mut offsets = std::mem::take(&mut sc.offsets);
            features::extract(
                &inputs[r.clone()],
                None,
                &mut sc.features,
                &mut feats,
                &mut offsets,
            );
            self.first.decode(&feats, &offsets, sc);
            sc.first[r.clone()].copy_from_slice(&sc.path);
            if keep {
                // Token offsets into `doc_feats`, one run per sentence (with
                // its end), `sent_feats[k]` where sentence k's run starts.
                let base = sc.doc_feats.len() as u32;
                sc.sent_feats.push(sc.doc_offsets.len());
                sc.doc_offsets.extend(offsets.iter().map(|&o| base + o));
                sc.doc_feats.extend_from_slice(&feats);
            }
            sc.feats = feats;
            sc.offsets = offsets;
        }
    }

    /// The first pass's labels of a document (training the second pass).
    pub(crate) fn first_labels(&self, inputs: &[TagInput<'_>], ranges: &[Range<usize>]) -> Vec<u8> {
        let mut sc = Scratch::default();
        self.first_pass(inputs, ranges, &mut sc);
        sc.first
    }

    /// The model as bytes. Deterministic: the same model gives the same
    /// bytes. The layout (little-endian):
    ///
    /// | field | bytes |
    /// |---|---|
    /// | magic `RASDNER\0` ([`MAGIC`]) | 8 |
    /// | format version ([`FORMAT_VERSION`]) | u32 |
    /// | feature set version ([`FEATURE_VERSION`]) | u32 |
    /// | label count, then each label as u8 length + UTF-8 | u32 + … |
    /// | document window of the second pass, in tokens | u32 |
    /// | number of passes (1 or 2), then each pass: | u8 |
    /// | · feature count n | u32 |
    /// | · weight scale (a weight is `i16 × scale`) | f32 |
    /// | · transitions, (labels + 1) × labels, start row last | f32 each |
    /// | · feature keys, ascending | n × u64 |
    /// | · per feature: a u16 mask of labels with a weight, then those weights | 2 + 2k |
    /// | checksum: FNV-1a 64 of everything before | u64 |
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(&MAGIC);
        b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        b.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        b.extend_from_slice(&(L as u32).to_le_bytes());
        for l in Label::ALL {
            b.push(l.as_str().len() as u8);
            b.extend_from_slice(l.as_str().as_bytes());
        }
        b.extend_from_slice(&self.window.to_le_bytes());
        b.push(1 + u8::from(self.second.is_some()));
        self.first.write(&mut b);
        if let Some(p) = &self.second {
            p.write(&mut b);
        }
        let sum = hash_bytes(&[&b]);
        b.extend_from_slice(&sum.to_le_bytes());
        b
    }

    /// Reads a model from bytes; any damage gives an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = Reader { b: bytes, pos: 0 };
        if r.take(MAGIC.len()).ok() != Some(&MAGIC[..]) {
            return Err(ModelError::BadMagic);
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(ModelError::Version {
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let fv = r.u32()?;
        if fv != FEATURE_VERSION {
            return Err(ModelError::FeatureVersion {
                found: fv,
                expected: FEATURE_VERSION,
            });
        }
        if bytes.len() < r.pos + 8 {
            return Err(ModelError::Truncated {
                offset: bytes.len(),
                needed: r.pos + 8 - bytes.len(),
            });
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        if hash_bytes(&[body]) != u64::from_le_bytes(sum.try_into().expect("8 bytes")) {
            return Err(ModelError::Checksum);
        }
        let mut r = Reader {
            b: body,
            pos: r.pos,
        };
        let n_labels = r.u32()? as usize;
        if n_labels > 64 {
            return Err(ModelError::Invalid(format!("{n_labels} labels")));
        }
        let mut labels = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            let len = r.take(1)?[0] as usize;
            let s = r.take(len)?;
            labels.push(String::from_utf8_lossy(s).into_owned());
        }
        let expected: Vec<String> = Label::ALL.iter().map(|l| l.as_str().to_string()).collect();
        if labels != expected {
            return Err(ModelError::Labels {
                found: labels,
                expected,
            });
        }
        let window = r.u32()?;
        let passes = r.take(1)?[0];
        if !(1..=2).contains(&passes) {
            return Err(ModelError::Invalid(format!(
                "{passes} passes (1 or 2 expected)"
            )));
        }
        let first = Pass::read(&mut r)?;
        let second = if passes == 2 {
            Some(Pass::read(&mut r)?)
        } else {
            None
        };
        if r.pos != body.len() {
            return Err(ModelError::Invalid(format!(
                "{} unexpected byte(s) after the weights",
                body.len() - r.pos
            )));
        }
        Ok(Tagger::from_passes(first, second, window))
    }

    /// Reads a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Tagger, ModelError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Tagger::from_bytes(&bytes)
    }

    /// Writes the model to a file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), ModelError> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })
    }
}

/// A bounds-checked little-endian reader.
struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or(ModelError::Truncated {
                offset: self.pos,
                needed: n - (self.b.len() - self.pos).min(n),
            })?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}

#[cfg(test)]
mod snap_tests {
    use super::{snap8, to_i8, L};
    use proptest::prelude::*;

    #[test]
    fn snapping_examples() {
        // (weights, shift, snapped)
        let cases: [([i16; L], u8, [i16; L]); 5] = [
            ([0; L], 0, [0; L]),
            (
                [i16::MIN, 0, 0, 0, 0, 0, 0, 0, 0],
                8,
                [-32512, 0, 0, 0, 0, 0, 0, 0, 0],
            ),
            (
                [127, -127, 5, 0, 0, 0, 0, 0, 1],
                0,
                [127, -127, 5, 0, 0, 0, 0, 0, 1],
            ),
            // 128 needs one bit more: every weight takes steps of 2, ties
            // away from zero.
            (
                [128, -3, 3, 1, -1, 0, 0, 0, 255],
                1,
                [128, -4, 4, 2, -2, 0, 0, 0, 254],
            ),
            // The largest weights take 127 steps of 256.
            (
                [i16::MAX, i16::MIN + 1, 300, -100, 0, 0, 0, 0, 0],
                8,
                [32512, -32512, 256, 0, 0, 0, 0, 0, 0],
            ),
        ];
        for (w, shift, want) in cases {
            let mut got = w;
            assert_eq!(snap8(&mut got), shift, "{w:?}");
            assert_eq!(got, want, "{w:?}");
        }
    }

    proptest! {
        #[test]
        fn snapped_weights_are_exact_in_eight_bits(w in prop::array::uniform9(i16::MIN..=i16::MAX)) {
            let mut s = w;
            let shift = snap8(&mut s);
            prop_assert!(shift <= 8);
            // At most half a step from the original (a step of 2^shift),
            // or the clamp at 127 steps.
            for (&a, &b) in w.iter().zip(&s) {
                let err = (i32::from(a.max(-i16::MAX)) - i32::from(b)).abs();
                prop_assert!(err <= (1 << shift >> 1).max(0) || i32::from(b).abs() == 127 << shift);
            }
            // Idempotent, and the 8-bit form gives back the same weights.
            let mut again = s;
            prop_assert_eq!(snap8(&mut again), shift);
            prop_assert_eq!(again, s);
            let (q, sh) = to_i8(&s);
            prop_assert_eq!(sh, shift);
            prop_assert_eq!(q.map(|x| i16::from(x) << sh), s);
        }
    }
}
