//! Who may ask and how much at once: the token a server exposed beyond
//! loopback requires, the Host header a loopback server accepts, and the
//! bounded queue of computations (a full queue answers 503 at once).

use super::ApiError;
use axum::http::{HeaderMap, StatusCode};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Computations running and waiting.
pub struct Gate {
    /// Admitted requests (running or waiting): past this, 503.
    admitted: Arc<Semaphore>,
    /// Running computations.
    running: Arc<Semaphore>,
    capacity: (usize, usize),
}

/// A computation's place: hold it until the computation ends.
pub struct Permit {
    _admitted: OwnedSemaphorePermit,
    _running: OwnedSemaphorePermit,
}

impl Gate {
    /// `workers` computations at once, `queue` more waiting.
    pub fn new(workers: usize, queue: usize) -> Self {
        Gate {
            admitted: Arc::new(Semaphore::new(workers + queue)),
            running: Arc::new(Semaphore::new(workers)),
            capacity: (workers, queue),
        }
    }

    /// Wait for a turn, or refuse at once when the queue is full. A request
    /// whose client goes away while waiting leaves the queue (its future is
    /// dropped), so a newer request does not wait behind a superseded one.
    pub async fn enter(&self) -> Result<Permit, ApiError> {
        let admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: format!(
                    "busy: {} computations running and {} waiting; try again shortly",
                    self.capacity.0, self.capacity.1
                ),
            })?;
        let running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: "the server is shutting down".into(),
            })?;
        Ok(Permit {
            _admitted: admitted,
            _running: running,
        })
    }
}

/// How requests are let in.
#[derive(Debug, Clone)]
pub enum Access {
    /// Bound to loopback: any request whose Host is a loopback name (a page
    /// elsewhere cannot reach the server through DNS rebinding).
    Loopback,
    /// Bound beyond loopback: requests carrying this token, as
    /// `Authorization: Bearer TOKEN` or `?token=TOKEN`.
    Token(String),
}

impl Access {
    /// Let a request in, or say why not.
    pub fn check(&self, headers: &HeaderMap, query: Option<&str>) -> Result<(), ApiError> {
        match self {
            Access::Loopback => {
                let host = headers
                    .get(axum::http::header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("");
                if is_loopback_host(host) {
                    Ok(())
                } else {
                    Err(ApiError {
                        status: StatusCode::FORBIDDEN,
                        message: format!(
                            "Host \"{host}\": this server answers only requests addressed to 127.0.0.1, localhost or [::1]"
                        ),
                    })
                }
            }
            Access::Token(token) => {
                let given = bearer(headers).or_else(|| query_token(query?));
                match given {
                    Some(t) if same(t.as_bytes(), token.as_bytes()) => Ok(()),
                    _ => Err(ApiError {
                        status: StatusCode::UNAUTHORIZED,
                        message: "token: missing or wrong (send Authorization: Bearer TOKEN, or ?token=TOKEN)".into(),
                    }),
                }
            }
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    value.strip_prefix("Bearer ").map(str::to_string)
}

fn query_token(query: &str) -> Option<String> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .map(str::to_string)
}

/// Compare without stopping at the first difference, so the time taken
/// does not tell how much of a guess was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `127.0.0.1:8000`, `localhost`, `[::1]:8000`.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    name == "localhost"
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for h in [
            "127.0.0.1:8000",
            "localhost",
            "localhost:1",
            "[::1]:8000",
            "127.0.0.2",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in ["example.org", "10.0.0.1:8000", "", "localhost.evil.test"] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn a_full_queue_refuses_at_once_and_a_freed_place_admits() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let gate = Gate::new(1, 1);
            let running = gate.enter().await.expect("a free worker");
            let admitted = gate
                .admitted
                .clone()
                .try_acquire_owned()
                .expect("a queue place");
            let refused = gate.enter().await.err().expect("the queue is full");
            assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
            drop(admitted);
            drop(running);
            assert!(gate.enter().await.is_ok());
        });
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd") && !same(b"abc", b"ab"));
    }
}
