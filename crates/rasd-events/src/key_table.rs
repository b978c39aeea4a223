//! The table of what each core key finds in the lexicon ([`KeyInfo`]),
//! laid out for one memory load a token.
//!
//! Every token of a document is looked up once (`Keys::assign_ids`), and
//! the table (about 82,000 keys: every inflected form of 2,000 verbs, the
//! dictionary words with their variants, and the keys that the word
//! classes and the gazetteer know) is far larger than the processor's
//! cache. So each slot is one cache line holding the key
//! inline (up to 31 bytes: every Arabic word but the very longest) and its
//! answer, and the caller asks for the slot of a token a few tokens ahead
//! ([`KeyTable::prefetch`]) while it reads the current one. Longer keys
//! live in an ordinary map.

use std::hash::Hasher;

use crate::lexicon::{FxHasher, FxMap, KeyInfo};

/// One key and its answer, a cache line. An empty slot is all zeros (the
/// empty key, length 0) with [`KeyInfo::NONE`].
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
struct Slot {
    key: [u8; 32],
    info: KeyInfo,
}

// One cache line a slot: the key and its answer must fit together.
const _: () = assert!(std::mem::size_of::<Slot>() == 64);

const EMPTY: Slot = Slot {
    key: [0; 32],
    info: KeyInfo::NONE,
};

/// A key of at most 31 bytes inline: its bytes, zero-padded, and its
/// length in the last byte.
#[inline]
fn inline_key(key: &str) -> Option<[u8; 32]> {
    let b = key.as_bytes();
    if b.len() > 31 {
        return None;
    }
    let mut k = [0u8; 32];
    k[..b.len()].copy_from_slice(b);
    k[31] = b.len() as u8;
    Some(k)
}

#[inline]
fn hash(k: &[u8; 32]) -> usize {
    let mut h = FxHasher::default();
    h.write(k);
    // The multiply leaves the high bits best mixed.
    (h.finish() >> 32) as usize
}

/// Core key → [`KeyInfo`]: open addressing with linear probing.
#[derive(Clone, Debug)]
pub(crate) struct KeyTable {
    slots: Box<[Slot]>,
    mask: usize,
    long: FxMap<String, KeyInfo>,
}

impl Default for KeyTable {
    fn default() -> KeyTable {
        KeyTable::new(std::iter::empty())
    }
}

impl KeyTable {
    /// The table of `entries` (distinct, non-empty keys).
    pub(crate) fn new(entries: impl IntoIterator<Item = (String, KeyInfo)>) -> KeyTable {
        let mut short = Vec::new();
        let mut long = FxMap::default();
        for (key, info) in entries {
            match inline_key(&key) {
                Some(k) if !key.is_empty() => short.push((k, info)),
                Some(_) => {}
                None => {
                    long.insert(key, info);
                }
            }
        }
        // At most two-thirds full: 8 MiB for the built-in lexicon's keys.
        let cap = (short.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mut slots = rasd_text::mem::huge_table(cap, EMPTY);
        let mask = cap - 1;
        for (key, info) in short {
            let mut i = hash(&key) & mask;
            while slots[i].key[31] != 0 && slots[i].key != key {
                i = (i + 1) & mask;
            }
            slots[i] = Slot { key, info };
        }
        KeyTable { slots, mask, long }
    }

    /// What `key` finds ([`KeyInfo::NONE`] when nothing).
    #[inline]
    pub(crate) fn get(&self, key: &str) -> KeyInfo {
        self.get_at(key, self.start(key))
    }

    /// The slot where the lookup of `key` starts (any value for a key too
    /// long to be inline), asked of the processor: a lookup of the same key
    /// a little later ([`KeyTable::get_at`]) then finds it in cache.
    #[inline]
    pub(crate) fn prefetch(&self, key: &str) -> usize {
        let i = self.start(key);
        rasd_text::mem::prefetch_read(&self.slots[i]);
        i
    }

    #[inline]
    fn start(&self, key: &str) -> usize {
        inline_key(key).map_or(0, |k| hash(&k) & self.mask)
    }

    /// [`KeyTable::get`] from the slot `start` that [`KeyTable::prefetch`]
    /// gave for `key`.
    #[inline]
    pub(crate) fn get_at(&self, key: &str, start: usize) -> KeyInfo {
        let Some(k) = inline_key(key) else {
            return self.long.get(key).copied().unwrap_or(KeyInfo::NONE);
        };
        let mut i = start & self.mask;
        loop {
            let s = &self.slots[i];
            // The empty key matches an empty slot, whose answer is NONE.
            if s.key == k || s.key[31] == 0 {
                return s.info;
            }
            i = (i + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(exact: u32) -> KeyInfo {
        KeyInfo {
            exact,
            ..KeyInfo::NONE
        }
    }

    #[test]
    fn finds_short_and_long_keys_and_nothing_else() {
        let long = "ا".repeat(16); // 32 bytes: past the inline limit
        let entries = vec![
            ("زياره".to_owned(), info(1)),
            ("زار".to_owned(), info(2)),
            (long.clone(), info(3)),
        ];
        let t = KeyTable::new(entries);
        assert_eq!(t.get("زياره").exact, 1);
        assert_eq!(t.get("زار").exact, 2);
        assert_eq!(t.get(&long).exact, 3);
        for missing in ["", "زيار", "زيارها", "زا", &"ا".repeat(15), &"ا".repeat(17)]
        {
            assert_eq!(t.get(missing), KeyInfo::NONE, "{missing}");
        }
    }

    #[test]
    fn a_full_run_of_collisions_still_finds_every_key() {
        // 1,300 keys in 2,048 slots: long probe runs.
        let keys: Vec<String> = (0..1300).map(|i| format!("k{i}")).collect();
        let t = KeyTable::new(keys.iter().cloned().zip((0..).map(info)));
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(t.get(k).exact, i as u32);
        }
        assert_eq!(t.slots.len(), 2048);
        assert_eq!(t.get("k1300"), KeyInfo::NONE);
    }
}
