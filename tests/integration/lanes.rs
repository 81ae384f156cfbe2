//! The lane engine (paths in vector batches) draws and computes exactly what
//! the one-path-at-a-time engine does, on every instruction set this
//! processor has and every kind of scenario.

use crate::util::repo;
use std::path::Path;
use targetsim::engine::lanes::{self, Isa, LANES, LaneScratch};
use targetsim::engine::path::{MAX_ATTEMPTS, PathScratch, simulate_conditioned};
use targetsim::engine::sampling::Sampling;
use targetsim::engine::{Plan, RunConfig};
use targetsim::model::Model;
use targetsim::scenario;

/// Every distribution, sampler and shock path the engine has: t, PERT,
/// triangular, uniform and fixed growth; tabulated, fixed and too-large
/// counts; exits; a shock limited to some years; a count hit by seven shocks
/// (samplers built per draw); correlated and independent growth.
const EVERY_KIND: &str = r#"
[scenario]
name = "every-kind"
base_year = 2020
target_year = 2024

[[indicator]]
id = "n"
kind = "growth"
base = 100
growth = { dist = "normal", mean = 0.03, sd = 0.05 }

[[indicator]]
id = "ln"
kind = "growth"
base = 100
growth = { dist = "lognormal", mean = 0.03, sd = 0.05 }

[[indicator]]
id = "t"
kind = "growth"
base = 100
growth = { dist = "student_t", mean = 0.02, sd = 0.04, df = 4 }

[[indicator]]
id = "pert"
kind = "growth"
base = 100
growth = { dist = "pert", min = -0.05, mode = 0.03, max = 0.08 }

[[indicator]]
id = "tri"
kind = "growth"
base = 100
growth = { dist = "triangular", min = -0.05, mode = 0.03, max = 0.08 }

[[indicator]]
id = "uni"
kind = "growth"
base = 100
growth = { dist = "uniform", min = -0.05, max = 0.08 }

[[indicator]]
id = "fix"
kind = "growth"
base = 100
growth = { dist = "fixed", value = 0.02 }

[[indicator]]
id = "small"
kind = "count"
base = 10
additions = { dist = "poisson", mean = 3 }
exits = { dist = "negative_binomial", mean = 2, dispersion = 1.5 }

[[indicator]]
id = "huge"
kind = "count"
base = 0
additions = { dist = "poisson", mean = 5000000 }
exits = { dist = "negative_binomial", mean = 400000, dispersion = 0.5 }

[[indicator]]
id = "constant"
kind = "count"
base = 5
additions = { dist = "fixed", value = 2 }

[[indicator]]
id = "shaken"
kind = "count"
base = 50
additions = { dist = "poisson", mean = 40 }

[[correlation]]
between = ["n", "ln"]
rho = 0.7

[[correlation]]
between = ["t", "pert"]
rho = -0.4

[[shock]]
name = "s1"
probability = 0.3
years = [2022, 2023]
impact = { n = -0.05, ln = -0.02, shaken = -0.5, small = 0.5 }

[[shock]]
name = "s2"
probability = 0.2
impact = { shaken = 0.2, t = 0.01 }

[[shock]]
name = "s3"
probability = 0.2
impact = { shaken = 0.2 }

[[shock]]
name = "s4"
probability = 0.2
impact = { shaken = 0.2 }

[[shock]]
name = "s5"
probability = 0.2
impact = { shaken = 0.2 }

[[shock]]
name = "s6"
probability = 0.2
impact = { shaken = 0.2 }

[[shock]]
name = "s7"
probability = 0.2
impact = { shaken = 0.2, huge = 0.1 }

[[target]]
indicator = "n"
year = 2024
op = ">="
value = 110
"#;

/// Compare the batches of `paths` paths on every supported instruction set
/// with the scalar engine, value by value and bit for bit.
fn assert_lanes_match_scalar(model: &Model, sampling: Sampling, paths: u64) {
    let seed = 20221125;
    let config = RunConfig {
        paths,
        seed,
        threads: Some(1),
        sampling,
        summary: Default::default(),
    };
    let plan = Plan::new(model).sampled(&config).expect("sampling applies");
    let mut scalar = PathScratch::new(&plan);
    let mut tested = 0;
    for isa in [Isa::Avx512, Isa::Avx2, Isa::Baseline] {
        if !isa.supported() {
            continue;
        }
        tested += 1;
        let mut scratch = LaneScratch::new(&plan);
        let mut batch = vec![f64::NAN; plan.slots() * LANES];
        let mut first = 0;
        while first < paths {
            let n = (paths - first).min(LANES as u64) as usize;
            let done = lanes::simulate_batch(isa, &plan, seed, first, n, &mut scratch, &mut batch);
            let mut attempts = 0;
            for lane in 0..n {
                let path = first + lane as u64;
                attempts += simulate_conditioned(&plan, seed, path, &mut scalar)
                    .unwrap_or(MAX_ATTEMPTS) as u64;
                for (slot, want) in scalar.values.iter().enumerate() {
                    let got = batch[slot * LANES + lane];
                    assert!(
                        got.to_bits() == want.to_bits(),
                        "{isa:?}, {sampling:?}, path {path}, slot {slot}: lanes {got:e}, scalar {want:e}"
                    );
                }
            }
            assert_eq!(
                done.attempts, attempts,
                "{isa:?}: attempts in batch at {first}"
            );
            first += n as u64;
        }
    }
    assert!(tested >= 1);
}

fn load(path: &str) -> Model {
    scenario::load(&repo(path)).expect("scenario loads")
}

#[test]
fn plain_scenario_in_every_sampling() {
    let model = load("benches/scenarios/peer-12.toml");
    for sampling in [
        Sampling::Mc,
        Sampling::Antithetic,
        Sampling::Lhs,
        Sampling::Sobol,
    ] {
        assert_lanes_match_scalar(&model, sampling, 2 * LANES as u64 + 7);
    }
}

#[test]
fn every_distribution_sampler_and_shock() {
    let model = scenario::load_str(Path::new("every-kind.toml"), EVERY_KIND).expect("loads");
    assert_lanes_match_scalar(&model, Sampling::Mc, 3 * LANES as u64);
    assert_lanes_match_scalar(&model, Sampling::Antithetic, LANES as u64 + 2);
}

#[test]
fn kunshan_firms_and_parameter_draws() {
    assert_lanes_match_scalar(&load("scenarios/kunshan/baseline.toml"), Sampling::Mc, 70);
}

#[test]
fn kunshan_nowcast_pins_floors_and_redraws() {
    assert_lanes_match_scalar(
        &load("scenarios/kunshan/nowcast-2024.toml"),
        Sampling::Mc,
        70,
    );
}
