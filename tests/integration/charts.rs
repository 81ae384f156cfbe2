//! Charts and reports are real files with the right structure (tested by
//! structure, not pixels).

use crate::util::targetsim;
use std::path::Path;

const SCENARIO: &str = "scenarios/kunshan/baseline.toml";

fn svg_texts(path: &Path) -> (roxmltree::Document<'static>, Vec<String>) {
    let text: &'static str = Box::leak(std::fs::read_to_string(path).unwrap().into_boxed_str());
    let doc =
        roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let texts = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect();
    (doc, texts)
}

fn has_text(texts: &[String], needle: &str) -> bool {
    texts.iter().any(|t| t.contains(needle))
}

fn png_size(path: &Path) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    // Not a blank image: more than one colour in the pixels.
    assert!(
        buf.iter().any(|&b| b != buf[0]),
        "{} is blank",
        path.display()
    );
    (info.width, info.height)
}

#[test]
fn chart_command_draws_every_chart_as_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    targetsim()
        .args(["chart", SCENARIO, "--paths", "4000", "--out"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout("");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // 2 summary charts + 12 fans (one per indicator) + 11 histograms (one
    // per target), each twice.
    assert_eq!(names.len(), 50, "{names:?}");
    for name in &names {
        let path = dir.path().join(name);
        if name.ends_with(".png") {
            assert_eq!(png_size(&path), (1100, 640), "{name}");
        } else {
            let (_, texts) = svg_texts(&path);
            assert!(
                has_text(&texts, "kunshan-baseline · seed 20220622 · 4,000 paths"),
                "{name} lacks the run note"
            );
        }
    }

    let (doc, texts) = svg_texts(&dir.path().join("fan-ngit_output.svg"));
    assert!(has_text(
        &texts,
        "New-generation IT industry output: simulated 2022-2025"
    ));
    assert!(has_text(&texts, "100 million yuan") && has_text(&texts, "year"));
    assert!(has_text(&texts, "target > 6,000: P(met) = "), "{texts:?}");
    for band in [
        "90% of paths",
        "80% of paths",
        "50% of paths",
        "median",
        "observed",
    ] {
        assert!(has_text(&texts, band), "legend lacks {band}");
    }
    let polygons = doc
        .descendants()
        .filter(|n| n.has_tag_name("polygon"))
        .count();
    assert!(
        polygons >= 3,
        "expected the three band polygons, found {polygons}"
    );

    let (_, texts) = svg_texts(&dir.path().join("histogram-ngit_output_6000.svg"));
    assert!(has_text(&texts, "P(> 6,000) = "), "{texts:?}");
    assert!(has_text(&texts, "target 6,000"));
    assert!(has_text(&texts, "paths that meet the target"));

    let (_, texts) = svg_texts(&dir.path().join("scoreboard.svg"));
    for label in [
        "Listed companies >= 80",
        "Per-capita disposable income of residents >= 85,000",
        "All targets together",
    ] {
        assert!(has_text(&texts, label), "scoreboard lacks {label}");
    }
    let (_, texts) = svg_texts(&dir.path().join("targets-met.svg"));
    assert!(has_text(&texts, "How many of the 11 targets are met"));
}

#[test]
fn a_target_far_off_the_scale_is_named_not_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("far.toml");
    std::fs::write(
        &scenario,
        "[scenario]\nname = \"far\"\nbase_year = 2024\ntarget_year = 2025\n[[indicator]]\nid = \"x\"\nkind = \"growth\"\nbase = 100\ngrowth = { dist = \"normal\", mean = 0.02, sd = 0.01 }\n[[target]]\nindicator = \"x\"\nop = \">\"\nvalue = 1000\n",
    )
    .unwrap();
    targetsim()
        .arg("chart")
        .arg(&scenario)
        .args(["--paths", "2000", "--out"])
        .arg(dir.path().join("c"))
        .assert()
        .success();
    let (_, texts) = svg_texts(&dir.path().join("c/fan-x.svg"));
    assert!(
        has_text(&texts, "target > 1,000: P(met) = 0.0% (off the scale)"),
        "{texts:?}"
    );
    let (_, texts) = svg_texts(&dir.path().join("c/histogram-x.svg"));
    assert!(
        has_text(&texts, "target 1,000 → (off the scale)"),
        "{texts:?}"
    );
}

#[test]
fn run_with_charts_keeps_stdout_for_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = targetsim()
        .args([
            "run", SCENARIO, "--paths", "2000", "--format", "json", "--charts",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["paths"], 2000);
    assert!(dir.path().join("scoreboard.png").exists());
    assert!(
        dir.path()
            .join("histogram-village_income_1300.svg")
            .exists()
    );
}

#[test]
fn html_report_is_self_contained_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    targetsim()
        .args(["report", SCENARIO, "--paths", "3000", "--out"])
        .arg(&path)
        .assert()
        .success();
    let html = std::fs::read_to_string(&path).unwrap();
    for needle in [
        "<title>Kunshan 2025 targets: baseline growth</title>",
        "Target scoreboard",
        "Assumptions",
        "seed 20220622",
        "targetsim run scenarios/kunshan/baseline.toml --seed 20220622 --paths 3000",
        "lognormal(mean 0.0487, sd 0.0312); its mean drawn per path with standard error 0.0133",
        "downturn",
        "ngit_output ~ high_end_equipment_output",
    ] {
        assert_contains!(html, needle);
    }
    // Every target in the results table, every chart inline.
    for target in [
        "New-generation IT industry output",
        "Listed companies",
        "Average collective disposable income per village",
    ] {
        assert_contains!(html, &format!("<td>{target}</td>"));
    }
    assert_eq!(html.matches("<figure").count(), 25);
    assert_eq!(html.matches("<svg").count(), 25);
    assert!(
        html.contains("id=\"fan-ngit_output\"")
            && html.contains("id=\"histogram-listed_companies_80\"")
    );
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "the report must not fetch anything"
    );
}

#[test]
fn markdown_report_has_its_pngs_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    // No --format: the .md extension asks for Markdown.
    let path = dir.path().join("kunshan.md");
    targetsim()
        .args(["report", SCENARIO, "--paths", "2000", "--out"])
        .arg(&path)
        .assert()
        .success();
    let md = std::fs::read_to_string(&path).unwrap();
    let images: Vec<&str> = md.lines().filter(|l| l.starts_with("![")).collect();
    assert_eq!(images.len(), 25);
    for line in images {
        let file = &line[line.find("](").unwrap() + 2..line.len() - 1];
        assert!(dir.path().join(file).exists(), "{file} missing");
    }
    assert_contains!(md, "| Listed companies | >= 80 (2025) |");
}

#[test]
fn chinese_without_a_font_falls_back_to_english_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = targetsim()
        .env("TARGETSIM_NO_SYSTEM_FONTS", "1")
        .args([
            "chart", SCENARIO, "--paths", "1000", "--lang", "zh", "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_contains!(
        String::from_utf8_lossy(&out.stderr),
        "--lang zh needs a font with Chinese characters and none was found",
        "--font PATH"
    );
    let (_, texts) = svg_texts(&dir.path().join("scoreboard.svg"));
    assert!(has_text(
        &texts,
        "Probability of meeting each target by 2025"
    ));

    assert_contains!(
        crate::util::usage_error(
            targetsim()
                .args([
                    "chart",
                    SCENARIO,
                    "--lang",
                    "zh",
                    "--font",
                    "no/such/font.ttc",
                    "--out",
                ])
                .arg(dir.path())
        ),
        "--font",
        "no/such/font.ttc"
    );
}

#[test]
fn chinese_labels_when_a_cjk_font_is_installed() {
    let dir = tempfile::tempdir().unwrap();
    let out = targetsim()
        .args([
            "chart", SCENARIO, "--paths", "1000", "--lang", "zh", "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    if String::from_utf8_lossy(&out.stderr).contains("none was found") {
        eprintln!(
            "no CJK font on this machine: the Chinese labels are not checked here (.ci/run installs one)"
        );
        return;
    }
    let (_, texts) = svg_texts(&dir.path().join("fan-ngit_output.svg"));
    assert!(has_text(&texts, "新一代信息技术产业产值"), "{texts:?}");
    assert!(has_text(&texts, "年份"));
    let (_, texts) = svg_texts(&dir.path().join("scoreboard.svg"));
    assert!(has_text(&texts, "全部目标同时达成"));
}
