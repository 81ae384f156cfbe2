//! An indicator's observations: its inline `history` plus the rows of the
//! scenario's observations file that its `series` names.

use super::raw::{RawHistoryValue, RawIndicator};
use crate::error::ScenarioError;
use crate::io::SourceFile;
use crate::model::{Observation, ObservationKind, Period, classify};
use crate::observed::history_file::SeriesObservation;
use toml::Spanned;

/// Collect and check the observations of one indicator, sorted by period
/// (a year's part before the full year).
pub fn observations(
    source: &SourceFile,
    raw: &RawIndicator,
    id: &str,
    target_year: i32,
    file: Option<(&SourceFile, &[SeriesObservation])>,
) -> Result<Vec<Observation>, ScenarioError> {
    let key = |k: &str| format!("indicator.{id}.{k}");
    let mut all: Vec<(Observation, String)> = Vec::new();
    if let Some(h) = &raw.history {
        for (period_key, value) in h.get_ref() {
            let field = key(&format!("history.{period_key}"));
            let bad = |m: String| source.invalid(h.span(), field.clone(), m);
            let period = Period::parse(period_key).map_err(&bad)?;
            if period.year > target_year || period.year < 1000 {
                return Err(bad(format!(
                    "year {} is after target_year ({target_year}) or not a year",
                    period.year
                )));
            }
            let observation = inline(period, value).map_err(&bad)?;
            all.push((observation, format!("{} {field}", source.path.display())));
        }
    }
    if let Some(series) = &raw.series {
        let name = series.get_ref();
        let Some((file, rows)) = file else {
            return Err(source.invalid(
                series.span(),
                key("series"),
                "`series` reads the observations file, but the scenario has no `[history] file`",
            ));
        };
        let mut found = false;
        for row in rows.iter().filter(|r| &r.series == name) {
            found = true;
            all.push((
                row.observation.clone(),
                format!("{}:{}", file.path.display(), row.line),
            ));
        }
        if !found {
            return Err(source.invalid(
                series.span(),
                key("series"),
                format!(
                    "no rows for series \"{name}\" in {} (its `indicator` column)",
                    file.path.display()
                ),
            ));
        }
    }
    all.sort_by_key(|(o, _)| (o.period.year, o.period.part.is_none()));
    for pair in all.windows(2) {
        if pair[0].0.period == pair[1].0.period {
            return Err(source.invalid(
                raw.id.span(),
                key("history"),
                format!(
                    "{} is observed twice: {} and {}",
                    pair[0].0.period, pair[0].1, pair[1].1
                ),
            ));
        }
    }
    Ok(all.into_iter().map(|(o, _)| o).collect())
}

/// An inline entry: a number is a full-year value; a table gives `value`
/// `at_least` or `at_most`, and for a part-year period optionally `growth`.
fn inline(period: Period, value: &RawHistoryValue) -> Result<Observation, String> {
    let finite = |x: f64, what: &str| {
        if x.is_finite() {
            Ok(x)
        } else {
            Err(format!("{what} must be a finite number, not {x}"))
        }
    };
    match value {
        RawHistoryValue::Value(v) => {
            let status = if period.part.is_some() {
                "partial"
            } else {
                "scenario"
            };
            Ok(Observation {
                period,
                value: finite(*v, "the value")?,
                kind: classify(status, &period)?,
                growth: None,
                status: status.to_string(),
                source: None,
            })
        }
        RawHistoryValue::Entry(e) => {
            let (value, default_status) = match (e.value, e.at_least, e.at_most) {
                (Some(v), None, None) => (
                    v,
                    if period.part.is_some() {
                        "partial"
                    } else {
                        "scenario"
                    },
                ),
                (None, Some(v), None) => (v, "lower_bound"),
                (None, None, Some(v)) => (v, "upper_bound"),
                _ => {
                    return Err("give exactly one of `value`, `at_least` and `at_most`".to_string());
                }
            };
            let status = e
                .status
                .clone()
                .unwrap_or_else(|| default_status.to_string());
            let kind = classify(&status, &period)?;
            if e.at_least.is_some() && kind != ObservationKind::LowerBound {
                return Err(format!(
                    "`at_least` is a lower bound; status \"{status}\" contradicts it"
                ));
            }
            if e.at_most.is_some() && kind != ObservationKind::UpperBound {
                return Err(format!(
                    "`at_most` is an upper bound; status \"{status}\" contradicts it"
                ));
            }
            if e.growth.is_some() && kind != ObservationKind::YearToDate {
                return Err("`growth` belongs to a part-year figure such as \"2025H1\"".to_string());
            }
            if let Some(g) = e.growth
                && !(g.is_finite() && g > -1.0)
            {
                return Err(format!("growth must be a ratio above -1, got {g}"));
            }
            Ok(Observation {
                period,
                value: finite(value, "the value")?,
                kind,
                growth: e.growth,
                status,
                source: e.source.clone(),
            })
        }
    }
}

/// The `[history] file` rows, parsed once per scenario.
pub fn file_rows(file: Option<&SourceFile>) -> Result<Vec<SeriesObservation>, ScenarioError> {
    match file {
        Some(f) => crate::observed::history_file::parse(f),
        None => Ok(Vec::new()),
    }
}

/// Check `[history] as_of` and `partial_growth_sd`.
pub fn settings(
    source: &SourceFile,
    raw: Option<&Spanned<super::raw::RawHistorySettings>>,
    base_year: i32,
    target_year: i32,
) -> Result<crate::model::HistorySettings, ScenarioError> {
    let mut settings = crate::model::HistorySettings::default();
    let Some(raw) = raw else {
        return Ok(settings);
    };
    let raw = raw.get_ref();
    if let Some(a) = &raw.as_of {
        let year = *a.get_ref();
        settings.as_of = Some(
            crate::observed::nowcast::check_as_of(year, base_year, target_year)
                .map_err(|m| source.invalid(a.span(), "history.as_of", m))?,
        );
    }
    if let Some(s) = &raw.partial_growth_sd {
        let sd = *s.get_ref();
        if !(sd.is_finite() && sd >= 0.0) {
            return Err(source.invalid(
                s.span(),
                "history.partial_growth_sd",
                format!("must be a number >= 0, got {sd}"),
            ));
        }
        settings.partial_growth_sd = Some(sd);
    }
    Ok(settings)
}
