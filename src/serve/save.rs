//! `POST /api/save`: the page's state as a scenario file that `extends` the
//! served one and states only what changed, plus the path count and seed,
//! so that `targetsim run SAVED.toml` gives the page's numbers.

use super::request::{self, RunRequest};
use super::{ApiError, Limits, catalog::Catalog, compute::Answer};
use crate::scenario::Sources;
use crate::scenario::overrides::{self, entry_name};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

/// Arrays of tables whose entries `extends` matches by identity.
const ARRAYS: [&str; 3] = ["shock", "target", "correlation"];
/// Tables `--set` reaches by name.
const TABLES: [&str; 4] = ["scenario", "simulation", "history", "firms"];

/// The changed scenario as TOML.
pub fn save(catalog: &Catalog, limits: &Limits, req: &RunRequest) -> Result<Answer, ApiError> {
    let entry = super::compute::entry(catalog, &req.scenario)?;
    let set = request::overrides(&req.set, limits.max_overrides)?;
    let mut sources = Sources::read(&entry.path)?;
    let was = sources.clone();
    sources.apply_overrides(&set)?;
    let model = sources.model()?;
    let sim = request::sim_args(&entry.path, req.paths, req.seed, set.clone());
    let config = sim.config(model.defaults)?;
    let parse = |s: &Sources| -> (DocumentMut, Option<DocumentMut>) {
        (
            s.scenario.text.parse().unwrap_or_default(),
            s.targets.as_ref().and_then(|t| t.text.parse().ok()),
        )
    };
    let (changed, changed_targets) = parse(&sources);
    let (before, before_targets) = parse(&was);
    let absolute = std::fs::canonicalize(&entry.path).unwrap_or_else(|_| entry.path.clone());
    let mut out = DocumentMut::new();
    let mut header = Table::new();
    header.insert("extends", value(absolute.display().to_string()));
    header.decor_mut().set_prefix(format!(
        "# {} with the changes made on targetsim's page; run it with\n# `targetsim run` to get the page's numbers. The scenario it extends\n# holds every other number and its source.\n\n",
        entry.file
    ));
    out.insert("scenario", Item::Table(header));
    let mut simulation = Table::new();
    simulation.insert("paths", value(config.paths as i64));
    simulation.insert("seed", value(config.seed as i64));
    out.insert("simulation", Item::Table(simulation));
    for o in &set {
        let parts: Vec<&str> = o.key.split('.').collect();
        let old = overrides::get_number(&mut before.clone(), &o.key).or_else(|| {
            let mut targets = before_targets.clone()?;
            overrides::get_number_in(&mut targets, &o.key, overrides::Target::Targets)
        });
        let note = match old {
            Some(v) => format!(
                "# assumption: set on the page ({} = {}, was {v})\n",
                o.key, o.value
            ),
            None => format!("# assumption: set on the page ({} = {})\n", o.key, o.value),
        };
        copy_changed(&mut out, &changed, changed_targets.as_ref(), &parts, &note);
    }
    Ok(Answer {
        content_type: "application/toml; charset=utf-8",
        body: out.to_string().into_bytes(),
    })
}

/// The keys that say which entry a child entry amends.
fn identity_keys(array: &str) -> &'static [&'static str] {
    match array {
        "indicator" => &["id"],
        "shock" => &["name"],
        "correlation" => &["between"],
        _ => &["id"],
    }
}

/// Copy the top-level field the override changed (a whole inline table:
/// `extends` replaces those whole) into `out`.
fn copy_changed(
    out: &mut DocumentMut,
    changed: &DocumentMut,
    targets: Option<&DocumentMut>,
    parts: &[&str],
    note: &str,
) {
    if TABLES.contains(&parts[0]) {
        let (Some(table), Some(field)) =
            (changed.get(parts[0]).and_then(Item::as_table), parts.get(1))
        else {
            return;
        };
        if let Some(item) = table.get(field) {
            let slot = out
                .entry(parts[0])
                .or_insert(Item::Table(Table::new()))
                .as_table_mut();
            if let Some(slot) = slot {
                insert_noted(slot, field, item.clone(), note);
            }
        }
        return;
    }
    let (array, name, field) = if ARRAYS.contains(&parts[0]) {
        (parts[0], parts.get(1).copied(), parts.get(2).copied())
    } else {
        ("indicator", Some(parts[0]), parts.get(1).copied())
    };
    let (Some(name), Some(field)) = (name, field) else {
        return;
    };
    let find = |doc: &DocumentMut| -> Option<Table> {
        doc.get(array)?
            .as_array_of_tables()?
            .iter()
            .find(|t| entry_name(array, t).as_deref() == Some(name))
            .cloned()
    };
    let (source, in_targets_file) = match find(changed) {
        Some(t) => (t, false),
        None => match targets.and_then(find) {
            Some(t) => (t, true),
            None => return,
        },
    };
    let Some(item) = source.get(field) else {
        return;
    };
    let list = out
        .entry(array)
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(list) = list.as_array_of_tables_mut() else {
        return;
    };
    let existing = list
        .iter_mut()
        .position(|t| entry_name(array, t).as_deref() == Some(name));
    let index = match existing {
        Some(i) => i,
        None => {
            let mut t = Table::new();
            // `extends` knows a scenario's own target without an id by its
            // indicator and year; a targets file's target is amended by id
            // (its indicator when it has none).
            let keys: &[&str] = match array {
                "target" if !in_targets_file && !source.contains_key("id") => {
                    &["indicator", "year"]
                }
                _ => identity_keys(array),
            };
            for key in keys {
                if let Some(v) = source.get(key) {
                    t.insert(key, v.clone());
                }
            }
            if in_targets_file && !t.contains_key("id") {
                t.insert("id", value(name));
            }
            list.push(t);
            list.len() - 1
        }
    };
    if let Some(t) = list.get_mut(index) {
        insert_noted(t, field, item.clone(), note);
    }
}

fn insert_noted(table: &mut Table, field: &str, mut item: Item, note: &str) {
    if let Some(v) = item.as_value_mut() {
        v.decor_mut().clear();
    }
    table.insert(field, item);
    if let Some(mut key) = table.key_mut(field) {
        let before = key
            .leaf_decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_string();
        key.leaf_decor_mut().set_prefix(format!("{before}{note}"));
    }
}
