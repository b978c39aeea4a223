//! A test server on 127.0.0.1:0 over a data directory filled with articles
//! we wrote, and a tiny HTTP/1.1 client over `TcpStream` (so tests can send
//! exactly the bytes they mean: broken JSON, huge bodies, odd queries).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;
use std::time::Duration;

use rasd_server::{AppState, Document, Pipeline, ServeConfig};
use rasd_store::{DataDir, Mode};

pub const TOKEN: &str = "s3cret-token";

/// The articles of the test store.
pub fn articles() -> Vec<Document> {
    let doc = |id: &str, date: &str, source: &str, title: &str, text: &str| Document {
        id: id.into(),
        text: text.into(),
        published: Some(date.into()),
        title: Some(title.into()),
        source: Some(source.into()),
        url: Some(format!("https://example.com/{id}")),
    };
    vec![
        doc(
            "t-moscow",
            "2016-11-28",
            "صحيفة الاختبار",
            "لافروف يلتقي حفتر في موسكو",
            "موسكو - التقى وزير الخارجية الروسي سيرغي لافروف أمس الأحد في موسكو المشير خليفة حفتر \
             القائد العام للجيش الوطني الليبي، وبحث الجانبان تطورات الأوضاع في ليبيا.\n\
             وقال لافروف إن روسيا تدعم جهود مكافحة الإرهاب في ليبيا.",
        ),
        doc(
            "t-cairo",
            "2017-03-06",
            "وكالة التجربة",
            "السيسي يستقبل لافروف في القاهرة",
            "القاهرة - استقبل الرئيس المصري عبد الفتاح السيسي في القاهرة أمس وزير الخارجية الروسي \
             سيرغي لافروف، وبحث معه العلاقات الثنائية بين مصر وروسيا.\n\
             وانتقد السيسي التدخل الأجنبي في الشأن الليبي.",
        ),
        doc(
            "t-derna",
            "2018-05-10",
            "صحيفة الاختبار",
            "قوات حفتر تهاجم درنة",
            "بنغازي - هاجمت قوات الجيش الوطني الليبي بقيادة المشير خليفة حفتر مواقع مسلحين في مدينة درنة \
             اليوم الخميس.\nوندد المجلس الرئاسي الليبي بالهجوم، ودعا الأمم المتحدة إلى التدخل.",
        ),
        doc(
            "t-tunis",
            "2019-01-15",
            "وكالة التجربة",
            "وزير الخارجية التونسي يزور الجزائر",
            "تونس - يزور وزير الخارجية التونسي خميس الجهيناوي الجزائر الأسبوع المقبل لبحث الأزمة الليبية \
             مع نظيره الجزائري عبد القادر مساهل.",
        ),
    ]
}

/// Fills a data directory with the test articles.
pub fn fill(path: &std::path::Path) -> DataDir {
    let dir = DataDir::open(path, Mode::ReadWrite).expect("open data dir");
    let p = Pipeline::new();
    let records: Vec<_> = articles().iter().map(|d| p.record(d)).collect();
    dir.put_batch(&records).expect("ingest");
    dir
}

/// Starts a server in its own thread and runtime; returns its address.
pub fn start(state: AppState) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send");
            let forever = std::future::pending::<()>();
            rasd_server::serve_on(listener, state, forever, Duration::from_secs(1))
                .await
                .expect("serve");
        });
    });
    rx.recv().expect("server address")
}

/// The shared writable test server (write token [`TOKEN`]).
pub fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.keep();
        let dir = fill(&path);
        let mut config = ServeConfig::new(path);
        config.write_token = Some(TOKEN.into());
        start(AppState::new(dir, Pipeline::new(), &config))
    })
}

/// A response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {}: body is not JSON ({e}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts a JSON error of `status` and returns its message.
    pub fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "body: {}", self.text());
        assert!(
            self.header("content-type")
                .unwrap_or("")
                .starts_with("application/json"),
            "error is not JSON: {:?}",
            self.headers
        );
        let v = self.json();
        assert_eq!(v["error"]["status"], status, "{v}");
        v["error"]["message"].as_str().expect("message").to_owned()
    }
}

/// Sends one request (Connection: close) and reads the whole response.
pub fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut w = s.try_clone().expect("clone");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    // Write from another thread: the server may answer (413) before
    // reading everything.
    let writer = std::thread::spawn(move || {
        let _ = w.write_all(&bytes);
        let _ = w.flush();
    });
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let _ = writer.join();
    parse(&raw)
}

fn parse(raw: &[u8]) -> Resp {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..end]).expect("head");
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_str = std::str::from_utf8(&b[..eol]).unwrap_or("0");
        let size = usize::from_str_radix(size_str.split(';').next().unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        if size == 0 || b.len() < eol + 2 + size {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[(eol + 4 + size).min(b.len())..];
    }
}

pub fn get(path: &str) -> Resp {
    request(server(), "GET", path, &[], b"")
}

pub fn post_json(path: &str, body: &serde_json::Value) -> Resp {
    let bytes = serde_json::to_vec(body).expect("json");
    request(
        server(),
        "POST",
        path,
        &[("Content-Type", "application/json")],
        &bytes,
    )
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
