//! An indicator's assumptions in words, for reports and workbooks.

use super::{IndicatorKind, Model, Shock};

/// A growth indicator's distributions (default, then yearly overrides) or a
/// count's additions and exits.
pub fn dynamics(model: &Model, kind: &IndicatorKind) -> String {
    match kind {
        IndicatorKind::Growth {
            by_year, mean_sd, ..
        } => {
            let texts: Vec<String> = by_year.iter().map(|d| d.describe()).collect();
            // The most frequent description is the default; list the rest by year.
            let default = texts
                .iter()
                .max_by_key(|t| texts.iter().filter(|u| u == t).count())
                .cloned()
                .unwrap_or_default();
            let mut out = format!("growth {default}");
            for (year, text) in model.year_range().zip(&texts) {
                if *text != default {
                    out.push_str(&format!("; {year}: {text}"));
                }
            }
            if *mean_sd > 0.0 {
                out.push_str(&format!(
                    "; its mean drawn per path with standard error {mean_sd}"
                ));
            }
            out
        }
        IndicatorKind::Count { additions, exits } => {
            let mut out = format!("additions {}", additions.describe());
            if let Some(e) = exits {
                out.push_str(&format!("; exits {}", e.describe()));
            }
            out
        }
        IndicatorKind::FirmCount { threshold } => {
            format!("simulated firms with revenue of at least {threshold} (see Firms)")
        }
        IndicatorKind::FirmOutput { sector } => match (sector, &model.firms) {
            (Some(k), Some(f)) => format!("revenue of the {} sector's firms", f.sectors[*k].id),
            _ => "revenue of all simulated firms".to_string(),
        },
    }
}

/// The years a shock can strike ("2022, 2023").
pub fn shock_years(model: &Model, shock: &Shock) -> String {
    let years: Vec<String> = model
        .year_range()
        .zip(&shock.active)
        .filter(|(_, active)| **active)
        .map(|(y, _)| y.to_string())
        .collect();
    years.join(", ")
}

/// A shock's impacts ("ngit_output -0.05; listed_companies -0.3").
pub fn shock_impacts(model: &Model, shock: &Shock) -> String {
    let impacts: Vec<String> = shock
        .impacts
        .iter()
        .map(|&(k, v)| format!("{} {v:+}", model.indicators[k].id))
        .collect();
    impacts.join("; ")
}
