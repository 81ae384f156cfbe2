//! The report as Markdown, with the charts as PNG files beside it.

use super::content::{Content, Headings, Table, caption};
use crate::charts::Lang;
use crate::charts::file_stem;
use crate::charts::render::{Rendered, with_prefix};

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn table(t: &Table, none: &str) -> String {
    if t.rows.is_empty() {
        return format!("{none}\n\n");
    }
    let mut out = format!(
        "| {} |\n",
        t.header
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    out += &format!("|{}\n", "---|".repeat(t.header.len()));
    for row in &t.rows {
        out += &format!(
            "| {} |\n",
            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        );
    }
    out + "\n"
}

/// Render the report; chart images are referenced as `{chart_dir}/NAME.png`.
pub fn render(
    content: &Content,
    headings: &Headings,
    charts: &[Rendered],
    chart_dir: &str,
    lang: Lang,
) -> String {
    let image = |c: &Rendered| {
        format!(
            "![{}]({chart_dir}/{}.png)\n\n{}\n\n",
            cell(&c.title),
            file_stem(&c.name),
            caption(&c.name, lang)
        )
    };
    let find = |prefix: &'static str| with_prefix(charts, prefix);
    let mut out = format!("# {}\n\n", content.title);
    if let Some(d) = &content.description {
        out += &format!("{d}\n\n");
    }
    for line in &content.run {
        out += &format!("- {line}\n");
    }
    out += &format!("\n## {}\n\n", headings.summary);
    for line in &content.summary {
        out += &format!("- {line}\n");
    }
    out += &format!("\n## {}\n\n", headings.scoreboard);
    find("scoreboard").for_each(|c| out += &image(c));
    out += &format!("## {}\n\n", headings.results);
    out += &table(&content.results, headings.none);
    out += &format!("**{}**\n\n", content.joint);
    if let Some(t) = &content.observations {
        out += &format!("## {}\n\n", headings.observations);
        out += &table(t, headings.none);
    }
    out += &format!("## {}\n\n", headings.met);
    find("targets-met").for_each(|c| out += &image(c));
    out += &format!("## {}\n\n", headings.fans);
    find("fan-").for_each(|c| out += &image(c));
    out += &format!("## {}\n\n", headings.histograms);
    find("histogram-").for_each(|c| out += &image(c));
    out += &format!(
        "## {}\n\n### {}\n\n",
        headings.assumptions, headings.indicators
    );
    out += &table(&content.indicators, headings.none);
    out += &format!("### {}\n\n", headings.correlations);
    out += &table(&content.correlations, headings.none);
    out += &format!("### {}\n\n", headings.shocks);
    out += &table(&content.shocks, headings.none);
    if let Some(t) = &content.firms {
        out += &format!("### {}\n\n", headings.firms);
        out += &table(t, headings.none);
    }
    out += &format!(
        "## {}\n\n```sh\n{}\n```\n",
        headings.reproduce, content.reproduce
    );
    out
}
