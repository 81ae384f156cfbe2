//! A part-year level of a count, such as the certificates valid at mid-year:
//! a stock observed between two year-ends. The model moves a count once a
//! year, so it has no value at mid-year to score the figure against, and a
//! nowcast cannot condition on it (a count may fall as well as rise within
//! a year, so it bounds neither year-end). A backtest shows where it falls
//! among the simulated values of the year-ends on either side: a figure low
//! among both says the stock grew late in the year, or less than simulated.

use crate::engine::sketch::QuantileSketch;
use crate::model::Observation;
use serde::Serialize;

/// A part-year level of a count, against the year-ends around it.
#[derive(Debug, Clone, Serialize)]
pub struct PartYearLevel {
    /// Indicator id.
    pub indicator: String,
    /// The period, e.g. `2024H1`.
    pub period: String,
    /// Its year.
    pub year: i32,
    /// Share of the year it is observed at (0.5 for a first half).
    pub fraction: f64,
    /// The figure.
    pub value: f64,
    /// The previous year-end: its mid-percentile among the simulated
    /// values, or `None` when that year-end is the scenario's base value.
    pub percentile_previous_end: Option<f64>,
    /// The scenario's base value, when the previous year-end is the base year.
    pub base_value: Option<f64>,
    /// Its mid-percentile among the simulated values of its own year-end.
    pub percentile_year_end: f64,
}

impl PartYearLevel {
    /// Place `o` among the year-ends around it: `previous` is the sketch of
    /// the year before (`None` when that is the base year, whose value is
    /// `base`), `year_end` the sketch of its own year.
    pub fn new(
        indicator: &str,
        o: &Observation,
        previous: Option<&QuantileSketch>,
        base: f64,
        year_end: &QuantileSketch,
    ) -> Self {
        let percentile = |s: &QuantileSketch| super::backtest::percentile(s, o.value, true);
        PartYearLevel {
            indicator: indicator.to_string(),
            period: o.period.to_string(),
            year: o.year(),
            fraction: o.period.fraction(),
            value: o.value,
            percentile_previous_end: previous.map(percentile),
            base_value: previous.is_none().then_some(base),
            percentile_year_end: percentile(year_end),
        }
    }

    /// One line for the backtest's table.
    pub fn line(&self) -> String {
        use crate::text::{format_value, percent};
        let previous = match (self.percentile_previous_end, self.base_value) {
            (Some(p), _) => format!("percentile {} of end-{}", percent(p), self.year - 1),
            (None, Some(base)) => format!("end-{} was {}", self.year - 1, format_value(base)),
            (None, None) => String::new(),
        };
        format!(
            "  {} {} in {}: {}, percentile {} of end-{}\n",
            self.indicator,
            format_value(self.value),
            self.period,
            previous,
            percent(self.percentile_year_end),
            self.year
        )
    }
}
