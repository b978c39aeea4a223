//! `rasd serve`: a JSON API over a rasd data directory, and the web page
//! that reads it, in one binary.
//!
//! ```text
//! GET  /                      the web page (assets embedded in the binary)
//! POST /api/analyze           text → the analysis, as `rasd analyze` prints it
//! GET  /api/search            full-text search with `rasd search`'s filters
//! GET  /api/documents/{id}    one stored document with entities and events
//! POST /api/documents         ingest (only with a write token)
//! GET  /api/events            the event table
//! GET  /api/actors            actors by mentions;  /api/actors/{id} one actor
//! GET  /api/stats             counts;  /api/cameo  CAMEO code names
//! GET  /api/openapi.json      the API described (OpenAPI 3.0)
//! ```
//!
//! The store is blocking (SQLite, tantivy): every query runs on tokio's
//! blocking pool, so slow queries never stall the accept loop. Requests
//! have a body limit (413), a deadline (503) and JSON errors
//! (`{"error": {"status": 400, "message": "…"}}`) whatever goes wrong, a
//! panic included. The server is read-only unless started with a write
//! token, which `POST /api/documents` must then present as
//! `Authorization: Bearer TOKEN`.
//!
//! ```no_run
//! # async fn run() -> Result<(), rasd_server::ServeError> {
//! let config = rasd_server::ServeConfig::new("rasd-data".into());
//! rasd_server::serve(config).await
//! # }
//! ```

#![deny(missing_docs)]

pub mod analyze;
mod api;
mod assets;
pub mod error;
mod ingest;
mod params;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use axum::Router;
use rasd_store::{DataDir, Mode, StoreError};
use tokio::net::TcpListener;
use tokio::sync::{Mutex, Semaphore};

pub use crate::analyze::{Document, Pipeline};
pub use crate::error::ApiError;

/// The API described, OpenAPI 3.0 (hand-written; a test keeps it in step
/// with the router).
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The data directory.
    pub data: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Enables `POST /api/documents` for clients presenting it.
    pub write_token: Option<String>,
    /// Largest request body, except ingest (bytes).
    pub max_body_bytes: usize,
    /// Largest ingest body (bytes).
    pub max_ingest_bytes: usize,
    /// Deadline of one request.
    pub request_timeout: Duration,
    /// Longest wait for open requests after a shutdown signal.
    pub shutdown_grace: Duration,
}

impl ServeConfig {
    /// Defaults: 127.0.0.1:8080, read-only, 1 MiB bodies (32 MiB ingest),
    /// 30 s per request.
    pub fn new(data: PathBuf) -> ServeConfig {
        ServeConfig {
            data,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            write_token: None,
            max_body_bytes: 1 << 20,
            max_ingest_bytes: 32 << 20,
            request_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// What can stop the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The data directory could not be opened.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
    /// The configuration is unusable.
    #[error("{0}")]
    Config(String),
}

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    dir: Arc<DataDir>,
    pipeline: Arc<Pipeline>,
    write_token: Option<String>,
    /// One ingest at a time (SQLite has one writer anyway).
    writer: Mutex<()>,
    /// Bounds analyses running at once; the others wait their turn.
    analyses: Semaphore,
    /// Bounds store queries running at once: two threads per core answer
    /// in arrival order (the semaphore is fair). Dozens of threads left to
    /// the OS scheduler make a long latency tail (search p99 100 ms against
    /// 55 ms at 64 connections on 2 cores); one per core leaves the cores
    /// idle during hand-offs (a third less throughput).
    queries: Semaphore,
    max_body_bytes: usize,
    max_ingest_bytes: usize,
    request_timeout: Duration,
}

impl AppState {
    /// The state over an open data directory and an analysis engine.
    pub fn new(dir: DataDir, pipeline: Pipeline, config: &ServeConfig) -> AppState {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        AppState {
            inner: Arc::new(Inner {
                dir: Arc::new(dir),
                pipeline: Arc::new(pipeline),
                write_token: config.write_token.clone().filter(|t| !t.is_empty()),
                writer: Mutex::new(()),
                analyses: Semaphore::new(cores.max(2)),
                queries: Semaphore::new(2 * cores.max(2)),
                max_body_bytes: config.max_body_bytes,
                max_ingest_bytes: config.max_ingest_bytes,
                request_timeout: config.request_timeout,
            }),
        }
    }

    /// Opens the data directory (read-write only with a write token) and
    /// builds the analysis engine.
    pub fn open(config: &ServeConfig) -> Result<AppState, ServeError> {
        if config.write_token.as_deref() == Some("") {
            return Err(ServeError::Config("the write token is empty".into()));
        }
        let mode = if config.write_token.is_some() {
            Mode::ReadWrite
        } else {
            Mode::ReadOnly
        };
        let dir = DataDir::open(&config.data, mode)?;
        Ok(AppState::new(dir, Pipeline::new(), config))
    }

    /// Whether ingest over HTTP is enabled.
    pub fn writable(&self) -> bool {
        self.inner.write_token.is_some()
    }
}

/// A route: its method, its path (axum and OpenAPI syntax agree:
/// `/api/documents/{id}`) and its handler.
type Route = (Method, &'static str, MethodRouter<AppState>);

fn api_routes() -> Vec<Route> {
    use axum::routing::{get, post};
    vec![
        (Method::GET, "/api/health", get(api::health)),
        (Method::GET, "/api/openapi.json", get(api::openapi)),
        (Method::GET, "/api/cameo", get(api::cameo)),
        (Method::GET, "/api/stats", get(api::stats)),
        (Method::POST, "/api/analyze", post(api::analyze)),
        (Method::GET, "/api/search", get(api::search)),
        (Method::GET, "/api/documents/{id}", get(api::document)),
        (Method::POST, "/api/documents", post(ingest::ingest)),
        (Method::GET, "/api/events", get(api::events)),
        (Method::GET, "/api/actors", get(api::actors)),
        (Method::GET, "/api/actors/{id}", get(api::actor)),
    ]
}

/// The API's routes as (method, path), for checking the OpenAPI document.
pub fn api_route_list() -> Vec<(String, &'static str)> {
    api_routes()
        .into_iter()
        .map(|(m, p, _)| (m.as_str().to_ascii_lowercase(), p))
        .collect()
}

/// The whole application: API, web page, limits and error handling.
pub fn router(state: AppState) -> Router {
    let mut api = Router::new();
    for (_, path, handler) in api_routes() {
        api = api.route(path, handler);
    }
    api.merge(assets::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), deadline))
        .layer(middleware::from_fn(json_errors))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(on_panic))
        .with_state(state)
}

async fn not_found(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("no route for {method} {}", uri.path()))
}

/// Answers 503 to a request that runs past the deadline. (The blocking
/// work it started finishes on its own; its result is dropped.)
async fn deadline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.inner.request_timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the request took longer than {} s", limit.as_secs_f32()),
        )
        .into_response(),
    }
}

/// Turns every error response that is not JSON yet (axum's own 405, 413,
/// 415, …) into the API's JSON error.
async fn json_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return resp;
    }
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "request body too large".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed".to_owned(),
        s => s.canonical_reason().unwrap_or("error").to_ascii_lowercase(),
    };
    let (mut parts, _) = resp.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, error::error_body(status, &message).into())
}

fn on_panic(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    eprintln!("rasd serve: a request handler panicked");
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

/// A bound server, not yet running.
pub struct Server {
    listener: TcpListener,
    state: AppState,
    grace: Duration,
}

impl Server {
    /// Opens the data directory and binds the address (port 0: any).
    pub async fn bind(config: &ServeConfig) -> Result<Server, ServeError> {
        let open = config.clone();
        let state = tokio::task::spawn_blocking(move || AppState::open(&open))
            .await
            .map_err(|e| ServeError::Config(e.to_string()))??;
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: config.addr,
                source,
            })?;
        Ok(Server {
            listener,
            state,
            grace: config.shutdown_grace,
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> Result<SocketAddr, ServeError> {
        Ok(self.listener.local_addr()?)
    }

    /// Whether ingest over HTTP is enabled.
    pub fn writable(&self) -> bool {
        self.state.writable()
    }

    /// Serves until `shutdown` completes, then lets open requests finish
    /// (for the grace period at most).
    pub async fn run<F>(self, shutdown: F) -> Result<(), ServeError>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        serve_on(self.listener, self.state, shutdown, self.grace).await
    }
}

/// Serves `state` on `listener` until `shutdown` completes, then waits for
/// open requests for `grace` at most.
pub async fn serve_on<F>(
    listener: TcpListener,
    state: AppState,
    shutdown: F,
    grace: Duration,
) -> Result<(), ServeError>
where
    F: Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = tokio::sync::watch::channel(false);
    let signal = async move {
        shutdown.await;
        let _ = tx.send(true);
    };
    let app = router(state);
    let server = axum::serve(listener, app).with_graceful_shutdown(signal);
    let mut rx2 = rx.clone();
    let drain_deadline = async move {
        let _ = rx2.wait_for(|stopped| *stopped).await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        r = server => r.map_err(ServeError::Io),
        _ = drain_deadline => {
            eprintln!("rasd serve: requests still open after {} s; stopping", grace.as_secs());
            Ok(())
        }
    }
}

/// Serves `config.data` on `config.addr` until Ctrl-C or SIGTERM.
pub async fn serve(config: ServeConfig) -> Result<(), ServeError> {
    let server = Server::bind(&config).await?;
    let addr = server.local_addr()?;
    eprintln!(
        "rasd: serving {} on http://{addr}/ ({})",
        config.data.display(),
        if server.writable() {
            "ingest enabled with the write token"
        } else {
            "read-only"
        }
    );
    server.run(shutdown_signal()).await
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("rasd serve: shutting down");
}

/// Runs blocking work on tokio's blocking pool.
async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(f).await?
}

/// Runs a store query on the blocking pool, in turn (see `Inner::queries`).
async fn query<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&DataDir) -> Result<T, StoreError> + Send + 'static,
    T: Send + 'static,
{
    let _permit = state
        .inner
        .queries
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let dir = Arc::clone(&state.inner.dir);
    blocking(move || Ok(f(&dir)?)).await
}

/// [`serve`] on a runtime of its own with `threads` workers (default: one
/// per core), for binaries that are not async.
pub fn serve_blocking(config: ServeConfig, threads: Option<usize>) -> Result<(), ServeError> {
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = threads {
        if n == 0 {
            return Err(ServeError::Config("--threads must be at least 1".into()));
        }
        rt.worker_threads(n);
    }
    let rt = rt.enable_all().build()?;
    rt.block_on(serve(config))
}
