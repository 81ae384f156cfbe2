//! Variance reduction: every sampling method is unbiased against the closed
//! form, and the stratified ones narrow the spread of estimates.

use crate::util::{model, normal_sf};
use targetsim::engine::sampling::Sampling;
use targetsim::engine::{RunConfig, simulate};

const SCENARIO: &str = r#"
[scenario]
name = "lognormal"
base_year = 2021
target_year = 2025
[[indicator]]
id = "x"
kind = "growth"
base = 100
growth = { dist = "lognormal", mean = 0.05, sd = 0.1 }
[[target]]
indicator = "x"
op = ">"
value = 130
"#;

const SEEDS: u64 = 30;
const PATHS: u64 = 4096;

/// Estimates of P(X_2025 > 130) over SEEDS seeds.
fn estimates(sampling: Sampling) -> Vec<f64> {
    let m = model(SCENARIO);
    (0..SEEDS)
        .map(|seed| {
            let config = RunConfig {
                paths: PATHS,
                seed,
                threads: Some(2),
                sampling,
                summary: Default::default(),
            };
            let sim = simulate(&m, &config).unwrap();
            sim.totals.hits[0] as f64 / PATHS as f64
        })
        .collect()
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    (
        mean,
        (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt(),
    )
}

#[test]
fn every_sampling_is_unbiased_and_stratified_ones_are_tighter() {
    // ln(X/100) ~ N(4 mu, 4 s^2) with the lognormal parameters of g.
    let s2 = (1.0f64 + 0.01 / 1.05f64.powi(2)).ln();
    let mu = 1.05f64.ln() - s2 / 2.0;
    let exact = normal_sf(((1.3f64).ln() - 4.0 * mu) / (4.0 * s2).sqrt());
    let (_, mc_sd) = mean_sd(&estimates(Sampling::Mc));
    for (sampling, at_most) in [
        (Sampling::Mc, 1.0),
        (Sampling::Antithetic, 0.95),
        (Sampling::Lhs, 0.7),
        (Sampling::Sobol, 0.7),
    ] {
        let (mean, sd) = mean_sd(&estimates(sampling));
        // The mean of SEEDS estimates has SE at most the MC one / sqrt(SEEDS).
        let se = (exact * (1.0 - exact) / (PATHS * SEEDS) as f64).sqrt();
        assert!(
            (mean - exact).abs() < 5.0 * se,
            "{sampling:?}: mean {mean} vs exact {exact} (SE {se})"
        );
        assert!(sd <= at_most * mc_sd, "{sampling:?}: sd {sd} vs MC {mc_sd}");
    }
}

#[test]
fn sampled_runs_are_identical_on_any_thread_count() {
    let m = model(SCENARIO);
    for sampling in [Sampling::Antithetic, Sampling::Lhs, Sampling::Sobol] {
        let run = |threads| {
            let config = RunConfig {
                paths: 10_000,
                seed: 5,
                threads: Some(threads),
                sampling,
                summary: Default::default(),
            };
            simulate(&m, &config).unwrap().totals
        };
        assert!(run(1) == run(2), "{sampling:?}");
    }
}
