//! Grouped bars: each target's probability under each compared scenario.

use super::layout;
use super::legend::{Legend, Swatch};
use super::names::Names;
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
    /// Words for the targets (of the first scenario).
    pub names: &'a Names,
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

/// The widest a line of a target label may be before it wraps.
const LABEL_MAX: u32 = 420;
/// Font size of the target labels.
const LABEL_FONT: f64 = 15.0;
/// Pixels per bar.
const BAR_PX: u32 = 13;

/// Width the legend's rows wrap at.
const LEGEND_WIDTH: u32 = 640;
/// Pixels below the legend, for the footnote.
const LEGEND_BOTTOM: u32 = 22;

impl CompareChart<'_> {
    /// One entry a scenario, in its bars' colour.
    fn legend(&self) -> Legend {
        let mut legend = Legend::new();
        for (si, info) in self.comparison.scenarios.iter().enumerate() {
            legend.add(Swatch::Block(style::series(si)), info.name.clone());
        }
        legend
    }
}

impl Draw for CompareChart<'_> {
    fn size(&self) -> (u32, u32) {
        let c = self.comparison;
        let group = BAR_PX * c.scenarios.len() as u32 + 12;
        let legend = self.legend().height(self.style, LEGEND_WIDTH);
        (1100, 150 + legend + group * c.rows.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let c = self.comparison;
        let groups = c.rows.len();
        let k = c.scenarios.len();
        let band = 0.84 / k as f64;
        let title = self.title();
        let texts: Vec<Vec<String>> = c
            .rows
            .iter()
            .map(|row| {
                vec![if row.id == "all targets" {
                    s.pick("All targets together", "全部目标同时达成")
                        .to_string()
                } else {
                    self.names.target(&row.id, s)
                }]
            })
            .collect();
        let labels = layout::row_labels(s, LABEL_FONT, &texts, LABEL_MAX);
        let label_width = labels.width;
        // The plot stops short of the bottom, leaving a row for the legend.
        layout::probability_rows(
            &area.margin(
                0,
                self.legend().height(s, LEGEND_WIDTH) as i32 + LEGEND_BOTTOM as i32,
                0,
                0,
            ),
            s,
            (&title, 24.0),
            label_width,
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
                                    (cell.probability.max(layout::MIN_BAR), y + band * 0.45),
                                ],
                                colour.filled(),
                            )
                        })
                    });
                    chart.draw_series(bars).map_err(chart_error)?;
                }
                for (g, row) in c.rows.iter().enumerate() {
                    let (_, y) = chart.backend_coord(&(0.0, (groups - 1 - g) as f64));
                    layout::draw_row_label(
                        area,
                        s,
                        LABEL_FONT,
                        &labels.lines[g],
                        (label_width as i32 - 8, y),
                        &[BLACK],
                    )?;
                    for (si, cell) in row.scenarios.iter().enumerate() {
                        if let Some(cell) = cell {
                            let (x, y) = chart.backend_coord(&(
                                cell.probability.max(layout::MIN_BAR),
                                y_of(g, si),
                            ));
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
        let (_, h) = area.dim_in_pixel();
        let legend = self.legend();
        let top = h - LEGEND_BOTTOM - legend.height(s, LEGEND_WIDTH);
        legend.draw(area, s, (label_width as i32, top as i32), LEGEND_WIDTH)?;
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
