//! `--format table`: what a planner reads in a terminal.

use super::{Exporter, Output};
use crate::error::Result;

/// Terminal table output.
pub struct TableExporter;

impl Exporter for TableExporter {
    fn export(&self, result: &dyn Output) -> Result<Vec<u8>> {
        let table = result.table();
        let text = match result.table_width() {
            Some(width) => crate::text::fit_width(&table, width),
            None => table,
        };
        Ok(text.into_bytes())
    }
}
