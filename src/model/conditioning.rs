//! What a nowcast conditions on (built by [`crate::observed::nowcast`]): where each
//! indicator starts, which levels are already known, and which years'
//! paths are constrained by lower or upper bounds or year-to-date growth.

use crate::model::Observation;

/// A model's conditioning on observations up to `as_of`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conditioning {
    /// Observations up to and including this year are used.
    pub as_of: i32,
    /// The scenario's own base year (the model's is the nowcast start).
    pub scenario_base_year: i32,
    /// Spread of a year's growth around its year-to-date growth.
    pub partial_growth_sd: f64,
    /// Per indicator, in model order.
    pub indicators: Vec<IndicatorConditioning>,
}

/// How one indicator is conditioned.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IndicatorConditioning {
    /// Year its simulation starts from (its last full-year value up to `as_of`).
    pub start_year: i32,
    /// The value it starts from.
    pub start_value: f64,
    /// Levels fixed in simulated years up to `start_year`: observed values,
    /// and between two observations their geometric interpolation.
    pub pins: Vec<(i32, f64)>,
    /// `(year, minimum)`: paths below it are rejected and redrawn.
    pub floors: Vec<(i32, f64)>,
    /// `(year, maximum)`: paths above it are rejected and redrawn.
    pub ceilings: Vec<(i32, f64)>,
    /// `(year, growth)`: that year's growth is drawn around the observed
    /// year-to-date growth (no shocks, no parameter shift).
    pub observed_growth: Vec<(i32, f64)>,
    /// Observations it uses.
    pub used: Vec<Observation>,
    /// Observations up to `as_of` it does not use, with the reason.
    pub ignored: Vec<(Observation, String)>,
}
