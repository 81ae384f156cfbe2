//! The report as one self-contained HTML file: charts inline as SVG, no
//! external resources, so it opens anywhere without a network.

use super::content::{Content, Headings, Table, caption};
use crate::charts::Lang;
use crate::charts::render::{Rendered, with_prefix};

/// Escape text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn table(t: &Table, none: &str) -> String {
    if t.rows.is_empty() {
        return format!("<p>{}</p>\n", escape(none));
    }
    let mut out = String::from("<table>\n<thead><tr>");
    for h in &t.header {
        out += &format!("<th>{}</th>", escape(h));
    }
    out += "</tr></thead>\n<tbody>\n";
    for (r, row) in t.rows.iter().enumerate() {
        out += "<tr>";
        for (c, cell) in row.iter().enumerate() {
            let tone = t
                .tones
                .as_ref()
                .filter(|(column, _)| *column == c)
                .and_then(|(_, tones)| tones.get(r));
            match tone {
                Some(tone) => out += &format!("<td class=\"p {tone}\">{}</td>", escape(cell)),
                None => out += &format!("<td>{}</td>", escape(cell)),
            }
        }
        out += "</tr>\n";
    }
    out + "</tbody>\n</table>\n"
}

fn figure(chart: &Rendered, lang: Lang) -> String {
    // The SVG element itself, without an XML declaration if there is one.
    let svg = match chart.svg.find("<svg") {
        Some(start) => &chart.svg[start..],
        None => &chart.svg,
    };
    format!(
        "<figure id=\"{}\">\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n",
        escape(&chart.name),
        escape(caption(&chart.name, lang))
    )
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:1180px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.7em}h2{margin-top:2em;border-bottom:1px solid #ddd}table{border-collapse:collapse;margin:1em 0;font-size:.92em}\
th,td{border:1px solid #ddd;padding:.35em .6em;text-align:left;vertical-align:top}th{background:#f4f4f4}\
td.p{font-weight:600;white-space:nowrap}td.red{background:#f7d4d8;color:#8a1c2b}td.amber{background:#fde6c8;color:#7a4a00}td.green{background:#cfeadb;color:#0d5a2e}\
nav ol{columns:2;padding-left:1.2em}.summary li{margin:.3em 0}\
figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}figcaption{color:#555;font-size:.9em}.run{color:#555}pre{background:#f6f6f6;padding:.6em;white-space:pre-wrap}";

/// A section heading with an anchor, and its entry for the contents.
struct Sections {
    entries: Vec<(String, String, u8)>,
}

impl Sections {
    fn heading(&mut self, level: u8, id: &str, text: &str) -> String {
        self.entries.push((id.to_string(), text.to_string(), level));
        format!("<h{level} id=\"{id}\">{}</h{level}>\n", escape(text))
    }

    fn contents(&self, title: &str) -> String {
        let mut out = format!("<nav>\n<h2 id=\"contents\">{}</h2>\n<ol>\n", escape(title));
        for (id, text, level) in &self.entries {
            let indent = if *level > 2 {
                " style=\"margin-left:1.2em\""
            } else {
                ""
            };
            out += &format!("<li{indent}><a href=\"#{id}\">{}</a></li>\n", escape(text));
        }
        out + "</ol>\n</nav>\n"
    }
}

/// Render the report.
pub fn render(content: &Content, headings: &Headings, charts: &[Rendered], lang: Lang) -> String {
    let find = |prefix: &'static str| with_prefix(charts, prefix);
    let mut sections = Sections {
        entries: Vec::new(),
    };
    let mut body = String::new();
    body += &sections.heading(2, "summary", headings.summary);
    body += "<ul class=\"summary\">\n";
    for line in &content.summary {
        body += &format!("<li>{}</li>\n", escape(line));
    }
    body += "</ul>\n";
    body += &sections.heading(2, "scoreboard", headings.scoreboard);
    find("scoreboard").for_each(|c| body += &figure(c, lang));
    body += &sections.heading(2, "results", headings.results);
    body += &table(&content.results, headings.none);
    body += &format!("<p><strong>{}</strong></p>\n", escape(&content.joint));
    if let Some(t) = &content.observations {
        body += &sections.heading(2, "observations", headings.observations);
        body += &table(t, headings.none);
    }
    body += &sections.heading(2, "targets-met", headings.met);
    find("targets-met").for_each(|c| body += &figure(c, lang));
    body += &sections.heading(2, "fans", headings.fans);
    find("fan-").for_each(|c| body += &figure(c, lang));
    body += &sections.heading(2, "histograms", headings.histograms);
    find("histogram-").for_each(|c| body += &figure(c, lang));
    body += &sections.heading(2, "assumptions", headings.assumptions);
    body += &sections.heading(3, "indicators", headings.indicators);
    body += &table(&content.indicators, headings.none);
    body += &sections.heading(3, "correlations", headings.correlations);
    body += &table(&content.correlations, headings.none);
    body += &sections.heading(3, "shocks", headings.shocks);
    body += &table(&content.shocks, headings.none);
    if let Some(t) = &content.firms {
        body += &sections.heading(3, "firms", headings.firms);
        body += &table(t, headings.none);
    }
    body += &sections.heading(2, "reproduce", headings.reproduce);
    body += &format!("<pre>{}</pre>\n", escape(&content.reproduce));

    let code = match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    };
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&content.title),
        escape(&content.title)
    );
    if let Some(d) = &content.description {
        out += &format!("<p>{}</p>\n", escape(d));
    }
    out += "<p class=\"run\">";
    out += &content
        .run
        .iter()
        .map(|l| escape(l))
        .collect::<Vec<_>>()
        .join("<br>\n");
    out += "</p>\n";
    out += &sections.contents(headings.contents);
    out + &body + "</body>\n</html>\n"
}
