//! The light stem: the search key of a word, built on the segmenter.
//!
//! The stem is the segmenter's stem with clitics and inflectional suffixes
//! removed, folded with the search profile: "وبالحكومات", "الحكومة",
//! "حكومتها" all give "حكوم"; "الليبى" and "الليبي" give "ليبي". Unlike Light10
//! (Lucene's ArabicStemmer), affixes come off only where the segmenter read
//! them as affixes, so وزير, بيان and ليبيا stay whole.
//!
//! ```
//! use rasd_text::stem::light_stem;
//!
//! assert_eq!(light_stem("وبالحكومات"), "حكوم");
//! assert_eq!(light_stem("الليبى"), light_stem("الليبي"));
//! assert_eq!(light_stem("وزير"), "وزير");
//! ```

use crate::normalize::Normalizer;
use crate::segment::{SegKind, Segmenter};

/// The light stem of one word, with the built-in segmenter.
pub fn light_stem(word: &str) -> String {
    let display = Normalizer::display().key(word).into_owned();
    let letters: Vec<char> = display
        .chars()
        .filter(|&c| !crate::normalize::is_diacritic(c))
        .collect();
    let mut segs = Vec::new();
    Segmenter::builtin().segment_letters(&letters, &mut segs);
    let mut out = String::new();
    for s in segs.iter().filter(|s| s.kind == SegKind::Stem) {
        let stem: String = letters[s.start as usize..s.end as usize].iter().collect();
        Normalizer::search().normalize_into(&stem, &mut out);
    }
    out
}
