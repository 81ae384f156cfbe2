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
            // Charts with a legend under the plot grow by its rows.
            let (w, h) = png_size(&path);
            assert!(w == 1100 && (640..=760).contains(&h), "{name}: {w}x{h}");
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
    assert!(
        has_text(&texts, "target > 6,000 in 2025: P(met) = "),
        "{texts:?}"
    );
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
    assert!(has_text(&texts, "target > 6,000: P(met) = "), "{texts:?}");
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
        has_text(
            &texts,
            "target > 1,000 in 2025: P(met) = 0.0% (off the scale)"
        ),
        "{texts:?}"
    );
    let (_, texts) = svg_texts(&dir.path().join("c/histogram-x.svg"));
    assert!(
        has_text(&texts, "→ (off the scale)") && has_text(&texts, "target > 1,000: P(met) = 0.0%"),
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
        "downturn",
        // Assumptions in a planner's words, growth in percent.
        "4.87% a year, sd 3.12%; the mean itself uncertain (sd 1.33%)",
        "New-generation IT industry output ~ High-end equipment manufacturing output",
        "New-generation IT industry output: growth -5 points",
        // Units in the condition, P(met) coloured like the scoreboard.
        "<td>&gt; 6,000 (100 million yuan) in 2025</td><td class=\"p green\">",
        "<td>&gt;= 80 firms in 2025</td><td class=\"p red\">",
    ] {
        assert_contains!(html, needle);
    }
    // The command that reproduces this very report.
    assert_contains!(
        html,
        &format!(
            "targetsim report scenarios/kunshan/baseline.toml --seed 20220622 --paths 3000 --out {}",
            path.display()
        )
    );
    // A table of contents whose every link has its anchor.
    let nav = &html[html.find("<nav>").unwrap()..html.find("</nav>").unwrap()];
    let links: Vec<&str> = nav
        .split("href=\"#")
        .skip(1)
        .map(|l| &l[..l.find('"').unwrap()])
        .collect();
    assert!(links.len() >= 10, "{links:?}");
    for id in &links {
        assert_contains!(html, &format!("id=\"{id}\""));
    }
    // The summary opens the report, in words: the odds in groups, and what
    // each unlikely target hangs on.
    let summary = &html[html.find("<ul class=\"summary\">").unwrap()..];
    let summary = &summary[..summary.find("</ul>").unwrap()];
    assert!(html.find("id=\"summary\"").unwrap() < html.find("id=\"scoreboard\"").unwrap());
    assert_contains!(
        summary,
        "Of 11 targets for 2025, 2 are likely, 2 in the balance and 7 unlikely, on 3,000 simulated paths.",
        "Likely (80% or more): Per-capita disposable income of residents &gt;= 85,000",
        "Unlikely (below 50%):",
        "Average collective disposable income per village &gt;= 1,300: the median outcome is",
        "Its outcome hangs most on the growth of Average collective disposable income per village (assumed 4.87% a year, sd 3.12%)",
        "Listed companies &gt;= 80: the median outcome is",
        "It needs net additions of 10 a year; the scenario assumes 5.50."
    );
    // Captions add to the chart's title rather than repeat it.
    for figure in html.split("<figure").skip(1) {
        let caption = &figure
            [figure.find("<figcaption>").unwrap() + 12..figure.find("</figcaption>").unwrap()];
        assert!(caption.len() > 60, "{caption}");
        let title_text = figure.split("<text").nth(1).unwrap_or("");
        assert!(!title_text.contains(caption), "{caption}");
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
    assert_contains!(md, "| Listed companies | >= 80 firms in 2025 |");
    assert_contains!(md, "## Summary", "- Of 11 targets for 2025,");
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

#[test]
fn a_chinese_report_is_chinese_throughout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    targetsim()
        .args([
            "report", SCENARIO, "--paths", "2000", "--lang", "zh", "--out",
        ])
        .arg(&path)
        .assert()
        .success();
    let html = std::fs::read_to_string(&path).unwrap();
    assert_contains!(
        html,
        "<title>昆山2025年目标：基准增长</title>",
        "增长延续2021年以前观察到的速度",
        "<h2 id=\"summary\">摘要</h2>",
        "2025年的11个目标中，2个很可能达成",
        "<td>2025年 &gt; 6,000亿元</td>",
        "年均4.87%，标准差3.12%",
        "新一代信息技术产业产值：增长率 -5个百分点",
        "--lang zh --out"
    );
    for english in ["Target scoreboard", "Contents", "Summary", "(assumed"] {
        assert!(!html.contains(english), "{english} in the Chinese report");
    }
}
