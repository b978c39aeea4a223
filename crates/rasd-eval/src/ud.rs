//! Tokens, Words and Sentences F1 against a CoNLL-U gold file, with the
//! semantics of the CoNLL 2018 UD shared task evaluation (`conll18_ud_eval.py`),
//! re-implemented here.
//!
//! # Reading the gold file
//!
//! [`parse_conllu`] reads CoNLL-U into [`GoldDocument`]s. Comment lines start
//! with `#`; `# newdoc` starts a new document, `# text = …` gives a sentence's
//! surface text and `# sent_id = …` its id. Word lines have 10 tab-separated
//! columns; range lines (`1-2`) are multiword tokens and decimal ids (`1.1`,
//! empty nodes) are skipped. A blank line ends a sentence. Every error names
//! the 1-based line it comes from.
//!
//! Each document knows its running text ([`GoldDocument::text`]): the surface
//! text of its sentences, joined by a single space. A sentence's surface text
//! is its `# text` (trimmed) when that comment spells the same non-whitespace
//! characters as the tokens; otherwise it is rebuilt from the token forms,
//! separated by a space unless the MISC column says `SpaceAfter=No`. Every
//! gold token, word and sentence has its span in that text, in code points
//! (char indices), end exclusive.
//!
//! Two options ([`ConlluOptions`]) adapt files that deviate from the usual
//! layout, such as UD_Arabic-PUD:
//!
//! * `reconstruct_mwt`: PUD has no multiword-token lines; Arabic clitics are
//!   separate words glued by `SpaceAfter=No` (`ل` + `أوباما`). With this option,
//!   consecutive units (words or multiword tokens) with no whitespace between
//!   them form one multiword token when the last character of the left one and
//!   the first character of the right one are both alphanumeric (letters or
//!   digits of any script); punctuation stays a token of its own. Gold tokens
//!   are then orthographic words and gold words are UD's syntactic words.
//! * `merge_repeated_newdoc`: PUD repeats `# newdoc id = …` before every
//!   sentence of a document. With this option a `# newdoc` whose id equals the
//!   current document's id continues that document instead of starting a new
//!   one (397 documents instead of 1000 one-sentence documents in PUD).
//!
//! # Scoring
//!
//! The system output ([`SystemOutput`]) is plain data: tokens and sentences as
//! code-point spans into the same running text; a token with two or more
//! words is a multiword token. [`score`] follows the CoNLL 2018 definitions:
//!
//! * spans are compared on the text with all whitespace removed, so the system
//!   tokens must spell exactly the gold text's non-whitespace characters, in
//!   order and without overlap ([`EvalError::TextMismatch`] names the first
//!   position where they do not);
//! * tokens and sentences match when their spans are equal; a sentence span
//!   runs from its first to its last non-whitespace character; system tokens
//!   and sentences that cover only whitespace are ignored (CoNLL-U cannot
//!   write them);
//! * a word outside a multiword token has its token's span and matches by span.
//!   Words inside multiword tokens are aligned within the smallest region
//!   covering overlapping multiword tokens of either side, by the longest
//!   common subsequence of their lower-cased forms. Forms come from the gold
//!   FORM column and from [`SysWord::form`]; a system token that is not a
//!   multiword token uses its surface text as form.
//!
//! Counts add up: the sum of the [`UdScores`] of all documents is the
//! micro-average over the file, which is what the official script reports.
//!
//! ```
//! use rasd_eval::ud::{parse_conllu, score, ConlluOptions, SysToken, SysWord, SystemOutput};
//!
//! let gold = "\
//! ## text = قال له.
//! 1\tقال\t_\tVERB\t_\t_\t0\troot\t_\t_
//! 2\tل\t_\tADP\t_\t_\t3\tcase\t_\tSpaceAfter=No
//! 3\tه\t_\tPRON\t_\t_\t1\tobl\t_\tSpaceAfter=No
//! 4\t.\t_\tPUNCT\t_\t_\t1\tpunct\t_\t_
//! ";
//! let options = ConlluOptions { reconstruct_mwt: true, ..ConlluOptions::default() };
//! let docs = parse_conllu(gold, options).unwrap();
//! assert_eq!(docs[0].text(), "قال له.");
//!
//! // A system that finds the tokens but does not split the clitic.
//! let system = SystemOutput {
//!     tokens: vec![SysToken::plain(0, 3), SysToken::plain(4, 6), SysToken::plain(6, 7)],
//!     sentences: vec![(0, 7)],
//! };
//! let scores = score(&docs[0], &system).unwrap();
//! assert_eq!(scores.tokens.f1, 100.0);
//! assert_eq!(scores.sentences.f1, 100.0);
//! assert_eq!((scores.words.correct, scores.words.gold, scores.words.system), (2, 4, 3));
//!
//! // Splitting it gets every word right.
//! let mut split = system.clone();
//! split.tokens[1].words = vec![
//!     SysWord { start: 4, end: 5, form: "ل".into() },
//!     SysWord { start: 5, end: 6, form: "ه".into() },
//! ];
//! assert_eq!(score(&docs[0], &split).unwrap().words.f1, 100.0);
//! ```

use std::iter::Sum;
use std::ops::{Add, AddAssign, Range};

use serde::Serialize;

use crate::{EvalError, Prf};

/// How to read a CoNLL-U file. The default reads it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConlluOptions {
    /// Rebuild orthographic tokens from words glued without whitespace whose
    /// touching characters are both alphanumeric (see the module docs).
    pub reconstruct_mwt: bool,
    /// Let a `# newdoc` repeating the current document's id continue it.
    pub merge_repeated_newdoc: bool,
}

impl ConlluOptions {
    /// The settings for UD_Arabic-PUD: both options on.
    pub const PUD: ConlluOptions = ConlluOptions {
        reconstruct_mwt: true,
        merge_repeated_newdoc: true,
    };
}

/// A syntactic word of the gold file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldWord {
    /// FORM column.
    pub form: String,
    /// UPOS column.
    pub upos: String,
    /// MISC column.
    pub misc: String,
    /// Start in the document text (code points). For a word of a multiword
    /// token line, whose form need not be a substring, this is the token's span.
    pub start: usize,
    /// End in the document text (code points, exclusive).
    pub end: usize,
    /// Index of the token the word belongs to, in [`GoldDocument::tokens`].
    pub token: usize,
    /// 1-based line of the word in the gold file.
    pub line: usize,
}

impl GoldWord {
    /// Whether the MISC column lacks `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        space_after(&self.misc)
    }
}

/// A gold token: one or more words written together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldToken {
    /// Start in the document text (code points).
    pub start: usize,
    /// End in the document text (code points, exclusive).
    pub end: usize,
    /// Indices of its words in [`GoldDocument::words`].
    pub words: Range<usize>,
}

impl GoldToken {
    /// Whether the token has two or more words.
    pub fn is_multiword(&self) -> bool {
        self.words.len() > 1
    }
}

/// Where a gold sentence's surface text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextSource {
    /// From its `# text` comment.
    Comment,
    /// Rebuilt from the forms: the sentence had no `# text`.
    FormsNoComment,
    /// Rebuilt from the forms: its `# text` spelled other characters.
    FormsCommentMismatch,
}

/// A gold sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldSentence {
    /// Its `# sent_id`, if any.
    pub id: Option<String>,
    /// Start in the document text (code points).
    pub start: usize,
    /// End in the document text (code points, exclusive).
    pub end: usize,
    /// Indices of its tokens in [`GoldDocument::tokens`].
    pub tokens: Range<usize>,
    /// Indices of its words in [`GoldDocument::words`].
    pub words: Range<usize>,
    /// 1-based line of its first word in the gold file.
    pub line: usize,
    /// Where its surface text came from.
    pub text_source: TextSource,
}

/// One document of a gold CoNLL-U file, with its running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldDocument {
    id: Option<String>,
    text: String,
    len: usize,
    sentences: Vec<GoldSentence>,
    tokens: Vec<GoldToken>,
    words: Vec<GoldWord>,
}

impl GoldDocument {
    fn new(id: Option<String>) -> Self {
        GoldDocument {
            id,
            text: String::new(),
            len: 0,
            sentences: Vec::new(),
            tokens: Vec::new(),
            words: Vec::new(),
        }
    }

    /// The `# newdoc id`, if any.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The running text as a reader meets it: the sentences' surface texts
    /// joined by a single space. All spans index into it in code points.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length of [`GoldDocument::text`] in code points.
    pub fn char_len(&self) -> usize {
        self.len
    }

    /// The sentences, in order.
    pub fn sentences(&self) -> &[GoldSentence] {
        &self.sentences
    }

    /// The tokens, in order.
    pub fn tokens(&self) -> &[GoldToken] {
        &self.tokens
    }

    /// The words, in order.
    pub fn words(&self) -> &[GoldWord] {
        &self.words
    }

    /// The gold annotation as a system output, which [`score`] rates 100%.
    /// Handy to check a pipeline's plumbing.
    pub fn to_system_output(&self) -> SystemOutput {
        let tokens = self
            .tokens
            .iter()
            .map(|t| SysToken {
                start: t.start,
                end: t.end,
                words: self.words[t.words.clone()]
                    .iter()
                    .map(|w| SysWord {
                        start: w.start,
                        end: w.end,
                        form: w.form.clone(),
                    })
                    .collect(),
            })
            .collect();
        let sentences = self.sentences.iter().map(|s| (s.start, s.end)).collect();
        SystemOutput { tokens, sentences }
    }
}

fn space_after(misc: &str) -> bool {
    !misc.split('|').any(|f| f == "SpaceAfter=No")
}

/// A word line as read, before spans are known.
struct RawWord {
    form: String,
    upos: String,
    misc: String,
    line: usize,
}

/// A multiword-token range line as read; ids are 1-based and inclusive.
struct RawMwt {
    first: usize,
    last: usize,
    form: String,
    misc: String,
    line: usize,
}

/// Comments and lines of the sentence being read.
#[derive(Default)]
struct RawSentence {
    newdoc: Option<Option<String>>,
    id: Option<String>,
    text: Option<String>,
    words: Vec<RawWord>,
    mwts: Vec<RawMwt>,
}

impl RawSentence {
    fn started(&self) -> bool {
        !self.words.is_empty() || !self.mwts.is_empty()
    }
}

/// Reads a CoNLL-U file (its contents) into documents.
///
/// Errors name the 1-based line and what is wrong with it: a word line
/// without 10 tab-separated columns, an id that is not the next word's, a
/// malformed or dangling multiword-token range, an empty form, or a comment
/// between the word lines of a sentence.
pub fn parse_conllu(text: &str, options: ConlluOptions) -> Result<Vec<GoldDocument>, EvalError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut docs: Vec<GoldDocument> = Vec::new();
    let mut sent = RawSentence::default();
    let mut last_line = 0;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        last_line = n;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            finish_sentence(&mut sent, &mut docs, options, n)?;
        } else if let Some(comment) = line.strip_prefix('#') {
            if sent.started() {
                return Err(EvalError::parse(
                    n,
                    "comment line inside a sentence (a blank line must end the sentence first)",
                ));
            }
            read_comment(comment, &mut sent);
        } else {
            read_word_line(line, n, &mut sent)?;
        }
    }
    finish_sentence(&mut sent, &mut docs, options, last_line + 1)?;
    Ok(docs)
}

fn read_comment(comment: &str, sent: &mut RawSentence) {
    let comment = comment.trim();
    if let Some(rest) = comment.strip_prefix("newdoc") {
        let rest = rest.trim_start();
        if rest.is_empty() {
            sent.newdoc = Some(None);
            return;
        }
        if let Some(id) = rest.strip_prefix("id") {
            if let Some(id) = id.trim_start().strip_prefix('=') {
                let id = id.trim();
                sent.newdoc = Some((!id.is_empty()).then(|| id.to_string()));
                return;
            }
        }
    }
    if let Some((key, value)) = comment.split_once('=') {
        match key.trim() {
            "text" => sent.text = Some(value.trim().to_string()),
            "sent_id" => sent.id = Some(value.trim().to_string()),
            _ => {}
        }
    }
}

fn read_word_line(line: &str, n: usize, sent: &mut RawSentence) -> Result<(), EvalError> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 10 {
        return Err(EvalError::parse(
            n,
            format!("expected 10 tab-separated columns, found {}", cols.len()),
        ));
    }
    let id = cols[0];
    let form = cols[1];
    let next = sent.words.len() + 1;
    if let Some((a, b)) = id.split_once('.') {
        // Empty node: check its shape, otherwise ignore it.
        if parse_id(a).is_none() || b.parse::<usize>().is_err() {
            return Err(EvalError::parse(
                n,
                format!("malformed empty node id {id:?}"),
            ));
        }
        return Ok(());
    }
    if form.trim().is_empty() {
        return Err(EvalError::parse(n, "FORM has no visible character"));
    }
    if let Some((a, b)) = id.split_once('-') {
        let (Some(first), Some(last)) = (parse_id(a), parse_id(b)) else {
            return Err(EvalError::parse(
                n,
                format!("malformed multiword token range {id:?}"),
            ));
        };
        if first >= last {
            return Err(EvalError::parse(
                n,
                format!("multiword token range {id} must span two or more words"),
            ));
        }
        if first != next {
            return Err(EvalError::parse(
                n,
                format!("multiword token range {id} should start at the next word id {next}"),
            ));
        }
        if let Some(prev) = sent.mwts.last() {
            if prev.last >= first {
                return Err(EvalError::parse(
                    n,
                    format!(
                        "multiword token range {id} overlaps the one on line {}",
                        prev.line
                    ),
                ));
            }
        }
        sent.mwts.push(RawMwt {
            first,
            last,
            form: form.to_string(),
            misc: cols[9].to_string(),
            line: n,
        });
        return Ok(());
    }
    match parse_id(id) {
        Some(k) if k == next => {}
        Some(k) => {
            return Err(EvalError::parse(
                n,
                format!("word id {k} out of order, expected {next}"),
            ))
        }
        None => return Err(EvalError::parse(n, format!("malformed word id {id:?}"))),
    }
    sent.words.push(RawWord {
        form: form.to_string(),
        upos: cols[3].to_string(),
        misc: cols[9].to_string(),
        line: n,
    });
    Ok(())
}

/// A positive integer id.
fn parse_id(s: &str) -> Option<usize> {
    s.parse::<usize>().ok().filter(|&k| k > 0)
}

/// A token as written: a multiword-token line or a word not inside one.
struct Unit<'a> {
    form: &'a str,
    /// 0-based word indices within the sentence.
    words: Range<usize>,
    start: usize,
    end: usize,
}

fn non_ws(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| !c.is_whitespace())
}

fn finish_sentence(
    sent: &mut RawSentence,
    docs: &mut Vec<GoldDocument>,
    options: ConlluOptions,
    n: usize,
) -> Result<(), EvalError> {
    if sent.words.is_empty() {
        if let Some(m) = sent.mwts.first() {
            return Err(EvalError::parse(m.line, "multiword token without words"));
        }
        // Comments followed by a blank line: keep them for the next sentence.
        return Ok(());
    }
    let raw = std::mem::take(sent);
    let nwords = raw.words.len();
    if let Some(m) = raw.mwts.iter().find(|m| m.last > nwords) {
        return Err(EvalError::parse(
            m.line,
            format!(
                "multiword token range {}-{} goes past the sentence's last word {nwords} \
                 (sentence ends before line {n})",
                m.first, m.last
            ),
        ));
    }

    // Units: multiword-token lines and the words outside them.
    let mut units: Vec<Unit> = Vec::new();
    let mut space: Vec<bool> = Vec::new();
    let mut mwts = raw.mwts.iter().peekable();
    let mut w = 0;
    while w < nwords {
        if let Some(m) = mwts.next_if(|m| m.first == w + 1) {
            units.push(Unit {
                form: &m.form,
                words: m.first - 1..m.last,
                start: 0,
                end: 0,
            });
            // The SpaceAfter of a multiword token is on its range line.
            space.push(space_after(&m.misc));
            w = m.last;
        } else {
            units.push(Unit {
                form: &raw.words[w].form,
                words: w..w + 1,
                start: 0,
                end: 0,
            });
            space.push(space_after(&raw.words[w].misc));
            w += 1;
        }
    }

    // Surface text: `# text` when it spells the forms, else rebuilt.
    let forms_chars = units.iter().flat_map(|u| non_ws(u.form));
    let (surface, text_source) = match &raw.text {
        Some(t) if non_ws(t).eq(forms_chars) => (t.trim().to_string(), TextSource::Comment),
        other => {
            let mut s = String::new();
            for (k, u) in units.iter().enumerate() {
                s.push_str(u.form);
                if space[k] && k + 1 < units.len() {
                    s.push(' ');
                }
            }
            let source = if other.is_some() {
                TextSource::FormsCommentMismatch
            } else {
                TextSource::FormsNoComment
            };
            (s, source)
        }
    };

    // Locate every unit in the surface text (code points).
    let chars: Vec<char> = surface.chars().collect();
    let mut pos = 0;
    for u in &mut units {
        let mut first = None;
        for c in non_ws(u.form) {
            while pos < chars.len() && chars[pos].is_whitespace() {
                pos += 1;
            }
            // The surface spells the forms' characters, so `chars[pos] == c`.
            debug_assert_eq!(chars.get(pos), Some(&c));
            first.get_or_insert(pos);
            pos += 1;
        }
        u.start = first.unwrap_or(pos);
        u.end = pos;
    }

    // Group units into tokens.
    let mut groups: Vec<Range<usize>> = Vec::new();
    for k in 0..units.len() {
        let glued = options.reconstruct_mwt
            && k > 0
            && units[k - 1].end == units[k].start
            && units[k].start > 0
            && chars[units[k].start - 1].is_alphanumeric()
            && chars[units[k].start].is_alphanumeric();
        match groups.last_mut() {
            Some(g) if glued => g.end = k + 1,
            _ => groups.push(k..k + 1),
        }
    }

    // Append to the right document.
    let start_new = match (&raw.newdoc, docs.last()) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(Some(id)), Some(d)) => {
            !(options.merge_repeated_newdoc && d.id.as_deref() == Some(id.as_str()))
        }
        (Some(None), Some(_)) => true,
    };
    if start_new {
        docs.push(GoldDocument::new(raw.newdoc.clone().flatten()));
    }
    let Some(doc) = docs.last_mut() else {
        // Unreachable: a document was pushed above if there was none.
        return Ok(());
    };
    if !doc.sentences.is_empty() {
        doc.text.push(' ');
        doc.len += 1;
    }
    let offset = doc.len;
    doc.text.push_str(&surface);
    doc.len += chars.len();

    let first_token = doc.tokens.len();
    let first_word = doc.words.len();
    let mut words = raw.words.iter();
    for g in groups {
        let token = doc.tokens.len();
        let word_start = doc.words.len();
        for u in &units[g.clone()] {
            for _ in u.words.clone() {
                let Some(rw) = words.next() else { break };
                doc.words.push(GoldWord {
                    form: rw.form.clone(),
                    upos: rw.upos.clone(),
                    misc: rw.misc.clone(),
                    start: offset + u.start,
                    end: offset + u.end,
                    token,
                    line: rw.line,
                });
            }
        }
        doc.tokens.push(GoldToken {
            start: offset + units[g.start].start,
            end: offset + units[g.end - 1].end,
            words: word_start..doc.words.len(),
        });
    }
    doc.sentences.push(GoldSentence {
        id: raw.id.clone(),
        start: doc.tokens[first_token].start,
        end: doc.tokens[doc.tokens.len() - 1].end,
        tokens: first_token..doc.tokens.len(),
        words: first_word..doc.words.len(),
        line: doc.words[first_word].line,
        text_source,
    });
    Ok(())
}

/// A word of a system token.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SysWord {
    /// Start in the running text (code points); informative only.
    pub start: usize,
    /// End in the running text (code points, exclusive); informative only.
    pub end: usize,
    /// The word's form, used to align the words of multiword tokens.
    pub form: String,
}

/// A system token.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SysToken {
    /// Start in the running text (code points).
    pub start: usize,
    /// End in the running text (code points, exclusive).
    pub end: usize,
    /// Its words. Zero or one word: a plain token that is its own word. Two
    /// or more: a multiword token (clitics split off).
    pub words: Vec<SysWord>,
}

impl SysToken {
    /// A token that is its own single word.
    pub fn plain(start: usize, end: usize) -> Self {
        SysToken {
            start,
            end,
            words: Vec::new(),
        }
    }

    /// Whether the token has two or more words.
    pub fn is_multiword(&self) -> bool {
        self.words.len() > 1
    }
}

/// What a system found in one document's running text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SystemOutput {
    /// The tokens, in text order.
    pub tokens: Vec<SysToken>,
    /// The sentences as `(start, end)` code-point spans, end exclusive.
    pub sentences: Vec<(usize, usize)>,
}

/// Tokens, Words and Sentences scores of a document or, summed, of a file.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct UdScores {
    /// Tokens: exact span match.
    pub tokens: Prf,
    /// Words: span match, LCS alignment inside multiword tokens.
    pub words: Prf,
    /// Sentences: exact span match.
    pub sentences: Prf,
}

impl Add for UdScores {
    type Output = UdScores;

    fn add(self, other: UdScores) -> UdScores {
        UdScores {
            tokens: self.tokens + other.tokens,
            words: self.words + other.words,
            sentences: self.sentences + other.sentences,
        }
    }
}

impl AddAssign for UdScores {
    fn add_assign(&mut self, other: UdScores) {
        *self = *self + other;
    }
}

impl Sum for UdScores {
    fn sum<I: Iterator<Item = UdScores>>(iter: I) -> UdScores {
        iter.fold(UdScores::default(), Add::add)
    }
}

/// A word prepared for alignment: span in whitespace-free coordinates.
struct AlignWord {
    start: usize,
    end: usize,
    multi: bool,
    form: String,
}

/// Scores one document. See the module docs for the definitions.
///
/// Fails when a system span does not fit the text ([`EvalError::BadSpan`]) or
/// when the system tokens do not spell the text's non-whitespace characters
/// ([`EvalError::TextMismatch`]).
pub fn score(gold: &GoldDocument, system: &SystemOutput) -> Result<UdScores, EvalError> {
    let chars: Vec<char> = gold.text.chars().collect();
    let len = chars.len();
    // before[i]: non-whitespace characters in chars[..i].
    let mut before = Vec::with_capacity(len + 1);
    let mut count = 0;
    before.push(0);
    for c in &chars {
        count += usize::from(!c.is_whitespace());
        before.push(count);
    }
    let strip = |s: usize, e: usize| (before[s], before[e]);

    // System tokens in text order.
    for t in &system.tokens {
        check_span("token", t.start, t.end, len)?;
    }
    for &(s, e) in &system.sentences {
        check_span("sentence", s, e, len)?;
    }
    // Tokens that cover only whitespace cannot be written in CoNLL-U: ignore them.
    let mut order: Vec<&SysToken> = system
        .tokens
        .iter()
        .filter(|t| before[t.start] < before[t.end])
        .collect();
    order.sort_by_key(|t| (t.start, t.end));

    // Both sides must spell the same characters.
    let gold_chars: Vec<(usize, char)> = chars
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    let sys_chars: Vec<char> = order
        .iter()
        .flat_map(|t| chars[t.start..t.end].iter().copied())
        .filter(|c| !c.is_whitespace())
        .collect();
    let same = gold_chars.len() == sys_chars.len()
        && gold_chars.iter().zip(&sys_chars).all(|((_, g), s)| g == s);
    if !same {
        let k = gold_chars
            .iter()
            .zip(&sys_chars)
            .take_while(|((_, g), s)| g == *s)
            .count();
        return Err(EvalError::TextMismatch {
            position: gold_chars.get(k).map_or(len, |&(p, _)| p),
            gold: gold_chars
                .iter()
                .skip(k)
                .take(20)
                .map(|&(_, c)| c)
                .collect(),
            system: sys_chars.iter().skip(k).take(20).collect(),
        });
    }

    // Tokens.
    let gold_tokens: Vec<(usize, usize)> =
        gold.tokens.iter().map(|t| strip(t.start, t.end)).collect();
    let sys_tokens: Vec<(usize, usize)> = order.iter().map(|t| strip(t.start, t.end)).collect();

    // Words.
    let mut gold_words = Vec::with_capacity(gold.words.len());
    for (t, span) in gold.tokens.iter().zip(&gold_tokens) {
        for w in &gold.words[t.words.clone()] {
            gold_words.push(AlignWord {
                start: span.0,
                end: span.1,
                multi: t.is_multiword(),
                form: w.form.to_lowercase(),
            });
        }
    }
    let mut sys_words = Vec::with_capacity(order.len());
    for (t, span) in order.iter().zip(&sys_tokens) {
        if t.is_multiword() {
            for w in &t.words {
                sys_words.push(AlignWord {
                    start: span.0,
                    end: span.1,
                    multi: true,
                    form: w.form.to_lowercase(),
                });
            }
        } else {
            let form: String = chars[t.start..t.end].iter().collect();
            sys_words.push(AlignWord {
                start: span.0,
                end: span.1,
                multi: false,
                form: form.to_lowercase(),
            });
        }
    }

    // Sentences.
    let gold_sents: Vec<(usize, usize)> = gold
        .sentences
        .iter()
        .map(|s| strip(s.start, s.end))
        .collect();
    let mut sys_sents: Vec<(usize, usize)> = system
        .sentences
        .iter()
        .map(|&(s, e)| strip(s, e))
        .filter(|(s, e)| s < e)
        .collect();
    sys_sents.sort_unstable();

    Ok(UdScores {
        tokens: Prf::from_counts(
            spans_correct(&gold_tokens, &sys_tokens),
            gold_tokens.len(),
            sys_tokens.len(),
        ),
        words: Prf::from_counts(
            align_words(&gold_words, &sys_words),
            gold_words.len(),
            sys_words.len(),
        ),
        sentences: Prf::from_counts(
            spans_correct(&gold_sents, &sys_sents),
            gold_sents.len(),
            sys_sents.len(),
        ),
    })
}

/// Scores parallel lists of documents and system outputs and sums the counts
/// (micro-average over the file).
pub fn score_all(gold: &[GoldDocument], system: &[SystemOutput]) -> Result<UdScores, EvalError> {
    if gold.len() != system.len() {
        return Err(EvalError::LengthMismatch {
            gold: gold.len(),
            system: system.len(),
        });
    }
    gold.iter().zip(system).map(|(g, s)| score(g, s)).sum()
}

fn check_span(what: &'static str, start: usize, end: usize, len: usize) -> Result<(), EvalError> {
    if start <= end && end <= len {
        Ok(())
    } else {
        Err(EvalError::BadSpan {
            what,
            start,
            end,
            len,
        })
    }
}

/// Number of equal spans in two sorted span lists (matching on start, then end).
fn spans_correct(gold: &[(usize, usize)], system: &[(usize, usize)]) -> usize {
    let (mut g, mut s, mut correct) = (0, 0, 0);
    while g < gold.len() && s < system.len() {
        if system[s].0 < gold[g].0 {
            s += 1;
        } else if gold[g].0 < system[s].0 {
            g += 1;
        } else {
            correct += usize::from(gold[g].1 == system[s].1);
            g += 1;
            s += 1;
        }
    }
    correct
}

/// Number of aligned words, as `align_words` of the official script counts them.
fn align_words(gold: &[AlignWord], system: &[AlignWord]) -> usize {
    let (mut g, mut s, mut matched) = (0, 0, 0);
    while g < gold.len() && s < system.len() {
        if gold[g].multi || system[s].multi {
            let (gs, ss, ge, se) = multiword_region(gold, system, g, s);
            if ge > gs && se > ss {
                matched += lcs_matches(&gold[gs..ge], &system[ss..se]);
            }
            if (ge, se) == (g, s) {
                // No progress, only possible with empty spans, which `score`
                // filters out; kept so that no input can loop forever.
                if system[s].multi {
                    s += 1;
                } else {
                    g += 1;
                }
            } else {
                (g, s) = (ge, se);
            }
        } else if (gold[g].start, gold[g].end) == (system[s].start, system[s].end) {
            matched += 1;
            g += 1;
            s += 1;
        } else if gold[g].start <= system[s].start {
            g += 1;
        } else {
            s += 1;
        }
    }
    matched
}

/// The smallest region starting at `g`/`s` that covers overlapping multiword
/// tokens of both sides: `(gold_start, sys_start, gold_end, sys_end)`.
fn multiword_region(
    gold: &[AlignWord],
    system: &[AlignWord],
    mut g: usize,
    mut s: usize,
) -> (usize, usize, usize, usize) {
    let mut end;
    if gold[g].multi {
        end = gold[g].end;
        if !system[s].multi && system[s].start < gold[g].start {
            s += 1;
        }
    } else {
        end = system[s].end;
        if gold[g].start < system[s].start {
            g += 1;
        }
    }
    let (gs, ss) = (g, s);
    while !beyond_end(gold, g, end) || !beyond_end(system, s, end) {
        if g < gold.len() && (s >= system.len() || gold[g].start <= system[s].start) {
            end = extend_end(&gold[g], end);
            g += 1;
        } else {
            end = extend_end(&system[s], end);
            s += 1;
        }
    }
    (gs, ss, g, s)
}

fn beyond_end(words: &[AlignWord], i: usize, end: usize) -> bool {
    match words.get(i) {
        None => true,
        Some(w) if w.multi => w.start >= end,
        Some(w) => w.end > end,
    }
}

fn extend_end(word: &AlignWord, end: usize) -> usize {
    if word.multi {
        end.max(word.end)
    } else {
        end
    }
}

/// Words matched by walking the longest common subsequence of the forms.
fn lcs_matches(gold: &[AlignWord], system: &[AlignWord]) -> usize {
    let (n, m) = (gold.len(), system.len());
    let w = m + 1;
    // table[i * w + j]: LCS length of gold[i..] and system[j..].
    let mut table = vec![0usize; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let diag = if gold[i].form == system[j].form {
                1 + table[(i + 1) * w + j + 1]
            } else {
                0
            };
            table[i * w + j] = diag.max(table[(i + 1) * w + j]).max(table[i * w + j + 1]);
        }
    }
    let (mut i, mut j, mut matched) = (0, 0, 0);
    while i < n && j < m {
        if gold[i].form == system[j].form {
            matched += 1;
            i += 1;
            j += 1;
        } else if table[i * w + j] == table[(i + 1) * w + j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a CoNLL-U file from a compact notation. Each sentence is
    /// `(newdoc id, tokens)`; tokens are separated by spaces, a trailing `~`
    /// means `SpaceAfter=No`, and `surface=a+b` is a multiword-token line with
    /// words `a` and `b`. `# text` is rebuilt from the forms.
    fn conllu(sentences: &[(&str, &str)]) -> String {
        let mut out = String::new();
        for (k, (doc, spec)) in sentences.iter().enumerate() {
            if !doc.is_empty() {
                out.push_str(&format!("# newdoc id = {doc}\n"));
            }
            out.push_str(&format!("# sent_id = s{}\n", k + 1));
            let mut text = String::new();
            let mut rows = String::new();
            let mut id = 1;
            for tok in spec.split_whitespace() {
                let (tok, glued) = match tok.strip_suffix('~') {
                    Some(t) => (t, true),
                    None => (tok, false),
                };
                let misc = if glued { "SpaceAfter=No" } else { "_" };
                text.push_str(tok.split('=').next().unwrap_or(tok));
                if !glued {
                    text.push(' ');
                }
                match tok.split_once('=') {
                    Some((surface, words)) => {
                        let n = words.split('+').count();
                        rows.push_str(&format!(
                            "{id}-{}\t{surface}\t_\t_\t_\t_\t_\t_\t_\t{misc}\n",
                            id + n - 1
                        ));
                        for w in words.split('+') {
                            rows.push_str(&format!("{id}\t{w}\t_\tX\t_\t_\t0\tdep\t_\t_\n"));
                            id += 1;
                        }
                    }
                    None => {
                        rows.push_str(&format!("{id}\t{tok}\t_\tX\t_\t_\t0\tdep\t_\t{misc}\n"));
                        id += 1;
                    }
                }
            }
            out.push_str(&format!("# text = {}\n{rows}\n", text.trim_end()));
        }
        out
    }

    /// Builds a system output for `doc` from the same notation as [`conllu`],
    /// one string per system sentence (without `~`): tokens are found in the
    /// text in order, `surface=a+b` splits a token into words.
    fn system(doc: &GoldDocument, sentences: &[&str]) -> SystemOutput {
        let chars: Vec<char> = doc.text().chars().collect();
        let mut pos = 0;
        let mut out = SystemOutput::default();
        for spec in sentences {
            let first = out.tokens.len();
            for tok in spec.split_whitespace() {
                let (surface, words) = match tok.split_once('=') {
                    Some((s, w)) => (s, w.split('+').collect()),
                    None => (tok, Vec::new()),
                };
                while chars[pos].is_whitespace() {
                    pos += 1;
                }
                let start = pos;
                let end = start + surface.chars().count();
                assert_eq!(chars[start..end].iter().collect::<String>(), surface);
                pos = end;
                let words = words
                    .into_iter()
                    .map(|f: &str| SysWord {
                        start,
                        end,
                        form: f.to_string(),
                    })
                    .collect();
                out.tokens.push(SysToken { start, end, words });
            }
            let last = out.tokens.len() - 1;
            out.sentences
                .push((out.tokens[first].start, out.tokens[last].end));
        }
        out
    }

    fn surfaces<T>(
        doc: &GoldDocument,
        items: &[T],
        span: impl Fn(&T) -> (usize, usize),
    ) -> Vec<String> {
        let chars: Vec<char> = doc.text().chars().collect();
        items
            .iter()
            .map(|t| {
                let (s, e) = span(t);
                chars[s..e].iter().collect()
            })
            .collect()
    }

    const PLAIN: ConlluOptions = ConlluOptions {
        reconstruct_mwt: false,
        merge_repeated_newdoc: false,
    };
    const MWT: ConlluOptions = ConlluOptions {
        reconstruct_mwt: true,
        merge_repeated_newdoc: false,
    };

    const S1: &str = "ذهب الولد إلى المدرسة و~ كتب الدرس~ .";
    const S2: &str = "قال ل~ ه~ : نعم~ .";

    #[test]
    fn parse_table() {
        // (options, sentences, expected texts, expected tokens of the first doc)
        type Case = (
            ConlluOptions,
            &'static [(&'static str, &'static str)],
            &'static [&'static str],
            &'static [&'static str],
        );
        let cases: &[Case] = &[
            (
                PLAIN,
                &[("d1", S1), ("d1", S2)],
                &["ذهب الولد إلى المدرسة وكتب الدرس.", "قال له: نعم."],
                &["ذهب", "الولد", "إلى", "المدرسة", "و", "كتب", "الدرس", "."],
            ),
            (
                MWT,
                &[("d1", S1)],
                &["ذهب الولد إلى المدرسة وكتب الدرس."],
                &["ذهب", "الولد", "إلى", "المدرسة", "وكتب", "الدرس", "."],
            ),
            (
                ConlluOptions::PUD,
                &[("d1", S1), ("d1", S2), ("d2", "Yes~ .")],
                &["ذهب الولد إلى المدرسة وكتب الدرس. قال له: نعم.", "Yes."],
                &[
                    "ذهب",
                    "الولد",
                    "إلى",
                    "المدرسة",
                    "وكتب",
                    "الدرس",
                    ".",
                    "قال",
                    "له",
                    ":",
                    "نعم",
                    ".",
                ],
            ),
            // Digits glue like letters; punctuation never does.
            (
                MWT,
                &[("", "ب~ 2020 a~ -~ b x~ y~ z")],
                &["ب2020 a-b xyz"],
                &["ب2020", "a", "-", "b", "xyz"],
            ),
            // An explicit multiword-token line stays one token in both modes.
            (
                PLAIN,
                &[("", "Vamos al=a+el mar~ .")],
                &["Vamos al mar."],
                &["Vamos", "al", "mar", "."],
            ),
            (
                MWT,
                &[("", "x al=a+el~ b~ . y")],
                &["x alb. y"],
                &["x", "alb", ".", "y"],
            ),
        ];
        for (options, sentences, texts, tokens) in cases {
            let docs = parse_conllu(&conllu(sentences), *options).unwrap();
            let got: Vec<&str> = docs.iter().map(GoldDocument::text).collect();
            assert_eq!(&got, texts, "{sentences:?}");
            let doc = &docs[0];
            assert_eq!(&surfaces(doc, doc.tokens(), |t| (t.start, t.end)), tokens);
            // Sentences span their text; words point at their tokens.
            for s in doc.sentences() {
                assert_eq!(doc.tokens()[s.tokens.start].start, s.start);
                assert_eq!(doc.tokens()[s.tokens.end - 1].end, s.end);
                assert_eq!(s.text_source, TextSource::Comment);
            }
            for (k, t) in doc.tokens().iter().enumerate() {
                for w in &doc.words()[t.words.clone()] {
                    assert_eq!(w.token, k);
                    assert!(t.start <= w.start && w.end <= t.end);
                }
            }
        }
    }

    #[test]
    fn word_spans_and_columns() {
        let docs = parse_conllu(&conllu(&[("", S2)]), MWT).unwrap();
        let doc = &docs[0];
        let words = surfaces(doc, doc.words(), |w| (w.start, w.end));
        assert_eq!(words, ["قال", "ل", "ه", ":", "نعم", "."]);
        let forms: Vec<&str> = doc.words().iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["قال", "ل", "ه", ":", "نعم", "."]);
        assert!(!doc.words()[1].space_after());
        assert!(doc.words()[3].space_after());
        assert_eq!(doc.words()[0].upos, "X");
        assert_eq!(doc.words()[0].line, 3);
        assert_eq!(doc.sentences()[0].id.as_deref(), Some("s1"));
        assert_eq!(doc.sentences()[0].line, 3);
    }

    #[test]
    fn comment_text_and_fallbacks() {
        let row = |id: usize, form: &str, misc: &str| {
            format!("{id}\t{form}\t_\tX\t_\t_\t0\tdep\t_\t{misc}\n")
        };
        // `# text` with other spacing than SpaceAfter says: the comment wins.
        let spaced = format!(
            "# text =  a  b-c \n{}{}{}",
            row(1, "a", "_"),
            row(2, "b", "SpaceAfter=No"),
            row(3, "-c", "_")
        );
        // `# text` spelling other characters: rebuilt from the forms.
        let wrong = format!("# text = ab\n{}{}", row(1, "a", "_"), row(2, "c", "_"));
        // No `# text`, an empty node and a stray blank line before the words.
        let bare = format!(
            "# newdoc id = x\n\n{}1.1\tz\t_\t_\t_\t_\t_\t_\t_\t_\n{}",
            row(1, "a", "SpaceAfter=No"),
            row(2, "b", "_")
        );
        let cases: &[(&str, &str, TextSource, usize)] = &[
            (&spaced, "a  b-c", TextSource::Comment, 3),
            (&wrong, "a c", TextSource::FormsCommentMismatch, 2),
            (&bare, "ab", TextSource::FormsNoComment, 1),
        ];
        for (input, text, source, ntokens) in cases {
            let docs = parse_conllu(input, MWT).unwrap();
            assert_eq!(docs.len(), 1);
            assert_eq!(docs[0].text(), *text);
            assert_eq!(docs[0].sentences()[0].text_source, *source);
            assert_eq!(docs[0].tokens().len(), *ntokens, "{input}");
        }
        assert_eq!(parse_conllu(&bare, MWT).unwrap()[0].id(), Some("x"));
    }

    #[test]
    fn newdoc_handling() {
        let sents = [("a", "x ."), ("a", "y ."), ("b", "z ."), ("a", "w .")];
        let cases: &[(ConlluOptions, &[&str])] = &[
            (PLAIN, &["x .", "y .", "z .", "w ."]),
            (ConlluOptions::PUD, &["x . y .", "z .", "w ."]),
        ];
        for (options, texts) in cases {
            let docs = parse_conllu(&conllu(&sents), *options).unwrap();
            let got: Vec<&str> = docs.iter().map(GoldDocument::text).collect();
            assert_eq!(&got, texts);
        }
        // Without any newdoc everything is one document.
        let docs = parse_conllu(&conllu(&[("", "x ."), ("", "y .")]), PLAIN).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id(), None);
        assert_eq!(docs[0].sentences().len(), 2);
    }

    #[test]
    fn parse_errors_name_the_line() {
        let ok = "1\ta\t_\tX\t_\t_\t0\tdep\t_\t_\n";
        let cases: &[(String, usize, &str)] = &[
            (format!("{ok}2\tb\t_\tX\n"), 2, "10 tab-separated columns"),
            (
                format!("{ok}3\tb\t_\tX\t_\t_\t0\tdep\t_\t_\n"),
                2,
                "out of order",
            ),
            (
                format!("# c\n{ok}x\tb\t_\tX\t_\t_\t0\tdep\t_\t_\n"),
                3,
                "malformed word id",
            ),
            (
                format!("{ok}2\t \t_\tX\t_\t_\t0\tdep\t_\t_\n"),
                2,
                "no visible character",
            ),
            (
                format!("1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n{ok}\n"),
                1,
                "goes past",
            ),
            (
                format!("{ok}3-4\tab\t_\t_\t_\t_\t_\t_\t_\t_\n"),
                2,
                "should start at",
            ),
            (
                format!("{ok}2-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n"),
                2,
                "two or more",
            ),
            (
                format!("{ok}2-x\tab\t_\t_\t_\t_\t_\t_\t_\t_\n"),
                2,
                "malformed multiword",
            ),
            (
                format!("{ok}1.x\tab\t_\t_\t_\t_\t_\t_\t_\t_\n"),
                2,
                "empty node",
            ),
            (format!("{ok}# text = late\n"), 2, "comment line inside"),
            (
                "1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n\n".to_string(),
                1,
                "without words",
            ),
        ];
        for (input, line, what) in cases {
            match parse_conllu(input, PLAIN) {
                Err(EvalError::Parse { line: l, message }) => {
                    assert_eq!(l, *line, "{input:?}: {message}");
                    assert!(message.contains(what), "{input:?}: {message}");
                }
                other => panic!("{input:?}: expected a parse error, got {other:?}"),
            }
        }
    }

    type Counts = (usize, usize, usize);

    fn counts(p: &Prf) -> Counts {
        (p.correct, p.gold, p.system)
    }

    #[test]
    fn score_table() {
        // (name, options, gold sentences, system sentences, tokens, words, sentences)
        type Case = (
            &'static str,
            ConlluOptions,
            &'static [&'static str],
            &'static [&'static str],
            Counts,
            Counts,
            Counts,
        );
        let cases: &[Case] = &[
            (
                "perfect",
                MWT,
                &[S1, S2],
                &[
                    "ذهب الولد إلى المدرسة وكتب=و+كتب الدرس .",
                    "قال له=ل+ه : نعم .",
                ],
                (12, 12, 12),
                (14, 14, 14),
                (2, 2, 2),
            ),
            (
                "clitics not split: words lost, tokens kept",
                MWT,
                &[S1, S2],
                &["ذهب الولد إلى المدرسة وكتب الدرس .", "قال له : نعم ."],
                (12, 12, 12),
                (10, 14, 12),
                (2, 2, 2),
            ),
            (
                "clitics not split, without reconstruct_mwt: tokens lost too",
                PLAIN,
                &[S1, S2],
                &["ذهب الولد إلى المدرسة وكتب الدرس .", "قال له : نعم ."],
                (10, 14, 12),
                (10, 14, 12),
                (2, 2, 2),
            ),
            (
                "sentence split error lowers only sentences",
                MWT,
                &[S1, S2],
                &[
                    "ذهب الولد إلى المدرسة",
                    "وكتب=و+كتب الدرس .",
                    "قال له=ل+ه : نعم .",
                ],
                (12, 12, 12),
                (14, 14, 14),
                (1, 2, 3),
            ),
            (
                "sentences merged",
                MWT,
                &[S1, S2],
                &["ذهب الولد إلى المدرسة وكتب=و+كتب الدرس . قال له=ل+ه : نعم ."],
                (12, 12, 12),
                (14, 14, 14),
                (0, 2, 1),
            ),
            (
                "wrong split of a plain word",
                MWT,
                &[S1],
                &["ذهب الولد=ال+ولد إلى المدرسة وكتب=و+كتب الدرس ."],
                (7, 7, 7),
                (7, 8, 9),
                (1, 1, 1),
            ),
            (
                "wrong split inside a multiword token: LCS keeps the right words",
                MWT,
                &["a x~ y~ z b"],
                &["a xyz=x+yz b"],
                (3, 3, 3),
                (3, 5, 4),
                (1, 1, 1),
            ),
            (
                "forms compared lower-cased",
                PLAIN,
                &["Vamos Al=A+el mar"],
                &["Vamos Al=a+EL mar"],
                (3, 3, 3),
                (4, 4, 4),
                (1, 1, 1),
            ),
            (
                "normalised forms of split words still align",
                PLAIN,
                &["Vamos al=a+el mar"],
                &["Vamos al=a+l mar"],
                (3, 3, 3),
                (3, 4, 4),
                (1, 1, 1),
            ),
            (
                "token boundary errors",
                PLAIN,
                &["ab cd~ ef"],
                &["ab cdef"],
                (1, 3, 2),
                (1, 3, 2),
                (1, 1, 1),
            ),
        ];
        for (name, options, gold, sys, tokens, words, sentences) in cases {
            let gold: Vec<(&str, &str)> = gold.iter().map(|s| ("", *s)).collect();
            let docs = parse_conllu(&conllu(&gold), *options).unwrap();
            assert_eq!(docs.len(), 1, "{name}");
            let scores = score(&docs[0], &system(&docs[0], sys)).unwrap();
            assert_eq!(counts(&scores.tokens), *tokens, "{name}: tokens");
            assert_eq!(counts(&scores.words), *words, "{name}: words");
            assert_eq!(counts(&scores.sentences), *sentences, "{name}: sentences");
        }
    }

    #[test]
    fn gold_against_itself_is_perfect() {
        for options in [PLAIN, MWT, ConlluOptions::PUD] {
            let docs = parse_conllu(
                &conllu(&[("a", S1), ("a", S2), ("b", "x al=a+el~ b~ . y")]),
                options,
            )
            .unwrap();
            let systems: Vec<SystemOutput> =
                docs.iter().map(GoldDocument::to_system_output).collect();
            let total = score_all(&docs, &systems).unwrap();
            for prf in [total.tokens, total.words, total.sentences] {
                assert_eq!(
                    (prf.precision, prf.recall, prf.f1),
                    (100.0, 100.0, 100.0),
                    "{options:?}"
                );
            }
            assert_eq!(total.sentences.gold, 3);
        }
    }

    #[test]
    fn micro_average_sums_counts() {
        let docs = parse_conllu(&conllu(&[("a", S1), ("b", S2)]), MWT).unwrap();
        let good = docs[0].to_system_output();
        let bad = system(&docs[1], &["قال له : نعم ."]);
        let total = score_all(&docs, &[good, bad]).unwrap();
        assert_eq!(counts(&total.words), (8 + 4, 8 + 6, 8 + 5));
        assert_eq!(
            score_all(&docs, &[]),
            Err(EvalError::LengthMismatch { gold: 2, system: 0 })
        );
    }

    #[test]
    fn text_mismatch_is_an_error() {
        let docs = parse_conllu(&conllu(&[("", "ab cd~ .")]), PLAIN).unwrap();
        let doc = &docs[0];
        assert_eq!(doc.text(), "ab cd.");
        let plain = |spans: &[(usize, usize)]| SystemOutput {
            tokens: spans.iter().map(|&(s, e)| SysToken::plain(s, e)).collect(),
            sentences: vec![(0, 6)],
        };
        let cases: &[(&str, SystemOutput, EvalError)] = &[
            (
                "a character left out",
                plain(&[(0, 2), (3, 4), (5, 6)]),
                EvalError::TextMismatch {
                    position: 4,
                    gold: "d.".into(),
                    system: ".".into(),
                },
            ),
            (
                "the end left out",
                plain(&[(0, 2), (3, 5)]),
                EvalError::TextMismatch {
                    position: 5,
                    gold: ".".into(),
                    system: "".into(),
                },
            ),
            (
                "overlapping tokens",
                plain(&[(0, 2), (1, 5), (5, 6)]),
                EvalError::TextMismatch {
                    position: 3,
                    gold: "cd.".into(),
                    system: "bcd.".into(),
                },
            ),
            (
                "token past the end",
                plain(&[(0, 2), (3, 7)]),
                EvalError::BadSpan {
                    what: "token",
                    start: 3,
                    end: 7,
                    len: 6,
                },
            ),
            (
                "reversed sentence",
                SystemOutput {
                    tokens: plain(&[(0, 2), (3, 5), (5, 6)]).tokens,
                    sentences: vec![(4, 2)],
                },
                EvalError::BadSpan {
                    what: "sentence",
                    start: 4,
                    end: 2,
                    len: 6,
                },
            ),
        ];
        for (name, sys, err) in cases {
            assert_eq!(score(doc, sys).as_ref(), Err(err), "{name}");
        }
        // Whitespace is free: tokens may include it, sentences may not be sorted.
        let loose = SystemOutput {
            tokens: vec![
                SysToken::plain(0, 3),
                SysToken::plain(3, 5),
                SysToken::plain(5, 6),
            ],
            sentences: vec![(3, 6), (0, 3)],
        };
        let scores = score(doc, &loose).unwrap();
        assert_eq!(counts(&scores.tokens), (3, 3, 3));
        assert_eq!(counts(&scores.sentences), (0, 1, 2));
    }

    #[test]
    fn whitespace_only_system_items_are_ignored() {
        let docs = parse_conllu(&conllu(&[("", "ab cd")]), PLAIN).unwrap();
        let mut sys = docs[0].to_system_output();
        sys.tokens.insert(
            1,
            SysToken {
                start: 2,
                end: 3,
                words: vec![SysWord::default(), SysWord::default()],
            },
        );
        sys.sentences.push((2, 3));
        let scores = score(&docs[0], &sys).unwrap();
        assert_eq!(counts(&scores.tokens), (2, 2, 2));
        assert_eq!(counts(&scores.words), (2, 2, 2));
        assert_eq!(counts(&scores.sentences), (1, 1, 1));
    }
}
