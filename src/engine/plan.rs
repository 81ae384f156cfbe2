//! The model rearranged for the per-path loop: growth and count indicators
//! in separate flat lists, samplers built once, shocks resolved per indicator.

use crate::distr::count::CountSampler;
use crate::distr::{CountDist, GrowthDist};
use crate::model::{Copula, IndicatorConditioning, IndicatorKind, Model, Op};

/// A growth indicator as the engine sees it.
#[derive(Debug, Clone)]
pub struct GrowthPlan {
    /// Index in the model's indicators.
    pub indicator: usize,
    /// Base-year value.
    pub base: f64,
    /// Distribution of `g` per simulated year.
    pub by_year: Vec<GrowthDist>,
    /// `(shock index, impact added to g)`.
    pub shocks: Vec<(usize, f64)>,
    /// Standard error of the mean growth (parameter uncertainty); 0 for none.
    pub mean_sd: f64,
    /// Per year: is the growth lognormal (the mean shift then scales the
    /// factor by `exp(shift)`, a shift of the mean of `ln(1+g)`)?
    pub log_shift: Vec<bool>,
    /// Per year: growth observed year-to-date (no shocks, no mean shift).
    /// Empty when no year is.
    pub observed: Vec<bool>,
    /// Per year: level fixed by a nowcast. Empty when none is.
    pub pins: Vec<Option<f64>>,
}

/// Shocks on one count beyond which samplers are built per draw instead of
/// tabulated for every combination of hits (2^6 = 64 tables at most).
const MAX_TABULATED_SHOCKS: usize = 6;

/// A count indicator as the engine sees it.
#[derive(Debug, Clone)]
pub struct CountPlan {
    /// Index in the model's indicators.
    pub indicator: usize,
    /// Base-year value.
    pub base: f64,
    /// Yearly additions: `by_mask[m]` is the sampler when the shocks whose
    /// bits are set in `m` (bit i = `shocks[i]`) hit.
    pub additions: AdditionSamplers,
    /// Yearly exits (never shocked).
    pub exits: Option<CountSampler>,
    /// `(shock index, factor 1 + impact on the additions mean)`.
    pub shocks: Vec<(usize, f64)>,
    /// Per year: level fixed by a nowcast. Empty when none is.
    pub pins: Vec<Option<f64>>,
}

/// The additions samplers of a count indicator.
#[derive(Debug, Clone)]
pub enum AdditionSamplers {
    /// One prepared sampler per combination of its shocks' hits.
    ByMask(Vec<CountSampler>),
    /// Too many shocks to prepare every combination: the unshocked sampler,
    /// plus the distribution to scale when any shock hits.
    PerDraw(CountSampler, CountDist),
}

impl AdditionSamplers {
    fn new(dist: &CountDist, shocks: &[(usize, f64)]) -> Self {
        if shocks.len() > MAX_TABULATED_SHOCKS {
            return AdditionSamplers::PerDraw(CountSampler::new(dist), dist.clone());
        }
        let by_mask = (0..1usize << shocks.len())
            .map(|mask| {
                let scale: f64 = shocks
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| mask & (1 << bit) != 0)
                    .map(|(_, &(_, factor))| factor)
                    .product();
                CountSampler::new(&dist.scaled(scale))
            })
            .collect();
        AdditionSamplers::ByMask(by_mask)
    }
}

/// A shock as the engine sees it.
#[derive(Debug, Clone)]
pub struct ShockPlan {
    /// Probability of hitting in an active year.
    pub probability: f64,
    /// Per simulated year: can it hit?
    pub active: Vec<bool>,
}

/// A target as the engine sees it.
#[derive(Debug, Clone, Copy)]
pub struct TargetPlan {
    /// Slot in the per-path value table (`indicator * years + year offset`).
    pub slot: usize,
    /// The first slot a `by` target reads (its indicator's first simulated
    /// year); `slot` itself for a target of one year.
    pub first_slot: usize,
    /// Comparison.
    pub op: Op,
    /// Threshold.
    pub value: f64,
}

impl TargetPlan {
    /// The slots the target reads, first year first.
    pub fn slots(&self) -> std::ops::RangeInclusive<usize> {
        self.first_slot..=self.slot
    }

    /// Is it a `by` target, recording the first year it is met?
    pub fn passage(&self) -> bool {
        self.first_slot != self.slot
    }

    /// The first of its years in which the condition holds on a path whose
    /// slot values `value` gives, as an offset from its first slot; `None`
    /// when it is not met.
    #[inline]
    pub fn first_met(&self, value: impl Fn(usize) -> f64) -> Option<usize> {
        self.slots()
            .position(|slot| self.op.holds(value(slot), self.value))
    }

    /// Is the target met on that path?
    #[inline]
    pub fn met(&self, value: impl Fn(usize) -> f64) -> bool {
        if self.passage() {
            self.first_met(value).is_some()
        } else {
            self.op.holds(value(self.slot), self.value)
        }
    }
}

/// One year's bounds on growth and on count indicators, `(slot, minimum,
/// maximum)`: growth is checked before the year's counts are drawn.
#[derive(Debug, Clone, Default)]
pub struct YearBounds {
    /// On growth indicators.
    pub growth: Vec<(usize, f64, f64)>,
    /// On count indicators.
    pub counts: Vec<(usize, f64, f64)>,
}

/// Everything the per-path loop needs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Number of indicators.
    pub indicators: usize,
    /// Number of simulated years.
    pub years: usize,
    /// Growth indicators in copula order.
    pub growth: Vec<GrowthPlan>,
    /// Count indicators in file order.
    pub counts: Vec<CountPlan>,
    /// Shocks in file order.
    pub shocks: Vec<ShockPlan>,
    /// Targets in model order.
    pub targets: Vec<TargetPlan>,
    /// Correlation of the growth draws.
    pub copula: Copula,
    /// How growth draws are sampled.
    pub sampling: super::sampling::Sampling,
    /// The stratified design, for `lhs` and `sobol`.
    pub design: Option<super::sampling::Design>,
    /// `(slot, minimum, maximum)`: a path with a value outside an observed
    /// bound is redrawn (a lower bound has no maximum, an upper bound no
    /// minimum).
    pub bounds: Vec<(usize, f64, f64)>,
    /// The bounds on growth and count indicators by the year they fall in
    /// (`[t]`), so an attempt that breaks one stops at that year and never
    /// moves its firms: the accepted attempts, and so the results, are
    /// those of checking the whole path.
    pub early_bounds: Vec<YearBounds>,
    /// Does any bound fall on a firm indicator (checked after the firms)?
    pub firm_bounds: bool,
    /// The one bound on growth in the first year, which redrawn attempts
    /// meet by construction (see `growth_bound`).
    pub first_year_bound: Option<super::growth_bound::FirstYearBound>,
    /// Does any growth indicator carry parameter uncertainty?
    pub any_mean_sd: bool,
    /// No parameter draws, pins, year-to-date growth or firms: the per-path
    /// loop can skip all of them.
    pub plain: bool,
    /// The firm population, for scenarios with `[firms]`.
    pub firms: Option<super::firms::FirmsPlan>,
    /// Per indicator: are its values whole numbers?
    pub whole_numbers: Vec<bool>,
    /// The slots recorded in sums and sketches, ascending: all of them, or
    /// with [`Summary::Targets`](super::Summary) only those targets read.
    pub recorded: Vec<usize>,
}

impl Plan {
    /// Rearrange a validated model.
    pub fn new(model: &Model) -> Self {
        let years = model.years();
        let view = ModelView { model };
        let mut growth = Vec::new();
        let mut counts = Vec::new();
        for (k, ind) in model.indicators.iter().enumerate() {
            match &ind.kind {
                IndicatorKind::Growth {
                    by_year, mean_sd, ..
                } => growth.push(view.growth_plan(k, by_year, *mean_sd)),
                IndicatorKind::Count { additions, exits } => {
                    counts.push(view.count_plan(k, additions, exits.as_ref()))
                }
                IndicatorKind::FirmCount { .. } | IndicatorKind::FirmOutput { .. } => {}
            }
        }
        let firms = model
            .firms
            .as_ref()
            .map(|f| super::firms::FirmsPlan::new(model, f, &growth));
        let any_mean_sd = growth.iter().any(|g| g.mean_sd > 0.0);
        let mut plan = Plan {
            plain: false,
            bounds: view.bounds(),
            early_bounds: view.early_bounds(),
            firm_bounds: view.bounds_on(|ind| ind.is_firm()).next().is_some(),
            first_year_bound: None,
            any_mean_sd,
            firms,
            whole_numbers: model.indicators.iter().map(|i| i.whole_numbers()).collect(),
            recorded: (0..model.indicators.len() * years).collect(),
            indicators: model.indicators.len(),
            years,
            growth,
            counts,
            shocks: model
                .shocks
                .iter()
                .map(|s| ShockPlan {
                    probability: s.probability,
                    active: s.active.clone(),
                })
                .collect(),
            targets: model
                .targets
                .iter()
                .map(|t| {
                    let slot = t.indicator * years + view.offset(t.year);
                    TargetPlan {
                        slot,
                        // A `by` target reads every simulated year up to its own.
                        first_slot: if t.by { t.indicator * years } else { slot },
                        op: t.op,
                        value: t.value,
                    }
                })
                .collect(),
            copula: model.copula.clone(),
            sampling: super::sampling::Sampling::Mc,
            design: None,
        };
        plan.plain = plan.is_plain();
        plan.first_year_bound = super::growth_bound::FirstYearBound::of(&plan);
        plan
    }

    /// No parameter draws, pins, year-to-date growth or firms?
    fn is_plain(&self) -> bool {
        !self.any_mean_sd
            && self.firms.is_none()
            && self
                .growth
                .iter()
                .all(|g| g.pins.is_empty() && g.observed.is_empty())
            && self.counts.iter().all(|c| c.pins.is_empty())
    }

    /// Leave the firms out when no recorded slot and no floor is a firm
    /// indicator's: firms draw from a stream of their own and write only
    /// their own indicators, so every other value, and every target the
    /// run reads, comes out the same, bit for bit, without them.
    fn without_unread_firms(mut self) -> Self {
        let Some(firms) = &self.firms else {
            return self;
        };
        let years = self.years;
        let read = |slot: &usize| firms.writes_indicator(slot / years);
        if !self.recorded.iter().any(read) && !self.bounds.iter().any(|(slot, _, _)| read(slot)) {
            self.firms = None;
            self.plain = self.is_plain();
        }
        self
    }

    /// Set how a run samples its growth draws and which slots it records.
    pub fn sampled(mut self, config: &super::RunConfig) -> crate::error::Result<Self> {
        use super::sampling::{Design, Sampling};
        if !self.bounds.is_empty() && config.sampling != Sampling::Mc {
            return Err(crate::error::Error::Usage {
                flag: "--sampling",
                message: format!(
                    "{} cannot be combined with bound observations (at_least, at_most): redrawing rejected paths breaks the design; use mc",
                    config.sampling.name()
                ),
            });
        }
        self.sampling = config.sampling;
        self.recorded = match config.summary {
            super::Summary::Full => (0..self.slots()).collect(),
            super::Summary::Targets => {
                let mut slots: Vec<usize> = self.targets.iter().flat_map(|t| t.slots()).collect();
                slots.sort_unstable();
                slots.dedup();
                slots
            }
        };
        self = self.without_unread_firms();
        self.design = match config.sampling {
            Sampling::Lhs | Sampling::Sobol => Some(Design::new(
                config.sampling,
                config.paths,
                config.seed,
                self.years * self.growth.len(),
            )?),
            _ => None,
        };
        Ok(self)
    }

    /// Number of `(indicator, year)` slots in a path's value table.
    pub fn slots(&self) -> usize {
        self.indicators * self.years
    }
}

/// What a plan reads off the model, indicator by indicator.
struct ModelView<'a> {
    model: &'a Model,
}

impl ModelView<'_> {
    /// Index of `year` among the simulated years.
    fn offset(&self, year: i32) -> usize {
        (year - self.model.base_year - 1) as usize
    }

    /// `(shock, impact)` of every shock that hits indicator `k`.
    fn shocks_on(&self, k: usize) -> Vec<(usize, f64)> {
        self.model
            .shocks
            .iter()
            .enumerate()
            .flat_map(|(s, shock)| {
                shock
                    .impacts
                    .iter()
                    .filter(move |(i, _)| *i == k)
                    .map(move |&(_, impact)| (s, impact))
            })
            .collect()
    }

    /// Indicator `k`'s nowcast conditioning, when it pins values or growth.
    fn conditioning(&self, k: usize) -> Option<&IndicatorConditioning> {
        self.model
            .conditioning
            .as_ref()
            .map(|c| &c.indicators[k])
            .filter(|c| !c.pins.is_empty() || !c.observed_growth.is_empty())
    }

    /// Per simulated year, the value indicator `k` is pinned to (empty
    /// when nothing is pinned).
    fn pins(&self, k: usize) -> Vec<Option<f64>> {
        let Some(c) = self.conditioning(k).filter(|c| !c.pins.is_empty()) else {
            return Vec::new();
        };
        let mut pins = vec![None; self.model.years()];
        for &(year, value) in &c.pins {
            pins[self.offset(year)] = Some(value);
        }
        pins
    }

    fn growth_plan(&self, k: usize, by_year: &[GrowthDist], mean_sd: f64) -> GrowthPlan {
        let observed = match self
            .conditioning(k)
            .filter(|c| !c.observed_growth.is_empty())
        {
            None => Vec::new(),
            Some(c) => (0..self.model.years())
                .map(|t| c.observed_growth.iter().any(|&(y, _)| self.offset(y) == t))
                .collect(),
        };
        GrowthPlan {
            indicator: k,
            base: self.model.indicators[k].base,
            by_year: by_year.to_vec(),
            shocks: self.shocks_on(k),
            mean_sd,
            log_shift: by_year
                .iter()
                .map(|d| matches!(d, GrowthDist::LogNormal { .. }))
                .collect(),
            observed,
            pins: self.pins(k),
        }
    }

    fn count_plan(&self, k: usize, additions: &CountDist, exits: Option<&CountDist>) -> CountPlan {
        let shocks: Vec<(usize, f64)> = self
            .shocks_on(k)
            .into_iter()
            .map(|(s, impact)| (s, 1.0 + impact))
            .collect();
        CountPlan {
            indicator: k,
            base: self.model.indicators[k].base,
            additions: AdditionSamplers::new(additions, &shocks),
            exits: exits.map(CountSampler::new),
            shocks,
            pins: self.pins(k),
        }
    }

    /// `(slot, minimum, maximum)` of every observed lower and upper bound.
    fn bounds(&self) -> Vec<(usize, f64, f64)> {
        self.bounds_on(|_| true).collect()
    }

    /// [`Self::bounds`] on growth and count indicators, by year offset.
    fn early_bounds(&self) -> Vec<YearBounds> {
        let years = self.model.years();
        let mut by_year = vec![YearBounds::default(); years];
        let growth =
            |ind: &crate::model::Indicator| matches!(ind.kind, IndicatorKind::Growth { .. });
        for bound in self.bounds_on(growth) {
            by_year[bound.0 % years].growth.push(bound);
        }
        for bound in self.bounds_on(|ind| !growth(ind) && !ind.is_firm()) {
            by_year[bound.0 % years].counts.push(bound);
        }
        by_year
    }

    /// The bounds on the indicators `pick` selects.
    fn bounds_on(
        &self,
        pick: impl Fn(&crate::model::Indicator) -> bool,
    ) -> impl Iterator<Item = (usize, f64, f64)> {
        let years = self.model.years();
        let indicators = &self.model.indicators;
        self.model
            .conditioning
            .iter()
            .flat_map(|c| c.indicators.iter().enumerate())
            .filter(move |(k, _)| pick(&indicators[*k]))
            .flat_map(move |(k, c)| {
                let slot = move |year: i32| k * years + self.offset(year);
                let floors = c
                    .floors
                    .iter()
                    .map(move |&(year, min)| (slot(year), min, f64::INFINITY));
                let ceilings = c
                    .ceilings
                    .iter()
                    .map(move |&(year, max)| (slot(year), f64::NEG_INFINITY, max));
                floors.chain(ceilings)
            })
    }
}
