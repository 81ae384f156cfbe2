//! The firm population: deterministic cases checked by hand, closed forms
//! for noise, entry and exit, the calibrated base year, and roster errors.

use crate::util::{model, normal_sf, probability, run, targetsim, usage_error};
use statrs::distribution::{Binomial, Discrete, DiscreteCDF, Poisson};
use targetsim::engine::Plan;
use targetsim::engine::path::{PathScratch, simulate_path};
use targetsim::scenario;

/// A scenario with its roster beside it.
fn with_roster(roster: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    crate::util::scenario_dir(("roster.csv", roster), text)
}

const HEADER: &str = r#"
[scenario]
name = "firms"
base_year = 2021
target_year = 2024
"#;

#[test]
fn without_noise_entry_or_exit_tiers_are_deterministic() {
    // Four named firms grow exactly 10% a year: by hand,
    //   2022:  9.9  55    104.5  132      -> >=100: 2, >=10: 3
    //   2023: 10.89 60.5  114.95 145.2    -> >=100: 2, >=10: 4
    //   2024: 11.98 66.55 126.45 159.72   -> >=100: 2, >=10: 4
    let text = format!(
        r#"{HEADER}
[[indicator]]
id = "sector"
kind = "growth"
base = 284
growth = {{ dist = "fixed", value = 0.1 }}
[[indicator]]
id = "over100"
kind = "firm_count"
at_least = 100
base = 1
[[indicator]]
id = "over10"
kind = "firm_count"
at_least = 10
base = 3
[[indicator]]
id = "revenue"
kind = "firm_output"
[firms]
roster = "roster.csv"
noise_sd = 0
[[firms.sector]]
id = "s"
indicator = "sector"
"#
    );
    let (_dir, path) = with_roster(
        "name,sector,revenue\na,s,9\nb,s,50\nc,s,95\nd,s,120\n",
        &text,
    );
    let m = scenario::load(&path).unwrap();
    let r = run(&m, 300, 1, 2);
    let years = |id: &str| -> Vec<(f64, f64, f64)> {
        r.indicators
            .iter()
            .find(|i| i.id == id)
            .unwrap()
            .years
            .iter()
            .map(|y| (y.p5, y.p95, y.sd))
            .collect()
    };
    let exact = |id: &str, want: [f64; 3]| {
        for (y, w) in years(id).iter().zip(want) {
            assert_eq!((y.0, y.1, y.2), (w, w, 0.0), "{id}");
        }
    };
    exact("over100", [2.0, 2.0, 2.0]);
    exact("over10", [3.0, 4.0, 4.0]);
    // Revenue: 274 * 1.1^t on every path (quantiles within the sketch's 2^-11).
    let revenue = r.indicators.iter().find(|i| i.id == "revenue").unwrap();
    assert_eq!(revenue.base, 274.0);
    for (t, y) in revenue.years.iter().enumerate() {
        let want = 274.0 * 1.1f64.powi(t as i32 + 1);
        assert!((y.mean - want).abs() < 1e-9 * want, "{} vs {want}", y.mean);
    }
}

#[test]
fn with_noise_alone_a_firm_crosses_with_the_lognormal_probability() {
    // ln r_T = ln r_0 + sum(mu + s z_t) + sigma sum(e_t) - T sigma^2 / 2:
    // normal with mean ln r_0 + T (mu - sigma^2/2) and variance T (s^2 + sigma^2).
    let (mean, sd, sigma) = (0.05, 0.04, 0.25);
    let text = format!(
        r#"{HEADER}
[[indicator]]
id = "sector"
kind = "growth"
base = 1
growth = {{ dist = "lognormal", mean = {mean}, sd = {sd} }}
[[indicator]]
id = "over100"
kind = "firm_count"
at_least = 100
base = 0
[[target]]
id = "crossed"
indicator = "over100"
op = ">="
value = 1
[firms]
roster = "roster.csv"
noise_sd = {sigma}
[[firms.sector]]
id = "s"
indicator = "sector"
"#
    );
    let (_dir, path) = with_roster("name,sector,revenue\nf,s,80\n", &text);
    let m = scenario::load(&path).unwrap();
    let n = 200_000;
    let r = run(&m, n, 5, 2);
    let s2 = (1.0f64 + sd * sd / ((1.0 + mean) * (1.0 + mean))).ln();
    let mu = (1.0f64 + mean).ln() - s2 / 2.0;
    let t = 3.0;
    let centre = 80f64.ln() + t * (mu - sigma * sigma / 2.0);
    let spread = (t * (s2 + sigma * sigma)).sqrt();
    let want = normal_sf((100f64.ln() - centre) / spread);
    assert_within_se!(
        "P(crossed 100 by 2024)",
        probability(&r, "crossed"),
        want,
        n
    );
}

#[test]
fn entry_and_exit_have_their_closed_forms() {
    // Entry alone: every entrant is above the threshold (sigma 0, median 5),
    // so the count is 10 + Poisson(3 * 4).
    let entry = format!(
        r#"{HEADER}
[[indicator]]
id = "sector"
kind = "growth"
base = 1
growth = {{ dist = "fixed", value = 0 }}
[[indicator]]
id = "over1"
kind = "firm_count"
at_least = 1
base = 10
[[target]]
id = "many"
indicator = "over1"
op = ">="
value = 24
[firms]
noise_sd = 0
top_alpha = 1.5
entry = {{ rate = 4, median = 5, sigma = 0 }}
[[firms.sector]]
id = "s"
indicator = "sector"
"#
    );
    let m = model(&entry);
    let n = 100_000;
    let r = run(&m, n, 2, 2);
    let poisson = Poisson::new(12.0).unwrap();
    let want = 1.0 - poisson.cdf(13);
    assert_within_se!(
        "P(10 + Poisson(12) >= 24)",
        probability(&r, "many"),
        want,
        n
    );

    // Exit alone, size-independent: Binomial(50, (1 - 0.1)^3).
    let exit = entry
        .replace("base = 10", "base = 50")
        .replace("value = 24", "value = 38")
        .replace(
            "entry = { rate = 4, median = 5, sigma = 0 }",
            "exit = { hazard = 0.1 }",
        );
    let m = model(&exit);
    let r = run(&m, n, 3, 2);
    let survive = Binomial::new(0.9f64.powi(3), 50).unwrap();
    let want: f64 = (38..=50).map(|k| survive.pmf(k)).sum();
    assert_within_se!(
        "P(Binomial(50, 0.729) >= 38)",
        probability(&r, "many"),
        want,
        n
    );
}

/// Size-dependent exit over several years: 40 named firms of revenue 2
/// grow exactly 50% a year, so in year k each exits with probability
/// 0.1 (r_k / 2)^-1 = 0.1 / 1.5^k, and each survives the three years with
/// probability S = (1 - 0.1/1.5)(1 - 0.1/1.5^2)(1 - 0.1/1.5^3): the count
/// is Binomial(40, S).
#[test]
fn size_dependent_exit_compounds_year_by_year() {
    let roster: String = std::iter::once("name,sector,revenue\n".to_string())
        .chain((0..40).map(|i| format!("f{i},s,2\n")))
        .collect();
    let text = format!(
        r#"{HEADER}
[[indicator]]
id = "sector"
kind = "growth"
base = 80
growth = {{ dist = "fixed", value = 0.5 }}
[[indicator]]
id = "over1"
kind = "firm_count"
at_least = 1
base = 40
[[target]]
id = "many"
indicator = "over1"
op = ">="
value = 34
[firms]
roster = "roster.csv"
noise_sd = 0
top_alpha = 1.5
exit = {{ hazard = 0.1, elasticity = -1, reference = 2 }}
[[firms.sector]]
id = "s"
indicator = "sector"
"#
    );
    let (_dir, path) = with_roster(&roster, &text);
    let m = scenario::load(&path).expect("loads");
    let n = 100_000;
    let r = run(&m, n, 11, 2);
    let survive: f64 = (1..=3).map(|k| 1.0 - 0.1 / 1.5f64.powi(k)).product();
    let count = Binomial::new(survive, 40).unwrap();
    let want: f64 = (34..=40).map(|k| count.pmf(k)).sum();
    assert_within_se!("P(Binomial(40, S) >= 34)", probability(&r, "many"), want, n);
}

#[test]
fn the_synthetic_tail_reproduces_its_tier_counts_and_sector_output_is_coherent() {
    let text = r#"
[scenario]
name = "tail"
base_year = 2021
target_year = 2023
[[indicator]]
id = "a"
kind = "growth"
base = 6000
growth = { dist = "normal", mean = 0.05, sd = 0.05 }
[[indicator]]
id = "b"
kind = "growth"
base = 3000
growth = { dist = "normal", mean = 0.02, sd = 0.08 }
[[correlation]]
between = ["a", "b"]
rho = 0.5
[[indicator]]
id = "t100"
kind = "firm_count"
at_least = 100
base = 12
[[indicator]]
id = "t10"
kind = "firm_count"
at_least = 10
base = 90
[[indicator]]
id = "t1"
kind = "firm_count"
at_least = 1
base = 600
[[indicator]]
id = "a_revenue"
kind = "firm_output"
sector = "a"
[firms]
noise_sd = 0
top_alpha = 1.2
body = { count = 400, median = 0.3, sigma = 0.8 }
[[firms.sector]]
id = "a"
indicator = "a"
output = 6000
[[firms.sector]]
id = "b"
indicator = "b"
output = 3000
"#;
    let m = model(text);
    let firms = m.firms.as_ref().unwrap();
    for (threshold, count) in [(100.0, 12), (10.0, 90), (1.0, 600)] {
        assert_eq!(firms.count_at_least(threshold), count, ">= {threshold}");
    }
    assert_eq!(firms.revenue.len(), 1000);
    // With stated outputs, a sector's firm revenue plus its residual is its
    // output; with no noise, entry or exit it then equals the sector's
    // growth indicator on every path, year by year.
    let plan = Plan::new(&m);
    let mut scratch = PathScratch::new(&plan);
    let (a, rev) = (0, 5);
    for path in 0..200 {
        simulate_path(&plan, 4, path, &mut scratch);
        for t in 0..plan.years {
            let level = scratch.values[a * plan.years + t];
            let firms = scratch.values[rev * plan.years + t];
            assert!(
                (firms - level).abs() < 1e-9 * level,
                "path {path}: {firms} vs {level}"
            );
        }
    }
}

#[test]
fn roster_and_firm_errors_are_clear() {
    let base = format!(
        r#"{HEADER}
[[indicator]]
id = "sector"
kind = "growth"
base = 1
growth = {{ dist = "fixed", value = 0 }}
[[indicator]]
id = "over1"
kind = "firm_count"
at_least = 1
base = 2
[firms]
roster = "roster.csv"
noise_sd = 0.1
[[firms.sector]]
id = "ngit"
indicator = "sector"
"#
    );
    let cases = [
        ("name,revenue\na,3\n", base.clone(), "roster.csv:1: sector: missing column \"sector\""),
        ("name,sector,revenue\na,ngit,-3\n", base.clone(), "roster.csv:2: revenue: revenue must be positive, got -3"),
        ("name,sector,revenue\na,steel,3\n", base.clone(), "roster.csv:2: sector: unknown sector \"steel\"; the scenario's sectors are ngit"),
        ("name,sector,revenue\na,ngit,3\nb,ngit,4\nc,ngit,5\n", base.clone(), "the roster names 3 firm(s)"),
        ("name,sector,revenue\na,ngit,3\n", base.replace("indicator = \"sector\"\n", "indicator = \"nope\"\n"), "firms.sector.ngit.indicator: \"nope\" is not a growth indicator"),
        ("name,sector,revenue\na,ngit,3\n", base.replace("[firms]\nroster = \"roster.csv\"\nnoise_sd = 0.1\n[[firms.sector]]\nid = \"ngit\"\nindicator = \"sector\"\n", ""), "indicator.over1.kind: a firm_count indicator needs a [firms] block"),
        ("name,sector,revenue\na,ngit,3\n", base.replace("at_least = 1\n", ""), "indicator.over1.at_least: a firm_count indicator needs `at_least`"),
    ];
    for (roster, text, want) in cases {
        let (_dir, path) = with_roster(roster, &text);
        let stderr = usage_error(targetsim().arg("run").arg(&path).args(["--paths", "10"]));
        assert_contains!(stderr, want);
    }
}

/// A population with noise, size-dependent exit, entry and a roster
/// (`roster.csv`, one firm of 30), and a target on its tier.
fn noisy_population() -> String {
    format!(
        r#"{HEADER}
[[indicator]]
id = "sector"
kind = "growth"
base = 100
growth = {{ dist = "normal", mean = 0.05, sd = 0.04 }}
[[indicator]]
id = "over1"
kind = "firm_count"
at_least = 1
base = 40
[[target]]
id = "many"
indicator = "over1"
op = ">="
value = 60
[firms]
roster = "roster.csv"
noise_sd = 0.3
top_alpha = 1.5
exit = {{ hazard = 0.05, elasticity = -0.3, reference = 1 }}
entry = {{ rate = 20, median = 0.8, sigma = 0.6 }}
[[firms.sector]]
id = "s"
indicator = "sector"
"#
    )
}

/// Value stability: noise, size-dependent exit, entry and a roster, at a
/// fixed seed. These numbers are part of the reproducibility promise; a
/// change here changes every firm-level result, and must say why.
#[test]
fn value_stability_of_a_firm_population() {
    let text = noisy_population();
    let (_dir, path) = with_roster("name,sector,revenue\nbig,s,30\n", &text);
    let m = scenario::load(&path).expect("loads");
    let r = run(&m, 5000, 20221125, 2);
    let target = &r.targets[0];
    let over1 = r.indicators.iter().find(|i| i.id == "over1").unwrap();
    let last = over1.years.last().unwrap();
    assert_eq!(target.met_paths, 233);
    assert_eq!(last.mean.to_bits(), 4_632_205_516_082_097_055);
    assert_eq!(last.p50, 50.0);
}

/// A hazard of 0 is no exit: the same paths, number for number, as the
/// scenario without `exit` (the walk neither computes a hazard nor draws
/// exit uniforms; drawing them would shift every later draw).
#[test]
fn a_zero_hazard_is_the_scenario_without_exit() {
    let exit = "exit = { hazard = 0.05, elasticity = -0.3, reference = 1 }\n";
    let text = noisy_population();
    assert!(text.contains(exit));
    let years = |text: &str| {
        let (_dir, path) = with_roster("name,sector,revenue\nbig,s,30\n", text);
        let r = run(&scenario::load(&path).expect("loads"), 2000, 5, 2);
        let over1 = r.indicators.iter().find(|i| i.id == "over1").unwrap();
        serde_json::to_string(&over1.years).unwrap()
    };
    let zero = years(&text.replace(exit, &exit.replace("0.05", "0")));
    assert_eq!(zero, years(&text.replace(exit, "")));
}
