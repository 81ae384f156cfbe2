//! Raw scenario → validated [`Model`]: resolve references, check every number.

use super::dist::{self, MAX_GROWTH};
use super::raw::{RawIndicator, RawScenarioFile, RawTarget, RawTargetsFile};
use crate::error::ScenarioError;
use crate::io::SourceFile;
use crate::model::{
    Copula, Indicator, IndicatorKind, KindName, Model, Op, Shock, SimulationDefaults, Target,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use toml::Spanned;

/// Years outside this range are surely typos.
const YEAR_RANGE: std::ops::RangeInclusive<i64> = 1000..=3000;
/// Longest horizon accepted (simulated years).
const MAX_HORIZON: i64 = 200;

/// Validate a parsed scenario; `targets_file` is the file its
/// `scenario.targets` names, already read (see [`super::Sources`]).
pub fn validate(
    source: &SourceFile,
    raw: RawScenarioFile,
    targets_file: Option<&SourceFile>,
    history_file: Option<&SourceFile>,
    roster_file: Option<&SourceFile>,
) -> Result<Model, ScenarioError> {
    let header = raw.scenario.get_ref();
    let name = header.name.get_ref().trim().to_string();
    if name.is_empty() {
        return Err(source.invalid(header.name.span(), "scenario.name", "must not be empty"));
    }
    let base_year = year_value(source, &header.base_year, "scenario.base_year")?;
    let target_year = year_value(source, &header.target_year, "scenario.target_year")?;
    if target_year <= base_year || (target_year - base_year) as i64 > MAX_HORIZON {
        return Err(source.invalid(
            header.target_year.span(),
            "scenario.target_year",
            format!(
                "must be after base_year ({base_year}) and at most {MAX_HORIZON} years later, got {target_year}"
            ),
        ));
    }
    let years = Years {
        base: base_year,
        target: target_year,
    };
    let defaults = simulation_defaults(source, &raw)?;
    if raw.indicator.is_empty() {
        return Err(source.invalid(
            raw.scenario.span(),
            "indicator",
            "the scenario has no [[indicator]]; at least one is needed",
        ));
    }
    sizes_in_range(source, &raw, &years)?;
    let history = super::history::settings(source, raw.history.as_ref(), base_year, target_year)?;
    let rows = super::history::file_rows(history_file)?;
    let file = history_file.map(|f| (f, rows.as_slice()));
    let mut indicators = Vec::with_capacity(raw.indicator.len());
    let mut growth_count = 0;
    for spanned in &raw.indicator {
        let indicator = indicator(source, spanned, &years, &mut growth_count, file)?;
        if indicators.iter().any(|i: &Indicator| i.id == indicator.id) {
            return Err(source.invalid(
                spanned.get_ref().id.span(),
                format!("indicator.{}", indicator.id),
                format!("duplicate indicator id \"{}\"", indicator.id),
            ));
        }
        indicators.push(indicator);
    }
    let firms = super::firms::firms(source, &raw, &mut indicators, roster_file, years.count())?;
    let index: HashMap<&str, usize> = indicators
        .iter()
        .enumerate()
        .map(|(k, i)| (i.id.as_str(), k))
        .collect();
    let copula = correlations(source, &raw, &indicators, &index, growth_count)?;
    let correlations = raw
        .correlation
        .iter()
        .map(|c| {
            let c = c.get_ref();
            let between = c.between.get_ref();
            crate::model::Correlation {
                a: index[between[0].as_str()],
                b: index[between[1].as_str()],
                rho: *c.rho.get_ref(),
                source: c.source.clone(),
            }
        })
        .collect();
    let shocks = shocks(source, &raw, &indicators, &index, &years)?;
    shocked_counts_in_range(source, &raw, &indicators, &shocks)?;

    let targets = all_targets(source, &raw, targets_file, &index, &years)?;

    Ok(Model {
        name,
        title: header.title.clone(),
        title_zh: header.title_zh.clone(),
        description: header.description.clone(),
        description_zh: header.description_zh.clone(),
        source_file: source.path.clone(),
        base_year,
        target_year,
        defaults,
        indicators,
        copula,
        correlations,
        shocks,
        targets,
        history,
        firms,
        conditioning: None,
    })
}

struct Years {
    base: i32,
    target: i32,
}

impl Years {
    fn simulated(&self, year: i64) -> bool {
        year > self.base as i64 && year <= self.target as i64
    }

    fn offset(&self, year: i64) -> usize {
        (year - self.base as i64 - 1) as usize
    }

    fn count(&self) -> usize {
        (self.target - self.base) as usize
    }

    fn describe(&self) -> String {
        format!("{}..={}", self.base + 1, self.target)
    }
}

fn year_value(source: &SourceFile, y: &Spanned<i64>, key: &str) -> Result<i32, ScenarioError> {
    let v = *y.get_ref();
    if !YEAR_RANGE.contains(&v) {
        return Err(source.invalid(
            y.span(),
            key,
            format!(
                "year {v} is outside {}..={}",
                YEAR_RANGE.start(),
                YEAR_RANGE.end()
            ),
        ));
    }
    Ok(v as i32)
}

fn simulation_defaults(
    source: &SourceFile,
    raw: &RawScenarioFile,
) -> Result<SimulationDefaults, ScenarioError> {
    let Some(sim) = &raw.simulation else {
        return Ok(SimulationDefaults::default());
    };
    let sim = sim.get_ref();
    let paths = match &sim.paths {
        Some(p) if *p.get_ref() < 1 => {
            return Err(source.invalid(
                p.span(),
                "simulation.paths",
                format!("must be at least 1, got {}", p.get_ref()),
            ));
        }
        Some(p) => Some(*p.get_ref() as u64),
        None => None,
    };
    let seed = match &sim.seed {
        Some(s) if *s.get_ref() < 0 => {
            return Err(source.invalid(
                s.span(),
                "simulation.seed",
                format!("must be >= 0, got {}", s.get_ref()),
            ));
        }
        Some(s) => Some(*s.get_ref() as u64),
        None => None,
    };
    Ok(SimulationDefaults { paths, seed })
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn indicator(
    source: &SourceFile,
    spanned: &Spanned<RawIndicator>,
    years: &Years,
    growth_count: &mut usize,
    history_file: Option<(
        &SourceFile,
        &[crate::observed::history_file::SeriesObservation],
    )>,
) -> Result<Indicator, ScenarioError> {
    let raw = spanned.get_ref();
    let id = raw.id.get_ref().clone();
    if !valid_id(&id) {
        return Err(source.invalid(
            raw.id.span(),
            "indicator.id",
            format!("\"{id}\" is not a valid id: use letters, digits, '_' and '-'"),
        ));
    }
    let fields = Fields {
        source,
        spanned,
        raw,
        id: &id,
    };
    let base = fields.base()?;
    fields.only_where_they_apply()?;
    let kind = match fields.kind() {
        Some(KindName::Growth) => fields.growth(base, years, growth_count)?,
        Some(KindName::Count) => fields.count(base)?,
        Some(KindName::FirmCount) => fields.firm_count(base)?,
        // The sector is resolved with the [firms] block.
        Some(KindName::FirmOutput) => IndicatorKind::FirmOutput { sector: None },
        None => {
            return Err(source.invalid(
                raw.kind.span(),
                fields.key("kind"),
                format!(
                    "unknown kind \"{}\"; expected \"growth\", \"count\", \"firm_count\" or \"firm_output\"",
                    raw.kind.get_ref()
                ),
            ));
        }
    };
    let observations = super::history::observations(source, raw, &id, years.target, history_file)?;
    Ok(Indicator {
        observations,
        series: raw.series.as_ref().map(|s| s.get_ref().clone()),
        label: raw.label.clone().unwrap_or_else(|| id.clone()),
        id,
        label_zh: raw.label_zh.clone(),
        unit: raw.unit.clone(),
        source: raw.source.clone(),
        base,
        kind,
    })
}

/// Most indicators a scenario may have.
pub const MAX_INDICATORS: usize = 500;
/// Most (indicator, year) pairs: each keeps a sum and a histogram per
/// worker thread, whose memory grows with the range of its values.
pub const MAX_SLOTS: usize = 10_000;
/// The nearest indicator id to `id` and the list of ids, for a message.
fn known(id: &str, index: &HashMap<&str, usize>) -> String {
    let mut ids: Vec<(usize, String)> = index.iter().map(|(n, &k)| (k, n.to_string())).collect();
    ids.sort();
    let names: Vec<String> = ids.into_iter().map(|(_, n)| n).collect();
    super::overrides::suggestion(id, &names)
}

/// Targets: from the targets file first, then inline.
fn all_targets(
    source: &SourceFile,
    raw: &RawScenarioFile,
    targets_file: Option<&SourceFile>,
    index: &HashMap<&str, usize>,
    years: &Years,
) -> Result<Vec<Target>, ScenarioError> {
    let mut raw_targets: Vec<(&SourceFile, &Spanned<RawTarget>)> = Vec::new();
    let targets_raw;
    if let Some(file) = targets_file {
        targets_raw = file.parse::<RawTargetsFile>()?;
        raw_targets.extend(targets_raw.target.iter().map(|t| (file, t)));
    }
    raw_targets.extend(raw.target.iter().map(|t| (source, t)));
    if raw_targets.len() > MAX_TARGETS {
        return Err(source.invalid(
            raw.scenario.span(),
            "target",
            format!(
                "{} targets; a scenario may have at most {MAX_TARGETS}",
                raw_targets.len()
            ),
        ));
    }
    targets(&raw_targets, index, years)
}

/// Most targets a scenario may have (its own and its targets file's).
pub const MAX_TARGETS: usize = 2_000;
/// Most shocks a scenario may have.
pub const MAX_SHOCKS: usize = 200;
/// Most correlations a scenario may state.
pub const MAX_CORRELATIONS: usize = 10_000;

/// The counts that drive work and memory are within their limits, checked
/// before anything is built.
fn sizes_in_range(
    source: &SourceFile,
    raw: &RawScenarioFile,
    years: &Years,
) -> Result<(), ScenarioError> {
    let n = raw.indicator.len();
    let slots = n.saturating_mul(years.count());
    let limits = [
        ("indicator", n, MAX_INDICATORS, "indicators"),
        (
            "indicator",
            slots,
            MAX_SLOTS,
            "indicator-years (indicators x simulated years)",
        ),
        ("shock", raw.shock.len(), MAX_SHOCKS, "shocks"),
        (
            "correlation",
            raw.correlation.len(),
            MAX_CORRELATIONS,
            "correlations",
        ),
    ];
    for (key, count, limit, what) in limits {
        if count > limit {
            return Err(source.invalid(
                raw.scenario.span(),
                key,
                format!("{count} {what}; a scenario may have at most {limit}"),
            ));
        }
    }
    Ok(())
}

/// Largest base value in absolute terms: far above any economy's figure
/// in any unit, far below where growth over a horizon could overflow.
pub const MAX_BASE: f64 = 1e15;

/// One `[[indicator]]` table being validated, for errors that name its keys.
struct Fields<'a> {
    source: &'a SourceFile,
    spanned: &'a Spanned<RawIndicator>,
    raw: &'a RawIndicator,
    id: &'a str,
}

impl Fields<'_> {
    /// `indicator.ID.FIELD`.
    fn key(&self, field: &str) -> String {
        format!("indicator.{}.{field}", self.id)
    }

    /// The kind named, if it is one.
    fn kind(&self) -> Option<KindName> {
        KindName::parse(self.raw.kind.get_ref())
    }

    /// The span of `base`, else of the whole table.
    fn base_span(&self) -> Range<usize> {
        self.raw
            .base
            .as_ref()
            .map_or(self.spanned.span(), |b| b.span())
    }

    /// `base`: required and finite, except for firm_output (its firms' revenue).
    fn base(&self) -> Result<f64, ScenarioError> {
        let base = match (&self.raw.base, self.kind()) {
            (Some(b), Some(KindName::FirmOutput)) => {
                return Err(self.source.invalid(
                    b.span(),
                    self.key("base"),
                    "a firm_output indicator's base is the revenue of its firms; remove `base`",
                ));
            }
            (None, Some(KindName::FirmOutput)) => 0.0,
            (Some(b), _) => *b.get_ref(),
            (None, _) => {
                return Err(self.source.invalid(
                    self.spanned.span(),
                    self.key("base"),
                    "needs `base`, its value in base_year",
                ));
            }
        };
        if !(base.is_finite() && base.abs() <= MAX_BASE) {
            return Err(self.source.invalid(
                self.base_span(),
                self.key("base"),
                format!(
                    "must be a finite number between -{MAX_BASE:e} and {MAX_BASE:e}, got {}",
                    crate::text::plain(base)
                ),
            ));
        }
        Ok(base)
    }

    /// Fields that belong to other kinds are errors, not silently ignored.
    fn only_where_they_apply(&self) -> Result<(), ScenarioError> {
        let (raw, kind) = (self.raw, self.kind());
        if kind != Some(KindName::FirmCount)
            && let Some(a) = &raw.at_least
        {
            return Err(self.source.invalid(
                a.span(),
                self.key("at_least"),
                "`at_least` (a revenue threshold) belongs to a firm_count indicator",
            ));
        }
        if kind != Some(KindName::FirmOutput)
            && let Some(s) = &raw.sector
        {
            return Err(self.source.invalid(
                s.span(),
                self.key("sector"),
                "`sector` belongs to a firm_output indicator",
            ));
        }
        let present = [
            (raw.growth.as_ref().map(|g| g.span()), "growth"),
            (
                raw.growth_by_year.as_ref().map(|g| g.span()),
                "growth_by_year",
            ),
            (raw.additions.as_ref().map(|g| g.span()), "additions"),
            (raw.exits.as_ref().map(|g| g.span()), "exits"),
        ];
        for (span, field) in present {
            let Some(span) = span else { continue };
            let Some(kind) = kind else { continue };
            let firm = matches!(kind, KindName::FirmCount | KindName::FirmOutput);
            let applies = match kind {
                KindName::Growth => matches!(field, "growth" | "growth_by_year"),
                KindName::Count => matches!(field, "additions" | "exits"),
                KindName::FirmCount | KindName::FirmOutput => false,
            };
            if !applies {
                let why = if firm {
                    ": it moves with its firms ([firms])"
                } else {
                    ""
                };
                return Err(self.source.invalid(
                    span,
                    self.key(field),
                    format!("`{field}` does not apply to a {kind} indicator{why}"),
                ));
            }
        }
        Ok(())
    }

    /// A growth indicator: its yearly growth distributions.
    fn growth(
        &self,
        base: f64,
        years: &Years,
        growth_count: &mut usize,
    ) -> Result<IndicatorKind, ScenarioError> {
        let source = self.source;
        if base <= 0.0 {
            return Err(source.invalid(
                self.base_span(),
                self.key("base"),
                format!("a growth indicator needs base > 0, got {base}"),
            ));
        }
        let growth = self.raw.growth.as_ref().ok_or_else(|| {
            source.invalid(
                self.spanned.span(),
                self.key("growth"),
                "a growth indicator needs `growth = { dist = ... }`",
            )
        })?;
        let default = dist::growth(source, &self.key("growth"), growth)?;
        let mean_sd = dist::mean_sd(source, &self.key("growth"), growth, true)?;
        let mut by_year = vec![default; years.count()];
        if let Some(overrides) = &self.raw.growth_by_year {
            for (year_key, d) in overrides.get_ref() {
                let field = self.key(&format!("growth_by_year.{year_key}"));
                let year: i64 = year_key.parse().map_err(|_| {
                    source.invalid(
                        overrides.span(),
                        field.clone(),
                        format!("\"{year_key}\" is not a year"),
                    )
                })?;
                if !years.simulated(year) {
                    return Err(source.invalid(
                        d.span(),
                        field,
                        format!("year {year} is not a simulated year ({})", years.describe()),
                    ));
                }
                dist::mean_sd(source, &field, d, false)?;
                by_year[years.offset(year)] = dist::growth(source, &field, d)?;
            }
        }
        *growth_count += 1;
        Ok(IndicatorKind::Growth {
            by_year,
            copula_index: *growth_count - 1,
            mean_sd,
        })
    }

    /// A count indicator: its yearly additions and exits.
    fn count(&self, base: f64) -> Result<IndicatorKind, ScenarioError> {
        let source = self.source;
        if base < 0.0 || base.fract() != 0.0 {
            return Err(source.invalid(
                self.base_span(),
                self.key("base"),
                format!("a count indicator needs a whole number base >= 0, got {base}"),
            ));
        }
        let additions = self.raw.additions.as_ref().ok_or_else(|| {
            source.invalid(
                self.spanned.span(),
                self.key("additions"),
                "a count indicator needs `additions = { dist = ... }`",
            )
        })?;
        Ok(IndicatorKind::Count {
            additions: dist::count(source, &self.key("additions"), additions)?,
            exits: match &self.raw.exits {
                Some(e) => Some(dist::count(source, &self.key("exits"), e)?),
                None => None,
            },
        })
    }

    /// A firm_count indicator: the revenue threshold of its tier.
    fn firm_count(&self, base: f64) -> Result<IndicatorKind, ScenarioError> {
        let source = self.source;
        let at_least = self.raw.at_least.as_ref().ok_or_else(|| {
            source.invalid(
                self.spanned.span(),
                self.key("at_least"),
                "a firm_count indicator needs `at_least`, the revenue threshold of its tier",
            )
        })?;
        let threshold = *at_least.get_ref();
        if !(threshold.is_finite() && threshold > 0.0) {
            return Err(source.invalid(
                at_least.span(),
                self.key("at_least"),
                format!("must be a revenue > 0, got {threshold}"),
            ));
        }
        if base < 0.0 || base.fract() != 0.0 {
            return Err(source.invalid(
                self.base_span(),
                self.key("base"),
                format!("the base-year count of firms must be a whole number >= 0, got {base}"),
            ));
        }
        Ok(IndicatorKind::FirmCount { threshold })
    }
}

fn correlations(
    source: &SourceFile,
    raw: &RawScenarioFile,
    indicators: &[Indicator],
    index: &HashMap<&str, usize>,
    dim: usize,
) -> Result<Copula, ScenarioError> {
    let mut pairs = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut first_line_of: BTreeMap<usize, Range<usize>> = BTreeMap::new();
    for (n, spanned) in raw.correlation.iter().enumerate() {
        let c = spanned.get_ref();
        let key = |k: &str| format!("correlation[{n}].{k}");
        let between = c.between.get_ref();
        if between.len() != 2 || between[0] == between[1] {
            return Err(source.invalid(
                c.between.span(),
                key("between"),
                "needs exactly two different indicator ids",
            ));
        }
        let mut coords = [0usize; 2];
        for (slot, id) in coords.iter_mut().zip(between) {
            let &k = index.get(id.as_str()).ok_or_else(|| {
                source.invalid(
                    c.between.span(),
                    key("between"),
                    format!("unknown indicator \"{id}\"{}", known(id, index)),
                )
            })?;
            match indicators[k].kind {
                IndicatorKind::Growth { copula_index, .. } => *slot = copula_index,
                _ => {
                    return Err(source.invalid(
                        c.between.span(),
                        key("between"),
                        format!(
                            "\"{id}\" is a {} indicator; correlations apply to growth indicators",
                            indicators[k].kind_name()
                        ),
                    ));
                }
            }
        }
        let rho = *c.rho.get_ref();
        if !rho.is_finite() || rho.abs() > 1.0 {
            return Err(source.invalid(
                c.rho.span(),
                key("rho"),
                format!("must be between -1 and 1, got {rho}"),
            ));
        }
        let pair = (coords[0].min(coords[1]), coords[0].max(coords[1]));
        if !seen.insert(pair) {
            return Err(source.invalid(
                c.between.span(),
                key("between"),
                format!(
                    "the pair {} / {} is already correlated above",
                    between[0], between[1]
                ),
            ));
        }
        for coord in coords {
            first_line_of.entry(coord).or_insert_with(|| spanned.span());
        }
        pairs.push((coords[0], coords[1], rho));
    }
    Copula::from_pairs(dim, &pairs).map_err(|bad| {
        let growth_ids: Vec<&str> = indicators
            .iter()
            .filter(|i| i.is_growth())
            .map(|i| i.id.as_str())
            .collect();
        let names: Vec<&str> = bad.involved.iter().map(|&k| growth_ids[k]).collect();
        let span = bad
            .involved
            .iter()
            .filter_map(|k| first_line_of.get(k))
            .min_by_key(|s| s.start)
            .cloned()
            .unwrap_or(0..0);
        source.invalid(
            span,
            "correlation",
            format!(
                "the correlations among {} contradict each other: the matrix is not positive semi-definite (smallest eigenvalue {:.4})",
                names.join(", "),
                bad.min_eigenvalue
            ),
        )
    })
}

fn shocks(
    source: &SourceFile,
    raw: &RawScenarioFile,
    indicators: &[Indicator],
    index: &HashMap<&str, usize>,
    years: &Years,
) -> Result<Vec<Shock>, ScenarioError> {
    let mut shocks: Vec<Shock> = Vec::new();
    for spanned in &raw.shock {
        let s = spanned.get_ref();
        let name = s.name.get_ref().clone();
        let key = |k: &str| format!("shock.{name}.{k}");
        if name.trim().is_empty() || shocks.iter().any(|o| o.name == name) {
            return Err(source.invalid(
                s.name.span(),
                "shock.name",
                format!("shock names must be unique and non-empty, got \"{name}\""),
            ));
        }
        let p = *s.probability.get_ref();
        if !(0.0..=1.0).contains(&p) {
            return Err(source.invalid(
                s.probability.span(),
                key("probability"),
                format!("must be between 0 and 1, got {p}"),
            ));
        }
        let active = match &s.years {
            None => vec![true; years.count()],
            Some(list) => {
                let mut active = vec![false; years.count()];
                for &y in list.get_ref() {
                    if !years.simulated(y) {
                        return Err(source.invalid(
                            list.span(),
                            key("years"),
                            format!("year {y} is not a simulated year ({})", years.describe()),
                        ));
                    }
                    active[years.offset(y)] = true;
                }
                active
            }
        };
        let mut impacts = Vec::new();
        for (id, &impact) in s.impact.get_ref() {
            let field = key(&format!("impact.{id}"));
            let &k = index.get(id.as_str()).ok_or_else(|| {
                source.invalid(
                    s.impact.span(),
                    field.clone(),
                    format!("unknown indicator \"{id}\"{}", known(id, index)),
                )
            })?;
            if indicators[k].is_firm() {
                return Err(source.invalid(
                    s.impact.span(),
                    field,
                    format!(
                        "\"{id}\" is a {} indicator: shocks reach it through its sectors' growth indicators",
                        indicators[k].kind_name()
                    ),
                ));
            }
            let growth_too_large = indicators[k].is_growth() && impact.abs() > MAX_GROWTH;
            if !impact.is_finite()
                || (indicators[k].is_count() && impact < -1.0)
                || growth_too_large
            {
                return Err(source.invalid(
                    s.impact.span(),
                    field,
                    format!(
                        "must be a finite number (between -{MAX_GROWTH} and {MAX_GROWTH} for a growth indicator, whose yearly growth it shifts; >= -1 for a count indicator, whose additions mean it scales), got {}",
                        crate::text::plain(impact)
                    ),
                ));
            }
            impacts.push((k, impact));
        }
        // Keep file order of indicators so draws and sums are stable.
        impacts.sort_by_key(|&(k, _)| k);
        shocks.push(Shock {
            name,
            probability: p,
            active,
            impacts,
            source: s.source.clone(),
        });
    }
    Ok(shocks)
}

/// Largest mean of a count's yearly additions, shocks included: past it a
/// sampler loses its exactness (and rand_distr's Poisson refuses it).
const MAX_SHOCKED_COUNT_MEAN: f64 = 1e15;

/// A count's additions mean, scaled by every shock that may hit it in the
/// same year, stays within what its sampler draws exactly.
fn shocked_counts_in_range(
    source: &SourceFile,
    raw: &RawScenarioFile,
    indicators: &[Indicator],
    shocks: &[Shock],
) -> Result<(), ScenarioError> {
    for (k, ind) in indicators.iter().enumerate() {
        let IndicatorKind::Count { additions, .. } = &ind.kind else {
            continue;
        };
        let scale: f64 = shocks
            .iter()
            .flat_map(|s| s.impacts.iter().filter(|(i, _)| *i == k))
            .map(|&(_, impact)| (1.0 + impact).max(1.0))
            .product();
        let worst = additions.mean() * scale;
        if !(worst.is_finite() && worst <= MAX_SHOCKED_COUNT_MEAN) {
            return Err(source.invalid(
                raw.indicator[k].span(),
                format!("indicator.{}.additions", ind.id),
                format!(
                    "with its shocks the additions mean can reach {worst:e}, more than the {MAX_SHOCKED_COUNT_MEAN:e} a yearly count may have; check the shocks' impacts"
                ),
            ));
        }
    }
    Ok(())
}

/// A target's year and whether it is a `by` target: `year = Y` (the
/// target year when absent) or `by = Y`, either a simulated year.
fn target_year(
    source: &SourceFile,
    t: &RawTarget,
    years: &Years,
    key: &dyn Fn(&str) -> String,
) -> Result<(i32, bool), ScenarioError> {
    let (given, name) = match (&t.year, &t.by) {
        (Some(_), Some(by)) => {
            return Err(source.invalid(
                by.span(),
                key("by"),
                "give `year` (the condition in that year) or `by` (the first year it holds, up to that year), not both".to_string(),
            ));
        }
        (Some(y), None) => (Some(y), "year"),
        (None, Some(b)) => (Some(b), "by"),
        (None, None) => (None, "year"),
    };
    match given {
        Some(y) if !years.simulated(*y.get_ref()) => Err(source.invalid(
            y.span(),
            key(name),
            format!(
                "year {} is not a simulated year ({})",
                y.get_ref(),
                years.describe()
            ),
        )),
        Some(y) => Ok((*y.get_ref() as i32, name == "by")),
        None => Ok((years.target, false)),
    }
}

fn targets(
    raw: &[(&SourceFile, &Spanned<RawTarget>)],
    index: &HashMap<&str, usize>,
    years: &Years,
) -> Result<Vec<Target>, ScenarioError> {
    let mut per_indicator: HashMap<&str, usize> = HashMap::new();
    for (_, t) in raw {
        *per_indicator
            .entry(t.get_ref().indicator.get_ref().as_str())
            .or_default() += 1;
    }
    let mut targets: Vec<Target> = Vec::with_capacity(raw.len());
    for (n, (source, spanned)) in raw.iter().enumerate() {
        let t = spanned.get_ref();
        let ind_id = t.indicator.get_ref();
        let label = t.id.as_ref().map_or_else(
            || format!("target[{n}]"),
            |i| format!("target.{}", i.get_ref()),
        );
        let key = |k: &str| format!("{label}.{k}");
        let &indicator = index.get(ind_id.as_str()).ok_or_else(|| {
            source.invalid(
                t.indicator.span(),
                key("indicator"),
                format!("unknown indicator \"{ind_id}\"{}", known(ind_id, index)),
            )
        })?;
        let op = Op::parse(t.op.get_ref()).ok_or_else(|| {
            source.invalid(
                t.op.span(),
                key("op"),
                format!(
                    "unknown comparison \"{}\"; expected one of >, >=, <, <=",
                    t.op.get_ref()
                ),
            )
        })?;
        let value = *t.value.get_ref();
        if !value.is_finite() {
            return Err(source.invalid(
                t.value.span(),
                key("value"),
                format!("must be a finite number, not {value}"),
            ));
        }
        let (year, by) = target_year(source, t, years, &key)?;
        let id = match &t.id {
            Some(id) if !valid_id(&id.get_ref().replace('@', "")) => {
                return Err(source.invalid(
                    id.span(),
                    key("id"),
                    format!(
                        "\"{}\" is not a valid id: use letters, digits, '_', '-' and '@'",
                        id.get_ref()
                    ),
                ));
            }
            Some(id) => id.get_ref().clone(),
            None if per_indicator[ind_id.as_str()] > 1 => format!("{ind_id}@{year}"),
            None => ind_id.clone(),
        };
        if targets.iter().any(|o| o.id == id) {
            return Err(source.invalid(
                spanned.span(),
                key("id"),
                format!("duplicate target id \"{id}\"; give each target a unique `id`"),
            ));
        }
        targets.push(Target {
            id,
            indicator,
            op,
            value,
            year,
            by,
            source: t.source.clone(),
        });
    }
    Ok(targets)
}
