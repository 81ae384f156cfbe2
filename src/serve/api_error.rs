//! An API error: a 4xx (or 5xx) status and `{"error": message}`, the
//! message the command line would print for the same input.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A request that cannot be answered, and why.
#[derive(Debug)]
pub struct ApiError {
    /// The status to answer with.
    pub status: StatusCode,
    /// What is wrong, naming the key and value at fault.
    pub message: String,
}

impl ApiError {
    /// 400: the request names something unusable.
    pub fn bad(message: String) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message,
        }
    }

    /// 404: no such scenario or page.
    pub fn not_found(message: String) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message,
        }
    }
}

impl From<crate::error::Error> for ApiError {
    /// Bad input (the command line's exit status 2) is the client's fault;
    /// anything else (a failed chart, a thread pool that would not start)
    /// is the server's.
    fn from(e: crate::error::Error) -> Self {
        let status = if e.exit_code() == 2 {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        ApiError {
            status,
            message: e.to_string(),
        }
    }
}

impl From<crate::error::ScenarioError> for ApiError {
    fn from(e: crate::error::ScenarioError) -> Self {
        crate::error::Error::from(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message });
        (self.status, axum::Json(body)).into_response()
    }
}
