//! `targetsim compare`.

use super::*;
use crate::charts;
use crate::cli::*;
use crate::error::Result;

/// Carry out `targetsim compare`.
pub fn compare(args: &CompareArgs) -> Result<()> {
    let style = chart_style_for(&args.charts)?;
    let models = crate::whatif::compare::read_models(&args.scenarios, &args.set, args.as_of)?;
    let sim = SimArgs {
        scenario: args.scenarios[0].clone(),
        paths: args.paths,
        seed: args.seed,
        threads: args.threads,
        set: Vec::new(),
        sampling: args.sampling,
        as_of: args.as_of,
    };
    let config = sim.config(models[0].defaults)?;
    let files: Vec<String> = args
        .scenarios
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let comparison = super::progress::with_progress(config.paths, |done| {
        crate::whatif::compare::compare(&models, &files, &config, done)
    })?;
    if let (Some(dir), Some(style)) = (&args.charts.charts, style) {
        let names = charts::names::Names::of(&models[0]);
        let chart = crate::charts::compare::CompareChart {
            comparison: &comparison,
            names: &names,
            style,
        };
        let rendered = charts::render::render("compare".into(), chart.title(), &chart)?;
        charts::write_all(&[rendered], dir)?;
    }
    args.out.write_in(&comparison, args.charts.look.lang)
}
