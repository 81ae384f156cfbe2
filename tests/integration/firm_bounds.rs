//! A nowcast's bounds on firm counts, conditioned on firm by firm: the
//! exact conditional law of a small population, agreement with whole-path
//! rejection when entry, exit and two sectors are in play, bounds never
//! broken, and the same paths on any number of threads.

use crate::util::{normal_sf, probability, run};
use targetsim::engine::path::{PathScratch, simulate_conditioned};
use targetsim::engine::{Plan, RunConfig, simulate};
use targetsim::model::Model;
use targetsim::scenario;

/// The scenario as a nowcast as of its second simulated year.
fn nowcast(roster: &str, text: &str) -> Model {
    let (_dir, path) = crate::util::scenario_dir(("roster.csv", roster), text);
    let mut sources = scenario::Sources::read(&path).unwrap();
    sources.set_as_of(2023);
    sources.model().unwrap()
}

/// Four firms of 80, no growth, noise 0.3, no entry or exit; at least two
/// above 100 in 2023.
const FOUR_FIRMS: &str = r#"
[scenario]
name = "four"
base_year = 2021
target_year = 2024
[[indicator]]
id = "sector"
kind = "growth"
base = 320
growth = { dist = "fixed", value = 0.0 }
[[indicator]]
id = "over100"
kind = "firm_count"
at_least = 100
base = 0
history = { 2023 = { at_least = 2, source = "test" } }
[[target]]
id = "three_in_2024"
indicator = "over100"
op = ">="
value = 3
year = 2024
[firms]
roster = "roster.csv"
noise_sd = 0.3
[[firms.sector]]
id = "s"
indicator = "sector"
"#;

/// `P(X >= a, X + Y >= b)` for independent `X ~ N(0, 2)`, `Y ~ N(0, 1)`,
/// by Simpson's rule over `X` (the integrand is smooth; 20,000 panels give
/// far more digits than the test needs).
fn both_above(a: f64, b: f64) -> f64 {
    let density = |x: f64| (-x * x / 4.0).exp() / (4.0 * std::f64::consts::PI).sqrt();
    let f = |x: f64| density(x) * normal_sf(b - x);
    crate::util::simpson(f, a, a + 16.0, 20_000)
}

#[test]
fn a_bound_on_a_firm_count_conditions_with_the_exact_law() {
    // Each firm's log revenue after t years: ln 80 - t 0.3^2/2 + 0.3 W_t.
    // Above 100 in 2023 (t = 2): W_2 >= a; in 2024 (t = 3): W_3 >= b.
    let sigma: f64 = 0.3;
    let lift = (100.0f64 / 80.0).ln();
    let a = (lift + sigma * sigma) / sigma;
    let b = (lift + 3.0 * sigma * sigma / 2.0) / sigma;
    let p11 = both_above(a, b);
    let p1_ = normal_sf(a / 2f64.sqrt());
    let p_1 = normal_sf(b / 3f64.sqrt());
    let cells = [p11, p1_ - p11, p_1 - p11, 1.0 - p1_ - p_1 + p11];
    // Every assignment of the four firms to the four cells.
    let (mut bound, mut both) = (0.0, 0.0);
    for code in 0..256usize {
        let cell = |f: usize| (code >> (2 * f)) & 3;
        let p: f64 = (0..4).map(|f| cells[cell(f)]).product();
        let in_2023 = (0..4).filter(|&f| cell(f) <= 1).count();
        let in_2024 = (0..4).filter(|&f| cell(f) == 0 || cell(f) == 2).count();
        if in_2023 >= 2 {
            bound += p;
            if in_2024 >= 3 {
                both += p;
            }
        }
    }
    let roster = "name,sector,revenue\na,s,80\nb,s,80\nc,s,80\nd,s,80\n";
    let m = nowcast(roster, FOUR_FIRMS);
    let n = 100_000;
    let r = run(&m, n, 7, 2);
    assert_within_se!(
        "P(N2024 >= 3 | N2023 >= 2)",
        probability(&r, "three_in_2024"),
        both / bound,
        n
    );
    // No path breaks the bound.
    let plan = Plan::new(&m);
    let slot = plan.years + 1; // over100 is indicator 1; 2023 is year 1
    let mut scratch = PathScratch::new(&plan);
    for path in 0..20_000 {
        simulate_conditioned(&plan, 3, path, &mut scratch).expect("reachable");
        assert!(scratch.values[slot] >= 2.0, "path {path} breaks the bound");
    }
}

/// Two correlated sectors, exits, entrants near the thresholds, and bounds
/// on two tiers in 2023 (so 2022 is bridged to them); `extra` adds more
/// history to `over10`.
fn population(extra: &str) -> String {
    format!(
        r#"
[scenario]
name = "population"
base_year = 2021
target_year = 2024
[[indicator]]
id = "a"
kind = "growth"
base = 100
growth = {{ dist = "lognormal", mean = 0.05, sd = 0.05 }}
[[indicator]]
id = "b"
kind = "growth"
base = 100
growth = {{ dist = "lognormal", mean = 0.02, sd = 0.08 }}
[[correlation]]
between = ["a", "b"]
rho = 0.5
[[indicator]]
id = "over100"
kind = "firm_count"
at_least = 100
base = 2
history = {{ 2023 = {{ at_least = 3, source = "test" }} }}
[[indicator]]
id = "over10"
kind = "firm_count"
at_least = 10
base = 7
history = {{ 2023 = {{ at_most = 10, source = "test" }}{extra} }}
[[indicator]]
id = "revenue"
kind = "firm_output"
[[target]]
id = "over100_2024"
indicator = "over100"
op = ">="
value = 4
year = 2024
[[target]]
id = "over10_2022"
indicator = "over10"
op = ">="
value = 8
year = 2022
[[target]]
id = "over100_2022"
indicator = "over100"
op = ">="
value = 3
year = 2022
[[target]]
id = "revenue_2022"
indicator = "revenue"
op = ">="
value = 610
year = 2022
[[target]]
id = "revenue_2024"
indicator = "revenue"
op = ">="
value = 700
year = 2024
[firms]
roster = "roster.csv"
noise_sd = 0.25
exit = {{ hazard = 0.1, elasticity = -0.3, reference = 10 }}
entry = {{ rate = 3, median = 6, sigma = 0.8 }}
[[firms.sector]]
id = "a"
indicator = "a"
share = 0.6
[[firms.sector]]
id = "b"
indicator = "b"
share = 0.4
"#
    )
}

const ROSTER: &str = "name,sector,revenue\n\
    p,a,150\nq,b,110\nr,a,90\ns,b,80\nt,a,60\nu,a,30\nv,b,12\nw,a,9\nx,b,5\ny,a,2\n";

#[test]
fn firm_by_firm_conditioning_agrees_with_whole_path_rejection() {
    // The same bounds, and an always-true floor in 2022 that makes the
    // bounds span two years, so those paths are redrawn whole instead.
    let by_firm = nowcast(ROSTER, &population(""));
    let whole = nowcast(
        ROSTER,
        &population(", 2022 = { at_least = 0, source = \"test\" }"),
    );
    let n = 200_000;
    let (r1, r2) = (run(&by_firm, n, 21, 2), run(&whole, n, 22, 2));
    let targets = [
        "over100_2024",
        "over10_2022",
        "over100_2022",
        "revenue_2022",
        "revenue_2024",
    ];
    for id in targets {
        let (p1, p2) = (probability(&r1, id), probability(&r2, id));
        let se = ((p1 * (1.0 - p1) + p2 * (1.0 - p2)) / n as f64)
            .sqrt()
            .max(1.0 / n as f64);
        assert!(
            (p1 - p2).abs() <= 5.0 * se,
            "{id}: firm by firm {p1:.4}, whole paths {p2:.4}, {:.1} SE apart",
            (p1 - p2).abs() / se
        );
    }
    // The same paths on one thread as on two, and no path breaks a bound.
    let config = |threads| RunConfig {
        paths: 3_000,
        seed: 5,
        threads: Some(threads),
        sampling: Default::default(),
        summary: Default::default(),
    };
    let (one, two) = (
        simulate(&by_firm, &config(1)).unwrap(),
        simulate(&by_firm, &config(2)).unwrap(),
    );
    assert_eq!(one.totals, two.totals);
    let plan = Plan::new(&by_firm);
    let mut scratch = PathScratch::new(&plan);
    let (over100, over10) = (2 * plan.years + 1, 3 * plan.years + 1);
    for path in 0..5_000 {
        simulate_conditioned(&plan, 4, path, &mut scratch).expect("reachable");
        let v = &scratch.values;
        assert!(
            v[over100] >= 3.0 && v[over10] <= 10.0,
            "path {path}: {} {}",
            v[over100],
            v[over10]
        );
    }
}
