//! Sharded runs in separate processes, merged, equal the single run.

use crate::util::{assert_success, json_without_timing, targetsim};
use std::path::{Path, PathBuf};

const SCENARIO: &str = "scenarios/kunshan/baseline.toml";
const PATHS: &str = "12000";

fn run_shard(dir: &Path, scenario: &str, shard: &str, seed: &str) -> PathBuf {
    let part = dir.join(format!("part-{}.bin", shard.replace('/', "-of-")));
    targetsim()
        .args([
            "run",
            scenario,
            "--paths",
            PATHS,
            "--seed",
            seed,
            "--shard",
            shard,
            "--save-partial",
        ])
        .arg(&part)
        .assert()
        .success()
        .stdout("");
    part
}

fn merge(parts: &[PathBuf]) -> std::process::Output {
    targetsim()
        .arg("merge")
        .args(parts)
        .args(["--format", "json"])
        .output()
        .unwrap()
}

#[test]
fn merged_shards_equal_the_single_run_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    // Separate processes, started together, as on a cluster.
    let children: Vec<_> = (0..3)
        .map(|i| {
            let part = dir.path().join(format!("part-{i}.bin"));
            let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("targetsim"))
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args([
                    "run",
                    SCENARIO,
                    "--paths",
                    PATHS,
                    "--seed",
                    "11",
                    "--shard",
                    &format!("{i}/3"),
                    "--save-partial",
                ])
                .arg(&part)
                .spawn()
                .unwrap();
            (child, part)
        })
        .collect();
    let mut parts = Vec::new();
    for (mut child, part) in children {
        assert!(child.wait().unwrap().success());
        parts.push(part);
    }
    parts.reverse(); // order of the files does not matter
    let merged = merge(&parts);
    assert_success(&merged);
    let single = targetsim()
        .args([
            "run", SCENARIO, "--paths", PATHS, "--seed", "11", "--format", "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        json_without_timing(&merged.stdout),
        json_without_timing(&single.stdout)
    );
    // Byte-identical text apart from the timing object.
    let strip = |b: &[u8]| {
        let text = String::from_utf8(b.to_vec()).unwrap();
        text[..text.find("\"timing\"").unwrap()].to_string()
    };
    assert_eq!(strip(&merged.stdout), strip(&single.stdout));
}

#[test]
fn a_single_shard_cannot_be_reported_alone() {
    assert_contains!(
        crate::util::usage_error(
            targetsim().args(["run", SCENARIO, "--paths", "100", "--shard", "0/2"])
        ),
        "--save-partial"
    );
}

#[test]
fn merging_mismatched_or_incomplete_partials_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let a0 = run_shard(dir.path(), SCENARIO, "0/2", "1");
    let a1 = run_shard(dir.path(), SCENARIO, "1/2", "1");
    let (seed_dir, scenario_dir) = (dir.path().join("seed"), dir.path().join("scenario"));
    std::fs::create_dir_all(&seed_dir).unwrap();
    std::fs::create_dir_all(&scenario_dir).unwrap();
    let other_seed = run_shard(&seed_dir, SCENARIO, "1/2", "2");
    let other_scenario = run_shard(
        &scenario_dir,
        "scenarios/kunshan/optimistic.toml",
        "1/2",
        "1",
    );
    let cases: Vec<(Vec<PathBuf>, &str)> = vec![
        (vec![a0.clone()], "missing shards: 1/2"),
        (vec![a0.clone(), a0.clone()], "shard 0/2 is also in"),
        (vec![a0.clone(), other_seed], "the seed is 2, but"),
        (vec![a0.clone(), other_scenario], "the scenario hash is"),
    ];
    for (parts, needle) in cases {
        let out = merge(&parts);
        assert_eq!(out.status.code(), Some(2), "{needle}");
        assert_contains!(String::from_utf8_lossy(&out.stderr), needle);
        assert!(out.stdout.is_empty());
    }
    // Corruption: a flipped byte, a truncated file, something else entirely.
    let bytes = std::fs::read(&a1).unwrap();
    let flipped = dir.path().join("flipped.bin");
    let mut b = bytes.clone();
    b[bytes.len() / 2] ^= 0x40;
    std::fs::write(&flipped, b).unwrap();
    let truncated = dir.path().join("truncated.bin");
    std::fs::write(&truncated, &bytes[..bytes.len() - 10]).unwrap();
    let foreign = dir.path().join("foreign.bin");
    std::fs::write(&foreign, b"{\"not\": \"a partial\"}").unwrap();
    for (path, needle) in [
        (&flipped, "checksum mismatch"),
        (&truncated, "truncated"),
        (&foreign, "not a targetsim partial file"),
    ] {
        let out = merge(&[a0.clone(), path.clone()]);
        assert_eq!(out.status.code(), Some(2));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_contains!(String::from_utf8_lossy(&out.stderr), needle, &name);
    }
}

#[test]
fn a_sharded_nowcast_merges_to_the_single_run() {
    // Rejected paths are redrawn from the path's own streams, so shards of
    // a nowcast with lower bounds still add up to exactly the single run.
    let dir = tempfile::tempdir().unwrap();
    let nowcast = "scenarios/kunshan/nowcast-2024.toml";
    let parts: Vec<PathBuf> = ["0/2", "1/2"]
        .iter()
        .map(|s| run_shard(dir.path(), nowcast, s, "4"))
        .collect();
    let merged = merge(&parts);
    assert_success(&merged);
    let single = targetsim()
        .args([
            "run", nowcast, "--paths", PATHS, "--seed", "4", "--format", "json",
        ])
        .output()
        .unwrap();
    let single = json_without_timing(&single.stdout);
    assert_eq!(json_without_timing(&merged.stdout), single);
    assert_eq!(single["nowcast"]["as_of"], 2024);
}
