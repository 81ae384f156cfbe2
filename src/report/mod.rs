//! A report that carries a whole run: one self-contained HTML file, or
//! Markdown with the charts as PNGs beside it.

pub(crate) mod content;
pub(crate) mod html;
pub(crate) mod markdown;

use crate::charts::{self, Lang, Style};
use crate::error::Result;
use crate::io::write_output;
use crate::model::Model;
use crate::results::Results;
use std::path::Path;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One HTML file with inline SVG charts.
    Html,
    /// Markdown with PNG charts in a folder beside it.
    Md,
    /// An Excel workbook: the run's sheets with native charts.
    Xlsx,
}

/// The HTML report of a run: one self-contained page, charts inline.
pub fn html_report(
    model: &Model,
    results: &Results,
    style: Style,
    scenario_hash: &str,
) -> Result<String> {
    let rendered = charts::draw_all(results, style)?;
    let content = content::build(model, results, style, scenario_hash);
    let headings = content::Headings::new(style.lang);
    let lang = match style.lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    };
    Ok(html::render(&content, &headings, &rendered, lang))
}

/// Write the report of a run to `out`.
pub fn write(
    model: &Model,
    results: &Results,
    style: Style,
    scenario_hash: &str,
    format: ReportFormat,
    out: &Path,
) -> Result<()> {
    let md = match format {
        ReportFormat::Xlsx => {
            let workbook = crate::output::Format::Xlsx.export(results, style.lang)?;
            return write_output(Some(out), &workbook);
        }
        ReportFormat::Html => false,
        ReportFormat::Md => true,
    };
    let text = if !md {
        html_report(model, results, style, scenario_hash)?
    } else {
        let rendered = charts::draw_all(results, style)?;
        let content = content::build(model, results, style, scenario_hash);
        let headings = content::Headings::new(style.lang);
        let stem = out
            .file_stem()
            .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
        let dir_name = format!("{stem}-charts");
        let dir = out.parent().unwrap_or(Path::new("")).join(&dir_name);
        let pngs: Vec<(String, &[u8])> = rendered
            .iter()
            .map(|c| {
                (
                    format!("{}.png", charts::file_stem(&c.name)),
                    c.png.as_slice(),
                )
            })
            .collect();
        crate::io::write_files(&dir, &pngs)?;
        markdown::render(&content, &headings, &rendered, &dir_name)
    };
    write_output(Some(out), text.as_bytes())
}
