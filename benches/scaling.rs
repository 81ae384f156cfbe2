//! Cost must grow linearly in paths, indicators and years.
//! Run: `cargo bench --bench scaling`; compare time per element across sizes.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::fmt::Write;
use std::path::Path;
use targetsim::engine::{Accumulator, Plan, simulate_range};
use targetsim::scenario;

/// A synthetic scenario: `growth` correlated lognormal indicators and
/// `counts` Poisson indicators over `years` years, one target each.
fn scenario(growth: usize, counts: usize, years: i32) -> targetsim::model::Model {
    let mut s = format!(
        "[scenario]\nname = \"scaling\"\nbase_year = 2000\ntarget_year = {}\n",
        2000 + years
    );
    for i in 0..growth {
        let _ = write!(
            s,
            "[[indicator]]\nid = \"g{i}\"\nkind = \"growth\"\nbase = 100\ngrowth = {{ dist = \"lognormal\", mean = 0.05, sd = 0.04 }}\n[[target]]\nindicator = \"g{i}\"\nop = \">\"\nvalue = 120\n"
        );
        if i > 0 {
            let _ = write!(
                s,
                "[[correlation]]\nbetween = [\"g{}\", \"g{i}\"]\nrho = 0.3\n",
                i - 1
            );
        }
    }
    for i in 0..counts {
        let _ = write!(
            s,
            "[[indicator]]\nid = \"c{i}\"\nkind = \"count\"\nbase = 40\nadditions = {{ dist = \"poisson\", mean = 8 }}\n[[target]]\nindicator = \"c{i}\"\nop = \">=\"\nvalue = 60\n"
        );
    }
    scenario::load_str(Path::new("scaling.toml"), &s).expect("valid scenario")
}

fn time(
    c: &mut Criterion,
    group: &str,
    name: String,
    model: &targetsim::model::Model,
    paths: u64,
    elements: u64,
) {
    let plan = Plan::new(model);
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(elements));
    g.bench_function(name, |b| {
        b.iter(|| {
            let mut acc = Accumulator::new(&plan);
            simulate_range(&plan, 1, 0, paths, &mut acc);
            acc
        })
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let base = scenario(4, 2, 4);
    for paths in [10_000u64, 40_000, 160_000] {
        time(c, "paths", format!("{paths}"), &base, paths, paths);
    }
    for (growth, counts) in [(2, 1), (4, 2), (8, 4), (16, 8)] {
        let m = scenario(growth, counts, 4);
        let indicators = (growth + counts) as u64;
        time(
            c,
            "indicators",
            format!("{indicators}"),
            &m,
            20_000,
            20_000 * indicators,
        );
    }
    for years in [2, 4, 8, 16] {
        let m = scenario(4, 2, years);
        time(
            c,
            "years",
            format!("{years}"),
            &m,
            20_000,
            20_000 * years as u64,
        );
    }
}

criterion_group!(benches, scaling);
criterion_main!(benches);
