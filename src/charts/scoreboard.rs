//! Target scoreboard: one horizontal bar per target, sorted, with its 95%
//! interval as a whisker, coloured by a traffic light (below 50%, 50-80%,
//! above 80%), and the joint probability of meeting all of them.

use super::layout;
use super::render::{Draw, chart_error};
use super::style::{self, GREY, JOINT, Style, traffic_light};
use crate::error::Result;
use crate::results::Results;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The widest a line of a target label may be before it wraps.
const LABEL_MAX: u32 = 470;
/// Font size of the target labels.
const LABEL_FONT: f64 = 15.0;

/// The scoreboard of a run.
pub struct Scoreboard<'a> {
    /// The run.
    pub results: &'a Results,
    /// Language and fonts.
    pub style: Style,
}

impl Scoreboard<'_> {
    /// Chart title.
    pub fn title(&self) -> String {
        let s = self.style;
        match s.lang {
            style::Lang::En => format!(
                "Probability of meeting each target by {}",
                self.results.target_year
            ),
            style::Lang::Zh => format!("到{}年各目标的达成概率", self.results.target_year),
        }
    }
}

/// A bar: its label, probability, 95% interval and colour.
type Row = (String, f64, [f64; 2], RGBColor);

impl Scoreboard<'_> {
    /// The targets from the most to the least likely, then all together.
    fn rows(&self) -> Vec<Row> {
        let s = self.style;
        let r = self.results;
        let mut rows: Vec<Row> = r
            .targets
            .iter()
            .map(|t| {
                let label = format!(
                    "{} {} {}",
                    s.target_label(r, t),
                    t.op,
                    crate::text::number(t.value)
                );
                (label, t.probability, t.ci95, traffic_light(t.probability))
            })
            .collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        rows.push((
            s.pick("All targets together", "全部目标同时达成")
                .to_string(),
            r.all_targets_probability,
            r.all_targets_ci95,
            JOINT,
        ));
        rows
    }
}

impl Draw for Scoreboard<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.style;
        let r = self.results;
        let rows = self.rows();
        let n = rows.len();
        let title = self.title();
        let texts: Vec<Vec<String>> = rows.iter().map(|r| vec![r.0.clone()]).collect();
        let labels = layout::row_labels(s, LABEL_FONT, &texts, LABEL_MAX);
        layout::probability_rows(
            area,
            s,
            (&title, 24.0),
            labels.width,
            -0.7..(n as f64 - 0.3),
            None,
            |chart| {
                for threshold in [0.5, 0.8] {
                    chart
                        .draw_series(DashedLineSeries::new(
                            vec![(threshold, -0.6), (threshold, n as f64 - 0.4)],
                            5,
                            4,
                            GREY.stroke_width(1),
                        ))
                        .map_err(chart_error)?;
                }
                for (i, (_, p, ci, colour)) in rows.iter().enumerate() {
                    // Top to bottom in sorted order, the joint bar last and apart.
                    let y = (n - 1 - i) as f64 - if i == n - 1 { 0.25 } else { 0.0 };
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(0.0, y - 0.32), (p.max(layout::MIN_BAR), y + 0.32)],
                            colour.filled(),
                        )))
                        .map_err(chart_error)?;
                    // A whisker narrower than the shortest bar would hide it.
                    if ci[1] - ci[0] > 2.0 * layout::MIN_BAR {
                        let whisker = BLACK.stroke_width(2);
                        chart
                            .draw_series([
                                PathElement::new(vec![(ci[0], y), (ci[1], y)], whisker),
                                PathElement::new(
                                    vec![(ci[0], y - 0.15), (ci[0], y + 0.15)],
                                    whisker,
                                ),
                                PathElement::new(
                                    vec![(ci[1], y - 0.15), (ci[1], y + 0.15)],
                                    whisker,
                                ),
                            ])
                            .map_err(chart_error)?;
                    }
                    let (_, ly) = chart.backend_coord(&(0.0, y));
                    layout::draw_row_label(
                        area,
                        s,
                        LABEL_FONT,
                        &labels.lines[i],
                        (labels.width as i32 - 8, ly),
                        &[BLACK],
                    )?;
                    // Value beside the bar, or inside it near the right end.
                    let inside = ci[1] > 0.88;
                    let right = ci[1].max(*p).max(layout::MIN_BAR);
                    let (vx, vy) = chart
                        .backend_coord(&(if inside { ci[0] - 0.01 } else { right + 0.012 }, y));
                    let text_colour = if inside { WHITE } else { BLACK };
                    area.draw(&Text::new(
                        crate::text::percent(*p),
                        (vx, vy),
                        s.font(15.0).color(&text_colour).pos(Pos::new(
                            if inside { HPos::Right } else { HPos::Left },
                            VPos::Center,
                        )),
                    ))
                    .map_err(chart_error)?;
                }
                Ok(())
            },
        )?;
        style::footnote(
            area,
            s,
            &format!(
                "{}  ·  {}",
                s.pick(
                    "red < 50% ≤ amber ≤ 80% < green; whiskers: 95% interval",
                    "红 < 50% ≤ 黄 ≤ 80% < 绿；误差线：95%置信区间"
                ),
                s.corner_note(r)
            ),
        )?;
        Ok(())
    }
}
