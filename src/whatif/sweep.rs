//! `targetsim sweep`: each target's probability as one or two parameters
//! move over a grid, every variant on the same paths (common random numbers,
//! so the curves are smooth and monotone where the model is).

use crate::engine::RunConfig;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::output::{Cell, Chart, ChartKind, NumberFormat, Output, Sheet};
use crate::scenario::Sources;
use crate::scenario::overrides::Override;
use crate::whatif::levels::levels;
use crate::whatif::resolution::{Estimate, half_width, variance};
use serde::Serialize;
use std::fmt::Write;

/// Most grid points a sweep may have.
const MAX_POINTS: usize = 10_000;

/// `--param KEY=FROM:TO:STEP`.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// Scenario key, as for `--set`.
    pub key: String,
    /// Grid values, FROM to TO inclusive.
    pub values: Vec<f64>,
}

impl std::str::FromStr for Param {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let bad = || {
            format!(
                "expected KEY=FROM:TO:STEP (e.g. ngit_output.growth.mean=0.02:0.08:0.01), got \"{s}\""
            )
        };
        let (key, range) = s.split_once('=').ok_or_else(bad)?;
        let parts: Vec<f64> = range
            .split(':')
            .map(|p| p.trim().parse::<f64>())
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| bad())?;
        let [from, to, step] = parts[..] else {
            return Err(bad());
        };
        if !(from.is_finite() && to.is_finite() && step.is_finite())
            || step == 0.0
            || (to - from) * step < 0.0
        {
            return Err(format!(
                "{s}: STEP must be non-zero and lead from FROM to TO"
            ));
        }
        // Counted in floating point before any cast: a tiny STEP must not
        // saturate or wrap the count.
        let steps = ((to - from) / step + 1e-9).floor();
        if steps.is_nan() || steps >= MAX_POINTS as f64 {
            return Err(format!(
                "{s}: {} values; a parameter takes at most {MAX_POINTS}",
                crate::text::plain(steps + 1.0)
            ));
        }
        let count = steps as usize + 1;
        // Computed from the index, not by accumulating, so 0.1 steps stay clean.
        let values = (0..count)
            .map(|i| {
                let v = from + step * i as f64;
                (v * 1e12).round() / 1e12
            })
            .collect();
        Ok(Param {
            key: key.trim().to_string(),
            values,
        })
    }
}

/// One grid point.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// The parameter values, in `--param` order.
    pub values: Vec<f64>,
    /// Per target, in scenario order.
    pub probabilities: Vec<f64>,
    /// All targets met on the same path.
    pub all_targets_probability: f64,
}

/// A finished sweep.
#[derive(Debug, Clone, Serialize)]
pub struct Sweep {
    /// Scenario name.
    pub scenario: String,
    /// Paths per point (the same paths at every point).
    pub paths: u64,
    /// The most paths a point could have had: a sweep whose every point is
    /// told apart from its neighbours on fewer stops there.
    pub max_paths: u64,
    /// Seed (the same for every point).
    pub seed: u64,
    /// The parameters.
    pub params: Vec<Param>,
    /// Target ids, in scenario order.
    pub targets: Vec<String>,
    /// Grid points, the last parameter varying fastest.
    pub points: Vec<Point>,
}

/// The first level's paths: the run's over this (at least
/// [`MIN_LEVEL_PATHS`]); the next level is the run's own.
const FIRST_LEVEL_DIVISOR: u64 = 16;
const MIN_LEVEL_PATHS: u64 = 500;
const LEVEL_FACTOR: u64 = 16;

/// Simulate every grid point on the paths of `config`; `status` hears of
/// each point (counted from 1).
fn simulate_points(
    base: &Sources,
    base_set: &[Override],
    params: &[Param],
    grid: &[Vec<f64>],
    config: &RunConfig,
    status: &dyn Fn(usize),
) -> Result<Vec<Point>> {
    let mut points = Vec::with_capacity(grid.len());
    for (k, values) in grid.iter().enumerate() {
        status(k + 1);
        let mut set = base_set.to_vec();
        for (p, &v) in params.iter().zip(values) {
            set.push(crate::whatif::variant::setting(&p.key, v, "--param")?);
        }
        let totals =
            match crate::whatif::variant::simulate_variant(base, &set, config, "--param", None)? {
                Some(t) => t,
                // Report why the variant is invalid, with its own message.
                None => {
                    let mut s = base.clone();
                    s.apply_overrides(&set)?;
                    return Err(s.model().expect_err("the variant did not validate").into());
                }
            };
        let n = totals.paths as f64;
        points.push(Point {
            values: values.clone(),
            probabilities: totals.hits.iter().map(|&h| h as f64 / n).collect(),
            all_targets_probability: totals.all_met as f64 / n,
        });
    }
    Ok(points)
}

/// Per target, and then for all targets together: can the parameters
/// move its probability (see `dependence.rs`)? One they cannot move is
/// the same at every point.
fn moved_series(model: &Model, params: &[Param]) -> Vec<bool> {
    let mut moved = vec![false; model.targets.len()];
    for p in params {
        for t in crate::whatif::dependence::targets_moved_by(model, &p.key) {
            moved[t] = true;
        }
    }
    let any = moved.iter().any(|&m| m);
    moved.push(any);
    moved
}

/// Is every point's every probability (each target's and all targets')
/// settled against the points next to it on the grid (see
/// `resolution.rs`), on `n` paths? `shape` is the grid's size along each
/// parameter, the last varying fastest; `moved` says which series the
/// parameters can move at all.
fn ordering_is_clear(points: &[Point], shape: &[usize], moved: &[bool], n: u64) -> bool {
    let series = |pt: &Point| -> Vec<Estimate> {
        pt.probabilities
            .iter()
            .chain([&pt.all_targets_probability])
            .zip(moved)
            .map(|(&p, &moved)| match moved {
                true => Estimate {
                    value: p,
                    half_width: half_width(&[variance(p, n)]),
                },
                false => Estimate::exact(p),
            })
            .collect()
    };
    let estimates: Vec<Vec<Estimate>> = points.iter().map(series).collect();
    (0..points.len()).all(|k| {
        let near = neighbours(k, shape);
        (0..estimates[k].len())
            .all(|s| estimates[k][s].settled(near.iter().map(|&j| &estimates[j][s])))
    })
}

/// The grid points one step from point `k` along one parameter.
fn neighbours(k: usize, shape: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stride = 1;
    for &len in shape.iter().rev() {
        let at = (k / stride) % len;
        if at > 0 {
            out.push(k - stride);
        }
        if at + 1 < len {
            out.push(k + stride);
        }
        stride *= len;
    }
    out
}

/// Run the sweep: every point on the same paths, first on a sixteenth of
/// them; when every point is then told apart from its neighbours (or known
/// within a point), the sweep stops there, else it runs on all of them.
pub fn sweep(
    base: &Sources,
    base_set: &[Override],
    params: &[Param],
    config: &RunConfig,
    status: crate::whatif::goal_seek::Status,
) -> Result<(Sweep, Model)> {
    let mut reference = base.clone();
    reference.apply_overrides(base_set)?;
    let reference_model = reference.model()?;
    let mut grid: Vec<Vec<f64>> = vec![Vec::new()];
    for p in params {
        grid = grid
            .into_iter()
            .flat_map(|prefix| {
                p.values.iter().map(move |&v| {
                    let mut next = prefix.clone();
                    next.push(v);
                    next
                })
            })
            .collect();
    }
    if grid.len() > MAX_POINTS {
        return Err(Error::Usage {
            flag: "--param",
            message: format!("{} grid points; at most {MAX_POINTS}", grid.len()),
        });
    }
    let shape: Vec<usize> = params.iter().map(|p| p.values.len()).collect();
    let moved = moved_series(&reference_model, params);
    let levels = levels(
        config.paths,
        FIRST_LEVEL_DIVISOR,
        MIN_LEVEL_PATHS,
        LEVEL_FACTOR,
    );
    let mut points = Vec::new();
    let mut paths = 0;
    for (level, &n) in levels.iter().enumerate() {
        let at = RunConfig {
            paths: n,
            ..*config
        };
        points = simulate_points(base, base_set, params, &grid, &at, &|k| {
            status(&format!(
                "sweep: level {} of {}, point {k} of {}, {n} paths each",
                level + 1,
                levels.len(),
                grid.len(),
            ))
        })?;
        paths = n;
        if ordering_is_clear(&points, &shape, &moved, n) {
            break;
        }
    }
    Ok((
        Sweep {
            scenario: reference_model.name.clone(),
            paths,
            max_paths: config.paths,
            seed: config.seed,
            params: params.to_vec(),
            targets: reference_model
                .targets
                .iter()
                .map(|t| t.id.clone())
                .collect(),
            points,
        },
        reference_model,
    ))
}

impl Output for Sweep {
    fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "sweep {}: {} points, {} paths each{}, seed {} (the same paths at every point)\n",
            self.scenario,
            self.points.len(),
            self.paths,
            if self.paths < self.max_paths {
                " (every point told apart from its neighbours; --paths allowed more)"
            } else {
                ""
            },
            self.seed
        );
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut header: Vec<String> = self.params.iter().map(|p| p.key.clone()).collect();
        header.extend(self.targets.iter().cloned());
        header.push("all targets".into());
        rows.push(header);
        for p in &self.points {
            let mut row: Vec<String> = p.values.iter().map(|&v| crate::text::short(v)).collect();
            row.extend(p.probabilities.iter().map(|&q| crate::text::percent(q)));
            row.push(crate::text::percent(p.all_targets_probability));
            rows.push(row);
        }
        write_blocks(&mut out, &rows, self.params.len());
        out
    }

    fn sheets(&self) -> Vec<Sheet> {
        let columns = self
            .params
            .iter()
            .map(|p| p.key.clone())
            .chain(self.targets.iter().cloned())
            .chain(["all targets".to_string()])
            .collect();
        let rows = self
            .points
            .iter()
            .map(|point| {
                point
                    .values
                    .iter()
                    .chain(&point.probabilities)
                    .chain([&point.all_targets_probability])
                    .map(|&x| Cell::Number(x))
                    .collect()
            })
            .collect();
        let p = self.params.len();
        let mut formats = vec![NumberFormat::General; p];
        formats.extend(std::iter::repeat_n(
            NumberFormat::Probability,
            self.targets.len() + 1,
        ));
        let mut sheet = Sheet::with_columns("sweep", columns, rows).formats(formats);
        if p == 1 {
            sheet = sheet.chart(Chart {
                title: format!("Probability of each target over {}", self.params[0].key),
                title_zh: format!("各目标达成概率随{}的变化", self.params[0].key),
                kind: ChartKind::Lines,
                categories: 0,
                series: (p..p + self.targets.len() + 1).collect(),
                rows: 0..self.points.len(),
                values: NumberFormat::Probability,
            });
        }
        let mut sheets = vec![sheet];
        if p == 2 {
            sheets.push(self.grid());
        }
        sheets
    }
}

impl Sweep {
    /// For two parameters: the probability that all targets are met, the
    /// first parameter down and the second across, coloured like a map.
    fn grid(&self) -> Sheet {
        let (a, b) = (&self.params[0], &self.params[1]);
        let mut columns = vec![format!("{} \\ {}", a.key, b.key)];
        columns.extend(b.values.iter().map(|v| v.to_string()));
        let rows = a
            .values
            .iter()
            .map(|&x| {
                let mut row = vec![Cell::Number(x)];
                row.extend(b.values.iter().map(|&y| {
                    self.points
                        .iter()
                        .find(|pt| pt.values == [x, y])
                        .map_or(Cell::Empty, |pt| Cell::Number(pt.all_targets_probability))
                }));
                row
            })
            .collect();
        let mut formats = vec![NumberFormat::General];
        formats.extend(b.values.iter().map(|_| NumberFormat::Probability));
        Sheet::with_columns("sweep grid", columns, rows).formats(formats)
    }
}

/// Widest a table line may be: a terminal of 120 columns.
const TABLE_WIDTH: usize = 120;

/// Write `rows` right-aligned, the target columns in as many blocks as it
/// takes to keep each line within [`TABLE_WIDTH`]; every block repeats the
/// first `keys` columns (the parameters' values).
fn write_blocks(out: &mut String, rows: &[Vec<String>], keys: usize) {
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let key_width: usize = widths[..keys].iter().map(|w| w + 2).sum();
    let mut blocks: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = key_width;
    for (c, &width) in widths.iter().enumerate().skip(keys) {
        let last = blocks.len() - 1;
        if !blocks[last].is_empty() && used + width + 2 > TABLE_WIDTH {
            blocks.push(Vec::new());
            used = key_width;
        }
        let last = blocks.len() - 1;
        blocks[last].push(c);
        used += width + 2;
    }
    for (b, block) in blocks.iter().enumerate() {
        if b > 0 {
            out.push('\n');
        }
        for row in rows {
            let cells: Vec<String> = (0..keys)
                .chain(block.iter().copied())
                .map(|c| format!("{:>w$}", row[c], w = widths[c]))
                .collect();
            let _ = writeln!(out, "{}", cells.join("  "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_are_one_step_along_one_parameter() {
        assert_eq!(neighbours(0, &[3]), vec![1]);
        assert_eq!(neighbours(1, &[3]), vec![0, 2]);
        // A 2 x 3 grid, the second parameter fastest: point 4 is (1, 1).
        assert_eq!(neighbours(4, &[2, 3]), vec![3, 5, 1]);
        assert_eq!(neighbours(0, &[2, 3]), vec![1, 3]);
    }

    #[test]
    fn parses_grids() {
        let p: Param = "x.growth.mean=0.02:0.05:0.01".parse().unwrap();
        assert_eq!(p.values, vec![0.02, 0.03, 0.04, 0.05]);
        let down: Param = "x.base=10:4:-3".parse().unwrap();
        assert_eq!(down.values, vec![10.0, 7.0, 4.0]);
        for bad in [
            "x=1:2",
            "x=1:2:0",
            "x=1:2:-1",
            "x",
            "x=a:b:c",
            "x=0:1:0.00001",
        ] {
            assert!(bad.parse::<Param>().is_err(), "{bad}");
        }
    }
}
