//! The statistical tagger: BIO labels for PERS, LOC, ORG and MISC.
//!
//! A linear sequence model decoded exactly with first-order Viterbi over
//! label bigrams (the BIO constraints are hard: `I-X` only after `B-X` or
//! `I-X`). The features of a token (`features.rs` lists them all) read what
//! [`rasd_text`] computes: the search-normalized form, the light stem and
//! the clitics (ال, a preposition, a conjunction…), prefixes and suffixes,
//! the word shape, a window of neighbours, the segmentation lexicon's word
//! class, and gazetteer matches over the sentence: countries and cities,
//! international organisations, known actors, first names, nisba
//! adjectives, titles (الرئيس، وزير، المشير…) and organisation heads
//! (وزارة، جيش…), all read from the repository's `data/` tables at compile
//! time. Features are 64-bit hashes; no string is kept.
//!
//! Tagging runs two passes. The first labels each sentence alone. The
//! second sees, besides the same features, the first pass's labels of the
//! token and its neighbours and of the other occurrences of its stem nearby
//! in the document, so that a name recognized once is recognized again
//! (`context.rs`). Each pass averages a few averaged perceptrons (Collins
//! 2002) trained with different shuffles (`train.rs`); a CRF trainer is
//! there too, measured worse on ANERcorp.
//!
//! The model is a compact binary file ([`Tagger::to_bytes`] documents the
//! format); the one trained on ANERcorp (`models/ner/README.md`) is
//! embedded in the crate and loaded once by [`Tagger::builtin`]. A
//! [`Tagger`] is immutable and `Send + Sync`.
//!
//! ```
//! use rasd_ner::tagger::{entities, EntityType, Tagger};
//! use rasd_text::TextAnalyzer;
//!
//! let text = "وصل الرئيس المصري حسني مبارك إلى القاهرة أمس.";
//! let a = TextAnalyzer::new().analyze(text);
//! let labels = Tagger::builtin().tag_document(&a); // one label per token
//! let names: Vec<(EntityType, &str)> = entities(&labels)
//!     .into_iter()
//!     .map(|e| {
//!         let first = &a.tokens()[e.tokens.start];
//!         let last = &a.tokens()[e.tokens.end - 1];
//!         (e.ty, &text[first.span.start..last.span.end])
//!     })
//!     .collect();
//! assert_eq!(names, [(EntityType::Pers, "حسني مبارك"), (EntityType::Loc, "القاهرة")]);
//! ```

mod cache;
mod context;
mod corpus;
mod crf;
mod features;
mod gazetteer;
mod model;
mod train;
mod viterbi;

#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use rasd_text::segment::SegKind;
use rasd_text::{Analysis, AnalyzerConfig, TextAnalyzer};

pub use corpus::{is_sentence_end, repair_bio, split_sentences};
pub use model::{ModelError, Tagger, FEATURE_VERSION, FORMAT_VERSION, MAGIC};
pub use train::{
    train, train_with_progress, Algorithm, EpochStats, Progress, TrainConfig, TrainError,
    TrainSentence,
};

/// An entity type, as in ANERcorp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Pers,
    /// A place (countries and other geopolitical entities included).
    Loc,
    /// An organization.
    Org,
    /// Anything else named: events, nationalities used as names, works…
    Misc,
}

impl EntityType {
    /// All types, in label order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Pers,
        EntityType::Loc,
        EntityType::Org,
        EntityType::Misc,
    ];

    /// ANERcorp's name: `PERS`, `LOC`, `ORG`, `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Pers => "PERS",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
            EntityType::Misc => "MISC",
        }
    }

    /// The name in rasd's output schema: `PER`, `LOC`, `ORG`, `MISC`.
    pub fn schema_name(self) -> &'static str {
        match self {
            EntityType::Pers => "PER",
            other => other.as_str(),
        }
    }

    /// Reads `PERS` (or `PER`), `LOC`, `ORG`, `MISC`.
    pub fn parse(s: &str) -> Option<EntityType> {
        match s {
            "PERS" | "PER" => Some(EntityType::Pers),
            "LOC" => Some(EntityType::Loc),
            "ORG" => Some(EntityType::Org),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A BIO label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Label {
    /// Outside any entity.
    #[default]
    O,
    /// The first token of an entity.
    B(EntityType),
    /// A later token of an entity.
    I(EntityType),
}

impl Label {
    /// Number of labels.
    pub const COUNT: usize = 9;

    /// All labels, in index order: `O`, then `B-` and `I-` of each type.
    pub const ALL: [Label; Label::COUNT] = [
        Label::O,
        Label::B(EntityType::Pers),
        Label::I(EntityType::Pers),
        Label::B(EntityType::Loc),
        Label::I(EntityType::Loc),
        Label::B(EntityType::Org),
        Label::I(EntityType::Org),
        Label::B(EntityType::Misc),
        Label::I(EntityType::Misc),
    ];

    /// The label's index in [`Label::ALL`].
    pub fn index(self) -> usize {
        match self {
            Label::O => 0,
            Label::B(t) => 1 + 2 * t as usize,
            Label::I(t) => 2 + 2 * t as usize,
        }
    }

    /// The label with index `i`.
    pub fn from_index(i: usize) -> Option<Label> {
        Label::ALL.get(i).copied()
    }

    /// The label as written in ANERcorp: `O`, `B-PERS`, `I-LOC`…
    pub fn as_str(self) -> &'static str {
        const NAMES: [&str; Label::COUNT] = [
            "O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
        ];
        NAMES[self.index()]
    }

    /// Reads `O`, `B-TYPE` or `I-TYPE` (`PER` is read as `PERS`).
    pub fn parse(s: &str) -> Option<Label> {
        if s == "O" {
            return Some(Label::O);
        }
        if let Some(t) = s.strip_prefix("B-") {
            return EntityType::parse(t).map(Label::B);
        }
        s.strip_prefix("I-")
            .and_then(EntityType::parse)
            .map(Label::I)
    }

    /// The entity type, `None` for `O`.
    pub fn entity_type(self) -> Option<EntityType> {
        match self {
            Label::O => None,
            Label::B(t) | Label::I(t) => Some(t),
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of [`Label::from_str`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a label (expected O, B-TYPE or I-TYPE with TYPE one of PERS LOC ORG MISC)")]
pub struct ParseLabelError(pub String);

impl FromStr for Label {
    type Err = ParseLabelError;
    fn from_str(s: &str) -> Result<Label, ParseLabelError> {
        Label::parse(s).ok_or_else(|| ParseLabelError(s.to_string()))
    }
}

/// An entity found in a label sequence: its type and token range (indices
/// into the labelled slice, end exclusive).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EntitySpan {
    /// The entity's type.
    pub ty: EntityType,
    /// The tokens it covers.
    pub tokens: Range<usize>,
}

/// The entities of a label sequence, read as conlleval does: `B-X` starts an
/// entity, `I-X` continues one of type X and starts one after anything else.
pub fn entities(labels: &[Label]) -> Vec<EntitySpan> {
    let mut out = Vec::new();
    let mut open: Option<(EntityType, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let starts = match l {
            Label::O => None,
            Label::B(t) => Some(t),
            Label::I(t) => match open {
                Some((o, _)) if o == t => None,
                _ => Some(t),
            },
        };
        if starts.is_some() || l == Label::O {
            if let Some((ty, s)) = open.take() {
                out.push(EntitySpan { ty, tokens: s..i });
            }
        }
        if let Some(t) = starts {
            open = Some((t, i));
        }
    }
    if let Some((ty, s)) = open {
        out.push(EntitySpan {
            ty,
            tokens: s..labels.len(),
        });
    }
    out
}

/// The proclitics of a token, as a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Proclitics(u8);

impl Proclitics {
    /// The conjunction و.
    pub const WA: Proclitics = Proclitics(1);
    /// The conjunction ف.
    pub const FA: Proclitics = Proclitics(2);
    /// The preposition ب.
    pub const BI: Proclitics = Proclitics(4);
    /// The preposition ك.
    pub const KA: Proclitics = Proclitics(8);
    /// The preposition ل.
    pub const LI: Proclitics = Proclitics(16);
    /// The future particle س.
    pub const SA: Proclitics = Proclitics(32);
    /// The article ال.
    pub const AL: Proclitics = Proclitics(64);

    /// No proclitic.
    pub const fn empty() -> Proclitics {
        Proclitics(0)
    }

    /// The proclitic written `form` (`و ف ب ك ل س ال`), if it is one.
    pub fn from_form(form: &str) -> Option<Proclitics> {
        Some(match form {
            "و" => Proclitics::WA,
            "ف" => Proclitics::FA,
            "ب" => Proclitics::BI,
            "ك" => Proclitics::KA,
            "ل" => Proclitics::LI,
            "س" => Proclitics::SA,
            "ال" => Proclitics::AL,
            _ => return None,
        })
    }

    /// Whether every proclitic of `other` is in `self`.
    pub fn contains(self, other: Proclitics) -> bool {
        self.0 & other.0 == other.0
    }

    /// Adds the proclitics of `other`.
    pub fn insert(&mut self, other: Proclitics) {
        self.0 |= other.0;
    }

    /// The set as bits.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// Number of one-letter proclitics (all but the article).
    pub fn letters_before_article(self) -> usize {
        (self.0 & !Proclitics::AL.0).count_ones() as usize
    }
}

/// What the tagger reads of one token. Borrowed, so that the caller can
/// build it straight from an [`Analysis`] (see [`TagInput::from_analysis`])
/// or from a [`TagWord`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TagInput<'a> {
    /// The search-normalized form of the whole token.
    pub norm: &'a str,
    /// The light stem (the normalized form for non-words).
    pub stem: &'a str,
    /// The proclitics.
    pub proclitics: Proclitics,
    /// The inflectional suffix (ة ات ون…), empty if none.
    pub suffix: &'a str,
    /// The enclitic pronoun (ه ها هم…), empty if none.
    pub enclitic: &'a str,
}

impl<'a> TagInput<'a> {
    /// The input of token `i` of `a`.
    pub fn from_analysis(a: &'a Analysis, i: usize) -> TagInput<'a> {
        let t = &a.tokens()[i];
        TagInput::from_segments(
            a.norm(t),
            a.stem(t),
            a.segments(t).iter().map(|s| (s.kind, a.form(s))),
        )
    }

    /// The input made of a token's normalized form, stem and segments
    /// (`(kind, form)`, in order).
    pub fn from_segments<I>(norm: &'a str, stem: &'a str, segments: I) -> TagInput<'a>
    where
        I: IntoIterator<Item = (SegKind, &'a str)>,
    {
        let mut input = TagInput {
            norm,
            stem,
            ..TagInput::default()
        };
        for (kind, form) in segments {
            match kind {
                SegKind::Proclitic => {
                    if let Some(p) = Proclitics::from_form(form) {
                        input.proclitics.insert(p);
                    }
                }
                SegKind::Suffix if input.suffix.is_empty() => input.suffix = form,
                SegKind::Enclitic if input.enclitic.is_empty() => input.enclitic = form,
                _ => {}
            }
        }
        input
    }
}

/// An owned [`TagInput`]: one word analyzed on its own, as when reading a
/// token-per-line corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagWord {
    norm: String,
    stem: String,
    proclitics: Proclitics,
    suffix: String,
    enclitic: String,
}

impl TagWord {
    /// Analyzes `word` with rasd-text, as [`TextAnalyzer`] would inside a
    /// sentence. A "word" the tokenizer splits (`2007.`, `(مصر`) gets the
    /// normalized form of the whole and the analysis of its longest piece.
    pub fn from_word(word: &str) -> TagWord {
        thread_local! {
            static BUF: std::cell::RefCell<Analysis> = std::cell::RefCell::new(Analysis::default());
        }
        let analyzer = TextAnalyzer::with_config(AnalyzerConfig {
            sentences: false,
            ..AnalyzerConfig::default()
        });
        BUF.with(|buf| {
            let mut a = buf.borrow_mut();
            analyzer.analyze_into(word, &mut a);
            let tokens = a.tokens();
            let Some(best) = (0..tokens.len()).max_by_key(|&i| tokens[i].span.len()) else {
                let norm = rasd_text::normalize::Normalizer::search()
                    .key(word)
                    .into_owned();
                return TagWord {
                    stem: norm.clone(),
                    norm,
                    ..TagWord::default()
                };
            };
            let input = TagInput::from_analysis(&a, best);
            let mut w = TagWord::from_input(&input);
            if tokens.len() > 1 {
                w.norm = rasd_text::normalize::Normalizer::search()
                    .key(word)
                    .into_owned();
            }
            w
        })
    }

    /// An owned copy of `input`.
    pub fn from_input(input: &TagInput<'_>) -> TagWord {
        TagWord {
            norm: input.norm.to_string(),
            stem: input.stem.to_string(),
            proclitics: input.proclitics,
            suffix: input.suffix.to_string(),
            enclitic: input.enclitic.to_string(),
        }
    }

    /// The borrowed view the tagger reads.
    pub fn as_input(&self) -> TagInput<'_> {
        TagInput {
            norm: &self.norm,
            stem: &self.stem,
            proclitics: self.proclitics,
            suffix: &self.suffix,
            enclitic: &self.enclitic,
        }
    }
}

impl Tagger {
    /// The labels of one sentence (its own document: the second pass sees
    /// only this sentence).
    pub fn tag(&self, sentence: &[TagInput<'_>]) -> Vec<Label> {
        let mut out = Vec::with_capacity(sentence.len());
        let whole = 0..sentence.len();
        self.tag_ranges(
            sentence,
            std::slice::from_ref(&whole),
            &mut model::Scratch::default(),
            &mut out,
        );
        out
    }

    /// The labels of a document given as sentences: one label vector per
    /// sentence. The second pass sees the whole document.
    pub fn tag_sentences(&self, sentences: &[Vec<TagInput<'_>>]) -> Vec<Vec<Label>> {
        let mut inputs = Vec::new();
        let mut ranges = Vec::with_capacity(sentences.len());
        for s in sentences {
            ranges.push(inputs.len()..inputs.len() + s.len());
            inputs.extend_from_slice(s);
        }
        let mut flat = Vec::with_capacity(inputs.len());
        self.tag_ranges(&inputs, &ranges, &mut model::Scratch::default(), &mut flat);
        ranges.into_iter().map(|r| flat[r].to_vec()).collect()
    }

    /// [`Tagger::tag_sentences`] for owned words.
    pub fn tag_words(&self, sentences: &[Vec<TagWord>]) -> Vec<Vec<Label>> {
        let inputs: Vec<Vec<TagInput<'_>>> = sentences
            .iter()
            .map(|s| s.iter().map(TagWord::as_input).collect())
            .collect();
        self.tag_sentences(&inputs)
    }

    /// The labels of the tokens `tokens` of `a`, taken as one sentence and
    /// its own document; one label per token, in order. Prefer
    /// [`Tagger::tag_document`], which lets the second pass see the whole
    /// text.
    pub fn tag_analysis(&self, a: &Analysis, tokens: Range<usize>) -> Vec<Label> {
        let inputs: Vec<TagInput<'_>> = tokens.map(|i| TagInput::from_analysis(a, i)).collect();
        self.tag(&inputs)
    }

    /// The labels of every token of `a` (one per token, in order), tagged
    /// sentence by sentence with the whole text as the document. Without
    /// sentences, the text is one sentence.
    pub fn tag_document(&self, a: &Analysis) -> Vec<Label> {
        let n = a.tokens().len();
        let inputs: Vec<TagInput<'_>> = (0..n).map(|i| TagInput::from_analysis(a, i)).collect();
        let ranges: Vec<Range<usize>> = if a.sentences().is_empty() {
            std::iter::once(0..n).collect()
        } else {
            a.sentences().iter().map(|s| s.tokens.clone()).collect()
        };
        let mut out = Vec::with_capacity(n);
        self.tag_ranges(&inputs, &ranges, &mut model::Scratch::default(), &mut out);
        out
    }
}
