//! Variants of a scenario: the scenario with some `--set` overrides,
//! simulated on the same paths as every other variant (common random
//! numbers). Every what-if analysis runs its variants here: sweep, goal seek
//! and sensitivity one at a time ([`simulate_variant`]), compare all at once
//! on each path ([`simulate_together`]).

use crate::engine::paired::{PairedTotals, simulate_paired};
use crate::engine::{Accumulator, RunConfig, Summary, simulate};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::scenario::Sources;
use crate::scenario::overrides::Override;

/// Simulate `sources` with `set` applied, for every target or only the
/// one named `only` (the totals then have that one target; a run that
/// reads no firm indicator skips the firms, see `Plan::sampled`).
/// `Ok(None)` when the overridden scenario does not validate (a value
/// outside what the scenario accepts); an override whose key does not
/// exist is an error naming `flag`.
pub fn simulate_variant(
    sources: &Sources,
    set: &[Override],
    config: &RunConfig,
    flag: &'static str,
    only: Option<&str>,
) -> Result<Option<Accumulator>> {
    simulate_variant_of(sources, set, config, flag, |id| {
        only.is_none_or(|o| o == id)
    })
}

/// [`simulate_variant`] for the targets whose ids `keep` accepts (the
/// totals have those, in scenario order).
pub fn simulate_variant_of(
    sources: &Sources,
    set: &[Override],
    config: &RunConfig,
    flag: &'static str,
    keep: impl Fn(&str) -> bool,
) -> Result<Option<Accumulator>> {
    let Some(mut model) = variant_model(sources, set, flag)? else {
        return Ok(None);
    };
    model.targets.retain(|t| keep(&t.id));
    // Only the target probabilities are read: record nothing else.
    let config = RunConfig {
        summary: Summary::Targets,
        ..*config
    };
    Ok(Some(simulate(&model, &config)?.totals))
}

/// The model of `sources` with `set` applied; `Ok(None)` when it does not
/// validate, an error naming `flag` when an override's key does not exist.
pub fn variant_model(
    sources: &Sources,
    set: &[Override],
    flag: &'static str,
) -> Result<Option<Model>> {
    let mut variant = sources.clone();
    variant.apply_overrides(set).map_err(|e| match e {
        Error::Usage { message, .. } => Error::Usage { flag, message },
        other => other,
    })?;
    Ok(variant.model().ok())
}

/// `KEY=VALUE` as an override, an error naming `flag` if it does not parse.
pub fn setting(key: &str, value: f64, flag: &'static str) -> Result<Override> {
    format!("{key}={value}")
        .parse()
        .map_err(|message| Error::Usage { flag, message })
}

/// Simulate every model on the same paths, counting for each target the
/// paths where only the first model or only this one meets it; `progress`
/// counts the paths done.
pub fn simulate_together(
    models: &[Model],
    config: &RunConfig,
    progress: &std::sync::atomic::AtomicU64,
) -> Result<PairedTotals> {
    simulate_paired(models, config, progress)
}
