//! Results of a run: what every output format shows, computed once.

use crate::engine::sketch::{QuantileSketch, RELATIVE_ACCURACY};
use crate::engine::{RunConfig, Simulation};
use crate::model::{IndicatorKind, KindName, Model, Op, Target};
use crate::stats::wilson::wilson95;

pub mod assumptions;
mod output;
mod table;
use serde::Serialize;

/// The percentiles reported per indicator and year (a fan chart's bands).
pub const PERCENTILES: [u8; 7] = [5, 10, 25, 50, 75, 90, 95];

/// Everything a run reports. Serialised as the `json` format; `timing`
/// holds the only values that differ between identical runs.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// `scenario.name`.
    pub scenario: String,
    /// `scenario.title`.
    pub title: Option<String>,
    /// The scenario file as given on the command line.
    pub file: String,
    /// Base year.
    pub base_year: i32,
    /// Target year.
    pub target_year: i32,
    /// `--set` overrides applied to the scenario, as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
    /// Paths simulated.
    pub paths: u64,
    /// Seed.
    pub seed: u64,
    /// How the growth draws were sampled.
    pub sampling: crate::engine::sampling::Sampling,
    /// `full`, or `targets` when only the target slots were summarised
    /// (`indicators` is then empty).
    pub summary: crate::engine::Summary,
    /// Engine identification, for reproducing the run.
    pub engine: EngineInfo,
    /// Set when the run was driven by `--precision`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub convergence: Option<crate::engine::convergence::Convergence>,
    /// Set for a nowcast (`--as-of`): what it conditioned on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nowcast: Option<crate::observed::nowcast::summary::NowcastInfo>,
    /// The scenario's assumptions with their sources, for workbooks (the
    /// scenario file is their record, so JSON leaves them out).
    #[serde(skip)]
    pub assumptions: Vec<assumptions::Assumption>,
    /// SHA-256 of the scenario and the files it reads, when the command
    /// knows it (for workbooks' Run sheet).
    #[serde(skip)]
    pub scenario_hash: Option<String>,
    /// Per target, in scenario order.
    pub targets: Vec<TargetResult>,
    /// Probability that every target is met on the same path.
    pub all_targets_probability: f64,
    /// Its 95% Wilson interval.
    pub all_targets_ci95: [f64; 2],
    /// Probability that exactly `met` targets are met, for `met = 0..=n`.
    pub targets_met_distribution: Vec<MetCount>,
    /// Per indicator, per year summaries (empty with `--summary targets`).
    pub indicators: Vec<IndicatorResult>,
    /// Run time; differs between otherwise identical runs.
    pub timing: Timing,
}

/// Engine identification.
#[derive(Debug, Clone, Serialize)]
pub struct EngineInfo {
    /// Crate version.
    pub version: &'static str,
    /// Random number generation scheme.
    pub rng: &'static str,
    /// Relative accuracy of every reported quantile.
    pub quantile_relative_accuracy: f64,
}

/// One target's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct TargetResult {
    /// Target id.
    pub id: String,
    /// Indicator id.
    pub indicator: String,
    /// Indicator label.
    pub label: String,
    /// Indicator unit.
    pub unit: Option<String>,
    /// Comparison symbol.
    pub op: Op,
    /// Threshold.
    pub value: f64,
    /// Year.
    pub year: i32,
    /// Free-text source.
    pub source: Option<String>,
    /// Share of paths meeting the target.
    pub probability: f64,
    /// 95% Wilson interval of the probability.
    pub ci95: [f64; 2],
    /// Paths meeting the target.
    pub met_paths: u64,
    /// Indicator in the target year: 5th percentile.
    pub p5: f64,
    /// Indicator in the target year: median.
    pub median: f64,
    /// Indicator in the target year: 95th percentile.
    pub p95: f64,
    /// Growth indicators: constant yearly growth from the base that exactly reaches the value.
    pub required_growth: Option<f64>,
    /// Growth indicators: yearly growth implied by the assumed means (before shocks).
    pub assumed_growth: Option<f64>,
    /// Growth indicators: yearly growth of the median simulated path.
    pub median_path_growth: Option<f64>,
    /// Count indicators: net additions per year needed from the base.
    pub required_net_additions_per_year: Option<f64>,
    /// Count indicators: expected net additions per year (before shocks and the floor at 0).
    pub assumed_net_additions_per_year: Option<f64>,
    /// Distribution of the indicator in the target year.
    pub histogram: Histogram,
    /// A nowcast's observations of this target's indicator, and how each was used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<String>,
    /// A `by` target: the share of paths on which it is met by each
    /// simulated year (cumulative), keyed by year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_met_by_year: Option<std::collections::BTreeMap<i32, f64>>,
    /// A `by` target: the median first year it is met; `null` (inner
    /// `None`) when fewer than half the paths meet it within the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_first_met_year: Option<Option<i32>>,
}

/// Cumulative first-passage shares by year, from the counts of paths first
/// meeting a target in each year from `first_year` on, and the median first
/// year (`None` when fewer than half the paths meet it at all).
pub fn first_passage(
    first_met: &[u64],
    paths: u64,
    first_year: i32,
) -> (std::collections::BTreeMap<i32, f64>, Option<i32>) {
    let mut by_year = std::collections::BTreeMap::new();
    let mut cumulative = 0u64;
    let mut median = None;
    for (k, &count) in first_met.iter().enumerate() {
        cumulative += count;
        let year = first_year + k as i32;
        if median.is_none() && 2 * cumulative >= paths && paths > 0 {
            median = Some(year);
        }
        by_year.insert(year, cumulative as f64 / paths as f64);
    }
    (by_year, median)
}

/// A binned distribution over the central 99% of outcomes.
#[derive(Debug, Clone, Serialize)]
pub struct Histogram {
    /// Bin edges, ascending (`counts.len() + 1` of them).
    pub edges: Vec<f64>,
    /// Paths in each bin (a bin holds values above its left edge, up to its right).
    pub counts: Vec<u64>,
    /// Paths at or below the first edge.
    pub below: u64,
    /// Paths above the last edge.
    pub above: u64,
}

/// Bins of a histogram over a continuous range.
const HISTOGRAM_BINS: usize = 40;
/// Whole-number ranges up to this wide get one bin per value.
const MAX_UNIT_BINS: f64 = 80.0;

impl Histogram {
    /// Bin the central 99% of a sketch's values.
    pub fn from_sketch(sketch: &QuantileSketch, whole_numbers: bool) -> Self {
        let (lo, hi) = (sketch.quantile(0.005), sketch.quantile(0.995));
        let edges: Vec<f64> = if whole_numbers && hi - lo <= MAX_UNIT_BINS {
            (0..=(hi - lo) as usize + 1)
                .map(|k| lo - 0.5 + k as f64)
                .collect()
        } else if whole_numbers {
            let width = ((hi - lo) / HISTOGRAM_BINS as f64).ceil();
            (0..=HISTOGRAM_BINS)
                .map(|k| lo - 0.5 + k as f64 * width)
                .collect()
        } else if hi > lo {
            let width = (hi - lo) / HISTOGRAM_BINS as f64;
            (0..=HISTOGRAM_BINS)
                .map(|k| lo + k as f64 * width)
                .collect()
        } else {
            vec![lo - 0.5, lo + 0.5]
        };
        // Round the cumulative counts, then difference: bins sum exactly.
        let at_most: Vec<u64> = edges
            .iter()
            .map(|&e| sketch.count_at_most(e).round() as u64)
            .collect();
        Histogram {
            counts: at_most
                .windows(2)
                .map(|w| w[1].saturating_sub(w[0]))
                .collect(),
            below: at_most[0],
            above: sketch.count().saturating_sub(at_most[at_most.len() - 1]),
            edges,
        }
    }
}

/// `P(exactly met targets are met)`.
#[derive(Debug, Clone, Serialize)]
pub struct MetCount {
    /// Number of targets met.
    pub met: usize,
    /// Share of paths.
    pub probability: f64,
    /// Paths.
    pub paths: u64,
}

/// One indicator's simulated distribution by year.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Chinese label.
    pub label_zh: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// `growth` or `count`.
    pub kind: KindName,
    /// Base-year value.
    pub base: f64,
    /// Observed values `[year, value]` given in the scenario.
    pub history: Vec<(i32, f64)>,
    /// Per simulated year.
    pub years: Vec<YearSummary>,
}

/// Distribution of one indicator in one year.
#[derive(Debug, Clone, Serialize)]
pub struct YearSummary {
    /// Calendar year.
    pub year: i32,
    /// Mean over paths.
    pub mean: f64,
    /// Standard deviation over paths.
    pub sd: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 10th percentile.
    pub p10: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// Wall-clock figures.
#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    /// Simulation time in seconds.
    pub seconds: f64,
    /// Paths per second.
    pub paths_per_second: f64,
    /// Worker threads.
    pub threads: usize,
}

impl Results {
    /// The command that reproduces the run.
    pub fn reproduce_command(&self) -> String {
        format!("targetsim run {} --format json", self.command_args())
    }

    /// The scenario, seed, paths, `--as-of` and `--set` flags that make
    /// another command simulate exactly these paths.
    pub fn command_args(&self) -> String {
        let sets: String = self
            .overrides
            .iter()
            .map(|o| format!(" --set '{o}'"))
            .collect();
        let as_of = self
            .nowcast
            .as_ref()
            .map_or(String::new(), |n| format!(" --as-of {}", n.as_of));
        format!(
            "{} --seed {} --paths {}{as_of}{sets}",
            self.file, self.seed, self.paths
        )
    }

    /// Summarise a finished simulation of `model`.
    pub fn new(model: &Model, config: &RunConfig, sim: &Simulation, file: &str) -> Self {
        let totals = &sim.totals;
        let n = totals.paths;
        let seconds = sim.elapsed.as_secs_f64();
        Results {
            scenario: model.name.clone(),
            title: model.title.clone(),
            file: file.to_string(),
            base_year: model.base_year,
            target_year: model.target_year,
            overrides: Vec::new(),
            paths: n,
            seed: config.seed,
            sampling: config.sampling,
            summary: config.summary,
            engine: EngineInfo {
                version: env!("CARGO_PKG_VERSION"),
                rng: "xoshiro256++, one stream per (seed, path, stream)",
                quantile_relative_accuracy: RELATIVE_ACCURACY,
            },
            convergence: None,
            nowcast: crate::observed::nowcast::summary::NowcastInfo::new(model, totals),
            assumptions: assumptions::of_model(model),
            scenario_hash: None,
            targets: model
                .targets
                .iter()
                .zip(&totals.hits)
                .enumerate()
                .map(|(k, (t, &hits))| target_result(model, sim, t, hits, &totals.first_met[k]))
                .collect(),
            all_targets_probability: totals.all_met as f64 / n as f64,
            all_targets_ci95: wilson95(totals.all_met, n),
            targets_met_distribution: totals
                .met_count
                .iter()
                .enumerate()
                .map(|(met, &paths)| MetCount {
                    met,
                    probability: paths as f64 / n as f64,
                    paths,
                })
                .collect(),
            indicators: indicator_results(model, config, sim),
            timing: Timing {
                seconds,
                paths_per_second: if seconds > 0.0 {
                    n as f64 / seconds
                } else {
                    0.0
                },
                threads: sim.threads,
            },
        }
    }
}

/// Mean, sd and percentiles of one recorded (indicator, year) slot.
fn year_summary(model: &Model, sim: &Simulation, slot: usize) -> YearSummary {
    let totals = &sim.totals;
    let n = totals.paths;
    let q = |p: f64| totals.sketches[slot].quantile(p);
    let mean = totals.sum[slot].value() / n as f64;
    let var = (totals.sum_sq[slot].value() / n as f64 - mean * mean).max(0.0) * n as f64
        / (n.max(2) - 1) as f64;
    YearSummary {
        year: model.base_year + 1 + (slot % sim.plan.years) as i32,
        mean,
        sd: var.sqrt(),
        p5: q(0.05),
        p10: q(0.10),
        p25: q(0.25),
        p50: q(0.50),
        p75: q(0.75),
        p90: q(0.90),
        p95: q(0.95),
    }
}

/// Every indicator's yearly summaries (none with `--summary targets`,
/// which records only the target slots).
fn indicator_results(model: &Model, config: &RunConfig, sim: &Simulation) -> Vec<IndicatorResult> {
    if config.summary != crate::engine::Summary::Full {
        return Vec::new();
    }
    let years = sim.plan.years;
    model
        .indicators
        .iter()
        .enumerate()
        .map(|(k, ind)| IndicatorResult {
            id: ind.id.clone(),
            label: ind.label.clone(),
            label_zh: ind.label_zh.clone(),
            unit: ind.unit.clone(),
            kind: ind.kind_name(),
            base: ind.base,
            history: ind.history(),
            years: (0..years)
                .map(|t| year_summary(model, sim, k * years + t))
                .collect(),
        })
        .collect()
}

/// One target's probability, interval, percentiles and pace.
fn target_result(
    model: &Model,
    sim: &Simulation,
    t: &Target,
    hits: u64,
    first_met: &[u64],
) -> TargetResult {
    let totals = &sim.totals;
    let n = totals.paths;
    let ind = &model.indicators[t.indicator];
    let horizon = (t.year - model.base_year) as usize;
    let slot = t.indicator * sim.plan.years + horizon - 1;
    let at_year = year_summary(model, sim, slot);
    let mut result = TargetResult {
        id: t.id.clone(),
        indicator: ind.id.clone(),
        label: ind.label.clone(),
        unit: ind.unit.clone(),
        op: t.op,
        value: t.value,
        year: t.year,
        source: t.source.clone(),
        probability: hits as f64 / n as f64,
        ci95: wilson95(hits, n),
        met_paths: hits,
        p5: at_year.p5,
        median: at_year.p50,
        p95: at_year.p95,
        required_growth: None,
        assumed_growth: None,
        median_path_growth: None,
        required_net_additions_per_year: None,
        assumed_net_additions_per_year: None,
        histogram: Histogram::from_sketch(&totals.sketches[slot], ind.whole_numbers()),
        observations: Vec::new(),
        first_met_by_year: None,
        median_first_met_year: None,
    };
    if t.by {
        let (by_year, median) = first_passage(first_met, n, model.base_year + 1);
        result.first_met_by_year = Some(by_year);
        result.median_first_met_year = Some(median);
    }
    if let Some(c) = &model.conditioning {
        result.observations = crate::observed::nowcast::summary::used(
            &c.indicators[t.indicator],
            c.partial_growth_sd,
        );
    }
    set_pace(&mut result, model, t, horizon, at_year.p50);
    result
}

/// The yearly pace that exactly reaches the target and the pace the
/// scenario's mean assumptions imply, from where the indicator starts (a
/// nowcast starts it from its own last observation).
fn set_pace(result: &mut TargetResult, model: &Model, t: &Target, horizon: usize, median: f64) {
    let ind = &model.indicators[t.indicator];
    let conditioning = model
        .conditioning
        .as_ref()
        .map(|c| &c.indicators[t.indicator]);
    let (start, base) = conditioning.map_or((0, ind.base), |c| {
        ((c.start_year - model.base_year) as usize, c.start_value)
    });
    let h = (horizon - start.min(horizon - 1)) as f64;
    let cagr = |ratio: f64| (ratio > 0.0).then(|| ratio.powf(1.0 / h) - 1.0);
    match &ind.kind {
        IndicatorKind::Growth { by_year, .. } => {
            result.required_growth = cagr(t.value / base);
            result.median_path_growth = cagr(median / base);
            let compounded: f64 = by_year[start.min(horizon - 1)..horizon]
                .iter()
                .map(|d| 1.0 + d.mean())
                .product();
            result.assumed_growth = cagr(compounded);
        }
        IndicatorKind::Count { additions, exits } => {
            result.required_net_additions_per_year = Some((t.value - base) / h);
            result.assumed_net_additions_per_year =
                Some(additions.mean() - exits.as_ref().map_or(0.0, |e| e.mean()));
        }
        // Firm indicators have no assumed pace: it emerges from the firms.
        IndicatorKind::FirmCount { .. } => {
            result.required_net_additions_per_year = Some((t.value - base) / h);
        }
        IndicatorKind::FirmOutput { .. } => {
            result.required_growth = cagr(t.value / base);
            result.median_path_growth = cagr(median / base);
        }
    }
}
