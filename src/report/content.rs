//! What a report says, independent of its format: headings, the results
//! table, the assumptions tables and the run's identification.

use crate::charts::{Lang, Style};
use crate::model::Model;
use crate::results::Results;
use crate::text::{number, percent};

/// A table: header and rows of plain text cells.
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<String>>,
}

/// Everything in a report except the charts.
pub struct Content {
    /// Report title.
    pub title: String,
    /// Scenario description.
    pub description: Option<String>,
    /// How the run was made, one line each.
    pub run: Vec<String>,
    /// The command that reproduces the run.
    pub reproduce: String,
    /// Per target: condition, probability, interval, outcome range, growth.
    pub results: Table,
    /// A nowcast's observations per indicator and how each was used.
    pub observations: Option<Table>,
    /// Joint probability line.
    pub joint: String,
    /// Indicators: base, dynamics, source.
    pub indicators: Table,
    /// Correlations.
    pub correlations: Table,
    /// Shocks.
    pub shocks: Table,
    /// The firm population, when the scenario has one.
    pub firms: Option<Table>,
}

/// Section headings in the report's language.
pub struct Headings {
    /// "Target scoreboard".
    pub scoreboard: &'static str,
    /// "Results".
    pub results: &'static str,
    /// "Observations used (nowcast)".
    pub observations: &'static str,
    /// "How many targets are met".
    pub met: &'static str,
    /// "Fan charts".
    pub fans: &'static str,
    /// "Outcome distributions".
    pub histograms: &'static str,
    /// "Assumptions".
    pub assumptions: &'static str,
    /// "Indicators".
    pub indicators: &'static str,
    /// "Correlations".
    pub correlations: &'static str,
    /// "Shocks".
    pub shocks: &'static str,
    /// "Firms".
    pub firms: &'static str,
    /// "Reproduce".
    pub reproduce: &'static str,
    /// "None".
    pub none: &'static str,
}

impl Headings {
    /// Headings for a language.
    pub fn new(lang: Lang) -> Self {
        match lang {
            Lang::En => Headings {
                scoreboard: "Target scoreboard",
                results: "Results",
                observations: "Observations used (nowcast)",
                met: "How many targets are met",
                fans: "Fan charts",
                histograms: "Outcome distributions",
                assumptions: "Assumptions",
                indicators: "Indicators",
                correlations: "Correlations",
                shocks: "Shocks",
                firms: "Firms",
                reproduce: "Reproduce this run",
                none: "None.",
            },
            Lang::Zh => Headings {
                scoreboard: "目标达成概率",
                results: "结果",
                observations: "所用观测值（即时预测）",
                met: "同时达成的目标个数",
                fans: "扇形图",
                histograms: "结果分布",
                assumptions: "假设",
                indicators: "指标",
                correlations: "相关性",
                shocks: "冲击",
                firms: "企业",
                reproduce: "复现本次运行",
                none: "无。",
            },
        }
    }
}

fn growth_text(g: Option<f64>) -> String {
    g.map_or_else(String::new, |g| format!("{:+.1}%/yr", 100.0 * g))
}

fn net_text(n: Option<f64>) -> String {
    n.map_or_else(String::new, |n| format!("{n:+.1}/yr"))
}

/// Build the report content for a run of `model`.
pub fn build(model: &Model, results: &Results, style: Style, scenario_hash: &str) -> Content {
    let title = results
        .title
        .clone()
        .unwrap_or_else(|| results.scenario.clone());
    Content {
        title,
        description: model.description.clone(),
        run: run_lines(results, style, scenario_hash),
        reproduce: results.reproduce_command(),
        results: targets_table(results, style),
        observations: observations_table(results, style),
        firms: model.firms.as_ref().map(|f| firms_table(model, f, style)),
        joint: joint_line(results, style),
        indicators: indicators_table(model, results, style),
        correlations: correlations_table(model, style),
        shocks: shocks_table(model, style),
    }
}

/// The run's identification lines.
fn run_lines(results: &Results, style: Style, scenario_hash: &str) -> Vec<String> {
    let s = style;
    vec![
        format!(
            "{}: {} ({})",
            s.pick("Scenario", "情景"),
            results.scenario,
            results.file
        ),
        format!(
            "{}: {} → {} · {} {} · seed {}",
            s.pick("Horizon", "时间范围"),
            results.base_year,
            results.target_year,
            number(results.paths as f64),
            s.pick("paths", "条路径"),
            results.seed
        ),
        format!(
            "targetsim {} · {} {:.2} s · {} {}",
            results.engine.version,
            s.pick("simulated in", "模拟用时"),
            results.timing.seconds,
            results.timing.threads,
            s.pick("threads", "线程")
        ),
        format!(
            "{}: {scenario_hash}",
            s.pick("Scenario SHA-256", "情景文件SHA-256")
        ),
    ]
}

/// What a nowcast started each indicator from and which observations it used.
fn observations_table(results: &Results, style: Style) -> Option<Table> {
    let s = style;
    results.nowcast.as_ref().map(|n| Table {
        header: [
            s.pick("indicator", "指标"),
            s.pick("starts from", "起点"),
            s.pick("observation and its use", "观测值及其用法"),
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows: n
            .indicators
            .iter()
            .flat_map(|i| {
                let start = format!("{} ({})", number(i.start_value), i.start_year);
                i.used
                    .iter()
                    .cloned()
                    .chain(
                        i.ignored
                            .iter()
                            .map(|x| format!("{} {x}", s.pick("not used:", "未使用："))),
                    )
                    .map(move |text| vec![i.id.clone(), start.clone(), text])
            })
            .collect(),
    })
}

/// One row per target.
fn targets_table(results: &Results, style: Style) -> Table {
    let s = style;
    Table {
        header: [
            s.pick("target", "目标"),
            s.pick("condition", "条件"),
            s.pick("P(met)", "达成概率"),
            s.pick("95% interval", "95%区间"),
            s.pick("median (5th-95th pct)", "中位数（5%-95%）"),
            s.pick("required", "所需"),
            s.pick("assumed", "假设"),
            s.pick("source", "来源"),
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows: results
            .targets
            .iter()
            .map(|t| {
                let (required, assumed) =
                    if t.required_growth.is_some() || t.assumed_growth.is_some() {
                        (
                            growth_text(t.required_growth),
                            growth_text(t.assumed_growth),
                        )
                    } else {
                        (
                            net_text(t.required_net_additions_per_year),
                            net_text(t.assumed_net_additions_per_year),
                        )
                    };
                vec![
                    s.target_label(results, t).to_string(),
                    format!("{} {} ({})", t.op, number(t.value), t.year),
                    percent(t.probability),
                    format!("{} - {}", percent(t.ci95[0]), percent(t.ci95[1])),
                    format!(
                        "{} ({} - {})",
                        number(t.median),
                        number(t.p5),
                        number(t.p95)
                    ),
                    required,
                    assumed,
                    t.source.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// The probability that all targets are met on the same path.
fn joint_line(results: &Results, style: Style) -> String {
    let s = style;
    format!(
        "{}: {} ({} - {})",
        s.pick(
            "All targets met on the same path",
            "所有目标在同一路径上同时达成"
        ),
        percent(results.all_targets_probability),
        percent(results.all_targets_ci95[0]),
        percent(results.all_targets_ci95[1])
    )
}

/// Every indicator's base and assumptions with their sources.
fn indicators_table(model: &Model, results: &Results, style: Style) -> Table {
    let s = style;
    Table {
        header: [
            s.pick("indicator", "指标"),
            s.pick("unit", "单位"),
            format!("{} {}", s.pick("base", "基期值"), model.base_year).as_str(),
            s.pick("dynamics", "变化假设"),
            s.pick("source or assumption", "来源或假设"),
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows: model
            .indicators
            .iter()
            .zip(&results.indicators)
            .map(|(ind, r)| {
                vec![
                    format!("{} ({})", s.label(r), ind.id),
                    s.unit(ind.unit.as_deref()),
                    number(ind.base),
                    crate::model::describe::dynamics(model, &ind.kind),
                    ind.source.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// Every correlation with its source.
fn correlations_table(model: &Model, style: Style) -> Table {
    let s = style;
    let id = |k: usize| model.indicators[k].id.clone();
    Table {
        header: [
            s.pick("between", "指标对"),
            "rho",
            s.pick("source or assumption", "来源或假设"),
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows: model
            .correlations
            .iter()
            .map(|c| {
                vec![
                    format!("{} ~ {}", id(c.a), id(c.b)),
                    format!("{}", c.rho),
                    c.source.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// Every shock with its years, impacts and source.
fn shocks_table(model: &Model, style: Style) -> Table {
    let s = style;
    Table {
        header: [
            s.pick("shock", "冲击"),
            s.pick("probability per year", "每年概率"),
            s.pick("years", "年份"),
            s.pick("impact", "影响"),
            s.pick("source or assumption", "来源或假设"),
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows: model
            .shocks
            .iter()
            .map(|sh| {
                vec![
                    sh.name.clone(),
                    format!("{}", sh.probability),
                    crate::model::describe::shock_years(model, sh),
                    crate::model::describe::shock_impacts(model, sh),
                    sh.source.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// The firm population's calibration and dynamics, one row per item.
fn firms_table(model: &Model, f: &crate::firms::Firms, s: Style) -> Table {
    let unit = f.unit.clone().unwrap_or_default();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for t in &f.tiers {
        rows.push(vec![
            model.indicators[t.indicator].id.clone(),
            format!(
                ">= {} {unit}: {} firms in {} ({} named), reproduced exactly; Pareto exponent {:.2} above it",
                t.threshold, t.count, model.base_year, t.named, t.alpha
            ),
        ]);
    }
    rows.push(vec![
        s.pick("population", "企业总数").to_string(),
        format!(
            "{} firms ({} named{})",
            f.revenue.len(),
            f.names.len(),
            f.roster_file
                .as_ref()
                .map_or(String::new(), |p| format!(", from {}", p.display()))
        ),
    ]);
    for sector in &f.sectors {
        rows.push(vec![
            format!("{} {}", s.pick("sector", "行业"), sector.id),
            format!(
                "grows with {}; {:.0}% of synthetic revenue and entrants",
                model.indicators[sector.indicator].id,
                sector.share * 100.0
            ),
        ]);
    }
    rows.push(vec![
        "noise_sd".into(),
        format!(
            "{} (sd of a firm's yearly log growth around its sector's)",
            f.noise_sd
        ),
    ]);
    if let Some(e) = f.exit {
        rows.push(vec![
            "exit".into(),
            format!(
                "probability {} x (revenue / {})^{} a year",
                e.hazard, e.reference, e.elasticity
            ),
        ]);
    }
    if let Some(e) = f.entry {
        rows.push(vec![
            "entry".into(),
            format!(
                "Poisson({}) a year, lognormal revenue with median {} and log-sd {}",
                e.rate, e.median, e.sigma
            ),
        ]);
    }
    Table {
        header: vec![
            s.pick("item", "项目").to_string(),
            s.pick("value", "取值").to_string(),
        ],
        rows,
    }
}
