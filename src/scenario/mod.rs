//! Scenario files: read the TOML, validate it, produce a [`Model`].
//! The format is documented in `docs/scenario-format.md`.

mod dist;
pub(crate) mod extends;
mod firms;
mod history;
pub mod overrides;
pub(crate) mod raw;
mod validate;

use crate::error::ScenarioError;
use crate::model::Model;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub use crate::io::SourceFile;

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
    Sources::from_file(SourceFile {
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
    /// The observations file named by `history.file`, if any.
    pub history: Option<SourceFile>,
    /// The roster named by `firms.roster`, if any.
    pub roster: Option<SourceFile>,
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

/// The data files a scenario names (`[history] file`, `[firms] roster`),
/// read before full validation.
#[derive(serde::Deserialize)]
struct FileKeys {
    history: Option<HistoryKeys>,
    firms: Option<FirmsKeys>,
}

#[derive(serde::Deserialize)]
struct HistoryKeys {
    file: Option<toml::Spanned<String>>,
}

#[derive(serde::Deserialize)]
struct FirmsKeys {
    roster: Option<toml::Spanned<String>>,
}

impl Sources {
    /// Read a scenario file (merged over the file it `extends`, if any)
    /// and the targets file it names.
    pub fn read(path: &Path) -> Result<Self, ScenarioError> {
        Self::from_file(read_extended(path, &mut Vec::new())?)
    }

    /// The sources of a scenario given as text (its `targets`, history and
    /// roster files are read relative to its path; `extends` is not
    /// followed).
    pub fn from_file(scenario: SourceFile) -> Result<Self, ScenarioError> {
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
        let (scenario, targets) = amend_file_targets(scenario, targets);
        let (mut history, mut roster) = (None, None);
        if let Ok(keys) = toml::from_str::<FileKeys>(&scenario.text) {
            if let Some(rel) = keys.history.and_then(|h| h.file) {
                history = Some(read_named(
                    &scenario,
                    &rel,
                    "history.file",
                    "observations file",
                )?);
            }
            if let Some(rel) = keys.firms.and_then(|f| f.roster) {
                roster = Some(read_named(&scenario, &rel, "firms.roster", "roster")?);
            }
        }
        Ok(Sources {
            scenario,
            targets,
            history,
            roster,
        })
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

    /// Validate into a model; a scenario with `[history] as_of` (or one
    /// given `--as-of`) becomes its nowcast (see [`crate::observed::nowcast`]).
    pub fn model(&self) -> Result<Model, ScenarioError> {
        let model = self.model_as_written()?;
        match model.history.as_of {
            None => Ok(model),
            Some(as_of) => crate::observed::nowcast::condition(&model, as_of).map_err(|message| {
                ScenarioError::Invalid {
                    location: crate::error::Location {
                        file: self.scenario.path.clone(),
                        line: None,
                        key: "history.as_of".into(),
                        merged_with: self.scenario.merged_with.clone(),
                    },
                    message,
                }
            }),
        }
    }

    /// Validate into a model, ignoring `as_of`: the scenario from its own
    /// base year, as it was written (for backtests).
    pub fn model_as_written(&self) -> Result<Model, ScenarioError> {
        let raw = self.scenario.parse::<raw::RawScenarioFile>()?;
        validate::validate(
            &self.scenario,
            raw,
            self.targets.as_ref(),
            self.history.as_ref(),
            self.roster.as_ref(),
        )
    }

    /// Condition on observations up to `year` (`--as-of`): sets
    /// `[history] as_of` in the scenario text, so the setting travels with
    /// the texts (into partial files, sweeps and comparisons).
    pub fn set_as_of(&mut self, year: i32) {
        // A file that does not parse is reported by `model()` in full.
        let Ok(mut doc) = self.scenario.text.parse::<toml_edit::DocumentMut>() else {
            return;
        };
        if doc
            .get("history")
            .and_then(toml_edit::Item::as_table)
            .is_none()
        {
            doc.insert("history", toml_edit::Item::Table(toml_edit::Table::new()));
        }
        doc["history"]["as_of"] = toml_edit::value(i64::from(year));
        self.scenario.text = doc.to_string();
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
        if let Some(t) = &self.history {
            h.update([1u8]);
            h.update(t.text.as_bytes());
        }
        if let Some(t) = &self.roster {
            h.update([2u8]);
            h.update(t.text.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Targets of the scenario with the id of one in its targets file amend
/// that one (see [`extends::amend_targets`]).
fn amend_file_targets(
    mut scenario: SourceFile,
    targets: Option<SourceFile>,
) -> (SourceFile, Option<SourceFile>) {
    let Some(mut file) = targets else {
        return (scenario, None);
    };
    if let (Ok(mut own), Ok(mut listed)) = (
        scenario.text.parse::<toml_edit::DocumentMut>(),
        file.text.parse::<toml_edit::DocumentMut>(),
    ) && extends::amend_targets(&mut own, &mut listed)
    {
        scenario.text = own.to_string();
        file.text = listed.to_string();
    }
    (scenario, Some(file))
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
    // So are its data files, unless the child names its own.
    for (table, key) in [("history", "file"), ("firms", "roster")] {
        let child_names_it = child.get(table).and_then(|h| h.get(key)).is_some();
        if !child_names_it
            && let Some(t) = merged.get_mut(table).and_then(|h| h.get_mut(key))
            && let Some(rel) = t.as_str()
        {
            let from_parent = parent_path.parent().unwrap_or(Path::new("")).join(rel);
            let absolute = std::fs::canonicalize(&from_parent).unwrap_or(from_parent);
            *t = toml_edit::value(absolute.display().to_string());
        }
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
    read_named(scenario, rel, "scenario.targets", "targets file")
}

/// Read a file the scenario names (relative to the scenario) under `key`.
fn read_named(
    scenario: &SourceFile,
    rel: &toml::Spanned<String>,
    key: &str,
    what: &str,
) -> Result<SourceFile, ScenarioError> {
    let dir = scenario.path.parent().unwrap_or(Path::new(""));
    let path: PathBuf = dir.join(rel.get_ref());
    SourceFile::read(&path).map_err(|e| match e {
        ScenarioError::Read { source: io, .. } => scenario.invalid(
            rel.span(),
            key,
            format!("cannot read {what} {}: {io}", path.display()),
        ),
        other => other,
    })
}
