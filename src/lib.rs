//! targetsim: a Monte Carlo scenario engine that answers "how likely are we
//! to hit each target?" for yearly growth paths of planning indicators.
//!
//! Data flows through the modules in this order:
//! [`scenario`] (TOML file) → [`model`] (validated) → [`engine`] (paths,
//! samplers from [`distr`], accumulators) → [`results`] → [`export`].

pub mod cli;
pub mod distr;
pub mod engine;
pub mod error;
pub mod export;
pub mod model;
pub mod results;
pub mod scenario;

pub use error::{Error, Result};
