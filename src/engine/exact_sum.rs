//! Exact floating-point summation (Shewchuk's algorithm, as in Python's
//! `math.fsum`). The result is the correctly rounded sum whatever the order
//! of additions, which is what lets partial results from any number of
//! threads (or machines) merge into byte-identical means. Hand-written:
//! it is short, and it must be mergeable, which summation crates are not.

/// A running sum kept exactly as non-overlapping partials.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ExactSum {
    partials: Vec<f64>,
    /// Sum of non-finite inputs (inf/NaN), which cannot be held in partials.
    special: f64,
}

/// Two sums are equal when they hold the same total, however it is split
/// into partials.
impl PartialEq for ExactSum {
    fn eq(&self, other: &Self) -> bool {
        self.value().to_bits() == other.value().to_bits()
    }
}

impl ExactSum {
    /// An empty sum.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one value exactly.
    pub fn add(&mut self, mut x: f64) {
        if !x.is_finite() {
            self.special += x;
            return;
        }
        let mut kept = 0;
        for j in 0..self.partials.len() {
            let mut y = self.partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        if !x.is_finite() {
            // The partials overflowed: fall back to the special accumulator.
            self.partials.truncate(kept);
            self.special += x;
            return;
        }
        self.partials.truncate(kept);
        self.partials.push(x);
    }

    /// Add everything another sum holds.
    pub fn merge(&mut self, other: &ExactSum) {
        for &p in &other.partials {
            self.add(p);
        }
        self.special += other.special;
    }

    /// The correctly rounded total.
    pub fn value(&self) -> f64 {
        if self.special != 0.0 || self.special.is_nan() {
            return self.special;
        }
        let p = &self.partials;
        let mut n = p.len();
        if n == 0 {
            return 0.0;
        }
        n -= 1;
        let mut hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        // Round half-even correctly when the remaining partials push it over.
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
        hi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_where_naive_summation_fails() {
        let mut s = ExactSum::new();
        for x in [1e100, 1.0, -1e100, 1e-100] {
            s.add(x);
        }
        assert_eq!(s.value(), 1.0 + 1e-100);
        let mut t = ExactSum::new();
        for _ in 0..10 {
            t.add(0.1);
        }
        assert_eq!(t.value(), 1.0);
    }

    #[test]
    fn order_and_grouping_do_not_matter() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| ((i * 7919) % 1000) as f64 * 1.37e3 / (i + 1) as f64)
            .collect();
        let mut forward = ExactSum::new();
        xs.iter().for_each(|&x| forward.add(x));
        let mut backward = ExactSum::new();
        xs.iter().rev().for_each(|&x| backward.add(x));
        let (mut a, mut b) = (ExactSum::new(), ExactSum::new());
        xs[..333].iter().for_each(|&x| a.add(x));
        xs[333..].iter().for_each(|&x| b.add(x));
        b.merge(&a);
        assert_eq!(forward.value().to_bits(), backward.value().to_bits());
        assert_eq!(forward.value().to_bits(), b.value().to_bits());
    }
}
