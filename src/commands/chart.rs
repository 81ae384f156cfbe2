//! `targetsim chart`.

use super::*;
use crate::charts;
use crate::cli::*;
use crate::error::Result;
use crate::results::Results;
use crate::shard::Shard;

/// Carry out `targetsim chart`.
pub fn chart(args: &ChartArgs) -> Result<()> {
    let style = chart_style(&args.look)?;
    let run = simulate(&args.sim, Shard::WHOLE, Summary::Full)?;
    let scenario_arg = args.sim.scenario.display().to_string();
    let mut results = Results::new(&run.model, &run.config, &run.simulation, &scenario_arg);
    results.overrides = overrides_text(&args.sim.set);
    let written = charts::write_all(&charts::draw_all(&results, style)?, &args.out)?;
    eprintln!(
        "wrote {} chart files to {}",
        written.len(),
        args.out.display()
    );
    Ok(())
}
