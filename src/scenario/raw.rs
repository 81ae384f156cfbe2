//! The scenario file exactly as written: serde structs mirroring the TOML,
//! with spans kept so that validation errors can name a line.
//! Nothing here is checked beyond TOML syntax, key names and value types.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A whole scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenarioFile {
    pub scenario: Spanned<RawHeader>,
    pub simulation: Option<Spanned<RawSimulation>>,
    #[serde(default)]
    pub indicator: Vec<Spanned<RawIndicator>>,
    #[serde(default)]
    pub correlation: Vec<Spanned<RawCorrelation>>,
    #[serde(default)]
    pub shock: Vec<Spanned<RawShock>>,
    #[serde(default)]
    pub target: Vec<Spanned<RawTarget>>,
    pub history: Option<Spanned<RawHistorySettings>>,
    pub firms: Option<Spanned<RawFirms>>,
}

/// `[firms]`: the firm population behind firm_count and firm_output indicators.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFirms {
    /// Roster CSV, relative to the scenario. `Sources` reads the file
    /// before validation; the key is declared so that it is accepted.
    #[allow(dead_code)]
    pub roster: Option<Spanned<String>>,
    pub unit: Option<String>,
    pub noise_sd: Spanned<f64>,
    pub top_alpha: Option<Spanned<f64>>,
    pub body: Option<Spanned<RawBody>>,
    pub exit: Option<Spanned<RawExit>>,
    pub entry: Option<Spanned<RawEntry>>,
    #[serde(default)]
    pub sector: Vec<Spanned<RawSector>>,
    /// Provenance for readers of the file; outputs do not show it.
    #[allow(dead_code)]
    pub source: Option<String>,
}

/// `body = { count, median, sigma }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBody {
    pub count: i64,
    pub median: f64,
    pub sigma: f64,
}

/// `exit = { hazard, elasticity, reference }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExit {
    pub hazard: f64,
    pub elasticity: Option<f64>,
    pub reference: Option<f64>,
}

/// `entry = { rate, median, sigma }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    pub rate: f64,
    pub median: f64,
    pub sigma: f64,
}

/// `[[firms.sector]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSector {
    pub id: Spanned<String>,
    pub indicator: Spanned<String>,
    pub share: Option<Spanned<f64>>,
    pub output: Option<Spanned<f64>>,
}

/// `[history]`: where observations come from and how a nowcast uses them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHistorySettings {
    /// Observations CSV, relative to the scenario. `Sources` reads the
    /// file before validation; the key is declared so that it is accepted.
    #[allow(dead_code)]
    pub file: Option<Spanned<String>>,
    pub as_of: Option<Spanned<i64>>,
    pub partial_growth_sd: Option<Spanned<f64>>,
}

/// One inline history entry: a plain number (a full-year value) or a table.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawHistoryValue {
    Value(f64),
    Entry(RawHistoryEntry),
}

/// `{ value = ..., growth = ..., status = ..., source = ... }`,
/// `{ at_least = ... }` or `{ at_most = ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHistoryEntry {
    pub value: Option<f64>,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
    pub growth: Option<f64>,
    pub status: Option<String>,
    pub source: Option<String>,
}

/// A separate targets file (`targets = "..."` in `[scenario]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargetsFile {
    #[serde(default)]
    pub target: Vec<Spanned<RawTarget>>,
}

/// `[scenario]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub name: Spanned<String>,
    pub title: Option<String>,
    pub title_zh: Option<String>,
    pub description: Option<String>,
    pub description_zh: Option<String>,
    pub base_year: Spanned<i64>,
    pub target_year: Spanned<i64>,
    /// The targets file: `Sources` reads it before validation; the key is
    /// declared so that it is accepted.
    #[allow(dead_code)]
    pub targets: Option<Spanned<String>>,
    /// Handled before validation (see `scenario::extends`).
    #[allow(dead_code)]
    pub extends: Option<Spanned<String>>,
}

/// `[simulation]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    pub paths: Option<Spanned<i64>>,
    pub seed: Option<Spanned<i64>>,
}

/// `[[indicator]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: Spanned<String>,
    pub label: Option<String>,
    pub label_zh: Option<String>,
    pub unit: Option<String>,
    pub source: Option<String>,
    pub kind: Spanned<String>,
    pub base: Option<Spanned<f64>>,
    pub at_least: Option<Spanned<f64>>,
    pub sector: Option<Spanned<String>>,
    pub history: Option<Spanned<BTreeMap<String, RawHistoryValue>>>,
    pub series: Option<Spanned<String>>,
    pub growth: Option<Spanned<RawDist>>,
    pub growth_by_year: Option<Spanned<BTreeMap<String, Spanned<RawDist>>>>,
    pub additions: Option<Spanned<RawDist>>,
    pub exits: Option<Spanned<RawDist>>,
}

/// Any distribution table: `{ dist = "...", ... }`. Which keys a given
/// `dist` accepts is checked during validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDist {
    pub dist: String,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub df: Option<f64>,
    pub min: Option<f64>,
    pub mode: Option<f64>,
    pub max: Option<f64>,
    pub value: Option<f64>,
    pub dispersion: Option<f64>,
    pub mean_sd: Option<f64>,
    /// Growth only: the parameters are meant even though one is 100% a
    /// year or more (which is otherwise taken for a percent written as a
    /// number, and refused).
    pub extreme: Option<bool>,
}

/// `[[correlation]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorrelation {
    pub between: Spanned<Vec<String>>,
    pub rho: Spanned<f64>,
    pub source: Option<String>,
}

/// `[[shock]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShock {
    pub name: Spanned<String>,
    pub probability: Spanned<f64>,
    pub years: Option<Spanned<Vec<i64>>>,
    pub impact: Spanned<BTreeMap<String, f64>>,
    pub source: Option<String>,
}

/// `[[target]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub id: Option<Spanned<String>>,
    pub indicator: Spanned<String>,
    pub op: Spanned<String>,
    pub value: Spanned<f64>,
    pub year: Option<Spanned<i64>>,
    /// Met in the first year the condition holds, up to this year.
    pub by: Option<Spanned<i64>>,
    pub source: Option<String>,
    /// The plan's own words for the target (`targetsim extract` writes
    /// them); kept in the file for the reader, not used by the model.
    #[allow(dead_code)]
    pub quote: Option<String>,
}
