//! `--format xlsx`: a result as an Excel workbook. Every [`Sheet`] becomes
//! a worksheet with numbers as numbers in their formats, a frozen header
//! row with filters, fitted columns and, on probability columns, the
//! charts' red/amber/green as conditional formatting; every [`Chart`] of a
//! sheet becomes a native Excel chart over its cells. rust_xlsxwriter
//! writes the file in memory; `io::write_output` puts it in place.
//!
//! [`Chart`]: super::Chart

mod charts;
mod words;

use super::{Cell, Exporter, NumberFormat, Output, Sheet};
use crate::error::{Error, Result};
use crate::text::Lang;
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

/// Workbook output.
pub struct XlsxExporter {
    /// Language of sheet names, headers, labels and chart titles.
    pub lang: Lang,
}

impl Exporter for XlsxExporter {
    fn export(&self, result: &dyn Output) -> Result<Vec<u8>> {
        let sheets = result.sheets();
        let mut book = Workbook::new();
        let mut data = charts::ChartData::default();
        let mut used = Vec::new();
        for sheet in &sheets {
            let name = unique_name(&words::sheet_name(sheet.name, self.lang), &mut used);
            write_table(book.add_worksheet(), sheet, &name, self.lang).map_err(fail)?;
            charts::place(&mut book, sheet, &name, &mut used, &mut data, self.lang)
                .map_err(fail)?;
        }
        if !data.is_empty() {
            let name = unique_name(&words::sheet_name("chart data", self.lang), &mut used);
            data.write(book.add_worksheet(), &name).map_err(fail)?;
        }
        book.save_to_buffer().map_err(fail)
    }
}

fn fail(e: XlsxError) -> Error {
    Error::Output(format!("cannot write the workbook: {e}"))
}

/// A worksheet name Excel accepts (at most 31 characters, none of
/// `[]:*?/\`), unlike every name used before it.
fn unique_name(wanted: &str, used: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut k = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("{clean} {k}");
        k += 1;
    }
    used.push(name.clone());
    name
}

/// Excel's number format for a column.
fn excel_format(format: NumberFormat) -> Option<&'static str> {
    match format {
        NumberFormat::General => None,
        NumberFormat::Probability | NumberFormat::Percent => Some("0.0%"),
        NumberFormat::Integer => Some("#,##0"),
        NumberFormat::Decimal => Some("#,##0.0#"),
    }
}

/// Write the sheet's header and rows with their formats.
fn write_table(
    ws: &mut Worksheet,
    sheet: &Sheet,
    name: &str,
    lang: Lang,
) -> std::result::Result<(), XlsxError> {
    ws.set_name(name)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xE8ECF2))
        .set_border_bottom(FormatBorder::Thin);
    for (c, column) in sheet.columns.iter().enumerate() {
        ws.write_string_with_format(0, col(c), words::header(column, lang), &header)?;
    }
    // Long words (sources, details) wrap within a column of the widest
    // width instead of running across the sheet.
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let formats: Vec<Option<Format>> = (0..sheet.columns.len())
        .map(|c| match excel_format(sheet.format_of(c)) {
            Some(f) => Some(Format::new().set_num_format(f)),
            None if widest(sheet, c, lang) > MAX_WIDTH => Some(wrap.clone()),
            None => None,
        })
        .collect();
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = row_number(r + 1);
        for (c, cell) in row.iter().enumerate() {
            write_cell(
                ws,
                r,
                col(c),
                cell,
                formats.get(c).and_then(Option::as_ref),
                lang,
            )?;
        }
    }
    if !sheet.columns.is_empty() {
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(
            0,
            0,
            row_number(sheet.rows.len()),
            col(sheet.columns.len() - 1),
        )?;
    }
    fit_columns(ws, sheet, lang)?;
    // Printed (or saved as PDF) for a meeting: landscape, a page wide.
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    colour_probabilities(ws, sheet)
}

fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    format: Option<&Format>,
    lang: Lang,
) -> std::result::Result<(), XlsxError> {
    match cell {
        Cell::Text(_) | Cell::Label { .. } => {
            let text = shown(cell, lang);
            match format {
                Some(f) => ws.write_string_with_format(r, c, text, f).map(|_| ()),
                None => ws.write_string(r, c, text).map(|_| ()),
            }
        }
        // A result never holds a non-finite number (the engine refuses
        // them), and Excel has none: write nothing rather than a lie.
        Cell::Number(x) if !x.is_finite() => Ok(()),
        Cell::Number(x) => match format {
            Some(f) => ws.write_number_with_format(r, c, *x, f).map(|_| ()),
            None => ws.write_number(r, c, *x).map(|_| ()),
        },
        Cell::Integer(i) => match format {
            Some(f) => ws.write_number_with_format(r, c, *i as f64, f).map(|_| ()),
            None => ws.write_number(r, c, *i as f64).map(|_| ()),
        },
        Cell::Empty => Ok(()),
    }
}

/// Header words wrap beyond this many characters' width.
const HEADER_WIDTH: usize = 14;
/// No column is wider than this (long sources wrap in a cell's editor).
const MAX_WIDTH: usize = 50;

/// Column widths that fit the cells as displayed; headers wrap onto a
/// second line rather than widen a column of short numbers.
fn fit_columns(
    ws: &mut Worksheet,
    sheet: &Sheet,
    lang: Lang,
) -> std::result::Result<(), XlsxError> {
    let mut wrapped = false;
    for (c, column) in sheet.columns.iter().enumerate() {
        let header = width_of(&words::header(column, lang));
        let cells = widest(sheet, c, lang);
        let width = cells.max(header.min(HEADER_WIDTH)).clamp(6, MAX_WIDTH) + 2;
        wrapped |= header + 2 > width;
        ws.set_column_width(col(c), width as f64)?;
    }
    if wrapped {
        ws.set_row_height(0, 30)?;
    }
    Ok(())
}

/// The widest cell of column `c` as displayed.
fn widest(sheet: &Sheet, c: usize, lang: Lang) -> usize {
    sheet
        .rows
        .iter()
        .filter_map(|row| row.get(c))
        .map(|cell| displayed_width(cell, sheet.format_of(c), lang))
        .max()
        .unwrap_or(0)
}

/// A text cell's words in `lang`.
fn shown(cell: &Cell, lang: Lang) -> &str {
    match cell {
        Cell::Label { zh, .. } if lang == Lang::Zh && !zh.is_empty() => zh,
        Cell::Label { en, .. } | Cell::Text(en) => en,
        _ => "",
    }
}

/// Characters' width, a Chinese character counting as two.
fn width_of(text: &str) -> usize {
    text.chars()
        .map(|ch| if ch as u32 >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// How wide a cell shows in its format.
fn displayed_width(cell: &Cell, format: NumberFormat, lang: Lang) -> usize {
    let grouped = |x: f64| {
        let digits = format!("{:.0}", x.abs()).len();
        digits + (digits - 1) / 3 + usize::from(x < 0.0)
    };
    match (cell, format) {
        (Cell::Text(_) | Cell::Label { .. }, _) => width_of(shown(cell, lang)),
        (Cell::Empty, _) => 0,
        (_, NumberFormat::Probability | NumberFormat::Percent) => 7,
        (Cell::Number(x), NumberFormat::Integer) => grouped(*x),
        (Cell::Number(x), NumberFormat::Decimal) => grouped(*x) + 3,
        (Cell::Number(x), NumberFormat::General) => x.to_string().len().min(12),
        (Cell::Integer(i), NumberFormat::Integer | NumberFormat::Decimal) => grouped(*i as f64),
        (Cell::Integer(i), NumberFormat::General) => i.to_string().len(),
    }
}

/// The charts' thresholds: red below 50%, amber to 80%, green above.
fn colour_probabilities(ws: &mut Worksheet, sheet: &Sheet) -> std::result::Result<(), XlsxError> {
    if sheet.rows.is_empty() {
        return Ok(());
    }
    let last = row_number(sheet.rows.len());
    let fill = |rgb: u32, text: u32| {
        Format::new()
            .set_background_color(Color::RGB(rgb))
            .set_font_color(Color::RGB(text))
    };
    let rules = [
        (
            ConditionalFormatCellRule::LessThan(0.5),
            fill(0xF6C5CB, 0x8B1A2B),
        ),
        (
            ConditionalFormatCellRule::Between(0.5, 0.8),
            fill(0xFCE3C0, 0x7A4A05),
        ),
        (
            ConditionalFormatCellRule::GreaterThan(0.8),
            fill(0xC4E6CF, 0x0D5A2C),
        ),
    ];
    for c in 0..sheet.columns.len() {
        if sheet.format_of(c) != NumberFormat::Probability {
            continue;
        }
        for (rule, format) in &rules {
            let rule = ConditionalFormatCell::new()
                .set_rule(rule.clone())
                .set_format(format);
            ws.add_conditional_format(1, col(c), last, col(c), &rule)?;
        }
    }
    Ok(())
}

/// Sheet row numbers: a result's rows are far fewer than Excel's limit
/// (the input limits bound them), so the conversion saturates only in theory.
fn row_number(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
