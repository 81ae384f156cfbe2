//! The output contract: every command writes `--format table|json|csv` to
//! standard output or, with `--output FILE`, to a file, the same bytes.

use crate::util::{assert_success, targetsim};

const PEER: &str = "benches/scenarios/peer-12.toml";
const COUNTS: &str = "benches/scenarios/kunshan-counts.toml";
const BASELINE: &str = "scenarios/kunshan/baseline.toml";

/// Each command's arguments (small and fast), and whether its output is
/// the same on every run (bench measures time).
fn commands() -> Vec<(Vec<&'static str>, bool)> {
    vec![
        (vec!["run", PEER, "--paths", "2000"], false),
        (vec!["compare", PEER, PEER, "--paths", "2000"], true),
        (
            vec![
                "sweep",
                PEER,
                "--param",
                "g0.growth.mean=0.02:0.06:0.02",
                "--paths",
                "2000",
            ],
            true,
        ),
        (
            vec![
                "goal-seek",
                PEER,
                "--target",
                "g0",
                "--probability",
                "0.5",
                "--param",
                "g0.growth.mean",
                "--paths",
                "2000",
            ],
            true,
        ),
        (vec!["sensitivity", COUNTS, "--paths", "1000"], true),
        (vec!["backtest", BASELINE, "--paths", "500"], true),
        (
            vec![
                "calibrate",
                "seeds/kunshan-observations.csv",
                "--indicator",
                "industrial_output_growth",
            ],
            // Its fragment quotes the command line, --output included.
            false,
        ),
        (
            vec!["bench", PEER, "--paths", "20000", "--threads", "1"],
            false,
        ),
    ]
}

fn output_of(args: &[&str]) -> Vec<u8> {
    let out = targetsim().args(args).output().expect("runs");
    assert_success(&out);
    out.stdout
}

/// The output with run-dependent lines (timings) removed, for comparing.
fn stable(bytes: &[u8], format: &str) -> String {
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8");
    match format {
        "json" => {
            let mut v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            if let Some(o) = v.as_object_mut() {
                for key in ["timing", "one_thread", "all_threads", "bare_sampling"] {
                    o.remove(key);
                }
                o.remove("parallel_efficiency");
                o.remove("engine_overhead");
            }
            v.to_string()
        }
        // Tables and CSV without timings and the quoted command line.
        _ => {
            let volatile = [
                "targetsim calibrate",
                "engine, ",
                "bare sampling",
                "parallel efficiency",
                "one_thread",
                "all_threads",
                "bare_sampling",
            ];
            text.lines()
                .filter(|l| !volatile.iter().any(|v| l.contains(v)))
                .collect::<Vec<_>>()
                .join("\n")
        }
    }
}

#[test]
fn every_command_writes_every_format_to_stdout_and_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    for (args, deterministic) in commands() {
        for format in ["table", "json", "csv"] {
            let mut with_format = args.clone();
            with_format.extend(["--format", format]);
            let stdout = output_of(&with_format);
            assert!(!stdout.is_empty(), "{args:?} --format {format}: no output");
            let file = dir.path().join(format!("{}.{format}", args[0]));
            let file_arg = file.to_str().unwrap();
            let mut with_output = with_format.clone();
            with_output.extend(["--output", file_arg]);
            let printed = output_of(&with_output);
            assert!(
                printed.is_empty(),
                "{args:?}: --output also printed to stdout"
            );
            let written = std::fs::read(&file).unwrap();
            if deterministic {
                assert_eq!(
                    String::from_utf8_lossy(&written),
                    String::from_utf8_lossy(&stdout),
                    "{args:?} --format {format}: file and stdout differ"
                );
            } else {
                assert_eq!(
                    stable(&written, format),
                    stable(&stdout, format),
                    "{args:?} --format {format}"
                );
            }
            if format == "json" {
                let v: serde_json::Value = serde_json::from_slice(&written).expect("valid JSON");
                assert!(v.is_object(), "{args:?}: JSON is not an object");
            }
            if format == "csv" {
                let mut reader = csv::Reader::from_reader(written.as_slice());
                let width = reader.headers().expect("a header row").len();
                let rows: Vec<csv::StringRecord> =
                    reader.records().map(|r| r.expect("a CSV row")).collect();
                assert!(!rows.is_empty(), "{args:?}: CSV has no rows");
                assert!(
                    rows.iter().all(|r| r.len() == width),
                    "{args:?}: ragged CSV"
                );
            }
        }
    }
}

#[test]
fn csv_rows_carry_the_json_numbers() {
    let args = [
        "sweep",
        PEER,
        "--param",
        "g0.growth.mean=0.02:0.06:0.02",
        "--paths",
        "2000",
    ];
    let json: serde_json::Value =
        serde_json::from_slice(&output_of(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let csv_bytes = output_of(&[&args[..], &["--format", "csv"]].concat());
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "g0.growth.mean");
    assert_eq!(&header[header.len() - 1], "all targets");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let points = json["points"].as_array().unwrap();
    assert_eq!(rows.len(), points.len());
    for (row, point) in rows.iter().zip(points) {
        let value: f64 = row[0].parse().unwrap();
        assert_eq!(value, point["values"][0].as_f64().unwrap());
        let p: f64 = row[1].parse().unwrap();
        assert_eq!(p, point["probabilities"][0].as_f64().unwrap());
        let all: f64 = row[row.len() - 1].parse().unwrap();
        assert_eq!(all, point["all_targets_probability"].as_f64().unwrap());
    }
}

#[test]
fn run_flag_conflicts_are_usage_errors() {
    for (args, named) in [
        (vec!["run", PEER, "--shard", "0/2"], "--save-partial"),
        (
            vec![
                "run",
                PEER,
                "--precision",
                "0.01",
                "--save-partial",
                "p.bin",
            ],
            "--precision",
        ),
        (
            vec!["run", PEER, "--charts", "d", "--save-partial", "p.bin"],
            "--charts",
        ),
    ] {
        let stderr = crate::util::usage_error(targetsim().args(&args));
        assert_contains!(stderr, named);
    }
}

/// Goal seek of the NGIT target to an 80% chance by its growth mean.
const GOAL_SEEK_NGIT: &[&str] = &[
    "--target",
    "ngit_output_6000",
    "--param",
    "ngit_output.growth.mean",
    "--probability",
    "0.8",
];

#[test]
fn every_commands_table_fits_120_columns() {
    let s = "scenarios/kunshan/baseline.toml";
    let commands: [&[&str]; 6] = [
        &["run", s, "--paths", "1000"],
        &[
            "run",
            "scenarios/kunshan/nowcast-2024.toml",
            "--paths",
            "500",
        ],
        &[
            "compare",
            s,
            "scenarios/kunshan/optimistic.toml",
            "--paths",
            "500",
        ],
        &[
            "sensitivity",
            s,
            "--target",
            "village_income_1300",
            "--paths",
            "300",
        ],
        &[&["goal-seek", s], GOAL_SEEK_NGIT, &["--paths", "1000"]].concat(),
        &["backtest", s, "--paths", "1000"],
    ];
    for args in commands {
        let out = targetsim().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        // Columns as a terminal counts them: Chinese characters take two.
        let width = |l: &str| -> usize {
            l.chars()
                .map(|c| {
                    if ('\u{2e80}'..='\u{9fff}').contains(&c)
                        || ('\u{ff00}'..='\u{ffef}').contains(&c)
                    {
                        2
                    } else {
                        1
                    }
                })
                .sum()
        };
        for line in text.lines() {
            assert!(
                width(line) <= 120,
                "{args:?}: {} columns:\n{line}",
                width(line)
            );
        }
    }
}

#[test]
fn goal_seek_writes_probabilities_and_rates_in_percent() {
    let out = targetsim()
        .args(["goal-seek", "scenarios/kunshan/baseline.toml"])
        .args(GOAL_SEEK_NGIT)
        .args(["--paths", "2000"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_contains!(
        text,
        "P(ngit_output_6000) = 80.0% needs ngit_output.growth.mean = 4.72%",
        "95% interval [4.54%, 4.80%]; achieved P = 80.7% at that value (bracket [4.57%, 4.72%])"
    );
}
