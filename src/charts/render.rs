//! Draw one chart to SVG and PNG from the same drawing code.

use super::style::SIZE;
use super::typeset::Typeset;
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A drawn chart in both formats.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// File stem, e.g. `fan-ngit_output`.
    pub name: String,
    /// Chart title (for reports).
    pub title: String,
    /// SVG document.
    pub svg: String,
    /// PNG file bytes.
    pub png: Vec<u8>,
}

/// The drawing code of a chart, generic over the backend.
pub trait Draw {
    /// Draw on `area` (already white).
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()>;

    /// Width and height in pixels.
    fn size(&self) -> (u32, u32) {
        SIZE
    }
}

/// Turn a plotters error into ours.
pub fn chart_error<E: std::fmt::Debug>(e: E) -> Error {
    Error::Chart(format!("{e:?}"))
}

/// Render `chart` as SVG and as PNG.
pub fn render(name: String, title: String, chart: &impl Draw) -> Result<Rendered> {
    let mut svg = String::new();
    {
        let area = Typeset::new(SVGBackend::with_string(&mut svg, chart.size()), false)
            .into_drawing_area();
        area.fill(&WHITE).map_err(chart_error)?;
        chart.draw(&area)?;
        area.present().map_err(chart_error)?;
    }
    for (family, css) in super::fonts::CSS_FAMILIES {
        svg = svg.replace(
            &format!("font-family=\"{family}\""),
            &format!("font-family=\"{css}\""),
        );
    }
    let (w, h) = chart.size();
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let area =
            Typeset::new(BitMapBackend::with_buffer(&mut rgb, (w, h)), true).into_drawing_area();
        area.fill(&WHITE).map_err(chart_error)?;
        chart.draw(&area)?;
        area.present().map_err(chart_error)?;
    }
    Ok(Rendered {
        name,
        title,
        svg,
        png: encode_png(&rgb, w, h)?,
    })
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(chart_error)?;
    writer.write_image_data(rgb).map_err(chart_error)?;
    writer.finish().map_err(chart_error)?;
    Ok(out)
}

/// The charts whose names start with `prefix` (e.g. `fan-`), in order.
pub fn with_prefix<'a>(
    charts: &'a [Rendered],
    prefix: &'a str,
) -> impl Iterator<Item = &'a Rendered> + 'a {
    charts.iter().filter(move |c| c.name.starts_with(prefix))
}

/// The chart context of a chart with numbers on both axes.
pub type Chart2d<'a, DB> = plotters::prelude::ChartContext<
    'a,
    DB,
    plotters::prelude::Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >,
>;
