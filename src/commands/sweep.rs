//! `targetsim sweep`.

use super::*;
use crate::charts;
use crate::cli::*;
use crate::error::{Error, Result};

/// Carry out `targetsim sweep`.
pub fn sweep(args: &SweepArgs) -> Result<()> {
    if args.param.len() > 2 {
        return Err(Error::Usage {
            flag: "--param",
            message: "at most two parameters (a line chart for one, a heat map for two)".into(),
        });
    }
    let style = chart_style_for(&args.charts)?;
    let sources = super::read_sources(&args.sim)?;
    let defaults = sources.model()?.defaults;
    let mut config = args.sim.config(defaults)?;
    if args.sim.paths.is_none() {
        config.paths = SWEEP_PATHS;
    }
    let (result, _) = super::progress::with_status(|status| {
        crate::whatif::sweep::sweep(&sources, &args.sim.set, &args.param, &config, status)
    })?;
    if let (Some(dir), Some(style)) = (&args.charts.charts, style) {
        let names = charts::names::Names::of(&sources.model()?);
        let mut rendered = Vec::new();
        if result.params.len() == 1 {
            let chart = crate::charts::sweep::SweepLines {
                sweep: &result,
                names: &names,
                style,
            };
            rendered.push(charts::render::render(
                "sweep".into(),
                chart.title(),
                &chart,
            )?);
        } else {
            for target in 0..result.targets.len() {
                let chart = crate::charts::sweep::SweepHeatMap {
                    sweep: &result,
                    names: &names,
                    target,
                    style,
                };
                let name = format!("sweep-{}", result.targets[target]);
                rendered.push(charts::render::render(name, chart.title(), &chart)?);
            }
        }
        charts::write_all(&rendered, dir)?;
    }
    args.out.write_in(&result, args.charts.look.lang)
}
