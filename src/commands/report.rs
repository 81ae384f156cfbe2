//! `targetsim report`.

use super::*;
use crate::cli::*;
use crate::error::Result;
use crate::results::Results;
use crate::shard::Shard;

/// Carry out `targetsim report`.
pub fn report(args: &ReportArgs) -> Result<()> {
    let style = chart_style(&args.look)?;
    let run = simulate(&args.sim, Shard::WHOLE, Summary::Full)?;
    let scenario_arg = args.sim.scenario.display().to_string();
    let mut results = Results::new(&run.model, &run.config, &run.simulation, &scenario_arg);
    results.overrides = overrides_text(&args.sim.set);
    crate::report::write(
        &run.model,
        &results,
        style,
        &run.sources.hash(),
        format_of(args),
        &args.out,
    )?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

/// `--format`, else what the output file's extension says (HTML otherwise).
fn format_of(args: &ReportArgs) -> crate::report::ReportFormat {
    use crate::report::ReportFormat;
    args.format.unwrap_or_else(|| {
        let markdown = args
            .out
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        if markdown {
            ReportFormat::Md
        } else {
            ReportFormat::Html
        }
    })
}
