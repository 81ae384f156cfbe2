//! How long the planner's page takes from a moved control to its numbers on
//! screen, measured in headless Chromium against a server in this process:
//! `cargo bench --bench page_latency`. The page itself records each
//! latency (`window.targetsimLatencies`: from the change event to the
//! scoreboard, fans and targets-met chart redrawn); a firm-level scenario's
//! first answer is its preliminary one.

#[path = "support/browser.rs"]
mod support;

use std::path::PathBuf;
use support::{Driver, browser, js, wait_until};
use targetsim::serve::catalog::Catalog;
use targetsim::serve::gate::Access;
use targetsim::serve::{Limits, Server, router};

/// Changes measured per scenario (after one to warm up).
const CHANGES: usize = 30;

/// (scenario id, the growth mean moved, paths on the page).
const CASES: [(&str, &str, u64); 3] = [
    ("kunshan-counts", "ngit_output.growth.mean", 10_000),
    ("peer-12", "g0.growth.mean", 10_000),
    ("kunshan-baseline", "ngit_output.growth.mean", 10_000),
];

fn main() {
    let driver = Driver::start();
    let profile = tempfile::tempdir().expect("a profile directory");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let catalog = Catalog::discover(&[
            PathBuf::from("benches/scenarios/kunshan-counts.toml"),
            PathBuf::from("benches/scenarios/peer-12.toml"),
            PathBuf::from("scenarios/kunshan/baseline.toml"),
        ])
        .expect("the scenarios");
        let app = router(Server::new(catalog, Limits::default(), Access::Loopback));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let port = listener.local_addr().expect("an address").port();
        tokio::spawn(targetsim::serve::serve(listener, app));
        let c = browser(&driver, profile.path(), profile.path()).await;
        println!("{:<18} {:>7} {:>9} {:>9} {:>9} {:>9}", "scenario", "paths", "first", "p50 ms", "p90 ms", "max ms");
        for (id, key, paths) in CASES {
            let page = format!("http://127.0.0.1:{port}/#scenario={id}&paths={paths}&seed=1");
            c.goto(&page).await.expect("the page loads");
            let idle = "document.querySelector('#status').dataset.state === 'done'";
            wait_until(&c, "the first answer", idle).await;
            let mut latencies = Vec::new();
            for k in 0..=CHANGES {
                js(&c, "(window.targetsimLatencies = [], true)").await;
                let value = 0.03 + 0.001 * (k % 20) as f64;
                let change = format!(
                    "(() => {{ const box = document.querySelector('input[type=number][data-key=\"{key}\"]'); \
                     box.value = '{value}'; box.dispatchEvent(new Event('change')); return true; }})()"
                );
                js(&c, &change).await;
                wait_until(
                    &c,
                    "the answer",
                    "window.targetsimLatencies.length > 0 && document.querySelector('#status').dataset.state === 'done' && document.querySelector('#status').dataset.address === location.hash",
                )
                .await;
                let first = js(&c, "window.targetsimLatencies[0]").await;
                if k > 0 {
                    latencies.push((first["ms"].as_f64().unwrap_or(f64::NAN), first["paths"].as_u64().unwrap_or(0)));
                }
            }
            let mut ms: Vec<f64> = latencies.iter().map(|l| l.0).collect();
            ms.sort_by(f64::total_cmp);
            let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
            println!(
                "{id:<18} {paths:>7} {:>9} {:>9.0} {:>9.0} {:>9.0}",
                latencies[0].1,
                at(0.5),
                at(0.9),
                ms[ms.len() - 1]
            );
        }
        let _ = c.close().await;
    });
}
