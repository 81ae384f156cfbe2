//! `extends = "parent.toml"` in `[scenario]`: a scenario written as the
//! differences from another. Tables merge key by key; `[[indicator]]`,
//! `[[shock]]`, `[[target]]` and `[[correlation]]` entries merge with the
//! parent's entry of the same `id`, `name`, `id` (or indicator and year) and
//! `between` pair, field by field, and new entries are added.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

/// The identity of an entry of an array of tables.
fn identity(array: &str, t: &Table) -> Option<String> {
    let s = |k: &str| t.get(k).and_then(Item::as_str).map(str::to_string);
    match array {
        "indicator" => s("id"),
        "shock" => s("name"),
        "target" => s("id").or_else(|| {
            let year = t
                .get("year")
                .and_then(|y| y.as_integer())
                .map_or(String::new(), |y| y.to_string());
            s("indicator").map(|i| format!("{i}@{year}"))
        }),
        "correlation" => {
            let mut pair: Vec<String> = t
                .get("between")?
                .as_array()?
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            pair.sort();
            Some(pair.join("~"))
        }
        _ => None,
    }
}

fn merge_table(into: &mut Table, from: &Table) {
    for (k, v) in from.iter() {
        if k == "extends" {
            continue;
        }
        match (into.get_mut(k), v) {
            (Some(Item::Table(a)), Item::Table(b)) => merge_table(a, b),
            _ => {
                into.insert(k, v.clone());
            }
        }
    }
}

fn merge_array(array: &str, into: &mut ArrayOfTables, from: &ArrayOfTables) {
    for child in from.iter() {
        let id = identity(array, child);
        let existing = id.as_ref().and_then(|id| {
            into.iter_mut()
                .find(|p| identity(array, p).as_ref() == Some(id))
        });
        match existing {
            Some(parent) => merge_table(parent, child),
            None => into.push(child.clone()),
        }
    }
}

/// Merge `child` over `parent`.
pub fn merge(parent: &mut DocumentMut, child: &DocumentMut) {
    for (key, item) in child.iter() {
        match (parent.get_mut(key), item) {
            (Some(Item::Table(a)), Item::Table(b)) => merge_table(a, b),
            (Some(Item::ArrayOfTables(a)), Item::ArrayOfTables(b)) => merge_array(key, a, b),
            _ => {
                parent.insert(key, item.clone());
            }
        }
    }
}

/// A scenario's own `[[target]]` entries whose `id` is that of a target of
/// its targets file amend that target, field by field (as an
/// extending scenario amends its parent's), and leave the scenario. Returns
/// whether any did.
pub fn amend_targets(scenario: &mut DocumentMut, targets: &mut DocumentMut) -> bool {
    let Some(Item::ArrayOfTables(own)) = scenario.get_mut("target") else {
        return false;
    };
    let Some(Item::ArrayOfTables(file)) = targets.get_mut("target") else {
        return false;
    };
    let mut kept = ArrayOfTables::new();
    let mut amended = false;
    // Only an explicit id amends: two targets on one indicator without ids
    // are two targets (and the file's are known by id, else indicator, as
    // `--set target.ID` knows them).
    let id_of = |t: &Table| {
        t.get("id")
            .or_else(|| t.get("indicator"))
            .and_then(Item::as_str)
            .map(str::to_string)
    };
    for t in own.iter() {
        let id = t.get("id").and_then(Item::as_str);
        let same = id.and_then(|id| file.iter_mut().find(|f| id_of(f).as_deref() == Some(id)));
        match same {
            Some(target) => {
                merge_table(target, t);
                amended = true;
            }
            None => kept.push(t.clone()),
        }
    }
    if amended {
        if kept.is_empty() {
            scenario.remove("target");
        } else {
            *own = kept;
        }
    }
    amended
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_overrides_fields_and_adds_entries() {
        let mut parent: DocumentMut = r#"[scenario]
name = "base"
base_year = 2021
target_year = 2025
[[indicator]]
id = "x"
kind = "growth"
base = 100
growth = { dist = "normal", mean = 0.05, sd = 0.04 }
[[correlation]]
between = ["x", "y"]
rho = 0.5
"#
        .parse()
        .unwrap();
        let child: DocumentMut = r#"[scenario]
name = "fast"
extends = "base.toml"
[[indicator]]
id = "x"
growth = { dist = "normal", mean = 0.07, sd = 0.04 }
[[indicator]]
id = "z"
kind = "count"
base = 1
additions = { dist = "poisson", mean = 1 }
[[correlation]]
between = ["y", "x"]
rho = 0.2
"#
        .parse()
        .unwrap();
        merge(&mut parent, &child);
        let out = parent.to_string();
        assert!(
            out.contains("name = \"fast\"") && !out.contains("extends"),
            "{out}"
        );
        assert!(
            out.contains("base = 100") && out.contains("mean = 0.07"),
            "{out}"
        );
        assert_eq!(out.matches("[[indicator]]").count(), 2);
        assert_eq!(out.matches("[[correlation]]").count(), 1);
        assert!(
            out.contains("rho = 0.2") && !out.contains("rho = 0.5"),
            "{out}"
        );
    }

    #[test]
    fn an_own_target_with_a_files_id_amends_it_and_one_without_stays() {
        let mut scenario: DocumentMut = r#"
            [[target]]
            id = "gdp_2025"
            value = 90
            [[target]]
            indicator = "jobs"
            op = ">"
            value = 5
        "#
        .parse()
        .unwrap();
        let mut file: DocumentMut = r#"
            [[target]]
            id = "gdp_2025"
            indicator = "gdp"
            op = ">"
            value = 100
            [[target]]
            indicator = "jobs"
            op = ">="
            value = 4
        "#
        .parse()
        .unwrap();
        assert!(amend_targets(&mut scenario, &mut file));
        let (own, listed) = (scenario.to_string(), file.to_string());
        assert!(
            listed.contains("value = 90") && !listed.contains("value = 100"),
            "{listed}"
        );
        assert!(listed.contains("value = 4"), "{listed}");
        assert_eq!(own.matches("[[target]]").count(), 1, "{own}");
        assert!(own.contains("value = 5"), "{own}");
    }
}
