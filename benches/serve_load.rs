//! Load on `targetsim serve`: `cargo bench --bench serve_load`. Starts the
//! release binary on a free 127.0.0.1 port (and nowhere else), then for 1, 8
//! and 32 concurrent clients, each sending its next request as soon as the
//! last is answered, for `LOAD_SECONDS` (default 30) seconds, POSTs the
//! page's usual request (`/api/run`, 10,000 paths, a changed growth mean)
//! and reports answers per second, latency percentiles, 503s, errors, and
//! the server's peak resident memory. The generator is bounded: a fixed
//! number of clients, one request in flight each.

use axum::body::Body;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CONCURRENCY: [usize; 3] = [1, 8, 32];

#[derive(Default)]
struct Tally {
    ok_ms: Vec<f64>,
    busy_ms: Vec<f64>,
    errors: usize,
}

fn main() {
    let seconds: u64 = std::env::var("LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let scenario = std::env::var("LOAD_SCENARIO").unwrap_or_else(|_| "kunshan-counts".into());
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        l.local_addr().expect("an address").port()
    };
    let mut server = Command::new(env!("CARGO_BIN_EXE_targetsim"))
        .args(["serve", "--port", &port.to_string(), "--host", "127.0.0.1"])
        .args([
            "benches/scenarios/kunshan-counts.toml",
            "scenarios/kunshan/baseline.toml",
        ])
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    println!(
        "{scenario}, /api/run with 10,000 paths, {seconds} s per level, server on 127.0.0.1:{port}"
    );
    println!(
        "{:>8} {:>9} {:>8} {:>8} {:>8} {:>6} {:>7}",
        "clients", "answers/s", "p50 ms", "p99 ms", "max ms", "503s", "errors"
    );
    for clients in CONCURRENCY {
        let tally = runtime.block_on(load(port, clients, Duration::from_secs(seconds), &scenario));
        let mut ms = tally.ok_ms.clone();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| {
            if ms.is_empty() {
                f64::NAN
            } else {
                ms[((ms.len() - 1) as f64 * q).round() as usize]
            }
        };
        println!(
            "{clients:>8} {:>9.1} {:>8.0} {:>8.0} {:>8.0} {:>6} {:>7}",
            ms.len() as f64 / seconds as f64,
            at(0.5),
            at(0.99),
            ms.last().copied().unwrap_or(f64::NAN),
            tally.busy_ms.len(),
            tally.errors
        );
        if !tally.busy_ms.is_empty() {
            let worst = tally.busy_ms.iter().copied().fold(0.0, f64::max);
            println!("{:>8} 503s answered within {worst:.0} ms", "");
        }
    }
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.id())).unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: unknown");
    println!("server peak resident memory ({peak})");
    let _ = server.kill();
    let _ = server.wait();
}

async fn load(port: u16, clients: usize, duration: Duration, scenario: &str) -> Tally {
    let client: Client<HttpConnector, Body> = Client::builder(TokioExecutor::new()).build_http();
    let tally = Arc::new(Mutex::new(Tally::default()));
    let until = Instant::now() + duration;
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, tally, scenario) = (client.clone(), tally.clone(), scenario.to_string());
        tasks.push(tokio::spawn(async move {
            let mut k = 0u64;
            while Instant::now() < until {
                k += 1;
                let mean = 0.03 + 0.0001 * ((c as u64 * 7919 + k) % 400) as f64;
                let body = format!(
                    r#"{{"scenario":"{scenario}","paths":10000,"seed":1,"set":{{"ngit_output.growth.mean":{mean}}}}}"#
                );
                let request = hyper::Request::post(format!("http://127.0.0.1:{port}/api/run"))
                    .header("content-type", "application/json")
                    .body(Body::from(body))
                    .expect("a request");
                let sent = Instant::now();
                let answer = client.request(request).await;
                let status = match answer {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let drained = axum::body::to_bytes(Body::new(response.into_body()), usize::MAX).await;
                        if drained.is_ok() { status } else { 0 }
                    }
                    Err(_) => 0,
                };
                let ms = sent.elapsed().as_secs_f64() * 1e3;
                {
                    let mut t = tally.lock().expect("the tally");
                    match status {
                        200 => t.ok_ms.push(ms),
                        503 => t.busy_ms.push(ms),
                        _ => t.errors += 1,
                    }
                }
                if status == 503 {
                    // A client told to come back does so after a pause, as the page would.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    Arc::try_unwrap(tally)
        .ok()
        .expect("every client finished")
        .into_inner()
        .expect("the tally")
}
