//! Grouped bars: each target's probability under each compared scenario.

use super::layout;
use super::render::{Draw, chart_error};
use super::style::{self, GREY, Style};
use crate::error::Result;
use crate::whatif::compare::Comparison;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The comparison chart.
pub struct CompareChart<'a> {
    /// The comparison.
    pub comparison: &'a Comparison,
    /// Language and fonts.
    pub style: Style,
}

impl CompareChart<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        self.style
            .pick(
                "Probability of each target by scenario",
                "各情景下的目标达成概率",
            )
            .to_string()
    }
}

/// Pixels for the target labels left of the bars.
const LABEL_WIDTH: u32 = 300;
/// Pixels per bar.
const BAR_PX: u32 = 13;

impl Draw for CompareChart<'_> {
    fn size(&self) -> (u32, u32) {
        let c = self.comparison;
        let group = BAR_PX * c.scenarios.len() as u32 + 12;
        (1100, 180 + group * c.rows.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let c = self.comparison;
        let groups = c.rows.len();
        let k = c.scenarios.len();
        let band = 0.84 / k as f64;
        let title = self.title();
        // The plot stops short of the bottom, leaving a row for the legend.
        layout::probability_rows(
            &area.margin(0, 36, 0, 0),
            s,
            (&title, 24.0),
            LABEL_WIDTH,
            -0.5..(groups as f64 - 0.5),
            None,
            |chart| {
                // Group g from the top; within it, scenarios in order from the top.
                let y_of =
                    |g: usize, si: usize| (groups - 1 - g) as f64 + 0.42 - (si as f64 + 0.5) * band;
                for si in 0..c.scenarios.len() {
                    let colour = style::series(si);
                    let bars = c.rows.iter().enumerate().filter_map(move |(g, row)| {
                        row.scenarios[si].as_ref().map(|cell| {
                            let y = y_of(g, si);
                            Rectangle::new(
                                [
                                    (0.0, y - band * 0.45),
                                    (cell.probability.max(0.002), y + band * 0.45),
                                ],
                                colour.filled(),
                            )
                        })
                    });
                    chart.draw_series(bars).map_err(chart_error)?;
                }
                for (g, row) in c.rows.iter().enumerate() {
                    let (_, y) = chart.backend_coord(&(0.0, (groups - 1 - g) as f64));
                    area.draw(&Text::new(
                        crate::text::truncate(&row.id, 34),
                        (LABEL_WIDTH as i32 - 8, y),
                        s.font(14.0)
                            .color(&BLACK)
                            .pos(Pos::new(HPos::Right, VPos::Center)),
                    ))
                    .map_err(chart_error)?;
                    for (si, cell) in row.scenarios.iter().enumerate() {
                        if let Some(cell) = cell {
                            let (x, y) =
                                chart.backend_coord(&(cell.probability.max(0.002), y_of(g, si)));
                            area.draw(&Text::new(
                                crate::text::percent(cell.probability),
                                (x + 4, y),
                                s.font(11.0)
                                    .color(&GREY)
                                    .pos(Pos::new(HPos::Left, VPos::Center)),
                            ))
                            .map_err(chart_error)?;
                        }
                    }
                }
                Ok(())
            },
        )?;
        // Legend: one row under the plot.
        let (_, h) = area.dim_in_pixel();
        let mut x = LABEL_WIDTH as i32;
        for (si, info) in c.scenarios.iter().enumerate() {
            let colour = style::series(si);
            let y = h as i32 - 34;
            area.draw(&Rectangle::new(
                [(x, y - 6), (x + 18, y + 6)],
                colour.filled(),
            ))
            .map_err(chart_error)?;
            let name = crate::text::truncate(&info.name, 28);
            area.draw(&Text::new(
                name.clone(),
                (x + 24, y),
                s.font(14.0)
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(chart_error)?;
            let (tw, _) = area
                .estimate_text_size(&name, &s.font(14.0).color(&BLACK))
                .map_err(chart_error)?;
            x += 24 + tw as i32 + 28;
        }
        style::footnote(
            area,
            s,
            &format!(
                "seed {} · {} {}",
                c.seed,
                crate::text::number(c.paths as f64),
                s.pick("paths, the same for every scenario", "条路径（各情景相同）"),
            ),
        )?;
        Ok(())
    }
}
