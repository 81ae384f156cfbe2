//! Every class of bad input gives a located, readable error and exit status 2.

use crate::util::targetsim;
use std::path::Path;
use targetsim::scenario;

const GOOD: &str = r#"[scenario]
name = "e"
base_year = 2021
target_year = 2025

[[indicator]]
id = "x"
kind = "growth"
base = 100
growth = { dist = "normal", mean = 0.05, sd = 0.04 }

[[indicator]]
id = "y"
kind = "growth"
base = 50
growth = { dist = "normal", mean = 0.05, sd = 0.04 }

[[indicator]]
id = "n"
kind = "count"
base = 40
additions = { dist = "poisson", mean = 8.0 }

[[target]]
indicator = "x"
op = ">"
value = 120
"#;

/// Load `text`, expect an error, and check it names `err.toml:LINE` and
/// contains every needle.
macro_rules! assert_scenario_error {
    ($text:expr, $line:expr, $($needle:expr),+ $(,)?) => {{
        let text: String = $text;
        let err = match scenario::load_str(Path::new("err.toml"), &text) {
            Ok(_) => panic!("expected an error for:\n{text}"),
            Err(e) => e.to_string(),
        };
        assert_contains!(err, &format!("err.toml:{}", $line), $($needle),+);
    }};
}

fn with(replace: &str, by: &str) -> String {
    assert!(
        GOOD.contains(replace),
        "test setup: {replace:?} not in GOOD"
    );
    GOOD.replacen(replace, by, 1)
}

fn plus(extra: &str) -> String {
    format!("{GOOD}\n{extra}")
}

#[test]
fn the_base_scenario_is_valid() {
    scenario::load_str(Path::new("err.toml"), GOOD).unwrap();
}

#[test]
fn toml_syntax_and_types() {
    assert_scenario_error!(with("base = 100", "base = 100 100"), 9, "base = 100 100");
    assert_scenario_error!(
        with("base = 100", "base = \"lots\""),
        9,
        "invalid type",
        "base = \"lots\""
    );
    assert_scenario_error!(
        with("kind = \"count\"", "kind = \"count\"\nlable = \"typo\""),
        21,
        "unknown field `lable`"
    );
    assert_scenario_error!(
        with("mean = 8.0 }", "mean = 8.0, sd = 2 }"),
        22,
        "additions.sd",
        "does not take `sd`"
    );
    assert_scenario_error!(with("name = \"e\"\n", ""), 1, "missing field `name`");
}

#[test]
fn unknown_references() {
    assert_scenario_error!(
        with("indicator = \"x\"", "indicator = \"z\""),
        25,
        "target[0].indicator",
        "unknown indicator \"z\""
    );
    assert_scenario_error!(
        plus("[[correlation]]\nbetween = [\"x\", \"q\"]\nrho = 0.5"),
        30,
        "correlation[0].between",
        "unknown indicator \"q\""
    );
    assert_scenario_error!(
        plus("[[shock]]\nname = \"s\"\nprobability = 0.1\nimpact = { w = -0.1 }"),
        32,
        "shock.s.impact.w",
        "unknown indicator \"w\""
    );
    assert_scenario_error!(
        plus("[[correlation]]\nbetween = [\"x\", \"n\"]\nrho = 0.5"),
        30,
        "\"n\" is a count indicator"
    );
}

#[test]
fn duplicates() {
    assert_scenario_error!(
        with("id = \"y\"", "id = \"x\""),
        13,
        "indicator.x",
        "duplicate indicator id"
    );
    assert_scenario_error!(
        plus("[[target]]\nindicator = \"x\"\nop = \">\"\nvalue = 120"),
        29,
        "duplicate target id \"x@2025\""
    );
    assert_scenario_error!(
        plus(
            "[[correlation]]\nbetween = [\"x\", \"y\"]\nrho = 0.5\n[[correlation]]\nbetween = [\"y\", \"x\"]\nrho = 0.2"
        ),
        33,
        "already correlated"
    );
}

#[test]
fn invalid_numbers() {
    assert_scenario_error!(
        with("sd = 0.04 }", "sd = -0.04 }"),
        10,
        "indicator.x.growth.sd",
        "sd must be >= 0, got -0.04"
    );
    assert_scenario_error!(
        with("mean = 8.0", "mean = -8.0"),
        22,
        "indicator.n.additions.mean",
        "mean must be >= 0"
    );
    assert_scenario_error!(
        plus("[[shock]]\nname = \"s\"\nprobability = 1.5\nimpact = { x = -0.1 }"),
        31,
        "shock.s.probability",
        "between 0 and 1, got 1.5"
    );
    assert_scenario_error!(
        plus("[[correlation]]\nbetween = [\"x\", \"y\"]\nrho = 1.2"),
        31,
        "correlation[0].rho",
        "between -1 and 1"
    );
    assert_scenario_error!(
        with(
            "growth = { dist = \"normal\", mean = 0.05, sd = 0.04 }",
            "growth = { dist = \"pert\", min = 0.1, mode = 0.0, max = 0.2 }"
        ),
        10,
        "growth.mode",
        "min (0.1) must not exceed mode (0)"
    );
    assert_scenario_error!(
        with("value = 120", "value = nan"),
        27,
        "target[0].value",
        "finite"
    );
    assert_scenario_error!(
        with("base = 100", "base = inf"),
        9,
        "indicator.x.base",
        "finite"
    );
    assert_scenario_error!(
        with("mean = 0.05, sd = 0.04 }", "mean = inf, sd = 0.04 }"),
        10,
        "growth.mean",
        "finite"
    );
    assert_scenario_error!(with("base = 40", "base = 40.5"), 21, "whole number");
    assert_scenario_error!(
        with("dist = \"poisson\"", "dist = \"poison\""),
        22,
        "unknown count distribution \"poison\"",
        "poisson, negative_binomial, fixed"
    );
    assert_scenario_error!(
        with(
            "growth = { dist = \"normal\", mean = 0.05, sd = 0.04 }",
            "growth = { dist = \"student_t\", mean = 0.05, sd = 0.04, df = 2 }"
        ),
        10,
        "growth.df",
        "df must be > 2"
    );
}

#[test]
fn non_psd_correlation_names_the_indicators() {
    let text = with(
        "[[indicator]]\nid = \"n\"",
        "[[indicator]]\nid = \"z\"\nkind = \"growth\"\nbase = 1\ngrowth = { dist = \"normal\", mean = 0, sd = 0.1 }\n\n[[indicator]]\nid = \"n\"",
    ) + "\n[[correlation]]\nbetween = [\"x\", \"y\"]\nrho = 0.9\n[[correlation]]\nbetween = [\"y\", \"z\"]\nrho = 0.9\n[[correlation]]\nbetween = [\"x\", \"z\"]\nrho = -0.9\n";
    assert_scenario_error!(
        text,
        35,
        "correlations among x, y, z contradict each other",
        "not positive semi-definite"
    );
}

#[test]
fn years_out_of_range() {
    assert_scenario_error!(
        with("value = 120", "value = 120\nyear = 2030"),
        28,
        "target[0].year",
        "year 2030 is not a simulated year (2022..=2025)"
    );
    assert_scenario_error!(
        with("value = 120", "value = 120\nyear = 2021"),
        28,
        "not a simulated year"
    );
    assert_scenario_error!(
        with(
            "sd = 0.04 }\n",
            "sd = 0.04 }\ngrowth_by_year = { 2019 = { dist = \"fixed\", value = 0 } }\n"
        ),
        11,
        "growth_by_year.2019"
    );
    assert_scenario_error!(
        plus("[[shock]]\nname = \"s\"\nprobability = 0.1\nyears = [2026]\nimpact = { x = -0.1 }"),
        32,
        "shock.s.years",
        "year 2026"
    );
    assert_scenario_error!(
        with("target_year = 2025", "target_year = 2020"),
        4,
        "scenario.target_year",
        "must be after base_year (2021)"
    );
    assert_scenario_error!(
        with("base_year = 2021", "base_year = 20210"),
        3,
        "scenario.base_year",
        "outside"
    );
}

#[test]
fn empty_binary_and_missing_files_via_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "  \n").unwrap();
    let binary = dir.path().join("binary.toml");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 1, 2]).unwrap();
    let missing_targets = dir.path().join("t.toml");
    std::fs::write(
        &missing_targets,
        GOOD.replace(
            "target_year = 2025",
            "target_year = 2025\ntargets = \"nowhere.toml\"",
        ),
    )
    .unwrap();
    for (path, needle) in [
        (empty, "the file is empty"),
        (binary, "not a text file"),
        (dir.path().join("absent.toml"), "cannot read"),
        (
            missing_targets.clone(),
            "t.toml:5: scenario.targets: cannot read targets file",
        ),
    ] {
        let out = targetsim().arg("run").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_contains!(stderr, needle, &file_name);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn errors_in_a_targets_file_name_that_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("targets.toml"),
        "[[target]]\nindicator = \"x\"\nop = \"=>\"\nvalue = 1\n",
    )
    .unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        GOOD.replace(
            "target_year = 2025",
            "target_year = 2025\ntargets = \"targets.toml\"",
        ),
    )
    .unwrap();
    assert_contains!(
        crate::util::usage_error(targetsim().arg("run").arg(&scenario)),
        "targets.toml:3: target[0].op",
        "unknown comparison \"=>\""
    );
}

#[test]
fn bad_flags_exit_2_without_output() {
    for args in [
        vec!["run", "scenarios/kunshan/baseline.toml", "--paths", "0"],
        vec!["run", "scenarios/kunshan/baseline.toml", "--threads", "0"],
        vec!["run", "scenarios/kunshan/baseline.toml", "--format", "xml"],
        vec!["run", "scenarios/kunshan/baseline.toml", "--paths", "many"],
    ] {
        let out = targetsim().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("--paths")
                || stderr.contains("--threads")
                || stderr.contains("--format"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn calibrating_a_series_whose_growth_overflows_is_an_error() {
    let csv = "indicator,year,value,status,source\nx,2016,1e-300,official,a\nx,2017,1e300,official,a\nx,2018,1e-300,official,a\nx,2019,1e300,official,a\n";
    let (dir, _) = crate::util::scenario_dir(("over.csv", csv), "");
    for fit in ["lognormal", "normal", "student-t"] {
        let stderr = crate::util::usage_error(
            targetsim()
                .arg("calibrate")
                .arg(dir.path().join("over.csv"))
                .args(["--indicator", "x", "--fit", fit]),
        );
        assert_contains!(stderr, "over.csv", "not a finite number");
    }
}

#[test]
fn a_shock_that_scales_a_count_past_its_sampler_is_an_error() {
    let (_dir, path) = crate::util::scenario_dir(
        ("unused.csv", ""),
        r#"
[scenario]
name = "s"
base_year = 2024
target_year = 2026
[[indicator]]
id = "c"
kind = "count"
base = 0
additions = { dist = "poisson", mean = 1 }
[[shock]]
name = "boom"
probability = 1
impact = { c = 1e20 }
[[target]]
indicator = "c"
op = ">"
value = 1
"#,
    );
    let stderr = crate::util::usage_error(targetsim().arg("run").arg(&path));
    assert_contains!(stderr, "s.toml:", "indicator.c.additions", "1e20");
}

#[test]
fn a_partial_file_announcing_a_huge_payload_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let partial = dir.path().join("p.bin");
    let out = targetsim()
        .args([
            "run",
            "benches/scenarios/peer-12.toml",
            "--paths",
            "100",
            "--shard",
            "0/1",
        ])
        .arg("--save-partial")
        .arg(&partial)
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let mut bytes = std::fs::read(&partial).unwrap();
    for announced in [u64::MAX, u64::MAX - 23, 1 << 40] {
        bytes[12..20].copy_from_slice(&announced.to_le_bytes());
        std::fs::write(&partial, &bytes).unwrap();
        let stderr = crate::util::usage_error(targetsim().arg("merge").arg(&partial));
        assert_contains!(stderr, "p.bin", "truncated or padded");
    }
}

#[test]
fn growth_written_in_percent_is_refused_with_the_fraction_it_likely_means() {
    assert_scenario_error!(
        with("mean = 0.05, sd = 0.04 }", "mean = 5.5, sd = 0.04 }"),
        10,
        "x.growth.mean",
        "550% a year",
        "For 5.5% write 0.055",
        "extreme = true"
    );
    assert_scenario_error!(
        with("mean = 0.05, sd = 0.04 }", "mean = 0.05, sd = 3 }"),
        10,
        "x.growth.sd",
        "300% a year"
    );
    // Said to be meant, it runs.
    let meant = with(
        "mean = 0.05, sd = 0.04 }",
        "mean = 1.5, sd = 0.04, extreme = true }",
    );
    assert!(scenario::load_str(Path::new("err.toml"), &meant).is_ok());
    // Only growth tables take it.
    assert_scenario_error!(
        with("mean = 8.0 }", "mean = 8.0, extreme = true }"),
        22,
        "additions.extreme",
        "for growth tables"
    );
}
