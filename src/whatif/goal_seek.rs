//! `targetsim goal-seek`: the value of one parameter at which a target's
//! probability reaches a requested level. Every evaluation uses the same
//! paths (common random numbers), so the probability is a deterministic
//! step function of the parameter and bisection converges cleanly where it
//! is monotone. Where it may not be (a growth sd, a correlation), a range
//! whose ends do not straddle the goal is scanned, and the answer says
//! whether the probabilities it saw were monotone.

use crate::engine::RunConfig;
use crate::error::{Error, Result};
use crate::output::{Cell, NumberFormat, Output, Sheet};
use crate::scenario::Sources;
use crate::scenario::overrides::{self, Override};
use crate::whatif::variant;
use serde::Serialize;

/// Most evaluations before giving up.
const MAX_EVALUATIONS: usize = 80;

/// Interior points scanned when the ends of a `--range` do not straddle
/// the goal.
const SCAN_POINTS: usize = 15;

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
    /// Were the probabilities seen monotone in the parameter? When not,
    /// other values may reach the goal too.
    pub monotone: bool,
}

struct Problem<'a> {
    sources: &'a Sources,
    base_set: &'a [Override],
    param: &'a str,
    target: usize,
    config: &'a RunConfig,
    evaluations: usize,
    /// Every valid `(value, probability)` evaluated.
    seen: Vec<(f64, f64)>,
}

impl Problem<'_> {
    /// P(target) with the parameter at `x`; None when `x` is not a valid value.
    fn probability(&mut self, x: f64) -> Result<Option<f64>> {
        self.evaluations += 1;
        let mut set = self.base_set.to_vec();
        set.push(variant::setting(self.param, x, "--param")?);
        let totals = variant::simulate_variant(self.sources, &set, self.config, "--param")?;
        let p = totals.map(|t| t.hits[self.target] as f64 / t.paths as f64);
        if let Some(p) = p {
            self.seen.push((x, p));
        }
        Ok(p)
    }

    /// Were the probabilities seen monotone (either way) in the parameter?
    fn monotone(&self) -> bool {
        let mut seen = self.seen.clone();
        seen.sort_by(|a, b| a.0.total_cmp(&b.0));
        let steps: Vec<f64> = seen.windows(2).map(|w| w[1].1 - w[0].1).collect();
        steps.iter().all(|&d| d >= 0.0) || steps.iter().all(|&d| d <= 0.0)
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
    let mut reference = sources.clone();
    reference.apply_overrides(base_set)?;
    let model = reference.model()?;
    let target = target_index(&model, target_id)?;
    let current = current_value(&reference, param)?;
    let mut p = Problem {
        sources: &reference,
        base_set: &[],
        param,
        target,
        config,
        evaluations: 0,
        seen: Vec::new(),
    };
    let mut bracket = match range {
        Some((lo, hi)) => {
            let ends = Bracket::at_range(&mut p, lo, hi)?;
            if ends.straddles(goal) {
                ends
            } else {
                ends.scan(&mut p, goal)?
            }
        }
        None => expand(&mut p, current, goal)?,
    };
    if !bracket.straddles(goal) {
        return Err(usage(format!(
            "no value of {param} in [{}, {}] gives P({target_id}) = {goal}: it ranges from {:.4} to {:.4}{}",
            bracket.low(),
            bracket.high(),
            bracket.pa.min(bracket.pb),
            bracket.pa.max(bracket.pb),
            if range.is_none() {
                " over the values the scenario accepts"
            } else {
                " over its ends and 15 points between them"
            }
        )));
    }
    let tolerance = tolerance.unwrap_or(1e-4 * current.abs().max(1e-2));
    while bracket.width() > tolerance && p.evaluations < MAX_EVALUATIONS {
        bracket.bisect(&mut p, goal)?;
    }
    // The bracket straddles the goal: report the end that reaches it.
    let (value, achieved) = if bracket.pa >= goal {
        (bracket.a, bracket.pa)
    } else {
        (bracket.b, bracket.pb)
    };
    Ok(GoalSeek {
        scenario: model.name.clone(),
        target: target_id.to_string(),
        param: param.to_string(),
        probability: goal,
        value,
        achieved,
        bracket_width: bracket.width(),
        bracket: [bracket.low(), bracket.high()],
        simulations: p.evaluations,
        paths: config.paths,
        seed: config.seed,
        monotone: p.monotone(),
    })
}

/// An error of the goal seek's own (not of one of its flags).
fn usage(message: String) -> Error {
    Error::Usage {
        flag: "goal-seek",
        message,
    }
}

/// The index of target `target_id`, or an error listing the targets.
fn target_index(model: &crate::model::Model, target_id: &str) -> Result<usize> {
    model
        .targets
        .iter()
        .position(|t| t.id == target_id)
        .ok_or_else(|| {
            let ids: Vec<String> = model.targets.iter().map(|t| t.id.clone()).collect();
            let list = if ids.is_empty() {
                " (this scenario has none)".to_string()
            } else {
                crate::scenario::overrides::suggestion(target_id, &ids)
            };
            usage(format!("--target: no target \"{target_id}\"{list}"))
        })
}

/// The parameter's value in the scenario as written.
fn current_value(reference: &Sources, param: &str) -> Result<f64> {
    let mut doc: toml_edit::DocumentMut = reference
        .scenario
        .text
        .parse()
        .map_err(|e| usage(format!("{e}")))?;
    overrides::get_number(&mut doc, param).ok_or_else(|| {
        usage(format!(
            "--param: \"{param}\" is not a number in the scenario"
        ))
    })
}

/// Two values of the parameter, `a` and `b`, with their probabilities.
struct Bracket {
    a: f64,
    b: f64,
    pa: f64,
    pb: f64,
}

impl Bracket {
    /// The bracket of a `--range`, both ends simulated.
    fn at_range(p: &mut Problem, lo: f64, hi: f64) -> Result<Bracket> {
        let param = p.param;
        let invalid = |x: f64| usage(format!("--range: {param}={x} is not a valid value"));
        let pa = p.probability(lo)?.ok_or_else(|| invalid(lo))?;
        let pb = p.probability(hi)?.ok_or_else(|| invalid(hi))?;
        Ok(Bracket {
            a: lo,
            b: hi,
            pa,
            pb,
        })
    }

    /// The first part of the range, between evenly spaced interior points,
    /// whose ends straddle the goal; the whole range when none does (its
    /// ends then carry the lowest and highest probability seen).
    fn scan(self, p: &mut Problem, goal: f64) -> Result<Bracket> {
        let (lo, hi) = (self.a, self.b);
        let (mut x0, mut p0) = (lo, self.pa);
        for k in 1..=SCAN_POINTS + 1 {
            let x = lo + (hi - lo) * k as f64 / (SCAN_POINTS + 1) as f64;
            let px = if k == SCAN_POINTS + 1 {
                self.pb
            } else {
                match p.probability(x)? {
                    Some(px) => px,
                    None => continue,
                }
            };
            if (p0 - goal) * (px - goal) <= 0.0 {
                return Ok(Bracket {
                    a: x0,
                    b: x,
                    pa: p0,
                    pb: px,
                });
            }
            (x0, p0) = (x, px);
        }
        let lowest = p.seen.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
        let highest = p.seen.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
        Ok(Bracket {
            pa: lowest,
            pb: highest,
            ..self
        })
    }

    /// Do the two ends lie on either side of the goal (or on it)?
    fn straddles(&self, goal: f64) -> bool {
        (self.pa - goal) * (self.pb - goal) <= 0.0
    }

    fn low(&self) -> f64 {
        self.a.min(self.b)
    }

    fn high(&self) -> f64 {
        self.a.max(self.b)
    }

    fn width(&self) -> f64 {
        (self.b - self.a).abs()
    }

    /// Halve the bracket, keeping the half that straddles the goal.
    fn bisect(&mut self, p: &mut Problem, goal: f64) -> Result<()> {
        let m = (self.a + self.b) / 2.0;
        let param = p.param;
        let pm = p.probability(m)?.ok_or_else(|| {
            usage(format!(
                "{param}={m} inside the bracket is not a valid value"
            ))
        })?;
        if (self.pa - goal) * (pm - goal) <= 0.0 {
            (self.b, self.pb) = (m, pm);
        } else {
            (self.a, self.pa) = (m, pm);
        }
        Ok(())
    }
}

/// From the current value, step outwards (doubling) in the direction that
/// moves P toward the goal until the goal is bracketed or values turn invalid.
fn expand(p: &mut Problem, current: f64, goal: f64) -> Result<Bracket> {
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
                        Bracket {
                            a,
                            b: x,
                            pa,
                            pb: px,
                        }
                    } else {
                        Bracket {
                            a: x,
                            b: a,
                            pa: px,
                            pb: pa,
                        }
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
    Ok(Bracket {
        a: current,
        b: a,
        pa: p0,
        pb: pa,
    })
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
        ) + if self.monotone {
            ""
        } else {
            "  note: P was not monotone in the parameter over the values tried: other values may reach the goal too\n"
        }
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
            "monotone",
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
            self.monotone.into(),
        ];
        use NumberFormat::{General, Integer, Percent, Probability};
        let formats = vec![
            General,
            General,
            Percent,
            General,
            General,
            Probability,
            General,
            General,
            General,
            Integer,
        ];
        vec![Sheet::new("goal_seek", &columns, vec![row]).formats(formats)]
    }
}
