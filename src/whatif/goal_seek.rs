//! `targetsim goal-seek`: the value of one parameter at which a target's
//! probability reaches a requested level. Every evaluation uses the same
//! paths (common random numbers), so the probability is a deterministic,
//! monotone step function of the parameter and bisection converges cleanly.

use crate::engine::RunConfig;
use crate::error::{Error, Result};
use crate::output::{Cell, Output, Sheet};
use crate::scenario::Sources;
use crate::scenario::overrides::{self, Override};
use crate::whatif::variant;
use serde::Serialize;

/// Most evaluations before giving up.
const MAX_EVALUATIONS: usize = 80;

/// The answer of a goal seek.
#[derive(Debug, Clone, Serialize)]
pub struct GoalSeek {
    /// Scenario name.
    pub scenario: String,
    /// Target id.
    pub target: String,
    /// Parameter key.
    pub param: String,
    /// Requested probability.
    pub probability: f64,
    /// The parameter value found: the end of the final bracket on the side
    /// that reaches the requested probability.
    pub value: f64,
    /// The probability at `value`.
    pub achieved: f64,
    /// Width of the final bracket (the tolerance reached).
    pub bracket_width: f64,
    /// The final bracket `[low, high]` of parameter values.
    pub bracket: [f64; 2],
    /// Simulations run.
    pub simulations: usize,
    /// Paths per simulation.
    pub paths: u64,
    /// Seed of every simulation.
    pub seed: u64,
}

struct Problem<'a> {
    sources: &'a Sources,
    base_set: &'a [Override],
    param: &'a str,
    target: usize,
    config: &'a RunConfig,
    evaluations: usize,
}

impl Problem<'_> {
    /// P(target) with the parameter at `x`; None when `x` is not a valid value.
    fn probability(&mut self, x: f64) -> Result<Option<f64>> {
        self.evaluations += 1;
        let mut set = self.base_set.to_vec();
        set.push(variant::setting(self.param, x, "--param")?);
        let totals = variant::simulate_variant(self.sources, &set, self.config, "--param")?;
        Ok(totals.map(|t| t.hits[self.target] as f64 / t.paths as f64))
    }
}

/// Find the value of `param` at which target `target_id` is met with
/// probability `goal`. `range` bounds the search; without it the search
/// expands from the current value until it brackets the goal or reaches
/// values the scenario rejects.
#[allow(clippy::too_many_arguments)]
pub fn goal_seek(
    sources: &Sources,
    base_set: &[Override],
    target_id: &str,
    goal: f64,
    param: &str,
    range: Option<(f64, f64)>,
    tolerance: Option<f64>,
    config: &RunConfig,
) -> Result<GoalSeek> {
    let usage = |message: String| Error::Usage {
        flag: "goal-seek",
        message,
    };
    let mut reference = sources.clone();
    reference.apply_overrides(base_set)?;
    let model = reference.model()?;
    let target = model
        .targets
        .iter()
        .position(|t| t.id == target_id)
        .ok_or_else(|| {
            let ids: Vec<&str> = model.targets.iter().map(|t| t.id.as_str()).collect();
            let list = if ids.is_empty() {
                "none in this scenario".to_string()
            } else {
                ids.join(", ")
            };
            usage(format!(
                "--target: no target \"{target_id}\"; targets: {list}"
            ))
        })?;
    let mut doc: toml_edit::DocumentMut = reference
        .scenario
        .text
        .parse()
        .map_err(|e| usage(format!("{e}")))?;
    let current = overrides::get_number(&mut doc, param).ok_or_else(|| {
        usage(format!(
            "--param: \"{param}\" is not a number in the scenario"
        ))
    })?;
    let mut p = Problem {
        sources: &reference,
        base_set: &[],
        param,
        target,
        config,
        evaluations: 0,
    };

    // Bracket [a, b] with P(a) and P(b) on either side of the goal.
    let (mut a, mut b, mut pa, mut pb) = match range {
        Some((lo, hi)) => {
            let pa = p
                .probability(lo)?
                .ok_or_else(|| usage(format!("--range: {param}={lo} is not a valid value")))?;
            let pb = p
                .probability(hi)?
                .ok_or_else(|| usage(format!("--range: {param}={hi} is not a valid value")))?;
            (lo, hi, pa, pb)
        }
        None => expand(&mut p, current, goal)?,
    };
    let straddles = |pa: f64, pb: f64| (pa - goal) * (pb - goal) <= 0.0;
    if !straddles(pa, pb) {
        let (lo, hi) = (a.min(b), a.max(b));
        return Err(usage(format!(
            "no value of {param} in [{lo}, {hi}] gives P({target_id}) = {goal}: it ranges from {:.4} to {:.4}{}",
            pa.min(pb),
            pa.max(pb),
            if range.is_none() {
                " over the values the scenario accepts"
            } else {
                ""
            }
        )));
    }
    let tolerance = tolerance.unwrap_or(1e-4 * current.abs().max(1e-2));
    while (b - a).abs() > tolerance && p.evaluations < MAX_EVALUATIONS {
        let m = (a + b) / 2.0;
        let pm = p.probability(m)?.ok_or_else(|| {
            usage(format!(
                "{param}={m} inside the bracket is not a valid value"
            ))
        })?;
        if straddles(pa, pm) {
            b = m;
            pb = pm;
        } else {
            a = m;
            pa = pm;
        }
    }
    // The bracket straddles the goal: report the end that reaches it.
    let (value, achieved) = if pa >= goal { (a, pa) } else { (b, pb) };
    let (lo, hi) = (a.min(b), a.max(b));
    Ok(GoalSeek {
        scenario: model.name.clone(),
        target: target_id.to_string(),
        param: param.to_string(),
        probability: goal,
        value,
        achieved,
        bracket_width: hi - lo,
        bracket: [lo, hi],
        simulations: p.evaluations,
        paths: config.paths,
        seed: config.seed,
    })
}

/// From the current value, step outwards (doubling) in the direction that
/// moves P toward the goal until the goal is bracketed or values turn invalid.
fn expand(p: &mut Problem, current: f64, goal: f64) -> Result<(f64, f64, f64, f64)> {
    let p0 = p.probability(current)?.ok_or_else(|| Error::Usage {
        flag: "--param",
        message: format!("the current value {current} is not valid"),
    })?;
    let mut step = (current.abs() * 0.25).max(0.01);
    // Which way raises P? Probe one step up.
    let up = p.probability(current + step)?;
    let raises = match up {
        Some(pu) if pu != p0 => pu > p0,
        _ => match p.probability(current - step)? {
            Some(pd) => pd < p0,
            None => true,
        },
    };
    let direction = if (goal > p0) == raises { 1.0 } else { -1.0 };
    let (mut a, mut pa) = (current, p0);
    let mut halvings = 0;
    for _ in 0..60 {
        let x = a + direction * step;
        match p.probability(x)? {
            Some(px) => {
                if (pa - goal) * (px - goal) <= 0.0 {
                    return Ok(if direction > 0.0 {
                        (a, x, pa, px)
                    } else {
                        (x, a, px, pa)
                    });
                }
                a = x;
                pa = px;
                if halvings == 0 {
                    step *= 2.0;
                }
            }
            // Past the valid range: creep toward its edge by halving.
            None if halvings < 20 => {
                step /= 2.0;
                halvings += 1;
            }
            None => break,
        }
    }
    Ok((current, a, p0, pa))
}

impl Output for GoalSeek {
    fn table(&self) -> String {
        format!(
            "goal seek {}: P({}) = {} needs {} = {}\n  achieved P = {:.4} at that value; bracket [{}, {}] (width {:.3e})\n  {} simulations of {} paths each, seed {} (the same paths every time)\n",
            self.scenario,
            self.target,
            self.probability,
            self.param,
            self.value,
            self.achieved,
            self.bracket[0],
            self.bracket[1],
            self.bracket_width,
            self.simulations,
            self.paths,
            self.seed
        )
    }

    fn sheets(&self) -> Vec<Sheet> {
        let columns = [
            "scenario",
            "target",
            "probability",
            "param",
            "value",
            "achieved",
            "bracket_low",
            "bracket_high",
            "simulations",
            "paths",
            "seed",
        ];
        let row: Vec<Cell> = vec![
            self.scenario.as_str().into(),
            self.target.as_str().into(),
            self.probability.into(),
            self.param.as_str().into(),
            self.value.into(),
            self.achieved.into(),
            self.bracket[0].into(),
            self.bracket[1].into(),
            (self.simulations as u64).into(),
            self.paths.into(),
            self.seed.into(),
        ];
        vec![Sheet::new("goal_seek", &columns, vec![row])]
    }
}
