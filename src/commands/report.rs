//! `targetsim report`.

use super::*;
use crate::cli::*;
use crate::engine::Shard;
use crate::error::Result;
use crate::results::Results;

/// Carry out `targetsim report`.
pub fn report(args: &ReportArgs) -> Result<()> {
    let style = chart_style(&args.look)?;
    let run = simulate(&args.sim, Shard::WHOLE)?;
    let scenario_arg = args.sim.scenario.display().to_string();
    let mut results = Results::new(&run.model, &run.config, &run.simulation, &scenario_arg);
    results.overrides = overrides_text(&args.sim.set);
    crate::report::write(
        &run.model,
        &results,
        style,
        &run.sources.hash(),
        args.format,
        &args.out,
    )?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}
