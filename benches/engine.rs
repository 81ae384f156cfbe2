//! Criterion benchmarks of the engine (kept out of the main build).
//! Run: `cargo bench --bench engine`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use targetsim::engine::sketch::QuantileSketch;
use targetsim::engine::{Accumulator, Plan, RunConfig, Summary, simulate, simulate_range};
use targetsim::scenario;

fn load(file: &str) -> targetsim::model::Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    scenario::load(&path).expect("scenario loads")
}

/// The Kunshan baseline (with its firm population of about 4,700 firms).
fn baseline() -> targetsim::model::Model {
    load("scenarios/kunshan/baseline.toml")
}

/// The same indicators with the tiers as plain counts: the per-path loop
/// without firms.
fn baseline_counts() -> targetsim::model::Model {
    load("benches/scenarios/kunshan-counts.toml")
}

/// The Kunshan baseline on one thread, in-process: the cost of a what-if.
fn kunshan_single_thread(c: &mut Criterion) {
    let model = baseline();
    let plan = Plan::new(&model);
    let mut group = c.benchmark_group("kunshan_baseline_1_thread");
    group.sample_size(10);
    for paths in [1_000u64, 10_000] {
        group.throughput(Throughput::Elements(paths));
        group.bench_function(format!("{paths}_paths"), |b| {
            b.iter(|| {
                let mut acc = Accumulator::new(&plan);
                simulate_range(&plan, black_box(1), 0, paths, &mut acc);
                acc
            })
        });
    }
    group.finish();
}

/// The same through the public entry point on all threads.
fn kunshan_all_threads(c: &mut Criterion) {
    let model = baseline();
    let mut group = c.benchmark_group("kunshan_baseline_all_threads");
    group.sample_size(10);
    for paths in [10_000u64, 100_000] {
        group.throughput(Throughput::Elements(paths));
        group.bench_function(format!("{paths}_paths"), |b| {
            let config = RunConfig {
                paths,
                seed: 1,
                threads: None,
                sampling: Default::default(),
                summary: Default::default(),
            };
            b.iter(|| simulate(black_box(&model), &config).expect("runs"))
        });
    }
    group.finish();
}

/// The tiers-as-counts Kunshan scenario at 10k (1 thread) and 1M paths.
fn kunshan_counts(c: &mut Criterion) {
    let model = baseline_counts();
    let plan = Plan::new(&model);
    let mut group = c.benchmark_group("kunshan_counts");
    group.sample_size(20);
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("10000_paths_1_thread", |b| {
        b.iter(|| {
            let mut acc = Accumulator::new(&plan);
            simulate_range(&plan, black_box(1), 0, 10_000, &mut acc);
            acc
        })
    });
    // What a sweep or goal seek point costs: only the target slots summarised.
    let targets_only = Plan::new(&model)
        .sampled(&RunConfig {
            paths: 10_000,
            seed: 1,
            threads: Some(1),
            sampling: Default::default(),
            summary: Summary::Targets,
        })
        .expect("plan");
    group.bench_function("10000_paths_1_thread_summary_targets", |b| {
        b.iter(|| {
            let mut acc = Accumulator::new(&targets_only);
            simulate_range(&targets_only, black_box(1), 0, 10_000, &mut acc);
            acc
        })
    });
    let paths = 1_000_000u64;
    group.throughput(Throughput::Elements(paths));
    group.bench_function(format!("{paths}_paths"), |b| {
        let config = RunConfig {
            paths,
            seed: 1,
            threads: None,
            sampling: Default::default(),
            summary: Default::default(),
        };
        b.iter(|| simulate(black_box(&model), &config).expect("runs"))
    });
    group.finish();
}

/// One histogram increment of the quantile sketch, the unit cost of
/// recording (48 a path for peer-12 with the full summary).
fn sketch_insert(c: &mut Criterion) {
    // Levels spread like a growth indicator's: 1000 e^(0.1 z), z over a grid.
    let values: Vec<f64> = (0..4096)
        .map(|i| 1000.0 * (0.1 * (((i * 2654435761u64) % 4096) as f64 / 682.0 - 3.0)).exp())
        .collect();
    let mut group = c.benchmark_group("sketch");
    group.throughput(Throughput::Elements(values.len() as u64));
    group.bench_function("insert_4096_values", |b| {
        let mut sketch = QuantileSketch::new();
        b.iter(|| {
            for &x in black_box(&values) {
                sketch.insert(x);
            }
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    sketch_insert,
    kunshan_single_thread,
    kunshan_all_threads,
    kunshan_counts
);
criterion_main!(benches);
