//! Variance reduction for the growth draws: `mc` (independent draws),
//! `antithetic` (path 2k+1 mirrors path 2k's shock and growth draws:
//! z -> -z, u -> 1-u), `lhs` (Latin hypercube: each year-and-indicator
//! dimension is stratified into N equal strata across the N paths) and
//! `sobol` (Owen-scrambled Sobol points, 65,536 paths per independently
//! scrambled block). Every draw is a function of (seed, path, N) alone, so
//! results stay independent of threads and shards.

use crate::distr::normal::inverse_standard_normal_cdf;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// How growth draws are sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Sampling {
    /// Plain Monte Carlo.
    #[default]
    Mc,
    /// Antithetic pairs of paths.
    Antithetic,
    /// Latin hypercube over paths.
    Lhs,
    /// Scrambled Sobol.
    Sobol,
}

impl Sampling {
    /// Lower-case name, as the flag takes it.
    pub fn name(self) -> &'static str {
        match self {
            Sampling::Mc => "mc",
            Sampling::Antithetic => "antithetic",
            Sampling::Lhs => "lhs",
            Sampling::Sobol => "sobol",
        }
    }
}

/// Paths per independently scrambled Sobol block (the crate's limit).
const SOBOL_BLOCK: u64 = 1 << 16;

/// The stratified designs (LHS, Sobol): what maps (path, dimension, jitter)
/// to a standard normal.
#[derive(Debug, Clone)]
pub struct Design {
    mode: Sampling,
    paths: u64,
    seed: u64,
    bits: u32,
}

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Design {
    /// A design for `paths` paths and `dims` dimensions.
    pub fn new(mode: Sampling, paths: u64, seed: u64, dims: usize) -> Result<Self> {
        if mode == Sampling::Sobol && dims > sobol_burley::NUM_DIMENSIONS as usize {
            return Err(Error::Usage {
                flag: "--sampling",
                message: format!(
                    "sobol supports {} dimensions (years x growth indicators); this scenario has {dims}",
                    sobol_burley::NUM_DIMENSIONS
                ),
            });
        }
        let bits = 64 - paths.max(2).saturating_sub(1).leading_zeros();
        Ok(Design {
            mode,
            paths,
            seed,
            bits: bits.max(2) + (bits % 2),
        })
    }

    /// A keyed bijection on [0, 2^bits) (a 4-round Feistel network),
    /// cycle-walked into [0, paths): a random permutation of the paths
    /// for each dimension, computed without storing it.
    fn permute(&self, path: u64, dim: usize) -> u64 {
        let half = self.bits / 2;
        let mask = (1u64 << half) - 1;
        let key = mix64(self.seed ^ mix64(dim as u64 ^ 0x5bd1_e995));
        let mut x = path;
        loop {
            let (mut left, mut right) = (x >> half, x & mask);
            for round in 0..4u64 {
                let f = mix64(right ^ key.rotate_left(16 * round as u32) ^ round) & mask;
                (left, right) = (right, left ^ f);
            }
            x = (left << half) | right;
            if x < self.paths {
                return x;
            }
        }
    }

    /// The standard normal of `path` in dimension `dim`, `jitter` uniform in [0, 1).
    pub fn normal(&self, path: u64, dim: usize, jitter: f64) -> f64 {
        let u = match self.mode {
            Sampling::Lhs => (self.permute(path, dim) as f64 + jitter) / self.paths as f64,
            _ => {
                let block = path / SOBOL_BLOCK;
                let seed = mix64(self.seed ^ mix64(block)) as u32;
                let s = sobol_burley::sample((path % SOBOL_BLOCK) as u32, dim as u32, seed) as f64;
                // Spread the f32 point over its cell so u is continuous.
                s + jitter * (1.0 / (1u64 << 24) as f64)
            }
        };
        // Phi^-1 of a u kept inside the open interval (0, 1).
        inverse_standard_normal_cdf(u.clamp(1e-300, 1.0 - f64::EPSILON / 2.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lhs_permutation_is_a_permutation() {
        for paths in [1u64, 2, 7, 1000, 4097] {
            let d = Design::new(Sampling::Lhs, paths, 9, 3).unwrap();
            for dim in 0..3 {
                let mut seen: Vec<u64> = (0..paths).map(|p| d.permute(p, dim)).collect();
                seen.sort_unstable();
                assert_eq!(
                    seen,
                    (0..paths).collect::<Vec<_>>(),
                    "paths {paths} dim {dim}"
                );
            }
        }
    }

    #[test]
    fn lhs_puts_one_path_in_each_stratum() {
        let n = 2000u64;
        let d = Design::new(Sampling::Lhs, n, 1, 1).unwrap();
        let cdf = crate::distr::normal::standard_normal_cdf;
        let mut strata: Vec<u64> = (0..n)
            .map(|p| (cdf(d.normal(p, 0, 0.5)) * n as f64) as u64)
            .collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..n).collect::<Vec<_>>());
    }
}
