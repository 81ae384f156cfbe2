//! Wilson score interval for a binomial proportion.

/// The 97.5% point of the standard normal.
pub const Z95: f64 = 1.959_963_984_540_054;

/// 95% Wilson score interval for `hits` successes in `n` trials.
/// Unlike the normal approximation it stays inside [0, 1] and is sensible
/// for probabilities at or near 0 and 1.
pub fn wilson95(hits: u64, n: u64) -> [f64; 2] {
    if n == 0 {
        return [0.0, 1.0];
    }
    let n = n as f64;
    let p = hits as f64 / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    // At 0 or n hits the bound is exactly 0 or 1; rounding would leave 1e-18.
    let lo = if hits == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if hits as f64 == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    [lo, hi]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_reference_values() {
        // Reference: the closed form evaluated independently in Python.
        let [lo, hi] = wilson95(81, 263);
        assert!(
            (lo - 0.2553).abs() < 1e-4 && (hi - 0.3662).abs() < 1e-4,
            "{lo} {hi}"
        );
        let [lo, hi] = wilson95(0, 100);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.036_995).abs() < 1e-5, "{hi}");
        assert_eq!(wilson95(100, 100)[1], 1.0);
    }
}
