//! An extraction as a targets file (TOML), a table, JSON and sheets.

use super::{Extraction, Found};
use crate::output::{Cell, Output, Sheet};
use std::fmt::Write as _;

/// A value without the float noise of a unit conversion (1.3 x 1e12).
pub fn tidy(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(11 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Extraction {
    /// The targets as a targets file in the project's format. Targets linked
    /// to a scenario's indicators are ready to use; the others are written
    /// as comments for the planner to link, so that the file still loads.
    pub fn toml(&self) -> String {
        let mut out = format!(
            "# Targets extracted by `targetsim extract` from {} ({}).\n\
             # Each quotes its sentence; docs/extract.md says how each wording is read\n\
             # (突破/超过/以上: >; 达到/达/不低于/形成: >=; 控制在/以内/不超过: <=).\n",
            self.file, self.encoding
        );
        let mut used: Vec<String> = Vec::new();
        for (k, t) in self.targets.iter().enumerate() {
            let link = self.links.as_ref().and_then(|l| l.get(k));
            let linked = link.and_then(|l| Some((l.indicator.clone()?, l.value?)));
            let (indicator, value, prefix) = match &linked {
                Some((id, v)) => (id.clone(), tidy(*v), ""),
                None => (t.indicator.clone(), tidy(t.value), "# "),
            };
            let mut id = match &linked {
                Some((ind, v)) => format!("{ind}_{}", tidy(*v)).replace(['.', '-'], "_"),
                None => format!("target_{}", k + 1),
            };
            if used.contains(&id) {
                id = format!("{id}_{}", t.year);
            }
            used.push(id.clone());
            out.push('\n');
            if linked.is_none() {
                let why = link.map_or("no --scenario given", |l| l.how.as_str());
                let _ = writeln!(
                    out,
                    "# Not linked to an indicator ({why}): set `indicator` and uncomment."
                );
            }
            let unit_note = if t.rate {
                format!("{} (a rate of change)", t.written)
            } else {
                t.written.clone()
            };
            let lines = [
                "[[target]]".to_string(),
                format!("id = {}", quoted(&id)),
                format!("indicator = {}", quoted(&indicator)),
                format!("op = {}", quoted(&t.op)),
                format!("value = {value} # {unit_note}"),
                format!("year = {}", t.year),
                format!("quote = {}", quoted(&t.quote)),
                format!("source = {}", quoted(&format!("{} {}", self.file, t.place))),
            ];
            for line in lines {
                let _ = writeln!(out, "{prefix}{line}");
            }
        }
        if !self.ambiguous.is_empty() {
            out.push_str("\n# Set aside (not read as targets):\n");
            for a in &self.ambiguous {
                let _ = writeln!(
                    out,
                    "#   {} {}: {} ({})",
                    a.place, a.text, a.reason, a.quote
                );
            }
        }
        out
    }

    fn rows(&self) -> Vec<Vec<Cell>> {
        self.targets
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let link = self.links.as_ref().and_then(|l| l.get(k));
                vec![
                    t.place.clone().into(),
                    t.indicator.clone().into(),
                    t.op.clone().into(),
                    tidy(t.value).into(),
                    t.unit.clone().into(),
                    t.written.clone().into(),
                    t.year.into(),
                    t.rate.into(),
                    link.and_then(|l| l.indicator.clone())
                        .unwrap_or_default()
                        .into(),
                    link.and_then(|l| l.value).map(tidy).into(),
                    t.quote.clone().into(),
                ]
            })
            .collect()
    }
}

fn line_of(t: &Found, link: Option<&super::link::Link>) -> String {
    let linked = match link {
        Some(l) => match (&l.indicator, l.value) {
            (Some(id), Some(v)) => format!("  -> {id} {} {}", t.op, tidy(v)),
            _ => format!("  -> not linked: {}", l.how),
        },
        None => String::new(),
    };
    let rate = if t.rate { " (rate)" } else { "" };
    format!(
        "{:<9} {} {} {} ({}{rate}) by {}{linked}",
        t.place, t.indicator, t.op, t.written, t.unit, t.year
    )
}

impl Output for Extraction {
    fn table(&self) -> String {
        let mut out = format!(
            "{}: {} target{}\n",
            self.file,
            self.targets.len(),
            if self.targets.len() == 1 { "" } else { "s" }
        );
        for (k, t) in self.targets.iter().enumerate() {
            let link = self.links.as_ref().and_then(|l| l.get(k));
            let _ = writeln!(out, "  {}", line_of(t, link));
        }
        if !self.ambiguous.is_empty() {
            let _ = writeln!(out, "set aside ({}):", self.ambiguous.len());
            for a in &self.ambiguous {
                let _ = writeln!(out, "  {:<9} {}: {}", a.place, a.text, a.reason);
            }
        }
        out
    }

    fn sheets(&self) -> Vec<Sheet> {
        let columns = [
            "where",
            "indicator",
            "op",
            "value",
            "unit",
            "written",
            "year",
            "rate",
            "scenario indicator",
            "scenario value",
            "quote",
        ];
        let ambiguous = self
            .ambiguous
            .iter()
            .map(|a| {
                vec![
                    a.place.clone().into(),
                    a.text.clone().into(),
                    a.reason.clone().into(),
                    a.year.map(|y| y as f64).into(),
                    a.quote.clone().into(),
                ]
            })
            .collect();
        vec![
            Sheet::new("targets", &columns, self.rows()),
            Sheet::new(
                "ambiguous",
                &["where", "text", "reason", "year", "quote"],
                ambiguous,
            ),
        ]
    }
}
