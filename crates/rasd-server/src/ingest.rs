//! `POST /api/documents`: ingest over HTTP, only with the write token.
//!
//! The body is one JSON document, a JSON array of documents, or JSON Lines
//! (one document a line), with `rasd analyze`'s input fields: `id` (string
//! or number), `text`, `published` (or `date`, `YYYY-MM-DD`), `title`,
//! `source`, `url`. The batch is all or nothing: a bad record is a 400
//! naming its line, and nothing is stored.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rasd_store::{DocumentRecord, PutOutcome};
use serde::{Deserialize, Serialize};

use crate::analyze::{Document, Pipeline, MAX_TEXT_BYTES};
use crate::api::{check_published, read_body};
use crate::error::ApiError;
use crate::{blocking, AppState};

/// Most documents in one request.
const MAX_DOCS: usize = 10_000;

/// One input document. Other fields are ignored, as `rasd analyze` does.
#[derive(Debug, Deserialize)]
struct InputDoc {
    id: serde_json::Value,
    text: String,
    #[serde(default, alias = "date")]
    published: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Debug, Serialize)]
struct Outcome {
    id: String,
    #[serde(flatten)]
    outcome: PutOutcome,
}

#[derive(Debug, Serialize)]
struct IngestReport {
    inserted: usize,
    replaced: usize,
    unchanged: usize,
    documents: Vec<Outcome>,
}

/// Constant-time equality (the time depends on the lengths only).
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

/// `None` when the request may write, else the refusal.
fn refusal(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    let Some(token) = state.inner.write_token.as_deref() else {
        return Some(
            ApiError::new(
                StatusCode::FORBIDDEN,
                "this server is read-only (start it with --write-token to ingest)",
            )
            .into_response(),
        );
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        });
    match presented {
        None => {
            let mut resp = ApiError::new(
                StatusCode::UNAUTHORIZED,
                "ingest needs an Authorization: Bearer header with the write token",
            )
            .into_response();
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            Some(resp)
        }
        Some(t) if same_secret(t.as_bytes(), token.as_bytes()) => None,
        Some(_) => Some(ApiError::new(StatusCode::FORBIDDEN, "wrong write token").into_response()),
    }
}

/// The documents of a body: one object, an array, or JSON Lines.
fn parse_documents(body: &[u8]) -> Result<Vec<Document>, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not UTF-8: {e}")))?;
    let trimmed = text.trim_start();
    let raw: Vec<(usize, InputDoc)> = if trimmed.starts_with('[') {
        let docs: Vec<InputDoc> = serde_json::from_str(text)
            .map_err(|e| ApiError::bad_request(format!("invalid JSON array: {e}")))?;
        docs.into_iter()
            .enumerate()
            .map(|(i, d)| (i + 1, d))
            .collect()
    } else if let Ok(doc) = serde_json::from_str::<InputDoc>(text) {
        vec![(1, doc)]
    } else {
        let mut docs = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let doc = serde_json::from_str::<InputDoc>(line)
                .map_err(|e| ApiError::bad_request(format!("line {}: {e}", n + 1)))?;
            docs.push((n + 1, doc));
            if docs.len() > MAX_DOCS {
                break;
            }
        }
        docs
    };
    if raw.is_empty() {
        return Err(ApiError::bad_request("no documents in the body"));
    }
    if raw.len() > MAX_DOCS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("more than {MAX_DOCS} documents in one request"),
        ));
    }
    raw.into_iter()
        .map(|(n, d)| {
            let at = |m: String| ApiError::bad_request(format!("document {n}: {m}"));
            let id = match d.id {
                serde_json::Value::String(s) => s,
                serde_json::Value::Number(x) => x.to_string(),
                _ => return Err(at("id must be a string or a number".into())),
            };
            if id.trim().is_empty() || id.len() > 1000 || id.chars().any(char::is_control) {
                return Err(at(
                    "id must be 1 to 1000 bytes, no control characters".into()
                ));
            }
            if d.text.len() > MAX_TEXT_BYTES {
                return Err(at(format!("text longer than {MAX_TEXT_BYTES} bytes")));
            }
            let published = check_published(d.published).map_err(|e| at(e.message))?;
            Ok(Document {
                id,
                text: d.text,
                published,
                title: d.title,
                source: d.source,
                url: d.url,
            })
        })
        .collect()
}

/// Analyzes `docs` on all cores.
fn analyze_all(pipeline: &Pipeline, docs: &[Document]) -> Vec<DocumentRecord> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(docs.len())
        .max(1);
    let per = docs.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(per.max(1))
            .map(|chunk| {
                s.spawn(move || chunk.iter().map(|d| pipeline.record(d)).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

pub async fn ingest(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    if let Some(resp) = refusal(&state, req.headers()) {
        return Ok(resp);
    }
    let body = read_body(req, state.inner.max_ingest_bytes).await?;
    let docs = parse_documents(&body)?;
    let pipeline = Arc::clone(&state.inner.pipeline);
    let expected = docs.len();
    let records = blocking(move || Ok(analyze_all(&pipeline, &docs))).await?;
    if records.len() != expected {
        return Err(ApiError::internal("analysis failed for some documents"));
    }
    let _writer = state.inner.writer.lock().await;
    let dir = Arc::clone(&state.inner.dir);
    let (ids, outcomes) = blocking(move || {
        let outcomes = dir.put_batch(&records)?;
        let ids: Vec<String> = records.into_iter().map(|r| r.id).collect();
        Ok((ids, outcomes))
    })
    .await?;
    let count = |o: PutOutcome| outcomes.iter().filter(|x| **x == o).count();
    let report = IngestReport {
        inserted: count(PutOutcome::Inserted),
        replaced: count(PutOutcome::Replaced),
        unchanged: count(PutOutcome::Unchanged),
        documents: ids
            .into_iter()
            .zip(outcomes)
            .map(|(id, outcome)| Outcome { id, outcome })
            .collect(),
    };
    Ok(Json(report).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"abcd"));
        assert!(!same_secret(b"", b"a"));
    }

    #[test]
    fn bodies() {
        let one = br#"{"id": 7, "text": "x", "date": "2020-01-01"}"#;
        let d = parse_documents(one).unwrap();
        assert_eq!(
            (d[0].id.as_str(), d[0].published.as_deref()),
            ("7", Some("2020-01-01"))
        );
        let lines = b"{\"id\":\"a\",\"text\":\"x\"}\n\n{\"id\":\"b\",\"text\":\"y\"}\n";
        assert_eq!(parse_documents(lines).unwrap().len(), 2);
        let arr = br#"[{"id":"a","text":"x"},{"id":"b","text":"y"}]"#;
        assert_eq!(parse_documents(arr).unwrap().len(), 2);
        let bad = b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\"";
        assert!(parse_documents(bad).unwrap_err().message.contains("line 2"));
        let bad_date = br#"{"id":"a","text":"x","published":"2020-02-30"}"#;
        assert!(parse_documents(bad_date).is_err());
        assert!(parse_documents(b"  ").is_err());
    }
}
