//! `targetsim sensitivity`.

use super::*;
use crate::charts;
use crate::cli::*;
use crate::error::{Error, Result};

/// Carry out `targetsim sensitivity`.
pub fn sensitivity(args: &SensitivityArgs) -> Result<()> {
    if !(args.swing_sd > 0.0 && args.swing_pct > 0.0) {
        return Err(Error::Usage {
            flag: "--swing-sd",
            message: "--swing-sd and --swing-pct must be positive".into(),
        });
    }
    let style = chart_style_for(&args.charts)?;
    let sources = super::read_sources(&args.sim)?;
    let mut config = args.sim.config(sources.model()?.defaults)?;
    if args.sim.paths.is_none() {
        config.paths = SWEEP_PATHS;
    }
    let swing = crate::whatif::sensitivity::Swing {
        sd: args.swing_sd,
        pct: args.swing_pct,
    };
    let analysis = super::progress::with_status(|status| {
        crate::whatif::sensitivity::sensitivity(
            &sources,
            &args.sim.set,
            swing,
            args.target.as_deref(),
            &config,
            status,
        )
    })?;
    if let (Some(dir), Some(style)) = (&args.charts.charts, style) {
        let names = charts::names::Names::of(&sources.model()?);
        let mut rendered = Vec::new();
        for t in 0..analysis.targets.len() {
            let id = &analysis.targets[t];
            let tornado = crate::charts::sensitivity::Tornado {
                analysis: &analysis,
                names: &names,
                target: t,
                style,
            };
            rendered.push(charts::render::render(
                format!("tornado-{id}"),
                tornado.title(),
                &tornado,
            )?);
            let spider = crate::charts::sensitivity::Spider {
                analysis: &analysis,
                names: &names,
                target: t,
                style,
            };
            rendered.push(charts::render::render(
                format!("spider-{id}"),
                spider.title(),
                &spider,
            )?);
        }
        charts::write_all(&rendered, dir)?;
    }
    args.out.write_in(&analysis, args.charts.look.lang)
}
