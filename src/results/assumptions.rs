//! A scenario's assumptions as rows, for the workbook's Assumptions sheet:
//! every indicator's base and dynamics, every correlation, shock and firm
//! parameter, each with its source or assumption note.

use crate::model::Model;
use crate::model::describe::{dynamics, shock_impacts, shock_years};
use serde::Serialize;

/// One assumption.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Assumption {
    /// What kind: indicator, correlation, shock or firms.
    pub section: &'static str,
    /// What it is about (an indicator id, a pair, a shock's name, a key).
    pub item: String,
    /// Its number (a base, a correlation, a probability), if it has one.
    pub value: Option<f64>,
    /// The rest in words (distributions, years, impacts).
    pub details: String,
    /// Its source or `# assumption:` note as the scenario states it.
    pub source: String,
}

/// Every assumption of `model`, indicators first.
pub fn of_model(model: &Model) -> Vec<Assumption> {
    let mut out = Vec::new();
    let id = |k: usize| model.indicators[k].id.clone();
    for ind in &model.indicators {
        out.push(Assumption {
            section: "indicator",
            item: ind.id.clone(),
            value: Some(ind.base),
            details: format!("base {}; {}", model.base_year, dynamics(model, &ind.kind)),
            source: ind.source.clone().unwrap_or_default(),
        });
    }
    for c in &model.correlations {
        out.push(Assumption {
            section: "correlation",
            item: format!("{} ~ {}", id(c.a), id(c.b)),
            value: Some(c.rho),
            details: "correlation of yearly growth".into(),
            source: c.source.clone().unwrap_or_default(),
        });
    }
    for sh in &model.shocks {
        out.push(Assumption {
            section: "shock",
            item: sh.name.clone(),
            value: Some(sh.probability),
            details: format!(
                "probability a year, in {}; impact {}",
                shock_years(model, sh),
                shock_impacts(model, sh)
            ),
            source: sh.source.clone().unwrap_or_default(),
        });
    }
    if let Some(f) = &model.firms {
        out.extend(firm_rows(model, f));
    }
    out
}

/// The firm population's parameters.
fn firm_rows(model: &Model, f: &crate::firms::Firms) -> Vec<Assumption> {
    let row = |item: &str, value: Option<f64>, details: String| Assumption {
        section: "firms",
        item: item.to_string(),
        value,
        details,
        source: String::new(),
    };
    let mut out = vec![
        row(
            "population",
            Some(f.revenue.len() as f64),
            format!("firms in {} ({} named)", model.base_year, f.names.len()),
        ),
        row(
            "noise_sd",
            Some(f.noise_sd),
            "sd of a firm's yearly log growth around its sector's".into(),
        ),
    ];
    for sector in &f.sectors {
        out.push(row(
            &format!("sector {}", sector.id),
            Some(sector.share),
            format!(
                "share of synthetic revenue and entrants; grows with {}",
                model.indicators[sector.indicator].id
            ),
        ));
    }
    if let Some(e) = f.exit {
        out.push(row(
            "exit.hazard",
            Some(e.hazard),
            format!(
                "exit probability {} x (revenue / {})^{} a year",
                e.hazard, e.reference, e.elasticity
            ),
        ));
    }
    if let Some(e) = f.entry {
        out.push(row(
            "entry.rate",
            Some(e.rate),
            format!(
                "new firms a year (Poisson), lognormal revenue with median {} and log-sd {}",
                e.median, e.sigma
            ),
        ));
    }
    out
}
