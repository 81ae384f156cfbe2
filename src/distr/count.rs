//! Yearly count distributions (additions and exits of a count indicator).

use rand::Rng;
use rand_distr::{Distribution, Gamma, Poisson};

/// A validated distribution of a yearly count.
#[derive(Debug, Clone)]
pub enum CountDist {
    /// Poisson with the given mean.
    Poisson {
        /// Mean (and variance).
        mean: f64,
    },
    /// Gamma-Poisson mixture: variance = mean + mean^2 / dispersion.
    NegativeBinomial {
        /// Mean.
        mean: f64,
        /// Dispersion `k` (the gamma shape); larger is closer to Poisson.
        dispersion: f64,
    },
    /// Always `value` (a whole number).
    Fixed {
        /// The count.
        value: f64,
    },
}

impl CountDist {
    /// Mean of the count.
    pub fn mean(&self) -> f64 {
        match self {
            CountDist::Poisson { mean } | CountDist::NegativeBinomial { mean, .. } => *mean,
            CountDist::Fixed { value } => *value,
        }
    }

    /// Short human-readable description.
    pub fn describe(&self) -> String {
        match self {
            CountDist::Poisson { mean } => format!("poisson(mean {mean})"),
            CountDist::NegativeBinomial { mean, dispersion } => {
                format!("negative_binomial(mean {mean}, dispersion {dispersion})")
            }
            CountDist::Fixed { value } => format!("fixed({value})"),
        }
    }
}

/// Draws from a [`CountDist`] whose mean may be scaled by shocks.
/// The unscaled sampler is built once; a scaled draw builds its own.
#[derive(Debug, Clone)]
pub struct CountSampler {
    dist: CountDist,
    poisson: Option<Poisson<f64>>,
    gamma: Option<Gamma<f64>>,
}

impl CountSampler {
    /// Prepare a sampler. The distribution must be validated (finite, mean >= 0).
    pub fn new(dist: CountDist) -> Self {
        let poisson = match dist {
            CountDist::Poisson { mean } => Poisson::new(mean).ok(),
            _ => None,
        };
        let gamma = match dist {
            CountDist::NegativeBinomial { mean, dispersion } => {
                Gamma::new(dispersion, mean / dispersion).ok()
            }
            _ => None,
        };
        CountSampler {
            dist,
            poisson,
            gamma,
        }
    }

    /// The distribution drawn from.
    pub fn dist(&self) -> &CountDist {
        &self.dist
    }

    /// One draw with the mean multiplied by `scale` (1.0 when no shock hits).
    /// `fixed` counts are scaled and rounded to the nearest whole number.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R, scale: f64) -> f64 {
        match self.dist {
            CountDist::Fixed { value } => (value * scale).round(),
            CountDist::Poisson { mean } => {
                if scale == 1.0 {
                    self.poisson.as_ref().map_or(0.0, |p| p.sample(rng))
                } else {
                    poisson(rng, mean * scale)
                }
            }
            CountDist::NegativeBinomial { mean, dispersion } => {
                let lambda = match (&self.gamma, scale == 1.0) {
                    (Some(gamma), true) => gamma.sample(rng),
                    _ => match Gamma::new(dispersion, mean * scale / dispersion) {
                        Ok(gamma) => gamma.sample(rng),
                        Err(_) => 0.0,
                    },
                };
                poisson(rng, lambda)
            }
        }
    }
}

/// A Poisson draw; a mean of zero (e.g. a shock of -100%) gives zero.
#[inline]
fn poisson<R: Rng + ?Sized>(rng: &mut R, mean: f64) -> f64 {
    match Poisson::new(mean) {
        Ok(p) => p.sample(rng),
        Err(_) => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn moments(sampler: &CountSampler, scale: f64, n: usize) -> (f64, f64) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let draws: Vec<f64> = (0..n).map(|_| sampler.sample(&mut rng, scale)).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        (mean, var)
    }

    #[test]
    fn negative_binomial_has_the_stated_mean_and_variance() {
        let n = 200_000;
        let s = CountSampler::new(CountDist::NegativeBinomial {
            mean: 6.0,
            dispersion: 2.0,
        });
        let (mean, var) = moments(&s, 1.0, n);
        let true_var = 6.0 + 36.0 / 2.0;
        // 5 standard errors of the sample mean.
        assert!(
            (mean - 6.0).abs() < 5.0 * (true_var / n as f64).sqrt(),
            "{mean}"
        );
        // Variance within 5%: its SE here is about 1% of the variance.
        assert!((var / true_var - 1.0).abs() < 0.05, "{var}");
    }

    #[test]
    fn shock_scales_the_mean() {
        let n = 100_000;
        let s = CountSampler::new(CountDist::Poisson { mean: 10.0 });
        let (mean, _) = moments(&s, 0.7, n);
        assert!((mean - 7.0).abs() < 5.0 * (7.0 / n as f64).sqrt(), "{mean}");
        assert_eq!(moments(&s, 0.0, 10).0, 0.0);
        let fixed = CountSampler::new(CountDist::Fixed { value: 8.0 });
        assert_eq!(
            fixed.sample(&mut Xoshiro256PlusPlus::seed_from_u64(1), 0.7),
            6.0
        );
    }
}
