//! Several scenarios on the same paths: each path is simulated under every
//! scenario with the same (seed, path) streams (common random numbers), and
//! for each target shared with the first scenario the paths where exactly
//! one of the two meets it are counted. That gives paired intervals for the
//! differences, far narrower than comparing two independent runs.

use super::lanes::{LANES, LaneScratch};
use super::{Plan, RunConfig};
use crate::error::Result;
use crate::model::Model;
use std::sync::atomic::{AtomicU64, Ordering};

/// Integer totals of a paired run (merging is addition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairedTotals {
    /// Paths.
    pub paths: u64,
    /// `met[s][t]`: paths on which scenario `s` meets its target `t`.
    pub met: Vec<Vec<u64>>,
    /// `all_met[s]`: paths on which scenario `s` meets all its targets.
    pub all_met: Vec<u64>,
    /// `only_base[s][t]` / `only_this[s][t]`: for target `t` of scenario `s`
    /// that the first scenario also has, paths where only the first / only
    /// `s` meets it.
    pub only_base: Vec<Vec<u64>>,
    /// See `only_base`.
    pub only_this: Vec<Vec<u64>>,
    /// The same for "all targets met".
    pub all_only_base: Vec<u64>,
    /// See `all_only_base`.
    pub all_only_this: Vec<u64>,
}

impl PairedTotals {
    fn new(plans: &[Plan]) -> Self {
        let per_target = |p: &Plan| vec![0u64; p.targets.len()];
        PairedTotals {
            paths: 0,
            met: plans.iter().map(per_target).collect(),
            all_met: vec![0; plans.len()],
            only_base: plans.iter().map(per_target).collect(),
            only_this: plans.iter().map(per_target).collect(),
            all_only_base: vec![0; plans.len()],
            all_only_this: vec![0; plans.len()],
        }
    }

    fn merge(&mut self, o: &PairedTotals) {
        self.paths += o.paths;
        let add = |a: &mut Vec<Vec<u64>>, b: &Vec<Vec<u64>>| {
            for (x, y) in a.iter_mut().zip(b) {
                for (p, q) in x.iter_mut().zip(y) {
                    *p += q;
                }
            }
        };
        add(&mut self.met, &o.met);
        add(&mut self.only_base, &o.only_base);
        add(&mut self.only_this, &o.only_this);
        for (a, b) in [
            (&mut self.all_met, &o.all_met),
            (&mut self.all_only_base, &o.all_only_base),
            (&mut self.all_only_this, &o.all_only_this),
        ] {
            for (p, q) in a.iter_mut().zip(b) {
                *p += q;
            }
        }
    }
}

/// For each scenario, the index of each of its targets in the first
/// scenario's targets (by id), if any.
pub fn match_targets(models: &[Model]) -> Vec<Vec<Option<usize>>> {
    models
        .iter()
        .map(|m| {
            m.targets
                .iter()
                .map(|t| models[0].targets.iter().position(|b| b.id == t.id))
                .collect()
        })
        .collect()
}

/// One worker's state in a paired run: its totals and the scratch of
/// every scenario's batch.
struct PairedWorker {
    totals: PairedTotals,
    scratch: Vec<LaneScratch>,
    batches: Vec<Vec<f64>>,
    met: Vec<Vec<bool>>,
    all: Vec<bool>,
}

impl PairedWorker {
    fn new(plans: &[Plan]) -> Self {
        PairedWorker {
            totals: PairedTotals::new(plans),
            scratch: plans.iter().map(LaneScratch::new).collect(),
            batches: plans.iter().map(|p| vec![0.0; p.slots() * LANES]).collect(),
            met: plans.iter().map(|p| vec![false; p.targets.len()]).collect(),
            all: vec![false; plans.len()],
        }
    }

    /// Simulate paths `first .. first + count` under every scenario and
    /// count them; returns how many paths exhausted their attempts.
    fn run_block(
        &mut self,
        plans: &[Plan],
        matches: &[Vec<Option<usize>>],
        seed: u64,
        first: u64,
        count: u64,
    ) -> u64 {
        let isa = super::lanes::Isa::chosen();
        let mut exhausted = 0;
        let end = first + count;
        for batch_first in (first..end).step_by(LANES) {
            let paths = (end - batch_first).min(LANES as u64) as usize;
            for (s, plan) in plans.iter().enumerate() {
                let done = super::lanes::simulate_batch(
                    isa,
                    plan,
                    seed,
                    batch_first,
                    paths,
                    &mut self.scratch[s],
                    &mut self.batches[s],
                );
                exhausted += done.exhausted;
            }
            for lane in 0..paths {
                self.count_lane(plans, matches, lane);
            }
        }
        exhausted
    }

    /// Count one path (lane) of the current batches.
    fn count_lane(&mut self, plans: &[Plan], matches: &[Vec<Option<usize>>], lane: usize) {
        let totals = &mut self.totals;
        let (met, all) = (&mut self.met, &mut self.all);
        totals.paths += 1;
        for (s, plan) in plans.iter().enumerate() {
            let value = |slot: usize| self.batches[s][slot * LANES + lane];
            for (t, target) in plan.targets.iter().enumerate() {
                met[s][t] = target.met(value);
                totals.met[s][t] += met[s][t] as u64;
            }
            all[s] = met[s].iter().all(|&m| m);
            totals.all_met[s] += all[s] as u64;
        }
        for s in 1..plans.len() {
            for (t, base) in matches[s].iter().enumerate() {
                if let Some(bt) = *base {
                    totals.only_base[s][t] += (met[0][bt] && !met[s][t]) as u64;
                    totals.only_this[s][t] += (!met[0][bt] && met[s][t]) as u64;
                }
            }
            totals.all_only_base[s] += (all[0] && !all[s]) as u64;
            totals.all_only_this[s] += (!all[0] && all[s]) as u64;
        }
    }
}

/// Simulate every scenario on the same `config.paths` paths.
pub fn simulate_paired(
    models: &[Model],
    config: &RunConfig,
    progress: &AtomicU64,
) -> Result<PairedTotals> {
    let plans: Vec<Plan> = models
        .iter()
        .map(|m| Plan::new(m).sampled(config))
        .collect::<Result<_>>()?;
    let matches = match_targets(models);
    let exhausted = AtomicU64::new(0);
    let (partials, _) = super::schedule::run_blocks(
        config.threads,
        super::all_blocks(config.paths),
        config.paths,
        || PairedWorker::new(&plans),
        |worker, first, count| {
            let found = worker.run_block(&plans, &matches, config.seed, first, count);
            exhausted.fetch_add(found, Ordering::Relaxed);
            progress.fetch_add(count, Ordering::Relaxed);
        },
    )?;
    let mut totals = PairedTotals::new(&plans);
    for p in &partials {
        totals.merge(&p.totals);
    }
    if exhausted.load(Ordering::Relaxed) > 0 {
        return Err(crate::error::Error::Conditioning(format!(
            "a compared nowcast's observed bounds are out of its scenario's reach (no path met them in {} attempts)",
            super::path::MAX_ATTEMPTS
        )));
    }
    Ok(totals)
}
