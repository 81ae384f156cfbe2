//! A legend below the plot, in rows that wrap at the chart's width, so no
//! entry is cut off and none covers what is plotted. Each entry is a swatch
//! (the mark it explains) and its text; the chart grows by the legend's height.

use super::render::chart_error;
use super::style::Style;
use super::typeset;
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Font size of legend text.
const FONT: f64 = 16.0;
/// Height of one row of entries.
const ROW: u32 = 24;
/// Width of a swatch and the gap after it.
const SWATCH: i32 = 28;
/// Margin right of a legend under a plot.
const RIGHT: u32 = 18;
/// Gap between entries in a row.
const GAP: i32 = 26;

/// The mark an entry explains.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A filled block (bands, bars).
    Block(RGBColor),
    /// A solid line of the given width.
    Line(RGBColor, u32),
    /// A filled dot.
    Dot(RGBColor),
    /// A cross (targets).
    Cross(RGBColor),
    /// An upward triangle (lower bounds).
    Up(RGBColor),
    /// A downward triangle (upper bounds).
    Down(RGBColor),
}

/// Entries in order; [`Legend::height`] tells how much room they need.
#[derive(Debug, Clone, Default)]
pub struct Legend {
    entries: Vec<(Swatch, String)>,
}

impl Legend {
    /// An empty legend whose entries flow in rows.
    pub fn new() -> Self {
        Legend::default()
    }

    /// Add an entry.
    pub fn add(&mut self, swatch: Swatch, text: impl Into<String>) {
        self.entries.push((swatch, text.into()));
    }

    fn entry_width(s: Style, text: &str) -> i32 {
        let (w, _) = typeset::measure(s.family(), FONT, text).unwrap_or((8 * text.len() as u32, 0));
        SWATCH + w as i32
    }

    /// The entries of each row, for a legend `width` pixels wide.
    fn rows(&self, s: Style, width: u32) -> Vec<Vec<usize>> {
        let mut rows: Vec<Vec<usize>> = Vec::new();
        let mut used = 0;
        for (k, (_, text)) in self.entries.iter().enumerate() {
            let w = Self::entry_width(s, text);
            let fits = used + w <= width as i32;
            match rows.last_mut() {
                Some(row) if fits => row.push(k),
                _ => {
                    rows.push(vec![k]);
                    used = 0;
                }
            }
            used += w + GAP;
        }
        rows
    }

    /// Pixels of height the legend needs at `width`.
    pub fn height(&self, s: Style, width: u32) -> u32 {
        let rows = self.rows(s, width).len() as u32;
        if rows == 0 { 0 } else { rows * ROW + 8 }
    }

    /// The size of a chart whose plot is `plot_height` tall and starts
    /// `left` pixels in, with this legend under it (and room for the
    /// footnote).
    pub fn chart_size(&self, s: Style, plot_height: u32, left: u32) -> (u32, u32) {
        let (w, _) = super::style::SIZE;
        (w, plot_height + self.height(s, w - left - RIGHT) + 24)
    }

    /// Draw the legend under a plot `plot_height` tall, from `left`.
    pub fn draw_under<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        s: Style,
        plot_height: u32,
        left: u32,
    ) -> Result<()> {
        let (w, _) = area.dim_in_pixel();
        self.draw(
            area,
            s,
            (left as i32, plot_height as i32 + 4),
            w - left - RIGHT,
        )
    }

    /// Draw the legend with its top-left corner at `at`, `width` wide.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        s: Style,
        at: (i32, i32),
        width: u32,
    ) -> Result<()> {
        for (r, row) in self.rows(s, width).iter().enumerate() {
            let y = at.1 + r as i32 * ROW as i32 + ROW as i32 / 2;
            let mut x = at.0;
            for &k in row {
                let (swatch, text) = &self.entries[k];
                draw_swatch(area, *swatch, (x, y))?;
                area.draw(&Text::new(
                    text.clone(),
                    (x + SWATCH, y),
                    s.font(FONT)
                        .color(&BLACK)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .map_err(chart_error)?;
                x += Self::entry_width(s, text) + GAP;
            }
        }
        Ok(())
    }
}

/// Draw a swatch whose left edge is at `x`, centred on `y`.
fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    (x, y): (i32, i32),
) -> Result<()> {
    let result = match swatch {
        Swatch::Block(c) => area.draw(&Rectangle::new([(x, y - 7), (x + 20, y + 7)], c.filled())),
        Swatch::Line(c, w) => area.draw(&PathElement::new(
            vec![(x, y), (x + 20, y)],
            c.stroke_width(w),
        )),
        Swatch::Dot(c) => area.draw(&Circle::new((x + 10, y), 6, c.filled())),
        Swatch::Cross(c) => area.draw(&Cross::new((x + 10, y), 6, c.stroke_width(3))),
        Swatch::Up(c) => area.draw(&TriangleMarker::new((x + 10, y), 7, c.filled())),
        Swatch::Down(c) => area.draw(
            &(EmptyElement::at((x + 10, y)) + Polygon::new(super::fan::DOWN_TRIANGLE, c.filled())),
        ),
    };
    result.map_err(chart_error)
}
