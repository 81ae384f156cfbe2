//! Native Excel charts of a sheet's rows. Simple charts read the sheet's
//! cells directly; a fan's stacked bands need the differences between
//! percentiles, which a hidden "chart data" sheet holds as formulas over
//! the visible cells (so an edited percentile moves its chart).

use super::super::{Cell, Chart, ChartKind, NumberFormat, Sheet};
use super::{col, row_number, unique_name, words};
use crate::text::Lang;
use rust_xlsxwriter::{
    Chart as XlChart, ChartAxisCrossing, ChartFormat, ChartLegendPosition, ChartLine,
    ChartLineDashType, ChartMarker, ChartMarkerType, ChartPoint, ChartSolidFill, ChartType, Color,
    Formula, Workbook, Worksheet, XlsxError,
};

/// More charts than this go on a sheet of their own instead of with the table.
const WITH_TABLE: usize = 3;
/// Charts go beside a table of at most this many columns, below a wider one.
const NARROW: usize = 6;
/// Chart size in pixels.
const WIDTH: u32 = 600;
const HEIGHT: u32 = 340;
/// Pixels per bar of a bar chart, enough for its label.
const BAR_HEIGHT: u32 = 34;
/// Rows and columns one chart takes on a sheet of charts.
const ROWS_PER_CHART: u32 = 18;
const COLUMNS_PER_CHART: u16 = 10;

const RED: u32 = 0xD53E4F;
const AMBER: u32 = 0xF4A542;
const GREEN: u32 = 0x1A9850;
const BLUE: u32 = 0x2B6CB0;
const BAND_OUTER: u32 = 0xC6DBEF;
const BAND_INNER: u32 = 0x7FAEDB;

/// The hidden sheet's blocks: per fan, a header row and one row per year.
#[derive(Default)]
pub(super) struct ChartData {
    rows: Vec<Vec<DataCell>>,
}

enum DataCell {
    Text(String),
    /// A formula and the value it has when written.
    Formula(String, f64),
    Number(f64),
}

impl ChartData {
    pub(super) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Write the blocks into `ws`, hidden.
    pub(super) fn write(&self, ws: &mut Worksheet, name: &str) -> Result<(), XlsxError> {
        ws.set_name(name)?;
        for (r, row) in self.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (row_number(r), col(c));
                match cell {
                    DataCell::Text(s) => ws.write_string(r, c, s).map(|_| ())?,
                    DataCell::Number(x) => ws.write_number(r, c, *x).map(|_| ())?,
                    DataCell::Formula(f, x) => ws
                        .write_formula(r, c, Formula::new(f).set_result(x.to_string()))
                        .map(|_| ())?,
                }
            }
        }
        ws.set_hidden(true);
        Ok(())
    }
}

/// Put the sheet's charts beside its table, or on a sheet of their own
/// when there are many (a fan per indicator).
pub(super) fn place(
    book: &mut Workbook,
    sheet: &Sheet,
    name: &str,
    used: &mut Vec<String>,
    data: &mut ChartData,
    lang: Lang,
) -> Result<(), XlsxError> {
    let charts: Vec<XlChart> = sheet
        .charts
        .iter()
        .map(|c| build(c, sheet, name, data, lang))
        .collect();
    if charts.len() <= WITH_TABLE {
        let ws = book.worksheet_from_name(name)?;
        let (row, column) = if sheet.columns.len() <= NARROW {
            (1, col(sheet.columns.len() + 1))
        } else {
            (row_number(sheet.rows.len() + 3), 1)
        };
        // Charts beside or below a table go one under another, each
        // below the last one's rows (a tall bar chart takes more).
        let mut at = row;
        for (chart, spec) in charts.iter().zip(&sheet.charts) {
            ws.insert_chart(at, column, chart)?;
            at += ROWS_PER_CHART.max(6 + row_number(spec.rows.len()) * BAR_HEIGHT / 20);
        }
        return Ok(());
    }
    let own = format!(
        "{name} {}",
        words::sheet_name("charts", lang).to_lowercase()
    );
    let ws = book.add_worksheet();
    ws.set_name(unique_name(&own, used))?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    for (k, chart) in charts.iter().enumerate() {
        let (r, c) = (k / 2, k % 2);
        ws.insert_chart(
            1 + ROWS_PER_CHART * r as u32,
            1 + COLUMNS_PER_CHART * c as u16,
            chart,
        )?;
    }
    Ok(())
}

/// One chart, titled and sized.
fn build(chart: &Chart, sheet: &Sheet, name: &str, data: &mut ChartData, lang: Lang) -> XlChart {
    let mut xl = match &chart.kind {
        ChartKind::Fan { target } => fan(chart, sheet, name, *target, data, lang),
        _ => simple(chart, sheet, name),
    };
    let title = if lang == Lang::Zh && !chart.title_zh.is_empty() {
        &chart.title_zh
    } else {
        &chart.title
    };
    xl.title().set_name(title);
    xl.legend().set_position(ChartLegendPosition::Bottom);
    if chart.series.len() == 1 {
        xl.legend().set_hidden();
    }
    // A bar per row, each tall enough for its label.
    let bars = matches!(chart.kind, ChartKind::Bars | ChartKind::Tornado);
    let (width, height) = if bars {
        (
            WIDTH + 160,
            HEIGHT.max(100 + BAR_HEIGHT * row_number(chart.rows.len())),
        )
    } else {
        (WIDTH, HEIGHT)
    };
    xl.set_width(width).set_height(height);
    // A bar chart's value axis is its horizontal (x) axis, and its
    // categories read bottom-up unless reversed.
    if bars {
        // Reversed categories put the value axis on top; cross at the
        // last category to keep it at the bottom.
        xl.y_axis()
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max);
    }
    let values = if bars { xl.x_axis() } else { xl.y_axis() };
    if matches!(
        chart.values,
        NumberFormat::Probability | NumberFormat::Percent
    ) {
        values.set_num_format("0%");
    }
    if chart.values == NumberFormat::Probability {
        values.set_min(0.0).set_max(1.0);
    }
    xl
}

/// The rows a chart covers, as sheet rows (the header is row 0).
fn span(chart: &Chart) -> (u32, u32) {
    let first = row_number(chart.rows.start + 1);
    (first, row_number(chart.rows.end.max(chart.rows.start + 1)))
}

/// Columns, bars, a tornado or lines straight from the sheet's cells.
fn simple(chart: &Chart, sheet: &Sheet, name: &str) -> XlChart {
    let (first, last) = span(chart);
    let mut xl = XlChart::new(match chart.kind {
        ChartKind::Columns => ChartType::Column,
        ChartKind::Lines => ChartType::Line,
        _ => ChartType::Bar,
    });
    for (k, &c) in chart.series.iter().enumerate() {
        let series = xl
            .add_series()
            .set_name((name, 0, col(c)))
            .set_categories((
                name,
                first,
                col(chart.categories),
                last,
                col(chart.categories),
            ))
            .set_values((name, first, col(c), last, col(c)));
        if chart.kind == ChartKind::Tornado {
            series.set_overlap(100).set_gap(40);
            let colour = if k == 0 { RED } else { GREEN };
            series.set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(colour)),
            );
        } else if chart.values == NumberFormat::Probability && chart.series.len() == 1 {
            series.set_points(&traffic_lights(sheet, chart, c));
        }
        if chart.kind == ChartKind::Lines {
            series.set_marker(ChartMarker::new().set_type(ChartMarkerType::Circle));
        }
    }
    xl
}

/// Each bar of a single probability series in the charts' red, amber or green.
fn traffic_lights(sheet: &Sheet, chart: &Chart, c: usize) -> Vec<ChartPoint> {
    sheet.rows[chart.rows.clone()]
        .iter()
        .map(|row| {
            let p = match row.get(c) {
                Some(Cell::Number(p)) => *p,
                _ => 0.0,
            };
            let colour = if p < 0.5 {
                RED
            } else if p <= 0.8 {
                AMBER
            } else {
                GREEN
            };
            ChartPoint::new().set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(colour)),
            )
        })
        .collect()
}

/// A fan: stacked areas from the 5th percentile (invisible) through the
/// 25th-75th band to the 95th, with the median and the target as lines.
fn fan(
    chart: &Chart,
    sheet: &Sheet,
    name: &str,
    target: Option<f64>,
    data: &mut ChartData,
    lang: Lang,
) -> XlChart {
    let block = fan_block(chart, sheet, name, target, data, lang);
    let data_name = words::sheet_name("chart data", lang);
    let (first, last) = (block.first, block.first + block.years - 1);
    let range = |c: u16| (data_name.as_str(), first, c, last, c);
    let mut areas = XlChart::new(ChartType::AreaStacked);
    let fills = [None, Some(BAND_OUTER), Some(BAND_INNER), Some(BAND_OUTER)];
    for (k, fill) in fills.iter().enumerate() {
        let c = 1 + k as u16;
        let series = areas
            .add_series()
            .set_name((data_name.as_str(), block.first - 1, c))
            .set_categories(range(0))
            .set_values(range(c));
        let mut format = ChartFormat::new();
        match fill {
            None => format.set_no_fill().set_no_line(),
            Some(colour) => format
                .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(*colour)))
                .set_no_line(),
        };
        series.set_format(&mut format);
    }
    let mut lines = XlChart::new(ChartType::Line);
    lines
        .add_series()
        .set_name((data_name.as_str(), block.first - 1, 5))
        .set_categories(range(0))
        .set_values(range(5))
        .set_format(
            ChartFormat::new()
                .set_line(ChartLine::new().set_color(Color::RGB(BLUE)).set_width(2.25)),
        );
    if target.is_some() {
        lines
            .add_series()
            .set_name((data_name.as_str(), block.first - 1, 6))
            .set_categories(range(0))
            .set_values(range(6))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(Color::RGB(RED))
                        .set_width(1.5)
                        .set_dash_type(ChartLineDashType::Dash),
                ),
            );
    }
    areas.combine(&lines);
    areas.y_axis().set_min(block.floor);
    // The base under the bands and the upper outer band (named like the
    // lower one) need no legend entries.
    areas.legend().delete_entries(&[0, 3]);
    areas
}

/// Where a fan's rows went in the chart data sheet.
struct Block {
    /// Its first year's row.
    first: u32,
    years: u32,
    /// A round value axis minimum below every band and the target.
    floor: f64,
}

/// Write a fan's rows (year, 5th percentile, the three band widths, the
/// median, the target) into the chart data, as formulas over the sheet.
fn fan_block(
    chart: &Chart,
    sheet: &Sheet,
    name: &str,
    target: Option<f64>,
    data: &mut ChartData,
    lang: Lang,
) -> Block {
    let [p5, p25, p50, p75, p95] = [0, 1, 2, 3, 4].map(|k| chart.series[k]);
    let headers = ["year", "p5", "p25", "p75", "p95", "median", "target"];
    let mut header: Vec<DataCell> = headers
        .iter()
        .map(|h| DataCell::Text(words::header(h, lang)))
        .collect();
    // The two outer bands share a name (the legend shows the lower one).
    header[2] = DataCell::Text(words::header("5th-95th percentile", lang));
    header[3] = DataCell::Text(words::header("25th-75th percentile", lang));
    header[4] = DataCell::Text(words::header("5th-95th percentile", lang));
    header[0] = DataCell::Text(chart.title.clone());
    data.rows.push(header);
    let first = row_number(data.rows.len());
    let mut floor = target.unwrap_or(f64::INFINITY);
    let number = |row: &[Cell], c: usize| match row.get(c) {
        Some(Cell::Number(x)) => *x,
        Some(Cell::Integer(i)) => *i as f64,
        _ => 0.0,
    };
    let cell = |r: usize, c: usize| format!("'{name}'!{}", a1(r + 1, c));
    for r in chart.rows.clone() {
        let row = &sheet.rows[r];
        let v = |c: usize| number(row, c);
        floor = floor.min(v(p5));
        data.rows.push(vec![
            DataCell::Formula(
                format!("={}", cell(r, chart.categories)),
                v(chart.categories),
            ),
            DataCell::Formula(format!("={}", cell(r, p5)), v(p5)),
            DataCell::Formula(format!("={}-{}", cell(r, p25), cell(r, p5)), v(p25) - v(p5)),
            DataCell::Formula(
                format!("={}-{}", cell(r, p75), cell(r, p25)),
                v(p75) - v(p25),
            ),
            DataCell::Formula(
                format!("={}-{}", cell(r, p95), cell(r, p75)),
                v(p95) - v(p75),
            ),
            DataCell::Formula(format!("={}", cell(r, p50)), v(p50)),
            target.map_or(DataCell::Text(String::new()), DataCell::Number),
        ]);
    }
    data.rows.push(Vec::new());
    Block {
        first,
        years: row_number(chart.rows.len()),
        floor: round_floor(floor),
    }
}

/// A round number at or below `x` (0 when `x` is not positive), so that a
/// fan's bands fill the plot instead of sitting on a tall empty column.
fn round_floor(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 0.0;
    }
    let below = x * 0.9;
    let step = 10f64.powf(below.log10().floor());
    (below / step).floor() * step
}

/// A cell's A1 name from 0-based sheet row and column.
fn a1(row: usize, column: usize) -> String {
    let mut letters = String::new();
    let mut c = column + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells_and_rounds_floors() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(1, 26), "AA2");
        assert_eq!(round_floor(5630.0), 5000.0);
        assert_eq!(round_floor(0.0), 0.0);
        assert_eq!(round_floor(93.0), 80.0);
    }
}
