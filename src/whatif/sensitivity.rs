//! `targetsim sensitivity`: which assumption matters most for each target.
//!
//! Each uncertain input is swung down and up (means by +-`swing_sd` of their
//! own standard deviation, everything else by +-`swing_pct`) on the same
//! paths, and the change in every target's probability is ranked (a tornado);
//! the probability across the whole swing gives a spider chart. From one run,
//! the rank correlation between each path's drawn inputs and meeting each
//! target shows which random draws drive it.

use crate::distr::{CountDist, GrowthDist};
use crate::engine::path::{PathScratch, simulate_conditioned_recording};
use crate::engine::{Plan, RunConfig};
use crate::error::{Error, Result};
use crate::model::{IndicatorKind, Model};
use crate::output::{Cell, Chart, ChartKind, NumberFormat, Output, Sheet};
use crate::scenario::Sources;
use crate::scenario::overrides::Override;
use serde::Serialize;
use std::fmt::Write;

/// Points of the spider chart across the swing, as fractions of it.
pub const SPIDER: [f64; 5] = [-1.0, -0.5, 0.0, 0.5, 1.0];
/// Paths used for the rank correlations.
const RANK_PATHS: u64 = 20_000;

/// How far inputs are swung.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Swing {
    /// Means move by this many of their own standard deviations.
    pub sd: f64,
    /// Everything else moves by this fraction of its value.
    pub pct: f64,
}

/// One swung input.
#[derive(Debug, Clone, Serialize)]
pub struct Input {
    /// Scenario key, as for `--set`.
    pub key: String,
    /// Base value.
    pub base: f64,
    /// Values at the spider points (`SPIDER` fractions of the swing).
    pub values: Vec<f64>,
    /// `probabilities[p][t]`: target `t` at spider point `p` (None when the
    /// scenario rejects that value, e.g. a correlation matrix that breaks).
    pub probabilities: Vec<Option<Vec<f64>>>,
}

/// Rank correlation of one drawn input with meeting a target.
#[derive(Debug, Clone, Serialize)]
pub struct RankCorrelation {
    /// What was drawn, e.g. `ngit_output growth` or `listed_companies additions`.
    pub input: String,
    /// Spearman correlation with meeting each target, in target order.
    pub with_targets: Vec<f64>,
}

/// A finished sensitivity analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Sensitivity {
    /// Scenario name.
    pub scenario: String,
    /// Paths per run.
    pub paths: u64,
    /// Seed of every run.
    pub seed: u64,
    /// The swing.
    pub swing: Swing,
    /// Target ids.
    pub targets: Vec<String>,
    /// Base probability of each target.
    pub base: Vec<f64>,
    /// Every swung input.
    pub inputs: Vec<Input>,
    /// Rank correlations of drawn inputs (from one run).
    pub rank_correlations: Vec<RankCorrelation>,
}

/// The swung inputs of a model: (key, base value, step for a full swing, lower bound, upper bound).
/// An input to swing: its key, its value, how far it swings either way,
/// and the range of values the scenario accepts.
struct Candidate {
    key: String,
    value: f64,
    step: f64,
    min: f64,
    max: f64,
}

fn candidates(model: &Model, swing: Swing) -> Vec<Candidate> {
    let mut out = Vec::new();
    let pct = |key: String, value: f64, min: f64, max: f64| Candidate {
        key,
        value,
        step: (value * swing.pct).abs(),
        min,
        max,
    };
    for ind in &model.indicators {
        match &ind.kind {
            IndicatorKind::Growth { by_year, .. } => {
                // The default distribution is the one most years use.
                let d = &by_year[by_year.len() - 1];
                if let GrowthDist::Normal { mean, sd }
                | GrowthDist::LogNormal { mean, sd, .. }
                | GrowthDist::StudentT { mean, sd, .. } = d
                {
                    let floor = if matches!(d, GrowthDist::LogNormal { .. }) {
                        -0.99
                    } else {
                        f64::NEG_INFINITY
                    };
                    out.push(Candidate {
                        key: format!("{}.growth.mean", ind.id),
                        value: *mean,
                        step: sd * swing.sd,
                        min: floor,
                        max: f64::INFINITY,
                    });
                    out.push(pct(
                        format!("{}.growth.sd", ind.id),
                        *sd,
                        0.0,
                        f64::INFINITY,
                    ));
                }
            }
            IndicatorKind::Count { additions, exits } => {
                for (name, dist) in [("additions", Some(additions)), ("exits", exits.as_ref())] {
                    if let Some(
                        CountDist::Poisson { mean } | CountDist::NegativeBinomial { mean, .. },
                    ) = dist
                    {
                        let sd = dist.map_or(0.0, |d| d.sd());
                        out.push(Candidate {
                            key: format!("{}.{name}.mean", ind.id),
                            value: *mean,
                            step: sd * swing.sd,
                            min: 0.0,
                            max: f64::INFINITY,
                        });
                    }
                }
            }
            // Firm indicators move with their firms (swung below).
            IndicatorKind::FirmCount { .. } | IndicatorKind::FirmOutput { .. } => {}
        }
    }
    if let Some(f) = &model.firms {
        if f.noise_sd > 0.0 {
            out.push(pct("firms.noise_sd".into(), f.noise_sd, 0.0, f64::INFINITY));
        }
        if let Some(e) = f.entry {
            out.push(pct("firms.entry.rate".into(), e.rate, 0.0, 1e6));
        }
        if let Some(e) = f.exit
            && e.hazard > 0.0
        {
            out.push(pct("firms.exit.hazard".into(), e.hazard, 0.0, 1.0));
        }
    }
    for s in &model.shocks {
        out.push(pct(
            format!("shock.{}.probability", s.name),
            s.probability,
            0.0,
            1.0,
        ));
    }
    for c in &model.correlations {
        let key = format!(
            "correlation.{}~{}.rho",
            model.indicators[c.a].id, model.indicators[c.b].id
        );
        out.push(pct(key, c.rho, -1.0, 1.0));
    }
    out.retain(|c| c.step > 0.0);
    out
}

fn probabilities(
    sources: &Sources,
    set: &[Override],
    only: Option<&str>,
    config: &RunConfig,
) -> Result<Option<Vec<f64>>> {
    let totals =
        crate::whatif::variant::simulate_variant(sources, set, config, "sensitivity", only)?;
    Ok(totals.map(|t| t.hits.iter().map(|&h| h as f64 / t.paths as f64).collect()))
}

/// The rank correlation of each drawn input with meeting each target, over
/// the first `RANK_PATHS` (at most) of `config`'s paths.
pub(crate) fn rank_correlations(model: &Model, config: &RunConfig) -> Result<Vec<RankCorrelation>> {
    // Recording only the targets' slots lets the plan leave out firms that
    // no target reads.
    let plan = Plan::new(model).sampled(&RunConfig {
        sampling: crate::engine::sampling::Sampling::Mc,
        summary: crate::engine::Summary::Targets,
        ..*config
    })?;
    let n = RANK_PATHS.min(config.paths);
    let mut scratch = PathScratch::new(&plan);
    let inputs = scratch.inputs.len();
    let mut drawn = vec![Vec::with_capacity(n as usize); inputs];
    let mut met = vec![Vec::with_capacity(n as usize); plan.targets.len()];
    for path in 0..n {
        // A path out of a nowcast's reach keeps its last attempt here; the
        // main runs of the analysis report it as an error.
        let _ = simulate_conditioned_recording::<true>(&plan, config.seed, path, &mut scratch);
        for (k, d) in drawn.iter_mut().enumerate() {
            d.push(scratch.inputs[k]);
        }
        for (t, target) in plan.targets.iter().enumerate() {
            met[t].push(target.met(|slot| scratch.values[slot]) as u8 as f64);
        }
    }
    let mut names: Vec<String> = plan
        .growth
        .iter()
        .map(|g| format!("{} growth", model.indicators[g.indicator].id))
        .collect();
    for c in &plan.counts {
        let id = &model.indicators[c.indicator].id;
        names.push(format!("{id} additions"));
        names.push(format!("{id} exits"));
    }
    names.extend(
        model
            .shocks
            .iter()
            .map(|s| format!("shock {} hits", s.name)),
    );
    Ok(names
        .into_iter()
        .zip(&drawn)
        .filter(|(_, d)| d.iter().any(|&x| x != d[0]))
        .map(|(input, d)| RankCorrelation {
            input,
            with_targets: met
                .iter()
                .map(|m| crate::stats::rank::spearman(d, m))
                .collect(),
        })
        .collect())
}

/// Run the analysis.
pub fn sensitivity(
    sources: &Sources,
    base_set: &[Override],
    swing: Swing,
    only: Option<&str>,
    config: &RunConfig,
    status: crate::whatif::goal_seek::Status,
) -> Result<Sensitivity> {
    let mut reference = sources.clone();
    reference.apply_overrides(base_set)?;
    let mut model = reference.model()?;
    if let Some(id) = only {
        let ids: Vec<String> = model.targets.iter().map(|t| t.id.clone()).collect();
        if !ids.iter().any(|t| t == id) {
            return Err(Error::Usage {
                flag: "--target",
                message: format!(
                    "no target \"{id}\"{}",
                    crate::scenario::overrides::suggestion(id, &ids)
                ),
            });
        }
        model.targets.retain(|t| t.id == id);
    }
    let swung = |set: &[Override]| probabilities(&reference, set, only, config);
    let base = swung(&[])?.ok_or_else(|| Error::Usage {
        flag: "sensitivity",
        message: "the scenario does not validate".into(),
    })?;
    let mut inputs = Vec::new();
    let candidates = candidates(&model, swing);
    let total = candidates.len();
    for (k, candidate) in candidates.into_iter().enumerate() {
        let Candidate {
            key,
            value,
            step,
            min: lo,
            max: hi,
        } = candidate;
        status(&format!(
            "sensitivity: input {} of {total}, {key}, {} paths a swing",
            k + 1,
            config.paths
        ));
        let values: Vec<f64> = SPIDER
            .iter()
            .map(|f| (value + f * step).clamp(lo, hi))
            .collect();
        let mut probs = Vec::with_capacity(values.len());
        for (&f, &v) in SPIDER.iter().zip(&values) {
            if f == 0.0 {
                probs.push(Some(base.clone()));
                continue;
            }
            let set: Override = format!("{key}={v}")
                .parse()
                .map_err(|message| Error::Usage {
                    flag: "sensitivity",
                    message,
                })?;
            probs.push(swung(&[set])?);
        }
        inputs.push(Input {
            key,
            base: value,
            values,
            probabilities: probs,
        });
    }
    Ok(Sensitivity {
        scenario: model.name.clone(),
        paths: config.paths,
        seed: config.seed,
        swing,
        targets: model.targets.iter().map(|t| t.id.clone()).collect(),
        base,
        inputs,
        rank_correlations: {
            status("sensitivity: rank correlations of the drawn inputs");
            rank_correlations(&model, config)?
        },
    })
}

/// One bar of a tornado: an input and a target's probability at the two
/// ends of the input's swing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TornadoBar {
    /// Index into [`Sensitivity::inputs`].
    pub input: usize,
    /// The probability with the input swung down.
    pub low: f64,
    /// The probability with the input swung up.
    pub high: f64,
}

impl TornadoBar {
    /// Does the swing move the probability at all?
    pub fn moves(&self) -> bool {
        self.low != self.high
    }
}

impl Sensitivity {
    /// Inputs ranked for target `t` by the spread of its probability over
    /// the swing, largest first.
    pub fn tornado(&self, t: usize) -> Vec<TornadoBar> {
        let mut rows: Vec<TornadoBar> = self
            .inputs
            .iter()
            .enumerate()
            .map(|(i, input)| {
                let at = |p: usize| {
                    input.probabilities[p]
                        .as_ref()
                        .map_or(self.base[t], |v| v[t])
                };
                TornadoBar {
                    input: i,
                    low: at(0),
                    high: at(SPIDER.len() - 1),
                }
            })
            .collect();
        rows.sort_by(|a, b| (b.high - b.low).abs().total_cmp(&(a.high - a.low).abs()));
        rows
    }
}

impl Sensitivity {
    /// Per target, its inputs ranked by the spread of its probability,
    /// with the change at either end of the swing; a tornado chart per
    /// target.
    fn tornado_sheet(&self) -> Sheet {
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut charts = Vec::new();
        for t in 0..self.targets.len() {
            let first = rows.len();
            for bar in self.tornado(t) {
                rows.push(vec![
                    self.targets[t].as_str().into(),
                    self.inputs[bar.input].key.as_str().into(),
                    (bar.low - self.base[t]).into(),
                    (bar.high - self.base[t]).into(),
                    self.base[t].into(),
                ]);
            }
            charts.push(Chart {
                title: format!("{}: change in probability over each swing", self.targets[t]),
                title_zh: format!("{}：各参数变动对达成概率的影响", self.targets[t]),
                kind: ChartKind::Tornado,
                categories: 1,
                series: vec![2, 3],
                rows: first..rows.len(),
                values: NumberFormat::Percent,
            });
        }
        let mut sheet = Sheet::new(
            "tornado",
            &["target", "input", "low", "high", "probability"],
            rows,
        )
        .formats(vec![
            NumberFormat::General,
            NumberFormat::General,
            NumberFormat::Percent,
            NumberFormat::Percent,
            NumberFormat::Probability,
        ]);
        sheet.charts = charts;
        sheet
    }
}

/// Tornado rows per target in the table.
const TABLE_ROWS: usize = 8;

impl Output for Sensitivity {
    /// A terminal report: per target, the tornado's top rows and the
    /// strongest rank correlations.
    fn table(&self) -> String {
        let top = TABLE_ROWS;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "sensitivity {}: {} inputs swung (means +-{} sd, others +-{:.0}%), {} paths per run, seed {}",
            self.scenario,
            self.inputs.len(),
            self.swing.sd,
            100.0 * self.swing.pct,
            self.paths,
            self.seed
        );
        for (t, id) in self.targets.iter().enumerate() {
            let _ = writeln!(out, "\n{id}: P = {:.1}%", 100.0 * self.base[t]);
            let width = self.inputs.iter().map(|i| i.key.len()).max().unwrap_or(0);
            for TornadoBar {
                input: i,
                low,
                high,
            } in self.tornado(t).into_iter().take(top)
            {
                let input = &self.inputs[i];
                let _ = writeln!(
                    out,
                    "  {:<width$} {:>6} -> {:>6}  ({} pp)  [{} .. {}]",
                    input.key,
                    crate::text::percent(low),
                    crate::text::percent(high),
                    crate::text::points(high - low),
                    crate::text::short(input.values[0]),
                    crate::text::short(input.values[SPIDER.len() - 1])
                );
            }
            let mut ranked: Vec<&RankCorrelation> = self.rank_correlations.iter().collect();
            ranked.sort_by(|a, b| b.with_targets[t].abs().total_cmp(&a.with_targets[t].abs()));
            let strongest: Vec<String> = ranked
                .iter()
                .take(3)
                .map(|r| format!("{} {:+.2}", r.input, r.with_targets[t]))
                .collect();
            let _ = writeln!(
                out,
                "  rank correlation with meeting it: {}",
                strongest.join(", ")
            );
        }
        out
    }

    /// One row per input and spider point: the value and each target's probability.
    fn sheets(&self) -> Vec<Sheet> {
        let mut columns = vec![
            "input".to_string(),
            "swing".to_string(),
            "value".to_string(),
        ];
        columns.extend(self.targets.iter().cloned());
        let mut rows = Vec::new();
        for input in &self.inputs {
            for (p, fraction) in SPIDER.iter().enumerate() {
                let mut row: Vec<Cell> = vec![
                    input.key.as_str().into(),
                    (*fraction).into(),
                    input.values[p].into(),
                ];
                match &input.probabilities[p] {
                    Some(probabilities) => {
                        row.extend(probabilities.iter().map(|&x| Cell::Number(x)))
                    }
                    None => row.extend(self.targets.iter().map(|_| Cell::Empty)),
                }
                rows.push(row);
            }
        }
        let mut formats = vec![
            NumberFormat::General,
            NumberFormat::Percent,
            NumberFormat::General,
        ];
        formats.extend(self.targets.iter().map(|_| NumberFormat::Probability));
        vec![
            Sheet::with_columns("sensitivity", columns, rows).formats(formats),
            self.tornado_sheet(),
        ]
    }
}
