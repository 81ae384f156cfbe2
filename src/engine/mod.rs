//! The Monte Carlo engine: simulate paths in parallel and accumulate.
//!
//! Paths are grouped in fixed blocks of [`BLOCK_PATHS`]; worker threads take
//! blocks from a shared counter and keep their own [`Accumulator`], and the
//! accumulators are merged exactly at the end. Results therefore depend only
//! on (scenario, seed, path count), never on the number of threads.

pub(crate) mod accumulator;
pub(crate) mod bench;
pub(crate) mod convergence;
pub(crate) mod exact_sum;
pub(crate) mod firms;
pub(crate) mod growth_bound;
pub mod lanes;
pub(crate) mod paired;
pub mod path;
pub(crate) mod plan;
pub mod sampling;
pub(crate) mod schedule;
pub mod sketch;
pub mod streams;
pub(crate) mod summary;

pub use accumulator::{Accumulator, BATCH_PATHS, BLOCK_PATHS};
pub use plan::Plan;
pub use summary::Summary;

use crate::error::{Error, Result};
use crate::model::Model;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Most paths one run may simulate (a day or more of work on any machine;
/// every path count below it is safe in the engine's arithmetic).
pub const MAX_PATHS: u64 = 1_000_000_000_000;

/// A path count is between 1 and [`MAX_PATHS`]; the message says so.
pub fn check_paths(paths: u64) -> std::result::Result<(), String> {
    if (1..=MAX_PATHS).contains(&paths) {
        Ok(())
    } else {
        Err(format!(
            "must be between 1 and {MAX_PATHS} paths, got {paths}"
        ))
    }
}

/// How to run a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunConfig {
    /// Number of paths.
    pub paths: u64,
    /// Seed of every path's streams.
    pub seed: u64,
    /// Worker threads; `None` uses rayon's default (`RAYON_NUM_THREADS` or all cores).
    pub threads: Option<usize>,
    /// How growth draws are sampled.
    pub sampling: sampling::Sampling,
    /// Which indicators and years are summarised.
    pub summary: Summary,
}

/// A finished simulation.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The engine's view of the model.
    pub plan: Plan,
    /// Totals over all paths.
    pub totals: Accumulator,
    /// Wall-clock time of the simulation.
    pub elapsed: Duration,
    /// Threads used.
    pub threads: usize,
}

/// Simulate paths `first .. first + count` into `acc`, block by block.
/// `first` must be a multiple of [`BLOCK_PATHS`] for block sums to line up.
pub fn simulate_range(plan: &Plan, seed: u64, first: u64, count: u64, acc: &mut Accumulator) {
    let isa = lanes::Isa::chosen();
    let mut scratch = lanes::LaneScratch::new(plan);
    let slots = plan.slots();
    let mut batch = vec![0.0; slots * BATCH_PATHS];
    let end = first + count;
    let mut start = first;
    while start < end {
        let block_end = (start - start % BLOCK_PATHS + BLOCK_PATHS).min(end);
        let mut path = start;
        while path < block_end {
            let paths = (block_end - path).min(BATCH_PATHS as u64) as usize;
            let done =
                lanes::simulate_batch(isa, plan, seed, path, paths, &mut scratch, &mut batch);
            acc.attempts += done.attempts;
            acc.exhausted += done.exhausted;
            acc.record_batch(plan, &batch, BATCH_PATHS, paths);
            path += paths as u64;
        }
        acc.end_block();
        start = block_end;
    }
}

/// Run a model (all of its paths).
pub fn simulate(model: &Model, config: &RunConfig) -> Result<Simulation> {
    simulate_part(model, config, all_blocks(config.paths), &AtomicU64::new(0))
}

/// The blocks of a `paths`-path run.
pub fn all_blocks(paths: u64) -> std::ops::Range<u64> {
    0..paths.div_ceil(BLOCK_PATHS)
}

/// Run the paths of some of a model's blocks (all of them:
/// [`all_blocks`]; one shard's: [`crate::shard::Shard::blocks`]).
/// `progress` counts the paths done, for a progress display running on
/// another thread.
pub fn simulate_part(
    model: &Model,
    config: &RunConfig,
    blocks: std::ops::Range<u64>,
    progress: &AtomicU64,
) -> Result<Simulation> {
    let plan = Plan::new(model).sampled(config)?;
    let started = Instant::now();
    let (totals, threads) = simulate_blocks(&plan, config, blocks, progress)?;
    check_reachable(model, &totals)?;
    check_finite(model, &plan, &totals)?;
    Ok(Simulation {
        plan,
        totals,
        elapsed: started.elapsed(),
        threads,
    })
}

/// Fail when a recorded value overflowed (or became NaN) on some path, so
/// that no infinity or NaN reaches a result as if it were a number.
pub fn check_finite(model: &Model, plan: &Plan, totals: &Accumulator) -> Result<()> {
    for &slot in &plan.recorded {
        let finite = totals.sum_sq[slot].value().is_finite() && totals.sketches[slot].nans() == 0;
        if !finite {
            let indicator = &model.indicators[slot / plan.years];
            let year = model.base_year + 1 + (slot % plan.years) as i32;
            return Err(Error::Overflow(format!(
                "indicator.{}: its simulated values grow past what can be summarised by {year} (above about 1e154, whose squares overflow, or not a number); check its base, growth and shocks",
                indicator.id
            )));
        }
    }
    Ok(())
}

/// Fail when some path could not meet a nowcast's observed bounds.
pub fn check_reachable(model: &Model, totals: &Accumulator) -> Result<()> {
    if totals.exhausted == 0 {
        return Ok(());
    }
    let bounds: Vec<String> = model
        .conditioning
        .iter()
        .flat_map(|c| model.indicators.iter().zip(&c.indicators))
        .flat_map(|(ind, c)| {
            let floors = c
                .floors
                .iter()
                .map(move |(y, min)| format!("{} >= {min} in {y}", ind.id));
            let ceilings = c
                .ceilings
                .iter()
                .map(move |(y, max)| format!("{} <= {max} in {y}", ind.id));
            floors.chain(ceilings)
        })
        .collect();
    Err(Error::Conditioning(format!(
        "the observed bounds ({}) are out of the scenario's reach: {} of {} paths broke them in all {} attempts; check the observations or the growth assumptions",
        bounds.join(", "),
        totals.exhausted,
        totals.paths,
        path::MAX_ATTEMPTS
    )))
}

/// Simulate `blocks` of a `config.paths`-path run on a thread pool; returns
/// the totals and the number of threads used.
pub fn simulate_blocks(
    plan: &Plan,
    config: &RunConfig,
    blocks: std::ops::Range<u64>,
    progress: &AtomicU64,
) -> Result<(Accumulator, usize)> {
    let (partials, threads) = schedule::run_blocks(
        config.threads,
        blocks,
        config.paths,
        || Accumulator::new(plan),
        |acc, first, count| {
            simulate_range(plan, config.seed, first, count, acc);
            progress.fetch_add(count, Ordering::Relaxed);
        },
    )?;
    let mut totals = Accumulator::new(plan);
    for p in &partials {
        totals.merge(p);
    }
    Ok((totals, threads))
}
