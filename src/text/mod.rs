//! Text formatting of numbers and percents, shared by tables, charts and
//! reports, so that every output writes a number the same way.

/// Label language of charts, reports and workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese (charts need a CJK font).
    Zh,
}

/// A number with thousands separators and decimals suited to its size.
pub fn number(x: f64) -> String {
    let decimals = if x.abs() >= 100.0 || x.fract() == 0.0 {
        0
    } else if x.abs() >= 10.0 {
        1
    } else {
        2
    };
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A tick label on an axis spanning `span`: as many decimals as the tick
/// spacing (about a tenth of the span) needs, so ticks never repeat.
pub fn axis_number(x: f64, span: f64) -> String {
    let step = span.abs() / 10.0;
    if step >= 1.0 || step == 0.0 {
        return number(x.round());
    }
    let decimals = (-step.log10()).ceil().clamp(1.0, 6.0) as usize;
    let rounded = format!("{:.*}", decimals, x.abs());
    let (int, frac) = rounded.split_once('.').unwrap_or((&rounded, ""));
    let grouped = number(int.parse::<f64>().unwrap_or(0.0));
    let sign = if x < 0.0 && rounded.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{frac}")
}

/// A probability as a percentage, never rounding a possible event to 0 or 100.
pub fn percent(p: f64) -> String {
    if p > 0.0 && p < 0.0005 {
        "<0.1%".to_string()
    } else if p < 1.0 && p > 0.9995 {
        ">99.9%".to_string()
    } else {
        format!("{:.1}%", 100.0 * p)
    }
}

/// A rate written as a fraction (growth, a probability as an assumption)
/// in percent, to at most two decimals: 0.0487 is "4.87%", 0.1 is "10%".
pub fn percent_value(v: f64) -> String {
    let hundredths = (v * 1e4).round() / 100.0;
    let hundredths = if hundredths == 0.0 { 0.0 } else { hundredths };
    format!("{}%", format_value(hundredths))
}

/// A difference of probabilities in percentage points, one decimal, signed;
/// a difference that rounds to nothing is `0.0`, never `-0.0`.
pub fn points(d: f64) -> String {
    let tenths = (1000.0 * d).round();
    if tenths == 0.0 {
        "0.0".into()
    } else {
        format!("{:+.1}", tenths / 10.0)
    }
}

/// A value for display: at most six decimals, trailing zeros dropped.
pub fn short(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A number as people write it: no trailing `.0`, up to 4 decimals.
pub fn format_value(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A number as given in a message: as written for ordinary sizes, in
/// scientific notation when very large or very small (`1e308`, not 309 digits).
pub fn plain(x: f64) -> String {
    if x != 0.0 && (x.abs() >= 1e9 || x.abs() < 1e-6) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Is the parameter a rate written as a fraction (growth, a probability,
/// a shock's impact), best shown in percent?
pub fn is_rate(key: &str) -> bool {
    let rate_fields = [
        "growth.mean",
        "growth.sd",
        "growth.mean_sd",
        "growth.min",
        "growth.mode",
        "growth.max",
        ".probability",
        "exit.hazard",
    ];
    rate_fields.iter().any(|f| key.ends_with(f))
        || key.contains(".impact.")
        || (key.contains(".growth_by_year.") && !key.ends_with(".df"))
}

/// A parameter's value in its own terms: "4.9%" for a growth mean, "0.6"
/// for a correlation, "700" for a count.
pub fn param_value(key: &str, v: f64) -> String {
    if is_rate(key) {
        percent_value(v)
    } else {
        number(v)
    }
}

/// The widest line a table writes: a terminal of 120 columns shows it whole.
pub const TABLE_WIDTH: usize = 120;

/// Break every line of `text` longer than `width` characters at spaces,
/// continuing under its own indent plus four spaces.
pub fn fit_width(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if body.chars().count() <= width {
            out.push_str(line);
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        let hang = " ".repeat(indent + 4);
        let mut current = String::from(&body[..indent]);
        for word in body.trim_start().split(' ') {
            let fits = current.chars().count() + 1 + word.chars().count() <= width;
            let empty = current.trim().is_empty();
            if !empty && !fits {
                out.push_str(current.trim_end());
                out.push('\n');
                current = hang.clone();
            } else if !empty {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(current.trim_end());
        out.push_str(newline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_under_their_indent() {
        let text = "  aaa bbb ccc ddd\nshort\n";
        assert_eq!(
            fit_width(text, 10),
            "  aaa bbb\n      ccc\n      ddd\nshort\n"
        );
        // A word longer than the width stays whole on its own line.
        assert_eq!(fit_width("x abcdefghijkl", 5), "x\n    abcdefghijkl");
    }

    #[test]
    fn points_are_signed_tenths_and_never_negative_zero() {
        assert_eq!(points(0.197), "+19.7");
        assert_eq!(points(-0.0031), "-0.3");
        assert_eq!(points(-0.0004), "0.0");
        assert_eq!(points(0.0), "0.0");
    }

    #[test]
    fn axis_labels_have_enough_decimals() {
        assert_eq!(axis_number(101.5, 4.0), "101.5");
        assert_eq!(axis_number(6000.0, 1800.0), "6,000");
        assert_eq!(axis_number(0.0125, 0.05), "0.013");
        assert_eq!(axis_number(-2.26, 3.0), "-2.3");
        assert_eq!(axis_number(12345.6, 30.0), "12,346");
    }

    #[test]
    fn rare_events_are_not_shown_as_impossible() {
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(0.0001), "<0.1%");
        assert_eq!(percent(0.9999), ">99.9%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(0.123), "12.3%");
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(number(85000.0), "85,000");
        assert_eq!(number(6123.4), "6,123");
        assert_eq!(number(12.34), "12.3");
        assert_eq!(number(-1234567.0), "-1,234,567");
        assert_eq!(number(0.052), "0.05");
    }

    #[test]
    fn plain_numbers_switch_to_scientific_notation_at_the_extremes() {
        assert_eq!(plain(5.5), "5.5");
        assert_eq!(plain(1e308), "1e308");
        assert_eq!(plain(1e-308), "1e-308");
        assert_eq!(plain(0.0), "0");
    }
}
