//! The words charts show for ids: a target's wording ("New-generation IT
//! industry output > 6,000") and a parameter's meaning ("New-generation IT
//! industry output: mean growth") for a `--set` key, in either language,
//! and a parameter's value in its own terms (growth in percent).

use super::style::{Lang, Style};
use crate::model::Model;
use crate::text::number;

/// Labels of a model's indicators and targets.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// (id, English label, Chinese label).
    indicators: Vec<(String, String, Option<String>)>,
    /// (target id, indicator id, "op value").
    targets: Vec<(String, String, String)>,
}

/// Plain names of the fields a `--set` key ends in: (field, English, Chinese).
const FIELDS: &[(&str, &str, &str)] = &[
    ("base", "base-year value", "基期值"),
    ("growth.mean", "mean growth", "增长率均值"),
    ("growth.sd", "growth sd", "增长率标准差"),
    (
        "growth.mean_sd",
        "uncertainty of mean growth",
        "增长率均值的不确定性",
    ),
    ("growth.df", "growth tails (df)", "增长率厚尾（自由度）"),
    ("growth.min", "lowest growth", "最低增长率"),
    ("growth.mode", "most likely growth", "最可能增长率"),
    ("growth.max", "highest growth", "最高增长率"),
    ("additions.mean", "new a year", "每年新增"),
    (
        "additions.dispersion",
        "dispersion of new ones",
        "新增离散参数",
    ),
    ("exits.mean", "exits a year", "每年退出"),
    ("exits.dispersion", "dispersion of exits", "退出离散参数"),
    ("probability", "probability a year", "每年发生概率"),
    ("noise_sd", "spread of a firm's growth", "企业增长波动"),
    (
        "top_alpha",
        "tail of the largest (Pareto alpha)",
        "头部尾部参数",
    ),
    ("body.count", "smaller firms modelled", "建模的中小企业数"),
    ("body.median", "their median revenue", "其营收中位数"),
    ("body.sigma", "their spread (log sd)", "其离散度"),
    ("exit.hazard", "exit probability a year", "每年退出概率"),
    (
        "exit.elasticity",
        "how exit varies with size",
        "退出率随规模的变化",
    ),
    (
        "exit.reference",
        "reference revenue for exits",
        "退出参考营收",
    ),
    ("entry.rate", "new firms a year", "每年新设企业数"),
    (
        "entry.median",
        "new firms' median revenue",
        "新设企业营收中位数",
    ),
    (
        "entry.sigma",
        "new firms' spread (log sd)",
        "新设企业离散度",
    ),
    ("value", "target value", "目标值"),
];

impl Names {
    /// The names of `model`'s indicators and targets.
    pub fn of(model: &Model) -> Names {
        let indicators = model
            .indicators
            .iter()
            .map(|i| (i.id.clone(), i.label.clone(), i.label_zh.clone()))
            .collect();
        let targets = model
            .targets
            .iter()
            .map(|t| {
                (
                    t.id.clone(),
                    model.indicators[t.indicator].id.clone(),
                    format!("{} {}", t.op, number(t.value)),
                )
            })
            .collect();
        Names {
            indicators,
            targets,
        }
    }

    /// An indicator's label in the chart language (its id if unknown).
    pub fn indicator<'a>(&'a self, id: &'a str, s: Style) -> &'a str {
        match self.indicators.iter().find(|(i, _, _)| i == id) {
            Some((_, _, Some(zh))) if s.lang == Lang::Zh => zh,
            Some((_, en, _)) => en,
            None => id,
        }
    }

    /// A target's wording: its indicator's label, operator and value.
    pub fn target(&self, id: &str, s: Style) -> String {
        match self.targets.iter().find(|(t, _, _)| t == id) {
            Some((_, indicator, condition)) => {
                format!("{} {condition}", self.indicator(indicator, s))
            }
            None => id.to_string(),
        }
    }

    /// What a `--set` key means, in the chart language.
    pub fn param(&self, key: &str, s: Style) -> String {
        let field = |f: &str| -> String {
            FIELDS
                .iter()
                .find(|(k, _, _)| *k == f)
                .map_or(f.to_string(), |(_, en, zh)| s.pick(en, zh).to_string())
        };
        let parts: Vec<&str> = key.splitn(2, '.').collect();
        let (head, rest) = match parts.as_slice() {
            [h, r] => (*h, *r),
            _ => return key.to_string(),
        };
        match head {
            "correlation" => {
                let pair = rest.trim_end_matches(".rho");
                let (a, b) = pair.split_once('~').unwrap_or((pair, ""));
                let (a, b) = (self.indicator(a, s), self.indicator(b, s));
                match s.lang {
                    Lang::En => format!("correlation of {a} and {b}"),
                    Lang::Zh => format!("{a}与{b}的相关系数"),
                }
            }
            "shock" => {
                let (name, what) = rest.split_once('.').unwrap_or((rest, ""));
                let what = match what.strip_prefix("impact.") {
                    Some(ind) => format!(
                        "{} {}",
                        s.pick("impact on", "对其影响："),
                        self.indicator(ind, s)
                    ),
                    None => field(what),
                };
                match s.lang {
                    Lang::En => format!("shock '{name}': {what}"),
                    Lang::Zh => format!("冲击“{name}”：{what}"),
                }
            }
            "firms" => format!("{}: {}", s.pick("firms", "企业"), field(rest)),
            "target" => {
                let id = rest.trim_end_matches(".value");
                format!("{}: {}", s.pick("target", "目标"), self.target(id, s))
            }
            indicator => {
                let what = match year_field(rest) {
                    Some((year, f)) => match s.lang {
                        Lang::En => format!("{} in {year}", field(&format!("growth.{f}"))),
                        Lang::Zh => format!("{year}年{}", field(&format!("growth.{f}"))),
                    },
                    None => field(rest),
                };
                let sep = s.pick(": ", "：");
                format!("{}{sep}{what}", self.indicator(indicator, s))
            }
        }
    }
}

/// `growth_by_year.2023.mean` as (2023, "mean").
fn year_field(rest: &str) -> Option<(&str, &str)> {
    let tail = rest.strip_prefix("growth_by_year.")?;
    tail.split_once('.')
}

pub use crate::text::{is_rate, param_value};

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            indicators: vec![
                (
                    "ngit".into(),
                    "NGIT output".into(),
                    Some("新一代信息技术".into()),
                ),
                ("income".into(), "Income".into(), None),
            ],
            targets: vec![("ngit_6000".into(), "ngit".into(), "> 6,000".into())],
        }
    }

    const EN: Style = Style { lang: Lang::En };
    const ZH: Style = Style { lang: Lang::Zh };

    #[test]
    fn parameters_are_named_by_their_meaning() {
        let n = names();
        assert_eq!(n.param("ngit.growth.mean", EN), "NGIT output: mean growth");
        assert_eq!(
            n.param("ngit.growth.mean", ZH),
            "新一代信息技术：增长率均值"
        );
        assert_eq!(
            n.param("correlation.ngit~income.rho", EN),
            "correlation of NGIT output and Income"
        );
        assert_eq!(
            n.param("shock.downturn.impact.ngit", EN),
            "shock 'downturn': impact on NGIT output"
        );
        assert_eq!(n.param("firms.entry.rate", EN), "firms: new firms a year");
        assert_eq!(
            n.param("ngit.growth_by_year.2023.mean", EN),
            "NGIT output: mean growth in 2023"
        );
        assert_eq!(
            n.param("target.ngit_6000.value", EN),
            "target: NGIT output > 6,000"
        );
        // An unknown indicator keeps its id; nothing is dropped.
        assert_eq!(n.param("other.base", EN), "other: base-year value");
    }

    #[test]
    fn rates_are_shown_in_percent() {
        assert_eq!(param_value("ngit.growth.mean", 0.0487), "4.87%");
        assert_eq!(param_value("shock.downturn.probability", 0.1), "10%");
        assert_eq!(param_value("correlation.a~b.rho", 0.6), "0.60");
        assert_eq!(param_value("firms.entry.rate", 700.0), "700");
    }
}
