//! Scenario files: read the TOML, validate it, produce a [`Model`].
//! The format is documented in `docs/scenario-format.md`.

mod dist;
pub mod extends;
pub mod overrides;
pub mod raw;
mod source;
mod validate;

use crate::error::ScenarioError;
use crate::model::Model;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub use source::SourceFile;

/// Load and validate a scenario file (and its targets file, if it names one).
pub fn load(path: &Path) -> Result<Model, ScenarioError> {
    Sources::read(path)?.model()
}

/// Load a scenario from text, as if read from `path` (used by tests and tools
/// that generate scenarios). A `targets = ...` file is resolved against `path`.
pub fn load_str(path: &Path, text: &str) -> Result<Model, ScenarioError> {
    if text.trim().is_empty() {
        return Err(ScenarioError::Empty {
            path: path.to_path_buf(),
        });
    }
    Sources::from_scenario(SourceFile {
        path: path.to_path_buf(),
        text: text.to_string(),
        merged_with: None,
    })?
    .model()
}

/// The texts a model is built from: the scenario file and the targets file
/// it names. Kept so that a run can be reproduced (and sharded runs merged)
/// without the files themselves.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The scenario file.
    pub scenario: SourceFile,
    /// The targets file named by `scenario.targets`, if any.
    pub targets: Option<SourceFile>,
}

/// The `targets` and `extends` keys of `[scenario]`, read before full validation.
#[derive(serde::Deserialize)]
struct TargetsKey {
    scenario: TargetsKeyHeader,
}

#[derive(serde::Deserialize)]
struct TargetsKeyHeader {
    targets: Option<toml::Spanned<String>>,
    extends: Option<toml::Spanned<String>>,
}

impl Sources {
    /// Read a scenario file (merged over the file it `extends`, if any)
    /// and the targets file it names.
    pub fn read(path: &Path) -> Result<Self, ScenarioError> {
        Self::from_scenario(read_extended(path, &mut Vec::new())?)
    }

    fn from_scenario(scenario: SourceFile) -> Result<Self, ScenarioError> {
        // A scenario that does not parse is reported by `model()` with the
        // full error; here only a readable `targets` key matters.
        let targets = match toml::from_str::<TargetsKey>(&scenario.text) {
            Ok(TargetsKey {
                scenario:
                    TargetsKeyHeader {
                        targets: Some(rel), ..
                    },
            }) => Some(read_targets(&scenario, &rel)?),
            _ => None,
        };
        Ok(Sources { scenario, targets })
    }

    /// Apply `--set` overrides to the texts (a `target.ID` key that is not in
    /// the scenario file edits the targets file). Errors name the override.
    pub fn apply_overrides(
        &mut self,
        list: &[overrides::Override],
    ) -> Result<(), crate::error::Error> {
        if list.is_empty() {
            return Ok(());
        }
        let bad = |o: &overrides::Override, message: String| crate::error::Error::Usage {
            flag: "--set",
            message: format!("{}: {message}", o.text),
        };
        // A file that does not parse is reported by `model()` in full.
        let Ok(mut scenario) = self.scenario.text.parse::<toml_edit::DocumentMut>() else {
            return Ok(());
        };
        let mut targets = match &self.targets {
            Some(t) => t.text.parse::<toml_edit::DocumentMut>().ok(),
            None => None,
        };
        for o in list {
            match &mut targets {
                Some(doc) if overrides::targets_file_key(&o.key, &scenario) => {
                    overrides::apply(doc, o, overrides::Target::Targets)
                }
                _ => overrides::apply(&mut scenario, o, overrides::Target::Scenario),
            }
            .map_err(|m| bad(o, m))?;
        }
        self.scenario.text = scenario.to_string();
        if let (Some(file), Some(doc)) = (&mut self.targets, targets) {
            file.text = doc.to_string();
        }
        Ok(())
    }

    /// Validate into a model.
    pub fn model(&self) -> Result<Model, ScenarioError> {
        let raw = self.scenario.parse::<raw::RawScenarioFile>()?;
        validate::validate(&self.scenario, raw, self.targets.as_ref())
    }

    /// SHA-256 of everything the model is built from (hex): two runs with
    /// the same hash simulate the same model.
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.scenario.text.as_bytes());
        if let Some(t) = &self.targets {
            h.update([0u8]);
            h.update(t.text.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Read `path`; if it `extends` another scenario, merge it over that one
/// (recursively). `chain` holds the files being read, to refuse cycles.
fn read_extended(path: &Path, chain: &mut Vec<PathBuf>) -> Result<SourceFile, ScenarioError> {
    let file = SourceFile::read(path)?;
    let Ok(TargetsKey {
        scenario: TargetsKeyHeader {
            extends: Some(rel),
            targets,
        },
    }) = toml::from_str::<TargetsKey>(&file.text)
    else {
        return Ok(file);
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let parent_path = dir.join(rel.get_ref());
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if chain.contains(&canonical) {
        return Err(file.invalid(
            rel.span(),
            "scenario.extends",
            "extends itself (a cycle of `extends`)",
        ));
    }
    chain.push(canonical);
    let parent = read_extended(&parent_path, chain).map_err(|e| match e {
        ScenarioError::Read { source: io, .. } => file.invalid(
            rel.span(),
            "scenario.extends",
            format!("cannot read {}: {io}", parent_path.display()),
        ),
        other => other,
    })?;
    // A child that does not parse is reported in full by `model()`.
    let (Ok(mut merged), Ok(child)) = (
        parent.text.parse::<toml_edit::DocumentMut>(),
        file.text.parse::<toml_edit::DocumentMut>(),
    ) else {
        return Ok(file);
    };
    extends::merge(&mut merged, &child);
    // The parent's targets file is named relative to the parent.
    if targets.is_none()
        && let Some(t) = merged
            .get_mut("scenario")
            .and_then(|s| s.get_mut("targets"))
        && let Some(rel) = t.as_str()
    {
        let from_parent = parent_path.parent().unwrap_or(Path::new("")).join(rel);
        let absolute = std::fs::canonicalize(&from_parent).unwrap_or(from_parent);
        *t = toml_edit::value(absolute.display().to_string());
    }
    Ok(SourceFile {
        path: path.to_path_buf(),
        text: merged.to_string(),
        merged_with: Some(parent.path.clone()),
    })
}

fn read_targets(
    scenario: &SourceFile,
    rel: &toml::Spanned<String>,
) -> Result<SourceFile, ScenarioError> {
    let dir = scenario.path.parent().unwrap_or(Path::new(""));
    let path: PathBuf = dir.join(rel.get_ref());
    SourceFile::read(&path).map_err(|e| match e {
        ScenarioError::Read { source: io, .. } => scenario.invalid(
            rel.span(),
            "scenario.targets",
            format!("cannot read targets file {}: {io}", path.display()),
        ),
        other => other,
    })
}
