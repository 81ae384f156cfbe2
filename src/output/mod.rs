//! The output contract. Every result a command produces is an [`Output`]:
//! it serialises to JSON, reads as a table, and lays its numbers out as
//! named [`Sheet`]s of rows. Each format is one [`Exporter`] that works
//! from that contract alone, so a new format is one new exporter, never
//! one per command. [`crate::io::write_output`] puts the bytes on standard
//! output or, atomically, in a file.

pub mod csv;
mod json;
mod table;
mod xlsx;

use crate::error::{Error, Result};

pub use self::csv::CsvExporter;
pub use self::json::JsonExporter;
pub use self::table::TableExporter;
pub use self::xlsx::XlsxExporter;
pub use crate::text::Lang;

/// One value in a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Words.
    Text(String),
    /// A number.
    Number(f64),
    /// A whole number (years, counts).
    Integer(i64),
    /// Nothing (an absent value).
    Empty,
    /// Words with a Chinese form (a label): workbooks in `--lang zh`
    /// show `zh`, everything else `en`.
    Label {
        /// English.
        en: String,
        /// Chinese.
        zh: String,
    },
}

impl Cell {
    /// The cell as CSV writes it: numbers in Rust's shortest exact form.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Label { en: s, .. } => s.clone(),
            Cell::Number(x) => x.to_string(),
            Cell::Integer(i) => i.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Number(x)
    }
}

impl From<Option<f64>> for Cell {
    fn from(x: Option<f64>) -> Self {
        x.map_or(Cell::Empty, Cell::Number)
    }
}

impl From<i32> for Cell {
    fn from(i: i32) -> Self {
        Cell::Integer(i.into())
    }
}

impl From<u64> for Cell {
    fn from(i: u64) -> Self {
        i64::try_from(i).map_or(Cell::Number(i as f64), Cell::Integer)
    }
}

impl From<bool> for Cell {
    fn from(b: bool) -> Self {
        Cell::Text(b.to_string())
    }
}

/// How a column's numbers read in a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberFormat {
    /// As written.
    #[default]
    General,
    /// A probability of meeting a target: a percent, coloured red, amber
    /// or green by the charts' thresholds.
    Probability,
    /// A rate (growth, a difference in probability): a percent.
    Percent,
    /// A whole number with thousands separators.
    Integer,
    /// A measured value with thousands separators and two decimals.
    Decimal,
}

/// What a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartKind {
    /// Vertical bars, one group per row.
    Columns,
    /// Horizontal bars, one group per row.
    Bars,
    /// Horizontal bars of a low and a high swing around zero, overlapping.
    Tornado,
    /// Lines over the rows, one per series.
    Lines,
    /// A fan: series are the 5th, 25th, 50th, 75th and 95th percentiles;
    /// the bands are drawn between them, the median as a line, and the
    /// target, if any, as a dashed line.
    Fan {
        /// The target's value.
        target: Option<f64>,
    },
}

/// A chart over some rows of its sheet: categories from one column, a
/// series from each of the others, named by their column headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Title in English.
    pub title: String,
    /// Title in Chinese.
    pub title_zh: String,
    /// What it shows.
    pub kind: ChartKind,
    /// The column of the categories (x axis).
    pub categories: usize,
    /// The columns of the series.
    pub series: Vec<usize>,
    /// The rows it covers (0 = the first row below the header).
    pub rows: std::ops::Range<usize>,
    /// How the values read on the value axis.
    pub values: NumberFormat,
}

/// One table of a result: a name, its column names and its rows, how its
/// numbers read and which charts a workbook draws of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Short name (a spreadsheet's tab).
    pub name: &'static str,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
    /// Per column (missing ones are general).
    pub formats: Vec<NumberFormat>,
    /// Charts of this sheet's rows.
    pub charts: Vec<Chart>,
}

impl Sheet {
    /// A sheet with these column names and rows.
    pub fn new(name: &'static str, columns: &[&str], rows: Vec<Vec<Cell>>) -> Self {
        Self::with_columns(name, columns.iter().map(|c| c.to_string()).collect(), rows)
    }

    /// A sheet with these column names (built at run time) and rows.
    pub fn with_columns(name: &'static str, columns: Vec<String>, rows: Vec<Vec<Cell>>) -> Self {
        Sheet {
            name,
            columns,
            rows,
            formats: Vec::new(),
            charts: Vec::new(),
        }
    }

    /// The same sheet with these column formats, in column order.
    pub fn formats(mut self, formats: Vec<NumberFormat>) -> Self {
        self.formats = formats;
        self
    }

    /// The same sheet with a chart added.
    pub fn chart(mut self, chart: Chart) -> Self {
        self.charts.push(chart);
        self
    }

    /// Column `c`'s format.
    pub fn format_of(&self, c: usize) -> NumberFormat {
        self.formats.get(c).copied().unwrap_or_default()
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// A result's JSON form. Every `Serialize` type has it; it is a trait of
/// its own so that [`Output`] can be used as `dyn Output`.
pub trait Json {
    /// The result as one pretty-printed JSON object, ending in a newline.
    fn json(&self) -> Result<Vec<u8>>;
}

impl<T: serde::Serialize> Json for T {
    fn json(&self) -> Result<Vec<u8>> {
        let mut out = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::Output(format!("cannot serialise to JSON: {e}")))?;
        out.push(b'\n');
        Ok(out)
    }
}

/// What every command's result offers to the formats.
pub trait Output: Json {
    /// The readable table a planner sees in a terminal.
    fn table(&self) -> String;
    /// Lines of the table longer than this wrap (at spaces, under their
    /// indent); `None` for a table that is text to paste elsewhere, such as
    /// calibrate's TOML, where a wrapped line would break.
    fn table_width(&self) -> Option<usize> {
        Some(crate::text::TABLE_WIDTH)
    }
    /// The result's tables in the order a workbook shows them.
    fn sheets(&self) -> Vec<Sheet>;
    /// The table CSV writes: the first sheet unless a result says otherwise.
    fn main_sheet(&self) -> Option<Sheet> {
        self.sheets().into_iter().next()
    }
}

/// Turns a result into the bytes of one output format.
pub trait Exporter {
    /// Render the result.
    fn export(&self, result: &dyn Output) -> Result<Vec<u8>>;
}

/// The formats every command's `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable table for a terminal.
    Table,
    /// One JSON object with every number.
    Json,
    /// One of the result's tables as rows: its main one (for runs: per
    /// indicator and year) or the one `--sheet` names.
    Csv,
    /// An Excel workbook: every table, formatted, with native charts.
    Xlsx,
}

impl Format {
    /// The exporter for this format; `lang` labels workbooks.
    pub fn exporter(self, lang: Lang) -> Box<dyn Exporter> {
        match self {
            Format::Table => Box::new(TableExporter),
            Format::Json => Box::new(JsonExporter),
            Format::Csv => Box::new(CsvExporter::default()),
            Format::Xlsx => Box::new(XlsxExporter { lang }),
        }
    }

    /// `result` in this format, workbooks labelled in `lang`.
    pub fn export(self, result: &dyn Output, lang: Lang) -> Result<Vec<u8>> {
        self.exporter(lang).export(result)
    }

    /// The format a file name's extension names, if any.
    pub fn of_file(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// Whether the bytes are binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}
