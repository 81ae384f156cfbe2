//! A run's results through the output contract: the table; and as sheets
//! the scoreboard of targets, every indicator's yearly distribution (with
//! a fan chart each), the targets-met distribution, the assumptions and
//! how the run was made. CSV writes the indicators' sheet.

use super::{IndicatorResult, Results, TargetResult};
use crate::output::{Cell, Chart, ChartKind, NumberFormat as F, Output, Sheet};

impl Output for Results {
    fn table(&self) -> String {
        super::table::table(self)
    }

    fn sheets(&self) -> Vec<Sheet> {
        let mut sheets = vec![scoreboard(self)];
        if !self.indicators.is_empty() {
            sheets.push(indicator_years(self));
        }
        sheets.extend([targets_met(self), assumptions(self), run(self)]);
        sheets
    }

    fn main_sheet(&self) -> Option<Sheet> {
        Some(indicator_years(self))
    }
}

/// An indicator's label in both languages.
fn label(ind: &IndicatorResult) -> Cell {
    Cell::Label {
        en: ind.label.clone(),
        zh: ind.label_zh.clone().unwrap_or_default(),
    }
}

fn target_label(results: &Results, t: &TargetResult) -> Cell {
    match results.indicators.iter().find(|i| i.id == t.indicator) {
        Some(ind) => label(ind),
        None => Cell::Text(t.label.clone()),
    }
}

/// Per target: its wording, probability with interval, outcome range and
/// the growth (or net additions) it needs against what is assumed; then
/// the probability that all are met on the same path.
fn scoreboard(results: &Results) -> Sheet {
    let columns = [
        "target",
        "label",
        "condition",
        "year",
        "probability",
        "ci95_low",
        "ci95_high",
        "median",
        "p5",
        "p95",
        "required growth",
        "assumed growth",
        "required net additions a year",
        "assumed net additions a year",
        "source",
    ];
    let mut rows: Vec<Vec<Cell>> = results
        .targets
        .iter()
        .map(|t| {
            vec![
                t.id.clone().into(),
                target_label(results, t),
                format!("{} {}", t.op, t.value).into(),
                t.year.into(),
                t.probability.into(),
                t.ci95[0].into(),
                t.ci95[1].into(),
                t.median.into(),
                t.p5.into(),
                t.p95.into(),
                t.required_growth.into(),
                t.assumed_growth.into(),
                t.required_net_additions_per_year.into(),
                t.assumed_net_additions_per_year.into(),
                t.source.clone().unwrap_or_default().into(),
            ]
        })
        .collect();
    let targets = rows.len();
    let mut joint = vec![Cell::Empty; columns.len()];
    joint[0] = "all targets".into();
    joint[1] = Cell::Label {
        en: "All targets met on the same path".into(),
        zh: "所有目标在同一路径上同时达成".into(),
    };
    joint[3] = results.target_year.into();
    joint[4] = results.all_targets_probability.into();
    joint[5] = results.all_targets_ci95[0].into();
    joint[6] = results.all_targets_ci95[1].into();
    rows.push(joint);
    Sheet::new("scoreboard", &columns, rows)
        .formats(vec![
            F::General,
            F::General,
            F::General,
            F::General,
            F::Probability,
            F::Percent,
            F::Percent,
            F::Decimal,
            F::Decimal,
            F::Decimal,
            F::Percent,
            F::Percent,
            F::Decimal,
            F::Decimal,
        ])
        .chart(Chart {
            title: "Probability of meeting each target".into(),
            title_zh: "各目标达成概率".into(),
            kind: ChartKind::Bars,
            categories: 1,
            series: vec![4],
            rows: 0..targets + 1,
            values: F::Probability,
        })
}

/// Per indicator and year: mean, sd and the fan-chart percentiles, with a
/// fan chart per indicator (its first target drawn as a line).
fn indicator_years(results: &Results) -> Sheet {
    let columns = [
        "indicator",
        "unit",
        "year",
        "mean",
        "sd",
        "p5",
        "p10",
        "p25",
        "p50",
        "p75",
        "p90",
        "p95",
    ];
    let mut rows = Vec::new();
    let mut charts = Vec::new();
    for ind in &results.indicators {
        let first = rows.len();
        for y in &ind.years {
            let mut row: Vec<Cell> = vec![
                ind.id.clone().into(),
                ind.unit.clone().unwrap_or_default().into(),
                y.year.into(),
            ];
            let numbers = [y.mean, y.sd, y.p5, y.p10, y.p25, y.p50, y.p75, y.p90, y.p95];
            row.extend(numbers.map(Cell::Number));
            rows.push(row);
        }
        let target = results.targets.iter().find(|t| t.indicator == ind.id);
        charts.push(Chart {
            title: ind.label.clone(),
            title_zh: ind.label_zh.clone().unwrap_or_default(),
            kind: ChartKind::Fan {
                target: target.map(|t| t.value),
            },
            categories: 2,
            series: vec![5, 7, 8, 9, 11],
            rows: first..rows.len(),
            values: F::Decimal,
        });
    }
    let mut formats = vec![F::General, F::General, F::General];
    formats.extend([F::Decimal; 9]);
    let mut sheet = Sheet::new("indicators", &columns, rows).formats(formats);
    sheet.charts = charts;
    sheet
}

/// How many targets are met on the same path.
fn targets_met(results: &Results) -> Sheet {
    let rows: Vec<Vec<Cell>> = results
        .targets_met_distribution
        .iter()
        .map(|m| vec![(m.met as u64).into(), m.probability.into(), m.paths.into()])
        .collect();
    let n = rows.len();
    Sheet::new(
        "targets met",
        &["targets met", "probability", "paths"],
        rows,
    )
    .formats(vec![F::General, F::Percent, F::Integer])
    .chart(Chart {
        title: "How many targets are met on the same path".into(),
        title_zh: "同一路径上同时达成的目标个数".into(),
        kind: ChartKind::Columns,
        categories: 0,
        series: vec![1],
        rows: 0..n,
        values: F::Percent,
    })
}

/// Every assumption with its source.
fn assumptions(results: &Results) -> Sheet {
    let rows = results
        .assumptions
        .iter()
        .map(|a| {
            vec![
                section_label(a.section),
                a.item.clone().into(),
                a.value.into(),
                a.details.clone().into(),
                a.source.clone().into(),
            ]
        })
        .collect();
    Sheet::new(
        "assumptions",
        &[
            "section",
            "item",
            "value",
            "details",
            "source or assumption",
        ],
        rows,
    )
}

/// An assumption's section in both languages.
fn section_label(section: &str) -> Cell {
    let zh = match section {
        "indicator" => "指标",
        "correlation" => "相关性",
        "shock" => "冲击",
        "firms" => "企业",
        _ => "",
    };
    Cell::Label {
        en: section.to_string(),
        zh: zh.to_string(),
    }
}

/// How the run was made and the command that reproduces it.
fn run(results: &Results) -> Sheet {
    let mut rows: Vec<Vec<Cell>> = vec![
        vec!["scenario".into(), results.scenario.clone().into()],
        vec![
            "title".into(),
            results.title.clone().unwrap_or_default().into(),
        ],
        vec!["file".into(), results.file.clone().into()],
        vec![
            "scenario SHA-256".into(),
            results.scenario_hash.clone().unwrap_or_default().into(),
        ],
        vec!["base year".into(), results.base_year.into()],
        vec!["target year".into(), results.target_year.into()],
        vec!["seed".into(), results.seed.into()],
        vec!["paths".into(), results.paths.into()],
        vec!["sampling".into(), results.sampling.name().into()],
        vec!["overrides".into(), results.overrides.join("; ").into()],
        vec!["targetsim version".into(), results.engine.version.into()],
        vec!["random numbers".into(), results.engine.rng.into()],
        vec!["threads".into(), (results.timing.threads as u64).into()],
        vec!["seconds".into(), results.timing.seconds.into()],
        vec!["reproduce".into(), results.reproduce_command().into()],
    ];
    if let Some(n) = &results.nowcast {
        rows.insert(6, vec!["nowcast as of".into(), n.as_of.into()]);
    }
    Sheet::new("run", &["key", "value"], rows)
}
