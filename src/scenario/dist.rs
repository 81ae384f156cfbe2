//! Validation of distribution tables (`{ dist = "...", ... }`).

use super::raw::RawDist;
use crate::distr::{CountDist, GrowthDist};
use crate::error::ScenarioError;
use crate::io::SourceFile;
use std::ops::Range;
use toml::Spanned;

/// Growth distributions and the keys each takes.
const GROWTH_KEYS: &[(&str, &[&str])] = &[
    ("normal", &["mean", "sd", "mean_sd"]),
    ("lognormal", &["mean", "sd", "mean_sd"]),
    ("student_t", &["mean", "sd", "df", "mean_sd"]),
    ("triangular", &["min", "mode", "max"]),
    ("pert", &["min", "mode", "max"]),
    ("uniform", &["min", "max"]),
    ("fixed", &["value"]),
];

/// Keys a distribution may leave out.
const OPTIONAL_KEYS: &[&str] = &["mean_sd"];

/// Count distributions and the keys each takes.
const COUNT_KEYS: &[(&str, &[&str])] = &[
    ("poisson", &["mean"]),
    ("negative_binomial", &["mean", "dispersion"]),
    ("fixed", &["value"]),
];

/// A distribution table being checked: its keys by name, plus where it is.
struct Checker<'a> {
    source: &'a SourceFile,
    span: Range<usize>,
    key: &'a str,
    raw: &'a RawDist,
}

impl Checker<'_> {
    fn error(&self, sub: &str, message: String) -> ScenarioError {
        let key = if sub.is_empty() {
            self.key.to_string()
        } else {
            format!("{}.{sub}", self.key)
        };
        self.source.invalid(self.span.clone(), key, message)
    }

    fn present(&self) -> Vec<(&'static str, f64)> {
        let r = self.raw;
        [
            ("mean", r.mean),
            ("sd", r.sd),
            ("df", r.df),
            ("min", r.min),
            ("mode", r.mode),
            ("max", r.max),
            ("value", r.value),
            ("dispersion", r.dispersion),
            ("mean_sd", r.mean_sd),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }

    /// Check the dist name and its key set; returns the canonical dist name.
    fn keys(
        &self,
        table: &'static [(&'static str, &'static [&'static str])],
        what: &str,
    ) -> Result<&'static str, ScenarioError> {
        let name = self.raw.dist.as_str();
        let Some(&(dist, allowed)) = table.iter().find(|(n, _)| *n == name) else {
            let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
            return Err(self.error(
                "dist",
                format!(
                    "unknown {what} distribution \"{name}\"; expected one of: {}",
                    names.join(", ")
                ),
            ));
        };
        let present = self.present();
        for (k, v) in &present {
            if !allowed.contains(k) {
                return Err(self.error(
                    k,
                    format!(
                        "dist \"{dist}\" does not take `{k}`; it takes {}",
                        allowed.join(", ")
                    ),
                ));
            }
            if !v.is_finite() {
                return Err(self.error(k, format!("must be a finite number, not {v}")));
            }
        }
        for k in allowed.iter().filter(|k| !OPTIONAL_KEYS.contains(k)) {
            if !present.iter().any(|(p, _)| p == k) {
                return Err(self.error(
                    "",
                    format!(
                        "dist \"{dist}\" needs `{k}` (it takes {})",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(dist)
    }

    fn get(&self, k: &str) -> f64 {
        self.present()
            .into_iter()
            .find(|(p, _)| *p == k)
            .map(|(_, v)| v)
            .unwrap_or(f64::NAN)
    }

    fn require(&self, ok: bool, k: &str, message: String) -> Result<(), ScenarioError> {
        if ok {
            Ok(())
        } else {
            Err(self.error(k, message))
        }
    }
}

/// Largest growth parameter (mean, sd, min, mode, max, value, mean_sd) in
/// absolute value: 10 is 1000% a year. Past it, levels overflow within a
/// few years and nothing a planner means is lost.
pub const MAX_GROWTH: f64 = 10.0;

/// Largest Student-t `df`: past a million the t is a normal to double
/// precision, and its inverse CDF (tabulated at validation) slows down.
pub const MAX_DF: f64 = 1e6;

/// A growth parameter this large (100% a year) is far more often a
/// percent written as a number (`mean = 5.5` for 5.5%) than meant; it
/// needs `extreme = true` in its table.
pub const PLAUSIBLE_GROWTH: f64 = 1.0;

/// Growth parameters are yearly fractions within [`MAX_GROWTH`]; `df` is
/// at most [`MAX_DF`].
fn growth_in_range(c: &Checker) -> Result<(), ScenarioError> {
    for (k, v) in c.present() {
        if k == "df" {
            c.require(
                v <= MAX_DF,
                "df",
                format!(
                    "df must be at most {MAX_DF:e} (past it, use dist = \"normal\"), got {}",
                    crate::text::plain(v)
                ),
            )?;
        } else {
            c.require(
                v.abs() <= MAX_GROWTH,
                k,
                format!(
                    "growth is a yearly fraction (0.05 = 5% a year) between -{MAX_GROWTH} and {MAX_GROWTH}, got {}",
                    crate::text::plain(v)
                ),
            )?;
        }
    }
    Ok(())
}

/// Growth parameters below [`PLAUSIBLE_GROWTH`] unless the table says
/// `extreme = true`. Checked after the distribution's own rules, so that a
/// negative sd is told it must be >= 0 rather than taken for a percent.
fn plausible(c: &Checker) -> Result<(), ScenarioError> {
    if c.raw.extreme == Some(true) {
        return Ok(());
    }
    for (k, v) in c.present() {
        if k != "df" && v.abs() >= PLAUSIBLE_GROWTH {
            let plain = crate::text::plain;
            return Err(c.error(
                k,
                format!(
                    "{} would be {}% a year: growth is a yearly fraction (0.05 = 5%). \
                     For {}% write {}; if {}% a year is meant, add `extreme = true` to this table",
                    plain(v),
                    plain(v * 100.0),
                    plain(v),
                    plain(v / 100.0),
                    plain(v * 100.0)
                ),
            ));
        }
    }
    Ok(())
}

/// Validate a growth distribution table found at `key`.
pub fn growth(
    source: &SourceFile,
    key: &str,
    spanned: &Spanned<RawDist>,
) -> Result<GrowthDist, ScenarioError> {
    let c = Checker {
        source,
        span: spanned.span(),
        key,
        raw: spanned.get_ref(),
    };
    let dist = c.keys(GROWTH_KEYS, "growth")?;
    growth_in_range(&c)?;
    let non_negative_sd = |c: &Checker| {
        let sd = c.get("sd");
        c.require(sd >= 0.0, "sd", format!("sd must be >= 0, got {sd}"))
    };
    let parsed = match dist {
        "normal" => {
            non_negative_sd(&c)?;
            GrowthDist::Normal {
                mean: c.get("mean"),
                sd: c.get("sd"),
            }
        }
        "lognormal" => {
            non_negative_sd(&c)?;
            let mean = c.get("mean");
            c.require(
                mean > -1.0,
                "mean",
                format!(
                    "a lognormal growth needs mean > -1 (a fall of less than 100%), got {mean}"
                ),
            )?;
            GrowthDist::lognormal(mean, c.get("sd"))
        }
        "student_t" => {
            non_negative_sd(&c)?;
            let df = c.get("df");
            c.require(
                df > 2.0,
                "df",
                format!("df must be > 2 for the sd to exist, got {df}"),
            )?;
            GrowthDist::student_t(c.get("mean"), c.get("sd"), df)
                .ok_or_else(|| c.error("df", format!("invalid degrees of freedom {df}")))?
        }
        "triangular" | "pert" => {
            let (min, mode, max) = (c.get("min"), c.get("mode"), c.get("max"));
            c.require(
                min <= mode,
                "mode",
                format!("min ({min}) must not exceed mode ({mode})"),
            )?;
            c.require(
                mode <= max,
                "max",
                format!("mode ({mode}) must not exceed max ({max})"),
            )?;
            c.require(
                min < max,
                "max",
                format!(
                    "min ({min}) must be below max ({max}); use dist = \"fixed\" for a constant"
                ),
            )?;
            if dist == "pert" {
                GrowthDist::pert(min, mode, max)
                    .ok_or_else(|| c.error("", "invalid PERT parameters".to_string()))?
            } else {
                GrowthDist::Triangular { min, mode, max }
            }
        }
        "uniform" => {
            let (min, max) = (c.get("min"), c.get("max"));
            c.require(
                min <= max,
                "max",
                format!("min ({min}) must not exceed max ({max})"),
            )?;
            GrowthDist::Uniform { min, max }
        }
        _ => GrowthDist::Fixed {
            value: c.get("value"),
        },
    };
    plausible(&c)?;
    Ok(parsed)
}

/// The `mean_sd` of a growth table (0 when absent): the standard error of
/// the distribution's mean, drawn once per path as parameter uncertainty.
/// Only the indicator's main `growth` may carry it (`whole_path`).
pub fn mean_sd(
    source: &SourceFile,
    key: &str,
    spanned: &Spanned<RawDist>,
    whole_path: bool,
) -> Result<f64, ScenarioError> {
    let c = Checker {
        source,
        span: spanned.span(),
        key,
        raw: spanned.get_ref(),
    };
    let Some(mean_sd) = spanned.get_ref().mean_sd else {
        return Ok(0.0);
    };
    c.require(
        whole_path,
        "mean_sd",
        "mean_sd is drawn once per path, so it belongs on the indicator's `growth`, not a single year's".into(),
    )?;
    c.require(
        mean_sd >= 0.0,
        "mean_sd",
        format!("mean_sd must be >= 0, got {mean_sd}"),
    )?;
    Ok(mean_sd)
}

/// Validate a count distribution table found at `key`.
pub fn count(
    source: &SourceFile,
    key: &str,
    spanned: &Spanned<RawDist>,
) -> Result<CountDist, ScenarioError> {
    let c = Checker {
        source,
        span: spanned.span(),
        key,
        raw: spanned.get_ref(),
    };
    let dist = c.keys(COUNT_KEYS, "count")?;
    c.require(
        c.raw.extreme.is_none(),
        "extreme",
        "`extreme` is for growth tables; counts take any mean up to 1e15".into(),
    )?;
    Ok(match dist {
        "poisson" | "negative_binomial" => {
            let mean = c.get("mean");
            c.require(
                mean >= 0.0,
                "mean",
                format!("mean must be >= 0, got {mean}"),
            )?;
            c.require(
                mean <= 1e15,
                "mean",
                format!("mean {mean} is too large for a yearly count"),
            )?;
            if dist == "poisson" {
                CountDist::Poisson { mean }
            } else {
                let dispersion = c.get("dispersion");
                c.require(
                    dispersion > 0.0,
                    "dispersion",
                    format!("dispersion must be > 0, got {dispersion}"),
                )?;
                CountDist::NegativeBinomial { mean, dispersion }
            }
        }
        _ => {
            let value = c.get("value");
            c.require(
                value >= 0.0 && value.fract() == 0.0,
                "value",
                format!("a fixed count must be a whole number >= 0, got {value}"),
            )?;
            CountDist::Fixed { value }
        }
    })
}
