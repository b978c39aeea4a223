//! The per-thread word cache of the joint (two-pass) tagging path.
//!
//! Most features of a token read one word alone: its own (the word, its
//! stem, affixes, shape, clitics, lexicon class) or one neighbour's at a
//! fixed offset (`features::own_keys`, `features::neighbour_keys`). Words
//! repeat (Zipf), so the summed weights of those features are kept per
//! word type, for both passes: what the word gives the token it is, and
//! what it gives the tokens one and two places after and before it. A
//! token's scores are then its own word's entry, four neighbours' entries
//! and a handful of features looked up live (word pairs, gazetteer
//! matches, titles: `features::pair_keys`). Integer sums: the scores are
//! exactly those of summing every feature.
//!
//! The table is bounded and two-way set-associative: a new word takes the
//! place of the less recently used entry of its set. Entries carry the id
//! of the weight table that summed them, so that two taggers used on one
//! thread never read each other's. A word is known by a 64-bit hash of
//! everything the tagger reads of it (`features::word_key`): two words in a
//! thread's lifetime sharing one has a probability near n²/2⁶⁵, about 10⁻⁹
//! for 200,000 distinct words (the segmenter's cache makes the same bet).

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use super::features::Tok;
use super::viterbi::L;

/// Both passes' summed weights of some features.
pub(crate) type Sums = [[i32; L]; 2];

/// Adds `w` to `acc`.
#[inline]
pub(crate) fn add_sums(acc: &mut Sums, w: &Sums) {
    for (a, w) in acc.iter_mut().zip(w) {
        for (a, &x) in a.iter_mut().zip(w) {
            *a += x;
        }
    }
}

/// What one word gives the tokens around it, and its hashes.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
pub(crate) struct Entry {
    /// `features::word_key` of the word; 0 in an empty slot.
    pub key: u64,
    /// The id of the table that summed `w` ([`next_owner`]); 0 when empty.
    pub owner: u64,
    /// The word's hashes (no gazetteer bits).
    pub tok: Tok,
    /// `features::bare_hash` of the word (gazetteer matching).
    pub bare: u64,
    /// `context::key` of the word (the second pass's document context).
    pub ctx: u64,
    /// `w[0]`: the summed weights of the word's own features; `w[1 + k]`:
    /// of the features that the token at offset `−NEIGHBOURS[k]` from the
    /// word reads of it.
    pub w: [Sums; 5],
}

/// Entries per thread, two a set (a power of two): 65,536 × 448 bytes,
/// 28 MiB, plus 16 bytes of keys and one of recency per set. News vocabulary
/// is wide (clitics make many forms of a word); on 2,000 articles of the
/// SaudiNewsNet sample a quarter of this size let about 78 % of the tokens
/// find their word (75 % with one way, 70 % with half the entries), and on
/// the whole sample this size analyzes about 3 % faster than that one.
const ENTRIES: usize = 1 << 16;
const SETS: usize = ENTRIES / 2;

static NEXT_OWNER: AtomicU64 = AtomicU64::new(1);

/// A fresh owner id for a weight table (never 0).
pub(crate) fn next_owner() -> u64 {
    NEXT_OWNER.fetch_add(1, Ordering::Relaxed)
}

/// The cache of one thread: two-way set-associative, the way used less
/// recently evicted. The keys of a set sit apart from the entries, in a
/// table small enough to stay in the processor's cache, so that a lookup
/// knows which entry to fetch, and that a word missing fetches none.
pub(crate) struct WordCache {
    /// Per set, the keys of its two entries (0: empty).
    keys: Vec<[u64; 2]>,
    /// Per set, the way used last.
    recent: Vec<u8>,
    /// Two a set; empty until first used.
    entries: Vec<Entry>,
}

thread_local! {
    static CACHE: RefCell<WordCache> = const {
        RefCell::new(WordCache {
            keys: Vec::new(),
            recent: Vec::new(),
            entries: Vec::new(),
        })
    };
}

impl WordCache {
    /// Runs `f` with this thread's cache, allocated on first use.
    pub(crate) fn with<R>(f: impl FnOnce(&mut WordCache) -> R) -> R {
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.entries.is_empty() {
                c.keys = vec![[0; 2]; SETS];
                c.recent = vec![0; SETS];
                // SAFETY: an entry is integers only, all valid as zeros.
                // Zeroed memory comes from the system untouched: a thread
                // pays only for the pages its words reach.
                c.entries =
                    unsafe { Box::<[Entry]>::new_zeroed_slice(ENTRIES).assume_init() }.into_vec();
                rasd_text::mem::advise_huge_pages(&c.entries);
            }
            f(&mut c)
        })
    }

    /// Asks the processor for the keys of `key`'s set.
    #[inline]
    pub(crate) fn prefetch_keys(&self, key: u64) {
        super::model::prefetch_all(&self.keys[key as usize & (SETS - 1)]);
    }

    /// Where the entry of `key` may be: an index for [`WordCache::get`]
    /// (whose key and owner the caller checks), or `None`.
    #[inline]
    pub(crate) fn find(&self, key: u64) -> Option<u32> {
        let set = key as usize & (SETS - 1);
        let way = self.keys[set].iter().position(|&k| k == key)?;
        Some((set * 2 + way) as u32)
    }

    /// Asks the processor for entry `i` (from [`WordCache::find`]).
    #[inline]
    pub(crate) fn prefetch_entry(&self, i: u32) {
        super::model::prefetch_all(&self.entries[i as usize]);
    }

    /// Entry `i` (from [`WordCache::find`]), now the recent one of its set.
    #[inline]
    pub(crate) fn get(&mut self, i: u32) -> &Entry {
        let i = i as usize;
        self.recent[i / 2] = (i % 2) as u8;
        &self.entries[i]
    }

    /// Remembers `e`, in place of its key's other entry or, when there is
    /// none, of the less recent entry of its set.
    pub(crate) fn insert(&mut self, e: &Entry) {
        let set = e.key as usize & (SETS - 1);
        let way = self.keys[set]
            .iter()
            .position(|&k| k == e.key)
            .unwrap_or(1 - usize::from(self.recent[set]));
        self.keys[set][way] = e.key;
        self.recent[set] = way as u8;
        self.entries[set * 2 + way] = *e;
    }
}
