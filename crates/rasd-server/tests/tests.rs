//! API integration tests: a real server on 127.0.0.1:0 over a data
//! directory of articles we wrote, spoken to over TCP.

mod util;

use std::time::Duration;

use rasd_server::{AppState, Pipeline, ServeConfig};
use serde_json::{json, Value};
use util::{enc, get, post_json, request, server, TOKEN};

fn code_points(s: &str) -> usize {
    s.chars().count()
}

#[test]
fn health_and_page() {
    let r = get("/api/health");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "ok");

    let page = get("/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = page.text();
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("script-src 'self'"));

    let js = get("/assets/js/app.js");
    assert_eq!(js.status, 200);
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    // Revalidation.
    let tag = js.header("etag").unwrap().to_owned();
    let again = request(
        server(),
        "GET",
        "/assets/js/app.js",
        &[("If-None-Match", &tag)],
        b"",
    );
    assert_eq!(again.status, 304);

    get("/assets/nope.js").error(404);
    get("/assets/../Cargo.toml").error(404);
}

#[test]
fn openapi_describes_every_route() {
    let r = get("/api/openapi.json");
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
    let paths = doc["paths"].as_object().unwrap();
    let routes = rasd_server::api_route_list();
    for (method, path) in &routes {
        assert!(
            paths
                .get(*path)
                .and_then(|p| p.get(method.as_str()))
                .is_some(),
            "{method} {path} is routed but not in openapi.json"
        );
    }
    // And nothing described that is not routed.
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            assert!(
                routes.iter().any(|(m, p)| p == path && m == method),
                "{method} {path} is in openapi.json but not routed"
            );
        }
    }
    // Every $ref resolves.
    let text = r.text();
    for part in text.split("\"$ref\": \"#/components/").skip(1) {
        let name = part.split('"').next().unwrap();
        let mut v = &doc["components"];
        for seg in name.split('/') {
            v = &v[seg];
        }
        assert!(!v.is_null(), "dangling $ref {name}");
    }
}

#[test]
fn cameo_names() {
    let v = get("/api/cameo").json();
    assert_eq!(v["codes"]["042"]["root"], "04");
    assert_eq!(v["codes"]["190"]["quad_class"], 4);
}

#[test]
fn stats() {
    let v = get("/api/stats").json();
    assert!(v["documents"].as_u64().unwrap() >= 4, "{v}");
    assert!(v["entities"].as_u64().unwrap() > 0, "{v}");
    get("/api/stats?x=1").error(400);
}

#[test]
fn search_ranks_and_highlights() {
    let r = get(&format!("/api/search?q={}", enc("لافروف")));
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.len() >= 2, "{v}");
    assert!(v["total"].as_u64().unwrap() >= 2);
    for hit in hits {
        let snippet = hit["snippet"].as_str().unwrap();
        let n = code_points(snippet);
        for h in hit["highlights"].as_array().unwrap() {
            let (a, b) = (
                h["start"].as_u64().unwrap() as usize,
                h["end"].as_u64().unwrap() as usize,
            );
            assert!(a < b && b <= n, "highlight {a}..{b} outside snippet of {n}");
        }
    }
    // Filters.
    let r = get(&format!(
        "/api/search?q={}&from=2017-01-01&to=2017-12-31",
        enc("لافروف")
    ))
    .json();
    let ids: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["t-cairo"], "{r}");
    let r = get(&format!("/api/search?q={}&limit=1", enc("لافروف"))).json();
    assert_eq!(r["hits"].as_array().unwrap().len(), 1);
    let r = get(&format!("/api/search?q={}&limit=1&offset=1", enc("لافروف"))).json();
    assert_eq!(r["hits"].as_array().unwrap().len(), 1);
    // A word nobody wrote.
    let r = get(&format!("/api/search?q={}", enc("بطريق"))).json();
    assert_eq!(r["hits"].as_array().unwrap().len(), 0);
}

#[test]
fn search_rejects_bad_parameters() {
    get("/api/search").error(400);
    get("/api/search?q=").error(400);
    get("/api/search?q=x&from=2016-13-01").error(400);
    get("/api/search?q=x&from=yesterday").error(400);
    get("/api/search?q=x&to=2016-02-30").error(400);
    get("/api/search?q=x&from=2018-01-01&to=2017-01-01").error(400);
    get("/api/search?q=x&limit=abc").error(400);
    get("/api/search?q=x&limit=-1").error(400);
    get("/api/search?q=x&limit=100000").error(400);
    get("/api/search?q=x&offset=99999999999999999999999").error(400);
    get("/api/search?q=x&bogus=1").error(400);
    get("/api/search?q=x&q=y").error(400);
    get("/api/search?q=%FF%FE").error(400);
    get("/api/search?q=%E0%A4").error(400);
    get("/api/search?q=%G1").error(400);
    let long = "ب".repeat(2000);
    get(&format!("/api/search?q={}", enc(&long))).error(400);
}

#[test]
fn documents() {
    let r = get("/api/documents/t-moscow");
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["id"], "t-moscow");
    assert_eq!(v["published"], "2016-11-28");
    let text = v["text"].as_str().unwrap();
    assert!(text.starts_with("موسكو"));
    let n = code_points(text);
    // Offsets are code points into the text.
    for e in v["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            let (a, b) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert!(a < b && b <= n);
            let got: String = text.chars().skip(a).take(b - a).collect();
            assert_eq!(got, m["text"].as_str().unwrap());
        }
    }
    assert!(
        v["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["type"] == "PER"),
        "{v}"
    );
    get("/api/documents/no-such-doc").error(404);
    get(&format!("/api/documents/{}", enc("' OR 1=1 --"))).error(404);
    get(&format!(
        "/api/documents/{}",
        enc("<script>alert(1)</script>")
    ))
    .error(404);
    get("/api/documents/a%00b").error(400);
    get("/api/documents/t-moscow?x=1").error(400);
}

#[test]
fn events() {
    let r = get("/api/events");
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let all = v["events"].as_array().unwrap();
    assert!(!all.is_empty(), "no events coded in the test articles: {v}");
    for e in all {
        assert!(e["code"]
            .as_str()
            .unwrap()
            .starts_with(e["root"].as_str().unwrap()));
        assert!(e["document"].as_str().unwrap().starts_with("t-"));
    }
    let root = all[0]["root"].as_str().unwrap().to_owned();
    let v = get(&format!("/api/events?root={root}")).json();
    for e in v["events"].as_array().unwrap() {
        assert_eq!(e["root"], root.as_str());
    }
    let v = get(&format!("/api/events?code={root}&limit=1")).json();
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    let v = get("/api/events?document=t-derna").json();
    for e in v["events"].as_array().unwrap() {
        assert_eq!(e["document"], "t-derna");
    }
    let v = get("/api/events?from=2030-01-01").json();
    assert!(v["events"].as_array().unwrap().is_empty());
    let v = get(&format!("/api/events?actor={}", enc("حفتر"))).json();
    assert!(v["events"].is_array());

    get("/api/events?from=2016-11-31").error(400);
    get("/api/events?country=LY!").error(400);
    get("/api/events?code=04%27").error(400);
    get("/api/events?root=123").error(400);
    get("/api/events?limit=5000").error(400);
    get("/api/events?colour=red").error(400);
}

#[test]
fn actors() {
    let r = get("/api/actors");
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let list = v["actors"].as_array().unwrap();
    assert!(!list.is_empty(), "{v}");
    let v = get("/api/actors?type=per").json();
    for a in v["actors"].as_array().unwrap() {
        assert_eq!(a["type"], "PER");
    }
    let v = get("/api/actors?top=1").json();
    assert_eq!(v["actors"].as_array().unwrap().len(), 1);
    let v = get(&format!("/api/actors?q={}", enc("لافروف"))).json();
    let lavrov = v["actors"].as_array().unwrap();
    assert!(!lavrov.is_empty(), "{v}");

    // One actor, by its id (URL-encoded: it has a colon and Arabic).
    let id = lavrov[0]["id"].as_str().unwrap();
    let r = get(&format!("/api/actors/{}", enc(id)));
    assert_eq!(r.status, 200, "{}", r.text());
    let a = r.json();
    assert_eq!(a["id"], id);
    assert!(a["links"].is_array() && a["events"].is_array() && a["variants"].is_array());
    // The count and the list under their own keys.
    assert!(a["event_count"].is_u64(), "{a}");
    assert_eq!(r.text().matches("\"events\":").count(), 1);

    get("/api/actors/PER:nobody-at-all").error(404);
    get("/api/actors?type=ALIEN").error(400);
    get("/api/actors?top=x").error(400);
}

#[test]
fn analyze() {
    let text =
        "التقى الرئيس المصري عبد الفتاح السيسي في القاهرة أمس وزير الخارجية الروسي سيرغي لافروف.";
    let r = post_json(
        "/api/analyze",
        &json!({"text": text, "published": "2017-03-06"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["id"], "text");
    assert_eq!(v["published"], "2017-03-06");
    assert!(!v["sentences"].as_array().unwrap().is_empty());
    let entities = v["entities"].as_array().unwrap();
    assert!(entities.iter().any(|e| e["type"] == "PER"), "{v}");
    assert!(v["events"].is_array());
    // Same as the pipeline prints it.
    let doc = rasd_server::Document {
        id: "text".into(),
        text: text.into(),
        published: Some("2017-03-06".into()),
        ..Default::default()
    };
    let expected: Value = serde_json::from_slice(&Pipeline::new().analyze_json(&doc)).unwrap();
    assert_eq!(v, expected);

    // Empty text is fine.
    let r = post_json("/api/analyze", &json!({"text": ""}));
    assert_eq!(r.status, 200);
}

#[test]
fn analyze_rejects_bad_bodies() {
    let addr = server();
    let post = |body: &[u8]| {
        request(
            addr,
            "POST",
            "/api/analyze",
            &[("Content-Type", "application/json")],
            body,
        )
    };
    post(b"{\"text\": ").error(400);
    post(b"not json").error(400);
    post(b"").error(400);
    post(b"[]").error(400);
    post(b"{}").error(400);
    post(b"{\"text\": 5}").error(400);
    post(b"{\"text\": \"x\", \"colour\": 1}").error(400);
    post(b"{\"text\": \"x\", \"published\": \"28/11/2016\"}").error(400);
    post(b"{\"text\": \"x\", \"published\": \"2016-02-30\"}").error(400);
    post(&[0xff, 0xfe, 0x00]).error(400);
    // Oversize: 1.5 MB, over the 1 MiB limit.
    let big = format!("{{\"text\": \"{}\"}}", "ب".repeat(800_000));
    let msg = post(big.as_bytes()).error(413);
    assert!(msg.contains("larger"), "{msg}");
    // Chunked, without a length: the limit still holds.
    let chunk = vec![b'a'; 1 << 20];
    let mut body = Vec::new();
    for _ in 0..2 {
        body.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        body.extend_from_slice(&chunk);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"0\r\n\r\n");
    let r = request_raw_chunked(addr, &body);
    r.error(413);
    // Wrong method.
    request(addr, "GET", "/api/analyze", &[], b"").error(405);
    request(addr, "DELETE", "/api/documents/t-moscow", &[], b"").error(405);
    // And the server is still there.
    assert_eq!(get("/api/health").status, 200);
}

fn request_raw_chunked(addr: std::net::SocketAddr, body: &[u8]) -> util::Resp {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST /api/analyze HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    let mut w = s.try_clone().unwrap();
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    let t = std::thread::spawn(move || {
        let _ = w.write_all(&bytes);
    });
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let _ = t.join();
    let text = String::from_utf8_lossy(&raw);
    let status: u16 = text.split(' ').nth(1).unwrap().parse().unwrap();
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    let body = if text
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body.split("\r\n").nth(1).unwrap_or("").to_owned()
    } else {
        body
    };
    util::Resp {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.into_bytes(),
    }
}

#[test]
fn injection_attempts_never_fail_the_server() {
    let payloads = [
        "'",
        "\"",
        "' OR 1=1 --",
        "\" OR \"\"=\"",
        "1; DROP TABLE documents; --",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "%00",
        "\u{0}",
        "\\",
        "*",
        "?",
        "title:x",
        "text:[a TO z]",
        "(((",
        ")",
        "\"unterminated",
        "-",
        "OR",
        "AND OR NOT",
        "^2",
        "~",
        "a:b:c",
        "\u{202E}evil",
        "🙂",
        "%",
        "' UNION SELECT * FROM sqlite_master --",
    ];
    let mut answered = 0;
    for p in payloads {
        let e = enc(p);
        for path in [
            format!("/api/search?q={e}"),
            format!("/api/search?q=x&entity={e}"),
            format!("/api/search?q=x&source={e}"),
            format!("/api/search?q=x&code={e}"),
            format!("/api/events?actor={e}"),
            format!("/api/events?source={e}"),
            format!("/api/events?document={e}"),
            format!("/api/actors?q={e}"),
            format!("/api/actors/{e}"),
            format!("/api/documents/{e}"),
        ] {
            let r = get(&path);
            assert!(
                r.status == 200 || (400..500).contains(&r.status),
                "{path}: {} {}",
                r.status,
                r.text()
            );
            // Always JSON (success or error).
            let v = r.json();
            if r.status == 200 {
                // A normal result; nothing leaks from the database.
                assert!(!r.text().contains("sqlite_master") || path.contains("sqlite_master"));
                assert!(v.is_object());
            } else {
                assert_eq!(v["error"]["status"], r.status);
            }
            answered += 1;
        }
    }
    assert!(answered > 200);
    // Nothing was dropped, and the server still serves.
    let v = get("/api/stats").json();
    assert!(v["documents"].as_u64().unwrap() >= 4);
    assert_eq!(get("/api/documents/t-cairo").status, 200);
}

#[test]
fn unknown_routes_are_json_404() {
    get("/api/nope").error(404);
    get("/nope").error(404);
    request(server(), "POST", "/api/search", &[], b"").error(405);
}

#[test]
fn ingest_needs_the_token() {
    let addr = server();
    let doc = r#"{"id": "t-new", "text": "استقبل الرئيس التونسي الباجي قائد السبسي في تونس وزير الخارجية الفرنسي.", "published": "2016-04-01"}"#;
    let doc = doc.as_bytes();
    let ct = ("Content-Type", "application/json");
    let r = request(addr, "POST", "/api/documents", &[ct], doc);
    r.error(401);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    request(
        addr,
        "POST",
        "/api/documents",
        &[ct, ("Authorization", "Bearer wrong")],
        doc,
    )
    .error(403);
    request(
        addr,
        "POST",
        "/api/documents",
        &[ct, ("Authorization", "Basic czNjcmV0")],
        doc,
    )
    .error(401);
    let auth = format!("Bearer {TOKEN}");
    let ok = request(
        addr,
        "POST",
        "/api/documents",
        &[ct, ("Authorization", &auth)],
        doc,
    );
    assert_eq!(ok.status, 200, "{}", ok.text());
    let v = ok.json();
    assert_eq!(v["documents"][0]["id"], "t-new");
    assert!(
        v["inserted"].as_u64().unwrap() + v["replaced"].as_u64().unwrap() == 1,
        "{v}"
    );
    assert_eq!(get("/api/documents/t-new").status, 200);
    let found = get(&format!("/api/search?q={}", enc("السبسي"))).json();
    assert!(
        found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["id"] == "t-new"),
        "{found}"
    );

    // JSON Lines, all or nothing.
    let lines =
        b"{\"id\": \"t-l1\", \"text\": \"\xd9\x86\xd8\xb5\"}\n{\"id\": \"t-l2\", \"text\": ";
    let msg = request(
        addr,
        "POST",
        "/api/documents",
        &[("Authorization", &auth)],
        lines,
    )
    .error(400);
    assert!(msg.contains("line 2"), "{msg}");
    get("/api/documents/t-l1").error(404);
    let lines = b"{\"id\": 1, \"text\": \"a\"}\n{\"id\": \"t-l2\", \"text\": \"b\", \"date\": \"2020-01-01\"}\n";
    let r = request(
        addr,
        "POST",
        "/api/documents",
        &[("Authorization", &auth)],
        lines,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["documents"].as_array().unwrap().len(), 2);
    let bad = br#"{"id": "t-bad", "text": "x", "published": "2020-13-01"}"#;
    request(
        addr,
        "POST",
        "/api/documents",
        &[("Authorization", &auth)],
        bad,
    )
    .error(400);
    request(
        addr,
        "POST",
        "/api/documents",
        &[("Authorization", &auth)],
        b"",
    )
    .error(400);
}

#[test]
fn read_only_server_refuses_ingest() {
    let tmp = tempfile::tempdir().unwrap();
    drop(util::fill(tmp.path()));
    let config = ServeConfig::new(tmp.path().to_owned());
    let state = AppState::open(&config).unwrap();
    assert!(!state.writable());
    let addr = util::start(state);
    let doc = br#"{"id": "x", "text": "y"}"#;
    let auth = format!("Bearer {TOKEN}");
    request(
        addr,
        "POST",
        "/api/documents",
        &[("Authorization", &auth)],
        doc,
    )
    .error(403);
    // Reads work.
    assert_eq!(
        request(addr, "GET", "/api/documents/t-moscow", &[], b"").status,
        200
    );
    // A missing data directory is an error at start, not a crash.
    let missing = ServeConfig::new(tmp.path().join("missing"));
    assert!(AppState::open(&missing).is_err());
}

#[test]
fn slow_requests_time_out_with_json() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = util::fill(tmp.path());
    let mut config = ServeConfig::new(tmp.path().to_owned());
    config.request_timeout = Duration::from_millis(1);
    let addr = util::start(AppState::new(dir, Pipeline::new(), &config));
    let text = "قال وزير الخارجية إن الحكومة ستدعم الاتفاق. ".repeat(4000);
    let body = serde_json::to_vec(&json!({ "text": text })).unwrap();
    let r = request(
        addr,
        "POST",
        "/api/analyze",
        &[("Content-Type", "application/json")],
        &body,
    );
    r.error(503);
    // The server keeps serving.
    assert_eq!(request(addr, "GET", "/api/health", &[], b"").status, 200);
}

#[test]
fn concurrent_clients() {
    let addr = server();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                for _ in 0..10 {
                    let q = if i % 2 == 0 {
                        "لافروف"
                    } else {
                        "حفتر"
                    };
                    let r = request(addr, "GET", &format!("/api/search?q={}", enc(q)), &[], b"");
                    assert_eq!(r.status, 200);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}
