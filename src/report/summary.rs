//! The report's opening in words: which targets are likely, which are in
//! the balance, which are unlikely, and for each unlikely one the assumption
//! its outcome hangs on most.
//!
//! "Hangs on most" is the drawn input (an indicator's yearly growth, a
//! count's additions or exits, a shock) whose value on a path is most
//! rank-correlated with meeting the target, from one recorded run of the
//! report's own seed: cheap enough for every report, and the same inputs
//! `targetsim sensitivity` ranks. A target met on no path (or on every
//! path) has no such input; the summary gives its gap instead.

use super::words;
use crate::charts::{Lang, Style};
use crate::engine::RunConfig;
use crate::model::{IndicatorKind, Model};
use crate::results::{Results, TargetResult};
use crate::text::{number, percent};
use crate::whatif::sensitivity::{RankCorrelation, rank_correlations};

/// Paths recorded to rank the inputs: enough to order them (the standard
/// error of a rank correlation is about 1/sqrt(paths), 0.014 here).
const SUMMARY_PATHS: u64 = 5_000;

/// A drawn input is named only when its rank correlation with meeting the
/// target is at least this (about seven standard errors at 5,000 paths).
const MIN_RHO: f64 = 0.1;

/// Likely from here up, as the scoreboard's green.
const LIKELY: f64 = 0.8;
/// Unlikely below here, as the scoreboard's red.
const UNLIKELY: f64 = 0.5;

/// The opening paragraphs of a report.
pub fn summary(model: &Model, results: &Results, s: Style) -> Vec<String> {
    let config = RunConfig {
        paths: SUMMARY_PATHS.min(results.paths),
        seed: results.seed,
        threads: None,
        sampling: crate::engine::sampling::Sampling::Mc,
        summary: crate::engine::Summary::Targets,
    };
    // A scenario that ran has a plan; should recording fail, the summary
    // still states the odds and leaves the drivers out.
    let ranks = rank_correlations(model, &config).unwrap_or_default();
    let label = |t: &TargetResult| {
        format!(
            "{} {} {} ({})",
            s.target_label(results, t),
            t.op,
            number(t.value),
            percent(t.probability)
        )
    };
    let group = |keep: &dyn Fn(f64) -> bool| -> Vec<&TargetResult> {
        let mut ts: Vec<&TargetResult> = results
            .targets
            .iter()
            .filter(|t| keep(t.probability))
            .collect();
        ts.sort_by(|a, b| b.probability.total_cmp(&a.probability));
        ts
    };
    let likely = group(&|p| p >= LIKELY);
    let balance = group(&|p| (UNLIKELY..LIKELY).contains(&p));
    let unlikely = group(&|p| p < UNLIKELY);
    let list = |ts: &[&TargetResult]| {
        ts.iter()
            .map(|t| label(t))
            .collect::<Vec<_>>()
            .join(s.pick("; ", "；"))
    };
    let mut out = vec![opening(
        results,
        s,
        [&likely, &balance, &unlikely].map(|g| g.len()),
    )];
    for (ts, en, zh) in [
        (&likely, "Likely (80% or more)", "很可能达成（80%及以上）"),
        (
            &balance,
            "In the balance (50% to 80%)",
            "有望达成（50%至80%）",
        ),
        (&unlikely, "Unlikely (below 50%)", "不太可能达成（低于50%）"),
    ] {
        if !ts.is_empty() {
            out.push(format!(
                "{}{}{}",
                s.pick(en, zh),
                s.pick(": ", "："),
                list(ts)
            ));
        }
    }
    for t in &unlikely {
        out.push(driver(model, results, t, &ranks, s));
    }
    if !unlikely.is_empty() {
        out.push(
            s.pick(
                "What a change in each assumption would do to a target's odds: targetsim sensitivity SCENARIO --target ID.",
                "各项假设变化对某一目标达成概率的影响：targetsim sensitivity 情景文件 --target 目标ID。",
            )
            .to_string(),
        );
    }
    out
}

/// "Of 11 targets for 2025, 2 are likely, 2 in the balance and 7 unlikely."
fn opening(results: &Results, s: Style, [likely, balance, unlikely]: [usize; 3]) -> String {
    let n = results.targets.len();
    let year = results.target_year;
    match s.lang {
        Lang::En => format!(
            "Of {n} targets for {year}, {likely} {} likely, {balance} in the balance and {unlikely} unlikely, on {} simulated paths. All of them are met together on {} of the paths.",
            if likely == 1 { "is" } else { "are" },
            number(results.paths as f64),
            percent(results.all_targets_probability)
        ),
        Lang::Zh => format!(
            "{year}年的{n}个目标中，{likely}个很可能达成，{balance}个有望达成，{unlikely}个不太可能达成（{}条模拟路径）。全部目标同时达成的路径占{}。",
            number(results.paths as f64),
            percent(results.all_targets_probability)
        ),
    }
}

/// An unlikely target: where its outcome lands, what it would need, and
/// the drawn input it hangs on most (when any path comes near enough for
/// one to stand out).
fn driver(
    model: &Model,
    results: &Results,
    t: &TargetResult,
    ranks: &[RankCorrelation],
    s: Style,
) -> String {
    let k = results.targets.iter().position(|u| u.id == t.id);
    let strongest = k.and_then(|k| {
        ranks
            .iter()
            .map(|r| (r, r.with_targets.get(k).copied().unwrap_or(0.0)))
            .filter(|(_, rho)| rho.abs() >= MIN_RHO)
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
    });
    let name = format!(
        "{} {} {}",
        s.target_label(results, t),
        t.op,
        number(t.value)
    );
    let (median, p5, p95) = (number(t.median), number(t.p5), number(t.p95));
    let mut out = match s.lang {
        Lang::En => format!(
            "{name}: the median outcome is {median}, with 90% of paths between {p5} and {p95}."
        ),
        Lang::Zh => format!("{name}：结果中位数为{median}，90%的路径在{p5}至{p95}之间。"),
    };
    out.push_str(&needs(t, s));
    match strongest {
        Some((r, rho)) => {
            let input = input_words(model, &r.input, s.lang);
            out.push_str(&match s.lang {
                Lang::En => format!(
                    " Its outcome hangs most on {input}: rank correlation {rho:+.2} with meeting it."
                ),
                Lang::Zh => format!("其结果最取决于{input}：与达成的秩相关系数为{rho:+.2}。"),
            });
        }
        None => out.push_str(s.pick(
            " Too few paths come near the target for any one drawn input to stand out.",
            "接近目标的路径太少，没有哪一项随机输入突出。",
        )),
    }
    out
}

/// "It needs 11.37% a year; the scenario assumes 4.87%." (or additions).
fn needs(t: &TargetResult, s: Style) -> String {
    let rate = crate::text::percent_value;
    let pair = match (t.required_growth, t.required_net_additions_per_year) {
        (Some(need), _) => Some((rate(need), t.assumed_growth.map(rate))),
        (None, Some(need)) => Some((number(need), t.assumed_net_additions_per_year.map(number))),
        (None, None) => None,
    };
    let growth = t.required_growth.is_some();
    match (pair, s.lang) {
        (None, _) => String::new(),
        (Some((need, assumed)), Lang::En) => {
            let what = if growth {
                "growth of"
            } else {
                "net additions of"
            };
            match assumed {
                Some(a) => format!(" It needs {what} {need} a year; the scenario assumes {a}."),
                None => format!(" It needs {what} {need} a year."),
            }
        }
        (Some((need, assumed)), Lang::Zh) => {
            let what = if growth {
                "年均增长"
            } else {
                "每年净增"
            };
            match assumed {
                Some(a) => format!("需要{what}{need}，情景假设为{a}。"),
                None => format!("需要{what}{need}。"),
            }
        }
    }
}

/// A drawn input ("ngit_output growth") in words, with what the scenario
/// assumes for it.
fn input_words(model: &Model, input: &str, lang: Lang) -> String {
    if let Some(name) = input
        .strip_prefix("shock ")
        .and_then(|r| r.strip_suffix(" hits"))
    {
        let p = model
            .shocks
            .iter()
            .find(|sh| sh.name == name)
            .map_or(String::new(), |sh| {
                crate::text::percent_value(sh.probability)
            });
        return match lang {
            Lang::En => format!("whether the shock '{name}' strikes (assumed {p} a year)"),
            Lang::Zh => format!("冲击“{name}”是否发生（假设每年概率{p}）"),
        };
    }
    let (id, what) = input.rsplit_once(' ').unwrap_or((input, ""));
    let Some(k) = model.indicators.iter().position(|i| i.id == id) else {
        return input.to_string();
    };
    let label = words::label(model, k, lang);
    match (&model.indicators[k].kind, what) {
        (IndicatorKind::Growth { by_year, .. }, _) => {
            let assumed = by_year
                .first()
                .map_or(String::new(), |d| words::growth(d, lang));
            match lang {
                Lang::En => format!("the growth of {label} (assumed {assumed})"),
                Lang::Zh => format!("{label}的增长（假设{assumed}）"),
            }
        }
        (IndicatorKind::Count { additions, exits }, what) => {
            let (dist, en, zh) = match (what, exits) {
                ("exits", Some(e)) => (e, "exits from", "退出"),
                _ => (additions, "additions to", "新增"),
            };
            let assumed = words::count(dist, lang);
            match lang {
                Lang::En => format!("the yearly {en} {label} (assumed {assumed})"),
                Lang::Zh => format!("{label}的每年{zh}（假设{assumed}）"),
            }
        }
        _ => label.to_string(),
    }
}
