//! `[firms]` → [`Firms`]: sectors, roster, the calibrated synthetic tail,
//! and the bases of firm_output indicators.

use super::raw::{RawBody, RawEntry, RawExit, RawFirms, RawScenarioFile, RawSector};
use crate::error::ScenarioError;
use crate::firms::tail::{Body, TierSpec, build};
use crate::firms::{Entry, Exit, Firms, Sector, roster};
use crate::io::SourceFile;
use crate::model::{Indicator, IndicatorKind};

/// Most firms a population may hold (synthetic tail, body and roster).
const MAX_FIRMS: u64 = 2_000_000;

/// Most firm-years one path may move: 2 million firms for 10 years, or the
/// Kunshan population (about 19,000 firm-years) a thousand times over.
const MAX_FIRM_YEARS: f64 = 2e7;

/// Validate the `[firms]` block and build the population; sets the bases
/// and sectors of firm_output indicators.
pub fn firms(
    source: &SourceFile,
    raw: &RawScenarioFile,
    indicators: &mut [Indicator],
    roster_file: Option<&SourceFile>,
    horizon: usize,
) -> Result<Option<Firms>, ScenarioError> {
    let Some(spanned) = &raw.firms else {
        no_firm_indicators(source, raw, indicators)?;
        return Ok(None);
    };
    let f = spanned.get_ref();
    let block = Block {
        source,
        whole: spanned.span(),
    };
    let noise_sd = noise_sd(source, f)?;
    let top_alpha = top_alpha(source, f)?;
    let mut sectors = f.sector.iter().try_fold(Vec::new(), |mut sectors, s| {
        sectors.push(sector(source, s.get_ref(), &sectors, indicators)?);
        Ok(sectors)
    })?;
    normalise_shares(&block, &mut sectors)?;
    let exit = f.exit.as_ref().map(|e| exit(source, e)).transpose()?;
    let entry = f.entry.as_ref().map(|e| entry(source, e)).transpose()?;
    let body = f.body.as_ref().map(|b| body(source, b)).transpose()?;
    let sector_ids: Vec<String> = sectors.iter().map(|s| s.id.clone()).collect();
    let roster = match roster_file {
        Some(file) => roster::parse(file, &sector_ids)?,
        None => Vec::new(),
    };
    let tiers = tiers(&block, indicators, body.is_some())?;
    check_size(&block, &tiers, body, roster.len(), entry, horizon)?;
    let shares: Vec<f64> = sectors.iter().map(|s| s.share).collect();
    let population = build(&tiers, &roster, &shares, top_alpha, body)
        .map_err(|m| block.bad("firms", format!("cannot build the firm population: {m}")))?;
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
    sector_residuals(&block, &mut firms)?;
    resolve_firm_outputs(source, raw, indicators, &firms, &sector_ids)?;
    Ok(Some(firms))
}

/// The `[firms]` block, for errors that name the whole block.
struct Block<'a> {
    source: &'a SourceFile,
    whole: std::ops::Range<usize>,
}

impl Block<'_> {
    fn bad(&self, key: &str, message: String) -> ScenarioError {
        self.source.invalid(self.whole.clone(), key, message)
    }

    fn check(&self, ok: bool, key: &str, message: String) -> Result<(), ScenarioError> {
        if ok {
            Ok(())
        } else {
            Err(self.bad(key, message))
        }
    }
}

/// Without a `[firms]` block no indicator may count or sum firms.
fn no_firm_indicators(
    source: &SourceFile,
    raw: &RawScenarioFile,
    indicators: &[Indicator],
) -> Result<(), ScenarioError> {
    match indicators.iter().enumerate().find(|(_, i)| i.is_firm()) {
        Some((k, ind)) => Err(source.invalid(
            raw.indicator[k].span(),
            format!("indicator.{}.kind", ind.id),
            format!(
                "a {} indicator needs a [firms] block (its firms and sectors)",
                ind.kind_name()
            ),
        )),
        None => Ok(()),
    }
}

fn noise_sd(source: &SourceFile, f: &RawFirms) -> Result<f64, ScenarioError> {
    let noise_sd = *f.noise_sd.get_ref();
    if noise_sd.is_finite() && noise_sd >= 0.0 {
        Ok(noise_sd)
    } else {
        Err(source.invalid(
            f.noise_sd.span(),
            "firms.noise_sd",
            format!("must be a number >= 0, got {noise_sd}"),
        ))
    }
}

fn top_alpha(source: &SourceFile, f: &RawFirms) -> Result<f64, ScenarioError> {
    match &f.top_alpha {
        None => Ok(1.0),
        Some(a) if a.get_ref().is_finite() && *a.get_ref() > 0.0 => Ok(*a.get_ref()),
        Some(a) => Err(source.invalid(
            a.span(),
            "firms.top_alpha",
            format!("must be a Pareto exponent > 0, got {}", a.get_ref()),
        )),
    }
}

/// One `[[firms.sector]]`, checked against the sectors before it.
fn sector(
    source: &SourceFile,
    raw_sector: &RawSector,
    before: &[Sector],
    indicators: &[Indicator],
) -> Result<Sector, ScenarioError> {
    let id = raw_sector.id.get_ref().clone();
    let key = |k: &str| format!("firms.sector.{id}.{k}");
    if before.iter().any(|o| o.id == id) || id.is_empty() {
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
    Ok(Sector {
        id,
        indicator,
        share: share.unwrap_or(f64::NAN),
        output,
        residual: 0.0,
    })
}

/// Shares: as given, else proportional to stated outputs, else equal;
/// then scaled to add up to 1.
fn normalise_shares(block: &Block, sectors: &mut [Sector]) -> Result<(), ScenarioError> {
    if sectors.is_empty() {
        return Err(block.bad(
            "firms.sector",
            "needs at least one [[firms.sector]] with the growth indicator that drives it".into(),
        ));
    }
    if sectors.len() > u8::MAX as usize {
        return Err(block.bad("firms.sector", format!("at most {} sectors", u8::MAX)));
    }
    let given = sectors.iter().filter(|s| !s.share.is_nan()).count();
    if given != 0 && given != sectors.len() {
        return Err(block.bad(
            "firms.sector.share",
            "give `share` for every sector or for none".into(),
        ));
    }
    if given == 0 {
        let all_outputs = sectors.iter().all(|s| s.output.is_some());
        for s in sectors.iter_mut() {
            s.share = if all_outputs {
                s.output.unwrap_or(1.0)
            } else {
                1.0
            };
        }
    }
    let total: f64 = sectors.iter().map(|s| s.share).sum();
    block.check(
        total > 0.0 && total.is_finite(),
        "firms.sector.share",
        format!("the shares must add up to a positive number, got {total}"),
    )?;
    for s in sectors.iter_mut() {
        s.share /= total;
    }
    Ok(())
}

fn exit(source: &SourceFile, e: &toml::Spanned<RawExit>) -> Result<Exit, ScenarioError> {
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
    if ok {
        Ok(exit)
    } else {
        Err(source.invalid(
            e.span(),
            "firms.exit",
            format!(
                "needs 0 <= hazard <= 1, a finite elasticity and reference > 0, got hazard {}, elasticity {}, reference {}",
                exit.hazard, exit.elasticity, exit.reference
            ),
        ))
    }
}

fn entry(source: &SourceFile, e: &toml::Spanned<RawEntry>) -> Result<Entry, ScenarioError> {
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
    Ok(Entry {
        rate: r.rate,
        median: r.median,
        sigma: r.sigma,
    })
}

fn body(source: &SourceFile, b: &toml::Spanned<RawBody>) -> Result<Body, ScenarioError> {
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
    Ok(Body {
        count: r.count as u64,
        median: r.median,
        sigma: r.sigma,
    })
}

/// The tiers the firm_count indicators set, each with its base count.
fn tiers(
    block: &Block,
    indicators: &[Indicator],
    has_body: bool,
) -> Result<Vec<TierSpec>, ScenarioError> {
    let mut tiers = Vec::new();
    for (k, ind) in indicators.iter().enumerate() {
        let IndicatorKind::FirmCount { threshold } = ind.kind else {
            continue;
        };
        // Checked here, before any cast: a count past the population limit
        // would otherwise saturate and the sizes below would wrap.
        block.check(
            ind.base >= 0.0 && ind.base <= MAX_FIRMS as f64,
            &format!("indicator.{}.base", ind.id),
            format!(
                "a firm count must be between 0 and {MAX_FIRMS} (the most firms a population may hold), got {}",
                ind.base
            ),
        )?;
        tiers.push(TierSpec {
            indicator: k,
            id: ind.id.clone(),
            threshold,
            count: ind.base as u64,
        });
    }
    if has_body && tiers.is_empty() {
        return Err(block.bad(
            "firms.body",
            "a body lies below the lowest tier threshold, but no firm_count indicator sets one"
                .into(),
        ));
    }
    Ok(tiers)
}

/// The population may hold at most [`MAX_FIRMS`] firms at the start, and
/// a path may move at most [`MAX_FIRM_YEARS`] firm-years with its entrants.
fn check_size(
    block: &Block,
    tiers: &[TierSpec],
    body: Option<Body>,
    roster: usize,
    entry: Option<Entry>,
    horizon: usize,
) -> Result<(), ScenarioError> {
    let planned = tiers.iter().map(|t| t.count).max().unwrap_or(0)
        + body.map_or(0, |b| b.count)
        + roster as u64;
    block.check(
        planned <= MAX_FIRMS,
        "firms",
        format!("{planned} firms is more than the {MAX_FIRMS} a population may hold"),
    )?;
    // Entrants accumulate: the expected population at the horizon, moved
    // every year, bounds a path's work.
    let rate = entry.map_or(0.0, |e| e.rate);
    let firm_years = (planned as f64 + rate * horizon as f64) * horizon as f64;
    block.check(
        firm_years <= MAX_FIRM_YEARS,
        "firms",
        format!(
            "{planned} firms and {rate} entrants a year over {horizon} years move about {} firm-years a path, more than the {MAX_FIRM_YEARS:e} a path may",
            crate::text::plain(firm_years)
        ),
    )
}

/// A sector with a stated output keeps what its modelled firms do not
/// hold as a residual.
fn sector_residuals(block: &Block, firms: &mut Firms) -> Result<(), ScenarioError> {
    for k in 0..firms.sectors.len() {
        if let Some(output) = firms.sectors[k].output {
            let held = firms.output(Some(k));
            block.check(
                held <= output,
                &format!("firms.sector.{}.output", firms.sectors[k].id),
                format!(
                    "the sector's modelled firms hold {held:.1} in the base year, more than its output {output}"
                ),
            )?;
            firms.sectors[k].residual = output - held;
        }
    }
    Ok(())
}

/// firm_output indicators: resolve their sector; their base is its revenue.
fn resolve_firm_outputs(
    source: &SourceFile,
    raw: &RawScenarioFile,
    indicators: &mut [Indicator],
    firms: &Firms,
    sector_ids: &[String],
) -> Result<(), ScenarioError> {
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
    Ok(())
}
