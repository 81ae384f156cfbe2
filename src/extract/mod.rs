//! From a plan's text to its targets (`targetsim extract`): every
//! quantified target for a future year, with the words it came from.
//! Rule-based: the rules are tables in [`rules`]; docs/extract.md says how
//! each wording is read and why.

pub mod decode;
pub mod link;
pub mod numerals;
mod render;
pub mod rules;
mod scan;

use serde::Serialize;

/// One target found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    /// The indicator as the plan names it (新一代信息技术产业产值).
    pub indicator: String,
    /// `>`, `>=`, `<=` or `<`.
    pub op: String,
    /// The value in `unit`.
    pub value: f64,
    /// The base unit the value is in (yuan, count, percent, person, ...).
    pub unit: String,
    /// The value as written (6000亿元).
    pub written: String,
    /// The year it is for.
    pub year: i32,
    /// A target on a rate of change (增长5%, 下降14.5%).
    pub rate: bool,
    /// The sentence it came from.
    pub quote: String,
    /// Where: the item number, or the line.
    #[serde(rename = "where")]
    pub place: String,
}

/// A value that may be a target but is not read as one: a range or an
/// approximate value, or a value with no indicator named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ambiguous {
    /// The words in question.
    pub text: String,
    /// Why it is not read as a target.
    pub reason: String,
    /// The year the sentence is about.
    pub year: Option<i32>,
    /// The sentence.
    pub quote: String,
    /// Where: the item number, or the line.
    #[serde(rename = "where")]
    pub place: String,
}

impl Ambiguous {
    fn new(reader: &scan::Reader, text: &str, reason: &str, year: Option<i32>) -> Self {
        Ambiguous {
            text: text.to_string(),
            reason: reason.to_string(),
            year,
            quote: reader.quote.trim().to_string(),
            place: reader.place.to_string(),
        }
    }
}

/// Everything found in one plan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Extraction {
    /// The plan file.
    pub file: String,
    /// How it was decoded (UTF-8 or GB18030).
    pub encoding: String,
    /// The targets, in the order of the text.
    pub targets: Vec<Found>,
    /// Values set aside.
    pub ambiguous: Vec<Ambiguous>,
    /// With `--scenario`: per target, the scenario's indicator it matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<link::Link>>,
}

/// Every target in a plan's text.
pub fn extract(text: &str) -> Extraction {
    let mut found = Vec::new();
    let mut ambiguous = Vec::new();
    let mut list_year: Option<i32> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (marker, body) = split_marker(line);
        let place = marker
            .as_ref()
            .map_or_else(|| format!("line {}", n + 1), |m| format!("item {m}"));
        // A numbered item takes the year of a heading that introduced the
        // list ("到2025年，主要目标是：").
        let mut year = if marker.is_some() { list_year } else { None };
        for sentence in sentences(body) {
            let mut reader = scan::Reader {
                quote: sentence,
                place: &place,
                found: &mut found,
                ambiguous: &mut ambiguous,
            };
            year = reader.read(year);
        }
        if body.ends_with('：') || body.ends_with(':') {
            list_year = year;
        } else if marker.is_none() {
            list_year = None;
        }
    }
    Extraction {
        targets: once_each(found),
        ambiguous,
        ..Extraction::default()
    }
}

/// A target stated twice (a headline, then the text) is one target.
fn once_each(found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for f in found {
        let seen = out.iter().any(|o| {
            o.indicator == f.indicator
                && o.op == f.op
                && o.value == f.value
                && o.unit == f.unit
                && o.year == f.year
        });
        if !seen {
            out.push(f);
        }
    }
    out
}

/// An item's number at the start of a line (`6.`, `6、`, `（一）`, `(二)`,
/// `一、`, `01`), and the rest.
fn split_marker(line: &str) -> (Option<String>, &str) {
    for bullet in ['●', '•', '·', '-', '*', '■', '◆'] {
        if let Some(body) = line.strip_prefix(bullet) {
            return (Some(bullet.to_string()), body.trim_start());
        }
    }
    let digits: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() && digits.len() <= 3 {
        let rest = &line[digits.len()..];
        for sep in ['.', '、', '．'] {
            if let Some(body) = rest.strip_prefix(sep) {
                return (Some(digits), body.trim_start());
            }
        }
        // A section number run into its heading: "01争当…".
        if digits.starts_with('0') && rest.starts_with(|c: char| !c.is_ascii()) {
            return (Some(digits), rest);
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        let numbered = line
            .strip_prefix(open)
            .and_then(|rest| rest.split_once(close))
            .filter(|(number, _)| is_chinese_number(number));
        if let Some((number, body)) = numbered {
            return (Some(format!("({number})")), body);
        }
    }
    if let Some((number, body)) = line.split_once('、').filter(|(n, _)| is_chinese_number(n)) {
        return (Some(number.to_string()), body);
    }
    (None, line)
}

fn is_chinese_number(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| "一二三四五六七八九十".contains(c))
}

/// Sentences: split after 。；！？ (and their ASCII forms).
fn sentences(text: &str) -> Vec<&str> {
    text.split_inclusive(|c| rules::SENTENCE.contains(&c))
        .filter(|s| !s.trim().is_empty())
        .collect()
}
