//! `--format json`: the whole [`Results`] as one pretty-printed object.

use super::Exporter;
use crate::results::Results;

/// JSON output.
pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn serialize(&self, results: &Results) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(results).expect("results serialise to JSON");
        out.push(b'\n');
        out
    }
}
