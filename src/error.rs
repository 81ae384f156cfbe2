//! Error types. Every message names the offending input: file, line and key
//! for scenario problems, the flag for command-line problems.

use std::fmt;
use std::path::PathBuf;

/// Where in a scenario file a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it (or as resolved from `targets = ...`).
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// Dotted key path such as `indicator[2].growth.sd`; empty for the whole file.
    pub key: String,
    /// The scenario this file `extends`, when the problem is in the merge.
    pub merged_with: Option<PathBuf>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(parent) = &self.merged_with {
            write!(f, " (merged over {})", parent.display())?;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.key.is_empty() {
            write!(f, ": {}", self.key)?;
        }
        Ok(())
    }
}

/// A scenario (or targets) file that cannot be turned into a model.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// File that failed.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },
    /// The file is empty or only whitespace.
    #[error("{}: the file is empty; a scenario needs at least a [scenario] table and one [[indicator]]", path.display())]
    Empty {
        /// File that failed.
        path: PathBuf,
    },
    /// The file is not UTF-8 text.
    #[error("{}: not a text file (binary content or invalid UTF-8 near byte {offset})", path.display())]
    Binary {
        /// File that failed.
        path: PathBuf,
        /// First bad byte.
        offset: usize,
    },
    /// TOML syntax error or a key/type the format does not have.
    #[error("{location}: {message}")]
    Syntax {
        /// Where.
        location: Location,
        /// What the TOML parser said.
        message: String,
    },
    /// Well-formed TOML whose content is invalid (bad value, unknown reference...).
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
}

/// Anything that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad scenario input.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A command-line value that parses but is unusable (e.g. `--paths 0`).
    #[error("{flag}: {message}")]
    Usage {
        /// The flag, e.g. `--paths`.
        flag: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Writing an output failed.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// Output path.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },
    /// Writing to standard output failed (other than a closed pipe).
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    /// A partial file that cannot be read or merged.
    #[error("{}: {message}", path.display())]
    Partial {
        /// The partial file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A chart could not be drawn.
    #[error("drawing a chart failed: {0}")]
    Chart(String),
    /// A nowcast's observations are out of the scenario's reach: no path
    /// among many attempts respects them.
    #[error("{0}")]
    Conditioning(String),
    /// A simulated value left the range of finite numbers: the scenario's
    /// numbers compound past what a double holds.
    #[error("{0}")]
    Overflow(String),
    /// A result could not be rendered in the asked format.
    #[error("{0}")]
    Output(String),
    /// The thread pool could not be built.
    #[error("--threads: cannot start the thread pool: {0}")]
    ThreadPool(String),
}

impl Error {
    /// Process exit status: 2 for bad input (scenario or flags), 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Scenario(_)
            | Error::Usage { .. }
            | Error::Partial { .. }
            | Error::Conditioning(_)
            | Error::Overflow(_) => 2,
            Error::Write { .. }
            | Error::Stdout(_)
            | Error::ThreadPool(_)
            | Error::Chart(_)
            | Error::Output(_) => 1,
        }
    }
}

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
