//! `targetsim run` end to end, as a user runs it.

use crate::util::{assert_success, json_without_timing, targetsim};

const SCENARIO: &str = "scenarios/kunshan/baseline.toml";

#[test]
fn table_shows_every_target_and_the_joint_probability() {
    let out = targetsim()
        .args(["run", SCENARIO, "--paths", "5000"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_contains!(
        text,
        "Kunshan 2025 targets: baseline growth",
        "5,000 paths | seed 20220622",
        "ngit_output_6000",
        "2021 -> 2025 | every target for 2025",
        "ngit_output_6000                  > 6,000     82.9%  [81.8%, 83.9%]",
        "village_income_1300",
        "All 11 targets met on the same path",
        "Targets met (count: probability)",
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn json_has_the_documented_fields() {
    let out = targetsim()
        .args([
            "run", SCENARIO, "--paths", "3000", "--seed", "5", "--format", "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scenario"], "kunshan-baseline");
    assert_eq!(v["paths"], 3000);
    assert_eq!(v["seed"], 5);
    let targets = v["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 11);
    assert_eq!(targets[0]["id"], "ngit_output_6000");
    for t in targets {
        for key in [
            "id",
            "indicator",
            "op",
            "value",
            "year",
            "probability",
            "ci95",
        ] {
            assert!(!t[key].is_null(), "target lacks {key}: {t}");
        }
        let (p, lo, hi) = (
            t["probability"].as_f64().unwrap(),
            t["ci95"][0].as_f64().unwrap(),
            t["ci95"][1].as_f64().unwrap(),
        );
        assert!(lo <= p && p <= hi, "{t}");
    }
    let dist: f64 = v["targets_met_distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["probability"].as_f64().unwrap())
        .sum();
    assert!((dist - 1.0).abs() < 1e-12);
    assert!(v["all_targets_probability"].is_number());
    let years = v["indicators"][0]["years"].as_array().unwrap();
    assert_eq!(years.len(), 4);
    let y = &years[3];
    let order: Vec<f64> = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"]
        .iter()
        .map(|k| y[*k].as_f64().unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{y}");
    assert!(v["timing"]["seconds"].is_number());
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let json = |threads: &str| {
        let out = targetsim()
            .env("RAYON_NUM_THREADS", threads)
            .args(["run", SCENARIO, "--paths", "9000", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        json_without_timing(&out.stdout)
    };
    assert_eq!(json("1"), json("2"));
}

#[test]
fn csv_has_a_row_per_indicator_and_year() {
    let out = targetsim()
        .args(["run", SCENARIO, "--paths", "2000", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "indicator,unit,year,mean,sd,p5,p10,p25,p50,p75,p90,p95"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 12 * 4);
    assert!(
        rows[0].starts_with("ngit_output,100m_yuan,2022,"),
        "{}",
        rows[0]
    );
}

#[test]
fn output_file_is_written_whole_and_no_temp_file_remains() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    targetsim()
        .args([
            "run", SCENARIO, "--paths", "2000", "--format", "json", "--output",
        ])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(v["paths"], 2000);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("result.json")]);
}

#[test]
fn failed_run_leaves_an_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    std::fs::write(&path, "previous").unwrap();
    targetsim()
        .args(["run", "no-such.toml", "--output"])
        .arg(&path)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous");
    // An output into a missing directory fails cleanly with status 1.
    let out = targetsim()
        .args(["run", SCENARIO, "--paths", "100", "--output"])
        .arg(dir.path().join("missing/dir/out.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_contains!(String::from_utf8_lossy(&out.stderr), "cannot write");
}

#[test]
fn help_lists_the_run_flags() {
    let out = targetsim().args(["run", "--help"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_contains!(
        text,
        "--paths",
        "--seed",
        "--threads",
        "--format",
        "--output"
    );
}

#[test]
fn bench_reports_threads_efficiency_and_the_sampling_bound() {
    let out = targetsim()
        .args([
            "bench",
            "benches/scenarios/peer-12.toml",
            "--paths",
            "20000",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["indicators"], 12);
    assert_eq!(v["years"], 4);
    assert_eq!(v["one_thread"]["threads"], 1);
    for key in ["one_thread", "all_threads", "bare_sampling"] {
        let t = &v[key];
        let (pps, secs) = (
            t["paths_per_second"].as_f64().unwrap(),
            t["seconds"].as_f64().unwrap(),
        );
        // Internal consistency only; speed itself is measured, never asserted.
        assert!((pps * secs / 20000.0 - 1.0).abs() < 1e-9, "{t}");
    }
    assert!(v["parallel_efficiency"].as_f64().unwrap() > 0.0);
    assert!(v["engine_overhead"].is_number());
    let isa = v["instruction_set"].as_str().unwrap();
    assert!(["avx512", "avx2", "baseline"].contains(&isa), "{isa}");
    let table = targetsim()
        .args(["bench", "benches/scenarios/peer-12.toml", "--paths", "5000"])
        .output()
        .unwrap();
    assert_contains!(
        String::from_utf8_lossy(&table.stdout),
        "bare sampling, 1 thread",
        "parallel efficiency"
    );
}

/// `TARGETSIM_ISA` picks the instruction set of the lanes; every one gives
/// the same results (only the timing differs).
#[test]
fn every_instruction_set_gives_the_same_results() {
    let run = |isa: Option<&str>| {
        let mut cmd = targetsim();
        cmd.args([
            "run",
            "benches/scenarios/peer-12.toml",
            "--paths",
            "5000",
            "--format",
            "json",
        ]);
        if let Some(isa) = isa {
            cmd.env("TARGETSIM_ISA", isa);
        }
        let out = cmd.output().unwrap();
        assert_success(&out);
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("timing");
        v
    };
    let best = run(None);
    assert_eq!(best, run(Some("baseline")));
    assert_eq!(best, run(Some("avx2")));
    let out = targetsim()
        .env("TARGETSIM_ISA", "baseline")
        .args([
            "bench",
            "benches/scenarios/peer-12.toml",
            "--paths",
            "2000",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["instruction_set"], "baseline");
}

#[test]
fn init_writes_a_scenario_that_runs_and_marks_every_number_an_assumption() {
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("region");
    let out = targetsim().arg("init").arg(&region).output().unwrap();
    crate::util::assert_success(&out);
    let scenario = region.join("scenario.toml");
    let run = targetsim()
        .arg("run")
        .arg(&scenario)
        .args(["--paths", "2000", "--format", "json"])
        .output()
        .unwrap();
    crate::util::assert_success(&run);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["targets"].as_array().unwrap().len(), 3);
    // Every number that is a statistic or a target says it is an assumption.
    let settings = ["base_year", "target_year", "paths", "seed", "year"];
    for file in ["scenario.toml", "targets.toml"] {
        let text = std::fs::read_to_string(region.join(file)).unwrap();
        for line in text.lines() {
            let code = line.split('#').next().unwrap();
            let Some((key, value)) = code.split_once('=') else {
                continue;
            };
            // Digits outside quoted strings (not `unit = "100m_yuan"`).
            let unquoted: String = value.split('"').step_by(2).collect();
            let numeric = unquoted.chars().any(|c| c.is_ascii_digit());
            if numeric && !settings.contains(&key.trim()) {
                assert!(line.contains("# assumption"), "{file}: {line}");
            }
        }
    }
    // Existing files are never replaced.
    let stderr = crate::util::usage_error(targetsim().arg("init").arg(&region));
    assert_contains!(stderr, "scenario.toml exists");
}

#[test]
fn csv_writes_the_target_table_when_asked_by_its_sheet_name() {
    const COUNTS: &str = "benches/scenarios/kunshan-counts.toml";
    let csv = |sheet: &str| {
        let out = targetsim()
            .args([
                "run", COUNTS, "--paths", "500", "--format", "csv", "--sheet", sheet,
            ])
            .output()
            .unwrap();
        assert_success(&out);
        String::from_utf8(out.stdout).unwrap()
    };
    let targets = csv("scoreboard");
    let mut lines = targets.lines();
    assert_contains!(
        lines.next().unwrap(),
        "target,",
        "probability,ci95_low,ci95_high,median,p5,p95"
    );
    let json = targetsim()
        .args(["run", COUNTS, "--paths", "500", "--format", "json"])
        .output()
        .unwrap();
    let v = json_without_timing(&json.stdout);
    let ids: Vec<&str> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    // One row per target, then all of them together.
    let rows: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(rows[..ids.len()], ids[..]);
    assert_eq!(rows[ids.len()..], ["all targets"]);
    // Sheet names as the workbook writes them, spaces or dashes alike.
    assert!(csv("targets-met").starts_with("targets met,probability,paths"));
    let stderr = crate::util::usage_error(targetsim().args([
        "run", COUNTS, "--paths", "10", "--format", "csv", "--sheet", "nope",
    ]));
    assert_contains!(stderr, "--sheet", "\"nope\"", "scoreboard, indicators");
    let stderr = crate::util::usage_error(targetsim().args([
        "run",
        COUNTS,
        "--paths",
        "10",
        "--sheet",
        "scoreboard",
    ]));
    assert_contains!(stderr, "--sheet", "--format csv");
}

#[test]
fn compare_writes_numbers_as_run_does_and_no_negative_zero() {
    let out = targetsim()
        .args([
            "compare",
            "benches/scenarios/kunshan-counts.toml",
            "benches/scenarios/kunshan-counts.toml",
            "--paths",
            "500",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_contains!(text, "> 6,000 in 2025", "(0.0 pp [0.0, 0.0])");
    assert!(!text.contains("-0.0"), "{text}");
}
