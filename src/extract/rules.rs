//! The extraction rules as tables a reader can extend: comparison words,
//! units, multipliers, and the words that are not part of an indicator's
//! name. docs/extract.md explains each choice.

/// Words right before a value that say how it compares: (words, op, a
/// target on a rate of change). Longest first, so that 力争达到 wins over 达到.
pub const BEFORE: &[(&str, &str, bool)] = &[
    ("力争达到", ">=", false),
    ("提高到", ">=", false),
    ("提升到", ">=", false),
    ("增加到", ">=", false),
    ("增长到", ">=", false),
    ("下降到", "<=", false),
    ("降低到", "<=", false),
    ("减少到", "<=", false),
    ("稳定在", ">=", false),
    ("不低于", ">=", false),
    ("不少于", ">=", false),
    ("控制在", "<=", false),
    ("不超过", "<=", false),
    ("不高于", "<=", false),
    ("达到", ">=", false),
    ("突破", ">", false),
    ("超过", ">", false),
    ("高于", ">", false),
    ("低于", "<", false),
    ("形成", ">=", false),
    ("增长", ">=", true),
    ("提高", ">=", true),
    ("提升", ">=", true),
    ("下降", ">=", true),
    ("降低", ">=", true),
    ("减少", ">=", true),
    ("达", ">=", false),
];

/// Words right after a value: (words, op). 以上 is strict unless a word
/// before says "at least" (达到…以上, 稳定在…以上, 不低于…以上).
pub const AFTER: &[(&str, &str)] = &[("以上", ">"), ("以内", "<="), ("以下", "<=")];

/// Words after a value that make it approximate.
pub const APPROXIMATE_AFTER: &[&str] = &["左右", "上下"];
/// Words before a value that make it approximate.
pub const APPROXIMATE_BEFORE: &[&str] = &["大约", "约", "近"];

/// Characters that join the two ends of a range (5%-6%, 3000至3500家).
pub const RANGE: &[char] = &['-', '~', '～', '—', '–', '至', '到'];

/// Multipliers between a value and its unit: (written, factor).
pub const MULTIPLIERS: &[(&str, f64)] = &[
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("十亿", 1e9),
    ("千万", 1e7),
    ("百万", 1e6),
    ("十万", 1e5),
    ("万", 1e4),
    ("亿", 1e8),
];

/// Units: (written, base unit, factor to the base unit). A value in a unit
/// not listed here (800千伏) is not read as a target.
pub const UNITS: &[(&str, &str, f64)] = &[
    ("个百分点", "percentage_point", 1.0),
    ("%", "percent", 1.0),
    ("‰", "per_mille", 1.0),
    ("万亿元", "yuan", 1e12),
    ("亿美元", "usd", 1e8),
    ("美元", "usd", 1.0),
    ("亿元", "yuan", 1e8),
    ("万元", "yuan", 1e4),
    ("元", "yuan", 1.0),
    ("平方公里", "km2", 1.0),
    ("平方米", "m2", 1.0),
    ("公里", "km", 1.0),
    ("千米", "km", 1.0),
    ("标准箱", "teu", 1.0),
    ("千瓦", "kw", 1.0),
    ("兆瓦", "kw", 1e3),
    ("人次", "person_times", 1.0),
    ("万人", "person", 1e4),
    ("人", "person", 1.0),
    ("家", "count", 1.0),
    ("个", "count", 1.0),
    ("项", "count", 1.0),
    ("所", "count", 1.0),
    ("座", "count", 1.0),
    ("套", "count", 1.0),
    ("户", "count", 1.0),
    ("辆", "count", 1.0),
    ("台", "count", 1.0),
    ("名", "count", 1.0),
    ("张", "count", 1.0),
    ("岁", "years_of_age", 1.0),
    ("处", "count", 1.0),
    ("件", "count", 1.0),
    ("亩", "mu", 1.0),
    ("吨", "tonne", 1.0),
];

/// Words that open a clause but name no indicator (stripped from the
/// front of a name, repeatedly).
pub const LEADING: &[&str] = &[
    "力争",
    "争取",
    "确保",
    "努力",
    "预计",
    "计划",
    "全市",
    "全区",
    "全县",
    "全省",
    "实现",
    "使",
    "推动",
    "基本",
    "其中",
    "以及",
    "同时",
    "并",
    "和",
    "要",
    "将",
    "提出",
    "我市",
    "全县域",
];

/// Words that close a clause's name but are not part of it (…将达到).
pub const TRAILING: &[&str] = &["将", "要", "需", "需要", "力争", "预计", "可", "再"];

/// Words after a year that make a plain year a target year (2027年…要达到).
pub const FUTURE: &[&str] = &["要", "将", "力争", "争取", "预计", "确保", "需", "目标"];

/// Words before a value that make it a starting point, not a target
/// (由目前的3.5万元增长到…).
pub const BASELINE: &[&str] = &["由目前的", "从目前的", "由", "从"];

/// Five-year plan periods and their last years (到“十四五”末: 2025).
pub const PLAN_PERIODS: &[(&str, i32)] = &[
    ("十三五", 2020),
    ("十四五", 2025),
    ("十五五", 2030),
    ("十六五", 2035),
];

/// Words that close a list's shared noun but are not part of it
/// (企业矩阵 → 企业).
pub const GENERIC_TAILS: &[&str] = &["矩阵", "方阵", "梯队", "格局", "体系"];

/// Characters that separate members of a list.
pub const LIST: &[char] = &['、', '和', '及', '与'];

/// Characters that end a clause within a sentence.
pub const CLAUSE: &[char] = &['，', ',', '：', ':'];

/// Characters that end a sentence.
pub const SENTENCE: &[char] = &['。', '；', ';', '！', '？', '!', '?'];
