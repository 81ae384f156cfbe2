//! A nowcast's bound on a growth indicator in the first year, met by
//! construction on redrawn attempts: the exact conditional law of a
//! lognormal path with parameter uncertainty and a correlated neighbour,
//! and the bound never broken.

use crate::util::{bivariate_normal_sf, normal_sf, probability, run};
use targetsim::engine::path::{PathScratch, simulate_conditioned};
use targetsim::engine::{Plan, RunConfig, simulate};
use targetsim::scenario;

const SCENARIO: &str = r#"
[scenario]
name = "income"
base_year = 2021
target_year = 2024
[[indicator]]
id = "x"
kind = "growth"
base = 100
growth = { dist = "lognormal", mean = 0.05, sd = 0.03 }
[[indicator]]
id = "inc"
kind = "growth"
base = 67871
growth = { dist = "lognormal", mean = 0.076, sd = 0.016, mean_sd = 0.0067 }
history = { 2022 = { at_most = 70515, source = "test" } }
[[correlation]]
between = ["inc", "x"]
rho = 0.3
[[target]]
id = "inc_2024"
indicator = "inc"
op = ">="
value = 80000
year = 2024
[[target]]
id = "x_2022"
indicator = "x"
op = ">="
value = 105
year = 2022
"#;

/// `(mu, s)` of `ln(1 + g)` for lognormal growth with this mean and sd.
fn log_params(mean: f64, sd: f64) -> (f64, f64) {
    let s2 = (1.0 + sd * sd / ((1.0 + mean) * (1.0 + mean))).ln();
    ((1.0 + mean).ln() - s2 / 2.0, s2.sqrt())
}

/// `P(U <= a, V >= b)` for standard normals with correlation `r`.
fn below_and_above(a: f64, b: f64, r: f64) -> f64 {
    bivariate_normal_sf(-a, b, -r)
}

#[test]
fn a_first_year_bound_on_growth_conditions_with_the_exact_law() {
    let (_dir, path) = crate::util::scenario_dir(("unused.csv", ""), SCENARIO);
    let mut sources = scenario::Sources::read(&path).unwrap();
    sources.set_as_of(2022);
    let m = sources.model().unwrap();
    // U = ln(inc2022/base) = mu + P + s z1, V = ln(inc2024/base) = 3 mu + 3 P
    // + s (z1 + z2 + z3), X = ln(x2022/100) = mu_x + s_x z_x1, with P the
    // parameter draw (sd 0.0067) and corr(z1, z_x1) = 0.3.
    let (mu, s) = log_params(0.076, 0.016);
    let (mu_x, s_x) = log_params(0.05, 0.03);
    let p = 0.0067f64;
    let sd_u = (p * p + s * s).sqrt();
    let sd_v = (9.0 * p * p + 3.0 * s * s).sqrt();
    let a = ((70515.0f64 / 67871.0).ln() - mu) / sd_u;
    let bound = 1.0 - normal_sf(a);
    let r_uv = (3.0 * p * p + s * s) / (sd_u * sd_v);
    let b_v = ((80000.0f64 / 67871.0).ln() - 3.0 * mu) / sd_v;
    let r_ux = 0.3 * s * s_x / (sd_u * s_x);
    let b_x = ((105.0f64 / 100.0).ln() - mu_x) / s_x;
    assert!(
        bound < 0.05,
        "the bound is rare without conditioning: {bound}"
    );
    let n = 100_000;
    let r = run(&m, n, 13, 2);
    assert_within_se!(
        "P(inc2024 >= 80000 | inc2022 <= 70515)",
        probability(&r, "inc_2024"),
        below_and_above(a, b_v, r_uv) / bound,
        n
    );
    assert_within_se!(
        "P(x2022 >= 105 | inc2022 <= 70515)",
        probability(&r, "x_2022"),
        below_and_above(a, b_x, r_ux) / bound,
        n
    );
    // A path takes two attempts: the first, drawn as usual, rarely meets
    // the bound; the redraw meets it by construction (rejection alone would
    // take about 1 / 0.02 attempts a path).
    let config = RunConfig {
        paths: 10_000,
        seed: 2,
        threads: Some(1),
        sampling: Default::default(),
        summary: Default::default(),
    };
    let attempts = simulate(&m, &config).unwrap().totals.attempts;
    assert!(attempts < 21_000, "{attempts} attempts for 10,000 paths");
    let plan = Plan::new(&m);
    let mut scratch = PathScratch::new(&plan);
    for path in 0..20_000 {
        simulate_conditioned(&plan, 3, path, &mut scratch).expect("reachable");
        // inc is the second indicator; 2022 is its first year.
        assert!(
            scratch.values[plan.years] <= 70515.0,
            "path {path}: {}",
            scratch.values[plan.years]
        );
    }
}

/// One lognormal indicator (mean 5%, sd 3%) observed at least 104 in 2022,
/// with a shock taking 8 points off its 2022 growth at `probability`.
fn shocked(probability: f64) -> String {
    format!(
        r#"
[scenario]
name = "shocked"
base_year = 2021
target_year = 2022
[[indicator]]
id = "inc"
kind = "growth"
base = 100
growth = {{ dist = "lognormal", mean = 0.05, sd = 0.03 }}
history = {{ 2022 = {{ at_least = 104, source = "test" }} }}
[[shock]]
name = "hit"
probability = {probability}
years = [2022]
impact = {{ inc = -0.08 }}
[[target]]
id = "inc_107"
indicator = "inc"
op = ">="
value = 107
year = 2022
"#
    )
}

/// A shock left to chance is reweighted by the bound (a hit rarely meets
/// it), which projection cannot do, so such a bound is met by rejection;
/// a certain shock only moves the bound. Both give the exact conditional
/// probability `P(F + i >= 1.07 | F + i >= 1.04)`, F lognormal, i the hit.
#[test]
fn a_first_year_bound_with_a_shock_keeps_the_exact_law() {
    let (mu, s) = log_params(0.05, 0.03);
    let above = |c: f64| normal_sf((c.ln() - mu) / s);
    for p in [0.5, 1.0] {
        let (_dir, path) = crate::util::scenario_dir(("unused.csv", ""), &shocked(p));
        let mut sources = scenario::Sources::read(&path).unwrap();
        sources.set_as_of(2022);
        let m = sources.model().unwrap();
        let met = p * above(1.07 + 0.08) + (1.0 - p) * above(1.07);
        let bound = p * above(1.04 + 0.08) + (1.0 - p) * above(1.04);
        let n = 100_000;
        let r = run(&m, n, 5, 2);
        assert_within_se!(
            &format!("P(inc2022 >= 107 | >= 104), shock probability {p}"),
            probability(&r, "inc_107"),
            met / bound,
            n
        );
    }
}
