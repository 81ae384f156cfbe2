//! The output contract. Every result a command produces is an [`Output`]:
//! it serialises to JSON, reads as a table, and lays its numbers out as
//! named [`Sheet`]s of rows. Each format is one [`Exporter`] that works
//! from that contract alone, so a new format is one new exporter, never
//! one per command. [`crate::io::write_output`] puts the bytes on standard
//! output or, atomically, in a file.

mod csv;
mod json;
mod table;

use crate::error::{Error, Result};

pub use self::csv::CsvExporter;
pub use self::json::JsonExporter;
pub use self::table::TableExporter;

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
}

impl Cell {
    /// The cell as CSV writes it: numbers in Rust's shortest exact form.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
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

/// One table of a result: a name, its column names and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Short name (a spreadsheet's tab).
    pub name: &'static str,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// A sheet with these column names and rows.
    pub fn new(name: &'static str, columns: &[&str], rows: Vec<Vec<Cell>>) -> Self {
        Sheet {
            name,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        }
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
    /// The result's rows, main table first (CSV writes that one).
    fn sheets(&self) -> Vec<Sheet>;
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
    /// The result's main table as rows (for runs: per indicator and year).
    Csv,
}

impl Format {
    /// The exporter for this format.
    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Table => Box::new(TableExporter),
            Format::Json => Box::new(JsonExporter),
            Format::Csv => Box::new(CsvExporter),
        }
    }

    /// `result` in this format.
    pub fn export(self, result: &dyn Output) -> Result<Vec<u8>> {
        self.exporter().export(result)
    }
}
