//! `targetsim serve`: the planner's page and its JSON API, served by
//! targetsim itself (axum on tokio; the page's files are embedded in the
//! binary, so it works with no network and loads nothing from outside).
//!
//! - `GET /` the page; `GET /assets/...` its script and style.
//! - `GET /api/scenarios`, `GET /api/scenarios/{id}`: what is served.
//! - `POST /api/run`, `/api/compare`, `/api/goal-seek`, `/api/sensitivity`:
//!   the commands of the same names, answering their JSON; `/api/report`
//!   the HTML report; `/api/save` the page's state as a scenario file.
//!
//! Requests name scenarios by id (see [`catalog`]); bodies are the
//! commands' flags as JSON ([`request`]). Errors are `{"error": message}`
//! with a 4xx status. Computations run on blocking threads, a bounded
//! number at a time behind a bounded queue ([`gate`]).

pub mod api_error;
pub mod catalog;
pub mod compute;
pub mod describe;
pub mod gate;
mod page;
pub mod params;
pub mod request;
pub mod save;

pub use api_error::ApiError;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use catalog::Catalog;
use compute::Answer;
use gate::{Access, Gate};
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// What a client may ask of a server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Most paths one request may simulate (per simulation).
    pub max_paths: u64,
    /// Most `set` overrides in one request.
    pub max_overrides: usize,
    /// Most scenarios one comparison may hold.
    pub max_compared: usize,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Computations running at once.
    pub workers: usize,
    /// Computations waiting; past these the server answers 503.
    pub queue: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_paths: 1_000_000,
            max_overrides: 256,
            max_compared: 8,
            max_body: 64 * 1024,
            workers: 2,
            queue: 16,
        }
    }
}

/// A server's state, shared by every request.
pub struct Server {
    /// The served scenarios.
    pub catalog: Catalog,
    /// The limits.
    pub limits: Limits,
    /// Who may ask.
    pub access: Access,
    gate: Gate,
}

impl Server {
    /// A server for `catalog`.
    pub fn new(catalog: Catalog, limits: Limits, access: Access) -> Arc<Self> {
        let gate = Gate::new(limits.workers, limits.queue);
        Arc::new(Server {
            catalog,
            limits,
            access,
            gate,
        })
    }
}

/// The page and the API.
pub fn router(server: Arc<Server>) -> Router {
    let api = Router::new()
        .route("/api/scenarios", get(scenarios))
        .route("/api/scenarios/{id}", get(scenario))
        .route("/api/run", post(|s, r| computed(s, r, compute::run)))
        .route("/api/report", post(|s, r| computed(s, r, compute::report)))
        .route("/api/save", post(|s, r| computed(s, r, save::save)))
        .route(
            "/api/compare",
            post(|s, r| computed(s, r, compute::compare)),
        )
        .route(
            "/api/goal-seek",
            post(|s, r| computed(s, r, compute::goal_seek)),
        )
        .route(
            "/api/sensitivity",
            post(|s, r| computed(s, r, compute::sensitivity)),
        )
        .route("/", get(page::index))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(server.clone(), admit));
    api.route("/assets/{file}", get(page::asset))
        .layer(middleware::from_fn(headers))
        .with_state(server)
}

/// Serve on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

async fn admit(State(server): State<Arc<Server>>, req: Request, next: Next) -> Response {
    match server.access.check(req.headers(), req.uri().query()) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

/// Headers on every answer: nothing is sniffed, framed or cached, and a
/// token in the page's address never leaves in a Referer.
async fn headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(format!("{}: no such page or endpoint", req.uri().path()))
}

async fn scenarios(State(server): State<Arc<Server>>) -> Response {
    axum::Json(server.catalog.entries()).into_response()
}

async fn scenario(State(server): State<Arc<Server>>, Path(id): Path<String>) -> Response {
    let entry = match compute::entry(&server.catalog, &id) {
        Ok(entry) => entry.clone(),
        Err(e) => return e.into_response(),
    };
    let described = tokio::task::spawn_blocking(move || describe::describe(&entry)).await;
    match described {
        Ok(Ok(d)) => axum::Json(d).into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(_) => failed().into_response(),
    }
}

fn failed() -> ApiError {
    ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        message: "the computation failed unexpectedly; the server goes on".into(),
    }
}

/// Parse the body, wait for a turn, compute on a blocking thread.
async fn computed<T: DeserializeOwned + Send + 'static>(
    State(server): State<Arc<Server>>,
    req: Request,
    work: fn(&Catalog, &Limits, &T) -> Result<Answer, ApiError>,
) -> Response {
    let request: T = match body(&server, req).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let permit = match server.gate.enter().await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let done = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work(&server.catalog, &server.limits, &request)
    })
    .await;
    match done {
        Ok(Ok(answer)) => (
            [(header::CONTENT_TYPE, answer.content_type)],
            Body::from(answer.body),
        )
            .into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(_) => failed().into_response(),
    }
}

/// Longest a client may take to send a body: a client trickling one never
/// holds the server's attention for long.
const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A JSON body within the size limit.
async fn body<T: DeserializeOwned>(server: &Server, req: Request) -> Result<T, ApiError> {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: "Content-Type: send the request as application/json".into(),
        });
    }
    let limit = server.limits.max_body;
    let read = tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(req.into_body(), limit));
    let bytes = read
        .await
        .map_err(|_| ApiError {
            status: StatusCode::REQUEST_TIMEOUT,
            message: format!("body: not received within {} s", BODY_TIMEOUT.as_secs()),
        })?
        .map_err(|_| ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!("body: larger than this server's limit of {limit} bytes"),
        })?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::bad(format!("body: {e}")))
}
