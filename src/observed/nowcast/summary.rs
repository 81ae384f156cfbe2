//! What a nowcast conditioned on, as reported with its results.

use crate::engine::Accumulator;
use crate::model::{Conditioning, IndicatorConditioning, Model};
use serde::Serialize;

/// The nowcast section of a run's results.
#[derive(Debug, Clone, Serialize)]
pub struct NowcastInfo {
    /// Observations up to and including this year were used.
    pub as_of: i32,
    /// The scenario's own base year.
    pub scenario_base_year: i32,
    /// Spread of a year's growth around its year-to-date growth.
    pub partial_growth_sd: f64,
    /// Share of attempted paths that met every observed bound (1 without any).
    pub acceptance_rate: f64,
    /// Per indicator with anything observed after the scenario's base year.
    pub indicators: Vec<IndicatorNowcast>,
}

/// One indicator's conditioning, in words.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorNowcast {
    /// Indicator id.
    pub id: String,
    /// Year and value it starts from.
    pub start_year: i32,
    /// Value in `start_year`.
    pub start_value: f64,
    /// Each observation used and how.
    pub used: Vec<String>,
    /// Each observation up to `as_of` not used, and why.
    pub ignored: Vec<String>,
}

impl NowcastInfo {
    /// The section for a conditioned model, `None` for a plain run.
    pub fn new(model: &Model, totals: &Accumulator) -> Option<Self> {
        let c: &Conditioning = model.conditioning.as_ref()?;
        Some(NowcastInfo {
            as_of: c.as_of,
            scenario_base_year: c.scenario_base_year,
            partial_growth_sd: c.partial_growth_sd,
            acceptance_rate: if totals.attempts > 0 {
                totals.paths as f64 / totals.attempts as f64
            } else {
                1.0
            },
            indicators: model
                .indicators
                .iter()
                .zip(&c.indicators)
                .filter(|(_, ic)| !ic.used.is_empty() || !ic.ignored.is_empty())
                .map(|(ind, ic)| IndicatorNowcast {
                    id: ind.id.clone(),
                    start_year: ic.start_year,
                    start_value: ic.start_value,
                    used: used(ic, c.partial_growth_sd),
                    ignored: ic
                        .ignored
                        .iter()
                        .map(|(o, why)| format!("{}: {why}", o.describe()))
                        .collect(),
                })
                .collect(),
        })
    }
}

/// Each used observation and what it does to the paths.
pub fn used(ic: &IndicatorConditioning, spread: f64) -> Vec<String> {
    use crate::model::ObservationKind;
    ic.used
        .iter()
        .map(|o| {
            let role = match o.kind {
                ObservationKind::Exact if o.year() == ic.start_year => "starts from it".to_string(),
                ObservationKind::Exact => "level fixed".to_string(),
                ObservationKind::LowerBound => "paths below it redrawn".to_string(),
                ObservationKind::UpperBound => "paths above it redrawn".to_string(),
                ObservationKind::YearToDate => match o.growth {
                    Some(g) => format!(
                        "{} growth drawn around {:+.1}% (sd {:.1} points)",
                        o.year(),
                        g * 100.0,
                        spread * 100.0
                    ),
                    None => "full year at least this (a year-to-date total)".to_string(),
                },
                ObservationKind::Approximate => "shown only".to_string(),
            };
            format!("{}: {role}", o.describe())
        })
        .collect()
}
