//! What a run keeps of its paths: target hit counts, exact sums for means
//! and standard deviations, and a quantile sketch per indicator and year.
//! Every merge is exact, so any split of the paths gives the same result.

use super::exact_sum::ExactSum;
use super::plan::{Plan, TargetPlan};
use super::sketch::QuantileSketch;

/// Paths per block: the unit of work and of in-order floating-point sums.
/// Fixed (never derived from the thread count) so results are reproducible.
pub const BLOCK_PATHS: u64 = 4096;

/// Paths recorded together (a block is a whole number of batches).
pub const BATCH_PATHS: usize = 64;

/// Mergeable totals over any set of paths.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Accumulator {
    /// Paths recorded.
    pub paths: u64,
    /// Attempts made at those paths (more than `paths` when a nowcast's
    /// observed bounds rejected some; see `path::simulate_conditioned`).
    pub attempts: u64,
    /// Paths for which every attempt broke an observed bound (an error).
    pub exhausted: u64,
    /// Per target: paths on which it was met.
    pub hits: Vec<u64>,
    /// Per `by` target (empty for others): `first_met[t][k]` paths on which
    /// it was first met in its `k`-th year.
    pub first_met: Vec<Vec<u64>>,
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
            attempts: 0,
            exhausted: 0,
            hits: vec![0; plan.targets.len()],
            first_met: plan
                .targets
                .iter()
                .map(|t| {
                    if t.passage() {
                        vec![0; t.slots().count()]
                    } else {
                        Vec::new()
                    }
                })
                .collect(),
            all_met: 0,
            met_count: vec![0; plan.targets.len() + 1],
            sum: vec![ExactSum::new(); slots],
            sum_sq: vec![ExactSum::new(); slots],
            sketches: (0..slots)
                .map(|slot| {
                    if plan.whole_numbers[slot / plan.years] {
                        QuantileSketch::for_whole_numbers()
                    } else {
                        QuantileSketch::new()
                    }
                })
                .collect(),
            block_sum: vec![0.0; slots],
            block_sum_sq: vec![0.0; slots],
        }
    }

    /// Record a batch of paths. `values[slot * lanes + lane]` is the value of
    /// `slot` on the batch's `lane`-th path, for `lane < paths`. Slot by slot,
    /// so each histogram's hot buckets stay in cache while they are filled;
    /// within a slot, paths are added in order (block sums stay in path order).
    pub fn record_batch(&mut self, plan: &Plan, values: &[f64], lanes: usize, paths: usize) {
        self.paths += paths as u64;
        let mut met = [0u16; BATCH_PATHS];
        for (k, t) in plan.targets.iter().enumerate() {
            if t.passage() {
                self.record_passage(k, t, values, lanes, &mut met[..paths]);
                continue;
            }
            let column = &values[t.slot * lanes..t.slot * lanes + paths];
            let hits = &mut self.hits[k];
            for (m, &x) in met.iter_mut().zip(column) {
                let holds = t.op.holds(x, t.value);
                *m += holds as u16;
                *hits += holds as u64;
            }
        }
        for &m in &met[..paths] {
            self.met_count[m as usize] += 1;
        }
        self.all_met += self.met_count_of_all(&met[..paths], plan.targets.len());
        for &slot in &plan.recorded {
            let column = &values[slot * lanes..slot * lanes + paths];
            let sketch = &mut self.sketches[slot];
            let (mut sum, mut sum_sq) = (self.block_sum[slot], self.block_sum_sq[slot]);
            for &x in column {
                sum += x;
                sum_sq += x * x;
                sketch.insert(x);
            }
            self.block_sum[slot] = sum;
            self.block_sum_sq[slot] = sum_sq;
        }
    }

    /// A `by` target on each path of a batch: the first year it is met.
    fn record_passage(
        &mut self,
        k: usize,
        t: &TargetPlan,
        values: &[f64],
        lanes: usize,
        met: &mut [u16],
    ) {
        for (lane, m) in met.iter_mut().enumerate() {
            if let Some(year) = t.first_met(|slot| values[slot * lanes + lane]) {
                self.first_met[k][year] += 1;
                self.hits[k] += 1;
                *m += 1;
            }
        }
    }

    fn met_count_of_all(&self, met: &[u16], targets: usize) -> u64 {
        met.iter().filter(|&&m| m as usize == targets).count() as u64
    }

    /// Fold the block's in-order sums into the exact totals.
    pub fn end_block(&mut self) {
        for slot in 0..self.block_sum.len() {
            self.sum[slot].add(std::mem::take(&mut self.block_sum[slot]));
            self.sum_sq[slot].add(std::mem::take(&mut self.block_sum_sq[slot]));
        }
    }

    /// Check totals read from a file against the plan they claim to be of:
    /// every length, and every count within the `paths` they cover, so that
    /// merging them can neither panic nor overflow.
    pub fn validate(&self, plan: &Plan) -> Result<(), String> {
        let n = self.paths;
        let lengths = [
            ("targets", self.hits.len(), plan.targets.len()),
            ("met counts", self.met_count.len(), plan.targets.len() + 1),
            ("sums", self.sum.len(), plan.slots()),
            ("sums of squares", self.sum_sq.len(), plan.slots()),
            ("histograms", self.sketches.len(), plan.slots()),
        ];
        for (what, got, want) in lengths {
            if got != want {
                return Err(format!("holds {got} {what}, the scenario has {want}"));
            }
        }
        let passages_add_up = self.first_met.len() == plan.targets.len()
            && plan
                .targets
                .iter()
                .zip(&self.first_met)
                .zip(&self.hits)
                .all(|((t, f), &h)| {
                    let years = if t.passage() { t.slots().count() } else { 0 };
                    f.len() == years
                        && (!t.passage()
                            || f.iter().try_fold(0u64, |a, &b| a.checked_add(b)) == Some(h))
                });
        if !passages_add_up {
            return Err("its first-met counts do not match its targets".to_string());
        }
        let within = self.hits.iter().all(|&h| h <= n) && self.all_met <= n && self.exhausted <= n;
        let met: Option<u64> = self
            .met_count
            .iter()
            .try_fold(0u64, |a, &b| a.checked_add(b));
        if !within || met != Some(n) || self.attempts < n {
            return Err(format!("its target counts do not add up to its {n} paths"));
        }
        for (slot, sketch) in self.sketches.iter().enumerate() {
            let held = sketch.validate()?;
            let want = if plan.recorded.binary_search(&slot).is_ok() {
                n
            } else {
                0
            };
            if held != want {
                return Err(format!(
                    "a histogram holds {held} values where {want} were recorded"
                ));
            }
        }
        Ok(())
    }

    /// Add another accumulator's totals (both must have ended their blocks).
    pub fn merge(&mut self, other: &Accumulator) {
        self.paths += other.paths;
        self.attempts += other.attempts;
        self.exhausted += other.exhausted;
        self.all_met += other.all_met;
        for (a, b) in self.hits.iter_mut().zip(&other.hits) {
            *a += b;
        }
        for (a, b) in self.first_met.iter_mut().zip(&other.first_met) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
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
