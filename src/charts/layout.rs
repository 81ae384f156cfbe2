//! The layout shared by the horizontal-bar charts (scoreboard, compare,
//! tornado): a title, a column for row labels on the left, and a plot with
//! probability (0-100%) across and the rows down.

use super::render::chart_error;
use super::style::{self, Style};
use super::typeset;
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

/// Bars are never drawn narrower than this share of the axis, so a
/// probability near 0 still shows its colour.
pub const MIN_BAR: f64 = 0.006;

/// Row labels wrapped to fit a column, and the column's width.
#[derive(Debug, Clone)]
pub struct RowLabels {
    /// The lines of each label.
    pub lines: Vec<Vec<String>>,
    /// Pixels for the column, its right margin included.
    pub width: u32,
}

/// Wrap each label to lines of at most `max` pixels at font `size` (at
/// spaces, or between any two characters of Chinese), and size the column
/// to the widest line.
pub fn row_labels(s: Style, size: f64, labels: &[Vec<String>], max: u32) -> RowLabels {
    let width_of = |t: &str| typeset::measure(s.family(), size, t).map_or(0, |(w, _)| w);
    let lines: Vec<Vec<String>> = labels
        .iter()
        .map(|parts| parts.iter().flat_map(|p| wrap(p, max, &width_of)).collect())
        .collect();
    let widest = lines
        .iter()
        .flatten()
        .map(|l| width_of(l))
        .max()
        .unwrap_or(0);
    RowLabels {
        lines,
        width: widest + 24,
    }
}

/// Break `text` into lines no wider than `max` pixels.
fn wrap(text: &str, max: u32, width_of: &dyn Fn(&str) -> u32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let spaced = text.contains(' ') && text.is_ascii();
    let pieces: Vec<String> = if spaced {
        text.split(' ').map(str::to_string).collect()
    } else {
        text.chars().map(String::from).collect()
    };
    let joiner = if spaced { " " } else { "" };
    for piece in pieces {
        let candidate = if line.is_empty() {
            piece.clone()
        } else {
            format!("{line}{joiner}{piece}")
        };
        if width_of(&candidate) > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = piece;
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draw a row label's lines right-aligned at `x`, centred on `y`.
pub fn draw_row_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    size: f64,
    lines: &[String],
    (x, y): (i32, i32),
    colours: &[RGBColor],
) -> Result<()> {
    let step = (size * 1.15) as i32;
    let top = y - step * (lines.len() as i32 - 1) / 2;
    for (k, line) in lines.iter().enumerate() {
        let colour = colours.get(k).or(colours.last()).copied().unwrap_or(BLACK);
        area.draw(&Text::new(
            line.clone(),
            (x, top + step * k as i32),
            s.font(size)
                .color(&colour)
                .pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Right,
                    plotters::style::text_anchor::VPos::Center,
                )),
        ))
        .map_err(chart_error)?;
    }
    Ok(())
}
