//! `[firms]` → [`Firms`]: sectors, roster, the calibrated synthetic tail,
//! and the bases of firm_output indicators.

use super::raw::RawScenarioFile;
use crate::error::ScenarioError;
use crate::firms::tail::{Body, TierSpec, build};
use crate::firms::{Entry, Exit, Firms, Sector, roster};
use crate::io::SourceFile;
use crate::model::{Indicator, IndicatorKind};

/// Most firms a population may hold (synthetic tail, body and roster).
const MAX_FIRMS: u64 = 2_000_000;

/// Validate the `[firms]` block and build the population; sets the bases
/// and sectors of firm_output indicators.
pub fn firms(
    source: &SourceFile,
    raw: &RawScenarioFile,
    indicators: &mut [Indicator],
    roster_file: Option<&SourceFile>,
) -> Result<Option<Firms>, ScenarioError> {
    let Some(spanned) = &raw.firms else {
        if let Some((k, ind)) = indicators.iter().enumerate().find(|(_, i)| i.is_firm()) {
            return Err(source.invalid(
                raw.indicator[k].span(),
                format!("indicator.{}.kind", ind.id),
                format!(
                    "a {} indicator needs a [firms] block (its firms and sectors)",
                    ind.kind_name()
                ),
            ));
        }
        return Ok(None);
    };
    let f = spanned.get_ref();
    let whole = spanned.span();
    let bad = |key: &str, message: String| source.invalid(whole.clone(), key, message);
    let check =
        |ok: bool, key: &str, message: String| if ok { Ok(()) } else { Err(bad(key, message)) };

    let noise_sd = *f.noise_sd.get_ref();
    if !(noise_sd.is_finite() && noise_sd >= 0.0) {
        return Err(source.invalid(
            f.noise_sd.span(),
            "firms.noise_sd",
            format!("must be a number >= 0, got {noise_sd}"),
        ));
    }
    let top_alpha = match &f.top_alpha {
        None => 1.0,
        Some(a) if a.get_ref().is_finite() && *a.get_ref() > 0.0 => *a.get_ref(),
        Some(a) => {
            return Err(source.invalid(
                a.span(),
                "firms.top_alpha",
                format!("must be a Pareto exponent > 0, got {}", a.get_ref()),
            ));
        }
    };
    if f.sector.is_empty() {
        return Err(bad(
            "firms.sector",
            "needs at least one [[firms.sector]] with the growth indicator that drives it".into(),
        ));
    }
    let mut sectors: Vec<Sector> = Vec::new();
    for s in &f.sector {
        let raw_sector = s.get_ref();
        let id = raw_sector.id.get_ref().clone();
        let key = |k: &str| format!("firms.sector.{id}.{k}");
        if sectors.iter().any(|o| o.id == id) || id.is_empty() {
            return Err(source.invalid(
                raw_sector.id.span(),
                "firms.sector.id",
                format!("sector ids must be unique and non-empty, got \"{id}\""),
            ));
        }
        let name = raw_sector.indicator.get_ref();
        let indicator = indicators
            .iter()
            .position(|i| &i.id == name && i.is_growth())
            .ok_or_else(|| {
                source.invalid(
                    raw_sector.indicator.span(),
                    key("indicator"),
                    format!("\"{name}\" is not a growth indicator of this scenario"),
                )
            })?;
        let positive = |v: &Option<toml::Spanned<f64>>, field: &str, allow_zero: bool| match v {
            None => Ok(None),
            Some(x) => {
                let value = *x.get_ref();
                if value.is_finite() && (value > 0.0 || (allow_zero && value == 0.0)) {
                    Ok(Some(value))
                } else {
                    Err(source.invalid(
                        x.span(),
                        key(field),
                        format!("must be a number > 0, got {value}"),
                    ))
                }
            }
        };
        let share = positive(&raw_sector.share, "share", true)?;
        let output = positive(&raw_sector.output, "output", false)?;
        sectors.push(Sector {
            id,
            indicator,
            share: share.unwrap_or(f64::NAN),
            output,
            residual: 0.0,
        });
    }
    if sectors.len() > u8::MAX as usize {
        return Err(bad("firms.sector", format!("at most {} sectors", u8::MAX)));
    }
    // Shares: as given, else proportional to stated outputs, else equal.
    let given = sectors.iter().filter(|s| !s.share.is_nan()).count();
    if given != 0 && given != sectors.len() {
        return Err(bad(
            "firms.sector.share",
            "give `share` for every sector or for none".into(),
        ));
    }
    if given == 0 {
        let all_outputs = sectors.iter().all(|s| s.output.is_some());
        for s in &mut sectors {
            s.share = if all_outputs {
                s.output.unwrap_or(1.0)
            } else {
                1.0
            };
        }
    }
    let total: f64 = sectors.iter().map(|s| s.share).sum();
    check(
        total > 0.0,
        "firms.sector.share",
        "the shares add up to 0".into(),
    )?;
    for s in &mut sectors {
        s.share /= total;
    }

    let exit = match &f.exit {
        None => None,
        Some(e) => {
            let r = e.get_ref();
            let exit = Exit {
                hazard: r.hazard,
                elasticity: r.elasticity.unwrap_or(0.0),
                reference: r.reference.unwrap_or(1.0),
            };
            let ok = (0.0..=1.0).contains(&exit.hazard)
                && exit.elasticity.is_finite()
                && exit.reference.is_finite()
                && exit.reference > 0.0;
            if !ok {
                return Err(source.invalid(
                    e.span(),
                    "firms.exit",
                    format!(
                        "needs 0 <= hazard <= 1, a finite elasticity and reference > 0, got hazard {}, elasticity {}, reference {}",
                        exit.hazard, exit.elasticity, exit.reference
                    ),
                ));
            }
            Some(exit)
        }
    };
    let entry = match &f.entry {
        None => None,
        Some(e) => {
            let r = e.get_ref();
            let ok = (0.0..=1e6).contains(&r.rate)
                && r.median.is_finite()
                && r.median > 0.0
                && r.sigma.is_finite()
                && r.sigma >= 0.0;
            if !ok {
                return Err(source.invalid(
                    e.span(),
                    "firms.entry",
                    format!(
                        "needs 0 <= rate <= 1e6, median > 0 and sigma >= 0, got rate {}, median {}, sigma {}",
                        r.rate, r.median, r.sigma
                    ),
                ));
            }
            Some(Entry {
                rate: r.rate,
                median: r.median,
                sigma: r.sigma,
            })
        }
    };
    let body = match &f.body {
        None => None,
        Some(b) => {
            let r = b.get_ref();
            let ok = (0..=MAX_FIRMS as i64).contains(&r.count)
                && r.median.is_finite()
                && r.median > 0.0
                && r.sigma.is_finite()
                && r.sigma > 0.0;
            if !ok {
                return Err(source.invalid(
                    b.span(),
                    "firms.body",
                    format!(
                        "needs 0 <= count <= {MAX_FIRMS}, median > 0 and sigma > 0, got count {}, median {}, sigma {}",
                        r.count, r.median, r.sigma
                    ),
                ));
            }
            Some(Body {
                count: r.count as u64,
                median: r.median,
                sigma: r.sigma,
            })
        }
    };

    let sector_ids: Vec<String> = sectors.iter().map(|s| s.id.clone()).collect();
    let roster = match roster_file {
        Some(file) => roster::parse(file, &sector_ids)?,
        None => Vec::new(),
    };
    let tiers: Vec<TierSpec> = indicators
        .iter()
        .enumerate()
        .filter_map(|(k, ind)| match ind.kind {
            IndicatorKind::FirmCount { threshold } => Some(TierSpec {
                indicator: k,
                id: ind.id.clone(),
                threshold,
                count: ind.base as u64,
            }),
            _ => None,
        })
        .collect();
    if body.is_some() && tiers.is_empty() {
        return Err(bad(
            "firms.body",
            "a body lies below the lowest tier threshold, but no firm_count indicator sets one"
                .into(),
        ));
    }
    let planned = tiers.iter().map(|t| t.count).max().unwrap_or(0)
        + body.map_or(0, |b| b.count)
        + roster.len() as u64;
    check(
        planned <= MAX_FIRMS,
        "firms",
        format!("{planned} firms is more than the {MAX_FIRMS} a population may hold"),
    )?;
    let shares: Vec<f64> = sectors.iter().map(|s| s.share).collect();
    let population = build(&tiers, &roster, &shares, top_alpha, body)
        .map_err(|m| bad("firms", format!("cannot build the firm population: {m}")))?;
    let mut firms = Firms {
        sectors,
        revenue: population.revenue,
        sector_of: population.sector_of,
        names: roster.iter().map(|r| r.name.clone()).collect(),
        noise_sd,
        exit,
        entry,
        unit: f.unit.clone(),
        roster_file: roster_file.map(|r| r.path.clone()),
        tiers: population.tiers,
    };
    for k in 0..firms.sectors.len() {
        if let Some(output) = firms.sectors[k].output {
            let held = firms.output(Some(k));
            check(
                held <= output,
                &format!("firms.sector.{}.output", firms.sectors[k].id),
                format!(
                    "the sector's modelled firms hold {held:.1} in the base year, more than its output {output}"
                ),
            )?;
            firms.sectors[k].residual = output - held;
        }
    }
    // firm_output indicators: resolve their sector, base = their revenue.
    for (ind, raw_ind) in indicators.iter_mut().zip(&raw.indicator) {
        if !matches!(ind.kind, IndicatorKind::FirmOutput { .. }) {
            continue;
        }
        let sector = match &raw_ind.get_ref().sector {
            None => None,
            Some(name) => Some(
                firms
                    .sectors
                    .iter()
                    .position(|s| &s.id == name.get_ref())
                    .ok_or_else(|| {
                        source.invalid(
                            name.span(),
                            format!("indicator.{}.sector", ind.id),
                            format!(
                                "unknown sector \"{}\"; the sectors are {}",
                                name.get_ref(),
                                sector_ids.join(", ")
                            ),
                        )
                    })?,
            ),
        };
        ind.kind = IndicatorKind::FirmOutput { sector };
        ind.base = firms.output(sector);
    }
    Ok(Some(firms))
}
