//! Which targets an input can move: the targets whose indicators' joint
//! law depends on it. A target outside that set has the same probability
//! (in law) whatever the input's value, so an analysis swinging the input
//! need not simulate it again: its probability is the reference run's, and
//! the swing's effect on it is exactly zero rather than a noisy estimate of
//! zero.
//!
//! The dependencies follow the model's structure:
//! - a growth indicator's mean or sd moves that indicator and, when it
//!   drives a firm sector, every firm indicator;
//! - a count's additions or exits move that count;
//! - a shock's probability moves the indicators it hits (and the firms when
//!   one of them drives a sector);
//! - a correlation changes only the joint law of its two indicators (every
//!   other pair and every marginal stays as it was), which reaches a target
//!   only through the firms, when both indicators drive firm sectors;
//! - a firm parameter moves the firm indicators.
//!
//! A nowcast's observed bounds condition every indicator on every other
//! (a path is kept only when all of them hold), so with bounds every input
//! can move every target.

use crate::model::Model;

/// The indices of `model.targets` that the input `key` (a `--set` key) can
/// move, in target order; every target when the key is not recognised or
/// the model has observed bounds.
pub fn targets_moved_by(model: &Model, key: &str) -> Vec<usize> {
    let all = || (0..model.targets.len()).collect();
    if has_bounds(model) {
        return all();
    }
    let Some(moved) = indicators_moved_by(model, key) else {
        return all();
    };
    model
        .targets
        .iter()
        .enumerate()
        .filter(|(_, t)| moved[t.indicator])
        .map(|(i, _)| i)
        .collect()
}

/// Per indicator, can the input `key` change its law? `None` when the key
/// is none of the forms the swings use.
fn indicators_moved_by(model: &Model, key: &str) -> Option<Vec<bool>> {
    let n = model.indicators.len();
    let index = |id: &str| model.indicators.iter().position(|i| i.id == id);
    let drivers: Vec<usize> = model.firms.as_ref().map_or_else(Vec::new, |f| {
        f.sectors.iter().map(|s| s.indicator).collect()
    });
    let with_firms = |mut moved: Vec<bool>| {
        if drivers.iter().any(|&d| moved[d]) {
            for (m, ind) in moved.iter_mut().zip(&model.indicators) {
                *m |= ind.is_firm();
            }
        }
        moved
    };
    let only = |i: usize| {
        let mut moved = vec![false; n];
        moved[i] = true;
        moved
    };
    if key.starts_with("firms.") {
        return Some(model.indicators.iter().map(|i| i.is_firm()).collect());
    }
    if let Some(rest) = key.strip_prefix("shock.") {
        let name = rest.strip_suffix(".probability")?;
        let shock = model.shocks.iter().find(|s| s.name == name)?;
        let mut moved = vec![false; n];
        for &(i, _) in &shock.impacts {
            moved[i] = true;
        }
        return Some(with_firms(moved));
    }
    if let Some(rest) = key.strip_prefix("correlation.") {
        let (a, b) = rest.strip_suffix(".rho")?.split_once('~')?;
        let (a, b) = (index(a)?, index(b)?);
        let both_drive = drivers.contains(&a) && drivers.contains(&b);
        return Some(
            model
                .indicators
                .iter()
                .map(|i| both_drive && i.is_firm())
                .collect(),
        );
    }
    let (id, field) = key.split_once('.')?;
    let i = index(id)?;
    match field {
        "growth.mean" | "growth.sd" => Some(with_firms(only(i))),
        "additions.mean" | "exits.mean" => Some(only(i)),
        _ => None,
    }
}

/// Does a nowcast bound any indicator from below or above?
fn has_bounds(model: &Model) -> bool {
    model.conditioning.as_ref().is_some_and(|c| {
        c.indicators
            .iter()
            .any(|i| !i.floors.is_empty() || !i.ceilings.is_empty())
    })
}
