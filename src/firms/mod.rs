//! The firm population behind revenue-tier counts (`[firms]` in a
//! scenario): named firms from a roster, a synthetic tail calibrated to the
//! scenario's tier counts, and sectors whose yearly growth comes from growth
//! indicators. The engine moves every firm on every path
//! (`engine::firms`); tier counts and sector revenue are read off them.

pub(crate) mod roster;
pub(crate) mod tail;

use std::path::PathBuf;

/// A sector: its firms grow with one growth indicator's yearly factor.
#[derive(Debug, Clone, PartialEq)]
pub struct Sector {
    /// Sector id.
    pub id: String,
    /// The growth indicator driving it (index into the model's indicators).
    pub indicator: usize,
    /// Share of synthetic firms' revenue and of entrants assigned to it.
    pub share: f64,
    /// Its stated base-year output, if any.
    pub output: Option<f64>,
    /// `output` minus its modelled firms' revenue: output held by firms too
    /// small to model, which grows with the sector (0 without `output`).
    pub residual: f64,
}

/// Yearly exit: probability `min(1, hazard * (revenue / reference)^elasticity)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exit {
    /// Exit probability of a firm of revenue `reference`.
    pub hazard: f64,
    /// How the probability scales with size (negative: big firms exit less).
    pub elasticity: f64,
    /// Reference revenue.
    pub reference: f64,
}

/// Yearly entry: `Poisson(rate)` new firms with lognormal revenue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// Mean entrants a year.
    pub rate: f64,
    /// Median entrant revenue.
    pub median: f64,
    /// Sd of an entrant's log revenue.
    pub sigma: f64,
}

/// How a tier's count was matched by the synthetic tail.
#[derive(Debug, Clone, PartialEq)]
pub struct TierFit {
    /// The firm_count indicator.
    pub indicator: usize,
    /// Revenue threshold.
    pub threshold: f64,
    /// Base-year count stated by the scenario (and reproduced).
    pub count: u64,
    /// Named (roster) firms at or above the threshold.
    pub named: u64,
    /// Pareto exponent of the synthetic firms between this threshold and
    /// the next higher one.
    pub alpha: f64,
}

/// The validated firm model.
#[derive(Debug, Clone, PartialEq)]
pub struct Firms {
    /// Sectors in file order.
    pub sectors: Vec<Sector>,
    /// Base-year revenue of every firm: roster first, then synthetic.
    pub revenue: Vec<f64>,
    /// Sector of every firm.
    pub sector_of: Vec<u8>,
    /// Names of the roster firms (the first `names.len()` firms).
    pub names: Vec<String>,
    /// Sd of a firm's yearly log growth around its sector's (Gibrat).
    pub noise_sd: f64,
    /// Exits, if any.
    pub exit: Option<Exit>,
    /// Entries, if any.
    pub entry: Option<Entry>,
    /// Revenue unit, for labels.
    pub unit: Option<String>,
    /// The roster file, if any.
    pub roster_file: Option<PathBuf>,
    /// The tiers the synthetic tail was calibrated to, highest first.
    pub tiers: Vec<TierFit>,
}

impl Firms {
    /// Firms with base-year revenue of at least `threshold`.
    pub fn count_at_least(&self, threshold: f64) -> u64 {
        self.revenue.iter().filter(|&&r| r >= threshold).count() as u64
    }

    /// Base-year revenue of a sector's firms plus its residual (all sectors
    /// when `None`).
    pub fn output(&self, sector: Option<usize>) -> f64 {
        let firms: f64 = self
            .revenue
            .iter()
            .zip(&self.sector_of)
            .filter(|&(_, &s)| sector.is_none_or(|k| k == s as usize))
            .map(|(r, _)| r)
            .sum();
        let residual: f64 = self
            .sectors
            .iter()
            .enumerate()
            .filter(|(k, _)| sector.is_none_or(|s| s == *k))
            .map(|(_, s)| s.residual)
            .sum();
        firms + residual
    }
}
