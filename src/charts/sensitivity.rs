//! Tornado (the inputs that move a target's probability most, each swung
//! down and up) and spider (the probability across each input's swing).

use super::layout;
use super::legend::{Legend, Swatch};
use super::names::{self, Names};
use super::render::{Draw, chart_error};
use super::style::{self, Style};
use crate::error::Result;
use crate::whatif::sensitivity::{SPIDER, Sensitivity, TornadoBar};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Inputs shown on a chart.
const SHOWN: usize = 12;
/// The widest a line of an input's label may be before it wraps.
const LABEL_MAX: u32 = 400;
/// Font size of the inputs' labels.
const LABEL_FONT: f64 = 15.0;
/// Pixels a tornado gives each input, and to its title, axis and notes.
const ROW_PX: u32 = 64;
const FRAME_PX: u32 = 150;
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
    /// Words for the targets and inputs.
    pub names: &'a Names,
    /// Target index.
    pub target: usize,
    /// Language and fonts.
    pub style: Style,
}

impl Tornado<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let target = self
            .names
            .target(&self.analysis.targets[self.target], self.style);
        match self.style.lang {
            style::Lang::En => format!("What moves the odds of {target} most"),
            style::Lang::Zh => format!("对“{target}”达成概率影响最大的假设"),
        }
    }
}

impl Tornado<'_> {
    /// The inputs that move the probability at all, widest effect first.
    fn rows(&self) -> Vec<TornadoBar> {
        self.analysis
            .tornado(self.target)
            .into_iter()
            .filter(TornadoBar::moves)
            .take(SHOWN)
            .collect()
    }
}

impl Draw for Tornado<'_> {
    fn size(&self) -> (u32, u32) {
        let (w, _) = style::SIZE;
        (w, FRAME_PX + ROW_PX * self.rows().len().max(1) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let a = self.analysis;
        let t = self.target;
        let rows = self.rows();
        let n = rows.len().max(1);
        let base = a.base[t];
        let title = self.title();
        let x_desc = s.pick("probability of meeting the target", "达成概率");
        let texts: Vec<Vec<String>> = rows
            .iter()
            .map(|bar| {
                let input = &a.inputs[bar.input];
                let value = |v: f64| names::param_value(&input.key, v);
                vec![
                    self.names.param(&input.key, s),
                    format!(
                        "{} .. {}",
                        value(input.values[0]),
                        value(input.values[SPIDER.len() - 1])
                    ),
                ]
            })
            .collect();
        let labels = layout::row_labels(s, LABEL_FONT, &texts, LABEL_MAX);
        layout::probability_rows(
            area,
            s,
            (&title, 22.0),
            labels.width,
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
                    let (low, high) = (bar.low, bar.high);
                    let y = (n - 1 - k) as f64;
                    for (value, colour) in [(low, DOWN), (high, UP)] {
                        let (a0, a1) = (base.min(value), base.max(value));
                        chart
                            .draw_series(std::iter::once(Rectangle::new(
                                [(a0, y - 0.3), (a1.max(a0 + 0.001), y + 0.3)],
                                colour.filled(),
                            )))
                            .map_err(chart_error)?;
                    }
                    let (_, ly) = chart.backend_coord(&(0.0, y));
                    let lines = &labels.lines[k];
                    // The name in black, the swung range under it in grey.
                    let mut colours = vec![BLACK; lines.len() - 1];
                    colours.push(style::GREY_TEXT);
                    layout::draw_row_label(
                        area,
                        s,
                        LABEL_FONT,
                        lines,
                        (labels.width as i32 - 8, ly),
                        &colours,
                    )?;
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
    /// Words for the targets and inputs.
    pub names: &'a Names,
    /// Target index.
    pub target: usize,
    /// Language and fonts.
    pub style: Style,
}

impl Spider<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let target = self
            .names
            .target(&self.analysis.targets[self.target], self.style);
        match self.style.lang {
            style::Lang::En => format!("Odds of {target} across each input's swing"),
            style::Lang::Zh => format!("“{target}”达成概率随各假设的变化"),
        }
    }
}

impl Spider<'_> {
    /// Up to eight inputs with the widest effect.
    fn rows(&self) -> Vec<usize> {
        self.analysis
            .tornado(self.target)
            .into_iter()
            .filter(TornadoBar::moves)
            .take(8)
            .map(|r| r.input)
            .collect()
    }

    fn legend(&self) -> Legend {
        let mut legend = Legend::new();
        for (k, &i) in self.rows().iter().enumerate() {
            let input = &self.analysis.inputs[i];
            legend.add(
                Swatch::Line(style::series(k), 3),
                self.names.param(&input.key, self.style),
            );
        }
        legend
    }
}

/// Height of a spider's plot above its legend.
const SPIDER_PLOT: u32 = 600;
/// Left edge of a spider's plot and legend.
const SPIDER_LEFT: u32 = 78;

impl Draw for Spider<'_> {
    fn size(&self) -> (u32, u32) {
        self.legend()
            .chart_size(self.style, SPIDER_PLOT, SPIDER_LEFT)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let a = self.analysis;
        let t = self.target;
        let rows = self.rows();
        let (plot, _) = area.split_vertically(SPIDER_PLOT);
        let mut chart = ChartBuilder::on(&plot)
            .caption(self.title(), s.font(22.0))
            .margin(18)
            .margin_bottom(0)
            .x_label_area_size(46)
            .y_label_area_size(SPIDER_LEFT - 18)
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
            .label_style(s.font(14.0))
            .axis_desc_style(s.font(15.0))
            .draw()
            .map_err(chart_error)?;
        for (k, &i) in rows.iter().enumerate() {
            let colour = style::series(k);
            let line: Vec<(f64, f64)> = SPIDER
                .iter()
                .enumerate()
                .filter_map(|(p, &f)| a.from_base(i, p, t).map(|v| (f, v)))
                .collect();
            chart
                .draw_series(LineSeries::new(line.clone(), colour.stroke_width(2)))
                .map_err(chart_error)?;
            chart
                .draw_series(line.iter().map(|&p| Circle::new(p, 3, colour.filled())))
                .map_err(chart_error)?;
        }
        self.legend()
            .draw_under(area, s, SPIDER_PLOT, SPIDER_LEFT)?;
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
