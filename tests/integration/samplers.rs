//! Goodness of fit of every sampler against its exact distribution, at
//! fixed seeds: chi-square on the pmf for counts, Kolmogorov-Smirnov on the
//! CDF for growth marginals (drawn through the copula's normal transform).
//! Each threshold is the 0.9999 quantile of the test statistic's null
//! distribution, so a correct sampler fails with probability 1e-4.

use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;
use statrs::distribution::{
    Beta, ChiSquared, ContinuousCDF, Discrete, NegativeBinomial, Normal, Poisson, StudentsT,
    Triangular,
};
use targetsim::distr::count::CountSampler;
use targetsim::distr::{CountDist, GrowthDist};
use targetsim::engine::streams::PathRng;

const N: usize = 200_000;

/// Chi-square statistic over bins with expected count >= 5 (tails pooled)
/// and its 0.9999 critical value.
fn chi_square(draws: &[f64], pmf: impl Fn(u64) -> f64) -> (f64, f64) {
    let max = draws.iter().cloned().fold(0.0, f64::max) as usize;
    let mut observed = vec![0.0; max + 2];
    for &d in draws {
        observed[d as usize] += 1.0;
    }
    let n = draws.len() as f64;
    // Bins: pool from the left until expected >= 5, the rest into the last.
    let (mut bins, mut obs_acc, mut exp_acc, mut total_expected) = (Vec::new(), 0.0, 0.0, 0.0);
    for (k, &count) in observed.iter().enumerate().take(max + 1) {
        obs_acc += count;
        exp_acc += n * pmf(k as u64);
        if exp_acc >= 5.0 {
            bins.push((obs_acc, exp_acc));
            total_expected += exp_acc;
            obs_acc = 0.0;
            exp_acc = 0.0;
        }
    }
    // Whatever expectation is left (the upper tail) joins the last bin.
    let tail_expected = n - total_expected;
    let last = bins.last_mut().expect("bins");
    last.0 += obs_acc;
    last.1 += tail_expected;
    let stat: f64 = bins.iter().map(|(o, e)| (o - e) * (o - e) / e).sum();
    let critical = ChiSquared::new((bins.len() - 1) as f64)
        .unwrap()
        .inverse_cdf(0.9999);
    (stat, critical)
}

/// sqrt(n) times the Kolmogorov-Smirnov distance; 0.9999 critical value 2.23.
fn ks(mut draws: Vec<f64>, cdf: impl Fn(f64) -> f64) -> f64 {
    draws.sort_by(f64::total_cmp);
    let n = draws.len() as f64;
    let d = draws
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = cdf(x);
            (f - i as f64 / n).abs().max((f - (i + 1) as f64 / n).abs())
        })
        .fold(0.0, f64::max);
    d * n.sqrt()
}
const KS_CRITICAL_9999: f64 = 2.23;

fn count_draws(dist: &CountDist, seed: u64) -> Vec<f64> {
    let sampler = CountSampler::new(dist);
    let mut rng = PathRng::seed_from_u64(seed);
    (0..N).map(|_| sampler.sample(&mut rng)).collect()
}

fn growth_draws(dist: &GrowthDist, seed: u64) -> Vec<f64> {
    let mut rng = PathRng::seed_from_u64(seed);
    (0..N)
        .map(|_| dist.factor(rng.sample(StandardNormal)) - 1.0)
        .collect()
}

#[test]
fn poisson_small_and_large_means_fit_the_pmf() {
    for (seed, mean) in [(1, 0.4), (2, 3.0), (3, 40.0), (4, 300.0), (5, 5000.0)] {
        let draws = count_draws(&CountDist::Poisson { mean }, seed);
        let exact = Poisson::new(mean).unwrap();
        let (stat, critical) = chi_square(&draws, |k| exact.pmf(k));
        assert!(
            stat < critical,
            "poisson({mean}): chi-square {stat:.1} >= {critical:.1}"
        );
    }
}

#[test]
fn negative_binomial_fits_the_pmf() {
    for (seed, mean, r) in [
        (6, 5.0, 2.0),
        (7, 260.0, 20.0),
        (8, 650.0, 30.0),
        (9, 3.0, 0.5),
    ] {
        let draws = count_draws(
            &CountDist::NegativeBinomial {
                mean,
                dispersion: r,
            },
            seed,
        );
        let exact = NegativeBinomial::new(r, r / (r + mean)).unwrap();
        let (stat, critical) = chi_square(&draws, |k| exact.pmf(k));
        assert!(
            stat < critical,
            "nb({mean}, {r}): chi-square {stat:.1} >= {critical:.1}"
        );
    }
}

#[test]
fn the_chi_square_check_rejects_a_wrong_mean() {
    // The test has power: Poisson(40) draws against a Poisson(41) pmf.
    let draws = count_draws(&CountDist::Poisson { mean: 40.0 }, 10);
    let wrong = Poisson::new(41.0).unwrap();
    let (stat, critical) = chi_square(&draws, |k| wrong.pmf(k));
    assert!(
        stat > critical,
        "chi-square {stat:.1} should exceed {critical:.1}"
    );
}

#[test]
fn growth_marginals_fit_their_cdfs() {
    let normal = Normal::new(0.05, 0.04).unwrap();
    let d = ks(
        growth_draws(
            &GrowthDist::Normal {
                mean: 0.05,
                sd: 0.04,
            },
            11,
        ),
        |g| normal.cdf(g),
    );
    assert!(d < KS_CRITICAL_9999, "normal: {d}");

    let GrowthDist::LogNormal { mu, s, .. } = GrowthDist::lognormal(0.05, 0.1) else {
        unreachable!()
    };
    let log_normal = Normal::new(mu, s).unwrap();
    let d = ks(growth_draws(&GrowthDist::lognormal(0.05, 0.1), 12), |g| {
        log_normal.cdf((1.0 + g).ln())
    });
    assert!(d < KS_CRITICAL_9999, "lognormal: {d}");

    let tri = Triangular::new(-0.05, 0.1, 0.03).unwrap();
    let d = ks(
        growth_draws(
            &GrowthDist::Triangular {
                min: -0.05,
                mode: 0.03,
                max: 0.1,
            },
            13,
        ),
        |g| tri.cdf(g),
    );
    assert!(d < KS_CRITICAL_9999, "triangular: {d}");

    // PERT(-0.05, 0.03, 0.1): Beta(1 + 4 * 0.08/0.15, 1 + 4 * 0.07/0.15) on [-0.05, 0.1].
    let beta = Beta::new(1.0 + 4.0 * 0.08 / 0.15, 1.0 + 4.0 * 0.07 / 0.15).unwrap();
    let pert_draws: Vec<f64> = growth_draws(&GrowthDist::pert(-0.05, 0.03, 0.1).unwrap(), 14)
        .into_iter()
        .take(20_000)
        .collect();
    let d = ks(pert_draws, |g| beta.cdf((g + 0.05) / 0.15));
    assert!(d < KS_CRITICAL_9999, "pert: {d}");

    let t = StudentsT::new(0.0, 1.0, 5.0).unwrap();
    let scale = 0.04 * (3.0f64 / 5.0).sqrt();
    let t_draws: Vec<f64> = growth_draws(&GrowthDist::student_t(0.05, 0.04, 5.0).unwrap(), 15)
        .into_iter()
        .take(20_000)
        .collect();
    let d = ks(t_draws, |g| t.cdf((g - 0.05) / scale));
    assert!(d < KS_CRITICAL_9999, "student_t: {d}");

    let uniform = |g: f64| ((g + 0.1) / 0.2).clamp(0.0, 1.0);
    let d = ks(
        growth_draws(
            &GrowthDist::Uniform {
                min: -0.1,
                max: 0.1,
            },
            16,
        ),
        uniform,
    );
    assert!(d < KS_CRITICAL_9999, "uniform: {d}");
}

#[test]
fn the_ks_check_rejects_a_wrong_sd() {
    let wrong = Normal::new(0.05, 0.042).unwrap();
    let d = ks(
        growth_draws(
            &GrowthDist::Normal {
                mean: 0.05,
                sd: 0.04,
            },
            17,
        ),
        |g| wrong.cdf(g),
    );
    assert!(
        d > KS_CRITICAL_9999,
        "ks {d} should exceed the critical value"
    );
}
