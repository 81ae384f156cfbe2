//! Criterion benchmarks of the engine (kept out of the main build).
//! Run: `cargo bench --bench engine`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use targetsim::engine::{Accumulator, Plan, RunConfig, simulate, simulate_range};
use targetsim::scenario;

fn baseline() -> targetsim::model::Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kunshan/baseline.toml");
    scenario::load(&path).expect("baseline loads")
}

/// The Kunshan baseline on one thread, in-process: the cost of a what-if.
fn kunshan_single_thread(c: &mut Criterion) {
    let model = baseline();
    let plan = Plan::new(&model);
    let mut group = c.benchmark_group("kunshan_baseline_1_thread");
    for paths in [10_000u64, 100_000] {
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
    group.sample_size(20);
    for paths in [100_000u64, 1_000_000] {
        group.throughput(Throughput::Elements(paths));
        group.bench_function(format!("{paths}_paths"), |b| {
            let config = RunConfig {
                paths,
                seed: 1,
                threads: None,
                sampling: Default::default(),
            };
            b.iter(|| simulate(black_box(&model), &config).expect("runs"))
        });
    }
    group.finish();
}

criterion_group!(benches, kunshan_single_thread, kunshan_all_threads);
criterion_main!(benches);
