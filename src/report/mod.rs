//! A report that carries a whole run: one self-contained HTML file, or
//! Markdown with the charts as PNGs beside it.

pub(crate) mod content;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod summary;
pub(crate) mod words;

use crate::charts::{self, Style};
use crate::error::Result;
use crate::io::write_output;
use crate::model::Model;
use crate::results::Results;
use content::ReportFile;
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
/// `out` is the file name the report's own command writes.
pub fn html_report(
    model: &Model,
    results: &Results,
    style: Style,
    scenario_hash: &str,
    out: &str,
) -> Result<String> {
    let rendered = charts::draw_all(results, style)?;
    let content = content::build(model, results, style, scenario_hash, ReportFile { out });
    let headings = content::Headings::new(style.lang);
    Ok(html::render(&content, &headings, &rendered, style.lang))
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
    let out_name = out.display().to_string();
    let text = if !md {
        html_report(model, results, style, scenario_hash, &out_name)?
    } else {
        let rendered = charts::draw_all(results, style)?;
        let file = ReportFile { out: &out_name };
        let content = content::build(model, results, style, scenario_hash, file);
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
        markdown::render(&content, &headings, &rendered, &dir_name, style.lang)
    };
    write_output(Some(out), text.as_bytes())
}
