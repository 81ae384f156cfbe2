//! Outcome histogram: the distribution of an indicator in a target's year,
//! the part that meets the target shaded differently, the target as a
//! vertical line and the probability written on the chart.

use super::legend::{Legend, Swatch};
use super::render::{Chart2d, Draw, chart_error};
use super::style::{self, Style, TARGET};
use crate::error::Result;
use crate::model::Op;
use crate::results::{Results, TargetResult};
use plotters::coord::Shift;
use plotters::prelude::*;

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
            * 1.08;
        (lo, hi, shown, top)
    }

    /// Bars of the paths that meet the target and of those that miss it.
    fn draw_bars<'a, DB: DrawingBackend + 'a>(&self, chart: &mut Chart2d<'a, DB>) -> Result<()> {
        let t = self.target;
        let (h, op) = (&t.histogram, t.op);
        let total = self.results.paths as f64;
        for meets in [true, false] {
            let colour = if meets { MEETS } else { MISSES };
            let bars = h
                .edges
                .windows(2)
                .zip(&h.counts)
                .filter_map(move |(e, &c)| {
                    let middle = (e[0] + e[1]) / 2.0;
                    (op.holds(middle, t.value) == meets).then(|| {
                        Rectangle::new([(e[0], 0.0), (e[1], c as f64 / total)], colour.filled())
                    })
                });
            chart.draw_series(bars).map_err(chart_error)?;
        }
        Ok(())
    }

    /// The target as a dashed line; with one bar per whole number it goes
    /// between the last bar that misses and the first that meets.
    fn draw_target<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut Chart2d<'a, DB>,
        top: f64,
    ) -> Result<()> {
        let t = self.target;
        let h = &t.histogram;
        let unit_bins = h.edges.len() > 1 && h.edges[1] - h.edges[0] == 1.0;
        let line_at = if unit_bins && t.value.fract() == 0.0 {
            match t.op {
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
        Ok(())
    }

    /// The bars' meaning, and the target with its probability and interval
    /// (or a note that it is off the scale).
    fn legend(&self) -> Legend {
        let (s, t) = (self.style, self.target);
        let (_, _, shown, _) = self.ranges();
        let mut legend = Legend::new();
        legend.add(
            Swatch::Block(MEETS),
            s.pick("paths that meet the target", "达成目标的路径"),
        );
        legend.add(
            Swatch::Block(MISSES),
            s.pick("paths that miss it", "未达成目标的路径"),
        );
        let mut text = format!(
            "{} {} {}: {}  [{}, {}]",
            s.pick("target", "目标"),
            t.op,
            crate::text::number(t.value),
            s.p_met(t.probability),
            crate::text::percent(t.ci95[0]),
            crate::text::percent(t.ci95[1])
        );
        if !shown {
            let last = t.histogram.edges[t.histogram.edges.len() - 1];
            let arrow = if t.value > last { "→" } else { "←" };
            text.push_str(&format!(
                " {arrow} {}",
                s.pick("(off the scale)", "（超出坐标范围）")
            ));
        }
        legend.add(Swatch::Line(TARGET, 3), text);
        legend
    }
}

/// Bars of paths that meet the target: the scoreboard's green, lightened.
const MEETS: RGBColor = RGBColor(72, 173, 115);
/// Bars of paths that miss it.
const MISSES: RGBColor = RGBColor(171, 171, 171);

/// Height of the plot above the legend.
const PLOT_HEIGHT: u32 = 600;
/// Left edge of the plot and the legend.
const PLOT_LEFT: u32 = 98;

impl Draw for OutcomeHistogram<'_> {
    fn size(&self) -> (u32, u32) {
        self.legend().chart_size(self.style, PLOT_HEIGHT, PLOT_LEFT)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let (s, t) = (self.style, self.target);
        let (lo, hi, shown, top) = self.ranges();
        let (plot, _) = area.split_vertically(PLOT_HEIGHT);
        let mut chart = ChartBuilder::on(&plot)
            .caption(self.title(), s.font(24.0))
            .margin(18)
            .margin_bottom(0)
            .x_label_area_size(46)
            .y_label_area_size(PLOT_LEFT - 18)
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
        if shown {
            self.draw_target(&mut chart, top)?;
        }
        self.legend().draw_under(area, s, PLOT_HEIGHT, PLOT_LEFT)?;
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
