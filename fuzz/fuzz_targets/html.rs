//! Extract arbitrary UTF-8 as an HTML page and check that the extractor
//! ends without panicking and keeps its promises: the text has no empty
//! lines and no whitespace at line ends or doubled inside lines; the date,
//! when there is one, is a valid `YYYY-MM-DD`; the title is trimmed.
//!
//! `cargo +nightly fuzz run html`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(html) = std::str::from_utf8(data) else {
        return;
    };
    let doc = rasd_input::html::extract(html);
    if !doc.text.is_empty() {
        for line in doc.text.split('\n') {
            assert!(!line.is_empty(), "empty line in {:?}", doc.text);
            assert!(!line.starts_with(char::is_whitespace), "{line:?}");
            assert!(!line.ends_with(char::is_whitespace), "{line:?}");
        }
    }
    if let Some(p) = &doc.published {
        assert_eq!(rasd_input::parse_date(p).as_ref(), Some(p));
    }
    if let Some(t) = &doc.title {
        assert!(!t.is_empty() && t.trim() == t, "{t:?}");
    }
});
