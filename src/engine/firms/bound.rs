//! A nowcast's bounds on firm counts ("at least 2 firms above 100 bn yuan
//! in 2023"), conditioned on without redrawing the whole population.
//!
//! Only a firm at or above the lowest bounded threshold `T` in the bound
//! year `y` can count in a bound: call it a *candidate*. Given the path's
//! growth factors the firms are independent, and whether firm `i` is a
//! candidate is a Bernoulli draw with a probability `p_i` known in closed
//! form (its log revenue in year `y` is normal). So an attempt:
//!
//! 1. draws which firms are candidates, by thinning over the incumbents
//!    sorted by size (a geometric skip with a bound on `p` that only falls,
//!    so the work is the number of candidates plus a few skips, not the
//!    number of firms) and a binomial count of candidate entrants per year;
//! 2. draws each candidate's path to year `y` conditioned on ending at or
//!    above `T` (a truncated normal, then a Brownian bridge for the years
//!    before), its exit uniform and survival, and counts them;
//! 3. rejects the attempt (indicators and all) if a bound fails; else
//! 4. draws the candidates' later years, and every other firm conditioned
//!    on ending below `T` in year `y`, which is the population's own walk
//!    with the year-`y` normal drawn first (truncated) and the years before
//!    bridged to it.
//!
//! The accepted paths have exactly the law of whole-path rejection: the
//! decision depends only on the factors and the candidates, and every other
//! firm is drawn from its law given that it is not one.

use super::{Chunk, FirmScratch, FirmsPlan, LANES};
use crate::distr::exp::exp;
use crate::distr::normal::standard_normal_cdf;
use crate::distr::truncated::{normal_above, normal_below, open_uniform};
use crate::engine::streams::PathRng;
use rand::RngExt;
use rand_distr::{Binomial, Distribution, StandardNormal};

/// Bounds on firm counts, all in one simulated year.
#[derive(Debug, Clone)]
pub struct FirmBound {
    /// Index of the bound year among the simulated years.
    year: usize,
    /// The lowest bounded threshold (log revenue).
    ln_threshold: f64,
    /// `(tier, minimum, maximum)`: the tier's index among the plan's counts.
    tiers: Vec<(usize, f64, f64)>,
    /// The incumbents, largest first.
    by_size: Vec<u32>,
}

/// One candidate: a firm at or above the threshold in the bound year.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    sector: u8,
    /// Its first year (0 for an incumbent, the entry year for an entrant).
    first: usize,
    /// Log revenue before its first move: an incumbent's at the base, an
    /// entrant's at entry.
    start: f64,
    /// An entrant (counted in its entry year, moving from the year after).
    entrant: bool,
    /// Log revenue by year (read from `first` on).
    log_revenue: Vec<f64>,
    /// Alive by year (false before `first`).
    alive: Vec<bool>,
    exit_u: f64,
    survival: f64,
}

impl Candidate {
    /// A candidate of `sector` starting at `start` (see the fields).
    fn new(sector: u8, first: usize, entrant: bool, start: f64, years: usize) -> Self {
        let mut c = Candidate {
            sector,
            first,
            start,
            entrant,
            log_revenue: vec![f64::NEG_INFINITY; years],
            alive: vec![false; years],
            exit_u: 0.0,
            survival: 1.0,
        };
        if entrant {
            c.log_revenue[first] = start;
            c.alive[first] = true;
        }
        c
    }
}

impl FirmBound {
    /// Index of the bound year among the simulated years.
    pub fn year(&self) -> usize {
        self.year
    }

    /// The bounds on firm counts in `bounds` (`(year, tier, minimum,
    /// maximum)`), when they fall in one year and the firms have noise;
    /// otherwise `None`, and whole attempts are redrawn.
    pub fn new(plan: &FirmsPlan, bounds: &[(usize, usize, f64, f64)]) -> Option<Self> {
        let &(year, ..) = bounds.first()?;
        if plan.noise_sd <= 0.0 || bounds.iter().any(|b| b.0 != year) {
            return None;
        }
        let ln_threshold = bounds
            .iter()
            .map(|&(_, tier, ..)| plan.counts[tier].1)
            .fold(f64::INFINITY, f64::min);
        let mut by_size: Vec<u32> = (0..plan.log_revenue.len() as u32).collect();
        by_size.sort_by(|&a, &b| {
            plan.log_revenue[b as usize].total_cmp(&plan.log_revenue[a as usize])
        });
        Some(FirmBound {
            year,
            ln_threshold,
            tiers: bounds.iter().map(|&(_, t, lo, hi)| (t, lo, hi)).collect(),
            by_size,
        })
    }
}

/// `P(Z >= c)` for a standard normal `Z`.
#[inline]
fn above(c: f64) -> f64 {
    standard_normal_cdf(-c)
}

impl FirmsPlan {
    /// Per sector, the sum of the drifts of years `from..=to`.
    #[inline(always)]
    pub(super) fn reach(&self, from: usize, to: usize, s: &FirmScratch) -> Vec<f64> {
        let sectors = self.sector_growth.len();
        (0..sectors)
            .map(|k| (from..=to).map(|t| s.drift[t * sectors + k]).sum())
            .collect()
    }

    /// Steps 1 and 2: the candidates and their paths to the bound year.
    /// Returns whether every bound holds.
    pub(super) fn draw_candidates(
        &self,
        b: &FirmBound,
        rng: &mut PathRng,
        s: &mut FirmScratch,
    ) -> bool {
        s.candidates.clear();
        s.is_candidate.iter_mut().for_each(|c| *c = false);
        self.candidate_incumbents(b, rng, s);
        self.candidate_entrants(b, rng, s);
        let mut counts = vec![0.0; b.tiers.len()];
        for c in &s.candidates {
            if !c.alive[b.year] {
                continue;
            }
            for (n, &(tier, ..)) in counts.iter_mut().zip(&b.tiers) {
                *n += (c.log_revenue[b.year] >= self.counts[tier].1) as u8 as f64;
            }
        }
        counts
            .iter()
            .zip(&b.tiers)
            .all(|(&n, &(_, lo, hi))| n >= lo && n <= hi)
    }

    /// Thinning over the incumbents, largest first: `bound` is the
    /// candidate probability of the largest firm not yet passed in the
    /// sector with the most favourable drift, so it bounds every later one.
    fn candidate_incumbents(&self, b: &FirmBound, rng: &mut PathRng, s: &mut FirmScratch) {
        let steps = b.year + 1;
        let scale = self.noise_sd * (steps as f64).sqrt();
        let reach = self.reach(0, b.year, s);
        let best = reach.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut i = 0;
        while i < b.by_size.len() {
            let largest = self.log_revenue[b.by_size[i] as usize];
            let bound = above((b.ln_threshold - largest - best) / scale);
            if bound.is_nan() || bound <= 0.0 {
                return;
            }
            let skip = if bound >= 1.0 {
                0.0
            } else {
                (open_uniform(rng).ln() / (-bound).ln_1p()).floor()
            };
            if skip >= (b.by_size.len() - i) as f64 {
                return;
            }
            let j = i + skip as usize;
            let firm = b.by_size[j] as usize;
            let sector = self.sector_of[firm];
            let c = (b.ln_threshold - self.log_revenue[firm] - reach[sector as usize]) / scale;
            if rng.random::<f64>() * bound < above(c) {
                let end = scale * normal_above(c, rng) / self.noise_sd;
                let mut cand = Candidate::new(sector, 0, false, self.log_revenue[firm], self.years);
                self.bridge(&mut cand, end, b.year, rng, s);
                s.is_candidate[firm] = true;
                s.candidates.push(cand);
            }
            i = j + 1;
        }
    }

    /// The entrants of each year up to the bound year: how many are
    /// candidates (binomial), and each one's sector, entry size and walk.
    fn candidate_entrants(&self, b: &FirmBound, rng: &mut PathRng, s: &mut FirmScratch) {
        s.candidate_entrants.iter_mut().for_each(|n| *n = 0);
        let Some(entry) = &self.entry else { return };
        for e in 0..=b.year {
            let law = EntrantLaw::new(self, entry, b, e, s);
            let p: f64 = law.above.iter().zip(&law.share).map(|(p, w)| p * w).sum();
            if p.is_nan() || p <= 0.0 || s.entrants[e] == 0 {
                continue;
            }
            let n = Binomial::new(s.entrants[e] as u64, p.min(1.0))
                .map_or(0, |d| d.sample(rng) as usize);
            s.candidate_entrants[e] = n;
            let weights: Vec<f64> = law
                .above
                .iter()
                .zip(&law.share)
                .map(|(p, w)| p * w)
                .collect();
            for _ in 0..n {
                let sector = pick(&weights, rng);
                let x = normal_above(law.c[sector], rng);
                let (entry_lr, end) = law.split(x, rng);
                let mut cand = Candidate::new(sector as u8, e, true, entry_lr, self.years);
                self.bridge(&mut cand, end, b.year, rng, s);
                s.candidates.push(cand);
            }
        }
    }

    /// Walk a candidate to the bound year, its noise bridged to `end` (the
    /// noise walk's value there, in units of one year's sd), drawing its
    /// exit uniform first as the lanes do.
    fn bridge(&self, c: &mut Candidate, end: f64, year: usize, rng: &mut PathRng, s: &FirmScratch) {
        if self.exit.is_some() {
            c.exit_u = rng.random::<f64>();
        }
        let (mut lr, from) = (c.start, c.first + c.entrant as usize);
        let steps = year + 1 - from;
        let mut w = 0.0;
        for (k, t) in (from..=year).enumerate() {
            let left = (steps - k) as f64;
            let next = if left > 1.0 {
                let z: f64 = rng.sample(StandardNormal);
                w + (end - w) / left + ((left - 1.0) / left).sqrt() * z
            } else {
                end
            };
            lr += self.drift_of(c.sector, t, s) + self.noise_sd * (next - w);
            w = next;
            self.step(c, t, lr);
        }
    }

    /// Step 4 for the candidates: their years after the bound year.
    pub(super) fn extend_candidates(&self, b: &FirmBound, rng: &mut PathRng, s: &mut FirmScratch) {
        let mut candidates = std::mem::take(&mut s.candidates);
        for c in &mut candidates {
            let mut lr = c.log_revenue[b.year];
            for t in b.year + 1..self.years {
                let z: f64 = rng.sample(StandardNormal);
                lr += self.drift_of(c.sector, t, s) + self.noise_sd * z;
                self.step(c, t, lr);
            }
        }
        s.candidates = candidates;
    }

    /// A candidate's log revenue and survival after its move in year `t`.
    fn step(&self, c: &mut Candidate, t: usize, lr: f64) {
        c.log_revenue[t] = lr;
        match self.exit {
            Some((a, b)) => c.survival *= (1.0 - exp(a + b * lr)).max(0.0),
            None if lr == f64::NEG_INFINITY => c.survival = 0.0,
            None => {}
        }
        c.alive[t] = c.exit_u < c.survival;
    }

    fn drift_of(&self, sector: u8, t: usize, s: &FirmScratch) -> f64 {
        s.drift[t * self.sector_growth.len() + sector as usize]
    }

    /// The candidates' contributions to every year's tallies and sector sums.
    pub(super) fn tally_candidates(&self, s: &mut FirmScratch) {
        let tiers = self.counts.len();
        let sectors = self.sector_growth.len();
        for c in &s.candidates {
            for t in c.first..self.years {
                if !c.alive[t] {
                    continue;
                }
                for (k, &(_, ln_threshold)) in self.counts.iter().enumerate() {
                    s.tally[t * tiers + k][0] += (c.log_revenue[t] >= ln_threshold) as u32;
                }
                if !self.outputs.is_empty() {
                    s.sector_sum[t * sectors + c.sector as usize] += exp(c.log_revenue[t]);
                }
            }
        }
    }

    /// Step 4 for an incumbent chunk: each non-candidate lane's noise walk
    /// in the bound year, drawn below its candidate threshold (the lanes'
    /// normal, or when that one lies at or above it, an exact draw from the
    /// truncated law); candidates' lanes are emptied, as they are walked
    /// on their own.
    #[inline(always)]
    pub(super) fn incumbent_ends(
        &self,
        b: &FirmBound,
        (first, reach): (usize, &[f64]),
        chunk: &mut Chunk,
        s: &mut FirmScratch,
    ) -> [f64; LANES] {
        let steps = (b.year + 1) as f64;
        let d = &mut s.draws;
        d.lanes.normals(&mut d.accepted, &mut d.z);
        let mut end = [0.0; LANES];
        for l in 0..LANES {
            let firm = first + l;
            if firm >= self.log_revenue.len() || chunk.survival[l] == 0.0 {
                continue;
            }
            if s.is_candidate[firm] {
                chunk.survival[l] = 0.0;
                continue;
            }
            let c = (b.ln_threshold - chunk.log_revenue[l] - reach[chunk.sector[l] as usize])
                / (self.noise_sd * steps.sqrt());
            let z = if d.z[l] < c {
                d.z[l]
            } else {
                let mut rng = d.lanes.get(l);
                let z = normal_below(c, &mut rng);
                d.lanes.set(l, &rng);
                z
            };
            end[l] = steps.sqrt() * z;
        }
        end
    }

    /// Step 4 for a chunk of entrants of year `e <= year`: each lane's
    /// sector, entry size and noise walk in the bound year, conditioned on
    /// ending below the threshold.
    #[inline(always)]
    pub(super) fn entrant_ends(
        &self,
        b: &FirmBound,
        (e, law): (usize, &EntrantLaw),
        chunk: &mut Chunk,
        s: &mut FirmScratch,
    ) -> [f64; LANES] {
        let steps = (b.year - e) as f64;
        let d = &mut s.draws;
        d.lanes.normals(&mut d.accepted, &mut d.z);
        let mut end = [0.0; LANES];
        for l in 0..LANES {
            if chunk.survival[l] == 0.0 {
                continue;
            }
            end[l] = steps.sqrt() * d.z[l];
            let k = chunk.sector[l] as usize;
            let at_bound = chunk.log_revenue[l] + law.reach[k] + self.noise_sd * end[l];
            if at_bound < b.ln_threshold {
                continue;
            }
            let mut rng = d.lanes.get(l);
            let weights: Vec<f64> = law
                .above
                .iter()
                .zip(&law.share)
                .map(|(p, w)| (1.0 - p) * w)
                .collect();
            let sector = pick(&weights, &mut rng);
            let x = normal_below(law.c[sector], &mut rng);
            let (entry_lr, w) = law.split(x, &mut rng);
            d.lanes.set(l, &rng);
            chunk.sector[l] = sector as u8;
            chunk.log_revenue[l] = entry_lr;
            end[l] = w;
        }
        end
    }
}

/// The law of an entrant of year `e` at the bound year, per sector: its log
/// revenue there is normal with mean `mu + reach` and variance
/// `sigma^2 + noise^2 * steps`.
pub(super) struct EntrantLaw {
    share: Vec<f64>,
    reach: Vec<f64>,
    /// Standardised threshold per sector.
    c: Vec<f64>,
    /// `P(at or above the threshold)` per sector.
    above: Vec<f64>,
    mu: f64,
    sigma: f64,
    noise_sd: f64,
    steps: f64,
}

impl EntrantLaw {
    pub(super) fn new(
        plan: &FirmsPlan,
        entry: &super::EntryPlan,
        b: &FirmBound,
        e: usize,
        s: &FirmScratch,
    ) -> Self {
        let sectors = plan.sector_growth.len();
        let reach = if e < b.year {
            plan.reach(e + 1, b.year, s)
        } else {
            vec![0.0; sectors]
        };
        let steps = (b.year - e) as f64;
        let sd = (entry.sigma * entry.sigma + plan.noise_sd * plan.noise_sd * steps).sqrt();
        let c: Vec<f64> = reach
            .iter()
            .map(|r| (b.ln_threshold - entry.mu - r) / sd)
            .collect();
        let share = entry
            .cumulative
            .iter()
            .scan(0.0, |previous, &cum| {
                let w = cum - *previous;
                *previous = cum;
                Some(w)
            })
            .collect();
        EntrantLaw {
            share,
            above: c.iter().map(|&c| above(c)).collect(),
            reach,
            c,
            mu: entry.mu,
            sigma: entry.sigma,
            noise_sd: plan.noise_sd,
            steps,
        }
    }

    /// Given the entrant's standardised value `x` at the bound year in
    /// `sector`, its entry log revenue and its noise walk's value there
    /// (the two normal parts of the sum, split by their conditional law).
    fn split(&self, x: f64, rng: &mut PathRng) -> (f64, f64) {
        let entry_var = self.sigma * self.sigma;
        let walk_var = self.noise_sd * self.noise_sd * self.steps;
        let total = entry_var + walk_var;
        let sum = x * total.sqrt();
        if walk_var == 0.0 {
            return (self.mu + sum, 0.0);
        }
        let z: f64 = rng.sample(StandardNormal);
        let entry_part = sum * entry_var / total + (entry_var * walk_var / total).sqrt() * z;
        (self.mu + entry_part, (sum - entry_part) / self.noise_sd)
    }
}

/// An index drawn with probability proportional to `weights`.
fn pick(weights: &[f64], rng: &mut PathRng) -> usize {
    let total: f64 = weights.iter().sum();
    let mut u = rng.random::<f64>() * total;
    for (k, &w) in weights.iter().enumerate() {
        if u < w {
            return k;
        }
        u -= w;
    }
    weights.len() - 1
}
