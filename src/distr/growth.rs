//! Growth-rate distributions `g`, each expressed as a transform of one
//! standard normal draw `z` so that any of them can sit in the Gaussian copula.

use super::normal::copula_uniform;
use super::ztable::ZTable;
use statrs::distribution::{Beta, Continuous, ContinuousCDF, StudentsT};
use std::sync::Arc;

/// A validated distribution of a yearly growth rate `g` (0.05 = +5%).
#[derive(Debug, Clone)]
pub enum GrowthDist {
    /// `g ~ N(mean, sd^2)`.
    Normal {
        /// Mean of `g`.
        mean: f64,
        /// Standard deviation of `g`.
        sd: f64,
    },
    /// `ln(1+g) ~ N(mu, s^2)`, parameterised by the mean and sd of `g` itself.
    LogNormal {
        /// Mean of `g`.
        mean: f64,
        /// Standard deviation of `g`.
        sd: f64,
        /// Mean of `ln(1+g)`.
        mu: f64,
        /// Standard deviation of `ln(1+g)`.
        s: f64,
    },
    /// Student's t with `df > 2` degrees of freedom, scaled so its sd is `sd`.
    StudentT {
        /// Mean of `g`.
        mean: f64,
        /// Standard deviation of `g`.
        sd: f64,
        /// Degrees of freedom.
        df: f64,
        /// `sd * sqrt((df-2)/df)`: the scale of the standard t.
        scale: f64,
        /// The standard t (location 0, scale 1).
        standard: StudentsT,
        /// Its transform from the copula normal, tabulated.
        table: Arc<ZTable>,
    },
    /// Triangular on `[min, max]` with peak at `mode`.
    Triangular {
        /// Lower bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// PERT: `min + (max-min) * Beta(1 + 4(mode-min)/(max-min), 1 + 4(max-mode)/(max-min))`.
    Pert {
        /// Lower bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
        /// The beta on [0, 1].
        beta: Beta,
        /// Its transform from the copula normal, tabulated.
        table: Arc<ZTable>,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Always `value`.
    Fixed {
        /// The growth rate.
        value: f64,
    },
}

impl GrowthDist {
    /// Lognormal from the mean and sd of `g` (the scenario format's convention).
    pub fn lognormal(mean: f64, sd: f64) -> Self {
        let s2 = (sd * sd / ((1.0 + mean) * (1.0 + mean))).ln_1p();
        let mu = mean.ln_1p() - s2 / 2.0;
        GrowthDist::LogNormal {
            mean,
            sd,
            mu,
            s: s2.sqrt(),
        }
    }

    /// Student's t scaled so that its standard deviation is `sd`; needs `df > 2`.
    pub fn student_t(mean: f64, sd: f64, df: f64) -> Option<Self> {
        let standard = StudentsT::new(0.0, 1.0, df).ok()?;
        let table = Arc::new(ZTable::new(
            |u| standard.inverse_cdf(u),
            |x| standard.pdf(x),
        ));
        (df > 2.0).then(|| GrowthDist::StudentT {
            mean,
            sd,
            df,
            scale: sd * ((df - 2.0) / df).sqrt(),
            standard,
            table,
        })
    }

    /// PERT on `[min, max]`; needs `min <= mode <= max` and `min < max`.
    pub fn pert(min: f64, mode: f64, max: f64) -> Option<Self> {
        let range = max - min;
        let alpha = 1.0 + 4.0 * (mode - min) / range;
        let beta = 1.0 + 4.0 * (max - mode) / range;
        let beta = Beta::new(alpha, beta).ok()?;
        let table = Arc::new(ZTable::new(|u| beta.inverse_cdf(u), |x| beta.pdf(x)));
        Some(GrowthDist::Pert {
            min,
            mode,
            max,
            beta,
            table,
        })
    }

    /// The growth rate for the copula normal `z`: `F^-1(Phi(z))`, which for the
    /// normal and lognormal reduces to an affine map (no CDF round trip).
    #[inline]
    pub fn from_normal(&self, z: f64) -> f64 {
        match self {
            GrowthDist::Normal { mean, sd } => mean + sd * z,
            GrowthDist::LogNormal { mu, s, .. } => (mu + s * z).exp_m1(),
            GrowthDist::Fixed { value } => *value,
            GrowthDist::Uniform { min, max } => min + (max - min) * copula_uniform(z),
            GrowthDist::Triangular { min, mode, max } => {
                triangular_quantile(*min, *mode, *max, copula_uniform(z))
            }
            GrowthDist::Pert {
                min,
                max,
                beta,
                table,
                ..
            } => {
                let x = table
                    .eval(z)
                    .unwrap_or_else(|| beta.inverse_cdf(copula_uniform(z)));
                min + (max - min) * x
            }
            GrowthDist::StudentT {
                mean,
                scale,
                standard,
                table,
                ..
            } => {
                let t = table
                    .eval(z)
                    .unwrap_or_else(|| standard.inverse_cdf(copula_uniform(z)));
                mean + scale * t
            }
        }
    }

    /// The growth factor `1 + g` for the copula normal `z`: what the engine
    /// multiplies levels by. The lognormal's factor is `exp(mu + s z)`
    /// directly, which is cheaper than `1 + expm1(...)`. The crate's own
    /// [`exp`](super::exp::exp) rather than the platform's: the same bits on
    /// every machine and C library (sharded runs rely on it) and in the
    /// engine's vectorised lanes.
    #[inline]
    pub fn factor(&self, z: f64) -> f64 {
        match self {
            GrowthDist::Normal { mean, sd } => 1.0 + mean + sd * z,
            GrowthDist::LogNormal { mu, s, .. } => super::exp::exp(mu + s * z),
            other => 1.0 + other.from_normal(z),
        }
    }

    /// Mean of `g`.
    pub fn mean(&self) -> f64 {
        match self {
            GrowthDist::Normal { mean, .. }
            | GrowthDist::LogNormal { mean, .. }
            | GrowthDist::StudentT { mean, .. } => *mean,
            GrowthDist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            GrowthDist::Pert { min, mode, max, .. } => (min + 4.0 * mode + max) / 6.0,
            GrowthDist::Uniform { min, max } => (min + max) / 2.0,
            GrowthDist::Fixed { value } => *value,
        }
    }

    /// Standard deviation of `g`.
    pub fn sd(&self) -> f64 {
        match self {
            GrowthDist::Normal { sd, .. }
            | GrowthDist::LogNormal { sd, .. }
            | GrowthDist::StudentT { sd, .. } => *sd,
            GrowthDist::Triangular { min, mode, max } => {
                ((min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18.0)
                    .sqrt()
            }
            GrowthDist::Pert { min, max, beta, .. } => {
                let (a, b) = (beta.shape_a(), beta.shape_b());
                (max - min) * (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt()
            }
            GrowthDist::Uniform { min, max } => (max - min) / 12f64.sqrt(),
            GrowthDist::Fixed { .. } => 0.0,
        }
    }

    /// Short human-readable description, e.g. `normal(mean 0.05, sd 0.04)`.
    pub fn describe(&self) -> String {
        match self {
            GrowthDist::Normal { mean, sd } => format!("normal(mean {mean}, sd {sd})"),
            GrowthDist::LogNormal { mean, sd, .. } => format!("lognormal(mean {mean}, sd {sd})"),
            GrowthDist::StudentT { mean, sd, df, .. } => {
                format!("student_t(mean {mean}, sd {sd}, df {df})")
            }
            GrowthDist::Triangular { min, mode, max } => {
                format!("triangular({min}, {mode}, {max})")
            }
            GrowthDist::Pert { min, mode, max, .. } => format!("pert({min}, {mode}, {max})"),
            GrowthDist::Uniform { min, max } => format!("uniform({min}, {max})"),
            GrowthDist::Fixed { value } => format!("fixed({value})"),
        }
    }
}

/// Inverse CDF of the triangular distribution.
fn triangular_quantile(min: f64, mode: f64, max: f64, u: f64) -> f64 {
    let range = max - min;
    if range == 0.0 {
        return min;
    }
    let split = (mode - min) / range;
    if u < split {
        min + (u * range * (mode - min)).sqrt()
    } else {
        max - ((1.0 - u) * range * (max - mode)).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::distr::normal::standard_normal_cdf;
    use statrs::distribution::{ContinuousCDF, Normal};

    fn z_for(u: f64) -> f64 {
        Normal::standard().inverse_cdf(u)
    }

    #[test]
    fn lognormal_parameters_match_the_format_definition() {
        let GrowthDist::LogNormal { mu, s, .. } = GrowthDist::lognormal(0.05, 0.04) else {
            unreachable!()
        };
        let s2 = (1.0f64 + 0.04f64.powi(2) / 1.05f64.powi(2)).ln();
        assert!((s * s - s2).abs() < 1e-15);
        assert!((mu - (1.05f64.ln() - s2 / 2.0)).abs() < 1e-15);
        // E[exp(N(mu, s^2))] - 1 is the requested mean.
        assert!(((mu + s * s / 2.0).exp() - 1.05).abs() < 1e-12);
    }

    #[test]
    fn quantile_transforms_invert_their_cdfs() {
        let tri = GrowthDist::Triangular {
            min: -0.1,
            mode: 0.02,
            max: 0.1,
        };
        for u in [0.01, 0.3, 0.6, 0.99] {
            let g = tri.from_normal(z_for(u));
            // Triangular CDF written out directly.
            let cdf = if g < 0.02 {
                (g + 0.1).powi(2) / (0.2 * 0.12)
            } else {
                1.0 - (0.1 - g).powi(2) / (0.2 * 0.08)
            };
            assert!((cdf - u).abs() < 1e-9, "u {u}: cdf {cdf}");
        }
        let pert = GrowthDist::pert(-0.05, 0.03, 0.08).unwrap();
        let GrowthDist::Pert { beta, .. } = &pert else {
            unreachable!()
        };
        for u in [0.05, 0.5, 0.95] {
            let g = pert.from_normal(z_for(u));
            assert!((beta.cdf((g + 0.05) / 0.13) - u).abs() < 1e-8);
        }
        let t = GrowthDist::student_t(0.05, 0.04, 5.0).unwrap();
        let standard = StudentsT::new(0.0, 1.0, 5.0).unwrap();
        for u in [0.025, 0.5, 0.9] {
            let g = t.from_normal(z_for(u));
            let scale = 0.04 * (3.0f64 / 5.0).sqrt();
            assert!((standard.cdf((g - 0.05) / scale) - u).abs() < 1e-8);
        }
        let uni = GrowthDist::Uniform { min: 0.0, max: 0.1 };
        assert!((uni.from_normal(z_for(0.25)) - 0.025).abs() < 1e-12);
    }

    /// The tabulated transform is judged by what sampling needs: the
    /// uniform it implies, `F(g(z))`, against `Phi(z)`. (Comparing values
    /// with statrs' inverse is not meaningful where the CDF is flat to
    /// within an ulp, near u = 1 - 1e-15: both are then equally right.)
    #[test]
    fn tabulated_transforms_imply_the_right_uniform() {
        let cases = [
            GrowthDist::pert(-0.05, 0.03, 0.1).unwrap(),
            GrowthDist::pert(0.0, 0.0, 0.2).unwrap(),
            GrowthDist::pert(-0.1, 0.1, 0.1).unwrap(),
            GrowthDist::student_t(0.05, 0.04, 3.0).unwrap(),
            GrowthDist::student_t(0.05, 0.04, 30.0).unwrap(),
        ];
        for d in &cases {
            let cdf = |g: f64| match d {
                GrowthDist::Pert { min, max, beta, .. } => beta.cdf((g - min) / (max - min)),
                GrowthDist::StudentT {
                    mean,
                    scale,
                    standard,
                    ..
                } => standard.cdf((g - mean) / scale),
                _ => unreachable!(),
            };
            let mut worst: f64 = 0.0;
            for k in 0..20_000 {
                let z = -7.99 + 15.98 * (k as f64 + 0.37) / 20_000.0;
                worst = worst.max((cdf(d.from_normal(z)) - standard_normal_cdf(z)).abs());
            }
            assert!(worst < 1e-12, "{}: worst CDF error {worst:e}", d.describe());
        }
    }

    #[test]
    fn moments_of_shaped_distributions() {
        let tri = GrowthDist::Triangular {
            min: 0.0,
            mode: 0.0,
            max: 0.3,
        };
        assert!((tri.mean() - 0.1).abs() < 1e-15);
        assert!((tri.sd() - (0.09f64 / 18.0).sqrt()).abs() < 1e-15);
        let t = GrowthDist::student_t(0.05, 0.04, 5.0).unwrap();
        assert_eq!(t.sd(), 0.04);
        assert!(GrowthDist::student_t(0.0, 0.1, 2.0).is_none());
        // Symmetric PERT(0, 0.5, 1) is Beta(3, 3): sd = sqrt(9 / (36 * 7)).
        let pert = GrowthDist::pert(0.0, 0.5, 1.0).unwrap();
        assert!((pert.sd() - (9.0f64 / 252.0).sqrt()).abs() < 1e-15);
    }
}
