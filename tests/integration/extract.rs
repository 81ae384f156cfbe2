//! `targetsim extract`: the seed plan's eleven targets, none from the
//! qualitative one, and a table of sentences, one per wording and trap.

use crate::util::{assert_success, repo, targetsim, usage_error};
use targetsim::extract::{decode, extract};

/// (indicator, op, value in the base unit, base unit, year).
type Expected = (&'static str, &'static str, f64, &'static str, i32);

/// Sentences and what must be read from them: the targets, and how many
/// values are set aside as ambiguous.
fn cases() -> Vec<(&'static str, Vec<Expected>, usize)> {
    vec![
        // Comparisons.
        (
            "力争到2025年新一代信息技术产业产值突破6000亿元。",
            vec![("新一代信息技术产业产值", ">", 6e11, "yuan", 2025)],
            0,
        ),
        (
            "到2025年，地区生产总值超过6000亿元。",
            vec![("地区生产总值", ">", 6e11, "yuan", 2025)],
            0,
        ),
        (
            "到2027年，规上工业企业3000家以上。",
            vec![("规上工业企业", ">", 3000.0, "count", 2027)],
            0,
        ),
        (
            "到2025年上市企业达到80家。",
            vec![("上市企业", ">=", 80.0, "count", 2025)],
            0,
        ),
        (
            "力争到2025年上市企业达80家。",
            vec![("上市企业", ">=", 80.0, "count", 2025)],
            0,
        ),
        (
            "到2030年森林覆盖率不低于20%。",
            vec![("森林覆盖率", ">=", 20.0, "percent", 2030)],
            0,
        ),
        (
            "到2025年研发投入力争达到120亿元。",
            vec![("研发投入", ">=", 1.2e10, "yuan", 2025)],
            0,
        ),
        (
            "到2025年粮食产量稳定在50万吨以上。",
            vec![("粮食产量", ">=", 5e5, "tonne", 2025)],
            0,
        ),
        (
            "到2025年城镇调查失业率控制在5%以内。",
            vec![("城镇调查失业率", "<=", 5.0, "percent", 2025)],
            0,
        ),
        ("到2025年PM2.5平均浓度不超过30微克。", vec![], 0),
        (
            "到2025年万元GDP用水量不超过20吨。",
            vec![("万元GDP用水量", "<=", 20.0, "tonne", 2025)],
            0,
        ),
        ("到2025年重大事故起数5起以下。", vec![], 0),
        (
            "到2025年亿元以上项目不少于100个。",
            vec![("亿元以上项目", ">=", 100.0, "count", 2025)],
            0,
        ),
        // No comparative word: a quantity to form reads as at least.
        (
            "到2025年形成7个百亿级产业集群。",
            vec![("百亿级产业集群", ">=", 7.0, "count", 2025)],
            0,
        ),
        (
            "到2025年新增台资总部或功能性机构25家。",
            vec![("新增台资总部或功能性机构", ">=", 25.0, "count", 2025)],
            0,
        ),
        // Rates of change.
        (
            "到2025年单位地区生产总值能耗比2020年下降14.5%。",
            vec![("单位地区生产总值能耗下降", ">=", 14.5, "percent", 2025)],
            0,
        ),
        (
            "到2025年，地区生产总值年均增长6%以上。",
            vec![("地区生产总值年均增长", ">", 6.0, "percent", 2025)],
            0,
        ),
        (
            "到2025年研发经费占比提高2个百分点。",
            vec![("研发经费占比提高", ">=", 2.0, "percentage_point", 2025)],
            0,
        ),
        // Values and units.
        (
            "到2025年居民人均可支配收入达8.5万元。",
            vec![("居民人均可支配收入", ">=", 85000.0, "yuan", 2025)],
            0,
        ),
        (
            "到2026年规上工业总产值突破1.3万亿元。",
            vec![("规上工业总产值", ">", 1.3e12, "yuan", 2026)],
            0,
        ),
        (
            "到2025年村均集体可支配收入达1300万元。",
            vec![("村均集体可支配收入", ">=", 1.3e7, "yuan", 2025)],
            0,
        ),
        (
            "到2025年高新技术企业达到三千五百家。",
            vec![("高新技术企业", ">=", 3500.0, "count", 2025)],
            0,
        ),
        (
            "到2025年常住人口达到200万人。",
            vec![("常住人口", ">=", 2e6, "person", 2025)],
            0,
        ),
        (
            "到2025年轨道交通运营里程达到100公里。",
            vec![("轨道交通运营里程", ">=", 100.0, "km", 2025)],
            0,
        ),
        (
            "到2025年新增绿地面积50万平方米。",
            vec![("新增绿地面积", ">=", 5e5, "m2", 2025)],
            0,
        ),
        (
            "到2025年外贸进出口总额达到1,200亿美元。",
            vec![("外贸进出口总额", ">=", 1.2e11, "usd", 2025)],
            0,
        ),
        (
            "到2025年专利授权量突破１２０００件。",
            vec![("专利授权量", ">", 12000.0, "count", 2025)],
            0,
        ),
        (
            "到２０２５年，上市企业达８０家。",
            vec![("上市企业", ">=", 80.0, "count", 2025)],
            0,
        ),
        // Sentence structure.
        (
            "到2025年，居民人均可支配收入达8.5万元，村均集体可支配收入达1300万元。",
            vec![
                ("居民人均可支配收入", ">=", 85000.0, "yuan", 2025),
                ("村均集体可支配收入", ">=", 1.3e7, "yuan", 2025),
            ],
            0,
        ),
        (
            "到2025年，全市经济总量迈上新台阶。地区生产总值达到6000亿元。",
            vec![("地区生产总值", ">=", 6e11, "yuan", 2025)],
            0,
        ),
        (
            "力争到2025年形成3个千亿级、30个百亿级和150个十亿级企业矩阵。",
            vec![
                ("千亿级企业", ">=", 3.0, "count", 2025),
                ("百亿级企业", ">=", 30.0, "count", 2025),
                ("十亿级企业", ">=", 150.0, "count", 2025),
            ],
            0,
        ),
        (
            "到2025年规上工业企业和高新技术企业各3500家。",
            vec![
                ("规上工业企业", ">=", 3500.0, "count", 2025),
                ("高新技术企业", ">=", 3500.0, "count", 2025),
            ],
            0,
        ),
        (
            "到2025年，国家级、省级孵化器分别达到10家和30家。",
            vec![
                ("国家级孵化器", ">=", 10.0, "count", 2025),
                ("省级孵化器", ">=", 30.0, "count", 2025),
            ],
            0,
        ),
        (
            "到2025年，新建学校、医院分别达到20、8所。",
            vec![
                ("新建学校", ">=", 20.0, "count", 2025),
                ("医院", ">=", 8.0, "count", 2025),
            ],
            0,
        ),
        (
            "力争上市企业达80家。到2025年上市企业达80家。",
            vec![("上市企业", ">=", 80.0, "count", 2025)],
            0,
        ),
        (
            "到2025年上市企业达80家。到2025年，上市企业达80家。",
            vec![("上市企业", ">=", 80.0, "count", 2025)],
            0,
        ),
        // Found in other cities' plans.
        (
            "到2025年，森林覆盖率提高到41.65%，人均预期寿命达到83岁。",
            vec![
                ("森林覆盖率", ">=", 41.65, "percent", 2025),
                ("人均预期寿命", ">=", 83.0, "years_of_age", 2025),
            ],
            0,
        ),
        (
            "●2027年全市规上工业企业要达到1000家。",
            vec![("规上工业企业", ">=", 1000.0, "count", 2027)],
            0,
        ),
        (
            "力争到“十四五”末，城镇化率达到70%。",
            vec![("城镇化率", ">=", 70.0, "percent", 2025)],
            0,
        ),
        (
            "到2025年，城镇居民人均可支配收入由目前的3.5万元增长到5.3万元。",
            vec![("城镇居民人均可支配收入", ">=", 53000.0, "yuan", 2025)],
            0,
        ),
        (
            "提出到2025年地区生产总值将达到3.5万亿元。",
            vec![("地区生产总值", ">=", 3.5e12, "yuan", 2025)],
            0,
        ),
        // Not targets.
        ("2022年实现地区生产总值4748亿元。", vec![], 0),
        ("2023年全市新增上市企业6家。", vec![], 0),
        ("建成800千伏特高压输电线路。", vec![], 0),
        ("到2025年建成800千伏特高压工程。", vec![], 0),
        ("制定12项现代化行动计划，细化形成200项具体项目。", vec![], 0),
        (
            "实施《现代产业体系建设行动计划（2022~2025年）》。",
            vec![],
            0,
        ),
        ("围绕2025年和2035年两个时间节点描绘蓝图。", vec![], 0),
        ("到2025年，经济结构实现重大转变。", vec![], 0),
        // Ranges and approximate values: set aside, never kept or dropped.
        ("到2025年地区生产总值年均增长6%左右。", vec![], 1),
        ("到2025年，研发投入强度达到3%-3.5%。", vec![], 1),
        ("到2025年常住人口约200万人。", vec![], 1),
        ("到2025年引进人才3000至5000人。", vec![], 1),
    ]
}

#[test]
fn every_wording_and_trap_of_the_table() {
    let mut failures = Vec::new();
    for (text, expected, ambiguous) in cases() {
        let found = extract(&decode::normalize(text));
        let got: Vec<(String, String, f64, String, i32)> = found
            .targets
            .iter()
            .map(|t| {
                (
                    t.indicator.clone(),
                    t.op.clone(),
                    t.value,
                    t.unit.clone(),
                    t.year,
                )
            })
            .collect();
        let want: Vec<(String, String, f64, String, i32)> = expected
            .iter()
            .map(|(i, o, v, u, y)| (i.to_string(), o.to_string(), *v, u.to_string(), *y))
            .collect();
        let close = got.len() == want.len()
            && got.iter().zip(&want).all(|(g, w)| {
                g.0 == w.0
                    && g.1 == w.1
                    && (g.2 - w.2).abs() <= 1e-9 * w.2.abs()
                    && g.3 == w.3
                    && g.4 == w.4
            });
        if !close || found.ambiguous.len() != ambiguous {
            failures.push(format!(
                "{text}\n    want {want:?}, {ambiguous} set aside\n    got  {got:?}, {} set aside: {:?}",
                found.ambiguous.len(),
                found.ambiguous.iter().map(|a| &a.text).collect::<Vec<_>>()
            ));
        }
    }
    assert!(cases().len() >= 40);
    assert!(
        failures.is_empty(),
        "{} of {} sentences:\n{}",
        failures.len(),
        cases().len(),
        failures.join("\n")
    );
}

#[test]
fn gb18030_files_read_as_utf8_ones_do() {
    let text = "到2025年上市企业达80家，规上工业企业和高新技术企业各3500家。";
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let dir = tempfile::tempdir().unwrap();
    let (utf8_file, gb_file) = (dir.path().join("u.txt"), dir.path().join("g.txt"));
    std::fs::write(&utf8_file, text).unwrap();
    std::fs::write(&gb_file, &gb).unwrap();
    let json = |file: &std::path::Path| {
        let out = targetsim()
            .arg("extract")
            .arg(file)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_success(&out);
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let encoding = v["encoding"].as_str().unwrap().to_string();
        v.as_object_mut().unwrap().remove("file");
        v.as_object_mut().unwrap().remove("encoding");
        (v, encoding)
    };
    let ((a, ea), (b, eb)) = (json(&utf8_file), json(&gb_file));
    assert_eq!((ea.as_str(), eb.as_str()), ("UTF-8", "GB18030"));
    assert_eq!(a, b);
    assert_eq!(a["targets"].as_array().unwrap().len(), 3);
}

/// The targets file's targets as (indicator, op, value, year).
fn targets_of(toml_text: &str) -> Vec<(String, String, f64, i64)> {
    let v: toml::Value = toml::from_str(toml_text).expect("a valid targets file");
    v["target"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let value = t["value"]
                .as_float()
                .or_else(|| t["value"].as_integer().map(|i| i as f64))
                .unwrap();
            (
                t["indicator"].as_str().unwrap().to_string(),
                t["op"].as_str().unwrap().to_string(),
                value,
                t["year"].as_integer().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_seed_plan_gives_exactly_its_eleven_targets_and_the_same_odds() {
    let dir = tempfile::tempdir().unwrap();
    let extracted = dir.path().join("targets.toml");
    let out = targetsim()
        .args([
            "extract",
            "seeds/001_9926281e936eeeba.txt",
            "--scenario",
            "scenarios/kunshan/baseline.toml",
            "--output",
        ])
        .arg(&extracted)
        .output()
        .unwrap();
    assert_success(&out);
    let text = std::fs::read_to_string(&extracted).unwrap();
    let mut got = targets_of(&text);
    let mut want =
        targets_of(&std::fs::read_to_string(repo("seeds/kunshan-2025-targets.toml")).unwrap());
    let key = |t: &(String, String, f64, i64)| (t.0.clone(), t.3);
    got.sort_by_key(key);
    want.sort_by_key(key);
    assert_eq!(got, want);

    // The same scenario with the extracted file: the same probabilities.
    let seeds = repo("seeds");
    let scenario = std::fs::read_to_string(repo("scenarios/kunshan/baseline.toml"))
        .unwrap()
        .replace(
            "../../seeds/kunshan-2025-targets.toml",
            extracted.to_str().unwrap(),
        )
        .replace("../../seeds/", &format!("{}/", seeds.display()));
    let copy = dir.path().join("baseline.toml");
    std::fs::write(&copy, scenario).unwrap();
    let probabilities = |scenario: &std::path::Path| {
        let out = targetsim()
            .arg("run")
            .arg(scenario)
            .args(["--paths", "1000", "--format", "json"])
            .output()
            .unwrap();
        assert_success(&out);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut p: Vec<(String, f64, f64)> = v["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["indicator"].as_str().unwrap().to_string(),
                    t["value"].as_f64().unwrap(),
                    t["probability"].as_f64().unwrap(),
                )
            })
            .collect();
        p.sort_by(|a, b| a.0.cmp(&b.0));
        p
    };
    assert_eq!(
        probabilities(&copy),
        probabilities(&repo("scenarios/kunshan/baseline.toml"))
    );
}

#[test]
fn the_qualitative_seed_sets_no_targets() {
    let out = targetsim()
        .args([
            "extract",
            "seeds/000_ebec33d29f2516b3.txt",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["targets"].as_array().unwrap().len(), 0, "{v}");
}

#[test]
fn unlinked_targets_are_written_as_comments_so_the_file_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.txt");
    std::fs::write(
        &plan,
        "到2025年上市企业达80家，单位地区生产总值能耗比2020年下降14.5%。",
    )
    .unwrap();
    let out = targetsim()
        .arg("extract")
        .arg(&plan)
        .args([
            "--scenario",
            "scenarios/kunshan/baseline.toml",
            "--format",
            "toml",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        targets_of(&text),
        vec![("listed_companies".to_string(), ">=".to_string(), 80.0, 2025)]
    );
    assert!(text.contains("# Not linked"), "{text}");
    assert!(
        text.contains("# indicator = \"单位地区生产总值能耗下降\""),
        "{text}"
    );
}

#[test]
fn bad_plan_files_and_flags_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("b.txt");
    std::fs::write(&binary, b"\x00\x01binary").unwrap();
    let missing = dir.path().join("missing.txt");
    for file in [&binary, &missing] {
        let stderr = usage_error(targetsim().arg("extract").arg(file));
        assert!(
            stderr.contains(file.file_name().unwrap().to_str().unwrap()),
            "{stderr}"
        );
    }
    let stderr = usage_error(
        targetsim()
            .args([
                "extract",
                "seeds/001_9926281e936eeeba.txt",
                "--format",
                "json",
                "--output",
            ])
            .arg(dir.path().join("t.toml")),
    );
    assert!(stderr.contains("--format"), "{stderr}");
}

#[test]
fn arbitrary_text_never_panics() {
    // Plan-like fragments shuffled: every slice boundary in the scanner is
    // exercised with multi-byte characters next to digits and separators.
    let pieces = [
        "到",
        "2025年",
        "达",
        "突破",
        "以上",
        "左右",
        "约",
        "各",
        "分别",
        "和",
        "、",
        "，",
        "。",
        "；",
        "：",
        "3",
        "8.5",
        "三千五百",
        "万",
        "亿",
        "元",
        "家",
        "个",
        "%",
        "个百分点",
        "-",
        "至",
        "比",
        "2020年",
        "由目前的",
        "《",
        "》",
        "（一）",
        "6.",
        "●",
        "十四五",
        "末",
        "企业",
        "产值",
        "级",
        "\n",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 30) as usize;
        let text: String = (0..len)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let found = extract(&text);
        for t in &found.targets {
            assert!(t.value.is_finite(), "{text}: {t:?}");
        }
    }
}
