//! The Kunshan data set: targets file and scenarios.

use crate::util::repo;
use targetsim::scenario;

const SCENARIOS: [&str; 5] = [
    "baseline",
    "optimistic",
    "pessimistic",
    "lockdown-2022",
    "recalibrated",
];

#[test]
fn every_scenario_loads_and_covers_all_eleven_plan_targets() {
    for name in SCENARIOS {
        let m = scenario::load(&repo(&format!("scenarios/kunshan/{name}.toml")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(m.base_year, 2021, "{name}");
        assert_eq!(m.target_year, 2025, "{name}");
        let ids: Vec<&str> = m.targets.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ngit_output_6000",
                "high_end_equipment_output_4000",
                "firms_over_100bn_3",
                "firms_over_10bn_30",
                "firms_over_1bn_150",
                "above_size_industrial_firms_3500",
                "high_tech_enterprises_3500",
                "listed_companies_80",
                "new_taiwan_hq_25",
                "per_capita_income_85000",
                "village_income_1300",
            ],
            "{name}"
        );
        assert!(
            m.targets
                .iter()
                .all(|t| t.source.as_deref().is_some_and(|s| s.contains("总体方案")))
        );
    }
}

#[test]
fn observed_base_values_match_the_observations_file() {
    let m = scenario::load(&repo("scenarios/kunshan/baseline.toml")).unwrap();
    let csv = std::fs::read_to_string(repo("seeds/kunshan-observations.csv")).unwrap();
    let observed = |indicator: &str, year: &str| -> f64 {
        csv.lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .find(|f| f[0] == indicator && f[1] == year)
            .unwrap_or_else(|| panic!("{indicator} {year} not in observations"))[2]
            .parse()
            .unwrap()
    };
    let base = |id: &str| m.indicators[m.indicator_index(id).unwrap()].base;
    assert_eq!(
        base("per_capita_disposable_income"),
        observed("per_capita_disposable_income", "2021")
    );
    assert_eq!(
        base("high_tech_enterprises"),
        observed("high_tech_enterprises", "2021")
    );
    assert_eq!(
        base("listed_companies"),
        observed("listed_companies", "2021")
    );
}

#[test]
fn every_number_in_the_scenarios_has_provenance() {
    // Each numeric assignment must sit under a comment (a source or an
    // `assumption:`), within the comment block just above it or on its line.
    for name in SCENARIOS.iter().chain(&["nowcast-2024", "vision-2035"]) {
        let text =
            std::fs::read_to_string(repo(&format!("scenarios/kunshan/{name}.toml"))).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let code = line.split('#').next().unwrap().trim();
            let numeric = [
                "base =",
                "growth =",
                "additions =",
                "exits =",
                "rho =",
                "probability =",
                "impact =",
                "seed =",
                "base_year =",
                "target_year =",
                "history =",
                "as_of =",
                "partial_growth_sd =",
                "at_least =",
                "share =",
                "output =",
                "noise_sd =",
                "top_alpha =",
                "body =",
                "exit =",
                "entry =",
            ]
            .iter()
            .any(|k| code.starts_with(k));
            if !numeric {
                continue;
            }
            let commented = line.contains('#')
                || lines[..i]
                    .iter()
                    .rev()
                    .take_while(|l| !l.trim().is_empty() && !l.starts_with("[["))
                    .any(|l| l.trim_start().starts_with('#'))
                || lines[..i]
                    .iter()
                    .rev()
                    .take(8)
                    .any(|l| l.trim_start().starts_with('#'));
            assert!(
                commented,
                "{name}.toml:{}: `{code}` has no source or assumption comment",
                i + 1
            );
        }
    }
}

#[test]
fn the_2035_vision_says_by_when_gdp_passes_10000() {
    let v = run_json("scenarios/kunshan/vision-2035.toml");
    let t = &v["targets"][0];
    assert_eq!(t["id"], "gdp_10000_by_2035");
    // Pinned for the scenario's seed: 3,457 of 20,000 paths pass 10,000 by
    // 2035, none before 2031, and not half of them within the horizon.
    assert_eq!(t["met_paths"], 3457);
    let by_year = t["first_met_by_year"].as_object().unwrap();
    assert_eq!(by_year.len(), 11);
    assert_eq!(by_year["2030"], 0.0);
    assert_eq!(by_year["2031"], 0.00045);
    assert_eq!(by_year["2035"], 0.17285);
    assert!(t["median_first_met_year"].is_null());
}

#[test]
fn the_2026_goals_are_a_nowcast_as_of_2025_with_the_year_each_is_met() {
    let v = run_json("scenarios/kunshan/goals-2026.toml");
    let ids: Vec<&str> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "gdp_6000",
            "industrial_output_13000",
            "above_size_firms_3000",
            "high_tech_4000",
        ]
    );
    // Pinned for the scenario's seed. Industrial output is already past
    // 13,000 in 2025 on most paths (its first halves grew 9.1% and 5.5%);
    // GDP reaches 6,000 on fewer than half the paths by 2026.
    let met: Vec<u64> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["met_paths"].as_u64().unwrap())
        .collect();
    assert_eq!(met, PINNED_GOALS_2026);
    let industrial = &v["targets"][1];
    assert_eq!(industrial["median_first_met_year"], 2025);
    assert!(v["targets"][0]["median_first_met_year"].is_null());
    // Nothing before the first year after the last observation can be met
    // by GDP: its 2023 and 2024 values are the official ones, below 6,000.
    let gdp = v["targets"][0]["first_met_by_year"].as_object().unwrap();
    assert_eq!(gdp["2023"], 0.0);
    assert_eq!(gdp["2024"], 0.0);
}

const PINNED_GOALS_2026: [u64; 4] = [5660, 18672, 2885, 16801];

/// Each fenced block of `docs/kunshan-2025.md` that opens with
/// `$ targetsim ARGS` holds exactly what that command prints.
#[test]
fn the_2025_retrospective_shows_what_its_commands_print() {
    let doc = std::fs::read_to_string(repo("docs/kunshan-2025.md")).unwrap();
    let blocks = command_blocks(&doc);
    assert_eq!(blocks.len(), 5, "five commands with their output");
    let mut printed = Vec::new();
    for (command, shown) in &blocks {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = crate::util::targetsim().args(&args).output().unwrap();
        crate::util::assert_success(&out);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_same_lines(shown, &stdout, command);
        printed.push(stdout);
    }
    // The summary table quotes P(met) of each target from the three runs.
    let rows = target_table_rows(&doc);
    assert_eq!(rows.len(), 11);
    for (column, run) in printed[..3].iter().enumerate() {
        let p_met = run_probabilities(run);
        for (row, want) in rows.iter().zip(&p_met) {
            assert_eq!(&row[column], want, "{row:?} against {}", blocks[column].0);
        }
    }
}

/// `(command, output)` of every ```text block opening with `$ targetsim`.
fn command_blocks(doc: &str) -> Vec<(String, String)> {
    doc.split("```text\n")
        .skip(1)
        .filter_map(|block| {
            let body = block.split("```").next()?;
            let (first, rest) = body.split_once('\n')?;
            let command = first.strip_prefix("$ ")?;
            command
                .starts_with("targetsim ")
                .then(|| (command.to_string(), rest.to_string()))
        })
        .collect()
}

/// The three probability columns of the table of targets.
fn target_table_rows(doc: &str) -> Vec<Vec<String>> {
    doc.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| target"))
        .map(|l| {
            l.split('|')
                .skip(2)
                .take(3)
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// P(met) of every target in a run's table, in order.
fn run_probabilities(table: &str) -> Vec<String> {
    table
        .lines()
        .skip_while(|l| !l.starts_with("----"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let p = l.split_whitespace().find(|w| w.ends_with('%')).unwrap();
            p.to_string()
        })
        .collect()
}

/// Equal texts, or a panic naming the first line that differs.
fn assert_same_lines(want: &str, got: &str, what: &str) {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        assert_eq!(w, g, "{what}: line {} differs", i + 1);
    }
    assert_eq!(
        want.lines().count(),
        got.lines().count(),
        "{what}: a different number of lines\nshown:\n{want}\nprinted:\n{got}"
    );
}

/// `targetsim run SCENARIO --paths 20000 --format json`, parsed.
fn run_json(scenario: &str) -> serde_json::Value {
    let out = crate::util::targetsim()
        .args(["run", scenario, "--paths", "20000", "--format", "json"])
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}
