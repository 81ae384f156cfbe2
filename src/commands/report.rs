//! `targetsim report`.

use super::*;
use crate::cli::*;
use crate::error::{Error, Result};
use crate::results::Results;
use crate::shard::Shard;

/// Carry out `targetsim report`.
pub fn report(args: &ReportArgs) -> Result<()> {
    let format = format_of(args)?;
    let style = chart_style(&args.look)?;
    let run = simulate(&args.sim, Shard::WHOLE, Summary::Full)?;
    let scenario_arg = args.sim.scenario.display().to_string();
    let mut results = Results::new(&run.model, &run.config, &run.simulation, &scenario_arg);
    results.overrides = overrides_text(&args.sim.set);
    results.scenario_hash = Some(run.sources.hash());
    crate::report::write(
        &run.model,
        &results,
        style,
        &run.sources.hash(),
        format,
        &args.out,
    )?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

/// `--format`, else what the output file's extension says (HTML without
/// one). An extension that names no report format, or another format than
/// `--format`, is an error: a file named `r.pdf` holding HTML misleads.
fn format_of(args: &ReportArgs) -> Result<crate::report::ReportFormat> {
    use crate::report::ReportFormat;
    let extension = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let by_extension = match extension.as_deref() {
        None => None,
        Some("html" | "htm") => Some(ReportFormat::Html),
        Some("md" | "markdown") => Some(ReportFormat::Md),
        Some("xlsx") => Some(ReportFormat::Xlsx),
        Some(other) => {
            return Err(Error::Usage {
                flag: "--out",
                message: format!(
                    "{}: .{other} is not a report format; name the file .html, .md or .xlsx",
                    args.out.display()
                ),
            });
        }
    };
    match (args.format, by_extension) {
        (Some(asked), Some(named)) if asked != named => Err(Error::Usage {
            flag: "--format",
            message: format!(
                "{} names another format than --format; make them agree",
                args.out.display()
            ),
        }),
        (Some(asked), _) => Ok(asked),
        (None, named) => Ok(named.unwrap_or(ReportFormat::Html)),
    }
}
