//! Every number of a scenario a planner can change from the page, each
//! with the `--set` key that changes it, its value as written, and the
//! source or assumption note the scenario gives for it.

use crate::scenario::Sources;
use serde::Serialize;
use toml_edit::{DocumentMut, Item, Table, Value};

/// One adjustable number.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Param {
    /// The key, exactly as `--set` takes it (`ngit_output.growth.mean`).
    pub key: String,
    /// What it belongs to: an indicator id, `shock NAME`, `correlation`,
    /// `target`, or `firms`.
    pub group: String,
    /// Its value in the scenario as written (after `extends`).
    pub value: f64,
    /// Written as an integer (a count, a year's mean of additions may not be).
    pub integer: bool,
    /// The `source` the scenario gives for its table (or the comment
    /// above the key), if any.
    pub source: Option<String>,
}

/// Fields of an indicator that are not numbers to vary.
const NOT_PARAMETERS: [&str; 3] = ["history", "series", "kind"];

/// The adjustable numbers of a scenario and its targets file, in file order:
/// indicators, correlations, shocks, firms, then targets.
pub fn of_sources(sources: &Sources) -> Vec<Param> {
    let mut out = Vec::new();
    if let Ok(doc) = sources.scenario.text.parse::<DocumentMut>() {
        for t in tables(&doc, "indicator") {
            let Some(id) = t.get("id").and_then(Item::as_str) else {
                continue;
            };
            let fields = t.iter().filter(|(k, _)| !NOT_PARAMETERS.contains(k));
            numbers_in(fields, id, id, source_of(t), &mut out);
        }
        for t in tables(&doc, "correlation") {
            if let Some(pair) = pair_of(t) {
                let fields = t.iter().filter(|(k, _)| *k == "rho");
                let key = format!("correlation.{pair}");
                numbers_in(fields, &key, "correlation", source_of(t), &mut out);
            }
        }
        for t in tables(&doc, "shock") {
            if let Some(name) = t.get("name").and_then(Item::as_str) {
                let key = format!("shock.{name}");
                let group = format!("shock {name}");
                numbers_in(t.iter(), &key, &group, source_of(t), &mut out);
            }
        }
        if let Some(firms) = doc.get("firms").and_then(Item::as_table) {
            numbers_in(firms.iter(), "firms", "firms", source_of(firms), &mut out);
        }
        targets_of(&doc, &mut out);
    }
    if let Some(file) = &sources.targets
        && let Ok(doc) = file.text.parse::<DocumentMut>()
    {
        targets_of(&doc, &mut out);
    }
    out
}

fn targets_of(doc: &DocumentMut, out: &mut Vec<Param>) {
    for t in tables(doc, "target") {
        let id = t
            .get("id")
            .or_else(|| t.get("indicator"))
            .and_then(Item::as_str);
        if let Some(id) = id {
            let fields = t.iter().filter(|(k, _)| *k == "value");
            numbers_in(fields, &format!("target.{id}"), "target", source_of(t), out);
        }
    }
}

fn tables<'a>(doc: &'a DocumentMut, array: &str) -> impl Iterator<Item = &'a Table> {
    doc.get(array)
        .and_then(Item::as_array_of_tables)
        .into_iter()
        .flat_map(|a| a.iter())
}

fn source_of(t: &Table) -> Option<String> {
    t.get("source").and_then(Item::as_str).map(str::to_string)
}

/// `A~B` for a correlation's `between = ["A", "B"]`.
fn pair_of(t: &Table) -> Option<String> {
    let between = t.get("between")?.as_array()?;
    let ids: Vec<&str> = between.iter().filter_map(Value::as_str).collect();
    (ids.len() == 2).then(|| ids.join("~"))
}

/// Every number below `fields`, keyed `prefix.FIELD[.SUB...]`.
fn numbers_in<'a>(
    fields: impl Iterator<Item = (&'a str, &'a Item)>,
    prefix: &str,
    group: &str,
    source: Option<String>,
    out: &mut Vec<Param>,
) {
    for (k, item) in fields {
        let key = format!("{prefix}.{k}");
        match item {
            Item::Value(v) => value_numbers(v, &key, group, &source, out),
            Item::Table(t) => numbers_in(t.iter(), &key, group, source.clone(), out),
            _ => {}
        }
    }
}

fn value_numbers(v: &Value, key: &str, group: &str, source: &Option<String>, out: &mut Vec<Param>) {
    let note =
        || comment_note(v.decor().prefix().and_then(|p| p.as_str())).or_else(|| source.clone());
    match v {
        Value::Float(f) => out.push(Param {
            key: key.to_string(),
            group: group.to_string(),
            value: *f.value(),
            integer: false,
            source: note(),
        }),
        Value::Integer(i) => out.push(Param {
            key: key.to_string(),
            group: group.to_string(),
            value: *i.value() as f64,
            integer: true,
            source: note(),
        }),
        Value::InlineTable(t) => {
            for (k, inner) in t.iter() {
                value_numbers(inner, &format!("{key}.{k}"), group, source, out);
            }
        }
        _ => {}
    }
}

/// An `# assumption: ...` comment written just before a value.
fn comment_note(prefix: Option<&str>) -> Option<String> {
    let text: Vec<&str> = prefix?
        .lines()
        .map(|l| l.trim().trim_start_matches('#').trim())
        .filter(|l| !l.is_empty())
        .collect();
    let joined = text.join(" ");
    joined
        .to_ascii_lowercase()
        .contains("assumption")
        .then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::SourceFile;

    fn params(text: &str) -> Vec<Param> {
        let file = SourceFile {
            path: "s.toml".into(),
            text: text.into(),
            merged_with: None,
        };
        let sources = Sources {
            scenario: file,
            targets: None,
            history: None,
            roster: None,
        };
        of_sources(&sources)
    }

    #[test]
    fn keys_are_the_set_keys_of_every_number() {
        let p = params(
            r#"
            [scenario]
            name = "s"
            base_year = 2020
            target_year = 2022
            [[indicator]]
            id = "gdp"
            kind = "growth"
            base = 100
            growth = { dist = "normal", mean = 0.05, sd = 0.01 }
            source = "a book"
            [[shock]]
            name = "slump"
            probability = 0.1
            impact = { gdp = -0.05 }
            [[correlation]]
            between = ["gdp", "jobs"]
            rho = 0.3
            [[target]]
            id = "gdp_2022"
            indicator = "gdp"
            op = ">"
            value = 110
            "#,
        );
        let keys: Vec<&str> = p.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "gdp.base",
                "gdp.growth.mean",
                "gdp.growth.sd",
                "correlation.gdp~jobs.rho",
                "shock.slump.probability",
                "shock.slump.impact.gdp",
                "target.gdp_2022.value"
            ]
        );
        assert_eq!(p[0].source.as_deref(), Some("a book"));
        assert!(p[0].integer && !p[1].integer);
    }
}
