//! When an adaptive analysis stops adding paths to an estimate: once it is
//! told apart from the estimates it is ranked against (their 95% intervals
//! are disjoint), or once it is known to within [`RESOLUTION`].
//!
//! The intervals treat the probabilities they compare as independent. The
//! analyses run their variants on common random numbers, which makes the
//! differences less noisy than that, so the rule errs towards more paths.

use crate::stats::wilson::Z95;

/// Probabilities (and their differences) known to within this half-width
/// (one percentage point) get no more paths: a planner reads them in whole
/// points.
pub const RESOLUTION: f64 = 0.01;

/// An estimate and the half-width of its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The estimate.
    pub value: f64,
    /// Half-width of its 95% interval (0 for a value known exactly).
    pub half_width: f64,
}

impl Estimate {
    /// A value known exactly.
    pub fn exact(value: f64) -> Self {
        Estimate {
            value,
            half_width: 0.0,
        }
    }

    /// Is this estimate settled: within [`RESOLUTION`], or disjoint from
    /// every one of `others` (of which there is at least one)?
    pub fn settled<'a>(&self, others: impl Iterator<Item = &'a Estimate>) -> bool {
        let mut others = others.peekable();
        self.half_width <= RESOLUTION
            || (others.peek().is_some()
                && others.all(|o| (self.value - o.value).abs() > self.half_width + o.half_width))
    }
}

/// The variance of a probability estimated as `p` on `n` paths, floored at
/// `1 / n^2` so that a probability seen as 0 or 1 still has an interval.
pub fn variance(p: f64, n: u64) -> f64 {
    let n = n as f64;
    (p * (1.0 - p) / n).max(1.0 / (n * n))
}

/// The 95% half-width of a sum of independent estimates with these variances.
pub fn half_width(variances: &[f64]) -> f64 {
    Z95 * variances.iter().sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_estimate_settles_when_apart_from_the_others_or_precise() {
        let e = |value, half_width| Estimate { value, half_width };
        let wide = e(0.30, 0.05);
        assert!(wide.settled([e(0.10, 0.05), e(0.5, 0.1)].iter()));
        assert!(!wide.settled([e(0.10, 0.05), e(0.38, 0.04)].iter()));
        assert!(e(0.30, 0.01).settled([e(0.30, 0.05)].iter()));
        assert!(!e(0.30, 0.0101).settled([e(0.30, 0.0)].iter()));
        // Alone, only precision settles it.
        assert!(!wide.settled([].iter()));
    }

    #[test]
    fn the_variance_of_a_probability_has_a_floor() {
        assert_eq!(variance(0.5, 100), 0.0025);
        assert_eq!(variance(0.0, 100), 1e-4);
        assert_eq!(half_width(&[0.0025, 0.0025]), Z95 * 0.005f64.sqrt());
    }
}
