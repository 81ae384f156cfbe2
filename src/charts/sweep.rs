//! Sweep charts: each target's probability against one parameter (lines),
//! or over a grid of two parameters (a heat map per target).

use super::render::{Draw, chart_error};
use super::style::{self, Style};
use crate::error::Result;
use crate::whatif::sweep::Sweep;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

fn footer<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    sweep: &Sweep,
) -> Result<()> {
    style::footnote(
        area,
        s,
        &format!(
            "{} · seed {} · {} {}",
            sweep.scenario,
            sweep.seed,
            crate::text::number(sweep.paths as f64),
            s.pick(
                "paths per point, the same at every point",
                "条路径（各点相同）"
            )
        ),
    )
}

/// Probability of every target against one parameter.
pub struct SweepLines<'a> {
    /// The sweep (one parameter).
    pub sweep: &'a Sweep,
    /// Language and fonts.
    pub style: Style,
}

impl SweepLines<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let key = &self.sweep.params[0].key;
        match self.style.lang {
            style::Lang::En => format!("Probability of each target as {key} varies"),
            style::Lang::Zh => format!("各目标达成概率随 {key} 的变化"),
        }
    }
}

impl Draw for SweepLines<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let sw = self.sweep;
        let xs = &sw.params[0].values;
        let (lo, hi) = (xs[0].min(xs[xs.len() - 1]), xs[0].max(xs[xs.len() - 1]));
        let pad = ((hi - lo) * 0.02).max(1e-12);
        let mut chart = ChartBuilder::on(area)
            .caption(self.title(), s.font(22.0))
            .margin(18)
            .margin_right(270)
            .x_label_area_size(46)
            .y_label_area_size(60)
            .build_cartesian_2d((lo - pad)..(hi + pad), 0.0..1.02)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .x_label_formatter(&|x| crate::text::axis_number(*x, hi - lo))
            .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
            .x_desc(sw.params[0].key.as_str())
            .y_desc(s.pick("probability of meeting the target", "达成概率"))
            .label_style(s.font(14.0))
            .axis_desc_style(s.font(15.0))
            .draw()
            .map_err(chart_error)?;
        for t in 0..sw.targets.len() {
            let colour = style::series(t);
            let line: Vec<(f64, f64)> = sw
                .points
                .iter()
                .map(|p| (p.values[0], p.probabilities[t]))
                .collect();
            chart
                .draw_series(LineSeries::new(line.clone(), colour.stroke_width(2)))
                .map_err(chart_error)?;
            if line.len() <= 40 {
                chart
                    .draw_series(line.iter().map(|&p| Circle::new(p, 3, colour.filled())))
                    .map_err(chart_error)?;
            }
        }
        // The legend sits in the right margin, beside the plot.
        let (right, top) = chart.backend_coord(&(hi + pad, 1.02));
        for (t, id) in sw.targets.iter().enumerate() {
            let colour = style::series(t);
            let y = top + 12 + 20 * t as i32;
            area.draw(&PathElement::new(
                vec![(right + 16, y), (right + 36, y)],
                colour.stroke_width(3),
            ))
            .map_err(chart_error)?;
            area.draw(&Text::new(
                crate::text::truncate(id, 30),
                (right + 42, y),
                s.font(13.0)
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(chart_error)?;
        }
        footer(area, s, sw)
    }
}

/// One target's probability over a grid of two parameters.
pub struct SweepHeatMap<'a> {
    /// The sweep (two parameters).
    pub sweep: &'a Sweep,
    /// Which target.
    pub target: usize,
    /// Language and fonts.
    pub style: Style,
}

impl SweepHeatMap<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let id = &self.sweep.targets[self.target];
        match self.style.lang {
            style::Lang::En => format!("P({id}) over two parameters"),
            style::Lang::Zh => format!("{id} 的达成概率（两个参数）"),
        }
    }
}

/// A colour for a probability: light yellow (0) to dark blue (1).
fn heat(p: f64) -> RGBColor {
    let stops = [
        (255.0, 247.0, 188.0),
        (120.0, 198.0, 121.0),
        (34.0, 94.0, 168.0),
        (8.0, 29.0, 88.0),
    ];
    let x = p.clamp(0.0, 1.0) * 3.0;
    let i = (x.floor() as usize).min(2);
    let f = x - i as f64;
    let mix = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
    let (a, b) = (stops[i], stops[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

impl Draw for SweepHeatMap<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let sw = self.sweep;
        let (xs, ys) = (&sw.params[0].values, &sw.params[1].values);
        let (nx, ny) = (xs.len(), ys.len());
        let mut chart = ChartBuilder::on(area)
            .caption(self.title(), s.font(22.0))
            .margin(18)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(-0.5f64..(nx as f64 - 0.5), -0.5f64..(ny as f64 - 0.5))
            .map_err(chart_error)?;
        let label = |values: &[f64], i: f64| {
            let k = i.round();
            if (i - k).abs() < 1e-9 && k >= 0.0 && (k as usize) < values.len() {
                let span = values[values.len() - 1] - values[0];
                crate::text::axis_number(
                    values[k as usize],
                    span * 10.0 / values.len().max(2) as f64,
                )
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(nx.min(12))
            .y_labels(ny.min(12))
            .x_label_formatter(&|x| label(xs, *x))
            .y_label_formatter(&|y| label(ys, *y))
            .x_desc(sw.params[0].key.as_str())
            .y_desc(sw.params[1].key.as_str())
            .label_style(s.font(13.0))
            .axis_desc_style(s.font(15.0))
            .draw()
            .map_err(chart_error)?;
        for (k, p) in sw.points.iter().enumerate() {
            let (i, j) = ((k / ny) as f64, (k % ny) as f64);
            let prob = p.probabilities[self.target];
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(i - 0.5, j - 0.5), (i + 0.5, j + 0.5)],
                    heat(prob).filled(),
                )))
                .map_err(chart_error)?;
            if nx * ny <= 150 {
                let (x, y) = chart.backend_coord(&(i, j));
                let ink = if prob > 0.55 { WHITE } else { BLACK };
                area.draw(&Text::new(
                    format!("{:.0}%", 100.0 * prob),
                    (x, y),
                    s.font(12.0)
                        .color(&ink)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(chart_error)?;
            }
        }
        footer(area, s, sw)
    }
}
