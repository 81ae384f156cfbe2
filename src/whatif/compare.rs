//! `targetsim compare`: the same paths under several scenarios, side by
//! side, with each difference to the first scenario and its paired 95%
//! interval (common random numbers make differences far more precise than
//! two separate runs would).

use crate::engine::RunConfig;
use crate::engine::paired::{PairedTotals, match_targets};
use crate::error::Result;
use crate::model::Model;
use crate::output::{self, Chart, ChartKind, NumberFormat, Output, Sheet};
use crate::scenario::Sources;
use crate::scenario::overrides::Override;
use crate::stats::paired::paired_difference;
use crate::stats::wilson::wilson95;
use crate::text::{percent, points};
use serde::Serialize;
use std::fmt::Write;

/// One scenario of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioInfo {
    /// `scenario.name`.
    pub name: String,
    /// The file as given.
    pub file: String,
}

/// A target under one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Probability of meeting it.
    pub probability: f64,
    /// Its 95% Wilson interval.
    pub ci95: [f64; 2],
    /// Difference to the first scenario (None for the first, or when the
    /// first scenario has no target with this id).
    pub difference: Option<f64>,
    /// Paired 95% interval of the difference.
    pub difference_ci95: Option<[f64; 2]>,
}

/// One row of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Target id (or `all targets`).
    pub id: String,
    /// Condition, e.g. `> 6,000 in 2025`.
    pub condition: String,
    /// Per scenario, in order; None where the scenario lacks the target.
    pub scenarios: Vec<Option<Cell>>,
}

/// A whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Paths per scenario (the same paths for all).
    pub paths: u64,
    /// Seed.
    pub seed: u64,
    /// The scenarios, first is the reference.
    pub scenarios: Vec<ScenarioInfo>,
    /// Targets of the first scenario, then any others, then all-targets.
    pub rows: Vec<Row>,
}

/// Do two models have the same target ids (in any order)?
fn same_targets(a: &Model, b: &Model) -> bool {
    fn ids(m: &Model) -> Vec<&str> {
        let mut ids: Vec<&str> = m.targets.iter().map(|t| t.id.as_str()).collect();
        ids.sort_unstable();
        ids
    }
    ids(a) == ids(b)
}

/// Each scenario file, nowcast from `as_of` when given, with `set` applied.
pub fn read_models(
    files: &[std::path::PathBuf],
    set: &[Override],
    as_of: Option<i32>,
) -> Result<Vec<Model>> {
    files
        .iter()
        .map(|p| {
            let mut sources = Sources::read(p)?;
            if let Some(year) = as_of {
                sources.set_as_of(year);
            }
            sources.apply_overrides(set)?;
            Ok(sources.model()?)
        })
        .collect()
}

/// Compare `models` (read from `files`) on the same paths; `progress`
/// counts the paths done.
pub fn compare(
    models: &[Model],
    files: &[String],
    config: &RunConfig,
    progress: &std::sync::atomic::AtomicU64,
) -> Result<Comparison> {
    let totals = super::variant::simulate_together(models, config, progress)?;
    Ok(Comparison::new(models, files, &totals, config.seed))
}

impl Comparison {
    /// Summarise paired totals.
    pub fn new(models: &[Model], files: &[String], totals: &PairedTotals, seed: u64) -> Self {
        let n = totals.paths;
        let matches = match_targets(models);
        let cell = |s: usize, t: usize| {
            let met = totals.met[s][t];
            let (difference, difference_ci95) = match (s, matches[s][t]) {
                (0, _) | (_, None) => (None, None),
                _ => {
                    let (d, ci) =
                        paired_difference(totals.only_base[s][t], totals.only_this[s][t], n);
                    (Some(d), Some(ci))
                }
            };
            Cell {
                probability: met as f64 / n as f64,
                ci95: wilson95(met, n),
                difference,
                difference_ci95,
            }
        };
        let mut rows: Vec<Row> = Vec::new();
        for (s, m) in models.iter().enumerate() {
            for (t, target) in m.targets.iter().enumerate() {
                let row = match rows.iter_mut().position(|r| r.id == target.id) {
                    Some(i) => &mut rows[i],
                    None => {
                        rows.push(Row {
                            id: target.id.clone(),
                            condition: format!(
                                "{} {} in {}",
                                target.op.symbol(),
                                crate::text::number(target.value),
                                target.year
                            ),
                            scenarios: vec![None; models.len()],
                        });
                        rows.last_mut().expect("just pushed")
                    }
                };
                row.scenarios[s] = Some(cell(s, t));
            }
        }
        rows.push(Row {
            id: "all targets".into(),
            condition: "all met on the same path".into(),
            scenarios: (0..models.len())
                .map(|s| {
                    let met = totals.all_met[s];
                    // "All targets" of two scenarios are comparable only
                    // when they are the same targets.
                    let diff = (s > 0 && same_targets(&models[0], &models[s])).then(|| {
                        paired_difference(totals.all_only_base[s], totals.all_only_this[s], n)
                    });
                    Some(Cell {
                        probability: met as f64 / n as f64,
                        ci95: wilson95(met, n),
                        difference: diff.map(|d| d.0),
                        difference_ci95: diff.map(|d| d.1),
                    })
                })
                .collect(),
        });
        Comparison {
            paths: n,
            seed,
            scenarios: models
                .iter()
                .zip(files)
                .map(|(m, f)| ScenarioInfo {
                    name: m.name.clone(),
                    file: f.clone(),
                })
                .collect(),
            rows,
        }
    }
}

impl Output for Comparison {
    fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "compare: {} scenarios on the same {} paths, seed {} (common random numbers)\n",
            self.scenarios.len(),
            self.paths,
            self.seed
        );
        let mut header = vec!["target".to_string(), "condition".to_string()];
        header.extend(self.scenarios.iter().map(|s| s.name.clone()));
        let mut body: Vec<Vec<String>> = vec![header];
        for row in &self.rows {
            let mut line = vec![row.id.clone(), row.condition.clone()];
            for c in &row.scenarios {
                line.push(match c {
                    None => "-".into(),
                    Some(c) => match (c.difference, c.difference_ci95) {
                        (Some(d), Some([lo, hi])) => format!(
                            "{} ({} pp [{}, {}])",
                            percent(c.probability),
                            points(d),
                            points(lo),
                            points(hi)
                        ),
                        _ => percent(c.probability),
                    },
                });
            }
            body.push(line);
        }
        let widths: Vec<usize> = (0..body[0].len())
            .map(|c| body.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        for (i, row) in body.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(c, &w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            let _ = writeln!(out, "{}", cells.join("  ").trim_end());
            if i == 0 {
                let _ = writeln!(
                    out,
                    "{}",
                    "-".repeat(widths.iter().sum::<usize>() + 2 * widths.len())
                );
            }
        }
        let _ = writeln!(
            out,
            "\nIn brackets: the difference to {} in percentage points, with its paired 95% interval.",
            self.scenarios[0].name
        );
        out
    }

    fn sheets(&self) -> Vec<Sheet> {
        let mut columns = vec!["target".to_string(), "condition".to_string()];
        for info in &self.scenarios {
            for what in [
                "probability",
                "ci95_low",
                "ci95_high",
                "difference",
                "difference_ci95_low",
                "difference_ci95_high",
            ] {
                columns.push(format!("{} {what}", info.name));
            }
        }
        let rows = self
            .rows
            .iter()
            .map(|row| {
                let mut cells: Vec<output::Cell> =
                    vec![row.id.as_str().into(), row.condition.as_str().into()];
                for cell in &row.scenarios {
                    match cell {
                        Some(c) => cells.extend([
                            c.probability.into(),
                            c.ci95[0].into(),
                            c.ci95[1].into(),
                            c.difference.into(),
                            c.difference_ci95.map(|d| d[0]).into(),
                            c.difference_ci95.map(|d| d[1]).into(),
                        ]),
                        None => cells.extend(std::iter::repeat_n(output::Cell::Empty, 6)),
                    }
                }
                cells
            })
            .collect();
        let mut formats = vec![NumberFormat::General, NumberFormat::General];
        for _ in &self.scenarios {
            formats.extend([
                NumberFormat::Probability,
                NumberFormat::Percent,
                NumberFormat::Percent,
                NumberFormat::Percent,
                NumberFormat::Percent,
                NumberFormat::Percent,
            ]);
        }
        let n = self.rows.len();
        let chart = Chart {
            title: "Probability of each target, by scenario".into(),
            title_zh: "各情景下各目标的达成概率".into(),
            kind: ChartKind::Columns,
            categories: 0,
            series: (0..self.scenarios.len()).map(|k| 2 + 6 * k).collect(),
            rows: 0..n,
            values: NumberFormat::Probability,
        };
        vec![
            Sheet::with_columns("comparison", columns, rows)
                .formats(formats)
                .chart(chart),
        ]
    }
}
