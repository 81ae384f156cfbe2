//! Entry points for fuzzing: each takes arbitrary bytes, feeds them to one
//! reader of outside input, and returns whatever it returns. None may panic,
//! hang or allocate without bound; an error is the expected answer to most
//! inputs. The fuzz targets in `fuzz/` call these, and
//! `tests/integration/mutation.rs` runs them on mutated shipped inputs as an
//! ordinary test.

use crate::engine::{RunConfig, simulate};
use crate::error::Result;
use crate::io::SourceFile;
use crate::scenario::Sources;
use std::path::{Path, PathBuf};

/// Paths simulated for a scenario that validates: enough to reach every
/// step of the engine, few enough to keep a fuzzing run fast.
const PATHS: u64 = 64;

/// The bytes as a source file's text (lossily: invalid UTF-8 is the file
/// readers' own business, tested where files are read).
fn text_file(name: &str, bytes: &[u8]) -> SourceFile {
    SourceFile {
        path: PathBuf::from(name),
        text: String::from_utf8_lossy(bytes).into_owned(),
        merged_with: None,
    }
}

/// Simulate a validated scenario briefly, on one thread.
fn simulate_briefly(sources: &Sources) -> Result<()> {
    let model = sources.model()?;
    let config = RunConfig {
        paths: PATHS,
        seed: 1,
        threads: Some(1),
        sampling: Default::default(),
        summary: Default::default(),
    };
    simulate(&model, &config).map(|_| ())
}

/// A scenario file: parse, validate and, when valid, simulate.
pub fn scenario(bytes: &[u8]) -> Result<()> {
    let file = text_file("fuzz.toml", bytes);
    let sources = Sources::from_file(file)?;
    simulate_briefly(&sources)
}

/// `--set KEY=VALUE` overrides (one per line) applied to `sources`, then
/// validated and simulated.
pub fn overrides(sources: &Sources, bytes: &[u8]) -> Result<()> {
    let text = String::from_utf8_lossy(bytes);
    let mut list = Vec::new();
    for line in text.lines().take(16) {
        match line.parse() {
            Ok(o) => list.push(o),
            Err(message) => {
                return Err(crate::error::Error::Usage {
                    flag: "--set",
                    message,
                });
            }
        }
    }
    let mut variant = sources.clone();
    variant.apply_overrides(&list)?;
    simulate_briefly(&variant)
}

/// An observations CSV.
pub fn history_csv(bytes: &[u8]) -> Result<()> {
    crate::observed::history_file::parse(&text_file("history.csv", bytes))?;
    Ok(())
}

/// A firm roster CSV, for a population with sectors `a` and `b`.
pub fn roster_csv(bytes: &[u8]) -> Result<()> {
    let sectors = ["a".to_string(), "b".to_string()];
    crate::firms::roster::parse(&text_file("roster.csv", bytes), &sectors)?;
    Ok(())
}

/// A partial file: decoded, validated and merged as the only shard.
pub fn partial(bytes: &[u8]) -> Result<()> {
    let path = Path::new("fuzz.bin");
    let run = crate::shard::partial::PartialRun::from_bytes(path, bytes)?;
    crate::shard::partial::merge(&[(path.to_path_buf(), run)])?;
    Ok(())
}
