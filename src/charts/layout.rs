//! The layout shared by the horizontal-bar charts (scoreboard, compare,
//! tornado): a title, a column for row labels on the left, and a plot with
//! probability (0-100%) across and the rows down.

use super::render::chart_error;
use super::style::{self, Style};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;

/// The chart context the row charts draw on.
pub type RowChart<'a, DB> = super::render::Chart2d<'a, DB>;

/// Lay out `area` and call `draw` with the plot. Row labels are drawn by the
/// caller on `area` at `label_width - 8` pixels, right-aligned.
pub fn probability_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    title: (&str, f64),
    label_width: u32,
    rows: Range<f64>,
    x_desc: Option<&str>,
    draw: impl FnOnce(&mut RowChart<'_, DB>) -> Result<()>,
) -> Result<()> {
    let body = area
        .margin(12, 0, 0, 0)
        .titled(title.0, s.font(title.1))
        .map_err(chart_error)?;
    let (_, plot) = body.split_horizontally(label_width);
    let mut chart = ChartBuilder::on(&plot)
        .margin_top(8)
        .margin_right(56)
        .margin_bottom(22)
        .x_label_area_size(if x_desc.is_some() { 40 } else { 30 })
        .build_cartesian_2d(0f64..1.0, rows)
        .map_err(chart_error)?;
    let mut mesh = chart.configure_mesh();
    mesh.disable_y_mesh()
        .disable_y_axis()
        .light_line_style(TRANSPARENT)
        .bold_line_style(style::GRID)
        .x_labels(11)
        .x_label_formatter(&|x| format!("{:.0}%", 100.0 * x))
        .label_style(s.font(14.0))
        .axis_desc_style(s.font(14.0));
    if let Some(desc) = x_desc {
        mesh.x_desc(desc);
    }
    mesh.draw().map_err(chart_error)?;
    draw(&mut chart)
}
