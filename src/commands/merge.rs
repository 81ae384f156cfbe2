//! `targetsim merge`.

use crate::cli::*;
use crate::error::Result;
use crate::results::Results;
use crate::shard::partial::{self, PartialRun};

/// Carry out `targetsim merge`.
pub fn merge(args: &MergeArgs) -> Result<()> {
    let partials = args
        .partials
        .iter()
        .map(|p| Ok((p.clone(), PartialRun::read(p)?)))
        .collect::<Result<Vec<_>>>()?;
    let merged = partial::merge(&partials)?;
    let mut results = Results::new(
        &merged.model,
        &merged.config,
        &merged.simulation,
        &merged.scenario_arg,
    );
    results.overrides = merged.overrides.clone();
    results.scenario_hash = Some(partials[0].1.scenario_hash.clone());
    args.out.write_in(&results, args.lang)
}
