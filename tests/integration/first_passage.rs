//! `by = YEAR` targets ("met by"): every command that reads targets works
//! with them, and gives the same answer as `run` for the same paths.

use crate::util::{assert_success, json_without_timing, scenario_dir, targetsim, usage_error};
use serde_json::Value;

const SCENARIO: &str = r#"
[scenario]
name = "by"
base_year = 2023
target_year = 2030
[history]
file = "obs.csv"
[[indicator]]
id = "gdp"
kind = "growth"
base = 100
series = "gdp"
growth = { dist = "lognormal", mean = 0.05, sd = 0.04 }
[[indicator]]
id = "firms"
kind = "count"
base = 40
additions = { dist = "poisson", mean = 5 }
[[target]]
id = "gdp_130"
indicator = "gdp"
op = ">="
value = 130
by = 2030
[[target]]
indicator = "firms"
op = ">="
value = 60
"#;

const OBS: &str = "indicator,year,value,status,source\ngdp,2024,106,official,a\n";

fn json(args: &[&str], scenario: &std::path::Path) -> Value {
    let out = targetsim()
        .arg(args[0])
        .arg(scenario)
        .args(&args[1..])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    json_without_timing(&out.stdout)
}

fn p(v: &Value, target: usize) -> f64 {
    v["targets"][target]["probability"].as_f64().unwrap()
}

#[test]
fn a_by_target_reports_when_and_works_in_every_command() {
    let (dir, path) = scenario_dir(("obs.csv", OBS), SCENARIO);
    let run = json(&["run", "--paths", "8000", "--seed", "3"], &path);
    let t = &run["targets"][0];
    let by_year = t["first_met_by_year"].as_object().unwrap();
    assert_eq!(by_year.len(), 7);
    assert_eq!(by_year["2030"].as_f64().unwrap(), p(&run, 0));
    assert!(t["median_first_met_year"].is_i64() || t["median_first_met_year"].is_null());
    // The year target has no first-passage fields.
    assert!(run["targets"][1].get("first_met_by_year").is_none());

    // Shards merge to the single run, first-passage counts included.
    let parts: Vec<_> = ["0/2", "1/2"]
        .iter()
        .map(|shard| {
            let part = dir.path().join(format!("{}.bin", shard.replace('/', "-")));
            targetsim()
                .arg("run")
                .arg(&path)
                .args([
                    "--paths",
                    "8000",
                    "--seed",
                    "3",
                    "--shard",
                    shard,
                    "--save-partial",
                ])
                .arg(&part)
                .assert()
                .success();
            part
        })
        .collect();
    let merged = targetsim()
        .arg("merge")
        .args(&parts)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_success(&merged);
    let merged = json_without_timing(&merged.stdout);
    assert_eq!(merged["targets"], run["targets"]);

    // compare: the scenario against itself, on the same paths, as `run`.
    let compare = targetsim()
        .arg("compare")
        .arg(&path)
        .arg(&path)
        .args(["--paths", "8000", "--seed", "3", "--format", "json"])
        .output()
        .unwrap();
    assert_success(&compare);
    let compare: Value = serde_json::from_slice(&compare.stdout).unwrap();
    let row = compare["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "gdp_130")
        .unwrap();
    assert_eq!(
        row["scenarios"][0]["probability"].as_f64().unwrap(),
        p(&run, 0)
    );

    // A sweep point at the scenario's own value is the run.
    let sweep = json(
        &[
            "sweep",
            "--param",
            "gdp.growth.mean=0.05:0.05:0.01",
            "--paths",
            "8000",
            "--seed",
            "3",
        ],
        &path,
    );
    assert_eq!(
        sweep["points"][0]["probabilities"][0].as_f64().unwrap(),
        p(&run, 0)
    );

    // Goal seek on a by target moves the probability to the goal.
    let seek = json(
        &[
            "goal-seek",
            "--target",
            "gdp_130",
            "--param",
            "gdp.growth.mean",
            "--probability",
            "0.5",
            "--paths",
            "4000",
        ],
        &path,
    );
    assert!(
        (seek["achieved"].as_f64().unwrap() - 0.5).abs() < 0.05,
        "{seek}"
    );

    // A nowcast as of 2024 starts where the first indicator does (firms,
    // 2023); GDP's 2024 is pinned at the observed 106, short of 130.
    let nowcast = json(&["run", "--as-of", "2024", "--paths", "4000"], &path);
    let by_year = nowcast["targets"][0]["first_met_by_year"]
        .as_object()
        .unwrap();
    assert_eq!(by_year.keys().next().unwrap(), "2024");
    assert_eq!(by_year["2024"].as_f64().unwrap(), 0.0);
    assert!(by_year["2030"].as_f64().unwrap() > 0.0);
}

#[test]
fn by_and_year_together_or_outside_the_horizon_are_errors() {
    for (change, want) in [
        ("by = 2030", "by = 2030\nyear = 2030"),
        ("by = 2030", "by = 2040"),
    ]
    .iter()
    .map(|(from, to)| (SCENARIO.replacen(from, to, 1), *to))
    {
        let (_dir, path) = scenario_dir(("obs.csv", OBS), &change);
        let stderr = usage_error(targetsim().arg("run").arg(&path));
        if want.contains("year") {
            assert!(
                stderr.contains("target.gdp_130.by: give `year`")
                    || stderr.contains("target.gdp_130.year"),
                "{stderr}"
            );
        } else {
            assert!(
                stderr.contains("target.gdp_130.by: year 2040 is not a simulated year"),
                "{stderr}"
            );
        }
    }
}
