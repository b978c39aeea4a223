//! The event coder: triggers, argument roles, modality, date and place.
//!
//! For each sentence, every token is looked up once in the lexicon (verb
//! forms and noun rows, see [`crate::lexicon`]). A verb trigger picks its
//! row by the complement (`obj`), the `[requires:]` and `[subject:]` tags,
//! and finds its arguments in its clause:
//!
//! * **VSO / SVO**: the subject is the nearest entity mention after a
//!   verb-initial clause, or the nearest one before the verb in the same
//!   clause (الرئيس زار موسكو). A lone place after a verb whose target is
//!   the direct object is the object, and the subject is the last actor of
//!   the discourse (وزار موسكو).
//! * **Targets** by the row's `prep` column: the direct object, or the
//!   mention after مع، إلى، على، ضد، بـ، لـ… (titles before a name belong to
//!   its noun phrase: بوزير الخارجية الروسي سيرغي لافروف).
//! * **Passives** (a vocalized damma, a passive-only form, تم + verbal
//!   noun): the subject is the target, the source comes from من قبل / على يد.
//! * **Nominal triggers**: with a support verb (قام بزيارة، شن غارات، أجرى
//!   مباحثات) the support verb's subject is the source; without one, the
//!   genitive (زيارة X، زيارته) and the preposition columns
//!   (زيارة X إلى Y، لقاء X مع Y، استقبال X لـ Y، اتصال بين X و Y).
//! * **Circumstantial participles** (… ، داعيا طهران إلى; مؤكداً أن; منددةً
//!   ب…), after a comma or marked by tanwin (with or without the alif):
//!   the subject is the main clause's, the phrase after it the object.
//! * **Anaphoric bodies**: a definite head noun alone (الحركة، التنظيم،
//!   الجماعة، الحزب، الحكومة، الوزارة) names the last body before it whose
//!   mention starts with that noun (armed groups: else the last one of
//!   that kind).
//! * **Coordination**: X و Y gives one event each.
//! * **Reported speech**: قال X إن … is a statement (01x) of X only when
//!   no other event is coded in the quote; the reported event keeps its own
//!   actors.
//! * **Visits**: 042 from the visitor to the host country; 043 from the
//!   host to the visitor for استقبل. A place target codes as its country.
//! * **Modality** from [`crate::modality`]; an intended meeting or visit
//!   becomes 036, and the other intent codes of the lexicon's table apply.
//! * **Date**: the nearest date expression of the clause, else of the
//!   sentence, else of the paragraph so far, else the publication date.
//! * **Place**: في / إلى / من + a place in the clause, else the dateline,
//!   else the capital of a visited country.

use std::ops::Range;

use rasd_ner::entities::{Entity, EntityType};
use rasd_text::{Analysis, Span};

use crate::gazetteer::Gazetteer;
use crate::keys::{Keys, AL, BI, ENCLITIC, FA, KA, LI, SA, WA};
use crate::lexicon::{CodeInfo, FxMap, FxSet, Lexicon, NounRow, Obj, Phrase, Slot, VerbRow, Word};
use crate::modality::{verb_aspect, Modality, ModalityTagger, SentenceScopes};
use crate::morph::Aspect;
use crate::temporal::{resolve_with_keys, Date, DateMention};
use crate::words::{Class, Words};

/// An actor taking part in an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    /// The entity's id (`e1`…), when the actor is a recognized entity.
    pub entity: Option<String>,
    /// Index of the entity in the slice given to the coder.
    pub entity_index: Option<usize>,
    /// CAMEO actor code (a place codes as its country).
    pub actor: Option<String>,
    /// The noun phrase as written (titles included).
    pub text: String,
    /// Byte span of that phrase.
    pub span: Span,
}

/// Where an event happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    /// The place as written (or the capital's Arabic name).
    pub text: String,
    /// English name.
    pub latin: Option<String>,
    /// CAMEO country code.
    pub country: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
}

/// One coded event (the `events` items of DESIGN.md).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// CAMEO code with leading zeros.
    pub code: String,
    /// 2-digit root.
    pub root: String,
    /// Quad class 1–4.
    pub quad_class: u8,
    /// Goldstein score.
    pub goldstein: f32,
    /// PLOVER event type.
    pub plover_event: Option<String>,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// The source actor.
    pub source: Option<Participant>,
    /// The target actor.
    pub target: Option<Participant>,
    /// Byte span of the trigger.
    pub trigger: Span,
    /// The trigger as written.
    pub trigger_text: String,
    /// Sentence index.
    pub sentence: usize,
    /// ISO date of the event, when known.
    pub date: Option<String>,
    /// The date phrase it came from (`None`: the publication date was used).
    pub date_text: Option<String>,
    /// Where it happened.
    pub location: Option<Location>,
    /// Asserted, intended, negated or hypothetical.
    pub modality: Modality,
    /// 0–1.
    pub confidence: f32,
}

/// What the coder is given besides the text and its analysis.
#[derive(Clone, Copy, Debug, Default)]
pub struct CodeOptions<'a> {
    /// Publication date (ISO).
    pub published: Option<&'a str>,
    /// A dateline given outside the text (a corpus' place field).
    pub dateline: Option<&'a str>,
    /// Keep events with only one actor (a source or a target). Off by
    /// default: on news, an event whose other side was not found is
    /// nearly always a misreading; claims and denials (015, 016) keep
    /// a single actor either way.
    pub single_actor: bool,
}

/// The event coder. Immutable and `Send + Sync`; build once, share.
#[derive(Debug, Clone, Copy)]
pub struct EventCoder {
    lx: &'static Lexicon,
    cues: &'static ModalityTagger,
    res: &'static Resources,
}

impl Default for EventCoder {
    fn default() -> Self {
        EventCoder::new()
    }
}

/// Tables the coder derives once from the lexicon.
#[derive(Debug, Default)]
struct Resources {
    /// Lemma → noun rows it supports (with the preposition).
    support: FxMap<u32, Vec<(u32, Option<Phrase>)>>,
    /// Lemmas of تم / جرى (passive support).
    passive_support: Vec<u32>,
    /// Lemmas of inverse support verbs (تلقى، تعرض، نجا، تسلم، حصل…).
    inverse_support: Vec<u32>,
    /// Per lemma: a row of it codes harm (roots 18–20).
    harm: Vec<bool>,
}

static RESOURCES: std::sync::LazyLock<Resources> = std::sync::LazyLock::new(Resources::build);

impl Resources {
    fn build() -> Resources {
        let lx = Lexicon::builtin();
        let mut r = Resources::default();
        for (ri, row) in lx.nouns.iter().enumerate() {
            for (l, p) in &row.support {
                r.support
                    .entry(*l)
                    .or_default()
                    .push((ri as u32, p.clone()));
            }
        }
        r.passive_support = ["تم", "جرى"].iter().filter_map(|v| lx.lemma(v)).collect();
        r.inverse_support = ["تلقى", "تسلم", "حصل", "تعرض", "نجا", "واجه", "خضع", "لقي"]
            .iter()
            .filter_map(|v| lx.lemma(v))
            .collect();
        r.harm = lx
            .lemmas
            .iter()
            .map(|lemma| {
                lemma.rows.iter().any(|&r| {
                    matches!(
                        lx.codes[lx.verbs[r as usize].code as usize].root.as_str(),
                        "18" | "19" | "20"
                    )
                })
            })
            .collect();
        r
    }
}

/// How a noun phrase is introduced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Intro {
    /// Nothing: subject or direct object.
    Bare,
    /// A proclitic preposition on its first word (بـ لـ كـ).
    Clitic(u16),
    /// A preposition word (or two) before it: tokens `[a, b)`.
    Words(usize, usize),
}

/// A noun phrase naming an entity: titles + the mention.
#[derive(Clone, Debug)]
struct Np {
    start: usize,
    end: usize,
    entity: usize,
    intro: Intro,
    /// Coordinated with the previous phrase (X و Y).
    coord: bool,
}

/// A trigger candidate.
#[derive(Clone, Debug)]
enum Trigger {
    Verb {
        tok: usize,
        lemma: u32,
        aspect: Aspect,
    },
    Noun {
        tok: usize,
        end: usize,
        row: u32,
    },
}

/// An event under construction (roles as noun phrases).
#[derive(Clone, Debug)]
struct Draft {
    code: u16,
    source: Option<Arg>,
    target: Option<Arg>,
    trigger: Range<usize>,
    sentence: usize,
    modality: Modality,
    confidence: f32,
    /// The trigger is a reporting verb (its 01x statement yields to the quote).
    report: bool,
    /// Alternative code of the same row family chosen by the source (18x ↔ 19x).
    force_pair: Option<(u16, u16)>,
}

/// An argument: an entity phrase, or an actor from the discourse.
#[derive(Clone, Debug, PartialEq)]
enum Arg {
    Np {
        start: usize,
        end: usize,
        entity: usize,
    },
    Inferred(Box<Participant>),
}

/// Per-document state.
struct Doc<'a> {
    text: &'a str,
    a: &'a Analysis,
    k: Keys,
    /// The recognized entities.
    entities: &'a [Entity],
    /// The role nouns found by the coder (جنود، مدنيين، متظاهرين…),
    /// numbered after the entities; they have no entity id.
    extra: Vec<Entity>,
    /// For each role noun: its country was guessed from the document or
    /// the sentence, not read from its own phrase (a nisba, a place after
    /// في) or from the body it is paired with.
    guessed: Vec<bool>,
    /// Number of recognized entities (the first ones).
    n_real: usize,
    /// The verb readings of each token's key (one lookup per token).
    forms: Vec<&'static [(u32, Aspect)]>,
    /// True once an event of the current sentence has set the discourse actor.
    actor_in_sentence: std::cell::Cell<bool>,
    /// The speaker of the current sentence's reporting verb, once coded.
    speaker: std::cell::RefCell<Option<Participant>>,
    /// While a verb joined by و / ف is coded: the explicit subject of the
    /// nearest earlier verb of its sentence (وتعرض أبو مازن للقضية واتهم
    /// حماس: Abbas accuses).
    earlier_subject: std::cell::RefCell<Option<Participant>>,
    /// True while the roles of a verb trigger are read (not a noun's: a
    /// pronoun on a noun is its owner, not its object).
    at_verb: std::cell::Cell<bool>,
    /// Token → (entity, mention) for tokens inside a mention.
    mention_at: Vec<Option<(u32, u32)>>,
    dates: Vec<DateMention>,
    published: Option<Date>,
}

impl Doc<'_> {
    /// Whether token `t` is part of a date phrase (أمس، يوم الجمعة، 3 مايو).
    fn in_date(&self, t: usize) -> bool {
        self.dates.iter().any(|m| m.tokens.contains(&t))
    }

    /// Entity `i`: a recognized one, or a role noun after them.
    #[inline]
    fn ent(&self, i: usize) -> &Entity {
        match self.entities.get(i) {
            Some(e) => e,
            None => &self.extra[i - self.n_real],
        }
    }
}

/// Honorifics before a title or name (فخامة الرئيس، معالي الوزير، صاحب
/// السمو الملكي الأمير): part of the actor's phrase.
fn is_honorific(key: &str) -> bool {
    Words::get().is(key, Class::Honorific)
}

/// Places held by an actor, in construct before its name (على مواقع X،
/// قصف معاقل X): the phrase names X, introduced by the preposition before
/// the place noun.
fn is_site_noun(key: &str) -> bool {
    Words::get().is(key, Class::Site)
}

/// Place nouns in construct before a place name (في مدينة X، بريف X،
/// بمحافظة X): part of the place's phrase, introduced by the preposition
/// before the noun.
fn is_place_noun(key: &str) -> bool {
    Words::get().is(key, Class::Place)
}

/// Participle forms that news uses as adverbs (مجددا "again", مستقبلا "in
/// the future", مؤخرا "recently") or, feminine, as titles in apposition
/// (X، منسقة السياسة الخارجية): never a circumstantial event.
fn is_adverbial_participle(key: &str) -> bool {
    let stem = key.strip_suffix(['ا', 'ه']).unwrap_or(key);
    // A title in apposition is nominative: without the accusative alif,
    // only the feminine of a derived form (متحدثة، منسقة) looks like a
    // participle (not داعية "preacher", the feminine of داعيا).
    if key.ends_with('ه') && key.starts_with('م') {
        let g = Gazetteer::get();
        if g.is_title_word(key) || g.is_title_word(stem) {
            return true;
        }
    }
    Words::get().is(stem, Class::Adverb)
}

/// True when token `v` reads only as a circumstantial participle.
fn is_participle(d: &Doc<'_>, v: usize) -> bool {
    let f = d.forms[v];
    f.iter().any(|(_, a)| *a == Aspect::Participle)
        && !f
            .iter()
            .any(|(_, a)| matches!(a, Aspect::Perfect | Aspect::Imperfect))
}

/// A participle of belonging between a thing and its ل-owner (أهداف تابعة
/// لتنظيم داعش، مواقع عائدة للجيش).
fn is_belonging(key: &str) -> bool {
    Words::get().is(key, Class::Belonging)
}

/// A word of membership (ينتمون، بانتمائهم) or its hedge (يشتبه).
fn is_membership(key: &str) -> bool {
    Words::get().is(key, Class::Membership)
}

/// Separate preposition words that introduce arguments.
fn is_prep_word(k: &Keys, i: usize) -> bool {
    k.in_class(i, Class::Prep)
}

impl EventCoder {
    /// The coder over the built-in lexicon and cues.
    pub fn new() -> EventCoder {
        EventCoder {
            lx: Lexicon::builtin(),
            cues: ModalityTagger::builtin(),
            res: &RESOURCES,
        }
    }

    /// Codes the events of `text` (analyzed as `a`, with its `entities`).
    pub fn code(
        &self,
        text: &str,
        a: &Analysis,
        entities: &[Entity],
        published: Option<&str>,
    ) -> Vec<Event> {
        self.code_with(
            text,
            a,
            entities,
            CodeOptions {
                published,
                ..CodeOptions::default()
            },
        )
    }

    /// [`EventCoder::code`] with all options.
    pub fn code_with(
        &self,
        text: &str,
        a: &Analysis,
        entities: &[Entity],
        opts: CodeOptions<'_>,
    ) -> Vec<Event> {
        let mut k = Keys::new(text, a);
        k.assign_ids(self.lx);
        let published = opts.published.and_then(Date::parse);
        let dates = resolve_with_keys(text, a, &k, published);
        let mut mention_at = vec![None; k.len()];
        for (ei, e) in entities.iter().enumerate() {
            for (mi, m) in e.mentions.iter().enumerate() {
                for t in m.tokens.clone() {
                    if t < mention_at.len() && mention_at[t].is_none() {
                        mention_at[t] = Some((ei as u32, mi as u32));
                    }
                }
            }
        }
        let patched = self.person_actors(&k, entities, &mention_at);
        let entities: &[Entity] = patched.as_deref().unwrap_or(entities);
        let n_real = entities.len();
        let (mut extra, mut guessed) = role_nouns(text, a, &k, entities, &mention_at);
        let (anaphoric, anaphor_guessed) = anaphors(text, a, &k, entities, &mention_at);
        guessed.extend(anaphor_guessed);
        extra.extend(anaphoric);
        for (x, e) in extra.iter().enumerate() {
            for t in e.mentions[0].tokens.clone() {
                mention_at[t] = Some(((n_real + x) as u32, 0));
            }
        }
        // An accusative written with tanwin and without its alif (مؤكدً،
        // داعيً) reads as the participle spelled with the alif.
        let mut buf = String::new();
        let text_lexicon = rasd_text::segment::Segmenter::builtin().lexicon();
        let forms: Vec<&'static [(u32, Aspect)]> = (0..k.len())
            .map(|i| {
                let f = k.verb_forms(self.lx, i);
                // A noun that only looks like an imperfect of the first
                // person plural (نووي "nuclear", نصيب "share") is no verb.
                let nun_noun = k.key(i).starts_with('ن')
                    && !f.is_empty()
                    && f.iter().all(|&(_, a)| a == Aspect::Imperfect)
                    && text_lexicon.is_noun_not_verb(k.key(i));
                // A finite verb never takes tanwin: شخصاً "a person", not
                // شخصا "the two stared".
                let tanwin_noun = k.has(i, crate::keys::TANWIN)
                    && !f.is_empty()
                    && f.iter().all(|&(_, a)| a != Aspect::Participle);
                if nun_noun || tanwin_noun {
                    let none: &'static [(u32, Aspect)] = &[];
                    return none;
                }
                if !f.is_empty() || !k.has(i, crate::keys::TANWIN) || k.key(i).ends_with('ا') {
                    return f;
                }
                buf.clear();
                buf.push_str(k.key(i));
                buf.push('ا');
                let p = self.lx.verb_forms(&buf);
                if p.iter().all(|(_, a)| *a == Aspect::Participle) {
                    p
                } else {
                    f
                }
            })
            .collect();
        let doc = Doc {
            text,
            a,
            k,
            entities,
            extra,
            guessed,
            n_real,
            forms,
            actor_in_sentence: std::cell::Cell::new(false),
            speaker: std::cell::RefCell::new(None),
            earlier_subject: std::cell::RefCell::new(None),
            at_verb: std::cell::Cell::new(false),
            mention_at,
            dates,
            published,
        };
        let mut drafts: Vec<Draft> = Vec::new();
        let mut last_actor: Option<Participant> = None;
        for (si, s) in a.sentences().iter().enumerate() {
            let scopes = self
                .cues
                .scopes_with(self.lx, &doc.k, s.tokens.clone(), Some(&doc.forms));
            let nps = self.noun_phrases(&doc, s.tokens.clone());
            let before = drafts.len();
            self.code_sentence(&doc, si, &scopes, &nps, &mut last_actor, &mut drafts);
            self.resolve_reports(&mut drafts[before..]);
        }
        self.finish(&doc, opts, drafts)
    }

    /// Actors for persons the entity stage left without one, from a title
    /// in apposition: a government title with a nisba (باولو جينتيلوني وزير
    /// الخارجية الإيطالي → ITAGOV; مساعدة وزير الخارجية الأمريكي … آن
    /// باترسون → USAGOV), or a title of a named body or country (السفير X
    /// المندوب الدائم للمملكة → SAUGOV; المتحدث باسم الخارجية المصرية → its
    /// actor). A company title gives …BUS. `None` when nothing changes.
    fn person_actors(
        &self,
        k: &Keys,
        entities: &[Entity],
        mention_at: &[Option<(u32, u32)>],
    ) -> Option<Vec<Entity>> {
        let mut out: Option<Vec<Entity>> = None;
        // The tokens after a mention (apposition), then before it (titles).
        let mut toks: Vec<usize> = Vec::new();
        for (ei, e) in entities.iter().enumerate() {
            if e.ty != EntityType::Pers || actor_code(e).is_some() {
                continue;
            }
            let mut found: Option<String> = None;
            for m in &e.mentions {
                let (s0, e0) = (m.tokens.start, m.tokens.end.min(k.len()));
                for side in 0..2 {
                    toks.clear();
                    if side == 0 {
                        toks.extend(e0..(e0 + 8).min(k.len()));
                    } else {
                        toks.extend((s0.saturating_sub(10)..s0).rev());
                    }
                    let mut title = false;
                    let mut company = false;
                    let mut nisba: Option<&str> = None;
                    let mut body: Option<String> = None;
                    let mut commas = 0;
                    for (n, &j) in toks.iter().enumerate() {
                        if k.is_punct(j) {
                            if matches!(k.key(j), "،" | ",") && commas == 0 && (n == 0 || side == 1)
                            {
                                commas += 1;
                                continue;
                            }
                            break;
                        }
                        if let Some((oe, _)) = mention_at[j] {
                            let other = &entities[oe as usize];
                            if oe as usize == ei || other.ty == EntityType::Pers {
                                break;
                            }
                            // The body named by the title (للمملكة، باسم الخارجية).
                            let named =
                                k.flags(j) & (LI | BI) != 0 || (j > 0 && k.is(j - 1, "باسم"));
                            if named && body.is_none() && (title || side == 1) {
                                body = actor_code(other).map(|a| {
                                    if other.ty == EntityType::Loc || a.len() == 3 {
                                        format!("{}GOV", &a[..a.len().min(3)])
                                    } else {
                                        a
                                    }
                                });
                            }
                            continue;
                        }
                        // An apposition starts right after the name, without
                        // a preposition or conjunction.
                        if side == 0 && (n == commas) && k.flags(j) & (BI | LI | KA | WA | FA) != 0
                        {
                            break;
                        }
                        if verb_aspect(self.lx, k, j).is_some() {
                            break;
                        }
                        if k.in_class(j, Class::ApposTitle) {
                            title = true;
                        } else if k.in_class(j, Class::Company) {
                            company = true;
                        } else if nisba.is_none() {
                            nisba = k.nisba(j);
                        }
                    }
                    if !title {
                        continue;
                    }
                    found = body.or_else(|| {
                        nisba.map(|c| format!("{c}{}", if company { "BUS" } else { "GOV" }))
                    });
                    if found.is_some() {
                        break;
                    }
                }
                if found.is_some() {
                    break;
                }
            }
            if let Some(actor) = found {
                let v = out.get_or_insert_with(|| entities.to_vec());
                v[ei].actor = Some(actor);
            }
        }
        out
    }

    /// Entity noun phrases of a sentence, with titles and introducers.
    fn noun_phrases(&self, d: &Doc<'_>, range: Range<usize>) -> Vec<Np> {
        let k = &d.k;
        let mut out: Vec<Np> = Vec::new();
        let mut t = range.start;
        while t < range.end {
            let Some((ei, mi)) = d.mention_at[t] else {
                t += 1;
                continue;
            };
            let m = &d.ent(ei as usize).mentions[mi as usize];
            let end = m.tokens.end.min(range.end).max(t + 1);
            // A name in quotes («حماس»، "داعش"): the quotes belong to its
            // phrase, and the titles and prepositions before them too
            // (لقيادة «حماس»).
            let quoted = t > range.start
                && end < range.end
                && matches!(
                    (k.key(t - 1), k.key(end)),
                    ("«", "»") | ("“", "”") | ("\"", "\"")
                );
            let (t0, end) = if quoted { (t - 1, end + 1) } else { (t, end) };
            // Titles before the name (وزير الخارجية الروسي سيرغي لافروف).
            let is_loc = d.ent(ei as usize).ty == EntityType::Loc;
            // Place nouns may chain (في مقاطعة ولاية قندوز).
            let place_chain = |start: usize| (start..t0).all(|x| is_place_noun(k.key(x)));
            let mut start = t0;
            while start > range.start
                && t0 - start < 6
                && d.mention_at[start - 1].is_none()
                && k.has(start - 1, crate::keys::WORD)
                && (k.is_title_word(start - 1)
                    || is_honorific(k.key(start - 1))
                    || is_site_noun(k.key(start - 1))
                    || k.in_class(start - 1, Class::LamTitle)
                    || (is_loc && place_chain(start) && is_place_noun(k.key(start - 1))))
                && !is_prep_word(k, start - 1)
                && !self.lx.is_function_word(k.key(start - 1))
                // A place noun before a place keeps its reading even when it
                // spells a participle too (مدينة "condemning", محافظة).
                // So does a title right before its country (ملك الأردن).
                && (verb_aspect(self.lx, k, start - 1).is_none()
                    || (is_loc && place_chain(start) && is_place_noun(k.key(start - 1)))
                    || (is_loc
                        && start == t0
                        && Gazetteer::get().is_title_head(k.key(start - 1))
                        && verb_aspect(self.lx, k, start - 1) != Some(Aspect::Participle)))
                // A preposition or conjunction on the leftmost word opens the
                // phrase, except a ل-genitive after a site noun (على مواقع
                // لتنظيم X، أهدافا تابعة لتنظيم X): the site names X.
                && (k.flags(start) & (BI | LI | KA | WA | FA) == 0
                    || (start == t0
                        && k.flags(start) & (BI | KA | WA | FA) == 0
                        && (is_site_noun(k.key(start - 1))
                            || k.in_class(start - 1, Class::LamTitle))))
            {
                start -= 1;
            }
            if start == t0
                && t >= range.start + 2
                && k.flags(t) & (BI | KA | WA | FA) == 0
                && k.has(t, LI)
                && is_belonging(k.key(t - 1))
                && is_site_noun(k.key(t - 2))
                && d.mention_at[t - 1].is_none()
                && d.mention_at[t - 2].is_none()
            {
                start = t - 2;
            }
            // A name fragment left over by the tagger right after a person
            // (الملك سلمان بن عبدالعزيز آل | سعود): part of that person's phrase.
            if let Some(p) = out.last_mut() {
                let gap_ok =
                    (p.end..start).all(|j| matches!(k.key(j), "" | "ال" | "بن" | "ابن" | "بنت"));
                if p.end <= start
                    && start - p.end <= 2
                    && gap_ok
                    && k.flags(start) & (BI | LI | KA | WA | FA) == 0
                    && d.ent(p.entity).ty == EntityType::Pers
                    && d.ent(ei as usize).ty == EntityType::Pers
                    && actor_code(d.ent(ei as usize)).is_none()
                {
                    p.end = end;
                    t = end;
                    continue;
                }
            }
            // A head noun joined by و before the name (ومتمردي حزب العمال،
            // وقائد الجيش X): the phrase is coordinated with the previous one.
            if let Some(p) = out.last() {
                let gap = start - p.end.min(start);
                if (1..=2).contains(&gap)
                    && k.has(p.end, WA)
                    && (p.end..start).all(|j| {
                        k.has(j, crate::keys::WORD)
                            && !is_prep_word(k, j)
                            && verb_aspect(self.lx, k, j).is_none()
                    })
                {
                    start = p.end;
                }
            }
            let f = k.flags(start);
            // كل من X و Y ("each of X and Y") names a subject or object
            // like a bare phrase.
            let each_of = start >= range.start + 2
                && k.is(start - 1, "من")
                && k.is(start - 2, "كل")
                && k.flags(start - 2) & (BI | LI | KA) == 0;
            let intro = if f & (BI | LI | KA) != 0 {
                Intro::Clitic(f & (BI | LI | KA))
            } else if each_of {
                Intro::Bare
            } else if start > range.start && is_prep_word(k, start - 1) && !k.is_punct(start - 1) {
                // Two-word introducers: على شرف، من قبل، على يد، إلى جانب، بالقرب من.
                let a0 = if start >= 2
                    && matches!(k.key(start - 1), "شرف" | "قبل" | "يد" | "جانب" | "صالح")
                    && is_prep_word(k, start - 2)
                {
                    start - 2
                } else {
                    start - 1
                };
                Intro::Words(a0, start)
            } else {
                Intro::Bare
            };
            let coord = f & WA != 0
                && out
                    .last()
                    .is_some_and(|p| p.end == start || (p.end + 1 == start && k.is(p.end, "و")));
            // An organization or title phrase right before a person names the
            // same actor (وزير الخارجية الروسي | سيرغي لافروف): one phrase,
            // the person's entity.
            if let Some(p) = out.last_mut() {
                if p.end == start && !coord && f & (BI | LI | KA | WA | FA) == 0 {
                    let prev_ty = d.ent(p.entity).ty;
                    let ty = d.ent(ei as usize).ty;
                    // A title with its country as genitive (رئيس وزراء
                    // بريطانيا | X، ملك الأردن | X) is the person's too.
                    // A person the tables do not know keeps the country as
                    // his actor (لرئيس جمهورية بوليفيا X).
                    let titled_place = prev_ty == EntityType::Loc
                        && ty == EntityType::Pers
                        && (ei as usize) < d.n_real
                        && !p.coord
                        && k.flags(p.start) & (WA | FA) == 0
                        && d.mention_at[p.start].is_none()
                        && Gazetteer::get().is_title_head(k.key(p.start))
                        && !is_place_noun(k.key(p.start))
                        && !is_site_noun(k.key(p.start))
                        // دولة is an honorific (دولة الرئيس) and a state (دولة قطر).
                        && !k.is(p.start, "دوله");
                    if titled_place && actor_code(d.ent(ei as usize)).is_none() {
                        p.end = end;
                        t = end;
                        continue;
                    }
                    // Not a group the coder named from a role noun (الأمين
                    // العام للجامعة | الأطراف العراقية): that is the object.
                    if (prev_ty == EntityType::Org || titled_place)
                        && ty == EntityType::Pers
                        && (ei as usize) < d.n_real
                    {
                        p.end = end;
                        p.entity = ei as usize;
                        t = end;
                        continue;
                    }
                    // A person the tables do not know, then his title and
                    // its body (جون سميث الرئيس التنفيذي لشركة X): the body
                    // is his actor.
                    if prev_ty == EntityType::Pers
                        && ty == EntityType::Org
                        && start < t
                        && actor_code(d.ent(p.entity)).is_none()
                        && actor_code(d.ent(ei as usize)).is_some()
                    {
                        p.end = end;
                        p.entity = ei as usize;
                        t = end;
                        continue;
                    }
                }
            }
            out.push(Np {
                start,
                end,
                entity: ei as usize,
                intro,
                coord,
            });
            t = end;
        }
        out
    }

    fn code_sentence(
        &self,
        d: &Doc<'_>,
        si: usize,
        sc: &SentenceScopes,
        nps: &[Np],
        last_actor: &mut Option<Participant>,
        out: &mut Vec<Draft>,
    ) {
        let range = sc.range();
        let k = &d.k;
        let mut i = range.start;
        let mut used_nouns: Vec<usize> = Vec::new();
        d.actor_in_sentence.set(false);
        d.speaker.replace(None);
        // Words of an actor's phrase (وزير الدفاع، لجنة التحقيق) trigger nothing.
        let in_np = |t: usize| nps.iter().any(|np| np.start <= t && t < np.end);
        while i < range.end {
            if d.mention_at[i].is_some() || !k.has(i, crate::keys::WORD) || in_np(i) {
                i += 1;
                continue;
            }
            let trig = self.trigger_at(d, sc, i, range.end);
            let Some(trig) = trig else {
                i += 1;
                continue;
            };
            let next = match &trig {
                Trigger::Verb { tok, .. } => tok + 1,
                Trigger::Noun { end, .. } => *end,
            };
            if let Trigger::Noun { tok, .. } = &trig {
                if used_nouns.contains(tok) {
                    i = next;
                    continue;
                }
            }
            let before = out.len();
            match trig {
                Trigger::Verb { tok, lemma, aspect } => self.code_verb(
                    d,
                    si,
                    sc,
                    nps,
                    tok,
                    lemma,
                    aspect,
                    last_actor,
                    out,
                    &mut used_nouns,
                ),
                Trigger::Noun { tok, end, row } => {
                    self.code_noun(d, si, sc, nps, tok, end, row, None, last_actor, out)
                }
            }
            self.domestic_victims(d, range.clone(), &mut out[before..]);
            // A government whose country is only a guess (الحكومة with no
            // antecedent) is not carried on to the next clauses.
            if let Some(src) = out[before..]
                .iter()
                .rev()
                .find_map(|e| e.source.as_ref())
                .filter(|src| !guessed_government(d, src))
            {
                *last_actor = Some(self.participant(d, src));
                d.actor_in_sentence.set(true);
            }
            if let Some(src) = out[before..]
                .iter()
                .find(|e| e.report)
                .and_then(|e| e.source.as_ref())
            {
                d.speaker.replace(Some(self.participant(d, src)));
            }
            i = next;
        }
    }

    /// Counted, unnamed victims of an armed group of a known country, in a
    /// sentence that names no other target (قتل ستة أشخاص في هجوم تبنته
    /// حركة طالبان): the group's own country is hit, and the counted
    /// phrase is the target. Groups of no country (داعش) and state forces
    /// get nothing: their victims may be anyone.
    fn domestic_victims(&self, d: &Doc<'_>, sent: Range<usize>, drafts: &mut [Draft]) {
        let lx = self.lx;
        let k = &d.k;
        for dr in drafts.iter_mut() {
            if dr.target.is_some()
                || !matches!(lx.codes[dr.code as usize].root.as_str(), "18" | "19" | "20")
            {
                continue;
            }
            let Some(src) = dr.source.as_ref() else {
                continue;
            };
            let Some(actor) = self.participant(d, src).actor else {
                continue;
            };
            let armed = actor.get(3..).is_some_and(|r| {
                ["REB", "SEP", "INS", "UAF", "TAL"]
                    .iter()
                    .any(|g| r.starts_with(g))
            });
            let Some(country) = actor.get(..3).filter(|_| armed) else {
                continue;
            };
            if Gazetteer::get().capital(country).is_none() {
                continue;
            }
            // A count and a casualty noun (ستة أشخاص، 21 مدنيا), not the
            // group's own dead (17 فردا من المتمردين).
            let src_start = match src {
                Arg::Np { start, .. } => Some(*start),
                Arg::Inferred(_) => None,
            };
            let Some(c) = sent.clone().find(|&j| {
                j + 1 < sent.end
                    && count_word(k, j)
                    && d.mention_at[j + 1].is_none()
                    && k.in_class(j + 1, Class::Victim)
                    && src_start.is_none_or(|s| s < j || s > j + 4)
            }) else {
                continue;
            };
            let tokens = d.a.tokens();
            let span = Span::new(tokens[c].span.start, tokens[c + 1].span.end);
            dr.target = Some(Arg::Inferred(Box::new(Participant {
                entity: None,
                entity_index: None,
                actor: Some(country.to_owned()),
                text: span.slice(d.text).to_owned(),
                span,
            })));
        }
    }

    /// The trigger starting at token `i`, if any.
    fn trigger_at(
        &self,
        d: &Doc<'_>,
        sc: &SentenceScopes,
        i: usize,
        limit: usize,
    ) -> Option<Trigger> {
        let k = &d.k;
        // Nouns (longest entry first).
        let noun = self
            .noun_trigger_at(d, i, limit)
            .map(|(_, end, r)| (end, r));
        // Verbs with event rows.
        let after_lam = i >= 1 && matches!(k.key(i - 1), "لم" | "لما");
        let first_singular = k.key(i).starts_with('ا');
        let pick = |forms: &[(u32, Aspect)]| {
            let mut verb: Option<(u32, Aspect)> = None;
            for &(l, a) in forms {
                if a == Aspect::Jussive && !after_lam {
                    continue;
                }
                // A participle is a verb only after a comma (…، مؤكدا أن),
                // or marked accusative by its tanwin after a non-verb
                // (… في المنطقة مؤكداً أن), and never an adverb (مجددا).
                if a == Aspect::Participle
                    && (!(i > 0
                        && (k.is_punct(i - 1)
                            || (k.has(i, crate::keys::TANWIN)
                                && k.has(i - 1, crate::keys::WORD)
                                && sc.aspect(i - 1).is_none())))
                        || is_adverbial_participle(k.key(i)))
                {
                    continue;
                }
                let lem = &self.lx.lemmas[l as usize];
                if lem.rows.is_empty() && !self.res.support.contains_key(&l) {
                    continue;
                }
                // A verb with an object pronoun is no verb that takes none
                // (تقدمها: "provides it", not تقدّم "advanced").
                if k.has(i, crate::keys::ENCLITIC) && self.intransitive(l) {
                    continue;
                }
                // Perfect readings first (the 3rd person past is news'
                // tense: تلقى, not تُلقي), then imperfect, then passive-only.
                // An imperfect of the first person singular comes last: news
                // reports, so أصيب is "was wounded", not "I wound".
                let rank = |x: Aspect| match x {
                    Aspect::Perfect => 0,
                    Aspect::Imperfect | Aspect::Jussive if first_singular => 3,
                    Aspect::Imperfect | Aspect::Jussive => 1,
                    Aspect::Participle | Aspect::Passive => 2,
                };
                // At equal rank the longer lemma: the 3rd person of news
                // (فككت "she dismantled", not فك "I untied").
                let len = |l: u32| self.lx.lemmas[l as usize].perfect.chars().count();
                if verb.is_none_or(|(b_l, b)| {
                    rank(a) < rank(b) || (rank(a) == rank(b) && len(l) > len(b_l))
                }) {
                    verb = Some((l, a));
                }
            }
            verb
        };
        let mut verb = None;
        if k.flags(i) & (AL | BI | LI | KA) == 0 {
            verb = pick(d.forms[i]);
        }
        // A feminine participle (مطالبة، مدينة) is spelled like the verbal
        // noun of form III and like common nouns: a participle only where
        // no noun reads there.
        if verb.is_some_and(|(_, a)| a == Aspect::Participle)
            && k.key(i).ends_with('ه')
            && (noun.is_some() || matches!(k.key(i), "مدينه" | "مصادره" | "مساعده" | "معارضه"))
        {
            verb = None;
        }
        if verb.is_none() && k.flags(i) & (WA | FA | BI | LI | KA | SA) != 0 {
            // The segmenter took a root letter for a clitic (فتحت → ف + تحت).
            verb = pick(self.lx.verb_forms(d.a.norm(&d.a.tokens()[i])));
        }
        match (verb, noun) {
            (Some((lemma, aspect)), None) => Some(Trigger::Verb {
                tok: i,
                lemma,
                aspect,
            }),
            (None, Some((end, row))) => Some(Trigger::Noun { tok: i, end, row }),
            (Some((lemma, aspect)), Some((end, row))) => {
                // قصف، اعتقال… : a noun after a preposition, a verb, or when
                // it is a multiword entry; otherwise a verb.
                let prev_prep = i > 0 && (is_prep_word(k, i - 1) || sc.aspect(i - 1).is_some());
                let _ = aspect;
                if end > i + 1 || prev_prep {
                    Some(Trigger::Noun { tok: i, end, row })
                } else {
                    Some(Trigger::Verb {
                        tok: i,
                        lemma,
                        aspect,
                    })
                }
            }
            (None, None) => None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn code_verb(
        &self,
        d: &Doc<'_>,
        si: usize,
        sc: &SentenceScopes,
        nps: &[Np],
        v: usize,
        lemma: u32,
        aspect: Aspect,
        last_actor: &Option<Participant>,
        out: &mut Vec<Draft>,
        used_nouns: &mut Vec<usize>,
    ) {
        let k = &d.k;
        let clause = sc.clause(v);
        let lx = self.lx;
        let lem = &lx.lemmas[lemma as usize];
        let win = self.arg_window(d, sc, v);
        let passive = self.patient_subject(d, nps, &win, v, Some(aspect), [lemma]);
        let main;
        let last_actor = if is_participle(d, v) {
            main = self
                .main_subject(d, sc, nps, v, last_actor)
                .or_else(|| last_actor.clone());
            &main
        } else {
            last_actor
        };
        // Only read where verb_roles may use it: a verb after و / ف in a
        // sentence whose events have not named the discourse actor yet.
        let earlier =
            (k.flags(v) & (WA | FA) != 0 && !is_participle(d, v) && !d.actor_in_sentence.get())
                .then(|| self.earlier_subject(d, sc, nps, v, last_actor))
                .flatten();
        d.earlier_subject.replace(earlier);
        d.at_verb.set(true);
        let roles = self.verb_roles(d, nps, &win, v, passive, last_actor);
        d.at_verb.set(false);
        d.earlier_subject.replace(None);
        // Dictionary words of the clause, for a quick test of each row.
        let present = WordSet::new(lx.n_words(), win.clone().filter_map(|j| k.ids(j)).flatten());
        // Choose the row.
        let mut best: Option<(u16, &VerbRow, Option<Range<usize>>)> = None;
        let mut ties: Vec<u16> = Vec::new();
        for &r in &lem.rows {
            let row = &lx.verbs[r as usize];
            let Some((score, obj)) = self.row_score(d, &win, v, row, &roles, &present) else {
                continue;
            };
            match &best {
                Some((s, _, _)) if *s > score => {}
                Some((s, _, _)) if *s == score => ties.push(row.code),
                _ => {
                    best = Some((score, row, obj));
                    ties.clear();
                    ties.push(row.code);
                }
            }
        }
        // A support verb of a following noun trigger lets the noun code the
        // clause, unless one of its own rows names that complement.
        // So does a noun right after a generic "operation" complement
        // (نفذت عمليات اعتقال، شنت حملة اعتقالات).
        let generic = best.as_ref().and_then(|(_, _, o)| o.clone()).filter(|o| {
            o.len() == 1 && matches!(k.key(o.start), "عمليه" | "عمليات" | "حمله" | "حملات")
        });
        if generic.is_some() || best.as_ref().is_none_or(|(_, r, _)| r.obj.level() < 2) {
            if let Some(supported) = self.res.support.get(&lemma) {
                if let Some((n, end, row)) = self
                    .supported_noun(d, sc, v, supported, win.end)
                    .filter(|&(n, _, _)| generic.as_ref().is_none_or(|o| o.end == n))
                {
                    let before = out.len();
                    self.code_noun(
                        d,
                        si,
                        sc,
                        nps,
                        n,
                        end,
                        row,
                        Some((v, lemma)),
                        last_actor,
                        out,
                    );
                    used_nouns.push(n);
                    if out.len() > before {
                        return;
                    }
                }
            }
        }
        let Some((score, row, obj)) = best else {
            return;
        };
        let obj_end = obj.as_ref().map(|r| r.end);
        if let Some(r) = obj {
            used_nouns.extend(r);
        }
        let mut force_pair = force_pair(lx, &ties);
        let report = sc.reports().any(|c| c.tokens.start == v);
        let mut code = row.code;
        let info = &lx.codes[code as usize];
        let mut objects = self.targets(d, nps, &win, v, row, &roles);
        if objects.is_empty() {
            if let Some(t) = roles.topic {
                objects = coordinated(d, nps, t, win.end)
                    .into_iter()
                    .map(|i| np_arg(&nps[i]))
                    .collect();
            }
        }
        // Appeals, intents, demands, rejections and threats govern an
        // embedded action (دعا إلى إرسال مساعدات، هدد بفرض عقوبات على X):
        // it picks the sub-code and lends its target.
        let family = matches!(info.root.as_str(), "02" | "03" | "10" | "12" | "13") || row.intent;
        if family {
            let window = sc.window(v);
            for j in v + 1..window.end.min(v + 10) {
                if d.mention_at[j].is_some() {
                    continue;
                }
                let Some((n, end, nr)) = self.noun_trigger_at(d, j, window.end) else {
                    continue;
                };
                let noun = &lx.nouns[nr as usize];
                let ncode = &lx.codes[noun.code as usize];
                if !matches!(ncode.root.as_str(), "01" | "02" | "03" | "10" | "12" | "13") {
                    used_nouns.push(n);
                    if row.obj.level() < 2 {
                        let fam = if row.intent { "03" } else { info.root.as_str() };
                        if let Some(c) =
                            family_code(fam, &ncode.code).and_then(|c| lx.code_index(c))
                        {
                            code = c;
                        }
                    }
                    if objects.is_empty() {
                        let mut tmp = Vec::new();
                        self.code_noun(d, si, sc, nps, n, end, nr, None, last_actor, &mut tmp);
                        if let Some(t) = tmp.into_iter().find_map(|x| x.target) {
                            objects.push(t);
                        }
                    }
                }
                break;
            }
        }
        if objects.is_empty() && !passive && row.slots.contains(&Slot::Direct) {
            let from = roles
                .subject
                .iter()
                .filter_map(|a| match a {
                    Arg::Np { end, .. } if *end > v => Some(*end),
                    _ => None,
                })
                .max()
                .unwrap_or(v + 1);
            if let Some(i) = self.counted_partitive(d, nps, from, sc.range().end) {
                objects.push(np_arg(&nps[i]));
            }
        }
        if objects.is_empty() && !row.tags.inverse {
            objects = self.thing_target(d, nps, &win, v, row, &roles);
        }
        // Force against a place targets its country (قصفت الطائرات مواقع في بنغازي).
        if objects.is_empty() && matches!(info.root.as_str(), "18" | "19" | "20") {
            objects.extend(self.place_target(d, nps, v + 1..win.end));
        }
        // Words addressed to someone (أعرب للصين عن قلقه، أكد لنظيره).
        if objects.is_empty()
            && !row.tags.inverse
            && matches!(
                info.root.as_str(),
                "01" | "02" | "03" | "05" | "10" | "11" | "12" | "13"
            )
        {
            if let Some(&i) = roles
                .after
                .iter()
                .find(|&&i| i >= roles.after_subject && nps[i].intro == Intro::Clitic(LI))
            {
                objects.push(np_arg(&nps[i]));
            }
        }
        // A dual next to a reciprocal verb (اتفق الجانبان، البلدين اتفقا)
        // names the two parties of the talk just reported.
        let dual = |j: usize| {
            j < clause.end
                && j >= clause.start
                && k.has(j, AL)
                && d.mention_at[j].is_none()
                && is_dual_party(k.key(j))
                && !(j > 0 && k.is(j - 1, "بين"))
                && !(j + 1 < k.len() && k.has(j + 1, AL) && k.has(j + 1, crate::keys::WORD))
        };
        let dual_pair = if objects.is_empty()
            && !passive
            && row.slots.iter().any(is_partner_slot)
            && (dual(v + 1) || (v > 0 && dual(v - 1)))
        {
            self.dual_parties(d, si, out)
        } else {
            None
        };
        // An ambiguous verb whose row needs a preposition frame that the
        // clause lacks (وقف without إلى جانب / مع) is another reading.
        if objects.is_empty()
            && dual_pair.is_none()
            && lem.rows.len() > 1
            && row.obj == Obj::Any
            && !row.slots.is_empty()
            && row.slots.iter().all(|s| matches!(s, Slot::Prep(_)))
            && !(v + 1..clause.end).any(|j| {
                row.slots
                    .iter()
                    .any(|s| matches!(s, Slot::Prep(p) if intro_matches(k, j, p)))
            })
        {
            return;
        }
        let mut subjects = roles.subject.clone();
        if subjects.is_empty() {
            if let Some(p) = &roles.inferred {
                subjects.push(Arg::Inferred(Box::new(p.clone())));
            }
        }
        if let Some(pair) = dual_pair {
            subjects = pair;
        }
        let (sources, targets) = if row.tags.inverse {
            (objects, subjects)
        } else if passive {
            (roles.agent.clone(), roles.subject.clone())
        } else {
            (subjects, objects)
        };
        if let Some(e) = obj_end {
            let words = self.verbal_attack(d, code, e, &targets);
            if words != code {
                code = words;
                force_pair = None;
            }
        }
        let modality = sc.modality(v);
        // Control, occupation and stationing in the imperfect describe a
        // standing state (مناطق يسيطر عليها التنظيم، تحتل المرتبة الأولى),
        // not an event: news narrates what happened in the perfect.
        if aspect == Aspect::Imperfect
            && modality == Modality::Asserted
            && lx.codes[code as usize].code == "192"
        {
            return;
        }
        let mut conf = 0.45 + 0.05 * (score >> 8) as f32;
        if roles.explicit_subject {
            conf += 0.1;
        }
        // Reciprocal: X و Y اتفقا / وقعا / اشتبكا without a partner phrase.
        if targets.is_empty() && sources.len() >= 2 && row.slots.iter().any(is_partner_slot) {
            self.emit_reciprocal(si, code, &sources, v..v + 1, modality, conf, out);
            return;
        }
        self.emit(
            si,
            code,
            &sources,
            &targets,
            v..v + 1,
            modality,
            conf,
            report,
            force_pair,
            out,
        );
    }

    /// Events in both directions between every two participants.
    #[allow(clippy::too_many_arguments)]
    fn emit_reciprocal(
        &self,
        si: usize,
        code: u16,
        parts: &[Arg],
        trigger: Range<usize>,
        modality: Modality,
        conf: f32,
        out: &mut Vec<Draft>,
    ) {
        for x in 0..parts.len() {
            for y in 0..parts.len() {
                if x != y {
                    let (s, t) = (&parts[x..=x], &parts[y..=y]);
                    self.emit(
                        si,
                        code,
                        s,
                        t,
                        trigger.clone(),
                        modality,
                        conf,
                        false,
                        None,
                        out,
                    );
                }
            }
        }
    }

    /// The noun trigger starting at token `j` (longest entry).
    fn noun_trigger_at(&self, d: &Doc<'_>, j: usize, limit: usize) -> Option<(usize, usize, u32)> {
        let k = &d.k;
        if !k.may_start_noun(j) {
            return None;
        }
        // The second noun of a thing's name (نقطة تفتيش، مراكز الاحتجاز).
        if j > 0 && k.flags(j) & (WA | FA | BI | LI | KA) == 0 && k.in_class(j - 1, Class::NameHead)
        {
            return None;
        }
        let mut noun: Option<(usize, u32)> = None;
        for variant in noun_variants(k.key(j), k.flags(j)) {
            for &r in self.lx.nouns_starting(&variant) {
                let row = &self.lx.nouns[r as usize];
                if let Some(end) = match_words_after(k, &row.words[1..], j + 1, limit) {
                    if noun.is_none_or(|(e, _)| end > e) {
                        noun = Some((end, r));
                    }
                }
            }
            if noun.is_some() {
                break;
            }
        }
        noun.map(|(end, r)| (j, end, r))
    }

    /// A target named through a thing: the genitive or nisba of the noun
    /// in the target slot (رحب بموقف إيران، رفض المقترح الروسي).
    fn thing_target(
        &self,
        d: &Doc<'_>,
        nps: &[Np],
        clause: &Range<usize>,
        v: usize,
        row: &VerbRow,
        roles: &Roles,
    ) -> Vec<Arg> {
        let k = &d.k;
        let subject_end = match roles.subject.last() {
            Some(Arg::Np { end, .. }) if *end > v => *end,
            _ => v + 1,
        };
        // A time phrase between the verb and its object is skipped (ضربت،
        // أمس الجمعة، أهدافا; أوقفت، منذ أمس الجمعة، 20 شخصا), with the
        // preposition that opens it; it does not count in the distance.
        let timed = |j: usize| {
            d.in_date(j) || (is_prep_word(k, j) && j + 1 < clause.end && d.in_date(j + 1))
        };
        let skipped = (subject_end..clause.end.min(subject_end + 8))
            .filter(|&j| timed(j))
            .count();
        let limit = clause.end.min(subject_end + 8 + skipped);
        for slot in &row.slots {
            let head = match slot {
                Slot::Direct => (subject_end..limit)
                    .find(|&j| {
                        d.mention_at[j].is_none() && k.has(j, crate::keys::WORD) && !timed(j)
                    })
                    .filter(|&j| k.flags(j) & (BI | LI | KA) == 0 && !is_prep_word(k, j)),
                Slot::Prep(p) => (subject_end..limit).find_map(|j| {
                    if d.mention_at[j].is_some() || !intro_matches(k, j, p) {
                        return None;
                    }
                    let h = if p.iter().all(|w| w.key.is_empty()) {
                        j
                    } else {
                        j + p.len()
                    };
                    (h < limit && d.mention_at[h].is_none()).then_some(h)
                }),
                _ => None,
            };
            let Some(h) = head else { continue };
            // The owner: an entity right after the thing (after adjectives,
            // a ل-genitive or a partitive من: أهداف لتنظيم داعش، ثلاثة من زعماء
            // X; a body, not a place, in a ب-phrase right after it).
            for g in h + 1..(h + 6).min(limit) {
                if let Some(np) = nps.iter().find(|np| {
                    let owner = g < h + 5
                        && (np.intro == Intro::Bare
                            || np.intro == Intro::Clitic(LI)
                            // A body, not a place, in a ب-phrase right
                            // after the thing (عضوا بالبرلمان، موظفا
                            // بوزارة الخارجية).
                            || (np.intro == Intro::Clitic(BI)
                                && g == h + 1
                                && d.ent(np.entity).ty != EntityType::Loc)
                            || matches!(np.intro, Intro::Words(a, _) if k.is(a, "من")));
                    // The body people belong to, a word further (ثلاثة
                    // أشخاص يشتبه بانتمائهم إلى X، عناصر ينتمون لـ X).
                    let member = match np.intro {
                        Intro::Words(a, _) => {
                            k.is(a, "الي") && a > h + 1 && is_membership(k.key(a - 1))
                        }
                        Intro::Clitic(LI) => g > h + 1 && is_membership(k.key(g - 1)),
                        _ => false,
                    };
                    np.start == g && (owner || member)
                }) {
                    if (h + 1..g).all(|x| {
                        (k.has(x, AL) || k.is(x, "من") || k.has(x, crate::keys::WORD))
                            && sc_free(d, x)
                            && (verb_aspect(self.lx, k, x).is_none()
                                || is_belonging(k.key(x))
                                || is_membership(k.key(x)))
                    }) {
                        let mut out = vec![np_arg(np)];
                        let mut j = nps.iter().position(|p| p.start == g).unwrap_or(0) + 1;
                        while j < nps.len() && nps[j].coord {
                            out.push(np_arg(&nps[j]));
                            j += 1;
                        }
                        return out;
                    }
                }
            }
            // A nisba: المقترح الروسي.
            for g in h + 1..(h + 3).min(limit) {
                if let Some(country) = k.nisba(g) {
                    let tokens = d.a.tokens();
                    let span = tokens[g].span;
                    return vec![Arg::Inferred(Box::new(Participant {
                        entity: None,
                        entity_index: None,
                        actor: Some(country.to_owned()),
                        text: span.slice(d.text).to_owned(),
                        span,
                    }))];
                }
                if !k.has(g, AL) {
                    break;
                }
            }
            // A relative clause whose verb points back at the thing: its
            // subject owns it (رحب بالمبادرة التي أطلقتها الجزائر، ثمن
            // الجهود والمساندة التي تقدمها السعودية).
            if let Some(owner) = self.relative_owner(d, nps, h, (h + 8).min(k.len())) {
                return vec![owner];
            }
        }
        Vec::new()
    }

    /// The subject of a relative clause on the thing at `h` whose verb
    /// carries a pronoun pointing back at it (التي أطلقتها X، الذي نفذه X).
    fn relative_owner(&self, d: &Doc<'_>, nps: &[Np], h: usize, limit: usize) -> Option<Arg> {
        let k = &d.k;
        // The relative pronoun, after adjectives and coordinated things.
        let r = (h + 1..(h + 5).min(limit)).find(|&j| {
            matches!(
                k.key(j),
                "الذي" | "التي" | "الذين" | "اللذين" | "اللتين" | "اللتان" | "اللذان"
            )
        })?;
        if (h + 1..r).any(|x| d.mention_at[x].is_some() || k.is_punct(x)) {
            return None;
        }
        let v = r + 1;
        if v >= limit
            || !k.has(v, ENCLITIC)
            || !matches!(
                verb_aspect(self.lx, k, v),
                Some(Aspect::Perfect | Aspect::Imperfect)
            )
        {
            return None;
        }
        nps.iter()
            .find(|np| np.start == v + 1 && np.intro == Intro::Bare)
            .map(np_arg)
    }

    /// A noun trigger that the support verb at `v` governs: the nearest noun
    /// trigger after it in the clause, with the verb's preposition.
    fn supported_noun(
        &self,
        d: &Doc<'_>,
        sc: &SentenceScopes,
        v: usize,
        supported: &[(u32, Option<Phrase>)],
        limit: usize,
    ) -> Option<(usize, usize, u32)> {
        let k = &d.k;
        for n in v + 1..limit.min(v + 10) {
            if sc.aspect(n).is_some() && d.mention_at[n].is_none() && n > v + 1 {
                // Another verb: the noun is not this verb's complement.
                if !k.has(n, AL) {
                    break;
                }
            }
            let mut found = None;
            // The noun rows' first words are what the gate knows.
            let variants = k
                .may_start_noun(n)
                .then(|| noun_variants(k.key(n), k.flags(n)));
            for variant in variants.into_iter().flatten() {
                // Rows are matched by word id: a variant that is no
                // dictionary word starts none.
                let Some(id) = self.lx.word_id(&variant) else {
                    continue;
                };
                for (r, prep) in supported {
                    let row = &self.lx.nouns[*r as usize];
                    if row.words[0].id != id {
                        continue;
                    }
                    let prep_ok = match prep {
                        None => true,
                        Some(p) => intro_matches(k, n, p),
                    };
                    if !prep_ok {
                        continue;
                    }
                    if let Some(end) = match_words_after(k, &row.words[1..], n + 1, limit) {
                        if found.is_none_or(|(e, _)| end > e) {
                            found = Some((end, *r));
                        }
                    }
                }
            }
            if let Some((end, r)) = found {
                return Some((n, end, r));
            }
        }
        None
    }

    /// Scores a row against the clause: `None` when a constraint fails;
    /// else the score and the tokens of the matched complement.
    fn row_score(
        &self,
        d: &Doc<'_>,
        clause: &Range<usize>,
        v: usize,
        row: &VerbRow,
        roles: &Roles,
        present: &WordSet,
    ) -> Option<(u16, Option<Range<usize>>)> {
        let k = &d.k;
        // Cheap rejection: a listed word must occur in the clause at all
        // (by the first word of each phrase).
        let any_present = |firsts: &[u32]| firsts.iter().any(|&id| present.has(id));
        if matches!(row.obj, Obj::Words(_) | Obj::Prep(_, Some(_))) && !any_present(&row.obj_firsts)
        {
            return None;
        }
        if !row.tags.requires.is_empty() && !any_present(&row.requires_firsts) {
            return None;
        }
        // The complement follows the subject (VSO): a long title list after
        // the subject's name (تلقى الأمير X ولي العهد … وزير الدفاع اتصالا)
        // does not put it out of reach.
        let after = v + 1..clause.end.min((v + 12).max(past_subject(roles, v) + 12));
        let longest = |list: &[Phrase], j: usize| -> Option<usize> {
            list.iter()
                .filter(|p| phrase_at(k, p, j))
                .map(|p| p.len())
                .max()
        };
        let obj: Option<Option<Range<usize>>> = match &row.obj {
            Obj::Any => Some(None),
            Obj::Words(list) => after
                .clone()
                .find_map(|j| longest(list, j).map(|n| Some(j..j + n))),
            Obj::Prep(preps, words) => after.clone().find_map(|j| {
                let p = preps.iter().find(|p| intro_matches(k, j, p))?;
                let start = if p.iter().all(|w| w.key.is_empty()) {
                    j
                } else {
                    j + p.len()
                };
                match words {
                    None => Some(None),
                    Some(list) => (start..(start + 3).min(clause.end))
                        .find_map(|h| longest(list, h).map(|n| Some(h..h + n))),
                }
            }),
        };
        let obj = obj?;
        if row
            .tags
            .excludes
            .iter()
            .any(|p| clause.clone().any(|j| phrase_at(k, p, j)))
        {
            return None;
        }
        let mut tag = 0;
        if !row.tags.requires.is_empty() {
            let hit = clause
                .clone()
                .any(|j| row.tags.requires.iter().any(|p| phrase_at(k, p, j)));
            if !hit {
                return None;
            }
            tag = 1;
        }
        if !row.tags.subject.is_empty() {
            // The subject's words, the words right around the verb, or the
            // subject's actor type (a MIL actor for جيش|قوات…).
            let mut span: Vec<usize> = Vec::new();
            let mut role_hit = false;
            if let Some(Arg::Np { start, end, entity }) = roles.subject.first() {
                span.extend(*start..*end);
                if let Some(actor) = actor_code(d.ent(*entity)) {
                    role_hit = row
                        .tags
                        .subject
                        .iter()
                        .any(|p| p.len() == 1 && subject_word_role(&p[0].key, &actor));
                }
            }
            span.extend(v + 1..(v + 4).min(clause.end));
            span.extend(clause.start.max(v.saturating_sub(3))..v);
            let hit = role_hit
                || span
                    .iter()
                    .any(|&j| row.tags.subject.iter().any(|p| phrase_at(k, p, j)));
            if !hit {
                return None;
            }
            tag = 1;
        }
        let len = obj.as_ref().map_or(0, |r| r.len()) as u16;
        Some((
            ((row.obj.level() * 2 + tag) as u16) << 8 | len.min(255),
            obj,
        ))
    }
}

/// The end of a subject phrase that follows the verb `v` (VSO), else `v`.
fn past_subject(roles: &Roles, v: usize) -> usize {
    roles
        .subject
        .iter()
        .filter_map(|a| match a {
            Arg::Np { start, end, .. } if *start > v => Some(*end),
            _ => None,
        })
        .max()
        .unwrap_or(v)
}

/// True when an actor code names an armed non-state group or an armed
/// coalition (…REB, …SEP, …INS, …UAF, IMG…).
fn armed_actor(code: &str) -> bool {
    code.starts_with("IMG")
        || code
            .get(3..)
            .is_some_and(|r| ["REB", "SEP", "INS", "UAF"].iter().any(|x| r.contains(x)))
}

/// True when a `[subject:]` word names the role of the actor code
/// (جيش for …MIL, شرطة for …COP).
fn subject_word_role(word: &str, actor: &str) -> bool {
    let role = actor.get(3..).unwrap_or("");
    let w = Words::get();
    (role.starts_with("MIL") && w.is(word, Class::MilWord))
        || (role.starts_with("COP") && w.is(word, Class::PoliceWord))
}

/// A slot that names a partner (مع، بين): its verb is reciprocal with a
/// plural subject.
fn is_partner_slot(slot: &Slot) -> bool {
    match slot {
        Slot::Between => true,
        Slot::Prep(p) => p.len() == 1 && p[0].key == "مع",
        _ => false,
    }
}

/// A number or a number word (19، عشرات، خمسة).
fn count_word(k: &Keys, j: usize) -> bool {
    k.is_number(j) || k.in_class(j, Class::Number)
}

/// A definite dual that names the two parties of the talk just reported
/// (الجانبان، الطرفين، البلدان، الوزيران).
fn is_dual_party(key: &str) -> bool {
    Words::get().is(key, Class::DualParty)
}

/// The roles around a verb.
#[derive(Clone, Debug, Default)]
struct Roles {
    /// The subject group (coordinated phrases).
    subject: Vec<Arg>,
    /// True when the subject was found in the clause.
    explicit_subject: bool,
    /// The discourse actor, when the subject is implied.
    inferred: Option<Participant>,
    /// The من قبل / على يد agent of a passive.
    agent: Vec<Arg>,
    /// Index in `nps` of the first phrase after the subject (objects start there).
    after_subject: usize,
    /// Phrases of the clause after the verb (indexes into nps).
    after: Vec<usize>,
    /// A topic before the verb that the verb's object pronoun takes up
    /// (سكان المدينة منعتهم الميليشيا): the object (index into nps).
    topic: Option<usize>,
}

impl EventCoder {
    /// The source of a noun trigger named around it: a nisba right after
    /// it (الغارات الجوية التركية، غارة أميركية) or an attribution a few
    /// words on (هجوم نسب إلى X، هجوم تبناه X).
    fn noun_source(
        &self,
        d: &Doc<'_>,
        nps: &[Np],
        row: u32,
        end: usize,
        limit: usize,
    ) -> Option<Arg> {
        let k = &d.k;
        // A nisba among the noun's own adjectives (غارة جوية أمريكية), not
        // one inside a following prepositional phrase (اتصال هاتفي برئيس
        // الوزراء الباكستاني، هجوم على القوات الأمريكية).
        for g in end..(end + 3).min(limit) {
            if d.mention_at[g].is_some()
                || k.is_punct(g)
                || k.flags(g) & (WA | FA | BI | LI | KA) != 0
                || is_prep_word(k, g)
            {
                break;
            }
            if let Some(country) = k.nisba(g) {
                let span = d.a.tokens()[g].span;
                return Some(Arg::Inferred(Box::new(Participant {
                    entity: None,
                    entity_index: None,
                    actor: Some(country.to_owned()),
                    text: span.slice(d.text).to_owned(),
                    span,
                })));
            }
        }
        // A relative clause whose support verb points back at the noun
        // (الغارات التي تنفذها القوات، هجوم شنه X): its subject is the source.
        if let Some(v) = self.resumptive_verb(d, row, end, limit) {
            if let Some(np) = nps
                .iter()
                .find(|np| np.start > v && np.start <= v + 2 && np.intro == Intro::Bare)
            {
                return Some(np_arg(np));
            }
        }
        let attrib = (end..(end + 6).min(limit)).find(|&j| {
            let key = k.key(j);
            key.starts_with("نسب")
                || key.starts_with("ينسب")
                || key.starts_with("تبنا")
                || key.starts_with("تبنت")
        })?;
        nps.iter()
            .find(|np| np.start > attrib && np.start <= attrib + 3)
            .map(np_arg)
    }

    /// The support verb of a relative clause that points back at the noun
    /// ending at `end` (الغارات التي تنفذها القوات، هجوم شنه X).
    fn resumptive_verb(&self, d: &Doc<'_>, row: u32, end: usize, limit: usize) -> Option<usize> {
        let k = &d.k;
        (end..(end + 5).min(limit))
            .take_while(|&j| !k.is_punct(j))
            .find(|&j| {
                d.mention_at[j].is_none()
                    && k.has(j, ENCLITIC)
                    && d.forms[j].iter().any(|(l, _)| {
                        self.res
                            .support
                            .get(l)
                            .is_some_and(|v| v.iter().any(|(r, _)| *r == row))
                    })
            })
    }

    /// Armed clashes: a clash noun coded as a protest clash (145) whose
    /// parties include an armed group is fighting (193).
    fn clash_code(&self, d: &Doc<'_>, code: u16, parties: &[&[Arg]]) -> u16 {
        if self.lx.codes[code as usize].code != "145" {
            return code;
        }
        let armed = parties.iter().flat_map(|g| g.iter()).any(|a| {
            let actor = match a {
                Arg::Np { entity, .. } => actor_code(d.ent(*entity)),
                Arg::Inferred(p) => p.actor.clone(),
            };
            actor.as_deref().is_some_and(armed_actor)
        });
        match self.lx.code_index("193") {
            Some(c) if armed => c,
            _ => code,
        }
    }

    /// The first place of `range` introduced by في / ب / على / ضد, as an
    /// argument.
    fn place_target(&self, d: &Doc<'_>, nps: &[Np], range: Range<usize>) -> Option<Arg> {
        let k = &d.k;
        nps.iter()
            .filter(|np| np.start >= range.start && np.start < range.end && np.entity < d.n_real)
            .find(|np| {
                d.ent(np.entity).ty == EntityType::Loc
                    && match np.intro {
                        Intro::Clitic(f) => f & BI != 0,
                        Intro::Words(a, _) => matches!(k.key(a), "في" | "علي" | "ضد"),
                        // شمال الضفة الغربية: a compass word locates too.
                        Intro::Bare => after_compass(k, np),
                    }
            })
            .map(np_arg)
    }

    /// A counted object taken from a group (اعتقلت الشرطة 50 من عناصر X،
    /// أوقفت، منذ الجمعة، 320 شخصا من المنتمين إلى X، بحق 41 عنصرا من X):
    /// the group's phrase, introduced by من، إلى or ل a few words after the
    /// count, or a role phrase right after it. Index into `nps`.
    fn counted_partitive(
        &self,
        d: &Doc<'_>,
        nps: &[Np],
        from: usize,
        limit: usize,
    ) -> Option<usize> {
        let k = &d.k;
        let c = (from..limit.min(from + 8))
            .find(|&j| count_word(k, j) || matches!(k.key(j), "عدد" | "عددا"))?;
        let finite = |j: usize| {
            matches!(
                verb_aspect(self.lx, k, j),
                Some(Aspect::Perfect | Aspect::Imperfect)
            )
        };
        if nps.iter().any(|np| np.start >= from && np.start <= c) || (from..c).any(finite) {
            return None;
        }
        let i = nps.iter().position(|np| np.start > c)?;
        let np = &nps[i];
        if np.start >= limit || np.start > c + 5 {
            return None;
        }
        let ok = match np.intro {
            Intro::Words(a, b) => b == a + 1 && matches!(k.key(a), "من" | "الى"),
            Intro::Clitic(f) => f & LI != 0,
            Intro::Bare => np.start == c + 1 && np.entity >= d.n_real,
        };
        // Only the counted noun and its qualifiers in between (شخصا من
        // المنتمين، مشتبها بالانتماء): no clause boundary, no finite verb.
        let gap_ok = (c + 1..np.start).all(|j| !k.is_punct(j) && !finite(j));
        (ok && gap_ok).then_some(i)
    }

    /// The two parties of the last dyadic event reported shortly before
    /// (التقى X Y … واتفق الجانبان), for a dual subject.
    fn dual_parties(&self, d: &Doc<'_>, si: usize, drafts: &[Draft]) -> Option<Vec<Arg>> {
        let dr = drafts
            .iter()
            .rev()
            .take_while(|dr| dr.sentence + 2 >= si)
            .find(|dr| dr.source.is_some() && dr.target.is_some())?;
        let a = self.participant(d, dr.source.as_ref()?);
        let b = self.participant(d, dr.target.as_ref()?);
        // Two sides of one country (a minister and his government) are no
        // pair of parties.
        let (Some(x), Some(y)) = (a.actor.as_deref(), b.actor.as_deref()) else {
            return None;
        };
        if x.get(..3) == y.get(..3) {
            return None;
        }
        Some(vec![Arg::Inferred(Box::new(a)), Arg::Inferred(Box::new(b))])
    }

    /// True when the token at `v` reads only as an imperfect of the first
    /// person plural (ندين، نرفض): its third-person form (يدين) reads as
    /// the same verb, and it has no perfect reading (نفى).
    fn first_person_plural(&self, d: &Doc<'_>, v: usize) -> bool {
        let key = d.k.key(v);
        let Some(rest) = key.strip_prefix('ن') else {
            return false;
        };
        let forms = d.forms[v];
        if forms.is_empty() || forms.iter().any(|&(_, a)| a != Aspect::Imperfect) {
            return false;
        }
        let third = self.lx.verb_forms(&format!("ي{rest}"));
        forms
            .iter()
            .any(|f| third.iter().any(|t| t.0 == f.0 && t.1 == Aspect::Imperfect))
    }

    /// True when every row of the verb `lemma` takes its target through a
    /// preposition and has no direct object (تقدم نحو، تقدم ب، حقق في).
    /// Statement rows without a target (كتب، قال) do not count: they take
    /// what is said as their object.
    fn intransitive(&self, lemma: u32) -> bool {
        let lx = self.lx;
        let rows = &lx.lemmas[lemma as usize].rows;
        !rows.is_empty()
            && rows.iter().all(|&r| {
                let row = &lx.verbs[r as usize];
                row.slots.iter().all(|s| matches!(s, Slot::Prep(_)))
                    && !row.slots.is_empty()
                    && !matches!(row.obj, Obj::Words(_))
            })
    }

    /// True when a row of the verb `lemma` codes force (18x–20x).
    fn harm_lemma(&self, lemma: u32) -> bool {
        self.res.harm.get(lemma as usize).copied().unwrap_or(false)
    }

    /// True when the subject of the verb at `v`, read with `aspect` as one
    /// of `lemmas`, is acted on: a passive, or a harm verb in the perfect
    /// that reports victims (قتل 25 شرطيا). A support verb (شن مسلحون
    /// هجوما) has its agent as subject.
    fn patient_subject(
        &self,
        d: &Doc<'_>,
        nps: &[Np],
        win: &Range<usize>,
        v: usize,
        aspect: Option<Aspect>,
        lemmas: impl IntoIterator<Item = u32> + Clone,
    ) -> bool {
        if aspect == Some(Aspect::Passive) || d.k.has(v, crate::keys::DAMMA) {
            return true;
        }
        let harm = lemmas.clone().into_iter().any(|l| self.harm_lemma(l));
        let support = lemmas
            .into_iter()
            .any(|l| self.res.support.contains_key(&l));
        harm && !support && aspect == Some(Aspect::Perfect) && self.unnamed_victims(d, nps, win, v)
    }

    /// True when a harm verb at `v` reports victims, not agents: a number
    /// right after it (قتل 19 شخصا), or an unnamed group as its subject
    /// (قتل جندي، قتلوا after "390 مقاتلا").
    fn unnamed_victims(&self, d: &Doc<'_>, nps: &[Np], win: &Range<usize>, v: usize) -> bool {
        let k = &d.k;
        let numberish = |j: usize| count_word(k, j);
        // A count of events, not of people (شنت ست غارات) is no victim; nor
        // is a count after a named subject (حزب العمال قتل ثلاثة جنود).
        let named_before = nps
            .iter()
            .rev()
            .find(|np| np.end <= v && np.start >= win.start)
            .is_some_and(|np| np.end == v && np.intro == Intro::Bare && np.entity < d.n_real);
        if numberish(v + 1) && !named_before && self.noun_trigger_at(d, v + 2, win.end).is_none() {
            return true;
        }
        // Indefinite role nouns (جندي، مسلحين), not definite ones
        // (قوات النظام، رجال الشرطة).
        // Aircraft and armour act (قصفت طائرات أمريكية).
        let generic = |np: &Np| {
            let definite =
                k.has(np.start, AL) || (np.end > np.start + 1 && k.has(np.start + 1, AL));
            let machine = k.in_class(np.start, Class::Machine);
            np.entity >= d.n_real && !definite && !machine
        };
        // VSO: the first bare phrase after the verb.
        if let Some(np) = nps.iter().find(|np| np.start > v && np.start < win.end) {
            if np.start <= v + 2 && np.intro == Intro::Bare && generic(np) && !named_before {
                return true;
            }
        }
        // SVO: a counted group before it (390 مقاتلا … قتلوا).
        nps.iter()
            .rev()
            .find(|np| np.end <= v && np.start >= win.start)
            .is_some_and(|np| np.intro == Intro::Bare && np.start > 0 && numberish(np.start - 1))
    }

    /// The clause of `t` extended over the neighbouring comma-separated
    /// segments that contain no verb: appositions and adverbials
    /// (X، منسقة السياسة الخارجية، ستجري …؛ التقى، أمس الاثنين، وزير …).
    fn arg_window(&self, d: &Doc<'_>, sc: &SentenceScopes, t: usize) -> Range<usize> {
        let k = &d.k;
        let sent = sc.range();
        let clause = sc.clause(t);
        let comma = |j: usize| k.is_punct(j) && matches!(k.key(j), "،" | ",");
        // A verb reading that the trigger reads as a noun (a multiword
        // entry: قصف مدفعي) does not count.
        let noun_here = |j: usize| {
            self.noun_trigger_at(d, j, sent.end)
                .is_some_and(|(_, end, _)| end > j + 1)
        };
        let verbless = |r: Range<usize>| {
            r.clone().all(|j| {
                d.mention_at[j].is_some()
                    || sc.aspect(j).is_none()
                    || noun_here(j)
                    || is_belonging(k.key(j))
            }) && !r
                .clone()
                .any(|j| matches!(k.key(j), "الذي" | "التي" | "الذين"))
        };
        let mut start = clause.start;
        for _ in 0..3 {
            if start < sent.start + 2 || !comma(start - 1) {
                break;
            }
            let prev = sc.clause(start - 2);
            if prev.start + 1 >= start || !verbless(prev.start..start - 1) {
                break;
            }
            start = prev.start;
        }
        let mut end = clause.end;
        for _ in 0..2 {
            if end >= sent.end || end == 0 || !comma(end - 1) {
                break;
            }
            let next = sc.clause(end);
            if !verbless(next.clone()) {
                break;
            }
            end = next.end;
        }
        start..end
    }

    /// True when token `j` is a finite verb of its own clause: a perfect or
    /// imperfect reading, not a participle, not inside a noun phrase.
    fn clause_verb(&self, d: &Doc<'_>, sc: &SentenceScopes, nps: &[Np], j: usize) -> bool {
        d.mention_at[j].is_none()
            && d.k.has(j, crate::keys::WORD)
            && matches!(sc.aspect(j), Some(Aspect::Perfect | Aspect::Imperfect))
            && !is_participle(d, j)
            && !nps.iter().any(|np| np.start <= j && j < np.end)
    }

    /// The roles of the verb at `j`, in its own argument window.
    fn roles_at(
        &self,
        d: &Doc<'_>,
        sc: &SentenceScopes,
        nps: &[Np],
        j: usize,
        last_actor: &Option<Participant>,
    ) -> Roles {
        let win = self.arg_window(d, sc, j);
        self.verb_roles(d, nps, &win, j, false, last_actor)
    }

    /// The subject of the sentence's main clause (its first verb), for a
    /// circumstantial participle after it.
    fn main_subject(
        &self,
        d: &Doc<'_>,
        sc: &SentenceScopes,
        nps: &[Np],
        v: usize,
        last_actor: &Option<Participant>,
    ) -> Option<Participant> {
        let j = (sc.range().start..v).find(|&j| self.clause_verb(d, sc, nps, j))?;
        let roles = self.roles_at(d, sc, nps, j, last_actor);
        match roles.subject.first() {
            Some(a) if roles.explicit_subject => Some(self.participant(d, a)),
            _ => roles.inferred,
        }
    }

    /// The explicit subject of the nearest earlier finite verb of the
    /// sentence before `v`, outside a relative clause: the subject a verb
    /// joined to it by و / ف continues.
    fn earlier_subject(
        &self,
        d: &Doc<'_>,
        sc: &SentenceScopes,
        nps: &[Np],
        v: usize,
        last_actor: &Option<Participant>,
    ) -> Option<Participant> {
        let j = (sc.range().start..v).rev().find(|&j| {
            self.clause_verb(d, sc, nps, j)
                && !matches!(d.k.key(sc.clause(j).start), "الذي" | "التي" | "الذين")
        })?;
        let roles = self.roles_at(d, sc, nps, j, last_actor);
        match roles.subject.first() {
            Some(a) if roles.explicit_subject => Some(self.participant(d, a)),
            _ => None,
        }
    }

    fn verb_roles(
        &self,
        d: &Doc<'_>,
        nps: &[Np],
        clause: &Range<usize>,
        v: usize,
        passive: bool,
        last_actor: &Option<Participant>,
    ) -> Roles {
        let k = &d.k;
        let mut r = Roles::default();
        // A circumstantial participle (مؤكدا، داعيا) shares the sentence's subject.
        let participle = is_participle(d, v);
        let before: Vec<usize> = (0..nps.len())
            .filter(|&i| nps[i].start >= clause.start && nps[i].end <= v)
            .collect();
        r.after = (0..nps.len())
            .filter(|&i| nps[i].start > v && nps[i].start < clause.end)
            .collect();
        let group = |first: usize| coordinated(d, nps, first, clause.end);
        // A verb of the first person plural (ندين، نرفض) has the speaker of
        // the sentence's reporting verb as its subject (قال X: «ندين …»),
        // else none. The phrase after it is its object.
        if self.first_person_plural(d, v) {
            r.after_subject = r.after.first().copied().unwrap_or(nps.len());
            r.inferred = d.speaker.borrow().clone();
            return r;
        }
        // Agent of a passive.
        if passive {
            if let Some(&a) = r.after.iter().find(|&&i| {
                matches!(nps[i].intro, Intro::Words(a, b) if b - a == 2
                    && matches!(k.key(b - 1), "قبل" | "يد"))
            }) {
                r.agent = group(a).into_iter().map(|i| np_arg(&nps[i])).collect();
            }
        }
        // SVO: a bare phrase before the verb in the clause (the nearest).
        // Not one inside a fronted adjunct cut off by a comma (وبخصوص
        // أزمة جنوب السودان، طالب أوباما …): that phrase opens with a
        // preposition.
        let comma = |j: usize| k.is_punct(j) && matches!(k.key(j), "،" | ",");
        let fronted_adjunct = |i: usize| {
            if !(nps[i].end..v).any(comma) {
                return false;
            }
            let first = (clause.start..nps[i].start)
                .rev()
                .find(|&j| comma(j))
                .map_or(clause.start, |j| j + 1);
            first < nps[i].start
                && (k.flags(first) & (BI | LI | KA) != 0
                    || is_prep_word(k, first)
                    || k.is(first, "فيما"))
        };
        let svo = before
            .iter()
            .rev()
            .find(|&&i| nps[i].intro == Intro::Bare && !nps[i].coord && !fronted_adjunct(i))
            .copied();
        // A site of an actor (مركزا للشرطة، مواقع التنظيم) is a place
        // acted on, never the subject after its verb.
        let vso = r
            .after
            .iter()
            .find(|&&i| {
                nps[i].intro == Intro::Bare
                    && !(d.mention_at[nps[i].start].is_none() && is_site_noun(k.key(nps[i].start)))
            })
            .copied();
        let bare_after: Vec<usize> = r
            .after
            .iter()
            .copied()
            .filter(|&i| nps[i].intro == Intro::Bare && !nps[i].coord)
            .collect();
        // The head of a relative clause: the phrase right before, or
        // behind one adjective; not behind an event noun, which is the head
        // itself (أدانت روسيا الهجوم الذي استهدف …: the attack struck, not
        // Russia). With `any_case`, also a named body in any case behind a
        // comma (ألقيت المسؤولية على حزب العمال، الذي كثف هجماته: the party
        // attacks).
        let head_before = |at: usize, any_case: bool| {
            nps.iter().rposition(|np| {
                (np.intro == Intro::Bare
                    && (np.end == at
                        || (np.end + 1 == at && self.noun_trigger_at(d, np.end, at).is_none())))
                    || (any_case
                        && np.end + 1 == at
                        && matches!(k.key(np.end), "،" | ",")
                        && d.ent(np.entity).ty != EntityType::Loc)
            })
        };
        // A verb right after a relative pronoun and without an object
        // pronoun (حزب العمال، الذي كثف هجماته) has the relative's head as
        // its subject, whatever phrase follows; with one (المبنى الذي
        // استهدفه الجيش) the head is its object, and the subject follows.
        // Not a place, and not a perfect verb of coercion or force, which
        // reads as a passive as often (المدنيين الذين قتلوا، الذي اعتقل);
        // a verb that codes force only with a listed object (أعلن حالة
        // الطوارئ) is no such verb.
        let lx = self.lx;
        let coercion_perfect = || {
            d.forms[v].iter().any(|&(l, a)| {
                matches!(a, Aspect::Perfect | Aspect::Passive)
                    && lx.lemmas[l as usize].rows.iter().any(|&r| {
                        let row = &lx.verbs[r as usize];
                        let root = lx.codes[row.code as usize].root.as_str();
                        matches!(root, "17" | "18" | "19" | "20") && row.obj.level() < 2
                    })
            })
        };
        let relative_subject = (!participle
            && !passive
            && svo.is_none()
            && clause.start + 1 == v
            && matches!(k.key(clause.start), "الذي" | "التي" | "الذين")
            && !k.has(clause.start, WA)
            && !k.has(v, ENCLITIC)
            && !coercion_perfect())
        .then(|| head_before(clause.start, true))
        .flatten()
        .filter(|&h| d.ent(nps[h].entity).ty != EntityType::Loc);
        // A topic taken up by the verb's object pronoun, with a phrase
        // after the verb: that phrase is the subject, the topic the object
        // (سكان المدينة منعتهم الميليشيا من العودة).
        // Not with another verb of the clause before the verb (but كان):
        // the phrase is that verb's subject, and the word with the pronoun
        // a verbal noun (وأعلن الجبوري دعمه لقرارات …، كثف الطيران قصفه،
        // الجزائر جددت تأكيد دعمها).
        let topic = svo.filter(|&t| {
            d.at_verb.get()
                && !participle
                && !passive
                && relative_subject.is_none()
                && k.has(v, ENCLITIC)
                && vso.is_some()
                && !(clause.start..v).any(|j| {
                    !(nps[t].start..nps[t].end).contains(&j)
                        && d.mention_at[j].is_none()
                        && !crate::modality::is_kana(k.key(j))
                        && matches!(
                            verb_aspect(self.lx, k, j),
                            Some(Aspect::Perfect | Aspect::Imperfect)
                        )
                })
        });
        let svo = if topic.is_some() { None } else { svo };
        r.topic = topic;
        // A participle's subject is the main clause's (… ، داعيا طهران إلى):
        // the phrase after it is its object.
        let subject_first = if participle {
            None
        } else if relative_subject.is_some() {
            relative_subject
        } else if let Some(s) = svo {
            Some(s)
        } else if let Some(s) = vso {
            let e = &d.ent(nps[s].entity);
            // A lone place after a transitive verb is its object (وزار موسكو),
            // but not right after a verb of words or relations only (ورفضت
            // أنقرة، وطالبت واشنطن): a capital there speaks for its
            // government.
            let lone_place = e.ty == EntityType::Loc
                && bare_after.len() == 1
                && !passive
                && !(nps[s].start == v + 1 && self.verbal_only(d, v));
            // After و / ف, a lone phrase following a verb whose subject was
            // just named is its object (… ، والتقى الرئيس المصري).
            let continued = k.flags(v) & (WA | FA) != 0
                && bare_after.len() == 1
                && !passive
                && d.actor_in_sentence.get()
                && last_actor.as_ref().and_then(|p| p.actor.as_deref()) != actor_code(e).as_deref();
            // The same after a verb whose subject an earlier verb of the
            // sentence named, when no event of the sentence has named the
            // discourse actor yet (وتعرض أبو مازن للقضية، واتهم حماس).
            // Not when a bare word follows the phrase: that word is the
            // object, and the phrase the subject (وترفض حماس أي حديث،
            // وتبنت الجماعة مسؤوليتها).
            let object_follows = {
                let n = nps[s].end;
                n < clause.end
                    && k.has(n, crate::keys::WORD)
                    && k.flags(n) & (BI | LI | KA | WA | FA) == 0
                    && !is_prep_word(k, n)
                    && d.mention_at[n].is_none()
            };
            let earlier = d.earlier_subject.borrow();
            let coordinated = k.flags(v) & (WA | FA) != 0
                && bare_after.len() == 1
                && !passive
                && !object_follows
                && !d.actor_in_sentence.get()
                && earlier.as_ref().is_some_and(|p| {
                    p.actor.is_some() && p.actor.as_deref() != actor_code(e).as_deref()
                });
            if coordinated {
                r.inferred = earlier.clone();
                None
            } else if (lone_place || continued) && last_actor.is_some() {
                None
            } else {
                Some(s)
            }
        } else {
            None
        };
        // The head of a relative clause (حركة الشباب التي أعلنت …) or of
        // a topic (أما بكين فرفضت …) is the subject of its verb.
        let subject_first = subject_first.or_else(|| {
            if participle {
                return None;
            }
            if clause.start < v && matches!(k.key(clause.start), "الذي" | "التي" | "الذين")
            {
                return head_before(clause.start, false);
            }
            if k.has(v, FA) && v >= 2 {
                let topic = (v.saturating_sub(8)..v).rev().find(|&j| k.is(j, "اما"))?;
                return nps
                    .iter()
                    .position(|np| np.start > topic && np.end <= v && np.intro == Intro::Bare);
            }
            None
        });
        match subject_first {
            Some(s) => {
                let g = group(s);
                r.after_subject = g.last().map(|&x| x + 1).unwrap_or(0);
                r.subject = g.into_iter().map(|i| np_arg(&nps[i])).collect();
                r.explicit_subject = true;
            }
            None => {
                r.after_subject = r.after.first().copied().unwrap_or(nps.len());
                // An implied subject continues the discourse only after و / ف
                // (وزار موسكو، فالتقى): elsewhere a missing subject is
                // usually a misread clause.
                if (k.flags(v) & (WA | FA) != 0 || participle) && r.inferred.is_none() {
                    r.inferred = last_actor.clone();
                }
            }
        }
        if svo.is_some() {
            r.after_subject = r.after.first().copied().unwrap_or(nps.len());
        }
        r
    }

    /// True when every row of every reading of the verb at `v` codes words
    /// or relations (01–03, 05–07, 10–13, 16): a verb that never takes a
    /// place as its object.
    fn verbal_only(&self, d: &Doc<'_>, v: usize) -> bool {
        let lx = self.lx;
        let mut any = false;
        for &(l, _) in d.forms[v] {
            for &r in &lx.lemmas[l as usize].rows {
                any = true;
                let root = lx.codes[lx.verbs[r as usize].code as usize].root.as_str();
                if !matches!(
                    root,
                    "01" | "02" | "03" | "05" | "06" | "07" | "10" | "11" | "12" | "13" | "16"
                ) {
                    return false;
                }
            }
        }
        any
    }

    /// The target group of a verb row.
    fn targets(
        &self,
        d: &Doc<'_>,
        nps: &[Np],
        clause: &Range<usize>,
        _v: usize,
        row: &VerbRow,
        roles: &Roles,
    ) -> Vec<Arg> {
        let k = &d.k;
        let cands: Vec<usize> = roles
            .after
            .iter()
            .copied()
            .filter(|&i| i >= roles.after_subject)
            .collect();
        let group = |first: usize| -> Vec<Arg> {
            coordinated(d, nps, first, clause.end)
                .into_iter()
                .map(|i| np_arg(&nps[i]))
                .collect()
        };
        // A place after a compass word (شمالي سوريا) says where, not whom.
        let locative = |np: &Np| d.ent(np.entity).ty == EntityType::Loc && after_compass(k, np);
        // So does a city or town after ب, but for force (التقى الوزير …
        // بالرياض: in Riyadh; ألحق أضرارا بحلب: Aleppo is hit): a
        // country after ب is still the object (ندد بإسرائيل).
        let root = self.lx.codes[row.code as usize].root.as_str();
        let force = matches!(root, "17" | "18" | "19" | "20");
        let where_bi = |np: &Np| {
            !force
                && matches!(np.intro, Intro::Clitic(f) if f & BI != 0)
                && d.ent(np.entity).ty == EntityType::Loc
                && !is_country(k, np)
        };
        for slot in &row.slots {
            let hit = match slot {
                Slot::Direct | Slot::Genitive => cands
                    .iter()
                    .find(|&&i| nps[i].intro == Intro::Bare && !nps[i].coord && !locative(&nps[i])),
                Slot::Prep(p) => cands
                    .iter()
                    .find(|&&i| np_intro_matches(k, &nps[i], p) && !where_bi(&nps[i])),
                Slot::Between => cands
                    .iter()
                    .find(|&&i| matches!(nps[i].intro, Intro::Words(a, _) if k.is(a, "بين"))),
                Slot::NoSlot => None,
            };
            if let Some(&i) = hit {
                return group(i);
            }
        }
        Vec::new()
    }

    #[allow(clippy::too_many_arguments)]
    fn code_noun(
        &self,
        d: &Doc<'_>,
        si: usize,
        sc: &SentenceScopes,
        nps: &[Np],
        n: usize,
        end: usize,
        row_idx: u32,
        support: Option<(usize, u32)>,
        last_actor: &Option<Participant>,
        out: &mut Vec<Draft>,
    ) {
        let k = &d.k;
        let lx = self.lx;
        let row: &NounRow = &lx.nouns[row_idx as usize];
        let clause = sc.clause(n);
        // Statement nouns (بيان، موقف، تصريح) are events only with their
        // verb, and so are rows tagged [with_support] (عودة: a return is
        // 084 only when an authority allows or announces it).
        if support.is_none() && (lx.codes[row.code as usize].root == "01" || row.tags.with_support)
        {
            return;
        }
        // Control as a standing state, not a seizure: تحت سيطرة X، مناطق
        // سيطرته، الخاضعة لسيطرة X، الخارجة عن سيطرة X.
        if lx.codes[row.code as usize].code == "192" && n > 0 {
            let prev = k.key(n - 1);
            let held = matches!(prev, "تحت" | "مناطق" | "منطقه" | "نقاط")
                || (["خاضع", "الخاضع", "خارج", "الخارج"]
                    .iter()
                    .any(|w| prev.starts_with(w))
                    && !prev.contains("خارجي"));
            if held {
                return;
            }
        }
        // [requires:] on nouns.
        if !row.tags.requires.is_empty()
            && !sc
                .range()
                .any(|j| row.tags.requires.iter().any(|p| phrase_at(k, p, j)))
        {
            return;
        }
        let win = self.arg_window(d, sc, n);
        let full = win
            .start
            .min(clause.start)
            .min(support.map(|(v, _)| v).unwrap_or(n))..win.end;
        let after: Vec<usize> = (0..nps.len())
            .filter(|&i| nps[i].start >= end && nps[i].start < full.end)
            .collect();
        let group = |first: usize| -> Vec<Arg> {
            coordinated(d, nps, first, full.end)
                .into_iter()
                .map(|i| np_arg(&nps[i]))
                .collect()
        };
        // The genitive: a phrase right after the noun (adjectives allowed
        // between: زيارة رسمية للرئيس is not a genitive, زيارة الرئيس is).
        let genitive = after.iter().copied().find(|&i| {
            nps[i].intro == Intro::Bare
                && nps[i].start <= end + 2
                && (end..nps[i].start).all(|j| k.has(j, AL) && !k.is_punct(j))
        });
        // A noun with a pronoun has no genitive: the phrase after it is its
        // object (خلال لقائه وزير الخارجية: the minister is met).
        let pronoun = k.has(n, ENCLITIC);
        let (genitive, object) = if pronoun {
            (None, genitive)
        } else {
            (genitive, None)
        };
        // ل and an indefinite verbal noun after a verb: the purpose of the
        // clause (توجه إلى الدوحة للقاء X، يتطلع للقائه). Only a meeting or
        // visit after a verb of travel or meeting, or of looking forward
        // (not an invitation: دعا X لزيارة: X visits). The verb's index.
        let lx = self.lx;
        let travel = |j: &usize| {
            d.forms[*j].iter().any(|&(l, _)| {
                let lem = &lx.lemmas[l as usize];
                matches!(lem.perfect.as_str(), "تطلع" | "سعى")
                    || lem.rows.iter().any(|&r| {
                        let c = &lx.codes[lx.verbs[r as usize].code as usize];
                        matches!(c.code.as_str(), "042" | "043" | "044")
                    })
            })
        };
        let purpose_verb = (support.is_none()
            && k.flags(n) & (LI | AL) == LI
            && lx.codes[row.code as usize].root == "04")
            .then(|| {
                (n.saturating_sub(14)..n)
                    .rev()
                    .find(|&j| d.mention_at[j].is_none() && sc.aspect(j).is_some())
            })
            .flatten()
            .filter(travel);
        let purpose = purpose_verb.is_some();
        // بين X و Y, possibly a few words after the noun (اتصال هاتفي اليوم بين).
        // X is the phrase before the first coordinated one: a long title
        // chain may hold a name of its own (بين النائب الأول لرئيس مجلس
        // الوزراء الكويتي وزير الخارجية الشيخ X و Y).
        let between_first = (end..(end + 3).min(full.end))
            .find(|&j| k.is(j, "بين"))
            .and_then(|b| {
                let first = after
                    .iter()
                    .copied()
                    .find(|&i| nps[i].start > b && nps[i].start <= b + 8)?;
                Some((b, first))
            });
        let between_np = between_first.map(|(b, first)| {
            if nps.get(first + 1).is_some_and(|np| np.coord) {
                return first;
            }
            let second = after
                .iter()
                .copied()
                .find(|&i| i > first && nps[i].coord)
                .filter(|&c| nps[c].start <= b + 16);
            second.map_or(first, |c| c - 1)
        });
        // A place in a ب-phrase after a meeting is where it was held
        // (لقائه بالرياض), not whom it met.
        let meeting = lx.codes[row.code as usize].root == "04";
        let venue = |i: usize| {
            meeting
                && nps[i].intro == Intro::Clitic(BI)
                && d.ent(nps[i].entity).ty == EntityType::Loc
        };
        let find = |slots: &[Slot], skip: Option<usize>| -> Option<Vec<Arg>> {
            for slot in slots {
                let hit = match slot {
                    Slot::Genitive => genitive.filter(|&g| Some(g) != skip),
                    Slot::Prep(p) => after
                        .iter()
                        .copied()
                        .find(|&i| Some(i) != skip && np_intro_matches(k, &nps[i], p) && !venue(i))
                        .or_else(|| {
                            // A count taken from a group after the
                            // preposition (اعتقالات بحق 41 عنصرا من X).
                            if p.first().is_none_or(|w| w.key.is_empty()) {
                                return None;
                            }
                            let j = (end..full.end).find(|&j| phrase_at(k, p, j))?;
                            self.counted_partitive(d, nps, j + p.len(), full.end)
                                .filter(|&i| Some(i) != skip)
                        }),
                    Slot::Between => between_np,
                    Slot::Direct | Slot::NoSlot => None,
                };
                if let Some(i) = hit {
                    return Some(group(i));
                }
            }
            None
        };
        let mut sources: Vec<Arg>;
        let mut targets: Vec<Arg>;
        let mut conf = 0.5;
        let inverse_support =
            support.is_some_and(|(_, l)| self.res.inverse_support.contains(&l)) || row.tags.inverse;
        let passive_support = support.is_some_and(|(_, l)| self.res.passive_support.contains(&l));
        // "بين X و Y": both directions.
        if let (true, Some(i)) = (row.source.contains(&Slot::Between), between_np) {
            // Two sides of several parties each: بين X و Y من جهة، و Z من
            // جهة أخرى. Each party faces each of the other side.
            let sides = between_first
                .and_then(|(_, f)| two_sides(k, nps, f, full.end))
                .or_else(|| two_sides(k, nps, i, full.end));
            if let Some((a, b)) = sides {
                let modality = sc.modality(n);
                let (ga, gb): (Vec<Arg>, Vec<Arg>) = (
                    a.map(|x| np_arg(&nps[x])).collect(),
                    b.map(|x| np_arg(&nps[x])).collect(),
                );
                let code = self.clash_code(d, row.code, &[&ga, &gb]);
                for (x, y) in [(&ga, &gb), (&gb, &ga)] {
                    for s1 in x {
                        for t1 in y {
                            let (s1, t1) = (std::slice::from_ref(s1), std::slice::from_ref(t1));
                            self.emit(si, code, s1, t1, n..end, modality, 0.7, false, None, out);
                        }
                    }
                }
                return;
            }
            let mut g = group(i);
            // بين X مع Y, a common slip for بين X و Y.
            if g.len() == 1 {
                // The next phrase, with مع just before it (مع نظيره الروسي X).
                let j = i + 1;
                let with = j < nps.len()
                    && nps[j].start < full.end
                    && nps[j].start <= nps[i].end + 3
                    && (nps[i].end..nps[j].start).any(|m| k.is(m, "مع"))
                    && !(nps[i].end..nps[j].start).any(|m| k.is_punct(m));
                if with {
                    g.push(np_arg(&nps[j]));
                }
            }
            if g.len() >= 2 {
                let modality = sc.modality(n);
                let code = self.clash_code(d, row.code, &[&g]);
                for x in 0..g.len() {
                    for y in 0..g.len() {
                        if x != y {
                            self.emit(
                                si,
                                code,
                                &g[x..=x],
                                &g[y..=y],
                                n..end,
                                modality,
                                0.7,
                                false,
                                None,
                                out,
                            );
                        }
                    }
                }
                return;
            }
        }
        if let Some((v, _)) = support {
            if passive_support {
                // تم اعتقال X من قبل Y.
                targets = genitive.map(group).unwrap_or_default();
                sources = after
                    .iter()
                    .copied()
                    .find(|&i| matches!(nps[i].intro, Intro::Words(a, b) if b - a == 2 && matches!(k.key(b - 1), "قبل" | "يد")))
                    .map(group)
                    .unwrap_or_default();
            } else {
                let roles = self.verb_roles(
                    d,
                    nps,
                    &(clause.start.min(v)..clause.end),
                    v,
                    false,
                    last_actor,
                );
                let mut subj = roles.subject.clone();
                let subj_idx: Option<usize> = match roles.subject.first() {
                    Some(Arg::Np { start, .. }) => nps.iter().position(|p| p.start == *start),
                    _ => None,
                };
                targets = find(&row.target, subj_idx).unwrap_or_default();
                if targets.is_empty() && row.target.contains(&Slot::Genitive) {
                    targets = genitive
                        .filter(|&g| Some(g) != subj_idx)
                        .map(group)
                        .unwrap_or_default();
                }
                // With no subject in the clause, the noun's own named
                // genitive is its source before the discourse actor
                // (مؤكداً تضامن الجامعة العربية مع الحكومة العراقية).
                if subj.is_empty() && row.source.contains(&Slot::Genitive) {
                    if let Some(g) = genitive.filter(|&g| {
                        !targets
                            .iter()
                            .any(|t| matches!(t, Arg::Np { start, .. } if *start == nps[g].start))
                    }) {
                        subj = group(g);
                    }
                }
                if subj.is_empty() {
                    if let Some(p) = &roles.inferred {
                        subj.push(Arg::Inferred(Box::new(p.clone())));
                    }
                }
                sources = subj;
                if inverse_support {
                    // تلقى X اتصالا من Y: Y is the source, X the target.
                    let from = after.iter().copied().find(|&i| {
                        matches!(nps[i].intro, Intro::Words(a, _) if k.is(a, "من"))
                            || genitive == Some(i)
                    });
                    targets = std::mem::take(&mut sources);
                    sources = from.map(group).unwrap_or_default();
                }
                conf += 0.15;
            }
            if sources.is_empty() && !row.source.is_empty() {
                sources.extend(self.noun_source(d, nps, row_idx, end, sc.range().end));
            }
        } else {
            // No support verb: the preposition columns around the noun.
            let l_follows = after.iter().any(|&i| nps[i].intro == Intro::Clitic(LI));
            let both_genitive =
                row.source.contains(&Slot::Genitive) && row.target.contains(&Slot::Genitive);
            if both_genitive && !l_follows {
                targets = genitive.map(group).unwrap_or_default();
                sources = find(&row.source[1..], genitive).unwrap_or_default();
            } else {
                sources = find(&row.source, None).unwrap_or_default();
                if sources.is_empty() {
                    if let Some(i) = self.lam_agent(d, nps, &after, row, end) {
                        sources = group(i);
                    }
                }
                let skip = match sources.first() {
                    Some(Arg::Np { start, .. }) => nps.iter().position(|p| p.start == *start),
                    _ => None,
                };
                targets = find(&row.target, skip).unwrap_or_default();
            }
            // A meeting that "brought together" its parties (لقاء جمع X ب Y،
            // الاجتماع الذي ضم X و Y).
            let sent_end = sc.range().end;
            if sources.is_empty() && lx.codes[row.code as usize].root == "04" {
                let mut j = end;
                if j < sent_end && matches!(k.key(j), "الذي" | "التي") {
                    j += 1;
                }
                if j < sent_end && matches!(k.key(j), "جمع" | "ضم" | "جمعت" | "ضمت") {
                    let group = |first: usize| -> Vec<Arg> {
                        coordinated(d, nps, first, sent_end)
                            .into_iter()
                            .map(|i| np_arg(&nps[i]))
                            .collect()
                    };
                    let after: Vec<usize> = (0..nps.len())
                        .filter(|&i| nps[i].start > j && nps[i].start < sent_end)
                        .collect();
                    let first = after
                        .iter()
                        .copied()
                        .find(|&i| nps[i].start > j && nps[i].start <= j + 2);
                    if let Some(f) = first.filter(|&f| nps[f].intro == Intro::Bare) {
                        let g = group(f);
                        // The partner: بـ / مع, or the next phrase (بنظيره الصيني X).
                        let g_end = match g.last() {
                            Some(Arg::Np { end, .. }) => *end,
                            _ => nps[f].end,
                        };
                        let partner = after.iter().copied().find(|&i| {
                            i > f
                                && !nps[i].coord
                                && nps[i].start >= g_end
                                && nps[i].start <= g_end + 4
                                && match nps[i].intro {
                                    Intro::Clitic(c) => c == BI,
                                    Intro::Words(a, _) => k.is(a, "مع"),
                                    Intro::Bare => true,
                                }
                        });
                        let modality = sc.modality(n);
                        match partner {
                            Some(p) => {
                                let t = group(p);
                                self.emit(
                                    si,
                                    row.code,
                                    &g,
                                    &t,
                                    n..end,
                                    modality,
                                    0.6,
                                    false,
                                    None,
                                    out,
                                );
                            }
                            None if g.len() >= 2 => {
                                self.emit_reciprocal(si, row.code, &g, n..end, modality, 0.6, out);
                            }
                            None => {}
                        }
                        return;
                    }
                }
            }
            if sources.is_empty() && row.source.contains(&Slot::Genitive) {
                // A fronted adverbial (وخلال زيارته إلى X، قال Y …): the
                // main verb's subject is the noun's source.
                let sent = sc.range();
                let fronted = (sent.start..n)
                    .all(|j| d.mention_at[j].is_none() && sc.aspect(j).is_none())
                    && (sent.start..n).any(|j| {
                        matches!(k.key(j), "خلال" | "اثناء" | "عقب" | "هامش" | "ختام" | "بعد")
                    });
                if fronted {
                    let comma = (end..sent.end).find(|&j| k.is_punct(j));
                    if let Some(comma) = comma.filter(|&c| matches!(k.key(c), "،" | ",")) {
                        if let Some(v) = (comma + 1..(comma + 3).min(sent.end))
                            .find(|&j| d.mention_at[j].is_none() && sc.aspect(j).is_some())
                        {
                            let clause = self.arg_window(d, sc, v);
                            let roles = self.verb_roles(d, nps, &clause, v, false, last_actor);
                            if roles.explicit_subject {
                                sources = roles.subject;
                            }
                        }
                    }
                }
            }
            if sources.is_empty() && pronoun && row.source.contains(&Slot::Genitive) {
                // زيارته: the pronoun refers to the last actor.
                if let Some(p) = last_actor {
                    sources.push(Arg::Inferred(Box::new(p.clone())));
                }
            }
            if targets.is_empty() {
                if let Some(o) = object {
                    targets = group(o);
                    // The pronoun never points at its own object (اتهامه
                    // الكويت والإمارات after the last actor الكويت).
                    let own = match sources.as_slice() {
                        [Arg::Inferred(p)] => targets.iter().any(|t| match t {
                            Arg::Np { entity, .. } => {
                                p.entity_index == Some(*entity)
                                    || (p.actor.is_some() && p.actor == actor_code(d.ent(*entity)))
                            }
                            Arg::Inferred(_) => false,
                        }),
                        _ => false,
                    };
                    if own {
                        sources.clear();
                    }
                }
            }
            // A relative clause or an attribution after the noun names its
            // source (تفجير نفذته طالبان، هجوم نسب إلى داعش) before the verb
            // it is an adverbial of, whose subject may be the victims (وقتل
            // 25 شرطيا في تفجير …).
            if sources.is_empty() && !row.source.is_empty() {
                sources.extend(self.noun_source(d, nps, row_idx, end, sc.range().end));
            }
            if sources.is_empty() && !row.source.is_empty() {
                // A noun in an adverbial of a verb (بحث X في اتصال هاتفي ب Y،
                // التقى X خلال زيارته): the verb's subject is the source.
                // A nisba on the noun names its source itself (قتل جنديان في
                // غارة أمريكية): not the verb's subject.
                // Not a war or a battle: the backdrop of the clause (شاركوا
                // في الدعم … في الحرب الدائرة), not an act of its subject.
                let backdrop = matches!(k.key(n), "حرب" | "معركه" | "معارك");
                let adverbial = !backdrop
                    && (k.has(n, BI)
                        || purpose
                        || (n > 0
                            && matches!(k.key(n - 1), "في" | "خلال" | "عبر" | "اثناء" | "عقب")));
                let nisba_after = (end..(end + 2).min(sc.range().end))
                    .take_while(|&g| {
                        d.mention_at[g].is_none()
                            && !k.is_punct(g)
                            && k.flags(g) & (WA | FA | BI | LI | KA) == 0
                            && !nps.iter().any(|np| np.start <= g && g < np.end)
                    })
                    .any(|g| k.nisba(g).is_some());
                if adverbial && !nisba_after {
                    if let Some(v) = (full.start..n)
                        .rev()
                        .find(|&j| d.mention_at[j].is_none() && sc.aspect(j).is_some())
                    {
                        let roles = self.verb_roles(d, nps, &full, v, false, last_actor);
                        if roles.explicit_subject {
                            // The subject of a passive or of a harm verb
                            // that reports victims (قتل ثلاثة جنود في هجوم)
                            // was struck: the noun's target, not its source.
                            let lemmas = d.forms[v].iter().map(|&(l, _)| l);
                            if self.patient_subject(d, nps, &full, v, sc.aspect(v), lemmas) {
                                if targets.is_empty() {
                                    targets = roles.subject;
                                }
                            } else {
                                sources = roles.subject;
                            }
                        }
                    }
                }
            }
        }
        // A relative clause whose verb points back at the noun holds its
        // target (الغارات التي تشنها الطائرات على مواقع المسلحين).
        if targets.is_empty() && row.target.iter().any(|s| matches!(s, Slot::Prep(_))) {
            if let Some(v) = self.resumptive_verb(d, row_idx, end, sc.range().end) {
                let rel = sc.clause(v);
                let hit = (0..nps.len()).find(|&i| {
                    nps[i].start > v
                        && nps[i].start < rel.end
                        && row
                            .target
                            .iter()
                            .any(|s| matches!(s, Slot::Prep(p) if np_intro_matches(k, &nps[i], p)))
                });
                if let Some(i) = hit {
                    targets.push(np_arg(&nps[i]));
                    let mut j = i + 1;
                    while j < nps.len() && nps[j].coord && nps[j].start < rel.end {
                        targets.push(np_arg(&nps[j]));
                        j += 1;
                    }
                }
            }
        }
        if targets.is_empty()
            && matches!(
                lx.codes[row.code as usize].root.as_str(),
                "18" | "19" | "20"
            )
        {
            targets.extend(self.place_target(d, nps, end..full.end));
        }
        // A purpose's agent is the verb's subject; the genitive after the
        // noun is then the one acted on (توجه كيري إلى الدوحة للقاء لافروف).
        if let Some(v) = purpose_verb {
            let window = self.arg_window(d, sc, v);
            let roles = self.verb_roles(d, nps, &window, v, false, last_actor);
            let genitive = matches!(sources.first(), Some(Arg::Np { start, .. }) if *start == end);
            if roles.explicit_subject && !roles.subject.is_empty() {
                if genitive && targets.is_empty() {
                    targets = std::mem::take(&mut sources);
                }
                // The pronoun of a meeting purpose is the one to be met
                // (يتطلع للقائه): the nearest other actor named before the
                // noun in the sentence, else the discourse actor. (A visit's
                // pronoun is mostly a place: لزيارتها.)
                let visit = matches!(
                    lx.codes[row.code as usize].code.as_str(),
                    "042" | "043" | "044"
                );
                if pronoun && !visit && targets.is_empty() {
                    let subject: Vec<usize> = roles
                        .subject
                        .iter()
                        .filter_map(|a| match a {
                            Arg::Np { entity, .. } => Some(*entity),
                            Arg::Inferred(_) => None,
                        })
                        .collect();
                    let sent = sc.range();
                    let named = (sent.start..n).rev().find_map(|t| {
                        let (e, m) = d.mention_at[t]?;
                        let e = e as usize;
                        let ent = d.ent(e);
                        let tokens = ent.mentions[m as usize].tokens.clone();
                        (!subject.contains(&e)
                            && ent.ty != EntityType::Loc
                            && actor_code(ent).is_some()
                            && tokens.start >= sent.start)
                            .then_some(Arg::Np {
                                start: tokens.start,
                                end: tokens.end,
                                entity: e,
                            })
                    });
                    if let Some(t) = named {
                        targets.push(t);
                    } else if let Some(Arg::Inferred(p)) = sources.first() {
                        targets.push(Arg::Inferred(p.clone()));
                    }
                }
                sources = roles.subject;
            }
        }
        if sources.is_empty() && targets.is_empty() {
            return;
        }
        let ties: Vec<u16> = lx
            .nouns_starting(&row.words[0].key)
            .iter()
            .map(|&r| &lx.nouns[r as usize])
            .filter(|r2| r2.words == row.words)
            .map(|r2| r2.code)
            .collect();
        let pair = force_pair(lx, &ties);
        let modality = match support {
            Some((v, _)) if sc.modality(v) != Modality::Asserted => sc.modality(v),
            // A purpose (توجه إلى الدوحة للقاء X) is intended.
            _ if purpose && sc.modality(n) == Modality::Asserted => Modality::Intended,
            _ => sc.modality(n),
        };
        let code = self.clash_code(d, row.code, &[&sources, &targets]);
        let words = self.verbal_attack(d, code, end, &targets);
        let (code, pair) = if words != code {
            (words, None)
        } else {
            (code, pair)
        };
        self.emit(
            si,
            code,
            &sources,
            &targets,
            n..end,
            modality,
            conf,
            false,
            pair,
            out,
        );
    }

    /// The agent of an attack noun in a ل-genitive right after it, behind
    /// adjectives only: aircraft, artillery and the like (قصف جوي لطائرات
    /// النظام), or forces when the target follows with على / ضد (هجوم
    /// لقوات الأمن على مواقع المسلحين). Index into `nps`.
    fn lam_agent(
        &self,
        d: &Doc<'_>,
        nps: &[Np],
        after: &[usize],
        row: &NounRow,
        end: usize,
    ) -> Option<usize> {
        let k = &d.k;
        if !matches!(
            self.lx.codes[row.code as usize].root.as_str(),
            "18" | "19" | "20"
        ) {
            return None;
        }
        let w = Words::get();
        let i = after.iter().copied().find(|&i| {
            nps[i].intro == Intro::Clitic(LI)
                && nps[i].start <= end + 2
                && (end..nps[i].start).all(|j| k.has(j, AL) && !k.is_punct(j))
        })?;
        let head = k.key(nps[i].start);
        if w.is(head, Class::Machine) {
            return Some(i);
        }
        let force = w.is(head, Class::MilWord) || w.is(head, Class::PoliceWord);
        let target_follows = after.iter().any(|&t| {
            t > i && matches!(nps[t].intro, Intro::Words(a, _) if k.is(a, "علي") || k.is(a, "ضد"))
        });
        (force && target_follows).then_some(i)
    }

    /// A fierce attack on a person (شن هجوما شديدا على الرئيس) is words, not
    /// force: 111. Attacks on places, forces and groups keep their code.
    fn verbal_attack(&self, d: &Doc<'_>, code: u16, end: usize, targets: &[Arg]) -> u16 {
        let fierce = d.k.in_class(end, Class::Fierce);
        let on_person = matches!(targets.first(),
            Some(Arg::Np { entity, .. }) if d.ent(*entity).ty == EntityType::Pers);
        if !(fierce
            && on_person
            && matches!(self.lx.codes[code as usize].root.as_str(), "18" | "19"))
        {
            return code;
        }
        self.lx.code_index("111").unwrap_or(code)
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        si: usize,
        code: u16,
        sources: &[Arg],
        targets: &[Arg],
        trigger: Range<usize>,
        modality: Modality,
        conf: f32,
        report: bool,
        force_pair: Option<(u16, u16)>,
        out: &mut Vec<Draft>,
    ) {
        let none = [None];
        let srcs: Vec<Option<Arg>> = if sources.is_empty() {
            none.to_vec()
        } else {
            sources.iter().cloned().map(Some).collect()
        };
        let tgts: Vec<Option<Arg>> = if targets.is_empty() {
            none.to_vec()
        } else {
            targets.iter().cloned().map(Some).collect()
        };
        for s in &srcs {
            for t in &tgts {
                if s.is_some() && s == t {
                    continue;
                }
                out.push(Draft {
                    code,
                    source: s.clone(),
                    target: t.clone(),
                    trigger: trigger.clone(),
                    sentence: si,
                    modality,
                    confidence: conf,
                    report,
                    force_pair,
                });
            }
        }
    }

    /// A statement (01x) by a reporting verb yields to the events coded in
    /// its quote; a plain 010 (said, added, stressed) is kept only when it
    /// is addressed to someone (أكد لنظيره) and nothing else is coded in
    /// the sentence: reports about reporting are not events.
    fn resolve_reports(&self, drafts: &mut [Draft]) {
        let lx = self.lx;
        let root = |d: &Draft| lx.codes[d.code as usize].root.as_str() == "01";
        for i in 0..drafts.len() {
            if !root(&drafts[i]) {
                continue;
            }
            let t = drafts[i].trigger.start;
            let code = lx.codes[drafts[i].code as usize].code.as_str();
            // A claim of responsibility (أعلنت مسؤوليتها عن التفجير) is an
            // event of its own, beside the claimed one.
            if code == "015" {
                continue;
            }
            let plain = code == "010";
            let other_after = drafts.iter().any(|o| o.trigger.start > t && !root(o));
            let other_any = drafts.iter().any(|o| !root(o));
            if (drafts[i].report && other_after)
                || (plain && (other_any || drafts[i].target.is_none()))
            {
                drafts[i].confidence = -1.0;
            }
        }
    }

    fn participant(&self, d: &Doc<'_>, arg: &Arg) -> Participant {
        match arg {
            Arg::Inferred(p) => (**p).clone(),
            Arg::Np { start, end, entity } => {
                let e = &d.ent(*entity);
                let tokens = d.a.tokens();
                let mut s = tokens[*start].span.start;
                // Leave a leading و ف ب ل ك out of the phrase.
                if d.k.flags(*start) & (WA | FA | BI | LI | KA) != 0 {
                    for seg in d.a.segments(&tokens[*start]) {
                        match d.a.form(seg) {
                            "و" | "ف" | "ب" | "ل" | "ك" => s = seg.span.end,
                            _ => break,
                        }
                    }
                }
                let real = *entity < d.n_real;
                // A place the tagger found that keeps its first letter,
                // which reads as a preposition (لحج), keeps it here too.
                if let Some(m) = e.mentions.iter().find(|m| real && m.tokens.start == *start) {
                    s = s.min(m.span.start);
                }
                let span = Span::new(s, tokens[*end - 1].span.end);
                // A country behind a person's title (وزير خارجية روسيا، ملك
                // البحرين، وزير الخارجية الروسي) is that country's office.
                let mut actor = actor_code(e);
                let gz = Gazetteer::get();
                if let Some(c) = actor
                    .as_deref()
                    .filter(|c| c.len() == 3 && gz.capital(c).is_some())
                {
                    let head = d.k.key(*start);
                    if d.mention_at[*start].is_none() && !is_place_noun(head) && !is_site_noun(head)
                    {
                        let keys: Vec<&str> = (*start..*end).map(|j| d.k.key(j)).collect();
                        if let Some(role) = gz.title_role(&keys) {
                            actor = Some(format!("{c}{role}"));
                        }
                    }
                }
                Participant {
                    entity: real.then(|| e.id.clone()),
                    entity_index: real.then_some(*entity),
                    actor,
                    text: span.slice(d.text).to_owned(),
                    span,
                }
            }
        }
    }

    /// Drafts → events: codes, dates, places, intent codes, dedup.
    fn finish(&self, d: &Doc<'_>, opts: CodeOptions<'_>, drafts: Vec<Draft>) -> Vec<Event> {
        let lx = self.lx;
        let dateline = self.dateline(d, opts.dateline);
        let mut out: Vec<Event> = Vec::new();
        let mut seen: FxSet<(String, Option<String>, Option<String>, usize)> = FxSet::default();
        for dr in drafts {
            if dr.confidence < 0.0 {
                continue;
            }
            let mut source = dr.source.as_ref().map(|a| self.participant(d, a));
            let mut target = dr.target.as_ref().map(|a| self.participant(d, a));
            insurgency_country(d, dr.target.as_ref(), &source, &mut target);
            let target_now = target.clone();
            insurgency_country(d, dr.source.as_ref(), &target_now, &mut source);
            if source.as_ref().and_then(|p| p.actor.as_ref()).is_none()
                && target.as_ref().and_then(|p| p.actor.as_ref()).is_none()
            {
                continue;
            }
            let mut code = dr.code;
            if let Some((irregular, state)) = dr.force_pair {
                let state_source = source.as_ref().and_then(|p| p.actor.as_deref()).is_some_and(is_state_actor)
                    || dr.source.as_ref().is_some_and(|a| matches!(a, Arg::Np { entity, .. } if d.ent(*entity).ty == EntityType::Loc));
                code = if state_source { state } else { irregular };
            }
            if dr.modality == Modality::Intended {
                if let Some(c) =
                    intent_code(&lx.codes[code as usize].code).and_then(|c| lx.code_index(c))
                {
                    code = c;
                }
            }
            let info: &CodeInfo = &lx.codes[code as usize];
            // Unnamed demonstrators and strikers are civilians: of the
            // nisba that names them (آلاف العراقيين), else of the country
            // they protest against (وقفة ضد الحوثي في جنيف → YEMCVL), else
            // of the place where they march (مظاهرات في بغداد → IRQCVL).
            // The trigger stands as their phrase. Storming and riots (145)
            // are often by forces: not guessed.
            let rally = info.code.starts_with("141") || info.code.starts_with("143");
            if rally && source.as_ref().and_then(|p| p.actor.as_ref()).is_none() {
                let country = protester_nisba(d, dr.sentence, &dr.trigger)
                    .or_else(|| {
                        let t = target.as_ref()?.actor.as_deref()?.get(..3)?;
                        Gazetteer::get().capital(t).is_some().then(|| t.to_owned())
                    })
                    .or_else(|| place_country_after(d, dr.sentence, dr.trigger.end));
                if let Some(c) = country {
                    let tokens = d.a.tokens();
                    let span = Span::new(
                        tokens[dr.trigger.start].span.start,
                        tokens[dr.trigger.end - 1].span.end,
                    );
                    source = Some(Participant {
                        entity: None,
                        entity_index: None,
                        actor: Some(format!("{c}CVL")),
                        text: span.slice(d.text).to_owned(),
                        span,
                    });
                }
            }
            // Words said to a news agency or a channel are said to the
            // public: the medium is no target (قال لوكالة الأنباء).
            if info.root == "01"
                && target
                    .as_ref()
                    .and_then(|p| p.actor.as_deref())
                    .is_some_and(|a| a.ends_with("MED"))
            {
                target = None;
            }
            let one_sided = source.as_ref().and_then(|p| p.actor.as_ref()).is_none()
                || target.as_ref().and_then(|p| p.actor.as_ref()).is_none();
            if one_sided && !opts.single_actor && !matches!(info.code.as_str(), "015" | "016") {
                continue;
            }
            // An actor acting on itself is not an event.
            if source.as_ref().and_then(|p| p.actor.as_ref()).is_some()
                && source.as_ref().and_then(|p| p.actor.as_ref())
                    == target.as_ref().and_then(|p| p.actor.as_ref())
            {
                continue;
            }
            // Statements without a speaker are not events.
            if info.root == "01" && source.as_ref().and_then(|p| p.actor.as_ref()).is_none() {
                continue;
            }
            let key = (
                info.code.clone(),
                source.as_ref().and_then(|p| p.actor.clone()),
                target.as_ref().and_then(|p| p.actor.clone()),
                dr.sentence,
            );
            if !seen.insert(key) {
                continue;
            }
            let tokens = d.a.tokens();
            let tspan = Span::new(
                tokens[dr.trigger.start].span.start,
                tokens[dr.trigger.end - 1].span.end,
            );
            let (date, date_text) = self.date_for(d, dr.sentence, dr.trigger.start);
            let location = self.location(
                d,
                dr.sentence,
                dr.trigger.start,
                info,
                &target,
                dr.target.as_ref(),
                &dateline,
            );
            let mut confidence = dr.confidence;
            if source.is_some() {
                confidence += 0.1;
            }
            if target.is_some() {
                confidence += 0.1;
            }
            out.push(Event {
                code: info.code.clone(),
                root: info.root.clone(),
                quad_class: info.quad_class,
                goldstein: info.goldstein,
                plover_event: info.plover_event.clone(),
                plover_mode: info.plover_mode.clone(),
                source,
                target,
                trigger: tspan,
                trigger_text: tspan.slice(d.text).to_owned(),
                sentence: dr.sentence,
                date,
                date_text,
                location,
                modality: dr.modality,
                confidence: confidence.clamp(0.05, 0.99),
            });
        }
        // An event missing an actor yields to the same event of the sentence
        // that has it (the verb and its noun coded apart: بحث X في اتصال ب Y).
        let actor = |p: &Option<Participant>| p.as_ref().and_then(|p| p.actor.clone());
        let keep: Vec<bool> = out
            .iter()
            .map(|e| {
                !out.iter().any(|o| {
                    o.sentence == e.sentence
                        && o.root == e.root
                        && ((actor(&e.target).is_none()
                            && actor(&o.target).is_some()
                            && actor(&o.source) == actor(&e.source))
                            || (actor(&e.source).is_none()
                                && actor(&o.source).is_some()
                                && actor(&o.target) == actor(&e.target)))
                })
            })
            .collect();
        let mut keep = keep.into_iter();
        out.retain(|_| keep.next().unwrap_or(true));
        out
    }

    /// The date of an event at token `t` of sentence `si`.
    fn date_for(&self, d: &Doc<'_>, si: usize, t: usize) -> (Option<String>, Option<String>) {
        let sents = d.a.sentences();
        let range = sents[si].tokens.clone();
        let best = d
            .dates
            .iter()
            .filter(|m| m.tokens.start >= range.start && m.tokens.end <= range.end)
            .min_by_key(|m| {
                let dist = if m.tokens.start > t {
                    m.tokens.start - t
                } else {
                    t.saturating_sub(m.tokens.end)
                };
                // Prefer a date after the trigger at equal distance (VSO news style).
                dist * 2 + usize::from(m.tokens.start < t)
            });
        if let Some(m) = best {
            return (Some(m.date.to_string()), Some(m.text.clone()));
        }
        // The paragraph so far: earlier sentences not separated by a line break.
        let mut s = si;
        while s > 0 {
            let gap = &d.text[sents[s - 1].span.end..sents[s].span.start];
            if gap.contains('\n') {
                break;
            }
            s -= 1;
            let r = sents[s].tokens.clone();
            if let Some(m) = d
                .dates
                .iter()
                .rev()
                .find(|m| m.tokens.start >= r.start && m.tokens.end <= r.end)
            {
                return (Some(m.date.to_string()), Some(m.text.clone()));
            }
        }
        (d.published.map(|p| p.to_string()), None)
    }

    /// The dateline place: a place among the first words before " - " or
    /// ":" (or in the dateline given by the caller).
    fn dateline(&self, d: &Doc<'_>, given: Option<&str>) -> Option<Location> {
        if let Some(g) = given {
            let head = g.split([':', '-', '،']).next().unwrap_or("");
            if let Some(loc) = gazetteer_place(head) {
                return Some(loc);
            }
        }
        let first_line_end = d.text.find('\n').unwrap_or(d.text.len()).min(120);
        let mut cut_at = first_line_end;
        while !d.text.is_char_boundary(cut_at) {
            cut_at -= 1;
        }
        let head = &d.text[..cut_at];
        let cut = head
            .find(" - ")
            .or_else(|| head.find(':'))
            .or_else(|| head.find(" – "))?;
        let tokens = d.a.tokens();
        for (t, tok) in tokens.iter().enumerate() {
            if tok.span.start >= cut {
                break;
            }
            if let Some((ei, _)) = d.mention_at[t] {
                let e = &d.ent(ei as usize);
                if e.ty == EntityType::Loc {
                    return Some(entity_location(e, &d.text[tok.span.start..tok.span.end]));
                }
            }
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn location(
        &self,
        d: &Doc<'_>,
        si: usize,
        t: usize,
        info: &CodeInfo,
        target: &Option<Participant>,
        target_arg: Option<&Arg>,
        dateline: &Option<Location>,
    ) -> Option<Location> {
        let k = &d.k;
        let range = d.a.sentences()[si].tokens.clone();
        // في / إلى / من + a place of the sentence, nearest to the trigger.
        let mut best: Option<(usize, usize, usize)> = None;
        for j in range.clone() {
            let Some((ei, mi)) = d.mention_at[j] else {
                continue;
            };
            let e = &d.ent(ei as usize);
            if e.ty != EntityType::Loc || e.mentions[mi as usize].tokens.start != j {
                continue;
            }
            let intro =
                j > range.start && matches!(k.key(j - 1), "في" | "الي" | "من") || k.has(j, BI);
            if !intro {
                continue;
            }
            let dist = j.abs_diff(t);
            if best.is_none_or(|(b, _, _)| dist < b) {
                best = Some((dist, ei as usize, j));
            }
        }
        if let Some((_, ei, j)) = best {
            let m = d.ent(ei).mentions.iter().find(|m| m.tokens.start == j);
            let text = m.map(|m| m.span.slice(d.text)).unwrap_or(&d.ent(ei).text);
            return Some(entity_location(d.ent(ei), text));
        }
        // A visited place.
        if matches!(info.code.as_str(), "042" | "043" | "036") {
            if let Some(Arg::Np { entity, .. }) = target_arg {
                let e = &d.ent(*entity);
                if e.ty == EntityType::Loc && info.code == "042" {
                    return Some(entity_location(e, &e.text));
                }
            }
        }
        if dateline.is_some() {
            return dateline.clone();
        }
        if info.code == "042" {
            let country = target
                .as_ref()
                .and_then(|p| p.actor.as_deref())
                .map(|a| &a[..a.len().min(3)])?;
            let p = Gazetteer::get().capital(country)?;
            return Some(Location {
                text: p.arabic.clone(),
                latin: Some(p.latin.clone()),
                country: Some(p.cameo.clone()),
                lat: Some(p.lat),
                lon: Some(p.lon),
            });
        }
        None
    }
}

/// The country of a nisba naming unnamed protesters: in the words before
/// the trigger (عائلة الأسير الفلسطيني تعتصم) or right after it, before any
/// preposition (تظاهر آلاف العراقيين ضد …).
fn protester_nisba(d: &Doc<'_>, si: usize, trigger: &Range<usize>) -> Option<String> {
    let sent = d.a.sentences().get(si)?.tokens.clone();
    let k = &d.k;
    let nisba = |t: usize| {
        (d.mention_at[t].is_none() && !k.is_punct(t))
            .then(|| k.nisba(t))
            .flatten()
            .map(str::to_owned)
    };
    let before = (trigger.start.saturating_sub(6).max(sent.start)..trigger.start)
        .rev()
        .take_while(|&t| !k.is_punct(t))
        .find_map(nisba);
    before.or_else(|| {
        (trigger.end..(trigger.end + 4).min(sent.end))
            .take_while(|&t| !k.is_punct(t) && !is_prep_word(k, t))
            .find_map(nisba)
    })
}

/// The country of the first place introduced by في or ب after token
/// `from` in sentence `si` (خرجت مظاهرات في بغداد → IRQ).
fn place_country_after(d: &Doc<'_>, si: usize, from: usize) -> Option<String> {
    let sent = d.a.sentences().get(si)?.tokens.clone();
    let gz = Gazetteer::get();
    for t in from.max(sent.start)..sent.end {
        let Some((e, m)) = d.mention_at[t] else {
            continue;
        };
        let e = d.ent(e as usize);
        if e.ty != EntityType::Loc || e.mentions[m as usize].tokens.start != t {
            continue;
        }
        let introduced = d.k.has(t, BI) || (t > sent.start && d.k.is(t - 1, "في"));
        let country = actor_code(e).and_then(|c| c.get(..3).map(str::to_owned));
        if let Some(c) = country.filter(|c| introduced && gz.capital(c).is_some()) {
            return Some(c);
        }
    }
    None
}

/// The two sides of بين X و Y من جهة، و Z من جهة أخرى: the phrases of
/// each (indices into `nps`), the first starting at `first`.
fn two_sides(
    k: &Keys,
    nps: &[Np],
    first: usize,
    limit: usize,
) -> Option<(Range<usize>, Range<usize>)> {
    let chain = |f: usize| {
        let mut j = f + 1;
        while j < nps.len() && nps[j].coord && nps[j].start < limit {
            j += 1;
        }
        f..j
    };
    let a = chain(first);
    // Adjectives may follow the last phrase (وحزب الله اللبناني من جهة).
    let mut end = nps[a.end - 1].end;
    while end < limit && k.has(end, AL) && nps.get(a.end).is_none_or(|np| np.start > end) {
        end += 1;
    }
    if !(end + 1 < limit && k.is(end, "من") && k.is(end + 1, "جهه")) {
        return None;
    }
    let second = a.end;
    let nb = nps.get(second)?;
    if nb.start >= limit || nb.start > end + 5 || nb.intro != Intro::Bare {
        return None;
    }
    // Only a comma and و between the sides.
    if !(end + 2..nb.start).all(|j| k.is_punct(j) || k.is(j, "و")) {
        return None;
    }
    Some((a, chain(second)))
}

/// Phrase `first` and the phrases coordinated with it (X وY) that start
/// before `end`. A place after a compass word that says where the phrase
/// before it is (داعش شمالي سوريا، وبي كا كا) does not end the group when
/// a phrase that is no place is coordinated after it.
fn coordinated(d: &Doc<'_>, nps: &[Np], first: usize, end: usize) -> Vec<usize> {
    let mut g = vec![first];
    let mut j = first + 1;
    while j < nps.len() && nps[j].start < end {
        if nps[j].coord {
            g.push(j);
            j += 1;
        } else if j + 1 < nps.len()
            && nps[j + 1].start < end
            && nps[j + 1].coord
            && d.ent(nps[j].entity).ty == EntityType::Loc
            && d.ent(nps[j + 1].entity).ty != EntityType::Loc
            && after_compass(&d.k, &nps[j])
        {
            j += 1;
        } else {
            break;
        }
    }
    g
}

/// True when a compass word opens the phrase or stands right before it
/// (شمالي سوريا، شرقي الرمادي).
fn after_compass(k: &Keys, np: &Np) -> bool {
    k.in_class(np.start, Class::Direction)
        || (np.start > 0 && k.in_class(np.start - 1, Class::Direction))
}

/// True when `arg` is a government whose country was guessed from the
/// document (الحكومة with no antecedent).
fn guessed_government(d: &Doc<'_>, arg: &Arg) -> bool {
    let &Arg::Np { entity, .. } = arg else {
        return false;
    };
    entity >= d.n_real
        && d.guessed.get(entity - d.n_real).copied().unwrap_or(false)
        && d.ent(entity)
            .actor
            .as_deref()
            .is_some_and(|a| a.ends_with("GOV"))
}

/// A state force whose country was guessed from the document, facing an
/// armed group of one country (هاجم متمردو حزب العمال الكردستاني عناصر من
/// قوات الأمن), is that country's: insurgents fight their own state.
/// `force_arg` and `force` are the force's argument and participant,
/// `other` the participant it faces.
fn insurgency_country(
    d: &Doc<'_>,
    force_arg: Option<&Arg>,
    other: &Option<Participant>,
    force: &mut Option<Participant>,
) {
    let Some(&Arg::Np { entity, .. }) = force_arg else {
        return;
    };
    if entity < d.n_real || !d.guessed.get(entity - d.n_real).copied().unwrap_or(false) {
        return;
    }
    let Some(group) = other.as_ref().and_then(|p| p.actor.as_deref()) else {
        return;
    };
    if group.starts_with("IMG") || !armed_actor(group) {
        return;
    }
    let Some(c) = group
        .get(..3)
        .filter(|c| Gazetteer::get().capital(c).is_some())
    else {
        return;
    };
    let Some(p) = force.as_mut() else { return };
    let Some(code) = p.actor.as_deref() else {
        return;
    };
    let role = code.get(3..).unwrap_or("");
    if code.get(..3) == Some(c)
        || !["MIL", "COP", "SPY", "GOV"]
            .iter()
            .any(|r| role.starts_with(r))
    {
        return;
    }
    p.actor = Some(format!("{c}{role}"));
}

/// The document's main country: the country most often named, counting
/// a mention of a person or body with an actor code twice and a bare
/// place once (the tagger's stray places weigh less than the actors).
fn main_country(entities: &[Entity]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for e in entities {
        let Some(mut c) = actor_code(e) else {
            continue;
        };
        if c.len() < 3 || !c.is_char_boundary(3) {
            continue;
        }
        c.truncate(3);
        if matches!(c.as_str(), "IGO" | "IMG" | "NGO" | "MNC" | "UAF") {
            continue;
        }
        let w = match (e.ty, e.actor.is_some()) {
            (EntityType::Loc, _) => 1,
            (_, true) => 2,
            _ => continue,
        };
        let n = e.mentions.len() * w;
        match counts.iter_mut().find(|(x, _)| *x == c) {
            Some((_, m)) => *m += n,
            None => counts.push((c, n)),
        }
    }
    // The first named wins a tie.
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(c, _)| c)
}

/// Generic groups of people outside the recognized entities, coded with
/// their role and a country: the nisba that follows (جنود أتراك), else a
/// place right after في, else the body of a country it is paired with
/// (قوات الأمن التركية والمسلحين), else the country the same noun was named
/// with earlier, else the document's main country (tried first
/// because it beats the sentence's nearest place on the development set),
/// else the nearest place of the sentence. With each, whether its country
/// was guessed (one of the last two).
fn role_nouns(
    text: &str,
    a: &Analysis,
    k: &Keys,
    entities: &[Entity],
    mention_at: &[Option<(u32, u32)>],
) -> (Vec<Entity>, Vec<bool>) {
    let g = Gazetteer::get();
    let mut out = Vec::new();
    let mut guessed = Vec::new();
    let mut main: Option<String> = None;
    let mut main_done = false;
    // The role nouns named with a country so far: (key, country).
    let mut named: Vec<(&str, String)> = Vec::new();
    let sentence_of = |t: usize| a.sentences().iter().position(|s| s.tokens.contains(&t));
    let mut i = 0;
    while i < k.len() {
        if mention_at[i].is_some() {
            i += 1;
            continue;
        }
        // An unnamed official: a title and the nisba of its country
        // (وزير الخارجية الأمريكي، الرئيس الصيني، نظيره التركي).
        if let Some((end, country)) = official_title(k, entities, mention_at, i) {
            if let Some(country) = country {
                out.push(role_entity(text, a, k, i, end, country, "GOV"));
                guessed.push(false);
            }
            i = end;
            continue;
        }
        // جيش alone is the army only when definite or owned (الجيش، جيشه),
        // not the first word of a group's name (جيش الإسلام).
        let bare_army = k.is(i, "جيش") && k.flags(i) & (AL | ENCLITIC) == 0;
        // A nisba after a definite noun joined by و is the pair's
        // (الأطراف والقيادات السياسية العراقية).
        let pair_nisba = || {
            if i + 1 >= k.len()
                || mention_at[i + 1].is_some()
                || !k.has(i + 1, WA)
                || !k.has(i + 1, AL)
            {
                return None;
            }
            (i + 2..(i + 4).min(k.len()))
                .take_while(|&j| mention_at[j].is_none() && k.has(j, AL))
                .find_map(|j| k.nisba(j).map(|c| (j, c)))
        };
        let words = Words::get();
        let role = (!bare_army && k.may_be(i, Class::Role))
            .then(|| match words.role(k.key(i), k.key(i + 1)) {
                Some(r) => Some((r, None)),
                None => pair_nisba()
                    .and_then(|(j, c)| words.role(k.key(i), k.key(j)).map(|r| (r, Some((j, c))))),
            })
            .flatten();
        let Some(((role, two), pair)) = role else {
            i += 1;
            continue;
        };
        let mut end = if two { i + 2 } else { i + 1 };
        let mut country: Option<String> = None;
        if let Some((j, c)) = pair {
            country = Some(c.to_owned());
            end = j + 1;
        }
        for j in end..(end + 2).min(k.len()) {
            if country.is_some() || mention_at.get(j).is_some_and(Option::is_some) {
                break;
            }
            if let Some(c) = k.nisba(j) {
                country = Some(c.to_owned());
                end = j + 1;
                break;
            }
        }
        // A place right after the noun (جنود في سوريا، الأطراف الرئيسية في
        // مصر) is its country.
        if country.is_none() {
            country = place_after_fi(k, entities, mention_at, end);
        }
        // The second of a pair after a body of a country is of that
        // country (قوات الأمن التركية والمسلحين، الجيش السوري والمسلحون).
        if country.is_none() && i > 0 && k.flags(i) & WA != 0 {
            if let Some((e, _)) = mention_at[i - 1] {
                country = actor_code(&entities[e as usize])
                    .and_then(|c| c.get(..3).map(str::to_owned))
                    .filter(|c| g.capital(c).is_some());
            }
        }
        // The same noun named earlier with its country (الأطراف الليبية …
        // الأطراف الرئيسية) is the same group.
        match &country {
            Some(c) => named.push((k.key(i), c.clone())),
            None => {
                country = named
                    .iter()
                    .rev()
                    .find(|(key, _)| *key == k.key(i))
                    .map(|(_, c)| c.clone());
            }
        }
        let own = country.is_some();
        if country.is_none() && !main_done {
            main_done = true;
            main = main_country(entities);
        }
        if country.is_none() {
            country = main.clone();
        }
        if country.is_none() {
            // The nearest place of the sentence.
            if let Some(s) = sentence_of(i) {
                let r = a.sentences()[s].tokens.clone();
                country = r
                    .clone()
                    .filter_map(|t| mention_at[t].map(|(e, _)| (t, e as usize)))
                    .filter(|&(_, e)| entities[e].ty == EntityType::Loc)
                    .min_by_key(|&(t, _)| t.abs_diff(i))
                    .and_then(|(_, e)| actor_code(&entities[e]))
                    .map(|c| c[..c.len().min(3)].to_owned());
            }
        }
        if country.is_none() {
            if !main_done {
                main_done = true;
                main = main_country(entities);
            }
            country = main.clone();
        }
        let Some(country) = country else {
            i = end;
            continue;
        };
        out.push(role_entity(text, a, k, i, end, &country, role));
        guessed.push(!own);
        i = end;
    }
    (out, guessed)
}

/// The country of a place named right after في at token `at` (جنود في
/// سوريا، الحكومة في بغداد).
fn place_after_fi(
    k: &Keys,
    entities: &[Entity],
    mention_at: &[Option<(u32, u32)>],
    at: usize,
) -> Option<String> {
    if at + 1 >= k.len() || !k.is(at, "في") {
        return None;
    }
    let (e, _) = mention_at[at + 1]?;
    let e = &entities[e as usize];
    (e.ty == EntityType::Loc)
        .then(|| actor_code(e))
        .flatten()
        .and_then(|c| c.get(..c.len().min(3)).map(str::to_owned))
}

/// The entity of a role phrase over tokens `i..end`, coded `country` +
/// `role`.
fn role_entity(
    text: &str,
    a: &Analysis,
    k: &Keys,
    i: usize,
    end: usize,
    country: &str,
    role: &str,
) -> Entity {
    let tokens = a.tokens();
    // Leave a leading و ف ب ل ك out of the mention.
    let mut s = tokens[i].span.start;
    if k.flags(i) & (WA | FA | BI | LI | KA) != 0 {
        for seg in a.segments(&tokens[i]) {
            match a.form(seg) {
                "و" | "ف" | "ب" | "ل" | "ك" => s = seg.span.end,
                _ => break,
            }
        }
    }
    let span = Span::new(s, tokens[end - 1].span.end);
    let phrase = span.slice(text).to_owned();
    Entity {
        id: String::new(),
        ty: EntityType::Pers,
        text: phrase.clone(),
        canonical: phrase,
        latin: None,
        actor: Some(format!("{country}{role}")),
        country: Some(country.to_owned()),
        titles: Vec::new(),
        role: None,
        geo: None,
        mentions: vec![rasd_ner::entities::Mention {
            span,
            tokens: i..end,
        }],
    }
}

/// An official named by a title and a definite nisba, without a name
/// (وزير الخارجية الأمريكي، الرئيس الصيني، رئيس الوزراء التركي، نظيره
/// الروسي، المتحدث باسم الخارجية الأمريكية): the end of the phrase and the
/// nisba's country; no country when a name is in apposition, before (X،
/// مساعدة وزير الخارجية الأمريكي) or after (وزير الخارجية الأمريكي
/// السابق X): the entity stage codes the person.
fn official_title(
    k: &Keys,
    entities: &[Entity],
    mention_at: &[Option<(u32, u32)>],
    i: usize,
) -> Option<(usize, Option<&'static str>)> {
    // نائب الرئيس، نائب وزير…, not النائب العام (the prosecutor).
    let title = k.may_be(i, Class::OfficialTitle)
        && Words::get().is_before(k.key(i), k.key(i + 1), Class::OfficialTitle);
    if !title {
        return None;
    }
    let person = |t: usize| {
        mention_at
            .get(t)
            .copied()
            .flatten()
            .is_some_and(|(e, _)| entities[e as usize].ty == EntityType::Pers)
    };
    let name_before = i > 0 && (person(i - 1) || (i > 1 && k.is_punct(i - 1) && person(i - 2)));
    for j in i + 1..(i + 5).min(k.len()) {
        if mention_at.get(j).is_some_and(Option::is_some) || k.is_punct(j) {
            return None;
        }
        if k.has(j, AL) {
            if let Some(c) = k.nisba(j) {
                // A name after it, maybe behind a comma or السابق.
                let mut n = j + 1;
                if k.is_punct(n) || matches!(k.key(n), "سابق" | "اسبق") {
                    n += 1;
                }
                // Or behind an honorific (الشيخ، الدكتور) or two.
                while n < (j + 4).min(k.len())
                    && !person(n)
                    && k.flags(n) & (WA | FA | BI | LI | KA) == 0
                    && is_honorific(k.key(n))
                {
                    n += 1;
                }
                let named = name_before || person(n);
                return Some((j + 1, (!named).then_some(c)));
            }
        } else if !(k.is_title_word(j) || k.is(j, "اسم")) {
            return None;
        }
    }
    None
}

/// Definite head nouns used alone (الحركة، التنظيم، الجماعة، الحزب،
/// الحكومة، الوزارة) resolved to the most recent entity before them whose
/// mention starts with (or follows) the same noun, else the most recent
/// one whose actor code has the kind's role. Not when a name, a nisba or
/// a genitive follows (حركة حماس، الحكومة الليبية، حزب الله). الحكومة with
/// no antecedent is the government of the place after في, else of a
/// government member named just before it in the sentence, else of the
/// document's main country (flagged as guessed).
fn anaphors(
    text: &str,
    a: &Analysis,
    k: &Keys,
    entities: &[Entity],
    mention_at: &[Option<(u32, u32)>],
) -> (Vec<Entity>, Vec<bool>) {
    let g = Gazetteer::get();
    let words = Words::get();
    let mut out = Vec::new();
    let mut guessed = Vec::new();
    let mut main: Option<Option<String>> = None;
    for i in 0..k.len() {
        if mention_at[i].is_some() || k.flags(i) & AL == 0 || k.has(i, ENCLITIC) {
            continue;
        }
        if let Some((end, ei)) = bare_office(k, entities, mention_at, i) {
            out.push(anaphor_entity(a, &entities[ei], i..end));
            guessed.push(false);
            continue;
        }
        // The head noun of a body that news uses alone for the last one
        // named (حركة حماس … وقالت الحركة; تنظيم داعش … وتبنى التنظيم), and
        // the role codes its antecedent may carry when no mention starts
        // with that noun.
        let Some(roles) = words.anaphor(k.key(i)) else {
            continue;
        };
        // A definite head is never in construct, so only an adjective can
        // follow it inside the phrase: armed groups keep a few (التنظيم
        // الإرهابي); otherwise an adjective may name another body
        // (الحكومة الشرعية، الحزب الحاكم، التنظيم الجيد).
        let armed = roles.split('|').any(|r| r == "REB");
        if i + 1 < k.len() {
            let next = k.key(i + 1);
            if g.nisba(next).is_some()
                || (mention_at[i + 1].is_none()
                    && k.flags(i + 1) & AL != 0
                    && k.flags(i + 1) & (WA | BI | LI | FA | KA) == 0
                    && !(armed && words.is(next, Class::ArmedAdjective)))
            {
                continue;
            }
        }
        let mut by_head: Option<(usize, usize)> = None;
        let mut by_role: Option<(usize, usize)> = None;
        for (ei, e) in entities.iter().enumerate() {
            if e.ty == EntityType::Loc {
                continue;
            }
            let Some(actor) = actor_code(e) else {
                continue;
            };
            for m in &e.mentions {
                let s0 = m.tokens.start;
                if s0 >= i {
                    continue;
                }
                let head = k.is(s0, k.key(i)) || (s0 > 0 && k.is(s0 - 1, k.key(i)));
                if head && by_head.is_none_or(|(t, _)| s0 > t) {
                    by_head = Some((s0, ei));
                }
                if roles.split('|').any(|r| actor.contains(r))
                    && by_role.is_none_or(|(t, _)| s0 > t)
                {
                    by_role = Some((s0, ei));
                }
            }
        }
        let Some((_, ei)) = by_head.or(by_role.filter(|_| armed)) else {
            // The government with nothing before it is the government of
            // the place after في (الحكومة في بغداد), else of the document's
            // main country (احتجاجات ضد الحكومة).
            // Not before a name (رئيس الحكومة مانويل فالس).
            let named = mention_at.get(i + 1).is_some_and(Option::is_some);
            if roles == "GOV" && k.is(i, "حكومه") && !named {
                // A member of a government just before, in the same
                // sentence (أمر بوتين الحكومة).
                let official = || {
                    let start = a
                        .sentences()
                        .iter()
                        .find(|s| s.tokens.contains(&i))
                        .map_or(i, |s| s.tokens.start);
                    (start..i).rev().find_map(|t| {
                        let (e, _) = mention_at[t]?;
                        actor_code(&entities[e as usize])
                            .filter(|c| c.len() == 6 && c.ends_with("GOV"))
                            .and_then(|c| c.get(..3).map(str::to_owned))
                    })
                };
                let place = place_after_fi(k, entities, mention_at, i + 1).or_else(official);
                let guess = place.is_none();
                if place.is_none() && main.is_none() {
                    main = Some(main_country(entities));
                }
                if let Some(c) = place.or_else(|| main.clone().flatten()) {
                    out.push(role_entity(text, a, k, i, i + 1, &c, "GOV"));
                    guessed.push(guess);
                }
            }
            continue;
        };
        out.push(anaphor_entity(a, &entities[ei], i..i + 1));
        guessed.push(false);
    }
    (out, guessed)
}

/// A mention over `tokens` of the entity `e`, named again by a head noun or
/// a title.
fn anaphor_entity(a: &Analysis, e: &Entity, tokens: Range<usize>) -> Entity {
    let t = a.tokens();
    Entity {
        id: String::new(),
        ty: e.ty,
        text: e.text.clone(),
        canonical: e.canonical.clone(),
        latin: e.latin.clone(),
        actor: actor_code(e),
        country: e.country.clone(),
        titles: Vec::new(),
        role: None,
        geo: None,
        mentions: vec![rasd_ner::entities::Mention {
            span: Span::new(t[tokens.start].span.start, t[tokens.end - 1].span.end),
            tokens,
        }],
    }
}

/// A title of two words used alone (ودعا الأمين العام) for the
/// organization named earlier in a ل-genitive right after the same title
/// (الأمين العام لجامعة الدول العربية): the end of the title and the
/// organization's entity. Not when a name, a nisba, a genitive or a
/// ل-phrase follows it, which names another holder (الأمين العام للأمم
/// المتحدة). People with titles are linked by the entity stage; one-word
/// titles (الوزارة، القائد) name too many bodies.
fn bare_office(
    k: &Keys,
    entities: &[Entity],
    mention_at: &[Option<(u32, u32)>],
    i: usize,
) -> Option<(usize, usize)> {
    if !k.is_title_word(i) || k.flags(i) & (WA | FA | BI | LI | KA) != 0 {
        return None;
    }
    let two = i + 1 < k.len()
        && mention_at[i + 1].is_none()
        && k.has(i + 1, AL)
        && k.flags(i + 1) & (WA | FA | BI | LI | KA) == 0
        && k.nisba(i + 1).is_none();
    if !two {
        return None;
    }
    let end = i + 2;
    if end < k.len()
        && (mention_at[end].is_some()
            || k.has(end, LI)
            || k.nisba(end).is_some()
            || (k.has(end, AL) && k.flags(end) & (WA | FA) == 0))
    {
        return None;
    }
    let mut best: Option<(usize, usize)> = None;
    for (ei, e) in entities.iter().enumerate() {
        if e.ty != EntityType::Org || actor_code(e).is_none() {
            continue;
        }
        for m in &e.mentions {
            let s0 = m.tokens.start;
            if s0 < 2 || s0 >= i {
                continue;
            }
            let same = k.has(s0, LI) && k.is(s0 - 2, k.key(i)) && k.is(s0 - 1, k.key(i + 1));
            if same && best.is_none_or(|(t, _)| s0 > t) {
                best = Some((s0, ei));
            }
        }
    }
    best.map(|(_, ei)| (end, ei))
}

/// True when token `x` is not a clause-breaking word (punctuation).
fn sc_free(d: &Doc<'_>, x: usize) -> bool {
    !d.k.is_punct(x)
}

fn np_arg(np: &Np) -> Arg {
    Arg::Np {
        start: np.start,
        end: np.end,
        entity: np.entity,
    }
}

/// The CAMEO actor code of an entity: its own, else its country's. An
/// organization without a code of its own (a newspaper, a company, a club)
/// is no actor of its country.
fn actor_code(e: &Entity) -> Option<String> {
    if let Some(a) = &e.actor {
        return Some(a.clone());
    }
    if e.ty == EntityType::Org {
        return None;
    }
    let iso = e
        .country
        .as_ref()
        .or(e.geo.as_ref().and_then(|g| g.country.as_ref()))?;
    Some(Gazetteer::get().cameo(iso).unwrap_or(iso).to_owned())
}

fn entity_location(e: &Entity, text: &str) -> Location {
    // A region or a sea (geo without a country) is in no country.
    let country = match &e.geo {
        Some(g) => g
            .country
            .as_ref()
            .map(|c| Gazetteer::get().cameo(c).unwrap_or(c).to_owned()),
        None => actor_code(e).map(|a| a[..a.len().min(3)].to_owned()),
    };
    Location {
        text: text.to_owned(),
        latin: e
            .geo
            .as_ref()
            .map(|g| g.latin.clone())
            .or_else(|| e.latin.clone()),
        country,
        lat: e.geo.as_ref().map(|g| g.lat),
        lon: e.geo.as_ref().map(|g| g.lon),
    }
}

/// True when the phrase `np` is a country the gazetteer knows (not a
/// city, a region or an unknown place).
fn is_country(k: &Keys, np: &Np) -> bool {
    let g = Gazetteer::get();
    (np.start..np.end).any(|i| {
        (i + 1..=np.end.min(i + 3)).any(|e| {
            let key: Vec<&str> = (i..e).map(|j| k.key(j)).collect();
            g.place(&key.join(" ")).is_some_and(|p| p.kind == "country")
        })
    })
}

/// A place of the gazetteer named by the words of `text` (the longest
/// run of up to three words).
fn gazetteer_place(text: &str) -> Option<Location> {
    let a = rasd_text::TextAnalyzer::new().analyze(text);
    let k = Keys::new(text, &a);
    let g = Gazetteer::get();
    for i in 0..k.len() {
        for len in (1..=3.min(k.len() - i)).rev() {
            let key: Vec<&str> = (i..i + len).map(|j| k.key(j)).collect();
            if let Some(p) = g.place(&key.join(" ")) {
                let tokens = a.tokens();
                let span = Span::new(tokens[i].span.start, tokens[i + len - 1].span.end);
                return Some(Location {
                    text: span.slice(text).to_owned(),
                    latin: Some(p.latin.clone()),
                    country: Some(p.cameo.clone()),
                    lat: Some(p.lat),
                    lon: Some(p.lon),
                });
            }
        }
    }
    None
}

/// True for state actors (government, military, police, intelligence),
/// whose attacks are conventional force (19x).
fn is_state_actor(code: &str) -> bool {
    let role = if code.len() > 3 { &code[3..] } else { "" };
    role.is_empty()
        || ["GOV", "MIL", "COP", "SPY", "JUD", "LEG"]
            .iter()
            .any(|r| role.starts_with(r))
}

/// When tied rows include both an 18x and a 19x code, the pair
/// (irregular, state).
fn force_pair(lx: &Lexicon, ties: &[u16]) -> Option<(u16, u16)> {
    let irregular = ties.iter().find(|&&c| lx.codes[c as usize].root == "18")?;
    let state = ties.iter().find(|&&c| lx.codes[c as usize].root == "19")?;
    Some((*irregular, *state))
}

/// The intent code (03x) of an action code, per the lexicon's table.
pub fn intent_code(code: &str) -> Option<&'static str> {
    family_code("03", code)
}

/// The code of an appeal (`02`), intent (`03`), demand (`10`), rejection
/// (`12`) or threat (`13`) whose embedded action has the code `action`
/// (data/events/README.md, "Modality intent and the parallel families").
pub fn family_code(family: &str, action: &str) -> Option<&'static str> {
    let col = match family {
        "02" => 0,
        "03" => 1,
        "10" => 2,
        "12" => 3,
        "13" => return threat_code(action),
        _ => return None,
    };
    let row: [&'static str; 4] = match action {
        "060" => ["021", "031", "101", "121"],
        "061" => ["0211", "0311", "1011", "1211"],
        "062" => ["0212", "0312", "1012", "1212"],
        "063" => ["0213", "0313", "1013", "121"],
        "064" => ["0214", "0314", "1014", "121"],
        "050" | "051" | "052" | "053" | "054" | "055" | "056" => ["022", "032", "102", "120"],
        "070" | "075" => ["023", "033", "103", "122"],
        "071" => ["0231", "0331", "1031", "1221"],
        "072" => ["0232", "0332", "1032", "1222"],
        "073" => ["0233", "0333", "1033", "1223"],
        "074" => ["0234", "0334", "1034", "1224"],
        "083" => ["024", "034", "104", "123"],
        "0831" => ["0241", "0341", "1041", "1231"],
        "0832" => ["0242", "0342", "1042", "1232"],
        "0833" => ["0243", "0343", "1043", "1233"],
        "0834" => ["0244", "0344", "1044", "1234"],
        "080" => ["025", "035", "105", "124"],
        "081" | "0811" | "0812" | "0813" | "0814" => ["0251", "0351", "1051", "1241"],
        "082" => ["0252", "0352", "1052", "1242"],
        "084" | "0841" | "0842" => ["0253", "0353", "1053", "1243"],
        "085" => ["0254", "0354", "1054", "1244"],
        "086" | "0861" | "0862" | "0863" => ["0255", "0355", "1055", "1245"],
        "087" | "0871" | "0872" | "0873" | "0874" => ["0256", "0356", "1056", "1246"],
        "040" | "041" | "042" | "043" | "044" | "046" => ["026", "036", "106", "125"],
        "057" | "037" => ["027", "037", "107", "127"],
        "045" => ["028", "039", "108", "126"],
        _ => return None,
    };
    Some(row[col])
}

/// The threat (13x) of an action.
fn threat_code(action: &str) -> Option<&'static str> {
    Some(match action {
        "162" => "1311",
        "163" => "1312",
        "161" => "1313",
        "172" => "132",
        "1721" => "1321",
        "1722" => "1322",
        "1723" => "1323",
        "1724" => "1324",
        "164" => "134",
        "165" => "135",
        "166" => "136",
        "175" => "137",
        "191" => "1381",
        "192" => "1382",
        "193" | "194" | "195" => "1384",
        a if a.starts_with("14") => "133",
        a if a.starts_with("19") => "138",
        a if a.starts_with("18") => "1383",
        a if a.starts_with("20") => "1385",
        _ => return None,
    })
}

/// Key variants of a noun token: as is; with ة restored before a pronoun
/// (زيارته → زياره); without the tanwin alif (اتفاقا → اتفاق).
pub(crate) fn noun_variants(
    key: &str,
    flags: u16,
) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let pronoun = (flags & ENCLITIC != 0)
        .then(|| key.strip_suffix('ت'))
        .flatten()
        .map(|stem| Cow::Owned(format!("{stem}ه")));
    let tanwin = key
        .strip_suffix('ا')
        .filter(|stem| stem.chars().count() >= 3)
        .map(Cow::Borrowed);
    // Duals (اتصالين، اتصالان; زيارتين → زياره).
    let dual = key
        .strip_suffix("ين")
        .or_else(|| key.strip_suffix("ان"))
        .filter(|stem| stem.chars().count() >= 3)
        .map(|stem| match stem.strip_suffix('ت') {
            Some(s) => Cow::Owned(format!("{s}ه")),
            None => Cow::Borrowed(stem),
        });
    [Some(Cow::Borrowed(key)), pronoun, tanwin, dual]
        .into_iter()
        .flatten()
}

/// A set of dictionary word ids (the words of a clause), one bit a word.
struct WordSet(Vec<u64>);

impl WordSet {
    /// The set of `ids` (below `n`; [`crate::lexicon::NO_WORD`] is ignored).
    fn new(n: usize, ids: impl IntoIterator<Item = u32>) -> WordSet {
        let mut bits = vec![0u64; n.div_ceil(64)];
        for id in ids {
            if let Some(b) = bits.get_mut(id as usize / 64) {
                *b |= 1 << (id % 64);
            }
        }
        WordSet(bits)
    }

    #[inline]
    fn has(&self, id: u32) -> bool {
        self.0
            .get(id as usize / 64)
            .is_some_and(|b| b >> (id % 64) & 1 != 0)
    }
}

/// Matches dictionary words at tokens `j..`; returns the end.
fn match_words_after(k: &Keys, words: &[Word], j: usize, limit: usize) -> Option<usize> {
    let mut t = j;
    for w in words {
        if t >= limit || !word_matches(k, w, t) {
            return None;
        }
        t += 1;
    }
    Some(t)
}

/// True when token `t` is the word `w` (key, or the feminine/indefinite
/// variants; the word's proclitic prepositions required).
fn word_matches(k: &Keys, w: &Word, t: usize) -> bool {
    if k.flags(t) & w.flags != w.flags {
        return false;
    }
    if let Some(ids) = k.ids(t) {
        return w.id != crate::lexicon::NO_WORD && (ids.contains(&w.id));
    }
    let key = k.key(t);
    key == w.key
        || (key.len() == w.key.len() + 2
            && key.starts_with(w.key.as_str())
            && (key.ends_with('ا') || key.ends_with('ه')))
        || (k.has(t, ENCLITIC)
            && key
                .strip_suffix('ت')
                .is_some_and(|s| w.key.strip_suffix('ه') == Some(s)))
}

/// True when the phrase `p` occurs at token `j`.
fn phrase_at(k: &Keys, p: &Phrase, j: usize) -> bool {
    !p.is_empty() && p.iter().enumerate().all(|(x, w)| word_matches(k, w, j + x))
}

/// True when the token `j` is introduced by the preposition phrase `p`
/// (a clitic flag on `j` itself, or the words at `j`).
fn intro_matches(k: &Keys, j: usize, p: &Phrase) -> bool {
    if p.len() == 1 && p[0].key.is_empty() {
        return k.flags(j) & p[0].flags == p[0].flags;
    }
    phrase_at(k, p, j)
}

/// True when a noun phrase is introduced by the preposition phrase `p`.
fn np_intro_matches(k: &Keys, np: &Np, p: &Phrase) -> bool {
    match np.intro {
        Intro::Clitic(f) => p.len() == 1 && p[0].key.is_empty() && f & p[0].flags == p[0].flags,
        Intro::Words(a, b) => {
            let n = b - a;
            // The phrase may be the last word(s) of the introducer (من قبل ends in قبل).
            (p.len() <= n && phrase_at(k, p, b - p.len()))
                || (p.len() == 1 && !p[0].key.is_empty() && n == 2 && phrase_at(k, p, a))
        }
        Intro::Bare => false,
    }
}
