//! `targetsim bench`.

use crate::cli::*;
use crate::error::Result;
use crate::output::write_output;

/// Carry out `targetsim bench`.
pub fn bench(args: &BenchArgs) -> Result<()> {
    let mut sources = super::read_sources(&args.sim)?;
    sources.apply_overrides(&args.sim.set)?;
    let model = sources.model()?;
    let mut config = args.sim.config(model.defaults)?;
    if args.sim.paths.is_none() {
        config.paths = BENCH_PATHS;
    }
    config.summary = args.summary;
    let report = crate::engine::bench::bench(&model, &config)?;
    let text = match args.format {
        BenchFormat::Table => report.table(),
        BenchFormat::Json => serde_json::to_string_pretty(&report).expect("serialises") + "\n",
    };
    write_output(None, text.as_bytes())
}
