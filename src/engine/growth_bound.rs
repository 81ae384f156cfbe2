//! A nowcast's bound on a growth indicator in the first simulated year
//! ("income in 2022 at most 70,515"), met by construction on redrawn
//! attempts instead of by drawing until one happens to meet it.
//!
//! With normal or lognormal growth, the year's growth (`1 + g`, or its
//! logarithm) is an affine function `offset + a . x` of the standard
//! normals `x` the attempt draws: that year's independent normals, which
//! the copula turns into every indicator's `z`, and the indicator's own
//! parameter draw when it has a `mean_sd`. The bound is then a half-space
//! `lo <= a . x <= hi`. Given the half-space, `x` is `x0` (an ordinary draw)
//! with its component along `a` replaced by a normal truncated to the
//! half-space: the component along `a` and the rest of `x0` are independent,
//! so this is exactly the conditional law. Correlated indicators move with
//! it, as they would under rejection.
//!
//! A shock that may or may not hit the indicator that year would be
//! reweighted by the bound under rejection (a hit that makes the bound
//! unlikely is kept less often), which a projection cannot do, so the bound
//! is projected only when every shock on the indicator is certain that year
//! (it hits, or cannot).
//!
//! Attempt 0 of a path is drawn as usual (the lane engine draws it for 64
//! paths at once); only the redraws of a path that broke a bound are
//! projected. That mixture is still the conditional law: the first attempt
//! is kept only when it meets every bound, and every later one is drawn
//! from the law given this bound and kept only when it meets the others.

use super::path::PathScratch;
use super::plan::Plan;
use crate::distr::GrowthDist;
use crate::distr::truncated::{normal_above, normal_below};

/// The one bound on a growth indicator in the first simulated year.
#[derive(Debug, Clone)]
pub struct FirstYearBound {
    /// The indicator's position in the plan's growth list.
    growth: usize,
    /// Least and greatest level allowed.
    min: f64,
    max: f64,
}

impl FirstYearBound {
    /// The bound, when the plan has exactly one bound on a growth indicator
    /// in its first year, that indicator's first-year growth is normal or
    /// lognormal, nothing fixes that year (a pin or year-to-date growth) and
    /// no shock on it is left to chance that year.
    pub fn of(plan: &Plan) -> Option<Self> {
        let [(slot, min, max)] = plan.early_bounds.first()?.growth.as_slice() else {
            return None;
        };
        let growth = plan
            .growth
            .iter()
            .position(|g| g.indicator * plan.years == *slot)?;
        let g = &plan.growth[growth];
        let fixed =
            g.observed.first() == Some(&true) || g.pins.first().is_some_and(Option::is_some);
        let gaussian = matches!(
            g.by_year[0],
            GrowthDist::Normal { .. } | GrowthDist::LogNormal { .. }
        );
        let certain_shocks = g.shocks.iter().all(|&(k, _)| {
            let shock = &plan.shocks[k];
            !shock.active[0] || shock.probability <= 0.0 || shock.probability >= 1.0
        });
        (gaussian && !fixed && certain_shocks && plan.design.is_none()).then_some(FirstYearBound {
            growth,
            min: *min,
            max: *max,
        })
    }

    /// Replace the component of this year's normals (and the indicator's
    /// parameter draw) along the bound's direction by a truncated draw, so
    /// the indicator's first-year level meets the bound. `eps` are year 0's
    /// independent normals, not yet correlated. Returns false when no draw
    /// can meet it (the year's shocks alone put it out of reach).
    pub fn project<R: rand::Rng>(&self, plan: &Plan, rng: &mut R, s: &mut PathScratch) -> bool {
        let j = self.growth;
        let g = &plan.growth[j];
        let impact: f64 = g
            .shocks
            .iter()
            .filter(|(k, _)| s.hit[*k])
            .map(|(_, i)| i)
            .sum();
        let (lo, hi) = (self.min / g.base - impact, self.max / g.base - impact);
        let (offset, scale, lo, hi) = match g.by_year[0] {
            GrowthDist::LogNormal { mu, s: sd, .. } => {
                if hi <= 0.0 {
                    return false;
                }
                let lo = if lo > 0.0 { lo.ln() } else { f64::NEG_INFINITY };
                (mu, sd, lo, hi.ln())
            }
            GrowthDist::Normal { mean, sd } => (1.0 + mean, sd, lo, hi),
            _ => return true,
        };
        // The direction: the copula row of `j` scaled by the growth sd, and
        // the parameter draw scaled by `mean_sd` (the shift is added to
        // `1 + g` for normal growth and to its logarithm for lognormal).
        let n = s.eps.len();
        let mut a = vec![0.0; n + 1];
        match plan.copula.factor_row(j) {
            Some(row) => row.iter().zip(&mut a).for_each(|(r, a)| *a = scale * r),
            None => a[j] = scale,
        }
        let param = if g.mean_sd > 0.0 {
            s.shift_add[j] / g.mean_sd
        } else {
            0.0
        };
        a[n] = g.mean_sd;
        let norm = a.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm == 0.0 {
            return true;
        }
        let along = |eps: &[f64]| {
            (a[..n].iter().zip(eps).map(|(a, e)| a * e).sum::<f64>() + a[n] * param) / norm
        };
        let now = along(&s.eps);
        let (lo, hi) = ((lo - offset) / norm, (hi - offset) / norm);
        let wanted = if hi.is_finite() {
            normal_below(hi, rng)
        } else {
            normal_above(lo, rng)
        };
        let step = wanted - now;
        for (e, a) in s.eps.iter_mut().zip(&a) {
            *e += a / norm * step;
        }
        if g.mean_sd > 0.0 {
            let z = param + a[n] / norm * step;
            s.shift_add[j] = g.mean_sd * z;
            s.shift_mul[j] = crate::distr::exp::exp(g.mean_sd * z);
        }
        true
    }
}
