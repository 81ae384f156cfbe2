//! Yearly count distributions (additions and exits of a count indicator).

use super::inversion::{InversionTable, unit_uniform};
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

    /// Standard deviation of the count.
    pub fn sd(&self) -> f64 {
        match self {
            CountDist::Poisson { mean } => mean.sqrt(),
            CountDist::NegativeBinomial { mean, dispersion } => {
                (mean + mean * mean / dispersion).sqrt()
            }
            CountDist::Fixed { .. } => 0.0,
        }
    }

    /// The same distribution with its mean multiplied by `scale` (a shock).
    /// A `fixed` count is scaled and rounded to the nearest whole number.
    pub fn scaled(&self, scale: f64) -> CountDist {
        match *self {
            CountDist::Poisson { mean } => CountDist::Poisson { mean: mean * scale },
            CountDist::NegativeBinomial { mean, dispersion } => CountDist::NegativeBinomial {
                mean: mean * scale,
                dispersion,
            },
            CountDist::Fixed { value } => CountDist::Fixed {
                value: (value * scale).round(),
            },
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

/// Tables larger than this (12 bytes an entry) give way to rand_distr's
/// rejection samplers: means above about 190,000 for a Poisson.
const MAX_TABLE_ENTRIES: f64 = 200_000.0;

/// Draws from one [`CountDist`] (shocks already applied to its mean).
///
/// Every draw takes exactly one `u64` from the generator when the count is
/// tabulated (and `fixed` counts take one too), so what one count draws
/// never shifts the draws that follow it.
#[derive(Debug, Clone)]
pub enum CountSampler {
    /// A constant.
    Fixed(f64),
    /// Inversion of a tabulated CDF.
    Table(InversionTable),
    /// A Poisson too large to tabulate.
    LargePoisson(Poisson<f64>),
    /// A negative binomial too large to tabulate: gamma then Poisson.
    LargeNegativeBinomial(Gamma<f64>),
}

impl CountSampler {
    /// Prepare a sampler. The distribution must be validated (finite, mean >= 0).
    pub fn new(dist: &CountDist) -> Self {
        let too_large = match *dist {
            CountDist::Poisson { mean } => InversionTable::poisson_entries(mean),
            CountDist::NegativeBinomial { mean, dispersion } => {
                InversionTable::negative_binomial_entries(mean, dispersion)
            }
            CountDist::Fixed { .. } => 0.0,
        } > MAX_TABLE_ENTRIES;
        match *dist {
            CountDist::Fixed { value } => CountSampler::Fixed(value),
            CountDist::Poisson { mean } | CountDist::NegativeBinomial { mean, .. }
                if mean <= 0.0 || !mean.is_finite() =>
            {
                CountSampler::Fixed(0.0)
            }
            CountDist::Poisson { mean } if too_large => {
                CountSampler::LargePoisson(Poisson::new(mean).expect("finite positive mean"))
            }
            CountDist::NegativeBinomial { mean, dispersion } if too_large => {
                CountSampler::LargeNegativeBinomial(
                    Gamma::new(dispersion, mean / dispersion).expect("positive parameters"),
                )
            }
            CountDist::Poisson { mean } => CountSampler::Table(InversionTable::poisson(mean)),
            CountDist::NegativeBinomial { mean, dispersion } => {
                CountSampler::Table(InversionTable::negative_binomial(mean, dispersion))
            }
        }
    }

    /// One draw.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            CountSampler::Table(table) => table.sample(rng),
            CountSampler::Fixed(value) => {
                // Keep the stream in step with a random count.
                let _ = unit_uniform(rng);
                *value
            }
            large => large.sample_large(rng),
        }
    }

    /// Does every draw take exactly one `u64` (so that
    /// [`sample_bits`](Self::sample_bits) applies)?
    #[inline]
    pub fn takes_one_draw(&self) -> bool {
        matches!(self, CountSampler::Table(_) | CountSampler::Fixed(_))
    }

    /// The draw for a generator whose next `u64` is `bits`, when this
    /// sampler takes exactly that one `u64` (tables and constants, as
    /// [`sample`](Self::sample) does); `None` for the rejection samplers.
    #[inline]
    pub fn sample_bits(&self, bits: u64) -> Option<f64> {
        match self {
            CountSampler::Table(table) => Some(table.quantile_bits(bits)),
            CountSampler::Fixed(value) => Some(*value),
            _ => None,
        }
    }

    /// The rejection samplers, kept out of line so that the table path
    /// inlines into the engine's loop without their register pressure.
    #[inline(never)]
    fn sample_large<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            CountSampler::LargePoisson(p) => p.sample(rng),
            CountSampler::LargeNegativeBinomial(gamma) => {
                let lambda = gamma.sample(rng);
                Poisson::new(lambda).map_or(0.0, |p| p.sample(rng))
            }
            CountSampler::Table(_) | CountSampler::Fixed(_) => unreachable!("handled inline"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn moments(sampler: &CountSampler, n: usize) -> (f64, f64) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let draws: Vec<f64> = (0..n).map(|_| sampler.sample(&mut rng)).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        (mean, var)
    }

    #[test]
    fn large_means_fall_back_with_the_right_moments() {
        let n = 50_000;
        for dist in [
            CountDist::Poisson { mean: 1e6 },
            CountDist::NegativeBinomial {
                mean: 1e6,
                dispersion: 50.0,
            },
        ] {
            let s = CountSampler::new(&dist);
            assert!(!matches!(s, CountSampler::Table(_)));
            let (mean, var) = moments(&s, n);
            let sd = dist.sd();
            assert!(
                (mean - dist.mean()).abs() < 5.0 * sd / (n as f64).sqrt(),
                "{mean}"
            );
            assert!((var.sqrt() / sd - 1.0).abs() < 0.03, "{var}");
        }
    }

    #[test]
    fn shocks_scale_the_mean_and_fixed_counts_round() {
        let d = CountDist::Poisson { mean: 10.0 };
        assert_eq!(d.scaled(0.7).mean(), 7.0);
        assert_eq!(CountDist::Fixed { value: 8.0 }.scaled(0.7).mean(), 6.0);
        let zero = CountSampler::new(&d.scaled(0.0));
        assert_eq!(moments(&zero, 10).0, 0.0);
    }

    #[test]
    fn every_tabulated_or_fixed_draw_takes_one_u64() {
        use rand::Rng;
        for dist in [
            CountDist::Poisson { mean: 3.0 },
            CountDist::NegativeBinomial {
                mean: 260.0,
                dispersion: 20.0,
            },
            CountDist::Fixed { value: 4.0 },
        ] {
            let s = CountSampler::new(&dist);
            let (mut a, mut b) = (
                Xoshiro256PlusPlus::seed_from_u64(3),
                Xoshiro256PlusPlus::seed_from_u64(3),
            );
            for _ in 0..100 {
                s.sample(&mut a);
            }
            for _ in 0..100 {
                b.next_u64();
            }
            assert_eq!(a.next_u64(), b.next_u64(), "{dist:?}");
        }
    }
}
