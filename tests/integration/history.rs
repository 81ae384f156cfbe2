//! History: calibration, nowcasts (`--as-of`), parameter uncertainty and
//! backtests, each against a known answer.

use crate::util::{assert_success, model, normal_sf, probability, run, targetsim, usage_error};
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;
use targetsim::engine::path::{PathScratch, simulate_conditioned, simulate_path};
use targetsim::engine::{Plan, RunConfig, simulate};
use targetsim::io::SourceFile;
use targetsim::observed::backtest::Backtest;
use targetsim::observed::calibrate::{Fit, calibrate};
use targetsim::observed::history_file::parse;
use targetsim::scenario;

/// Rows of an observations CSV in memory.
fn rows(text: &str) -> Vec<targetsim::observed::history_file::SeriesObservation> {
    parse(&SourceFile {
        path: "synthetic.csv".into(),
        text: text.to_string(),
        merged_with: None,
    })
    .expect("valid CSV")
}

/// `n` yearly levels from log growth N(mu, s^2), as CSV rows of series `x`.
fn synthetic_levels(mu: f64, s: f64, n: usize, keep: impl Fn(usize) -> bool) -> String {
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
    let mut csv = String::from("indicator,year,value,status,source\n");
    let mut level = 100.0f64;
    for k in 0..=n {
        if keep(k) {
            csv += &format!("x,{},{level},official,synthetic\n", 1000 + k);
        }
        let z: f64 = rng.sample(StandardNormal);
        level *= (mu + s * z).exp();
    }
    csv
}

#[test]
fn calibration_recovers_known_parameters_from_a_long_series() {
    let (mu, s, n) = (0.05, 0.03, 1500);
    // Every year, and every third year only (intervals of 3 years).
    for (every, keep) in [(1usize, 1usize), (3, 3)] {
        let data = rows(&synthetic_levels(mu, s, n, |k| k % keep == 0));
        let c = calibrate(&data, "x", Fit::Lognormal, None, (None, None)).unwrap();
        let years = (n / every * every) as f64;
        let intervals = (n / every) as f64;
        let se_mean = s / years.sqrt();
        let se_sd = s / (2.0 * (intervals - 1.0)).sqrt();
        assert!(
            (c.log_mean - mu).abs() < 5.0 * se_mean,
            "every {every}: mean {} vs {mu} (SE {se_mean})",
            c.log_mean
        );
        assert!(
            (c.log_sd - s).abs() < 5.0 * se_sd,
            "every {every}: sd {} vs {s} (SE {se_sd})",
            c.log_sd
        );
        // The standard error it carries is s / sqrt(years observed).
        assert!((c.mean_sd - c.log_sd / years.sqrt()).abs() < 1e-12);
        // The scenario's lognormal parameters are the moments of g.
        let g_mean = (c.log_mean + c.log_sd * c.log_sd / 2.0).exp_m1();
        assert!((c.mean - g_mean).abs() < 1e-12);
    }
    // A normal fit of growth rates, and a Student-t fit that finds heavy tails.
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
    let mut csv = String::from("indicator,year,value,unit,status,source\n");
    let t = statrs::distribution::StudentsT::new(0.04, 0.02, 3.0).unwrap();
    for k in 0..2000 {
        let u: f64 = rng.random();
        let g = statrs::distribution::ContinuousCDF::inverse_cdf(&t, u);
        csv += &format!("g,{},{g},ratio,official,synthetic\n", 1000 + k);
    }
    let c = calibrate(&rows(&csv), "g", Fit::StudentT, None, (None, None)).unwrap();
    assert!((3.0..=4.0).contains(&c.df.unwrap()), "df {:?}", c.df);
    assert!((c.mean - 0.04).abs() < 0.002, "location {}", c.mean);
    let (d, p) = c.ks.unwrap();
    assert!(p > 0.01, "the t fit should not be rejected: D {d}, p {p}");
    let normal = calibrate(&rows(&csv), "g", Fit::Normal, None, (None, None)).unwrap();
    assert!(
        normal.ks.unwrap().1 < p,
        "a normal fits heavy-tailed data worse than the t"
    );
}

#[test]
fn calibration_refuses_what_it_cannot_fit() {
    let data = rows(
        "indicator,year,value,status,source\n\
         x,2016,100,official,a\nx,2018,110,lower_bound,b\nx,2021,150,official,c\nx,2022H1,80,partial,d\n",
    );
    let err = calibrate(&data, "x", Fit::Lognormal, None, (None, None)).unwrap_err();
    assert!(
        err.contains("one interval (2016-2021)") && err.contains("--sd"),
        "{err}"
    );
    let c = calibrate(&data, "x", Fit::Lognormal, Some(0.02), (None, None)).unwrap();
    assert!((c.log_mean - 1.5f64.ln() / 5.0).abs() < 1e-12);
    // The lower bound and the half-year figure are reported, not used.
    assert_eq!(c.skipped.len(), 2);
    let err = calibrate(&data, "y", Fit::Lognormal, None, (None, None)).unwrap_err();
    assert!(
        err.contains("no rows for \"y\"") && err.contains("x"),
        "{err}"
    );
}

const NOWCAST: &str = r#"
    [scenario]
    name = "nc"
    base_year = 2021
    target_year = 2026
    [history]
    file = "obs.csv"
    [[indicator]]
    id = "out"
    kind = "growth"
    base = 100
    series = "out"
    growth = { dist = "lognormal", mean = 0.05, sd = 0.04, mean_sd = 0.01 }
    [[indicator]]
    id = "inc"
    kind = "growth"
    base = 50
    series = "inc"
    growth = { dist = "normal", mean = 0.06, sd = 0.02 }
    [[indicator]]
    id = "firms"
    kind = "count"
    base = 40
    series = "firms"
    additions = { dist = "poisson", mean = 5 }
    exits = { dist = "poisson", mean = 1 }
    [[correlation]]
    between = ["out", "inc"]
    rho = 0.5
    [[shock]]
    name = "slump"
    probability = 0.2
    years = [2024, 2025]
    impact = { out = -0.05, firms = -0.5 }
    [[target]]
    indicator = "out"
    op = ">="
    value = 130
    [[target]]
    indicator = "inc"
    op = ">="
    value = 72
    [[target]]
    indicator = "firms"
    op = ">="
    value = 60
"#;

/// A scenario with its observations file beside it.
fn scenario_with(obs: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    crate::util::scenario_dir(("obs.csv", obs), text)
}

fn config(paths: u64, seed: u64) -> RunConfig {
    RunConfig {
        paths,
        seed,
        threads: Some(2),
        sampling: Default::default(),
        summary: Default::default(),
    }
}

#[test]
fn a_nowcast_from_an_observed_year_equals_a_fresh_scenario_starting_there() {
    let obs = "indicator,year,value,status,source\n\
               out,2022,104,official,a\nout,2023,111.5,official,a\n\
               inc,2023,56.25,preliminary,b\nfirms,2023,47,official,c\n";
    let (_dir, path) = scenario_with(obs, NOWCAST);
    let mut sources = scenario::Sources::read(&path).unwrap();
    sources.set_as_of(2023);
    let nowcast = sources.model().unwrap();
    let fresh_text = NOWCAST
        .replace("base_year = 2021", "base_year = 2023")
        .replace("base = 100", "base = 111.5")
        .replace("base = 50", "base = 56.25")
        .replace("base = 40", "base = 47");
    let (_dir2, fresh_path) = scenario_with(obs, &fresh_text);
    let fresh = scenario::load(&fresh_path).unwrap();
    assert_eq!(nowcast.base_year, 2023);
    let a = simulate(&nowcast, &config(20_000, 5)).unwrap();
    let b = simulate(&fresh, &config(20_000, 5)).unwrap();
    assert_eq!(a.totals.hits, b.totals.hits);
    assert_eq!(a.totals.sketches, b.totals.sketches);
    assert_eq!(a.totals.attempts, 20_000, "nothing to reject");
}

/// The exact law of the 2024 firm count of `NOWCAST` from 44 observed in
/// 2022: without shocks in 2023 and 2024's slump at 20%, the change is
/// Poisson additions minus Poisson exits, `N = 44 + A - E` with
/// `A ~ Poisson(5 + 5 s)`, `E ~ Poisson(2)`.
fn firms_2024_law(k: i64) -> f64 {
    use statrs::distribution::Discrete;
    let e = statrs::distribution::Poisson::new(2.0).unwrap();
    let pmf = |additions: f64| {
        let a = statrs::distribution::Poisson::new(additions).unwrap();
        (0..200)
            .map(|x: i64| {
                let add = k - 44 + x;
                if add < 0 {
                    0.0
                } else {
                    a.pmf(add as u64) * e.pmf(x as u64)
                }
            })
            .sum::<f64>()
    };
    0.8 * pmf(10.0) + 0.2 * pmf(7.5)
}

/// The 2024 firm counts of 40,000 conditioned paths of `NOWCAST` as of
/// 2024, with 44 firms observed in 2022 and `bound` (a CSV row of 2024) on
/// top; checks the plan's bound and that the run is the same on one thread
/// as on two.
fn conditioned_firms_2024(bound: &str, want: (f64, f64)) -> Vec<f64> {
    let obs = format!(
        "indicator,year,value,status,source\n\
         firms,2022,44,official,a\n{bound}\n\
         out,2022,104,official,a\ninc,2022,53,official,b\n"
    );
    let (_dir, path) = scenario_with(&obs, NOWCAST);
    let mut sources = scenario::Sources::read(&path).unwrap();
    sources.set_as_of(2024);
    let m = sources.model().unwrap();
    let plan = Plan::new(&m);
    let slot = 2 * plan.years + (2024 - m.base_year - 1) as usize;
    assert_eq!(plan.bounds, vec![(slot, want.0, want.1)]);
    let mut scratch = PathScratch::new(&plan);
    let values = (0..40_000u64)
        .map(|path| {
            simulate_conditioned(&plan, 9, path, &mut scratch).expect("reachable");
            scratch.values[slot]
        })
        .collect();
    let one = simulate(
        &m,
        &RunConfig {
            threads: Some(1),
            ..config(6000, 9)
        },
    )
    .unwrap();
    let two = simulate(&m, &config(6000, 9)).unwrap();
    assert_eq!(one.totals, two.totals);
    assert!(one.totals.attempts > 6000, "some paths were redrawn");
    values
}

#[test]
fn an_upper_bound_is_never_exceeded_and_conditions_exactly() {
    let values = conditioned_firms_2024("firms,2024,55,upper_bound,b", (f64::NEG_INFINITY, 55.0));
    assert!(
        values.iter().all(|&v| v <= 55.0),
        "a path above the upper bound"
    );
    let n = values.len() as u64;
    let at_most_50 = values.iter().filter(|&&v| v <= 50.0).count();
    let p_le = |t: i64| (0..=t).map(firms_2024_law).sum::<f64>();
    assert_within_se!(
        "P(N2024 <= 50 | N2024 <= 55)",
        at_most_50 as f64 / n as f64,
        p_le(50) / p_le(55),
        n
    );
}

#[test]
fn a_lower_bound_is_never_broken_and_conditions_exactly() {
    let values = conditioned_firms_2024("firms,2024,52,lower_bound,b", (52.0, f64::INFINITY));
    assert!(
        values.iter().all(|&v| v >= 52.0),
        "a path below the lower bound"
    );
    let n = values.len() as u64;
    let at_least_55 = values.iter().filter(|&&v| v >= 55.0).count();
    let p_ge = |t: i64| (t..400).map(firms_2024_law).sum::<f64>();
    assert_within_se!(
        "P(N2024 >= 55 | N2024 >= 52)",
        at_least_55 as f64 / n as f64,
        p_ge(55) / p_ge(52),
        n
    );
}

#[test]
fn year_to_date_growth_sets_the_years_growth_with_the_stated_spread() {
    // out: 2023 observed exactly, 2024H1 +9% on a year earlier, spread 0.03:
    // out2024 ~ 111.5 * N(1.09, 0.03^2) exactly (no shock, no mean shift).
    let obs = "indicator,year,value,status,source,growth\n\
               out,2023,111.5,official,a,\nout,2024H1,60,partial,b,0.09\n\
               inc,2023,56,official,a,\nfirms,2023,47,official,a,\n";
    let text = NOWCAST.replace("[history]\n", "[history]\npartial_growth_sd = 0.03\n")
        + "[[target]]\nid = \"out2024\"\nindicator = \"out\"\nop = \">=\"\nvalue = 123\nyear = 2024\n";
    let (_dir, path) = scenario_with(obs, &text);
    let mut sources = scenario::Sources::read(&path).unwrap();
    sources.set_as_of(2024);
    let m = sources.model().unwrap();
    let n = 100_000;
    let r = run(&m, n, 11, 2);
    let want = normal_sf((123.0 / 111.5 - 1.09) / 0.03);
    assert_within_se!("P(out2024 >= 123)", probability(&r, "out2024"), want, n);
    let used = &r
        .targets
        .iter()
        .find(|t| t.id == "out2024")
        .unwrap()
        .observations;
    assert!(
        used.iter()
            .any(|u| u.contains("2024 growth drawn around +9.0% (sd 3.0 points)")),
        "{used:?}"
    );
}

#[test]
fn mean_sd_is_parameter_uncertainty_with_the_closed_form_law() {
    // ln X_T = ln b + T mu + T d + s (z_1 + ... + z_T) with d ~ N(0, m^2):
    // normal with variance T^2 m^2 + T s^2.
    let m = model(
        r#"
        [scenario]
        name = "p"
        base_year = 2020
        target_year = 2025
        [[indicator]]
        id = "x"
        kind = "growth"
        base = 100
        growth = { dist = "lognormal", mean = 0.05, sd = 0.02, mean_sd = 0.03 }
        [[target]]
        id = "x140"
        indicator = "x"
        op = ">="
        value = 140
        "#,
    );
    let n = 200_000;
    let r = run(&m, n, 3, 2);
    let s2 = (1.0 + 0.02f64.powi(2) / 1.05f64.powi(2)).ln();
    let mu = 1.05f64.ln() - s2 / 2.0;
    let var = 25.0 * 0.03f64.powi(2) + 5.0 * s2;
    let want = normal_sf(((1.4f64).ln() - 5.0 * mu) / var.sqrt());
    assert_within_se!(
        "P(X2025 >= 140) with mean_sd",
        probability(&r, "x140"),
        want,
        n
    );
    // Without it, the spread is far narrower: the test can tell the two apart.
    let narrow = normal_sf(((1.4f64).ln() - 5.0 * mu) / (5.0 * s2).sqrt());
    assert!((want - narrow).abs() > 0.05);
}

#[test]
fn backtest_percentiles_of_data_drawn_from_the_model_are_uniform() {
    // 150 independent indicators of assorted kinds; one path of the model
    // under another seed is the "observed" history, then a backtest places
    // each indicator's value in one year in its simulated distribution.
    let kind = |k: usize, shift: f64| match k % 4 {
        0 => format!(
            r#"{{ dist = "lognormal", mean = {}, sd = 0.04 }}"#,
            0.05 + shift
        ),
        1 => format!(
            r#"{{ dist = "normal", mean = {}, sd = 0.05 }}"#,
            0.03 + shift
        ),
        2 => format!(
            r#"{{ dist = "student_t", mean = {}, sd = 0.03, df = 5 }}"#,
            0.04 + shift
        ),
        _ => format!(
            r#"{{ dist = "pert", min = {}, mode = {}, max = {} }}"#,
            -0.05 + shift,
            0.04 + shift,
            0.1 + shift
        ),
    };
    let n_ind = 150;
    let build = |shift: f64| {
        let mut text = String::from(
            "[scenario]\nname = \"bt\"\nbase_year = 2020\ntarget_year = 2024\n[history]\nfile = \"obs.csv\"\n",
        );
        for k in 0..n_ind {
            let dist = kind(k, shift);
            text += &format!(
                "[[indicator]]\nid = \"x{k}\"\nkind = \"growth\"\nbase = 100\nseries = \"x{k}\"\ngrowth = {dist}\n"
            );
        }
        text
    };
    let scenario_text = build(0.0);
    // The truth: one path of a model (the same one, or one growing faster).
    let observe = |truth_text: &str| -> String {
        let truth = model(
            &(truth_text
                .replace("file = \"obs.csv\"\n", "")
                .replace("series = ", "# series = ")),
        );
        let plan = Plan::new(&truth);
        let mut scratch = PathScratch::new(&plan);
        simulate_path(&plan, 424_242, 0, &mut scratch);
        let mut csv = String::from("indicator,year,value,status,source\n");
        for k in 0..n_ind {
            let t = k % plan.years;
            csv += &format!(
                "x{k},{},{},official,model\n",
                2021 + t,
                scratch.values[k * plan.years + t]
            );
        }
        csv
    };
    let backtest = |obs: &str| {
        let (_dir, path) = scenario_with(obs, &scenario_text);
        let m = scenario::load(&path).unwrap();
        let cfg = config(20_000, 8);
        let sim = simulate(&m, &cfg).unwrap();
        Backtest::new(&m, &cfg, &sim, "obs.csv")
    };
    let fair = backtest(&observe(&scenario_text));
    assert_eq!(fair.scored.len(), n_ind);
    let (d, p) = fair.uniformity.unwrap();
    assert!(
        p > 0.01,
        "percentiles of the model's own draws: D {d}, p {p}"
    );
    let c90 = fair.coverage_90.unwrap();
    let se = (0.9f64 * 0.1 / n_ind as f64).sqrt();
    assert!((c90 - 0.9).abs() < 5.0 * se, "90% coverage {c90}");
    // A truth that grows 2 points a year faster is caught.
    let biased = backtest(&observe(&build(0.02)));
    let (d, p) = biased.uniformity.unwrap();
    assert!(p < 1e-4, "a biased model should fail: D {d}, p {p}");
}

#[test]
fn the_kunshan_nowcast_says_what_it_used() {
    let out = targetsim()
        .args([
            "run",
            "scenarios/kunshan/nowcast-2024.toml",
            "--paths",
            "4000",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_contains!(
        text,
        "nowcast as of 2024",
        "Observations used (as of 2024):",
        ">= 3300 in 2024 (lower_bound): paths below it redrawn",
        "2744 in 2022 (official): starts from it"
    );
}

#[test]
fn history_errors_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let base = "[scenario]\nname = \"e\"\nbase_year = 2021\ntarget_year = 2025\n";
    let ind = "[[indicator]]\nid = \"x\"\nkind = \"growth\"\nbase = 1\ngrowth = { dist = \"normal\", mean = 0, sd = 0.1 }\n";
    write(
        "obs.csv",
        "indicator,year,value,status,source\nx,2022,1.1,official,a\nx,2023,1.2,final,b\n",
    );
    let cases: Vec<(String, &str)> = vec![
        (format!("{base}{ind}series = \"x\"\n"), "s.toml:10: indicator.x.series: `series` reads the observations file, but the scenario has no `[history] file`"),
        (format!("{base}[history]\nfile = \"obs.csv\"\n{ind}series = \"x\"\n"), "obs.csv:3: status: unknown status \"final\""),
        (format!("{base}[history]\nfile = \"missing.csv\"\n{ind}"), "s.toml:6: history.file: cannot read observations file"),
        (format!("{base}[history]\nas_of = 2030\n{ind}"), "s.toml:6: history.as_of: as-of year 2030 is outside the scenario's years 2021..=2025"),
        (format!("{base}{ind}history = {{ 2023 = {{ at_least = 2, value = 3 }} }}\n"), "indicator.x.history.2023: give exactly one of `value`, `at_least` and `at_most`"),
        (format!("{base}{ind}history = {{ 2023 = {{ at_most = 2, status = \"lower_bound\" }} }}\n"), "`at_most` is an upper bound; status \"lower_bound\" contradicts it"),
        (format!("{base}{ind}history = {{ \"2023H1\" = {{ at_most = 2 }} }}\n"), "a part-year figure (2023H1) cannot have status \"upper_bound\""),
        (format!("{base}{ind}history = {{ \"2023H2\" = 1 }}\n"), "\"2023H2\" is not a year or part of one"),
        ("[scenario]\nname = \"e\"\nbase_year = 2021\ntarget_year = 2025\n[[indicator]]\nid = \"x\"\nkind = \"growth\"\nbase = 1\ngrowth = { dist = \"pert\", min = 0, mode = 0.1, max = 0.2, mean_sd = 0.1 }\n".to_string(), "dist \"pert\" does not take `mean_sd`"),
    ];
    for (text, want) in cases {
        let path = write("s.toml", &text);
        let stderr = usage_error(targetsim().arg("run").arg(&path));
        assert_contains!(stderr, want);
    }
    let stderr = usage_error(targetsim().args([
        "calibrate",
        "seeds/kunshan-observations.csv",
        "--indicator",
        "nope",
    ]));
    assert_contains!(stderr, "no rows for \"nope\"", "industrial_output_growth");
    let plain = write("plain.toml", &format!("{base}{ind}"));
    let stderr = usage_error(
        targetsim()
            .arg("backtest")
            .arg(&plain)
            .args(["--paths", "10"]),
    );
    assert_contains!(stderr, "--observed: ", "has no `[history] file`");
    let stderr = usage_error(
        targetsim()
            .arg("backtest")
            .arg(&plain)
            .args(["--as-of", "2023"]),
    );
    assert_contains!(
        stderr,
        "--as-of: a backtest runs the scenario from its own base year"
    );
}

#[test]
fn a_calibrated_fragment_drops_into_a_scenario() {
    let out = targetsim()
        .args([
            "calibrate",
            "seeds/kunshan-observations.csv",
            "--indicator",
            "industrial_output_growth",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let fragment = String::from_utf8(out.stdout).unwrap();
    assert_contains!(
        fragment,
        "# on 5 yearly growth figures of industrial_output_growth, 2016-2020 (official): +0.9%, +8.7%, +4.8%, +2.9%, +7.0%.",
        "Kolmogorov-Smirnov",
        "growth = { dist = \"lognormal\", mean = 0.0487, sd = 0.0312, mean_sd = 0.0133 }"
    );
    // The baseline carries exactly this line.
    let baseline =
        std::fs::read_to_string(crate::util::repo("scenarios/kunshan/baseline.toml")).unwrap();
    assert!(baseline.contains(fragment.lines().last().unwrap()));
    let m = model(&format!(
        "[scenario]\nname = \"c\"\nbase_year = 2020\ntarget_year = 2021\n[[indicator]]\nid = \"x\"\nkind = \"growth\"\nbase = 1\n{fragment}"
    ));
    match &m.indicators[0].kind {
        targetsim::model::IndicatorKind::Growth {
            mean_sd, by_year, ..
        } => {
            assert_eq!(*mean_sd, 0.0133);
            assert_eq!(by_year[0].mean(), 0.0487);
        }
        _ => panic!("a growth indicator"),
    }
    let stderr = usage_error(targetsim().args([
        "run",
        "scenarios/kunshan/baseline.toml",
        "--as-of",
        "2019",
    ]));
    assert_contains!(
        stderr,
        "history.as_of: as-of year 2019 is outside the scenario's years 2021..=2025"
    );
}

#[test]
fn the_kunshan_backtest_scores_later_observations_and_draws_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = targetsim()
        .args([
            "backtest",
            "scenarios/kunshan/baseline.toml",
            "--paths",
            "2000",
            "--format",
            "json",
            "--charts",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["base_year"], 2021);
    let scored: Vec<(String, i64)> = v["scored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["indicator"].as_str().unwrap().to_string(),
                s["year"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        scored,
        [
            ("high_tech_enterprises".to_string(), 2022),
            ("listed_companies".to_string(), 2022)
        ]
    );
    for s in v["scored"].as_array().unwrap() {
        let p = s["percentile"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert_eq!(s["in_90"], (0.05..=0.95).contains(&p));
    }
    // Three lower bounds (two on high-tech enterprises, one on 100-bn
    // firms) and the upper bound on 2022 income.
    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(events[3]["indicator"], "per_capita_disposable_income");
    assert_eq!(events[3]["upper_bound"], true);
    for e in events {
        let p = e["probability"].as_f64().unwrap();
        assert_eq!(e["happened"], true);
        assert!((e["brier"].as_f64().unwrap() - (1.0 - p).powi(2)).abs() < 1e-12);
    }
    let mean: f64 = events
        .iter()
        .map(|e| e["brier"].as_f64().unwrap())
        .sum::<f64>()
        / 4.0;
    assert!((v["brier"].as_f64().unwrap() - mean).abs() < 1e-12);
    // The mid-2024 count of high-tech certificates, among the year-ends
    // around it: the mid-percentile of 3072 in each year's sketch.
    let level = &v["part_year_levels"][0];
    assert_eq!(level["period"], "2024H1");
    assert_eq!(level["fraction"], 0.5);
    let (before, after) = (
        level["percentile_previous_end"].as_f64().unwrap(),
        level["percentile_year_end"].as_f64().unwrap(),
    );
    assert!(after < before, "{level}");
    for chart in [
        "backtest-high_tech_enterprises",
        "backtest-firms_over_100bn",
        "backtest-per_capita_disposable_income",
    ] {
        assert!(dir.path().join(format!("{chart}.png")).exists(), "{chart}");
        assert!(dir.path().join(format!("{chart}.svg")).exists(), "{chart}");
    }
    // Lower bounds and stratified sampling do not mix.
    let stderr = usage_error(targetsim().args([
        "run",
        "scenarios/kunshan/nowcast-2024.toml",
        "--paths",
        "100",
        "--sampling",
        "lhs",
    ]));
    assert_contains!(
        stderr,
        "--sampling: lhs cannot be combined with bound observations (at_least, at_most)"
    );
}

#[test]
fn a_backtest_scores_an_upper_bound_as_an_event_with_its_exact_odds() {
    let obs = "indicator,year,value,status,source\n\
               firms,2024,55,upper_bound,b\n\
               out,2021,100,official,a\ninc,2021,50,official,b\n";
    let (_dir, path) = scenario_with(obs, NOWCAST);
    let n = 40_000u64;
    let out = crate::util::targetsim()
        .arg("backtest")
        .arg(&path)
        .args(["--paths", &n.to_string(), "--format", "json"])
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let event = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "<= 55")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(event["upper_bound"], true);
    assert_eq!(event["lower_bound"], false);
    assert_eq!(event["happened"], true);
    // From 40 in 2021: three years of Poisson(5) additions (2024's halved
    // by the slump with probability 0.2) less Poisson(1) exits a year.
    use statrs::distribution::{Discrete, Poisson};
    let e = Poisson::new(3.0).unwrap();
    let law = |k: i64, additions: f64| -> f64 {
        let a = Poisson::new(additions).unwrap();
        (0..200)
            .map(|x: i64| {
                let add = k - 40 + x;
                if add < 0 {
                    0.0
                } else {
                    a.pmf(add as u64) * e.pmf(x as u64)
                }
            })
            .sum()
    };
    let want: f64 = (0..=55)
        .map(|k| 0.8 * law(k, 15.0) + 0.2 * law(k, 12.5))
        .sum();
    assert_within_se!(
        "P(N2024 <= 55)",
        event["probability"].as_f64().unwrap(),
        want,
        n
    );
}
