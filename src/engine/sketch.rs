//! A mergeable quantile summary: a log-linear histogram keyed directly on
//! the bits of an `f64` (the HdrHistogram idea). Each power of two is split
//! into 2^SUB_BITS buckets, so every quantile it reports is within
//! [`RELATIVE_ACCURACY`] of the exact sample quantile, while memory depends
//! only on the range of values, never on the number of paths. Merging adds
//! integer counts, so it is exact and order-independent.
//!
//! A quantile is interpolated by rank inside its bucket (values spread
//! evenly), which keeps it inside the bucket, hence within the bound, and
//! avoids the artificial grid that bucket midpoints would show. When every
//! value recorded is a whole number (count indicators) the answer is a
//! whole number, exact wherever buckets are narrower than 1 (below 2048).

/// Buckets per power of two: 2^SUB_BITS.
const SUB_BITS: u32 = 11;
const SHIFT: u32 = 52 - SUB_BITS;

/// Largest relative error of a reported quantile against the exact sample
/// quantile: one bucket width relative to its lower edge, 2^-11 (about 0.049%).
pub const RELATIVE_ACCURACY: f64 = 1.0 / (1u64 << SUB_BITS) as f64;

/// Rank (1-based) of the q-quantile among `n` sorted values, by the inverse
/// of the empirical CDF: the smallest value with at least `q*n` values at
/// or below it (Hyndman & Fan type 1).
pub fn quantile_rank(q: f64, n: u64) -> u64 {
    // The small epsilon keeps q*n = 5.000000000000001 from becoming rank 6.
    ((q * n as f64 - 1e-9).ceil() as u64).clamp(1, n.max(1))
}

#[inline]
fn key(magnitude: f64) -> i64 {
    (magnitude.to_bits() >> SHIFT) as i64
}

/// `[lo, hi)`: the magnitudes that fall in bucket `key`.
fn bucket_bounds(key: i64) -> (f64, f64) {
    (
        f64::from_bits((key as u64) << SHIFT),
        f64::from_bits(((key + 1) as u64) << SHIFT),
    )
}

/// Largest key a value can have (infinity's).
const MAX_KEY: i64 = (f64::INFINITY.to_bits() >> SHIFT) as i64;

/// Contiguous counts for a range of keys, grown on demand.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct DenseStore {
    offset: i64,
    counts: Vec<u64>,
}

/// Equal when the same keys hold the same counts, whatever the allocated range.
impl PartialEq for DenseStore {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl DenseStore {
    #[inline]
    fn add(&mut self, key: i64, n: u64) {
        let idx = key - self.offset;
        if idx >= 0 && (idx as usize) < self.counts.len() {
            self.counts[idx as usize] += n;
        } else {
            self.grow_to(key);
            self.counts[(key - self.offset) as usize] += n;
        }
    }

    #[cold]
    fn grow_to(&mut self, key: i64) {
        if self.counts.is_empty() {
            self.offset = key - 64;
            self.counts = vec![0; 128];
            return;
        }
        let len = self.counts.len() as i64;
        let slack = (len / 2).max(64);
        let lo = self.offset.min(key - slack);
        let hi = (self.offset + len).max(key + 1 + slack);
        let mut counts = vec![0; (hi - lo) as usize];
        let start = (self.offset - lo) as usize;
        counts[start..start + self.counts.len()].copy_from_slice(&self.counts);
        self.offset = lo;
        self.counts = counts;
    }

    fn merge(&mut self, other: &DenseStore) {
        for (i, &c) in other.counts.iter().enumerate() {
            if c > 0 {
                self.add(other.offset + i as i64, c);
            }
        }
    }

    /// Check a store read from a file: a range within twice the possible
    /// keys, and counts only at keys a value can have. Returns the total.
    fn validate(&self) -> Result<u64, String> {
        let span = 2 * (MAX_KEY + 1);
        if self.counts.len() as i64 > span || self.offset.abs() > span {
            return Err(format!(
                "a histogram spans {} buckets from key {}, more than values can have",
                self.counts.len(),
                self.offset
            ));
        }
        let mut total: u64 = 0;
        for (key, count) in self.iter() {
            if !(0..=MAX_KEY).contains(&key) {
                return Err(format!(
                    "a histogram counts values at key {key}, which no value has"
                ));
            }
            total = total
                .checked_add(count)
                .ok_or("a histogram's counts overflow")?;
        }
        Ok(total)
    }

    /// `(key, count)` in ascending key order, skipping empty buckets.
    fn iter(&self) -> impl DoubleEndedIterator<Item = (i64, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, &c)| (self.offset + i as i64, c))
    }
}

/// Streaming summary of one quantity (one indicator in one year).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuantileSketch {
    positive: DenseStore,
    negative: DenseStore,
    zeros: u64,
    nans: u64,
    /// Set at construction for count data (checking every value would cost
    /// a `fract` per insert in the hot loop).
    whole_numbers: bool,
}

impl QuantileSketch {
    /// An empty sketch for any values.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty sketch for whole numbers (counts): its quantiles are whole
    /// numbers, exact below 2048.
    pub fn for_whole_numbers() -> Self {
        QuantileSketch {
            whole_numbers: true,
            ..Self::default()
        }
    }

    /// Record one value. Kept to one bucket increment: the total count is
    /// derived when a quantile is asked for, not kept per insert.
    #[inline]
    pub fn insert(&mut self, x: f64) {
        debug_assert!(!self.whole_numbers || x.fract() == 0.0, "{x} is not whole");
        if x > 0.0 {
            self.positive.add(key(x), 1);
        } else if x < 0.0 {
            self.negative.add(key(-x), 1);
        } else if x == 0.0 {
            self.zeros += 1;
        } else {
            self.nans += 1;
        }
    }

    /// Add another sketch's values.
    pub fn merge(&mut self, other: &QuantileSketch) {
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.zeros += other.zeros;
        self.nans += other.nans;
        self.whole_numbers &= other.whole_numbers;
    }

    /// Number of (non-NaN) values recorded.
    pub fn count(&self) -> u64 {
        let stored = |s: &DenseStore| s.counts.iter().sum::<u64>();
        self.zeros + stored(&self.positive) + stored(&self.negative)
    }

    /// Check a sketch read from a file: valid histograms, whole-number
    /// buckets that can hold a whole number. Returns the values it holds,
    /// NaNs included.
    pub fn validate(&self) -> Result<u64, String> {
        let stored = self.positive.validate()?;
        let negative = self.negative.validate()?;
        if self.whole_numbers {
            for (lo, hi, _) in self.buckets() {
                let (first, last) = self.whole_range(lo, hi);
                if lo != hi && first > last {
                    return Err(format!(
                        "a histogram of whole numbers counts values in [{lo}, {hi}), which holds none"
                    ));
                }
            }
        }
        [stored, negative, self.zeros, self.nans]
            .into_iter()
            .try_fold(0u64, |a, b| a.checked_add(b))
            .ok_or_else(|| "a histogram's counts overflow".to_string())
    }

    /// Number of NaN values seen (and left out).
    pub fn nans(&self) -> u64 {
        self.nans
    }

    /// The q-quantile (type 1), within [`RELATIVE_ACCURACY`] of the exact
    /// sample quantile. NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        let count = self.count();
        if count == 0 {
            return f64::NAN;
        }
        let rank = quantile_rank(q, count);
        let mut seen = 0;
        for (lo, hi, c) in self.buckets() {
            if seen + c >= rank {
                let within = (rank - seen) as f64 - 0.5;
                let value = lo + (hi - lo) * within / c as f64;
                return self.finish(value, lo, hi);
            }
            seen += c;
        }
        unreachable!("rank {rank} is at most the count {count}")
    }

    /// How many recorded values are at most `x`: exact at bucket edges and,
    /// for whole-number data, at every whole number below 2048; otherwise
    /// interpolated inside `x`'s bucket (values spread evenly).
    pub fn count_at_most(&self, x: f64) -> f64 {
        let mut total = 0.0;
        for (lo, hi, c) in self.buckets() {
            if x >= hi && !(lo == hi && x < lo) {
                total += c as f64;
            } else if x >= lo {
                let share = if self.whole_numbers {
                    let (first, last) = self.whole_range(lo, hi);
                    ((x.floor() - first + 1.0) / (last - first + 1.0)).clamp(0.0, 1.0)
                } else if hi > lo {
                    (x - lo) / (hi - lo)
                } else {
                    1.0
                };
                total += c as f64 * share;
            } else {
                break;
            }
        }
        total
    }

    /// Buckets in ascending order of value, as (lowest value, highest value, count).
    fn buckets(&self) -> impl Iterator<Item = (f64, f64, u64)> + '_ {
        self.negative
            .iter()
            .rev()
            .map(|(k, c)| {
                let (lo, hi) = bucket_bounds(k);
                (-hi, -lo, c)
            })
            .chain((self.zeros > 0).then_some((0.0, 0.0, self.zeros)))
            .chain(self.positive.iter().map(|(k, c)| {
                let (lo, hi) = bucket_bounds(k);
                (lo, hi, c)
            }))
    }

    /// The whole numbers a bucket can hold: [lo, hi) for positive values,
    /// (lo, hi] for negative ones.
    fn whole_range(&self, lo: f64, hi: f64) -> (f64, f64) {
        if hi <= 0.0 {
            (lo.floor() + 1.0, hi.floor())
        } else {
            (lo.ceil(), hi.ceil() - 1.0)
        }
    }

    /// For whole-number data, the nearest whole number inside the bucket
    /// (the bucket is [lo, hi) for positive values, (lo, hi] for negative).
    fn finish(&self, value: f64, lo: f64, hi: f64) -> f64 {
        if !self.whole_numbers || lo == hi {
            return value;
        }
        let (first, last) = self.whole_range(lo, hi);
        value.round().clamp(first, last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_distr::StandardNormal;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn exact(sorted: &[f64], q: f64) -> f64 {
        sorted[quantile_rank(q, sorted.len() as u64) as usize - 1]
    }

    #[test]
    fn quantiles_within_stated_accuracy_of_exact() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        // Mixed signs and a wide range: 5000 * exp(N(0, 1)) shifted by -3000.
        let mut xs: Vec<f64> = (0..20_000)
            .map(|_| 5000.0 * rng.sample::<f64, _>(StandardNormal).exp() - 3000.0)
            .collect();
        xs.extend([0.0, 0.0, 1e-300, -1e12]);
        let mut sketch = QuantileSketch::new();
        xs.iter().for_each(|&x| sketch.insert(x));
        xs.sort_by(f64::total_cmp);
        for q in [
            0.0, 0.001, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.999, 1.0,
        ] {
            let (got, want) = (sketch.quantile(q), exact(&xs, q));
            assert!(
                (got - want).abs() <= RELATIVE_ACCURACY * want.abs(),
                "q {q}: sketch {got}, exact {want}"
            );
        }
    }

    #[test]
    fn whole_numbers_below_2048_are_exact() {
        let mut sketch = QuantileSketch::for_whole_numbers();
        let mut xs = Vec::new();
        for n in 0..=2047u32 {
            // Uneven counts so that ranks land inside multi-value buckets.
            for _ in 0..(1 + n % 3) {
                sketch.insert(n as f64);
                xs.push(n as f64);
            }
        }
        for q in [0.0, 0.01, 0.05, 0.333, 0.5, 0.95, 0.999, 1.0] {
            assert_eq!(sketch.quantile(q), exact(&xs, q), "q {q}");
        }
        // Large whole numbers stay whole.
        sketch.insert(123_457.0);
        assert_eq!(sketch.quantile(1.0).fract(), 0.0);
        let mut negative = QuantileSketch::for_whole_numbers();
        for n in [-7.0, -3.0, -3.0, 0.0, 2.0] {
            negative.insert(n);
        }
        assert_eq!(negative.quantile(0.2), -7.0);
        assert_eq!(negative.quantile(0.5), -3.0);
        assert_eq!(negative.quantile(0.7), 0.0);
    }

    #[test]
    fn merge_equals_single_sketch() {
        let mut all = QuantileSketch::new();
        let (mut a, mut b) = (QuantileSketch::new(), QuantileSketch::new());
        for i in 0..5000 {
            let x = (i as f64 * 0.37).sin() * 1e4;
            all.insert(x);
            if i % 3 == 0 { a.insert(x) } else { b.insert(x) }
        }
        b.merge(&a);
        for q in [0.01, 0.3, 0.5, 0.99] {
            assert_eq!(all.quantile(q), b.quantile(q));
        }
        assert_eq!(all.count(), b.count());
    }

    #[test]
    fn count_at_most_is_exact_for_small_whole_numbers_and_close_otherwise() {
        let mut counts = QuantileSketch::for_whole_numbers();
        let mut xs = Vec::new();
        for n in 0..500u32 {
            for _ in 0..(1 + n % 4) {
                counts.insert(n as f64);
                xs.push(n as f64);
            }
        }
        for x in [-1.0, 0.0, 0.5, 17.0, 17.9, 250.0, 499.0, 1e9] {
            let exact = xs.iter().filter(|&&v| v <= x).count() as f64;
            assert_eq!(counts.count_at_most(x), exact, "x {x}");
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut values = QuantileSketch::new();
        let ys: Vec<f64> = (0..50_000)
            .map(|_| 100.0 * rng.sample::<f64, _>(StandardNormal).exp())
            .collect();
        ys.iter().for_each(|&y| values.insert(y));
        for x in [20.0, 50.0, 100.0, 300.0] {
            let exact = ys.iter().filter(|&&v| v <= x).count() as f64;
            // At most the count of one bucket apart (0.05% of the range).
            let near = ys
                .iter()
                .filter(|&&v| (v - x).abs() <= x * RELATIVE_ACCURACY)
                .count() as f64;
            assert!(
                (values.count_at_most(x) - exact).abs() <= near + 1.0,
                "x {x}"
            );
        }
    }

    #[test]
    fn rank_is_type_one() {
        assert_eq!(quantile_rank(0.05, 100), 5);
        assert_eq!(quantile_rank(0.5, 3), 2);
        assert_eq!(quantile_rank(0.0, 10), 1);
        assert_eq!(quantile_rank(1.0, 10), 10);
    }
}
