//! Content hashes and near-duplicate detection.
//!
//! The same wire story runs in several papers with light edits: a new
//! dateline, a changed headline, a dropped paragraph. Each document gets a
//! MinHash signature over shingles of [`SHINGLE`] search-normalized words;
//! locality-sensitive hashing in [`BANDS`] bands of [`ROWS`] values finds
//! candidates (a pair whose word-shingle Jaccard similarity is 0.5 shares a
//! band with probability ≈ 0.65, at 0.8 with ≈ 1.0), and a candidate is a
//! duplicate when the signatures agree on at least [`THRESHOLD`] of their
//! values (estimated Jaccard similarity).

use rasd_text::normalize::Normalizer;
use rasd_text::tokenize::{tokenize, TokenKind};

/// Words per shingle.
pub const SHINGLE: usize = 4;
/// Hash functions in a signature.
pub const HASHES: usize = BANDS * ROWS;
/// LSH bands.
pub const BANDS: usize = 16;
/// Values per band.
pub const ROWS: usize = 4;
/// Estimated Jaccard similarity above which two documents are one story.
pub const THRESHOLD: f64 = 0.6;
/// Fewer shingles than this: too short to call a near-duplicate.
pub const MIN_SHINGLES: usize = 12;

/// A stable 64-bit mix (MurmurHash3's finalizer).
#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// A stable 64-bit hash of bytes (not cryptographic; the same on every
/// machine and version, since it is stored).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = fmix64(h ^ u64::from_le_bytes(w)).rotate_left(29);
    }
    let mut w = [0u8; 8];
    w[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    fmix64(h ^ u64::from_le_bytes(w) ^ 0xa5a5_a5a5)
}

/// The search-profile normalizer, built once (its tables take a moment).
pub fn search_normalizer() -> &'static Normalizer {
    static NORM: std::sync::OnceLock<Normalizer> = std::sync::OnceLock::new();
    NORM.get_or_init(Normalizer::search)
}

/// The search-normalized words of a text (letters and numbers only).
pub fn words(text: &str) -> Vec<String> {
    let norm = search_normalizer();
    tokenize(text)
        .filter(|t| {
            matches!(
                t.kind,
                TokenKind::Arabic | TokenKind::Latin | TokenKind::Number
            )
        })
        .map(|t| {
            let w = norm.key(&text[t.span.start..t.span.end]);
            if w.bytes().any(|b| b.is_ascii_uppercase())
                || !w.is_ascii() && t.kind == TokenKind::Latin
            {
                w.to_lowercase()
            } else {
                w.into_owned()
            }
        })
        .collect()
}

/// The content hash of a document: its title and its words, normalized, so
/// that whitespace, tatweel, diacritics and letter variants do not count.
pub fn content_hash(title: Option<&str>, text: &str) -> String {
    content_hash_of_words(title, &words(text))
}

/// The content hash of a title and a text's [`words`].
pub fn content_hash_of_words(title: Option<&str>, text_words: &[String]) -> String {
    let mut joined = String::with_capacity(text_words.len() * 8);
    for w in title.map(words).unwrap_or_default() {
        joined.push_str(&w);
        joined.push(' ');
    }
    joined.push('\n');
    for w in text_words {
        joined.push_str(w);
        joined.push(' ');
    }
    let a = hash_bytes(joined.as_bytes());
    let b = hash_bytes(&[joined.as_bytes(), b"#2"].concat());
    format!("{a:016x}{b:016x}")
}

/// A document ready to store: its record with its content hash and
/// MinHash signature, computed where the analysis runs (in parallel), so the
/// single writer only writes.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The analyzed document.
    pub record: crate::DocumentRecord,
    /// [`content_hash`] of its title and text.
    pub hash: String,
    /// Its [`signature`], if it is long enough.
    pub signature: Option<[u32; HASHES]>,
    /// Its index terms, when the analysis that made it provided them.
    pub terms: Option<Vec<crate::IndexTerm>>,
}

impl Prepared {
    /// Hashes a record.
    pub fn new(record: crate::DocumentRecord) -> Prepared {
        let words = words(&record.text);
        Prepared {
            hash: content_hash_of_words(record.title.as_deref(), &words),
            signature: signature_of_words(&words),
            record,
            terms: None,
        }
    }

    /// Hashes a record whose index terms are known.
    pub fn with_terms(record: crate::DocumentRecord, terms: Vec<crate::IndexTerm>) -> Prepared {
        Prepared {
            terms: Some(terms),
            ..Prepared::new(record)
        }
    }
}

/// The key an entity name is joined and filtered by: search-normalized,
/// spaces collapsed.
pub fn fold_key(name: &str) -> String {
    words(name).join(" ")
}

/// A MinHash signature, or `None` for texts too short to compare.
pub fn signature(text: &str) -> Option<[u32; HASHES]> {
    signature_of_words(&words(text))
}

/// The MinHash signature of a text's [`words`].
pub fn signature_of_words(words: &[String]) -> Option<[u32; HASHES]> {
    if words.len() < SHINGLE + MIN_SHINGLES {
        return None;
    }
    let hashes: Vec<u64> = words.iter().map(|w| hash_bytes(w.as_bytes())).collect();
    let mut sig = [u32::MAX; HASHES];
    for win in hashes.windows(SHINGLE) {
        let mut h = 0u64;
        for &x in win {
            h = fmix64(h.rotate_left(17) ^ x);
        }
        for (i, slot) in sig.iter_mut().enumerate() {
            let v = (fmix64(h ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    Some(sig)
}

/// The LSH band keys of a signature (band number mixed in).
pub fn band_keys(sig: &[u32; HASHES]) -> [i64; BANDS] {
    let mut out = [0i64; BANDS];
    for (b, slot) in out.iter_mut().enumerate() {
        let mut h = fmix64(b as u64 + 1);
        for &v in &sig[b * ROWS..(b + 1) * ROWS] {
            h = fmix64(h ^ u64::from(v));
        }
        *slot = h as i64;
    }
    out
}

/// The estimated Jaccard similarity of two signatures.
pub fn similarity(a: &[u32; HASHES], b: &[u32; HASHES]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / HASHES as f64
}

/// A signature as bytes (little-endian), for storage.
pub fn to_bytes(sig: &[u32; HASHES]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A stored signature, or `None` if the bytes are not one.
pub fn from_bytes(bytes: &[u8]) -> Option<[u32; HASHES]> {
    if bytes.len() != HASHES * 4 {
        return None;
    }
    let mut sig = [0u32; HASHES];
    for (i, c) in bytes.chunks_exact(4).enumerate() {
        sig[i] = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    Some(sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "أعلنت وزارة الخارجية المصرية اليوم أن الوزير سيتوجه إلى عمان \
        للمشاركة في اجتماع وزراء الخارجية العرب الذي يناقش تطورات الأوضاع في المنطقة \
        وسبل دعم الاستقرار، وقال المتحدث باسم الوزارة إن اللقاء سيتناول أيضا ملف \
        المياه والتعاون الاقتصادي بين الدول العربية في ضوء التحديات الراهنة.";

    #[test]
    fn hash_ignores_spelling_variants_and_spacing() {
        let a = content_hash(Some("عنوان"), "الليبي  قال   فى بيان");
        let b = content_hash(Some("عنوان"), "الليبى قال في بيـــان");
        assert_eq!(a, b);
        assert_ne!(a, content_hash(Some("عنوان آخر"), "الليبي قال في بيان"));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn near_duplicates_are_similar_and_others_not() {
        let a = signature(STORY).unwrap();
        let edited = format!("القاهرة - ({}) {STORY}", "وكالات");
        let b = signature(&edited.replace("اليوم", "الأحد")).unwrap();
        let s = similarity(&a, &b);
        assert!(s >= THRESHOLD, "edited copy similarity {s}");
        assert!(band_keys(&a)
            .iter()
            .zip(band_keys(&b))
            .any(|(x, y)| *x == y));
        let other = "شهدت أسواق المال الخليجية ارتفاعا ملحوظا في تعاملات الأسبوع \
            الماضي بدعم من أسهم البنوك والعقارات، وسط توقعات بتحسن أرباح الشركات \
            خلال الربع الأخير من العام وتراجع أسعار الفائدة عالميا.";
        let c = signature(other).unwrap();
        assert!(similarity(&a, &c) < 0.2);
    }

    #[test]
    fn short_texts_have_no_signature() {
        assert!(signature("خبر قصير جدا").is_none());
    }

    #[test]
    fn signature_bytes_round_trip() {
        let a = signature(STORY).unwrap();
        assert_eq!(from_bytes(&to_bytes(&a)), Some(a));
        assert_eq!(from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn fold_key_joins_variants() {
        assert_eq!(fold_key("سيرجى  شويجو"), fold_key("سيرجي شويجو"));
        assert_eq!(fold_key("Sergei Shoigu"), "sergei shoigu");
    }
}
