//! What a run summarises beyond its target probabilities.
//!
//! `full` keeps a mean, a standard deviation and a quantile sketch for every
//! indicator and year (fan charts, reports, backtests). `targets` keeps them
//! only for the (indicator, year) slots that targets read, so the target
//! table (probabilities, intervals, percentiles, histograms) is exactly the
//! full run's, while recording costs a fraction: what sweeps, goal seeks
//! and quick what-ifs need. See docs/engine.md.

use serde::{Deserialize, Serialize};

/// Which slots a run records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Summary {
    /// Every indicator in every year.
    #[default]
    Full,
    /// Only the indicators and years that targets read.
    Targets,
}

impl Summary {
    /// Lower-case name, as the flag takes it.
    pub fn name(self) -> &'static str {
        match self {
            Summary::Full => "full",
            Summary::Targets => "targets",
        }
    }
}
