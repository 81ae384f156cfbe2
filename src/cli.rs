//! The command-line interface: clap definitions, testable from any argument
//! list. What each command does is in `commands/`.

use crate::charts::{ChartOptions, Lang};
use crate::engine::sampling::Sampling;
use crate::engine::{RunConfig, Summary};
use crate::error::{Error, Result};
use crate::output::{Format, Output};
use crate::report::ReportFormat;
use crate::scenario::overrides::Override;
use crate::shard::Shard;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Paths when neither `--paths` nor `[simulation] paths` is given.
pub const DEFAULT_PATHS: u64 = 100_000;
/// Seed when neither `--seed` nor `[simulation] seed` is given: fixed, so
/// that a run is reproducible unless asked otherwise.
pub const DEFAULT_SEED: u64 = 0;
pub use crate::engine::MAX_PATHS;
/// Most worker threads: past a few per core, threads only add overhead.
pub const MAX_THREADS: usize = 256;

/// targetsim: how likely is each planning target to be met?
#[derive(Debug, Parser)]
#[command(name = "targetsim", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands. Each takes negative numbers as values (`--seed -1` is a
/// bad seed, not an unknown flag).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and report the probability of meeting each target.
    #[command(allow_negative_numbers = true)]
    Run(RunArgs),
    /// Combine the partial files of a sharded run into the full run's results.
    #[command(allow_negative_numbers = true)]
    Merge(MergeArgs),
    /// Simulate a scenario and draw its charts (PNG and SVG).
    #[command(allow_negative_numbers = true)]
    Chart(ChartArgs),
    /// Run several scenarios on the same paths and compare their probabilities.
    #[command(allow_negative_numbers = true)]
    Compare(CompareArgs),
    /// Each target's probability over a grid of one or two parameters.
    #[command(allow_negative_numbers = true)]
    Sweep(SweepArgs),
    /// The value of a parameter at which a target is met with a given probability.
    #[command(allow_negative_numbers = true)]
    GoalSeek(GoalSeekArgs),
    /// Which assumptions move each target's probability most (tornado, spider, rank correlations).
    #[command(allow_negative_numbers = true)]
    Sensitivity(SensitivityArgs),
    /// Simulate a scenario and write a report: HTML with inline charts, or Markdown.
    #[command(allow_negative_numbers = true)]
    Report(ReportArgs),
    /// Measure a scenario's throughput: 1 thread, all threads, and the sampling bound.
    #[command(allow_negative_numbers = true)]
    Bench(BenchArgs),
    /// Fit a growth distribution to an indicator's observed history; prints a scenario fragment.
    #[command(allow_negative_numbers = true)]
    Calibrate(CalibrateArgs),
    /// Score a scenario, run from its base year, against what was observed later.
    #[command(allow_negative_numbers = true)]
    Backtest(BacktestArgs),
    /// Write a commented scenario and targets file to start a new region from.
    Init(InitArgs),
    /// Find the quantified targets in a plan's text (a targets file, JSON or a table).
    Extract(ExtractArgs),
    /// Serve the planner's page and its JSON API (http://127.0.0.1:8000/ by default).
    Serve(ServeArgs),
}

/// `targetsim serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Scenario files, or directories searched for them [default: scenarios].
    pub scenarios: Vec<PathBuf>,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Address to listen on. Anything but loopback needs --token.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Token every request must carry (`Authorization: Bearer TOKEN`, or
    /// `?token=TOKEN` in the page's address); required off loopback.
    #[arg(long, env = "TARGETSIM_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Most paths one request may simulate.
    #[arg(long, default_value_t = 1_000_000)]
    pub max_paths: u64,
    /// Computations running at once; more wait in a queue.
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
    /// Computations that may wait; past these the server answers 503.
    #[arg(long, default_value_t = 16)]
    pub queue: usize,
    /// Open the page in a browser once serving.
    #[arg(long)]
    pub open: bool,
}

/// `targetsim init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory for `scenario.toml` and `targets.toml` (created if missing;
    /// existing files are never replaced).
    pub dir: PathBuf,
}

/// `targetsim extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The plan's text (UTF-8 or GB18030).
    pub plan: PathBuf,
    /// Match the targets to this scenario's indicators (by `label_zh` and
    /// `label`) and give their values in the indicators' units.
    #[arg(long, value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,
    /// `table` to read, `json`, or `toml` (a targets file) [default: what
    /// --output's extension names, else table].
    #[arg(long, value_enum)]
    pub format: Option<ExtractFormat>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// What `extract` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// Readable lines.
    Table,
    /// Every target, its quote and link, and what was set aside.
    Json,
    /// A targets file in the project's format.
    Toml,
}

/// `targetsim calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Observations CSV (columns indicator, year, value, status, source; optional unit, growth).
    pub history: PathBuf,
    /// The series to fit (the CSV's `indicator` column). A series whose
    /// unit is `ratio` holds growth rates; any other holds levels.
    #[arg(long, value_name = "ID")]
    pub indicator: String,
    /// Distribution to fit.
    #[arg(long, value_enum, default_value_t = crate::observed::calibrate::Fit::Lognormal)]
    pub fit: crate::observed::calibrate::Fit,
    /// Assume this sd of yearly log growth instead of fitting it (needed with one interval).
    #[arg(long)]
    pub sd: Option<f64>,
    /// Use observations from this year on.
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Use observations up to this year.
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// Format and destination of the result.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `targetsim backtest`.
#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// Scenario and simulation settings (--as-of does not apply: a backtest
    /// runs the scenario from its own base year).
    #[command(flatten)]
    pub sim: SimArgs,
    /// Observations to score against [default: the scenario's `[history] file`].
    /// Rows are matched to indicators by their `series`.
    #[arg(long, value_name = "FILE")]
    pub observed: Option<PathBuf>,
    /// Format and destination of the result.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Charts beside the result.
    #[command(flatten)]
    pub charts: ChartsArgs,
}

/// `targetsim bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Scenario and settings (--paths per measurement defaults to 1,000,000
    /// here; --threads is the all-threads measurement).
    #[command(flatten)]
    pub sim: SimArgs,
    /// `full` summarises every indicator and year (means, sds, quantiles:
    /// fans and reports); `targets` only the indicators and years targets
    /// read: the same target table, faster.
    #[arg(long, value_enum, default_value_t = Summary::Full)]
    pub summary: Summary,
    /// Format and destination of the result.
    #[command(flatten)]
    pub out: OutputArgs,
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
    /// Nowcast: start from the observations up to YEAR and condition on them
    /// (overrides the scenario's `[history] as_of`).
    #[arg(long, value_name = "YEAR")]
    pub as_of: Option<i32>,
}

/// Where and how a command writes its result: every command has these.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format: `table`, `json`, `csv` (the result's rows) or `xlsx`
    /// (a workbook with charts) [default: what --output's extension names,
    /// else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// With CSV: which of the result's tables to write, by its workbook
    /// sheet's name (for a run: `scoreboard` for the targets, `indicators`
    /// (the default), `targets met`, `assumptions`) [default: the main one].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

impl OutputArgs {
    /// The format asked for: `--format`, else the one `--output`'s
    /// extension names, else a table. A file named for another format than
    /// `--format` is an error: `r.xlsx` holding JSON misleads.
    pub fn format(&self) -> Result<Format> {
        let named = self.output.as_deref().and_then(Format::of_file);
        match (self.format, named) {
            (Some(asked), Some(named)) if asked != named => Err(Error::Usage {
                flag: "--format",
                message: format!(
                    "{} names another format than --format {}; make them agree",
                    self.output.as_deref().unwrap_or(Path::new("")).display(),
                    asked
                        .to_possible_value()
                        .map_or(String::new(), |v| v.get_name().to_string())
                ),
            }),
            (Some(asked), _) => Ok(asked),
            (None, named) => Ok(named.unwrap_or(Format::Table)),
        }
    }

    /// Write `result` in the asked format to the asked place.
    pub fn write(&self, result: &dyn Output) -> Result<()> {
        self.write_in(result, Lang::En)
    }

    /// Write `result`, a workbook's labels in `lang`.
    pub fn write_in(&self, result: &dyn Output, lang: Lang) -> Result<()> {
        let format = self.format()?;
        let to_stdout = self.output.as_deref().is_none_or(|p| p == Path::new("-"));
        if format.is_binary() && to_stdout && std::io::stdout().is_terminal() {
            return Err(Error::Usage {
                flag: "--format",
                message: "a workbook is binary: name a file with --output FILE.xlsx".into(),
            });
        }
        let bytes = match (&self.sheet, format) {
            (None, _) => format.export(result, lang)?,
            (Some(name), Format::Csv) => {
                use crate::output::Exporter;
                crate::output::csv::CsvExporter {
                    sheet: Some(name.clone()),
                }
                .export(result)?
            }
            (Some(_), _) => {
                return Err(Error::Usage {
                    flag: "--sheet",
                    message: "picks the table CSV writes: use it with --format csv (a workbook has every sheet)".into(),
                });
            }
        };
        crate::io::write_output(self.output.as_deref(), &bytes)
    }
}

/// Charts a command can draw beside its result.
#[derive(Debug, Args)]
pub struct ChartsArgs {
    /// Also draw this result's charts (PNG and SVG) into DIR.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Chart labels.
    #[command(flatten)]
    pub look: LookArgs,
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
    /// The chart options these flags ask for.
    pub fn options(&self) -> ChartOptions {
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
    /// Simulate only shard I of N (0-based) of the paths; needs --save-partial.
    #[arg(long, value_name = "I/N", requires = "save_partial")]
    pub shard: Option<Shard>,
    /// Save this run's totals to FILE for `targetsim merge` instead of reporting.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["charts", "format", "output"])]
    pub save_partial: Option<PathBuf>,
    /// Add paths until every target's 95% interval half-width is at most
    /// this fraction (0.005 = half a percentage point); replaces --paths.
    #[arg(long, value_name = "HALF_WIDTH", conflicts_with_all = ["shard", "save_partial", "paths"])]
    pub precision: Option<f64>,
    /// With --precision: the most paths to simulate.
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    pub max_paths: u64,
    /// `full` summarises every indicator and year (means, sds, quantiles:
    /// fans and reports); `targets` only the indicators and years targets
    /// read: the same target table, faster.
    #[arg(long, value_enum, default_value_t = Summary::Full)]
    pub summary: Summary,
    /// Format and destination of the result.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Charts beside the result.
    #[command(flatten)]
    pub charts: ChartsArgs,
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
    /// Change one scalar of every compared scenario (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<Override>,
    /// How the growth draws are sampled (variance reduction).
    #[arg(long, value_enum, default_value_t = Sampling::Mc)]
    pub sampling: Sampling,
    /// Nowcast every compared scenario from the observations up to YEAR.
    #[arg(long, value_name = "YEAR")]
    pub as_of: Option<i32>,
    /// Format and destination of the result.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Charts beside the result.
    #[command(flatten)]
    pub charts: ChartsArgs,
}

/// `targetsim sweep`.
#[derive(Debug, Args)]
#[command(mut_arg("paths", |a| a.help(
    "The most paths per point of the sweep; it stops on a 16th of them when every \
     point is then told apart from its neighbours [default: 10000]"
)))]
pub struct SweepArgs {
    /// Scenario and simulation settings (--paths defaults to 10000 here).
    #[command(flatten)]
    pub sim: SimArgs,
    /// KEY=FROM:TO:STEP, a scenario key as for --set (once or twice).
    #[arg(long, required = true, value_name = "KEY=FROM:TO:STEP")]
    pub param: Vec<crate::whatif::sweep::Param>,
    /// Format and destination of the result.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Charts beside the result.
    #[command(flatten)]
    pub charts: ChartsArgs,
}

/// `targetsim goal-seek`.
#[derive(Debug, Args)]
#[command(mut_arg("paths", |a| a.help(
    "The most paths a simulation of the search may use; it starts on a 64th of them \
     (at least 1000) and quadruples them until the interval is within --tolerance \
     [default: the scenario's, else 100000]"
)))]
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
    #[arg(long, value_name = "FROM:TO", allow_hyphen_values = true)]
    pub range: Option<String>,
    /// The half-width of the answer's 95% interval to reach: the search adds
    /// paths until it does, up to --paths [default: 1% of the current value,
    /// at least 0.0001].
    #[arg(long)]
    pub tolerance: Option<f64>,
    /// Format and destination of the result.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `targetsim sensitivity`.
#[derive(Debug, Args)]
#[command(mut_arg("paths", |a| a.help(
    "The most paths a swing may use; swings start on a 16th of them and stop \
     adding paths once their effect is told apart from every other input's \
     [default: 10000]"
)))]
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
    /// Format and destination of the result.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Charts beside the result.
    #[command(flatten)]
    pub charts: ChartsArgs,
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
    /// `html` (one self-contained file) or `md` (Markdown, PNGs in FILE-charts/ beside it)
    /// [default: `md` when FILE ends in .md or .markdown, else `html`].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
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
    /// Label language of a workbook (`--format xlsx`).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Format and destination of the result.
    #[command(flatten)]
    pub out: OutputArgs,
}

impl SimArgs {
    /// The run configuration: flags first, then the scenario's `[simulation]`.
    pub fn config(&self, defaults: crate::model::SimulationDefaults) -> Result<RunConfig> {
        let paths = self.paths.or(defaults.paths).unwrap_or(DEFAULT_PATHS);
        check_paths(paths, "--paths")?;
        check_threads(self.threads)?;
        Ok(RunConfig {
            paths,
            seed: self.seed.or(defaults.seed).unwrap_or(DEFAULT_SEED),
            threads: self.threads,
            sampling: self.sampling,
            summary: Default::default(),
        })
    }
}

/// A path count is between 1 and [`MAX_PATHS`].
pub fn check_paths(paths: u64, flag: &'static str) -> Result<()> {
    crate::engine::check_paths(paths).map_err(|message| Error::Usage { flag, message })
}

/// A thread count is between 1 and [`MAX_THREADS`].
pub fn check_threads(threads: Option<usize>) -> Result<()> {
    match threads {
        Some(t) if !(1..=MAX_THREADS).contains(&t) => Err(Error::Usage {
            flag: "--threads",
            message: format!("must be between 1 and {MAX_THREADS}, got {t}"),
        }),
        _ => Ok(()),
    }
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
        assert_eq!(a.out.format().unwrap(), Format::Json);
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
