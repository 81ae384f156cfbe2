//! Numbers as plans write them: Arabic (`3,500`, `8.5`) or Chinese
//! (`三千五百`, `一万二千`, `两`), before a multiplier (万, 亿, 万亿).

/// The value of an Arabic or Chinese numeral, if it is one.
pub fn parse(text: &str) -> Option<f64> {
    if text.chars().next()?.is_ascii_digit() {
        return text.replace(',', "").parse().ok();
    }
    chinese(text)
}

fn digit(c: char) -> Option<f64> {
    Some(match c {
        '零' | '〇' => 0.0,
        '一' => 1.0,
        '二' | '两' => 2.0,
        '三' => 3.0,
        '四' => 4.0,
        '五' => 5.0,
        '六' => 6.0,
        '七' => 7.0,
        '八' => 8.0,
        '九' => 9.0,
        _ => return None,
    })
}

/// A Chinese numeral: digits with 十/百/千 inside sections joined by 万 and
/// 亿 (`三千五百` = 3500, `十五` = 15, `一万二千` = 12000).
fn chinese(text: &str) -> Option<f64> {
    // Floating point: a run of 万 and 亿 (万亿亿亿…) grows without bound
    // instead of overflowing; the caller drops what is not finite.
    let mut total = 0.0;
    let mut section = 0.0;
    let mut pending: Option<f64> = None;
    let mut any = false;
    for c in text.chars() {
        if let Some(d) = digit(c) {
            pending = Some(d);
            any = true;
            continue;
        }
        let small = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            _ => 0.0,
        };
        if small > 0.0 {
            // 十 alone (十五) means one ten.
            section += pending.take().unwrap_or(1.0) * small;
            any = true;
            continue;
        }
        let big = match c {
            '万' => 1e4,
            '亿' => 1e8,
            _ => return None,
        };
        section += pending.take().unwrap_or(0.0);
        total = (total + f64::max(section, 1.0)) * big;
        section = 0.0;
    }
    any.then(|| total + section + pending.unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arabic_and_chinese_numerals() {
        for (text, value) in [
            ("3,500", 3500.0),
            ("8.5", 8.5),
            ("三千五百", 3500.0),
            ("十五", 15.0),
            ("二十", 20.0),
            ("一百零五", 105.0),
            ("两", 2.0),
            ("一万二千", 12000.0),
            ("三", 3.0),
        ] {
            assert_eq!(parse(text), Some(value), "{text}");
        }
        assert_eq!(parse("级"), None);
        assert!(parse(&format!("一{}", "亿".repeat(400))).is_some_and(|x| x.is_infinite()));
    }
}
