//! Exact sampling of a discrete distribution on 0, 1, 2, ... by inversion of
//! its CDF, with a guide table (Chen & Asau 1974) so that a draw costs one
//! uniform and about two comparisons whatever the mean.
//!
//! Hand-written because rand_distr's Poisson costs 10-30 ns a draw at the
//! means the Kunshan scenarios use and has no negative binomial; inversion
//! is also monotone in the uniform, which keeps variants of a scenario on
//! common random numbers. BENCHMARKS.md has the measured speeds.

use rand::Rng;

/// A discrete distribution prepared for inversion sampling.
///
/// The CDF is kept in units of 2^-53 as integers, and the uniform is the top
/// 53 bits of a `u64`, so a draw compares integers and finds its guide entry
/// by a shift: no conversion to floating point in the hot loop.
#[derive(Debug, Clone)]
pub struct InversionTable {
    /// `cdf[k] = P(X <= k)` for `k = 0..=last`.
    cdf: Vec<f64>,
    /// `scaled_cdf[k] = ceil(cdf[k] * 2^53)`; the last entry is 2^53. For a
    /// whole number `U`, `cdf[k] * 2^53 > U` exactly when `scaled_cdf[k] > U`,
    /// so this picks the same `k` as comparing in floating point.
    scaled_cdf: Vec<u64>,
    /// `guide[j]`: the smallest `k` with `scaled_cdf[k] > j * 2^53 / guide.len()`.
    guide: Vec<u32>,
    /// `64 - log2(guide.len())`: `u64 >> guide_shift` is a guide index.
    guide_shift: u32,
}

/// 2^53 as an integer and as a float.
const UNIT: u64 = 1 << 53;

/// Uniform in [0, 1) from the top 53 bits of one `u64`.
#[inline]
pub fn unit_uniform<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

impl InversionTable {
    /// Poisson with mean `mean > 0`.
    pub fn poisson(mean: f64) -> Self {
        Self::build(|k| mean / (k + 1.0), 0.0, mean.floor())
    }

    /// Negative binomial with mean `mean > 0` and dispersion `r > 0`
    /// (variance `mean + mean^2 / r`).
    pub fn negative_binomial(mean: f64, r: f64) -> Self {
        let q = mean / (r + mean);
        let mode = if r > 1.0 {
            ((r - 1.0) * mean / r).floor()
        } else {
            0.0
        };
        Self::build(|k| (k + r) / (k + 1.0) * q, q, mode)
    }

    /// Roughly how many entries a Poisson table needs.
    pub fn poisson_entries(mean: f64) -> f64 {
        mean + 12.0 * mean.sqrt() + 16.0
    }

    /// Roughly how many entries a negative binomial table needs: its tail
    /// falls like `q^k` with `q = m/(r+m)`, and 1e-20 takes 46 e-foldings.
    pub fn negative_binomial_entries(mean: f64, r: f64) -> f64 {
        let sd = (mean + mean * mean / r).sqrt();
        (mean + 12.0 * sd).max(mean + 46.0 * (r + mean) / r) + 16.0
    }

    /// Tabulate from the pmf ratio `p(k+1) / p(k)`, whose limit for large k
    /// is `asymptotic_ratio` (< 1). Weights run out from the mode by the
    /// ratio and are normalised at the end: computing each `p(k)` from
    /// `lgamma` would carry lgamma's absolute error (about 1e-16 k ln k)
    /// into every term, 2e-12 in the CDF at a mean of 5000. The table ends
    /// where the remaining tail, bounded by a geometric series, is below
    /// 1e-20 of the total.
    fn build(ratio: impl Fn(f64) -> f64, asymptotic_ratio: f64, mode: f64) -> Self {
        let mode = mode as usize;
        let mut weight = vec![0.0; mode + 1];
        weight[mode] = 1.0;
        for k in (0..mode).rev() {
            weight[k] = weight[k + 1] / ratio(k as f64);
        }
        let mut k = mode;
        loop {
            let step = ratio(k as f64);
            let bound = step.max(asymptotic_ratio);
            let next = weight[k] * step;
            if bound < 1.0 && next * (1.0 / (1.0 - bound)) < 1e-20 {
                break;
            }
            weight.push(next);
            k += 1;
        }
        // Sum from the smallest terms up for accuracy, then accumulate.
        let total: f64 = {
            let mut sorted = weight.clone();
            sorted.sort_by(f64::total_cmp);
            sorted.iter().sum()
        };
        let mut cdf = Vec::with_capacity(weight.len());
        let mut running = 0.0;
        for w in &weight {
            running += w / total;
            cdf.push(running);
        }
        // The mass beyond the table is below 1e-20, under the spacing of
        // doubles near 1 (1.1e-16): pinning the top to 1 makes every u in
        // [0, 1) land in the table and changes no draw but with probability
        // at the level of rounding.
        let n = cdf.len();
        cdf[n - 1] = 1.0;
        let scaled_cdf: Vec<u64> = cdf
            .iter()
            .map(|&c| (c * UNIT as f64).ceil() as u64)
            .collect();
        // A guide four times the table, rounded up to a power of two: a
        // draw then scans past its guide entry with probability below 1/4.
        let size = (4 * n).next_power_of_two();
        let guide_shift = 64 - size.trailing_zeros();
        let step = UNIT / size as u64;
        let mut guide = Vec::with_capacity(size);
        let mut k = 0usize;
        for j in 0..size as u64 {
            while k < n - 1 && scaled_cdf[k] <= j * step {
                k += 1;
            }
            guide.push(k as u32);
        }
        InversionTable {
            cdf,
            scaled_cdf,
            guide,
            guide_shift,
        }
    }

    /// The smallest `k` with `P(X <= k) > u`, for `u` in [0, 1).
    pub fn quantile(&self, u: f64) -> f64 {
        self.quantile_bits(((u * UNIT as f64) as u64) << 11)
    }

    /// The draw for the raw `u64` `x`: the uniform is its top 53 bits.
    #[inline]
    pub fn quantile_bits(&self, x: u64) -> f64 {
        let u = x >> 11;
        let mut k = self.guide[(x >> self.guide_shift) as usize] as usize;
        // scaled_cdf[last] = 2^53 > u stops the scan inside the table.
        while self.scaled_cdf[k] <= u {
            k += 1;
        }
        k as f64
    }

    /// One draw: exactly one `u64` from `rng`.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.quantile_bits(rng.next_u64())
    }

    /// `P(X <= k)` as tabulated (for tests).
    pub fn cdf(&self, k: usize) -> f64 {
        self.cdf[k.min(self.cdf.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference CDFs computed with mpmath at 30 digits: the regularised
    /// incomplete gamma Q(k+1, m) for the Poisson and I_p(r, k+1) with
    /// p = r/(r+m) for the negative binomial.
    #[test]
    fn tabulated_cdf_matches_high_precision_references() {
        let poisson = [
            (3.0, 1, 0.199_148_273_471_455_77),
            (3.0, 6, 0.966_491_464_691_158_8),
            (40.0, 40, 0.541_918_178_362_537),
            (300.0, 280, 0.129_525_224_267_880_15),
            (5000.0, 5000, 0.503_761_167_770_846_7),
            (5000.0, 5150, 0.983_005_034_129_275_1),
        ];
        for (mean, k, want) in poisson {
            let got = InversionTable::poisson(mean).cdf(k);
            assert!(
                (got - want).abs() < 1e-14,
                "poisson({mean}) cdf({k}) = {got}, want {want}"
            );
        }
        let nb = [
            (650.0, 30.0, 600, 0.360_513_495_043_918_6),
            (650.0, 30.0, 900, 0.971_872_365_745_098_7),
            (5.0, 2.0, 3, 0.442_196_703_754_388),
        ];
        for (mean, r, k, want) in nb {
            let got = InversionTable::negative_binomial(mean, r).cdf(k);
            assert!(
                (got - want).abs() < 1e-14,
                "nb({mean}, {r}) cdf({k}) = {got}, want {want}"
            );
        }
    }

    #[test]
    fn quantile_inverts_the_cdf() {
        let t = InversionTable::poisson(7.5);
        for u in [0.0, 1e-9, 0.1, 0.5, 0.999_999, 1.0 - f64::EPSILON] {
            let k = t.quantile(u) as usize;
            assert!(t.cdf(k) > u, "u {u}: cdf({k}) = {}", t.cdf(k));
            assert!(k == 0 || t.cdf(k - 1) <= u, "u {u}: k {k} not the smallest");
        }
    }
}
