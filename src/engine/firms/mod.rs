//! The firm population on one path: every firm's revenue moves each year
//! with its sector's growth factor (the same correlated, shock-affected draw
//! that drives the sector's growth indicator) times a mean-preserving
//! lognormal noise of its own (Gibrat's law); firms exit with a
//! size-dependent hazard; new firms enter at a Poisson rate. Tier counts
//! and sector revenue are read off the firms every year.
//!
//! The firms are independent given the path's growth factors, and every
//! year's factors are drawn before the firms move, so the firms move
//! firm-major: a chunk of [`LANES`] firms is carried through all its years
//! in vector registers, and each year adds its tier tests to per-lane
//! tallies. Nothing is compacted or stored per firm. A firm's exit year is
//! drawn from one uniform `U` by inversion: it is alive after year `k`
//! while `U` is below its survival `S_k = Π (1 - p_j)`, which gives exit in
//! year `k`, given survival to it, with probability `p_k`, exactly the
//! hazard; one uniform per firm replaces one per firm and year.
//!
//! Revenue is kept as its logarithm, so growth is an addition and a tier
//! test a comparison; only sector revenue needs an `exp`.

// Lane loops index several arrays by the same lane; that form reads
// clearest and is what the compiler vectorises.
#![allow(clippy::needless_range_loop)]

mod bound;

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

/// Set in the stream number of a path's draws of candidates for its firm
/// bounds (see `bound`).
const FIRM_CANDIDATES: u64 = 1 << 61;

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
    /// The exit hazard as `p = exp(a + b ln r)`: `(a, b)` with
    /// `a = ln h - b ln reference` and `b` the elasticity.
    exit: Option<(f64, f64)>,
    entry: Option<EntryPlan>,
    /// `(first slot of the indicator, ln threshold)`.
    counts: Vec<(usize, f64)>,
    /// `(first slot of the indicator, sector or all)`.
    outputs: Vec<(usize, Option<u8>)>,
    years: usize,
    /// A nowcast's bounds on firm counts, when they can be conditioned on
    /// firm by firm (see `bound`).
    bound: Option<bound::FirmBound>,
}

#[derive(Debug, Clone)]
struct EntryPlan {
    count: CountSampler,
    mu: f64,
    sigma: f64,
    /// Cumulative sector shares (the last is 1).
    cumulative: Vec<f64>,
}

/// One path's working state: no per-firm storage, only per-year sums.
#[derive(Debug, Clone, Default)]
pub struct FirmScratch {
    /// `[year * sectors + sector]`: the log growth factor less the noise's
    /// half variance (`-inf` when the factor is not positive).
    drift: Vec<f64>,
    /// `[year * tiers + tier]`: per lane, the firms counted.
    tally: Vec<[u32; LANES]>,
    /// `[year * sectors + sector]`: revenue of the living firms.
    sector_sum: Vec<f64>,
    residual: Vec<f64>,
    /// Per year: the entrants drawn.
    entrants: Vec<usize>,
    draws: FirmDraws,
    /// Per incumbent: is it a candidate of the firm bounds (see `bound`)?
    is_candidate: Vec<bool>,
    /// The candidates of this attempt.
    candidates: Vec<bound::Candidate>,
    /// Per year: how many of its entrants are candidates.
    candidate_entrants: Vec<usize>,
}

/// The per-firm draws: the firms of chunk `c` draw from the lanes in turn,
/// firm `c * LANES + l` from lane `l`.
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

/// Per lane, a noise walk bridged to a given value after `steps` moves.
#[derive(Debug, Clone, Copy)]
struct Bridge {
    steps: usize,
    /// The walk's value after `steps` moves (in units of one move's sd).
    end: [f64; LANES],
    /// Its value so far.
    at: [f64; LANES],
}

impl Bridge {
    /// No bridge: every move draws its own normal.
    const NONE: Bridge = Bridge {
        steps: 0,
        end: [0.0; LANES],
        at: [0.0; LANES],
    };

    fn to(steps: usize, end: [f64; LANES]) -> Bridge {
        Bridge {
            steps,
            end,
            at: [0.0; LANES],
        }
    }

    /// Move `step` (1-based) of the bridge: given the walk at `step - 1`
    /// and its end, the next value is normal with mean a `1/left` of the
    /// way to the end and variance `(left - 1)/left` (`left` moves to go).
    #[inline(always)]
    fn advance(&mut self, step: usize, chunk: &mut Chunk, noise_sd: f64, d: &mut FirmDraws) {
        let left = (self.steps - step + 1) as f64;
        if left > 1.0 {
            d.lanes.normals(&mut d.accepted, &mut d.z);
            let spread = ((left - 1.0) / left).sqrt();
            for l in 0..LANES {
                let next = self.at[l] + (self.end[l] - self.at[l]) / left + spread * d.z[l];
                chunk.log_revenue[l] += noise_sd * (next - self.at[l]);
                self.at[l] = next;
            }
        } else {
            for l in 0..LANES {
                chunk.log_revenue[l] += noise_sd * (self.end[l] - self.at[l]);
                self.at[l] = self.end[l];
            }
        }
    }
}

/// A chunk of firms in lanes. A firm is alive while its exit uniform is
/// below its survival, so a lane without a firm starts with survival 0
/// (and without exits every uniform is 0).
struct Chunk {
    log_revenue: [f64; LANES],
    sector: [u8; LANES],
    /// The same sector in every lane: the drift is one number.
    one_sector: bool,
    exit_u: [f64; LANES],
    survival: [f64; LANES],
}

impl Chunk {
    /// The first [`LANES`] firms of `log_revenue` and `sector_of`, or as
    /// many as there are.
    #[inline(always)]
    fn of(log_revenue: &[f64], sector_of: &[u8]) -> Chunk {
        let n = log_revenue.len().min(LANES);
        let mut chunk = Chunk {
            log_revenue: [0.0; LANES],
            sector: [sector_of[0]; LANES],
            one_sector: sector_of[..n].iter().all(|&k| k == sector_of[0]),
            exit_u: [0.0; LANES],
            survival: [0.0; LANES],
        };
        chunk.log_revenue[..n].copy_from_slice(&log_revenue[..n]);
        chunk.sector[..n].copy_from_slice(&sector_of[..n]);
        chunk.survival[..n].iter_mut().for_each(|x| *x = 1.0);
        chunk
    }

    /// Is lane `l`'s firm alive?
    #[inline(always)]
    fn alive(&self, l: usize) -> bool {
        self.exit_u[l] < self.survival[l]
    }
}

impl FirmsPlan {
    /// The engine's view of a model's firms; `growth` is the plan's growth list.
    pub fn new(model: &Model, firms: &Firms, growth: &[GrowthPlan]) -> Self {
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
        let years = model.years();
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
        // Sector by sector, so that most chunks have one sector's drift.
        let mut order: Vec<usize> = (0..firms.revenue.len()).collect();
        order.sort_by_key(|&i| firms.sector_of[i]);
        let mut plan = FirmsPlan {
            log_revenue: order.iter().map(|&i| firms.revenue[i].ln()).collect(),
            sector_of: order.iter().map(|&i| firms.sector_of[i]).collect(),
            sector_growth,
            residual: firms.sectors.iter().map(|s| s.residual).collect(),
            noise_sd: firms.noise_sd,
            half_var: firms.noise_sd * firms.noise_sd / 2.0,
            // A hazard of 0 is no exit: the walk then skips the hazard
            // (whose value, exp(-inf) clamped, would be subnormal and slow
            // every multiplication by it) and draws no exit uniforms.
            exit: firms.exit.filter(|e| e.hazard > 0.0).map(|e| {
                let b = e.elasticity;
                (e.hazard.ln() - b * e.reference.ln(), b)
            }),
            entry,
            counts,
            outputs,
            years,
            bound: None,
        };
        plan.bound = bound::FirmBound::new(&plan, &plan.bounds_in(model));
        plan
    }

    /// `(year, tier, minimum, maximum)` of every observed bound on a firm
    /// count in a nowcast of `model`.
    fn bounds_in(&self, model: &Model) -> Vec<(usize, usize, f64, f64)> {
        let Some(conditioning) = &model.conditioning else {
            return Vec::new();
        };
        let mut bounds = Vec::new();
        for (k, c) in conditioning.indicators.iter().enumerate() {
            let Some(tier) = self
                .counts
                .iter()
                .position(|&(slot, _)| slot == k * self.years)
            else {
                continue;
            };
            let year = |y: i32| (y - model.base_year - 1) as usize;
            let floors = c
                .floors
                .iter()
                .map(|&(y, min)| (year(y), tier, min, f64::INFINITY));
            let ceilings = c
                .ceilings
                .iter()
                .map(|&(y, max)| (year(y), tier, f64::NEG_INFINITY, max));
            bounds.extend(floors.chain(ceilings));
        }
        bounds
    }

    /// Buffers for one path at a time.
    pub fn scratch(&self) -> FirmScratch {
        let sectors = self.residual.len();
        FirmScratch {
            drift: vec![0.0; self.years * sectors],
            tally: vec![[0; LANES]; self.years * self.counts.len()],
            sector_sum: vec![0.0; self.years * sectors],
            residual: self.residual.clone(),
            entrants: vec![0; self.years],
            draws: FirmDraws::default(),
            is_candidate: vec![false; self.log_revenue.len()],
            candidates: Vec::new(),
            candidate_entrants: vec![0; self.years],
        }
    }

    /// Does indicator `k` read the firms (a tier count or sector output)?
    pub fn writes_indicator(&self, k: usize) -> bool {
        let first = k * self.years;
        self.counts.iter().any(|&(slot, _)| slot == first)
            || self.outputs.iter().any(|&(slot, _)| slot == first)
    }

    /// Firms at the start of a path (for the bare sampling loop).
    pub fn firm_count(&self) -> usize {
        self.log_revenue.len()
    }

    /// Move the firms of path `path` through every year, given the growth
    /// factor each of the plan's growth indicators had each year
    /// (`factors[t * growth + j]`), and write the firm indicators' values.
    /// The firms' own draws come from the lanes of `stream` (a stream
    /// number no path uses, see `path::move_firms`); the entry counts, one
    /// per year in order, from `rng`.
    ///
    /// With bounds on firm counts, returns false when the attempt breaks
    /// them (decided from the candidates alone, see `bound`), and the
    /// values are then not written.
    #[inline(always)]
    pub fn simulate<R: rand::Rng>(
        &self,
        (seed, path, stream): (u64, u64, u64),
        factors: &[f64],
        rng: &mut R,
        s: &mut FirmScratch,
        values: &mut [f64],
    ) -> bool {
        let key = StreamKey::new(seed, stream | FIRM_LANES);
        // Lane l of path p is "path" 64p + l of the lanes' key.
        s.draws.lanes.seed(&key, |l| (path << 6) | l as u64);
        self.prepare(factors, rng, s);
        if let Some(b) = &self.bound {
            let mut candidates =
                crate::engine::streams::path_rng(seed, path, stream | FIRM_CANDIDATES);
            if !self.draw_candidates(b, &mut candidates, s) {
                return false;
            }
            self.extend_candidates(b, &mut candidates, s);
            self.walk_all_bounded(b, s);
            self.tally_candidates(s);
            self.write_values(factors, s, values);
            return true;
        }
        for (lrs, sectors) in self
            .log_revenue
            .chunks(LANES)
            .zip(self.sector_of.chunks(LANES))
        {
            let mut chunk = Chunk::of(lrs, sectors);
            self.walk::<false>(&mut chunk, 0, s, Bridge::NONE);
        }
        if let Some(entry) = &self.entry {
            for t in 0..self.years {
                let mut left = s.entrants[t];
                while left > 0 {
                    let mut chunk = self.entrants(entry, left, &mut s.draws);
                    self.tally_year(t, &chunk, s);
                    self.walk::<false>(&mut chunk, t + 1, s, Bridge::NONE);
                    left = left.saturating_sub(LANES);
                }
            }
        }
        self.write_values(factors, s, values);
        true
    }

    /// Every firm but the candidates, each conditioned on ending below the
    /// bounds' threshold in the bound year (see `bound`).
    #[inline(always)]
    fn walk_all_bounded(&self, b: &bound::FirmBound, s: &mut FirmScratch) {
        let reach = self.reach(0, b.year(), s);
        for (c, (lrs, sectors)) in self
            .log_revenue
            .chunks(LANES)
            .zip(self.sector_of.chunks(LANES))
            .enumerate()
        {
            let mut chunk = Chunk::of(lrs, sectors);
            let end = self.incumbent_ends(b, (c * LANES, &reach), &mut chunk, s);
            self.walk::<true>(&mut chunk, 0, s, Bridge::to(b.year() + 1, end));
        }
        let Some(entry) = &self.entry else { return };
        for t in 0..self.years {
            let mut left = s.entrants[t] - s.candidate_entrants[t];
            let law =
                (t <= b.year() && left > 0).then(|| bound::EntrantLaw::new(self, entry, b, t, s));
            while left > 0 {
                let mut chunk = self.entrants(entry, left, &mut s.draws);
                let bridge = if let Some(law) = &law {
                    let end = self.entrant_ends(b, (t, law), &mut chunk, s);
                    Bridge::to(b.year() - t, end)
                } else {
                    Bridge::NONE
                };
                self.tally_year(t, &chunk, s);
                if bridge.steps > 0 {
                    self.walk::<true>(&mut chunk, t + 1, s, bridge);
                } else {
                    self.walk::<false>(&mut chunk, t + 1, s, bridge);
                }
                left = left.saturating_sub(LANES);
            }
        }
    }

    /// Per year and sector the drift; the entry counts; zeroed tallies.
    #[inline(always)]
    fn prepare<R: rand::Rng>(&self, factors: &[f64], rng: &mut R, s: &mut FirmScratch) {
        let growth = factors.len() / self.years;
        let sectors = self.sector_growth.len();
        for t in 0..self.years {
            for (k, &g) in self.sector_growth.iter().enumerate() {
                let f = factors[t * growth + g];
                s.drift[t * sectors + k] = if f > 0.0 {
                    f.ln() - self.half_var
                } else {
                    f64::NEG_INFINITY
                };
            }
        }
        for n in s.entrants.iter_mut() {
            *n = self
                .entry
                .as_ref()
                .map_or(0, |e| e.count.sample(rng) as usize);
        }
        s.tally.iter_mut().for_each(|lanes| *lanes = [0; LANES]);
        s.sector_sum.iter_mut().for_each(|x| *x = 0.0);
        s.residual.copy_from_slice(&self.residual);
    }

    /// A chunk of `min(n, LANES)` entrants: each draws its sector's uniform
    /// and its log revenue's normal from its lane. The first sector whose
    /// cumulative share exceeds the uniform is the number of shares at or
    /// below it (they ascend): a count, which vectorises where a search
    /// would not.
    #[inline(always)]
    fn entrants(&self, entry: &EntryPlan, n: usize, d: &mut FirmDraws) -> Chunk {
        d.lanes.uniforms(&mut d.bits, &mut d.u);
        d.lanes.normals(&mut d.accepted, &mut d.z);
        let last = entry.cumulative.len() - 1;
        let mut chunk = Chunk {
            log_revenue: [0.0; LANES],
            sector: [0; LANES],
            one_sector: false,
            exit_u: [0.0; LANES],
            survival: [0.0; LANES],
        };
        for l in 0..LANES {
            let below = entry.cumulative.iter().map(|&c| (d.u[l] >= c) as usize);
            chunk.sector[l] = below.sum::<usize>().min(last) as u8;
            chunk.log_revenue[l] = entry.mu + entry.sigma * d.z[l];
            chunk.survival[l] = if l < n { 1.0 } else { 0.0 };
        }
        chunk
    }

    /// Carry a chunk through years `from..`: each year its drift and
    /// noise, then its exits, then its tallies. The exit uniform is drawn
    /// once, before the first move (none when there is no move). A firm
    /// whose revenue falls to zero (a growth factor of zero or less) dies.
    ///
    /// `BRIDGED`: the noise walk of each lane is bridged to `bridge.end`
    /// over the first `bridge.steps` moves (a firm conditioned on where it
    /// is in the bound year, see `bound`).
    #[inline(always)]
    fn walk<const BRIDGED: bool>(
        &self,
        chunk: &mut Chunk,
        from: usize,
        s: &mut FirmScratch,
        mut bridge: Bridge,
    ) {
        if from >= self.years {
            return;
        }
        let sectors = self.sector_growth.len();
        if self.exit.is_some() {
            let d = &mut s.draws;
            d.lanes.uniforms(&mut d.bits, &mut chunk.exit_u);
        }
        for t in from..self.years {
            let drift = &s.drift[t * sectors..(t + 1) * sectors];
            if chunk.one_sector {
                let drift = drift[chunk.sector[0] as usize];
                chunk.log_revenue.iter_mut().for_each(|lr| *lr += drift);
            } else {
                for l in 0..LANES {
                    chunk.log_revenue[l] += drift[chunk.sector[l] as usize];
                }
            }
            let step = t - from + 1;
            if BRIDGED && step <= bridge.steps {
                bridge.advance(step, chunk, self.noise_sd, &mut s.draws);
            } else if self.noise_sd > 0.0 {
                let d = &mut s.draws;
                d.lanes.normals(&mut d.accepted, &mut d.z);
                for l in 0..LANES {
                    chunk.log_revenue[l] += self.noise_sd * d.z[l];
                }
            }
            match self.exit {
                Some((a, b)) => {
                    for l in 0..LANES {
                        let p = exp(a + b * chunk.log_revenue[l]);
                        chunk.survival[l] *= (1.0 - p).max(0.0);
                    }
                }
                None => {
                    for l in 0..LANES {
                        if chunk.log_revenue[l] == f64::NEG_INFINITY {
                            chunk.survival[l] = 0.0;
                        }
                    }
                }
            }
            self.tally_year(t, chunk, s);
        }
    }

    /// Add a chunk's living firms to year `t`'s tier tallies (and its
    /// sector revenue, when an indicator reads it).
    #[inline(always)]
    fn tally_year(&self, t: usize, chunk: &Chunk, s: &mut FirmScratch) {
        let tiers = self.counts.len();
        for (tally, &(_, ln_threshold)) in s.tally[t * tiers..(t + 1) * tiers]
            .iter_mut()
            .zip(&self.counts)
        {
            for l in 0..LANES {
                tally[l] += (chunk.alive(l) & (chunk.log_revenue[l] >= ln_threshold)) as u32;
            }
        }
        if !self.outputs.is_empty() {
            let sectors = self.sector_growth.len();
            let sums = &mut s.sector_sum[t * sectors..(t + 1) * sectors];
            let mut revenue = [0.0; LANES];
            for l in 0..LANES {
                revenue[l] = if chunk.alive(l) {
                    exp(chunk.log_revenue[l])
                } else {
                    0.0
                };
            }
            for l in 0..LANES {
                sums[chunk.sector[l] as usize] += revenue[l];
            }
        }
    }

    /// The firm indicators' values of every year, from the tallies, the
    /// sector sums and the residual revenue outside the modelled firms.
    #[inline(always)]
    fn write_values(&self, factors: &[f64], s: &mut FirmScratch, values: &mut [f64]) {
        let tiers = self.counts.len();
        let growth = factors.len() / self.years;
        let sectors = self.sector_growth.len();
        for t in 0..self.years {
            for (k, &(slot, _)) in self.counts.iter().enumerate() {
                values[slot + t] = s.tally[t * tiers + k].iter().sum::<u32>() as f64;
            }
            if self.outputs.is_empty() {
                continue;
            }
            for (k, r) in s.residual.iter_mut().enumerate() {
                *r *= factors[t * growth + self.sector_growth[k]].max(0.0);
            }
            let sums = &s.sector_sum[t * sectors..(t + 1) * sectors];
            for &(slot, sector) in &self.outputs {
                values[slot + t] = match sector {
                    Some(k) => sums[k as usize] + s.residual[k as usize],
                    None => sums.iter().sum::<f64>() + s.residual.iter().sum::<f64>(),
                };
            }
        }
    }
}
