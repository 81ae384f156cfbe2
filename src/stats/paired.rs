//! The difference of two probabilities estimated on the same paths.

/// Difference `p_this - p_base` and its 95% interval from paired counts.
pub fn paired_difference(only_base: u64, only_this: u64, paths: u64) -> (f64, [f64; 2]) {
    let n = paths as f64;
    let diff = (only_this as f64 - only_base as f64) / n;
    // Per-path difference D is -1, 0 or 1: Var(D) = E[D^2] - E[D]^2.
    let var = ((only_this + only_base) as f64 / n - diff * diff).max(0.0);
    let half = super::wilson::Z95 * (var / n).sqrt();
    (diff, [diff - half, diff + half])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_interval_matches_the_closed_form() {
        // 1000 paths: 30 only in the base, 80 only in the variant.
        let (d, [lo, hi]) = paired_difference(30, 80, 1000);
        assert!((d - 0.05).abs() < 1e-15);
        let se = ((110.0 / 1000.0 - 0.0025) / 1000.0f64).sqrt();
        assert!(
            (hi - d - 1.959_963_984_540_054 * se).abs() < 1e-12
                && (d - lo - (hi - d)).abs() < 1e-15
        );
        assert_eq!(paired_difference(0, 0, 10), (0.0, [0.0, 0.0]));
    }
}
