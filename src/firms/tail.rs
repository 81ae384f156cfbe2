//! The synthetic firm population: given the base-year count of firms at or
//! above each tier threshold, place the firms the roster does not name.
//!
//! Between two thresholds `T_k < T_{k-1}` holding `c_k` and `c_{k-1}` firms
//! at or above them, firm sizes follow a Pareto law whose exponent makes
//! both counts hold: `alpha_k = ln(c_k / c_{k-1}) / ln(T_{k-1} / T_k)` (a
//! piecewise Pareto tail, the standard shape of firm sizes). Above the
//! highest tier with firms, the exponent is the scenario's `top_alpha`.
//! Below the lowest threshold an optional lognormal body holds the smaller
//! firms that can grow into the lowest tier. Firms sit at the mid-quantiles
//! `(i + 1/2) / n` of each band, so the population is deterministic and
//! every tier count is reproduced exactly in the base year.

use super::TierFit;
use super::roster::RosterFirm;
use statrs::distribution::{ContinuousCDF, Normal};

/// A tier the tail must reproduce.
#[derive(Debug, Clone, PartialEq)]
pub struct TierSpec {
    /// The firm_count indicator it comes from.
    pub indicator: usize,
    /// Its id, for errors.
    pub id: String,
    /// Revenue threshold.
    pub threshold: f64,
    /// Firms at or above it in the base year.
    pub count: u64,
}

/// Firms below the lowest threshold: lognormal, truncated at it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Body {
    /// How many.
    pub count: u64,
    /// Median revenue of the untruncated lognormal.
    pub median: f64,
    /// Sd of log revenue.
    pub sigma: f64,
}

/// The base-year population.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    /// Revenue per firm: roster, then synthetic from the largest down.
    pub revenue: Vec<f64>,
    /// Sector per firm.
    pub sector_of: Vec<u8>,
    /// The tiers as matched, highest first.
    pub tiers: Vec<TierFit>,
}

/// Quantile `u` of a Pareto(`alpha`) law truncated to `[low, high)`.
fn truncated_pareto(low: f64, high: f64, alpha: f64, u: f64) -> f64 {
    if alpha <= 1e-12 {
        // The limit: log-uniform.
        return low * (high / low).powf(u);
    }
    let a = low.powf(-alpha);
    let b = if high.is_finite() {
        high.powf(-alpha)
    } else {
        0.0
    };
    (a - u * (a - b)).powf(-1.0 / alpha)
}

/// Build the population. `shares` split the synthetic firms' revenue among
/// sectors (largest firm first, each to the sector furthest below its share).
pub fn build(
    tiers: &[TierSpec],
    roster: &[RosterFirm],
    shares: &[f64],
    top_alpha: f64,
    body: Option<Body>,
) -> Result<Population, String> {
    let mut tiers = tiers.to_vec();
    tiers.sort_by(|a, b| b.threshold.total_cmp(&a.threshold));
    for w in tiers.windows(2) {
        if w[0].threshold == w[1].threshold {
            return Err(format!(
                "{} and {} have the same threshold {}",
                w[0].id, w[1].id, w[0].threshold
            ));
        }
        if w[0].count > w[1].count {
            return Err(format!(
                "tiers are nested: {} ({} firms at or above {}) cannot exceed {} ({} at or above {})",
                w[0].id, w[0].count, w[0].threshold, w[1].id, w[1].count, w[1].threshold
            ));
        }
    }
    let named_at_least = |t: f64| roster.iter().filter(|f| f.revenue >= t).count() as u64;
    let mut synthetic: Vec<f64> = Vec::new();
    let mut fits = Vec::new();
    let (mut above, mut named_above) = (0u64, 0u64);
    for (k, tier) in tiers.iter().enumerate() {
        let named = named_at_least(tier.threshold);
        let high = if k == 0 {
            f64::INFINITY
        } else {
            tiers[k - 1].threshold
        };
        let in_band = tier.count - above;
        let named_in_band = named - named_above;
        if named_in_band > in_band {
            return Err(format!(
                "the roster names {named_in_band} firm(s) between {} and {high} but {} allows only {in_band} there",
                tier.threshold, tier.id
            ));
        }
        let n = in_band - named_in_band;
        let alpha = if k > 0 && above > 0 && tier.count > above {
            (tier.count as f64 / above as f64).ln() / (high / tier.threshold).ln()
        } else {
            top_alpha
        };
        for i in 0..n {
            let u = (i as f64 + 0.5) / n as f64;
            synthetic.push(truncated_pareto(tier.threshold, high, alpha, u));
        }
        fits.push(TierFit {
            indicator: tier.indicator,
            threshold: tier.threshold,
            count: tier.count,
            named,
            alpha,
        });
        above = tier.count;
        named_above = named;
    }
    if let (Some(b), Some(lowest)) = (body, tiers.last()) {
        let mu = b.median.ln();
        let z_max = (lowest.threshold.ln() - mu) / b.sigma;
        let normal = Normal::new(0.0, 1.0).expect("standard normal");
        let f_max = normal.cdf(z_max);
        if b.count > 0 && f_max <= 0.0 {
            return Err(format!(
                "the body's median {} is so far above the lowest threshold {} that no firm fits below it",
                b.median, lowest.threshold
            ));
        }
        for i in 0..b.count {
            let u = (i as f64 + 0.5) / b.count as f64 * f_max;
            let x = (mu + b.sigma * normal.inverse_cdf(u)).exp();
            // Strictly below the threshold, whatever the rounding.
            synthetic.push(x.min(lowest.threshold * (1.0 - 1e-12)));
        }
    }
    synthetic.sort_by(|a, b| b.total_cmp(a));
    let mut assigned = vec![0.0; shares.len()];
    let mut total = 0.0;
    let mut sector_of: Vec<u8> = roster.iter().map(|f| f.sector as u8).collect();
    for &r in &synthetic {
        total += r;
        let (best, _) = shares
            .iter()
            .zip(&assigned)
            .map(|(share, done)| share * total - done)
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |best, (k, deficit)| {
                if deficit > best.1 { (k, deficit) } else { best }
            });
        assigned[best] += r;
        sector_of.push(best as u8);
    }
    let mut revenue: Vec<f64> = roster.iter().map(|f| f.revenue).collect();
    revenue.extend(synthetic);
    Ok(Population {
        revenue,
        sector_of,
        tiers: fits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(id: &str, threshold: f64, count: u64) -> TierSpec {
        TierSpec {
            indicator: 0,
            id: id.into(),
            threshold,
            count,
        }
    }

    #[test]
    fn every_tier_count_is_reproduced_exactly() {
        let tiers = [
            tier("t1000", 1000.0, 0),
            tier("t100", 100.0, 20),
            tier("t10", 10.0, 100),
            tier("t02", 0.2, 2700),
        ];
        let roster = [RosterFirm {
            name: "A".into(),
            sector: 0,
            revenue: 850.0,
        }];
        let body = Body {
            count: 1500,
            median: 0.08,
            sigma: 0.8,
        };
        let p = build(&tiers, &roster, &[0.5, 0.3, 0.2], 1.1, Some(body)).unwrap();
        for t in &tiers {
            let n = p.revenue.iter().filter(|&&r| r >= t.threshold).count() as u64;
            assert_eq!(n, t.count, "{}", t.id);
        }
        assert_eq!(p.revenue.len(), 2700 + 1500);
        // Alpha between 10 and 100: ln(100/20)/ln(10).
        let fit = p.tiers.iter().find(|f| f.threshold == 10.0).unwrap();
        assert!((fit.alpha - 5f64.ln() / 10f64.ln()).abs() < 1e-12);
        // Synthetic revenue is split close to the shares.
        let synthetic: f64 = p.revenue[1..].iter().sum();
        let first: f64 = p.revenue[1..]
            .iter()
            .zip(&p.sector_of[1..])
            .filter(|(_, s)| **s == 0)
            .map(|(r, _)| r)
            .sum();
        assert!((first / synthetic - 0.5).abs() < 0.01);
    }

    #[test]
    fn inconsistent_tiers_are_refused() {
        let err = build(
            &[tier("a", 100.0, 5), tier("b", 10.0, 3)],
            &[],
            &[1.0],
            1.0,
            None,
        );
        assert!(err.unwrap_err().contains("tiers are nested"));
        let roster: Vec<RosterFirm> = (0..3)
            .map(|i| RosterFirm {
                name: format!("f{i}"),
                sector: 0,
                revenue: 500.0,
            })
            .collect();
        let err = build(&[tier("a", 100.0, 2)], &roster, &[1.0], 1.0, None);
        assert!(err.unwrap_err().contains("the roster names 3 firm(s)"));
    }
}
