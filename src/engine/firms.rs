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

use super::lanes::LANES;
use super::lanes::rng::LaneRng;
use super::plan::GrowthPlan;
use super::streams::StreamKey;
use crate::distr::CountDist;
use crate::distr::count::CountSampler;
use crate::distr::exp::exp;
use crate::firms::Firms;
use crate::model::{IndicatorKind, Model};

/// Set in the stream number of a path's per-firm lanes (never a real
/// stream: those are small).
pub(crate) const FIRM_LANES: u64 = 1 << 62;

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
    /// Per firm, this year: its log revenue and whether it stays.
    moved: Vec<f64>,
    stays: Vec<bool>,
    draws: FirmDraws,
}

/// The per-firm draws: firm `i` of a year draws from lane `i % LANES`.
#[derive(Debug, Clone)]
struct FirmDraws {
    lanes: LaneRng,
    z: [f64; LANES],
    u: [f64; LANES],
    bits: [u64; LANES],
    accepted: [bool; LANES],
}

impl Default for FirmDraws {
    fn default() -> Self {
        FirmDraws {
            lanes: LaneRng::default(),
            z: [0.0; LANES],
            u: [0.0; LANES],
            bits: [0; LANES],
            accepted: [true; LANES],
        }
    }
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
            moved: Vec::with_capacity(self.reserve),
            stays: Vec::with_capacity(self.reserve),
            ..FirmScratch::default()
        }
    }

    /// Reset the firms to the base year, for path `path` whose firm draws
    /// come from `stream` (see `path::move_firms`).
    pub fn start(&self, s: &mut FirmScratch, seed: u64, path: u64, stream: u64) {
        // The lanes' key differs from every scalar stream's (a stream
        // number no path uses), and lane l of path p is "path" 64p + l.
        let key = StreamKey::new(seed, stream | FIRM_LANES);
        s.draws.lanes.seed(&key, |l| (path << 6) | l as u64);
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

    /// This year's noise and exits for the firms alive at its start. Firm
    /// `i` draws its noise and its exit uniform from lane `i % LANES`, so
    /// a chunk of firms draws in one vector loop; a firm exits with
    /// probability `min(1, h (r / ref)^e)`, when its uniform is below that.
    #[inline(always)]
    fn move_incumbents(&self, s: &mut FirmScratch) {
        let n = s.log_revenue.len();
        s.moved.resize(n, 0.0);
        s.stays.resize(n, true);
        // Local slices: the loops then keep their pointers in registers.
        let ln_factor = &s.ln_factor[..];
        let d = &mut s.draws;
        // One pass, a chunk of LANES firms at a time: move, add the noise,
        // test the exit, while the chunk is in L1.
        let chunks = s
            .log_revenue
            .chunks(LANES)
            .zip(s.sector_of.chunks(LANES))
            .zip(s.moved.chunks_mut(LANES).zip(s.stays.chunks_mut(LANES)));
        for ((lrs, sectors), (moved, stays)) in chunks {
            for ((m, &lr), &sector) in moved.iter_mut().zip(lrs).zip(sectors) {
                *m = lr + ln_factor[sector as usize];
            }
            if self.noise_sd > 0.0 {
                d.lanes.normals(&mut d.accepted, &mut d.z);
                for (lr, &z) in moved.iter_mut().zip(&d.z) {
                    *lr += self.noise_sd * z - self.half_var;
                }
            }
            match self.exit {
                Some((ln_h, elasticity, ln_ref)) => {
                    d.lanes.uniforms(&mut d.bits, &mut d.u);
                    for ((stay, &lr), &u) in stays.iter_mut().zip(moved.iter()).zip(&d.u) {
                        let p = exp(ln_h + elasticity * (lr - ln_ref));
                        *stay = lr != f64::NEG_INFINITY && u >= p;
                    }
                }
                None => {
                    for (stay, &lr) in stays.iter_mut().zip(moved.iter()) {
                        *stay = lr != f64::NEG_INFINITY;
                    }
                }
            }
        }
        // Keep the survivors, in order.
        let (log_revenue, sector_of) = (&mut s.log_revenue[..], &mut s.sector_of[..]);
        let mut kept = 0;
        for ((&lr, &stay), i) in s.moved.iter().zip(&s.stays).zip(0..n) {
            log_revenue[kept] = lr;
            sector_of[kept] = sector_of[i];
            kept += stay as usize;
        }
        s.log_revenue.truncate(kept);
        s.sector_of.truncate(kept);
    }

    /// Tier counts and sector revenue of the firms after a year's moves,
    /// in one pass, a chunk of LANES firms at a time: the comparisons and
    /// the `exp` in vector loops, the per-sector sums in firm order.
    #[inline(always)]
    fn read_off(&self, s: &mut FirmScratch, tiers: &[(usize, f64)], counts: &mut [u32; MAX_TIERS]) {
        let with_outputs = !self.outputs.is_empty();
        s.sector_sum.iter_mut().for_each(|x| *x = 0.0);
        let mut revenue = [0.0; LANES];
        for (lrs, sectors) in s.log_revenue.chunks(LANES).zip(s.sector_of.chunks(LANES)) {
            for (c, &(_, ln_threshold)) in counts.iter_mut().zip(tiers) {
                *c += lrs
                    .iter()
                    .map(|&lr| (lr >= ln_threshold) as u32)
                    .sum::<u32>();
            }
            if with_outputs {
                for (r, &lr) in revenue.iter_mut().zip(lrs) {
                    *r = exp(lr);
                }
                for (&r, &sector) in revenue.iter().zip(sectors) {
                    s.sector_sum[sector as usize] += r;
                }
            }
        }
    }

    /// Move every firm through simulated year `t`, given the growth factor
    /// each of the plan's growth indicators had that year on this path, and
    /// write the firm indicators' values for the year. Runs after the path's
    /// other indicators (see `path::simulate_attempt`).
    #[inline(always)]
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
        let tiers = &self.counts[..self.counts.len().min(MAX_TIERS)];
        self.move_incumbents(s);
        if let Some(entry) = &self.entry {
            let n = entry.count.sample(rng) as usize;
            let mut added = 0;
            while added < n {
                let d = &mut s.draws;
                d.lanes.uniforms(&mut d.bits, &mut d.u);
                d.lanes.normals(&mut d.accepted, &mut d.z);
                // The first sector whose cumulative share exceeds u is the
                // number of shares at or below it (they ascend): a count,
                // which vectorises where a search would not.
                let last = entry.cumulative.len() - 1;
                let mut sector = [0u8; LANES];
                let mut log_revenue = [0.0; LANES];
                for l in 0..LANES {
                    let below = entry.cumulative.iter().map(|&c| (d.u[l] >= c) as usize);
                    sector[l] = below.sum::<usize>().min(last) as u8;
                    log_revenue[l] = entry.mu + entry.sigma * d.z[l];
                }
                let take = (n - added).min(LANES);
                s.log_revenue.extend_from_slice(&log_revenue[..take]);
                s.sector_of.extend_from_slice(&sector[..take]);
                added += LANES;
            }
        }
        let mut counts = [0u32; MAX_TIERS];
        self.read_off(s, tiers, &mut counts);
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
