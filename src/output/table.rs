//! `--format table`: what a planner reads in a terminal.

use super::{Exporter, Output};
use crate::error::Result;

/// Terminal table output.
pub struct TableExporter;

impl Exporter for TableExporter {
    fn export(&self, result: &dyn Output) -> Result<Vec<u8>> {
        Ok(result.table().into_bytes())
    }
}
