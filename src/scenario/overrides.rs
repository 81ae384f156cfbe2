//! `--set KEY=VALUE`: change any scalar of a scenario before it is
//! validated. The TOML is edited in place (layout and comments kept), so
//! validation errors still point at the scenario's own lines.
//!
//! Keys: `INDICATOR.FIELD[.SUBFIELD...]` (e.g. `ngit_output.growth.mean`,
//! `ngit_output.growth_by_year.2022.sd`, `listed_companies.additions.mean`),
//! `shock.NAME.FIELD` (`shock.downturn.impact.ngit_output`),
//! `target.ID.FIELD` (also in the targets file), `correlation.A~B.rho`,
//! `scenario.FIELD`, `simulation.FIELD`, `history.FIELD` and `firms.FIELD`
//! (`firms.noise_sd`, `firms.entry.rate`).

use toml_edit::{DocumentMut, Item, Table, Value};

/// One `--set KEY=VALUE`.
#[derive(Debug, Clone)]
pub struct Override {
    /// Dotted key path.
    pub key: String,
    /// The new value, parsed as TOML (a bare word is a string).
    pub value: toml_edit::Value,
    /// As the user wrote it.
    pub text: String,
}

impl std::str::FromStr for Override {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (key, raw) = s.split_once('=').ok_or_else(|| {
            format!("expected KEY=VALUE (e.g. ngit_output.growth.mean=0.07), got \"{s}\"")
        })?;
        let key = key.trim();
        if key.is_empty() || key.split('.').any(str::is_empty) {
            return Err(format!(
                "\"{key}\" is not a key path (e.g. ngit_output.growth.mean)"
            ));
        }
        let raw = raw.trim();
        let value = raw
            .parse::<toml_edit::Value>()
            .unwrap_or_else(|_| toml_edit::Value::from(raw));
        Ok(Override {
            key: key.to_string(),
            value,
            text: s.to_string(),
        })
    }
}

/// Which document an override edits.
pub enum Target {
    /// The scenario file.
    Scenario,
    /// The targets file.
    Targets,
}

/// Does this override belong to the targets file rather than the scenario?
pub fn targets_file_key(key: &str, scenario: &DocumentMut) -> bool {
    let mut parts = key.split('.');
    parts.next() == Some("target")
        && parts
            .next()
            .is_some_and(|id| find(scenario, "target", |t| target_id(t) == id).is_none())
}

/// Apply one override to a parsed document. A value of another type than
/// the one it replaces (a word for a number) is an error of the flag, not
/// of the scenario the user never wrote it into.
pub fn apply(doc: &mut DocumentMut, o: &Override, which: Target) -> Result<(), String> {
    let v = leaf(doc, &o.key, which)?;
    let number = |x: &Value| matches!(x, Value::Float(_) | Value::Integer(_));
    if number(v) && !number(&o.value) {
        return Err(format!(
            "not a number ({} is a number in the scenario)",
            o.key
        ));
    }
    let decor = v.decor().clone();
    *v = o.value.clone();
    *v.decor_mut() = decor;
    Ok(())
}

/// The number at `key` in the scenario (for goal seeking from it).
pub fn get_number(doc: &mut DocumentMut, key: &str) -> Option<f64> {
    get_number_in(doc, key, Target::Scenario)
}

/// The number at `key` in a scenario or targets file.
pub fn get_number_in(doc: &mut DocumentMut, key: &str, which: Target) -> Option<f64> {
    let v = leaf(doc, key, which).ok()?;
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

/// The scalar at `key`, found by the rules in the module docs.
fn leaf<'a>(doc: &'a mut DocumentMut, key: &str, which: Target) -> Result<&'a mut Value, String> {
    let parts: Vec<&str> = key.split('.').collect();
    let (table, rest): (&mut Table, &[&str]) = match parts[0] {
        "scenario" | "simulation" | "history" | "firms" => {
            let t = doc
                .get_mut(parts[0])
                .and_then(Item::as_table_mut)
                .ok_or_else(|| format!("the scenario has no [{}] table", parts[0]))?;
            (t, &parts[1..])
        }
        "shock" | "target" | "correlation" => {
            let array = parts[0];
            let name = *parts
                .get(1)
                .ok_or_else(|| format!("{array} needs a name: {array}.NAME.FIELD"))?;
            let where_ = match which {
                Target::Scenario => "the scenario",
                Target::Targets => "the targets file",
            };
            let names = names_of(doc, array);
            let found = find_mut(doc, array, |t| match array {
                "shock" => t.get("name").and_then(Item::as_str) == Some(name),
                "target" => target_id(t) == name,
                _ => correlation_key_matches(t, name),
            });
            let t = found.ok_or_else(|| {
                let form = if array == "correlation" {
                    " (write it as A~B)"
                } else {
                    ""
                };
                format!(
                    "no {array} \"{name}\" in {where_}{form}{}",
                    suggestion(name, &names)
                )
            })?;
            (t, &parts[2..])
        }
        indicator => {
            let names = names_of(doc, "indicator");
            let t = find_mut(doc, "indicator", |t| {
                t.get("id").and_then(Item::as_str) == Some(indicator)
            })
            .ok_or_else(|| {
                format!(
                    "\"{indicator}\" is not an indicator id, nor scenario, simulation, shock, target or correlation{}",
                    suggestion(indicator, &names)
                )
            })?;
            (t, &parts[1..])
        }
    };
    if rest.is_empty() {
        return Err("the key names a table, not a value: add a field (e.g. .growth.mean)".into());
    }
    leaf_in_table(table, rest)
}

/// The names of an array of tables: indicator ids, shock names, target
/// ids, correlation pairs (`A~B`).
fn names_of(doc: &DocumentMut, array: &str) -> Vec<String> {
    let Some(tables) = doc.get(array).and_then(Item::as_array_of_tables) else {
        return Vec::new();
    };
    tables.iter().filter_map(|t| entry_name(array, t)).collect()
}

/// The name `--set` knows an entry of an array of tables by: an
/// indicator's `id`, a shock's `name`, a target's `id` (else its
/// indicator), a correlation's pair `A~B`.
pub fn entry_name(array: &str, t: &Table) -> Option<String> {
    match array {
        "indicator" => t.get("id").and_then(Item::as_str).map(str::to_string),
        "shock" => t.get("name").and_then(Item::as_str).map(str::to_string),
        "target" => Some(target_id(t)),
        _ => {
            let between = t.get("between").and_then(Item::as_array)?;
            let ids: Vec<&str> = between.iter().filter_map(|v| v.as_str()).collect();
            Some(ids.join("~"))
        }
    }
}

/// "; did you mean `x`? (the ids are: ...)" for a name not among `names`.
pub fn suggestion(name: &str, names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let nearest = names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(name, n), n))
        .min();
    let hint = match nearest {
        Some((distance, n)) if distance <= 2.max(name.chars().count() / 3) => {
            format!("; did you mean `{n}`?")
        }
        _ => String::new(),
    };
    format!("{hint} (known: {})", names.join(", "))
}

fn target_id(t: &Table) -> String {
    match t.get("id").and_then(Item::as_str) {
        Some(id) => id.to_string(),
        None => t
            .get("indicator")
            .and_then(Item::as_str)
            .unwrap_or("")
            .to_string(),
    }
}

fn correlation_key_matches(t: &Table, key: &str) -> bool {
    let Some((a, b)) = key.split_once('~') else {
        return false;
    };
    let between: Vec<&str> = t
        .get("between")
        .and_then(Item::as_array)
        .map(|arr| arr.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    between == [a, b] || between == [b, a]
}

fn find<'a>(doc: &'a DocumentMut, array: &str, pred: impl Fn(&Table) -> bool) -> Option<&'a Table> {
    doc.get(array)?
        .as_array_of_tables()?
        .iter()
        .find(|t| pred(t))
}

fn find_mut<'a>(
    doc: &'a mut DocumentMut,
    array: &str,
    pred: impl Fn(&Table) -> bool,
) -> Option<&'a mut Table> {
    doc.get_mut(array)?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|t| pred(t))
}

fn keys_of(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

fn leaf_in_table<'a>(table: &'a mut Table, path: &[&str]) -> Result<&'a mut Value, String> {
    let available = keys_of(table.iter().map(|(k, _)| k.to_string()));
    let item = table
        .get_mut(path[0])
        .ok_or_else(|| format!("no key `{}` here (keys: {available})", path[0]))?;
    match item {
        Item::Value(v) => leaf_in_value(v, path),
        Item::Table(t) if path.len() > 1 => leaf_in_table(t, &path[1..]),
        _ => Err(format!("`{}` is a table, not a value", path[0])),
    }
}

/// `v` is the value at `path[0]`.
fn leaf_in_value<'a>(v: &'a mut Value, path: &[&str]) -> Result<&'a mut Value, String> {
    if path.len() == 1 {
        if matches!(v, Value::InlineTable(_) | Value::Array(_)) {
            return Err(format!(
                "`{}` is a table or array, not a single value",
                path[0]
            ));
        }
        return Ok(v);
    }
    let Value::InlineTable(t) = v else {
        return Err(format!(
            "`{}` is a value; `{}` cannot be inside it",
            path[0], path[1]
        ));
    };
    let available = keys_of(t.iter().map(|(k, _)| k.to_string()));
    let child = t
        .get_mut(path[1])
        .ok_or_else(|| format!("no key `{}` in `{}` (keys: {available})", path[1], path[0]))?;
    leaf_in_value(child, &path[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"[scenario]
name = "s"
base_year = 2021
target_year = 2025

[[indicator]]
id = "x"
kind = "growth"
base = 100 # the base
growth = { dist = "normal", mean = 0.05, sd = 0.04 }
growth_by_year = { 2022 = { dist = "normal", mean = -0.02, sd = 0.06 } }

[[correlation]]
between = ["x", "y"]
rho = 0.5

[[shock]]
name = "lockdown"
probability = 0.1
impact = { x = -0.08 }
"#;

    fn set(key_value: &str) -> Result<String, String> {
        let mut doc: DocumentMut = DOC.parse().unwrap();
        apply(&mut doc, &key_value.parse()?, Target::Scenario)?;
        Ok(doc.to_string())
    }

    #[test]
    fn changes_scalars_in_place_keeping_lines_and_comments() {
        let out = set("x.growth.mean=0.07").unwrap();
        assert!(
            out.contains("growth = { dist = \"normal\", mean = 0.07, sd = 0.04 }"),
            "{out}"
        );
        assert_eq!(out.lines().count(), DOC.lines().count());
        assert!(set("x.base=120").unwrap().contains("base = 120 # the base"));
        assert!(
            set("x.growth_by_year.2022.sd=0.1")
                .unwrap()
                .contains("sd = 0.1 } }")
        );
        assert!(
            set("shock.lockdown.impact.x=-0.2")
                .unwrap()
                .contains("impact = { x = -0.2 }")
        );
        assert!(
            set("correlation.y~x.rho=0.3")
                .unwrap()
                .contains("rho = 0.3")
        );
        assert!(
            set("scenario.target_year=2026")
                .unwrap()
                .contains("target_year = 2026")
        );
        assert!(
            set("x.growth.dist=lognormal")
                .unwrap()
                .contains("dist = \"lognormal\"")
        );
    }

    #[test]
    fn bad_paths_say_what_exists() {
        let err = |kv: &str| set(kv).unwrap_err();
        assert!(
            err("x.growht.mean=1")
                .contains("no key `growht` here (keys: id, kind, base, growth, growth_by_year)")
        );
        assert!(
            err("x.growth.maen=1").contains("no key `maen` in `growth` (keys: dist, mean, sd)")
        );
        assert!(err("z.base=1").contains("\"z\" is not an indicator id"));
        assert!(err("shock.flood.probability=1").contains("no shock \"flood\""));
        assert!(err("correlation.x.rho=1").contains("write it as A~B"));
        assert!(err("x.growth=1").contains("is a table or array"));
        assert!(err("x=1").contains("names a table"));
        assert!(
            "x.growth.mean"
                .parse::<Override>()
                .unwrap_err()
                .contains("KEY=VALUE")
        );
        assert!(
            "x..mean=1"
                .parse::<Override>()
                .unwrap_err()
                .contains("not a key path")
        );
    }
}
