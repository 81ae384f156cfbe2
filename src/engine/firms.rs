//! The firm population on one path: every firm's revenue moves each year
//! with its sector's growth factor (the same correlated, shock-affected draw
//! that drives the sector's growth indicator) times a mean-preserving
//! lognormal noise of its own (Gibrat's law); firms exit with a
//! size-dependent hazard; new firms enter at a Poisson rate. Tier counts
//! and sector revenue are read off the firms every year.
//!
//! Revenue is kept as its logarithm, so growth is an addition and a tier
//! test a comparison; only sector revenue needs an `exp`. Arrays are a
//! structure of arrays, reused from path to path (no allocation per path
//! unless entries outgrow the reserve).

use super::plan::GrowthPlan;
use crate::distr::CountDist;
use crate::distr::count::CountSampler;
use crate::firms::Firms;
use crate::model::{IndicatorKind, Model};
use rand::RngExt;
use rand_distr::{Exp1, StandardNormal};

/// Tiers counted during the update pass; any beyond are counted after it.
const MAX_TIERS: usize = 8;

/// The firm model as the per-path loop sees it.
#[derive(Debug, Clone)]
pub struct FirmsPlan {
    log_revenue: Vec<f64>,
    sector_of: Vec<u8>,
    /// Per sector: its growth indicator's position in the plan's growth list.
    sector_growth: Vec<usize>,
    residual: Vec<f64>,
    noise_sd: f64,
    /// `noise_sd^2 / 2`: keeps the noise mean-preserving in revenue.
    half_var: f64,
    /// `(ln hazard, elasticity, ln reference)`.
    exit: Option<(f64, f64, f64)>,
    entry: Option<EntryPlan>,
    /// `(first slot of the indicator, ln threshold)`.
    counts: Vec<(usize, f64)>,
    /// `(first slot of the indicator, sector or all)`.
    outputs: Vec<(usize, Option<u8>)>,
    reserve: usize,
}

#[derive(Debug, Clone)]
struct EntryPlan {
    count: CountSampler,
    mu: f64,
    sigma: f64,
    /// Cumulative sector shares (the last is 1).
    cumulative: Vec<f64>,
}

/// A path's firms.
#[derive(Debug, Clone, Default)]
pub struct FirmScratch {
    log_revenue: Vec<f64>,
    sector_of: Vec<u8>,
    residual: Vec<f64>,
    sector_sum: Vec<f64>,
    ln_factor: Vec<f64>,
}

impl FirmsPlan {
    /// The engine's view of a model's firms; `growth` is the plan's growth list.
    pub fn new(model: &Model, firms: &Firms, growth: &[GrowthPlan]) -> Self {
        let years = model.years();
        let sector_growth = firms
            .sectors
            .iter()
            .map(|s| {
                growth
                    .iter()
                    .position(|g| g.indicator == s.indicator)
                    .expect("a sector's indicator is a growth indicator")
            })
            .collect();
        let mut counts = Vec::new();
        let mut outputs = Vec::new();
        for (k, ind) in model.indicators.iter().enumerate() {
            match ind.kind {
                IndicatorKind::FirmCount { threshold } => counts.push((k * years, threshold.ln())),
                IndicatorKind::FirmOutput { sector } => {
                    outputs.push((k * years, sector.map(|s| s as u8)))
                }
                _ => {}
            }
        }
        let entry = firms.entry.map(|e| {
            let total: f64 = firms.sectors.iter().map(|s| s.share).sum();
            let cumulative = firms
                .sectors
                .iter()
                .scan(0.0, |acc, s| {
                    *acc += s.share;
                    Some(*acc / total)
                })
                .collect();
            EntryPlan {
                count: CountSampler::new(&CountDist::Poisson { mean: e.rate }),
                mu: e.median.ln(),
                sigma: e.sigma,
                cumulative,
            }
        });
        let entrants = firms.entry.map_or(0.0, |e| {
            years as f64 * (e.rate + 10.0 * e.rate.sqrt() + 10.0)
        });
        FirmsPlan {
            log_revenue: firms.revenue.iter().map(|r| r.ln()).collect(),
            sector_of: firms.sector_of.clone(),
            sector_growth,
            residual: firms.sectors.iter().map(|s| s.residual).collect(),
            noise_sd: firms.noise_sd,
            half_var: firms.noise_sd * firms.noise_sd / 2.0,
            exit: firms
                .exit
                .map(|e| (e.hazard.ln(), e.elasticity, e.reference.ln())),
            entry,
            counts,
            outputs,
            reserve: firms.revenue.len() + entrants as usize,
        }
    }

    /// Buffers for one path at a time.
    pub fn scratch(&self) -> FirmScratch {
        FirmScratch {
            log_revenue: Vec::with_capacity(self.reserve),
            sector_of: Vec::with_capacity(self.reserve),
            residual: self.residual.clone(),
            sector_sum: vec![0.0; self.residual.len()],
            ln_factor: vec![0.0; self.residual.len()],
        }
    }

    /// Reset the firms to the base year.
    pub fn start(&self, s: &mut FirmScratch) {
        s.log_revenue.clear();
        s.log_revenue.extend_from_slice(&self.log_revenue);
        s.sector_of.clear();
        s.sector_of.extend_from_slice(&self.sector_of);
        s.residual.copy_from_slice(&self.residual);
    }

    /// Firms at the start of a path (for the bare sampling loop).
    pub fn firm_count(&self) -> usize {
        self.log_revenue.len()
    }

    /// Move every firm through simulated year `t`, given the growth factor
    /// each of the plan's growth indicators had that year on this path, and
    /// write the firm indicators' values for the year. Runs after the path's
    /// other indicators (see `path::simulate_attempt`).
    pub fn step<R: rand::Rng>(
        &self,
        t: usize,
        factors: &[f64],
        rng: &mut R,
        s: &mut FirmScratch,
        values: &mut [f64],
    ) {
        for (ln_f, &g) in s.ln_factor.iter_mut().zip(&self.sector_growth) {
            let f = factors[g];
            *ln_f = if f > 0.0 { f.ln() } else { f64::NEG_INFINITY };
        }
        // Counts are taken in the same pass as the update, while each
        // firm's revenue is in a register (the thresholds are few).
        let mut counts = [0u32; MAX_TIERS];
        let tiers = &self.counts[..self.counts.len().min(MAX_TIERS)];
        let tally = |counts: &mut [u32; MAX_TIERS], lr: f64| {
            for (c, &(_, ln_threshold)) in counts.iter_mut().zip(tiers) {
                *c += (lr >= ln_threshold) as u32;
            }
        };
        let mut i = 0;
        while i < s.log_revenue.len() {
            let mut lr = s.log_revenue[i] + s.ln_factor[s.sector_of[i] as usize];
            if self.noise_sd > 0.0 {
                let z: f64 = rng.sample(StandardNormal);
                lr += self.noise_sd * z - self.half_var;
            }
            let mut exits = lr == f64::NEG_INFINITY;
            if let Some((ln_h, elasticity, ln_ref)) = self.exit
                && !exits
            {
                // Exit with probability p = min(1, exp(x)): when -ln(U),
                // an Exp(1) draw, exceeds -x (no draw when p = 1).
                let x = ln_h + elasticity * (lr - ln_ref);
                exits = x >= 0.0 || {
                    let e: f64 = rng.sample(Exp1);
                    e > -x
                };
            }
            if exits {
                s.log_revenue.swap_remove(i);
                s.sector_of.swap_remove(i);
            } else {
                s.log_revenue[i] = lr;
                tally(&mut counts, lr);
                i += 1;
            }
        }
        if let Some(entry) = &self.entry {
            let n = entry.count.sample(rng) as usize;
            for _ in 0..n {
                let u: f64 = rng.random();
                let sector = entry
                    .cumulative
                    .iter()
                    .position(|&c| u < c)
                    .unwrap_or(entry.cumulative.len() - 1);
                let z: f64 = rng.sample(StandardNormal);
                let lr = entry.mu + entry.sigma * z;
                s.log_revenue.push(lr);
                s.sector_of.push(sector as u8);
                tally(&mut counts, lr);
            }
        }
        for (k, &(slot, ln_threshold)) in self.counts.iter().enumerate() {
            values[slot + t] = if k < MAX_TIERS {
                counts[k] as f64
            } else {
                s.log_revenue
                    .iter()
                    .filter(|&&lr| lr >= ln_threshold)
                    .count() as f64
            };
        }
        if !self.outputs.is_empty() {
            s.sector_sum.iter_mut().for_each(|x| *x = 0.0);
            for (&lr, &sector) in s.log_revenue.iter().zip(&s.sector_of) {
                s.sector_sum[sector as usize] += libm::exp(lr);
            }
            for (k, r) in s.residual.iter_mut().enumerate() {
                *r *= factors[self.sector_growth[k]].max(0.0);
            }
            for &(slot, sector) in &self.outputs {
                values[slot + t] = match sector {
                    Some(k) => s.sector_sum[k as usize] + s.residual[k as usize],
                    None => s.sector_sum.iter().sum::<f64>() + s.residual.iter().sum::<f64>(),
                };
            }
        }
    }
}
