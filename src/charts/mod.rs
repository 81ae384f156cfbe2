//! Charts of a run, each as PNG and SVG: a fan chart per indicator, an
//! outcome histogram per target, the target scoreboard and the distribution
//! of how many targets are met.

pub(crate) mod compare;
pub(crate) mod fan;
pub(crate) mod fonts;
pub(crate) mod histogram;
pub(crate) mod layout;
pub(crate) mod legend;
pub mod names;
pub(crate) mod render;
pub(crate) mod scoreboard;
pub(crate) mod sensitivity;
pub(crate) mod style;
pub(crate) mod sweep;
pub(crate) mod targets_met;
pub mod typeset;

use crate::error::Result;
use crate::results::Results;
pub use fonts::{CJK, LATIN};
use render::{Rendered, render};
use std::path::{Path, PathBuf};
pub use style::{Lang, Style};

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct ChartOptions {
    /// Requested language (English when `None`).
    pub lang: Option<Lang>,
    /// A font file for Chinese labels.
    pub font: Option<PathBuf>,
}

/// Decide the style: Chinese only when a CJK font is available. Returns a
/// warning to show when Chinese was asked for and English is used instead.
pub fn resolve(options: &ChartOptions) -> Result<(Style, Option<String>)> {
    fonts::register_latin();
    if options.lang != Some(Lang::Zh) {
        return Ok((Style { lang: Lang::En }, None));
    }
    match fonts::find_cjk(options.font.as_deref())? {
        fonts::CjkFont::Found => Ok((Style { lang: Lang::Zh }, None)),
        fonts::CjkFont::Missing(tried) => Ok((
            Style { lang: Lang::En },
            Some(format!(
                "--lang zh needs a font with Chinese characters and none was found (tried {}); drawing the labels in English instead. Install one (e.g. Debian's fonts-noto-cjk) or pass --font PATH.",
                tried.join(", ")
            )),
        )),
    }
}

/// Draw every chart of a run.
pub fn draw_all(results: &Results, style: Style) -> Result<Vec<Rendered>> {
    let mut charts = Vec::new();
    let board = scoreboard::Scoreboard { results, style };
    charts.push(render("scoreboard".into(), board.title(), &board)?);
    let met = targets_met::TargetsMet { results, style };
    charts.push(render("targets-met".into(), met.title(), &met)?);
    for indicator in &results.indicators {
        let fan = fan::FanChart {
            results,
            indicator,
            style,
            later: &[],
        };
        charts.push(render(format!("fan-{}", indicator.id), fan.title(), &fan)?);
    }
    for target in &results.targets {
        let hist = histogram::OutcomeHistogram {
            results,
            target,
            style,
        };
        charts.push(render(
            format!("histogram-{}", target.id),
            hist.title(),
            &hist,
        )?);
    }
    Ok(charts)
}

/// Write each chart as `DIR/NAME.svg` and `DIR/NAME.png`, all of them as a
/// whole (see [`crate::io::write_files`]).
pub fn write_all(charts: &[Rendered], dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<(String, &[u8])> = Vec::new();
    for chart in charts {
        let stem = file_stem(&chart.name);
        files.push((format!("{stem}.svg"), chart.svg.as_bytes()));
        files.push((format!("{stem}.png"), chart.png.as_slice()));
    }
    crate::io::write_files(dir, &files)
}

/// Ids may hold '@' (e.g. `x@2023`); keep file names portable.
pub fn file_stem(name: &str) -> String {
    name.replace('@', "-")
}
