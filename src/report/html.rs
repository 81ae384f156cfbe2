//! The report as one self-contained HTML file: charts inline as SVG, no
//! external resources, so it opens anywhere without a network.

use super::content::{Content, Headings, Table};
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
    for row in &t.rows {
        out += "<tr>";
        for cell in row {
            out += &format!("<td>{}</td>", escape(cell));
        }
        out += "</tr>\n";
    }
    out + "</tbody>\n</table>\n"
}

fn figure(chart: &Rendered) -> String {
    // The SVG element itself, without an XML declaration if there is one.
    let svg = match chart.svg.find("<svg") {
        Some(start) => &chart.svg[start..],
        None => &chart.svg,
    };
    format!(
        "<figure id=\"{}\">\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n",
        escape(&chart.name),
        escape(&chart.title)
    )
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1180px;margin:2em auto;padding:0 1em;color:#222}\
h1{font-size:1.7em}h2{margin-top:2em;border-bottom:1px solid #ddd}table{border-collapse:collapse;margin:1em 0;font-size:.92em}\
th,td{border:1px solid #ddd;padding:.35em .6em;text-align:left;vertical-align:top}th{background:#f4f4f4}\
figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}figcaption{color:#666;font-size:.9em}.run{color:#555}pre{background:#f6f6f6;padding:.6em}";

/// Render the report.
pub fn render(content: &Content, headings: &Headings, charts: &[Rendered], lang: &str) -> String {
    let find = |prefix: &'static str| with_prefix(charts, prefix);
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
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
    out += &format!("<h2>{}</h2>\n", escape(headings.scoreboard));
    find("scoreboard").for_each(|c| out += &figure(c));
    out += &format!("<h2>{}</h2>\n", escape(headings.results));
    out += &table(&content.results, headings.none);
    out += &format!("<p><strong>{}</strong></p>\n", escape(&content.joint));
    if let Some(t) = &content.observations {
        out += &format!("<h2>{}</h2>\n", escape(headings.observations));
        out += &table(t, headings.none);
    }
    out += &format!("<h2>{}</h2>\n", escape(headings.met));
    find("targets-met").for_each(|c| out += &figure(c));
    out += &format!("<h2>{}</h2>\n", escape(headings.fans));
    find("fan-").for_each(|c| out += &figure(c));
    out += &format!("<h2>{}</h2>\n", escape(headings.histograms));
    find("histogram-").for_each(|c| out += &figure(c));
    out += &format!(
        "<h2>{}</h2>\n<h3>{}</h3>\n",
        escape(headings.assumptions),
        escape(headings.indicators)
    );
    out += &table(&content.indicators, headings.none);
    out += &format!("<h3>{}</h3>\n", escape(headings.correlations));
    out += &table(&content.correlations, headings.none);
    out += &format!("<h3>{}</h3>\n", escape(headings.shocks));
    out += &table(&content.shocks, headings.none);
    if let Some(t) = &content.firms {
        out += &format!("<h3>{}</h3>\n", escape(headings.firms));
        out += &table(t, headings.none);
    }
    out += &format!(
        "<h2>{}</h2>\n<pre>{}</pre>\n</body>\n</html>\n",
        escape(headings.reproduce),
        escape(&content.reproduce)
    );
    out
}
