//! `--format csv`: the result's main sheet, one row per line.

use super::{Exporter, Output};
use crate::error::{Error, Result};

/// CSV output.
pub struct CsvExporter;

impl Exporter for CsvExporter {
    fn export(&self, result: &dyn Output) -> Result<Vec<u8>> {
        let Some(sheet) = result.main_sheet() else {
            return Err(Error::Output(
                "this result has no rows to write as CSV".into(),
            ));
        };
        let fail = |e: csv::Error| Error::Output(format!("cannot write CSV: {e}"));
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&sheet.columns).map_err(fail)?;
        for row in &sheet.rows {
            w.write_record(row.iter().map(|c| c.text())).map_err(fail)?;
        }
        w.into_inner()
            .map_err(|e| Error::Output(format!("cannot write CSV: {e}")))
    }
}
