//! What every chart shares: language, fonts, colours and the words drawn
//! on the charts. Numbers are formatted by [`crate::text`].

use crate::results::{IndicatorResult, Results, TargetResult};
use crate::text::{number, percent};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, RGBColor};

/// Chart width and height in pixels (and SVG user units).
pub const SIZE: (u32, u32) = (1100, 640);

/// Band colours of a fan chart, outermost (90%) to innermost (50%), in the
/// Bank of England manner: one hue, darker toward the centre.
pub const BANDS: [RGBColor; 3] = [
    RGBColor(203, 219, 238),
    RGBColor(150, 182, 221),
    RGBColor(86, 131, 194),
];
/// Median line.
pub const MEDIAN: RGBColor = RGBColor(24, 62, 122);
/// Observed history.
pub const HISTORY: RGBColor = RGBColor(20, 20, 20);
/// Target markers and lines.
pub const TARGET: RGBColor = RGBColor(200, 40, 40);
/// Traffic light: below 50%, 50-80%, above 80% (colour-blind safe tones).
pub const RED: RGBColor = RGBColor(213, 62, 79);
/// Amber.
pub const AMBER: RGBColor = RGBColor(244, 165, 66);
/// Green.
pub const GREEN: RGBColor = RGBColor(26, 152, 80);
/// Neutral bars and notes.
pub const GREY: RGBColor = RGBColor(150, 150, 150);
/// Secondary text, dark enough to read at small sizes.
pub const GREY_TEXT: RGBColor = RGBColor(100, 100, 100);
/// Colours of series (scenarios, targets, inputs): Okabe-Ito's colour-blind
/// safe eight, then four more; cycled past twelve.
pub const SERIES: [RGBColor; 12] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(120, 120, 120),
    RGBColor(0, 0, 0),
    RGBColor(140, 86, 75),
    RGBColor(148, 103, 189),
    RGBColor(23, 190, 207),
    RGBColor(188, 189, 34),
];

/// The colour of series number `k`.
pub fn series(k: usize) -> RGBColor {
    SERIES[k % SERIES.len()]
}

/// Joint probability bar.
pub const JOINT: RGBColor = RGBColor(90, 90, 140);

pub use crate::text::Lang;

/// Language and font in effect for one set of charts.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// The language labels are drawn in.
    pub lang: Lang,
}

impl Style {
    /// The font family for this language.
    pub fn family(&self) -> &'static str {
        match self.lang {
            Lang::En => super::fonts::LATIN,
            Lang::Zh => super::fonts::CJK,
        }
    }

    /// A font of `size` pixels.
    pub fn font(&self, size: f64) -> FontDesc<'static> {
        FontDesc::new(
            FontFamily::Name(self.family()),
            size,
            plotters::style::FontStyle::Normal,
        )
    }

    /// English or Chinese text.
    pub fn pick<'a>(&self, en: &'a str, zh: &'a str) -> &'a str {
        match self.lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// An indicator's label in the chart language.
    pub fn label<'a>(&self, ind: &'a IndicatorResult) -> &'a str {
        match (self.lang, &ind.label_zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => &ind.label,
        }
    }

    /// A target's label: its indicator's label in the chart language.
    pub fn target_label<'a>(&self, results: &'a Results, t: &'a TargetResult) -> &'a str {
        results
            .indicators
            .iter()
            .find(|i| i.id == t.indicator)
            .map_or(&t.label, |i| self.label(i))
    }

    /// A unit spelled out for an axis.
    pub fn unit(&self, unit: Option<&str>) -> String {
        let u = unit.unwrap_or("");
        let (en, zh) = match u {
            "100m_yuan" => ("100 million yuan", "亿元"),
            "10k_yuan" => ("10,000 yuan", "万元"),
            "yuan" => ("yuan", "元"),
            "firms" => ("firms", "家"),
            "institutions" => ("institutions", "家"),
            other => (other, other),
        };
        self.pick(en, zh).to_string()
    }

    /// The run's identification for a chart corner.
    pub fn corner_note(&self, r: &Results) -> String {
        format!(
            "{} · seed {} · {} {}",
            r.scenario,
            r.seed,
            number(r.paths as f64),
            self.pick("paths", "条路径")
        )
    }
}

/// Traffic-light colour of a probability.
pub fn traffic_light(p: f64) -> RGBColor {
    if p < 0.5 {
        RED
    } else if p <= 0.8 {
        AMBER
    } else {
        GREEN
    }
}

/// Major grid lines.
pub const GRID: RGBColor = RGBColor(228, 228, 228);

/// Small grey text in the bottom-right corner: the run's identification.
pub fn footnote<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Style,
    text: &str,
) -> crate::error::Result<()> {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(
        text.to_string(),
        (w as i32 - 10, h as i32 - 6),
        s.font(12.0)
            .color(&GREY)
            .pos(Pos::new(HPos::Right, VPos::Bottom)),
    ))
    .map_err(super::render::chart_error)
}

impl Style {
    /// `P(met) = 88.7%`, or `P(met) <0.1%` when the percentage carries its own sign.
    pub fn p_met(&self, p: f64) -> String {
        let pct = percent(p);
        let name = self.pick("P(met)", "达成概率");
        if pct.starts_with('<') || pct.starts_with('>') {
            format!("{name} {pct}")
        } else {
            format!("{name} = {pct}")
        }
    }
}
