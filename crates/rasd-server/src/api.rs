//! The read side of the API: analysis, search, documents, events, actors.

use std::sync::{Arc, OnceLock};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rasd_store::{
    ActorDetail, ActorFilter, EventFilter, SearchQuery, SearchResults, StoreStats, StoredDocument,
};
use serde::{Deserialize, Serialize};

use crate::analyze::{Document, MAX_TEXT_BYTES};
use crate::error::ApiError;
use crate::params::{valid_date, Params};
use crate::{blocking, query, AppState, OPENAPI_JSON};

/// Raw JSON bytes, answered as they are.
pub struct RawJson(pub Vec<u8>);

impl IntoResponse for RawJson {
    fn into_response(self) -> Response {
        let mut resp = Response::new(Body::from(self.0));
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        resp
    }
}

pub async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "ok"}))
}

pub async fn openapi() -> RawJson {
    RawJson(OPENAPI_JSON.as_bytes().to_vec())
}

/// CAMEO codes with their English names, from the bundled table.
#[derive(Debug, Serialize)]
struct CameoCode {
    name: String,
    root: String,
    quad_class: u8,
    goldstein: f64,
}

static CAMEO_TSV: &str = include_str!("../../../data/cameo/event_codes.tsv");

fn cameo_json() -> &'static [u8] {
    static JSON: OnceLock<Vec<u8>> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut codes = serde_json::Map::new();
        for line in CAMEO_TSV.lines() {
            if line.starts_with('#') || line.starts_with("code\t") {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 5 {
                continue;
            }
            let code = CameoCode {
                name: f[1].to_owned(),
                root: f[2].to_owned(),
                quad_class: f[3].parse().unwrap_or(0),
                goldstein: f[4].parse().unwrap_or(0.0),
            };
            if let Ok(v) = serde_json::to_value(code) {
                codes.insert(f[0].to_owned(), v);
            }
        }
        serde_json::to_vec(&serde_json::json!({ "codes": codes })).unwrap_or_default()
    })
}

pub async fn cameo() -> RawJson {
    RawJson(cameo_json().to_vec())
}

pub async fn stats(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<StoreStats>, ApiError> {
    params.only(&[])?;
    Ok(Json(query(&state, |dir| dir.stats()).await?))
}

/// The body of `POST /api/analyze`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeRequest {
    text: String,
    #[serde(default, alias = "date")]
    published: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Reads a request body of at most `limit` bytes (413 beyond).
pub async fn read_body(req: Request, limit: usize) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body larger than {limit} bytes"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|e| {
            // A body over the limit and a broken body both end here.
            let over = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            if over {
                too_large()
            } else {
                ApiError::bad_request(format!("cannot read the request body: {e}"))
            }
        })
}

/// Parses a JSON body, answering 400 with serde's message (line, column).
pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}

/// Checks an optional publication date.
pub fn check_published(published: Option<String>) -> Result<Option<String>, ApiError> {
    match published
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
    {
        None => Ok(None),
        Some(p) if valid_date(&p) => Ok(Some(p)),
        Some(p) => Err(ApiError::bad_request(format!(
            "published: {p:?} is not a date (YYYY-MM-DD)"
        ))),
    }
}

pub async fn analyze(State(state): State<AppState>, req: Request) -> Result<RawJson, ApiError> {
    let body = read_body(req, state.inner.max_body_bytes).await?;
    let r: AnalyzeRequest = parse_json(&body)?;
    if r.text.len() > MAX_TEXT_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("text longer than {MAX_TEXT_BYTES} bytes"),
        ));
    }
    let doc = Document {
        id: r.id.unwrap_or_else(|| "text".to_owned()),
        text: r.text,
        published: check_published(r.published)?,
        title: r.title,
        source: r.source,
        url: r.url,
    };
    // Wait for a slot: at most a few analyses at once, the rest queue
    // (bounded by the request deadline).
    let _permit = state
        .inner
        .analyses
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let pipeline = Arc::clone(&state.inner.pipeline);
    let json = blocking(move || Ok(pipeline.analyze_json(&doc))).await?;
    Ok(RawJson(json))
}

pub async fn search(
    State(state): State<AppState>,
    p: Params,
) -> Result<Json<SearchResults>, ApiError> {
    p.only(&[
        "q", "from", "to", "source", "entity", "code", "limit", "offset",
    ])?;
    let q = SearchQuery {
        q: p.required("q")?,
        from: p.date("from")?,
        to: p.date("to")?,
        source: p.str("source"),
        entity: p.str("entity"),
        code: p.code("code", 4)?,
        limit: p.number("limit", 20, 100)?,
        offset: p.number("offset", 0, 10_000)?,
    };
    check_range(&q.from, &q.to)?;
    if q.limit == 0 {
        return Ok(Json(SearchResults::default()));
    }
    Ok(Json(query(&state, move |dir| dir.search(&q)).await?))
}

fn check_range(from: &Option<String>, to: &Option<String>) -> Result<(), ApiError> {
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err(ApiError::bad_request(format!(
                "from ({a}) is after to ({b})"
            )));
        }
    }
    Ok(())
}

fn check_id(what: &str, id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > 1000 || id.chars().any(char::is_control) {
        return Err(ApiError::bad_request(format!("invalid {what} id")));
    }
    Ok(())
}

pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: Params,
) -> Result<Json<StoredDocument>, ApiError> {
    p.only(&[])?;
    check_id("document", &id)?;
    let lookup = id.clone();
    match query(&state, move |dir| dir.store().document(&lookup)).await? {
        Some(doc) => Ok(Json(doc)),
        None => Err(ApiError::not_found(format!("no document {id:?}"))),
    }
}

/// `GET /api/events`: a page of events.
#[derive(Debug, Serialize)]
pub struct EventsPage {
    events: Vec<rasd_store::AggregatedEvent>,
    limit: usize,
    offset: usize,
}

pub async fn events(
    State(state): State<AppState>,
    p: Params,
) -> Result<Json<EventsPage>, ApiError> {
    p.only(&[
        "actor", "code", "root", "country", "from", "to", "source", "document", "limit", "offset",
    ])?;
    let filter = EventFilter {
        actor: p.str("actor"),
        code: p.code("code", 4)?,
        root: p.code("root", 2)?,
        country: p.code("country", 3)?,
        from: p.date("from")?,
        to: p.date("to")?,
        source: p.str("source"),
        document: p.str("document"),
        limit: p.number("limit", 100, 1000)?,
        offset: p.number("offset", 0, 1_000_000)?,
    };
    check_range(&filter.from, &filter.to)?;
    let (limit, offset) = (filter.limit, filter.offset);
    if limit == 0 {
        return Ok(Json(EventsPage {
            events: Vec::new(),
            limit,
            offset,
        }));
    }
    let events = query(&state, move |dir| dir.store().events(&filter)).await?;
    Ok(Json(EventsPage {
        events,
        limit,
        offset,
    }))
}

/// `GET /api/actors`.
#[derive(Debug, Serialize)]
pub struct ActorsPage {
    actors: Vec<rasd_store::ActorSummary>,
}

pub async fn actors(
    State(state): State<AppState>,
    p: Params,
) -> Result<Json<ActorsPage>, ApiError> {
    p.only(&["q", "type", "country", "top"])?;
    let filter = ActorFilter {
        query: p.str("q"),
        ty: p.one_of("type", &["PER", "ORG", "LOC", "MISC"])?,
        country: p.code("country", 3)?,
        top: p.number("top", 50, 1000)?,
    };
    if filter.top == 0 {
        return Ok(Json(ActorsPage { actors: Vec::new() }));
    }
    let actors = query(&state, move |dir| dir.store().actors(&filter)).await?;
    Ok(Json(ActorsPage { actors }))
}

pub async fn actor(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: Params,
) -> Result<Json<ActorDetail>, ApiError> {
    p.only(&[])?;
    check_id("actor", &id)?;
    let lookup = id.clone();
    match query(&state, move |dir| dir.store().actor(&lookup)).await? {
        Some(a) => Ok(Json(a)),
        None => Err(ApiError::not_found(format!("no actor {id:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameo_table_parses() {
        let v: serde_json::Value = serde_json::from_slice(cameo_json()).unwrap();
        assert_eq!(v["codes"]["042"]["root"], "04");
        assert!(v["codes"]["042"]["name"].as_str().unwrap().len() > 3);
        assert!(v["codes"].as_object().unwrap().len() > 300);
    }
}
