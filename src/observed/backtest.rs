//! `targetsim backtest`: run a scenario as it was written (from its own base
//! year) and score it against what was observed later.
//!
//! - Each later full-year observation gets its percentile in the simulated
//!   distribution of its year (for counts the mid-percentile,
//!   `P(X < x) + P(X = x)/2`). A well-calibrated model scatters them evenly
//!   over 0-100%.
//! - Coverage: the share of observations inside the central 50% and 90%
//!   bands (expected: 50% and 90%).
//! - Threshold events: an observed lower bound ("above 3,000") is an event
//!   that happened; so is a target in an observed year, met or not. Each
//!   gets the Brier score `(p - outcome)^2` of the probability the model gave
//!   it (0 is perfect; always answering 50% scores 0.25).
//! - A part-year level of a count is shown against the year-ends around it
//!   ([`PartYearLevel`]), not scored.

use super::part_year_level::PartYearLevel;
use crate::engine::sketch::QuantileSketch;
use crate::engine::{Accumulator, RunConfig, Simulation};
use crate::model::Model;
use crate::model::{Observation, ObservationKind};
use crate::output::{NumberFormat, Output, Sheet};
use serde::Serialize;

/// One later observation placed in the simulated distribution.
#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    /// Indicator id.
    pub indicator: String,
    /// Year.
    pub year: i32,
    /// Observed value.
    pub value: f64,
    /// Its status.
    pub status: String,
    /// Percentile in the simulated distribution (0-1).
    pub percentile: f64,
    /// Inside the central 50% band?
    pub in_50: bool,
    /// Inside the central 90% band?
    pub in_90: bool,
}

/// A threshold event and the model's probability of it.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// Indicator id.
    pub indicator: String,
    /// Year.
    pub year: i32,
    /// The event, e.g. `>= 3000`.
    pub event: String,
    /// Its threshold.
    pub threshold: f64,
    /// Is it an observed lower bound (rather than a target)?
    pub lower_bound: bool,
    /// Is it an observed upper bound?
    pub upper_bound: bool,
    /// Where it comes from: a lower-bound observation or a target id.
    pub from: String,
    /// The model's probability of the event.
    pub probability: f64,
    /// Did it happen?
    pub happened: bool,
    /// `(probability - happened)^2`.
    pub brier: f64,
}

/// A later observation that could not be scored, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Unscored {
    /// Indicator id.
    pub indicator: String,
    /// The observation, described.
    pub observation: String,
    /// Why it is not scored.
    pub reason: String,
}

/// A whole backtest.
#[derive(Debug, Clone, Serialize)]
pub struct Backtest {
    /// Scenario name.
    pub scenario: String,
    /// The scenario's base year (the backtest's forecast origin).
    pub base_year: i32,
    /// Target year.
    pub target_year: i32,
    /// Paths simulated.
    pub paths: u64,
    /// Seed.
    pub seed: u64,
    /// The observations file scored against.
    pub observed: String,
    /// Full-year observations and their percentiles.
    pub scored: Vec<Scored>,
    /// Share of scored observations inside the central 50% band.
    pub coverage_50: Option<f64>,
    /// Share inside the central 90% band.
    pub coverage_90: Option<f64>,
    /// Kolmogorov-Smirnov test of the percentiles against uniform
    /// `(D, p)`, with at least 5 scored observations.
    pub uniformity: Option<(f64, f64)>,
    /// Threshold events.
    pub events: Vec<Event>,
    /// Mean Brier score of the events.
    pub brier: Option<f64>,
    /// Part-year levels of counts, against the year-ends around them.
    pub part_year_levels: Vec<PartYearLevel>,
    /// Later observations not scored.
    pub unscored: Vec<Unscored>,
}

/// The percentile of `x` in a sketch of `n` values: `P(X <= x)`, or for
/// whole numbers the mid-percentile `P(X < x) + P(X = x)/2`.
pub fn percentile(sketch: &QuantileSketch, x: f64, whole: bool) -> f64 {
    let n = sketch.count() as f64;
    if whole && x.fract() == 0.0 {
        (sketch.count_at_most(x) + sketch.count_at_most(x - 1.0)) / (2.0 * n)
    } else {
        sketch.count_at_most(x) / n
    }
}

/// `P(X >= x)` from a sketch.
fn at_least(sketch: &QuantileSketch, x: f64, whole: bool) -> f64 {
    let n = sketch.count() as f64;
    let below = if whole {
        sketch.count_at_most(x.ceil() - 1.0)
    } else {
        sketch.count_at_most(x)
    };
    1.0 - below / n
}

/// `P(X <= x)` from a sketch: the share of paths within an upper bound.
fn at_most(sketch: &QuantileSketch, x: f64, whole: bool) -> f64 {
    let n = sketch.count() as f64;
    let within = if whole {
        sketch.count_at_most(x.floor())
    } else {
        sketch.count_at_most(x)
    };
    within / n
}

/// An observed bound as an event that happened, with the model's odds of it.
fn bound_event(
    ind: &crate::model::Indicator,
    o: &Observation,
    sketch: &QuantileSketch,
    whole: bool,
) -> Event {
    let (op, p, from) = if o.kind == ObservationKind::UpperBound {
        (
            "<=",
            at_most(sketch, o.value, whole),
            "upper bound observed",
        )
    } else {
        (
            ">=",
            at_least(sketch, o.value, whole),
            "lower bound observed",
        )
    };
    event(ind, o, (op, o.value), from.into(), p, true)
}

impl Scored {
    /// An observed value and where it fell among the paths.
    fn new(ind: &crate::model::Indicator, o: &Observation, percentile: f64) -> Self {
        Scored {
            indicator: ind.id.clone(),
            year: o.year(),
            value: o.value,
            status: o.status.clone(),
            percentile,
            in_50: (0.25..=0.75).contains(&percentile),
            in_90: (0.05..=0.95).contains(&percentile),
        }
    }
}

impl Backtest {
    /// Score a finished simulation of `model` (run as written) against each
    /// indicator's observations after its base year.
    pub fn new(model: &Model, config: &RunConfig, sim: &Simulation, observed: &str) -> Self {
        let totals: &Accumulator = &sim.totals;
        let years = sim.plan.years;
        let mut scored = Vec::new();
        let mut events = Vec::new();
        let mut unscored = Vec::new();
        let mut part_year_levels = Vec::new();
        for (k, ind) in model.indicators.iter().enumerate() {
            let whole = ind.whole_numbers();
            let sketch =
                |year: i32| &totals.sketches[k * years + (year - model.base_year - 1) as usize];
            for o in &ind.observations {
                let skip = |why: &str| Unscored {
                    indicator: ind.id.clone(),
                    observation: o.describe(),
                    reason: why.to_string(),
                };
                if o.year() <= model.base_year {
                    // Known when the scenario was written: nothing to score.
                    continue;
                }
                if o.year() > model.target_year {
                    unscored.push(skip(
                        "after the scenario's target year, which it does not simulate",
                    ));
                    continue;
                }
                if whole && o.value < 0.0 {
                    unscored.push(skip("a negative count, which no path can have"));
                    continue;
                }
                match o.kind {
                    ObservationKind::Exact => {
                        let p = percentile(sketch(o.year()), o.value, whole);
                        scored.push(Scored::new(ind, o, p));
                    }
                    ObservationKind::LowerBound | ObservationKind::UpperBound => {
                        events.push(bound_event(ind, o, sketch(o.year()), whole));
                    }
                    ObservationKind::YearToDate if whole => {
                        let previous =
                            (o.year() - 1 > model.base_year).then(|| sketch(o.year() - 1));
                        let at =
                            PartYearLevel::new(&ind.id, o, previous, ind.base, sketch(o.year()));
                        part_year_levels.push(at);
                    }
                    ObservationKind::YearToDate => {
                        unscored.push(skip("a year-to-date figure, not the full year"))
                    }
                    ObservationKind::Approximate => {
                        unscored.push(skip("a round figure, not a value"))
                    }
                }
            }
        }
        for (t, &hits) in model.targets.iter().zip(&totals.hits) {
            let ind = &model.indicators[t.indicator];
            let Some(o) = ind
                .observations
                .iter()
                .find(|o| o.is_exact() && o.period.part.is_none() && o.year() == t.year)
            else {
                continue;
            };
            let p = hits as f64 / totals.paths as f64;
            let happened = t.op.holds(o.value, t.value);
            events.push(event(
                ind,
                o,
                (t.op.symbol(), t.value),
                format!("target {}", t.id),
                p,
                happened,
            ));
        }
        let n = scored.len() as f64;
        let share = |f: fn(&Scored) -> bool| {
            (!scored.is_empty()).then(|| scored.iter().filter(|s| f(s)).count() as f64 / n)
        };
        let uniformity = (scored.len() >= 5).then(|| {
            let p: Vec<f64> = scored.iter().map(|s| s.percentile).collect();
            crate::stats::ks::ks(&p, |x| x.clamp(0.0, 1.0))
        });
        Backtest {
            scenario: model.name.clone(),
            base_year: model.base_year,
            target_year: model.target_year,
            paths: totals.paths,
            seed: config.seed,
            observed: observed.to_string(),
            coverage_50: share(|s| s.in_50),
            coverage_90: share(|s| s.in_90),
            uniformity,
            brier: (!events.is_empty())
                .then(|| events.iter().map(|e| e.brier).sum::<f64>() / events.len() as f64),
            scored,
            events,
            part_year_levels,
            unscored,
        }
    }
}

fn event(
    ind: &crate::model::Indicator,
    o: &Observation,
    (op, threshold): (&str, f64),
    from: String,
    p: f64,
    happened: bool,
) -> Event {
    let outcome = if happened { 1.0 } else { 0.0 };
    Event {
        indicator: ind.id.clone(),
        year: o.year(),
        event: format!("{op} {}", crate::text::format_value(threshold)),
        threshold,
        lower_bound: o.kind == ObservationKind::LowerBound,
        upper_bound: o.kind == ObservationKind::UpperBound,
        from,
        probability: p,
        happened,
        brier: (p - outcome).powi(2),
    }
}

impl Output for Backtest {
    fn table(&self) -> String {
        use crate::text::percent as pct;
        let mut out = format!(
            "Backtest of {} as written (forecast from {}), {} paths, seed {}\nagainst {}\n\n",
            self.scenario,
            self.base_year,
            crate::text::number(self.paths as f64),
            self.seed,
            self.observed
        );
        if self.scored.is_empty() {
            out += "No full-year observation after the base year to place in the distribution.\n";
        } else {
            out += "Observed values in the simulated distribution of their year:\n";
            out += "  indicator                     year  observed  percentile  in 50% band  in 90% band\n";
            for s in &self.scored {
                out += &format!(
                    "  {:<28}  {}  {:>8}  {:>10}  {:>11}  {:>11}\n",
                    s.indicator,
                    s.year,
                    crate::text::format_value(s.value),
                    pct(s.percentile),
                    if s.in_50 { "yes" } else { "no" },
                    if s.in_90 { "yes" } else { "no" }
                );
            }
            out += &format!(
                "Coverage: {} inside the 50% band (expected 50%), {} inside the 90% band (expected 90%), of {} observation(s).\n",
                pct(self.coverage_50.unwrap_or(0.0)),
                pct(self.coverage_90.unwrap_or(0.0)),
                self.scored.len()
            );
            match self.uniformity {
                Some((d, p)) => {
                    out += &format!(
                        "Percentiles against uniform: Kolmogorov-Smirnov D = {d:.3}, p = {p:.2}.\n"
                    )
                }
                None => {
                    out += "Too few observations (under 5) to test whether the percentiles are uniform.\n"
                }
            }
        }
        if !self.events.is_empty() {
            out += "\nThreshold events:\n";
            for e in &self.events {
                out += &format!(
                    "  {} {} in {} ({}): model gave {}, {}; Brier {:.3}\n",
                    e.indicator,
                    e.event,
                    e.year,
                    e.from,
                    pct(e.probability),
                    if e.happened {
                        "it happened"
                    } else {
                        "it did not happen"
                    },
                    e.brier
                );
            }
            out += &format!(
                "Mean Brier score: {:.3} over {} event(s) (0 is perfect; always saying 50% scores 0.250).\n",
                self.brier.unwrap_or(0.0),
                self.events.len()
            );
        }
        if !self.part_year_levels.is_empty() {
            out += "\nPart-year levels of counts, against the year-ends around them (not scored: the model moves\ncounts once a year):\n";
            for level in &self.part_year_levels {
                out += &level.line();
            }
        }
        if !self.unscored.is_empty() {
            out += "\nNot scored:\n";
            for u in &self.unscored {
                out += &format!("  {}: {}: {}\n", u.indicator, u.observation, u.reason);
            }
        }
        out
    }

    fn sheets(&self) -> Vec<Sheet> {
        let scored = self
            .scored
            .iter()
            .map(|s| {
                vec![
                    s.indicator.as_str().into(),
                    s.year.into(),
                    s.value.into(),
                    s.status.as_str().into(),
                    s.percentile.into(),
                    s.in_50.into(),
                    s.in_90.into(),
                ]
            })
            .collect();
        let events = self
            .events
            .iter()
            .map(|e| {
                vec![
                    e.indicator.as_str().into(),
                    e.year.into(),
                    e.event.as_str().into(),
                    e.from.as_str().into(),
                    e.probability.into(),
                    e.happened.into(),
                    e.brier.into(),
                ]
            })
            .collect();
        vec![
            Sheet::new(
                "scored",
                &[
                    "indicator",
                    "year",
                    "value",
                    "status",
                    "percentile",
                    "in_50",
                    "in_90",
                ],
                scored,
            )
            .formats(vec![
                NumberFormat::General,
                NumberFormat::General,
                NumberFormat::Decimal,
                NumberFormat::General,
                NumberFormat::Percent,
            ]),
            Sheet::new(
                "events",
                &[
                    "indicator",
                    "year",
                    "event",
                    "from",
                    "probability",
                    "happened",
                    "brier",
                ],
                events,
            )
            .formats(vec![
                NumberFormat::General,
                NumberFormat::General,
                NumberFormat::General,
                NumberFormat::General,
                NumberFormat::Percent,
                NumberFormat::General,
                NumberFormat::Decimal,
            ]),
            part_year_sheet(&self.part_year_levels),
        ]
    }
}

/// The part-year levels of counts, with their percentiles among the
/// year-ends around them.
fn part_year_sheet(levels: &[PartYearLevel]) -> Sheet {
    let rows = levels
        .iter()
        .map(|l| {
            vec![
                l.indicator.as_str().into(),
                l.period.as_str().into(),
                l.value.into(),
                l.percentile_previous_end.into(),
                l.percentile_year_end.into(),
            ]
        })
        .collect();
    Sheet::new(
        "part_year_levels",
        &[
            "indicator",
            "period",
            "value",
            "percentile_previous_year_end",
            "percentile_year_end",
        ],
        rows,
    )
    .formats(vec![
        NumberFormat::General,
        NumberFormat::General,
        NumberFormat::Decimal,
        NumberFormat::Percent,
        NumberFormat::Percent,
    ])
}
