//! One simulated path: every indicator's value in every simulated year.

use super::plan::{AdditionSamplers, Plan};
use super::sampling::Sampling;
use super::streams::{
    COUNTS, FIRMS, PARAMS, PathRng, SHOCKS_AND_GROWTH, STREAMS_PER_ATTEMPT, path_rng,
};
use crate::distr::count::CountSampler;
use crate::distr::inversion::unit_uniform;
use rand::RngExt;
use rand_distr::StandardNormal;

/// Buffers reused from path to path (no allocation in the loop).
#[derive(Debug, Clone)]
pub struct PathScratch {
    /// Values by slot: `indicator * years + year offset`.
    pub values: Vec<f64>,
    pub(in crate::engine) hit: Vec<bool>,
    pub(in crate::engine) eps: Vec<f64>,
    z: Vec<f64>,
    level: Vec<f64>,
    pub(in crate::engine) shift_add: Vec<f64>,
    pub(in crate::engine) shift_mul: Vec<f64>,
    /// Per year and growth indicator: the factor drawn (kept for the firms).
    pub(in crate::engine) factor: Vec<f64>,
    pub(in crate::engine) firms: super::firms::FirmScratch,
    /// Drawn inputs of the last path (see [`simulate_path_recording`]).
    pub inputs: Vec<f64>,
}

impl PathScratch {
    /// Buffers sized for a plan.
    pub fn new(plan: &Plan) -> Self {
        PathScratch {
            values: vec![0.0; plan.slots()],
            hit: vec![false; plan.shocks.len()],
            eps: vec![0.0; plan.growth.len()],
            z: vec![0.0; plan.growth.len()],
            level: vec![0.0; plan.growth.len() + plan.counts.len()],
            shift_add: vec![0.0; plan.growth.len()],
            shift_mul: vec![1.0; plan.growth.len()],
            factor: vec![1.0; plan.years * plan.growth.len()],
            firms: plan.firms.as_ref().map(|f| f.scratch()).unwrap_or_default(),
            inputs: vec![0.0; plan.growth.len() + 2 * plan.counts.len() + plan.shocks.len()],
        }
    }
}

/// Simulate path number `path` under `seed`, filling `scratch.values`.
///
/// Draw order per year on stream 0: one uniform per shock (drawn even in
/// years the shock cannot hit, so later draws keep their place), then one
/// standard normal per growth indicator. Stream 1 carries, per year and
/// count indicator in file order, its additions then its exits.
pub fn simulate_path(plan: &Plan, seed: u64, path: u64, scratch: &mut PathScratch) {
    simulate_path_recording::<false>(plan, seed, path, scratch);
}

/// Most attempts at one path before a nowcast's observed bounds are declared
/// out of the scenario's reach.
pub const MAX_ATTEMPTS: u32 = 10_000;

/// Simulate path `path`, redrawing it (from the streams of attempt 1, 2,
/// ...) until it respects every observed bound of the plan. Returns the attempts
/// made, or `None` when [`MAX_ATTEMPTS`] all failed. Without bounds this is
/// [`simulate_path`] and returns `Some(1)`.
pub fn simulate_conditioned(
    plan: &Plan,
    seed: u64,
    path: u64,
    scratch: &mut PathScratch,
) -> Option<u32> {
    simulate_conditioned_recording::<false>(plan, seed, path, scratch)
}

/// [`simulate_conditioned`], recording drawn inputs when `RECORD`.
pub fn simulate_conditioned_recording<const RECORD: bool>(
    plan: &Plan,
    seed: u64,
    path: u64,
    scratch: &mut PathScratch,
) -> Option<u32> {
    if plan.bounds.is_empty() {
        attempt_path::<RECORD>(plan, seed, path, 0, false, scratch);
        return Some(1);
    }
    retry_from::<RECORD>(plan, seed, path, 0, scratch)
}

/// Does the path in `values` respect every observed bound of the plan?
#[inline]
pub fn meets_bounds(plan: &Plan, values: &[f64]) -> bool {
    within(&plan.bounds, values)
}

/// [`simulate_conditioned`] from attempt `first_attempt` on (a batch that
/// made attempt 0 for many paths at once redraws its rejected paths here).
/// Returns the attempts made in all, counting those before `first_attempt`.
pub fn retry_from<const RECORD: bool>(
    plan: &Plan,
    seed: u64,
    path: u64,
    first_attempt: u32,
    scratch: &mut PathScratch,
) -> Option<u32> {
    for attempt in first_attempt..MAX_ATTEMPTS {
        let indicators_met =
            attempt_path::<RECORD>(plan, seed, path, attempt as u64, true, scratch);
        if indicators_met && (!plan.firm_bounds || meets_bounds(plan, &scratch.values)) {
            return Some(attempt + 1);
        }
    }
    None
}

/// Does year `t` of the path in `values` respect the plan's bounds on
/// growth and count indicators in that year?
#[inline(always)]
pub fn meets_early_bounds(plan: &Plan, t: usize, values: &[f64]) -> bool {
    let year = &plan.early_bounds[t];
    within(&year.growth, values) && within(&year.counts, values)
}

#[inline(always)]
fn within(bounds: &[(usize, f64, f64)], values: &[f64]) -> bool {
    bounds
        .iter()
        .all(|&(slot, min, max)| values[slot] >= min && values[slot] <= max)
}

/// [`simulate_path`], also summing the path's drawn inputs into
/// `scratch.inputs` when `RECORD` (for sensitivity analysis): per growth
/// indicator the sum of its growth factors, per count indicator its total
/// additions and exits, per shock its hits. Without `RECORD` the extra work
/// compiles away.
pub fn simulate_path_recording<const RECORD: bool>(
    plan: &Plan,
    seed: u64,
    path: u64,
    scratch: &mut PathScratch,
) {
    attempt_path::<RECORD>(plan, seed, path, 0, false, scratch);
}

/// One attempt at a path. A plain plan (no parameter draws, nowcast pins or
/// year-to-date growth, no firms) takes a copy of the loop with that work
/// compiled away, so scenarios that use none of it pay nothing for it.
///
/// With `stop_early`, returns false as soon as a year breaks one of the
/// plan's bounds on growth and count indicators (see
/// [`Plan::early_bounds`]): the rest of the attempt, its firms above all, is
/// never drawn. An attempt that passes has drawn exactly what a whole
/// attempt draws.
#[inline(always)]
fn attempt_path<const RECORD: bool>(
    plan: &Plan,
    seed: u64,
    path: u64,
    attempt: u64,
    stop_early: bool,
    scratch: &mut PathScratch,
) -> bool {
    let at = (seed, path, attempt, stop_early);
    if plan.plain {
        simulate_attempt::<RECORD, true>(plan, at, scratch)
    } else {
        simulate_attempt::<RECORD, false>(plan, at, scratch)
    }
}

fn simulate_attempt<const RECORD: bool, const PLAIN: bool>(
    plan: &Plan,
    (seed, path, attempt, stop_early): (u64, u64, u64, bool),
    scratch: &mut PathScratch,
) -> bool {
    let first_stream = attempt * STREAMS_PER_ATTEMPT;
    if RECORD {
        scratch.inputs.iter_mut().for_each(|x| *x = 0.0);
    }
    // Antithetic: an odd path replays its partner's stream 0, mirrored.
    let mirror = plan.sampling == Sampling::Antithetic && path % 2 == 1;
    let mut rng = path_rng(
        seed,
        if mirror { path - 1 } else { path },
        first_stream + SHOCKS_AND_GROWTH,
    );
    // Made when first needed: an attempt that breaks a bound on growth in
    // its first year never draws a count.
    let mut count_rng: Option<PathRng> = None;
    if !PLAIN && plan.any_mean_sd {
        draw_mean_shifts(
            plan,
            &mut path_rng(seed, path, first_stream + PARAMS),
            scratch,
        );
    }
    let n_growth = plan.growth.len();
    for (j, g) in plan.growth.iter().enumerate() {
        scratch.level[j] = g.base;
    }
    for (c, cp) in plan.counts.iter().enumerate() {
        scratch.level[n_growth + c] = cp.base;
    }
    for t in 0..plan.years {
        draw_shocks::<RECORD>(plan, t, mirror, &mut rng, scratch);
        draw_normals(plan, path, t, mirror, &mut rng, scratch);
        // A redrawn attempt meets a first-year bound on growth by construction.
        if t == 0
            && attempt > 0
            && let Some(bound) = &plan.first_year_bound
            && !bound.project(plan, &mut rng, scratch)
        {
            return false;
        }
        plan.copula.correlate(&scratch.eps, &mut scratch.z);
        growth_year::<RECORD, PLAIN>(plan, t, scratch);
        if stop_early && !within(&plan.early_bounds[t].growth, &scratch.values) {
            return false;
        }
        let count_rng =
            count_rng.get_or_insert_with(|| path_rng(seed, path, first_stream + COUNTS));
        count_year::<RECORD, PLAIN>(plan, t, count_rng, scratch);
        if stop_early && !within(&plan.early_bounds[t].counts, &scratch.values) {
            return false;
        }
    }
    // The firms move after the path's indicators, year by year, with the
    // growth factors the path drew (their own stream keeps the draws apart).
    if !PLAIN && plan.firms.is_some() {
        return move_firms(
            plan,
            seed,
            path,
            attempt,
            &scratch.factor,
            &mut scratch.firms,
            &mut scratch.values,
        );
    }
    true
}

/// Each growth indicator's own mean for this path (parameter uncertainty).
#[inline(always)]
fn draw_mean_shifts(plan: &Plan, param_rng: &mut PathRng, scratch: &mut PathScratch) {
    for (j, g) in plan.growth.iter().enumerate() {
        if g.mean_sd > 0.0 {
            let z: f64 = param_rng.sample(StandardNormal);
            scratch.shift_add[j] = g.mean_sd * z;
            scratch.shift_mul[j] = crate::distr::exp::exp(g.mean_sd * z);
        }
    }
}

/// Which shocks hit in year `t`.
#[inline(always)]
fn draw_shocks<const RECORD: bool>(
    plan: &Plan,
    t: usize,
    mirror: bool,
    rng: &mut PathRng,
    scratch: &mut PathScratch,
) {
    for (hit, shock) in scratch.hit.iter_mut().zip(&plan.shocks) {
        let mut u: f64 = rng.random();
        if mirror {
            u = 1.0 - u;
        }
        *hit = shock.active[t] && u < shock.probability;
    }
    if RECORD {
        let first = plan.growth.len() + 2 * plan.counts.len();
        for (s, &hit) in scratch.hit.iter().enumerate() {
            scratch.inputs[first + s] += hit as u8 as f64;
        }
    }
}

/// The independent standard normals of year `t`, from the path's stream
/// or from the sampling design.
#[inline(always)]
fn draw_normals(
    plan: &Plan,
    path: u64,
    t: usize,
    mirror: bool,
    rng: &mut PathRng,
    scratch: &mut PathScratch,
) {
    match &plan.design {
        None => {
            for e in scratch.eps.iter_mut() {
                let z: f64 = rng.sample(StandardNormal);
                *e = if mirror { -z } else { z };
            }
        }
        Some(design) => {
            let dims = scratch.eps.len();
            for (j, e) in scratch.eps.iter_mut().enumerate() {
                *e = design.normal(path, t * dims + j, unit_uniform(rng));
            }
        }
    }
}

/// Move every growth indicator by its factor of year `t`.
#[inline(always)]
fn growth_year<const RECORD: bool, const PLAIN: bool>(
    plan: &Plan,
    t: usize,
    scratch: &mut PathScratch,
) {
    let n_growth = plan.growth.len();
    for (j, gp) in plan.growth.iter().enumerate() {
        let mut factor = gp.by_year[t].factor(scratch.z[j]);
        let observed = !PLAIN && !gp.observed.is_empty() && gp.observed[t];
        if !observed {
            if !PLAIN && gp.mean_sd > 0.0 {
                if gp.log_shift[t] {
                    factor *= scratch.shift_mul[j];
                } else {
                    factor += scratch.shift_add[j];
                }
            }
            for &(s, impact) in &gp.shocks {
                if scratch.hit[s] {
                    factor += impact;
                }
            }
        }
        scratch.level[j] *= factor;
        if !PLAIN {
            scratch.factor[t * n_growth + j] = factor;
            if let Some(Some(pinned)) = gp.pins.get(t) {
                scratch.level[j] = *pinned;
            }
        }
        if RECORD {
            scratch.inputs[j] += factor;
        }
        scratch.values[gp.indicator * plan.years + t] = scratch.level[j];
    }
}

/// Add and remove each count's draws of year `t`.
#[inline(always)]
fn count_year<const RECORD: bool, const PLAIN: bool>(
    plan: &Plan,
    t: usize,
    count_rng: &mut PathRng,
    scratch: &mut PathScratch,
) {
    let n_growth = plan.growth.len();
    for (c, cp) in plan.counts.iter().enumerate() {
        let hit = |sh: usize| scratch.hit[sh];
        let added = draw_additions(&cp.additions, &cp.shocks, hit, count_rng);
        let exited = cp.exits.as_ref().map_or(0.0, |e| e.sample(count_rng));
        if RECORD {
            scratch.inputs[n_growth + 2 * c] += added;
            scratch.inputs[n_growth + 2 * c + 1] += exited;
        }
        let level = &mut scratch.level[n_growth + c];
        *level = (*level + added - exited).max(0.0);
        if !PLAIN && let Some(Some(pinned)) = cp.pins.get(t) {
            *level = *pinned;
        }
        scratch.values[cp.indicator * plan.years + t] = *level;
    }
}

/// Which of a count's shocks hit, as the index of its additions sampler
/// (bit i set when `shocks[i]` hit; see `AdditionSamplers::ByMask`).
#[inline(always)]
pub fn shock_mask(shocks: &[(usize, f64)], hit: impl Fn(usize) -> bool) -> usize {
    let mut mask = 0;
    for (bit, &(s, _)) in shocks.iter().enumerate() {
        mask |= (hit(s) as usize) << bit;
    }
    mask
}

/// One year's additions to a count indicator, given which shocks hit.
#[inline(always)]
pub fn draw_additions<R: rand::Rng>(
    additions: &AdditionSamplers,
    shocks: &[(usize, f64)],
    hit: impl Fn(usize) -> bool,
    rng: &mut R,
) -> f64 {
    match additions {
        AdditionSamplers::ByMask(by_mask) => by_mask[shock_mask(shocks, hit)].sample(rng),
        AdditionSamplers::PerDraw(unshocked, dist) => {
            let mut scale = 1.0;
            for &(s, factor) in shocks {
                if hit(s) {
                    scale *= factor;
                }
            }
            if scale == 1.0 {
                unshocked.sample(rng)
            } else {
                CountSampler::new(&dist.scaled(scale)).sample(rng)
            }
        }
    }
}

/// Move the plan's firms through every year of attempt `attempt` at path
/// `path`, given the path's growth factors (`factors[t * growth + j]`),
/// writing the firm indicators into `values`. Compiled for each instruction
/// set, as the lanes are: the firms move in vector loops (see `firms`).
/// Returns false when the attempt breaks a bound on a firm count that the
/// firms condition on themselves (and then writes nothing).
pub fn move_firms(
    plan: &Plan,
    seed: u64,
    path: u64,
    attempt: u64,
    factors: &[f64],
    firms_scratch: &mut super::firms::FirmScratch,
    values: &mut [f64],
) -> bool {
    let isa = super::lanes::Isa::chosen();
    move_firms_with(
        isa,
        plan,
        seed,
        path,
        attempt,
        factors,
        firms_scratch,
        values,
    )
}

crate::engine::lanes::for_each_isa! {
    fn move_firms_with(
        plan: &Plan,
        seed: u64,
        path: u64,
        attempt: u64,
        factors: &[f64],
        firms_scratch: &mut super::firms::FirmScratch,
        values: &mut [f64],
    ) -> bool {
        let Some(firms) = &plan.firms else { return true };
        let stream = attempt * STREAMS_PER_ATTEMPT + FIRMS;
        let mut rng = path_rng(seed, path, stream);
        firms.simulate((seed, path, stream), factors, &mut rng, firms_scratch, values)
    }
}
