//! What-if tools: `--set` overrides and `compare` with common random numbers.

use crate::util::{assert_success, normal_sf, targetsim};

const ONE_INDICATOR: &str = r#"[scenario]
name = "one"
base_year = 2024
target_year = 2025

[[indicator]]
id = "x"
kind = "growth"
base = 100
growth = { dist = "normal", mean = 0.05, sd = 0.04 }

[[target]]
indicator = "x"
op = ">"
value = 105
"#;

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn probability(args: &[&str], file: &std::path::Path) -> f64 {
    let out = targetsim()
        .arg("run")
        .arg(file)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["targets"][0]["probability"].as_f64().unwrap()
}

#[test]
fn set_changes_the_model_exactly_as_the_file_would() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "one.toml", ONE_INDICATOR);
    let paths = 100_000;
    // P(100 (1 + g) > 105) with g ~ N(0.03, 0.04^2) = P(Z > 0.5).
    let p = probability(&["--paths", "100000", "--set", "x.growth.mean=0.03"], &file);
    assert_within_se!("P after --set", p, normal_sf(0.5), paths);
    // Same seed and paths: exactly the numbers of the edited file.
    let edited = write(
        dir.path(),
        "edited.toml",
        &ONE_INDICATOR.replace("mean = 0.05", "mean = 0.03"),
    );
    assert_eq!(p, probability(&["--paths", "100000"], &edited));
    // Several overrides, including the target and a string.
    let q = probability(
        &[
            "--paths",
            "1000",
            "--set",
            "target.x.value=0",
            "--set",
            "x.growth.dist=lognormal",
        ],
        &file,
    );
    assert_eq!(q, 1.0);
    let json = targetsim()
        .arg("run")
        .arg(&file)
        .args(["--paths", "100", "--set", "x.base=90", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["overrides"][0], "x.base=90");
}

#[test]
fn bad_set_paths_and_values_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "one.toml", ONE_INDICATOR);
    for (set, needle) in [
        ("x.growht.mean=1", "no key `growht` here"),
        ("y.base=1", "\"y\" is not an indicator id"),
        ("x.growth.mean", "expected KEY=VALUE"),
        ("shock.none.probability=0.5", "no shock \"none\""),
    ] {
        assert_contains!(
            crate::util::usage_error(targetsim().arg("run").arg(&file).args(["--set", set])),
            "--set",
            needle
        );
    }
    // A value that breaks validation is reported at the file's own line.
    assert_contains!(
        crate::util::usage_error(
            targetsim()
                .arg("run")
                .arg(&file)
                .args(["--set", "x.growth.sd=-1"])
        ),
        "one.toml:10: indicator.x.growth.sd: sd must be >= 0"
    );
}

#[test]
fn compare_gives_paired_differences_that_match_closed_forms() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.toml", ONE_INDICATOR);
    let b = write(
        dir.path(),
        "b.toml",
        &ONE_INDICATOR
            .replace("name = \"one\"", "name = \"faster\"")
            .replace("mean = 0.05", "mean = 0.06"),
    );
    let same = write(
        dir.path(),
        "same.toml",
        &ONE_INDICATOR.replace("name = \"one\"", "name = \"same\""),
    );
    let out = targetsim()
        .arg("compare")
        .args([&a, &b, &same])
        .args(["--paths", "200000", "--format", "json", "--charts"])
        .arg(dir.path().join("charts"))
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &v["rows"][0];
    let (pa, pb) = (normal_sf(0.0), normal_sf(-0.25));
    let n = 200_000;
    assert_within_se!(
        "P(a)",
        row["scenarios"][0]["probability"].as_f64().unwrap(),
        pa,
        n
    );
    assert_within_se!(
        "P(b)",
        row["scenarios"][1]["probability"].as_f64().unwrap(),
        pb,
        n
    );
    // With common random numbers, b meets the target whenever a does: the
    // difference is P(-0.25 < Z <= 0) exactly path by path, and its paired
    // interval is far narrower than two independent runs would give.
    let d = row["scenarios"][1]["difference"].as_f64().unwrap();
    let ci = &row["scenarios"][1]["difference_ci95"];
    let half = (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0;
    let exact = pb - pa;
    assert_within_se!("difference", d, exact, n);
    let unpaired_half = 1.96 * ((pa * (1.0 - pa) + pb * (1.0 - pb)) / n as f64).sqrt();
    assert!(
        half < unpaired_half / 2.0,
        "paired half-width {half} vs unpaired {unpaired_half}"
    );
    // An identical scenario differs by exactly zero.
    assert_eq!(row["scenarios"][2]["difference"].as_f64().unwrap(), 0.0);
    assert!(
        dir.path().join("charts/compare.png").exists()
            && dir.path().join("charts/compare.svg").exists()
    );

    let table = targetsim()
        .arg("compare")
        .args([&a, &b])
        .args(["--paths", "2000"])
        .output()
        .unwrap();
    assert_contains!(
        String::from_utf8_lossy(&table.stdout),
        "compare: 2 scenarios on the same 2000 paths",
        "faster",
        "difference to one in percentage points"
    );
}

#[test]
fn extends_merges_over_the_parent_and_keeps_its_targets_file() {
    let dir = tempfile::tempdir().unwrap();
    let base = crate::util::repo("scenarios/kunshan/baseline.toml");
    let child = write(
        dir.path(),
        "child.toml",
        &format!(
            "[scenario]\nname = \"child\"\nextends = \"{}\"\n\n[[indicator]]\nid = \"ngit_output\"\ngrowth = {{ dist = \"lognormal\", mean = 0.07, sd = 0.0312, mean_sd = 0.0133 }}\n\n[[shock]]\nname = \"downturn\"\nprobability = 0.3\n",
            base.display()
        ),
    );
    let run = |file: &std::path::Path, extra: &[&str]| {
        let out = targetsim()
            .arg("run")
            .arg(file)
            .args(["--paths", "5000", "--seed", "3", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert_success(&out);
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("timing");
        v.as_object_mut().unwrap().remove("file");
        v.as_object_mut().unwrap().remove("scenario");
        v.as_object_mut().unwrap().remove("overrides");
        v
    };
    // The child equals the baseline with the same two changes made by --set.
    let merged = run(&child, &[]);
    let set = run(
        &base,
        &[
            "--set",
            "ngit_output.growth.mean=0.07",
            "--set",
            "shock.downturn.probability=0.3",
        ],
    );
    assert_eq!(merged, set);
    assert_eq!(
        merged["targets"].as_array().unwrap().len(),
        11,
        "targets come from the parent's targets file"
    );

    let bad = write(
        dir.path(),
        "bad.toml",
        &std::fs::read_to_string(&child)
            .unwrap()
            .replace("sd = 0.0312", "sd = -1"),
    );
    assert_contains!(
        crate::util::usage_error(targetsim().arg("run").arg(&bad)),
        "bad.toml (merged over",
        "indicator.ngit_output.growth.sd: sd must be >= 0"
    );

    let looped = write(
        dir.path(),
        "loop.toml",
        "[scenario]\nname = \"loop\"\nextends = \"loop.toml\"\n",
    );
    assert_contains!(
        crate::util::usage_error(targetsim().arg("run").arg(&looped)),
        "loop.toml:3: scenario.extends",
        "cycle"
    );
    let missing = write(
        dir.path(),
        "orphan.toml",
        "[scenario]\nname = \"o\"\nextends = \"nowhere.toml\"\n",
    );
    let out = targetsim().arg("run").arg(&missing).output().unwrap();
    assert_contains!(
        String::from_utf8_lossy(&out.stderr),
        "orphan.toml:3: scenario.extends: cannot read"
    );
}

#[test]
fn precision_runs_equal_plain_runs_of_the_paths_they_took() {
    let json = |args: &[&str]| -> serde_json::Value {
        let out = targetsim()
            .args(["run", "scenarios/kunshan/baseline.toml", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert_success(&out);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().unwrap().remove("timing");
        v.as_object_mut().unwrap().remove("convergence");
        v
    };
    // Reached: the widest half-width is within the request.
    let reached = json(&["--precision", "0.008"]);
    let c = reached["convergence"].clone();
    assert_eq!(c["reason"], "precision_reached");
    assert!(c["widest_half_width"].as_f64().unwrap() <= 0.008);
    let paths = c["paths"].as_u64().unwrap();
    assert_eq!(paths % 4096, 0);
    assert_eq!(
        strip(reached),
        strip(json(&["--paths", &paths.to_string()]))
    );
    // Capped at a path count that is not a whole number of blocks.
    let capped = json(&["--precision", "0.0001", "--max-paths", "10000"]);
    assert_eq!(capped["convergence"]["reason"], "path_cap_reached");
    assert_eq!(capped["paths"], 10000);
    assert_eq!(strip(capped), strip(json(&["--paths", "10000"])));
    assert_contains!(
        crate::util::usage_error(targetsim().args([
            "run",
            "scenarios/kunshan/baseline.toml",
            "--precision",
            "0"
        ])),
        "--precision"
    );
}

#[test]
fn sweep_is_monotone_in_a_growth_mean_and_matches_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = targetsim()
        .args([
            "sweep",
            "scenarios/kunshan/baseline.toml",
            "--param",
            "ngit_output.growth.mean=0.0:0.08:0.01",
            "--paths",
            "4000",
            "--format",
            "json",
            "--charts",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 9);
    let ngit: Vec<f64> = points
        .iter()
        .map(|p| p["probabilities"][0].as_f64().unwrap())
        .collect();
    // Common random numbers: each path's output rises with the mean, so the
    // probability is exactly non-decreasing, not just on average.
    assert!(ngit.windows(2).all(|w| w[0] <= w[1]), "{ngit:?}");
    assert!(ngit[0] < 0.2 && ngit[8] > 0.97, "{ngit:?}");
    // Other targets do not move at all.
    let listed: Vec<f64> = points
        .iter()
        .map(|p| p["probabilities"][7].as_f64().unwrap())
        .collect();
    assert!(listed.iter().all(|&p| p == listed[0]));
    // A point equals the plain run with that value set.
    let run = targetsim()
        .args([
            "run",
            "scenarios/kunshan/baseline.toml",
            "--paths",
            "4000",
            "--set",
            "ngit_output.growth.mean=0.03",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(points[3]["values"][0].as_f64().unwrap(), 0.03);
    assert_eq!(
        points[3]["probabilities"][0],
        r["targets"][0]["probability"]
    );
    assert!(dir.path().join("sweep.png").exists() && dir.path().join("sweep.svg").exists());

    let two = targetsim()
        .args([
            "sweep",
            "scenarios/kunshan/baseline.toml",
            "--param",
            "ngit_output.growth.mean=0.02:0.04:0.01",
            "--param",
            "shock.downturn.probability=0:0.2:0.1",
            "--paths",
            "2000",
            "--charts",
        ])
        .arg(dir.path().join("two"))
        .output()
        .unwrap();
    assert!(two.status.success());
    assert_contains!(
        String::from_utf8_lossy(&two.stdout),
        "sweep kunshan-baseline: 9 points, 2000 paths each"
    );
    assert!(dir.path().join("two/sweep-ngit_output_6000.png").exists());
    assert_eq!(
        std::fs::read_dir(dir.path().join("two")).unwrap().count(),
        22
    );

    for (param, needle) in [
        (
            "ngit_output.growth.mean=0.1:0.0:0.01",
            "STEP must be non-zero and lead from FROM to TO",
        ),
        ("ngit_output.growht.mean=0:0.1:0.05", "no key `growht` here"),
        ("ngit_output.growth.sd=-0.1:0:0.1", "sd must be >= 0"),
    ] {
        assert_contains!(
            crate::util::usage_error(targetsim().args([
                "sweep",
                "scenarios/kunshan/baseline.toml",
                "--paths",
                "100",
                "--param",
                param,
            ])),
            needle
        );
    }
}

#[test]
fn goal_seek_finds_the_closed_form_mean_and_says_when_none_exists() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "one.toml", ONE_INDICATOR);
    let out = targetsim()
        .arg("goal-seek")
        .arg(&file)
        .args([
            "--target",
            "x",
            "--probability",
            "0.8",
            "--param",
            "x.growth.mean",
            "--paths",
            "100000",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // P(100 (1 + g) > 105) = 0.8 with g ~ N(m, 0.04^2): m = 0.05 + 0.04 z_0.8.
    let exact = 0.05 + 0.04 * 0.841_621_233_572_914_3;
    let found = v["value"].as_f64().unwrap();
    // SE of the root: SE(p) / |dP/dm| = sqrt(0.16 / n) / (phi(z_0.8) / 0.04).
    let se = (0.16f64 / 100_000.0).sqrt() / (0.279_962_428_2 / 0.04);
    assert!(
        (found - exact).abs() < 5.0 * se + v["bracket_width"].as_f64().unwrap(),
        "{found} vs {exact} (SE {se})"
    );
    assert!(v["achieved"].as_f64().unwrap() >= 0.8);
    assert!(v["simulations"].as_u64().unwrap() < 40);

    assert_contains!(
        crate::util::usage_error(targetsim().args([
            "goal-seek",
            "scenarios/kunshan/baseline.toml",
            "--target",
            "listed_companies_80",
            "--probability",
            "0.8",
            "--param",
            "listed_companies.exits.mean",
            "--paths",
            "2000",
        ])),
        "no value of listed_companies.exits.mean in [0, 0.5]"
    );
    assert_contains!(
        crate::util::usage_error(targetsim().arg("goal-seek").arg(&file).args([
            "--target",
            "y",
            "--probability",
            "0.5",
            "--param",
            "x.base"
        ])),
        "no target \"y\"",
        "(known: x)"
    );
}

/// The growth mean `m` at which `P(100 g > 105) = 0.8` for a lognormal
/// yearly factor `g` of mean `1 + m` and sd 0.04 (the scenario format's
/// parameters): `ln 1.05 = mu(m) - z_0.8 s(m)`, solved by bisection.
fn lognormal_root() -> f64 {
    let z = 0.841_621_233_572_914_3;
    let gap = |m: f64| {
        let s2 = (0.04f64 * 0.04 / ((1.0 + m) * (1.0 + m))).ln_1p();
        let mu = m.ln_1p() - s2 / 2.0;
        mu - z * s2.sqrt() - 1.05f64.ln()
    };
    let (mut lo, mut hi) = (0.0, 0.2);
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if gap(mid) < 0.0 { lo = mid } else { hi = mid }
    }
    (lo + hi) / 2.0
}

#[test]
fn adaptive_goal_seek_lands_within_its_interval_of_the_exact_root_on_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let text = ONE_INDICATOR.replace("dist = \"normal\"", "dist = \"lognormal\"");
    let file = write(dir.path(), "one.toml", &text);
    let seek = |threads: &str| {
        let out = targetsim()
            .arg("goal-seek")
            .arg(&file)
            .args([
                "--target",
                "x",
                "--probability",
                "0.8",
                "--param",
                "x.growth.mean",
                "--paths",
                "400000",
                "--tolerance",
                "0.0004",
                "--threads",
                threads,
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert_success(&out);
        out.stdout
    };
    let one = seek("1");
    assert_eq!(one, seek("2"), "the same answer on 1 and 2 threads");
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    let exact = lognormal_root();
    let [lo, hi] = [0, 1].map(|k| v["interval"][k].as_f64().unwrap());
    assert!(lo <= exact && exact <= hi, "{exact} outside [{lo}, {hi}]");
    assert!((hi - lo) / 2.0 <= 0.0004, "[{lo}, {hi}] wider than asked");
    // It stopped adding paths once precise enough: the root's SE at n
    // paths is about sqrt(0.16 / n) / 7 (dP/dm = phi(z_0.8) / s, nearly
    // 0.28 / 0.04), so +-0.0004 needs about 80,000 paths: the level of
    // 100,000, short of the 400,000 allowed; and the early levels were cheap.
    let paths = v["paths"].as_u64().unwrap();
    assert!((6_250..400_000).contains(&paths), "{paths}");
    let simulations = v["simulations"].as_u64().unwrap();
    let total = v["total_paths"].as_u64().unwrap();
    assert!(
        total < simulations * paths,
        "{total} paths in {simulations} simulations"
    );
}

#[test]
fn a_what_if_on_a_target_no_firm_reads_skips_the_firms_and_gets_the_same_answer() {
    use targetsim::engine::{Plan, RunConfig, Summary, sampling::Sampling, simulate};
    let mut model =
        targetsim::scenario::load(std::path::Path::new("scenarios/kunshan/baseline.toml")).unwrap();
    model.targets.retain(|t| t.id == "listed_companies_80");
    let config = |summary| RunConfig {
        paths: 3_000,
        seed: 7,
        threads: Some(2),
        sampling: Sampling::Mc,
        summary,
    };
    let targets_only = Plan::new(&model)
        .sampled(&config(Summary::Targets))
        .unwrap();
    assert!(targets_only.firms.is_none(), "no target reads the firms");
    let full = Plan::new(&model).sampled(&config(Summary::Full)).unwrap();
    assert!(
        full.firms.is_some(),
        "a full summary records the firm tiers"
    );
    let quick = simulate(&model, &config(Summary::Targets)).unwrap().totals;
    let whole = simulate(&model, &config(Summary::Full)).unwrap().totals;
    assert_eq!(quick.hits, whole.hits);
    assert!(quick.hits[0] > 0);
}

#[test]
fn sensitivity_ranks_the_single_driver_first() {
    let dir = tempfile::tempdir().unwrap();
    // x alone drives its target; y, a count and a shock on y do not.
    let text = format!(
        "{ONE_INDICATOR}\n[[indicator]]\nid = \"y\"\nkind = \"growth\"\nbase = 50\ngrowth = {{ dist = \"lognormal\", mean = 0.03, sd = 0.05 }}\n\n[[indicator]]\nid = \"n\"\nkind = \"count\"\nbase = 10\nadditions = {{ dist = \"poisson\", mean = 3 }}\n\n[[shock]]\nname = \"s\"\nprobability = 0.2\nimpact = {{ y = -0.1 }}\n"
    );
    let file = write(dir.path(), "driver.toml", &text);
    let out = targetsim()
        .arg("sensitivity")
        .arg(&file)
        .args(["--paths", "20000", "--format", "json", "--charts"])
        .arg(dir.path().join("charts"))
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let inputs = v["inputs"].as_array().unwrap();
    let keys: Vec<&str> = inputs.iter().map(|i| i["key"].as_str().unwrap()).collect();
    for k in [
        "x.growth.mean",
        "x.growth.sd",
        "y.growth.mean",
        "n.additions.mean",
        "shock.s.probability",
    ] {
        assert!(keys.contains(&k), "{k} not swung: {keys:?}");
    }
    // The widest bar is x's mean: +-1 sd moves P(g > 0.05) from P(Z > 1) to P(Z > -1).
    let spread = |i: &serde_json::Value| {
        let p = i["probabilities"].as_array().unwrap();
        (p[4][0].as_f64().unwrap() - p[0][0].as_f64().unwrap()).abs()
    };
    let top = inputs
        .iter()
        .max_by(|a, b| spread(a).total_cmp(&spread(b)))
        .unwrap();
    assert_eq!(top["key"], "x.growth.mean");
    // Its effect (+68 points) is told apart from every other input's at
    // the first level, a sixteenth of the paths.
    let n = top["paths"].as_u64().unwrap();
    assert_eq!(n, 1250);
    let p = top["probabilities"].as_array().unwrap();
    assert_within_se!("P at -1 sd", p[0][0].as_f64().unwrap(), normal_sf(1.0), n);
    assert_within_se!("P at +1 sd", p[4][0].as_f64().unwrap(), normal_sf(-1.0), n);
    // Inputs of other indicators cannot move the target: they are not
    // simulated for it, and it keeps the reference's probability exactly.
    for key in ["y.growth.mean", "n.additions.mean", "shock.s.probability"] {
        let input = inputs.iter().find(|i| i["key"] == key).unwrap();
        assert_eq!(input["moves"], serde_json::json!([]), "{key}");
        assert_eq!(spread(input), 0.0, "{key}");
        assert_eq!(input["probabilities"][0][0], v["base"][0], "{key}");
    }
    // x's sd moves the target: its 95% half-width is that of a spread.
    let sd = inputs.iter().find(|i| i["key"] == "x.growth.sd").unwrap();
    assert_eq!(sd["moves"], serde_json::json!([0]));
    assert!(sd["spread_half_widths"][0].as_f64().unwrap() > 0.0);
    // The base alone took 20,000 paths; no swing took more.
    let simulated = v["paths_simulated"].as_u64().unwrap();
    assert!(
        (20_000..5 * 4 * 20_000).contains(&simulated),
        "{simulated} paths simulated"
    );
    // The drawn x growth is what correlates with meeting the target.
    let ranks = v["rank_correlations"].as_array().unwrap();
    let x_rank = ranks.iter().find(|r| r["input"] == "x growth").unwrap()["with_targets"][0]
        .as_f64()
        .unwrap();
    assert!(x_rank > 0.8, "{x_rank}");
    for r in ranks.iter().filter(|r| r["input"] != "x growth") {
        assert!(r["with_targets"][0].as_f64().unwrap().abs() < 0.05, "{r}");
    }
    assert!(
        dir.path().join("charts/tornado-x.png").exists()
            && dir.path().join("charts/spider-x.svg").exists()
    );
}

#[test]
fn a_sweep_table_fits_120_columns_and_keeps_every_target() {
    let out = targetsim()
        .args([
            "sweep",
            "benches/scenarios/kunshan-counts.toml",
            "--param",
            "ngit_output.growth.mean=0.03:0.07:0.02",
            "--paths",
            "300",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(
            line.chars().count() <= 120,
            "{} wide: {line}",
            line.chars().count()
        );
    }
    assert_contains!(
        text,
        "ngit_output_6000",
        "village_income_1300",
        "all targets"
    );
    // Every block repeats the parameter's values.
    assert!(
        text.matches("ngit_output.growth.mean").count() >= 2,
        "{text}"
    );
}

/// Two independent indicators, each with a target, and a shock on y.
const TWO_TARGETS: &str = r#"[scenario]
name = "two"
base_year = 2024
target_year = 2025

[[indicator]]
id = "x"
kind = "growth"
base = 100
growth = { dist = "normal", mean = 0.05, sd = 0.04 }

[[indicator]]
id = "y"
kind = "growth"
base = 100
growth = { dist = "normal", mean = 0.02, sd = 0.02 }

[[shock]]
name = "s"
probability = 0.2
impact = { y = -0.02 }

[[target]]
id = "x_target"
indicator = "x"
op = ">"
value = 105

[[target]]
id = "y_target"
indicator = "y"
op = ">"
value = 102
"#;

/// The sensitivity of the second target alone swings the inputs that move
/// it (y's growth and the shock on y) against their closed forms, and the
/// adaptive answer is the same on one thread and on two.
#[test]
fn sensitivity_of_one_target_follows_its_own_inputs_on_any_threads() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "two.toml", TWO_TARGETS);
    let json = |threads: &str| {
        let out = targetsim()
            .arg("sensitivity")
            .arg(&file)
            .args(["--target", "y_target", "--paths", "40000"])
            .args(["--threads", threads, "--format", "json"])
            .output()
            .unwrap();
        assert_success(&out);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let v = json("1");
    assert_eq!(v, json("2"), "one thread and two differ");
    let input = |key: &str| {
        v["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == key)
            .unwrap_or_else(|| panic!("{key} not swung"))
            .clone()
    };
    // P(y > 102) = 0.8 P(g > 0.02) + 0.2 P(g > 0.04), g ~ N(mean, 0.02^2).
    let p =
        |mean: f64| 0.8 * normal_sf((0.02 - mean) / 0.02) + 0.2 * normal_sf((0.04 - mean) / 0.02);
    let mean = input("y.growth.mean");
    let n = mean["paths"].as_u64().unwrap();
    for (k, m) in [(0, 0.0), (4, 0.04)] {
        assert_within_se!(
            &format!("P(y > 102) at mean {m}"),
            mean["probabilities"][k][0].as_f64().unwrap(),
            p(m),
            n
        );
    }
    // The shock's probability, 0.15 to 0.25: a spread of 0.1 (P(g > 0.02)
    // - P(g > 0.04)) = 0.034, within its reported half-width.
    let shock = input("shock.s.probability");
    let spread = shock["probabilities"][4][0].as_f64().unwrap()
        - shock["probabilities"][0][0].as_f64().unwrap();
    let exact = -0.1 * (normal_sf(0.0) - normal_sf(1.0));
    let half_width = shock["spread_half_widths"][0].as_f64().unwrap();
    assert!(
        (spread - exact).abs() <= 5.0 / 1.96 * half_width.max(1e-3),
        "spread {spread}, exact {exact}, half-width {half_width}"
    );
    // x's inputs cannot move y's target.
    assert_eq!(input("x.growth.mean")["moves"], serde_json::json!([]));
    assert_eq!(input("y.growth.sd")["moves"], serde_json::json!([0]));
}

/// A sweep whose points are told apart on a sixteenth of its paths stops
/// there; one whose neighbours are close runs on all of them; both the
/// same on one thread and on two.
#[test]
fn a_sweep_stops_adding_paths_once_its_points_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "two.toml", TWO_TARGETS);
    let sweep = |grid: &str, threads: &str| {
        let out = targetsim()
            .arg("sweep")
            .arg(&file)
            .args(["--param", grid, "--paths", "16000", "--threads", threads])
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_success(&out);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    // P(y > 102) at means -0.04, 0 and 0.04: about 0.1%, 13% and 80%.
    let wide = sweep("y.growth.mean=-0.04:0.04:0.04", "1");
    assert_eq!(wide, sweep("y.growth.mean=-0.04:0.04:0.04", "2"));
    assert_eq!(
        (wide["paths"].as_u64(), wide["max_paths"].as_u64()),
        (Some(1000), Some(16000))
    );
    // x's target does not depend on y: the same at every point.
    let x: Vec<f64> = (0..3)
        .map(|k| wide["points"][k]["probabilities"][0].as_f64().unwrap())
        .collect();
    assert!(x.iter().all(|&p| p == x[0]), "{x:?}");
    let close = sweep("y.growth.mean=0.02:0.022:0.001", "1");
    assert_eq!(close, sweep("y.growth.mean=0.02:0.022:0.001", "2"));
    assert_eq!(close["paths"].as_u64(), Some(16000));
}

/// Which Kunshan targets each kind of input can move: the firm tiers move
/// with the sectors' growth, the shocks on them, the correlations between
/// two sectors and the firm parameters, and with nothing else; with a
/// nowcast's bounds, everything moves everything.
#[test]
fn inputs_move_the_targets_their_indicators_reach() {
    use targetsim::whatif::dependence::targets_moved_by;
    let model = |file: &str| {
        targetsim::scenario::Sources::read(&crate::util::repo(file))
            .unwrap()
            .model()
            .unwrap()
    };
    let m = model("scenarios/kunshan/baseline.toml");
    let moved = |key: &str| -> Vec<String> {
        targets_moved_by(&m, key)
            .into_iter()
            .map(|t| m.targets[t].id.clone())
            .collect()
    };
    let firms = [
        "firms_over_100bn_3",
        "firms_over_10bn_30",
        "firms_over_1bn_150",
        "above_size_industrial_firms_3500",
    ];
    assert_eq!(moved("ngit_output.growth.mean")[0], "ngit_output_6000");
    assert_eq!(moved("ngit_output.growth.mean")[1..], firms);
    assert_eq!(moved("firms.entry.rate"), firms);
    assert_eq!(
        moved("correlation.other_industrial_output~ngit_output.rho"),
        firms
    );
    assert!(moved("correlation.per_capita_disposable_income~ngit_output.rho").is_empty());
    assert_eq!(
        moved("listed_companies.additions.mean"),
        ["listed_companies_80"]
    );
    assert_eq!(
        moved("per_capita_disposable_income.growth.sd"),
        ["per_capita_income_85000"]
    );
    let downturn = moved("shock.downturn.probability");
    assert!(downturn.contains(&"listed_companies_80".to_string()));
    assert!(downturn.contains(&"firms_over_100bn_3".to_string()));
    assert!(!downturn.contains(&"per_capita_income_85000".to_string()));
    let nowcast = model("scenarios/kunshan/nowcast-2024.toml");
    assert_eq!(
        targets_moved_by(&nowcast, "listed_companies.additions.mean").len(),
        nowcast.targets.len()
    );
}
