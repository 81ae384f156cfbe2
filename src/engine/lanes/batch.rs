//! A batch of [`LANES`] paths simulated together, year by year: each step
//! (shock uniforms, normals, copula, factors, levels, count draws) is one
//! loop over the lanes, which the compiler turns into vector instructions.
//!
//! Every lane draws from its own path's streams in the scalar path's order
//! (`path::simulate_conditioned`), so a batch yields exactly the scalar
//! values, bit for bit; `tests/integration/lanes.rs` checks it on every
//! kind of scenario. What does not vectorise (rejected ziggurat draws,
//! count samplers that take several draws, stratified designs, firms,
//! redraws for a nowcast's observed bounds) is done lane by lane with the
//! same generators.

// Lane loops index several arrays by the same lane; that form reads
// clearest and is what the compiler vectorises.
#![allow(clippy::needless_range_loop)]

use super::LANES;
use super::rng::LaneRng;
use crate::distr::GrowthDist;
use crate::distr::count::CountSampler;
use crate::distr::exp::exp;
use crate::engine::path::{self, PathScratch};
use crate::engine::plan::{AdditionSamplers, Plan};
use crate::engine::sampling::Sampling;
use crate::engine::streams::{COUNTS, PARAMS, SHOCKS_AND_GROWTH, StreamKey};

type Lanes<T> = [T; LANES];

/// Buffers for one batch, reused from batch to batch.
#[derive(Debug, Clone)]
pub struct LaneScratch {
    rng: LaneRng,
    count_rng: LaneRng,
    param_rng: LaneRng,
    bits: Lanes<u64>,
    uniform: Lanes<f64>,
    accepted: Lanes<bool>,
    mirror: Lanes<bool>,
    hit: Vec<Lanes<bool>>,
    eps: Vec<Lanes<f64>>,
    z: Vec<Lanes<f64>>,
    level: Vec<Lanes<f64>>,
    shift_add: Vec<Lanes<f64>>,
    shift_mul: Vec<Lanes<f64>>,
    /// Per year and growth indicator, the factors (only kept with firms).
    factor: Vec<Lanes<f64>>,
    added: Lanes<f64>,
    exited: Lanes<f64>,
    /// One path's buffers, for the work done lane by lane.
    path: PathScratch,
}

impl LaneScratch {
    /// Buffers sized for a plan.
    pub fn new(plan: &Plan) -> Self {
        let growth = plan.growth.len();
        LaneScratch {
            rng: LaneRng::default(),
            count_rng: LaneRng::default(),
            param_rng: LaneRng::default(),
            bits: [0; LANES],
            uniform: [0.0; LANES],
            accepted: [true; LANES],
            mirror: [false; LANES],
            hit: vec![[false; LANES]; plan.shocks.len()],
            eps: vec![[0.0; LANES]; growth],
            z: vec![[0.0; LANES]; growth],
            level: vec![[0.0; LANES]; growth + plan.counts.len()],
            shift_add: vec![[0.0; LANES]; growth],
            shift_mul: vec![[1.0; LANES]; growth],
            factor: vec![
                [1.0; LANES];
                if plan.firms.is_some() {
                    plan.years * growth
                } else {
                    0
                }
            ],
            added: [0.0; LANES],
            exited: [0.0; LANES],
            path: PathScratch::new(plan),
        }
    }
}

/// Attempts made on a batch's paths (see `Accumulator::attempts`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchAttempts {
    /// Attempts at all paths of the batch.
    pub attempts: u64,
    /// Paths whose every attempt broke an observed bound.
    pub exhausted: u64,
}

/// Simulate paths `first .. first + paths` (`paths <= LANES`, `first` a
/// multiple of 2) into `batch[slot * LANES + lane]`.
#[inline(always)]
pub fn simulate_batch(
    plan: &Plan,
    seed: u64,
    first: u64,
    paths: usize,
    s: &mut LaneScratch,
    batch: &mut [f64],
) -> BatchAttempts {
    if plan.plain {
        indicators::<true>(plan, seed, first, paths, s, batch);
    } else {
        indicators::<false>(plan, seed, first, paths, s, batch);
    }
    lane_by_lane(plan, seed, first, paths, s, batch)
}

/// Attempt 0 of every lane's growth and count indicators.
#[inline(always)]
fn indicators<const PLAIN: bool>(
    plan: &Plan,
    seed: u64,
    first: u64,
    paths: usize,
    s: &mut LaneScratch,
    batch: &mut [f64],
) {
    let antithetic = plan.sampling == Sampling::Antithetic;
    // An odd path of an antithetic run replays its partner's stream 0,
    // mirrored (first is even, so the partner is in the batch too).
    s.rng.seed(&StreamKey::new(seed, SHOCKS_AND_GROWTH), |l| {
        let path = first + l as u64;
        if antithetic { path & !1 } else { path }
    });
    for (l, m) in s.mirror.iter_mut().enumerate() {
        *m = antithetic && (first + l as u64) % 2 == 1;
    }
    s.count_rng
        .seed(&StreamKey::new(seed, COUNTS), |l| first + l as u64);
    if !PLAIN && plan.any_mean_sd {
        s.param_rng
            .seed(&StreamKey::new(seed, PARAMS), |l| first + l as u64);
        for (j, g) in plan.growth.iter().enumerate() {
            if g.mean_sd > 0.0 {
                s.param_rng.normals(&mut s.accepted, &mut s.eps[j]);
                for l in 0..LANES {
                    s.shift_add[j][l] = g.mean_sd * s.eps[j][l];
                    s.shift_mul[j][l] = exp(g.mean_sd * s.eps[j][l]);
                }
            }
        }
    }
    let n_growth = plan.growth.len();
    for (j, g) in plan.growth.iter().enumerate() {
        s.level[j] = [g.base; LANES];
    }
    for (c, cp) in plan.counts.iter().enumerate() {
        s.level[n_growth + c] = [cp.base; LANES];
    }
    for t in 0..plan.years {
        shocks(plan, t, s);
        normals(plan, first, paths, t, s);
        correlate(plan, s);
        for j in 0..n_growth {
            growth_step::<PLAIN>(plan, t, j, s, batch);
        }
        for c in 0..plan.counts.len() {
            count_step::<PLAIN>(plan, t, c, s, batch);
        }
    }
}

#[inline(always)]
fn shocks(plan: &Plan, t: usize, s: &mut LaneScratch) {
    for (hit, shock) in s.hit.iter_mut().zip(&plan.shocks) {
        s.rng.uniforms(&mut s.bits, &mut s.uniform);
        let (active, p) = (shock.active[t], shock.probability);
        for l in 0..LANES {
            let u = if s.mirror[l] {
                1.0 - s.uniform[l]
            } else {
                s.uniform[l]
            };
            hit[l] = active && u < p;
        }
    }
}

#[inline(always)]
fn normals(plan: &Plan, first: u64, paths: usize, t: usize, s: &mut LaneScratch) {
    match &plan.design {
        None => {
            for eps in s.eps.iter_mut() {
                s.rng.normals(&mut s.accepted, eps);
                for l in 0..LANES {
                    eps[l] = if s.mirror[l] { -eps[l] } else { eps[l] };
                }
            }
        }
        Some(design) => {
            let dims = s.eps.len();
            for (j, eps) in s.eps.iter_mut().enumerate() {
                s.rng.uniforms(&mut s.bits, &mut s.uniform);
                // A design is defined on the run's paths only: lanes past
                // the last path (in a run's final batch) are left alone.
                for l in 0..paths {
                    eps[l] = design.normal(first + l as u64, t * dims + j, s.uniform[l]);
                }
            }
        }
    }
}

#[inline(always)]
fn correlate(plan: &Plan, s: &mut LaneScratch) {
    for (i, z) in s.z.iter_mut().enumerate() {
        match plan.copula.factor_row(i) {
            None => *z = s.eps[i],
            Some(row) => {
                for l in 0..LANES {
                    z[l] = row[0] * s.eps[0][l];
                }
                for (k, &a) in row.iter().enumerate().skip(1) {
                    let eps = &s.eps[k];
                    for l in 0..LANES {
                        z[l] += a * eps[l];
                    }
                }
            }
        }
    }
}

#[inline(always)]
fn growth_step<const PLAIN: bool>(
    plan: &Plan,
    t: usize,
    j: usize,
    s: &mut LaneScratch,
    batch: &mut [f64],
) {
    let gp = &plan.growth[j];
    let z = &s.z[j];
    let mut factor = [0.0; LANES];
    // The distribution is the same on every lane: match once, loop inside.
    match gp.by_year[t] {
        GrowthDist::Normal { mean, sd } => {
            for l in 0..LANES {
                factor[l] = 1.0 + mean + sd * z[l];
            }
        }
        GrowthDist::LogNormal { mu, s: sigma, .. } => {
            for l in 0..LANES {
                factor[l] = exp(mu + sigma * z[l]);
            }
        }
        ref other => {
            for l in 0..LANES {
                factor[l] = other.factor(z[l]);
            }
        }
    }
    let observed = !PLAIN && !gp.observed.is_empty() && gp.observed[t];
    if !observed {
        if !PLAIN && gp.mean_sd > 0.0 {
            if gp.log_shift[t] {
                for l in 0..LANES {
                    factor[l] *= s.shift_mul[j][l];
                }
            } else {
                for l in 0..LANES {
                    factor[l] += s.shift_add[j][l];
                }
            }
        }
        for &(sh, impact) in &gp.shocks {
            let hit = &s.hit[sh];
            for l in 0..LANES {
                factor[l] = if hit[l] {
                    factor[l] + impact
                } else {
                    factor[l]
                };
            }
        }
    }
    let level = &mut s.level[j];
    for l in 0..LANES {
        level[l] *= factor[l];
    }
    if !PLAIN {
        if !s.factor.is_empty() {
            s.factor[t * plan.growth.len() + j] = factor;
        }
        if let Some(Some(pinned)) = gp.pins.get(t) {
            *level = [*pinned; LANES];
        }
    }
    let slot = gp.indicator * plan.years + t;
    batch[slot * LANES..(slot + 1) * LANES].copy_from_slice(level);
}

#[inline(always)]
fn count_step<const PLAIN: bool>(
    plan: &Plan,
    t: usize,
    c: usize,
    s: &mut LaneScratch,
    batch: &mut [f64],
) {
    let cp = &plan.counts[c];
    match &cp.additions {
        // No shock on this count: one sampler for every lane, so that the
        // choice of sampler leaves the loop.
        AdditionSamplers::ByMask(by_mask) if by_mask.len() == 1 && by_mask[0].takes_one_draw() => {
            one_sampler(&by_mask[0], &mut s.count_rng, &mut s.bits, &mut s.added);
        }
        AdditionSamplers::ByMask(by_mask) if by_mask.iter().all(CountSampler::takes_one_draw) => {
            s.count_rng.next_u64(&mut s.bits);
            for l in 0..LANES {
                let mask = path::shock_mask(&cp.shocks, |sh| s.hit[sh][l]);
                s.added[l] = by_mask[mask].sample_bits(s.bits[l]).unwrap_or(0.0);
            }
        }
        additions => {
            for l in 0..LANES {
                let mut rng = s.count_rng.get(l);
                let hit = |sh: usize| s.hit[sh][l];
                s.added[l] = path::draw_additions(additions, &cp.shocks, hit, &mut rng);
                s.count_rng.set(l, &rng);
            }
        }
    }
    match &cp.exits {
        None => s.exited = [0.0; LANES],
        Some(exits) if exits.takes_one_draw() => {
            one_sampler(exits, &mut s.count_rng, &mut s.bits, &mut s.exited);
        }
        Some(exits) => {
            for l in 0..LANES {
                let mut rng = s.count_rng.get(l);
                s.exited[l] = exits.sample(&mut rng);
                s.count_rng.set(l, &rng);
            }
        }
    }
    let level = &mut s.level[plan.growth.len() + c];
    for l in 0..LANES {
        level[l] = (level[l] + s.added[l] - s.exited[l]).max(0.0);
    }
    if !PLAIN && let Some(Some(pinned)) = cp.pins.get(t) {
        *level = [*pinned; LANES];
    }
    let slot = cp.indicator * plan.years + t;
    batch[slot * LANES..(slot + 1) * LANES].copy_from_slice(level);
}

/// A draw per lane from one sampler that takes one `u64` a draw.
#[inline(always)]
fn one_sampler(
    sampler: &CountSampler,
    rng: &mut LaneRng,
    bits: &mut Lanes<u64>,
    out: &mut Lanes<f64>,
) {
    rng.next_u64(bits);
    for l in 0..LANES {
        out[l] = sampler.sample_bits(bits[l]).unwrap_or(0.0);
    }
}

/// The firms, then the redraws of paths that broke an observed bound: one
/// lane at a time, out of the vector loop.
fn lane_by_lane(
    plan: &Plan,
    seed: u64,
    first: u64,
    paths: usize,
    s: &mut LaneScratch,
    batch: &mut [f64],
) -> BatchAttempts {
    let mut done = BatchAttempts {
        attempts: paths as u64,
        exhausted: 0,
    };
    if plan.firms.is_none() && plan.bounds.is_empty() {
        return done;
    }
    let n_growth = plan.growth.len();
    for l in 0..paths {
        let path = first + l as u64;
        let scratch = &mut s.path;
        for (slot, v) in scratch.values.iter_mut().enumerate() {
            *v = batch[slot * LANES + l];
        }
        // Firms are moved only for an attempt whose indicators are within
        // their bounds (a rejected attempt's firms change nothing); they
        // report whether the attempt meets the bounds they condition on.
        let mut within_bounds =
            (0..plan.years).all(|t| path::meets_early_bounds(plan, t, &scratch.values));
        if within_bounds && plan.firms.is_some() {
            for (f, lanes) in scratch.factor.iter_mut().zip(&s.factor) {
                *f = lanes[l];
            }
            debug_assert_eq!(scratch.factor.len(), plan.years * n_growth);
            within_bounds = path::move_firms(
                plan,
                seed,
                path,
                0,
                &scratch.factor,
                &mut scratch.firms,
                &mut scratch.values,
            );
        }
        if !within_bounds || !path::meets_bounds(plan, &scratch.values) {
            match path::retry_from::<false>(plan, seed, path, 1, scratch) {
                Some(attempts) => done.attempts += attempts as u64 - 1,
                None => {
                    done.attempts += path::MAX_ATTEMPTS as u64 - 1;
                    done.exhausted += 1;
                }
            }
        }
        for (slot, &v) in scratch.values.iter().enumerate() {
            batch[slot * LANES + l] = v;
        }
    }
    done
}
