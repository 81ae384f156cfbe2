//! Grouped bars: each target's probability under each compared scenario.

use super::render::{Draw, chart_error};
use super::style::{self, GREY, Style};
use crate::compare::Comparison;
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Colours of up to eight scenarios (Okabe-Ito, colour-blind safe).
const SCENARIO_COLOURS: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];

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
        (1100, 150 + group * c.rows.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let c = self.comparison;
        let groups = c.rows.len();
        let k = c.scenarios.len();
        let band = 0.84 / k as f64;
        let body = area
            .margin(12, 0, 0, 0)
            .titled(&self.title(), s.font(24.0))
            .map_err(chart_error)?;
        let (_, plot) = body.split_horizontally(LABEL_WIDTH);
        let mut chart = ChartBuilder::on(&plot)
            .margin_top(8)
            .margin_right(56)
            .margin_bottom(24)
            .x_label_area_size(34)
            .build_cartesian_2d(0f64..1.0, -0.5..(groups as f64 - 0.5))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .x_labels(11)
            .x_label_formatter(&|x| format!("{:.0}%", 100.0 * x))
            .label_style(s.font(14.0))
            .draw()
            .map_err(chart_error)?;
        // Group g from the top; within it, scenarios in order from the top.
        let y_of = |g: usize, si: usize| (groups - 1 - g) as f64 + 0.42 - (si as f64 + 0.5) * band;
        for (si, info) in c.scenarios.iter().enumerate() {
            let colour = SCENARIO_COLOURS[si % SCENARIO_COLOURS.len()];
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
            chart
                .draw_series(bars)
                .map_err(chart_error)?
                .label(info.name.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 18, y + 6)], colour.filled())
                });
        }
        for (g, row) in c.rows.iter().enumerate() {
            let (_, y) = chart.backend_coord(&(0.0, (groups - 1 - g) as f64));
            area.draw(&Text::new(
                style::truncate(&row.id, 34),
                (LABEL_WIDTH as i32 - 8, y),
                s.font(14.0)
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(chart_error)?;
            for (si, cell) in row.scenarios.iter().enumerate() {
                if let Some(cell) = cell {
                    let (x, y) = chart.backend_coord(&(cell.probability.max(0.002), y_of(g, si)));
                    area.draw(&Text::new(
                        style::percent(cell.probability),
                        (x + 4, y),
                        s.font(11.0)
                            .color(&GREY)
                            .pos(Pos::new(HPos::Left, VPos::Center)),
                    ))
                    .map_err(chart_error)?;
                }
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(200, 200, 200))
            .label_font(s.font(14.0))
            .draw()
            .map_err(chart_error)?;
        let (w, h) = area.dim_in_pixel();
        area.draw(&Text::new(
            format!(
                "seed {} · {} {}",
                c.seed,
                style::number(c.paths as f64),
                s.pick("paths, the same for every scenario", "条路径（各情景相同）"),
            ),
            (w as i32 - 10, h as i32 - 6),
            s.font(12.0)
                .color(&GREY)
                .pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))
        .map_err(chart_error)?;
        Ok(())
    }
}
