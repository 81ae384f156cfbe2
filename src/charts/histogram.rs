//! Outcome histogram: the distribution of an indicator in a target's year,
//! the part that meets the target shaded differently, the target as a
//! vertical line and the probability written on the chart.

use super::render::{Chart2d, Draw, chart_error};
use super::style::{self, GREEN, GREY, Style, TARGET};
use crate::error::Result;
use crate::model::Op;
use crate::results::{Results, TargetResult};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The histogram of one target's indicator in its year.
pub struct OutcomeHistogram<'a> {
    /// The run.
    pub results: &'a Results,
    /// The target.
    pub target: &'a TargetResult,
    /// Language and fonts.
    pub style: Style,
}

impl OutcomeHistogram<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let s = self.style;
        let label = s.target_label(self.results, self.target);
        match s.lang {
            style::Lang::En => format!("{label} in {}: distribution of outcomes", self.target.year),
            style::Lang::Zh => format!("{label}：{}年结果分布", self.target.year),
        }
    }
}

impl OutcomeHistogram<'_> {
    /// The value axis (the outcomes, and the target unless far outside
    /// them), whether the target is on it, and the top of the share axis.
    fn ranges(&self) -> (f64, f64, bool, f64) {
        let t = self.target;
        let h = &t.histogram;
        let total = self.results.paths as f64;
        let (first, last) = (h.edges[0], h.edges[h.edges.len() - 1]);
        let span = last - first;
        // Keep the target on the axis unless it is far outside the outcomes.
        let shown = t.value > first - 1.5 * span && t.value < last + 1.5 * span;
        let (mut lo, mut hi) = (first, last);
        if shown {
            lo = lo.min(t.value - 0.03 * span);
            hi = hi.max(t.value + 0.03 * span);
        }
        let top = h
            .counts
            .iter()
            .map(|&c| c as f64 / total)
            .fold(0.0, f64::max)
            * 1.18;
        (lo, hi, shown, top)
    }

    /// Bars of the paths that meet the target and of those that miss it.
    fn draw_bars<'a, DB: DrawingBackend + 'a>(&self, chart: &mut Chart2d<'a, DB>) -> Result<()> {
        let (s, t) = (self.style, self.target);
        let (h, op) = (&t.histogram, t.op);
        let total = self.results.paths as f64;
        for (meets, name) in [
            (true, s.pick("paths that meet the target", "达成目标的路径")),
            (false, s.pick("paths that miss it", "未达成目标的路径")),
        ] {
            let colour = if meets { GREEN } else { GREY };
            let bars = h
                .edges
                .windows(2)
                .zip(&h.counts)
                .filter_map(move |(e, &c)| {
                    let middle = (e[0] + e[1]) / 2.0;
                    (op.holds(middle, t.value) == meets).then(|| {
                        Rectangle::new(
                            [(e[0], 0.0), (e[1], c as f64 / total)],
                            colour.mix(0.8).filled(),
                        )
                    })
                });
            chart
                .draw_series(bars)
                .map_err(chart_error)?
                .label(name)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 18, y + 6)], colour.mix(0.8).filled())
                });
        }
        Ok(())
    }

    /// The legend and the headline probability, on the side away from the
    /// target line; returns that side and the plot's left, right and top.
    fn draw_headline<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut Chart2d<'a, DB>,
        area: &DrawingArea<DB, Shift>,
        (lo, hi, top): (f64, f64, f64),
    ) -> Result<Placement> {
        let (s, t) = (self.style, self.target);
        let target_on_right = t.value > (lo + hi) / 2.0;
        chart
            .configure_series_labels()
            .position(if target_on_right {
                SeriesLabelPosition::UpperLeft
            } else {
                SeriesLabelPosition::UpperRight
            })
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .label_font(s.font(14.0))
            .draw()
            .map_err(chart_error)?;
        let headline = format!(
            "P({} {}) = {}  [{}, {}]",
            t.op,
            crate::text::number(t.value),
            crate::text::percent(t.probability),
            crate::text::percent(t.ci95[0]),
            crate::text::percent(t.ci95[1])
        );
        let (plot_left, plot_top) = chart.backend_coord(&(lo, top));
        let (plot_right, _) = chart.backend_coord(&(hi, top));
        let (at, side) = if target_on_right {
            ((plot_left + 12, plot_top + 64), HPos::Left)
        } else {
            ((plot_right - 12, plot_top + 64), HPos::Right)
        };
        style::boxed_text(area, &headline, at, s.font(18.0), TARGET, (side, VPos::Top))?;
        Ok(Placement {
            target_on_right,
            plot_left,
            plot_right,
            plot_top,
        })
    }

    /// The target as a dashed line with its value, or a note that it is off
    /// the scale.
    fn draw_target<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut Chart2d<'a, DB>,
        area: &DrawingArea<DB, Shift>,
        shown: bool,
        top: f64,
        placed: Placement,
    ) -> Result<()> {
        let (s, t) = (self.style, self.target);
        let (h, op) = (&t.histogram, t.op);
        let last = h.edges[h.edges.len() - 1];
        let Placement {
            target_on_right,
            plot_left,
            plot_right,
            plot_top,
        } = placed;
        if shown {
            // With one bar per whole number, the line goes between the last
            // bar that misses and the first that meets.
            let unit_bins = h.edges.len() > 1 && h.edges[1] - h.edges[0] == 1.0;
            let line_at = if unit_bins && t.value.fract() == 0.0 {
                match op {
                    Op::Ge | Op::Lt => t.value - 0.5,
                    Op::Gt | Op::Le => t.value + 0.5,
                }
            } else {
                t.value
            };
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(line_at, 0.0), (line_at, top)],
                    8,
                    5,
                    TARGET.stroke_width(3),
                ))
                .map_err(chart_error)?;
            let (px, py) = chart.backend_coord(&(line_at, top * 0.80));
            let (x, side) = if target_on_right {
                (px - 8, HPos::Right)
            } else {
                (px + 8, HPos::Left)
            };
            style::boxed_text(
                area,
                &format!(
                    "{} {}",
                    s.pick("target", "目标"),
                    crate::text::number(t.value)
                ),
                (x, py),
                s.font(15.0),
                TARGET,
                (side, VPos::Center),
            )?;
        } else {
            let arrow = if t.value > last { "→" } else { "←" };
            let (x, anchor) = if t.value > last {
                (plot_right - 12, HPos::Right)
            } else {
                (plot_left + 12, HPos::Left)
            };
            let note = format!(
                "{} {} {arrow} ({})",
                s.pick("target", "目标"),
                crate::text::number(t.value),
                s.pick("off the scale", "超出坐标范围")
            );
            style::boxed_text(
                area,
                &note,
                (x, plot_top + 96),
                s.font(16.0),
                TARGET,
                (anchor, VPos::Top),
            )?;
        }
        Ok(())
    }
}

/// Where the headline went: the side of the target, and the plot's edges
/// in pixels.
#[derive(Clone, Copy)]
struct Placement {
    target_on_right: bool,
    plot_left: i32,
    plot_right: i32,
    plot_top: i32,
}

impl Draw for OutcomeHistogram<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let (s, t) = (self.style, self.target);
        let (lo, hi, shown, top) = self.ranges();
        let mut chart = ChartBuilder::on(area)
            .caption(self.title(), s.font(24.0))
            .margin(18)
            .x_label_area_size(46)
            .y_label_area_size(80)
            .build_cartesian_2d(lo..hi, 0.0..top.max(1e-9))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .x_label_formatter(&|x| crate::text::axis_number(*x, hi - lo))
            .y_label_formatter(&|y| format!("{:.1}%", 100.0 * y))
            .x_desc(s.unit(t.unit.as_deref()))
            .y_desc(s.pick("share of paths", "路径占比"))
            .label_style(s.font(15.0))
            .axis_desc_style(s.font(16.0))
            .draw()
            .map_err(chart_error)?;
        self.draw_bars(&mut chart)?;
        let placed = self.draw_headline(&mut chart, area, (lo, hi, top))?;
        self.draw_target(&mut chart, area, shown, top, placed)?;
        style::footnote(
            area,
            s,
            &format!(
                "{}  ·  {}",
                s.pick("central 99% of paths shown", "显示中间99%的路径"),
                s.corner_note(self.results)
            ),
        )?;
        Ok(())
    }
}
