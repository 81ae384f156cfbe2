//! The sampling bound: a loop that draws exactly the random variates a
//! scenario consumes, with the lane engine's samplers (shock uniforms, the
//! copula's standard normals, each growth indicator's marginal, every count
//! draw, the per-path parameter draws of a `mean_sd`, a noise normal per
//! starting firm and year and an exit uniform per starting firm) and does nothing else: no copula, no
//! levels, no shocks applied, no recording, no targets. The engine's time
//! over this loop's time is its overhead.

// Lane loops index several arrays by the same lane.
#![allow(clippy::needless_range_loop)]

use super::LANES;
use super::rng::LaneRng;
use crate::distr::GrowthDist;
use crate::distr::exp::exp;
use crate::engine::firms::FIRM_LANES;
use crate::engine::plan::{AdditionSamplers, Plan};
use crate::engine::streams::{COUNTS, FIRMS, PARAMS, SHOCKS_AND_GROWTH, StreamKey};
use std::hint::black_box;

/// Draw the variates of paths `first .. first + paths`; returns a checksum
/// so that the work cannot be optimised away.
#[inline(always)]
pub fn bare_sampling(plan: &Plan, seed: u64, first: u64, paths: u64) -> f64 {
    let mut rng = LaneRng::default();
    let mut count_rng = LaneRng::default();
    let mut param_rng = LaneRng::default();
    let (mut bits, mut u, mut z, mut ok) =
        ([0u64; LANES], [0.0; LANES], [0.0; LANES], [true; LANES]);
    let mut sum = [0.0; LANES];
    let keys = [SHOCKS_AND_GROWTH, COUNTS, PARAMS].map(|stream| StreamKey::new(seed, stream));
    let mut start = first;
    while start < first + paths {
        rng.seed(&keys[0], |l| start + l as u64);
        count_rng.seed(&keys[1], |l| start + l as u64);
        if plan.any_mean_sd {
            param_rng.seed(&keys[2], |l| start + l as u64);
            for g in plan.growth.iter().filter(|g| g.mean_sd > 0.0) {
                param_rng.normals(&mut ok, &mut z);
                for l in 0..LANES {
                    sum[l] += exp(g.mean_sd * z[l]);
                }
            }
        }
        for t in 0..plan.years {
            for shock in &plan.shocks {
                rng.uniforms(&mut bits, &mut u);
                for l in 0..LANES {
                    sum[l] += (u[l] < shock.probability) as u8 as f64;
                }
            }
            for (j, g) in plan.growth.iter().enumerate() {
                match &plan.design {
                    None => rng.normals(&mut ok, &mut z),
                    Some(d) => {
                        rng.uniforms(&mut bits, &mut u);
                        let dim = t * plan.growth.len() + j;
                        for l in 0..LANES {
                            z[l] = d.normal((start + l as u64).min(first + paths - 1), dim, u[l]);
                        }
                    }
                }
                match g.by_year[t] {
                    GrowthDist::Normal { mean, sd } => {
                        for l in 0..LANES {
                            sum[l] += 1.0 + mean + sd * z[l];
                        }
                    }
                    GrowthDist::LogNormal { mu, s, .. } => {
                        for l in 0..LANES {
                            sum[l] += exp(mu + s * z[l]);
                        }
                    }
                    ref other => {
                        for l in 0..LANES {
                            sum[l] += other.factor(z[l]);
                        }
                    }
                }
            }
            for c in &plan.counts {
                let additions = match &c.additions {
                    AdditionSamplers::ByMask(by_mask) => &by_mask[0],
                    AdditionSamplers::PerDraw(sampler, _) => sampler,
                };
                for sampler in std::iter::once(additions).chain(&c.exits) {
                    if sampler.takes_one_draw() {
                        count_rng.next_u64(&mut bits);
                        for l in 0..LANES {
                            sum[l] += sampler.sample_bits(bits[l]).unwrap_or(0.0);
                        }
                    } else {
                        for l in 0..LANES {
                            let mut one = count_rng.get(l);
                            sum[l] += sampler.sample(&mut one);
                            count_rng.set(l, &one);
                        }
                    }
                }
            }
        }
        if let Some(firms) = &plan.firms {
            // Per starting firm its exit uniform, and per year its noise
            // normal, from the path's firm lanes (see `engine::firms`).
            let key = StreamKey::new(seed, FIRMS | FIRM_LANES);
            let mut firm_rng = LaneRng::default();
            for path in start..(start + LANES as u64).min(first + paths) {
                firm_rng.seed(&key, |l| (path << 6) | l as u64);
                for _ in 0..firms.firm_count().div_ceil(LANES) {
                    firm_rng.uniforms(&mut bits, &mut u);
                    for _ in 0..plan.years {
                        firm_rng.normals(&mut ok, &mut z);
                        for l in 0..LANES {
                            sum[l] += z[l] + u[l];
                        }
                    }
                }
            }
        }
        start += LANES as u64;
    }
    black_box(sum.iter().sum())
}
