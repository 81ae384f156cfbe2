//! Observations from a CSV file with the columns of
//! `seeds/kunshan-observations.csv`: `indicator, year, value, status, source`
//! (required) and `unit, note, growth` (optional). `year` may name part of a
//! year (`2025H1`); `growth` is a year-to-date figure's growth on a year
//! earlier, as a ratio (0.091 = +9.1%).

use crate::error::{Location, ScenarioError};
use crate::io::SourceFile;
use crate::model::{Observation, Period, classify};

/// One row: an observation of the series named in its `indicator` column.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesObservation {
    /// The `indicator` column: the series name a scenario links with `series`.
    pub series: String,
    /// The `unit` column, if present.
    pub unit: Option<String>,
    /// The observation.
    pub observation: Observation,
    /// 1-based line in the file.
    pub line: usize,
}

const REQUIRED: [&str; 5] = ["indicator", "year", "value", "status", "source"];

/// Parse an observations CSV. Errors name the file, line and column.
pub fn parse(file: &SourceFile) -> Result<Vec<SeriesObservation>, ScenarioError> {
    let error = |line: Option<usize>, key: &str, message: String| ScenarioError::Invalid {
        location: Location {
            file: file.path.clone(),
            line,
            key: key.to_string(),
            merged_with: None,
        },
        message,
    };
    // Flexible: free-text notes with unquoted commas are common in
    // hand-kept files (the shared Kunshan file has one); see below.
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(file.text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| error(Some(1), "", format!("cannot read the header row: {e}")))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    for name in REQUIRED {
        if column(name).is_none() {
            return Err(error(
                Some(1),
                name,
                format!(
                    "missing column \"{name}\"; an observations file needs {} (found: {})",
                    REQUIRED.join(", "),
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    let index = |name: &str| column(name).expect("checked above");
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            error(line, "", format!("malformed CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.len() > headers.len() && headers.iter().next_back() != Some("note") {
            return Err(error(
                Some(line),
                "",
                format!(
                    "{} fields but the header has {}; quote fields that contain commas",
                    record.len(),
                    headers.len()
                ),
            ));
        }
        let field = |name: &str| column(name).and_then(|k| record.get(k)).unwrap_or("");
        let bad = |name: &str, message: String| error(Some(line), name, message);
        let series = record.get(index("indicator")).unwrap_or("").to_string();
        if series.is_empty() {
            return Err(bad("indicator", "empty indicator name".into()));
        }
        let period = Period::parse(field("year")).map_err(|m| bad("year", m))?;
        let value: f64 = field("value")
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| bad("value", format!("\"{}\" is not a number", field("value"))))?;
        let status = field("status").to_string();
        let kind = classify(&status, &period).map_err(|m| bad("status", m))?;
        let growth = match field("growth") {
            "" => None,
            text => Some(
                text.parse::<f64>()
                    .ok()
                    .filter(|g| g.is_finite() && *g > -1.0)
                    .ok_or_else(|| {
                        bad(
                            "growth",
                            format!("\"{text}\" is not a growth ratio above -1 (0.091 = +9.1%)"),
                        )
                    })?,
            ),
        };
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        rows.push(SeriesObservation {
            series,
            unit: text(field("unit")),
            observation: Observation {
                period,
                value,
                kind,
                growth,
                status,
                source: text(field("source")),
            },
            line,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ObservationKind;
    use std::path::PathBuf;

    fn source(text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("obs.csv"),
            text: text.to_string(),
            merged_with: None,
        }
    }

    #[test]
    fn reads_every_kind_of_row() {
        let rows = parse(&source(
            "indicator,year,value,unit,status,source,note,growth\n\
             out,2023,11433,100m_yuan,official,review,,\n\
             out,2022,10000,100m_yuan,lower_bound,news,\"above 1 trillion, exact not found\",\n\
             out,2024H1,5530.79,100m_yuan,partial,media,,0.091\n",
        ))
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].observation.kind, ObservationKind::Exact);
        assert_eq!(rows[1].observation.kind, ObservationKind::LowerBound);
        assert_eq!(rows[2].observation.kind, ObservationKind::YearToDate);
        assert_eq!(rows[2].observation.growth, Some(0.091));
        assert_eq!(rows[2].line, 4);
    }

    #[test]
    fn errors_name_line_and_column() {
        let missing = parse(&source("indicator,year,value,status\nx,2020,1,official\n"));
        assert!(
            missing
                .unwrap_err()
                .to_string()
                .starts_with("obs.csv:1: source: missing column")
        );
        let bad = parse(&source(
            "indicator,year,value,status,source\nx,2020,1,official,a\nx,2021,lots,official,b\n",
        ));
        assert_eq!(
            bad.unwrap_err().to_string(),
            "obs.csv:3: value: \"lots\" is not a number"
        );
    }
}
