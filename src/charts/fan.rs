//! Fan chart: observed history, then the simulated years as bands (90%,
//! 80%, 50% intervals, darker toward the centre) around the median, with each
//! target on the indicator marked and its probability written beside it.

use super::render::{Chart2d, Draw, chart_error};
use super::style::{self, BANDS, HISTORY, MEDIAN, Style, TARGET};
use crate::error::Result;
use crate::results::{IndicatorResult, Results, TargetResult};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
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
    /// Value (the bound, for a lower bound).
    pub value: f64,
    /// A lower bound ("above ...") rather than a value.
    pub lower_bound: bool,
    /// Its percentile in the simulated distribution (values only).
    pub percentile: Option<f64>,
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
    /// Later observations: dots for values (with their percentile), upward
    /// triangles for lower bounds.
    fn draw_later<DB: DrawingBackend>(
        &self,
        chart: &mut ChartContext<
            '_,
            DB,
            Cartesian2d<
                plotters::coord::types::RangedCoordf64,
                plotters::coord::types::RangedCoordf64,
            >,
        >,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<()> {
        let s = self.style;
        let values: Vec<&Later> = self.later.iter().filter(|l| !l.lower_bound).collect();
        let bounds: Vec<&Later> = self.later.iter().filter(|l| l.lower_bound).collect();
        if !values.is_empty() {
            chart
                .draw_series(
                    values
                        .iter()
                        .map(|l| Circle::new((l.year as f64, l.value), 7, LATER.filled())),
                )
                .map_err(chart_error)?
                .label(s.pick("observed later", "后来的实际值"))
                .legend(|(x, y)| Circle::new((x + 9, y), 6, LATER.filled()));
        }
        if !bounds.is_empty() {
            chart
                .draw_series(
                    bounds
                        .iter()
                        .map(|l| TriangleMarker::new((l.year as f64, l.value), 9, LATER.filled())),
                )
                .map_err(chart_error)?
                .label(s.pick("observed lower bound", "实际值下限"))
                .legend(|(x, y)| TriangleMarker::new((x + 9, y), 7, LATER.filled()));
        }
        for l in self.later {
            let text = match (l.percentile, l.lower_bound) {
                (Some(p), false) => {
                    format!(
                        "{} {}",
                        s.pick("percentile", "百分位"),
                        crate::text::percent(p)
                    )
                }
                _ => format!("> {}", crate::text::number(l.value)),
            };
            let (px, py) = chart.backend_coord(&(l.year as f64, l.value));
            style::boxed_text(
                area,
                &text,
                (px + 12, py + 10),
                s.font(14.0),
                LATER,
                (HPos::Left, VPos::Top),
            )?;
        }
        Ok(())
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
        let s = self.style;
        let years = &self.indicator.years;
        let band_names = [
            s.pick("90% of paths", "90%路径区间"),
            s.pick("80% of paths", "80%路径区间"),
            s.pick("50% of paths", "50%路径区间"),
        ];
        for (k, (colour, name)) in BANDS.iter().zip(band_names).enumerate() {
            let (low, high): (Vec<f64>, Vec<f64>) = match k {
                0 => years.iter().map(|y| (y.p5, y.p95)).unzip(),
                1 => years.iter().map(|y| (y.p10, y.p90)).unzip(),
                _ => years.iter().map(|y| (y.p25, y.p75)).unzip(),
            };
            let mut polygon = vec![base];
            polygon.extend(years.iter().zip(&low).map(|(y, &v)| (y.year as f64, v)));
            polygon.extend(
                years
                    .iter()
                    .zip(&high)
                    .rev()
                    .map(|(y, &v)| (y.year as f64, v)),
            );
            let colour = *colour;
            chart
                .draw_series(std::iter::once(Polygon::new(polygon, colour.filled())))
                .map_err(chart_error)?
                .label(name)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 18, y + 6)], colour.filled())
                });
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
        let s = self.style;
        let years = &self.indicator.years;
        let median: Vec<(f64, f64)> = std::iter::once(base)
            .chain(years.iter().map(|y| (y.year as f64, y.p50)))
            .collect();
        chart
            .draw_series(LineSeries::new(median, MEDIAN.stroke_width(3)))
            .map_err(chart_error)?
            .label(s.pick("median", "中位数"))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], MEDIAN.stroke_width(3)));
        chart
            .draw_series(LineSeries::new(observed.to_vec(), HISTORY.stroke_width(2)))
            .map_err(chart_error)?
            .label(s.pick("observed", "实际值"))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], HISTORY.stroke_width(2)));
        chart
            .draw_series(
                observed
                    .iter()
                    .map(|&p| Circle::new(p, 4, HISTORY.filled())),
            )
            .map_err(chart_error)?;

        Ok(())
    }

    /// Each target as a dashed line with its probability; returns the texts
    /// of targets too far off the scale to draw.
    fn draw_targets<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut Chart2d<'a, DB>,
        area: &DrawingArea<DB, Shift>,
        targets: &[&TargetResult],
        shown: &Range<f64>,
    ) -> Result<Vec<String>> {
        let s = self.style;
        let shown = |v: f64| v > shown.start && v < shown.end;
        let mut off_scale = Vec::new();
        for (n, t) in targets.iter().enumerate() {
            let year = t.year as f64;
            let text = format!(
                "{} {} {}: {}",
                s.pick("target", "目标"),
                t.op,
                crate::text::number(t.value),
                s.p_met(t.probability)
            );
            if !shown(t.value) {
                off_scale.push(text);
                continue;
            }
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(year - 0.45, t.value), (year + 0.45, t.value)],
                    6,
                    4,
                    TARGET.stroke_width(2),
                ))
                .map_err(chart_error)?;
            let marker = chart
                .draw_series(std::iter::once(Cross::new(
                    (year, t.value),
                    8,
                    TARGET.stroke_width(3),
                )))
                .map_err(chart_error)?;
            if n == 0 {
                marker
                    .label(s.pick("target", "目标"))
                    .legend(|(x, y)| Cross::new((x + 9, y), 6, TARGET.stroke_width(3)));
            }
            // The probability sits left of the marker, above the line.
            let (px, py) = chart.backend_coord(&(year - 0.5, t.value));
            style::boxed_text(
                area,
                &text,
                (px, py - 8),
                s.font(16.0),
                TARGET,
                (HPos::Right, VPos::Bottom),
            )?;
        }
        Ok(off_scale)
    }

    /// The legend, notes for targets off the scale, and the footnote.
    fn draw_notes<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut Chart2d<'a, DB>,
        area: &DrawingArea<DB, Shift>,
        off_scale: &[String],
    ) -> Result<()> {
        let (s, r) = (self.style, self.results);
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .label_font(s.font(14.0))
            .draw()
            .map_err(chart_error)?;
        let (w, _) = area.dim_in_pixel();
        for (k, text) in off_scale.iter().enumerate() {
            let note = format!("{text} ({})", s.pick("off the scale", "超出坐标范围"));
            area.draw(&Text::new(
                note,
                (w as i32 - 24, 60 + 22 * k as i32),
                s.font(16.0)
                    .color(&TARGET)
                    .pos(Pos::new(HPos::Right, VPos::Top)),
            ))
            .map_err(chart_error)?;
        }
        style::footnote(area, s, &s.corner_note(r))?;
        Ok(())
    }
}

impl Draw for FanChart<'_> {
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
        let x_range = (first_year - 0.4)..(r.target_year as f64 + 0.6);

        let mut chart = ChartBuilder::on(area)
            .caption(self.title(), s.font(24.0))
            .margin(18)
            .x_label_area_size(46)
            .y_label_area_size(90)
            .build_cartesian_2d(x_range, lo..hi)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .x_labels((r.target_year as f64 - first_year) as usize + 2)
            .x_label_formatter(&|x| format!("{:.0}", x))
            .y_label_formatter(&|y| crate::text::axis_number(*y, hi - lo))
            .x_desc(s.pick("year", "年份"))
            .y_desc(s.unit(ind.unit.as_deref()))
            .label_style(s.font(15.0))
            .axis_desc_style(s.font(16.0))
            .draw()
            .map_err(chart_error)?;

        self.draw_bands(&mut chart, base)?;
        self.draw_median_and_history(&mut chart, base, &observed)?;
        self.draw_later(&mut chart, area)?;
        let off_scale = self.draw_targets(&mut chart, area, &targets, &shown)?;
        self.draw_notes(&mut chart, area, &off_scale)
    }
}
