//! `targetsim goal-seek`: the value of one parameter at which a target's
//! probability reaches a requested level.
//!
//! Every evaluation uses the same paths (common random numbers: path `i`
//! is the same path whatever the path count), so at a given path count the
//! probability is a deterministic step function of the parameter and
//! bisection converges cleanly where it is monotone. Where it may not be (a
//! growth sd, a correlation), a range whose ends do not straddle the goal
//! is scanned, and the answer says whether the probabilities it saw were
//! monotone.
//!
//! The search is adaptive: it starts on a sixty-fourth of the paths (at
//! least 1,000) and quadruples them level by level up to the run's path
//! count. At each level it bisects only while the probabilities at the
//! bracket's ends differ by more than that level's Monte Carlo resolution
//! (the width of a 95% interval of a probability at the goal); finer steps
//! would follow noise. On the next level the ends are simulated again;
//! should they no longer straddle the goal, the end past which it now lies
//! moves outward until they do (a fresh search at that level if it never
//! does). After each level the answer's 95% interval is the goal's
//! standard error over the slope of the probability across the bracket
//! (the delta method; the slope is measured on common paths, so it is far
//! less noisy than either end); the search stops at the first level whose
//! interval is within the tolerance, or at the run's path count.

use crate::engine::RunConfig;
use crate::error::{Error, Result};
use crate::output::{Cell, NumberFormat, Output, Sheet};
use crate::scenario::Sources;
use crate::scenario::overrides::{self, Override};
use crate::stats::wilson::Z95;
use crate::whatif::variant;
use serde::Serialize;

/// Most evaluations before giving up.
const MAX_EVALUATIONS: usize = 120;

/// Interior points scanned when the ends of a `--range` do not straddle
/// the goal.
const SCAN_POINTS: usize = 15;

/// The first level's paths: the run's path count over this (or
/// [`MIN_LEVEL_PATHS`], or the run's count when smaller).
const FIRST_LEVEL_DIVISOR: u64 = 64;
const MIN_LEVEL_PATHS: u64 = 1_000;
/// Each level has this many times the paths of the one before.
const LEVEL_FACTOR: u64 = 4;

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
    /// that reaches the requested probability, on the final paths.
    pub value: f64,
    /// The probability at `value`.
    pub achieved: f64,
    /// A 95% interval for the value at which the probability is exactly
    /// the goal (see the module's documentation); `None` when the
    /// probability did not change across the final bracket.
    pub interval: Option<[f64; 2]>,
    /// Width of the final bracket.
    pub bracket_width: f64,
    /// The final bracket `[low, high]` of parameter values.
    pub bracket: [f64; 2],
    /// Simulations run, at every level.
    pub simulations: usize,
    /// Paths of the final simulations: the first level whose interval is
    /// within the tolerance, or the run's path count.
    pub paths: u64,
    /// The half-width of the 95% interval asked for.
    pub tolerance: f64,
    /// Paths simulated in all, over every simulation.
    pub total_paths: u64,
    /// Seed of every simulation.
    pub seed: u64,
    /// Were the probabilities seen at each level monotone in the
    /// parameter? When not, other values may reach the goal too.
    pub monotone: bool,
}

/// Progress of a long search, in words (for a terminal's status line).
pub type Status<'a> = &'a dyn Fn(&str);

struct Problem<'a> {
    sources: &'a Sources,
    param: &'a str,
    target_id: &'a str,
    config: &'a RunConfig,
    /// Paths of the current level.
    paths: u64,
    evaluations: usize,
    total_paths: u64,
    /// Every valid `(paths, value, probability)` evaluated.
    seen: Vec<(u64, f64, f64)>,
    status: Status<'a>,
}

impl Problem<'_> {
    /// P(target) with the parameter at `x` on the current level's paths;
    /// None when `x` is not a valid value.
    fn probability(&mut self, x: f64) -> Result<Option<f64>> {
        if self.evaluations >= MAX_EVALUATIONS {
            return Err(usage(format!(
                "gave up after {MAX_EVALUATIONS} simulations without settling on a value of {}",
                self.param
            )));
        }
        self.evaluations += 1;
        self.total_paths += self.paths;
        (self.status)(&format!(
            "goal seek: simulation {}, {} = {}, {} of {} paths",
            self.evaluations,
            self.param,
            crate::text::short(x),
            self.paths,
            self.config.paths
        ));
        let set = [variant::setting(self.param, x, "--param")?];
        let config = RunConfig {
            paths: self.paths,
            ..*self.config
        };
        let totals = variant::simulate_variant(
            self.sources,
            &set,
            &config,
            "--param",
            Some(self.target_id),
        )?;
        let p = totals.map(|t| t.hits[0] as f64 / t.paths as f64);
        if let Some(p) = p {
            self.seen.push((self.paths, x, p));
        }
        Ok(p)
    }

    /// The width of a 95% interval of a probability at `goal` on the
    /// current level's paths: bisecting a bracket whose ends differ by
    /// less follows noise.
    fn resolution(&self, goal: f64) -> f64 {
        2.0 * Z95 * (goal * (1.0 - goal) / self.paths as f64).sqrt()
    }

    /// Were the probabilities seen at each level monotone (either way) in
    /// the parameter?
    fn monotone(&self) -> bool {
        let mut seen = self.seen.clone();
        seen.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        seen.chunk_by(|a, b| a.0 == b.0).all(|level| {
            let steps: Vec<f64> = level.windows(2).map(|w| w[1].2 - w[0].2).collect();
            steps.iter().all(|&d| d >= 0.0) || steps.iter().all(|&d| d <= 0.0)
        })
    }
}

/// The path count of every level, ascending, ending with `paths`.
fn levels(paths: u64) -> Vec<u64> {
    crate::whatif::levels::levels(paths, FIRST_LEVEL_DIVISOR, MIN_LEVEL_PATHS, LEVEL_FACTOR)
}

/// Find the value of `param` at which target `target_id` is met with
/// probability `goal`. `range` bounds the search; without it the search
/// expands from the current value until it brackets the goal or reaches
/// values the scenario rejects. `status` hears of every simulation.
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
    status: Status,
) -> Result<GoalSeek> {
    let mut reference = sources.clone();
    reference.apply_overrides(base_set)?;
    let model = reference.model()?;
    target_index(&model, target_id)?;
    let current = current_value(&reference, param)?;
    let levels = levels(config.paths);
    let mut p = Problem {
        sources: &reference,
        param,
        target_id,
        config,
        paths: levels[0],
        evaluations: 0,
        total_paths: 0,
        seen: Vec::new(),
        status,
    };
    let tolerance = tolerance.unwrap_or(default_tolerance(current));
    let mut bracket = search(&mut p, current, goal, range)?;
    for (k, &paths) in levels.iter().enumerate() {
        if k > 0 {
            p.paths = paths;
            bracket = bracket.again(&mut p)?;
            if !bracket.straddles(goal) {
                bracket = bracket.widen(&mut p, goal, range)?;
            }
            if !bracket.straddles(goal) {
                bracket = search(&mut p, current, goal, range)?;
            }
        }
        // Halving a bracket below a tenth of the tolerance, or whose ends
        // differ by less than the noise, tells nothing more.
        while bracket.width() > tolerance / 10.0
            && (bracket.pa - bracket.pb).abs() > p.resolution(goal)
        {
            bracket.bisect(&mut p, goal)?;
        }
        let precise = bracket
            .interval(goal, p.paths)
            .is_some_and(|[lo, hi]| (hi - lo) / 2.0 <= tolerance);
        if precise || bracket.width() <= tolerance / 10.0 {
            break;
        }
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
        interval: bracket.interval(goal, p.paths),
        bracket_width: bracket.width(),
        bracket: [bracket.low(), bracket.high()],
        simulations: p.evaluations,
        paths: p.paths,
        tolerance,
        total_paths: p.total_paths,
        seed: config.seed,
        monotone: p.monotone(),
    })
}

/// The interval's half-width asked for when `--tolerance` is not given:
/// 1% of the current value, at least 1e-4.
pub fn default_tolerance(current: f64) -> f64 {
    (0.01 * current.abs()).max(1e-4)
}

/// A bracket straddling the goal on the current level's paths, from a
/// `--range` (scanned when its ends do not straddle) or by expanding from
/// the current value; an error when none does.
fn search(p: &mut Problem, current: f64, goal: f64, range: Option<(f64, f64)>) -> Result<Bracket> {
    let bracket = match range {
        Some((lo, hi)) => {
            let ends = Bracket::at_range(p, lo, hi)?;
            if ends.straddles(goal) {
                ends
            } else {
                ends.scan(p, goal)?
            }
        }
        None => expand(p, current, goal)?,
    };
    if !bracket.straddles(goal) {
        return Err(usage(format!(
            "no value of {} in [{}, {}] gives P({}) = {goal}: it ranges from {:.4} to {:.4}{}",
            p.param,
            bracket.low(),
            bracket.high(),
            p.target_id,
            bracket.pa.min(bracket.pb),
            bracket.pa.max(bracket.pb),
            if range.is_none() {
                " over the values the scenario accepts"
            } else {
                " over its ends and 15 points between them"
            }
        )));
    }
    Ok(bracket)
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
    /// The bracket of two evaluated points `(x, P(x))`, in either order.
    fn between(u: (f64, f64), v: (f64, f64)) -> Bracket {
        let ((a, pa), (b, pb)) = if u.0 <= v.0 { (u, v) } else { (v, u) };
        Bracket { a, b, pa, pb }
    }

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
        let level = p.seen.iter().filter(|s| s.0 == p.paths);
        let lowest = level.clone().map(|s| s.2).fold(f64::INFINITY, f64::min);
        let highest = level.map(|s| s.2).fold(f64::NEG_INFINITY, f64::max);
        Ok(Bracket {
            pa: lowest,
            pb: highest,
            ..self
        })
    }

    /// The same ends simulated on the current level's paths.
    fn again(self, p: &mut Problem) -> Result<Bracket> {
        let param = p.param;
        let invalid = |x: f64| usage(format!("{param}={x} is not a valid value"));
        Ok(Bracket {
            pa: p.probability(self.a)?.ok_or_else(|| invalid(self.a))?,
            pb: p.probability(self.b)?.ok_or_else(|| invalid(self.b))?,
            ..self
        })
    }

    /// Move the end past which the goal now lies outward, by the
    /// bracket's width and doubling (see [`march`]; never beyond a
    /// `--range`), until two neighbouring points straddle the goal; the
    /// bracket unchanged when none does.
    fn widen(self, p: &mut Problem, goal: f64, range: Option<(f64, f64)>) -> Result<Bracket> {
        let rising = self.pb >= self.pa;
        // Both ends above the goal on a rising curve: the goal is below a.
        let (from, direction) = if (self.pa > goal) == rising {
            ((self.a, self.pa), -1.0)
        } else {
            ((self.b, self.pb), 1.0)
        };
        let limits = range.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
        let step = self.width().max(f64::MIN_POSITIVE);
        let pair = march(p, from, direction, step, goal, limits)?;
        Ok(if pair.straddles(goal) { pair } else { self })
    }

    /// A 95% interval for the root on `paths` paths: the goal's standard
    /// error over the slope across the bracket, around the point where the
    /// line through the ends meets the goal. `None` on a flat bracket.
    fn interval(&self, goal: f64, paths: u64) -> Option<[f64; 2]> {
        let slope = (self.pb - self.pa) / (self.b - self.a);
        if !(slope.is_finite() && slope != 0.0) {
            return None;
        }
        let root = self.a + (goal - self.pa) / slope;
        let half = Z95 * (goal * (1.0 - goal) / paths as f64).sqrt() / slope.abs();
        Some([root - half, root + half])
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
    let step = (current.abs() * 0.25).max(0.01);
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
    let unbounded = (f64::NEG_INFINITY, f64::INFINITY);
    let pair = march(p, (current, p0), direction, step, goal, unbounded)?;
    if pair.straddles(goal) {
        return Ok(pair);
    }
    // The whole way walked, for the error that no value reaches the goal.
    let far = if direction > 0.0 {
        (pair.b, pair.pb)
    } else {
        (pair.a, pair.pa)
    };
    Ok(Bracket::between((current, p0), far))
}

/// From `(x, P(x))`, step by `step` in `direction` (doubling the step
/// until a value turns invalid, then halving it to creep toward the edge
/// of the valid values; never beyond `limits`) until two neighbouring
/// points straddle the goal. Returns that pair, or the last pair walked
/// when none does.
fn march(
    p: &mut Problem,
    from: (f64, f64),
    direction: f64,
    mut step: f64,
    goal: f64,
    (lo, hi): (f64, f64),
) -> Result<Bracket> {
    let (mut x, mut px) = from;
    let mut pair = Bracket::between(from, from);
    let mut halvings = 0;
    for _ in 0..60 {
        let next = (x + direction * step).clamp(lo, hi);
        if next == x {
            break;
        }
        match p.probability(next)? {
            Some(p_next) => {
                pair = Bracket::between((x, px), (next, p_next));
                if pair.straddles(goal) {
                    break;
                }
                (x, px) = (next, p_next);
                if halvings == 0 {
                    step *= 2.0;
                }
            }
            None if halvings < 20 => {
                step /= 2.0;
                halvings += 1;
            }
            None => break,
        }
    }
    Ok(pair)
}

impl Output for GoalSeek {
    fn table(&self) -> String {
        use crate::text::{axis_number, number};
        // As many decimals as the interval (or the bracket) is precise to.
        let precision = self
            .interval
            .map_or(self.bracket_width, |[lo, hi]| hi - lo)
            .max(f64::MIN_POSITIVE);
        // A growth or a probability reads as a percent: 4.72%, not 0.0472.
        let rate = crate::text::is_rate(&self.param);
        let shown = |x: f64| {
            if rate {
                format!("{}%", axis_number(100.0 * x, 100.0 * precision))
            } else {
                axis_number(x, precision)
            }
        };
        let interval = match self.interval {
            Some([lo, hi]) => format!("95% interval [{}, {}]", shown(lo), shown(hi)),
            None => "no interval: P did not change across the final bracket".to_string(),
        };
        format!(
            "goal seek {}: P({}) = {} needs {} = {}\n  {interval}; achieved P = {} at that value (bracket [{}, {}])\n  {} simulations (the last on {} paths), {} paths in all, the same paths every time; seed {}\n",
            self.scenario,
            self.target,
            crate::text::percent(self.probability),
            self.param,
            shown(self.value),
            crate::text::percent(self.achieved),
            shown(self.bracket[0]),
            shown(self.bracket[1]),
            self.simulations,
            number(self.paths as f64),
            number(self.total_paths as f64),
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
            "interval_low",
            "interval_high",
            "bracket_low",
            "bracket_high",
            "simulations",
            "paths",
            "total_paths",
            "seed",
            "monotone",
        ];
        let [low, high] = self
            .interval
            .map_or([Cell::Empty, Cell::Empty], |[lo, hi]| {
                [lo.into(), hi.into()]
            });
        let row: Vec<Cell> = vec![
            self.scenario.as_str().into(),
            self.target.as_str().into(),
            self.probability.into(),
            self.param.as_str().into(),
            self.value.into(),
            self.achieved.into(),
            low,
            high,
            self.bracket[0].into(),
            self.bracket[1].into(),
            (self.simulations as u64).into(),
            self.paths.into(),
            self.total_paths.into(),
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
            General,
            General,
            Integer,
            Integer,
        ];
        vec![Sheet::new("goal_seek", &columns, vec![row]).formats(formats)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_quadruple_from_a_64th_up_to_the_paths() {
        assert_eq!(levels(100_000), [1_562, 6_250, 25_000, 100_000]);
        assert_eq!(levels(4_000), [1_000, 4_000]);
        assert_eq!(levels(500), [500]);
        assert_eq!(levels(1_000_000), [15_625, 62_500, 250_000, 1_000_000]);
    }

    #[test]
    fn the_interval_is_the_goals_error_over_the_slope() {
        let bracket = Bracket {
            a: 1.0,
            b: 2.0,
            pa: 0.7,
            pb: 0.9,
        };
        // The line through the ends meets 0.8 at 1.5; SE(0.8) on 10,000
        // paths is 0.004, over a slope of 0.2 a unit: +-1.96 * 0.02.
        let [lo, hi] = bracket.interval(0.8, 10_000).unwrap();
        assert!((lo - (1.5 - Z95 * 0.02)).abs() < 1e-12, "{lo}");
        assert!((hi - (1.5 + Z95 * 0.02)).abs() < 1e-12, "{hi}");
        let flat = Bracket { pb: 0.7, ..bracket };
        assert_eq!(flat.interval(0.8, 10_000), None);
    }
}
