//! The command-line interface: clap definitions (testable from any argument
//! list) and the dispatch of each command.

use crate::charts::{self, ChartOptions, Lang};
use crate::engine::sampling::Sampling;
use crate::engine::{self, RunConfig, Shard};
use crate::error::{Error, Result};
use crate::export::{Format, write_output};
use crate::model::Model;
use crate::partial::{self, PartialRun};
use crate::progress::with_progress;
use crate::report::{self, ReportFormat};
use crate::results::Results;
use crate::scenario::Sources;
use crate::scenario::overrides::Override;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Paths when neither `--paths` nor `[simulation] paths` is given.
pub const DEFAULT_PATHS: u64 = 100_000;
/// Seed when neither `--seed` nor `[simulation] seed` is given: fixed, so
/// that a run is reproducible unless asked otherwise.
pub const DEFAULT_SEED: u64 = 0;

/// targetsim: how likely is each planning target to be met?
#[derive(Debug, Parser)]
#[command(name = "targetsim", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and report the probability of meeting each target.
    Run(RunArgs),
    /// Combine the partial files of a sharded run into the full run's results.
    Merge(MergeArgs),
    /// Simulate a scenario and draw its charts (PNG and SVG).
    Chart(ChartArgs),
    /// Run several scenarios on the same paths and compare their probabilities.
    Compare(CompareArgs),
    /// Each target's probability over a grid of one or two parameters.
    Sweep(SweepArgs),
    /// The value of a parameter at which a target is met with a given probability.
    GoalSeek(GoalSeekArgs),
    /// Which assumptions move each target's probability most (tornado, spider, rank correlations).
    Sensitivity(SensitivityArgs),
    /// Simulate a scenario and write a report: HTML with inline charts, or Markdown.
    Report(ReportArgs),
    /// Measure a scenario's throughput: 1 thread, all threads, and the sampling bound.
    Bench(BenchArgs),
}

/// `targetsim bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Scenario and settings (--paths per measurement defaults to 1,000,000
    /// here; --threads is the all-threads measurement).
    #[command(flatten)]
    pub sim: SimArgs,
    /// `table` or `json`.
    #[arg(long, value_enum, default_value_t = BenchFormat::Table)]
    pub format: BenchFormat,
}

/// Output formats of `bench`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchFormat {
    /// Readable table.
    Table,
    /// JSON object.
    Json,
}

/// What to simulate: shared by every command that runs a scenario.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Number of simulated paths [default: the scenario's, else 100000].
    #[arg(long)]
    pub paths: Option<u64>,
    /// Seed [default: the scenario's, else 0].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads [default: RAYON_NUM_THREADS, else all cores]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Change one scalar of the scenario, e.g. ngit_output.growth.mean=0.07 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<Override>,
    /// How the growth draws are sampled (variance reduction).
    #[arg(long, value_enum, default_value_t = Sampling::Mc)]
    pub sampling: Sampling,
}

/// How charts are labelled.
#[derive(Debug, Args)]
pub struct LookArgs {
    /// Label language of charts and reports.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Font file with Chinese characters for --lang zh [default: found on the system].
    #[arg(long, value_name = "PATH")]
    pub font: Option<PathBuf>,
}

impl LookArgs {
    fn options(&self) -> ChartOptions {
        ChartOptions {
            lang: Some(self.lang),
            font: self.font.clone(),
        }
    }
}

/// `targetsim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario and simulation settings.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Simulate only shard I of N (0-based) of the paths; needs --save-partial.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Save this run's totals to FILE for `targetsim merge` instead of reporting.
    #[arg(long, value_name = "FILE")]
    pub save_partial: Option<PathBuf>,
    /// Also draw every chart (PNG and SVG) into DIR.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Add paths until every target's 95% interval half-width is at most this (e.g. 0.005).
    #[arg(long, value_name = "HALF_WIDTH")]
    pub precision: Option<f64>,
    /// With --precision: the most paths to simulate.
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    pub max_paths: u64,
    /// Chart labels.
    #[command(flatten)]
    pub look: LookArgs,
}

/// `targetsim chart`.
#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Scenario and simulation settings.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Directory for the charts (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Chart labels.
    #[command(flatten)]
    pub look: LookArgs,
}

/// `targetsim compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files; the first is the reference for the differences.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// Paths per scenario [default: the first scenario's, else 100000].
    #[arg(long)]
    pub paths: Option<u64>,
    /// Seed [default: the first scenario's, else 0].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads.
    #[arg(long)]
    pub threads: Option<usize>,
    /// `table` or `json`.
    #[arg(long, value_enum, default_value_t = BenchFormat::Table)]
    pub format: BenchFormat,
    /// Also draw the grouped-bar chart (PNG and SVG) into DIR.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Change one scalar of every compared scenario (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<Override>,
    /// How the growth draws are sampled (variance reduction).
    #[arg(long, value_enum, default_value_t = Sampling::Mc)]
    pub sampling: Sampling,
    /// Chart labels.
    #[command(flatten)]
    pub look: LookArgs,
}

/// `targetsim sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario and simulation settings (--paths defaults to 10000 here).
    #[command(flatten)]
    pub sim: SimArgs,
    /// KEY=FROM:TO:STEP, a scenario key as for --set (once or twice).
    #[arg(long, required = true, value_name = "KEY=FROM:TO:STEP")]
    pub param: Vec<crate::sweep::Param>,
    /// `table` or `json`.
    #[arg(long, value_enum, default_value_t = BenchFormat::Table)]
    pub format: BenchFormat,
    /// Also draw the line chart (one parameter) or heat maps (two) into DIR.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Chart labels.
    #[command(flatten)]
    pub look: LookArgs,
}

/// `targetsim goal-seek`.
#[derive(Debug, Args)]
pub struct GoalSeekArgs {
    /// Scenario and simulation settings.
    #[command(flatten)]
    pub sim: SimArgs,
    /// The target's id.
    #[arg(long)]
    pub target: String,
    /// The probability to reach, e.g. 0.8.
    #[arg(long)]
    pub probability: f64,
    /// The scenario key to move, as for --set (e.g. ngit_output.growth.mean).
    #[arg(long)]
    pub param: String,
    /// Search only FROM:TO [default: expand from the current value].
    #[arg(long, value_name = "FROM:TO")]
    pub range: Option<String>,
    /// Stop when the bracket is this narrow [default: 1e-4 of the current value, at least 1e-6].
    #[arg(long)]
    pub tolerance: Option<f64>,
    /// `table` or `json`.
    #[arg(long, value_enum, default_value_t = BenchFormat::Table)]
    pub format: BenchFormat,
}

/// `targetsim sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Scenario and simulation settings (--paths defaults to 10000 here).
    #[command(flatten)]
    pub sim: SimArgs,
    /// Only this target [default: every target].
    #[arg(long)]
    pub target: Option<String>,
    /// Means are swung by this many of their own standard deviations.
    #[arg(long, default_value_t = 1.0)]
    pub swing_sd: f64,
    /// Other inputs are swung by this fraction of their value.
    #[arg(long, default_value_t = 0.25)]
    pub swing_pct: f64,
    /// `table` or `json`.
    #[arg(long, value_enum, default_value_t = BenchFormat::Table)]
    pub format: BenchFormat,
    /// Also draw a tornado and a spider chart per target into DIR.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Chart labels.
    #[command(flatten)]
    pub look: LookArgs,
}

/// Paths per measurement of `bench` unless --paths says otherwise.
pub const BENCH_PATHS: u64 = 1_000_000;

/// Paths per point of a sweep unless --paths says otherwise.
pub const SWEEP_PATHS: u64 = 10_000;

/// `targetsim report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scenario and simulation settings.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Report file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// `html` (one self-contained file) or `md` (Markdown, PNGs in FILE-charts/ beside it).
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Chart labels.
    #[command(flatten)]
    pub look: LookArgs,
}

/// `targetsim merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Partial files from `run --shard I/N --save-partial`, one per shard.
    #[arg(required = true)]
    pub partials: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

impl SimArgs {
    /// The run configuration: flags first, then the scenario's `[simulation]`.
    pub fn config(&self, defaults: crate::model::SimulationDefaults) -> Result<RunConfig> {
        let paths = self.paths.or(defaults.paths).unwrap_or(DEFAULT_PATHS);
        if paths == 0 {
            return Err(Error::Usage {
                flag: "--paths",
                message: "must be at least 1".into(),
            });
        }
        if self.threads == Some(0) {
            return Err(Error::Usage {
                flag: "--threads",
                message: "must be at least 1".into(),
            });
        }
        Ok(RunConfig {
            paths,
            seed: self.seed.or(defaults.seed).unwrap_or(DEFAULT_SEED),
            threads: self.threads,
            sampling: self.sampling,
        })
    }
}

/// Run a parsed command line.
pub fn execute(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run(&args),
        Command::Merge(args) => merge(&args),
        Command::Chart(args) => chart(&args),
        Command::Compare(args) => compare(&args),
        Command::Sweep(args) => sweep(&args),
        Command::GoalSeek(args) => goal_seek(&args),
        Command::Sensitivity(args) => sensitivity(&args),
        Command::Report(args) => report(&args),
        Command::Bench(args) => bench(&args),
    }
}

fn bench(args: &BenchArgs) -> Result<()> {
    let mut sources = Sources::read(&args.sim.scenario)?;
    sources.apply_overrides(&args.sim.set)?;
    let model = sources.model()?;
    let mut config = args.sim.config(model.defaults)?;
    if args.sim.paths.is_none() {
        config.paths = BENCH_PATHS;
    }
    let report = crate::bench::bench(
        &model,
        config.paths,
        config.seed,
        config.threads,
        config.sampling,
    )?;
    let text = match args.format {
        BenchFormat::Table => report.table(),
        BenchFormat::Json => serde_json::to_string_pretty(&report).expect("serialises") + "\n",
    };
    write_output(None, text.as_bytes())
}

/// A finished simulation and what it was run from.
struct Finished {
    sources: Sources,
    model: Model,
    config: RunConfig,
    simulation: engine::Simulation,
    shard: Shard,
}

fn simulate(sim: &SimArgs, shard: Shard) -> Result<Finished> {
    let mut sources = Sources::read(&sim.scenario)?;
    sources.apply_overrides(&sim.set)?;
    let model = sources.model()?;
    let config = sim.config(model.defaults)?;
    let paths = shard.paths(config.paths);
    let simulation = with_progress(paths.end - paths.start, |done| {
        engine::simulate_shard(&model, &config, shard, done)
    })?;
    Ok(Finished {
        sources,
        model,
        config,
        simulation,
        shard,
    })
}

fn overrides_text(list: &[Override]) -> Vec<String> {
    list.iter().map(|o| o.text.clone()).collect()
}

fn simulate_to_precision(
    sim: &SimArgs,
    precision: f64,
    max_paths: u64,
) -> Result<(Finished, engine::convergence::Convergence)> {
    let mut sources = Sources::read(&sim.scenario)?;
    sources.apply_overrides(&sim.set)?;
    let model = sources.model()?;
    let mut config = sim.config(model.defaults)?;
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

/// Resolve the chart style, warning on stderr when falling back to English.
fn chart_style(look: &LookArgs) -> Result<charts::Style> {
    let (style, warning) = charts::resolve(&look.options())?;
    if let Some(w) = warning {
        eprintln!("warning: {w}");
    }
    Ok(style)
}

fn run(args: &RunArgs) -> Result<()> {
    if args.shard.is_some() && args.save_partial.is_none() {
        return Err(Error::Usage {
            flag: "--shard",
            message: "a shard's results are partial: add --save-partial FILE and merge the files with `targetsim merge`".into(),
        });
    }
    if args.charts.is_some() && args.save_partial.is_some() {
        return Err(Error::Usage {
            flag: "--charts",
            message: "charts need the whole run: draw them from `targetsim merge` output instead of a partial run".into(),
        });
    }
    let style = match &args.charts {
        Some(_) => Some(chart_style(&args.look)?),
        None => None,
    };
    if let Some(precision) = args.precision {
        if !(precision > 0.0 && precision < 0.5) {
            return Err(Error::Usage {
                flag: "--precision",
                message: format!("must be a half-width between 0 and 0.5, got {precision}"),
            });
        }
        if args.sim.sampling == Sampling::Lhs {
            return Err(Error::Usage {
                flag: "--precision",
                message: "a Latin hypercube is laid out for a fixed path count: use --paths with --sampling lhs".into(),
            });
        }
        if args.shard.is_some() || args.save_partial.is_some() || args.max_paths == 0 {
            return Err(Error::Usage {
                flag: "--precision",
                message: "needs --max-paths of at least 1 and cannot be combined with --shard or --save-partial".into(),
            });
        }
    }
    let (run, convergence) = match args.precision {
        Some(precision) => {
            let (run, c) = simulate_to_precision(&args.sim, precision, args.max_paths)?;
            (run, Some(c))
        }
        None => (
            simulate(&args.sim, args.shard.unwrap_or(Shard::WHOLE))?,
            None,
        ),
    };
    let scenario_arg = args.sim.scenario.display().to_string();
    if let Some(path) = &args.save_partial {
        let mut partial = PartialRun::new(
            &run.sources,
            &scenario_arg,
            &run.config,
            run.shard,
            &run.simulation,
        );
        partial.overrides = overrides_text(&args.sim.set);
        return write_output(Some(path), &partial.to_bytes());
    }
    let mut results = Results::new(&run.model, &run.config, &run.simulation, &scenario_arg);
    results.overrides = overrides_text(&args.sim.set);
    results.convergence = convergence;
    if let (Some(dir), Some(style)) = (&args.charts, style) {
        charts::write_all(&charts::draw_all(&results, style)?, dir)?;
    }
    let bytes = args.format.exporter().serialize(&results);
    write_output(args.output.as_deref(), &bytes)
}

fn chart(args: &ChartArgs) -> Result<()> {
    let style = chart_style(&args.look)?;
    let run = simulate(&args.sim, Shard::WHOLE)?;
    let scenario_arg = args.sim.scenario.display().to_string();
    let mut results = Results::new(&run.model, &run.config, &run.simulation, &scenario_arg);
    results.overrides = overrides_text(&args.sim.set);
    let written = charts::write_all(&charts::draw_all(&results, style)?, &args.out)?;
    eprintln!(
        "wrote {} chart files to {}",
        written.len(),
        args.out.display()
    );
    Ok(())
}

fn compare(args: &CompareArgs) -> Result<()> {
    let style = match &args.charts {
        Some(_) => Some(chart_style(&args.look)?),
        None => None,
    };
    let models = args
        .scenarios
        .iter()
        .map(|p| {
            let mut sources = Sources::read(p)?;
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
    };
    let config = sim.config(models[0].defaults)?;
    let totals = engine::paired::simulate_paired(&models, &config)?;
    let files: Vec<String> = args
        .scenarios
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let comparison = crate::compare::Comparison::new(&models, &files, &totals, config.seed);
    if let (Some(dir), Some(style)) = (&args.charts, style) {
        let chart = crate::charts::compare::CompareChart {
            comparison: &comparison,
            style,
        };
        let rendered = charts::render::render("compare".into(), chart.title(), &chart)?;
        charts::write_all(&[rendered], dir)?;
    }
    let text = match args.format {
        BenchFormat::Table => comparison.table(),
        BenchFormat::Json => serde_json::to_string_pretty(&comparison).expect("serialises") + "\n",
    };
    write_output(args.output.as_deref(), text.as_bytes())
}

fn sweep(args: &SweepArgs) -> Result<()> {
    if args.param.len() > 2 {
        return Err(Error::Usage {
            flag: "--param",
            message: "at most two parameters (a line chart for one, a heat map for two)".into(),
        });
    }
    let style = match &args.charts {
        Some(_) => Some(chart_style(&args.look)?),
        None => None,
    };
    let sources = Sources::read(&args.sim.scenario)?;
    let defaults = sources.model()?.defaults;
    let mut config = args.sim.config(defaults)?;
    if args.sim.paths.is_none() {
        config.paths = SWEEP_PATHS;
    }
    let (result, _) = crate::sweep::sweep(&sources, &args.sim.set, &args.param, &config)?;
    if let (Some(dir), Some(style)) = (&args.charts, style) {
        let mut rendered = Vec::new();
        if result.params.len() == 1 {
            let chart = crate::charts::sweep::SweepLines {
                sweep: &result,
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
                    target,
                    style,
                };
                let name = format!("sweep-{}", result.targets[target]);
                rendered.push(charts::render::render(name, chart.title(), &chart)?);
            }
        }
        charts::write_all(&rendered, dir)?;
    }
    let text = match args.format {
        BenchFormat::Table => result.table(),
        BenchFormat::Json => serde_json::to_string_pretty(&result).expect("serialises") + "\n",
    };
    write_output(args.output.as_deref(), text.as_bytes())
}

fn goal_seek(args: &GoalSeekArgs) -> Result<()> {
    if !(args.probability > 0.0 && args.probability < 1.0) {
        return Err(Error::Usage {
            flag: "--probability",
            message: format!("must be between 0 and 1, got {}", args.probability),
        });
    }
    let range = match &args.range {
        None => None,
        Some(r) => {
            let parsed = r.split_once(':').and_then(|(a, b)| {
                Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?))
            });
            match parsed {
                Some((a, b)) if a < b => Some((a, b)),
                _ => {
                    return Err(Error::Usage {
                        flag: "--range",
                        message: format!("expected FROM:TO with FROM < TO, got \"{r}\""),
                    });
                }
            }
        }
    };
    let sources = Sources::read(&args.sim.scenario)?;
    let config = args.sim.config(sources.model()?.defaults)?;
    let answer = crate::goal_seek::goal_seek(
        &sources,
        &args.sim.set,
        &args.target,
        args.probability,
        &args.param,
        range,
        args.tolerance,
        &config,
    )?;
    let text = match args.format {
        BenchFormat::Json => serde_json::to_string_pretty(&answer).expect("serialises") + "\n",
        BenchFormat::Table => format!(
            "goal seek {}: P({}) = {} needs {} = {}\n  achieved P = {:.4} at that value; bracket [{}, {}] (width {:.3e})\n  {} simulations of {} paths each, seed {} (the same paths every time)\n",
            answer.scenario,
            answer.target,
            answer.probability,
            answer.param,
            answer.value,
            answer.achieved,
            answer.bracket[0],
            answer.bracket[1],
            answer.bracket_width,
            answer.simulations,
            answer.paths,
            answer.seed
        ),
    };
    write_output(None, text.as_bytes())
}

fn sensitivity(args: &SensitivityArgs) -> Result<()> {
    if !(args.swing_sd > 0.0 && args.swing_pct > 0.0) {
        return Err(Error::Usage {
            flag: "--swing-sd",
            message: "--swing-sd and --swing-pct must be positive".into(),
        });
    }
    let style = match &args.charts {
        Some(_) => Some(chart_style(&args.look)?),
        None => None,
    };
    let sources = Sources::read(&args.sim.scenario)?;
    let mut config = args.sim.config(sources.model()?.defaults)?;
    if args.sim.paths.is_none() {
        config.paths = SWEEP_PATHS;
    }
    let swing = crate::sensitivity::Swing {
        sd: args.swing_sd,
        pct: args.swing_pct,
    };
    let analysis = crate::sensitivity::sensitivity(&sources, &args.sim.set, swing, &config)?;
    let only = match &args.target {
        None => None,
        Some(id) => Some(
            analysis
                .targets
                .iter()
                .position(|t| t == id)
                .ok_or_else(|| Error::Usage {
                    flag: "--target",
                    message: format!(
                        "no target \"{id}\"; targets: {}",
                        analysis.targets.join(", ")
                    ),
                })?,
        ),
    };
    if let (Some(dir), Some(style)) = (&args.charts, style) {
        let mut rendered = Vec::new();
        for t in 0..analysis.targets.len() {
            if only.is_some_and(|o| o != t) {
                continue;
            }
            let id = &analysis.targets[t];
            let tornado = crate::charts::sensitivity::Tornado {
                analysis: &analysis,
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
    let text = match args.format {
        BenchFormat::Table => analysis.table(only, 8),
        BenchFormat::Json => serde_json::to_string_pretty(&analysis).expect("serialises") + "\n",
    };
    write_output(None, text.as_bytes())
}

fn report(args: &ReportArgs) -> Result<()> {
    let style = chart_style(&args.look)?;
    let run = simulate(&args.sim, Shard::WHOLE)?;
    let scenario_arg = args.sim.scenario.display().to_string();
    let mut results = Results::new(&run.model, &run.config, &run.simulation, &scenario_arg);
    results.overrides = overrides_text(&args.sim.set);
    report::write(
        &run.model,
        &results,
        style,
        &run.sources.hash(),
        args.format,
        &args.out,
    )?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

fn merge(args: &MergeArgs) -> Result<()> {
    let partials = args
        .partials
        .iter()
        .map(|p| Ok((p.clone(), PartialRun::read(p)?)))
        .collect::<Result<Vec<_>>>()?;
    let merged = partial::merge(&partials)?;
    let mut results = Results::new(
        &merged.model,
        &merged.config,
        &merged.simulation,
        &merged.scenario_arg,
    );
    results.overrides = merged.overrides.clone();
    let bytes = args.format.exporter().serialize(&results);
    write_output(args.output.as_deref(), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_run_flags() {
        let cli = Cli::try_parse_from([
            "targetsim",
            "run",
            "s.toml",
            "--paths",
            "10",
            "--seed",
            "3",
            "--threads",
            "2",
            "--format",
            "json",
            "-o",
            "out.json",
        ])
        .unwrap();
        let Command::Run(a) = cli.command else {
            panic!("run")
        };
        assert_eq!(a.sim.paths, Some(10));
        assert_eq!(a.format, Format::Json);
        let cfg = a.sim.config(Default::default()).unwrap();
        assert_eq!((cfg.paths, cfg.seed, cfg.threads), (10, 3, Some(2)));
    }

    #[test]
    fn flags_override_scenario_defaults() {
        let cli = Cli::try_parse_from(["targetsim", "run", "s.toml", "--seed", "9"]).unwrap();
        let Command::Run(a) = cli.command else {
            panic!("run")
        };
        let defaults = crate::model::SimulationDefaults {
            paths: Some(500),
            seed: Some(1),
        };
        let cfg = a.sim.config(defaults).unwrap();
        assert_eq!((cfg.paths, cfg.seed), (500, 9));
    }

    #[test]
    fn rejects_bad_values() {
        assert!(Cli::try_parse_from(["targetsim", "run", "s.toml", "--paths", "-1"]).is_err());
        assert!(Cli::try_parse_from(["targetsim", "run", "s.toml", "--format", "xml"]).is_err());
        assert!(Cli::try_parse_from(["targetsim", "run", "s.toml", "--shard", "3/3"]).is_err());
        assert!(Cli::try_parse_from(["targetsim", "merge"]).is_err());
        let cli = Cli::try_parse_from(["targetsim", "run", "s.toml", "--paths", "0"]).unwrap();
        let Command::Run(a) = cli.command else {
            panic!("run")
        };
        assert!(matches!(
            a.sim.config(Default::default()),
            Err(Error::Usage {
                flag: "--paths",
                ..
            })
        ));
    }
}
