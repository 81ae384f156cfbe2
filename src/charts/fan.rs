//! Fan chart: observed history, then the simulated years as bands (90%,
//! 80%, 50% intervals, darker toward the centre) around the median, with each
//! target on the indicator marked and its probability written beside it.

use super::legend::{Legend, Swatch};
use super::render::{Chart2d, Draw, chart_error};
use super::style::{self, BANDS, HISTORY, MEDIAN, Style, TARGET};
use crate::error::Result;
use crate::model::KindName;
use crate::results::{IndicatorResult, Results, TargetResult};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;

/// A fan chart of one indicator.
pub struct FanChart<'a> {
    /// The run.
    pub results: &'a Results,
    /// The indicator.
    pub indicator: &'a IndicatorResult,
    /// Language and fonts.
    pub style: Style,
    /// Observations made after the base year, drawn over the fan (backtests).
    pub later: &'a [Later],
}

/// An observation drawn over the fan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Later {
    /// Year.
    pub year: i32,
    /// Value (the bound, for a bound).
    pub value: f64,
    /// A bound ("above ...", "below ...") rather than a value.
    pub bound: Option<Bound>,
    /// Its percentile in the simulated distribution (values only).
    pub percentile: Option<f64>,
    /// For a level within the year (a count at mid-year), the share of the
    /// year it was observed at: drawn between the year-ends, not scored.
    pub part: Option<f64>,
}

impl Later {
    /// Where it sits on the year axis: a part-year level between the
    /// year-ends around it.
    fn x(&self) -> f64 {
        match self.part {
            Some(fraction) => f64::from(self.year) - 1.0 + fraction,
            None => f64::from(self.year),
        }
    }

    /// When it was observed, in words.
    fn when(&self, lang: style::Lang) -> String {
        match (self.part, lang) {
            (Some(0.5), style::Lang::En) => format!("at mid-{}", self.year),
            (Some(f), style::Lang::En) => format!("{:.0}% into {}", f * 100.0, self.year),
            (Some(0.5), style::Lang::Zh) => format!("{}年年中", self.year),
            (Some(f), style::Lang::Zh) => format!("{}年{:.0}%时", self.year, f * 100.0),
            (None, style::Lang::En) => format!("in {}", self.year),
            (None, style::Lang::Zh) => format!("{}年", self.year),
        }
    }
}

/// Which side of its figure an observed bound puts the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// At least the figure.
    AtLeast,
    /// At most the figure.
    AtMost,
}

/// Colour of later observations: orange, distinct from the fan's blues.
const LATER: RGBColor = RGBColor(230, 110, 20);

impl FanChart<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let s = self.style;
        let (first, last) = (self.results.base_year + 1, self.results.target_year);
        let years = if first == last {
            format!("{last}")
        } else {
            format!("{first}-{last}")
        };
        let later = !self.later.is_empty();
        match (s.lang, later) {
            (style::Lang::En, false) => format!("{}: simulated {years}", s.label(self.indicator)),
            (style::Lang::En, true) => format!(
                "{}: simulated {years} from {}, and what was observed",
                s.label(self.indicator),
                self.results.base_year
            ),
            (style::Lang::Zh, false) => format!("{}：{years}年模拟区间", s.label(self.indicator)),
            (style::Lang::Zh, true) => format!(
                "{}：自{}年起的模拟区间与实际值",
                s.label(self.indicator),
                self.results.base_year
            ),
        }
    }

    fn targets(&self) -> Vec<&TargetResult> {
        self.results
            .targets
            .iter()
            .filter(|t| t.indicator == self.indicator.id)
            .collect()
    }

    /// Observed points: the history plus the base value.
    fn observed(&self) -> Vec<(f64, f64)> {
        let base_year = self.results.base_year;
        let mut points: Vec<(f64, f64)> = self
            .indicator
            .history
            .iter()
            .map(|&(y, v)| (y as f64, v))
            .collect();
        if !self.indicator.history.iter().any(|&(y, _)| y == base_year) {
            points.push((base_year as f64, self.indicator.base));
        }
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        points
    }
}

impl FanChart<'_> {
    /// Later observations: dots for values, triangles pointing up for
    /// lower bounds and down for upper bounds; their values and
    /// percentiles are in the legend.
    fn draw_later<'a, DB: DrawingBackend + 'a>(&self, chart: &mut Chart2d<'a, DB>) -> Result<()> {
        for l in self.later {
            let at = (l.x(), l.value);
            let drawn = match l.bound {
                Some(Bound::AtLeast) => chart
                    .draw_series(std::iter::once(TriangleMarker::new(at, 9, LATER.filled())))
                    .map(|_| ()),
                Some(Bound::AtMost) => chart
                    .draw_series(std::iter::once(
                        EmptyElement::at(at) + Polygon::new(DOWN_TRIANGLE, LATER.filled()),
                    ))
                    .map(|_| ()),
                None => chart
                    .draw_series(std::iter::once(Circle::new(at, 7, LATER.filled())))
                    .map(|_| ()),
            };
            drawn.map_err(chart_error)?;
        }
        Ok(())
    }

    /// Does the indicator count whole things (firms, companies)?
    fn counts(&self) -> bool {
        matches!(self.indicator.kind, KindName::Count | KindName::FirmCount)
    }

    /// The legend: bands, lines, later observations and every target.
    fn legend(&self) -> Legend {
        let s = self.style;
        let mut legend = Legend::new();
        for (colour, name) in BANDS.iter().zip([
            s.pick("90% of paths", "90%路径区间"),
            s.pick("80% of paths", "80%路径区间"),
            s.pick("50% of paths", "50%路径区间"),
        ]) {
            legend.add(Swatch::Block(*colour), name);
        }
        legend.add(Swatch::Line(MEDIAN, 3), s.pick("median", "中位数"));
        legend.add(Swatch::Line(HISTORY, 2), s.pick("observed", "实际值"));
        for l in self.later {
            let value = crate::text::number(l.value);
            let when = l.when(s.lang);
            let text = match (l.bound, l.percentile, s.lang) {
                (Some(Bound::AtLeast), _, style::Lang::En) => {
                    format!("observed {when}: above {value}")
                }
                (Some(Bound::AtLeast), _, style::Lang::Zh) => format!("{when}实际值：{value}以上"),
                (Some(Bound::AtMost), _, style::Lang::En) => {
                    format!("observed {when}: below {value}")
                }
                (Some(Bound::AtMost), _, style::Lang::Zh) => format!("{when}实际值：{value}以下"),
                (None, Some(p), style::Lang::En) => format!(
                    "observed {when}: {value}, percentile {} of the paths",
                    crate::text::percent(p)
                ),
                (None, Some(p), style::Lang::Zh) => format!(
                    "{when}实际值：{value}，位于路径的第{}百分位",
                    crate::text::percent(p)
                ),
                (None, None, style::Lang::En) if l.part.is_some() => {
                    format!("observed {when}: {value} (a level within the year)")
                }
                (None, None, style::Lang::Zh) if l.part.is_some() => {
                    format!("{when}实际值：{value}（年内水平）")
                }
                (None, None, style::Lang::En) => format!("observed {when}: {value}"),
                (None, None, style::Lang::Zh) => format!("{when}实际值：{value}"),
            };
            let swatch = match l.bound {
                Some(Bound::AtLeast) => Swatch::Up(LATER),
                Some(Bound::AtMost) => Swatch::Down(LATER),
                None => Swatch::Dot(LATER),
            };
            legend.add(swatch, text);
        }
        let (_, shown) = self.value_range(&self.observed(), &self.targets());
        for t in self.targets() {
            legend.add(Swatch::Cross(TARGET), self.target_text(t, &shown));
        }
        legend
    }

    /// "target > 6,000 in 2025: P(met) = 82.5%", noting a target off the scale.
    fn target_text(&self, t: &TargetResult, shown: &Range<f64>) -> String {
        let s = self.style;
        let off = !(t.value > shown.start && t.value < shown.end);
        let by = t.first_met_by_year.is_some();
        let value = crate::text::number(t.value);
        let mut text = match (s.lang, by) {
            (style::Lang::En, false) => format!(
                "target {} {value} in {}: {}",
                t.op,
                t.year,
                s.p_met(t.probability)
            ),
            (style::Lang::En, true) => format!(
                "target {} {value} by {}: {}",
                t.op,
                t.year,
                s.p_met(t.probability)
            ),
            (style::Lang::Zh, false) => {
                format!(
                    "{}年目标 {} {value}：{}",
                    t.year,
                    t.op,
                    s.p_met(t.probability)
                )
            }
            (style::Lang::Zh, true) => format!(
                "{}年前目标 {} {value}：{}",
                t.year,
                t.op,
                s.p_met(t.probability)
            ),
        };
        if off {
            text.push_str(s.pick(" (off the scale)", "（超出坐标范围）"));
        }
        match (t.median_first_met_year, s.lang) {
            (Some(Some(year)), style::Lang::En) => {
                text.push_str(&format!("; half the paths meet it by {year} (dotted)"))
            }
            (Some(Some(year)), style::Lang::Zh) => {
                text.push_str(&format!("；半数路径在{year}年前达成（点线）"))
            }
            (Some(None), style::Lang::En) => text.push_str(&format!(
                "; fewer than half the paths meet it by {}",
                t.year
            )),
            (Some(None), style::Lang::Zh) => {
                text.push_str(&format!("；到{}年达成的路径不足半数", t.year))
            }
            (None, _) => {}
        }
        text
    }
}

impl FanChart<'_> {
    /// The value axis: the fan, the observations, and the targets unless a
    /// target is so far away that showing it would flatten the fan. Also
    /// returns the range within which a target is shown.
    fn value_range(
        &self,
        observed: &[(f64, f64)],
        targets: &[&TargetResult],
    ) -> (Range<f64>, Range<f64>) {
        let ind = self.indicator;
        let years = &ind.years;
        let fan_lo = years.iter().map(|y| y.p5).fold(ind.base, f64::min);
        let fan_hi = years.iter().map(|y| y.p95).fold(ind.base, f64::max);
        let span = (fan_hi - fan_lo).max(fan_hi.abs() * 0.01).max(1e-9);
        let shown = (fan_lo - 2.0 * span)..(fan_hi + 2.0 * span);
        let all_points = observed
            .iter()
            .map(|p| p.1)
            .chain(self.later.iter().map(|l| l.value));
        let mut lo = all_points.clone().fold(fan_lo, f64::min);
        let mut hi = all_points.fold(fan_hi, f64::max);
        for t in targets {
            if shown.contains(&t.value) && t.value != shown.start {
                lo = lo.min(t.value);
                hi = hi.max(t.value);
            }
        }
        let pad = (hi - lo) * 0.08;
        ((lo - pad)..(hi + pad), shown)
    }

    /// The 90%, 80% and 50% bands of paths.
    fn draw_bands<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut Chart2d<'a, DB>,
        base: (f64, f64),
    ) -> Result<()> {
        let years = &self.indicator.years;
        for (k, colour) in BANDS.iter().enumerate() {
            let (low, high): (Vec<f64>, Vec<f64>) = match k {
                0 => years.iter().map(|y| (y.p5, y.p95)).unzip(),
                1 => years.iter().map(|y| (y.p10, y.p90)).unzip(),
                _ => years.iter().map(|y| (y.p25, y.p75)).unzip(),
            };
            let points = |edge: &[f64]| -> Vec<(f64, f64)> {
                let line: Vec<(f64, f64)> = std::iter::once(base)
                    .chain(years.iter().zip(edge).map(|(y, &v)| (y.year as f64, v)))
                    .collect();
                if self.counts() { steps(&line) } else { line }
            };
            let mut polygon = points(&low);
            polygon.extend(points(&high).into_iter().rev());
            chart
                .draw_series(std::iter::once(Polygon::new(polygon, colour.filled())))
                .map_err(chart_error)?;
        }
        Ok(())
    }

    /// The median path and the observed history.
    fn draw_median_and_history<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut Chart2d<'a, DB>,
        base: (f64, f64),
        observed: &[(f64, f64)],
    ) -> Result<()> {
        let years = &self.indicator.years;
        let mut median: Vec<(f64, f64)> = std::iter::once(base)
            .chain(years.iter().map(|y| (y.year as f64, y.p50)))
            .collect();
        if self.counts() {
            median = steps(&median);
        }
        chart
            .draw_series(LineSeries::new(median, MEDIAN.stroke_width(3)))
            .map_err(chart_error)?;
        chart
            .draw_series(LineSeries::new(observed.to_vec(), HISTORY.stroke_width(2)))
            .map_err(chart_error)?;
        chart
            .draw_series(
                observed
                    .iter()
                    .map(|&p| Circle::new(p, 4, HISTORY.filled())),
            )
            .map_err(chart_error)?;

        Ok(())
    }

    /// Each target on the scale as a dashed line through a cross; its
    /// words and probability are in the legend.
    fn draw_targets<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut Chart2d<'a, DB>,
        targets: &[&TargetResult],
        shown: &Range<f64>,
    ) -> Result<()> {
        for t in targets {
            if !(t.value > shown.start && t.value < shown.end) {
                continue;
            }
            let year = t.year as f64;
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(year - 0.45, t.value), (year + 0.45, t.value)],
                    6,
                    4,
                    TARGET.stroke_width(2),
                ))
                .map_err(chart_error)?;
            chart
                .draw_series(std::iter::once(Cross::new(
                    (year, t.value),
                    8,
                    TARGET.stroke_width(3),
                )))
                .map_err(chart_error)?;
        }
        Ok(())
    }
}

impl FanChart<'_> {
    /// For each `by` target half the paths meet within the horizon, a
    /// dotted vertical line at the median year it is first met.
    fn draw_median_first_years<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut Chart2d<'a, DB>,
        targets: &[&TargetResult],
        values: Range<f64>,
    ) -> Result<()> {
        for t in targets {
            if let Some(Some(year)) = t.median_first_met_year {
                let x = year as f64;
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(x, values.start), (x, values.end)],
                        2,
                        5,
                        TARGET.stroke_width(2),
                    ))
                    .map_err(chart_error)?;
            }
        }
        Ok(())
    }
}

/// A triangle pointing down, in pixels around its point (an upper bound).
pub const DOWN_TRIANGLE: [(i32, i32); 3] = [(-8, -5), (8, -5), (0, 9)];

/// A line through yearly points drawn as steps, each year's value held from
/// half a year before to half a year after: counts change by whole steps.
fn steps(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    points
        .iter()
        .flat_map(|&(x, y)| [(x - 0.5, y), (x + 0.5, y)])
        .collect()
}

/// Height of the chart above the legend.
const PLOT_HEIGHT: u32 = 600;
/// Where the plot (and the legend) starts, from the left edge.
const PLOT_LEFT: u32 = 108;

impl Draw for FanChart<'_> {
    fn size(&self) -> (u32, u32) {
        self.legend().chart_size(self.style, PLOT_HEIGHT, PLOT_LEFT)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let r = self.results;
        let ind = self.indicator;
        let base = (r.base_year as f64, ind.base);
        let observed = self.observed();
        let targets = self.targets();
        let (values, shown) = self.value_range(&observed, &targets);
        let (lo, hi) = (values.start, values.end);
        let first_year = observed.first().map_or(base.0, |p| p.0);
        let x_range = (first_year - 0.6)..(r.target_year as f64 + 0.6);
        let (plot, _) = area.split_vertically(PLOT_HEIGHT);

        let mut chart = ChartBuilder::on(&plot)
            .caption(self.title(), s.font(24.0))
            .margin(18)
            .margin_bottom(0)
            .x_label_area_size(46)
            .y_label_area_size(PLOT_LEFT - 18)
            .build_cartesian_2d(x_range, lo..hi)
            .map_err(chart_error)?;
        let counts = self.counts();
        // Whole numbers on a count's axis: ask for one label per unit when
        // the range is short, so plotters picks a step of 1.
        let y_labels = if counts && hi - lo < 10.0 {
            ((hi.floor() - lo.ceil()) as usize + 1).max(2)
        } else {
            10
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .x_labels((r.target_year as f64 - first_year) as usize + 2)
            .y_labels(y_labels)
            .x_label_formatter(&|x| format!("{:.0}", x))
            .y_label_formatter(&|y| {
                if counts {
                    crate::text::number(*y)
                } else {
                    crate::text::axis_number(*y, hi - lo)
                }
            })
            .x_desc(s.pick("year", "年份"))
            .y_desc(s.unit(ind.unit.as_deref()))
            .label_style(s.font(15.0))
            .axis_desc_style(s.font(16.0))
            .draw()
            .map_err(chart_error)?;

        self.draw_bands(&mut chart, base)?;
        self.draw_median_and_history(&mut chart, base, &observed)?;
        self.draw_later(&mut chart)?;
        self.draw_targets(&mut chart, &targets, &shown)?;
        self.draw_median_first_years(&mut chart, &targets, lo..hi)?;
        self.legend().draw_under(area, s, PLOT_HEIGHT, PLOT_LEFT)?;
        style::footnote(area, s, &s.corner_note(r))
    }
}
