//! What each command does. The command line itself (clap definitions) is in
//! `cli.rs`; each command is a module here; this file dispatches and holds
//! what several commands share.

mod backtest;
mod bench;
mod calibrate;
mod chart;
mod compare;
mod extract;
mod goal_seek;
mod init;
mod merge;
pub(crate) mod progress;
mod report;
mod run;
mod sensitivity;
mod serve;
mod sweep;

use crate::charts;
use crate::cli::{Cli, Command, LookArgs, SimArgs};
use crate::commands::progress::with_progress;
use crate::engine::{self, RunConfig, Summary};
use crate::error::Result;
use crate::model::Model;
use crate::scenario::Sources;
use crate::scenario::overrides::Override;
use crate::shard::Shard;

/// Run a parsed command line.
pub fn execute(cli: Cli) -> Result<()> {
    crate::engine::lanes::Isa::asked().map_err(|message| crate::error::Error::Usage {
        flag: "TARGETSIM_ISA",
        message,
    })?;
    match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Merge(args) => merge::merge(&args),
        Command::Chart(args) => chart::chart(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Sweep(args) => sweep::sweep(&args),
        Command::GoalSeek(args) => goal_seek::goal_seek(&args),
        Command::Sensitivity(args) => sensitivity::sensitivity(&args),
        Command::Report(args) => report::report(&args),
        Command::Bench(args) => bench::bench(&args),
        Command::Calibrate(args) => calibrate::calibrate(&args),
        Command::Backtest(args) => backtest::backtest(&args),
        Command::Init(args) => init::init(&args),
        Command::Extract(args) => extract::extract(&args),
        Command::Serve(args) => serve::serve(&args),
    }
}

/// A finished simulation and what it was run from.
pub(crate) struct Finished {
    pub sources: Sources,
    pub model: Model,
    pub config: RunConfig,
    pub simulation: engine::Simulation,
    pub shard: Shard,
}

/// Read the scenario a command names, with its `--as-of` (not yet its `--set`).
pub(crate) fn read_sources(sim: &SimArgs) -> Result<Sources> {
    let mut sources = Sources::read(&sim.scenario)?;
    if let Some(year) = sim.as_of {
        sources.set_as_of(year);
    }
    Ok(sources)
}

pub(crate) fn simulate(sim: &SimArgs, shard: Shard, summary: Summary) -> Result<Finished> {
    let mut sources = read_sources(sim)?;
    sources.apply_overrides(&sim.set)?;
    let model = sources.model()?;
    let config = RunConfig {
        summary,
        ..sim.config(model.defaults)?
    };
    let paths = shard.paths(config.paths);
    let simulation = with_progress(paths.end - paths.start, |done| {
        engine::simulate_part(&model, &config, shard.blocks(config.paths), done)
    })?;
    Ok(Finished {
        sources,
        model,
        config,
        simulation,
        shard,
    })
}

pub(crate) fn overrides_text(list: &[Override]) -> Vec<String> {
    list.iter().map(|o| o.text.clone()).collect()
}

pub(crate) fn simulate_to_precision(
    sim: &SimArgs,
    precision: f64,
    max_paths: u64,
    summary: Summary,
) -> Result<(Finished, engine::convergence::Convergence)> {
    let mut sources = read_sources(sim)?;
    sources.apply_overrides(&sim.set)?;
    let model = sources.model()?;
    let mut config = RunConfig {
        summary,
        ..sim.config(model.defaults)?
    };
    let (simulation, convergence) = with_progress(max_paths, |done| {
        engine::convergence::simulate_to_precision(&model, &config, precision, max_paths, done)
    })?;
    config.paths = convergence.paths;
    Ok((
        Finished {
            sources,
            model,
            config,
            simulation,
            shard: Shard::WHOLE,
        },
        convergence,
    ))
}

/// The chart style when `--charts` asks for charts.
pub(crate) fn chart_style_for(charts: &crate::cli::ChartsArgs) -> Result<Option<charts::Style>> {
    match &charts.charts {
        Some(_) => Ok(Some(chart_style(&charts.look)?)),
        None => Ok(None),
    }
}

/// Resolve the chart style, warning on stderr when falling back to English.
pub(crate) fn chart_style(look: &LookArgs) -> Result<charts::Style> {
    let (style, warning) = charts::resolve(&look.options())?;
    if let Some(w) = warning {
        eprintln!("warning: {w}");
    }
    Ok(style)
}
