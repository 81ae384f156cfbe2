//! `targetsim serve`'s API, in process: each endpoint answers what its
//! command prints, and every bad request gets a 4xx that names its fault
//! while the server goes on serving.

use crate::util::*;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::path::PathBuf;
use targetsim::serve::catalog::Catalog;
use targetsim::serve::gate::Access;
use targetsim::serve::{Limits, Server, router};
use tower::ServiceExt;

/// The served scenarios: `scenarios/` and the counts-only Kunshan bench.
pub fn served() -> Vec<PathBuf> {
    vec![
        PathBuf::from("scenarios"),
        PathBuf::from("benches/scenarios/kunshan-counts.toml"),
    ]
}

fn app_with(limits: Limits, access: Access) -> Router {
    let catalog = Catalog::discover(&served()).expect("the scenarios are found");
    router(Server::new(catalog, limits, access))
}

fn app() -> Router {
    app_with(Limits::default(), Access::Loopback)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A request's status and body.
fn call(app: &Router, method: &str, uri: &str, body: Option<&str>) -> (StatusCode, String) {
    call_with(app, method, uri, body, &[("host", "127.0.0.1:8000")])
}

fn call_with(
    app: &Router,
    method: &str,
    uri: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut request = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let request = request
        .body(Body::from(body.unwrap_or("").to_string()))
        .expect("a request");
    runtime().block_on(async {
        let response = app.clone().oneshot(request).await.expect("an answer");
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        (status, String::from_utf8_lossy(&bytes).into_owned())
    })
}

fn post(app: &Router, uri: &str, body: &str) -> (StatusCode, String) {
    call(app, "POST", uri, Some(body))
}

/// Text up to `"timing"`: everything a run prints that does not depend on
/// the clock.
fn before_timing(text: &str) -> &str {
    &text[..text.find("\"timing\"").expect("a timing object")]
}

/// The command's standard output.
fn cli(args: &[&str]) -> String {
    let out = targetsim().args(args).output().expect("runs");
    assert_success(&out);
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn error_of(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).expect("a JSON error");
    v["error"].as_str().expect("an error message").to_string()
}

#[test]
fn the_served_scenarios_are_listed_by_id() {
    let (status, body) = call(&app(), "GET", "/api/scenarios", None);
    assert_eq!(status, StatusCode::OK, "{body}");
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "kunshan-baseline",
            "kunshan-goals-2026",
            "kunshan-lockdown-2022",
            "kunshan-nowcast-2024",
            "kunshan-optimistic",
            "kunshan-pessimistic",
            "kunshan-recalibrated",
            "kunshan-vision-2035",
            "kunshan-counts"
        ]
    );
    assert_eq!(list[0]["file"], "scenarios/kunshan/baseline.toml");
}

#[test]
fn a_scenario_is_described_with_every_set_key() {
    let (status, body) = call(&app(), "GET", "/api/scenarios/kunshan-baseline", None);
    assert_eq!(status, StatusCode::OK, "{body}");
    let d: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(d["firms"], true);
    assert_eq!(d["seed"], 20220622);
    let params = d["parameters"].as_array().unwrap();
    let find = |key: &str| {
        params
            .iter()
            .find(|p| p["key"] == key)
            .unwrap_or_else(|| panic!("no parameter {key} in {body}"))
    };
    assert_eq!(find("ngit_output.growth.mean")["value"], 0.0487);
    assert_eq!(find("target.listed_companies_80.value")["value"], 80.0);
    assert_eq!(find("firms.entry.rate")["value"], 700.0);
    assert_contains!(
        find("correlation.ngit_output~high_end_equipment_output.rho")["source"]
            .as_str()
            .unwrap(),
        "assumption"
    );
    // Every key the page offers is one `--set` takes.
    for p in params {
        let key = p["key"].as_str().unwrap();
        let value = p["value"].as_f64().unwrap();
        let set = format!("{key}={value}");
        let out = targetsim()
            .args(["run", "scenarios/kunshan/baseline.toml", "--paths", "1"])
            .args(["--summary", "targets", "--set", &set])
            .output()
            .unwrap();
        assert_success(&out);
    }
}

#[test]
fn run_answers_the_commands_json_byte_for_byte() {
    let app = app();
    let cases: [(&str, &str, &[&str]); 4] = [
        ("kunshan-baseline", "{}", &[]),
        (
            "kunshan-baseline",
            r#"{"ngit_output.growth.mean": 0.06}"#,
            &["ngit_output.growth.mean=0.06"],
        ),
        (
            "kunshan-baseline",
            r#"{"correlation.ngit_output~high_end_equipment_output.rho": 0.3, "firms.entry.rate": 900, "target.listed_companies_80.value": 70}"#,
            &[
                "correlation.ngit_output~high_end_equipment_output.rho=0.3",
                "firms.entry.rate=900",
                "target.listed_companies_80.value=70",
            ],
        ),
        (
            "kunshan-counts",
            r#"{"listed_companies.additions.mean": 9.5, "shock.downturn.probability": 0.25}"#,
            &[
                "listed_companies.additions.mean=9.5",
                "shock.downturn.probability=0.25",
            ],
        ),
    ];
    for (id, set, flags) in cases {
        let body = format!(r#"{{"scenario": "{id}", "paths": 700, "seed": 11, "set": {set}}}"#);
        let (status, api) = post(&app, "/api/run", &body);
        assert_eq!(status, StatusCode::OK, "{api}");
        let file = if id == "kunshan-counts" {
            "benches/scenarios/kunshan-counts.toml"
        } else {
            "scenarios/kunshan/baseline.toml"
        };
        let mut args = vec![
            "run", file, "--paths", "700", "--seed", "11", "--format", "json",
        ];
        for f in flags {
            args.extend(["--set", f]);
        }
        let cli = cli(&args);
        assert_eq!(before_timing(&api), before_timing(&cli), "{id} {set}");
    }
}

#[test]
fn run_writes_the_commands_csv_and_the_report_is_html() {
    let app = app();
    let body = r#"{"scenario": "kunshan-counts", "paths": 500, "seed": 3, "format": "csv"}"#;
    let (status, api) = post(&app, "/api/run", body);
    assert_eq!(status, StatusCode::OK, "{api}");
    let cli = cli(&[
        "run",
        "benches/scenarios/kunshan-counts.toml",
        "--paths",
        "500",
        "--seed",
        "3",
        "--format",
        "csv",
    ]);
    assert_eq!(api, cli);
    let (status, html) = post(
        &app,
        "/api/report",
        r#"{"scenario": "kunshan-counts", "paths": 500, "seed": 3}"#,
    );
    assert_eq!(status, StatusCode::OK);
    assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"));
    assert_contains!(html, "<svg");
}

#[test]
fn compare_goal_seek_and_sensitivity_answer_their_commands_json() {
    let app = app();
    let (status, api) = post(
        &app,
        "/api/compare",
        r#"{"scenarios": ["kunshan-baseline", "kunshan-optimistic"], "paths": 400, "seed": 5}"#,
    );
    assert_eq!(status, StatusCode::OK, "{api}");
    let cli_compare = cli(&[
        "compare",
        "scenarios/kunshan/baseline.toml",
        "scenarios/kunshan/optimistic.toml",
        "--paths",
        "400",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(api, cli_compare);

    let (status, api) = post(
        &app,
        "/api/goal-seek",
        r#"{"scenario": "kunshan-counts", "paths": 4000, "seed": 2, "target": "listed_companies_80",
            "probability": 0.5, "param": "listed_companies.additions.mean", "set": {"listed_companies.exits.mean": 1}}"#,
    );
    assert_eq!(status, StatusCode::OK, "{api}");
    let cli_seek = cli(&[
        "goal-seek",
        "benches/scenarios/kunshan-counts.toml",
        "--paths",
        "4000",
        "--seed",
        "2",
        "--target",
        "listed_companies_80",
        "--probability",
        "0.5",
        "--param",
        "listed_companies.additions.mean",
        "--set",
        "listed_companies.exits.mean=1",
        "--format",
        "json",
    ]);
    assert_eq!(api, cli_seek);

    let (status, api) = post(
        &app,
        "/api/sensitivity",
        r#"{"scenario": "kunshan-counts", "paths": 500, "seed": 2, "target": "listed_companies_80"}"#,
    );
    assert_eq!(status, StatusCode::OK, "{api}");
    let cli_sensitivity = cli(&[
        "sensitivity",
        "benches/scenarios/kunshan-counts.toml",
        "--paths",
        "500",
        "--seed",
        "2",
        "--target",
        "listed_companies_80",
        "--format",
        "json",
    ]);
    assert_eq!(api, cli_sensitivity);
}

#[test]
fn a_scenario_compared_with_itself_changed_differs_only_where_the_change_reaches() {
    let (status, body) = post(
        &app(),
        "/api/compare",
        r#"{"scenarios": ["kunshan-counts", {"scenario": "kunshan-counts", "set": {"listed_companies.additions.mean": 12}}],
            "paths": 2000, "seed": 9}"#,
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        v["scenarios"][1]["file"],
        "benches/scenarios/kunshan-counts.toml --set listed_companies.additions.mean=12"
    );
    for row in v["rows"].as_array().unwrap() {
        let d = row["scenarios"][1]["difference"].as_f64();
        match row["id"].as_str().unwrap() {
            "listed_companies_80" => assert!(d.unwrap() > 0.3, "{row}"),
            "all targets" => {}
            // Other indicators draw from their own streams: the same paths.
            _ => assert_eq!(d, Some(0.0), "{row}"),
        }
    }
}

#[test]
fn a_saved_scenario_runs_to_the_pages_numbers() {
    let set = r#"{"ngit_output.growth.mean": 0.06, "target.listed_companies_80.value": 70,
        "firms.entry.rate": 900, "shock.downturn.probability": 0.2,
        "correlation.ngit_output~high_end_equipment_output.rho": 0.3}"#;
    let app = app();
    let (status, toml) = post(
        &app,
        "/api/save",
        &format!(r#"{{"scenario": "kunshan-baseline", "paths": 600, "seed": 4, "set": {set}}}"#),
    );
    assert_eq!(status, StatusCode::OK, "{toml}");
    assert_contains!(toml, "extends = ", "paths = 600", "seed = 4", "was 0.0487");
    // It states only what changed: no other indicator is named.
    assert!(!toml.contains("per_capita_disposable_income"), "{toml}");
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved.toml");
    std::fs::write(&saved, &toml).unwrap();
    let from_file =
        json_without_timing(cli(&["run", saved.to_str().unwrap(), "--format", "json"]).as_bytes());
    let (_, api) = post(
        &app,
        "/api/run",
        &format!(r#"{{"scenario": "kunshan-baseline", "paths": 600, "seed": 4, "set": {set}}}"#),
    );
    let from_page = json_without_timing(api.as_bytes());
    assert_eq!(from_file["targets"], from_page["targets"]);
    assert_eq!(from_file["indicators"], from_page["indicators"]);
}

#[test]
fn bad_requests_get_a_4xx_naming_the_fault_and_the_server_goes_on() {
    let app = app_with(
        Limits {
            max_body: 2_000,
            max_overrides: 3,
            ..Limits::default()
        },
        Access::Loopback,
    );
    let run = |body: &str| post(&app, "/api/run", body);
    let cases: Vec<(StatusCode, (StatusCode, String), &str)> = vec![
        (StatusCode::BAD_REQUEST, run("{not json"), "body:"),
        (
            StatusCode::BAD_REQUEST,
            run(r#"{"scenario": "kunshan-counts", "pathz": 5}"#),
            "unknown field `pathz`",
        ),
        (
            StatusCode::NOT_FOUND,
            run(r#"{"scenario": "kunshan-basline"}"#),
            "did you mean `kunshan-baseline`?",
        ),
        (
            StatusCode::NOT_FOUND,
            run(r#"{"scenario": "../../Cargo"}"#),
            "no scenario \"../../Cargo\"",
        ),
        (
            StatusCode::BAD_REQUEST,
            run(r#"{"scenario": "kunshan-counts", "set": {"ngit_outptu.growth.mean": 0.1}}"#),
            "\"ngit_outptu\" is not an indicator id",
        ),
        (
            StatusCode::BAD_REQUEST,
            run(
                r#"{"scenario": "kunshan-counts", "set": {"listed_companies.additions.mean": "many"}}"#,
            ),
            "not a number",
        ),
        (
            StatusCode::BAD_REQUEST,
            run(
                r#"{"scenario": "kunshan-counts", "set": {"listed_companies.additions.mean": -3}}"#,
            ),
            "listed_companies",
        ),
        (
            StatusCode::BAD_REQUEST,
            run(
                r#"{"scenario": "kunshan-counts", "set": {"listed_companies.additions.mean": [1]}}"#,
            ),
            "expected a number or a string",
        ),
        (
            StatusCode::BAD_REQUEST,
            run(r#"{"scenario": "kunshan-counts", "paths": 1000001}"#),
            "--max-paths 1000000",
        ),
        (
            StatusCode::BAD_REQUEST,
            run(r#"{"scenario": "kunshan-counts", "paths": 0}"#),
            "--paths",
        ),
        (
            StatusCode::BAD_REQUEST,
            run(
                r#"{"scenario": "kunshan-counts", "set": {"a.b": 1, "c.d": 2, "e.f": 3, "g.h": 4}}"#,
            ),
            "at most 3",
        ),
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            run(&format!(r#"{{"scenario": "{}"}}"#, "x".repeat(5_000))),
            "2000 bytes",
        ),
        (
            StatusCode::BAD_REQUEST,
            post(
                &app,
                "/api/goal-seek",
                r#"{"scenario": "kunshan-counts", "target": "listed_companies_80", "probability": 1.5, "param": "listed_companies.additions.mean"}"#,
            ),
            "probability",
        ),
        (
            StatusCode::BAD_REQUEST,
            post(&app, "/api/compare", r#"{"scenarios": ["kunshan-counts"]}"#),
            "2 to 8 scenarios",
        ),
        (
            StatusCode::NOT_FOUND,
            call(&app, "GET", "/api/scenarios/..%2F..%2FCargo.toml", None),
            "no scenario",
        ),
        (
            StatusCode::NOT_FOUND,
            call(&app, "GET", "/assets/..%2F..%2FCargo.toml", None),
            "no such file",
        ),
        (
            StatusCode::NOT_FOUND,
            call(&app, "GET", "/etc/passwd", None),
            "no such page",
        ),
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            call_with(&app, "POST", "/api/run", None, &[("host", "localhost")]),
            "application/json",
        ),
        (
            StatusCode::FORBIDDEN,
            call_with(
                &app,
                "GET",
                "/api/scenarios",
                None,
                &[("host", "attacker.example")],
            ),
            "attacker.example",
        ),
    ];
    for (want, (got, body), needle) in cases {
        assert_eq!(got, want, "{body}");
        assert_contains!(error_of(&body), needle);
    }
    assert_eq!(call(&app, "GET", "/api/scenarios", None).0, StatusCode::OK);
}

#[test]
fn an_error_says_what_the_command_line_says() {
    let (_, body) = post(
        &app(),
        "/api/run",
        r#"{"scenario": "kunshan-counts", "set": {"listed_companies.additions.mean": -3}}"#,
    );
    let stderr = usage_error(targetsim().args([
        "run",
        "benches/scenarios/kunshan-counts.toml",
        "--set",
        "listed_companies.additions.mean=-3",
    ]));
    assert_eq!(format!("error: {}\n", error_of(&body)), stderr);
}

#[test]
fn off_loopback_every_request_needs_the_token() {
    let token = "a-long-enough-secret-token";
    let app = app_with(Limits::default(), Access::Token(token.into()));
    let (status, body) = call_with(&app, "GET", "/api/scenarios", None, &[]);
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(
        call_with(&app, "GET", "/", None, &[]).0,
        StatusCode::UNAUTHORIZED
    );
    let wrong = [("authorization", "Bearer a-long-enough-secret-tokeN")];
    assert_eq!(
        call_with(&app, "GET", "/api/scenarios", None, &wrong).0,
        StatusCode::UNAUTHORIZED
    );
    let bearer = format!("Bearer {token}");
    let right = [("authorization", bearer.as_str())];
    assert_eq!(
        call_with(&app, "GET", "/api/scenarios", None, &right).0,
        StatusCode::OK
    );
    let (status, page) = call_with(&app, "GET", &format!("/?token={token}"), None, &[]);
    assert_eq!(status, StatusCode::OK);
    assert_contains!(page, "/assets/app.js");
    // The page's own files hold no data and load without it.
    assert_eq!(
        call_with(&app, "GET", "/assets/app.js", None, &[]).0,
        StatusCode::OK
    );
}

#[test]
fn serve_refuses_an_exposed_address_without_a_token() {
    let stderr = usage_error(targetsim().args(["serve", "--host", "0.0.0.0", "--port", "0"]));
    assert_contains!(stderr, "--host", "--token");
    let stderr = usage_error(targetsim().args(["serve", "--token", "short", "--port", "0"]));
    assert_contains!(stderr, "at least 16");
    let stderr = usage_error(targetsim().args(["serve", "Cargo.toml", "--port", "0"]));
    assert_contains!(stderr, "Cargo.toml", "not a scenario");
}
