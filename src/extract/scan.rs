//! One sentence at a time: the year it is about, then every value with a
//! unit, how it compares and what it is a value of.

use super::rules::{
    AFTER, APPROXIMATE_AFTER, APPROXIMATE_BEFORE, BASELINE, BEFORE, CLAUSE, FUTURE, GENERIC_TAILS,
    LEADING, LIST, MULTIPLIERS, PLAN_PERIODS, RANGE, SENTENCE, TRAILING, UNITS,
};
use super::{Ambiguous, Found, numerals};
use regex::Regex;
use std::sync::LazyLock;

/// A value with its unit: Arabic with an optional multiplier, or Chinese.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    let units: Vec<String> = UNITS.iter().map(|(u, _, _)| regex::escape(u)).collect();
    let multipliers: Vec<&str> = MULTIPLIERS.iter().map(|(m, _)| *m).collect();
    let units = units.join("|");
    Regex::new(&format!(
        r"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?)(?P<mult>{})?(?P<unit>{units})|(?P<cn>[零〇一二两三四五六七八九十百千万亿]+)(?P<cunit>{units})",
        multipliers.join("|")
    ))
    .expect("a valid pattern")
});

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})年").expect("a valid pattern"));

/// Year phrases and baselines, removed from an indicator's name.
static YEAR_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:力争|争取|预计|计划|确保)?(?:到|至|在)?\d{4}年(?:底|末)?(?:前)?|(?:比|较|同比)\d{4}年",
    )
    .expect("a valid pattern")
});

static PLAIN_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:,\d{3})*(?:\.\d+)?").expect("a valid pattern"));

/// What a year in a sentence is.
#[derive(Debug, PartialEq)]
enum YearRole {
    /// "到2025年": the year a target is for.
    Target(i32),
    /// "比2020年": a baseline.
    Baseline,
    /// "2021-2025年": a period.
    Period,
    /// "2022年实现…": the sentence reports a year (a past achievement).
    Dated,
}

fn year_role(text: &str, m: &regex::Captures) -> YearRole {
    let whole = m.get(0).map_or(0..0, |g| g.range());
    let (before, after) = (&text[..whole.start], &text[whole.end..]);
    let year: i32 = m[1].parse().unwrap_or(0);
    let last = before.chars().next_back();
    let second_last = before.chars().rev().nth(1);
    if last.is_some_and(|c| RANGE.contains(&c))
        && second_last.is_some_and(|c| c.is_ascii_digit() || c == '年')
    {
        return YearRole::Period;
    }
    if after.starts_with(|c| RANGE.contains(&c))
        && after.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
    {
        return YearRole::Period;
    }
    if ["比", "较", "同比", "与"]
        .iter()
        .any(|w| before.ends_with(w))
    {
        return YearRole::Baseline;
    }
    let cue_before = ["到", "至", "在", "力争", "争取", "预计"]
        .iter()
        .any(|w| before.ends_with(w));
    let cue_after = ["前", "底前", "末前", "目标"]
        .iter()
        .any(|w| after.starts_with(w));
    // A plain year with a future word in its clause (2027年…要达到) is a
    // target year too; without one, the sentence reports that year.
    let clause = after.split(|c| CLAUSE.contains(&c)).next().unwrap_or("");
    let future = FUTURE.iter().any(|w| clause.contains(w));
    if cue_before || cue_after || future {
        YearRole::Target(year)
    } else {
        YearRole::Dated
    }
}

/// The year a sentence's targets are for (its own, else the one carried
/// from the sentences before), and the year to carry on.
fn sentence_year(text: &str, carried: Option<i32>) -> (Option<i32>, Option<i32>) {
    let mut roles: Vec<YearRole> = YEAR
        .captures_iter(text)
        .map(|m| year_role(text, &m))
        .collect();
    for (period, last_year) in PLAN_PERIODS {
        for (at, _) in text.match_indices(period) {
            let before = text[..at].trim_end_matches('“');
            let after = text[at + period.len()..].trim_start_matches('”');
            if before.ends_with('到') && (after.starts_with('末') || after.starts_with("期末"))
            {
                roles.push(YearRole::Target(*last_year));
            }
        }
    }
    let target = roles.iter().rev().find_map(|r| match r {
        YearRole::Target(y) => Some(*y),
        _ => None,
    });
    match target {
        Some(y) => (Some(y), Some(y)),
        None if roles.contains(&YearRole::Dated) => (None, None),
        None => (carried, carried),
    }
}

/// Book titles (《…》) name plans, not values: their years and numbers are
/// hidden from the scan.
fn without_titles(sentence: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in sentence.chars() {
        match c {
            '《' => {
                depth += 1;
                out.push(c);
            }
            '》' => {
                depth -= 1_i32.min(depth);
                out.push(c);
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// A value found in the text, with where it sits.
struct Quantity {
    start: usize,
    end: usize,
    value: f64,
    unit: &'static str,
    written: String,
}

fn quantities(text: &str) -> Vec<Quantity> {
    QUANTITY
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let (number, multiplier, unit) = match c.name("num") {
                Some(n) => (
                    n.as_str(),
                    c.name("mult").map(|m| m.as_str()),
                    c.name("unit")?.as_str(),
                ),
                None => (c.name("cn")?.as_str(), None, c.name("cunit")?.as_str()),
            };
            let factor = multiplier
                .and_then(|m| MULTIPLIERS.iter().find(|(w, _)| *w == m))
                .map_or(1.0, |(_, f)| *f);
            let (_, base, unit_factor) = UNITS.iter().find(|(w, _, _)| *w == unit)?;
            Some(Quantity {
                start: whole.start(),
                end: whole.end(),
                value: Some(numerals::parse(number)? * factor * unit_factor)
                    .filter(|v| v.is_finite())?,
                unit: base,
                written: whole.as_str().to_string(),
            })
        })
        .collect()
}

/// An indicator's name: the words with years, baselines, cue words and
/// punctuation taken away.
fn clean(name: &str) -> String {
    let mut name = YEAR_PHRASE.replace_all(name, "").into_owned();
    // "…收入由目前的3.5万元" (增长到…): the starting value is not the name.
    for word in BASELINE {
        let start = name
            .match_indices(word)
            .find(|(at, _)| name[at + word.len()..].starts_with(|c: char| c.is_ascii_digit()))
            .map(|(at, _)| at);
        if let Some(at) = start {
            name.truncate(at);
        }
    }
    name.retain(|c| !"“”\"'（）() 　".contains(c));
    loop {
        let before = name.len();
        for word in LEADING {
            if let Some(rest) = name.strip_prefix(word) {
                name = rest.to_string();
            }
        }
        for word in TRAILING {
            if let Some(rest) = name.strip_suffix(word) {
                name = rest.to_string();
            }
        }
        name = name
            .trim_matches(|c: char| {
                CLAUSE.contains(&c) || SENTENCE.contains(&c) || LIST.contains(&c) || c == '的'
            })
            .to_string();
        if name.len() == before {
            return name;
        }
    }
}

/// Split a name that lists several indicators (A和B各…, A、B分别…); the
/// last one's noun completes the others (国家级、省级孵化器 → 国家级孵化器).
fn split_list(names: &str) -> Vec<String> {
    let names: Vec<String> = names
        .split(|c| LIST.contains(&c))
        .map(clean)
        .filter(|n| !n.is_empty())
        .collect();
    let Some(last) = names.last().cloned() else {
        return names;
    };
    names.into_iter().map(|n| completed(&n, &last)).collect()
}

/// `name` with the noun that follows, in `last`, the character `name` ends
/// with (千亿级 and 十亿级企业 → 千亿级企业).
fn completed(name: &str, last: &str) -> String {
    let Some(marker) = name.chars().next_back() else {
        return name.to_string();
    };
    match last.rfind(marker) {
        Some(at) => {
            let head = &last[at + marker.len_utf8()..];
            if head.is_empty() || name.ends_with(head) {
                name.to_string()
            } else {
                format!("{name}{head}")
            }
        }
        None => name.to_string(),
    }
}

/// Where the clause around `at` starts and ends.
fn clause_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| CLAUSE.contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..]
        .char_indices()
        .find(|(_, c)| CLAUSE.contains(c))
        .map_or(text.len(), |(i, _)| end + i);
    (from, to)
}

/// The sentence being read and where its findings go.
pub struct Reader<'a> {
    /// The sentence as written (quoted with each finding).
    pub quote: &'a str,
    /// Item number or line.
    pub place: &'a str,
    /// The findings so far.
    pub found: &'a mut Vec<Found>,
    /// Values left aside as ambiguous.
    pub ambiguous: &'a mut Vec<Ambiguous>,
}

impl Reader<'_> {
    /// Read the sentence; returns the year to carry into the next one.
    pub fn read(&mut self, carried: Option<i32>) -> Option<i32> {
        let text = without_titles(self.quote);
        let (year, carry) = sentence_year(&text, carried);
        let Some(year) = year else {
            return carry;
        };
        let all = quantities(&text);
        let mut skip_clause_until = 0;
        let mut previous: Option<(usize, usize, &'static str)> = None; // (clause start, end, op)
        let mut list: Vec<usize> = Vec::new(); // indices into found, named by what follows
        for (k, q) in all.iter().enumerate() {
            if q.start < skip_clause_until {
                continue;
            }
            let (clause_start, clause_end) = clause_bounds(&text, q.start, q.end);
            let same_clause = previous.filter(|p| p.0 == clause_start);
            let local_start = same_clause.map_or(clause_start, |p| p.1);
            let before_local = &text[local_start..q.start];
            let before_clause = &text[clause_start..q.start];
            let after = &text[q.end..clause_end];
            if self.aside(&text, q, before_local, after, year) {
                continue;
            }
            if let Some(names) = before_local.trim_end().strip_suffix('各') {
                self.each(q, &split_list(names), year);
                previous = Some((clause_start, q.end, ">="));
                continue;
            }
            if let Some(at) = before_clause.find("分别") {
                let names = split_list(&before_clause[..at]);
                let values = &text[clause_start + at..clause_end];
                self.respectively(q, &names, values, year);
                skip_clause_until = clause_end;
                continue;
            }
            let in_list =
                same_clause.is_some() && before_local.trim_end().ends_with(|c| LIST.contains(&c));
            let (op, name) = match (in_list, same_clause) {
                (true, Some(p)) => (p.2, String::new()),
                _ => comparison(before_local, after),
            };
            let following = name.is_empty();
            let indicator = if following {
                following_name(after)
            } else {
                name.clone()
            };
            if !following {
                list.clear();
            }
            if indicator.is_empty() {
                self.ambiguous.push(Ambiguous::new(
                    self,
                    &q.written,
                    "no indicator named",
                    Some(year),
                ));
                continue;
            }
            let rate = matches!(q.unit, "percent" | "percentage_point" | "per_mille")
                && BEFORE.iter().any(|(w, _, r)| *r && name.ends_with(w));
            self.found.push(Found {
                indicator,
                op: op.to_string(),
                value: q.value,
                unit: q.unit.to_string(),
                written: q.written.clone(),
                year,
                rate,
                quote: self.quote.trim().to_string(),
                place: self.place.to_string(),
            });
            if following {
                list.push(self.found.len() - 1);
                let next_in_list = all.get(k + 1).is_some_and(|n| {
                    n.start < clause_end && text[q.end..n.start].contains(|c| LIST.contains(&c))
                });
                if !next_in_list {
                    share_head(self.found, &list);
                    list.clear();
                }
            }
            previous = Some((clause_start, q.end, op));
        }
        carry
    }

    /// Set aside a value in a range or an approximate one; true when it was.
    fn aside(&mut self, text: &str, q: &Quantity, before: &str, after: &str, year: i32) -> bool {
        if BASELINE.iter().any(|w| before.ends_with(w)) {
            // A starting point ("由目前的3.5万元增长到5.3万元"): not a target.
            return true;
        }
        let range_before = before
            .chars()
            .next_back()
            .is_some_and(|c| RANGE.contains(&c))
            && before.chars().rev().nth(1).is_some_and(|c| {
                c.is_ascii_digit() || c == '%' || "零〇一二两三四五六七八九十百千万亿".contains(c)
            });
        if range_before {
            let from = text[..q.start]
                .char_indices()
                .rev()
                .take_while(|(_, c)| !CLAUSE.contains(c) && !"达到为在".contains(*c))
                .last()
                .map_or(q.start, |(i, _)| i);
            let span = text[from..q.end].to_string();
            self.ambiguous
                .push(Ambiguous::new(self, &span, "a range", Some(year)));
            return true;
        }
        if after.starts_with(|c| RANGE.contains(&c))
            && after.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
        {
            // The range's first end: reported with its second.
            return true;
        }
        if APPROXIMATE_AFTER.iter().any(|w| after.starts_with(w))
            || APPROXIMATE_BEFORE.iter().any(|w| before.ends_with(w))
        {
            let span = format!(
                "{}{}",
                q.written,
                APPROXIMATE_AFTER
                    .iter()
                    .find(|w| after.starts_with(**w))
                    .unwrap_or(&"")
            );
            self.ambiguous.push(Ambiguous::new(
                self,
                &span,
                "approximate (左右, 约)",
                Some(year),
            ));
            return true;
        }
        false
    }

    /// "A和B各3500家": one target per name, each the same value.
    fn each(&mut self, q: &Quantity, names: &[String], year: i32) {
        for name in names {
            self.push(name.clone(), ">=", q.value, q, year);
        }
    }

    /// "A、B分别达到10和20家": the names and values pair up in order, the
    /// unit (and multiplier) written once at the end.
    fn respectively(&mut self, q: &Quantity, names: &[String], text: &str, year: i32) {
        let (op, _) = comparison(text.trim_start_matches("分别"), "");
        let numbers: Vec<f64> = PLAIN_NUMBER
            .find_iter(text)
            .filter_map(|m| numerals::parse(m.as_str()))
            .collect();
        let last = numerals::parse(
            PLAIN_NUMBER
                .find_iter(&q.written)
                .last()
                .map_or("", |m| m.as_str()),
        );
        let scale = last.map_or(1.0, |l| if l != 0.0 { q.value / l } else { 1.0 });
        if names.len() != numbers.len() {
            self.ambiguous.push(Ambiguous::new(
                self,
                text,
                "分别 with as many values as names expected",
                Some(year),
            ));
            return;
        }
        for (name, value) in names.iter().zip(numbers) {
            self.push(name.clone(), op, value * scale, q, year);
        }
    }

    fn push(&mut self, indicator: String, op: &str, value: f64, q: &Quantity, year: i32) {
        self.found.push(Found {
            indicator,
            op: op.to_string(),
            value,
            unit: q.unit.to_string(),
            written: q.written.clone(),
            year,
            rate: false,
            quote: self.quote.trim().to_string(),
            place: self.place.to_string(),
        });
    }
}

/// The comparison the words around a value make, and the indicator's name
/// before it (empty when the name follows the value: 形成3个千亿级…).
fn comparison(before: &str, after: &str) -> (&'static str, String) {
    let before = before.trim_end();
    let word = BEFORE.iter().find(|(w, _, _)| before.ends_with(w));
    let after_word = AFTER
        .iter()
        .find(|(w, _)| after.starts_with(w))
        .map(|(_, op)| *op);
    let op = match (word, after_word) {
        (Some((_, ">=", false)), Some(">")) => ">=",
        (_, Some(a)) => a,
        (Some((_, op, _)), None) => op,
        (None, None) => ">=",
    };
    let name = match word {
        Some(("形成", _, _)) => String::new(),
        Some((w, _, true)) => {
            let stem = clean(&before[..before.len() - w.len()]);
            if stem.is_empty() {
                String::new()
            } else {
                format!("{stem}{w}")
            }
        }
        Some((w, _, false)) => clean(&before[..before.len() - w.len()]),
        None => clean(before),
    };
    (op, name)
}

/// The name after a value ("3个千亿级、…": 千亿级), up to the next list
/// separator or the clause's end, without a closing generic word.
fn following_name(after: &str) -> String {
    let after = AFTER
        .iter()
        .find_map(|(w, _)| after.strip_prefix(w))
        .unwrap_or(after);
    let name = after.split(|c| LIST.contains(&c)).next().unwrap_or("");
    let mut name = clean(name);
    for tail in GENERIC_TAILS {
        if let Some(stem) = name.strip_suffix(tail) {
            name = stem.to_string();
        }
    }
    name
}

/// A list named after its values (3个千亿级、30个百亿级和150个十亿级企业):
/// the last member's noun is every member's (千亿级企业).
fn share_head(found: &mut [Found], list: &[usize]) {
    let Some((&last, earlier)) = list.split_last() else {
        return;
    };
    let last_name = found[last].indicator.clone();
    for &k in earlier {
        found[k].indicator = completed(&found[k].indicator, &last_name);
    }
}
