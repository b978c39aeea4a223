//! The store end to end: ingest, search, idempotency, replacement,
//! near-duplicates, aggregation, catch-up after a crash, exports.

use rasd_store::*;

fn person(id: &str, canonical: &str, latin: &str, actor: &str, start: usize) -> EntityRecord {
    EntityRecord {
        id: id.into(),
        ty: "PER".into(),
        text: canonical.into(),
        canonical: canonical.into(),
        latin: Some(latin.into()),
        actor: Some(actor.into()),
        country: Some(actor[..3].into()),
        titles: vec!["الرئيس".into()],
        mentions: vec![Mention {
            start,
            end: start + canonical.chars().count(),
            text: canonical.into(),
        }],
        ..EntityRecord::default()
    }
}

fn meeting(source: (&str, &str), target: (&str, &str), date: &str) -> EventRecord {
    EventRecord {
        code: "040".into(),
        root: "04".into(),
        quad_class: 1,
        goldstein: 1.0,
        source: Some(Participant {
            entity: Some(source.0.into()),
            actor: Some(source.1.into()),
            text: "س".into(),
        }),
        target: Some(Participant {
            entity: Some(target.0.into()),
            actor: Some(target.1.into()),
            text: "ص".into(),
        }),
        trigger: Trigger {
            text: "التقى".into(),
            start: 0,
            end: 5,
        },
        sentence: 0,
        date: Some(date.into()),
        modality: "asserted".into(),
        confidence: 0.8,
        ..EventRecord::default()
    }
}

/// A wire story about a meeting, in the style of our sample articles.
const STORY: &str = "التقى الرئيس المصرى عبد الفتاح السيسى فى القاهرة اليوم رئيس المجلس \
    الرئاسى الليبى، وبحث الجانبان سبل دعم الاستقرار فى ليبيا وتأمين الحدود المشتركة بين \
    البلدين، وأكد الرئيس المصرى دعم بلاده الكامل للمؤسسات الليبية الشرعية وللحل السياسى \
    الشامل، فيما أعرب الضيف عن تقديره للدور المصرى فى المنطقة.";

fn doc(id: &str, source: &str, text: &str) -> DocumentRecord {
    DocumentRecord {
        id: id.into(),
        published: Some("2017-05-02".into()),
        title: Some("السيسى يستقبل رئيس المجلس الرئاسى".into()),
        source: Some(source.into()),
        url: None,
        text: text.into(),
        sentences: vec![Span {
            start: 0,
            end: text.chars().count(),
        }],
        entities: vec![
            person(
                "e1",
                "عبد الفتاح السيسى",
                "Abdel Fattah el-Sisi",
                "EGYGOV",
                20,
            ),
            person("e2", "فايز السراج", "Fayez al-Sarraj", "LBYGOV", 60),
        ],
        events: vec![meeting(("e1", "EGYGOV"), ("e2", "LBYGOV"), "2017-05-02")],
    }
}

fn open(dir: &tempfile::TempDir) -> DataDir {
    DataDir::open(dir.path(), Mode::ReadWrite).unwrap()
}

#[test]
fn search_folds_spelling_and_clitics() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = open(&tmp);
    let a = doc("a", "الأهرام", STORY);
    let mut b = doc(
        "b",
        "الشروق",
        "وصل الوفد إلى موسكو، والليبي الآخر فى طريقه بموسكو أيضا لإجراء محادثات.",
    );
    b.title = Some("وفد فى روسيا".into());
    b.published = Some("2017-06-10".into());
    b.events.clear();
    b.entities.clear();
    dir.put_batch(&[a, b]).unwrap();
    let q = |q: &str| {
        dir.search(&SearchQuery {
            q: q.into(),
            ..SearchQuery::default()
        })
        .unwrap()
    };
    // ى/ي, with and without clitics.
    let r = q("الليبي");
    let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&"a") && ids.contains(&"b"), "{ids:?}");
    assert_eq!(q("موسكو").hits.len(), 1);
    assert_eq!(q("بموسكو").hits[0].id, "b");
    // Highlights are code-point ranges of the matched words.
    let h = &q("موسكو").hits[0];
    let words: Vec<String> = h
        .highlights
        .iter()
        .map(|s| {
            h.snippet
                .chars()
                .skip(s.start)
                .take(s.end - s.start)
                .collect()
        })
        .collect();
    assert!(words.contains(&"موسكو".to_owned()), "{words:?}");
    assert!(words.contains(&"بموسكو".to_owned()), "{words:?}");
    // Phrases keep word order.
    assert_eq!(q("\"الرئيس المصري\"").hits.len(), 1);
    assert_eq!(q("\"المصري الرئيس\"").hits.len(), 0);
    // Exclusion and no match.
    assert_eq!(q("الليبي -موسكو").hits.len(), 1);
    assert_eq!(q("كلمةغيرموجودة").total, 0);
    // Filters.
    let f = |f: SearchQuery| dir.search(&f).unwrap().total;
    let base = SearchQuery {
        q: "الليبي".into(),
        ..SearchQuery::default()
    };
    assert_eq!(
        f(SearchQuery {
            from: Some("2017-06-01".into()),
            ..base.clone()
        }),
        1
    );
    assert_eq!(
        f(SearchQuery {
            source: Some("الأهرام".into()),
            ..base.clone()
        }),
        1
    );
    assert_eq!(
        f(SearchQuery {
            entity: Some("السيسي".into()),
            ..base.clone()
        }),
        0,
        "an entity filter matches whole names"
    );
    assert_eq!(
        f(SearchQuery {
            entity: Some("عبد الفتاح السيسي".into()),
            ..base.clone()
        }),
        1
    );
    assert_eq!(
        f(SearchQuery {
            entity: Some("Abdel Fattah el-Sisi".into()),
            ..base.clone()
        }),
        1
    );
    assert_eq!(
        f(SearchQuery {
            code: Some("04".into()),
            ..base.clone()
        }),
        1
    );
    assert!(dir
        .search(&SearchQuery {
            from: Some("2017/06/01".into()),
            ..base.clone()
        })
        .is_err());
    // Hostile queries are just queries.
    for q in [
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "title:",
        "\"",
        "((",
        "*",
    ] {
        assert!(dir
            .search(&SearchQuery {
                q: q.into(),
                ..SearchQuery::default()
            })
            .is_ok());
    }
}

#[test]
fn ingest_is_idempotent_and_replaces_changed_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = open(&tmp);
    let a = doc("a", "الأهرام", STORY);
    assert_eq!(
        dir.put_batch(std::slice::from_ref(&a)).unwrap(),
        vec![PutOutcome::Inserted]
    );
    let before = dir.stats().unwrap();
    assert_eq!(
        dir.put_batch(std::slice::from_ref(&a)).unwrap(),
        vec![PutOutcome::Unchanged]
    );
    // The same content under another id from the same source: unchanged.
    let mut same = a.clone();
    same.id = "a-again".into();
    assert_eq!(dir.put_batch(&[same]).unwrap(), vec![PutOutcome::Unchanged]);
    let after = dir.stats().unwrap();
    assert_eq!(
        (before.documents, before.entities, before.events),
        (after.documents, after.entities, after.events)
    );
    // Changed text: old entities and events replaced.
    let mut changed = a.clone();
    changed.text = format!("{STORY} وتابع الرئيس جولته.");
    changed.entities.truncate(1);
    changed.events.clear();
    assert_eq!(
        dir.put_batch(&[changed]).unwrap(),
        vec![PutOutcome::Replaced]
    );
    let s = dir.stats().unwrap();
    assert_eq!((s.documents, s.entities, s.events), (1, 1, 0));
    let stored = dir.store().document("a").unwrap().unwrap();
    assert!(stored.record.text.ends_with("جولته."));
    dir.check().unwrap();
    // Reopening keeps everything.
    drop(dir);
    let dir = open(&tmp);
    assert_eq!(dir.stats().unwrap().documents, 1);
    dir.check().unwrap();
}

#[test]
fn near_duplicates_are_linked_and_counted_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = open(&tmp);
    let first = doc("first", "الأهرام", STORY);
    let copy_text = format!("القاهرة - (وكالات): {}", STORY.replace("اليوم", "الثلاثاء"));
    let copy = doc("copy", "الشروق", &copy_text);
    let other = doc(
        "other",
        "الوطن",
        "أعلن البنك المركزى عن خفض أسعار الفائدة نصف نقطة مئوية فى اجتماعه الدورى \
         الذى عقد أمس، مشيرا إلى تراجع معدلات التضخم خلال الأشهر الثلاثة الماضية وتحسن \
         مؤشرات النمو الاقتصادى والاحتياطى من النقد الأجنبى بصورة ملحوظة.",
    );
    dir.put_batch(&[first, copy, other]).unwrap();
    let copy = dir.store().document("copy").unwrap().unwrap();
    assert_eq!(copy.duplicate_of.as_deref(), Some("first"));
    let first = dir.store().document("first").unwrap().unwrap();
    assert_eq!(first.duplicates, vec!["copy".to_owned()]);
    let other = dir.store().document("other").unwrap().unwrap();
    assert_eq!(other.duplicate_of, None);
    let events = dir.store().events(&EventFilter::default()).unwrap();
    // The meeting is one event, seen in two articles from two sources, and
    // the unrelated story's copy of it is a separate event.
    let met: Vec<&AggregatedEvent> = events.iter().filter(|e| e.document == "first").collect();
    assert_eq!(met.len(), 1);
    assert_eq!(
        (met[0].num_mentions, met[0].num_sources, met[0].num_articles),
        (2, 2, 2)
    );
    assert_eq!(met[0].source_latin.as_deref(), Some("Abdel Fattah el-Sisi"));
    assert_eq!(dir.stats().unwrap().duplicates, 1);
}

#[test]
fn event_and_actor_queries() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = open(&tmp);
    let mut b = doc("b", "الشروق", "نص آخر عن لقاء ثان بين الطرفين فى موعد لاحق.");
    b.published = Some("2017-07-01".into());
    b.events[0].date = Some("2017-06-30".into());
    b.events[0].code = "036".into();
    b.events[0].root = "03".into();
    b.events[0].modality = "intended".into();
    dir.put_batch(&[doc("a", "الأهرام", STORY), b]).unwrap();
    let ev = |f: EventFilter| dir.store().events(&f).unwrap();
    assert_eq!(ev(EventFilter::default()).len(), 2);
    // Newest first.
    assert_eq!(ev(EventFilter::default())[0].event.code, "036");
    let only = |f: EventFilter| {
        ev(f)
            .iter()
            .map(|e| e.event.code.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        only(EventFilter {
            code: Some("04".into()),
            ..EventFilter::default()
        }),
        vec!["040"]
    );
    assert_eq!(
        only(EventFilter {
            root: Some("03".into()),
            ..EventFilter::default()
        }),
        vec!["036"]
    );
    assert_eq!(
        only(EventFilter {
            to: Some("2017-06-01".into()),
            ..EventFilter::default()
        }),
        vec!["040"]
    );
    assert_eq!(
        ev(EventFilter {
            actor: Some("LBY".into()),
            ..EventFilter::default()
        })
        .len(),
        2
    );
    assert_eq!(
        ev(EventFilter {
            actor: Some("Fayez al-Sarraj".into()),
            ..EventFilter::default()
        })
        .len(),
        2
    );
    assert_eq!(
        ev(EventFilter {
            actor: Some("فايز السراج".into()),
            ..EventFilter::default()
        })
        .len(),
        2
    );
    assert_eq!(
        ev(EventFilter {
            country: Some("egy".into()),
            ..EventFilter::default()
        })
        .len(),
        2
    );
    assert!(dir
        .store()
        .events(&EventFilter {
            code: Some("' OR 1=1 --".into()),
            ..EventFilter::default()
        })
        .is_err());
    assert!(dir
        .store()
        .events(&EventFilter {
            actor: Some("' OR 1=1 --".into()),
            ..EventFilter::default()
        })
        .unwrap()
        .is_empty());

    let actors = dir.store().actors(&ActorFilter::default()).unwrap();
    assert_eq!(actors.len(), 2);
    let sisi = actors
        .iter()
        .find(|a| a.actor.as_deref() == Some("EGYGOV"))
        .unwrap();
    assert_eq!((sisi.documents, sisi.event_count), (2, 2));
    assert_eq!(sisi.titles, vec!["الرئيس".to_owned()]);
    let detail = dir.store().actor(&sisi.id).unwrap().unwrap();
    assert_eq!(detail.events.len(), 2);
    assert!(detail
        .links
        .iter()
        .any(|l| l.direction == "out" && l.other_latin.as_deref() == Some("Fayez al-Sarraj")));
    assert!(dir.store().actor("PER:nobody").unwrap().is_none());
}

#[test]
fn an_index_behind_the_database_catches_up_on_open() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let dir = open(&tmp);
        dir.put_batch(&[doc("a", "الأهرام", STORY)]).unwrap();
    }
    // A process killed after the database commit and before the index
    // commit: the database has a batch the index lacks.
    {
        let store = SqliteStore::open(&tmp.path().join("rasd.sqlite"), Mode::ReadWrite).unwrap();
        let mut b = doc(
            "b",
            "الشروق",
            "خبر جديد عن زيارة وفد ليبى إلى موسكو لبحث التعاون.",
        );
        b.events.clear();
        store.put_batch(&[Prepared::new(b)]).unwrap();
    }
    let dir = open(&tmp);
    dir.check().unwrap();
    let r = dir
        .search(&SearchQuery {
            q: "موسكو".into(),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(r.hits.len(), 1);
}

#[test]
fn read_only_needs_an_existing_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nothing-here");
    let err = DataDir::open(&missing, Mode::ReadOnly).err().unwrap();
    assert!(err.to_string().contains("nothing-here"), "{err}");
    {
        open(&tmp).put_batch(&[doc("a", "الأهرام", STORY)]).unwrap();
    }
    let ro = DataDir::open(tmp.path(), Mode::ReadOnly).unwrap();
    assert_eq!(ro.stats().unwrap().documents, 1);
    assert!(matches!(
        ro.put_batch(&[doc("b", "x", "نص")]),
        Err(StoreError::ReadOnly)
    ));
}

#[test]
fn exports() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = open(&tmp);
    dir.put_batch(&[doc("a", "الأهرام", STORY)]).unwrap();
    let mut out = Vec::new();
    let n = export::write_csv(dir.store(), &EventFilter::default(), &mut out).unwrap();
    assert_eq!(n, 1);
    let csv = String::from_utf8(out).unwrap();
    assert_eq!(csv.lines().count(), 2);
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .starts_with("document,published"));
    let mut out = Vec::new();
    export::write_gdelt(dir.store(), &EventFilter::default(), &mut out).unwrap();
    let row = String::from_utf8(out).unwrap();
    let cols: Vec<&str> = row.trim_end().split('\t').collect();
    assert_eq!(cols.len(), 61);
    assert_eq!(cols[5], "EGYGOV");
    assert_eq!(cols[6], "ABDEL FATTAH EL-SISI");
    let mut out = Vec::new();
    export::write_jsonl(dir.store(), &EventFilter::default(), &mut out).unwrap();
    let back: StoredDocument = serde_json::from_slice(out.trim_ascii_end()).unwrap();
    assert_eq!(back.record.entities.len(), 2);
    assert_eq!(back.record.text, STORY);
}
