//! The planner's page in a real browser: headless Chromium driven through
//! WebDriver (chromedriver), against a server started in this process.
//! `benches/support/browser.rs` starts them (installing Debian's Chromium
//! when it is missing, rather than skipping).

use crate::util::*;
use fantoccini::{Client, Locator};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use targetsim::serve::catalog::Catalog;
use targetsim::serve::gate::Access;
use targetsim::serve::{Limits, Server, router};

#[path = "../../benches/support/browser.rs"]
mod support;
use support::{Driver, PATIENCE, browser, js, wait_until};

/// Serve `scenarios/` on a free loopback port; returns the page's address.
async fn start_server() -> String {
    let catalog = Catalog::discover(&crate::serve::served()).expect("scenarios");
    let app = router(Server::new(catalog, Limits::default(), Access::Loopback));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let port = listener.local_addr().expect("an address").port();
    tokio::spawn(targetsim::serve::serve(listener, app));
    format!("http://127.0.0.1:{port}/")
}

/// Click the element `css` finds.
async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
}

/// Wait for the answer to the page's current state (its address).
async fn wait_for_answer(c: &Client) {
    wait_until(
        c,
        "the answer to the current state",
        "document.querySelector('#status').dataset.state === 'done' && document.querySelector('#status').dataset.address === location.hash",
    )
    .await;
}

/// The probability the page shows for a target, exactly.
async fn shown(c: &Client, target: &str) -> f64 {
    let v = js(
        c,
        &format!("document.querySelector('tr[data-target=\"{target}\"] .prob').dataset.value"),
    )
    .await;
    v.as_str()
        .expect("a shown probability")
        .parse()
        .expect("a number")
}

/// The probability `targetsim run` gives for the same settings.
fn cli_probability(scenario: &str, extra: &[&str], target: &str) -> f64 {
    let out = targetsim()
        .args(["run", scenario, "--format", "json"])
        .args(extra)
        .output()
        .expect("runs");
    assert_success(&out);
    let v = json_without_timing(&out.stdout);
    v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == target)
        .unwrap_or_else(|| panic!("no target {target}"))["probability"]
        .as_f64()
        .unwrap()
}

fn downloaded(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "toml"))
}

#[test]
fn a_planner_moves_a_slider_reloads_saves_and_reads_it_in_chinese() {
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let page = start_server().await;
        let c = browser(&driver, profile.path(), downloads.path()).await;
        let result = planner_session(&c, &page, downloads.path()).await;
        let _ = c.close().await;
        result
    });
}

async fn planner_session(c: &Client, page: &str, downloads: &Path) {
    let target = "ngit_output_6000";
    let scenario = "scenarios/kunshan/baseline.toml";
    c.goto(&format!(
        "{page}#scenario=kunshan-baseline&paths=2000&seed=7"
    ))
    .await
    .unwrap();
    wait_for_answer(c).await;
    let before = shown(c, target).await;
    assert_eq!(
        before,
        cli_probability(scenario, &["--paths", "2000", "--seed", "7"], target)
    );

    // Move the growth slider ten steps right with the keyboard.
    let slider = c
        .find(Locator::Css(
            ".control[data-key=\"ngit_output.growth.mean\"] input[type=range]",
        ))
        .await
        .expect("the growth slider");
    for _ in 0..10 {
        slider.send_keys("\u{E014}").await.unwrap();
    }
    wait_until(
        c,
        "the change in the address",
        "location.hash.includes('set.ngit_output.growth.mean=')",
    )
    .await;
    wait_for_answer(c).await;
    let hash = js(c, "location.hash").await;
    let value = hash
        .as_str()
        .unwrap()
        .split('&')
        .find_map(|kv| kv.strip_prefix("set.ngit_output.growth.mean="))
        .expect("the set value in the address")
        .to_string();
    let moved: f64 = value.parse().unwrap();
    assert!(
        (moved - 0.0587).abs() < 1e-9,
        "ten steps of 0.001 from 0.0487, got {moved}"
    );
    let after = shown(c, target).await;
    let set = format!("ngit_output.growth.mean={value}");
    let cli_after = cli_probability(
        scenario,
        &["--paths", "2000", "--seed", "7", "--set", &set],
        target,
    );
    assert_eq!(after, cli_after);
    assert!(
        after > before,
        "faster growth must raise the odds: {before} -> {after}"
    );
    let difference = js(
        c,
        &format!(
            "Number(document.querySelector('tr[data-target=\"{target}\"] .diff').dataset.value)"
        ),
    )
    .await;
    assert!((difference.as_f64().unwrap() - (after - before)).abs() < 1e-12);

    // The address holds the state: a reload shows the same.
    c.refresh().await.unwrap();
    wait_for_answer(c).await;
    assert_eq!(shown(c, target).await, after);
    let box_value = js(
        c,
        "document.querySelector('input[type=number][data-key=\"ngit_output.growth.mean\"]').value",
    )
    .await;
    assert_eq!(box_value.as_str().unwrap().parse::<f64>().unwrap(), moved);

    // Save the scenario; the command line runs it to the same numbers.
    click(c, "#save").await;
    let started = Instant::now();
    let saved = loop {
        if let Some(p) = downloaded(downloads) {
            break p;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the saved scenario never arrived"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let saved_text = std::fs::read_to_string(&saved).unwrap();
    assert_contains!(saved_text, "extends = ", "paths = 2000", "seed = 7");
    assert_eq!(cli_probability(saved.to_str().unwrap(), &[], target), after);

    // What would it take: goal seek from the page equals the command's.
    let row = "tr[data-target=\"listed_companies_80\"]";
    click(c, &format!("{row} button.take")).await;
    c.find(Locator::Css(".seek-param"))
        .await
        .unwrap()
        .select_by_value("listed_companies.additions.mean")
        .await
        .unwrap();
    click(c, ".seek-run").await;
    wait_until(
        c,
        "the goal seek",
        "document.querySelector('.seek-out').dataset.value !== undefined",
    )
    .await;
    let found = js(
        c,
        "Number(document.querySelector('.seek-out').dataset.value)",
    )
    .await;
    let out = targetsim()
        .args([
            "goal-seek",
            scenario,
            "--paths",
            "2000",
            "--seed",
            "7",
            "--set",
            &set,
        ])
        .args(["--target", "listed_companies_80", "--probability", "0.8"])
        .args([
            "--param",
            "listed_companies.additions.mean",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let cli_seek: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found.as_f64(), cli_seek["value"].as_f64());

    // Drivers: the tornado of the target's sensitivity is drawn.
    click(c, &format!("{row} button.drivers")).await;
    wait_until(
        c,
        "the tornado",
        "document.querySelectorAll('svg.tornado rect').length > 0",
    )
    .await;
    let first_bar = js(c, "document.querySelector('svg.tornado text').textContent").await;
    assert_contains!(first_bar.as_str().unwrap(), "listed_companies");

    // Chinese: labels from label_zh, and the choice survives a reload.
    click(c, "#lang").await;
    wait_until(
        c,
        "Chinese headings",
        "document.querySelector('[data-t=targets]').textContent === '目标'",
    )
    .await;
    let label = js(
        c,
        &format!("document.querySelector('tr[data-target=\"{target}\"] td').textContent"),
    )
    .await;
    assert_contains!(label.as_str().unwrap(), "新一代信息技术产业产值");
    c.refresh().await.unwrap();
    wait_for_answer(c).await;
    let heading = js(c, "document.querySelector('[data-t=targets]').textContent").await;
    assert_eq!(heading, "目标");
    assert_eq!(shown(c, target).await, after);
}
