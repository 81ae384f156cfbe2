//! The Kunshan data set: targets file and scenarios.

use crate::util::repo;
use targetsim::scenario;

const SCENARIOS: [&str; 4] = ["baseline", "optimistic", "pessimistic", "lockdown-2022"];

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
    let out = crate::util::targetsim()
        .args([
            "run",
            "scenarios/kunshan/vision-2035.toml",
            "--paths",
            "20000",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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
