//! `targetsim sensitivity`: which assumption matters most for each target.
//!
//! Each uncertain input is swung down and up (means by +-`swing_sd` of their
//! own standard deviation, everything else by +-`swing_pct`) on the same
//! paths, and the change in every target's probability is ranked (a tornado);
//! the probability across the whole swing gives a spider chart. From one run,
//! the rank correlation between each path's drawn inputs and meeting each
//! target shows which random draws drive it.
//!
//! Two things keep it fast without changing what it estimates:
//! - a swing simulates only the targets the input can move
//!   (`dependence.rs`); the others keep the reference's probabilities, so
//!   their bars are exactly zero;
//! - the swings climb levels of paths (a sixteenth of the run's, at least
//!   500, then four times as many each level): after each level an input
//!   whose effect on every target is told apart from every other input's,
//!   or known to within a point, stops (`resolution.rs`); the rest go on
//!   to the next level. Every level is a prefix of the same paths, so the
//!   answer is reproducible from the seed on any number of threads.

use crate::distr::{CountDist, GrowthDist};
use crate::engine::path::{PathScratch, simulate_conditioned_recording};
use crate::engine::{Plan, RunConfig};
use crate::error::{Error, Result};
use crate::model::{IndicatorKind, Model};
use crate::output::{Cell, Chart, ChartKind, NumberFormat, Output, Sheet};
use crate::scenario::Sources;
use crate::scenario::overrides::Override;
use crate::whatif::levels::levels;
use crate::whatif::resolution::{Estimate, half_width, variance};
use crate::whatif::variant;
use serde::Serialize;
use std::fmt::Write;

/// Points of the spider chart across the swing, as fractions of it.
pub const SPIDER: [f64; 5] = [-1.0, -0.5, 0.0, 0.5, 1.0];
/// The index of the unswung point in [`SPIDER`].
const MIDDLE: usize = 2;
/// The first level's paths: the run's over this (at least
/// [`MIN_LEVEL_PATHS`]); each level has [`LEVEL_FACTOR`] times the paths of
/// the one before, up to the run's.
const FIRST_LEVEL_DIVISOR: u64 = 16;
const MIN_LEVEL_PATHS: u64 = 500;
const LEVEL_FACTOR: u64 = 4;
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
    /// The paths of its swings: fewer than the run's once its effect on
    /// every target is settled (see `resolution.rs`).
    pub paths: u64,
    /// The targets its swing can move (indices into
    /// [`Sensitivity::targets`]); the others keep the reference's
    /// probabilities (see `dependence.rs`).
    pub moves: Vec<usize>,
    /// Per target, the paired variance of the spread between the ends of
    /// the swing (`None` when the input cannot move it or an end is
    /// rejected).
    #[serde(skip)]
    spread_variance: Vec<Option<f64>>,
    /// Per target, the 95% half-width of the spread between the ends of
    /// the swing (0 when the input cannot move the target).
    pub spread_half_widths: Vec<f64>,
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
    /// Most paths per run (the base's; an input's swings stop adding
    /// paths once its ordering is clear).
    pub paths: u64,
    /// Paths simulated in all, over every level and swing.
    pub paths_simulated: u64,
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

/// Each of `targets`' probability on the reference scenario, on the paths
/// of `config`.
fn reference_probabilities(
    reference: &Sources,
    targets: &[String],
    config: &RunConfig,
    simulated: &mut u64,
) -> Result<Vec<f64>> {
    let keep = |id: &str| targets.iter().any(|t| t == id);
    let totals = variant::simulate_variant_of(reference, &[], config, "sensitivity", keep)?
        .ok_or_else(|| Error::Usage {
            flag: "sensitivity",
            message: "the scenario does not validate".into(),
        })?;
    *simulated += totals.paths;
    Ok(totals
        .hits
        .iter()
        .map(|&h| h as f64 / totals.paths as f64)
        .collect())
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

/// The reference's model, with only the target `only` when one is named.
fn analysed_model(reference: &Sources, only: Option<&str>) -> Result<Model> {
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
    Ok(model)
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
    let model = analysed_model(&reference, only)?;
    let targets: Vec<String> = model.targets.iter().map(|t| t.id.clone()).collect();
    let mut inputs: Vec<Input> = candidates(&model, swing)
        .into_iter()
        .map(|c| Input::new(&model, c))
        .collect();
    let levels = levels(
        config.paths,
        FIRST_LEVEL_DIVISOR,
        MIN_LEVEL_PATHS,
        LEVEL_FACTOR,
    );
    let mut open: Vec<usize> = (0..inputs.len()).collect();
    let mut base = Vec::new();
    let mut base_paths = 0;
    let mut paths_simulated = 0;
    for (level, &paths) in levels.iter().enumerate() {
        let at = RunConfig { paths, ..*config };
        base = reference_probabilities(&reference, &targets, &at, &mut paths_simulated)?;
        base_paths = paths;
        for (k, &i) in open.iter().enumerate() {
            status(&format!(
                "sensitivity: level {} of {}, {paths} paths a swing: input {} of {}, {}",
                level + 1,
                levels.len(),
                k + 1,
                open.len(),
                inputs[i].key
            ));
            let input = &mut inputs[i];
            let swung = swing_input(
                &reference,
                &targets,
                input,
                &base,
                &at,
                &mut paths_simulated,
            )?;
            input.probabilities = swung.probabilities;
            input.spread_variance = swung.spread_variance;
            input.paths = paths;
        }
        open = unsettled(&inputs, &open, targets.len());
        if open.is_empty() {
            break;
        }
    }
    // The reference itself is reported on every path of the run.
    if base_paths < config.paths {
        base = reference_probabilities(&reference, &targets, config, &mut paths_simulated)?;
    }
    for input in &mut inputs {
        input.spread_half_widths = (0..targets.len())
            .map(|t| input.effect(t).half_width)
            .collect();
        // A target the input cannot move shows the reference's final
        // probability at every point of its swing.
        for point in input.probabilities.iter_mut().flatten() {
            for (t, p) in point.iter_mut().enumerate() {
                if !input.moves.contains(&t) {
                    *p = base[t];
                }
            }
        }
    }
    Ok(Sensitivity {
        scenario: model.name.clone(),
        paths: config.paths,
        paths_simulated,
        seed: config.seed,
        swing,
        targets,
        base,
        inputs,
        rank_correlations: {
            status("sensitivity: rank correlations of the drawn inputs");
            rank_correlations(&model, config)?
        },
    })
}

/// The probabilities at each spider point of `input` on the paths of
/// `config` (`base` is the reference's run on them), and per target the
/// paired variance of the spread between the two ends of the swing. The
/// swung points run together on each path, so the spread's variance comes
/// from the paths on which exactly one end meets the target.
fn swing_input(
    reference: &Sources,
    targets: &[String],
    input: &Input,
    base: &[f64],
    config: &RunConfig,
    simulated: &mut u64,
) -> Result<Swung> {
    let ends = [0, SPIDER.len() - 1];
    let mut points = Vec::new();
    let mut models = Vec::new();
    for (p, &v) in input.values.iter().enumerate() {
        if p == MIDDLE {
            continue;
        }
        let set = variant::setting(&input.key, v, "sensitivity")?;
        if let Some(mut model) = variant::variant_model(reference, &[set], "sensitivity")? {
            model
                .targets
                .retain(|t| input.moves.iter().any(|&m| targets[m] == t.id));
            points.push(p);
            models.push(model);
        }
    }
    let mut probabilities: Vec<Option<Vec<f64>>> = vec![None; SPIDER.len()];
    probabilities[MIDDLE] = Some(base.to_vec());
    let mut spread_variance = vec![None; base.len()];
    if input.moves.is_empty() || models.is_empty() {
        for &p in &points {
            probabilities[p] = Some(base.to_vec());
        }
        return Ok(Swung {
            probabilities,
            spread_variance,
        });
    }
    let config = RunConfig {
        summary: crate::engine::Summary::Targets,
        ..*config
    };
    let totals = variant::simulate_together(&models, &config, &Default::default())?;
    *simulated += totals.paths * models.len() as u64;
    let n = totals.paths;
    for (s, &p) in points.iter().enumerate() {
        let mut at = base.to_vec();
        for (k, &t) in input.moves.iter().enumerate() {
            at[t] = totals.met[s][k] as f64 / n as f64;
        }
        probabilities[p] = Some(at);
    }
    // Both ends valid: the first model is the low end, the last the high.
    if points.first() == Some(&ends[0]) && points.last() == Some(&ends[1]) {
        let last = points.len() - 1;
        for (k, &t) in input.moves.iter().enumerate() {
            let (b, c) = (totals.only_base[last][k], totals.only_this[last][k]);
            spread_variance[t] = Some(paired_variance(b, c, n));
        }
    }
    Ok(Swung {
        probabilities,
        spread_variance,
    })
}

/// A swing's probabilities and the paired variances of its spreads.
struct Swung {
    probabilities: Vec<Option<Vec<f64>>>,
    spread_variance: Vec<Option<f64>>,
}

/// The variance of a difference of two probabilities estimated on the same
/// `n` paths, `b` of which meet only the first and `c` only the second:
/// the variance of the per-path difference over `n`, floored at `1 / n^2`
/// like [`variance`].
fn paired_variance(b: u64, c: u64, n: u64) -> f64 {
    let n = n as f64;
    let (b, c) = (b as f64 / n, c as f64 / n);
    ((b + c - (c - b) * (c - b)) / n).max(1.0 / (n * n))
}

/// The inputs among `open` whose effect on some target is not yet settled
/// (see `resolution.rs`) against every input's effect on it.
fn unsettled(inputs: &[Input], open: &[usize], targets: usize) -> Vec<usize> {
    let effects: Vec<Vec<Estimate>> = (0..targets)
        .map(|t| inputs.iter().map(|input| input.effect(t)).collect())
        .collect();
    open.iter()
        .copied()
        .filter(|&i| {
            (0..targets).any(|t| {
                let others = effects[t].iter().enumerate().filter(|&(j, _)| j != i);
                !effects[t][i].settled(others.map(|(_, e)| e))
            })
        })
        .collect()
}

impl Input {
    /// A candidate before any swing is simulated.
    fn new(model: &Model, c: Candidate) -> Self {
        Input {
            moves: crate::whatif::dependence::targets_moved_by(model, &c.key),
            values: SPIDER
                .iter()
                .map(|f| (c.value + f * c.step).clamp(c.min, c.max))
                .collect(),
            key: c.key,
            base: c.value,
            probabilities: Vec::new(),
            spread_variance: Vec::new(),
            spread_half_widths: Vec::new(),
            paths: 0,
        }
    }

    /// The probability of target `t` at spider point `p`: the middle
    /// point's where the scenario rejects the value.
    fn at(&self, p: usize, t: usize) -> f64 {
        self.probabilities[p]
            .as_ref()
            .or(self.probabilities[MIDDLE].as_ref())
            .map_or(f64::NAN, |v| v[t])
    }

    /// The spread of target `t`'s probability over the swing (the tornado
    /// bar), with its 95% half-width; exact when the input cannot move it.
    fn effect(&self, t: usize) -> Estimate {
        let (low, high) = (self.at(0, t), self.at(SPIDER.len() - 1, t));
        if !self.moves.contains(&t) {
            return Estimate::exact((high - low).abs());
        }
        let variances = match self.spread_variance.get(t).copied().flatten() {
            Some(paired) => vec![paired],
            None => vec![variance(low, self.paths), variance(high, self.paths)],
        };
        Estimate {
            value: (high - low).abs(),
            half_width: half_width(&variances),
        }
    }
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
    /// Target `t`'s probability at spider point `p` of input `i`, as the
    /// reference's probability plus the change from the input's middle
    /// point (an input settled on fewer paths than the reference has its
    /// own middle), within [0, 1]; `None` where the scenario rejects the
    /// value.
    pub fn from_base(&self, i: usize, p: usize, t: usize) -> Option<f64> {
        let input = &self.inputs[i];
        let change = input.probabilities[p].as_ref()?[t] - input.at(MIDDLE, t);
        Some((self.base[t] + change).clamp(0.0, 1.0))
    }

    /// Inputs ranked for target `t` by the spread of its probability over
    /// the swing, largest first.
    pub fn tornado(&self, t: usize) -> Vec<TornadoBar> {
        let mut rows: Vec<TornadoBar> = self
            .inputs
            .iter()
            .enumerate()
            .map(|(i, _)| TornadoBar {
                input: i,
                low: self.from_base(i, 0, t).unwrap_or(self.base[t]),
                high: self
                    .from_base(i, SPIDER.len() - 1, t)
                    .unwrap_or(self.base[t]),
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
            "sensitivity {}: {} inputs swung (means +-{} sd, others +-{:.0}%), up to {} paths a swing ({} in all), seed {}",
            self.scenario,
            self.inputs.len(),
            self.swing.sd,
            100.0 * self.swing.pct,
            crate::text::number(self.paths as f64),
            crate::text::number(self.paths_simulated as f64),
            self.seed
        );
        for (t, id) in self.targets.iter().enumerate() {
            let _ = writeln!(out, "\n{id}: P = {:.1}%", 100.0 * self.base[t]);
            let shown: Vec<TornadoBar> = self
                .tornado(t)
                .into_iter()
                .filter(|bar| self.inputs[bar.input].moves.contains(&t))
                .take(top)
                .collect();
            let width = shown
                .iter()
                .map(|bar| self.inputs[bar.input].key.len())
                .max()
                .unwrap_or(0);
            for TornadoBar {
                input: i,
                low,
                high,
            } in shown
            {
                let input = &self.inputs[i];
                let fewer = if input.paths < self.paths {
                    format!(", {} paths", crate::text::number(input.paths as f64))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "  {:<width$} {:>6} -> {:>6}  ({} pp +-{:.1}{fewer})  [{} .. {}]",
                    input.key,
                    crate::text::percent(low),
                    crate::text::percent(high),
                    crate::text::points(high - low),
                    100.0 * input.spread_half_widths[t],
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
            "paths".to_string(),
        ];
        columns.extend(self.targets.iter().cloned());
        let mut rows = Vec::new();
        for input in &self.inputs {
            for (p, fraction) in SPIDER.iter().enumerate() {
                let mut row: Vec<Cell> = vec![
                    input.key.as_str().into(),
                    (*fraction).into(),
                    input.values[p].into(),
                    (input.paths as f64).into(),
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
            NumberFormat::General,
        ];
        formats.extend(self.targets.iter().map(|_| NumberFormat::Probability));
        vec![
            Sheet::with_columns("sensitivity", columns, rows).formats(formats),
            self.tornado_sheet(),
        ]
    }
}
