//! The shape docs/architecture.md describes, checked on the source: no
//! import cycle between top-level modules, and no long functions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file below `src/`, with its text up to its test module.
fn code() -> Vec<(PathBuf, String)> {
    let root = crate::util::repo("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap().to_string();
            (p.strip_prefix(&root).unwrap().to_path_buf(), code)
        })
        .collect()
}

/// The top-level module a file belongs to (`engine` for `engine/lanes/rng.rs`).
fn top_module(path: &Path) -> String {
    let first = path
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a piece of code names as `crate::NAME`, including
/// inside `use crate::{a, b::{c, d}}` groups over several lines.
fn named_modules(code: &str) -> BTreeSet<String> {
    let text: String = code
        .lines()
        .map(|l| l.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    let mut names = BTreeSet::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                for item in top_level_items(group) {
                    names.insert(leading_name(&item));
                }
            }
            None => {
                names.insert(leading_name(rest));
            }
        }
    }
    names.remove("");
    names.remove("self");
    names
}

/// The comma-separated items of a `{...}` group (after its `{`), nested
/// groups kept whole.
fn top_level_items(group: &str) -> Vec<String> {
    let (mut items, mut item, mut depth) = (Vec::new(), String::new(), 0);
    for c in group.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut item));
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    items.push(item);
    items
}

/// The first path segment of `text`.
fn leading_name(text: &str) -> String {
    text.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
        .collect()
}

#[test]
fn top_level_modules_import_without_cycles() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, code) in code() {
        let from = top_module(&path);
        for to in named_modules(&code) {
            if to != from {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Depth-first search for a back edge, reporting the cycle it closes.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|n| n == node) {
            panic!("import cycle: {} -> {node}", stack[at..].join(" -> "));
        }
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, stack, done);
        }
        stack.pop();
        done.insert(node.to_string());
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done);
    }
    // The pipeline runs one way: the engine knows nothing above it.
    for low in ["model", "engine", "distr", "stats", "text", "io", "output"] {
        let above: Vec<&String> = edges
            .get(low)
            .into_iter()
            .flatten()
            .filter(|m| {
                [
                    "scenario", "results", "whatif", "observed", "charts", "report", "commands",
                    "cli",
                ]
                .contains(&m.as_str())
            })
            .collect();
        assert!(
            above.is_empty(),
            "{low} imports {above:?}, which is above it"
        );
    }
}

#[test]
fn the_cycle_check_sees_grouped_imports() {
    let names = named_modules(
        "use crate::{engine::Plan, model::{self, Model}};\nlet x = crate::text::percent(p);",
    );
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["engine", "model", "text"]
    );
}

/// Most lines a function may have (signature to closing brace).
const MAX_FUNCTION_LINES: usize = 110;

#[test]
fn functions_are_short() {
    let mut long = Vec::new();
    for (path, code) in code() {
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "const fn "]
                .iter()
                .any(|p| trimmed.starts_with(p));
            if !is_fn || line.trim_end().ends_with(';') {
                continue;
            }
            let indent = &line[..line.len() - trimmed.len()];
            let close = format!("{indent}}}");
            if let Some(end) = lines[i + 1..].iter().position(|l| *l == close)
                && end + 2 > MAX_FUNCTION_LINES
            {
                long.push(format!("{}:{} ({} lines)", path.display(), i + 1, end + 2));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines:\n{}",
        long.join("\n")
    );
}
