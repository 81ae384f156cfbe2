//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use targetsim::engine::{RunConfig, simulate};
use targetsim::model::Model;
use targetsim::results::Results;
use targetsim::scenario;

/// Assert that a simulated probability is within `k` standard errors of the
/// exact one, printing both and the distance in SEs on failure.
macro_rules! assert_within_se {
    ($what:expr, $got:expr, $want:expr, $paths:expr) => {{
        let (got, want, n): (f64, f64, f64) = ($got, $want, $paths as f64);
        // SE of the exact probability, floored so p = 0 or 1 still has a band.
        let se = (want * (1.0 - want) / n).sqrt().max(1.0 / n);
        let dist = (got - want).abs() / se;
        assert!(
            dist <= 5.0,
            "{}: simulated {got:.6}, exact {want:.6}, {dist:.2} SE apart (SE {se:.2e}, limit 5)",
            $what
        );
    }};
}

/// Assert that `haystack` contains every needle, showing the text on failure.
macro_rules! assert_contains {
    ($haystack:expr, $($needle:expr),+ $(,)?) => {{
        let hay: &str = &$haystack;
        $(
            assert!(
                hay.contains($needle),
                "expected to find {:?} in:\n---\n{}\n---",
                $needle,
                hay
            );
        )+
    }};
}

/// A scenario parsed from text as if it lived at `tests/<name>.toml`.
pub fn model(text: &str) -> Model {
    scenario::load_str(Path::new("tests/inline.toml"), text)
        .unwrap_or_else(|e| panic!("scenario should load: {e}\n{text}"))
}

/// Run a model and summarise it.
pub fn run(model: &Model, paths: u64, seed: u64, threads: usize) -> Results {
    let config = RunConfig {
        paths,
        seed,
        threads: Some(threads),
        sampling: Default::default(),
        summary: Default::default(),
    };
    let sim = simulate(model, &config).expect("simulation runs");
    Results::new(model, &config, &sim, "inline")
}

/// The probability of the target with this id.
pub fn probability(results: &Results, id: &str) -> f64 {
    results
        .targets
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no target {id}"))
        .probability
}

/// The integral of `f` over `[a, b]` by Simpson's rule on `steps` (even)
/// intervals.
pub fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64, steps: usize) -> f64 {
    let width = (b - a) / steps as f64;
    let inner: f64 = (1..steps)
        .map(|i| f(a + i as f64 * width) * if i % 2 == 1 { 4.0 } else { 2.0 })
        .sum();
    (f(a) + inner + f(b)) * width / 3.0
}

/// P(Z1 > h, Z2 > k) for standard bivariate normals with correlation rho,
/// integrating phi(x) * P(Z2 > k | Z1 = x) over x > h.
pub fn bivariate_normal_sf(h: f64, k: f64, rho: f64) -> f64 {
    let f = |x: f64| {
        let phi = (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
        phi * normal_sf((k - rho * x) / (1.0 - rho * rho).sqrt())
    };
    simpson(f, h, h + 12.0, 20_000)
}

/// Standard normal survival function P(Z > x).
pub fn normal_sf(x: f64) -> f64 {
    0.5 * libm::erfc(x / std::f64::consts::SQRT_2)
}

/// Path of a file in the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The `targetsim` binary, run from the repository root.
pub fn targetsim() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("targetsim").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// JSON output with the `timing` object removed (the only part that may
/// differ between identical runs).
pub fn json_without_timing(bytes: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(bytes).expect("valid JSON");
    v.as_object_mut().expect("object").remove("timing");
    v
}

/// Assert that a command succeeded, showing its stderr when it did not.
pub fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "the command failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A scenario written to a temporary directory beside one data file
/// (`(name, contents)`, e.g. an observations CSV or a roster).
pub fn scenario_dir(data: (&str, &str), text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join(data.0), data.1).expect("data file written");
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).expect("scenario written");
    (dir, path)
}

/// Run a command that must fail on bad input: exit status 2, nothing on
/// stdout. Returns its stderr, for the caller to check the message.
pub fn usage_error(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("the command runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit status 2; stderr:\n{stderr}"
    );
    assert!(out.stdout.is_empty(), "a failed command printed to stdout");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}
