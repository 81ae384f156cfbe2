//! `targetsim calibrate`: fit an indicator's growth distribution to its
//! observed history.
//!
//! The data are intervals of log growth: for a series of levels, each pair
//! of consecutive full-year values `(y0, v0), (y1, v1)` gives
//! `r = ln(v1/v0)` over `k = y1 - y0` years; for a series of growth rates
//! (unit `ratio`), each figure `g` gives `r = ln(1+g)` over one year. If
//! yearly log growth is `N(mu, s^2)`, an interval's `r` is `N(k mu, k s^2)`,
//! whose maximum-likelihood mean is `sum(r)/sum(k)`, with standard error
//! `s/sqrt(sum(k))`; `s^2` is estimated without bias as
//! `sum((r - k mu)^2 / k) / (n - 1)`. The standard error goes into the
//! fragment as `mean_sd`, so each path draws its own mean (parameter
//! uncertainty) instead of treating the estimate as exact.
//!
//! Lower bounds, year-to-date and round figures are never used as levels.

use crate::model::{Observation, ObservationKind};
use crate::observed::history_file::SeriesObservation;
use crate::output::{Output, Sheet};
use statrs::distribution::{Continuous, ContinuousCDF, Normal, StudentsT};

/// Which distribution to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fit {
    /// Log growth `ln(1+g)` normal (the default: growth compounds).
    Lognormal,
    /// Growth `g` normal.
    Normal,
    /// Growth `g` Student-t (location, scale and degrees of freedom by
    /// maximum likelihood over a grid of degrees of freedom).
    StudentT,
}

/// One interval of observed growth.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Interval {
    /// First year (the level's year, or the year before a growth figure's).
    pub from: i32,
    /// Last year.
    pub to: i32,
    /// Log growth over the interval.
    pub log_growth: f64,
}

impl Interval {
    fn years(&self) -> f64 {
        f64::from(self.to - self.from)
    }
}

/// A fitted growth distribution and what it was fitted on.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Calibration {
    /// The series name.
    pub series: String,
    /// The intervals used.
    pub intervals: Vec<Interval>,
    /// Which fit.
    pub fit: Fit,
    /// Mean of yearly log growth.
    pub log_mean: f64,
    /// Sd of yearly log growth.
    pub log_sd: f64,
    /// Was the sd given (`--sd`) rather than fitted?
    pub sd_given: bool,
    /// The scenario's parameters: mean and sd of `g`.
    pub mean: f64,
    /// Sd of `g`.
    pub sd: f64,
    /// Degrees of freedom (Student-t only).
    pub df: Option<f64>,
    /// Standard error of the mean, on the scale the distribution shifts
    /// (log growth for lognormal, `g` otherwise).
    pub mean_sd: f64,
    /// Kolmogorov-Smirnov statistic of the yearly figures against the fit,
    /// and its asymptotic p-value (`None` with fewer than 3 yearly figures
    /// or multi-year intervals).
    pub ks: Option<(f64, f64)>,
    /// Statuses of the observations used.
    pub statuses: Vec<String>,
    /// Observations of the series not used, with why.
    pub skipped: Vec<Skipped>,
    /// The command line that produced it, quoted in the fragment.
    #[serde(skip)]
    pub command: String,
}

/// An observation calibration did not use.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Skipped {
    /// The observation.
    pub observation: Observation,
    /// Why it was not used.
    pub reason: &'static str,
}

/// Degrees of freedom tried for the Student-t fit.
const DF_GRID: [f64; 12] = [
    2.5, 3.0, 4.0, 5.0, 7.0, 10.0, 15.0, 20.0, 30.0, 50.0, 100.0, 1000.0,
];

/// What a series yields for fitting: its growth intervals, the statuses of
/// the observations used, and the observations skipped with why.
type SeriesData = (Vec<Interval>, Vec<String>, Vec<Skipped>);

/// The growth intervals in a series, from `from` to `to` (inclusive years).
pub fn intervals(
    rows: &[SeriesObservation],
    series: &str,
    years: (Option<i32>, Option<i32>),
) -> Result<SeriesData, String> {
    let mine: Vec<&SeriesObservation> = rows.iter().filter(|r| r.series == series).collect();
    if mine.is_empty() {
        let mut names: Vec<&str> = rows.iter().map(|r| r.series.as_str()).collect();
        names.dedup();
        names.sort_unstable();
        names.dedup();
        return Err(format!(
            "no rows for \"{series}\"; the file has: {}",
            names.join(", ")
        ));
    }
    let in_range = |y: i32| years.0.is_none_or(|f| y >= f) && years.1.is_none_or(|t| y <= t);
    let ratio = mine.iter().all(|r| r.unit.as_deref() == Some("ratio"));
    let mut skipped = Vec::new();
    let mut used: Vec<&Observation> = Vec::new();
    for r in &mine {
        let o = &r.observation;
        let why = match o.kind {
            ObservationKind::Exact if in_range(o.year()) => None,
            ObservationKind::Exact => Some("outside --from/--to"),
            ObservationKind::LowerBound => Some("a lower bound, not a value"),
            ObservationKind::UpperBound => Some("an upper bound, not a value"),
            ObservationKind::YearToDate => Some("a year-to-date figure, not a full year"),
            ObservationKind::Approximate => Some("a round figure, not a value"),
        };
        match why {
            None => used.push(o),
            Some(reason) => skipped.push(Skipped {
                observation: o.clone(),
                reason,
            }),
        }
    }
    used.sort_by_key(|o| o.year());
    if let Some(pair) = used.windows(2).find(|w| w[0].year() == w[1].year()) {
        return Err(format!(
            "\"{series}\" has two full-year values for {} ({} and {}): keep one",
            pair[0].year(),
            crate::text::format_value(pair[0].value),
            crate::text::format_value(pair[1].value)
        ));
    }
    let statuses = {
        let mut s: Vec<String> = used.iter().map(|o| o.status.clone()).collect();
        s.sort();
        s.dedup();
        s
    };
    let intervals: Vec<Interval> = if ratio {
        used.iter()
            .map(|o| {
                if o.value <= -1.0 {
                    return Err(format!(
                        "growth {} in {} is a fall of 100% or more",
                        o.value,
                        o.year()
                    ));
                }
                Ok(Interval {
                    from: o.year() - 1,
                    to: o.year(),
                    log_growth: o.value.ln_1p(),
                })
            })
            .collect::<Result<_, _>>()?
    } else {
        if let Some(o) = used.iter().find(|o| o.value <= 0.0) {
            return Err(format!(
                "level {} in {} is not positive; growth needs positive levels",
                o.value,
                o.year()
            ));
        }
        used.windows(2)
            .map(|w| Interval {
                from: w[0].year(),
                to: w[1].year(),
                log_growth: (w[1].value / w[0].value).ln(),
            })
            .collect()
    };
    if intervals.is_empty() {
        return Err(format!(
            "\"{series}\" has {} usable full-year value(s); at least two levels (or one growth figure) are needed",
            used.len()
        ));
    }
    Ok((intervals, statuses, skipped))
}

/// Fit `fit` to a series. `sd` fixes the sd of yearly log growth (needed
/// when there is a single interval).
pub fn calibrate(
    rows: &[SeriesObservation],
    series: &str,
    fit: Fit,
    sd: Option<f64>,
    years: (Option<i32>, Option<i32>),
) -> Result<Calibration, String> {
    let (intervals, statuses, skipped) = intervals(rows, series, years)?;
    let n = intervals.len();
    let total_years: f64 = intervals.iter().map(Interval::years).sum();
    let log_mean = intervals.iter().map(|i| i.log_growth).sum::<f64>() / total_years;
    let log_sd = match sd {
        Some(s) => s,
        None if n < 2 => {
            return Err(format!(
                "one interval ({}-{}) gives a mean but no sd; pass --sd with an assumed sd of yearly log growth",
                intervals[0].from, intervals[0].to
            ));
        }
        None => (intervals
            .iter()
            .map(|i| (i.log_growth - i.years() * log_mean).powi(2) / i.years())
            .sum::<f64>()
            / (n - 1) as f64)
            .sqrt(),
    };
    let log_se = log_sd / total_years.sqrt();
    let yearly: Vec<f64> = intervals
        .iter()
        .filter(|i| i.to - i.from == 1)
        .map(|i| i.log_growth.exp_m1())
        .collect();
    let all_yearly = yearly.len() == n;
    // Moments of g under the lognormal fit.
    let ln_mean = (log_mean + log_sd * log_sd / 2.0).exp_m1();
    let ln_sd = (1.0 + ln_mean) * (log_sd * log_sd).exp_m1().sqrt();
    let mut c = Calibration {
        series: series.to_string(),
        intervals,
        fit,
        log_mean,
        log_sd,
        sd_given: sd.is_some(),
        mean: ln_mean,
        sd: ln_sd,
        df: None,
        mean_sd: log_se,
        ks: None,
        statuses,
        skipped,
        command: String::new(),
    };
    let finite = [log_mean, log_sd, c.mean, c.sd, c.mean_sd]
        .iter()
        .all(|x| x.is_finite())
        && yearly.iter().all(|g| g.is_finite());
    if !finite {
        return Err(format!(
            "the growth of \"{series}\" is not a finite number (levels from {} to {} overflow it); check the values",
            c.intervals.first().map_or(0, |i| i.from),
            c.intervals.last().map_or(0, |i| i.to),
        ));
    }
    let invalid = |e: statrs::distribution::NormalError| format!("cannot fit {series}: {e}");
    let enough = all_yearly && yearly.len() >= 3;
    match fit {
        Fit::Lognormal => {
            if enough {
                let normal =
                    Normal::new(log_mean, log_sd.max(f64::MIN_POSITIVE)).map_err(invalid)?;
                let logs: Vec<f64> = yearly.iter().map(|g| g.ln_1p()).collect();
                c.ks = Some(crate::stats::ks::ks(&logs, |x| normal.cdf(x)));
            }
        }
        Fit::Normal => {
            if all_yearly && sd.is_none() {
                let m = yearly.iter().sum::<f64>() / n as f64;
                let s =
                    (yearly.iter().map(|g| (g - m).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
                c.mean = m;
                c.sd = s;
                c.mean_sd = s / (n as f64).sqrt();
            } else {
                // Same moments as the lognormal fit; the delta method moves
                // the standard error from log growth to growth.
                c.mean_sd = log_se * (1.0 + ln_mean);
            }
            if enough {
                let normal = Normal::new(c.mean, c.sd.max(f64::MIN_POSITIVE)).map_err(invalid)?;
                c.ks = Some(crate::stats::ks::ks(&yearly, |x| normal.cdf(x)));
            }
        }
        Fit::StudentT => {
            if !all_yearly || yearly.len() < 3 {
                return Err(
                    "a Student-t fit needs at least 3 yearly figures and no multi-year gaps; use --fit lognormal".into(),
                );
            }
            let (loc, scale, df) = fit_student_t(&yearly);
            let t = StudentsT::new(loc, scale, df)
                .map_err(|e| format!("cannot fit a Student-t to {series}: {e}"))?;
            c.mean = loc;
            c.sd = scale * (df / (df - 2.0)).sqrt();
            c.df = Some(df);
            c.mean_sd = c.sd / (n as f64).sqrt();
            c.ks = Some(crate::stats::ks::ks(&yearly, |x| t.cdf(x)));
        }
    }
    Ok(c)
}

/// Maximum likelihood over [`DF_GRID`], location and scale by EM at each df.
fn fit_student_t(x: &[f64]) -> (f64, f64, f64) {
    let n = x.len() as f64;
    let mut best = (f64::NEG_INFINITY, 0.0, 0.0, 0.0);
    for &df in &DF_GRID {
        let mut loc = x.iter().sum::<f64>() / n;
        let mut var = (x.iter().map(|v| (v - loc).powi(2)).sum::<f64>() / n).max(1e-18);
        for _ in 0..500 {
            let w: Vec<f64> = x
                .iter()
                .map(|v| (df + 1.0) / (df + (v - loc).powi(2) / var))
                .collect();
            let sw: f64 = w.iter().sum();
            let new_loc = w.iter().zip(x).map(|(w, v)| w * v).sum::<f64>() / sw;
            let new_var = (w
                .iter()
                .zip(x)
                .map(|(w, v)| w * (v - new_loc).powi(2))
                .sum::<f64>()
                / n)
                .max(1e-18);
            let done = (new_loc - loc).abs() < 1e-14 && (new_var / var - 1.0).abs() < 1e-12;
            loc = new_loc;
            var = new_var;
            if done {
                break;
            }
        }
        let t = StudentsT::new(loc, var.sqrt(), df).expect("valid t");
        let ll: f64 = x.iter().map(|&v| t.ln_pdf(v)).sum();
        if ll > best.0 {
            best = (ll, loc, var.sqrt(), df);
        }
    }
    (best.1, best.2, best.3)
}

impl Calibration {
    /// The scenario fragment, with comments saying what it was fitted on.
    pub fn fragment(&self, command: &str) -> String {
        use crate::text::format_value;
        let pct = |g: f64| format!("{:+.1}%", g * 100.0);
        let mut out = format!("# Fitted by `{command}`\n");
        let first = self.intervals[0].from;
        let last = self.intervals[self.intervals.len() - 1].to;
        let yearly = self.intervals.iter().all(|i| i.to - i.from == 1);
        if yearly {
            let figures: Vec<String> = self
                .intervals
                .iter()
                .map(|i| pct(i.log_growth.exp_m1()))
                .collect();
            out += &format!(
                "# on {} yearly growth figures of {}, {}-{} ({}): {}.\n",
                self.intervals.len(),
                self.series,
                first + 1,
                last,
                self.statuses.join(", "),
                figures.join(", ")
            );
        } else {
            let spans: Vec<String> = self
                .intervals
                .iter()
                .map(|i| {
                    format!(
                        "{}-{} {} ({}/yr)",
                        i.from,
                        i.to,
                        pct(i.log_growth.exp_m1()),
                        pct((i.log_growth / i.years()).exp_m1())
                    )
                })
                .collect();
            out += &format!(
                "# on {} interval(s) of {} ({}): {}.\n",
                self.intervals.len(),
                self.series,
                self.statuses.join(", "),
                spans.join("; ")
            );
        }
        let sd_note = if self.sd_given {
            " (sd given with --sd, not fitted)"
        } else {
            ""
        };
        out += &format!(
            "# Yearly log growth: mean {:.4}, sd {:.4}{sd_note}; standard error of the mean {:.4}\n",
            self.log_mean,
            self.log_sd,
            self.log_sd
                / self
                    .intervals
                    .iter()
                    .map(Interval::years)
                    .sum::<f64>()
                    .sqrt()
        );
        out += &format!(
            "# ({} years of data). mean_sd carries it into the paths: each path draws its own mean.\n",
            format_value(self.intervals.iter().map(Interval::years).sum())
        );
        match self.ks {
            Some((d, p)) => {
                out += &format!(
                    "# Goodness of fit: Kolmogorov-Smirnov D = {d:.3}, p = {p:.2} on {} yearly figures. The parameters\n# were fitted to the same figures, so p is optimistic, and so few points cannot tell normal,\n# lognormal and Student-t apart: read this as \"not contradicted\", not as evidence for the shape.\n",
                    self.intervals.len()
                );
            }
            None => {
                out += "# Goodness of fit: not tested (fewer than 3 yearly figures, or multi-year intervals).\n";
            }
        }
        for skipped in &self.skipped {
            out += &format!(
                "# Not used: {}: {}.\n",
                skipped.observation.describe(),
                skipped.reason
            );
        }
        let line = match self.fit {
            Fit::Lognormal => format!(
                "growth = {{ dist = \"lognormal\", mean = {:.4}, sd = {:.4}, mean_sd = {:.4} }}\n",
                self.mean, self.sd, self.mean_sd
            ),
            Fit::Normal => format!(
                "growth = {{ dist = \"normal\", mean = {:.4}, sd = {:.4}, mean_sd = {:.4} }}\n",
                self.mean, self.sd, self.mean_sd
            ),
            Fit::StudentT => format!(
                "growth = {{ dist = \"student_t\", mean = {:.4}, sd = {:.4}, df = {}, mean_sd = {:.4} }}\n",
                self.mean,
                self.sd,
                self.df.unwrap_or(f64::NAN),
                self.mean_sd
            ),
        };
        out + &line
    }
}

impl Output for Calibration {
    /// TOML to paste into a scenario: its lines stay whole.
    fn table_width(&self) -> Option<usize> {
        None
    }

    /// The scenario fragment, with what it was fitted on.
    fn table(&self) -> String {
        self.fragment(&self.command)
    }

    /// One row per growth interval fitted on.
    fn sheets(&self) -> Vec<Sheet> {
        let rows = self
            .intervals
            .iter()
            .map(|i| vec![i.from.into(), i.to.into(), i.log_growth.into()])
            .collect();
        vec![Sheet::new("intervals", &["from", "to", "log_growth"], rows)]
    }
}
