//! targetsim: a Monte Carlo scenario engine that answers "how likely are we
//! to hit each target?" for yearly growth paths of planning indicators.
//!
//! Data flows through the modules in this order:
//! [`scenario`] (TOML file) → [`model`] (validated) → [`engine`] (paths,
//! samplers from [`distr`], accumulators) → [`results`] → [`output`]
//! (table, JSON, CSV), [`charts`] and [`report`]. The feature families sit
//! on top: [`whatif`], [`observed`], [`shard`]; `docs/architecture.md` is
//! the map.
//!
//! ```
//! use std::path::Path;
//! use targetsim::engine::{RunConfig, simulate};
//! use targetsim::results::Results;
//!
//! let text = r#"
//!     [scenario]
//!     name = "one-indicator"
//!     base_year = 2024
//!     target_year = 2025
//!     [[indicator]]
//!     id = "output"
//!     kind = "growth"
//!     base = 100
//!     growth = { dist = "normal", mean = 0.05, sd = 0.05 }
//!     [[target]]
//!     indicator = "output"
//!     op = ">"
//!     value = 105
//! "#;
//! let model = targetsim::scenario::load_str(Path::new("inline.toml"), text)?;
//! let config = RunConfig {
//!     paths: 20_000,
//!     seed: 1,
//!     threads: Some(1),
//!     sampling: Default::default(),
//!     summary: Default::default(),
//! };
//! let sim = simulate(&model, &config)?;
//! let results = Results::new(&model, &config, &sim, "inline.toml");
//! // P(100 * (1 + g) > 105) = P(g > mean) = 1/2, up to sampling error.
//! assert!((results.targets[0].probability - 0.5).abs() < 0.02);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Every public item is documented, and every unsafe block says why it is
// sound; `cargo clippy -- -D warnings` (CI) turns these into errors.
#![warn(missing_docs)]
#![warn(clippy::undocumented_unsafe_blocks)]

pub mod charts;
pub mod cli;
pub mod commands;
pub mod distr;
pub mod engine;
pub mod error;
pub mod extract;
pub mod firms;
pub mod fuzz;
pub mod io;
pub mod model;
pub mod observed;
pub mod output;
pub mod report;
pub mod results;
pub mod scenario;
pub mod serve;
pub mod shard;
pub mod stats;
pub mod text;
pub mod whatif;

pub use error::{Error, Result};
