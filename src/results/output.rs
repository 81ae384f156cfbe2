//! A run's results through the output contract: the table, and one row per
//! indicator and year with the mean, sd and fan-chart percentiles.

use super::Results;
use crate::output::{Cell, Output, Sheet};

impl Output for Results {
    fn table(&self) -> String {
        super::table::table(self)
    }

    fn sheets(&self) -> Vec<Sheet> {
        vec![indicator_years(self)]
    }
}

/// Per indicator and year: mean, sd and the fan-chart percentiles.
fn indicator_years(results: &Results) -> Sheet {
    let columns = [
        "indicator",
        "unit",
        "year",
        "mean",
        "sd",
        "p5",
        "p10",
        "p25",
        "p50",
        "p75",
        "p90",
        "p95",
    ];
    let mut rows = Vec::new();
    for ind in &results.indicators {
        for y in &ind.years {
            let mut row: Vec<Cell> = vec![
                ind.id.clone().into(),
                ind.unit.clone().unwrap_or_default().into(),
                y.year.into(),
            ];
            let numbers = [y.mean, y.sd, y.p5, y.p10, y.p25, y.p50, y.p75, y.p90, y.p95];
            row.extend(numbers.map(Cell::Number));
            rows.push(row);
        }
    }
    Sheet::new("indicators", &columns, rows)
}
