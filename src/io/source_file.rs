//! A scenario or targets file's text, kept to turn byte spans into lines.

use crate::error::{Location, ScenarioError};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The text of one input file and its path.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as given (or resolved).
    pub path: PathBuf,
    /// Whole file content.
    pub text: String,
    /// When this text is the file merged over the scenario it `extends`:
    /// that scenario. Lines of the merged text are not the file's lines, so
    /// errors then name the key without a line.
    pub merged_with: Option<PathBuf>,
}

impl SourceFile {
    /// Read a file, rejecting empty and non-text content.
    pub fn read(path: &Path) -> Result<Self, ScenarioError> {
        let bytes = super::read_limited(path, super::read::MAX_TEXT_INPUT).map_err(|source| {
            ScenarioError::Read {
                path: path.to_path_buf(),
                source,
            }
        })?;
        let binary = |offset| ScenarioError::Binary {
            path: path.to_path_buf(),
            offset,
        };
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(binary(offset));
        }
        let text = String::from_utf8(bytes).map_err(|e| binary(e.utf8_error().valid_up_to()))?;
        if text.trim().is_empty() {
            return Err(ScenarioError::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(SourceFile {
            path: path.to_path_buf(),
            text,
            merged_with: None,
        })
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    /// Location of a span with a key path.
    pub fn location(&self, span: Range<usize>, key: impl Into<String>) -> Location {
        Location {
            file: self.path.clone(),
            line: self.merged_with.is_none().then(|| self.line_of(span.start)),
            key: key.into(),
            merged_with: self.merged_with.clone(),
        }
    }

    /// An "invalid value" error at a span.
    pub fn invalid(
        &self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> ScenarioError {
        ScenarioError::Invalid {
            location: self.location(span, key),
            message: message.into(),
        }
    }

    /// Deserialize the TOML text, turning parser errors into located ones
    /// that quote the offending line.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, ScenarioError> {
        toml::from_str(&self.text).map_err(|e| {
            let line = e.span().map(|s| self.line_of(s.start));
            let mut message = e.message().trim_end().to_string();
            if let Some(n) = line
                && let Some(text) = self.text.lines().nth(n - 1)
            {
                message.push_str(&format!("\n  {n} | {}", text.trim_end()));
            }
            ScenarioError::Syntax {
                location: Location {
                    file: self.path.clone(),
                    line,
                    key: String::new(),
                    merged_with: None,
                },
                message,
            }
        })
    }
}
