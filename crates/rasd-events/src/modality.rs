//! Modality of a trigger: asserted, intended, negated or hypothetical,
//! from the cues of `data/events/cues.tsv` scoped to the trigger's clause.
//!
//! A sentence is cut into clauses at punctuation (، ؛ . : ؟ ! « »), at a
//! conjunction و / ف on a verb (a new verbal clause), at subordinators
//! (حيث، بينما، عندما، لكن، لأن…), at relative pronouns (الذي، التي…) and
//! at complementizers (أن، إن، أنه). A complementizer is a *soft* boundary:
//! the future and negation cues of the governing clause reach into it
//! (من المقرر أن تعقد القمة, لا تعتزم الحكومة أن ترفع); after a reporting verb
//! (قال إن، أكد أن) it is a hard boundary, so the reporter's negation does
//! not leak into the quote.
//!
//! | kind | scope | effect |
//! |---|---|---|
//! | future (سـ، سوف، من المقرر أن، يعتزم…) | the trigger's clause, through soft boundaries, cue before the trigger | intended |
//! | time (غدا، قريبا، الأسبوع المقبل…) | the trigger's clause, on an imperfect verb | intended |
//! | negation (لم، لن، لا، ما، ليس، دون…) | the rest of the clause (دون، عدم: the next words) | negated |
//! | denial (نفى، كذب، أنكر…) | the rest of the sentence | negated |
//! | conditional (إذا، لو، في حال، إن + perfect…) | the rest of the sentence, and a future main clause just before | hypothetical |
//! | possibility (قد + imperfect, ربما، يمكن أن…) | the next two words | hypothetical |
//! | report (قال، أكد، أعلن…) | returned to the coder (the speaker and the quote) | — |
//!
//! When several apply, hypothetical wins over negated, negated over
//! intended.
//!
//! ```
//! use rasd_events::modality::{Modality, ModalityTagger};
//! use rasd_text::TextAnalyzer;
//!
//! let text = "لم يلتق الرئيس نظيره، لكنه سيزور موسكو.";
//! let a = TextAnalyzer::new().analyze(text);
//! let m = ModalityTagger::builtin().sentence(text, &a, 0);
//! assert_eq!(m.modality(1), Modality::Negated);   // يلتق
//! assert_eq!(m.modality(6), Modality::Intended);  // سيزور
//! ```

use std::ops::Range;
use std::sync::LazyLock;

use rasd_text::{Analysis, TextAnalyzer};

use crate::keys::{Keys, AL, BI, ENCLITIC, FA, LI, SA, WA};
use crate::lexicon::{phrase, tsv_rows, FxMap, Lexicon, Word};
use crate::morph::Aspect;

/// The status of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Modality {
    /// It happened (or is happening).
    Asserted,
    /// Planned, expected, promised: not yet happened.
    Intended,
    /// It did not happen.
    Negated,
    /// Conditional or counterfactual.
    Hypothetical,
}

impl Modality {
    /// The name used in the JSON output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Intended => "intended",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
        }
    }
}

/// The kind of a cue (`kind` column of cues.tsv).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    /// Future, plan, schedule.
    Future,
    /// Negation.
    Negation,
    /// Condition.
    Conditional,
    /// Reporting verb or attribution.
    Report,
    /// Denial.
    Denial,
}

/// One word of a cue: a verb lemma (any inflection) or a literal word.
#[derive(Clone, Debug, PartialEq, Eq)]
enum CueWord {
    Lemma(u32),
    Word(Word),
}

/// A cue of cues.tsv.
#[derive(Clone, Debug)]
struct Cue {
    kind: CueKind,
    sentence_scope: bool,
    words: Vec<CueWord>,
    /// The first word's key (special rules key on it).
    head: String,
}

/// A cue found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CueMatch {
    /// Its kind.
    pub kind: CueKind,
    /// Its tokens.
    pub tokens: Range<usize>,
    /// True when the cue governs the rest of the sentence.
    pub sentence_scope: bool,
    /// True for a time adverb (غدا، قريبا…): future only on an imperfect verb.
    pub time: bool,
    /// True for a denial written after its content (غير صحيح، عار عن الصحة).
    pub post: bool,
    /// True for a negation of the next words only (دون، بدون، عدم), or a
    /// possibility (قد، ربما، يمكن أن) of the next words only.
    pub narrow: bool,
}

/// The cue tables, indexed by the key of the first word and by verb lemma.
#[derive(Debug, Default)]
pub struct ModalityTagger {
    cues: Vec<Cue>,
    by_key: FxMap<String, Vec<u32>>,
    by_lemma: FxMap<u32, Vec<u32>>,
}

static CUES_TSV: &str = include_str!("../../../data/events/cues.tsv");

/// Cue words that are verbs in the lexicon but are not used as verbs here.
const NOT_VERBS: &[&str] = &[
    "حسب",
    "بحسب",
    "حسبما",
    "وفق",
    "وفقا",
    "طبقا",
    "استنادا",
    "نقلا",
    "على",
    "في",
    "عار",
    "عارية",
    "غير",
    "شائعات",
    "لا",
    "ما",
    "لم",
    "لن",
    "لما",
    "دون",
    "بدون",
    "عدم",
    "ليس",
    "إذا",
    "إن",
    "لو",
    "لولا",
    "حال",
    "متى",
    "شريطة",
    "بشرط",
    "من",
    "سوف",
    "بصدد",
    "قريبا",
    "لاحقا",
    "غدا",
    "خلال",
    "الأسبوع",
    "أورد",
    "قد",
    "ربما",
    "يمكن",
    "لعل",
];

/// Future cues that are time adverbs.
fn is_time_cue(head: &str) -> bool {
    matches!(
        head,
        "قريبا" | "لاحقا" | "غدا" | "اسبوع" | "خلال" | "شهر" | "عام"
    )
}

static TAGGER: LazyLock<ModalityTagger> = LazyLock::new(ModalityTagger::build);

/// Punctuation that ends a clause.
fn clause_punct(s: &str) -> bool {
    matches!(
        s,
        "،" | "," | "؛" | ";" | "." | ":" | "؟" | "?" | "!" | "(" | ")" | "…" | "-" | "–" | "—"
    )
}

/// Subordinators and coordinators that open a new clause.
fn subordinator(key: &str) -> bool {
    matches!(
        key,
        "حيث"
            | "بينما"
            | "عندما"
            | "بعدما"
            | "فيما"
            | "حين"
            | "حينما"
            | "لكن"
            | "لكنه"
            | "اذ"
            | "كي"
            | "لكي"
            | "ثم"
            | "بل"
            | "الا"
            | "قبلما"
            | "ريثما"
            | "كلما"
            | "طالما"
            | "لما"
    )
}

fn relative_pronoun(key: &str) -> bool {
    matches!(
        key,
        "الذي"
            | "التي"
            | "الذين"
            | "اللذين"
            | "اللذان"
            | "اللتين"
            | "اللتان"
            | "اللواتي"
            | "اللاتي"
            | "اللايي"
    )
}

/// Boundary before a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Boundary {
    None,
    Soft,
    Hard,
}

/// The clauses and cues of one sentence; answers modality questions for
/// its tokens.
#[derive(Debug, Clone)]
pub struct SentenceScopes {
    range: Range<usize>,
    /// Boundary before each token of the sentence (index t - range.start).
    bounds: Vec<Boundary>,
    /// The cues, in order.
    cues: Vec<CueMatch>,
    /// Tokens with the future prefix on a verb.
    sa_verbs: Vec<usize>,
    /// Aspect of each token read as a verb (None: not a verb).
    aspects: Vec<Option<Aspect>>,
    /// Exceptive particles (سوى، إلا): a negation they follow in the same
    /// clause restricts rather than denies (لم تقصف تركيا التنظيم سوى
    /// ثلاث مرات: she did strike, three times).
    exceptives: Vec<usize>,
}

impl ModalityTagger {
    /// The tagger over the built-in cue table.
    pub fn builtin() -> &'static ModalityTagger {
        &TAGGER
    }

    fn build() -> ModalityTagger {
        let lx = Lexicon::builtin();
        let analyzer = TextAnalyzer::new();
        let mut t = ModalityTagger::default();
        for (_, f) in tsv_rows(CUES_TSV) {
            if f.len() < 3 || f[0].contains("...") {
                continue;
            }
            let kind = match f[1] {
                "future" => CueKind::Future,
                "negation" => CueKind::Negation,
                "conditional" => CueKind::Conditional,
                "report" => CueKind::Report,
                "denial" => CueKind::Denial,
                _ => continue,
            };
            let mut raw: Vec<&str> = f[0].split_whitespace().collect();
            // A trailing bare preposition (وفقا ل، يستعد ل) is a flag on the
            // next word; the cue is matched without it.
            if raw.len() > 1 && matches!(raw[raw.len() - 1], "ل" | "ب") {
                raw.pop();
            }
            let mut words = Vec::new();
            for (i, w) in raw.iter().enumerate() {
                let lemma = (i == 0 && !NOT_VERBS.contains(w))
                    .then(|| {
                        lx.lemma(w).or_else(|| {
                            // An imperfect cue (يعتزم): find its lemma by form.
                            lx.verb_forms(&crate::keys::fold(w))
                                .iter()
                                .find(|(_, a)| *a == Aspect::Imperfect)
                                .map(|&(l, _)| l)
                        })
                    })
                    .flatten();
                match lemma {
                    Some(l) => words.push(CueWord::Lemma(l)),
                    None => words.extend(phrase(&analyzer, w).into_iter().map(CueWord::Word)),
                }
            }
            if words.is_empty() {
                continue;
            }
            let head = match &words[0] {
                CueWord::Word(w) => w.key.clone(),
                CueWord::Lemma(_) => String::new(),
            };
            let idx = t.cues.len() as u32;
            match &words[0] {
                CueWord::Lemma(l) => t.by_lemma.entry(*l).or_default().push(idx),
                CueWord::Word(w) => t.by_key.entry(w.key.clone()).or_default().push(idx),
            }
            t.cues.push(Cue {
                kind,
                sentence_scope: f[2] == "sentence",
                words,
                head,
            });
        }
        t
    }

    /// The scopes of sentence `s` of the analysis (keys computed here).
    pub fn sentence(&self, text: &str, a: &Analysis, s: usize) -> SentenceScopes {
        let k = Keys::new(text, a);
        let range = a
            .sentences()
            .get(s)
            .map(|s| s.tokens.clone())
            .unwrap_or(0..0);
        self.scopes(Lexicon::builtin(), &k, range)
    }

    /// The scopes of the tokens `range` (one sentence).
    pub fn scopes(&self, lx: &Lexicon, k: &Keys, range: Range<usize>) -> SentenceScopes {
        self.scopes_with(lx, k, range, None)
    }

    /// [`ModalityTagger::scopes`] with each token's verb readings already
    /// looked up (`forms[i]` for token `i` of the document).
    pub fn scopes_with(
        &self,
        lx: &Lexicon,
        k: &Keys,
        range: Range<usize>,
        forms: Option<&[&[(u32, Aspect)]]>,
    ) -> SentenceScopes {
        let n = range.len();
        let forms_of = |i: usize| -> &[(u32, Aspect)] {
            match forms {
                Some(f) => f.get(i).copied().unwrap_or(&[]),
                None => k.verb_forms(lx, i),
            }
        };
        let aspects: Vec<Option<Aspect>> = range
            .clone()
            .map(|i| aspect_of(forms_of(i), k, i))
            .collect();
        let asp = |i: usize| {
            if i >= range.start && i < range.end {
                aspects[i - range.start]
            } else {
                None
            }
        };
        // Cues.
        let mut cues: Vec<CueMatch> = Vec::new();
        let mut sa_verbs = Vec::new();
        let mut i = range.start;
        while i < range.end {
            if k.has(i, SA) && asp(i).is_some() {
                sa_verbs.push(i);
            }
            let mut best: Option<(usize, &Cue)> = None;
            let key = k.key(i);
            let by_key = self.by_key.get(key).into_iter().flatten();
            let by_lemma = forms_of(i)
                .iter()
                .filter(|_| k.flags(i) & (AL | BI | LI) == 0)
                .flat_map(|(l, _)| self.by_lemma.get(l).into_iter().flatten());
            for &c in by_key.chain(by_lemma) {
                let cue = &self.cues[c as usize];
                if let Some(end) = match_cue(lx, k, cue, i, range.end) {
                    if !matches!(best, Some((e, _)) if e >= end) {
                        best = Some((end, cue));
                    }
                }
            }
            if let Some((end, cue)) = best {
                let perfect = |j: usize| forms_of(j).iter().any(|(_, a)| *a == Aspect::Perfect);
                if let Some(m) = validate(k, cue, i, end, &range, &asp, &perfect) {
                    cues.push(m);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        let exceptives: Vec<usize> = range
            .clone()
            .filter(|&j| is_exceptive(k, j, range.end))
            .collect();
        // Boundaries.
        let mut bounds = vec![Boundary::None; n];
        let mut report_in_clause = false;
        for j in range.clone() {
            let hard = j == range.start
                || (k.is_punct(j - 1) && clause_punct(k.key(j - 1)))
                || (k.flags(j) & (WA | FA) != 0
                    && (asp(j).is_some() || matches!(k.key(j), "لم" | "لن" | "قد")))
                || (subordinator(k.key(j)) && !exceptives.contains(&j))
                || relative_pronoun(k.key(j));
            let b = if hard {
                Boundary::Hard
            } else if k.is(j, "ان") && !k.has(j, AL) {
                if k.has(j, LI) || report_in_clause {
                    Boundary::Hard
                } else {
                    Boundary::Soft
                }
            } else {
                Boundary::None
            };
            if b == Boundary::Hard {
                report_in_clause = false;
            }
            if cues
                .iter()
                .any(|c| c.kind == CueKind::Report && c.tokens.start == j)
            {
                report_in_clause = true;
            }
            bounds[j - range.start] = b;
        }
        SentenceScopes {
            range,
            bounds,
            cues,
            sa_verbs,
            aspects,
            exceptives,
        }
    }
}

/// سوى, or إلا that is not "however" (إلا أن، وإلا).
fn is_exceptive(k: &Keys, j: usize, end: usize) -> bool {
    if k.flags(j) & (WA | FA | AL | BI | LI) != 0 {
        return false;
    }
    match k.key(j) {
        "سوي" => true,
        "الا" => !(j + 1 < end && matches!(k.key(j + 1), "ان" | "انه" | "انها" | "انهم")),
        _ => false,
    }
}

/// The aspect of token `i` read as a verb: not with the article or a
/// proclitic preposition; a jussive only after لم / لما.
pub(crate) fn verb_aspect(lx: &Lexicon, k: &Keys, i: usize) -> Option<Aspect> {
    aspect_of(k.verb_forms(lx, i), k, i)
}

/// [`verb_aspect`] from the token's verb readings.
fn aspect_of(forms: &[(u32, Aspect)], k: &Keys, i: usize) -> Option<Aspect> {
    // Most tokens have no verb reading: the tests below only ever refuse.
    if forms.is_empty() || k.flags(i) & (AL | BI | LI) != 0 || !k.has(i, crate::keys::WORD) {
        return None;
    }
    // فجر / ظهر before a day are dawn and noon (فجر الاثنين), not verbs.
    if matches!(k.key(i), "فجر" | "ظهر")
        && i + 1 < k.len()
        && matches!(
            k.key(i + 1),
            "يوم"
                | "امس"
                | "اثنين"
                | "ثلاثاء"
                | "اربعاء"
                | "خميس"
                | "جمعه"
                | "سبت"
                | "احد"
        )
    {
        return None;
    }
    // The counted noun after a number word is no verb (ستة أشهر، ثلاثة أيام).
    if i >= 1 && k.flags(i) & (WA | FA) == 0 && k.in_class(i - 1, crate::words::Class::Number) {
        return None;
    }
    let after_lam = i >= 1 && matches!(k.key(i - 1), "لم" | "لما");
    let mut best = None;
    for &(_, a) in forms {
        match a {
            Aspect::Jussive if !after_lam => {}
            Aspect::Perfect | Aspect::Imperfect => return Some(a),
            _ => best = Some(a),
        }
    }
    best
}

/// The end of a match of `cue` at token `i`, if it matches.
fn match_cue(lx: &Lexicon, k: &Keys, cue: &Cue, i: usize, limit: usize) -> Option<usize> {
    let mut j = i;
    for w in &cue.words {
        if j >= limit {
            return None;
        }
        match w {
            CueWord::Lemma(l) => {
                if k.flags(j) & (AL | BI | LI) != 0
                    || !k.verb_forms(lx, j).iter().any(|(x, _)| x == l)
                {
                    return None;
                }
            }
            CueWord::Word(w) => {
                // The feminine of an adjective (غير صحيحة) matches too.
                let key = k.key(j);
                let same = key == w.key
                    || (key.len() == w.key.len() + 2
                        && key.starts_with(&w.key)
                        && key.ends_with('ه'));
                if !same || k.flags(j) & w.flags != w.flags {
                    return None;
                }
            }
        }
        j += 1;
    }
    Some(j)
}

/// Checks the homographs of a matched cue (cues.tsv notes) and builds the match.
fn validate(
    k: &Keys,
    cue: &Cue,
    i: usize,
    end: usize,
    range: &Range<usize>,
    asp: &dyn Fn(usize) -> Option<Aspect>,
    perfect: &dyn Fn(usize) -> bool,
) -> Option<CueMatch> {
    let head = cue.head.as_str();
    let one = cue.words.len() == 1;
    let clause_start = i == range.start
        || (k.is_punct(i - 1) && clause_punct(k.key(i - 1)))
        || k.flags(i) & (WA | FA) != 0;
    let ok = match (cue.kind, head) {
        // لا يزال، لا سيما، لا بد، لا شك: not negations.
        (CueKind::Negation, "لا") if one => !matches!(
            k.key(end),
            "يزال" | "تزال" | "يزالون" | "نزال" | "سيما" | "بد" | "شك" | "سيّما" | "ريب"
        ),
        // ما: only directly before a perfect verb, not ما زال / ما دام / ما لم.
        (CueKind::Negation, "ما") if one => {
            let next = k.key(end);
            asp(end) == Some(Aspect::Perfect)
                && !(next.starts_with("زال") || next.starts_with("دام") || next == "لم")
        }
        // لمّا + perfect is "when".
        (CueKind::Negation, "لما") => asp(end) != Some(Aspect::Perfect),
        (CueKind::Negation, "غير") => false,
        // إنْ conditional: at the head of a clause, before a perfect verb.
        (CueKind::Conditional, "ان") if one => {
            clause_start
                && k.flags(i) & (BI | LI | ENCLITIC) == 0
                && (asp(end) == Some(Aspect::Perfect) || matches!(k.key(end), "لم" | "كان"))
        }
        (CueKind::Conditional, "حال") if one => asp(end).is_some(),
        (CueKind::Conditional, "متي") => clause_start && asp(end).is_some(),
        // قد + imperfect is "may"; قد + perfect is "already" (an assertion),
        // and so is a form that reads both ways (تحقق). كان قد is a
        // pluperfect.
        (CueKind::Conditional, "قد") => {
            let verb = if k.is(end, "لا") { end + 1 } else { end };
            let after_kana = i > range.start && is_kana(k.key(i - 1));
            !after_kana
                && verb < range.end
                && asp(verb) == Some(Aspect::Imperfect)
                && !perfect(verb)
        }
        // يتجه إلى is literal travel as often as not.
        (CueKind::Future, "يتجه") => false,
        (CueKind::Denial, "شايعات") => false,
        _ => true,
    };
    if !ok {
        return None;
    }
    let post = cue.kind == CueKind::Denial && matches!(head, "عار" | "عاريه" | "غير" | "لا");
    Some(CueMatch {
        kind: cue.kind,
        tokens: i..end,
        sentence_scope: cue.sentence_scope,
        time: cue.kind == CueKind::Future && is_time_cue(head),
        post,
        narrow: (cue.kind == CueKind::Negation && one && matches!(head, "دون" | "عدم"))
            || (cue.kind == CueKind::Conditional && is_possibility(head)),
    })
}

/// The heads of the possibility cues (قد، ربما، يمكن أن، لعل; من for من
/// الممكن أن and من المحتمل أن, the only conditional cues it heads): they
/// make only the next words hypothetical, not the rest of the clause.
fn is_possibility(head: &str) -> bool {
    matches!(head, "قد" | "ربما" | "يمكن" | "لعل" | "من")
}

/// A form of كان (كان قد وصل: a pluperfect; مسؤول كان أسره المتمردون).
pub(crate) fn is_kana(key: &str) -> bool {
    matches!(
        key,
        "كان"
            | "كانت"
            | "كانوا"
            | "كانا"
            | "كانتا"
            | "يكون"
            | "تكون"
            | "يكونون"
            | "كنت"
            | "كنا"
    )
}

impl SentenceScopes {
    fn b(&self, j: usize) -> Boundary {
        self.bounds[j - self.range.start]
    }

    /// The tokens of the sentence.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    /// The clause of token `t`: between the boundaries (hard or soft)
    /// around it.
    pub fn clause(&self, t: usize) -> Range<usize> {
        let mut s = t;
        while s > self.range.start && self.b(s) == Boundary::None {
            s -= 1;
        }
        let mut e = t + 1;
        while e < self.range.end && self.b(e) == Boundary::None {
            e += 1;
        }
        s..e
    }

    /// The clause of `t` extended back over soft boundaries (the governing
    /// clause of a complement).
    pub fn window(&self, t: usize) -> Range<usize> {
        let mut s = t;
        while s > self.range.start && self.b(s) != Boundary::Hard {
            s -= 1;
        }
        s..self.clause(t).end
    }

    /// True when a hard boundary lies in `(a, b]`.
    pub fn hard_between(&self, a: usize, b: usize) -> bool {
        (a + 1..=b).any(|j| j < self.range.end && self.b(j) == Boundary::Hard)
    }

    /// The cues of the sentence, in order.
    pub fn cues(&self) -> &[CueMatch] {
        &self.cues
    }

    /// The reporting cues of the sentence.
    pub fn reports(&self) -> impl Iterator<Item = &CueMatch> {
        self.cues.iter().filter(|c| c.kind == CueKind::Report)
    }

    /// The aspect of token `t` read as a verb.
    pub fn aspect(&self, t: usize) -> Option<Aspect> {
        if t >= self.range.start && t < self.range.end {
            self.aspects[t - self.range.start]
        } else {
            None
        }
    }

    /// The modality of a trigger at token `t`.
    pub fn modality(&self, t: usize) -> Modality {
        if self.hypothetical(t) {
            Modality::Hypothetical
        } else if self.negated(t) {
            Modality::Negated
        } else if self.intended(t) {
            Modality::Intended
        } else {
            Modality::Asserted
        }
    }

    fn hypothetical(&self, t: usize) -> bool {
        self.cues
            .iter()
            .filter(|c| c.kind == CueKind::Conditional)
            .any(|c| {
                if c.narrow {
                    return c.tokens.end <= t && t < c.tokens.end + 2;
                }
                if c.tokens.start < t && c.tokens.end <= t + 1 {
                    if c.sentence_scope {
                        return true;
                    }
                    // شريطة أن: only the condition's clause.
                    return !self.hard_between(c.tokens.end, t);
                }
                // A future or negated main clause just before the condition
                // (سترد الحركة إذا هوجمت).
                c.sentence_scope
                    && c.tokens.start > t
                    && !self.hard_between(t, c.tokens.start.saturating_sub(1).max(t))
                    && (self.intended(t) || self.negated(t))
            })
    }

    fn negated(&self, t: usize) -> bool {
        let window = self.window(t);
        self.cues.iter().any(|c| match c.kind {
            CueKind::Negation => {
                if c.narrow {
                    c.tokens.end <= t && t < c.tokens.end + 2
                } else {
                    window.start <= c.tokens.start && c.tokens.end <= t && !self.restricted(t)
                }
            }
            CueKind::Denial if c.post => {
                // "… عن اعتقال الصحفي غير صحيح": the content before it, after
                // the last reporting cue.
                let last_report = self
                    .cues
                    .iter()
                    .filter(|r| r.kind == CueKind::Report && r.tokens.end <= c.tokens.start)
                    .map(|r| r.tokens.end)
                    .max()
                    .unwrap_or(self.range.start);
                last_report <= t && t < c.tokens.start
            }
            CueKind::Denial => c.tokens.end <= t,
            _ => false,
        })
    }

    /// An exceptive after `t` in its clause (لم يلتق إلا الرئيس).
    fn restricted(&self, t: usize) -> bool {
        let end = self.clause(t).end;
        self.exceptives.iter().any(|&e| t < e && e < end)
    }

    fn intended(&self, t: usize) -> bool {
        if self.sa_verbs.contains(&t) {
            return true;
        }
        let window = self.window(t);
        let clause = self.clause(t);
        let imperfect = self.aspect(t) == Some(Aspect::Imperfect);
        let cue = self.cues.iter().any(|c| {
            c.kind == CueKind::Future
                && if c.time {
                    imperfect && clause.start <= c.tokens.start && c.tokens.end <= clause.end
                } else {
                    window.start <= c.tokens.start && c.tokens.end <= t
                }
        });
        // A future verb governing a noun trigger of its clause (ستجري مباحثات).
        cue || (self.aspect(t).is_none()
            && self.sa_verbs.iter().any(|&v| clause.start <= v && v < t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Modality::*;

    /// (sentence, trigger as written, expected modality)
    fn check(cases: &[(&str, &str, Modality)]) {
        let analyzer = TextAnalyzer::new();
        let tagger = ModalityTagger::builtin();
        for &(text, trigger, want) in cases {
            let a = analyzer.analyze(text);
            let t = a
                .tokens()
                .iter()
                .position(|t| t.span.slice(text) == trigger)
                .unwrap_or_else(|| panic!("no token {trigger} in {text}"));
            let s = a
                .sentences()
                .iter()
                .position(|s| s.tokens.contains(&t))
                .unwrap();
            let m = tagger.sentence(text, &a, s);
            assert_eq!(
                m.modality(t),
                want,
                "{trigger} in {text}; cues {:?}",
                m.cues()
            );
        }
    }

    #[test]
    fn asserted() {
        check(&[
            ("زار الرئيس موسكو أمس", "زار", Asserted),
            ("التقى الوزير نظيره الروسي في القاهرة", "التقى", Asserted),
            (
                "قال المتحدث إن الطائرات قصفت مواقع المسلحين",
                "قصفت",
                Asserted,
            ),
            ("لا يزال الجيش يقصف المدينة", "يقصف", Asserted),
            ("ما زالت القوات تحاصر البلدة", "تحاصر", Asserted),
            ("أعلنت الوزارة أن الوفد وصل", "وصل", Asserted),
            ("وصل الوفد دون إعلان مسبق، والتقى الرئيس", "والتقى", Asserted),
            ("إن الوفد التقى الرئيس", "التقى", Asserted),
            // Exceptives restrict rather than deny.
            ("لم تقصف الطائرات البلدة سوى مرتين", "تقصف", Asserted),
            ("لم يلتق الوزير إلا رئيس الحكومة", "يلتق", Asserted),
        ]);
    }

    #[test]
    fn intended() {
        check(&[
            ("سيزور الرئيس الصين الشهر المقبل", "سيزور", Intended),
            ("سوف يزور الرئيس الصين الشهر المقبل", "يزور", Intended),
            ("من المقرر أن تعقد القمة في الرياض", "تعقد", Intended),
            ("من المقرر عقد الاجتماع يوم الخميس", "عقد", Intended),
            ("من المنتظر أن يصل الوفد مساء اليوم", "يصل", Intended),
            (
                "من المتوقع أن يوقع الطرفان الاتفاق الأسبوع المقبل",
                "يوقع",
                Intended,
            ),
            ("يعتزم الوزير زيارة بغداد", "زيارة", Intended),
            ("تعتزم الحكومة زيارة بغداد", "زيارة", Intended),
            ("تنوي الحكومة رفع الدعم عن الوقود", "رفع", Intended),
            ("يستعد الجيش لشن هجوم على المدينة", "هجوم", Intended),
            ("يصل المبعوث غدا إلى الخرطوم", "يصل", Intended),
            ("يبدأ الوفد محادثاته الأسبوع المقبل", "يبدأ", Intended),
            ("ستجري الحكومة مباحثات مع المعارضة", "مباحثات", Intended),
            ("قال الوزير إنه سيلتقي نظيره", "سيلتقي", Intended),
        ]);
    }

    #[test]
    fn negated() {
        check(&[
            ("لم يلتق الرئيس نظيره خلال الزيارة", "يلتق", Negated),
            ("لن تشارك المعارضة في الانتخابات", "تشارك", Negated),
            ("لا تعتزم الحكومة رفع الأسعار", "رفع", Negated),
            ("ما زار وزير خارجية البلاد العاصمة منذ عقد", "زار", Negated),
            ("ليس لدى الحكومة نية للتفاوض", "للتفاوض", Negated),
            ("لم يتم التوقيع على الاتفاق حتى الآن", "التوقيع", Negated),
            ("غادر الوفد دون أن يلتقي الرئيس", "يلتقي", Negated),
            ("انتهى الاجتماع دون اتفاق", "اتفاق", Negated),
            // إلا أن is "however"; an exceptive in a later clause is not ours.
            ("لم يلتق الوزير نظيره إلا أن الزيارة مستمرة", "يلتق", Negated),
            ("لم يزر الوزير العاصمة، ولم يبق إلا يوما", "يزر", Negated),
            (
                "أعلنت الحركة عدم مشاركتها في المحادثات",
                "مشاركتها",
                Negated,
            ),
            ("نفى الجيش أن تكون قواته قصفت المستشفى", "قصفت", Negated),
            ("ونفت الوزارة اعتقال الصحفي", "اعتقال", Negated),
            (
                "قال المتحدث إن الأنباء عن اعتقال الصحفي غير صحيحة",
                "اعتقال",
                Negated,
            ),
            ("لم يقل الوزير إن الجيش قصف المدينة", "قصف", Asserted),
        ]);
    }

    #[test]
    fn hypothetical() {
        check(&[
            (
                "إذا هاجمت القوات المدينة فسترد الحركة بقوة",
                "هاجمت",
                Hypothetical,
            ),
            (
                "إذا هاجمت القوات المدينة فسترد الحركة بقوة",
                "فسترد",
                Hypothetical,
            ),
            ("لو وافقت الحكومة لانتهت الأزمة", "وافقت", Hypothetical),
            (
                "في حال فشل المفاوضات ستلجأ الدولة إلى التحكيم",
                "ستلجأ",
                Hypothetical,
            ),
            (
                "إن استمر القصف فلن نشارك في المفاوضات",
                "القصف",
                Hypothetical,
            ),
            ("سترد الحركة إذا هاجمت القوات المدينة", "سترد", Hypothetical),
            ("لن تنسحب القوات ما لم يتم نزع السلاح", "نزع", Hypothetical),
            (
                "وافقت الحركة على الهدنة شريطة أن يرفع الحصار",
                "وافقت",
                Asserted,
            ),
            (
                "وافقت الحركة على الهدنة شريطة أن يرفع الحصار",
                "يرفع",
                Hypothetical,
            ),
            // Possibility: قد + imperfect, ربما, يمكن أن.
            ("قد يفرض الجيش حظرا على المعبر", "يفرض", Hypothetical),
            ("قد لا يحضر الوزير اجتماع الغد", "يحضر", Hypothetical),
            ("ربما يلتقي الوزيران في جنيف", "يلتقي", Hypothetical),
            ("يمكن أن تنسحب القوات من البلدة", "تنسحب", Hypothetical),
            ("من المحتمل أن يزور الرئيس أنقرة", "يزور", Hypothetical),
            // قد + perfect is "already": asserted; the clause ends the scope.
            ("قد وصل الوفد إلى العاصمة", "وصل", Asserted),
            (
                "قد يسافر الوزير، لكن الحكومة استقبلت الوفد",
                "استقبلت",
                Asserted,
            ),
            ("كان الجنود قد تلقوا تدريبا في الأردن", "تدريبا", Asserted),
            // Only the next words: the rest of the clause is asserted.
            ("قد يتأخر الرد بسبب الهجوم على المعسكر", "الهجوم", Asserted),
        ]);
    }

    #[test]
    fn reports_and_clauses() {
        let text = "قال المتحدث إن الطائرات قصفت مواقع المسلحين، وأضاف أن الجيش تقدم.";
        let a = TextAnalyzer::new().analyze(text);
        let m = ModalityTagger::builtin().sentence(text, &a, 0);
        let reports: Vec<usize> = m.reports().map(|c| c.tokens.start).collect();
        assert_eq!(reports.len(), 2, "{:?}", m.cues());
        // The quote is its own clause.
        let t = a
            .tokens()
            .iter()
            .position(|t| t.span.slice(text) == "قصفت")
            .unwrap();
        assert_eq!(m.clause(t).start, 2);
        assert!(m.hard_between(0, t));
    }
}
