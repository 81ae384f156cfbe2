//! `--format xlsx`: workbooks read back (with calamine) carry exactly the
//! JSON's numbers, every sheet and chart is there, labels follow `--lang`.

use crate::util::{assert_success, targetsim, usage_error};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::Value;
use std::io::Cursor;
use std::path::Path;

const PEER: &str = "benches/scenarios/peer-12.toml";
const COUNTS: &str = "benches/scenarios/kunshan-counts.toml";
const BASELINE: &str = "scenarios/kunshan/baseline.toml";

/// A workbook's bytes: its sheets (read with calamine) and its zip entries.
struct Book {
    bytes: Vec<u8>,
}

impl Book {
    fn read(path: &Path) -> Self {
        Book {
            bytes: std::fs::read(path).expect("the workbook was written"),
        }
    }

    fn reader(&self) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(self.bytes.clone())).expect("a valid workbook")
    }

    fn sheet_names(&self) -> Vec<String> {
        self.reader().sheet_names()
    }

    /// A sheet's rows, the header first.
    fn rows(&self, name: &str) -> Vec<Vec<Data>> {
        let range = self
            .reader()
            .worksheet_range(name)
            .unwrap_or_else(|e| panic!("sheet {name}: {e}; sheets: {:?}", self.sheet_names()));
        range.rows().map(|r| r.to_vec()).collect()
    }

    /// The rows under the header, as maps from column name to cell.
    fn records(&self, name: &str) -> Vec<std::collections::HashMap<String, Data>> {
        let rows = self.rows(name);
        let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        rows[1..]
            .iter()
            .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
            .collect()
    }

    fn charts(&self) -> usize {
        let zip = zip::ZipArchive::new(Cursor::new(self.bytes.clone())).expect("a zip file");
        zip.file_names()
            .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("xl/charts/chart")))
            .count()
    }

    fn hidden(&self) -> Vec<String> {
        self.reader()
            .sheets_metadata()
            .iter()
            .filter(|s| s.visible != calamine::SheetVisible::Visible)
            .map(|s| s.name.clone())
            .collect()
    }
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

/// Two numbers that must be the same value (the workbook stores f64 text
/// in shortest round-trip form, so they are equal bit for bit).
#[track_caller]
fn same(cell: &Data, json: &Value, what: &str) {
    let expected = json
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: no number in JSON: {json}"));
    assert_eq!(number(cell), expected, "{what}");
}

/// Run `args` twice: to JSON on stdout and to a workbook in `dir`.
fn json_and_book(args: &[&str], dir: &Path, name: &str) -> (Value, Book) {
    let out = targetsim()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_success(&out);
    let json = serde_json::from_slice(&out.stdout).expect("JSON");
    let file = dir.join(name);
    let out = targetsim()
        .args(args)
        .args(["--output", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_success(&out);
    assert!(out.stdout.is_empty(), "--output also printed");
    (json, Book::read(&file))
}

#[test]
fn a_runs_workbook_carries_every_json_number_sheet_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let (json, book) = json_and_book(&["run", COUNTS, "--paths", "3000"], dir.path(), "run.xlsx");
    assert_eq!(
        book.sheet_names(),
        [
            "Scoreboard",
            "Indicators",
            "Indicators charts",
            "Targets met",
            "Assumptions",
            "Run",
            "Chart data"
        ]
    );
    assert_eq!(book.hidden(), ["Chart data"]);
    let targets = json["targets"].as_array().unwrap();
    let board = book.records("Scoreboard");
    assert_eq!(
        board.len(),
        targets.len() + 1,
        "a row per target and the joint one"
    );
    for (row, t) in board.iter().zip(targets) {
        assert_eq!(row["target"].to_string(), t["id"].as_str().unwrap());
        same(&row["probability"], &t["probability"], "probability");
        same(&row["ci95_low"], &t["ci95"][0], "ci95 low");
        same(&row["ci95_high"], &t["ci95"][1], "ci95 high");
        same(&row["median"], &t["median"], "median");
        same(&row["p5"], &t["p5"], "p5");
        same(&row["p95"], &t["p95"], "p95");
        same(&row["year"], &t["year"], "year");
        for (column, key) in [
            ("required growth", "required_growth"),
            ("assumed growth", "assumed_growth"),
            (
                "required net additions a year",
                "required_net_additions_per_year",
            ),
        ] {
            match &t[key] {
                Value::Null => assert_eq!(row[column], Data::Empty, "{key}"),
                v => same(&row[column], v, key),
            }
        }
    }
    let joint = &board[targets.len()];
    same(
        &joint["probability"],
        &json["all_targets_probability"],
        "joint",
    );
    same(&joint["ci95_low"], &json["all_targets_ci95"][0], "joint ci");

    let years: Vec<&Value> = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["years"].as_array().unwrap())
        .collect();
    let rows = book.records("Indicators");
    assert_eq!(rows.len(), years.len());
    for (row, y) in rows.iter().zip(&years) {
        for key in [
            "year", "mean", "sd", "p5", "p10", "p25", "p50", "p75", "p90", "p95",
        ] {
            same(&row[key], &y[key], key);
        }
    }
    let met = book.records("Targets met");
    for (row, m) in met
        .iter()
        .zip(json["targets_met_distribution"].as_array().unwrap())
    {
        same(&row["targets met"], &m["met"], "met");
        same(&row["probability"], &m["probability"], "met probability");
        same(&row["paths"], &m["paths"], "met paths");
    }
    let run: std::collections::HashMap<String, Data> = book
        .rows("Run")
        .into_iter()
        .skip(1)
        .map(|r| (r[0].to_string(), r[1].clone()))
        .collect();
    same(&run["seed"], &json["seed"], "seed");
    same(&run["paths"], &json["paths"], "paths");
    assert_eq!(
        run["scenario SHA-256"].to_string().len(),
        64,
        "{:?}",
        run["scenario SHA-256"]
    );
    assert!(run["reproduce"].to_string().starts_with("targetsim run "));

    let indicators = json["indicators"].as_array().unwrap().len();
    assert_eq!(
        book.charts(),
        indicators + 2,
        "a fan per indicator, the scoreboard, targets met"
    );
    let assumptions = book.records("Assumptions");
    let sections: Vec<String> = assumptions
        .iter()
        .map(|r| r["section"].to_string())
        .collect();
    assert_eq!(
        sections.iter().filter(|s| *s == "indicator").count(),
        indicators
    );
    assert!(sections.iter().any(|s| s == "correlation"));
    assert!(assumptions.iter().all(|r| r["item"] != Data::Empty));
}

#[test]
fn fan_chart_data_are_the_percentile_bands_of_the_indicators_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let (_, book) = json_and_book(&["run", PEER, "--paths", "2000"], dir.path(), "peer.xlsx");
    let indicators = book.records("Indicators");
    let data = book.rows("Chart data");
    // Per fan: a header row, a row per year, a blank row.
    let mut year_rows = data
        .iter()
        .filter(|r| matches!(r.first(), Some(Data::Float(_))));
    for ind in &indicators {
        let row = year_rows
            .next()
            .expect("a chart data row per indicator year");
        let v = |k: &str| number(&ind[k]);
        assert_eq!(number(&row[0]), v("year"));
        assert_eq!(number(&row[1]), v("p5"));
        assert_eq!(number(&row[2]), v("p25") - v("p5"));
        assert_eq!(number(&row[3]), v("p75") - v("p25"));
        assert_eq!(number(&row[4]), v("p95") - v("p75"));
        assert_eq!(number(&row[5]), v("p50"));
    }
    assert!(year_rows.next().is_none());
}

#[test]
fn what_if_workbooks_carry_their_json_numbers_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let (json, book) = json_and_book(
        &["compare", PEER, COUNTS, "--paths", "1000"],
        dir.path(),
        "compare.xlsx",
    );
    let rows = book.rows("Comparison");
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let json_rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len() - 1, json_rows.len());
    for (row, j) in rows[1..].iter().zip(json_rows) {
        for (k, s) in j["scenarios"].as_array().unwrap().iter().enumerate() {
            let column = header
                .iter()
                .enumerate()
                .filter(|(_, h)| h.ends_with(" probability"))
                .nth(k)
                .unwrap()
                .0;
            match &s["probability"] {
                Value::Null => assert_eq!(row[column], Data::Empty),
                p => same(&row[column], p, "compare probability"),
            }
        }
    }
    assert_eq!(book.charts(), 1, "grouped columns");

    let sweep = [
        "sweep",
        PEER,
        "--param",
        "g0.growth.mean=0.02:0.06:0.02",
        "--paths",
        "1000",
    ];
    let (json, book) = json_and_book(&sweep, dir.path(), "sweep.xlsx");
    let rows = book.records("Sweep");
    for (row, point) in rows.iter().zip(json["points"].as_array().unwrap()) {
        same(&row["g0.growth.mean"], &point["values"][0], "swept value");
        same(&row["g0"], &point["probabilities"][0], "swept probability");
        same(
            &row["all targets"],
            &point["all_targets_probability"],
            "all",
        );
    }
    assert_eq!(book.charts(), 1, "lines");

    let grid = [
        "sweep",
        PEER,
        "--param",
        "g0.growth.mean=0.02:0.06:0.02",
        "--param",
        "g1.growth.sd=0.01:0.03:0.02",
        "--paths",
        "500",
    ];
    let (json, book) = json_and_book(&grid, dir.path(), "grid.xlsx");
    let rows = book.rows("Sweep grid");
    assert_eq!(rows.len(), 4, "a header and a row per first value");
    assert_eq!(rows[0].len(), 3, "a column per second value");
    for point in json["points"].as_array().unwrap() {
        let (a, b) = (
            point["values"][0].as_f64().unwrap(),
            point["values"][1].as_f64().unwrap(),
        );
        let row = rows[1..].iter().find(|r| number(&r[0]) == a).unwrap();
        let column = 1 + [0.01, 0.03].iter().position(|&v| v == b).unwrap();
        same(&row[column], &point["all_targets_probability"], "grid cell");
    }

    let (json, book) = json_and_book(
        &[
            "sensitivity",
            COUNTS,
            "--paths",
            "500",
            "--target",
            "listed_companies_80",
        ],
        dir.path(),
        "sensitivity.xlsx",
    );
    let tornado = book.records("Tornado");
    let t = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t == "listed_companies_80")
        .unwrap();
    let base = json["base"][t].as_f64().unwrap();
    for row in &tornado {
        let input = json["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"].as_str() == Some(&row["input"].to_string()))
            .expect("the tornado's input is in the JSON");
        let low = input["probabilities"][0]
            .as_array()
            .map_or(base, |p| p[t].as_f64().unwrap());
        assert_eq!(number(&row["low"]), low - base);
    }
    assert_eq!(book.charts(), 1, "one tornado for --target");
}

#[test]
fn backtest_merge_report_and_goal_seek_write_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let (json, book) = json_and_book(
        &["backtest", BASELINE, "--paths", "300"],
        dir.path(),
        "bt.xlsx",
    );
    let scored = book.records("Scored");
    for (row, s) in scored.iter().zip(json["scored"].as_array().unwrap()) {
        same(&row["value"], &s["value"], "observed value");
        same(&row["percentile"], &s["percentile"], "percentile");
    }

    let part = |i: &str| dir.path().join(format!("part{i}.bin"));
    for i in ["0", "1"] {
        let shard = format!("{i}/2");
        let out = targetsim()
            .args([
                "run",
                PEER,
                "--paths",
                "2000",
                "--shard",
                &shard,
                "--save-partial",
            ])
            .arg(part(i))
            .output()
            .unwrap();
        assert_success(&out);
    }
    let merged = dir.path().join("merged.xlsx");
    let out = targetsim()
        .arg("merge")
        .args([part("0"), part("1")])
        .arg("--output")
        .arg(&merged)
        .output()
        .unwrap();
    assert_success(&out);
    let whole = targetsim()
        .args(["run", PEER, "--paths", "2000", "--format", "json"])
        .output()
        .unwrap();
    let whole: Value = serde_json::from_slice(&whole.stdout).unwrap();
    let board = Book::read(&merged).records("Scoreboard");
    for (row, t) in board.iter().zip(whole["targets"].as_array().unwrap()) {
        same(&row["probability"], &t["probability"], "merged = whole run");
    }

    let report = dir.path().join("report.xlsx");
    let out = targetsim()
        .args(["report", COUNTS, "--paths", "1000", "--out"])
        .arg(&report)
        .output()
        .unwrap();
    assert_success(&out);
    assert!(
        Book::read(&report)
            .sheet_names()
            .contains(&"Scoreboard".to_string())
    );

    let seek = [
        "goal-seek",
        PEER,
        "--target",
        "g0",
        "--probability",
        "0.5",
        "--param",
        "g0.growth.mean",
        "--paths",
        "1000",
    ];
    let (json, book) = json_and_book(&seek, dir.path(), "seek.xlsx");
    let row = &book.records("Goal seek")[0];
    same(&row["value"], &json["value"], "goal seek answer");
    same(&row["achieved"], &json["achieved"], "achieved");
}

#[test]
fn chinese_workbooks_name_sheets_headers_and_labels_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("zh.xlsx");
    let out = targetsim()
        .args(["run", COUNTS, "--paths", "500", "--lang", "zh", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert_success(&out);
    let book = Book::read(&file);
    let names = book.sheet_names();
    assert_eq!(names[0], "目标达成概率");
    assert!(names.contains(&"假设".to_string()), "{names:?}");
    let rows = book.rows("目标达成概率");
    assert_eq!(rows[0][4].to_string(), "达成概率");
    let labels: Vec<String> = rows[1..].iter().map(|r| r[1].to_string()).collect();
    assert!(labels.contains(&"上市企业".to_string()), "{labels:?}");
}

#[test]
fn a_firm_level_workbook_is_small_whatever_the_paths() {
    // The workbook holds summaries, never paths: its size depends on the
    // indicators and years only.
    let dir = tempfile::tempdir().unwrap();
    let size = |paths: &str| {
        let file = dir.path().join(format!("firms-{paths}.xlsx"));
        let out = targetsim()
            .args(["run", BASELINE, "--paths", paths, "--output"])
            .arg(&file)
            .output()
            .unwrap();
        assert_success(&out);
        std::fs::metadata(&file).unwrap().len()
    };
    let (small, larger) = (size("500"), size("1500"));
    assert!(small < 80_000, "{small} bytes");
    assert!(larger.abs_diff(small) < 2_000, "{small} vs {larger} bytes");
}

#[test]
fn a_file_named_for_another_format_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.xlsx");
    let stderr = usage_error(
        targetsim()
            .args([
                "run", PEER, "--paths", "100", "--format", "json", "--output",
            ])
            .arg(&file),
    );
    assert!(
        stderr.contains("--format") && stderr.contains("r.xlsx"),
        "{stderr}"
    );
    assert!(!file.exists());
}
