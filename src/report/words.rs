//! Assumptions in a planner's words, in English or Chinese: growth in
//! percent a year ("4.87% a year, sd 3.12%"), counts a year, shocks by the
//! indicators they hit. The scenario's own notation is in the scenario file
//! and the workbook's Assumptions sheet.

use crate::charts::Lang;
use crate::distr::count::CountDist;
use crate::distr::growth::GrowthDist;
use crate::model::{IndicatorKind, Model, Shock};
use crate::text::{number, percent_value as pct};

fn pick<'a>(lang: Lang, en: &'a str, zh: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// One year's growth distribution.
pub fn growth(dist: &GrowthDist, lang: Lang) -> String {
    match (dist, lang) {
        (GrowthDist::Normal { mean, sd } | GrowthDist::LogNormal { mean, sd, .. }, Lang::En) => {
            format!("{} a year, sd {}", pct(*mean), pct(*sd))
        }
        (GrowthDist::Normal { mean, sd } | GrowthDist::LogNormal { mean, sd, .. }, Lang::Zh) => {
            format!("年均{}，标准差{}", pct(*mean), pct(*sd))
        }
        (GrowthDist::StudentT { mean, sd, df, .. }, Lang::En) => format!(
            "{} a year, sd {}, fat tails (df {})",
            pct(*mean),
            pct(*sd),
            number(*df)
        ),
        (GrowthDist::StudentT { mean, sd, df, .. }, Lang::Zh) => format!(
            "年均{}，标准差{}，厚尾（自由度{}）",
            pct(*mean),
            pct(*sd),
            number(*df)
        ),
        (
            GrowthDist::Triangular { min, mode, max } | GrowthDist::Pert { min, mode, max, .. },
            Lang::En,
        ) => format!(
            "{} to {} a year, most likely {}",
            pct(*min),
            pct(*max),
            pct(*mode)
        ),
        (
            GrowthDist::Triangular { min, mode, max } | GrowthDist::Pert { min, mode, max, .. },
            Lang::Zh,
        ) => format!("每年{}至{}，最可能{}", pct(*min), pct(*max), pct(*mode)),
        (GrowthDist::Uniform { min, max }, Lang::En) => {
            format!(
                "{} to {} a year, any value equally likely",
                pct(*min),
                pct(*max)
            )
        }
        (GrowthDist::Uniform { min, max }, Lang::Zh) => {
            format!("每年{}至{}，均匀分布", pct(*min), pct(*max))
        }
        (GrowthDist::Fixed { value }, Lang::En) => format!("{} a year", pct(*value)),
        (GrowthDist::Fixed { value }, Lang::Zh) => format!("每年{}", pct(*value)),
    }
}

/// A yearly count distribution.
pub fn count(dist: &CountDist, lang: Lang) -> String {
    match (dist, lang) {
        (CountDist::Poisson { mean }, Lang::En) => {
            format!("{} a year on average (Poisson)", number(*mean))
        }
        (CountDist::Poisson { mean }, Lang::Zh) => format!("年均{}（泊松分布）", number(*mean)),
        (CountDist::NegativeBinomial { mean, dispersion }, Lang::En) => format!(
            "{} a year on average, dispersion {}",
            number(*mean),
            number(*dispersion)
        ),
        (CountDist::NegativeBinomial { mean, dispersion }, Lang::Zh) => {
            format!("年均{}，离散参数{}", number(*mean), number(*dispersion))
        }
        (CountDist::Fixed { value }, Lang::En) => format!("{} a year", number(*value)),
        (CountDist::Fixed { value }, Lang::Zh) => format!("每年{}", number(*value)),
    }
}

/// How an indicator moves from year to year.
pub fn dynamics(model: &Model, kind: &IndicatorKind, lang: Lang) -> String {
    match kind {
        IndicatorKind::Growth {
            by_year, mean_sd, ..
        } => {
            let texts: Vec<String> = by_year.iter().map(|d| growth(d, lang)).collect();
            // The most frequent description is the default; list the rest by year.
            let default = texts
                .iter()
                .max_by_key(|t| texts.iter().filter(|u| u == t).count())
                .cloned()
                .unwrap_or_default();
            let mut out = default.clone();
            for (year, text) in model.year_range().zip(&texts) {
                if *text != default {
                    out.push_str(&match lang {
                        Lang::En => format!("; in {year}: {text}"),
                        Lang::Zh => format!("；{year}年：{text}"),
                    });
                }
            }
            if *mean_sd > 0.0 {
                out.push_str(&match lang {
                    Lang::En => format!("; the mean itself uncertain (sd {})", pct(*mean_sd)),
                    Lang::Zh => format!("；均值本身不确定（标准差{}）", pct(*mean_sd)),
                });
            }
            out
        }
        IndicatorKind::Count { additions, exits } => {
            let mut out = format!(
                "{}{}",
                pick(lang, "new: ", "新增："),
                count(additions, lang)
            );
            if let Some(e) = exits {
                out.push_str(pick(lang, "; exits: ", "；退出："));
                out.push_str(&count(e, lang));
            }
            out
        }
        IndicatorKind::FirmCount { threshold } => match lang {
            Lang::En => format!(
                "the simulated firms with revenue of at least {} (see Firms)",
                number(*threshold)
            ),
            Lang::Zh => format!(
                "模拟企业中营收不低于{}的企业数（见“企业”）",
                number(*threshold)
            ),
        },
        IndicatorKind::FirmOutput { sector } => match (sector, &model.firms, lang) {
            (Some(k), Some(f), Lang::En) => {
                format!("revenue of the {} sector's firms", f.sectors[*k].id)
            }
            (Some(k), Some(f), Lang::Zh) => format!("{}行业企业营收合计", f.sectors[*k].id),
            _ => pick(
                lang,
                "revenue of all simulated firms",
                "全部模拟企业营收合计",
            )
            .to_string(),
        },
    }
}

/// An indicator's label in `lang`.
pub fn label(model: &Model, k: usize, lang: Lang) -> &str {
    let ind = &model.indicators[k];
    match (lang, &ind.label_zh) {
        (Lang::Zh, Some(zh)) => zh,
        _ => &ind.label,
    }
}

/// A shock's impacts: points added to a growth indicator's growth, a
/// share added to a count's additions ("New-generation IT industry output:
/// growth -8 points; Listed companies: additions -30%").
pub fn shock_impacts(model: &Model, shock: &Shock, lang: Lang) -> String {
    let impacts: Vec<String> = shock
        .impacts
        .iter()
        .map(|&(k, v)| {
            let sign = if v > 0.0 { "+" } else { "" };
            let amount = format!("{sign}{}", pct(v));
            let what = match (&model.indicators[k].kind, lang) {
                (IndicatorKind::Count { .. }, Lang::En) => format!("additions {amount}"),
                (IndicatorKind::Count { .. }, Lang::Zh) => format!("新增 {amount}"),
                (_, Lang::En) => format!("growth {} points", amount.trim_end_matches('%')),
                (_, Lang::Zh) => format!("增长率 {}个百分点", amount.trim_end_matches('%')),
            };
            format!("{}{}{what}", label(model, k, lang), pick(lang, ": ", "："))
        })
        .collect();
    impacts.join(pick(lang, "; ", "；"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_is_written_in_percent_a_year() {
        let normal = GrowthDist::Normal {
            mean: 0.0487,
            sd: 0.0312,
        };
        assert_eq!(growth(&normal, Lang::En), "4.87% a year, sd 3.12%");
        assert_eq!(growth(&normal, Lang::Zh), "年均4.87%，标准差3.12%");
        let tri = GrowthDist::Triangular {
            min: -0.02,
            mode: 0.05,
            max: 0.1,
        };
        assert_eq!(growth(&tri, Lang::En), "-2% to 10% a year, most likely 5%");
    }

    #[test]
    fn counts_are_written_a_year() {
        let c = CountDist::Poisson { mean: 6.25 };
        assert_eq!(count(&c, Lang::En), "6.25 a year on average (Poisson)");
        assert_eq!(count(&c, Lang::Zh), "年均6.25（泊松分布）");
    }
}
