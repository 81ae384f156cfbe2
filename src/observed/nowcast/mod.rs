//! Nowcasting (`run --as-of YEAR`): rewrite a model so that each indicator
//! starts from its last full-year observation up to YEAR, and paths are
//! conditioned on what else was observed by then.
//!
//! - The simulation starts at the earliest of those years. An indicator
//!   observed later has its level pinned to the observations (and their
//!   geometric interpolation) until its own start.
//! - A lower bound, or a year-to-date total of a yearly flow without its
//!   growth, is a floor: paths below it are rejected and redrawn. An upper
//!   bound is a ceiling: paths above it are rejected and redrawn.
//! - A year-to-date figure with its growth on a year earlier sets that
//!   year's growth to that growth, with spread `partial_growth_sd`, through
//!   the indicator's copula normal (so correlations still hold); the year's
//!   shocks and parameter shift do not apply, since the figure already
//!   reflects them.
//!
//! When every indicator's last observation is the same year Y, the rewritten
//! model is exactly the scenario re-based at Y (same draws, same results).

pub mod summary;

use crate::distr::GrowthDist;
use crate::model::{Conditioning, IndicatorConditioning, IndicatorKind, Model};
use crate::model::{Observation, ObservationKind};

/// Spread of a year's growth around its year-to-date growth when the
/// scenario does not state one (`[history] partial_growth_sd`).
/// assumption: 0.02; in the Kunshan series full-year industrial growth
/// differed from first-half growth by 1-3 points.
pub const DEFAULT_PARTIAL_GROWTH_SD: f64 = 0.02;

/// A nowcast year must lie in `base_year ..= target_year`.
pub fn check_as_of(year: i64, base_year: i32, target_year: i32) -> Result<i32, String> {
    if year < i64::from(base_year) || year > i64::from(target_year) {
        Err(format!(
            "as-of year {year} is outside the scenario's years {base_year}..={target_year}"
        ))
    } else {
        Ok(year as i32)
    }
}

/// The model conditioned on observations up to `as_of`.
pub fn condition(model: &Model, as_of: i32) -> Result<Model, String> {
    check_as_of(i64::from(as_of), model.base_year, model.target_year)?;
    let spread = model
        .history
        .partial_growth_sd
        .unwrap_or(DEFAULT_PARTIAL_GROWTH_SD);
    let mut plans: Vec<IndicatorConditioning> = model
        .indicators
        .iter()
        .map(|ind| plan_indicator(model, ind, as_of))
        .collect();
    let first_target = model.targets.iter().map(|t| t.year).min();
    let start = plans
        .iter()
        .map(|p| p.start_year)
        .chain(first_target.map(|y| y - 1))
        .min()
        .unwrap_or(model.base_year);
    let mut out = model.clone();
    out.base_year = start;
    let shift = (start - model.base_year) as usize;
    for ((ind, plan), original) in out
        .indicators
        .iter_mut()
        .zip(plans.iter_mut())
        .zip(&model.indicators)
    {
        let known = known_points(original, model.base_year, plan);
        ind.base = interpolate(&known, start, ind.whole_numbers());
        plan.pins = known_years(start, plan.start_year)
            .map(|y| (y, interpolate(&known, y, ind.whole_numbers())))
            .collect();
        if let IndicatorKind::Growth { by_year, .. } = &mut ind.kind {
            by_year.drain(..shift);
            for &(year, g) in &plan.observed_growth {
                by_year[(year - start - 1) as usize] = GrowthDist::Normal {
                    mean: g,
                    sd: spread,
                };
            }
        }
    }
    for shock in &mut out.shocks {
        shock.active.drain(..shift);
    }
    out.conditioning = Some(Conditioning {
        as_of,
        scenario_base_year: model.base_year,
        partial_growth_sd: spread,
        indicators: plans,
    });
    Ok(out)
}

fn known_years(start: i32, own_start: i32) -> impl Iterator<Item = i32> {
    start + 1..=own_start
}

/// The indicator's full-year values from the scenario's base year to its start.
fn known_points(
    ind: &crate::model::Indicator,
    base_year: i32,
    plan: &IndicatorConditioning,
) -> Vec<(i32, f64)> {
    std::iter::once((base_year, ind.base))
        .chain(
            plan.used
                .iter()
                .filter(|o| o.is_exact() && o.year() > base_year && o.year() <= plan.start_year)
                .map(|o| (o.year(), o.value)),
        )
        .collect()
}

/// The value at `year` from known points: exact where known, geometric
/// interpolation between neighbours (linear if either is not positive),
/// rounded for counts. `year` lies within the points' range.
fn interpolate(known: &[(i32, f64)], year: i32, whole: bool) -> f64 {
    let after = known.iter().position(|&(y, _)| y >= year);
    let value = match after {
        Some(k) if known[k].0 == year => known[k].1,
        Some(k) if k > 0 => {
            let ((y0, v0), (y1, v1)) = (known[k - 1], known[k]);
            let w = f64::from(year - y0) / f64::from(y1 - y0);
            if v0 > 0.0 && v1 > 0.0 {
                v0 * (v1 / v0).powf(w)
            } else {
                v0 + (v1 - v0) * w
            }
        }
        _ => known.last().map_or(0.0, |&(_, v)| v),
    };
    if whole { value.round() } else { value }
}

/// Classify one indicator's observations up to `as_of`.
fn plan_indicator(
    model: &Model,
    ind: &crate::model::Indicator,
    as_of: i32,
) -> IndicatorConditioning {
    let base_year = model.base_year;
    let visible: Vec<&Observation> = ind
        .observations
        .iter()
        .filter(|o| o.year() > base_year && o.year() <= as_of)
        .collect();
    // A firm indicator starts from the base-year population, always.
    let last_exact = visible
        .iter()
        .filter(|o| o.is_exact() && o.period.part.is_none() && !ind.is_firm())
        .max_by_key(|o| o.year());
    let (start_year, start_value) =
        last_exact.map_or((base_year, ind.base), |o| (o.year(), o.value));
    let mut plan = IndicatorConditioning {
        start_year,
        start_value,
        ..Default::default()
    };
    // The latest year-to-date figure of each year is the one that counts.
    let latest_part = |o: &Observation| {
        !visible.iter().any(|p| {
            p.kind == ObservationKind::YearToDate
                && p.year() == o.year()
                && p.period.fraction() > o.period.fraction()
        })
    };
    for &o in &visible {
        let ignore = |plan: &mut IndicatorConditioning, why: &str| {
            plan.ignored.push((o.clone(), why.to_string()));
        };
        match o.kind {
            ObservationKind::Exact if ind.is_firm() => ignore(
                &mut plan,
                "a firm indicator starts from the base-year firm population; give it as a lower bound, or re-base the scenario",
            ),
            ObservationKind::Exact => plan.used.push(o.clone()),
            ObservationKind::Approximate => {
                ignore(&mut plan, "a round or descriptive figure, not a value")
            }
            _ if o.year() <= start_year => ignore(
                &mut plan,
                &format!("superseded by the full-year value of {start_year}"),
            ),
            ObservationKind::LowerBound => {
                plan.floors.push((o.year(), o.value));
                plan.used.push(o.clone());
            }
            ObservationKind::UpperBound => {
                plan.ceilings.push((o.year(), o.value));
                plan.used.push(o.clone());
            }
            ObservationKind::YearToDate if !latest_part(o) => {
                ignore(&mut plan, "a later part of the same year is observed")
            }
            ObservationKind::YearToDate if ind.whole_numbers() => ignore(
                &mut plan,
                "a count is a stock: a part-year count does not bound the year-end count",
            ),
            ObservationKind::YearToDate => {
                match o.growth {
                    Some(g) => plan.observed_growth.push((o.year(), g)),
                    // A year-to-date total of a yearly flow bounds the full year.
                    None => plan.floors.push((o.year(), o.value)),
                }
                plan.used.push(o.clone());
            }
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_is_geometric_between_points_and_exact_on_them() {
        let known = [(2016, 100.0), (2021, 200.0)];
        assert_eq!(interpolate(&known, 2016, false), 100.0);
        assert_eq!(interpolate(&known, 2021, false), 200.0);
        let mid = interpolate(&known, 2018, false);
        assert!((mid - 100.0 * 2f64.powf(0.4)).abs() < 1e-9);
        assert_eq!(interpolate(&[(2021, 10.0), (2023, 15.0)], 2022, true), 12.0);
    }
}
