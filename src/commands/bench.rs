//! `targetsim bench`.

use crate::cli::*;
use crate::error::Result;

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
    args.out.write(&report)
}
