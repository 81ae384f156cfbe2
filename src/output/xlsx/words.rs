//! Chinese names of sheets and column headers, for workbooks in
//! `--lang zh`. A table a reader can extend: a name missing here stays in
//! English.

use crate::text::Lang;

/// Sheet names: English, Chinese.
const SHEETS: &[(&str, &str)] = &[
    ("scoreboard", "目标达成概率"),
    ("indicators", "指标"),
    ("targets met", "达成目标个数"),
    ("assumptions", "假设"),
    ("run", "运行信息"),
    ("chart data", "图表数据"),
    ("charts", "图表"),
    ("comparison", "情景比较"),
    ("sweep", "参数扫描"),
    ("sweep grid", "参数扫描网格"),
    ("sensitivity", "敏感性"),
    ("tornado", "龙卷风图"),
    ("goal_seek", "目标求解"),
    ("scored", "观测评分"),
    ("events", "事件评分"),
    ("calibration", "校准"),
    ("bench", "基准测试"),
];

/// Column headers: English, Chinese.
const HEADERS: &[(&str, &str)] = &[
    ("target", "目标"),
    ("label", "名称"),
    ("condition", "条件"),
    ("indicator", "指标"),
    ("unit", "单位"),
    ("year", "年份"),
    ("probability", "达成概率"),
    ("ci95_low", "95%区间下限"),
    ("ci95_high", "95%区间上限"),
    ("median", "中位数"),
    ("p5", "第5百分位"),
    ("p10", "第10百分位"),
    ("p25", "第25百分位"),
    ("p50", "中位数"),
    ("p75", "第75百分位"),
    ("p90", "第90百分位"),
    ("p95", "第95百分位"),
    ("mean", "均值"),
    ("5th-95th percentile", "5%-95%区间"),
    ("25th-75th percentile", "25%-75%区间"),
    ("sd", "标准差"),
    ("required growth", "所需年增长"),
    ("assumed growth", "假设年增长"),
    ("required net additions a year", "所需年净增"),
    ("assumed net additions a year", "假设年净增"),
    ("source", "来源"),
    ("targets met", "达成目标个数"),
    ("paths", "路径数"),
    ("section", "类别"),
    ("item", "项目"),
    ("value", "数值"),
    ("details", "说明"),
    ("source or assumption", "来源或假设"),
    ("key", "项目"),
    ("input", "输入参数"),
    ("swing", "变动幅度"),
    ("low", "下调"),
    ("high", "上调"),
    ("all targets", "全部目标"),
    ("status", "状态"),
    ("percentile", "百分位"),
    ("in_50", "落在50%区间"),
    ("in_90", "落在90%区间"),
    ("event", "事件"),
    ("from", "预测起点"),
    ("happened", "是否发生"),
    ("brier", "Brier评分"),
];

fn lookup(table: &[(&str, &'static str)], en: &str) -> Option<&'static str> {
    table.iter().find(|(e, _)| *e == en).map(|(_, zh)| *zh)
}

/// A sheet's name in `lang` (in English capitalised: "Scoreboard").
pub(super) fn sheet_name(en: &str, lang: Lang) -> String {
    match (lang, lookup(SHEETS, en)) {
        (Lang::Zh, Some(zh)) => zh.to_string(),
        _ => {
            let words = en.replace('_', " ");
            let mut chars = words.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        }
    }
}

/// A column header in `lang`. A header that starts with a scenario's or
/// parameter's name ("baseline probability") translates its last words.
pub(super) fn header(en: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return en.to_string();
    }
    if let Some(zh) = lookup(HEADERS, en) {
        return zh.to_string();
    }
    match en.rsplit_once(' ') {
        Some((head, tail)) => match lookup(HEADERS, tail) {
            Some(zh) => format!("{head} {zh}"),
            None => en.to_string(),
        },
        None => en.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_known_words_and_keeps_the_rest() {
        assert_eq!(header("probability", Lang::Zh), "达成概率");
        assert_eq!(
            header("baseline probability", Lang::Zh),
            "baseline 达成概率"
        );
        assert_eq!(header("firms.noise_sd", Lang::Zh), "firms.noise_sd");
        assert_eq!(header("probability", Lang::En), "probability");
        assert_eq!(sheet_name("scoreboard", Lang::Zh), "目标达成概率");
        assert_eq!(sheet_name("scoreboard", Lang::En), "Scoreboard");
        assert_eq!(sheet_name("goal_seek", Lang::En), "Goal seek");
    }
}
