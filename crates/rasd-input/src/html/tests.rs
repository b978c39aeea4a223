//! Table-driven cases for the extractor (pages and sentences written for
//! these tests), and the property tests behind the fuzz target.

use super::*;

/// One page and what must come out of it; `None` fields are not checked.
struct Case {
    name: &'static str,
    html: &'static str,
    text: &'static str,
    title: Option<Option<&'static str>>,
    published: Option<Option<&'static str>>,
    url: Option<Option<&'static str>>,
}

const fn case(name: &'static str, html: &'static str, text: &'static str) -> Case {
    Case {
        name,
        html,
        text,
        title: None,
        published: None,
        url: None,
    }
}

impl Case {
    const fn title(mut self, t: Option<&'static str>) -> Case {
        self.title = Some(t);
        self
    }
    const fn published(mut self, p: Option<&'static str>) -> Case {
        self.published = Some(p);
        self
    }
    const fn url(mut self, u: Option<&'static str>) -> Case {
        self.url = Some(u);
        self
    }
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>وصول الوفد إلى بنغازي | صحيفة المثال</title>
  <meta property="og:title" content="  وصول   الوفد إلى بنغازي ">
  <meta property="og:url" content="https://example.invalid/og">
  <link rel="stylesheet" href="/s.css">
  <link rel="canonical" href="https://example.invalid/news/42">
  <meta property="article:published_time" content="2016-11-28T10:00:00+02:00">
  <meta name="date" content="2016-11-27">
  <style>p { color: red; }</style>
  <script>var x = "<p>ليس نصا</p>";</script>
</head>
<body>
  <header><h1>صحيفة المثال</h1><nav><a href="/">الرئيسية</a> | <a href="/w">العالم</a></nav></header>
  <article>
    <h2>وصول الوفد</h2>
    <p>وصل الوفد إلى بنغازي
       صباح اليوم.</p>
    <p>قال الوزير إن الاجتماع كان&nbsp;مثمرا.<br>وأضاف أن المحادثات ستستمر.</p>
    <aside>اقرأ أيضا: خبر آخر</aside>
    <!-- <p>تعليق مخفي</p> -->
  </article>
  <footer>جميع الحقوق محفوظة</footer>
</body>
</html>"#;

fn cases() -> Vec<Case> {
    vec![
        case(
            "news page",
            PAGE,
            "وصول الوفد\nوصل الوفد إلى بنغازي صباح اليوم.\nقال الوزير إن الاجتماع كان مثمرا.\nوأضاف أن المحادثات ستستمر.",
        )
        .title(Some("وصول الوفد إلى بنغازي"))
        .published(Some("2016-11-28"))
        .url(Some("https://example.invalid/news/42")),
        case(
            "paragraphs without article",
            "<html><body><div class=menu>القائمة</div><p>الفقرة الأولى.</p><div><p>الفقرة الثانية.</div><span>حاشية</span></body></html>",
            "الفقرة الأولى.\nالفقرة الثانية.",
        )
        .title(None)
        .published(None)
        .url(None),
        case(
            "body text when no paragraph",
            "<body><div>سطر أول</div><div>سطر   ثان<br/>سطر ثالث</div></body>",
            "سطر أول\nسطر ثان\nسطر ثالث",
        ),
        case(
            "articleBody wins over article",
            r#"<article><h1>العنوان</h1><div itemprop="articleBody"><p>المتن وحده.</p></div><p>تعليق القراء</p></article>"#,
            "المتن وحده.",
        )
        .title(Some("العنوان")),
        case(
            "the longest article",
            "<article><p>قصير.</p></article><article><p>هذا هو المقال الأطول في الصفحة.</p></article>",
            "هذا هو المقال الأطول في الصفحة.",
        ),
        case(
            "title tag, then h1",
            "<title>عنوان &amp; الصفحة</title><h1>عنوان آخر</h1><p>نص.</p>",
            "نص.",
        )
        .title(Some("عنوان & الصفحة")),
        case("h1 title", "<h1> عنوان <b>الخبر</b> </h1><p>نص.</p>", "نص.")
            .title(Some("عنوان الخبر")),
        case(
            "entities",
            "<p>&#1575;&#x644;&#X62E;&#1576;&#1585; &laquo;&#x627;&raquo; &lt;b&gt; &quot;&apos; &amp &bogus; &#0; &#150; &rlm;|&shy;|&zwnj;|&hellip;</p>",
            "الخبر «ا» <b> \"' & &bogus; \u{FFFD} – \u{200F}|\u{AD}|\u{200C}|…",
        ),
        case(
            "dropped elements",
            "<p>أ</p><script>ب</script><style>ج</style><noscript><p>د</p></noscript><template><p>ه</p></template><svg><text>و</text></svg><nav>ز</nav><form><p>ح</p></form><p>ط</p>",
            "أ\nط",
        ),
        case(
            "uppercase tags and unquoted attributes",
            "<HTML><BODY><P CLASS=lead>فقرة <B>كبيرة</B></P><P>ثانية</BODY></HTML>",
            "فقرة كبيرة\nثانية",
        ),
        case(
            "> inside a quoted attribute",
            r#"<p title="a > b" data-x='<p>'>النص كاملا</p>"#,
            "النص كاملا",
        ),
        case(
            "unclosed tags",
            "<body><p>أولى<p>ثانية<div>ثالثة<li>رابعة<li>خامسة",
            "أولى\nثانية",
        ),
        case(
            "script end tag in any case, and a fake one inside",
            "<p>قبل</p><SCRIPT>if (a </scriptx> b) {}</ScRiPt ><p>بعد</p>",
            "قبل\nبعد",
        ),
        case(
            "CDATA is text",
            "<p>نص <![CDATA[a < b & c]]> بعده</p>",
            "نص a < b & c بعده",
        ),
        case(
            "comments of every shape",
            "<p>أ<!---->ب<!-->ج<!--->د<!-- <p>x</p> -->ه<!-- غير مغلق",
            "أبجده",
        ),
        case(
            "stray end tags and a lone <",
            "</div></p><p>إذا كان 3 < 4 و 5 > 2</span></p></b>",
            "إذا كان 3 < 4 و 5 > 2",
        ),
        case(
            "unclosed head",
            "<html><head><title>ع</title><meta name=date content=2015-07-21><body><p>متن</p>",
            "متن",
        )
        .title(Some("ع"))
        .published(Some("2015-07-21")),
        case(
            "bare text after head items",
            "<title>ع</title>نص بلا وسوم",
            "نص بلا وسوم",
        ),
        case(
            "table cells",
            "<table><tr><td>أ</td><td>ب</td></tr><tr><td>ج</td></tr></table>",
            "أ ب\nج",
        ),
        case("empty", "", "").title(None).published(None).url(None),
        case(
            "BOM and whitespace only",
            "\u{FEFF}  \n\t ",
            "",
        ),
        case("plain text", "نص بلا أي وسم.", "نص بلا أي وسم."),
        case("unclosed tag at the end", "<p>نص</p><a href=\"x", "نص"),
    ]
}

#[test]
fn table() {
    for c in cases() {
        let d = extract(c.html);
        assert_eq!(d.text, c.text, "{}: text", c.name);
        if let Some(t) = c.title {
            assert_eq!(d.title.as_deref(), t, "{}: title", c.name);
        }
        if let Some(p) = c.published {
            assert_eq!(d.published.as_deref(), p, "{}: published", c.name);
        }
        if let Some(u) = c.url {
            assert_eq!(d.url.as_deref(), u, "{}: url", c.name);
        }
    }
}

/// The date sources, each alone and under a page that has the better ones.
#[test]
fn dates_by_rank() {
    let sources = [
        r#"<meta property="article:published_time" content="2016-01-01T08:00:00Z">"#,
        r#"<meta property="og:published_time" content="2016-01-02">"#,
        r#"<meta itemprop="datePublished" content="2016-01-03">"#,
        r#"<meta name="pubdate" content="2016-01-04">"#,
        r#"<meta name="date" content="2016-01-05">"#,
        r#"<meta name="DC.date.issued" content="2016-01-06">"#,
        r#"<meta name="dc.date" content="2016-01-07">"#,
        r#"<time datetime="2016-01-08 09:00">الجمعة</time>"#,
    ];
    for (k, s) in sources.iter().enumerate() {
        let want = format!("2016-01-0{}", k + 1);
        // Alone.
        assert_eq!(extract(s).published.as_deref(), Some(&*want), "{s}");
        // After every worse source: still this one.
        let page: String = sources[k..].iter().rev().copied().collect();
        assert_eq!(extract(&page).published.as_deref(), Some(&*want), "{page}");
    }
    let table = [
        (
            r#"<script type="application/ld+json">{"@type": "NewsArticle", "datePublished" : "2017-03-04T05:06:07Z"}</script>"#,
            Some("2017-03-04"),
        ),
        (
            r#"<span itemprop="datePublished" content="2017-05-06"></span>"#,
            Some("2017-05-06"),
        ),
        (
            r#"<time itemprop="datePublished" datetime="2017-07-08">٨ يوليو</time>"#,
            Some("2017-07-08"),
        ),
        (
            r#"<time datetime="2017-09-10"></time><time pubdate datetime="2017-09-11"></time>"#,
            Some("2017-09-11"),
        ),
        // A bad date is passed over for the next good one.
        (
            r#"<meta property="article:published_time" content="أمس"><meta name="date" content="2018-02-03">"#,
            Some("2018-02-03"),
        ),
        (r#"<meta name="date" content="2018-02-30">"#, None),
        (
            r#"<script>var d = {"datePublished": "2019-01-01"};</script>"#,
            None,
        ),
    ];
    for (html, want) in table {
        assert_eq!(extract(html).published.as_deref(), want, "{html}");
    }
}

#[test]
fn urls() {
    let table = [
        (
            r#"<link rel="Canonical" href=" https://example.invalid/a "><meta property="og:url" content="https://example.invalid/b">"#,
            Some("https://example.invalid/a"),
        ),
        (
            r#"<meta property="og:url" content="https://example.invalid/b?x=1&amp;y=2">"#,
            Some("https://example.invalid/b?x=1&y=2"),
        ),
        (
            r#"<link rel=canonical href=https://example.invalid/c?a=1&copy=2>"#,
            Some("https://example.invalid/c?a=1&copy=2"),
        ),
        (
            r#"<link rel="alternate" href="https://example.invalid/d">"#,
            None,
        ),
    ];
    for (html, want) in table {
        assert_eq!(extract(html).url.as_deref(), want, "{html}");
    }
}

#[test]
fn entity_decoding() {
    let table = [
        ("بلا مراجع", false, "بلا مراجع"),
        ("&#1604;&#1575;", false, "لا"),
        ("&#x644&#x627", false, "لا"),
        (
            "&#x110000; &#xD800; &#99999999999;",
            false,
            "\u{FFFD} \u{FFFD} \u{FFFD}",
        ),
        ("&#128;&#x9d;", false, "€\u{9D}"),
        ("&amp;&AMP;&ampx", false, "&&&ampx"),
        ("&copy=1", true, "&copy=1"),
        ("&copy 2016", true, "© 2016"),
        (
            "& &# &#x &; &aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;",
            false,
            "& &# &#x &; &aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;",
        ),
        ("&Dagger;&dagger;&DAGGER;", false, "‡†&DAGGER;"),
        ("&عربي;", false, "&عربي;"),
    ];
    for (input, attr, want) in table {
        assert_eq!(decode_entities(input, attr), want, "{input}");
    }
}

#[test]
fn tokenizer_pieces() {
    let mut t = Tokenizer::new(r#"<a HREF="x>y" b='1' c=2 d>نص</A ><!--c--><br/>"#);
    let mut got = Vec::new();
    while let Some(tok) = t.next_token() {
        got.push(tok);
    }
    assert_eq!(
        got,
        [
            Token::Start(Tag {
                name: "a".into(),
                attrs: vec![
                    ("href".into(), "x>y".into()),
                    ("b".into(), "1".into()),
                    ("c".into(), "2".into()),
                    ("d".into(), "".into()),
                ],
            }),
            Token::Text("نص"),
            Token::End("a".into()),
            Token::Start(Tag {
                name: "br".into(),
                attrs: vec![],
            }),
        ]
    );
}

/// Deeply nested and stray tags stay linear (a quadratic stack scan would
/// take minutes here).
#[test]
fn many_tags_are_linear() {
    let mut html = "<span>".repeat(100_000);
    html.push_str(&"</div>".repeat(100_000));
    html.push_str("<p>نص</p>");
    html.push_str(&"</span>".repeat(100_000));
    let t = std::time::Instant::now();
    let d = extract(&html);
    assert_eq!(d.text, "نص");
    assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of HTML, whole or cut, for pages that exercise the tokenizer
    /// more than random strings do.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[^<\u{E000}]{0,12}",
            Just("<p>".to_owned()),
            Just("</p>".to_owned()),
            Just("<P CLASS=x>".to_owned()),
            Just("<div class=\"a>b\">".to_owned()),
            Just("</div>".to_owned()),
            Just("<article>".to_owned()),
            Just("</article>".to_owned()),
            Just("<br/>".to_owned()),
            Just("<h1>".to_owned()),
            Just("</h1>".to_owned()),
            Just("<title>".to_owned()),
            Just("</title>".to_owned()),
            Just("<style>".to_owned()),
            Just("<script>".to_owned()),
            Just("</script>".to_owned()),
            Just("<textarea>".to_owned()),
            Just("<!-- c -->".to_owned()),
            Just("<!--".to_owned()),
            Just("-->".to_owned()),
            Just("<![CDATA[x]]>".to_owned()),
            Just("&amp;".to_owned()),
            Just("&#1575;".to_owned()),
            Just("&#x627".to_owned()),
            Just("&bogus;".to_owned()),
            Just("<nav>".to_owned()),
            Just("</nav>".to_owned()),
            Just("<head>".to_owned()),
            Just("<td>".to_owned()),
            Just("a < b".to_owned()),
            Just("<meta property=\"og:title\" content=\"عنوان\">".to_owned()),
            Just("<div itemprop=articleBody>".to_owned()),
            Just("وصل الوفد إلى بنغازي.".to_owned()),
        ]
    }

    /// A page of pieces; with `quotes`, unclosed quotes too (two of them
    /// can pair up around a tag, making it an attribute value).
    fn page(quotes: bool) -> impl Strategy<Value = String> {
        let unclosed = prop_oneof![
            Just("<a href='x".to_owned()),
            Just("<a title=\"".to_owned())
        ];
        let piece = if quotes {
            prop_oneof![8 => piece(), 1 => unclosed].boxed()
        } else {
            piece().boxed()
        };
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    fn check_text(d: &HtmlDoc) {
        for line in d.text.split('\n') {
            assert!(!line.is_empty(), "an empty line in {:?}", d.text);
            assert_eq!(line.trim(), line, "untrimmed line in {:?}", d.text);
            assert!(!line.contains("  "), "double space in {:?}", d.text);
        }
        if let Some(p) = &d.published {
            assert_eq!(parse_date(p).as_ref(), Some(p));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn never_panics_on_anything(s in any::<String>()) {
            let d = extract(&s);
            if !d.text.is_empty() {
                check_text(&d);
            }
        }

        #[test]
        fn never_panics_on_pieces(s in prop::collection::vec(
            prop_oneof![page(true), any::<String>(), "[<>/!&#;\"'=a-zA-Z -]{0,8}"], 0..6,
        ).prop_map(|v| v.concat())) {
            let d = extract(&s);
            if !d.text.is_empty() {
                check_text(&d);
            }
        }

        /// Whatever comes before or after it (pieces that keep it a
        /// script), a script's content is never text.
        #[test]
        fn script_content_is_never_text(
            before in page(false),
            after in prop_oneof![page(true), any::<String>()].prop_map(|s| s.replace('\u{E000}', "")),
            upper in any::<bool>(),
        ) {
            let secret = "\u{E000}سر المخطوطة\u{E000}";
            let tag = if upper { "SCRIPT" } else { "script" };
            // No quote in the script: an unclosed quote before it must swallow it
            // rather than close inside it (which would make it no script).
            let html = format!("{before}<{tag} type=text/javascript>var s = /{secret}/;</{tag}>{after}");
            let d = extract(&html);
            prop_assert!(!d.text.contains('\u{E000}'), "{html:?} gave {:?}", d.text);
        }
    }
}
