//! The Kolmogorov-Smirnov test of a sample against a distribution.

/// Kolmogorov-Smirnov statistic of `x` against `cdf`, and its asymptotic
/// p-value with Stephens' small-sample correction.
pub fn ks(x: &[f64], cdf: impl Fn(f64) -> f64) -> (f64, f64) {
    let mut sorted = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    let d = sorted
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let f = cdf(v);
            (f - i as f64 / n).max((i + 1) as f64 / n - f)
        })
        .fold(0.0, f64::max);
    (d, kolmogorov_p(d, n))
}

/// `P(D > d)` for `n` points (asymptotic, Stephens 1970).
pub fn kolmogorov_p(d: f64, n: f64) -> f64 {
    let lambda = (n.sqrt() + 0.12 + 0.11 / n.sqrt()) * d;
    if lambda < 0.2 {
        return 1.0;
    }
    let p: f64 = (1..=100)
        .map(|j| {
            let j = j as f64;
            let sign = if j as i64 % 2 == 1 { 1.0 } else { -1.0 };
            sign * (-2.0 * j * j * lambda * lambda).exp()
        })
        .sum::<f64>()
        * 2.0;
    p.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kolmogorov_p_matches_known_values() {
        // Large-n critical values: lambda 1.358 -> 0.05, 1.628 -> 0.01.
        let n: f64 = 1e12;
        assert!((kolmogorov_p(1.358 / n.sqrt(), n) - 0.05).abs() < 5e-4);
        assert!((kolmogorov_p(1.628 / n.sqrt(), n) - 0.01).abs() < 2e-4);
        assert_eq!(kolmogorov_p(0.0, 10.0), 1.0);
    }
}
