//! Sweep charts: each target's probability against one parameter (lines),
//! or over a grid of two parameters (a heat map per target).

use super::legend::{Legend, Swatch};
use super::names::{self, Names};
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
    /// Words for the targets and parameters.
    pub names: &'a Names,
    /// Language and fonts.
    pub style: Style,
}

impl SweepLines<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let name = self.names.param(&self.sweep.params[0].key, self.style);
        match self.style.lang {
            style::Lang::En => format!("Probability of each target as {name} varies"),
            style::Lang::Zh => format!("各目标达成概率随{name}的变化"),
        }
    }

    /// Targets whose lines would be drawn on top of each other (within
    /// [`COINCIDE`] at every point) share one line and colour; the legend
    /// says which.
    fn groups(&self) -> Vec<usize> {
        let sw = self.sweep;
        let close = |a: usize, b: usize| {
            sw.points
                .iter()
                .all(|p| (p.probabilities[a] - p.probabilities[b]).abs() <= COINCIDE)
        };
        let mut group_of: Vec<usize> = Vec::with_capacity(sw.targets.len());
        let mut firsts: Vec<usize> = Vec::new();
        for t in 0..sw.targets.len() {
            match firsts.iter().position(|&f| close(f, t)) {
                Some(g) => group_of.push(g),
                None => {
                    group_of.push(firsts.len());
                    firsts.push(t);
                }
            }
        }
        group_of
    }

    fn legend(&self) -> Legend {
        let s = self.style;
        let groups = self.groups();
        let mut legend = Legend::new();
        for (t, id) in self.sweep.targets.iter().enumerate() {
            let g = groups[t];
            let others = groups.iter().filter(|&&h| h == g).count() - 1;
            let mut text = self.names.target(id, s);
            if others > 0 {
                text.push_str(&match s.lang {
                    style::Lang::En => format!(" (one line with {others} more)"),
                    style::Lang::Zh => format!("（与另{others}条合为一线）"),
                });
            }
            legend.add(Swatch::Line(style::series(g), 3), text);
        }
        legend
    }
}

/// Lines closer than this (half a percentage point) at every point would
/// look like one line, so they are drawn as one.
const COINCIDE: f64 = 0.005;

/// Height of the plot above a legend.
const PLOT_HEIGHT: u32 = 600;
/// Left edge of the plot and of the legend.
const PLOT_LEFT: u32 = 78;

/// A parameter value on an axis: percent for rates, else by the axis span.
fn tick(key: &str, x: f64, span: f64) -> String {
    if names::is_rate(key) {
        let step = span.abs() / 10.0;
        // As many decimals of a percent as the tick spacing needs.
        let decimals = if step * 100.0 >= 1.0 || step == 0.0 {
            0
        } else {
            (-(step * 100.0).log10()).ceil().clamp(1.0, 4.0) as usize
        };
        format!("{:.*}%", decimals, 100.0 * x)
    } else {
        crate::text::axis_number(x, span)
    }
}

impl Draw for SweepLines<'_> {
    fn size(&self) -> (u32, u32) {
        self.legend().chart_size(self.style, PLOT_HEIGHT, PLOT_LEFT)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let sw = self.sweep;
        let key = sw.params[0].key.as_str();
        let xs = &sw.params[0].values;
        let (lo, hi) = (xs[0].min(xs[xs.len() - 1]), xs[0].max(xs[xs.len() - 1]));
        let pad = ((hi - lo) * 0.02).max(1e-12);
        let (plot, _) = area.split_vertically(PLOT_HEIGHT);
        let x_desc = self.names.param(key, s);
        let mut chart = ChartBuilder::on(&plot)
            .caption(self.title(), s.font(22.0))
            .margin(18)
            .margin_bottom(0)
            .x_label_area_size(46)
            .y_label_area_size(PLOT_LEFT - 18)
            .build_cartesian_2d((lo - pad)..(hi + pad), 0.0..1.02)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .x_label_formatter(&|x| tick(key, *x, hi - lo))
            .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
            .x_desc(x_desc.as_str())
            .y_desc(s.pick("probability of meeting the target", "达成概率"))
            .label_style(s.font(14.0))
            .axis_desc_style(s.font(15.0))
            .draw()
            .map_err(chart_error)?;
        let groups = self.groups();
        for t in 0..sw.targets.len() {
            if groups[..t].contains(&groups[t]) {
                continue; // drawn with the first of its group
            }
            let colour = style::series(groups[t]);
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
        self.legend().draw_under(area, s, PLOT_HEIGHT, PLOT_LEFT)?;
        footer(area, s, sw)
    }
}

/// One target's probability over a grid of two parameters.
pub struct SweepHeatMap<'a> {
    /// The sweep (two parameters).
    pub sweep: &'a Sweep,
    /// Words for the target and parameters.
    pub names: &'a Names,
    /// Which target.
    pub target: usize,
    /// Language and fonts.
    pub style: Style,
}

impl SweepHeatMap<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let target = self
            .names
            .target(&self.sweep.targets[self.target], self.style);
        match self.style.lang {
            style::Lang::En => format!("Probability of {target} over two parameters"),
            style::Lang::Zh => format!("{target}的达成概率（两个参数）"),
        }
    }
}

/// A probability in whole percent, never rounding a possible event to 0%
/// or 100% (a heat map's cells are small).
fn whole_percent(p: f64) -> String {
    if p > 0.0 && p < 0.005 {
        "<1%".into()
    } else if p < 1.0 && p > 0.995 {
        ">99%".into()
    } else {
        format!("{:.0}%", 100.0 * p)
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

/// Height of a heat map's plot above its colour key.
const HEAT_PLOT: u32 = 620;

/// The colour key under a heat map: a strip from 0% to 100%.
fn heat_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    (left, top): (i32, i32),
) -> Result<()> {
    const STEPS: i32 = 20;
    const STEP_PX: i32 = 14;
    for k in 0..STEPS {
        let p = (k as f64 + 0.5) / STEPS as f64;
        let x = left + k * STEP_PX;
        area.draw(&Rectangle::new(
            [(x, top), (x + STEP_PX, top + 12)],
            heat(p).filled(),
        ))
        .map_err(chart_error)?;
    }
    let font = |h: HPos| s.font(14.0).color(&BLACK).pos(Pos::new(h, VPos::Top));
    for (p, text, h) in [
        (0.0, "0%", HPos::Left),
        (0.5, "50%", HPos::Center),
        (1.0, "100%", HPos::Right),
    ] {
        let x = left + (p * (STEPS * STEP_PX) as f64) as i32;
        area.draw(&Text::new(text, (x, top + 16), font(h)))
            .map_err(chart_error)?;
    }
    area.draw(&Text::new(
        s.pick("probability of meeting the target", "达成概率"),
        (left + STEPS * STEP_PX + 16, top + 6),
        s.font(14.0)
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center)),
    ))
    .map_err(chart_error)?;
    Ok(())
}

impl Draw for SweepHeatMap<'_> {
    fn size(&self) -> (u32, u32) {
        (style::SIZE.0, HEAT_PLOT + 60)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let sw = self.sweep;
        let (xs, ys) = (&sw.params[0].values, &sw.params[1].values);
        let (nx, ny) = (xs.len(), ys.len());
        let (plot, _) = area.split_vertically(HEAT_PLOT);
        heat_key(area, s, (98, HEAT_PLOT as i32 + 4))?;
        let mut chart = ChartBuilder::on(&plot)
            .caption(self.title(), s.font(22.0))
            .margin(18)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(-0.5f64..(nx as f64 - 0.5), -0.5f64..(ny as f64 - 0.5))
            .map_err(chart_error)?;
        let (kx, ky) = (sw.params[0].key.as_str(), sw.params[1].key.as_str());
        let label = |key: &str, values: &[f64], i: f64| {
            let k = i.round();
            if (i - k).abs() < 1e-9 && k >= 0.0 && (k as usize) < values.len() {
                let span = values[values.len() - 1] - values[0];
                tick(
                    key,
                    values[k as usize],
                    span * 10.0 / values.len().max(2) as f64,
                )
            } else {
                String::new()
            }
        };
        let (x_desc, y_desc) = (self.names.param(kx, s), self.names.param(ky, s));
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(nx.min(12))
            .y_labels(ny.min(12))
            .x_label_formatter(&|x| label(kx, xs, *x))
            .y_label_formatter(&|y| label(ky, ys, *y))
            .x_desc(x_desc.as_str())
            .y_desc(y_desc.as_str())
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
                    whole_percent(prob),
                    (x, y),
                    s.font(15.0)
                        .color(&ink)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(chart_error)?;
            }
        }
        footer(area, s, sw)
    }
}
