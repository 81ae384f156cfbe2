//! Every chart kind, in both languages, laid out so that nothing is cut off
//! or covered: each text lies inside the canvas, no two texts overlap, and
//! no text sits on a plotted shape (bars, bands, cells), measured from the
//! SVG with the fonts the charts are set in.

use crate::util::targetsim;
use std::path::{Path, PathBuf};
use targetsim::charts::typeset;

const SCENARIO: &str = "scenarios/kunshan/baseline.toml";

/// A box in pixels: left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
struct Box2 {
    l: f64,
    t: f64,
    r: f64,
    b: f64,
}

impl Box2 {
    /// Overlap by more than a pixel each way (anti-aliased edges may touch).
    fn overlaps(&self, o: &Box2) -> bool {
        self.l + 1.0 < o.r && o.l + 1.0 < self.r && self.t + 1.0 < o.b && o.t + 1.0 < self.b
    }
}

#[derive(Debug)]
struct Label {
    text: String,
    bounds: Box2,
    white: bool,
}

fn attr(n: &roxmltree::Node, name: &str) -> f64 {
    n.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// Each text's box, placed as plotters' SVG places it (`dy` 0.76em: top;
/// 0.5ex: centre; -0.5ex: bottom) and measured in the chart's font.
fn labels(doc: &roxmltree::Document) -> Vec<Label> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| {
            let text = n.text()?.trim().to_string();
            let css_size = attr(&n, "font-size");
            let family = if n.attribute("font-family")?.contains("DejaVu") {
                targetsim::charts::LATIN
            } else {
                targetsim::charts::CJK
            };
            let (w, h) = typeset::measure(family, css_size * 1.24, &text)?;
            let (w, h) = (w as f64, h as f64);
            let (x, y) = (attr(&n, "x"), attr(&n, "y"));
            let (l, r) = match n.attribute("text-anchor") {
                Some("end") => (x - w, x),
                Some("middle") => (x - w / 2.0, x + w / 2.0),
                _ => (x, x + w),
            };
            let (t, b) = match n.attribute("dy") {
                Some("0.76em") => (y, y + h),
                Some("-0.5ex") => (y - h, y),
                _ => (y - h / 2.0, y + h / 2.0),
            };
            // A rotated axis title turns about (x, y): its width runs upward.
            let bounds = match n.attribute("transform") {
                Some(tr) if tr.starts_with("rotate(270") => Box2 {
                    l: x - h / 2.0,
                    t: y - w / 2.0,
                    r: x + h / 2.0,
                    b: y + w / 2.0,
                },
                _ => Box2 { l, t, r, b },
            };
            Some(Label {
                text,
                bounds,
                white: n.attribute("fill") == Some("#FFFFFF"),
            })
        })
        .collect()
}

/// The filled shapes that show data: bars, bands, cells (not the white
/// background, not legend swatches, which are small and beside their text).
fn shapes(doc: &roxmltree::Document) -> Vec<Box2> {
    let filled = |n: &roxmltree::Node| {
        let fill = n.attribute("fill").unwrap_or("none");
        fill != "none" && fill != "#FFFFFF" && attr(n, "opacity") > 0.0
    };
    let mut out = Vec::new();
    for n in doc.descendants().filter(filled) {
        if n.has_tag_name("rect") {
            let (x, y, w, h) = (
                attr(&n, "x"),
                attr(&n, "y"),
                attr(&n, "width"),
                attr(&n, "height"),
            );
            // Legend swatches are 20 x 14.
            if !(w <= 20.0 && (13.0..=15.0).contains(&h)) {
                out.push(Box2 {
                    l: x,
                    t: y,
                    r: x + w,
                    b: y + h,
                });
            }
        } else if n.has_tag_name("polygon") {
            let points: Vec<(f64, f64)> = n
                .attribute("points")
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|p| {
                    let (a, b) = p.split_once(',')?;
                    Some((a.parse().ok()?, b.parse().ok()?))
                })
                .collect();
            if points.len() > 4 {
                let fold = |f: fn(f64, f64) -> f64, init: f64, k: usize| {
                    points
                        .iter()
                        .map(|p| if k == 0 { p.0 } else { p.1 })
                        .fold(init, f)
                };
                out.push(Box2 {
                    l: fold(f64::min, f64::MAX, 0),
                    t: fold(f64::min, f64::MAX, 1),
                    r: fold(f64::max, f64::MIN, 0),
                    b: fold(f64::max, f64::MIN, 1),
                });
            }
        }
    }
    out
}

/// What is wrong with the layout of one SVG chart, if anything.
fn layout_problems(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let svg = doc.root_element();
    let (width, height) = (attr(&svg, "width"), attr(&svg, "height"));
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let heat_map = name.starts_with("sweep-");
    let labels = labels(&doc);
    let shapes = shapes(&doc);
    let mut problems = Vec::new();
    for (i, a) in labels.iter().enumerate() {
        let b = a.bounds;
        if b.l < 0.0 || b.t < 0.0 || b.r > width || b.b > height {
            problems.push(format!(
                "{name}: {:?} is cut off at {b:?} ({width}x{height})",
                a.text
            ));
        }
        for other in &labels[i + 1..] {
            if a.bounds.overlaps(&other.bounds) {
                problems.push(format!("{name}: {:?} overlaps {:?}", a.text, other.text));
            }
        }
        // White text is written on a bar on purpose; a heat map's cells
        // carry their own numbers.
        if !a.white
            && !heat_map
            && let Some(s) = shapes.iter().find(|s| s.overlaps(&b))
        {
            problems.push(format!(
                "{name}: {:?} covers a plotted shape at {s:?}",
                a.text
            ));
        }
    }
    problems
}

/// Every chart kind of the flagship, drawn into `dir` in `lang`.
fn draw_every_kind(dir: &Path, lang: &str) -> Vec<PathBuf> {
    let out = |sub: &str| dir.join(sub).to_string_lossy().into_owned();
    let runs: Vec<Vec<String>> = vec![
        vec!["run", SCENARIO, "--paths", "1000", "--charts", &out("run")],
        vec![
            "compare",
            SCENARIO,
            "scenarios/kunshan/optimistic.toml",
            "scenarios/kunshan/pessimistic.toml",
            "--paths",
            "1000",
            "--charts",
            &out("compare"),
        ],
        vec![
            "sweep",
            SCENARIO,
            "--param",
            "listed_companies.additions.mean=4:10:2",
            "--paths",
            "300",
            "--charts",
            &out("sweep"),
        ],
        vec![
            "sweep",
            SCENARIO,
            "--param",
            "village_collective_income.growth.mean=0.02:0.08:0.02",
            "--param",
            "shock.downturn.probability=0:0.2:0.1",
            "--paths",
            "300",
            "--charts",
            &out("heat"),
        ],
        vec![
            "sensitivity",
            SCENARIO,
            "--target",
            "village_income_1300",
            "--paths",
            "500",
            "--charts",
            &out("sens"),
        ],
        vec![
            "sensitivity",
            SCENARIO,
            "--target",
            "listed_companies_80",
            "--paths",
            "500",
            "--charts",
            &out("sens"),
        ],
        vec![
            "backtest",
            SCENARIO,
            "--paths",
            "1000",
            "--charts",
            &out("backtest"),
        ],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(String::from).collect())
    .collect();
    for args in runs {
        targetsim()
            .args(&args)
            .args(["--lang", lang, "--format", "json"])
            .assert()
            .success();
    }
    let mut svgs = Vec::new();
    for sub in ["run", "compare", "sweep", "heat", "sens", "backtest"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "svg") {
                svgs.push(path);
            }
        }
    }
    svgs.sort();
    svgs
}

fn check_every_kind(lang: &str) {
    let dir = tempfile::tempdir().unwrap();
    let svgs = draw_every_kind(dir.path(), lang);
    // 2 run summaries + 12 fans + 11 histograms, compare, sweep lines, 11
    // heat maps, tornado and spider for two targets, 4 backtest fans.
    assert_eq!(svgs.len(), 25 + 1 + 1 + 11 + 4 + 4, "{svgs:?}");
    // The checks see what they check: each chart's texts, and the bars,
    // bands and cells of every chart that has them.
    let mut shapes_seen = 0;
    for svg in &svgs {
        let text = std::fs::read_to_string(svg).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert!(labels(&doc).len() >= 5, "{}", svg.display());
        shapes_seen += shapes(&doc).len();
    }
    assert!(shapes_seen > 300, "{shapes_seen}");
    let problems: Vec<String> = svgs.iter().flat_map(|p| layout_problems(p)).collect();
    assert!(
        problems.is_empty(),
        "{} layout problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The PNG of each chart has the SVG's size.
    for svg in &svgs {
        let text = std::fs::read_to_string(svg).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let root = doc.root_element();
        let png = svg.with_extension("png");
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
        let info = decoder.read_info().unwrap();
        let (w, h) = (info.info().width, info.info().height);
        assert_eq!(
            (w as f64, h as f64),
            (attr(&root, "width"), attr(&root, "height")),
            "{}",
            png.display()
        );
    }
}

#[test]
fn every_chart_kind_in_english_fits_and_covers_nothing() {
    check_every_kind("en");
}

#[test]
fn every_chart_kind_in_chinese_fits_and_covers_nothing() {
    let (_, warning) = targetsim::charts::resolve(&targetsim::charts::ChartOptions {
        lang: Some(targetsim::charts::Lang::Zh),
        font: None,
    })
    .unwrap();
    assert!(
        warning.is_none(),
        "a CJK font is needed to check the Chinese charts (.ci/run installs fonts-wqy-microhei): {warning:?}"
    );
    check_every_kind("zh");
}

#[test]
fn the_checker_finds_text_on_a_bar_and_text_off_the_canvas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.svg");
    std::fs::write(
        &path,
        r##"<svg width="200" height="100" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="200" height="100" opacity="1" fill="#FFFFFF"/>
<rect x="10" y="10" width="100" height="40" opacity="1" fill="#1A9850"/>
<text x="20" y="30" dy="0.5ex" text-anchor="start" font-family="'DejaVu Sans'" font-size="12" opacity="1" fill="#000000">on the bar</text>
<text x="195" y="80" dy="0.5ex" text-anchor="start" font-family="'DejaVu Sans'" font-size="12" opacity="1" fill="#000000">cut off</text>
<polygon points="120,60 190,60 190,95 150,95 120,90" opacity="1" fill="#5683C2"/>
<text x="160" y="75" dy="0.5ex" text-anchor="end" font-family="'DejaVu Sans'" font-size="12" opacity="1" fill="#000000">band</text>
<text x="20" y="35" dy="0.5ex" text-anchor="start" font-family="'DejaVu Sans'" font-size="12" opacity="1" fill="#FFFFFF">over</text>
</svg>"##,
    )
    .unwrap();
    let problems = layout_problems(&path);
    let expected = [
        "\"on the bar\" overlaps \"over\"",
        "\"on the bar\" covers a plotted shape",
        "\"cut off\" is cut off",
        "\"band\" covers a plotted shape",
    ];
    assert_eq!(problems.len(), expected.len(), "{problems:?}");
    for (problem, want) in problems.iter().zip(expected) {
        assert!(problem.contains(want), "{problem} (expected {want})");
    }
}
