//! Feature extraction: what the tagger sees of each token.
//!
//! A feature is a template id combined with a value, hashed to 64 bits; no
//! string is built. Per token, with i the token and ±k its neighbours in
//! the sentence (`<s>` and `</s>` beyond the edges):
//!
//! | template | value |
//! |---|---|
//! | bias | – |
//! | word i, i±1, i±2 | the search-normalized form |
//! | stem i, i±1 | the light stem |
//! | word bigrams (i−1, i), (i, i+1); stem bigram (i−1, i) | – |
//! | prefix / suffix 1–4 | of the normalized form (letters) |
//! | stem suffix 1–3 | of the light stem |
//! | shape i, i±1 | scripts present (Arabic, Latin, digit, punctuation, other) |
//! | length | bucketed letter count |
//! | proclitics, suffix, enclitic | the clitic set (و ف ب ك ل س ال), the inflection, the pronoun |
//! | lexicon i, i±1 | word class bits of the stem in the segmentation lexicon (noun, name, verb, function word) |
//! | gazetteer i, i±1, i±2 | class × position (unit, begin, inside, end) of every name list match covering the token |
//! | title before | a title or organisation head ends at i−1 or i−2, with the word at i |
//!
//! The previous label enters through the transition weights (first-order
//! Viterbi), not through features.
//!
//! [`extract`] lists a sentence's features token by token: training reads
//! it, and it is the reference. Tagging with a two-pass model takes the
//! same features split by what they read ([`own_keys`]: the token's word
//! alone; [`neighbour_keys`]: one neighbour's word alone, at offset ±1 or
//! ±2; [`pair_keys`]: the rest, word pairs, gazetteer matches and titles),
//! so that the word cache (`cache.rs`) keeps the sums of the word-local
//! ones per word type, under [`word_key`]. A test checks that the split
//! gives exactly the features of `extract`.
//!
//! Changing any of this changes what a model's weights mean: bump
//! [`super::FEATURE_VERSION`] so that older model files are refused.

use std::hash::{BuildHasher, Hasher};

use super::context::Ctx;
use super::gazetteer::{bit, Class, Gazetteer, CLASSES, POS_END, POS_UNIT};
use super::{Proclitics, TagInput};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// The murmur3 finalizer: a bijective 64-bit avalanche.
#[inline]
pub(crate) fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hash of a byte string (FNV-1a with a final avalanche). Stable across
/// platforms and versions: model files store these hashes.
#[inline]
pub(crate) fn hash_bytes(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fmix(h)
}

/// Hash of a string.
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    hash_bytes(&[s.as_bytes()])
}

/// Combines two hashes (order matters).
#[inline]
pub(crate) fn combine(a: u64, b: u64) -> u64 {
    fmix(a.wrapping_mul(K) ^ b)
}

/// A `HashMap` hasher for keys that are already hashes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoHashBuilder;

/// The hasher of [`NoHashBuilder`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoHash(u64);

impl BuildHasher for NoHashBuilder {
    type Hasher = NoHash;
    fn build_hasher(&self) -> NoHash {
        NoHash(0)
    }
}

impl Hasher for NoHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Template ids.
pub(crate) mod t {
    pub const BIAS: u64 = 1;
    pub const W0: u64 = 2;
    pub const WM1: u64 = 3;
    pub const WP1: u64 = 4;
    pub const WM2: u64 = 5;
    pub const WP2: u64 = 6;
    pub const S0: u64 = 7;
    pub const SM1: u64 = 8;
    pub const SP1: u64 = 9;
    pub const W_M1_0: u64 = 10;
    pub const W_0_P1: u64 = 11;
    pub const S_M1_0: u64 = 12;
    pub const PREFIX: u64 = 20; // + k
    pub const SUFFIX: u64 = 30; // + k
    pub const STEM_SUFFIX: u64 = 35; // + k
    pub const SHAPE0: u64 = 40;
    pub const SHAPEM1: u64 = 41;
    pub const SHAPEP1: u64 = 42;
    pub const LEN: u64 = 43;
    pub const PROCL: u64 = 50;
    pub const INFL: u64 = 51;
    pub const ENCL: u64 = 52;
    pub const LEX0: u64 = 60;
    pub const LEXM1: u64 = 61;
    pub const LEXP1: u64 = 62;
    pub const GAZ0: u64 = 70;
    pub const GAZM1: u64 = 71;
    pub const GAZP1: u64 = 72;
    pub const GAZM2: u64 = 73;
    pub const GAZP2: u64 = 74;
    pub const TITLE_W0: u64 = 80;
    pub const TITLE2_W0: u64 = 81;
    pub const CTX_OWN: u64 = 110;
    pub const CTX_NEAR: u64 = 111;
    pub const CTX_NEAR_BIT: u64 = 112;
    pub const CTX_OWN_NEAR: u64 = 113;
    pub const CTX_OWNM1: u64 = 114;
    pub const CTX_OWNP1: u64 = 115;
}

/// The feature key of template `tpl` with value `v` (never 0, which marks
/// empty slots in the model's table).
#[inline]
pub(crate) fn key(tpl: u64, v: u64) -> u64 {
    let h = combine(tpl.wrapping_mul(0x1000_0000_01B3) ^ 0x7261_7364, v);
    if h == 0 {
        1
    } else {
        h
    }
}

/// What is computed once per token before the templates run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tok {
    pub norm: u64,
    pub stem: u64,
    pub shape: u64,
    pub lex: u64,
    pub gaz: u32,
}

impl Tok {
    /// The hashes of `w` (no gazetteer bits: they depend on the sentence).
    #[inline]
    pub(crate) fn of(w: &TagInput<'_>, lexicon: &rasd_text::segment::Lexicon) -> Tok {
        let norm = hash_str(w.norm);
        let stem = if w.stem == w.norm {
            norm
        } else {
            hash_str(w.stem)
        };
        let (shape, arabic) = shape(w.norm);
        let lex = if arabic && !w.stem.is_empty() {
            u64::from(lexicon.flags(w.stem) & 0x1F)
        } else {
            0x100
        };
        Tok {
            norm,
            stem,
            shape,
            lex,
            gaz: 0,
        }
    }
}

/// Reusable buffers of the extraction.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    toks: Vec<Tok>,
    keys: Vec<(u64, u64)>,
    gaz: Vec<u32>,
}

// The gazetteer bits of a token fit a u32.
const _: () = assert!(CLASSES * 4 <= 32);

/// Hashes of the sentence edges.
const BOS: u64 = 0x3c73_3e00_0000_0001;
const EOS: u64 = 0x3c2f_733e_0000_0002;

/// Extracts the features of `sentence` into `feats`; the features of token
/// i are `feats[offsets[i]..offsets[i + 1]]`.
pub(crate) fn extract(
    sentence: &[TagInput<'_>],
    ctx: Option<&[Ctx]>,
    scratch: &mut Scratch,
    feats: &mut Vec<u64>,
    offsets: &mut Vec<u32>,
) {
    feats.clear();
    offsets.clear();
    let n = sentence.len();
    scratch.toks.clear();
    scratch.keys.clear();
    scratch.gaz.clear();
    scratch.gaz.resize(n, 0);
    let lexicon = rasd_text::segment::Segmenter::builtin().lexicon();
    for w in sentence {
        let tok = Tok::of(w, lexicon);
        scratch.toks.push(tok);
        scratch.keys.push((tok.norm, bare_hash(w, tok.norm)));
    }
    Gazetteer::get().match_bits(&scratch.keys, &mut scratch.gaz);
    for (t, g) in scratch.toks.iter_mut().zip(&scratch.gaz) {
        t.gaz = *g;
    }
    let toks = &scratch.toks;
    let at = |i: isize| -> Option<&Tok> {
        if i < 0 {
            None
        } else {
            toks.get(i as usize)
        }
    };
    let norm_at = |i: isize| at(i).map_or(if i < 0 { BOS } else { EOS }, |t| t.norm);
    let title_bits = bit(Class::Title, POS_UNIT)
        | bit(Class::Title, POS_END)
        | bit(Class::OrgType, POS_UNIT)
        | bit(Class::OrgType, POS_END);
    for (i, w) in sentence.iter().enumerate() {
        offsets.push(feats.len() as u32);
        let ii = i as isize;
        let tok = toks[i];
        let mut push = |tpl: u64, v: u64| feats.push(key(tpl, v));
        push(t::BIAS, 0);
        push(t::W0, tok.norm);
        let (m1, p1) = (norm_at(ii - 1), norm_at(ii + 1));
        push(t::WM1, m1);
        push(t::WP1, p1);
        push(t::WM2, norm_at(ii - 2));
        push(t::WP2, norm_at(ii + 2));
        push(t::S0, tok.stem);
        push(t::SM1, at(ii - 1).map_or(BOS, |t| t.stem));
        push(t::SP1, at(ii + 1).map_or(EOS, |t| t.stem));
        push(t::W_M1_0, combine(m1, tok.norm));
        push(t::W_0_P1, combine(tok.norm, p1));
        push(
            t::S_M1_0,
            combine(at(ii - 1).map_or(BOS, |t| t.stem), tok.stem),
        );
        affixes(w.norm, 4, |k, pre, suf| {
            push(t::PREFIX + k, hash_str(pre));
            push(t::SUFFIX + k, hash_str(suf));
        });
        affixes(w.stem, 3, |k, _, suf| {
            push(t::STEM_SUFFIX + k, hash_str(suf))
        });
        push(t::SHAPE0, tok.shape);
        push(
            t::SHAPEM1,
            combine(at(ii - 1).map_or(BOS, |t| t.shape), tok.shape),
        );
        push(
            t::SHAPEP1,
            combine(tok.shape, at(ii + 1).map_or(EOS, |t| t.shape)),
        );
        push(t::LEN, len_bucket(w.norm));
        push(t::PROCL, u64::from(w.proclitics.bits()));
        push(t::INFL, hash_str(w.suffix));
        push(t::ENCL, hash_str(w.enclitic));
        push(t::LEX0, tok.lex);
        push(t::LEXM1, at(ii - 1).map_or(BOS, |t| t.lex));
        push(t::LEXP1, at(ii + 1).map_or(EOS, |t| t.lex));
        for (tpl, d) in [
            (t::GAZ0, 0),
            (t::GAZM1, -1),
            (t::GAZP1, 1),
            (t::GAZM2, -2),
            (t::GAZP2, 2),
        ] {
            if let Some(o) = at(ii + d) {
                let mut bits = o.gaz;
                while bits != 0 {
                    let b = bits.trailing_zeros();
                    bits &= bits - 1;
                    push(tpl, u64::from(b));
                }
            }
        }
        if let Some(ctx) = ctx {
            context_features(ctx, i, &mut push);
        }
        if at(ii - 1).is_some_and(|o| o.gaz & title_bits != 0) {
            push(t::TITLE_W0, tok.norm);
        } else if at(ii - 2).is_some_and(|o| o.gaz & title_bits != 0) {
            push(t::TITLE2_W0, tok.norm);
        }
    }
    offsets.push(feats.len() as u32);
}

// The features of a token split by what they read, for the tagger's word
// cache (`super::cache`): [`own_keys`] reads the token's word alone,
// [`neighbour_keys`] one neighbour's word alone, [`pair_keys`] the rest
// (word pairs, gazetteer matches, titles). Together they are exactly the
// features of [`extract`] (a test checks it), in another order: `extract`
// stays the reference, and the one training reads.

/// The pseudo-token before a sentence: every hash `<s>`, no gazetteer bit.
pub(crate) const BOS_TOK: Tok = Tok {
    norm: BOS,
    stem: BOS,
    shape: BOS,
    lex: BOS,
    gaz: 0,
};

/// The pseudo-token after a sentence: every hash `</s>`, no gazetteer bit.
pub(crate) const EOS_TOK: Tok = Tok {
    norm: EOS,
    stem: EOS,
    shape: EOS,
    lex: EOS,
    gaz: 0,
};

/// The offsets d of the neighbours whose word alone gives features of a
/// token (see [`neighbour_keys`]).
pub(crate) const NEIGHBOURS: [isize; 4] = [-1, -2, 1, 2];

/// Calls `push` with the keys of the features of a token that read its
/// own word alone: `w`, whose hashes are `tok`.
#[inline]
pub(crate) fn own_keys(w: &TagInput<'_>, tok: &Tok, mut push: impl FnMut(u64)) {
    let mut push = |tpl: u64, v: u64| push(key(tpl, v));
    push(t::BIAS, 0);
    push(t::W0, tok.norm);
    push(t::S0, tok.stem);
    affixes(w.norm, 4, |k, pre, suf| {
        push(t::PREFIX + k, hash_str(pre));
        push(t::SUFFIX + k, hash_str(suf));
    });
    affixes(w.stem, 3, |k, _, suf| {
        push(t::STEM_SUFFIX + k, hash_str(suf))
    });
    push(t::SHAPE0, tok.shape);
    push(t::LEN, len_bucket(w.norm));
    push(t::PROCL, u64::from(w.proclitics.bits()));
    push(t::INFL, hash_str(w.suffix));
    push(t::ENCL, hash_str(w.enclitic));
    push(t::LEX0, tok.lex);
}

/// Calls `push` with the keys of the features of token i that read the
/// word at i + `d` alone (`d` in [`NEIGHBOURS`]); `tok` is that word's
/// hashes, [`BOS_TOK`] or [`EOS_TOK`] beyond the sentence.
#[inline]
pub(crate) fn neighbour_keys(tok: &Tok, d: isize, mut push: impl FnMut(u64)) {
    match d {
        -1 => {
            push(key(t::WM1, tok.norm));
            push(key(t::SM1, tok.stem));
            push(key(t::LEXM1, tok.lex));
        }
        -2 => push(key(t::WM2, tok.norm)),
        1 => {
            push(key(t::WP1, tok.norm));
            push(key(t::SP1, tok.stem));
            push(key(t::LEXP1, tok.lex));
        }
        2 => push(key(t::WP2, tok.norm)),
        _ => {}
    }
}

/// Calls `push` with the keys of the other first-pass features of token
/// `i` of a sentence whose hashes, gazetteer bits included, are `toks`:
/// word, stem and shape pairs, gazetteer matches around, title before.
#[inline]
pub(crate) fn pair_keys(toks: &[Tok], i: usize, mut push: impl FnMut(u64)) {
    let at = |d: isize| -> &Tok {
        let j = i as isize + d;
        if j < 0 {
            &BOS_TOK
        } else {
            toks.get(j as usize).unwrap_or(&EOS_TOK)
        }
    };
    let mut push = |tpl: u64, v: u64| push(key(tpl, v));
    let (tok, m1, p1) = (&toks[i], at(-1), at(1));
    push(t::W_M1_0, combine(m1.norm, tok.norm));
    push(t::W_0_P1, combine(tok.norm, p1.norm));
    push(t::S_M1_0, combine(m1.stem, tok.stem));
    push(t::SHAPEM1, combine(m1.shape, tok.shape));
    push(t::SHAPEP1, combine(tok.shape, p1.shape));
    // The pseudo-tokens have no gazetteer bit.
    for (tpl, d) in [
        (t::GAZ0, 0),
        (t::GAZM1, -1),
        (t::GAZP1, 1),
        (t::GAZM2, -2),
        (t::GAZP2, 2),
    ] {
        let mut bits = at(d).gaz;
        while bits != 0 {
            let b = bits.trailing_zeros();
            bits &= bits - 1;
            push(tpl, u64::from(b));
        }
    }
    let title_bits = title_bits();
    if m1.gaz & title_bits != 0 {
        push(t::TITLE_W0, tok.norm);
    } else if at(-2).gaz & title_bits != 0 {
        push(t::TITLE2_W0, tok.norm);
    }
}

/// The gazetteer bits of a title or organisation head ending at a token.
#[inline]
fn title_bits() -> u32 {
    bit(Class::Title, POS_UNIT)
        | bit(Class::Title, POS_END)
        | bit(Class::OrgType, POS_UNIT)
        | bit(Class::OrgType, POS_END)
}

/// The key under which the word cache keeps `w`: a 64-bit hash of
/// everything the tagger reads of it (normalized form, stem, proclitics,
/// suffix, enclitic), each string with its length so that no two inputs
/// read the same. Eight bytes a step with a folded 128-bit product (as
/// foldhash does): a lookup must cost much less than the hashing it saves.
/// Never 0. Not stored anywhere: it may change freely.
#[inline]
pub(crate) fn word_key(w: &TagInput<'_>) -> u64 {
    #[inline]
    fn mix(a: u64, b: u64) -> u64 {
        let p = u128::from(a) * u128::from(b);
        (p as u64) ^ ((p >> 64) as u64)
    }
    const M: u64 = 0xa076_1d64_78bd_642f;
    let mut h = mix(u64::from(w.proclitics.bits()) ^ K, M);
    for part in [w.norm, w.stem, w.suffix, w.enclitic] {
        let b = part.as_bytes();
        h = mix(h ^ b.len() as u64, K);
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            h = mix(h ^ u64::from_le_bytes(c.try_into().expect("8 bytes")), M);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            h = mix(h ^ u64::from_le_bytes(last), M);
        }
    }
    fmix(h).max(1)
}

/// Calls `push` with the second-pass features of token `i` of a sentence
/// whose contexts are `ctx`.
#[inline]
pub(crate) fn context_features(ctx: &[Ctx], i: usize, mut push: impl FnMut(u64, u64)) {
    let c = ctx[i];
    push(t::CTX_OWN, u64::from(c.own));
    push(t::CTX_NEAR, u64::from(c.near));
    push(t::CTX_OWN_NEAR, u64::from(c.own) << 8 | u64::from(c.near));
    for b in 0..5 {
        if c.near & (1 << b) != 0 {
            push(t::CTX_NEAR_BIT, b);
        }
    }
    push(
        t::CTX_OWNM1,
        if i > 0 { u64::from(ctx[i - 1].own) } else { 99 },
    );
    push(
        t::CTX_OWNP1,
        ctx.get(i + 1).map_or(99, |c| u64::from(c.own)),
    );
}

/// The hash of `w`'s normalized form without its conjunction and
/// preposition (للقاهرة → القاهرة, وبغداد → بغداد); `full` when it has none.
pub(crate) fn bare_hash(w: &TagInput<'_>, full: u64) -> u64 {
    let skip = w.proclitics.letters_before_article();
    if skip == 0 {
        return full;
    }
    let Some((cut, _)) = w.norm.char_indices().nth(skip) else {
        return full;
    };
    let rest = &w.norm[cut..];
    if w.proclitics.contains(Proclitics::AL) && rest.starts_with('ل') && !rest.starts_with("ال")
    {
        // The article of لل is a single ل.
        hash_bytes(&["ا".as_bytes(), rest.as_bytes()])
    } else {
        hash_str(rest)
    }
}

/// Calls `f(k, prefix, suffix)` for k = 1..=max letters, while the word is
/// longer than k letters.
#[inline]
fn affixes(word: &str, max: u64, mut f: impl FnMut(u64, &str, &str)) {
    let letters = word.chars().count() as u64;
    // The start of letter k is the end of the k-letter prefix.
    let mut ends = word.char_indices().skip(1).map(|(i, _)| i);
    let mut starts = word.char_indices().rev().map(|(i, _)| i);
    for k in 1..=max.min(letters.saturating_sub(1)) {
        let (Some(e), Some(s)) = (ends.next(), starts.next()) else {
            break;
        };
        f(k, &word[..e], &word[s..]);
    }
}

/// The word shape: bits for the scripts present (Arabic letter, Latin
/// letter, digit, punctuation or symbol, other; the search form has no
/// capitals); and whether the word has an Arabic letter.
fn shape(word: &str) -> (u64, bool) {
    let mut bits = 0u64;
    for c in word.chars() {
        bits |= match c {
            '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' => 1,
            'a'..='z' | 'A'..='Z' => 2,
            '0'..='9' => 4,
            c if c.is_ascii_punctuation() || !c.is_alphanumeric() => 8,
            _ => 16,
        };
    }
    if word.is_empty() {
        bits = 64;
    }
    (bits, bits & 1 != 0)
}

/// The letter count, bucketed: 0, 1, 2, 3, 4–5, 6–7, 8–10, 11+.
fn len_bucket(word: &str) -> u64 {
    match word.chars().count() {
        n @ 0..=3 => n as u64,
        4..=5 => 4,
        6..=7 => 5,
        8..=10 => 6,
        _ => 7,
    }
}

#[cfg(test)]
pub(crate) mod test_api {
    //! Helpers that let the tests name features.
    use super::*;
    pub(crate) use super::{key, t};

    /// The feature key of the word template `W0` for `word`.
    pub(crate) fn word0(word: &str) -> u64 {
        key(t::W0, hash_str(word))
    }

    /// The key of a prefix (`pre = true`) or suffix of `k` letters.
    pub(crate) fn affix(pre: bool, k: u64, s: &str) -> u64 {
        key(if pre { t::PREFIX + k } else { t::SUFFIX + k }, hash_str(s))
    }

    /// The key of gazetteer bit `(class, pos)` at offset `d` (−2..=2).
    pub(crate) fn gaz(d: isize, class: Class, pos: u32) -> u64 {
        let tpl = match d {
            0 => t::GAZ0,
            -1 => t::GAZM1,
            1 => t::GAZP1,
            -2 => t::GAZM2,
            _ => t::GAZP2,
        };
        key(tpl, u64::from((class as u32) * 4 + pos))
    }

    /// The key of "title before, then `word`".
    pub(crate) fn title_then(word: &str) -> u64 {
        key(t::TITLE_W0, hash_str(word))
    }

    /// The key of the proclitic set.
    pub(crate) fn proclitics(p: Proclitics) -> u64 {
        key(t::PROCL, u64::from(p.bits()))
    }

    /// The key of the shape of `word`.
    pub(crate) fn shape_of(word: &str) -> u64 {
        key(t::SHAPE0, shape(word).0)
    }
}
