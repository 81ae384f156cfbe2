//! Scenario files: read the TOML, validate it, produce a [`Model`].
//! The format is documented in `docs/scenario-format.md`.

mod dist;
pub mod raw;
mod source;
mod validate;

use crate::error::ScenarioError;
use crate::model::Model;
use std::path::Path;

pub use source::SourceFile;

/// Load and validate a scenario file (and its targets file, if it names one).
pub fn load(path: &Path) -> Result<Model, ScenarioError> {
    let source = SourceFile::read(path)?;
    let raw = source.parse::<raw::RawScenarioFile>()?;
    validate::validate(&source, raw)
}

/// Load a scenario from text, as if read from `path` (used by tests and tools
/// that generate scenarios). A `targets = ...` file is resolved against `path`.
pub fn load_str(path: &Path, text: &str) -> Result<Model, ScenarioError> {
    let source = SourceFile {
        path: path.to_path_buf(),
        text: text.to_string(),
    };
    if text.trim().is_empty() {
        return Err(ScenarioError::Empty {
            path: path.to_path_buf(),
        });
    }
    let raw = source.parse::<raw::RawScenarioFile>()?;
    validate::validate(&source, raw)
}
