//! A run's table: what a planner reads in a terminal.

// The same number and percentage formats as the charts and reports.
use super::{Results, TargetResult};
use crate::text::{number as num, percent as pct};
use std::fmt::Write;

fn growth(g: Option<f64>) -> String {
    g.map_or_else(|| "-".to_string(), |g| format!("{:+.1}%/yr", 100.0 * g))
}

fn net(n: Option<f64>) -> String {
    n.map_or_else(
        || "-".to_string(),
        |n| {
            // Tenths only where they matter: "+0.8/yr", "+200/yr".
            if n.abs() >= 100.0 {
                format!("{n:+.0}/yr")
            } else {
                format!("{n:+.1}/yr")
            }
        },
    )
}

fn pad(s: &str, width: usize) -> String {
    let len = s.chars().count();
    if len >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - len))
    }
}

/// One target's cells; `same_year` leaves out the year every target shares
/// (the header names it).
fn rows(t: &TargetResult, same_year: bool) -> [String; 6] {
    let (required, assumed) = if t.required_growth.is_some() || t.assumed_growth.is_some() {
        (growth(t.required_growth), growth(t.assumed_growth))
    } else {
        (
            net(t.required_net_additions_per_year),
            net(t.assumed_net_additions_per_year),
        )
    };
    [
        t.id.clone(),
        match (&t.first_met_by_year, same_year) {
            (Some(_), _) => format!("{} {} by {}", t.op, num(t.value), t.year),
            (None, true) => format!("{} {}", t.op, num(t.value)),
            (None, false) => format!("{} {} in {}", t.op, num(t.value), t.year),
        },
        format!(
            "{:>6}  [{}, {}]",
            pct(t.probability),
            pct(t.ci95[0]),
            pct(t.ci95[1])
        ),
        format!("{} ({}-{})", num(t.median), num(t.p5), num(t.p95)),
        required,
        assumed,
    ]
}

/// The run's table: header, target table, joint probability, the
/// observations a nowcast used, and what "required" and "assumed" mean.
pub fn table(r: &Results) -> String {
    let mut out = String::new();
    header(&mut out, r);
    target_table(&mut out, r);
    joint(&mut out, r);
    first_passage(&mut out, r);
    observations(&mut out, r);
    footer(&mut out, r);
    out
}

/// Title, run settings, convergence, overrides and nowcast line.
fn header(out: &mut String, r: &Results) {
    let title = r.title.as_deref().unwrap_or(&r.scenario);
    let _ = writeln!(out, "{title}");
    // Only a targets-only summary is named: the full one is the default.
    let summary = match r.summary {
        crate::engine::Summary::Full => "",
        crate::engine::Summary::Targets => " | summary: targets only",
    };
    let every = if every_target_in_the_target_year(r) {
        format!(" | every target for {}", r.target_year)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "scenario {} | {} paths | seed {} | {} -> {}{every}{summary}\n",
        r.scenario,
        num(r.paths as f64),
        r.seed,
        r.base_year,
        r.target_year
    );
    if let Some(c) = &r.convergence {
        let why = match c.reason {
            crate::engine::convergence::StopReason::PrecisionReached => "precision reached",
            crate::engine::convergence::StopReason::PathCapReached => {
                "path cap reached before the precision"
            }
        };
        let _ = writeln!(
            out,
            "convergence: stopped at {} paths ({why}); widest 95% half-width {:.4} (asked {}; cap {} paths)\n",
            num(c.paths as f64),
            c.widest_half_width,
            c.precision,
            num(c.max_paths as f64)
        );
    }
    if !r.overrides.is_empty() {
        let _ = writeln!(out, "overrides: {}\n", r.overrides.join("  "));
    }
    if let Some(n) = &r.nowcast {
        let _ = writeln!(
            out,
            "nowcast as of {}: each indicator starts from its last observed value (the scenario's base year is {}); {} of attempted paths met every observed bound\n",
            n.as_of,
            n.scenario_base_year,
            pct(n.acceptance_rate)
        );
    }
}

/// One row per target.
fn target_table(out: &mut String, r: &Results) {
    let header = [
        "target",
        "condition",
        "P(met)  [95% CI]",
        "median (5th-95th pct)",
        "required",
        "assumed",
    ];
    let same_year = every_target_in_the_target_year(r);
    let body: Vec<[String; 6]> = r.targets.iter().map(|t| rows(t, same_year)).collect();
    let widths: Vec<usize> = (0..6)
        .map(|c| {
            body.iter()
                .map(|row| row[c].chars().count())
                .chain([header[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, &w)| pad(c, w)).collect();
        padded.join("  ").trim_end().to_string()
    };
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let lines: Vec<String> = body.iter().map(|row| line(row)).collect();
    let rule = lines
        .iter()
        .chain([&line(&header)])
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let _ = writeln!(out, "{}", line(&header));
    let _ = writeln!(out, "{}", "-".repeat(rule));
    for l in &lines {
        let _ = writeln!(out, "{l}");
    }
}

/// Does every target ask for its condition in the target year itself?
fn every_target_in_the_target_year(r: &Results) -> bool {
    r.targets
        .iter()
        .all(|t| t.year == r.target_year && t.first_met_by_year.is_none())
}

/// For each `by` target, the share of paths that have met it by each year,
/// and the median first year.
fn first_passage(out: &mut String, r: &Results) {
    let by: Vec<&TargetResult> = r
        .targets
        .iter()
        .filter(|t| t.first_met_by_year.is_some())
        .collect();
    if by.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nWhen (share of paths that have met it by each year):"
    );
    for t in by {
        let median = match t.median_first_met_year {
            Some(Some(year)) => format!("median first year {year}"),
            _ => format!(
                "median first year: not within the horizon (fewer than half the paths by {})",
                t.year
            ),
        };
        let _ = writeln!(out, "  {}: {median}", t.id);
        // Eight years a line, each year above its share.
        let years: Vec<(&i32, &f64)> = t.first_met_by_year.iter().flatten().collect();
        for chunk in years.chunks(8) {
            let head: Vec<String> = chunk.iter().map(|(y, _)| format!("{y:>7}")).collect();
            let row: Vec<String> = chunk
                .iter()
                .map(|(_, p)| format!("{:>7}", pct(**p)))
                .collect();
            let _ = writeln!(out, "    {}\n    {}", head.join(""), row.join(""));
        }
    }
}

/// The probability that all targets are met, and the met-count distribution.
fn joint(out: &mut String, r: &Results) {
    let _ = writeln!(
        out,
        "\nAll {} targets met on the same path: {}  [{}, {}]",
        r.targets.len(),
        pct(r.all_targets_probability),
        pct(r.all_targets_ci95[0]),
        pct(r.all_targets_ci95[1])
    );
    let dist: Vec<String> = r
        .targets_met_distribution
        .iter()
        .map(|m| format!("{}: {}", m.met, pct(m.probability)))
        .collect();
    let _ = writeln!(out, "Targets met (count: probability): {}", dist.join("  "));
}

/// Per target, the observations a nowcast used and those it did not.
fn observations(out: &mut String, r: &Results) {
    if let Some(n) = &r.nowcast {
        let _ = writeln!(out, "\nObservations used (as of {}):", n.as_of);
        for t in &r.targets {
            let start = n.indicators.iter().find(|i| i.id == t.indicator);
            let from = start.map_or(r.base_year, |i| i.start_year);
            let _ = writeln!(out, "  {} ({} from {from}):", t.id, t.indicator);
            if t.observations.is_empty() {
                let _ = writeln!(
                    out,
                    "    nothing observed after {}: the scenario's base value",
                    n.scenario_base_year
                );
            }
            for o in &t.observations {
                let _ = writeln!(out, "    {o}");
            }
            for o in start.iter().flat_map(|i| &i.ignored) {
                let _ = writeln!(out, "    not used: {o}");
            }
        }
    }
}

/// What "required" and "assumed" mean.
fn footer(out: &mut String, r: &Results) {
    let from = match &r.nowcast {
        Some(_) => "each indicator's starting value (above)".to_string(),
        None => format!("the {} base", r.base_year),
    };
    let _ = writeln!(
        out,
        "\nrequired = constant yearly growth (or net additions) from {from} that exactly reaches the target;\nassumed = what the scenario's mean assumptions imply, before shocks."
    );
}
