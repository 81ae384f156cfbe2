//! `targetsim compare`.

use super::*;
use crate::charts;
use crate::cli::*;
use crate::engine::{self};
use crate::error::Result;
use crate::model::Model;
use crate::scenario::Sources;

/// Carry out `targetsim compare`.
pub fn compare(args: &CompareArgs) -> Result<()> {
    let style = chart_style_for(&args.charts)?;
    let models = args
        .scenarios
        .iter()
        .map(|p| {
            let mut sources = Sources::read(p)?;
            if let Some(year) = args.as_of {
                sources.set_as_of(year);
            }
            sources.apply_overrides(&args.set)?;
            Ok(sources.model()?)
        })
        .collect::<Result<Vec<Model>>>()?;
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
    let totals = engine::paired::simulate_paired(&models, &config)?;
    let files: Vec<String> = args
        .scenarios
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let comparison = crate::whatif::compare::Comparison::new(&models, &files, &totals, config.seed);
    if let (Some(dir), Some(style)) = (&args.charts.charts, style) {
        let chart = crate::charts::compare::CompareChart {
            comparison: &comparison,
            style,
        };
        let rendered = charts::render::render("compare".into(), chart.title(), &chart)?;
        charts::write_all(&[rendered], dir)?;
    }
    args.out.write(&comparison)
}
