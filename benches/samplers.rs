//! Draws per second of each sampler the engine uses, against rand_distr.
//! Run: `cargo bench --bench samplers`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::SeedableRng;
use rand_distr::{Distribution, Poisson, StandardNormal};
use std::hint::black_box;
use targetsim::distr::count::CountSampler;
use targetsim::distr::{CountDist, GrowthDist};
use targetsim::engine::streams::PathRng;

const DRAWS: u64 = 10_000;

fn bench_draws(
    c: &mut Criterion,
    group: &str,
    name: &str,
    mut draw: impl FnMut(&mut PathRng) -> f64,
) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(DRAWS));
    g.bench_function(name, |b| {
        let mut rng = PathRng::seed_from_u64(1);
        b.iter(|| {
            let mut sum = 0.0;
            for _ in 0..DRAWS {
                sum += draw(&mut rng);
            }
            black_box(sum)
        })
    });
    g.finish();
}

fn counts(c: &mut Criterion) {
    for mean in [3.0, 40.0, 300.0, 5000.0] {
        let table = CountSampler::new(&CountDist::Poisson { mean });
        bench_draws(c, "poisson", &format!("table_mean_{mean}"), |r| {
            table.sample(r)
        });
        let reference = Poisson::new(mean).unwrap();
        bench_draws(c, "poisson", &format!("rand_distr_mean_{mean}"), |r| {
            reference.sample(r)
        });
    }
    let nb = CountSampler::new(&CountDist::NegativeBinomial {
        mean: 650.0,
        dispersion: 30.0,
    });
    bench_draws(c, "negative_binomial", "table_mean_650_k_30", |r| {
        nb.sample(r)
    });
}

fn growth(c: &mut Criterion) {
    bench_draws(c, "normal", "rand_distr_ziggurat", |r| {
        <StandardNormal as Distribution<f64>>::sample(&StandardNormal, r)
    });
    let shapes = [
        (
            "normal_factor",
            GrowthDist::Normal {
                mean: 0.05,
                sd: 0.04,
            },
        ),
        ("lognormal_factor", GrowthDist::lognormal(0.05, 0.04)),
        (
            "triangular_via_copula",
            GrowthDist::Triangular {
                min: -0.05,
                mode: 0.03,
                max: 0.1,
            },
        ),
        (
            "pert_via_copula",
            GrowthDist::pert(-0.05, 0.03, 0.1).unwrap(),
        ),
        (
            "student_t_via_copula",
            GrowthDist::student_t(0.05, 0.04, 5.0).unwrap(),
        ),
    ];
    for (name, dist) in shapes {
        bench_draws(c, "growth", name, |r| {
            let z: f64 = StandardNormal.sample(r);
            dist.factor(z)
        });
    }
}

/// The engine's branch-free `exp` over 64 lanes, as the batch and firm
/// loops call it, compiled for AVX2 (or the baseline where AVX2 is missing):
/// what one exponential costs per value in vector code.
fn exp_lanes(c: &mut Criterion) {
    #[inline(always)]
    fn lanes(xs: &[f64; 64], out: &mut [f64; 64]) {
        for (o, &x) in out.iter_mut().zip(xs) {
            *o = targetsim::distr::exp::exp(x);
        }
    }
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn lanes_avx2(xs: &[f64; 64], out: &mut [f64; 64]) {
        lanes(xs, out)
    }
    let run = |xs: &[f64; 64], out: &mut [f64; 64]| {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2 (checked above).
            return unsafe { lanes_avx2(xs, out) };
        }
        lanes(xs, out)
    };
    let xs: [f64; 64] = std::array::from_fn(|i| -3.0 + i as f64 * 0.09);
    let mut g = c.benchmark_group("exp");
    g.throughput(Throughput::Elements(64 * 1000));
    g.bench_function("64_lanes", |b| {
        let mut out = [0.0; 64];
        b.iter(|| {
            let mut sum = 0.0;
            for _ in 0..1000 {
                run(black_box(&xs), &mut out);
                sum += out[17];
            }
            black_box(sum)
        })
    });
    g.finish();
}

criterion_group!(benches, counts, growth, exp_lanes);
criterion_main!(benches);
