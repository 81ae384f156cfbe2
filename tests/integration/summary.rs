//! `--summary targets`: only the slots targets read are summarised, and the
//! target table is exactly the full run's.

use crate::util::{assert_success, json_without_timing, targetsim, usage_error};
use serde_json::Value;
use targetsim::engine::{RunConfig, Summary, simulate};

const SCENARIO: &str = "benches/scenarios/peer-12.toml";

fn run_json(extra: &[&str]) -> Value {
    let out = targetsim()
        .args([
            "run", SCENARIO, "--paths", "20000", "--seed", "5", "--format", "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert_success(&out);
    json_without_timing(&out.stdout)
}

#[test]
fn the_target_table_is_the_full_runs() {
    let full = run_json(&[]);
    let targets = run_json(&["--summary", "targets"]);
    for key in [
        "targets",
        "all_targets_probability",
        "all_targets_ci95",
        "targets_met_distribution",
        "paths",
        "seed",
    ] {
        assert_eq!(full[key], targets[key], "{key}");
    }
    assert_eq!(full["summary"], "full");
    assert_eq!(targets["summary"], "targets");
    assert_eq!(full["indicators"].as_array().unwrap().len(), 12);
    assert_eq!(targets["indicators"], Value::Array(vec![]));
    // The table still shows every target.
    let table = targetsim()
        .args(["run", SCENARIO, "--paths", "2000", "--summary", "targets"])
        .output()
        .unwrap();
    assert_success(&table);
    let text = String::from_utf8(table.stdout).unwrap();
    for id in ["g0", "g7", "c0", "c3", "summary: targets only"] {
        assert_contains!(text, id);
    }
    let full_table = targetsim()
        .args(["run", SCENARIO, "--paths", "2000"])
        .output()
        .unwrap();
    assert_success(&full_table);
    assert!(!String::from_utf8_lossy(&full_table.stdout).contains("summary:"));
}

#[test]
fn only_target_slots_are_recorded() {
    let model = crate::util::model(
        r#"
[scenario]
name = "s"
base_year = 2020
target_year = 2023
[[indicator]]
id = "a"
kind = "growth"
base = 100
growth = { dist = "normal", mean = 0.05, sd = 0.05 }
[[indicator]]
id = "b"
kind = "count"
base = 10
additions = { dist = "poisson", mean = 2 }
[[target]]
indicator = "a"
op = ">"
value = 110
year = 2022
[[target]]
indicator = "b"
op = ">="
value = 16
"#,
    );
    let config = RunConfig {
        paths: 5000,
        seed: 3,
        threads: Some(2),
        sampling: Default::default(),
        summary: Summary::Targets,
    };
    let sim = simulate(&model, &config).unwrap();
    // Slots are indicator * years + year offset: a in 2022 and b in 2023.
    assert_eq!(sim.plan.recorded, vec![1, 5]);
    for (slot, sketch) in sim.totals.sketches.iter().enumerate() {
        let want = if [1, 5].contains(&slot) { 5000 } else { 0 };
        assert_eq!(sketch.count(), want, "slot {slot}");
    }
    let full = simulate(
        &model,
        &RunConfig {
            summary: Summary::Full,
            ..config
        },
    )
    .unwrap();
    assert_eq!(full.plan.recorded, (0..6).collect::<Vec<_>>());
    assert_eq!(full.totals.hits, sim.totals.hits);
    assert_eq!(full.totals.sketches[5], sim.totals.sketches[5]);
    assert_eq!(full.totals.sum[1], sim.totals.sum[1]);
}

#[test]
fn charts_and_csv_need_the_full_summary() {
    let dir = tempfile::tempdir().unwrap();
    let targets_run = |extra: &[&str]| {
        let mut cmd = targetsim();
        cmd.args(["run", SCENARIO, "--paths", "100", "--summary", "targets"])
            .args(extra);
        cmd
    };
    let stderr = usage_error(targets_run(&["--charts"]).arg(dir.path()));
    assert_contains!(stderr, "--charts", "--summary targets");
    let stderr = usage_error(&mut targets_run(&["--format", "csv"]));
    assert_contains!(stderr, "--format", "csv");
    let stderr = usage_error(targetsim().args(["run", SCENARIO, "--summary", "quantiles"]));
    assert_contains!(stderr, "quantiles", "full", "targets");
}

#[test]
fn sharded_target_summaries_merge_and_mixed_settings_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let part = |name: &str, shard: &str, summary: &str, sampling: &str| {
        let path = dir.path().join(name);
        let out = targetsim()
            .args([
                "run", SCENARIO, "--paths", "9000", "--seed", "2", "--shard", shard,
            ])
            .args([
                "--summary",
                summary,
                "--sampling",
                sampling,
                "--save-partial",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert_success(&out);
        path
    };
    let a0 = part("a0.bin", "0/2", "targets", "mc");
    let a1 = part("a1.bin", "1/2", "targets", "mc");
    let f1 = part("f1.bin", "1/2", "full", "mc");
    let s1 = part("s1.bin", "1/2", "targets", "antithetic");
    let merged = targetsim()
        .args(["merge", "--format", "json"])
        .args([&a0, &a1])
        .output()
        .unwrap();
    assert_success(&merged);
    let single = targetsim()
        .args([
            "run", SCENARIO, "--paths", "9000", "--seed", "2", "--format", "json",
        ])
        .args(["--summary", "targets"])
        .output()
        .unwrap();
    assert_eq!(
        json_without_timing(&merged.stdout),
        json_without_timing(&single.stdout)
    );
    let stderr = usage_error(targetsim().arg("merge").args([&a0, &f1]));
    assert_contains!(stderr, "the summary is full, but", "targets");
    let stderr = usage_error(targetsim().arg("merge").args([&a0, &s1]));
    assert_contains!(stderr, "the sampling is antithetic, but", "mc");
}

#[test]
fn bench_names_the_summary_it_measured() {
    let out = targetsim()
        .args(["bench", SCENARIO, "--paths", "5000", "--summary", "targets"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"], "targets");
    assert!(report["one_thread"]["paths_per_second"].as_f64().unwrap() > 0.0);
}
