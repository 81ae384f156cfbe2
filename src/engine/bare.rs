//! The sampling bound: a loop that draws exactly the random variates a
//! scenario consumes (shock uniforms, standard normals, each growth
//! indicator's marginal, every count draw, the per-path parameter draws of
//! a `mean_sd`, a noise and an exit draw per starting firm and year) and
//! does nothing else: no
//! copula, no levels, no shocks applied, no recording, no targets. The
//! engine's time over this loop's time is its overhead.

use super::plan::{AdditionSamplers, Plan};
use super::streams::{COUNTS, FIRMS, PARAMS, SHOCKS_AND_GROWTH, path_rng};
use crate::distr::inversion::unit_uniform;
use rand::RngExt;
use rand_distr::{Exp1, StandardNormal};
use std::hint::black_box;

/// Draw the variates of `paths` paths from `first` on; returns a checksum
/// so the work cannot be optimised away.
pub fn bare_sampling(plan: &Plan, seed: u64, first: u64, paths: u64) -> f64 {
    let mut checksum = 0.0;
    for path in first..first + paths {
        let mut rng = path_rng(seed, path, SHOCKS_AND_GROWTH);
        let mut count_rng = path_rng(seed, path, COUNTS);
        if plan.any_mean_sd {
            let mut param_rng = path_rng(seed, path, PARAMS);
            for g in plan.growth.iter().filter(|g| g.mean_sd > 0.0) {
                let z: f64 = param_rng.sample(StandardNormal);
                checksum += crate::distr::exp::exp(g.mean_sd * z);
            }
        }
        let mut firm_rng = plan.firms.as_ref().map(|_| path_rng(seed, path, FIRMS));
        for t in 0..plan.years {
            if let (Some(f), Some(firm_rng)) = (&plan.firms, &mut firm_rng) {
                for _ in 0..f.firm_count() {
                    let z: f64 = firm_rng.sample(StandardNormal);
                    let e: f64 = firm_rng.sample(Exp1);
                    checksum += z + e;
                }
            }
            for shock in &plan.shocks {
                let u: f64 = rng.random();
                checksum += (u < shock.probability) as u8 as f64;
            }
            for (j, g) in plan.growth.iter().enumerate() {
                let z: f64 = match &plan.design {
                    None => rng.sample(StandardNormal),
                    Some(d) => d.normal(path, t * plan.growth.len() + j, unit_uniform(&mut rng)),
                };
                checksum += g.by_year[t].factor(z);
            }
            for c in &plan.counts {
                checksum += match &c.additions {
                    AdditionSamplers::ByMask(by_mask) => by_mask[0].sample(&mut count_rng),
                    AdditionSamplers::PerDraw(sampler, _) => sampler.sample(&mut count_rng),
                };
                if let Some(exits) = &c.exits {
                    checksum += exits.sample(&mut count_rng);
                }
            }
        }
    }
    black_box(checksum)
}
