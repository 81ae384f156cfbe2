//! `--format csv`: one of the result's sheets (its main one unless
//! `--sheet` names another), one row per line.

use super::{Exporter, Output};
use crate::error::{Error, Result};

/// CSV output.
#[derive(Default)]
pub struct CsvExporter {
    /// The sheet to write, by name (`--sheet`); the main sheet if `None`.
    pub sheet: Option<String>,
}

/// `targets met`, `targets-met` and `Targets_Met` name the same sheet.
fn same_name(a: &str, b: &str) -> bool {
    let plain = |s: &str| s.to_lowercase().replace(['-', '_'], " ");
    plain(a) == plain(b)
}

impl CsvExporter {
    fn sheet_of(&self, result: &dyn Output) -> Result<super::Sheet> {
        let Some(name) = &self.sheet else {
            return result
                .main_sheet()
                .ok_or_else(|| Error::Output("this result has no rows to write as CSV".into()));
        };
        let sheets = result.sheets();
        let names: Vec<&str> = sheets.iter().map(|s| s.name).collect();
        let known = names.join(", ");
        sheets
            .iter()
            .find(|s| same_name(s.name, name))
            .cloned()
            .ok_or_else(|| Error::Usage {
                flag: "--sheet",
                message: format!("this result has no sheet \"{name}\"; it has: {known}"),
            })
    }
}

impl Exporter for CsvExporter {
    fn export(&self, result: &dyn Output) -> Result<Vec<u8>> {
        let sheet = self.sheet_of(result)?;
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
