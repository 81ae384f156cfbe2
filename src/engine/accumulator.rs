//! What a run keeps of its paths: target hit counts, exact sums for means
//! and standard deviations, and a quantile sketch per indicator and year.
//! Every merge is exact, so any split of the paths gives the same result.

use super::exact_sum::ExactSum;
use super::plan::Plan;
use super::sketch::QuantileSketch;

/// Paths per block: the unit of work and of in-order floating-point sums.
/// Fixed (never derived from the thread count) so results are reproducible.
pub const BLOCK_PATHS: u64 = 4096;

/// Mergeable totals over any set of paths.
#[derive(Debug, Clone, PartialEq)]
pub struct Accumulator {
    /// Paths recorded.
    pub paths: u64,
    /// Per target: paths on which it was met.
    pub hits: Vec<u64>,
    /// Paths on which every target was met.
    pub all_met: u64,
    /// `met_count[k]`: paths on which exactly `k` targets were met.
    pub met_count: Vec<u64>,
    /// Per slot: sum of values.
    pub sum: Vec<ExactSum>,
    /// Per slot: sum of squared values.
    pub sum_sq: Vec<ExactSum>,
    /// Per slot: distribution of values.
    pub sketches: Vec<QuantileSketch>,
    block_sum: Vec<f64>,
    block_sum_sq: Vec<f64>,
}

impl Accumulator {
    /// Empty totals for a plan.
    pub fn new(plan: &Plan) -> Self {
        let slots = plan.slots();
        Accumulator {
            paths: 0,
            hits: vec![0; plan.targets.len()],
            all_met: 0,
            met_count: vec![0; plan.targets.len() + 1],
            sum: vec![ExactSum::new(); slots],
            sum_sq: vec![ExactSum::new(); slots],
            sketches: vec![QuantileSketch::new(); slots],
            block_sum: vec![0.0; slots],
            block_sum_sq: vec![0.0; slots],
        }
    }

    /// Record one path's values (call [`Accumulator::end_block`] after each block).
    #[inline]
    pub fn record(&mut self, plan: &Plan, values: &[f64]) {
        self.paths += 1;
        let mut met = 0;
        for (hits, t) in self.hits.iter_mut().zip(&plan.targets) {
            if t.op.holds(values[t.slot], t.value) {
                *hits += 1;
                met += 1;
            }
        }
        self.met_count[met] += 1;
        if met == plan.targets.len() {
            self.all_met += 1;
        }
        for (slot, &x) in values.iter().enumerate() {
            self.block_sum[slot] += x;
            self.block_sum_sq[slot] += x * x;
            self.sketches[slot].insert(x);
        }
    }

    /// Fold the block's in-order sums into the exact totals.
    pub fn end_block(&mut self) {
        for slot in 0..self.block_sum.len() {
            self.sum[slot].add(std::mem::take(&mut self.block_sum[slot]));
            self.sum_sq[slot].add(std::mem::take(&mut self.block_sum_sq[slot]));
        }
    }

    /// Add another accumulator's totals (both must have ended their blocks).
    pub fn merge(&mut self, other: &Accumulator) {
        self.paths += other.paths;
        self.all_met += other.all_met;
        for (a, b) in self.hits.iter_mut().zip(&other.hits) {
            *a += b;
        }
        for (a, b) in self.met_count.iter_mut().zip(&other.met_count) {
            *a += b;
        }
        for slot in 0..self.sum.len() {
            self.sum[slot].merge(&other.sum[slot]);
            self.sum_sq[slot].merge(&other.sum_sq[slot]);
            self.sketches[slot].merge(&other.sketches[slot]);
        }
    }
}
