//! Targets met: the probability that exactly k of the n targets are met.

use super::render::{Draw, chart_error};
use super::style::{self, JOINT, Style};
use crate::error::Result;
use crate::results::Results;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The distribution of the number of targets met.
pub struct TargetsMet<'a> {
    /// The run.
    pub results: &'a Results,
    /// Language and fonts.
    pub style: Style,
}

impl TargetsMet<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let n = self.results.targets.len();
        match self.style.lang {
            style::Lang::En => format!("How many of the {n} targets are met"),
            style::Lang::Zh => format!("{n}个目标中同时达成的个数"),
        }
    }
}

impl Draw for TargetsMet<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let r = self.results;
        let n = r.targets.len();
        let top = r
            .targets_met_distribution
            .iter()
            .map(|m| m.probability)
            .fold(0.0, f64::max)
            * 1.15;
        let mut chart = ChartBuilder::on(area)
            .caption(self.title(), s.font(24.0))
            .margin(18)
            .x_label_area_size(46)
            .y_label_area_size(70)
            .build_cartesian_2d(-0.6f64..(n as f64 + 0.6), 0.0..top.max(1e-9))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .x_labels(n + 2)
            .x_label_formatter(&|x| {
                if x.fract().abs() < 1e-9 && *x >= 0.0 {
                    format!("{x:.0}")
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
            .x_desc(s.pick("targets met on the same path", "同一路径上达成的目标数"))
            .y_desc(s.pick("probability", "概率"))
            .label_style(s.font(15.0))
            .axis_desc_style(s.font(16.0))
            .draw()
            .map_err(chart_error)?;
        for m in &r.targets_met_distribution {
            let k = m.met as f64;
            let colour = if m.met == n {
                JOINT
            } else {
                RGBColor(110, 150, 200)
            };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(k - 0.38, 0.0), (k + 0.38, m.probability)],
                    colour.filled(),
                )))
                .map_err(chart_error)?;
            if m.probability > 0.0 {
                let (x, y) = chart.backend_coord(&(k, m.probability));
                area.draw(&Text::new(
                    crate::text::percent(m.probability),
                    (x, y - 4),
                    s.font(13.0)
                        .color(&BLACK)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                ))
                .map_err(chart_error)?;
            }
        }
        style::footnote(
            area,
            s,
            &format!(
                "{} {}  ·  {}",
                s.pick("all targets:", "全部达成："),
                crate::text::percent(r.all_targets_probability),
                s.corner_note(r)
            ),
        )?;
        Ok(())
    }
}
