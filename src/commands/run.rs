//! `targetsim run`.

use super::*;
use crate::charts;
use crate::cli::*;
use crate::engine::sampling::Sampling;
use crate::error::{Error, Result};
use crate::output::Format;
use crate::results::Results;
use crate::shard::Shard;
use crate::shard::partial::PartialRun;

/// Carry out `targetsim run`.
pub fn run(args: &RunArgs) -> Result<()> {
    check_summary(args)?;
    if let Some(precision) = args.precision {
        check_precision(args, precision)?;
    }
    let style = chart_style_for(&args.charts)?;
    let (run, convergence) = match args.precision {
        Some(precision) => {
            let (run, c) =
                simulate_to_precision(&args.sim, precision, args.max_paths, args.summary)?;
            (run, Some(c))
        }
        None => (
            simulate(&args.sim, args.shard.unwrap_or(Shard::WHOLE), args.summary)?,
            None,
        ),
    };
    let scenario_arg = args.sim.scenario.display().to_string();
    if let Some(path) = &args.save_partial {
        let mut partial = PartialRun::new(
            &run.sources,
            &scenario_arg,
            &run.config,
            run.shard,
            &run.simulation,
        );
        partial.overrides = overrides_text(&args.sim.set);
        return crate::io::write_output(Some(path), &partial.to_bytes());
    }
    let mut results = Results::new(&run.model, &run.config, &run.simulation, &scenario_arg);
    results.overrides = overrides_text(&args.sim.set);
    results.convergence = convergence;
    results.scenario_hash = Some(run.sources.hash());
    if let (Some(dir), Some(style)) = (&args.charts.charts, style) {
        charts::write_all(&charts::draw_all(&results, style)?, dir)?;
    }
    args.out.write_in(&results, args.charts.look.lang)
}

/// A targets-only summary has no yearly summaries to chart or list.
fn check_summary(args: &RunArgs) -> Result<()> {
    if args.summary != Summary::Targets {
        return Ok(());
    }
    if args.charts.charts.is_some() {
        return Err(Error::Usage {
            flag: "--charts",
            message: "charts need every indicator's yearly summaries: drop --summary targets"
                .into(),
        });
    }
    if args.out.format()? == Format::Csv {
        return Err(Error::Usage {
            flag: "--format",
            message: "csv lists every indicator's yearly summaries: use table or json with --summary targets".into(),
        });
    }
    Ok(())
}

/// `--precision` is a half-width, for a sampling that can grow.
fn check_precision(args: &RunArgs, precision: f64) -> Result<()> {
    if !(precision > 0.0 && precision < 0.5) {
        return Err(Error::Usage {
            flag: "--precision",
            message: format!(
                "must be the half-width of a 95% interval as a fraction, between 0 and 0.5 (0.01 = one percentage point), got {precision}"
            ),
        });
    }
    if args.sim.sampling == Sampling::Lhs {
        return Err(Error::Usage {
            flag: "--precision",
            message: "a Latin hypercube is laid out for a fixed path count: use --paths with --sampling lhs".into(),
        });
    }
    check_paths(args.max_paths, "--max-paths")
}
