//! Observed values of indicators: full-year figures, lower bounds and
//! year-to-date figures, written inline (`history = { ... }`) or read from
//! a CSV shaped like `seeds/kunshan-observations.csv`.
//!
//! Each kind is kept as what it is. A lower bound ("above 10,000") is never
//! used as a value, and a year-to-date figure never as a full year.

use super::Period;
use crate::text::format_value;

/// What an observed figure says about the indicator's full-year value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObservationKind {
    /// The full-year value (statuses official, preliminary, estimate, survey).
    Exact,
    /// The full-year value is at least this (status `lower_bound`).
    LowerBound,
    /// The full-year value is at most this (status `upper_bound`).
    UpperBound,
    /// A total for part of the year (a period such as `2025H1`, status
    /// `partial`), optionally with its growth on the same part of the
    /// previous year.
    YearToDate,
    /// A round or descriptive figure ("a 7000-class cluster"; status
    /// `round_figure`): shown, never conditioned on or scored.
    Approximate,
}

/// One observed figure of one indicator.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Observation {
    /// The year, or the part of a year, it covers.
    pub period: Period,
    /// The figure.
    pub value: f64,
    /// How to read it.
    pub kind: ObservationKind,
    /// Growth on the same period of the previous year (0.091 = +9.1%),
    /// when published with a year-to-date figure.
    pub growth: Option<f64>,
    /// Status as written (`official`, `lower_bound`, ...).
    pub status: String,
    /// Where it was published.
    pub source: Option<String>,
}

impl Observation {
    /// Calendar year the figure belongs to.
    pub fn year(&self) -> i32 {
        self.period.year
    }

    /// A full-year value that can be used as one.
    pub fn is_exact(&self) -> bool {
        self.kind == ObservationKind::Exact
    }

    /// Short description for reports, e.g. `>= 3000 in 2023 (lower_bound)`.
    pub fn describe(&self) -> String {
        let value = format_value(self.value);
        match self.kind {
            ObservationKind::Exact => format!("{value} in {} ({})", self.period, self.status),
            ObservationKind::LowerBound => {
                format!(">= {value} in {} ({})", self.period, self.status)
            }
            ObservationKind::UpperBound => {
                format!("<= {value} in {} ({})", self.period, self.status)
            }
            ObservationKind::YearToDate => match self.growth {
                Some(g) => format!(
                    "{value} in {} ({:+.1}% on a year earlier; {})",
                    self.period,
                    g * 100.0,
                    self.status
                ),
                None => format!("{value} in {} ({})", self.period, self.status),
            },
            ObservationKind::Approximate => {
                format!("about {value} in {} ({})", self.period, self.status)
            }
        }
    }
}

/// Statuses that mean a full-year value, and how each other status is read.
pub const STATUSES: &[(&str, ObservationKind)] = &[
    ("official", ObservationKind::Exact),
    ("preliminary", ObservationKind::Exact),
    ("estimate", ObservationKind::Exact),
    ("survey", ObservationKind::Exact),
    ("scenario", ObservationKind::Exact),
    ("lower_bound", ObservationKind::LowerBound),
    ("upper_bound", ObservationKind::UpperBound),
    ("partial", ObservationKind::YearToDate),
    ("round_figure", ObservationKind::Approximate),
];

/// Classify a figure from its status and period. A part-year period is a
/// year-to-date figure whatever its status; `partial` needs one.
pub fn classify(status: &str, period: &Period) -> Result<ObservationKind, String> {
    let Some(&(_, kind)) = STATUSES.iter().find(|(s, _)| *s == status) else {
        let known: Vec<&str> = STATUSES.iter().map(|(s, _)| *s).collect();
        return Err(format!(
            "unknown status \"{status}\"; expected one of {}",
            known.join(", ")
        ));
    };
    match (period.part, kind) {
        (
            Some(_),
            ObservationKind::LowerBound
            | ObservationKind::UpperBound
            | ObservationKind::Approximate,
        ) => Err(format!(
            "a part-year figure ({period}) cannot have status \"{status}\""
        )),
        (Some(_), _) => Ok(ObservationKind::YearToDate),
        (None, ObservationKind::YearToDate) => Err(format!(
            "status \"partial\" needs a part-year period such as {}H1, not {period}",
            period.year
        )),
        (None, kind) => Ok(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::format_value;

    #[test]
    fn statuses_classify_as_documented() {
        let year = Period::parse("2023").unwrap();
        let half = Period::parse("2024H1").unwrap();
        assert_eq!(classify("official", &year), Ok(ObservationKind::Exact));
        assert_eq!(
            classify("lower_bound", &year),
            Ok(ObservationKind::LowerBound)
        );
        assert_eq!(classify("partial", &half), Ok(ObservationKind::YearToDate));
        assert_eq!(classify("official", &half), Ok(ObservationKind::YearToDate));
        assert!(classify("partial", &year).unwrap_err().contains("2023H1"));
        assert!(
            classify("guess", &year)
                .unwrap_err()
                .contains("unknown status")
        );
        assert!(classify("lower_bound", &half).is_err());
    }

    #[test]
    fn descriptions_keep_the_kind() {
        let o = Observation {
            period: Period::parse("2023").unwrap(),
            value: 3000.0,
            kind: ObservationKind::LowerBound,
            growth: None,
            status: "lower_bound".into(),
            source: None,
        };
        assert_eq!(o.describe(), ">= 3000 in 2023 (lower_bound)");
        assert_eq!(format_value(5530.79), "5530.79");
    }
}
