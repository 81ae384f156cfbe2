//! Partial results of a sharded run (`run --shard I/N --save-partial F`)
//! and their merge (`targetsim merge`).
//!
//! File layout: the magic `TSIMPART`, the format version (u32, little
//! endian), the payload length (u64), the payload (postcard), and a CRC-32
//! of version, length and payload. The payload carries the scenario's
//! texts, so merging needs no scenario file, and their SHA-256, so that
//! partials of different scenarios are never mixed.

use crate::engine::{Accumulator, Plan, RunConfig, Simulation};
use crate::error::{Error, Result};
use crate::io::SourceFile;
use crate::model::Model;
use crate::scenario::Sources;
use crate::shard::Shard;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// First bytes of every partial file.
pub const MAGIC: &[u8; 8] = b"TSIMPART";
/// Version of the layout and payload; bumped on any change.
pub const FORMAT_VERSION: u32 = 3;

/// One shard's totals and everything needed to merge them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartialRun {
    /// targetsim version that simulated it (versions may differ in results).
    pub engine_version: String,
    /// [`Sources::hash`] of the scenario.
    pub scenario_hash: String,
    /// The scenario argument as given on the command line.
    pub scenario_arg: String,
    /// `--set` overrides (already applied to the texts), as written.
    pub overrides: Vec<String>,
    /// Scenario path and text.
    pub scenario: (PathBuf, String),
    /// Targets file path and text, if the scenario names one.
    pub targets: Option<(PathBuf, String)>,
    /// Observations file path and text, if the scenario names one.
    pub history: Option<(PathBuf, String)>,
    /// Firm roster path and text, if the scenario names one.
    pub roster: Option<(PathBuf, String)>,
    /// Seed of the run.
    pub seed: u64,
    /// Sampling of the growth draws.
    pub sampling: crate::engine::sampling::Sampling,
    /// Which indicators and years the totals summarise.
    pub summary: crate::engine::Summary,
    /// Paths of the whole run (all shards).
    pub paths: u64,
    /// Which shard this is.
    pub shard: Shard,
    /// Simulation time of this shard.
    pub seconds: f64,
    /// Threads this shard used.
    pub threads: usize,
    /// This shard's totals.
    pub totals: Accumulator,
}

impl PartialRun {
    /// Package a finished shard.
    pub fn new(
        sources: &Sources,
        scenario_arg: &str,
        config: &RunConfig,
        shard: Shard,
        sim: &Simulation,
    ) -> Self {
        let text = |f: &SourceFile| (f.path.clone(), f.text.clone());
        PartialRun {
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_hash: sources.hash(),
            scenario_arg: scenario_arg.to_string(),
            overrides: Vec::new(),
            scenario: text(&sources.scenario),
            targets: sources.targets.as_ref().map(text),
            history: sources.history.as_ref().map(text),
            roster: sources.roster.as_ref().map(text),
            seed: config.seed,
            sampling: config.sampling,
            summary: config.summary,
            paths: config.paths,
            shard,
            seconds: sim.elapsed.as_secs_f64(),
            threads: sim.threads,
            totals: sim.totals.clone(),
        }
    }

    /// Encode as the bytes of a partial file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let payload = postcard::to_stdvec(self).expect("partial runs serialise");
        let mut out = Vec::with_capacity(payload.len() + 24);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&payload);
        let crc = crc32fast::hash(&out[MAGIC.len()..]);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// Decode a partial file's bytes; `path` names it in errors.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Self> {
        let bad = |message: String| Error::Partial {
            path: path.to_path_buf(),
            message,
        };
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(bad(
                "not a targetsim partial file (no TSIMPART header)".into()
            ));
        }
        if bytes.len() < 24 {
            return Err(bad("truncated: the header is incomplete".into()));
        }
        let version = u32::from_le_bytes(le_bytes(&bytes[8..12]));
        if version != FORMAT_VERSION {
            return Err(bad(format!(
                "format version {version}; this targetsim reads version {FORMAT_VERSION}"
            )));
        }
        // The length is read from the file: checked before any arithmetic.
        let len = u64::from_le_bytes(le_bytes(&bytes[12..20]));
        let expected = len.checked_add(24);
        if expected != Some(bytes.len() as u64) {
            return Err(bad(format!(
                "truncated or padded: {} bytes, but the header announces a {len}-byte payload",
                bytes.len(),
            )));
        }
        let len = len as usize;
        let crc = u32::from_le_bytes(le_bytes(&bytes[20 + len..]));
        if crc32fast::hash(&bytes[8..20 + len]) != crc {
            return Err(bad("corrupt: checksum mismatch".into()));
        }
        postcard::from_bytes(&bytes[20..20 + len]).map_err(|e| bad(format!("corrupt payload: {e}")))
    }

    /// Read a partial file.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes =
            crate::io::read_limited(path, crate::io::read::MAX_PARTIAL_INPUT).map_err(|e| {
                Error::Partial {
                    path: path.to_path_buf(),
                    message: format!("cannot read: {e}"),
                }
            })?;
        Self::from_bytes(path, &bytes)
    }

    fn sources(&self) -> Sources {
        let file = |(path, text): &(PathBuf, String)| SourceFile {
            path: path.clone(),
            text: text.clone(),
            merged_with: None,
        };
        Sources {
            scenario: file(&self.scenario),
            targets: self.targets.as_ref().map(file),
            history: self.history.as_ref().map(file),
            roster: self.roster.as_ref().map(file),
        }
    }
}

/// A merged run: what `Results::new` needs.
pub struct Merged {
    /// The scenario, rebuilt from the partials' texts.
    pub model: Model,
    /// Paths and seed of the full run.
    pub config: RunConfig,
    /// Totals over all shards.
    pub simulation: Simulation,
    /// The scenario argument the shards were run with.
    pub scenario_arg: String,
    /// `--set` overrides the shards were run with.
    pub overrides: Vec<String>,
}

/// Most shards one run may be split into.
pub const MAX_SHARDS: u64 = 1_000_000;

/// A partial's own numbers are possible: a shard within its count, a
/// path count within the limit.
fn check_shard(path: &Path, p: &PartialRun) -> Result<()> {
    let bad = |message: String| Error::Partial {
        path: path.to_path_buf(),
        message,
    };
    if !(1..=MAX_SHARDS).contains(&p.shard.count) || p.shard.index >= p.shard.count {
        return Err(bad(format!(
            "shard {} is not one of 1 to {MAX_SHARDS} shards",
            p.shard
        )));
    }
    crate::engine::check_paths(p.paths).map_err(|m| bad(format!("the run's path count {m}")))
}

/// Two partials are of the same run: scenario, engine, settings, seed,
/// paths and shard count.
fn check_same_run(
    first_path: &Path,
    first: &PartialRun,
    path: &Path,
    p: &PartialRun,
) -> Result<()> {
    let mismatch = |path: &Path, what: &str, a: String, b: String| Error::Partial {
        path: path.to_path_buf(),
        message: format!(
            "{what} is {b}, but {} has {a}: these partials are not from the same run",
            first_path.display()
        ),
    };
    let checks = [
        ("the scenario hash", &first.scenario_hash, &p.scenario_hash),
        (
            "the engine version",
            &first.engine_version,
            &p.engine_version,
        ),
    ];
    let settings = [
        ("the sampling", first.sampling.name(), p.sampling.name()),
        ("the summary", first.summary.name(), p.summary.name()),
    ];
    for (what, a, b) in settings {
        if a != b {
            return Err(mismatch(path, what, a.to_string(), b.to_string()));
        }
    }
    for (what, a, b) in checks {
        if a != b {
            return Err(mismatch(path, what, a.clone(), b.clone()));
        }
    }
    let numbers = [
        ("the seed", first.seed, p.seed),
        ("the path count", first.paths, p.paths),
        ("the shard count", first.shard.count, p.shard.count),
    ];
    for (what, a, b) in numbers {
        if a != b {
            return Err(mismatch(path, what, a.to_string(), b.to_string()));
        }
    }
    Ok(())
}

/// Merge the partials of every shard of one run.
pub fn merge(partials: &[(PathBuf, PartialRun)]) -> Result<Merged> {
    let Some((first_path, first)) = partials.first() else {
        return Err(Error::Usage {
            flag: "merge",
            message: "needs at least one partial file".into(),
        });
    };
    for (path, p) in partials {
        check_shard(path, p)?;
        check_same_run(first_path, first, path, p)?;
    }
    let mut seen = vec![None::<&Path>; first.shard.count as usize];
    for (path, p) in partials {
        let slot = &mut seen[p.shard.index as usize];
        if let Some(other) = slot {
            return Err(Error::Partial {
                path: path.clone(),
                message: format!("shard {} is also in {}", p.shard, other.display()),
            });
        }
        *slot = Some(path);
    }
    let missing: Vec<u64> = (0..first.shard.count)
        .filter(|&i| seen[i as usize].is_none())
        .collect();
    if !missing.is_empty() {
        let named: Vec<String> = missing
            .iter()
            .take(10)
            .map(|i| format!("{i}/{}", first.shard.count))
            .collect();
        let more = match missing.len() {
            0..=10 => String::new(),
            n => format!(" and {} more", n - 10),
        };
        return Err(Error::Partial {
            path: first_path.clone(),
            message: format!("missing shards: {}{more}", named.join(", ")),
        });
    }
    let model = first.sources().model()?;
    let config = RunConfig {
        paths: first.paths,
        seed: first.seed,
        threads: None,
        sampling: first.sampling,
        summary: first.summary,
    };
    let recorded = Plan::new(&model).sampled(&config)?;
    for (path, p) in partials {
        let want = p.shard.paths(first.paths);
        if p.totals.paths != want.end - want.start {
            return Err(Error::Partial {
                path: path.clone(),
                message: format!(
                    "holds {} paths, but shard {} of a {}-path run has {}",
                    p.totals.paths,
                    p.shard,
                    first.paths,
                    want.end - want.start
                ),
            });
        }
        p.totals
            .validate(&recorded)
            .map_err(|message| Error::Partial {
                path: path.clone(),
                message: format!("corrupt totals: {message}"),
            })?;
    }
    let plan = Plan::new(&model);
    let mut totals = Accumulator::new(&plan);
    for (_, p) in partials {
        totals.merge(&p.totals);
    }
    let seconds: f64 = partials.iter().map(|(_, p)| p.seconds).sum();
    Ok(Merged {
        config,
        simulation: Simulation {
            plan,
            totals,
            elapsed: Duration::from_secs_f64(seconds),
            threads: partials.iter().map(|(_, p)| p.threads).sum(),
        },
        model,
        scenario_arg: first.scenario_arg.clone(),
        overrides: first.overrides.clone(),
    })
}

/// The first `N` bytes of `slice` (which the caller has checked holds them).
fn le_bytes<const N: usize>(slice: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&slice[..N]);
    out
}
