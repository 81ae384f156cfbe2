//! What a report says, independent of its format: headings, the results
//! table, the assumptions tables and the run's identification.

use crate::charts::{Lang, Style};
use crate::model::Model;
use crate::results::Results;
use crate::text::{number, percent};

/// A table: header and rows of plain text cells.
#[derive(Default)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<String>>,
    /// A column whose cells are coloured, and each row's colour there
    /// (`red`, `amber`, `green`: the scoreboard's traffic light).
    pub tones: Option<(usize, Vec<&'static str>)>,
}

/// Everything in a report except the charts.
pub struct Content {
    /// Report title.
    pub title: String,
    /// Scenario description.
    pub description: Option<String>,
    /// The opening in words: what is likely, what is not, and why.
    pub summary: Vec<String>,
    /// How the run was made, one line each.
    pub run: Vec<String>,
    /// The command that reproduces the report.
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
    /// "Summary".
    pub summary: &'static str,
    /// "Contents".
    pub contents: &'static str,
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
                reproduce: "Reproduce this report",
                none: "None.",
                summary: "Summary",
                contents: "Contents",
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
                reproduce: "复现本报告",
                none: "无。",
                summary: "摘要",
                contents: "目录",
            },
        }
    }
}

fn growth_text(g: Option<f64>, s: Style) -> String {
    g.map_or_else(String::new, |g| match s.lang {
        Lang::En => format!("{} a year", crate::text::percent_value(g)),
        Lang::Zh => format!("年均{}", crate::text::percent_value(g)),
    })
}

fn net_text(n: Option<f64>, s: Style) -> String {
    n.map_or_else(String::new, |n| match s.lang {
        Lang::En => format!("{} a year", number(n)),
        Lang::Zh => format!("每年{}", number(n)),
    })
}

/// The report's file name in its command, and its language flag.
pub struct ReportFile<'a> {
    /// As given to `--out`.
    pub out: &'a str,
}

/// Build the report content for a run of `model`.
pub fn build(
    model: &Model,
    results: &Results,
    style: Style,
    scenario_hash: &str,
    file: ReportFile<'_>,
) -> Content {
    let in_chinese = |zh: &Option<String>, en: &Option<String>| match style.lang {
        Lang::Zh => zh.clone().or_else(|| en.clone()),
        Lang::En => en.clone(),
    };
    let title =
        in_chinese(&model.title_zh, &results.title).unwrap_or_else(|| results.scenario.clone());
    let lang = match style.lang {
        Lang::En => String::new(),
        Lang::Zh => " --lang zh".to_string(),
    };
    Content {
        title,
        description: in_chinese(&model.description_zh, &model.description),
        summary: super::summary::summary(model, results, style),
        run: run_lines(results, style, scenario_hash),
        reproduce: format!(
            "targetsim report {}{lang} --out {}",
            results.command_args(),
            file.out
        ),
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
        tones: None,
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
        tones: Some((
            2,
            results
                .targets
                .iter()
                .map(|t| tone(t.probability))
                .collect(),
        )),
        rows: results
            .targets
            .iter()
            .map(|t| {
                let (required, assumed) =
                    if t.required_growth.is_some() || t.assumed_growth.is_some() {
                        (
                            growth_text(t.required_growth, s),
                            growth_text(t.assumed_growth, s),
                        )
                    } else {
                        (
                            net_text(t.required_net_additions_per_year, s),
                            net_text(t.assumed_net_additions_per_year, s),
                        )
                    };
                let unit = s.unit(t.unit.as_deref());
                // "1,300 10,000 yuan" would read as one number.
                let unit = if unit.starts_with(|c: char| c.is_ascii_digit()) {
                    format!("({unit})")
                } else {
                    unit
                };
                let condition = match s.lang {
                    Lang::En => format!("{} {} {unit} in {}", t.op, number(t.value), t.year),
                    Lang::Zh => format!("{}年 {} {}{unit}", t.year, t.op, number(t.value)),
                };
                vec![
                    s.target_label(results, t).to_string(),
                    condition.trim_end().replace("  ", " "),
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

/// The scoreboard's traffic light of a probability, as a class name.
fn tone(p: f64) -> &'static str {
    if p < 0.5 {
        "red"
    } else if p <= 0.8 {
        "amber"
    } else {
        "green"
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
        tones: None,
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
                    super::words::dynamics(model, &ind.kind, s.lang),
                    ind.source.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// Every correlation with its source.
fn correlations_table(model: &Model, style: Style) -> Table {
    let s = style;
    let id = |k: usize| super::words::label(model, k, s.lang).to_string();
    Table {
        tones: None,
        header: [
            s.pick("between", "指标对"),
            s.pick("correlation of yearly growth", "年增长率相关系数"),
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
        tones: None,
        header: [
            s.pick("shock", "冲击"),
            s.pick("probability per year", "每年概率"),
            s.pick("years", "年份"),
            s.pick("impact in a year it strikes", "发生当年的影响"),
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
                    crate::text::percent_value(sh.probability),
                    crate::model::describe::shock_years(model, sh),
                    super::words::shock_impacts(model, sh, s.lang),
                    sh.source.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// The firm population's calibration and dynamics, one row per item.
fn firms_table(model: &Model, f: &crate::firms::Firms, s: Style) -> Table {
    let unit = s.unit(f.unit.as_deref());
    let label = |k: usize| super::words::label(model, k, s.lang).to_string();
    let zh = s.lang == Lang::Zh;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for t in &f.tiers {
        let (threshold, count, named) = (number(t.threshold), number(t.count as f64), t.named);
        rows.push(vec![
            label(t.indicator),
            if zh {
                format!(
                    "营收不低于{threshold}{unit}：{}年{count}家（{named}家具名），精确复现；其上帕累托指数{:.2}",
                    model.base_year, t.alpha
                )
            } else {
                format!(
                    "revenue of {threshold} {unit} or more: {count} firms in {} ({named} named), reproduced exactly; Pareto exponent {:.2} above it",
                    model.base_year, t.alpha
                )
            },
        ]);
    }
    let (firms, names) = (number(f.revenue.len() as f64), number(f.names.len() as f64));
    let roster = f.roster_file.as_ref().map(|p| p.display().to_string());
    rows.push(vec![
        s.pick("population", "企业总数").to_string(),
        match (zh, roster) {
            (false, Some(r)) => format!("{firms} firms ({names} named, from {r})"),
            (false, None) => format!("{firms} firms ({names} named)"),
            (true, Some(r)) => format!("{firms}家（{names}家具名，来自{r}）"),
            (true, None) => format!("{firms}家（{names}家具名）"),
        },
    ]);
    for sector in &f.sectors {
        let share = crate::text::percent_value(sector.share);
        rows.push(vec![
            format!("{} {}", s.pick("sector", "行业"), sector.id),
            if zh {
                format!(
                    "随{}增长；占模拟营收和新设企业的{share}",
                    label(sector.indicator)
                )
            } else {
                format!(
                    "grows with {}; {share} of synthetic revenue and entrants",
                    label(sector.indicator)
                )
            },
        ]);
    }
    rows.push(vec![
        s.pick("spread of a firm's growth", "企业增长波动")
            .to_string(),
        if zh {
            format!("企业年对数增长率相对行业的标准差{}", f.noise_sd)
        } else {
            format!(
                "{} (sd of a firm's yearly log growth around its sector's)",
                f.noise_sd
            )
        },
    ]);
    rows.extend(turnover_rows(f, s));
    Table {
        tones: None,
        header: vec![
            s.pick("item", "项目").to_string(),
            s.pick("value", "取值").to_string(),
        ],
        rows,
    }
}

/// What a chart of each kind shows and how to read it, beyond its title.
pub fn caption(chart_name: &str, lang: Lang) -> &'static str {
    let (en, zh) = if chart_name == "scoreboard" {
        (
            "Each bar is the share of simulated paths on which the target is met, with its 95% interval as a whisker: red below 50%, amber from 50% to 80%, green above 80%. The last bar is all targets met on the same path.",
            "每根柱为达成该目标的模拟路径占比，误差线为其95%区间：低于50%为红，50%至80%为黄，高于80%为绿。最后一根为所有目标在同一路径上同时达成。",
        )
    } else if chart_name == "targets-met" {
        (
            "How many targets are met together on one path. A wide spread means the targets rise and fall together with the same assumptions.",
            "同一路径上同时达成的目标个数。分布越宽，说明各目标越受相同假设的共同影响。",
        )
    } else if chart_name.starts_with("fan-") {
        (
            "Observed values up to the base year, then the middle 50%, 80% and 90% of simulated paths in each year around their median. A cross marks each target in its year; counts move in whole steps.",
            "基期及以前为实际值，之后为每年模拟路径的中间50%、80%和90%区间及中位数。叉号标出各目标及其年份；计数类指标按整数阶梯变化。",
        )
    } else if chart_name.starts_with("histogram-") {
        (
            "Where the paths end in the target's year: green bars are paths that meet the target, grey bars paths that miss it; the dashed line is the target.",
            "目标年份各路径的结果分布：绿色为达成目标的路径，灰色为未达成的路径；虚线为目标值。",
        )
    } else {
        ("", "")
    };
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// How firms leave and enter, one row each.
fn turnover_rows(f: &crate::firms::Firms, s: Style) -> Vec<Vec<String>> {
    let zh = s.lang == Lang::Zh;
    let mut rows: Vec<Vec<String>> = Vec::new();
    if let Some(e) = f.exit {
        rows.push(vec![
            s.pick("exit", "退出").to_string(),
            if zh {
                format!(
                    "每年退出概率 {} × (营收 / {})^{}",
                    e.hazard,
                    number(e.reference),
                    e.elasticity
                )
            } else {
                format!(
                    "probability {} x (revenue / {})^{} a year",
                    e.hazard,
                    number(e.reference),
                    e.elasticity
                )
            },
        ]);
    }
    if let Some(e) = f.entry {
        rows.push(vec![
            s.pick("entry", "新设").to_string(),
            if zh {
                format!(
                    "每年平均新设{}家（泊松分布），营收对数正态，中位数{}，对数标准差{}",
                    number(e.rate),
                    number(e.median),
                    e.sigma
                )
            } else {
                format!(
                    "{} a year on average (Poisson), lognormal revenue with median {} and log-sd {}",
                    number(e.rate),
                    number(e.median),
                    e.sigma
                )
            },
        ]);
    }
    rows
}
