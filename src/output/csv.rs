//! `--format csv`: one row per indicator and year with the mean, sd and
//! fan-chart percentiles.

use super::Exporter;
use crate::results::Results;

/// CSV output.
pub struct CsvExporter;

impl Exporter for CsvExporter {
    fn serialize(&self, results: &Results) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = [
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
        // Writing to a Vec cannot fail.
        w.write_record(header).expect("write to memory");
        for ind in &results.indicators {
            for y in &ind.years {
                let nums = [y.mean, y.sd, y.p5, y.p10, y.p25, y.p50, y.p75, y.p90, y.p95];
                let mut row = vec![
                    ind.id.clone(),
                    ind.unit.clone().unwrap_or_default(),
                    y.year.to_string(),
                ];
                row.extend(nums.iter().map(|v| v.to_string()));
                w.write_record(&row).expect("write to memory");
            }
        }
        w.into_inner().expect("flush to memory")
    }
}
