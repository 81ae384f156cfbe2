//! Precision control: keep adding paths until every target's 95% interval
//! is narrow enough (like @RISK's convergence monitor and Crystal Ball's
//! precision control). Paths are added in whole blocks, doubling, and the
//! totals merge exactly, so the result is the plain run with that many paths.

use super::{BLOCK_PATHS, Plan, RunConfig, Simulation, simulate_blocks};
use crate::error::Result;
use crate::model::Model;
use crate::stats::wilson::wilson95;
use serde::Serialize;
use std::sync::atomic::AtomicU64;
use std::time::Instant;

/// First batch: 16 blocks (65,536 paths).
const FIRST_BLOCKS: u64 = 16;

/// Why a convergence run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// Every target's 95% half-width is at most the precision.
    PrecisionReached,
    /// The path cap was hit first.
    PathCapReached,
}

/// What a convergence run reports.
#[derive(Debug, Clone, Serialize)]
pub struct Convergence {
    /// Requested 95% half-width.
    pub precision: f64,
    /// Most paths allowed.
    pub max_paths: u64,
    /// Paths simulated.
    pub paths: u64,
    /// The widest 95% half-width among the targets at the end.
    pub widest_half_width: f64,
    /// Why it stopped.
    pub reason: StopReason,
}

fn widest_half_width(hits: &[u64], paths: u64) -> f64 {
    hits.iter()
        .map(|&h| {
            let [lo, hi] = wilson95(h, paths);
            (hi - lo) / 2.0
        })
        .fold(0.0, f64::max)
}

/// Simulate until every target's 95% half-width is at most `precision`, or
/// `max_paths` paths. `config.paths` is ignored.
pub fn simulate_to_precision(
    model: &Model,
    config: &RunConfig,
    precision: f64,
    max_paths: u64,
    progress: &AtomicU64,
) -> Result<(Simulation, Convergence)> {
    let plan = Plan::new(model).sampled(config)?;
    let started = Instant::now();
    let mut totals = super::Accumulator::new(&plan);
    let mut threads;
    let max_blocks = max_paths.div_ceil(BLOCK_PATHS);
    let mut done_blocks = 0;
    let mut target_blocks = FIRST_BLOCKS.min(max_blocks);
    let reason = loop {
        let paths = (target_blocks * BLOCK_PATHS).min(max_paths);
        let batch = RunConfig { paths, ..*config };
        let (acc, used) = simulate_blocks(&plan, &batch, done_blocks..target_blocks, progress)?;
        totals.merge(&acc);
        super::check_reachable(model, &totals)?;
        threads = used;
        done_blocks = target_blocks;
        if widest_half_width(&totals.hits, totals.paths) <= precision {
            break StopReason::PrecisionReached;
        }
        if done_blocks >= max_blocks {
            break StopReason::PathCapReached;
        }
        target_blocks = (target_blocks * 2).min(max_blocks);
    };
    let convergence = Convergence {
        precision,
        max_paths,
        paths: totals.paths,
        widest_half_width: widest_half_width(&totals.hits, totals.paths),
        reason,
    };
    Ok((
        Simulation {
            plan,
            totals,
            elapsed: started.elapsed(),
            threads,
        },
        convergence,
    ))
}
