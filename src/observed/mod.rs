//! Observed data: history files, calibration of growth to them, nowcasts
//! conditioned on them, and backtests scored against them. The observation
//! types themselves are part of the model ([`crate::model::Observation`]).

pub mod backtest;
pub mod calibrate;
pub mod history_file;
pub mod nowcast;
pub mod part_year_level;
