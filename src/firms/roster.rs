//! The roster: named firms a planner knows, from a CSV with the columns
//! `name, sector, revenue` (base-year revenue in the firms' unit) and
//! optionally `source`. Lines starting with `#` are comments, so each
//! figure's provenance can sit beside it.

use crate::error::{Location, ScenarioError};
use crate::io::SourceFile;

/// One named firm.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterFirm {
    /// Name.
    pub name: String,
    /// Sector index.
    pub sector: usize,
    /// Base-year revenue.
    pub revenue: f64,
}

const REQUIRED: [&str; 3] = ["name", "sector", "revenue"];

/// Parse a roster; `sectors` are the scenario's sector ids. Errors name the
/// file, line and column.
pub fn parse(file: &SourceFile, sectors: &[String]) -> Result<Vec<RosterFirm>, ScenarioError> {
    let error = |line: usize, key: &str, message: String| ScenarioError::Invalid {
        location: Location {
            file: file.path.clone(),
            line: Some(line),
            key: key.to_string(),
            merged_with: None,
        },
        message,
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(file.text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| error(1, "", format!("cannot read the header row: {e}")))?
        .clone();
    // The header is the first line that is not a comment.
    let header_line = file
        .text
        .lines()
        .position(|l| !l.trim_start().starts_with('#'))
        .map_or(1, |k| k + 1);
    let column = |name: &str| headers.iter().position(|h| h == name);
    for name in REQUIRED {
        if column(name).is_none() {
            return Err(error(
                header_line,
                name,
                format!(
                    "missing column \"{name}\"; a roster needs {} (found: {})",
                    REQUIRED.join(", "),
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    let mut firms: Vec<RosterFirm> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            error(line, "", format!("malformed CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |name: &str| column(name).and_then(|k| record.get(k)).unwrap_or("");
        let name = field("name").to_string();
        if name.is_empty() {
            return Err(error(line, "name", "empty firm name".into()));
        }
        if firms.iter().any(|f| f.name == name) {
            return Err(error(line, "name", format!("\"{name}\" is listed twice")));
        }
        let sector = sectors
            .iter()
            .position(|s| s == field("sector"))
            .ok_or_else(|| {
                error(
                    line,
                    "sector",
                    format!(
                        "unknown sector \"{}\"; the scenario's sectors are {}",
                        field("sector"),
                        sectors.join(", ")
                    ),
                )
            })?;
        let text = field("revenue");
        let revenue: f64 = text
            .parse()
            .ok()
            .filter(|r: &f64| r.is_finite())
            .ok_or_else(|| error(line, "revenue", format!("\"{text}\" is not a number")))?;
        if revenue <= 0.0 {
            return Err(error(
                line,
                "revenue",
                format!("revenue must be positive, got {revenue}"),
            ));
        }
        firms.push(RosterFirm {
            name,
            sector,
            revenue,
        });
    }
    Ok(firms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(text: &str) -> Result<Vec<RosterFirm>, ScenarioError> {
        let file = SourceFile {
            path: "firms.csv".into(),
            text: text.into(),
            merged_with: None,
        };
        parse(&file, &["ngit".into(), "other".into()])
    }

    #[test]
    fn reads_firms_and_skips_comments() {
        let firms =
            roster("name,sector,revenue,source\n# assumption: why\nA,ngit,850,x\nB,other,12.5,y\n")
                .unwrap();
        assert_eq!(firms.len(), 2);
        assert_eq!(firms[1].sector, 1);
        assert_eq!(firms[1].revenue, 12.5);
    }

    #[test]
    fn errors_name_line_and_column() {
        let cases = [
            (
                "name,revenue\nA,3\n",
                "firms.csv:1: sector: missing column \"sector\"",
            ),
            (
                "name,sector,revenue\nA,ngit,-3\n",
                "firms.csv:2: revenue: revenue must be positive, got -3",
            ),
            (
                "name,sector,revenue\nA,ngit,3\nB,steel,4\n",
                "firms.csv:3: sector: unknown sector \"steel\"; the scenario's sectors are ngit, other",
            ),
            (
                "name,sector,revenue\nA,ngit,lots\n",
                "firms.csv:2: revenue: \"lots\" is not a number",
            ),
            (
                "name,sector,revenue\nA,ngit,3\nA,ngit,4\n",
                "firms.csv:3: name: \"A\" is listed twice",
            ),
        ];
        for (text, want) in cases {
            let got = roster(text).unwrap_err().to_string();
            assert!(got.starts_with(want), "{got}\nshould start with\n{want}");
        }
    }
}
