//! Unit tests of the tagger, on sentences written for them.

use super::features::test_api as fx;
use super::gazetteer::{Class, POS_BEGIN, POS_END, POS_UNIT};
use super::model::Scratch;
use super::viterbi::{self, Transitions, L, START};
use super::*;

fn words(sentence: &str) -> Vec<TagWord> {
    sentence
        .split_whitespace()
        .map(TagWord::from_word)
        .collect()
}

/// The features of token `i` of `sentence` (one pass, no context).
fn features_of(sentence: &str, i: usize) -> Vec<u64> {
    let ws = words(sentence);
    let inputs: Vec<TagInput<'_>> = ws.iter().map(TagWord::as_input).collect();
    let mut sc = features::Scratch::default();
    let (mut feats, mut offsets) = (Vec::new(), Vec::new());
    features::extract(&inputs, None, &mut sc, &mut feats, &mut offsets);
    assert_eq!(offsets.len(), ws.len() + 1);
    feats[offsets[i] as usize..offsets[i + 1] as usize].to_vec()
}

fn labels(s: &str) -> Vec<Label> {
    s.split_whitespace().map(|l| l.parse().unwrap()).collect()
}

#[test]
fn labels_round_trip() {
    for (i, l) in Label::ALL.iter().enumerate() {
        assert_eq!(l.index(), i);
        assert_eq!(Label::from_index(i), Some(*l));
        assert_eq!(Label::parse(l.as_str()), Some(*l));
        assert_eq!(l.to_string(), l.as_str());
    }
    assert_eq!(Label::from_index(Label::COUNT), None);
    let cases = [
        ("B-PER", Some(Label::B(EntityType::Pers))),
        ("I-MISC", Some(Label::I(EntityType::Misc))),
        ("O", Some(Label::O)),
        ("B-GPE", None),
        ("E-LOC", None),
        ("", None),
        ("o", None),
    ];
    for (s, want) in cases {
        assert_eq!(Label::parse(s), want, "{s:?}");
    }
    assert!("B-".parse::<Label>().is_err());
    assert_eq!(EntityType::Pers.schema_name(), "PER");
    assert_eq!(EntityType::Loc.schema_name(), "LOC");
}

#[test]
fn entities_table() {
    use EntityType::*;
    type Spans = &'static [(EntityType, usize, usize)];
    let cases: &[(&str, Spans)] = &[
        ("", &[]),
        ("O O", &[]),
        ("B-PERS I-PERS O B-LOC", &[(Pers, 0, 2), (Loc, 3, 4)]),
        // I after O or after another type starts an entity (conlleval).
        ("O I-ORG I-ORG", &[(Org, 1, 3)]),
        ("B-PERS I-LOC", &[(Pers, 0, 1), (Loc, 1, 2)]),
        ("B-MISC B-MISC I-MISC", &[(Misc, 0, 1), (Misc, 1, 3)]),
        ("O B-LOC", &[(Loc, 1, 2)]),
    ];
    for (tags, want) in cases {
        let got = entities(&labels(tags));
        let want: Vec<EntitySpan> = want
            .iter()
            .map(|&(ty, s, e)| EntitySpan { ty, tokens: s..e })
            .collect();
        assert_eq!(got, want, "{tags}");
    }
}

#[test]
fn repair_bio_table() {
    let cases = [
        ("O I-LOC I-LOC", "O B-LOC I-LOC"),
        ("I-PERS", "B-PERS"),
        ("B-PERS I-ORG", "B-PERS B-ORG"),
        ("B-ORG I-ORG O", "B-ORG I-ORG O"),
    ];
    for (input, want) in cases {
        let mut l = labels(input);
        repair_bio(&mut l);
        assert_eq!(l, labels(want), "{input}");
    }
}

#[test]
fn split_sentences_table() {
    let cases: &[(&str, &[(usize, usize)])] = &[
        ("", &[]),
        ("قال إنه سيعود", &[(0, 3)]),
        ("وصل الوفد . ثم غادر .", &[(0, 3), (3, 6)]),
        // A run of periods stays with its sentence; · and • end sentences.
        (
            "انتهى . . بدأ · جديد • آخر",
            &[(0, 3), (3, 5), (5, 7), (7, 8)],
        ),
        ("هل جاء ؟ نعم !", &[(0, 3), (3, 5)]),
    ];
    for (text, want) in cases {
        let tokens: Vec<&str> = text.split_whitespace().collect();
        let want: Vec<std::ops::Range<usize>> = want.iter().map(|&(a, b)| a..b).collect();
        assert_eq!(split_sentences(&tokens), want, "{text}");
    }
    assert!(is_sentence_end("..."));
    assert!(!is_sentence_end("2.5"));
    assert!(!is_sentence_end(""));
}

#[test]
fn tag_words_table() {
    // (word, norm, stem, proclitics, suffix, enclitic)
    let p = |ps: &[Proclitics]| {
        let mut out = Proclitics::empty();
        for &x in ps {
            out.insert(x);
        }
        out
    };
    let cases = [
        (
            "وبالجيش",
            "وبالجيش",
            "جيش",
            p(&[Proclitics::WA, Proclitics::BI, Proclitics::AL]),
            "",
            "",
        ),
        ("الليبى", "الليبي", "ليبي", p(&[Proclitics::AL]), "", ""),
        (
            "للقاهرة",
            "للقاهره",
            "قاهر",
            p(&[Proclitics::LI, Proclitics::AL]),
            "ة",
            "",
        ),
        ("حكومتها", "حكومتها", "حكوم", p(&[]), "ت", "ها"),
        ("2016", "2016", "2016", p(&[]), "", ""),
        ("", "", "", p(&[]), "", ""),
    ];
    for (word, norm, stem, procl, suffix, encl) in cases {
        let w = TagWord::from_word(word);
        let i = w.as_input();
        assert_eq!(
            (i.norm, i.stem, i.proclitics, i.suffix, i.enclitic),
            (norm, stem, procl, suffix, encl),
            "{word}"
        );
    }
}

#[test]
fn features_table() {
    let s1 = "وصل الرئيس حسني مبارك إلى القاهرة";
    let s2 = "وقال مندوب للأمم المتحدة إن الوضع خطير";
    let s3 = "وبالجيش 2016 Obama";
    // (sentence, token, feature, present?)
    let cases: Vec<(&str, usize, u64, bool)> = vec![
        (s1, 0, fx::word0("وصل"), true),
        (s1, 1, fx::word0("الرييس"), true),
        // The title before a name, as a gazetteer bit and with the word.
        (s1, 2, fx::gaz(-1, Class::Title, POS_UNIT), true),
        (s1, 2, fx::title_then("حسني"), true),
        (s1, 3, fx::title_then("مبارك"), false),
        // Names of the gazetteer.
        (s1, 2, fx::gaz(0, Class::Name, POS_UNIT), true),
        (s1, 5, fx::gaz(0, Class::Loc, POS_UNIT), true),
        (s1, 4, fx::gaz(1, Class::Loc, POS_UNIT), true),
        (s1, 0, fx::gaz(0, Class::Loc, POS_UNIT), false),
        // Affixes of the normalized form (ة → ه).
        (s1, 5, fx::affix(true, 2, "ال"), true),
        (s1, 5, fx::affix(false, 1, "ه"), true),
        (s1, 5, fx::affix(false, 4, "اهره"), true),
        (s1, 4, fx::affix(true, 3, "الي"), false),
        // A multi-word name after a preposition (للأمم → الامم).
        (s2, 2, fx::gaz(0, Class::Org, POS_BEGIN), true),
        (s2, 3, fx::gaz(0, Class::Org, POS_END), true),
        (s2, 3, fx::gaz(-1, Class::Org, POS_BEGIN), true),
        (s2, 1, fx::gaz(0, Class::Org, POS_BEGIN), false),
        // Clitics and shapes.
        (s3, 0, fx::proclitics(Proclitics(1 | 4 | 64)), true),
        (s3, 0, fx::shape_of("وبالجيش"), true),
        (s3, 1, fx::shape_of("2016"), true),
        // The search form is lower-cased.
        (s3, 2, fx::word0("obama"), true),
        (s3, 2, fx::shape_of("obama"), true),
        (s3, 2, fx::shape_of("2016"), false),
    ];
    for (sentence, i, feature, present) in cases {
        let feats = features_of(sentence, i);
        assert_eq!(feats.contains(&feature), present, "{sentence:?} token {i}");
    }
}

#[test]
fn features_are_positional_and_deterministic() {
    let s = "قال وزير الخارجية إن المحادثات في جنيف كانت مفيدة";
    let a = features_of(s, 3);
    assert_eq!(a, features_of(s, 3));
    // The same word elsewhere has other window features.
    assert_ne!(features_of("إن", 0), a);
    // No feature key is 0 (the empty slot).
    assert!(a.iter().all(|&k| k != 0));
}

#[test]
fn viterbi_table() {
    let o = Label::O.index();
    let bp = Label::B(EntityType::Pers).index();
    let ip = Label::I(EntityType::Pers).index();
    let bl = Label::B(EntityType::Loc).index();
    let il = Label::I(EntityType::Loc).index();
    let zero: Transitions = [[0.0; L]; L + 1];
    let mut sticky = zero;
    sticky[bp][ip] = 3.0;
    // Emission rows: (label, score) pairs, the rest 0.
    let row = |pairs: &[(usize, f32)]| {
        let mut r = [0f32; L];
        for &(l, s) in pairs {
            r[l] = s;
        }
        r
    };
    let cases: Vec<(Transitions, Vec<[f32; L]>, Vec<usize>)> = vec![
        (zero, vec![], vec![]),
        (zero, vec![row(&[(bl, 1.0)])], vec![bl]),
        // I-PERS cannot start a sentence nor follow O or B-LOC.
        (zero, vec![row(&[(ip, 5.0), (bp, 1.0)])], vec![bp]),
        (
            zero,
            vec![row(&[(o, 10.0)]), row(&[(ip, 5.0), (o, 1.0)])],
            vec![o, o],
        ),
        (
            zero,
            vec![row(&[(bl, 2.0)]), row(&[(ip, 5.0), (il, 4.0)])],
            vec![bl, il],
        ),
        // A transition weight outweighs a weaker emission.
        (
            sticky,
            vec![row(&[(bp, 2.0)]), row(&[(o, 1.0), (ip, 0.5)])],
            vec![bp, ip],
        ),
        (
            zero,
            vec![row(&[(bp, 2.0)]), row(&[(o, 1.0), (ip, 0.5)])],
            vec![bp, o],
        ),
        // The start row scores the first label.
        (
            {
                let mut t = zero;
                t[START][o] = 2.0;
                t
            },
            vec![row(&[(bl, 1.0)])],
            vec![o],
        ),
    ];
    let mut sc = viterbi::Scratch::default();
    let mut out = Vec::new();
    for (k, (trans, emit, want)) in cases.into_iter().enumerate() {
        viterbi::decode(&emit, &viterbi::constrained(&trans), &mut sc, &mut out);
        let got: Vec<usize> = out.iter().map(|&l| l as usize).collect();
        assert_eq!(got, want, "case {k}");
    }
}

#[test]
fn viterbi_is_exact() {
    // Brute force over all sequences of three labels.
    let mut trans: Transitions = [[0.0; L]; L + 1];
    let mut x = 1u32;
    let mut next = || {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        ((x >> 16) % 200) as f32 / 50.0 - 2.0
    };
    for r in trans.iter_mut() {
        for v in r.iter_mut() {
            *v = next();
        }
    }
    let emit: Vec<[f32; L]> = (0..3).map(|_| [0; L].map(|_: u8| next())).collect();
    let c = viterbi::constrained(&trans);
    let score = |p: &[usize]| {
        let mut s = c[START][p[0]] + emit[0][p[0]];
        for i in 1..p.len() {
            s += c[p[i - 1]][p[i]] + emit[i][p[i]];
        }
        s
    };
    let mut best = (f32::NEG_INFINITY, vec![]);
    for a in 0..L {
        for b in 0..L {
            for d in 0..L {
                let s = score(&[a, b, d]);
                if s > best.0 {
                    best = (s, vec![a, b, d]);
                }
            }
        }
    }
    let mut out = Vec::new();
    viterbi::decode(&emit, &c, &mut viterbi::Scratch::default(), &mut out);
    let got: Vec<usize> = out.iter().map(|&l| l as usize).collect();
    assert_eq!(got, best.1);
}

/// A synthetic corpus: invented names in a few frames, so that the
/// tagger must learn the frames as well as the names.
fn synthetic() -> Vec<TrainSentence> {
    let people = [
        "زيدان كرمو",
        "نبيل طاروش",
        "سالم دحبور",
        "كريم بلوط",
        "هاني شمعو",
    ];
    let places = ["زنبورة", "قلعة طيبون", "مرسى سلوان", "وادي فرحة"];
    let orgs = ["شركة نخيلة", "حزب الفجر الأخضر", "نادي الشروق"];
    let frames = [
        "التقى {P} في {L} مع ممثلي {O} .",
        "قال {P} إن {O} ستفتح مكتبا في {L} .",
        "زار وفد من {O} مدينة {L} أمس .",
        "وصل {P} إلى {L} .",
    ];
    let mut out = Vec::new();
    let mut k = 0usize;
    for round in 0..6 {
        for f in frames {
            let (p, l, o) = (people[k % 5], places[(k + round) % 4], orgs[(k * 7) % 3]);
            k += 1;
            let mut s = TrainSentence::default();
            for piece in f.split_whitespace() {
                let (name, ty) = match piece {
                    "{P}" => (p, EntityType::Pers),
                    "{L}" => (l, EntityType::Loc),
                    "{O}" => (o, EntityType::Org),
                    w => {
                        s.words.push(TagWord::from_word(w));
                        s.labels.push(Label::O);
                        continue;
                    }
                };
                for (j, w) in name.split_whitespace().enumerate() {
                    s.words.push(TagWord::from_word(w));
                    s.labels
                        .push(if j == 0 { Label::B(ty) } else { Label::I(ty) });
                }
            }
            out.push(s);
        }
    }
    out
}

fn small_config() -> TrainConfig {
    TrainConfig {
        epochs: 6,
        min_count: 1,
        folds: 2,
        window: 50,
        ensemble: 2,
        ..TrainConfig::default()
    }
}

#[test]
fn training_learns_a_synthetic_corpus() {
    let corpus = synthetic();
    let tagger = train(&corpus, small_config()).unwrap();
    assert!(tagger.second().is_some());
    let sentences: Vec<Vec<TagWord>> = corpus.iter().map(|s| s.words.clone()).collect();
    let got = tagger.tag_words(&sentences);
    for (s, g) in corpus.iter().zip(&got) {
        assert_eq!(&s.labels, g);
    }
    // A new combination of known names in a known frame.
    let new = words("قال كريم بلوط إن نادي الشروق ستفتح مكتبا في مرسى سلوان .");
    let got = tagger.tag_words(&[new]).remove(0);
    assert_eq!(
        got,
        labels("O B-PERS I-PERS O B-ORG I-ORG O O O B-LOC I-LOC O"),
    );
    // Training is reproducible: same data, same seed, same bytes.
    assert_eq!(
        train(&corpus, small_config()).unwrap().to_bytes(),
        tagger.to_bytes()
    );
}

#[test]
fn crf_learns_a_synthetic_corpus() {
    let corpus = synthetic();
    let config = TrainConfig {
        epochs: 10,
        folds: 0,
        algorithm: Algorithm::Crf { l2: 1e-4, eta: 0.1 },
        ..small_config()
    };
    let tagger = train(&corpus, config).unwrap();
    assert!(tagger.second().is_none());
    let sentences: Vec<Vec<TagWord>> = corpus.iter().map(|s| s.words.clone()).collect();
    for (s, g) in corpus.iter().zip(tagger.tag_words(&sentences)) {
        assert_eq!(s.labels, g);
    }
}

#[test]
fn training_errors() {
    assert!(matches!(
        train(&[], TrainConfig::default()),
        Err(TrainError::Empty)
    ));
    let bad = TrainSentence {
        words: words("قال"),
        labels: vec![],
    };
    assert!(matches!(
        train(&[bad], TrainConfig::default()),
        Err(TrainError::Length {
            sentence: 0,
            words: 1,
            labels: 0
        })
    ));
}

fn tiny_model() -> Tagger {
    train(&synthetic(), small_config()).unwrap()
}

#[test]
fn model_round_trip() {
    let tagger = tiny_model();
    let bytes = tagger.to_bytes();
    assert_eq!(&bytes[..8], &MAGIC);
    let back = Tagger::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes(), bytes);
    assert_eq!(back.n_features(), tagger.n_features());
    let key = fx::word0("زنبوره");
    assert_eq!(back.first().weights(key), tagger.first().weights(key));
    let s = words("التقى هاني شمعو في زنبورة .");
    assert_eq!(
        back.tag_words(std::slice::from_ref(&s)),
        tagger.tag_words(&[s])
    );
    // Through a file.
    let path = std::env::temp_dir().join(format!("rasd-ner-test-{}.bin", std::process::id()));
    tagger.save(&path).unwrap();
    let loaded = Tagger::load(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(loaded.to_bytes(), bytes);
    assert!(matches!(Tagger::load(&path), Err(ModelError::Io { .. })));
}

#[test]
fn corrupt_models_are_errors() {
    let bytes = tiny_model().to_bytes();
    let with = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut b = bytes.clone();
        f(&mut b);
        Tagger::from_bytes(&b)
    };
    assert!(matches!(Tagger::from_bytes(&[]), Err(ModelError::BadMagic)));
    assert!(matches!(
        Tagger::from_bytes(b"RASDNER"),
        Err(ModelError::BadMagic)
    ));
    assert!(matches!(with(&|b| b[0] = b'X'), Err(ModelError::BadMagic)));
    assert!(matches!(
        with(&|b| b[8] = 9),
        Err(ModelError::Version {
            found: 9,
            expected: FORMAT_VERSION
        })
    ));
    assert!(matches!(
        with(&|b| b[12] ^= 0x40),
        Err(ModelError::FeatureVersion { .. })
    ));
    assert!(matches!(
        with(&|b| b.truncate(12)),
        Err(ModelError::Truncated { .. })
    ));
    let mid = bytes.len() / 2;
    assert!(matches!(with(&|b| b[mid] ^= 1), Err(ModelError::Checksum)));
    assert!(matches!(with(&|b| b.push(0)), Err(ModelError::Checksum)));
    // Every truncation and a spread of flipped bytes: an error, never a panic.
    let n = bytes.len();
    for cut in (0..n).step_by(n / 211 + 1).chain(n - 64..n) {
        assert!(
            Tagger::from_bytes(&bytes[..cut]).is_err(),
            "truncated to {cut}"
        );
    }
    for i in (0..bytes.len()).step_by(bytes.len() / 97 + 1) {
        assert!(with(&|b| b[i] = b[i].wrapping_add(1)).is_err(), "byte {i}");
    }
    // A damaged body with a recomputed checksum is still caught.
    let mut b = bytes[..bytes.len() - 8].to_vec();
    let labels_at = 8 + 4 + 4 + 4 + 1;
    b[labels_at] = b'X';
    let sum = features::hash_bytes(&[&b]);
    b.extend_from_slice(&sum.to_le_bytes());
    assert!(matches!(
        Tagger::from_bytes(&b),
        Err(ModelError::Labels { .. })
    ));
    let err = Tagger::from_bytes(&bytes[..40]).unwrap_err().to_string();
    assert!(
        err.contains("truncated") || err.contains("checksum"),
        "{err}"
    );
}

#[test]
fn tagger_is_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<Tagger>();
    check::<&'static Tagger>();
}

#[test]
fn builtin_tags_news() {
    let tagger = Tagger::builtin();
    assert!(tagger.n_features() > 10_000);
    let text = "وصل الرئيس المصري حسني مبارك إلى القاهرة أمس. وقال إن الأمم المتحدة ستدعم الخطة.";
    let a = rasd_text::TextAnalyzer::new().analyze(text);
    let labels = tagger.tag_document(&a);
    assert_eq!(labels.len(), a.tokens().len());
    let found: Vec<(EntityType, &str)> = entities(&labels)
        .into_iter()
        .map(|e| {
            let (first, last) = (&a.tokens()[e.tokens.start], &a.tokens()[e.tokens.end - 1]);
            (e.ty, &text[first.span.start..last.span.end])
        })
        .collect();
    assert_eq!(
        found,
        [
            (EntityType::Pers, "حسني مبارك"),
            (EntityType::Loc, "القاهرة"),
            (EntityType::Org, "الأمم المتحدة")
        ]
    );
    // One sentence at a time gives one label per token too.
    let s = &a.sentences()[0];
    let one = tagger.tag_analysis(&a, s.tokens.clone());
    assert_eq!(one.len(), s.tokens.len());
    assert_eq!(&one[..], &labels[s.tokens.clone()]);
}

#[test]
fn tag_document_equals_tag_sentences() {
    let tagger = Tagger::builtin();
    let text =
        "التقى وزير الخارجية السعودي سعود الفيصل نظيره الفرنسي في باريس. ثم عاد الفيصل إلى الرياض.";
    let a = rasd_text::TextAnalyzer::new().analyze(text);
    let doc = tagger.tag_document(&a);
    let sentences: Vec<Vec<TagInput<'_>>> = a
        .sentences()
        .iter()
        .map(|s| {
            s.tokens
                .clone()
                .map(|i| TagInput::from_analysis(&a, i))
                .collect()
        })
        .collect();
    let flat: Vec<Label> = tagger
        .tag_sentences(&sentences)
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(doc, flat);
    // Empty input.
    assert!(tagger.tag(&[]).is_empty());
    let empty = rasd_text::TextAnalyzer::new().analyze("");
    assert!(tagger.tag_document(&empty).is_empty());
    let mut sc = Scratch::default();
    let mut out = vec![Label::O];
    tagger.tag_ranges(&[], &[], &mut sc, &mut out);
    assert!(out.is_empty());
}

#[test]
fn joint_table_scores_as_the_passes_one_by_one() {
    // The joint table must give the very scores of scoring each pass with
    // its own table: same labels, bit-identical emissions. Two documents,
    // one with a token outside every sentence range.
    let tagger = Tagger::builtin();
    let text = "أعلن المتحدث باسم الحكومة الليبية أن رئيس الوزراء سيزور القاهرة \
                غدا. وقال المتحدث إن الزيارة تتناول ملف الحدود مع مصر والسودان. \
                وأضاف أن الوفد يضم وزير الداخلية ومدير المخابرات.";
    let a = rasd_text::TextAnalyzer::new().analyze(text);
    let inputs: Vec<TagInput<'_>> = (0..a.tokens().len())
        .map(|i| TagInput::from_analysis(&a, i))
        .collect();
    let all: Vec<_> = a.sentences().iter().map(|s| s.tokens.clone()).collect();
    assert!(all.len() >= 3);
    let gapped: Vec<_> = all
        .iter()
        .map(|r| r.start + usize::from(r.len() > 1)..r.end)
        .collect();
    for ranges in [all, gapped] {
        let (joint, one_by_one) = tagger.tag_both_ways(&inputs, &ranges);
        assert_eq!(joint.0, one_by_one.0);
        assert!(!joint.1.is_empty());
        let bits =
            |e: &[[f32; 9]]| -> Vec<u32> { e.iter().flatten().map(|x| x.to_bits()).collect() };
        assert_eq!(bits(&joint.1), bits(&one_by_one.1));
    }
}

#[test]
fn context_sees_other_occurrences() {
    use super::context::{contexts, Ctx};
    let bp = Label::B(EntityType::Pers).index() as u8;
    // keys: a name (7) twice, a common word (9) twice; window 3.
    let keys = [7, 9, 7, 9, 0, 0, 7];
    let labels = [bp, 0, 0, 0, 0, 0, 0];
    let got = contexts(&keys, &labels, 3);
    let want = [
        Ctx {
            own: bp,
            near: 1 << 4,
        }, // the other 7 nearby got O
        Ctx {
            own: 0,
            near: 1 << 4,
        }, // the other 9 got O
        Ctx { own: 0, near: 1 }, // the first 7 got PERS (the last is 4 away)
        Ctx {
            own: 0,
            near: 1 << 4,
        },
        Ctx { own: 0, near: 0 }, // key 0 never matches
        Ctx { own: 0, near: 0 },
        Ctx { own: 0, near: 0 }, // the others are out of reach
    ];
    assert_eq!(got, want);
}

/// The documents of the repository's news sample, analyzed.
fn sample_analyses() -> Vec<rasd_text::Analysis> {
    include_str!("../../../../data/sample/articles.jsonl")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            rasd_text::TextAnalyzer::new().analyze(v["text"].as_str().unwrap())
        })
        .collect()
}

/// The inputs of every token of `a`, and its sentences.
fn inputs_of(a: &rasd_text::Analysis) -> (Vec<TagInput<'_>>, Vec<std::ops::Range<usize>>) {
    let inputs = (0..a.tokens().len())
        .map(|i| TagInput::from_analysis(a, i))
        .collect();
    let ranges = a.sentences().iter().map(|s| s.tokens.clone()).collect();
    (inputs, ranges)
}

/// Asserts that the features of each token of `sentence`, split as the
/// word cache reads them, are those of `extract`.
fn assert_split_features(sentence: &[TagInput<'_>]) {
    use super::features::{neighbour_keys, own_keys, pair_keys, Tok, BOS_TOK, EOS_TOK};
    let (mut feats, mut offsets) = (Vec::new(), Vec::new());
    let mut sc = features::Scratch::default();
    features::extract(sentence, None, &mut sc, &mut feats, &mut offsets);
    let lexicon = rasd_text::segment::Segmenter::builtin().lexicon();
    let mut toks: Vec<Tok> = sentence.iter().map(|w| Tok::of(w, lexicon)).collect();
    let keys: Vec<(u64, u64)> = sentence
        .iter()
        .zip(&toks)
        .map(|(w, t)| (t.norm, features::bare_hash(w, t.norm)))
        .collect();
    let mut gaz = vec![0; sentence.len()];
    super::gazetteer::Gazetteer::get().match_bits(&keys, &mut gaz);
    for (t, g) in toks.iter_mut().zip(gaz) {
        t.gaz = g;
    }
    for (i, w) in sentence.iter().enumerate() {
        let mut split = Vec::new();
        own_keys(w, &toks[i], |f| split.push(f));
        for d in features::NEIGHBOURS {
            let j = i as isize + d;
            let tok = if j < 0 {
                &BOS_TOK
            } else {
                toks.get(j as usize).unwrap_or(&EOS_TOK)
            };
            neighbour_keys(tok, d, |f| split.push(f));
        }
        pair_keys(&toks, i, |f| split.push(f));
        let mut all = feats[offsets[i] as usize..offsets[i + 1] as usize].to_vec();
        split.sort_unstable();
        all.sort_unstable();
        assert_eq!(split, all, "token {i} ({:?})", w.norm);
    }
}

#[test]
fn split_features_are_extract_s() {
    // Every sentence of the news sample, each also reversed (other
    // neighbours), and the shortest sentences (edges on both sides).
    let mut tokens = 0;
    for a in sample_analyses() {
        let (inputs, ranges) = inputs_of(&a);
        for r in ranges {
            let sentence = &inputs[r];
            assert_split_features(sentence);
            let reversed: Vec<_> = sentence.iter().rev().copied().collect();
            assert_split_features(&reversed);
            for w in sentence.windows(2).take(5) {
                assert_split_features(&w[..1]);
                assert_split_features(w);
            }
            tokens += sentence.len();
        }
    }
    assert!(tokens > 5_000, "{tokens}");
    assert_split_features(&[]);
}

#[test]
fn word_cache_scores_as_every_feature() {
    // The word cache must give the very sums of looking every feature up,
    // with words missing (first round) and found (second), two taggers
    // taking turns on one thread (their entries must not mix: same words,
    // other weights), some words evicted (the sample has more distinct
    // words than a set has ways), and tokens outside every sentence.
    let analyses = sample_analyses();
    let tiny = tiny_model();
    for _round in 0..2 {
        for tagger in [Tagger::builtin(), &tiny] {
            for a in &analyses {
                let (inputs, all) = inputs_of(a);
                for r in &all {
                    let [cached, every] = tagger.sums_cached_and_not(&inputs[r.clone()]);
                    assert_eq!(cached, every);
                }
                let gapped: Vec<_> = all
                    .iter()
                    .map(|r| r.start + usize::from(r.len() > 1)..r.end)
                    .collect();
                for ranges in [&all, &gapped] {
                    let [cached, every] = tagger.tag_cached_and_not(&inputs, ranges);
                    assert_eq!(cached, every);
                }
            }
        }
    }
}

#[test]
fn joint_filter_keeps_every_key() {
    for tagger in [Tagger::builtin(), &tiny_model()] {
        let (refused, passed) = tagger.joint_filter_errors(100_000);
        assert_eq!(refused, 0);
        assert!(passed < 0.05, "{passed}");
    }
}
