//! Tornado (the inputs that move a target's probability most, each swung
//! down and up) and spider (the probability across each input's swing).

use super::layout;
use super::render::{Draw, chart_error};
use super::style::{self, Style};
use crate::error::Result;
use crate::whatif::sensitivity::{SPIDER, Sensitivity, TornadoBar};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Inputs shown on a chart.
const SHOWN: usize = 12;
const LABEL_WIDTH: u32 = 440;
const DOWN: RGBColor = RGBColor(213, 94, 0);
const UP: RGBColor = RGBColor(0, 114, 178);

fn footer<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    a: &Sensitivity,
    note: &str,
) -> Result<()> {
    style::footnote(
        area,
        s,
        &format!(
            "{note} · {} · seed {} · {} {}",
            a.scenario,
            a.seed,
            crate::text::number(a.paths as f64),
            s.pick("paths per run", "条路径/次")
        ),
    )
}

/// Tornado chart of one target.
pub struct Tornado<'a> {
    /// The analysis.
    pub analysis: &'a Sensitivity,
    /// Target index.
    pub target: usize,
    /// Language and fonts.
    pub style: Style,
}

impl Tornado<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let id = &self.analysis.targets[self.target];
        match self.style.lang {
            style::Lang::En => format!("What moves P({id}) most"),
            style::Lang::Zh => format!("对 {id} 达成概率影响最大的假设"),
        }
    }
}

impl Draw for Tornado<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let a = self.analysis;
        let t = self.target;
        // Only inputs that move the probability at all.
        let rows: Vec<TornadoBar> = a
            .tornado(t)
            .into_iter()
            .filter(TornadoBar::moves)
            .take(SHOWN)
            .collect();
        // At least six row slots, so a short tornado keeps slim bars.
        let n = rows.len().max(6);
        let base = a.base[t];
        let title = self.title();
        let x_desc = s.pick("probability of meeting the target", "达成概率");
        layout::probability_rows(
            area,
            s,
            (&title, 22.0),
            LABEL_WIDTH,
            -0.6..(n as f64 - 0.4),
            Some(x_desc),
            |chart| {
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(base, -0.6), (base, n as f64 - 0.4)],
                        5,
                        4,
                        BLACK.stroke_width(1),
                    ))
                    .map_err(chart_error)?;
                for (k, bar) in rows.iter().enumerate() {
                    let (i, low, high) = (bar.input, bar.low, bar.high);
                    let y = (n - 1 - k) as f64;
                    for (value, colour) in [(low, DOWN), (high, UP)] {
                        let (a0, a1) = (base.min(value), base.max(value));
                        chart
                            .draw_series(std::iter::once(Rectangle::new(
                                [(a0, y - 0.34), (a1.max(a0 + 0.001), y + 0.34)],
                                colour.filled(),
                            )))
                            .map_err(chart_error)?;
                    }
                    let input = &a.inputs[i];
                    let (_, ly) = chart.backend_coord(&(0.0, y));
                    area.draw(&Text::new(
                        format!(
                            "{}  [{} .. {}]",
                            crate::text::truncate(&input.key, 38),
                            crate::text::short(input.values[0]),
                            crate::text::short(input.values[SPIDER.len() - 1])
                        ),
                        (LABEL_WIDTH as i32 - 8, ly),
                        s.font(13.0)
                            .color(&BLACK)
                            .pos(Pos::new(HPos::Right, VPos::Center)),
                    ))
                    .map_err(chart_error)?;
                }
                Ok(())
            },
        )?;
        footer(
            area,
            s,
            a,
            s.pick(
                "orange: input swung down, blue: up; dashed: base",
                "橙：下调，蓝：上调；虚线：基准",
            ),
        )
    }
}

/// Spider chart of one target.
pub struct Spider<'a> {
    /// The analysis.
    pub analysis: &'a Sensitivity,
    /// Target index.
    pub target: usize,
    /// Language and fonts.
    pub style: Style,
}

impl Spider<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let id = &self.analysis.targets[self.target];
        match self.style.lang {
            style::Lang::En => format!("P({id}) across each input's swing"),
            style::Lang::Zh => format!("{id} 达成概率随各假设的变化"),
        }
    }
}

impl Draw for Spider<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let a = self.analysis;
        let t = self.target;
        let rows: Vec<usize> = a
            .tornado(t)
            .into_iter()
            .filter(TornadoBar::moves)
            .take(8)
            .map(|r| r.input)
            .collect();
        let mut chart = ChartBuilder::on(area)
            .caption(self.title(), s.font(22.0))
            .margin(18)
            .margin_right(330)
            .x_label_area_size(46)
            .y_label_area_size(60)
            .build_cartesian_2d(-1.1f64..1.1, 0.0..1.02)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .x_labels(5)
            .x_label_formatter(&|x| format!("{:+.0}%", 100.0 * x))
            .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
            .x_desc(s.pick(
                "share of the swing (means: sd; others: the stated %)",
                "调整幅度（均值按标准差，其余按百分比）",
            ))
            .y_desc(s.pick("probability of meeting the target", "达成概率"))
            .label_style(s.font(13.0))
            .axis_desc_style(s.font(14.0))
            .draw()
            .map_err(chart_error)?;
        let (right, top) = chart.backend_coord(&(1.1, 1.02));
        for (k, &i) in rows.iter().enumerate() {
            let colour = style::series(k);
            let input = &a.inputs[i];
            let line: Vec<(f64, f64)> = SPIDER
                .iter()
                .zip(&input.probabilities)
                .filter_map(|(&f, p)| p.as_ref().map(|v| (f, v[t])))
                .collect();
            chart
                .draw_series(LineSeries::new(line.clone(), colour.stroke_width(2)))
                .map_err(chart_error)?;
            chart
                .draw_series(line.iter().map(|&p| Circle::new(p, 3, colour.filled())))
                .map_err(chart_error)?;
            let y = top + 12 + 20 * k as i32;
            area.draw(&PathElement::new(
                vec![(right + 16, y), (right + 36, y)],
                colour.stroke_width(3),
            ))
            .map_err(chart_error)?;
            area.draw(&Text::new(
                crate::text::truncate(&input.key, 40),
                (right + 42, y),
                s.font(13.0)
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(chart_error)?;
        }
        footer(
            area,
            s,
            a,
            s.pick(
                "up to eight inputs with the widest effect",
                "影响最大的至多八个假设",
            ),
        )
    }
}
