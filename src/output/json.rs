//! `--format json`: the whole result as one pretty-printed object.

use super::{Exporter, Output};
use crate::error::Result;

/// JSON output.
pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn export(&self, result: &dyn Output) -> Result<Vec<u8>> {
        result.json()
    }
}
