//! Matching extracted targets to a scenario's indicators by their names
//! (`label_zh`, then `label`), and converting the value into the
//! indicator's unit.

use super::Found;
use crate::model::Model;
use serde::Serialize;

/// A match of several characters' overlap is a guess; below this share of
/// the longer name, it is no match at all.
const MIN_SIMILARITY: f64 = 0.6;

/// What a target became in the scenario, or why it did not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// The scenario's indicator id, when matched.
    pub indicator: Option<String>,
    /// The value in the indicator's unit.
    pub value: Option<f64>,
    /// How the names matched (exact, contains, similar), or why not.
    pub how: String,
}

/// An indicator unit's base unit and the factor from the base to it
/// (100m_yuan: yuan, 1e8). Units not listed count things.
fn base_of(unit: Option<&str>) -> (&'static str, f64) {
    match unit.unwrap_or("") {
        "100m_yuan" => ("yuan", 1e8),
        "10k_yuan" => ("yuan", 1e4),
        "yuan" => ("yuan", 1.0),
        "100m_usd" => ("usd", 1e8),
        "usd" => ("usd", 1.0),
        "percent" | "%" | "pct" => ("percent", 1.0),
        "persons" | "people" | "person" => ("person", 1.0),
        "10k_persons" | "10k_people" => ("person", 1e4),
        _ => ("count", 1.0),
    }
}

/// How alike two names are: 1 when equal, 0.9 when one contains the other,
/// else the share of matching characters (normalised Levenshtein).
fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        1.0
    } else if a.contains(b) || b.contains(a) {
        0.9
    } else {
        strsim::normalized_levenshtein(a, b)
    }
}

/// The best-matching indicator of `model` for each target.
pub fn link(targets: &[Found], model: &Model) -> Vec<Link> {
    targets.iter().map(|t| link_one(t, model)).collect()
}

fn link_one(target: &Found, model: &Model) -> Link {
    let best = model
        .indicators
        .iter()
        .map(|ind| {
            let names = [ind.label_zh.as_deref().unwrap_or(""), ind.label.as_str()];
            let score = names
                .iter()
                .map(|n| similarity(&target.indicator, n))
                .fold(0.0, f64::max);
            (score, ind)
        })
        .fold(None, |best: Option<(f64, _)>, (score, ind)| match best {
            Some((s, _)) if s >= score => best,
            _ => Some((score, ind)),
        });
    let Some((score, ind)) = best.filter(|(s, _)| *s >= MIN_SIMILARITY) else {
        return Link {
            indicator: None,
            value: None,
            how: "no indicator of the scenario has a similar name".into(),
        };
    };
    let (base, factor) = base_of(ind.unit.as_deref());
    if base != target.unit || target.rate {
        return Link {
            indicator: None,
            value: None,
            how: format!(
                "nearest indicator {} is in {}, the target in {}{}",
                ind.id,
                ind.unit.as_deref().unwrap_or("a count"),
                target.unit,
                if target.rate {
                    " (a rate of change)"
                } else {
                    ""
                }
            ),
        };
    }
    let how = if score == 1.0 {
        "same name"
    } else if score >= 0.9 {
        "one name contains the other"
    } else {
        "similar name: check it"
    };
    Link {
        indicator: Some(ind.id.clone()),
        value: Some(target.value / factor),
        how: how.into(),
    }
}
