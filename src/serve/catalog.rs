//! The scenarios a server serves: fixed when it starts, each known by an id.
//! Requests name ids, never paths, so nothing outside these files (and the
//! targets, history and roster files they name) is ever read.

use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Most scenario files one server serves (a directory with more is refused).
pub const MAX_SCENARIOS: usize = 1_000;

/// One served scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Its id in URLs and requests: the path below the served directory,
    /// without `.toml`, `/` written as `-` (`kunshan-baseline`).
    pub id: String,
    /// `scenario.title`, else `scenario.name`, else the id.
    pub title: String,
    /// The file as the command line names it (what `run`'s output calls `file`).
    pub file: String,
    /// Where it is read from.
    #[serde(skip)]
    pub path: PathBuf,
}

/// Every served scenario, in the order found.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
}

impl Catalog {
    /// The scenarios among `args`: files as given, directories searched
    /// (recursively, in name order) for TOML files with a `[scenario]`
    /// table. A named file that is not a scenario is an error; a
    /// directory's other TOML files (targets files) are skipped.
    pub fn discover(args: &[PathBuf]) -> Result<Catalog> {
        let mut catalog = Catalog::default();
        for arg in args {
            if arg.is_dir() {
                let mut files = Vec::new();
                toml_files(arg, &mut files)?;
                for file in files {
                    if let Some(title) = scenario_title(&file) {
                        let below = file.strip_prefix(arg).unwrap_or(&file);
                        catalog.add(id_of(below), title, file);
                    }
                }
            } else {
                let title = scenario_title(arg).ok_or_else(|| Error::Usage {
                    flag: "SCENARIO",
                    message: format!(
                        "{}: not a scenario file (no readable TOML with a [scenario] table)",
                        arg.display()
                    ),
                })?;
                let name = Path::new(arg.file_name().unwrap_or_default());
                catalog.add(id_of(name), title, arg.clone());
            }
        }
        if catalog.entries.is_empty() {
            return Err(Error::Usage {
                flag: "SCENARIO",
                message: "no scenario files found to serve".into(),
            });
        }
        Ok(catalog)
    }

    fn add(&mut self, id: String, title: Option<String>, path: PathBuf) {
        let mut unique = id.clone();
        let mut n = 2;
        while self.get(&unique).is_some() {
            unique = format!("{id}-{n}");
            n += 1;
        }
        self.entries.push(Entry {
            title: title.unwrap_or_else(|| unique.clone()),
            id: unique,
            file: path.display().to_string(),
            path,
        });
    }

    /// The served scenario with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Every served scenario.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The ids, for an error naming what could have been meant.
    pub fn ids(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.id.clone()).collect()
    }
}

/// `kunshan/baseline.toml` -> `kunshan-baseline`.
fn id_of(relative: &Path) -> String {
    let text = relative.with_extension("").to_string_lossy().into_owned();
    text.chars()
        .map(|c| if c == '/' || c == '\\' { '-' } else { c })
        .collect()
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let unreadable = |e: std::io::Error| Error::Usage {
        flag: "SCENARIO",
        message: format!("{}: cannot read the directory: {e}", dir.display()),
    };
    let mut children: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    children.sort();
    for child in children {
        if out.len() > MAX_SCENARIOS {
            return Err(Error::Usage {
                flag: "SCENARIO",
                message: format!(
                    "{}: more than {MAX_SCENARIOS} TOML files; serve a narrower directory",
                    dir.display()
                ),
            });
        }
        // Symbolic links are not followed: a served directory cannot reach
        // files outside it through one.
        let Ok(meta) = std::fs::symlink_metadata(&child) else {
            continue;
        };
        if meta.is_dir() {
            toml_files(&child, out)?;
        } else if meta.is_file() && child.extension().is_some_and(|e| e == "toml") {
            out.push(child);
        }
    }
    Ok(())
}

/// `Some(title)` for a scenario file (`None` inside when it has no title or
/// name), `None` for anything else.
fn scenario_title(path: &Path) -> Option<Option<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    let doc: toml::Table = toml::from_str(&text).ok()?;
    let header = doc.get("scenario")?.as_table()?;
    let text_of = |k: &str| header.get(k).and_then(|v| v.as_str()).map(str::to_string);
    Some(text_of("title").or_else(|| text_of("name")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_paths_below_the_directory_with_dashes() {
        assert_eq!(
            id_of(Path::new("kunshan/baseline.toml")),
            "kunshan-baseline"
        );
        assert_eq!(id_of(Path::new("one.toml")), "one");
    }
}
