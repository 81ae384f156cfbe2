//! `GET /api/scenarios/{id}`: a scenario as the page needs it to draw its
//! controls: indicators with their observed history, targets, and every
//! adjustable number with its `--set` key.

use super::ApiError;
use super::catalog::Entry;
use super::params::{self, Param};
use crate::model::{IndicatorKind, Model};
use crate::scenario::Sources;
use serde::Serialize;

/// A served scenario, described.
#[derive(Debug, Serialize)]
pub struct Description {
    /// Its id.
    pub id: String,
    /// The file as the command line names it.
    pub file: String,
    /// `scenario.name`.
    pub name: String,
    /// `scenario.title`.
    pub title: Option<String>,
    /// `scenario.description`.
    pub description: Option<String>,
    /// Base year.
    pub base_year: i32,
    /// Target year.
    pub target_year: i32,
    /// Paths a run takes by default (the scenario's, else 100000).
    pub paths: u64,
    /// Seed a run takes by default.
    pub seed: u64,
    /// Whether a run moves a firm population (slower: the page starts with
    /// fewer paths).
    pub firms: bool,
    /// Indicators, in file order.
    pub indicators: Vec<IndicatorInfo>,
    /// Targets, as the model orders them.
    pub targets: Vec<TargetInfo>,
    /// Every number the page can change.
    pub parameters: Vec<Param>,
}

/// One indicator.
#[derive(Debug, Serialize)]
pub struct IndicatorInfo {
    /// Id.
    pub id: String,
    /// English label.
    pub label: String,
    /// Chinese label, if the scenario gives one.
    pub label_zh: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// `growth`, `count`, `firm_count` or `firm_output`.
    pub kind: &'static str,
    /// Base value.
    pub base: f64,
    /// Its source note.
    pub source: Option<String>,
    /// What was observed of it.
    pub observed: Vec<ObservedInfo>,
}

/// One observation.
#[derive(Debug, Serialize)]
pub struct ObservedInfo {
    /// Period, e.g. `2023` or `2024H1`.
    pub period: String,
    /// Its year.
    pub year: i32,
    /// The figure.
    pub value: f64,
    /// `exact`, `lower_bound`, `upper_bound`, `year_to_date` or `approximate`.
    pub kind: crate::model::ObservationKind,
    /// Where it was published.
    pub source: Option<String>,
}

/// One target.
#[derive(Debug, Serialize)]
pub struct TargetInfo {
    /// Id.
    pub id: String,
    /// Indicator id.
    pub indicator: String,
    /// Comparison, e.g. `>=`.
    pub op: &'static str,
    /// Threshold.
    pub value: f64,
    /// Year.
    pub year: i32,
    /// Source.
    pub source: Option<String>,
}

/// Describe a served scenario.
pub fn describe(entry: &Entry) -> Result<Description, ApiError> {
    let sources = Sources::read(&entry.path)?;
    let model = sources.model()?;
    Ok(Description {
        id: entry.id.clone(),
        file: entry.file.clone(),
        name: model.name.clone(),
        title: model.title.clone(),
        description: model.description.clone(),
        base_year: model.base_year,
        target_year: model.target_year,
        paths: model.defaults.paths.unwrap_or(crate::cli::DEFAULT_PATHS),
        seed: model.defaults.seed.unwrap_or(crate::cli::DEFAULT_SEED),
        firms: model.firms.is_some(),
        indicators: indicators(&model),
        targets: targets(&model),
        parameters: params::of_sources(&sources),
    })
}

fn indicators(model: &Model) -> Vec<IndicatorInfo> {
    model
        .indicators
        .iter()
        .map(|ind| IndicatorInfo {
            id: ind.id.clone(),
            label: ind.label.clone(),
            label_zh: ind.label_zh.clone(),
            unit: ind.unit.clone(),
            kind: match ind.kind {
                IndicatorKind::Growth { .. } => "growth",
                IndicatorKind::Count { .. } => "count",
                IndicatorKind::FirmCount { .. } => "firm_count",
                IndicatorKind::FirmOutput { .. } => "firm_output",
            },
            base: ind.base,
            source: ind.source.clone(),
            observed: ind
                .observations
                .iter()
                .map(|o| ObservedInfo {
                    period: o.period.to_string(),
                    year: o.year(),
                    value: o.value,
                    kind: o.kind,
                    source: o.source.clone(),
                })
                .collect(),
        })
        .collect()
}

fn targets(model: &Model) -> Vec<TargetInfo> {
    model
        .targets
        .iter()
        .map(|t| TargetInfo {
            id: t.id.clone(),
            indicator: model.indicators[t.indicator].id.clone(),
            op: t.op.symbol(),
            value: t.value,
            year: t.year,
            source: t.source.clone(),
        })
        .collect()
}
