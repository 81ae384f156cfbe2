//! The model rearranged for the per-path loop: growth and count indicators
//! in separate flat lists, samplers built once, shocks resolved per indicator.

use crate::distr::GrowthDist;
use crate::distr::count::CountSampler;
use crate::model::{Copula, IndicatorKind, Model, Op};

/// A growth indicator as the engine sees it.
#[derive(Debug, Clone)]
pub struct GrowthPlan {
    /// Index in the model's indicators.
    pub indicator: usize,
    /// Base-year value.
    pub base: f64,
    /// Distribution of `g` per simulated year.
    pub by_year: Vec<GrowthDist>,
    /// `(shock index, impact added to g)`.
    pub shocks: Vec<(usize, f64)>,
}

/// A count indicator as the engine sees it.
#[derive(Debug, Clone)]
pub struct CountPlan {
    /// Index in the model's indicators.
    pub indicator: usize,
    /// Base-year value.
    pub base: f64,
    /// Yearly additions.
    pub additions: CountSampler,
    /// Yearly exits.
    pub exits: Option<CountSampler>,
    /// `(shock index, factor 1 + impact on the additions mean)`.
    pub shocks: Vec<(usize, f64)>,
}

/// A shock as the engine sees it.
#[derive(Debug, Clone)]
pub struct ShockPlan {
    /// Probability of hitting in an active year.
    pub probability: f64,
    /// Per simulated year: can it hit?
    pub active: Vec<bool>,
}

/// A target as the engine sees it.
#[derive(Debug, Clone, Copy)]
pub struct TargetPlan {
    /// Slot in the per-path value table (`indicator * years + year offset`).
    pub slot: usize,
    /// Comparison.
    pub op: Op,
    /// Threshold.
    pub value: f64,
}

/// Everything the per-path loop needs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Number of indicators.
    pub indicators: usize,
    /// Number of simulated years.
    pub years: usize,
    /// Growth indicators in copula order.
    pub growth: Vec<GrowthPlan>,
    /// Count indicators in file order.
    pub counts: Vec<CountPlan>,
    /// Shocks in file order.
    pub shocks: Vec<ShockPlan>,
    /// Targets in model order.
    pub targets: Vec<TargetPlan>,
    /// Correlation of the growth draws.
    pub copula: Copula,
}

impl Plan {
    /// Rearrange a validated model.
    pub fn new(model: &Model) -> Self {
        let years = model.years();
        let shocks_on = |k: usize| -> Vec<(usize, f64)> {
            model
                .shocks
                .iter()
                .enumerate()
                .flat_map(|(s, shock)| {
                    shock
                        .impacts
                        .iter()
                        .filter(move |(i, _)| *i == k)
                        .map(move |&(_, impact)| (s, impact))
                })
                .collect()
        };
        let mut growth = Vec::new();
        let mut counts = Vec::new();
        for (k, ind) in model.indicators.iter().enumerate() {
            match &ind.kind {
                IndicatorKind::Growth { by_year, .. } => growth.push(GrowthPlan {
                    indicator: k,
                    base: ind.base,
                    by_year: by_year.clone(),
                    shocks: shocks_on(k),
                }),
                IndicatorKind::Count { additions, exits } => counts.push(CountPlan {
                    indicator: k,
                    base: ind.base,
                    additions: CountSampler::new(additions.clone()),
                    exits: exits.clone().map(CountSampler::new),
                    shocks: shocks_on(k)
                        .into_iter()
                        .map(|(s, impact)| (s, 1.0 + impact))
                        .collect(),
                }),
            }
        }
        Plan {
            indicators: model.indicators.len(),
            years,
            growth,
            counts,
            shocks: model
                .shocks
                .iter()
                .map(|s| ShockPlan {
                    probability: s.probability,
                    active: s.active.clone(),
                })
                .collect(),
            targets: model
                .targets
                .iter()
                .map(|t| TargetPlan {
                    slot: t.indicator * years + (t.year - model.base_year - 1) as usize,
                    op: t.op,
                    value: t.value,
                })
                .collect(),
            copula: model.copula.clone(),
        }
    }

    /// Number of `(indicator, year)` slots in a path's value table.
    pub fn slots(&self) -> usize {
        self.indicators * self.years
    }
}
