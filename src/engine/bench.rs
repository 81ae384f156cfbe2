//! `targetsim bench`: how fast a scenario runs on this machine, and how
//! close the engine is to the cost of drawing its random numbers.

use crate::engine::lanes::{Isa, bare_sampling};
use crate::engine::{self, BLOCK_PATHS, Plan, RunConfig};
use crate::error::Result;
use crate::model::Model;
use crate::output::{Cell, Output, Sheet};
use serde::Serialize;
use std::fmt::Write;
use std::time::Instant;

/// One timed configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    /// Threads used.
    pub threads: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Paths per second.
    pub paths_per_second: f64,
    /// Nanoseconds per path and simulated year, per thread.
    pub ns_per_path_year: f64,
}

/// What `targetsim bench` measures.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// Scenario name.
    pub scenario: String,
    /// Indicators.
    pub indicators: usize,
    /// Simulated years.
    pub years: usize,
    /// Paths per measurement.
    pub paths: u64,
    /// The engine on one thread.
    pub one_thread: Timing,
    /// The engine on all threads.
    pub all_threads: Timing,
    /// Speed-up of all threads over one, divided by the thread count.
    pub parallel_efficiency: f64,
    /// Drawing the same random variates and nothing else, one thread.
    pub bare_sampling: Timing,
    /// Engine time on one thread over bare sampling time, minus 1.
    pub engine_overhead: f64,
    /// Which indicators and years the engine summarised (`full` or `targets`).
    pub summary: &'static str,
    /// The instruction set the lanes ran with (`avx512`, `avx2` or
    /// `baseline`; see `TARGETSIM_ISA`).
    pub instruction_set: &'static str,
}

fn timing(threads: usize, seconds: f64, paths: u64, years: usize) -> Timing {
    Timing {
        threads,
        seconds,
        paths_per_second: paths as f64 / seconds,
        ns_per_path_year: seconds * 1e9 * threads as f64 / (paths as f64 * years as f64),
    }
}

/// Time `model` with `config.paths` paths on 1 thread, on `config.threads`
/// (None: all), and the bare sampling loop.
pub fn bench(model: &Model, config: &RunConfig) -> Result<BenchReport> {
    let (paths, seed, years) = (config.paths, config.seed, model.years());
    let run = |t: Option<usize>, n: u64| -> Result<(f64, usize)> {
        let config = RunConfig {
            paths: n,
            threads: t,
            ..*config
        };
        let sim = engine::simulate(model, &config)?;
        Ok((sim.elapsed.as_secs_f64(), sim.threads))
    };
    // Warm up: page in the tables and spin up the thread pool once.
    run(None, BLOCK_PATHS.min(paths))?;
    let (one, _) = run(Some(1), paths)?;
    let (all, used) = run(config.threads, paths)?;
    let plan = Plan::new(model).sampled(config)?;
    let started = Instant::now();
    bare_sampling(Isa::chosen(), &plan, seed, 0, paths);
    let bare = started.elapsed().as_secs_f64();
    Ok(BenchReport {
        scenario: model.name.clone(),
        indicators: model.indicators.len(),
        years,
        paths,
        one_thread: timing(1, one, paths, years),
        all_threads: timing(used, all, paths, years),
        parallel_efficiency: one / all / used as f64,
        bare_sampling: timing(1, bare, paths, years),
        engine_overhead: one / bare - 1.0,
        summary: config.summary.name(),
        instruction_set: Isa::chosen().name(),
    })
}

impl Output for BenchReport {
    fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "bench {}: {} indicators x {} years, {} paths per measurement, summary {}, instruction set {}\n",
            self.scenario,
            self.indicators,
            self.years,
            self.paths,
            self.summary,
            self.instruction_set
        );
        let _ = writeln!(out, "{:<28} {:>14} {:>16}", "", "paths/s", "ns/path-year");
        let row = |name: &str, t: &Timing| {
            format!(
                "{name:<28} {:>14.0} {:>16.1}\n",
                t.paths_per_second, t.ns_per_path_year
            )
        };
        out += &row("engine, 1 thread", &self.one_thread);
        out += &row(
            &match self.all_threads.threads {
                1 => "engine, 1 thread (all asked)".to_string(),
                n => format!("engine, {n} threads"),
            },
            &self.all_threads,
        );
        out += &row("bare sampling, 1 thread", &self.bare_sampling);
        let _ = writeln!(
            out,
            "\nparallel efficiency: {:.0}%   engine overhead over bare sampling: {:+.0}%",
            100.0 * self.parallel_efficiency,
            100.0 * self.engine_overhead
        );
        let _ = writeln!(
            out,
            "(ns/path-year is per thread: wall time x threads / (paths x years))"
        );
        out
    }

    fn sheets(&self) -> Vec<Sheet> {
        let columns = [
            "measurement",
            "threads",
            "seconds",
            "paths_per_second",
            "ns_per_path_year",
        ];
        let row = |name: &str, t: &Timing| -> Vec<Cell> {
            vec![
                name.into(),
                (t.threads as u64).into(),
                t.seconds.into(),
                t.paths_per_second.into(),
                t.ns_per_path_year.into(),
            ]
        };
        let rows = vec![
            row("one_thread", &self.one_thread),
            row("all_threads", &self.all_threads),
            row("bare_sampling", &self.bare_sampling),
        ];
        vec![Sheet::new("bench", &columns, rows)]
    }
}
