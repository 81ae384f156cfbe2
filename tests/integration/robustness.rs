//! Inputs that used to hang, crash or mislead: each ends in a message
//! naming what is wrong, with exit status 2, quickly.

use crate::util::{assert_success, scenario_dir, targetsim, usage_error};
use std::time::Duration;

const PEER: &str = "benches/scenarios/peer-12.toml";
const COUNTS: &str = "benches/scenarios/kunshan-counts.toml";
const BASELINE: &str = "scenarios/kunshan/baseline.toml";

/// `targetsim ARGS` must fail with exit 2 within 30 seconds; its stderr.
fn refused(args: &[&str]) -> String {
    usage_error(targetsim().args(args).timeout(Duration::from_secs(30)))
}

/// A one-indicator scenario with `extra` lines added to the indicator.
fn one_growth(indicator: &str, extra: &str) -> String {
    format!(
        "[scenario]\nname = \"s\"\nbase_year = 2024\ntarget_year = 2027\n\n[[indicator]]\nid = \"x\"\nkind = \"growth\"\n{indicator}\n\n{extra}\n[[target]]\nindicator = \"x\"\nop = \">\"\nvalue = 1\n"
    )
}

fn run_text(text: &str) -> String {
    let (_dir, path) = scenario_dir(("unused.csv", ""), text);
    usage_error(
        targetsim()
            .arg("run")
            .arg(&path)
            .args(["--paths", "100"])
            .timeout(Duration::from_secs(30)),
    )
}

#[test]
fn a_firm_count_past_the_population_limit_is_refused_before_any_cast() {
    let stderr = refused(&[
        "run",
        BASELINE,
        "--paths",
        "100",
        "--set",
        "above_size_industrial_firms.base=1e20",
    ]);
    assert_contains!(stderr, "indicator.above_size_industrial_firms.base", "1e20");
}

#[test]
fn a_huge_student_t_df_is_refused_instead_of_hanging() {
    let text = one_growth(
        "base = 100\ngrowth = { dist = \"student_t\", mean = 0.05, sd = 0.02, df = 1e8 }",
        "",
    );
    assert_contains!(
        run_text(&text),
        "s.toml:",
        "indicator.x.growth.df",
        "at most 1e6"
    );
}

#[test]
fn growth_parameters_base_and_shocks_that_overflow_are_refused() {
    for (indicator, extra, key) in [
        (
            "base = 100\ngrowth = { dist = \"normal\", mean = 1e308, sd = 0.1 }",
            "",
            "growth.mean",
        ),
        (
            "base = 1e308\ngrowth = { dist = \"normal\", mean = 0.05, sd = 0.1 }",
            "",
            "x.base",
        ),
        (
            "base = 100\ngrowth = { dist = \"normal\", mean = 0.05, sd = 0.1 }",
            "[[shock]]\nname = \"boom\"\nprobability = 0.5\nimpact = { x = 1e308 }\n",
            "impact.x",
        ),
    ] {
        assert_contains!(
            run_text(&one_growth(indicator, extra)),
            "s.toml:",
            key,
            "1e308"
        );
    }
}

#[test]
fn a_shocked_negative_binomial_mean_past_its_sampler_is_refused() {
    let text = "[scenario]\nname = \"s\"\nbase_year = 2024\ntarget_year = 2026\n[[indicator]]\nid = \"c\"\nkind = \"count\"\nbase = 0\nadditions = { dist = \"negative_binomial\", mean = 10, dispersion = 2 }\n[[shock]]\nname = \"boom\"\nprobability = 0.5\nimpact = { c = 1e20 }\n[[target]]\nindicator = \"c\"\nop = \">\"\nvalue = 1\n";
    assert_contains!(run_text(text), "indicator.c.additions");
}

#[test]
fn values_that_overflow_in_the_paths_are_an_error_not_a_nan() {
    // Within every limit, but compounding 1000% a year for 200 years.
    let text = "[scenario]\nname = \"s\"\nbase_year = 2024\ntarget_year = 2224\n[[indicator]]\nid = \"x\"\nkind = \"growth\"\nbase = 1e15\ngrowth = { dist = \"normal\", mean = 10, sd = 0, extreme = true }\n[[target]]\nindicator = \"x\"\nop = \">\"\nvalue = 1\n";
    assert_contains!(run_text(text), "indicator.x", "summarised");
}

#[test]
fn too_many_indicators_are_refused_before_the_copula_is_built() {
    let mut text = String::from("[scenario]\nname = \"s\"\nbase_year = 2024\ntarget_year = 2025\n");
    for k in 0..5000 {
        text += &format!(
            "[[indicator]]\nid = \"g{k}\"\nkind = \"growth\"\nbase = 1\ngrowth = {{ dist = \"normal\", mean = 0, sd = 0.1 }}\n"
        );
    }
    assert_contains!(run_text(&text), "5000 indicators", "at most 500");
}

#[test]
fn flags_with_impossible_or_negative_values_are_named() {
    assert_contains!(refused(&["run", PEER, "--seed", "-1"]), "--seed");
    assert_contains!(
        refused(&["run", PEER, "--paths", "18446744073709551615"]),
        "--paths",
        "between 1 and"
    );
    assert_contains!(
        refused(&["run", PEER, "--threads", "5000"]),
        "--threads",
        "256"
    );
    assert_contains!(
        refused(&["sweep", PEER, "--param", "g0.growth.mean=0:1:1e-20"]),
        "--param",
        "at most 10000"
    );
    assert_contains!(
        refused(&[
            "goal-seek",
            PEER,
            "--target",
            "g0",
            "--probability",
            "0.8",
            "--param",
            "g0.growth.mean",
            "--tolerance",
            "nan",
        ]),
        "--tolerance"
    );
    assert_contains!(
        refused(&[
            "calibrate",
            "seeds/kunshan-observations.csv",
            "--indicator",
            "industrial_output_growth",
            "--sd",
            "-1",
        ]),
        "--sd",
        ">= 0"
    );
    assert_contains!(
        refused(&["run", PEER, "--precision", "0.01", "--paths", "1000"]),
        "--precision",
        "--paths"
    );
    assert_contains!(
        refused(&[
            "run",
            PEER,
            "--shard",
            "0/2",
            "--save-partial",
            "p.bin",
            "--format",
            "json"
        ]),
        "--save-partial",
        "--format"
    );
    // A negative range is a range, not an unknown flag.
    let out = targetsim()
        .args([
            "goal-seek",
            PEER,
            "--target",
            "g0",
            "--probability",
            "0.5",
            "--param",
            "g0.growth.mean",
            "--range",
            "-0.5:-0.4",
            "--paths",
            "500",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("unexpected argument"), "{stderr}");
    assert_contains!(stderr, "[-0.5, -0.4]");
}

#[test]
fn endless_and_special_files_are_refused_as_inputs() {
    let zero = "/dev/zero";
    assert_contains!(refused(&["run", zero]), "/dev/zero", "not a regular file");
    assert_contains!(refused(&["merge", zero]), "/dev/zero", "not a regular file");
    assert_contains!(
        refused(&["calibrate", zero, "--indicator", "x"]),
        "/dev/zero",
        "not a regular file"
    );
    let history = one_growth(
        "base = 100\ngrowth = { dist = \"normal\", mean = 0.05, sd = 0.1 }",
        "[history]\nfile = \"/dev/zero\"\n",
    );
    assert_contains!(run_text(&history), "/dev/zero", "not a regular file");
    let firms = "[scenario]\nname = \"s\"\nbase_year = 2024\ntarget_year = 2026\n[[indicator]]\nid = \"out\"\nkind = \"growth\"\nbase = 100\ngrowth = { dist = \"normal\", mean = 0.05, sd = 0.02 }\n[[indicator]]\nid = \"big\"\nkind = \"firm_count\"\nat_least = 10\nbase = 3\n[firms]\nroster = \"/dev/zero\"\nnoise_sd = 0.1\n[[firms.sector]]\nid = \"all\"\nindicator = \"out\"\n[[target]]\nindicator = \"big\"\nop = \">=\"\nvalue = 3\n";
    let (_dir, path) = scenario_dir(("unused.csv", ""), firms);
    let stderr = usage_error(
        targetsim()
            .arg("run")
            .arg(&path)
            .timeout(Duration::from_secs(30)),
    );
    assert_contains!(stderr, "/dev/zero", "not a regular file");
}

#[test]
fn calibrating_duplicated_years_or_extreme_values_is_an_error() {
    let duplicated = "indicator,year,value,status,source\nx,2016,100,official,a\nx,2017,104,official,a\nx,2017,105,official,a\nx,2018,109,official,a\n";
    let extreme = "indicator,year,value,status,source\nx,2016,1e-308,official,a\nx,2017,1e308,official,a\nx,2018,1e-308,official,a\nx,2019,1e308,official,a\n";
    for (csv, says) in [
        (duplicated, "two full-year values for 2017"),
        (extreme, "not a finite number"),
    ] {
        let (dir, _) = scenario_dir(("h.csv", csv), "");
        let stderr = usage_error(
            targetsim()
                .arg("calibrate")
                .arg(dir.path().join("h.csv"))
                .args(["--indicator", "x"]),
        );
        assert_contains!(stderr, "h.csv", says);
    }
}

#[test]
fn outputs_never_replace_a_symlink_fifo_or_device() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("kept.txt");
    std::fs::write(&target, "keep me").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for path in [&link, &fifo] {
        let stderr = usage_error_1(
            targetsim()
                .args(["run", PEER, "--paths", "100", "--output"])
                .arg(path)
                .timeout(Duration::from_secs(30)),
        );
        assert_contains!(stderr, "not a regular file");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // `-` is standard output.
    let out = targetsim()
        .args(["run", PEER, "--paths", "100", "--output", "-"])
        .output()
        .unwrap();
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("bench-12"));
}

/// A command that fails to write its output: exit status 1, its stderr.
fn usage_error_1(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("the command runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn chart_sets_land_whole_and_replace_only_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    let run = |out: &std::path::Path| {
        targetsim()
            .args(["chart", PEER, "--paths", "500", "--out"])
            .arg(out)
            .output()
            .unwrap()
    };
    assert_success(&run(&charts));
    let first: Vec<_> = std::fs::read_dir(&charts).unwrap().collect();
    assert!(first.len() > 10);
    // Again into the same directory: files replaced, nothing left beside them.
    assert_success(&run(&charts));
    assert_eq!(std::fs::read_dir(&charts).unwrap().count(), first.len());
    let siblings: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(siblings, ["charts"], "a staging directory was left behind");
    // A file where the directory should be is an error, and stays a file.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let out = run(&file);
    assert_eq!(out.status.code(), Some(1));
    assert_contains!(String::from_utf8_lossy(&out.stderr), "not a directory");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn crafted_partial_files_are_errors_not_panics() {
    use targetsim::shard::partial::PartialRun;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("p.bin");
    let out = targetsim()
        .args([
            "run",
            COUNTS,
            "--paths",
            "5000",
            "--shard",
            "0/1",
            "--save-partial",
        ])
        .arg(&good)
        .output()
        .unwrap();
    assert_success(&out);
    let read = || PartialRun::read(&good).unwrap();
    type Craft = fn(&mut PartialRun);
    let crafts: [(&str, Craft); 7] = [
        ("fewer sums", |p| {
            p.totals.sum.pop();
        }),
        ("more targets", |p| p.totals.hits.push(1)),
        ("a hit count past the paths", |p| {
            p.totals.hits[0] = u64::MAX
        }),
        ("met counts that do not add up", |p| {
            p.totals.met_count[0] += 7
        }),
        ("an extra value in a histogram", |p| {
            p.totals.sketches[0].insert(1.0)
        }),
        ("a huge shard count", |p| p.shard.count = u64::MAX),
        ("paths past the limit", |p| p.paths = u64::MAX),
    ];
    for (what, craft) in crafts {
        let mut p = read();
        craft(&mut p);
        let bad = dir.path().join("bad.bin");
        std::fs::write(&bad, p.to_bytes()).unwrap();
        let stderr = usage_error(
            targetsim()
                .arg("merge")
                .arg(&bad)
                .timeout(Duration::from_secs(30)),
        );
        assert_contains!(stderr, "bad.bin");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    }
}

#[test]
fn goal_seek_scans_a_range_whose_ends_miss_and_says_when_p_is_not_monotone() {
    // P(high-end equipment > 4000) rises and then falls with the growth sd:
    // 0.9% at sd 0.05, 22.6% at 0.5, 1.8% at 8 (4,000 paths). An sd of 100%
    // a year and more must be declared `extreme`.
    let dir = tempfile::tempdir().unwrap();
    let extreme = dir.path().join("extreme.toml");
    std::fs::write(
        &extreme,
        format!(
            "[scenario]\nextends = \"{}\"\n[[indicator]]\nid = \"high_end_equipment_output\"\n\
             growth = {{ dist = \"lognormal\", mean = 0.0487, sd = 0.0312, mean_sd = 0.0133, extreme = true }}\n",
            crate::util::repo(COUNTS).display()
        ),
    )
    .unwrap();
    let extreme = extreme.to_str().unwrap();
    let out = targetsim()
        .args([
            "goal-seek",
            extreme,
            "--target",
            "high_end_equipment_output_4000",
            "--probability",
            "0.2",
            "--param",
            "high_end_equipment_output.growth.sd",
            "--range",
            "0:8",
            "--paths",
            "4000",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["monotone"], false);
    let value = v["value"].as_f64().unwrap();
    assert!(value > 0.0 && value < 1.0, "{value}");
    // The same paths at the value found give the probability reported.
    let paths = v["paths"].as_u64().unwrap().to_string();
    let check = targetsim()
        .args([
            "run", COUNTS, "--format", "json", "--paths", &paths, "--set",
        ])
        .arg(format!("high_end_equipment_output.growth.sd={value}"))
        .output()
        .unwrap();
    assert_success(&check);
    let run: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let p = run["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "high_end_equipment_output_4000")
        .unwrap()["probability"]
        .as_f64()
        .unwrap();
    assert_eq!(p, v["achieved"].as_f64().unwrap());
    assert!(p >= 0.2);
}

#[test]
fn compare_reports_no_all_targets_difference_between_different_target_sets() {
    let out = targetsim()
        .args([
            "compare", PEER, COUNTS, "--paths", "1000", "--format", "json",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = v["rows"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(all["id"], "all targets");
    assert!(all["scenarios"][1]["difference"].is_null(), "{all}");
}

#[test]
fn unknown_names_suggest_the_nearest_and_bad_set_values_blame_the_flag() {
    assert_contains!(
        refused(&["run", PEER, "--set", "gO.growth.mean=0.1"]),
        "--set: gO.growth.mean=0.1",
        "did you mean `g0`?",
        "(known: g0, g1"
    );
    assert_contains!(
        refused(&["run", PEER, "--set", "shock.downtrun.probability=0.1"]),
        "did you mean `downturn`?"
    );
    let stderr = refused(&["run", PEER, "--set", "g0.growth.mean=seven"]);
    assert_contains!(stderr, "--set: g0.growth.mean=seven: not a number");
    assert!(
        !stderr.contains("peer-12.toml:"),
        "blamed the scenario: {stderr}"
    );
    let text = std::fs::read_to_string(crate::util::repo(PEER))
        .unwrap()
        .replacen("indicator = \"g0\"", "indicator = \"gO\"", 1);
    let (_dir, path) = scenario_dir(("unused.csv", ""), &text);
    assert_contains!(
        usage_error(targetsim().arg("run").arg(&path)),
        "target[0].indicator: unknown indicator \"gO\"; did you mean `g0`?"
    );
    assert_contains!(
        refused(&[
            "goal-seek",
            PEER,
            "--target",
            "g9",
            "--probability",
            "0.5",
            "--param",
            "g0.growth.mean",
        ]),
        "no target \"g9\"; did you mean `g0`?"
    );
}

#[test]
fn a_report_extension_that_names_no_format_and_an_unknown_isa_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("r.pdf");
    let stderr = usage_error(
        targetsim()
            .args(["report", PEER, "--paths", "100", "--out"])
            .arg(&pdf),
    );
    assert_contains!(stderr, "--out", ".pdf is not a report format");
    assert!(!pdf.exists());
    let md = dir.path().join("r.md");
    let stderr = usage_error(
        targetsim()
            .args([
                "report", PEER, "--paths", "100", "--format", "html", "--out",
            ])
            .arg(&md),
    );
    assert_contains!(stderr, "--format");
    let stderr = usage_error(
        targetsim()
            .env("TARGETSIM_ISA", "sse9")
            .args(["run", PEER, "--paths", "100"]),
    );
    assert_contains!(stderr, "TARGETSIM_ISA", "\"sse9\"");
    assert_contains!(
        refused(&["run", PEER, "--precision", "0.5"]),
        "as a fraction",
        "0.01 = one percentage point"
    );
}
