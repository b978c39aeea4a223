//! The entity stage on an article we wrote in the style of an Egyptian daily
//! (data/sample/egyptian_haftar.txt): ى for final ي, foreign g written ج,
//! titles before names, short mentions later, clitics on names (ببنغازى،
//! لروسيا، بموسكو). Every person must come out with its titles, actor code
//! and Latin name, every place with its country.

use rasd_ner::entities::{Entity, EntityRecognizer, EntityType};
use rasd_text::TextAnalyzer;

const ARTICLE: &str = include_str!("../../../data/sample/egyptian_haftar.txt");

fn entities() -> Vec<Entity> {
    recognize(ARTICLE, "2016-11-28")
}

/// The entities of `text` published on `published`.
fn recognize(text: &str, published: &str) -> Vec<Entity> {
    let a = TextAnalyzer::new().analyze(text);
    EntityRecognizer::new().recognize(text, &a, Some(published))
}

/// The actor code of the first entity whose text starts with `head`.
fn actor_of<'a>(es: &'a [Entity], head: &str) -> Option<&'a str> {
    es.iter()
        .find(|e| e.text.starts_with(head))
        .and_then(|e| e.actor.as_deref())
}

fn person<'a>(es: &'a [Entity], latin: &str) -> &'a Entity {
    es.iter()
        .find(|e| e.ty == EntityType::Pers && e.latin.as_deref() == Some(latin))
        .unwrap_or_else(|| panic!("no person {latin}: {es:#?}"))
}

/// The entity whose text is `text`.
fn entity_named<'a>(es: &'a [Entity], text: &str) -> &'a Entity {
    es.iter()
        .find(|e| e.text == text)
        .unwrap_or_else(|| panic!("no {text}: {es:#?}"))
}

fn mention_texts(e: &Entity) -> Vec<&str> {
    e.mentions.iter().map(|m| m.span.slice(ARTICLE)).collect()
}

#[test]
fn haftar_with_titles_code_and_short_mentions() {
    let es = entities();
    let h = person(&es, "Khalifa Haftar");
    assert_eq!(h.actor.as_deref(), Some("LBYMIL"));
    assert_eq!(h.country.as_deref(), Some("LBY"));
    assert!(h.titles.iter().any(|t| t == "المشير"), "{:?}", h.titles);
    assert!(
        h.titles.iter().any(|t| t.starts_with("القائد العام")),
        "{:?}",
        h.titles
    );
    let texts = mention_texts(h);
    assert!(texts.contains(&"خليفة حفتر"), "{texts:?}");
    assert!(
        texts.iter().filter(|t| **t == "حفتر").count() >= 4,
        "{texts:?}"
    );
}

#[test]
fn shoigu_egyptian_spelling_with_role() {
    let es = entities();
    let s = person(&es, "Sergei Shoigu");
    assert_eq!(s.actor.as_deref(), Some("RUSGOV"));
    assert_eq!(s.country.as_deref(), Some("RUS"));
    assert!(
        s.titles.iter().any(|t| t == "وزير الدفاع الروسى"),
        "{:?}",
        s.titles
    );
    assert_eq!(s.role.as_deref(), Some("defence_minister"));
    assert!(mention_texts(s).contains(&"شويجو"));
}

#[test]
fn lavrov_foreign_minister() {
    let es = entities();
    let l = person(&es, "Sergey Lavrov");
    assert_eq!(l.actor.as_deref(), Some("RUSGOV"));
    assert!(
        l.titles.iter().any(|t| t == "وزير الخارجية الروسى"),
        "{:?}",
        l.titles
    );
}

#[test]
fn places_with_their_countries() {
    let es = entities();
    for (name, country) in [
        ("موسكو", "RUS"),
        ("روسيا", "RUS"),
        ("ليبيا", "LBY"),
        ("بنغازى", "LBY"),
    ] {
        let e = es
            .iter()
            .find(|e| {
                e.ty == EntityType::Loc && e.mentions.iter().any(|m| m.span.slice(ARTICLE) == name)
            })
            .unwrap_or_else(|| panic!("no place {name}: {es:#?}"));
        assert_eq!(e.country.as_deref(), Some(country), "{name}");
    }
}

#[test]
fn mentions_skip_proclitics() {
    let es = entities();
    for e in &es {
        for m in &e.mentions {
            let t = m.span.slice(ARTICLE);
            assert!(!t.starts_with("بب") && !t.starts_with("لروسيا"), "{t}");
        }
    }
}

/// A name that is two places (عمان: the Sultanate of Oman, or Amman in
/// Jordan) is read by what the rest of the text says about countries.
#[test]
fn ambiguous_place_names_follow_the_document() {
    let cases = [
        // Jordan's king and a Jordanian nisba: Amman.
        (
            "استقبل العاهل الأردني الملك عبد الله الثاني في عمان اليوم وزير الخارجية الأمريكي جون كيري.",
            "JOR",
            "Amman",
        ),
        // Muscat and the Sultanate: Oman.
        (
            "وصل وزير الخارجية الإيراني إلى مسقط في زيارة إلى سلطنة عمان. وتقيم عمان علاقات جيدة مع طهران.",
            "OMN",
            "Oman",
        ),
        // Nothing either way: the country, as the tables order it.
        ("وصلت الطائرة إلى عمان مساء أمس.", "OMN", "Oman"),
    ];
    for (text, country, latin) in cases {
        let es = recognize(text, "2016-11-28");
        let last = es
            .iter()
            .filter(|e| e.ty == EntityType::Loc)
            .flat_map(|e| e.mentions.iter().map(move |m| (e, m)))
            .filter(|(_, m)| m.span.slice(text) == "عمان")
            .max_by_key(|(_, m)| m.span.start)
            .map(|(e, _)| e)
            .unwrap_or_else(|| panic!("no عمان in {text}: {es:#?}"));
        assert_eq!(
            (last.country.as_deref(), last.latin.as_deref()),
            (Some(country), Some(latin)),
            "{text}"
        );
    }
}

/// A name the tables know as one thing only keeps the tables' type when the
/// tagger finds the very same words with another type (a place or a
/// miscellaneous name); a tagged person is never retyped.
#[test]
fn the_tables_type_a_name_they_know_as_one_thing() {
    // (sentence, name, type, actor)
    let cases = [
        (
            "ودافع البيت الأبيض أمس عن قرار الرئيس بإرسال مستشارين عسكريين.",
            "البيت الأبيض",
            EntityType::Org,
            "USAGOV",
        ),
        (
            "وزار وفد من رجال الدين المسجد الأقصى صباح اليوم.",
            "المسجد الأقصى",
            EntityType::Loc,
            "PSE",
        ),
        (
            "والتقى الرئيس السوري بشار الأسد وفدا روسيا في دمشق.",
            "بشار الأسد",
            EntityType::Pers,
            "SYRGOV",
        ),
    ];
    for (text, name, ty, actor) in cases {
        let es = recognize(text, "2015-08-01");
        let e = entity_named(&es, name);
        assert_eq!((e.ty, e.actor.as_deref()), (ty, Some(actor)), "{text}");
    }
}

/// A "person" the tagger finds that is only a title (آية الله after a
/// place) is the title of the name that follows, not a person of its own.
#[test]
fn a_title_alone_is_not_a_person() {
    for text in [
        "وطالب المرجع الديني في العراق آية الله علي السيستاني الحكومة بمحاسبة الفاسدين.",
        "وقال المرجع الشيعي في النجف آية الله علي السيستاني إن الإصلاح ضروري.",
    ] {
        let es = recognize(text, "2015-08-01");
        assert!(es.iter().all(|e| e.text != "آية الله"), "{text}: {es:#?}");
        let sistani = entity_named(&es, "علي السيستاني");
        assert_eq!(sistani.titles, ["آية الله"], "{text}");
    }
}

/// A title the tagger takes into a person's span is cut off and becomes
/// the person's title; a formula that follows names (رحمه الله) is not a
/// title at the start of one, and the tables know that.
#[test]
fn a_title_inside_a_tagged_name_is_the_persons_title() {
    let es = recognize("وقال البابا فرنسيس في عظته إن السلام ممكن.", "2015-08-01");
    let pope = es
        .iter()
        .find(|e| e.ty == EntityType::Pers)
        .unwrap_or_else(|| panic!("{es:#?}"));
    assert_eq!(
        (pope.text.as_str(), pope.titles.as_slice()),
        ("فرنسيس", &["البابا".to_string()][..])
    );
    let t = rasd_ner::tables::Tables::get();
    let formula = t.title_keys[&rasd_ner::tables::key("رحمه الله")];
    assert!(t.titles[formula as usize].after_name);
    assert!(!t.titles[t.title_keys[&rasd_ner::tables::key("آية الله")] as usize].after_name);
    let team = &t.titles[t.title_keys[&rasd_ner::tables::key("الفريق")] as usize];
    assert!(team.homograph && !team.after_name);
    assert!(!t.titles[t.title_keys[&rasd_ner::tables::key("المشير")] as usize].homograph);
}

/// A name the tables know in a longer form (حركة طالبان، جنوب السودان)
/// names the shorter span the tagger found inside it, of the same type.
#[test]
fn a_longer_known_name_names_the_tagged_span_inside_it() {
    for (text, want) in [
        (
            "وأعلنت حركة طالبان مسؤوليتها عن الهجوم على القاعدة.",
            "AFGTAL",
        ),
        ("واتهمت منظمة حقوقية جيش جنوب السودان بمهاجمة القرى.", "SSD"),
    ] {
        let es = recognize(text, "2015-08-01");
        assert!(
            es.iter()
                .any(|e| e.actor.as_deref().is_some_and(|c| c.starts_with(want))),
            "{text}: {es:#?}"
        );
    }
}

/// A title of office and a given name alone (الملك سلمان) name the one
/// person so named who held that office on the publication date; no date
/// or no office, no actor.
#[test]
fn a_title_and_a_given_name_name_the_office_holder() {
    let text = "واستقبل الملك سلمان في الرياض أمس وزير الخارجية الأمريكي.";
    let a = TextAnalyzer::new().analyze(text);
    let actor_of = |published: Option<&str>| {
        EntityRecognizer::new()
            .recognize(text, &a, published)
            .into_iter()
            .find(|e| e.text == "سلمان")
            .and_then(|e| e.actor)
    };
    assert_eq!(actor_of(Some("2016-03-01")).as_deref(), Some("SAUGOV"));
    // Before he was king, the title names no one.
    assert_eq!(actor_of(Some("2010-03-01")), None);
    assert_eq!(actor_of(None), None);
}

/// A bare title joins the last person who held it, but not when a
/// definite word after it makes another title or person (الرئيس التنفيذي).
#[test]
fn a_bare_title_with_a_modifier_is_not_the_last_holder() {
    let text = "استقبل الرئيس عبد الفتاح السيسي أمس جون سميث الرئيس التنفيذي لشركة النفط. وأشاد الرئيس بالشركة.";
    let es = recognize(text, "2016-03-01");
    let sisi = entity_named(&es, "عبد الفتاح السيسي");
    let ceo = text.find("الرئيس التنفيذي").unwrap();
    assert!(
        sisi.mentions.iter().all(|m| m.span.start != ceo),
        "{:#?}",
        sisi.mentions
    );
    // The bare title alone still joins him.
    assert_eq!(sisi.mentions.len(), 2, "{:#?}", sisi.mentions);
}

/// Without the article a title heads another office or is an adjective: it
/// joins a holder only in apposition right after the holder's name, or
/// when the holder also holds the title it governs.
#[test]
fn an_indefinite_title_joins_only_its_own_holder() {
    let text = "استقبل الرئيس عمر البشير رئيس جمهورية السودان أمس وفدا يرأسه رئيس جمعية خيرية. \
                وقال إن الفقر سبب رئيس للأزمة. وبعث نائب خادم الحرمين الشريفين الأمير محمد بن نايف برقية، \
                ثم بعث نائب خادم الحرمين الشريفين برقية ثانية.";
    let es = recognize(text, "2016-03-01");
    let bashir = entity_named(&es, "عمر البشير");
    let starts: Vec<usize> = bashir.mentions.iter().map(|m| m.span.start).collect();
    let apposition = text.find("رئيس جمهورية").unwrap();
    assert!(starts.contains(&apposition), "{:#?}", bashir.mentions);
    assert_eq!(starts.len(), 2, "{:#?}", bashir.mentions);
    let nayef = entity_named(&es, "محمد بن نايف");
    let second = text.rfind("نائب خادم").unwrap();
    assert!(
        nayef.mentions.iter().any(|m| m.span.start == second),
        "{:#?}",
        nayef.mentions
    );
}

/// A title spelt like a common word (الفريق "the team") is a title only
/// with the article, right before the name, and not governed by a noun;
/// alone it names nobody.
#[test]
fn a_title_spelt_like_a_common_word_needs_the_name() {
    let text = "وقال الفريق مهاب مميش رئيس هيئة القناة إن العمل انتهى. \
                وأجرى الفريق تدريبا صباحيا بقيادة مدرب الفريق التونسي جميل بلقاسم، \
                وتحدث المدير الفني للفريق حامد البلوي.";
    let es = recognize(text, "2016-03-01");
    let general = entity_named(&es, "مهاب مميش");
    assert!(
        general.titles.iter().any(|t| t == "الفريق"),
        "{:?}",
        general.titles
    );
    // The team that trained is no mention of the general.
    assert_eq!(general.mentions.len(), 1, "{:#?}", general.mentions);
    for e in es
        .iter()
        .filter(|e| e.ty == EntityType::Pers && e.text != "مهاب مميش")
    {
        assert!(
            e.titles.iter().all(|t| !t.contains("فريق")),
            "{}: {:?}",
            e.text,
            e.titles
        );
    }
}

/// A place whose first letter the segmenter reads as a preposition on a
/// common word (لحج: ل + حج "pilgrimage", بعقوبة: ب + عقوبة "penalty")
/// is the place where the tagger finds one, with the letter in its mention.
/// Where no place is found, the preposition reading stands.
#[test]
fn a_place_whose_first_letter_reads_as_a_preposition_keeps_it() {
    let text = "قتل ثلاثة في محافظة لحج، وانتقلت المفاوضات إلى لوزان ثم إلى جنيف، \
                وانفجرت سيارة في مدينة بعقوبة.";
    let es = recognize(text, "2016-03-01");
    for (latin, mention) in [
        ("Lahij", "لحج"),
        ("Lausanne", "لوزان"),
        ("Baqubah", "بعقوبة"),
    ] {
        let e = es
            .iter()
            .find(|e| e.geo.as_ref().is_some_and(|g| g.latin == latin))
            .unwrap_or_else(|| panic!("no {latin}: {es:#?}"));
        assert!(
            e.mentions.iter().all(|m| m.span.slice(text) == mention),
            "{latin}: {:#?}",
            e.mentions
        );
    }
    let hajj = "وتستعد الوزارة لحج هذا العام بخطة جديدة.";
    assert!(recognize(hajj, "2016-03-01").is_empty());
}

/// An organization head (of one word or several) takes its country from a
/// nisba in its own phrase, never from the next sentence or across a comma.
#[test]
fn a_composed_organization_stops_at_punctuation() {
    for (text, head, code) in [
        (
            "وأكد الجيش الأردني جاهزيته. وقال المسؤولون الأميركيون إن الحدود آمنة.",
            "الجيش",
            Some("JORMIL"),
        ),
        (
            "ونفذ التنظيم هجمات متكررة. وقال المسؤولون الأميركيون إن الخطر قائم.",
            "التنظيم",
            None,
        ),
        (
            "وانسحبت القوات، الفرنسية والبريطانية من المدينة.",
            "القوات",
            None,
        ),
        // A head of several words.
        (
            "وشنت طائرات سلاح الجو الليبي غارات على مواقع في الجنوب.",
            "سلاح الجو",
            Some("LBYMIL"),
        ),
    ] {
        let es = recognize(text, "2015-08-01");
        let found = actor_of(&es, head);
        assert_eq!(found, code, "{text}: {es:#?}");
        assert!(
            es.iter()
                .all(|e| !e.text.contains('.') && !e.text.contains('،')),
            "{text}: {es:#?}"
        );
    }
}

/// السعودية after an organization head is the nisba "Saudi", not the
/// country: the organization is composed, also behind a clitic after a
/// title (الوزير لوكالة الأنباء), and a place inside a tagged organization
/// does not name it.
#[test]
fn a_country_spelled_as_a_nisba_after_a_head_is_an_adjective() {
    for (text, head, code) in [
        (
            "وأعلنت وزارة الخارجية السعودية ترحيبها بالاتفاق.",
            "وزارة الخارجية",
            "SAUGOV",
        ),
        (
            "وقال الوزير لوكالة الأنباء السعودية إن الزيارة ناجحة.",
            "وكالة الأنباء",
            "SAUMED",
        ),
        ("وذكرت القناة السعودية أن الوفد وصل.", "القناة", "SAUMED"),
    ] {
        let es = recognize(text, "2015-08-01");
        let found = actor_of(&es, head);
        assert_eq!(found, Some(code), "{text}: {es:#?}");
    }
    // The country itself stays a place.
    let text = "وزار الوزير السعودية أمس.";
    let es = recognize(text, "2015-08-01");
    assert!(
        es.iter()
            .any(|e| e.text == "السعودية" && e.actor.as_deref() == Some("SAU")),
        "{es:#?}"
    );
}

/// A one-word place name that is also an ordinary word is a place only when
/// the tagger reads it so: with tanween, with a pronoun suffix, as a word of
/// the lexicon or of `data/ner/common_words.tsv`, it is the ordinary word;
/// so is a name the tables write only with the article, written without it.
/// Names that merely look suffixed (أبها) stay places.
#[test]
fn ordinary_words_are_not_places() {
    for (text, word) in [
        ("لعبت الحكومة دورا مهما في حل الأزمة.", "دورا"),
        ("قال الوزير إن قراره نهائي.", "قراره"),
        ("وتجمع الناس حوله بعد الخطاب.", "حوله"),
        ("استدعت الوزارة القائم بأعمال السفارة.", "القائم"),
        ("تحدث ممثلو المجتمع المدني عن الإصلاح.", "المدني"),
        ("سيبقى الموقف ثابتا دومًا.", "دومًا"),
        ("اجتمع مشايخ القبائل في القاعة.", "القبائل"),
        ("وشاهد الجمهور الصور على الشاشة.", "الصور"),
        // Names the tables write only with the article, written without it.
        ("أقامت القوات قاعدة عسكرية قرب الحدود.", "قاعدة"),
        ("ووقعت الحكومة عقدا مع شركة سعودية للإنشاءات.", "سعودية"),
        ("وتبدأ الدراسة في شهر آب المقبل.", "آب"),
        // Listed words, even where the tagger takes them for a place.
        ("وارتفعت أسهم البنوك في البورصة أمس.", "البورصة"),
        ("واستغرقت المفاوضات ساعات طويلة.", "طويلة"),
        (
            "وأوقفت الشرطة عشرين شخصا في اطار حملة على المهربين.",
            "اطار",
        ),
        // A question word that a gazetteer once spelt Kyiv with.
        ("وسأل الصحفي الوزير كيف سترد الحكومة على الاتهامات.", "كيف"),
        (
            "وتراجعت التجارة بسبب العقوبات الغربية على البلاد.",
            "الغربية",
        ),
    ] {
        let es = recognize(text, "2015-08-01");
        assert!(es.iter().all(|e| e.text != word), "{text}: {es:#?}");
    }
    for (text, place, country) in [
        ("وصل الوفد إلى أبها قادما من جدة.", "أبها", "SAU"),
        ("قصفت الطائرات مواقع في حلب.", "حلب", "SYR"),
        (
            "وقال إن المملكة العربية السعودية ترحب بالاتفاق.",
            "المملكة العربية السعودية",
            "SAU",
        ),
    ] {
        let es = recognize(text, "2015-08-01");
        let e = entity_named(&es, place);
        assert_eq!(e.ty, EntityType::Loc, "{text}");
        assert_eq!(e.country.as_deref(), Some(country), "{text}: {e:#?}");
    }
}

/// A place the tables do not know takes its country from a nisba right after
/// it; a nisba further on does not count.
#[test]
fn an_unknown_place_takes_the_country_of_the_nisba_after_it() {
    let cases = [
        (
            "وقع الانفجار في بلدة سليفان التركية قرب الحدود.",
            "سليفان",
            Some("TUR"),
        ),
        (
            "وصل الوفد إلى بلدة سليفان قرب الحدود التركية.",
            "سليفان",
            None,
        ),
    ];
    for (text, place, country) in cases {
        let es = recognize(text, "2016-11-28");
        let e = es
            .iter()
            .find(|e| e.ty == EntityType::Loc && e.text == place)
            .unwrap_or_else(|| panic!("no {place} in {text}: {es:#?}"));
        assert_eq!(e.country.as_deref(), country, "{text}");
    }
}

/// A country written with the article is the country even where a person's
/// name has the same letters (الكاميرون, not David Cameron); without the
/// article the person stays.
#[test]
fn a_country_with_the_article_beats_a_person_of_the_same_key() {
    let text = "زار الرئيس النيجيري الكاميرون أمس. وقال كاميرون إن لندن تدعم الحوار.";
    let es = recognize(text, "2015-08-01");
    let country = entity_named(&es, "الكاميرون");
    assert_eq!(country.ty, EntityType::Loc);
    assert_eq!(country.country.as_deref(), Some("CMR"));
    let person = es
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.span.slice(text) == "كاميرون"))
        .unwrap_or_else(|| panic!("no كاميرون: {es:#?}"));
    assert_eq!(person.ty, EntityType::Pers, "{person:#?}");
}

/// A family name written alone after the full name is that person, even
/// where it is also an ordinary word (الأسد "the lion"); a word that ends a
/// full name but is no family name (الثاني "the second") and a preposition
/// spelt like a given name (على/علي) are not.
#[test]
fn a_family_name_alone_is_the_person_named_in_full() {
    // (text, person, a word that must be one of its mentions, a word that
    // must not)
    let cases = [
        (
            "التقى الرئيس السوري بشار الأسد وفدا روسيا. وقالت المعارضة إن نظام الأسد يرفض الحل.",
            "Bashar al-Assad",
            Some("الأسد"),
            None,
        ),
        (
            "استقبل الملك عبد الله الثاني الوزير. وفي اليوم الثاني سافر الوزير.",
            "Abdullah II",
            None,
            Some("الثاني"),
        ),
        (
            "هرب الرئيس التونسي زين العابدين بن علي إلى جدة. وأكد الوزير على الحوار.",
            "Zine El Abidine Ben Ali",
            None,
            Some("على"),
        ),
    ];
    for (text, latin, with, without) in cases {
        let es = recognize(text, "2015-08-01");
        let p = es
            .iter()
            .find(|e| e.ty == EntityType::Pers && e.latin.as_deref() == Some(latin))
            .unwrap_or_else(|| panic!("no {latin} in {text}: {es:#?}"));
        let got: Vec<&str> = p.mentions.iter().map(|m| m.span.slice(text)).collect();
        if let Some(w) = with {
            assert!(got.contains(&w), "{text}: {got:?}");
        }
        if let Some(w) = without {
            assert!(
                es.iter()
                    .all(|e| e.mentions.iter().all(|m| m.span.slice(text) != w)),
                "{text}: {es:#?}"
            );
        }
    }
}

/// The tagger's name lists (`data/ner/organizations.tsv`, `misc_names.tsv`)
/// name what the tagger found: a Latin name, a country, and an actor type
/// for parties and government bodies. A place inside an
/// organization's name gives it no Latin name and no coordinates.
#[test]
fn listed_organizations_are_named_from_the_lists() {
    let es = recognize(
        "ونقلت وكالة رويترز عن مصدر مطلع أن المحادثات توقفت.",
        "2015-08-01",
    );
    let reuters = es
        .iter()
        .find(|e| e.text.contains("رويترز"))
        .expect("رويترز");
    assert_eq!(reuters.latin.as_deref(), Some("Reuters"), "{es:#?}");
    assert_eq!(reuters.country.as_deref(), Some("GBR"));
    assert_eq!(reuters.actor, None);

    let es = recognize(
        "وذكرت صحيفة نيويورك تايمز أن الخطة قيد الدرس.",
        "2015-08-01",
    );
    let nyt = es.iter().find(|e| e.text.contains("تايمز")).expect("تايمز");
    assert_eq!(nyt.latin.as_deref(), Some("The New York Times"), "{es:#?}");
    assert_eq!(nyt.country.as_deref(), Some("USA"));
    assert!(nyt.geo.is_none(), "{nyt:#?}");

    // The paper without صحيفة; the region of the same name stays a place.
    let es = recognize(
        "وقال مصدر مطلع لـ«الشرق الأوسط» إن الاتفاق قريب.",
        "2015-08-01",
    );
    let papers: Vec<_> = es.iter().filter(|e| e.ty == EntityType::Org).collect();
    assert_eq!(papers.len(), 1, "{es:#?}");
    assert_eq!(papers[0].latin.as_deref(), Some("Asharq Al-Awsat"));
    let es = recognize("وتشهد منطقة الشرق الأوسط توترا متزايدا.", "2015-08-01");
    assert!(
        es.iter().any(|e| e.ty == EntityType::Loc
            && e.text == "الشرق الأوسط"
            && e.latin.as_deref() != Some("Asharq Al-Awsat")),
        "{es:#?}"
    );

    // A club: its name, and no country to be coded by.
    let es = recognize(
        "وفاز ريال مدريد على ضيفه بثلاثة أهداف مقابل هدف.",
        "2015-08-01",
    );
    let club = es
        .iter()
        .find(|e| e.text == "ريال مدريد")
        .expect("ريال مدريد");
    assert_eq!(club.latin.as_deref(), Some("Real Madrid"), "{es:#?}");
    assert_eq!(club.actor, None);
    assert!(club.geo.is_none());
}

/// An organization composed from a head and a country word alone gets a
/// Latin name of the two: "Government (Yemen)".
#[test]
fn a_composed_organization_has_a_latin_name_of_head_and_country() {
    let es = recognize(
        "وأعلنت الحكومة اليمنية استئناف المفاوضات مع المعارضة.",
        "2015-08-01",
    );
    let g = es
        .iter()
        .find(|e| e.text == "الحكومة اليمنية")
        .expect("الحكومة اليمنية");
    assert_eq!(g.latin.as_deref(), Some("Government (Yemen)"), "{es:#?}");
    assert_eq!(g.actor.as_deref(), Some("YEMGOV"));
}

/// A nisba that is more often an ordinary adjective (المالية "financial")
/// names its country only where the document names that country otherwise;
/// with the article it is never the place its key spells (Malé).
#[test]
fn an_ambiguous_nisba_needs_the_country_named_elsewhere() {
    let es = recognize(
        "وقالت وزارة المالية إن العجز تراجع هذا العام.",
        "2015-08-01",
    );
    assert!(
        es.iter()
            .all(|e| e.country.as_deref() != Some("MLI") && e.country.as_deref() != Some("MDV")),
        "{es:#?}"
    );
    // After a person's title, الروماني is the nationality ("Roman" is no
    // reading of a coach); المالي still needs Mali named.
    let es = recognize(
        "وقال المدرب الروماني لازلو زعبلي إن الفريق جاهز.",
        "2015-08-01",
    );
    assert!(
        es.iter().any(|e| e.country.as_deref() == Some("ROU")),
        "{es:#?}"
    );
    // Nor is a finance minister or adviser Malian.
    for text in [
        "وقال وزير المالية أحمد الزعبلي إن العجز تراجع.",
        "وقال المستشار المالي للشركة خالد الزعبلي إن الأرباح ارتفعت.",
    ] {
        let es = recognize(text, "2015-08-01");
        assert!(
            es.iter().all(|e| e.country.as_deref() != Some("MLI")),
            "{text}: {es:#?}"
        );
    }
    let es = recognize(
        "وقال متحدث باسم الجيش المالي في باماكو إن الهجوم صد.",
        "2015-08-01",
    );
    assert_eq!(actor_of(&es, "الجيش المالي"), Some("MLIMIL"), "{es:#?}");
}

/// A person the actor dictionary does not know is spelled from the name
/// lists, the article kept: not a bare transliteration.
#[test]
fn an_unknown_person_is_spelled_from_the_name_lists() {
    let es = recognize(
        "وقال المهندس سلطان الزعبلي مدير المشروع إن العمل بدأ في الموعد.",
        "2015-08-01",
    );
    let p = es
        .iter()
        .find(|e| e.ty == EntityType::Pers)
        .unwrap_or_else(|| panic!("{es:#?}"));
    assert_eq!(p.latin.as_deref(), Some("Sultan al-Za'bli"), "{es:#?}");
}

/// A place name of several words that the tagger splits is one mention.
#[test]
fn a_known_place_the_tagger_splits_is_one_mention() {
    let text = "قصف الجيش منازل في خان يونس جنوب القطاع، ثم في سان بطرسبرغ.";
    let es = recognize(text, "2015-08-01");
    for (name, latin) in [
        ("خان يونس", "Khan Younis"),
        ("سان بطرسبرغ", "Saint Petersburg"),
    ] {
        let e = entity_named(&es, name);
        assert_eq!(e.latin.as_deref(), Some(latin));
        assert!(e.geo.is_some());
    }
    assert!(!es.iter().any(|e| e.text == "يونس"), "{es:#?}");
}

/// A month name written as a date is no organization or person, whatever
/// the tagger says; the car maker keeps its name.
#[test]
fn a_month_written_as_a_date_is_no_name() {
    for text in [
        "وارتفع الإنتاج في أبريل (نيسان) الماضي إلى مليون برميل.",
        "وصدر القرار في 15 نيسان 2016 بعد جلسة طويلة.",
        "وتراجعت المبيعات في تموز الماضي بنسبة كبيرة.",
    ] {
        let es = recognize(text, "2016-08-01");
        assert!(
            !es.iter().any(|e| e.text == "نيسان" || e.text == "تموز"),
            "{text}: {es:#?}"
        );
    }
}

/// A word is a title only as the title spells its hamza: أمام "in front
/// of" is not إمام, the verb أمر "ordered" is not آمر "commander".
#[test]
fn a_word_with_another_hamza_is_no_title() {
    for (text, title) in [
        ("ووقف السفير أمام الرئيس محمود عباس في رام الله.", "أمام"),
        ("وأمر الرئيس عبد الفتاح السيسي بفتح المعبر أمس.", "أمر"),
    ] {
        let es = recognize(text, "2016-08-01");
        let p = es
            .iter()
            .find(|e| e.ty == EntityType::Pers)
            .unwrap_or_else(|| panic!("{text}: {es:#?}"));
        assert!(p.titles.iter().any(|t| t == "الرئيس"), "{text}: {p:#?}");
        assert!(!p.titles.iter().any(|t| t == title), "{text}: {p:#?}");
    }
    // Written as the title writes it, it is one.
    let es = recognize("وقال آمر اللواء سالم جحا إن الوضع هادئ.", "2016-08-01");
    assert!(
        es.iter()
            .any(|e| e.titles.iter().any(|t| t.starts_with("آمر"))),
        "{es:#?}"
    );
}

/// A name behind و is the next item of a list: the title before it belongs
/// to the name before.
#[test]
fn a_name_after_and_has_no_title_of_the_item_before() {
    let text =
        "ورافق الأمير في زيارته أحمد الخطيب المستشار في الديوان الملكي وفهد العيسى مدير مكتبه.";
    let es = recognize(text, "2016-08-01");
    let s = es
        .iter()
        .find(|e| e.text.contains("فهد العيسى"))
        .unwrap_or_else(|| panic!("{es:#?}"));
    assert!(s.titles.is_empty(), "{s:#?}");
}

/// An adjective agrees with its noun: an indefinite nisba after a definite
/// word is a given name (Turki), not a nationality.
#[test]
fn an_indefinite_nisba_after_a_definite_word_is_no_nationality() {
    let text = "ورعى الحفل شيخ مشايخ القبائل تركي أبو نقطة المتحمي في محايل.";
    let es = recognize(text, "2016-08-01");
    assert!(
        !es.iter()
            .any(|e| e.ty == EntityType::Pers && e.country.as_deref() == Some("TUR")),
        "{es:#?}"
    );
}

/// Parts of the world and seas (`regions.tsv`) are places with a Latin
/// name and coordinates but no country and no actor code.
#[test]
fn a_region_or_a_sea_is_a_place_of_no_country() {
    let text = "وتشهد منطقة الشرق الأوسط توترا متزايدا، وتخشى أوروبا من موجة لجوء عبر البحر الأحمر.";
    let es = recognize(text, "2016-08-01");
    for (arabic, latin) in [
        ("الشرق الأوسط", "Middle East"),
        ("أوروبا", "Europe"),
        ("البحر الأحمر", "Red Sea"),
    ] {
        let e = entity_named(&es, arabic);
        assert_eq!(e.ty, EntityType::Loc, "{e:#?}");
        assert_eq!(e.latin.as_deref(), Some(latin), "{e:#?}");
        assert_eq!(e.actor, None, "{e:#?}");
        assert_eq!(e.country, None, "{e:#?}");
        let geo = e.geo.as_ref().expect("geo");
        assert_eq!(geo.country, None);
        assert!(geo.lat != 0.0 && geo.lon != 0.0, "{geo:?}");
    }
}

/// The press quotes the names of papers and channels, not of places: a
/// place name in quotation marks that the lists know as an organization
/// is that organization; unquoted it stays the place.
#[test]
fn a_quoted_place_the_lists_know_as_an_organization_is_it() {
    for (text, ty, latin) in [
        (
            "وقالت «الجزيرة» في تقرير لها إن الاتفاق قريب.",
            EntityType::Org,
            "Al Jazeera",
        ),
        (
            "وقال مصدر لـ«الشرق الأوسط» إن الاتفاق قريب.",
            EntityType::Org,
            "Asharq Al-Awsat",
        ),
        (
            "وتشهد منطقة الشرق الأوسط توترا متزايدا.",
            EntityType::Loc,
            "Middle East",
        ),
    ] {
        let es = recognize(text, "2016-08-01");
        assert!(
            es.iter()
                .any(|e| e.ty == ty && e.latin.as_deref() == Some(latin)),
            "{text}: {es:#?}"
        );
    }
}

/// A place the tagger finds inside a longer known place name is that
/// place, all of it: شمال [أفريقيا] is North Africa, ريف [دمشق] the
/// governorate around Damascus.
#[test]
fn a_place_inside_a_longer_place_name_is_the_longer_place() {
    for (text, whole, latin) in [
        (
            "وتشهد دول شمال أفريقيا موجة حر شديدة.",
            "شمال أفريقيا",
            "North Africa",
        ),
        (
            "وقصفت الطائرات بلدات في ريف دمشق أمس.",
            "ريف دمشق",
            "Rif Dimashq",
        ),
    ] {
        let es = recognize(text, "2016-08-01");
        assert!(
            es.iter().any(|e| e.ty == EntityType::Loc
                && e.text == whole
                && e.latin.as_deref() == Some(latin)),
            "{text}: {es:#?}"
        );
    }
}

/// An organization the tagger finds inside an office's name is named by its
/// own words; inside an organization's longer name, the longer name stands.
#[test]
fn an_organization_inside_an_office_is_named_by_its_own_words() {
    let es = recognize(
        "وعين الأمين العام للأمم المتحدة مبعوثا جديدا إلى اليمن.",
        "2015-08-01",
    );
    let un = es
        .iter()
        .find(|e| e.actor.as_deref() == Some("IGOUNO"))
        .unwrap_or_else(|| panic!("{es:#?}"));
    assert_eq!(un.latin.as_deref(), Some("United Nations"), "{un:#?}");
    let es = recognize(
        "وأعلنت حركة طالبان الباكستانية المسؤولية عن الهجوم.",
        "2015-08-01",
    );
    assert!(
        es.iter().any(|e| e.actor.as_deref() == Some("PAKTAL")),
        "{es:#?}"
    );
}
