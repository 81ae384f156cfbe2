//! `targetsim backtest`.

use super::chart_style_for;
use crate::charts::{self, fan};
use crate::cli::BacktestArgs;
use crate::commands::progress::with_progress;
use crate::engine::{self};
use crate::error::{Error, Result};
use crate::io::SourceFile;
use crate::observed::backtest::Backtest;
use crate::results::Results;
use crate::scenario::Sources;

/// Carry out `targetsim backtest`.
pub fn backtest(args: &BacktestArgs) -> Result<()> {
    if args.sim.as_of.is_some() {
        return Err(Error::Usage {
            flag: "--as-of",
            message: "a backtest runs the scenario from its own base year; --as-of does not apply"
                .into(),
        });
    }
    let style = chart_style_for(&args.charts)?;
    let mut sources = Sources::read(&args.sim.scenario)?;
    if let Some(path) = &args.observed {
        sources.history = Some(SourceFile::read(path)?);
    }
    let Some(observed) = sources.history.as_ref().map(|h| shown_path(&h.path)) else {
        return Err(Error::Usage {
            flag: "--observed",
            message: format!(
                "{} has no `[history] file`; name the observations with --observed FILE",
                args.sim.scenario.display()
            ),
        });
    };
    sources.apply_overrides(&args.sim.set)?;
    let model = sources.model_as_written()?;
    let config = args.sim.config(model.defaults)?;
    let simulation = with_progress(config.paths, |done| {
        engine::simulate_part(&model, &config, engine::all_blocks(config.paths), done)
    })?;
    let backtest = Backtest::new(&model, &config, &simulation, &observed);
    if let (Some(dir), Some(style)) = (&args.charts.charts, style) {
        let scenario_arg = args.sim.scenario.display().to_string();
        let results = Results::new(&model, &config, &simulation, &scenario_arg);
        let mut rendered = Vec::new();
        for indicator in &results.indicators {
            let later = later_observations(&backtest, &indicator.id);
            if later.is_empty() {
                continue;
            }
            let chart = fan::FanChart {
                results: &results,
                indicator,
                style,
                later: &later,
            };
            rendered.push(charts::render::render(
                format!("backtest-{}", indicator.id),
                chart.title(),
                &chart,
            )?);
        }
        let written = charts::write_all(&rendered, dir)?;
        eprintln!("wrote {} chart files to {}", written.len(), dir.display());
    }
    args.out.write_in(&backtest, args.charts.look.lang)
}

/// An indicator's scored observations, observed bounds and part-year
/// levels, for its chart.
fn later_observations(backtest: &Backtest, id: &str) -> Vec<fan::Later> {
    let values = backtest
        .scored
        .iter()
        .filter(|s| s.indicator == id)
        .map(|s| fan::Later {
            year: s.year,
            value: s.value,
            bound: None,
            percentile: Some(s.percentile),
            part: None,
        });
    let bounds = backtest
        .events
        .iter()
        .filter(|e| e.indicator == id && (e.lower_bound || e.upper_bound))
        .map(|e| fan::Later {
            year: e.year,
            value: e.threshold,
            bound: Some(if e.lower_bound {
                fan::Bound::AtLeast
            } else {
                fan::Bound::AtMost
            }),
            percentile: None,
            part: None,
        });
    let levels = backtest
        .part_year_levels
        .iter()
        .filter(|l| l.indicator == id)
        .map(|l| fan::Later {
            year: l.year,
            value: l.value,
            bound: None,
            percentile: None,
            part: Some(l.fraction),
        });
    values.chain(bounds).chain(levels).collect()
}

/// A path as the reader would type it: relative to the working directory
/// when it lies under it (a parent scenario's data file is held absolute).
fn shown_path(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}
