//! The validated model: everything the engine needs, with every reference
//! resolved to an index and every number checked.

pub(crate) mod conditioning;
pub(crate) mod correlation;
pub(crate) mod describe;
pub(crate) mod observation;
pub(crate) mod period;

use crate::distr::{CountDist, GrowthDist};
use std::path::PathBuf;

pub use conditioning::{Conditioning, IndicatorConditioning};
pub use correlation::Copula;
pub use observation::{Observation, ObservationKind, classify};
pub use period::Period;

/// A scenario, validated and ready to simulate.
#[derive(Debug, Clone)]
pub struct Model {
    /// `scenario.name`.
    pub name: String,
    /// `scenario.title`, if given.
    pub title: Option<String>,
    /// `scenario.title_zh`: the title in Chinese, for Chinese reports.
    pub title_zh: Option<String>,
    /// `scenario.description`, if given.
    pub description: Option<String>,
    /// `scenario.description_zh`: the description in Chinese.
    pub description_zh: Option<String>,
    /// The file it was loaded from.
    pub source_file: PathBuf,
    /// Last observed year; indicator `base` values belong to it.
    pub base_year: i32,
    /// Last simulated year.
    pub target_year: i32,
    /// `[simulation]` defaults (CLI flags override them).
    pub defaults: SimulationDefaults,
    /// Indicators in file order.
    pub indicators: Vec<Indicator>,
    /// The Gaussian copula over the growth indicators.
    pub copula: Copula,
    /// The correlations as written, for reports.
    pub correlations: Vec<Correlation>,
    /// Shocks in file order.
    pub shocks: Vec<Shock>,
    /// Targets: those of the targets file first, then inline ones, in file order.
    pub targets: Vec<Target>,
    /// `[history]` settings for nowcasts.
    pub history: HistorySettings,
    /// The firm population and its dynamics (`[firms]`), if any.
    pub firms: Option<crate::firms::Firms>,
    /// Set when the model is a nowcast (see [`crate::observed::nowcast`]): what it
    /// conditions on. `None` for a scenario run as written.
    pub conditioning: Option<Conditioning>,
}

/// The scenario's `[history]` table (its `file` is read by `Sources`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HistorySettings {
    /// Condition on observations up to this year (`run --as-of` overrides).
    pub as_of: Option<i32>,
    /// Spread of a year's growth around its year-to-date growth.
    pub partial_growth_sd: Option<f64>,
}

impl Model {
    /// Number of simulated years (`target_year - base_year`).
    pub fn years(&self) -> usize {
        (self.target_year - self.base_year) as usize
    }

    /// The simulated calendar years, `base_year+1 ..= target_year`.
    pub fn year_range(&self) -> std::ops::RangeInclusive<i32> {
        self.base_year + 1..=self.target_year
    }

    /// Index of the indicator with this id.
    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.id == id)
    }
}

/// Optional run settings from the scenario's `[simulation]` table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SimulationDefaults {
    /// Number of paths.
    pub paths: Option<u64>,
    /// Seed.
    pub seed: Option<u64>,
}

/// One simulated quantity.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// Unique id.
    pub id: String,
    /// English label (the id when none was given).
    pub label: String,
    /// Chinese label, if given.
    pub label_zh: Option<String>,
    /// Unit, e.g. `100m_yuan`.
    pub unit: Option<String>,
    /// Provenance note for the base value and assumptions.
    pub source: Option<String>,
    /// Value in the base year.
    pub base: f64,
    /// Every observation (full-year, lower bounds, year-to-date), by period.
    pub observations: Vec<crate::model::Observation>,
    /// The observations file's series this indicator reads, if any.
    pub series: Option<String>,
    /// How it evolves.
    pub kind: IndicatorKind,
}

/// A pairwise correlation as written in the scenario.
#[derive(Debug, Clone)]
pub struct Correlation {
    /// First indicator (index into [`Model::indicators`]).
    pub a: usize,
    /// Second indicator.
    pub b: usize,
    /// Correlation of their copula normals.
    pub rho: f64,
    /// Free-text source or assumption note.
    pub source: Option<String>,
}

/// The two indicator dynamics.
#[derive(Debug, Clone)]
pub enum IndicatorKind {
    /// `x[t] = x[t-1] * (1 + g[t])`.
    Growth {
        /// The growth distribution of each simulated year (overrides applied).
        by_year: Vec<GrowthDist>,
        /// Position among the growth indicators (its copula coordinate).
        copula_index: usize,
        /// Standard error of the growth's mean: each path draws its own
        /// mean shift once (parameter uncertainty); 0 for none.
        mean_sd: f64,
    },
    /// `n[t] = max(0, n[t-1] + additions[t] - exits[t])`.
    Count {
        /// Yearly additions.
        additions: CountDist,
        /// Yearly exits, if any.
        exits: Option<CountDist>,
    },
    /// The number of simulated firms with revenue of at least `threshold`.
    FirmCount {
        /// Revenue threshold, in the firms' unit.
        threshold: f64,
    },
    /// The revenue of a sector's firms (all sectors when `None`), plus the
    /// sector's residual output not held by modelled firms.
    FirmOutput {
        /// Sector index into [`crate::firms::Firms::sectors`].
        sector: Option<usize>,
    },
}

impl Indicator {
    /// Observed full-year values by year (for charts), in year order.
    pub fn history(&self) -> Vec<(i32, f64)> {
        self.observations
            .iter()
            .filter(|o| o.is_exact() && o.period.part.is_none())
            .map(|o| (o.year(), o.value))
            .collect()
    }

    /// True for count indicators.
    pub fn is_count(&self) -> bool {
        matches!(self.kind, IndicatorKind::Count { .. })
    }

    /// True for growth indicators (the copula's coordinates).
    pub fn is_growth(&self) -> bool {
        matches!(self.kind, IndicatorKind::Growth { .. })
    }

    /// True for indicators computed from the firm population.
    pub fn is_firm(&self) -> bool {
        matches!(
            self.kind,
            IndicatorKind::FirmCount { .. } | IndicatorKind::FirmOutput { .. }
        )
    }

    /// Are its values whole numbers (counts of things)?
    pub fn whole_numbers(&self) -> bool {
        matches!(
            self.kind,
            IndicatorKind::Count { .. } | IndicatorKind::FirmCount { .. }
        )
    }

    /// Which kind of indicator it is.
    pub fn kind_name(&self) -> KindName {
        match self.kind {
            IndicatorKind::Growth { .. } => KindName::Growth,
            IndicatorKind::Count { .. } => KindName::Count,
            IndicatorKind::FirmCount { .. } => KindName::FirmCount,
            IndicatorKind::FirmOutput { .. } => KindName::FirmOutput,
        }
    }
}

/// The kinds of indicator, by name: `kind = "..."` in scenario files and
/// `"kind"` in results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    /// A level moved by yearly growth.
    Growth,
    /// A count moved by yearly additions and exits.
    Count,
    /// The number of firms at or above a revenue threshold.
    FirmCount,
    /// The revenue of a sector's firms (or of all firms).
    FirmOutput,
}

impl KindName {
    /// Every kind, in the order the docs list them.
    pub const ALL: [KindName; 4] = [
        KindName::Growth,
        KindName::Count,
        KindName::FirmCount,
        KindName::FirmOutput,
    ];

    /// The name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            KindName::Growth => "growth",
            KindName::Count => "count",
            KindName::FirmCount => "firm_count",
            KindName::FirmOutput => "firm_output",
        }
    }

    /// The kind a scenario file names, if any.
    pub fn parse(name: &str) -> Option<KindName> {
        KindName::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl std::fmt::Display for KindName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A random event that hits each simulated year independently.
#[derive(Debug, Clone)]
pub struct Shock {
    /// Name.
    pub name: String,
    /// Probability of hitting in an active year.
    pub probability: f64,
    /// Per simulated year: can the shock hit that year?
    pub active: Vec<bool>,
    /// `(indicator index, impact)`: added to `g` for growth indicators,
    /// `1 + impact` multiplies the additions mean of count indicators.
    pub impacts: Vec<(usize, f64)>,
    /// Free-text source or assumption note.
    pub source: Option<String>,
}

/// Comparison of a target. Written and serialised as its symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Op {
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.symbol())
    }
}

impl Op {
    /// Parse `>`, `>=`, `<`, `<=`.
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<" => Op::Lt,
            "<=" => Op::Le,
            _ => return None,
        })
    }

    /// The symbol as written in scenario files.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
        }
    }

    /// Does `x op value` hold?
    #[inline]
    pub fn holds(self, x: f64, value: f64) -> bool {
        match self {
            Op::Gt => x > value,
            Op::Ge => x >= value,
            Op::Lt => x < value,
            Op::Le => x <= value,
        }
    }
}

/// A condition on one indicator in one year.
#[derive(Debug, Clone)]
pub struct Target {
    /// Unique id.
    pub id: String,
    /// Index into [`Model::indicators`].
    pub indicator: usize,
    /// Comparison.
    pub op: Op,
    /// Threshold.
    pub value: f64,
    /// Calendar year the condition applies to (for a `by` target, the
    /// last year it may first hold).
    pub year: i32,
    /// `by = YEAR`: met when the condition holds in any simulated year up
    /// to `year`; each path records the first such year.
    pub by: bool,
    /// Free-text source (e.g. the plan's wording).
    pub source: Option<String>,
}
